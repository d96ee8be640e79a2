//! The home-zone planner: its proposal keeps the rules (the independent checker finds
//! nothing and recomputes the same cost), is never worse than today, is the same for the
//! same seed, reaches the exact optimum (by enumeration) on small instances, and lowers the
//! expected overflow days of generated buildings; bad input is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use allocator::planner::check::{evaluate, exact};
use allocator::planner::generate::instance;
use allocator::planner::{PlanConfig, PlanError, Proposal, ZoneUse, propose};
use allocator::{UnitId, ZoneId};
use proptest::prelude::*;

fn assignment(p: &Proposal) -> Vec<(UnitId, Vec<ZoneId>)> {
    p.proposed
        .iter()
        .map(|f| (f.unit.clone(), f.zones.clone()))
        .collect()
}

fn config(seed: u64) -> PlanConfig {
    PlanConfig {
        seed,
        ..PlanConfig::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_small_building_gets_the_exact_optimum_and_a_valid_plan(
        units in 1usize..6, seed in any::<u64>()
    ) {
        let input = instance(units, seed);
        let c = config(seed);
        let p = propose(&input, &c).unwrap();
        let report = evaluate(&input, &c, &assignment(&p));
        prop_assert_eq!(&report.violations, &Vec::<String>::new());
        prop_assert_eq!(report.cost, p.cost);
        prop_assert!(p.cost.total() <= p.today_cost.total());
        let best = exact(&input, &c, 2_000_000).unwrap();
        prop_assert_eq!(p.cost.total(), best.total(), "seed {}", seed);
        prop_assert_eq!(&p, &propose(&input, &c).unwrap());
    }
}

#[test]
fn today_is_what_the_checker_says_it_is() {
    let input = instance(12, 4);
    let c = config(1);
    let p = propose(&input, &c).unwrap();
    let today: Vec<(UnitId, Vec<ZoneId>)> = p
        .today
        .iter()
        .map(|f| (f.unit.clone(), f.zones.clone()))
        .collect();
    let report = evaluate(&input, &c, &today);
    assert_eq!(report.violations, Vec::<String>::new());
    assert_eq!(report.cost, p.today_cost);
}

#[test]
fn generated_buildings_overflow_on_fewer_days_with_the_proposal() {
    for units in [12, 40] {
        let input = instance(units, 7);
        let p = propose(&input, &config(7)).unwrap();
        let days = |figures: &[allocator::planner::UnitFigures]| {
            figures.iter().map(|f| f.overflow_days).sum::<u32>()
        };
        assert!(
            days(&p.proposed) < days(&p.today),
            "{units} units: {} overflow days proposed, {} today",
            days(&p.proposed),
            days(&p.today)
        );
        assert!(p.cost.total() < p.today_cost.total());
        let report = evaluate(&input, &config(7), &assignment(&p));
        assert_eq!(report.violations, Vec::<String>::new());
    }
}

#[test]
fn entrance_and_consultation_zones_stay_where_they_are() {
    let input = instance(12, 9);
    let p = propose(&input, &config(9)).unwrap();
    for (unit, figures) in input.units.iter().zip(&p.proposed) {
        let fixed = |zs: &[ZoneId]| {
            let mut f: Vec<ZoneId> = zs
                .iter()
                .filter(|z| input.zones.iter().any(|x| &x.id == *z && !x.kind.planned()))
                .cloned()
                .collect();
            f.sort();
            f
        };
        assert_eq!(fixed(&unit.current), fixed(&figures.zones));
    }
    assert!(input.zones.iter().any(|z| z.kind == ZoneUse::Consultation));
}

#[test]
fn a_zone_goes_only_to_units_of_the_organisations_it_is_given_to() {
    let mut input = instance(6, 3);
    // Give every planned zone to the city only: units of the others get none of them.
    for z in &mut input.zones {
        if z.kind.planned() {
            z.organisations = vec!["stadt".into()];
        }
    }
    let p = propose(&input, &config(3)).unwrap();
    for (unit, figures) in input.units.iter().zip(&p.proposed) {
        if unit.organisation.as_str() != "stadt" {
            assert!(
                figures
                    .zones
                    .iter()
                    .all(|z| input.zones.iter().any(|x| &x.id == z && !x.kind.planned()))
            );
        }
    }
    let report = evaluate(&input, &config(3), &assignment(&p));
    assert_eq!(report.violations, Vec::<String>::new());
}

#[test]
fn bad_input_is_refused() {
    let input = instance(3, 1);
    let mut dup = input.clone();
    dup.zones.push(dup.zones[0].clone());
    assert!(matches!(
        propose(&dup, &config(1)),
        Err(PlanError::Duplicate(_))
    ));
    let mut unknown = input.clone();
    unknown.units[0].current.push(ZoneId::from("nowhere"));
    assert!(matches!(
        propose(&unknown, &config(1)),
        Err(PlanError::Unknown(_))
    ));
    let bad = PlanConfig {
        percentile: 0,
        ..config(1)
    };
    assert_eq!(propose(&input, &bad), Err(PlanError::Percentile(0)));
}

#[test]
fn the_checker_flags_a_zone_given_twice_and_to_the_wrong_organisation() {
    let input = instance(3, 2);
    let c = config(2);
    let planned = input
        .zones
        .iter()
        .find(|z| z.kind.planned() && z.organisations.len() == 1)
        .unwrap();
    let wrong = input
        .units
        .iter()
        .find(|u| !planned.organisations.contains(&u.organisation))
        .unwrap();
    let mut a: Vec<(UnitId, Vec<ZoneId>)> = input
        .units
        .iter()
        .map(|u| (u.id.clone(), u.current.clone()))
        .collect();
    for (u, zs) in &mut a {
        if *u == wrong.id {
            zs.push(planned.id.clone());
        }
    }
    let report = evaluate(&input, &c, &a);
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.contains("is not given to"))
    );
    assert!(report.violations.iter().any(|v| v.contains("went to")));
}
