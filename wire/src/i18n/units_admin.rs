//! The texts of the units page (`/admin/units`), in German and English.

/// Texts of the units page in one language.
#[derive(Debug)]
pub struct UnitsAdminTexts {
    /// Menu and heading.
    pub title: &'static str,
    /// What the page is for.
    pub intro: &'static str,
    /// Heading: the units.
    pub units_heading: &'static str,
    /// Caption of the units table.
    pub table_caption: &'static str,
    /// Column: name.
    pub col_name: &'static str,
    /// Column: short name.
    pub col_slug: &'static str,
    /// Column: people.
    pub col_people: &'static str,
    /// Column: home zones.
    pub col_home_zones: &'static str,
    /// Column: booking policy.
    pub col_policy: &'static str,
    /// Column: state.
    pub col_state: &'static str,
    /// State: open.
    pub open: &'static str,
    /// State: closed.
    pub closed: &'static str,
    /// No home zone.
    pub none: &'static str,
    /// No own policy: the organisation's applies.
    pub inherited: &'static str,
    /// Policy summary: days ahead.
    pub days_ahead: &'static str,
    /// Policy summary: bookings per week.
    pub per_week: &'static str,
    /// Policy summary: no weekly limit.
    pub no_limit: &'static str,
    /// Policy summary: half days allowed.
    pub half_days_yes: &'static str,
    /// Policy summary: full days only.
    pub half_days_no: &'static str,
    /// When desks outside the home zones open: never, from 14:00 the day before, the day
    /// itself (in the order of `UnitOverflow::ALL`).
    pub overflow_labels: [&'static str; 3],
    /// Floor prefix.
    pub level: &'static str,
    /// Label: a unit's new name.
    pub rename_label: &'static str,
    /// Button: rename.
    pub rename: &'static str,
    /// Legend of the home zones form.
    pub home_zones_legend: &'static str,
    /// What the home zones form offers.
    pub home_zones_hint: &'static str,
    /// Option: not a home zone.
    pub rank_none: &'static str,
    /// Option prefix: rank ("Rang 1").
    pub rank: &'static str,
    /// Button: save the home zones.
    pub save_home_zones: &'static str,
    /// No zone has been given to the organisation.
    pub no_given_zones: &'static str,
    /// Legend of the policy form.
    pub policy_legend: &'static str,
    /// What a unit's own policy does.
    pub policy_hint: &'static str,
    /// Label: days ahead.
    pub max_days_ahead: &'static str,
    /// Label: bookings per week.
    pub max_per_week: &'static str,
    /// Label: half days may be booked.
    pub half_days: &'static str,
    /// Label: when desks outside the home zones open.
    pub overflow: &'static str,
    /// Button: save the policy.
    pub save_policy: &'static str,
    /// Button: remove the own policy.
    pub remove_policy: &'static str,
    /// Label: the unit to merge into.
    pub merge_label: &'static str,
    /// What merging does.
    pub merge_hint: &'static str,
    /// Button: merge.
    pub merge: &'static str,
    /// What closing needs.
    pub close_hint: &'static str,
    /// Button: close the unit.
    pub close: &'static str,
    /// Heading: a new unit.
    pub create_heading: &'static str,
    /// Label: short name.
    pub slug: &'static str,
    /// Label: name.
    pub name: &'static str,
    /// Button: create.
    pub create: &'static str,
    /// Notice: saved.
    pub saved: &'static str,
    /// Notice: merged (then the counts).
    pub merged: &'static str,
    /// Count label: people moved.
    pub people_moved: &'static str,
    /// Count label: home zones added.
    pub zones_added: &'static str,
    /// Heading: deputies.
    pub deputies_heading: &'static str,
    /// What deputies are.
    pub deputies_intro: &'static str,
    /// The organisation has no counsellors.
    pub no_counsellors: &'static str,
    /// A counsellor without a deputy.
    pub no_deputies: &'static str,
    /// Label: a new deputy for (then the counsellor's name).
    pub deputy_for: &'static str,
    /// Button: add a deputy.
    pub add_deputy: &'static str,
    /// Button: remove a deputy.
    pub remove_deputy: &'static str,
    /// Option: nothing chosen yet.
    pub choose: &'static str,
}

/// Deutsch.
pub static DE: UnitsAdminTexts = UnitsAdminTexts {
    title: "Einheiten verwalten",
    intro: "Die Einheiten Ihrer Organisation: anlegen, umbenennen, zusammenführen und schließen, ihre Heimatzonen in der Reihenfolge der Wahl, ihre Buchungsregeln, und die Vertretungen Ihrer Beraterinnen und Berater.",
    units_heading: "Einheiten",
    table_caption: "Einheiten Ihrer Organisation",
    col_name: "Name",
    col_slug: "Kurzname",
    col_people: "Personen",
    col_home_zones: "Heimatzonen",
    col_policy: "Buchungsregel",
    col_state: "Status",
    open: "offen",
    closed: "geschlossen",
    none: "keine",
    inherited: "Vorgabe der Organisation",
    days_ahead: "Tage im Voraus",
    per_week: "Buchungen pro Woche",
    no_limit: "unbegrenzt",
    half_days_yes: "Halbtage buchbar",
    half_days_no: "nur ganze Tage",
    overflow_labels: [
        "andere Zonen nie",
        "andere Zonen ab 14 Uhr am Vortag",
        "andere Zonen am Tag selbst",
    ],
    level: "Etage",
    rename_label: "Neuer Name",
    rename: "Umbenennen",
    home_zones_legend: "Heimatzonen",
    home_zones_hint: "Nur Zonen, die die Gebäudeverwaltung Ihrer Organisation gegeben hat. Rang 1 ist die erste Wahl.",
    rank_none: "keine Heimatzone",
    rank: "Rang",
    save_home_zones: "Heimatzonen speichern",
    no_given_zones: "Ihrer Organisation ist noch keine Zone gegeben.",
    policy_legend: "Buchungsregel",
    policy_hint: "Gilt für die Personen der Einheit. Ohne eigene Regel gilt die Vorgabe der Organisation oder des Hauses.",
    max_days_ahead: "Wie viele Tage im Voraus (0–365)",
    max_per_week: "Buchungen pro Woche (0–14, leer: unbegrenzt)",
    half_days: "Halbe Tage buchbar",
    overflow: "Plätze außerhalb der Heimatzonen",
    save_policy: "Regel speichern",
    remove_policy: "Eigene Regel entfernen",
    merge_label: "Zusammenführen mit",
    merge_hint: "Personen und fehlende Heimatzonen gehen an die gewählte Einheit, Buchungen und Vertretungen bleiben; diese Einheit wird geschlossen.",
    merge: "Zusammenführen",
    close_hint: "Schließen geht erst, wenn niemand mehr in der Einheit ist.",
    close: "Einheit schließen",
    create_heading: "Neue Einheit",
    slug: "Kurzname (Kleinbuchstaben, Ziffern und -)",
    name: "Name",
    create: "Einheit anlegen",
    saved: "Gespeichert.",
    merged: "Zusammengeführt.",
    people_moved: "Personen übernommen",
    zones_added: "Heimatzonen übernommen",
    deputies_heading: "Vertretungen",
    deputies_intro: "Eine Vertretung darf die Beratungstermine einer Beraterin oder eines Beraters wahrnehmen. Vertreten können nur Beraterinnen und Berater Ihrer Organisation.",
    no_counsellors: "Ihre Organisation hat keine Beraterinnen und Berater.",
    no_deputies: "Keine Vertretung.",
    deputy_for: "Neue Vertretung für",
    add_deputy: "Vertretung hinzufügen",
    remove_deputy: "Entfernen",
    choose: "Bitte wählen",
};

/// English.
pub static EN: UnitsAdminTexts = UnitsAdminTexts {
    title: "Manage units",
    intro: "The units of your organisation: create, rename, merge and close them, their home zones in order of preference, their booking policies, and the deputies of your counsellors.",
    units_heading: "Units",
    table_caption: "Units of your organisation",
    col_name: "Name",
    col_slug: "Short name",
    col_people: "People",
    col_home_zones: "Home zones",
    col_policy: "Booking policy",
    col_state: "State",
    open: "open",
    closed: "closed",
    none: "none",
    inherited: "the organisation's",
    days_ahead: "days ahead",
    per_week: "bookings per week",
    no_limit: "no limit",
    half_days_yes: "half days allowed",
    half_days_no: "full days only",
    overflow_labels: [
        "other zones never",
        "other zones from 14:00 the day before",
        "other zones on the day itself",
    ],
    level: "floor",
    rename_label: "New name",
    rename: "Rename",
    home_zones_legend: "Home zones",
    home_zones_hint: "Only zones the building administrators have given your organisation. Rank 1 is the first choice.",
    rank_none: "not a home zone",
    rank: "Rank",
    save_home_zones: "Save home zones",
    no_given_zones: "No zone has been given to your organisation yet.",
    policy_legend: "Booking policy",
    policy_hint: "Applies to the people of the unit. Without a policy of its own, the organisation's or the building's applies.",
    max_days_ahead: "How many days ahead (0–365)",
    max_per_week: "Bookings per week (0–14, empty: no limit)",
    half_days: "Half days may be booked",
    overflow: "Desks outside the home zones",
    save_policy: "Save policy",
    remove_policy: "Remove own policy",
    merge_label: "Merge into",
    merge_hint: "People and missing home zones go to the chosen unit, bookings and deputies stay; this unit is closed.",
    merge: "Merge",
    close_hint: "A unit can be closed only once nobody is in it.",
    close: "Close unit",
    create_heading: "New unit",
    slug: "Short name (lower-case letters, digits and -)",
    name: "Name",
    create: "Create unit",
    saved: "Saved.",
    merged: "Merged.",
    people_moved: "people moved",
    zones_added: "home zones added",
    deputies_heading: "Deputies",
    deputies_intro: "A deputy may act on a counsellor's consultation appointments. Only counsellors of your organisation can deputise.",
    no_counsellors: "Your organisation has no counsellors.",
    no_deputies: "No deputy.",
    deputy_for: "New deputy for",
    add_deputy: "Add deputy",
    remove_deputy: "Remove",
    choose: "Please choose",
};
