//! The `person` table: a person who books desks or rooms. Anonymising replaces the personal fields
//! and detaches past bookings (`person_id` set to `NULL` there).

use sea_orm::entity::prelude::*;

use crate::enums::Locale;

/// A row of `person`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub unit_id: Option<i32>,
    pub display_name: String,
    /// Unique when set; stored lower-case by the application.
    #[sea_orm(unique)]
    pub email: Option<String>,
    /// Language of the user interface and of e-mails.
    pub locale: Locale,
    /// Opt-in: colleagues may see where this person sits.
    pub share_location: bool,
    /// Inactive people cannot sign in or book.
    pub active: bool,
    pub anonymised: bool,
    /// A made-up person of the demo building: the only kind demo sign-in accepts.
    pub demo: bool,
    pub created_at: DateTimeUtc,
    /// The person needs an accessible desk. Read by the home-zone planner as a count per unit
    /// only.
    pub needs_accessible_desk: bool,
    /// The person's stable key in their organisation's directory (LDAP), set by the directory
    /// sync; unique per organisation. Unset for people the directory does not manage.
    pub directory_key: Option<String>,
}

/// How `person` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `person.organisation_id` → `organisation.id`.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Organisation,
    /// `person.unit_id` → `unit.id`.
    #[sea_orm(
        belongs_to = "super::unit::Entity",
        from = "Column::UnitId",
        to = "super::unit::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Unit,
    /// Rows of `person_role` pointing here.
    #[sea_orm(has_many = "super::person_role::Entity")]
    PersonRole,
    /// Rows of `desk_booking` pointing here.
    #[sea_orm(has_many = "super::desk_booking::Entity")]
    DeskBooking,
    /// Rows of `room_reservation` pointing here.
    #[sea_orm(has_many = "super::room_reservation::Entity")]
    RoomReservation,
    /// Rows of `badge` pointing here.
    #[sea_orm(has_many = "super::badge::Entity")]
    Badge,
    /// Rows of `passkey` pointing here.
    #[sea_orm(has_many = "super::passkey::Entity")]
    Passkey,
    /// Rows of `web_session` pointing here.
    #[sea_orm(has_many = "super::web_session::Entity")]
    WebSession,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl Related<super::unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Unit.def()
    }
}

impl Related<super::person_role::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PersonRole.def()
    }
}

impl Related<super::desk_booking::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DeskBooking.def()
    }
}

impl Related<super::room_reservation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RoomReservation.def()
    }
}

impl Related<super::badge::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Badge.def()
    }
}

impl Related<super::passkey::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Passkey.def()
    }
}

impl Related<super::web_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::WebSession.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
