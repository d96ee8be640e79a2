//! Room reservations against the database: finding a free room, reserving one date or a
//! series, changing and cancelling, one's own reservations, the timeline, buffers, and
//! releasing no-shows.
//!
//! # Layout
//! - [`rules`]: the pure rules (grid, wall-clock times, series, buffers); no IO.
//! - [`now`]: "a room now" for the front desk (the entrance zone's walk-ins).
//! - [`door`]: at a room's door display: check in, or book the room now.
//! - this module: reads rooms and reservations, writes reservations and their cells.
//!
//! # Overlaps
//! A reservation claims one `room_reservation_quarter` row per 15-minute cell its time touches,
//! widened by the room's buffers, in the transaction that writes it; the unique index on
//! `(room_id, quarter)` refuses a second claim, so two reservations of one room never overlap,
//! buffers included, on SQLite and PostgreSQL, however they race. The refusal becomes
//! [`Refusal::RoomTaken`] here ([`classify`]). Changing the times replaces the cells in one
//! transaction; cancelling and releasing delete them. A buffer changed later applies to
//! reservations made from then on.
//!
//! # Mails
//! Each reservation a person makes ([`reserve`], one mail per date of a series: at most
//! [`rules::MAX_SERIES_DATES`]) or changes ([`change`]) is mailed to them as a calendar entry
//! (`reservation_booked`, an iTIP REQUEST); cancelling it ([`cancel`], [`cancel_series`]) mails
//! its cancellation (`reservation_withdrawn`), and so does a release ([`release_no_shows`]:
//! `reservation_released`), each in the transaction that does it ([`crate::mail`]). A room at
//! the door or for a walk-in ([`door`], [`now`]) is reserved for now and mailed to nobody.
//!
//! # Privacy
//! Reservations of protected rooms are opaque to everybody but their owner and the owner's
//! deputies: the timeline gives others the time only (no id, name, subject, notes or
//! attendees); a deputy sees that a reservation is their counsellor's, but its subject and
//! notes are the owner's alone; nothing here logs a name, subject or note; the audit log records that a
//! protected reservation changed, never by whom. Meeting rooms show who reserved them; their
//! subject and notes are the owner's only as well.

pub mod door;
pub mod now;
pub mod rules;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use entities::enums::{Presence, PrivacyClass, ReservationStatus, ZoneKind};
use entities::room_reservation_quarter::cells;
use entities::{
    audit_log, block, building, deputy, floor, person, reservation_series, room, room_reservation,
    room_reservation_quarter, sensor, sensor_state, zone,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

use crate::auth::{Permission, Principal};
use crate::booking::rules::{local_instant, today};
use crate::db::begin_write;
use crate::mail::Method;
use rules::TimeError;

use crate::error::Error;
use crate::topology::Topology;
use wire::model::Refusal;
use wire::model::rooms::{
    RoomBuffers, RoomDateOutcome, RoomDateResult, RoomFound, RoomInfo, RoomPrivacy, RoomQuery,
    RoomReservationChange, RoomReservationRequest, RoomReservationResult, RoomReservationState,
    RoomReservationView, RoomTimeline, TimelineEntry, TimelineRoom,
};

/// How many days back [`mine`] lists past reservations.
pub const PAST_DAYS_SHOWN: i64 = 14;
/// The longest timeline, in days.
pub const MAX_TIMELINE_DAYS: u32 = 7;

impl From<TimeError> for Error {
    fn from(err: TimeError) -> Self {
        Error::InvalidInput(err.to_string())
    }
}

impl From<TimeError> for wire::error::AppError {
    fn from(err: TimeError) -> Self {
        Error::from(err).into()
    }
}

/// The one place where a lost claim on a cell becomes a refusal.
pub fn classify(err: DbErr) -> Error {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => Error::Refused(Refusal::RoomTaken),
        _ => Error::from(err),
    }
}

fn privacy(class: PrivacyClass) -> RoomPrivacy {
    match class {
        PrivacyClass::Standard => RoomPrivacy::Standard,
        PrivacyClass::Protected => RoomPrivacy::Protected,
    }
}

fn state(status: ReservationStatus) -> RoomReservationState {
    match status {
        ReservationStatus::Active => RoomReservationState::Active,
        ReservationStatus::Cancelled => RoomReservationState::Cancelled,
        ReservationStatus::Released => RoomReservationState::Released,
    }
}

/// Whether `who` may reserve `room`: protected rooms need
/// [`Permission::ReserveProtectedRoom`], meeting rooms [`Permission::ReserveRoom`].
pub fn may_reserve(who: &Principal, room: &room::Model) -> bool {
    match room.privacy_class {
        PrivacyClass::Protected => who.may(Permission::ReserveProtectedRoom),
        PrivacyClass::Standard => who.may(Permission::ReserveRoom),
    }
}

/// Every room with its floor and zone, by floor and sign, from the kept topology.
fn rooms(topology: &Topology, level: Option<i32>) -> Vec<(room::Model, RoomInfo)> {
    let mut all: Vec<(room::Model, RoomInfo)> = topology
        .rooms()
        .filter_map(|r| {
            let floor = topology.floor(r.floor_id)?;
            if level.is_some_and(|wanted| wanted != floor.level) {
                return None;
            }
            let building = topology.building(floor.building_id)?.name.clone();
            let zone = r.zone_id.and_then(|z| topology.zone(z));
            let entrance = zone.is_some_and(|z| z.kind == ZoneKind::Entrance);
            let zone = zone.map(|z| z.name.clone());
            Some((r.clone(), info(r, building, floor.level, zone, entrance)))
        })
        .collect();
    all.sort_by(|a, b| (a.1.level, &a.1.label).cmp(&(b.1.level, &b.1.label)));
    all
}

fn info(
    r: &room::Model,
    building: String,
    level: i32,
    zone: Option<String>,
    entrance: bool,
) -> RoomInfo {
    RoomInfo {
        id: r.id,
        label: r.label.clone(),
        name: r.name.clone(),
        building,
        level,
        zone,
        capacity: r.capacity,
        privacy: privacy(r.privacy_class),
        step_free: r.step_free,
        hearing_loop: r.hearing_loop,
        equipment: r
            .equipment
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect(),
        buffer_before_min: r.buffer_before_min,
        buffer_after_min: r.buffer_after_min,
        max_slot_minutes: crate::entrance::longest_slot(r, entrance),
    }
}

async fn one_room(
    db: &impl ConnectionTrait,
    room_id: i32,
) -> Result<(room::Model, RoomInfo), Error> {
    let r = room::Entity::find_by_id(room_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let (floor, building) = floor::Entity::find_by_id(r.floor_id)
        .find_also_related(building::Entity)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let zone = match r.zone_id {
        Some(id) => zone::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let entrance = zone.as_ref().is_some_and(|z| z.kind == ZoneKind::Entrance);
    let info = info(
        &r,
        building.map(|b| b.name).unwrap_or_default(),
        floor.level,
        zone.map(|z| z.name),
        entrance,
    );
    Ok((r, info))
}

/// Whether a block closes `room` on `day` (the room itself, its zone, or the building).
pub(crate) async fn blocked(
    db: &impl ConnectionTrait,
    r: &room::Model,
    day: NaiveDate,
) -> Result<bool, DbErr> {
    let mut whom = Condition::any().add(block::Column::RoomId.eq(r.id)).add(
        Condition::all()
            .add(block::Column::RoomId.is_null())
            .add(block::Column::DeskId.is_null())
            .add(block::Column::ZoneId.is_null()),
    );
    if let Some(zone_id) = r.zone_id {
        whom = whom.add(block::Column::ZoneId.eq(zone_id));
    }
    Ok(block::Entity::find()
        .filter(block::Column::FromDay.lte(day))
        .filter(block::Column::ToDay.gte(day))
        .filter(whom)
        .one(db)
        .await?
        .is_some())
}

/// The rooms of `ids` with a claimed cell in `range`.
async fn rooms_with_claims(
    db: &impl ConnectionTrait,
    ids: &[i32],
    range: std::ops::Range<i64>,
    except: Option<i64>,
) -> Result<HashSet<i32>, DbErr> {
    let mut query = room_reservation_quarter::Entity::find()
        .filter(room_reservation_quarter::Column::RoomId.is_in(ids.iter().copied()))
        .filter(room_reservation_quarter::Column::Quarter.gte(range.start))
        .filter(room_reservation_quarter::Column::Quarter.lt(range.end));
    if let Some(id) = except {
        query = query.filter(room_reservation_quarter::Column::ReservationId.ne(id));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.room_id)
        .collect())
}

/// Rooms matching `query`; with a time, whether each is free for all of it (its buffers
/// included) and not blocked.
#[tracing::instrument(skip_all)]
pub async fn search(
    db: &DatabaseConnection,
    topology: &Topology,
    who: &Principal,
    query: &RoomQuery,
) -> Result<Vec<RoomFound>, Error> {
    let tz = topology.tz();
    if query.capacity.is_some_and(|c| c < 1) {
        return Err(Error::InvalidInput("`capacity` is 1 or more".into()));
    }
    let wanted = query
        .equipment
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_lowercase);
    let matching: Vec<(room::Model, RoomInfo)> = rooms(topology, query.level)
        .into_iter()
        .filter(|(_, i)| query.capacity.is_none_or(|c| i.capacity >= c))
        .filter(|(_, i)| !query.step_free || i.step_free)
        .filter(|(_, i)| !query.hearing_loop || i.hearing_loop)
        .filter(|(_, i)| query.privacy.is_none_or(|p| i.privacy == p))
        .filter(|(_, i)| {
            wanted
                .as_ref()
                .is_none_or(|w| i.equipment.iter().any(|e| e.to_lowercase() == *w))
        })
        .collect();
    let span = match (query.day, query.from, query.to) {
        (Some(day), Some(from), Some(to)) => Some((day, rules::span(tz, day, from, to)?)),
        (None, None, None) => None,
        _ => {
            return Err(Error::InvalidInput(
                "day, from, to: all three or none".into(),
            ));
        }
    };
    let mut found = Vec::with_capacity(matching.len());
    for (r, room_info) in matching {
        let free = match span {
            None => true,
            Some((day, (starts, ends))) => {
                let range = cells(starts, ends, r.buffer_before_min, r.buffer_after_min);
                rooms_with_claims(db, &[r.id], range, None)
                    .await?
                    .is_empty()
                    && !blocked(db, &r, day).await?
            }
        };
        found.push(RoomFound {
            may_reserve: may_reserve(who, &r),
            room: room_info,
            free,
        });
    }
    Ok(found)
}

/// Checks a subject, notes and attendees against the room.
fn texts(
    subject: Option<&str>,
    notes: Option<&str>,
    attendees: Option<i32>,
    r: &room::Model,
) -> Result<(Option<String>, Option<String>), Error> {
    let subject = subject.map(str::trim).filter(|s| !s.is_empty());
    if subject.is_some_and(|s| s.chars().count() > rules::MAX_SUBJECT_CHARS) {
        return Err(Error::InvalidInput(format!(
            "subject: at most {} characters",
            rules::MAX_SUBJECT_CHARS
        )));
    }
    // Control characters are no text a person writes (PostgreSQL refuses NUL outright):
    // refused here, before the database sees them; notes keep their line breaks and tabs.
    if subject.is_some_and(|s| s.chars().any(char::is_control)) {
        return Err(Error::InvalidInput(
            "subject: no control characters".to_string(),
        ));
    }
    let notes = notes.map(str::trim).filter(|s| !s.is_empty());
    if notes.is_some_and(|s| {
        s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    }) {
        return Err(Error::InvalidInput(
            "notes: no control characters but line breaks and tabs".to_string(),
        ));
    }
    if notes.is_some_and(|s| s.chars().count() > rules::MAX_NOTES_CHARS) {
        return Err(Error::InvalidInput(format!(
            "notes: at most {} characters",
            rules::MAX_NOTES_CHARS
        )));
    }
    if let Some(n) = attendees
        && (n < 1 || n > r.capacity)
    {
        return Err(Error::InvalidInput(format!(
            "attendees: 1 to the room's capacity ({})",
            r.capacity
        )));
    }
    Ok((subject.map(str::to_owned), notes.map(str::to_owned)))
}

/// The audit row of a change to a reservation: by whom only for meeting rooms.
fn audit(
    who: &Principal,
    r: &room::Model,
    action: &str,
    reservation_id: i64,
    now: DateTime<Utc>,
) -> audit_log::ActiveModel {
    let protected = r.privacy_class == PrivacyClass::Protected;
    audit_log::ActiveModel {
        at: Set(now),
        actor_person_id: Set((!protected).then_some(who.person_id)),
        organisation_id: Set(Some(who.organisation_id)),
        action: Set(action.to_owned()),
        entity: Set("room_reservation".to_owned()),
        entity_id: Set(Some(reservation_id.to_string())),
        detail: Set((!protected).then(|| serde_json::json!({ "room_id": r.id }))),
        ..Default::default()
    }
}

/// Claims the cells of one reservation.
pub(crate) async fn claim(
    db: &impl ConnectionTrait,
    r: &room::Model,
    reservation_id: i64,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> Result<(), DbErr> {
    let rows = cells(starts, ends, r.buffer_before_min, r.buffer_after_min).map(|quarter| {
        room_reservation_quarter::ActiveModel {
            reservation_id: Set(reservation_id),
            room_id: Set(r.id),
            quarter: Set(quarter),
        }
    });
    room_reservation_quarter::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Why one date cannot be reserved, before trying: in the past, blocked, taken.
async fn date_refusal(
    db: &impl ConnectionTrait,
    r: &room::Model,
    day: NaiveDate,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<Refusal>, DbErr> {
    if starts <= now {
        return Ok(Some(Refusal::InThePast));
    }
    if blocked(db, r, day).await? {
        return Ok(Some(Refusal::Blocked));
    }
    let range = cells(starts, ends, r.buffer_before_min, r.buffer_after_min);
    if !rooms_with_claims(db, &[r.id], range, None)
        .await?
        .is_empty()
    {
        return Ok(Some(Refusal::RoomTaken));
    }
    Ok(None)
}

/// One reservation to write.
struct Draft<'a> {
    r: &'a room::Model,
    series_id: Option<i32>,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    subject: Option<String>,
    notes: Option<String>,
    attendees: Option<i32>,
}

/// Writes one reservation, its cells and its audit row (within the caller's transaction).
async fn write(
    db: &impl ConnectionTrait,
    who: &Principal,
    draft: Draft<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = room_reservation::ActiveModel {
        room_id: Set(draft.r.id),
        owner_id: Set(Some(who.person_id)),
        series_id: Set(draft.series_id),
        starts_at: Set(draft.starts),
        ends_at: Set(draft.ends),
        subject: Set(draft.subject),
        notes: Set(draft.notes),
        attendees: Set(draft.attendees),
        status: Set(ReservationStatus::Active),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    claim(db, draft.r, row.id, draft.starts, draft.ends).await?;
    crate::audit::write(
        db,
        audit(who, draft.r, "room_reservation.create", row.id, now),
    )
    .await?;
    Ok(row.id)
}

/// Queues the mail of `kind` about a reservation to its `owner`; `key` names the event.
async fn tell(
    db: &impl ConnectionTrait,
    owner: i32,
    (kind, key): (crate::mail::MailKind, String),
    params: crate::mail::Params,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::mail::enqueue(
        db,
        crate::mail::Mail {
            person_id: owner,
            kind,
            key,
            params,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Writes one reservation [`reserve`] makes, and queues its calendar entry to `who`.
async fn write_and_tell(
    db: &impl ConnectionTrait,
    who: &Principal,
    draft: Draft<'_>,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let (r, span) = (draft.r, (draft.starts, draft.ends));
    let id = write(db, who, draft, now).await?;
    let kind = crate::mail::MailKind::ReservationBooked;
    let key = format!("reservation_booked:{id}");
    let sequence = crate::mail::sequence(now);
    let params = crate::mail::room_params(r, id, span, tz, Method::Request, sequence);
    tell(db, who.person_id, (kind, key), params, now).await?;
    Ok(id)
}

/// Reserves a room for one date or a series, for `who`. Each date is refused on its own
/// (in the past, blocked, taken) unless the request is all-or-nothing, in which case nothing
/// is written unless every date is free.
#[tracing::instrument(skip_all, fields(room = request.room_id))]
pub async fn reserve(
    db: &DatabaseConnection,
    who: &Principal,
    request: &RoomReservationRequest,
    now: DateTime<Utc>,
) -> Result<RoomReservationResult, Error> {
    let tz = crate::topology::building_tz(db).await?;
    let (r, _) = one_room(db, request.room_id).await?;
    // A first-consultation room of the entrance zone: counsellors and the front desk of
    // admitted organisations only, in short slots.
    let entrance = crate::entrance::entrance_building(db, &r).await?;
    match entrance {
        Some(building_id) => {
            if !(may_reserve(who, &r) || who.may(Permission::RoomNow)) {
                return Err(Error::Forbidden);
            }
            crate::entrance::require_admitted(db, building_id, who).await?;
        }
        None if !may_reserve(who, &r) => return Err(Error::Forbidden),
        None => {}
    }
    let (subject, notes) = texts(
        request.subject.as_deref(),
        request.notes.as_deref(),
        request.attendees,
        &r,
    )?;
    let today = today(tz, now);
    if request.day - today > Duration::days(rules::MAX_DAYS_AHEAD) {
        return Err(TimeError::TooFarAhead.into());
    }
    let days = match request.repeat {
        Some(repeat) => rules::series_days(request.day, repeat.every_weeks, repeat.until, today)?,
        None => vec![request.day],
    };
    let spans = days
        .iter()
        .map(|day| Ok((*day, rules::span(tz, *day, request.from, request.to)?)))
        .collect::<Result<Vec<_>, TimeError>>()?;
    for (_, (starts, ends)) in &spans {
        crate::entrance::check_slot(&r, entrance.is_some(), *ends - *starts)?;
    }

    let mut outcomes = Vec::with_capacity(spans.len());
    for (day, (starts, ends)) in &spans {
        let result = match date_refusal(db, &r, *day, *starts, *ends, now).await? {
            Some(reason) => RoomDateResult::Refused { reason },
            None => RoomDateResult::NotReserved,
        };
        outcomes.push(RoomDateOutcome { day: *day, result });
    }
    let any_free = outcomes
        .iter()
        .any(|o| o.result == RoomDateResult::NotReserved);
    let all_free = outcomes
        .iter()
        .all(|o| o.result == RoomDateResult::NotReserved);
    if !any_free || (request.all_or_nothing && !all_free) {
        return Ok(RoomReservationResult {
            series_id: None,
            dates: outcomes,
        });
    }

    let txn = begin_write(db).await?;
    let series_id = match request.repeat {
        Some(repeat) => Some(
            reservation_series::ActiveModel {
                owner_id: Set(who.person_id),
                room_id: Set(r.id),
                rule: Set(format!("weekly:{}", repeat.every_weeks)),
                until_day: Set(repeat.until),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id,
        ),
        None => None,
    };
    txn.commit().await?;

    if request.all_or_nothing {
        let txn = begin_write(db).await?;
        let mut ids = Vec::with_capacity(spans.len());
        for (_, (starts, ends)) in &spans {
            let draft = Draft {
                r: &r,
                series_id,
                starts: *starts,
                ends: *ends,
                subject: subject.clone(),
                notes: notes.clone(),
                attendees: request.attendees,
            };
            match write_and_tell(&txn, who, draft, tz, now).await {
                Ok(id) => ids.push(id),
                Err(err) => {
                    txn.rollback().await?;
                    drop_empty_series(db, series_id).await?;
                    return Err(classify(err));
                }
            }
        }
        txn.commit().await.map_err(classify)?;
        for (outcome, id) in outcomes.iter_mut().zip(ids) {
            outcome.result = RoomDateResult::Reserved { id };
        }
    } else {
        for (outcome, (_, (starts, ends))) in outcomes.iter_mut().zip(&spans) {
            if outcome.result != RoomDateResult::NotReserved {
                continue;
            }
            let txn = begin_write(db).await?;
            let draft = Draft {
                r: &r,
                series_id,
                starts: *starts,
                ends: *ends,
                subject: subject.clone(),
                notes: notes.clone(),
                attendees: request.attendees,
            };
            let written = write_and_tell(&txn, who, draft, tz, now).await;
            outcome.result = match written {
                Ok(id) => match txn.commit().await {
                    Ok(()) => RoomDateResult::Reserved { id },
                    Err(err) => refused_or(err)?,
                },
                Err(err) => {
                    txn.rollback().await?;
                    refused_or(err)?
                }
            };
        }
    }
    let reserved = outcomes
        .iter()
        .filter(|o| matches!(o.result, RoomDateResult::Reserved { .. }))
        .count();
    if reserved == 0 {
        drop_empty_series(db, series_id).await?;
    }
    tracing::info!(dates = outcomes.len(), reserved, "room reserved");
    Ok(RoomReservationResult {
        series_id: series_id.filter(|_| reserved > 0),
        dates: outcomes,
    })
}

/// A lost race on one date of a series is that date's refusal; anything else fails.
fn refused_or(err: DbErr) -> Result<RoomDateResult, Error> {
    match classify(err) {
        Error::Refused(reason) => Ok(RoomDateResult::Refused { reason }),
        other => Err(other),
    }
}

async fn drop_empty_series(db: &DatabaseConnection, series_id: Option<i32>) -> Result<(), DbErr> {
    if let Some(id) = series_id {
        reservation_series::Entity::delete_by_id(id)
            .exec(db)
            .await?;
    }
    Ok(())
}

/// `who`'s own reservation `id` with its room, or not found (somebody else's is not found
/// either: its existence is nobody else's business).
async fn own(
    db: &impl ConnectionTrait,
    who: &Principal,
    id: i64,
) -> Result<(room_reservation::Model, room::Model), Error> {
    let reservation = room_reservation::Entity::find_by_id(id)
        .filter(room_reservation::Column::OwnerId.eq(who.person_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let r = room::Entity::find_by_id(reservation.room_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((reservation, r))
}

/// Changes `who`'s reservation `id`: new times (shorter, longer, another day) and texts. The
/// old cells are given up and the new ones claimed in one transaction, so a change that would
/// overlap another reservation is refused ([`Refusal::RoomTaken`]) and changes nothing.
#[tracing::instrument(skip(db, who, change, now))]
pub async fn change(
    db: &DatabaseConnection,
    who: &Principal,
    id: i64,
    change: &RoomReservationChange,
    now: DateTime<Utc>,
) -> Result<RoomReservationView, Error> {
    let tz = crate::topology::building_tz(db).await?;
    let (reservation, r) = own(db, who, id).await?;
    if reservation.status != ReservationStatus::Active {
        return Err(Error::InvalidInput("the reservation is not active".into()));
    }
    if reservation.ends_at <= now {
        return Err(Error::Refused(Refusal::InThePast));
    }
    let (starts, ends) = rules::span(tz, change.day, change.from, change.to)?;
    let entrance = crate::entrance::entrance_building(db, &r).await?;
    crate::entrance::check_slot(&r, entrance.is_some(), ends - starts)?;
    if change.day - today(tz, now) > Duration::days(rules::MAX_DAYS_AHEAD) {
        return Err(TimeError::TooFarAhead.into());
    }
    // A reservation under way may be shortened or extended, but not moved to start earlier
    // than now unless it already had.
    if starts != reservation.starts_at && starts <= now {
        return Err(Error::Refused(Refusal::InThePast));
    }
    if ends <= now {
        return Err(Error::Refused(Refusal::InThePast));
    }
    if blocked(db, &r, change.day).await? {
        return Err(Error::Refused(Refusal::Blocked));
    }
    let keep = |new: Option<&String>, old: Option<String>| match new {
        Some(text) => Some(text.clone()),
        None => old,
    };
    let subject = keep(change.subject.as_ref(), reservation.subject.clone());
    let notes = keep(change.notes.as_ref(), reservation.notes.clone());
    let attendees = change.attendees.or(reservation.attendees);
    let (subject, notes) = texts(subject.as_deref(), notes.as_deref(), attendees, &r)?;

    let txn = begin_write(db).await?;
    // The reservation's row first, and only while it is active: a release or cancellation
    // that came first makes this change find nothing (and claim no cells for an ended
    // reservation); one that comes later waits for it (PostgreSQL's row lock, SQLite's
    // write lock) and then finds the new times.
    let result: Result<bool, DbErr> = async {
        let updated = room_reservation::Entity::update_many()
            .col_expr(room_reservation::Column::StartsAt, Expr::value(starts))
            .col_expr(room_reservation::Column::EndsAt, Expr::value(ends))
            .col_expr(room_reservation::Column::Subject, Expr::value(subject))
            .col_expr(room_reservation::Column::Notes, Expr::value(notes))
            .col_expr(room_reservation::Column::Attendees, Expr::value(attendees))
            .filter(room_reservation::Column::Id.eq(id))
            .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Ok(false);
        }
        room_reservation_quarter::Entity::delete_many()
            .filter(room_reservation_quarter::Column::ReservationId.eq(id))
            .exec(&txn)
            .await?;
        claim(&txn, &r, id, starts, ends).await?;
        crate::audit::write(&txn, audit(who, &r, "room_reservation.change", id, now)).await?;
        let sequence = crate::mail::room_sequence(reservation.created_at, now);
        let kind = crate::mail::MailKind::ReservationBooked;
        let key = format!(
            "reservation_booked:{id}:{}:{}:{sequence}",
            starts.timestamp(),
            ends.timestamp()
        );
        let params =
            crate::mail::room_params(&r, id, (starts, ends), tz, Method::Request, sequence);
        tell(&txn, who.person_id, (kind, key), params, now).await?;
        Ok(true)
    }
    .await;
    match result {
        Ok(true) => txn.commit().await.map_err(classify)?,
        Ok(false) => {
            txn.rollback().await?;
            return Err(Error::InvalidInput("the reservation is not active".into()));
        }
        Err(err) => {
            txn.rollback().await?;
            return Err(classify(err));
        }
    }
    let (updated, _) = own(db, who, id).await?;
    view(db, updated, &r).await
}

/// Ends a reservation (cancelled or released) if it is still active and meets `still`: its
/// state, its cells gone, an audit row. Whether it ended.
async fn end(
    db: &impl ConnectionTrait,
    reservation_id: i64,
    status: ReservationStatus,
    still: Condition,
    audit_row: audit_log::ActiveModel,
) -> Result<bool, DbErr> {
    let updated = room_reservation::Entity::update_many()
        .col_expr(
            room_reservation::Column::Status,
            Expr::value(sea_orm::ActiveEnum::to_value(&status)),
        )
        .filter(room_reservation::Column::Id.eq(reservation_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(still)
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(false);
    }
    room_reservation_quarter::Entity::delete_many()
        .filter(room_reservation_quarter::Column::ReservationId.eq(reservation_id))
        .exec(db)
        .await?;
    crate::audit::write(db, audit_row).await?;
    Ok(true)
}

/// Cancels `who`'s reservation `id` (one date of a series, or a single one). Cancelling one
/// already cancelled is harmless.
#[tracing::instrument(skip(db, who, now))]
pub async fn cancel(
    db: &DatabaseConnection,
    who: &Principal,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let (reservation, r) = own(db, who, id).await?;
    if reservation.status != ReservationStatus::Active {
        return Ok(());
    }
    if reservation.ends_at <= now {
        return Err(Error::Refused(Refusal::InThePast));
    }
    let tz = crate::topology::building_tz(db).await?;
    let txn = begin_write(db).await?;
    if end(
        &txn,
        id,
        ReservationStatus::Cancelled,
        Condition::all(),
        audit(who, &r, "room_reservation.cancel", id, now),
    )
    .await?
    {
        withdrawn(&txn, who, &reservation, &r, tz, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Queues the cancellation of `who`'s own reservation to them (the calendar's CANCEL).
async fn withdrawn(
    db: &impl ConnectionTrait,
    who: &Principal,
    reservation: &room_reservation::Model,
    r: &room::Model,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let kind = crate::mail::MailKind::ReservationWithdrawn;
    let key = format!("reservation_withdrawn:{}", reservation.id);
    let sequence = crate::mail::room_sequence(reservation.created_at, now);
    let span = (reservation.starts_at, reservation.ends_at);
    let params = crate::mail::room_params(r, reservation.id, span, tz, Method::Cancel, sequence);
    tell(db, who.person_id, (kind, key), params, now).await
}

/// Cancels every date of `who`'s series `series_id` that has not ended; how many.
#[tracing::instrument(skip(db, who, now))]
pub async fn cancel_series(
    db: &DatabaseConnection,
    who: &Principal,
    series_id: i32,
    now: DateTime<Utc>,
) -> Result<u32, Error> {
    let series = reservation_series::Entity::find_by_id(series_id)
        .filter(reservation_series::Column::OwnerId.eq(who.person_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let r = room::Entity::find_by_id(series.room_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let tz = crate::topology::building_tz(db).await?;
    let dates = room_reservation::Entity::find()
        .filter(room_reservation::Column::SeriesId.eq(series_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .all(db)
        .await?;
    let txn = begin_write(db).await?;
    let mut cancelled = 0;
    for date in dates {
        let row = audit(who, &r, "room_reservation.cancel", date.id, now);
        if end(
            &txn,
            date.id,
            ReservationStatus::Cancelled,
            Condition::all(),
            row,
        )
        .await?
        {
            withdrawn(&txn, who, &date, &r, tz, now).await?;
            cancelled += 1;
        }
    }
    txn.commit().await?;
    Ok(cancelled)
}

async fn view(
    db: &impl ConnectionTrait,
    reservation: room_reservation::Model,
    r: &room::Model,
) -> Result<RoomReservationView, Error> {
    let tz = crate::topology::building_tz(db).await?;
    let level = floor::Entity::find_by_id(r.floor_id)
        .one(db)
        .await?
        .map_or(0, |f| f.level);
    Ok(to_view(tz, reservation, r, level))
}

fn to_view(
    tz: chrono_tz::Tz,
    reservation: room_reservation::Model,
    r: &room::Model,
    level: i32,
) -> RoomReservationView {
    let (day, from) = rules::local(tz, reservation.starts_at);
    let (_, to) = rules::local(tz, reservation.ends_at);
    RoomReservationView {
        id: reservation.id,
        room_id: r.id,
        room: format!("{} {}", r.label, r.name),
        level,
        day,
        from,
        to,
        subject: reservation.subject,
        notes: reservation.notes,
        attendees: reservation.attendees,
        state: state(reservation.status),
        series_id: reservation.series_id,
        checked_in: reservation.checked_in_at.is_some(),
        protected: r.privacy_class == PrivacyClass::Protected,
    }
}

/// `who`'s reservations that end from [`PAST_DAYS_SHOWN`] days ago on, soonest first.
#[tracing::instrument(skip_all)]
pub async fn mine(
    db: &DatabaseConnection,
    topology: &Topology,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<RoomReservationView>, Error> {
    let tz = topology.tz();
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::OwnerId.eq(who.person_id))
        .filter(room_reservation::Column::EndsAt.gte(now - Duration::days(PAST_DAYS_SHOWN)))
        .order_by_asc(room_reservation::Column::StartsAt)
        .limit(500)
        .all(db)
        .await?;
    let rooms: HashMap<i32, (room::Model, RoomInfo)> = rooms(topology, None)
        .into_iter()
        .map(|(r, i)| (r.id, (r, i)))
        .collect();
    Ok(reservations
        .into_iter()
        .filter_map(|reservation| {
            let (r, i) = rooms.get(&reservation.room_id)?;
            Some(to_view(tz, reservation, r, i.level))
        })
        .collect())
}

/// The people whose protected reservations `viewer` may see in full: themselves and the
/// counsellors they are a deputy of.
async fn seen_as_own(db: &impl ConnectionTrait, viewer: &Principal) -> Result<HashSet<i32>, DbErr> {
    let mut own: HashSet<i32> = deputy::Entity::find()
        .filter(deputy::Column::DeputyId.eq(viewer.person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.owner_id)
        .collect();
    own.insert(viewer.person_id);
    Ok(own)
}

/// The rooms (of floor `level`, or all) with their active reservations on `days` days from
/// `from_day`, as `viewer` may see them (see the module's privacy notes).
#[tracing::instrument(skip(db, topology, viewer))]
pub async fn timeline(
    db: &DatabaseConnection,
    topology: &Topology,
    viewer: &Principal,
    from_day: NaiveDate,
    days: u32,
    level: Option<i32>,
) -> Result<RoomTimeline, Error> {
    let tz = topology.tz();
    if days == 0 || days > MAX_TIMELINE_DAYS {
        return Err(Error::InvalidInput(format!(
            "days: 1 to {MAX_TIMELINE_DAYS}"
        )));
    }
    let day_list: Vec<NaiveDate> = from_day
        .iter_days()
        .take(usize::try_from(days).unwrap_or(1))
        .collect();
    let until_day = day_list.last().copied().unwrap_or(from_day);
    let starts = local_instant(tz, from_day, NaiveTime::MIN);
    let ends = until_day.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, |d| {
        local_instant(tz, d, NaiveTime::MIN)
    });
    let rooms = rooms(topology, level);
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::RoomId.is_in(rooms.iter().map(|(r, _)| r.id)))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::StartsAt.lt(ends))
        .filter(room_reservation::Column::EndsAt.gt(starts))
        .order_by_asc(room_reservation::Column::StartsAt)
        .all(db)
        .await?;
    let own = seen_as_own(db, viewer).await?;
    let names: HashMap<i32, String> = person::Entity::find()
        .filter(
            person::Column::Id.is_in(
                reservations
                    .iter()
                    .filter(|res| {
                        rooms.iter().any(|(r, _)| {
                            r.id == res.room_id && r.privacy_class == PrivacyClass::Standard
                        })
                    })
                    .filter_map(|res| res.owner_id),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect();
    let mut by_room: HashMap<i32, Vec<TimelineEntry>> = HashMap::new();
    let protected: HashSet<i32> = rooms
        .iter()
        .filter(|(r, _)| r.privacy_class == PrivacyClass::Protected)
        .map(|(r, _)| r.id)
        .collect();
    for reservation in reservations {
        let mine = reservation.owner_id.is_some_and(|o| own.contains(&o));
        // The subject is the owner's alone, not even a deputy's.
        let owner = reservation.owner_id == Some(viewer.person_id);
        let (day, from) = rules::local(tz, reservation.starts_at);
        let (_, to) = rules::local(tz, reservation.ends_at);
        let booked_by = if protected.contains(&reservation.room_id) {
            None
        } else {
            reservation.owner_id.and_then(|o| names.get(&o).cloned())
        };
        by_room
            .entry(reservation.room_id)
            .or_default()
            .push(TimelineEntry {
                day,
                from,
                to,
                mine,
                id: mine.then_some(reservation.id),
                booked_by,
                subject: if owner { reservation.subject } else { None },
            });
    }
    Ok(RoomTimeline {
        days: day_list,
        rooms: rooms
            .into_iter()
            .map(|(r, room)| TimelineRoom {
                entries: by_room.remove(&r.id).unwrap_or_default(),
                room,
            })
            .collect(),
    })
}

/// Sets a room's preparation and cleaning buffers (facility management); they apply to
/// reservations made from then on.
#[tracing::instrument(skip(db, who))]
pub async fn set_buffers(
    db: &DatabaseConnection,
    who: &Principal,
    room_id: i32,
    buffers: RoomBuffers,
    now: DateTime<Utc>,
) -> Result<RoomInfo, Error> {
    let before = rules::buffer("before_min", buffers.before_min)?;
    let after = rules::buffer("after_min", buffers.after_min)?;
    let (r, _) = one_room(db, room_id).await?;
    room::Entity::update_many()
        .col_expr(room::Column::BufferBeforeMin, Expr::value(before))
        .col_expr(room::Column::BufferAfterMin, Expr::value(after))
        .filter(room::Column::Id.eq(r.id))
        .exec(db)
        .await?;
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(Some(who.person_id)),
            organisation_id: Set(Some(who.organisation_id)),
            action: Set("room.buffers".to_owned()),
            entity: Set("room".to_owned()),
            entity_id: Set(Some(r.id.to_string())),
            detail: Set(Some(
                serde_json::json!({ "before_min": before, "after_min": after }),
            )),
            ..Default::default()
        },
    )
    .await?;
    Ok(one_room(db, room_id).await?.1)
}

/// Releases reservations nobody checked in to: started at least `grace_min` minutes ago, not
/// ended, and the room's sensor shows it empty. A room without a sensor, or whose sensor shows
/// somebody or is offline, keeps its reservation. The released reservations' ids.
#[tracing::instrument(skip(db))]
pub async fn release_no_shows(
    db: &DatabaseConnection,
    grace_min: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    let candidates = room_reservation::Entity::find()
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::CheckedInAt.is_null())
        .filter(room_reservation::Column::StartsAt.lte(now - Duration::minutes(grace_min)))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let sensors: HashMap<i32, i32> = sensor::Entity::find()
        .filter(sensor::Column::RoomId.is_in(candidates.iter().map(|c| c.room_id)))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.id, s.room_id?)))
        .collect();
    let states = sensor_state::Entity::find()
        .filter(sensor_state::Column::SensorId.is_in(sensors.keys().copied()))
        .all(db)
        .await?;
    // A room is empty when it has a sensor and every one of its sensors shows it vacant.
    let mut empty: HashMap<i32, bool> = HashMap::new();
    for (sensor_id, room_id) in &sensors {
        let vacant = states
            .iter()
            .any(|s| s.sensor_id == *sensor_id && s.state == Presence::Vacant);
        let entry = empty.entry(*room_id).or_insert(true);
        *entry = *entry && vacant;
    }
    let tz = crate::topology::building_tz(db).await?;
    let mut released = Vec::new();
    for reservation in candidates {
        if !empty.get(&reservation.room_id).copied().unwrap_or(false) {
            continue;
        }
        let r = room::Entity::find_by_id(reservation.room_id)
            .one(db)
            .await?;
        let row = audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(None),
            organisation_id: Set(None),
            action: Set("room_reservation.release".to_owned()),
            entity: Set("room_reservation".to_owned()),
            entity_id: Set(Some(reservation.id.to_string())),
            detail: Set(Some(serde_json::json!({ "reason": "sensor_vacant" }))),
            ..Default::default()
        };
        let txn = begin_write(db).await?;
        // Read a moment ago: released only if it is still a no-show now. A change made
        // meanwhile (new times, a check-in) keeps it.
        let still_a_no_show = Condition::all()
            .add(room_reservation::Column::CheckedInAt.is_null())
            .add(room_reservation::Column::StartsAt.eq(reservation.starts_at))
            .add(room_reservation::Column::EndsAt.eq(reservation.ends_at));
        if end(
            &txn,
            reservation.id,
            ReservationStatus::Released,
            still_a_no_show,
            row,
        )
        .await?
        {
            if let (Some(owner), Some(r)) = (reservation.owner_id, &r) {
                let kind = crate::mail::MailKind::ReservationReleased;
                let key = format!("reservation_released:{}", reservation.id);
                let sequence = crate::mail::room_sequence(reservation.created_at, now);
                let span = (reservation.starts_at, reservation.ends_at);
                let params =
                    crate::mail::room_params(r, reservation.id, span, tz, Method::Cancel, sequence);
                tell(&txn, owner, (kind, key), params, now).await?;
            }
            released.push(reservation.id);
        }
        txn.commit().await?;
    }
    if !released.is_empty() {
        tracing::info!(released = released.len(), "room no-shows released");
    }
    Ok(released)
}
