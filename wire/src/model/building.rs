//! The building and its floor plans: the overview of floors and zones, and a floor with its
//! zones, desks (their equipment and state) and rooms as the plan draws them.

use serde::{Deserialize, Serialize};

use super::Live;
use crate::i18n::Lang;

/// The building with its floors, for the overview page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildingView {
    /// Short name of the building, in its addresses (`/buildings/{slug}`).
    pub slug: String,
    /// Name of the building.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// Every building of the installation, by name, for the switch between them.
    pub buildings: Vec<BuildingLink>,
    /// Floors, lowest first.
    pub floors: Vec<FloorSummary>,
    /// Whether this installation runs in demo mode (made-up data).
    pub demo: bool,
}

/// A building by name, for links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildingLink {
    /// Short name, in addresses (`/buildings/{slug}`).
    pub slug: String,
    /// Name.
    pub name: String,
}

/// Percent-encodes `value` for an address: everything but ASCII letters, digits and
/// `-_.~` (and `/` if `keep_slash`) is written as `%XX`.
pub fn percent_encode(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && byte == b'/')
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The address of building `slug`.
pub fn building_path(slug: &str) -> String {
    format!("/buildings/{}", percent_encode(slug, false))
}

/// The address of floor `level` of building `slug`.
pub fn floor_path(slug: &str, level: i32) -> String {
    format!("{}/floors/{level}", building_path(slug))
}

/// One floor in the building overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloorSummary {
    /// Level number (0 = ground floor).
    pub level: i32,
    /// Name of the floor.
    pub name: String,
    /// Number of desks on the floor.
    pub desks: u32,
    /// Number of rooms on the floor.
    pub rooms: u32,
    /// The zones of the floor.
    pub zones: Vec<ZoneSummary>,
}

/// One zone in the building overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneSummary {
    /// Name of the zone.
    pub name: String,
    /// What the zone is for.
    pub kind: ZoneKind,
    /// Number of desks in the zone.
    pub desks: u32,
    /// Whether it is a home zone of the viewer's unit.
    pub home: bool,
}

/// What a zone is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ZoneKind {
    /// The shared entrance zone with short first-consultation rooms.
    Entrance,
    /// A protected consultation area.
    Consultation,
    /// An ordinary work zone with desks.
    Work,
    /// A quiet work zone.
    Quiet,
}

impl ZoneKind {
    /// Parses the database value (`entrance`, `consultation`, `work`, `quiet`).
    pub fn parse(value: &str) -> Option<ZoneKind> {
        match value {
            "entrance" => Some(ZoneKind::Entrance),
            "consultation" => Some(ZoneKind::Consultation),
            "work" => Some(ZoneKind::Work),
            "quiet" => Some(ZoneKind::Quiet),
            _ => None,
        }
    }

    /// The CSS class suffix of the kind.
    pub fn css(self) -> &'static str {
        match self {
            ZoneKind::Entrance => "entrance",
            ZoneKind::Consultation => "consultation",
            ZoneKind::Work => "work",
            ZoneKind::Quiet => "quiet",
        }
    }

    /// The kind's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            ZoneKind::Entrance => t.kind_entrance,
            ZoneKind::Consultation => t.kind_consultation,
            ZoneKind::Work => t.kind_work,
            ZoneKind::Quiet => t.kind_quiet,
        }
    }
}

/// A floor with everything its plan shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloorPlan {
    /// Name of the building.
    pub building: String,
    /// Short name of the building, in addresses ([`floor_path`]).
    pub building_slug: String,
    /// Level number.
    pub level: i32,
    /// Name of the floor.
    pub name: String,
    /// Width of the plan in plan units (the SVG view box).
    pub width: i32,
    /// Height of the plan in plan units.
    pub height: i32,
    /// All levels of the building with their names, for the floor switch.
    pub levels: Vec<(i32, String)>,
    /// The address of the floor's uploaded plan image, drawn under the map, if it has one.
    pub plan_image: Option<String>,
    /// Zones of the floor.
    pub zones: Vec<ZoneView>,
    /// Desks of the floor, by label.
    pub desks: Vec<DeskView>,
    /// Rooms of the floor, by label.
    pub rooms: Vec<RoomView>,
}

/// A rectangle on a floor plan, in plan units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

/// A zone on a floor plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneView {
    /// Database id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// What the zone is for.
    pub kind: ZoneKind,
    /// Where it is.
    pub rect: Rect,
}

/// A desk on a floor plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskView {
    /// Database id.
    pub id: i32,
    /// The label on the desk, such as "2.14".
    pub label: String,
    /// Name of its zone.
    pub zone: String,
    /// Where it is (x, y: top-left corner).
    pub rect: Rect,
    /// Rotation in degrees around its centre.
    pub rotation: i32,
    /// Its equipment.
    pub equipment: Equipment,
    /// Whether it can be used.
    pub state: DeskState,
    /// What its occupancy sensor says now; `None` for a desk without a sensor.
    pub live: Option<Live>,
}

/// The equipment of a desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Equipment {
    /// Has a docking station.
    pub docking: bool,
    /// Number of monitors (0 to 2).
    pub monitors: u8,
    /// Height-adjustable.
    pub height_adjustable: bool,
    /// Step-free and wheelchair-usable.
    pub accessible: bool,
}

impl Equipment {
    /// The equipment as a list of words in a language; empty if none.
    pub fn describe(self, lang: Lang) -> Vec<&'static str> {
        let t = lang.texts();
        let mut items = Vec::new();
        if self.docking {
            items.push(t.docking);
        }
        match self.monitors {
            0 => {}
            1 => items.push(t.one_monitor),
            _ => items.push(t.two_monitors),
        }
        if self.height_adjustable {
            items.push(t.height_adjustable);
        }
        if self.accessible {
            items.push(t.accessible);
        }
        items
    }
}

/// Whether a desk can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskState {
    /// Free to book.
    Free,
    /// Blocked by facility management.
    Blocked,
}

impl DeskState {
    /// The state's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            DeskState::Free => t.state_free,
            DeskState::Blocked => t.state_blocked,
        }
    }

    /// The CSS class suffix of the state.
    pub fn css(self) -> &'static str {
        match self {
            DeskState::Free => "free",
            DeskState::Blocked => "blocked",
        }
    }
}

/// A room on a floor plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    /// Database id.
    pub id: i32,
    /// The label on the door.
    pub label: String,
    /// Name.
    pub name: String,
    /// Number of people it seats.
    pub capacity: i32,
    /// A protected consultation room.
    pub protected: bool,
    /// Reachable without steps.
    pub step_free: bool,
    /// Has a hearing loop.
    pub hearing_loop: bool,
    /// Where it is.
    pub rect: Rect,
    /// What its occupancy sensor says now; `None` for a room without a sensor. For a
    /// protected room only taken or free ([`Live::Occupied`] or [`Live::Vacant`]).
    pub live: Option<Live>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equipment_is_described_in_the_persons_language() {
        let equipment = Equipment {
            docking: true,
            monitors: 2,
            height_adjustable: true,
            accessible: false,
        };
        assert_eq!(
            equipment.describe(Lang::De),
            ["Dockingstation", "2 Monitore", "höhenverstellbar"]
        );
        assert_eq!(
            equipment.describe(Lang::En),
            ["docking station", "2 monitors", "height-adjustable"]
        );
    }
}
