//! The `push_subscription` table: the browsers (phones with the installed app) a person allowed
//! to show Platzwahl's notifications, with the keys their messages are encrypted for.

use sea_orm::entity::prelude::*;

/// A row of `push_subscription`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_subscription")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i32,
    /// The push service's URL for this browser (unique; a secret of sorts: never shown or
    /// logged).
    #[sea_orm(unique, column_type = "Text")]
    pub endpoint: String,
    /// The browser's P-256 public key (base64url, uncompressed point).
    pub p256dh: String,
    /// The browser's authentication secret (base64url, 16 bytes).
    pub auth: String,
    pub created_at: DateTimeUtc,
    /// When the push service last accepted a message for it.
    pub last_success_at: Option<DateTimeUtc>,
}

/// How `push_subscription` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `push_subscription.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Person,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
