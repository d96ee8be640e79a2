//! What the maintenance blocks page (`/admin/blocks`) shows facility management: the blocks
//! of desks and zones from today on, each with its building and floor and what its repair did
//! ([`crate::blocks::list`]), and every floor of every building with its zones and desks to
//! pick a new block from. Making and ending a block are [`crate::blocks::create`] and
//! [`crate::blocks::remove`].
//!
//! Facility managers and building administrators only ([`Permission::ManageDesks`]).

use chrono::{DateTime, Utc};
use wire::model::blocks_admin::{
    AdminBlock, BlockTarget, BlockableDesk, BlockableFloor, BlockableZone, BlocksOverview,
};

use crate::auth::{Permission, Principal};
use crate::booking::rules;
use crate::error::Error;
use crate::topology::TopologyCache;

/// The blocks from today on and every desk and zone to block, as `who` sees them at `now`.
pub async fn overview(
    db: &sea_orm::DatabaseConnection,
    topology: &TopologyCache,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<BlocksOverview, Error> {
    who.require(Permission::ManageDesks)?;
    let topo = topology.get(db).await?;
    let floor_of_desk = |desk_id: i32| {
        topo.desk(desk_id)
            .and_then(|d| topo.floor_of_zone(d.zone_id))
    };
    let blocks = crate::blocks::list(db, now)
        .await?
        .into_iter()
        .map(|b| {
            let floor = match (b.desk_id, b.zone_id) {
                (Some(desk), _) => floor_of_desk(desk),
                (None, Some(zone)) => topo.floor_of_zone(zone),
                (None, None) => None,
            };
            AdminBlock {
                id: b.id,
                target: match (b.desk_id, b.zone_id) {
                    (Some(_), _) => BlockTarget::Desk,
                    (None, Some(_)) => BlockTarget::Zone,
                    (None, None) => BlockTarget::Everything,
                },
                place: b.place,
                building: floor
                    .and_then(|f| topo.building(f.building_id))
                    .map(|building| building.name.clone())
                    .unwrap_or_default(),
                level: floor.map(|f| f.level),
                from_day: b.from_day,
                to_day: b.to_day,
                reason: b.reason,
                moved: b.moved,
                without_desk: b.without_desk,
            }
        })
        .collect();
    let mut buildings: Vec<_> = topo.buildings().collect();
    buildings.sort_by_key(|b| b.id);
    let mut floors = Vec::new();
    for building in buildings {
        let mut on_building: Vec<_> = topo.floors_of(building.id).collect();
        on_building.sort_by_key(|f| f.level);
        for floor in on_building {
            let mut zones: Vec<BlockableZone> = topo
                .zones_on(floor.id)
                .map(|z| {
                    let mut desks: Vec<BlockableDesk> = topo
                        .desks_in(z.id)
                        .map(|d| BlockableDesk {
                            id: d.id,
                            label: d.label.clone(),
                        })
                        .collect();
                    desks.sort_by(|a, b| a.label.cmp(&b.label));
                    BlockableZone {
                        id: z.id,
                        name: z.name.clone(),
                        desks,
                    }
                })
                .collect();
            zones.sort_by(|a, b| a.name.cmp(&b.name));
            floors.push(BlockableFloor {
                building: building.name.clone(),
                level: floor.level,
                name: floor.name.clone(),
                zones,
            });
        }
    }
    Ok(BlocksOverview {
        today: rules::today(topo.tz(), now),
        blocks,
        floors,
    })
}
