//! The `#[server]` functions of the maintenance blocks page (`/admin/blocks`): the blocks from
//! today on, blocking a desk or a zone for some days (the bookings in the way are moved by the
//! allocator) and ending a block. Facility managers and building administrators only; each
//! checks the caller's permission and calls [`crate::services::blocks`].

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
use crate::model::BlockView;
use crate::model::blocks_admin::BlocksOverview;

/// The blocks from today on and every desk and zone to block.
#[server(endpoint = "get_blocks_admin")]
pub async fn get_blocks_admin() -> Result<BlocksOverview, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    let ctx = context()?;
    Ok(
        crate::services::blocks_admin::overview(&ctx.db, &ctx.topology, &who, chrono::Utc::now())
            .await?,
    )
}

/// Blocks `place` (`desk:ID` or `zone:ID`) from `from_day` to `to_day` (inclusive,
/// `YYYY-MM-DD`) for `reason`; the block with the bookings moved and those left without a
/// desk.
#[server(endpoint = "create_maintenance_block")]
pub async fn create_maintenance_block(
    place: String,
    from_day: String,
    to_day: String,
    reason: String,
) -> Result<BlockView, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    let new = parse_block(&place, &from_day, &to_day, reason)?;
    Ok(crate::services::blocks::create(&context()?.db, &who, &new, chrono::Utc::now()).await?)
}

/// Ends block `id`: its desks are free again.
#[server(endpoint = "end_maintenance_block")]
pub async fn end_maintenance_block(id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageDesks)?;
    Ok(crate::services::blocks::remove(&context()?.db, &who, id, chrono::Utc::now()).await?)
}

/// The block a form describes; a field it cannot read is refused by its name.
#[cfg(any(feature = "ssr", test))]
fn parse_block(
    place: &str,
    from_day: &str,
    to_day: &str,
    reason: String,
) -> Result<crate::model::NewBlock, AppError> {
    let (kind, id) = place
        .trim()
        .split_once(':')
        .and_then(|(kind, id)| Some((kind, id.parse::<i32>().ok()?)))
        .ok_or_else(|| AppError::InvalidInput("place: choose a desk or a zone".into()))?;
    let (desk_id, zone_id) = match kind {
        "desk" => (Some(id), None),
        "zone" => (None, Some(id)),
        _ => {
            return Err(AppError::InvalidInput(
                "place: choose a desk or a zone".into(),
            ));
        }
    };
    let day = |value: &str, field: &str| {
        chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::InvalidInput(format!("{field}: a date (YYYY-MM-DD)")))
    };
    Ok(crate::model::NewBlock {
        desk_id,
        zone_id,
        from_day: day(from_day, "from_day")?,
        to_day: day(to_day, "to_day")?,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_names_a_desk_or_a_zone_and_two_days() {
        let block = parse_block("desk:12", "2030-01-07", " 2030-01-09 ", "Maler".into());
        assert!(
            matches!(&block, Ok(b) if b.desk_id == Some(12) && b.zone_id.is_none()
                && b.to_day.to_string() == "2030-01-09"),
            "{block:?}"
        );
        let zone = parse_block("zone:3", "2030-01-07", "2030-01-07", "x".into());
        assert!(
            matches!(&zone, Ok(b) if b.zone_id == Some(3) && b.desk_id.is_none()),
            "{zone:?}"
        );
        for (place, from, to, field) in [
            ("", "2030-01-07", "2030-01-07", "place"),
            ("room:3", "2030-01-07", "2030-01-07", "place"),
            ("desk:x", "2030-01-07", "2030-01-07", "place"),
            ("desk:1", "7.1.2030", "2030-01-07", "from_day"),
            ("desk:1", "2030-01-07", "", "to_day"),
        ] {
            match parse_block(place, from, to, "x".into()) {
                Err(AppError::InvalidInput(why)) => assert!(why.starts_with(field), "{why}"),
                other => panic!("{place} {from} {to}: {other:?}"),
            }
        }
    }
}
