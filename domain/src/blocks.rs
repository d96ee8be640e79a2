//! Blocks of desks and zones (painters, a broken desk, a move), made by facility management,
//! and the repair they set off: every booking in the way whose slot has not ended is moved by
//! the allocator to the best free desk for its person — near where it was (the same zone
//! first, a desk like the old one), in the person's home zones — and nobody else is moved.
//! A booking for which no desk is free stays where it was, counted in the answer, and its
//! person is told (`booking_blocked`, once per booking and block): the booking is theirs
//! still, to cancel or to rebook once a desk is free, but the desk cannot be used.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entities::enums::DeskBookingStatus;
use entities::{audit_log, block, desk, desk_booking, zone};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::allocation::{self, CHOOSING, Snapshot};
use crate::auth::{Principal, Via, load_principal};
use crate::booking::{self, BookingError, Facts, rules};
use crate::db::begin_write;
use wire::i18n::Lang;
use wire::model::{BlockView, Need, NewBlock};

/// The longest block, in days.
pub const MAX_BLOCK_DAYS: i64 = 366;

/// Local-search moves of a repair (the people moved are few).
const REPAIR_MOVES: u64 = 5_000;

/// The audit action that records what a block's repair did (detail: `moved`,
/// `without_desk`); [`list`] reads the counts from it.
const REPAIRED: &str = "block.repaired";

/// The needs a desk's equipment would meet: what the person had, wished for again.
fn needs_met_by(d: &desk::Model) -> Vec<Need> {
    let mut needs = Vec::new();
    if d.height_adjustable {
        needs.push(Need::HeightAdjustable);
    }
    if d.has_docking {
        needs.push(Need::Docking);
    }
    if d.monitors >= 2 {
        needs.push(Need::TwoMonitors);
    }
    needs
}

/// Blocks a desk or a zone for `block.from_day..=block.to_day` and moves the bookings in its
/// way. `who` (facility management) is recorded in the audit log.
#[tracing::instrument(skip(db, who, new), fields(by = who.person_id))]
pub async fn create(
    db: &DatabaseConnection,
    who: &Principal,
    new: &NewBlock,
    now: DateTime<Utc>,
) -> Result<BlockView, BookingError> {
    let reason = new.reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(BookingError::InvalidInput(
            "reason: 1 to 200 characters".into(),
        ));
    }
    if new.to_day < new.from_day {
        return Err(BookingError::InvalidInput(
            "to_day: on or after from_day".into(),
        ));
    }
    if new.to_day - new.from_day >= Duration::days(MAX_BLOCK_DAYS) {
        return Err(BookingError::InvalidInput(format!(
            "to_day: at most {MAX_BLOCK_DAYS} days after from_day"
        )));
    }
    let (desks, place): (Vec<desk::Model>, String) = match (new.desk_id, new.zone_id) {
        (Some(desk_id), None) => {
            let d = desk::Entity::find_by_id(desk_id)
                .one(db)
                .await?
                .ok_or(BookingError::NotFound)?;
            let label = d.label.clone();
            (vec![d], label)
        }
        (None, Some(zone_id)) => {
            let z = zone::Entity::find_by_id(zone_id)
                .one(db)
                .await?
                .ok_or(BookingError::NotFound)?;
            let desks = desk::Entity::find()
                .filter(desk::Column::ZoneId.eq(zone_id))
                .all(db)
                .await?;
            (desks, z.name)
        }
        _ => {
            return Err(BookingError::InvalidInput("give desk_id or zone_id".into()));
        }
    };
    let txn = begin_write(db).await?;
    let written = insert_block(&txn, who, new, reason, &desks, now).await;
    let row = crate::booking::finish(txn, written).await?;

    let (moved, without_desk) =
        repair(db, who, row.id, &desks, new.from_day, new.to_day, now).await?;
    if moved > 0 || without_desk > 0 {
        // What the repair did, for the list of blocks (counts only).
        crate::audit::write(
            db,
            audit_log::ActiveModel {
                at: Set(now),
                actor_person_id: Set(Some(who.person_id)),
                organisation_id: Set(Some(who.organisation_id)),
                action: Set(REPAIRED.to_owned()),
                entity: Set("block".to_owned()),
                entity_id: Set(Some(row.id.to_string())),
                detail: Set(Some(serde_json::json!({
                    "moved": moved,
                    "without_desk": without_desk,
                }))),
                ..Default::default()
            },
        )
        .await?;
    }
    tracing::info!(
        block = row.id,
        moved,
        without_desk,
        "desks blocked, bookings moved"
    );
    Ok(BlockView {
        id: row.id,
        desk_id: row.desk_id,
        zone_id: row.zone_id,
        place,
        from_day: row.from_day,
        to_day: row.to_day,
        reason: row.reason,
        moved,
        without_desk,
    })
}

/// Writes the block and its audit row; the transaction is the caller's. On PostgreSQL it
/// first takes an update lock on every desk the block covers: bookings of those desks being
/// written now finish first (the repair then finds them), later ones wait and are refused by
/// the trigger `desk_booking_not_blocked` (migration 16).
async fn insert_block(
    txn: &DatabaseTransaction,
    who: &Principal,
    new: &NewBlock,
    reason: &str,
    desks: &[desk::Model],
    now: DateTime<Utc>,
) -> Result<block::Model, sea_orm::DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres && !desks.is_empty() {
        desk::Entity::find()
            .filter(desk::Column::Id.is_in(desks.iter().map(|d| d.id)))
            .order_by_asc(desk::Column::Id)
            .lock_exclusive()
            .all(txn)
            .await?;
    }
    let row = block::ActiveModel {
        desk_id: Set(new.desk_id),
        zone_id: Set(new.zone_id),
        room_id: Set(None),
        from_day: Set(new.from_day),
        to_day: Set(new.to_day),
        reason: Set(reason.to_owned()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crate::audit::write(
        txn,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(Some(who.person_id)),
            organisation_id: Set(Some(who.organisation_id)),
            action: Set("block.create".to_owned()),
            entity: Set("block".to_owned()),
            entity_id: Set(Some(row.id.to_string())),
            detail: Set(Some(serde_json::json!({
                "desk_id": new.desk_id,
                "zone_id": new.zone_id,
                "from_day": new.from_day,
                "to_day": new.to_day,
            }))),
            ..Default::default()
        },
    )
    .await?;
    Ok(row)
}

/// Moves the bookings on `desks` (blocked by block `block_id`) from `from` to `to` whose slot
/// has not ended; counts moved and left without a desk. The person of a booking left on its
/// desk is told ([`tell_blocked`]).
async fn repair(
    db: &DatabaseConnection,
    who: &Principal,
    block_id: i32,
    desks: &[desk::Model],
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(u32, u32), BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let ids: Vec<i32> = desks.iter().map(|d| d.id).collect();
    let blocked: HashSet<i32> = ids.iter().copied().collect();
    let affected = desk_booking::Entity::find()
        .filter(desk_booking::Column::DeskId.is_in(ids))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.gte(from.max(rules::today(tz, now))))
        .filter(desk_booking::Column::Day.lte(to))
        .order_by_asc(desk_booking::Column::Day)
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    let mut by_day: BTreeMap<NaiveDate, Vec<desk_booking::Model>> = BTreeMap::new();
    for b in affected {
        if b.person_id.is_some() && !rules::is_past(tz, b.day, b.slot.into(), now) {
            by_day.entry(b.day).or_default().push(b);
        }
    }
    if by_day.is_empty() {
        return Ok((0, 0));
    }
    // The block is in the database now; read the facts afresh, not from the cache.
    let facts = Facts::load(db).await?;
    let (mut moved, mut without) = (0, 0);
    let _choosing = CHOOSING.lock().await;
    for (day, bookings) in by_day {
        let mut snapshot = Snapshot::load(db, &facts, day, now).await?;
        snapshot.drop_pins_on(&blocked);
        let mut problem = snapshot.problem().clone();
        let mut people = BTreeMap::new();
        for b in &bookings {
            let Some(person_id) = b.person_id else {
                continue;
            };
            let Some(person) = load_principal(db, person_id, Via::Allocator).await? else {
                without += 1;
                continue;
            };
            let old = desks.iter().find(|d| d.id == b.desk_id);
            let wishes = old.map(needs_met_by).unwrap_or_default();
            let mut request = snapshot
                .request(
                    db,
                    &facts,
                    &person,
                    day,
                    b.slot.into(),
                    &[],
                    &wishes,
                    Lang::De,
                    now,
                )
                .await?;
            request.id = allocator::RequestId::new(b.id.to_string());
            if let Some(old) = old {
                allocation::prefer_zone(&mut request, old.zone_id);
            }
            problem.requests.push(request);
            people.insert(b.id.to_string(), (b.clone(), person));
        }
        let config = allocation::config(day, REPAIR_MOVES);
        let placements = allocator::allocate(&problem, &config)
            .map_err(|err| {
                tracing::error!(error = %err, "the allocator refused the repair as read");
                BookingError::Database(sea_orm::DbErr::Custom(
                    "the allocator refused its input".into(),
                ))
            })?
            .placements;
        for placement in placements {
            let Some((old, person)) = people.remove(placement.request.as_str()) else {
                continue;
            };
            let Some(desk) = placement.desk().and_then(allocation::desk_id) else {
                without += 1;
                tell_blocked(db, &old, block_id, now).await?;
                continue;
            };
            match booking::move_booking(db, &person, old.id, desk, Some(who.person_id), now).await {
                Ok(_) => moved += 1,
                Err(BookingError::Refused(_)) => {
                    without += 1;
                    tell_blocked(db, &old, block_id, now).await?;
                }
                Err(BookingError::NotFound) => without += 1,
                Err(other) => return Err(other),
            }
        }
    }
    Ok((moved, without))
}

/// Queues the `booking_blocked` mail (and push) of `booking`, left on its desk by block
/// `block_id`: once per booking and block.
async fn tell_blocked(
    db: &DatabaseConnection,
    booking: &desk_booking::Model,
    block_id: i32,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let Some(person_id) = booking.person_id else {
        return Ok(());
    };
    let txn = begin_write(db).await?;
    let queued = async {
        let params = crate::mail::desk_params(
            &txn,
            person_id,
            booking.desk_id,
            booking.day,
            booking.slot.into(),
            None,
            now,
        )
        .await?;
        crate::mail::enqueue(
            &txn,
            crate::mail::Mail {
                person_id,
                kind: crate::mail::MailKind::BookingBlocked,
                key: format!("booking_blocked:{}:{block_id}", booking.id),
                params,
            },
            now,
        )
        .await
    }
    .await;
    crate::booking::finish(txn, queued).await?;
    Ok(())
}

/// Blocks from today on (and those still running), soonest first, with what their repair did.
pub async fn list(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<BlockView>, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let rows = block::Entity::find()
        .filter(block::Column::ToDay.gte(rules::today(tz, now)))
        .filter(block::Column::RoomId.is_null())
        .order_by_asc(block::Column::FromDay)
        .order_by_asc(block::Column::Id)
        .all(db)
        .await?;
    let repaired: std::collections::HashMap<String, (u32, u32)> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("block"))
        .filter(audit_log::Column::Action.eq(REPAIRED))
        .filter(audit_log::Column::EntityId.is_in(rows.iter().map(|r| r.id.to_string())))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|entry| {
            let detail = entry.detail?;
            let count = |key: &str| {
                detail
                    .get(key)
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or_default()
            };
            Some((entry.entity_id?, (count("moved"), count("without_desk"))))
        })
        .collect();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let (moved, without_desk) = repaired
            .get(&row.id.to_string())
            .copied()
            .unwrap_or_default();
        let place = match (row.desk_id, row.zone_id) {
            (Some(d), _) => desk::Entity::find_by_id(d)
                .one(db)
                .await?
                .map(|d| d.label)
                .unwrap_or_default(),
            (None, Some(z)) => zone::Entity::find_by_id(z)
                .one(db)
                .await?
                .map(|z| z.name)
                .unwrap_or_default(),
            (None, None) => String::new(),
        };
        views.push(BlockView {
            id: row.id,
            desk_id: row.desk_id,
            zone_id: row.zone_id,
            place,
            from_day: row.from_day,
            to_day: row.to_day,
            reason: row.reason,
            moved,
            without_desk,
        });
    }
    Ok(views)
}

/// Ends a block (the desks are free again from now on). [`BookingError::NotFound`] for no such
/// block of a desk or zone.
pub async fn remove(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), BookingError> {
    let deleted = block::Entity::delete_many()
        .filter(block::Column::Id.eq(id))
        .filter(block::Column::RoomId.is_null())
        .exec(db)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(BookingError::NotFound);
    }
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(Some(who.person_id)),
            organisation_id: Set(Some(who.organisation_id)),
            action: Set("block.delete".to_owned()),
            entity: Set("block".to_owned()),
            entity_id: Set(Some(id.to_string())),
            detail: Set(None),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
