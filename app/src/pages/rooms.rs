//! Rooms (`/rooms`): find a free room by time, seats, floor, step-free access, hearing loop,
//! equipment and kind (a plain GET form, so it works without JavaScript); reserve one date or
//! a series; the rooms' timeline for a day or a week; one's own reservations, to change or
//! cancel. Somebody else's reservation of a protected room shows as "taken" and its time.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::allocation::get_building_today;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::rooms::{
    RoomDateResult, RoomFound, RoomInfo, RoomPrivacy, RoomQuery, RoomReservationResult,
    RoomReservationState, RoomReservationView, RoomTimeline, TimelineEntry,
};
use crate::pages::floor::format_day;
use crate::pages::{ErrorNotice, Loading};
use crate::rooms::{
    CancelRoomReservation, CancelRoomSeries, ChangeRoomReservation, ONCE, ReserveRoom, find_rooms,
    get_my_room_reservations, get_room_timeline,
};
use crate::shell::use_lang;

/// The equipment one can look for, as stored.
const EQUIPMENT: [&str; 4] = ["bildschirm", "videokonferenz", "sichtschutz", "notruf"];
/// The timeline's day, in hours.
const DAY_STARTS: u32 = 7;
const DAY_ENDS: u32 = 20;

/// The search as the URL has it.
#[derive(Debug, Clone, PartialEq)]
struct Search {
    day: Option<NaiveDate>,
    from: NaiveTime,
    to: NaiveTime,
    capacity: Option<i32>,
    level: Option<i32>,
    step_free: bool,
    hearing_loop: bool,
    equipment: Option<String>,
    privacy: Option<RoomPrivacy>,
    room: Option<i32>,
    week: bool,
}

impl Search {
    fn of(query: &ParamsMap) -> Self {
        let time = |name: &str, default: u32| {
            query
                .get(name)
                .and_then(|t| t.parse::<NaiveTime>().ok())
                .or_else(|| NaiveTime::from_hms_opt(default, 0, 0))
                .unwrap_or(NaiveTime::MIN)
        };
        Search {
            day: query.get("day").and_then(|d| d.parse().ok()),
            from: time("from", 9),
            to: time("to", 10),
            capacity: query.get("capacity").and_then(|c| c.parse().ok()),
            level: query.get("level").and_then(|l| l.parse().ok()),
            step_free: query.get("step_free").is_some(),
            hearing_loop: query.get("hearing_loop").is_some(),
            equipment: query.get("equipment").filter(|e| !e.is_empty()),
            privacy: query
                .get("privacy")
                .and_then(|p| RoomPrivacy::from_code(&p)),
            room: query.get("room").and_then(|r| r.parse().ok()),
            week: query.get("view").as_deref() == Some("week"),
        }
    }

    fn query(&self, day: NaiveDate) -> RoomQuery {
        RoomQuery {
            day: Some(day),
            from: Some(self.from),
            to: Some(self.to),
            capacity: self.capacity,
            level: self.level,
            step_free: self.step_free,
            hearing_loop: self.hearing_loop,
            equipment: self.equipment.clone(),
            privacy: self.privacy,
        }
    }

    /// This search's URL with `room` chosen.
    fn href_with_room(&self, day: NaiveDate, room: i32) -> String {
        let mut href = format!(
            "/rooms?day={day}&from={}&to={}",
            self.from.format("%H:%M"),
            self.to.format("%H:%M")
        );
        for (name, value) in [
            ("capacity", self.capacity.map(|c| c.to_string())),
            ("level", self.level.map(|l| l.to_string())),
            ("step_free", self.step_free.then(|| "on".to_owned())),
            ("hearing_loop", self.hearing_loop.then(|| "on".to_owned())),
            ("equipment", self.equipment.clone()),
            ("privacy", self.privacy.map(|p| p.code().to_owned())),
        ] {
            if let Some(value) = value {
                href.push_str(&format!("&{name}={value}"));
            }
        }
        href.push_str(&format!("&room={room}#reserve"));
        href
    }
}

fn hhmm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// `/rooms`.
#[component]
pub fn RoomsPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let query = use_query_map();
    let search = Memo::new(move |_| Search::of(&query.read()));
    let reserve = ServerAction::<ReserveRoom>::new();
    let cancel = ServerAction::<CancelRoomReservation>::new();
    let cancel_series = ServerAction::<CancelRoomSeries>::new();
    let change = ServerAction::<ChangeRoomReservation>::new();
    let changed = move || {
        (
            reserve.version().get(),
            cancel.version().get(),
            cancel_series.version().get(),
            change.version().get(),
        )
    };
    let data = Resource::new(
        move || (search.get(), changed()),
        |(search, _)| async move {
            let today = get_building_today().await?;
            let day = search.day.unwrap_or(today);
            let found = find_rooms(search.query(day)).await?;
            let days = if search.week { 7 } else { 1 };
            let timeline = get_room_timeline(day, days, search.level).await?;
            Ok::<_, AppError>((day, found, timeline))
        },
    );
    let mine = Resource::new(changed, |_| get_my_room_reservations());
    view! {
        <Title text=t.rooms_title />
        <h1>{t.rooms_title}</h1>
        <p>{t.rooms_intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((day, found, timeline)) => {
                        let s = search.get_untracked();
                        let chosen = s
                            .room
                            .and_then(|id| found.iter().find(|f| f.room.id == id).cloned());
                        view! {
                            <SearchForm search=s.clone() day />
                            <Results found search=s.clone() day />
                            {chosen
                                .map(|found| {
                                    view! { <ReserveForm found search=s.clone() day reserve /> }
                                })}
                            <div role="status" aria-live="polite">
                                {move || {
                                    reserve
                                        .value()
                                        .get()
                                        .map(|result| match result {
                                            Ok(result) => view! { <Outcome result /> }.into_any(),
                                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                                        })
                                }}
                            </div>
                            <Timeline timeline week=s.week day level=s.level />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="my-rooms-heading">
            <h2 id="my-rooms-heading">{t.rooms_mine}</h2>
            <div role="status" aria-live="polite">
                {move || {
                    cancel
                        .value()
                        .get()
                        .and_then(Result::err)
                        .or_else(|| change.value().get().and_then(Result::err))
                        .or_else(|| cancel_series.value().get().and_then(Result::err))
                        .map(|error| view! { <ErrorNotice error /> })
                }}
            </div>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(reservations) => {
                            view! { <Mine reservations cancel cancel_series change /> }.into_any()
                        }
                        // People who may not reserve rooms have none.
                        Err(AppError::Forbidden) => view! { <p>{t.rooms_none}</p> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The day and the from/until fields, on the 15-minute grid.
#[component]
fn DayAndTimes(day: NaiveDate, from: NaiveTime, to: NaiveTime) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <label class="field">
            {t.day_label}
            <input type="date" name="day" value=day.to_string() required />
        </label>
        <label class="field">
            {t.rooms_from}
            <input type="time" name="from" step="900" value=hhmm(from) required />
        </label>
        <label class="field">
            {t.rooms_to}
            <input type="time" name="to" step="900" value=hhmm(to) required />
        </label>
    }
}

/// The search form (GET: the URL holds the search).
#[component]
fn SearchForm(search: Search, day: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let level = search.level.map(|l| l.to_string()).unwrap_or_default();
    let equipment = EQUIPMENT
        .into_iter()
        .map(|e| {
            view! { <option value=e selected=search.equipment.as_deref() == Some(e)>{e}</option> }
        })
        .collect_view();
    let kinds = [RoomPrivacy::Standard, RoomPrivacy::Protected]
        .into_iter()
        .map(|p| view! { <option value=p.code() selected=search.privacy == Some(p)>{p.label(lang)}</option> })
        .collect_view();
    view! {
        <form class="find-form" method="get" action="/rooms" aria-label=t.rooms_search>
            <DayAndTimes day from=search.from to=search.to />
            <label class="field">
                {t.rooms_capacity}
                <input
                    type="number"
                    name="capacity"
                    min="1"
                    max="50"
                    value=search.capacity.map(|c| c.to_string()).unwrap_or_default()
                />
            </label>
            <label class="field">
                {t.rooms_level}
                <input type="number" name="level" min="0" max="10" value=level />
            </label>
            <label class="field">
                {t.rooms_kind}
                <select name="privacy">
                    <option value="">{t.rooms_any}</option>
                    {kinds}
                </select>
            </label>
            <label class="field">
                {t.rooms_equipment}
                <select name="equipment">
                    <option value="">{t.rooms_any}</option>
                    {equipment}
                </select>
            </label>
            <label class="field">
                <input type="checkbox" name="step_free" checked=search.step_free />
                {t.rooms_step_free}
            </label>
            <label class="field">
                <input type="checkbox" name="hearing_loop" checked=search.hearing_loop />
                {t.rooms_hearing_loop}
            </label>
            <label class="field">
                <input type="checkbox" name="view" value="week" checked=search.week />
                {t.rooms_week_view}
            </label>
            <button type="submit" class="primary">{t.rooms_search_button}</button>
        </form>
    }
}

/// What a room has, in words.
fn features(room: &RoomInfo, lang: Lang) -> String {
    let t = lang.texts();
    let mut parts = vec![
        room.privacy.label(lang).to_owned(),
        format!("{} {}", room.capacity, t.rooms_seats),
    ];
    if room.step_free {
        parts.push(t.rooms_step_free.to_owned());
    }
    if room.hearing_loop {
        parts.push(t.rooms_hearing_loop.to_owned());
    }
    parts.extend(room.equipment.iter().cloned());
    if room.buffer_before_min > 0 || room.buffer_after_min > 0 {
        parts.push(
            t.rooms_buffers
                .replace("{before}", &room.buffer_before_min.to_string())
                .replace("{after}", &room.buffer_after_min.to_string()),
        );
    }
    if let Some(minutes) = room.max_slot_minutes {
        parts.push(t.rooms_max_slot.replace("{minutes}", &minutes.to_string()));
    }
    parts.join(", ")
}

/// Focuses the element with `id` when nothing has the focus (it was on an element that is
/// gone) or the focus is still on the room chosen in the results; waits up to `frames`
/// animation frames for the element to be shown.
#[cfg(feature = "hydrate")]
fn focus_if_lost(id: &'static str, frames: u32) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(element) = document
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        if frames > 0 {
            request_animation_frame(move || focus_if_lost(id, frames - 1));
        }
        return;
    };
    let lost = document.active_element().is_none_or(|e| {
        e.tag_name().eq_ignore_ascii_case("body")
            || e.closest(".room-results").ok().flatten().is_some()
    });
    if lost {
        let _ignored = element.focus();
    }
}

/// The rooms matching the search, free or taken (in words and with a mark).
#[component]
fn Results(found: Vec<RoomFound>, search: Search, day: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    if found.is_empty() {
        return view! { <p>{t.rooms_no_match}</p> }.into_any();
    }
    let when = format!(
        "{} {}–{}",
        format_day(day, lang),
        hhmm(search.from),
        hhmm(search.to)
    );
    let rows = found
        .into_iter()
        .map(|f| {
            let state = if f.free {
                view! { <span class="outcome-booked">"✓ "{t.rooms_free}</span> }.into_any()
            } else {
                view! { <span class="state-booked">"✗ "{t.rooms_taken}</span> }.into_any()
            };
            let action = (f.free && f.may_reserve).then(|| {
                let href = search.href_with_room(day, f.room.id);
                let label = format!("{} {}", t.rooms_reserve, f.room.label);
                view! { <a href=href aria-label=label>{t.rooms_reserve}</a> }
            });
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", f.room.label, f.room.name)}</th>
                    <td>{format!("{} · {}", f.room.level, f.room.building)}</td>
                    <td>{features(&f.room, lang)}</td>
                    <td>{state}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
        <table class="data-table room-results">
            <caption>{format!("{} {when}", t.rooms_results)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.rooms_room}</th>
                    <th scope="col">{t.rooms_level}</th>
                    <th scope="col">{t.rooms_features}</th>
                    <th scope="col">{when.clone()}</th>
                    <th scope="col">
                        <span class="visually-hidden">{t.rooms_reserve}</span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
    .into_any()
}

/// Reserving the chosen room: times, subject, notes, repeat.
#[component]
fn ReserveForm(
    found: RoomFound,
    search: Search,
    day: NaiveDate,
    reserve: ServerAction<ReserveRoom>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let room = found.room;
    let repeats = (1..=4)
        .map(|n| {
            let label = if n == 1 {
                t.rooms_weekly.to_owned()
            } else {
                t.rooms_every_weeks.replace("{n}", &n.to_string())
            };
            view! { <option value=n.to_string()>{label}</option> }
        })
        .collect_view();
    let protected = room.privacy == RoomPrivacy::Protected;
    // Choosing a room opens the form above the results, or renders the results anew, which
    // takes the focus from the link chosen: the form's heading gets it, so a keyboard user
    // goes on from the form (tests/tests/keyboard.rs).
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        focus_if_lost("reserve-heading", 60);
    });
    view! {
        <section id="reserve" class="details" aria-labelledby="reserve-heading">
            <h2 id="reserve-heading" tabindex="-1">
                {format!("{} {} {}", t.rooms_reserve, room.label, room.name)}
            </h2>
            {protected.then(|| view! { <p class="hint">{t.rooms_protected_note}</p> })}
            <ActionForm action=reserve attr:class="book-form">
                <input type="hidden" name="room_id" value=room.id.to_string() />
                <DayAndTimes day from=search.from to=search.to />
                <label class="field">
                    {t.rooms_subject}
                    <input type="text" name="subject" maxlength="200" />
                </label>
                <label class="field">
                    {t.rooms_notes}
                    <textarea name="notes" maxlength="2000" rows="2"></textarea>
                </label>
                <fieldset>
                    <legend>{t.rooms_repeat}</legend>
                    <label class="field">
                        {t.rooms_repeat}
                        <select name="every_weeks">
                            <option value=ONCE>{t.rooms_once}</option>
                            {repeats}
                        </select>
                    </label>
                    <label class="field">
                        {t.rooms_until}
                        <input type="date" name="until" />
                    </label>
                    <label class="field">
                        <input type="checkbox" name="all_or_nothing" />
                        {t.rooms_all_or_nothing}
                    </label>
                </fieldset>
                <button type="submit" class="primary">{t.rooms_reserve}</button>
            </ActionForm>
        </section>
    }
}

/// What became of each date.
#[component]
fn Outcome(result: RoomReservationResult) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let summary = t
        .rooms_outcome_summary
        .replace("{reserved}", &result.reserved().to_string())
        .replace("{dates}", &result.dates.len().to_string());
    let items = result
        .dates
        .into_iter()
        .map(|date| {
            let (class, text) = match date.result {
                RoomDateResult::Reserved { .. } => {
                    ("outcome-booked", format!("✓ {}", t.rooms_reserved))
                }
                RoomDateResult::Refused { reason } => {
                    ("outcome-refused", format!("✗ {}", reason.detail(lang)))
                }
                RoomDateResult::NotReserved => {
                    ("outcome-refused", format!("– {}", t.rooms_not_reserved))
                }
            };
            view! { <li class=class>{format!("{}: {text}", format_day(date.day, lang))}</li> }
        })
        .collect_view();
    view! {
        <div class="found">
            <p>{summary}</p>
            <ul>{items}</ul>
        </div>
    }
}

/// One reservation on the timeline, in words: the time, and "taken", "yours: subject" or who.
fn entry_text(entry: &TimelineEntry, lang: Lang) -> String {
    let t = lang.texts();
    let time = format!("{}–{}", hhmm(entry.from), hhmm(entry.to));
    if entry.mine {
        match &entry.subject {
            Some(subject) => format!("{time} {}: {subject}", t.rooms_mine_entry),
            None => format!("{time} {}", t.rooms_mine_entry),
        }
    } else {
        match &entry.booked_by {
            Some(name) => format!("{time} {} ({name})", t.rooms_taken),
            None => format!("{time} {}", t.rooms_taken),
        }
    }
}

/// Where on the day's track a time is, in per cent.
fn track_position(time: NaiveTime) -> f64 {
    let minutes = f64::from(time.hour() * 60 + time.minute());
    let start = f64::from(DAY_STARTS * 60);
    let span = f64::from((DAY_ENDS - DAY_STARTS) * 60);
    ((minutes - start) / span * 100.0).clamp(0.0, 100.0)
}

/// The rooms' reservations: a track per room for a day, a list per day for a week.
#[component]
fn Timeline(
    timeline: RoomTimeline,
    week: bool,
    day: NaiveDate,
    level: Option<i32>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let heading = if week {
        format!(
            "{} {} – {}",
            t.rooms_timeline,
            format_day(day, lang),
            format_day(day + chrono::Duration::days(6), lang)
        )
    } else {
        format!("{} {}", t.rooms_timeline, format_day(day, lang))
    };
    let heading = match level {
        Some(level) => format!("{heading}, {} {level}", t.rooms_level),
        None => heading,
    };
    let days = timeline.days.clone();
    let head = days
        .iter()
        .map(|d| {
            let name = if week {
                format!("{} {}", weekday(*d, lang), format_day(*d, lang))
            } else {
                format!("{DAY_STARTS}:00–{DAY_ENDS}:00")
            };
            view! { <th scope="col">{name}</th> }
        })
        .collect_view();
    let rows = timeline
        .rooms
        .into_iter()
        .map(|row| {
            let cells = days
                .iter()
                .map(|d| {
                    let entries: Vec<&TimelineEntry> =
                        row.entries.iter().filter(|e| e.day == *d).collect();
                    let items = entries
                        .iter()
                        .map(|e| {
                            let class = if e.mine {
                                "slot slot-mine"
                            } else {
                                "slot slot-taken"
                            };
                            let style = (!week).then(|| {
                                let left = track_position(e.from);
                                let width = (track_position(e.to) - left).max(1.0);
                                format!("left:{left:.2}%;width:{width:.2}%")
                            });
                            view! { <li class=class style=style>{entry_text(e, lang)}</li> }
                        })
                        .collect_view();
                    let free = entries.is_empty().then(|| {
                        view! { <span class="hint">{t.rooms_free_all_day}</span> }
                    });
                    let class = if week { "slot-list" } else { "slot-track" };
                    view! {
                        <td>
                            {free}
                            <ul class=class>{items}</ul>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", row.room.label, row.room.name)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{heading.clone()}</h2>
            <p class="legend">
                <span class="slot-key slot-mine">{t.rooms_mine_entry}</span>
                " "
                <span class="slot-key slot-taken">{t.rooms_taken}</span>
            </p>
            <div class="table-scroll">
            <table class="data-table room-timeline">
                <caption class="visually-hidden">{heading}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.rooms_room}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
}

fn weekday(day: NaiveDate, lang: Lang) -> &'static str {
    const DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = day.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::De => DE[i],
        Lang::En => EN[i],
    }
}

/// One's reservations, with cancel, cancel the series, and change the time.
#[component]
fn Mine(
    reservations: Vec<RoomReservationView>,
    cancel: ServerAction<CancelRoomReservation>,
    cancel_series: ServerAction<CancelRoomSeries>,
    change: ServerAction<ChangeRoomReservation>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    if reservations.is_empty() {
        return view! { <p>{t.rooms_none}</p> }.into_any();
    }
    let way_label = crate::model::way::texts(lang).show;
    let rows = reservations
        .into_iter()
        .map(|r| {
            let active = r.state == RoomReservationState::Active;
            // The way to the room from the entrance, on its floor's plan (home building).
            let way = active.then(|| {
                let href = format!("/floors/{}?way_room={}", r.level, r.room_id);
                let hidden = format!(" {}", r.room);
                view! {
                    " "
                    <a href=href class="way-link">
                        {way_label}
                        <span class="visually-hidden">{hidden}</span>
                    </a>
                }
            });
            let state = match r.state {
                RoomReservationState::Active => t.rooms_state_active,
                RoomReservationState::Cancelled => t.rooms_state_cancelled,
                RoomReservationState::Released => t.rooms_state_released,
            };
            let when = format!(
                "{} {}–{}",
                format_day(r.day, lang),
                hhmm(r.from),
                hhmm(r.to)
            );
            let cancel_label = format!("{} {when}", t.rooms_cancel);
            let controls = active.then(|| {
                let id = r.id.to_string();
                let change_id = id.clone();
                let series = r.series_id.map(|series_id| {
                    view! {
                        <ActionForm action=cancel_series attr:class="inline-form">
                            <input type="hidden" name="series_id" value=series_id.to_string() />
                            <button type="submit">{t.rooms_cancel_series}</button>
                        </ActionForm>
                    }
                });
                view! {
                    <ActionForm action=cancel attr:class="inline-form">
                        <input type="hidden" name="id" value=id />
                        <button type="submit" aria-label=cancel_label>
                            {t.rooms_cancel}
                        </button>
                    </ActionForm>
                    {series}
                    <details>
                        <summary>{t.rooms_change}</summary>
                        <ActionForm action=change attr:class="inline-form">
                            <input type="hidden" name="id" value=change_id />
                            <DayAndTimes day=r.day from=r.from to=r.to />
                            <button type="submit">{t.rooms_change_button}</button>
                        </ActionForm>
                    </details>
                }
            });
            view! {
                <tr>
                    <td>{r.room.clone()} {way}</td>
                    <td>{when.clone()}</td>
                    <td>{r.subject.clone().unwrap_or_default()}</td>
                    <td>
                        {state}
                        {r.series_id.map(|_| format!(" ({})", t.rooms_series))}
                    </td>
                    <td>{controls}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{t.rooms_room}</th>
                    <th scope="col">{t.rooms_when}</th>
                    <th scope="col">{t.rooms_subject_short}</th>
                    <th scope="col">{t.rooms_state}</th>
                    <th scope="col">
                        <span class="visually-hidden">{t.rooms_actions}</span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
