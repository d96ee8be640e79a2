//! Backups as an operator takes them, restored and served: `platzwahl backup` of a running
//! server's SQLite database, and `pg_dump`/`pg_restore` of PostgreSQL. A booking made before
//! the backup is there on a server started on the copy, and the session behind it still works.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, book_a_home_desk, has_booking, run_command};

#[tokio::test]
async fn a_sqlite_backup_taken_while_serving_restores_every_booking() {
    let dir = tempfile::tempdir().unwrap();
    let live = format!("sqlite://{}?mode=rwc", dir.path().join("live.db").display());
    let server = Server::start(Options {
        database_url: Some(live.clone()),
        ..Options::default()
    });
    let cookie = server.demo_session("employee").await;
    let booking = book_a_home_desk(&server, &cookie).await;

    let copy = dir.path().join("backup.db");
    let copy_arg = copy.display().to_string();
    let (ok, output) = run_command(&["backup", &copy_arg], &live);
    assert!(ok, "{output}");
    let (again, output) = run_command(&["backup", &copy_arg], &live);
    assert!(!again, "an existing file is never overwritten");
    assert!(output.contains("exists already"), "{output}");
    assert!(server.terminate());

    let restored = Server::start(Options {
        database_url: Some(format!("sqlite://{}?mode=rw", copy.display())),
        ..Options::default()
    });
    assert!(has_booking(&restored, &cookie, booking).await);
    assert!(restored.terminate());
}

#[tokio::test]
async fn a_postgres_dump_restored_into_a_new_database_serves_every_booking() {
    let Some(source) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let Some(target) = TestDatabase::create(Backend::Postgres).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(source.url().to_owned()),
        ..Options::default()
    });
    let cookie = server.demo_session("employee").await;
    let booking = book_a_home_desk(&server, &cookie).await;

    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("platzwahl.dump");
    let dumped = Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(source.url())
        .output()
        .expect("pg_dump (postgresql-client) is installed by `make test`");
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    assert!(server.terminate());
    let restored = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname", target.url()])
        .arg(&dump)
        .output()
        .expect("pg_restore");
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );

    let restored = Server::start(Options {
        database_url: Some(target.url().to_owned()),
        ..Options::default()
    });
    assert!(has_booking(&restored, &cookie, booking).await);
    assert!(restored.terminate());
    source.remove().await;
    target.remove().await;
}
