//! A route told in words, for screen readers and for reading on the way: where it starts,
//! how far to walk before turning left or right, the lift or stairs to another floor, and the
//! desk or room at its end. Each step names the part of the route it tells (positions in the
//! route's node list and the floor), so the words and the line drawn on the plan are the same
//! way.

use wire::i18n::Lang;

use super::graph::{EdgeKind, Graph, NodeKind, Route};

/// Turns of less than this many degrees are told as going on straight.
const STRAIGHT_DEGREES: f64 = 35.0;

/// What a way leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The desk with this label.
    Desk(String),
    /// The room with this label.
    Room(String),
}

impl Target {
    fn name(&self, lang: Lang) -> String {
        match (self, lang) {
            (Target::Desk(label), Lang::De) => format!("Tisch {label}"),
            (Target::Desk(label), Lang::En) => format!("desk {label}"),
            (Target::Room(label), Lang::De) => format!("Raum {label}"),
            (Target::Room(label), Lang::En) => format!("room {label}"),
        }
    }
}

/// A turn at the end of a stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// To the left.
    Left,
    /// To the right.
    Right,
}

/// What a step of the description does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Where the way starts.
    Start,
    /// A stretch on one floor, ending at a turn, before a change of floor, or at the target.
    Walk,
    /// To another floor, by lift, stairs or ramp (the edge kind).
    Floor(EdgeKind),
}

/// One step of a described way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What it does.
    pub kind: StepKind,
    /// The floor it ends on.
    pub level: i32,
    /// The first position in the route's node list it tells.
    pub first: usize,
    /// The last position in the route's node list it tells.
    pub last: usize,
    /// Metres it covers (rounded).
    pub metres: u32,
    /// For a walk: the turn at its end, if it ends at one.
    pub turn: Option<Turn>,
    /// The step in words.
    pub text: String,
}

/// Whole metres for centimetres, rounded.
#[must_use]
pub fn metres(cm: u64) -> u32 {
    u32::try_from(cm.saturating_add(50) / 100).unwrap_or(u32::MAX)
}

/// The turn at `at` between the stretches from `before` and to `after`, if any (plan `y`
/// grows downwards, so a clockwise turn is to the right).
fn turn(before: (i32, i32), at: (i32, i32), after: (i32, i32)) -> Option<Turn> {
    let (ax, ay) = (
        f64::from(at.0) - f64::from(before.0),
        f64::from(at.1) - f64::from(before.1),
    );
    let (bx, by) = (
        f64::from(after.0) - f64::from(at.0),
        f64::from(after.1) - f64::from(at.1),
    );
    if (ax == 0.0 && ay == 0.0) || (bx == 0.0 && by == 0.0) {
        return None;
    }
    let cross = ax * by - ay * bx;
    let dot = ax * bx + ay * by;
    let degrees = cross.atan2(dot).to_degrees();
    if degrees.abs() < STRAIGHT_DEGREES {
        None
    } else if degrees > 0.0 {
        Some(Turn::Right)
    } else {
        Some(Turn::Left)
    }
}

/// The words of `route` through `graph` to `target`: one step to start, one per stretch and
/// change of floor, the total last. `floor_name` names a floor by its level.
#[must_use]
pub fn describe(
    graph: &Graph,
    route: &Route,
    target: &Target,
    floor_name: &dyn Fn(i32) -> String,
    lang: Lang,
) -> Vec<Step> {
    let node = |position: usize| route.nodes.get(position).and_then(|i| graph.nodes.get(*i));
    let point = |position: usize| node(position).map_or((0, 0), |n| (n.x, n.y));
    let level = |position: usize| node(position).map_or(0, |n| n.level);
    let edge = |position: usize| route.edges.get(position).and_then(|i| graph.edges.get(*i));
    let edge_cm = |position: usize| edge(position).map_or(0, |e| graph.length_cm(e));
    let last_position = route.nodes.len().saturating_sub(1);
    let mut steps = Vec::new();

    let start_level = level(0);
    let start_kind = node(0).map_or(NodeKind::Entrance, |n| n.kind);
    let from = match (start_kind, lang) {
        (NodeKind::Lift, Lang::De) => "Vom Aufzug",
        (NodeKind::Lift, Lang::En) => "From the lift",
        (NodeKind::Stairs, Lang::De) => "Von der Treppe",
        (NodeKind::Stairs, Lang::En) => "From the stairs",
        (_, Lang::De) => "Vom Eingang",
        (_, Lang::En) => "From the entrance",
    };
    steps.push(Step {
        kind: StepKind::Start,
        level: start_level,
        first: 0,
        last: 0,
        metres: 0,
        turn: None,
        text: format!("{from} ({}).", floor_name(start_level)),
    });

    let mut i = 0;
    while i < last_position {
        let Some(first_edge) = edge(i) else {
            break;
        };
        if level(i) != level(i + 1) {
            // A change of floor: every following edge of the same kind that changes floor.
            let via = first_edge.kind;
            let mut j = i;
            let mut cm = 0;
            while j < last_position
                && level(j) != level(j + 1)
                && edge(j).is_some_and(|e| e.kind == via)
            {
                cm += edge_cm(j);
                j += 1;
            }
            let to = level(j);
            let up = to > level(i);
            let name = floor_name(to);
            let text = match (via, lang, up) {
                (EdgeKind::Lift, Lang::De, true) => {
                    format!("Mit dem Aufzug hinauf in Ebene {to} ({name}).")
                }
                (EdgeKind::Lift, Lang::De, false) => {
                    format!("Mit dem Aufzug hinunter in Ebene {to} ({name}).")
                }
                (EdgeKind::Lift, Lang::En, true) => {
                    format!("Take the lift up to level {to} ({name}).")
                }
                (EdgeKind::Lift, Lang::En, false) => {
                    format!("Take the lift down to level {to} ({name}).")
                }
                (EdgeKind::Stairs, Lang::De, true) => {
                    format!("Über die Treppe hinauf in Ebene {to} ({name}).")
                }
                (EdgeKind::Stairs, Lang::De, false) => {
                    format!("Über die Treppe hinunter in Ebene {to} ({name}).")
                }
                (EdgeKind::Stairs, Lang::En, true) => {
                    format!("Take the stairs up to level {to} ({name}).")
                }
                (EdgeKind::Stairs, Lang::En, false) => {
                    format!("Take the stairs down to level {to} ({name}).")
                }
                (EdgeKind::Ramp, Lang::De, _) => {
                    format!("Über die Rampe in Ebene {to} ({name}).")
                }
                (EdgeKind::Ramp, Lang::En, _) => format!("Take the ramp to level {to} ({name})."),
                (EdgeKind::Walk, Lang::De, _) => format!("Weiter in Ebene {to} ({name})."),
                (EdgeKind::Walk, Lang::En, _) => format!("Go on to level {to} ({name})."),
            };
            steps.push(Step {
                kind: StepKind::Floor(via),
                level: to,
                first: i,
                last: j,
                metres: metres(cm),
                turn: None,
                text,
            });
            i = j;
            continue;
        }
        // A run on one floor, cut at its turns.
        let mut end = i;
        while end < last_position && level(end) == level(end + 1) {
            end += 1;
        }
        let mut from_position = i;
        let mut cm = 0;
        let mut ramp = false;
        let mut steps_on_level = false;
        // The last point before each position that differs from it, for directions.
        let mut previous_point = point(i);
        for k in i..end {
            cm += edge_cm(k);
            match edge(k).map(|e| e.kind) {
                Some(EdgeKind::Ramp) => ramp = true,
                Some(EdgeKind::Stairs) => steps_on_level = true,
                _ => {}
            }
            let at = k + 1;
            if point(k) != point(at) {
                previous_point = point(k);
            }
            let turn_here = if at < end {
                // The next point after `at` that differs from it.
                let mut next = at + 1;
                while next < end && point(next) == point(at) {
                    next += 1;
                }
                turn(previous_point, point(at), point(next))
            } else {
                None
            };
            if turn_here.is_none() && at < end {
                continue;
            }
            let ends_route = at == last_position;
            let next_kind = edge(at).map(|e| e.kind);
            let m = metres(cm);
            let how = match (ramp, steps_on_level, lang) {
                (true, _, Lang::De) => " (über eine Rampe)",
                (true, _, Lang::En) => " (by a ramp)",
                (false, true, Lang::De) => " (über Stufen)",
                (false, true, Lang::En) => " (over steps)",
                _ => "",
            };
            let text = match (turn_here, lang) {
                (Some(turn), Lang::De) => {
                    let side = if turn == Turn::Left {
                        "links"
                    } else {
                        "rechts"
                    };
                    if m > 0 {
                        format!("Nach {m} m{how} {side} abbiegen.")
                    } else {
                        format!("Dann {side} abbiegen.")
                    }
                }
                (Some(turn), Lang::En) => {
                    let side = if turn == Turn::Left { "left" } else { "right" };
                    if m > 0 {
                        format!("After {m} m{how} turn {side}.")
                    } else {
                        format!("Then turn {side}.")
                    }
                }
                (None, _) if ends_route => {
                    let name = target.name(lang);
                    match (lang, m > 0) {
                        (Lang::De, true) => format!("Nach {m} m{how} erreichen Sie {name}."),
                        (Lang::De, false) => format!("Sie erreichen {name}."),
                        (Lang::En, true) => format!("After {m} m{how} you reach {name}."),
                        (Lang::En, false) => format!("You reach {name}."),
                    }
                }
                (None, _) => {
                    let to = match (next_kind, lang) {
                        (Some(EdgeKind::Lift), Lang::De) => "zum Aufzug",
                        (Some(EdgeKind::Lift), Lang::En) => "to the lift",
                        (Some(EdgeKind::Stairs), Lang::De) => "zur Treppe",
                        (Some(EdgeKind::Stairs), Lang::En) => "to the stairs",
                        (Some(EdgeKind::Ramp), Lang::De) => "zur Rampe",
                        (Some(EdgeKind::Ramp), Lang::En) => "to the ramp",
                        (_, Lang::De) => "zum Übergang",
                        (_, Lang::En) => "to the passage",
                    };
                    match (lang, m > 0) {
                        (Lang::De, true) => format!("Nach {m} m{how} {to}."),
                        (Lang::De, false) => format!("Weiter {to}."),
                        (Lang::En, true) => format!("Go {m} m{how} {to}."),
                        (Lang::En, false) => format!("Go on {to}."),
                    }
                }
            };
            steps.push(Step {
                kind: StepKind::Walk,
                level: level(at),
                first: from_position,
                last: at,
                metres: m,
                turn: turn_here,
                text,
            });
            from_position = at;
            cm = 0;
            ramp = false;
            steps_on_level = false;
        }
        i = end;
    }
    if last_position == 0 {
        let name = target.name(lang);
        steps.push(Step {
            kind: StepKind::Walk,
            level: start_level,
            first: 0,
            last: 0,
            metres: 0,
            turn: None,
            text: match lang {
                Lang::De => format!("Sie sind bei {name}."),
                Lang::En => format!("You are at {name}."),
            },
        });
    }
    steps
}

/// The closing sentence: the whole length, and whether the way is step-free.
#[must_use]
pub fn summary(graph: &Graph, route: &Route, lang: Lang) -> String {
    let m = metres(route.length_cm);
    let stairs = route
        .edges
        .iter()
        .filter_map(|i| graph.edges.get(*i))
        .any(|e| e.kind == EdgeKind::Stairs);
    match (lang, stairs) {
        (Lang::De, false) => format!("Insgesamt etwa {m} m, stufenlos."),
        (Lang::De, true) => format!("Insgesamt etwa {m} m, mit Stufen."),
        (Lang::En, false) => format!("About {m} m in all, step-free."),
        (Lang::En, true) => format!("About {m} m in all, with steps."),
    }
}
