//! What a test does when a real service (PostgreSQL, Mosquitto, Chromium) is missing: outside
//! CI it says clearly that it skipped; with `CI=true` it fails.

/// Whether this run is CI (`CI=true`), where every service is required.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Call when `service` is missing: panics in CI, otherwise prints a skip notice. Returns
/// normally only outside CI, so the caller can `return` from the test.
pub fn missing(service: &str, why: &str) {
    assert!(
        !in_ci(),
        "{service} is required with CI=true but is not available: {why}"
    );
    eprintln!("SKIPPED ({service} not available: {why})");
}
