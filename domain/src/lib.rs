//! The domain of Platzwahl: the services that book desks, reserve rooms, check people in, run
//! the allocator, release no-shows, report and forget — queries and rules against the database.
//!
//! This crate knows nothing of the web: no Leptos, no axum. The pages' server functions (`app`),
//! the JSON API, the background jobs and the command line (`server`) all call it, and its tests
//! run without compiling a page. Rules are pure functions that take the clock and the
//! building's time zone as arguments (`booking::rules`, `rooms::rules`, `reports::rules`); the
//! services around them read and write the database (`entities`) and use the pure allocator
//! (`allocator`). What they return to a person is a wire type of the `wire` crate.
//!
//! # Layout
//! - [`auth`]: the one authorization matrix ([`auth::Permission`], [`auth::Principal`]).
//! - [`people`], [`account`], [`secret`], [`badges`], [`demo_people`]: creating people, their
//!   passkeys, tokens and badges; [`people_admin`]: finding, changing, deactivating,
//!   reactivating, exporting and erasing them.
//! - [`booking`], [`blocks`], [`release`], [`checkin`], [`notices`], [`colleagues`],
//!   [`calendar`]: desks — booking rules, blocks and repair, no-shows, check-in, calendar feeds;
//!   [`blocks_admin`]: what the maintenance blocks page shows.
//! - [`allocation`], [`day_allocation`]: "find me a desk", team booking, the day allocation.
//! - [`rooms`]: finding, reserving and changing rooms, protected reservations.
//! - [`entrance`]: the entrance zone: organisations admitted to its first-consultation rooms,
//!   the longest slot of a room.
//! - [`building`], [`occupancy`], [`sensor_registry`], [`sensor_state`]: the building, live
//!   occupancy, sensors and what the server's sensor pipeline reads and writes.
//! - [`reports`], [`occupancy_hours`], [`retention`], [`audit`]: aggregated reports, their
//!   hourly records, retention and the audit log.
//! - [`displays`]: what door displays and floor displays in the entrance show (times and
//!   free places only, never a person).
//! - [`planner`]: the home-zone planner's proposal from the units' measured use.
//! - [`open_data`]: the building's use as open data for the public (aggregates only, what
//!   facility management publishes) and its DCAT-AP.de catalogue; [`room_feed`]: each room as
//!   a calendar resource (free/busy only for protected rooms).
//! - [`units_admin`]: an organisation's units, their home zones and policies, and the
//!   deputies of its counsellors, as its administrators run them.
//! - [`building_admin`]: the building editor: the building, floors and their plan images,
//!   zones, desks and rooms, removal with the bookings in the way cancelled or moved.
//! - [`building_policy`]: the building-wide booking policies (each building's, the default).
//! - [`structure`]: a building's floors, zones, desks, rooms and sensors as a file: export,
//!   and an import checked whole before it is applied in one transaction.
//! - [`sso`]: single sign-on (OpenID Connect): the person a verified ID token names (by
//!   subject, then e-mail within the organisation, or created just in time) and the mapping
//!   of claim values to units and roles its administrators keep; [`sso_admin`]: that mapping
//!   rule by rule, and how the directory sync last ran, for the administration page.
//! - [`directory`]: an organisation's people following its directory (LDAP): the plan of
//!   joiners, movers and leavers, written in one transaction.
//! - [`organisation_file`]: an organisation's units, home zones, people, roles and badges as a
//!   file (JSON, or people and units as CSV), checked and imported the same way.
//! - [`way`]: the way to one's desk or room over the building's walkway graph, step-free
//!   when asked, drawn and in words.
//! - [`mail`]: e-mail notifications: queued in the transaction of their event, rendered in the
//!   person's language with an iTIP part, switched off per kind by the person.
//! - [`push`]: web push notifications of the same events to the browsers people subscribed.
//! - [`db`]: opening a transaction that writes ([`db::begin_write`]).
//! - [`topology`]: the buildings (with their time zones), floors, zones, desks and rooms as one
//!   kept read model; [`AppContext`] is the one context every request, server function and
//!   job gets.

pub mod account;
pub mod allocation;
pub mod audit;
pub mod auth;
pub mod badges;
pub mod blocks;
pub mod blocks_admin;
pub mod booking;
pub mod building;
pub mod building_admin;
pub mod building_policy;
pub mod calendar;
pub mod checkin;
pub mod colleagues;
pub mod day_allocation;
pub mod db;
pub mod demo_people;
pub mod directory;
pub mod displays;
pub mod entrance;
pub mod error;
pub mod mail;
pub mod notices;
pub mod occupancy;
pub mod occupancy_hours;
pub mod open_data;
pub mod organisation_file;
pub mod people;
pub mod people_admin;
pub mod planner;
pub mod progress;
pub mod push;
pub mod release;
pub mod reports;
pub mod retention;
pub mod room_feed;
pub mod rooms;
pub mod secret;
pub mod sensor_registry;
pub mod sensor_state;
pub mod sso;
pub mod sso_admin;
pub mod structure;
pub mod topology;
pub mod units_admin;
pub mod way;

use sea_orm::DatabaseConnection;

/// What the server gives every request, server function and job: the one application context
/// (the web layer keeps it in its state, beside what only HTTP needs).
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
    pub processing: wire::model::reports::ProcessingRecord,
    /// Where people report accessibility barriers (`[web] accessibility_contact`), if set.
    pub accessibility_contact: Option<String>,
    /// What the day allocation serves first (`[booking] full_days_first`).
    pub allocation_policy: allocator::Policy,
    /// The buildings, floors, zones, desks and rooms, and the buildings' time zones, kept.
    pub topology: topology::TopologyCache,
    /// How long an invitation link works (`[auth]`), for links issued on the pages.
    pub invitation_validity: chrono::Duration,
    /// The organisations whose people may sign in at their own identity provider (`[oidc]`).
    pub single_sign_on: Vec<sso::Configured>,
}
