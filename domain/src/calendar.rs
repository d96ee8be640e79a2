//! A person's calendar feed: a secret address (`pwc_…`, stored hashed as an `ical` token) that
//! Outlook, Thunderbird or a phone subscribe to. It lists the person's active desk bookings
//! from a month back on, as all-day events, and their active room reservations with their
//! times; revoking the address, or creating a new one, ends the old.
//!
//! A feed leaves the building (calendar services keep copies): a protected room's reservation
//! appears as the room and the time, without its subject or notes.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use entities::enums::{ApiTokenKind, DeskBookingStatus, PrivacyClass, ReservationStatus};
use entities::{api_token, desk_booking, room, room_reservation};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::account;
use crate::auth::{Principal, Scope};
use crate::booking::{self, rules};
use crate::error::Error;
use wire::i18n::Lang;

/// How far back the feed reaches, in days.
pub const FEED_DAYS_BACK: i64 = 31;

/// Creates a new feed address for `who`, ending any earlier one; the secret token.
pub async fn create_feed(db: &DatabaseConnection, who: &Principal) -> Result<String, Error> {
    end_feeds(db, who.person_id).await?;
    let created = account::create_token(
        db,
        who,
        ApiTokenKind::Ical,
        Some(who.person_id),
        "Kalender",
        &[Scope::Read],
    )
    .await?;
    Ok(created.token)
}

/// Ends `who`'s feed address; [`Error::NotFound`] if there was none.
pub async fn revoke_feed(db: &DatabaseConnection, who: &Principal) -> Result<(), Error> {
    if end_feeds(db, who.person_id).await? == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

async fn end_feeds(db: &DatabaseConnection, person_id: i32) -> Result<u64, Error> {
    Ok(api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Ical))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether `person_id` has a feed address.
pub async fn has_feed(db: &DatabaseConnection, person_id: i32) -> Result<bool, Error> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Ical))
        .filter(api_token::Column::RevokedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// The feed behind `token` as iCalendar text; `None` for an unknown or revoked token.
pub async fn feed(
    db: &DatabaseConnection,
    token: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Option<String>, Error> {
    let tz = crate::topology::building_tz(db).await?;
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(crate::secret::hash(token)))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Ical))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(person_id) = row.person_id else {
        return Ok(None);
    };
    let from = rules::today(tz, now) - ChronoDuration::days(FEED_DAYS_BACK);
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(person_id))
        .filter(desk_booking::Column::Day.gte(from))
        .filter(
            desk_booking::Column::Status
                .is_in([DeskBookingStatus::Active, DeskBookingStatus::CheckedOut]),
        )
        .order_by_asc(desk_booking::Column::Day)
        .all(db)
        .await?;
    let views = booking::views(db, bookings).await?;
    let t = lang.texts();
    let mut calendar = Calendar::new();
    calendar.name("Platzwahl");
    // All-day events: a desk is held for a day or half a day, not for hours, and dates need
    // no time zone.
    for view in views {
        calendar.push(
            Event::new()
                .uid(&format!("desk-booking-{}@platzwahl", view.id))
                .summary(&format!(
                    "{} {} ({})",
                    t.desk,
                    view.desk,
                    view.slot.label(lang)
                ))
                .location(&format!("{}, {} {}", view.zone, t.floor, view.level))
                .starts(view.day)
                // The end of an all-day event is the next day (exclusive, RFC 5545).
                .ends(view.day.succ_opt().unwrap_or(view.day))
                .done(),
        );
    }
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::OwnerId.eq(person_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gte(now - ChronoDuration::days(FEED_DAYS_BACK)))
        .find_also_related(room::Entity)
        .order_by_asc(room_reservation::Column::StartsAt)
        .all(db)
        .await?;
    for (reservation, room) in reservations {
        let Some(room) = room else { continue };
        let mut summary = format!("{} {}", room.label, room.name);
        if room.privacy_class == PrivacyClass::Standard
            && let Some(subject) = &reservation.subject
        {
            summary = format!("{summary}: {subject}");
        }
        calendar.push(
            Event::new()
                .uid(&format!("room-reservation-{}@platzwahl", reservation.id))
                .summary(&summary)
                .location(&format!("{} {}", t.rooms_room, room.label))
                .starts(reservation.starts_at)
                .ends(reservation.ends_at)
                .done(),
        );
    }
    Ok(Some(calendar.done().to_string()))
}
