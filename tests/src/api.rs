//! Calling the running server as its people do: the demo person of an organisation with a
//! role, signed in; the REST API with JSON; a page's server function with a form.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::db::{Backend, TestDatabase};
use crate::server::{Options, Server};

/// A demo person's main role: the last of their roles, `employee` without any.
pub fn main_role(person: &Value) -> &str {
    person["roles"]
        .as_array()
        .and_then(|r| r.last())
        .and_then(Value::as_str)
        .unwrap_or("employee")
}

/// The demo person of `organisation` (its name) whose main role is `role`.
pub async fn demo_person(server: &Server, organisation: &str, role: &str) -> Value {
    server
        .demo_people()
        .await
        .into_iter()
        .find(|p| p["organisation"] == organisation && main_role(p) == role)
        .unwrap_or_else(|| panic!("no demo {role} of {organisation}"))
}

/// A session cookie of the demo person of `organisation` whose main role is `role`.
pub async fn cookie_of(server: &Server, organisation: &str, role: &str) -> String {
    let person = demo_person(server, organisation, role).await;
    server.session_of(person["id"].as_i64().unwrap()).await
}

/// A client signed in as the demo person of `organisation` whose main role is `role`.
pub async fn client_of(server: &Server, organisation: &str, role: &str) -> reqwest::Client {
    server.client_with(&cookie_of(server, organisation, role).await)
}

/// `method path` with a JSON `body` (none for `Value::Null`).
pub async fn send(
    client: &reqwest::Client,
    server: &Server,
    method: Method,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    let mut request = client.request(method, server.at(path));
    if !body.is_null() {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// `method path` with `body`, expecting `status`: the answer's JSON (`Null` if none).
pub async fn expect(
    client: &reqwest::Client,
    server: &Server,
    method: Method,
    path: &str,
    body: Value,
    status: StatusCode,
) -> Value {
    let response = send(client, server, method.clone(), path, &body).await;
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{method} {path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A server function called as a form of the page would: its status and body.
pub async fn server_fn(
    client: &reqwest::Client,
    server: &Server,
    name: &str,
    form: &str,
) -> (StatusCode, String) {
    let response = client
        .post(server.at(&format!("/api/{name}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// A server on a fresh database of `backend` (kept beside it, to remove after the test);
/// `None` when PostgreSQL is unreachable outside CI. Demo sign-ins are not rate-limited
/// here: these tests sign many people in.
pub async fn launch(backend: Backend) -> Option<(Server, Option<TestDatabase>)> {
    let database = TestDatabase::create(backend).await?;
    let server = Server::start(Options {
        database_url: Some(database.url().to_string()),
        env: vec![(
            "PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE".into(),
            "1000".into(),
        )],
        ..Options::default()
    });
    Some((server, Some(database)))
}
