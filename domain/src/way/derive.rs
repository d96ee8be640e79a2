//! A walkway graph for a building whose administrators drew none, derived from its zones: a
//! node in the middle of every zone, walks between zones that touch, a lift on every floor in
//! the zone nearest to the lifts (by the zones' `distance_to_lift_m`) joined to the floors
//! above and below, and the entrance in the middle of the lowest entrance zone. Desks and
//! rooms are joined to the middle of their own zone. Such a way is a sketch: it knows no
//! corridors and no stairs, so it is always step-free.

use std::collections::{BTreeMap, HashMap};

use super::graph::{DEFAULT_CM_PER_UNIT, Edge, EdgeKind, Graph, Node, NodeKind};

/// A zone as far as the derived graph needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneSpot {
    /// Its slug.
    pub slug: String,
    /// Its floor's level.
    pub level: i32,
    /// Whether it is an entrance zone.
    pub entrance: bool,
    /// Left, top, width, height on the plan.
    pub rect: (i32, i32, i32, i32),
    /// Metres to the nearest lift.
    pub distance_to_lift_m: i32,
}

impl ZoneSpot {
    fn centre(&self) -> (i32, i32) {
        let (x, y, w, h) = self.rect;
        (x.saturating_add(w / 2), y.saturating_add(h / 2))
    }
}

/// The key of the node in the middle of zone `slug`.
#[must_use]
pub fn zone_key(slug: &str) -> String {
    format!("zone:{slug}")
}

/// The graph derived from `zones` and the pairs of zones that touch (`next_to`, by slug).
#[must_use]
pub fn from_zones(zones: &[ZoneSpot], next_to: &[(String, String)]) -> Graph {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut sorted: Vec<&ZoneSpot> = zones.iter().collect();
    sorted.sort_by(|a, b| (a.level, &a.slug).cmp(&(b.level, &b.slug)));
    for zone in &sorted {
        let (x, y) = zone.centre();
        index.insert(zone.slug.as_str(), nodes.len());
        nodes.push(Node::at(
            zone_key(&zone.slug),
            NodeKind::Corridor,
            zone.level,
            x,
            y,
        ));
    }
    for (a, b) in next_to {
        if let (Some(&from), Some(&to)) = (index.get(a.as_str()), index.get(b.as_str()))
            && nodes[from].level == nodes[to].level
            && from != to
        {
            edges.push(Edge {
                from,
                to,
                kind: EdgeKind::Walk,
            });
        }
    }
    // A lift on every floor, in the zone nearest to the lifts.
    let mut by_level: BTreeMap<i32, Vec<&ZoneSpot>> = BTreeMap::new();
    for zone in &sorted {
        by_level.entry(zone.level).or_default().push(zone);
    }
    let mut lifts: Vec<usize> = Vec::new();
    for (level, on_floor) in &by_level {
        let Some(nearest) = on_floor
            .iter()
            .min_by_key(|z| (z.distance_to_lift_m, z.slug.as_str()))
        else {
            continue;
        };
        let (x, y) = nearest.centre();
        let lift = nodes.len();
        nodes.push(Node::at(
            format!("lift:{level}"),
            NodeKind::Lift,
            *level,
            x,
            y,
        ));
        // The lift's own zone, then the first zone of every group of touching zones the
        // lift does not reach yet.
        let mut order: Vec<&&ZoneSpot> = vec![nearest];
        order.extend(on_floor.iter().filter(|z| z.slug != nearest.slug));
        for zone in order {
            let Some(&zone_node) = index.get(zone.slug.as_str()) else {
                continue;
            };
            if !reaches(nodes.len(), &edges, lift, zone_node) {
                edges.push(Edge {
                    from: lift,
                    to: zone_node,
                    kind: EdgeKind::Walk,
                });
            }
        }
        if let Some(&below) = lifts.last() {
            edges.push(Edge {
                from: below,
                to: lift,
                kind: EdgeKind::Lift,
            });
        }
        lifts.push(lift);
    }
    // The entrance: the lowest entrance zone, otherwise the lowest floor's lift zone.
    let entrance_zone = sorted
        .iter()
        .filter(|z| z.entrance)
        .min_by_key(|z| (z.level, z.slug.as_str()))
        .or_else(|| {
            by_level.values().next().and_then(|zones| {
                zones
                    .iter()
                    .min_by_key(|z| (z.distance_to_lift_m, z.slug.as_str()))
            })
        });
    if let Some(zone) = entrance_zone
        && let Some(&zone_node) = index.get(zone.slug.as_str())
    {
        let (x, y) = zone.centre();
        let entrance = nodes.len();
        nodes.push(Node::at("entrance", NodeKind::Entrance, zone.level, x, y));
        edges.push(Edge {
            from: entrance,
            to: zone_node,
            kind: EdgeKind::Walk,
        });
    }
    Graph {
        cm_per_unit: DEFAULT_CM_PER_UNIT,
        nodes,
        edges,
    }
}

/// Whether `to` can be reached from `from` over `edges` (among `n` nodes).
fn reaches(n: usize, edges: &[Edge], from: usize, to: usize) -> bool {
    let mut seen = vec![false; n];
    let mut todo = vec![from];
    while let Some(at) = todo.pop() {
        if at == to {
            return true;
        }
        if at >= n || seen[at] {
            continue;
        }
        seen[at] = true;
        for edge in edges {
            if edge.from == at {
                todo.push(edge.to);
            } else if edge.to == at {
                todo.push(edge.from);
            }
        }
    }
    false
}
