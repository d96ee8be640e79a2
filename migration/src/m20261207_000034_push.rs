//! Web push notifications (issue 23): the browsers people allowed to notify them, a queue per
//! browser, what people switched off, and the server's VAPID key.
//!
//! - `push_subscription`: one row per browser that subscribed (a phone with the installed
//!   app): its push service `endpoint` (unique: a browser belongs to one person; subscribing
//!   it again moves it), the keys its messages are encrypted for (`p256dh`, `auth`), and when
//!   a message last got through. Deleting the person deletes their subscriptions.
//! - `push_outbox`: one row per event and subscription, written in the same transaction as the
//!   event (the same events as `mail_outbox`). `idempotency_key` is unique per subscription:
//!   the same event never queues a second message to a browser. `state` goes `queued` →
//!   `sending` (claimed by one instance until `claimed_until`) → `sent` (with `sent_at`) or
//!   back to `queued` with a later `due_at` (back-off), or `failed`. `params` are emptied once
//!   sent. Deleting the subscription deletes its rows.
//! - `push_opt_out`: the kinds a person switched off for push (apart from mail's choices).
//! - `push_vapid_key`: the one key pair every instance signs with (`id` is always 1; the first
//!   instance to start inserts it, the others read it back).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of, unique};

/// Creates `push_subscription`, `push_outbox`, `push_opt_out` and `push_vapid_key`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every kind of notification (`domain::mail::MailKind`), those of migration 33 included.
const KINDS: [&str; 12] = [
    "booking_moved",
    "booking_released",
    "request_placed",
    "request_unplaced",
    "reservation_cancelled",
    "invitation",
    "booking_cancelled",
    "reservation_moved",
    "reservation_released",
    "reservation_booked",
    "reservation_withdrawn",
    "booking_blocked",
];

/// The kinds a person may switch off: all but invitations.
const OPTIONAL: [&str; 11] = [
    "booking_moved",
    "booking_released",
    "request_placed",
    "request_unplaced",
    "reservation_cancelled",
    "booking_cancelled",
    "reservation_moved",
    "reservation_released",
    "reservation_booked",
    "reservation_withdrawn",
    "booking_blocked",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PushSubscription::Table)
                    .col(big_pk_auto(PushSubscription::Id))
                    .col(integer(PushSubscription::PersonId))
                    .col(text(PushSubscription::Endpoint))
                    .col(string(PushSubscription::P256dh))
                    .col(string(PushSubscription::Auth))
                    .col(created_now(manager, PushSubscription::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        PushSubscription::LastSuccessAt,
                    ))
                    .foreign_key(&mut fk(
                        PushSubscription::Table,
                        PushSubscription::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                PushSubscription::Table,
                [PushSubscription::Endpoint],
            ))
            .await?;
        manager
            .create_index(index(PushSubscription::Table, [PushSubscription::PersonId]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PushOutbox::Table)
                    .col(big_pk_auto(PushOutbox::Id))
                    .col(big_integer(PushOutbox::SubscriptionId))
                    .col(integer(PushOutbox::PersonId))
                    .col(string(PushOutbox::Kind))
                    .col(string(PushOutbox::Language))
                    .col(json(PushOutbox::Params))
                    .col(string(PushOutbox::IdempotencyKey))
                    .col(string(PushOutbox::State).default("queued"))
                    .col(integer(PushOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(PushOutbox::DueAt))
                    .col(timestamp_with_time_zone_null(PushOutbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(PushOutbox::SentAt))
                    .col(string_null(PushOutbox::LastError))
                    .col(created_now(manager, PushOutbox::CreatedAt))
                    .check(one_of("push_outbox_kind_check", PushOutbox::Kind, &KINDS))
                    .check(one_of(
                        "push_outbox_language_check",
                        PushOutbox::Language,
                        &["de", "en"],
                    ))
                    .check(one_of(
                        "push_outbox_state_check",
                        PushOutbox::State,
                        &["queued", "sending", "sent", "failed"],
                    ))
                    .check(check(
                        "push_outbox_attempts_check",
                        Expr::col(PushOutbox::Attempts).gte(0),
                    ))
                    .check(check(
                        "push_outbox_sent_check",
                        Expr::col(PushOutbox::State)
                            .eq("sent")
                            .and(Expr::col(PushOutbox::SentAt).is_not_null())
                            .or(Expr::col(PushOutbox::State)
                                .ne("sent")
                                .and(Expr::col(PushOutbox::SentAt).is_null())),
                    ))
                    .foreign_key(&mut fk(
                        PushOutbox::Table,
                        PushOutbox::SubscriptionId,
                        PushSubscription::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        PushOutbox::Table,
                        PushOutbox::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                PushOutbox::Table,
                [PushOutbox::SubscriptionId, PushOutbox::IdempotencyKey],
            ))
            .await?;
        manager
            .create_index(index(
                PushOutbox::Table,
                [PushOutbox::State, PushOutbox::DueAt],
            ))
            .await?;
        manager
            .create_index(index(PushOutbox::Table, [PushOutbox::PersonId]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PushOptOut::Table)
                    .col(integer(PushOptOut::PersonId))
                    .col(string(PushOptOut::Kind))
                    .primary_key(
                        Index::create()
                            .col(PushOptOut::PersonId)
                            .col(PushOptOut::Kind),
                    )
                    .check(one_of(
                        "push_opt_out_kind_check",
                        PushOptOut::Kind,
                        &OPTIONAL,
                    ))
                    .foreign_key(&mut fk(
                        PushOptOut::Table,
                        PushOptOut::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PushVapidKey::Table)
                    .col(integer(PushVapidKey::Id).primary_key())
                    .col(string(PushVapidKey::PrivateKey))
                    .col(string(PushVapidKey::PublicKey))
                    .col(created_now(manager, PushVapidKey::CreatedAt))
                    .check(check(
                        "push_vapid_key_id_check",
                        Expr::col(PushVapidKey::Id).eq(1),
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                PushVapidKey::Table.into_iden(),
                PushOptOut::Table.into_iden(),
                PushOutbox::Table.into_iden(),
                PushSubscription::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum PushSubscription {
    Table,
    Id,
    PersonId,
    Endpoint,
    P256dh,
    Auth,
    CreatedAt,
    LastSuccessAt,
}

#[derive(DeriveIden)]
enum PushOutbox {
    Table,
    Id,
    SubscriptionId,
    PersonId,
    Kind,
    Language,
    Params,
    IdempotencyKey,
    State,
    Attempts,
    DueAt,
    ClaimedUntil,
    SentAt,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PushOptOut {
    Table,
    PersonId,
    Kind,
}

#[derive(DeriveIden)]
enum PushVapidKey {
    Table,
    Id,
    PrivateKey,
    PublicKey,
    CreatedAt,
}
