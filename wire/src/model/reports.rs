//! The facility-management report types that cross the wire: heatmaps, KPIs, room use, the
//! live building view and sensor health.
//!
//! Every figure is aggregated to a zone (or coarser) and an hour (or coarser). A [`Cell`] is
//! either shown, suppressed (it rests on fewer people or desks than the minimum group size),
//! or empty (no data); the types carry no person at all.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// What a report covers: a range of local days, optionally one building, floor, organisation
/// or unit (a unit or organisation means the zones that are home zones of its units). The
/// room figures are the installation's whatever the filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "schema", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// The first day.
    pub from: NaiveDate,
    /// The last day (inclusive).
    pub to: NaiveDate,
    /// Only this building (its slug).
    #[serde(default)]
    pub building: Option<String>,
    /// Only this floor (its level; in every building unless one is chosen).
    #[serde(default)]
    pub floor: Option<i32>,
    /// Only the home zones of this organisation's units.
    #[serde(default)]
    pub organisation: Option<i32>,
    /// Only the home zones of this unit.
    #[serde(default)]
    pub unit: Option<i32>,
}

/// A figure of a report: shown, suppressed, or without data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "status", content = "figures", rename_all = "snake_case")]
pub enum Cell<F> {
    /// Enough people or desks behind it.
    Shown(F),
    /// Data, but it rests on fewer people or desks than the minimum group size.
    Suppressed,
    /// No data at all.
    Empty,
}

impl<F> Cell<F> {
    /// The figures, if shown.
    pub fn shown(&self) -> Option<&F> {
        match self {
            Cell::Shown(f) => Some(f),
            Cell::Suppressed | Cell::Empty => None,
        }
    }

    /// `shown`, `suppressed` or `empty`, as in CSV exports.
    pub fn status(&self) -> &'static str {
        match self {
            Cell::Shown(_) => "shown",
            Cell::Suppressed => "suppressed",
            Cell::Empty => "empty",
        }
    }
}

/// Desk use summed over the zone-hours of a cell that rest on enough people or desks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DeskUse {
    /// Zone-hours summed.
    pub zone_hours: u32,
    /// Desk-hours there were (desks × hours).
    pub capacity: i64,
    /// Desk-hours booked.
    pub booked: i64,
    /// Desk-hours occupied according to the sensors.
    pub occupied: i64,
    /// Desk-hours occupied without a booking.
    pub occupied_unbooked: i64,
    /// Desk-hours booked but not occupied.
    pub booked_empty: i64,
    /// Bookings released as no-shows.
    pub no_shows: i64,
    /// Zone-hours of the cell left out because they rest on too few people or desks.
    pub left_out: u32,
}

/// `part / whole`, `None` for an empty whole.
fn share(part: i64, whole: i64) -> Option<f64> {
    if whole <= 0 {
        None
    } else {
        // Desk-hours stay far below 2^52: the conversion is exact.
        Some(part as f64 / whole as f64)
    }
}

impl DeskUse {
    /// Occupied desk-hours per desk-hour: the utilisation.
    pub fn utilisation(&self) -> Option<f64> {
        share(self.occupied, self.capacity)
    }

    /// Booked desk-hours per desk-hour.
    pub fn booked_share(&self) -> Option<f64> {
        share(self.booked, self.capacity)
    }

    /// Booked desk-hours that stayed empty, per booked desk-hour.
    pub fn empty_share(&self) -> Option<f64> {
        share(self.booked_empty, self.booked)
    }

    /// Occupied desk-hours without a booking, per occupied desk-hour.
    pub fn unbooked_share(&self) -> Option<f64> {
        share(self.occupied_unbooked, self.occupied)
    }
}

/// One zone's row of a heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HeatRow {
    /// The zone.
    pub zone_id: i32,
    /// Its name.
    pub zone: String,
    /// The level of its floor.
    pub floor: i32,
    /// Its desks.
    pub desks: i32,
    /// One cell per column.
    pub cells: Vec<Cell<DeskUse>>,
    /// The zone over every column.
    pub total: Cell<DeskUse>,
}

/// A heatmap: zones × columns (hours of the day, or weekdays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Heatmap {
    /// Column keys: local hours (`"8"`) or ISO weekdays (`"1"` Monday … `"7"` Sunday).
    pub columns: Vec<u32>,
    /// One row per zone.
    pub rows: Vec<HeatRow>,
    /// Every zone per column.
    pub totals: Vec<Cell<DeskUse>>,
    /// Everything.
    pub total: Cell<DeskUse>,
}

/// A zone on a floor plan with its use over the range, for the heat overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ZoneHeat {
    /// The zone.
    pub zone_id: i32,
    /// Its name.
    pub name: String,
    /// Left edge on the plan.
    pub x: i32,
    /// Top edge on the plan.
    pub y: i32,
    /// Width on the plan.
    pub width: i32,
    /// Height on the plan.
    pub height: i32,
    /// Its use over the range.
    pub total: Cell<DeskUse>,
}

/// A floor plan with the heat of its zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FloorHeat {
    /// The level.
    pub level: i32,
    /// Its name.
    pub name: String,
    /// Width of the plan.
    pub width: i32,
    /// Height of the plan.
    pub height: i32,
    /// Its zones with desks.
    pub zones: Vec<ZoneHeat>,
}

/// Whose figures a KPI row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KpiScope {
    /// The whole building.
    Building,
    /// One organisation (its units' home zones).
    Organisation,
    /// One unit (its home zones).
    Unit,
}

impl KpiScope {
    /// The value in CSV exports.
    pub fn code(self) -> &'static str {
        match self {
            KpiScope::Building => "building",
            KpiScope::Organisation => "organisation",
            KpiScope::Unit => "unit",
        }
    }
}

/// Bookings in home zones, summed over unit-days with enough people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HomeZoneHits {
    /// Desk bookings.
    pub bookings: i64,
    /// Of those, in one of the unit's home zones.
    pub in_home_zone: i64,
    /// Unit-days left out because too few people booked.
    pub left_out: u32,
}

impl HomeZoneHits {
    /// Bookings in a home zone per booking.
    pub fn rate(&self) -> Option<f64> {
        share(self.in_home_zone, self.bookings)
    }
}

/// The key figures of the building, an organisation or a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Kpi {
    /// Building, organisation or unit.
    pub scope: KpiScope,
    /// The organisation's or unit's id; `None` for the building.
    pub id: Option<i32>,
    /// Its name.
    pub name: String,
    /// Active people.
    pub people: u32,
    /// Desks in its (home) zones.
    pub desks: u32,
    /// Desk use in its (home) zones.
    pub desk_use: Cell<DeskUse>,
    /// The highest share of its desks occupied in one hour.
    pub peak: Option<f64>,
    /// How often its people got a desk in a home zone.
    pub home_zone: Cell<HomeZoneHits>,
}

impl Kpi {
    /// People per desk: the desk-sharing ratio.
    pub fn sharing_ratio(&self) -> Option<f64> {
        share(i64::from(self.people), i64::from(self.desks))
    }
}

/// A zone used little: a candidate to close on quiet days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct QuietZone {
    /// The zone.
    pub zone_id: i32,
    /// Its name.
    pub zone: String,
    /// The level of its floor.
    pub floor: i32,
    /// Its utilisation over the range, if shown.
    pub utilisation: Option<f64>,
    /// ISO weekdays (1 = Monday) on which it was used little or by too few to show.
    pub quiet_weekdays: Vec<u32>,
}

/// Room use summed over days with enough people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomUse {
    /// Days summed.
    pub days: u32,
    /// Room quarter-hours there were in office hours (rooms × quarters × days).
    pub capacity: i64,
    /// Quarter-hours reserved.
    pub reserved: i64,
    /// Quarter-hours of reservations checked in.
    pub used: i64,
    /// Reservations released as no-shows.
    pub released: i64,
    /// Days left out because too few people reserved.
    pub left_out: u32,
}

impl RoomUse {
    /// Reserved quarter-hours per quarter-hour there was.
    pub fn reserved_share(&self) -> Option<f64> {
        share(self.reserved, self.capacity)
    }

    /// Used quarter-hours per quarter-hour there was.
    pub fn used_share(&self) -> Option<f64> {
        share(self.used, self.capacity)
    }
}

/// Rooms of one privacy class by weekday.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomRow {
    /// `protected` (consultation rooms) or `standard` (meeting rooms).
    pub class: super::rooms::RoomPrivacy,
    /// One cell per ISO weekday 1–7.
    pub weekdays: Vec<Cell<RoomUse>>,
    /// Over the range.
    pub total: Cell<RoomUse>,
}

/// A report for a range of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Report {
    /// What it covers.
    pub query: ReportQuery,
    /// The minimum group size: cells resting on fewer people or desks are suppressed.
    pub min_group: u32,
    /// The first local hour counted.
    pub first_hour: u32,
    /// The local hour counting stops at (exclusive).
    pub end_hour: u32,
    /// Zones × hour of day.
    pub by_hour: Heatmap,
    /// Zones × weekday.
    pub by_weekday: Heatmap,
    /// The floors with the heat of their zones.
    pub floors: Vec<FloorHeat>,
    /// Key figures: the building, then each organisation and unit.
    pub kpis: Vec<Kpi>,
    /// Zones used little.
    pub quiet_zones: Vec<QuietZone>,
    /// Consultation and meeting rooms.
    pub rooms: Vec<RoomRow>,
    /// Walk-ins at the entrance the front desk found a room for (counts only).
    #[serde(default)]
    pub walk_ins: WalkIns,
}

/// Walk-ins at the entrance over a report's range, counted by local hour (counts only: the
/// citizens are never recorded). Of the chosen building, or of every building. Not suppressed
/// below the minimum group size: a count of citizens names no member of staff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WalkIns {
    /// Every local day and hour with walk-ins, in time order.
    pub hours: Vec<WalkInCount>,
    /// Per local hour of the day (0–23), summed over the range; hours without walk-ins left out.
    pub by_hour: Vec<WalkInHour>,
    /// Per local day of the range; days without walk-ins left out.
    pub by_day: Vec<WalkInDay>,
    /// Over the range.
    pub total: i64,
}

/// Walk-ins in one local hour of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WalkInCount {
    /// The local day.
    pub day: NaiveDate,
    /// The local hour (0–23).
    pub hour: u32,
    /// Walk-ins.
    pub count: i64,
}

/// Walk-ins in one local hour of the day over the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WalkInHour {
    /// The local hour (0–23).
    pub hour: u32,
    /// Walk-ins.
    pub count: i64,
}

/// Walk-ins on one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WalkInDay {
    /// The local day.
    pub day: NaiveDate,
    /// Walk-ins.
    pub count: i64,
}

/// A floor now, in counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FloorNow {
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: String,
    /// The level.
    pub level: i32,
    /// Its name.
    pub name: String,
    /// Desks.
    pub desks: u32,
    /// Desks booked now.
    pub desks_booked: u32,
    /// Desks occupied now according to their sensors.
    pub desks_occupied: u32,
    /// Desks neither booked nor occupied nor blocked.
    pub desks_free: u32,
    /// Rooms.
    pub rooms: u32,
    /// Rooms reserved now.
    pub rooms_reserved: u32,
    /// Rooms occupied now according to their sensors.
    pub rooms_occupied: u32,
}

/// Why a sensor needs looking after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SensorIssue {
    /// Never heard from.
    NeverSeen,
    /// Silent for longer than allowed.
    Offline,
    /// Battery at or below the threshold.
    LowBattery,
}

impl SensorIssue {
    /// The value in CSV exports.
    pub fn code(self) -> &'static str {
        match self {
            SensorIssue::NeverSeen => "never_seen",
            SensorIssue::Offline => "offline",
            SensorIssue::LowBattery => "low_battery",
        }
    }
}

/// A sensor that needs looking after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SensorAttention {
    /// Its device key.
    pub device_key: String,
    /// Its model.
    pub model: String,
    /// The desk or room it watches.
    pub place: Option<String>,
    /// Short name of the building the floor is in, for addresses ([`super::floor_path`]).
    pub building: Option<String>,
    /// The level of that place's floor.
    pub floor: Option<i32>,
    /// Its battery.
    pub battery_pct: Option<i32>,
    /// When it was last heard from.
    pub last_seen_at: Option<DateTime<Utc>>,
    /// What is wrong.
    pub issues: Vec<SensorIssue>,
}

/// The building now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildingNow {
    /// When.
    pub at: DateTime<Utc>,
    /// Each floor.
    pub floors: Vec<FloorNow>,
    /// Sensors silent for longer than this many minutes are offline.
    pub offline_after_min: u32,
    /// Batteries at or below this are low.
    pub low_battery_pct: u32,
    /// Sensors to look after.
    pub sensors: Vec<SensorAttention>,
}

/// An entry of the audit log, as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Its id.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it; `None` for the system or a person since removed.
    pub actor: Option<String>,
    /// What (`desk_booking.create`, `block.create`, …).
    pub action: String,
    /// On which kind of record.
    pub entity: String,
    /// On which record.
    pub entity_id: Option<String>,
    /// More about it, as JSON text.
    pub detail: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// The entries.
    pub entries: Vec<AuditEntry>,
    /// The `before` of the next page, if there is one.
    pub next_before: Option<i64>,
}

/// One kind of data in the record of processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// People: name, e-mail, organisation, unit, roles, language.
    People,
    /// Passkeys, badges and sign-in sessions.
    Credentials,
    /// Desk bookings and requests.
    DeskBookings,
    /// Room reservations, with subject and notes.
    RoomReservations,
    /// Check-ins.
    CheckIns,
    /// Raw sensor messages.
    SensorEvents,
    /// The present state of each sensor.
    SensorState,
    /// Counts per zone and hour, unit and day, room class and day.
    Aggregates,
    /// Who changed what.
    AuditLog,
    /// Sent and queued e-mail and push messages, and the devices push goes to.
    Notifications,
}

impl DataKind {
    /// Its place in [`crate::i18n::reports::ReportTexts::kinds`].
    pub fn index(self) -> usize {
        match self {
            DataKind::People => 0,
            DataKind::Credentials => 1,
            DataKind::DeskBookings => 2,
            DataKind::RoomReservations => 3,
            DataKind::CheckIns => 4,
            DataKind::SensorEvents => 5,
            DataKind::SensorState => 6,
            DataKind::Aggregates => 7,
            DataKind::AuditLog => 8,
            DataKind::Notifications => 9,
        }
    }

    /// Its name, purpose and who sees it, in `lang`.
    pub fn texts(self, lang: Lang) -> (&'static str, &'static str, &'static str) {
        lang.texts().reports.kinds[self.index()]
    }
}

/// How long a kind of data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Keep {
    /// As long as the person has an account.
    WhileActive,
    /// This many hours.
    Hours(u32),
    /// This many days, then anonymised.
    DaysThenAnonymised(u32),
    /// This many days, then deleted.
    Days(u32),
    /// Sign-in sessions: idle minutes and absolute hours.
    Session {
        /// Ended after this many idle minutes.
        idle_minutes: u32,
        /// Ended after this many hours at most.
        absolute_hours: u32,
    },
    /// Replaced by each new message.
    Current,
    /// Without end: it names nobody.
    Unlimited,
}

impl Keep {
    /// In words, in `lang`.
    pub fn text(self, lang: Lang) -> String {
        let t = lang.texts().reports;
        match self {
            Keep::WhileActive => t.keep_while_active.to_owned(),
            Keep::Hours(h) => format!("{}{h}{}", t.keep_hours.0, t.keep_hours.1),
            Keep::DaysThenAnonymised(d) => {
                format!(
                    "{}{d}{}",
                    t.keep_days_anonymised.0, t.keep_days_anonymised.1
                )
            }
            Keep::Days(d) => format!("{}{d}{}", t.keep_days.0, t.keep_days.1),
            Keep::Session {
                idle_minutes,
                absolute_hours,
            } => format!(
                "{}{idle_minutes}{}{absolute_hours}{}",
                t.keep_session.0, t.keep_session.1, t.keep_session.2
            ),
            Keep::Current => t.keep_current.to_owned(),
            Keep::Unlimited => t.keep_unlimited.to_owned(),
        }
    }
}

/// The record of processing, from the configuration in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessingRecord {
    /// Each kind of data with how long it is kept.
    pub entries: Vec<(DataKind, Keep)>,
    /// The minimum group size of the reports.
    pub min_group: u32,
}

/// The reports page: a report and what it can be narrowed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    /// The report.
    pub report: Report,
    /// Buildings: slug and name.
    pub buildings: Vec<(String, String)>,
    /// Floors: level and name.
    pub floors: Vec<(i32, String)>,
    /// Organisations: id and name.
    pub organisations: Vec<(i32, String)>,
    /// Units: id and name.
    pub units: Vec<(i32, String)>,
}
