//! Facility reports against the real databases (SQLite and PostgreSQL): zone-hours resting on
//! fewer than five people are suppressed and left out of every total and key figure — the same
//! report comes back whatever those hours hold, so no difference of figures reveals them; the
//! daily job counts units' home-zone bookings and room use; the building now counts floors and
//! lists sensors to look after; the audit log is kept per organisation and expires.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use domain::auth::{Principal, Via};
use domain::error::Error;
use domain::reports::{
    ReportSettings, audit_page, building_now, delete_old_audit, record_day, record_days, report,
};
use entities::enums::PrivacyClass;
use entities::enums::Role;
use entities::{room_day, unit_day};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use wire::model::reports::{Cell, KpiScope, ReportQuery, SensorIssue};
use wire::model::rooms::RoomPrivacy;

/// The topology as the server keeps it, read now.
async fn topology(db: &DatabaseConnection) -> domain::topology::Topology {
    domain::topology::Topology::load(db).await.unwrap()
}

/// Two organisations: the city with the Bauamt (home zone 1, twelve people) and the Kasse
/// (home zone 2, three people), the Jobcenter with one team (home zone 3, eight people). Three
/// zones of ten desks on floor 2; a consultation room and a meeting room.
fn fixture() -> String {
    let mut sql = String::from(
        "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal'), (2, 'jc', 'Jobcenter');
INSERT INTO unit (id, organisation_id, slug, name) VALUES
    (1, 1, 'bau', 'Bauamt'), (2, 1, 'kasse', 'Kasse'), (3, 2, 'team', 'Team Mitte');
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1600, 1000);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES
    (1, 1, '2a', 'Zone 2A', 'work', 0, 0, 500, 500),
    (2, 1, '2b', 'Zone 2B', 'work', 500, 0, 500, 500),
    (3, 1, '2c', 'Zone 2C', 'quiet', 1000, 0, 500, 500);
INSERT INTO home_zone (unit_id, zone_id, priority) VALUES (1, 1, 1), (2, 2, 1), (3, 3, 1);
INSERT INTO room (id, floor_id, label, name, capacity, privacy_class, x, y, width, height) VALUES
    (1, 1, '2.B01', 'Beratung', 3, 'protected', 0, 600, 200, 200),
    (2, 1, '2.M01', 'Besprechung', 8, 'standard', 300, 600, 200, 200);
",
    );
    let mut desks = Vec::new();
    for zone in 1..=3 {
        for n in 1..=10 {
            let id = (zone - 1) * 10 + n;
            desks.push(format!(
                "({id}, {zone}, '2.{zone}{n:02}', {}, 100, 80, 40)",
                n * 45
            ));
        }
    }
    sql.push_str(&format!(
        "INSERT INTO desk (id, zone_id, label, x, y, width, height) VALUES {};\n",
        desks.join(", ")
    ));
    let mut people = Vec::new();
    for (unit, org, count, start) in [(1, 1, 12, 1), (2, 1, 3, 13), (3, 2, 8, 16)] {
        for id in start..start + count {
            people.push(format!("({id}, {org}, {unit}, 'Person {id}')"));
        }
    }
    sql.push_str(&format!(
        "INSERT INTO person (id, organisation_id, unit_id, display_name) VALUES {};\n",
        people.join(", ")
    ));
    sql
}

async fn run(db: &DatabaseConnection, sql: &str) {
    for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
}

fn week() -> ReportQuery {
    ReportQuery {
        from: day(1),
        to: day(7),
        building: None,
        floor: None,
        organisation: None,
        unit: None,
    }
}

/// 1 and 2 March 2027 (Monday, Tuesday; UTC+1): 09:00 and 10:00 local are 08:00 and 09:00 UTC.
/// Zone 1: six people each hour. Zone 2: two people (suppressed). Zone 3: five people at 09:00,
/// four at 10:00 (suppressed).
const HOURS: &str = "
INSERT INTO occupancy_hourly (zone_id, hour_start, booked_desk_hours, occupied_desk_hours,
                              occupied_unbooked_desk_hours, no_shows, distinct_people) VALUES
    (1, '2027-03-01T08:00:00+00:00', 6, 5, 0, 0, 6), (1, '2027-03-01T09:00:00+00:00', 6, 6, 1, 1, 6),
    (1, '2027-03-02T08:00:00+00:00', 6, 5, 0, 0, 6), (1, '2027-03-02T09:00:00+00:00', 6, 4, 0, 0, 6),
    (2, '2027-03-01T08:00:00+00:00', 2, 2, 0, 0, 2), (2, '2027-03-01T09:00:00+00:00', 2, 1, 0, 1, 2),
    (2, '2027-03-02T08:00:00+00:00', 1, 1, 0, 0, 1), (2, '2027-03-02T09:00:00+00:00', 2, 2, 0, 0, 2),
    (3, '2027-03-01T08:00:00+00:00', 5, 5, 0, 0, 5), (3, '2027-03-01T09:00:00+00:00', 4, 4, 0, 0, 4),
    (3, '2027-03-02T08:00:00+00:00', 5, 4, 0, 0, 5), (3, '2027-03-02T09:00:00+00:00', 4, 3, 0, 0, 4)
";

async fn small_groups_are_suppressed_and_cannot_be_recovered(db: DatabaseConnection) {
    run(&db, &fixture()).await;
    run(&db, HOURS).await;
    let r = report(&db, &topology(&db).await, &week(), 5).await.unwrap();

    // Zones × hour: zone 1 shown at 9 and 10, zone 2 suppressed everywhere, zone 3 at 10.
    let col = |hour: u32| r.by_hour.columns.iter().position(|c| *c == hour).unwrap();
    let row = |zone: i32| r.by_hour.rows.iter().find(|r| r.zone_id == zone).unwrap();
    assert_eq!(row(1).cells[col(9)].shown().map(|u| u.booked), Some(12));
    assert_eq!(row(1).cells[col(10)].shown().map(|u| u.occupied), Some(10));
    assert_eq!(row(1).cells[col(11)], Cell::Empty);
    assert!(
        row(2)
            .cells
            .iter()
            .all(|c| matches!(c, Cell::Suppressed | Cell::Empty))
    );
    assert_eq!(row(2).total, Cell::Suppressed);
    assert_eq!(row(3).cells[col(10)], Cell::Suppressed);
    assert_eq!(row(3).cells[col(9)].shown().map(|u| u.booked), Some(10));

    // Totals count only what is shown: zone 1 (24 booked) and zone 3 at 09:00 (10 booked).
    let total = *r.by_hour.total.shown().unwrap();
    assert_eq!((total.booked, total.zone_hours, total.left_out), (34, 6, 6));
    assert_eq!(
        r.by_weekday.total, r.by_hour.total,
        "both tables add up alike"
    );
    assert_eq!(
        r.by_hour.totals[col(10)].shown().map(|u| u.booked),
        Some(12)
    );

    // Key figures: the building (23 people, 30 desks) and each organisation and unit.
    let building = &r.kpis[0];
    assert_eq!(building.scope, KpiScope::Building);
    assert_eq!((building.people, building.desks), (23, 30));
    assert_eq!(building.desk_use.shown().map(|u| u.booked), Some(34));
    let kasse = r.kpis.iter().find(|k| k.name == "Kasse").unwrap();
    assert_eq!((kasse.people, kasse.desks), (3, 10));
    assert_eq!(kasse.desk_use, Cell::Suppressed);
    assert_eq!(kasse.peak, None);
    let jobcenter = r.kpis.iter().find(|k| k.name == "Jobcenter").unwrap();
    assert_eq!(jobcenter.desk_use.shown().map(|u| u.booked), Some(10));
    // Peak: the busiest hour counts only its shown zone-hours — 10:00 on Monday, zone 1 alone
    // (zone 3's four people are left out): 6 of 10 desks.
    let peak = building.peak.unwrap();
    assert!((peak - 0.6).abs() < 1e-9, "{peak}");

    // The floor overlay carries the zones' totals; zone 2 reads suppressed there too.
    let plan = &r.floors[0];
    assert_eq!(plan.zones.len(), 3);
    assert_eq!(
        plan.zones.iter().find(|z| z.zone_id == 2).unwrap().total,
        Cell::Suppressed
    );

    // Whatever the suppressed hours hold, every report — any filter — reads the same.
    let queries = [
        week(),
        ReportQuery {
            unit: Some(2),
            ..week()
        },
        ReportQuery {
            organisation: Some(1),
            ..week()
        },
        ReportQuery {
            floor: Some(2),
            ..week()
        },
        ReportQuery {
            from: day(2),
            ..week()
        },
    ];
    let mut before = Vec::new();
    for q in &queries {
        before.push(
            serde_json::to_value(report(&db, &topology(&db).await, q, 5).await.unwrap()).unwrap(),
        );
    }
    run(
        &db,
        "UPDATE occupancy_hourly SET booked_desk_hours = 4, occupied_desk_hours = 0,
                occupied_unbooked_desk_hours = 0, no_shows = 3, distinct_people = 4
         WHERE zone_id = 2 OR (zone_id = 3 AND distinct_people < 5)",
    )
    .await;
    for (q, before) in queries.iter().zip(before) {
        let after =
            serde_json::to_value(report(&db, &topology(&db).await, q, 5).await.unwrap()).unwrap();
        assert_eq!(after, before, "{q:?}");
    }

    // A unit whose zone is all suppressed shows nothing but that.
    let kasse = report(
        &db,
        &topology(&db).await,
        &ReportQuery {
            unit: Some(2),
            ..week()
        },
        5,
    )
    .await
    .unwrap();
    assert_eq!(kasse.by_hour.rows.len(), 1);
    assert_eq!(kasse.by_hour.total, Cell::Suppressed);
    // With a minimum of 2 the Kasse's hours show.
    let lenient = report(
        &db,
        &topology(&db).await,
        &ReportQuery {
            unit: Some(2),
            ..week()
        },
        2,
    )
    .await
    .unwrap();
    assert!(lenient.by_hour.total.shown().is_some());

    // Bad queries are refused with a reason.
    for (q, why) in [
        (
            ReportQuery {
                floor: Some(9),
                ..week()
            },
            "floor 9",
        ),
        (
            ReportQuery {
                unit: Some(99),
                ..week()
            },
            "unit 99",
        ),
        (
            ReportQuery {
                organisation: Some(99),
                ..week()
            },
            "organisation 99",
        ),
        (
            ReportQuery {
                from: day(8),
                ..week()
            },
            "before",
        ),
        (
            ReportQuery {
                from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                ..week()
            },
            "366 days",
        ),
    ] {
        match report(&db, &topology(&db).await, &q, 5).await {
            Err(Error::InvalidInput(text)) => assert!(text.contains(why), "{text}"),
            other => panic!("{q:?} gave {other:?}"),
        }
    }
}

/// 1 March 2027: six of the Bauamt's people book, five in their home zone and one in zone 2,
/// one more booking was cancelled; the consultation room is reserved 09:00–10:00 (checked in)
/// and 10:00–11:00 (released), the meeting room 18:00–20:00 (counted until 19:00).
const DAY: &str = "
INSERT INTO desk_booking (id, desk_id, person_id, day, slot, status, source) VALUES
    (1, 1, 1, '2027-03-01', 'full_day', 'active', 'web'),
    (2, 2, 2, '2027-03-01', 'morning', 'checked_out', 'web'),
    (3, 3, 3, '2027-03-01', 'full_day', 'released', 'web'),
    (4, 4, 4, '2027-03-01', 'full_day', 'active', 'web'),
    (5, 5, 5, '2027-03-01', 'afternoon', 'active', 'web'),
    (6, 11, 6, '2027-03-01', 'full_day', 'active', 'web'),
    (7, 6, 7, '2027-03-01', 'full_day', 'cancelled', 'web');
INSERT INTO room_reservation (id, room_id, owner_id, starts_at, ends_at, status, checked_in_at) VALUES
    (1, 1, 16, '2027-03-01T08:00:00+00:00', '2027-03-01T09:00:00+00:00', 'active', '2027-03-01T08:02:00+00:00'),
    (2, 1, 16, '2027-03-01T09:00:00+00:00', '2027-03-01T10:00:00+00:00', 'released', NULL),
    (3, 2, 1, '2027-03-01T17:00:00+00:00', '2027-03-01T19:00:00+00:00', 'active', NULL)
";

async fn the_daily_job_counts_home_zones_and_room_use(db: DatabaseConnection) {
    run(&db, &fixture()).await;
    run(&db, DAY).await;
    record_day(&db, day(1)).await.unwrap();
    let units = unit_day::Entity::find().all(&db).await.unwrap();
    assert_eq!(units.len(), 1);
    let bau = &units[0];
    assert_eq!(
        (
            bau.unit_id,
            bau.bookings,
            bau.home_zone_bookings,
            bau.distinct_people
        ),
        (1, 6, 5, 6)
    );
    let rooms = room_day::Entity::find().all(&db).await.unwrap();
    let of = |class| rooms.iter().find(|r| r.privacy_class == class).unwrap();
    let consultation = of(PrivacyClass::Protected);
    assert_eq!(
        (
            consultation.rooms,
            consultation.reserved_quarters,
            consultation.used_quarters,
            consultation.released,
            consultation.distinct_people
        ),
        (1, 8, 4, 1, 1)
    );
    assert_eq!(of(PrivacyClass::Standard).reserved_quarters, 4);

    // Recording again replaces; the job fills in the days after the last one recorded.
    record_day(&db, day(1)).await.unwrap();
    assert_eq!(unit_day::Entity::find().all(&db).await.unwrap().len(), 1);
    let now = Utc.with_ymd_and_hms(2027, 3, 3, 10, 0, 0).unwrap();
    assert_eq!(record_days(&db, now, 31).await.unwrap(), 1, "only 2 March");
    assert_eq!(record_days(&db, now, 31).await.unwrap(), 0);

    // The report: the Bauamt's home-zone share shows (six people); the consultation room,
    // reserved by one counsellor, does not.
    let r = report(&db, &topology(&db).await, &week(), 5).await.unwrap();
    let bau = r.kpis.iter().find(|k| k.name == "Bauamt").unwrap();
    let hits = bau.home_zone.shown().unwrap();
    assert_eq!((hits.bookings, hits.in_home_zone), (6, 5));
    let city = r.kpis.iter().find(|k| k.name == "Stadt Wuppertal").unwrap();
    assert_eq!(city.home_zone.shown().map(|h| h.bookings), Some(6));
    let team = r.kpis.iter().find(|k| k.name == "Team Mitte").unwrap();
    assert_eq!(team.home_zone, Cell::Empty);
    let consultation = r
        .rooms
        .iter()
        .find(|r| r.class == RoomPrivacy::Protected)
        .unwrap();
    assert_eq!(consultation.total, Cell::Suppressed);
    assert_eq!(consultation.weekdays[0], Cell::Suppressed);
}

/// At 10:00 UTC on 1 March 2027: one desk booked, one occupied by its sensor, one blocked; a
/// sensor with a weak battery, one never heard from, one silent for eight hours, one healthy.
const NOW: &str = "
UPDATE desk SET blocked = TRUE WHERE id = 30;
INSERT INTO desk_booking (id, desk_id, person_id, day, slot, status, source) VALUES
    (1, 1, 1, '2027-03-01', 'full_day', 'active', 'web');
INSERT INTO room_reservation (id, room_id, owner_id, starts_at, ends_at, status) VALUES
    (1, 1, 16, '2027-03-01T09:30:00+00:00', '2027-03-01T10:30:00+00:00', 'active');
INSERT INTO sensor (id, device_key, model, protocol, desk_id, room_id, battery_pct, last_seen_at) VALUES
    (1, 'z2m:zigbee2mqtt/desks/2.102', 'Aqara FP1E', 'zigbee2mqtt', 2, NULL, 12, '2027-03-01T09:55:00+00:00'),
    (2, 'z2m:zigbee2mqtt/desks/2.103', 'Aqara FP1E', 'zigbee2mqtt', 3, NULL, 90, NULL),
    (3, 'z2m:zigbee2mqtt/desks/2.104', 'Aqara FP1E', 'zigbee2mqtt', 4, NULL, 80, '2027-03-01T02:00:00+00:00'),
    (4, 'z2m:zigbee2mqtt/desks/2.105', 'Aqara FP1E', 'zigbee2mqtt', 5, NULL, 70, '2027-03-01T09:58:00+00:00');
INSERT INTO sensor_state (sensor_id, state, changed_at) VALUES
    (1, 'occupied', '2027-03-01T09:00:00+00:00'), (4, 'vacant', '2027-03-01T09:00:00+00:00')
";

async fn the_building_now_counts_floors_and_lists_sensors_to_look_after(db: DatabaseConnection) {
    run(&db, &fixture()).await;
    run(&db, NOW).await;
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 10, 0, 0).unwrap();
    let view = building_now(
        &db,
        &domain::topology::Topology::load(&db).await.unwrap(),
        &ReportSettings::default(),
        now,
    )
    .await
    .unwrap();
    let floor = &view.floors[0];
    assert_eq!(
        (
            floor.desks,
            floor.desks_booked,
            floor.desks_occupied,
            floor.desks_free
        ),
        (30, 1, 1, 27)
    );
    assert_eq!(
        (floor.rooms, floor.rooms_reserved, floor.rooms_occupied),
        (2, 1, 0)
    );
    let issues: Vec<(&str, Vec<SensorIssue>)> = view
        .sensors
        .iter()
        .map(|s| (s.place.as_deref().unwrap_or(""), s.issues.clone()))
        .collect();
    assert_eq!(
        issues,
        vec![
            ("2.102", vec![SensorIssue::LowBattery]),
            ("2.103", vec![SensorIssue::NeverSeen]),
            ("2.104", vec![SensorIssue::Offline]),
        ]
    );
    assert!(view.sensors.iter().all(|s| s.floor == Some(2)));
}

fn admin(person: i32, organisation: i32, role: Role) -> Principal {
    Principal {
        person_id: person,
        organisation_id: organisation,
        unit_id: None,
        roles: vec![role],
        via: Via::Session(1),
    }
}

async fn the_audit_log_is_per_organisation_and_expires(db: DatabaseConnection) {
    run(&db, &fixture()).await;
    run(
        &db,
        "INSERT INTO audit_log (id, at, actor_person_id, organisation_id, action, entity, entity_id) VALUES
            (1, '2025-01-01T10:00:00+00:00', 1, 1, 'desk_booking.create', 'desk_booking', '1'),
            (2, '2027-02-27T10:00:00+00:00', 2, 1, 'desk_booking.cancel', 'desk_booking', '1'),
            (3, '2027-02-28T10:00:00+00:00', 16, 2, 'desk_booking.create', 'desk_booking', '2'),
            (4, '2027-02-28T11:00:00+00:00', NULL, NULL, 'room.buffers', 'room', '1'),
            (5, '2027-02-28T12:00:00+00:00', NULL, 1, 'room_reservation.create', 'room_reservation', '9')",
    )
    .await;
    let city = audit_page(&db, &admin(3, 1, Role::OrgAdmin), None, 50)
        .await
        .unwrap();
    let ids: Vec<i64> = city.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![5, 2, 1], "newest first, only the city's");
    assert_eq!(city.entries[1].actor.as_deref(), Some("Person 2"));
    assert_eq!(
        city.entries[0].actor, None,
        "a protected reservation names nobody"
    );
    let building = audit_page(&db, &admin(3, 1, Role::BuildingAdmin), None, 50)
        .await
        .unwrap();
    assert_eq!(
        building.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![5, 4, 2, 1]
    );
    let jobcenter = audit_page(&db, &admin(17, 2, Role::OrgAdmin), None, 50)
        .await
        .unwrap();
    assert_eq!(
        jobcenter.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![3]
    );

    // Pages of two.
    let first = audit_page(&db, &admin(3, 1, Role::OrgAdmin), None, 2)
        .await
        .unwrap();
    assert_eq!(first.entries.len(), 2);
    let second = audit_page(&db, &admin(3, 1, Role::OrgAdmin), first.next_before, 2)
        .await
        .unwrap();
    assert_eq!(
        second.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![1]
    );
    assert_eq!(second.next_before, None);

    // A year later the oldest goes.
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 10, 0, 0).unwrap();
    assert_eq!(delete_old_audit(&db, 365, now).await.unwrap(), 1);
    assert_eq!(delete_old_audit(&db, 365, now).await.unwrap(), 0);
}

/// A second building with a floor at the same level (2) and one zone of ten desks, busy with
/// six people on 1 March at 09:00 local.
const SECOND_BUILDING: &str = "
INSERT INTO building (id, slug, name) VALUES (2, 'haspel', 'Campus Haspel');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (2, 2, 2, '2. OG Haspel', 800, 600);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES
    (4, 2, 'h2', 'Haspel 2', 'work', 0, 0, 400, 400);
INSERT INTO desk (id, zone_id, label, x, y, width, height)
    SELECT id + 100, 4, 'H2.' || id, id * 30, 100, 20, 20 FROM desk WHERE id <= 10;
INSERT INTO occupancy_hourly (zone_id, hour_start, booked_desk_hours, occupied_desk_hours,
                              occupied_unbooked_desk_hours, no_shows, distinct_people) VALUES
    (4, '2027-03-01T08:00:00+00:00', 6, 6, 0, 0, 6)
";

async fn a_report_covers_one_building_when_asked(db: DatabaseConnection) {
    run(&db, &fixture()).await;
    run(&db, HOURS).await;
    run(&db, SECOND_BUILDING).await;
    let zones = |r: &wire::model::reports::Report| {
        let mut ids: Vec<i32> = r.by_hour.rows.iter().map(|row| row.zone_id).collect();
        ids.sort_unstable();
        ids
    };
    let heat = |r: &wire::model::reports::Report| {
        r.floors.iter().map(|f| f.name.clone()).collect::<Vec<_>>()
    };
    let t = topology(&db).await;
    // Level 2 without a building: both buildings' floors at that level.
    let both = report(
        &db,
        &t,
        &ReportQuery {
            floor: Some(2),
            ..week()
        },
        5,
    )
    .await
    .unwrap();
    assert_eq!(zones(&both), vec![1, 2, 3, 4]);
    assert_eq!(heat(&both).len(), 2);
    // One building: only its zones and its floor's heat, whatever the level filter.
    let haspel = ReportQuery {
        building: Some("haspel".into()),
        ..week()
    };
    let r = report(&db, &t, &haspel, 5).await.unwrap();
    assert_eq!(zones(&r), vec![4]);
    assert_eq!(heat(&r), vec!["2. OG Haspel".to_owned()]);
    assert_eq!(r.by_hour.total.shown().map(|u| u.booked), Some(6));
    let bd = report(
        &db,
        &t,
        &ReportQuery {
            building: Some("bd".into()),
            floor: Some(2),
            ..week()
        },
        5,
    )
    .await
    .unwrap();
    assert_eq!(zones(&bd), vec![1, 2, 3]);
    assert_eq!(heat(&bd), vec!["2. OG".to_owned()]);
    // An unknown building, or a level the building lacks, is refused with a reason.
    for (q, why) in [
        (
            ReportQuery {
                building: Some("nirgends".into()),
                ..week()
            },
            "building nirgends",
        ),
        (
            ReportQuery {
                building: Some("haspel".into()),
                floor: Some(3),
                ..week()
            },
            "haspel has no floor 3",
        ),
    ] {
        match report(&db, &t, &q, 5).await {
            Err(Error::InvalidInput(text)) => assert!(text.contains(why), "{text}"),
            other => panic!("{q:?} gave {other:?}"),
        }
    }
}

tests::on_both_backends!(
    small_groups_are_suppressed_and_cannot_be_recovered,
    a_report_covers_one_building_when_asked,
    the_daily_job_counts_home_zones_and_room_use,
    the_building_now_counts_floors_and_lists_sensors_to_look_after,
    the_audit_log_is_per_organisation_and_expires,
);
