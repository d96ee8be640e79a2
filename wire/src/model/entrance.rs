//! The entrance zone as the building administrator runs it: which organisations are admitted
//! to its first-consultation rooms, and how long a slot in a room may be.

use serde::{Deserialize, Serialize};

/// An organisation and whether it is admitted to a building's entrance zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EntranceOrganisation {
    /// The organisation's short name (slug).
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Whether its counsellors and front desk may reserve the entrance zone's rooms.
    pub admitted: bool,
}

/// `GET /api/v1/buildings/{slug}/entrance`: who is admitted to the entrance zone, and its
/// first-consultation rooms with their longest slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EntranceSettings {
    /// The building's short name.
    pub building: String,
    /// Every organisation, by name.
    pub organisations: Vec<EntranceOrganisation>,
    /// The rooms in zones of kind `entrance`, by floor and sign.
    pub rooms: Vec<EntranceRoom>,
    /// The longest slot of a first-consultation room that sets none, in minutes.
    pub default_max_slot_minutes: i32,
}

/// A room of the entrance zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EntranceRoom {
    /// `room.id`.
    pub id: i32,
    /// The sign on the door.
    pub label: String,
    /// Its name.
    pub name: String,
    /// The floor.
    pub level: i32,
    /// Its own longest slot, in minutes (`None`: the entrance's default).
    pub max_slot_minutes: Option<i32>,
}

/// `PUT /api/v1/buildings/{slug}/entrance/admissions`: exactly these organisations (slugs)
/// are admitted from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SetAdmissions {
    /// The organisations admitted, by slug (empty: nobody).
    pub organisations: Vec<String>,
}

/// `PUT /api/v1/rooms/{id}/max-slot`: a room's longest reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MaxSlot {
    /// In minutes, more than 0; `null`: no limit of its own.
    pub max_slot_minutes: Option<i32>,
}
