//! The way to one's desk or room: the route from the building's entrance drawn on the floor
//! plans (a polyline per floor) and told in words, for screen readers and for reading on the
//! way.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A point on a floor plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WayPoint {
    /// From the plan's left edge, in plan units.
    pub x: i32,
    /// From the plan's top edge, in plan units.
    pub y: i32,
}

/// A rectangle on a floor plan (a zone under a small drawing of a way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRect {
    /// Left edge, in plan units.
    pub x: i32,
    /// Top edge, in plan units.
    pub y: i32,
    /// Width, in plan units.
    pub width: i32,
    /// Height, in plan units.
    pub height: i32,
}

/// The part of a way on one floor, as drawn on its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WayLeg {
    /// The floor's level.
    pub level: i32,
    /// The floor's name.
    pub floor: String,
    /// The points passed on this floor, in order.
    pub points: Vec<WayPoint>,
}

/// One step of a way in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WayStep {
    /// `start`, `walk`, `lift`, `stairs` or `ramp` (the last three change floor).
    pub kind: String,
    /// The floor it ends on.
    pub level: i32,
    /// Metres it covers.
    pub metres: u32,
    /// The step in the language of the request.
    pub text: String,
}

/// The way from the entrance to a desk or room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Way {
    /// Short name of the building.
    pub building: String,
    /// `desk` or `room`.
    pub target_kind: String,
    /// The id of the desk or room.
    pub target_id: i32,
    /// The label of the desk or room.
    pub target: String,
    /// The level of its floor.
    pub level: i32,
    /// Whether a step-free way was asked for.
    pub step_free: bool,
    /// Whether the way takes stairs.
    pub has_steps: bool,
    /// Its length in metres (a lift ride counts none).
    pub metres: u32,
    /// Whether the building has no walkways drawn and the way is a sketch derived from its
    /// zones (from zone to zone, floors by lift).
    pub derived: bool,
    /// What is drawn, floor by floor, in the order walked.
    pub legs: Vec<WayLeg>,
    /// The way in words, in order.
    pub steps: Vec<WayStep>,
    /// Closing sentence: the whole length, and whether it is step-free.
    pub summary: String,
}

/// Texts of the way on the pages.
#[derive(Debug)]
pub struct WayTexts {
    /// The link to the way ("Weg zeigen").
    pub show: &'static str,
    /// The link to the step-free way.
    pub show_step_free: &'static str,
    /// Heading of the way's panel.
    pub heading: &'static str,
    /// Before the floor names of other floors' legs.
    pub other_floor: &'static str,
    /// Said when the way is derived from the zones.
    pub derived: &'static str,
    /// Label of the route drawn on the plan.
    pub drawn: &'static str,
    /// Link to the way that may take stairs.
    pub with_stairs: &'static str,
    /// Link that closes the way.
    pub close: &'static str,
    /// No way is known.
    pub none: &'static str,
    /// On the QR sheet: print the way from the entrance under every code.
    pub sheet_with: &'static str,
    /// On the QR sheet: print the step-free way under every code.
    pub sheet_step_free: &'static str,
    /// On the QR sheet: print the codes without the ways.
    pub sheet_without: &'static str,
    /// On the QR sheet, above the choice of ways.
    pub sheet_choice: &'static str,
    /// Under a code whose place has no known way.
    pub sheet_none: &'static str,
}

/// The texts of the way in `lang`.
#[must_use]
pub fn texts(lang: Lang) -> &'static WayTexts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: WayTexts = WayTexts {
    show: "Weg zeigen",
    show_step_free: "Stufenlosen Weg zeigen",
    heading: "Der Weg vom Eingang",
    other_floor: "Weg auf dieser Ebene zeigen:",
    derived: "Der Weg ist aus den Zonen abgeleitet (kein Wegenetz gezeichnet); er führt von Zone zu Zone und mit dem Aufzug.",
    drawn: "Weg",
    with_stairs: "Kürzesten Weg zeigen (auch Treppen)",
    close: "Weg ausblenden",
    none: "Für dieses Ziel ist kein Weg bekannt.",
    sheet_with: "Mit dem Weg vom Eingang drucken",
    sheet_step_free: "Mit dem stufenlosen Weg drucken",
    sheet_without: "Ohne Weg drucken",
    sheet_choice: "Unter jedem Code:",
    sheet_none: "Kein Weg bekannt.",
};

static EN: WayTexts = WayTexts {
    show: "Show the way",
    show_step_free: "Show the step-free way",
    heading: "The way from the entrance",
    other_floor: "Show the way on this floor:",
    derived: "The way is derived from the zones (no walkways drawn); it leads from zone to zone and by lift.",
    drawn: "Way",
    with_stairs: "Show the shortest way (stairs too)",
    close: "Hide the way",
    none: "No way to this place is known.",
    sheet_with: "Print with the way from the entrance",
    sheet_step_free: "Print with the step-free way",
    sheet_without: "Print without the way",
    sheet_choice: "Under each code:",
    sheet_none: "No way known.",
};
