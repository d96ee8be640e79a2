//! The walkways of the demo building (the former Bundesbahndirektion: four floors of wings
//! around a courtyard, plans of 1,600 × 1,000 units at 4 cm a unit), as its administrators
//! would draw them: the main entrance in the middle of the north front with three steps and
//! a ramp beside them, the lift just inside, a corridor ring on every floor along the
//! courtyard (north and south corridors through the wings, joined through the west and east
//! wings), and two staircases at the south-west and north-east corners. Desks and rooms join
//! the nearest corridor point when a way is asked for.

use super::graph::DEFAULT_CM_PER_UNIT;
use crate::structure::walkway::{WalkwayEdgeFile, WalkwayNodeFile, WalkwaysFile};

/// The levels of the demo building.
pub const LEVELS: std::ops::RangeInclusive<i32> = 0..=3;

/// Where the corridor points lie along the north and south corridors.
const CORRIDOR_X: [i32; 17] = [
    60, 135, 230, 330, 425, 520, 615, 710, 800, 895, 990, 1085, 1180, 1270, 1365, 1460, 1540,
];
/// The north corridor's line.
const NORTH_Y: i32 = 330;
/// The south corridor's line.
const SOUTH_Y: i32 = 680;
/// Where the corridor ring turns into the west and east wings.
const WEST_X: i32 = 330;
/// See [`WEST_X`].
const EAST_X: i32 = 1270;

fn node(key: String, kind: &str, floor: i32, x: i32, y: i32) -> WalkwayNodeFile {
    WalkwayNodeFile {
        key,
        kind: kind.to_owned(),
        floor,
        x,
        y,
        desk: None,
        room: None,
    }
}

fn edge(from: &str, to: &str, kind: &str) -> WalkwayEdgeFile {
    WalkwayEdgeFile {
        from: from.to_owned(),
        to: to.to_owned(),
        kind: kind.to_owned(),
    }
}

/// The key of the north (`n`) or south (`s`) corridor point at `x` on `level`.
fn corridor(side: char, level: i32, x: i32) -> String {
    format!("{side}{level}-{x}")
}

/// The demo building's walkways.
#[must_use]
pub fn walkways() -> WalkwaysFile {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for level in LEVELS {
        for (side, y) in [('n', NORTH_Y), ('s', SOUTH_Y)] {
            for x in CORRIDOR_X {
                nodes.push(node(corridor(side, level, x), "corridor", level, x, y));
            }
            for pair in CORRIDOR_X.windows(2) {
                edges.push(edge(
                    &corridor(side, level, pair[0]),
                    &corridor(side, level, pair[1]),
                    "walk",
                ));
            }
        }
        let mid_y = i32::midpoint(NORTH_Y, SOUTH_Y);
        for (name, x) in [("w", WEST_X), ("e", EAST_X)] {
            let mid = format!("{name}{level}");
            nodes.push(node(mid.clone(), "corridor", level, x, mid_y));
            edges.push(edge(&corridor('n', level, x), &mid, "walk"));
            edges.push(edge(&mid, &corridor('s', level, x), "walk"));
        }
        // The lift, just north of the hall where the corridors meet.
        let lift = format!("lift-{level}");
        nodes.push(node(lift.clone(), "lift", level, 800, 290));
        edges.push(edge(&lift, &corridor('n', level, 800), "walk"));
        // The staircases.
        let west = format!("stairs-w-{level}");
        nodes.push(node(west.clone(), "stairs", level, 310, 700));
        edges.push(edge(&corridor('s', level, WEST_X), &west, "walk"));
        let east = format!("stairs-e-{level}");
        nodes.push(node(east.clone(), "stairs", level, 1290, 310));
        edges.push(edge(&corridor('n', level, EAST_X), &east, "walk"));
        if level > *LEVELS.start() {
            let below = level - 1;
            edges.push(edge(&format!("lift-{below}"), &lift, "lift"));
            edges.push(edge(&format!("stairs-w-{below}"), &west, "stairs"));
            edges.push(edge(&format!("stairs-e-{below}"), &east, "stairs"));
        }
    }
    // The main entrance: three steps up to the vestibule, or the ramp beside them.
    let ground = *LEVELS.start();
    nodes.push(node("entrance".to_owned(), "entrance", ground, 800, 40));
    nodes.push(node("ramp".to_owned(), "ramp", ground, 870, 70));
    nodes.push(node("vestibule".to_owned(), "corridor", ground, 800, 110));
    edges.push(edge("entrance", "vestibule", "stairs"));
    edges.push(edge("entrance", "ramp", "ramp"));
    edges.push(edge("ramp", "vestibule", "ramp"));
    edges.push(edge("vestibule", &format!("lift-{ground}"), "walk"));
    WalkwaysFile {
        cm_per_unit: i32::try_from(DEFAULT_CM_PER_UNIT).unwrap_or(4),
        nodes,
        edges,
    }
    .normalized()
}

/// Writes [`walkways`] for the demo building `slug` (the demo seed calls it in its
/// transaction, after the building's floors, desks and rooms).
pub async fn store(db: &impl sea_orm::ConnectionTrait, slug: &str) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(building) = entities::building::Entity::find()
        .filter(entities::building::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Err(sea_orm::DbErr::Custom(format!("no building {slug}")));
    };
    let floor_ids = entities::floor::Entity::find()
        .filter(entities::floor::Column::BuildingId.eq(building.id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.level, f.id))
        .collect();
    crate::structure::walkway::store(db, building.id, &walkways(), &floor_ids).await
}
