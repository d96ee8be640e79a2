//! A building's walkway graph in the building file (`"walkways"`): the way to one's desk as
//! the building administrator draws it. Optional: a file without it imports as before, and an
//! import without it keeps the walkways the building has. The CSV form leaves it out (an
//! import of a CSV keeps them too).
//!
//! ```json
//! "walkways": {
//!   "cm_per_unit": 4,
//!   "nodes": [
//!     {"key": "entrance", "kind": "entrance", "floor": 0, "x": 420, "y": 40},
//!     {"key": "lift-0", "kind": "lift", "floor": 0, "x": 800, "y": 360},
//!     {"key": "r1", "kind": "room", "floor": 0, "x": 900, "y": 300, "room": "0.B01"}
//!   ],
//!   "edges": [{"from": "entrance", "to": "lift-0"}, {"from": "lift-0", "to": "r1", "kind": "walk"}]
//! }
//! ```
//!
//! Nodes are named by a key unique in the building, placed on a floor (its level) at plan
//! coordinates; desk and room nodes name their desk or room by label. Edges join two nodes by
//! key and say how (`walk`, the default, `ramp`, `stairs` or `lift`); all but stairs are
//! step-free. Desks and rooms without a node of their own are joined to the nearest node of
//! their floor when a way is asked for.

use std::collections::{HashMap, HashSet};

use entities::walkway_edge::WalkwayEdgeKind;
use entities::walkway_node::WalkwayNodeKind;
use entities::{walkway, walkway_edge, walkway_node};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::{Field, Problem, Shape, fields_of, is_key, leaf_of, opt, req};
use super::format::natural_cmp;
use crate::way::graph::{
    DEFAULT_CM_PER_UNIT, EDGE_KINDS, Edge, EdgeKind, Graph, NODE_KINDS, Node, NodeKind,
};

fn default_cm_per_unit() -> i32 {
    i32::try_from(DEFAULT_CM_PER_UNIT).unwrap_or(4)
}

fn default_edge_kind() -> String {
    "walk".to_owned()
}

/// The walkway graph of a building, as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkwaysFile {
    /// Centimetres per plan unit (the same on every floor); 4 when left out.
    #[serde(default = "default_cm_per_unit")]
    pub cm_per_unit: i32,
    /// The points.
    pub nodes: Vec<WalkwayNodeFile>,
    /// The ways between them.
    #[serde(default)]
    pub edges: Vec<WalkwayEdgeFile>,
}

/// A point of the walkway graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkwayNodeFile {
    /// Unique in the building; what edges name.
    pub key: String,
    /// `entrance`, `lift`, `stairs`, `ramp`, `corridor`, `desk` or `room`.
    pub kind: String,
    /// The level of its floor.
    pub floor: i32,
    /// Position on the floor plan.
    pub x: i32,
    /// Position on the floor plan.
    pub y: i32,
    /// For a `desk` node: the desk's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// For a `room` node: the room's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

/// A way between two points, usable both ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkwayEdgeFile {
    /// Key of one end.
    pub from: String,
    /// Key of the other end.
    pub to: String,
    /// `walk` (the default), `ramp`, `stairs` or `lift`.
    #[serde(default = "default_edge_kind")]
    pub kind: String,
}

pub(crate) const WALKWAYS: &[Field] = &[
    opt("cm_per_unit", Shape::Int),
    req("nodes", Shape::List),
    opt("edges", Shape::List),
];

pub(crate) const NODE: &[Field] = &[
    req("key", Shape::Text),
    req("kind", Shape::OneOf(NODE_KINDS)),
    req("floor", Shape::Int),
    req("x", Shape::Int),
    req("y", Shape::Int),
    opt("desk", Shape::OptText),
    opt("room", Shape::OptText),
];

pub(crate) const EDGE: &[Field] = &[
    req("from", Shape::Text),
    req("to", Shape::Text),
    opt("kind", Shape::OneOf(EDGE_KINDS)),
];

impl WalkwaysFile {
    /// The same graph in the export's order: nodes by key, edges by their ends (each edge
    /// named with the smaller key first).
    #[must_use]
    pub fn normalized(mut self) -> Self {
        self.nodes.sort_by(|a, b| natural_cmp(&a.key, &b.key));
        for edge in &mut self.edges {
            if natural_cmp(&edge.from, &edge.to).is_gt() {
                std::mem::swap(&mut edge.from, &mut edge.to);
            }
        }
        self.edges.sort_by(|a, b| {
            natural_cmp(&a.from, &b.from)
                .then_with(|| natural_cmp(&a.to, &b.to))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        self
    }

    /// The graph for routing (nodes and edges of kinds it does not know are left out).
    #[must_use]
    pub fn graph(&self) -> Graph {
        let mut index = HashMap::new();
        let mut nodes = Vec::new();
        for node in &self.nodes {
            let Some(kind) = NodeKind::parse(&node.kind) else {
                continue;
            };
            index.insert(node.key.as_str(), nodes.len());
            nodes.push(Node {
                key: node.key.clone(),
                kind,
                level: node.floor,
                x: node.x,
                y: node.y,
                desk: node.desk.clone(),
                room: node.room.clone(),
            });
        }
        let edges = self
            .edges
            .iter()
            .filter_map(|e| {
                Some(Edge {
                    from: *index.get(e.from.as_str())?,
                    to: *index.get(e.to.as_str())?,
                    kind: EdgeKind::parse(&e.kind)?,
                })
            })
            .collect();
        Graph {
            cm_per_unit: u32::try_from(self.cm_per_unit).unwrap_or(DEFAULT_CM_PER_UNIT),
            nodes,
            edges,
        }
    }
}

/// Reads the `walkways` object of a file at `value`, adding what does not fit to `problems`.
pub(crate) fn read(problems: &mut Vec<Problem>, value: &Value) -> Option<WalkwaysFile> {
    let path = "walkways";
    fields_of(problems, value, path, "walkways", WALKWAYS)?;
    let before = problems.len();
    let list = |key: &str| value.get(key).and_then(Value::as_array).cloned();
    let mut nodes = Vec::new();
    for (i, node) in list("nodes").unwrap_or_default().iter().enumerate() {
        if let Some(node) = leaf_of(
            problems,
            node,
            &format!("{path}.nodes[{i}]"),
            "walkway node",
            NODE,
        ) {
            nodes.push(node);
        }
    }
    let mut edges = Vec::new();
    for (i, edge) in list("edges").unwrap_or_default().iter().enumerate() {
        if let Some(edge) = leaf_of(
            problems,
            edge,
            &format!("{path}.edges[{i}]"),
            "walkway edge",
            EDGE,
        ) {
            edges.push(edge);
        }
    }
    (problems.len() == before).then(|| WalkwaysFile {
        cm_per_unit: value
            .get("cm_per_unit")
            .and_then(Value::as_i64)
            .and_then(|n| i32::try_from(n).ok())
            .unwrap_or_else(default_cm_per_unit),
        nodes,
        edges,
    })
}

/// What the walkways are checked against: each floor's plan size by level, and the floor of
/// each desk and room of the file by label.
pub(crate) struct Places<'a> {
    /// Level → (plan width, plan height).
    pub floors: &'a HashMap<i32, (i32, i32)>,
    /// Desk label → level.
    pub desks: &'a HashMap<String, i32>,
    /// Room label → level.
    pub rooms: &'a HashMap<String, i32>,
    /// Labels of desks and rooms that could not be read (reported already, not again).
    pub broken: &'a HashSet<String>,
}

/// Every problem of what the walkways say: duplicate or unknown keys, nodes off their floor
/// or on a floor the file does not have, desk and room nodes naming no desk or room of that
/// floor, edges joining a node to itself or twice, walks and ramps between floors.
pub(crate) fn check(file: &WalkwaysFile, places: &Places<'_>, out: &mut Vec<Problem>) {
    if file.cm_per_unit <= 0 {
        out.push(Problem::at(
            "walkways.cm_per_unit",
            format!(
                "centimetres per plan unit must be positive, is {}",
                file.cm_per_unit
            ),
        ));
    }
    let mut levels: HashMap<&str, i32> = HashMap::new();
    let mut seen_places: HashSet<(bool, &str)> = HashSet::new();
    for (i, node) in file.nodes.iter().enumerate() {
        let path = format!("walkways.nodes[{i}]");
        if !is_key(&node.key) {
            out.push(Problem::at(
                &format!("{path}.key"),
                "a walkway node's key must not be empty or start or end with spaces",
            ));
        } else if levels.insert(node.key.as_str(), node.floor).is_some() {
            out.push(Problem::at(
                &format!("{path}.key"),
                format!(
                    "duplicate walkway node \"{}\"; node keys are unique",
                    node.key
                ),
            ));
        }
        match places.floors.get(&node.floor) {
            None => out.push(Problem::at(
                &format!("{path}.floor"),
                format!("the file has no floor {}", node.floor),
            )),
            Some((width, height)) => {
                if !(0..=*width).contains(&node.x) || !(0..=*height).contains(&node.y) {
                    out.push(Problem::at(
                        &format!("{path}.x"),
                        format!(
                            "the node ({}, {}) lies outside its floor's plan ({width} × {height})",
                            node.x, node.y
                        ),
                    ));
                }
            }
        }
        let named = |label: &Option<String>,
                     field: &str,
                     list: &HashMap<String, i32>,
                     what: &str| match label {
            None => Some(Problem::at(
                &format!("{path}.{field}"),
                format!("a {what} node names its {what} (\"{field}\": label)"),
            )),
            Some(label) if places.broken.contains(label) => None,
            Some(label) => match list.get(label) {
                None => Some(Problem::at(
                    &format!("{path}.{field}"),
                    format!("unknown {what} \"{label}\": no {what} of the file has this label"),
                )),
                Some(level) if *level != node.floor => Some(Problem::at(
                    &format!("{path}.floor"),
                    format!(
                        "{what} \"{label}\" is on floor {level}, not on floor {}",
                        node.floor
                    ),
                )),
                Some(_) => None,
            },
        };
        match node.kind.as_str() {
            "desk" => {
                out.extend(named(&node.desk, "desk", places.desks, "desk"));
                if node.room.is_some() {
                    out.push(Problem::at(
                        &format!("{path}.room"),
                        "a desk node names no room",
                    ));
                }
                if let Some(label) = &node.desk
                    && !seen_places.insert((true, label.as_str()))
                {
                    out.push(Problem::at(
                        &format!("{path}.desk"),
                        format!("desk \"{label}\" has two walkway nodes"),
                    ));
                }
            }
            "room" => {
                out.extend(named(&node.room, "room", places.rooms, "room"));
                if node.desk.is_some() {
                    out.push(Problem::at(
                        &format!("{path}.desk"),
                        "a room node names no desk",
                    ));
                }
                if let Some(label) = &node.room
                    && !seen_places.insert((false, label.as_str()))
                {
                    out.push(Problem::at(
                        &format!("{path}.room"),
                        format!("room \"{label}\" has two walkway nodes"),
                    ));
                }
            }
            _ => {
                if node.desk.is_some() || node.room.is_some() {
                    out.push(Problem::at(
                        &path,
                        "only desk and room nodes name a desk or room",
                    ));
                }
            }
        }
    }
    let mut pairs: HashSet<(&str, &str)> = HashSet::new();
    for (i, edge) in file.edges.iter().enumerate() {
        let path = format!("walkways.edges[{i}]");
        let from = levels.get(edge.from.as_str());
        let to = levels.get(edge.to.as_str());
        for (end, field, level) in [(&edge.from, "from", from), (&edge.to, "to", to)] {
            if level.is_none() {
                out.push(Problem::at(
                    &format!("{path}.{field}"),
                    format!("unknown walkway node \"{end}\""),
                ));
            }
        }
        if edge.from == edge.to {
            out.push(Problem::at(
                &format!("{path}.to"),
                "an edge joins two different nodes",
            ));
        }
        let pair = if natural_cmp(&edge.from, &edge.to).is_gt() {
            (edge.to.as_str(), edge.from.as_str())
        } else {
            (edge.from.as_str(), edge.to.as_str())
        };
        if !pairs.insert(pair) {
            out.push(Problem::at(
                &path,
                format!(
                    "\"{}\" and \"{}\" are joined twice; one edge per pair",
                    edge.from, edge.to
                ),
            ));
        }
        if let (Some(a), Some(b)) = (from, to)
            && a != b
            && matches!(edge.kind.as_str(), "walk" | "ramp")
        {
            out.push(Problem::at(
                &format!("{path}.kind"),
                format!(
                    "\"{}\" and \"{}\" are on different floors: join floors by lift or stairs",
                    edge.from, edge.to
                ),
            ));
        }
    }
}

/// The walkways of building `building_id` as the file writes them, if it has any;
/// `floor_levels`, `desk_labels` and `room_labels` name the building's floors, desks and rooms
/// by id.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    building_id: i32,
    floor_levels: &HashMap<i32, i32>,
    desk_labels: &HashMap<i32, String>,
    room_labels: &HashMap<i32, String>,
) -> Result<Option<WalkwaysFile>, DbErr> {
    let Some(head) = walkway::Entity::find_by_id(building_id).one(db).await? else {
        return Ok(None);
    };
    let nodes = walkway_node::Entity::find()
        .filter(walkway_node::Column::BuildingId.eq(building_id))
        .order_by_asc(walkway_node::Column::Id)
        .all(db)
        .await?;
    let keys: HashMap<i32, &str> = nodes.iter().map(|n| (n.id, n.key.as_str())).collect();
    let ids: Vec<i32> = nodes.iter().map(|n| n.id).collect();
    let mut edges = Vec::new();
    for chunk in ids.chunks(500) {
        edges.extend(
            walkway_edge::Entity::find()
                .filter(walkway_edge::Column::FromNodeId.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    let file = WalkwaysFile {
        cm_per_unit: head.cm_per_unit,
        nodes: nodes
            .iter()
            .map(|n| WalkwayNodeFile {
                key: n.key.clone(),
                kind: n.kind.to_value(),
                floor: floor_levels.get(&n.floor_id).copied().unwrap_or_default(),
                x: n.x,
                y: n.y,
                desk: n.desk_id.and_then(|id| desk_labels.get(&id).cloned()),
                room: n.room_id.and_then(|id| room_labels.get(&id).cloned()),
            })
            .collect(),
        edges: edges
            .iter()
            .filter_map(|e| {
                Some(WalkwayEdgeFile {
                    from: (*keys.get(&e.from_node_id)?).to_owned(),
                    to: (*keys.get(&e.to_node_id)?).to_owned(),
                    kind: e.kind.to_value(),
                })
            })
            .collect(),
    };
    Ok(Some(file.normalized()))
}

/// What an import of `file` (the file's walkways, if any) changes of `before` (the
/// building's): created, changed or the same; kept when the file has none.
pub(crate) fn changes(
    file: Option<&WalkwaysFile>,
    before: Option<&WalkwaysFile>,
) -> super::import::KindChanges {
    let mut changes = super::import::KindChanges {
        kind: "walkways",
        ..super::import::KindChanges::default()
    };
    let name = |w: &WalkwaysFile| format!("{} nodes, {} edges", w.nodes.len(), w.edges.len());
    match (file, before) {
        (Some(file), None) => changes.created.push(name(file)),
        (Some(file), Some(before)) if file.clone().normalized() == *before => {
            changes.unchanged = 1;
        }
        (Some(file), Some(_)) => changes.changed.push(name(file)),
        (None, Some(before)) => changes.kept.push(name(before)),
        (None, None) => {}
    }
    changes
}

/// The walkways of every building that has them, by building id; `floor_levels`,
/// `desk_labels` and `room_labels` name floors, desks and rooms by id.
pub(crate) async fn load_all(
    db: &impl ConnectionTrait,
    floor_levels: &HashMap<i32, i32>,
    desk_labels: &HashMap<i32, String>,
    room_labels: &HashMap<i32, String>,
) -> Result<HashMap<i32, WalkwaysFile>, DbErr> {
    let mut all = HashMap::new();
    for head in walkway::Entity::find().all(db).await? {
        if let Some(file) =
            load(db, head.building_id, floor_levels, desk_labels, room_labels).await?
        {
            all.insert(head.building_id, file);
        }
    }
    Ok(all)
}

/// Replaces the walkways of building `building_id` by `file`; `floor_ids` gives the ids of
/// its floors by level (desks and rooms are found by label).
pub async fn store(
    txn: &impl ConnectionTrait,
    building_id: i32,
    file: &WalkwaysFile,
    floor_ids: &HashMap<i32, i32>,
) -> Result<(), DbErr> {
    let desk_labels: Vec<&str> = file
        .nodes
        .iter()
        .filter_map(|n| n.desk.as_deref())
        .collect();
    let room_labels: Vec<&str> = file
        .nodes
        .iter()
        .filter_map(|n| n.room.as_deref())
        .collect();
    let mut desk_ids: HashMap<String, i32> = HashMap::new();
    for chunk in desk_labels.chunks(500) {
        for d in entities::desk::Entity::find()
            .filter(entities::desk::Column::Label.is_in(chunk.iter().copied()))
            .all(txn)
            .await?
        {
            desk_ids.insert(d.label, d.id);
        }
    }
    let mut room_ids: HashMap<String, i32> = HashMap::new();
    for chunk in room_labels.chunks(500) {
        for r in entities::room::Entity::find()
            .filter(entities::room::Column::Label.is_in(chunk.iter().copied()))
            .all(txn)
            .await?
        {
            room_ids.insert(r.label, r.id);
        }
    }
    let old: Vec<i32> = walkway_node::Entity::find()
        .filter(walkway_node::Column::BuildingId.eq(building_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|n| n.id)
        .collect();
    for chunk in old.chunks(500) {
        walkway_edge::Entity::delete_many()
            .filter(walkway_edge::Column::FromNodeId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
        walkway_edge::Entity::delete_many()
            .filter(walkway_edge::Column::ToNodeId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    walkway_node::Entity::delete_many()
        .filter(walkway_node::Column::BuildingId.eq(building_id))
        .exec(txn)
        .await?;
    walkway::Entity::delete_by_id(building_id).exec(txn).await?;
    walkway::Entity::insert(walkway::ActiveModel {
        building_id: Set(building_id),
        cm_per_unit: Set(file.cm_per_unit),
    })
    .exec_without_returning(txn)
    .await?;
    let mut ids: HashMap<&str, i32> = HashMap::new();
    for node in &file.nodes {
        let floor_id = floor_ids.get(&node.floor).copied().ok_or_else(|| {
            DbErr::Custom(format!(
                "walkway node {}: no floor {}",
                node.key, node.floor
            ))
        })?;
        let kind = WalkwayNodeKind::try_from_value(&node.kind)
            .map_err(|e| DbErr::Custom(format!("walkway node {}: {e}", node.key)))?;
        let row = walkway_node::ActiveModel {
            id: NotSet,
            building_id: Set(building_id),
            key: Set(node.key.clone()),
            kind: Set(kind),
            floor_id: Set(floor_id),
            x: Set(node.x),
            y: Set(node.y),
            desk_id: Set(node.desk.as_ref().and_then(|l| desk_ids.get(l).copied())),
            room_id: Set(node.room.as_ref().and_then(|l| room_ids.get(l).copied())),
        };
        let id = walkway_node::Entity::insert(row)
            .exec(txn)
            .await?
            .last_insert_id;
        ids.insert(node.key.as_str(), id);
    }
    for edge in &file.edges {
        let (Some(&from), Some(&to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str()))
        else {
            return Err(DbErr::Custom(format!(
                "walkway edge {}–{}: unknown node",
                edge.from, edge.to
            )));
        };
        let kind = WalkwayEdgeKind::try_from_value(&edge.kind)
            .map_err(|e| DbErr::Custom(format!("walkway edge: {e}")))?;
        walkway_edge::Entity::insert(walkway_edge::ActiveModel {
            id: NotSet,
            from_node_id: Set(from),
            to_node_id: Set(to),
            kind: Set(kind),
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}
