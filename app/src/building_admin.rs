//! The `#[server]` functions of the building editor (`/admin/buildings/:slug`): the building
//! with its floors, zones, desks and rooms, and every change of them. Building administrators
//! only; each checks the caller's permission and calls [`crate::services::building_admin`],
//! which checks a change as the building file import would. The plan image is uploaded by the
//! page's form to `POST /admin/buildings/{slug}/floors/{id}/plan` (multipart; see the server's
//! `api::buildings`), not through a server function.
//!
//! A change makes this instance read the topology again at once; other instances read it
//! again within a minute (the JSON API tells them at once).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::building_admin::{BuildingEditor, Removal};

#[cfg(feature = "ssr")]
fn editor_error(err: crate::services::building_admin::BuildingAdminError) -> AppError {
    AppError::from(crate::services::error::Error::from(err))
}

/// After a change: this instance and every other read the topology again.
#[cfg(feature = "ssr")]
fn changed(ctx: &crate::services::AppContext) {
    ctx.topology.changed();
}

/// The building `slug` as the editor shows it.
#[server(endpoint = "get_building_editor")]
pub async fn get_building_editor(slug: String) -> Result<BuildingEditor, AppError> {
    use crate::services::auth::{Permission, require};
    require(Permission::ManageBuilding)?;
    crate::services::building_admin::editor(&context()?.db, &slug, chrono::Utc::now())
        .await
        .map_err(editor_error)
}

/// Changes the building's name, address, time zone and site (`site` empty: on no site).
#[server(endpoint = "save_building")]
pub async fn save_building(
    slug: String,
    name: String,
    address: String,
    timezone: String,
    site: String,
    site_name: String,
) -> Result<(), AppError> {
    use crate::model::building_admin::BuildingChange;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let ctx = context()?;
    let change = BuildingChange {
        name: Some(name),
        address: Some(address),
        timezone: Some(timezone),
        site: Some(site),
        site_name: Some(site_name),
    };
    crate::services::building_admin::update_building(
        &ctx.db,
        &who,
        &slug,
        &change,
        chrono::Utc::now(),
    )
    .await
    .map_err(editor_error)?;
    changed(&ctx);
    Ok(())
}

/// Adds a floor; its id.
#[server(endpoint = "add_building_floor")]
pub async fn add_building_floor(
    slug: String,
    level: i32,
    name: String,
    plan_width: i32,
    plan_height: i32,
) -> Result<i32, AppError> {
    use crate::model::building_admin::NewFloor;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let ctx = context()?;
    let new = NewFloor {
        level,
        name,
        plan_width,
        plan_height,
    };
    let id =
        crate::services::building_admin::add_floor(&ctx.db, &who, &slug, &new, chrono::Utc::now())
            .await
            .map_err(editor_error)?;
    changed(&ctx);
    Ok(id)
}

/// What the editor's form sends for a zone, desk or room: `kind` is `zone`, `desk` or
/// `room`; `id` is absent for a new one. Fields that do not belong to the kind are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PlaceForm {
    /// `zone`, `desk` or `room`.
    pub kind: String,
    /// The one to change; `None` creates one.
    pub id: Option<i32>,
    /// The floor of a new zone or room.
    pub floor_id: i32,
    /// A zone's slug, a desk's or room's label.
    pub key: String,
    /// A zone's or room's name.
    pub name: String,
    /// A zone's kind, a room's privacy class.
    pub class: String,
    /// A desk's zone, a room's zone (0: none).
    pub zone_id: i32,
    /// Left edge or position.
    pub x: i32,
    /// Top edge or position.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// A desk's monitors, a room's seats.
    pub count: i32,
    /// A desk's docking station, a room's step-free access.
    pub flag_a: bool,
    /// A desk's adjustable height, a room's hearing loop.
    pub flag_b: bool,
    /// A desk's accessibility.
    pub flag_c: bool,
    /// A desk's notes, a room's equipment (comma-separated).
    pub text: String,
    /// A room's buffer before, in minutes.
    pub before: i32,
    /// A room's buffer after, in minutes.
    pub after: i32,
}

/// Creates or changes a zone, desk or room; its id.
#[server(endpoint = "save_building_place")]
pub async fn save_building_place(slug: String, form: PlaceForm) -> Result<i32, AppError> {
    use crate::model::building_admin::{DeskInput, RoomInput, ZoneInput};
    use crate::services::auth::{Permission, require};
    use crate::services::building_admin as admin;
    let who = require(Permission::ManageBuilding)?;
    let ctx = context()?;
    let now = chrono::Utc::now();
    let id = match form.kind.as_str() {
        "zone" => {
            let input = ZoneInput {
                floor_id: form.id.is_none().then_some(form.floor_id),
                slug: Some(form.key),
                name: Some(form.name),
                kind: Some(form.class),
                x: Some(form.x),
                y: Some(form.y),
                width: Some(form.width),
                height: Some(form.height),
                distance_to_lift_m: None,
            };
            admin::save_zone(&ctx.db, &who, &slug, form.id, &input, now).await
        }
        "desk" => {
            let input = DeskInput {
                zone_id: Some(form.zone_id),
                label: Some(form.key),
                x: Some(form.x),
                y: Some(form.y),
                width: Some(form.width),
                height: Some(form.height),
                rotation: None,
                has_docking: Some(form.flag_a),
                monitors: Some(form.count),
                height_adjustable: Some(form.flag_b),
                accessible: Some(form.flag_c),
                notes: Some(form.text),
            };
            admin::save_desk(&ctx.db, &who, &slug, form.id, &input, now).await
        }
        "room" => {
            let input = RoomInput {
                floor_id: form.id.is_none().then_some(form.floor_id),
                zone_id: Some(form.zone_id),
                label: Some(form.key),
                name: Some(form.name),
                capacity: Some(form.count),
                privacy_class: Some(form.class),
                step_free: Some(form.flag_a),
                hearing_loop: Some(form.flag_b),
                equipment: Some(
                    form.text
                        .split(',')
                        .map(str::trim)
                        .filter(|e| !e.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
                buffer_before_min: Some(form.before),
                buffer_after_min: Some(form.after),
                // Set on the entrance section of the page, kept here.
                max_slot_minutes: None,
                x: Some(form.x),
                y: Some(form.y),
                width: Some(form.width),
                height: Some(form.height),
            };
            admin::save_room(&ctx.db, &who, &slug, form.id, &input, now).await
        }
        _ => {
            return Err(AppError::InvalidInput(
                "kind: zone, desk or room".to_owned(),
            ));
        }
    }
    .map_err(editor_error)?;
    changed(&ctx);
    Ok(id)
}

/// Removes a zone, desk, room or floor (`kind`); `bookings` (`cancel` or `move`) says what
/// becomes of a desk's or room's bookings from today on.
#[server(endpoint = "remove_building_place")]
pub async fn remove_building_place(
    slug: String,
    kind: String,
    id: i32,
    bookings: Option<String>,
) -> Result<Removal, AppError> {
    use crate::model::building_admin::BookingsChoice;
    use crate::services::auth::{Permission, require};
    use crate::services::building_admin::removal;
    let who = require(Permission::ManageBuilding)?;
    let ctx = context()?;
    let now = chrono::Utc::now();
    let choice = match bookings.as_deref() {
        None | Some("") => None,
        Some("cancel") => Some(BookingsChoice::Cancel),
        Some("move") => Some(BookingsChoice::Move),
        Some(_) => {
            return Err(AppError::InvalidInput(
                "bookings: cancel or move".to_owned(),
            ));
        }
    };
    let removed = match kind.as_str() {
        "zone" => removal::remove_zone(&ctx.db, &who, &slug, id, now).await,
        "desk" => removal::remove_desk(&ctx.db, &who, &slug, id, choice, now).await,
        "room" => removal::remove_room(&ctx.db, &who, &slug, id, choice, now).await,
        "floor" => removal::remove_floor(&ctx.db, &who, &slug, id, now).await,
        _ => {
            return Err(AppError::InvalidInput(
                "kind: zone, desk, room or floor".to_owned(),
            ));
        }
    }
    .map_err(editor_error)?;
    changed(&ctx);
    Ok(removed)
}

/// Removes the plan image of floor `id`.
#[server(endpoint = "remove_floor_plan_image")]
pub async fn remove_floor_plan_image(slug: String, id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    crate::services::building_admin::plan_image::remove(
        &context()?.db,
        &who,
        &slug,
        id,
        chrono::Utc::now(),
    )
    .await
    .map_err(editor_error)
}

/// Every building's slug and name, for the editor's index.
#[server(endpoint = "get_building_list")]
pub async fn get_building_list() -> Result<Vec<(String, String, Option<String>)>, AppError> {
    use crate::services::auth::{Permission, require};
    require(Permission::ManageBuilding)?;
    Ok(crate::services::building_admin::buildings(&context()?.db).await?)
}

/// The entrance zone of building `slug`: the organisations admitted to its first-consultation
/// rooms, and those rooms with their longest slot.
#[server(endpoint = "get_entrance")]
pub async fn get_entrance(
    slug: String,
) -> Result<crate::model::entrance::EntranceSettings, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    Ok(crate::services::entrance::settings(&context()?.db, &who, &slug).await?)
}

/// Admits exactly the organisations `organisations` (slugs, comma-separated; empty: nobody)
/// to building `slug`'s entrance zone.
#[server(endpoint = "set_entrance_admissions")]
pub async fn set_entrance_admissions(
    slug: String,
    organisations: String,
) -> Result<crate::model::entrance::EntranceSettings, AppError> {
    use crate::model::entrance::SetAdmissions;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let set = SetAdmissions {
        organisations: organisations
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    Ok(crate::services::entrance::set_admissions(
        &context()?.db,
        &who,
        &slug,
        &set,
        chrono::Utc::now(),
    )
    .await?)
}

/// Sets room `room`'s longest reservation to `minutes` (empty: no limit of its own).
#[server(endpoint = "set_room_max_slot")]
pub async fn set_room_max_slot(room: i32, minutes: String) -> Result<(), AppError> {
    use crate::model::entrance::MaxSlot;
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let ctx = context()?;
    let max_slot_minutes = match minutes.trim() {
        "" => None,
        text => Some(text.parse::<i32>().map_err(|_| {
            AppError::InvalidInput("max_slot_minutes: a whole number of minutes".to_owned())
        })?),
    };
    crate::services::entrance::set_max_slot(
        &ctx.db,
        &who,
        room,
        MaxSlot { max_slot_minutes },
        chrono::Utc::now(),
    )
    .await?;
    changed(&ctx);
    Ok(())
}
