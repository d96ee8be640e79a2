//! Reading one building from the database as a [`BuildingFile`].

use std::collections::HashMap;

use entities::{building, desk, floor, room, sensor, zone, zone_adjacency};
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::StructureError;
use super::format::{BuildingFile, DeskFile, FloorFile, RoomFile, SensorFile, ZoneFile};

/// Finds the building `which` names (its slug or its id), or the only building when `which`
/// is `None`.
pub async fn find_building(
    db: &impl ConnectionTrait,
    which: Option<&str>,
) -> Result<building::Model, StructureError> {
    let buildings = building::Entity::find()
        .order_by_asc(building::Column::Id)
        .all(db)
        .await?;
    match which {
        Some(which) => buildings
            .into_iter()
            .find(|b| b.slug == which || which.parse::<i32>().is_ok_and(|id| id == b.id))
            .ok_or_else(|| StructureError::NoSuchBuilding(which.to_owned())),
        None => match buildings.len() {
            0 => Err(StructureError::NoBuilding),
            1 => buildings
                .into_iter()
                .next()
                .ok_or(StructureError::NoBuilding),
            _ => Err(StructureError::WhichBuilding(
                buildings
                    .iter()
                    .map(|b| b.slug.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        },
    }
}

/// The building `which` names (see [`find_building`]) with its floors, zones, desks, rooms and
/// the sensors watching them, in the export's order ([`BuildingFile::normalized`]).
#[tracing::instrument(skip(db))]
pub async fn export(
    db: &impl ConnectionTrait,
    which: Option<&str>,
) -> Result<BuildingFile, StructureError> {
    let building = find_building(db, which).await?;
    let floors = floor::Entity::find()
        .filter(floor::Column::BuildingId.eq(building.id))
        .all(db)
        .await?;
    let floor_ids: Vec<i32> = floors.iter().map(|f| f.id).collect();
    let zones = zone::Entity::find()
        .filter(zone::Column::FloorId.is_in(floor_ids.clone()))
        .all(db)
        .await?;
    let zone_slugs: HashMap<i32, String> = zones.iter().map(|z| (z.id, z.slug.clone())).collect();
    let zone_floor: HashMap<i32, i32> = zones.iter().map(|z| (z.id, z.floor_id)).collect();
    let desks = all_desks_in(db, &zones).await?;
    let rooms = room::Entity::find()
        .filter(room::Column::FloorId.is_in(floor_ids))
        .all(db)
        .await?;
    let adjacency = zone_adjacency::Entity::find().all(db).await?;
    let sensors = sensors_of(db, &desks, &rooms).await?;
    let walkways = {
        let floor_levels: HashMap<i32, i32> = floors.iter().map(|f| (f.id, f.level)).collect();
        let desk_labels: HashMap<i32, String> =
            desks.iter().map(|d| (d.id, d.label.clone())).collect();
        let room_labels: HashMap<i32, String> =
            rooms.iter().map(|r| (r.id, r.label.clone())).collect();
        super::walkway::load(db, building.id, &floor_levels, &desk_labels, &room_labels).await?
    };

    let mut next_to: HashMap<i32, Vec<String>> = HashMap::new();
    for pair in adjacency {
        if let (Some(a), Some(b)) = (
            zone_slugs.get(&pair.zone_a_id),
            zone_slugs.get(&pair.zone_b_id),
        ) {
            next_to.entry(pair.zone_a_id).or_default().push(b.clone());
            next_to.entry(pair.zone_b_id).or_default().push(a.clone());
        }
    }
    let mut floors: Vec<FloorFile> = floors
        .into_iter()
        .map(|f| FloorFile {
            level: f.level,
            name: f.name,
            plan_width: f.plan_width,
            plan_height: f.plan_height,
            zones: zones
                .iter()
                .filter(|z| z.floor_id == f.id)
                .map(|z| zone_file(z, next_to.remove(&z.id).unwrap_or_default()))
                .collect(),
            desks: desks
                .iter()
                .filter(|d| zone_floor.get(&d.zone_id) == Some(&f.id))
                .map(|d| desk_file(d, &zone_slugs))
                .collect(),
            rooms: rooms
                .iter()
                .filter(|r| r.floor_id == f.id)
                .map(|r| room_file(r, &zone_slugs))
                .collect(),
        })
        .collect();
    floors.sort_by_key(|f| f.level);
    Ok(BuildingFile {
        slug: building.slug,
        name: building.name,
        address: building.address,
        timezone: building.timezone,
        site: super::site::of(db, building.id).await?,
        floors,
        sensors,
        walkways,
    }
    .normalized())
}

/// The desks of `zones`, read in slices (PostgreSQL and SQLite limit a statement's values).
async fn all_desks_in(
    db: &impl ConnectionTrait,
    zones: &[zone::Model],
) -> Result<Vec<desk::Model>, StructureError> {
    let mut desks = Vec::new();
    for chunk in zones.chunks(500) {
        desks.extend(
            desk::Entity::find()
                .filter(desk::Column::ZoneId.is_in(chunk.iter().map(|z| z.id)))
                .all(db)
                .await?,
        );
    }
    Ok(desks)
}

/// The sensors watching one of `desks` or `rooms`.
async fn sensors_of(
    db: &impl ConnectionTrait,
    desks: &[desk::Model],
    rooms: &[room::Model],
) -> Result<Vec<SensorFile>, StructureError> {
    let desk_labels: HashMap<i32, &str> = desks.iter().map(|d| (d.id, d.label.as_str())).collect();
    let room_labels: HashMap<i32, &str> = rooms.iter().map(|r| (r.id, r.label.as_str())).collect();
    Ok(sensor::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| {
            let desk = s.desk_id.and_then(|id| desk_labels.get(&id));
            let room = s.room_id.and_then(|id| room_labels.get(&id));
            (desk.is_some() || room.is_some()).then(|| SensorFile {
                device_key: s.device_key,
                model: s.model,
                protocol: s.protocol.to_value(),
                desk: desk.map(|l| (*l).to_owned()),
                room: room.map(|l| (*l).to_owned()),
            })
        })
        .collect())
}

pub(super) fn zone_file(z: &zone::Model, next_to: Vec<String>) -> ZoneFile {
    ZoneFile {
        slug: z.slug.clone(),
        name: z.name.clone(),
        kind: z.kind.to_value(),
        x: z.x,
        y: z.y,
        width: z.width,
        height: z.height,
        distance_to_lift_m: z.distance_to_lift_m,
        next_to,
    }
}

pub(super) fn desk_file(d: &desk::Model, zone_slugs: &HashMap<i32, String>) -> DeskFile {
    DeskFile {
        label: d.label.clone(),
        zone: zone_slugs.get(&d.zone_id).cloned().unwrap_or_default(),
        x: d.x,
        y: d.y,
        width: d.width,
        height: d.height,
        rotation: d.rotation,
        has_docking: d.has_docking,
        monitors: d.monitors,
        height_adjustable: d.height_adjustable,
        accessible: d.accessible,
        blocked: d.blocked,
        notes: d.notes.clone(),
    }
}

pub(super) fn room_file(r: &room::Model, zone_slugs: &HashMap<i32, String>) -> RoomFile {
    RoomFile {
        label: r.label.clone(),
        name: r.name.clone(),
        zone: r.zone_id.and_then(|id| zone_slugs.get(&id).cloned()),
        capacity: r.capacity,
        privacy_class: r.privacy_class.to_value(),
        step_free: r.step_free,
        hearing_loop: r.hearing_loop,
        equipment: equipment_list(&r.equipment),
        buffer_before_min: r.buffer_before_min,
        buffer_after_min: r.buffer_after_min,
        max_slot_minutes: r.max_slot_minutes,
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
    }
}

/// `screen,whiteboard` → `["screen", "whiteboard"]`; empty for none.
#[must_use]
pub fn equipment_list(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}
