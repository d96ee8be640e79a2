//! Check-ins, and everything a person or device signs in with: badges, passkeys, invitations,
//! browser sessions and API tokens.
//!
//! Secrets are never stored, only their hashes (`badge_hash`, `token_hash`); a passkey's
//! `credential` is the serialized webauthn-rs passkey (public key material) as JSON text.
//! `api_token.scopes` is a space-separated list; a `device` token has no person, `personal` and
//! `ical` tokens must have one.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of};

/// Creates `check_in`, `badge`, `passkey`, `invitation`, `web_session` and `api_token`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CheckIn::Table)
                    .col(big_pk_auto(CheckIn::Id))
                    .col(integer_null(CheckIn::PersonId))
                    .col(big_integer_null(CheckIn::DeskBookingId))
                    .col(big_integer_null(CheckIn::RoomReservationId))
                    .col(string(CheckIn::Method))
                    .col(timestamp_with_time_zone(CheckIn::At))
                    .check(one_of(
                        "check_in_method_check",
                        CheckIn::Method,
                        &["qr", "badge", "passkey", "kiosk"],
                    ))
                    .check(check(
                        "check_in_target_check",
                        Expr::col(CheckIn::DeskBookingId)
                            .is_null()
                            .or(Expr::col(CheckIn::RoomReservationId).is_null()),
                    ))
                    .foreign_key(&mut fk(
                        CheckIn::Table,
                        CheckIn::PersonId,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        CheckIn::Table,
                        CheckIn::DeskBookingId,
                        DeskBooking::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CheckIn::Table,
                        CheckIn::RoomReservationId,
                        RoomReservation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(CheckIn::Table, [CheckIn::PersonId, CheckIn::At]))
            .await?;
        manager
            .create_index(index(CheckIn::Table, [CheckIn::DeskBookingId]))
            .await?;
        manager
            .create_index(index(CheckIn::Table, [CheckIn::RoomReservationId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Badge::Table)
                    .col(pk_auto(Badge::Id))
                    .col(integer(Badge::PersonId))
                    .col(string_uniq(Badge::BadgeHash))
                    .col(created_now(manager, Badge::CreatedAt))
                    .foreign_key(&mut fk(
                        Badge::Table,
                        Badge::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Badge::Table, [Badge::PersonId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Passkey::Table)
                    .col(pk_auto(Passkey::Id))
                    .col(integer(Passkey::PersonId))
                    .col(string(Passkey::Name))
                    .col(string_uniq(Passkey::CredentialId))
                    .col(text(Passkey::Credential))
                    .col(created_now(manager, Passkey::CreatedAt))
                    .col(timestamp_with_time_zone_null(Passkey::LastUsedAt))
                    .foreign_key(&mut fk(
                        Passkey::Table,
                        Passkey::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Passkey::Table, [Passkey::PersonId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitation::Table)
                    .col(pk_auto(Invitation::Id))
                    .col(integer(Invitation::PersonId))
                    .col(string_uniq(Invitation::TokenHash))
                    .col(integer_null(Invitation::CreatedBy))
                    .col(timestamp_with_time_zone(Invitation::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitation::UsedAt))
                    .foreign_key(&mut fk(
                        Invitation::Table,
                        Invitation::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Invitation::Table,
                        Invitation::CreatedBy,
                        Person::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Invitation::Table, [Invitation::PersonId]))
            .await?;
        manager
            .create_index(index(Invitation::Table, [Invitation::CreatedBy]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebSession::Table)
                    .col(pk_auto(WebSession::Id))
                    .col(string_uniq(WebSession::TokenHash))
                    .col(integer(WebSession::PersonId))
                    .col(created_now(manager, WebSession::CreatedAt))
                    .col(timestamp_with_time_zone(WebSession::LastSeenAt))
                    .col(timestamp_with_time_zone(WebSession::ExpiresAt))
                    .col(timestamp_with_time_zone_null(WebSession::RevokedAt))
                    .foreign_key(&mut fk(
                        WebSession::Table,
                        WebSession::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(WebSession::Table, [WebSession::PersonId]))
            .await?;
        manager
            .create_index(index(WebSession::Table, [WebSession::ExpiresAt]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiToken::Table)
                    .col(pk_auto(ApiToken::Id))
                    .col(integer_null(ApiToken::PersonId))
                    .col(string(ApiToken::Kind))
                    .col(string(ApiToken::Name))
                    .col(string_uniq(ApiToken::TokenHash))
                    .col(string(ApiToken::Scopes).default(""))
                    .col(created_now(manager, ApiToken::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
                    .check(one_of(
                        "api_token_kind_check",
                        ApiToken::Kind,
                        &["personal", "device", "ical"],
                    ))
                    .check(check(
                        "api_token_person_check",
                        Expr::col(ApiToken::Kind)
                            .eq("device")
                            .or(Expr::col(ApiToken::PersonId).is_not_null()),
                    ))
                    .foreign_key(&mut fk(
                        ApiToken::Table,
                        ApiToken::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(ApiToken::Table, [ApiToken::PersonId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ApiToken::Table.into_iden(),
                WebSession::Table.into_iden(),
                Invitation::Table.into_iden(),
                Passkey::Table.into_iden(),
                Badge::Table.into_iden(),
                CheckIn::Table.into_iden(),
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
enum DeskBooking {
    Table,
}

#[derive(DeriveIden)]
enum RoomReservation {
    Table,
}

#[derive(DeriveIden)]
enum CheckIn {
    Table,
    Id,
    PersonId,
    DeskBookingId,
    RoomReservationId,
    Method,
    At,
}

#[derive(DeriveIden)]
#[expect(clippy::enum_variant_names, reason = "the column is called so")]
enum Badge {
    Table,
    Id,
    PersonId,
    BadgeHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Passkey {
    Table,
    Id,
    PersonId,
    Name,
    CredentialId,
    Credential,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum Invitation {
    Table,
    Id,
    PersonId,
    TokenHash,
    CreatedBy,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum WebSession {
    Table,
    Id,
    TokenHash,
    PersonId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    PersonId,
    Kind,
    Name,
    TokenHash,
    Scopes,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}
