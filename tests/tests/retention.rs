//! Retention, on SQLite and PostgreSQL: past desk bookings, room reservations and check-ins
//! older than the retention lose who made them (and reservations their subject and notes),
//! requests and series of that age go, newer ones keep everything, the counts of the reports
//! stay, the audit log's entries on bookings, check-ins and sign-ins lose their actor (security
//! events keep it), and a second run has nothing left to do; raw sensor events go after 24 hours;
//! sent and given-up e-mail and push messages go after their retention, queued ones stay.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use domain::retention::{
    Anonymised, anonymise_past, delete_finished_notifications, delete_sensor_events,
};
use entities::{
    check_in, desk_booking, desk_booking_half, desk_request, mail_outbox, occupancy_hourly,
    push_outbox, reservation_series, room_reservation, sensor_event,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};

/// "Now" is 1 June 2027; with 90 days kept, everything before 3 March 2027 is old.
const FIXTURE: &str = "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal');
INSERT INTO unit (id, organisation_id, slug, name) VALUES (1, 1, 'bau', 'Bauamt');
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1600, 1000);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES (1, 1, '2a', 'Zone 2A', 'work', 0, 0, 500, 500);
INSERT INTO desk (id, zone_id, label, x, y, width, height) VALUES (1, 1, '2.01', 100, 100, 160, 80);
INSERT INTO room (id, floor_id, label, name, capacity, privacy_class, x, y, width, height)
    VALUES (1, 1, '2.B01', 'Beratung', 3, 'protected', 900, 0, 200, 200);
INSERT INTO person (id, organisation_id, unit_id, display_name) VALUES (1, 1, 1, 'Ada Alt'), (2, 1, 1, 'Nina Neu');
INSERT INTO desk_booking (id, desk_id, person_id, day, slot, status, source) VALUES
    (1, 1, 1, '2027-03-02', 'full_day', 'active', 'web'),
    (2, 1, 2, '2027-03-03', 'full_day', 'active', 'web');
INSERT INTO desk_booking_half (booking_id, desk_id, person_id, day, half) VALUES
    (1, 1, 1, '2027-03-02', 0), (1, 1, 1, '2027-03-02', 1),
    (2, 1, 2, '2027-03-03', 0), (2, 1, 2, '2027-03-03', 1);
INSERT INTO reservation_series (id, owner_id, room_id, rule, until_day) VALUES
    (1, 1, 1, 'weekly:1', '2027-03-01'), (2, 2, 1, 'weekly:1', '2027-04-01');
INSERT INTO room_reservation (id, room_id, owner_id, series_id, starts_at, ends_at, subject, notes, attendees, status) VALUES
    (1, 1, 1, 1, '2027-03-01T09:00:00+00:00', '2027-03-01T10:00:00+00:00', 'Geheim', 'Akte', 2, 'active'),
    (2, 1, 2, 2, '2027-03-03T09:00:00+00:00', '2027-03-03T10:00:00+00:00', 'Neu', 'Notiz', 2, 'active');
INSERT INTO check_in (id, person_id, desk_booking_id, method, at) VALUES
    (1, 1, 1, 'passkey', '2027-03-02T08:00:00+00:00'),
    (2, 2, 2, 'passkey', '2027-03-03T08:00:00+00:00');
INSERT INTO desk_request (id, person_id, day, slot, needs, wishes, status) VALUES
    (1, 1, '2027-03-02', 'full_day', '', '', 'declined'),
    (2, 2, '2027-03-03', 'full_day', '', '', 'declined');
INSERT INTO occupancy_hourly (zone_id, hour_start, booked_desk_hours, occupied_desk_hours,
                              occupied_unbooked_desk_hours, no_shows, distinct_people)
    VALUES (1, '2027-03-02T08:00:00+00:00', 1, 1, 0, 0, 1);
INSERT INTO audit_log (id, at, actor_person_id, organisation_id, action, entity, entity_id) VALUES
    (1, '2027-03-01T08:00:00+00:00', 1, 1, 'desk_booking.create', 'desk_booking', '1'),
    (2, '2027-03-02T08:00:00+00:00', 1, 1, 'desk_booking.check_in', 'desk_booking', '1'),
    (3, '2027-03-02T07:55:00+00:00', 1, 1, 'auth.sign_in', 'web_session', '7'),
    (4, '2027-03-02T07:56:00+00:00', 1, 1, 'auth.passkey_added', 'passkey', '3'),
    (5, '2027-03-02T07:54:00+00:00', 1, 1, 'auth.sign_in_failed', 'web_session', NULL),
    (6, '2027-03-01T09:00:00+00:00', 1, 1, 'room_reservation.create', 'room_reservation', '1'),
    (7, '2027-03-03T08:00:00+00:00', 2, 1, 'desk_booking.create', 'desk_booking', '2'),
    (8, '2027-03-02T07:57:00+00:00', 1, 1, 'auth.step_up', 'web_session', '7'),
    (9, '2027-03-02T07:58:00+00:00', 1, 1, 'people.roles_changed', 'person', '2');
";

async fn past_bookings_lose_their_people_after_the_retention(db: DatabaseConnection) {
    for statement in FIXTURE.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    let now = Utc.with_ymd_and_hms(2027, 6, 1, 10, 0, 0).unwrap();
    let done = anonymise_past(&db, 90, now).await.unwrap();
    assert_eq!(
        done,
        Anonymised {
            desk_bookings: 1,
            room_reservations: 1,
            check_ins: 1,
            audit_entries: 5,
            desk_requests: 1,
            series: 1,
        }
    );
    // The audit log is no attendance register: bookings, check-ins and sign-ins of that age
    // name nobody any more; security events keep their actor; newer entries are untouched.
    let mut actors: Vec<(i64, Option<i32>)> = entities::audit_log::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| (entry.id, entry.actor_person_id))
        .collect();
    actors.sort_unstable();
    assert_eq!(
        actors,
        vec![
            (1, None),
            (2, None),
            (3, None),
            (4, Some(1)),
            (5, Some(1)),
            (6, None),
            (7, Some(2)),
            // A passkey confirmation tells when someone was there; a role change is a
            // security event and keeps who made it.
            (8, None),
            (9, Some(1)),
        ]
    );

    let bookings = desk_booking::Entity::find().all(&db).await.unwrap();
    assert_eq!(bookings.len(), 2, "the rows stay for the reports");
    assert_eq!(bookings.iter().find(|b| b.id == 1).unwrap().person_id, None);
    assert_eq!(
        bookings.iter().find(|b| b.id == 2).unwrap().person_id,
        Some(2)
    );
    let halves = desk_booking_half::Entity::find().all(&db).await.unwrap();
    assert!(
        halves
            .iter()
            .filter(|h| h.booking_id == 1)
            .all(|h| h.person_id.is_none())
    );
    assert!(
        halves
            .iter()
            .filter(|h| h.booking_id == 2)
            .all(|h| h.person_id == Some(2))
    );

    let reservations = room_reservation::Entity::find().all(&db).await.unwrap();
    let old = reservations.iter().find(|r| r.id == 1).unwrap();
    assert_eq!(
        (
            old.owner_id,
            old.subject.as_deref(),
            old.notes.as_deref(),
            old.attendees
        ),
        (None, None, None, None)
    );
    let new = reservations.iter().find(|r| r.id == 2).unwrap();
    assert_eq!(
        (new.owner_id, new.subject.as_deref(), new.notes.as_deref()),
        (Some(2), Some("Neu"), Some("Notiz"))
    );
    let check_ins = check_in::Entity::find().all(&db).await.unwrap();
    assert_eq!(
        check_ins.iter().find(|c| c.id == 1).unwrap().person_id,
        None
    );
    assert_eq!(
        check_ins.iter().find(|c| c.id == 2).unwrap().person_id,
        Some(2)
    );
    let requests = desk_request::Entity::find().all(&db).await.unwrap();
    assert_eq!(requests.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2]);
    let series = reservation_series::Entity::find().all(&db).await.unwrap();
    assert_eq!(series.iter().map(|s| s.id).collect::<Vec<_>>(), vec![2]);
    assert_eq!(
        occupancy_hourly::Entity::find().count(&db).await.unwrap(),
        1
    );

    // Nothing left to do; a day later the next day's rows go.
    assert!(anonymise_past(&db, 90, now).await.unwrap().is_empty());
    let next = anonymise_past(&db, 90, now + chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(
        (next.desk_bookings, next.room_reservations, next.check_ins),
        (1, 1, 1)
    );
}

/// Raw sensor events: those received more than 24 hours ago go, younger ones stay, and the
/// hourly counts made from them stay.
async fn raw_sensor_events_are_deleted_after_their_retention(db: DatabaseConnection) {
    for statement in FIXTURE.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement).await.unwrap();
    }
    for statement in [
        "INSERT INTO sensor (id, device_key, model, protocol, desk_id) VALUES
             (1, 'z2m:zigbee2mqtt/desks/2.01', 'Aqara FP1E', 'zigbee2mqtt', 1)",
        "INSERT INTO sensor_event (id, sensor_id, occupied, received_at) VALUES
             (1, 1, TRUE, '2027-05-31T09:59:00+00:00'),
             (2, 1, FALSE, '2027-05-31T10:01:00+00:00'),
             (3, 1, TRUE, '2027-06-01T09:00:00+00:00')",
    ] {
        db.execute_unprepared(statement).await.unwrap();
    }
    let now = Utc.with_ymd_and_hms(2027, 6, 1, 10, 0, 0).unwrap();
    let keep = chrono::Duration::hours(24);
    assert_eq!(delete_sensor_events(&db, keep, now).await.unwrap(), 1);
    let left: Vec<i64> = sensor_event::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(left, vec![2, 3]);
    assert_eq!(delete_sensor_events(&db, keep, now).await.unwrap(), 0);
    assert_eq!(
        occupancy_hourly::Entity::find().count(&db).await.unwrap(),
        1,
        "the counts stay"
    );
}

/// Sent and given-up e-mail and push messages older than the retention go (their rows say whom
/// they told what, and when); younger ones and those still queued stay.
async fn finished_notifications_are_deleted_after_their_retention(db: DatabaseConnection) {
    for statement in FIXTURE.split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement).await.unwrap();
    }
    for statement in [
        "INSERT INTO mail_outbox (id, person_id, kind, language, params, idempotency_key, state,
             attempts, next_attempt_at, sent_at, created_at) VALUES
             (1, 1, 'booking_released', 'de', '{}', 'a', 'sent', 1, '2027-05-20T08:00:00+00:00',
              '2027-05-20T08:00:00+00:00', '2027-05-20T08:00:00+00:00'),
             (2, 1, 'booking_released', 'de', '{}', 'b', 'failed', 12, '2027-05-20T08:00:00+00:00',
              NULL, '2027-05-20T08:00:00+00:00'),
             (3, 1, 'booking_released', 'de', '{}', 'c', 'queued', 3, '2027-06-01T11:00:00+00:00',
              NULL, '2027-05-20T08:00:00+00:00'),
             (4, 2, 'booking_moved', 'en', '{}', 'd', 'sent', 1, '2027-05-30T08:00:00+00:00',
              '2027-05-30T08:00:00+00:00', '2027-05-30T08:00:00+00:00')",
        "INSERT INTO push_subscription (id, person_id, endpoint, p256dh, auth) VALUES
             (1, 1, 'https://fcm.googleapis.com/fcm/send/x', 'k', 'a')",
        "INSERT INTO push_outbox (id, subscription_id, person_id, kind, language, params,
             idempotency_key, state, attempts, due_at, sent_at, created_at) VALUES
             (1, 1, 1, 'booking_released', 'de', '{}', 'a', 'sent', 1, '2027-05-20T08:00:00+00:00',
              '2027-05-20T08:00:00+00:00', '2027-05-20T08:00:00+00:00'),
             (2, 1, 1, 'booking_released', 'de', '{}', 'b', 'queued', 0, '2027-06-01T11:00:00+00:00',
              NULL, '2027-05-20T08:00:00+00:00'),
             (3, 1, 1, 'booking_moved', 'de', '{}', 'c', 'sent', 1, '2027-05-30T08:00:00+00:00',
              '2027-05-30T08:00:00+00:00', '2027-05-30T08:00:00+00:00')",
    ] {
        db.execute_unprepared(statement).await.unwrap();
    }
    let now = Utc.with_ymd_and_hms(2027, 6, 1, 10, 0, 0).unwrap();
    assert_eq!(
        delete_finished_notifications(&db, 7, now).await.unwrap(),
        3,
        "two mails and one push message older than a week, sent or given up"
    );
    let mails: Vec<i64> = mail_outbox::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(mails, vec![3, 4], "the queued and the young mail stay");
    let pushes: Vec<i64> = push_outbox::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(pushes, vec![2, 3], "the queued and the young push stay");
    assert_eq!(delete_finished_notifications(&db, 7, now).await.unwrap(), 0);
}

tests::on_both_backends!(
    past_bookings_lose_their_people_after_the_retention,
    raw_sensor_events_are_deleted_after_their_retention,
    finished_notifications_are_deleted_after_their_retention,
);
