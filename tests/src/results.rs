//! The accessibility tests' committed results, `docs/accessibility-results.json`, which the
//! accessibility statement (`/barrierefreiheit`) includes when the app is compiled.
//!
//! Each test owns one section (`axe`, `keyboard`, `reflow`, `contrast`) and calls [`record`]
//! with what it measured: when the committed section differs, the file is rewritten with the
//! new section and today's date, and the test fails, so the statement cannot claim what was not
//! measured (commit the rewritten file; the next run passes).

use std::path::PathBuf;

use serde_json::{Map, Value};

/// The file, in the workspace's `docs/`.
pub fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/accessibility-results.json")
}

/// Compares `measured` with the committed section `section`; on a difference writes the file
/// anew (this section replaced, today's date) and returns what changed. `Ok(())` when the
/// committed file already says what was measured.
pub fn record(section: &str, measured: Value) -> Result<(), String> {
    let path = path();
    let mut file: Map<String, Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let committed = file.get(section).cloned().unwrap_or(Value::Null);
    if committed == measured {
        return Ok(());
    }
    let today = chrono::Utc::now().date_naive().to_string();
    file.insert(section.to_string(), measured.clone());
    file.insert("date".to_string(), Value::String(today));
    let mut text = serde_json::to_string_pretty(&Value::Object(file)).expect("serialise results");
    text.push('\n');
    std::fs::write(&path, text).expect("write docs/accessibility-results.json");
    Err(format!(
        "{} said {committed} for `{section}`, the test measured {measured}: the file is \
         rewritten, commit it (the accessibility statement includes it)",
        path.display()
    ))
}
