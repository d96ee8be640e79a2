//! The `organisation` table: an organisation sharing the building (the city, the Jobcenter, the
//! university); each sees and administers only its own people and units.

use sea_orm::entity::prelude::*;

/// A row of `organisation`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// URL-safe short name, unique.
    #[sea_orm(unique)]
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// How `organisation` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Rows of `unit` pointing here.
    #[sea_orm(has_many = "super::unit::Entity")]
    Unit,
    /// Rows of `person` pointing here.
    #[sea_orm(has_many = "super::person::Entity")]
    Person,
}

impl Related<super::unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
