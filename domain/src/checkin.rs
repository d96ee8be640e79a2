//! Check-in and check-out: by the QR page (confirmed with a passkey) and by badge readers.
//!
//! A check-in finds the person's booking of the desk (or, for a zone's reader, of any desk in
//! the zone) for today whose slot has not ended, or their current reservation of the room, and
//! stamps it; every check-in also writes a `check_in` row (how, when) and an audit row. At a
//! desk's QR page a free desk is booked for the rest of the day at once (a walk-in, through
//! the same rules as any booking). Checking out releases the rest of the slot: the booking
//! becomes `checked_out` and its half-day rows go, so the desk is free again.
//!
//! Badge ids are never stored, only [`badge_hash`]; an unknown badge is counted in the audit
//! log (by reader, without the id) and otherwise ignored.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use entities::enums::{
    BookingSource, CheckInMethod, DeskBookingStatus, Presence, ReservationStatus,
};
use entities::{
    audit_log, badge, badge_reader, check_in, desk, desk_booking, floor, room, room_reservation,
    sensor, sensor_state, zone,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use crate::auth::{Principal, Via};
use crate::booking::{self, BookingError, Ending, end_booking, finish, rules};
use crate::db::begin_write;
use crate::secret;
use wire::model::{
    BookingDays, BookingRequest, CheckInPlace, CheckedIn, DayResult, MyDeskToday, PlaceKind,
    QrCard, QrSheet, Refusal, Slot,
};

/// How long before a room reservation starts it may be checked in.
pub const ROOM_EARLY_MINUTES: i64 = 15;

/// What a check-in is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// One desk.
    Desk(i32),
    /// Any desk of a zone (a reader at the zone's door).
    Zone(i32),
    /// A room.
    Room(i32),
}

impl Place {
    /// Where a badge reader is.
    pub fn of_reader(reader: &badge_reader::Model) -> Option<Place> {
        match (reader.desk_id, reader.zone_id, reader.room_id) {
            (Some(desk), _, _) => Some(Place::Desk(desk)),
            (_, Some(zone), _) => Some(Place::Zone(zone)),
            (_, _, Some(room)) => Some(Place::Room(room)),
            _ => None,
        }
    }
}

/// The stored form of a badge id. Readers differ in how they print an id (case, spaces), so it
/// is trimmed and upper-cased first.
pub fn badge_hash(badge: &str) -> String {
    secret::hash(&format!("badge:{}", badge.trim().to_uppercase()))
}

/// Checks `who` in at `place`. `walk_in`: book a free desk for the rest of the day if there is
/// no booking (the QR page; the caller has checked `Permission::BookDesk`).
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn check_in(
    db: &DatabaseConnection,
    who: &Principal,
    place: Place,
    method: CheckInMethod,
    walk_in: bool,
    now: DateTime<Utc>,
) -> Result<CheckedIn, BookingError> {
    match place {
        Place::Room(room_id) => check_in_room(db, who, room_id, method, now).await,
        Place::Desk(desk_id) => {
            let desk = desk::Entity::find_by_id(desk_id)
                .one(db)
                .await?
                .ok_or(BookingError::NotFound)?;
            match todays_booking(db, who, &[desk.id], now).await? {
                Some(booking) => stamp(db, who, booking, desk.label, method, false, now).await,
                None if walk_in => {
                    let booking_id = book_rest_of_day(db, who, desk.id, now).await?;
                    let booking = desk_booking::Entity::find_by_id(booking_id)
                        .one(db)
                        .await?
                        .ok_or(BookingError::NotFound)?;
                    stamp(db, who, booking, desk.label, method, true, now).await
                }
                None => Err(BookingError::Refused(Refusal::NoBooking)),
            }
        }
        Place::Zone(zone_id) => {
            let desks: Vec<desk::Model> = desk::Entity::find()
                .filter(desk::Column::ZoneId.eq(zone_id))
                .all(db)
                .await?;
            let ids: Vec<i32> = desks.iter().map(|d| d.id).collect();
            let booking = todays_booking(db, who, &ids, now)
                .await?
                .ok_or(BookingError::Refused(Refusal::NoBooking))?;
            let label = desks
                .into_iter()
                .find(|d| d.id == booking.desk_id)
                .map(|d| d.label)
                .unwrap_or_default();
            stamp(db, who, booking, label, method, false, now).await
        }
    }
}

/// `who`'s active booking today of one of `desks` whose slot has not ended; the earliest.
async fn todays_booking(
    db: &DatabaseConnection,
    who: &Principal,
    desks: &[i32],
    now: DateTime<Utc>,
) -> Result<Option<desk_booking::Model>, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.eq(rules::today(tz, now)))
        .filter(desk_booking::Column::DeskId.is_in(desks.iter().copied()))
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    Ok(bookings
        .into_iter()
        .filter(|b| !rules::is_past(tz, b.day, b.slot.into(), now))
        .min_by_key(|b| rules::slot_interval(tz, b.day, b.slot.into()).0))
}

/// Books `desk_id` for the rest of today: the whole day in the morning (or the morning alone
/// if the afternoon is taken), the afternoon after midday.
async fn book_rest_of_day(
    db: &DatabaseConnection,
    who: &Principal,
    desk_id: i32,
    now: DateTime<Utc>,
) -> Result<i64, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let today = rules::today(tz, now);
    let afternoon_starts = rules::slot_interval(tz, today, Slot::Afternoon).0;
    let slots: &[Slot] = if now < afternoon_starts {
        &[Slot::FullDay, Slot::Morning]
    } else {
        &[Slot::Afternoon]
    };
    let mut refusal = Refusal::NoBooking;
    for slot in slots {
        let request = BookingRequest {
            desk_id,
            slot: *slot,
            days: BookingDays::Days { days: vec![today] },
        };
        let outcomes = booking::book(db, who, &request, BookingSource::Checkin, now).await?;
        match outcomes.first().map(|o| o.result) {
            Some(DayResult::Booked { booking_id }) => return Ok(booking_id),
            Some(DayResult::Refused { reason }) => refusal = reason,
            None => {}
        }
        if refusal != Refusal::DeskTaken {
            break;
        }
    }
    Err(BookingError::Refused(refusal))
}

/// Stamps a desk booking checked in (once) and records the check-in.
async fn stamp(
    db: &DatabaseConnection,
    who: &Principal,
    booking: desk_booking::Model,
    place: String,
    method: CheckInMethod,
    booked_now: bool,
    now: DateTime<Utc>,
) -> Result<CheckedIn, BookingError> {
    let already = booking.checked_in_at.is_some();
    let txn = begin_write(db).await?;
    let written = async {
        if !already {
            desk_booking::Entity::update_many()
                .col_expr(desk_booking::Column::CheckedInAt, Expr::value(now))
                .filter(desk_booking::Column::Id.eq(booking.id))
                .filter(desk_booking::Column::CheckedInAt.is_null())
                .exec(&txn)
                .await?;
        }
        record(&txn, who, true, Some(booking.id), None, method, now).await
    }
    .await;
    finish(txn, written).await?;
    Ok(CheckedIn {
        booking_id: Some(booking.id),
        reservation_id: None,
        place,
        slot: Some(booking.slot.into()),
        booked_now,
        already,
    })
}

/// Checks in `who`'s reservation of a room running now (or starting within
/// [`ROOM_EARLY_MINUTES`]).
async fn check_in_room(
    db: &DatabaseConnection,
    who: &Principal,
    room_id: i32,
    method: CheckInMethod,
    now: DateTime<Utc>,
) -> Result<CheckedIn, BookingError> {
    let room = room::Entity::find_by_id(room_id)
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    let reservation = room_reservation::Entity::find()
        .filter(room_reservation::Column::RoomId.eq(room.id))
        .filter(room_reservation::Column::OwnerId.eq(who.person_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(
            room_reservation::Column::StartsAt
                .lte(now + ChronoDuration::minutes(ROOM_EARLY_MINUTES)),
        )
        .filter(room_reservation::Column::EndsAt.gt(now))
        .order_by_asc(room_reservation::Column::StartsAt)
        .one(db)
        .await?
        .ok_or(BookingError::Refused(Refusal::NoBooking))?;
    let already = reservation.checked_in_at.is_some();
    let txn = begin_write(db).await?;
    let written = async {
        if !already {
            room_reservation::Entity::update_many()
                .col_expr(room_reservation::Column::CheckedInAt, Expr::value(now))
                .filter(room_reservation::Column::Id.eq(reservation.id))
                .exec(&txn)
                .await?;
        }
        // A protected room's log entry names nobody, as its reservation's does not.
        let named = room.privacy_class != entities::enums::PrivacyClass::Protected;
        record(&txn, who, named, None, Some(reservation.id), method, now).await
    }
    .await;
    finish(txn, written).await?;
    Ok(CheckedIn {
        booking_id: None,
        reservation_id: Some(reservation.id),
        place: room.label,
        slot: None,
        booked_now: false,
        already,
    })
}

/// The `check_in` row and its audit row: ids and the method, nothing else; the audit row names
/// the person only if `named`.
async fn record(
    txn: &DatabaseTransaction,
    who: &Principal,
    named: bool,
    booking_id: Option<i64>,
    reservation_id: Option<i64>,
    method: CheckInMethod,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    check_in::Entity::insert(check_in::ActiveModel {
        person_id: Set(Some(who.person_id)),
        desk_booking_id: Set(booking_id),
        room_reservation_id: Set(reservation_id),
        method: Set(method),
        at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    let (entity, id) = match (booking_id, reservation_id) {
        (Some(id), _) => ("desk_booking", id),
        (_, Some(id)) => ("room_reservation", id),
        _ => ("check_in", 0),
    };
    crate::audit::write(
        txn,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(named.then_some(who.person_id)),
            organisation_id: Set(Some(who.organisation_id)),
            action: Set(format!("{entity}.check_in")),
            entity: Set(entity.to_owned()),
            entity_id: Set(Some(id.to_string())),
            detail: Set(Some(
                serde_json::json!({ "method": sea_orm::ActiveEnum::to_value(&method) }),
            )),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// Checks out of one of `who`'s bookings for today: the rest of its slot is released.
/// [`BookingError::NotFound`] if it is not their active booking of today.
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn check_out(
    db: &DatabaseConnection,
    who: &Principal,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let booking = desk_booking::Entity::find_by_id(booking_id)
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.eq(rules::today(tz, now)))
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    if rules::is_past(tz, booking.day, booking.slot.into(), now) {
        return Err(BookingError::Refused(Refusal::InThePast));
    }
    let txn = begin_write(db).await?;
    let written = end_booking(
        &txn,
        booking.id,
        Ending {
            status: DeskBookingStatus::CheckedOut,
            only_if_not_checked_in: false,
            actor: Some(who.person_id),
            organisation: who.organisation_id,
            action: "desk_booking.check_out",
            detail: serde_json::json!({}),
        },
        now,
    )
    .await;
    match finish(txn, written).await? {
        true => Ok(()),
        false => Err(BookingError::NotFound),
    }
}

/// What a badge held to a reader did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadgeOutcome {
    /// The holder's booking or reservation there is checked in.
    CheckedIn(CheckedIn),
    /// The badge belongs to nobody; counted, ignored.
    UnknownBadge,
    /// The reader read [`UNKNOWN_BADGES_PER_HOUR`] unknown badges within the hour: it is not
    /// heard until the hour has passed (someone may be trying badge numbers).
    ReaderLimited,
}

/// Unknown badges a reader may read within an hour before it is not heard for the rest of it.
pub const UNKNOWN_BADGES_PER_HOUR: u64 = 60;

/// Where badges are read: a badge reader (`badge_reader.id`) or a door display
/// (`api_token.id` of its device token). Unknown badges are counted for each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeSource {
    /// A badge reader.
    Reader(i32),
    /// A door display's badge reader (a keyboard wedge on the display).
    Display(i32),
}

impl BadgeSource {
    /// The audit row's `entity` and `entity_id`.
    fn entity(self) -> (&'static str, String) {
        match self {
            BadgeSource::Reader(id) => ("badge_reader", id.to_string()),
            BadgeSource::Display(id) => ("display", id.to_string()),
        }
    }
}

/// The source's audit row counting unknown badges in the hour before `now`, if any: one row
/// per source and hour (`detail.count`), never one per badge.
async fn unknown_badges_row(
    db: &DatabaseConnection,
    source: BadgeSource,
    now: DateTime<Utc>,
) -> Result<Option<audit_log::Model>, DbErr> {
    let (entity, id) = source.entity();
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("badge.unknown"))
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.eq(id))
        .filter(audit_log::Column::At.gt(now - ChronoDuration::hours(1)))
        .order_by_desc(audit_log::Column::Id)
        .one(db)
        .await
}

/// How many unknown badges an audit row counts.
pub fn unknown_badges_of(row: &audit_log::Model) -> u64 {
    row.detail
        .as_ref()
        .and_then(|detail| detail.get("count"))
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(1)
}

/// Counts one more unknown badge at `source`.
async fn count_unknown_badge(
    db: &DatabaseConnection,
    source: BadgeSource,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (entity, id) = source.entity();
    match unknown_badges_row(db, source, now).await? {
        Some(row) => {
            let count = unknown_badges_of(&row) + 1;
            audit_log::Entity::update_many()
                .col_expr(
                    audit_log::Column::Detail,
                    Expr::value(serde_json::json!({ "count": count })),
                )
                .filter(audit_log::Column::Id.eq(row.id))
                .exec(db)
                .await?;
            if count == UNKNOWN_BADGES_PER_HOUR {
                tracing::warn!(
                    source = ?source,
                    "a badge reader read too many unknown badges; not heard for the rest of the hour"
                );
            }
        }
        None => {
            crate::audit::write(
                db,
                audit_log::ActiveModel {
                    at: Set(now),
                    action: Set("badge.unknown".to_owned()),
                    entity: Set(entity.to_owned()),
                    entity_id: Set(Some(id)),
                    detail: Set(Some(serde_json::json!({ "count": 1 }))),
                    ..Default::default()
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Whether the sensor of `place` shows someone there: occupied now, or occupied until less than
/// `window` before `now`. A place without a sensor, or one whose sensor is unknown, shows
/// nobody.
pub async fn presence_seen(
    db: &DatabaseConnection,
    place: Place,
    now: DateTime<Utc>,
    window: ChronoDuration,
) -> Result<bool, DbErr> {
    let column = match place {
        Place::Desk(id) => sensor::Column::DeskId.eq(id),
        Place::Room(id) => sensor::Column::RoomId.eq(id),
        Place::Zone(_) => return Ok(false),
    };
    let states = sensor::Entity::find()
        .filter(column)
        .find_also_related(sensor_state::Entity)
        .all(db)
        .await?;
    Ok(states.into_iter().any(|(_, state)| {
        state.is_some_and(|state| match state.state {
            Presence::Occupied => true,
            Presence::Vacant => state.changed_at > now - window,
            Presence::Unknown => false,
        })
    }))
}

/// A badge held to `reader`: checks its holder in at the reader's place.
#[tracing::instrument(skip(db, reader, badge), fields(reader = reader.id))]
pub async fn badge_check_in(
    db: &DatabaseConnection,
    reader: &badge_reader::Model,
    badge: &str,
    now: DateTime<Utc>,
) -> Result<BadgeOutcome, BookingError> {
    let place = Place::of_reader(reader).ok_or(BookingError::NotFound)?;
    let who = match badge_holder(db, BadgeSource::Reader(reader.id), badge, now).await? {
        BadgeHolder::Known(who) => who,
        BadgeHolder::UnknownBadge => return Ok(BadgeOutcome::UnknownBadge),
        BadgeHolder::SourceLimited => return Ok(BadgeOutcome::ReaderLimited),
    };
    check_in(db, &who, place, CheckInMethod::Badge, false, now)
        .await
        .map(BadgeOutcome::CheckedIn)
}

/// Whose badge was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadgeHolder {
    /// An active person: a badge reader's holder may check in ([`Via::Badge`]), a door
    /// display's may also reserve the room now ([`Via::Door`]).
    Known(Principal),
    /// The badge belongs to nobody active; counted, ignored.
    UnknownBadge,
    /// The source read [`UNKNOWN_BADGES_PER_HOUR`] unknown badges within the hour: it is not
    /// heard until the hour has passed.
    SourceLimited,
}

/// The holder of `badge` read at `source`, as a [`Principal`] authenticated by it. Unknown
/// badges are counted (per source and hour, never the id), and a source that read too many
/// within the hour is not heard for the rest of it.
pub async fn badge_holder(
    db: &DatabaseConnection,
    source: BadgeSource,
    badge: &str,
    now: DateTime<Utc>,
) -> Result<BadgeHolder, DbErr> {
    if unknown_badges_row(db, source, now)
        .await?
        .is_some_and(|row| unknown_badges_of(&row) >= UNKNOWN_BADGES_PER_HOUR)
    {
        return Ok(BadgeHolder::SourceLimited);
    }
    let holder = badge::Entity::find()
        .filter(badge::Column::BadgeHash.eq(badge_hash(badge)))
        .one(db)
        .await?;
    let via = match source {
        BadgeSource::Reader(id) => Via::Badge(id),
        BadgeSource::Display(id) => Via::Door(id),
    };
    let who = match holder {
        Some(holder) => crate::auth::load_principal(db, holder.person_id, via).await?,
        None => None,
    };
    match who {
        Some(who) => Ok(BadgeHolder::Known(who)),
        None => {
            count_unknown_badge(db, source, now).await?;
            tracing::info!("an unknown badge was ignored");
            Ok(BadgeHolder::UnknownBadge)
        }
    }
}

/// A desk or room for its check-in page, with `viewer`'s booking of the desk today.
pub async fn place_view(
    db: &DatabaseConnection,
    kind: PlaceKind,
    id: i32,
    viewer: Option<&Principal>,
    now: DateTime<Utc>,
) -> Result<CheckInPlace, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let (label, zone_id, floor_id) = match kind {
        PlaceKind::Desk => {
            let desk = desk::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(BookingError::NotFound)?;
            let zone = zone::Entity::find_by_id(desk.zone_id)
                .one(db)
                .await?
                .ok_or(BookingError::NotFound)?;
            (desk.label, Some(zone.id), zone.floor_id)
        }
        PlaceKind::Room => {
            let room = room::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(BookingError::NotFound)?;
            (
                format!("{} {}", room.label, room.name),
                room.zone_id,
                room.floor_id,
            )
        }
    };
    let floor = floor::Entity::find_by_id(floor_id)
        .one(db)
        .await?
        .map(|f| f.name)
        .unwrap_or_default();
    let zone = match zone_id {
        Some(zone_id) => zone::Entity::find_by_id(zone_id)
            .one(db)
            .await?
            .map(|z| z.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let mine = match (kind, viewer) {
        (PlaceKind::Desk, Some(who)) => desk_booking::Entity::find()
            .filter(desk_booking::Column::PersonId.eq(who.person_id))
            .filter(desk_booking::Column::DeskId.eq(id))
            .filter(desk_booking::Column::Day.eq(rules::today(tz, now)))
            .filter(
                desk_booking::Column::Status
                    .is_in([DeskBookingStatus::Active, DeskBookingStatus::CheckedOut]),
            )
            .order_by_desc(desk_booking::Column::Id)
            .one(db)
            .await?
            .filter(|b| !rules::is_past(tz, b.day, b.slot.into(), now))
            .map(|b| MyDeskToday {
                booking_id: b.id,
                slot: b.slot.into(),
                status: b.status.into(),
                checked_in: b.checked_in_at.is_some(),
            }),
        _ => None,
    };
    Ok(CheckInPlace {
        kind,
        id,
        label,
        floor,
        zone,
        mine,
    })
}

/// The printable sheet of floor `floor_id`: a QR code per desk and room, each opening its
/// check-in page under `public_url`.
pub async fn qr_sheet(
    db: &DatabaseConnection,
    floor_id: i32,
    public_url: &str,
) -> Result<QrSheet, crate::error::Error> {
    use crate::error::Error;
    let floor = floor::Entity::find_by_id(floor_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let zones: Vec<zone::Model> = zone::Entity::find()
        .filter(zone::Column::FloorId.eq(floor.id))
        .all(db)
        .await?;
    let zone_name = |id: i32| {
        zones
            .iter()
            .find(|z| z.id == id)
            .map(|z| z.name.clone())
            .unwrap_or_default()
    };
    let mut desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zones.iter().map(|z| z.id)))
        .all(db)
        .await?;
    desks.sort_by(|a, b| a.label.cmp(&b.label));
    let mut rooms = room::Entity::find()
        .filter(room::Column::FloorId.eq(floor.id))
        .all(db)
        .await?;
    rooms.sort_by(|a, b| a.label.cmp(&b.label));
    let mut cards = Vec::with_capacity(desks.len() + rooms.len());
    for desk in desks {
        cards.push(card(
            PlaceKind::Desk,
            desk.id,
            desk.label,
            zone_name(desk.zone_id),
            public_url,
        )?);
    }
    for room in rooms {
        cards.push(card(
            PlaceKind::Room,
            room.id,
            room.label,
            room.name,
            public_url,
        )?);
    }
    Ok(QrSheet {
        floor: floor.name,
        cards,
        level: floor.level,
        plan_width: floor.plan_width,
        plan_height: floor.plan_height,
        zones: zones
            .iter()
            .map(|z| wire::model::way::PlanRect {
                x: z.x,
                y: z.y,
                width: z.width,
                height: z.height,
            })
            .collect(),
    })
}

fn card(
    kind: PlaceKind,
    id: i32,
    label: String,
    detail: String,
    public_url: &str,
) -> Result<QrCard, crate::error::Error> {
    use base64::Engine;
    let url = format!("{public_url}/check-in/{}/{id}", kind.code());
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|err| {
            tracing::error!(error = %err, "a check-in link does not fit a QR code");
            crate::error::Error::Internal
        })?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .build();
    let image = format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    );
    Ok(QrCard {
        kind,
        label,
        detail,
        url,
        image,
        id,
        way: None,
    })
}
