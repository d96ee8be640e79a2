//! The types both sides of Platzwahl share: what crosses the wire between the server and the
//! browser, and the texts a person reads.
//!
//! This crate knows nothing of the database, Leptos or axum, so the browser's WebAssembly, the
//! domain services and the HTTP adapter all use it.
//!
//! # Layout
//! - [`model`]: bookings, floors, rooms ([`model::rooms`]), reports ([`model::reports`]), as
//!   pages and the JSON API show them; a database model never crosses the wire.
//! - [`identity`]: who is signed in, their passkeys and tokens, demo people, invitations.
//! - [`error`]: [`error::AppError`], the one error type a person may see.
//! - [`i18n`]: German (default) and English texts.
//!
//! # Features
//! - `schema`: OpenAPI schemas (`utoipa::ToSchema`) of the wire types, for the server's API
//!   document.
//! - `server-fn`: [`error::AppError`] as the error type of Leptos server functions.
//! - `db`: a database error converts to [`error::AppError::Internal`] (logged where converted),
//!   and the slot and booking status convert to and from the database's enums.

#[cfg(feature = "db")]
mod db;
pub mod error;
pub mod i18n;
pub mod identity;
pub mod model;
