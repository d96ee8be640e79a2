//! The desk booking REST API of the real server binary, on SQLite and PostgreSQL: the OpenAPI
//! document it serves, and problem documents for callers who are not signed in.
//!
//! Signed-in scenarios (book, refusals, cancel, patterns, 500 concurrent requests) follow once
//! the sign-in layer is on main; the same scenarios run against the service directly in
//! `bookings.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server};

/// Starts the server on a fresh database of `backend`; `None` when PostgreSQL is unreachable
/// outside CI.
async fn start(backend: Backend) -> Option<(Server, Option<TestDatabase>)> {
    match backend {
        Backend::Sqlite => Some((Server::start(Options::default()), None)),
        Backend::Postgres => {
            let database = TestDatabase::create(Backend::Postgres).await?;
            let server = Server::start(Options {
                database_url: Some(database.url().to_owned()),
                ..Options::default()
            });
            Some((server, Some(database)))
        }
    }
}

async fn stop(server: Server, database: Option<TestDatabase>) {
    assert!(server.terminate(), "the server stops cleanly");
    if let Some(database) = database {
        database.remove().await;
    }
}

async fn the_api_describes_itself_and_refuses_strangers(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let client = reqwest::Client::new();

    let response = client
        .get(server.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/api/v1/bookings"]["post"].is_object());
    assert!(document["components"]["schemas"]["Problem"].is_object());

    let requests = [
        client.get(server.at("/api/v1/availability?floor=2&day=2026-12-01")),
        client.get(server.at("/api/v1/bookings/mine")),
        client
            .post(server.at("/api/v1/bookings"))
            .json(&serde_json::json!({
                "desk_id": 1, "slot": "full_day", "days": {"kind": "days", "days": ["2026-12-01"]}
            })),
        client.delete(server.at("/api/v1/bookings/1")),
        client
            .post(server.at("/api/v1/bookings/cancel-range"))
            .json(&serde_json::json!({"from": "2026-12-01", "to": "2026-12-02"})),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let url = response.url().to_string();
        assert_eq!(response.status().as_u16(), 401, "{url}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{url}"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["type"], "/problems/unauthorized", "{url}");
        assert_eq!(problem["status"], 401);
    }
    stop(server, database).await;
}

#[tokio::test]
async fn the_api_describes_itself_and_refuses_strangers_on_sqlite() {
    the_api_describes_itself_and_refuses_strangers(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_api_describes_itself_and_refuses_strangers_on_postgres() {
    the_api_describes_itself_and_refuses_strangers(Backend::Postgres).await;
}
