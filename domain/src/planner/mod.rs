//! The home-zone planner over the stored building: which unit should get which zones, from
//! the measured use of each unit (`unit_day`), proposed by [`allocator::planner::propose`]
//! beside today's home zones.
//!
//! What the database holds decides the rules the planner keeps: a zone may go to the units of
//! the organisations the building administrators have given it to (`zone_grant`,
//! [`grants`]), entrance and consultation zones never move, and only desks that are not blocked
//! count. A unit's demand on a working day (Monday to Friday) is its desk bookings that day (0
//! when none are recorded); how many of its people need an accessible desk is counted from
//! `person.needs_accessible_desk`; units that work together are the pairs of `unit_affinity`,
//! which administrators edit ([`affinity`]). A proposal is read only; [`plans`] keeps one to be
//! applied from a day on with the organisations' consent.

pub mod affinity;
pub mod grants;
pub mod plans;

pub use affinity::{affinities, set_affinity};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::Error;
use allocator::planner::{
    Affinity as PlanAffinity, PlanConfig, PlanInput, PlanUnit, PlanZone, UnitFigures, ZoneUse,
};
use allocator::{BuildingId, OrganisationId, UnitId, ZoneId};
use chrono::{Datelike, Weekday};
use entities::enums::ZoneKind;
use entities::{
    desk, floor, home_zone, organisation, person, unit, unit_affinity, unit_day, zone, zone_grant,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use wire::model::planner::{
    PlanFloor, PlanZoneShape, PlannedZone, PlannerQuery, PlannerView, PlannerWeights, UnitPlan,
};
use wire::model::reports::ReportQuery;

use crate::reports::check_range;

/// The percentile used when the query names none.
pub const DEFAULT_PERCENTILE: u8 = 80;

/// The largest weight a query may set.
pub const MAX_QUERY_WEIGHT: u32 = 1_000;

/// The planner's weights from a query: its own where given, the planner's defaults else.
fn weights_of(query: &PlannerQuery) -> Result<allocator::planner::PlanWeights, Error> {
    let d = allocator::planner::PlanWeights::default();
    let pick = |given: Option<u32>, default: u32, name: &str| match given {
        Some(w) if w > MAX_QUERY_WEIGHT => Err(Error::InvalidInput(format!(
            "`{name}` is between 0 and {MAX_QUERY_WEIGHT}"
        ))),
        Some(w) => Ok(w),
        None => Ok(default),
    };
    Ok(allocator::planner::PlanWeights {
        overflow_day: pick(query.w_overflow, d.overflow_day, "w_overflow")?,
        shortfall: pick(query.w_shortfall, d.shortfall, "w_shortfall")?,
        affinity: pick(query.w_together, d.affinity, "w_together")?,
        spread: pick(query.w_apart, d.spread, "w_apart")?,
        moved: pick(query.w_moved, d.moved, "w_moved")?,
        access: d.access,
    })
}

/// Moves the planner tries (deterministic: no clock).
const PLANNER_MOVES: u64 = 100_000;

/// The proposal for the whole building from the units' use between `query.from` and
/// `query.to`. Units with fewer active people than `min_group` keep their figures to
/// themselves (they are planned all the same).
pub async fn proposal(
    db: &DatabaseConnection,
    topology: &crate::topology::Topology,
    query: &PlannerQuery,
    min_group: u32,
) -> Result<PlannerView, Error> {
    check_range(&ReportQuery {
        from: query.from,
        to: query.to,
        building: None,
        floor: None,
        organisation: None,
        unit: None,
    })?;
    let percentile = query.percentile.unwrap_or(DEFAULT_PERCENTILE);
    if !(1..=100).contains(&percentile) {
        return Err(Error::InvalidInput(
            "`percentile` is between 1 and 100".into(),
        ));
    }
    let weights = weights_of(query)?;
    let floors: HashMap<i32, floor::Model> = topology
        .floors()
        .iter()
        .map(|f| (f.id, f.clone()))
        .collect();
    let zones: Vec<zone::Model> = topology.zones().cloned().collect();
    let desks: Vec<desk::Model> = topology.desks().filter(|d| !d.blocked).cloned().collect();
    // A closed unit (merged or closed by its organisation) gets no zones.
    let units = unit::Entity::find()
        .filter(unit::Column::Closed.eq(false))
        .all(db)
        .await?;
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let homes = home_zone::Entity::find().all(db).await?;
    let mut people: HashMap<i32, u32> = HashMap::new();
    let mut needing: HashMap<i32, u32> = HashMap::new();
    for p in person::Entity::find()
        .filter(person::Column::Active.eq(true))
        .all(db)
        .await?
    {
        if let Some(u) = p.unit_id {
            *people.entry(u).or_insert(0) += 1;
            if p.needs_accessible_desk {
                *needing.entry(u).or_insert(0) += 1;
            }
        }
    }
    let adjacent: BTreeMap<i32, Vec<ZoneId>> = topology
        .adjacency()
        .iter()
        .map(|(zone, next)| (*zone, next.iter().map(|z| key(*z)).collect()))
        .collect();
    let mut used: HashMap<(i32, chrono::NaiveDate), u32> = HashMap::new();
    for row in unit_day::Entity::find()
        .filter(unit_day::Column::Day.between(query.from, query.to))
        .all(db)
        .await?
    {
        used.insert(
            (row.unit_id, row.day),
            u32::try_from(row.bookings.max(0)).unwrap_or(0),
        );
    }
    let working_days: Vec<chrono::NaiveDate> = query
        .from
        .iter_days()
        .take_while(|d| *d <= query.to)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();

    let mut zone_orgs: HashMap<i32, BTreeSet<i32>> = HashMap::new();
    for grant in zone_grant::Entity::find().all(db).await? {
        zone_orgs
            .entry(grant.zone_id)
            .or_default()
            .insert(grant.organisation_id);
    }
    let mut current: HashMap<i32, Vec<(i32, ZoneId)>> = HashMap::new();
    for h in &homes {
        current
            .entry(h.unit_id)
            .or_default()
            .push((h.priority, key(h.zone_id)));
    }
    let current: HashMap<i32, Vec<ZoneId>> = current
        .into_iter()
        .map(|(unit, mut zones)| {
            zones.sort();
            (unit, zones.into_iter().map(|(_, z)| z).collect())
        })
        .collect();
    let mut desk_count: HashMap<i32, (u32, u32)> = HashMap::new();
    for d in &desks {
        let c = desk_count.entry(d.zone_id).or_insert((0, 0));
        c.0 += 1;
        c.1 += u32::from(d.accessible);
    }
    let input = PlanInput {
        zones: zones
            .iter()
            .filter_map(|z| {
                let f = floors.get(&z.floor_id)?;
                let (desks, accessible_desks) = desk_count.get(&z.id).copied().unwrap_or((0, 0));
                Some(PlanZone {
                    id: key(z.id),
                    building: BuildingId::new(f.building_id.to_string()),
                    floor: f.level,
                    adjacent: adjacent.get(&z.id).cloned().unwrap_or_default(),
                    desks,
                    accessible_desks,
                    kind: match z.kind {
                        ZoneKind::Work => ZoneUse::Work,
                        ZoneKind::Quiet => ZoneUse::Quiet,
                        ZoneKind::Entrance => ZoneUse::Entrance,
                        ZoneKind::Consultation => ZoneUse::Consultation,
                    },
                    organisations: zone_orgs
                        .get(&z.id)
                        .map(|orgs| {
                            orgs.iter()
                                .map(|o| OrganisationId::new(o.to_string()))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            })
            .collect(),
        units: units
            .iter()
            .map(|u| PlanUnit {
                id: UnitId::new(u.id.to_string()),
                organisation: OrganisationId::new(u.organisation_id.to_string()),
                people: people.get(&u.id).copied().unwrap_or(0),
                accessible_people: needing.get(&u.id).copied().unwrap_or(0),
                demand: working_days
                    .iter()
                    .map(|d| used.get(&(u.id, *d)).copied().unwrap_or(0))
                    .collect(),
                current: current.get(&u.id).cloned().unwrap_or_default(),
            })
            .collect(),
        affinities: unit_affinity::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| PlanAffinity {
                a: UnitId::new(a.unit_a_id.to_string()),
                b: UnitId::new(a.unit_b_id.to_string()),
                weight: u32::try_from(a.weight.max(0)).unwrap_or(0),
            })
            .collect(),
    };
    let config = PlanConfig {
        percentile,
        weights,
        seed: 1,
        iterations: PLANNER_MOVES,
    };
    let plan = tokio::task::spawn_blocking(move || {
        allocator::planner::propose(&input, &config).map(|p| (p, input))
    })
    .await
    .map_err(|_| Error::Internal)?;
    let (plan, input) = plan.map_err(|err| {
        tracing::error!(error = %err, "the planner refused the building as read");
        Error::Internal
    })?;

    let zone_info: HashMap<&str, PlannedZone> = zones
        .iter()
        .filter_map(|z| {
            let f = floors.get(&z.floor_id)?;
            Some((
                input.zones.iter().find(|p| p.id == key(z.id))?.id.as_str(),
                PlannedZone {
                    id: z.id,
                    name: z.name.clone(),
                    level: f.level,
                },
            ))
        })
        .collect();
    let named = |f: &UnitFigures| -> Vec<PlannedZone> {
        f.zones
            .iter()
            .filter_map(|z| zone_info.get(z.as_str()).cloned())
            .collect()
    };
    let mut view = PlannerView {
        from: query.from,
        to: query.to,
        percentile,
        weights: PlannerWeights {
            overflow: weights.overflow_day,
            shortfall: weights.shortfall,
            together: weights.affinity,
            apart: weights.spread,
            moved: weights.moved,
        },
        working_days: u32::try_from(working_days.len()).unwrap_or(u32::MAX),
        min_group,
        units: Vec::with_capacity(units.len()),
        overflow_days_today: 0,
        overflow_days_proposed: 0,
        units_moved: 0,
        cost_today: plan.today_cost.total(),
        cost_proposed: plan.cost.total(),
        floors: Vec::new(),
    };
    let mut holders: HashMap<i32, (Vec<String>, Vec<String>)> = HashMap::new();
    for ((u, today), proposed) in units.iter().zip(&plan.today).zip(&plan.proposed) {
        let shown = people.get(&u.id).copied().unwrap_or(0) >= min_group;
        if shown {
            view.overflow_days_today += today.overflow_days;
            view.overflow_days_proposed += proposed.overflow_days;
        }
        view.units_moved += u32::from(proposed.moved);
        for z in &today.zones {
            if let Some(zone) = zone_info.get(z.as_str()) {
                holders.entry(zone.id).or_default().0.push(u.name.clone());
            }
        }
        for z in &proposed.zones {
            if let Some(zone) = zone_info.get(z.as_str()) {
                holders.entry(zone.id).or_default().1.push(u.name.clone());
            }
        }
        view.units.push(UnitPlan {
            unit_id: u.id,
            unit: u.name.clone(),
            organisation: organisations
                .get(&u.organisation_id)
                .cloned()
                .unwrap_or_default(),
            today: named(today),
            proposed: named(proposed),
            people: shown.then(|| people.get(&u.id).copied().unwrap_or(0)),
            desks_today: today.desks,
            desks_proposed: proposed.desks,
            demand: shown.then_some(proposed.demand),
            overflow_days_today: shown.then_some(today.overflow_days),
            overflow_days_proposed: shown.then_some(proposed.overflow_days),
            moved: proposed.moved,
        });
    }
    view.floors = drawn(topology, &floors, &zones, &desk_count, &mut holders);
    Ok(view)
}

/// The floors with their zones and who holds them today and as proposed, by building and
/// level (named with their building's name when there are several).
fn drawn(
    topology: &crate::topology::Topology,
    floors: &HashMap<i32, floor::Model>,
    zones: &[zone::Model],
    desks: &HashMap<i32, (u32, u32)>,
    holders: &mut HashMap<i32, (Vec<String>, Vec<String>)>,
) -> Vec<PlanFloor> {
    let several_buildings = topology.buildings().nth(1).is_some();
    let mut by_floor: Vec<(i32, i32, PlanFloor)> = topology
        .floors()
        .iter()
        .map(|f| {
            let name = match topology.building(f.building_id) {
                Some(b) if several_buildings => format!("{} – {}", b.name, f.name),
                _ => f.name.clone(),
            };
            let floor = PlanFloor {
                level: f.level,
                name,
                width: f.plan_width,
                height: f.plan_height,
                zones: Vec::new(),
            };
            (f.building_id, f.id, floor)
        })
        .collect();
    by_floor.sort_by_key(|(building, _, f)| (*building, f.level));
    for z in zones {
        if !floors.contains_key(&z.floor_id) {
            continue;
        }
        let Some((_, _, floor)) = by_floor.iter_mut().find(|(_, id, _)| *id == z.floor_id) else {
            continue;
        };
        let (today, proposed) = holders.remove(&z.id).unwrap_or_default();
        floor.zones.push(PlanZoneShape {
            id: z.id,
            name: z.name.clone(),
            kind: zone_kind(z.kind).to_owned(),
            x: z.x,
            y: z.y,
            width: z.width,
            height: z.height,
            desks: desks.get(&z.id).map_or(0, |c| c.0),
            today,
            proposed,
        });
    }
    by_floor.into_iter().map(|(_, _, floor)| floor).collect()
}

/// The code of a zone's kind.
pub(crate) fn zone_kind(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Work => "work",
        ZoneKind::Quiet => "quiet",
        ZoneKind::Entrance => "entrance",
        ZoneKind::Consultation => "consultation",
    }
}

fn key(zone_id: i32) -> ZoneId {
    ZoneId::new(zone_id.to_string())
}
