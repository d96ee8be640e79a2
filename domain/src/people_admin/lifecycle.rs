//! The leaver and the returner.
//!
//! Deactivating a person ends, in one transaction, everything that lets them in or holds a
//! place for them: their browser sessions and API tokens (calendar feeds included) end, their
//! passkeys and badges are removed, unused invitations are void; their desk bookings and room
//! reservations that have not ended are cancelled (a full day whose morning is over keeps the
//! morning; a reservation under way ends at the next quarter hour), and their pending requests
//! for the day allocation are withdrawn. Past bookings stay as they were. The audit entry
//! (`people.deactivated`) counts what ended; it names no booking, desk, room or day.
//!
//! Signing in, sessions, tokens and booking refuse an inactive person in any case
//! ([`crate::auth::load_principal`], [`crate::demo_people::find`], the booking statement).
//!
//! Reactivating lets the person sign in again: with a new invitation (their passkeys are
//! gone), or in the demo with the demo sign-in. Cancelled bookings stay cancelled.

use chrono::{DateTime, Duration, Utc};
use entities::desk_booking_half::AFTERNOON;
use entities::enums::{
    ApiTokenKind, DeskBookingStatus, DeskRequestStatus, ReservationStatus, Slot,
};
use entities::{
    api_token, auth_ceremony, badge, desk_booking, desk_booking_half, desk_request, invitation,
    passkey, person, room, room_reservation, room_reservation_quarter, web_session,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter,
};

use super::{AdminError, PersonView, audit, managed, may_lock_out, views};
use crate::auth::{Permission, Principal};
use crate::booking::rules;
use crate::db::begin_write;
use crate::topology::Topology;

/// What ended when a person was deactivated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ended {
    /// Browser sessions ended.
    pub sessions: u64,
    /// Personal access tokens and calendar feeds revoked.
    pub tokens: u64,
    /// Passkeys removed.
    pub passkeys: u64,
    /// Badges removed.
    pub badges: u64,
    /// Desk bookings cancelled or cut to the half-day that is over.
    pub desk_bookings: u64,
    /// Room reservations cancelled or ended early.
    pub room_reservations: u64,
    /// Requests for the day allocation withdrawn.
    pub desk_requests: u64,
}

/// Deactivates person `person_id` of `actor`'s organisation, a leaver (see the module docs);
/// `now` is the instant that splits past from future. Deactivating an inactive person again
/// ends whatever is left. Not oneself, nor somebody with a building-wide role.
#[tracing::instrument(skip(db, actor, topology), fields(actor = actor.person_id))]
pub async fn deactivate(
    db: &DatabaseConnection,
    topology: &Topology,
    actor: &Principal,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Ended, AdminError> {
    actor.require(Permission::ManagePeople)?;
    let person = managed(db, actor.organisation_id, person_id).await?;
    may_lock_out(db, actor, &person).await?;
    let txn = begin_write(db).await?;
    let written = async {
        // The person's row first: a booking of theirs being written waits for this
        // transaction (it updates the same row), and then sees them inactive.
        person::Entity::update_many()
            .col_expr(person::Column::Active, Expr::value(false))
            .filter(person::Column::Id.eq(person_id))
            .exec(&txn)
            .await?;
        let ended = end_everything(&txn, topology, person_id, now).await?;
        audit(
            &txn,
            actor,
            "people.deactivated",
            person_id,
            Some(serde_json::json!({
                "sessions": ended.sessions,
                "tokens": ended.tokens,
                "passkeys": ended.passkeys,
                "badges": ended.badges,
                "desk_bookings": ended.desk_bookings,
                "room_reservations": ended.room_reservations,
                "desk_requests": ended.desk_requests,
            })),
            now,
        )
        .await?;
        Ok::<_, DbErr>(ended)
    }
    .await;
    match written {
        Ok(ended) => {
            txn.commit().await?;
            tracing::info!(
                sessions = ended.sessions,
                tokens = ended.tokens,
                desk_bookings = ended.desk_bookings,
                room_reservations = ended.room_reservations,
                "person deactivated"
            );
            Ok(ended)
        }
        Err(err) => {
            txn.rollback().await?;
            Err(err.into())
        }
    }
}

/// Lets person `person_id` of `actor`'s organisation sign in and book again; their cancelled
/// bookings stay cancelled, and without a passkey they need a new invitation. Returns the
/// person as they are now.
#[tracing::instrument(skip(db, actor), fields(actor = actor.person_id))]
pub async fn reactivate(
    db: &DatabaseConnection,
    actor: &Principal,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<PersonView, AdminError> {
    actor.require(Permission::ManagePeople)?;
    let person = managed(db, actor.organisation_id, person_id).await?;
    if !person.active {
        let txn = begin_write(db).await?;
        let written = async {
            person::Entity::update_many()
                .col_expr(person::Column::Active, Expr::value(true))
                .filter(person::Column::Id.eq(person_id))
                .filter(person::Column::Anonymised.eq(false))
                .exec(&txn)
                .await?;
            audit(&txn, actor, "people.reactivated", person_id, None, now).await
        }
        .await;
        match written {
            Ok(()) => txn.commit().await?,
            Err(err) => {
                txn.rollback().await?;
                return Err(err.into());
            }
        }
    }
    let after = managed(db, actor.organisation_id, person_id).await?;
    views(db, vec![after])
        .await?
        .pop()
        .ok_or(AdminError::NotFound)
}

/// What deactivating person `person_id` of `actor`'s organisation at `now` would end, counted
/// as [`deactivate`] counts it, without changing anything: for the confirmation an
/// administrator reads first. Sessions count when they are still open.
pub async fn preview(
    db: &DatabaseConnection,
    topology: &Topology,
    actor: &Principal,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Ended, AdminError> {
    actor.require(Permission::ManagePeople)?;
    managed(db, actor.organisation_id, person_id).await?;
    let sessions = web_session::Entity::find()
        .filter(web_session::Column::PersonId.eq(person_id))
        .filter(web_session::Column::RevokedAt.is_null())
        .filter(web_session::Column::ExpiresAt.gt(now))
        .count(db)
        .await?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.ne(ApiTokenKind::Device))
        .filter(api_token::Column::RevokedAt.is_null())
        .count(db)
        .await?;
    let passkeys = passkey::Entity::find()
        .filter(passkey::Column::PersonId.eq(person_id))
        .count(db)
        .await?;
    let badges = badge::Entity::find()
        .filter(badge::Column::PersonId.eq(person_id))
        .count(db)
        .await?;
    let mut desk_bookings = 0;
    for booking in open_desk_bookings(db, person_id, now).await? {
        let tz = topology
            .building_of_desk(booking.desk_id)
            .map_or_else(|| topology.tz(), |building| topology.tz_of(building));
        if desk_ending(tz, booking.day, booking.slot, now) != DeskEnding::Keep {
            desk_bookings += 1;
        }
    }
    let end = next_quarter(now);
    let room_reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::OwnerId.eq(person_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .all(db)
        .await?
        .into_iter()
        .filter(|r| r.starts_at >= now || end < r.ends_at)
        .count();
    let desk_requests = desk_request::Entity::find()
        .filter(desk_request::Column::PersonId.eq(person_id))
        .filter(desk_request::Column::Status.eq(DeskRequestStatus::Pending))
        .count(db)
        .await?;
    Ok(Ended {
        sessions,
        tokens,
        passkeys,
        badges,
        desk_bookings,
        room_reservations: u64::try_from(room_reservations).unwrap_or(u64::MAX),
        desk_requests,
    })
}

/// Ends the sessions, tokens, passkeys, badges, push subscriptions, invitations, bookings,
/// reservations and requests of `person_id` that have not ended at `now`, in the caller's
/// transaction.
pub(crate) async fn end_everything(
    txn: &DatabaseTransaction,
    topology: &Topology,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Ended, DbErr> {
    let sessions = web_session::Entity::update_many()
        .col_expr(web_session::Column::RevokedAt, Expr::value(now))
        .filter(web_session::Column::PersonId.eq(person_id))
        .filter(web_session::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    let tokens = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now))
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.ne(ApiTokenKind::Device))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    let passkeys = passkey::Entity::delete_many()
        .filter(passkey::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?
        .rows_affected;
    let badges = badge::Entity::delete_many()
        .filter(badge::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?
        .rows_affected;
    crate::push::forget(txn, person_id).await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::PersonId.eq(person_id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    auth_ceremony::Entity::delete_many()
        .filter(auth_ceremony::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    let desk_bookings = end_desk_bookings(txn, topology, person_id, now).await?;
    let room_reservations = end_room_reservations(txn, person_id, now).await?;
    let desk_requests = desk_request::Entity::update_many()
        .col_expr(
            desk_request::Column::Status,
            Expr::value(DeskRequestStatus::Withdrawn.to_value()),
        )
        .col_expr(desk_request::Column::DecidedAt, Expr::value(now))
        .filter(desk_request::Column::PersonId.eq(person_id))
        .filter(desk_request::Column::Status.eq(DeskRequestStatus::Pending))
        .exec(txn)
        .await?
        .rows_affected;
    Ok(Ended {
        sessions,
        tokens,
        passkeys,
        badges,
        desk_bookings,
        room_reservations,
        desk_requests,
    })
}

/// What becomes of an active desk booking when its person leaves at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeskEnding {
    /// Over already: it stays.
    Keep,
    /// A full day whose morning is over: it keeps the morning, the afternoon is freed.
    KeepMorning,
    /// Not begun or under way: cancelled, the desk is free.
    Cancel,
}

/// What becomes of a booking of `slot` on `day` (local to `tz`) when its person leaves at
/// `now`.
fn desk_ending(
    tz: chrono_tz::Tz,
    day: chrono::NaiveDate,
    slot: Slot,
    now: DateTime<Utc>,
) -> DeskEnding {
    let wire_slot = slot.into();
    if rules::is_past(tz, day, wire_slot, now) {
        DeskEnding::Keep
    } else if slot == Slot::FullDay && rules::is_past(tz, day, wire::model::Slot::Morning, now) {
        DeskEnding::KeepMorning
    } else {
        DeskEnding::Cancel
    }
}

/// The person's active desk bookings from the day before `now` on: every building's "today" is
/// within a day of UTC's, so those that have not ended are among them.
async fn open_desk_bookings(
    db: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<desk_booking::Model>, DbErr> {
    desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.gte(now.date_naive() - Duration::days(1)))
        .all(db)
        .await
}

/// Cancels the person's active desk bookings that have not ended; how many changed.
async fn end_desk_bookings(
    txn: &DatabaseTransaction,
    topology: &Topology,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut changed = 0;
    for booking in open_desk_bookings(txn, person_id, now).await? {
        let tz = topology
            .building_of_desk(booking.desk_id)
            .map_or_else(|| topology.tz(), |building| topology.tz_of(building));
        match desk_ending(tz, booking.day, booking.slot, now) {
            DeskEnding::Keep => {}
            DeskEnding::KeepMorning => {
                desk_booking::Entity::update_many()
                    .col_expr(
                        desk_booking::Column::Slot,
                        Expr::value(Slot::Morning.to_value()),
                    )
                    .filter(desk_booking::Column::Id.eq(booking.id))
                    .exec(txn)
                    .await?;
                desk_booking_half::Entity::delete_many()
                    .filter(desk_booking_half::Column::BookingId.eq(booking.id))
                    .filter(desk_booking_half::Column::Half.eq(AFTERNOON))
                    .exec(txn)
                    .await?;
                changed += 1;
            }
            DeskEnding::Cancel => {
                desk_booking::Entity::update_many()
                    .col_expr(
                        desk_booking::Column::Status,
                        Expr::value(DeskBookingStatus::Cancelled.to_value()),
                    )
                    .col_expr(desk_booking::Column::CancelledAt, Expr::value(now))
                    .filter(desk_booking::Column::Id.eq(booking.id))
                    .exec(txn)
                    .await?;
                desk_booking_half::Entity::delete_many()
                    .filter(desk_booking_half::Column::BookingId.eq(booking.id))
                    .exec(txn)
                    .await?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

/// The first quarter-hour boundary at or after `at`.
fn next_quarter(at: DateTime<Utc>) -> DateTime<Utc> {
    let quarter = entities::room_reservation_quarter::QUARTER_MINUTES * 60 * 1000;
    let millis = at.timestamp_millis();
    let rounded = millis.div_euclid(quarter) * quarter
        + if millis.rem_euclid(quarter) == 0 {
            0
        } else {
            quarter
        };
    DateTime::from_timestamp_millis(rounded).unwrap_or(at)
}

/// Cancels the person's active room reservations that have not begun and ends those under way
/// at the next quarter hour (their later cells are freed); how many changed.
async fn end_room_reservations(
    txn: &impl ConnectionTrait,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::OwnerId.eq(person_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .all(txn)
        .await?;
    let mut changed = 0;
    for reservation in reservations {
        let end = next_quarter(now);
        if reservation.starts_at < now && end < reservation.ends_at {
            let Some(r) = room::Entity::find_by_id(reservation.room_id)
                .one(txn)
                .await?
            else {
                continue;
            };
            let kept = entities::room_reservation_quarter::cells(
                reservation.starts_at,
                end,
                r.buffer_before_min,
                r.buffer_after_min,
            );
            room_reservation::Entity::update_many()
                .col_expr(room_reservation::Column::EndsAt, Expr::value(end))
                .filter(room_reservation::Column::Id.eq(reservation.id))
                .exec(txn)
                .await?;
            room_reservation_quarter::Entity::delete_many()
                .filter(room_reservation_quarter::Column::ReservationId.eq(reservation.id))
                .filter(room_reservation_quarter::Column::Quarter.gte(kept.end))
                .exec(txn)
                .await?;
        } else if reservation.starts_at >= now {
            room_reservation::Entity::update_many()
                .col_expr(
                    room_reservation::Column::Status,
                    Expr::value(ReservationStatus::Cancelled.to_value()),
                )
                .filter(room_reservation::Column::Id.eq(reservation.id))
                .exec(txn)
                .await?;
            room_reservation_quarter::Entity::delete_many()
                .filter(room_reservation_quarter::Column::ReservationId.eq(reservation.id))
                .exec(txn)
                .await?;
        } else {
            // Under way and ending within this quarter hour: it stays.
            continue;
        }
        changed += 1;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const BERLIN: chrono_tz::Tz = chrono_tz::Europe::Berlin;

    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        BERLIN
            .with_ymd_and_hms(2026, 12, day, hour, minute, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn day(day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap_or_default()
    }

    #[test]
    fn a_leaver_keeps_what_is_over_and_loses_what_is_not() {
        let now = at(8, 14, 0);
        assert_eq!(
            desk_ending(BERLIN, day(7), Slot::FullDay, now),
            DeskEnding::Keep
        );
        assert_eq!(
            desk_ending(BERLIN, day(8), Slot::Morning, now),
            DeskEnding::Keep
        );
        assert_eq!(
            desk_ending(BERLIN, day(8), Slot::FullDay, now),
            DeskEnding::KeepMorning
        );
        assert_eq!(
            desk_ending(BERLIN, day(8), Slot::Afternoon, now),
            DeskEnding::Cancel
        );
        assert_eq!(
            desk_ending(BERLIN, day(9), Slot::FullDay, now),
            DeskEnding::Cancel
        );
        let morning = at(8, 9, 0);
        assert_eq!(
            desk_ending(BERLIN, day(8), Slot::FullDay, morning),
            DeskEnding::Cancel
        );
    }

    #[test]
    fn a_reservation_under_way_ends_at_the_next_quarter_hour() {
        assert_eq!(next_quarter(at(8, 10, 1)), at(8, 10, 15));
        assert_eq!(next_quarter(at(8, 10, 15)), at(8, 10, 15));
        assert_eq!(next_quarter(at(8, 10, 59)), at(8, 11, 0));
    }
}
