//! Floor plan images in the database: one per floor, shown under the floor's SVG map.
//!
//! - `floor_plan_image`: the floor (its primary key; the image goes with the floor), the
//!   content type (`image/svg+xml`, `image/png` or `image/jpeg`), the bytes and when they were
//!   uploaded. The database refuses another content type, an empty image and one larger than
//!   [`MAX_PLAN_BYTES`] (the API refuses it first, with a problem document).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, one_of};

/// The largest floor plan image, in bytes (5 MiB).
pub const MAX_PLAN_BYTES: i64 = 5 * 1024 * 1024;

/// Creates `floor_plan_image`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let size = Expr::cust("length(bytes)");
        manager
            .create_table(
                Table::create()
                    .table(FloorPlanImage::Table)
                    .col(integer(FloorPlanImage::FloorId).primary_key())
                    .col(string(FloorPlanImage::ContentType))
                    .col(blob(FloorPlanImage::Bytes))
                    .col(created_now(manager, FloorPlanImage::UpdatedAt))
                    .foreign_key(&mut fk(
                        FloorPlanImage::Table,
                        FloorPlanImage::FloorId,
                        Floor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .check(one_of(
                        "floor_plan_image_content_type_check",
                        FloorPlanImage::ContentType,
                        &["image/svg+xml", "image/png", "image/jpeg"],
                    ))
                    .check(check(
                        "floor_plan_image_size_check",
                        size.clone().gt(0).and(size.lte(MAX_PLAN_BYTES)),
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [FloorPlanImage::Table]).await
    }
}

#[derive(DeriveIden)]
enum Floor {
    Table,
}

#[derive(DeriveIden)]
enum FloorPlanImage {
    Table,
    FloorId,
    ContentType,
    Bytes,
    UpdatedAt,
}
