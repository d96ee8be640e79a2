//! The entrance zone: the front desk, who is admitted, and how long a slot may be.
//!
//! - `front_desk` becomes a role (`person_role_role_check`) that an organisation may grant,
//!   also through single sign-on rules (`identity_mapping_role_check`). PostgreSQL drops and
//!   re-adds the two checks; SQLite cannot alter a check and rebuilds the two tables
//!   (`rebuild_sqlite`: the same definition with the check widened, rows copied, indexes and
//!   triggers recreated).
//! - `entrance_admission`: the organisations the building administrator admits to a building's
//!   entrance zone. Only their counsellors and front desk reserve its first-consultation rooms
//!   and ask for a room now. A fresh install admits nobody (the demo admits its three
//!   organisations).
//! - `room.max_slot_minutes`: the longest reservation a room takes, in minutes (`NULL`: no
//!   limit of its own), `CHECK (max_slot_minutes > 0)`.

use sea_orm_migration::sea_orm::{DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{created_now, drop_tables, fk, index};

/// Widens the role checks, creates `entrance_admission`, adds `room.max_slot_minutes`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The roles a person may hold, after this migration.
const ROLES: &str = "'employee', 'counsellor', 'front_desk', 'unit_lead', 'facility_manager', \
                     'org_admin', 'building_admin'";
/// The roles before it.
const OLD_ROLES: &str =
    "'employee', 'counsellor', 'unit_lead', 'facility_manager', 'org_admin', 'building_admin'";
/// The roles an organisation may grant through single sign-on, after this migration.
const GRANTABLE: &str = "'employee', 'counsellor', 'front_desk', 'unit_lead', 'org_admin'";
/// And before it.
const OLD_GRANTABLE: &str = "'employee', 'counsellor', 'unit_lead', 'org_admin'";

const ADD_MAX_SLOT: &str = "ALTER TABLE room ADD COLUMN max_slot_minutes integer NULL \
     CONSTRAINT room_max_slot_minutes_check CHECK (max_slot_minutes > 0)";

fn postgres_checks(roles: &str, grantable: &str) -> String {
    format!(
        "ALTER TABLE person_role DROP CONSTRAINT person_role_role_check;
ALTER TABLE person_role ADD CONSTRAINT person_role_role_check CHECK (role IN ({roles}));
ALTER TABLE identity_mapping DROP CONSTRAINT identity_mapping_role_check;
ALTER TABLE identity_mapping ADD CONSTRAINT identity_mapping_role_check
    CHECK (role IS NULL OR role IN ({grantable}));"
    )
}

/// Rebuilds SQLite table `table` with its `CREATE TABLE` text changed by `change` (which must
/// keep its columns): the triggers that name the table (its own and other tables') are dropped,
/// a new table is created from the changed text, the rows are copied, the old table is dropped
/// and the new one renamed, and the indexes and triggers are created again as they were.
pub(crate) async fn rebuild_sqlite(
    manager: &SchemaManager<'_>,
    table: &str,
    change: impl Fn(&str) -> String,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let schema = |sql: &str, value: String| {
        Statement::from_sql_and_values(DbBackend::Sqlite, sql, [value.into()])
    };
    let create: String = db
        .query_one_raw(schema(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
            table.to_owned(),
        ))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("no table {table}")))?
        .try_get("", "sql")?;
    let mut drop_triggers = String::new();
    let mut others: Vec<(String, String)> = Vec::new();
    for row in db
        .query_all_raw(schema(
            "SELECT type, name, sql FROM sqlite_master \
             WHERE sql IS NOT NULL AND ((type = 'index' AND tbl_name = ?1) \
             OR (type = 'trigger' AND (tbl_name = ?1 OR sql LIKE '%' || ?1 || '%')))",
            table.to_owned(),
        ))
        .await?
    {
        let kind: String = row.try_get("", "type")?;
        let name: String = row.try_get("", "name")?;
        let sql: String = row.try_get("", "sql")?;
        if kind == "trigger" {
            drop_triggers.push_str(&format!("DROP TRIGGER \"{name}\";\n"));
        }
        others.push((kind, sql));
    }
    let quoted = format!("\"{table}\"");
    let changed = change(&create);
    if changed == create || !changed.contains(&quoted) {
        return Err(DbErr::Migration(format!(
            "{table}: its definition is not the one expected"
        )));
    }
    let fresh = format!("{table}__rebuilt");
    // Indexes first (the table's own), then the triggers.
    others.sort_by_key(|(kind, _)| kind != "index");
    let recreate: String = others.iter().map(|(_, sql)| format!("{sql};\n")).collect();
    // One script, so one connection of the pool runs all of it: another connection could
    // still hold the schema as it was and find the old indexes' names taken.
    let script = format!(
        "{drop_triggers}{create_fresh};\n\
         INSERT INTO \"{fresh}\" SELECT * FROM \"{table}\";\n\
         DROP TABLE \"{table}\";\n\
         ALTER TABLE \"{fresh}\" RENAME TO \"{table}\";\n\
         {recreate}",
        create_fresh = changed.replacen(&quoted, &format!("\"{fresh}\""), 1),
    );
    db.execute_unprepared(&script).await?;
    Ok(())
}

async fn sqlite_checks(
    manager: &SchemaManager<'_>,
    (from_roles, to_roles): (&str, &str),
    (from_grantable, to_grantable): (&str, &str),
) -> Result<(), DbErr> {
    let widen = |from: &str, to: &str| {
        let (from, to) = (from.to_owned(), to.to_owned());
        move |sql: &str| {
            // sea-query writes the list without the line break of the constants.
            let compact = |list: &str| list.split_whitespace().collect::<Vec<_>>().join(" ");
            sql.replace(&compact(&from), &compact(&to))
        }
    };
    rebuild_sqlite(manager, "person_role", widen(from_roles, to_roles)).await?;
    rebuild_sqlite(
        manager,
        "identity_mapping",
        widen(from_grantable, to_grantable),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&postgres_checks(ROLES, GRANTABLE))
                    .await?;
            }
            _ => {
                sqlite_checks(manager, (OLD_ROLES, ROLES), (OLD_GRANTABLE, GRANTABLE)).await?;
            }
        }
        db.execute_unprepared(ADD_MAX_SLOT).await?;
        manager
            .create_table(
                Table::create()
                    .table(EntranceAdmission::Table)
                    .col(integer(EntranceAdmission::BuildingId))
                    .col(integer(EntranceAdmission::OrganisationId))
                    .col(created_now(manager, EntranceAdmission::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(EntranceAdmission::BuildingId)
                            .col(EntranceAdmission::OrganisationId),
                    )
                    .foreign_key(&mut fk(
                        EntranceAdmission::Table,
                        EntranceAdmission::BuildingId,
                        Building::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        EntranceAdmission::Table,
                        EntranceAdmission::OrganisationId,
                        Organisation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                EntranceAdmission::Table,
                [EntranceAdmission::OrganisationId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        drop_tables(manager, [EntranceAdmission::Table]).await?;
        db.execute_unprepared("ALTER TABLE room DROP COLUMN max_slot_minutes")
            .await?;
        db.execute_unprepared(
            "DELETE FROM person_role WHERE role = 'front_desk'; \
             DELETE FROM identity_mapping WHERE role = 'front_desk';",
        )
        .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&postgres_checks(OLD_ROLES, OLD_GRANTABLE))
                    .await?;
            }
            _ => {
                sqlite_checks(manager, (ROLES, OLD_ROLES), (GRANTABLE, OLD_GRANTABLE)).await?;
            }
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Building {
    Table,
}

#[derive(DeriveIden)]
enum Organisation {
    Table,
}

#[derive(DeriveIden)]
enum EntranceAdmission {
    Table,
    BuildingId,
    OrganisationId,
    CreatedAt,
}
