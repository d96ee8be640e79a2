//! Every page of the app, as the router lists it, with realistic values for its parameters:
//! the accessibility, reflow and keyboard tests visit these, so a new page is checked without
//! anybody adding it to a list.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::server::{Server, find_desk, in_days, today};

/// The short name of the demo's main building.
pub const DEMO_BUILDING: &str = "bundesbahndirektion";

/// The short name of the demo's second, small building.
pub const SECOND_DEMO_BUILDING: &str = "campus-haspel";

/// Realistic values for the parameters of the routes.
pub struct Params {
    /// A floor with a desk the employee may book today.
    pub level: i64,
    /// That desk.
    pub desk_id: i64,
    /// A room of the demo building.
    pub room_id: i64,
    /// A valid invitation.
    pub invite_token: String,
    /// A person the demo organisation administrator manages (invited, no passkey yet).
    pub person_id: i64,
}

/// The page routes of the app's router, as `/floors/{level}`.
pub fn page_routes() -> BTreeSet<String> {
    leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|route| {
            // `:name` in older Leptos versions, `{name}` in axum 0.8 paths: one spelling.
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
        .collect()
}

/// The pages of a route pattern to visit; panics for a pattern with parameters it has no
/// values for, so a new page with parameters is not left out silently.
pub fn concrete_paths(pattern: &str, p: &Params) -> Vec<String> {
    match pattern {
        "/floors/{level}" => vec![format!("/floors/{}", p.level)],
        "/floors/{level}/qr" => vec![format!("/floors/{}/qr", p.level)],
        "/buildings/{building}" => vec![
            format!("/buildings/{DEMO_BUILDING}"),
            format!("/buildings/{SECOND_DEMO_BUILDING}"),
        ],
        "/buildings/{building}/floors/{level}" => vec![
            format!("/buildings/{DEMO_BUILDING}/floors/{}", p.level),
            format!("/buildings/{SECOND_DEMO_BUILDING}/floors/0"),
        ],
        "/buildings/{building}/floors/{level}/qr" => {
            vec![format!("/buildings/{DEMO_BUILDING}/floors/{}/qr", p.level)]
        }
        "/check-in/{kind}/{id}" => vec![
            format!("/check-in/desk/{}", p.desk_id),
            format!("/check-in/room/{}", p.room_id),
        ],
        "/admin/people/{id}" => vec![format!("/admin/people/{}", p.person_id)],
        // The demo building's editor.
        "/admin/buildings/{slug}" => vec!["/admin/buildings/bundesbahndirektion".to_string()],
        "/invite/{token}" => vec![
            format!("/invite/{}", p.invite_token),
            "/invite/not-a-valid-invitation".to_string(),
        ],
        plain if !plain.contains('{') => vec![plain.to_string()],
        other => panic!(
            "the page {other} has parameters the page tests have no realistic values for: add \
             them to concrete_paths in tests/src/pages.rs"
        ),
    }
}

/// The parameters: a floor and a desk on it, a room, an invitation.
pub async fn realistic_params(server: &Server) -> Params {
    let employee = server.demo_client("employee").await;
    // A desk the employee may book today, so that selecting it shows the booking form.
    let (level, desk) = find_desk(server, &employee, today(), |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in the employee's home zones");
    let day = in_days(7);
    let rooms: Value = employee
        .get(server.at(&format!("/api/v1/rooms?day={day}&from=09:00&to=10:00")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let room_id = rooms[0]["room"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a room in the demo building: {rooms}"));
    let admin = server.demo_client("org_admin").await;
    let person = server
        .create_employee(&admin, "Alex Barrierefrei", "alex.barrierefrei@example.org")
        .await;
    let link = server.invitation_link(&admin, person).await;
    let invite_token = link
        .rsplit('/')
        .next()
        .expect("a token at the end of the invitation link")
        .to_string();
    Params {
        level,
        desk_id: desk["id"].as_i64().expect("desk id"),
        room_id,
        invite_token,
        person_id: person,
    }
}

/// Every page to visit, as (route pattern, path), the router's fallback (an unknown address)
/// last.
pub fn every_page(routes: &BTreeSet<String>, params: &Params) -> Vec<(String, String)> {
    routes
        .iter()
        .flat_map(|pattern| {
            concrete_paths(pattern, params)
                .into_iter()
                .map(move |path| (pattern.clone(), path))
        })
        .chain(std::iter::once((
            "(not found)".to_string(),
            "/no-such-page".to_string(),
        )))
        .collect()
}

/// The door and floor displays: pages of their own, outside the app's router, signed in with a
/// device token of scope `display` rather than a person's session.
pub struct Displays {
    /// The display's device token (`pwd_…`); opening a display's address with `?token=` once
    /// stores it in the browser's display cookie.
    pub token: String,
    /// (pattern, path) of each display: a protected room's door display (free now, and
    /// bookable at its door, so its buttons show) and the floor display of `level`.
    pub pages: Vec<(String, String)>,
}

/// The display patterns, as [`Displays::pages`] names them.
pub const DISPLAY_PATTERNS: [&str; 2] = ["/displays/rooms/{id}", "/displays/floors/{level}"];

/// Sets up [`Displays`] on the demo building: a device token (building administrator), a
/// protected room its display shows free now, made bookable at its door (facility
/// management), and floor `level`.
pub async fn displays(server: &Server, level: i64) -> Displays {
    let admin = server.demo_client("building_admin").await;
    let created: Value = admin
        .post(server.at("/api/v1/devices"))
        .json(&serde_json::json!({ "name": "Türanzeige", "scopes": ["display"] }))
        .send()
        .await
        .expect("create a display token")
        .json()
        .await
        .expect("the token");
    let token = created["token"].as_str().expect("a token").to_string();
    let rooms: Value = server
        .demo_client("counsellor")
        .await
        .get(server.at("/api/v1/rooms?privacy=protected"))
        .send()
        .await
        .expect("rooms")
        .json()
        .await
        .expect("rooms JSON");
    let client = reqwest::Client::new();
    let mut room = None;
    for found in rooms.as_array().into_iter().flatten() {
        let id = found["room"]["id"].as_i64().expect("a room id");
        let day: Value = client
            .get(server.at(&format!("/api/v1/displays/rooms/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .expect("a room's display")
            .json()
            .await
            .expect("its JSON");
        room = Some(id);
        if day["now"]["state"] == "free" {
            break;
        }
    }
    let room = room.expect("a protected room");
    let allowed = server
        .demo_client("facility_manager")
        .await
        .put(server.at(&format!("/api/v1/rooms/{room}/door")))
        .json(&serde_json::json!({ "book_now": true }))
        .send()
        .await
        .expect("allow booking at the door");
    assert!(allowed.status().is_success(), "{}", allowed.status());
    Displays {
        token,
        pages: vec![
            (
                DISPLAY_PATTERNS[0].to_string(),
                format!("/displays/rooms/{room}"),
            ),
            (
                DISPLAY_PATTERNS[1].to_string(),
                format!("/displays/floors/{level}"),
            ),
        ],
    }
}
