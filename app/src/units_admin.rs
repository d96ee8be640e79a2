//! The `#[server]` functions of the units page (`/admin/units`): an organisation's units,
//! their home zones and policies, and its counsellors' deputies. Organisation administrators
//! only; each checks the caller's permission and calls [`crate::services::units_admin`], which
//! answers another organisation's unit or person as if there were none.
//!
//! A change of home zones (merging, closing, setting them) makes this instance read the
//! topology again at once; other instances read it again within a minute (the JSON API tells
//! them at once), and bookings see it within seconds everywhere.

use std::collections::HashMap;

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::units::{AdminUnit, CounsellorDeputies, Merged, UnitsOverview};

/// The organisation's units, the zones given to it, and its counsellors with their deputies.
#[server(endpoint = "get_units_admin")]
pub async fn get_units_admin() -> Result<UnitsOverview, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    Ok(crate::services::units_admin::overview(&context()?.db, &who).await?)
}

/// Creates a unit with the short name `slug` and the name `name`.
#[server(endpoint = "create_unit")]
pub async fn create_unit(slug: String, name: String) -> Result<AdminUnit, AppError> {
    use crate::model::units::NewUnit;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    Ok(crate::services::units_admin::create(&context()?.db, &who, &NewUnit { slug, name }).await?)
}

/// Renames unit `id`.
#[server(endpoint = "rename_unit")]
pub async fn rename_unit(id: i32, name: String) -> Result<AdminUnit, AppError> {
    use crate::model::units::RenameUnit as Rename;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    Ok(crate::services::units_admin::rename(&context()?.db, &who, id, &Rename { name }).await?)
}

/// Merges unit `id` into unit `into` (`id` is closed then).
#[server(endpoint = "merge_unit")]
pub async fn merge_unit(id: i32, into: String) -> Result<Merged, AppError> {
    use crate::model::units::MergeUnit as Merge;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    let into = into
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::InvalidInput("choose the unit to merge into".to_owned()))?;
    let ctx = context()?;
    let merged = crate::services::units_admin::merge(&ctx.db, &who, id, &Merge { into }).await?;
    ctx.topology.changed();
    Ok(merged)
}

/// Closes unit `id` (refused while people are in it).
#[server(endpoint = "close_unit")]
pub async fn close_unit(id: i32) -> Result<AdminUnit, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    let ctx = context()?;
    let closed = crate::services::units_admin::close(&ctx.db, &who, id).await?;
    ctx.topology.changed();
    Ok(closed)
}

/// Sets the home zones of unit `id`: `rank` holds one entry per zone given to the
/// organisation, keyed by the zone's id, with its rank (1 is the first choice) or nothing
/// (not a home zone). Zones of equal rank keep the order of their ids.
#[server(endpoint = "set_unit_home_zones")]
pub async fn set_unit_home_zones(
    id: i32,
    rank: Option<HashMap<String, String>>,
) -> Result<AdminUnit, AppError> {
    use crate::model::units::SetHomeZones;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    let zones = ranked(rank.unwrap_or_default())?;
    let ctx = context()?;
    let unit =
        crate::services::units_admin::set_home_zones(&ctx.db, &who, id, &SetHomeZones { zones })
            .await?;
    ctx.topology.changed();
    Ok(unit)
}

/// The zone ids of `rank` (zone id → rank, or empty) with a rank, first choice first.
#[cfg(any(feature = "ssr", test))]
fn ranked(rank: HashMap<String, String>) -> Result<Vec<i32>, AppError> {
    let mut ranked = Vec::new();
    for (zone, position) in rank {
        let position = position.trim();
        if position.is_empty() {
            continue;
        }
        let (Ok(zone), Ok(position)) = (zone.parse::<i32>(), position.parse::<u32>()) else {
            return Err(AppError::InvalidInput(
                "rank: a number for each home zone".to_owned(),
            ));
        };
        ranked.push((position, zone));
    }
    ranked.sort_unstable();
    Ok(ranked.into_iter().map(|(_, zone)| zone).collect())
}

/// Sets the own booking policy of unit `id`: days ahead, bookings per week (empty: no
/// limit), whether half days may be booked (`half_days_allowed` present when ticked), and when
/// desks outside the home zones open (`none`, `day_before_14`, `same_day`).
#[server(endpoint = "set_unit_policy")]
pub async fn set_unit_policy(
    id: i32,
    max_days_ahead: String,
    max_bookings_per_week: String,
    half_days_allowed: Option<String>,
    overflow: String,
) -> Result<AdminUnit, AppError> {
    use crate::model::units::{UnitOverflow, UnitPolicy};
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    let max_days_ahead = max_days_ahead
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::InvalidInput("max_days_ahead: a number of days".to_owned()))?;
    let per_week = max_bookings_per_week.trim();
    let max_bookings_per_week = if per_week.is_empty() {
        None
    } else {
        Some(per_week.parse::<i32>().map_err(|_| {
            AppError::InvalidInput("max_bookings_per_week: a number, or empty".to_owned())
        })?)
    };
    let overflow = UnitOverflow::from_code(overflow.trim()).ok_or_else(|| {
        AppError::InvalidInput("overflow: none, day_before_14 or same_day".into())
    })?;
    let policy = UnitPolicy {
        max_days_ahead,
        max_bookings_per_week,
        half_days_allowed: half_days_allowed.is_some(),
        overflow,
    };
    Ok(crate::services::units_admin::set_policy(&context()?.db, &who, id, Some(&policy)).await?)
}

/// Removes the own booking policy of unit `id`: the organisation's applies again.
#[server(endpoint = "remove_unit_policy")]
pub async fn remove_unit_policy(id: i32) -> Result<AdminUnit, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    Ok(crate::services::units_admin::set_policy(&context()?.db, &who, id, None).await?)
}

/// Makes the counsellor `deputy` a deputy of the counsellor `counsellor`.
#[server(endpoint = "add_deputy")]
pub async fn add_deputy(counsellor: i32, deputy: String) -> Result<CounsellorDeputies, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    let deputy = deputy
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::InvalidInput("choose a deputy".to_owned()))?;
    Ok(
        crate::services::units_admin::deputies::add_deputy(
            &context()?.db,
            &who,
            counsellor,
            deputy,
        )
        .await?,
    )
}

/// Ends `deputy`'s deputyship for the counsellor `counsellor`.
#[server(endpoint = "remove_deputy")]
pub async fn remove_deputy(counsellor: i32, deputy: i32) -> Result<CounsellorDeputies, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    Ok(crate::services::units_admin::deputies::remove_deputy(
        &context()?.db,
        &who,
        counsellor,
        deputy,
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_order_the_zones_and_empty_ranks_leave_them_out() {
        let rank = HashMap::from([
            ("7".to_owned(), "2".to_owned()),
            ("3".to_owned(), "1".to_owned()),
            ("9".to_owned(), String::new()),
        ]);
        assert_eq!(ranked(rank), Ok(vec![3, 7]));
        let bad = HashMap::from([("x".to_owned(), "1".to_owned())]);
        assert!(ranked(bad).is_err());
    }
}
