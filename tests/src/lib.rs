//! Test support for Platzwahl's end-to-end tests: fresh databases, the real server binary on
//! a free port, Chromium through ChromeDriver, and the rule for missing services.
//!
//! # Layout
//! - [`api`]: the demo people signed in, the REST API and the pages' server functions called.
//! - [`axe`]: axe-core, the accessibility rule engine, run in the browser's page.
//! - [`db`]: a fresh, empty SQLite or PostgreSQL database per test.
//! - [`server`]: starts the real `platzwahl` binary and stops it when dropped.
//! - [`browser`]: a headless Chromium driven through ChromeDriver (WebDriver).
//! - [`ldap`]: a private OpenLDAP (slapd) with TLS and a generated directory of people.
//! - [`oidc`]: a real OpenID Connect provider (npm `oidc-provider`, run with Node.js) and a
//!   browser-like client that signs in through it.
//! - [`mqtt`]: publishing to a real broker, a private Mosquitto, and the live API read back.
//! - [`pages`]: every page of the app's router, with realistic parameters.
//! - [`results`]: the accessibility tests' committed results, which the statement shows.
//! - [`proxy`]: a TCP proxy a test cuts and restores, to take a database away from a server.
//! - [`services`]: whether a service is there, and what to do if not (skip, or fail in CI).
//!
//! The test files are in `tests/tests/`.

// Test support: a failed set-up is a failed test, so panicking on it is the point.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod api;
pub mod axe;
pub mod browser;
pub mod db;
pub mod ldap;
pub mod mqtt;
pub mod oidc;
pub mod pages;
pub mod proxy;
pub mod results;
pub mod server;
pub mod services;

/// Runs each listed `async fn(DatabaseConnection)` scenario of the calling test file twice, on a
/// fresh migrated SQLite and a fresh migrated PostgreSQL database: as `sqlite::name` and
/// `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    tests::db::with_migrated_database(tests::db::Backend::Sqlite, super::$scenario).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    tests::db::with_migrated_database(tests::db::Backend::Postgres, super::$scenario).await;
                }
            )*
        }
    };
}
