//! axe-core (Deque's accessibility rule engine, from npm) run in the browser's current page.
//!
//! `scripts/bootstrap test` installs the pinned `axe-core` into the tools directory
//! (`$PLATZWAHL_TOOLS_DIR`, by default `~/.cache/platzwahl/tools`); [`Axe::load`] reads its
//! `axe.min.js`, [`Axe::check`] injects it into the page and runs the WCAG 2.0 and 2.1 rules of
//! levels A and AA.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::browser::Browser;
use crate::services;

/// The axe tags of WCAG 2.0 and 2.1, levels A and AA.
pub const WCAG21_AA: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// axe-core's source, ready to inject.
pub struct Axe {
    source: String,
    /// The version axe reports.
    pub version: String,
}

/// One element that breaks one rule.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule, such as `color-contrast`.
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// The CSS selector of the element.
    pub target: String,
    /// What the rule asks, in a sentence.
    pub help: String,
    /// What axe found wrong with this element (such as the contrast ratio).
    pub summary: String,
    /// The element's HTML, shortened.
    pub html: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}) at `{}`: {} — {} — {}",
            self.rule,
            self.impact,
            self.target,
            self.help,
            self.summary.replace('\n', " "),
            self.html
        )
    }
}

/// The tools directory `scripts/bootstrap` installs into.
pub fn tools_dir() -> PathBuf {
    std::env::var_os("PLATZWAHL_TOOLS_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/platzwahl/tools"))
        })
        .unwrap_or_else(|| PathBuf::from(".cache/platzwahl/tools"))
}

impl Axe {
    /// Reads `axe.min.js`; `None` (after a skip notice) when it is not installed outside CI. In
    /// CI a missing axe-core fails the test.
    pub fn load() -> Option<Axe> {
        let dir = tools_dir().join("node_modules/axe-core");
        let Ok(source) = std::fs::read_to_string(dir.join("axe.min.js")) else {
            services::missing(
                "axe-core",
                &format!(
                    "no {}/axe.min.js (scripts/bootstrap test installs it)",
                    dir.display()
                ),
            );
            return None;
        };
        let version = std::fs::read_to_string(dir.join("package.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .and_then(|package| package["version"].as_str().map(str::to_owned))
            .unwrap_or_default();
        Some(Axe { source, version })
    }

    /// Injects axe into the browser's current page (once per page) and runs the WCAG 2.1 A and
    /// AA rules on the whole document; the violations, one per element and rule.
    pub async fn check(&self, browser: &Browser) -> Vec<Violation> {
        let loaded = browser
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("ask whether axe is loaded");
        if loaded != json!(true) {
            browser
                .client
                .execute(&format!("{}\nreturn true;", self.source), vec![])
                .await
                .expect("inject axe-core");
        }
        let result = browser
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: arguments[0] },
                                     resultTypes: ['violations'] })
                    .then(r => done({ ok: r.violations }))
                    .catch(e => done({ error: String(e) }));",
                vec![json!(WCAG21_AA)],
            )
            .await
            .expect("run axe-core");
        if let Some(error) = result.get("error") {
            panic!("axe-core failed: {error}");
        }
        let mut found = Vec::new();
        for rule in result["ok"].as_array().into_iter().flatten() {
            for node in rule["nodes"].as_array().into_iter().flatten() {
                let mut html = node["html"].as_str().unwrap_or_default().to_string();
                if html.len() > 160 {
                    let cut = (0..=160)
                        .rev()
                        .find(|&i| html.is_char_boundary(i))
                        .unwrap_or(0);
                    html.truncate(cut);
                    html.push('…');
                }
                found.push(Violation {
                    rule: rule["id"].as_str().unwrap_or_default().to_string(),
                    impact: node["impact"]
                        .as_str()
                        .or(rule["impact"].as_str())
                        .unwrap_or("unknown")
                        .to_string(),
                    target: node["target"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|t| t.as_str().map_or_else(|| t.to_string(), str::to_owned))
                        .collect::<Vec<_>>()
                        .join(" ⟫ "),
                    help: rule["help"].as_str().unwrap_or_default().to_string(),
                    summary: node["failureSummary"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    html,
                });
            }
        }
        found
    }
}
