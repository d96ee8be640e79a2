//! Desk bookings against the database: availability of a floor for a day, booking one or many
//! days, cancelling, and a person's own bookings.
//!
//! # Layout
//! - [`rules`]: the pure rules (time zone, slots, policies, blocks, patterns); no IO.
//! - this module: gathers the facts the rules need, writes bookings, maps database refusals.
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
    QuerySelect, SqlErr, Statement, TransactionTrait,
};

use crate::auth::Principal;
use rules::{Attempt, Block, Policy, PolicyTarget, ScopedPolicy};
use wire::error::AppError;
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

impl From<BookingError> for AppError {
    fn from(err: BookingError) -> Self {
        match err {
            BookingError::Refused(refusal) => AppError::Refused(refusal),
            BookingError::NotFound => AppError::NotFound,
            BookingError::InvalidInput(why) => AppError::InvalidInput(why),
            BookingError::Database(err) => AppError::from(err),
        }
    }
}

impl From<rules::DaysError> for BookingError {
    fn from(err: rules::DaysError) -> Self {
        BookingError::InvalidInput(err.to_string())
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

/// The desks of the floor at `level` on `day`: each free, booked by somebody, booked by
/// `viewer`, or blocked, for `slot` and for each half; with equipment and whether the desk is
/// in a home zone of the viewer's unit. [`BookingError::NotFound`] for an unknown level.
#[tracing::instrument(skip(db, viewer))]
pub async fn availability(
    db: &DatabaseConnection,
    level: i32,
    day: NaiveDate,
    slot: Slot,
    viewer: Option<&Principal>,
) -> Result<FloorAvailability, BookingError> {
    let floor = floor::Entity::find()
        .filter(floor::Column::Level.eq(level))
        .order_by_asc(floor::Column::BuildingId)
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    let zones: HashMap<i32, String> = zone::Entity::find()
        .filter(zone::Column::FloorId.eq(floor.id))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z.name))
        .collect();
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zones.keys().copied()))
        .order_by_asc(desk::Column::Id)
        .all(db)
        .await?;
    let halves = desk_booking_half::Entity::find()
        .filter(desk_booking_half::Column::Day.eq(day))
        .filter(desk_booking_half::Column::DeskId.is_in(desks.iter().map(|d| d.id)))
        .all(db)
        .await?;
    let blocks = blocks_between(db, day, day).await?;
    let home = match viewer {
        Some(viewer) => home_zones(db, viewer.unit_id).await?,
        None => Vec::new(),
    };

    let viewer_id = viewer.map(|v| v.person_id);
    // (desk, half) → booked by the viewer?
    let taken: HashMap<(i32, i16), bool> = halves
        .iter()
        .map(|h| {
            let mine = h.person_id.is_some() && h.person_id == viewer_id;
            ((h.desk_id, h.half), mine)
        })
        .collect();
    // (desk, half) → the viewer's booking there.
    let own: HashMap<(i32, i16), i64> = halves
        .iter()
        .filter(|h| h.person_id.is_some() && h.person_id == viewer_id)
        .map(|h| ((h.desk_id, h.half), h.booking_id))
        .collect();
    let desks = desks
        .into_iter()
        .map(|d| {
            let blocked = d.blocked || blocks.iter().any(|b| b.blocks_desk(d.id, d.zone_id, day));
            let half_state = |half: i16| match (blocked, taken.get(&(d.id, half))) {
                (_, Some(true)) => Availability::Mine,
                (_, Some(false)) => Availability::Booked,
                (true, None) => Availability::Blocked,
                (false, None) => Availability::Free,
            };
            let morning = half_state(desk_booking_half::MORNING);
            let afternoon = half_state(desk_booking_half::AFTERNOON);
            let state = match slot {
                Slot::Morning => morning,
                Slot::Afternoon => afternoon,
                Slot::FullDay => combine(morning, afternoon),
            };
            let booking_id = DbSlot::from(slot)
                .halves()
                .iter()
                .find_map(|half| own.get(&(d.id, *half)).copied());
            DeskAvailability {
                id: d.id,
                label: d.label,
                zone_id: d.zone_id,
                zone: zones.get(&d.zone_id).cloned().unwrap_or_default(),
                home_zone: home.contains(&d.zone_id),
                equipment: Equipment {
                    docking: d.has_docking,
                    monitors: u8::try_from(d.monitors.clamp(0, 2)).unwrap_or(0),
                    height_adjustable: d.height_adjustable,
                    accessible: d.accessible,
                },
                state,
                morning,
                afternoon,
                booking_id,
            }
        })
        .collect();
    Ok(FloorAvailability {
        level,
        day,
        slot,
        desks,
    })
}

/// The state of a full day from its halves: the viewer's own booking shows first, then
/// somebody else's, then a block.
fn combine(morning: Availability, afternoon: Availability) -> Availability {
    use Availability::*;
    match (morning, afternoon) {
        (Mine, _) | (_, Mine) => Mine,
        (Booked, _) | (_, Booked) => Booked,
        (Blocked, _) | (_, Blocked) => Blocked,
        (Free, Free) => Free,
    }
}

/// What a booking is checked against that changes rarely: every desk with its zone, building
/// and block flag, the home zones of every unit, the policies and the blocks. [`Facts::load`]
/// reads them in a few queries; [`FactsCache`] keeps them for a moment, so a stream of
/// bookings costs one statement each.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    desks: HashMap<i32, DeskFacts>,
    home: HashMap<i32, Vec<i32>>,
    policies: Vec<ScopedPolicy>,
    blocks: Vec<Block>,
    /// The time zone of the building (`building.timezone`).
    pub tz: chrono_tz::Tz,
    /// The topology these facts were read with.
    pub topology: std::sync::Arc<crate::topology::Topology>,
}

/// A desk as a booking needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DeskFacts {
    id: i32,
    zone_id: i32,
    building_id: i32,
    blocked: bool,
}

impl Facts {
    /// The policy that applies to `person` (organisation, unit) booking `desk_id`; `None` for
    /// an unknown desk.
    pub fn policy_for(
        &self,
        desk_id: i32,
        organisation_id: i32,
        unit_id: Option<i32>,
    ) -> Option<Policy> {
        let desk = self.desks.get(&desk_id)?;
        Some(rules::resolve_policy(
            &self.policies,
            &PolicyTarget {
                building_id: desk.building_id,
                organisation_id,
                unit_id,
                zone_id: desk.zone_id,
            },
        ))
    }

    /// Whether desk `desk_id` is blocked on `day`: by its flag, or by a block of the desk, its
    /// zone or the whole building. `true` for an unknown desk.
    pub fn blocked(&self, desk_id: i32, day: NaiveDate) -> bool {
        let Some(desk) = self.desks.get(&desk_id) else {
            return true;
        };
        desk.blocked
            || self
                .blocks
                .iter()
                .any(|b| b.blocks_desk(desk.id, desk.zone_id, day))
    }

    /// Reads the facts from the database; desks, zones and home zones through one read of the
    /// topology.
    pub async fn load(db: &DatabaseConnection) -> Result<Facts, DbErr> {
        let topology = crate::topology::Topology::load(db).await?;
        let desks = topology
            .desks()
            .filter_map(|d| {
                let building_id = topology.floor_of_zone(d.zone_id)?.building_id;
                Some((
                    d.id,
                    DeskFacts {
                        id: d.id,
                        zone_id: d.zone_id,
                        building_id,
                        blocked: d.blocked,
                    },
                ))
            })
            .collect();
        let home = topology.home_zones_by_unit();
        let blocks = block::Entity::find()
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
            .collect();
        Ok(Facts {
            desks,
            home,
            policies: policies(db).await?,
            blocks,
            tz: topology.tz(),
            topology: std::sync::Arc::new(topology),
        })
    }
}

/// How long [`FactsCache`] keeps the facts: a changed policy, block or home zone applies to
/// bookings at most this much later.
pub const FACTS_FOR: std::time::Duration = std::time::Duration::from_secs(2);

/// Facts and when they were read.
type Kept = Option<(std::time::Instant, std::sync::Arc<Facts>)>;

/// The [`Facts`], read again when older than [`FACTS_FOR`]; cheap to clone and share. One
/// request reads them again while the others go on with the facts kept (so a burst of
/// bookings does not read them dozens of times at once); only the very first reading is
/// waited for.
#[derive(Debug, Clone, Default)]
pub struct FactsCache {
    kept: std::sync::Arc<std::sync::Mutex<Kept>>,
    reading: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl FactsCache {
    /// The facts, read from `db` if those kept are too old.
    pub async fn get(&self, db: &DatabaseConnection) -> Result<std::sync::Arc<Facts>, DbErr> {
        let (fresh, kept) = self.kept();
        if let Some(facts) = fresh {
            return Ok(facts);
        }
        // Stale facts and somebody already reading: go on with the stale ones.
        let _reading = match (kept, self.reading.try_lock()) {
            (Some(stale), Err(_)) => return Ok(stale),
            (_, Ok(guard)) => guard,
            (None, Err(_)) => self.reading.lock().await,
        };
        if let (Some(facts), _) = self.kept() {
            return Ok(facts);
        }
        let facts = std::sync::Arc::new(Facts::load(db).await?);
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some((std::time::Instant::now(), std::sync::Arc::clone(&facts)));
        }
        Ok(facts)
    }

    /// The kept facts if still fresh, and the kept facts however old.
    fn kept(&self) -> (Option<std::sync::Arc<Facts>>, Option<std::sync::Arc<Facts>>) {
        let Ok(kept) = self.kept.lock() else {
            return (None, None);
        };
        match kept.as_ref() {
            Some((at, facts)) if at.elapsed() < FACTS_FOR => (
                Some(std::sync::Arc::clone(facts)),
                Some(std::sync::Arc::clone(facts)),
            ),
            Some((_, facts)) => (None, Some(std::sync::Arc::clone(facts))),
            None => (None, None),
        }
    }
}

/// Books `request.desk_id` for `who` on every day of the request, against facts read now.
/// Each day is checked and written on its own and gets its own outcome: booked, or refused
/// with the reason. [`BookingError`] only for what concerns the whole request: an unknown
/// desk, malformed days, a database failure.
#[tracing::instrument(skip(db, who, request), fields(person = who.person_id, desk = request.desk_id))]
pub async fn book(
    db: &DatabaseConnection,
    who: &Principal,
    request: &BookingRequest,
    source: BookingSource,
    now: DateTime<Utc>,
) -> Result<Vec<DayOutcome>, BookingError> {
    let facts = Facts::load(db).await?;
    book_with(db, &facts, who, request, source, now).await
}

/// [`book`] against `facts` (from a [`FactsCache`]).
#[tracing::instrument(skip(db, facts, who, request), fields(person = who.person_id, desk = request.desk_id))]
pub async fn book_with(
    db: &DatabaseConnection,
    facts: &Facts,
    who: &Principal,
    request: &BookingRequest,
    source: BookingSource,
    now: DateTime<Utc>,
) -> Result<Vec<DayOutcome>, BookingError> {
    let days = match &request.days {
        BookingDays::Days { days } => rules::distinct_days(days)?,
        BookingDays::Pattern {
            from,
            weekdays,
            weeks,
        } => rules::pattern_days(*from, weekdays, *weeks)?,
    };
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return Err(rules::DaysError::Empty.into());
    };
    let desk = *facts
        .desks
        .get(&request.desk_id)
        .ok_or(BookingError::NotFound)?;
    let home = who
        .unit_id
        .and_then(|unit| facts.home.get(&unit))
        .map_or(&[][..], Vec::as_slice);
    let policy = rules::resolve_policy(
        &facts.policies,
        &PolicyTarget {
            building_id: desk.building_id,
            organisation_id: who.organisation_id,
            unit_id: who.unit_id,
            zone_id: desk.zone_id,
        },
    );
    let blocks: Vec<Block> = facts
        .blocks
        .iter()
        .filter(|b| b.to_day >= first && b.from_day <= last)
        .filter(|b| b.desk_id.is_some() || b.zone_id.is_some() || b.room_id.is_none())
        .cloned()
        .collect();

    let mut outcomes = Vec::with_capacity(days.len());
    for day in days {
        let result = match book_day(
            db,
            facts.tz,
            who,
            &desk,
            day,
            request.slot,
            &policy,
            home,
            &blocks,
            source,
            now,
        )
        .await
        {
            Ok(booking_id) => DayResult::Booked { booking_id },
            Err(BookingError::Refused(reason)) => DayResult::Refused { reason },
            Err(other) => return Err(other),
        };
        outcomes.push(DayOutcome { day, result });
    }
    Ok(outcomes)
}

/// Checks and writes one day; the new booking's id.
#[allow(clippy::too_many_arguments)]
async fn book_day(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    who: &Principal,
    desk: &DeskFacts,
    day: NaiveDate,
    slot: Slot,
    policy: &Policy,
    home: &[i32],
    blocks: &[Block],
    source: BookingSource,
    now: DateTime<Utc>,
) -> Result<i64, BookingError> {
    let attempt = |bookings_in_week| Attempt {
        tz,
        day,
        slot,
        desk_id: desk.id,
        zone_id: desk.zone_id,
        desk_blocked: desk.blocked,
        home_zones: home,
        policy,
        blocks,
        bookings_in_week,
    };
    if policy.max_bookings_per_week.is_some() {
        return book_within_weekly_limit(db, who, desk.id, day, slot, source, now, attempt).await;
    }
    rules::check(&attempt(0), now).map_err(BookingError::Refused)?;

    if db.get_database_backend() == DbBackend::Postgres {
        return insert_booking_in_one_statement(db, who, desk.id, day, slot, source, now)
            .await
            .map_err(classify);
    }
    let txn = db.begin().await?;
    let written = insert_booking(&txn, who, desk.id, day, slot, source, now).await;
    finish(txn, written).await.map_err(classify)
}

/// Counts the person's bookings of the week, checks the rules and writes, in one transaction
/// that first writes the person's row: bookings of one person made at once (by one instance or
/// several) are counted one after the other, so none passes the weekly limit.
#[allow(clippy::too_many_arguments)]
async fn book_within_weekly_limit<'a>(
    db: &DatabaseConnection,
    who: &Principal,
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    source: BookingSource,
    now: DateTime<Utc>,
    attempt: impl Fn(u32) -> Attempt<'a>,
) -> Result<i64, BookingError> {
    let txn = db.begin().await?;
    let written: Result<i64, BookingError> = async {
        // PostgreSQL locks the row until the end of the transaction; SQLite the whole
        // database for writing.
        entities::person::Entity::update_many()
            .col_expr(
                entities::person::Column::Active,
                Expr::col(entities::person::Column::Active),
            )
            .filter(entities::person::Column::Id.eq(who.person_id))
            .exec(&txn)
            .await?;
        let (monday, sunday) = rules::week_of(day);
        let count = desk_booking::Entity::find()
            .filter(desk_booking::Column::PersonId.eq(who.person_id))
            .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
            .filter(desk_booking::Column::Day.between(monday, sunday))
            .count(&txn)
            .await?;
        rules::check(&attempt(u32::try_from(count).unwrap_or(u32::MAX)), now)
            .map_err(BookingError::Refused)?;
        insert_booking(&txn, who, desk_id, day, slot, source, now)
            .await
            .map_err(classify)
    }
    .await;
    match written {
        Ok(id) => {
            txn.commit().await.map_err(classify)?;
            Ok(id)
        }
        Err(err) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rolling back a refused booking failed");
            }
            Err(err)
        }
    }
}

/// PostgreSQL: the booking row, its half rows and its audit row in one statement (atomic on
/// its own, one round trip); the same rows as [`insert_booking`] writes.
async fn insert_booking_in_one_statement(
    db: &DatabaseConnection,
    who: &Principal,
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    source: BookingSource,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    const SQL: &str = "WITH b AS (
            INSERT INTO desk_booking (desk_id, person_id, day, slot, status, source, created_at)
            VALUES ($1, $2, $3, $4, 'active', $5, $6)
            RETURNING id, desk_id, person_id, day
        ), h AS (
            INSERT INTO desk_booking_half (booking_id, desk_id, person_id, day, half)
            SELECT b.id, b.desk_id, b.person_id, b.day, v.half
            FROM b, (VALUES (0::smallint), (1::smallint)) AS v(half)
            WHERE (v.half = 0 AND $7) OR (v.half = 1 AND $8)
        ), a AS (
            INSERT INTO audit_log (at, actor_person_id, organisation_id, action, entity, entity_id, detail)
            SELECT $6, $2, $9, 'desk_booking.create', 'desk_booking', b.id::text, $10::json FROM b
        )
        SELECT id FROM b";
    let db_slot = DbSlot::from(slot);
    let halves = db_slot.halves();
    let slot_code = sea_orm::ActiveEnum::to_value(&db_slot);
    let source_code = sea_orm::ActiveEnum::to_value(&source);
    let detail = serde_json::json!({
        "desk_id": desk_id,
        "day": day,
        "slot": slot_code,
        "source": source_code,
    });
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        SQL,
        [
            desk_id.into(),
            who.person_id.into(),
            day.into(),
            slot_code.into(),
            source_code.into(),
            now.into(),
            halves.contains(&desk_booking_half::MORNING).into(),
            halves.contains(&desk_booking_half::AFTERNOON).into(),
            who.organisation_id.into(),
            detail.into(),
        ],
    );
    let row = db
        .query_one_raw(statement)
        .await?
        .ok_or_else(|| DbErr::RecordNotInserted)?;
    row.try_get::<i64>("", "id")
}

/// Commits on success; on failure rolls back at once (a failed transaction merely dropped is
/// rolled back later, and until then SQLite keeps the file locked for every other writer).
pub(crate) async fn finish<T>(
    txn: DatabaseTransaction,
    written: Result<T, DbErr>,
) -> Result<T, DbErr> {
    match written {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(err) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rolling back a failed booking write failed");
            }
            Err(err)
        }
    }
}

/// The booking row, its half rows and its audit row; the transaction is the caller's.
async fn insert_booking(
    txn: &DatabaseTransaction,
    who: &Principal,
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    source: BookingSource,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let db_slot = DbSlot::from(slot);
    let booking = desk_booking::Entity::insert(desk_booking::ActiveModel {
        desk_id: Set(desk_id),
        person_id: Set(Some(who.person_id)),
        day: Set(day),
        slot: Set(db_slot),
        status: Set(DeskBookingStatus::Active),
        source: Set(source),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let booking_id = booking.last_insert_id;
    desk_booking_half::Entity::insert_many(db_slot.halves().iter().map(|half| {
        desk_booking_half::ActiveModel {
            booking_id: Set(booking_id),
            desk_id: Set(desk_id),
            person_id: Set(Some(who.person_id)),
            day: Set(day),
            half: Set(*half),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    audit(
        txn,
        who,
        "desk_booking.create",
        booking_id,
        serde_json::json!({
            "desk_id": desk_id,
            "day": day,
            "slot": sea_orm::ActiveEnum::to_value(&db_slot),
            "source": sea_orm::ActiveEnum::to_value(&source),
        }),
        now,
    )
    .await?;
    Ok(booking_id)
}

/// Writes one `audit_log` row about a booking: ids only, no names.
async fn audit(
    txn: &DatabaseTransaction,
    who: &Principal,
    action: &str,
    booking_id: i64,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::audit::write(
        txn,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(Some(who.person_id)),
            organisation_id: Set(Some(who.organisation_id)),
            action: Set(action.to_owned()),
            entity: Set("desk_booking".to_owned()),
            entity_id: Set(Some(booking_id.to_string())),
            detail: Set(Some(detail)),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// Cancels one of `who`'s active bookings whose slot has not ended, freeing its desk.
/// [`BookingError::NotFound`] if there is no such active booking of theirs;
/// [`Refusal::InThePast`] once the slot has ended.
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn cancel(
    db: &DatabaseConnection,
    who: &Principal,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let booking = desk_booking::Entity::find_by_id(booking_id)
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    if rules::is_past(tz, booking.day, booking.slot.into(), now) {
        return Err(BookingError::Refused(Refusal::InThePast));
    }
    let txn = db.begin().await?;
    let written = cancel_in(&txn, who, booking.id, now).await;
    match finish(txn, written).await? {
        true => Ok(()),
        // Cancelled in the meantime by a parallel request: nothing was written.
        false => Err(BookingError::NotFound),
    }
}

/// Cancels every active booking of `who` from `from` to `to` (inclusive) whose slot has not
/// ended, in one transaction (a holiday, an illness). The ids cancelled, in order of day.
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn cancel_range(
    db: &DatabaseConnection,
    who: &Principal,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    if from > to {
        return Err(BookingError::InvalidInput(
            "the range ends before it starts".to_owned(),
        ));
    }
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.between(from, to))
        .order_by_asc(desk_booking::Column::Day)
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    let txn = db.begin().await?;
    let written = async {
        let mut cancelled = Vec::new();
        for booking in bookings {
            if !rules::is_past(tz, booking.day, booking.slot.into(), now)
                && cancel_in(&txn, who, booking.id, now).await?
            {
                cancelled.push(booking.id);
            }
        }
        Ok(cancelled)
    }
    .await;
    Ok(finish(txn, written).await?)
}

/// Cancels an active booking of `who`; `false` if it was no longer active.
async fn cancel_in(
    txn: &DatabaseTransaction,
    who: &Principal,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    end_booking(
        txn,
        booking_id,
        Ending {
            status: DeskBookingStatus::Cancelled,
            only_if_not_checked_in: false,
            actor: Some(who.person_id),
            organisation: who.organisation_id,
            action: "desk_booking.cancel",
            detail: serde_json::json!({}),
        },
        now,
    )
    .await
}

/// How a booking ends before its slot does: cancelled, checked out, released.
pub(crate) struct Ending {
    /// The state it ends in.
    pub status: DeskBookingStatus,
    /// Only if nobody has checked in (a release).
    pub only_if_not_checked_in: bool,
    /// Who ends it (`None`: Platzwahl itself).
    pub actor: Option<i32>,
    /// The organisation of the booking's person, for the audit row.
    pub organisation: i32,
    /// The audit row's action.
    pub action: &'static str,
    /// The audit row's detail (ids and codes only).
    pub detail: serde_json::Value,
}

/// Ends an active booking: its state (and, but for a check-out, `cancelled_at`), its
/// half-day rows deleted so the desk is free, and an audit row; `false` if it was no longer
/// active. The transaction is the caller's.
pub(crate) async fn end_booking(
    txn: &DatabaseTransaction,
    booking_id: i64,
    ending: Ending,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut update = desk_booking::Entity::update_many()
        .col_expr(
            desk_booking::Column::Status,
            Expr::value(sea_orm::ActiveEnum::to_value(&ending.status)),
        )
        .filter(desk_booking::Column::Id.eq(booking_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active));
    if ending.status != DeskBookingStatus::CheckedOut {
        update = update.col_expr(desk_booking::Column::CancelledAt, Expr::value(now));
    }
    if ending.only_if_not_checked_in {
        update = update.filter(desk_booking::Column::CheckedInAt.is_null());
    }
    if update.exec(txn).await?.rows_affected == 0 {
        return Ok(false);
    }
    desk_booking_half::Entity::delete_many()
        .filter(desk_booking_half::Column::BookingId.eq(booking_id))
        .exec(txn)
        .await?;
    crate::audit::write(
        txn,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(ending.actor),
            organisation_id: Set(Some(ending.organisation)),
            action: Set(ending.action.to_owned()),
            entity: Set("desk_booking".to_owned()),
            entity_id: Set(Some(booking_id.to_string())),
            detail: Set(Some(ending.detail)),
            ..Default::default()
        },
    )
    .await?;
    Ok(true)
}

/// Moves `who`'s active booking `booking_id` to `desk_id` (same day and slot) in one
/// transaction: the old booking is cancelled (audit action `desk_booking.moved`, by `actor`)
/// and a new one written (source `allocator`). The new booking's id; a lost race for the new
/// desk leaves the old booking as it was and is [`Refusal::DeskTaken`].
pub(crate) async fn move_booking(
    db: &DatabaseConnection,
    who: &Principal,
    booking_id: i64,
    desk_id: i32,
    actor: Option<i32>,
    now: DateTime<Utc>,
) -> Result<i64, BookingError> {
    let old = desk_booking::Entity::find_by_id(booking_id)
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    let txn = db.begin().await?;
    let written = async {
        let ended = end_booking(
            &txn,
            booking_id,
            Ending {
                status: DeskBookingStatus::Cancelled,
                only_if_not_checked_in: false,
                actor,
                organisation: who.organisation_id,
                action: "desk_booking.moved",
                detail: serde_json::json!({ "from_desk": old.desk_id, "to_desk": desk_id }),
            },
            now,
        )
        .await?;
        if !ended {
            return Ok(None);
        }
        insert_booking(
            &txn,
            who,
            desk_id,
            old.day,
            old.slot.into(),
            BookingSource::Allocator,
            now,
        )
        .await
        .map(Some)
    }
    .await;
    match finish(txn, written).await.map_err(classify)? {
        Some(id) => Ok(id),
        None => Err(BookingError::NotFound),
    }
}

/// `who`'s bookings: upcoming (active, slot not ended, soonest first) and past (ended,
/// cancelled or released; latest first, at most [`PAST_BOOKINGS_SHOWN`]).
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn my_bookings(
    db: &DatabaseConnection,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<MyBookings, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let today = rules::today(tz, now);
    let from_today = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Day.gte(today))
        .order_by_asc(desk_booking::Column::Day)
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    let before_today = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Day.lt(today))
        .order_by_desc(desk_booking::Column::Day)
        .order_by_desc(desk_booking::Column::Id)
        .limit(PAST_BOOKINGS_SHOWN)
        .all(db)
        .await?;
    let (upcoming, mut past): (Vec<_>, Vec<_>) = from_today.into_iter().partition(|b| {
        b.status == DeskBookingStatus::Active && !rules::is_past(tz, b.day, b.slot.into(), now)
    });
    past.reverse();
    past.extend(before_today);
    past.sort_by(|a, b| b.day.cmp(&a.day).then(b.id.cmp(&a.id)));
    past.truncate(usize::try_from(PAST_BOOKINGS_SHOWN).unwrap_or(usize::MAX));
    let upcoming = views(db, upcoming).await?;
    let past = views(db, past).await?;
    Ok(MyBookings { upcoming, past })
}

/// Bookings as a person sees them, with desk label, zone and floor.
pub(crate) async fn views(
    db: &DatabaseConnection,
    bookings: Vec<desk_booking::Model>,
) -> Result<Vec<BookingView>, DbErr> {
    let desk_ids: HashSet<i32> = bookings.iter().map(|b| b.desk_id).collect();
    let desks: HashMap<i32, desk::Model> = desk::Entity::find()
        .filter(desk::Column::Id.is_in(desk_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let zone_ids: HashSet<i32> = desks.values().map(|d| d.zone_id).collect();
    let zones: HashMap<i32, (String, i32)> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(zone_ids))
        .find_also_related(floor::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(z, f)| (z.id, (z.name, f.map_or(0, |f| f.level))))
        .collect();
    Ok(bookings
        .into_iter()
        .map(|b| {
            let desk = desks.get(&b.desk_id);
            let (zone, level) = desk
                .and_then(|d| zones.get(&d.zone_id))
                .cloned()
                .unwrap_or_default();
            BookingView {
                id: b.id,
                desk_id: b.desk_id,
                desk: desk.map(|d| d.label.clone()).unwrap_or_default(),
                level,
                zone,
                day: b.day,
                slot: b.slot.into(),
                status: b.status.into(),
                checked_in: b.checked_in_at.is_some(),
            }
        })
        .collect())
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
