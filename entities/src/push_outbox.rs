//! The `push_outbox` table: web push messages, one per event and subscription, queued in the
//! transaction of the event they tell of and sent by the server's push task.

use sea_orm::entity::prelude::*;

use crate::enums::Locale;
use crate::mail_outbox::{MailKind, MailState};

/// A row of `push_outbox`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subscription_id: i64,
    pub person_id: i32,
    /// What it tells (the kinds of mail).
    pub kind: MailKind,
    /// The language it is written in (the person's when it was queued).
    pub language: Locale,
    /// What it is rendered from (as a mail's); emptied once sent or given up.
    pub params: Json,
    /// One event, one message per subscription: unique with `subscription_id`.
    pub idempotency_key: String,
    /// `queued`, `sending`, `sent` or `failed` (as a mail's).
    pub state: MailState,
    pub attempts: i32,
    /// When it is due (queued).
    pub due_at: DateTimeUtc,
    /// Until when a claim holds (sending).
    pub claimed_until: Option<DateTimeUtc>,
    /// Set exactly when the state is `sent`.
    pub sent_at: Option<DateTimeUtc>,
    /// The last failure's cause, without personal data.
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
}

/// How `push_outbox` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `push_outbox.subscription_id` → `push_subscription.id`.
    #[sea_orm(
        belongs_to = "super::push_subscription::Entity",
        from = "Column::SubscriptionId",
        to = "super::push_subscription::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Subscription,
    /// `push_outbox.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Person,
}

impl Related<super::push_subscription::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subscription.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
