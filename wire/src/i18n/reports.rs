//! The texts of the facility-management pages (reports, the building now, the audit log) and
//! of the privacy page, in German and English.

/// Texts of the report, live, audit and privacy pages in one language.
#[derive(Debug)]
pub struct ReportTexts {
    /// Menu: reports.
    pub reports_link: &'static str,
    /// Menu: the building now.
    pub now_link: &'static str,
    /// Menu: audit log.
    pub audit_link: &'static str,
    /// Footer: privacy.
    pub privacy_link: &'static str,
    /// Heading of the reports page.
    pub title: &'static str,
    /// Intro before the minimum group size.
    pub intro_before_min: &'static str,
    /// Intro after the minimum group size.
    pub intro_after_min: &'static str,
    /// Label of the filter form.
    pub filter: &'static str,
    /// Label: first day.
    pub from: &'static str,
    /// Label: last day.
    pub to: &'static str,
    /// Label: floor.
    pub floor: &'static str,
    /// Label: organisation.
    pub organisation: &'static str,
    /// Label: unit.
    pub unit: &'static str,
    /// Option: no filter.
    pub all: &'static str,
    /// Button: show the report.
    pub show: &'static str,
    /// Heading: zones × hour.
    pub by_hour: &'static str,
    /// Heading: zones × weekday.
    pub by_weekday: &'static str,
    /// Label: what the heatmap cells show.
    pub measure: &'static str,
    /// How to read heatmap cells.
    pub cell_legend: &'static str,
    /// Column: zone.
    pub zone: &'static str,
    /// Column and row: all zones together.
    pub all_zones: &'static str,
    /// Column: over the whole range.
    pub total: &'static str,
    /// Suppressed cell, for screen readers and the legend.
    pub suppressed: &'static str,
    /// Empty cell, for screen readers and the legend.
    pub no_data: &'static str,
    /// Heading: floor overlay.
    pub overlay: &'static str,
    /// Caption of the floor overlay.
    pub overlay_caption: &'static str,
    /// Heading: key figures.
    pub kpis: &'static str,
    /// Scope: building.
    pub building: &'static str,
    /// Column: people.
    pub people: &'static str,
    /// Column: desks.
    pub desks: &'static str,
    /// Column: people per desk.
    pub people_per_desk: &'static str,
    /// Column: average utilisation.
    pub utilisation: &'static str,
    /// Column: peak utilisation.
    pub peak: &'static str,
    /// Column: booked share.
    pub booked: &'static str,
    /// Column: booked but empty.
    pub booked_empty: &'static str,
    /// Column: occupied without booking.
    pub unbooked: &'static str,
    /// Column: no-shows released.
    pub no_shows: &'static str,
    /// Column: desk in home zone.
    pub home_zone: &'static str,
    /// Heading: the utilisation chart of the key figures.
    pub kpi_chart: &'static str,
    /// Heading: quiet zones.
    pub quiet: &'static str,
    /// Intro of quiet zones.
    pub quiet_intro: &'static str,
    /// Column: quiet on.
    pub quiet_on: &'static str,
    /// No quiet zones.
    pub quiet_none: &'static str,
    /// Heading: rooms.
    pub rooms: &'static str,
    /// Row: consultation rooms.
    pub consultation_rooms: &'static str,
    /// Row: meeting rooms.
    pub meeting_rooms: &'static str,
    /// Legend of room cells.
    pub rooms_legend: &'static str,
    /// Column: reserved share.
    pub reserved: &'static str,
    /// Column: used share.
    pub used: &'static str,
    /// Column: released.
    pub released: &'static str,
    /// Label of the CSV links.
    pub downloads: &'static str,
    /// Weekday abbreviations, Monday first.
    pub weekdays: [&'static str; 7],
    /// Heading of the building-now page.
    pub now_title: &'static str,
    /// Intro of the building-now page.
    pub now_intro: &'static str,
    /// Column: booked now.
    pub booked_now: &'static str,
    /// Column: occupied now.
    pub occupied_now: &'static str,
    /// Column: free now.
    pub free_now: &'static str,
    /// Column: rooms.
    pub rooms_col: &'static str,
    /// Column: rooms reserved now.
    pub rooms_reserved: &'static str,
    /// Column: rooms occupied now.
    pub rooms_occupied: &'static str,
    /// Heading: sensors to look after.
    pub sensors: &'static str,
    /// No sensor to look after.
    pub sensors_none: &'static str,
    /// Column: sensor.
    pub sensor: &'static str,
    /// Column: place.
    pub place: &'static str,
    /// Column: battery.
    pub battery: &'static str,
    /// Column: last heard from.
    pub last_seen: &'static str,
    /// Column: problem.
    pub problem: &'static str,
    /// Problem: never heard from.
    pub never_seen: &'static str,
    /// Problem: offline.
    pub offline: &'static str,
    /// Problem: low battery.
    pub low_battery: &'static str,
    /// Link: the reports.
    pub to_reports: &'static str,
    /// Heading of the audit page.
    pub audit_title: &'static str,
    /// Intro of the audit page.
    pub audit_intro: &'static str,
    /// Column: when.
    pub when: &'static str,
    /// Column: who.
    pub who: &'static str,
    /// Column: what.
    pub what: &'static str,
    /// Column: record.
    pub record: &'static str,
    /// Column: detail.
    pub detail: &'static str,
    /// Who is not shown.
    pub nobody: &'static str,
    /// Link: older entries.
    pub older: &'static str,
    /// The log is empty.
    pub audit_none: &'static str,
    /// Heading of the privacy page.
    pub privacy_title: &'static str,
    /// Intro of the privacy page.
    pub privacy_intro: &'static str,
    /// Column: data.
    pub data: &'static str,
    /// Column: purpose.
    pub purpose: &'static str,
    /// Column: kept.
    pub kept: &'static str,
    /// Column: who sees it.
    pub seen_by: &'static str,
    /// The rule of the reports, before the minimum.
    pub privacy_reports_before: &'static str,
    /// The rule of the reports, after the minimum.
    pub privacy_reports_after: &'static str,
    /// Name, purpose and who sees, per kind of data (in [`crate::model::reports::DataKind`]
    /// order).
    pub kinds: [(&'static str, &'static str, &'static str); 10],
    /// Kept: while the account is active.
    pub keep_while_active: &'static str,
    /// Kept: hours (before the number, after).
    pub keep_hours: (&'static str, &'static str),
    /// Kept: days then anonymised.
    pub keep_days_anonymised: (&'static str, &'static str),
    /// Kept: days then deleted.
    pub keep_days: (&'static str, &'static str),
    /// Kept: sessions (idle minutes, absolute hours).
    pub keep_session: (&'static str, &'static str, &'static str),
    /// Kept: only the present state.
    pub keep_current: &'static str,
    /// Kept: without end (no person).
    pub keep_unlimited: &'static str,
}

/// German.
pub static DE: ReportTexts = ReportTexts {
    reports_link: "Auswertungen",
    now_link: "Gebäude jetzt",
    audit_link: "Protokoll",
    privacy_link: "Datenschutz",
    title: "Auswertungen",
    intro_before_min: "Alle Zahlen sind je Zone und Stunde (oder gröber) zusammengefasst und zählen die Bürozeit von 6 bis 21 Uhr. Jede Stunde einer Zone, hinter der weniger als ",
    intro_after_min: " Personen oder Plätze stehen, wird unterdrückt und in keiner Summe, keinem Mittelwert und keinem Export mitgezählt. Keine Auswertung zeigt, wer wann da war.",
    filter: "Zeitraum und Bereich",
    from: "Vom",
    to: "Bis",
    floor: "Etage",
    organisation: "Organisation",
    unit: "Einheit",
    all: "alle",
    show: "Anzeigen",
    by_hour: "Auslastung je Zone und Tageszeit",
    by_weekday: "Auslastung je Zone und Wochentag",
    measure: "In den Feldern",
    cell_legend: "Prozent je Zone und Stunde (oder Wochentag), über alle Tage des Zeitraums; je dunkler, desto höher. Auslastung: Anteil der Plätze, die laut Sensor belegt waren.",
    zone: "Zone",
    all_zones: "Alle Zonen",
    total: "Gesamt",
    suppressed: "unterdrückt (zu wenige Personen)",
    no_data: "keine Daten",
    overlay: "Auslastung auf dem Grundriss",
    overlay_caption: "Zonen nach ihrer Auslastung im Zeitraum; gestrichelt umrandet: unterdrückt.",
    kpis: "Kennzahlen",
    building: "Gebäude",
    people: "Personen",
    desks: "Plätze",
    people_per_desk: "Personen je Platz",
    utilisation: "Auslastung (Mittel)",
    peak: "Spitze",
    booked: "Gebucht",
    booked_empty: "Gebucht, aber leer",
    unbooked: "Belegt ohne Buchung",
    no_shows: "Nicht erschienen (freigegeben)",
    home_zone: "Platz in der Heimatzone",
    kpi_chart: "Auslastung und Spitze je Organisation",
    quiet: "Wenig genutzte Zonen",
    quiet_intro: "Zonen, die an Wochentagen mit Betrieb unter 20 % ausgelastet oder zu wenig genutzt waren, um sie zu zeigen: Kandidaten, um sie an ruhigen Tagen zu schließen.",
    quiet_on: "Ruhig an",
    quiet_none: "Keine Zone war im Zeitraum wenig genutzt.",
    rooms: "Räume",
    consultation_rooms: "Beratungsräume",
    meeting_rooms: "Besprechungsräume",
    rooms_legend: "Anteil der Raumzeit von 7 bis 19 Uhr, der reserviert war; Tage mit weniger Reservierenden als die Mindestgruppe sind unterdrückt.",
    reserved: "Reserviert",
    used: "Genutzt (eingecheckt)",
    released: "Freigegeben",
    downloads: "Als CSV herunterladen",
    weekdays: ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
    now_title: "Gebäude jetzt",
    now_intro: "Jede Etage in diesem Moment, in Zahlen. Die Grundrisse zeigen jeden Platz und Raum.",
    booked_now: "Gebucht",
    occupied_now: "Belegt (Sensor)",
    free_now: "Frei",
    rooms_col: "Räume",
    rooms_reserved: "Reserviert",
    rooms_occupied: "Belegt (Sensor)",
    sensors: "Sensoren zur Wartung",
    sensors_none: "Alle Sensoren melden sich, keine Batterie ist schwach.",
    sensor: "Sensor",
    place: "Ort",
    battery: "Batterie",
    last_seen: "Zuletzt gehört",
    problem: "Problem",
    never_seen: "nie gemeldet",
    offline: "offline",
    low_battery: "Batterie schwach",
    to_reports: "Zu den Auswertungen",
    audit_title: "Protokoll",
    audit_intro: "Buchungen und Änderungen der Einstellungen Ihrer Organisation, neueste zuerst. Geschützte Reservierungen nennen niemanden.",
    when: "Wann",
    who: "Wer",
    what: "Was",
    record: "Datensatz",
    detail: "Einzelheiten",
    nobody: "—",
    older: "Ältere Einträge",
    audit_none: "Das Protokoll ist leer.",
    privacy_title: "Datenschutz: was Platzwahl speichert",
    privacy_intro: "Diese Übersicht entsteht aus der Konfiguration, mit der dieser Server gerade läuft. Sie ist die Grundlage des Verzeichnisses von Verarbeitungstätigkeiten.",
    data: "Daten",
    purpose: "Zweck",
    kept: "Aufbewahrung",
    seen_by: "Wer sie sieht",
    privacy_reports_before: "Auswertungen fassen je Zone und Stunde zusammen und unterdrücken jedes Feld, hinter dem weniger als ",
    privacy_reports_after: " Personen oder Plätze stehen; auch Summen verraten unterdrückte Felder nicht.",
    kinds: [
        (
            "Personen: Name, E-Mail, Organisation, Einheit, Rollen, Sprache, ob ein barrierefreier Platz gebraucht wird; beim Verzeichnisabgleich (LDAP) der feste Schlüssel des Eintrags im Verzeichnis der Organisation",
            "Anmelden, Buchen, Einladen; die Heimatzonen-Planung zählt je Einheit, wie viele einen barrierefreien Platz brauchen, nie wer; der Verzeichnisabgleich legt mit dem Schlüssel Neue an, übernimmt Änderungen und deaktiviert, wer das Verzeichnis verlassen hat",
            "die Person selbst; die Administration ihrer Organisation; Kolleginnen und Kollegen der Einheit nur den Namen und, wenn die Person es erlaubt, ihren Platz heute",
        ),
        (
            "Passkeys, Ausweise (nur als Prüfsumme), Anmeldesitzungen; bei Anmeldung über die eigene Organisation (OpenID Connect) Aussteller und Kennung (Subjekt) des Kontos beim Identitätsanbieter, sonst nichts von dort",
            "Anmelden und Einchecken; die Kennung findet die Person bei der nächsten Anmeldung über ihre Organisation wieder",
            "die Person selbst (ihre Passkeys und Sitzungen)",
        ),
        (
            "Platzbuchungen und Platzwünsche (Wünsche werden dann gelöscht)",
            "Plätze vergeben, Doppelbuchungen verhindern",
            "die Person; ihre Leitung für Teambuchungen; andere sehen nur „gebucht“, das Gebäudemanagement nur Zahlen",
        ),
        (
            "Raumreservierungen mit Betreff und Notizen",
            "Räume vergeben",
            "bei Beratungsräumen nur die Person und ihre Vertretung (ohne Betreff); andere sehen nur „belegt“ und die Zeit",
        ),
        (
            "Check-ins (Ausweis, QR-Code, Passkey)",
            "Nicht genutzte Buchungen freigeben. Ein Check-in per QR-Code oder Passkey zählt nur vor Ort: wenn der Sensor des Platzes kurz zuvor jemanden bemerkt hat oder das Gerät im Netz des Gebäudes ist; der Ausweis am Leser ist selbst der Nachweis",
            "die Person selbst",
        ),
        (
            "Rohe Sensormeldungen",
            "Stündliche Zahlen je Zone bilden",
            "niemand; nur der Server liest sie",
        ),
        (
            "Aktueller Zustand jedes Sensors",
            "Live-Grundriss und Freigabe nicht genutzter Plätze",
            "bei ungebuchten Plätzen alle Angemeldeten als frei/besetzt; bei gebuchten Plätzen nur die Person, die gebucht hat (andere sehen „gebucht“); das Gebäudemanagement nur Zahlen",
        ),
        (
            "Zahlen je Zone und Stunde, je Einheit und Tag, je Raumart und Tag",
            "Auswertungen für das Gebäudemanagement",
            "das Gebäudemanagement, unterdrückt unter der Mindestgruppe",
        ),
        (
            "Protokoll von Buchungen, Anmeldungen und Änderungen",
            "Nachvollziehbarkeit, Sicherheit. Einträge zu Buchungen, Check-ins, Anmeldungen und Bestätigungen mit dem Passkey verlieren mit den Buchungen (nach der Anonymisierungsfrist) die Person; Sicherheitsereignisse (fehlgeschlagene Anmeldungen, Passkeys, Tokens, angelegte Personen, geänderte Rollen) behalten sie; Einträge zu geschützten Räumen nennen nie jemanden",
            "die Administration der eigenen Organisation",
        ),
        (
            "Benachrichtigungen: E-Mails und Push-Nachrichten (an wen, welche Art, in welcher Sprache, Tag und Uhrzeit des Anlasses); die Geräte, an die Push geht (Adresse beim Push-Dienst des Browsers, Schlüssel); welche Arten jemand abgeschaltet hat",
            "Die Person erfährt, was Platzwahl ohne sie getan hat (Platz verlegt, freigegeben, zugeteilt, Reservierung abgesagt) und erhält Kalendereinträge; Push-Nachrichten sind Ende-zu-Ende verschlüsselt, der Push-Dienst sieht nur, dass eine kam",
            "niemand außer der Person; der Inhalt einer versandten Nachricht wird geleert",
        ),
    ],
    keep_while_active: "solange das Konto besteht",
    keep_hours: ("", " Stunden, dann gelöscht"),
    keep_days_anonymised: ("", " Tage, dann anonymisiert"),
    keep_days: ("", " Tage, dann gelöscht"),
    keep_session: (
        "Sitzungen enden nach ",
        " Minuten ohne Nutzung, spätestens nach ",
        " Stunden; Passkeys und Ausweise bis zum Widerruf; die Kennung beim Identitätsanbieter, bis die Person gelöscht wird",
    ),
    keep_current: "nur der aktuelle Zustand",
    keep_unlimited: "unbegrenzt (nennt niemanden)",
};

/// English.
pub static EN: ReportTexts = ReportTexts {
    reports_link: "Reports",
    now_link: "Building now",
    audit_link: "Audit log",
    privacy_link: "Privacy",
    title: "Reports",
    intro_before_min: "Every figure is aggregated per zone and hour (or coarser) and counts office hours from 6:00 to 21:00. Every hour of a zone with fewer than ",
    intro_after_min: " people or desks behind it is suppressed and left out of every total, average and export. No report shows who was there when.",
    filter: "Period and area",
    from: "From",
    to: "To",
    floor: "Floor",
    organisation: "Organisation",
    unit: "Unit",
    all: "all",
    show: "Show",
    by_hour: "Utilisation by zone and time of day",
    by_weekday: "Utilisation by zone and weekday",
    measure: "In the cells",
    cell_legend: "percent per zone and hour (or weekday), over every day of the period; the darker, the higher. Utilisation: the share of desks the sensors saw occupied.",
    zone: "Zone",
    all_zones: "All zones",
    total: "Total",
    suppressed: "suppressed (too few people)",
    no_data: "no data",
    overlay: "Utilisation on the floor plan",
    overlay_caption: "Zones by their utilisation in the period; dashed outline: suppressed.",
    kpis: "Key figures",
    building: "Building",
    people: "People",
    desks: "Desks",
    people_per_desk: "People per desk",
    utilisation: "Utilisation (average)",
    peak: "Peak",
    booked: "Booked",
    booked_empty: "Booked but empty",
    unbooked: "Occupied without booking",
    no_shows: "No-shows (released)",
    home_zone: "Desk in home zone",
    kpi_chart: "Utilisation and peak by organisation",
    quiet: "Rarely used zones",
    quiet_intro: "Zones used below 20 % on weekdays the building was in use, or too little to show: candidates to close on quiet days.",
    quiet_on: "Quiet on",
    quiet_none: "No zone was rarely used in the period.",
    rooms: "Rooms",
    consultation_rooms: "Consultation rooms",
    meeting_rooms: "Meeting rooms",
    rooms_legend: "Share of room time from 7:00 to 19:00 that was reserved; days with fewer people reserving than the minimum group are suppressed.",
    reserved: "Reserved",
    used: "Used (checked in)",
    released: "Released",
    downloads: "Download as CSV",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    now_title: "Building now",
    now_intro: "Every floor at this moment, in numbers. The floor plans show each desk and room.",
    booked_now: "Booked",
    occupied_now: "Occupied (sensor)",
    free_now: "Free",
    rooms_col: "Rooms",
    rooms_reserved: "Reserved",
    rooms_occupied: "Occupied (sensor)",
    sensors: "Sensors to look after",
    sensors_none: "Every sensor reports in, no battery is low.",
    sensor: "Sensor",
    place: "Place",
    battery: "Battery",
    last_seen: "Last heard from",
    problem: "Problem",
    never_seen: "never reported",
    offline: "offline",
    low_battery: "battery low",
    to_reports: "To the reports",
    audit_title: "Audit log",
    audit_intro: "Bookings and changes of settings in your organisation, newest first. Protected reservations name nobody.",
    when: "When",
    who: "Who",
    what: "What",
    record: "Record",
    detail: "Detail",
    nobody: "—",
    older: "Older entries",
    audit_none: "The log is empty.",
    privacy_title: "Privacy: what Platzwahl stores",
    privacy_intro: "This overview is generated from the configuration this server runs with now. It is the basis of the record of processing activities.",
    data: "Data",
    purpose: "Purpose",
    kept: "Kept",
    seen_by: "Who sees it",
    privacy_reports_before: "Reports aggregate per zone and hour and suppress every cell with fewer than ",
    privacy_reports_after: " people or desks behind it; totals do not reveal suppressed cells either.",
    kinds: [
        (
            "People: name, e-mail, organisation, unit, roles, language, whether an accessible desk is needed; with directory sync (LDAP) the stable key of their entry in their organisation's directory",
            "Signing in, booking, invitations; home-zone planning counts per unit how many need an accessible desk, never who; directory sync uses the key to create joiners, take over changes and deactivate those who left the directory",
            "the person; their organisation's administrators; colleagues of the unit only the name and, if the person allows it, their desk today",
        ),
        (
            "Passkeys, badges (as a hash only), sign-in sessions; with sign-in through one's organisation (OpenID Connect) the issuer and identifier (subject) of the account at the identity provider, nothing else from there",
            "Signing in and checking in; the identifier finds the person again at their next sign-in through their organisation",
            "the person (their passkeys and sessions)",
        ),
        (
            "Desk bookings and desk requests (requests are then deleted)",
            "Giving out desks, preventing double bookings",
            "the person; their unit lead for team bookings; others see only \"booked\", facility management only numbers",
        ),
        (
            "Room reservations with subject and notes",
            "Giving out rooms",
            "for consultation rooms only the person and their deputies (without the subject); others see only \"taken\" and the time",
        ),
        (
            "Check-ins (badge, QR code, passkey)",
            "Releasing unused bookings. A check-in by QR code or passkey counts only on the spot: when the place's sensor noticed someone shortly before, or the device is on the building's network; a badge at the reader is evidence itself",
            "the person",
        ),
        (
            "Raw sensor messages",
            "Hourly figures per zone",
            "nobody; only the server reads them",
        ),
        (
            "The present state of each sensor",
            "Live floor plan and releasing unused desks",
            "for desks nobody booked, everybody signed in, as free/occupied; for a booked desk only the person who booked it (others see “booked”); facility management only figures",
        ),
        (
            "Figures per zone and hour, unit and day, room kind and day",
            "Reports for facility management",
            "facility management, suppressed below the minimum group",
        ),
        (
            "Log of bookings, sign-ins and changes",
            "Accountability, security. Entries on bookings, check-ins, sign-ins and passkey confirmations lose the person together with the bookings (after the anonymisation period); security events (failed sign-ins, passkeys, tokens, people created, roles changed) keep them; entries on protected rooms never name anyone",
            "the administrators of one's own organisation",
        ),
        (
            "Notifications: e-mails and push messages (to whom, which kind, in which language, the day and time of the event); the devices push goes to (address at the browser's push service, keys); which kinds someone switched off",
            "The person learns what Platzwahl did without them (desk moved, released, allocated, reservation cancelled) and gets calendar entries; push messages are end-to-end encrypted, the push service only sees that one came",
            "nobody but the person; a sent message's content is emptied",
        ),
    ],
    keep_while_active: "as long as the account exists",
    keep_hours: ("", " hours, then deleted"),
    keep_days_anonymised: ("", " days, then anonymised"),
    keep_days: ("", " days, then deleted"),
    keep_session: (
        "Sessions end after ",
        " idle minutes, at most after ",
        " hours; passkeys and badges until revoked; the identifier at the identity provider until the person is erased",
    ),
    keep_current: "only the present state",
    keep_unlimited: "without end (names nobody)",
};
