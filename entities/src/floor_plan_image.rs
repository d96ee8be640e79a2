//! The `floor_plan_image` table: the uploaded plan of a floor (SVG, PNG or JPEG), shown under
//! the floor's map. At most one per floor; the database refuses other content types and images
//! larger than 5 MiB.

use sea_orm::entity::prelude::*;

/// A row of `floor_plan_image`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "floor_plan_image")]
pub struct Model {
    /// The floor whose plan this is.
    #[sea_orm(primary_key, auto_increment = false)]
    pub floor_id: i32,
    /// `image/svg+xml`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// The image as uploaded.
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    /// When it was uploaded.
    pub updated_at: DateTimeUtc,
}

/// How `floor_plan_image` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `floor_plan_image.floor_id` → `floor.id`.
    #[sea_orm(
        belongs_to = "super::floor::Entity",
        from = "Column::FloorId",
        to = "super::floor::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Floor,
}

impl Related<super::floor::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Floor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
