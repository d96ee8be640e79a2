//! The SVG floor plan: the shapes of zones, rooms and desks with their state and live sensor
//! marks, and the plan's legend.

use leptos::prelude::*;

use super::controls::Filters;
use super::select_handler;
use crate::i18n::Lang;
use crate::model::{Availability, DeskView, Live, RoomView, ZoneView};

/// A zone on the plan: its area, coloured by kind, and its name.
pub(super) fn zone_shape(zone: &ZoneView) -> impl IntoView + use<> {
    let r = zone.rect;
    view! {
        <g class=format!("zone zone-{}", zone.kind.css())>
            <rect x=r.x y=r.y width=r.width height=r.height rx="6" />
            <text x=r.x + 10 y=r.y + 24 class="zone-label">
                {zone.name.clone()}
            </text>
        </g>
    }
}

fn desk_summary(desk: &DeskView, state: Availability, live: Option<Live>, lang: Lang) -> String {
    let t = lang.texts();
    let mut summary = format!("{} {}, {}", t.desk, desk.label, state.label(lang));
    if let Some(live) = live {
        summary.push_str(", ");
        summary.push_str(live.label(lang, false));
    }
    for item in desk.equipment.describe(lang) {
        summary.push_str(", ");
        summary.push_str(item);
    }
    summary
}

/// A desk on the plan: a link that selects it, its state by colour and mark (booked: a stroke;
/// mine: a tick; blocked: a cross), step-free access and what its sensor says now.
pub(super) fn desk_shape(
    desk: &DeskView,
    href: String,
    selected: Memo<Option<i32>>,
    state: Availability,
    filters: Filters,
    sensor: Option<RwSignal<Live>>,
    lang: Lang,
) -> impl IntoView + use<> {
    let id = desk.id;
    let r = desk.rect;
    let (cx, cy) = (r.x + r.width / 2, r.y + r.height / 2);
    let is_selected = move || selected.get() == Some(id);
    let state_css = state.css();
    let filtered = if filters.admits(&desk.equipment) {
        ""
    } else {
        " desk-filtered"
    };
    // Booked by somebody: one stroke; mine: a tick; blocked: a cross.
    let booked = (state == Availability::Booked).then(|| {
        view! {
            <path
                class="desk-stroke"
                d=format!("M{} {} L{} {}", r.x + 4, r.y + r.height - 4, r.x + r.width - 4, r.y + 4)
            />
        }
    });
    let mine = (state == Availability::Mine).then(|| {
        view! {
            <path
                class="desk-tick"
                d=format!("M{} {} l5 5 l10 -12", r.x + r.width - 22, r.y + 14)
            />
        }
    });
    let blocked = (state == Availability::Blocked).then(|| {
        view! {
            <path
                class="desk-cross"
                d=format!(
                    "M{} {} L{} {} M{} {} L{} {}",
                    r.x, r.y, r.x + r.width, r.y + r.height,
                    r.x + r.width, r.y, r.x, r.y + r.height,
                )
            />
        }
    });
    let accessible = desk.equipment.accessible.then(|| {
        view! { <circle class="desk-accessible" cx=cx cy=cy r="5" /> }
    });
    let now = move || sensor.map(|s| s.get());
    // Occupied: a person's mark; unknown: a question mark. Vacant: nothing.
    let mark = move || match now() {
        Some(Live::Occupied) => Some(
            view! {
                <g class="live-mark live-mark-occupied">
                    <circle cx=r.x + 9 cy=r.y + 8 r="4" />
                    <path d=format!("M{} {} q4 -7 8 0", r.x + 5, r.y + 17) />
                </g>
            }
            .into_any(),
        ),
        Some(Live::Unknown) => Some(
            view! {
                <text class="live-mark live-mark-unknown" x=r.x + 9 y=r.y + 15 text-anchor="middle">
                    "?"
                </text>
            }
            .into_any(),
        ),
        Some(Live::Vacant) | None => None,
    };
    let summary_desk = desk.clone();
    // The `g` makes the link an SVG link also when the browser draws the plan itself (after a
    // navigation in the page): a link at the top of a view is made an HTML link, which an SVG
    // does not draw.
    view! {
        <g>
        <a
            href=href.clone()
            class=move || {
                format!(
                    "desk desk-{}{}{}{}",
                    state_css,
                    filtered,
                    now().map(|l| format!(" live-{}", l.css())).unwrap_or_default(),
                    if is_selected() { " selected" } else { "" },
                )
            }
            aria-label=move || desk_summary(&summary_desk, state, now(), lang)
            aria-current=move || is_selected().then_some("true")
            data-desk=desk.label.clone()
            data-live=move || now().map(Live::css)
            on:click=select_handler(href)
        >
            <rect
                x=r.x
                y=r.y
                width=r.width
                height=r.height
                rx="3"
                transform=format!("rotate({} {cx} {cy})", desk.rotation)
            />
            {booked}
            {mine}
            {blocked}
            {accessible}
            {mark}
        </a>
        </g>
    }
}

pub(super) fn room_shape(
    room: &RoomView,
    sensor: Option<RwSignal<Live>>,
    lang: Lang,
) -> impl IntoView + use<> {
    let t = lang.texts();
    let r = room.rect;
    let kind = if room.protected {
        t.protected_room
    } else {
        t.meeting_room
    };
    let base = if room.protected {
        "room room-protected"
    } else {
        "room"
    };
    let protected = room.protected;
    let class = move || match sensor {
        Some(s) => format!("{base} live-{}", s.get().css()),
        None => base.to_string(),
    };
    let title = format!(
        "{} {} – {}, {} {}",
        t.room, room.label, kind, room.capacity, t.persons
    );
    let title = move || match sensor {
        Some(s) => format!("{title}, {}", s.get().label(lang, protected)),
        None => title.clone(),
    };
    view! {
        <g class=class data-room=room.label.clone() data-live=move || sensor.map(|s| s.get().css())>
            <title>{title}</title>
            <rect x=r.x y=r.y width=r.width height=r.height rx="4" />
            <text x=r.x + r.width / 2 y=r.y + r.height / 2 class="room-label" text-anchor="middle">
                {room.label.clone()}
            </text>
        </g>
    }
}

#[component]
pub(super) fn Legend(lang: Lang) -> impl IntoView {
    let t = lang.texts();
    view! {
        <ul class="legend" aria-label=t.legend>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon">
                    <rect class="legend-free" x="1" y="1" width="18" height="12" rx="2" />
                </svg>
                {t.state_free}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon">
                    <rect class="legend-booked" x="1" y="1" width="18" height="12" rx="2" />
                    <path class="desk-stroke" d="M3 11 L17 3" />
                </svg>
                {t.state_booked}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon">
                    <rect class="legend-mine" x="1" y="1" width="18" height="12" rx="2" />
                    <path class="desk-tick" d="M5 7 l3 3 l7 -7" />
                </svg>
                {t.state_mine}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon">
                    <rect class="legend-blocked" x="1" y="1" width="18" height="12" rx="2" />
                    <path class="desk-cross" d="M1 1 L19 13 M19 1 L1 13" />
                </svg>
                {t.state_blocked}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon">
                    <rect class="legend-free" x="1" y="1" width="18" height="12" rx="2" />
                    <circle class="desk-accessible" cx="10" cy="7" r="4" />
                </svg>
                {t.accessible}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon">
                    <rect class="legend-protected" x="1" y="1" width="18" height="12" rx="2" />
                </svg>
                {t.protected_room}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon live-occupied">
                    <rect class="legend-free" x="1" y="1" width="18" height="12" rx="2" />
                    <g class="live-mark live-mark-occupied">
                        <circle cx="10" cy="5" r="2.5" />
                        <path d="M6 12 q4 -6 8 0" />
                    </g>
                </svg>
                {t.live_occupied}
            </li>
            <li>
                <svg viewBox="0 0 20 14" aria-hidden="true" class="legend-icon live-unknown">
                    <rect class="legend-free" x="1" y="1" width="18" height="12" rx="2" />
                    <text class="live-mark live-mark-unknown" x="10" y="11" text-anchor="middle">
                        "?"
                    </text>
                </svg>
                {t.live_unknown}
            </li>
        </ul>
    }
}
