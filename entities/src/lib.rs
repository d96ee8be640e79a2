//! sea-orm entities of Platzwahl: one module per table, written to match the
//! `migration` crate (which owns the schema and its constraints).
//!
//! # Layout
//!
//! Each table module has the usual `Model`, `ActiveModel`, `Entity`, `Column` and `Relation`;
//! enum-like columns are typed by the string-backed enums in [`enums`], and [`prelude`] brings
//! every `Entity` in under its table's name (`Desk`, `DeskBooking`, …) together with the enums.
//!
//! | area | tables |
//! | --- | --- |
//! | People | [`organisation`], [`unit`](mod@unit), [`person`], [`person_role`], [`deputy`] |
//! | Building | [`building`], [`floor`], [`floor_plan_image`], [`zone`], [`zone_adjacency`], [`home_zone`], [`desk`], [`room`] |
//! | Rules | [`policy`], [`block`] |
//! | Desk bookings | [`desk_booking`], [`desk_booking_half`], [`desk_request`] |
//! | Room reservations | [`reservation_series`], [`room_reservation`], [`room_reservation_quarter`] |
//! | Sensors | [`sensor`], [`sensor_state`], [`sensor_event`] |
//! | Single sign-on | [`person_identity`], [`identity_mapping`], [`oidc_login`], [`oidc_session`] |
//! | Directory sync | [`directory_sync`] (and `person.directory_key`) |
//! | Access | [`check_in`], [`badge`], [`badge_reader`], [`passkey`], [`invitation`], [`web_session`], [`api_token`], [`auth_ceremony`] |
//! | Reporting | [`audit_log`], [`occupancy_hourly`], [`unit_day`], [`room_day`], [`walk_in_hour`] |
//! | Walkways | [`walkway`], [`walkway_node`], [`walkway_edge`] |
//! | Entrance zone | [`entrance_admission`] |
//! | E-mail | [`mail_outbox`], [`mail_opt_out`] |
//! | Web push | [`push_subscription`], [`push_outbox`], [`push_opt_out`], [`push_vapid_key`] |
//! | Open data | [`open_data_setting`], [`open_data_dataset`] |
//! | Calendar resources | [`room_feed`] |
//! | Planning | [`unit_affinity`], [`zone_grant`], [`zone_plan`], [`zone_plan_home`], [`zone_plan_consent`] |
//!
//! # What the schema guarantees
//!
//! - An active desk booking holds one [`desk_booking_half`] row per half-day it covers
//!   ([`enums::Slot::halves`]); the database refuses a second booking of a desk, or a second desk
//!   for a person, in one half-day. Cancelling or releasing a booking must delete its rows.
//! - An active room reservation holds one [`room_reservation_quarter`] row per 15-minute cell of
//!   its time plus the room's buffers ([`room_reservation_quarter::cells`]); the database refuses
//!   overlapping reservations of a room. Cancelling or releasing must delete the cells.
//! - Timestamps are UTC ([`DateTimeUtc`](sea_orm::prelude::DateTimeUtc)), days are the
//!   building's local days ([`Date`](sea_orm::prelude::Date)).

pub mod enums;
pub mod prelude;

pub mod api_token;
pub mod audit_log;
pub mod auth_ceremony;
pub mod badge;
pub mod badge_reader;
pub mod block;
pub mod building;
pub mod check_in;
pub mod deputy;
pub mod desk;
pub mod desk_booking;
pub mod desk_booking_half;
pub mod desk_request;
pub mod directory_sync;
pub mod entrance_admission;
pub mod floor;
pub mod floor_plan_image;
pub mod home_zone;
pub mod identity_mapping;
pub mod invitation;
pub mod mail_opt_out;
pub mod mail_outbox;
pub mod occupancy_hourly;
pub mod oidc_login;
pub mod oidc_session;
pub mod open_data_dataset;
pub mod open_data_setting;
pub mod organisation;
pub mod passkey;
pub mod person;
pub mod person_identity;
pub mod person_role;
pub mod policy;
pub mod push_opt_out;
pub mod push_outbox;
pub mod push_subscription;
pub mod push_vapid_key;
pub mod reservation_series;
pub mod room;
pub mod room_day;
pub mod room_feed;
pub mod room_reservation;
pub mod room_reservation_quarter;
pub mod sensor;
pub mod sensor_event;
pub mod sensor_state;
pub mod site;
pub mod site_building;
pub mod unit;
pub mod unit_affinity;
pub mod unit_day;
pub mod walk_in_hour;
pub mod walkway;
pub mod walkway_edge;
pub mod walkway_node;
pub mod web_session;
pub mod zone;
pub mod zone_adjacency;
pub mod zone_grant;
pub mod zone_plan;
pub mod zone_plan_consent;
pub mod zone_plan_home;
