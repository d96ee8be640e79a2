//! The database refuses an active desk booking on a desk that a block covers on its day (the
//! desk itself, its zone, or the whole building), whichever instance writes it and whatever
//! it read before. The booking rules check the blocks too, but against facts read a moment
//! earlier; a block made at the same moment would otherwise let the booking through after
//! the block's repair has looked for bookings to move.
//!
//! PostgreSQL: the trigger first takes a share lock on the desk's row, and making a block
//! takes an update lock on every desk it covers before it writes the block
//! (`domain::blocks::create`), so the two wait for each other: a booking that comes first is
//! seen and moved by the block's repair, one that comes second sees the block and is
//! refused. SQLite writes one transaction at a time, so the trigger alone suffices.
//!
//! The error's message starts with `desk_blocked`; `domain::booking::classify` turns it into
//! the refusal "blocked".

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Creates the trigger `desk_booking_not_blocked`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: &str = r#"
CREATE FUNCTION desk_booking_not_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    desk_zone integer;
BEGIN
    SELECT zone_id INTO desk_zone FROM desk WHERE id = NEW.desk_id FOR SHARE;
    IF EXISTS (
        SELECT 1 FROM block b
        WHERE NEW.day BETWEEN b.from_day AND b.to_day
          AND (b.desk_id = NEW.desk_id
               OR b.zone_id = desk_zone
               OR (b.desk_id IS NULL AND b.zone_id IS NULL AND b.room_id IS NULL))
    ) THEN
        RAISE EXCEPTION 'desk_blocked: desk % is blocked on %', NEW.desk_id, NEW.day;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER desk_booking_not_blocked
    BEFORE INSERT ON desk_booking
    FOR EACH ROW WHEN (NEW.status = 'active')
    EXECUTE FUNCTION desk_booking_not_blocked();
"#;

const POSTGRES_DOWN: &str = r#"
DROP TRIGGER IF EXISTS desk_booking_not_blocked ON desk_booking;
DROP FUNCTION IF EXISTS desk_booking_not_blocked();
"#;

const SQLITE_UP: &str = r#"
CREATE TRIGGER desk_booking_not_blocked
BEFORE INSERT ON desk_booking
WHEN NEW.status = 'active' AND EXISTS (
    SELECT 1 FROM block b
    WHERE NEW.day BETWEEN b.from_day AND b.to_day
      AND (b.desk_id = NEW.desk_id
           OR b.zone_id = (SELECT zone_id FROM desk WHERE id = NEW.desk_id)
           OR (b.desk_id IS NULL AND b.zone_id IS NULL AND b.room_id IS NULL))
)
BEGIN
    SELECT RAISE(ABORT, 'desk_blocked: the desk is blocked on this day');
END;
"#;

const SQLITE_DOWN: &str = "DROP TRIGGER IF EXISTS desk_booking_not_blocked;";

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
