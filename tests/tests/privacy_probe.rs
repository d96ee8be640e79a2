//! The privacy probe, for every route: every GET route the server has is fetched signed out and
//! as each role of the demo building, with realistic path and query parameters, and no response
//! may carry a protected room reservation's subject, notes or owner, another person's desk
//! bookings, or a secret (a personal access token, a device token, an invitation link, a
//! calendar feed address, a session).
//!
//! The routes are found, not listed here:
//! - the REST API from the served OpenAPI document (a unit test of the server holds every
//!   `/api/` route to be in it);
//! - the pages from the app's router (`generate_route_list(App)`);
//! - every other GET route from the server's sources: each `.route("…", get(…))` of
//!   `server/src` outside `/api/` (health, readiness, the language switch, and `/metrics` on its
//!   own listener). A route whose path is not a string literal, or a nested router, fails the
//!   test, so none is missed.
//!
//! A route with parameters gets realistic values from [`path_choices`] and [`query_choices`];
//! a parameter they do not know fails the test until it is given values.
//!
//! What is secret, and how it is seen:
//! - the subject and notes of a counsellor's protected room reservation are unique strings: only
//!   the counsellor may see them;
//! - tokens and session ids are unique strings: nobody may see one in a response, except one
//!   the request itself carried in its address;
//! - who reserved the protected room, and whose desk bookings these are, is a person's name,
//!   which a directory (the people list of an administrator, the demo sign-in list) may show
//!   anyway: every route is fetched once before the reservation and the bookings are made and
//!   once after, and a name that a response shows only after is a leak. The owner themselves
//!   may see everything of their own.
//!
//! The test prints every address it fetched and what each viewer got.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use serde_json::{Value, json};
use tests::pages::{DEMO_BUILDING, SECOND_DEMO_BUILDING};
use tests::server::{Options, Server, find_desk, free_port, in_days, today, workspace_root};

/// The subject and notes of the protected reservation: unique, so any appearance is a leak.
const SUBJECT: &str = "Schuldnerberatung Kranich QX7PROBE";
const NOTES: &str = "Vermerk Akte ZK93PROBE vertraulich";

/// The roles of the demo building; each is a viewer, and so is a signed-out stranger.
const ROLES: [&str; 6] = [
    "employee",
    "unit_lead",
    "counsellor",
    "org_admin",
    "facility_manager",
    "building_admin",
];

/// Stands for the viewer's own calendar feed token in an address.
const FEED: &str = "__FEED_TOKEN__";

/// The feed token of a viewer without a feed.
const NO_FEED: &str = "pwf_not-a-feed";

/// Who looks.
struct Viewer {
    who: String,
    person: Option<i64>,
    cookie: Option<String>,
    feed_token: String,
}

/// Where a route is served.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Listener {
    Public,
    Metrics,
}

/// A parameter of a route, as the OpenAPI document describes it (or a page's path segment).
#[derive(Clone, Debug)]
struct Param {
    name: String,
    location: String,
    description: String,
}

/// A GET route and where it was found.
#[derive(Clone, Debug)]
struct Route {
    pattern: String,
    found_in: &'static str,
    listener: Listener,
    params: Vec<Param>,
}

/// The realistic values of the parameters.
struct Ctx {
    day: chrono::NaiveDate,
    levels: Vec<i64>,
    desk_id: i64,
    room_id: i64,
    invite_token: String,
    people: Vec<i64>,
    /// The protected room's calendar feed token (for groupware).
    room_feed_token: String,
}

/// The GET routes of the served OpenAPI document.
fn api_routes(document: &Value) -> Vec<Route> {
    let mut routes = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        let Some(get) = item.get("get") else {
            continue;
        };
        let mut params = Vec::new();
        for param in item["parameters"]
            .as_array()
            .into_iter()
            .chain(get["parameters"].as_array())
            .flatten()
        {
            assert!(
                param.get("$ref").is_none(),
                "a referenced parameter in {path}: resolve it here"
            );
            params.push(Param {
                name: param["name"].as_str().expect("a name").to_string(),
                location: param["in"].as_str().expect("in").to_string(),
                description: param["description"].as_str().unwrap_or("").to_string(),
            });
        }
        routes.push(Route {
            pattern: path.clone(),
            found_in: "OpenAPI",
            listener: Listener::Public,
            params,
        });
    }
    routes
}

/// The page routes of the app's router, as `/floors/{level}`.
fn page_routes() -> Vec<Route> {
    let patterns: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| {
            let path = route
                .path()
                .split('/')
                .map(|part| match part.strip_prefix(':') {
                    Some(name) => format!("{{{name}}}"),
                    None => part.to_string(),
                })
                .collect::<Vec<_>>()
                .join("/");
            if path.is_empty() {
                "/".to_string()
            } else {
                path
            }
        })
        .collect();
    patterns
        .into_iter()
        .map(|pattern| Route {
            params: segments(&pattern),
            pattern,
            found_in: "pages",
            listener: Listener::Public,
        })
        .collect()
}

/// The `{name}` segments of a pattern, as path parameters.
fn segments(pattern: &str) -> Vec<Param> {
    pattern
        .split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| Param {
            name: name.to_string(),
            location: "path".to_string(),
            description: String::new(),
        })
        .collect()
}

/// Every GET route of the server's sources outside `/api/` (those are in the OpenAPI
/// document): each `.route("path", …get(…)…)` in `server/src`. Routes of `metrics.rs` are on
/// the metrics listener.
fn other_server_routes() -> Vec<Route> {
    fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for path in std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
        {
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(&workspace_root().join("server").join("src"), &mut files);
    let mut routes = Vec::new();
    for file in files {
        let whole = std::fs::read_to_string(&file).unwrap();
        // A file's tests are no routes.
        let text = whole.split("#[cfg(test)]").next().unwrap_or_default();
        for nesting in [".nest(", ".nest_service(", ".route_service("] {
            assert!(
                !text.contains(nesting),
                "{} routes with {nesting}: the privacy probe cannot see those routes; teach it",
                file.display()
            );
        }
        for (start, _) in text.match_indices(".route(") {
            let call = &text[start + ".route(".len()..];
            let Some(literal) = call.trim_start().strip_prefix('"') else {
                panic!(
                    "{}: a route whose path is not a string literal; the privacy probe finds \
                     routes by their literal path: {}",
                    file.display(),
                    &call[..call.len().min(80)]
                );
            };
            let (path, rest) = literal.split_once('"').unwrap();
            assert!(
                path.starts_with('/'),
                "{}: a route path that is not absolute: {path}",
                file.display()
            );
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(rest.len(), |(at, _)| at);
            let methods = &rest[..end];
            let get = methods.match_indices("get(").any(|(at, _)| {
                methods[..at]
                    .chars()
                    .last()
                    .is_none_or(|c| !c.is_alphanumeric() && c != '_')
            });
            if get && !path.starts_with("/api/") {
                let listener = if file.ends_with("metrics.rs") {
                    Listener::Metrics
                } else {
                    Listener::Public
                };
                let mut params = segments(path);
                if path == "/lang/{code}" {
                    params.push(Param {
                        name: "back".to_string(),
                        location: "query".to_string(),
                        description: String::new(),
                    });
                }
                routes.push(Route {
                    pattern: path.to_string(),
                    found_in: "server sources",
                    listener,
                    params,
                });
            }
        }
    }
    routes
}

/// The values of a path parameter of `pattern`.
fn path_choices(pattern: &str, param: &Param, c: &Ctx) -> Vec<String> {
    match (pattern, param.name.as_str()) {
        (_, "level") => c.levels.iter().map(ToString::to_string).collect(),
        (_, "building") => vec![DEMO_BUILDING.into(), SECOND_DEMO_BUILDING.into()],
        ("/check-in/{kind}/{id}", "kind") => vec!["desk".into(), "room".into()],
        ("/check-in/{kind}/{id}", "id") => vec![c.desk_id.to_string(), c.room_id.to_string()],
        (_, "token") => vec![c.invite_token.clone(), "pwi_not-a-valid-invitation".into()],
        (p, "id") if p.starts_with("/api/v1/people/") || p.starts_with("/admin/people/") => {
            c.people.iter().map(ToString::to_string).collect()
        }
        (_, "table") => {
            // The description names the tables in backticks.
            let names: Vec<String> = param
                .description
                .split('`')
                .skip(1)
                .step_by(2)
                .map(ToString::to_string)
                .collect();
            assert!(!names.is_empty(), "{pattern}: no tables named");
            names
        }
        (_, "code") => vec!["de".into(), "en".into()],
        // Single sign-on (no provider is configured here: each is a 404).
        (p, "org") if p.starts_with("/auth/oidc/") => vec!["stadt".into(), "jobcenter".into()],
        // An organisation's single sign-on mapping: one's own, and another's.
        (p, "slug") if p.starts_with("/api/v1/organisations/") => {
            vec!["stadt".into(), "jobcenter".into()]
        }
        // The demo building, and the demo's first floor (its plan image).
        (_, "slug") => vec!["bundesbahndirektion".into()],
        (p, "id") if p.starts_with("/api/v1/buildings/") => vec!["1".into()],
        // A desk's way; a room's way and its door display (the protected room's).
        (p, "id") if p.starts_with("/api/v1/desks/") => vec![c.desk_id.to_string()],
        (p, "id") if p.contains("/rooms/") => vec![c.room_id.to_string()],
        (p, name) => panic!(
            "{p} has the path parameter {name} the privacy probe has no realistic values for: \
             add them to path_choices in tests/tests/privacy_probe.rs"
        ),
    }
}

/// The values of a query parameter of `pattern`: the first is always sent, each other one in
/// an address of its own; none leaves the parameter out.
fn query_choices(pattern: &str, param: &Param, c: &Ctx) -> Vec<String> {
    let times = pattern.starts_with("/api/v1/rooms");
    match param.name.as_str() {
        "day" => vec![c.day.to_string()],
        "days" => vec!["7".into()],
        "floor" | "level" => c.levels.iter().map(ToString::to_string).collect(),
        "building" => vec![DEMO_BUILDING.into(), SECOND_DEMO_BUILDING.into()],
        "slot" => vec!["full_day".into()],
        "from" if times => vec!["10:00".into()],
        "to" if times => vec!["11:00".into()],
        "from" => vec![(today() - chrono::Duration::days(30)).to_string()],
        "to" => vec![in_days(7).to_string()],
        "capacity" => vec!["2".into()],
        "privacy" => vec!["protected".into(), "standard".into()],
        "token" if pattern.starts_with("/api/v1/rooms/") => vec![c.room_feed_token.clone()],
        "token" => vec![FEED.into()],
        "active" => vec!["true".into(), "false".into()],
        "q" => vec!["a".into()],
        "limit" => vec!["50".into()],
        "back" => vec!["/rooms".into()],
        // Narrowing filters and tuning knobs: the unfiltered answer shows the most.
        "unit" | "organisation" | "offset" | "before" | "step_free" | "hearing_loop"
        | "equipment" | "percentile" | "w_overflow" | "w_shortfall" | "w_together" | "w_apart"
        | "w_moved" => Vec::new(),
        name => panic!(
            "{pattern} has the query parameter {name} the privacy probe has no realistic \
             values for: add them to query_choices in tests/tests/privacy_probe.rs"
        ),
    }
}

/// The addresses (path and query) to fetch for a route.
fn addresses(route: &Route, c: &Ctx) -> Vec<String> {
    let mut paths = vec![route.pattern.clone()];
    for param in route.params.iter().filter(|p| p.location == "path") {
        let choices = path_choices(&route.pattern, param, c);
        let placeholder = format!("{{{}}}", param.name);
        let placeholder = placeholder.as_str();
        paths = paths
            .iter()
            .flat_map(|path| {
                choices
                    .iter()
                    .map(move |value| path.replace(placeholder, value))
            })
            .collect();
    }
    // The check-in page: a desk id with `desk`, a room id with `room`.
    if route.pattern == "/check-in/{kind}/{id}" {
        paths = vec![
            format!("/check-in/desk/{}", c.desk_id),
            format!("/check-in/room/{}", c.room_id),
        ];
    }
    let query: Vec<(String, Vec<String>)> = route
        .params
        .iter()
        .filter(|p| p.location == "query")
        .map(|p| (p.name.clone(), query_choices(&route.pattern, p, c)))
        .filter(|(_, choices)| !choices.is_empty())
        .collect();
    let mut queries = Vec::new();
    let first: Vec<String> = query
        .iter()
        .map(|(name, choices)| format!("{name}={}", choices[0]))
        .collect();
    queries.push(first.clone());
    for (at, (name, choices)) in query.iter().enumerate() {
        for choice in choices.iter().skip(1) {
            let mut other = first.clone();
            other[at] = format!("{name}={choice}");
            queries.push(other);
        }
    }
    // Pages take their state from the address too.
    match route.pattern.as_str() {
        "/rooms" => {
            queries.push(vec![
                format!("day={}", c.day),
                "from=10:00".into(),
                "to=11:00".into(),
            ]);
            queries.push(vec![format!("day={}", c.day), "view=week".into()]);
        }
        "/floors/{level}" | "/bookings" | "/" => queries.push(vec![format!("day={}", c.day)]),
        _ => {}
    }
    let mut out = Vec::new();
    for path in &paths {
        for query in &queries {
            if query.is_empty() {
                out.push(path.clone());
            } else {
                out.push(format!("{path}?{}", query.join("&")));
            }
        }
    }
    out.dedup();
    out
}

/// What one viewer got for one address.
struct Seen {
    status: u16,
    body: String,
}

/// Fetches every address as `viewer`.
async fn fetch_all(
    server: &Server,
    metrics_url: &str,
    viewer: &Viewer,
    targets: &[(Listener, String)],
) -> BTreeMap<String, Seen> {
    let client = match &viewer.cookie {
        Some(cookie) => server.client_with(cookie),
        None => reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    };
    let mut seen = BTreeMap::new();
    for (listener, address) in targets {
        let address = address.replace(FEED, &viewer.feed_token);
        let url = match listener {
            Listener::Public => server.at(&address),
            Listener::Metrics => format!("{metrics_url}{address}"),
        };
        let response = client
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        let stream = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
        // A live stream sends only changes, and never ends: its answer is the status.
        let body = if stream {
            String::new()
        } else {
            response.text().await.unwrap_or_default()
        };
        seen.insert(address, Seen { status, body });
    }
    seen
}

#[tokio::test]
async fn no_route_shows_a_protected_reservation_another_persons_bookings_or_a_secret() {
    let started = Instant::now();
    let metrics_port = free_port();
    let server = Server::start(Options {
        env: vec![(
            "PLATZWAHL_METRICS_LISTEN".into(),
            format!("127.0.0.1:{metrics_port}"),
        )],
        ..Options::default()
    });
    let metrics_url = format!("http://127.0.0.1:{metrics_port}");

    // The viewers: each role's first demo person, a second counsellor who reserves the
    // protected room, and a second employee whose desk bookings are someone else's.
    let people = server.demo_people().await;
    let main_role = |p: &Value| {
        p["roles"]
            .as_array()
            .and_then(|r| r.last())
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let first = |role: &str| people.iter().find(|p| main_role(p) == role).unwrap();
    let counsellor = first("counsellor");
    let owner = people
        .iter()
        .find(|p| main_role(p) == "counsellor" && p["id"] != counsellor["id"])
        .unwrap_or(counsellor);
    let employee = first("employee");
    let booker = people
        .iter()
        .find(|p| {
            main_role(p) == "employee" && p["id"] != employee["id"] && p["unit"] == employee["unit"]
        })
        .or_else(|| {
            people
                .iter()
                .find(|p| main_role(p) == "employee" && p["id"] != employee["id"])
        })
        .expect("a second employee");
    let mut viewers = vec![Viewer {
        who: "signed out".into(),
        person: None,
        cookie: None,
        feed_token: NO_FEED.into(),
    }];
    let mut cast: Vec<(String, &Value)> = ROLES
        .iter()
        .map(|role| ((*role).to_string(), first(role)))
        .collect();
    if owner["id"] != counsellor["id"] {
        cast.push(("owner (counsellor)".into(), owner));
    }
    cast.push(("booker (employee)".into(), booker));
    for (who, person) in cast {
        let id = person["id"].as_i64().unwrap();
        let cookie = server.session_of(id).await;
        let client = server.client_with(&cookie);
        let feed = client
            .post(server.at("/api/v1/me/calendar"))
            .send()
            .await
            .unwrap();
        let feed_token = if feed.status().is_success() {
            let url = feed.json::<Value>().await.unwrap()["url"]
                .as_str()
                .unwrap()
                .to_string();
            url.split("token=").nth(1).unwrap().to_string()
        } else {
            NO_FEED.to_string()
        };
        viewers.push(Viewer {
            who: format!("{who} {}", person["name"].as_str().unwrap()),
            person: Some(id),
            cookie: Some(cookie),
            feed_token,
        });
    }
    let owner_id = owner["id"].as_i64().unwrap();
    let booker_id = booker["id"].as_i64().unwrap();
    let owner_name = owner["name"].as_str().unwrap().to_string();
    let booker_name = booker["name"].as_str().unwrap().to_string();
    let client_of = |id: i64| {
        let viewer = viewers.iter().find(|v| v.person == Some(id)).unwrap();
        server.client_with(viewer.cookie.as_ref().unwrap())
    };
    let owner_client = client_of(owner_id);
    let booker_client = client_of(booker_id);
    let org_admin = client_of(first("org_admin")["id"].as_i64().unwrap());
    let building_admin = client_of(first("building_admin")["id"].as_i64().unwrap());
    let employee_client = client_of(employee["id"].as_i64().unwrap());

    // The places: a free protected room, a free desk in the booker's home zones.
    let day = in_days(2);
    let rooms: Value = owner_client
        .get(server.at(&format!(
            "/api/v1/rooms?privacy=protected&day={day}&from=10:00&to=11:00"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room = rooms
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["free"] == true && r["may_reserve"] == true)
        .unwrap_or_else(|| panic!("no protected room the counsellor may reserve: {rooms}"))["room"]
        .clone();
    let (desk_level, desk) = find_desk(&server, &booker_client, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in the booker's home zones");
    let room_level = room["level"].as_i64().unwrap();

    // Secrets: an invitation link, a personal access token, a device token, the sessions and
    // the calendar feeds.
    let invitee = server
        .create_employee(
            &org_admin,
            "Probe Eingeladene",
            "probe.eingeladen@example.org",
        )
        .await;
    let link = server.invitation_link(&org_admin, invitee).await;
    let invite_token = link.rsplit('/').next().unwrap().to_string();
    let token: Value = employee_client
        .post(server.at("/api/v1/me/tokens"))
        .json(&json!({ "name": "Skript", "scopes": ["read"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let device: Value = building_admin
        .post(server.at("/api/v1/devices"))
        .json(&json!({ "name": "Leser Probe", "scopes": ["checkin"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Open data published (every dataset), and the protected room as a calendar resource.
    let published = building_admin
        .put(server.at("/api/v1/open-data/settings"))
        .json(&json!({
            "published": ["utilisation-by-floor-weekday", "desk-sharing", "use-by-week"],
            "licence": "dl-de/by-2-0",
            "publisher": "Stadt Wuppertal",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 204, "open data is published");
    let room_feed: Value = building_admin
        .post(server.at(&format!("/api/v1/rooms/{}/calendar", room["id"])))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room_feed_token = room_feed["url"]
        .as_str()
        .expect("a room feed address")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let mut secrets: Vec<(String, String)> = vec![
        (
            "the protected room's feed token".into(),
            room_feed_token.clone(),
        ),
        ("an invitation token".into(), invite_token.clone()),
        (
            "a personal access token".into(),
            token["token"].as_str().expect("a token").to_string(),
        ),
        (
            "a device token".into(),
            device["token"]
                .as_str()
                .expect("a device token")
                .to_string(),
        ),
    ];
    for viewer in &viewers {
        if let Some(cookie) = &viewer.cookie {
            let value = cookie.split_once('=').unwrap().1.to_string();
            secrets.push((format!("the session of {}", viewer.who), value));
        }
        if viewer.person.is_some() && viewer.feed_token != NO_FEED {
            secrets.push((
                format!("the calendar feed of {}", viewer.who),
                viewer.feed_token.clone(),
            ));
        }
    }
    for (what, secret) in &secrets {
        assert!(
            secret.len() >= 16,
            "{what} is too short to look for: {secret}"
        );
    }

    // Every GET route, with realistic parameters.
    let document: Value = reqwest::get(server.at("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut routes = api_routes(&document);
    routes.extend(page_routes());
    routes.extend(other_server_routes());
    for expected in [
        "/api/v1/rooms/timeline",
        "/floors/{level}",
        "/healthz",
        "/metrics",
    ] {
        assert!(
            routes.iter().any(|r| r.pattern == expected),
            "the routes are not found any more ({expected} missing)"
        );
    }
    let mut levels = vec![desk_level, room_level];
    levels.dedup();
    let ctx = Ctx {
        day,
        levels,
        desk_id: desk["id"].as_i64().unwrap(),
        room_id: room["id"].as_i64().unwrap(),
        invite_token,
        people: vec![booker_id, owner_id],
        room_feed_token,
    };
    let mut targets: Vec<(Listener, String)> = Vec::new();
    let mut by_route: Vec<(Route, Vec<String>)> = Vec::new();
    for route in &routes {
        let addresses = addresses(route, &ctx);
        targets.extend(addresses.iter().map(|a| (route.listener, a.clone())));
        by_route.push((route.clone(), addresses));
    }

    // Before: who is named where without the reservation and the bookings.
    let before = futures_util::future::join_all(
        viewers
            .iter()
            .map(|v| fetch_all(&server, &metrics_url, v, &targets)),
    )
    .await;

    // The protected reservation and the other person's desk bookings.
    let reserved = owner_client
        .post(server.at("/api/v1/room-reservations"))
        .json(&json!({
            "room_id": room["id"], "day": day, "from": "10:00", "to": "11:00",
            "subject": SUBJECT, "notes": NOTES, "attendees": 2,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(reserved.status(), 201, "the counsellor reserves");
    let booked: Value = booker_client
        .post(server.at("/api/v1/bookings"))
        .json(&json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day, in_days(3)]}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        booked[0]["result"]["booking_id"].is_i64(),
        "the booker books: {booked}"
    );

    let after = futures_util::future::join_all(
        viewers
            .iter()
            .map(|v| fetch_all(&server, &metrics_url, v, &targets)),
    )
    .await;

    // What was visited, and what each viewer got.
    let mut report = String::new();
    let mut visited = 0;
    for (route, addresses) in &by_route {
        writeln!(report, "{} ({})", route.pattern, route.found_in).unwrap();
        for address in addresses {
            visited += 1;
            let statuses: Vec<String> = viewers
                .iter()
                .zip(&after)
                .map(|(v, seen)| {
                    format!(
                        "{} {}",
                        v.who.split(' ').next().unwrap(),
                        seen[&address.replace(FEED, &v.feed_token)].status
                    )
                })
                .collect();
            writeln!(report, "  GET {address}: {}", statuses.join(", ")).unwrap();
        }
    }
    println!(
        "The privacy probe fetched {visited} addresses of {} routes as {} viewers, twice:\n{report}",
        routes.len(),
        viewers.len()
    );

    let mut leaks = Vec::new();
    let mut owner_saw = BTreeSet::new();
    for ((viewer, before), after) in viewers.iter().zip(&before).zip(&after) {
        for (address, seen) in after {
            let body = &seen.body;
            if seen.status >= 500 {
                leaks.push(format!(
                    "{}: GET {address} answered {}",
                    viewer.who, seen.status
                ));
            }
            for (what, marker) in [("subject", SUBJECT), ("notes", NOTES)] {
                if body.contains(marker) {
                    if viewer.person == Some(owner_id) {
                        owner_saw.insert(what);
                    } else {
                        leaks.push(format!(
                            "{}: GET {address} shows the protected reservation's {what}",
                            viewer.who
                        ));
                    }
                }
            }
            for (what, secret) in &secrets {
                if body.contains(secret.as_str()) && !address.contains(secret.as_str()) {
                    leaks.push(format!("{}: GET {address} shows {what}", viewer.who));
                }
            }
            for (what, name, person) in [
                ("who reserved the protected room", &owner_name, owner_id),
                ("whose desk bookings these are", &booker_name, booker_id),
            ] {
                let was = before
                    .get(address)
                    .is_some_and(|s| s.body.contains(name.as_str()));
                if viewer.person != Some(person) && body.contains(name.as_str()) && !was {
                    leaks.push(format!(
                        "{}: GET {address} names {name} ({what}) only since they reserved or booked",
                        viewer.who
                    ));
                }
            }
        }
    }
    // The probe sees what it looks for: the owner's own pages show subject and notes.
    assert_eq!(
        owner_saw,
        BTreeSet::from(["subject", "notes"]),
        "the owner does not see their reservation anywhere: the probe would not see a leak"
    );
    assert!(visited > 80, "only {visited} addresses");
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    println!("took {:.1} s", started.elapsed().as_secs_f64());
    server.terminate();
}
