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
