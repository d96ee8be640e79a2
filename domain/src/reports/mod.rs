//! Facility-management reports: heatmaps by zone and hour or weekday, the floor heat overlay,
//! key figures for the building, each organisation and each unit, room use, the live building
//! view with sensor health, the daily aggregates behind them, and the audit log for
//! administrators.
//!
//! What may be published, and how it is summed, is in [`rules`]; CSV is in [`export`]. Reports
//! read only aggregates (`occupancy_hourly`, `unit_day`, `room_day`), never a booking.
//!
//! # Layout
//! - this module: the report for a range ([`report`]), its key figures and scopes.
//! - `daily`: counting the daily aggregates ([`record_days`]).
//! - `now`: the building now ([`building_now`]).
//! - `audit`: the audit log for administrators ([`audit_page`]) and its retention.
//! - [`walk_ins`]: walk-ins at the entrance by local day and hour (counts only).

pub mod export;
pub mod rules;
pub mod walk_ins;

use crate::topology::Topology;

mod audit;
mod daily;
mod now;

pub use audit::{audit_page, delete_old_audit};
pub use daily::{record_day, record_days};
pub use now::building_now;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use entities::enums::{DeskBookingStatus, Presence, PrivacyClass, ReservationStatus};
use entities::{
    audit_log, building, desk, desk_booking, floor, home_zone, occupancy_hourly, organisation,
    person, room, room_day, room_reservation, sensor, sensor_state, unit, unit_day, zone,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::auth::Principal;
use crate::booking::rules::{half_at, local_instant, today};
use crate::error::Error;
use entities::enums::Role;
use rules::{RoomDayRow, UnitDayRow, ZoneHourRow, ZoneInfo};
use wire::model::Slot;
use wire::model::reports::{
    AuditEntry, AuditPage, BuildingNow, FloorHeat, FloorNow, Kpi, KpiScope, QuietZone, Report,
    ReportQuery, RoomRow, SensorAttention, SensorIssue, ZoneHeat,
};
use wire::model::rooms::RoomPrivacy;

/// The default minimum group size.
pub const DEFAULT_MIN_GROUP: u32 = 5;
/// The longest range of a report, in days.
pub const MAX_DAYS: i64 = 366;
/// How many past days the daily aggregates are filled in for at most.
pub const LOOK_BACK_DAYS: u32 = 31;
/// The most audit entries on one page.
pub const MAX_AUDIT_PAGE: u64 = 200;

/// How reports and the live view are set up (`[reports]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSettings {
    /// Cells resting on fewer people or desks are suppressed.
    pub min_group: u32,
    /// A sensor silent for longer than this many minutes is offline.
    pub offline_after_min: u32,
    /// A battery at or below this percentage is low.
    pub low_battery_pct: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            min_group: DEFAULT_MIN_GROUP,
            offline_after_min: 360,
            low_battery_pct: 20,
        }
    }
}

/// The building's structure as the reports need it.
struct Structure {
    /// Every building: id and slug.
    buildings: Vec<(i32, String)>,
    floors: Vec<floor::Model>,
    zones: Vec<zone::Model>,
    desks: HashMap<i32, i32>,
    /// Unit → its home zones.
    home: HashMap<i32, HashSet<i32>>,
    units: Vec<unit::Model>,
    organisations: Vec<organisation::Model>,
    /// Active people: (organisation, unit).
    people: Vec<(i32, Option<i32>)>,
}

impl Structure {
    async fn load(db: &DatabaseConnection, topology: &Topology) -> Result<Structure, DbErr> {
        let mut desks: HashMap<i32, i32> = HashMap::new();
        for desk in topology.desks() {
            *desks.entry(desk.zone_id).or_default() += 1;
        }
        let home: HashMap<i32, HashSet<i32>> = topology
            .home_zones_by_unit()
            .into_iter()
            .map(|(unit, zones)| (unit, zones.into_iter().collect()))
            .collect();
        let mut floors: Vec<floor::Model> = topology.floors().to_vec();
        floors.sort_by_key(|f| f.level);
        let mut zones: Vec<zone::Model> = topology.zones().cloned().collect();
        zones.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Structure {
            buildings: topology
                .buildings()
                .map(|b| (b.id, b.slug.clone()))
                .collect(),
            floors,
            zones,
            desks,
            home,
            units: unit::Entity::find()
                .order_by_asc(unit::Column::Name)
                .all(db)
                .await?,
            organisations: organisation::Entity::find()
                .order_by_asc(organisation::Column::Name)
                .all(db)
                .await?,
            people: person::Entity::find()
                .select_only()
                .column(person::Column::OrganisationId)
                .column(person::Column::UnitId)
                .filter(person::Column::Active.eq(true))
                .into_tuple()
                .all(db)
                .await?,
        })
    }

    /// The floors a query's building and floor cover; an unknown building is invalid input.
    fn floors_of(&self, query: &ReportQuery) -> Result<HashSet<i32>, Error> {
        let building = match &query.building {
            None => None,
            Some(slug) => Some(
                self.buildings
                    .iter()
                    .find(|(_, s)| s == slug)
                    .map(|(id, _)| *id)
                    .ok_or_else(|| Error::InvalidInput(format!("there is no building {slug}")))?,
            ),
        };
        Ok(self
            .floors
            .iter()
            .filter(|f| building.is_none_or(|b| b == f.building_id))
            .filter(|f| query.floor.is_none_or(|level| level == f.level))
            .map(|f| f.id)
            .collect())
    }

    fn level_of(&self, floor_id: i32) -> i32 {
        self.floors
            .iter()
            .find(|f| f.id == floor_id)
            .map_or(0, |f| f.level)
    }

    /// The home zones of the units of an organisation.
    fn organisation_zones(&self, organisation: i32) -> HashSet<i32> {
        self.units
            .iter()
            .filter(|u| u.organisation_id == organisation)
            .flat_map(|u| self.home.get(&u.id).into_iter().flatten().copied())
            .collect()
    }

    fn desks_in(&self, zones: &HashSet<i32>) -> u32 {
        let desks: i32 = zones.iter().filter_map(|z| self.desks.get(z)).sum();
        u32::try_from(desks).unwrap_or(0)
    }

    /// The zones a query covers, with desks, by floor and name; an unknown floor,
    /// organisation or unit is invalid input.
    fn zones_of(&self, query: &ReportQuery) -> Result<Vec<ZoneInfo>, Error> {
        let floor_ids: Option<HashSet<i32>> = match (&query.building, query.floor) {
            (None, None) => None,
            (building, level) => {
                let ids = self.floors_of(query)?;
                if let (true, Some(level)) = (ids.is_empty(), level) {
                    return Err(Error::InvalidInput(match building {
                        Some(slug) => format!("building {slug} has no floor {level}"),
                        None => format!("there is no floor {level}"),
                    }));
                }
                Some(ids)
            }
        };
        let by_organisation = match query.organisation {
            None => None,
            Some(id) => {
                if !self.organisations.iter().any(|o| o.id == id) {
                    return Err(Error::InvalidInput(format!(
                        "there is no organisation {id}"
                    )));
                }
                Some(self.organisation_zones(id))
            }
        };
        let by_unit = match query.unit {
            None => None,
            Some(id) => {
                if !self.units.iter().any(|u| u.id == id) {
                    return Err(Error::InvalidInput(format!("there is no unit {id}")));
                }
                Some(self.home.get(&id).cloned().unwrap_or_default())
            }
        };
        let mut zones: Vec<ZoneInfo> = self
            .zones
            .iter()
            .filter(|z| floor_ids.as_ref().is_none_or(|f| f.contains(&z.floor_id)))
            .filter(|z| by_organisation.as_ref().is_none_or(|s| s.contains(&z.id)))
            .filter(|z| by_unit.as_ref().is_none_or(|s| s.contains(&z.id)))
            .filter_map(|z| {
                let desks = self.desks.get(&z.id).copied().unwrap_or(0);
                (desks > 0).then(|| ZoneInfo {
                    id: z.id,
                    name: z.name.clone(),
                    floor: self.level_of(z.floor_id),
                    desks,
                })
            })
            .collect();
        zones.sort_by(|a, b| (a.floor, &a.name).cmp(&(b.floor, &b.name)));
        Ok(zones)
    }
}

/// Checks a query's days: `from` not after `to`, at most [`MAX_DAYS`] days.
pub fn check_range(query: &ReportQuery) -> Result<(), Error> {
    if query.to < query.from {
        return Err(Error::InvalidInput("`to` is before `from`".into()));
    }
    if (query.to - query.from).num_days() >= MAX_DAYS {
        return Err(Error::InvalidInput(format!(
            "a report covers at most {MAX_DAYS} days"
        )));
    }
    Ok(())
}

/// The instant a local day begins.
fn day_start(tz: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    local_instant(tz, day, NaiveTime::MIN)
}

/// A row of `occupancy_hourly` as read: zone, hour, booked, occupied, occupied unbooked,
/// no-shows, people.
type StoredZoneHour = (i32, DateTime<Utc>, i32, i32, i32, i32, i32);

async fn zone_hours(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    query: &ReportQuery,
    desks: &HashMap<i32, i32>,
) -> Result<Vec<ZoneHourRow>, DbErr> {
    use occupancy_hourly::Column;
    let end = query.to.succ_opt().unwrap_or(query.to);
    // Read as plain tuples: a building's four weeks are hundreds of thousands of zone-hours.
    let rows: Vec<StoredZoneHour> = occupancy_hourly::Entity::find()
        .select_only()
        .columns([
            Column::ZoneId,
            Column::HourStart,
            Column::BookedDeskHours,
            Column::OccupiedDeskHours,
            Column::OccupiedUnbookedDeskHours,
            Column::NoShows,
            Column::DistinctPeople,
        ])
        .filter(Column::HourStart.gte(day_start(tz, query.from)))
        .filter(Column::HourStart.lt(day_start(tz, end)))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(zone, hour_start, booked, occupied, occupied_unbooked, no_shows, people)| {
                let local = hour_start.with_timezone(&tz);
                ZoneHourRow {
                    zone,
                    day: local.date_naive(),
                    hour: local.hour(),
                    desks: desks.get(&zone).copied().unwrap_or(0),
                    booked,
                    occupied,
                    occupied_unbooked,
                    no_shows,
                    people,
                }
            },
        )
        .collect())
}

/// The report for `query`, suppressing below `min_group`.
pub async fn report(
    db: &DatabaseConnection,
    topology: &Topology,
    query: &ReportQuery,
    min_group: u32,
) -> Result<Report, Error> {
    check_range(query)?;
    let s = Structure::load(db, topology).await?;
    let zones = s.zones_of(query)?;
    let heat_floors = s.floors_of(query)?;
    let rows = zone_hours(db, topology.tz(), query, &s.desks).await?;
    let unit_days: Vec<UnitDayRow> = unit_day::Entity::find()
        .filter(unit_day::Column::Day.between(query.from, query.to))
        .all(db)
        .await?
        .into_iter()
        .map(|r| UnitDayRow {
            unit: r.unit_id,
            day: r.day,
            bookings: r.bookings,
            home_zone_bookings: r.home_zone_bookings,
            people: r.distinct_people,
        })
        .collect();
    let room_days = room_day::Entity::find()
        .filter(room_day::Column::Day.between(query.from, query.to))
        .all(db)
        .await?;

    let by_hour = rules::by_hour(&zones, &rows, min_group);
    let by_weekday = rules::by_weekday(&zones, &rows, min_group);

    let zone_by_id: HashMap<i32, &zone::Model> = s.zones.iter().map(|z| (z.id, z)).collect();
    let floors = s
        .floors
        .iter()
        .filter(|f| heat_floors.contains(&f.id))
        .filter_map(|f| {
            let zones: Vec<ZoneHeat> = by_hour
                .rows
                .iter()
                .filter_map(|row| {
                    let z = zone_by_id
                        .get(&row.zone_id)
                        .filter(|z| z.floor_id == f.id)?;
                    Some(ZoneHeat {
                        zone_id: z.id,
                        name: z.name.clone(),
                        x: z.x,
                        y: z.y,
                        width: z.width,
                        height: z.height,
                        total: row.total,
                    })
                })
                .collect();
            (!zones.is_empty()).then(|| FloorHeat {
                level: f.level,
                name: f.name.clone(),
                width: f.plan_width,
                height: f.plan_height,
                zones,
            })
        })
        .collect();

    let kpis = kpis(&s, &rows, &unit_days, min_group);

    let busy_weekdays: HashSet<u32> = by_weekday
        .totals
        .iter()
        .zip(1..)
        .filter(|(cell, _)| cell.shown().is_some())
        .map(|(_, weekday)| weekday)
        .collect();
    let quiet_zones = by_weekday
        .rows
        .iter()
        .filter_map(|row| {
            let quiet: Vec<u32> = rules::quiet_weekdays(row)
                .into_iter()
                .filter(|w| busy_weekdays.contains(w))
                .collect();
            (!quiet.is_empty()).then(|| QuietZone {
                zone_id: row.zone_id,
                zone: row.zone.clone(),
                floor: row.floor,
                utilisation: row.total.shown().and_then(|u| u.utilisation()),
                quiet_weekdays: quiet,
            })
        })
        .collect();

    let rooms = [PrivacyClass::Protected, PrivacyClass::Standard]
        .into_iter()
        .map(|class| {
            let of_class: Vec<RoomDayRow> = room_days
                .iter()
                .filter(|r| r.privacy_class == class)
                .map(|r| RoomDayRow {
                    day: r.day,
                    rooms: r.rooms,
                    reserved: r.reserved_quarters,
                    used: r.used_quarters,
                    released: r.released,
                    people: r.distinct_people,
                })
                .collect();
            RoomRow {
                class: match class {
                    PrivacyClass::Protected => RoomPrivacy::Protected,
                    PrivacyClass::Standard => RoomPrivacy::Standard,
                },
                weekdays: rules::weekday_columns()
                    .into_iter()
                    .map(|w| {
                        rules::room_cell(
                            of_class.iter().filter(|r| rules::weekday(r.day) == w),
                            min_group,
                        )
                    })
                    .collect(),
                total: rules::room_cell(&of_class, min_group),
            }
        })
        .collect();

    Ok(Report {
        query: query.clone(),
        min_group,
        first_hour: rules::HOURS.0,
        end_hour: rules::HOURS.1,
        by_hour,
        by_weekday,
        floors,
        kpis,
        quiet_zones,
        rooms,
        walk_ins: walk_ins::walk_ins(db, topology, query).await?,
    })
}

/// The key figures of the building, each organisation and each unit with people. The rows
/// are grouped by zone and the people counted by organisation and unit once, so the work
/// grows with rows + scopes × their zones, not rows × scopes.
fn kpis(s: &Structure, rows: &[ZoneHourRow], unit_days: &[UnitDayRow], min_group: u32) -> Vec<Kpi> {
    let mut by_zone: HashMap<i32, Vec<&ZoneHourRow>> = HashMap::new();
    for row in rows {
        by_zone.entry(row.zone).or_default().push(row);
    }
    let mut by_unit_day: HashMap<i32, Vec<&UnitDayRow>> = HashMap::new();
    for row in unit_days {
        by_unit_day.entry(row.unit).or_default().push(row);
    }
    let mut people_of_organisation: HashMap<i32, usize> = HashMap::new();
    let mut people_of_unit: HashMap<i32, usize> = HashMap::new();
    for (organisation, unit) in &s.people {
        *people_of_organisation.entry(*organisation).or_default() += 1;
        if let Some(unit) = unit {
            *people_of_unit.entry(*unit).or_default() += 1;
        }
    }
    let kpi = |scope, id, name: &str, people: usize, zones: &HashSet<i32>, units: &HashSet<i32>| {
        let of_zones = || {
            zones
                .iter()
                .filter_map(|zone| by_zone.get(zone))
                .flatten()
                .copied()
        };
        Kpi {
            scope,
            id,
            name: name.to_owned(),
            people: u32::try_from(people).unwrap_or(u32::MAX),
            desks: s.desks_in(zones),
            desk_use: rules::desk_cell(of_zones(), min_group),
            peak: rules::peak(of_zones(), min_group),
            home_zone: rules::home_zone_cell(
                units
                    .iter()
                    .filter_map(|unit| by_unit_day.get(unit))
                    .flatten()
                    .copied(),
                min_group,
            ),
        }
    };
    let all_zones: HashSet<i32> = s.zones.iter().map(|z| z.id).collect();
    let all_units: HashSet<i32> = s.units.iter().map(|u| u.id).collect();
    let mut kpis = vec![kpi(
        KpiScope::Building,
        None,
        "",
        s.people.len(),
        &all_zones,
        &all_units,
    )];
    for o in &s.organisations {
        let units: HashSet<i32> = s
            .units
            .iter()
            .filter(|u| u.organisation_id == o.id)
            .map(|u| u.id)
            .collect();
        kpis.push(kpi(
            KpiScope::Organisation,
            Some(o.id),
            &o.name,
            people_of_organisation.get(&o.id).copied().unwrap_or(0),
            &s.organisation_zones(o.id),
            &units,
        ));
    }
    for u in &s.units {
        let people = people_of_unit.get(&u.id).copied().unwrap_or(0);
        if people == 0 {
            continue;
        }
        kpis.push(kpi(
            KpiScope::Unit,
            Some(u.id),
            &u.name,
            people,
            &s.home.get(&u.id).cloned().unwrap_or_default(),
            &HashSet::from([u.id]),
        ));
    }
    kpis
}

/// What a report can be narrowed to: buildings (slug, name), floors (level, name; one per
/// level), organisations and units (id, name).
pub struct Scopes {
    /// Buildings: slug and name.
    pub buildings: Vec<(String, String)>,
    /// Floors: level and the name of the first floor at that level.
    pub floors: Vec<(i32, String)>,
    /// Organisations: id and name.
    pub organisations: Vec<(i32, String)>,
    /// Units: id and name.
    pub units: Vec<(i32, String)>,
}

/// The buildings, floors, organisations and units a report can be narrowed to.
pub async fn scopes(db: &DatabaseConnection) -> Result<Scopes, DbErr> {
    let buildings = building::Entity::find()
        .order_by_asc(building::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.slug, b.name))
        .collect();
    let mut floors: Vec<(i32, String)> = floor::Entity::find()
        .order_by_asc(floor::Column::Level)
        .order_by_asc(floor::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.level, f.name))
        .collect();
    floors.dedup_by_key(|(level, _)| *level);
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let units = unit::Entity::find()
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(Scopes {
        buildings,
        floors,
        organisations,
        units,
    })
}

// ---------------------------------------------------------------------------------------------
// Daily aggregates
