//! Output types: where each request went, or why it could not be served, and what it costs.

use serde::{Deserialize, Serialize};

use crate::model::{DeskId, Lang, PersonId, RequestId, Slot};

/// Why a request got no desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    /// The person already has a pinned booking in this part of the day.
    AlreadyBooked,
    /// No desk in the zones open to the person has the features they need.
    NoSuitableDesk,
    /// Suitable desks exist, but all are unavailable or given to others (the number of
    /// people served is already the largest possible).
    AllTaken,
}

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The request got this desk.
    Assigned {
        /// The desk.
        desk: DeskId,
    },
    /// The request got no desk.
    Unassigned {
        /// Why.
        reason: Reason,
    },
}

/// A short explanation for the person, in German and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// German text.
    pub de: String,
    /// English text.
    pub en: String,
}

impl Explanation {
    /// The text in the given language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

/// The result for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    /// The request.
    pub request: RequestId,
    /// Whose request.
    pub person: PersonId,
    /// The person's language.
    pub lang: Lang,
    /// Which part of the day.
    pub slot: Slot,
    /// The desk, or why none.
    pub outcome: Outcome,
    /// Why this desk, or why none, in both languages.
    pub explanation: Explanation,
}

impl Placement {
    /// The desk, if one was assigned.
    pub fn desk(&self) -> Option<&DeskId> {
        match &self.outcome {
            Outcome::Assigned { desk } => Some(desk),
            Outcome::Unassigned { .. } => None,
        }
    }

    /// The explanation in the person's own language.
    pub fn message(&self) -> &str {
        self.explanation.get(self.lang)
    }
}

/// The soft penalty of an allocation, by component (see [`crate::Weights`] for the
/// definitions). Pinned bookings cost nothing themselves but count as team members and open
/// zones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Penalty {
    /// Lower-priority home zones and overflow zones.
    pub home: i64,
    /// Teams apart.
    pub team: i64,
    /// Unmet wishes.
    pub preference: i64,
    /// Good desks to people who recently had good desks.
    pub fairness: i64,
    /// Zones opened.
    pub open_zones: i64,
    /// Long ways for people with accessibility needs.
    pub access: i64,
    /// People moved away from a desk they were already told.
    pub stability: i64,
}

impl Penalty {
    /// The sum of all components.
    pub fn total(&self) -> i64 {
        self.home
            + self.team
            + self.preference
            + self.fairness
            + self.open_zones
            + self.access
            + self.stability
    }

    /// The components with their names, for reports.
    pub fn components(&self) -> [(&'static str, i64); 7] {
        [
            ("home", self.home),
            ("team", self.team),
            ("preference", self.preference),
            ("fairness", self.fairness),
            ("open_zones", self.open_zones),
            ("access", self.access),
            ("stability", self.stability),
        ]
    }
}

/// Figures about how a run went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Requests that got a desk.
    pub assigned: usize,
    /// Local-search moves tried.
    pub iterations: u64,
    /// Whether no allocation serves more requests (under the policy); false only when the
    /// exact count ran out of its node budget ([`crate::EXACT_NODES`]).
    pub proven: bool,
    /// An upper bound on the requests that can be served (equal to `assigned` when
    /// `proven`; under [`crate::Policy::FullDaysFirst`], given the most full days).
    pub bound: usize,
}

/// The result of a run: one placement per request, in the order of the requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// One per request, in input order.
    pub placements: Vec<Placement>,
    /// The soft penalty of the whole day.
    pub penalty: Penalty,
    /// How the run went.
    pub stats: Stats,
}

/// The result of a repair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    /// The repaired allocation.
    pub allocation: Allocation,
    /// Requests whose outcome changed (another desk, a desk now, or none any more).
    pub moved: Vec<RequestId>,
}
