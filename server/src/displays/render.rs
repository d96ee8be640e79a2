//! The displays' HTML: the page around the content, and the content itself, which the event
//! streams send again after every change (the page's script puts it in place). Every state is
//! said in words, not by colour alone. Texts in German and English.

use std::fmt::Write;

use chrono::Datelike;
use domain::displays::{Block, DeskNow, FloorNow, NextFree, Now, RoomDay, clock};
use wire::i18n::Lang;

/// The displays' texts in one language.
struct Texts {
    html_lang: &'static str,
    free: &'static str,
    taken: &'static str,
    taken_until: &'static str,
    taken_all_day: &'static str,
    closed: &'static str,
    closed_today: &'static str,
    free_until: &'static str,
    free_rest_of_day: &'static str,
    next_free: &'static str,
    next_now: &'static str,
    next_not_today: &'static str,
    today: &'static str,
    now_marker: &'static str,
    offline_since: &'static str,
    protected_room: &'static str,
    meeting_room: &'static str,
    room: &'static str,
    door_display: &'static str,
    floor_display: &'static str,
    floor: &'static str,
    desks_free: &'static str,
    rooms_free: &'static str,
    free_rooms: &'static str,
    no_free_rooms: &'static str,
    free_desks_by_zone: &'static str,
    of: &'static str,
    desk: &'static str,
    booked: &'static str,
    occupied: &'static str,
    blocked: &'static str,
    plan: &'static str,
    legend: &'static str,
    not_signed_in: &'static str,
    not_a_display: &'static str,
    refused_title: &'static str,
    weekdays: [&'static str; 7],
    door: &'static str,
    door_check_in: &'static str,
    door_book_now: &'static str,
    door_lengths: &'static str,
    door_minutes: &'static str,
    door_passkey: &'static str,
    door_chosen: &'static str,
    door_checked_in: &'static str,
    door_booked: &'static str,
    door_no_reservation: &'static str,
    door_not_bookable: &'static str,
    door_not_permitted: &'static str,
    door_not_admitted: &'static str,
    door_too_long: &'static str,
    door_taken: &'static str,
    door_closed: &'static str,
    door_too_late: &'static str,
    door_unknown_badge: &'static str,
    door_limited: &'static str,
    door_failed: &'static str,
}

const DE: Texts = Texts {
    html_lang: "de",
    free: "frei",
    taken: "belegt",
    taken_until: "belegt bis",
    taken_all_day: "belegt, heute nicht mehr frei",
    closed: "gesperrt",
    closed_today: "heute gesperrt",
    free_until: "bis",
    free_rest_of_day: "für den Rest des Tages",
    next_free: "Nächste freie Zeit:",
    next_now: "jetzt",
    next_not_today: "heute nicht mehr",
    today: "Heute",
    now_marker: "jetzt",
    offline_since: "Offline seit",
    protected_room: "Geschützter Beratungsraum",
    meeting_room: "Besprechungsraum",
    room: "Raum",
    door_display: "Türanzeige",
    floor_display: "Etagenanzeige",
    floor: "Etage",
    desks_free: "Tische frei",
    rooms_free: "Räume frei",
    free_rooms: "Freie Räume",
    no_free_rooms: "Gerade ist kein Raum frei.",
    free_desks_by_zone: "Freie Tische nach Bereich",
    of: "von",
    desk: "Tisch",
    booked: "gebucht",
    occupied: "besetzt",
    blocked: "gesperrt",
    plan: "Plan der Etage",
    legend: "Legende",
    not_signed_in: "Diese Anzeige ist nicht angemeldet. Bitte die Adresse mit dem Geräte-Token der Anzeige öffnen.",
    not_a_display: "Nur ein Gerät mit einem Token für Anzeigen kann diese Seite zeigen.",
    refused_title: "Anzeige nicht angemeldet",
    weekdays: [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
    door: "An der Tür",
    door_check_in: "Reserviert? Zum Einchecken den Ausweis an den Leser halten oder den Passkey verwenden.",
    door_book_now: "Jetzt buchen: Dauer wählen, dann den Ausweis an den Leser halten oder den Passkey verwenden.",
    door_lengths: "Jetzt buchen",
    door_minutes: "Minuten",
    door_passkey: "Mit Passkey",
    door_chosen: "Minuten gewählt. Jetzt den Ausweis an den Leser halten oder den Passkey verwenden.",
    door_checked_in: "Eingecheckt. Der Raum ist Ihrer bis",
    door_booked: "Gebucht und eingecheckt bis",
    door_no_reservation: "Sie haben jetzt keine Reservierung für diesen Raum.",
    door_not_bookable: "Dieser Raum kann an der Tür nicht gebucht werden.",
    door_not_permitted: "Diesen Raum dürfen Sie nicht buchen.",
    door_not_admitted: "Ihre Organisation ist für die Räume des Eingangsbereichs nicht zugelassen.",
    door_too_long: "So lange kann dieser Raum nicht gebucht werden.",
    door_taken: "Der Raum ist für diese Zeit schon belegt. Nichts wurde gebucht.",
    door_closed: "Der Raum ist heute gesperrt.",
    door_too_late: "Heute kann der Raum nicht mehr so lange gebucht werden.",
    door_unknown_badge: "Dieser Ausweis ist hier nicht bekannt.",
    door_limited: "Zu viele unbekannte Ausweise. Die Anzeige nimmt später wieder Ausweise an.",
    door_failed: "Das hat nicht geklappt. Bitte noch einmal versuchen.",
};

const EN: Texts = Texts {
    html_lang: "en",
    free: "free",
    taken: "taken",
    taken_until: "taken until",
    taken_all_day: "taken, not free again today",
    closed: "closed",
    closed_today: "closed today",
    free_until: "until",
    free_rest_of_day: "for the rest of the day",
    next_free: "Next free time:",
    next_now: "now",
    next_not_today: "not today",
    today: "Today",
    now_marker: "now",
    offline_since: "Offline since",
    protected_room: "Protected consultation room",
    meeting_room: "Meeting room",
    room: "Room",
    door_display: "Door display",
    floor_display: "Floor display",
    floor: "Floor",
    desks_free: "desks free",
    rooms_free: "rooms free",
    free_rooms: "Free rooms",
    no_free_rooms: "No room is free right now.",
    free_desks_by_zone: "Free desks by area",
    of: "of",
    desk: "Desk",
    booked: "booked",
    occupied: "occupied",
    blocked: "closed",
    plan: "Plan of the floor",
    legend: "Legend",
    not_signed_in: "This display is not signed in. Open its address with the display's device token.",
    not_a_display: "Only a device with a display token can show this page.",
    refused_title: "Display not signed in",
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    door: "At the door",
    door_check_in: "Reserved? Hold your badge to the reader or use your passkey to check in.",
    door_book_now: "Book now: choose how long, then hold your badge to the reader or use your passkey.",
    door_lengths: "Book now",
    door_minutes: "minutes",
    door_passkey: "With passkey",
    door_chosen: "minutes chosen. Now hold your badge to the reader or use your passkey.",
    door_checked_in: "Checked in. The room is yours until",
    door_booked: "Booked and checked in until",
    door_no_reservation: "You have no reservation of this room now.",
    door_not_bookable: "This room cannot be booked at its door.",
    door_not_permitted: "You may not book this room.",
    door_not_admitted: "Your organisation is not admitted to the rooms of the entrance zone.",
    door_too_long: "This room cannot be booked for that long.",
    door_taken: "The room is taken for that time. Nothing was booked.",
    door_closed: "The room is closed today.",
    door_too_late: "The room cannot be booked for that long today any more.",
    door_unknown_badge: "This badge is not known here.",
    door_limited: "Too many unknown badges. The display takes badges again later.",
    door_failed: "That did not work. Please try again.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole display page: `content` in `<main>`, which the script keeps current from `events`.
fn page(lang: Lang, title: &str, class: &str, events: &str, content: &str, floor: bool) -> String {
    let t = texts(lang);
    // The door display says what a badge or passkey did here; the content below is replaced
    // by the event stream, this is not.
    let door = if floor {
        String::new()
    } else {
        format!(
            r#"<p id="door-message" class="display-message" role="status" aria-live="polite" data-chosen="{chosen}" data-failed="{failed}" data-minutes="{minutes}"></p>
"#,
            chosen = escape(t.door_chosen),
            failed = escape(t.door_failed),
            minutes = escape(t.door_minutes),
        )
    };
    // The floor display draws the plan with the pages' own styles.
    let plan_styles = if floor {
        r#"<link rel="stylesheet" href="/pkg/platzwahl.css">"#
    } else {
        ""
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
{plan_styles}<link rel="stylesheet" href="/displays/display.css">
<script src="/displays/display.js" defer></script>
<noscript><meta http-equiv="refresh" content="60"></noscript>
</head>
<body class="display {class}">
<p id="offline" class="display-offline" role="alert" hidden data-label="{offline}"></p>
{door}<main id="display" data-events="{events}">
{content}
</main>
</body>
</html>
"#,
        lang = t.html_lang,
        title = escape(title),
        offline = escape(t.offline_since),
        events = escape(events),
    )
}

/// The page a refused request gets (401 or 403).
pub fn refusal(nobody: bool, lang: Lang) -> String {
    let t = texts(lang);
    let why = if nobody {
        t.not_signed_in
    } else {
        t.not_a_display
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="stylesheet" href="/displays/display.css">
</head>
<body class="display display-refused">
<main>
<h1>{title}</h1>
<p>{why}</p>
</main>
</body>
</html>
"#,
        lang = t.html_lang,
        title = escape(t.refused_title),
        why = escape(why),
    )
}

fn day_heading(day: chrono::NaiveDate, lang: Lang) -> String {
    let t = texts(lang);
    let weekday = t.weekdays[day.weekday().num_days_from_monday() as usize];
    match lang {
        Lang::De => format!("{}, {weekday}, {}", t.today, day.format("%d.%m.%Y")),
        Lang::En => format!("{}, {weekday}, {}", t.today, day.format("%Y-%m-%d")),
    }
}

/// The room display's page.
pub fn room_page(day: &RoomDay, lang: Lang) -> String {
    let t = texts(lang);
    let title = format!("{} {} – {}", t.room, day.label, t.door_display);
    page(
        lang,
        &title,
        "display-door",
        &format!("/displays/rooms/{}/events", day.room_id),
        &room_content(day, lang),
        false,
    )
}

/// Which of `blocks` holds the present, as far as `now` tells.
fn current_block(now: Now, blocks: &[Block]) -> Option<usize> {
    match now {
        Now::Taken { until } => blocks.iter().position(|b| b.taken && b.to == until),
        Now::Free { until: Some(until) } => blocks.iter().position(|b| !b.taken && b.to == until),
        Now::Free { until: None } => blocks
            .iter()
            .rposition(|b| !b.taken)
            .filter(|at| *at + 1 == blocks.len()),
        Now::Closed => None,
    }
}

/// What a room display shows: the room, free or taken now and until when, the next free time
/// and the day's blocks. Times only: nobody's name, no subject.
pub fn room_content(day: &RoomDay, lang: Lang) -> String {
    let t = texts(lang);
    let kind = if day.protected {
        t.protected_room
    } else {
        t.meeting_room
    };
    let (class, state, detail) = match day.now {
        Now::Free { until } => (
            "display-free",
            t.free.to_owned(),
            match until {
                Some(until) => format!("{} {}", t.free_until, clock(until)),
                None => t.free_rest_of_day.to_owned(),
            },
        ),
        Now::Taken { until } if until >= domain::displays::DAY_END => {
            ("display-taken", t.taken_all_day.to_owned(), String::new())
        }
        Now::Taken { until } => (
            "display-taken",
            format!("{} {}", t.taken_until, clock(until)),
            String::new(),
        ),
        Now::Closed => ("display-closed", t.closed_today.to_owned(), String::new()),
    };
    let next = match day.next_free {
        NextFree::Now => t.next_now.to_owned(),
        NextFree::At(at) => clock(at),
        NextFree::NotToday => t.next_not_today.to_owned(),
    };
    let current = current_block(day.now, &day.blocks);
    let mut timeline = String::new();
    for (at, block) in day.blocks.iter().enumerate() {
        let (block_class, word) = match (block.taken, day.now) {
            (true, Now::Closed) => ("slot-closed", t.closed),
            (true, _) => ("slot-taken", t.taken),
            (false, _) => ("slot-free", t.free),
        };
        let (now_attribute, now_marker) = if current == Some(at) {
            (
                r#" aria-current="time""#,
                format!(r#" <span class="slot-now">◀ {}</span>"#, t.now_marker),
            )
        } else {
            ("", String::new())
        };
        let _ = write!(
            timeline,
            r#"<li class="slot {block_class}"{now_attribute}><span class="slot-time">{}–{}</span> <span class="slot-word">{word}</span>{now_marker}</li>"#,
            clock(block.from),
            clock(block.to),
        );
    }
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(r#"<p class="display-detail">{}</p>"#, escape(&detail))
    };
    let door = door_section(day, lang);
    format!(
        r#"<header class="display-head"><h1><span class="display-label">{room} {label}</span> <span class="display-name">{name}</span></h1><p class="display-kind">{kind}</p></header>
<section class="display-now {class}" aria-live="polite"><p class="display-state">{state}</p>{detail}<p class="display-next">{next_label} <strong>{next}</strong></p></section>
{door}<section class="display-day"><h2>{heading}</h2><ol class="display-timeline">{timeline}</ol></section>"#,
        room = escape(t.room),
        label = escape(&day.label),
        name = escape(&day.name),
        kind = escape(kind),
        state = escape(&state),
        next_label = escape(t.next_free),
        next = escape(&next),
        heading = escape(&day_heading(day.day, lang)),
    )
}

/// What a person can do at the door: check in by badge or passkey; where the room allows it
/// and it is free now, book it now for 15 or 30 minutes. The buttons are for a touch screen;
/// a badge reader types into the page without any focus.
fn door_section(day: &RoomDay, lang: Lang) -> String {
    let t = texts(lang);
    let closed = day.now == Now::Closed;
    if closed {
        return String::new();
    }
    let bookable = day.book_now && matches!(day.now, Now::Free { .. });
    let mut lengths = String::new();
    if bookable {
        for minutes in domain::rooms::door::DOOR_MINUTES {
            let _ = write!(
                lengths,
                r#"<button type="button" class="display-button" data-minutes="{minutes}" aria-pressed="false">{minutes} {}</button>"#,
                escape(t.door_minutes)
            );
        }
        lengths = format!(
            r#"<p class="display-door-help">{}</p><div class="display-door-lengths" role="group" aria-label="{}">{lengths}</div>"#,
            escape(t.door_book_now),
            escape(t.door_lengths),
        );
    }
    format!(
        r#"<section class="display-door" aria-labelledby="door-heading" data-room="{room}"><h2 id="door-heading">{heading}</h2><p class="display-door-help">{check_in}</p>{lengths}<button type="button" class="display-button display-passkey" data-passkey>{passkey}</button></section>
"#,
        room = day.room_id,
        heading = escape(t.door),
        check_in = escape(t.door_check_in),
        passkey = escape(t.door_passkey),
    )
}

/// What the door display says after a check-in (`booked`: or a booking now) until `until`.
pub fn door_done(booked: bool, until: &str, lang: Lang) -> String {
    let t = texts(lang);
    let said = if booked {
        t.door_booked
    } else {
        t.door_checked_in
    };
    format!("{said} {until}.")
}

/// What the door display says when it does nothing.
pub fn door_refusal(refused: domain::rooms::door::DoorRefusal, lang: Lang) -> String {
    use domain::rooms::door::DoorRefusal;
    let t = texts(lang);
    match refused {
        DoorRefusal::NoReservation => t.door_no_reservation,
        DoorRefusal::NotBookableHere => t.door_not_bookable,
        DoorRefusal::NotPermitted => t.door_not_permitted,
        DoorRefusal::NotAdmitted => t.door_not_admitted,
        DoorRefusal::TooLong => t.door_too_long,
        DoorRefusal::Taken => t.door_taken,
        DoorRefusal::Closed => t.door_closed,
        DoorRefusal::TooLate => t.door_too_late,
    }
    .to_owned()
}

/// What the door display says to a badge nobody has.
pub fn door_unknown_badge(lang: Lang) -> String {
    texts(lang).door_unknown_badge.to_owned()
}

/// What the door display says when it read too many unknown badges within the hour.
pub fn door_limited(lang: Lang) -> String {
    texts(lang).door_limited.to_owned()
}

/// The floor display's page.
pub fn floor_page(floor: &FloorNow, lang: Lang) -> String {
    let t = texts(lang);
    let title = format!(
        "{} – {} {} – {}",
        floor.plan.building, t.floor, floor.plan.level, t.floor_display
    );
    page(
        lang,
        &title,
        "display-floor",
        &format!(
            "/displays/floors/{}/events?building={}",
            floor.plan.level,
            wire::model::percent_encode(&floor.plan.building_slug, false)
        ),
        &floor_content(floor, lang),
        true,
    )
}

/// What a floor display shows: how many desks and rooms are free, the plan (free desks plain,
/// booked ones with a stroke, occupied ones with a person's mark, taken rooms marked), the
/// free rooms and the free desks by zone, in words. No names of people.
pub fn floor_content(floor: &FloorNow, lang: Lang) -> String {
    let t = texts(lang);
    let plan = &floor.plan;
    let free_rooms: Vec<_> = plan
        .rooms
        .iter()
        .filter(|r| floor.rooms.get(&r.id) == Some(&false))
        .collect();
    let mut svg = String::new();
    for zone in &plan.zones {
        let r = zone.rect;
        let _ = write!(
            svg,
            r#"<g class="zone zone-{}"><rect x="{}" y="{}" width="{}" height="{}" rx="6"/><text x="{}" y="{}" class="zone-label">{}</text></g>"#,
            zone.kind.css(),
            r.x,
            r.y,
            r.width,
            r.height,
            r.x + 10,
            r.y + 24,
            escape(&zone.name)
        );
    }
    for room in &plan.rooms {
        let r = room.rect;
        let taken = floor.rooms.get(&room.id).copied().unwrap_or(false);
        let class = match (room.protected, taken) {
            (true, true) => "room room-protected live-occupied",
            (true, false) => "room room-protected",
            (false, true) => "room live-occupied",
            (false, false) => "room",
        };
        let word = if taken { t.taken } else { t.free };
        let _ = write!(
            svg,
            r#"<g class="{class}" data-room="{label}" data-state="{state}"><title>{room_word} {label}: {word}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4"/><text x="{cx}" y="{cy}" class="room-label display-room-label" text-anchor="middle">{label}</text><text x="{cx}" y="{wy}" class="display-room-state" text-anchor="middle">{word}</text></g>"#,
            label = escape(&room.label),
            state = if taken { "taken" } else { "free" },
            room_word = escape(t.room),
            x = r.x,
            y = r.y,
            w = r.width,
            h = r.height,
            cx = r.x + r.width / 2,
            cy = r.y + r.height / 2 - 14,
            wy = r.y + r.height / 2 + 20,
        );
    }
    for desk in &plan.desks {
        let r = desk.rect;
        let (cx, cy) = (r.x + r.width / 2, r.y + r.height / 2);
        let state = floor.desks.get(&desk.id).copied().unwrap_or(DeskNow::Free);
        let (class, word, mark) = match state {
            DeskNow::Free => ("desk desk-free", t.free, String::new()),
            DeskNow::Booked => (
                "desk desk-booked",
                t.booked,
                format!(
                    r#"<path class="desk-stroke" d="M{} {} L{} {}"/>"#,
                    r.x + 4,
                    r.y + r.height - 4,
                    r.x + r.width - 4,
                    r.y + 4
                ),
            ),
            DeskNow::Occupied => (
                "desk desk-free live-occupied",
                t.occupied,
                format!(
                    r#"<g class="live-mark live-mark-occupied"><circle cx="{}" cy="{}" r="4"/><path d="M{} {} q4 -7 8 0"/></g>"#,
                    r.x + 9,
                    r.y + 8,
                    r.x + 5,
                    r.y + 17
                ),
            ),
            DeskNow::Blocked => (
                "desk desk-blocked",
                t.blocked,
                format!(
                    r#"<path class="desk-cross" d="M{} {} L{} {} M{} {} L{} {}"/>"#,
                    r.x,
                    r.y,
                    r.x + r.width,
                    r.y + r.height,
                    r.x + r.width,
                    r.y,
                    r.x,
                    r.y + r.height
                ),
            ),
        };
        let _ = write!(
            svg,
            r#"<g class="{class}" data-desk="{label}" data-state="{css}"><title>{desk_word} {label}: {word}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" transform="rotate({rot} {cx} {cy})"/>{mark}</g>"#,
            label = escape(&desk.label),
            css = match state {
                DeskNow::Free => "free",
                DeskNow::Booked => "booked",
                DeskNow::Occupied => "occupied",
                DeskNow::Blocked => "blocked",
            },
            desk_word = escape(t.desk),
            x = r.x,
            y = r.y,
            w = r.width,
            h = r.height,
            rot = desk.rotation,
        );
    }
    let mut rooms_list = String::new();
    for room in &free_rooms {
        let _ = write!(
            rooms_list,
            r#"<li><span class="display-label">{}</span> {}</li>"#,
            escape(&room.label),
            escape(&room.name)
        );
    }
    if rooms_list.is_empty() {
        rooms_list = format!("<li>{}</li>", escape(t.no_free_rooms));
    }
    let mut zones_list = String::new();
    for zone in &plan.zones {
        let desks: Vec<_> = plan.desks.iter().filter(|d| d.zone == zone.name).collect();
        if desks.is_empty() {
            continue;
        }
        let free = desks
            .iter()
            .filter(|d| floor.desks.get(&d.id) == Some(&DeskNow::Free))
            .count();
        let _ = write!(
            zones_list,
            r#"<li><span class="zone-free-name">{}</span>: <strong>{free}</strong> {} {} {}</li>"#,
            escape(&zone.name),
            escape(t.of),
            desks.len(),
            escape(t.free),
        );
    }
    let legend = format!(
        r#"<ul class="legend display-legend" aria-label="{legend}"><li><svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon"><rect class="legend-free" x="1" y="1" width="18" height="12" rx="2"/></svg>{free}</li><li><svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon"><rect class="legend-booked" x="1" y="1" width="18" height="12" rx="2"/><path class="desk-stroke" d="M3 11 L17 3"/></svg>{booked}</li><li><svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon live-occupied"><rect class="legend-free" x="1" y="1" width="18" height="12" rx="2"/><g class="live-mark live-mark-occupied"><circle cx="10" cy="5" r="2.5"/><path d="M6 12 q4 -6 8 0"/></g></svg>{occupied}</li><li><svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon"><rect class="legend-blocked" x="1" y="1" width="18" height="12" rx="2"/><path class="desk-cross" d="M1 1 L19 13 M19 1 L1 13"/></svg>{blocked}</li></ul>"#,
        legend = escape(t.legend),
        free = escape(t.free),
        booked = escape(t.booked),
        occupied = escape(t.occupied),
        blocked = escape(t.blocked),
    );
    format!(
        r#"<header class="display-head"><h1>{building} – {floor_word} {level}: {name}</h1><p class="display-summary" aria-live="polite"><strong class="display-desks-free">{desks_free}</strong> {desks_word} · <strong class="display-rooms-free">{rooms_free}</strong> {rooms_word}</p></header>
<figure class="display-plan"><svg class="floor-plan" viewBox="0 0 {w} {h}" role="img" aria-label="{plan_word}">{svg}</svg></figure>
{legend}
<div class="display-lists"><section><h2>{free_rooms}</h2><ul class="display-free-rooms">{rooms_list}</ul></section><section><h2>{by_zone}</h2><ul class="display-free-desks">{zones_list}</ul></section></div>"#,
        building = escape(&plan.building),
        floor_word = escape(t.floor),
        level = plan.level,
        name = escape(&plan.name),
        desks_free = floor.free_desks(),
        desks_word = escape(t.desks_free),
        rooms_free = free_rooms.len(),
        rooms_word = escape(t.rooms_free),
        w = plan.width,
        h = plan.height,
        plan_word = escape(t.plan),
        free_rooms = escape(t.free_rooms),
        by_zone = escape(t.free_desks_by_zone),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(now: Now, blocks: Vec<Block>) -> RoomDay {
        RoomDay {
            room_id: 3,
            label: "0.12".into(),
            name: "Beratung <1>".into(),
            protected: true,
            book_now: false,
            day: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default(),
            now,
            next_free: NextFree::At(11 * 60 + 30),
            blocks,
        }
    }

    #[test]
    fn a_taken_room_says_until_when_in_words_and_escapes_its_name() {
        let blocks = vec![
            Block {
                from: 7 * 60,
                to: 9 * 60,
                taken: false,
            },
            Block {
                from: 9 * 60,
                to: 11 * 60 + 30,
                taken: true,
            },
            Block {
                from: 11 * 60 + 30,
                to: 20 * 60,
                taken: false,
            },
        ];
        let html = room_content(
            &room(
                Now::Taken {
                    until: 11 * 60 + 30,
                },
                blocks,
            ),
            Lang::De,
        );
        assert!(html.contains("belegt bis 11:30"), "{html}");
        assert!(html.contains("Beratung &lt;1&gt;"), "{html}");
        assert!(html.contains("Montag, 07.12.2026"), "{html}");
        assert!(
            html.contains(r#"<li class="slot slot-taken" aria-current="time"><span class="slot-time">09:00–11:30</span>"#),
            "{html}"
        );
        assert!(html.contains("09:00–11:30") && html.contains("11:30–20:00"));
        let english = room_content(&room(Now::Free { until: None }, Vec::new()), Lang::En);
        assert!(english.contains(">free<") && english.contains("for the rest of the day"));
    }
}
