//! The Platzwahl web application: Leptos pages, components and server functions.
//!
//! Compiled twice: for the server (`ssr`, rendering HTML and running server functions) and to
//! WebAssembly (`hydrate`, making the server's HTML interactive in the browser).
//!
//! # Layout
//! - [`mod@shell`]: the HTML document, the router and the page frame ([`App`]).
//! - [`pages`]: one module per page (building overview, floor plan).
//! - [`api`]: the `#[server]` functions, the browser↔server boundary; thin: they parse input,
//!   call one service and map its error. More of them by subject: [`account`], [`bookings`],
//!   [`checkin`], [`allocation`] ("find me a desk", team booking, the day allocation),
//!   [`rooms`] (finding, reserving and cancelling rooms), [`reports`] (facility reports, the
//!   building now, the audit log, the record of processing).
//! - [`model`]: the types that cross the wire; a database model never does.
//! - [`error`]: [`error::AppError`], the one error type a person may see.
//! - [`i18n`]: German (default) and English texts.
//! - `services` (server only): queries and rules against the database.

// Leptos' view types nest deeply; a fresh (non-incremental) build of the larger pages needs
// more than the default query depth.
#![recursion_limit = "256"]

pub mod account;
pub mod allocation;
pub mod api;
pub mod bookings;
pub mod checkin;
pub mod error;
pub mod i18n;
pub mod identity;
pub mod model;
pub mod pages;
pub mod reports;
pub mod rooms;
#[cfg(feature = "ssr")]
pub mod services;
pub mod shell;

pub use shell::{App, shell};

/// The WebAssembly entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
