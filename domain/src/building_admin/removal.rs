//! Removing desks, rooms, zones and floors so that nothing points nowhere.
//!
//! A desk or room with bookings from today on is removed only with a [`BookingsChoice`]:
//! - `cancel`: the bookings are cancelled and their people told (a notice on their bookings
//!   page, read from the audit action [`crate::notices::PLACE_REMOVED`]);
//! - `move` (desks): the desk is blocked from today to its last booking, which moves the
//!   bookings in the way by the allocator's repair exactly as a block does
//!   ([`crate::blocks::create`]); those for which no desk is free are cancelled. Everybody is
//!   told.
//! - `move` (rooms): each reservation goes to another free room of the building of the same
//!   privacy class with room enough ([`remove_room`]); those for which none is free are
//!   cancelled. Everybody is told.
//!
//! Everybody is mailed as well ([`crate::mail`], in the removal's transaction): a cancelled
//! desk booking (`booking_cancelled`) or reservation (`reservation_cancelled`) with the
//! calendar's CANCEL of it, a moved reservation (`reservation_moved`) with a REQUEST of the same
//! event in its new room; a booking the repair moved is mailed by the move (`booking_moved`).
//!
//! Then, in one transaction, the place's remaining bookings (its history: ended, cancelled,
//! moved) are deleted with it — the database refuses to delete a desk or room that any booking
//! points to — sensors watching it are detached (they stay registered, unplaced), badge
//! readers at it are removed, and so are its blocks. A zone or a floor is removed only when
//! nothing stands on it. Audit rows carry ids and counts only.

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use entities::enums::{DeskBookingStatus, ReservationStatus};
use entities::{
    audit_log, badge_reader, desk, desk_booking, floor, room, room_reservation,
    room_reservation_quarter, sensor, zone,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, SqlErr,
};
use wire::model::building_admin::{BookingsChoice, Removal};
use wire::model::{NewBlock, Slot};

use super::{BuildingAdminError, audit, building_by_slug, floor_in, zone_in};
use crate::auth::Principal;
use crate::blocks::MAX_BLOCK_DAYS;
use crate::booking::{BookingError, rules};
use crate::db::begin_write;
use crate::notices::PLACE_REMOVED;

/// The reason of the block that moves a removed desk's bookings (shown on the plan while it
/// lasts, which is only until the desk is gone).
const REMOVAL_REASON: &str = "Platz wird entfernt / desk being removed";

fn tz_of(building: &entities::building::Model) -> chrono_tz::Tz {
    building
        .timezone
        .parse()
        .unwrap_or(crate::topology::DEFAULT_TZ)
}

fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where a removed place's booking went, for the notice.
#[derive(Clone, Copy)]
enum Went<'a> {
    /// Cancelled.
    Nowhere,
    /// Moved to the desk with this id.
    Desk(i32),
    /// Moved to the room with this label.
    Room(&'a str),
}

/// Tells `person` that their booking on `day`/`slot` in `place` went where `went` says.
async fn tell(
    db: &impl ConnectionTrait,
    who: &Principal,
    person: i32,
    (day, slot): (NaiveDate, Slot),
    place: &str,
    went: Went<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (to_desk, to_room) = match went {
        Went::Nowhere => (None, None),
        Went::Desk(id) => (Some(id), None),
        Went::Room(label) => (None, Some(label)),
    };
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: sea_orm::Set(now),
            actor_person_id: sea_orm::Set(Some(who.person_id)),
            organisation_id: sea_orm::Set(Some(who.organisation_id)),
            action: sea_orm::Set(PLACE_REMOVED.to_owned()),
            entity: sea_orm::Set("person".to_owned()),
            entity_id: sea_orm::Set(Some(person.to_string())),
            detail: sea_orm::Set(Some(serde_json::json!({
                "day": day,
                "slot": slot,
                "place": place,
                "to_desk": to_desk,
                "to_room": to_room,
            }))),
            ..Default::default()
        },
    )
    .await
}

/// Queues the mail that tells `person` facility management cancelled their reservation, with
/// the calendar's CANCEL of it.
async fn mail_cancelled(
    txn: &impl ConnectionTrait,
    person: i32,
    reservation: &room_reservation::Model,
    r: &room::Model,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let params = crate::mail::room_params(
        r,
        reservation.id,
        (reservation.starts_at, reservation.ends_at),
        tz,
        crate::mail::Method::Cancel,
        crate::mail::room_sequence(reservation.created_at, now),
    );
    crate::mail::enqueue(
        txn,
        crate::mail::Mail {
            person_id: person,
            kind: crate::mail::MailKind::ReservationCancelled,
            key: format!("reservation_cancelled:{}", reservation.id),
            params,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Queues the mail that tells `person` facility management moved their reservation from the
/// removed room `from` to room `to`, with the calendar's REQUEST of the same event (a higher
/// `SEQUENCE`, the new room as its location).
async fn mail_moved(
    txn: &impl ConnectionTrait,
    person: i32,
    reservation: &room_reservation::Model,
    (from, to): (&room::Model, &room::Model),
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let sequence = crate::mail::room_sequence(reservation.created_at, now);
    let mut params = crate::mail::room_params(
        to,
        reservation.id,
        (reservation.starts_at, reservation.ends_at),
        tz,
        crate::mail::Method::Request,
        sequence,
    );
    params.from_room = Some(format!("{} {}", from.label, from.name));
    crate::mail::enqueue(
        txn,
        crate::mail::Mail {
            person_id: person,
            kind: crate::mail::MailKind::ReservationMoved,
            key: format!("reservation_moved:{}:{}:{sequence}", reservation.id, to.id),
            params,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Queues the mail that tells `person` facility management cancelled their booking of the
/// removed desk, with the calendar's CANCEL of it.
async fn mail_booking_cancelled(
    txn: &impl ConnectionTrait,
    person: i32,
    booking: &desk_booking::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let params = crate::mail::desk_params(
        txn,
        person,
        booking.desk_id,
        booking.day,
        booking.slot.into(),
        Some(crate::mail::Method::Cancel),
        now,
    )
    .await?;
    crate::mail::enqueue(
        txn,
        crate::mail::Mail {
            person_id: person,
            kind: crate::mail::MailKind::BookingCancelled,
            key: format!("booking_cancelled:{}", booking.id),
            params,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Detaches the sensors watching a desk or room and removes the badge readers at it; how
/// many of each.
async fn unplace_devices(
    txn: &impl ConnectionTrait,
    desk_id: Option<i32>,
    room_id: Option<i32>,
    zone_id: Option<i32>,
) -> Result<(u32, u32), DbErr> {
    let mut sensors = 0;
    if let Some(id) = desk_id {
        sensors += sensor::Entity::update_many()
            .col_expr(sensor::Column::DeskId, Expr::value(Option::<i32>::None))
            .filter(sensor::Column::DeskId.eq(id))
            .exec(txn)
            .await?
            .rows_affected;
    }
    if let Some(id) = room_id {
        sensors += sensor::Entity::update_many()
            .col_expr(sensor::Column::RoomId, Expr::value(Option::<i32>::None))
            .filter(sensor::Column::RoomId.eq(id))
            .exec(txn)
            .await?
            .rows_affected;
    }
    let readers = badge_reader::Entity::delete_many()
        .filter(match (desk_id, room_id, zone_id) {
            (Some(id), _, _) => badge_reader::Column::DeskId.eq(id),
            (None, Some(id), _) => badge_reader::Column::RoomId.eq(id),
            (None, None, id) => badge_reader::Column::ZoneId.eq(id),
        })
        .exec(txn)
        .await?
        .rows_affected;
    Ok((count(sensors), count(readers)))
}

/// The active bookings of a desk whose slot has not ended.
async fn future_bookings(
    db: &impl ConnectionTrait,
    desk_id: i32,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Vec<desk_booking::Model>, DbErr> {
    Ok(desk_booking::Entity::find()
        .filter(desk_booking::Column::DeskId.eq(desk_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.gte(rules::today(tz, now)))
        .all(db)
        .await?
        .into_iter()
        .filter(|b| !rules::is_past(tz, b.day, b.slot.into(), now))
        .collect())
}

/// Removes desk `id` of the building `slug`. With bookings from today on, `choice` says what
/// becomes of them ([`BuildingAdminError::BookingsNeedChoice`] without one).
#[tracing::instrument(skip(db, who), fields(by = who.person_id))]
pub async fn remove_desk(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: i32,
    choice: Option<BookingsChoice>,
    now: DateTime<Utc>,
) -> Result<Removal, BuildingAdminError> {
    let building = building_by_slug(db, slug).await?;
    let tz = tz_of(&building);
    let d = desk::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(BuildingAdminError::NotFound)?;
    zone_in(db, building.id, d.zone_id).await?;
    let future = future_bookings(db, id, tz, now).await?;
    if !future.is_empty() && choice.is_none() {
        return Err(BuildingAdminError::BookingsNeedChoice(count(
            future.len() as u64
        )));
    }
    let mut moves: Vec<(i32, NaiveDate, Slot, i32)> = Vec::new();
    if choice == Some(BookingsChoice::Move) && !future.is_empty() {
        let today = rules::today(tz, now);
        let last = future.iter().map(|b| b.day).max().unwrap_or(today);
        let to_day = last.min(today + Duration::days(MAX_BLOCK_DAYS - 1));
        let block = NewBlock {
            desk_id: Some(id),
            zone_id: None,
            from_day: today,
            to_day,
            reason: REMOVAL_REASON.to_owned(),
        };
        crate::blocks::create(db, who, &block, now)
            .await
            .map_err(|err| match err {
                BookingError::Database(err) => BuildingAdminError::Database(err),
                BookingError::NotFound => BuildingAdminError::NotFound,
                other => BuildingAdminError::Conflict(other.to_string()),
            })?;
        // The bookings the repair moved: cancelled with an audit row naming the new desk.
        let ids: Vec<String> = future.iter().map(|b| b.id.to_string()).collect();
        let moved_to: std::collections::HashMap<String, i64> = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("desk_booking.moved"))
            .filter(audit_log::Column::Entity.eq("desk_booking"))
            .filter(audit_log::Column::EntityId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|row| {
                let to = row.detail.as_ref()?.get("to_desk")?.as_i64()?;
                Some((row.entity_id?, to))
            })
            .collect();
        for b in &future {
            if let (Some(person), Some(to)) = (b.person_id, moved_to.get(&b.id.to_string()))
                && let Ok(to) = i32::try_from(*to)
            {
                moves.push((person, b.day, b.slot.into(), to));
            }
        }
    }

    let txn = begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        desk::Entity::find_by_id(id)
            .lock_exclusive()
            .one(&txn)
            .await?;
    }
    // Whatever is still active now (not moved, or booked meanwhile) is cancelled.
    let left = future_bookings(&txn, id, tz, now).await?;
    for b in &left {
        if let Some(person) = b.person_id {
            tell(
                &txn,
                who,
                person,
                (b.day, b.slot.into()),
                &d.label,
                Went::Nowhere,
                now,
            )
            .await?;
            mail_booking_cancelled(&txn, person, b, now).await?;
        }
    }
    for (person, day, slot, to) in &moves {
        let went = Went::Desk(*to);
        tell(&txn, who, *person, (*day, *slot), &d.label, went, now).await?;
    }
    let all = desk_booking::Entity::delete_many()
        .filter(desk_booking::Column::DeskId.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    let (sensors, readers) = unplace_devices(&txn, Some(id), None, None).await?;
    desk::Entity::delete_by_id(id).exec(&txn).await?;
    let removal = Removal {
        cancelled: count(left.len() as u64),
        moved: count(moves.len() as u64),
        history_deleted: count(all.saturating_sub(left.len() as u64)),
        sensors_detached: sensors,
        badge_readers_removed: readers,
    };
    audit(
        &txn,
        who,
        "desk.delete",
        "desk",
        id,
        serde_json::to_value(removal).unwrap_or_default(),
        now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        desk = id,
        cancelled = removal.cancelled,
        moved = removal.moved,
        "desk removed"
    );
    Ok(removal)
}

/// The slot a reservation from `start` to `end` (local times) covers.
fn slot_of(start: chrono::NaiveTime, end: chrono::NaiveTime, same_day: bool) -> Slot {
    let by_noon = same_day && end.num_seconds_from_midnight() <= 12 * 3600;
    match (start.hour() < 12, by_noon) {
        (true, true) => Slot::Morning,
        (false, _) => Slot::Afternoon,
        (true, false) => Slot::FullDay,
    }
}

/// Removes room `id` of the building `slug`. With reservations that have not ended, `choice`
/// says what becomes of them: `cancel`, or `move` — each goes to another room of the building
/// with the same privacy class, room enough for it (its attendees, or else the removed room's
/// seats), not blocked on its day and free for its time with the new room's buffers (the
/// nearest such room: the same floor first, then the closest in size); those for which no
/// room is free are cancelled. Everybody is told. A moved reservation keeps its times, texts
/// and owner; it leaves its series (the series was the removed room's).
#[tracing::instrument(skip(db, who), fields(by = who.person_id))]
pub async fn remove_room(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: i32,
    choice: Option<BookingsChoice>,
    now: DateTime<Utc>,
) -> Result<Removal, BuildingAdminError> {
    let building = building_by_slug(db, slug).await?;
    let tz = tz_of(&building);
    let r = room::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(BuildingAdminError::NotFound)?;
    floor_in(db, slug, r.floor_id).await?;
    let txn = begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        room::Entity::find_by_id(id)
            .lock_exclusive()
            .one(&txn)
            .await?;
    }
    let mut future = room_reservation::Entity::find()
        .filter(room_reservation::Column::RoomId.eq(id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .all(&txn)
        .await?;
    future.sort_by_key(|reservation| (reservation.starts_at, reservation.id));
    if !future.is_empty() && choice.is_none() {
        return Err(BuildingAdminError::BookingsNeedChoice(count(
            future.len() as u64
        )));
    }
    let others = if choice == Some(BookingsChoice::Move) {
        other_rooms(&txn, building.id, &r).await?
    } else {
        Vec::new()
    };
    let mut moved = 0;
    for reservation in &future {
        let to = match others.is_empty() {
            true => None,
            false => move_reservation(&txn, &r, &others, reservation, tz).await?,
        };
        if let Some(to) = to {
            moved += 1;
            crate::audit::write(
                &txn,
                audit_log::ActiveModel {
                    at: sea_orm::Set(now),
                    actor_person_id: sea_orm::Set(Some(who.person_id)),
                    organisation_id: sea_orm::Set(Some(who.organisation_id)),
                    action: sea_orm::Set("room_reservation.moved".to_owned()),
                    entity: sea_orm::Set("room_reservation".to_owned()),
                    entity_id: sea_orm::Set(Some(reservation.id.to_string())),
                    detail: sea_orm::Set(Some(serde_json::json!({
                        "from_room": id,
                        "to_room": to.id,
                    }))),
                    ..Default::default()
                },
            )
            .await?;
        }
        if let Some(person) = reservation.owner_id {
            let (day, start) = crate::rooms::rules::local(tz, reservation.starts_at);
            let (end_day, end) = crate::rooms::rules::local(tz, reservation.ends_at);
            let slot = slot_of(start, end, end_day == day);
            let went = to.map_or(Went::Nowhere, |to| Went::Room(&to.label));
            tell(&txn, who, person, (day, slot), &r.label, went, now).await?;
            match to {
                Some(to) => mail_moved(&txn, person, reservation, (&r, to), tz, now).await?,
                None => mail_cancelled(&txn, person, reservation, &r, tz, now).await?,
            }
        }
    }
    let all = room_reservation::Entity::delete_many()
        .filter(room_reservation::Column::RoomId.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    let (sensors, readers) = unplace_devices(&txn, None, Some(id), None).await?;
    room::Entity::delete_by_id(id).exec(&txn).await?;
    let removal = Removal {
        cancelled: count(future.len() as u64 - moved),
        moved: count(moved),
        history_deleted: count(all.saturating_sub(future.len() as u64 - moved)),
        sensors_detached: sensors,
        badge_readers_removed: readers,
    };
    audit(
        &txn,
        who,
        "room.delete",
        "room",
        id,
        serde_json::to_value(removal).unwrap_or_default(),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(removal)
}

/// The building's other rooms of `removed`'s privacy class, in the order a moved reservation
/// tries them: the same floor first, then the closest in seats, then by label.
async fn other_rooms(
    db: &impl ConnectionTrait,
    building_id: i32,
    removed: &room::Model,
) -> Result<Vec<room::Model>, DbErr> {
    let floors: Vec<i32> = floor::Entity::find()
        .filter(floor::Column::BuildingId.eq(building_id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.id)
        .collect();
    let mut rooms = room::Entity::find()
        .filter(room::Column::FloorId.is_in(floors))
        .filter(room::Column::Id.ne(removed.id))
        .filter(room::Column::PrivacyClass.eq(removed.privacy_class))
        .all(db)
        .await?;
    rooms.sort_by_key(|other| {
        (
            other.floor_id != removed.floor_id,
            (other.capacity - removed.capacity).abs(),
            other.label.clone(),
        )
    });
    Ok(rooms)
}

/// Moves `reservation` of `removed` to the first of `others` that takes it (room enough, not
/// blocked, its cells free — claimed in a savepoint, so a taken cell only means the next room);
/// the room it went to, or `None`.
async fn move_reservation<'a>(
    txn: &DatabaseTransaction,
    removed: &room::Model,
    others: &'a [room::Model],
    reservation: &room_reservation::Model,
    tz: chrono_tz::Tz,
) -> Result<Option<&'a room::Model>, DbErr> {
    let seats = reservation.attendees.unwrap_or(removed.capacity);
    let (day, _) = crate::rooms::rules::local(tz, reservation.starts_at);
    // The removed room's cells of this reservation go first: they are the room's, not its.
    room_reservation_quarter::Entity::delete_many()
        .filter(room_reservation_quarter::Column::ReservationId.eq(reservation.id))
        .exec(txn)
        .await?;
    for other in others.iter().filter(|other| other.capacity >= seats) {
        if crate::rooms::blocked(txn, other, day).await? {
            continue;
        }
        // The reservation moves first: its cells name it with its room (the database's key).
        let savepoint = crate::db::savepoint(txn).await?;
        room_reservation::Entity::update_many()
            .col_expr(room_reservation::Column::RoomId, Expr::value(other.id))
            .col_expr(
                room_reservation::Column::SeriesId,
                Expr::value(Option::<i32>::None),
            )
            .filter(room_reservation::Column::Id.eq(reservation.id))
            .exec(&savepoint)
            .await?;
        let claimed = crate::rooms::claim(
            &savepoint,
            other,
            reservation.id,
            reservation.starts_at,
            reservation.ends_at,
        )
        .await;
        match claimed {
            Ok(()) => {
                savepoint.commit().await?;
                return Ok(Some(other));
            }
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                savepoint.rollback().await?;
            }
            Err(err) => return Err(err),
        }
    }
    Ok(None)
}

/// Removes zone `id` of the building `slug`, only when no desk or room is in it. Its home-zone
/// and grant rows, blocks, neighbours and badge readers go with it.
#[tracing::instrument(skip(db, who), fields(by = who.person_id))]
pub async fn remove_zone(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: i32,
    now: DateTime<Utc>,
) -> Result<Removal, BuildingAdminError> {
    let building = building_by_slug(db, slug).await?;
    let txn = begin_write(db).await?;
    zone_in(&txn, building.id, id).await?;
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.eq(id))
        .count(&txn)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::ZoneId.eq(id))
        .count(&txn)
        .await?;
    if desks > 0 || rooms > 0 {
        return Err(BuildingAdminError::Conflict(format!(
            "the zone holds {desks} desk(s) and {rooms} room(s); remove them or put them in \
             another zone first"
        )));
    }
    let (_, readers) = unplace_devices(&txn, None, None, Some(id)).await?;
    zone::Entity::delete_by_id(id).exec(&txn).await?;
    let removal = Removal {
        badge_readers_removed: readers,
        ..Removal::default()
    };
    audit(
        &txn,
        who,
        "zone.delete",
        "zone",
        id,
        serde_json::to_value(removal).unwrap_or_default(),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(removal)
}

/// Removes floor `id` of the building `slug`, only when no zone or room is on it; its plan
/// image goes with it.
#[tracing::instrument(skip(db, who), fields(by = who.person_id))]
pub async fn remove_floor(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: i32,
    now: DateTime<Utc>,
) -> Result<Removal, BuildingAdminError> {
    let txn = begin_write(db).await?;
    floor_in(&txn, slug, id).await?;
    let zones = zone::Entity::find()
        .filter(zone::Column::FloorId.eq(id))
        .count(&txn)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::FloorId.eq(id))
        .count(&txn)
        .await?;
    if zones > 0 || rooms > 0 {
        return Err(BuildingAdminError::Conflict(format!(
            "the floor holds {zones} zone(s) and {rooms} room(s); remove them first"
        )));
    }
    floor::Entity::delete_by_id(id).exec(&txn).await?;
    audit(
        &txn,
        who,
        "floor.delete",
        "floor",
        id,
        serde_json::json!({}),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Removal::default())
}
