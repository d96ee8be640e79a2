//! A living demo, and the plan on a phone.
//!
//! In demo mode the server plays the demo building's desk sensors itself: a real Chromium on a
//! floor of a freshly started demo sees desks' live marks change without reloading, with
//! nothing else running; switched off (`demo_sensors.simulate = false`) nothing is published;
//! several instances at one broker play one at a time. On a phone (390 CSS pixels) the plan
//! shows one zone at a time, each of its desks a touch target of at least 44 × 44 pixels that
//! a tap reaches; the list of desks stays, and a wide window shows the whole floor as before.
//!
//! The simulated day runs fast here (`demo_sensors.pace`), so that people come and go within
//! seconds whatever the time of day the test runs at.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};
use tests::browser::Browser;
use tests::mqtt::{Connect, MOSQUITTO, collect, reachable, unique};
use tests::server::{Options, Server};
use tests::services::missing;

/// A day in under nine seconds: whatever the hour and weekday, a working morning comes soon.
const FAST: &str = "10000";

/// The log line of an instance that plays the demo's sensors.
const PLAYS: &str = "this instance plays the demo building's desk sensors";

/// The log line of an instance that finds another one playing.
const STANDS_BY: &str = "another instance plays the demo building's desk sensors";

fn playing(pace: &str) -> Vec<(String, String)> {
    vec![
        ("PLATZWAHL_DEMO_SENSORS__SIMULATE".into(), "true".into()),
        ("PLATZWAHL_DEMO_SENSORS__PACE".into(), pace.into()),
    ]
}

/// Records, in the page, every change of a desk's live mark (`data-live`) on the plan.
const WATCH_MARKS: &str = r#"
window.__marks = [];
const observer = new MutationObserver(records => {
  for (const r of records) {
    if (r.attributeName === 'data-live' && r.target.matches('a.desk')) {
      window.__marks.push([r.target.dataset.desk, r.oldValue, r.target.getAttribute('data-live')]);
    }
  }
});
observer.observe(document.querySelector('svg.floor-plan'),
  { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-live'] });
return document.querySelectorAll('a.desk[data-live]').length;
"#;

#[tokio::test]
async fn in_demo_mode_the_live_marks_move_within_a_minute_with_nothing_else_running() {
    let started = Instant::now();
    let server = Server::start(Options {
        env: playing(FAST),
        ..Options::default()
    });
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    browser
        .use_session(&server, &server.viewer_cookie().await)
        .await;
    client.goto(&server.at("/floors/2")).await.unwrap();
    browser.wait_for_hydration().await;
    let with_sensors = client.execute(WATCH_MARKS, vec![]).await.unwrap();
    assert!(
        with_sensors.as_u64().is_some_and(|n| n > 20),
        "the floor has desks with sensors: {with_sensors}"
    );
    // Polled with a deadline: a minute from the server's start.
    let deadline = started + Duration::from_secs(60);
    let moved = loop {
        let marks = client
            .execute("return window.__marks;", vec![])
            .await
            .unwrap();
        let moves: Vec<Value> = marks.as_array().cloned().unwrap_or_default();
        // Somebody came or went: a mark went from free to taken or back, not only out of "?".
        if let Some(found) = moves
            .iter()
            .find(|m| m[1] != json!("unknown") && m[2] != json!("unknown") && m[1] != m[2])
        {
            break found.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no desk's live mark changed between taken and free within a minute of the start; changes seen: {moves:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let (desk, now) = (moved[0].as_str().unwrap(), moved[2].as_str().unwrap());
    assert!(
        ["occupied", "vacant"].contains(&now),
        "desk {desk} became {now}"
    );
    // Soon no "?" is left on the floor: every sensor has spoken (same deadline).
    loop {
        let unknown = client
            .execute(
                "return [...document.querySelectorAll(\"a.desk[data-live='unknown']\")].map(a => a.dataset.desk);",
                vec![],
            )
            .await
            .unwrap();
        if unknown == json!([]) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "desks still unknown a minute after the start: {unknown}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.close().await;
    assert!(server.terminate(), "the server stops cleanly");
}

/// The topics of what the broker at `connect` carries under `filter` within `listen`.
async fn topics(connect: &Connect, filter: &str, listen: Duration) -> BTreeSet<String> {
    collect(connect, filter, listen, async {})
        .await
        .unwrap()
        .into_iter()
        .map(|(topic, _)| topic)
        .collect()
}

/// Listens at the broker `host:port` under `filter`, over one subscription, until `enough`
/// different topics were heard; panics after `within`.
async fn hear(
    (host, port): (&str, u16),
    filter: &str,
    enough: usize,
    within: Duration,
) -> BTreeSet<String> {
    use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
    let mut options = MqttOptions::new(unique("pw-listen"), host, port);
    options.set_keep_alive(Duration::from_secs(5));
    let (client, mut eventloop) = AsyncClient::new(options, 10);
    client.subscribe(filter, QoS::AtMostOnce).await.unwrap();
    let deadline = tokio::time::Instant::now() + within;
    let mut heard = BTreeSet::new();
    while heard.len() < enough {
        match tokio::time::timeout_at(deadline, eventloop.poll()).await {
            Ok(Ok(Event::Incoming(Packet::Publish(message)))) => {
                heard.insert(message.topic.clone());
            }
            Ok(Ok(_)) => {}
            // The broker may still be starting: the deadline decides.
            Ok(Err(_)) => tokio::time::sleep(Duration::from_millis(100)).await,
            Err(_) => panic!(
                "{} of {enough} topics heard under {filter} within {within:?}: {heard:?}",
                heard.len()
            ),
        }
    }
    let _ = client.disconnect().await;
    heard
}

#[tokio::test]
async fn switched_off_the_demo_publishes_nothing_and_its_sensors_stay_unknown() {
    // On (as `make run` starts it): the demo's desk sensors are heard on the broker.
    let on = Server::start(Options {
        env: playing("1"),
        ..Options::default()
    });
    assert!(on.wait_for_log(PLAYS).await, "the demo plays its sensors");
    let heard = hear(
        ("127.0.0.1", on.mqtt_port),
        "zigbee2mqtt/#",
        100,
        Duration::from_secs(40),
    )
    .await;
    assert!(
        heard.iter().all(|t| t.starts_with("zigbee2mqtt/desks/")),
        "the demo's desk sensors publish, nothing else: {heard:?}"
    );
    assert!(on.terminate());

    // Off: not a message in the same time (every sensor is announced at once and again after
    // five seconds when on), and the plan's sensors stay unknown.
    let off = Server::start(Options {
        env: vec![("PLATZWAHL_DEMO_SENSORS__SIMULATE".into(), "false".into())],
        ..Options::default()
    });
    assert!(
        off.wait_for_log("the demo's sensors are not played").await,
        "the server says the sensors are not played"
    );
    let broker = Connect::plain("127.0.0.1", off.mqtt_port);
    let heard = topics(&broker, "#", Duration::from_secs(6)).await;
    assert_eq!(heard, BTreeSet::new(), "nothing is published");
    let occupancy: Value = off
        .get_signed_in("/api/v1/occupancy?floor=2")
        .await
        .json()
        .await
        .unwrap();
    let places = occupancy["occupancy"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!places.is_empty(), "{occupancy}");
    assert!(
        places.iter().all(|p| p["state"] == "unknown"),
        "every sensor is unknown: {occupancy}"
    );
    let (clean, log) = off.finish();
    assert!(clean);
    assert!(!log.contains(PLAYS), "{log}");
}

/// A settings file giving the sensors a Zigbee2MQTT base topic and client id of their own, so
/// that parallel tests at one broker do not hear each other.
fn own_base(dir: &std::path::Path) -> (String, std::path::PathBuf) {
    let base = unique("pw-demo");
    let config = dir.join("platzwahl.toml");
    std::fs::write(
        &config,
        format!(
            "[sensors]\nclient_id = \"{base}\"\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}\"]\n"
        ),
    )
    .unwrap();
    (base, config)
}

#[tokio::test]
async fn outside_demo_mode_nothing_is_played_even_with_the_demo_building_and_the_setting_on() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    // A database holding the demo building and its sensors (`platzwahl seed-demo`).
    let dir = tempfile::tempdir().unwrap();
    let (base, config) = own_base(dir.path());
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("demo.db").display());
    let seeded = std::process::Command::new(tests::server::binary())
        .arg("seed-demo")
        .env("PLATZWAHL_DATA_DIR", dir.path())
        .env("PLATZWAHL_DATABASE_URL", &url)
        .env("PLATZWAHL_CONFIG", &config)
        .output()
        .unwrap();
    assert!(seeded.status.success(), "{seeded:?}");
    let filter = format!("{base}/desks/#");
    let start = |demo: bool| {
        let mut env = playing(FAST);
        env.push((
            "PLATZWAHL_MQTT_URL".into(),
            format!("mqtt://{}:{}", MOSQUITTO.0, MOSQUITTO.1),
        ));
        env.push(("PLATZWAHL_CONFIG".into(), config.display().to_string()));
        Server::start(Options {
            database_url: Some(url.clone()),
            demo_off: !demo,
            env,
            ..Options::default()
        })
    };
    // Not in demo mode: the same building, the setting on, and not a message.
    let server = start(false);
    let heard = topics(
        &Connect::plain(MOSQUITTO.0, MOSQUITTO.1),
        &filter,
        Duration::from_secs(6),
    )
    .await;
    assert_eq!(
        heard,
        BTreeSet::new(),
        "nothing is played outside demo mode"
    );
    let (clean, log) = server.finish();
    assert!(clean);
    assert!(!log.contains(PLAYS), "{log}");
    // The same database in demo mode: played (so the silence above is the mode's doing).
    let server = start(true);
    hear(MOSQUITTO, &filter, 100, Duration::from_secs(40)).await;
    assert!(server.terminate());
}

/// Two instances on one PostgreSQL database and one external broker: one plays, the other
/// stands by and takes over when the first stops.
#[tokio::test]
async fn of_several_instances_at_one_broker_one_plays_and_another_takes_over() {
    if !reachable(MOSQUITTO.0, MOSQUITTO.1) {
        missing("Mosquitto", "nothing listens on 127.0.0.1:1883");
        return;
    }
    let Some(database) = tests::db::TestDatabase::create(tests::db::Backend::Postgres).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (base, config) = own_base(dir.path());
    let start = || {
        let mut env = playing(FAST);
        env.push((
            "PLATZWAHL_MQTT_URL".into(),
            format!("mqtt://{}:{}", MOSQUITTO.0, MOSQUITTO.1),
        ));
        env.push(("PLATZWAHL_CONFIG".into(), config.display().to_string()));
        Server::start(Options {
            database_url: Some(database.url().to_owned()),
            env,
            ..Options::default()
        })
    };
    let first = start();
    assert!(first.wait_for_log(PLAYS).await, "the first instance plays");
    let second = start();
    // Both run; the second finds the lock taken (it asks every two seconds).
    let filter = format!("{base}/desks/#");
    hear(MOSQUITTO, &filter, 1, Duration::from_secs(40)).await;
    assert!(
        second.wait_for_log(STANDS_BY).await,
        "the second instance stands by"
    );
    assert!(
        !second.log.lock().unwrap().iter().any(|l| l.contains(PLAYS)),
        "the second instance does not play"
    );
    assert!(first.terminate(), "the first stops cleanly");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !second.log.lock().unwrap().iter().any(|l| l.contains(PLAYS)) {
        assert!(
            Instant::now() < deadline,
            "the second instance takes over within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    hear(MOSQUITTO, &filter, 100, Duration::from_secs(40)).await;
    assert!(second.terminate());
    database.remove().await;
}

/// Every desk the plan shows now: whether each is at least `min` × `min` CSS pixels and is
/// what a tap at its centre reaches (each scrolled into view first, as a finger would).
const SHOWN_DESKS: &str = r#"
const min = arguments[0];
const shown = [...document.querySelectorAll('svg.floor-plan a.desk')]
  .filter(a => !a.closest('.elsewhere') && a.getBoundingClientRect().width > 0);
const bad = [];
for (const a of shown) {
  a.scrollIntoView({ block: 'center', inline: 'center' });
  const r = a.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const reached = hit && hit.closest('a.desk') === a;
  if (r.width < min || r.height < min || !reached) {
    bad.push(`${a.dataset.desk}: ${Math.round(r.width)}x${Math.round(r.height)}, tap reaches ${hit ? hit.outerHTML.slice(0, 60) : 'nothing'}`);
  }
}
const root = document.scrollingElement;
return { shown: shown.map(a => a.dataset.desk), bad, sideways: root.scrollWidth > root.clientWidth,
  inTable: document.querySelectorAll('details.list-view tr[data-desk]').length,
  onMap: document.querySelectorAll('svg.floor-plan a.desk').length };
"#;

/// The zone tabs: their ids, which is chosen, and how many desks each says it has.
const TABS: &str = r#"
const list = document.querySelector('[role=tablist]');
if (!list || list.hidden) return null;
return [...list.querySelectorAll('[role=tab]')].map(t => ({
  id: t.id, selected: t.getAttribute('aria-selected'), tabindex: t.getAttribute('tabindex'),
  controls: t.getAttribute('aria-controls'), desks: parseInt(t.querySelector('.zone-tab-count').textContent, 10),
}));
"#;

async fn tabs(browser: &Browser) -> Vec<Value> {
    let found = browser.client.execute(TABS, vec![]).await.unwrap();
    found.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn on_a_phone_the_plan_shows_one_zone_whose_desks_are_44_pixel_targets() {
    let server = Server::start(Options::default());
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = &browser.client;
    browser
        .use_session(&server, &server.viewer_cookie().await)
        .await;
    browser.set_viewport(390, 844).await;
    client.goto(&server.at("/floors/2")).await.unwrap();
    browser.wait_for_hydration().await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[role=tablist]:not([hidden]) [role=tab]"))
        .await
        .expect("zone tabs appear on a phone");
    let all_tabs = tabs(&browser).await;
    assert!(all_tabs.len() >= 2, "a tab per zone: {all_tabs:?}");
    let panel = client
        .execute(
            "const p = document.getElementById(arguments[0]); return [p.getAttribute('role'), p.getAttribute('aria-labelledby')];",
            vec![json!(all_tabs[0]["controls"])],
        )
        .await
        .unwrap();
    assert_eq!(panel[0], json!("tabpanel"), "the tabs control the plan");

    let mut seen = BTreeSet::new();
    for (index, tab) in all_tabs.iter().enumerate() {
        let id = tab["id"].as_str().unwrap();
        if index > 0 {
            // A tap on the tab.
            client
                .find(Locator::Id(id))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        let now = tabs(&browser).await;
        let chosen: Vec<&Value> = now.iter().filter(|t| t["selected"] == "true").collect();
        assert_eq!(chosen.len(), 1, "{now:?}");
        assert_eq!(chosen[0]["id"], json!(id));
        assert_eq!(
            chosen[0]["tabindex"],
            json!("0"),
            "the chosen tab is in the tab order"
        );
        let labelled = client
            .execute(
                "return document.querySelector('[role=tabpanel]').getAttribute('aria-labelledby');",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(labelled, json!(id), "the plan is labelled by its tab");
        let found = client.execute(SHOWN_DESKS, vec![json!(44)]).await.unwrap();
        let shown: Vec<String> = serde_json::from_value(found["shown"].clone()).unwrap();
        assert_eq!(
            shown.len() as i64,
            tab["desks"].as_i64().unwrap(),
            "{id} shows the desks it says: {found}"
        );
        assert_eq!(
            found["bad"],
            json!([]),
            "{id}: every desk is 44 × 44 px and tappable"
        );
        assert_eq!(
            found["sideways"],
            json!(false),
            "the page does not scroll sideways"
        );
        assert_eq!(
            found["inTable"], found["onMap"],
            "the list keeps every desk"
        );
        for desk in &shown {
            assert!(seen.insert(desk.clone()), "{desk} is in one zone only");
        }
        // A tap on the first desk of a zone with desks selects it.
        if let Some(desk) = shown.first() {
            let selector = format!("a.desk[data-desk='{desk}']");
            client
                .execute(
                    "document.querySelector(arguments[0]).scrollIntoView({block: 'center', inline: 'center'}); return true;",
                    vec![json!(selector)],
                )
                .await
                .unwrap();
            client
                .find(Locator::Css(&selector))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            client
                .wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css(&format!(".desk-details[data-desk='{desk}']")))
                .await
                .expect("a tap on the desk shows its details");
            let after = tabs(&browser).await;
            assert!(
                after
                    .iter()
                    .any(|t| t["id"] == json!(id) && t["selected"] == "true"),
                "selecting a desk keeps its zone: {after:?}"
            );
        }
    }
    let in_table = client
        .execute(
            "return document.querySelectorAll('details.list-view tr[data-desk]').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        seen.len() as u64,
        in_table.as_u64().unwrap(),
        "the zones together show every desk of the list"
    );

    // The keyboard: the arrow keys move along the tabs and choose.
    let first = all_tabs[0]["id"].as_str().unwrap();
    let second = all_tabs[1]["id"].as_str().unwrap();
    client
        .find(Locator::Id(first))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.press(&[], "\u{E014}").await;
    let focused = client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(
        focused,
        json!(second),
        "arrow right moves the focus to the next tab"
    );
    assert!(
        tabs(&browser)
            .await
            .iter()
            .any(|t| t["id"] == json!(second) && t["selected"] == "true"),
        "and chooses it"
    );
    browser.press(&[], "\u{E012}").await;
    let focused = client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, json!(first), "arrow left goes back");

    // A wide window: the whole floor as before, no tabs.
    browser.set_viewport(1280, 900).await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[role=tablist][hidden]"))
        .await
        .expect("the tabs go on a wide screen");
    let whole = client
        .execute(
            "const svg = document.querySelector('svg.floor-plan'); return [svg.getAttribute('viewBox'), document.querySelectorAll('.floor-plan .elsewhere').length, svg.getAttribute('style')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(whole[1], json!(0), "nothing is hidden: {whole}");
    assert!(whole[2].is_null(), "the plan fits the window: {whole}");
    assert!(
        whole[0].as_str().unwrap().starts_with("0 0 "),
        "the whole floor: {whole}"
    );
    browser.close().await;
    assert!(server.terminate());
}
