//! The building file: what `platzwahl export building` writes and `platzwahl import` reads.
//!
//! Everything is named by its natural key, never by a database id: floors by level, zones by
//! slug, desks and rooms by label, sensors by device key. Fields that may be left out have a
//! default (written out in full by the export); any other field is refused.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// The time zone of a building whose file names none.
pub const DEFAULT_TIMEZONE: &str = "Europe/Berlin";

/// The kinds of zone, as the file spells them.
pub const ZONE_KINDS: &[&str] = &["entrance", "consultation", "work", "quiet"];

/// The privacy classes of rooms, as the file spells them.
pub const PRIVACY_CLASSES: &[&str] = &["standard", "protected"];

/// The sensor protocols, as the file spells them.
pub const PROTOCOLS: &[&str] = &[
    "zigbee2mqtt",
    "ttn_v3",
    "chirpstack_v4",
    "home_assistant",
    "generic",
];

fn default_timezone() -> String {
    DEFAULT_TIMEZONE.to_owned()
}

fn default_privacy_class() -> String {
    "standard".to_owned()
}

/// A building with its floors and sensors: the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildingFile {
    /// Short name, unique among buildings; how an import finds the building again.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Postal address; may be empty.
    #[serde(default)]
    pub address: String,
    /// IANA time zone, such as `Europe/Berlin`.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// The site the building is on; none when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteFile>,
    /// The floors, by level.
    pub floors: Vec<FloorFile>,
    /// The sensors watching desks or rooms of this building.
    #[serde(default)]
    pub sensors: Vec<SensorFile>,
    /// The walkway graph (the way to one's desk), if drawn; an import without it keeps the
    /// building's ([`super::walkway`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walkways: Option<super::walkway::WalkwaysFile>,
}

/// A site: a place with one or more buildings, named by its slug across building files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Short name, unique among sites.
    pub slug: String,
    /// Display name (the import gives the site this name).
    pub name: String,
}

/// A floor with what stands on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloorFile {
    /// Unique in the building; 0 is the ground floor.
    pub level: i32,
    /// Display name.
    pub name: String,
    /// Width of the floor plan in plan units.
    pub plan_width: i32,
    /// Height of the floor plan in plan units.
    pub plan_height: i32,
    /// The zones of the floor.
    #[serde(default)]
    pub zones: Vec<ZoneFile>,
    /// The desks of the floor, each in one of its zones.
    #[serde(default)]
    pub desks: Vec<DeskFile>,
    /// The rooms of the floor.
    #[serde(default)]
    pub rooms: Vec<RoomFile>,
}

/// A zone: a rectangle on the plan holding desks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneFile {
    /// Short name, unique in the whole installation; what desks and rooms refer to.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `entrance`, `consultation`, `work` or `quiet`.
    pub kind: String,
    /// Left edge on the plan.
    pub x: i32,
    /// Top edge on the plan.
    pub y: i32,
    /// Width on the plan.
    pub width: i32,
    /// Height on the plan.
    pub height: i32,
    /// Walking distance to the nearest lift, in metres.
    #[serde(default)]
    pub distance_to_lift_m: i32,
    /// Slugs of the zones this one touches (listing a pair once is enough).
    #[serde(default)]
    pub next_to: Vec<String>,
}

/// A desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskFile {
    /// The label on the desk, unique in the installation.
    pub label: String,
    /// Slug of its zone, on the same floor.
    pub zone: String,
    /// Centre on the plan.
    pub x: i32,
    /// Centre on the plan.
    pub y: i32,
    /// Width on the plan.
    pub width: i32,
    /// Height on the plan.
    pub height: i32,
    /// Degrees clockwise, 0 to 359.
    #[serde(default)]
    pub rotation: i32,
    /// Has a docking station.
    #[serde(default)]
    pub has_docking: bool,
    /// 0, 1 or 2.
    #[serde(default)]
    pub monitors: i32,
    /// Can be raised for standing.
    #[serde(default)]
    pub height_adjustable: bool,
    /// Step-free and usable from a wheelchair.
    #[serde(default)]
    pub accessible: bool,
    /// Out of use until unblocked.
    #[serde(default)]
    pub blocked: bool,
    /// Free text for administrators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A bookable room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomFile {
    /// The label on the door, unique in the installation.
    pub label: String,
    /// Display name.
    pub name: String,
    /// Slug of the zone it lies in, on the same floor, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// How many people it seats.
    pub capacity: i32,
    /// `standard`, or `protected`: others see only that it is taken.
    #[serde(default = "default_privacy_class")]
    pub privacy_class: String,
    /// Reachable without steps.
    #[serde(default)]
    pub step_free: bool,
    /// Has a hearing loop.
    #[serde(default)]
    pub hearing_loop: bool,
    /// Lower-case keys such as `screen`, `whiteboard`, `video`.
    #[serde(default)]
    pub equipment: Vec<String>,
    /// Minutes kept free before each reservation.
    #[serde(default)]
    pub buffer_before_min: i32,
    /// Minutes kept free after each reservation.
    #[serde(default)]
    pub buffer_after_min: i32,
    /// The longest reservation the room takes, in minutes (left out: no limit of its own;
    /// first-consultation rooms of the entrance zone then take short slots, see
    /// [`crate::entrance`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_slot_minutes: Option<i32>,
    /// Left edge on the plan.
    pub x: i32,
    /// Top edge on the plan.
    pub y: i32,
    /// Width on the plan.
    pub width: i32,
    /// Height on the plan.
    pub height: i32,
}

/// An occupancy sensor watching one desk or one room of the building.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensorFile {
    /// How ingestion finds it: topic, devEUI or device id; unique in the installation.
    pub device_key: String,
    /// The sensor model.
    pub model: String,
    /// `zigbee2mqtt`, `ttn_v3`, `chirpstack_v4`, `home_assistant` or `generic`.
    pub protocol: String,
    /// Label of the desk it watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// Label of the room it watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

impl BuildingFile {
    /// The same building in the export's order: floors by level, zones by slug, desks, rooms
    /// and sensors by their keys in natural order (`1.9` before `1.10`), every zone's
    /// neighbours named from both sides and sorted. Two files describing the same building
    /// are equal once normalized.
    #[must_use]
    pub fn normalized(mut self) -> Self {
        let mut neighbours: HashMap<String, Vec<String>> = HashMap::new();
        for zone in self.floors.iter().flat_map(|f| &f.zones) {
            for other in &zone.next_to {
                neighbours
                    .entry(zone.slug.clone())
                    .or_default()
                    .push(other.clone());
                neighbours
                    .entry(other.clone())
                    .or_default()
                    .push(zone.slug.clone());
            }
        }
        self.floors.sort_by_key(|f| f.level);
        for floor in &mut self.floors {
            floor.zones.sort_by(|a, b| natural_cmp(&a.slug, &b.slug));
            for zone in &mut floor.zones {
                zone.next_to = neighbours.remove(&zone.slug).unwrap_or_default();
                zone.next_to.sort_by(|a, b| natural_cmp(a, b));
                zone.next_to.dedup();
            }
            floor.desks.sort_by(|a, b| natural_cmp(&a.label, &b.label));
            floor.rooms.sort_by(|a, b| natural_cmp(&a.label, &b.label));
        }
        self.sensors
            .sort_by(|a, b| natural_cmp(&a.device_key, &b.device_key));
        self.walkways = self.walkways.map(super::walkway::WalkwaysFile::normalized);
        self
    }
}

/// Compares two keys so that runs of digits compare as numbers: `1.9` < `1.10` < `2.1`.
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (da, ra) = split_digits(a);
                let (db, rb) = split_digits(b);
                let ta = da.trim_start_matches('0');
                let tb = db.trim_start_matches('0');
                let by_number = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                let order = by_number.then_with(|| da.len().cmp(&db.len()));
                if order != Ordering::Equal {
                    return order;
                }
                a = ra;
                b = rb;
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

fn split_digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ActiveEnum, Iterable};

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut labels = vec!["1.10", "1.9", "2.1", "1.09", "B", "A10", "A9"];
        labels.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(labels, ["1.9", "1.09", "1.10", "2.1", "A9", "A10", "B"]);
    }

    #[test]
    fn the_files_spellings_are_the_schemas() {
        let kinds: Vec<String> = entities::enums::ZoneKind::iter()
            .map(|k| k.to_value())
            .collect();
        assert_eq!(kinds, ZONE_KINDS);
        let classes: Vec<String> = entities::enums::PrivacyClass::iter()
            .map(|k| k.to_value())
            .collect();
        assert_eq!(classes, PRIVACY_CLASSES);
        let protocols: Vec<String> = entities::enums::SensorProtocol::iter()
            .map(|k| k.to_value())
            .collect();
        assert_eq!(protocols, PROTOCOLS);
    }

    #[test]
    fn normalizing_names_neighbours_from_both_sides() {
        let zone = |slug: &str, next_to: &[&str]| ZoneFile {
            slug: slug.to_owned(),
            name: slug.to_owned(),
            kind: "work".to_owned(),
            x: 0,
            y: 0,
            width: 1,
            height: 1,
            distance_to_lift_m: 0,
            next_to: next_to.iter().map(|s| (*s).to_owned()).collect(),
        };
        let file = BuildingFile {
            slug: "b".to_owned(),
            name: "B".to_owned(),
            address: String::new(),
            timezone: DEFAULT_TIMEZONE.to_owned(),
            site: None,
            floors: vec![FloorFile {
                level: 0,
                name: "EG".to_owned(),
                plan_width: 10,
                plan_height: 10,
                zones: vec![zone("b", &[]), zone("a", &["b"])],
                desks: vec![],
                rooms: vec![],
            }],
            sensors: vec![],
            walkways: None,
        }
        .normalized();
        let zones = &file.floors[0].zones;
        assert_eq!(zones[0].slug, "a");
        assert_eq!(zones[0].next_to, ["b"]);
        assert_eq!(zones[1].next_to, ["a"]);
    }
}
