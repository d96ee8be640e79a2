//! The desk booking service (`domain::booking`) on SQLite and PostgreSQL: booking,
//! refusals by rule, cancelling, weekly patterns with an outcome per day, 500 people racing for
//! one desk, and a property test that no sequence of bookings and cancellations ever leaves a
//! desk or a person double-booked.
//!
//! Every scenario is an `async fn` run twice, by `…_on_sqlite` and `…_on_postgres`. The clock
//! is fixed: "now" is Tuesday 2026-12-01, 09:00 in Berlin.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use domain::auth::{Principal, Via};
use domain::blocks;
use domain::booking::{self, BookingError};
use entities::enums::{BookingSource, DeskBookingStatus, Role};
use entities::{audit_log, desk_booking, desk_booking_half};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use tests::db::{Backend, TestDatabase};
use wire::model::{
    Availability, BookingDays, BookingRequest, BookingStatus, DayResult, NewBlock, Refusal, Slot,
    Weekday,
};

/// The id of the seeded floor (level 2).
const FLOOR: i32 = 1;

/// One building, one floor (level 2) with three zones; unit 1 (persons 1–500) calls zone A
/// home, unit 2 (person 501) zone B; zone C is nobody's. Desks 1–4 in A, 5–6 in B, 7 in C.
/// The building-wide policy: 14 days ahead, no weekly limit, half-days, home zones only.
fn fixture() -> String {
    let mut sql = String::from(
        "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal');
INSERT INTO unit (id, organisation_id, slug, name) VALUES (1, 1, 'bau', 'Bauamt'), (2, 1, 'kasse', 'Stadtkasse');
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1600, 1000);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES
    (1, 1, '2a', 'Zone 2A', 'work', 0, 0, 500, 500),
    (2, 1, '2b', 'Zone 2B', 'work', 500, 0, 500, 500),
    (3, 1, '2c', 'Zone 2C', 'quiet', 1000, 0, 500, 500);
INSERT INTO desk (id, zone_id, label, x, y, width, height, has_docking, monitors) VALUES
    (1, 1, '2.01', 100, 100, 160, 80, true, 2),
    (2, 1, '2.02', 300, 100, 160, 80, false, 1),
    (3, 1, '2.03', 100, 300, 160, 80, false, 0),
    (4, 1, '2.04', 300, 300, 160, 80, false, 0),
    (5, 2, '2.05', 600, 100, 160, 80, false, 0),
    (6, 2, '2.06', 800, 100, 160, 80, false, 0),
    (7, 3, '2.07', 1100, 100, 160, 80, false, 0);
INSERT INTO home_zone (unit_id, zone_id, priority) VALUES (1, 1, 1), (2, 2, 1);
INSERT INTO policy (scope, scope_id, max_days_ahead, half_days_allowed, overflow)
    VALUES ('building', NULL, 14, true, 'none');
",
    );
    let people: Vec<String> = (1..=500)
        .map(|id| format!("({id}, 1, 1, 'Person {id}')"))
        .collect();
    sql.push_str(&format!(
        "INSERT INTO person (id, organisation_id, unit_id, display_name) VALUES {};\n",
        people.join(", ")
    ));
    sql.push_str(
        "INSERT INTO person (id, organisation_id, unit_id, display_name) VALUES (501, 1, 2, 'Kasse');\n",
    );
    sql
}

async fn seed(db: &DatabaseConnection) {
    for statement in fixture().split(';').filter(|s| !s.trim().is_empty()) {
        db.execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// An employee of unit 1 (ids 1–500) or unit 2 (501).
fn person(id: i32) -> Principal {
    Principal {
        person_id: id,
        organisation_id: 1,
        unit_id: Some(if id <= 500 { 1 } else { 2 }),
        roles: vec![Role::Employee],
        via: Via::Session(0),
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// Tuesday 2026-12-01, 09:00 in Berlin (08:00 UTC).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

fn on(desk_id: i32, slot: Slot, days: &[NaiveDate]) -> BookingRequest {
    BookingRequest {
        desk_id,
        slot,
        days: BookingDays::Days {
            days: days.to_vec(),
        },
    }
}

/// Books one day and returns its result.
async fn book_one(
    db: &DatabaseConnection,
    who: i32,
    desk: i32,
    slot: Slot,
    d: NaiveDate,
) -> DayResult {
    let outcomes = booking::book(
        db,
        &person(who),
        &on(desk, slot, &[d]),
        BookingSource::Web,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].day, d);
    outcomes[0].result
}

fn booked(result: DayResult) -> i64 {
    match result {
        DayResult::Booked { booking_id } => booking_id,
        DayResult::Refused { reason } => panic!("expected a booking, refused: {reason:?}"),
    }
}

fn refused(reason: Refusal) -> DayResult {
    DayResult::Refused { reason }
}

/// The state person `viewer` sees for `desk` on `d` for `slot`.
async fn state(
    db: &DatabaseConnection,
    viewer: i32,
    desk: i32,
    d: NaiveDate,
    slot: Slot,
) -> Availability {
    let floor = booking::availability(db, FLOOR, d, slot, Some(&person(viewer)))
        .await
        .unwrap();
    floor.desks.iter().find(|x| x.id == desk).unwrap().state
}

async fn active_bookings(db: &DatabaseConnection) -> Vec<desk_booking::Model> {
    desk_booking::Entity::find()
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await
        .unwrap()
}

tests::on_both_backends!(
    booking_a_home_zone_desk_shows_it_as_mine_and_as_booked_to_others,
    booking_outside_home_zone_is_refused_until_the_overflow_policy_opens_it,
    bookings_over_a_policy_are_refused,
    a_blocked_desk_is_shown_blocked_and_refused,
    cancelling_frees_the_desk_for_somebody_else,
    cancelling_a_range_cancels_only_the_days_in_it,
    a_pattern_booking_reports_every_day_on_its_own,
    halves_of_one_desk_go_to_two_people_but_a_full_day_conflicts_with_both,
    a_person_gets_one_desk_per_slot,
    malformed_requests_are_invalid_input,
    bookings_made_at_once_never_pass_the_weekly_limit,
    a_booking_checked_against_facts_from_before_a_block_is_refused_by_the_database,
    a_booking_made_while_its_desk_is_blocked_is_moved_or_refused,
);

/// The block of facility management (person 501 stands in for them).
fn blocking(desk_id: i32, d: NaiveDate) -> NewBlock {
    NewBlock {
        desk_id: Some(desk_id),
        zone_id: None,
        from_day: d,
        to_day: d,
        reason: "Maler".into(),
    }
}

/// The server checks bookings against facts kept for a moment (`FactsCache`): a block made a
/// moment ago is not in them yet. The database refuses the booking all the same.
async fn a_booking_checked_against_facts_from_before_a_block_is_refused_by_the_database(
    db: DatabaseConnection,
) {
    seed(&db).await;
    let facts = booking::Facts::load(&db).await.unwrap();
    blocks::create(&db, &person(501), &blocking(2, day(3)), now())
        .await
        .unwrap();
    let outcomes = booking::book_with(
        &db,
        &facts,
        &person(7),
        &on(2, Slot::FullDay, &[day(3), day(4)]),
        BookingSource::Web,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(outcomes[0].result, refused(Refusal::Blocked));
    booked(outcomes[1].result);
    let on_desk: Vec<_> = active_bookings(&db)
        .await
        .into_iter()
        .filter(|b| b.desk_id == 2 && b.day == day(3))
        .collect();
    assert!(on_desk.is_empty(), "{on_desk:?}");
    // A zone's block too, and the whole building's.
    exec(
        &db,
        "INSERT INTO block (zone_id, from_day, to_day, reason) VALUES (1, '2026-12-07', '2026-12-07', 'Umzug')",
    )
    .await;
    exec(
        &db,
        "INSERT INTO block (from_day, to_day, reason) VALUES ('2026-12-08', '2026-12-08', 'Betriebsausflug')",
    )
    .await;
    for d in [day(7), day(8)] {
        let outcomes = booking::book_with(
            &db,
            &facts,
            &person(8),
            &on(3, Slot::Morning, &[d]),
            BookingSource::Web,
            now(),
        )
        .await
        .unwrap();
        assert_eq!(outcomes[0].result, refused(Refusal::Blocked), "{d}");
    }
}

/// Facility management blocks a desk for a day at the moment somebody books it, on each of the
/// 13 days ahead:
/// each booking is either refused or moved by the block's repair to another desk of the zone;
/// none stays on the blocked desk.
async fn a_booking_made_while_its_desk_is_blocked_is_moved_or_refused(db: DatabaseConnection) {
    seed(&db).await;
    let (mut moved, mut refused_at_once) = (0, 0);
    for round in 0..13_i32 {
        let d = day(2) + chrono::Duration::days(i64::from(round));
        let desk = 1 + round % 4;
        let who = 10 + round;
        let facts = booking::Facts::load(&db).await.unwrap();
        let request = on(desk, Slot::FullDay, &[d]);
        let (booker, manager, block) = (person(who), person(501), blocking(desk, d));
        let (booked, block) = tokio::join!(
            booking::book_with(&db, &facts, &booker, &request, BookingSource::Web, now()),
            blocks::create(&db, &manager, &block, now()),
        );
        let block = block.unwrap();
        assert_eq!(block.without_desk, 0, "round {round}");
        match booked.unwrap()[0].result {
            DayResult::Booked { .. } => moved += 1,
            DayResult::Refused { reason } => {
                assert_eq!(reason, Refusal::Blocked, "round {round}");
                refused_at_once += 1;
            }
        }
        let left: Vec<_> = active_bookings(&db)
            .await
            .into_iter()
            .filter(|b| b.desk_id == desk && b.day == d)
            .collect();
        assert!(left.is_empty(), "round {round}: {left:?} on a blocked desk");
    }
    assert_eq!(moved + refused_at_once, 13);
    let made = active_bookings(&db).await;
    assert_eq!(made.len(), moved, "every booking made was moved, none lost");
}

/// One person books the five days of a week at once (five requests, as from five tabs or
/// two instances) with two bookings a week allowed: two are booked, three refused.
async fn bookings_made_at_once_never_pass_the_weekly_limit(db: DatabaseConnection) {
    seed(&db).await;
    exec(
        &db,
        "INSERT INTO policy (scope, scope_id, max_days_ahead, max_bookings_per_week) VALUES ('unit', 1, 14, 2)",
    )
    .await;
    let week = [day(7), day(8), day(9), day(10), day(11)];
    let results =
        futures_util::future::join_all(week.iter().map(|d| book_one(&db, 2, 1, Slot::FullDay, *d)))
            .await;
    let made = results
        .iter()
        .filter(|r| matches!(r, DayResult::Booked { .. }))
        .count();
    assert_eq!(made, 2, "{results:?}");
    assert!(
        results
            .iter()
            .all(|r| matches!(r, DayResult::Booked { .. }) || *r == refused(Refusal::WeeklyLimit)),
        "{results:?}"
    );
    assert_eq!(active_bookings(&db).await.len(), 2);
}

async fn booking_a_home_zone_desk_shows_it_as_mine_and_as_booked_to_others(db: DatabaseConnection) {
    seed(&db).await;
    assert_eq!(
        state(&db, 1, 1, day(2), Slot::FullDay).await,
        Availability::Free
    );

    let id = booked(book_one(&db, 1, 1, Slot::FullDay, day(2)).await);

    assert_eq!(
        state(&db, 1, 1, day(2), Slot::FullDay).await,
        Availability::Mine
    );
    assert_eq!(
        state(&db, 2, 1, day(2), Slot::FullDay).await,
        Availability::Booked
    );
    assert_eq!(
        state(&db, 2, 1, day(2), Slot::Morning).await,
        Availability::Booked
    );
    assert_eq!(
        state(&db, 2, 1, day(3), Slot::FullDay).await,
        Availability::Free,
        "only that day"
    );

    let floor = booking::availability(&db, FLOOR, day(2), Slot::FullDay, Some(&person(1)))
        .await
        .unwrap();
    assert_eq!(floor.desks.len(), 7);
    let desk = &floor.desks[0];
    assert_eq!(
        (desk.label.as_str(), desk.zone.as_str()),
        ("2.01", "Zone 2A")
    );
    assert!(desk.home_zone);
    assert!(desk.equipment.docking);
    assert_eq!(desk.equipment.monitors, 2);
    assert!(!floor.desks[4].home_zone, "zone 2B is not unit 1's");
    assert!(matches!(
        booking::availability(&db, 9, day(2), Slot::FullDay, None).await,
        Err(BookingError::NotFound)
    ));

    let mine = booking::my_bookings(&db, &person(1), now()).await.unwrap();
    assert_eq!(mine.upcoming.len(), 1);
    let view = &mine.upcoming[0];
    assert_eq!(
        (
            view.id,
            view.desk.as_str(),
            view.level,
            view.day,
            view.slot,
            view.status
        ),
        (id, "2.01", 2, day(2), Slot::FullDay, BookingStatus::Active)
    );
    assert!(mine.past.is_empty());
    assert!(
        booking::my_bookings(&db, &person(2), now())
            .await
            .unwrap()
            .upcoming
            .is_empty()
    );

    let log = audit_log::Entity::find().all(&db).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "desk_booking.create");
    assert_eq!(log[0].entity_id.as_deref(), Some(id.to_string().as_str()));
    assert_eq!(log[0].actor_person_id, Some(1));
    assert_eq!(
        desk_booking_half::Entity::find().count(&db).await.unwrap(),
        2,
        "a full day holds both halves"
    );
}

async fn booking_outside_home_zone_is_refused_until_the_overflow_policy_opens_it(
    db: DatabaseConnection,
) {
    seed(&db).await;
    assert_eq!(
        book_one(&db, 1, 5, Slot::FullDay, day(2)).await,
        refused(Refusal::OutsideHomeZone)
    );
    assert_eq!(
        book_one(&db, 1, 7, Slot::FullDay, day(1)).await,
        refused(Refusal::OutsideHomeZone),
        "not even today"
    );
    assert!(active_bookings(&db).await.is_empty(), "nothing written");
    assert!(audit_log::Entity::find().all(&db).await.unwrap().is_empty());

    // Zone 2C opens to everyone from 14:00 the day before: at 09:00 only today is open.
    exec(
        &db,
        "INSERT INTO policy (scope, scope_id, overflow) VALUES ('zone', 3, 'day_before_14')",
    )
    .await;
    booked(book_one(&db, 1, 7, Slot::FullDay, day(1)).await);
    assert_eq!(
        book_one(&db, 2, 7, Slot::FullDay, day(2)).await,
        refused(Refusal::OutsideHomeZone),
        "tomorrow opens at 14:00 today"
    );
    let at_two = Utc.with_ymd_and_hms(2026, 12, 1, 13, 0, 0).unwrap();
    let outcomes = booking::book(
        &db,
        &person(2),
        &on(7, Slot::FullDay, &[day(2)]),
        BookingSource::Web,
        at_two,
    )
    .await
    .unwrap();
    booked(outcomes[0].result);
}

async fn bookings_over_a_policy_are_refused(db: DatabaseConnection) {
    seed(&db).await;
    assert_eq!(
        book_one(&db, 1, 1, Slot::FullDay, day(16)).await,
        refused(Refusal::TooFarAhead),
        "15 days ahead, 14 allowed"
    );
    booked(book_one(&db, 1, 1, Slot::FullDay, day(15)).await);

    // Unit 1's people may book twice a week.
    exec(
        &db,
        "INSERT INTO policy (scope, scope_id, max_days_ahead, max_bookings_per_week) VALUES ('unit', 1, 14, 2)",
    )
    .await;
    booked(book_one(&db, 2, 1, Slot::FullDay, day(2)).await);
    booked(book_one(&db, 2, 2, Slot::Morning, day(3)).await);
    assert_eq!(
        book_one(&db, 2, 2, Slot::FullDay, day(4)).await,
        refused(Refusal::WeeklyLimit),
        "a third booking in the week of 30 November"
    );
    booked(book_one(&db, 2, 2, Slot::FullDay, day(7)).await);

    exec(
        &db,
        "INSERT INTO policy (scope, scope_id, max_days_ahead, half_days_allowed) VALUES ('zone', 1, 3, false)",
    )
    .await;
    assert_eq!(
        book_one(&db, 3, 3, Slot::Afternoon, day(2)).await,
        refused(Refusal::HalfDaysNotAllowed)
    );
    assert_eq!(
        book_one(&db, 3, 3, Slot::FullDay, day(5)).await,
        refused(Refusal::TooFarAhead),
        "the zone's 3 days ahead win over the unit's 14"
    );
    booked(book_one(&db, 3, 3, Slot::FullDay, day(4)).await);

    let yesterday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert_eq!(
        book_one(&db, 4, 4, Slot::FullDay, yesterday).await,
        refused(Refusal::InThePast)
    );
}

async fn a_blocked_desk_is_shown_blocked_and_refused(db: DatabaseConnection) {
    seed(&db).await;
    exec(&db, "UPDATE desk SET blocked = true WHERE id = 4").await;
    exec(
        &db,
        "INSERT INTO block (desk_id, from_day, to_day, reason) VALUES (3, '2026-12-02', '2026-12-03', 'Maler')",
    )
    .await;
    assert_eq!(
        state(&db, 1, 4, day(2), Slot::FullDay).await,
        Availability::Blocked
    );
    assert_eq!(
        state(&db, 1, 3, day(3), Slot::Morning).await,
        Availability::Blocked
    );
    assert_eq!(
        state(&db, 1, 3, day(4), Slot::FullDay).await,
        Availability::Free
    );
    assert_eq!(
        book_one(&db, 1, 4, Slot::FullDay, day(2)).await,
        refused(Refusal::Blocked)
    );
    assert_eq!(
        book_one(&db, 1, 3, Slot::FullDay, day(3)).await,
        refused(Refusal::Blocked)
    );
    booked(book_one(&db, 1, 3, Slot::FullDay, day(4)).await);
    // The whole building closed on the 8th.
    exec(
        &db,
        "INSERT INTO block (from_day, to_day, reason) VALUES ('2026-12-08', '2026-12-08', 'Betriebsausflug')",
    )
    .await;
    assert_eq!(
        book_one(&db, 1, 1, Slot::FullDay, day(8)).await,
        refused(Refusal::Blocked)
    );
}

async fn cancelling_frees_the_desk_for_somebody_else(db: DatabaseConnection) {
    seed(&db).await;
    let id = booked(book_one(&db, 1, 1, Slot::FullDay, day(2)).await);
    assert_eq!(
        book_one(&db, 2, 1, Slot::Morning, day(2)).await,
        refused(Refusal::DeskTaken)
    );
    assert!(
        matches!(
            booking::cancel(&db, &person(2), id, now()).await,
            Err(BookingError::NotFound)
        ),
        "nobody cancels another person's booking"
    );

    booking::cancel(&db, &person(1), id, now()).await.unwrap();

    assert_eq!(
        state(&db, 1, 1, day(2), Slot::FullDay).await,
        Availability::Free
    );
    assert!(matches!(
        booking::cancel(&db, &person(1), id, now()).await,
        Err(BookingError::NotFound)
    ));
    booked(book_one(&db, 2, 1, Slot::Morning, day(2)).await);
    let mine = booking::my_bookings(&db, &person(1), now()).await.unwrap();
    assert!(mine.upcoming.is_empty());
    assert_eq!(mine.past.len(), 1);
    assert_eq!(mine.past[0].status, BookingStatus::Cancelled);
    let actions: Vec<String> = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.action)
        .collect();
    assert_eq!(
        actions,
        [
            "desk_booking.create",
            "desk_booking.cancel",
            "desk_booking.create"
        ]
    );

    // A slot that has ended can no longer be cancelled.
    let morning = booked(book_one(&db, 3, 3, Slot::Morning, day(1)).await);
    let afternoon = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    assert!(matches!(
        booking::cancel(&db, &person(3), morning, afternoon).await,
        Err(BookingError::Refused(Refusal::InThePast))
    ));
}

async fn cancelling_a_range_cancels_only_the_days_in_it(db: DatabaseConnection) {
    seed(&db).await;
    let outcomes = booking::book(
        &db,
        &person(1),
        &on(1, Slot::FullDay, &[day(2), day(3), day(4), day(7)]),
        BookingSource::Web,
        now(),
    )
    .await
    .unwrap();
    let ids: Vec<i64> = outcomes.iter().map(|o| booked(o.result)).collect();
    let other = booked(book_one(&db, 2, 2, Slot::FullDay, day(3)).await);

    let cancelled = booking::cancel_range(&db, &person(1), day(3), day(6), now())
        .await
        .unwrap();

    assert_eq!(cancelled, ids[1..3]);
    let upcoming: Vec<i64> = booking::my_bookings(&db, &person(1), now())
        .await
        .unwrap()
        .upcoming
        .iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(upcoming, [ids[0], ids[3]]);
    assert_eq!(
        state(&db, 9, 1, day(3), Slot::FullDay).await,
        Availability::Free
    );
    assert_eq!(
        active_bookings(&db)
            .await
            .iter()
            .map(|b| b.id)
            .collect::<Vec<_>>(),
        [ids[0], ids[3], other],
        "the colleague's booking stays"
    );
    assert!(matches!(
        booking::cancel_range(&db, &person(1), day(6), day(3), now()).await,
        Err(BookingError::InvalidInput(_))
    ));
}

async fn a_pattern_booking_reports_every_day_on_its_own(db: DatabaseConnection) {
    seed(&db).await;
    booked(book_one(&db, 2, 1, Slot::Afternoon, day(3)).await);
    exec(
        &db,
        "INSERT INTO block (zone_id, from_day, to_day) VALUES (1, '2026-12-10', '2026-12-10')",
    )
    .await;

    // Every Tuesday and Thursday for three weeks from today (Tuesday 1 December).
    let request = BookingRequest {
        desk_id: 1,
        slot: Slot::FullDay,
        days: BookingDays::Pattern {
            from: day(1),
            weekdays: vec![Weekday::Tue, Weekday::Thu],
            weeks: 3,
        },
    };
    let outcomes = booking::book(&db, &person(1), &request, BookingSource::Api, now())
        .await
        .unwrap();

    let summary: Vec<(NaiveDate, Option<Refusal>)> = outcomes
        .iter()
        .map(|o| match o.result {
            DayResult::Booked { .. } => (o.day, None),
            DayResult::Refused { reason } => (o.day, Some(reason)),
        })
        .collect();
    assert_eq!(
        summary,
        [
            (day(1), None),
            (day(3), Some(Refusal::DeskTaken)),
            (day(8), None),
            (day(10), Some(Refusal::Blocked)),
            (day(15), None),
            (day(17), Some(Refusal::TooFarAhead)),
        ]
    );
    let days: BTreeSet<NaiveDate> = booking::my_bookings(&db, &person(1), now())
        .await
        .unwrap()
        .upcoming
        .iter()
        .map(|b| b.day)
        .collect();
    assert_eq!(days, BTreeSet::from([day(1), day(8), day(15)]));
}

async fn halves_of_one_desk_go_to_two_people_but_a_full_day_conflicts_with_both(
    db: DatabaseConnection,
) {
    seed(&db).await;
    booked(book_one(&db, 1, 1, Slot::Morning, day(2)).await);
    assert_eq!(
        state(&db, 2, 1, day(2), Slot::Afternoon).await,
        Availability::Free
    );
    assert_eq!(
        state(&db, 2, 1, day(2), Slot::FullDay).await,
        Availability::Booked
    );
    booked(book_one(&db, 2, 1, Slot::Afternoon, day(2)).await);
    for slot in [Slot::Morning, Slot::Afternoon, Slot::FullDay] {
        assert_eq!(
            book_one(&db, 3, 1, slot, day(2)).await,
            refused(Refusal::DeskTaken),
            "{slot:?}"
        );
    }
    let floor = booking::availability(&db, FLOOR, day(2), Slot::FullDay, Some(&person(1)))
        .await
        .unwrap();
    let desk = &floor.desks[0];
    assert_eq!(
        (desk.morning, desk.afternoon, desk.state),
        (Availability::Mine, Availability::Booked, Availability::Mine)
    );
}

async fn a_person_gets_one_desk_per_slot(db: DatabaseConnection) {
    seed(&db).await;
    booked(book_one(&db, 1, 1, Slot::Morning, day(2)).await);
    assert_eq!(
        book_one(&db, 1, 2, Slot::FullDay, day(2)).await,
        refused(Refusal::PersonHasDesk)
    );
    assert_eq!(
        book_one(&db, 1, 2, Slot::Morning, day(2)).await,
        refused(Refusal::PersonHasDesk)
    );
    booked(book_one(&db, 1, 2, Slot::Afternoon, day(2)).await);
    booked(book_one(&db, 1, 2, Slot::FullDay, day(3)).await);
}

async fn malformed_requests_are_invalid_input(db: DatabaseConnection) {
    seed(&db).await;
    let empty_pattern = BookingRequest {
        desk_id: 1,
        slot: Slot::FullDay,
        days: BookingDays::Pattern {
            from: day(1),
            weekdays: vec![],
            weeks: 2,
        },
    };
    for request in [empty_pattern, on(1, Slot::FullDay, &[])] {
        assert!(matches!(
            booking::book(&db, &person(1), &request, BookingSource::Web, now()).await,
            Err(BookingError::InvalidInput(_))
        ));
    }
    assert!(matches!(
        booking::book(
            &db,
            &person(1),
            &on(99, Slot::FullDay, &[day(2)]),
            BookingSource::Web,
            now()
        )
        .await,
        Err(BookingError::NotFound)
    ));
}

// ---------------------------------------------------------------------------------------------
// 500 people, one desk, one slot

/// 500 people of the unit book desk 1 for the same full day at once: exactly one gets it, the
/// other 499 are told the desk is taken, and the database holds one booking with two halves.
async fn five_hundred_concurrent_bookings_of_one_desk(backend: Backend) {
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    let mut options = ConnectOptions::new(database.url());
    options
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(120))
        .sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    migration_up(&db).await;
    seed(&db).await;

    let tasks: Vec<_> = (1..=500)
        .map(|who| {
            let db = db.clone();
            tokio::spawn(async move {
                booking::book(
                    &db,
                    &person(who),
                    &on(1, Slot::FullDay, &[day(2)]),
                    BookingSource::Api,
                    now(),
                )
                .await
            })
        })
        .collect();
    let mut successes = 0;
    let mut conflicts = 0;
    for task in tasks {
        let outcomes = task.await.unwrap().unwrap();
        match outcomes[0].result {
            DayResult::Booked { .. } => successes += 1,
            DayResult::Refused {
                reason: Refusal::DeskTaken,
            } => conflicts += 1,
            DayResult::Refused { reason } => panic!("unexpected refusal {reason:?}"),
        }
    }
    let active = active_bookings(&db).await;
    let halves = desk_booking_half::Entity::find().count(&db).await.unwrap();
    let all_rows = desk_booking::Entity::find().count(&db).await.unwrap();
    db.close().await.unwrap();
    database.remove().await;

    assert_eq!((successes, conflicts), (1, 499));
    assert_eq!(active.len(), 1);
    assert_eq!(all_rows, 1, "the losers left no booking behind");
    assert_eq!(halves, 2);
}

async fn migration_up(db: &DatabaseConnection) {
    use migration::MigratorTrait;
    migration::Migrator::up(db, None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_concurrent_bookings_of_one_desk_give_one_success_on_sqlite() {
    five_hundred_concurrent_bookings_of_one_desk(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_concurrent_bookings_of_one_desk_give_one_success_on_postgres() {
    five_hundred_concurrent_bookings_of_one_desk(Backend::Postgres).await;
}

// ---------------------------------------------------------------------------------------------
// Property: no sequence of operations double-books a desk or a person

#[derive(Debug, Clone)]
enum Op {
    Book {
        who: i32,
        desk: i32,
        day: u32,
        slot: Slot,
    },
    /// Cancels the `nth` (modulo their count) active booking of `who`, if any.
    Cancel { who: i32, nth: usize },
    /// Cancels `who`'s bookings from day `from` for `len` days.
    CancelRange { who: i32, from: u32, len: u32 },
}

fn op() -> impl Strategy<Value = Op> {
    let slot = prop_oneof![
        Just(Slot::Morning),
        Just(Slot::Afternoon),
        Just(Slot::FullDay)
    ];
    prop_oneof![
        6 => (1..=6i32, 1..=3i32, 2..=4u32, slot).prop_map(|(who, desk, day, slot)| Op::Book { who, desk, day, slot }),
        2 => (1..=6i32, 0..4usize).prop_map(|(who, nth)| Op::Cancel { who, nth }),
        1 => (1..=6i32, 2..=4u32, 0..3u32).prop_map(|(who, from, len)| Op::CancelRange { who, from, len }),
    ]
}

/// A booking as the model keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held {
    id: i64,
    who: i32,
    desk: i32,
    day: NaiveDate,
    slot: Slot,
}

/// Runs `ops` against the service and against a plain model of the rules; every outcome must
/// match the model's, and afterwards the active bookings must be the model's and free of
/// overlaps, with exactly the half rows they claim.
async fn run_ops(db: &DatabaseConnection, ops: &[Op]) -> Result<(), TestCaseError> {
    exec(db, "DELETE FROM audit_log").await;
    exec(db, "DELETE FROM desk_booking_half").await;
    exec(db, "DELETE FROM desk_booking").await;
    let mut model: Vec<Held> = Vec::new();
    for op in ops {
        match *op {
            Op::Book {
                who,
                desk,
                day: d,
                slot,
            } => {
                let d = day(d);
                let desk_clash = model
                    .iter()
                    .any(|h| h.desk == desk && h.day == d && h.slot.overlaps(slot));
                let person_clash = model
                    .iter()
                    .any(|h| h.who == who && h.day == d && h.slot.overlaps(slot));
                let result = book_one(db, who, desk, slot, d).await;
                match result {
                    DayResult::Booked { booking_id } => {
                        prop_assert!(!desk_clash && !person_clash, "{op:?} booked over {model:?}");
                        model.push(Held {
                            id: booking_id,
                            who,
                            desk,
                            day: d,
                            slot,
                        });
                    }
                    DayResult::Refused {
                        reason: Refusal::DeskTaken,
                    } => {
                        prop_assert!(desk_clash, "{op:?}: desk said taken, model {model:?}");
                    }
                    DayResult::Refused {
                        reason: Refusal::PersonHasDesk,
                    } => {
                        prop_assert!(person_clash, "{op:?}: person said booked, model {model:?}");
                    }
                    DayResult::Refused { reason } => {
                        prop_assert!(false, "{op:?}: unexpected refusal {reason:?}");
                    }
                }
            }
            Op::Cancel { who, nth } => {
                let theirs: Vec<Held> = model.iter().filter(|h| h.who == who).copied().collect();
                if theirs.is_empty() {
                    continue;
                }
                let target = theirs[nth % theirs.len()];
                booking::cancel(db, &person(who), target.id, now())
                    .await
                    .map_err(|e| TestCaseError::fail(format!("{op:?}: {e}")))?;
                model.retain(|h| h.id != target.id);
            }
            Op::CancelRange { who, from, len } => {
                let (from, to) = (day(from), day(from + len));
                let mut cancelled = booking::cancel_range(db, &person(who), from, to, now())
                    .await
                    .map_err(|e| TestCaseError::fail(format!("{op:?}: {e}")))?;
                cancelled.sort_unstable();
                let mut expected: Vec<i64> = model
                    .iter()
                    .filter(|h| h.who == who && from <= h.day && h.day <= to)
                    .map(|h| h.id)
                    .collect();
                expected.sort_unstable();
                prop_assert_eq!(&cancelled, &expected, "{:?}", op);
                model.retain(|h| !expected.contains(&h.id));
            }
        }
    }

    let active = active_bookings(db).await;
    for (i, a) in active.iter().enumerate() {
        for b in &active[i + 1..] {
            let overlap = a.day == b.day && wire::model::Slot::from(a.slot).overlaps(b.slot.into());
            prop_assert!(
                !(overlap && a.desk_id == b.desk_id),
                "desk double-booked: {a:?} {b:?}"
            );
            prop_assert!(
                !(overlap && a.person_id == b.person_id),
                "person has two desks: {a:?} {b:?}"
            );
        }
    }
    let mut ids: Vec<i64> = active.iter().map(|b| b.id).collect();
    ids.sort_unstable();
    let mut expected: Vec<i64> = model.iter().map(|h| h.id).collect();
    expected.sort_unstable();
    prop_assert_eq!(ids, expected);
    let halves = desk_booking_half::Entity::find().count(db).await.unwrap();
    let claimed: usize = model
        .iter()
        .map(|h| if h.slot == Slot::FullDay { 2 } else { 1 })
        .sum();
    prop_assert_eq!(halves, claimed as u64);
    Ok(())
}

fn no_sequence_of_operations_double_books(backend: Backend) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(database) = runtime.block_on(TestDatabase::create(backend)) else {
        return;
    };
    let db = database.connection().clone();
    runtime.block_on(async {
        migration_up(&db).await;
        seed(&db).await;
    });
    let mut runner = TestRunner::new(Config {
        cases: 32,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    });
    let outcome = runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
        runtime.block_on(run_ops(&db, &ops))
    });
    runtime.block_on(database.remove());
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

#[test]
fn no_sequence_of_bookings_and_cancellations_double_books_on_sqlite() {
    no_sequence_of_operations_double_books(Backend::Sqlite);
}

#[test]
fn no_sequence_of_bookings_and_cancellations_double_books_on_postgres() {
    no_sequence_of_operations_double_books(Backend::Postgres);
}
