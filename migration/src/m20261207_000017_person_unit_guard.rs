//! The database refuses a person whose unit belongs to another organisation, whoever writes
//! the row (the people API, an import, the command line) and whatever it read before: a person
//! of the Jobcenter in a unit of the city would be shown to, and administered by, the wrong
//! organisation. It refuses too a unit handed to another organisation while people of the old
//! one are in it.
//!
//! Triggers on `person` (insert, and updates of `unit_id` or `organisation_id`) and on `unit`
//! (updates of `organisation_id`). The error's message starts with `person_unit_organisation`;
//! `domain::people_admin` turns it into a refusal of the input.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Creates the triggers `person_unit_in_organisation` and `unit_keeps_its_people`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: &str = r#"
CREATE FUNCTION person_unit_in_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.unit_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM unit u WHERE u.id = NEW.unit_id AND u.organisation_id = NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'person_unit_organisation: unit % is not of organisation %',
            NEW.unit_id, NEW.organisation_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER person_unit_in_organisation
    BEFORE INSERT OR UPDATE OF unit_id, organisation_id ON person
    FOR EACH ROW EXECUTE FUNCTION person_unit_in_organisation();
CREATE FUNCTION unit_keeps_its_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM person p WHERE p.unit_id = NEW.id AND p.organisation_id <> NEW.organisation_id
    ) THEN
        RAISE EXCEPTION 'person_unit_organisation: unit % has people of another organisation',
            NEW.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER unit_keeps_its_people
    BEFORE UPDATE OF organisation_id ON unit
    FOR EACH ROW EXECUTE FUNCTION unit_keeps_its_people();
"#;

const POSTGRES_DOWN: &str = r#"
DROP TRIGGER IF EXISTS unit_keeps_its_people ON unit;
DROP FUNCTION IF EXISTS unit_keeps_its_people();
DROP TRIGGER IF EXISTS person_unit_in_organisation ON person;
DROP FUNCTION IF EXISTS person_unit_in_organisation();
"#;

const SQLITE_UP: &str = r#"
CREATE TRIGGER person_unit_in_organisation_insert
BEFORE INSERT ON person
WHEN NEW.unit_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM unit u WHERE u.id = NEW.unit_id AND u.organisation_id = NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'person_unit_organisation: the unit is of another organisation');
END;
CREATE TRIGGER person_unit_in_organisation_update
BEFORE UPDATE OF unit_id, organisation_id ON person
WHEN NEW.unit_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM unit u WHERE u.id = NEW.unit_id AND u.organisation_id = NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'person_unit_organisation: the unit is of another organisation');
END;
CREATE TRIGGER unit_keeps_its_people
BEFORE UPDATE OF organisation_id ON unit
WHEN EXISTS (
    SELECT 1 FROM person p WHERE p.unit_id = NEW.id AND p.organisation_id <> NEW.organisation_id
)
BEGIN
    SELECT RAISE(ABORT, 'person_unit_organisation: the unit has people of another organisation');
END;
"#;

const SQLITE_DOWN: &str = r#"
DROP TRIGGER IF EXISTS unit_keeps_its_people;
DROP TRIGGER IF EXISTS person_unit_in_organisation_update;
DROP TRIGGER IF EXISTS person_unit_in_organisation_insert;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
        Ok(())
    }
}
