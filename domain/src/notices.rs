//! What Platzwahl did with a person's bookings and requests without them, so that they are
//! told: a booking released because nobody checked in, a booking moved because its desk was
//! blocked, the result of a day allocation, a booking cancelled or moved because its desk or
//! room was removed. Read from the bookings, the audit log and the
//! requests of the last [`NOTICE_DAYS`] days; only the person sees their own.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entities::enums::{DeskBookingStatus, DeskRequestStatus};
use entities::{audit_log, desk, desk_booking, desk_request};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::auth::Principal;
use wire::model::{Notice, NoticeKind};

/// How far back notices go.
pub const NOTICE_DAYS: i64 = 7;

/// A booking or reservation of `who` in a desk or room the building administrators removed
/// since `since` (audit action [`PLACE_REMOVED`], written by
/// [`crate::building_admin`]): when, its day and slot, the place's label, and the desk it
/// was moved to (`None`: cancelled).
type RemovalNotice = (
    DateTime<Utc>,
    chrono::NaiveDate,
    wire::model::Slot,
    String,
    Moved,
);

/// Where a removed place's booking went.
enum Moved {
    /// Nowhere: cancelled.
    Cancelled,
    /// To this desk.
    Desk(i32),
    /// To the room with this label.
    Room(String),
}

/// The audit action of a booking or reservation whose desk or room was removed; its entity is
/// the person (`person`, their id), its detail the day, slot, place label and the new desk
/// (`to_desk`, an id) or room (`to_room`, a label). A notice to the person, not an
/// administrator's action: the audit pages leave these rows out.
pub const PLACE_REMOVED: &str = "place.removed";

async fn removals(
    db: &DatabaseConnection,
    who: &Principal,
    since: DateTime<Utc>,
) -> Result<Vec<RemovalNotice>, DbErr> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(PLACE_REMOVED))
        .filter(audit_log::Column::Entity.eq("person"))
        .filter(audit_log::Column::EntityId.eq(who.person_id.to_string()))
        .filter(audit_log::Column::At.gte(since))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let detail = row.detail?;
            let day = serde_json::from_value(detail.get("day")?.clone()).ok()?;
            let slot = serde_json::from_value(detail.get("slot")?.clone()).ok()?;
            let place = detail.get("place")?.as_str()?.to_owned();
            let to_desk = detail
                .get("to_desk")
                .and_then(serde_json::Value::as_i64)
                .and_then(|d| i32::try_from(d).ok());
            let to_room = detail.get("to_room").and_then(serde_json::Value::as_str);
            let to = match (to_desk, to_room) {
                (Some(desk), _) => Moved::Desk(desk),
                (None, Some(room)) => Moved::Room(room.to_owned()),
                (None, None) => Moved::Cancelled,
            };
            Some((row.at, day, slot, place, to))
        })
        .collect())
}

/// `who`'s notices of the last [`NOTICE_DAYS`] days, newest first.
pub async fn notices(
    db: &DatabaseConnection,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<Notice>, DbErr> {
    let since = now - Duration::days(NOTICE_DAYS);
    let labels: HashMap<i32, String> = desk::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.label))
        .collect();
    let label = |id: i32| labels.get(&id).cloned();
    let mut notices = Vec::new();

    let ended = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(
            desk_booking::Column::Status
                .is_in([DeskBookingStatus::Released, DeskBookingStatus::Cancelled]),
        )
        .filter(desk_booking::Column::CancelledAt.gte(since))
        .all(db)
        .await?;
    let cancelled: Vec<String> = ended
        .iter()
        .filter(|b| b.status == DeskBookingStatus::Cancelled)
        .map(|b| b.id.to_string())
        .collect();
    let moves: HashMap<String, Option<i64>> = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("desk_booking.moved"))
        .filter(audit_log::Column::Entity.eq("desk_booking"))
        .filter(audit_log::Column::EntityId.is_in(cancelled))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| {
            let to = row
                .detail
                .as_ref()
                .and_then(|d| d.get("to_desk"))
                .and_then(serde_json::Value::as_i64);
            row.entity_id.map(|id| (id, to))
        })
        .collect();
    for b in ended {
        let at = b.cancelled_at.unwrap_or(b.created_at);
        let kind_and_desk = match b.status {
            DeskBookingStatus::Released => Some((NoticeKind::Released, label(b.desk_id))),
            _ => moves.get(&b.id.to_string()).map(|to| {
                (
                    NoticeKind::Moved {
                        from: label(b.desk_id).unwrap_or_default(),
                    },
                    to.and_then(|d| i32::try_from(d).ok()).and_then(label),
                )
            }),
        };
        if let Some((kind, desk)) = kind_and_desk {
            notices.push(Notice {
                at,
                kind,
                day: b.day,
                slot: b.slot.into(),
                desk,
            });
        }
    }

    let decided = desk_request::Entity::find()
        .filter(desk_request::Column::PersonId.eq(who.person_id))
        .filter(
            desk_request::Column::Status
                .is_in([DeskRequestStatus::Placed, DeskRequestStatus::Unplaced]),
        )
        .filter(desk_request::Column::DecidedAt.gte(since))
        .all(db)
        .await?;
    let booked: HashMap<i64, i32> = desk_booking::Entity::find()
        .filter(desk_booking::Column::Id.is_in(decided.iter().filter_map(|r| r.booking_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.desk_id))
        .collect();
    for r in decided {
        let placed = r.status == DeskRequestStatus::Placed;
        notices.push(Notice {
            at: r.decided_at.unwrap_or(r.created_at),
            kind: if placed {
                NoticeKind::Placed
            } else {
                NoticeKind::Unplaced
            },
            day: r.day,
            slot: r.slot.into(),
            desk: r
                .booking_id
                .and_then(|id| booked.get(&id).copied())
                .and_then(label),
        });
    }
    notices.extend(
        removals(db, who, since)
            .await?
            .into_iter()
            .map(|(at, day, slot, from, to)| {
                let (kind, desk) = match to {
                    Moved::Desk(desk) => (NoticeKind::Moved { from }, label(desk)),
                    Moved::Room(to) => (NoticeKind::RoomMoved { from, to }, None),
                    Moved::Cancelled => (NoticeKind::Removed { from }, None),
                };
                Notice {
                    at,
                    kind,
                    day,
                    slot,
                    desk,
                }
            }),
    );
    notices.sort_by_key(|n| std::cmp::Reverse(n.at));
    Ok(notices)
}
