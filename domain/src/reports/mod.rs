//! Facility-management reports: heatmaps by zone and hour or weekday, the floor heat overlay,
//! key figures for the building, each organisation and each unit, room use, the live building
//! view with sensor health, the daily aggregates behind them, and the audit log for
//! administrators.
//!
//! What may be published, and how it is summed, is in [`rules`]; CSV is in [`export`]. Reports
//! read only aggregates (`occupancy_hourly`, `unit_day`, `room_day`), never a booking.

pub mod export;
pub mod rules;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use entities::enums::{DeskBookingStatus, Presence, PrivacyClass, ReservationStatus};
use entities::{
    audit_log, desk, desk_booking, floor, home_zone, occupancy_hourly, organisation, person, room,
    room_day, room_reservation, sensor, sensor_state, unit, unit_day, zone,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::auth::Principal;
use crate::booking::rules::{half_at, local_instant, today};
use entities::enums::Role;
use rules::{RoomDayRow, UnitDayRow, ZoneHourRow, ZoneInfo};
use wire::error::AppError;
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
    async fn load(db: &DatabaseConnection) -> Result<Structure, DbErr> {
        let mut desks: HashMap<i32, i32> = HashMap::new();
        for zone_id in desk::Entity::find()
            .select_only()
            .column(desk::Column::ZoneId)
            .into_tuple::<i32>()
            .all(db)
            .await?
        {
            *desks.entry(zone_id).or_default() += 1;
        }
        let mut home: HashMap<i32, HashSet<i32>> = HashMap::new();
        for h in home_zone::Entity::find().all(db).await? {
            home.entry(h.unit_id).or_default().insert(h.zone_id);
        }
        Ok(Structure {
            floors: floor::Entity::find()
                .order_by_asc(floor::Column::Level)
                .all(db)
                .await?,
            zones: zone::Entity::find()
                .order_by_asc(zone::Column::Name)
                .all(db)
                .await?,
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
    fn zones_of(&self, query: &ReportQuery) -> Result<Vec<ZoneInfo>, AppError> {
        let floor_ids: Option<HashSet<i32>> = match query.floor {
            None => None,
            Some(level) => {
                let ids: HashSet<i32> = self
                    .floors
                    .iter()
                    .filter(|f| f.level == level)
                    .map(|f| f.id)
                    .collect();
                if ids.is_empty() {
                    return Err(AppError::InvalidInput(format!("there is no floor {level}")));
                }
                Some(ids)
            }
        };
        let by_organisation = match query.organisation {
            None => None,
            Some(id) => {
                if !self.organisations.iter().any(|o| o.id == id) {
                    return Err(AppError::InvalidInput(format!(
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
                    return Err(AppError::InvalidInput(format!("there is no unit {id}")));
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
pub fn check_range(query: &ReportQuery) -> Result<(), AppError> {
    if query.to < query.from {
        return Err(AppError::InvalidInput("`to` is before `from`".into()));
    }
    if (query.to - query.from).num_days() >= MAX_DAYS {
        return Err(AppError::InvalidInput(format!(
            "a report covers at most {MAX_DAYS} days"
        )));
    }
    Ok(())
}

/// The instant a local day begins.
fn day_start(tz: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    local_instant(tz, day, NaiveTime::MIN)
}

async fn zone_hours(
    db: &DatabaseConnection,
    query: &ReportQuery,
    desks: &HashMap<i32, i32>,
) -> Result<Vec<ZoneHourRow>, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let end = query.to.succ_opt().unwrap_or(query.to);
    Ok(occupancy_hourly::Entity::find()
        .filter(occupancy_hourly::Column::HourStart.gte(day_start(tz, query.from)))
        .filter(occupancy_hourly::Column::HourStart.lt(day_start(tz, end)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            let local = r.hour_start.with_timezone(&tz);
            ZoneHourRow {
                zone: r.zone_id,
                day: local.date_naive(),
                hour: local.hour(),
                desks: desks.get(&r.zone_id).copied().unwrap_or(0),
                booked: r.booked_desk_hours,
                occupied: r.occupied_desk_hours,
                occupied_unbooked: r.occupied_unbooked_desk_hours,
                no_shows: r.no_shows,
                people: r.distinct_people,
            }
        })
        .collect())
}

/// The report for `query`, suppressing below `min_group`.
pub async fn report(
    db: &DatabaseConnection,
    query: &ReportQuery,
    min_group: u32,
) -> Result<Report, AppError> {
    check_range(query)?;
    let s = Structure::load(db).await?;
    let zones = s.zones_of(query)?;
    let rows = zone_hours(db, query, &s.desks).await?;
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

    let floors = s
        .floors
        .iter()
        .filter(|f| query.floor.is_none_or(|level| level == f.level))
        .filter_map(|f| {
            let zones: Vec<ZoneHeat> = by_hour
                .rows
                .iter()
                .filter_map(|row| {
                    let z = s
                        .zones
                        .iter()
                        .find(|z| z.id == row.zone_id && z.floor_id == f.id)?;
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
    })
}

/// The key figures of the building, each organisation and each unit with people.
fn kpis(s: &Structure, rows: &[ZoneHourRow], unit_days: &[UnitDayRow], min_group: u32) -> Vec<Kpi> {
    let kpi =
        |scope, id, name: &str, people: usize, zones: &HashSet<i32>, units: &HashSet<i32>| Kpi {
            scope,
            id,
            name: name.to_owned(),
            people: u32::try_from(people).unwrap_or(u32::MAX),
            desks: s.desks_in(zones),
            desk_use: rules::desk_cell(rows.iter().filter(|r| zones.contains(&r.zone)), min_group),
            peak: rules::peak(zones, rows, min_group),
            home_zone: rules::home_zone_cell(
                unit_days.iter().filter(|r| units.contains(&r.unit)),
                min_group,
            ),
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
        let people = s.people.iter().filter(|(org, _)| *org == o.id).count();
        kpis.push(kpi(
            KpiScope::Organisation,
            Some(o.id),
            &o.name,
            people,
            &s.organisation_zones(o.id),
            &units,
        ));
    }
    for u in &s.units {
        let people = s
            .people
            .iter()
            .filter(|(_, unit)| *unit == Some(u.id))
            .count();
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

/// What a report can be narrowed to: floors (level, name), organisations and units (id,
/// name).
pub type Scopes = (Vec<(i32, String)>, Vec<(i32, String)>, Vec<(i32, String)>);

/// The floors, organisations and units a report can be narrowed to.
pub async fn scopes(db: &DatabaseConnection) -> Result<Scopes, DbErr> {
    let floors = floor::Entity::find()
        .order_by_asc(floor::Column::Level)
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.level, f.name))
        .collect();
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
    Ok((floors, organisations, units))
}

// ---------------------------------------------------------------------------------------------
// Daily aggregates

/// Counts and stores `unit_day` and `room_day` for every finished local day not stored yet,
/// at most `back_days` days back (keep it below the anonymisation of bookings, which takes the
/// person away). The days written.
pub async fn record_days(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    back_days: u32,
) -> Result<u32, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let yesterday = today(tz, now) - Duration::days(1);
    let earliest = today(tz, now) - Duration::days(i64::from(back_days.max(1)));
    let latest: Option<NaiveDate> = room_day::Entity::find()
        .select_only()
        .column_as(room_day::Column::Day.max(), "latest")
        .into_tuple::<Option<NaiveDate>>()
        .one(db)
        .await?
        .flatten();
    let mut day = latest.map_or(earliest, |l| (l + Duration::days(1)).max(earliest));
    let mut written = 0;
    while day <= yesterday {
        record_day(db, day).await?;
        written += 1;
        day += Duration::days(1);
    }
    Ok(written)
}

/// Counts one local day into `unit_day` and `room_day` (replacing what was stored for it).
pub async fn record_day(db: &DatabaseConnection, day: NaiveDate) -> Result<(), DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    // Units: bookings not cancelled, by the booker's unit.
    let desk_zone: HashMap<i32, i32> = desk::Entity::find()
        .select_only()
        .column(desk::Column::Id)
        .column(desk::Column::ZoneId)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let unit_of: HashMap<i32, i32> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::UnitId)
        .into_tuple::<(i32, Option<i32>)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(p, u)| Some((p, u?)))
        .collect();
    let mut home: HashMap<i32, HashSet<i32>> = HashMap::new();
    for h in home_zone::Entity::find().all(db).await? {
        home.entry(h.unit_id).or_default().insert(h.zone_id);
    }
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .filter(desk_booking::Column::Status.ne(DeskBookingStatus::Cancelled))
        .all(db)
        .await?;
    let mut units: BTreeMap<i32, (i32, i32, HashSet<i32>)> = BTreeMap::new();
    for b in bookings {
        let Some(person) = b.person_id else { continue };
        let Some(unit) = unit_of.get(&person) else {
            continue;
        };
        let in_home = desk_zone
            .get(&b.desk_id)
            .is_some_and(|z| home.get(unit).is_some_and(|zones| zones.contains(z)));
        let entry = units.entry(*unit).or_default();
        entry.0 += 1;
        entry.1 += i32::from(in_home);
        entry.2.insert(person);
    }
    if !units.is_empty() {
        let rows =
            units
                .into_iter()
                .map(|(unit, (bookings, home, people))| unit_day::ActiveModel {
                    unit_id: Set(unit),
                    day: Set(day),
                    bookings: Set(bookings),
                    home_zone_bookings: Set(home),
                    distinct_people: Set(i32::try_from(people.len()).unwrap_or(i32::MAX)),
                });
        unit_day::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([unit_day::Column::UnitId, unit_day::Column::Day])
                    .update_columns([
                        unit_day::Column::Bookings,
                        unit_day::Column::HomeZoneBookings,
                        unit_day::Column::DistinctPeople,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }

    // Rooms: reservations not cancelled within the counted hours.
    let window = (
        local_instant(
            tz,
            day,
            NaiveTime::from_hms_opt(rules::ROOM_DAY.0, 0, 0).unwrap_or_default(),
        ),
        local_instant(
            tz,
            day,
            NaiveTime::from_hms_opt(rules::ROOM_DAY.1, 0, 0).unwrap_or_default(),
        ),
    );
    let rooms = room::Entity::find().all(db).await?;
    let class_of: HashMap<i32, PrivacyClass> =
        rooms.iter().map(|r| (r.id, r.privacy_class)).collect();
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::StartsAt.lt(window.1))
        .filter(room_reservation::Column::EndsAt.gt(window.0))
        .filter(room_reservation::Column::Status.ne(ReservationStatus::Cancelled))
        .all(db)
        .await?;
    let mut rows = Vec::new();
    for class in [PrivacyClass::Standard, PrivacyClass::Protected] {
        let mut reserved = 0i64;
        let mut used = 0i64;
        let mut released = 0;
        let mut people = HashSet::new();
        for r in reservations
            .iter()
            .filter(|r| class_of.get(&r.room_id) == Some(&class))
        {
            let start = r.starts_at.max(window.0);
            let end = r.ends_at.min(window.1);
            let quarters = ((end - start).num_minutes() / 15).max(0);
            reserved += quarters;
            if r.checked_in_at.is_some() {
                used += quarters;
            }
            if r.status == ReservationStatus::Released {
                released += 1;
            }
            if let Some(owner) = r.owner_id {
                people.insert(owner);
            }
        }
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        rows.push(room_day::ActiveModel {
            day: Set(day),
            privacy_class: Set(class),
            rooms: Set(count(
                rooms.iter().filter(|r| r.privacy_class == class).count(),
            )),
            reserved_quarters: Set(i32::try_from(reserved).unwrap_or(i32::MAX)),
            used_quarters: Set(i32::try_from(used).unwrap_or(i32::MAX)),
            released: Set(released),
            distinct_people: Set(count(people.len())),
        });
    }
    room_day::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([room_day::Column::Day, room_day::Column::PrivacyClass])
                .update_columns([
                    room_day::Column::Rooms,
                    room_day::Column::ReservedQuarters,
                    room_day::Column::UsedQuarters,
                    room_day::Column::Released,
                    room_day::Column::DistinctPeople,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The building now

/// Each floor now in counts, and the sensors that need looking after.
pub async fn building_now(
    db: &DatabaseConnection,
    topology: &crate::topology::Topology,
    settings: &ReportSettings,
    now: DateTime<Utc>,
) -> Result<BuildingNow, DbErr> {
    let tz = topology.tz();
    let mut floors: Vec<floor::Model> = topology.floors().to_vec();
    floors.sort_by_key(|f| f.level);
    let zone_floor: HashMap<i32, i32> = topology.zones().map(|z| (z.id, z.floor_id)).collect();
    let desks: Vec<desk::Model> = topology.desks().cloned().collect();
    let rooms: Vec<room::Model> = topology.rooms().cloned().collect();

    let (day, half) = half_at(tz, now);
    let booked: HashSet<i32> = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .all(db)
        .await?
        .into_iter()
        .filter(|b| Slot::from(b.slot).overlaps(half))
        .map(|b| b.desk_id)
        .collect();
    let reserved: HashSet<i32> = room_reservation::Entity::find()
        .filter(room_reservation::Column::StartsAt.lte(now))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.room_id)
        .collect();
    let sensors = sensor::Entity::find()
        .find_also_related(sensor_state::Entity)
        .order_by_asc(sensor::Column::DeviceKey)
        .all(db)
        .await?;
    let occupied =
        |s: &Option<sensor_state::Model>| s.as_ref().is_some_and(|s| s.state == Presence::Occupied);
    let desks_occupied: HashSet<i32> = sensors
        .iter()
        .filter(|(_, state)| occupied(state))
        .filter_map(|(s, _)| s.desk_id)
        .collect();
    let rooms_occupied: HashSet<i32> = sensors
        .iter()
        .filter(|(_, state)| occupied(state))
        .filter_map(|(s, _)| s.room_id)
        .collect();

    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let floors_now = floors
        .iter()
        .map(|f| {
            let on_floor: Vec<&desk::Model> = desks
                .iter()
                .filter(|d| zone_floor.get(&d.zone_id) == Some(&f.id))
                .collect();
            let floor_rooms: Vec<&room::Model> =
                rooms.iter().filter(|r| r.floor_id == f.id).collect();
            FloorNow {
                level: f.level,
                name: f.name.clone(),
                desks: count(on_floor.len()),
                desks_booked: count(on_floor.iter().filter(|d| booked.contains(&d.id)).count()),
                desks_occupied: count(
                    on_floor
                        .iter()
                        .filter(|d| desks_occupied.contains(&d.id))
                        .count(),
                ),
                desks_free: count(
                    on_floor
                        .iter()
                        .filter(|d| {
                            !d.blocked && !booked.contains(&d.id) && !desks_occupied.contains(&d.id)
                        })
                        .count(),
                ),
                rooms: count(floor_rooms.len()),
                rooms_reserved: count(
                    floor_rooms
                        .iter()
                        .filter(|r| reserved.contains(&r.id))
                        .count(),
                ),
                rooms_occupied: count(
                    floor_rooms
                        .iter()
                        .filter(|r| rooms_occupied.contains(&r.id))
                        .count(),
                ),
            }
        })
        .collect();

    let offline_before = now - Duration::minutes(i64::from(settings.offline_after_min));
    let desk_place: HashMap<i32, (&str, Option<i32>)> = desks
        .iter()
        .map(|d| {
            let level = zone_floor
                .get(&d.zone_id)
                .and_then(|f| floors.iter().find(|x| x.id == *f))
                .map(|f| f.level);
            (d.id, (d.label.as_str(), level))
        })
        .collect();
    let room_place: HashMap<i32, (&str, Option<i32>)> = rooms
        .iter()
        .map(|r| {
            let level = floors.iter().find(|f| f.id == r.floor_id).map(|f| f.level);
            (r.id, (r.label.as_str(), level))
        })
        .collect();
    let attention = sensors
        .iter()
        .filter_map(|(s, _)| {
            let mut issues = Vec::new();
            match s.last_seen_at {
                None => issues.push(SensorIssue::NeverSeen),
                Some(at) if at < offline_before => issues.push(SensorIssue::Offline),
                Some(_) => {}
            }
            if s.battery_pct
                .is_some_and(|b| u32::try_from(b).unwrap_or(0) <= settings.low_battery_pct)
            {
                issues.push(SensorIssue::LowBattery);
            }
            if issues.is_empty() {
                return None;
            }
            let place = s
                .desk_id
                .and_then(|d| desk_place.get(&d))
                .or_else(|| s.room_id.and_then(|r| room_place.get(&r)));
            Some(SensorAttention {
                device_key: s.device_key.clone(),
                model: s.model.clone(),
                place: place.map(|(label, _)| (*label).to_owned()),
                floor: place.and_then(|(_, level)| *level),
                battery_pct: s.battery_pct,
                last_seen_at: s.last_seen_at,
                issues,
            })
        })
        .collect();

    Ok(BuildingNow {
        at: now,
        floors: floors_now,
        offline_after_min: settings.offline_after_min,
        low_battery_pct: settings.low_battery_pct,
        sensors: attention,
    })
}

// ---------------------------------------------------------------------------------------------
// The audit log

/// A page of the audit log an administrator may see, newest first: the entries of their
/// organisation, and for building administrators also those of no organisation (the
/// building's configuration). Entries before id `before`, at most `limit`
/// ([`MAX_AUDIT_PAGE`]).
pub async fn audit_page(
    db: &DatabaseConnection,
    who: &Principal,
    before: Option<i64>,
    limit: u64,
) -> Result<AuditPage, DbErr> {
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    let mut whose = Condition::any().add(audit_log::Column::OrganisationId.eq(who.organisation_id));
    if who.has_role(Role::BuildingAdmin) {
        whose = whose.add(audit_log::Column::OrganisationId.is_null());
    }
    let mut find = audit_log::Entity::find()
        .filter(whose)
        .order_by_desc(audit_log::Column::Id)
        .limit(limit + 1);
    if let Some(before) = before {
        find = find.filter(audit_log::Column::Id.lt(before));
    }
    let mut rows = find.all(db).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let actors: HashSet<i32> = rows.iter().filter_map(|r| r.actor_person_id).collect();
    let names: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(actors))
        .filter(person::Column::OrganisationId.eq(who.organisation_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect();
    let next_before = more.then(|| rows.last().map(|r| r.id)).flatten();
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor: r.actor_person_id.and_then(|p| names.get(&p).cloned()),
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                detail: r.detail.map(|d| d.to_string()),
            })
            .collect(),
        next_before,
    })
}

/// Deletes audit entries older than `keep_days` days. The entries deleted.
pub async fn delete_old_audit(
    db: &DatabaseConnection,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let cutoff = now - Duration::days(i64::from(keep_days));
    Ok(audit_log::Entity::delete_many()
        .filter(audit_log::Column::At.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
