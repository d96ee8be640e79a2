//! A real Chromium with a virtual WebAuthn authenticator: a new person accepts an invitation,
//! registers a passkey, signs out, signs in with it; a replayed sign-in answer is refused; the
//! person checks in by a desk's QR page with the passkey and checks out; a revoked passkey no
//! longer signs in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::server::{Options, Server, find_desk, today};

/// Waits (at most 20 s) until the browser is at `path` of the server.
async fn wait_for_path(client: &Client, path: &str) {
    let start = Instant::now();
    loop {
        let url = client.current_url().await.unwrap();
        if url.path() == path {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "still at {url}, expected {path}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the first element matching `css`, waiting for it up to 20 s.
async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits (at most 20 s) until the first element matching `css` exists and its text contains
/// `needle`.
async fn wait_for_text(client: &Client, css: &str, needle: &str) {
    let start = Instant::now();
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await
            && element.text().await.unwrap_or_default().contains(needle)
        {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no {css} saying {needle:?}; the page says: {}",
            text_of(client, "main").await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Keeps a copy of every passkey sign-in answer the page sends, in `sessionStorage`.
const RECORD_ANSWERS: &str = r#"
    const original = window.fetch;
    window.fetch = (url, init) => {
        if (String(url).endsWith("/sign-in/finish")) sessionStorage.setItem("answer", init.body);
        return original(url, init);
    };
    return true;
"#;

/// Sends the recorded answer once more; resolves to `[status, problem type]`.
const REPLAY_ANSWER: &str = r#"
    const done = arguments[arguments.length - 1];
    fetch("/api/v1/auth/passkeys/sign-in/finish", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: sessionStorage.getItem("answer"),
    }).then(async (r) => done([r.status, (await r.json()).type]));
"#;

/// The signed-in person's bookings, fetched by the page; resolves to the JSON.
const MY_BOOKINGS: &str = r#"
    const done = arguments[arguments.length - 1];
    fetch("/api/v1/bookings/mine").then(async (r) => done(await r.json()));
"#;

#[tokio::test]
async fn an_invited_person_registers_a_passkey_signs_out_and_signs_in_with_it() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;

    // An organisation administrator creates the person and an invitation link.
    let admin = server.demo_client("org_admin").await;
    let id = server
        .create_employee(&admin, "Paula Passkey", "paula@example.org")
        .await;
    let link = server.invitation_link(&admin, id).await;
    assert!(link.starts_with(&server.localhost("/invite/")), "{link}");

    browser.add_virtual_authenticator().await;

    // Accept the invitation: register a passkey, which signs the person in.
    client.goto(&link).await.unwrap();
    assert!(text_of(client, "main p").await.contains("Paula Passkey"));
    let name = client.find(Locator::Id("passkey-name")).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys("Testrechner").await.unwrap();
    client
        .find(Locator::Css("button[data-passkey='register']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/").await;
    assert_eq!(text_of(client, ".person-name").await, "Paula Passkey");

    // The link is used up.
    client.goto(&link).await.unwrap();
    assert!(
        text_of(client, "main .error")
            .await
            .contains("wurde schon benutzt")
    );

    // Sign out.
    client.goto(&server.localhost("/")).await.unwrap();
    text_of(client, ".person-name").await;
    client
        .find(Locator::Css(".person-menu button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/sign-in").await;
    client.goto(&server.localhost("/account")).await.unwrap();
    wait_for_path(client, "/sign-in").await;

    // Sign in with the passkey, no user name; come back to where the person wanted to go.
    client.execute(RECORD_ANSWERS, vec![]).await.unwrap();
    client
        .find(Locator::Css("button[data-passkey='sign-in']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/account").await;
    assert_eq!(text_of(client, ".person-name").await, "Paula Passkey");
    let passkey_name = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("input[id^='passkey-name-']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(passkey_name.as_deref(), Some("Testrechner"));

    // The same signed answer sent again is refused: its challenge was used.
    let replay = client.execute_async(REPLAY_ANSWER, vec![]).await.unwrap();
    assert_eq!(replay, json!([400, "/problems/ceremony-expired"]));

    // Check in by the QR code of a free desk: confirming with the passkey books the desk for
    // the rest of the day and checks it in; checking out frees it again.
    let (_, desk) = find_desk(&server, &admin, today(), |d| d["state"] == "free")
        .await
        .expect("a free desk today");
    let desk = desk["id"].as_i64().unwrap();
    client
        .goto(&server.localhost(&format!("/check-in/desk/{desk}")))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("button[data-passkey='check-in']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(
        client,
        ".notice.success",
        "Sie sind an diesem Platz eingecheckt",
    )
    .await;
    let mine = client.execute_async(MY_BOOKINGS, vec![]).await.unwrap();
    let booking = mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["desk_id"] == desk)
        .cloned()
        .unwrap_or_else(|| panic!("no booking of desk {desk}: {mine}"));
    assert_eq!(booking["checked_in"], true);
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("main form button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(client, "main", "Ausgecheckt").await;

    // Revoke the passkey on the account page; it no longer signs in.
    client.goto(&server.localhost("/account")).await.unwrap();
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("table button.danger"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let start = Instant::now();
    while !client
        .find_all(Locator::Css("input[id^='passkey-name-']"))
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the passkey stays listed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client.goto(&server.localhost("/sign-in")).await.unwrap();
    client
        .execute(
            "document.cookie = 'pw_session=; Max-Age=0; path=/'; return true;",
            vec![],
        )
        .await
        .unwrap();
    client.delete_all_cookies().await.unwrap();
    client.goto(&server.localhost("/sign-in")).await.unwrap();
    client
        .find(Locator::Css("button[data-passkey='sign-in']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(client, "[data-passkey-status]", "nicht geklappt").await;
    assert_eq!(client.current_url().await.unwrap().path(), "/sign-in");
    browser.close().await;
}

#[tokio::test]
async fn a_passkey_added_by_invitation_ends_other_sessions_and_the_next_needs_a_fresh_confirmation()
{
    let Some(db) = tests::db::TestDatabase::create(tests::db::Backend::Sqlite).await else {
        return;
    };
    let server = Server::start(Options {
        database_url: Some(db.url().to_string()),
        ..Options::default()
    });
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    // An employee of the administrator's organisation, without a passkey, signed in elsewhere.
    let people = server.demo_people().await;
    let admin = people
        .iter()
        .find(|p| p["roles"].as_array().unwrap().last() == Some(&json!("org_admin")))
        .unwrap();
    let employee = people
        .iter()
        .find(|p| {
            p["organisation"] == admin["organisation"]
                && p["roles"].as_array().unwrap().last() == Some(&json!("employee"))
        })
        .unwrap();
    let id = employee["id"].as_i64().unwrap();
    let elsewhere = server.client_with(&server.session_of(id).await);
    let me = elsewhere.get(server.at("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status().as_u16(), 200);

    let admin = server.client_with(&server.session_of(admin["id"].as_i64().unwrap()).await);
    let invitation: Value = admin
        .post(server.at(&format!("/api/v1/people/{id}/invitations")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = invitation["link"].as_str().unwrap().to_string();
    browser.add_virtual_authenticator().await;
    client.goto(&link).await.unwrap();
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("button[data-passkey='register']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/").await;

    // The session opened before is over; the audit log says why.
    let me = elsewhere.get(server.at("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status().as_u16(), 401, "the other session ended");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let entry = entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq("auth.passkey_added"))
        .filter(entities::audit_log::Column::ActorPersonId.eq(i32::try_from(id).unwrap()))
        .one(db.connection())
        .await
        .unwrap()
        .expect("the passkey is in the audit log");
    let reason = entry.detail.unwrap()["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        reason.contains("by invitation") && reason.contains("other sessions ended: 1"),
        "{reason}"
    );

    // Six minutes later another passkey needs a fresh confirmation with the person's own
    // passkey ("Mit Passkey bestätigen" on the account page); then it may start.
    entities::web_session::Entity::update_many()
        .col_expr(
            entities::web_session::Column::VerifiedAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(6)),
        )
        .exec(db.connection())
        .await
        .unwrap();
    client.goto(&server.localhost("/account")).await.unwrap();
    browser.wait_for_hydration().await;
    let start_adding = r#"
        const done = arguments[arguments.length - 1];
        fetch("/api/v1/auth/passkeys/register/start", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: "{}",
        }).then(async (r) => done([r.status, (await r.json()).type || null]));
    "#;
    let refused = client.execute_async(start_adding, vec![]).await.unwrap();
    assert_eq!(refused, json!([403, "/problems/step-up-required"]));
    client
        .find(Locator::Css("button[data-passkey='step-up']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(client, "[data-passkey-status]", "Bestätigt").await;
    let allowed = client.execute_async(start_adding, vec![]).await.unwrap();
    assert_eq!(allowed, json!([200, null]));
    let confirmed = entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq("auth.step_up"))
        .filter(entities::audit_log::Column::ActorPersonId.eq(i32::try_from(id).unwrap()))
        .all(db.connection())
        .await
        .unwrap();
    assert_eq!(confirmed.len(), 1, "the confirmation is in the audit log");
    browser.close().await;
    drop(server);
    db.remove().await;
}

#[tokio::test]
async fn a_check_in_by_qr_code_needs_the_building_network_or_the_sensor_seeing_someone() {
    // The building's network is elsewhere: this machine is not in it.
    let server = Server::start(Options {
        env: vec![(
            "PLATZWAHL_CHECKIN__NETWORKS".into(),
            "[\"192.0.2.0/24\"]".into(),
        )],
        ..Options::default()
    });
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;

    // A person with a passkey.
    let admin = server.demo_client("org_admin").await;
    let id = server
        .create_employee(&admin, "Quentin QR", "quentin@example.org")
        .await;
    let link = server.invitation_link(&admin, id).await;
    browser.add_virtual_authenticator().await;
    client.goto(&link).await.unwrap();
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("button[data-passkey='register']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/").await;

    // A free desk with a sensor that has seen nobody: the QR page refuses, and says why.
    let label = tests::mqtt::a_desk_with_a_sensor(&server, 1).await;
    let (_, desk) = find_desk(&server, &admin, today(), |d| {
        d["label"] == label.as_str() && d["state"] == "free"
    })
    .await
    .expect("the desk with the sensor is free today");
    let desk = desk["id"].as_i64().unwrap();
    client
        .goto(&server.localhost(&format!("/check-in/desk/{desk}")))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    let button = Locator::Css("button[data-passkey='check-in']");
    client.find(button).await.unwrap().click().await.unwrap();
    wait_for_text(client, "[data-passkey-status]", "nur vor Ort").await;
    let mine = client.execute_async(MY_BOOKINGS, vec![]).await.unwrap();
    assert!(
        mine["upcoming"].as_array().unwrap().is_empty(),
        "nothing was booked: {mine}"
    );

    // The sensor sees someone sitting down: now the same check-in counts.
    tests::mqtt::publish_until_state(
        &server,
        ("127.0.0.1", server.mqtt_port),
        &format!("zigbee2mqtt/desks/{label}"),
        &tests::mqtt::presence(true),
        (1, &label),
        "occupied",
        Duration::from_secs(20),
    )
    .await;
    client.find(button).await.unwrap().click().await.unwrap();
    wait_for_text(
        client,
        ".notice.success",
        "Sie sind an diesem Platz eingecheckt",
    )
    .await;
    browser.close().await;
}
