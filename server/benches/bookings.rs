//! The desk booking benchmark on PostgreSQL (issues #4 and #19), at the scale of the largest
//! published desk-booking test: by default 100 organisations × 1,000 people × 500 desks ×
//! 200,000 past bookings each, 20 million bookings in all. It measures availability of one floor
//! for one day, a person's own bookings, the four-week report and booking throughput with 64
//! concurrent clients, shows the plans of their statements (`EXPLAIN (ANALYZE, BUFFERS)` on the
//! seeded database), and prints a Markdown section on standard output, its progress on standard
//! error. Run it with `scripts/bench-bookings`, which writes the section into BENCHMARKS.md.
//!
//! # The data
//!
//! A database of its own (`pw_bench_bookings`, dropped and created anew on the server of
//! `PLATZWAHL_BENCH_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`), migrated,
//! then written with set-based `INSERT … SELECT … generate_series` statements:
//!
//! - one building; each organisation has a floor of its own (level = the organisation's number)
//!   with 10 zones, its desks spread over them, and its people in 10 units, every unit with
//!   the floor's 10 zones as home zones (its "own" zone first);
//! - past bookings on weekdays, ending yesterday: each weekday, each organisation books 80 % of
//!   its desks for the full day and 10 % for the morning and the afternoon by two people
//!   (with 500 desks: 500 bookings, 900 half-day rows), people rotating from day to day; as
//!   many weekdays back as `BENCH_BOOKINGS` needs. Each booking has its `desk_booking_half`
//!   row(s), as active bookings leave them. Within a batch of four weeks the rows are written
//!   in the order they would have been made (over the two weeks before their day), so that
//!   one floor's bookings of one day are spread over the table as in a running system;
//! - upcoming bookings for today and the next 14 days (weekdays): 60 % of every floor's desks,
//!   full days;
//! - the aggregates the reports read, for every hour (`occupancy_hourly`, every zone, all 24
//!   hours, as the hourly job writes them) and every day (`unit_day`, `room_day`) of the history,
//!   at least four weeks.
//!
//! The bulk write is done as a bulk load is. The secondary indexes of `desk_booking` and
//! `desk_booking_half` (all but the primary keys and the target of the half rows' foreign key)
//! are dropped first and built again afterwards from their own definitions
//! (`pg_get_indexdef`), which also checks the unique ones. The triggers of the tables written
//! are disabled while they are written (`ALTER TABLE … DISABLE TRIGGER ALL`, enabled again
//! before anything is measured): the block guard `desk_booking_not_blocked` of migration 16
//! (the history has no blocks, and the share lock it takes on the desk's row for every row
//! would only slow the seed down; the measured bookings go through it), and the foreign keys'
//! checks (the seed's keys are right by construction, and the bench checks the desk and
//! person ids afterwards; checked row by row they made writing 250,000 bookings take 7.5 s
//! instead of 1.7 s). Then `VACUUM (ANALYZE)` and a checkpoint, so that neither autovacuum
//! nor the checkpointer runs during the measurements.
//!
//! # The measures
//!
//! Each is the service call the REST API makes, with what a running server keeps (the topology
//! and the booking facts from their caches):
//!
//! - availability (`GET /api/v1/availability`): the building's time zone from the
//!   `TopologyCache`, then `domain::booking::availability` for a random floor, a random upcoming
//!   weekday and a random person of the floor's organisation; once more for random past days
//!   (which the API refuses; their pages are less likely to be in PostgreSQL's buffers);
//! - my bookings (`GET /api/v1/bookings/mine`): `domain::booking::my_bookings` of a random
//!   person;
//! - the report (`GET /api/v1/reports`): `domain::reports::report` over the last four weeks,
//!   for the whole building and for a random organisation;
//! - throughput (`POST /api/v1/bookings`): 64 clients call `domain::booking::book_with` (facts
//!   from a shared `FactsCache`) for full days in the next 14 days, on desks and for people
//!   that are free then, so every booking succeeds.
//!
//! # Sizes (environment)
//!
//! | variable | default | what |
//! | --- | ---: | --- |
//! | `BENCH_ORGANISATIONS` | 100 | organisations (floors) |
//! | `BENCH_PEOPLE` | 1,000 | people per organisation |
//! | `BENCH_DESKS` | 500 | desks per organisation |
//! | `BENCH_BOOKINGS` | 20,000,000 | past bookings in all (rounded up to whole weekdays) |
//! | `BENCH_AVAILABILITY_CALLS` | 2,000 | availability calls (each kind) |
//! | `BENCH_MINE_CALLS` | 2,000 | "my bookings" calls |
//! | `BENCH_REPORT_CALLS` | 20 | report calls (each kind) |
//! | `BENCH_THROUGHPUT_BOOKINGS` | 20,000 | bookings made by the 64 clients |
//! | `BENCH_KEEP_DATABASE` | 0 | 1: keep `pw_bench_bookings` afterwards (for `EXPLAIN` by hand) |
//!
//! A measure stops early once its calls took two minutes and at least five were made (a report
//! that takes many seconds would otherwise keep the bench going for long); the section gives
//! the calls made.
//!
//! Under `cargo test --benches` (no `--bench` argument) it does nothing.

mod common;
#[path = "common/pg.rs"]
mod pg;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, Duration as Days, NaiveDate, NaiveTime, Utc};
use common::{Figures, env_number, figures, machine, ms};
use domain::auth::{Principal, Via};
use domain::booking::{self, rules};
use domain::topology::TopologyCache;
use entities::enums::{BookingSource, Role};
use entities::{desk_booking, desk_booking_half, occupancy_hourly, person, unit_day};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Statement,
};
use wire::model::reports::ReportQuery;
use wire::model::{BookingDays, BookingRequest, DayResult, Slot};

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const DATABASE: &str = "pw_bench_bookings";
const CLIENTS: usize = 64;
const DAYS_AHEAD: i64 = 14;
/// Zones of a floor, units of an organisation.
const ZONES: i64 = 10;
/// Calendar days written per statement.
const BATCH_DAYS: i64 = 28;
/// Days of the report.
const REPORT_DAYS: i64 = 28;
/// A Monday: day numbers count from it, so the people booking rotate from day to day.
const EPOCH: &str = "2000-01-03";
/// Working memory of the seeding statements (sorting a batch by creation time, building the
/// indexes).
const SEED_WORK_MEM: &str = "256MB";
const SEED_MAINTENANCE_WORK_MEM: &str = "1GB";
/// A measure stops after this much time (a slow report would take many minutes otherwise)…
const MEASURE_FOR: Duration = Duration::from_secs(120);
/// … but not before this many calls.
const MIN_CALLS: usize = 5;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|arg| arg == "--bench") {
        eprintln!("bookings bench: skipped (run it with `cargo bench -p server --bench bookings`)");
        return Ok(());
    }
    let sizes = Sizes::from_env()?;
    let shape = Shape::new(&sizes)?;
    let admin_url = std::env::var("PLATZWAHL_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());

    let db = fresh_database(&admin_url).await?;
    eprintln!("bookings bench: migrating …");
    Migrator::up(&db, None).await?;
    let tz = domain::topology::DEFAULT_TZ;
    let today = rules::today(tz, Utc::now());
    let seeded = seed(&db, &shape, sizes.bookings, tz, today).await?;

    let people = principals(&db, &shape).await?;
    // A running server has read the topology already.
    let topology = TopologyCache::default();
    topology.get(&db).await?;

    let upcoming_days: Vec<NaiveDate> = (0..=DAYS_AHEAD)
        .map(|ahead| today + Days::days(ahead))
        .filter(|day| is_weekday(*day))
        .collect();
    let past_days: Vec<NaiveDate> = days_between(seeded.first_day, today - Days::days(1))
        .filter(|day| is_weekday(*day))
        .collect();
    let example = Example::new(&shape, today, seeded.first_day)?;
    let mut plans = Vec::new();
    let calls = sizes.availability_calls;
    eprintln!("bookings bench: availability × {calls} (upcoming days) …");
    let availability =
        measure_availability(&db, &topology, &shape, &people, &upcoming_days, calls).await?;
    let past_availability = if past_days.is_empty() {
        None
    } else {
        eprintln!("bookings bench: availability × {calls} (past days) …");
        Some(measure_availability(&db, &topology, &shape, &people, &past_days, calls).await?)
    };
    plans.extend(availability_plans(&db, &example).await?);
    eprintln!("bookings bench: my bookings × {} …", sizes.mine_calls);
    let (mine, shown) = measure_mine(&db, &people, sizes.mine_calls).await?;
    plans.extend(mine_plans(&db, &example, today).await?);
    let report_to = today - Days::days(1);
    let report_from = report_to - Days::days(REPORT_DAYS - 1);
    eprintln!(
        "bookings bench: reports × {} (building, organisation) …",
        sizes.report_calls
    );
    let building_report = measure_report(
        &db,
        &topology,
        &shape,
        report_from,
        report_to,
        false,
        sizes.report_calls,
    )
    .await?;
    let organisation_report = measure_report(
        &db,
        &topology,
        &shape,
        report_from,
        report_to,
        true,
        sizes.report_calls,
    )
    .await?;
    let zone_hours =
        measure_zone_hours(&db, tz, report_from, report_to, sizes.report_calls).await?;
    plans.extend(report_plans(&db, tz, report_from, report_to).await?);
    let throughput = measure_throughput(&db, &shape, &people, today, sizes.throughput).await?;
    plans.push(explain_booking(&db, &shape, example.org, today).await?);
    let settings = text(
        &db,
        "SELECT 'PostgreSQL ' || current_setting('server_version') || ', shared_buffers ' \
         || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem')",
    )
    .await?;

    print_section(&Printed {
        settings: &settings,
        shape: &shape,
        seeded: &seeded,
        availability: &availability,
        past_availability: past_availability.as_ref(),
        mine: &mine,
        shown,
        building_report: &building_report,
        organisation_report: &organisation_report,
        zone_hours: &zone_hours,
        report_from,
        report_to,
        throughput: &throughput,
        plans: &plans,
    });

    db.close().await?;
    if sizes.keep {
        eprintln!("bookings bench: keeping the database {DATABASE}");
    } else {
        pg::drop_database(&admin_url, DATABASE).await?;
    }
    Ok(())
}

/// The sizes of a run, from the environment (see the crate docs).
struct Sizes {
    organisations: usize,
    people: usize,
    desks: usize,
    bookings: usize,
    availability_calls: usize,
    mine_calls: usize,
    report_calls: usize,
    throughput: usize,
    keep: bool,
}

impl Sizes {
    fn from_env() -> anyhow::Result<Sizes> {
        Ok(Sizes {
            organisations: env_number("BENCH_ORGANISATIONS", 100)?,
            people: env_number("BENCH_PEOPLE", 1_000)?,
            desks: env_number("BENCH_DESKS", 500)?,
            bookings: env_number("BENCH_BOOKINGS", 20_000_000)?,
            availability_calls: env_number("BENCH_AVAILABILITY_CALLS", 2_000)?.max(1),
            mine_calls: env_number("BENCH_MINE_CALLS", 2_000)?.max(1),
            report_calls: env_number("BENCH_REPORT_CALLS", 20)?.max(1),
            throughput: env_number("BENCH_THROUGHPUT_BOOKINGS", 20_000)?,
            keep: env_number("BENCH_KEEP_DATABASE", 0)? != 0,
        })
    }
}

/// The numbers the seed and the measures derive from the sizes. Ids are given, not drawn
/// from the sequences: organisation `o` (from 0) has id `o + 1` and floor level `o`, its desk
/// `d` id `o × desks + d + 1`, its person `p` id `o × people + p + 1`.
#[derive(Debug, Clone, Copy)]
struct Shape {
    organisations: i64,
    /// Per organisation.
    people: i64,
    /// Per organisation.
    desks: i64,
    /// Past weekday: desks booked for the full day, per organisation.
    full: i64,
    /// Past weekday: desks booked in the morning and in the afternoon by two people.
    halves: i64,
    /// Upcoming weekday: desks booked for the full day.
    upcoming: i64,
}

impl Shape {
    fn new(sizes: &Sizes) -> anyhow::Result<Shape> {
        let organisations = i64::try_from(sizes.organisations)?;
        let people = i64::try_from(sizes.people)?;
        let desks = i64::try_from(sizes.desks)?;
        if organisations < 1 || people < ZONES || desks < ZONES {
            bail!("at least 1 organisation, {ZONES} people and {ZONES} desks per organisation");
        }
        let base = desks.min(people);
        let shape = Shape {
            organisations,
            people,
            desks,
            full: base * 4 / 5,
            halves: base / 10,
            upcoming: base * 3 / 5,
        };
        // Each client books once for today before measuring, on free desks.
        let clients = i64::try_from(CLIENTS)?;
        if shape.free() * organisations < clients {
            bail!("too few desks or people for {CLIENTS} clients");
        }
        Ok(shape)
    }

    /// Past bookings on one weekday, all organisations together.
    fn past_per_day(&self) -> i64 {
        self.organisations * (self.full + 2 * self.halves)
    }

    /// Desks (and people) of an organisation free on an upcoming day.
    fn free(&self) -> i64 {
        self.desks.min(self.people) - self.upcoming
    }

    fn desk_id(&self, organisation: i64, desk: i64) -> anyhow::Result<i32> {
        Ok(i32::try_from(organisation * self.desks + desk + 1)?)
    }

    /// The index (id − 1) of person `p` of `organisation`.
    fn person_index(&self, organisation: i64, p: i64) -> anyhow::Result<usize> {
        Ok(usize::try_from(organisation * self.people + p)?)
    }

    /// Person `k` of the day's rotation on day number `n`: the seeded bookings give the k-th
    /// desk to the person `(k + 7n + o) mod people`.
    fn rotated(&self, organisation: i64, k: i64, n: i64) -> i64 {
        (k + 7 * n + organisation).rem_euclid(self.people)
    }
}

fn is_weekday(day: NaiveDate) -> bool {
    day.weekday().number_from_monday() <= 5
}

fn days_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

/// The day number of `day` (days since [`EPOCH`]).
fn day_number(day: NaiveDate) -> anyhow::Result<i64> {
    let epoch: NaiveDate = EPOCH.parse()?;
    Ok((day - epoch).num_days())
}

// ---------------------------------------------------------------------------------------------
// The database

async fn fresh_database(admin_url: &str) -> anyhow::Result<DatabaseConnection> {
    pg::create_database(admin_url, DATABASE).await?;
    let url = pg::database_url(admin_url, DATABASE);
    let mut options = pg::options(&url, server::settings::DEFAULT_MAX_CONNECTIONS);
    options.acquire_timeout(Duration::from_secs(120));
    Ok(Database::connect(options).await?)
}

/// One number from a query's first row.
async fn number(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<i64> {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?
        .with_context(|| format!("no row from {sql}"))?
        .try_get_by_index::<i64>(0)
        .with_context(|| format!("no number from {sql}"))
}

/// One text from a query's first row.
async fn text(db: &impl ConnectionTrait, sql: &str) -> anyhow::Result<String> {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?
        .with_context(|| format!("no row from {sql}"))?
        .try_get_by_index::<String>(0)
        .with_context(|| format!("no text from {sql}"))
}

/// Runs `sql` in a transaction of its own with more working memory; the rows it wrote.
async fn bulk(db: &DatabaseConnection, sql: &str) -> anyhow::Result<u64> {
    let txn = domain::db::begin_write(db).await?;
    txn.execute_unprepared(&format!(
        "SET LOCAL work_mem = '{SEED_WORK_MEM}'; \
         SET LOCAL maintenance_work_mem = '{SEED_MAINTENANCE_WORK_MEM}'"
    ))
    .await?;
    let written = txn.execute_unprepared(sql).await?.rows_affected();
    txn.commit().await?;
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// The seed

/// What the seed wrote, and how long it took.
struct Seeded {
    first_day: NaiveDate,
    past_days: i64,
    past: i64,
    upcoming: i64,
    halves: i64,
    zone_hours: i64,
    unit_days: i64,
    structure_time: Duration,
    bookings_time: Duration,
    index_time: Duration,
    aggregates_time: Duration,
    vacuum_time: Duration,
    total_time: Duration,
    database_size: String,
    table_sizes: Vec<(String, String)>,
}

async fn seed(
    db: &DatabaseConnection,
    shape: &Shape,
    target: usize,
    tz: chrono_tz::Tz,
    today: NaiveDate,
) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    eprintln!(
        "bookings bench: seeding {} organisations, {} desks and {} people …",
        shape.organisations,
        shape.organisations * shape.desks,
        shape.organisations * shape.people
    );
    seed_structure(db, shape, tz).await?;
    let structure_time = started.elapsed();

    // As many weekdays back as the bookings need, ending yesterday.
    let target = i64::try_from(target)?;
    let past_days = if shape.past_per_day() > 0 {
        (target + shape.past_per_day() - 1) / shape.past_per_day()
    } else {
        0
    };
    let yesterday = today - Days::days(1);
    let mut first_day = today;
    let mut counted = 0;
    while counted < past_days {
        first_day -= Days::days(1);
        if is_weekday(first_day) {
            counted += 1;
        }
    }

    let t = Instant::now();
    let indexes = drop_secondary_indexes(db).await?;
    // The block guard `desk_booking_not_blocked` and the foreign keys' checks, row by row.
    let tables = ["desk_booking", "desk_booking_half"];
    triggers(db, &tables, false).await?;
    let written = seed_bookings(db, shape, first_day, yesterday, today).await;
    triggers(db, &tables, true).await?;
    written?;
    let bookings_time = t.elapsed();

    let t = Instant::now();
    for (name, definition) in &indexes {
        eprintln!("bookings bench: building index {name} …");
        bulk(db, definition).await?;
    }
    let index_time = t.elapsed();
    eprintln!(
        "bookings bench: indexes built in {:.0} s",
        index_time.as_secs_f64()
    );

    let t = Instant::now();
    // The report reads four weeks: write at least that many days of aggregates.
    let aggregates_from = first_day.min(today - Days::days(REPORT_DAYS));
    let tables = ["occupancy_hourly", "unit_day"];
    triggers(db, &tables, false).await?;
    let written = seed_aggregates(db, shape, tz, aggregates_from, today).await;
    triggers(db, &tables, true).await?;
    let (zone_hours, unit_days) = written?;
    let aggregates_time = t.elapsed();

    let t = Instant::now();
    eprintln!("bookings bench: VACUUM (ANALYZE), CHECKPOINT …");
    db.execute_unprepared("VACUUM (ANALYZE)").await?;
    db.execute_unprepared("CHECKPOINT").await?;
    let vacuum_time = t.elapsed();
    let total_time = started.elapsed();
    eprintln!(
        "bookings bench: seeded in {:.0} s",
        total_time.as_secs_f64()
    );

    // What was written (after `VACUUM`, so from the visibility map and the indexes), and,
    // as the foreign keys were not checked row by row, whether every booking's desk and
    // person exist (the ids are dense).
    let past = number(db, "SELECT count(*) FROM desk_booking").await?;
    let halves = number(db, "SELECT count(*) FROM desk_booking_half").await?;
    let upcoming = number(
        db,
        &format!("SELECT count(*) FROM desk_booking WHERE day >= DATE '{today}'"),
    )
    .await?;
    let past = past - upcoming;
    let outside = number(
        db,
        &format!(
            "SELECT count(*) FROM (
                 SELECT min(desk_id) AS d0, max(desk_id) AS d1, min(person_id) AS p0,
                        max(person_id) AS p1
                 FROM desk_booking) AS k
             WHERE d0 < 1 OR d1 > {} OR p0 < 1 OR p1 > {}",
            shape.organisations * shape.desks,
            shape.organisations * shape.people
        ),
    )
    .await?;
    if outside > 0 {
        bail!("a seeded booking refers to a desk or person that does not exist");
    }

    let database_size = text(
        db,
        "SELECT pg_size_pretty(pg_database_size(current_database()))",
    )
    .await?;
    let mut table_sizes = Vec::new();
    for table in ["desk_booking", "desk_booking_half", "occupancy_hourly"] {
        let size = text(
            db,
            &format!(
                "SELECT pg_size_pretty(pg_table_size('{table}')) || ' + ' || \
                 pg_size_pretty(pg_indexes_size('{table}')) || ' indexes'"
            ),
        )
        .await?;
        table_sizes.push((table.to_owned(), size));
    }
    Ok(Seeded {
        first_day,
        past_days,
        past,
        upcoming,
        halves,
        zone_hours,
        unit_days,
        structure_time,
        bookings_time,
        index_time,
        aggregates_time,
        vacuum_time,
        total_time,
        database_size,
        table_sizes,
    })
}

/// Disables (`enabled` false) or enables every trigger of `tables`, the foreign keys' ones
/// included (which needs a superuser).
async fn triggers(db: &DatabaseConnection, tables: &[&str], enabled: bool) -> anyhow::Result<()> {
    let what = if enabled { "ENABLE" } else { "DISABLE" };
    for table in tables {
        db.execute_unprepared(&format!("ALTER TABLE {table} {what} TRIGGER ALL"))
            .await
            .with_context(|| {
                format!("{what} TRIGGER ALL on {table} (the bench needs a superuser)")
            })?;
    }
    Ok(())
}

/// The building, its floors, zones and desks, the organisations, units and people, and the
/// home zones; ids as [`Shape`] says, the sequences moved past them.
async fn seed_structure(
    db: &DatabaseConnection,
    shape: &Shape,
    tz: chrono_tz::Tz,
) -> anyhow::Result<()> {
    let Shape {
        organisations: orgs,
        people,
        desks,
        ..
    } = *shape;
    let tz = tz.name();
    let statements = [
        format!(
            "INSERT INTO organisation (id, slug, name)
             SELECT o + 1, 'org-' || o, 'Organisation ' || lpad(o::text, 3, '0')
             FROM generate_series(0, {orgs} - 1) AS o"
        ),
        format!(
            "INSERT INTO unit (id, organisation_id, slug, name)
             SELECT o * {ZONES} + u + 1, o + 1, 'org-' || o || '-unit-' || u, 'Unit ' || o || '.' || u
             FROM generate_series(0, {orgs} - 1) AS o, generate_series(0, {ZONES} - 1) AS u"
        ),
        format!(
            "INSERT INTO building (id, slug, name, address, timezone)
             VALUES (1, 'bench', 'Bench building', 'Benchstraße 1', '{tz}')"
        ),
        format!(
            "INSERT INTO floor (id, building_id, level, name, plan_width, plan_height)
             SELECT o + 1, 1, o, 'Floor ' || o, 1000, 1000 FROM generate_series(0, {orgs} - 1) AS o"
        ),
        format!(
            "INSERT INTO zone (id, floor_id, slug, name, kind, x, y, width, height)
             SELECT o * {ZONES} + z + 1, o + 1, 'f' || o || '-z' || z, 'Zone ' || chr(65 + z), 'work',
                    (z % 5) * 200, (z / 5) * 500, 200, 500
             FROM generate_series(0, {orgs} - 1) AS o, generate_series(0, {ZONES} - 1) AS z"
        ),
        format!(
            "INSERT INTO desk (id, zone_id, label, x, y, width, height, has_docking, monitors,
                               height_adjustable)
             SELECT o * {desks} + d + 1, o * {ZONES} + d * {ZONES} / {desks} + 1, 'F' || o || '-D' || d,
                    10 + (d % 5) * 38, 10 + (d / 5 % 10) * 48, 30, 20, d % 3 = 0, d % 3, d % 7 = 0
             FROM generate_series(0, {orgs} - 1) AS o, generate_series(0, {desks} - 1) AS d"
        ),
        format!(
            "INSERT INTO person (id, organisation_id, unit_id, display_name)
             SELECT o * {people} + p + 1, o + 1, o * {ZONES} + p * {ZONES} / {people} + 1,
                    'Person ' || o || '-' || p
             FROM generate_series(0, {orgs} - 1) AS o, generate_series(0, {people} - 1) AS p"
        ),
        format!(
            "INSERT INTO home_zone (unit_id, zone_id, priority)
             SELECT o * {ZONES} + u + 1, o * {ZONES} + z + 1, CASE WHEN u = z THEN 1 ELSE 2 END
             FROM generate_series(0, {orgs} - 1) AS o, generate_series(0, {ZONES} - 1) AS u,
                  generate_series(0, {ZONES} - 1) AS z"
        ),
    ];
    for sql in &statements {
        db.execute_unprepared(sql).await?;
    }
    for table in [
        "organisation",
        "unit",
        "building",
        "floor",
        "zone",
        "desk",
        "person",
    ] {
        db.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        ))
        .await?;
    }
    Ok(())
}

/// Drops the indexes of `desk_booking` and `desk_booking_half` that neither are a primary key
/// nor serve a constraint (the half rows' foreign key needs `desk_booking (id, desk_id, day)`);
/// their names and definitions, to build them again.
async fn drop_secondary_indexes(db: &DatabaseConnection) -> anyhow::Result<Vec<(String, String)>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT i.relname::text AS name, pg_get_indexdef(i.oid) AS definition
             FROM pg_index x
             JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_class t ON t.oid = x.indrelid
             WHERE t.relname IN ('desk_booking', 'desk_booking_half')
               AND NOT x.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
             ORDER BY t.relname, i.relname",
        ))
        .await?;
    let mut indexes = Vec::with_capacity(rows.len());
    for row in rows {
        let name: String = row.try_get("", "name")?;
        let definition: String = row.try_get("", "definition")?;
        db.execute_unprepared(&format!("DROP INDEX \"{name}\""))
            .await?;
        indexes.push((name, definition));
    }
    eprintln!(
        "bookings bench: dropped {} indexes for the bulk write: {}",
        indexes.len(),
        indexes
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(indexes)
}

/// Writes the past bookings (weekdays from `first_day` to `yesterday`) and the upcoming ones
/// (weekdays from `today` on, [`DAYS_AHEAD`] days), each with its half rows.
async fn seed_bookings(
    db: &DatabaseConnection,
    shape: &Shape,
    first_day: NaiveDate,
    yesterday: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let Shape {
        full,
        halves,
        upcoming,
        ..
    } = *shape;
    // (desk, slot, rotation) of one organisation on one day.
    let past_pattern = format!(
        "SELECT d, 'full_day', d FROM generate_series(0, {full} - 1) AS d
         UNION ALL SELECT {full} + i, 'morning', {full} + i FROM generate_series(0, {halves} - 1) AS i
         UNION ALL SELECT {full} + i, 'afternoon', {full} + {halves} + i
                   FROM generate_series(0, {halves} - 1) AS i"
    );
    let started = Instant::now();
    let total_days = days_between(first_day, yesterday)
        .filter(|day| is_weekday(*day))
        .count();
    let mut done_days = 0;
    let mut from = first_day;
    while from <= yesterday {
        let to = (from + Days::days(BATCH_DAYS - 1)).min(yesterday);
        let weekdays = days_between(from, to)
            .filter(|day| is_weekday(*day))
            .count();
        insert_bookings(db, shape, from, to, &past_pattern).await?;
        done_days += weekdays;
        let written = i64::try_from(done_days)? * shape.past_per_day();
        let elapsed = started.elapsed().as_secs_f64();
        eprintln!(
            "bookings bench: history {from} … {to}: {written} bookings ({done_days}/{total_days} weekdays), {elapsed:.0} s, {:.0} bookings/s",
            written as f64 / elapsed.max(f64::EPSILON)
        );
        from = to + Days::days(1);
    }
    let upcoming_pattern =
        format!("SELECT d, 'full_day', d FROM generate_series(0, {upcoming} - 1) AS d");
    insert_bookings(
        db,
        shape,
        today,
        today + Days::days(DAYS_AHEAD),
        &upcoming_pattern,
    )
    .await?;
    eprintln!("bookings bench: upcoming bookings written");
    Ok(())
}

/// One statement: the bookings of `pattern` (rows of desk index, slot, rotation) for every
/// organisation on every weekday from `from` to `to`, with their half rows. Sorted by the
/// time each would have been made (up to two weeks before its day, the earliest first), as
/// bookings of different days interleave in a running system.
async fn insert_bookings(
    db: &DatabaseConnection,
    shape: &Shape,
    from: NaiveDate,
    to: NaiveDate,
    pattern: &str,
) -> anyhow::Result<u64> {
    let Shape {
        organisations: orgs,
        people,
        desks,
        ..
    } = *shape;
    bulk(
        db,
        &format!(
            "WITH days AS (
                SELECT g::date AS day, g::date - DATE '{EPOCH}' AS n
                FROM generate_series(DATE '{from}', DATE '{to}', INTERVAL '1 day') AS g
                WHERE extract(isodow FROM g) < 6),
             pattern (d, slot, k) AS ({pattern}),
             wanted AS (
                SELECT o * {desks} + p.d + 1 AS desk_id,
                       o * {people} + (p.k + 7 * days.n + o) % {people} + 1 AS person_id,
                       days.day, p.slot,
                       LEAST(days.day - (h.v % 14) * INTERVAL '1 day' + INTERVAL '7 hours'
                             + (h.v / 14 % 600) * INTERVAL '1 minute', now()) AS created_at
                FROM days
                CROSS JOIN generate_series(0, {orgs} - 1) AS o
                CROSS JOIN pattern AS p
                CROSS JOIN LATERAL (
                    SELECT hashint8(days.n * 1000003::bigint + o * 1009 + p.k) & 2147483647 AS v
                ) AS h),
             ins AS (
                INSERT INTO desk_booking (desk_id, person_id, day, slot, status, source, created_at)
                SELECT desk_id, person_id, day, slot, 'active', 'web', created_at
                FROM wanted ORDER BY created_at
                RETURNING id, desk_id, person_id, day, slot)
             INSERT INTO desk_booking_half (booking_id, desk_id, person_id, day, half)
             SELECT ins.id, ins.desk_id, ins.person_id, ins.day, h.half
             FROM ins JOIN (VALUES ('morning', 0::smallint), ('afternoon', 1::smallint),
                                   ('full_day', 0::smallint), ('full_day', 1::smallint))
                  AS h (slot, half) ON h.slot = ins.slot"
        ),
    )
    .await
}

/// The aggregates the reports read, from `from` to the day before `today`: `occupancy_hourly`
/// for every zone and hour (busy on weekdays from 8 to 18), `unit_day` for every unit and
/// weekday, `room_day` for every day (there are no rooms). The zone-hours and unit-days
/// written.
async fn seed_aggregates(
    db: &DatabaseConnection,
    shape: &Shape,
    tz: chrono_tz::Tz,
    from: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<(i64, i64)> {
    let tz_name = tz.name();
    let started = Instant::now();
    let mut zone_hours = 0;
    let mut day = from;
    while day < today {
        let until = (day + Days::days(BATCH_DAYS)).min(today);
        let start = utc_literal(rules::local_instant(tz, day, NaiveTime::MIN));
        let end = utc_literal(rules::local_instant(tz, until, NaiveTime::MIN));
        zone_hours += bulk(
            db,
            &format!(
                "INSERT INTO occupancy_hourly (zone_id, hour_start, booked_desk_hours,
                     occupied_desk_hours, occupied_unbooked_desk_hours, no_shows, distinct_people)
                 SELECT z.zone_id, h.t, b.booked, b.booked * (70 + z.zone_id % 20) / 100,
                        b.booked / 20, b.booked / 40, b.booked
                 FROM (SELECT t, extract(isodow FROM t AT TIME ZONE '{tz_name}') < 6
                                 AND extract(hour FROM t AT TIME ZONE '{tz_name}') BETWEEN 8 AND 17 AS busy
                       FROM generate_series(TIMESTAMPTZ '{start}', TIMESTAMPTZ '{end}' - INTERVAL '1 hour',
                                            INTERVAL '1 hour') AS t) AS h
                 CROSS JOIN (SELECT zone_id, count(*)::int AS desks FROM desk GROUP BY zone_id) AS z
                 CROSS JOIN LATERAL (SELECT CASE WHEN h.busy THEN z.desks * 9 / 10 ELSE 0 END AS booked) AS b
                 ORDER BY h.t, z.zone_id"
            ),
        )
        .await?;
        eprintln!(
            "bookings bench: aggregates {day} … {}: {zone_hours} zone-hours, {:.0} s",
            until - Days::days(1),
            started.elapsed().as_secs_f64()
        );
        day = until;
    }
    let last = today - Days::days(1);
    // People of a unit who book on a weekday (the pattern books as many people as desks).
    let per_unit = (shape.full + 2 * shape.halves) / ZONES;
    let unit_days = bulk(
        db,
        &format!(
            "INSERT INTO unit_day (unit_id, day, bookings, home_zone_bookings, distinct_people)
             SELECT u.id, g::date, {per_unit}, {per_unit}, {per_unit}
             FROM unit AS u
             CROSS JOIN generate_series(DATE '{from}', DATE '{last}', INTERVAL '1 day') AS g
             WHERE extract(isodow FROM g) < 6
             ORDER BY g, u.id"
        ),
    )
    .await?;
    bulk(
        db,
        &format!(
            "INSERT INTO room_day (day, privacy_class, rooms, reserved_quarters, used_quarters,
                                   released, distinct_people)
             SELECT g::date, c.class, 0, 0, 0, 0, 0
             FROM generate_series(DATE '{from}', DATE '{last}', INTERVAL '1 day') AS g
             CROSS JOIN (VALUES ('standard'), ('protected')) AS c (class)"
        ),
    )
    .await?;
    Ok((i64::try_from(zone_hours)?, i64::try_from(unit_days)?))
}

fn utc_literal(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S+00").to_string()
}

/// Every person as a signed-in employee, by id (index = id − 1).
async fn principals(db: &DatabaseConnection, shape: &Shape) -> anyhow::Result<Vec<Principal>> {
    let people: Vec<Principal> = person::Entity::find()
        .order_by_asc(person::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Principal {
            person_id: p.id,
            organisation_id: p.organisation_id,
            unit_id: p.unit_id,
            roles: vec![Role::Employee],
            via: Via::Session(0),
        })
        .collect();
    let expected = usize::try_from(shape.organisations * shape.people)?;
    if people.len() != expected {
        bail!("{} people, {expected} expected", people.len());
    }
    Ok(people)
}

// ---------------------------------------------------------------------------------------------
// The measures

/// Calls `call` one after the other, a few times to warm up (5 %, 1 to 100), then `calls`
/// times measured, or fewer (at least [`MIN_CALLS`]) once the measured calls took
/// [`MEASURE_FOR`]; the rate is over the measured calls' own time (one client).
async fn time_calls(
    calls: usize,
    mut call: impl AsyncFnMut() -> anyhow::Result<()>,
) -> anyhow::Result<Figures> {
    for _ in 0..(calls / 20).clamp(1, 100) {
        call().await?;
    }
    let mut times = Vec::with_capacity(calls);
    let mut measured = Duration::ZERO;
    while times.len() < calls && (times.len() < MIN_CALLS || measured < MEASURE_FOR) {
        let t = Instant::now();
        call().await?;
        let took = t.elapsed();
        times.push(took);
        measured += took;
    }
    Ok(figures(times, measured))
}

/// Availability of a random floor on a random day of `days`, seen by a random person of the
/// floor's organisation, as `GET /api/v1/availability` asks for it.
async fn measure_availability(
    db: &DatabaseConnection,
    topology: &TopologyCache,
    shape: &Shape,
    people: &[Principal],
    days: &[NaiveDate],
    calls: usize,
) -> anyhow::Result<Figures> {
    let mut rng = fastrand::Rng::with_seed(4);
    let desks = usize::try_from(shape.desks)?;
    time_calls(calls, async || {
        let org = rng.i64(0..shape.organisations);
        let day = *days.get(rng.usize(..days.len())).context("no day")?;
        let who = people
            .get(shape.person_index(org, rng.i64(0..shape.people))?)
            .context("no such person")?;
        // The handler reads the building's time zone (to refuse past days) from the kept
        // topology, then asks for the floor.
        topology.tz(db).await?;
        let floor =
            booking::availability(db, i32::try_from(org)?, day, Slot::FullDay, Some(who)).await?;
        if floor.desks.len() != desks {
            bail!("floor {org} has {} desks, not {desks}", floor.desks.len());
        }
        Ok(())
    })
    .await
}

/// What "my bookings" showed on average: upcoming and past bookings per call.
#[derive(Debug, Clone, Copy, Default)]
struct Shown {
    upcoming: f64,
    past: f64,
}

/// `GET /api/v1/bookings/mine` of a random person.
async fn measure_mine(
    db: &DatabaseConnection,
    people: &[Principal],
    calls: usize,
) -> anyhow::Result<(Figures, Shown)> {
    let mut rng = fastrand::Rng::with_seed(19);
    let (mut upcoming, mut past, mut made) = (0usize, 0usize, 0usize);
    let figures = time_calls(calls, async || {
        let who = people.get(rng.usize(..people.len())).context("no person")?;
        let mine = booking::my_bookings(db, who, Utc::now()).await?;
        upcoming += mine.upcoming.len();
        past += mine.past.len();
        made += 1;
        Ok(())
    })
    .await?;
    let made = made.max(1) as f64;
    Ok((
        figures,
        Shown {
            upcoming: upcoming as f64 / made,
            past: past as f64 / made,
        },
    ))
}

/// `GET /api/v1/reports` for `from` to `to`: the whole building, or (`by_organisation`) a
/// random organisation's home zones.
async fn measure_report(
    db: &DatabaseConnection,
    topology: &TopologyCache,
    shape: &Shape,
    from: NaiveDate,
    to: NaiveDate,
    by_organisation: bool,
    calls: usize,
) -> anyhow::Result<Figures> {
    let mut rng = fastrand::Rng::with_seed(28);
    time_calls(calls, async || {
        let query = ReportQuery {
            from,
            to,
            building: None,
            floor: None,
            organisation: if by_organisation {
                Some(i32::try_from(rng.i64(0..shape.organisations) + 1)?)
            } else {
                None
            },
            unit: None,
        };
        let topology = topology.get(db).await?;
        let report =
            domain::reports::report(db, &topology, &query, domain::reports::DEFAULT_MIN_GROUP)
                .await?;
        if report.kpis.is_empty() {
            bail!("a report without key figures");
        }
        Ok(())
    })
    .await
}

/// The report's zone-hours of `from` to `to`, as `domain::reports` asks for them (keep in
/// step with its `zone_hours`).
fn zone_hours_query(
    tz: chrono_tz::Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> sea_orm::Select<occupancy_hourly::Entity> {
    let end = to + Days::days(1);
    occupancy_hourly::Entity::find()
        .filter(
            occupancy_hourly::Column::HourStart.gte(rules::local_instant(tz, from, NaiveTime::MIN)),
        )
        .filter(occupancy_hourly::Column::HourStart.lt(rules::local_instant(
            tz,
            end,
            NaiveTime::MIN,
        )))
}

/// Reading the report's zone-hours alone into sea-orm models: how much of the report is its
/// largest statement. The figures and the rows read.
async fn measure_zone_hours(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    from: NaiveDate,
    to: NaiveDate,
    calls: usize,
) -> anyhow::Result<(Figures, usize)> {
    let mut rows = 0;
    let figures = time_calls(calls, async || {
        rows = zone_hours_query(tz, from, to).all(db).await?.len();
        Ok(())
    })
    .await?;
    Ok((figures, rows))
}

/// 64 clients book full days in the next [`DAYS_AHEAD`] days on desks free then (those the
/// upcoming seed left), each booking a different person and desk of one organisation on one
/// day, so all succeed; spread over the organisations and days.
async fn measure_throughput(
    db: &DatabaseConnection,
    shape: &Shape,
    people: &[Principal],
    today: NaiveDate,
    wanted: usize,
) -> anyhow::Result<Figures> {
    // The j-th person and desk of organisation o that the upcoming seed left free on `day` (it
    // took the first ones of the day's rotation).
    let free = |o: i64, j: i64, day: NaiveDate| -> anyhow::Result<(usize, i32)> {
        let n = day_number(day)?;
        let person = shape.person_index(o, shape.rotated(o, shape.upcoming + j, n))?;
        let desk = shape.desk_id(o, shape.upcoming + j)?;
        Ok((person, desk))
    };
    let capacity = usize::try_from(DAYS_AHEAD * shape.organisations * shape.free())?;
    let total = wanted.min(capacity);
    let mut work: Vec<Vec<(usize, i32, NaiveDate)>> = vec![Vec::new(); CLIENTS];
    for k in 0..total {
        let k = i64::try_from(k)?;
        let day = today + Days::days(1 + k % DAYS_AHEAD);
        let i = k / DAYS_AHEAD;
        let (o, j) = (i % shape.organisations, i / shape.organisations);
        let (person, desk) = free(o, j, day)?;
        work[usize::try_from(k)? % CLIENTS].push((person, desk, day));
    }
    eprintln!("bookings bench: {total} bookings by {CLIENTS} clients …");
    let people = Arc::new(people.to_vec());
    // A running server has its connections open: open them all before measuring, so the
    // figures are the steady state, not 64 connection set-ups at once.
    let warm: Vec<_> = (0..server::settings::DEFAULT_MAX_CONNECTIONS)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let txn = domain::db::begin_write(&db).await?;
                txn.execute_unprepared("SELECT pg_sleep(0.05)").await?;
                txn.commit().await?;
                Ok::<_, anyhow::Error>(())
            })
        })
        .collect();
    for task in warm {
        task.await??;
    }
    // As the API does: the rarely changing facts (desks, home zones, policies, blocks) are
    // kept for two seconds and shared by all requests; the server reads them once at start.
    let cache = booking::FactsCache::default();
    cache.get(db).await?;
    // And its statements prepared: each client books once for today before the clock starts
    // (the measured bookings are for the days after; a booking for today may be refused
    // late in the evening, which does not matter here).
    let mut warm_up = Vec::with_capacity(CLIENTS);
    for client in 0..i64::try_from(CLIENTS)? {
        let (o, j) = (client % shape.organisations, client / shape.organisations);
        let (person, desk_id) = free(o, j, today)?;
        let db = db.clone();
        let people = Arc::clone(&people);
        let cache = cache.clone();
        let request = BookingRequest {
            desk_id,
            slot: Slot::FullDay,
            days: BookingDays::Days { days: vec![today] },
        };
        warm_up.push(tokio::spawn(async move {
            let facts = cache.get(&db).await?;
            let who = people.get(person).context("no such person")?;
            booking::book_with(&db, &facts, who, &request, BookingSource::Api, Utc::now()).await?;
            Ok::<_, anyhow::Error>(())
        }));
    }
    for task in warm_up {
        task.await??;
    }
    let started = Instant::now();
    let tasks: Vec<_> = work
        .into_iter()
        .map(|jobs| {
            let db = db.clone();
            let people = Arc::clone(&people);
            let cache = cache.clone();
            tokio::spawn(async move {
                let mut times = Vec::with_capacity(jobs.len());
                let mut refused = 0usize;
                for (person, desk_id, day) in jobs {
                    let who = people.get(person).context("no such person")?;
                    let request = BookingRequest {
                        desk_id,
                        slot: Slot::FullDay,
                        days: BookingDays::Days { days: vec![day] },
                    };
                    let t = Instant::now();
                    let facts = cache.get(&db).await?;
                    let outcome = booking::book_with(
                        &db,
                        &facts,
                        who,
                        &request,
                        BookingSource::Api,
                        Utc::now(),
                    )
                    .await?;
                    times.push(t.elapsed());
                    if !matches!(
                        outcome.first().map(|o| o.result),
                        Some(DayResult::Booked { .. })
                    ) {
                        refused += 1;
                    }
                }
                Ok::<_, anyhow::Error>((times, refused))
            })
        })
        .collect();
    let mut times = Vec::with_capacity(total);
    let mut refused = 0;
    for task in tasks {
        let (mut client_times, client_refused) = task.await??;
        times.append(&mut client_times);
        refused += client_refused;
    }
    let wall = started.elapsed();
    if refused > 0 {
        bail!("{refused} of {total} bookings were refused; the bench expects all to succeed");
    }
    Ok(figures(times, wall))
}

// ---------------------------------------------------------------------------------------------
// Query plans

/// A statement's plan.
struct Plan {
    title: String,
    lines: Vec<String>,
}

impl Plan {
    /// The execution time the plan reports, in milliseconds.
    fn execution_ms(&self) -> Option<f64> {
        self.lines.iter().find_map(|line| {
            line.trim()
                .strip_prefix("Execution Time: ")
                .and_then(|rest| rest.trim_end_matches(" ms").parse().ok())
        })
    }
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of `statement` on `db`; long arrays of values shortened.
async fn explain(
    db: &impl ConnectionTrait,
    title: &str,
    mut statement: Statement,
) -> anyhow::Result<Plan> {
    statement.sql = format!("EXPLAIN (ANALYZE, BUFFERS) {}", statement.sql);
    let rows = db.query_all_raw(statement).await?;
    let lines = rows
        .iter()
        .map(|row| Ok(shorten(&row.try_get::<String>("", "QUERY PLAN")?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Plan {
        title: title.to_owned(),
        lines,
    })
}

/// `'{1,2,…}'` arrays of more than four values as `'{1,2,…,500}'` (500 values).
fn shorten(line: &str) -> String {
    let mut out = String::with_capacity(line.len().min(400));
    let mut rest = line;
    while let Some(open) = rest.find("'{") {
        let Some(close) = rest[open..].find("}'").map(|at| open + at) else {
            break;
        };
        let values: Vec<&str> = rest[open + 2..close].split(',').collect();
        out.push_str(&rest[..open]);
        match values.as_slice() {
            [first, second, .., last] if values.len() > 4 => out.push_str(&format!(
                "'{{{first},{second},…,{last}}}' ({} values)",
                values.len()
            )),
            _ => out.push_str(&rest[open..close + 2]),
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    out
}

/// What the plans are shown for: the middle floor, its organisation's first person, a day.
struct Example {
    org: i64,
    person_id: i32,
    floor_desks: Vec<i32>,
    next_weekday: NaiveDate,
    past_weekday: Option<NaiveDate>,
}

impl Example {
    fn new(shape: &Shape, today: NaiveDate, first_day: NaiveDate) -> anyhow::Result<Example> {
        let org = shape.organisations / 2;
        let past: Vec<NaiveDate> = days_between(first_day, today - Days::days(1))
            .filter(|day| is_weekday(*day))
            .collect();
        Ok(Example {
            org,
            person_id: i32::try_from(shape.person_index(org, 0)? + 1)?,
            floor_desks: (0..shape.desks)
                .map(|d| shape.desk_id(org, d))
                .collect::<anyhow::Result<Vec<i32>>>()?,
            next_weekday: (1..=7)
                .map(|ahead| today + Days::days(ahead))
                .find(|day| is_weekday(*day))
                .context("no weekday in a week")?,
            past_weekday: past.get(past.len() / 2).copied(),
        })
    }
}

/// The plans of availability's largest statement (the floor's half rows of the day), as
/// `domain::booking::availability` builds it, on an upcoming and a past weekday.
async fn availability_plans(db: &DatabaseConnection, ex: &Example) -> anyhow::Result<Vec<Plan>> {
    let halves_of = |day: NaiveDate| {
        desk_booking_half::Entity::find()
            .filter(desk_booking_half::Column::Day.eq(day))
            .filter(desk_booking_half::Column::DeskId.is_in(ex.floor_desks.iter().copied()))
            .build(DbBackend::Postgres)
    };
    let mut plans = vec![
        explain(
            db,
            &format!(
                "availability: the half-day rows of one floor ({} desks) on an upcoming day",
                ex.floor_desks.len()
            ),
            halves_of(ex.next_weekday),
        )
        .await?,
    ];
    if let Some(past) = ex.past_weekday {
        plans.push(explain(db, "availability: the same on a past day", halves_of(past)).await?);
    }
    Ok(plans)
}

/// The plans of the two statements of `domain::booking::my_bookings` that read bookings.
async fn mine_plans(
    db: &DatabaseConnection,
    ex: &Example,
    today: NaiveDate,
) -> anyhow::Result<Vec<Plan>> {
    Ok(vec![
        explain(
            db,
            "my bookings: from today on",
            desk_booking::Entity::find()
                .filter(desk_booking::Column::PersonId.eq(ex.person_id))
                .filter(desk_booking::Column::Day.gte(today))
                .order_by_asc(desk_booking::Column::Day)
                .order_by_asc(desk_booking::Column::Id)
                .build(DbBackend::Postgres),
        )
        .await?,
        explain(
            db,
            &format!(
                "my bookings: before today, the latest {}",
                booking::PAST_BOOKINGS_SHOWN
            ),
            desk_booking::Entity::find()
                .filter(desk_booking::Column::PersonId.eq(ex.person_id))
                .filter(desk_booking::Column::Day.lt(today))
                .order_by_desc(desk_booking::Column::Day)
                .order_by_desc(desk_booking::Column::Id)
                .limit(booking::PAST_BOOKINGS_SHOWN)
                .build(DbBackend::Postgres),
        )
        .await?,
    ])
}

/// The plans of the report's statements that read many rows, as `domain::reports::report`
/// builds them.
async fn report_plans(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> anyhow::Result<Vec<Plan>> {
    Ok(vec![
        explain(
            db,
            "report: four weeks of zone-hours",
            zone_hours_query(tz, from, to).build(DbBackend::Postgres),
        )
        .await?,
        explain(
            db,
            "report: four weeks of unit-days",
            unit_day::Entity::find()
                .filter(unit_day::Column::Day.between(from, to))
                .build(DbBackend::Postgres),
        )
        .await?,
        explain(
            db,
            "report: the active people's organisation and unit",
            person::Entity::find()
                .select_only()
                .column(person::Column::OrganisationId)
                .column(person::Column::UnitId)
                .filter(person::Column::Active.eq(true))
                .build(DbBackend::Postgres),
        )
        .await?,
    ])
}

/// The one statement a booking writes on PostgreSQL (booking, half rows, audit row), as
/// `domain::booking`'s `insert_booking_in_one_statement` sends it; in a transaction that is
/// rolled back. Its plan shows the time of each trigger (the block guard, the foreign keys).
async fn explain_booking(
    db: &DatabaseConnection,
    shape: &Shape,
    org: i64,
    today: NaiveDate,
) -> anyhow::Result<Plan> {
    // A day after those the bench books, on the floor's last desk: nothing is in the way.
    let day = today + Days::days(DAYS_AHEAD + 1);
    let desk_id = shape.desk_id(org, shape.desks - 1)?;
    let person_id = i32::try_from(shape.person_index(org, shape.people - 1)? + 1)?;
    let organisation_id = i32::try_from(org + 1)?;
    let detail = serde_json::json!({
        "desk_id": desk_id, "day": day, "slot": "full_day", "source": "api",
    });
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        domain::booking::INSERT_BOOKING_SQL,
        [
            desk_id.into(),
            person_id.into(),
            day.into(),
            "full_day".into(),
            "api".into(),
            Utc::now().into(),
            true.into(),
            true.into(),
            organisation_id.into(),
            detail.into(),
        ],
    );
    let txn = domain::db::begin_write(db).await?;
    let plan = explain(
        &txn,
        "booking: the booking, its half rows and its audit row in one statement (rolled back)",
        statement,
    )
    .await;
    txn.rollback().await?;
    plan
}

// ---------------------------------------------------------------------------------------------
// The section

struct Printed<'a> {
    settings: &'a str,
    shape: &'a Shape,
    seeded: &'a Seeded,
    availability: &'a Figures,
    past_availability: Option<&'a Figures>,
    mine: &'a Figures,
    shown: Shown,
    building_report: &'a Figures,
    organisation_report: &'a Figures,
    zone_hours: &'a (Figures, usize),
    report_from: NaiveDate,
    report_to: NaiveDate,
    throughput: &'a Figures,
    plans: &'a [Plan],
}

fn row(measure: &str, goal: &str, f: &Figures, rate: &str) {
    println!(
        "| {measure} | {goal} | {} | {} | {} | {rate} |",
        ms(f.p50),
        ms(f.p95),
        ms(f.p99)
    );
}

fn print_section(p: &Printed<'_>) {
    let (shape, seeded) = (p.shape, p.seeded);
    let machine = machine();
    let date = Utc::now().format("%Y-%m-%d");
    let secs = |d: Duration| format!("{:.0} s", d.as_secs_f64());
    println!("## Desk bookings (`scripts/bench-bookings`)");
    println!();
    println!(
        "Measured {date} on {machine}, {} on the same machine (its settings as installed), \
         release build. One building; {} organisations, each with a floor of its \
         own ({} desks in {ZONES} zones) and {} people in {ZONES} units whose home zones are \
         the floor's zones: {} desks, {} people. {} past bookings on {} weekdays ({} … the day \
         before the run; each weekday 80 % of every floor's desks for the full day, 10 % for a \
         morning and an afternoon), {} upcoming ones (60 % of the desks, today and the next \
         {DAYS_AHEAD} days, weekdays), {} half-day rows; {} zone-hours and {} unit-days of \
         aggregates for the reports.",
        p.settings,
        shape.organisations,
        shape.desks,
        shape.people,
        shape.organisations * shape.desks,
        shape.organisations * shape.people,
        seeded.past,
        seeded.past_days,
        seeded.first_day,
        seeded.upcoming,
        seeded.halves,
        seeded.zone_hours,
        seeded.unit_days,
    );
    println!();
    println!(
        "Seed: {} in all (structure {}, bookings {}, rebuilding their indexes {}, aggregates \
         {}, `VACUUM (ANALYZE)` and checkpoint {}); database {} ({}).",
        secs(seeded.total_time),
        secs(seeded.structure_time),
        secs(seeded.bookings_time),
        secs(seeded.index_time),
        secs(seeded.aggregates_time),
        secs(seeded.vacuum_time),
        seeded.database_size,
        seeded
            .table_sizes
            .iter()
            .map(|(table, size)| format!("`{table}` {size}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();
    println!("| measure | goal | p50 | p95 | p99 | rate |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    row(
        &format!(
            "availability of one floor for one day ({} calls, random floor, upcoming weekday and viewer)",
            p.availability.count
        ),
        "p95 ≤ 5 ms",
        p.availability,
        &format!("{:.0} calls/s (1 client)", p.availability.rate),
    );
    if let Some(past) = p.past_availability {
        row(
            &format!(
                "the same for random past weekdays ({} calls; the API refuses past days)",
                past.count
            ),
            "—",
            past,
            &format!("{:.0} calls/s (1 client)", past.rate),
        );
    }
    row(
        &format!(
            "my bookings of a random person ({} calls; on average {:.1} upcoming and {:.1} past bookings shown)",
            p.mine.count, p.shown.upcoming, p.shown.past
        ),
        "—",
        p.mine,
        &format!("{:.0} calls/s (1 client)", p.mine.rate),
    );
    row(
        &format!(
            "report of the whole building, {} … {} ({} calls)",
            p.report_from, p.report_to, p.building_report.count
        ),
        "≤ 1 s",
        p.building_report,
        &format!("{:.2} reports/s (1 client)", p.building_report.rate),
    );
    row(
        &format!(
            "report of one organisation (random), the same four weeks ({} calls)",
            p.organisation_report.count
        ),
        "≤ 1 s",
        p.organisation_report,
        &format!("{:.2} reports/s (1 client)", p.organisation_report.rate),
    );
    let (zone_hours, rows) = p.zone_hours;
    row(
        &format!(
            "of which: the report's zone-hours alone, read as sea-orm models ({rows} rows, {} calls)",
            zone_hours.count
        ),
        "—",
        zone_hours,
        &format!("{:.2} reads/s (1 client)", zone_hours.rate),
    );
    row(
        &format!(
            "booking, {CLIENTS} concurrent clients ({} full-day bookings, all succeed)",
            p.throughput.count
        ),
        "≥ 2,000/s, p99 ≤ 50 ms",
        p.throughput,
        &format!("{:.0} bookings/s", p.throughput.rate),
    );
    println!();
    let report_sql: f64 = p
        .plans
        .iter()
        .filter(|plan| plan.title.starts_with("report:"))
        .filter_map(Plan::execution_ms)
        .sum();
    let verdict = |met: bool| if met { "met" } else { "missed" };
    let second = Duration::from_secs(1);
    println!(
        "Against the goals: availability p95 {} (≤ 5 ms) {}; report p95 {} for the building and \
         {} for one organisation (≤ 1 s) {}; booking {:.0}/s with p99 {} (≥ 2,000/s, ≤ 50 ms) \
         {}.",
        ms(p.availability.p95),
        verdict(p.availability.p95 <= Duration::from_millis(5)),
        ms(p.building_report.p95),
        ms(p.organisation_report.p95),
        verdict(p.building_report.p95 <= second && p.organisation_report.p95 <= second),
        p.throughput.rate,
        ms(p.throughput.p99),
        verdict(p.throughput.rate >= 2_000.0 && p.throughput.p99 <= Duration::from_millis(50)),
    );
    println!();
    println!(
        "Notes: each figure is the whole service call as the API makes it, with what a running \
         server keeps: the topology (for the time zone and the report's structure) from its \
         cache, the booking facts (desks, home zones, policies, blocks) from the cache the \
         booking endpoint shares (read again every 2 s). Availability reads the floor, its \
         zones and desks, the desks' half-day rows of the day, the blocks and the viewer's home \
         zones (it does not use the booking facts). My bookings reads the person's bookings \
         from today on and the latest {} before, then their desks and zones. The report reads \
         only aggregates (`occupancy_hourly`, `unit_day`, `room_day`) and the active people, \
         and sums them in the process: its statements took {:.0} ms in the database (the plans \
         below), reading its zone-hours into the process takes the time of the row \"of \
         which\", the rest is spent summing (`domain::reports`). The booking clients share one \
         pool of {} connections (the server's default), opened and used once (one booking per \
         client for today) before measuring, as in a running server; each booking writes the \
         booking, its half rows and its audit row in one statement, through the trigger \
         `desk_booking_not_blocked`.",
        booking::PAST_BOOKINGS_SHOWN,
        report_sql,
        server::settings::DEFAULT_MAX_CONNECTIONS
    );
    println!();
    println!(
        "The seed writes the bookings set-based, four weeks per statement, in the order they \
         would have been made (so one floor's rows of one day are spread over the table). The \
         secondary indexes of `desk_booking` and `desk_booking_half` are dropped for it and \
         built again afterwards (so they are packed tighter than indexes grown booking by \
         booking), and the triggers of the tables it writes are disabled while it runs: the \
         block guard `desk_booking_not_blocked` (there are no blocks) and the foreign keys' \
         checks (the keys are right by construction; the bench checks the desk and person \
         ids). No booking of the history is cancelled or anonymised: every person keeps all \
         their past bookings (the retention job would have taken the person off those older \
         than its limit)."
    );
    println!();
    println!("### Query plans");
    println!();
    println!(
        "`EXPLAIN (ANALYZE, BUFFERS)` of the measured services' statements that read many \
         rows, built as the services build them, each right after its measure (so with the \
         pages the measure left in PostgreSQL's buffers), for floor {} and its organisation's \
         first person; the booking's statement after the throughput measure, rolled back.",
        shape.organisations / 2
    );
    for plan in p.plans {
        println!();
        println!("{}:", plan.title);
        println!();
        println!("```text");
        for line in &plan.lines {
            println!("{line}");
        }
        println!("```");
    }
}
