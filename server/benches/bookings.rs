//! The desk booking benchmark of issue #4, on PostgreSQL: availability of one floor for one day
//! with millions of past bookings in the database, and booking throughput with 64 concurrent
//! clients. Run it with `scripts/bench-bookings` (which writes the figures into BENCHMARKS.md);
//! it prints a Markdown section on standard output and its progress on standard error.
//!
//! Set-up: a database of its own (`pw_bench_bookings`, dropped and created anew on the server of
//! `PLATZWAHL_BENCH_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`), migrated,
//! with the demo building (368 desks, 360 people), then `BENCH_BOOKINGS` (default 5,000,000)
//! past half-day bookings written by batched `INSERT … SELECT … generate_series` statements,
//! each with its `desk_booking_half` row, as active bookings leave them.
//!
//! - Availability: `domain::booking::availability` for a random floor and a random day
//!   of the history, `BENCH_AVAILABILITY_CALLS` times (default 2,000) after 100 warm-up calls.
//! - Throughput: every unit gets every zone as a home zone (so every desk is bookable for
//!   everyone), then 64 clients call `domain::booking::book` for full days in the next 14
//!   days, each person a different desk each day, so every booking succeeds; wall time gives
//!   bookings per second, each call's time the latency percentiles.
//!
//! Under `cargo test --benches` (no `--bench` argument) it does nothing.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{Duration as Days, NaiveDate, Utc};
use common::{Figures, env_number, figures, machine, ms};
use domain::auth::{Principal, Via};
use domain::booking::{self, rules};
use entities::enums::{BookingSource, Role};
use entities::{desk, floor, person};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryOrder,
    TransactionTrait,
};
use wire::model::{BookingDays, BookingRequest, DayResult, Slot};

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const DATABASE: &str = "pw_bench_bookings";
const CLIENTS: usize = 64;
const DAYS_AHEAD: i64 = 14;
/// Days of history written per statement.
const BATCH_DAYS: i64 = 120;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|arg| arg == "--bench") {
        eprintln!("bookings bench: skipped (run it with `cargo bench -p server --bench bookings`)");
        return Ok(());
    }
    let target = env_number("BENCH_BOOKINGS", 5_000_000)?;
    let calls = env_number("BENCH_AVAILABILITY_CALLS", 2_000)?;
    let admin_url = std::env::var("PLATZWAHL_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());

    let db = fresh_database(&admin_url).await?;
    eprintln!("bookings bench: migrating and seeding the demo building …");
    Migrator::up(&db, None).await?;
    server::demo::seed(&db, "zigbee2mqtt").await?;

    let today = rules::today(domain::topology::DEFAULT_TZ, Utc::now());
    let started = Instant::now();
    let (first_day, seeded) = seed_history(&db, target, today).await?;
    let seed_time = started.elapsed();
    db.execute_unprepared("ANALYZE").await?;

    let people = principals(&db).await?;
    let levels: Vec<i32> = floor::Entity::find()
        .order_by_asc(floor::Column::Level)
        .all(&db)
        .await?
        .into_iter()
        .map(|f| f.level)
        .collect();
    let history_days = (today - first_day).num_days().max(1);
    let availability =
        measure_availability(&db, &people, &levels, first_day, history_days, calls).await?;
    let throughput = measure_throughput(&db, &people, today).await?;

    let machine = machine();
    let date = Utc::now().format("%Y-%m-%d");
    println!("## Desk bookings (`scripts/bench-bookings`)");
    println!();
    println!(
        "Measured {date} on {machine}, PostgreSQL on the same machine, release build. \
         {seeded} past bookings over {history_days} days (each with its half-day row), \
         written in {:.0} s; the demo building (368 desks on 4 floors, 360 people).",
        seed_time.as_secs_f64()
    );
    println!();
    println!("| measure | goal | p50 | p95 | p99 | rate |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    println!(
        "| availability of one floor for one day ({calls} calls, random floor and day) | p95 ≤ 15 ms | {} | {} | {} | {:.0} calls/s (1 client) |",
        ms(availability.p50),
        ms(availability.p95),
        ms(availability.p99),
        availability.rate
    );
    println!(
        "| booking, {CLIENTS} concurrent clients ({} full-day bookings, all succeed) | ≥ 2,000/s, p99 ≤ 50 ms | {} | {} | {} | {:.0} bookings/s |",
        throughput.count,
        ms(throughput.p50),
        ms(throughput.p95),
        ms(throughput.p99),
        throughput.rate
    );
    println!();
    println!(
        "Notes: each figure is the whole service call as the API makes it: the rarely changing \
         facts (desks, home zones, policies, blocks) from the cache the API shares (read again \
         every 2 s), the weekly count read when a policy limits it, and the booking, its half \
         rows and its audit row written in one statement. The clients share one pool of {} \
         connections (the server's default), opened and used once (one booking per client for today) before measuring, \
         as in a running server.",
        server::settings::DEFAULT_MAX_CONNECTIONS
    );

    db.close().await?;
    drop_database(&admin_url).await?;
    Ok(())
}

async fn fresh_database(admin_url: &str) -> anyhow::Result<DatabaseConnection> {
    drop_database(admin_url).await?;
    let admin = Database::connect(options(admin_url, 2)).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{DATABASE}\""))
        .await?;
    admin.close().await?;
    let url = database_url(admin_url);
    let mut options = options(&url, server::settings::DEFAULT_MAX_CONNECTIONS);
    options.acquire_timeout(Duration::from_secs(120));
    Ok(Database::connect(options).await?)
}

async fn drop_database(admin_url: &str) -> anyhow::Result<()> {
    let admin = Database::connect(options(admin_url, 2)).await?;
    admin
        .execute_unprepared(&format!(
            "DROP DATABASE IF EXISTS \"{DATABASE}\" WITH (FORCE)"
        ))
        .await?;
    admin.close().await?;
    Ok(())
}

fn options(url: &str, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options.max_connections(connections).sqlx_logging(false);
    options
}

/// The URL of the bench database on the server of `admin_url`.
fn database_url(admin_url: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(base, query)| (base, Some(query)));
    let scheme_end = base.find("://").map_or(0, |at| at + 3);
    let server = base[scheme_end..]
        .find('/')
        .map_or(base, |slash| &base[..scheme_end + slash]);
    match query {
        Some(query) => format!("{server}/{DATABASE}?{query}"),
        None => format!("{server}/{DATABASE}"),
    }
}

/// Writes about `target` past half-day bookings ending yesterday: every day, every one of the
/// first n desks (n = the smaller of desks and people) a morning and an afternoon, each by a
/// different person. The first day of the history and the number of bookings written.
async fn seed_history(
    db: &DatabaseConnection,
    target: usize,
    today: NaiveDate,
) -> anyhow::Result<(NaiveDate, u64)> {
    let desks = desk::Entity::find().all(db).await?.len();
    let people = person::Entity::find().all(db).await?.len();
    let n = desks.min(people);
    if n == 0 {
        bail!("the demo building has no desks or no people");
    }
    let per_day = 2 * n;
    let days = i64::try_from(target.div_ceil(per_day))?;
    let first = today - Days::days(days);
    let mut from = first;
    while from < today {
        let to = (from + Days::days(BATCH_DAYS - 1)).min(today - Days::days(1));
        eprintln!("bookings bench: history {from} … {to}");
        db.execute_unprepared(&format!(
            "WITH d AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS rank FROM desk),
                  p AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS rank FROM person),
                  ins AS (
                    INSERT INTO desk_booking (desk_id, person_id, day, slot, status, source, created_at)
                    SELECT d.id, p.id, g.day::date, s.slot, 'active', 'web', g.day
                    FROM generate_series(DATE '{from}', DATE '{to}', INTERVAL '1 day') AS g(day)
                    CROSS JOIN (VALUES ('morning', 0), ('afternoon', 7)) AS s(slot, shift)
                    JOIN d ON d.rank < {n}
                    JOIN p ON p.rank = (d.rank + (g.day::date - DATE '2000-01-01') + s.shift) % {n}
                    RETURNING id, desk_id, person_id, day, slot)
             INSERT INTO desk_booking_half (booking_id, desk_id, person_id, day, half)
             SELECT id, desk_id, person_id, day, CASE slot WHEN 'morning' THEN 0 ELSE 1 END FROM ins"
        ))
        .await?;
        from = to + Days::days(1);
    }
    let count = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM desk_booking",
        ))
        .await?
        .context("no count")?
        .try_get::<i64>("", "n")?;
    Ok((first, u64::try_from(count)?))
}

/// Every person as a signed-in employee.
async fn principals(db: &DatabaseConnection) -> anyhow::Result<Vec<Principal>> {
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
    if people.is_empty() {
        bail!("no people");
    }
    Ok(people)
}

async fn measure_availability(
    db: &DatabaseConnection,
    people: &[Principal],
    levels: &[i32],
    first_day: NaiveDate,
    history_days: i64,
    calls: usize,
) -> anyhow::Result<Figures> {
    eprintln!("bookings bench: availability × {calls} …");
    let mut rng = fastrand::Rng::with_seed(4);
    let mut times = Vec::with_capacity(calls);
    for call in 0..calls + 100 {
        let level = levels[rng.usize(..levels.len())];
        let day = first_day + Days::days(rng.i64(0..history_days));
        let who = &people[rng.usize(..people.len())];
        if call == 100 {
            times.clear();
        }
        let t = Instant::now();
        let floor = booking::availability(db, level, day, Slot::FullDay, Some(who)).await?;
        times.push(t.elapsed());
        if floor.desks.is_empty() {
            bail!("floor {level} has no desks");
        }
    }
    // One client, one call after the other: the rate is over the measured calls' own time.
    let measured: Duration = times.iter().sum();
    Ok(figures(times, measured))
}

async fn measure_throughput(
    db: &DatabaseConnection,
    people: &[Principal],
    today: NaiveDate,
) -> anyhow::Result<Figures> {
    db.execute_unprepared(
        "INSERT INTO home_zone (unit_id, zone_id, priority)
         SELECT u.id, z.id, 99 FROM unit u CROSS JOIN zone z
         ON CONFLICT DO NOTHING",
    )
    .await?;
    let desks: Vec<i32> = desk::Entity::find()
        .order_by_asc(desk::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|d| !d.blocked)
        .map(|d| d.id)
        .collect();
    let n = desks.len().min(people.len());
    // (person index, desk id, day): person r takes desk (r + d) mod n on day d.
    let mut work: Vec<Vec<(usize, i32, NaiveDate)>> = vec![Vec::new(); CLIENTS];
    for ahead in 1..=DAYS_AHEAD {
        let day = today + Days::days(ahead);
        for r in 0..n {
            let desk = desks[(r + usize::try_from(ahead)?) % n];
            work[r % CLIENTS].push((r, desk, day));
        }
    }
    let total: usize = work.iter().map(Vec::len).sum();
    eprintln!("bookings bench: {total} bookings by {CLIENTS} clients …");
    let people = Arc::new(people.to_vec());
    // A running server has its connections open: open them all before measuring, so the
    // figures are the steady state, not 64 connection set-ups at once.
    let warm: Vec<_> = (0..server::settings::DEFAULT_MAX_CONNECTIONS)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let txn = db.begin().await?;
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
    // (the measured bookings are for the days after).
    let warm_up: Vec<_> = work
        .iter()
        .filter_map(|jobs| jobs.first())
        .map(|&(r, _, _)| {
            let db = db.clone();
            let people = Arc::clone(&people);
            let cache = cache.clone();
            let request = BookingRequest {
                desk_id: desks[r % n],
                slot: Slot::FullDay,
                days: BookingDays::Days { days: vec![today] },
            };
            tokio::spawn(async move {
                let facts = cache.get(&db).await?;
                booking::book_with(
                    &db,
                    &facts,
                    &people[r],
                    &request,
                    BookingSource::Api,
                    Utc::now(),
                )
                .await?;
                Ok::<_, anyhow::Error>(())
            })
        })
        .collect();
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
                for (r, desk_id, day) in jobs {
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
                        &people[r],
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
