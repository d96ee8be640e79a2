//! A real Chromium opens the floor plan, waits for hydration, selects a desk, books it and
//! cancels it under "my bookings".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use tests::browser::Browser;
use tests::server::{Options, Server, find_desk, today};

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
    assert!(url.query().is_some_and(|q| q.contains("desk=")), "{url}");
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
async fn the_floor_plan_and_the_rooms_page_fit_a_phone_screen() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    client.set_window_size(390, 844).await.unwrap();
    browser
        .use_session(&server, &server.viewer_cookie().await)
        .await;
    for page in ["/floors/1", "/rooms"] {
        client.goto(&server.at(page)).await.unwrap();
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
            "no sideways scrolling on a phone: {page}"
        );
    }
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

#[tokio::test]
async fn an_employee_books_a_desk_on_the_map_sees_it_under_my_bookings_and_cancels_it() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let cookie = server.demo_session("employee").await;
    let api = server.client_with(&cookie);
    browser.use_session(&server, &cookie).await;

    // A free desk in the employee's home zones today.
    let today = today();
    let (level, desk) = find_desk(&server, &api, today, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone today");
    let label = desk["label"].as_str().unwrap().to_string();

    client
        .goto(&server.at(&format!("/floors/{level}?day={today}")))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    let desk = format!("a.desk[data-desk='{label}']");
    client
        .find(Locator::Css(&desk))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".book-form button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let outcome = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".booking-outcome"))
        .await
        .expect("the booking's outcome is shown")
        .text()
        .await
        .unwrap();
    assert!(outcome.contains("gebucht"), "{outcome}");
    assert!(!outcome.contains("nicht gebucht"), "{outcome}");
    // The map tells it is mine by a tick, not only by colour.
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!(
            "a.desk.desk-mine[data-desk='{label}'] .desk-tick"
        )))
        .await
        .expect("the desk shows as mine");

    // My bookings lists it; cancel it there.
    client.goto(&server.at("/bookings")).await.unwrap();
    browser.wait_for_hydration().await;
    let row = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("table.bookings tbody tr"))
        .await
        .unwrap();
    let text = row.text().await.unwrap();
    assert!(text.contains(&format!("Arbeitsplatz {label}")), "{text}");
    row.find(Locator::Css("button.danger"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        let main = client
            .find(Locator::Css("main"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if main.contains("Storniert.") && main.contains("Keine Buchungen.") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{main}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mine: serde_json::Value = api
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(mine["upcoming"].as_array().unwrap().is_empty(), "{mine}");
    browser.close().await;
}

#[tokio::test]
async fn an_employee_finds_a_desk_by_keyboard_and_reads_why() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let cookie = server.demo_session("employee").await;
    let api = server.client_with(&cookie);
    browser.use_session(&server, &cookie).await;

    client.goto(&server.at("/find")).await.unwrap();
    browser.wait_for_hydration().await;
    // The day starts as today; ask for a height-adjustable desk, by keyboard only.
    let select = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("select[name='height_adjustable']"))
        .await
        .unwrap();
    select
        .select_by_value("need")
        .await
        .expect("the need can be chosen");
    let button = client
        .find(Locator::Css(".find-form button[type='submit']"))
        .await
        .unwrap();
    button.send_keys("\u{E007}").await.unwrap(); // Enter
    let found = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[role='status'] .found"))
        .await
        .expect("the desk found is announced")
        .text()
        .await
        .unwrap();
    assert!(found.contains("gebucht"), "{found}");
    assert!(found.contains("höhenverstellbar"), "{found}");
    assert!(found.contains("Heimatzone"), "{found}");

    // It is the person's booking now, of a height-adjustable desk.
    let mine: serde_json::Value = api
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let booking = &mine["upcoming"][0];
    assert_eq!(booking["day"], serde_json::json!(today()), "{mine}");
    let (_, desk) = find_desk(&server, &api, today(), |d| d["id"] == booking["desk_id"])
        .await
        .unwrap();
    assert_eq!(desk["equipment"]["height_adjustable"], true, "{desk}");
    assert!(found.contains(desk["label"].as_str().unwrap()), "{found}");
    browser.close().await;
}

#[tokio::test]
async fn a_counsellor_reserves_a_room_and_others_see_only_taken() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let cookie = server.demo_session("counsellor").await;
    browser.use_session(&server, &cookie).await;
    let day = today() + chrono::Duration::days(2);
    let search = format!("/rooms?day={day}&from=10:00&to=11:00&privacy=protected&step_free=on");
    client.goto(&server.at(&search)).await.unwrap();
    browser.wait_for_hydration().await;

    // The first free protected, step-free room: choose it, fill in the form, reserve.
    let link = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".room-results a[href*='room=']"))
        .await
        .expect("a free room to reserve");
    let room = link.attr("aria-label").await.unwrap().unwrap_or_default();
    link.click().await.unwrap();
    let subject = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#reserve input[name='subject']"))
        .await
        .expect("the reservation form");
    subject.send_keys("Erstgespräch Herr K.").await.unwrap();
    client
        .find(Locator::Css("#reserve button[type='submit']"))
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    let outcome = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[role='status'] .found"))
        .await
        .expect("the outcome is announced")
        .text()
        .await
        .unwrap();
    assert!(outcome.contains("1 von 1 Terminen reserviert"), "{outcome}");

    // The timeline shows it as the counsellor's own, with the subject.
    let mine = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".room-timeline .slot-mine"))
        .await
        .expect("the reservation on the timeline")
        .text()
        .await
        .unwrap();
    assert!(
        mine.contains("10:00–11:00") && mine.contains("Erstgespräch Herr K."),
        "{mine} ({room})"
    );

    // Another employee sees "taken" and the time, nothing else.
    let other = server.demo_session("employee").await;
    browser.use_session(&server, &other).await;
    client
        .goto(&server.at(&format!(
            "/rooms?day={day}&from=10:00&to=11:00&privacy=protected"
        )))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    let taken = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".room-timeline .slot-taken"))
        .await
        .expect("the reservation as taken")
        .text()
        .await
        .unwrap();
    assert_eq!(taken, "10:00–11:00 belegt");
    let page = client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Erstgespräch"), "{page}");
    browser.close().await;
}

#[tokio::test]
async fn a_facility_manager_reads_the_heatmaps_and_their_tables() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let cookie = server.demo_session("facility_manager").await;
    browser.use_session(&server, &cookie).await;
    client.goto(&server.at("/reports")).await.unwrap();
    browser.wait_for_hydration().await;

    // Without a period: the four weeks up to yesterday.
    let from = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[action='/reports'] input[name='from']"))
        .await
        .expect("the period form")
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        from.as_deref(),
        Some((today() - chrono::Duration::days(28)).to_string().as_str())
    );

    // The heatmap of zones by hour: a row per zone, cells with a figure and a shade.
    let heat = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#by-hour table.heatmap"))
        .await
        .expect("the heatmap by hour");
    let rows = heat.find_all(Locator::Css("tbody tr")).await.unwrap();
    assert!(rows.len() > 5, "a row per zone: {}", rows.len());
    let shaded = heat
        .find_all(Locator::Css("td.heat-3, td.heat-4, td.heat-5"))
        .await
        .unwrap();
    assert!(!shaded.is_empty(), "busy hours are shaded");
    let figure = shaded[0].text().await.unwrap();
    assert!(
        figure.ends_with(" %"),
        "each shaded cell says its figure: {figure}"
    );
    // The quiet zone rests on too few people: suppressed, and said so.
    let suppressed = heat
        .find(Locator::Css("td.heat-suppressed"))
        .await
        .expect("a suppressed cell");
    assert_eq!(
        suppressed.attr("title").await.unwrap().as_deref(),
        Some("unterdrückt (zu wenige Personen)")
    );

    // The floor plans with each zone's heat, named for screen readers.
    let plans = client
        .find_all(Locator::Css(
            "#overlay figure.floor-heat svg[role='img'] g.zone-heat",
        ))
        .await
        .unwrap();
    assert!(plans.len() > 5, "zones on the plans: {}", plans.len());

    // The key figures as a chart and as a table, the building first.
    let bars = client
        .find_all(Locator::Css("#kpis .bars li"))
        .await
        .unwrap();
    assert!(bars.len() >= 2, "the building and its organisations");
    let building = client
        .find(Locator::Css("#kpis table.kpi-table tr.kpi-building"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        building.starts_with("Gebäude") && building.contains('%'),
        "{building}"
    );

    // The CSV of the same table, for the same period.
    let csv = client
        .find(Locator::Css(".downloads a[href*='by-hour.csv']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(csv.contains("from=") && csv.contains("to="), "{csv}");

    // Narrowing to one floor by the form keeps only its zones.
    client
        .find(Locator::Css("form[action='/reports'] select[name='floor']"))
        .await
        .unwrap()
        .select_by_value("2")
        .await
        .unwrap();
    client
        .find(Locator::Css(
            "form[action='/reports'] button[type='submit']",
        ))
        .await
        .unwrap()
        .send_keys("\u{E007}")
        .await
        .unwrap();
    let mut floors = 0;
    for _ in 0..100 {
        let url = client.current_url().await.unwrap();
        if url.query().is_some_and(|q| q.contains("floor=2")) {
            floors = client
                .find_all(Locator::Css("#overlay figure.floor-heat"))
                .await
                .unwrap()
                .len();
            if floors == 1 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        floors, 1,
        "one floor's plan, with the form's query in the address"
    );

    // The page fits a phone: tables scroll inside their boxes, the page does not.
    client.set_window_size(390, 844).await.unwrap();
    client.goto(&server.at("/reports")).await.unwrap();
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

    // The building now lists every floor.
    client.goto(&server.at("/building-now")).await.unwrap();
    browser.wait_for_hydration().await;
    let floors_now = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#floors-now tbody"))
        .await
        .unwrap()
        .find_all(Locator::Css("tr"))
        .await
        .unwrap();
    assert!(floors_now.len() >= 4);

    // The home-zone plan: every unit with its zones today and as proposed; the form keeps
    // the percentile asked for.
    client
        .goto(&server.at("/home-zone-plan?percentile=90&w_moved=500"))
        .await
        .unwrap();
    browser.wait_for_hydration().await;
    let units = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#home-zone-plan tbody"))
        .await
        .unwrap()
        .find_all(Locator::Css("tr"))
        .await
        .unwrap();
    assert!(units.len() >= 3, "{} units", units.len());
    let percentile = client
        .find(Locator::Css("#percentile"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(percentile.as_deref(), Some("90"));
    let moved = client
        .find(Locator::Css("#w_moved"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(moved.as_deref(), Some("500"));
    browser.close().await;
}

#[tokio::test]
async fn no_page_breaks_the_content_security_policy() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    let (_, desk) = find_desk(
        &server,
        &server.demo_client("employee").await,
        today(),
        |_| true,
    )
    .await
    .expect("a desk");
    let check_in = format!("/check-in/desk/{}", desk["id"]);
    let admin = server.demo_client("org_admin").await;
    let invited = server
        .create_employee(&admin, "Clara Csp", "clara@example.org")
        .await;
    let link = server.invitation_link(&admin, invited).await;
    let invite = url::Url::parse(&link).unwrap().path().to_string();
    // Every page of the router (app/src/shell.rs), each as a role that may open it; the
    // sign-in page and an invitation signed out.
    let visits: Vec<(Option<&str>, Vec<&str>)> = vec![
        (None, vec!["/sign-in", "/privacy", invite.as_str()]),
        (
            Some("employee"),
            vec![
                "/",
                "/floors/2",
                "/find",
                "/rooms",
                "/bookings",
                "/account",
                "/privacy",
                check_in.as_str(),
            ],
        ),
        (Some("unit_lead"), vec!["/team"]),
        (
            Some("facility_manager"),
            vec!["/reports", "/building-now", "/home-zone-plan"],
        ),
        (Some("org_admin"), vec!["/audit"]),
        (Some("building_admin"), vec!["/floors/2/qr"]),
    ];
    let mut visited = 0;
    for (role, pages) in visits {
        if let Some(role) = role {
            browser
                .use_session(&server, &server.demo_session(role).await)
                .await;
        }
        for page in pages {
            client.goto(&server.at(page)).await.unwrap();
            browser.wait_for_hydration().await;
            // Late scripts (the passkey script, streamed chunks) have run once the document
            // has loaded completely.
            let start = std::time::Instant::now();
            while client
                .execute("return document.readyState;", vec![])
                .await
                .unwrap()
                != "complete"
            {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "{page} never loads"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let violations: Vec<String> = browser
                .console()
                .await
                .into_iter()
                .map(|(_, message)| message)
                .filter(|message| message.contains("Content Security Policy"))
                .collect();
            assert!(
                violations.is_empty(),
                "{page} as {role:?} breaks the policy: {violations:#?}"
            );
            visited += 1;
        }
    }
    assert_eq!(visited, 17, "the 16 routes of the router, /privacy twice");
    browser.close().await;
}
