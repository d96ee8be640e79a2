//! The `zone_plan` table: a home-zone proposal kept to be applied from a day on, once every
//! organisation whose units it moves has consented. At most one waits at a time.

use sea_orm::entity::prelude::*;

use crate::enums::ZonePlanStatus;

/// A row of `zone_plan`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone_plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub status: ZonePlanStatus,
    /// The first day the new home zones hold.
    pub effective_from: Date,
    /// The first measured day the proposal rests on.
    pub measured_from: Date,
    /// The last measured day.
    pub measured_to: Date,
    /// The percentile of working days the zones should hold.
    pub percentile: i32,
    pub created_at: DateTimeUtc,
    /// When it was applied or withdrawn.
    pub decided_at: Option<DateTimeUtc>,
}

/// How `zone_plan` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
