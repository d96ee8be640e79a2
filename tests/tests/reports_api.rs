//! Facility reports through the real server binary (demo building with four weeks of made-up
//! aggregates), on SQLite and PostgreSQL: a facility manager gets the report as JSON and every
//! table as CSV, the building now with the sensors to look after; bad or person-shaped queries
//! are 400; other roles are refused; organisation administrators read their own organisation's
//! audit log; everybody can read the record of processing; facility managers see the
//! home-zone planner's proposal beside today's home zones. And the privacy promise: after
//! employees book desks, nothing any route gives a facility manager names them, and no route
//! shows a past day desk by desk.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::Backend;
use tests::server::{Options, Server, in_days, problem_type, start, start_with, stop, today};

fn has_role(person: &Value, role: &str) -> bool {
    person["roles"]
        .as_array()
        .is_some_and(|roles| roles.iter().any(|r| r == role))
}

async fn get(client: &reqwest::Client, server: &Server, path: &str) -> reqwest::Response {
    client.get(server.at(path)).send().await.unwrap()
}

fn range() -> String {
    format!("from={}&to={}", in_days(-28), in_days(-1))
}

async fn facility_managers_get_reports_as_json_and_csv(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let manager = server.demo_client("facility_manager").await;
    let response = get(&manager, &server, &format!("/api/v1/reports?{}", range())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["min_group"], 5);
    assert_eq!(report["kpis"][0]["scope"], "building");
    let rows = report["by_hour"]["rows"].as_array().unwrap();
    assert!(rows.len() > 5, "every zone with desks: {}", rows.len());
    let statuses: Vec<&str> = rows
        .iter()
        .flat_map(|r| r["cells"].as_array().unwrap())
        .filter_map(|c| c["status"].as_str())
        .collect();
    assert!(statuses.contains(&"shown"), "the busy zones show");
    assert!(statuses.contains(&"suppressed"), "the quiet zone does not");
    assert!(
        report["floors"][0]["zones"]
            .as_array()
            .is_some_and(|z| !z.is_empty())
    );

    // Every table as CSV, with a header and the suppressed cells marked.
    for table in ["by-hour", "by-weekday", "kpis", "quiet-zones", "rooms"] {
        let response = get(
            &manager,
            &server,
            &format!("/api/v1/reports/{table}.csv?{}", range()),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{table}");
        assert_eq!(
            response.headers()["content-type"],
            "text/csv; charset=utf-8"
        );
        let body = response.text().await.unwrap();
        assert!(body.lines().count() > 1, "{table}: {body}");
        if table == "by-hour" {
            let header = body.lines().next().unwrap();
            assert!(
                header.starts_with("floor,zone,desks,hour,status,zone_hours"),
                "{header}"
            );
            assert!(body.contains(",suppressed,"), "suppressed cells are marked");
        }
    }
    assert_eq!(
        get(
            &manager,
            &server,
            &format!("/api/v1/reports/people.csv?{}", range())
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    // The building now: every floor, and the demo's sensors, none heard from yet.
    let now: Value = get(&manager, &server, "/api/v1/building/now")
        .await
        .json()
        .await
        .unwrap();
    assert!(now["floors"].as_array().unwrap().len() >= 4);
    assert!(now["sensors"].as_array().unwrap().iter().all(|s| {
        s["issues"]
            .as_array()
            .unwrap()
            .contains(&json!("never_seen"))
    }));
    for table in ["floors.csv", "sensors.csv"] {
        let response = get(&manager, &server, &format!("/api/v1/building/now/{table}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{table}");
    }

    // Bad queries, and queries for a person, are refused with a problem document.
    for query in [
        format!("{}&person=5", range()),
        format!("{}&person_id=5", range()),
        format!("{}&desk=12", range()),
        format!("{}&unit=99999", range()),
        format!("from={}&to={}", in_days(-1), in_days(-3)),
        "from=2026-13-01&to=2026-12-01".to_owned(),
        format!("from={}&to={}", in_days(-800), in_days(-1)),
    ] {
        let response = get(&manager, &server, &format!("/api/v1/reports?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(
            problem_type(response).await.ends_with("invalid-input"),
            "{query}"
        );
    }

    // Other roles are refused; strangers are not signed in.
    let employee = server.demo_client("employee").await;
    for path in [
        format!("/api/v1/reports?{}", range()),
        format!("/api/v1/reports/kpis.csv?{}", range()),
        "/api/v1/building/now".to_owned(),
        "/api/v1/audit".to_owned(),
    ] {
        assert_eq!(
            get(&employee, &server, &path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        assert_eq!(
            reqwest::get(server.at(&path)).await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    assert_eq!(
        get(&manager, &server, "/api/v1/audit").await.status(),
        StatusCode::FORBIDDEN,
        "facility managers do not read the audit log"
    );

    // The record of processing, for everybody, from the configuration in force.
    let record: Value = reqwest::Client::new()
        .get(server.at("/api/v1/privacy/record"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kept = |data: &str| {
        record
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["data"] == data)
            .map(|e| e["kept"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(kept("desk_bookings"), "90 days, then anonymised");
    assert_eq!(kept("sensor_events"), "24 hours, then deleted");
    assert_eq!(kept("audit_log"), "365 days, then deleted");
    stop(server, database).await;
}

async fn facility_managers_see_the_home_zone_plan(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let manager = server.demo_client("facility_manager").await;
    let path = format!("/api/v1/planner/proposal?{}", range());
    let response = get(&manager, &server, &path).await;
    assert_eq!(response.status(), StatusCode::OK);
    let plan: Value = response.json().await.unwrap();
    assert_eq!(plan["percentile"], 80);
    assert!(plan["working_days"].as_u64().unwrap() >= 15);
    let units = plan["units"].as_array().unwrap();
    assert!(units.len() >= 3, "every unit of the demo: {}", units.len());
    // A zone in two units' proposals is one they share today already (an entrance or
    // consultation zone, which never moves); work zones go to one unit at most.
    let zones = |u: &Value, key: &str| -> Vec<i64> {
        u[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|z| z["id"].as_i64().unwrap())
            .collect()
    };
    for (i, a) in units.iter().enumerate() {
        for b in &units[i + 1..] {
            for z in zones(a, "proposed") {
                if zones(b, "proposed").contains(&z) {
                    assert!(
                        zones(a, "today").contains(&z) && zones(b, "today").contains(&z),
                        "zone {z} given to two units"
                    );
                }
            }
        }
    }
    assert!(plan["cost_proposed"].as_i64().unwrap() <= plan["cost_today"].as_i64().unwrap());
    // On the demo building the proposal overflows on fewer days than today's home zones.
    assert!(
        plan["overflow_days_proposed"].as_u64().unwrap()
            < plan["overflow_days_today"].as_u64().unwrap(),
        "{} → {}",
        plan["overflow_days_today"],
        plan["overflow_days_proposed"]
    );
    // The same days give the same proposal.
    let again: Value = get(&manager, &server, &path).await.json().await.unwrap();
    assert_eq!(again, plan);
    // A higher percentile asks for at least as many desks per unit.
    let strict: Value = get(&manager, &server, &format!("{path}&percentile=100"))
        .await
        .json()
        .await
        .unwrap();
    for (loose, strict) in units.iter().zip(strict["units"].as_array().unwrap()) {
        if let (Some(l), Some(s)) = (loose["demand"].as_u64(), strict["demand"].as_u64()) {
            assert!(s >= l, "{loose} / {strict}");
        }
    }

    // The weights are the facility manager's: moving units dearer moves no more of them.
    assert_eq!(plan["weights"]["moved"], 60);
    let moved = |weight: u32| {
        let path = format!("{path}&w_moved={weight}");
        let manager = &manager;
        let server = &server;
        async move {
            let plan: Value = get(manager, server, &path).await.json().await.unwrap();
            assert_eq!(plan["weights"]["moved"], weight);
            plan["units_moved"].as_u64().unwrap()
        }
    };
    assert!(moved(1000).await <= moved(0).await);

    for query in [
        format!("{}&w_moved=1001", range()),
        format!("{}&w_apart=-1", range()),
        format!("{}&percentile=0", range()),
        format!("{}&percentile=101", range()),
        format!("{}&percentile=900", range()),
        format!("{}&unit=1", range()),
        format!("from={}&to={}", in_days(-1), in_days(-3)),
        format!("from={}&to={}", in_days(-800), in_days(-1)),
    ] {
        let response = get(
            &manager,
            &server,
            &format!("/api/v1/planner/proposal?{query}"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(
            problem_type(response).await.ends_with("invalid-input"),
            "{query}"
        );
    }
    // Units that work together: a facility manager keeps two units of different
    // organisations close; an organisation administrator may set pairs of their own
    // organisation's units only; bad pairs and weights are refused.
    let unit_of_org = |pick: &dyn Fn(&str) -> bool| {
        units
            .iter()
            .filter(|u| pick(u["organisation"].as_str().unwrap()))
            .map(|u| u["unit_id"].as_i64().unwrap())
            .collect::<Vec<i64>>()
    };
    let first_org = units[0]["organisation"].as_str().unwrap().to_owned();
    let same = unit_of_org(&|o| o == first_org);
    let other = unit_of_org(&|o| o != first_org);
    let put = |client: &reqwest::Client, body: Value| {
        client
            .put(server.at("/api/v1/planner/affinities"))
            .json(&body)
            .send()
    };
    let response = put(
        &manager,
        json!({"unit_a": other[0], "unit_b": same[0], "weight": 10}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let pairs: Value = get(&manager, &server, "/api/v1/planner/affinities")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pairs.as_array().unwrap().len(), 1);
    assert_eq!(pairs[0]["unit_a"], same[0].min(other[0]));
    assert_eq!(pairs[0]["weight"], 10);
    let with_pair = get(&manager, &server, &path).await;
    assert_eq!(with_pair.status(), StatusCode::OK);
    for (body, status) in [
        (
            json!({"unit_a": same[0], "unit_b": same[0], "weight": 3}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"unit_a": same[0], "unit_b": other[0], "weight": 11}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"unit_a": same[0], "unit_b": 99999, "weight": 3}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"unit_a": same[0], "unit_b": other[0]}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        assert_eq!(
            put(&manager, body.clone()).await.unwrap().status(),
            status,
            "{body}"
        );
    }
    let admin = server.demo_client("org_admin").await;
    let me: Value = get(&admin, &server, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    let mine = unit_of_org(&|o| o == me["organisation"].as_str().unwrap());
    let theirs = unit_of_org(&|o| o != me["organisation"].as_str().unwrap());
    assert_eq!(
        put(
            &admin,
            json!({"unit_a": mine[0], "unit_b": theirs[0], "weight": 2})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::FORBIDDEN,
        "another organisation's unit"
    );
    if mine.len() >= 2 {
        assert_eq!(
            put(
                &admin,
                json!({"unit_a": mine[0], "unit_b": mine[1], "weight": 2})
            )
            .await
            .unwrap()
            .status(),
            StatusCode::NO_CONTENT
        );
    }
    // Every change is in the audit log, under the administrator who made it.
    let building = server.demo_client("building_admin").await;
    assert_eq!(
        put(
            &building,
            json!({"unit_a": same[0], "unit_b": other[0], "weight": 4})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::NO_CONTENT
    );
    let audit: Value = get(&building, &server, "/api/v1/audit")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        audit.to_string().contains("planner.affinity_set"),
        "{audit}"
    );
    // Removing the facility manager's pair.
    let response = put(
        &manager,
        json!({"unit_a": same[0], "unit_b": other[0], "weight": 0}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let pairs: Value = get(&manager, &server, "/api/v1/planner/affinities")
        .await
        .json()
        .await
        .unwrap();
    assert!(pairs.as_array().unwrap().iter().all(|p| p["weight"] != 10));

    let employee = server.demo_client("employee").await;
    assert_eq!(
        get(&employee, &server, &path).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&employee, &server, "/api/v1/planner/affinities")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put(
            &employee,
            json!({"unit_a": same[0], "unit_b": other[0], "weight": 2})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        reqwest::get(server.at(&path)).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    stop(server, database).await;
}

async fn administrators_read_the_audit_log_of_their_own_organisation(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let people = server.demo_people().await;
    let booker = people
        .iter()
        .find(|p| p["roles"] == json!(["employee"]))
        .unwrap();
    let own_admin = people
        .iter()
        .find(|p| has_role(p, "org_admin") && p["organisation"] == booker["organisation"])
        .unwrap();
    let other_admin = people
        .iter()
        .find(|p| has_role(p, "org_admin") && p["organisation"] != booker["organisation"])
        .unwrap();
    let client = server.client_with(&server.session_of(booker["id"].as_i64().unwrap()).await);
    let response = client
        .post(server.at("/api/v1/bookings/find"))
        .json(&json!({ "day": in_days(1), "slot": "full_day" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let booking: Value = response.json().await.unwrap();
    let booking_id = booking["booking_id"]
        .as_i64()
        .or_else(|| booking["booking"]["id"].as_i64())
        .map(|id| id.to_string());

    let log = |admin: &Value| {
        let server = &server;
        let id = admin["id"].as_i64().unwrap();
        async move {
            let client = server.client_with(&server.session_of(id).await);
            let response = get(&client, server, "/api/v1/audit?limit=200").await;
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Value>().await.unwrap()
        }
    };
    let own = log(own_admin).await;
    let created: Vec<&Value> = own["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "desk_booking.create")
        .collect();
    assert_eq!(created.len(), 1, "{own}");
    assert_eq!(created[0]["actor"], booker["name"]);
    if let Some(id) = booking_id {
        assert_eq!(created[0]["entity_id"], json!(id));
    }
    let other = log(other_admin).await;
    assert!(
        other["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "desk_booking.create"),
        "another organisation's administrator does not see it: {other}"
    );
    let admin = server.client_with(&server.session_of(own_admin["id"].as_i64().unwrap()).await);
    assert_eq!(
        get(&admin, &server, "/api/v1/audit?limit=lots")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    stop(server, database).await;
}

async fn no_route_gives_a_facility_manager_per_person_data(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let people = server.demo_people().await;
    // Five employees book a desk today and tomorrow.
    let bookers: Vec<&Value> = people
        .iter()
        .filter(|p| p["roles"] == json!(["employee"]))
        .take(5)
        .collect();
    for person in &bookers {
        let client = server.client_with(&server.session_of(person["id"].as_i64().unwrap()).await);
        for day in [today(), in_days(1)] {
            let response = client
                .post(server.at("/api/v1/bookings/find"))
                .json(&json!({ "day": day, "slot": "afternoon" }))
                .send()
                .await
                .unwrap();
            assert!(
                response.status() == StatusCode::CREATED
                    || response.status() == StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                response.text().await.unwrap()
            );
        }
    }
    let manager = server.demo_client("facility_manager").await;
    let names: Vec<String> = bookers
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    let mut paths = vec![
        format!("/api/v1/reports?{}", range()),
        format!("/api/v1/reports?from={}&to={}", today(), in_days(1)),
        format!(
            "/api/v1/planner/proposal?from={}&to={}",
            in_days(-28),
            in_days(1)
        ),
        "/api/v1/building/now".to_owned(),
        "/api/v1/building/now/floors.csv".to_owned(),
        "/api/v1/building/now/sensors.csv".to_owned(),
        "/api/v1/rooms/timeline".to_owned(),
        "/api/v1/bookings/mine".to_owned(),
        "/api/v1/colleagues/today".to_owned(),
        "/api/v1/me/notices".to_owned(),
        "/api/v1/blocks".to_owned(),
        "/api/v1/sensors".to_owned(),
        "/api/v1/badge-readers".to_owned(),
        "/api/v1/desk-requests/mine".to_owned(),
        "/api/v1/team/members".to_owned(),
        "/api/v1/audit".to_owned(),
    ];
    for table in ["by-hour", "by-weekday", "kpis", "quiet-zones", "rooms"] {
        paths.push(format!("/api/v1/reports/{table}.csv?{}", range()));
    }
    // Each unit's report, however small the unit.
    let units: Vec<i64> = {
        let report: Value = get(&manager, &server, &format!("/api/v1/reports?{}", range()))
            .await
            .json()
            .await
            .unwrap();
        report["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| k["scope"] == "unit")
            .filter_map(|k| k["id"].as_i64())
            .collect()
    };
    assert!(!units.is_empty());
    for unit in units {
        paths.push(format!(
            "/api/v1/reports?from={}&to={}&unit={unit}",
            today(),
            in_days(1)
        ));
    }
    for level in -1..=6 {
        for day in [today(), in_days(1)] {
            paths.push(format!(
                "/api/v1/availability?floor={level}&day={day}&slot=afternoon"
            ));
        }
    }
    let mut read = 0;
    for path in &paths {
        let response = get(&manager, &server, path).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert!(
            status.is_success() || status.is_client_error(),
            "{path}: {status}"
        );
        if status.is_success() {
            read += 1;
        }
        for name in &names {
            assert!(!body.contains(name.as_str()), "{path} names {name}: {body}");
        }
        assert!(!body.contains("person_id"), "{path} carries a person id");
    }
    assert!(read >= 20, "most routes answered: {read}");
    // Nor does the server's log, with the report jobs run at start.
    assert!(
        server.wait_for_log("hourly occupancy recorded").await,
        "the report job ran"
    );
    let log = server.log.lock().unwrap().join("\n");
    for name in &names {
        assert!(!log.contains(name.as_str()), "the log names {name}");
    }

    // A past day's floor would be each desk's history: refused.
    let past = get(
        &manager,
        &server,
        &format!(
            "/api/v1/availability?floor=2&day={}&slot=afternoon",
            in_days(-1)
        ),
    )
    .await;
    assert!(past.status().is_client_error());
    assert!(problem_type(past).await.ends_with("in-the-past"));
    stop(server, database).await;
}

/// The record of processing and the reports follow the configuration the server runs with.
async fn the_record_and_the_reports_follow_the_configuration(backend: Backend) {
    let options = Options {
        env: vec![
            (
                "PLATZWAHL_PRIVACY__ANONYMISE_AFTER_DAYS".into(),
                "30".into(),
            ),
            ("PLATZWAHL_REPORTS__MIN_GROUP_SIZE".into(), "3".into()),
        ],
        ..Options::default()
    };
    let Some((server, database)) = start_with(backend, options).await else {
        return;
    };
    let record: Value = reqwest::Client::new()
        .get(server.at("/api/v1/privacy/record"))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bookings = record
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["data"] == "desk_bookings")
        .unwrap();
    assert_eq!(bookings["kept"], "30 Tage, dann anonymisiert");
    let manager = server.demo_client("facility_manager").await;
    let report: Value = get(&manager, &server, &format!("/api/v1/reports?{}", range()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["min_group"], 3);
    stop(server, database).await;
}

mod sqlite {
    use super::*;

    #[tokio::test]
    async fn facility_managers_get_reports_as_json_and_csv() {
        super::facility_managers_get_reports_as_json_and_csv(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn facility_managers_see_the_home_zone_plan() {
        super::facility_managers_see_the_home_zone_plan(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn administrators_read_the_audit_log_of_their_own_organisation() {
        super::administrators_read_the_audit_log_of_their_own_organisation(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn no_route_gives_a_facility_manager_per_person_data() {
        super::no_route_gives_a_facility_manager_per_person_data(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn the_record_and_the_reports_follow_the_configuration() {
        super::the_record_and_the_reports_follow_the_configuration(Backend::Sqlite).await;
    }
}

mod postgres {
    use super::*;

    #[tokio::test]
    async fn facility_managers_see_the_home_zone_plan() {
        super::facility_managers_see_the_home_zone_plan(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn facility_managers_get_reports_as_json_and_csv() {
        super::facility_managers_get_reports_as_json_and_csv(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn no_route_gives_a_facility_manager_per_person_data() {
        super::no_route_gives_a_facility_manager_per_person_data(Backend::Postgres).await;
    }
}
