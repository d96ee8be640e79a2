//! Reports (`/reports`), for facility managers: a GET form for the period and area; heatmaps
//! of zones × hour of day and zones × weekday (HTML tables whose cells carry the figure and a
//! shade, so colour is never the only signal); the floor plans with each zone shaded by its
//! utilisation; key figures of the building, each organisation and unit as a bar chart and as
//! a table; quiet zones; room use; walk-ins at the entrance by hour and day (counts only);
//! every table as CSV.
//!
//! Suppressed cells read "< 5" with "suppressed" for screen readers, and have a dashed
//! outline on plans.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::Lang;
use crate::model::reports::{
    Cell, DeskUse, FloorHeat, Heatmap, Kpi, KpiScope, QuietZone, ReportPage, ReportQuery, RoomRow,
    RoomUse, WalkIns,
};
use crate::model::rooms::RoomPrivacy;
use crate::pages::floor::format_day;
use crate::pages::{ErrorNotice, Loading};
use crate::reports::get_report;
use crate::shell::use_lang;

/// A share as a percentage, in the language's style.
pub fn percent(share: f64, lang: Lang) -> String {
    let value = (share * 100.0).round();
    match lang {
        Lang::De => format!("{value:.0} %"),
        Lang::En => format!("{value:.0}%"),
    }
}

fn maybe_percent(share: Option<f64>, lang: Lang) -> String {
    share.map_or_else(|| "–".to_owned(), |s| percent(s, lang))
}

/// The shade (0–5) of a utilisation.
fn shade(share: f64) -> u32 {
    let steps = (share * 5.0).ceil().clamp(0.0, 5.0);
    // 0..=5, exact after the clamp.
    steps as u32
}

/// What the heatmap cells show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Occupied desk-hours per desk-hour.
    Utilisation,
    /// Booked desk-hours per desk-hour.
    Booked,
    /// Booked desk-hours that stayed empty, per booked desk-hour.
    BookedEmpty,
    /// Occupied desk-hours without a booking, per occupied desk-hour.
    Unbooked,
}

impl Measure {
    const ALL: [Measure; 4] = [
        Measure::Utilisation,
        Measure::Booked,
        Measure::BookedEmpty,
        Measure::Unbooked,
    ];

    fn code(self) -> &'static str {
        match self {
            Measure::Utilisation => "utilisation",
            Measure::Booked => "booked",
            Measure::BookedEmpty => "booked_empty",
            Measure::Unbooked => "unbooked",
        }
    }

    fn from_code(code: &str) -> Measure {
        Measure::ALL
            .into_iter()
            .find(|m| m.code() == code)
            .unwrap_or(Measure::Utilisation)
    }

    fn label(self, lang: Lang) -> &'static str {
        let t = lang.texts().reports;
        match self {
            Measure::Utilisation => t.utilisation,
            Measure::Booked => t.booked,
            Measure::BookedEmpty => t.booked_empty,
            Measure::Unbooked => t.unbooked,
        }
    }

    fn of(self, u: &DeskUse) -> Option<f64> {
        match self {
            Measure::Utilisation => u.utilisation(),
            Measure::Booked => u.booked_share(),
            Measure::BookedEmpty => u.empty_share(),
            Measure::Unbooked => u.unbooked_share(),
        }
    }
}

/// `/reports`.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let t = use_lang().texts().reports;
    let query = use_query_map();
    let measure =
        Memo::new(move |_| Measure::from_code(&query.read().get("measure").unwrap_or_default()));
    let data = Resource::new(
        move || {
            let q = query.read();
            let day = |key: &str| q.get(key).and_then(|v| v.parse::<NaiveDate>().ok());
            let id = |key: &str| q.get(key).and_then(|v| v.parse::<i32>().ok());
            (
                day("from"),
                day("to"),
                q.get("building").filter(|b| !b.is_empty()),
                id("floor"),
                id("organisation"),
                id("unit"),
            )
        },
        |(from, to, building, floor, organisation, unit)| {
            get_report(from, to, building, floor, organisation, unit)
        },
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <Suspense fallback=Loading>
            {move || {
                let measure = measure.get();
                Suspend::new(async move {
                    match data.await {
                        Ok(page) => view! { <ReportView page measure /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ReportView(page: ReportPage, measure: Measure) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let report = page.report;
    let min = report.min_group;
    let q = &report.query;
    let mut params = vec![format!("from={}", q.from), format!("to={}", q.to)];
    params.extend(
        q.building
            .as_deref()
            .map(|b| format!("building={}", crate::model::percent_encode(b, false))),
    );
    params.extend(q.floor.map(|f| format!("floor={f}")));
    params.extend(q.organisation.map(|o| format!("organisation={o}")));
    params.extend(q.unit.map(|u| format!("unit={u}")));
    let query_string = params.join("&");
    let downloads = [
        ("by-hour", t.by_hour),
        ("by-weekday", t.by_weekday),
        ("kpis", t.kpis),
        ("quiet-zones", t.quiet),
        ("rooms", t.rooms),
        ("walk-ins", walk_in_texts(lang).heading),
    ]
    .into_iter()
    .map(|(slug, label)| {
        view! {
            <li>
                <a href=format!("/api/v1/reports/{slug}.csv?{query_string}") download rel="external">
                    {label}
                    " (CSV)"
                </a>
            </li>
        }
    })
    .collect_view();
    let hour_labels: Vec<String> = report
        .by_hour
        .columns
        .iter()
        .map(|h| format!("{h:02}"))
        .collect();
    let weekday_labels: Vec<String> = report
        .by_weekday
        .columns
        .iter()
        .map(|w| {
            usize::try_from(*w)
                .ok()
                .and_then(|w| t.weekdays.get(w.wrapping_sub(1)))
                .copied()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    view! {
        <p>{t.intro_before_min} <strong>{min}</strong> {t.intro_after_min}</p>
        <Filter
            buildings=page.buildings
            page_floors=page.floors
            organisations=page.organisations
            units=page.units
            query=report.query.clone()
            measure
        />
        <p class="report-range">
            {format_day(q.from, lang)} " – " {format_day(q.to, lang)}
        </p>
        <nav class="downloads" aria-label=t.downloads>
            <h2 class="visually-hidden">{t.downloads}</h2>
            <span aria-hidden="true">{t.downloads} ": "</span>
            <ul>{downloads}</ul>
        </nav>
        <section id="by-hour" aria-labelledby="by-hour-heading">
            <h2 id="by-hour-heading">{t.by_hour}</h2>
            <p class="legend">{measure.label(lang)} ": " {t.cell_legend}</p>
            <HeatTable
                map=report.by_hour.clone()
                labels=hour_labels
                min
                caption=t.by_hour
                measure
            />
        </section>
        <section id="by-weekday" aria-labelledby="by-weekday-heading">
            <h2 id="by-weekday-heading">{t.by_weekday}</h2>
            <HeatTable
                map=report.by_weekday.clone()
                labels=weekday_labels
                min
                caption=t.by_weekday
                measure
            />
        </section>
        <section id="overlay" aria-labelledby="overlay-heading">
            <h2 id="overlay-heading">{t.overlay}</h2>
            {report
                .floors
                .iter()
                .cloned()
                .map(|floor| view! { <FloorOverlay floor min /> })
                .collect_view()}
        </section>
        <Kpis kpis=report.kpis.clone() min />
        <Quiet zones=report.quiet_zones.clone() />
        <Rooms rows=report.rooms.clone() min />
        <WalkInsSection walk_ins=report.walk_ins.clone() />
    }
}

/// The GET form: period, building (with several), floor, organisation, unit.
#[component]
fn Filter(
    buildings: Vec<(String, String)>,
    page_floors: Vec<(i32, String)>,
    organisations: Vec<(i32, String)>,
    units: Vec<(i32, String)>,
    query: ReportQuery,
    measure: Measure,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let q = &query;
    // The building is asked for only where there are several.
    let building_field = (buildings.len() > 1).then(|| {
        view! {
            <ScopeField
                label=t.building
                name="building"
                items=buildings
                chosen=q.building.clone()
            />
        }
    });
    let measures = Measure::ALL
        .into_iter()
        .map(|m| view! { <option value=m.code() selected=m == measure>{m.label(lang)}</option> })
        .collect_view();
    view! {
        <form class="find-form" method="get" action="/reports" aria-label=t.filter>
            <label class="field">
                {t.from}
                <input type="date" name="from" value=q.from.to_string() required />
            </label>
            <label class="field">
                {t.to}
                <input type="date" name="to" value=q.to.to_string() required />
            </label>
            {building_field}
            <ScopeField label=t.floor name="floor" items=page_floors chosen=q.floor />
            <ScopeField
                label=t.organisation
                name="organisation"
                items=organisations
                chosen=q.organisation
            />
            <ScopeField label=t.unit name="unit" items=units chosen=q.unit />
            <label class="field">
                {t.measure}
                <select name="measure">{measures}</select>
            </label>
            <button type="submit">{t.show}</button>
        </form>
    }
}

/// A select of the form: "all", or one of `items` (id or level, name).
#[component]
fn ScopeField<K: ToString + PartialEq + Send + Sync + 'static>(
    label: &'static str,
    name: &'static str,
    items: Vec<(K, String)>,
    chosen: Option<K>,
) -> impl IntoView {
    let all = use_lang().texts().reports.all;
    let options = items
        .into_iter()
        .map(|(id, text)| {
            let selected = chosen.as_ref() == Some(&id);
            view! { <option value=id.to_string() selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <label class="field">
            {label}
            <select name=name>
                <option value="">{all}</option>
                {options}
            </select>
        </label>
    }
}

/// One heatmap cell: the measure with its shade, or why there is none.
fn heat_cell(cell: &Cell<DeskUse>, min: u32, lang: Lang, measure: Measure) -> AnyView {
    let t = lang.texts().reports;
    match cell {
        Cell::Shown(u) => match measure.of(u) {
            Some(share) => view! {
                <td class=format!("heat heat-{}", shade(share))>{percent(share, lang)}</td>
            }
            .into_any(),
            None => view! { <td class="heat heat-empty">"–"</td> }.into_any(),
        },
        Cell::Suppressed => view! {
            <td class="heat heat-suppressed" title=t.suppressed>
                <span aria-hidden="true">"< " {min}</span>
                <span class="visually-hidden">{t.suppressed}</span>
            </td>
        }
        .into_any(),
        Cell::Empty => view! {
            <td class="heat heat-empty" title=t.no_data>
                <span aria-hidden="true">"–"</span>
                <span class="visually-hidden">{t.no_data}</span>
            </td>
        }
        .into_any(),
    }
}

/// A heatmap as a table: a row per zone, a column per hour or weekday, totals.
#[component]
fn HeatTable(
    map: Heatmap,
    labels: Vec<String>,
    min: u32,
    caption: &'static str,
    measure: Measure,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let head = labels
        .iter()
        .map(|l| view! { <th scope="col">{l.clone()}</th> })
        .collect_view();
    let rows = map
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|c| heat_cell(c, min, lang, measure))
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        {row.zone.clone()}
                        <span class="zone-floor">" · " {row.floor}</span>
                    </th>
                    {cells}
                    {heat_cell(&row.total, min, lang, measure)}
                </tr>
            }
        })
        .collect_view();
    let totals = map
        .totals
        .iter()
        .map(|c| heat_cell(c, min, lang, measure))
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="group" aria-label=caption>
            <table class="heatmap">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.zone}</th>
                        {head}
                        <th scope="col">{t.total}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{t.all_zones}</th>
                        {totals}
                        {heat_cell(&map.total, min, lang, measure)}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// A floor plan with each zone shaded by its utilisation, labelled with name and figure.
#[component]
fn FloorOverlay(floor: FloorHeat, min: u32) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let caption_id = format!("overlay-caption-{}", floor.level);
    let zones = floor
        .zones
        .iter()
        .map(|z| {
            let (class, figure, spoken) = match &z.total {
                Cell::Shown(u) => match u.utilisation() {
                    Some(share) => (
                        format!("zone-heat heat-{}", shade(share)),
                        percent(share, lang),
                        percent(share, lang),
                    ),
                    None => (
                        "zone-heat heat-empty".to_owned(),
                        "–".to_owned(),
                        t.no_data.to_owned(),
                    ),
                },
                Cell::Suppressed => (
                    "zone-heat heat-suppressed".to_owned(),
                    format!("< {min}"),
                    t.suppressed.to_owned(),
                ),
                Cell::Empty => (
                    "zone-heat heat-empty".to_owned(),
                    "–".to_owned(),
                    t.no_data.to_owned(),
                ),
            };
            let cx = z.x + z.width / 2;
            let cy = z.y + z.height / 2;
            view! {
                <g class=class>
                    <title>{format!("{}: {spoken}", z.name)}</title>
                    <rect x=z.x y=z.y width=z.width height=z.height rx="6" />
                    <text x=cx y={cy - 8} text-anchor="middle" class="zone-heat-name">
                        {z.name.clone()}
                    </text>
                    <text x=cx y={cy + 18} text-anchor="middle" class="zone-heat-figure">
                        {figure}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="floor-heat">
            <svg
                viewBox=format!("0 0 {} {}", floor.width, floor.height)
                role="img"
                aria-labelledby=caption_id.clone()
            >
                {zones}
            </svg>
            <figcaption id=caption_id>
                <strong>{floor.name.clone()}</strong>
                ": "
                {t.overlay_caption}
            </figcaption>
        </figure>
    }
}

fn scope_name(kpi: &Kpi, lang: Lang) -> String {
    match kpi.scope {
        KpiScope::Building => lang.texts().reports.building.to_owned(),
        KpiScope::Organisation | KpiScope::Unit => kpi.name.clone(),
    }
}

/// Key figures: a bar chart of the building and organisations, and the full table.
#[component]
fn Kpis(kpis: Vec<Kpi>, min: u32) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let bars = kpis
        .iter()
        .filter(|k| k.scope != KpiScope::Unit)
        .map(|k| {
            let utilisation = k.desk_use.shown().and_then(DeskUse::utilisation);
            let width = |share: Option<f64>| format!("width: {:.1}%", share.unwrap_or(0.0) * 100.0);
            view! {
                <li>
                    <span class="bar-label">{scope_name(k, lang)}</span>
                    <span class="bar-track" aria-hidden="true">
                        <span class="bar bar-peak" style=width(k.peak)></span>
                        <span class="bar bar-average" style=width(utilisation)></span>
                    </span>
                    <span class="bar-figure">
                        {match &k.desk_use {
                            Cell::Suppressed => format!("< {min}"),
                            _ => maybe_percent(utilisation, lang),
                        }}
                        " / "
                        {maybe_percent(k.peak, lang)}
                    </span>
                </li>
            }
        })
        .collect_view();
    let rows = kpis
        .iter()
        .map(|k| {
            let share = |f: fn(&DeskUse) -> Option<f64>| match &k.desk_use {
                Cell::Shown(u) => maybe_percent(f(u), lang),
                Cell::Suppressed => format!("< {min}"),
                Cell::Empty => "–".to_owned(),
            };
            let no_shows = k
                .desk_use
                .shown()
                .map_or_else(|| "–".to_owned(), |u| u.no_shows.to_string());
            let home = match &k.home_zone {
                Cell::Shown(h) => maybe_percent(h.rate(), lang),
                Cell::Suppressed => format!("< {min}"),
                Cell::Empty => "–".to_owned(),
            };
            let ratio = k
                .sharing_ratio()
                .map_or_else(|| "–".to_owned(), |r| format!("{r:.2}"));
            view! {
                <tr class=format!("kpi-{}", k.scope.code())>
                    <th scope="row">{scope_name(k, lang)}</th>
                    <td>{k.people}</td>
                    <td>{k.desks}</td>
                    <td>{ratio}</td>
                    <td>{share(DeskUse::utilisation)}</td>
                    <td>{maybe_percent(k.peak, lang)}</td>
                    <td>{share(DeskUse::booked_share)}</td>
                    <td>{share(DeskUse::empty_share)}</td>
                    <td>{share(DeskUse::unbooked_share)}</td>
                    <td>{no_shows}</td>
                    <td>{home}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section id="kpis" aria-labelledby="kpis-heading">
            <h2 id="kpis-heading">{t.kpis}</h2>
            <figure class="kpi-chart">
                <figcaption>
                    {t.kpi_chart} " (" {t.utilisation} " / " {t.peak} ")"
                </figcaption>
                <ul class="bars">{bars}</ul>
            </figure>
            <div class="table-scroll" tabindex="0" role="group" aria-label=t.kpis>
                <table class="kpi-table">
                    <caption class="visually-hidden">{t.kpis}</caption>
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col">{t.people}</th>
                            <th scope="col">{t.desks}</th>
                            <th scope="col">{t.people_per_desk}</th>
                            <th scope="col">{t.utilisation}</th>
                            <th scope="col">{t.peak}</th>
                            <th scope="col">{t.booked}</th>
                            <th scope="col">{t.booked_empty}</th>
                            <th scope="col">{t.unbooked}</th>
                            <th scope="col">{t.no_shows}</th>
                            <th scope="col">{t.home_zone}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Zones used little, with the weekdays they were quiet on.
#[component]
fn Quiet(zones: Vec<QuietZone>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let body = if zones.is_empty() {
        view! { <p>{t.quiet_none}</p> }.into_any()
    } else {
        let rows = zones
            .iter()
            .map(|q| {
                let days = q
                    .quiet_weekdays
                    .iter()
                    .filter_map(|w| usize::try_from(*w).ok())
                    .filter_map(|w| t.weekdays.get(w.wrapping_sub(1)).copied())
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <tr>
                        <th scope="row">{q.zone.clone()} <span class="zone-floor">" · " {q.floor}</span></th>
                        <td>{maybe_percent(q.utilisation, lang)}</td>
                        <td>{days}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
            <table class="quiet-table">
                <thead>
                    <tr>
                        <th scope="col">{t.zone}</th>
                        <th scope="col">{t.utilisation}</th>
                        <th scope="col">{t.quiet_on}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section id="quiet" aria-labelledby="quiet-heading">
            <h2 id="quiet-heading">{t.quiet}</h2>
            <p>{t.quiet_intro}</p>
            {body}
        </section>
    }
}

fn room_cell(cell: &Cell<RoomUse>, min: u32, lang: Lang) -> AnyView {
    let t = lang.texts().reports;
    match cell {
        Cell::Shown(u) => {
            let share = u.reserved_share().unwrap_or(0.0);
            view! {
                <td class=format!("heat heat-{}", shade(share))>
                    {percent(share, lang)}
                    <span class="room-used">
                        " (" {t.used} " " {maybe_percent(u.used_share(), lang)} ")"
                    </span>
                </td>
            }
            .into_any()
        }
        Cell::Suppressed => view! {
            <td class="heat heat-suppressed" title=t.suppressed>
                <span aria-hidden="true">"< " {min}</span>
                <span class="visually-hidden">{t.suppressed}</span>
            </td>
        }
        .into_any(),
        Cell::Empty => view! {
            <td class="heat heat-empty">
                <span aria-hidden="true">"–"</span>
                <span class="visually-hidden">{t.no_data}</span>
            </td>
        }
        .into_any(),
    }
}

/// Consultation and meeting rooms: the share reserved and used, by weekday.
#[component]
fn Rooms(rows: Vec<RoomRow>, min: u32) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let head = t
        .weekdays
        .iter()
        .map(|w| view! { <th scope="col">{*w}</th> })
        .collect_view();
    let body = rows
        .iter()
        .map(|row| {
            let name = match row.class {
                RoomPrivacy::Protected => t.consultation_rooms,
                RoomPrivacy::Standard => t.meeting_rooms,
            };
            let cells = row
                .weekdays
                .iter()
                .map(|c| room_cell(c, min, lang))
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {cells}
                    {room_cell(&row.total, min, lang)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section id="rooms-use" aria-labelledby="rooms-use-heading">
            <h2 id="rooms-use-heading">{t.rooms}</h2>
            <p class="legend">{t.rooms_legend}</p>
            <div class="table-scroll" tabindex="0" role="group" aria-label=t.rooms>
                <table class="heatmap">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            {head}
                            <th scope="col">{t.total}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The walk-ins section's texts in one language.
struct WalkInTexts {
    heading: &'static str,
    intro: &'static str,
    none: &'static str,
    by_hour: &'static str,
    by_day: &'static str,
    hour: &'static str,
    day: &'static str,
    count: &'static str,
    total: &'static str,
}

fn walk_in_texts(lang: Lang) -> &'static WalkInTexts {
    const DE: WalkInTexts = WalkInTexts {
        heading: "Spontanbesuche am Eingang",
        intro: "Wie oft der Empfang einen Erstberatungsraum sofort vergeben hat („Ein Raum jetzt“), nach Uhrzeit und Tag. Nur Zahlen: Die Bürgerinnen und Bürger werden nie erfasst.",
        none: "Keine Spontanbesuche in diesem Zeitraum.",
        by_hour: "Spontanbesuche nach Uhrzeit",
        by_day: "Spontanbesuche nach Tag",
        hour: "Uhrzeit",
        day: "Tag",
        count: "Anzahl",
        total: "Insgesamt",
    };
    const EN: WalkInTexts = WalkInTexts {
        heading: "Walk-ins at the entrance",
        intro: "How often the front desk gave a first-consultation room at once (\"a room now\"), by hour and day. Counts only: the citizens are never recorded.",
        none: "No walk-ins in this period.",
        by_hour: "Walk-ins by hour",
        by_day: "Walk-ins by day",
        hour: "Hour",
        day: "Day",
        count: "Number",
        total: "Total",
    };
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// Walk-ins at the entrance: counts by local hour of the day and by day.
#[component]
fn WalkInsSection(walk_ins: WalkIns) -> impl IntoView {
    let lang = use_lang();
    let t = walk_in_texts(lang);
    let body = if walk_ins.total == 0 {
        view! { <p>{t.none}</p> }.into_any()
    } else {
        let hours = walk_ins
            .by_hour
            .iter()
            .map(|h| {
                view! {
                    <tr>
                        <th scope="row">{format!("{:02}:00", h.hour)}</th>
                        <td>{h.count}</td>
                    </tr>
                }
            })
            .collect_view();
        let days = walk_ins
            .by_day
            .iter()
            .map(|d| {
                view! {
                    <tr>
                        <th scope="row">{format_day(d.day, lang)}</th>
                        <td>{d.count}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p>{t.total} ": " <strong>{walk_ins.total}</strong></p>
            <div class="table-scroll" tabindex="0" role="group" aria-label=t.by_hour>
                <table class="walk-ins">
                    <caption>{t.by_hour}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.hour}</th>
                            <th scope="col">{t.count}</th>
                        </tr>
                    </thead>
                    <tbody>{hours}</tbody>
                </table>
            </div>
            <div class="table-scroll" tabindex="0" role="group" aria-label=t.by_day>
                <table class="walk-ins">
                    <caption>{t.by_day}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.day}</th>
                            <th scope="col">{t.count}</th>
                        </tr>
                    </thead>
                    <tbody>{days}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section id="walk-ins" aria-labelledby="walk-ins-heading">
            <h2 id="walk-ins-heading">{t.heading}</h2>
            <p>{t.intro}</p>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_percentages_in_each_language() {
        assert_eq!(percent(0.625, Lang::De), "63 %");
        assert_eq!(percent(0.625, Lang::En), "63%");
        assert_eq!(maybe_percent(None, Lang::De), "–");
    }

    #[test]
    fn shades_run_from_zero_to_five() {
        assert_eq!(shade(0.0), 0);
        assert_eq!(shade(0.01), 1);
        assert_eq!(shade(0.5), 3);
        assert_eq!(shade(1.0), 5);
        assert_eq!(shade(1.7), 5);
    }
}
