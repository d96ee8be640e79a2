//! The maintenance blocks page of facility management: the blocks of desks and zones from
//! today on, and every desk and zone of every building to block, by building and floor.

use serde::{Deserialize, Serialize};

/// What a block takes out of use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockTarget {
    /// One desk.
    Desk,
    /// A whole zone.
    Zone,
    /// Every desk (a block naming neither desk nor zone: holidays).
    Everything,
}

/// A block as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminBlock {
    /// `block.id`.
    pub id: i32,
    /// What is blocked.
    pub target: BlockTarget,
    /// The desk's label or the zone's name.
    pub place: String,
    /// The name of its building.
    pub building: String,
    /// The level of its floor.
    pub level: Option<i32>,
    /// First day blocked.
    pub from_day: chrono::NaiveDate,
    /// Last day blocked (inclusive).
    pub to_day: chrono::NaiveDate,
    /// Why.
    pub reason: String,
    /// Bookings moved to another desk when the block was made.
    pub moved: u32,
    /// Bookings for which no other desk was free.
    pub without_desk: u32,
}

/// A desk one may block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockableDesk {
    /// `desk.id`.
    pub id: i32,
    /// Its label.
    pub label: String,
}

/// A zone one may block, with its desks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockableZone {
    /// `zone.id`.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// Its desks, by label.
    pub desks: Vec<BlockableDesk>,
}

/// A floor with the zones and desks on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockableFloor {
    /// The building's name.
    pub building: String,
    /// The floor's level.
    pub level: i32,
    /// The floor's name.
    pub name: String,
    /// Its zones, by name.
    pub zones: Vec<BlockableZone>,
}

/// Everything the blocks page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlocksOverview {
    /// Today in the buildings' time zone (the first day a new block may start).
    pub today: chrono::NaiveDate,
    /// Blocks still running or to come, soonest first.
    pub blocks: Vec<AdminBlock>,
    /// Every floor of every building, with its zones and desks.
    pub floors: Vec<BlockableFloor>,
}
