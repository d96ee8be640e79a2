//! Connecting to the database and running the migrations.

use std::path::Path;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};

use crate::settings::Settings;

/// Connects to the configured database, creating the data directory for SQLite.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    if settings.is_sqlite() && settings.database_url.is_none() {
        std::fs::create_dir_all(&settings.data_dir)?;
    }
    let mut options = ConnectOptions::new(settings.database_url().expose());
    options
        .max_connections(settings.database_max_connections.max(1))
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .sqlx_logging(false)
        // SQLite: readers never wait for the writer (WAL), a busy database is waited for
        // rather than answered with an error, and a commit waits for the disk only at
        // checkpoints (safe with WAL: a power cut loses at most the last commits, never
        // the file).
        .map_sqlx_sqlite_opts(|options| {
            options
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
        });
    let db = Database::connect(options).await?;
    Ok(db)
}

/// How long a request waits for a free database connection before it is refused.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long SQLite waits for a writer to finish before it reports the database busy.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Copies a SQLite database to `file` with `VACUUM INTO`: one consistent snapshot, taken
/// while the server reads and writes on, compacted, and a database of its own (start a
/// server on it to restore).
pub async fn backup_sqlite(db: &DatabaseConnection, file: &Path) -> anyhow::Result<()> {
    let Some(path) = file.to_str() else {
        anyhow::bail!("the backup's path {} is not UTF-8", file.display());
    };
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await?;
    Ok(())
}

/// Applies every pending migration.
pub async fn migrate_up(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Refuses a database with pending migrations (a server started with `--no-migrate`).
pub async fn ensure_migrated(db: &DatabaseConnection) -> anyhow::Result<()> {
    let pending = Migrator::get_pending_migrations(db).await?;
    if let Some(first) = pending.first() {
        anyhow::bail!(
            "the database lacks {} migration(s), the first `{}`: run `platzwahl migrate` first",
            pending.len(),
            first.name()
        );
    }
    Ok(())
}

/// Rolls back the last `steps` migrations (all of them with `None`).
pub async fn migrate_down(db: &DatabaseConnection, steps: Option<u32>) -> Result<(), DbErr> {
    Migrator::down(db, steps).await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sea_orm::{ConnectionTrait, DbBackend, Statement};

    use super::connect;
    use crate::settings::Settings;

    async fn count(db: &impl ConnectionTrait) -> i64 {
        let row = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT n FROM counter",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }

    /// The server's SQLite: a transaction that reads, lets another connection write, then
    /// writes itself, commits (with a deferred `BEGIN` it fails with `SQLITE_BUSY`: the
    /// 500 a policy change once answered in CI while a booking's follow-up wrote).
    #[tokio::test]
    async fn a_writer_that_reads_first_is_not_refused_when_another_writes_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            data_dir: dir.path().to_path_buf(),
            ..Settings::default()
        };
        let db = connect(&settings).await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0)",
        )
        .await
        .unwrap();

        let txn = domain::db::begin_write(&db).await.unwrap();
        let seen = count(&txn).await;
        // Another request writes now: it queues for the lock this transaction holds.
        let other = db.clone();
        let mut meanwhile = tokio::spawn(async move {
            other
                .execute_unprepared("UPDATE counter SET n = n + 10")
                .await
        });
        let early = tokio::time::timeout(Duration::from_millis(300), &mut meanwhile).await;
        assert!(
            early.is_err(),
            "the other writer went ahead of the transaction's lock"
        );
        txn.execute_unprepared(&format!("UPDATE counter SET n = {}", seen + 1))
            .await
            .unwrap();
        txn.commit().await.unwrap();
        meanwhile.await.unwrap().unwrap();
        assert_eq!(count(&db).await, 11, "both writes are kept, neither lost");
    }
}
