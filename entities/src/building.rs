//! The `building` table: a building.

use sea_orm::entity::prelude::*;

/// A row of `building`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "building")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub address: String,
    /// IANA time zone of the building, `Europe/Berlin` by default; days and half-days are local to it.
    pub timezone: String,
}

/// How `building` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Rows of `floor` pointing here.
    #[sea_orm(has_many = "super::floor::Entity")]
    Floor,
}

impl Related<super::floor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Floor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
