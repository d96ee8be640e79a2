//! Single sign-on (OpenID Connect) per organisation.
//!
//! - `person_identity`: a person's account at their organisation's identity provider, as the
//!   provider names it (issuer and subject, nothing else). One subject of an issuer is one
//!   person (unique), a person has at most one subject per issuer (unique), and the person is
//!   of the organisation whose provider it is (`organisation_id`, checked by triggers: the
//!   error starts with `person_identity_organisation`).
//! - `identity_mapping`: what the organisation's administrator says a claim value means when
//!   a person is created at their first sign-in: a value of the unit claim is a unit, a group
//!   is a role. Only roles an organisation may grant (`employee`, `counsellor`, `unit_lead`,
//!   `org_admin`; never `facility_manager` or `building_admin`), only units of the same
//!   organisation (triggers: `identity_mapping_organisation`), one unit per value (a partial
//!   unique index), each role once per group.
//! - `oidc_login`: a sign-in on its way through the provider (the hash of its `state`, the
//!   nonce and the PKCE verifier), kept in the database so that any instance behind a load
//!   balancer can finish it; deleted when the provider's answer comes back, so a replayed
//!   answer finds nothing.
//! - `oidc_session`: which browser sessions began at a provider, for RP-initiated logout.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of, unique};

/// Creates `person_identity`, `identity_mapping`, `oidc_login` and `oidc_session`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The roles an organisation administrator may grant (`domain::people::GRANTABLE`).
const GRANTABLE: [&str; 4] = ["employee", "counsellor", "unit_lead", "org_admin"];

const POSTGRES_UP: &str = r#"
CREATE UNIQUE INDEX identity_mapping_unit_key ON identity_mapping (organisation_id, claim_value)
    WHERE kind = 'unit';
CREATE UNIQUE INDEX identity_mapping_role_key
    ON identity_mapping (organisation_id, claim_value, role) WHERE kind = 'role';
CREATE FUNCTION person_identity_in_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM person p WHERE p.id = NEW.person_id AND p.organisation_id = NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'person_identity_organisation: person % is not of organisation %',
            NEW.person_id, NEW.organisation_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER person_identity_in_organisation
    BEFORE INSERT OR UPDATE ON person_identity
    FOR EACH ROW EXECUTE FUNCTION person_identity_in_organisation();
CREATE FUNCTION person_keeps_identities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM person_identity i
        WHERE i.person_id = NEW.id AND i.organisation_id <> NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'person_identity_organisation: person % has an identity of another organisation',
            NEW.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER person_keeps_identities
    BEFORE UPDATE OF organisation_id ON person
    FOR EACH ROW EXECUTE FUNCTION person_keeps_identities();
CREATE FUNCTION identity_mapping_in_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.unit_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM unit u WHERE u.id = NEW.unit_id AND u.organisation_id = NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'identity_mapping_organisation: unit % is not of organisation %',
            NEW.unit_id, NEW.organisation_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER identity_mapping_in_organisation
    BEFORE INSERT OR UPDATE ON identity_mapping
    FOR EACH ROW EXECUTE FUNCTION identity_mapping_in_organisation();
CREATE FUNCTION unit_keeps_its_mappings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM identity_mapping m
        WHERE m.unit_id = NEW.id AND m.organisation_id <> NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'identity_mapping_organisation: unit % is mapped by another organisation',
            NEW.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER unit_keeps_its_mappings
    BEFORE UPDATE OF organisation_id ON unit
    FOR EACH ROW EXECUTE FUNCTION unit_keeps_its_mappings();
"#;

const POSTGRES_DOWN: &str = r#"
DROP TRIGGER IF EXISTS unit_keeps_its_mappings ON unit;
DROP FUNCTION IF EXISTS unit_keeps_its_mappings();
DROP TRIGGER IF EXISTS identity_mapping_in_organisation ON identity_mapping;
DROP FUNCTION IF EXISTS identity_mapping_in_organisation();
DROP TRIGGER IF EXISTS person_keeps_identities ON person;
DROP FUNCTION IF EXISTS person_keeps_identities();
DROP TRIGGER IF EXISTS person_identity_in_organisation ON person_identity;
DROP FUNCTION IF EXISTS person_identity_in_organisation();
"#;

const SQLITE_UP: &str = r#"
CREATE UNIQUE INDEX identity_mapping_unit_key ON identity_mapping (organisation_id, claim_value)
    WHERE kind = 'unit';
CREATE UNIQUE INDEX identity_mapping_role_key
    ON identity_mapping (organisation_id, claim_value, role) WHERE kind = 'role';
CREATE TRIGGER person_identity_in_organisation_insert
BEFORE INSERT ON person_identity
WHEN NOT EXISTS (
    SELECT 1 FROM person p WHERE p.id = NEW.person_id AND p.organisation_id = NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'person_identity_organisation: the person is of another organisation');
END;
CREATE TRIGGER person_identity_in_organisation_update
BEFORE UPDATE ON person_identity
WHEN NOT EXISTS (
    SELECT 1 FROM person p WHERE p.id = NEW.person_id AND p.organisation_id = NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'person_identity_organisation: the person is of another organisation');
END;
CREATE TRIGGER person_keeps_identities
BEFORE UPDATE OF organisation_id ON person
WHEN EXISTS (
    SELECT 1 FROM person_identity i
    WHERE i.person_id = NEW.id AND i.organisation_id <> NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'person_identity_organisation: the person has an identity of another organisation');
END;
CREATE TRIGGER identity_mapping_in_organisation_insert
BEFORE INSERT ON identity_mapping
WHEN NEW.unit_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM unit u WHERE u.id = NEW.unit_id AND u.organisation_id = NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'identity_mapping_organisation: the unit is of another organisation');
END;
CREATE TRIGGER identity_mapping_in_organisation_update
BEFORE UPDATE ON identity_mapping
WHEN NEW.unit_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM unit u WHERE u.id = NEW.unit_id AND u.organisation_id = NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'identity_mapping_organisation: the unit is of another organisation');
END;
CREATE TRIGGER unit_keeps_its_mappings
BEFORE UPDATE OF organisation_id ON unit
WHEN EXISTS (
    SELECT 1 FROM identity_mapping m
    WHERE m.unit_id = NEW.id AND m.organisation_id <> NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'identity_mapping_organisation: the unit is mapped by another organisation');
END;
"#;

const SQLITE_DOWN: &str = r#"
DROP TRIGGER IF EXISTS unit_keeps_its_mappings;
DROP TRIGGER IF EXISTS identity_mapping_in_organisation_update;
DROP TRIGGER IF EXISTS identity_mapping_in_organisation_insert;
DROP TRIGGER IF EXISTS person_keeps_identities;
DROP TRIGGER IF EXISTS person_identity_in_organisation_update;
DROP TRIGGER IF EXISTS person_identity_in_organisation_insert;
"#;

/// `CHECK (length(column) BETWEEN 1 AND max)` (`length` counts characters on both backends).
fn length_between(name: &'static str, column: &str, max: i32) -> Check {
    check(
        name,
        Expr::cust(format!("length({column})")).between(1, max),
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonIdentity::Table)
                    .col(pk_auto(PersonIdentity::Id))
                    .col(integer(PersonIdentity::PersonId))
                    .col(integer(PersonIdentity::OrganisationId))
                    .col(string(PersonIdentity::Issuer))
                    .col(string(PersonIdentity::Subject))
                    .col(created_now(manager, PersonIdentity::CreatedAt))
                    .check(length_between(
                        "person_identity_issuer_check",
                        "issuer",
                        2000,
                    ))
                    .check(length_between(
                        "person_identity_subject_check",
                        "subject",
                        255,
                    ))
                    .foreign_key(&mut fk(
                        PersonIdentity::Table,
                        PersonIdentity::PersonId,
                        Person::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        PersonIdentity::Table,
                        PersonIdentity::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                PersonIdentity::Table,
                [PersonIdentity::Issuer, PersonIdentity::Subject],
            ))
            .await?;
        manager
            .create_index(unique(
                PersonIdentity::Table,
                [PersonIdentity::PersonId, PersonIdentity::Issuer],
            ))
            .await?;
        manager
            .create_index(index(
                PersonIdentity::Table,
                [PersonIdentity::OrganisationId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdentityMapping::Table)
                    .col(pk_auto(IdentityMapping::Id))
                    .col(integer(IdentityMapping::OrganisationId))
                    .col(string(IdentityMapping::Kind))
                    .col(string(IdentityMapping::ClaimValue))
                    .col(integer_null(IdentityMapping::UnitId))
                    .col(string_null(IdentityMapping::Role))
                    .check(one_of(
                        "identity_mapping_kind_check",
                        IdentityMapping::Kind,
                        &["unit", "role"],
                    ))
                    .check(Check::named(
                        "identity_mapping_role_check",
                        Expr::col(IdentityMapping::Role)
                            .is_null()
                            .or(Expr::col(IdentityMapping::Role).is_in(GRANTABLE)),
                    ))
                    .check(check(
                        "identity_mapping_target_check",
                        Expr::col(IdentityMapping::Kind)
                            .eq("unit")
                            .and(Expr::col(IdentityMapping::UnitId).is_not_null())
                            .and(Expr::col(IdentityMapping::Role).is_null())
                            .or(Expr::col(IdentityMapping::Kind)
                                .eq("role")
                                .and(Expr::col(IdentityMapping::Role).is_not_null())
                                .and(Expr::col(IdentityMapping::UnitId).is_null())),
                    ))
                    .check(length_between(
                        "identity_mapping_claim_value_check",
                        "claim_value",
                        255,
                    ))
                    .foreign_key(&mut fk(
                        IdentityMapping::Table,
                        IdentityMapping::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        IdentityMapping::Table,
                        IdentityMapping::UnitId,
                        Unit::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(IdentityMapping::Table, [IdentityMapping::UnitId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OidcLogin::Table)
                    .col(string(OidcLogin::Id).primary_key())
                    .col(integer(OidcLogin::OrganisationId))
                    .col(text(OidcLogin::Nonce))
                    .col(text(OidcLogin::PkceVerifier))
                    .col(text(OidcLogin::NextPath))
                    .col(timestamp_with_time_zone(OidcLogin::ExpiresAt))
                    .foreign_key(&mut fk(
                        OidcLogin::Table,
                        OidcLogin::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(OidcLogin::Table, [OidcLogin::ExpiresAt]))
            .await?;
        manager
            .create_index(index(OidcLogin::Table, [OidcLogin::OrganisationId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OidcSession::Table)
                    .col(integer(OidcSession::SessionId).primary_key())
                    .col(integer(OidcSession::OrganisationId))
                    .foreign_key(&mut fk(
                        OidcSession::Table,
                        OidcSession::SessionId,
                        WebSession::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OidcSession::Table,
                        OidcSession::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(OidcSession::Table, [OidcSession::OrganisationId]))
            .await?;

        let sql = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES_DOWN,
            _ => SQLITE_DOWN,
        };
        manager.get_connection().execute_unprepared(sql).await?;
        drop_tables(
            manager,
            [
                OidcSession::Table.into_iden(),
                OidcLogin::Table.into_iden(),
                IdentityMapping::Table.into_iden(),
                PersonIdentity::Table.into_iden(),
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
enum Organisation {
    Table,
}

#[derive(DeriveIden)]
enum Unit {
    Table,
}

#[derive(DeriveIden)]
enum WebSession {
    Table,
}

#[derive(DeriveIden)]
enum PersonIdentity {
    Table,
    Id,
    PersonId,
    OrganisationId,
    Issuer,
    Subject,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdentityMapping {
    Table,
    Id,
    OrganisationId,
    Kind,
    ClaimValue,
    UnitId,
    Role,
}

#[derive(DeriveIden)]
enum OidcLogin {
    Table,
    Id,
    OrganisationId,
    Nonce,
    PkceVerifier,
    NextPath,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum OidcSession {
    Table,
    SessionId,
    OrganisationId,
}
