//! Each room as a calendar resource: a secret feed address per room (`pwr_…`, stored only as
//! its SHA-256 in `room_feed`) that groupware (Outlook, Thunderbird, a room display) subscribes
//! to. Facility management creates it (a new one ends the old) and revokes it.
//!
//! The feed lists the room's active reservations from a month back on. It never names who
//! reserved: a meeting room's events carry the reservation's subject (or "belegt"/"busy" without
//! one), a protected consultation room's only "belegt"/"busy" — free/busy, no subject, no notes.

use chrono::{DateTime, Duration, Utc};
use entities::enums::{PrivacyClass, ReservationStatus};
use entities::{room, room_feed, room_reservation};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use crate::audit::{self, Event as AuditEvent};
use crate::auth::Principal;
use crate::calendar::{FEED_DAYS_BACK, folded, plain};
use crate::error::Error;
use crate::secret;
use wire::i18n::Lang;
use wire::model::open_data::RoomFeedState;

/// Prefix of room feed tokens.
pub const ROOM_FEED: &str = "pwr_";

/// Every room and whether it has a feed, by label.
pub async fn rooms(db: &DatabaseConnection) -> Result<Vec<RoomFeedState>, Error> {
    let feeds: Vec<i32> = room_feed::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.room_id)
        .collect();
    Ok(room::Entity::find()
        .order_by_asc(room::Column::Label)
        .all(db)
        .await?
        .into_iter()
        .map(|r| RoomFeedState {
            has_feed: feeds.contains(&r.id),
            protected: r.privacy_class == PrivacyClass::Protected,
            room_id: r.id,
            label: r.label,
            name: r.name,
        })
        .collect())
}

/// Creates a new feed token for room `room_id`, ending an earlier one; the secret token.
/// [`Error::NotFound`] for an unknown room.
#[tracing::instrument(skip(db, who))]
pub async fn create(
    db: &DatabaseConnection,
    who: &Principal,
    room_id: i32,
) -> Result<String, Error> {
    let token = secret::generate(ROOM_FEED)?;
    let txn = crate::db::begin_write(db).await?;
    if room::Entity::find_by_id(room_id).one(&txn).await?.is_none() {
        txn.rollback().await?;
        return Err(Error::NotFound);
    }
    room_feed::Entity::delete_by_id(room_id).exec(&txn).await?;
    room_feed::Entity::insert(room_feed::ActiveModel {
        room_id: Set(room_id),
        token_hash: Set(secret::hash(&token)),
        created_at: Set(Utc::now()),
        created_by: Set(Some(who.person_id)),
    })
    .exec_without_returning(&txn)
    .await?;
    audit::write_by(&txn, AuditEvent::RoomFeedCreated, who, room_id, None).await?;
    txn.commit().await?;
    Ok(token)
}

/// Ends room `room_id`'s feed; [`Error::NotFound`] if it had none.
#[tracing::instrument(skip(db, who))]
pub async fn revoke(db: &DatabaseConnection, who: &Principal, room_id: i32) -> Result<(), Error> {
    let txn = crate::db::begin_write(db).await?;
    let deleted = room_feed::Entity::delete_by_id(room_id).exec(&txn).await?;
    if deleted.rows_affected == 0 {
        txn.rollback().await?;
        return Err(Error::NotFound);
    }
    audit::write_by(&txn, AuditEvent::RoomFeedRevoked, who, room_id, None).await?;
    txn.commit().await?;
    Ok(())
}

/// Room `room_id`'s feed as iCalendar text; `None` unless `token` is the room's current feed
/// token (an unknown room, a wrong or revoked token all look the same).
pub async fn feed(
    db: &DatabaseConnection,
    room_id: i32,
    token: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Option<String>, Error> {
    let Some(_feed) = room_feed::Entity::find_by_id(room_id)
        .filter(room_feed::Column::TokenHash.eq(secret::hash(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(room) = room::Entity::find_by_id(room_id).one(db).await? else {
        return Ok(None);
    };
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::RoomId.eq(room_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gte(now - Duration::days(FEED_DAYS_BACK)))
        .order_by_asc(room_reservation::Column::StartsAt)
        .all(db)
        .await?;
    let protected = room.privacy_class == PrivacyClass::Protected;
    let busy = match lang {
        Lang::De => "belegt",
        Lang::En => "busy",
    };
    let mut calendar = Calendar::new();
    calendar.name(&plain(&format!("{} {}", room.label, room.name)));
    for r in &reservations {
        let summary = match (&r.subject, protected) {
            (Some(subject), false) if !subject.trim().is_empty() => subject.as_str(),
            _ => busy,
        };
        let mut event = Event::new();
        event
            .uid(&format!("room-{room_id}-reservation-{}@platzwahl", r.id))
            .summary(&plain(summary))
            .location(&plain(&room.label))
            .starts(r.starts_at)
            .ends(r.ends_at);
        if protected {
            event.add_property("CLASS", "CONFIDENTIAL");
        }
        calendar.push(event.done());
    }
    Ok(Some(folded(&calendar.done().to_string())))
}
