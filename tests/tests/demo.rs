//! `platzwahl seed-demo` builds the demo building, and seeding twice gives the same data, on
//! SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tests::db::{Backend, TestDatabase};
use tests::server::run_command;

const TABLES: [&str; 13] = [
    "organisation",
    "unit",
    "person",
    "person_role",
    "building",
    "floor",
    "zone",
    "zone_adjacency",
    "home_zone",
    "desk",
    "room",
    "sensor",
    "policy",
];

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// Row counts of every demo table plus the natural keys of desks, rooms and people.
async fn snapshot(db: &DatabaseConnection) -> Vec<String> {
    let mut out = Vec::new();
    for table in TABLES {
        let count = strings(db, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}")).await;
        out.push(format!("{table}={}", count.join("")));
    }
    out.extend(strings(db, "SELECT label FROM desk ORDER BY label").await);
    out.extend(strings(db, "SELECT label FROM room ORDER BY label").await);
    out.extend(strings(db, "SELECT email FROM person ORDER BY email").await);
    out
}

fn count(snapshot: &[String], table: &str) -> usize {
    snapshot
        .iter()
        .find_map(|line| line.strip_prefix(&format!("{table}=")))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

async fn seeding_twice_gives_the_same_building(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let (ok, log) = run_command(&["seed-demo"], db.url());
    assert!(ok, "first seed failed:\n{log}");
    let first = snapshot(db.connection()).await;

    // The Bundesbahndirektion with four floors, and the small Campus Haspel with two.
    assert_eq!(count(&first, "building"), 2);
    assert_eq!(count(&first, "floor"), 6);
    assert_eq!(count(&first, "organisation"), 3);
    assert!(count(&first, "unit") >= 12);
    assert!(count(&first, "desk") >= 300);
    assert!(count(&first, "room") >= 20);
    assert!(count(&first, "person") >= 300);
    let sensors = count(&first, "sensor");
    assert!(
        sensors * 10 >= (count(&first, "desk") + count(&first, "room")) * 8,
        "a sensor for most desks and rooms"
    );

    let (ok, log) = run_command(&["seed-demo"], db.url());
    assert!(ok, "second seed failed:\n{log}");
    let second = snapshot(db.connection()).await;
    assert_eq!(first, second, "seeding again changed the data");
    db.remove().await;
}

#[tokio::test]
async fn seeding_the_demo_twice_gives_the_same_data_on_sqlite() {
    seeding_twice_gives_the_same_building(Backend::Sqlite).await;
}

#[tokio::test]
async fn seeding_the_demo_twice_gives_the_same_data_on_postgres() {
    seeding_twice_gives_the_same_building(Backend::Postgres).await;
}

#[tokio::test]
async fn migrate_down_and_up_again_through_the_binary() {
    let Some(db) = TestDatabase::create(Backend::Sqlite).await else {
        return;
    };
    let (ok, log) = run_command(&["migrate"], db.url());
    assert!(ok, "{log}");
    let (ok, log) = run_command(&["migrate", "down"], db.url());
    assert!(ok, "{log}");
    let left = strings(
        db.connection(),
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'desk'",
    )
    .await;
    assert!(left.is_empty(), "migrate down removes the tables");
    let (ok, log) = run_command(&["migrate", "up"], db.url());
    assert!(ok, "{log}");
    db.remove().await;
}

#[tokio::test]
async fn a_bad_database_url_is_a_clear_error() {
    let (ok, log) = run_command(&["migrate"], "mysql://root@localhost/x");
    assert!(!ok);
    assert!(
        log.contains("database_url must start with sqlite: or postgres://"),
        "{log}"
    );
}
