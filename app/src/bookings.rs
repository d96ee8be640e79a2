//! The `#[server]` functions of the floor page's booking, the "my bookings" page, the calendar
//! feed and the colleagues list. Each checks the caller's permission and calls one service.

// `book_desk` takes one argument per field of the booking form (each weekday box is a field);
// the `#[server]` macro generates the client function without outer attributes, so the allow
// has to be on the module.
#![allow(clippy::too_many_arguments)]

use chrono::NaiveDate;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::{
    Cancelled, ColleagueToday, DayOutcome, FloorAvailability, MyBookingsPage, Slot,
};

/// The desks of floor `level` of building `building` (by slug; the signed-in person's home
/// building if `None`) on a day (today there if none) for a slot, as the signed-in person
/// sees them.
#[server(endpoint = "floor_availability")]
pub async fn get_floor_availability(
    building: Option<String>,
    level: i32,
    day: Option<NaiveDate>,
    slot: Slot,
) -> Result<FloorAvailability, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::booking::{self, rules};
    let who = require(Permission::ViewBuilding)?;
    let now = chrono::Utc::now();
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    let (building, floor) = topology
        .named_floor(building.as_deref(), level, who.unit_id)
        .ok_or(AppError::NotFound)?;
    let day = day.unwrap_or_else(|| rules::today(building.tz, now));
    booking::not_past(building.tz, day, now)?;
    Ok(booking::availability(&ctx.db, floor.id, day, slot, Some(&who)).await?)
}

/// Books a desk on `day`, or, with weekdays ticked, on those weekdays for `weeks` weeks from
/// `day` on. Each day's outcome.
#[server(endpoint = "book_desk")]
pub async fn book_desk(
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    weeks: Option<String>,
    mon: Option<String>,
    tue: Option<String>,
    wed: Option<String>,
    thu: Option<String>,
    fri: Option<String>,
) -> Result<Vec<DayOutcome>, AppError> {
    use crate::model::{BookingDays, BookingRequest, Weekday};
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    let weekdays: Vec<Weekday> = [
        (mon, Weekday::Mon),
        (tue, Weekday::Tue),
        (wed, Weekday::Wed),
        (thu, Weekday::Thu),
        (fri, Weekday::Fri),
    ]
    .into_iter()
    .filter_map(|(ticked, day)| ticked.map(|_| day))
    .collect();
    let days = if weekdays.is_empty() {
        BookingDays::Days { days: vec![day] }
    } else {
        let weeks = weeks
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::parse::<u32>)
            .transpose()
            .map_err(|_| AppError::InvalidInput("weeks: a whole number".to_owned()))?
            .unwrap_or(1);
        BookingDays::Pattern {
            from: day,
            weekdays,
            weeks,
        }
    };
    let request = BookingRequest {
        desk_id,
        slot,
        days,
    };
    let context = context()?;
    let facts = context.facts.get(&context.db).await?;
    Ok(crate::services::booking::book_with(
        &context.db,
        &facts,
        &who,
        &request,
        entities::enums::BookingSource::Web,
        chrono::Utc::now(),
    )
    .await?)
}

/// Cancels one of one's bookings.
#[server(endpoint = "cancel_booking")]
pub async fn cancel_booking(booking_id: i64) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    Ok(
        crate::services::booking::cancel(&context()?.db, &who, booking_id, chrono::Utc::now())
            .await?,
    )
}

/// Cancels all of one's bookings from `from` to `to`.
#[server(endpoint = "cancel_bookings")]
pub async fn cancel_bookings(from: NaiveDate, to: NaiveDate) -> Result<Cancelled, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    let cancelled =
        crate::services::booking::cancel_range(&context()?.db, &who, from, to, chrono::Utc::now())
            .await?;
    Ok(Cancelled { cancelled })
}

/// One's bookings, whether a calendar feed is active, and whether one shares one's desk.
#[server(endpoint = "my_bookings_page")]
pub async fn get_my_bookings_page() -> Result<MyBookingsPage, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::{booking, calendar, colleagues, notices};
    let who = require(Permission::BookDesk)?;
    let db = context()?.db;
    Ok(MyBookingsPage {
        notices: notices::notices(&db, &who, chrono::Utc::now()).await?,
        bookings: booking::my_bookings(&db, &who, chrono::Utc::now()).await?,
        calendar_feed: calendar::has_feed(&db, who.person_id).await?,
        share_location: colleagues::share_location(&db, &who).await?,
    })
}

/// A new calendar feed address (the old one ends); shown once.
#[server(endpoint = "create_calendar_feed")]
pub async fn create_calendar_feed() -> Result<String, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    let context = context()?;
    let token = crate::services::calendar::create_feed(&context.db, &who).await?;
    Ok(format!(
        "{}/api/v1/calendar.ics?token={token}",
        context.public_url
    ))
}

/// Ends the calendar feed address.
#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    Ok(crate::services::calendar::revoke_feed(&context()?.db, &who).await?)
}

/// Lets colleagues of one's unit see where one sits (`share` ticked), or stops it.
#[server(endpoint = "set_share_location")]
pub async fn set_share_location(share: Option<String>) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    Ok(
        crate::services::colleagues::set_share_location(&context()?.db, &who, share.is_some())
            .await?,
    )
}

/// Where colleagues of one's unit who share it sit today.
#[server(endpoint = "colleagues_today")]
pub async fn colleagues_today() -> Result<Vec<ColleagueToday>, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ViewBuilding)?;
    Ok(crate::services::colleagues::today(&context()?.db, &who, chrono::Utc::now()).await?)
}
