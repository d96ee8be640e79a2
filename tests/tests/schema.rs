//! The schema itself, on SQLite and PostgreSQL: migrations go up and down cleanly, the entities
//! read what the migrations created, and the database — not only the code — refuses double
//! bookings of desks and rooms and sensors bound to two places.
//!
//! Every scenario is an `async fn` run twice, by `…_on_sqlite` and `…_on_postgres`.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use entities::prelude::*;
use entities::{desk_booking, desk_booking_half, room_reservation, room_reservation_quarter};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, EntityTrait, QueryFilter, Set, SqlErr, Statement,
};
use tests::db::{Backend, with_empty_database, with_migrated_database};

/// Every table of the schema.
const TABLES: [&str; 62] = [
    "api_token",
    "audit_log",
    "auth_ceremony",
    "badge",
    "badge_reader",
    "block",
    "building",
    "check_in",
    "deputy",
    "directory_sync",
    "desk",
    "desk_booking",
    "desk_booking_half",
    "desk_request",
    "entrance_admission",
    "floor",
    "floor_plan_image",
    "home_zone",
    "identity_mapping",
    "invitation",
    "mail_opt_out",
    "mail_outbox",
    "occupancy_hourly",
    "oidc_login",
    "oidc_session",
    "open_data_dataset",
    "open_data_setting",
    "organisation",
    "passkey",
    "person",
    "person_identity",
    "person_role",
    "policy",
    "push_opt_out",
    "push_outbox",
    "push_subscription",
    "push_vapid_key",
    "reservation_series",
    "room",
    "room_reservation",
    "room_day",
    "room_feed",
    "room_reservation_quarter",
    "sensor",
    "sensor_event",
    "sensor_state",
    "site",
    "site_building",
    "unit",
    "unit_affinity",
    "unit_day",
    "walk_in_hour",
    "walkway",
    "walkway_edge",
    "walkway_node",
    "web_session",
    "zone",
    "zone_adjacency",
    "zone_grant",
    "zone_plan",
    "zone_plan_consent",
    "zone_plan_home",
];

// ---------------------------------------------------------------------------------------------
// Migrations

async fn migrations_go_up_down_and_up_again(db: DatabaseConnection) {
    assert!(tables(&db).await.is_empty(), "the database starts empty");

    Migrator::up(&db, None).await.unwrap();
    let mut expected: BTreeSet<String> = TABLES.iter().map(|t| t.to_string()).collect();
    expected.insert("seaql_migrations".into());
    assert_eq!(tables(&db).await, expected);
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );

    Migrator::down(&db, None).await.unwrap();
    assert_eq!(
        tables(&db).await,
        BTreeSet::from(["seaql_migrations".to_string()]),
        "down removes every table but the migration bookkeeping"
    );
    assert_eq!(indexes(&db).await, BTreeSet::new(), "and every index");
    assert_eq!(
        Migrator::get_applied_migrations(&db).await.unwrap().len(),
        0
    );

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(tables(&db).await, expected);
}

/// An installation from before the zone plans keeps its organisations' zones: migration 18 gives
/// each organisation the zones its units have as home zones, and nothing else.
async fn the_zone_plan_migration_gives_each_organisation_its_units_home_zones(
    db: DatabaseConnection,
) {
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261207_000018_zone_plan")
        .expect("migration 18 is listed");
    Migrator::up(&db, Some(u32::try_from(before).unwrap()))
        .await
        .unwrap();
    for statement in [
        "INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt'), (2, 'jc', 'Jobcenter')",
        "INSERT INTO unit (id, organisation_id, slug, name) VALUES (1, 1, 'a', 'A'), (2, 2, 'b', 'B'), (3, 2, 'c', 'C')",
        "INSERT INTO building (id, slug, name, address) VALUES (1, 'bd', 'BD', 'Döppersberg 37')",
        "INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1200, 600)",
        "INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height, distance_to_lift_m) VALUES \
             (1, 1, '2a', 'A', 'work', 0, 0, 10, 10, 1), (2, 1, '2b', 'B', 'work', 10, 0, 10, 10, 1), \
             (3, 1, '2c', 'C', 'quiet', 20, 0, 10, 10, 1)",
        "INSERT INTO home_zone (unit_id, zone_id, priority) VALUES (1, 1, 1), (2, 1, 2), (2, 2, 1), (3, 2, 1)",
    ] {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    Migrator::up(&db, None).await.unwrap();
    let grants: BTreeSet<(i32, i32)> = ZoneGrant::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.zone_id, g.organisation_id))
        .collect();
    assert_eq!(grants, BTreeSet::from([(1, 1), (1, 2), (2, 2)]));
}

#[tokio::test]
async fn the_zone_plan_migration_gives_each_organisation_its_units_home_zones_on_sqlite() {
    with_empty_database(
        Backend::Sqlite,
        the_zone_plan_migration_gives_each_organisation_its_units_home_zones,
    )
    .await;
}

#[tokio::test]
async fn the_zone_plan_migration_gives_each_organisation_its_units_home_zones_on_postgres() {
    with_empty_database(
        Backend::Postgres,
        the_zone_plan_migration_gives_each_organisation_its_units_home_zones,
    )
    .await;
}

/// Migration 20 keeps every unit that exists before it open; `unit.closed` reads back as
/// written.
async fn units_stay_open_across_the_unit_closed_migration(db: DatabaseConnection) {
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261207_000020_unit_closed")
        .expect("migration 20 is listed");
    Migrator::up(&db, Some(u32::try_from(before).unwrap()))
        .await
        .unwrap();
    for statement in [
        "INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt')",
        "INSERT INTO unit (id, organisation_id, slug, name) VALUES (1, 1, 'a', 'A'), (2, 1, 'b', 'B')",
    ] {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    Migrator::up(&db, None).await.unwrap();
    let units = Unit::find().all(&db).await.unwrap();
    assert_eq!(units.len(), 2);
    assert!(units.iter().all(|u| !u.closed), "existing units stay open");
    db.execute_unprepared("UPDATE unit SET closed = TRUE WHERE id = 2")
        .await
        .unwrap();
    let closed: Vec<i32> = Unit::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.closed)
        .map(|u| u.id)
        .collect();
    assert_eq!(closed, vec![2]);
}

#[tokio::test]
async fn units_stay_open_across_the_unit_closed_migration_on_sqlite() {
    with_empty_database(
        Backend::Sqlite,
        units_stay_open_across_the_unit_closed_migration,
    )
    .await;
}

#[tokio::test]
async fn units_stay_open_across_the_unit_closed_migration_on_postgres() {
    with_empty_database(
        Backend::Postgres,
        units_stay_open_across_the_unit_closed_migration,
    )
    .await;
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_sqlite() {
    with_empty_database(Backend::Sqlite, migrations_go_up_down_and_up_again).await;
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_postgres() {
    with_empty_database(Backend::Postgres, migrations_go_up_down_and_up_again).await;
}

async fn names(db: &DatabaseConnection, sql: &str) -> BTreeSet<String> {
    let statement = Statement::from_string(db.get_database_backend(), sql);
    db.query_all_raw(statement)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect()
}

async fn tables(db: &DatabaseConnection) -> BTreeSet<String> {
    names(
        db,
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            }
            _ => "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
        },
    )
    .await
}

/// Indexes, except those of the migration bookkeeping.
async fn indexes(db: &DatabaseConnection) -> BTreeSet<String> {
    names(
        db,
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'index' \
                 AND tbl_name <> 'seaql_migrations'"
            }
            _ => {
                "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' \
                 AND tablename <> 'seaql_migrations'"
            }
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Entities against the migrated schema

/// One row in every table, written with plain SQL as a seed or another tool would.
const ONE_ROW_EACH: &str = "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal');
INSERT INTO unit (id, organisation_id, slug, name) VALUES (1, 1, 'ordnungsamt', 'Ordnungsamt');
INSERT INTO unit (id, organisation_id, slug, name) VALUES (2, 1, 'bauamt', 'Bauamt');
INSERT INTO unit_affinity (unit_a_id, unit_b_id, weight) VALUES (1, 2, 5);
INSERT INTO person (id, organisation_id, unit_id, display_name, email)
    VALUES (1, 1, 1, 'Ada Beispiel', 'ada@example.org');
INSERT INTO person_role (person_id, role) VALUES (1, 'counsellor');
INSERT INTO person (id, organisation_id, display_name) VALUES (2, 1, 'Bea Beispiel');
INSERT INTO deputy (owner_id, deputy_id) VALUES (1, 2);
INSERT INTO building (id, slug, name, address) VALUES (1, 'bd', 'Bundesbahndirektion', 'Döppersberg 37');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1200, 600);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height, distance_to_lift_m)
    VALUES (1, 1, '2a', 'Zone 2A', 'work', 0, 0, 600, 600, 12),
           (2, 1, '2b', 'Zone 2B', 'quiet', 600, 0, 600, 600, 30);
INSERT INTO zone_adjacency (zone_a_id, zone_b_id) VALUES (1, 2);
INSERT INTO home_zone (unit_id, zone_id, priority) VALUES (1, 1, 1);
INSERT INTO desk (id, zone_id, label, x, y, width, height, monitors, has_docking)
    VALUES (1, 1, '2.14', 100, 100, 160, 80, 2, TRUE);
INSERT INTO room (id, floor_id, zone_id, label, name, capacity, privacy_class, equipment,
                  buffer_after_min, x, y, width, height)
    VALUES (1, 1, 2, '2.40', 'Beratung 1', 3, 'protected', 'screen,hearing_loop', 15, 900, 0, 200, 200);
INSERT INTO policy (id, scope, max_days_ahead, overflow) VALUES (1, 'building', 14, 'day_before_14');
INSERT INTO block (id, desk_id, from_day, to_day, reason) VALUES (1, 1, '2026-12-24', '2026-12-31', 'Holidays');
INSERT INTO desk_booking (id, desk_id, person_id, day, slot, status, source)
    VALUES (1, 1, 1, '2026-11-24', 'morning', 'active', 'web');
INSERT INTO desk_booking_half (booking_id, desk_id, person_id, day, half)
    VALUES (1, 1, 1, '2026-11-24', 0);
INSERT INTO reservation_series (id, owner_id, room_id, rule, until_day)
    VALUES (1, 1, 1, 'weekly:1', '2027-03-31');
INSERT INTO room_reservation (id, room_id, owner_id, series_id, starts_at, ends_at, subject, status)
    VALUES (1, 1, 1, 1, '2026-11-24T09:00:00+00:00', '2026-11-24T10:00:00+00:00', 'Beratung', 'active');
INSERT INTO room_reservation_quarter (reservation_id, room_id, quarter) VALUES (1, 1, 1995012);
INSERT INTO sensor (id, device_key, model, protocol, desk_id, battery_pct)
    VALUES (1, 'zigbee2mqtt/2.OG/2.14', 'Aqara FP1E', 'zigbee2mqtt', 1, 87);
INSERT INTO sensor_state (sensor_id, state, changed_at) VALUES (1, 'occupied', '2026-11-24T08:03:00+00:00');
INSERT INTO sensor_event (id, sensor_id, occupied, received_at)
    VALUES (1, 1, TRUE, '2026-11-24T08:03:00+00:00');
INSERT INTO check_in (id, person_id, desk_booking_id, method, at)
    VALUES (1, 1, 1, 'badge', '2026-11-24T08:05:00+00:00');
INSERT INTO badge (id, person_id, badge_hash) VALUES (1, 1, 'hash-of-badge');
INSERT INTO passkey (id, person_id, name, credential_id, credential)
    VALUES (1, 1, 'Laptop', 'AAECAw', '{\"cred\":{}}');
INSERT INTO invitation (id, person_id, token_hash, created_by, expires_at)
    VALUES (1, 2, 'hash-of-invitation', 1, '2026-12-01T00:00:00+00:00');
INSERT INTO mail_outbox (person_id, kind, language, params, idempotency_key, next_attempt_at)
    VALUES (2, 'booking_released', 'de', '{}', 'booking_released:1', '2026-11-24T08:00:00+00:00');
INSERT INTO mail_opt_out (person_id, kind) VALUES (2, 'request_placed');
INSERT INTO push_subscription (id, person_id, endpoint, p256dh, auth)
    VALUES (1, 2, 'https://fcm.googleapis.com/fcm/send/x', 'BPk', 'YXV0aA');
INSERT INTO push_outbox (subscription_id, person_id, kind, language, params, idempotency_key, due_at)
    VALUES (1, 2, 'booking_released', 'de', '{}', 'booking_released:1', '2026-11-24T08:00:00+00:00');
INSERT INTO push_opt_out (person_id, kind) VALUES (2, 'request_placed');
INSERT INTO push_vapid_key (id, private_key, public_key) VALUES (1, 'private', 'public');
INSERT INTO web_session (id, token_hash, person_id, last_seen_at, expires_at)
    VALUES (1, 'hash-of-session', 1, '2026-11-24T08:00:00+00:00', '2026-12-24T08:00:00+00:00');
INSERT INTO api_token (id, kind, name, token_hash, scopes)
    VALUES (1, 'device', 'Kiosk Foyer', 'hash-of-token', 'checkin');
INSERT INTO audit_log (id, actor_person_id, organisation_id, action, entity, entity_id, detail)
    VALUES (1, 1, 1, 'desk_booking.create', 'desk_booking', '1', '{\"slot\":\"full_day\"}');
INSERT INTO occupancy_hourly (zone_id, hour_start, booked_desk_hours, occupied_desk_hours)
    VALUES (1, '2026-11-24T08:00:00+00:00', 1, 1);
INSERT INTO auth_ceremony (id, kind, state, person_id, invitation_id, expires_at)
    VALUES ('c-1', 'register', '{}', 2, 1, '2026-11-24T08:05:00+00:00');
INSERT INTO badge_reader (id, code, desk_id, api_token_id) VALUES (1, 'reader-2-14', 1, 1);
INSERT INTO desk_request (id, person_id, day, slot, needs, status, booking_id, explanation)
    VALUES (1, 1, '2026-11-24', 'morning', 'accessible', 'placed', 1, '2.14 in Zone 2A');
INSERT INTO unit_day (unit_id, day, bookings, home_zone_bookings, distinct_people)
    VALUES (1, '2026-11-24', 6, 5, 6);
INSERT INTO room_day (day, privacy_class, rooms, reserved_quarters, used_quarters, released, distinct_people)
    VALUES ('2026-11-24', 'protected', 4, 40, 32, 1, 5);
INSERT INTO zone_grant (zone_id, organisation_id) VALUES (1, 1);
INSERT INTO zone_plan (id, effective_from, measured_from, measured_to, percentile)
    VALUES (1, '2026-12-01', '2026-10-27', '2026-11-23', 80);
INSERT INTO zone_plan_home (plan_id, unit_id, zone_id, priority) VALUES (1, 1, 2, 1);
INSERT INTO zone_plan_consent (plan_id, organisation_id) VALUES (1, 1);
INSERT INTO directory_sync (organisation_id, started_at, finished_at, outcome)
    VALUES (1, '2026-11-24T03:00:00+00:00', '2026-11-24T03:00:04+00:00', 'ok');
INSERT INTO site (id, slug, name) VALUES (1, 'wuppertal', 'Standort Wuppertal');
INSERT INTO site_building (building_id, site_id) VALUES (1, 1);
INSERT INTO person_identity (person_id, organisation_id, issuer, subject)
    VALUES (1, 1, 'https://login.example.org', 'sub-1');
INSERT INTO identity_mapping (organisation_id, kind, claim_value, unit_id, role)
    VALUES (1, 'role', 'pw-beratung', NULL, 'counsellor');
INSERT INTO oidc_login (id, organisation_id, nonce, pkce_verifier, next_path, expires_at)
    VALUES ('hash-of-state', 1, 'nonce', 'verifier', '/', '2026-11-24T08:10:00+00:00');
INSERT INTO oidc_session (session_id, organisation_id) VALUES (1, 1);
INSERT INTO open_data_setting (id, licence, publisher) VALUES (1, 'dl-de/by-2-0', 'Stadt');
INSERT INTO open_data_dataset (dataset) VALUES ('desk-sharing');
INSERT INTO room_feed (room_id, token_hash, created_by) VALUES (1, 'hash-of-room-feed', 1);
INSERT INTO entrance_admission (building_id, organisation_id) VALUES (1, 1);
INSERT INTO walk_in_hour (building_id, hour_start, count)
    VALUES (1, '2026-11-24T08:00:00+00:00', 3);
INSERT INTO walkway (building_id, cm_per_unit) VALUES (1, 4);
INSERT INTO walkway_node (id, building_id, key, kind, floor_id, x, y, desk_id, room_id)
    VALUES (1, 1, 'lift-2', 'lift', 1, 10, 10, NULL, NULL),
           (2, 1, 'desk-2.14', 'desk', 1, 100, 100, 1, NULL);
INSERT INTO walkway_edge (id, from_node_id, to_node_id, kind) VALUES (1, 1, 2, 'walk');
";

async fn seed_one_row_each(db: &DatabaseConnection) {
    for statement in ONE_ROW_EACH.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

async fn every_entity_reads_the_rows_of_its_table(db: DatabaseConnection) {
    seed_one_row_each(&db).await;
    // A blob literal is written differently by the two databases.
    let png = match db.get_database_backend() {
        DbBackend::Sqlite => "X'89504E470D0A1A0A'",
        _ => "'\\x89504e470d0a1a0a'::bytea",
    };
    db.execute_unprepared(&format!(
        "INSERT INTO floor_plan_image (floor_id, content_type, bytes) VALUES (1, 'image/png', {png})"
    ))
    .await
    .unwrap();

    macro_rules! read_back {
        ($($entity:ident),* $(,)?) => {
            let mut entities = 0;
            $(
                let rows = $entity::find().all(&db).await.unwrap_or_else(|e| {
                    panic!("reading {} failed: {e}", stringify!($entity))
                });
                assert!(!rows.is_empty(), "{} read no rows", stringify!($entity));
                entities += 1;
            )*
            assert_eq!(entities, TABLES.len(), "every table has its entity");
        };
    }
    read_back!(
        ApiToken,
        AuditLog,
        AuthCeremony,
        Badge,
        BadgeReader,
        Block,
        Building,
        CheckIn,
        Deputy,
        DirectorySync,
        Desk,
        DeskBooking,
        DeskBookingHalf,
        DeskRequest,
        EntranceAdmission,
        Floor,
        FloorPlanImage,
        HomeZone,
        IdentityMapping,
        Invitation,
        MailOptOut,
        MailOutbox,
        OccupancyHourly,
        OidcLogin,
        OidcSession,
        OpenDataDataset,
        OpenDataSetting,
        Organisation,
        Passkey,
        Person,
        PersonIdentity,
        PersonRole,
        Policy,
        PushOptOut,
        PushOutbox,
        PushSubscription,
        PushVapidKey,
        ReservationSeries,
        Room,
        RoomReservation,
        RoomDay,
        RoomFeed,
        RoomReservationQuarter,
        Sensor,
        SensorEvent,
        SensorState,
        Site,
        SiteBuilding,
        Unit,
        UnitAffinity,
        UnitDay,
        WalkInHour,
        Walkway,
        WalkwayEdge,
        WalkwayNode,
        WebSession,
        Zone,
        ZoneAdjacency,
        ZoneGrant,
        ZonePlan,
        ZonePlanConsent,
        ZonePlanHome,
    );

    // Defaults written by the database read back as the entities expect.
    let ada = Person::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert_eq!(ada.locale, Locale::De);
    assert!(ada.active && !ada.share_location && !ada.anonymised && !ada.needs_accessible_desk);
    let plan = ZonePlan::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert_eq!(plan.status, entities::enums::ZonePlanStatus::Proposed);
    let age = Utc::now() - ada.created_at;
    assert!(
        age.num_seconds().abs() < 600,
        "created_at defaults to now, read back as UTC: {}",
        ada.created_at
    );
    let room = Room::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert_eq!(room.privacy_class, PrivacyClass::Protected);
    assert_eq!((room.buffer_before_min, room.buffer_after_min), (0, 15));
    assert!(
        !room.book_now,
        "a room is not bookable at its door until allowed"
    );
    assert_eq!(room.max_slot_minutes, None, "no longest slot of its own");
    let policy = Policy::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert_eq!(policy.overflow, Overflow::DayBefore14);
    assert_eq!(policy.scope_id, None);
    let reservation = RoomReservation::find_by_id(1)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reservation.starts_at, at(9, 0));
    let request = DeskRequest::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert_eq!(request.status, entities::enums::DeskRequestStatus::Placed);
    assert_eq!(request.wishes, "");
    // One request per person and day; a status the schema does not know is refused.
    for refused in [
        "INSERT INTO desk_request (person_id, day, slot) VALUES (1, '2026-11-24', 'afternoon')",
        "INSERT INTO desk_request (person_id, day, slot, status) VALUES (2, '2026-11-24', 'morning', 'maybe')",
        "INSERT INTO unit_day (unit_id, day, bookings, home_zone_bookings) VALUES (1, '2026-11-25', 2, 3)",
        "INSERT INTO room_day (day, privacy_class) VALUES ('2026-11-25', 'secret')",
        // A pair once, smaller unit first, weight 1 to 10.
        "INSERT INTO unit_affinity (unit_a_id, unit_b_id, weight) VALUES (2, 1, 5)",
        "INSERT INTO unit_affinity (unit_a_id, unit_b_id, weight) VALUES (1, 1, 5)",
        "UPDATE unit_affinity SET weight = 11",
        // One plan waits at a time; a status or percentile the schema does not know.
        "INSERT INTO zone_plan (effective_from, measured_from, measured_to, percentile) VALUES ('2026-12-02', '2026-10-27', '2026-11-23', 80)",
        "UPDATE zone_plan SET status = 'maybe'",
        "UPDATE zone_plan SET percentile = 101",
        "INSERT INTO zone_plan_home (plan_id, unit_id, zone_id, priority) VALUES (1, 2, 1, 0)",
        "INSERT INTO zone_grant (zone_id, organisation_id) VALUES (1, 99)",
        // An organisation admitted once per building, only one that exists; a slot of a
        // room is longer than nothing.
        "INSERT INTO entrance_admission (building_id, organisation_id) VALUES (1, 1)",
        "INSERT INTO entrance_admission (building_id, organisation_id) VALUES (1, 99)",
        "UPDATE room SET max_slot_minutes = 0",
    ] {
        assert!(db.execute_unprepared(refused).await.is_err(), "{refused}");
    }
    // A plan no longer waiting makes way for the next.
    for allowed in [
        "UPDATE zone_plan SET status = 'applied'",
        "INSERT INTO zone_plan (effective_from, measured_from, measured_to, percentile) VALUES ('2026-12-02', '2026-10-27', '2026-11-23', 80)",
    ] {
        db.execute_unprepared(allowed)
            .await
            .unwrap_or_else(|e| panic!("{allowed}: {e}"));
    }
}

#[tokio::test]
async fn every_entity_reads_the_rows_of_its_table_on_sqlite() {
    with_migrated_database(Backend::Sqlite, every_entity_reads_the_rows_of_its_table).await;
}

#[tokio::test]
async fn every_entity_reads_the_rows_of_its_table_on_postgres() {
    with_migrated_database(Backend::Postgres, every_entity_reads_the_rows_of_its_table).await;
}

// ---------------------------------------------------------------------------------------------
// Desk bookings

/// Two people, two desks, two rooms (the second with a 15-minute buffer after each reservation).
const PLACES: &str = "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal');
INSERT INTO person (id, organisation_id, display_name) VALUES (1, 1, 'Ada'), (2, 1, 'Bea');
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1200, 600);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height)
    VALUES (1, 1, '2a', 'Zone 2A', 'work', 0, 0, 600, 600);
INSERT INTO desk (id, zone_id, label, x, y, width, height)
    VALUES (1, 1, '2.14', 100, 100, 160, 80), (2, 1, '2.15', 300, 100, 160, 80);
INSERT INTO room (id, floor_id, label, name, capacity, buffer_after_min, x, y, width, height)
    VALUES (1, 1, '2.40', 'Beratung 1', 3, 0, 900, 0, 200, 200),
           (2, 1, '2.41', 'Beratung 2', 3, 15, 900, 200, 200, 200);
";

async fn seed_places(db: &DatabaseConnection) {
    for statement in PLACES.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, hour, minute, 0).unwrap()
}

/// Books `desk` for `person` the way the application must: the booking and its half-day rows
/// in one transaction.
async fn book(
    db: &DatabaseConnection,
    id: i64,
    desk: i32,
    person: i32,
    day: NaiveDate,
    slot: Slot,
) -> Result<(), DbErr> {
    let txn = domain::db::begin_write(db).await?;
    let booking = desk_booking::ActiveModel {
        id: Set(id),
        desk_id: Set(desk),
        person_id: Set(Some(person)),
        day: Set(day),
        slot: Set(slot),
        status: Set(DeskBookingStatus::Active),
        source: Set(BookingSource::Web),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let halves = slot
        .halves()
        .iter()
        .map(|&half| desk_booking_half::ActiveModel {
            booking_id: Set(id),
            desk_id: Set(desk),
            person_id: Set(Some(person)),
            day: Set(day),
            half: Set(half),
        });
    let written = async {
        booking.insert(&txn).await?;
        DeskBookingHalf::insert_many(halves).exec(&txn).await?;
        Ok(())
    }
    .await;
    finish(txn, written).await
}

/// Commits on success and rolls back at once on failure. (Merely dropping a failed transaction
/// leaves its rollback for later, and on SQLite the next writer then finds the file locked.)
async fn finish(txn: DatabaseTransaction, written: Result<(), DbErr>) -> Result<(), DbErr> {
    match written {
        Ok(()) => txn.commit().await,
        Err(error) => {
            txn.rollback().await?;
            Err(error)
        }
    }
}

/// Asserts `result` is a refusal by the unique index `index` (PostgreSQL names it in the error)
/// over `columns` (SQLite names those).
fn assert_refused_by(result: Result<(), DbErr>, index: &str, columns: &str) {
    let error = match result {
        Ok(()) => panic!("the database accepted what {index} should refuse"),
        Err(error) => error,
    };
    assert!(
        matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))),
        "expected a unique violation, got {error}"
    );
    let message = error.to_string();
    assert!(
        message.contains(index) || message.contains(columns),
        "refused, but not by {index}: {message}"
    );
}

const DESK_SLOT_INDEX: &str = "desk_booking_half_day_desk_id_half_key";
const DESK_SLOT_COLUMNS: &str =
    "desk_booking_half.day, desk_booking_half.desk_id, desk_booking_half.half";
const PERSON_SLOT_INDEX: &str = "desk_booking_half_person_id_day_half_key";
const PERSON_SLOT_COLUMNS: &str =
    "desk_booking_half.person_id, desk_booking_half.day, desk_booking_half.half";

async fn second_booking_of_a_desk_in_one_slot_is_refused(db: DatabaseConnection) {
    seed_places(&db).await;
    book(&db, 1, 1, 1, day(24), Slot::FullDay).await.unwrap();

    assert_refused_by(
        book(&db, 2, 1, 2, day(24), Slot::Morning).await,
        DESK_SLOT_INDEX,
        DESK_SLOT_COLUMNS,
    );
    assert_refused_by(
        book(&db, 3, 1, 2, day(24), Slot::FullDay).await,
        DESK_SLOT_INDEX,
        DESK_SLOT_COLUMNS,
    );
    assert_eq!(
        DeskBooking::find().all(&db).await.unwrap().len(),
        1,
        "a refused booking leaves nothing behind"
    );

    // Another day is fine, and so is the other half of a half-booked day.
    book(&db, 4, 1, 2, day(25), Slot::Morning).await.unwrap();
    book(&db, 5, 1, 1, day(25), Slot::Afternoon).await.unwrap();
    assert_refused_by(
        book(&db, 6, 1, 2, day(25), Slot::Afternoon).await,
        DESK_SLOT_INDEX,
        DESK_SLOT_COLUMNS,
    );

    // Cancelling deletes the half-day rows, which frees the desk.
    let txn = domain::db::begin_write(&db).await.unwrap();
    desk_booking_half::Entity::delete_many()
        .filter(desk_booking_half::Column::BookingId.eq(1))
        .exec(&txn)
        .await
        .unwrap();
    desk_booking::ActiveModel {
        id: Set(1),
        status: Set(DeskBookingStatus::Cancelled),
        cancelled_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .update(&txn)
    .await
    .unwrap();
    txn.commit().await.unwrap();
    book(&db, 7, 1, 2, day(24), Slot::Morning).await.unwrap();
}

#[tokio::test]
async fn second_booking_of_a_desk_in_one_slot_is_refused_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        second_booking_of_a_desk_in_one_slot_is_refused,
    )
    .await;
}

#[tokio::test]
async fn second_booking_of_a_desk_in_one_slot_is_refused_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        second_booking_of_a_desk_in_one_slot_is_refused,
    )
    .await;
}

async fn second_desk_for_one_person_in_one_slot_is_refused(db: DatabaseConnection) {
    seed_places(&db).await;
    book(&db, 1, 1, 1, day(24), Slot::Morning).await.unwrap();

    assert_refused_by(
        book(&db, 2, 2, 1, day(24), Slot::Morning).await,
        PERSON_SLOT_INDEX,
        PERSON_SLOT_COLUMNS,
    );
    assert_refused_by(
        book(&db, 3, 2, 1, day(24), Slot::FullDay).await,
        PERSON_SLOT_INDEX,
        PERSON_SLOT_COLUMNS,
    );

    // The afternoon at another desk, and another day, are fine; so is another person.
    book(&db, 4, 2, 1, day(24), Slot::Afternoon).await.unwrap();
    book(&db, 5, 2, 1, day(25), Slot::FullDay).await.unwrap();
    book(&db, 6, 1, 2, day(25), Slot::FullDay).await.unwrap();
}

#[tokio::test]
async fn second_desk_for_one_person_in_one_slot_is_refused_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        second_desk_for_one_person_in_one_slot_is_refused,
    )
    .await;
}

#[tokio::test]
async fn second_desk_for_one_person_in_one_slot_is_refused_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        second_desk_for_one_person_in_one_slot_is_refused,
    )
    .await;
}

async fn half_day_row_that_disagrees_with_its_booking_is_refused(db: DatabaseConnection) {
    seed_places(&db).await;
    book(&db, 1, 1, 1, day(24), Slot::Morning).await.unwrap();

    for (desk, on) in [(2, day(24)), (1, day(25))] {
        let result = desk_booking_half::ActiveModel {
            booking_id: Set(1),
            desk_id: Set(desk),
            person_id: Set(Some(1)),
            day: Set(on),
            half: Set(desk_booking_half::AFTERNOON),
        }
        .insert(&db)
        .await;
        let error = result.expect_err("a half-day row for another desk or day is refused");
        assert!(
            matches!(
                error.sql_err(),
                Some(SqlErr::ForeignKeyConstraintViolation(_))
            ),
            "expected a foreign key violation, got {error}"
        );
    }
}

#[tokio::test]
async fn half_day_row_that_disagrees_with_its_booking_is_refused_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        half_day_row_that_disagrees_with_its_booking_is_refused,
    )
    .await;
}

#[tokio::test]
async fn half_day_row_that_disagrees_with_its_booking_is_refused_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        half_day_row_that_disagrees_with_its_booking_is_refused,
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Room reservations

/// Reserves `room` the way the application must: the reservation and its 15-minute cells,
/// buffers included, in one transaction.
async fn reserve(
    db: &DatabaseConnection,
    id: i64,
    room: i32,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = domain::db::begin_write(db).await?;
    let written = async {
        let buffers = Room::find_by_id(room).one(&txn).await?.unwrap();
        room_reservation::ActiveModel {
            id: Set(id),
            room_id: Set(room),
            owner_id: Set(Some(1)),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            status: Set(ReservationStatus::Active),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let cells = room_reservation_quarter::cells(
            starts_at,
            ends_at,
            buffers.buffer_before_min,
            buffers.buffer_after_min,
        );
        RoomReservationQuarter::insert_many(cells.map(|quarter| {
            room_reservation_quarter::ActiveModel {
                reservation_id: Set(id),
                room_id: Set(room),
                quarter: Set(quarter),
            }
        }))
        .exec(&txn)
        .await?;
        Ok(())
    }
    .await;
    finish(txn, written).await
}

const ROOM_CELL_INDEX: &str = "room_reservation_quarter_room_id_quarter_key";
const ROOM_CELL_COLUMNS: &str =
    "room_reservation_quarter.room_id, room_reservation_quarter.quarter";

async fn overlapping_reservations_of_a_room_are_refused_and_adjacent_ones_allowed(
    db: DatabaseConnection,
) {
    seed_places(&db).await;
    reserve(&db, 1, 1, at(10, 0), at(11, 0)).await.unwrap();

    for (id, from, to) in [
        (2, at(10, 30), at(11, 30)),
        (3, at(9, 0), at(10, 15)),
        (4, at(10, 15), at(10, 45)),
        (5, at(9, 0), at(12, 0)),
        (6, at(10, 59), at(11, 59)),
    ] {
        assert_refused_by(
            reserve(&db, id, 1, from, to).await,
            ROOM_CELL_INDEX,
            ROOM_CELL_COLUMNS,
        );
    }
    assert_eq!(RoomReservation::find().all(&db).await.unwrap().len(), 1);

    // Back to back on either side, and the same time in another room, are fine.
    reserve(&db, 7, 1, at(11, 0), at(12, 0)).await.unwrap();
    reserve(&db, 8, 1, at(9, 0), at(10, 0)).await.unwrap();
    reserve(&db, 9, 2, at(10, 0), at(11, 0)).await.unwrap();

    // Room 2 keeps 15 minutes free after each reservation: 11:00 is too early, 11:15 is not.
    assert_refused_by(
        reserve(&db, 10, 2, at(11, 0), at(12, 0)).await,
        ROOM_CELL_INDEX,
        ROOM_CELL_COLUMNS,
    );
    reserve(&db, 11, 2, at(11, 15), at(12, 0)).await.unwrap();
}

#[tokio::test]
async fn overlapping_reservations_of_a_room_are_refused_and_adjacent_ones_allowed_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        overlapping_reservations_of_a_room_are_refused_and_adjacent_ones_allowed,
    )
    .await;
}

#[tokio::test]
async fn overlapping_reservations_of_a_room_are_refused_and_adjacent_ones_allowed_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        overlapping_reservations_of_a_room_are_refused_and_adjacent_ones_allowed,
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Sensors

async fn sensor_bound_to_a_desk_and_a_room_is_refused(db: DatabaseConnection) {
    seed_places(&db).await;
    let insert = |id: i32, desk: &str, room: &str| {
        format!(
            "INSERT INTO sensor (id, device_key, model, protocol, desk_id, room_id) \
             VALUES ({id}, 'sensor-{id}', 'Aqara FP1E', 'zigbee2mqtt', {desk}, {room})"
        )
    };
    db.execute_unprepared(&insert(1, "1", "NULL"))
        .await
        .unwrap();
    db.execute_unprepared(&insert(2, "NULL", "1"))
        .await
        .unwrap();
    db.execute_unprepared(&insert(3, "NULL", "NULL"))
        .await
        .unwrap();

    let error = db
        .execute_unprepared(&insert(4, "2", "2"))
        .await
        .expect_err("a sensor on a desk and a room at once is refused");
    assert!(
        error
            .to_string()
            .contains("sensor_bound_to_one_place_check"),
        "refused, but not by sensor_bound_to_one_place_check: {error}"
    );
    assert_eq!(Sensor::find().all(&db).await.unwrap().len(), 3);
}

#[tokio::test]
async fn sensor_bound_to_a_desk_and_a_room_is_refused_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        sensor_bound_to_a_desk_and_a_room_is_refused,
    )
    .await;
}

#[tokio::test]
async fn sensor_bound_to_a_desk_and_a_room_is_refused_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        sensor_bound_to_a_desk_and_a_room_is_refused,
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Badge readers

async fn badge_reader_is_bound_to_exactly_one_place(db: DatabaseConnection) {
    seed_places(&db).await;
    let insert = |id: i32, desk: &str, room: &str| {
        format!(
            "INSERT INTO badge_reader (id, code, desk_id, room_id) \
             VALUES ({id}, 'reader-{id}', {desk}, {room})"
        )
    };
    db.execute_unprepared(&insert(1, "1", "NULL"))
        .await
        .unwrap();
    db.execute_unprepared(&insert(2, "NULL", "1"))
        .await
        .unwrap();
    for (id, desk, room) in [(3, "NULL", "NULL"), (4, "2", "2")] {
        let error = db
            .execute_unprepared(&insert(id, desk, room))
            .await
            .expect_err("a reader bound to no place or to two is refused");
        assert!(
            error.to_string().contains("badge_reader_place_check"),
            "refused, but not by badge_reader_place_check: {error}"
        );
    }
    assert_eq!(BadgeReader::find().all(&db).await.unwrap().len(), 2);
}

#[tokio::test]
async fn badge_reader_is_bound_to_exactly_one_place_on_sqlite() {
    with_migrated_database(Backend::Sqlite, badge_reader_is_bound_to_exactly_one_place).await;
}

#[tokio::test]
async fn badge_reader_is_bound_to_exactly_one_place_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        badge_reader_is_bound_to_exactly_one_place,
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Floor plan images

async fn a_floor_plan_image_is_an_image_of_its_floor_and_no_larger_than_5_mib(
    db: DatabaseConnection,
) {
    seed_places(&db).await;
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    let zeros = |n: usize| {
        if sqlite {
            format!("zeroblob({n})")
        } else {
            format!("decode(repeat('00', {n}), 'hex')")
        }
    };
    let insert = |content_type: &str, bytes: String| {
        format!(
            "INSERT INTO floor_plan_image (floor_id, content_type, bytes) \
             VALUES (1, '{content_type}', {bytes})"
        )
    };
    for (refused, constraint) in [
        (
            insert("image/gif", zeros(10)),
            "floor_plan_image_content_type_check",
        ),
        (insert("image/png", zeros(0)), "floor_plan_image_size_check"),
        (
            insert("image/png", zeros(5 * 1024 * 1024 + 1)),
            "floor_plan_image_size_check",
        ),
    ] {
        let error = db
            .execute_unprepared(&refused)
            .await
            .expect_err("the image is refused");
        assert!(
            error.to_string().contains(constraint),
            "refused, but not by {constraint}: {error}"
        );
    }
    db.execute_unprepared(&insert("image/png", zeros(5 * 1024 * 1024)))
        .await
        .expect("an image of exactly 5 MiB is taken");
    let image = FloorPlanImage::find_by_id(1)
        .one(&db)
        .await
        .expect("the image reads back")
        .expect("the floor has its image");
    assert_eq!(image.bytes.len(), 5 * 1024 * 1024);
    assert!(
        db.execute_unprepared(&insert("image/png", zeros(10)))
            .await
            .is_err(),
        "one image per floor"
    );
    db.execute_unprepared("DELETE FROM floor WHERE id = 1")
        .await
        .expect("the floor can be deleted (its places have no bookings)");
    assert!(
        FloorPlanImage::find()
            .all(&db)
            .await
            .expect("the images read back")
            .is_empty(),
        "the image goes with its floor"
    );
}

#[tokio::test]
async fn a_floor_plan_image_is_an_image_of_its_floor_and_no_larger_than_5_mib_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        a_floor_plan_image_is_an_image_of_its_floor_and_no_larger_than_5_mib,
    )
    .await;
}

#[tokio::test]
async fn a_floor_plan_image_is_an_image_of_its_floor_and_no_larger_than_5_mib_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        a_floor_plan_image_is_an_image_of_its_floor_and_no_larger_than_5_mib,
    )
    .await;
}

/// The mail queue: one event gives one mail (the idempotency key is unique), a mail is sent
/// exactly when it has its time, and a security mail (an invitation) cannot be switched off.
async fn one_event_gives_one_mail_and_invitations_stay_on(db: DatabaseConnection) {
    seed_one_row_each(&db).await;
    // PostgreSQL names the constraint; SQLite names a unique index by its columns.
    let refused = |sql: &'static str, names: [&'static str; 2]| {
        let db = db.clone();
        async move {
            let error = db
                .execute_unprepared(sql)
                .await
                .expect_err(&format!("refused: {sql}"))
                .to_string();
            assert!(
                names.iter().any(|name| error.contains(name)),
                "{names:?}: {error}"
            );
        }
    };
    refused(
        "INSERT INTO mail_outbox (person_id, kind, language, params, idempotency_key, next_attempt_at) \
         VALUES (2, 'booking_released', 'de', '{}', 'booking_released:1', '2026-11-24T08:00:00+00:00')",
        ["mail_outbox_idempotency_key_key", "mail_outbox.idempotency_key"],
    )
    .await;
    refused(
        "INSERT INTO mail_outbox (person_id, kind, language, params, idempotency_key, next_attempt_at, state) \
         VALUES (2, 'booking_released', 'de', '{}', 'x', '2026-11-24T08:00:00+00:00', 'sent')",
        ["mail_outbox_sent_check"; 2],
    )
    .await;
    refused(
        "INSERT INTO mail_opt_out (person_id, kind) VALUES (2, 'invitation')",
        ["mail_opt_out_kind_check"; 2],
    )
    .await;
}

#[tokio::test]
async fn one_event_gives_one_mail_and_invitations_stay_on_on_sqlite() {
    with_migrated_database(
        Backend::Sqlite,
        one_event_gives_one_mail_and_invitations_stay_on,
    )
    .await;
}

#[tokio::test]
async fn one_event_gives_one_mail_and_invitations_stay_on_on_postgres() {
    with_migrated_database(
        Backend::Postgres,
        one_event_gives_one_mail_and_invitations_stay_on,
    )
    .await;
}
