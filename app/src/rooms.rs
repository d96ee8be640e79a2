//! The `#[server]` functions of the rooms page. Each checks the caller's permission and calls
//! [`crate::services::rooms`]; somebody else's protected reservation never leaves the server
//! with more than its time.

// `reserve_room` takes one argument per field of its form; the `#[server]` macro generates the
// client function without outer attributes, so the allow has to be on the module.
#![allow(clippy::too_many_arguments)]

use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::rooms::{RoomFound, RoomReservationResult, RoomReservationView, RoomTimeline};

/// The value of the series select for a single date.
pub const ONCE: &str = "0";

/// The signed-in person, if they may reserve some room.
#[cfg(feature = "ssr")]
fn reserver() -> Result<crate::services::auth::Principal, AppError> {
    use crate::services::auth::{Permission, require};
    require(Permission::ReserveRoom).or_else(|_| require(Permission::ReserveProtectedRoom))
}

/// Rooms matching the search form; with a time, whether each is free.
#[server(endpoint = "find_rooms")]
pub async fn find_rooms(query: crate::model::rooms::RoomQuery) -> Result<Vec<RoomFound>, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ViewBuilding)?;
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    Ok(crate::services::rooms::search(&ctx.db, &topology, &who, &query).await?)
}

/// The rooms' timeline for `days` days from `day` (floor `level`, or all).
#[server(endpoint = "room_timeline")]
pub async fn get_room_timeline(
    day: NaiveDate,
    days: u32,
    level: Option<i32>,
) -> Result<RoomTimeline, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ViewBuilding)?;
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    Ok(crate::services::rooms::timeline(&ctx.db, &topology, &who, day, days, level).await?)
}

/// Reserves a room from the page's form: one date, or every `every_weeks` weeks until `until`.
#[server(endpoint = "reserve_room")]
pub async fn reserve_room(
    room_id: i32,
    day: NaiveDate,
    from: NaiveTime,
    to: NaiveTime,
    subject: Option<String>,
    notes: Option<String>,
    every_weeks: Option<String>,
    until: Option<String>,
    all_or_nothing: Option<String>,
) -> Result<RoomReservationResult, AppError> {
    use crate::model::rooms::{Repeat, RoomReservationRequest};
    let who = reserver()?;
    let every_weeks = every_weeks
        .as_deref()
        .filter(|w| *w != ONCE && !w.is_empty())
        .map(str::parse::<u32>)
        .transpose()
        .map_err(|_| AppError::InvalidInput("every_weeks: 1 to 4".into()))?;
    let repeat = match every_weeks {
        Some(every_weeks) => {
            let until = until
                .as_deref()
                .and_then(|u| u.parse::<NaiveDate>().ok())
                .ok_or_else(|| AppError::InvalidInput("until: a day".into()))?;
            Some(Repeat { every_weeks, until })
        }
        None => None,
    };
    let request = RoomReservationRequest {
        room_id,
        day,
        from,
        to,
        subject,
        notes,
        attendees: None,
        repeat,
        all_or_nothing: all_or_nothing.is_some(),
    };
    Ok(crate::services::rooms::reserve(&context()?.db, &who, &request, chrono::Utc::now()).await?)
}

/// The signed-in person's reservations from two weeks ago on.
#[server(endpoint = "my_room_reservations")]
pub async fn get_my_room_reservations() -> Result<Vec<RoomReservationView>, AppError> {
    let who = reserver()?;
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    Ok(crate::services::rooms::mine(&ctx.db, &topology, &who, chrono::Utc::now()).await?)
}

/// Changes the times of one's reservation.
#[server(endpoint = "change_room_reservation")]
pub async fn change_room_reservation(
    id: i64,
    day: NaiveDate,
    from: NaiveTime,
    to: NaiveTime,
) -> Result<RoomReservationView, AppError> {
    use crate::model::rooms::RoomReservationChange;
    let who = reserver()?;
    let change = RoomReservationChange {
        day,
        from,
        to,
        subject: None,
        notes: None,
        attendees: None,
    };
    Ok(
        crate::services::rooms::change(&context()?.db, &who, id, &change, chrono::Utc::now())
            .await?,
    )
}

/// Cancels one's reservation (one date).
#[server(endpoint = "cancel_room_reservation")]
pub async fn cancel_room_reservation(id: i64) -> Result<(), AppError> {
    let who = reserver()?;
    Ok(crate::services::rooms::cancel(&context()?.db, &who, id, chrono::Utc::now()).await?)
}

/// Cancels every date of one's series that is not over; how many.
#[server(endpoint = "cancel_room_series")]
pub async fn cancel_room_series(series_id: i32) -> Result<u32, AppError> {
    let who = reserver()?;
    Ok(
        crate::services::rooms::cancel_series(&context()?.db, &who, series_id, chrono::Utc::now())
            .await?,
    )
}
