//! A route told in words, for screen readers and for reading on the way: where it starts,
//! how far to walk before turning left or right, the lift or stairs to another floor, and the
//! desk or room at its end. Each step names the part of the route it tells (positions in the
//! route's node list and the floor), so the words and the line drawn on the plan are the same
//! way.
//!
//! At a desk the last step also says which desk of its row it is, counted along the last
//! straight stretch walked ("den dritten Tisch links"), and whether it stands at a window
//! ([`at_window`]): the issue's "Aufzug in den 2. Stock, dann links, dritter Tisch am
//! Fenster".

use wire::i18n::Lang;

use super::graph::{EdgeKind, Graph, NodeKind, Route};

/// Turns of less than this many degrees are told as going on straight.
const STRAIGHT_DEGREES: f64 = 35.0;

/// How far (in centimetres) beyond the end of the last straight stretch a desk may stand and
/// still be counted in a row along it (desks join the nearest corridor point, which may lie a
/// little before them).
const ROW_BEYOND_CM: f64 = 300.0;

/// A desk whose edge is at most this many centimetres from an outer wall of its zone stands at
/// a window.
pub const WINDOW_REACH_CM: i32 = 150;

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

/// A desk on the floor of the way's end: to tell which desk of its row the target is, and
/// whether it stands at a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskSpot {
    /// Its label.
    pub label: String,
    /// Its zone: a row does not go on through a zone's wall.
    pub zone: i32,
    /// Its centre on the plan.
    pub x: i32,
    /// Its centre on the plan.
    pub y: i32,
    /// Its smaller side on the plan: desks whose distances from the way differ by at most half
    /// of it stand in one row.
    pub depth: i32,
    /// Whether it stands at a window ([`at_window`]).
    pub window: bool,
}

/// Which desk of its row the target desk is, counted along the last straight stretch walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ordinal {
    /// 1 for the first desk of the row one passes, 2 for the second, and so on.
    pub position: usize,
    /// The side of the way the row stands on; `None` when it is straight ahead.
    pub side: Option<Turn>,
    /// The first position in the route's node list of the stretch it is counted along.
    pub from: usize,
    /// The last position of that stretch (where one steps aside to the desk).
    pub to: usize,
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
    /// For the last step at a desk: which desk of its row it is.
    pub ordinal: Option<Ordinal>,
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
/// change of floor, the total last. `floor_name` names a floor by its level; `desks` are the
/// desks of the target's floor (empty for a room): a target desk among them is told as the
/// n-th desk of its row, and at a window if it is.
#[must_use]
pub fn describe(
    graph: &Graph,
    route: &Route,
    target: &Target,
    desks: &[DeskSpot],
    floor_name: &dyn Fn(i32) -> String,
    lang: Lang,
) -> Vec<Step> {
    let node = |position: usize| route.nodes.get(position).and_then(|i| graph.nodes.get(*i));
    let point = |position: usize| node(position).map_or((0, 0), |n| (n.x, n.y));
    let level = |position: usize| node(position).map_or(0, |n| n.level);
    let edge = |position: usize| route.edges.get(position).and_then(|i| graph.edges.get(*i));
    let edge_cm = |position: usize| edge(position).map_or(0, |e| graph.length_cm(e));
    let last_position = route.nodes.len().saturating_sub(1);
    let spot = match target {
        Target::Desk(label) => desks.iter().find(|d| &d.label == label),
        Target::Room(_) => None,
    };
    let window = spot.is_some_and(|d| d.window);
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
        ordinal: None,
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
                ordinal: None,
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
            let how = how(ramp, steps_on_level, lang);
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
                (None, _) if ends_route => arrival(m, how, target, None, window, lang),
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
                ordinal: None,
                text,
            });
            from_position = at;
            cm = 0;
            ramp = false;
            steps_on_level = false;
        }
        i = end;
    }
    if last_position > 0
        && let Some(spot) = spot
    {
        count_in_row(graph, route, &mut steps, spot, desks, target, lang);
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
            ordinal: None,
            text: match lang {
                Lang::De => format!("Sie sind bei {name}."),
                Lang::En => format!("You are at {name}."),
            },
        });
    }
    steps
}

/// How a stretch is walked, as a few words after its length.
fn how(ramp: bool, steps_on_level: bool, lang: Lang) -> &'static str {
    match (ramp, steps_on_level, lang) {
        (true, _, Lang::De) => " (über eine Rampe)",
        (true, _, Lang::En) => " (by a ramp)",
        (false, true, Lang::De) => " (über Stufen)",
        (false, true, Lang::En) => " (over steps)",
        _ => "",
    }
}

/// The ordinal `n` in German, as in "den dritten Tisch".
fn ordinal_de(n: usize) -> String {
    const WORDS: [&str; 12] = [
        "ersten",
        "zweiten",
        "dritten",
        "vierten",
        "fünften",
        "sechsten",
        "siebten",
        "achten",
        "neunten",
        "zehnten",
        "elften",
        "zwölften",
    ];
    n.checked_sub(1)
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| format!("{n}."), |w| (*w).to_owned())
}

/// The ordinal `n` in English, as in "the third desk".
fn ordinal_en(n: usize) -> String {
    const WORDS: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    if let Some(word) = n.checked_sub(1).and_then(|i| WORDS.get(i)) {
        return (*word).to_owned();
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The sentence that reaches the target after `m` metres: with which desk of its row it is
/// and whether it stands at a window.
fn arrival(
    m: u32,
    how: &str,
    target: &Target,
    ordinal: Option<Ordinal>,
    window: bool,
    lang: Lang,
) -> String {
    let name = target.name(lang);
    let reach = match (lang, m > 0) {
        (Lang::De, true) => format!("Nach {m} m{how} erreichen Sie {name}"),
        (Lang::De, false) => format!("Sie erreichen {name}"),
        (Lang::En, true) => format!("After {m} m{how} you reach {name}"),
        (Lang::En, false) => format!("You reach {name}"),
    };
    match (ordinal, lang) {
        (Some(o), Lang::De) => {
            let side = match o.side {
                Some(Turn::Left) => "links",
                Some(Turn::Right) => "rechts",
                None => "geradeaus",
            };
            let at = if window { " am Fenster" } else { "" };
            format!("{reach}, den {} Tisch {side}{at}.", ordinal_de(o.position))
        }
        (Some(o), Lang::En) => {
            let side = match o.side {
                Some(Turn::Left) => "on the left",
                Some(Turn::Right) => "on the right",
                None => "straight ahead",
            };
            let at = if window { ", by the window" } else { "" };
            format!("{reach}, the {} desk {side}{at}.", ordinal_en(o.position))
        }
        (None, Lang::De) if window => format!("{reach} am Fenster."),
        (None, Lang::En) if window => format!("{reach} by the window."),
        (None, _) => format!("{reach}."),
    }
}

/// Where `spot` lies seen along the stretch from `a` to `b`: how far along it from `a`, and
/// how far to its right (negative: to its left), in plan units. `None` when `a` is `b`.
#[must_use]
pub fn along(a: (i32, i32), b: (i32, i32), spot: (i32, i32)) -> Option<(f64, f64)> {
    let (dx, dy) = (
        f64::from(b.0) - f64::from(a.0),
        f64::from(b.1) - f64::from(a.1),
    );
    let length = dx.hypot(dy);
    if length == 0.0 {
        return None;
    }
    let (px, py) = (
        f64::from(spot.0) - f64::from(a.0),
        f64::from(spot.1) - f64::from(a.1),
    );
    // Plan `y` grows downwards: a positive cross product is to the right.
    Some(((px * dx + py * dy) / length, (dx * py - dy * px) / length))
}

/// Which desk of its row `spot` is, seen from the stretch of the route from position `from`
/// to `to`: the desks of its zone about as far from the way as it is, and on its side,
/// passed before it. `None` when the stretch has no length or the desk is not beside it.
fn ordinal(
    graph: &Graph,
    route: &Route,
    (from, to): (usize, usize),
    spot: &DeskSpot,
    desks: &[DeskSpot],
) -> Option<Ordinal> {
    let point = |position: usize| {
        route
            .nodes
            .get(position)
            .and_then(|i| graph.nodes.get(*i))
            .map(|n| (n.x, n.y))
    };
    let (a, b) = (point(from)?, point(to)?);
    let (on, right) = along(a, b, (spot.x, spot.y))?;
    let length = f64::from(a.0 - b.0).hypot(f64::from(a.1 - b.1));
    let beyond = ROW_BEYOND_CM / f64::from(graph.cm_per_unit.max(1));
    if on < 0.0 || on > length + beyond {
        return None;
    }
    let tolerance = f64::from(spot.depth.max(2)) / 2.0;
    let side = if right.abs() <= tolerance {
        None
    } else if right > 0.0 {
        Some(Turn::Right)
    } else {
        Some(Turn::Left)
    };
    let before = desks
        .iter()
        .filter(|d| d.zone == spot.zone && d.label != spot.label)
        .filter_map(|d| along(a, b, (d.x, d.y)))
        .filter(|(o, r)| (r - right).abs() <= tolerance && *o >= 0.0 && *o < on)
        .count();
    Some(Ordinal {
        position: before + 1,
        side,
        from,
        to,
    })
}

/// Tells the last step as the n-th desk of its row when the target desk `spot` stands beside
/// the last straight stretch: the step that ends there, and the step aside to the desk after
/// a turn, become one ("Nach 20 m erreichen Sie Tisch 2.14, den dritten Tisch links").
fn count_in_row(
    graph: &Graph,
    route: &Route,
    steps: &mut Vec<Step>,
    spot: &DeskSpot,
    desks: &[DeskSpot],
    target: &Target,
    lang: Lang,
) {
    let last_position = route.nodes.len().saturating_sub(1);
    let n = steps.len();
    let Some(last) = steps.last() else {
        return;
    };
    if last.kind != StepKind::Walk || last.last != last_position || last_position == 0 {
        return;
    }
    let aside = last_position - 1;
    // The stretch: the last step up to the point before the desk, or, when that step is only
    // the step aside after a turn, the step before it.
    let from = if last.first < aside {
        last.first
    } else {
        match n.checked_sub(2).and_then(|i| steps.get(i)) {
            Some(before)
                if before.kind == StepKind::Walk
                    && before.last == aside
                    && before.turn.is_some() =>
            {
                before.first
            }
            _ => return,
        }
    };
    let Some(found) = ordinal(graph, route, (from, aside), spot, desks) else {
        return;
    };
    let edge = |position: usize| route.edges.get(position).and_then(|i| graph.edges.get(*i));
    let cm: u64 = (from..last_position)
        .filter_map(edge)
        .map(|e| graph.length_cm(e))
        .sum();
    let kinds: Vec<EdgeKind> = (from..last_position)
        .filter_map(edge)
        .map(|e| e.kind)
        .collect();
    let how = how(
        kinds.contains(&EdgeKind::Ramp),
        kinds.contains(&EdgeKind::Stairs),
        lang,
    );
    let m = metres(cm);
    let level = last.level;
    steps.retain(|s| !(s.kind == StepKind::Walk && s.first >= from));
    steps.push(Step {
        kind: StepKind::Walk,
        level,
        first: from,
        last: last_position,
        metres: m,
        turn: None,
        ordinal: Some(found),
        text: arrival(m, how, target, Some(found), spot.window, lang),
    });
}

/// Whether a desk stands at a window: an edge of the desk (`desk`: centre x, y and half
/// width, half height) is at most `reach` plan units from a side of its zone (`zone`: left,
/// top, width, height), and just beyond that side, abreast of the desk, is no other zone or
/// room of the floor (`others`, the same way as `zone`): an outer wall, a wall to a
/// courtyard.
#[must_use]
pub fn at_window(
    desk: (i32, i32, i32, i32),
    zone: (i32, i32, i32, i32),
    others: &[(i32, i32, i32, i32)],
    reach: i32,
) -> bool {
    let (x, y, hw, hh) = (
        i64::from(desk.0),
        i64::from(desk.1),
        i64::from(desk.2),
        i64::from(desk.3),
    );
    let (zx, zy, zw, zh) = (
        i64::from(zone.0),
        i64::from(zone.1),
        i64::from(zone.2),
        i64::from(zone.3),
    );
    let reach = i64::from(reach);
    let inside = |px: i64, py: i64, r: &(i32, i32, i32, i32)| {
        let (rx, ry, rw, rh) = (
            i64::from(r.0),
            i64::from(r.1),
            i64::from(r.2),
            i64::from(r.3),
        );
        px >= rx && px <= rx + rw && py >= ry && py <= ry + rh
    };
    // Each side: the distance from the desk's edge to it, and a point just beyond it.
    let sides = [
        (x - hw - zx, (zx - 1, y)),
        (zx + zw - (x + hw), (zx + zw + 1, y)),
        (y - hh - zy, (x, zy - 1)),
        (zy + zh - (y + hh), (x, zy + zh + 1)),
    ];
    sides
        .iter()
        .any(|&(distance, (px, py))| distance <= reach && !others.iter().any(|r| inside(px, py, r)))
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
