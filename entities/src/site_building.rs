//! The `site_building` table: the site a building is on (at most one per building).

use sea_orm::entity::prelude::*;

/// A row of `site_building`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_building")]
pub struct Model {
    /// The building.
    #[sea_orm(primary_key, auto_increment = false)]
    pub building_id: i32,
    /// Its site.
    pub site_id: i32,
}

/// How `site_building` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `site_building.building_id` → `building.id`.
    #[sea_orm(
        belongs_to = "super::building::Entity",
        from = "Column::BuildingId",
        to = "super::building::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Building,
    /// `site_building.site_id` → `site.id`.
    #[sea_orm(
        belongs_to = "super::site::Entity",
        from = "Column::SiteId",
        to = "super::site::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Site,
}

impl ActiveModelBehavior for ActiveModel {}
