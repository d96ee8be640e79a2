//! The building editor in Chromium (demo building), as issue #18 tells it: a building
//! administrator uploads a floor plan, draws a zone on it by dragging, places a desk by
//! clicking and moves it by the form alone; the zone is given to an employee's organisation
//! and made their unit's home zone; the employee books the new desk on the floor page's plan.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::server::{Options, Server, today};

const BUILDING: &str = "bundesbahndirektion";

/// The value of the input `selector`.
async fn value_of(browser: &Browser, selector: &str) -> String {
    browser
        .client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector} is there"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn type_into(browser: &Browser, selector: &str, text: &str) {
    let field = browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector} appears"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(browser: &Browser, selector: &str) {
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|_| panic!("{selector} appears"))
        .click()
        .await
        .unwrap();
}

/// Presses the mouse at (`x0`, `y0`) and lets it go at (`x1`, `y1`), in pixels from the
/// plan's centre.
async fn drag_on_plan(browser: &Browser, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
    browser
        .client
        .execute(
            "document.getElementById('editor-plan').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    let plan = browser
        .client
        .find(Locator::Css("#editor-plan"))
        .await
        .unwrap();
    let actions = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveToElement {
            element: plan.clone(),
            duration: None,
            x: x0,
            y: y0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: plan.clone(),
            duration: Some(Duration::from_millis(150)),
            x: x1,
            y: y1,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.client.perform_actions(actions).await.unwrap();
    browser.client.release_actions().await.unwrap();
}

async fn json_of(response: reqwest::Response, what: &str) -> Value {
    assert!(
        response.status().is_success(),
        "{what}: {}",
        response.status()
    );
    response.json().await.unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_building_administrator_draws_a_zone_and_places_a_desk_that_an_employee_books() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.set_viewport(1280, 1600).await;
    let client = &browser.client;
    let admin_cookie = server.demo_session("building_admin").await;
    let admin = server.client_with(&admin_cookie);

    // A new floor to work on.
    let floor = json_of(
        admin
            .post(server.at(&format!("/api/v1/buildings/{BUILDING}/floors")))
            .json(&json!({ "level": 7, "name": "7. OG", "plan_width": 1000, "plan_height": 600 }))
            .send()
            .await
            .unwrap(),
        "a floor",
    )
    .await["id"]
        .as_i64()
        .unwrap();

    browser.use_session(&server, &admin_cookie).await;
    client
        .goto(&server.at(&format!("/admin/buildings/{BUILDING}?floor={floor}")))
        .await
        .unwrap();
    browser.wait_for_hydration().await;

    // The floor plan uploaded by the page's form; shown under the map.
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("7og.svg");
    std::fs::write(
        &plan_file,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 600\">\
         <rect x=\"10\" y=\"10\" width=\"980\" height=\"580\" fill=\"none\" stroke=\"#333\"/></svg>",
    )
    .unwrap();
    client
        .find(Locator::Css("#plan-file"))
        .await
        .unwrap()
        .send_keys(plan_file.to_str().unwrap())
        .await
        .unwrap();
    click(&browser, "#plan-upload").await;
    browser
        .wait_for_text("#editor-status", "Grundriss hochgeladen")
        .await;
    browser.wait_for_hydration().await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#editor-plan image"))
        .await
        .expect("the plan image is under the map");

    // A zone drawn by dragging on the plan: the form's fields follow.
    click(&browser, "#tool-zone").await;
    drag_on_plan(&browser, (-300.0, -150.0), (-20.0, 120.0)).await;
    let width: i32 = value_of(&browser, "#place-width").await.parse().unwrap();
    let height: i32 = value_of(&browser, "#place-height").await.parse().unwrap();
    assert!(width > 100 && height > 100, "dragged {width} × {height}");
    type_into(&browser, "#place-key", "7a").await;
    type_into(&browser, "#place-name", "Zone 7A").await;
    click(&browser, "#place-save").await;
    browser.wait_for_text("#editor-status", "Gespeichert").await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#editor-plan g.zone"))
        .await
        .expect("the zone is on the plan");

    // A desk placed by clicking inside the zone.
    click(&browser, "#tool-desk").await;
    drag_on_plan(&browser, (-160.0, -20.0), (-160.0, -20.0)).await;
    let x: i32 = value_of(&browser, "#place-x").await.parse().unwrap();
    assert!(x > 0, "the click gave the desk its place: x = {x}");
    type_into(&browser, "#place-key", "7.01").await;
    click(&browser, "#place-save").await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#editor-plan g.desk[data-desk='7.01']"))
        .await
        .expect("the desk is on the plan");

    // Without a pointer: the desk chosen from the list and moved by its x field.
    let edit = client
        .find(Locator::XPath(
            "//ul[contains(@class,'editor-list')]//li[contains(., '7.01')]//button",
        ))
        .await
        .expect("the desk is listed with an edit button");
    edit.click().await.unwrap();
    browser.wait_for_text("#place-heading", "7.01").await;
    type_into(&browser, "#place-x", "420").await;
    click(&browser, "#place-save").await;
    // Saved and drawn again: the desk's label stands at its new centre.
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(
            "#editor-plan g.desk[data-desk='7.01'] text[x='420']",
        ))
        .await
        .expect("the desk is drawn at x = 420");
    let shown = json_of(
        admin
            .get(server.at(&format!("/api/v1/buildings/{BUILDING}/editor")))
            .send()
            .await
            .unwrap(),
        "the editor",
    )
    .await;
    let desk = shown["floors"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["desks"].as_array().unwrap().iter())
        .find(|d| d["label"] == "7.01")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(desk["x"], 420, "the desk moved to x = 420: {desk}");

    // With a pointer: the selected desk dragged to the right, then saved.
    let offset = client
        .execute(
            "const plan = document.getElementById('editor-plan').getBoundingClientRect();
             const desk = document.querySelector(\"#editor-plan g.desk[data-desk='7.01'] rect\")
                 .getBoundingClientRect();
             return [desk.x + desk.width / 2 - (plan.x + plan.width / 2),
                     desk.y + desk.height / 2 - (plan.y + plan.height / 2)];",
            vec![],
        )
        .await
        .unwrap();
    let (dx, dy) = (offset[0].as_f64().unwrap(), offset[1].as_f64().unwrap());
    drag_on_plan(&browser, (dx, dy), (dx + 80.0, dy)).await;
    browser.wait_for_text("#editor-status", "Verschoben").await;
    let dragged: i32 = value_of(&browser, "#place-x").await.parse().unwrap();
    assert!(
        dragged > 450,
        "the drag moved the desk right: x = {dragged}"
    );
    assert_eq!(value_of(&browser, "#place-y").await, desk["y"].to_string());
    click(&browser, "#place-save").await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!(
            "#editor-plan g.desk[data-desk='7.01'] text[x='{dragged}']"
        )))
        .await
        .expect("the desk is drawn where it was dragged");

    // The zone given to the employee's organisation and made their unit's home zone.
    let people = server.demo_people().await;
    let employee = people
        .iter()
        .find(|p| {
            p["roles"].as_array().and_then(|r| r.last()) == Some(&json!("employee"))
                && p["unit"].is_string()
        })
        .expect("a demo employee in a unit")
        .clone();
    let org_admin = people
        .iter()
        .find(|p| {
            p["organisation"] == employee["organisation"]
                && p["roles"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| r == "org_admin"))
        })
        .expect("an administrator of the employee's organisation");
    let org_admin = server.client_with(&server.session_of(org_admin["id"].as_i64().unwrap()).await);
    let editor = json_of(
        admin
            .get(server.at(&format!("/api/v1/buildings/{BUILDING}/editor")))
            .send()
            .await
            .unwrap(),
        "the editor",
    )
    .await;
    let zone = editor["floors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"].as_i64() == Some(floor))
        .unwrap()["zones"][0]["id"]
        .as_i64()
        .unwrap();
    let grants = json_of(
        admin
            .get(server.at("/api/v1/planner/grants"))
            .send()
            .await
            .unwrap(),
        "the grants",
    )
    .await;
    let organisation = grants
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|z| z["organisations"].as_array().unwrap().iter())
        .find(|o| o["name"] == employee["organisation"])
        .expect("the employee's organisation has zones")["id"]
        .as_i64()
        .unwrap();
    json_of(
        admin
            .put(server.at("/api/v1/planner/grants"))
            .json(&json!({ "zone": zone, "organisation": organisation, "granted": true }))
            .send()
            .await
            .unwrap(),
        "the grant",
    )
    .await;
    let units = json_of(
        org_admin
            .get(server.at("/api/v1/units"))
            .send()
            .await
            .unwrap(),
        "the units",
    )
    .await;
    let units = units.get("units").cloned().unwrap_or(units);
    let unit = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == employee["unit"])
        .expect("the employee's unit")
        .clone();
    let mut zones = vec![json!(zone)];
    zones.extend(
        unit["home_zones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|z| z["id"].clone()),
    );
    json_of(
        org_admin
            .put(server.at(&format!("/api/v1/units/{}/home-zones", unit["id"])))
            .json(&json!({ "zones": zones }))
            .send()
            .await
            .unwrap(),
        "the home zones",
    )
    .await;

    // The employee books the new desk on the floor page's plan.
    let cookie = server.session_of(employee["id"].as_i64().unwrap()).await;
    browser.use_session(&server, &cookie).await;
    client
        .goto(&server.at(&format!("/buildings/{BUILDING}/floors/7?day={}", today())))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    client
        .find(Locator::Css("svg.floor-plan image.plan-image"))
        .await
        .expect("the uploaded plan is under the employee's map too");
    click(&browser, "a.desk[data-desk='7.01']").await;
    click(&browser, ".book-form button[type='submit']").await;
    let outcome = browser.wait_for_text(".booking-outcome", "gebucht").await;
    assert!(!outcome.contains("nicht gebucht"), "{outcome}");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("a.desk.desk-mine[data-desk='7.01']"))
        .await
        .expect("the desk shows as the employee's");
    browser.close().await;
    let (clean, _) = server.finish();
    assert!(clean, "the server stops cleanly");
}
