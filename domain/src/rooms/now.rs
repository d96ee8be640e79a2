//! "A room now" for the front desk: the next free first-consultation room of the entrance zone,
//! reserved at once for a walk-in.
//!
//! The first-consultation rooms are the protected rooms in zones of kind `entrance` of the
//! building. The reservation runs from the current quarter of an hour to the quarter that
//! covers `now + minutes`, is written by the reservation path of [`super`] (its cells, so the
//! database refuses an overlap however requests race, and its audit row without an actor), is
//! the front-desk person's own, and carries no subject, notes or attendees: the citizen is
//! never recorded. A lost race moves on to the next room. The walk-in is counted in
//! `walk_in_hour` (building and UTC hour, a count only) in the same transaction.
//!
//! When every room is taken, the answer is the earliest time one of them is free for the whole
//! length, within the next day.
//!
//! Only people of organisations admitted to the entrance zone ask ([`crate::entrance`]), and
//! only rooms whose longest slot takes the walk-in's minutes are given.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, DurationRound, NaiveDate, TimeZone, Utc};
use entities::enums::{PrivacyClass, ZoneKind};
use entities::room_reservation_quarter::{QUARTER_MINUTES, cells, quarter_of};
use entities::{room, room_reservation_quarter, walk_in_hour};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use wire::model::Refusal;
use wire::model::room_now::{EarliestFree, MAX_MINUTES, MIN_MINUTES, RoomNow, RoomNowRequest};

use super::{Draft, blocked, classify, rules, write};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;
use crate::topology::Topology;

/// How far ahead the earliest free time is looked for, in quarters of an hour (a day).
const HORIZON_QUARTERS: i64 = 96;

/// What the front desk gets.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A room, reserved (its `way` is left to the caller).
    Given(RoomNow),
    /// Every room is taken: the earliest free time, if there is one within a day.
    AllTaken(Option<EarliestFree>),
}

fn instant_of(quarter: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(quarter.saturating_mul(QUARTER_MINUTES * 60_000))
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The quarters `[first, end)` a walk-in of `minutes` from `now` takes.
fn span(now: DateTime<Utc>, minutes: u32) -> (i64, i64) {
    let first = quarter_of(now);
    let end_at = now + Duration::minutes(i64::from(minutes));
    // The quarter covering the end: the end's own if it falls on the grid, else the next.
    let end = cells(end_at, end_at, 0, 0).end;
    (first, end.max(first + 1))
}

/// The first-consultation rooms of `building_id`, by floor and sign.
fn entrance_rooms(topology: &Topology, building_id: i32) -> Vec<(room::Model, i32)> {
    let mut found: Vec<(room::Model, i32)> = topology
        .rooms()
        .filter(|r| r.privacy_class == PrivacyClass::Protected)
        .filter(|r| {
            r.zone_id
                .and_then(|z| topology.zone(z))
                .is_some_and(|z| z.kind == ZoneKind::Entrance)
        })
        .filter_map(|r| {
            let floor = topology.floor(r.floor_id)?;
            (floor.building_id == building_id).then(|| (r.clone(), floor.level))
        })
        .collect();
    found.sort_by(|a, b| (a.1, &a.0.label).cmp(&(b.1, &b.0.label)));
    found
}

/// Claimed cells of the rooms `ids` in `range`.
async fn claimed(
    db: &impl ConnectionTrait,
    ids: &[i32],
    range: std::ops::Range<i64>,
) -> Result<HashSet<(i32, i64)>, DbErr> {
    Ok(room_reservation_quarter::Entity::find()
        .filter(room_reservation_quarter::Column::RoomId.is_in(ids.iter().copied()))
        .filter(room_reservation_quarter::Column::Quarter.gte(range.start))
        .filter(room_reservation_quarter::Column::Quarter.lt(range.end))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.room_id, c.quarter))
        .collect())
}

fn free(taken: &HashSet<(i32, i64)>, r: &room::Model, from: i64, to: i64) -> bool {
    cells(
        instant_of(from),
        instant_of(to),
        r.buffer_before_min,
        r.buffer_after_min,
    )
    .all(|cell| !taken.contains(&(r.id, cell)))
}

/// Counts one walk-in in `building_id`'s hour of `now` (within the caller's transaction).
async fn count_walk_in(
    db: &impl ConnectionTrait,
    building_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::ExprTrait;
    let hour = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
    walk_in_hour::Entity::insert(walk_in_hour::ActiveModel {
        building_id: Set(building_id),
        hour_start: Set(hour),
        count: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            walk_in_hour::Column::BuildingId,
            walk_in_hour::Column::HourStart,
        ])
        .value(
            walk_in_hour::Column::Count,
            Expr::col((walk_in_hour::Entity, walk_in_hour::Column::Count)).add(1),
        )
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Gives `who` (the front desk) the next free first-consultation room of the building
/// `request.building` names (default: the caller's home building) for `request.minutes`.
#[tracing::instrument(skip_all, fields(minutes = request.minutes))]
pub async fn room_now(
    db: &DatabaseConnection,
    topology: &Topology,
    who: &Principal,
    request: &RoomNowRequest,
    now: DateTime<Utc>,
) -> Result<Outcome, Error> {
    who.require(Permission::RoomNow)?;
    if !(MIN_MINUTES..=MAX_MINUTES).contains(&request.minutes) {
        return Err(Error::InvalidInput(format!(
            "minutes: {MIN_MINUTES} to {MAX_MINUTES}"
        )));
    }
    let building = topology
        .named_or_home_building(request.building.as_deref(), who.unit_id)
        .ok_or(Error::NotFound)?;
    let (building_id, building_name, tz) = (building.id, building.name.clone(), building.tz);
    let rooms = entrance_rooms(topology, building_id);
    if rooms.is_empty() {
        return Err(Error::NotFound);
    }
    crate::entrance::require_admitted(db, building_id, who).await?;
    // Only the rooms whose longest slot takes the walk-in; none: too long for all, and the
    // refusal names the longest slot any of them takes.
    let length = Duration::minutes(i64::from(request.minutes));
    let mut longest: Option<i32> = None;
    let rooms: Vec<(room::Model, i32)> = rooms
        .into_iter()
        .filter(
            |(r, _)| match crate::entrance::check_slot(r, true, length) {
                Ok(()) => true,
                Err(Error::Refused(Refusal::SlotLimit { minutes })) => {
                    longest = longest.max(Some(minutes));
                    false
                }
                Err(_) => false,
            },
        )
        .collect();
    if rooms.is_empty() {
        return Err(Error::Refused(
            longest.map_or(Refusal::SlotTooLong, |minutes| Refusal::SlotLimit {
                minutes,
            }),
        ));
    }
    let (first, end) = span(now, request.minutes);
    let (starts, ends) = (instant_of(first), instant_of(end));
    let (day, from) = rules::local(tz, starts);
    let (_, to) = rules::local(tz, ends);

    let mut open: HashMap<(i32, NaiveDate), bool> = HashMap::new();
    for (r, level) in &rooms {
        if blocked(db, r, day).await? {
            open.insert((r.id, day), false);
            continue;
        }
        open.insert((r.id, day), true);
        let txn = begin_write(db).await?;
        let range = cells(starts, ends, r.buffer_before_min, r.buffer_after_min);
        let result: Result<Option<i64>, DbErr> = async {
            if !claimed(&txn, &[r.id], range).await?.is_empty() {
                return Ok(None);
            }
            let draft = Draft {
                r,
                series_id: None,
                starts,
                ends,
                subject: None,
                notes: None,
                attendees: None,
            };
            let id = write(&txn, who, draft, now).await?;
            count_walk_in(&txn, building_id, now).await?;
            Ok(Some(id))
        }
        .await;
        let id = match result {
            Ok(Some(id)) => match txn.commit().await.map_err(classify) {
                Ok(()) => id,
                Err(Error::Refused(Refusal::RoomTaken)) => continue,
                Err(err) => return Err(err),
            },
            Ok(None) => {
                txn.rollback().await?;
                continue;
            }
            Err(err) => {
                txn.rollback().await?;
                match classify(err) {
                    Error::Refused(Refusal::RoomTaken) => continue,
                    other => return Err(other),
                }
            }
        };
        tracing::info!(minutes = request.minutes, "walk-in given a room");
        return Ok(Outcome::Given(RoomNow {
            reservation_id: id,
            room_id: r.id,
            label: r.label.clone(),
            name: r.name.clone(),
            building: building_name,
            level: *level,
            day,
            from,
            to,
            way: None,
        }));
    }

    // All taken: the earliest start (this quarter, or a later one) free for the whole length.
    let length = i64::from(request.minutes.div_ceil(15));
    let ids: Vec<i32> = rooms.iter().map(|(r, _)| r.id).collect();
    let taken = claimed(
        db,
        &ids,
        (first - 8)..(first + HORIZON_QUARTERS + length + 8),
    )
    .await?;
    let mut best: Option<(i64, &room::Model, i32)> = None;
    for (r, level) in &rooms {
        for k in 0..HORIZON_QUARTERS {
            let start = first + k;
            if best.is_some_and(|(b, _, _)| start >= b) {
                break;
            }
            let stop = if k == 0 { end } else { start + length };
            if !free(&taken, r, start, stop) {
                continue;
            }
            let on = rules::local(tz, instant_of(start)).0;
            let is_open = match open.get(&(r.id, on)) {
                Some(known) => *known,
                None => {
                    let known = !blocked(db, r, on).await?;
                    open.insert((r.id, on), known);
                    known
                }
            };
            if is_open {
                best = Some((start, r, *level));
                break;
            }
        }
    }
    Ok(Outcome::AllTaken(best.map(|(start, r, level)| {
        let at = instant_of(start).max(now);
        let (day, from) = rules::local(tz, at);
        EarliestFree {
            room_id: r.id,
            label: r.label.clone(),
            name: r.name.clone(),
            level,
            at,
            day,
            from,
        }
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, hour, minute, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    #[test]
    fn a_walk_in_runs_from_this_quarter_to_the_one_covering_its_end() {
        let (first, end) = span(at(10, 7), 15);
        assert_eq!(instant_of(first), at(10, 0));
        assert_eq!(instant_of(end), at(10, 30));
        let (first, end) = span(at(10, 0), 30);
        assert_eq!(instant_of(first), at(10, 0));
        assert_eq!(instant_of(end), at(10, 30));
        let (first, end) = span(at(10, 14), 30);
        assert_eq!(instant_of(first), at(10, 0));
        assert_eq!(instant_of(end), at(10, 45));
    }
}
