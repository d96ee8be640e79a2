//! Hourly occupancy per zone, for the facility-management reports: desks booked, desks
//! occupied according to their sensors, desks occupied without a booking, bookings released as
//! no-shows, and how many distinct people booked. Only counts per zone and hour are kept —
//! never who sat where — and they are computed from the raw sensor events before those are
//! deleted (after 24 hours).
//!
//! For an hour `[h, h+1)` and each zone:
//! - a desk is *booked* if a booking of the desk's day covers the half-day the hour is in and
//!   was not cancelled before the hour began (released no-shows count: they were booked);
//! - a desk with a sensor is *occupied* if its sensor said so at the start of the hour (its
//!   last event before) or at any event within it;
//! - *occupied without booking*: occupied and not booked; "booked but empty" is booked minus
//!   occupied-and-booked, for desks with a sensor;
//! - *no-shows*: bookings released within the hour.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, DurationRound, Utc};
use entities::enums::DeskBookingStatus;
use entities::{desk, desk_booking, occupancy_hourly, sensor, sensor_event};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::booking::rules;
use wire::model::Slot;

/// How far back hours are filled in: raw sensor events are kept no longer.
pub const LOOK_BACK_HOURS: i64 = 24;

/// The counts of one zone in one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZoneHour {
    /// Desks booked.
    pub booked: i32,
    /// Desks occupied according to their sensors.
    pub occupied: i32,
    /// Desks occupied without a booking.
    pub occupied_unbooked: i32,
    /// Bookings released within the hour.
    pub no_shows: i32,
    /// Distinct people with a booked desk.
    pub people: i32,
}

/// The start of the hour holding `at`.
fn hour_of(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(Duration::hours(1)).unwrap_or(at)
}

/// The counts of every zone with desks for the hour starting at `hour`.
pub async fn count_hour(
    db: &DatabaseConnection,
    hour: DateTime<Utc>,
) -> Result<HashMap<i32, ZoneHour>, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let end = hour + Duration::hours(1);
    let desks: HashMap<i32, i32> = desk::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.zone_id))
        .collect();
    let mut counts: HashMap<i32, ZoneHour> = desks
        .values()
        .map(|zone| (*zone, ZoneHour::default()))
        .collect();

    // Booked: the local day and half-day the hour starts in.
    let (day, half) = rules::half_at(tz, hour);
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .all(db)
        .await?;
    let mut booked_desks = HashSet::new();
    let mut people: HashMap<i32, HashSet<i32>> = HashMap::new();
    for b in &bookings {
        let slot: Slot = b.slot.into();
        let covers = slot.overlaps(half);
        let ended_before = matches!(
            b.status,
            DeskBookingStatus::Cancelled | DeskBookingStatus::Released
        ) && b.cancelled_at.is_none_or(|at| at <= hour);
        if covers
            && !ended_before
            && booked_desks.insert(b.desk_id)
            && let (Some(zone), Some(person)) = (desks.get(&b.desk_id), b.person_id)
        {
            people.entry(*zone).or_default().insert(person);
        }
        if b.status == DeskBookingStatus::Released
            && b.cancelled_at.is_some_and(|at| at >= hour && at < end)
            && let Some(c) = desks.get(&b.desk_id).and_then(|zone| counts.get_mut(zone))
        {
            c.no_shows += 1;
        }
    }

    // Occupied: the last event before the hour, and every event within it.
    let sensors: HashMap<i32, i32> = sensor::Entity::find()
        .filter(sensor::Column::DeskId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.id, s.desk_id?)))
        .collect();
    let events = sensor_event::Entity::find()
        .filter(sensor_event::Column::SensorId.is_in(sensors.keys().copied()))
        .filter(sensor_event::Column::ReceivedAt.gte(hour - Duration::hours(LOOK_BACK_HOURS)))
        .filter(sensor_event::Column::ReceivedAt.lt(end))
        .filter(sensor_event::Column::Occupied.is_not_null())
        .order_by_asc(sensor_event::Column::ReceivedAt)
        .order_by_asc(sensor_event::Column::Id)
        .all(db)
        .await?;
    let mut at_start: HashMap<i32, bool> = HashMap::new();
    let mut occupied_desks = HashSet::new();
    for e in &events {
        let (Some(desk), Some(occupied)) = (sensors.get(&e.sensor_id), e.occupied) else {
            continue;
        };
        if e.received_at < hour {
            at_start.insert(*desk, occupied);
        } else if occupied {
            occupied_desks.insert(*desk);
        }
    }
    occupied_desks.extend(at_start.into_iter().filter(|(_, o)| *o).map(|(d, _)| d));

    for (desk, zone) in &desks {
        let Some(c) = counts.get_mut(zone) else {
            continue;
        };
        let booked = booked_desks.contains(desk);
        let occupied = occupied_desks.contains(desk);
        c.booked += i32::from(booked);
        c.occupied += i32::from(occupied);
        c.occupied_unbooked += i32::from(occupied && !booked);
    }
    for (zone, persons) in people {
        if let Some(c) = counts.get_mut(&zone) {
            c.people = i32::try_from(persons.len()).unwrap_or(i32::MAX);
        }
    }
    Ok(counts)
}

/// Counts and stores every complete hour not stored yet, from [`LOOK_BACK_HOURS`] ago up to the
/// hour before `now`; an hour already stored is written again (the same counts). The hours
/// written.
pub async fn record_hours(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u32, DbErr> {
    let current = hour_of(now);
    let latest: Option<DateTime<Utc>> = occupancy_hourly::Entity::find()
        .select_only()
        .column_as(occupancy_hourly::Column::HourStart.max(), "latest")
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten();
    let earliest = current - Duration::hours(LOOK_BACK_HOURS);
    let mut hour = latest.map_or(earliest, |l| (l + Duration::hours(1)).max(earliest));
    let mut written = 0;
    while hour < current {
        record_hour(db, hour).await?;
        written += 1;
        hour += Duration::hours(1);
    }
    Ok(written)
}

/// Counts the hour starting at `hour` and stores it (replacing what was stored for it).
pub async fn record_hour(db: &DatabaseConnection, hour: DateTime<Utc>) -> Result<(), DbErr> {
    let counts = count_hour(db, hour).await?;
    if counts.is_empty() {
        return Ok(());
    }
    let rows = counts
        .into_iter()
        .map(|(zone, c)| occupancy_hourly::ActiveModel {
            zone_id: Set(zone),
            hour_start: Set(hour),
            booked_desk_hours: Set(c.booked),
            occupied_desk_hours: Set(c.occupied),
            occupied_unbooked_desk_hours: Set(c.occupied_unbooked),
            no_shows: Set(c.no_shows),
            distinct_people: Set(c.people),
        });
    occupancy_hourly::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                occupancy_hourly::Column::ZoneId,
                occupancy_hourly::Column::HourStart,
            ])
            .update_columns([
                occupancy_hourly::Column::BookedDeskHours,
                occupancy_hourly::Column::OccupiedDeskHours,
                occupancy_hourly::Column::OccupiedUnbookedDeskHours,
                occupancy_hourly::Column::NoShows,
                occupancy_hourly::Column::DistinctPeople,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
