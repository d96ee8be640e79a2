//! The home-zone planner's stored inputs and applied plans.
//!
//! - `zone_grant`: which organisations the building administrators have given a zone to. A
//!   unit's home zones come only from its organisation's zones; the planner moves a zone only
//!   between units of organisations it is given to. An existing installation starts with the
//!   zones its units hold today (filled in here from `home_zone`).
//! - `person.needs_accessible_desk`: the person needs an accessible desk (set by their
//!   organisation's administrators or by themselves). The planner reads only how many people of
//!   a unit need one, never who.
//! - `zone_plan`, `zone_plan_home`, `zone_plan_consent`: a proposal kept to be applied from a
//!   day on, the home zones it gives each unit, and the organisations that must consent (one row
//!   each, `given_at` set once the organisation's administrator consented). The database keeps at
//!   most one plan waiting (`status = 'proposed'`) at a time.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, created_now, drop_tables, fk, index, one_of};

/// Creates `zone_grant`, `zone_plan`, `zone_plan_home`, `zone_plan_consent` and
/// `person.needs_accessible_desk`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ZoneGrant::Table)
                    .col(integer(ZoneGrant::ZoneId))
                    .col(integer(ZoneGrant::OrganisationId))
                    .primary_key(
                        Index::create()
                            .col(ZoneGrant::ZoneId)
                            .col(ZoneGrant::OrganisationId),
                    )
                    .foreign_key(&mut fk(
                        ZoneGrant::Table,
                        ZoneGrant::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ZoneGrant::Table,
                        ZoneGrant::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(ZoneGrant::Table, [ZoneGrant::OrganisationId]))
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO zone_grant (zone_id, organisation_id) \
                 SELECT DISTINCT h.zone_id, u.organisation_id \
                 FROM home_zone h JOIN unit u ON u.id = h.unit_id",
            )
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Person::Table)
                    .add_column(boolean(Person::NeedsAccessibleDesk).default(false))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ZonePlan::Table)
                    .col(pk_auto(ZonePlan::Id))
                    .col(string(ZonePlan::Status).default("proposed"))
                    .col(date(ZonePlan::EffectiveFrom))
                    .col(date(ZonePlan::MeasuredFrom))
                    .col(date(ZonePlan::MeasuredTo))
                    .col(integer(ZonePlan::Percentile))
                    .col(created_now(manager, ZonePlan::CreatedAt))
                    .col(timestamp_with_time_zone_null(ZonePlan::DecidedAt))
                    .check(one_of(
                        "zone_plan_status_check",
                        ZonePlan::Status,
                        &["proposed", "applied", "withdrawn"],
                    ))
                    .check(check(
                        "zone_plan_percentile_check",
                        Expr::col(ZonePlan::Percentile)
                            .gte(1)
                            .and(Expr::col(ZonePlan::Percentile).lte(100)),
                    ))
                    .check(check(
                        "zone_plan_measured_check",
                        Expr::col(ZonePlan::MeasuredFrom).lte(Expr::col(ZonePlan::MeasuredTo)),
                    ))
                    .take(),
            )
            .await?;
        // One plan waits at a time: two would undo each other's moves.
        manager
            .create_index(
                Index::create()
                    .name("zone_plan_proposed_key")
                    .table(ZonePlan::Table)
                    .col(ZonePlan::Status)
                    .unique()
                    .and_where(Expr::col(ZonePlan::Status).eq("proposed"))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ZonePlanHome::Table)
                    .col(integer(ZonePlanHome::PlanId))
                    .col(integer(ZonePlanHome::UnitId))
                    .col(integer(ZonePlanHome::ZoneId))
                    .col(integer(ZonePlanHome::Priority))
                    .primary_key(
                        Index::create()
                            .col(ZonePlanHome::PlanId)
                            .col(ZonePlanHome::UnitId)
                            .col(ZonePlanHome::ZoneId),
                    )
                    .check(check(
                        "zone_plan_home_priority_check",
                        Expr::col(ZonePlanHome::Priority).gte(1),
                    ))
                    .foreign_key(&mut fk(
                        ZonePlanHome::Table,
                        ZonePlanHome::PlanId,
                        ZonePlan::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ZonePlanHome::Table,
                        ZonePlanHome::UnitId,
                        Unit::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ZonePlanHome::Table,
                        ZonePlanHome::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ZonePlanConsent::Table)
                    .col(integer(ZonePlanConsent::PlanId))
                    .col(integer(ZonePlanConsent::OrganisationId))
                    .col(timestamp_with_time_zone_null(ZonePlanConsent::GivenAt))
                    .primary_key(
                        Index::create()
                            .col(ZonePlanConsent::PlanId)
                            .col(ZonePlanConsent::OrganisationId),
                    )
                    .foreign_key(&mut fk(
                        ZonePlanConsent::Table,
                        ZonePlanConsent::PlanId,
                        ZonePlan::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ZonePlanConsent::Table,
                        ZonePlanConsent::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ZonePlanConsent::Table.into_iden(),
                ZonePlanHome::Table.into_iden(),
                ZonePlan::Table.into_iden(),
                ZoneGrant::Table.into_iden(),
            ],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Person::Table)
                    .drop_column(Person::NeedsAccessibleDesk)
                    .take(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Zone {
    Table,
}

#[derive(DeriveIden)]
enum Unit {
    Table,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    NeedsAccessibleDesk,
}

#[derive(DeriveIden)]
enum ZoneGrant {
    Table,
    ZoneId,
    OrganisationId,
}

#[derive(DeriveIden)]
enum ZonePlan {
    Table,
    Id,
    Status,
    EffectiveFrom,
    MeasuredFrom,
    MeasuredTo,
    Percentile,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ZonePlanHome {
    Table,
    PlanId,
    UnitId,
    ZoneId,
    Priority,
}

#[derive(DeriveIden)]
enum ZonePlanConsent {
    Table,
    PlanId,
    OrganisationId,
    GivenAt,
}
