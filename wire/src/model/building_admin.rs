//! The building editor of the building administrators as it crosses the wire: the building
//! with its floors, zones, desks and rooms by id, the changes sent back, and what a removal
//! did with the bookings in its way.

use serde::{Deserialize, Serialize};

/// The building as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BuildingEditor {
    /// `building.id`.
    pub id: i32,
    /// Short name, in addresses.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// IANA time zone.
    pub timezone: String,
    /// The site it is on; `None`: on no site.
    pub site: Option<SiteRef>,
    /// The floors, lowest first.
    pub floors: Vec<EditorFloor>,
}

/// A site buildings are on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SiteRef {
    /// Short name, unique among sites.
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// A floor in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EditorFloor {
    /// `floor.id`.
    pub id: i32,
    /// Level, 0 is the ground floor.
    pub level: i32,
    /// Display name.
    pub name: String,
    /// Width of the plan in plan units.
    pub plan_width: i32,
    /// Height of the plan in plan units.
    pub plan_height: i32,
    /// The content type of the uploaded plan image, if there is one.
    pub plan_image: Option<String>,
    /// The zones of the floor.
    pub zones: Vec<EditorZone>,
    /// The desks of the floor.
    pub desks: Vec<EditorDesk>,
    /// The rooms of the floor.
    pub rooms: Vec<EditorRoom>,
}

/// A zone in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EditorZone {
    /// `zone.id`.
    pub id: i32,
    /// Short name, unique in the installation.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `entrance`, `consultation`, `work` or `quiet`.
    pub kind: String,
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Walking distance to the nearest lift, in metres.
    pub distance_to_lift_m: i32,
}

/// A desk in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EditorDesk {
    /// `desk.id`.
    pub id: i32,
    /// Its zone.
    pub zone_id: i32,
    /// The label on the desk.
    pub label: String,
    /// Position on the plan (as stored; the floor page draws the desk from here).
    pub x: i32,
    /// Position on the plan.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Degrees clockwise.
    pub rotation: i32,
    /// Has a docking station.
    pub has_docking: bool,
    /// 0, 1 or 2.
    pub monitors: i32,
    /// Can be raised for standing.
    pub height_adjustable: bool,
    /// Step-free and usable from a wheelchair.
    pub accessible: bool,
    /// Out of use.
    pub blocked: bool,
    /// Free text for administrators.
    pub notes: Option<String>,
    /// Active bookings from today on.
    pub future_bookings: u32,
}

/// A room in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EditorRoom {
    /// `room.id`.
    pub id: i32,
    /// The zone it lies in, if any.
    pub zone_id: Option<i32>,
    /// The label on the door.
    pub label: String,
    /// Display name.
    pub name: String,
    /// Seats.
    pub capacity: i32,
    /// `standard` or `protected`.
    pub privacy_class: String,
    /// Reachable without steps.
    pub step_free: bool,
    /// Has a hearing loop.
    pub hearing_loop: bool,
    /// Lower-case keys such as `screen`.
    pub equipment: Vec<String>,
    /// Minutes kept free before each reservation.
    pub buffer_before_min: i32,
    /// Minutes kept free after each reservation.
    pub buffer_after_min: i32,
    /// The longest reservation it takes, in minutes (`None`: no limit of its own).
    #[serde(default)]
    pub max_slot_minutes: Option<i32>,
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
    /// Active reservations that have not ended.
    pub future_bookings: u32,
}

/// A change of the building itself; what is left out stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BuildingChange {
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// IANA time zone, such as `Europe/Berlin`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// The site it is on, by slug (made when new); empty: on no site.
    #[serde(default)]
    pub site: Option<String>,
    /// The site's name (for a new site, or to rename it); the slug when a new site has none.
    #[serde(default)]
    pub site_name: Option<String>,
}

/// A new floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewFloor {
    /// Level, unique in the building; 0 is the ground floor.
    pub level: i32,
    /// Display name.
    pub name: String,
    /// Width of the plan in plan units.
    pub plan_width: i32,
    /// Height of the plan in plan units.
    pub plan_height: i32,
}

/// A zone to create (`floor_id`, `slug`, `name`, `kind` and the rectangle needed) or to
/// change (what is left out stays; a zone does not change floors).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneInput {
    /// The floor of a new zone.
    #[serde(default)]
    pub floor_id: Option<i32>,
    /// Short name, unique in the installation.
    #[serde(default)]
    pub slug: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// `entrance`, `consultation`, `work` or `quiet`.
    #[serde(default)]
    pub kind: Option<String>,
    /// Left edge.
    #[serde(default)]
    pub x: Option<i32>,
    /// Top edge.
    #[serde(default)]
    pub y: Option<i32>,
    /// Width.
    #[serde(default)]
    pub width: Option<i32>,
    /// Height.
    #[serde(default)]
    pub height: Option<i32>,
    /// Walking distance to the nearest lift, in metres.
    #[serde(default)]
    pub distance_to_lift_m: Option<i32>,
}

/// A desk to create (`zone_id`, `label` and the position needed; the size defaults to
/// 160 × 80) or to change (what is left out stays).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeskInput {
    /// Its zone (on the same floor for a change: a desk moves to another floor by being
    /// removed and created again).
    #[serde(default)]
    pub zone_id: Option<i32>,
    /// The label on the desk, unique in the installation.
    #[serde(default)]
    pub label: Option<String>,
    /// Position on the plan.
    #[serde(default)]
    pub x: Option<i32>,
    /// Position on the plan.
    #[serde(default)]
    pub y: Option<i32>,
    /// Width.
    #[serde(default)]
    pub width: Option<i32>,
    /// Height.
    #[serde(default)]
    pub height: Option<i32>,
    /// Degrees clockwise, 0 to 359.
    #[serde(default)]
    pub rotation: Option<i32>,
    /// Has a docking station.
    #[serde(default)]
    pub has_docking: Option<bool>,
    /// 0, 1 or 2.
    #[serde(default)]
    pub monitors: Option<i32>,
    /// Can be raised for standing.
    #[serde(default)]
    pub height_adjustable: Option<bool>,
    /// Step-free and usable from a wheelchair.
    #[serde(default)]
    pub accessible: Option<bool>,
    /// Free text for administrators (empty: none).
    #[serde(default)]
    pub notes: Option<String>,
}

/// A room to create (`floor_id`, `label`, `name`, `capacity` and the rectangle needed) or to
/// change (what is left out stays).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoomInput {
    /// The floor of a new room.
    #[serde(default)]
    pub floor_id: Option<i32>,
    /// The zone it lies in (0: none).
    #[serde(default)]
    pub zone_id: Option<i32>,
    /// The label on the door, unique in the installation.
    #[serde(default)]
    pub label: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Seats.
    #[serde(default)]
    pub capacity: Option<i32>,
    /// `standard` or `protected`.
    #[serde(default)]
    pub privacy_class: Option<String>,
    /// Reachable without steps.
    #[serde(default)]
    pub step_free: Option<bool>,
    /// Has a hearing loop.
    #[serde(default)]
    pub hearing_loop: Option<bool>,
    /// Lower-case keys such as `screen`, `whiteboard`, `video`.
    #[serde(default)]
    pub equipment: Option<Vec<String>>,
    /// Minutes kept free before each reservation.
    #[serde(default)]
    pub buffer_before_min: Option<i32>,
    /// Minutes kept free after each reservation.
    #[serde(default)]
    pub buffer_after_min: Option<i32>,
    /// The longest reservation it takes, in minutes (0: no limit of its own; first-consultation
    /// rooms of the entrance zone then take the entrance's default).
    #[serde(default)]
    pub max_slot_minutes: Option<i32>,
    /// Left edge.
    #[serde(default)]
    pub x: Option<i32>,
    /// Top edge.
    #[serde(default)]
    pub y: Option<i32>,
    /// Width.
    #[serde(default)]
    pub width: Option<i32>,
    /// Height.
    #[serde(default)]
    pub height: Option<i32>,
}

/// What to do with the bookings of a desk or room being removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingsChoice {
    /// Cancel them; the people are told (a notice on their bookings page).
    Cancel,
    /// Move them to other desks by the allocator's repair (as for a block); those that
    /// cannot be moved are cancelled. The people are told. Desks only.
    Move,
}

/// `?bookings=cancel|move`: needed when the desk or room has bookings from today on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "schema", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RemovalQuery {
    /// What to do with bookings from today on.
    #[serde(default)]
    pub bookings: Option<BookingsChoice>,
}

/// What a removal did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Removal {
    /// Bookings from today on, cancelled (their people told).
    pub cancelled: u32,
    /// Bookings from today on, moved to other desks (their people told).
    pub moved: u32,
    /// Ended or cancelled bookings of the place, deleted with it.
    pub history_deleted: u32,
    /// Sensors that watched it, now unplaced.
    pub sensors_detached: u32,
    /// Badge readers at it, removed.
    pub badge_readers_removed: u32,
}

/// The id of what was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Created {
    /// Its id.
    pub id: i32,
}
