//! The walkway graph of a building and the shortest way through it: pure data and functions,
//! no database.
//!
//! Nodes are points on a floor plan (in the plan's units, on a floor named by its level);
//! edges join two nodes and say how one gets from one to the other (walking, a ramp, stairs,
//! a lift). Lengths are whole centimetres, so that routes compare exactly.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Centimetres of walking a flight of stairs adds per floor climbed or descended, beyond the
/// distance on the plan.
pub const STAIRS_CM_PER_FLOOR: u64 = 600;

/// Centimetres per plan unit when a building says nothing else (the demo building's scale: a
/// floor of 1,600 units is 64 m long).
pub const DEFAULT_CM_PER_UNIT: u32 = 4;

/// What a node of the walkway graph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// A way into the building.
    Entrance,
    /// A lift door on a floor.
    Lift,
    /// The foot or head of a staircase on a floor.
    Stairs,
    /// The end of a ramp.
    Ramp,
    /// A point of a corridor or hall.
    Corridor,
    /// A desk (an end of a way).
    Desk,
    /// A room's door (an end of a way).
    Room,
}

/// Every node kind, in the order the file and the database spell them.
pub const NODE_KINDS: &[&str] = &[
    "entrance", "lift", "stairs", "ramp", "corridor", "desk", "room",
];

/// Every edge kind, in the order the file and the database spell them.
pub const EDGE_KINDS: &[&str] = &["walk", "stairs", "lift", "ramp"];

impl NodeKind {
    /// The kind as the file and the database spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Entrance => "entrance",
            NodeKind::Lift => "lift",
            NodeKind::Stairs => "stairs",
            NodeKind::Ramp => "ramp",
            NodeKind::Corridor => "corridor",
            NodeKind::Desk => "desk",
            NodeKind::Room => "room",
        }
    }

    /// The kind spelt `text`, if any.
    #[must_use]
    pub fn parse(text: &str) -> Option<NodeKind> {
        Some(match text {
            "entrance" => NodeKind::Entrance,
            "lift" => NodeKind::Lift,
            "stairs" => NodeKind::Stairs,
            "ramp" => NodeKind::Ramp,
            "corridor" => NodeKind::Corridor,
            "desk" => NodeKind::Desk,
            "room" => NodeKind::Room,
            _ => return None,
        })
    }
}

/// How one gets along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// Walking on the level.
    Walk,
    /// Stairs: not step-free.
    Stairs,
    /// A lift.
    Lift,
    /// A ramp: step-free.
    Ramp,
}

impl EdgeKind {
    /// The kind as the file and the database spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Walk => "walk",
            EdgeKind::Stairs => "stairs",
            EdgeKind::Lift => "lift",
            EdgeKind::Ramp => "ramp",
        }
    }

    /// The kind spelt `text`, if any.
    #[must_use]
    pub fn parse(text: &str) -> Option<EdgeKind> {
        Some(match text {
            "walk" => EdgeKind::Walk,
            "stairs" => EdgeKind::Stairs,
            "lift" => EdgeKind::Lift,
            "ramp" => EdgeKind::Ramp,
            _ => return None,
        })
    }

    /// Whether a person who cannot climb steps can use it: everything but stairs.
    #[must_use]
    pub fn step_free(self) -> bool {
        self != EdgeKind::Stairs
    }
}

/// A point of the walkway graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Its name, unique in the building's graph (`entrance`, `lift-2`, `desk:2.14`).
    pub key: String,
    /// What it is.
    pub kind: NodeKind,
    /// The level of its floor.
    pub level: i32,
    /// Position on the floor plan.
    pub x: i32,
    /// Position on the floor plan.
    pub y: i32,
    /// The label of the desk it is, for a desk node.
    pub desk: Option<String>,
    /// The label of the room it is, for a room node.
    pub room: Option<String>,
}

impl Node {
    /// A node without desk or room.
    #[must_use]
    pub fn at(key: impl Into<String>, kind: NodeKind, level: i32, x: i32, y: i32) -> Node {
        Node {
            key: key.into(),
            kind,
            level,
            x,
            y,
            desk: None,
            room: None,
        }
    }
}

/// A way between two nodes, usable in both directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Index of one end in [`Graph::nodes`].
    pub from: usize,
    /// Index of the other end.
    pub to: usize,
    /// How one gets along it.
    pub kind: EdgeKind,
}

/// A building's walkway graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// Centimetres per plan unit.
    pub cm_per_unit: u32,
    /// The nodes.
    pub nodes: Vec<Node>,
    /// The edges; an edge naming a node that is not there is ignored.
    pub edges: Vec<Edge>,
}

/// A way through the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The nodes passed, first to last (indices into [`Graph::nodes`]).
    pub nodes: Vec<usize>,
    /// The edges taken (indices into [`Graph::edges`]); one fewer than the nodes.
    pub edges: Vec<usize>,
    /// Its length in centimetres.
    pub length_cm: u64,
}

impl Graph {
    /// The length of `edge` in centimetres: the distance on the plan, plus
    /// [`STAIRS_CM_PER_FLOOR`] per floor for stairs (a lift ride is no walking).
    #[must_use]
    pub fn length_cm(&self, edge: &Edge) -> u64 {
        let (Some(a), Some(b)) = (self.nodes.get(edge.from), self.nodes.get(edge.to)) else {
            return 0;
        };
        let dx = f64::from(a.x) - f64::from(b.x);
        let dy = f64::from(a.y) - f64::from(b.y);
        let planar = (dx.hypot(dy) * f64::from(self.cm_per_unit)).round();
        // At most about 3e9 units × u32::MAX: far inside u64; the cast only drops the fraction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let planar = planar.max(0.0) as u64;
        let floors = u64::from(a.level.abs_diff(b.level));
        match edge.kind {
            EdgeKind::Stairs => planar + STAIRS_CM_PER_FLOOR * floors,
            _ => planar,
        }
    }

    /// Whether `edge` may be taken on a way that must be step-free, if `step_free`.
    fn usable(edge: &Edge, step_free: bool) -> bool {
        !step_free || edge.kind.step_free()
    }

    /// For every node, the edges at it (index of the edge, index of the other end).
    fn adjacency(&self) -> Vec<Vec<(usize, usize)>> {
        let mut around = vec![Vec::new(); self.nodes.len()];
        for (i, edge) in self.edges.iter().enumerate() {
            if edge.from < self.nodes.len() && edge.to < self.nodes.len() {
                around[edge.from].push((i, edge.to));
                if edge.from != edge.to {
                    around[edge.to].push((i, edge.from));
                }
            }
        }
        around
    }

    /// The shortest way from any of `starts` to `goal` (Dijkstra); with `step_free`, one
    /// that takes no stairs. `None` when there is none. Of equally short ways the one found
    /// first by node order is taken, so the answer is the same every time.
    #[must_use]
    pub fn route(&self, starts: &[usize], goal: usize, step_free: bool) -> Option<Route> {
        let n = self.nodes.len();
        if goal >= n {
            return None;
        }
        let around = self.adjacency();
        let mut best: Vec<Option<u64>> = vec![None; n];
        let mut came: Vec<Option<(usize, usize)>> = vec![None; n];
        let mut done = vec![false; n];
        let mut queue = BinaryHeap::new();
        for &start in starts.iter().filter(|s| **s < n) {
            best[start] = Some(0);
            queue.push(Reverse((0_u64, start)));
        }
        while let Some(Reverse((distance, node))) = queue.pop() {
            if done[node] {
                continue;
            }
            done[node] = true;
            if node == goal {
                break;
            }
            for &(edge_index, next) in &around[node] {
                let edge = &self.edges[edge_index];
                if !Self::usable(edge, step_free) || done[next] {
                    continue;
                }
                let through = distance + self.length_cm(edge);
                if best[next].is_none_or(|known| through < known) {
                    best[next] = Some(through);
                    came[next] = Some((node, edge_index));
                    queue.push(Reverse((through, next)));
                }
            }
        }
        let length_cm = best[goal]?;
        let mut nodes = vec![goal];
        let mut edges = Vec::new();
        let mut at = goal;
        while let Some((previous, edge)) = came[at] {
            nodes.push(previous);
            edges.push(edge);
            at = previous;
        }
        nodes.reverse();
        edges.reverse();
        Some(Route {
            nodes,
            edges,
            length_cm,
        })
    }

    /// The indices of the entrances.
    #[must_use]
    pub fn entrances(&self) -> Vec<usize> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::Entrance)
            .map(|(i, _)| i)
            .collect()
    }

    /// The node of the desk `label`, if the graph has one.
    #[must_use]
    pub fn desk_node(&self, label: &str) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.desk.as_deref() == Some(label))
    }

    /// The node of the room `label`, if the graph has one.
    #[must_use]
    pub fn room_node(&self, label: &str) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.room.as_deref() == Some(label))
    }

    /// Adds `node` (a desk or room) joined by a walk to `near` if given, otherwise to the
    /// nearest node of its floor that is no desk or room; its index, or `None` when its floor
    /// has no such node.
    pub fn attach(&mut self, node: Node, near: Option<usize>) -> Option<usize> {
        let near = near.filter(|i| *i < self.nodes.len()).or_else(|| {
            self.nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    n.level == node.level && !matches!(n.kind, NodeKind::Desk | NodeKind::Room)
                })
                .min_by_key(|(i, n)| {
                    let dx = i64::from(n.x) - i64::from(node.x);
                    let dy = i64::from(n.y) - i64::from(node.y);
                    (dx * dx + dy * dy, *i)
                })
                .map(|(i, _)| i)
        })?;
        self.nodes.push(node);
        let index = self.nodes.len() - 1;
        self.edges.push(Edge {
            from: near,
            to: index,
            kind: EdgeKind::Walk,
        });
        Some(index)
    }
}

/// A run of a route on one floor, as it is drawn on that floor's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    /// The floor's level.
    pub level: i32,
    /// Positions in the route's node list (first and last included) this leg draws.
    pub first: usize,
    /// The last position in the route's node list of this leg.
    pub last: usize,
    /// The points on the plan, in order.
    pub points: Vec<(i32, i32)>,
}

/// The route cut into the runs of nodes on one floor, as they are drawn: each floor's
/// polyline. A floor only passed through (one lift or staircase on to the next floor, by the
/// same kind of edge) is not drawn, as the words do not stop there either.
#[must_use]
pub fn legs(graph: &Graph, route: &Route) -> Vec<Leg> {
    let last = route.nodes.len().saturating_sub(1);
    let kind_at = |position: usize| {
        route
            .edges
            .get(position)
            .and_then(|e| graph.edges.get(*e))
            .map(|e| e.kind)
    };
    all_legs(graph, route)
        .into_iter()
        .filter(|leg| {
            let passed = leg.first == leg.last
                && leg.first > 0
                && leg.last < last
                && kind_at(leg.first - 1) == kind_at(leg.first);
            !passed
        })
        .collect()
}

fn all_legs(graph: &Graph, route: &Route) -> Vec<Leg> {
    let mut legs: Vec<Leg> = Vec::new();
    for (position, &index) in route.nodes.iter().enumerate() {
        let Some(node) = graph.nodes.get(index) else {
            continue;
        };
        match legs.last_mut() {
            Some(leg) if leg.level == node.level => {
                leg.last = position;
                leg.points.push((node.x, node.y));
            }
            _ => legs.push(Leg {
                level: node.level,
                first: position,
                last: position,
                points: vec![(node.x, node.y)],
            }),
        }
    }
    legs
}
