//! The `#[server]` functions of the facility-management pages (reports, the building now,
//! the home-zone plan), the audit log and the privacy page. Each checks the caller's permission and calls
//! [`crate::services::reports`].

use chrono::NaiveDate;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::reports::{AuditPage, BuildingNow, ProcessingRecord, ReportPage};

/// How many days a report covers unless asked otherwise: four weeks up to yesterday.
pub const DEFAULT_DAYS: i64 = 28;

/// The report for the page's form; without days, the four weeks up to yesterday.
#[server(endpoint = "get_report")]
pub async fn get_report(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    building: Option<String>,
    floor: Option<i32>,
    organisation: Option<i32>,
    unit: Option<i32>,
) -> Result<ReportPage, AppError> {
    use crate::model::reports::ReportQuery;
    use crate::services::auth::{Permission, require};
    use crate::services::reports;
    require(Permission::ViewReports)?;
    let ctx = context()?;
    let tz = ctx.topology.tz(&ctx.db).await?;
    let yesterday =
        crate::services::booking::rules::today(tz, chrono::Utc::now()) - chrono::Duration::days(1);
    let to = to.unwrap_or(yesterday);
    let from = from.unwrap_or(to - chrono::Duration::days(DEFAULT_DAYS - 1));
    let query = ReportQuery {
        from,
        to,
        building: building.filter(|b| !b.is_empty()),
        floor,
        organisation,
        unit,
    };
    let topology = ctx.topology.get(&ctx.db).await?;
    let report = reports::report(&ctx.db, &topology, &query, ctx.reports.min_group).await?;
    let scopes = reports::scopes(&ctx.db).await?;
    Ok(ReportPage {
        report,
        buildings: scopes.buildings,
        floors: scopes.floors,
        organisations: scopes.organisations,
        units: scopes.units,
    })
}

/// The home-zone planner's proposal from the four weeks up to yesterday, at `percentile`
/// (default 80), with the weights given (overflow days, missing desks, together, apart,
/// moved; the planner's defaults where `None`).
#[server(endpoint = "get_planner")]
pub async fn get_planner(
    percentile: Option<u8>,
    w_overflow: Option<u32>,
    w_shortfall: Option<u32>,
    w_together: Option<u32>,
    w_apart: Option<u32>,
    w_moved: Option<u32>,
) -> Result<crate::model::planner::PlannerView, AppError> {
    use crate::model::planner::PlannerQuery;
    use crate::services::auth::{Permission, require};
    require(Permission::ViewReports)?;
    let ctx = context()?;
    let tz = ctx.topology.tz(&ctx.db).await?;
    let to =
        crate::services::booking::rules::today(tz, chrono::Utc::now()) - chrono::Duration::days(1);
    let query = PlannerQuery {
        from: to - chrono::Duration::days(DEFAULT_DAYS - 1),
        to,
        percentile,
        w_overflow,
        w_shortfall,
        w_together,
        w_apart,
        w_moved,
    };
    let topology = ctx.topology.get(&ctx.db).await?;
    Ok(
        crate::services::planner::proposal(&ctx.db, &topology, &query, ctx.reports.min_group)
            .await?,
    )
}

/// Each floor now, and the sensors to look after.
#[server(endpoint = "get_building_now")]
pub async fn get_building_now() -> Result<BuildingNow, AppError> {
    use crate::services::auth::{Permission, require};
    require(Permission::ViewReports)?;
    let ctx = context()?;
    let topology = ctx.topology.get(&ctx.db).await?;
    Ok(
        crate::services::reports::building_now(
            &ctx.db,
            &topology,
            &ctx.reports,
            chrono::Utc::now(),
        )
        .await?,
    )
}

/// A page of the caller's organisation's audit log.
#[server(endpoint = "get_audit")]
pub async fn get_audit(before: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ViewAudit)?;
    Ok(crate::services::reports::audit_page(&context()?.db, &who, before, 50).await?)
}

/// What is stored and for how long; for everybody, signed in or not.
#[server(endpoint = "get_processing_record")]
pub async fn get_processing_record() -> Result<ProcessingRecord, AppError> {
    Ok(context()?.processing.clone())
}
