//! Booking one desk for one or many days: checked by the rules, written in one statement
//! each, the weekly limit kept in one transaction.

use super::*;
use crate::db::begin_write;

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
            Ok(booking_id) => {
                count_outcome(Ok(()));
                DayResult::Booked { booking_id }
            }
            Err(BookingError::Refused(reason)) => {
                count_outcome(Err(reason));
                DayResult::Refused { reason }
            }
            Err(other) => return Err(other),
        };
        outcomes.push(DayOutcome { day, result });
    }
    Ok(outcomes)
}

/// Checks and writes one day; the new booking's id.
#[allow(clippy::too_many_arguments)]
pub(super) async fn book_day(
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
    let txn = begin_write(db).await?;
    let written = insert_booking(&txn, who, desk.id, day, slot, source, now).await;
    finish(txn, written).await.map_err(classify)
}

/// Counts the person's bookings of the week, checks the rules and writes, in one transaction
/// that first writes the person's row: bookings of one person made at once (by one instance or
/// several) are counted one after the other, so none passes the weekly limit.
#[allow(clippy::too_many_arguments)]
pub(super) async fn book_within_weekly_limit<'a>(
    db: &DatabaseConnection,
    who: &Principal,
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    source: BookingSource,
    now: DateTime<Utc>,
    attempt: impl Fn(u32) -> Attempt<'a>,
) -> Result<i64, BookingError> {
    let txn = begin_write(db).await?;
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

/// The one statement that writes a booking on PostgreSQL: the booking, its half rows and its
/// audit row. Parameters: desk, person, day, slot, source, now, morning?, afternoon?,
/// organisation, detail (JSON). The benchmark explains this same statement.
pub const INSERT_BOOKING_SQL: &str = "WITH b AS (
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

/// PostgreSQL: the booking row, its half rows and its audit row in one statement (atomic on
/// its own, one round trip); the same rows as [`insert_booking`] writes.
pub(super) async fn insert_booking_in_one_statement(
    db: &DatabaseConnection,
    who: &Principal,
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    source: BookingSource,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
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
        INSERT_BOOKING_SQL,
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
pub(super) async fn insert_booking(
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
pub(super) async fn audit(
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
