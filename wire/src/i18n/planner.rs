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
    /// Column: desks per person today → proposed.
    pub desks_per_person: &'static str,
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
    /// Heading: the proposal on the floor plans.
    pub floors_heading: &'static str,
    /// What the floor drawings show.
    pub floors_intro: &'static str,
    /// Label of today's holders on a zone.
    pub drawn_today: &'static str,
    /// Label of the proposed holders on a zone.
    pub drawn_proposed: &'static str,
    /// A zone no unit holds.
    pub no_unit: &'static str,
    /// Heading: keep the proposal as a plan.
    pub keep_heading: &'static str,
    /// What keeping a plan does.
    pub keep_intro: &'static str,
    /// Label: the first day of a plan.
    pub effective_from: &'static str,
    /// Button: keep the plan.
    pub keep: &'static str,
    /// Notice: the plan was kept.
    pub kept: &'static str,
    /// Heading: the plans.
    pub plans_heading: &'static str,
    /// No plan yet.
    pub no_plans: &'static str,
    /// A plan's caption prefix ("Plan 3").
    pub plan: &'static str,
    /// Before a plan's first day.
    pub applies_from: &'static str,
    /// Status labels: waiting, applied, withdrawn.
    pub statuses: [&'static str; 3],
    /// Caption of a plan's moves.
    pub moves_caption: &'static str,
    /// Column: new home zones.
    pub new_zones: &'static str,
    /// Caption of a plan's consents.
    pub consent_caption: &'static str,
    /// A consent given, before its time.
    pub consented: &'static str,
    /// A consent not yet given.
    pub pending: &'static str,
    /// Button: consent for one's organisation.
    pub consent: &'static str,
    /// Button: withdraw a plan.
    pub withdraw: &'static str,
    /// Heading: units that work together.
    pub affinity_heading: &'static str,
    /// What affinities do.
    pub affinity_intro: &'static str,
    /// No pair yet.
    pub no_affinities: &'static str,
    /// Label: the first unit of a pair.
    pub unit_a: &'static str,
    /// Label: the second unit of a pair.
    pub unit_b: &'static str,
    /// Label: the weight of a pair.
    pub affinity_weight: &'static str,
    /// Button: save a pair.
    pub affinity_set: &'static str,
    /// Notice: saved.
    pub saved: &'static str,
}

/// German.
pub static DE: PlannerTexts = PlannerTexts {
    title: "Heimatzonen planen",
    intro: "Welche Einheit welche Zonen bekommen sollte, aus der gemessenen Nutzung der letzten vier Wochen: Die Zonen jeder Einheit sollen ihren üblichen Bedarf fassen, die Zonen einer Einheit liegen beieinander, und möglichst wenige Einheiten ziehen um.",
    rules: "Eine Zone geht nur an Einheiten der Organisationen, denen die Gebäudeverwaltung sie gegeben hat; Eingangs- und Beratungszonen bleiben, wo sie sind. Der Vorschlag ändert nichts, bis er als Plan gespeichert ist und jede betroffene Organisation zugestimmt hat.",
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
    desks_per_person: "Plätze je Person heute → Vorschlag",
    demand: "Bedarf",
    overflow: "Tage zu voll heute → Vorschlag",
    change: "Änderung",
    moves: "zieht um",
    stays: "bleibt",
    hidden: "ausgeblendet (kleine Einheit)",
    none: "keine",
    level: "Etage",
    floors_heading: "Auf den Grundrissen",
    floors_intro: "Jede Zone mit den Einheiten, die sie heute als Heimatzone haben, und denen, die sie nach dem Vorschlag hätten. Geänderte Zonen sind gestrichelt umrandet und mit „neu“ beschriftet.",
    drawn_today: "heute",
    drawn_proposed: "neu",
    no_unit: "keine Einheit",
    keep_heading: "Als Plan speichern",
    keep_intro: "Der Plan ändert die Heimatzonen der umziehenden Einheiten ab dem gewählten Tag, sobald die Verwaltung jeder betroffenen Organisation zugestimmt hat. Es wartet höchstens ein Plan.",
    effective_from: "Gilt ab",
    keep: "Plan speichern",
    kept: "Der Plan ist gespeichert und wartet auf Zustimmung.",
    plans_heading: "Pläne",
    no_plans: "Noch kein Plan.",
    plan: "Plan",
    applies_from: "gilt ab",
    statuses: ["wartet auf Zustimmung", "angewendet", "zurückgezogen"],
    moves_caption: "Einheiten, die umziehen",
    new_zones: "Neue Heimatzonen",
    consent_caption: "Zustimmung der Organisationen",
    consented: "zugestimmt am",
    pending: "steht aus",
    consent: "Für meine Organisation zustimmen",
    withdraw: "Plan zurückziehen",
    affinity_heading: "Einheiten, die zusammenarbeiten",
    affinity_intro: "Paare von Einheiten, die nah beieinander sitzen sollten, mit einem Gewicht von 1 (etwas) bis 10 (sehr); 0 entfernt ein Paar. Organisationsverwaltungen legen Paare ihrer eigenen Einheiten fest.",
    no_affinities: "Noch kein Paar.",
    unit_a: "Einheit",
    unit_b: "arbeitet zusammen mit",
    affinity_weight: "Gewicht (0–10)",
    affinity_set: "Paar speichern",
    saved: "Gespeichert.",
};

/// English.
pub static EN: PlannerTexts = PlannerTexts {
    title: "Plan home zones",
    intro: "Which unit should get which zones, from the measured use of the last four weeks: each unit's zones should hold its usual demand, a unit's zones lie together, and as few units as possible move.",
    rules: "A zone goes only to units of the organisations the building administrators have given it to; entrance and consultation zones stay where they are. The proposal changes nothing until it is kept as a plan and every organisation concerned has consented.",
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
    desks_per_person: "Desks per person today → proposal",
    demand: "Demand",
    overflow: "Days too full today → proposal",
    change: "Change",
    moves: "moves",
    stays: "stays",
    hidden: "hidden (small unit)",
    none: "none",
    level: "floor",
    floors_heading: "On the floor plans",
    floors_intro: "Each zone with the units that have it as a home zone today and those that would have it in the proposal. Changed zones have a dashed outline and say \"new\".",
    drawn_today: "today",
    drawn_proposed: "new",
    no_unit: "no unit",
    keep_heading: "Keep as a plan",
    keep_intro: "The plan changes the home zones of the units that move from the chosen day on, once the administrators of every organisation concerned have consented. At most one plan waits.",
    effective_from: "Applies from",
    keep: "Keep plan",
    kept: "The plan is kept and waits for consent.",
    plans_heading: "Plans",
    no_plans: "No plan yet.",
    plan: "Plan",
    applies_from: "applies from",
    statuses: ["waiting for consent", "applied", "withdrawn"],
    moves_caption: "Units that move",
    new_zones: "New home zones",
    consent_caption: "The organisations' consent",
    consented: "consented on",
    pending: "pending",
    consent: "Consent for my organisation",
    withdraw: "Withdraw plan",
    affinity_heading: "Units that work together",
    affinity_intro: "Pairs of units that should sit close, weighted from 1 (a little) to 10 (a lot); 0 removes a pair. Organisation administrators set pairs of their own units.",
    no_affinities: "No pair yet.",
    unit_a: "Unit",
    unit_b: "works with",
    affinity_weight: "Weight (0–10)",
    affinity_set: "Save pair",
    saved: "Saved.",
};
