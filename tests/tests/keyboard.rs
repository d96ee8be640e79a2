//! The whole product by keyboard alone, in Chromium: a desk booked on the floor plan, a
//! protected room reserved, a new person accepting an invitation with a passkey and checking a
//! desk in and out with it. The tests only press keys
//! (Tab, Shift+Tab, Enter, Space, letters) through WebDriver's actions, into whatever has the
//! focus: nothing is clicked, no element is targeted.
//!
//! After every key press the focused element is checked: something has the focus (it was not
//! lost to the page), it is on screen, it comes after the one before in the document (the
//! focus order follows the reading order), and it shows a focus indicator (an outline, a ring
//! or, on the plan, a stroke) of at least 2 px with a contrast of at least 3:1 against what it
//! sits on (WCAG 2.4.7, 1.4.11). Each page starts with the skip link, then the header and its
//! navigation, then the main content; the skip link takes the focus to the main content.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tests::browser::Browser;
use tests::server::{Options, Server, find_desk, in_days, today};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";
const SHIFT: char = '\u{E008}';

/// Describes the focused element and checks its focus indicator; `null` when nothing (the
/// body) has the focus. `arguments[0]`: a selector the element is matched against.
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (e.getAttribute('class') ? '.' + e.getAttribute('class').trim().split(/\s+/).join('.') : '')
  + (e.getAttribute('href') ? '[href="' + e.getAttribute('href') + '"]' : '')
  + (e.getAttribute('name') ? '[name="' + e.getAttribute('name') + '"]' : '');
const region = el.closest('.skip-link') ? 'skip link' : el.closest('header') ? 'header'
  : el.closest('main') ? 'main' : el.closest('footer') ? 'footer' : 'elsewhere';
const parse = c => {
  const m = (c || '').match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const lum = c => {
  const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const ratio = (a, b) => {
  const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
};
const background = e => {
  for (let n = e.parentElement; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c.a > 0) return c;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
};
const style = getComputedStyle(el);
const marks = [];
if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
  marks.push({ kind: 'outline', colour: parse(style.outlineColor), width: parseFloat(style.outlineWidth) });
}
if (style.boxShadow && style.boxShadow !== 'none') {
  for (const part of style.boxShadow.split(/,(?![^(]*\))/)) {
    const colour = parse(part);
    const sizes = part.replace(/rgba?\([^)]*\)/, '').trim().split(/\s+/).map(parseFloat);
    const spread = sizes.length >= 4 ? sizes[3] : 0;
    if (colour && colour.a > 0 && spread >= 2) marks.push({ kind: 'ring', colour, width: spread });
  }
}
if (el instanceof SVGElement) {
  const shape = el.querySelector('rect');
  if (shape) {
    const s = getComputedStyle(shape);
    const colour = parse(s.stroke);
    if (colour && parseFloat(s.strokeWidth) >= 5) marks.push({ kind: 'stroke', colour, width: parseFloat(s.strokeWidth) });
  }
}
const bg = background(el);
const contrast = marks.reduce((best, m) => m.colour ? Math.max(best, ratio(m.colour, bg)) : best, 0);
const r = el.getBoundingClientRect();
const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
  && r.top < window.innerHeight && r.left < window.innerWidth;
let follows = null;
const prev = window.__keyboardPrevious;
if (prev && prev.isConnected && prev !== el) {
  follows = !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}
window.__keyboardPrevious = el;
return {
  element: describe(el), region, marks: marks.map(m => m.kind + ' ' + m.width + 'px'),
  contrast: Math.round(contrast * 100) / 100, onScreen, follows,
  matches: arguments[0] ? el.matches(arguments[0]) : false,
};
"#;

/// One browser, keys only, and the record of where the focus went.
struct Keyboard {
    browser: Browser,
    /// Every element the focus reached, in order, with its region.
    visited: Vec<String>,
}

impl Keyboard {
    /// The focused element (checked), or `None` when the page has none.
    async fn focused(&mut self, selector: &str) -> Option<Value> {
        let info = self
            .browser
            .client
            .execute(FOCUSED, vec![json!(selector)])
            .await
            .expect("read the focused element");
        if info.is_null() {
            return None;
        }
        let element = info["element"].as_str().unwrap_or_default().to_string();
        self.visited.push(format!(
            "{} {element}",
            info["region"].as_str().unwrap_or("")
        ));
        assert_eq!(
            info["onScreen"], true,
            "the focused element is on screen: {info}"
        );
        assert!(
            info["contrast"].as_f64().unwrap_or(0.0) >= 3.0,
            "the focused element shows a focus indicator of at least 2 px with 3:1 contrast \
             against its background: {info}"
        );
        assert_ne!(
            info["follows"],
            false,
            "the focus moves forward in the reading order: {info}\n(after {:?})",
            self.visited.iter().rev().nth(1)
        );
        Some(info)
    }

    /// Presses Tab until the element matching `selector` has the focus (at most `limit`
    /// presses), checking every element on the way.
    async fn tab_to(&mut self, selector: &str, limit: usize) -> Value {
        for _ in 0..limit {
            self.browser.press(&[], TAB).await;
            let info = self.focused(selector).await.unwrap_or_else(|| {
                panic!(
                    "Tab lost the focus on the way to {selector}; visited: {:#?}",
                    self.visited
                )
            });
            if info["matches"] == true {
                return info;
            }
        }
        panic!(
            "{selector} was not reached with {limit} presses of Tab; visited: {:#?}",
            self.visited
        );
    }

    /// Presses keys (Enter, Space, text) into the focused element.
    async fn press(&self, keys: &str) {
        self.browser.press(&[], keys).await;
    }

    /// Opens a page (as typing its address would) and waits until it is interactive; the
    /// focus starts at the top of the document.
    async fn open(&mut self, url: &str) {
        self.browser.client.goto(url).await.unwrap();
        self.browser.wait_for_hydration().await;
        self.browser
            .client
            .execute("window.__keyboardPrevious = null; return true;", vec![])
            .await
            .unwrap();
        self.visited.push(format!("— {url}"));
    }

    /// Waits (at most 15 s) until `selector` is on the page, as the user would wait for it.
    async fn wait_for(&self, selector: &str, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let found = self
                .browser
                .client
                .execute(
                    // `innerText` is HTML's: an SVG element (a desk on the plan) has only `textContent`.
                    "const e = document.querySelector(arguments[0]); return e ? (e.innerText ?? e.textContent) : null;",
                    vec![json!(selector)],
                )
                .await
                .unwrap();
            if let Some(found) = found.as_str()
                && found.contains(text)
            {
                return found.to_string();
            }
            assert!(
                Instant::now() < deadline,
                "{selector} with '{text}' did not appear within 15 s (found {found})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the focus is on an element matching `selector` (after an action moved it).
    async fn wait_for_focus(&mut self, selector: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let matches = self
                .browser
                .client
                .execute(
                    "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                    vec![json!(selector)],
                )
                .await
                .unwrap();
            if matches == true {
                return self.focused(selector).await.expect("the focus");
            }
            assert!(
                Instant::now() < deadline,
                "the focus did not move to {selector} within 10 s; visited: {:#?}",
                self.visited
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The page's first stops: the skip link, then the header with its navigation, then the
    /// main content; Shift+Tab goes back. Then the skip link, followed, takes the focus to the
    /// main content, where Tab continues. Leaves the page freshly opened.
    async fn check_page_start(&mut self, url: &str) {
        self.open(url).await;
        let first = self.tab_to("a", 1).await;
        assert_eq!(
            first["region"], "skip link",
            "the first Tab reaches the skip link: {first}"
        );
        let mut regions = vec!["skip link".to_string()];
        let main = loop {
            let info = self.tab_to("*", 1).await;
            let region = info["region"].as_str().unwrap_or_default().to_string();
            if regions.last() != Some(&region) {
                regions.push(region.clone());
            }
            if region == "main" {
                break info;
            }
            assert!(regions.len() <= 3, "{regions:?} before the main content");
        };
        assert_eq!(
            regions,
            ["skip link", "header", "main"],
            "the focus goes from the skip link through the header to the main content ({main})"
        );
        // Shift+Tab goes back to the header.
        self.browser.press(&[SHIFT], TAB).await;
        self.browser
            .client
            .execute("window.__keyboardPrevious = null; return true;", vec![])
            .await
            .unwrap();
        let back = self.focused("").await.expect("Shift+Tab keeps a focus");
        assert_eq!(back["region"], "header", "Shift+Tab goes back: {back}");

        // The skip link jumps over the header.
        self.open(url).await;
        self.tab_to(".skip-link", 1).await;
        self.press(ENTER).await;
        self.wait_for_focus("main").await;
        let next = self.tab_to("*", 1).await;
        assert_eq!(
            next["region"], "main",
            "after the skip link Tab stays in the main content: {next}"
        );
        self.open(url).await;
    }
}

async fn keyboard(server: &Server, role: Option<&str>) -> Option<Keyboard> {
    let browser = Browser::start().await?;
    if let Some(role) = role {
        let cookie = server.demo_session(role).await;
        browser.use_session(server, &cookie).await;
    }
    Some(Keyboard {
        browser,
        visited: Vec::new(),
    })
}

#[tokio::test]
async fn an_employee_books_a_desk_on_the_floor_plan_by_keyboard_alone() {
    let server = Server::start(Options::default());
    let Some(mut keys) = keyboard(&server, Some("employee")).await else {
        return;
    };
    let api = server.demo_client("employee").await;
    let day = today();
    let (level, desk) = find_desk(&server, &api, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk in a home zone today");
    let label = desk["label"].as_str().unwrap().to_string();
    let url = server.at(&format!("/floors/{level}?day={day}"));

    keys.check_page_start(&url).await;
    // Through the page to the desk on the plan, and choose it.
    keys.tab_to(&format!("a.desk[data-desk='{label}']"), 400)
        .await;
    keys.press(ENTER).await;
    // The focus moves to the desk's details, where the booking form is next.
    keys.wait_for_focus(".desk-details h2").await;
    keys.tab_to(".book-form button[type='submit']", 20).await;
    keys.press(ENTER).await;
    let outcome = keys.wait_for(".booking-outcome", "gebucht").await;
    assert!(!outcome.contains("nicht gebucht"), "{outcome}");
    keys.wait_for(&format!("a.desk.desk-mine[data-desk='{label}']"), "")
        .await;

    let mine: Value = api
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        mine["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["desk_id"] == desk["id"] && b["day"] == json!(day)),
        "the desk is booked: {mine}"
    );
    println!("focus went through: {:#?}", keys.visited);
    keys.browser.close().await;
}

#[tokio::test]
async fn a_counsellor_reserves_a_protected_room_by_keyboard_alone() {
    let server = Server::start(Options::default());
    let Some(mut keys) = keyboard(&server, Some("counsellor")).await else {
        return;
    };
    let day = in_days(2);
    let url = server.at(&format!(
        "/rooms?day={day}&from=10:00&to=11:00&privacy=protected"
    ));

    keys.check_page_start(&url).await;
    keys.tab_to(".room-results a[href*='room=']", 200).await;
    keys.press(ENTER).await;
    keys.wait_for("#reserve form", "").await;
    keys.tab_to("#reserve input[name='subject']", 100).await;
    keys.press("Erstgespräch").await;
    keys.tab_to("#reserve button[type='submit']", 20).await;
    keys.press(ENTER).await;
    keys.wait_for("[role='status'] .found", "1 von 1 Terminen reserviert")
        .await;
    let mine = keys
        .wait_for(".room-timeline .slot-mine", "Erstgespräch")
        .await;
    assert!(mine.contains("10:00–11:00"), "{mine}");
    println!("focus went through: {:#?}", keys.visited);
    keys.browser.close().await;
}

#[tokio::test]
async fn a_new_person_registers_a_passkey_and_checks_in_and_out_by_keyboard_alone() {
    let server = Server::start(Options::default());
    let Some(mut keys) = keyboard(&server, None).await else {
        return;
    };
    keys.browser.add_virtual_authenticator().await;
    let admin = server.demo_client("org_admin").await;
    let person = server
        .create_employee(&admin, "Tara Tastatur", "tara.tastatur@example.org")
        .await;
    let link = server.invitation_link(&admin, person).await;

    // Accept the invitation: register a passkey, by keyboard.
    keys.open(&link).await;
    keys.tab_to("#passkey-name", 60).await;
    keys.press(" Tastatur").await;
    keys.tab_to("button[data-passkey='register']", 10).await;
    keys.press(SPACE).await;
    keys.wait_for(".person-name", "Tara Tastatur").await;

    // Check in at a free desk with the passkey, then check out.
    let (_, desk) = find_desk(&server, &admin, today(), |d| d["state"] == "free")
        .await
        .expect("a free desk today");
    let url = server.localhost(&format!("/check-in/desk/{}", desk["id"]));
    keys.check_page_start(&url).await;
    keys.tab_to("button[data-passkey='check-in']", 60).await;
    keys.press(SPACE).await;
    keys.wait_for(".notice.success", "eingecheckt").await;
    // The page was reloaded: from its top to the check-out button.
    keys.browser.wait_for_hydration().await;
    keys.browser
        .client
        .execute("window.__keyboardPrevious = null; return true;", vec![])
        .await
        .unwrap();
    keys.tab_to("main form button[type='submit']", 60).await;
    keys.press(ENTER).await;
    keys.wait_for("main", "Ausgecheckt").await;
    println!("focus went through: {:#?}", keys.visited);
    keys.browser.close().await;
}
