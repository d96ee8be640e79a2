//! The building, its floors and what stands on them, from the kept topology.

use std::collections::HashMap;

use entities::{desk, floor, room, zone};
use sea_orm::{EntityTrait, QuerySelect};

use super::AppContext;
use crate::error::Error;
use crate::topology::Topology;
use wire::model::{
    BuildingLink, BuildingView, DeskState, DeskView, Equipment, FloorPlan, FloorSummary, Rect,
    RoomView, ZoneKind, ZoneSummary, ZoneView,
};

/// The building a page names by `slug`, or the viewer's home building if it names none
/// ([`Topology::named_or_home_building`]), and its floors, lowest first.
fn building_and_floors(
    topology: &Topology,
    slug: Option<&str>,
    viewer: Option<&crate::auth::Principal>,
) -> Result<(crate::topology::Building, Vec<floor::Model>), Error> {
    let building = topology
        .named_or_home_building(slug, viewer.and_then(|v| v.unit_id))
        .ok_or(Error::NotFound)?
        .clone();
    let floors = topology.floors_of(building.id).cloned().collect();
    Ok((building, floors))
}

/// Every building by name, for the switch between them.
fn building_links(topology: &Topology) -> Vec<BuildingLink> {
    let mut links: Vec<BuildingLink> = topology
        .buildings()
        .map(|b| BuildingLink {
            slug: b.slug.clone(),
            name: b.name.clone(),
        })
        .collect();
    links.sort_by(|a, b| a.name.cmp(&b.name));
    links
}

fn zone_kind(zone: &zone::Model) -> ZoneKind {
    ZoneKind::parse(&sea_orm::ActiveEnum::to_value(&zone.kind)).unwrap_or(ZoneKind::Work)
}

/// Building `slug` (the viewer's home building if `None`) with a summary of each floor.
#[tracing::instrument(skip_all)]
pub async fn overview(
    ctx: &AppContext,
    viewer: Option<&crate::auth::Principal>,
    slug: Option<&str>,
) -> Result<BuildingView, Error> {
    let topology = ctx.topology.get(&ctx.db).await?;
    let (building, floors) = building_and_floors(&topology, slug, viewer)?;
    let home: Vec<i32> = viewer
        .and_then(|v| v.unit_id)
        .map(|unit| topology.home_zones(unit).to_vec())
        .unwrap_or_default();
    let floor_ids: Vec<i32> = floors.iter().map(|f| f.id).collect();
    let zones: Vec<&zone::Model> = topology
        .zones()
        .filter(|z| floor_ids.contains(&z.floor_id))
        .collect();
    let zone_ids: Vec<i32> = zones.iter().map(|z| z.id).collect();
    let desks: Vec<&desk::Model> = topology
        .desks()
        .filter(|d| zone_ids.contains(&d.zone_id))
        .collect();
    let rooms: Vec<&room::Model> = topology
        .rooms()
        .filter(|r| floor_ids.contains(&r.floor_id))
        .collect();

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
        slug: building.slug,
        name: building.name,
        address: building.address,
        buildings: building_links(&topology),
        floors,
        demo: ctx.demo,
    })
}

/// Floor `level` of building `slug` (the viewer's home building if `None`) with its zones,
/// desks and rooms, with the live sensor states `viewer` may see (not those of desks others
/// booked now, see [`super::occupancy::BookedNow`]).
#[tracing::instrument(skip(ctx, viewer))]
pub async fn floor_plan(
    ctx: &AppContext,
    slug: Option<&str>,
    level: i32,
    viewer: Option<&crate::auth::Principal>,
) -> Result<FloorPlan, Error> {
    let topology = ctx.topology.get(&ctx.db).await?;
    let (building, floors) = building_and_floors(&topology, slug, viewer)?;
    let levels = floors.iter().map(|f| (f.level, f.name.clone())).collect();
    let floor = floors
        .into_iter()
        .find(|f| f.level == level)
        .ok_or(Error::NotFound)?;
    let zones: Vec<zone::Model> = topology.zones_on(floor.id).cloned().collect();
    let zone_names: HashMap<i32, String> = zones.iter().map(|z| (z.id, z.name.clone())).collect();
    let desks: Vec<desk::Model> = topology
        .desks()
        .filter(|d| zone_names.contains_key(&d.zone_id))
        .cloned()
        .collect();
    let mut rooms: Vec<room::Model> = topology
        .rooms()
        .filter(|r| r.floor_id == floor.id)
        .cloned()
        .collect();
    rooms.sort_by(|a, b| a.label.cmp(&b.label));
    let mut live =
        super::occupancy::live_states(&ctx.db, desks.iter().map(|d| d.id).collect(), &rooms)
            .await?;
    // Only whether there is an image and when it changed (for the address): not its bytes.
    let plan_image = entities::floor_plan_image::Entity::find_by_id(floor.id)
        .select_only()
        .column(entities::floor_plan_image::Column::UpdatedAt)
        .into_tuple::<chrono::DateTime<chrono::Utc>>()
        .one(&ctx.db)
        .await?
        .map(|updated| {
            format!(
                "/api/v1/buildings/{}/floors/{}/plan?v={}",
                wire::model::percent_encode(&building.slug, false),
                floor.id,
                updated.timestamp()
            )
        });
    super::occupancy::BookedNow::read(&ctx.db, chrono::Utc::now())
        .await?
        .hide_from(&mut live, viewer.map(|v| v.person_id));

    Ok(FloorPlan {
        building: building.name,
        building_slug: building.slug,
        level: floor.level,
        name: floor.name,
        width: floor.plan_width,
        height: floor.plan_height,
        levels,
        plan_image,
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
