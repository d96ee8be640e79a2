//! Open data for Open Government: the building's use over time, for the public, without
//! signing in — utilisation by floor and weekday, desks per person and the desks sharing saves,
//! the use week by week — as JSON and CSV with a data dictionary and a licence, and a DCAT-AP.de
//! catalogue an open data portal (CKAN) harvests.
//!
//! Every figure is taken from the internal report ([`crate::reports::report`]) for the same
//! days, so the public and the internal figures agree, and only figures the report shows
//! (resting on at least the minimum group size) are published: a floor-weekday or week whose
//! cell the report suppresses is left out, and so is an organisation with fewer people than the
//! minimum group. Units are never published.
//!
//! Facility management chooses what is published ([`settings`], [`save_settings`]); a fresh
//! install publishes nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entities::{open_data_dataset, open_data_setting};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter,
};
use serde_json::{Value, json};

use crate::audit::{self, Event};
use crate::auth::Principal;
use crate::booking::rules::today;
use crate::error::Error;
use crate::reports;
use crate::topology::Topology;
use wire::i18n::Lang;
use wire::model::open_data::{
    Dataset, DatasetInfo, Figure, Licence, LicenceInfo, OpenDataIndex, OpenDataSettings,
    OpenDataTable,
};
use wire::model::reports::{DeskUse, KpiScope, Report, ReportQuery};

/// How many days the tables cover unless asked otherwise: the four weeks up to yesterday, as
/// the internal report page.
pub const DEFAULT_DAYS: i64 = 28;

/// The longest publisher name, in characters.
pub const MAX_PUBLISHER: usize = 200;

/// The path of the open data API.
pub const API: &str = "/api/v1/open-data";

/// What is published, its licence and publisher; nothing on a fresh install.
pub async fn settings(db: &DatabaseConnection) -> Result<OpenDataSettings, Error> {
    let mut published: Vec<Dataset> = open_data_dataset::Entity::find()
        .all(db)
        .await?
        .iter()
        .filter_map(|row| Dataset::from_slug(&row.dataset))
        .collect();
    published.sort();
    let setting = open_data_setting::Entity::find_by_id(1).one(db).await?;
    Ok(OpenDataSettings {
        published,
        licence: setting
            .as_ref()
            .and_then(|s| Licence::from_id(&s.licence))
            .unwrap_or_default(),
        publisher: setting.map(|s| s.publisher).unwrap_or_default(),
    })
}

/// Sets what is published; a publisher name longer than [`MAX_PUBLISHER`] characters or with
/// control characters is invalid input.
#[tracing::instrument(skip_all)]
pub async fn save_settings(
    db: &DatabaseConnection,
    who: &Principal,
    change: &OpenDataSettings,
) -> Result<(), Error> {
    let publisher = change.publisher.trim();
    if publisher.chars().count() > MAX_PUBLISHER {
        return Err(Error::InvalidInput(format!(
            "the publisher has at most {MAX_PUBLISHER} characters"
        )));
    }
    if publisher.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "the publisher is one line of text".into(),
        ));
    }
    let mut published = change.published.clone();
    published.sort();
    published.dedup();
    let txn = crate::db::begin_write(db).await?;
    open_data_dataset::Entity::delete_many()
        .filter(
            open_data_dataset::Column::Dataset
                .is_not_in(published.iter().map(|d| d.slug().to_owned())),
        )
        .exec(&txn)
        .await?;
    if !published.is_empty() {
        open_data_dataset::Entity::insert_many(published.iter().map(|d| {
            open_data_dataset::ActiveModel {
                dataset: Set(d.slug().to_owned()),
                published_at: Set(Utc::now()),
            }
        }))
        .on_conflict(
            OnConflict::column(open_data_dataset::Column::Dataset)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    open_data_setting::Entity::insert(open_data_setting::ActiveModel {
        id: Set(1),
        licence: Set(change.licence.id().to_owned()),
        publisher: Set(publisher.to_owned()),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(open_data_setting::Column::Id)
            .update_columns([
                open_data_setting::Column::Licence,
                open_data_setting::Column::Publisher,
                open_data_setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::write_by(
        &txn,
        Event::OpenDataSet,
        who,
        "open_data",
        Some(json!({
            "published": published.iter().map(|d| d.slug()).collect::<Vec<_>>(),
            "licence": change.licence.id(),
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes every dataset under the default licence, as the demo does (a fresh install
/// publishes nothing).
pub async fn publish_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    open_data_dataset::Entity::insert_many(Dataset::ALL.map(|d| open_data_dataset::ActiveModel {
        dataset: Set(d.slug().to_owned()),
        published_at: Set(Utc::now()),
    }))
    .on_conflict(
        OnConflict::column(open_data_dataset::Column::Dataset)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The days a table covers: `from` to `to`, by default the [`DEFAULT_DAYS`] up to yesterday;
/// never today or later (a day is published once it is over). Days in the wrong order or
/// more than [`reports::MAX_DAYS`] are invalid input.
pub fn range(
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(NaiveDate, NaiveDate), Error> {
    let yesterday = today(tz, now) - Duration::days(1);
    let to = to.map_or(yesterday, |to| to.min(yesterday));
    let from = from.unwrap_or(to - Duration::days(DEFAULT_DAYS - 1));
    reports::check_range(&query(from, to))?;
    Ok((from, to))
}

fn query(from: NaiveDate, to: NaiveDate) -> ReportQuery {
    ReportQuery {
        from,
        to,
        building: None,
        floor: None,
        organisation: None,
        unit: None,
    }
}

/// The publisher: the one set, else the first building's name, else "Platzwahl".
fn publisher(settings: &OpenDataSettings, topology: &Topology) -> String {
    if !settings.publisher.is_empty() {
        return settings.publisher.clone();
    }
    let mut buildings: Vec<_> = topology.buildings().collect();
    buildings.sort_by_key(|b| b.id);
    buildings
        .first()
        .map_or_else(|| "Platzwahl".to_owned(), |b| b.name.clone())
}

fn licence_info(licence: Licence, publisher: &str) -> LicenceInfo {
    LicenceInfo {
        id: licence.id().to_owned(),
        name: licence.name().to_owned(),
        url: licence.url().to_owned(),
        attribution: licence.needs_attribution().then(|| publisher.to_owned()),
    }
}

/// The address of a dataset's file (`json` or `csv`) under `base` (the public address).
pub fn file_url(base: &str, dataset: Dataset, format: &str) -> String {
    format!(
        "{}{API}/{}.{format}",
        base.trim_end_matches('/'),
        dataset.slug()
    )
}

/// What is published, in `lang`, for the public page and `GET /api/v1/open-data`.
pub async fn index(
    db: &DatabaseConnection,
    topology: &Topology,
    base: &str,
    min_group: u32,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<OpenDataIndex, Error> {
    let settings = settings(db).await?;
    let publisher = publisher(&settings, topology);
    let (from, to) = range(topology.tz(), now, None, None)?;
    Ok(OpenDataIndex {
        licence: licence_info(settings.licence, &publisher),
        publisher,
        min_group,
        from,
        to,
        datasets: settings
            .published
            .iter()
            .map(|&dataset| DatasetInfo {
                dataset,
                title: dataset.title(lang).to_owned(),
                description: dataset.description(lang).to_owned(),
                fields: dataset.fields().iter().map(|f| f.info(lang)).collect(),
                json_url: file_url(base, dataset, "json"),
                csv_url: file_url(base, dataset, "csv"),
            })
            .collect(),
        catalog_url: format!("{}{API}/catalog.jsonld", base.trim_end_matches('/')),
    })
}

/// A published table for the days `from` to `to` (see [`range`]); `None` if `dataset` is not
/// published.
#[allow(clippy::too_many_arguments)]
pub async fn table(
    db: &DatabaseConnection,
    topology: &Topology,
    dataset: Dataset,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    min_group: u32,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Option<OpenDataTable>, Error> {
    let settings = settings(db).await?;
    if !settings.published.contains(&dataset) {
        return Ok(None);
    }
    let (from, to) = range(topology.tz(), now, from, to)?;
    let records = match dataset {
        Dataset::UtilisationByFloorWeekday => {
            let mut floors = Vec::new();
            let mut buildings: Vec<_> = topology.buildings().collect();
            buildings.sort_by_key(|b| b.id);
            for building in buildings {
                let mut levels: Vec<_> = topology.floors_of(building.id).collect();
                levels.sort_by_key(|f| f.level);
                levels.dedup_by_key(|f| f.level);
                for floor in levels {
                    let report = reports::report(
                        db,
                        topology,
                        &ReportQuery {
                            building: Some(building.slug.clone()),
                            floor: Some(floor.level),
                            ..query(from, to)
                        },
                        min_group,
                    )
                    .await?;
                    floors.push((
                        building.slug.clone(),
                        building.name.clone(),
                        floor.level,
                        floor.name.clone(),
                        report,
                    ));
                }
            }
            floor_weekday_records(&floors)
        }
        Dataset::DeskSharing => desk_sharing_records(
            &reports::report(db, topology, &query(from, to), min_group).await?,
            min_group,
        ),
        Dataset::UseByWeek => {
            let mut weeks = Vec::new();
            for (first, last) in weeks_of(from, to) {
                let report = reports::report(db, topology, &query(first, last), min_group).await?;
                weeks.push((first, last, report));
            }
            week_records(&weeks)
        }
    };
    let publisher = publisher(&settings, topology);
    Ok(Some(OpenDataTable {
        dataset,
        title: dataset.title(lang).to_owned(),
        licence: licence_info(settings.licence, &publisher),
        publisher,
        from,
        to,
        min_group,
        fields: dataset.fields().iter().map(|f| f.info(lang)).collect(),
        records,
    }))
}

/// A record: its fields by name.
type Record = BTreeMap<String, Option<Figure>>;

fn record(fields: impl IntoIterator<Item = (&'static str, Option<Figure>)>) -> Record {
    fields
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

/// A fraction or ratio rounded to four places.
fn num(value: Option<f64>) -> Option<Figure> {
    value.map(|v| Figure::Num((v * 10_000.0).round() / 10_000.0))
}

fn int(value: i64) -> Option<Figure> {
    Some(Figure::Int(value))
}

fn text(value: impl Into<String>) -> Option<Figure> {
    Some(Figure::Text(value.into()))
}

/// The desk-use fields of a shown cell.
fn desk_use(u: &DeskUse) -> [(&'static str, Option<Figure>); 7] {
    [
        ("zone_hours", int(i64::from(u.zone_hours))),
        ("desk_hours", int(u.capacity)),
        ("booked_desk_hours", int(u.booked)),
        ("occupied_desk_hours", int(u.occupied)),
        ("no_shows", int(u.no_shows)),
        ("utilisation", num(u.utilisation())),
        ("booked_share", num(u.booked_share())),
    ]
}

/// Utilisation by floor and weekday: each floor's report (building slug and name, level, floor
/// name, its report) gives one record per weekday whose column total the report shows.
pub fn floor_weekday_records(floors: &[(String, String, i32, String, Report)]) -> Vec<Record> {
    let mut records = Vec::new();
    for (slug, building, level, name, report) in floors {
        let map = &report.by_weekday;
        for (weekday, cell) in map.columns.iter().zip(&map.totals) {
            if let Some(u) = cell.shown() {
                records.push(record(
                    [
                        ("building", text(slug.clone())),
                        ("building_name", text(building.clone())),
                        ("floor", int(i64::from(*level))),
                        ("floor_name", text(name.clone())),
                        ("weekday", int(i64::from(*weekday))),
                    ]
                    .into_iter()
                    .chain(desk_use(u)),
                ));
            }
        }
    }
    records
}

/// Desks per person and the desks sharing saves: the report's key figures of the building and
/// of each organisation with at least `min_group` people; never a unit.
pub fn desk_sharing_records(report: &Report, min_group: u32) -> Vec<Record> {
    report
        .kpis
        .iter()
        .filter(|k| matches!(k.scope, KpiScope::Building | KpiScope::Organisation))
        .filter(|k| k.people >= min_group.max(1))
        .map(|k| {
            let people = i64::from(k.people);
            let desks = i64::from(k.desks);
            let saved = (people - desks).max(0);
            // People and desks stay far below 2^52: the conversions are exact.
            #[allow(clippy::cast_precision_loss)]
            let share = |part: i64| (people > 0).then(|| part as f64 / people as f64);
            record([
                ("scope", text(k.scope.code())),
                ("name", text(k.name.clone())),
                ("people", int(people)),
                ("desks", int(desks)),
                ("desks_per_person", num(share(desks))),
                ("desks_saved", int(saved)),
                ("space_saved_share", num(share(saved))),
                (
                    "utilisation",
                    num(k.desk_use.shown().and_then(DeskUse::utilisation)),
                ),
                ("peak_utilisation", num(k.peak)),
            ])
        })
        .collect()
}

/// The ISO weeks (Monday to Sunday) `from`..=`to` touches, each cut to the days.
pub fn weeks_of(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut weeks = Vec::new();
    let mut monday = from - Duration::days(i64::from(from.weekday().num_days_from_monday()));
    while monday <= to {
        let sunday = monday + Duration::days(6);
        weeks.push((monday.max(from), sunday.min(to)));
        monday += Duration::days(7);
    }
    weeks
}

/// The building's use week by week: each week's report (first and last day, its report) gives
/// a record if the report shows the building's desk use.
pub fn week_records(weeks: &[(NaiveDate, NaiveDate, Report)]) -> Vec<Record> {
    let mut records = Vec::new();
    for (first, last, report) in weeks {
        let Some(building) = report.kpis.iter().find(|k| k.scope == KpiScope::Building) else {
            continue;
        };
        let Some(u) = building.desk_use.shown() else {
            continue;
        };
        let week = first.iso_week();
        records.push(record(
            [
                ("week", text(format!("{}-W{:02}", week.year(), week.week()))),
                ("from", text(first.to_string())),
                ("to", text(last.to_string())),
            ]
            .into_iter()
            .chain(desk_use(u))
            .chain([("peak_utilisation", num(building.peak))]),
        ));
    }
    records
}

fn csv_text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// A table as CSV: one header line with the field names, a line per record, UTF-8, comma
/// separated; an empty cell where there is no figure. A text a spreadsheet would run as a
/// formula gets a leading `'`.
pub fn csv(table: &OpenDataTable) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let names: Vec<&str> = table.dataset.fields().iter().map(|f| f.name).collect();
    // Writing to memory cannot fail.
    let _in_memory = writer.write_record(&names);
    for record in &table.records {
        let _in_memory =
            writer.write_record(names.iter().map(
                |name| match record.get(*name).cloned().flatten() {
                    Some(Figure::Text(t)) => csv_text(&t),
                    Some(figure) => figure.cell(),
                    None => String::new(),
                },
            ));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The DCAT-AP.de catalogue of what is published, as JSON-LD: the catalogue, each dataset with
/// its JSON and CSV distributions, licence, publisher, temporal coverage (the default days) and
/// data dictionary (as the JSON distribution's documentation).
pub async fn catalog(
    db: &DatabaseConnection,
    topology: &Topology,
    base: &str,
    now: DateTime<Utc>,
) -> Result<Value, Error> {
    let settings = settings(db).await?;
    let publisher = publisher(&settings, topology);
    let (from, to) = range(topology.tz(), now, None, None)?;
    let issued: BTreeMap<String, DateTime<Utc>> = open_data_dataset::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.dataset, row.published_at))
        .collect();
    let base = base.trim_end_matches('/');
    Ok(catalog_document(
        base,
        &publisher,
        settings.licence,
        &settings.published,
        (from, to),
        &issued,
    ))
}

fn both(de: &str, en: &str) -> Value {
    json!([
        { "@value": de, "@language": "de" },
        { "@value": en, "@language": "en" },
    ])
}

fn date(day: NaiveDate) -> Value {
    json!({ "@value": day.to_string(), "@type": "xsd:date" })
}

/// The catalogue document (see [`catalog`]).
fn catalog_document(
    base: &str,
    publisher: &str,
    licence: Licence,
    published: &[Dataset],
    (from, to): (NaiveDate, NaiveDate),
    issued: &BTreeMap<String, DateTime<Utc>>,
) -> Value {
    let agent = json!({
        "@id": format!("{base}/open-data#publisher"),
        "@type": "foaf:Organization",
        "foaf:name": publisher,
    });
    let licence_ref = json!({ "@id": licence.dcat_uri() });
    let datasets: Vec<Value> = published
        .iter()
        .map(|&dataset| {
            let slug = dataset.slug();
            let distribution = |format: &str, media: &str, eu: &str| {
                json!({
                    "@id": format!("{base}{API}/{slug}.{format}#distribution"),
                    "@type": "dcat:Distribution",
                    "dct:title": format!("{} ({})", dataset.title(Lang::De), format.to_uppercase()),
                    "dcat:accessURL": { "@id": format!("{base}/open-data") },
                    "dcat:downloadURL": { "@id": file_url(base, dataset, format) },
                    "dcat:mediaType": media,
                    "dct:format": { "@id": format!("http://publications.europa.eu/resource/authority/file-type/{eu}") },
                    "dct:license": licence_ref.clone(),
                    "foaf:page": { "@id": format!("{base}{API}") },
                })
            };
            let mut entry = json!({
                "@id": format!("{base}{API}/{slug}"),
                "@type": "dcat:Dataset",
                "dct:identifier": format!("{base}{API}/{slug}"),
                "dct:title": both(dataset.title(Lang::De), dataset.title(Lang::En)),
                "dct:description": both(dataset.description(Lang::De), dataset.description(Lang::En)),
                "dct:publisher": agent.clone(),
                "dcatde:maintainer": agent.clone(),
                "dct:license": licence_ref.clone(),
                "dct:accessRights": { "@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC" },
                "dcat:theme": [
                    { "@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE" },
                    { "@id": "http://publications.europa.eu/resource/authority/data-theme/REGI" },
                ],
                "dcat:keyword": ["Desk-Sharing", "Arbeitsplätze", "Auslastung", "Gebäude", "Open Government"],
                "dct:language": { "@id": "http://publications.europa.eu/resource/authority/language/DEU" },
                "dct:accrualPeriodicity": { "@id": "http://publications.europa.eu/resource/authority/frequency/DAILY" },
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": date(from),
                    "dcat:endDate": date(to),
                },
                "dcat:landingPage": { "@id": format!("{base}/open-data") },
                "dcat:distribution": [
                    distribution("json", "application/json", "JSON"),
                    distribution("csv", "text/csv", "CSV"),
                ],
            });
            if licence.needs_attribution() {
                entry["dcatde:licenseAttributionByText"] = json!(publisher);
            }
            if let Some(at) = issued.get(slug) {
                entry["dct:issued"] = json!({ "@value": at.to_rfc3339(), "@type": "xsd:dateTime" });
            }
            entry
        })
        .collect();
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatde": "http://dcat-ap.de/def/dcatde/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{base}{API}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": both("Offene Daten zur Gebäudenutzung (Platzwahl)", "Open data on the building's use (Platzwahl)"),
        "dct:description": both(
            "Zusammengefasste Zahlen zur Nutzung der geteilten Arbeitsplätze; jede Zahl beruht auf mindestens der Mindestgruppengröße an Personen.",
            "Aggregated figures on the use of the shared desks; every figure rests on at least the minimum group size of people.",
        ),
        "dct:publisher": agent,
        "dct:license": licence_ref,
        "dct:language": { "@id": "http://publications.europa.eu/resource/authority/language/DEU" },
        "foaf:homepage": { "@id": format!("{base}/open-data") },
        "dcat:dataset": datasets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::model::reports::{Cell, Heatmap, HomeZoneHits, Kpi};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    fn use_of(occupied: i64) -> DeskUse {
        DeskUse {
            zone_hours: 10,
            capacity: 100,
            booked: 60,
            occupied,
            ..DeskUse::default()
        }
    }

    fn kpi(scope: KpiScope, name: &str, people: u32, desks: u32) -> Kpi {
        Kpi {
            scope,
            id: None,
            name: name.into(),
            people,
            desks,
            desk_use: Cell::Shown(use_of(40)),
            peak: Some(0.75),
            home_zone: Cell::<HomeZoneHits>::Empty,
        }
    }

    fn report(kpis: Vec<Kpi>, totals: Vec<Cell<DeskUse>>) -> Report {
        let map = Heatmap {
            columns: (1..=u32::try_from(totals.len()).unwrap_or(0)).collect(),
            rows: Vec::new(),
            totals,
            total: Cell::Empty,
        };
        Report {
            query: query(day(2), day(29)),
            min_group: 5,
            first_hour: 6,
            end_hour: 21,
            by_hour: map.clone(),
            by_weekday: map,
            floors: Vec::new(),
            kpis,
            quiet_zones: Vec::new(),
            rooms: Vec::new(),
            walk_ins: Default::default(),
        }
    }

    #[test]
    fn an_organisation_below_the_minimum_group_is_left_out_and_units_never_appear() {
        let r = report(
            vec![
                kpi(KpiScope::Building, "", 40, 30),
                kpi(KpiScope::Organisation, "Stadt", 20, 15),
                kpi(KpiScope::Organisation, "Klein", 4, 4),
                kpi(KpiScope::Unit, "Team", 12, 10),
            ],
            Vec::new(),
        );
        let records = desk_sharing_records(&r, 5);
        let names: Vec<_> = records.iter().map(|r| r["name"].clone()).collect();
        assert_eq!(names, vec![text(""), text("Stadt")]);
        assert_eq!(records[0]["desks_saved"], int(10));
        assert_eq!(records[0]["desks_per_person"], num(Some(0.75)));
        assert_eq!(records[0]["space_saved_share"], num(Some(0.25)));
        assert_eq!(records[0]["utilisation"], num(Some(0.4)));
    }

    #[test]
    fn a_suppressed_weekday_is_not_published() {
        let r = report(
            Vec::new(),
            vec![Cell::Shown(use_of(50)), Cell::Suppressed, Cell::Empty],
        );
        let records =
            floor_weekday_records(&[("haus".into(), "Haus".into(), 2, "2. OG".into(), r)]);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["weekday"], int(1));
        assert_eq!(records[0]["utilisation"], num(Some(0.5)));
    }

    #[test]
    fn weeks_are_cut_to_the_days() {
        // 2026-11-04 is a Wednesday.
        assert_eq!(
            weeks_of(day(4), day(17)),
            vec![(day(4), day(8)), (day(9), day(15)), (day(16), day(17))]
        );
    }

    #[test]
    fn the_default_range_is_four_weeks_up_to_yesterday_and_never_reaches_today() {
        let now = day(29).and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
        let tz = chrono_tz::Europe::Berlin;
        assert_eq!(range(tz, now, None, None).ok(), Some((day(1), day(28))));
        assert_eq!(
            range(tz, now, Some(day(20)), Some(day(30))).ok(),
            Some((day(20), day(28)))
        );
        assert!(range(tz, now, Some(day(28)), Some(day(3))).is_err());
    }

    #[test]
    fn csv_has_the_dictionary_as_header_and_defuses_formulas() {
        let table = OpenDataTable {
            dataset: Dataset::DeskSharing,
            title: String::new(),
            licence: licence_info(Licence::DlDeBy20, "Stadt"),
            publisher: "Stadt".into(),
            from: day(1),
            to: day(28),
            min_group: 5,
            fields: Vec::new(),
            records: vec![record([("name", text("=1+1")), ("people", int(7))])],
        };
        let csv = csv(&table);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "scope,name,people,desks,desks_per_person,desks_saved,space_saved_share,utilisation,peak_utilisation"
            )
        );
        assert_eq!(lines.next(), Some(",'=1+1,7,,,,,,"));
    }

    #[test]
    fn the_catalogue_names_licence_publisher_and_distributions() {
        let doc = catalog_document(
            "https://platzwahl.example.org/",
            "Stadt Wuppertal",
            Licence::DlDeBy20,
            &[Dataset::DeskSharing],
            (day(1), day(28)),
            &BTreeMap::new(),
        );
        assert_eq!(doc["@type"], "dcat:Catalog");
        let dataset = &doc["dcat:dataset"][0];
        assert_eq!(
            dataset["dct:license"]["@id"],
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        );
        assert_eq!(dataset["dct:publisher"]["foaf:name"], "Stadt Wuppertal");
        assert_eq!(
            dataset["dcatde:licenseAttributionByText"],
            "Stadt Wuppertal"
        );
        assert_eq!(
            dataset["dcat:distribution"][1]["dcat:downloadURL"]["@id"],
            "https://platzwahl.example.org/api/v1/open-data/desk-sharing.csv"
        );
        assert_eq!(
            dataset["dct:temporal"]["dcat:startDate"]["@value"],
            "2026-11-01"
        );
    }
}
