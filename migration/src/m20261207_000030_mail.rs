//! E-mail notifications (issue 23): a queue in the database and what people switched off.
//!
//! - `mail_outbox`: one row per e-mail to a person, written in the same transaction as the event
//!   it tells of (a booking released, moved, placed; a reservation cancelled; an invitation).
//!   It keeps what the mail is rendered from (`kind`, `language`, `params`: labels, days and
//!   times, never an internal id) until it is sent. `idempotency_key` is unique: the same event
//!   never queues a second mail. `state` goes `queued` → `sending` (claimed by one instance
//!   until `next_attempt_at`, the lease) → `sent` (with `sent_at`, exactly then) or back to
//!   `queued` with a later `next_attempt_at` (back-off), or `failed` after the last attempt.
//!   `last_error` names the cause without personal data. Deleting a person deletes their mails.
//! - `mail_opt_out`: the kinds of mail a person switched off; only the kinds that may be
//!   switched off (`CHECK`): an invitation, a security mail, always goes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of, unique};

/// Creates `mail_outbox` and `mail_opt_out`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every kind of mail (`domain::mail::MailKind`).
const KINDS: [&str; 6] = [
    "booking_moved",
    "booking_released",
    "request_placed",
    "request_unplaced",
    "reservation_cancelled",
    "invitation",
];

/// The kinds a person may switch off: all but the security mails.
const OPTIONAL: [&str; 5] = [
    "booking_moved",
    "booking_released",
    "request_placed",
    "request_unplaced",
    "reservation_cancelled",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(big_pk_auto(MailOutbox::Id))
                    .col(integer(MailOutbox::PersonId))
                    .col(string(MailOutbox::Kind))
                    .col(string(MailOutbox::Language))
                    .col(json(MailOutbox::Params))
                    .col(string(MailOutbox::IdempotencyKey))
                    .col(string(MailOutbox::State).default("queued"))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .col(string_null(MailOutbox::LastError))
                    .col(created_now(manager, MailOutbox::CreatedAt))
                    .check(one_of("mail_outbox_kind_check", MailOutbox::Kind, &KINDS))
                    .check(one_of(
                        "mail_outbox_language_check",
                        MailOutbox::Language,
                        &["de", "en"],
                    ))
                    .check(one_of(
                        "mail_outbox_state_check",
                        MailOutbox::State,
                        &["queued", "sending", "sent", "failed"],
                    ))
                    .check(check(
                        "mail_outbox_attempts_check",
                        Expr::col(MailOutbox::Attempts).gte(0),
                    ))
                    .check(check(
                        "mail_outbox_sent_check",
                        Expr::col(MailOutbox::State)
                            .eq("sent")
                            .and(Expr::col(MailOutbox::SentAt).is_not_null())
                            .or(Expr::col(MailOutbox::State)
                                .ne("sent")
                                .and(Expr::col(MailOutbox::SentAt).is_null())),
                    ))
                    .foreign_key(&mut fk(
                        MailOutbox::Table,
                        MailOutbox::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(MailOutbox::Table, [MailOutbox::IdempotencyKey]))
            .await?;
        manager
            .create_index(index(
                MailOutbox::Table,
                [MailOutbox::State, MailOutbox::NextAttemptAt],
            ))
            .await?;
        manager
            .create_index(index(MailOutbox::Table, [MailOutbox::PersonId]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MailOptOut::Table)
                    .col(integer(MailOptOut::PersonId))
                    .col(string(MailOptOut::Kind))
                    .primary_key(
                        Index::create()
                            .col(MailOptOut::PersonId)
                            .col(MailOptOut::Kind),
                    )
                    .check(one_of(
                        "mail_opt_out_kind_check",
                        MailOptOut::Kind,
                        &OPTIONAL,
                    ))
                    .foreign_key(&mut fk(
                        MailOptOut::Table,
                        MailOptOut::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [MailOptOut::Table.into_iden(), MailOutbox::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Person {
    Table,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    PersonId,
    Kind,
    Language,
    Params,
    IdempotencyKey,
    State,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MailOptOut {
    Table,
    PersonId,
    Kind,
}
