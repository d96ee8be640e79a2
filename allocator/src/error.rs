//! Why an input was refused.

use std::fmt;

use thiserror::Error;

use crate::model::{DeskId, PersonId, RequestId, ZoneId};

/// The item that refers to something unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referrer {
    /// A desk.
    Desk(DeskId),
    /// A zone.
    Zone(ZoneId),
    /// A request.
    Request(RequestId),
    /// A pinned booking of this person.
    Pin(PersonId),
    /// A desk outage given to a repair.
    Outage,
}

impl fmt::Display for Referrer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Referrer::Desk(id) => write!(f, "desk {id}"),
            Referrer::Zone(id) => write!(f, "zone {id}"),
            Referrer::Request(id) => write!(f, "request {id}"),
            Referrer::Pin(id) => write!(f, "the pinned booking of {id}"),
            Referrer::Outage => f.write_str("an outage"),
        }
    }
}

/// An input the allocator refuses. Nothing is allocated when one is found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AllocError {
    /// Two zones share an id.
    #[error("zone {0} is given twice")]
    DuplicateZone(ZoneId),
    /// Two desks share an id.
    #[error("desk {0} is given twice")]
    DuplicateDesk(DeskId),
    /// Two requests share an id.
    #[error("request {0} is given twice")]
    DuplicateRequest(RequestId),
    /// A reference to a zone that is not in the problem.
    #[error("{by} refers to unknown zone {zone}")]
    UnknownZone {
        /// The unknown zone.
        zone: ZoneId,
        /// Who refers to it.
        by: Referrer,
    },
    /// A reference to a desk that is not in the problem.
    #[error("{by} refers to unknown desk {desk}")]
    UnknownDesk {
        /// The unknown desk.
        desk: DeskId,
        /// Who refers to it.
        by: Referrer,
    },
    /// A reference to a request that is not in the problem.
    #[error("request {0} is not part of the problem")]
    UnknownRequest(RequestId),
    /// Two pinned bookings share a desk at the same time.
    #[error("desk {0} has two pinned bookings at the same time")]
    PinConflict(DeskId),
    /// A pinned booking sits on a desk that is not available then.
    #[error("desk {0} has a pinned booking while it is unavailable")]
    PinOnUnavailableDesk(DeskId),
    /// A person has two pinned bookings, or two requests, at the same time.
    #[error("person {0} has two bookings or two requests at the same time")]
    PersonTwiceAtOnce(PersonId),
    /// A weight above [`crate::MAX_WEIGHT`].
    #[error("weight {name} = {value} is above the maximum")]
    WeightTooLarge {
        /// Which weight.
        name: &'static str,
        /// Its value.
        value: u32,
    },
    /// A lift distance above [`crate::MAX_LIFT_DISTANCE_M`].
    #[error("zone {0} has an implausible lift distance")]
    LiftDistanceTooLarge(ZoneId),
}
