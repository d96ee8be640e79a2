//! The `zone_grant` table: a zone the building administrators have given an organisation. Its
//! units' home zones come from these; the home-zone planner moves a zone only between units of
//! the organisations it is given to.

use sea_orm::entity::prelude::*;

/// A row of `zone_grant`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zone_grant")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub zone_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
}

/// How `zone_grant` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `zone_grant.zone_id` → `zone.id`.
    #[sea_orm(
        belongs_to = "super::zone::Entity",
        from = "Column::ZoneId",
        to = "super::zone::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Zone,
    /// `zone_grant.organisation_id` → `organisation.id`.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Organisation,
}

impl ActiveModelBehavior for ActiveModel {}
