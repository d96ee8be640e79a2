//! Open data and the rooms' calendar feeds through the real server binary, on SQLite and
//! PostgreSQL: a fresh install publishes nothing; once facility management publishes, the
//! public figures (JSON and CSV, no sign-in) equal the internal report's for the same days,
//! no unit and no group below the minimum group size appears, the DCAT-AP.de catalogue parses
//! and names the licence; a protected room's feed shows only "belegt", never a subject, notes
//! or a name; a wrong token is a 404 problem.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::Backend;
use tests::pages::{DEMO_BUILDING, SECOND_DEMO_BUILDING};
use tests::server::{Options, Server, in_days, start, start_with, stop};

const DATASETS: [&str; 3] = [
    "utilisation-by-floor-weekday",
    "desk-sharing",
    "use-by-week",
];

async fn get(client: &reqwest::Client, server: &Server, path: &str) -> reqwest::Response {
    client.get(server.at(path)).send().await.unwrap()
}

async fn json_of(client: &reqwest::Client, server: &Server, path: &str) -> Value {
    let response = get(client, server, path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.json().await.unwrap()
}

fn range() -> String {
    format!("from={}&to={}", in_days(-28), in_days(-1))
}

fn close(a: &Value, b: Option<f64>, what: &str) {
    match (a.as_f64(), b) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-4, "{what}: {a} against {b}"),
        (None, None) => {}
        (a, b) => panic!("{what}: {a:?} against {b:?}"),
    }
}

fn share(part: &Value, whole: &Value) -> Option<f64> {
    let whole = whole.as_f64()?;
    (whole > 0.0).then(|| part.as_f64().unwrap_or(0.0) / whole)
}

async fn publish(server: &Server, client: &reqwest::Client, datasets: &[&str]) {
    let response = client
        .put(server.at("/api/v1/open-data/settings"))
        .json(&json!({
            "published": datasets,
            "licence": "dl-de/by-2-0",
            "publisher": "Stadt Wuppertal",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

/// A fresh install (no demo) publishes nothing: an empty index, every table a 404 problem, a
/// catalogue without datasets.
async fn a_fresh_install_publishes_nothing(backend: Backend) {
    let options = Options {
        default_demo: true,
        ..Options::default()
    };
    let Some((server, database)) = start_with(backend, options).await else {
        return;
    };
    let anonymous = reqwest::Client::new();
    let index = json_of(&anonymous, &server, "/api/v1/open-data").await;
    assert_eq!(index["datasets"], json!([]));
    assert_eq!(index["licence"]["id"], "dl-de/by-2-0");
    for dataset in DATASETS {
        for format in ["json", "csv"] {
            let response = get(
                &anonymous,
                &server,
                &format!("/api/v1/open-data/{dataset}.{format}"),
            )
            .await;
            assert_eq!(
                response.status(),
                StatusCode::NOT_FOUND,
                "{dataset}.{format}"
            );
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json"
            );
        }
    }
    let catalog = json_of(&anonymous, &server, "/api/v1/open-data/catalog.jsonld").await;
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert_eq!(catalog["dcat:dataset"], json!([]));
    let page = get(&anonymous, &server, "/open-data").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("open-data-nothing"));
    stop(server, database).await;
}

/// The public figures are the internal report's, only those it shows, and nothing about a
/// unit or a group below the minimum.
async fn public_figures_equal_the_internal_report(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let manager = server.demo_client("facility_manager").await;
    let anonymous = reqwest::Client::new();

    // Only facility management publishes; before it does, nothing is.
    for role in ["employee", "org_admin"] {
        let client = server.demo_client(role).await;
        let response = client
            .put(server.at("/api/v1/open-data/settings"))
            .json(&json!({"published": DATASETS, "licence": "dl-de/by-2-0", "publisher": ""}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role}");
    }
    // The demo publishes everything; facility management takes it back, then publishes.
    let demo = json_of(&manager, &server, "/api/v1/open-data/settings").await;
    assert_eq!(demo["published"], json!(DATASETS));
    publish(&server, &manager, &[]).await;
    assert_eq!(
        get(&anonymous, &server, "/api/v1/open-data/desk-sharing.json")
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "nothing is published"
    );
    publish(&server, &manager, &DATASETS).await;
    let settings = json_of(&manager, &server, "/api/v1/open-data/settings").await;
    assert_eq!(settings["published"], json!(DATASETS));
    let index = json_of(&anonymous, &server, "/api/v1/open-data").await;
    assert_eq!(index["datasets"].as_array().unwrap().len(), 3);
    assert_eq!(index["licence"]["attribution"], "Stadt Wuppertal");
    let fields = &index["datasets"][0]["fields"];
    assert!(fields.as_array().unwrap().iter().all(|f| {
        !f["meaning"].as_str().unwrap().is_empty() && !f["unit"].as_str().unwrap().is_empty()
    }));

    let internal = json_of(&manager, &server, &format!("/api/v1/reports?{}", range())).await;
    let min_group = internal["min_group"].as_u64().unwrap();

    // Utilisation by floor and weekday: each record is its floor's report's weekday total,
    // and every shown total is published.
    let table = json_of(
        &anonymous,
        &server,
        &format!(
            "/api/v1/open-data/utilisation-by-floor-weekday.json?{}",
            range()
        ),
    )
    .await;
    assert_eq!(table["licence"]["id"], "dl-de/by-2-0");
    assert_eq!(table["min_group"], min_group);
    let records = table["records"].as_array().unwrap();
    assert!(!records.is_empty(), "the demo's busy floors are published");
    let mut compared = 0;
    for building in [DEMO_BUILDING, SECOND_DEMO_BUILDING] {
        let levels: BTreeSet<i64> = records
            .iter()
            .filter(|r| r["building"] == building)
            .map(|r| r["floor"].as_i64().unwrap())
            .collect();
        for level in levels {
            let report = json_of(
                &manager,
                &server,
                &format!(
                    "/api/v1/reports?{}&building={building}&floor={level}",
                    range()
                ),
            )
            .await;
            let totals = report["by_weekday"]["totals"].as_array().unwrap();
            let shown = totals.iter().filter(|c| c["status"] == "shown").count();
            let published: Vec<&Value> = records
                .iter()
                .filter(|r| r["building"] == building && r["floor"] == level)
                .collect();
            assert_eq!(published.len(), shown, "{building} floor {level}");
            for record in published {
                let weekday = record["weekday"].as_u64().unwrap();
                let cell = &totals[usize::try_from(weekday - 1).unwrap()];
                assert_eq!(cell["status"], "shown");
                let f = &cell["figures"];
                assert_eq!(record["zone_hours"], f["zone_hours"]);
                assert_eq!(record["desk_hours"], f["capacity"]);
                assert_eq!(record["booked_desk_hours"], f["booked"]);
                assert_eq!(record["occupied_desk_hours"], f["occupied"]);
                assert_eq!(record["no_shows"], f["no_shows"]);
                close(
                    &record["utilisation"],
                    share(&f["occupied"], &f["capacity"]),
                    "utilisation",
                );
                compared += 1;
            }
        }
    }
    assert_eq!(
        compared,
        records.len(),
        "every record is of a demo building"
    );

    // Desks per person: the building's and each organisation's key figures with enough
    // people; never a unit, never a smaller group.
    let sharing = json_of(
        &anonymous,
        &server,
        &format!("/api/v1/open-data/desk-sharing.json?{}", range()),
    )
    .await;
    let rows = sharing["records"].as_array().unwrap();
    let kpis = internal["kpis"].as_array().unwrap();
    let building = &rows[0];
    assert_eq!(building["scope"], "building");
    assert_eq!(building["people"], kpis[0]["people"]);
    assert_eq!(building["desks"], kpis[0]["desks"]);
    close(
        &building["utilisation"],
        share(
            &kpis[0]["desk_use"]["figures"]["occupied"],
            &kpis[0]["desk_use"]["figures"]["capacity"],
        ),
        "building utilisation",
    );
    close(
        &building["peak_utilisation"],
        kpis[0]["peak"].as_f64(),
        "peak",
    );
    let people = building["people"].as_i64().unwrap();
    let desks = building["desks"].as_i64().unwrap();
    assert_eq!(building["desks_saved"], json!((people - desks).max(0)));
    for kpi in kpis.iter().filter(|k| k["scope"] == "organisation") {
        let row = rows.iter().find(|r| r["name"] == kpi["name"]);
        if kpi["people"].as_u64().unwrap() >= min_group {
            let row = row.unwrap_or_else(|| panic!("{} is published", kpi["name"]));
            assert_eq!(row["people"], kpi["people"]);
            assert_eq!(row["desks"], kpi["desks"]);
        } else {
            assert!(row.is_none(), "{} is below the minimum", kpi["name"]);
        }
    }
    assert!(rows.iter().all(|r| r["scope"] != "unit"));
    assert!(
        rows.iter()
            .all(|r| r["people"].as_u64().unwrap() >= min_group)
    );

    // Use week by week: each week's report's building figures.
    let weeks = json_of(
        &anonymous,
        &server,
        &format!("/api/v1/open-data/use-by-week.json?{}", range()),
    )
    .await;
    let weeks = weeks["records"].as_array().unwrap();
    assert!(weeks.len() >= 3, "four weeks of demo data: {weeks:?}");
    for week in weeks {
        let report = json_of(
            &manager,
            &server,
            &format!(
                "/api/v1/reports?from={}&to={}",
                week["from"].as_str().unwrap(),
                week["to"].as_str().unwrap()
            ),
        )
        .await;
        let f = &report["kpis"][0]["desk_use"]["figures"];
        assert_eq!(week["desk_hours"], f["capacity"], "{}", week["week"]);
        assert_eq!(week["occupied_desk_hours"], f["occupied"]);
        assert_eq!(week["booked_desk_hours"], f["booked"]);
        close(
            &week["peak_utilisation"],
            report["kpis"][0]["peak"].as_f64(),
            "peak",
        );
    }

    // No unit's name, and no small organisation's, in anything public.
    let mut public = Vec::new();
    for dataset in DATASETS {
        for format in ["json", "csv"] {
            let response = get(
                &anonymous,
                &server,
                &format!("/api/v1/open-data/{dataset}.{format}?{}", range()),
            )
            .await;
            assert_eq!(response.status(), StatusCode::OK);
            if format == "csv" {
                assert_eq!(
                    response.headers()["content-type"],
                    "text/csv; charset=utf-8"
                );
            }
            public.push(response.text().await.unwrap());
        }
    }
    let csv = &public[3];
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("scope,name,people,desks,desks_per_person"),
        "{header}"
    );
    assert_eq!(csv.lines().count(), rows.len() + 1);
    for kpi in kpis
        .iter()
        .filter(|k| k["scope"] == "unit" || k["people"].as_u64().unwrap() < min_group)
    {
        let name = kpi["name"].as_str().unwrap();
        for body in &public {
            assert!(
                !body.contains(&format!("\"{name}\"")) && !body.contains(&format!(",{name},")),
                "{name} ({}) appears in public data",
                kpi["scope"]
            );
        }
    }

    // The catalogue: JSON-LD naming the licence, the publisher and both distributions.
    let catalog = json_of(&anonymous, &server, "/api/v1/open-data/catalog.jsonld").await;
    let datasets = catalog["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 3);
    for dataset in datasets {
        assert_eq!(
            dataset["dct:license"]["@id"],
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        );
        assert_eq!(dataset["dct:publisher"]["foaf:name"], "Stadt Wuppertal");
        assert!(dataset["dct:temporal"]["dcat:startDate"]["@value"].is_string());
        for distribution in dataset["dcat:distribution"].as_array().unwrap() {
            let url = distribution["dcat:downloadURL"]["@id"].as_str().unwrap();
            let path = &url[url.find("/api/").unwrap()..];
            assert_eq!(
                get(&anonymous, &server, path).await.status(),
                StatusCode::OK
            );
        }
    }

    // Unpublished again: gone.
    publish(&server, &manager, &["use-by-week"]).await;
    assert_eq!(
        get(&anonymous, &server, "/api/v1/open-data/desk-sharing.csv")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    stop(server, database).await;
}

/// The subject and notes of the protected reservation: unique, so any appearance is a leak.
const SUBJECT: &str = "Schuldnerberatung Reiher QX8FEED";
const NOTES: &str = "Vermerk Akte ZK94FEED vertraulich";
const MEETING: &str = "Jour fixe Haushalt MX5FEED";

/// The first free room of `privacy` that `client` may reserve on `day`, 10 to 11.
async fn free_room(server: &Server, client: &reqwest::Client, privacy: &str, day: &str) -> Value {
    let rooms = json_of(
        client,
        server,
        &format!("/api/v1/rooms?privacy={privacy}&day={day}&from=10:00&to=11:00"),
    )
    .await;
    rooms
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["free"] == true && r["may_reserve"] == true)
        .unwrap_or_else(|| panic!("no {privacy} room to reserve: {rooms}"))["room"]
        .clone()
}

async fn reserve(
    server: &Server,
    client: &reqwest::Client,
    room: &Value,
    day: &str,
    subject: &str,
) {
    let response = client
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({
            "room_id": room["id"], "day": day, "from": "10:00", "to": "11:00",
            "subject": subject, "notes": NOTES, "attendees": 2,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED, "{subject}");
}

/// The path of a feed address.
fn path_of(url: &str) -> &str {
    &url[url.find("/api/").unwrap()..]
}

async fn a_protected_rooms_feed_shows_only_that_it_is_busy(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let people = server.demo_people().await;
    let counsellor = people
        .iter()
        .find(|p| tests::api::main_role(p) == "counsellor")
        .unwrap();
    let employee = people
        .iter()
        .find(|p| tests::api::main_role(p) == "employee")
        .unwrap();
    let counsellor_client =
        server.client_with(&server.session_of(counsellor["id"].as_i64().unwrap()).await);
    let employee_client =
        server.client_with(&server.session_of(employee["id"].as_i64().unwrap()).await);
    let day = in_days(2).to_string();
    let protected = free_room(&server, &counsellor_client, "protected", &day).await;
    let meeting = free_room(&server, &employee_client, "standard", &day).await;
    reserve(&server, &counsellor_client, &protected, &day, SUBJECT).await;
    reserve(&server, &employee_client, &meeting, &day, MEETING).await;

    // Only facility management issues feeds.
    let refused = employee_client
        .post(server.at(&format!("/api/v1/rooms/{}/calendar", protected["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let manager = server.demo_client("facility_manager").await;
    let mut urls = Vec::new();
    for room in [&protected, &meeting] {
        let response = manager
            .post(server.at(&format!("/api/v1/rooms/{}/calendar", room["id"])))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        urls.push(body["url"].as_str().unwrap().to_string());
    }
    let anonymous = reqwest::Client::new();
    let feed = get(&anonymous, &server, path_of(&urls[0])).await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let feed = feed.text().await.unwrap();
    assert!(feed.contains("BEGIN:VEVENT"), "{feed}");
    assert!(feed.contains("SUMMARY:belegt"), "{feed}");
    for secret in [
        SUBJECT,
        NOTES,
        counsellor["name"].as_str().unwrap(),
        "ATTENDEE",
        "ORGANIZER",
    ] {
        assert!(!feed.contains(secret), "the protected feed shows {secret}");
    }
    let meeting_feed = get(&anonymous, &server, path_of(&urls[1]))
        .await
        .text()
        .await
        .unwrap();
    assert!(meeting_feed.contains(MEETING), "{meeting_feed}");
    for secret in [NOTES, employee["name"].as_str().unwrap(), "ORGANIZER"] {
        assert!(
            !meeting_feed.contains(secret),
            "the meeting feed shows {secret}"
        );
    }

    // A wrong token, another room's token, or none: refused as problems.
    let protected_path = path_of(&urls[0]).to_string();
    let (base, token) = protected_path.split_once("?token=").unwrap();
    let meeting_token = urls[1].split("token=").nth(1).unwrap();
    for (path, status) in [
        (format!("{base}?token=pwr_wrong"), StatusCode::NOT_FOUND),
        (
            format!("{base}?token={meeting_token}"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/v1/rooms/999999/calendar.ics?token={token}"),
            StatusCode::NOT_FOUND,
        ),
        (base.to_string(), StatusCode::BAD_REQUEST),
    ] {
        let response = get(&anonymous, &server, &path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
    }

    // A new address ends the old; revoking ends it too.
    let renewed: Value = manager
        .post(server.at(&format!("/api/v1/rooms/{}/calendar", protected["id"])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        get(&anonymous, &server, &protected_path).await.status(),
        StatusCode::NOT_FOUND
    );
    let renewed = path_of(renewed["url"].as_str().unwrap()).to_string();
    assert_eq!(
        get(&anonymous, &server, &renewed).await.status(),
        StatusCode::OK
    );
    let feeds = json_of(&manager, &server, "/api/v1/room-feeds").await;
    assert!(
        feeds
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["room_id"] == protected["id"] && r["has_feed"] == true)
    );
    let revoked = manager
        .delete(server.at(&format!("/api/v1/rooms/{}/calendar", protected["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get(&anonymous, &server, &renewed).await.status(),
        StatusCode::NOT_FOUND
    );
    stop(server, database).await;
}

mod sqlite {
    use super::*;

    #[tokio::test]
    async fn a_fresh_install_publishes_nothing() {
        super::a_fresh_install_publishes_nothing(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn public_figures_equal_the_internal_report() {
        super::public_figures_equal_the_internal_report(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn a_protected_rooms_feed_shows_only_that_it_is_busy() {
        super::a_protected_rooms_feed_shows_only_that_it_is_busy(Backend::Sqlite).await;
    }
}

mod postgres {
    use super::*;

    #[tokio::test]
    async fn a_fresh_install_publishes_nothing() {
        super::a_fresh_install_publishes_nothing(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn public_figures_equal_the_internal_report() {
        super::public_figures_equal_the_internal_report(Backend::Postgres).await;
    }

    #[tokio::test]
    async fn a_protected_rooms_feed_shows_only_that_it_is_busy() {
        super::a_protected_rooms_feed_shows_only_that_it_is_busy(Backend::Postgres).await;
    }
}
