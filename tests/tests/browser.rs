//! A real Chromium opens the floor plan, waits for hydration and selects a desk.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use tests::browser::Browser;
use tests::server::{Options, Server};

#[tokio::test]
async fn selecting_a_desk_on_the_plan_shows_its_details_without_reloading_the_page() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    browser
        .use_session(&server, &server.viewer_cookie().await)
        .await;
    client.goto(&server.at("/floors/2")).await.unwrap();
    browser.wait_for_hydration().await;

    // A marker that a full page load would wipe out.
    client
        .execute("window.__platzwahlMarker = 42; return true;", vec![])
        .await
        .unwrap();
    client
        .find(Locator::Css("a.desk[data-desk='2.14']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let details = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".desk-details[data-desk='2.14']"))
        .await
        .expect("the details of desk 2.14 appear");
    let text = details.text().await.unwrap();
    assert!(text.contains("Arbeitsplatz 2.14"), "{text}");
    assert!(text.contains("Ausstattung"), "{text}");

    let marker = client
        .execute("return window.__platzwahlMarker || null;", vec![])
        .await
        .unwrap();
    assert_eq!(marker, serde_json::json!(42), "the page was not reloaded");
    let url = client.current_url().await.unwrap();
    assert!(url.query().is_some_and(|q| q.starts_with("desk=")), "{url}");
    let selected = client
        .find(Locator::Css("a.desk.selected"))
        .await
        .unwrap()
        .attr("aria-current")
        .await
        .unwrap();
    assert_eq!(
        selected.as_deref(),
        Some("true"),
        "the selection is not told by colour alone"
    );

    browser.close().await;
}

#[tokio::test]
async fn the_floor_plan_fits_a_phone_screen() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    client.set_window_size(390, 844).await.unwrap();
    browser
        .use_session(&server, &server.viewer_cookie().await)
        .await;
    client.goto(&server.at("/floors/1")).await.unwrap();
    browser.wait_for_hydration().await;
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(0),
        "no sideways scrolling on a phone"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_desk_on_the_map_turns_occupied_when_its_sensor_reports_presence() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let desk = tests::mqtt::a_desk_with_a_sensor(&server, 2).await;
    browser
        .use_session(&server, &server.viewer_cookie().await)
        .await;
    client.goto(&server.at("/floors/2")).await.unwrap();
    browser.wait_for_hydration().await;
    let on_map = format!("a.desk[data-desk='{desk}']");
    let before = client
        .find(Locator::Css(&on_map))
        .await
        .unwrap()
        .attr("data-live")
        .await
        .unwrap();
    assert_eq!(before.as_deref(), Some("unknown"), "no message yet");

    // The page is not reloaded: the change arrives through the live stream.
    client
        .execute("window.__platzwahlMarker = 7; return true;", vec![])
        .await
        .unwrap();
    tests::mqtt::publish_until_state(
        &server,
        ("127.0.0.1", server.mqtt_port),
        &format!("zigbee2mqtt/desks/{desk}"),
        &tests::mqtt::presence(true),
        (2, &desk),
        "occupied",
        Duration::from_secs(20),
    )
    .await;
    let occupied = client
        .wait()
        .at_most(Duration::from_secs(2))
        .every(Duration::from_millis(50))
        .for_element(Locator::Css(&format!("{on_map}[data-live='occupied']")))
        .await
        .expect("the desk turns occupied on the map within a moment of the message");
    let label = occupied
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        label.contains("jetzt besetzt"),
        "told in words too: {label}"
    );
    let in_list = client
        .execute(
            &format!(
                "return document.querySelector(\"tr[data-desk='{desk}'] td.live\").textContent;"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        in_list,
        serde_json::json!("jetzt besetzt"),
        "the list view says so"
    );
    let marker = client
        .execute("return window.__platzwahlMarker || null;", vec![])
        .await
        .unwrap();
    assert_eq!(marker, serde_json::json!(7), "the page was not reloaded");

    browser.close().await;
}
