//! The `site` table: a place with one or more buildings (a campus, a street of offices); its
//! buildings are in `site_building`.

use sea_orm::entity::prelude::*;

/// A row of `site`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Short name, unique; how a building file names the site.
    #[sea_orm(unique)]
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// How `site` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
