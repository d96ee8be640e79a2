//! Day allocation: people ask for a desk on a day until the cut-off (the evening before, at
//! `[booking] requests_close`); then one run of the allocator places every request of the day
//! at once, around the bookings already made, and each desk is booked for its person under
//! the usual rules. People see the result with the allocator's explanation and can decline it
//! (the booking is cancelled, the desk free again) or, before the cut-off, withdraw.
//!
//! The server runs [`run_due`] every minute; facility management can close a day early and
//! run it at once ([`run_day`]).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use entities::enums::{BookingSource, DeskBookingStatus, DeskRequestStatus, Locale};
use entities::{audit_log, desk_booking, desk_request, person};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, Statement,
};

use crate::allocation::{self, CHOOSING, Snapshot};
use crate::auth::{Principal, Via, load_principal};
use crate::booking::{self, BookingError, Facts, rules};
use crate::db::begin_write;
use wire::i18n::Lang;
use wire::model::{DayRequest, DayRun, DeskRequestView, Need, Refusal, RequestStatus, Slot};

/// Local-search moves of a day's run (well under a second for a building of 1,000 desks).
pub const DAY_MOVES: u64 = 200_000;

/// When requests for `day` close: `close` local time on the day before.
pub fn closes_at(tz: chrono_tz::Tz, day: NaiveDate, close: NaiveTime) -> DateTime<Utc> {
    rules::local_instant(tz, day - Duration::days(1), close)
}

fn codes(needs: &[Need]) -> String {
    let mut codes: Vec<&str> = needs.iter().map(|n| n.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes.join(",")
}

fn needs_of(codes: &str) -> Vec<Need> {
    codes.split(',').filter_map(Need::from_code).collect()
}

fn status_of(status: DeskRequestStatus) -> RequestStatus {
    match status {
        DeskRequestStatus::Pending => RequestStatus::Pending,
        DeskRequestStatus::Placed => RequestStatus::Placed,
        DeskRequestStatus::Unplaced => RequestStatus::Unplaced,
        DeskRequestStatus::Declined => RequestStatus::Declined,
        DeskRequestStatus::Withdrawn => RequestStatus::Withdrawn,
    }
}

/// Asks for a desk for `who` on `request.day` in the day's allocation. A request of theirs for
/// that day already there is replaced (asked again after withdrawing or declining). Refused
/// once requests for the day have closed, or when the person already has a desk then.
#[tracing::instrument(skip(db, who, request), fields(person = who.person_id))]
pub async fn submit(
    db: &DatabaseConnection,
    who: &Principal,
    request: &DayRequest,
    close: NaiveTime,
    now: DateTime<Utc>,
) -> Result<DeskRequestView, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    if now >= closes_at(tz, request.day, close) {
        return Err(BookingError::Refused(Refusal::RequestsClosed));
    }
    let existing = desk_request::Entity::find()
        .filter(desk_request::Column::PersonId.eq(who.person_id))
        .filter(desk_request::Column::Day.eq(request.day))
        .one(db)
        .await?;
    if existing
        .as_ref()
        .is_some_and(|r| r.status == DeskRequestStatus::Placed)
    {
        return Err(BookingError::Refused(Refusal::PersonHasDesk));
    }
    let row = match existing {
        Some(row) => {
            let mut active = row.into_active_model();
            active.slot = Set(request.slot.into());
            active.needs = Set(codes(&request.needs));
            active.wishes = Set(codes(&request.wishes));
            active.status = Set(DeskRequestStatus::Pending);
            active.booking_id = Set(None);
            active.explanation = Set(None);
            active.created_at = Set(now);
            active.decided_at = Set(None);
            active.update(db).await?
        }
        None => desk_request::ActiveModel {
            person_id: Set(who.person_id),
            day: Set(request.day),
            slot: Set(request.slot.into()),
            needs: Set(codes(&request.needs)),
            wishes: Set(codes(&request.wishes)),
            status: Set(DeskRequestStatus::Pending),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .map_err(|err| match err.sql_err() {
            // The same person asking twice at once: the second finds the first.
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                BookingError::Refused(Refusal::PersonHasDesk)
            }
            _ => BookingError::from(err),
        })?,
    };
    Ok(view(tz, row, close, &HashMap::new()))
}

fn view(
    tz: chrono_tz::Tz,
    row: desk_request::Model,
    close: NaiveTime,
    bookings: &HashMap<i64, wire::model::BookingView>,
) -> DeskRequestView {
    let booking = row.booking_id.and_then(|id| bookings.get(&id));
    DeskRequestView {
        id: row.id,
        day: row.day,
        slot: row.slot.into(),
        needs: needs_of(&row.needs),
        wishes: needs_of(&row.wishes),
        status: status_of(row.status),
        closes_at: closes_at(tz, row.day, close),
        booking_id: row.booking_id,
        desk_id: booking.map(|b| b.desk_id),
        desk: booking.map(|b| b.desk.clone()),
        zone: booking.map(|b| b.zone.clone()),
        building: booking.map(|b| b.building.clone()),
        level: booking.map(|b| b.level),
        explanation: row.explanation,
    }
}

/// `who`'s requests from today on, soonest first.
pub async fn mine(
    db: &DatabaseConnection,
    who: &Principal,
    close: NaiveTime,
    now: DateTime<Utc>,
) -> Result<Vec<DeskRequestView>, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let rows = desk_request::Entity::find()
        .filter(desk_request::Column::PersonId.eq(who.person_id))
        .filter(desk_request::Column::Day.gte(rules::today(tz, now)))
        .order_by_asc(desk_request::Column::Day)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.booking_id).collect();
    let bookings = entities::desk_booking::Entity::find()
        .filter(entities::desk_booking::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let bookings: HashMap<i64, wire::model::BookingView> = booking::views(db, bookings)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| view(tz, row, close, &bookings))
        .collect())
}

/// Withdraws a pending request of `who` (before the cut-off), or declines the desk a run gave
/// them (its booking is cancelled, the desk free again). [`BookingError::NotFound`] for no
/// such request of theirs, or one already withdrawn, declined or unplaced.
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn withdraw_or_decline(
    db: &DatabaseConnection,
    who: &Principal,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let row = desk_request::Entity::find_by_id(id)
        .filter(desk_request::Column::PersonId.eq(who.person_id))
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    let status = match row.status {
        DeskRequestStatus::Pending => DeskRequestStatus::Withdrawn,
        DeskRequestStatus::Placed => {
            if let Some(booking_id) = row.booking_id {
                match booking::cancel(db, who, booking_id, now).await {
                    // Cancelled already, by hand: declining is what is left to say.
                    Ok(()) | Err(BookingError::NotFound) => {}
                    Err(other) => return Err(other),
                }
            }
            DeskRequestStatus::Declined
        }
        DeskRequestStatus::Unplaced
        | DeskRequestStatus::Declined
        | DeskRequestStatus::Withdrawn => return Err(BookingError::NotFound),
    };
    let mut active = row.into_active_model();
    active.status = Set(status);
    active.decided_at = Set(Some(now));
    active.update(db).await?;
    Ok(())
}

/// Allocates every pending request of `day` now, around the bookings already made; each desk
/// given is booked for its person. Counts of what happened.
#[tracing::instrument(skip(db, facts))]
pub async fn run_day(
    db: &DatabaseConnection,
    facts: &Facts,
    day: NaiveDate,
    now: DateTime<Utc>,
    policy: allocator::Policy,
) -> Result<DayRun, BookingError> {
    let _choosing = CHOOSING.lock().await;
    let day_lock = DayLock::take(db, day).await?;
    let ran = run_locked(db, facts, day, now, policy).await;
    day_lock.release().await;
    ran
}

/// Held while a day is allocated: on PostgreSQL a transaction holding an advisory lock of
/// the day, so that instances running the cut-off at once (or facility management closing
/// the day early on another instance) allocate it one after the other: the later finds
/// nothing pending. On SQLite there is one instance, and the process's lock is enough.
struct DayLock(Option<DatabaseTransaction>);

/// The first key of the day allocation's advisory locks ("PLZD"); the second is the day.
pub const DAY_LOCK_CLASS: i32 = 0x504C_5A44;

impl DayLock {
    async fn take(db: &DatabaseConnection, day: NaiveDate) -> Result<Self, DbErr> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Self(None));
        }
        let txn = begin_write(db).await?;
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)",
            [DAY_LOCK_CLASS.into(), day.num_days_from_ce().into()],
        ))
        .await?;
        Ok(Self(Some(txn)))
    }

    async fn release(self) {
        if let Some(txn) = self.0
            && let Err(err) = txn.commit().await
        {
            tracing::warn!(error = %err, "ending the day allocation's lock failed");
        }
    }
}

async fn run_locked(
    db: &DatabaseConnection,
    facts: &Facts,
    day: NaiveDate,
    now: DateTime<Utc>,
    policy: allocator::Policy,
) -> Result<DayRun, BookingError> {
    let rows = desk_request::Entity::find()
        .filter(desk_request::Column::Day.eq(day))
        .filter(desk_request::Column::Status.eq(DeskRequestStatus::Pending))
        .order_by_asc(desk_request::Column::Id)
        .all(db)
        .await?;
    let mut run = DayRun {
        day,
        placed: 0,
        unplaced: 0,
    };
    if rows.is_empty() {
        return Ok(run);
    }
    // A run that stopped half-way (a crash between a booking and its request's decision)
    // left bookings the allocator made for requests still pending: those are placed.
    let mut rows = rows;
    let mut booked = Vec::new();
    for (row, booking_id) in made_before(db, &mut rows, day).await? {
        booked.push(booking_id);
        if decide(
            db,
            row,
            DeskRequestStatus::Placed,
            Some(booking_id),
            None,
            now,
        )
        .await?
        {
            run.placed += 1;
        }
    }
    if rows.is_empty() {
        return Ok(run);
    }
    let snapshot = Snapshot::load(db, facts, day, now).await?;
    let mut problem = snapshot.problem().clone();
    let mut people: HashMap<String, (desk_request::Model, Principal, Lang)> = HashMap::new();
    for row in rows {
        let Some(who) = load_principal(db, row.person_id, Via::Allocator).await? else {
            if decide(db, row, DeskRequestStatus::Unplaced, None, None, now).await? {
                run.unplaced += 1;
            }
            continue;
        };
        let lang = person::Entity::find_by_id(row.person_id)
            .one(db)
            .await?
            .map_or(Lang::De, |p| match p.locale {
                Locale::De => Lang::De,
                Locale::En => Lang::En,
            });
        let mut request = snapshot
            .request(
                db,
                facts,
                &who,
                day,
                row.slot.into(),
                &needs_of(&row.needs),
                &needs_of(&row.wishes),
                lang,
                now,
            )
            .await?;
        request.id = allocator::RequestId::new(row.id.to_string());
        people.insert(row.id.to_string(), (row, who, lang));
        problem.requests.push(request);
    }
    let config = allocator::Config {
        policy,
        ..allocation::config(day, DAY_MOVES)
    };
    let placements = allocator::allocate(&problem, &config)
        .map_err(|err| {
            tracing::error!(error = %err, "the allocator refused the day's requests as read");
            BookingError::Database(DbErr::Custom("the allocator refused its input".into()))
        })?
        .placements;
    for placement in placements {
        let Some((row, who, lang)) = people.remove(placement.request.as_str()) else {
            continue;
        };
        let slot: Slot = row.slot.into();
        let explanation = placement.message().to_owned();
        let desk = placement
            .desk()
            .and_then(|d| d.as_str().parse::<i32>().ok());
        let outcome = match desk {
            Some(desk) => allocation::book_one(db, facts, &who, desk, day, slot, now).await?,
            None => Err(Refusal::NoDeskFree),
        };
        match outcome {
            Ok(booking_id) => {
                let decided = decide(
                    db,
                    row,
                    DeskRequestStatus::Placed,
                    Some(booking_id),
                    Some(explanation),
                    now,
                )
                .await?;
                if decided {
                    booked.push(booking_id);
                    run.placed += 1;
                } else {
                    // Withdrawn meanwhile: the desk is free again.
                    match booking::cancel(db, &who, booking_id, now).await {
                        Ok(()) | Err(BookingError::NotFound) => {}
                        Err(other) => return Err(other),
                    }
                }
            }
            Err(refusal) => {
                let why = if desk.is_some() {
                    refusal.message(lang).to_owned()
                } else {
                    explanation
                };
                if decide(db, row, DeskRequestStatus::Unplaced, None, Some(why), now).await? {
                    run.unplaced += 1;
                }
            }
        }
    }
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(None),
            organisation_id: Set(None),
            action: Set("day_allocation.run".to_owned()),
            entity: Set("desk_request".to_owned()),
            entity_id: Set(None),
            detail: Set(Some(serde_json::json!({
                "day": day,
                "placed": run.placed,
                "unplaced": run.unplaced,
                "bookings": booked,
            }))),
            ..Default::default()
        },
    )
    .await?;
    tracing::info!(%day, placed = run.placed, unplaced = run.unplaced, "day allocated");
    Ok(run)
}

/// Decides a request still pending; `false` if it was not pending any more (withdrawn
/// meanwhile), and nothing changed.
async fn decide(
    db: &DatabaseConnection,
    row: desk_request::Model,
    status: DeskRequestStatus,
    booking_id: Option<i64>,
    explanation: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = begin_write(db).await?;
    let written = async {
        let updated = desk_request::Entity::update_many()
            .col_expr(desk_request::Column::Status, Expr::value(status))
            .col_expr(desk_request::Column::BookingId, Expr::value(booking_id))
            .col_expr(desk_request::Column::Explanation, Expr::value(explanation))
            .col_expr(desk_request::Column::DecidedAt, Expr::value(Some(now)))
            .filter(desk_request::Column::Id.eq(row.id))
            .filter(desk_request::Column::Status.eq(DeskRequestStatus::Pending))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Ok(false);
        }
        tell(&txn, &row, status, booking_id, now).await?;
        Ok(true)
    }
    .await;
    crate::booking::finish(txn, written).await
}

/// Queues the mail that tells the person what the day allocation decided: the desk (with the
/// calendar's REQUEST of the booking), or that none was free.
async fn tell(
    txn: &DatabaseTransaction,
    row: &desk_request::Model,
    status: DeskRequestStatus,
    booking_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let slot: Slot = row.slot.into();
    let desk = match booking_id {
        Some(id) => desk_booking::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|b| b.desk_id),
        None => None,
    };
    let (kind, params) = match (status, desk) {
        (DeskRequestStatus::Placed, Some(desk)) => (
            crate::mail::MailKind::RequestPlaced,
            crate::mail::desk_params(
                txn,
                row.person_id,
                desk,
                row.day,
                slot,
                Some(crate::mail::Method::Request),
                now,
            )
            .await?,
        ),
        (DeskRequestStatus::Unplaced, _) => (
            crate::mail::MailKind::RequestUnplaced,
            crate::mail::Params {
                day: Some(row.day),
                slot: Some(slot.code().to_owned()),
                ..crate::mail::Params::default()
            },
        ),
        _ => return Ok(()),
    };
    crate::mail::enqueue(
        txn,
        crate::mail::Mail {
            person_id: row.person_id,
            key: format!("{}:{}", crate::mail::code(kind), row.id),
            kind,
            params,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Takes out of `rows` the requests whose person already holds a desk the allocator booked
/// for them on `day` since they asked, that no request is placed on: what a run that stopped
/// half-way booked without deciding. Returns them with their booking.
async fn made_before(
    db: &DatabaseConnection,
    rows: &mut Vec<desk_request::Model>,
    day: NaiveDate,
) -> Result<Vec<(desk_request::Model, i64)>, DbErr> {
    let people: Vec<i32> = rows.iter().map(|r| r.person_id).collect();
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .filter(desk_booking::Column::PersonId.is_in(people))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Source.eq(BookingSource::Allocator))
        .all(db)
        .await?;
    if bookings.is_empty() {
        return Ok(Vec::new());
    }
    let placed: Vec<i64> = desk_request::Entity::find()
        .select_only()
        .column(desk_request::Column::BookingId)
        .filter(desk_request::Column::BookingId.is_in(bookings.iter().map(|b| b.id)))
        .into_tuple::<Option<i64>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut found = Vec::new();
    let mut left = Vec::with_capacity(rows.len());
    for row in rows.drain(..) {
        let made = bookings.iter().find(|b| {
            b.person_id == Some(row.person_id)
                && b.created_at >= row.created_at
                && !placed.contains(&b.id)
        });
        match made {
            Some(booking) => found.push((row, booking.id)),
            None => left.push(row),
        }
    }
    *rows = left;
    Ok(found)
}

/// Runs every day whose requests have closed at `now` and still has pending requests (today
/// and later; pending requests of days gone by are left as they are).
pub async fn run_due(
    db: &DatabaseConnection,
    facts: &Facts,
    close: NaiveTime,
    now: DateTime<Utc>,
    policy: allocator::Policy,
) -> Result<Vec<DayRun>, BookingError> {
    let tz = facts.tz;
    let days: Vec<NaiveDate> = desk_request::Entity::find()
        .select_only()
        .column(desk_request::Column::Day)
        .distinct()
        .filter(desk_request::Column::Status.eq(DeskRequestStatus::Pending))
        .filter(desk_request::Column::Day.gte(rules::today(tz, now)))
        .order_by_asc(desk_request::Column::Day)
        .into_tuple()
        .all(db)
        .await?;
    let mut runs = Vec::new();
    for day in days {
        if closes_at(tz, day, close) <= now {
            runs.push(run_day(db, facts, day, now, policy).await?);
        }
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_close_the_evening_before_in_berlin() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        let six = NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default();
        // 18:00 in Berlin in winter is 17:00 UTC.
        assert_eq!(
            closes_at(chrono_tz::Europe::Berlin, day, six).to_rfc3339(),
            "2026-12-01T17:00:00+00:00"
        );
    }

    #[test]
    fn needs_are_stored_as_sorted_codes() {
        let stored = codes(&[Need::Quiet, Need::Accessible, Need::Quiet]);
        assert_eq!(stored, "accessible,quiet");
        assert_eq!(needs_of(&stored), vec![Need::Accessible, Need::Quiet]);
        assert_eq!(needs_of(""), Vec::<Need>::new());
    }
}
