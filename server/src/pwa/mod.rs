//! The installable web app: the manifest (`/manifest.webmanifest`, in the person's language) and
//! the service worker (`/sw.js`, scope `/`) that keeps "my bookings" and the QR check-in pages
//! usable offline and shows push notifications (see `sw.js` beside this file, and
//! `public/pwa.js` for the page's side, which also switches push on for a device at
//! `/account`).
//!
//! The worker's caches are named after a version: a hash of this program's version, the
//! worker's own script and the files it keeps, read once at start-up. A deployment that changes
//! any of them changes `/sw.js`, so browsers install the new worker, the page offers to reload,
//! and the old caches are deleted when the new worker takes over. Neither route carries
//! personal data.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};
use wire::i18n::Lang;

use crate::web::WebState;

/// The worker's script, before the version and the files are filled in.
const TEMPLATE: &str = include_str!("sw.js");

/// The worker's own policy: it may fetch from this site only (its caches are filled by
/// `fetch`), and nothing else.
const WORKER_POLICY: &str = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'none'";

/// The colour of the app's title bar and splash screen: the header's blue (`--accent` in
/// `style/main.css`), on which its white text has a contrast of 6.6:1.
const THEME_COLOUR: &str = app::pwa::THEME_COLOUR;

/// The splash screen's background (`--paper`).
const BACKGROUND_COLOUR: &str = "#ffffff";

/// The page the installed app opens with.
const START_URL: &str = "/bookings";

/// The files of the site root the worker keeps for offline use, when they exist (`{name}` is
/// the output name, `platzwahl`).
const SHELL_FILES: &[&str] = &[
    "/pkg/{name}.js",
    "/pkg/{name}.wasm",
    "/pkg/{name}.css",
    "/passkey.js",
    "/pwa.js",
    "/favicon.svg",
    "/icons/icon-192.png",
];

/// The two routes.
pub fn routes(options: &LeptosOptions) -> Router<WebState> {
    let worker: Arc<str> = worker_script(
        Path::new(options.site_root.as_ref()),
        options.output_name.as_ref(),
    )
    .into();
    Router::new()
        .route(
            "/sw.js",
            get(move || {
                let worker = Arc::clone(&worker);
                async move { worker_response(&worker) }
            }),
        )
        .route("/manifest.webmanifest", get(manifest))
}

/// The worker script of the files under `site_root`: the kept files that exist, and the
/// version of them all.
pub fn worker_script(site_root: &Path, output_name: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update(TEMPLATE.as_bytes());
    let mut files = Vec::new();
    for file in SHELL_FILES {
        let path = file.replace("{name}", output_name);
        // A file that is missing (a server without a built site) is simply not kept.
        if let Ok(bytes) = std::fs::read(site_root.join(path.trim_start_matches('/'))) {
            hash.update(path.as_bytes());
            hash.update(bytes.len().to_le_bytes());
            hash.update(&bytes);
            files.push(path);
        }
    }
    let version: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let files = serde_json::to_string(&files).unwrap_or_else(|_| "[]".to_string());
    TEMPLATE
        .replace("__VERSION__", &version)
        .replace("__SHELL_FILES__", &files)
}

fn worker_response(script: &str) -> Response {
    let mut response = script.to_string().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    // Browsers look for a new worker on every visit; no copy in between.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(WORKER_POLICY),
    );
    response
}

/// The texts of the manifest in one language.
struct ManifestTexts {
    name: &'static str,
    description: &'static str,
    bookings: &'static str,
    find: &'static str,
    rooms: &'static str,
}

fn texts(lang: Lang) -> ManifestTexts {
    let t = lang.texts();
    ManifestTexts {
        name: "Platzwahl",
        description: match lang {
            Lang::De => {
                "Arbeitsplätze und Räume im Haus buchen, einchecken und die eigenen Buchungen \
                 auch ohne Netz sehen"
            }
            Lang::En => {
                "Book desks and rooms in the building, check in, and see one's bookings \
                 offline too"
            }
        },
        bookings: t.my_bookings_title,
        find: t.find_link,
        rooms: t.rooms_title,
    }
}

/// The web app manifest (W3C Web Application Manifest) in the language of the request (the
/// page links it with credentials, so the language cookie comes along).
async fn manifest(headers: HeaderMap) -> Response {
    let header = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let lang = Lang::negotiate(header(header::COOKIE), header(header::ACCEPT_LANGUAGE));
    let t = texts(lang);
    let body = serde_json::json!({
        "id": "/",
        "name": t.name,
        "short_name": t.name,
        "description": t.description,
        "lang": lang.code(),
        "dir": "ltr",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            { "src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/icons/maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" },
            { "src": "/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
        ],
        "shortcuts": [
            { "name": t.bookings, "url": "/bookings" },
            { "name": t.find, "url": "/find" },
            { "name": t.rooms, "url": "/rooms" },
        ],
    });
    let mut response = body.to_string().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/manifest+json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("cookie, accept-language"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_keeps_only_files_that_exist_and_its_version_follows_them() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg/platzwahl.css"), "a{}").unwrap();
        let first = worker_script(site.path(), "platzwahl");
        assert!(first.contains(r#"const SHELL_FILES = ["/pkg/platzwahl.css"];"#));
        assert!(!first.contains("__VERSION__"));
        assert_eq!(first, worker_script(site.path(), "platzwahl"));
        std::fs::write(site.path().join("pkg/platzwahl.css"), "a{color:red}").unwrap();
        let second = worker_script(site.path(), "platzwahl");
        let version = |script: &str| {
            script
                .lines()
                .find(|line| line.starts_with("const VERSION"))
                .unwrap()
                .to_string()
        };
        assert_ne!(version(&first), version(&second));
    }
}
