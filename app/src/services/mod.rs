//! Server-only services: queries and rules against the database, apart from the server
//! functions that call them.

pub mod account;
pub mod audit;
pub mod auth;
pub mod booking;
pub mod building;
pub mod demo_people;
pub mod occupancy;
pub mod secret;

use sea_orm::DatabaseConnection;

/// What the server gives every request and server function.
#[derive(Debug, Clone)]
pub struct AppContext {
    /// The database.
    pub db: DatabaseConnection,
    /// Whether demo mode is on (made-up data, a banner on every page).
    pub demo: bool,
}
