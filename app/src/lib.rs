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
//!   building now, the audit log, the record of processing), [`planner`] (home-zone plans and
//!   their consent, units that work together), [`units_admin`] (an organisation's units,
//!   home zones, policies and deputies), [`building_admin`] (the building editor),
//!   [`people_admin`] (the people of an organisation, their roles, leavers and
//!   data-protection requests), [`policies_admin`] (the building-wide booking policies),
//!   [`blocks_admin`] (maintenance blocks of desks and zones), [`sso`] (the organisations'
//!   single sign-on buttons, and the mapping rules and directory sync status of `/admin/sign-in`), [`org_import`] (an organisation's file, previewed and taken
//!   over), [`building_import`] (a building's file, the same way).
//! - [`pwa`]: the installable app's head links and the live region of its offline and update
//!   notes.
//! - [`model`], [`identity`], [`error`], [`i18n`]: the wire types, the error a person sees and
//!   the texts, from the `wire` crate (re-exported here, as the pages name them).
//! - `services` (server only): the `domain` crate, and the caller of the current server
//!   function (`services::auth::require`).
//!
//! The WebAssembly entry (`hydrate()`) lives in the `frontend` crate, the only `cdylib`.

// Leptos' view types nest deeply; a fresh (non-incremental) build of the larger pages needs
// more than the default query depth.
#![recursion_limit = "256"]

pub mod account;
pub mod allocation;
pub mod api;
pub mod blocks_admin;
pub mod bookings;
pub mod building_admin;
pub mod building_import;
pub mod checkin;
pub mod open_data;
pub mod org_import;
pub mod pages;
pub mod people_admin;
pub mod planner;
pub mod policies_admin;
pub mod pwa;
pub mod reports;
pub mod rooms;
#[cfg(feature = "ssr")]
pub mod services;
pub mod shell;
pub mod sso;
pub mod units_admin;

pub use shell::{App, shell};
pub use wire::{error, i18n, identity, model};
