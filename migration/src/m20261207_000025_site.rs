//! Sites above buildings: `site` groups the buildings of one place (a campus, a street of
//! offices) under a name; `site_building` puts a building on a site (at most one: the building
//! is its key). Removing a building or a site removes its row there.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, drop_tables, fk, index};

/// Creates `site` and `site_building`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Site::Table)
                    .col(pk_auto(Site::Id))
                    .col(string_uniq(Site::Slug))
                    .col(string(Site::Name))
                    .check(check(
                        "site_slug_check",
                        Expr::cust("length(trim(slug)) > 0"),
                    ))
                    .check(check(
                        "site_name_check",
                        Expr::cust("length(trim(name)) > 0"),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SiteBuilding::Table)
                    .col(integer(SiteBuilding::BuildingId).primary_key())
                    .col(integer(SiteBuilding::SiteId))
                    .foreign_key(&mut fk(
                        SiteBuilding::Table,
                        SiteBuilding::BuildingId,
                        Building::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        SiteBuilding::Table,
                        SiteBuilding::SiteId,
                        Site::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(SiteBuilding::Table, [SiteBuilding::SiteId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [SiteBuilding::Table]).await?;
        drop_tables(manager, [Site::Table]).await
    }
}

#[derive(DeriveIden)]
enum Building {
    Table,
}

#[derive(DeriveIden)]
enum Site {
    Table,
    Id,
    Slug,
    Name,
}

#[derive(DeriveIden)]
enum SiteBuilding {
    Table,
    BuildingId,
    SiteId,
}
