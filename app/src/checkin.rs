//! The `#[server]` functions of the check-in page and the printable QR sheet.
//!
//! Checking in itself needs a passkey and goes through the JSON API
//! (`/api/v1/check-ins/passkey`, called by `public/passkey.js`).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::{CheckInPlace, QrSheet};

/// A desk (`kind` = `desk`) or room (`room`) for its check-in page. Open to anyone who scans
/// the code; the signed-in person also sees their booking of the desk today.
#[server(endpoint = "check_in_place")]
pub async fn get_check_in_place(kind: String, id: i32) -> Result<CheckInPlace, AppError> {
    use crate::services::auth::{Caller, caller};
    let kind = crate::model::PlaceKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let viewer = match caller() {
        Some(Caller::Person(principal)) => Some(principal),
        _ => None,
    };
    Ok(crate::services::checkin::place_view(
        &context()?.db,
        kind,
        id,
        viewer.as_ref(),
        chrono::Utc::now(),
    )
    .await?)
}

/// Checks out of one's booking: the rest of its slot is released.
#[server(endpoint = "check_out_here")]
pub async fn check_out_here(booking_id: i64) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::CheckIn)?;
    Ok(
        crate::services::checkin::check_out(&context()?.db, &who, booking_id, chrono::Utc::now())
            .await?,
    )
}

/// The printable QR sheet of floor `level` of building `building` (by slug; the signed-in
/// person's home building if `None`), for building administrators; with `way`, every card
/// also tells the way from the entrance (step-free with `step_free`), in `lang`.
#[server(endpoint = "qr_sheet")]
pub async fn get_qr_sheet(
    building: Option<String>,
    level: i32,
    way: Option<bool>,
    step_free: Option<bool>,
    lang: Option<crate::i18n::Lang>,
) -> Result<QrSheet, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let context = context()?;
    let topology = context.topology.get(&context.db).await?;
    let (_, floor) = topology
        .named_floor(building.as_deref(), level, who.unit_id)
        .ok_or(AppError::NotFound)?;
    let mut sheet =
        crate::services::checkin::qr_sheet(&context.db, floor.id, &context.public_url).await?;
    if way == Some(true) {
        crate::services::way::add_to_sheet(
            &context.db,
            &topology,
            floor.building_id,
            &mut sheet,
            step_free == Some(true),
            lang.unwrap_or_default(),
        )
        .await?;
    }
    Ok(sheet)
}
