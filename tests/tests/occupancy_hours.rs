//! Hourly occupancy per zone (`domain::occupancy_hours`) on SQLite and PostgreSQL:
//! booked, occupied, occupied without a booking, no-shows and distinct people for one hour,
//! from bookings and raw sensor events, and the job that fills in the hours not recorded yet.
//!
//! The hour is Tuesday 2026-12-01, 09:00–10:00 in Berlin (08:00–09:00 UTC), a morning.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use domain::occupancy_hours::{self, ZoneHour};
use entities::occupancy_hourly;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

/// Zone 1 (desks 1–4, each with a sensor) and zone 2 (desk 5); what happened around the hour:
/// - desk 1: booked all day by person 1, occupied at 09:10;
/// - desk 2: booked for the morning by person 2, released as a no-show at 09:30, never occupied;
/// - desk 3: nobody booked it; occupied since 08:50;
/// - desk 4: occupied from 08:00 to 08:30; a booking of it was cancelled at 08:00;
/// - desk 5: booked for the afternoon only.
const FIXTURE: &str = "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal');
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1600, 1000);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES
    (1, 1, '2a', '2A', 'work', 0, 0, 500, 500), (2, 1, '2b', '2B', 'work', 500, 0, 500, 500);
INSERT INTO desk (id, zone_id, label, x, y, width, height) VALUES
    (1, 1, '2.01', 100, 100, 160, 80), (2, 1, '2.02', 300, 100, 160, 80),
    (3, 1, '2.03', 100, 300, 160, 80), (4, 1, '2.04', 300, 300, 160, 80),
    (5, 2, '2.05', 600, 100, 160, 80);
INSERT INTO person (id, organisation_id, display_name) VALUES (1, 1, 'Eins'), (2, 1, 'Zwei'), (3, 1, 'Drei');
INSERT INTO desk_booking (desk_id, person_id, day, slot, status, source, cancelled_at) VALUES
    (1, 1, '2026-12-01', 'full_day', 'active', 'web', NULL),
    (2, 2, '2026-12-01', 'morning', 'released', 'web', '2026-12-01T08:30:00+00:00'),
    (4, 3, '2026-12-01', 'morning', 'cancelled', 'web', '2026-12-01T07:00:00+00:00'),
    (5, 3, '2026-12-01', 'afternoon', 'active', 'web', NULL);
INSERT INTO sensor (id, device_key, model, protocol, desk_id) VALUES
    (1, 'z2m:z/1', 'PIR', 'zigbee2mqtt', 1), (2, 'z2m:z/2', 'PIR', 'zigbee2mqtt', 2),
    (3, 'z2m:z/3', 'PIR', 'zigbee2mqtt', 3), (4, 'z2m:z/4', 'PIR', 'zigbee2mqtt', 4);
INSERT INTO sensor_event (sensor_id, occupied, received_at) VALUES
    (1, TRUE, '2026-12-01T08:10:00+00:00'),
    (3, TRUE, '2026-12-01T07:50:00+00:00'),
    (4, TRUE, '2026-12-01T07:00:00+00:00'),
    (4, FALSE, '2026-12-01T07:30:00+00:00'),
    (2, NULL, '2026-12-01T08:40:00+00:00')
";

async fn seed(db: &DatabaseConnection) {
    for statement in FIXTURE.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

tests::on_both_backends!(an_hour_is_counted_per_zone_and_recorded_once);

async fn an_hour_is_counted_per_zone_and_recorded_once(db: DatabaseConnection) {
    seed(&db).await;
    let hour = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    let counts = occupancy_hours::count_hour(&db, hour).await.unwrap();
    assert_eq!(
        counts[&1],
        ZoneHour {
            booked: 2,
            occupied: 2,
            occupied_unbooked: 1,
            no_shows: 1,
            people: 2,
        }
    );
    assert_eq!(counts[&2], ZoneHour::default());

    // The job fills in the last day's complete hours, once.
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 20, 0).unwrap();
    assert_eq!(occupancy_hours::record_hours(&db, now).await.unwrap(), 24);
    assert_eq!(occupancy_hours::record_hours(&db, now).await.unwrap(), 0);
    let row = occupancy_hourly::Entity::find_by_id((1, hour))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            row.booked_desk_hours,
            row.occupied_desk_hours,
            row.occupied_unbooked_desk_hours,
            row.no_shows,
            row.distinct_people
        ),
        (2, 2, 1, 1, 2)
    );
    // The afternoon: desk 5 is booked, desk 1 still; nobody's sensor spoke since 09:10 but
    // desk 1's and desk 3's last word was "occupied".
    let afternoon = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let counts = occupancy_hours::count_hour(&db, afternoon).await.unwrap();
    assert_eq!((counts[&1].booked, counts[&2].booked), (1, 1));
    assert_eq!(counts[&1].occupied, 2);
}
