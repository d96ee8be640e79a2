//! The home-zone plan page in Chromium (demo building): a facility manager sees the proposal
//! drawn on every floor plan, with the changed zones marked in text, and keeps it as a plan
//! from today; an organisation administrator whose units move finds the plan on the same page
//! and consents for their organisation; a pair of units that work together is saved from the
//! page's form.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use tests::browser::Browser;
use tests::server::{Options, Server, today};

#[tokio::test]
async fn a_home_zone_plan_is_kept_on_the_page_and_consented_to() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let cookie = server.demo_session("facility_manager").await;
    browser.use_session(&server, &cookie).await;
    client.goto(&server.at("/home-zone-plan")).await.unwrap();
    browser.wait_for_hydration().await;

    // The proposal on every floor plan: each zone names its units today, and a changed zone
    // names its new units in words and has a dashed outline.
    browser.text_of("#home-zone-plan tbody").await;
    let drawings = client
        .find_all(Locator::Css("figure.plan-drawing svg[role='img']"))
        .await
        .unwrap();
    assert_eq!(
        drawings.len(),
        6,
        "the demo's four floors and the second building's two"
    );
    let changed = client
        .find_all(Locator::Css("g.zone-changed"))
        .await
        .unwrap();
    assert!(!changed.is_empty(), "the proposal changes zones");
    let label = changed[0].text().await.unwrap();
    assert!(
        label.contains("heute:") && label.contains("neu:"),
        "{label}"
    );
    let dashed = client
        .execute(
            "return getComputedStyle(document.querySelector('g.zone-changed rect')).strokeDasharray;",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(dashed, serde_json::json!("none"));
    // Desks per person, today and as proposed.
    let table = browser.text_of("#home-zone-plan").await;
    assert!(table.contains("Plätze je Person"), "{table}");

    // Kept as a plan from today.
    client
        .execute(
            "document.getElementById('effective_from').value = arguments[0];",
            vec![serde_json::json!(today().to_string())],
        )
        .await
        .unwrap();
    client
        .find(Locator::Css("#keep-plan button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let plan = browser
        .wait_for_text("article.stored-plan", "wartet auf Zustimmung")
        .await;
    assert!(
        plan.contains("zieht um") || plan.contains("Einheiten, die umziehen"),
        "{plan}"
    );
    let party = client
        .find(Locator::Css("article.stored-plan .plan-consents li strong"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // A facility manager may withdraw it, not consent.
    assert!(
        client
            .find(Locator::Css("article.stored-plan button.danger"))
            .await
            .is_ok()
    );

    // The administrator of an organisation whose units move consents on the same page.
    let people = server.demo_people().await;
    let admin = people
        .iter()
        .find(|p| {
            p["organisation"] == party.as_str()
                && p["roles"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r == "org_admin"))
        })
        .expect("an administrator of the organisation");
    let cookie = server.session_of(admin["id"].as_i64().unwrap()).await;
    browser.use_session(&server, &cookie).await;
    client.goto(&server.at("/home-zone-plan")).await.unwrap();
    browser.wait_for_hydration().await;
    browser.text_of("article.stored-plan").await;
    assert!(
        client.find(Locator::Css("#home-zone-plan")).await.is_err(),
        "organisation administrators do not see the proposal's figures"
    );
    client
        .find(Locator::Css(
            "article.stored-plan form.inline-form button[type='submit']:not(.danger)",
        ))
        .await
        .expect("the consent button")
        .click()
        .await
        .unwrap();
    let consents = browser
        .wait_for_text("article.stored-plan .plan-consents", "zugestimmt am")
        .await;
    assert!(consents.contains(&party), "{consents}");

    // A pair of units that work together, saved from the form, is listed.
    let options = client
        .find_all(Locator::Css("#unit_b option"))
        .await
        .unwrap();
    assert!(options.len() >= 2, "the organisation's units");
    let second = options[1].prop("value").await.unwrap().unwrap();
    client
        .execute(
            "document.getElementById('unit_b').value = arguments[0];",
            vec![serde_json::json!(second)],
        )
        .await
        .unwrap();
    client
        .find(Locator::Css("#set-affinity button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_text("#unit-affinities", "5").await;
    browser.close().await;
}
