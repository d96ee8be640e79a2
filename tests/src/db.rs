//! Fresh databases for tests: one new, empty database per test, on SQLite or PostgreSQL.
//!
//! Write the body of a test once, as an `async fn` taking a [`DatabaseConnection`], and run it
//! on each backend from two `#[tokio::test]`s named after the backend:
//!
//! ```no_run
//! use sea_orm::DatabaseConnection;
//! use tests::db::{Backend, with_migrated_database};
//!
//! async fn bookings_start_empty(db: DatabaseConnection) {
//!     // … queries against `db`, asserting what a user would notice …
//! #   drop(db);
//! }
//!
//! #[tokio::test]
//! async fn bookings_start_empty_on_sqlite() {
//!     with_migrated_database(Backend::Sqlite, bookings_start_empty).await;
//! }
//!
//! #[tokio::test]
//! async fn bookings_start_empty_on_postgres() {
//!     with_migrated_database(Backend::Postgres, bookings_start_empty).await;
//! }
//! ```
//!
//! - **SQLite**: a database file in a new temporary directory, deleted afterwards.
//! - **PostgreSQL**: `CREATE DATABASE pw_test_<unique>` on the server of
//!   `PLATZWAHL_TEST_POSTGRES_URL` (default [`DEFAULT_POSTGRES_URL`]), dropped afterwards, also
//!   when the test panics. If the server cannot be reached, the test prints
//!   `SKIPPED (PostgreSQL not reachable at …)` to stderr and passes — unless the environment
//!   variable `CI` is `true`: in CI a missing PostgreSQL fails the test.
//!
//! The body runs in its own task, so a failing assertion still lets the database be removed
//! before the panic is passed on to the test harness.
//!
//! A test that needs the database's URL (to start the server on it, say) uses
//! [`TestDatabase::create`] and [`TestDatabase::remove`] directly.

use std::future::Future;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use tempfile::TempDir;

/// The PostgreSQL server tests use unless `PLATZWAHL_TEST_POSTGRES_URL` names another. The
/// database in the URL is only used to create and drop the per-test databases.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A database backend Platzwahl supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file, the zero set-up default.
    Sqlite,
    /// PostgreSQL, the production database.
    Postgres,
}

/// Runs `test` against a fresh, empty database (no tables at all) on `backend`, then removes
/// the database. See the module docs for skipping when PostgreSQL is unreachable.
pub async fn with_empty_database<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(backend, false, test).await;
}

/// Runs `test` against a fresh database on `backend` with all migrations applied, then removes
/// the database. See the module docs for skipping when PostgreSQL is unreachable.
pub async fn with_migrated_database<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    run(backend, true, test).await;
}

async fn run<F, Fut>(backend: Backend, migrate: bool, test: F)
where
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    if migrate && let Err(error) = Migrator::up(&database.connection, None).await {
        database.remove().await;
        panic!("migrating the fresh {backend:?} database failed: {error}");
    }
    let outcome = tokio::spawn(test(database.connection.clone())).await;
    database.remove().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the test task did not finish: {error}"),
        }
    }
}

/// A database that exists for one test. Call [`TestDatabase::remove`] when done: a PostgreSQL
/// database that is merely dropped stays on the server.
pub struct TestDatabase {
    connection: DatabaseConnection,
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The directory holding the SQLite file; deleted on drop.
    Sqlite(TempDir),
    /// A connection to the maintenance database, and the name of the database to drop.
    Postgres {
        admin: DatabaseConnection,
        name: String,
    },
}

impl TestDatabase {
    /// Creates a fresh, empty database on `backend`. `None` means PostgreSQL is unreachable
    /// outside CI: `SKIPPED …` has been printed and the test should return.
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Self::postgres().await,
        }
    }

    /// A connection pool to the database.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.connection
    }

    /// The database's URL, for handing to the server.
    pub fn url(&self) -> &str {
        &self.url
    }

    async fn sqlite() -> Self {
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(error) => panic!("cannot create a temporary directory: {error}"),
        };
        let url = sqlite_url(&dir.path().join("platzwahl.db"));
        let connection = match Database::connect(options(&url)).await {
            Ok(connection) => connection,
            Err(error) => panic!("cannot open SQLite database {url}: {error}"),
        };
        Self {
            connection,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// `None` when PostgreSQL is unreachable outside CI (after printing `SKIPPED …`).
    async fn postgres() -> Option<Self> {
        let admin_url = std::env::var("PLATZWAHL_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let mut admin_options = options(&admin_url);
        admin_options.acquire_timeout(Duration::from_secs(3));
        let admin = match Database::connect(admin_options).await {
            Ok(admin) => admin,
            Err(error) => {
                let test = std::thread::current()
                    .name()
                    .unwrap_or("this test")
                    .to_owned();
                if crate::services::in_ci() {
                    panic!("PostgreSQL not reachable at {admin_url}, and CI=true: {error}");
                }
                // Straight to stderr, past the test harness's output capture, so the skip is
                // seen without `--nocapture`.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED (PostgreSQL not reachable at {admin_url}): {test}: {error}"
                );
                return None;
            }
        };
        let name = unique_database_name();
        if let Err(error) = admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
        {
            panic!("cannot create database {name} at {admin_url}: {error}");
        }
        let url = postgres_url_for(&admin_url, &name);
        let connection = match Database::connect(options(&url)).await {
            Ok(connection) => connection,
            Err(error) => {
                drop_postgres_database(&admin, &name).await;
                panic!("cannot connect to the new database {name}: {error}");
            }
        };
        Some(Self {
            connection,
            url,
            cleanup: Cleanup::Postgres { admin, name },
        })
    }

    /// Closes the connection and deletes the database. Failures are reported, not raised: the
    /// test's own outcome matters more than its clean-up.
    pub async fn remove(self) {
        if let Err(error) = self.connection.close().await {
            eprintln!("warning: closing the test database failed: {error}");
        }
        match self.cleanup {
            Cleanup::Sqlite(dir) => {
                if let Err(error) = dir.close() {
                    eprintln!("warning: removing the SQLite test directory failed: {error}");
                }
            }
            Cleanup::Postgres { admin, name } => {
                drop_postgres_database(&admin, &name).await;
                if let Err(error) = admin.close().await {
                    eprintln!("warning: closing the PostgreSQL admin connection failed: {error}");
                }
            }
        }
    }
}

async fn drop_postgres_database(admin: &DatabaseConnection, name: &str) {
    let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    if let Err(error) = admin.execute_unprepared(&drop).await {
        eprintln!("warning: dropping test database {name} failed: {error}");
    }
}

fn options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(4)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    options
}

fn sqlite_url(file: &Path) -> String {
    format!("sqlite://{}?mode=rwc", file.display())
}

/// `pw_test_<time>_<process>_<counter>`: unique across parallel tests and test processes.
fn unique_database_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    format!(
        "pw_test_{nanos:x}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The URL of database `name` on the server of `admin_url`: the path's last segment replaced,
/// query parameters kept.
fn postgres_url_for(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let authority_end = base.find("://").map_or(0, |scheme| scheme + 3);
    let server = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::postgres_url_for;

    #[test]
    fn postgres_url_for_replaces_the_database_and_keeps_parameters() {
        assert_eq!(
            postgres_url_for("postgres://postgres@127.0.0.1:5432/test", "pw_x"),
            "postgres://postgres@127.0.0.1:5432/pw_x"
        );
        assert_eq!(
            postgres_url_for("postgres://u:p@db:5432/test?sslmode=disable", "pw_x"),
            "postgres://u:p@db:5432/pw_x?sslmode=disable"
        );
        assert_eq!(
            postgres_url_for("postgres://u@db:5432", "pw_x"),
            "postgres://u@db:5432/pw_x"
        );
    }
}
