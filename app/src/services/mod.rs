//! Server-only services: queries and rules against the database, apart from the server
//! functions that call them.

pub mod account;
pub mod allocation;
pub mod audit;
pub mod auth;
pub mod badges;
pub mod blocks;
pub mod booking;
pub mod building;
pub mod calendar;
pub mod checkin;
pub mod colleagues;
pub mod day_allocation;
pub mod demo_people;
pub mod notices;
pub mod occupancy;
pub mod occupancy_hours;
pub mod release;
pub mod reports;
pub mod retention;
pub mod rooms;
pub mod secret;
pub mod sensor_registry;

use sea_orm::DatabaseConnection;

/// What the server gives every request and server function.
#[derive(Debug, Clone)]
pub struct AppContext {
    /// The database.
    pub db: DatabaseConnection,
    /// Whether demo mode is on (made-up data, a banner on every page).
    pub demo: bool,
    /// Where people reach Platzwahl (`https://platzwahl.example.org`), for links that leave
    /// the browser: QR codes, calendar feeds.
    pub public_url: String,
    /// What bookings are checked against, kept for a moment (shared with the JSON API).
    pub facts: booking::FactsCache,
    /// When requests for a day's allocation close, on the evening before (local time).
    pub requests_close: chrono::NaiveTime,
    /// The minimum group size of reports, and when sensors need looking after.
    pub reports: reports::ReportSettings,
    /// What is stored and for how long, from the configuration in force.
    pub processing: crate::model::reports::ProcessingRecord,
}
