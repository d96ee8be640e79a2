//! The way to one's desk or room: from the building's entrance over its walkway graph (as the
//! building administrator drew it, [`crate::structure::walkway`], or derived from the zones
//! when none is drawn, [`derive`](mod@derive)), step-free when asked (lifts and ramps, no stairs), drawn
//! on the plans and told in words.
//!
//! # Layout
//! - [`graph`]: the graph, edge lengths and the shortest way (Dijkstra); pure.
//! - [`describe`]: a route in words, German or English, each step naming the part of the
//!   route it tells; pure.
//! - [`derive`](mod@derive): the graph derived from the zones; pure.
//! - [`demo`]: the demo building's walkways.
//! - this module: reading a building's graph and answering "the way to desk / room N".

pub mod demo;
pub mod derive;
pub mod describe;
pub mod graph;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use entities::enums::ZoneKind;
use entities::{walkway, walkway_edge, walkway_node};
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use wire::i18n::Lang;
use wire::model::way::{Way, WayLeg, WayPoint, WayStep};
use wire::model::{PlaceKind, QrSheet};

use self::describe::{DeskSpot, StepKind, Target};
use self::graph::{DEFAULT_CM_PER_UNIT, Edge, EdgeKind, Graph, Node, NodeKind};
use crate::error::Error;
use crate::topology::Topology;

/// What a way leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The desk with this id.
    Desk(i32),
    /// The room with this id.
    Room(i32),
}

/// The walkway graph of building `building_id`: the one drawn, or (with `true`) the one
/// derived from its zones when none is drawn.
pub async fn graph_of(
    db: &impl ConnectionTrait,
    topology: &Topology,
    building_id: i32,
) -> Result<(Graph, bool), Error> {
    if let Some(head) = walkway::Entity::find_by_id(building_id).one(db).await? {
        let rows = walkway_node::Entity::find()
            .filter(walkway_node::Column::BuildingId.eq(building_id))
            .order_by_asc(walkway_node::Column::Id)
            .all(db)
            .await?;
        let mut index = HashMap::new();
        let mut nodes = Vec::new();
        for row in &rows {
            let (Some(floor), Some(kind)) = (
                topology.floor(row.floor_id),
                NodeKind::parse(&row.kind.to_value()),
            ) else {
                continue;
            };
            index.insert(row.id, nodes.len());
            nodes.push(Node {
                key: row.key.clone(),
                kind,
                level: floor.level,
                x: row.x,
                y: row.y,
                desk: row
                    .desk_id
                    .and_then(|id| topology.desk(id))
                    .map(|d| d.label.clone()),
                room: row
                    .room_id
                    .and_then(|id| topology.room(id))
                    .map(|r| r.label.clone()),
            });
        }
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let mut edges = Vec::new();
        for chunk in ids.chunks(500) {
            for row in walkway_edge::Entity::find()
                .filter(walkway_edge::Column::FromNodeId.is_in(chunk.iter().copied()))
                .order_by_asc(walkway_edge::Column::Id)
                .all(db)
                .await?
            {
                if let (Some(&from), Some(&to), Some(kind)) = (
                    index.get(&row.from_node_id),
                    index.get(&row.to_node_id),
                    EdgeKind::parse(&row.kind.to_value()),
                ) {
                    edges.push(Edge { from, to, kind });
                }
            }
        }
        let graph = Graph {
            cm_per_unit: u32::try_from(head.cm_per_unit).unwrap_or(DEFAULT_CM_PER_UNIT),
            nodes,
            edges,
        };
        return Ok((graph, false));
    }
    Ok((derived_graph(topology, building_id), true))
}

/// The graph of building `building_id` derived from its zones.
#[must_use]
pub fn derived_graph(topology: &Topology, building_id: i32) -> Graph {
    let levels: HashMap<i32, i32> = topology
        .floors_of(building_id)
        .map(|f| (f.id, f.level))
        .collect();
    let zones: Vec<derive::ZoneSpot> = topology
        .zones()
        .filter_map(|z| {
            Some(derive::ZoneSpot {
                slug: z.slug.clone(),
                level: *levels.get(&z.floor_id)?,
                entrance: z.kind == ZoneKind::Entrance,
                rect: (z.x, z.y, z.width, z.height),
                distance_to_lift_m: z.distance_to_lift_m,
            })
        })
        .collect();
    let mut next_to = Vec::new();
    for (zone, others) in topology.adjacency() {
        for other in others {
            if let (Some(a), Some(b)) = (topology.zone(*zone), topology.zone(*other))
                && levels.contains_key(&a.floor_id)
            {
                next_to.push((a.slug.clone(), b.slug.clone()));
            }
        }
    }
    derive::from_zones(&zones, &next_to)
}

/// The way from the entrance of its building to `place` (step-free if `step_free`), in
/// `lang`. [`Error::NotFound`] when there is no such desk or room, or no way to it (no
/// walkway on its floor, no entrance, or no step-free way).
#[tracing::instrument(skip(db, topology))]
pub async fn way(
    db: &impl ConnectionTrait,
    topology: &Topology,
    place: Place,
    step_free: bool,
    lang: Lang,
) -> Result<Way, Error> {
    let building_id = match place {
        Place::Desk(id) => topology.building_of_desk(id),
        Place::Room(id) => topology
            .room(id)
            .and_then(|r| topology.floor(r.floor_id))
            .map(|f| f.building_id),
    }
    .ok_or(Error::NotFound)?;
    Ways::of(db, topology, building_id)
        .await?
        .way(place, step_free, lang)
}

/// The ways through one building, its walkway graph read once: for many ways at a time, as
/// the printed QR sheet of a floor asks for.
#[derive(Debug)]
pub struct Ways<'t> {
    topology: &'t Topology,
    building_id: i32,
    graph: Graph,
    derived: bool,
}

impl<'t> Ways<'t> {
    /// The ways of building `building_id`.
    pub async fn of(
        db: &impl ConnectionTrait,
        topology: &'t Topology,
        building_id: i32,
    ) -> Result<Ways<'t>, Error> {
        let (graph, derived) = graph_of(db, topology, building_id).await?;
        Ok(Ways {
            topology,
            building_id,
            graph,
            derived,
        })
    }

    /// The desks of floor `floor_id` as the words of a way count them in rows and find them at
    /// windows.
    fn desk_spots(&self, floor_id: i32) -> Vec<DeskSpot> {
        let topology = self.topology;
        let reach =
            describe::WINDOW_REACH_CM / i32::try_from(self.graph.cm_per_unit.max(1)).unwrap_or(1);
        let zones: Vec<&entities::zone::Model> = topology.zones_on(floor_id).collect();
        let rooms: Vec<(i32, i32, i32, i32)> = topology
            .rooms()
            .filter(|r| r.floor_id == floor_id)
            .map(|r| (r.x, r.y, r.width, r.height))
            .collect();
        let mut spots = Vec::new();
        for zone in &zones {
            let others: Vec<(i32, i32, i32, i32)> = zones
                .iter()
                .filter(|z| z.id != zone.id)
                .map(|z| (z.x, z.y, z.width, z.height))
                .chain(rooms.iter().copied())
                .collect();
            for desk in topology.desks_in(zone.id) {
                // A desk turned by about a quarter lies across.
                let across = matches!(desk.rotation.rem_euclid(180), 45..=134);
                let (w, h) = if across {
                    (desk.height, desk.width)
                } else {
                    (desk.width, desk.height)
                };
                spots.push(DeskSpot {
                    label: desk.label.clone(),
                    zone: zone.id,
                    x: desk.x,
                    y: desk.y,
                    depth: w.min(h),
                    window: describe::at_window(
                        (desk.x, desk.y, w / 2, h / 2),
                        (zone.x, zone.y, zone.width, zone.height),
                        &others,
                        reach,
                    ),
                });
            }
        }
        spots
    }

    /// The way from the entrance to `place` (step-free if `step_free`), in `lang`.
    /// [`Error::NotFound`] when there is no such desk or room in this building, or no way to
    /// it.
    pub fn way(&self, place: Place, step_free: bool, lang: Lang) -> Result<Way, Error> {
        let topology = self.topology;
        // The place: its floor, position, label, and zone.
        let (floor_id, x, y, label, zone_id, kind) = match place {
            Place::Desk(id) => {
                let desk = topology.desk(id).ok_or(Error::NotFound)?;
                let floor = topology
                    .floor_of_zone(desk.zone_id)
                    .ok_or(Error::NotFound)?;
                (
                    floor.id,
                    desk.x,
                    desk.y,
                    desk.label.clone(),
                    Some(desk.zone_id),
                    NodeKind::Desk,
                )
            }
            Place::Room(id) => {
                let room = topology.room(id).ok_or(Error::NotFound)?;
                (
                    room.floor_id,
                    room.x.saturating_add(room.width / 2),
                    room.y.saturating_add(room.height / 2),
                    room.label.clone(),
                    room.zone_id,
                    NodeKind::Room,
                )
            }
        };
        let floor = topology.floor(floor_id).ok_or(Error::NotFound)?;
        if floor.building_id != self.building_id {
            return Err(Error::NotFound);
        }
        let building = topology
            .building(floor.building_id)
            .ok_or(Error::NotFound)?;
        let mut graph = self.graph.clone();
        let derived = self.derived;
        let (target, existing) = match kind {
            NodeKind::Desk => (Target::Desk(label.clone()), graph.desk_node(&label)),
            _ => (Target::Room(label.clone()), graph.room_node(&label)),
        };
        let goal = match existing {
            Some(goal) => goal,
            None => {
                // In a derived graph the place joins the middle of its own zone.
                let near = if derived {
                    zone_id.and_then(|id| topology.zone(id)).and_then(|z| {
                        let key = derive::zone_key(&z.slug);
                        graph.nodes.iter().position(|n| n.key == key)
                    })
                } else {
                    None
                };
                let node = Node {
                    key: format!("{}:{label}", kind.as_str()),
                    kind,
                    level: floor.level,
                    x,
                    y,
                    desk: (kind == NodeKind::Desk).then(|| label.clone()),
                    room: (kind == NodeKind::Room).then(|| label.clone()),
                };
                graph.attach(node, near).ok_or(Error::NotFound)?
            }
        };
        let route = graph
            .route(&graph.entrances(), goal, step_free)
            .ok_or(Error::NotFound)?;
        let names: HashMap<i32, String> = topology
            .floors_of(building.id)
            .map(|f| (f.level, f.name.clone()))
            .collect();
        let floor_name = |level: i32| {
            names
                .get(&level)
                .cloned()
                .unwrap_or_else(|| level.to_string())
        };
        let desks = if kind == NodeKind::Desk {
            self.desk_spots(floor.id)
        } else {
            Vec::new()
        };
        let steps = describe::describe(&graph, &route, &target, &desks, &floor_name, lang);
        let has_steps = route
            .edges
            .iter()
            .filter_map(|i| graph.edges.get(*i))
            .any(|e| e.kind == EdgeKind::Stairs);
        Ok(Way {
            building: building.slug.clone(),
            target_kind: kind.as_str().to_owned(),
            target_id: match place {
                Place::Desk(id) | Place::Room(id) => id,
            },
            target: label,
            level: floor.level,
            step_free,
            has_steps,
            metres: describe::metres(route.length_cm),
            derived,
            legs: graph::legs(&graph, &route)
                .into_iter()
                .map(|leg| WayLeg {
                    level: leg.level,
                    floor: floor_name(leg.level),
                    points: leg
                        .points
                        .into_iter()
                        .map(|(x, y)| WayPoint { x, y })
                        .collect(),
                })
                .collect(),
            steps: steps
                .into_iter()
                .map(|step| WayStep {
                    kind: match step.kind {
                        StepKind::Start => "start",
                        StepKind::Walk => "walk",
                        StepKind::Floor(EdgeKind::Lift) => "lift",
                        StepKind::Floor(EdgeKind::Stairs) => "stairs",
                        StepKind::Floor(EdgeKind::Ramp) => "ramp",
                        StepKind::Floor(EdgeKind::Walk) => "walk",
                    }
                    .to_owned(),
                    level: step.level,
                    metres: step.metres,
                    text: step.text,
                })
                .collect(),
            summary: describe::summary(&graph, &route, lang),
        })
    }
}

/// Writes on every card of `sheet` (the printable QR sheet of a floor of building
/// `building_id`) the way from the entrance to its desk or room, step-free if `step_free`,
/// in `lang`; a card whose place has no way keeps none.
pub async fn add_to_sheet(
    db: &impl ConnectionTrait,
    topology: &Topology,
    building_id: i32,
    sheet: &mut QrSheet,
    step_free: bool,
    lang: Lang,
) -> Result<(), Error> {
    let ways = Ways::of(db, topology, building_id).await?;
    for card in &mut sheet.cards {
        let place = match card.kind {
            PlaceKind::Desk => Place::Desk(card.id),
            PlaceKind::Room => Place::Room(card.id),
        };
        card.way = ways.way(place, step_free, lang).ok();
    }
    Ok(())
}
