//! The building editor's texts, in German and English.

use crate::i18n::Lang;

/// The building editor's texts in one language.
#[derive(Debug)]
pub struct Texts {
    /// Heading and menu.
    pub title: &'static str,
    /// What the page does, and the keyboard alternative.
    pub intro: &'static str,
    /// Heading: the building.
    pub building: &'static str,
    /// Field: name.
    pub name: &'static str,
    /// Field: address.
    pub address: &'static str,
    /// Field: time zone.
    pub timezone: &'static str,
    /// Legend of the site fields.
    pub site: &'static str,
    /// What the site fields mean.
    pub site_hint: &'static str,
    /// Label: the site's short name.
    pub site_slug: &'static str,
    /// Label: the site's name.
    pub site_name: &'static str,
    /// Button: save.
    pub save: &'static str,
    /// Status: saved.
    pub saved: &'static str,
    /// Heading: floors.
    pub floors: &'static str,
    /// Heading: add a floor.
    pub add_floor: &'static str,
    /// Field: level.
    pub level: &'static str,
    /// Field: plan width.
    pub plan_width: &'static str,
    /// Field: plan height.
    pub plan_height: &'static str,
    /// Heading: plan image.
    pub plan_image: &'static str,
    /// Field: the image file.
    pub plan_file: &'static str,
    /// Button: upload.
    pub upload: &'static str,
    /// Button: remove the plan image.
    pub remove_image: &'static str,
    /// Status: uploaded.
    pub uploaded: &'static str,
    /// Status: the selected one was dragged to a new place, not yet saved.
    pub moved_unsaved: &'static str,
    /// Status: the upload was refused, by reason.
    pub upload_refused: &'static str,
    /// The tool bar's name.
    pub tools: &'static str,
    /// Tool: select.
    pub tool_select: &'static str,
    /// Tool: draw a zone.
    pub tool_zone: &'static str,
    /// Tool: place a desk.
    pub tool_desk: &'static str,
    /// Tool: place a room.
    pub tool_room: &'static str,
    /// The plan's accessible name.
    pub plan: &'static str,
    /// What the pointer does with each tool.
    pub tool_hints: [&'static str; 4],
    /// Heading: new zone, desk, room.
    pub new_heading: [&'static str; 3],
    /// Heading: zone, desk, room.
    pub kind_heading: [&'static str; 3],
    /// Nothing selected.
    pub nothing_selected: &'static str,
    /// Field: zone slug.
    pub slug: &'static str,
    /// Field: desk or room label.
    pub label: &'static str,
    /// Field: zone kind.
    pub zone_kind: &'static str,
    /// Zone kinds: entrance, consultation, work, quiet.
    pub zone_kinds: [&'static str; 4],
    /// Field: zone.
    pub zone: &'static str,
    /// No zone (rooms).
    pub no_zone: &'static str,
    /// Fields: x, y, width, height.
    pub geometry: [&'static str; 4],
    /// Field: monitors.
    pub monitors: &'static str,
    /// Field: docking station.
    pub docking: &'static str,
    /// Field: adjustable height.
    pub adjustable: &'static str,
    /// Field: accessible.
    pub accessible: &'static str,
    /// Field: notes.
    pub notes: &'static str,
    /// Field: seats.
    pub capacity: &'static str,
    /// Field: privacy class.
    pub privacy: &'static str,
    /// Privacy classes: standard, protected.
    pub privacy_classes: [&'static str; 2],
    /// Field: step-free.
    pub step_free: &'static str,
    /// Field: hearing loop.
    pub hearing_loop: &'static str,
    /// Field: equipment.
    pub equipment: &'static str,
    /// Field: buffer before.
    pub buffer_before: &'static str,
    /// Field: buffer after.
    pub buffer_after: &'static str,
    /// Button: remove.
    pub remove: &'static str,
    /// Bookings from today on (followed by the number).
    pub future_bookings: &'static str,
    /// Legend: what becomes of them.
    pub bookings_choice: &'static str,
    /// Choice: cancel and tell.
    pub choice_cancel: &'static str,
    /// Choice: move.
    pub choice_move: &'static str,
    /// Choice: move a room's reservations to other rooms.
    pub choice_move_room: &'static str,
    /// Status: removed, with counts.
    pub removed: &'static str,
    /// Heading: the lists.
    pub lists: &'static str,
    /// Button: edit.
    pub edit: &'static str,
    /// Status: nothing on the plan's floor yet.
    pub no_floor: &'static str,
    /// Button: remove the floor.
    pub remove_floor: &'static str,
    /// Needs a zone first.
    pub needs_zone: &'static str,
}

/// The texts in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Texts = Texts {
    title: "Gebäude bearbeiten",
    intro: "Etagen, Grundrisse, Zonen, Arbeitsplätze und Räume. Auf dem Plan zeichnen Sie eine Zone durch Ziehen und setzen Plätze und Räume per Klick; jedes Feld lässt sich auch über das Formular mit x, y, Breite und Höhe eingeben.",
    building: "Gebäude",
    name: "Name",
    address: "Adresse",
    timezone: "Zeitzone",
    site: "Standort",
    site_hint: "Gebäude eines Standorts stehen in der Gebäudeliste zusammen. Kurzname leer lassen: an keinem Standort.",
    site_slug: "Kurzname des Standorts",
    site_name: "Name des Standorts",
    save: "Speichern",
    saved: "Gespeichert.",
    floors: "Etagen",
    add_floor: "Etage hinzufügen",
    level: "Ebene",
    plan_width: "Planbreite",
    plan_height: "Planhöhe",
    plan_image: "Grundriss",
    plan_file: "Grundriss (SVG, PNG oder JPEG, höchstens 5 MB)",
    upload: "Hochladen",
    remove_image: "Grundriss entfernen",
    uploaded: "Grundriss hochgeladen.",
    moved_unsaved: "Verschoben (gestrichelt). „Speichern“ übernimmt die neue Lage.",
    upload_refused: "Der Grundriss wurde nicht übernommen: Die Datei ist kein SVG-, PNG- oder JPEG-Bild, enthält Skripte oder ist größer als 5 MB.",
    tools: "Werkzeuge",
    tool_select: "Auswählen",
    tool_zone: "Zone zeichnen",
    tool_desk: "Platz setzen",
    tool_room: "Raum setzen",
    plan: "Plan der Etage",
    tool_hints: [
        "Wählen Sie eine Zone, einen Platz oder einen Raum auf dem Plan oder in den Listen.",
        "Ziehen Sie auf dem Plan ein Rechteck auf, oder geben Sie x, y, Breite und Höhe ein.",
        "Klicken Sie auf dem Plan, wo der Platz stehen soll, oder geben Sie x und y ein.",
        "Ziehen Sie auf dem Plan ein Rechteck auf, oder geben Sie x, y, Breite und Höhe ein.",
    ],
    new_heading: ["Neue Zone", "Neuer Platz", "Neuer Raum"],
    kind_heading: ["Zone", "Platz", "Raum"],
    nothing_selected: "Nichts ausgewählt.",
    slug: "Kurzname",
    label: "Bezeichnung",
    zone_kind: "Art",
    zone_kinds: ["Eingang", "Beratung", "Arbeit", "Ruhe"],
    zone: "Zone",
    no_zone: "keine",
    geometry: ["x", "y", "Breite", "Höhe"],
    monitors: "Monitore",
    docking: "Dockingstation",
    adjustable: "höhenverstellbar",
    accessible: "barrierefrei",
    notes: "Notiz",
    capacity: "Plätze",
    privacy: "Vertraulichkeit",
    privacy_classes: ["normal", "geschützt"],
    step_free: "stufenlos erreichbar",
    hearing_loop: "Induktionsschleife",
    equipment: "Ausstattung (durch Kommas getrennt)",
    buffer_before: "Vorlauf (Minuten)",
    buffer_after: "Nachlauf (Minuten)",
    remove: "Entfernen",
    future_bookings: "Buchungen ab heute:",
    bookings_choice: "Was soll mit den Buchungen geschehen?",
    choice_cancel: "Stornieren und die Personen benachrichtigen",
    choice_move: "Auf andere Plätze verlegen (wie bei einer Sperrung)",
    choice_move_room: "In andere freie Räume derselben Art verlegen",
    removed: "Entfernt. Storniert: {c}, verlegt: {m}.",
    lists: "Zonen, Plätze und Räume dieser Etage",
    edit: "Bearbeiten",
    no_floor: "Diese Etage gibt es nicht.",
    remove_floor: "Etage entfernen",
    needs_zone: "Zeichnen Sie zuerst eine Zone: Jeder Platz liegt in einer Zone.",
};

static EN: Texts = Texts {
    title: "Edit building",
    intro: "Floors, floor plans, zones, desks and rooms. On the plan, draw a zone by dragging and place desks and rooms by clicking; every field can also be entered in the form with x, y, width and height.",
    building: "Building",
    name: "Name",
    address: "Address",
    timezone: "Time zone",
    site: "Site",
    site_hint: "Buildings of one site are listed together. Leave the short name empty for no site.",
    site_slug: "Site short name",
    site_name: "Site name",
    save: "Save",
    saved: "Saved.",
    floors: "Floors",
    add_floor: "Add a floor",
    level: "Level",
    plan_width: "Plan width",
    plan_height: "Plan height",
    plan_image: "Floor plan",
    plan_file: "Floor plan (SVG, PNG or JPEG, at most 5 MB)",
    upload: "Upload",
    remove_image: "Remove floor plan",
    uploaded: "Floor plan uploaded.",
    moved_unsaved: "Moved (dashed). “Save” keeps the new place.",
    upload_refused: "The floor plan was not taken: the file is no SVG, PNG or JPEG image, contains scripts or is larger than 5 MB.",
    tools: "Tools",
    tool_select: "Select",
    tool_zone: "Draw zone",
    tool_desk: "Place desk",
    tool_room: "Place room",
    plan: "Plan of the floor",
    tool_hints: [
        "Choose a zone, desk or room on the plan or in the lists.",
        "Drag a rectangle on the plan, or enter x, y, width and height.",
        "Click on the plan where the desk goes, or enter x and y.",
        "Drag a rectangle on the plan, or enter x, y, width and height.",
    ],
    new_heading: ["New zone", "New desk", "New room"],
    kind_heading: ["Zone", "Desk", "Room"],
    nothing_selected: "Nothing selected.",
    slug: "Short name",
    label: "Label",
    zone_kind: "Kind",
    zone_kinds: ["Entrance", "Consultation", "Work", "Quiet"],
    zone: "Zone",
    no_zone: "none",
    geometry: ["x", "y", "Width", "Height"],
    monitors: "Monitors",
    docking: "Docking station",
    adjustable: "height-adjustable",
    accessible: "accessible",
    notes: "Note",
    capacity: "Seats",
    privacy: "Privacy",
    privacy_classes: ["standard", "protected"],
    step_free: "step-free",
    hearing_loop: "Hearing loop",
    equipment: "Equipment (comma-separated)",
    buffer_before: "Buffer before (minutes)",
    buffer_after: "Buffer after (minutes)",
    remove: "Remove",
    future_bookings: "Bookings from today on:",
    bookings_choice: "What should happen to the bookings?",
    choice_cancel: "Cancel them and tell the people",
    choice_move: "Move them to other desks (as for a block)",
    choice_move_room: "Move them to other free rooms of the same kind",
    removed: "Removed. Cancelled: {c}, moved: {m}.",
    lists: "Zones, desks and rooms of this floor",
    edit: "Edit",
    no_floor: "There is no such floor.",
    remove_floor: "Remove floor",
    needs_zone: "Draw a zone first: every desk lies in a zone.",
};
