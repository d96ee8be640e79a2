//! The database schema of Platzwahl as sea-orm migrations, for SQLite and PostgreSQL alike.
//!
//! The schema is not only storage: it is the last line of defence for the rules that must hold
//! even when two servers race each other. The database itself refuses
//!
//! - two bookings of one desk in one half-day, and two desks for one person in one half-day
//!   (`desk_booking_half`: a booking claims one row per half-day it covers, with
//!   `UNIQUE (day, desk_id, half)` and `UNIQUE (person_id, day, half)`);
//! - overlapping reservations of one room, buffers included (`room_reservation_quarter`: a
//!   reservation claims every 15-minute cell of its time plus buffers, with
//!   `UNIQUE (room_id, quarter)`);
//! - values outside the known kinds and states (named `CHECK` constraints), and a sensor bound to
//!   a desk and a room at once;
//! - a person in a unit of another organisation (triggers).
//!
//! # Layout
//!
//! One migration per area, applied in this order; each has a `down` that removes exactly what
//! its `up` created:
//!
//! | migration | tables |
//! | --- | --- |
//! | [`m20261123_000001_people`] | `organisation`, `unit`, `person`, `person_role`, `deputy` |
//! | [`m20261123_000002_building`] | `building`, `floor`, `zone`, `zone_adjacency`, `home_zone`, `desk`, `room` |
//! | [`m20261123_000003_policy`] | `policy`, `block` |
//! | [`m20261123_000004_desk_booking`] | `desk_booking`, `desk_booking_half` |
//! | [`m20261123_000005_room_reservation`] | `reservation_series`, `room_reservation`, `room_reservation_quarter` |
//! | [`m20261123_000006_sensor`] | `sensor`, `sensor_state`, `sensor_event` |
//! | [`m20261123_000007_access`] | `check_in`, `badge`, `passkey`, `invitation`, `web_session`, `api_token` |
//! | [`m20261123_000008_reporting`] | `audit_log`, `occupancy_hourly` |
//! | [`m20261129_000009_auth_ceremony`] | `auth_ceremony` |
//! | [`m20261129_000010_badge_reader`] | `badge_reader` |
//! | [`m20261129_000011_desk_request`] | `desk_request` |
//! | [`m20261130_000012_daily_use`] | `unit_day`, `room_day` |
//! | [`m20261204_000013_secure_defaults`] | `person.demo`, `api_token.expires_at` |
//! | [`m20261204_000014_unit_affinity`] | `unit_affinity` |
//! | [`m20261205_000015_step_up`] | `web_session.verified_at` |
//! | [`m20261206_000016_block_guard`] | trigger `desk_booking_not_blocked` |
//! | [`m20261207_000017_person_unit_guard`] | triggers `person_unit_in_organisation`, `unit_keeps_its_people` |
//! | [`m20261207_000018_zone_plan`] | `zone_grant`, `zone_plan`, `zone_plan_home`, `zone_plan_consent`, `person.needs_accessible_desk` |
//! | [`m20261207_000019_floor_plan_image`] | `floor_plan_image` |
//! | [`m20261207_000020_unit_closed`] | `unit.closed` |
//! | [`m20261207_000021_oidc`] | `person_identity`, `identity_mapping`, `oidc_login`, `oidc_session` (single sign-on) |
//! | [`m20261207_000022_directory`] | `person.directory_key`, `directory_sync` |
//! | [`m20261207_000027_walkway`] | `walkway`, `walkway_node`, `walkway_edge` (the way to one's desk) |
//! | [`m20261207_000028_walk_in_hour`] | `walk_in_hour` (walk-ins at the entrance, counts by hour) |
//! | [`m20261207_000029_front_desk`] | role `front_desk`, `entrance_admission`, `room.max_slot_minutes` |
//! | [`m20261207_000030_mail`] | `mail_outbox`, `mail_opt_out` (e-mail notifications) |
//! | [`m20261207_000031_room_checkin`] | `room.book_now` (booking at the door display) |
//! | [`m20261207_000032_open_data`] | `open_data_setting`, `open_data_dataset` (open data), `room_feed` (rooms' calendar feeds) |
//! | [`m20261207_000033_mail_kinds`] | kinds `booking_cancelled`, `reservation_moved`, `reservation_released`, `reservation_booked`, `reservation_withdrawn` of `mail_outbox`, `mail_opt_out` |
//! | [`m20261207_000034_push`] | `push_subscription`, `push_outbox`, `push_opt_out`, `push_vapid_key` (web push) |
//!
//! `helpers` holds the small helpers the migrations share (named checks, foreign keys, indexes,
//! a portable "now" default).
//!
//! # Conventions
//!
//! - Constraint and index names follow PostgreSQL's own: `<table>_<columns>_key` (unique),
//!   `<table>_<columns>_idx`, `<table>_<column>_fkey`, `<table>_<what>_check`. Error messages
//!   of both backends carry these names, so code can tell violations apart.
//! - Timestamps are `timestamp with time zone` and always UTC. SQLite stores them as RFC 3339
//!   text (`2026-11-23T08:00:00+00:00`, as sea-orm writes them), so text order is time order;
//!   the `created_at` defaults write that same format there.
//! - Enum-like columns are strings guarded by `CHECK (col IN (...))`; the `entities` crate has
//!   the matching `DeriveActiveEnum`s.
//! - Structure deletes cascade downwards (building → floor → zone → desk), but a desk or room
//!   with bookings cannot be deleted (`RESTRICT`): block it instead. Deleting a person keeps
//!   their bookings with `person_id` set to `NULL`.

pub use sea_orm_migration::prelude::*;

mod helpers;
pub mod m20261123_000001_people;
pub mod m20261123_000002_building;
pub mod m20261123_000003_policy;
pub mod m20261123_000004_desk_booking;
pub mod m20261123_000005_room_reservation;
pub mod m20261123_000006_sensor;
pub mod m20261123_000007_access;
pub mod m20261123_000008_reporting;
pub mod m20261129_000009_auth_ceremony;
pub mod m20261129_000010_badge_reader;
pub mod m20261129_000011_desk_request;
pub mod m20261130_000012_daily_use;
pub mod m20261204_000013_secure_defaults;
pub mod m20261204_000014_unit_affinity;
pub mod m20261205_000015_step_up;
pub mod m20261206_000016_block_guard;
pub mod m20261207_000017_person_unit_guard;
pub mod m20261207_000018_zone_plan;
pub mod m20261207_000019_floor_plan_image;
pub mod m20261207_000020_unit_closed;
pub mod m20261207_000021_oidc;
pub mod m20261207_000022_directory;
pub mod m20261207_000025_site;
pub mod m20261207_000027_walkway;
pub mod m20261207_000028_walk_in_hour;
pub mod m20261207_000029_front_desk;
pub mod m20261207_000030_mail;
pub mod m20261207_000031_room_checkin;
pub mod m20261207_000032_open_data;
pub mod m20261207_000033_mail_kinds;
pub mod m20261207_000034_push;

/// Runs the migrations of Platzwahl; `Migrator::up(&db, None)` brings a database up to date.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_people::Migration),
            Box::new(m20261123_000002_building::Migration),
            Box::new(m20261123_000003_policy::Migration),
            Box::new(m20261123_000004_desk_booking::Migration),
            Box::new(m20261123_000005_room_reservation::Migration),
            Box::new(m20261123_000006_sensor::Migration),
            Box::new(m20261123_000007_access::Migration),
            Box::new(m20261123_000008_reporting::Migration),
            Box::new(m20261129_000009_auth_ceremony::Migration),
            Box::new(m20261129_000010_badge_reader::Migration),
            Box::new(m20261129_000011_desk_request::Migration),
            Box::new(m20261130_000012_daily_use::Migration),
            Box::new(m20261204_000013_secure_defaults::Migration),
            Box::new(m20261204_000014_unit_affinity::Migration),
            Box::new(m20261205_000015_step_up::Migration),
            Box::new(m20261206_000016_block_guard::Migration),
            Box::new(m20261207_000017_person_unit_guard::Migration),
            Box::new(m20261207_000018_zone_plan::Migration),
            Box::new(m20261207_000019_floor_plan_image::Migration),
            Box::new(m20261207_000020_unit_closed::Migration),
            Box::new(m20261207_000021_oidc::Migration),
            Box::new(m20261207_000022_directory::Migration),
            Box::new(m20261207_000025_site::Migration),
            Box::new(m20261207_000027_walkway::Migration),
            Box::new(m20261207_000028_walk_in_hour::Migration),
            Box::new(m20261207_000029_front_desk::Migration),
            Box::new(m20261207_000030_mail::Migration),
            Box::new(m20261207_000031_room_checkin::Migration),
            Box::new(m20261207_000032_open_data::Migration),
            Box::new(m20261207_000033_mail_kinds::Migration),
            Box::new(m20261207_000034_push::Migration),
        ]
    }
}
