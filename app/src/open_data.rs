//! The `#[server]` functions of the open data page (`/open-data`, for everybody) and of its
//! administration (`/admin/open-data`: what is published, and the rooms' calendar feeds).
//! Reading the settings needs `ViewReports`, changing them `ManageDesks` (facility managers
//! and building administrators); each calls [`crate::services::open_data`] or
//! [`crate::services::room_feed`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::open_data::{OpenDataIndex, OpenDataSettings, OpenDataTable, RoomFeedState};

/// What the public page shows: what is published, and each published table for the default
/// days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenDataPageData {
    /// What is published.
    pub index: OpenDataIndex,
    /// The published tables, in the order of the index.
    pub tables: Vec<OpenDataTable>,
}

/// What is published and the tables; for everybody, signed in or not.
#[server(endpoint = "get_open_data")]
pub async fn get_open_data() -> Result<OpenDataPageData, AppError> {
    let ctx = context()?;
    let lang = crate::shell::current_lang();
    let topology = ctx.topology.get(&ctx.db).await?;
    let now = chrono::Utc::now();
    let index = crate::services::open_data::index(
        &ctx.db,
        &topology,
        &ctx.public_url,
        ctx.reports.min_group,
        lang,
        now,
    )
    .await?;
    let mut tables = Vec::new();
    for info in &index.datasets {
        if let Some(table) = crate::services::open_data::table(
            &ctx.db,
            &topology,
            info.dataset,
            None,
            None,
            ctx.reports.min_group,
            lang,
            now,
        )
        .await?
        {
            tables.push(table);
        }
    }
    Ok(OpenDataPageData { index, tables })
}

/// What facility management sees on the administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDataAdmin {
    /// What is published.
    pub settings: OpenDataSettings,
    /// Every room and whether it has a feed.
    pub rooms: Vec<RoomFeedState>,
}

/// The settings and the rooms' feeds.
#[server(endpoint = "get_open_data_admin")]
pub async fn get_open_data_admin() -> Result<OpenDataAdmin, AppError> {
    use crate::services::auth::{Permission, require};
    require(Permission::ViewReports)?;
    let db = &context()?.db;
    Ok(OpenDataAdmin {
        settings: crate::services::open_data::settings(db).await?,
        rooms: crate::services::room_feed::rooms(db).await?,
    })
}

/// Sets what is published, as the form sends it: a check box per dataset (present when
/// ticked), the licence's id and the publisher.
#[server(endpoint = "save_open_data")]
pub async fn save_open_data(
    utilisation_by_floor_weekday: Option<String>,
    desk_sharing: Option<String>,
    use_by_week: Option<String>,
    licence: String,
    publisher: String,
) -> Result<(), AppError> {
    use crate::model::open_data::{Dataset, Licence};
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    let published = [
        (
            utilisation_by_floor_weekday,
            Dataset::UtilisationByFloorWeekday,
        ),
        (desk_sharing, Dataset::DeskSharing),
        (use_by_week, Dataset::UseByWeek),
    ]
    .into_iter()
    .filter_map(|(ticked, dataset)| ticked.map(|_| dataset))
    .collect();
    let licence = Licence::from_id(&licence)
        .ok_or_else(|| AppError::InvalidInput(format!("there is no licence {licence}")))?;
    let settings = OpenDataSettings {
        published,
        licence,
        publisher,
    };
    Ok(crate::services::open_data::save_settings(&context()?.db, &who, &settings).await?)
}

/// Creates a room's calendar feed (an earlier one ends); its address, shown once.
#[server(endpoint = "create_room_feed")]
pub async fn create_room_feed(room_id: i32) -> Result<String, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    let ctx = context()?;
    let token = crate::services::room_feed::create(&ctx.db, &who, room_id).await?;
    Ok(format!(
        "{}/api/v1/rooms/{room_id}/calendar.ics?token={token}",
        ctx.public_url.trim_end_matches('/')
    ))
}

/// Ends a room's calendar feed.
#[server(endpoint = "revoke_room_feed")]
pub async fn revoke_room_feed(room_id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    Ok(crate::services::room_feed::revoke(&context()?.db, &who, room_id).await?)
}
