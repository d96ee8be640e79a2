//! Reflow (WCAG 1.4.10): every page of the app's router, signed out and as each demo role, in a
//! viewport 320 CSS pixels wide — a phone, or a 1280-pixel window zoomed to 400 % — scrolls
//! only vertically: `document.scrollingElement.scrollWidth <= clientWidth`, as opened and with
//! every disclosure open. Wide data tables may scroll inside their own box (WCAG's exception for
//! content that needs two dimensions); the page itself may not.
//!
//! At that width the floor plan stays usable without seeing it: its table of desks lists the
//! same desks as the map, and every control of the page (link, button, field, disclosure) has
//! an accessible name.
//!
//! The door and floor displays (pages of their own, signed in with a device token) are shown
//! at that width too, the door display also with its answer to a badge on screen.
//!
//! What was checked is recorded in `docs/accessibility-results.json` (`reflow`), which the
//! accessibility statement shows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Instant;

use serde_json::{Value, json};
use tests::browser::Browser;
use tests::pages::{DISPLAY_PATTERNS, displays, every_page, page_routes, realistic_params};
use tests::server::{Options, Server};

/// The width of a phone, and of 1280 CSS pixels at 400 % zoom.
const WIDTH: u32 = 320;
const HEIGHT: u32 = 640;

/// Who looks: signed out, then each role of the demo building.
const ROLES: [Option<&str>; 7] = [
    None,
    Some("employee"),
    Some("unit_lead"),
    Some("counsellor"),
    Some("org_admin"),
    Some("facility_manager"),
    Some("building_admin"),
];

/// How far the page scrolls sideways, and the elements that stick out past the viewport
/// without a scrolling box of their own around them.
const OVERFLOW: &str = r#"
const root = document.scrollingElement;
const width = root.clientWidth;
const scrollsItself = e => {
  for (let n = e.parentElement; n && n !== document.body; n = n.parentElement) {
    const o = getComputedStyle(n).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
  }
  return false;
};
const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (e.getAttribute('class') ? '.' + e.getAttribute('class').trim().split(/\s+/).join('.') : '');
const culprits = [...document.body.querySelectorAll('*')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
  .filter(e => !scrollsItself(e))
  .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
  .slice(0, 8)
  .map(e => describe(e) + ' (right edge at ' + Math.round(e.getBoundingClientRect().right) + ' px)');
return { scrollWidth: root.scrollWidth, clientWidth: width, culprits };
"#;

/// Opens every disclosure of the page; resolves once they are open.
const OPEN_DISCLOSURES: &str = "const done = arguments[arguments.length - 1];
const closed = [...document.querySelectorAll('details:not([open])')];
closed.forEach(d => { d.open = true; });
requestAnimationFrame(() => requestAnimationFrame(() => done(closed.length)));";

/// Waits until no \"loading\" placeholder is left (at most 15 s).
const SETTLED: &str = "const done = arguments[arguments.length - 1];
const start = Date.now();
(function poll() {
  if (!document.querySelector('.loading, [aria-busy=true]')) done(true);
  else if (Date.now() - start > 15000) done(false);
  else setTimeout(poll, 50);
})();";

/// The floor plan: the desks on the map and in the table, and the controls without a name.
const FLOOR_PLAN: &str = r#"
const onMap = [...document.querySelectorAll('svg a.desk[data-desk]')].map(a => a.dataset.desk).sort();
const inTable = [...document.querySelectorAll('details.list-view tr[data-desk]')].map(r => r.dataset.desk).sort();
const plan = document.querySelector('svg.floor-plan');
// On a phone the map shows one zone, drawn wider than the screen, in a box that scrolls.
const box = plan && (plan.closest('[role=tabpanel]') || plan);
const planRight = box ? box.getBoundingClientRect().right : null;
const nameOf = e => {
  const labelled = e.getAttribute('aria-labelledby');
  if (labelled) return labelled.split(/\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
  if (e.getAttribute('aria-label')) return e.getAttribute('aria-label');
  if (e.labels && e.labels.length) return [...e.labels].map(l => l.textContent).join(' ');
  if (e.getAttribute('title')) return e.getAttribute('title');
  if (e.tagName === 'INPUT' && ['submit', 'button'].includes(e.type)) return e.value;
  return e.textContent;
};
const controls = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')];
const unnamed = controls.filter(e => !(nameOf(e) || '').trim()).map(e => e.outerHTML.slice(0, 120));
return { onMap, inTable, planRight, controls: controls.length, unnamed, width: document.scrollingElement.clientWidth };
"#;

/// One page as one role saw it.
struct Visit {
    who: String,
    path: String,
    overflow: Option<String>,
}

/// One browser at 320 px, signed in as `role` (or signed out), visits every page.
async fn reflow_as(
    server: &Server,
    pages: &[(String, String)],
    floor_path: &str,
    role: Option<&'static str>,
) -> Option<(Vec<Visit>, BTreeSet<String>)> {
    let who = role.unwrap_or("signed out").to_string();
    let browser = Browser::start().await?;
    if let Some(role) = role {
        let cookie = server.demo_session(role).await;
        browser.use_session(server, &cookie).await;
    }
    browser.set_viewport(WIDTH, HEIGHT).await;
    let mut visits = Vec::new();
    let mut covered = BTreeSet::new();
    let mut seen_redirects = BTreeSet::new();
    for (pattern, path) in pages {
        browser.client.goto(&server.at(path)).await.unwrap();
        browser.wait_for_hydration().await;
        let url = browser.client.current_url().await.unwrap();
        let redirected = url.path() != path.as_str();
        if redirected && !seen_redirects.insert(url.path().to_string()) {
            continue;
        }
        let settled = browser.client.execute_async(SETTLED, vec![]).await.unwrap();
        assert_eq!(settled, json!(true), "{who}: {path} loads within 15 s");
        let width = browser
            .client
            .execute("return document.scrollingElement.clientWidth;", vec![])
            .await
            .unwrap();
        assert!(
            width.as_u64().is_some_and(|w| w <= u64::from(WIDTH)),
            "the viewport is {WIDTH} px wide, not {width}"
        );
        let mut overflow = None;
        for state in ["as opened", "every disclosure open"] {
            if state != "as opened" {
                browser
                    .client
                    .execute_async(OPEN_DISCLOSURES, vec![])
                    .await
                    .unwrap();
            }
            let found = browser.client.execute(OVERFLOW, vec![]).await.unwrap();
            if found["scrollWidth"].as_u64() > found["clientWidth"].as_u64() {
                overflow = Some(format!(
                    "{state}: scrollWidth {} > clientWidth {}; sticking out: {}",
                    found["scrollWidth"], found["clientWidth"], found["culprits"]
                ));
                break;
            }
        }
        if path == floor_path && !redirected {
            check_floor_plan(&browser, &who).await;
        }
        if !redirected {
            covered.insert(pattern.clone());
        }
        visits.push(Visit {
            who: who.clone(),
            path: if redirected {
                format!("{path} → {}", url.path())
            } else {
                path.clone()
            },
            overflow,
        });
    }
    browser.close().await;
    Some((visits, covered))
}

/// The door and floor displays at 320 px, as a display signed in with its device token; the
/// door display as opened and with the answer to a badge shown.
async fn reflow_displays(server: &Server, level: i64) -> Option<(Vec<Visit>, BTreeSet<String>)> {
    let set_up = displays(server, level).await;
    let browser = Browser::start().await?;
    browser.set_viewport(WIDTH, HEIGHT).await;
    let (_, first) = &set_up.pages[0];
    browser
        .client
        .goto(&server.at(&format!("{first}?token={}", set_up.token)))
        .await
        .unwrap();
    let mut visits = Vec::new();
    let mut covered = BTreeSet::new();
    for (pattern, path) in &set_up.pages {
        browser.client.goto(&server.at(path)).await.unwrap();
        let url = browser.client.current_url().await.unwrap();
        assert_eq!(url.path(), path.as_str(), "the display opens");
        let mut overflow = None;
        for state in ["as opened", "an answer at the door"] {
            if state != "as opened" {
                let shown = browser
                    .client
                    .execute(
                        "for (const key of [...'UNKNOWN-REFLOW', 'Enter']) {
                           document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
                         }
                         return !!document.getElementById('door-message');",
                        vec![],
                    )
                    .await
                    .unwrap();
                if shown != json!(true) {
                    continue;
                }
                browser
                    .wait_for_value(
                        "return document.getElementById('door-message').textContent;",
                        |text| !text.is_empty(),
                    )
                    .await;
            }
            let found = browser.client.execute(OVERFLOW, vec![]).await.unwrap();
            if found["scrollWidth"].as_u64() > found["clientWidth"].as_u64() {
                overflow = Some(format!(
                    "{state}: scrollWidth {} > clientWidth {}; sticking out: {}",
                    found["scrollWidth"], found["clientWidth"], found["culprits"]
                ));
                break;
            }
        }
        covered.insert(pattern.clone());
        visits.push(Visit {
            who: "display".to_string(),
            path: path.clone(),
            overflow,
        });
    }
    browser.close().await;
    Some((visits, covered))
}

/// The floor plan at 320 px: the map fits, its table has the same desks, every control a name.
async fn check_floor_plan(browser: &Browser, who: &str) {
    let found: Value = browser.client.execute(FLOOR_PLAN, vec![]).await.unwrap();
    let on_map = found["onMap"].as_array().cloned().unwrap_or_default();
    assert!(
        !on_map.is_empty(),
        "{who}: the floor plan shows desks: {found}"
    );
    assert_eq!(
        found["onMap"], found["inTable"],
        "{who}: the table of desks lists the same desks as the map"
    );
    assert!(
        found["planRight"].as_f64().unwrap_or(f64::MAX)
            <= found["width"].as_f64().unwrap_or(0.0) + 1.0,
        "{who}: the map fits the width: {found}"
    );
    assert_eq!(
        found["unnamed"],
        json!([]),
        "{who}: every control of the floor plan has an accessible name"
    );
}

#[tokio::test]
async fn every_page_reflows_to_320_css_pixels_without_horizontal_scrolling() {
    let started = Instant::now();
    let server = Server::start(Options::default());
    let routes = page_routes();
    let params = realistic_params(&server).await;
    let pages = every_page(&routes, &params);
    let floor_path = format!("/floors/{}", params.level);

    // Two browsers at once, each with half of the roles.
    let run = |roles: Vec<Option<&'static str>>| {
        let (server, pages, floor_path) = (&server, &pages, &floor_path);
        async move {
            let mut visits = Vec::new();
            let mut covered = BTreeSet::new();
            for role in roles {
                let (v, c) = reflow_as(server, pages, floor_path, role).await?;
                visits.extend(v);
                covered.extend(c);
            }
            Some((visits, covered))
        }
    };
    let (even, odd): (Vec<_>, Vec<_>) = ROLES.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (first, second) = tokio::join!(
        run(even.into_iter().map(|(_, r)| *r).collect()),
        run(odd.into_iter().map(|(_, r)| *r).collect()),
    );
    let (Some((mut visits, mut covered)), Some((more, more_covered))) = (first, second) else {
        return;
    };
    visits.extend(more);
    covered.extend(more_covered);
    let Some((on_displays, displays_covered)) = reflow_displays(&server, params.level).await else {
        return;
    };
    visits.extend(on_displays);
    covered.extend(displays_covered);

    println!(
        "{} pages at {WIDTH} CSS px in {:.0?}:",
        visits.len(),
        started.elapsed()
    );
    for visit in &visits {
        println!(
            "  {:<17} {:<45} {}",
            visit.who,
            visit.path,
            visit.overflow.as_deref().unwrap_or("ok")
        );
    }
    server.terminate();

    for pattern in routes.iter().map(String::as_str).chain(DISPLAY_PATTERNS) {
        assert!(
            covered.contains(pattern),
            "the page {pattern} was never shown at {WIDTH} px; see the list above"
        );
    }
    let overflowing: Vec<String> = visits
        .iter()
        .filter_map(|v| {
            v.overflow
                .as_ref()
                .map(|o| format!("{} {}: {o}", v.who, v.path))
        })
        .collect();
    assert!(
        overflowing.is_empty(),
        "pages that scroll sideways at {WIDTH} px:\n{}",
        overflowing.join("\n")
    );
    // What the accessibility statement (`/barrierefreiheit`) says it rests on.
    tests::results::record(
        "reflow",
        json!({
            "width_css_px": WIDTH,
            "pages": routes.len() + DISPLAY_PATTERNS.len(),
            "page_views": visits.len(),
            "overflowing": overflowing.len(),
        }),
    )
    .unwrap_or_else(|changed| panic!("{changed}"));
}
