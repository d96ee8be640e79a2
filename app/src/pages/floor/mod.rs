//! A floor: its SVG plan with every zone, desk and room, a details panel for the selected
//! desk, and the same as lists for screen readers.
//!
//! Selecting a desk is a link (`?desk=ID`), so it works without JavaScript; after hydration
//! the click is handled in the browser without reloading the page.
//!
//! Desks and rooms with an occupancy sensor show what it says now (occupied, empty, sensor
//! unknown; protected rooms only taken or free), by a mark in the shape, by words in the list
//! and the details, and by colour. The page renders the state it had when served; after
//! hydration it follows the live stream `/api/v1/live?building=B&floor=N` (an `EventSource`).
//!
//! The page is put together here; its parts live in submodules: `plan` (the SVG plan and its
//! legend), `lists` (the desk and room tables), `details` (the selected desk and its booking
//! form), `controls` (day, slot and equipment filter), `live` (sensor states and the live
//! stream), `colleagues` (where colleagues sit today) and `zones` (one zone at a time on a
//! phone: zone tabs, the plan closed in on the zone, desks large enough to tap); `way` draws
//! and tells the way from the entrance to a desk or room (`?way_desk=ID`, `?way_room=ID`).

mod colleagues;
mod controls;
mod details;
mod lists;
mod live;
mod plan;
mod way;
mod zones;

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use chrono::NaiveDate;

use self::colleagues::Colleagues;
use self::controls::{BookingControls, Filters};
use self::details::DeskDetails;
use self::lists::{ListView, desk_row, room_row};
use self::live::LiveStates;
#[cfg(feature = "hydrate")]
use self::live::follow_live_stream;
use self::plan::{Legend, desk_shape, room_shape, zone_shape};
use self::zones::{PANEL_ID, ZoneTabs, Zoning, narrow_screen, tab_id};
use super::{ErrorNotice, Loading};
use crate::account::current_person;
use crate::api::get_floor_plan;
use crate::bookings::{BookDesk, CancelBooking, get_floor_availability};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{
    Availability, DeskAvailability, FloorAvailability, FloorPlan, Slot, building_path, floor_path,
};
use crate::shell::use_lang;

/// The floor page at `/buildings/:building/floors/:level` (and at `/floors/:level` in the
/// viewer's home building), for a day and slot (`?day=YYYY-MM-DD&slot=morning`), optionally
/// filtered by equipment (`?docking=on&monitors=on&adjustable=on&accessible=on`).
#[component]
pub fn FloorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let building = move || params.read().get("building");
    let level = move || {
        params
            .read()
            .get("level")
            .and_then(|l| l.parse::<i32>().ok())
    };
    let book = ServerAction::<BookDesk>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let plan = Resource::new(
        move || (building(), level()),
        |(building, level)| async move {
            match level {
                Some(level) => get_floor_plan(building, level).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let availability = Resource::new(
        move || {
            let query = query.read();
            (
                building(),
                level(),
                query.get("day").and_then(|d| d.parse::<NaiveDate>().ok()),
                query.get("slot").as_deref().and_then(Slot::from_code),
                book.version().get(),
                cancel.version().get(),
            )
        },
        |(building, level, day, slot, _, _)| async move {
            match level {
                Some(level) => {
                    get_floor_availability(building, level, day, slot.unwrap_or(Slot::FullDay))
                        .await
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

/// A day as people read it: `30.11.2026` in German, `2026-11-30` in English.
pub fn format_day(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => day.format("%d.%m.%Y").to_string(),
        Lang::En => day.format("%Y-%m-%d").to_string(),
    }
}

/// For building administrators: the link to the floor's printable check-in QR codes.
#[component]
fn QrSheetLink(floor: String) -> impl IntoView {
    let t = use_lang().texts();
    let person = Resource::new(|| (), |_| current_person());
    let href = format!("{floor}/qr");
    view! {
        <Suspense>
            {move || {
                let href = href.clone();
                Suspend::new(async move {
                person
                    .await
                    .ok()
                    .flatten()
                    .filter(|me| me.roles.iter().any(|role| role == "building_admin"))
                    .map(|_| {
                        view! {
                            <p class="admin-links">
                                <a href=href>{t.qr_sheet_link}</a>
                            </p>
                        }
                    })
                })
            }}
        </Suspense>
    }
}

/// The address of `floor` (its path) for `day`, `slot` and `filters` with `desk` selected.
fn desk_href(floor: &str, view: &str, desk: i32) -> String {
    format!("{floor}?{view}&desk={desk}")
}

/// A link that selects a desk: a plain link without JavaScript, handled in place after
/// hydration. Selecting a desk moves the keyboard focus to its details (their heading), so a
/// keyboard user reaches the booking form without tabbing through the rest of the plan.
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
        #[cfg(feature = "hydrate")]
        if let Some((_, desk)) = href.split_once("desk=") {
            let desk = desk.split(['&', '#']).next().unwrap_or_default();
            focus_when_shown(format!(".desk-details[data-desk-id='{desk}'] h2"), 60);
        }
    }
}

/// Focuses the first element matching `selector` once it is on the page, trying for at most
/// `frames` animation frames (about a second for 60).
#[cfg(feature = "hydrate")]
fn focus_when_shown(selector: String, frames: u32) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match element {
        Some(element) => {
            let _ignored = element.focus();
        }
        None if frames > 0 => {
            request_animation_frame(move || focus_when_shown(selector, frames - 1));
        }
        None => {}
    }
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
    follow_live_stream(&plan.building_slug, plan.level, live.clone());
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("desk").and_then(|d| d.parse::<i32>().ok()));
    let filters = Filters::of(&query.get_untracked());
    let level = plan.level;
    let floor = floor_path(&plan.building_slug, level);
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

    // On a phone the plan shows one zone at a time (`zones`): the zone of the selected desk,
    // or the one its tab chose.
    let zoning = Zoning::of(&plan);
    let narrow = narrow_screen();
    let shown_zone = RwSignal::new(zoning.first(selected.get_untracked()));
    Effect::new({
        let zoning = zoning.clone();
        move |_| {
            if let Some(zone) = selected.get().and_then(|desk| zoning.desk_zone(desk)) {
                shown_zone.set(Some(zone));
            }
        }
    });
    let zoned = Memo::new(move |_| if narrow.get() { shown_zone.get() } else { None });
    #[cfg(feature = "hydrate")]
    zones::scroll_to_start_on_change(zoned);
    // Hidden in the zone view: what lies in another zone (or in none).
    let elsewhere = move |zone: Option<i32>| move || zoned.get().is_some_and(|z| Some(z) != zone);

    let floor_nav = plan
        .levels
        .iter()
        .map(|(other, name)| {
            let current = (*other == level).then_some("page");
            view! {
                <li>
                    <a href=floor_path(&plan.building_slug, *other) aria-current=current>
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
            view! { <g class:elsewhere=elsewhere(Some(zone.id))>{zone_shape(zone)}</g> }
        })
        .collect_view();

    let rooms = plan
        .rooms
        .iter()
        .map(|room| {
            view! {
                <g class:elsewhere=elsewhere(zoning.room_zone(room.id))>
                    {room_shape(room, live.room(&room.label), lang)}
                </g>
            }
        })
        .collect_view();

    let desks = plan
        .desks
        .iter()
        .map(|desk| {
            view! {
                <g class:elsewhere=elsewhere(zoning.desk_zone(desk.id))>
                    {desk_shape(
                        desk,
                        desk_href(&floor, &view_query, desk.id),
                        selected,
                        state_of(desk.id),
                        filters,
                        live.desk(&desk.label),
                        lang,
                    )}
                </g>
            }
        })
        .collect_view();

    let desk_rows = plan
        .desks
        .iter()
        .filter(|desk| filters.admits(&desk.equipment))
        .map(|desk| {
            desk_row(
                desk,
                desk_href(&floor, &view_query, desk.id),
                state_of(desk.id),
                live.desk(&desk.label),
                lang,
            )
        })
        .collect_view();

    let room_rows = plan
        .rooms
        .iter()
        .map(|room| room_row(room, live.room(&room.label), lang))
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
    let floor_for_details = floor.clone();
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
                        close=format!("{floor_for_details}?{view_query_for_details}")
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
            <a href=building_path(&plan.building_slug)>{t.back_to_building}</a>
        </nav>
        <h1>{plan.name.clone()}</h1>
        <nav class="floor-switch" aria-label=t.floors>
            <ul>{floor_nav}</ul>
        </nav>
        <QrSheetLink floor=floor.clone() />
        <BookingControls floor=floor.clone() day period=slot filters />
        <Colleagues />
        <ZoneTabs tabs=zoning.tabs.clone() shown=shown_zone zoned lang />
        <div class="floor-layout">
            <figure
                class="plan"
                id=PANEL_ID
                role=move || zoned.get().map(|_| "tabpanel")
                aria-labelledby=move || zoned.get().map(tab_id)
            >
                <svg
                    viewBox={
                        let zoning = zoning.clone();
                        move || zoning.view_box(zoned.get())
                    }
                    style={
                        let zoning = zoning.clone();
                        move || zoning.style(zoned.get())
                    }
                    aria-labelledby="plan-title"
                    class="floor-plan"
                    class:zoned=move || zoned.get().is_some()
                >
                    <title id="plan-title">
                        {
                            let plan_title = format!("{} {}", t.floor_plan, plan.name);
                            let names: Vec<(i32, String)> = zoning
                                .tabs
                                .iter()
                                .map(|tab| (tab.id, tab.name.clone()))
                                .collect();
                            move || match zoned
                                .get()
                                .and_then(|z| names.iter().find(|(id, _)| *id == z))
                            {
                                Some((_, zone)) => format!("{plan_title}, {zone}"),
                                None => plan_title.clone(),
                            }
                        }
                    </title>
                    <rect class="outline" x="0" y="0" width=plan.width height=plan.height />
                    {plan
                        .plan_image
                        .clone()
                        .map(|href| {
                            view! {
                                <image
                                    class="plan-image"
                                    href=href
                                    x="0"
                                    y="0"
                                    width=plan.width
                                    height=plan.height
                                    pointer-events="none"
                                />
                            }
                        })}
                    {zones}
                    {rooms}
                    {desks}
                    <self::way::WayLine level width=plan.width height=plan.height />
                </svg>
                <figcaption>
                    <Legend lang />
                </figcaption>
            </figure>
            <aside class="details" aria-live="polite" aria-label=t.desk>
                {details}
            </aside>
        </div>
        <self::way::WayPanel level />
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
