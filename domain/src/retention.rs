//! Retention of personal data in past bookings: after `keep_days` days (the `[privacy]
//! anonymise_after_days` setting, default 90) a desk booking, a room reservation and a check-in
//! no longer say who they were; a reservation also loses its subject, notes and number of
//! attendees. Requests for the day allocation and reservation series of days that old are
//! deleted. The rows themselves stay, so the aggregated reports keep their counts. Raw sensor
//! events have their own, shorter retention ([`delete_sensor_events`], run by the sensor
//! pipeline), as have sent and given-up e-mail and push messages
//! ([`delete_finished_notifications`], whether or not mail or push is on).
//!
//! Idempotent: a second run finds nothing more to do.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use entities::mail_outbox::MailState;
use entities::{
    audit_log, check_in, desk_booking, desk_booking_half, desk_request, mail_outbox, push_outbox,
    reservation_series, room_reservation, sensor_event,
};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::booking::rules::{local_instant, today};

/// The default of `keep_days`.
pub const DEFAULT_ANONYMISE_AFTER_DAYS: u32 = 90;

/// What one run anonymised or deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anonymised {
    /// Desk bookings that lost their person.
    pub desk_bookings: u64,
    /// Room reservations that lost their owner and texts.
    pub room_reservations: u64,
    /// Check-ins that lost their person.
    pub check_ins: u64,
    /// Audit entries on bookings, check-ins and sign-ins that lost their actor.
    pub audit_entries: u64,
    /// Requests for the day allocation deleted.
    pub desk_requests: u64,
    /// Reservation series deleted.
    pub series: u64,
}

impl Anonymised {
    /// Whether the run changed anything.
    pub fn is_empty(&self) -> bool {
        *self == Anonymised::default()
    }
}

/// Audit actions (by prefix) that tell when a person was where: they lose their actor with
/// the bookings, as do [`ATTENDANCE_ACTIONS`]. Everything else (failed sign-ins, passkeys,
/// tokens, people, blocks) keeps it.
pub const ATTENDANCE_PREFIXES: &[&str] = &["desk_booking.", "room_reservation.", "check_in."];

/// Audit actions (exactly) that tell when a person was here: sign-ins, passkey confirmations
/// (step-up) and sign-outs.
pub const ATTENDANCE_ACTIONS: &[&str] = &[
    "auth.sign_in",
    "auth.step_up",
    "auth.sign_out",
    "auth.sign_out_everywhere",
];

fn null() -> SimpleExpr {
    Expr::value(sea_orm::Value::Int(None))
}

/// Anonymises what is older than `keep_days` days at `now` (days counted in the building's
/// time zone: everything before the day `keep_days` days ago).
#[tracing::instrument(skip(db))]
pub async fn anonymise_past(
    db: &DatabaseConnection,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<Anonymised, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let cutoff_day = today(tz, now) - Duration::days(i64::from(keep_days));
    let cutoff = local_instant(tz, cutoff_day, NaiveTime::MIN);
    let desk_bookings = desk_booking::Entity::update_many()
        .col_expr(desk_booking::Column::PersonId, null())
        .filter(desk_booking::Column::Day.lt(cutoff_day))
        .filter(desk_booking::Column::PersonId.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    desk_booking_half::Entity::update_many()
        .col_expr(desk_booking_half::Column::PersonId, null())
        .filter(desk_booking_half::Column::Day.lt(cutoff_day))
        .filter(desk_booking_half::Column::PersonId.is_not_null())
        .exec(db)
        .await?;
    let room_reservations = room_reservation::Entity::update_many()
        .col_expr(room_reservation::Column::OwnerId, null())
        .col_expr(
            room_reservation::Column::Subject,
            Expr::value(sea_orm::Value::String(None)),
        )
        .col_expr(
            room_reservation::Column::Notes,
            Expr::value(sea_orm::Value::String(None)),
        )
        .col_expr(room_reservation::Column::Attendees, null())
        .filter(room_reservation::Column::EndsAt.lt(cutoff))
        .filter(
            Condition::any()
                .add(room_reservation::Column::OwnerId.is_not_null())
                .add(room_reservation::Column::Subject.is_not_null())
                .add(room_reservation::Column::Notes.is_not_null())
                .add(room_reservation::Column::Attendees.is_not_null()),
        )
        .exec(db)
        .await?
        .rows_affected;
    let check_ins = check_in::Entity::update_many()
        .col_expr(check_in::Column::PersonId, null())
        .filter(check_in::Column::At.lt(cutoff))
        .filter(check_in::Column::PersonId.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    // The audit log is no attendance register: entries on bookings, check-ins and sign-ins
    // lose who made them together with the bookings; security events keep their actor.
    let mut attendance =
        Condition::any().add(audit_log::Column::Action.is_in(ATTENDANCE_ACTIONS.iter().copied()));
    for prefix in ATTENDANCE_PREFIXES {
        attendance = attendance.add(audit_log::Column::Action.starts_with(*prefix));
    }
    let audit_entries = audit_log::Entity::update_many()
        .col_expr(audit_log::Column::ActorPersonId, null())
        .filter(audit_log::Column::At.lt(cutoff))
        .filter(audit_log::Column::ActorPersonId.is_not_null())
        .filter(attendance)
        .exec(db)
        .await?
        .rows_affected;
    let desk_requests = desk_request::Entity::delete_many()
        .filter(desk_request::Column::Day.lt(cutoff_day))
        .exec(db)
        .await?
        .rows_affected;
    let series = reservation_series::Entity::delete_many()
        .filter(reservation_series::Column::UntilDay.lt(cutoff_day))
        .exec(db)
        .await?
        .rows_affected;
    let done = Anonymised {
        desk_bookings,
        room_reservations,
        check_ins,
        audit_entries,
        desk_requests,
        series,
    };
    if !done.is_empty() {
        tracing::info!(
            desk_bookings,
            room_reservations,
            check_ins,
            audit_entries,
            desk_requests,
            series,
            keep_days,
            "past bookings anonymised"
        );
    }
    Ok(done)
}

/// Deletes raw sensor events received more than `keep` before `now` (the `[sensors]
/// retention_hours` setting, default 24); the sensor pipeline runs it every ten minutes. The
/// events deleted.
pub async fn delete_sensor_events(
    db: &DatabaseConnection,
    keep: Duration,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let Some(cutoff) = now.checked_sub_signed(keep) else {
        return Ok(0);
    };
    let deleted = sensor_event::Entity::delete_many()
        .filter(sensor_event::Column::ReceivedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected;
    if deleted > 0 {
        tracing::info!(deleted, "raw sensor events past the retention deleted");
    }
    Ok(deleted)
}

/// Deletes sent and given-up e-mail and push messages created more than `keep_days` days
/// before `now` (the `[privacy] notification_keep_days` setting, default 7), also while mail
/// or push is off: a row says whom it told what, and when. The reporting task runs it. The
/// messages deleted.
pub async fn delete_finished_notifications(
    db: &DatabaseConnection,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let cutoff = now - Duration::days(i64::from(keep_days));
    let finished = [MailState::Sent, MailState::Failed];
    let mails = mail_outbox::Entity::delete_many()
        .filter(mail_outbox::Column::State.is_in(finished))
        .filter(mail_outbox::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected;
    let pushes = push_outbox::Entity::delete_many()
        .filter(push_outbox::Column::State.is_in(finished))
        .filter(push_outbox::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected;
    let deleted = mails + pushes;
    if deleted > 0 {
        tracing::info!(
            mails,
            pushes,
            keep_days,
            "finished notifications past the retention deleted"
        );
    }
    Ok(deleted)
}
