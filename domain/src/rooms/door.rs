//! At a room's door: a person identified at the room's door display (by badge or passkey)
//! checks in to their reservation, or books the room now for 15 or 30 minutes where the room
//! allows it (`room.book_now`).
//!
//! A check-in stamps the reservation as [`crate::checkin`] does for every room check-in (the
//! person stands at the door: that is the proof of presence). A booking at the door is a
//! reservation like any other: the person must be allowed to reserve the room (a protected
//! consultation room only with [`Permission::ReserveProtectedRoom`]; a first-consultation room
//! of the entrance zone only by an admitted organisation, and no longer than its longest slot,
//! see [`crate::entrance`]), the room must not be closed by a block, and it claims its cells in the transaction that writes it, so the
//! database refuses an overlap however requests race. It runs from the current quarter of an
//! hour to the quarter that covers `now + minutes` (as "a room now" does), carries no subject,
//! notes or attendees, and is checked in at once.
//!
//! Nothing here returns or logs who stood at the door: the display shows times only.

use chrono::{DateTime, TimeZone, Utc};
use entities::enums::CheckInMethod;
use entities::room_reservation_quarter::{QUARTER_MINUTES, cells, quarter_of};
use entities::{audit_log, room};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use wire::model::Refusal;

use super::{Draft, blocked, classify, may_reserve, rules, write};
use crate::auth::{Permission, Principal};
use crate::booking::BookingError;
use crate::checkin::{self, Place};
use crate::db::begin_write;
use crate::error::Error;

/// The lengths a room may be booked for at its door, in minutes.
pub const DOOR_MINUTES: [u32; 2] = [15, 30];

/// What happened at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtTheDoor {
    /// The person's reservation running now (or starting within the check-in window) is
    /// checked in; it ends then.
    CheckedIn {
        /// When the reservation ends.
        until: DateTime<Utc>,
        /// It was checked in before.
        already: bool,
    },
    /// The room is booked now for the person, and checked in; it ends then.
    Booked {
        /// When the reservation ends.
        until: DateTime<Utc>,
    },
    /// Nothing was written; why.
    Refused(DoorRefusal),
}

/// Why nothing happened at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoorRefusal {
    /// The person has no reservation of this room now, and asked for no booking.
    NoReservation,
    /// The room may not be booked at its door.
    NotBookableHere,
    /// The person may not reserve this room (a protected room needs a counsellor).
    NotPermitted,
    /// A first-consultation room of the entrance zone, and the person's organisation is not
    /// admitted to it.
    NotAdmitted,
    /// Longer than the room's longest slot.
    TooLong,
    /// The room (or its buffer) is taken for part of the time.
    Taken,
    /// A block closes the room today.
    Closed,
    /// The time would run past midnight.
    TooLate,
}

fn instant_of(quarter: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(quarter.saturating_mul(QUARTER_MINUTES * 60_000))
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The time a booking of `minutes` at `now` takes: from the current quarter to the quarter
/// covering `now + minutes`.
pub fn door_span(now: DateTime<Utc>, minutes: u32) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = quarter_of(now);
    let end_at = now + chrono::Duration::minutes(i64::from(minutes));
    let end = cells(end_at, end_at, 0, 0).end.max(first + 1);
    (instant_of(first), instant_of(end))
}

/// `who` at the door of `room_id`: checks in their reservation there if they have one now;
/// otherwise, with `minutes` (15 or 30), books the room now for them and checks it in.
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn at_the_door(
    db: &DatabaseConnection,
    who: &Principal,
    room_id: i32,
    minutes: Option<u32>,
    method: CheckInMethod,
    now: DateTime<Utc>,
) -> Result<AtTheDoor, Error> {
    if minutes.is_some_and(|m| !DOOR_MINUTES.contains(&m)) {
        return Err(Error::InvalidInput("minutes: 15 or 30".to_owned()));
    }
    let r = room::Entity::find_by_id(room_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    if who.may(Permission::CheckIn) || may_reserve(who, &r) {
        match checkin::check_in(db, who, Place::Room(r.id), method, false, now).await {
            Ok(done) => {
                let until = reservation_end(db, done.reservation_id).await?;
                return Ok(AtTheDoor::CheckedIn {
                    until,
                    already: done.already,
                });
            }
            Err(BookingError::Refused(Refusal::NoBooking)) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let Some(minutes) = minutes else {
        return Ok(AtTheDoor::Refused(DoorRefusal::NoReservation));
    };
    if !r.book_now {
        return Ok(AtTheDoor::Refused(DoorRefusal::NotBookableHere));
    }
    if !may_reserve(who, &r) {
        return Ok(AtTheDoor::Refused(DoorRefusal::NotPermitted));
    }
    // The entrance zone's rules, as for any reservation: admitted organisations only, and no
    // longer than the room's longest slot.
    let entrance = crate::entrance::entrance_building(db, &r).await?;
    if let Some(building_id) = entrance
        && !crate::entrance::admitted(db, building_id, who.organisation_id).await?
    {
        return Ok(AtTheDoor::Refused(DoorRefusal::NotAdmitted));
    }
    let length = chrono::Duration::minutes(i64::from(minutes));
    if crate::entrance::check_slot(&r, entrance.is_some(), length).is_err() {
        return Ok(AtTheDoor::Refused(DoorRefusal::TooLong));
    }
    let tz = crate::topology::building_tz(db).await?;
    let (starts, ends) = door_span(now, minutes);
    let (day, _) = rules::local(tz, starts);
    if rules::local(tz, ends - chrono::Duration::seconds(1)).0 != day {
        return Ok(AtTheDoor::Refused(DoorRefusal::TooLate));
    }
    if blocked(db, &r, day).await? {
        return Ok(AtTheDoor::Refused(DoorRefusal::Closed));
    }
    let txn = begin_write(db).await?;
    let draft = Draft {
        r: &r,
        series_id: None,
        starts,
        ends,
        subject: None,
        notes: None,
        attendees: None,
    };
    let written: Result<i64, DbErr> = write(&txn, who, draft, now).await;
    let committed = match written {
        Ok(_) => txn.commit().await.map_err(classify),
        Err(err) => {
            txn.rollback().await?;
            Err(classify(err))
        }
    };
    match committed {
        Ok(()) => {}
        Err(Error::Refused(Refusal::RoomTaken)) => {
            return Ok(AtTheDoor::Refused(DoorRefusal::Taken));
        }
        Err(other) => return Err(other),
    }
    tracing::info!(minutes, "room booked at its door");
    // The person stands at the door: the new reservation is checked in at once.
    checkin::check_in(db, who, Place::Room(r.id), method, false, now).await?;
    Ok(AtTheDoor::Booked { until: ends })
}

/// Allows or forbids booking `room_id` at its door (facility management); audited.
#[tracing::instrument(skip(db, who))]
pub async fn set_book_now(
    db: &DatabaseConnection,
    who: &Principal,
    room_id: i32,
    book_now: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    who.require(Permission::ManageDesks)?;
    let r = room::Entity::find_by_id(room_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let txn = begin_write(db).await?;
    let written: Result<(), DbErr> = async {
        room::Entity::update_many()
            .col_expr(room::Column::BookNow, Expr::value(book_now))
            .filter(room::Column::Id.eq(r.id))
            .exec(&txn)
            .await?;
        crate::audit::write(
            &txn,
            audit_log::ActiveModel {
                at: Set(now),
                actor_person_id: Set(Some(who.person_id)),
                organisation_id: Set(Some(who.organisation_id)),
                action: Set("room.book_now".to_owned()),
                entity: Set("room".to_owned()),
                entity_id: Set(Some(r.id.to_string())),
                detail: Set(Some(serde_json::json!({ "book_now": book_now }))),
                ..Default::default()
            },
        )
        .await?;
        Ok(())
    }
    .await;
    match written {
        Ok(()) => Ok(txn.commit().await?),
        Err(err) => {
            txn.rollback().await?;
            Err(err.into())
        }
    }
}

async fn reservation_end(db: &DatabaseConnection, id: Option<i64>) -> Result<DateTime<Utc>, Error> {
    let id = id.ok_or(Error::NotFound)?;
    Ok(entities::room_reservation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?
        .ends_at)
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
    fn a_booking_at_the_door_runs_from_this_quarter_to_the_one_covering_its_end() {
        assert_eq!(door_span(at(10, 7), 15), (at(10, 0), at(10, 30)));
        assert_eq!(door_span(at(10, 0), 15), (at(10, 0), at(10, 15)));
        assert_eq!(door_span(at(10, 14), 30), (at(10, 0), at(10, 45)));
    }
}
