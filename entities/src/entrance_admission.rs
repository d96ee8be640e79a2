//! The `entrance_admission` table: the organisations the building administrator admits to a
//! building's entrance zone. Only their counsellors and front desk reserve its
//! first-consultation rooms and ask for a room now.

use sea_orm::entity::prelude::*;

/// A row of `entrance_admission`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "entrance_admission")]
pub struct Model {
    /// The building.
    #[sea_orm(primary_key, auto_increment = false)]
    pub building_id: i32,
    /// The organisation admitted to its entrance zone.
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    /// When it was admitted.
    pub created_at: DateTimeUtc,
}

/// How `entrance_admission` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `entrance_admission.building_id` → `building.id`.
    #[sea_orm(
        belongs_to = "super::building::Entity",
        from = "Column::BuildingId",
        to = "super::building::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Building,
    /// `entrance_admission.organisation_id` → `organisation.id`.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Organisation,
}

impl Related<super::building::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Building.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
