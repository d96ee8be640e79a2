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

use super::{ErrorNotice, Loading};
use crate::api::get_floor_plan;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::{DeskState, DeskView, FloorPlan, Live, RoomView};
use crate::shell::use_lang;

/// The floor page at `/floors/:level`.
#[component]
pub fn FloorPage() -> impl IntoView {
    let params = use_params_map();
    let level = move || {
        params
            .read()
            .get("level")
            .and_then(|l| l.parse::<i32>().ok())
    };
    let plan = Resource::new(level, |level| async move {
        match level {
            Some(level) => get_floor_plan(level).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(plan) => view! { <Floor plan /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn desk_href(level: i32, desk: i32) -> String {
    format!("/floors/{level}?desk={desk}")
}

fn desk_summary(desk: &DeskView, live: Option<Live>, lang: Lang) -> String {
    let t = lang.texts();
    let mut summary = format!("{} {}, {}", t.desk, desk.label, desk.state.label(lang));
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
fn Floor(plan: FloorPlan) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let live = LiveStates::of(&plan);
    #[cfg(feature = "hydrate")]
    follow_live_stream(plan.level, live.clone());
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("desk").and_then(|d| d.parse::<i32>().ok()));
    let level = plan.level;
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
            let href = desk_href(level, id);
            let is_selected = move || selected.get() == Some(id);
            let state_css = desk.state.css();
            let blocked = (desk.state == DeskState::Blocked).then(|| {
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
                            "desk desk-{}{}{}",
                            state_css,
                            now().map(|l| format!(" live-{}", l.css())).unwrap_or_default(),
                            if is_selected() { " selected" } else { "" },
                        )
                    }
                    aria-label=move || desk_summary(&summary_desk, now(), lang)
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
        .map(|desk| {
            let href = desk_href(level, desk.id);
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
                    <td>{desk.state.label(lang)}</td>
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

    let desk_count = plan.desks.len();
    let room_count = plan.rooms.len();
    let desks_for_details = plan.desks.clone();
    let live_for_details = live.clone();
    let details = move || {
        let chosen = selected
            .get()
            .and_then(|id| desks_for_details.iter().find(|d| d.id == id));
        match chosen {
            Some(desk) => {
                let sensor = live_for_details.desk(&desk.label);
                view! { <DeskDetails desk=desk.clone() level sensor /> }.into_any()
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
fn DeskDetails(desk: DeskView, level: i32, sensor: Option<RwSignal<Live>>) -> impl IntoView {
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
    let close = format!("/floors/{level}");
    view! {
        <div class="desk-details" data-desk=desk.label.clone()>
            <h2>{format!("{} {}", t.desk, desk.label)}</h2>
            <dl>
                <dt>{t.zone}</dt>
                <dd>{desk.zone.clone()}</dd>
                <dt>{t.state}</dt>
                <dd class=format!("state state-{}", desk.state.css())>{desk.state.label(lang)}</dd>
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
            <a class="close" href=close.clone() on:click=select_handler(close)>
                {t.close}
            </a>
        </div>
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
