//! The `#[server]` functions: the browser↔server boundary.
//!
//! Each is thin: it takes the server's context, calls one service and returns its result.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{BuildingView, FloorPlan};

/// The server's context of the current request.
#[cfg(feature = "ssr")]
pub(crate) fn context() -> Result<crate::services::AppContext, AppError> {
    use_context::<crate::services::AppContext>().ok_or_else(|| {
        tracing::error!("server function called without the application context");
        AppError::Internal
    })
}

/// Building `building` (by slug; the viewer's home building if `None`) with a summary of
/// each floor.
#[server(endpoint = "get_building")]
pub async fn get_building(building: Option<String>) -> Result<BuildingView, AppError> {
    let viewer = crate::services::auth::require(crate::services::auth::Permission::ViewBuilding)?;
    Ok(
        crate::services::building::overview(&context()?, Some(&viewer), building.as_deref())
            .await?,
    )
}

/// Floor `level` of building `building` (by slug; the viewer's home building if `None`) with
/// its zones, desks and rooms.
#[server(endpoint = "get_floor_plan")]
pub async fn get_floor_plan(building: Option<String>, level: i32) -> Result<FloorPlan, AppError> {
    let viewer = crate::services::auth::require(crate::services::auth::Permission::ViewBuilding)?;
    Ok(crate::services::building::floor_plan(
        &context()?,
        building.as_deref(),
        level,
        Some(&viewer),
    )
    .await?)
}
