//! The allocator at work: "find me a desk" for one person and team booking by a unit lead.
//!
//! Both read the day as it stands into an [`allocator::Problem`] ([`Snapshot::load`]): every
//! desk with its zone, features and availability (blocked desks and zones, desks the sensors
//! show occupied without a booking right now), every booking of the
//! day as a pin, and the requests with the home zones of the person's unit. The allocator
//! chooses; the booking service ([`booking::book_with`]) writes, with every rule and the
//! database's refusal of double bookings, so a desk the allocator proposes is never booked
//! past a rule. Choosing and booking hold one lock of the process (`CHOOSING`), so people
//! asking at once are served one after the other, each on the day as the one before left it;
//! a desk lost to a booking made another way (or by another server process) between choosing
//! and writing is chosen again (up to [`ATTEMPTS`] times).
//!
//! How the building maps onto the allocator's model:
//! - zones with desks; adjacency from `zone_adjacency`; floors by level; the lift distance;
//!   work and quiet zones take overflow, entrance and consultation zones do not;
//! - desk features: height-adjustable, docking station, two monitors, wheelchair-accessible,
//!   and "quiet" for a desk in a quiet zone; a desk's quality (how sought-after it is) is the
//!   number of its quiet spot, two monitors and sit-stand top, so good desks rotate;
//! - a person's team is their unit; their fairness history the quality of the desks they had
//!   in the last [`HISTORY_DAYS`] days; their favourite desks those they had at least twice in
//!   that time;
//! - a person may be placed outside the home zones when the overflow policy opens them at
//!   `now` (the booking rules say the same).

use std::collections::{BTreeMap, HashMap, HashSet};

use allocator::{
    AllowedZone, Availability as Halves, BuildingId, Config, Desk, DeskId, Feature, Lang as ALang,
    PersonId, Pin, Preferences, Problem, Request, RequestId, TeamId, Zone, ZoneId,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entities::enums::{BookingSource, Locale, ZoneKind};
use entities::{audit_log, desk, desk_booking_half, floor, person, zone};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::auth::{Principal, Via, load_principal};
use crate::booking::{self, BookingError, Facts, rules};
use crate::occupancy;
use wire::i18n::Lang;
use wire::model::{
    BookingDays, BookingRequest, DayResult, FindDesk, FoundDesk, Need, Refusal, Slot,
    TeamBookingRequest, TeamBookingResult, TeamMember, TeamPlacement,
};

/// How far back a person's desks count for fairness and favourites.
pub const HISTORY_DAYS: i64 = 28;

/// How often a desk lost to a parallel booking is chosen again.
pub const ATTEMPTS: usize = 5;

/// Held while the allocator chooses and the choice is booked: a few milliseconds each.
pub(crate) static CHOOSING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Local-search moves for a team booking (a few milliseconds for a building).
pub const TEAM_MOVES: u64 = 20_000;

/// The most people one team booking places.
pub const MAX_TEAM: usize = 60;

/// What "find me a desk" or a team booking could not do, besides a database failure.
#[derive(Debug)]
pub enum FindError {
    /// Booking refused it, or the allocator found nothing: the refusal, and the allocator's
    /// explanation in the person's language when it has one.
    Unplaced(Refusal, Option<String>),
    /// Anything else the booking service refuses (unknown desk, database failure, …).
    Booking(BookingError),
}

impl From<DbErr> for FindError {
    fn from(err: DbErr) -> Self {
        FindError::Booking(BookingError::from(err))
    }
}

impl From<BookingError> for FindError {
    fn from(err: BookingError) -> Self {
        match err {
            BookingError::Refused(refusal) => FindError::Unplaced(refusal, None),
            other => FindError::Booking(other),
        }
    }
}

impl From<FindError> for wire::error::AppError {
    fn from(err: FindError) -> Self {
        crate::error::Error::from(err).into()
    }
}

impl From<FindError> for crate::error::Error {
    fn from(err: FindError) -> Self {
        match err {
            FindError::Unplaced(refusal, _) => crate::error::Error::Refused(refusal),
            FindError::Booking(err) => err.into(),
        }
    }
}

/// A desk as people see it: label, zone name and floor level.
#[derive(Debug, Clone)]
struct Place {
    label: String,
    zone: String,
    building: String,
    level: i32,
}

/// The day as the allocator sees it, and what its identifiers stand for.
#[derive(Debug, Clone)]
pub struct Snapshot {
    problem: Problem,
    places: HashMap<i32, Place>,
    quality: HashMap<i32, u32>,
    home: HashMap<i32, Vec<i32>>,
}

fn desk_key(id: i32) -> DeskId {
    DeskId::new(id.to_string())
}

fn zone_key(id: i32) -> ZoneId {
    ZoneId::new(id.to_string())
}

fn person_key(id: i32) -> PersonId {
    PersonId::new(id.to_string())
}

fn team_key(unit: i32) -> TeamId {
    TeamId::new(format!("unit-{unit}"))
}

fn slot_of(slot: Slot) -> allocator::Slot {
    match slot {
        Slot::Morning => allocator::Slot::Morning,
        Slot::Afternoon => allocator::Slot::Afternoon,
        Slot::FullDay => allocator::Slot::FullDay,
    }
}

fn lang_of(lang: Lang) -> ALang {
    match lang {
        Lang::De => ALang::De,
        Lang::En => ALang::En,
    }
}

/// The allocator's feature for a need.
pub fn feature(need: Need) -> Feature {
    match need {
        Need::HeightAdjustable => Feature::HeightAdjustable,
        Need::Docking => Feature::DockingStation,
        Need::TwoMonitors => Feature::DualMonitor,
        Need::Accessible => Feature::WheelchairAccessible,
        Need::Quiet => Feature::Quiet,
    }
}

/// The features of a desk in a zone of `kind`, and its quality.
fn features_of(d: &desk::Model, kind: ZoneKind) -> (Vec<Feature>, u32) {
    let mut features = Vec::new();
    let mut quality = 0;
    if d.height_adjustable {
        features.push(Feature::HeightAdjustable);
        quality += 1;
    }
    if d.has_docking {
        features.push(Feature::DockingStation);
    }
    if d.monitors >= 2 {
        features.push(Feature::DualMonitor);
        quality += 1;
    }
    if d.accessible {
        features.push(Feature::WheelchairAccessible);
    }
    if kind == ZoneKind::Quiet {
        features.push(Feature::Quiet);
        quality += 1;
    }
    (features, quality)
}

/// The slot a set of half-days makes; `None` for none.
fn slot_of_halves(morning: bool, afternoon: bool) -> Option<allocator::Slot> {
    match (morning, afternoon) {
        (true, true) => Some(allocator::Slot::FullDay),
        (true, false) => Some(allocator::Slot::Morning),
        (false, true) => Some(allocator::Slot::Afternoon),
        (false, false) => None,
    }
}

impl Snapshot {
    /// The day as the allocator sees it: zones, desks, pins; no requests.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Forgets the bookings on `desks` (they are about to be moved).
    pub(crate) fn drop_pins_on(&mut self, desks: &HashSet<i32>) {
        self.problem
            .pins
            .retain(|p| desk_id(&p.desk).is_none_or(|d| !desks.contains(&d)));
    }

    /// Reads `day` as it stands at `now`: desks, zones, availability and every booking of the
    /// day as a pin. No requests yet.
    pub async fn load(
        db: &DatabaseConnection,
        facts: &Facts,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Snapshot, DbErr> {
        let tz = facts.tz;
        let topology = &facts.topology;
        let floors: HashMap<i32, floor::Model> = topology
            .floors()
            .iter()
            .map(|f| (f.id, f.clone()))
            .collect();
        let zones: HashMap<i32, zone::Model> =
            topology.zones().map(|z| (z.id, z.clone())).collect();
        let desks: Vec<desk::Model> = topology.desks().cloned().collect();
        let adjacent: BTreeMap<i32, Vec<ZoneId>> = topology
            .adjacency()
            .iter()
            .map(|(zone, next)| (*zone, next.iter().map(|z| zone_key(*z)).collect()))
            .collect();
        let live = if day == rules::today(tz, now) {
            occupancy::live_states(db, desks.iter().map(|d| d.id).collect(), &[])
                .await?
                .desks
        } else {
            HashMap::new()
        };
        let halves = desk_booking_half::Entity::find()
            .filter(desk_booking_half::Column::Day.eq(day))
            .order_by_asc(desk_booking_half::Column::BookingId)
            .all(db)
            .await?;
        let person_ids: HashSet<i32> = halves.iter().filter_map(|h| h.person_id).collect();
        let units: HashMap<i32, Option<i32>> = person::Entity::find()
            .filter(person::Column::Id.is_in(person_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.unit_id))
            .collect();
        let mut bookings: BTreeMap<i64, (i32, Option<i32>, bool, bool)> = BTreeMap::new();
        for h in &halves {
            let entry =
                bookings
                    .entry(h.booking_id)
                    .or_insert((h.desk_id, h.person_id, false, false));
            if h.half == desk_booking_half::MORNING {
                entry.2 = true;
            } else {
                entry.3 = true;
            }
        }
        let booked_desks: HashSet<i32> = halves.iter().map(|h| h.desk_id).collect();
        // The half now under way, when a desk the sensors show occupied without a booking is
        // not to be offered.
        let current = if day == rules::today(tz, now) {
            if rules::is_past(tz, day, Slot::Morning, now) {
                Halves {
                    morning: false,
                    afternoon: true,
                }
            } else {
                Halves {
                    morning: true,
                    afternoon: false,
                }
            }
        } else {
            Halves::NONE
        };

        let desk_zones: HashSet<i32> = desks.iter().map(|d| d.zone_id).collect();
        let mut used_zones = HashSet::new();
        let mut places = HashMap::new();
        let mut quality = HashMap::new();
        let mut problem = Problem::default();
        let mut unavailable = HashSet::new();
        for d in &desks {
            let Some(z) = zones.get(&d.zone_id) else {
                continue;
            };
            let Some(f) = floors.get(&z.floor_id) else {
                continue;
            };
            used_zones.insert(z.id);
            let (features, q) = features_of(d, z.kind);
            let blocked = d.blocked || facts.blocked(d.id, day);
            if blocked {
                unavailable.insert(d.id);
            }
            // A slot under way may still be booked (the rules refuse only one that has ended),
            // so halves already over count as free unless booked.
            let mut available = if blocked {
                Halves::NONE
            } else {
                Halves::ALL_DAY
            };
            if live.get(&d.id) == Some(&wire::model::Live::Occupied)
                && !booked_desks.contains(&d.id)
            {
                available.morning &= !current.morning;
                available.afternoon &= !current.afternoon;
            }
            problem.desks.push(Desk {
                id: desk_key(d.id),
                label: d.label.clone(),
                zone: zone_key(d.zone_id),
                features,
                quality: u8::try_from(q).unwrap_or(u8::MAX),
                available,
            });
            places.insert(
                d.id,
                Place {
                    label: d.label.clone(),
                    zone: z.name.clone(),
                    building: topology
                        .building(f.building_id)
                        .map(|b| b.slug.clone())
                        .unwrap_or_default(),
                    level: f.level,
                },
            );
            quality.insert(d.id, q);
        }
        let mut zone_ids: Vec<i32> = used_zones.into_iter().collect();
        zone_ids.sort_unstable();
        for id in zone_ids {
            let Some(z) = zones.get(&id) else {
                continue;
            };
            let Some(f) = floors.get(&z.floor_id) else {
                continue;
            };
            problem.zones.push(Zone {
                id: zone_key(z.id),
                name: z.name.clone(),
                building: BuildingId::new(f.building_id.to_string()),
                floor: f.level,
                adjacent: adjacent
                    .get(&z.id)
                    .map(|a| {
                        a.iter()
                            .filter(|zid| {
                                zid.as_str()
                                    .parse::<i32>()
                                    .is_ok_and(|n| desk_zones.contains(&n))
                            })
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default(),
                lift_distance_m: u32::try_from(z.distance_to_lift_m.max(0))
                    .unwrap_or(0)
                    .min(allocator::MAX_LIFT_DISTANCE_M),
                overflow: matches!(z.kind, ZoneKind::Work | ZoneKind::Quiet),
            });
        }
        for (booking_id, (desk_id, person_id, morning, afternoon)) in bookings {
            let Some(slot) = slot_of_halves(morning, afternoon) else {
                continue;
            };
            // A booking left on a blocked desk (no other was free when the block came) holds
            // nothing the allocator could give: it is not a pin on an unavailable desk.
            if !places.contains_key(&desk_id) || unavailable.contains(&desk_id) {
                continue;
            }
            problem.pins.push(Pin {
                person: person_id.map_or_else(
                    || PersonId::new(format!("booking-{booking_id}")),
                    person_key,
                ),
                team: person_id
                    .and_then(|p| units.get(&p).copied().flatten())
                    .map(team_key),
                desk: desk_key(desk_id),
                slot,
            });
        }
        let home: HashMap<i32, Vec<i32>> = topology
            .home_zones_by_unit()
            .into_iter()
            .map(|(unit, zones)| {
                let zones = zones
                    .into_iter()
                    .filter(|z| desk_zones.contains(z))
                    .collect();
                (unit, zones)
            })
            .collect();
        Ok(Snapshot {
            problem,
            places,
            quality,
            home,
        })
    }

    /// The request of `who` for `slot` on `day`, with their needs and wishes, their unit's home
    /// zones and their history.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn request(
        &self,
        db: &DatabaseConnection,
        facts: &Facts,
        who: &Principal,
        day: NaiveDate,
        slot: Slot,
        needs: &[Need],
        wishes: &[Need],
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<Request, DbErr> {
        let tz = facts.tz;
        let home = who
            .unit_id
            .and_then(|u| self.home.get(&u))
            .cloned()
            .unwrap_or_default();
        // The overflow policy for this person, as it applies to a desk of their first home zone
        // (or any desk, without one).
        let sample = home
            .first()
            .and_then(|z| self.problem.desks.iter().find(|d| d.zone == zone_key(*z)))
            .or_else(|| self.problem.desks.first())
            .and_then(|d| d.id.as_str().parse::<i32>().ok());
        let overflow = sample
            .and_then(|desk| facts.policy_for(desk, who.organisation_id, who.unit_id))
            .and_then(|policy| rules::overflow_opens(tz, policy.overflow, day))
            .is_some_and(|opens| opens <= now);
        let history = desk_booking_half::Entity::find()
            .filter(desk_booking_half::Column::PersonId.eq(who.person_id))
            .filter(desk_booking_half::Column::Day.gte(day - Duration::days(HISTORY_DAYS)))
            .filter(desk_booking_half::Column::Day.lt(day))
            .all(db)
            .await?;
        let recent_quality: u32 = history
            .iter()
            .map(|h| self.quality.get(&h.desk_id).copied().unwrap_or(0))
            .sum();
        let mut days_at: BTreeMap<i32, HashSet<NaiveDate>> = BTreeMap::new();
        for h in &history {
            days_at.entry(h.desk_id).or_default().insert(h.day);
        }
        let favourites = days_at
            .into_iter()
            .filter(|(_, days)| days.len() >= 2)
            .map(|(desk, _)| desk_key(desk))
            .collect();
        let mut needs: Vec<Feature> = needs.iter().map(|n| feature(*n)).collect();
        needs.sort();
        needs.dedup();
        let mut wished: Vec<Feature> = wishes
            .iter()
            .map(|n| feature(*n))
            .filter(|f| !needs.contains(f))
            .collect();
        wished.sort();
        wished.dedup();
        Ok(Request {
            id: RequestId::new(format!("p{}", who.person_id)),
            person: person_key(who.person_id),
            lang: lang_of(lang),
            slot: slot_of(slot),
            zones: home
                .iter()
                .zip(0u8..)
                .map(|(zone, priority)| AllowedZone {
                    zone: zone_key(*zone),
                    priority,
                })
                .collect(),
            overflow,
            accessibility: needs.contains(&Feature::WheelchairAccessible),
            needs,
            preferences: Preferences {
                desks: favourites,
                zones: Vec::new(),
                features: wished,
            },
            team: who.unit_id.map(team_key),
            recent_quality,
            previous: None,
        })
    }
}

/// The settings of one run: the default weights, a seed from the day (so a day's choices can be
/// reproduced), and `iterations` moves.
pub(crate) fn config(day: NaiveDate, iterations: u64) -> Config {
    Config {
        seed: u64::try_from(day.num_days_from_ce()).unwrap_or(0),
        iterations,
        ..Config::default()
    }
}

/// Why the allocator found no desk, as a refusal.
fn refusal_of(reason: allocator::Reason) -> Refusal {
    match reason {
        allocator::Reason::AlreadyBooked => Refusal::PersonHasDesk,
        allocator::Reason::NoSuitableDesk => Refusal::NoSuitableDesk,
        allocator::Reason::AllTaken => Refusal::NoDeskFree,
    }
}

/// Makes `zone_id` a wish of `request` (stay near where one was).
pub(crate) fn prefer_zone(request: &mut Request, zone_id: i32) {
    request.preferences.zones.push(zone_key(zone_id));
}

/// The desk id behind an allocator desk key.
pub(crate) fn desk_id(key: &DeskId) -> Option<i32> {
    key.as_str().parse().ok()
}

/// Books one day of `desk` for `who`: the booking's id, or the refusal.
pub(crate) async fn book_one(
    db: &DatabaseConnection,
    facts: &Facts,
    who: &Principal,
    desk: i32,
    day: NaiveDate,
    slot: Slot,
    now: DateTime<Utc>,
) -> Result<Result<i64, Refusal>, BookingError> {
    let request = BookingRequest {
        desk_id: desk,
        slot,
        days: BookingDays::Days { days: vec![day] },
    };
    let outcomes =
        booking::book_with(db, facts, who, &request, BookingSource::Allocator, now).await?;
    Ok(match outcomes.first().map(|o| o.result) {
        Some(DayResult::Booked { booking_id }) => Ok(booking_id),
        Some(DayResult::Refused { reason }) => Err(reason),
        None => Err(Refusal::InThePast),
    })
}

/// "Find me a desk": the best free desk for `who` on the day and slot asked for, booked at
/// once, with the allocator's explanation in `lang`.
#[tracing::instrument(skip(db, facts, who, find), fields(person = who.person_id))]
pub async fn find_and_book(
    db: &DatabaseConnection,
    facts: &Facts,
    who: &Principal,
    find: &FindDesk,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<FoundDesk, FindError> {
    let found = find_desk_and_book(db, facts, who, find, lang, now).await;
    match &found {
        Ok(_) => crate::booking::count_outcome(Ok(())),
        Err(FindError::Unplaced(reason, _)) => crate::booking::count_outcome(Err(*reason)),
        Err(_) => {}
    }
    found
}

async fn find_desk_and_book(
    db: &DatabaseConnection,
    facts: &Facts,
    who: &Principal,
    find: &FindDesk,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<FoundDesk, FindError> {
    let tz = facts.tz;
    if rules::is_past(tz, find.day, find.slot, now) {
        return Err(FindError::Unplaced(Refusal::InThePast, None));
    }
    let _choosing = CHOOSING.lock().await;
    let mut last = Refusal::NoDeskFree;
    for _ in 0..ATTEMPTS {
        let snapshot = Snapshot::load(db, facts, find.day, now).await?;
        let request = snapshot
            .request(
                db,
                facts,
                who,
                find.day,
                find.slot,
                &find.needs,
                &find.wishes,
                lang,
                now,
            )
            .await?;
        let placement = allocator::find_desk(&snapshot.problem, &request, &config(find.day, 0))
            .map_err(|err| {
                tracing::error!(error = %err, "the allocator refused the day as read");
                FindError::Booking(BookingError::Database(DbErr::Custom(
                    "the allocator refused its input".into(),
                )))
            })?;
        let message = placement.message().to_owned();
        let desk = match &placement.outcome {
            allocator::Outcome::Assigned { desk } => desk_id(desk),
            allocator::Outcome::Unassigned { reason } => {
                return Err(FindError::Unplaced(refusal_of(*reason), Some(message)));
            }
        }
        .ok_or(FindError::Booking(BookingError::Database(DbErr::Custom(
            "the allocator refused its input".into(),
        ))))?;
        match book_one(db, facts, who, desk, find.day, find.slot, now).await? {
            Ok(booking_id) => {
                let place = snapshot.places.get(&desk).cloned().unwrap_or(Place {
                    label: String::new(),
                    zone: String::new(),
                    building: String::new(),
                    level: 0,
                });
                return Ok(FoundDesk {
                    booking_id,
                    desk_id: desk,
                    desk: place.label,
                    zone: place.zone,
                    building: place.building,
                    level: place.level,
                    day: find.day,
                    slot: find.slot,
                    explanation: message,
                });
            }
            // Somebody was quicker: look again.
            Err(Refusal::DeskTaken) => last = Refusal::DeskTaken,
            Err(refusal) => return Err(FindError::Unplaced(refusal, None)),
        }
    }
    Err(FindError::Unplaced(last, None))
}

/// The active people of the unit `unit_id`, by name: whom a unit lead may book for.
pub async fn unit_members(db: &DatabaseConnection, unit_id: i32) -> Result<Vec<TeamMember>, DbErr> {
    Ok(person::Entity::find()
        .filter(person::Column::UnitId.eq(unit_id))
        .filter(person::Column::Active.eq(true))
        .order_by_asc(person::Column::DisplayName)
        .order_by_asc(person::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| TeamMember {
            id: p.id,
            name: p.display_name,
        })
        .collect())
}

/// Team booking: `lead` (a unit lead, permission checked by the caller) books desks for the
/// people of their unit in `team` on one day, together. Everyone is placed by one run of the
/// allocator with the team weight raised; each placement is then booked for the person (rules
/// and all) and gets its own outcome. A person who already has a desk then keeps it and
/// counts as part of the team. One audit row by the lead lists the bookings made.
#[tracing::instrument(skip(db, facts, lead, team), fields(lead = lead.person_id))]
pub async fn book_team(
    db: &DatabaseConnection,
    facts: &Facts,
    lead: &Principal,
    team: &TeamBookingRequest,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<TeamBookingResult, FindError> {
    let tz = facts.tz;
    let Some(unit) = lead.unit_id else {
        return Err(FindError::Booking(BookingError::InvalidInput(
            "you belong to no unit".into(),
        )));
    };
    let mut people: Vec<i32> = team.people.clone();
    people.sort_unstable();
    people.dedup();
    if people.is_empty() || people.len() > MAX_TEAM {
        return Err(FindError::Booking(BookingError::InvalidInput(format!(
            "people: between 1 and {MAX_TEAM}"
        ))));
    }
    if rules::is_past(tz, team.day, team.slot, now) {
        return Err(FindError::Unplaced(Refusal::InThePast, None));
    }
    let members = unit_members(db, unit).await?;
    let names: HashMap<i32, String> = members.into_iter().map(|m| (m.id, m.name)).collect();
    if let Some(stranger) = people.iter().find(|p| !names.contains_key(p)) {
        return Err(FindError::Booking(BookingError::InvalidInput(format!(
            "people: {stranger} is not an active member of your unit"
        ))));
    }
    let _choosing = CHOOSING.lock().await;
    let snapshot = Snapshot::load(db, facts, team.day, now).await?;
    let mut principals = HashMap::new();
    let mut problem = snapshot.problem.clone();
    for id in &people {
        let Some(member) = load_principal(db, *id, Via::Allocator).await? else {
            continue;
        };
        let person_lang = person::Entity::find_by_id(*id)
            .one(db)
            .await?
            .map_or(lang, |p| match p.locale {
                Locale::De => Lang::De,
                Locale::En => Lang::En,
            });
        let request = snapshot
            .request(
                db,
                facts,
                &member,
                team.day,
                team.slot,
                &team.needs,
                &[],
                person_lang,
                now,
            )
            .await?;
        problem.requests.push(request);
        principals.insert(*id, member);
    }
    let allocation = allocator::book_team(&problem, &team_key(unit), &config(team.day, TEAM_MOVES))
        .map_err(|err| {
            tracing::error!(error = %err, "the allocator refused the team's day as read");
            FindError::Booking(BookingError::Database(DbErr::Custom(
                "the allocator refused its input".into(),
            )))
        })?;

    let mut placements = Vec::new();
    let mut booked = Vec::new();
    for placement in &allocation.placements {
        let Some(person_id) = placement.person.as_str().parse::<i32>().ok() else {
            continue;
        };
        let name = names.get(&person_id).cloned().unwrap_or_default();
        let explanation = placement.explanation.get(lang_of(lang)).to_owned();
        let Some(member) = principals.get(&person_id) else {
            continue;
        };
        let outcome = match &placement.outcome {
            allocator::Outcome::Assigned { desk } => match desk_id(desk) {
                Some(desk) => {
                    match book_one(db, facts, member, desk, team.day, team.slot, now).await? {
                        Ok(booking_id) => {
                            booked.push(booking_id);
                            let place = snapshot.places.get(&desk).cloned();
                            TeamPlacement {
                                person_id,
                                name,
                                booking_id: Some(booking_id),
                                desk_id: Some(desk),
                                desk: place.as_ref().map(|p| p.label.clone()),
                                zone: place.as_ref().map(|p| p.zone.clone()),
                                building: place.as_ref().map(|p| p.building.clone()),
                                level: place.map(|p| p.level),
                                refusal: None,
                                explanation,
                            }
                        }
                        Err(refusal) => unplaced(person_id, name, refusal, explanation),
                    }
                }
                None => unplaced(person_id, name, Refusal::NoDeskFree, explanation),
            },
            allocator::Outcome::Unassigned { reason } => {
                unplaced(person_id, name, refusal_of(*reason), explanation)
            }
        };
        placements.push(outcome);
    }
    if !booked.is_empty() {
        crate::audit::write(
            db,
            audit_log::ActiveModel {
                at: Set(now),
                actor_person_id: Set(Some(lead.person_id)),
                organisation_id: Set(Some(lead.organisation_id)),
                action: Set("team_booking.create".to_owned()),
                entity: Set("desk_booking".to_owned()),
                entity_id: Set(None),
                detail: Set(Some(serde_json::json!({
                    "unit_id": unit,
                    "day": team.day,
                    "bookings": booked,
                }))),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(TeamBookingResult {
        day: team.day,
        slot: team.slot,
        placements,
    })
}

fn unplaced(person_id: i32, name: String, refusal: Refusal, explanation: String) -> TeamPlacement {
    TeamPlacement {
        person_id,
        name,
        booking_id: None,
        desk_id: None,
        desk: None,
        zone: None,
        building: None,
        level: None,
        refusal: Some(refusal),
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desk_is_as_good_as_its_quiet_spot_screens_and_top() {
        let d = desk::Model {
            id: 1,
            zone_id: 1,
            label: "2.14".into(),
            x: 0,
            y: 0,
            width: 1,
            height: 1,
            rotation: 0,
            has_docking: true,
            monitors: 2,
            height_adjustable: true,
            accessible: true,
            blocked: false,
            notes: None,
        };
        let (features, quality) = features_of(&d, ZoneKind::Quiet);
        assert_eq!(quality, 3);
        assert!(features.contains(&Feature::WheelchairAccessible));
        assert!(features.contains(&Feature::Quiet));
        let (features, quality) = features_of(
            &desk::Model {
                monitors: 1,
                height_adjustable: false,
                ..d
            },
            ZoneKind::Work,
        );
        assert_eq!(quality, 0);
        assert!(!features.contains(&Feature::DualMonitor));
    }

    #[test]
    fn halves_make_slots() {
        assert_eq!(slot_of_halves(true, true), Some(allocator::Slot::FullDay));
        assert_eq!(
            slot_of_halves(false, true),
            Some(allocator::Slot::Afternoon)
        );
        assert_eq!(slot_of_halves(false, false), None);
    }
}
