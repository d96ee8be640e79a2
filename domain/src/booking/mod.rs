//! Desk bookings against the database: availability of a floor for a day, booking one or many
//! days, cancelling, and a person's own bookings.
//!
//! # Layout
//! - [`rules`]: the pure rules (time zone, slots, policies, blocks, patterns); no IO.
//! - `facts`: what the rules need ([`Facts`], kept by [`FactsCache`]).
//! - `availability`: a floor's desks on a day ([`availability`]).
//! - `book`: booking ([`book`], [`book_with`]); `cancel`: cancelling, ending, moving;
//!   `mine`: a person's own bookings ([`my_bookings`]).
//! - this module: the errors, the mapping of database refusals ([`classify`]), and the
//!   queries the parts share.
//!
//! The caller has checked the person's permission (`Permission::BookDesk`); these functions
//! act for the [`Principal`] they are given, on that person's own bookings only. `now` is an
//! argument, so the rules can be tested at any instant.
//!
//! Double bookings are refused by the database: a booking writes its `desk_booking` row, one
//! `desk_booking_half` row per half-day, and its `audit_log` row in one transaction, and the
//! unique indexes on the half rows make the second of two overlapping bookings fail. That
//! failure is mapped here, in one place ([`classify`]), to [`Refusal::DeskTaken`] or
//! [`Refusal::PersonHasDesk`] on SQLite and PostgreSQL alike: a lost race is a conflict, never
//! an internal error.

pub mod rules;

mod availability;
mod book;
mod cancel;
mod facts;
mod mine;

pub use availability::availability;
pub(crate) use book::finish;
pub use book::{INSERT_BOOKING_SQL, book, book_with};
pub(crate) use cancel::{Ending, end_booking, move_booking};
pub use cancel::{cancel, cancel_range};
pub use facts::{FACTS_FOR, Facts, FactsCache};
pub use mine::my_bookings;
pub(crate) use mine::views;
// What the parts share among themselves.
use book::insert_booking;
use facts::DeskFacts;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{BookingSource, DeskBookingStatus, Slot as DbSlot};
use entities::{
    audit_log, block, desk, desk_booking, desk_booking_half, floor, home_zone, policy, zone,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, Statement,
};

use crate::auth::Principal;
use crate::error::Error;
use rules::{Attempt, Block, Policy, PolicyTarget, ScopedPolicy};
use wire::model::{
    Availability, BookingDays, BookingRequest, BookingView, DayOutcome, DayResult,
    DeskAvailability, Equipment, FloorAvailability, MyBookings, Refusal, Slot,
};

/// How many past bookings [`my_bookings`] lists.
pub const PAST_BOOKINGS_SHOWN: u64 = 50;

/// What can go wrong with a booking operation.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// A rule or the database refused it.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// The floor, desk or booking does not exist, or is not the person's.
    #[error("not found")]
    NotFound,
    /// The request is malformed.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl From<BookingError> for Error {
    fn from(err: BookingError) -> Self {
        match err {
            BookingError::Refused(refusal) => Error::Refused(refusal),
            BookingError::NotFound => Error::NotFound,
            BookingError::InvalidInput(why) => Error::InvalidInput(why),
            BookingError::Database(err) => Error::from(err),
        }
    }
}

impl From<BookingError> for wire::error::AppError {
    fn from(err: BookingError) -> Self {
        Error::from(err).into()
    }
}

impl From<rules::DaysError> for BookingError {
    fn from(err: rules::DaysError) -> Self {
        BookingError::InvalidInput(err.to_string())
    }
}

/// Counts a booking made or refused (`platzwahl_bookings_total`, by outcome and the refusal's
/// code): no person, desk or day.
pub(crate) fn count_outcome(outcome: Result<(), Refusal>) {
    match outcome {
        Ok(()) => metrics::counter!("platzwahl_bookings_total", "outcome" => "booked").increment(1),
        Err(reason) => {
            let code = serde_json::to_value(reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            metrics::counter!("platzwahl_bookings_total", "outcome" => "refused", "reason" => code)
                .increment(1);
        }
    }
}

/// Whether a failed write lost a race for a half-day: the one place where the unique indexes
/// of `desk_booking_half` become refusals. PostgreSQL names the index
/// (`desk_booking_half_person_id_day_half_key`), SQLite the columns
/// (`desk_booking_half.person_id, …`); both mention `person_id` only for the person's index.
pub fn classify(err: DbErr) -> BookingError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) if message.contains("person_id") => {
            BookingError::Refused(Refusal::PersonHasDesk)
        }
        Some(SqlErr::UniqueConstraintViolation(_)) => BookingError::Refused(Refusal::DeskTaken),
        // The trigger `desk_booking_not_blocked`: a block landed after the rules were checked.
        _ if err.to_string().contains("desk_blocked") => BookingError::Refused(Refusal::Blocked),
        _ => BookingError::Database(err),
    }
}

/// Refuses a day before today: the floor of a past day would be a history of each desk, which
/// only the aggregated reports may give.
pub fn not_past(tz: chrono_tz::Tz, day: NaiveDate, now: DateTime<Utc>) -> Result<(), BookingError> {
    if day < rules::today(tz, now) {
        Err(BookingError::Refused(Refusal::InThePast))
    } else {
        Ok(())
    }
}

/// The home zones of a unit; none without a unit.
async fn home_zones(db: &DatabaseConnection, unit_id: Option<i32>) -> Result<Vec<i32>, DbErr> {
    let Some(unit_id) = unit_id else {
        return Ok(Vec::new());
    };
    Ok(home_zone::Entity::find()
        .filter(home_zone::Column::UnitId.eq(unit_id))
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.zone_id)
        .collect())
}

/// Every stored policy (a short table).
async fn policies(db: &DatabaseConnection) -> Result<Vec<ScopedPolicy>, DbErr> {
    Ok(policy::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| ScopedPolicy {
            scope: p.scope,
            scope_id: p.scope_id,
            policy: Policy {
                max_days_ahead: p.max_days_ahead,
                max_bookings_per_week: p.max_bookings_per_week,
                half_days_allowed: p.half_days_allowed,
                overflow: p.overflow,
                checkin_grace_min: p.checkin_grace_min,
                auto_release: p.auto_release,
                release_without_sensor: p.release_without_sensor,
            },
        })
        .collect())
}

/// Blocks of desks, zones or the whole building overlapping `from..=to`.
async fn blocks_between(
    db: &DatabaseConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Block>, DbErr> {
    Ok(block::Entity::find()
        .filter(block::Column::ToDay.gte(from))
        .filter(block::Column::FromDay.lte(to))
        .filter(
            Condition::any()
                .add(block::Column::DeskId.is_not_null())
                .add(block::Column::ZoneId.is_not_null())
                .add(block::Column::RoomId.is_null()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|b| Block {
            desk_id: b.desk_id,
            zone_id: b.zone_id,
            room_id: b.room_id,
            from_day: b.from_day,
            to_day: b.to_day,
        })
        .collect())
}
