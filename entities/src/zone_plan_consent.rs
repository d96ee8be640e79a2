//! The `zone_plan_consent` table: an organisation that must consent to a stored plan (its units
//! move), and when its administrator did.

use sea_orm::entity::prelude::*;

/// A row of `zone_plan_consent`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone_plan_consent")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    /// `None` until the organisation consented.
    pub given_at: Option<DateTimeUtc>,
}

/// How `zone_plan_consent` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
