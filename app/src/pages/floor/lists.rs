//! The plan's desks and rooms as tables, for screen readers and for reading at a glance.

use leptos::prelude::*;

use super::select_handler;
use crate::i18n::Lang;
use crate::model::{Availability, DeskView, Live, RoomView};

/// A row of the desk list: the desk (a link that selects it), its zone, equipment, state and
/// what its sensor says now.
pub(super) fn desk_row(
    desk: &DeskView,
    href: String,
    state: Availability,
    sensor: Option<RwSignal<Live>>,
    lang: Lang,
) -> impl IntoView + use<> {
    let t = lang.texts();
    let equipment = desk.equipment.describe(lang);
    let equipment = if equipment.is_empty() {
        t.no_equipment.to_string()
    } else {
        equipment.join(", ")
    };
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
}

/// A row of the room list: the room, its name, kind, capacity and what its sensor says now.
pub(super) fn room_row(
    room: &RoomView,
    sensor: Option<RwSignal<Live>>,
    lang: Lang,
) -> impl IntoView + use<> {
    let t = lang.texts();
    let kind = if room.protected {
        t.protected_room
    } else {
        t.meeting_room
    };
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
}

/// A table of the plan's desks or rooms, folded away under a summary line.
#[component]
pub(super) fn ListView<const N: usize>(
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
