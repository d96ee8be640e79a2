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
//! 1. The most requests served. A day has two halves; a full-day request needs one desk for
//!    both. The day is solved in three passes — full days, then mornings, then afternoons —
//!    each on the desks the earlier passes left, and in each pass the number served equals
//!    the maximum matching of that pass's eligibility graph. (Serving full days first is a
//!    policy: mixing whole and half days on one desk is a packing problem with no exact fast
//!    algorithm, and a full day cannot be assembled from halves left over later.)
//! 2. The lowest soft penalty ([`Penalty`], weights in [`Weights`]), summed over half-days:
//!    home-zone priority and overflow, teams together (each member's distance to the team's
//!    best centre zone: same zone 0, adjacent 1, same floor 2, same building 3, elsewhere 4),
//!    unmet wishes, fairness (desk quality times the person's recent quality), zones opened,
//!    metres to the lift for people with accessibility needs, and stability (people moved
//!    away from a desk they were already told).
//!
//! # The time budget
//! The budget is [`Config::iterations`], a number of local-search moves, never the clock, so
//! results do not depend on machine load. `iterations: 0` returns the first feasible
//! allocation of maximum size (greedy, then Hopcroft–Karp). On the benchmark machine about
//! 1,000 moves take a millisecond; see `BENCHMARKS.md` for what each tier needs.
//!
//! # Uses
//! - [`allocate`]: a day's batch of requests.
//! - [`find_desk`]: "find me a desk" for one person, exact and instant.
//! - [`book_team`]: a unit lead books a team for a day, together.
//! - [`repair`]: desks fail; those affected move, as few others as possible with them.
//! - [`check::check`]: an independent checker that counts hard violations, recomputes the
//!   penalty and the maximum number of requests that can be served.
//!
//! # Layout
//! - `model`: input types ([`Problem`], [`Desk`], [`Zone`], [`Request`], [`Pin`],
//!   [`Config`], [`Weights`]).
//! - `outcome`: output types ([`Allocation`], [`Placement`], [`Penalty`], [`Repair`]).
//! - `error`: [`AllocError`], why an input is refused.
//! - `index`: validation and the dense form the solver works on, the linear costs and the
//!   team term.
//! - `matching`: Hopcroft–Karp and shortest augmenting paths.
//! - `search`: one pass — greedy start, maximum matching, late-acceptance hill climbing.
//! - `solve`: the entry points and the solver's own evaluation of the penalty.
//! - `explain`: the German and English explanations.
//! - [`check`]: the independent checker, written apart from the solver.
//! - [`generate`]: a seeded generator of realistic instances for tests and benchmarks.
//! - `rng`: a small deterministic random generator.
//!
//! The team term takes the best centre among the occupied zones and their neighbours only;
//! this is exact for the distance ladder above: a centre that is neither occupied nor next
//! to an occupied zone is at distance 2 or more from every member, and an occupied zone on
//! its floor (or else in its building, or else anywhere) is at least as close to everyone.
#![warn(missing_docs)]

pub mod check;
mod error;
mod explain;
pub mod generate;
mod index;
mod matching;
mod model;
mod outcome;
mod rng;
mod search;
mod solve;

pub use error::{AllocError, Referrer};
pub use model::{
    AllowedZone, Availability, BuildingId, Config, Desk, DeskId, Feature, Lang,
    MAX_LIFT_DISTANCE_M, MAX_WEIGHT, PersonId, Pin, Preferences, Problem, RECENT_QUALITY_CAP,
    Request, RequestId, Slot, TeamId, Weights, Zone, ZoneId,
};
pub use outcome::{Allocation, Explanation, Outcome, Penalty, Placement, Reason, Repair, Stats};
pub use solve::{Outage, TEAM_BOOKING_FACTOR, allocate, book_team, find_desk, repair};
