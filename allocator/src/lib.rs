//! The constraint-based desk allocator of Platzwahl.
//!
//! Pure: no IO, no clock, no async, no database. The same input and seed always give the
//! same output.
//!
//! # What it does
//! Given the desks and zones of a building, the bookings that must stay ([`Pin`]) and the
//! requests of a day ([`Request`]), it gives every request a desk or a [`Reason`] why none
//! was possible, and every person a short [`Explanation`] in German and English.
//!
//! Hard constraints, never broken: a desk only in a zone allowed to the request (home zones,
//! or overflow zones if the request allows overflow), with every needed feature, available
//! and free of pins in all halves of the slot; one person per desk per half-day, one desk per
//! person per half-day; pins kept.
//!
//! Objectives, in this order:
//! 1. The most requests served ([`Policy`]). A day has two halves; a full-day request needs
//!    one desk for both, two half-day requests may share a desk. By default the count is
//!    over the whole day, so a full day may give way to a morning and an afternoon
//!    ([`Policy::MostServed`]); organisations that want full days first get the most full
//!    days and then the most half days they leave room for ([`Policy::FullDaysFirst`]).
//!    Mixing whole and half days on one desk is a packing problem with no exact fast
//!    algorithm in general, but for the count, desks and requests fall into few classes of
//!    interchangeable ones, and the count over classes is a small integer programme: its
//!    linear relaxation bounds it and usually settles it, and branch and bound (`microlp`,
//!    [`EXACT_NODES`] nodes, no clock) settles the rest. [`Stats::proven`] says whether the
//!    count was proven best.
//! 2. The lowest soft penalty ([`Penalty`], weights in [`Weights`]), summed over half-days:
//!    home-zone priority and overflow, teams together (each member's distance to the team's
//!    best centre zone: same zone 0, adjacent 1, same floor 2, same building 3, elsewhere 4),
//!    unmet wishes, fairness (desk quality times the person's recent quality), zones opened
//!    (a zone a pinned booking opens anyway is free), metres to the lift for people with
//!    accessibility needs, and stability (people moved away from a desk they were already
//!    told).
//!
//! # How
//! Greedy construction (teams together, the most constrained first) and Hopcroft–Karp pass
//! by pass, brought to the best count (`whole`: the count over classes — first only around
//! the requests left unserved, which settles it when everyone who can be served is, else
//! over the whole class graph — then full days placed on as many desks per class as it
//! says and the halves on the rest), then simulated
//! annealing over the whole day with moves that keep the number served in every class: move to a free desk, exchange the occupants of two desks
//! (which also trades a full day against a morning and an afternoon), move and push the
//! occupant on, hand a desk to an unserved request of the same class. On small instances the
//! result is compared with an exact mixed-integer programme (`tests/exact.rs`, and the
//! benchmark for tiers S and M).
//!
//! # The time budget
//! The budget is [`Config::iterations`], a number of local-search moves, never the clock, so
//! a result never depends on machine load. The annealing uses integer arithmetic only, so a
//! seed gives the same result on every machine. `iterations: 0` returns the first feasible
//! allocation of the best count. A few thousand moves take a millisecond; `BENCHMARKS.md`
//! lists what each tier used and took.
//!
//! # Uses
//! - [`allocate`]: a day's batch of requests.
//! - [`find_desk`]: "find me a desk" for one person, exact and instant.
//! - [`book_team`]: a unit lead books a team for a day, together.
//! - [`repair`]: desks fail; those affected move, as few others as possible with them
//!   (a free desk first, else the shortest chain of moves).
//! - [`planner::propose`]: the home-zone planner — which unit should get which zones, from
//!   their measured use (with its own checker and exact enumeration in [`planner::check`]).
//! - [`check::check`]: an independent checker that counts hard violations, recomputes the
//!   penalty, and bounds the number of requests that can be served with its own matchings
//!   and linear relaxation.
//!
//! # Layout
//! - `model`: input types ([`Problem`], [`Desk`], [`Zone`], [`Request`], [`Pin`],
//!   [`Config`], [`Weights`]).
//! - `outcome`: output types ([`Allocation`], [`Placement`], [`Penalty`], [`Repair`]).
//! - `error`: [`AllocError`], why an input is refused.
//! - `index`: validation and the dense form the solver works on, the linear costs and the
//!   team term.
//! - `matching`: Hopcroft–Karp and shortest augmenting paths.
//! - `search`: the whole-day search — greedy start, maximum matching per class, the start
//!   with a given count, simulated annealing, and the repair steps.
//! - `whole`: the best count over classes of desks and requests (relaxation, branch and
//!   bound).
//! - `solve`: the entry points and the solver's own evaluation of the penalty.
//! - `explain`: the German and English explanations.
//! - [`check`]: the independent checker, written apart from the solver.
//! - [`generate`]: a seeded generator of realistic instances for tests and benchmarks.
//! - [`planner`]: the home-zone planner, its checker and its instance generator.
//! - `rng`: a small deterministic random generator.
//!
//! Tests: unit tests inline; `tests/properties.rs` (proptest: no hard violation, the
//! whole-day optimum served under either policy and any seed, against an integer programme
//! over request–desk pairs, the checker's penalty, determinism, repairs, malformed input);
//! `tests/exact.rs` (the optimality gap against good_lp + microlp); `tests/planner.rs` (the
//! planner against its checker and the exact optimum by enumeration). Benchmark:
//! `benches/allocate.rs`. Example: `examples/explain.rs`.
//!
//! The team term takes the best centre among the occupied zones and their neighbours only;
//! this is exact for the distance ladder above: a centre that is neither occupied nor next
//! to an occupied zone is at distance 2 or more from every member, and an occupied zone on
//! its floor (or else in its building, or else anywhere) is at least as close to everyone.
//!
//! ```
//! use allocator::generate::{Tier, instance};
//! use allocator::{Config, allocate};
//!
//! let problem = instance(&Tier::S, 7);
//! let allocation = allocate(&problem, &Config::default())?;
//! assert_eq!(allocation.placements.len(), problem.requests.len());
//! let first = &allocation.placements[0];
//! println!("{}", first.message()); // "0.07 in Zone 0-Nord: Heimatzone Ihrer Einheit, …"
//! # Ok::<(), allocator::AllocError>(())
//! ```
#![warn(missing_docs)]

pub mod check;
mod error;
mod explain;
pub mod generate;
mod index;
mod matching;
mod model;
mod outcome;
pub mod planner;
mod rng;
mod search;
mod solve;
mod whole;

pub use error::{AllocError, Referrer};
pub use model::{
    AllowedZone, Availability, BuildingId, Config, Desk, DeskId, Feature, Lang,
    MAX_LIFT_DISTANCE_M, MAX_WEIGHT, OrganisationId, PersonId, Pin, Policy, Preferences, Problem,
    RECENT_QUALITY_CAP, Request, RequestId, Slot, TeamId, UnitId, Weights, Zone, ZoneId,
};
pub use outcome::{Allocation, Explanation, Outcome, Penalty, Placement, Reason, Repair, Stats};
pub use solve::{Outage, TEAM_BOOKING_FACTOR, allocate, book_team, find_desk, repair};
pub use whole::EXACT_NODES;
