//! The `mail_outbox` table: e-mails to people, queued in the transaction of the event they tell
//! of and sent by the server's mail task; and the enums of its `kind` and `state`.

use sea_orm::entity::prelude::*;

use crate::enums::Locale;

/// What a mail tells a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum MailKind {
    /// A booking was moved off a blocked desk.
    #[sea_orm(string_value = "booking_moved")]
    BookingMoved,
    /// A booking stays on a newly blocked desk: no other desk was free for it.
    #[sea_orm(string_value = "booking_blocked")]
    BookingBlocked,
    /// A booking was released because nobody checked in.
    #[sea_orm(string_value = "booking_released")]
    BookingReleased,
    /// The day allocation placed a request.
    #[sea_orm(string_value = "request_placed")]
    RequestPlaced,
    /// The day allocation could not place a request.
    #[sea_orm(string_value = "request_unplaced")]
    RequestUnplaced,
    /// Facility management cancelled a room reservation.
    #[sea_orm(string_value = "reservation_cancelled")]
    ReservationCancelled,
    /// Facility management cancelled a desk booking (its desk was removed).
    #[sea_orm(string_value = "booking_cancelled")]
    BookingCancelled,
    /// Facility management moved a room reservation to another room (its room was removed).
    #[sea_orm(string_value = "reservation_moved")]
    ReservationMoved,
    /// A room reservation was released because nobody checked in and the room was empty.
    #[sea_orm(string_value = "reservation_released")]
    ReservationReleased,
    /// The person reserved a room (or changed their reservation): its calendar entry.
    #[sea_orm(string_value = "reservation_booked")]
    ReservationBooked,
    /// The person cancelled their own room reservation: its calendar entry goes.
    #[sea_orm(string_value = "reservation_withdrawn")]
    ReservationWithdrawn,
    /// An invitation link (a security mail: cannot be switched off).
    #[sea_orm(string_value = "invitation")]
    Invitation,
}

/// Where a mail is on its way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum MailState {
    /// Waiting for `next_attempt_at`.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Claimed by one instance until `next_attempt_at`.
    #[sea_orm(string_value = "sending")]
    Sending,
    /// Sent (`sent_at`).
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Given up after the last attempt.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// A row of `mail_outbox`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i32,
    pub kind: MailKind,
    /// The language the mail is written in (the person's when it was queued).
    pub language: Locale,
    /// What the mail is rendered from: labels, days, times (no internal ids); emptied once sent.
    pub params: Json,
    /// One event, one mail: unique.
    #[sea_orm(unique)]
    pub idempotency_key: String,
    pub state: MailState,
    pub attempts: i32,
    /// When it is due (queued), or when a claim lapses (sending).
    pub next_attempt_at: DateTimeUtc,
    /// Set exactly when the state is `sent`.
    pub sent_at: Option<DateTimeUtc>,
    /// The last failure's cause, without personal data.
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
}

/// How `mail_outbox` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `mail_outbox.person_id` → `person.id`.
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
