//! axe-core in Chromium on every page, signed out and signed in as each demo role in German,
//! and in English as the first role that opens it, and in the states that matter: a desk selected on the floor plan, a form sent with
//! errors, a room chosen for reserving, every disclosure (`<details>`) open. The WCAG 2.0 and
//! 2.1 rules of levels A and AA must find nothing.
//!
//! The pages come from the app's own router (`generate_route_list(App)`), not from a list kept
//! here: a new page fails this test until it is visited (a page with parameters until
//! `tests::pages::concrete_paths` gives it realistic values). What it checked and found is
//! recorded in `docs/accessibility-results.json` (the `axe` section), which the accessibility
//! statement shows; the test fails when the committed file says otherwise. The test prints every page and state it
//! checked, and every violation with its rule, impact, element and help.
//!
//! The door and floor displays are pages of their own, outside the router, signed in with a
//! device token rather than a session: they are checked too (`tests::pages::displays`), in
//! both languages, the door display also with a length chosen for booking now and with a
//! badge refused, which is what a person at the door sees.
//!
//! The pages have no modal dialogs; their disclosures (the list view and colleagues on the floor
//! plan, weekly booking, changing a room reservation) are what opens, and they are checked
//! open.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use serde_json::json;
use tests::axe::{Axe, Violation};
use tests::browser::Browser;
use tests::pages::{DISPLAY_PATTERNS, displays, every_page, page_routes, realistic_params};
use tests::server::{Options, Server};

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

/// German (the default) and English, chosen with the language switch.
const LANGS: [&str; 2] = ["de", "en"];

/// Elements a rule reports wrongly, with the reason; each is left out for that rule only.
/// (rule, exact target selector, why). Empty: nothing is excused.
const FALSE_POSITIVES: &[(&str, &str, &str)] = &[];

/// A state of a page reached by a script: the script calls its callback with `true` once the
/// state is shown, `false` when the page does not offer it (to this role).
struct State {
    name: &'static str,
    script: &'static str,
}

/// Waits for a selector: `until(selector, ms)` resolves `true` once it matches, `false` after
/// `ms`; `newError(ms)` likewise for a new error notice. Prepended to every state script.
const UNTIL: &str = "const done = arguments[arguments.length - 1];
const until = (sel, ms) => new Promise(resolve => {
  const start = Date.now();
  (function poll() {
    if (document.querySelector(sel)) resolve(true);
    else if (Date.now() - start > ms) resolve(false);
    else setTimeout(poll, 50);
  })();
});
// A new error notice (one more `.error` than before the script ran): the form was refused.
const errorsBefore = document.querySelectorAll('.error').length;
const newError = ms => new Promise(resolve => {
  const start = Date.now();
  (function poll() {
    if (document.querySelectorAll('.error').length > errorsBefore) resolve(true);
    else if (Date.now() - start > ms) resolve(false);
    else setTimeout(poll, 50);
  })();
});
const send = (form) => { const b = form.querySelector('button[type=submit]'); if (b) b.click(); else form.requestSubmit(); };
";

/// The states of a page (by route pattern) beyond how it opens.
fn states(pattern: &str) -> Vec<State> {
    match pattern {
        "/floors/{level}" => vec![State {
            name: "a desk selected",
            script: "const desk = document.querySelector('a.desk.desk-free') || document.querySelector('a.desk');
                     if (!desk) return done(false);
                     desk.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
                     until('.desk-details', 10000).then(done);",
        }],
        "/find" => vec![State {
            name: "a form sent with errors (a day long past)",
            script: "const form = document.querySelector('form.find-form:not(.request-form)');
                     if (!form) return done(false);
                     form.querySelector('input[name=day]').value = '2000-01-03';
                     send(form);
                     newError(10000).then(done);",
        }],
        "/rooms" => vec![
            State {
                name: "a room chosen for reserving",
                script: "const room = document.querySelector('a[href*=\"room=\"]');
                         if (!room) return done(false);
                         room.click();
                         until('#reserve form', 10000).then(done);",
            },
            State {
                name: "the reservation form sent with errors (ends before it starts)",
                script: "const form = document.querySelector('#reserve form');
                         if (!form) return done(false);
                         form.querySelector('input[name=from]').value = '11:00';
                         form.querySelector('input[name=to]').value = '10:00';
                         send(form);
                         newError(10000).then(done);",
            },
        ],
        "/account" => vec![State {
            name: "a form sent with errors (a token name of spaces)",
            script: "const form = document.querySelector('form.token-form');
                     if (!form) return done(false);
                     form.querySelector('input[name=name]').value = '   ';
                     send(form);
                     newError(10000).then(done);",
        }],
        "/admin/sign-in" => vec![State {
            name: "a mapping rule sent with errors (a value of spaces)",
            script: "const form = document.querySelector('#unit-rule-new');
                     if (!form) return done(false);
                     form.querySelector('input[name=value]').value = '   ';
                     const unit = form.querySelector('select[name=unit]');
                     if (unit.options.length > 1) unit.selectedIndex = 1;
                     send(form);
                     until('#unit-rule-new-value-error', 10000).then(done);",
        }],
        _ => Vec::new(),
    }
}

/// The states of a display (by pattern) beyond how it opens: what a person at the door does.
fn display_states(pattern: &str) -> Vec<State> {
    match pattern {
        "/displays/rooms/{id}" => vec![
            State {
                name: "a length chosen for booking now",
                script: "const length = document.querySelector('#display [data-minutes]');
                         if (!length) return done(false);
                         length.click();
                         until('#door-message.display-message-done', 5000).then(done);",
            },
            State {
                name: "an unknown badge refused at the door",
                script: "for (const key of [...'UNKNOWN-AXE', 'Enter']) {
                           document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
                         }
                         until('#door-message.display-message-failed', 10000).then(done);",
            },
        ],
        _ => Vec::new(),
    }
}

/// The door and floor displays in both languages and their states, in a browser signed in as
/// a display (its device token in the display cookie).
async fn check_displays(server: &Server, axe: &Axe, level: i64) -> Option<Findings> {
    let set_up = displays(server, level).await;
    let browser = Browser::start().await?;
    let mut findings = Findings::default();
    let (_, first) = &set_up.pages[0];
    browser
        .client
        .goto(&server.at(&format!("{first}?token={}", set_up.token)))
        .await
        .unwrap();
    for lang in LANGS {
        browser
            .client
            .goto(&server.at(&format!("/lang/{lang}?back=%2Fprivacy")))
            .await
            .unwrap();
        for (pattern, path) in &set_up.pages {
            browser.client.goto(&server.at(path)).await.unwrap();
            let url = browser.client.current_url().await.unwrap();
            assert_eq!(url.path(), path.as_str(), "the display opens");
            let html_lang = browser
                .client
                .execute("return document.documentElement.lang;", vec![])
                .await
                .unwrap();
            assert_eq!(html_lang, json!(lang), "the display {path} in {lang}");
            settle(&browser).await;
            let extra = display_states(pattern);
            for state in std::iter::once(&AS_OPENED).chain(extra.iter()) {
                if !reach(&browser, state).await {
                    continue;
                }
                let mut count = 0;
                let context = format!("display, {lang}, {path} ({})", state.name);
                for violation in axe.check(&browser).await {
                    count += 1;
                    findings.violations.push((context.clone(), violation));
                }
                findings
                    .covered
                    .entry(pattern.clone())
                    .or_default()
                    .insert(lang);
                findings.states_reached.insert(state.name);
                findings.visits.push(Visit {
                    who: "display".to_string(),
                    lang,
                    path: path.clone(),
                    state: state.name,
                    violations: count,
                });
            }
        }
    }
    browser.close().await;
    Some(findings)
}

/// Opens every disclosure of the page; `true` if there was one.
const OPEN_DISCLOSURES: State = State {
    name: "every disclosure open",
    script: "const closed = [...document.querySelectorAll('details:not([open])')];
             let toggled = 0;
             closed.forEach(d => {
               d.addEventListener('toggle', () => { toggled += 1; }, { once: true });
               d.open = true;
             });
             const start = Date.now();
             (function poll() {
               if (toggled >= closed.length) requestAnimationFrame(() => done(closed.length > 0));
               else if (Date.now() - start > 5000) done(false);
               else setTimeout(poll, 20);
             })();",
};

/// What was checked.
#[derive(Clone)]
struct Visit {
    who: String,
    lang: &'static str,
    path: String,
    state: &'static str,
    violations: usize,
}

/// Waits until the page's data is there: no "loading" placeholder left.
async fn settle(browser: &Browser) {
    let settled = browser
        .client
        .execute_async(
            &format!(
                "{UNTIL} const start = Date.now();
              (function poll() {{
                 if (!document.querySelector('.loading, [aria-busy=true]')) done(true);
                 else if (Date.now() - start > 15000) done(false);
                 else setTimeout(poll, 50);
              }})();"
            ),
            vec![],
        )
        .await
        .expect("wait for the page's data");
    assert_eq!(settled, json!(true), "the page loads its data within 15 s");
}

/// Runs a state script; whether the state was reached.
async fn reach(browser: &Browser, state: &State) -> bool {
    let reached = browser
        .client
        .execute_async(&format!("{UNTIL}{}", state.script), vec![])
        .await
        .unwrap_or_else(|e| panic!("state '{}': {e}", state.name));
    reached == json!(true)
}

/// What one role's browser found.
#[derive(Default)]
struct Findings {
    visits: Vec<Visit>,
    violations: Vec<(String, Violation)>,
    excused: usize,
    /// Route pattern → the languages it was checked in (not redirected elsewhere).
    covered: BTreeMap<String, BTreeSet<&'static str>>,
    states_reached: BTreeSet<&'static str>,
}

impl Findings {
    fn merge(&mut self, other: Findings) {
        self.visits.extend(other.visits);
        self.violations.extend(other.violations);
        self.excused += other.excused;
        for (pattern, langs) in other.covered {
            self.covered.entry(pattern).or_default().extend(langs);
        }
        self.states_reached.extend(other.states_reached);
    }
}

/// The state every page is checked in first.
const AS_OPENED: State = State {
    name: "as opened",
    script: "done(true);",
};

/// One browser signed in as `role` (or signed out) checks every page in both languages and
/// every state; `None` when there is no browser (outside CI).
async fn check_as(
    server: &Server,
    axe: &Axe,
    pages: &[(String, String)],
    role: Option<&'static str>,
    english: &Mutex<BTreeSet<String>>,
) -> Option<Findings> {
    let who = role.unwrap_or("signed out").to_string();
    let browser = Browser::start().await?;
    if let Some(role) = role {
        let cookie = server.demo_session(role).await;
        browser.use_session(server, &cookie).await;
    }
    let mut findings = Findings::default();
    for lang in LANGS {
        // The language switch, as a person uses it.
        browser
            .client
            .goto(&server.at(&format!("/lang/{lang}?back=%2Fprivacy")))
            .await
            .unwrap();
        let mut seen_redirects: BTreeSet<String> = BTreeSet::new();
        for (pattern, path) in pages {
            // In English, a page one role has already been checked in is not checked again
            // (see `english` in the test).
            if lang != LANGS[0] && english.lock().unwrap().contains(pattern) {
                continue;
            }
            browser.client.goto(&server.at(path)).await.unwrap();
            browser.wait_for_hydration().await;
            let html_lang = browser
                .client
                .execute("return document.documentElement.lang;", vec![])
                .await
                .unwrap();
            assert_eq!(html_lang, json!(lang), "{who} sees {path} in {lang}");
            let url = browser.client.current_url().await.unwrap();
            let redirected = url.path() != path.as_str();
            // Signed out, a page that needs a sign-in sends to the sign-in page: each place
            // one is sent to is checked once.
            if redirected && !seen_redirects.insert(url.path().to_string()) {
                continue;
            }
            if lang != LANGS[0] && !redirected {
                english.lock().unwrap().insert(pattern.clone());
            }
            settle(&browser).await;
            let extra = if redirected {
                Vec::new()
            } else {
                states(pattern)
            };
            let page_states = std::iter::once(&AS_OPENED)
                .chain(extra.iter())
                .chain(std::iter::once(&OPEN_DISCLOSURES));
            for state in page_states {
                if !reach(&browser, state).await {
                    continue;
                }
                settle(&browser).await;
                let context = format!("{who}, {lang}, {path} ({})", state.name);
                let mut count = 0;
                for violation in axe.check(&browser).await {
                    let false_positive = FALSE_POSITIVES.iter().any(|(rule, target, _)| {
                        *rule == violation.rule && *target == violation.target
                    });
                    if false_positive {
                        findings.excused += 1;
                    } else {
                        count += 1;
                        findings.violations.push((context.clone(), violation));
                    }
                }
                if !redirected {
                    findings
                        .covered
                        .entry(pattern.clone())
                        .or_default()
                        .insert(lang);
                }
                findings.states_reached.insert(state.name);
                findings.visits.push(Visit {
                    who: who.clone(),
                    lang,
                    path: if redirected {
                        format!("{path} → {}", url.path())
                    } else {
                        path.clone()
                    },
                    state: state.name,
                    violations: count,
                });
            }
        }
    }
    browser.close().await;
    Some(findings)
}

/// Checks the roles one after the other in one lane.
async fn lane(
    server: &Server,
    axe: &Axe,
    pages: &[(String, String)],
    roles: Vec<Option<&'static str>>,
    english: &Mutex<BTreeSet<String>>,
) -> Option<Findings> {
    let mut findings = Findings::default();
    for role in roles {
        findings.merge(check_as(server, axe, pages, role, english).await?);
    }
    Some(findings)
}

#[tokio::test]
async fn every_page_in_every_state_language_and_role_passes_axe_wcag_2_1_aa() {
    let started = Instant::now();
    let Some(axe) = Axe::load() else {
        return;
    };
    let server = Server::start(Options::default());
    let routes = page_routes();
    assert!(
        routes.contains("/") && routes.contains("/floors/{level}"),
        "the route list comes from the app's router: {routes:?}"
    );
    let params = realistic_params(&server).await;
    let pages = every_page(&routes, &params);

    // Every page in German as every role that may open it; in English as the first role to
    // open it (whichever lane gets there first). What the language changes (the words, the
    // `lang` attributes, the labels' lengths) is the same whoever looks, and checking each
    // role's view again in English took about a third of the test's time (CI's 30 minutes).
    // Every page is still checked in both languages (asserted below).
    let english = Mutex::new(BTreeSet::new());
    // Two browsers at once (while one waits for the server or the WASM, the other runs axe).
    let (even, odd): (Vec<_>, Vec<_>) = ROLES.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (first, second) = tokio::join!(
        lane(
            &server,
            &axe,
            &pages,
            even.into_iter().map(|(_, r)| *r).collect(),
            &english
        ),
        lane(
            &server,
            &axe,
            &pages,
            odd.into_iter().map(|(_, r)| *r).collect(),
            &english
        ),
    );
    let (Some(mut findings), Some(second)) = (first, second) else {
        return;
    };
    findings.merge(second);
    let Some(on_displays) = check_displays(&server, &axe, params.level).await else {
        return;
    };
    findings.merge(on_displays);
    findings.visits.sort_by_key(|v| {
        (
            ROLES
                .iter()
                .position(|r| r.unwrap_or("signed out") == v.who),
            v.lang,
        )
    });

    let mut report = format!(
        "axe-core {} (WCAG 2.0/2.1 A and AA), {} checks in {:.0?}:\n",
        axe.version,
        findings.visits.len(),
        started.elapsed()
    );
    for visit in &findings.visits {
        let _ = writeln!(
            report,
            "  {:<17} {} {:<45} {:<60} {}",
            visit.who,
            visit.lang,
            visit.path,
            visit.state,
            if visit.violations == 0 {
                "ok".to_string()
            } else {
                format!("{} VIOLATIONS", visit.violations)
            }
        );
    }
    let _ = writeln!(report, "pages from the router: {routes:?}");
    let _ = writeln!(report, "states reached: {:?}", findings.states_reached);
    let _ = writeln!(report, "excused as false positives: {}", findings.excused);
    for (context, violation) in &findings.violations {
        let _ = writeln!(report, "VIOLATION {context}: {violation}");
    }
    println!("{report}");

    server.terminate();

    for pattern in routes.iter().map(String::as_str).chain(DISPLAY_PATTERNS) {
        let langs = findings.covered.get(pattern).cloned().unwrap_or_default();
        assert!(
            langs.len() == LANGS.len(),
            "the page {pattern} was not checked in every language (only {langs:?}); see the list above"
        );
    }
    for pattern in routes.iter().map(String::as_str).chain(DISPLAY_PATTERNS) {
        for state in states(pattern).into_iter().chain(display_states(pattern)) {
            assert!(
                findings.states_reached.contains(state.name),
                "the state '{}' of {pattern} was never reached; see the list above",
                state.name
            );
        }
    }
    assert!(
        findings.states_reached.contains(OPEN_DISCLOSURES.name),
        "no page had a disclosure to open; see the list above"
    );
    assert!(
        findings.violations.is_empty(),
        "{} WCAG 2.1 AA violations, listed above",
        findings.violations.len()
    );
    // What the accessibility statement (`/barrierefreiheit`) says it rests on.
    tests::results::record(
        "axe",
        json!({
            "version": axe.version,
            "pages": routes.len() + DISPLAY_PATTERNS.len(),
            "checks": findings.visits.len(),
            "violations": findings.violations.len(),
        }),
    )
    .unwrap_or_else(|changed| panic!("{changed}"));
}
