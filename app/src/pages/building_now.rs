//! The building now (`/building-now`), for facility managers: each floor in counts (desks
//! booked, occupied, free; rooms reserved, occupied), linked to its live plan, and the sensors
//! to look after (offline, never heard from, battery low). Both tables also as CSV.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::Lang;
use crate::model::floor_path;
use crate::model::reports::{BuildingNow, SensorIssue};
use crate::pages::{ErrorNotice, Loading};
use crate::reports::get_building_now;
use crate::shell::use_lang;

fn issue_text(issue: SensorIssue, lang: Lang) -> &'static str {
    let t = lang.texts().reports;
    match issue {
        SensorIssue::NeverSeen => t.never_seen,
        SensorIssue::Offline => t.offline,
        SensorIssue::LowBattery => t.low_battery,
    }
}

/// `/building-now`.
#[component]
pub fn BuildingNowPage() -> impl IntoView {
    let t = use_lang().texts().reports;
    let now = Resource::new(|| (), |_| get_building_now());
    view! {
        <Title text=t.now_title />
        <h1>{t.now_title}</h1>
        <p>{t.now_intro} " " <a href="/reports">{t.to_reports}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match now.await {
                    Ok(now) => view! { <Now now /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Now(now: BuildingNow) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let floors = now
        .floors
        .iter()
        .map(|f| {
            view! {
                <tr>
                    <th scope="row">
                        <a href=floor_path(&f.building, f.level)>{f.name.clone()}</a>
                    </th>
                    <td>{f.desks}</td>
                    <td>{f.desks_booked}</td>
                    <td>{f.desks_occupied}</td>
                    <td>{f.desks_free}</td>
                    <td>{f.rooms}</td>
                    <td>{f.rooms_reserved}</td>
                    <td>{f.rooms_occupied}</td>
                </tr>
            }
        })
        .collect_view();
    let sensors = if now.sensors.is_empty() {
        view! { <p>{t.sensors_none}</p> }.into_any()
    } else {
        let rows = now
            .sensors
            .iter()
            .map(|s| {
                let issues = s
                    .issues
                    .iter()
                    .map(|i| issue_text(*i, lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                let place = match (&s.place, &s.building, s.floor) {
                    (Some(place), Some(building), Some(level)) => view! {
                        <a href=floor_path(building, level)>{place.clone()}</a>
                    }
                    .into_any(),
                    (Some(place), _, _) => place.clone().into_any(),
                    (None, _, _) => "–".into_any(),
                };
                view! {
                    <tr>
                        <th scope="row">
                            <code>{s.device_key.clone()}</code>
                            <span class="sensor-model">" (" {s.model.clone()} ")"</span>
                        </th>
                        <td>{place}</td>
                        <td>{s.battery_pct.map_or_else(|| "–".to_owned(), |b| format!("{b} %"))}</td>
                        <td>
                            {s
                                .last_seen_at
                                .map_or_else(
                                    || "–".to_owned(),
                                    |at| at.format("%Y-%m-%d %H:%M UTC").to_string(),
                                )}
                        </td>
                        <td class="sensor-issues">
                            <span aria-hidden="true">"⚠ "</span>
                            {issues}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="group" aria-label=t.sensors>
                <table id="sensor-table">
                    <thead>
                        <tr>
                            <th scope="col">{t.sensor}</th>
                            <th scope="col">{t.place}</th>
                            <th scope="col">{t.battery}</th>
                            <th scope="col">{t.last_seen}</th>
                            <th scope="col">{t.problem}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="floors-now-heading">
            <h2 id="floors-now-heading" class="visually-hidden">{t.now_title}</h2>
            <div class="table-scroll" tabindex="0" role="group" aria-label=t.now_title>
                <table id="floors-now">
                    <thead>
                        <tr>
                            <th scope="col">{t.floor}</th>
                            <th scope="col">{t.desks}</th>
                            <th scope="col">{t.booked_now}</th>
                            <th scope="col">{t.occupied_now}</th>
                            <th scope="col">{t.free_now}</th>
                            <th scope="col">{t.rooms_col}</th>
                            <th scope="col">{t.rooms_reserved}</th>
                            <th scope="col">{t.rooms_occupied}</th>
                        </tr>
                    </thead>
                    <tbody>{floors}</tbody>
                </table>
            </div>
            <p>
                <a href="/api/v1/building/now/floors.csv" download rel="external">
                    {t.downloads}
                </a>
            </p>
        </section>
        <section aria-labelledby="sensors-heading">
            <h2 id="sensors-heading">{t.sensors}</h2>
            {sensors}
            <p>
                <a href="/api/v1/building/now/sensors.csv" download rel="external">
                    {t.downloads}
                </a>
            </p>
        </section>
    }
}
