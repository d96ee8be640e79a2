//! Releasing no-shows: a booking of today that is not checked in when its grace period is over
//! (the policy's `checkin_grace_min` after the slot starts, the morning counted from the
//! working day's start) is released if the policy says `auto_release` and the desk's sensor
//! shows the desk empty, or, for a desk without a sensor, if the policy also says
//! `release_without_sensor`. A sensor that shows someone there, or that is offline, keeps the
//! booking. Released bookings free their desk (the half-day rows go), keep their row with the
//! state `released` (the person sees it under "my bookings") and get an audit row.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc};
use entities::enums::{DeskBookingStatus, Presence};
use entities::{desk_booking, person, sensor, sensor_state};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::booking::{Ending, FactsCache, end_booking, finish, rules};
use crate::db::begin_write;
use crate::mail;

/// Why a booking was released.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseReason {
    /// The desk's sensor shows it empty.
    SensorVacant,
    /// No sensor, and the policy releases by time alone.
    NoSensor,
}

impl ReleaseReason {
    fn code(self) -> &'static str {
        match self {
            ReleaseReason::SensorVacant => "sensor_vacant",
            ReleaseReason::NoSensor => "no_sensor",
        }
    }
}

/// Releases today's no-shows at `now`, judged by the policies in `facts`; the released
/// bookings' ids.
#[tracing::instrument(skip(db, facts))]
pub async fn release_no_shows(
    db: &DatabaseConnection,
    facts: &FactsCache,
    workday_starts: NaiveTime,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let candidates = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(rules::today(tz, now)))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::CheckedInAt.is_null())
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let facts = facts.get(db).await?;
    let people: HashMap<i32, (i32, Option<i32>)> = person::Entity::find()
        .filter(person::Column::Id.is_in(candidates.iter().filter_map(|b| b.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.organisation_id, p.unit_id)))
        .collect();
    let sensors: HashMap<i32, i32> = sensor::Entity::find()
        .filter(sensor::Column::DeskId.is_in(candidates.iter().map(|b| b.desk_id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.desk_id?, s.id)))
        .collect();
    let states: HashMap<i32, Presence> = sensor_state::Entity::find()
        .filter(sensor_state::Column::SensorId.is_in(sensors.values().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.sensor_id, s.state))
        .collect();

    let mut released = Vec::new();
    for booking in candidates {
        let Some((organisation_id, unit_id)) =
            booking.person_id.and_then(|id| people.get(&id).copied())
        else {
            continue;
        };
        let Some(policy) = facts.policy_for(booking.desk_id, organisation_id, unit_id) else {
            continue;
        };
        let due = rules::no_show_after(
            tz,
            booking.day,
            booking.slot.into(),
            workday_starts,
            policy.checkin_grace_min,
        );
        if !policy.auto_release || now < due {
            continue;
        }
        let reason = match sensors.get(&booking.desk_id) {
            Some(sensor) => match states.get(sensor) {
                Some(Presence::Vacant) => ReleaseReason::SensorVacant,
                _ => continue,
            },
            None if policy.release_without_sensor => ReleaseReason::NoSensor,
            None => continue,
        };
        if release(db, &booking, organisation_id, reason, now).await? {
            released.push(booking.id);
        }
    }
    if !released.is_empty() {
        tracing::info!(released = released.len(), "no-shows released");
    }
    Ok(released)
}

/// Releases one booking if it is still active and not checked in; whether it was.
async fn release(
    db: &DatabaseConnection,
    booking: &desk_booking::Model,
    organisation_id: i32,
    reason: ReleaseReason,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = begin_write(db).await?;
    let written = async {
        let ended = end_booking(
            &txn,
            booking.id,
            Ending {
                status: DeskBookingStatus::Released,
                only_if_not_checked_in: true,
                actor: None,
                organisation: organisation_id,
                action: "desk_booking.release",
                detail: serde_json::json!({ "reason": reason.code() }),
            },
            now,
        )
        .await?;
        if ended && let Some(person_id) = booking.person_id {
            tell(&txn, person_id, booking, now).await?;
        }
        Ok(ended)
    }
    .await;
    finish(txn, written).await
}

/// Queues the mail that tells the person their booking was released, with the calendar's
/// CANCEL of the booking.
async fn tell(
    txn: &sea_orm::DatabaseTransaction,
    person_id: i32,
    booking: &desk_booking::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let params = mail::desk_params(
        txn,
        person_id,
        booking.desk_id,
        booking.day,
        booking.slot.into(),
        Some(mail::Method::Cancel),
        now,
    )
    .await?;
    mail::enqueue(
        txn,
        mail::Mail {
            person_id,
            kind: mail::MailKind::BookingReleased,
            key: format!("booking_released:{}", booking.id),
            params,
        },
        now,
    )
    .await?;
    Ok(())
}
