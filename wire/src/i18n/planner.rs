//! The texts of the home-zone plan page, in German and English.

/// Texts of the home-zone plan page in one language.
#[derive(Debug)]
pub struct PlannerTexts {
    /// Menu and heading.
    pub title: &'static str,
    /// What the page shows.
    pub intro: &'static str,
    /// What the proposal keeps, and that nothing is applied.
    pub rules: &'static str,
    /// Label of the percentile field.
    pub percentile: &'static str,
    /// Button: compute again.
    pub compute: &'static str,
    /// Legend of the weights.
    pub weights: &'static str,
    /// Weight labels: overflow days, missing desks, together, apart, moved.
    pub weight_labels: [&'static str; 5],
    /// Summary: measured working days.
    pub working_days: &'static str,
    /// Summary: expected overflow days.
    pub overflow_days: &'static str,
    /// Summary: units whose home zones would change.
    pub units_moved: &'static str,
    /// Column: unit.
    pub unit: &'static str,
    /// Column: organisation.
    pub organisation: &'static str,
    /// Column: home zones today.
    pub today: &'static str,
    /// Column: proposed home zones.
    pub proposed: &'static str,
    /// Column: desks today → proposed.
    pub desks: &'static str,
    /// Column: demand at the percentile.
    pub demand: &'static str,
    /// Column: overflow days today → proposed.
    pub overflow: &'static str,
    /// Column: change.
    pub change: &'static str,
    /// A unit whose zones would change.
    pub moves: &'static str,
    /// A unit whose zones stay.
    pub stays: &'static str,
    /// A figure left out (fewer people than the minimum group size).
    pub hidden: &'static str,
    /// No home zone.
    pub none: &'static str,
    /// Floor prefix ("Etage").
    pub level: &'static str,
}

/// German.
pub static DE: PlannerTexts = PlannerTexts {
    title: "Heimatzonen planen",
    intro: "Welche Einheit welche Zonen bekommen sollte, aus der gemessenen Nutzung der letzten vier Wochen: Die Zonen jeder Einheit sollen ihren üblichen Bedarf fassen, die Zonen einer Einheit liegen beieinander, und möglichst wenige Einheiten ziehen um.",
    rules: "Eine Zone bleibt bei den Organisationen, deren Einheiten sie heute haben; Eingangs- und Beratungszonen bleiben, wo sie sind. Der Vorschlag ändert nichts.",
    percentile: "Bedarf an wie vielen von 100 Arbeitstagen",
    compute: "Neu berechnen",
    weights: "Gewichte (0–1000)",
    weight_labels: [
        "Tag mit zu wenig Plätzen",
        "fehlender Platz",
        "Einheiten, die zusammenarbeiten, getrennt",
        "Zone abseits der übrigen der Einheit",
        "Einheit zieht um",
    ],
    working_days: "Gemessene Arbeitstage",
    overflow_days: "Tage mit zu wenig Plätzen (heute → Vorschlag)",
    units_moved: "Einheiten mit neuen Heimatzonen",
    unit: "Einheit",
    organisation: "Organisation",
    today: "Heimatzonen heute",
    proposed: "Vorschlag",
    desks: "Plätze heute → Vorschlag",
    demand: "Bedarf",
    overflow: "Tage zu voll heute → Vorschlag",
    change: "Änderung",
    moves: "zieht um",
    stays: "bleibt",
    hidden: "ausgeblendet (kleine Einheit)",
    none: "keine",
    level: "Etage",
};

/// English.
pub static EN: PlannerTexts = PlannerTexts {
    title: "Plan home zones",
    intro: "Which unit should get which zones, from the measured use of the last four weeks: each unit's zones should hold its usual demand, a unit's zones lie together, and as few units as possible move.",
    rules: "A zone stays with the organisations whose units have it today; entrance and consultation zones stay where they are. The proposal changes nothing.",
    percentile: "Demand on how many of 100 working days",
    compute: "Compute again",
    weights: "Weights (0–1000)",
    weight_labels: [
        "Day with too few desks",
        "Missing desk",
        "Units that work together apart",
        "Zone apart from the unit's others",
        "Unit moves",
    ],
    working_days: "Working days measured",
    overflow_days: "Days with too few desks (today → proposal)",
    units_moved: "Units with new home zones",
    unit: "Unit",
    organisation: "Organisation",
    today: "Home zones today",
    proposed: "Proposal",
    desks: "Desks today → proposal",
    demand: "Demand",
    overflow: "Days too full today → proposal",
    change: "Change",
    moves: "moves",
    stays: "stays",
    hidden: "hidden (small unit)",
    none: "none",
    level: "floor",
};
