//! The `unit` table: a unit of an organisation; its people book desks in its home zones.

use sea_orm::entity::prelude::*;

/// A row of `unit`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// URL-safe short name, unique across organisations.
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    /// Merged into another unit or closed: no people, no home zones, offered nowhere.
    pub closed: bool,
}

/// How `unit` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `unit.organisation_id` → `organisation.id`.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Organisation,
    /// Rows of `person` pointing here.
    #[sea_orm(has_many = "super::person::Entity")]
    Person,
    /// Rows of `home_zone` pointing here.
    #[sea_orm(has_many = "super::home_zone::Entity")]
    HomeZone,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl Related<super::home_zone::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::HomeZone.def()
    }
}

/// The zones this unit calls home, via `home_zone`.
impl Related<super::zone::Entity> for Entity {
    fn to() -> RelationDef {
        super::home_zone::Relation::Zone.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::home_zone::Relation::Unit.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
