//! The allocator services on SQLite and PostgreSQL with a fixed clock: the day allocation
//! waits for the cut-off, then places every request around the bookings already made, books
//! them, and lets people decline or withdraw; "find me a desk" never offers a blocked desk or
//! one the sensors show occupied without a booking, and keeps a team together.
//!
//! "Now" is Tuesday 2026-12-01, 09:00 in Berlin; the day allocated is Thursday 2026-12-03,
//! whose requests close on Wednesday at 18:00.

// A test binary: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use allocator::Policy;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use domain::allocation::{self, FindError};
use domain::auth::{Principal, Via};
use domain::booking::{self, BookingError, Facts};
use domain::{blocks, day_allocation};
use entities::desk_booking;
use entities::enums::{BookingSource, DeskBookingStatus, Role};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use wire::i18n::Lang;
use wire::model::{
    BookingDays, BookingRequest, DayRequest, DayResult, FindDesk, Need, NewBlock, Refusal,
    RequestStatus, Slot,
};

/// One floor (level 2): zone A (desks 1–4, desk 2 accessible) is home to unit 1 (persons
/// 1–6), zone B (desks 5–6) to unit 2 (person 7), quiet zone C (desk 7) is nobody's. A and B
/// are next to each other. Overflow never opens.
const FIXTURE: &str = "
INSERT INTO organisation (id, slug, name) VALUES (1, 'stadt', 'Stadt Wuppertal');
INSERT INTO unit (id, organisation_id, slug, name) VALUES (1, 1, 'bau', 'Bauamt'), (2, 1, 'kasse', 'Stadtkasse');
INSERT INTO building (id, slug, name) VALUES (1, 'bd', 'Bundesbahndirektion');
INSERT INTO floor (id, building_id, level, name, plan_width, plan_height) VALUES (1, 1, 2, '2. OG', 1600, 1000);
INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height) VALUES
    (1, 1, '2a', 'Zone 2A', 'work', 0, 0, 500, 500),
    (2, 1, '2b', 'Zone 2B', 'work', 500, 0, 500, 500),
    (3, 1, '2c', 'Zone 2C', 'quiet', 1000, 0, 500, 500);
INSERT INTO zone_adjacency (zone_a_id, zone_b_id) VALUES (1, 2);
INSERT INTO desk (id, zone_id, label, x, y, width, height, has_docking, monitors, accessible) VALUES
    (1, 1, '2.01', 100, 100, 160, 80, true, 2, false),
    (2, 1, '2.02', 300, 100, 160, 80, false, 1, true),
    (3, 1, '2.03', 100, 300, 160, 80, false, 0, false),
    (4, 1, '2.04', 300, 300, 160, 80, false, 0, false),
    (5, 2, '2.05', 600, 100, 160, 80, false, 0, false),
    (6, 2, '2.06', 800, 100, 160, 80, false, 0, false),
    (7, 3, '2.07', 1100, 100, 160, 80, false, 0, false);
INSERT INTO home_zone (unit_id, zone_id, priority) VALUES (1, 1, 1), (2, 2, 1);
INSERT INTO policy (scope, scope_id, max_days_ahead, half_days_allowed, overflow)
    VALUES ('building', NULL, 14, true, 'none');
INSERT INTO person (id, organisation_id, unit_id, display_name) VALUES
    (1, 1, 1, 'Eins'), (2, 1, 1, 'Zwei'), (3, 1, 1, 'Drei'), (4, 1, 1, 'Vier'),
    (5, 1, 1, 'Fünf'), (6, 1, 1, 'Sechs'), (7, 1, 2, 'Sieben');
INSERT INTO person_role (person_id, role) VALUES
    (1, 'employee'), (2, 'employee'), (3, 'employee'), (4, 'employee'), (5, 'employee'),
    (6, 'employee'), (7, 'employee')
";

async fn seed(db: &DatabaseConnection) {
    for statement in FIXTURE.split(';').filter(|s| !s.trim().is_empty()) {
        exec(db, statement).await;
    }
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn person(id: i32) -> Principal {
    Principal {
        person_id: id,
        organisation_id: 1,
        unit_id: Some(if id <= 6 { 1 } else { 2 }),
        roles: vec![Role::Employee],
        via: Via::Session(0),
    }
}

/// Tuesday 2026-12-01, 09:00 in Berlin.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

/// Thursday 2026-12-03.
fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn six_pm() -> NaiveTime {
    NaiveTime::from_hms_opt(18, 0, 0).unwrap()
}

fn ask(day: NaiveDate, needs: Vec<Need>) -> DayRequest {
    DayRequest {
        day,
        slot: Slot::FullDay,
        needs,
        wishes: Vec::new(),
    }
}

async fn active_bookings(db: &DatabaseConnection) -> Vec<desk_booking::Model> {
    desk_booking::Entity::find()
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .all(db)
        .await
        .unwrap()
}

tests::on_both_backends!(
    requests_wait_for_the_cut_off_then_are_placed_booked_and_can_be_declined,
    the_day_allocation_works_around_bookings_made_by_hand_and_blocks,
    find_me_a_desk_skips_blocked_and_occupied_desks_and_keeps_the_team_together,
    blocking_a_desk_moves_its_bookings_near_where_they_were,
    one_desk_serves_a_morning_and_an_afternoon_unless_full_days_come_first,
    a_run_that_stopped_half_way_is_finished_without_booking_anyone_twice,
    a_day_run_again_at_once_changes_nothing,
);

/// A run that stopped between booking person 1's desk and deciding their request (a crash,
/// a killed instance) left the booking and the request pending: the next run places the
/// request on that booking and books nobody twice.
async fn a_run_that_stopped_half_way_is_finished_without_booking_anyone_twice(
    db: DatabaseConnection,
) {
    seed(&db).await;
    let day = thursday();
    for id in [1, 2] {
        day_allocation::submit(&db, &person(id), &ask(day, vec![]), six_pm(), now())
            .await
            .unwrap();
    }
    let facts = Facts::load(&db).await.unwrap();
    let later = now() + Duration::hours(1);
    let booked = booking::book_with(
        &db,
        &facts,
        &person(1),
        &BookingRequest {
            desk_id: 3,
            slot: Slot::FullDay,
            days: BookingDays::Days { days: vec![day] },
        },
        BookingSource::Allocator,
        later,
    )
    .await
    .unwrap();
    let DayResult::Booked {
        booking_id: half_way,
    } = booked[0].result
    else {
        panic!("the desk was free: {booked:?}");
    };
    let run = day_allocation::run_day(&db, &facts, day, later, Policy::MostServed)
        .await
        .unwrap();
    assert_eq!((run.placed, run.unplaced), (2, 0), "{run:?}");
    let bookings = active_bookings(&db).await;
    let of_person_1: Vec<i64> = bookings
        .iter()
        .filter(|b| b.person_id == Some(1))
        .map(|b| b.id)
        .collect();
    assert_eq!(of_person_1, vec![half_way], "person 1 keeps the one desk");
    assert_eq!(bookings.len(), 2, "{bookings:?}");
    let mine = day_allocation::mine(&db, &person(1), six_pm(), now())
        .await
        .unwrap();
    assert_eq!(mine[0].status, RequestStatus::Placed);
    assert_eq!(mine[0].booking_id, Some(half_way));
}

/// The cut-off sweep and facility management's "run now" reaching the same day at once
/// (on one instance or several) allocate it once: the second run finds nothing pending.
async fn a_day_run_again_at_once_changes_nothing(db: DatabaseConnection) {
    seed(&db).await;
    let day = thursday();
    for id in [1, 2, 3] {
        day_allocation::submit(&db, &person(id), &ask(day, vec![]), six_pm(), now())
            .await
            .unwrap();
    }
    let facts = Facts::load(&db).await.unwrap();
    let later = now() + Duration::hours(1);
    let (first, second) = tokio::join!(
        day_allocation::run_day(&db, &facts, day, later, Policy::MostServed),
        day_allocation::run_day(&db, &facts, day, later, Policy::MostServed),
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.placed + second.placed, 3, "{first:?} {second:?}");
    assert_eq!(first.unplaced + second.unplaced, 0);
    assert_eq!(active_bookings(&db).await.len(), 3);
    let runs = audit_rows(&db, "day_allocation.run").await;
    assert_eq!(runs, 1, "one run of the day is in the audit log");
}

async fn audit_rows(db: &DatabaseConnection, action: &str) -> usize {
    entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq(action))
        .all(db)
        .await
        .unwrap()
        .len()
}

/// Zone B has one desk left (desk 6 blocked); in unit 2, person 7 asks for a full day,
/// persons 8 and 9 for a morning and an afternoon. Serving the most requests gives the desk
/// to the two halves; with full days first, to the full day. Thursday, then Friday.
async fn one_desk_serves_a_morning_and_an_afternoon_unless_full_days_come_first(
    db: DatabaseConnection,
) {
    seed(&db).await;
    exec(
        &db,
        "INSERT INTO person (id, organisation_id, unit_id, display_name) VALUES (8, 1, 2, 'Acht'), (9, 1, 2, 'Neun')",
    )
    .await;
    exec(
        &db,
        "INSERT INTO person_role (person_id, role) VALUES (8, 'employee'), (9, 'employee')",
    )
    .await;
    exec(
        &db,
        "INSERT INTO block (desk_id, from_day, to_day, reason) VALUES (6, '2026-12-03', '2026-12-04', 'Umzug')",
    )
    .await;
    let facts = Facts::load(&db).await.unwrap();
    let friday = thursday() + Duration::days(1);
    for (day, policy) in [
        (thursday(), Policy::MostServed),
        (friday, Policy::FullDaysFirst),
    ] {
        for (id, slot) in [(7, Slot::FullDay), (8, Slot::Morning), (9, Slot::Afternoon)] {
            let who = Principal {
                unit_id: Some(2),
                ..person(id)
            };
            let request = DayRequest {
                slot,
                ..ask(day, vec![])
            };
            day_allocation::submit(&db, &who, &request, six_pm(), now())
                .await
                .unwrap();
        }
        let run = day_allocation::run_day(&db, &facts, day, now() + Duration::hours(1), policy)
            .await
            .unwrap();
        let on_desk_5: HashSet<i32> = active_bookings(&db)
            .await
            .into_iter()
            .filter(|b| b.desk_id == 5 && b.day == day)
            .map(|b| b.person_id.unwrap_or(0))
            .collect();
        match policy {
            Policy::MostServed => {
                assert_eq!((run.placed, run.unplaced), (2, 1), "{run:?}");
                assert_eq!(on_desk_5, HashSet::from([8, 9]));
            }
            Policy::FullDaysFirst => {
                assert_eq!((run.placed, run.unplaced), (1, 2), "{run:?}");
                assert_eq!(on_desk_5, HashSet::from([7]));
            }
        }
    }
}

async fn requests_wait_for_the_cut_off_then_are_placed_booked_and_can_be_declined(
    db: DatabaseConnection,
) {
    seed(&db).await;
    let day = thursday();
    // Persons 1 to 3 ask for Thursday, person 2 for an accessible desk; person 5 for a quiet
    // one (the quiet zone is not theirs).
    for id in [1, 2, 3, 5] {
        let needs = match id {
            2 => vec![Need::Accessible],
            5 => vec![Need::Quiet],
            _ => Vec::new(),
        };
        let view = day_allocation::submit(&db, &person(id), &ask(day, needs), six_pm(), now())
            .await
            .unwrap();
        assert_eq!(view.status, RequestStatus::Pending);
        assert_eq!(view.closes_at.to_rfc3339(), "2026-12-02T17:00:00+00:00");
    }
    // Person 6 asks, withdraws, asks again: one request, waiting.
    let first = day_allocation::submit(&db, &person(6), &ask(day, vec![]), six_pm(), now())
        .await
        .unwrap();
    day_allocation::withdraw_or_decline(&db, &person(6), first.id, now())
        .await
        .unwrap();
    let mine = day_allocation::mine(&db, &person(6), six_pm(), now())
        .await
        .unwrap();
    assert_eq!(mine[0].status, RequestStatus::Withdrawn);
    let again = day_allocation::submit(&db, &person(6), &ask(day, vec![]), six_pm(), now())
        .await
        .unwrap();
    assert_eq!(again.id, first.id, "the same request, asked again");
    // Somebody else's request cannot be withdrawn.
    assert!(matches!(
        day_allocation::withdraw_or_decline(&db, &person(7), first.id, now()).await,
        Err(BookingError::NotFound)
    ));

    // Before the cut-off nothing runs.
    let facts = Facts::load(&db).await.unwrap();
    let runs = day_allocation::run_due(&db, &facts, six_pm(), now(), Policy::MostServed)
        .await
        .unwrap();
    assert!(runs.is_empty(), "{runs:?}");
    assert!(active_bookings(&db).await.is_empty());

    // After the cut-off: requests are closed, and the run places the four people of zone A
    // (four desks), the accessible desk to the person who needs it; person 5 gets none.
    let after = Utc.with_ymd_and_hms(2026, 12, 2, 17, 1, 0).unwrap();
    let late = day_allocation::submit(&db, &person(7), &ask(day, vec![]), six_pm(), after).await;
    assert!(matches!(
        late,
        Err(BookingError::Refused(Refusal::RequestsClosed))
    ));
    let runs = day_allocation::run_due(&db, &facts, six_pm(), after, Policy::MostServed)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].placed, runs[0].unplaced), (4, 1), "{runs:?}");
    let bookings = active_bookings(&db).await;
    assert_eq!(bookings.len(), 4);
    let desks: HashSet<i32> = bookings.iter().map(|b| b.desk_id).collect();
    assert_eq!(desks, HashSet::from([1, 2, 3, 4]));
    assert!(
        bookings
            .iter()
            .all(|b| b.source == BookingSource::Allocator && b.day == day)
    );
    let two = day_allocation::mine(&db, &person(2), six_pm(), after)
        .await
        .unwrap();
    assert_eq!(two[0].status, RequestStatus::Placed);
    assert_eq!(two[0].desk.as_deref(), Some("2.02"));
    let why = two[0].explanation.clone().unwrap();
    assert!(why.contains("rollstuhlgerecht"), "{why}");
    let five = day_allocation::mine(&db, &person(5), six_pm(), after)
        .await
        .unwrap();
    assert_eq!(five[0].status, RequestStatus::Unplaced);
    let why = five[0].explanation.clone().unwrap_or_default();
    assert!(why.contains("Ausstattung"), "{why}");
    // Both are told.
    let told = domain::notices::notices(&db, &person(5), after)
        .await
        .unwrap();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].kind, wire::model::NoticeKind::Unplaced);
    let told = domain::notices::notices(&db, &person(2), after)
        .await
        .unwrap();
    assert_eq!(told[0].kind, wire::model::NoticeKind::Placed);
    assert_eq!(told[0].desk.as_deref(), Some("2.02"));

    // A second run finds nothing to do.
    let runs = day_allocation::run_due(&db, &facts, six_pm(), after, Policy::MostServed)
        .await
        .unwrap();
    assert!(runs.is_empty(), "{runs:?}");

    // Person 2 declines: the booking is cancelled, the desk free again.
    day_allocation::withdraw_or_decline(&db, &person(2), two[0].id, after)
        .await
        .unwrap();
    let two = day_allocation::mine(&db, &person(2), six_pm(), after)
        .await
        .unwrap();
    assert_eq!(two[0].status, RequestStatus::Declined);
    assert_eq!(active_bookings(&db).await.len(), 3);
    assert!(active_bookings(&db).await.iter().all(|b| b.desk_id != 2));
}

async fn the_day_allocation_works_around_bookings_made_by_hand_and_blocks(db: DatabaseConnection) {
    seed(&db).await;
    let day = thursday();
    // Desk 1 is blocked that day; person 1 booked desk 3 by hand.
    exec(
        &db,
        "INSERT INTO block (desk_id, from_day, to_day, reason) VALUES (1, '2026-12-03', '2026-12-03', 'Maler')",
    )
    .await;
    let facts = Facts::load(&db).await.unwrap();
    let by_hand = booking::book_with(
        &db,
        &facts,
        &person(1),
        &wire::model::BookingRequest {
            desk_id: 3,
            slot: Slot::FullDay,
            days: wire::model::BookingDays::Days { days: vec![day] },
        },
        BookingSource::Web,
        now(),
    )
    .await
    .unwrap();
    assert!(matches!(
        by_hand[0].result,
        wire::model::DayResult::Booked { .. }
    ));
    // Person 1 asks anyway; persons 2 and 3 ask for mornings.
    day_allocation::submit(&db, &person(1), &ask(day, vec![]), six_pm(), now())
        .await
        .unwrap();
    for id in [2, 3] {
        let request = DayRequest {
            slot: Slot::Morning,
            ..ask(day, vec![])
        };
        day_allocation::submit(&db, &person(id), &request, six_pm(), now())
            .await
            .unwrap();
    }
    let run = day_allocation::run_day(
        &db,
        &facts,
        day,
        now() + Duration::hours(1),
        Policy::MostServed,
    )
    .await
    .unwrap();
    assert_eq!((run.placed, run.unplaced), (2, 1), "{run:?}");
    let bookings = active_bookings(&db).await;
    assert_eq!(bookings.len(), 3);
    assert!(
        bookings.iter().all(|b| b.desk_id != 1),
        "the blocked desk is never given"
    );
    assert_eq!(
        bookings.iter().filter(|b| b.desk_id == 3).count(),
        1,
        "the booking by hand is kept"
    );
    let one = day_allocation::mine(&db, &person(1), six_pm(), now())
        .await
        .unwrap();
    assert_eq!(one[0].status, RequestStatus::Unplaced);
    let why = one[0].explanation.clone().unwrap();
    assert!(why.contains("bereits"), "{why}");
}

async fn find_me_a_desk_skips_blocked_and_occupied_desks_and_keeps_the_team_together(
    db: DatabaseConnection,
) {
    seed(&db).await;
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // Desk 1 is blocked; desk 2's sensor shows somebody there now, without a booking.
    exec(&db, "UPDATE desk SET blocked = true WHERE id = 1").await;
    exec(
        &db,
        "INSERT INTO sensor (id, device_key, model, protocol, desk_id) VALUES (1, 'pir-2', 'PIR', 'generic', 2)",
    )
    .await;
    exec(
        &db,
        "INSERT INTO sensor_state (sensor_id, state, changed_at) VALUES (1, 'occupied', '2026-12-01T07:30:00+00:00')",
    )
    .await;
    let facts = Facts::load(&db).await.unwrap();
    let find = FindDesk {
        day: today,
        slot: Slot::FullDay,
        needs: Vec::new(),
        wishes: Vec::new(),
    };
    let first = allocation::find_and_book(&db, &facts, &person(1), &find, Lang::De, now())
        .await
        .unwrap();
    assert!(![1, 2].contains(&first.desk_id), "{first:?}");
    assert!(first.explanation.contains("Heimatzone"), "{first:?}");
    let second = allocation::find_and_book(&db, &facts, &person(3), &find, Lang::En, now())
        .await
        .unwrap();
    assert!(
        ![1, 2, first.desk_id].contains(&second.desk_id),
        "{second:?}"
    );
    assert!(second.explanation.contains("team"), "{second:?}");
    // Zone A is full now (for what may be given); overflow never opens.
    let third = allocation::find_and_book(&db, &facts, &person(4), &find, Lang::De, now()).await;
    assert!(
        matches!(
            third,
            Err(FindError::Unplaced(Refusal::NoDeskFree, Some(_)))
        ),
        "{third:?}"
    );
    // The accessible desk is the occupied one: nobody else's zones have one.
    let accessible = FindDesk {
        needs: vec![Need::Accessible],
        day: today + Duration::days(1),
        ..find.clone()
    };
    let found = allocation::find_and_book(&db, &facts, &person(5), &accessible, Lang::De, now())
        .await
        .unwrap();
    assert_eq!(found.desk_id, 2, "tomorrow the sensor does not count");
    let none =
        allocation::find_and_book(&db, &facts, &person(6), &accessible, Lang::De, now()).await;
    assert!(
        matches!(none, Err(FindError::Unplaced(Refusal::NoDeskFree, _))),
        "{none:?}"
    );
    let quiet = FindDesk {
        needs: vec![Need::Quiet],
        ..accessible
    };
    let none = allocation::find_and_book(&db, &facts, &person(6), &quiet, Lang::De, now()).await;
    assert!(
        matches!(none, Err(FindError::Unplaced(Refusal::NoSuitableDesk, _))),
        "{none:?}"
    );
}

async fn book_by_hand(db: &DatabaseConnection, who: i32, desk: i32, day: NaiveDate) -> i64 {
    let facts = Facts::load(db).await.unwrap();
    let outcomes = booking::book_with(
        db,
        &facts,
        &person(who),
        &wire::model::BookingRequest {
            desk_id: desk,
            slot: Slot::FullDay,
            days: wire::model::BookingDays::Days { days: vec![day] },
        },
        BookingSource::Web,
        now(),
    )
    .await
    .unwrap();
    match outcomes[0].result {
        wire::model::DayResult::Booked { booking_id } => booking_id,
        wire::model::DayResult::Refused { reason } => panic!("refused: {reason:?}"),
    }
}

async fn blocking_a_desk_moves_its_bookings_near_where_they_were(db: DatabaseConnection) {
    seed(&db).await;
    let day = thursday();
    let manager = Principal {
        roles: vec![Role::FacilityManager],
        ..person(7)
    };
    let first = book_by_hand(&db, 1, 1, day).await;
    let stays = book_by_hand(&db, 2, 3, day).await;
    book_by_hand(&db, 7, 5, day).await;

    // Bad blocks are refused, nothing blocked.
    let block =
        |desk_id: Option<i32>, zone_id: Option<i32>, from: NaiveDate, to: NaiveDate| NewBlock {
            desk_id,
            zone_id,
            from_day: from,
            to_day: to,
            reason: "Maler".into(),
        };
    for bad in [
        block(Some(1), Some(1), day, day),
        block(None, None, day, day),
        block(Some(1), None, day, day - Duration::days(1)),
        NewBlock {
            reason: "  ".into(),
            ..block(Some(1), None, day, day)
        },
    ] {
        assert!(
            matches!(
                blocks::create(&db, &manager, &bad, now()).await,
                Err(BookingError::InvalidInput(_))
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        blocks::create(&db, &manager, &block(Some(99), None, day, day), now()).await,
        Err(BookingError::NotFound)
    ));
    assert!(blocks::list(&db, now()).await.unwrap().is_empty());

    // Desk 1 is blocked Thursday and Friday: person 1 moves to another desk of zone A;
    // nobody else moves.
    let view = blocks::create(
        &db,
        &manager,
        &block(Some(1), None, day, day + Duration::days(1)),
        now(),
    )
    .await
    .unwrap();
    assert_eq!((view.moved, view.without_desk), (1, 0), "{view:?}");
    assert_eq!(view.place, "2.01");
    let active = active_bookings(&db).await;
    assert_eq!(active.len(), 3);
    let moved = active.iter().find(|b| b.person_id == Some(1)).unwrap();
    assert!([2, 4].contains(&moved.desk_id), "{moved:?}");
    assert_eq!(moved.source, BookingSource::Allocator);
    assert!(active.iter().any(|b| b.id == stays && b.desk_id == 3));
    let old = desk_booking::Entity::find_by_id(first)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(old.status, DeskBookingStatus::Cancelled);

    // The whole of zone A: unit 1 has no other home zone and overflow never opens, so
    // persons 1 and 2 keep their bookings and are counted; person 7 in zone B is untouched.
    let view = blocks::create(&db, &manager, &block(None, Some(1), day, day), now())
        .await
        .unwrap();
    assert_eq!((view.moved, view.without_desk), (0, 2), "{view:?}");
    assert_eq!(active_bookings(&db).await.len(), 3);
    let listed = blocks::list(&db, now()).await.unwrap();
    assert_eq!(listed.len(), 2);
    blocks::remove(&db, &manager, listed[1].id, now())
        .await
        .unwrap();
    assert!(matches!(
        blocks::remove(&db, &manager, listed[1].id, now()).await,
        Err(BookingError::NotFound)
    ));
}
