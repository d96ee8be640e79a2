//! The `policy` table: booking rules for a scope; the most specific policy wins. `scope_id` names
//! the organisation, unit or zone; for `building` it is `NULL` (every building) or a building id.

use sea_orm::entity::prelude::*;

use crate::enums::{Overflow, PolicyScope};

/// A row of `policy`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub scope: PolicyScope,
    pub scope_id: Option<i32>,
    /// How many days ahead people may book.
    pub max_days_ahead: i32,
    /// `None`: no limit.
    pub max_bookings_per_week: Option<i32>,
    pub half_days_allowed: bool,
    /// When people may book outside their home zones.
    pub overflow: Overflow,
    /// Minutes after the start of a slot before an unchecked booking counts as a no-show.
    pub checkin_grace_min: i32,
    /// Release no-shows automatically.
    pub auto_release: bool,
    /// Also release desks that have no sensor.
    pub release_without_sensor: bool,
}

/// How `policy` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
