//! What the sensor pipeline reads and writes (`domain::sensor_state`) on SQLite and PostgreSQL:
//! the places of registered sensors (a sensor bound to nothing is left out; a protected room is
//! marked), a sensor's state with the time of its last message kept when a change came without
//! one, and the journal of raw events written in several statements of one transaction with
//! each sensor's last-seen time: all of it, or nothing.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use chrono::{Duration, TimeZone, Utc};
use domain::sensor_state::{self, Place, RawEvent, StateRow};
use entities::enums::Presence;
use entities::{sensor, sensor_event, sensor_state as state};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

/// Floor 1 at level 2 with desk 2.01 and two rooms, one protected; a sensor on each and one
/// bound to nothing.
const FIXTURE: &str = "
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1600, 1000);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES (1, 1, '2a', '2A', 'work', 0, 0, 500, 500);
INSERT INTO desk (id, zone_id, label, x, y, width, height) VALUES (1, 1, '2.01', 100, 100, 160, 80);
INSERT INTO room (id, floor_id, label, name, capacity, privacy_class, x, y, width, height) VALUES
    (1, 1, '2.B01', 'Beratung', 3, 'protected', 900, 0, 200, 200),
    (2, 1, '2.40', 'Besprechung', 8, 'standard', 600, 0, 200, 200);
INSERT INTO sensor (id, device_key, model, protocol, desk_id, room_id) VALUES
    (1, 'z2m:z/desk', 'PIR', 'zigbee2mqtt', 1, NULL),
    (2, 'z2m:z/beratung', 'PIR', 'zigbee2mqtt', NULL, 1),
    (3, 'z2m:z/besprechung', 'PIR', 'zigbee2mqtt', NULL, 2),
    (4, 'z2m:z/spare', 'PIR', 'zigbee2mqtt', NULL, NULL)
";

async fn seed(db: &DatabaseConnection) {
    for statement in FIXTURE.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

tests::on_both_backends!(
    the_registered_sensors_are_found_with_their_places,
    a_state_keeps_its_last_message_when_a_change_has_none,
    the_journal_is_written_with_the_last_seen_times,
);

async fn the_registered_sensors_are_found_with_their_places(db: DatabaseConnection) {
    seed(&db).await;
    let places: HashMap<String, Place> =
        sensor_state::places(&db, &domain::topology::Topology::load(&db).await.unwrap())
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(places.len(), 3, "the sensor bound to nothing is left out");
    assert_eq!(
        places["z2m:z/desk"],
        Place {
            sensor_id: 1,
            label: "2.01".into(),
            is_desk: true,
            protected: false,
            building: "bd".into(),
            floor: 2,
        }
    );
    assert_eq!(
        places["z2m:z/beratung"],
        Place {
            sensor_id: 2,
            label: "2.B01".into(),
            is_desk: false,
            protected: true,
            building: "bd".into(),
            floor: 2,
        }
    );
    assert!(!places["z2m:z/besprechung"].protected);
}

async fn a_state_keeps_its_last_message_when_a_change_has_none(db: DatabaseConnection) {
    seed(&db).await;
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    let message = start + Duration::seconds(5);
    let quiet = start + Duration::seconds(90);
    let row = || async {
        state::Entity::find_by_id(1)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
    };

    sensor_state::set_states(
        &db,
        &[StateRow {
            sensor_id: 1,
            state: Presence::Unknown,
            changed_at: start,
            last_message_at: None,
        }],
    )
    .await
    .unwrap();
    assert_eq!(row().await.state, Presence::Unknown);
    assert_eq!(row().await.last_message_at, None);

    sensor_state::set_states(
        &db,
        &[StateRow {
            sensor_id: 1,
            state: Presence::Occupied,
            changed_at: message,
            last_message_at: Some(message),
        }],
    )
    .await
    .unwrap();
    let occupied = row().await;
    assert_eq!(
        (
            occupied.state,
            occupied.changed_at,
            occupied.last_message_at
        ),
        (Presence::Occupied, message, Some(message))
    );

    // The quiet time passed: a change without a message keeps the last message's time.
    sensor_state::set_states(
        &db,
        &[StateRow {
            sensor_id: 1,
            state: Presence::Vacant,
            changed_at: quiet,
            last_message_at: None,
        }],
    )
    .await
    .unwrap();
    let vacant = row().await;
    assert_eq!(
        (vacant.state, vacant.changed_at, vacant.last_message_at),
        (Presence::Vacant, quiet, Some(message))
    );
    assert_eq!(state::Entity::find().count(&db).await.unwrap(), 1);

    // Several sensors in one write: each keeps or takes its own message time.
    let later = quiet + Duration::seconds(30);
    sensor_state::set_states(
        &db,
        &[
            StateRow {
                sensor_id: 1,
                state: Presence::Occupied,
                changed_at: later,
                last_message_at: None,
            },
            StateRow {
                sensor_id: 2,
                state: Presence::Occupied,
                changed_at: later,
                last_message_at: Some(later),
            },
        ],
    )
    .await
    .unwrap();
    let rows: Vec<_> = state::Entity::find()
        .order_by_asc(state::Column::SensorId)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.sensor_id, row.state, row.last_message_at))
        .collect();
    assert_eq!(
        rows,
        [
            (1, Presence::Occupied, Some(message)),
            (2, Presence::Occupied, Some(later))
        ]
    );
}

async fn the_journal_is_written_with_the_last_seen_times(db: DatabaseConnection) {
    seed(&db).await;
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
    // More than two statements' worth, on two sensors.
    let events: Vec<RawEvent> = (0..1_201)
        .map(|i| RawEvent {
            sensor_id: if i % 3 == 0 { 2 } else { 1 },
            occupied: [Some(true), Some(false), None][i % 3],
            received_at: start + Duration::milliseconds(i64::try_from(i).unwrap() * 100),
        })
        .collect();
    let last = events[1_200].received_at;
    let seen = HashMap::from([(1, last - Duration::milliseconds(100)), (2, last)]);

    sensor_state::write_journal(&db, &events, &seen)
        .await
        .unwrap();

    assert_eq!(
        sensor_event::Entity::find().count(&db).await.unwrap(),
        1_201
    );
    let silent = sensor_event::Entity::find()
        .filter(sensor_event::Column::Occupied.is_null())
        .count(&db)
        .await
        .unwrap();
    assert_eq!(silent, 400);
    let last_seen: HashMap<i32, Option<chrono::DateTime<Utc>>> = sensor::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.last_seen_at))
        .collect();
    assert_eq!(last_seen[&1], Some(last - Duration::milliseconds(100)));
    assert_eq!(last_seen[&2], Some(last));
    assert_eq!(last_seen[&3], None, "a sensor not heard keeps its time");

    // All or nothing: an event of an unknown sensor in the second statement undoes the first.
    let mut broken: Vec<RawEvent> = events[..600].to_vec();
    broken[599].sensor_id = 99;
    let later = HashMap::from([(3, last)]);
    assert!(
        sensor_state::write_journal(&db, &broken, &later)
            .await
            .is_err()
    );
    assert_eq!(
        sensor_event::Entity::find().count(&db).await.unwrap(),
        1_201
    );
    let besprechung = sensor::Entity::find_by_id(3)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(besprechung.last_seen_at, None);

    // Nothing to write writes nothing.
    sensor_state::write_journal(&db, &[], &HashMap::new())
        .await
        .unwrap();
    assert_eq!(
        sensor_event::Entity::find().count(&db).await.unwrap(),
        1_201
    );
}
