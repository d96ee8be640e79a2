//! The demo building as plain data: the former Bundesbahndirektion in Wuppertal with four
//! floors around a courtyard, three organisations, their units, home zones, people, desks,
//! rooms and sensors. Deterministic: the same every time, so seeding is repeatable.

/// The second, small demo building (the university's Campus Haspel: two floors, 22 desks, a
/// meeting room), as a building file for `platzwahl import`: it is seeded through the building
/// import, so the demo proves that several buildings work and that the import does.
pub const SECOND_BUILDING: &str = include_str!("campus-haspel.json");

/// The short name of [`SECOND_BUILDING`].
pub const SECOND_BUILDING_SLUG: &str = "campus-haspel";

/// The organisation whose building [`SECOND_BUILDING`] is: its zones are given to it.
pub const SECOND_BUILDING_OWNER: &str = "universitaet";

/// Plan units of every floor: the building is drawn 1600 × 1000 units (1 unit ≈ 4 cm).
pub const PLAN_WIDTH: i32 = 1600;
/// Height of every floor plan.
pub const PLAN_HEIGHT: i32 = 1000;

/// An organisation with its units.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    /// Unique short name.
    pub slug: &'static str,
    /// Name.
    pub name: &'static str,
    /// Its units.
    pub units: Vec<Unit>,
}

/// A unit and where its people sit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Unique short name.
    pub slug: &'static str,
    /// Name.
    pub name: &'static str,
    /// Slugs of its home zones, first choice first.
    pub home_zones: Vec<&'static str>,
    /// Whether its people counsel clients (they get the counsellor role).
    pub counsels: bool,
    /// Number of people.
    pub people: usize,
}

/// A floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    /// Level (0 = ground floor).
    pub level: i32,
    /// Name.
    pub name: &'static str,
    /// Its zones.
    pub zones: Vec<Zone>,
}

/// What a zone is for (the database values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneKind {
    /// Shared entrance with first-consultation rooms.
    Entrance,
    /// Protected consultation rooms.
    Consultation,
    /// Desks.
    Work,
    /// Quiet desks.
    Quiet,
}

/// A zone with its desks and rooms.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Unique short name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// What it is for.
    pub kind: ZoneKind,
    /// Its rectangle (x, y, width, height).
    pub rect: (i32, i32, i32, i32),
    /// Metres from the lifts.
    pub distance_to_lift_m: i32,
    /// Its desks.
    pub desks: Vec<Desk>,
    /// Its rooms.
    pub rooms: Vec<Room>,
}

/// A desk.
#[derive(Debug, Clone, PartialEq)]
pub struct Desk {
    /// Label such as "2.14".
    pub label: String,
    /// Centre x.
    pub x: i32,
    /// Centre y.
    pub y: i32,
    /// Docking station.
    pub docking: bool,
    /// Monitors.
    pub monitors: i32,
    /// Height-adjustable.
    pub height_adjustable: bool,
    /// Accessible.
    pub accessible: bool,
    /// Has an occupancy sensor.
    pub sensor: bool,
}

/// Desk size in plan units.
pub const DESK_W: i32 = 64;
/// Desk depth in plan units.
pub const DESK_H: i32 = 40;

/// A room.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    /// Label on the door.
    pub label: String,
    /// Name.
    pub name: String,
    /// Seats.
    pub capacity: i32,
    /// Protected consultation room.
    pub protected: bool,
    /// Step-free.
    pub step_free: bool,
    /// Hearing loop.
    pub hearing_loop: bool,
    /// Equipment, comma-separated.
    pub equipment: &'static str,
    /// Buffer before, minutes.
    pub buffer_before_min: i32,
    /// Buffer after, minutes.
    pub buffer_after_min: i32,
    /// Rectangle.
    pub rect: (i32, i32, i32, i32),
}

/// A person.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// E-mail (unique).
    pub email: String,
    /// Organisation slug.
    pub organisation: &'static str,
    /// Unit slug.
    pub unit: &'static str,
    /// Roles (database values).
    pub roles: Vec<&'static str>,
    /// Opted in to show colleagues where they sit.
    pub share_location: bool,
}

/// The whole demo building.
#[derive(Debug, Clone, PartialEq)]
pub struct Building {
    /// Unique short name.
    pub slug: &'static str,
    /// Name.
    pub name: &'static str,
    /// Address.
    pub address: &'static str,
    /// Floors, ground floor first.
    pub floors: Vec<Floor>,
    /// Organisations with their units.
    pub organisations: Vec<Organisation>,
    /// People.
    pub people: Vec<Person>,
}

// The four wings around the courtyard, as (x, y, width, height): north-west, north-east,
// south-west, south-east, and the short west and east wings.
const NW: (i32, i32, i32, i32) = (40, 40, 760, 300);
const NE: (i32, i32, i32, i32) = (800, 40, 760, 300);
const SW: (i32, i32, i32, i32) = (40, 660, 760, 300);
const SE: (i32, i32, i32, i32) = (800, 660, 760, 300);
const WEST: (i32, i32, i32, i32) = (40, 340, 300, 320);
const EAST: (i32, i32, i32, i32) = (1260, 340, 300, 320);

struct ZoneSpec {
    slug: &'static str,
    name: &'static str,
    kind: ZoneKind,
    rect: (i32, i32, i32, i32),
    /// Desk grid (columns, rows); (0, 0) for none.
    desks: (i32, i32),
    /// Rooms: (count, protected, capacity, name).
    rooms: (i32, bool, i32, &'static str),
    lift_m: i32,
}

const fn zone(
    slug: &'static str,
    name: &'static str,
    kind: ZoneKind,
    rect: (i32, i32, i32, i32),
    desks: (i32, i32),
    rooms: (i32, bool, i32, &'static str),
    lift_m: i32,
) -> ZoneSpec {
    ZoneSpec {
        slug,
        name,
        kind,
        rect,
        desks,
        rooms,
        lift_m,
    }
}

use ZoneKind::{Consultation, Entrance, Quiet, Work};

const NO_ROOMS: (i32, bool, i32, &str) = (0, false, 0, "");
const NO_DESKS: (i32, i32) = (0, 0);

fn floor_specs() -> Vec<(i32, &'static str, Vec<ZoneSpec>)> {
    vec![
        (
            0,
            "Erdgeschoss",
            vec![
                zone(
                    "0-eingang",
                    "Eingangshalle",
                    Entrance,
                    NW,
                    NO_DESKS,
                    (6, true, 3, "Erstberatung"),
                    10,
                ),
                zone(
                    "0-beratung",
                    "Beratung EG",
                    Consultation,
                    NE,
                    NO_DESKS,
                    (4, true, 4, "Beratungsraum"),
                    20,
                ),
                zone("0-sued-west", "0-Süd-West", Work, SW, (8, 4), NO_ROOMS, 30),
                zone("0-sued-ost", "0-Süd-Ost", Work, SE, (8, 4), NO_ROOMS, 25),
                zone(
                    "0-west",
                    "0-West",
                    Work,
                    WEST,
                    NO_DESKS,
                    (1, false, 12, "Sitzungssaal"),
                    40,
                ),
                zone(
                    "0-ost",
                    "0-Ost",
                    Work,
                    EAST,
                    NO_DESKS,
                    (1, false, 8, "Besprechung"),
                    35,
                ),
            ],
        ),
        (
            1,
            "1. Obergeschoss",
            vec![
                zone(
                    "1-beratung",
                    "Beratung Jobcenter",
                    Consultation,
                    NW,
                    NO_DESKS,
                    (6, true, 4, "Beratungsraum"),
                    15,
                ),
                zone("1-nord-ost", "1-Nord-Ost", Work, NE, (8, 4), NO_ROOMS, 20),
                zone("1-sued-west", "1-Süd-West", Work, SW, (8, 4), NO_ROOMS, 30),
                zone("1-sued-ost", "1-Süd-Ost", Work, SE, (8, 4), NO_ROOMS, 25),
                zone(
                    "1-ost",
                    "1-Ost",
                    Work,
                    EAST,
                    NO_DESKS,
                    (1, false, 10, "Besprechung"),
                    35,
                ),
            ],
        ),
        (
            2,
            "2. Obergeschoss",
            vec![
                zone("2-nord-west", "2-Nord-West", Work, NW, (8, 4), NO_ROOMS, 15),
                zone("2-nord-ost", "2-Nord-Ost", Work, NE, (8, 4), NO_ROOMS, 20),
                zone("2-ruhe", "2-Ruhezone", Quiet, SW, (6, 4), NO_ROOMS, 30),
                zone("2-sued-ost", "2-Süd-Ost", Work, SE, (8, 4), NO_ROOMS, 25),
                zone(
                    "2-west",
                    "2-West",
                    Work,
                    WEST,
                    NO_DESKS,
                    (1, false, 14, "Sitzungssaal"),
                    40,
                ),
            ],
        ),
        (
            3,
            "3. Obergeschoss",
            vec![
                zone("3-nord-west", "3-Nord-West", Work, NW, (8, 4), NO_ROOMS, 15),
                zone(
                    "3-bibliothek",
                    "3-Bibliothek",
                    Quiet,
                    NE,
                    (6, 4),
                    NO_ROOMS,
                    20,
                ),
                zone(
                    "3-studienberatung",
                    "Studienberatung",
                    Consultation,
                    SW,
                    NO_DESKS,
                    (4, true, 3, "Beratungsraum"),
                    30,
                ),
                zone("3-sued-ost", "3-Süd-Ost", Work, SE, (8, 4), NO_ROOMS, 25),
                zone(
                    "3-ost",
                    "3-Ost",
                    Work,
                    EAST,
                    NO_DESKS,
                    (1, false, 8, "Besprechung"),
                    35,
                ),
            ],
        ),
    ]
}

fn organisation_specs() -> Vec<Organisation> {
    let unit = |slug, name, home_zones: &[&'static str], counsels, people| Unit {
        slug,
        name,
        home_zones: home_zones.to_vec(),
        counsels,
        people,
    };
    vec![
        Organisation {
            slug: "stadt",
            name: "Stadt Wuppertal",
            units: vec![
                unit(
                    "einwohnermeldeamt",
                    "Einwohnermeldeamt",
                    &["0-sued-west", "0-sued-ost"],
                    false,
                    30,
                ),
                unit(
                    "strassenverkehrsamt",
                    "Straßenverkehrsamt",
                    &["0-sued-ost", "1-sued-ost"],
                    false,
                    28,
                ),
                unit(
                    "auslaenderbehoerde",
                    "Ausländerbehörde",
                    &["1-nord-ost", "0-sued-west"],
                    true,
                    32,
                ),
                unit(
                    "bauaufsicht",
                    "Bauaufsicht",
                    &["2-nord-west", "2-ruhe"],
                    false,
                    30,
                ),
                unit(
                    "gebaeudemanagement",
                    "Gebäudemanagement",
                    &["2-sued-ost", "2-nord-west"],
                    false,
                    20,
                ),
                unit(
                    "soziale-dienste",
                    "Soziale Dienste",
                    &["1-sued-west", "1-nord-ost"],
                    true,
                    30,
                ),
            ],
        },
        Organisation {
            slug: "jobcenter",
            name: "Jobcenter Wuppertal",
            units: vec![
                unit(
                    "jobcenter-leistung",
                    "Jobcenter Leistung",
                    &["1-sued-ost", "1-sued-west"],
                    true,
                    36,
                ),
                unit(
                    "jobcenter-vermittlung",
                    "Jobcenter Vermittlung",
                    &["1-sued-west", "1-nord-ost"],
                    true,
                    36,
                ),
                unit(
                    "jobcenter-eingangszone",
                    "Jobcenter Eingangszone",
                    &["0-sued-ost", "0-sued-west"],
                    true,
                    16,
                ),
            ],
        },
        Organisation {
            slug: "universitaet",
            name: "Bergische Universität Wuppertal",
            units: vec![
                unit(
                    "studienberatung",
                    "Studienberatung",
                    &["3-sued-ost", "3-bibliothek"],
                    true,
                    24,
                ),
                unit(
                    "zim",
                    "Zentrum für Informations- und Medienverarbeitung",
                    &["3-nord-west", "3-sued-ost"],
                    false,
                    30,
                ),
                unit(
                    "dezernat-personal",
                    "Dezernat Personal",
                    &["2-nord-ost", "3-nord-west"],
                    false,
                    28,
                ),
                // Works in the second demo building, Campus Haspel ([`SECOND_BUILDING`]).
                unit(
                    "forschungstransfer",
                    "Forschungstransfer",
                    &["haspel-projekt", "haspel-labor"],
                    false,
                    10,
                ),
            ],
        },
    ]
}

const FIRST_NAMES: [&str; 24] = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Felix",
    "Greta",
    "Hakan",
    "Ida",
    "Jonas",
    "Katarzyna",
    "Lukas",
    "Mara",
    "Nils",
    "Olga",
    "Paul",
    "Rania",
    "Sven",
    "Tanja",
    "Umut",
    "Vera",
    "Yusuf",
    "Zoe",
    "Mehmet",
];
const LAST_NAMES: [&str; 20] = [
    "Becker",
    "Demir",
    "Fischer",
    "Hoffmann",
    "Kaya",
    "Klein",
    "Krüger",
    "Lange",
    "Meyer",
    "Nowak",
    "Özdemir",
    "Richter",
    "Schäfer",
    "Schmidt",
    "Schulz",
    "Wagner",
    "Weber",
    "Wolf",
    "Yilmaz",
    "Zimmermann",
];

fn ascii_lower(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            'ä' | 'Ä' => "ae".to_string(),
            'ö' | 'Ö' => "oe".to_string(),
            'ü' | 'Ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            other => other.to_ascii_lowercase().to_string(),
        })
        .collect()
}

/// The units whose person [`FRONT_DESK_INDEX`] staffs the front desk, one per organisation.
const FRONT_DESK_UNITS: [&str; 3] = [
    "einwohnermeldeamt",
    "jobcenter-eingangszone",
    "studienberatung",
];

/// Which person of a [`FRONT_DESK_UNITS`] unit is the front desk: not its unit lead (0), not
/// its organisation administrator (1), no counsellor (`i % 3 == 2`), and not the first plain
/// employee of the organisation (2), whom the demo sign-in offers as "employee".
const FRONT_DESK_INDEX: usize = 5;

fn people(organisations: &[Organisation]) -> Vec<Person> {
    let mut people = Vec::new();
    let mut n = 0usize;
    for org in organisations {
        for (unit_index, unit) in org.units.iter().enumerate() {
            for i in 0..unit.people {
                let first = FIRST_NAMES[n % FIRST_NAMES.len()];
                let last = LAST_NAMES[(n / FIRST_NAMES.len() + n * 7) % LAST_NAMES.len()];
                let mut roles = vec!["employee"];
                if unit.counsels && i % 3 != 2 {
                    roles.push("counsellor");
                }
                if i == 0 {
                    roles.push("unit_lead");
                }
                if unit.slug == "gebaeudemanagement" && i < 3 {
                    roles.push("facility_manager");
                }
                if unit_index == 0 && i == 1 {
                    roles.push("org_admin");
                }
                if unit.slug == "gebaeudemanagement" && i == 1 {
                    roles.push("building_admin");
                }
                // Every organisation staffs the entrance zone (the demo admits all three):
                // one front desk each, not its first plain employee.
                if FRONT_DESK_UNITS.contains(&unit.slug) && i == FRONT_DESK_INDEX {
                    roles.push("front_desk");
                }
                people.push(Person {
                    name: format!("{first} {last}"),
                    email: format!(
                        "{}.{}.{n:03}@{}.demo.invalid",
                        ascii_lower(first),
                        ascii_lower(last),
                        org.slug
                    ),
                    organisation: org.slug,
                    unit: unit.slug,
                    roles,
                    share_location: n.is_multiple_of(4),
                });
                n += 1;
            }
        }
    }
    people
}

fn desks_of(spec: &ZoneSpec, level: i32, next_number: &mut i32) -> Vec<Desk> {
    let (cols, rows) = spec.desks;
    let (x, y, w, h) = spec.rect;
    let mut desks = Vec::new();
    if cols == 0 || rows == 0 {
        return desks;
    }
    // Leave room for the zone's name at the top.
    let top = y + 40;
    let cell_w = w / cols;
    let cell_h = (h - 50) / rows;
    for row in 0..rows {
        for col in 0..cols {
            let number = *next_number;
            *next_number += 1;
            let seed = number + level * 7;
            desks.push(Desk {
                label: format!("{level}.{number:02}"),
                x: x + col * cell_w + cell_w / 2,
                y: top + row * cell_h + cell_h / 2,
                docking: seed % 3 != 0,
                monitors: if seed % 4 == 0 { 1 } else { 2 },
                height_adjustable: seed % 5 == 0 || seed % 5 == 2,
                // The desks nearest the lifts (first row) are the accessible ones.
                accessible: row == 0 && col % 4 == 0,
                sensor: seed % 10 != 9,
            });
        }
    }
    desks
}

fn rooms_of(spec: &ZoneSpec, level: i32, next_number: &mut i32) -> Vec<Room> {
    let (count, protected, capacity, name) = spec.rooms;
    let (x, y, w, h) = spec.rect;
    let mut rooms = Vec::new();
    if count == 0 {
        return rooms;
    }
    let gap = 20;
    let room_w = (w - gap * (count + 1)) / count;
    let room_h = h - 70;
    for i in 0..count {
        let number = *next_number;
        *next_number += 1;
        let prefix = if spec.kind == Entrance {
            "E"
        } else if protected {
            "B"
        } else {
            "S"
        };
        rooms.push(Room {
            label: format!("{level}.{prefix}{number:02}"),
            name: if count == 1 {
                name.to_string()
            } else {
                format!("{name} {}", i + 1)
            },
            capacity,
            protected,
            step_free: level == 0 || i % 2 == 0,
            hearing_loop: protected && i % 2 == 0,
            equipment: if protected {
                "sichtschutz,notruf"
            } else {
                "bildschirm,videokonferenz"
            },
            buffer_before_min: if protected { 15 } else { 0 },
            buffer_after_min: if protected { 15 } else { 10 },
            rect: (x + gap + i * (room_w + gap), y + 50, room_w, room_h),
        });
    }
    rooms
}

/// The demo building.
pub fn building() -> Building {
    let organisations = organisation_specs();
    let floors = floor_specs()
        .into_iter()
        .map(|(level, name, specs)| {
            let mut desk_number = 1;
            let mut room_number = 1;
            let zones = specs
                .iter()
                .map(|spec| Zone {
                    slug: spec.slug.to_string(),
                    name: spec.name.to_string(),
                    kind: spec.kind,
                    rect: spec.rect,
                    distance_to_lift_m: spec.lift_m,
                    desks: desks_of(spec, level, &mut desk_number),
                    rooms: rooms_of(spec, level, &mut room_number),
                })
                .collect();
            Floor { level, name, zones }
        })
        .collect();
    Building {
        slug: "bundesbahndirektion",
        name: "Bundesbahndirektion Wuppertal",
        address: "Döppersberg 37, 42103 Wuppertal",
        floors,
        people: people(&organisations),
        organisations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_desks(b: &Building) -> Vec<&Desk> {
        b.floors
            .iter()
            .flat_map(|f| &f.zones)
            .flat_map(|z| &z.desks)
            .collect()
    }

    fn all_rooms(b: &Building) -> Vec<&Room> {
        b.floors
            .iter()
            .flat_map(|f| &f.zones)
            .flat_map(|z| &z.rooms)
            .collect()
    }

    #[test]
    fn the_demo_building_has_four_floors_300_desks_and_20_rooms() {
        let b = building();
        assert_eq!(b.floors.len(), 4);
        assert!(all_desks(&b).len() >= 300, "{} desks", all_desks(&b).len());
        assert!(all_rooms(&b).len() >= 20, "{} rooms", all_rooms(&b).len());
        let kinds: Vec<ZoneKind> = b
            .floors
            .iter()
            .flat_map(|f| &f.zones)
            .map(|z| z.kind)
            .collect();
        for kind in [Entrance, Consultation, Work, Quiet] {
            assert!(kinds.contains(&kind), "no {kind:?} zone");
        }
    }

    #[test]
    fn three_organisations_with_about_a_dozen_units_and_a_few_hundred_people() {
        let b = building();
        assert_eq!(b.organisations.len(), 3);
        let units: usize = b.organisations.iter().map(|o| o.units.len()).sum();
        assert_eq!(units, 13, "twelve in the main building, one in the second");
        assert!(b.people.len() >= 300);
        for role in [
            "employee",
            "counsellor",
            "front_desk",
            "unit_lead",
            "facility_manager",
            "org_admin",
            "building_admin",
        ] {
            assert!(
                b.people.iter().any(|p| p.roles.contains(&role)),
                "nobody is {role}"
            );
        }
    }

    #[test]
    fn every_organisation_has_one_front_desk_who_is_not_its_first_employee() {
        let b = building();
        for org in &b.organisations {
            let of_org: Vec<&Person> = b
                .people
                .iter()
                .filter(|p| p.organisation == org.slug)
                .collect();
            let front_desks: Vec<&&Person> = of_org
                .iter()
                .filter(|p| p.roles.contains(&"front_desk"))
                .collect();
            assert_eq!(front_desks.len(), 1, "{}", org.slug);
            assert_eq!(front_desks[0].roles, ["employee", "front_desk"]);
            // The demo sign-in offers the first plain employee as "employee": still the same.
            let position = |wanted: &Person| of_org.iter().position(|p| *p == wanted);
            let first_employee = of_org
                .iter()
                .find(|p| p.roles == ["employee"])
                .expect("a plain employee");
            assert!(
                position(first_employee) < position(front_desks[0]),
                "{}: the front desk comes after the first plain employee",
                org.slug
            );
        }
    }

    #[test]
    fn labels_and_emails_are_unique() {
        let b = building();
        let mut labels: Vec<&str> = all_desks(&b).iter().map(|d| d.label.as_str()).collect();
        labels.extend(all_rooms(&b).iter().map(|r| r.label.as_str()));
        let count = labels.len();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), count);
        let mut emails: Vec<&str> = b.people.iter().map(|p| p.email.as_str()).collect();
        emails.sort_unstable();
        emails.dedup();
        assert_eq!(emails.len(), b.people.len());
    }

    #[test]
    fn every_desk_and_room_lies_inside_its_zone_and_none_overlap() {
        let b = building();
        for zone in b.floors.iter().flat_map(|f| &f.zones) {
            let (zx, zy, zw, zh) = zone.rect;
            let mut rects: Vec<(i32, i32, i32, i32)> = zone
                .desks
                .iter()
                .map(|d| (d.x - DESK_W / 2, d.y - DESK_H / 2, DESK_W, DESK_H))
                .collect();
            rects.extend(zone.rooms.iter().map(|r| r.rect));
            for (i, &(x, y, w, h)) in rects.iter().enumerate() {
                assert!(
                    x >= zx && y >= zy && x + w <= zx + zw && y + h <= zy + zh,
                    "outside {}",
                    zone.slug
                );
                for &(x2, y2, w2, h2) in &rects[i + 1..] {
                    let apart = x + w <= x2 || x2 + w2 <= x || y + h <= y2 || y2 + h2 <= y;
                    assert!(apart, "overlap in {}", zone.slug);
                }
            }
        }
    }

    #[test]
    fn every_home_zone_exists_and_holds_desks() {
        let b = building();
        let second: domain::structure::BuildingFile =
            serde_json::from_str(SECOND_BUILDING).expect("the second building's file");
        assert_eq!(second.slug, SECOND_BUILDING_SLUG);
        let in_second = |slug: &str| {
            second
                .floors
                .iter()
                .any(|f| f.desks.iter().any(|d| d.zone == slug))
        };
        for unit in b.organisations.iter().flat_map(|o| &o.units) {
            for slug in &unit.home_zones {
                let zone = b
                    .floors
                    .iter()
                    .flat_map(|f| &f.zones)
                    .find(|z| z.slug == *slug);
                assert!(
                    zone.is_some_and(|z| !z.desks.is_empty()) || in_second(slug),
                    "{} → {slug}",
                    unit.slug
                );
            }
        }
    }

    #[test]
    fn most_desks_have_a_sensor() {
        let b = building();
        let desks = all_desks(&b);
        let with = desks.iter().filter(|d| d.sensor).count();
        assert!(with * 10 >= desks.len() * 8);
    }
}
