//! A floor: its SVG plan with every zone, desk and room, a details panel for the selected
//! desk, and the same as lists for screen readers.
//!
//! Selecting a desk is a link (`?desk=ID`), so it works without JavaScript; after hydration
//! the click is handled in the browser without reloading the page.
//!
//! Desks and rooms with an occupancy sensor show what it says now (occupied, empty, sensor
//! unknown; protected rooms only taken or free), by a mark in the shape, by words in the list
//! and the details, and by colour. The page renders the state it had when served; after
//! hydration it follows the live stream `/api/v1/live?floor=N` (an `EventSource`).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use chrono::NaiveDate;
use leptos::form::ActionForm;

use super::{ErrorNotice, Loading};
use crate::account::current_person;
use crate::api::get_floor_plan;
use crate::bookings::{BookDesk, CancelBooking, colleagues_today, get_floor_availability};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{
    Availability, DayResult, DeskAvailability, DeskView, Equipment, FloorAvailability, FloorPlan,
    Live, RoomView, Slot,
};
use crate::shell::use_lang;

/// The floor page at `/floors/:level`, for a day and slot (`?day=YYYY-MM-DD&slot=morning`),
/// optionally filtered by equipment (`?docking=on&monitors=on&adjustable=on&accessible=on`).
#[component]
pub fn FloorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let level = move || {
        params
            .read()
            .get("level")
            .and_then(|l| l.parse::<i32>().ok())
    };
    let book = ServerAction::<BookDesk>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let plan = Resource::new(level, |level| async move {
        match level {
            Some(level) => get_floor_plan(level).await,
            None => Err(AppError::NotFound),
        }
    });
    let availability = Resource::new(
        move || {
            let query = query.read();
            (
                level(),
                query.get("day").and_then(|d| d.parse::<NaiveDate>().ok()),
                query.get("slot").as_deref().and_then(Slot::from_code),
                book.version().get(),
                cancel.version().get(),
            )
        },
        |(level, day, slot, _, _)| async move {
            match level {
                Some(level) => {
                    get_floor_availability(level, day, slot.unwrap_or(Slot::FullDay)).await
                }
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (plan.await, availability.await) {
                    (Ok(plan), Ok(availability)) => {
                        view! { <Floor plan availability book cancel /> }.into_any()
                    }
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The equipment a person asked for (`?docking=on…`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Filters {
    docking: bool,
    monitors: bool,
    adjustable: bool,
    accessible: bool,
}

impl Filters {
    fn of(query: &leptos_router::params::ParamsMap) -> Filters {
        Filters {
            docking: query.get("docking").is_some(),
            monitors: query.get("monitors").is_some(),
            adjustable: query.get("adjustable").is_some(),
            accessible: query.get("accessible").is_some(),
        }
    }

    fn admits(self, equipment: &Equipment) -> bool {
        (!self.docking || equipment.docking)
            && (!self.monitors || equipment.monitors >= 2)
            && (!self.adjustable || equipment.height_adjustable)
            && (!self.accessible || equipment.accessible)
    }

    /// The query string part of the filters (`&docking=on…`).
    fn query(self) -> String {
        [
            (self.docking, "docking"),
            (self.monitors, "monitors"),
            (self.adjustable, "adjustable"),
            (self.accessible, "accessible"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| format!("&{name}=on"))
        .collect()
    }
}

/// A day as people read it: `30.11.2026` in German, `2026-11-30` in English.
pub fn format_day(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => day.format("%d.%m.%Y").to_string(),
        Lang::En => day.format("%Y-%m-%d").to_string(),
    }
}

/// For building administrators: the link to the floor's printable check-in QR codes.
#[component]
fn QrSheetLink(level: i32) -> impl IntoView {
    let t = use_lang().texts();
    let person = Resource::new(|| (), |_| current_person());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                person
                    .await
                    .ok()
                    .flatten()
                    .filter(|me| me.roles.iter().any(|role| role == "building_admin"))
                    .map(|_| {
                        view! {
                            <p class="admin-links">
                                <a href=format!("/floors/{level}/qr")>{t.qr_sheet_link}</a>
                            </p>
                        }
                    })
            })}
        </Suspense>
    }
}

/// The address of the floor for `day`, `slot` and `filters` with `desk` selected.
fn desk_href(level: i32, view: &str, desk: i32) -> String {
    format!("/floors/{level}?{view}&desk={desk}")
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

/// A link that selects a desk: a plain link without JavaScript, handled in place after
/// hydration.
fn select_handler(href: String) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    let navigate = use_navigate();
    move |ev: leptos::ev::MouseEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
            return;
        }
        ev.prevent_default();
        navigate(
            &href,
            NavigateOptions {
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// The sensor state of each desk and room with a sensor, by label, as signals the live
/// stream updates.
#[derive(Debug, Clone, Default)]
struct LiveStates {
    desks: HashMap<String, RwSignal<Live>>,
    rooms: HashMap<String, (RwSignal<Live>, bool)>,
}

impl LiveStates {
    fn of(plan: &FloorPlan) -> LiveStates {
        LiveStates {
            desks: plan
                .desks
                .iter()
                .filter_map(|d| d.live.map(|live| (d.label.clone(), RwSignal::new(live))))
                .collect(),
            rooms: plan
                .rooms
                .iter()
                .filter_map(|r| {
                    r.live
                        .map(|live| (r.label.clone(), (RwSignal::new(live), r.protected)))
                })
                .collect(),
        }
    }

    fn desk(&self, label: &str) -> Option<RwSignal<Live>> {
        self.desks.get(label).copied()
    }

    /// Applies one message of the live stream.
    #[cfg(feature = "hydrate")]
    fn apply(&self, update: &crate::model::LiveUpdate) {
        if let Some(desk) = update
            .desk
            .as_deref()
            .and_then(|label| self.desks.get(label))
        {
            desk.set(update.state);
        }
        if let Some((room, protected)) = update
            .room
            .as_deref()
            .and_then(|label| self.rooms.get(label))
        {
            room.set(if *protected {
                update.state.taken_or_free()
            } else {
                update.state
            });
        }
    }
}

/// After hydration: follows the live stream of the floor until the page is left.
#[cfg(feature = "hydrate")]
fn follow_live_stream(level: i32, states: LiveStates) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    Effect::new(move |_| {
        let Ok(source) = web_sys::EventSource::new(&format!("/api/v1/live?floor={level}")) else {
            return;
        };
        let states = states.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let update = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<crate::model::LiveUpdate>(&text).ok());
                if let Some(update) = update {
                    states.apply(&update);
                }
            },
        );
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let held = SendWrapper::new((source, on_message));
        on_cleanup(move || {
            let (source, _on_message) = held.take();
            source.close();
        });
    });
}

#[component]
fn Floor(
    plan: FloorPlan,
    availability: FloorAvailability,
    book: ServerAction<BookDesk>,
    cancel: ServerAction<CancelBooking>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let live = LiveStates::of(&plan);
    #[cfg(feature = "hydrate")]
    follow_live_stream(plan.level, live.clone());
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("desk").and_then(|d| d.parse::<i32>().ok()));
    let filters = Filters::of(&query.get_untracked());
    let level = plan.level;
    let (day, slot) = (availability.day, availability.slot);
    // The day, slot and filters, kept in every link that selects a desk.
    let view_query = format!("day={day}&slot={}{}", slot.code(), filters.query());
    let states: HashMap<i32, DeskAvailability> =
        availability.desks.into_iter().map(|d| (d.id, d)).collect();
    let state_of = {
        let states = states.clone();
        move |id: i32| states.get(&id).map_or(Availability::Blocked, |d| d.state)
    };
    let title = format!("{} – {}", plan.name, plan.building);

    let floor_nav = plan
        .levels
        .iter()
        .map(|(other, name)| {
            let current = (*other == level).then_some("page");
            view! {
                <li>
                    <a href=format!("/floors/{other}") aria-current=current>
                        {name.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();

    let zones = plan
        .zones
        .iter()
        .map(|zone| {
            let r = zone.rect;
            view! {
                <g class=format!("zone zone-{}", zone.kind.css())>
                    <rect x=r.x y=r.y width=r.width height=r.height rx="6" />
                    <text x=r.x + 10 y=r.y + 24 class="zone-label">
                        {zone.name.clone()}
                    </text>
                </g>
            }
        })
        .collect_view();

    let rooms = plan
        .rooms
        .iter()
        .map(|room| room_shape(room, live.rooms.get(&room.label).map(|(s, _)| *s), lang))
        .collect_view();

    let desks = plan
        .desks
        .iter()
        .map(|desk| {
            let id = desk.id;
            let r = desk.rect;
            let (cx, cy) = (r.x + r.width / 2, r.y + r.height / 2);
            let href = desk_href(level, &view_query, id);
            let is_selected = move || selected.get() == Some(id);
            let state = state_of(id);
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
            let sensor = live.desk(&desk.label);
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
            view! {
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
            }
        })
        .collect_view();

    let desk_rows = plan
        .desks
        .iter()
        .filter(|desk| filters.admits(&desk.equipment))
        .map(|desk| {
            let href = desk_href(level, &view_query, desk.id);
            let state = state_of(desk.id);
            let equipment = desk.equipment.describe(lang);
            let equipment = if equipment.is_empty() {
                t.no_equipment.to_string()
            } else {
                equipment.join(", ")
            };
            let sensor = live.desk(&desk.label);
            let now = move || match sensor {
                Some(s) => s.get().label(lang, false),
                None => t.live_no_sensor,
            };
            let now_css = move || match sensor {
                Some(s) => format!("live live-{}", s.get().css()),
                None => "live".to_string(),
            };
            view! {
                <tr data-desk=desk.label.clone()>
                    <th scope="row">
                        <a href=href.clone() on:click=select_handler(href)>
                            {desk.label.clone()}
                        </a>
                    </th>
                    <td>{desk.zone.clone()}</td>
                    <td>{equipment}</td>
                    <td class=format!("state state-{}", state.css())>{state.label(lang)}</td>
                    <td class=now_css>{now}</td>
                </tr>
            }
        })
        .collect_view();

    let room_rows = plan
        .rooms
        .iter()
        .map(|room| {
            let kind = if room.protected {
                t.protected_room
            } else {
                t.meeting_room
            };
            let sensor = live.rooms.get(&room.label).map(|(s, _)| *s);
            let protected = room.protected;
            let now = move || match sensor {
                Some(s) => s.get().label(lang, protected),
                None => t.live_no_sensor,
            };
            view! {
                <tr data-room=room.label.clone()>
                    <th scope="row">{room.label.clone()}</th>
                    <td>{room.name.clone()}</td>
                    <td>{kind}</td>
                    <td>{room.capacity} " " {t.persons}</td>
                    <td class="live">{now}</td>
                </tr>
            }
        })
        .collect_view();

    let desk_count = plan
        .desks
        .iter()
        .filter(|desk| filters.admits(&desk.equipment))
        .count();
    let room_count = plan.rooms.len();
    let desks_for_details = plan.desks.clone();
    let live_for_details = live.clone();
    let view_query_for_details = view_query.clone();
    let details = move || {
        let chosen = selected
            .get()
            .and_then(|id| desks_for_details.iter().find(|d| d.id == id));
        match chosen {
            Some(desk) => {
                let sensor = live_for_details.desk(&desk.label);
                let availability = states.get(&desk.id).cloned();
                view! {
                    <DeskDetails
                        desk=desk.clone()
                        sensor
                        availability
                        day
                        period=slot
                        close=format!("/floors/{level}?{view_query_for_details}")
                        book
                        cancel
                    />
                }
                .into_any()
            }
            None => view! { <p class="hint">{t.select_desk_hint}</p> }.into_any(),
        }
    };

    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label=t.floors>
            <a href="/">{t.back_to_building}</a>
        </nav>
        <h1>{plan.name.clone()}</h1>
        <nav class="floor-switch" aria-label=t.floors>
            <ul>{floor_nav}</ul>
        </nav>
        <QrSheetLink level />
        <BookingControls level day period=slot filters />
        <Colleagues />
        <div class="floor-layout">
            <figure class="plan">
                <svg
                    viewBox=format!("0 0 {} {}", plan.width, plan.height)
                    aria-labelledby="plan-title"
                    class="floor-plan"
                >
                    <title id="plan-title">{format!("{} {}", t.floor_plan, plan.name)}</title>
                    <rect class="outline" x="0" y="0" width=plan.width height=plan.height />
                    {zones}
                    {rooms}
                    {desks}
                </svg>
                <figcaption>
                    <Legend lang />
                </figcaption>
            </figure>
            <aside class="details" aria-live="polite" aria-label=t.desk>
                {details}
            </aside>
        </div>
        <ListView
            summary=format!("{} ({desk_count})", t.desk_list)
            headers=[t.desk, t.zone, t.equipment, t.state, t.live_heading]
            rows=desk_rows.into_any()
        />
        <ListView
            summary=format!("{} ({room_count})", t.room_list)
            headers=[t.room, t.name, t.room_kind, t.capacity, t.live_heading]
            rows=room_rows.into_any()
        />
    }
}

fn room_shape(
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
fn Legend(lang: Lang) -> impl IntoView {
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

#[component]
#[allow(clippy::too_many_arguments)]
fn DeskDetails(
    desk: DeskView,
    sensor: Option<RwSignal<Live>>,
    availability: Option<DeskAvailability>,
    day: NaiveDate,
    period: Slot,
    close: String,
    book: ServerAction<BookDesk>,
    cancel: ServerAction<CancelBooking>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let equipment = desk.equipment.describe(lang);
    let equipment = if equipment.is_empty() {
        view! { <li>{t.no_equipment}</li> }.into_any()
    } else {
        equipment
            .into_iter()
            .map(|item| view! { <li>{item}</li> })
            .collect_view()
            .into_any()
    };
    let state = availability
        .as_ref()
        .map_or(Availability::Blocked, |a| a.state);
    let halves = availability.as_ref().map(|a| {
        format!(
            "{}: {}, {}: {}",
            t.slot_morning,
            a.morning.label(lang),
            t.slot_afternoon,
            a.afternoon.label(lang)
        )
    });
    let zone_hint = availability.as_ref().map(|a| {
        if a.home_zone {
            view! { <p class="hint home-zone">{t.home_zone_hint}</p> }.into_any()
        } else {
            view! { <p class="hint outside-home-zone">{t.outside_home_zone_hint}</p> }.into_any()
        }
    });
    let action = match (state, availability.as_ref().and_then(|a| a.booking_id)) {
        (Availability::Free, _) => {
            view! { <BookForm desk_id=desk.id day period book /> }.into_any()
        }
        (Availability::Mine, Some(booking_id)) => view! {
            <ActionForm action=cancel>
                <input type="hidden" name="booking_id" value=booking_id.to_string() />
                <button type="submit">{t.cancel_button}</button>
            </ActionForm>
        }
        .into_any(),
        _ => ().into_any(),
    };
    let outcome = move || {
        book.value().get().map(|result| match result {
            Ok(outcomes) => {
                let items = outcomes
                    .into_iter()
                    .map(|outcome| {
                        let day = format_day(outcome.day, lang);
                        match outcome.result {
                            DayResult::Booked { .. } => view! {
                                <li class="outcome-booked">
                                    <span aria-hidden="true">"✓ "</span>
                                    {day} ": " {t.booked_ok}
                                </li>
                            }
                            .into_any(),
                            DayResult::Refused { reason } => view! {
                                <li class="outcome-refused">
                                    <span aria-hidden="true">"✗ "</span>
                                    {day} ": " {t.refused_label} " – " {reason.message(lang)}
                                </li>
                            }
                            .into_any(),
                        }
                    })
                    .collect_view();
                view! {
                    <section class="booking-outcome" aria-label=t.booking_result>
                        <h3>{t.booking_result}</h3>
                        <ul>{items}</ul>
                    </section>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let cancelled = move || {
        cancel.value().get().map(|result| match result {
            Ok(()) => view! { <p role="status">{t.cancelled_ok}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    view! {
        <div class="desk-details" data-desk=desk.label.clone()>
            <h2>{format!("{} {}", t.desk, desk.label)}</h2>
            <dl>
                <dt>{t.zone}</dt>
                <dd>{desk.zone.clone()}</dd>
                <dt>{t.state_for_slot} " (" {format_day(day, lang)} ", " {period.label(lang)} ")"</dt>
                <dd class=format!("state state-{}", state.css())>{state.label(lang)}</dd>
                {halves.map(|halves| view! { <dd class="halves">{halves}</dd> })}
                <dt>{t.live_heading}</dt>
                <dd class="live">
                    {move || match sensor {
                        Some(s) => s.get().label(lang, false),
                        None => t.live_no_sensor,
                    }}
                </dd>
                <dt>{t.equipment}</dt>
                <dd>
                    <ul class="equipment">{equipment}</ul>
                </dd>
            </dl>
            {zone_hint}
            {action}
            {outcome}
            {cancelled}
            <a class="close" href=close.clone() on:click=select_handler(close)>
                {t.close}
            </a>
        </div>
    }
}

/// Books the selected desk for the day and slot shown, or weekly on ticked weekdays.
#[component]
fn BookForm(
    desk_id: i32,
    day: NaiveDate,
    period: Slot,
    book: ServerAction<BookDesk>,
) -> impl IntoView {
    let t = use_lang().texts();
    let weekdays = [
        ("mon", t.weekday_mon),
        ("tue", t.weekday_tue),
        ("wed", t.weekday_wed),
        ("thu", t.weekday_thu),
        ("fri", t.weekday_fri),
    ]
    .into_iter()
    .map(|(name, label)| {
        view! {
            <label class="check">
                <input type="checkbox" name=name />
                {label}
            </label>
        }
    })
    .collect_view();
    view! {
        <ActionForm action=book attr:class="book-form">
            <input type="hidden" name="desk_id" value=desk_id.to_string() />
            <input type="hidden" name="day" value=day.to_string() />
            <input type="hidden" name="slot" value=period.code() />
            <details class="repeat">
                <summary>{t.book_repeat}</summary>
                <fieldset>
                    <legend>{t.book_repeat}</legend>
                    {weekdays}
                    <label class="field">
                        {t.weeks_label}
                        <input type="number" name="weeks" min="1" max="26" value="4" />
                    </label>
                </fieldset>
            </details>
            <button type="submit" class="primary">
                {t.book_button}
            </button>
        </ActionForm>
    }
}

/// Day, slot and equipment filter: a plain form, so it works without JavaScript.
#[component]
fn BookingControls(level: i32, day: NaiveDate, period: Slot, filters: Filters) -> impl IntoView {
    let t = use_lang().texts();
    let slots = [Slot::FullDay, Slot::Morning, Slot::Afternoon]
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.code() selected=option == period>
                    {option.label(use_lang())}
                </option>
            }
        })
        .collect_view();
    let checks = [
        ("docking", t.docking, filters.docking),
        ("monitors", t.two_monitors, filters.monitors),
        ("adjustable", t.height_adjustable, filters.adjustable),
        ("accessible", t.accessible, filters.accessible),
    ]
    .into_iter()
    .map(|(name, label, on)| {
        view! {
            <label class="check">
                <input type="checkbox" name=name checked=on />
                {label}
            </label>
        }
    })
    .collect_view();
    view! {
        <form class="booking-controls" method="get" action=format!("/floors/{level}")>
            <label class="field">
                {t.day_label}
                <input type="date" name="day" value=day.to_string() required />
            </label>
            <label class="field">
                {t.slot_label}
                <select name="slot">{slots}</select>
            </label>
            <fieldset class="filters">
                <legend>{t.filter_heading}</legend>
                {checks}
            </fieldset>
            <button type="submit">{t.show_button}</button>
            <a class="find-link" href="/find">
                {t.find_title}
            </a>
        </form>
    }
}

/// Where colleagues of one's unit who share it sit today.
#[component]
fn Colleagues() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let colleagues = Resource::new(|| (), |_| colleagues_today());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let list = colleagues.await.unwrap_or_default();
                let count = list.len();
                let items = list
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                {c.name} ": "
                                <a href=format!("/floors/{}?desk={}", c.level, c.desk_id)>
                                    {format!("{} {}", t.desk, c.desk)}
                                </a>
                                " (" {c.slot.label(lang)} ")"
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <details class="colleagues">
                        <summary>{format!("{} ({count})", t.colleagues_heading)}</summary>
                        {if count == 0 {
                            view! { <p>{t.colleagues_none}</p> }.into_any()
                        } else {
                            view! { <ul>{items}</ul> }.into_any()
                        }}
                    </details>
                }
            })}
        </Suspense>
    }
}

/// A table of the plan's desks or rooms, folded away under a summary line.
#[component]
fn ListView<const N: usize>(
    summary: String,
    headers: [&'static str; N],
    rows: AnyView,
) -> impl IntoView {
    let headers = headers
        .into_iter()
        .map(|header| view! { <th scope="col">{header}</th> })
        .collect_view();
    view! {
        <details class="list-view">
            <summary>{summary}</summary>
            <table>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}
