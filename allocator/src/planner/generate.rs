//! A seeded generator of planning instances for tests and benchmarks: one building with
//! floors of four zones in a row (about 0.75 desks per person), an entrance zone and a
//! consultation zone on the ground floor, three organisations each given a run of floors
//! (and a zone shared with the next), units with measured demand that does not fit today's
//! home zones well, and units that work together. The same size and seed always give the same instance.

use crate::model::{BuildingId, OrganisationId, UnitId, ZoneId};
use crate::rng::Rng;

use super::{Affinity, PlanInput, PlanUnit, PlanZone, ZoneUse};

const ORGANISATIONS: [&str; 3] = ["stadt", "jobcenter", "uni"];

/// An instance with `units` units (at least one) and about two planned zones per unit.
pub fn instance(units: usize, seed: u64) -> PlanInput {
    let units = units.max(1);
    let mut rng = Rng::new(seed ^ 0x706c_616e);
    let planned = units * 2;
    let total = planned + 2;
    let org_of_unit = |u: usize| u * ORGANISATIONS.len() / units;
    // Planned zones in runs per organisation, in proportion to its units.
    let org_of_zone = |z: usize| z * ORGANISATIONS.len() / planned;
    let zone_id = |z: usize| ZoneId::new(format!("z{z}"));
    let mut zones = Vec::with_capacity(total);
    for z in 0..total {
        let floor = (z / 4) as i32;
        let mut adjacent = Vec::new();
        if z % 4 != 0 {
            adjacent.push(zone_id(z - 1));
        }
        let (kind, organisations) = match z {
            0 => (ZoneUse::Entrance, ORGANISATIONS.to_vec()),
            1 => (ZoneUse::Consultation, vec!["jobcenter"]),
            _ => {
                let p = z - 2;
                let o = org_of_zone(p);
                let mut orgs = vec![ORGANISATIONS[o]];
                // The last zone of a run is shared with the next organisation.
                if o + 1 < ORGANISATIONS.len() && org_of_zone(p + 1) == o + 1 {
                    orgs.push(ORGANISATIONS[o + 1]);
                }
                let kind = if rng.below(5) == 0 {
                    ZoneUse::Quiet
                } else {
                    ZoneUse::Work
                };
                (kind, orgs)
            }
        };
        let desks = 5 + rng.below(8) as u32;
        zones.push(PlanZone {
            id: zone_id(z),
            building: BuildingId::from("b"),
            floor,
            adjacent,
            desks,
            accessible_desks: if floor <= 1 { 2.min(desks) } else { 0 },
            kind,
            organisations: organisations
                .into_iter()
                .map(OrganisationId::from)
                .collect(),
        });
    }
    // Today: each organisation's zones dealt out to its units in turn, whatever they need.
    let mut current: Vec<Vec<ZoneId>> = vec![Vec::new(); units];
    for o in 0..ORGANISATIONS.len() {
        let mine: Vec<usize> = (0..units).filter(|&u| org_of_unit(u) == o).collect();
        if mine.is_empty() {
            continue;
        }
        let theirs: Vec<usize> = (0..planned).filter(|&p| org_of_zone(p) == o).collect();
        for (k, p) in theirs.into_iter().enumerate() {
            current[mine[k % mine.len()]].push(zone_id(p + 2));
        }
    }
    let jobcenter = (0..units).find(|&u| org_of_unit(u) == 1);
    let plan_units = (0..units)
        .map(|u| {
            let people = 10 + rng.below(26) as u32;
            let rate = 45 + rng.below(46) as u32;
            let base = people * rate / 100;
            let demand = (0..40)
                .map(|_| (base + rng.below(7) as u32).saturating_sub(3))
                .collect();
            let mut zs = current[u].clone();
            if Some(u) == jobcenter {
                zs.push(zone_id(1));
            }
            PlanUnit {
                id: UnitId::new(format!("u{u}")),
                organisation: OrganisationId::from(ORGANISATIONS[org_of_unit(u)]),
                people,
                accessible_people: u32::from(rng.below(5) == 0),
                demand,
                current: zs,
            }
        })
        .collect();
    let mut affinities = Vec::new();
    for u in 0..units {
        if u + 1 < units && rng.below(2) == 0 {
            affinities.push(Affinity {
                a: UnitId::new(format!("u{u}")),
                b: UnitId::new(format!("u{}", u + 1)),
                weight: 1 + rng.below(10) as u32,
            });
        }
        if rng.below(6) == 0 {
            affinities.push(Affinity {
                a: UnitId::new(format!("u{u}")),
                b: UnitId::new(format!("u{}", rng.below(units))),
                weight: 1 + rng.below(5) as u32,
            });
        }
    }
    PlanInput {
        zones,
        units: plan_units,
        affinities,
    }
}
