//! The way's properties: shortest (against Floyd–Warshall on small generated graphs),
//! step-free ways never take stairs (generated graphs and the demo building's), and the words
//! tell the same way that is drawn (same nodes, same floors, in order); the walkways in the
//! building file round-trip through the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use wire::i18n::Lang;

use super::demo;
use super::derive::{ZoneSpot, from_zones};
use super::describe::{DeskSpot, StepKind, Target, Turn, describe};
use super::graph::{Edge, EdgeKind, Graph, Node, NodeKind, Route, legs};

const KINDS: [EdgeKind; 4] = [
    EdgeKind::Walk,
    EdgeKind::Stairs,
    EdgeKind::Lift,
    EdgeKind::Ramp,
];

fn generated_graph() -> impl Strategy<Value = Graph> {
    (2_usize..9, 1_u32..6).prop_flat_map(|(n, cm)| {
        (
            proptest::collection::vec((0_i32..3, 0_i32..200, 0_i32..200), n),
            proptest::collection::vec((0..n, 0..n, 0_usize..4), 0..(n * 3)),
            Just(cm),
        )
            .prop_map(|(points, pairs, cm_per_unit)| {
                let nodes = points
                    .into_iter()
                    .enumerate()
                    .map(|(i, (level, x, y))| {
                        let kind = if i == 0 {
                            NodeKind::Entrance
                        } else {
                            NodeKind::Corridor
                        };
                        Node::at(format!("n{i}"), kind, level, x, y)
                    })
                    .collect();
                let edges = pairs
                    .into_iter()
                    .map(|(from, to, kind)| Edge {
                        from,
                        to,
                        kind: KINDS[kind],
                    })
                    .collect();
                Graph {
                    cm_per_unit,
                    nodes,
                    edges,
                }
            })
    })
}

/// Every shortest distance by Floyd–Warshall, over the edges a way may take.
fn floyd_warshall(graph: &Graph, step_free: bool) -> Vec<Vec<Option<u64>>> {
    let n = graph.nodes.len();
    let mut d = vec![vec![None; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = Some(0);
    }
    for edge in &graph.edges {
        if step_free && edge.kind == EdgeKind::Stairs {
            continue;
        }
        let length = graph.length_cm(edge);
        for (a, b) in [(edge.from, edge.to), (edge.to, edge.from)] {
            if d[a][b].is_none_or(|known| length < known) {
                d[a][b] = Some(length);
            }
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if let (Some(a), Some(b)) = (d[i][k], d[k][j])
                    && d[i][j].is_none_or(|known| a + b < known)
                {
                    d[i][j] = Some(a + b);
                }
            }
        }
    }
    d
}

/// The route really is a walk through the graph: each edge joins the nodes beside it, and
/// its length is the sum of its edges.
fn assert_is_a_walk(graph: &Graph, route: &Route) {
    assert_eq!(route.edges.len() + 1, route.nodes.len());
    let mut sum = 0;
    for (k, &e) in route.edges.iter().enumerate() {
        let edge = graph.edges[e];
        let (a, b) = (route.nodes[k], route.nodes[k + 1]);
        assert!(
            (edge.from, edge.to) == (a, b) || (edge.from, edge.to) == (b, a),
            "edge {e} does not join {a} and {b}"
        );
        sum += graph.length_cm(&edge);
    }
    assert_eq!(sum, route.length_cm);
}

fn takes_stairs(graph: &Graph, route: &Route) -> bool {
    route
        .edges
        .iter()
        .any(|e| graph.edges[*e].kind == EdgeKind::Stairs)
}

/// The words tell the drawn way: the steps follow the route's nodes without gap or overlap
/// from first to last, each on the floors of the nodes it tells, floors changed exactly
/// where the route changes floor, and the floors in the order the legs are drawn.
fn assert_words_match_drawing(graph: &Graph, route: &Route, desks: &[DeskSpot], lang: Lang) {
    let name = |level: i32| format!("Ebene {level}");
    let steps = describe(
        graph,
        route,
        &Target::Desk("1.01".into()),
        desks,
        &name,
        lang,
    );
    let level = |position: usize| graph.nodes[route.nodes[position]].level;
    let last = route.nodes.len() - 1;
    assert_eq!(steps[0].kind, StepKind::Start);
    assert_eq!((steps[0].first, steps[0].last), (0, 0));
    assert_eq!(steps[0].level, level(0));
    let mut at = 0;
    for step in &steps[1..] {
        assert_eq!(step.first, at, "steps leave no gap: {steps:#?}");
        assert!(step.last >= step.first);
        match step.kind {
            StepKind::Start => panic!("one start only"),
            StepKind::Walk => {
                for p in step.first..=step.last {
                    assert_eq!(level(p), step.level, "a walk stays on its floor");
                }
            }
            StepKind::Floor(via) => {
                assert!(step.last > step.first);
                for p in step.first..step.last {
                    assert_ne!(level(p), level(p + 1), "a floor step changes floor");
                    assert_eq!(graph.edges[route.edges[p]].kind, via);
                }
                assert_eq!(step.level, level(step.last));
            }
        }
        at = step.last;
    }
    assert_eq!(at, last, "the steps reach the end: {steps:#?}");
    // Every change of floor of the route is a floor step.
    for p in 0..last {
        if level(p) != level(p + 1) {
            assert!(
                steps
                    .iter()
                    .any(|s| matches!(s.kind, StepKind::Floor(_)) && s.first <= p && p < s.last),
                "the change of floor after node {p} is told"
            );
        }
    }
    let mut told: Vec<i32> = steps.iter().map(|s| s.level).collect();
    told.dedup();
    let drawn_legs = legs(graph, route);
    let mut drawn: Vec<i32> = drawn_legs.iter().map(|l| l.level).collect();
    drawn.dedup();
    assert_eq!(told, drawn, "the words name the drawn floors in order");
    // Each leg draws its nodes, in order; legs follow each other along the route.
    let mut after = 0;
    for leg in &drawn_legs {
        assert!(leg.first >= after);
        let points: Vec<(i32, i32)> = (leg.first..=leg.last)
            .map(|p| {
                let node = &graph.nodes[route.nodes[p]];
                assert_eq!(node.level, leg.level);
                (node.x, node.y)
            })
            .collect();
        assert_eq!(points, leg.points);
        after = leg.last + 1;
    }
    // The walks are drawn: every node a walk step tells is on a drawn leg.
    for step in steps.iter().filter(|s| s.kind == StepKind::Walk) {
        for p in step.first..=step.last {
            assert!(
                drawn_legs.iter().any(|l| l.first <= p && p <= l.last),
                "node {p} of a walk is not drawn"
            );
        }
    }
    assert_ordinal_matches_drawing(graph, route, desks, &steps, &drawn_legs, lang);
    let said: u64 = steps.iter().map(|s| u64::from(s.metres)).sum();
    let whole = u64::from(super::describe::metres(route.length_cm));
    assert!(
        said.abs_diff(whole) <= steps.len() as u64,
        "the steps' metres add up: {said} against {whole}"
    );
}

/// The side word and ordinal word the last step must say, in `lang`.
fn said_side(side: Option<Turn>, lang: Lang) -> &'static str {
    match (side, lang) {
        (Some(Turn::Left), Lang::De) => "Tisch links",
        (Some(Turn::Right), Lang::De) => "Tisch rechts",
        (None, Lang::De) => "Tisch geradeaus",
        (Some(Turn::Left), Lang::En) => "desk on the left",
        (Some(Turn::Right), Lang::En) => "desk on the right",
        (None, Lang::En) => "desk straight ahead",
    }
}

fn said_ordinal(position: usize, lang: Lang) -> String {
    const DE: [&str; 12] = [
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
    const EN: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    let words = if lang == Lang::De { DE } else { EN };
    let word = words
        .get(position - 1)
        .map_or_else(|| format!("{position}"), |w| (*w).to_owned());
    format!(" {word}")
}

/// Where the words say the target desk is in its row, the drawing agrees: the row is counted
/// along a straight stretch the last leg draws, up to the point where the line steps aside
/// to the desk; the side said is the side of the drawn stretch the desk is on; and the number
/// is the number of the zone's desks of that row (about as far from the line, on that side)
/// the line passes before the desk, plus one. Counted here with exact integers, with one
/// plan unit of leeway at the borders, where rounding may go either way.
fn assert_ordinal_matches_drawing(
    graph: &Graph,
    route: &Route,
    desks: &[DeskSpot],
    steps: &[super::describe::Step],
    drawn_legs: &[super::graph::Leg],
    lang: Lang,
) {
    let last = route.nodes.len() - 1;
    let target = desks.iter().find(|d| d.label == "1.01");
    let told: Vec<_> = steps.iter().filter(|s| s.ordinal.is_some()).collect();
    let Some(step) = told.first() else {
        let end = steps.last().unwrap();
        // A way that ends with a change of floor has no sentence of arrival.
        if target.is_some() && last > 0 && end.kind == StepKind::Walk {
            let at_window = if lang == Lang::De {
                " am Fenster."
            } else {
                " by the window."
            };
            assert_eq!(
                end.text.ends_with(at_window),
                target.is_some_and(|t| t.window),
                "{end:#?}"
            );
        }
        return;
    };
    assert_eq!(told.len(), 1, "one step counts the row");
    let target = target.expect("a row is counted only to a desk that is known");
    let ordinal = step.ordinal.unwrap();
    assert_eq!(step.kind, StepKind::Walk);
    assert_eq!(step.last, last, "the row is counted in the last step");
    assert_eq!((ordinal.from, ordinal.to), (step.first, last - 1));
    assert!(ordinal.from < ordinal.to);
    let leg = drawn_legs.last().unwrap();
    assert!(
        leg.first <= ordinal.from && leg.last == last,
        "the stretch is drawn on the last leg"
    );
    let point = |p: usize| {
        let n = &graph.nodes[route.nodes[p]];
        (i128::from(n.x), i128::from(n.y))
    };
    let (a, b) = (point(ordinal.from), point(ordinal.to));
    let v = (b.0 - a.0, b.1 - a.1);
    let length2 = v.0 * v.0 + v.1 * v.1;
    assert!(length2 > 0);
    // Along the stretch and to its right, both times its length.
    let seen = |d: &DeskSpot| {
        let w = (i128::from(d.x) - a.0, i128::from(d.y) - a.1);
        (w.0 * v.0 + w.1 * v.1, v.0 * w.1 - v.1 * w.0)
    };
    let (on_t, right_t) = seen(target);
    let length = (length2 as f64).sqrt();
    let depth = f64::from(target.depth.max(2));
    // Off the line by more than half a depth, give or take a unit: on that side.
    let off = right_t as f64 / length;
    if off > depth / 2.0 + 1.0 {
        assert_eq!(ordinal.side, Some(Turn::Right), "{step:#?}");
    } else if off < -(depth / 2.0 + 1.0) {
        assert_eq!(ordinal.side, Some(Turn::Left), "{step:#?}");
    } else if off.abs() < depth / 2.0 - 1.0 {
        assert_eq!(ordinal.side, None, "{step:#?}");
    }
    let mut surely = 0;
    let mut perhaps = 0;
    for desk in desks
        .iter()
        .filter(|d| d.zone == target.zone && d.label != target.label)
    {
        let (on, right) = seen(desk);
        let apart = (right - right_t).abs() as f64 / length;
        let (on, on_t) = (on as f64 / length, on_t as f64 / length);
        if apart < depth / 2.0 - 1.0 && on > 1.0 && on < on_t - 1.0 {
            surely += 1;
        }
        if apart <= depth / 2.0 + 1.0 && on >= -1.0 && on <= on_t + 1.0 {
            perhaps += 1;
        }
    }
    assert!(
        (surely..=perhaps).contains(&(ordinal.position - 1)),
        "desk {} of its row, counted {surely} to {perhaps} before it: {step:#?}",
        ordinal.position
    );
    assert!(
        step.text.contains(said_side(ordinal.side, lang)),
        "{step:#?}"
    );
    assert!(
        step.text.contains(&said_ordinal(ordinal.position, lang)),
        "{step:#?}"
    );
    let at_window = if lang == Lang::De {
        "am Fenster"
    } else {
        "by the window"
    };
    assert_eq!(step.text.contains(at_window), target.window, "{step:#?}");
}

/// Desks on the level of node `goal`: the target `1.01` where the node is, others anywhere in
/// two zones.
fn desks_around(
    graph: &Graph,
    goal: usize,
    others: &[(i32, i32, bool, bool)],
    depth: i32,
    window: bool,
) -> Vec<DeskSpot> {
    let node = &graph.nodes[goal];
    let mut desks = vec![DeskSpot {
        label: "1.01".into(),
        zone: 1,
        x: node.x,
        y: node.y,
        depth,
        window,
    }];
    for (i, &(x, y, other_zone, at_window)) in others.iter().enumerate() {
        desks.push(DeskSpot {
            label: format!("2.{i:02}"),
            zone: if other_zone { 2 } else { 1 },
            x,
            y,
            depth,
            window: at_window,
        });
    }
    desks
}

/// A corridor with rows of desks beside it, turned by any angle: the entrance at one end,
/// corridor points along it, rows at some distance on either side, one desk the target. What
/// the words must say is known by construction: its place in its row counted from the
/// entrance, and its side.
#[derive(Debug, Clone)]
struct Scene {
    /// Turned by this many degrees.
    degrees: i32,
    /// Gaps between corridor points.
    corridor: Vec<i32>,
    /// Distance between rows.
    row_gap: i32,
    /// The rows: how far from the corridor (in row gaps, -3..=3 without 0: negative to the
    /// left), and how many desks; no two at the same distance on the same side.
    rows: Vec<(i32, i32)>,
    /// The target's row (index into rows) and place in it.
    target: (usize, usize),
    /// Plan units per centimetre.
    cm_per_unit: u32,
}

fn scene() -> impl Strategy<Value = Scene> {
    (
        0_i32..360,
        proptest::collection::vec(40_i32..110, 3..9),
        60_i32..90,
        proptest::collection::vec((1_i32..=3, any::<bool>(), 1_i32..8), 1..5),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        4_u32..6,
    )
        .prop_map(
            |(degrees, corridor, row_gap, rows, row, place, cm_per_unit)| {
                let mut rows: Vec<(i32, i32)> = rows
                    .into_iter()
                    .map(|(r, left, n)| (if left { -r } else { r }, n))
                    .collect();
                let mut sides = std::collections::HashSet::new();
                rows.retain(|(side, _)| sides.insert(*side));
                let row = row.index(rows.len());
                let place = place.index(usize::try_from(rows[row].1).unwrap());
                Scene {
                    degrees,
                    corridor,
                    row_gap,
                    rows,
                    target: (row, place),
                    cm_per_unit,
                }
            },
        )
}

impl Scene {
    /// The graph with the target attached, the goal, the desks (target `1.01`), and the
    /// target's expected place and side.
    #[allow(clippy::cast_possible_truncation)]
    fn build(&self) -> (Graph, usize, Vec<DeskSpot>, usize, Turn) {
        let (sin, cos) = f64::from(self.degrees).to_radians().sin_cos();
        let turned = |x: i32, y: i32| {
            let (x, y) = (f64::from(x), f64::from(y));
            (
                (2000.0 + x * cos - y * sin).round() as i32,
                (2000.0 + x * sin + y * cos).round() as i32,
            )
        };
        let mut nodes = vec![{
            let (x, y) = turned(0, 0);
            Node::at("entrance", NodeKind::Entrance, 0, x, y)
        }];
        let mut edges = Vec::new();
        let mut along = 0;
        for (i, gap) in self.corridor.iter().enumerate() {
            along += gap;
            let (x, y) = turned(along, 0);
            nodes.push(Node::at(format!("c{i}"), NodeKind::Corridor, 0, x, y));
            edges.push(Edge {
                from: i,
                to: i + 1,
                kind: EdgeKind::Walk,
            });
        }
        // Desks from the first corridor point to the last, a desk's spacing apart.
        let first = self.corridor[0];
        let room = along - first;
        let mut desks = Vec::new();
        let mut expected = (0, Turn::Left, (0, 0));
        for (r, &(side, count)) in self.rows.iter().enumerate() {
            let spacing = (room / count.max(1)).clamp(1, 100);
            for i in 0..count {
                let (x, y) = turned(first + i * spacing, side * self.row_gap);
                let label = if (r, usize::try_from(i).unwrap()) == self.target {
                    expected = (
                        usize::try_from(i).unwrap() + 1,
                        if side > 0 { Turn::Right } else { Turn::Left },
                        (x, y),
                    );
                    "1.01".to_owned()
                } else {
                    format!("row{r}-{i}")
                };
                desks.push(DeskSpot {
                    label,
                    zone: 1,
                    x,
                    y,
                    depth: 40,
                    window: side.abs() == 3,
                });
            }
        }
        let mut graph = Graph {
            cm_per_unit: self.cm_per_unit,
            nodes,
            edges,
        };
        let (x, y) = expected.2;
        let goal = graph
            .attach(
                Node {
                    desk: Some("1.01".into()),
                    ..Node::at("desk", NodeKind::Desk, 0, x, y)
                },
                None,
            )
            .unwrap();
        (graph, goal, desks, expected.0, expected.1)
    }
}

proptest! {
    #[test]
    fn the_words_count_the_desks_of_the_row_as_they_are_passed(scene in scene(), english: bool) {
        let (graph, goal, desks, place, side) = scene.build();
        let route = graph.route(&graph.entrances(), goal, false).unwrap();
        let lang = if english { Lang::En } else { Lang::De };
        let name = |level: i32| format!("Ebene {level}");
        let steps = describe(&graph, &route, &Target::Desk("1.01".into()), &desks, &name, lang);
        let last = steps.last().unwrap();
        let ordinal = last.ordinal.unwrap_or_else(|| panic!("no row counted: {steps:#?}"));
        prop_assert_eq!(ordinal.position, place, "{:#?}", steps);
        prop_assert_eq!(ordinal.side, Some(side), "{:#?}", steps);
        let window = desks.iter().find(|d| d.label == "1.01").unwrap().window;
        prop_assert_eq!(
            last.text.contains(if english { "by the window" } else { "am Fenster" }),
            window
        );
        assert_words_match_drawing(&graph, &route, &desks, lang);
    }
}

proptest! {
    #[test]
    fn every_route_is_a_shortest_path(graph in generated_graph(), goal in 0_usize..9, step_free: bool) {
        let goal = goal % graph.nodes.len();
        let oracle = floyd_warshall(&graph, step_free);
        let route = graph.route(&[0], goal, step_free);
        prop_assert_eq!(route.as_ref().map(|r| r.length_cm), oracle[0][goal]);
        if let Some(route) = route {
            assert_is_a_walk(&graph, &route);
            prop_assert_eq!(route.nodes.first(), Some(&0));
            prop_assert_eq!(route.nodes.last(), Some(&goal));
        }
    }

    #[test]
    fn step_free_routes_never_take_stairs(graph in generated_graph(), goal in 0_usize..9) {
        let goal = goal % graph.nodes.len();
        if let Some(route) = graph.route(&[0], goal, true) {
            prop_assert!(!takes_stairs(&graph, &route));
            let any = graph.route(&[0], goal, false);
            prop_assert!(any.is_some_and(|any| any.length_cm <= route.length_cm));
        }
    }

    #[test]
    fn the_words_tell_the_drawn_route(
        graph in generated_graph(),
        goal in 0_usize..9,
        step_free: bool,
        english: bool,
        others in proptest::collection::vec((0_i32..200, 0_i32..200, any::<bool>(), any::<bool>()), 0..12),
        depth in 2_i32..60,
        window: bool,
    ) {
        let goal = goal % graph.nodes.len();
        if let Some(route) = graph.route(&[0], goal, step_free) {
            let lang = if english { Lang::En } else { Lang::De };
            let desks = desks_around(&graph, goal, &others, depth, window);
            assert_words_match_drawing(&graph, &route, &desks, lang);
        }
    }

    #[test]
    fn in_the_demo_building_step_free_ways_take_no_stairs_and_reach_every_place(
        level in demo::LEVELS,
        x in 40_i32..1560,
        y in 40_i32..960,
        room: bool,
    ) {
        let mut graph = demo::walkways().graph();
        let kind = if room { NodeKind::Room } else { NodeKind::Desk };
        let place = Node { desk: (!room).then(|| "x".to_owned()), room: room.then(|| "x".to_owned()), ..Node::at("place", kind, level, x, y) };
        let goal = graph.attach(place, None).unwrap();
        let entrances = graph.entrances();
        let free = graph.route(&entrances, goal, true).unwrap();
        prop_assert!(!takes_stairs(&graph, &free));
        let any = graph.route(&entrances, goal, false).unwrap();
        prop_assert!(any.length_cm <= free.length_cm);
        // Upstairs, the step-free way takes the lift.
        if level > 0 {
            prop_assert!(free.edges.iter().any(|e| graph.edges[*e].kind == EdgeKind::Lift));
        }
        assert_words_match_drawing(&graph, &free, &[], Lang::De);
        assert_words_match_drawing(&graph, &any, &[], Lang::En);
    }
}

#[test]
fn the_demo_walkways_are_a_valid_part_of_a_building_file() {
    let walkways = demo::walkways();
    let mut floors = std::collections::HashMap::new();
    for level in demo::LEVELS {
        floors.insert(level, (1600, 1000));
    }
    let none = std::collections::HashMap::new();
    let broken = std::collections::HashSet::new();
    let places = crate::structure::walkway::Places {
        floors: &floors,
        desks: &none,
        rooms: &none,
        broken: &broken,
    };
    let mut problems = Vec::new();
    crate::structure::walkway::check(&walkways, &places, &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
    // Every node can be reached step-free from the entrance.
    let graph = walkways.graph();
    for goal in 0..graph.nodes.len() {
        assert!(
            graph.route(&graph.entrances(), goal, true).is_some(),
            "{} cannot be reached",
            graph.nodes[goal].key
        );
    }
}

#[test]
fn the_way_to_a_desk_upstairs_takes_the_lift_and_turns_left_out_of_it() {
    let mut graph = demo::walkways().graph();
    // A desk of the south-east wing on the second floor.
    let desk = Node {
        desk: Some("2.120".into()),
        ..Node::at("desk", NodeKind::Desk, 2, 1130, 731)
    };
    let goal = graph.attach(desk, None).unwrap();
    let route = graph.route(&graph.entrances(), goal, true).unwrap();
    let name = |level: i32| match level {
        2 => "2. Obergeschoss".to_owned(),
        _ => "Erdgeschoss".to_owned(),
    };
    let target = Target::Desk("2.120".into());
    let german: Vec<String> = describe(&graph, &route, &target, &[], &name, Lang::De)
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert_eq!(german[0], "Vom Eingang (Erdgeschoss).");
    assert!(
        german
            .iter()
            .any(|t| t == "Mit dem Aufzug hinauf in Ebene 2 (2. Obergeschoss)."),
        "{german:#?}"
    );
    let after_lift = german
        .iter()
        .position(|t| t.starts_with("Mit dem Aufzug"))
        .unwrap();
    assert!(german[after_lift + 1].contains("links"), "{german:#?}");
    assert!(
        german
            .last()
            .unwrap()
            .ends_with("erreichen Sie Tisch 2.120."),
        "{german:#?}"
    );
    assert!(german.iter().any(|t| t.contains("Rampe")), "{german:#?}");
    let english: Vec<String> = describe(&graph, &route, &target, &[], &name, Lang::En)
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert!(
        english
            .iter()
            .any(|t| t == "Take the lift up to level 2 (2. Obergeschoss)."),
        "{english:#?}"
    );
    // Without the need, the way takes the three steps at the door instead of the ramp.
    let any = graph.route(&graph.entrances(), goal, false).unwrap();
    assert!(takes_stairs(&graph, &any));
    assert!(any.length_cm < route.length_cm);
    assert!(super::describe::summary(&graph, &any, Lang::De).contains("mit Stufen"));
}

/// The desks of the demo building's south-east wing on level 2 (as the demo seeds them: eight
/// columns, four rows, 64 × 40 units), with their windows as the way finds them.
fn demo_south_east_desks() -> Vec<DeskSpot> {
    let zone = (800, 660, 760, 300);
    let others = [
        (40, 660, 760, 300),
        (800, 40, 760, 300),
        (40, 40, 760, 300),
        (40, 340, 300, 320),
        (1260, 340, 300, 320),
    ];
    let mut desks = Vec::new();
    for row in 0..4 {
        for col in 0..8 {
            let (x, y) = (800 + col * 95 + 47, 700 + row * 62 + 31);
            desks.push(DeskSpot {
                label: format!("2.{}", 100 + row * 8 + col),
                zone: 7,
                x,
                y,
                depth: 40,
                window: super::describe::at_window((x, y, 32, 20), zone, &others, 37),
            });
        }
    }
    desks
}

#[test]
fn the_way_says_which_desk_of_the_row_and_that_it_stands_at_the_window() {
    let desks = demo_south_east_desks();
    // The last row stands at the outer wall; the first row looks over the corridor into the
    // courtyard; the easternmost column stands at the east front.
    let window = |label: &str| desks.iter().find(|d| d.label == label).unwrap().window;
    assert!(window("2.127") && window("2.126"));
    assert!(!window("2.100") && !window("2.113") && !window("2.118"));
    assert!(window("2.107") && window("2.115"));
    let mut graph = demo::walkways().graph();
    // The fourth desk from the west in the last row.
    let spot = desks.iter().find(|d| d.label == "2.127").unwrap().clone();
    let goal = graph
        .attach(
            Node {
                desk: Some(spot.label.clone()),
                ..Node::at("desk", NodeKind::Desk, 2, spot.x, spot.y)
            },
            None,
        )
        .unwrap();
    let route = graph.route(&graph.entrances(), goal, true).unwrap();
    let name = |level: i32| match level {
        2 => "2. Obergeschoss".to_owned(),
        _ => "Erdgeschoss".to_owned(),
    };
    let target = Target::Desk(spot.label.clone());
    let german = describe(&graph, &route, &target, &desks, &name, Lang::De);
    let texts: Vec<&str> = german.iter().map(|s| s.text.as_str()).collect();
    let lift = texts
        .iter()
        .position(|t| t.starts_with("Mit dem Aufzug hinauf in Ebene 2"))
        .unwrap();
    assert!(texts[lift + 1].contains("links"), "{texts:#?}");
    // Along the south corridor from the east wing westwards, the row at the window is on the
    // left: 1227 is passed first, then 1132.
    let last = german.last().unwrap();
    assert!(
        last.text
            .ends_with("erreichen Sie Tisch 2.127, den zweiten Tisch links am Fenster."),
        "{texts:#?}"
    );
    assert_eq!(last.ordinal.unwrap().position, 2);
    assert_eq!(last.ordinal.unwrap().side, Some(Turn::Left));
    let english = describe(&graph, &route, &target, &desks, &name, Lang::En);
    assert!(
        english
            .last()
            .unwrap()
            .text
            .ends_with("you reach desk 2.127, the second desk on the left, by the window."),
        "{english:#?}"
    );
    assert_words_match_drawing(&graph, &route, &desks_as_target(&desks, "2.127"), Lang::De);
    // A room is no desk of a row.
    let room = describe(
        &graph,
        &route,
        &Target::Room("2.S01".into()),
        &desks,
        &name,
        Lang::De,
    );
    assert!(room.last().unwrap().ordinal.is_none());
    assert!(
        room.last()
            .unwrap()
            .text
            .ends_with("erreichen Sie Raum 2.S01.")
    );
}

/// `desks` with `label` renamed to the label the shared checks look for.
fn desks_as_target(desks: &[DeskSpot], label: &str) -> Vec<DeskSpot> {
    desks
        .iter()
        .map(|d| DeskSpot {
            label: if d.label == label {
                "1.01".into()
            } else {
                d.label.clone()
            },
            ..d.clone()
        })
        .collect()
}

#[test]
fn ordinals_beyond_twelve_are_written_with_figures() {
    // A long corridor westwards with twenty desks to its right (north): the last is the 20th.
    let mut nodes = vec![Node::at("entrance", NodeKind::Entrance, 0, 2100, 100)];
    let mut edges = Vec::new();
    for i in 0..21 {
        nodes.push(Node::at(
            format!("c{i}"),
            NodeKind::Corridor,
            0,
            2000 - i * 100,
            100,
        ));
        edges.push(Edge {
            from: usize::try_from(i).unwrap(),
            to: usize::try_from(i).unwrap() + 1,
            kind: EdgeKind::Walk,
        });
    }
    let desks: Vec<DeskSpot> = (0..20)
        .map(|i| DeskSpot {
            label: format!("0.{i:02}"),
            zone: 1,
            x: 2000 - i * 100,
            y: 40,
            depth: 40,
            window: false,
        })
        .collect();
    let mut graph = Graph {
        cm_per_unit: 4,
        nodes,
        edges,
    };
    let goal = graph
        .attach(
            Node {
                desk: Some("0.19".into()),
                ..Node::at("desk", NodeKind::Desk, 0, 100, 40)
            },
            None,
        )
        .unwrap();
    let route = graph.route(&graph.entrances(), goal, false).unwrap();
    let name = |_: i32| "EG".to_owned();
    let target = Target::Desk("0.19".into());
    let de = describe(&graph, &route, &target, &desks, &name, Lang::De);
    assert!(
        de.last().unwrap().text.ends_with("den 20. Tisch rechts."),
        "{de:#?}"
    );
    let en = describe(&graph, &route, &target, &desks, &name, Lang::En);
    assert!(
        en.last()
            .unwrap()
            .text
            .ends_with("the 20th desk on the right."),
        "{en:#?}"
    );
}

#[test]
fn a_graph_derived_from_zones_leads_by_lift_to_every_zone() {
    let zone = |slug: &str, level: i32, x: i32, entrance: bool, lift: i32| ZoneSpot {
        slug: slug.to_owned(),
        level,
        entrance,
        rect: (x, 0, 100, 100),
        distance_to_lift_m: lift,
    };
    let zones = vec![
        zone("foyer", 0, 0, true, 5),
        zone("west", 0, 100, false, 20),
        zone("a", 1, 0, false, 10),
        zone("b", 1, 100, false, 30),
        zone("lonely", 2, 300, false, 40),
    ];
    let graph = from_zones(
        &zones,
        &[("foyer".into(), "west".into()), ("a".into(), "b".into())],
    );
    let entrances = graph.entrances();
    assert_eq!(entrances.len(), 1);
    for goal in 0..graph.nodes.len() {
        let route = graph.route(&entrances, goal, true);
        assert!(route.is_some(), "{} unreachable", graph.nodes[goal].key);
        if graph.nodes[goal].level > 0 {
            let route = route.unwrap();
            assert!(
                route
                    .edges
                    .iter()
                    .any(|e| graph.edges[*e].kind == EdgeKind::Lift)
            );
        }
    }
}

// --- The walkways in the building file --------------------------------------------------------

mod file {
    use sea_orm::{ConnectOptions, Database, DatabaseConnection};
    use sea_orm_migration::MigratorTrait;

    use crate::structure::{StructureError, export, import};

    async fn fresh() -> DatabaseConnection {
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        db
    }

    fn building(walkways: &str) -> String {
        format!(
            r#"{{
  "slug": "haus",
  "name": "Haus",
  "floors": [
    {{"level": 0, "name": "EG", "plan_width": 100, "plan_height": 100,
      "zones": [{{"slug": "nord", "name": "Nord", "kind": "work", "x": 0, "y": 0, "width": 100, "height": 100}}],
      "desks": [{{"label": "0.01", "zone": "nord", "x": 10, "y": 10, "width": 8, "height": 6}}]}},
    {{"level": 1, "name": "1. OG", "plan_width": 100, "plan_height": 100,
      "zones": [{{"slug": "oben", "name": "Oben", "kind": "work", "x": 0, "y": 0, "width": 100, "height": 100}}],
      "rooms": [{{"label": "1.R1", "name": "Raum", "zone": "oben", "capacity": 4, "x": 50, "y": 50, "width": 20, "height": 20}}]}}
  ]{walkways}
}}"#
        )
    }

    const WALKWAYS: &str = r#",
  "walkways": {
    "nodes": [
      {"key": "tür", "kind": "entrance", "floor": 0, "x": 0, "y": 50},
      {"key": "lift-0", "kind": "lift", "floor": 0, "x": 50, "y": 50},
      {"key": "tisch", "kind": "desk", "floor": 0, "x": 10, "y": 10, "desk": "0.01"},
      {"key": "lift-1", "kind": "lift", "floor": 1, "x": 50, "y": 50},
      {"key": "raum", "kind": "room", "floor": 1, "x": 60, "y": 60, "room": "1.R1"}
    ],
    "edges": [
      {"from": "tür", "to": "lift-0"},
      {"from": "lift-0", "to": "tisch"},
      {"from": "lift-0", "to": "lift-1", "kind": "lift"},
      {"from": "raum", "to": "lift-1"}
    ]
  }"#;

    #[tokio::test]
    async fn walkways_round_trip_and_an_import_without_them_keeps_them() {
        let db = fresh().await;
        let with = building(WALKWAYS);
        let outcome = import(&db, with.as_bytes(), false).await.unwrap();
        assert_eq!(
            outcome.changes.of("walkways").unwrap().created,
            ["5 nodes, 4 edges"]
        );
        let exported = export(&db, Some("haus")).await.unwrap();
        let walkways = exported.walkways.clone().unwrap();
        assert_eq!(walkways.cm_per_unit, 4);
        assert_eq!(walkways.nodes.len(), 5);
        assert_eq!(walkways.edges.len(), 4);
        let desk = walkways.nodes.iter().find(|n| n.key == "tisch").unwrap();
        assert_eq!(desk.desk.as_deref(), Some("0.01"));
        // The export imports as nothing to change.
        let again = import(&db, &serde_json::to_vec(&exported).unwrap(), false)
            .await
            .unwrap();
        assert!(again.changes.is_empty(), "{}", again.changes);
        assert_eq!(again.changes.of("walkways").unwrap().unchanged, 1);
        // A file without walkways keeps them.
        let without = import(&db, building("").as_bytes(), false).await.unwrap();
        assert_eq!(
            without.changes.of("walkways").unwrap().kept,
            ["5 nodes, 4 edges"]
        );
        assert!(export(&db, Some("haus")).await.unwrap().walkways.is_some());
        // A changed graph replaces the old one.
        let fewer = WALKWAYS.replace(
            r#",
      {"from": "raum", "to": "lift-1"}"#,
            "",
        );
        let changed = import(&db, building(&fewer).as_bytes(), false)
            .await
            .unwrap();
        assert_eq!(changed.changes.of("walkways").unwrap().changed.len(), 1);
        let edges = export(&db, Some("haus"))
            .await
            .unwrap()
            .walkways
            .unwrap()
            .edges;
        assert_eq!(edges.len(), 3);
    }

    #[tokio::test]
    async fn bad_walkways_are_refused_with_every_problem() {
        let db = fresh().await;
        let bad = WALKWAYS
            .replace(r#""to": "tisch""#, r#""to": "nirgends""#)
            .replace(
                r#""from": "lift-0", "to": "lift-1", "kind": "lift""#,
                r#""from": "lift-0", "to": "lift-1""#,
            )
            .replace(r#""room": "1.R1""#, r#""room": "9.R9""#)
            .replace(r#""x": 60, "y": 60"#, r#""x": 600, "y": 60"#);
        let Err(StructureError::Invalid(problems)) =
            import(&db, building(&bad).as_bytes(), false).await
        else {
            panic!("bad walkways were imported");
        };
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        for expected in [
            "walkways.edges[1].to",
            "walkways.edges[2].kind",
            "walkways.nodes[4].room",
            "walkways.nodes[4].x",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing in {problems:#?}"
            );
        }
        assert!(problems.iter().all(|p| p.line.is_some()), "{problems:#?}");
        let unknown = WALKWAYS.replace(
            r#""kind": "lift", "floor": 1"#,
            r#""kind": "escalator", "floor": 1"#,
        );
        let Err(StructureError::Invalid(problems)) =
            import(&db, building(&unknown).as_bytes(), false).await
        else {
            panic!("an unknown node kind was imported");
        };
        assert!(
            problems[0].path.starts_with("walkways.nodes[3]"),
            "{problems:#?}"
        );
    }
}
