//! Small instances solved exactly by a mixed-integer programme (good_lp + microlp): the
//! programme's solution passes the checker with the programme's own value, the allocator's
//! penalty is never below the optimum, and it stays within 1 % of it overall.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support {
    pub mod exact;
}

use allocator::check::{Violation, check};
use allocator::generate::{Tier, instance};
use allocator::{Config, allocate};

const TINY: Tier = Tier {
    name: "tiny",
    people: 16,
    desks: 12,
    zones: 3,
    buildings: 1,
    requests: 11,
};

#[test]
fn tiny_days_are_solved_within_one_percent_of_the_exact_optimum() {
    let config = Config {
        iterations: 20_000,
        ..Config::default()
    };
    let mut heuristic = 0i64;
    let mut optimum = 0f64;
    for seed in 0..12 {
        let p = instance(&TINY, seed);
        let a = allocate(&p, &config).unwrap();
        let report = check(&p, &config.weights, &a);
        assert!(report.violations.is_empty());
        let exact = support::exact::solve(&p, &config.weights, report.served, false, None).unwrap();
        assert!(exact.optimal);
        let theirs = check(
            &p,
            &config.weights,
            &support::exact::to_allocation(&p, &exact),
        );
        assert!(
            theirs
                .violations
                .iter()
                .all(|v| matches!(v, Violation::WrongReason(_)))
        );
        assert_eq!(theirs.served, report.served);
        assert!((theirs.penalty.total() as f64 - exact.value).abs() < 1e-6);
        let ours = a.penalty.total();
        eprintln!(
            "seed {seed}: ours {ours}, exact {} ({} binaries, {:.2} s), served {:?}",
            exact.value, exact.binaries, exact.seconds, report.served
        );
        assert!(
            ours as f64 >= exact.value - 1e-6,
            "seed {seed}: heuristic {ours} below the optimum {}",
            exact.value
        );
        heuristic += ours;
        optimum += exact.value;
    }
    let gap = (heuristic as f64 - optimum) / optimum;
    eprintln!("tiny: heuristic {heuristic}, optimum {optimum}, gap {gap:.4}");
    assert!(gap <= 0.01, "gap {gap}");
}
