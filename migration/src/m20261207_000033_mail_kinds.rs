//! Six more kinds of e-mail notification (issue 23), all of which a person may switch off:
//!
//! - `booking_blocked`: facility management blocked a desk and no other desk was free for a
//!   booking of it, which stays;
//! - `booking_cancelled`: facility management removed a desk and cancelled a booking of it;
//! - `reservation_moved`: facility management removed a room and moved a reservation of it to
//!   another room;
//! - `reservation_released`: a room reservation released because nobody checked in;
//! - `reservation_booked`: a person reserved a room or changed their reservation (the mail
//!   carries the calendar entry);
//! - `reservation_withdrawn`: a person cancelled their own reservation (the calendar entry's
//!   cancellation).
//!
//! The kind checks of `mail_outbox` (`mail_outbox_kind_check`) and `mail_opt_out`
//! (`mail_opt_out_kind_check`) are widened: PostgreSQL drops and re-adds them; SQLite cannot
//! alter a check and rebuilds the two tables (the same definition with the list widened, rows
//! copied, indexes recreated). `down` deletes the mails and choices of the new kinds and narrows
//! the checks again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261207_000029_front_desk::rebuild_sqlite;

/// Widens the kind checks of `mail_outbox` and `mail_opt_out`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every kind of mail before this migration.
const OLD_KINDS: &str = "'booking_moved', 'booking_released', 'request_placed', \
                         'request_unplaced', 'reservation_cancelled', 'invitation'";
/// The kinds a person could switch off before it.
const OLD_OPTIONAL: &str = "'booking_moved', 'booking_released', 'request_placed', \
                            'request_unplaced', 'reservation_cancelled'";
/// The kinds this migration adds (all of them optional).
const NEW: &str = "'booking_cancelled', 'reservation_moved', 'reservation_released', \
                   'reservation_booked', 'reservation_withdrawn', 'booking_blocked'";

fn kinds() -> String {
    format!("{OLD_KINDS}, {NEW}")
}

fn optional() -> String {
    format!("{OLD_OPTIONAL}, {NEW}")
}

fn postgres_checks(kinds: &str, optional: &str) -> String {
    format!(
        "ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN ({kinds}));
ALTER TABLE mail_opt_out DROP CONSTRAINT mail_opt_out_kind_check;
ALTER TABLE mail_opt_out ADD CONSTRAINT mail_opt_out_kind_check CHECK (kind IN ({optional}));"
    )
}

/// A change of a `CREATE TABLE` text: the list `IN (from)` becomes `IN (to)`.
fn widen(from: &str, to: &str) -> impl Fn(&str) -> String {
    // sea-query writes the list on one line, without the line breaks of the constants.
    let compact = |list: &str| list.split_whitespace().collect::<Vec<_>>().join(" ");
    let (from, to) = (
        format!("IN ({})", compact(from)),
        format!("IN ({})", compact(to)),
    );
    move |sql: &str| sql.replace(&from, &to)
}

async fn sqlite_checks(
    manager: &SchemaManager<'_>,
    (from_kinds, to_kinds): (&str, &str),
    (from_optional, to_optional): (&str, &str),
) -> Result<(), DbErr> {
    rebuild_sqlite(manager, "mail_outbox", widen(from_kinds, to_kinds)).await?;
    rebuild_sqlite(manager, "mail_opt_out", widen(from_optional, to_optional)).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&postgres_checks(&kinds(), &optional()))
                    .await?;
            }
            _ => {
                sqlite_checks(manager, (OLD_KINDS, &kinds()), (OLD_OPTIONAL, &optional())).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "DELETE FROM mail_outbox WHERE kind IN ({NEW}); \
             DELETE FROM mail_opt_out WHERE kind IN ({NEW});"
        ))
        .await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&postgres_checks(OLD_KINDS, OLD_OPTIONAL))
                    .await?;
            }
            _ => {
                sqlite_checks(manager, (&kinds(), OLD_KINDS), (&optional(), OLD_OPTIONAL)).await?;
            }
        }
        Ok(())
    }
}
