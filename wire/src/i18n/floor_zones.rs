//! The texts of the floor plan on a phone, where it shows one zone at a time, in German and
//! English.

use super::Lang;

/// Texts of the zone view of the floor plan in one language.
#[derive(Debug)]
pub struct FloorZoneTexts {
    /// The name of the zone tabs above the plan (a screen reader says it).
    pub tabs: &'static str,
    /// After a tab's number of desks ("12 Plätze").
    pub desks: &'static str,
    /// Under the tabs: the plan shows one zone and may be wider than the screen.
    pub hint: &'static str,
}

/// German.
pub static DE: FloorZoneTexts = FloorZoneTexts {
    tabs: "Zonen des Stockwerks",
    desks: "Plätze",
    hint: "Der Plan zeigt eine Zone; ist sie breiter als der Bildschirm, schieben Sie ihn seitwärts.",
};

/// English.
pub static EN: FloorZoneTexts = FloorZoneTexts {
    tabs: "Zones of the floor",
    desks: "desks",
    hint: "The plan shows one zone; if it is wider than the screen, swipe it sideways.",
};

/// The texts in `lang`.
pub fn texts(lang: Lang) -> &'static FloorZoneTexts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}
