//! The `desk_request` table: a person's request for a desk on a day, collected until the
//! cut-off and then allocated with every other request of the day.

use sea_orm::entity::prelude::*;

use crate::enums::{DeskRequestStatus, Slot};

/// A row of `desk_request`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "desk_request")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i32,
    /// The local day of the building.
    pub day: Date,
    pub slot: Slot,
    /// What the desk must have: need codes, comma-separated (`accessible,quiet`).
    pub needs: String,
    /// What the desk should have: need codes, comma-separated.
    pub wishes: String,
    pub status: DeskRequestStatus,
    /// The booking made for it, once placed.
    pub booking_id: Option<i64>,
    /// Why this desk or why none, in the person's language.
    #[sea_orm(column_type = "Text", nullable)]
    pub explanation: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

/// How `desk_request` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `desk_request.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Person,
    /// `desk_request.booking_id` → `desk_booking.id`.
    #[sea_orm(
        belongs_to = "super::desk_booking::Entity",
        from = "Column::BookingId",
        to = "super::desk_booking::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    DeskBooking,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl Related<super::desk_booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DeskBooking.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
