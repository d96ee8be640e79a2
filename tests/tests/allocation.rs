//! The allocator through the real server binary, on SQLite and PostgreSQL: "find me a desk"
//! books the best desk in the person's home zones with what they need and says why (in their
//! language); team booking by a unit lead seats the team together; both are refused to the
//! wrong people and with bad input, and twenty people finding desks at once each get their own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::db::Backend;
use tests::server::{
    Options, Server, find_desk, in_days, problem_type, start, start_with, stop, today,
};

fn has_role(person: &Value, role: &str) -> bool {
    person["roles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == role)
}

/// The desk `desk_id` as `client` sees it on `day` (from the availability of every floor).
async fn desk_on(
    server: &Server,
    client: &reqwest::Client,
    day: chrono::NaiveDate,
    id: i64,
) -> Value {
    find_desk(server, client, day, |d| d["id"] == id)
        .await
        .unwrap_or_else(|| panic!("desk {id} on no floor"))
        .1
}

/// A GET of `path` as `client`; its JSON answer.
async fn get_json(client: &reqwest::Client, server: &Server, path: &str) -> Value {
    client
        .get(server.at(path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn find(client: &reqwest::Client, server: &Server, body: Value) -> reqwest::Response {
    client
        .post(server.at("/api/v1/bookings/find"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn find_me_a_desk_books_the_best_desk_and_says_why(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let people = server.demo_people().await;
    let plain: Vec<&Value> = people
        .iter()
        .filter(|p| p["roles"] == json!(["employee"]))
        .collect();
    let (first, second) = (plain[0], plain[1]);
    let client = server.client_with(&server.session_of(first["id"].as_i64().unwrap()).await);
    let day = in_days(3);

    // Strangers are refused.
    let stranger = reqwest::Client::new()
        .post(server.at("/api/v1/bookings/find"))
        .json(&json!({ "day": day, "slot": "full_day" }))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);

    // Bad input: a problem document, nothing booked.
    for body in [
        json!({ "day": "tomorrow", "slot": "full_day" }),
        json!({ "day": day, "slot": "evening" }),
        json!({ "day": day, "slot": "full_day", "needs": ["jacuzzi"] }),
    ] {
        let response = find(&client, &server, body.clone()).await;
        assert_eq!(
            problem_type(response).await,
            "/problems/invalid-input",
            "{body}"
        );
    }
    let past = find(
        &client,
        &server,
        json!({ "day": in_days(-1), "slot": "full_day" }),
    )
    .await;
    assert_eq!(problem_type(past).await, "/problems/in-the-past");

    // The desk found is booked, in a home zone of the person's unit, with a German reason.
    let response = find(&client, &server, json!({ "day": day, "slot": "full_day" })).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let found: Value = response.json().await.unwrap();
    let desk = found["desk_id"].as_i64().unwrap();
    let seen = desk_on(&server, &client, day, desk).await;
    assert_eq!(seen["state"], "mine", "{seen}");
    assert_eq!(seen["home_zone"], true, "{seen}");
    assert_eq!(seen["label"], found["desk"]);
    let why = found["explanation"].as_str().unwrap();
    assert!(why.contains("Heimatzone"), "{why}");
    assert!(why.contains(found["desk"].as_str().unwrap()), "{why}");

    // Once booked, the person has a desk that day.
    let again = find(&client, &server, json!({ "day": day, "slot": "morning" })).await;
    assert_eq!(problem_type(again).await, "/problems/already-booked");

    // A colleague who needs a wheelchair-accessible desk gets one, with the reason in English;
    // near the first one (same unit, same team).
    let english = {
        let cookie = server.session_of(second["id"].as_i64().unwrap()).await;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("cookie", cookie.parse().unwrap());
        headers.insert(
            "origin",
            server.at("").trim_end_matches('/').parse().unwrap(),
        );
        headers.insert("accept-language", "en".parse().unwrap());
        reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap()
    };
    let response = find(
        &english,
        &server,
        json!({ "day": day, "slot": "full_day", "needs": ["accessible"] }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let found: Value = response.json().await.unwrap();
    let seen = desk_on(&server, &english, day, found["desk_id"].as_i64().unwrap()).await;
    assert_eq!(seen["equipment"]["accessible"], true, "{seen}");
    let why = found["explanation"].as_str().unwrap();
    assert!(why.contains("wheelchair-accessible"), "{why}");

    // Nobody's zones have a desk that is everything at once: a clear refusal.
    let all = json!([
        "height_adjustable",
        "docking",
        "two_monitors",
        "accessible",
        "quiet"
    ]);
    let response = find(
        &english,
        &server,
        json!({ "day": in_days(4), "slot": "full_day", "needs": all }),
    )
    .await;
    if response.status() == StatusCode::CREATED {
        let found: Value = response.json().await.unwrap();
        let seen = desk_on(
            &server,
            &english,
            in_days(4),
            found["desk_id"].as_i64().unwrap(),
        )
        .await;
        let e = &seen["equipment"];
        assert!(
            e["accessible"] == true && e["docking"] == true && e["monitors"] == 2,
            "{seen}"
        );
    } else {
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["type"], "/problems/no-suitable-desk", "{body}");
        assert!(
            body["detail"].as_str().unwrap().contains("equipment"),
            "{body}"
        );
    }
    stop(server, database).await;
}

#[tokio::test]
async fn find_me_a_desk_books_the_best_desk_and_says_why_on_sqlite() {
    find_me_a_desk_books_the_best_desk_and_says_why(Backend::Sqlite).await;
}

#[tokio::test]
async fn find_me_a_desk_books_the_best_desk_and_says_why_on_postgres() {
    find_me_a_desk_books_the_best_desk_and_says_why(Backend::Postgres).await;
}

async fn a_unit_lead_books_the_team_together(backend: Backend) {
    let Some((server, database)) = start(backend).await else {
        return;
    };
    let people = server.demo_people().await;
    // The lead of the biggest unit, and five of its people.
    let lead = people
        .iter()
        .filter(|p| has_role(p, "unit_lead"))
        .max_by_key(|lead| people.iter().filter(|p| p["unit"] == lead["unit"]).count())
        .unwrap();
    let lead_client = server.client_with(&server.session_of(lead["id"].as_i64().unwrap()).await);

    let members = get_json(&lead_client, &server, "/api/v1/team/members").await;
    let members = members.as_array().unwrap();
    let expected: HashSet<i64> = people
        .iter()
        .filter(|p| p["unit"] == lead["unit"])
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    let listed: HashSet<i64> = members.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    // The demo sign-in lists a few people of each unit; the lead sees all of theirs.
    assert!(expected.is_subset(&listed), "{listed:?} ⊇ {expected:?}");
    let team: Vec<i64> = members
        .iter()
        .take(5)
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    let day = in_days(5);

    // An employee may not book for others.
    let employee = server.demo_client("employee").await;
    let refused = employee
        .post(server.at("/api/v1/team/bookings"))
        .json(&json!({ "day": day, "slot": "full_day", "people": team }))
        .send()
        .await
        .unwrap();
    assert_eq!(problem_type(refused).await, "/problems/forbidden");
    let refused = employee
        .get(server.at("/api/v1/team/members"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem_type(refused).await, "/problems/forbidden");

    // Somebody of another unit, or nobody at all: invalid, nothing booked.
    let outsider = people.iter().find(|p| p["unit"] != lead["unit"]).unwrap()["id"]
        .as_i64()
        .unwrap();
    for people in [json!([team[0], outsider]), json!([])] {
        let response = lead_client
            .post(server.at("/api/v1/team/bookings"))
            .json(&json!({ "day": day, "slot": "full_day", "people": people }))
            .send()
            .await
            .unwrap();
        assert_eq!(
            problem_type(response).await,
            "/problems/invalid-input",
            "{people}"
        );
    }
    let mine: Value = get_json(&lead_client, &server, "/api/v1/bookings/mine").await;
    assert_eq!(mine["upcoming"], json!([]), "nothing was booked");

    // The team is placed, every one in the same zone, each with a reason.
    let response = lead_client
        .post(server.at("/api/v1/team/bookings"))
        .json(&json!({ "day": day, "slot": "full_day", "people": team }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let result: Value = response.json().await.unwrap();
    let placements = result["placements"].as_array().unwrap();
    assert_eq!(placements.len(), 5, "{result}");
    let zones: HashSet<&str> = placements
        .iter()
        .map(|p| p["zone"].as_str().unwrap_or_else(|| panic!("placed: {p}")))
        .collect();
    assert_eq!(zones.len(), 1, "together in one zone: {result}");
    let desks: HashSet<i64> = placements
        .iter()
        .map(|p| p["desk_id"].as_i64().unwrap())
        .collect();
    assert_eq!(desks.len(), 5);
    for p in placements {
        assert!(!p["explanation"].as_str().unwrap().is_empty(), "{p}");
    }

    // Each member finds the booking among their own.
    let member = placements
        .iter()
        .find(|p| p["person_id"] != lead["id"])
        .unwrap();
    let member_client = server.client_with(
        &server
            .session_of(member["person_id"].as_i64().unwrap())
            .await,
    );
    let theirs: Value = get_json(&member_client, &server, "/api/v1/bookings/mine").await;
    assert!(
        theirs["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["day"] == json!(day) && b["desk_id"] == member["desk_id"]),
        "{theirs}"
    );

    // Booking the same team again: everyone already has a desk, nobody gets a second.
    let again: Value = lead_client
        .post(server.at("/api/v1/team/bookings"))
        .json(&json!({ "day": day, "slot": "morning", "people": team }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for p in again["placements"].as_array().unwrap() {
        assert_eq!(p["booking_id"], Value::Null, "{p}");
        assert_eq!(p["refusal"], "person-has-desk", "{p}");
    }

    // The page's form: one box per person, keyed by id.
    let form = format!(
        "day={}&slot=full_day&people%5B{}%5D={}&people%5B{}%5D={}",
        in_days(6),
        team[0],
        team[0],
        team[1],
        team[1]
    );
    let response = lead_client
        .post(server.at("/api/book_for_team"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let result: Value = response.json().await.unwrap();
    let placed = result["placements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["booking_id"].is_i64())
        .count();
    assert_eq!(placed, 2, "{result}");
    stop(server, database).await;
}

#[tokio::test]
async fn a_unit_lead_books_the_team_together_on_sqlite() {
    a_unit_lead_books_the_team_together(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_unit_lead_books_the_team_together_on_postgres() {
    a_unit_lead_books_the_team_together(Backend::Postgres).await;
}

/// Twenty people of one unit ask at once: each gets a desk of their own (a desk lost to a
/// parallel booking is chosen again), never a server error.
async fn twenty_people_at_once_get_twenty_desks(backend: Backend) {
    let options = Options {
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "1000".into(),
        )],
        ..Options::default()
    };
    let Some((server, database)) = start_with(backend, options).await else {
        return;
    };
    let people = server.demo_people().await;
    let unit = people
        .iter()
        .filter(|p| has_role(p, "employee"))
        .map(|p| p["unit"].clone())
        .max_by_key(|u| people.iter().filter(|p| p["unit"] == *u).count())
        .unwrap();
    let mut clients = Vec::new();
    for person in people
        .iter()
        .filter(|p| p["unit"] == unit && has_role(p, "employee"))
        .take(20)
    {
        let cookie = server.session_of(person["id"].as_i64().unwrap()).await;
        clients.push(server.client_with(&cookie));
    }
    let day = in_days(7);
    let requests = clients.iter().map(|client| {
        let client = client.clone();
        let url = server.at("/api/v1/bookings/find");
        async move {
            let response = client
                .post(url)
                .json(&json!({ "day": day, "slot": "full_day" }))
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.json::<Value>().await.unwrap())
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    let mut desks = HashSet::new();
    for (status, body) in &answers {
        match *status {
            StatusCode::CREATED => assert!(desks.insert(body["desk_id"].as_i64().unwrap())),
            StatusCode::CONFLICT => assert_eq!(body["type"], "/problems/no-desk-free", "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    assert!(desks.len() >= clients.len().min(10), "{answers:?}");
    stop(server, database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_people_at_once_get_twenty_desks_on_sqlite() {
    twenty_people_at_once_get_twenty_desks(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_people_at_once_get_twenty_desks_on_postgres() {
    twenty_people_at_once_get_twenty_desks(Backend::Postgres).await;
}

/// Facility management blocks a desk somebody booked: the booking moves to another desk of the
/// person's home zones; employees may not block; the day's requests can be run early.
#[tokio::test]
async fn blocking_a_booked_desk_moves_the_booking_and_a_day_can_be_run_early() {
    let Some((server, database)) = start(Backend::Sqlite).await else {
        return;
    };
    let employee = server.demo_client("employee").await;
    let manager = server.demo_client("facility_manager").await;
    let day = in_days(4);
    let response = find(
        &employee,
        &server,
        json!({ "day": day, "slot": "full_day" }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let found: Value = response.json().await.unwrap();
    let desk = found["desk_id"].as_i64().unwrap();

    let block = json!({ "desk_id": desk, "from_day": day, "to_day": day, "reason": "Maler" });
    let refused = employee
        .post(server.at("/api/v1/blocks"))
        .json(&block)
        .send()
        .await
        .unwrap();
    assert_eq!(problem_type(refused).await, "/problems/forbidden");
    let response = manager
        .post(server.at("/api/v1/blocks"))
        .json(&block)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let view: Value = response.json().await.unwrap();
    assert_eq!(
        (view["moved"].as_i64(), view["without_desk"].as_i64()),
        (Some(1), Some(0)),
        "{view}"
    );

    let mine: Value = get_json(&employee, &server, "/api/v1/bookings/mine").await;
    let upcoming = mine["upcoming"].as_array().unwrap();
    assert_eq!(upcoming.len(), 1, "{mine}");
    assert_ne!(upcoming[0]["desk_id"].as_i64(), Some(desk), "{mine}");
    let seen = desk_on(
        &server,
        &employee,
        day,
        upcoming[0]["desk_id"].as_i64().unwrap(),
    )
    .await;
    assert_eq!(seen["home_zone"], true, "{seen}");
    let blocked = desk_on(&server, &employee, day, desk).await;
    assert_eq!(blocked["state"], "blocked", "{blocked}");
    // The person is told where the booking went.
    let notices = get_json(&employee, &server, "/api/v1/me/notices").await;
    assert_eq!(notices[0]["kind"], "moved", "{notices}");
    assert_eq!(notices[0]["from"], found["desk"], "{notices}");
    assert_eq!(notices[0]["desk"], upcoming[0]["desk"], "{notices}");

    // The day allocation: a request, run early by facility management, placed and booked.
    let colleague = server.demo_client("counsellor").await;
    let asked = colleague
        .post(server.at("/api/v1/desk-requests"))
        .json(&json!({ "day": day, "slot": "morning" }))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::CREATED);
    let refused = employee
        .post(server.at(&format!("/api/v1/allocations/{day}/run")))
        .send()
        .await
        .unwrap();
    assert_eq!(problem_type(refused).await, "/problems/forbidden");
    let run: Value = manager
        .post(server.at(&format!("/api/v1/allocations/{day}/run")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["placed"], 1, "{run}");
    let requests: Value = get_json(&colleague, &server, "/api/v1/desk-requests/mine").await;
    assert_eq!(requests[0]["status"], "placed", "{requests}");
    let placed = requests[0]["desk_id"].as_i64().unwrap();
    let seen = desk_on(&server, &colleague, day, placed).await;
    assert_eq!(seen["morning"], "mine", "{seen}");
    assert!(!requests[0]["explanation"].as_str().unwrap().is_empty());
    // Declined: the booking goes.
    let id = requests[0]["id"].as_i64().unwrap();
    let declined = colleague
        .delete(server.at(&format!("/api/v1/desk-requests/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), StatusCode::NO_CONTENT);
    let seen = desk_on(&server, &colleague, day, placed).await;
    assert_eq!(seen["state"], "free", "{seen}");
    // Requests for today have closed.
    let late = colleague
        .post(server.at("/api/v1/desk-requests"))
        .json(&json!({ "day": today(), "slot": "afternoon" }))
        .send()
        .await
        .unwrap();
    assert_eq!(problem_type(late).await, "/problems/policy-limit");
    stop(server, database).await;
}
