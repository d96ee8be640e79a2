//! The `#[server]` functions of the home-zone plan page beside the proposal
//! ([`crate::reports::get_planner`]): the plans and their consent, and the units that work
//! together. Each checks the caller's permission and calls [`crate::services::planner`].

use chrono::NaiveDate;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::planner::{PlannerSetup, StoredPlan};

/// The plans, the pairs of units and what the viewer may do (facility managers, organisation
/// and building administrators).
#[server(endpoint = "get_planner_setup")]
pub async fn get_planner_setup() -> Result<PlannerSetup, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::planner;
    let who = require(Permission::ManagePolicies)?;
    let ctx = context()?;
    let everywhere = who.may(Permission::ManageDesks);
    let organisations: std::collections::HashMap<i32, String> =
        crate::services::reports::scopes(&ctx.db)
            .await?
            .organisations
            .into_iter()
            .collect();
    let units = planner::affinity::units(&ctx.db)
        .await?
        .into_iter()
        .filter(|u| everywhere || u.organisation_id == who.organisation_id)
        .map(|u| {
            let org = organisations
                .get(&u.organisation_id)
                .cloned()
                .unwrap_or_default();
            (u.id, format!("{} ({org})", u.name))
        })
        .collect();
    Ok(PlannerSetup {
        plans: planner::plans::list(&ctx.db, &who).await?,
        affinities: planner::affinities(&ctx.db).await?,
        units,
        organisation_id: who.organisation_id,
        may_consent: who.may(Permission::ManageUnits),
        may_keep: everywhere,
    })
}

/// Keeps the proposal of the last four weeks at `percentile` and the weights given, to apply
/// from `effective_from` on (facility managers, building administrators).
#[server(endpoint = "keep_zone_plan")]
pub async fn keep_zone_plan(
    effective_from: NaiveDate,
    percentile: Option<u8>,
    w_overflow: Option<u32>,
    w_shortfall: Option<u32>,
    w_together: Option<u32>,
    w_apart: Option<u32>,
    w_moved: Option<u32>,
) -> Result<StoredPlan, AppError> {
    use crate::model::planner::NewPlan;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    let today = crate::services::booking::rules::today(topology.tz(), chrono::Utc::now());
    let to = today - chrono::Duration::days(1);
    let plan = NewPlan {
        effective_from,
        from: to - chrono::Duration::days(crate::reports::DEFAULT_DAYS - 1),
        to,
        percentile,
        w_overflow,
        w_shortfall,
        w_together,
        w_apart,
        w_moved,
    };
    Ok(crate::services::planner::plans::keep(
        &ctx.db,
        &topology,
        &who,
        &plan,
        today,
        ctx.reports.min_group,
    )
    .await?)
}

/// The consent of the caller's organisation to plan `id` (organisation administrators). A plan
/// that applies with it changes the home zones at once here; other instances read them again
/// within a minute (the zone-plan task of the server tells them at once when it applies a
/// plan itself).
#[server(endpoint = "consent_zone_plan")]
pub async fn consent_zone_plan(id: i32) -> Result<StoredPlan, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageUnits)?;
    let ctx = context()?;
    let tz = ctx.topology.tz(&ctx.db).await?;
    let now = chrono::Utc::now();
    let today = crate::services::booking::rules::today(tz, now);
    let (plan, applied) =
        crate::services::planner::plans::consent(&ctx.db, &who, id, today, now).await?;
    if !applied.is_empty() {
        ctx.topology.changed();
    }
    Ok(plan)
}

/// Withdraws waiting plan `id` (facility managers, building administrators).
#[server(endpoint = "withdraw_zone_plan")]
pub async fn withdraw_zone_plan(id: i32) -> Result<StoredPlan, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    let ctx = context()?;
    Ok(crate::services::planner::plans::withdraw(&ctx.db, &who, id, chrono::Utc::now()).await?)
}

/// Sets how much two units should sit close (0 removes the pair).
#[server(endpoint = "set_unit_affinity")]
pub async fn set_unit_affinity(unit_a: i32, unit_b: i32, weight: u8) -> Result<(), AppError> {
    use crate::model::planner::SetAffinity;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManagePolicies)?;
    let ctx = context()?;
    Ok(crate::services::planner::set_affinity(
        &ctx.db,
        &who,
        &SetAffinity {
            unit_a,
            unit_b,
            weight,
        },
    )
    .await?)
}
