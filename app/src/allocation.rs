//! The `#[server]` functions of "find me a desk" and team booking. Each checks the caller's
//! permission and calls [`crate::services::allocation`].

// `find_me_a_desk` takes one argument per field of its form (one select per need); the
// `#[server]` macro generates the client function without outer attributes, so the allow has
// to be on the module.
#![allow(clippy::too_many_arguments)]

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::{DeskRequestView, FoundDesk, Need, Slot, TeamBookingResult, TeamMember};

/// The value of a need's select in the "find me a desk" form: the desk must have it.
pub const MUST: &str = "need";
/// The value of a need's select: the desk should have it, if it can.
pub const NICE: &str = "wish";

/// Needs and wishes from the form's selects, one per [`Need::ALL`], in that order.
pub fn needs_and_wishes(choices: [Option<String>; 5]) -> (Vec<Need>, Vec<Need>) {
    let mut needs = Vec::new();
    let mut wishes = Vec::new();
    for (need, choice) in Need::ALL.into_iter().zip(choices) {
        match choice.as_deref() {
            Some(MUST) => needs.push(need),
            Some(NICE) => wishes.push(need),
            _ => {}
        }
    }
    (needs, wishes)
}

/// Today in the building's time zone (the forms' first day).
#[server(endpoint = "building_today")]
pub async fn get_building_today() -> Result<NaiveDate, AppError> {
    use crate::services::auth::{Permission, require};
    require(Permission::ViewBuilding)?;
    let ctx = context()?;
    let tz = ctx.topology.tz(&ctx.db).await?;
    Ok(crate::services::booking::rules::today(
        tz,
        chrono::Utc::now(),
    ))
}

/// "Find me a desk": books the best free desk for the signed-in person on `day` (`slot`), and
/// says why this one.
#[server(endpoint = "find_me_a_desk")]
pub async fn find_me_a_desk(
    day: NaiveDate,
    slot: Slot,
    height_adjustable: Option<String>,
    docking: Option<String>,
    two_monitors: Option<String>,
    accessible: Option<String>,
    quiet: Option<String>,
) -> Result<FoundDesk, AppError> {
    use crate::model::FindDesk;
    use crate::services::allocation;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::BookDesk)?;
    let (needs, wishes) =
        needs_and_wishes([height_adjustable, docking, two_monitors, accessible, quiet]);
    let ctx = context()?;
    let facts = ctx.facts.get(&ctx.db).await?;
    let find = FindDesk {
        day,
        slot,
        needs,
        wishes,
    };
    let lang = crate::shell::current_lang();
    Ok(allocation::find_and_book(&ctx.db, &facts, &who, &find, lang, chrono::Utc::now()).await?)
}

/// Asks for a desk on `day` (`slot`) in the day allocation.
#[server(endpoint = "request_desk")]
pub async fn request_desk(
    day: NaiveDate,
    slot: Slot,
    height_adjustable: Option<String>,
    docking: Option<String>,
    two_monitors: Option<String>,
    accessible: Option<String>,
    quiet: Option<String>,
) -> Result<DeskRequestView, AppError> {
    use crate::model::DayRequest;
    use crate::services::auth::{Permission, require};
    use crate::services::day_allocation;
    let who = require(Permission::BookDesk)?;
    let (needs, wishes) =
        needs_and_wishes([height_adjustable, docking, two_monitors, accessible, quiet]);
    let ctx = context()?;
    let request = DayRequest {
        day,
        slot,
        needs,
        wishes,
    };
    Ok(day_allocation::submit(
        &ctx.db,
        &who,
        &request,
        ctx.requests_close,
        chrono::Utc::now(),
    )
    .await?)
}

/// The signed-in person's requests for the day allocation, from today on.
#[server(endpoint = "my_desk_requests")]
pub async fn get_my_desk_requests() -> Result<Vec<DeskRequestView>, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::day_allocation;
    let who = require(Permission::BookDesk)?;
    let ctx = context()?;
    Ok(day_allocation::mine(&ctx.db, &who, ctx.requests_close, chrono::Utc::now()).await?)
}

/// Withdraws a waiting request, or declines the desk given.
#[server(endpoint = "withdraw_desk_request")]
pub async fn withdraw_desk_request(request_id: i64) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::day_allocation;
    let who = require(Permission::BookDesk)?;
    Ok(
        day_allocation::withdraw_or_decline(&context()?.db, &who, request_id, chrono::Utc::now())
            .await?,
    )
}

/// The people of the signed-in unit lead's unit.
#[server(endpoint = "team_members")]
pub async fn get_team_members() -> Result<Vec<TeamMember>, AppError> {
    use crate::services::allocation;
    use crate::services::auth::{Permission, require};
    let lead = require(Permission::BookForUnit)?;
    let unit = lead
        .unit_id
        .ok_or_else(|| AppError::InvalidInput("you belong to no unit".to_owned()))?;
    Ok(allocation::unit_members(&context()?.db, unit).await?)
}

/// Team booking: desks for the ticked people of the lead's unit on `day` (`slot`), together.
/// `people` holds one entry per ticked box, keyed by the person's id.
#[server(endpoint = "book_for_team")]
pub async fn book_for_team(
    day: NaiveDate,
    slot: Slot,
    people: Option<HashMap<String, String>>,
) -> Result<TeamBookingResult, AppError> {
    use crate::model::TeamBookingRequest;
    use crate::services::allocation;
    use crate::services::auth::{Permission, require};
    let lead = require(Permission::BookForUnit)?;
    let people = people
        .unwrap_or_default()
        .into_keys()
        .map(|id| id.parse::<i32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::InvalidInput("people: person ids".to_owned()))?;
    let ctx = context()?;
    let facts = ctx.facts.get(&ctx.db).await?;
    let team = TeamBookingRequest {
        day,
        slot,
        people,
        needs: Vec::new(),
    };
    let lang = crate::shell::current_lang();
    Ok(allocation::book_team(&ctx.db, &facts, &lead, &team, lang, chrono::Utc::now()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selects_say_what_is_needed_and_what_is_wished() {
        let (needs, wishes) = needs_and_wishes([
            Some(MUST.into()),
            None,
            Some(NICE.into()),
            Some(String::new()),
            Some(MUST.into()),
        ]);
        assert_eq!(needs, vec![Need::HeightAdjustable, Need::Quiet]);
        assert_eq!(wishes, vec![Need::TwoMonitors]);
    }
}
