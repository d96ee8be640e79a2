//! Home-zone plans through the real server binary (demo building), on SQLite and PostgreSQL:
//! the zones given to each organisation, a proposal kept as a plan from a day on, each
//! organisation whose units move consenting, and the units' home zones changing only then —
//! at once for a plan due today, on its day for a later one. Who may do what, and the
//! database's refusal of a second waiting plan. A person's need of an accessible desk.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::{Backend, TestDatabase};
use tests::server::{Options, Server, in_days, problem_type, today};

async fn get(client: &reqwest::Client, server: &Server, path: &str) -> Value {
    let response = client.get(server.at(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.json().await.unwrap()
}

async fn post(
    client: &reqwest::Client,
    server: &Server,
    path: &str,
    body: Value,
) -> reqwest::Response {
    client
        .post(server.at(path))
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn new_plan(effective_from: chrono::NaiveDate) -> Value {
    json!({
        "effective_from": effective_from,
        "from": in_days(-28),
        "to": in_days(-1),
    })
}

/// Each unit's home zones today, by unit id, from the proposal (which reads them from the
/// database).
async fn home_zones(manager: &reqwest::Client, server: &Server) -> BTreeMap<i64, Vec<i64>> {
    let view = get(
        manager,
        server,
        &format!(
            "/api/v1/planner/proposal?from={}&to={}",
            in_days(-28),
            in_days(-1)
        ),
    )
    .await;
    zones_by_unit(&view["units"], "today")
}

/// The zones plan `plan` gives each unit it moves.
fn planned(plan: &Value) -> BTreeMap<i64, Vec<i64>> {
    zones_by_unit(&plan["moves"], "zones")
}

/// Per unit (`unit_id`) of `rows`, the sorted ids of the zones listed under `field`.
fn zones_by_unit(rows: &Value, field: &str) -> BTreeMap<i64, Vec<i64>> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let mut zones: Vec<i64> = row[field]
                .as_array()
                .unwrap()
                .iter()
                .map(|z| z["id"].as_i64().unwrap())
                .collect();
            zones.sort_unstable();
            (row["unit_id"].as_i64().unwrap(), zones)
        })
        .collect()
}

/// A client signed in as the demo organisation administrator of the organisation named
/// `organisation`.
async fn org_admin_of(server: &Server, organisation: &str) -> reqwest::Client {
    let people = server.demo_people().await;
    let admin = people
        .iter()
        .find(|p| {
            p["organisation"] == organisation
                && p["roles"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r == "org_admin"))
        })
        .unwrap_or_else(|| panic!("no demo administrator of {organisation}"));
    let cookie = server.session_of(admin["id"].as_i64().unwrap()).await;
    server.client_with(&cookie)
}

/// The demo server on a fresh database of `backend` that the test reaches too (to run the
/// plans' task for a later day); `None` when PostgreSQL is unreachable outside CI.
async fn start(backend: Backend) -> Option<(Server, TestDatabase)> {
    let database = TestDatabase::create(backend).await?;
    let server = Server::start(Options {
        database_url: Some(database.url().to_owned()),
        ..Options::default()
    });
    Some((server, database))
}

async fn stop(server: Server, database: TestDatabase) {
    let (clean, _) = server.finish();
    assert!(clean, "the server stops cleanly");
    database.remove().await;
}

/// The consent of `organisation`'s administrator to plan `id`: the plan as it is then.
async fn consent(server: &Server, organisation: &str, id: i64) -> Value {
    let admin = org_admin_of(server, organisation).await;
    let response = post(
        &admin,
        server,
        &format!("/api/v1/planner/plans/{id}/consent"),
        json!({}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{organisation} consents");
    response.json().await.unwrap()
}

async fn a_plan_applies_with_every_organisations_consent(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let manager = server.demo_client("facility_manager").await;
    let building_admin = server.demo_client("building_admin").await;
    let employee = server.demo_client("employee").await;

    // The zones given to each organisation: every zone is listed, every unit's home zones
    // are its organisation's.
    let grants = get(&manager, &server, "/api/v1/planner/grants").await;
    let grants = grants.as_array().unwrap();
    assert!(grants.len() > 20, "every zone: {}", grants.len());
    assert!(
        grants
            .iter()
            .all(|g| !g["organisations"].as_array().unwrap().is_empty()),
        "the demo gives every zone to somebody"
    );
    let response = employee
        .get(server.at("/api/v1/planner/grants"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Taking a zone back while a unit of the organisation has it as a home zone is refused;
    // only building administrators give and take.
    let before = home_zones(&manager, &server).await;
    let (held_zone, holder_org) = {
        let zone = before.values().find(|z| !z.is_empty()).unwrap()[0];
        let grant = grants
            .iter()
            .find(|g| g["zone"]["id"].as_i64() == Some(zone))
            .unwrap();
        (zone, grant["organisations"][0]["id"].as_i64().unwrap())
    };
    let take_back = json!({"zone": held_zone, "organisation": holder_org, "granted": false});
    let response = manager
        .put(server.at("/api/v1/planner/grants"))
        .json(&take_back)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = building_admin
        .put(server.at("/api/v1/planner/grants"))
        .json(&take_back)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(problem_type(response).await.ends_with("conflict"));
    let response = building_admin
        .put(server.at("/api/v1/planner/grants"))
        .json(&json!({"zone": 999_999, "organisation": holder_org, "granted": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Keeping a plan: facility managers only, from today on, one waiting at a time.
    let response = post(
        &employee,
        &server,
        "/api/v1/planner/plans",
        new_plan(today()),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = post(
        &manager,
        &server,
        "/api/v1/planner/plans",
        new_plan(in_days(-1)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(problem_type(response).await.ends_with("invalid-input"));
    let response = post(
        &manager,
        &server,
        "/api/v1/planner/plans",
        new_plan(in_days(7)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let later: Value = response.json().await.unwrap();
    assert_eq!(later["status"], "proposed");
    assert!(
        !planned(&later).is_empty(),
        "the demo's proposal moves units"
    );
    let response = post(
        &manager,
        &server,
        "/api/v1/planner/plans",
        new_plan(today()),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::CONFLICT,
        "one plan waits at a time"
    );
    // Withdrawn, it frees the way.
    let later_id = later["id"].as_i64().unwrap();
    let response = post(
        &manager,
        &server,
        &format!("/api/v1/planner/plans/{later_id}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let withdrawn: Value = response.json().await.unwrap();
    assert_eq!(withdrawn["status"], "withdrawn");
    let response = post(
        &manager,
        &server,
        &format!("/api/v1/planner/plans/{later_id}/withdraw"),
        json!({}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A plan due today waits for every organisation whose units it moves.
    let response = post(
        &manager,
        &server,
        "/api/v1/planner/plans",
        new_plan(today()),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let plan: Value = response.json().await.unwrap();
    let id = plan["id"].as_i64().unwrap();
    let moves = planned(&plan);
    let parties: Vec<String> = plan["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["organisation"]["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        parties.len() >= 2,
        "the demo's plan moves units of several organisations: {parties:?}"
    );
    assert!(
        moves
            .iter()
            .any(|(unit, zones)| before.get(unit) != Some(zones)),
        "the plan changes a unit's zones"
    );
    // A facility manager cannot consent for an organisation; an employee neither.
    for client in [&manager, &employee] {
        let response = post(
            client,
            &server,
            &format!("/api/v1/planner/plans/{id}/consent"),
            json!({}),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    for (i, organisation) in parties.iter().enumerate() {
        let admin = org_admin_of(&server, organisation).await;
        // Organisation administrators see the plan.
        let listed = get(&admin, &server, "/api/v1/planner/plans").await;
        assert!(listed.as_array().unwrap().iter().any(|p| p["id"] == id));
        let after = consent(&server, organisation, id).await;
        let last = i + 1 == parties.len();
        if last {
            assert_eq!(after["status"], "applied", "the last consent applies it");
        } else {
            assert_eq!(after["status"], "proposed");
            assert_eq!(
                home_zones(&manager, &server).await,
                before,
                "nothing changes before every organisation consented"
            );
        }
    }
    let now = home_zones(&manager, &server).await;
    for (unit, zones) in &moves {
        assert_eq!(
            now.get(unit),
            Some(zones),
            "unit {unit} has its planned zones"
        );
    }
    for (unit, zones) in &before {
        if !moves.contains_key(unit) {
            assert_eq!(now.get(unit), Some(zones), "unit {unit} did not move");
        }
    }
    // An organisation not concerned, or a plan no longer waiting: 404.
    let admin = org_admin_of(&server, &parties[0]).await;
    let response = post(
        &admin,
        &server,
        &format!("/api/v1/planner/plans/{id}/consent"),
        json!({}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let audit = get(&building_admin, &server, "/api/v1/audit?limit=200").await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "planner.plan_proposed",
        "planner.plan_withdrawn",
        "planner.plan_applied",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }

    stop(server, database).await;
}

/// A plan for a later day, consented by every organisation, waits for its day; the server's
/// task applies it then (here the same function, called for that day), and a second instance
/// running it a moment later changes nothing.
async fn a_later_plan_waits_for_its_day(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let manager = server.demo_client("facility_manager").await;
    let response = post(
        &manager,
        &server,
        "/api/v1/planner/plans",
        new_plan(in_days(3)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let plan: Value = response.json().await.unwrap();
    let id = plan["id"].as_i64().unwrap();
    let before = home_zones(&manager, &server).await;
    for party in plan["consents"].as_array().unwrap() {
        let after = consent(&server, party["organisation"]["name"].as_str().unwrap(), id).await;
        assert_eq!(after["status"], "proposed", "not before its day");
        assert!(after["consents"].as_array().unwrap().iter().any(|c| {
            c["organisation"]["name"] == party["organisation"]["name"] && !c["given_at"].is_null()
        }));
    }
    assert_eq!(home_zones(&manager, &server).await, before);
    let apply =
        |day| domain::planner::plans::apply_due(database.connection(), day, chrono::Utc::now());
    assert!(
        apply(in_days(2)).await.unwrap().is_empty(),
        "not the day before"
    );
    assert_eq!(
        apply(in_days(3)).await.unwrap(),
        vec![i32::try_from(id).unwrap()]
    );
    let now = home_zones(&manager, &server).await;
    for (unit, zones) in planned(&plan) {
        assert_eq!(
            now.get(&unit),
            Some(&zones),
            "unit {unit} has its planned zones"
        );
    }
    assert!(apply(in_days(3)).await.unwrap().is_empty(), "applied once");
    let plans = get(&manager, &server, "/api/v1/planner/plans").await;
    assert_eq!(plans[0]["status"], "applied");

    stop(server, database).await;
}

/// A person's need of an accessible desk: set by their organisation's administrator, in the
/// export of their data, and counted (never named) by the planner.
async fn the_need_of_an_accessible_desk_is_kept_and_exported(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let admin = server.demo_client("org_admin").await;
    let people = get(&admin, &server, "/api/v1/people?limit=5").await;
    let id = people["people"][0]["id"].as_i64().unwrap();
    let response = admin
        .patch(server.at(&format!("/api/v1/people/{id}")))
        .json(&json!({"needs_accessible_desk": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let person: Value = response.json().await.unwrap();
    assert_eq!(person["needs_accessible_desk"], true);
    let export = get(&admin, &server, &format!("/api/v1/people/{id}/export")).await;
    assert_eq!(export["person"]["needs_accessible_desk"], true);
    let response = admin
        .patch(server.at(&format!("/api/v1/people/{id}")))
        .json(&json!({"needs_accessible_desk": "yes"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    stop(server, database).await;
}

mod sqlite {
    use super::*;

    #[tokio::test]
    async fn a_plan_applies_with_every_organisations_consent() {
        super::a_plan_applies_with_every_organisations_consent(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn a_later_plan_waits_for_its_day() {
        super::a_later_plan_waits_for_its_day(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn the_need_of_an_accessible_desk_is_kept_and_exported() {
        super::the_need_of_an_accessible_desk_is_kept_and_exported(Backend::Sqlite).await;
    }
}

mod postgres {
    use super::*;

    #[tokio::test]
    async fn a_plan_applies_with_every_organisations_consent() {
        super::a_plan_applies_with_every_organisations_consent(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn a_later_plan_waits_for_its_day() {
        super::a_later_plan_waits_for_its_day(Backend::Postgres).await;
    }
}
