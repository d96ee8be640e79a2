//! Cancelling, ending and moving bookings.

use super::*;
use crate::db::begin_write;

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
    let txn = begin_write(db).await?;
    let written = cancel_in(&txn, who, booking.id, now).await;
    match finish(txn, written).await? {
        true => Ok(()),
        // Cancelled in the meantime by a parallel request: nothing was written.
        false => Err(BookingError::NotFound),
    }
}

/// The longest range [`cancel_range`] cancels in one go, in days.
pub const MAX_CANCEL_DAYS: i64 = 366;

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
    // Bookings are made a few months ahead at most; a longer range is a mistake, and dates
    // far beyond any calendar are refused here rather than by the database (PostgreSQL's
    // dates end where chrono's do not).
    if (to - from).num_days() >= MAX_CANCEL_DAYS {
        return Err(BookingError::InvalidInput(format!(
            "a range covers at most {MAX_CANCEL_DAYS} days"
        )));
    }
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.between(from, to))
        .order_by_asc(desk_booking::Column::Day)
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    let txn = begin_write(db).await?;
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
pub(super) async fn cancel_in(
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
    let txn = begin_write(db).await?;
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
        let id = insert_booking(
            &txn,
            who,
            desk_id,
            old.day,
            old.slot.into(),
            BookingSource::Allocator,
            now,
        )
        .await?;
        let mut params = crate::mail::desk_params(
            &txn,
            who.person_id,
            desk_id,
            old.day,
            old.slot.into(),
            Some(crate::mail::Method::Request),
            now,
        )
        .await?;
        params.from_desk = desk::Entity::find_by_id(old.desk_id)
            .one(&txn)
            .await?
            .map(|d| d.label);
        crate::mail::enqueue(
            &txn,
            crate::mail::Mail {
                person_id: who.person_id,
                kind: crate::mail::MailKind::BookingMoved,
                key: format!("booking_moved:{booking_id}"),
                params,
            },
            now,
        )
        .await?;
        Ok(Some(id))
    }
    .await;
    match finish(txn, written).await.map_err(classify)? {
        Some(id) => Ok(id),
        None => Err(BookingError::NotFound),
    }
}
