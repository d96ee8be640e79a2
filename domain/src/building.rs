//! The building, its floors and what stands on them.

use std::collections::HashMap;

use entities::{building, desk, floor, home_zone, room, zone};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::AppContext;
use wire::error::AppError;
use wire::model::{
    BuildingView, DeskState, DeskView, Equipment, FloorPlan, FloorSummary, Rect, RoomView,
    ZoneKind, ZoneSummary, ZoneView,
};

/// The building (the first one; the demo has one) and its floors, lowest first.
async fn the_building_and_floors(
    ctx: &AppContext,
) -> Result<(building::Model, Vec<floor::Model>), AppError> {
    let building = building::Entity::find()
        .order_by_asc(building::Column::Id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let floors = floor::Entity::find()
        .filter(floor::Column::BuildingId.eq(building.id))
        .order_by_asc(floor::Column::Level)
        .all(&ctx.db)
        .await?;
    Ok((building, floors))
}

/// The floor of every zone: floor id by zone id.
pub(crate) async fn zone_floors(db: &impl ConnectionTrait) -> Result<HashMap<i32, i32>, DbErr> {
    Ok(zone::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z.floor_id))
        .collect())
}

fn zone_kind(zone: &zone::Model) -> ZoneKind {
    ZoneKind::parse(&sea_orm::ActiveEnum::to_value(&zone.kind)).unwrap_or(ZoneKind::Work)
}

/// The building with a summary of each floor.
#[tracing::instrument(skip_all)]
pub async fn overview(
    ctx: &AppContext,
    viewer: Option<&crate::auth::Principal>,
) -> Result<BuildingView, AppError> {
    let (building, floors) = the_building_and_floors(ctx).await?;
    let home: Vec<i32> = match viewer.and_then(|v| v.unit_id) {
        Some(unit) => home_zone::Entity::find()
            .filter(home_zone::Column::UnitId.eq(unit))
            .all(&ctx.db)
            .await?
            .into_iter()
            .map(|h| h.zone_id)
            .collect(),
        None => Vec::new(),
    };
    let floor_ids: Vec<i32> = floors.iter().map(|f| f.id).collect();
    let zones = zone::Entity::find()
        .filter(zone::Column::FloorId.is_in(floor_ids.clone()))
        .order_by_asc(zone::Column::Id)
        .all(&ctx.db)
        .await?;
    let zone_ids: Vec<i32> = zones.iter().map(|z| z.id).collect();
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zone_ids))
        .all(&ctx.db)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::FloorId.is_in(floor_ids))
        .all(&ctx.db)
        .await?;

    let mut desks_per_zone: HashMap<i32, u32> = HashMap::new();
    for desk in &desks {
        *desks_per_zone.entry(desk.zone_id).or_default() += 1;
    }
    let floors = floors
        .into_iter()
        .map(|floor| {
            let zones: Vec<ZoneSummary> = zones
                .iter()
                .filter(|z| z.floor_id == floor.id)
                .map(|z| ZoneSummary {
                    name: z.name.clone(),
                    kind: zone_kind(z),
                    desks: desks_per_zone.get(&z.id).copied().unwrap_or(0),
                    home: home.contains(&z.id),
                })
                .collect();
            FloorSummary {
                level: floor.level,
                name: floor.name,
                desks: zones.iter().map(|z| z.desks).sum(),
                rooms: u32::try_from(rooms.iter().filter(|r| r.floor_id == floor.id).count())
                    .unwrap_or(u32::MAX),
                zones,
            }
        })
        .collect();
    Ok(BuildingView {
        name: building.name,
        address: building.address,
        floors,
        demo: ctx.demo,
    })
}

/// One floor with its zones, desks and rooms, with the live sensor states `viewer` may see
/// (not those of desks others booked now, see [`super::occupancy::BookedNow`]).
#[tracing::instrument(skip(ctx))]
pub async fn floor_plan(
    ctx: &AppContext,
    level: i32,
    viewer: Option<i32>,
) -> Result<FloorPlan, AppError> {
    let (building, floors) = the_building_and_floors(ctx).await?;
    let levels = floors.iter().map(|f| (f.level, f.name.clone())).collect();
    let floor = floors
        .into_iter()
        .find(|f| f.level == level)
        .ok_or(AppError::NotFound)?;
    let zones = zone::Entity::find()
        .filter(zone::Column::FloorId.eq(floor.id))
        .order_by_asc(zone::Column::Id)
        .all(&ctx.db)
        .await?;
    let zone_names: HashMap<i32, String> = zones.iter().map(|z| (z.id, z.name.clone())).collect();
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zone_names.keys().copied()))
        .order_by_asc(desk::Column::Id)
        .all(&ctx.db)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::FloorId.eq(floor.id))
        .order_by_asc(room::Column::Label)
        .all(&ctx.db)
        .await?;
    let mut live =
        super::occupancy::live_states(&ctx.db, desks.iter().map(|d| d.id).collect(), &rooms)
            .await?;
    super::occupancy::BookedNow::read(&ctx.db, chrono::Utc::now())
        .await?
        .hide_from(&mut live, viewer);

    Ok(FloorPlan {
        building: building.name,
        level: floor.level,
        name: floor.name,
        width: floor.plan_width,
        height: floor.plan_height,
        levels,
        zones: zones
            .iter()
            .map(|z| ZoneView {
                id: z.id,
                name: z.name.clone(),
                kind: zone_kind(z),
                rect: Rect {
                    x: z.x,
                    y: z.y,
                    width: z.width,
                    height: z.height,
                },
            })
            .collect(),
        desks: desks
            .into_iter()
            .map(|d| DeskView {
                id: d.id,
                zone: zone_names.get(&d.zone_id).cloned().unwrap_or_default(),
                rect: Rect {
                    x: d.x - d.width / 2,
                    y: d.y - d.height / 2,
                    width: d.width,
                    height: d.height,
                },
                rotation: d.rotation,
                equipment: Equipment {
                    docking: d.has_docking,
                    monitors: u8::try_from(d.monitors.clamp(0, 2)).unwrap_or(0),
                    height_adjustable: d.height_adjustable,
                    accessible: d.accessible,
                },
                live: live.desks.get(&d.id).copied(),
                state: if d.blocked {
                    DeskState::Blocked
                } else {
                    DeskState::Free
                },
                label: d.label,
            })
            .collect(),
        rooms: rooms
            .into_iter()
            .map(|r| RoomView {
                id: r.id,
                live: live.rooms.get(&r.id).copied(),
                protected: sea_orm::ActiveEnum::to_value(&r.privacy_class) == "protected",
                label: r.label,
                name: r.name,
                capacity: r.capacity,
                step_free: r.step_free,
                hearing_loop: r.hearing_loop,
                rect: Rect {
                    x: r.x,
                    y: r.y,
                    width: r.width,
                    height: r.height,
                },
            })
            .collect(),
    })
}
