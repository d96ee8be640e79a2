//! The `audit_log` table: one change, by whom, in which organisation. Every change of a booking is
//! logged.

use sea_orm::entity::prelude::*;

/// A row of `audit_log`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// `None` for the system itself or once the person is deleted.
    pub actor_person_id: Option<i32>,
    pub organisation_id: Option<i32>,
    /// What happened, such as `desk_booking.cancel`.
    pub action: String,
    /// The table, such as `desk_booking`.
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: Option<Json>,
}

/// How `audit_log` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `audit_log.actor_person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::ActorPersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Actor,
    /// `audit_log.organisation_id` → `organisation.id`.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_update = "Cascade",
        on_delete = "SetNull"
    )]
    Organisation,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actor.def()
    }
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
