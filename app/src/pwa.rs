//! The installable app's place on every page: the links in the document's head (manifest,
//! theme colour, icon, `/pwa.js`) and the live region where `/pwa.js` says that a page comes
//! from the phone's copy ("Offline — Stand vom 14:05") or that a new version is ready.
//!
//! The service worker and the manifest are served by the server (`server::pwa`).

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::shell::use_lang;

/// The theme colour of the installed app (the header's blue), also in the manifest.
pub const THEME_COLOUR: &str = "#0b5cad";

/// What the live region may say, in one language. `{time}` and `{day}` are filled in by the
/// page's script, in the page's language.
pub struct PwaTexts {
    /// A page from the phone's copy, fetched today.
    pub offline: &'static str,
    /// A page from the phone's copy, fetched on an earlier day.
    pub offline_day: &'static str,
    /// A new version is installed and waiting.
    pub update: &'static str,
    /// The button that switches to it.
    pub reload: &'static str,
}

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static PwaTexts {
    match lang {
        Lang::De => &PwaTexts {
            offline: "Offline — Stand vom {time} Uhr. Änderungen sind erst wieder mit Netz möglich.",
            offline_day: "Offline — Stand vom {day}, {time} Uhr. Änderungen sind erst wieder mit Netz möglich.",
            update: "Neue Version verfügbar.",
            reload: "Neu laden",
        },
        Lang::En => &PwaTexts {
            offline: "Offline — as of {time}. Changes need a connection again.",
            offline_day: "Offline — as of {day}, {time}. Changes need a connection again.",
            update: "A new version is available.",
            reload: "Reload",
        },
    }
}

/// The head's links of the installable app.
#[component]
pub fn PwaHead() -> impl IntoView {
    view! {
        <link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials" />
        <meta name="theme-color" content=THEME_COLOUR />
        <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
        <script src="/pwa.js" defer></script>
    }
}

/// The live region `/pwa.js` writes into; empty (and taking no room) until it has something
/// to say.
#[component]
pub fn AppStatus() -> impl IntoView {
    let t = texts(use_lang());
    view! {
        <div
            id="app-status"
            class="app-status"
            role="status"
            data-offline=t.offline
            data-offline-day=t.offline_day
            data-update=t.update
            data-reload=t.reload
        ></div>
    }
}
