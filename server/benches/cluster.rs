//! The benchmark of several instances (issue #19): the release server binary started as one
//! and as three instances on one PostgreSQL database and the machine's Mosquitto, as an
//! operator runs them behind a load balancer. Run it with `scripts/bench-cluster` (which builds
//! the binary and writes the figures into BENCHMARKS.md); it prints a Markdown section on
//! standard output and its progress on standard error.
//!
//! - Bookings: 64 clients, each a different demo person signed in, ask "find me a desk" for
//!   each of the next `BENCH_CLUSTER_DAYS` days (default 10), spread over the instances in
//!   turn; bookings per second over the wall time and the latency of every answer.
//! - Live streams: with three instances, `BENCH_STREAMS` (default 1,000) `/api/v1/live`
//!   streams are opened, spread over the instances and the floors; then Zigbee2MQTT messages
//!   are published at `BENCH_RATE` per second (default 500) for `BENCH_LIVE_SECS` seconds
//!   (default 20), each one changing its desk's state (present, then offline, in turn). The
//!   delay is from the publish to the moment the change's line arrives on a stream, over
//!   HTTP, read on 10 streams per instance (the others are read and counted only). The
//!   instances' resident memory (`VmRSS`) is sampled every second; the highest is reported.
//!
//! Each configuration gets a fresh database (`pw_bench_cluster` on the server of
//! `PLATZWAHL_BENCH_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`) with the
//! demo building, seeded by the first instance. Under `cargo test --benches` (no `--bench`
//! argument) it does nothing.

mod common;
#[path = "common/pg.rs"]
mod pg;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{Days, Utc};
use common::{Figures, env_number, figures, machine, ms};
use rumqttc::{AsyncClient, MqttOptions, QoS};
use sea_orm::{ConnectionTrait, Database};
use tokio::sync::Mutex;

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const DATABASE: &str = "pw_bench_cluster";
const CLIENTS: usize = 64;
/// Streams per instance whose every line is timed.
const TIMED_PER_INSTANCE: usize = 10;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|arg| arg == "--bench") {
        eprintln!("cluster bench: skipped (run it with `scripts/bench-cluster`)");
        return Ok(());
    }
    let days = env_number("BENCH_CLUSTER_DAYS", 10)?;
    let streams = env_number("BENCH_STREAMS", 1_000)?;
    let rate = env_number("BENCH_RATE", 500)?;
    let live_secs = env_number("BENCH_LIVE_SECS", 20)?;
    let admin_url = std::env::var("PLATZWAHL_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned());
    let binary = binary()?;

    let mut booking = Vec::new();
    for instances in [1, 3] {
        let cluster = Cluster::start(&binary, &admin_url, instances).await?;
        eprintln!("cluster bench: bookings with {instances} instance(s) …");
        booking.push((instances, bookings(&cluster, days).await?));
        cluster.stop().await?;
    }
    let cluster = Cluster::start(&binary, &admin_url, 3).await?;
    eprintln!("cluster bench: {streams} live streams, {rate} messages/s for {live_secs} s …");
    let live = live(&cluster, streams, rate, live_secs).await?;
    cluster.stop().await?;

    let date = Utc::now().format("%Y-%m-%d");
    println!("## Several instances (`scripts/bench-cluster`)");
    println!();
    println!(
        "Measured {date} on {}, PostgreSQL and Mosquitto 2 on the same machine, the release \
         binary started as separate processes on loopback ports, the demo building, every \
         client in this one benchmark process too.",
        machine()
    );
    println!();
    println!("| measure | goal | p50 | p95 | p99 | rate |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    for (instances, f) in &booking {
        println!(
            "| \"find me a desk\", {CLIENTS} clients, {instances} instance(s) ({} answered, {} booked) | | {} | {} | {} | {:.0} bookings/s ({:.0} answers/s) |",
            f.answers.count,
            f.booked,
            ms(f.answers.p50),
            ms(f.answers.p95),
            ms(f.answers.p99),
            f.booked as f64 / f.wall.as_secs_f64().max(f64::EPSILON),
            f.answers.rate
        );
    }
    println!(
        "| publish → line on a live stream over HTTP, {rate} messages/s, {} streams on 3 instances ({} delays timed on {} streams, {} not seen) | p99 ≤ 100 ms | {} | {} | {} | {:.0} lines/s to all streams |",
        live.streams,
        live.delays.count,
        live.timed,
        live.unseen,
        ms(live.delays.p50),
        ms(live.delays.p95),
        ms(live.delays.p99),
        live.lines_per_sec
    );
    println!();
    println!(
        "| instance | highest resident memory during the live run | goal |\n| --- | ---: | --- |"
    );
    for (i, rss) in live.rss_kib.iter().enumerate() {
        println!("| {} | {:.0} MB | ≤ 150 MB |", i + 1, *rss as f64 / 1024.0);
    }
    println!();
    println!(
        "Notes: \"find me a desk\" asks the allocator for the best free desk and books it; one \
         instance chooses for one request at a time (the allocator's lock), so more instances \
         choose side by side, and a desk taken by another instance meanwhile is chosen again. \
         Each sensor message goes through Mosquitto to the one instance that leads the \
         ingestion, which stores it and sends the change to every instance over PostgreSQL \
         (`LISTEN`/`NOTIFY`); each instance writes it to its open streams of that floor. The \
         delay includes all of that and the HTTP hop, measured by this process, which also \
         reads every stream."
    );
    Ok(())
}

/// The release binary `scripts/bench-cluster` built.
fn binary() -> anyhow::Result<PathBuf> {
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    let binary = target.join("release/platzwahl");
    if !binary.exists() {
        bail!(
            "{} is missing: run `cargo build --release -p server --bin platzwahl` (scripts/bench-cluster does)",
            binary.display()
        );
    }
    Ok(binary)
}

/// Running instances on a fresh database.
struct Cluster {
    urls: Vec<String>,
    children: Vec<Child>,
    base: String,
    admin_url: String,
    dir: tempfile::TempDir,
}

/// Instances still running when the benchmark fails are killed, not left behind.
impl Drop for Cluster {
    fn drop(&mut self) {
        for child in &mut self.children {
            if matches!(child.try_wait(), Ok(None)) {
                let _killed = child.kill();
                let _reaped = child.wait();
            }
        }
    }
}

impl Cluster {
    async fn start(binary: &Path, admin_url: &str, instances: usize) -> anyhow::Result<Cluster> {
        pg::create_database(admin_url, DATABASE).await?;
        let database = pg::database_url(admin_url, DATABASE);
        let base = format!("pw-bench-{}", std::process::id());
        let dir = tempfile::tempdir()?;
        let config = dir.path().join("platzwahl.toml");
        std::fs::write(
            &config,
            format!(
                "[sensors]\nclient_id = \"{base}\"\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"{base}\"]\n"
            ),
        )?;
        let mut cluster = Cluster {
            urls: Vec::new(),
            children: Vec::new(),
            base,
            admin_url: admin_url.to_owned(),
            dir,
        };
        // The first seeds the demo building; the others start on the seeded database.
        for i in 0..instances {
            let data = cluster.dir.path().join(format!("data{i}"));
            std::fs::create_dir_all(&data)?;
            let mut child = Command::new(binary)
                .arg("serve")
                .env("PLATZWAHL_DEMO", "true")
                .env("PLATZWAHL_LISTEN", "127.0.0.1:0")
                .env("PLATZWAHL_DATA_DIR", &data)
                .env("PLATZWAHL_DATABASE_URL", &database)
                .env("PLATZWAHL_MQTT_URL", "mqtt://127.0.0.1:1883")
                .env("PLATZWAHL_CONFIG", &config)
                .env("PLATZWAHL_AUTH__SIGN_IN_ATTEMPTS_PER_MINUTE", "1000000")
                .env("PLATZWAHL_LOG", "warn,server=info")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .with_context(|| format!("starting {}", binary.display()))?;
            let stderr = child.stderr.take().context("the server's stderr")?;
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("listening on http://") {
                        let url = line[at + "listening on ".len()..]
                            .split(['"', ' '])
                            .next()
                            .unwrap_or_default()
                            .trim_end_matches('/')
                            .to_owned();
                        let _sent = tx.send(url);
                    }
                }
            });
            cluster.children.push(child);
            let url =
                tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(180)))
                    .await?
                    .context("an instance did not start within 3 minutes")?;
            cluster.urls.push(url);
        }
        Ok(cluster)
    }

    /// SIGTERM to every instance, then the database goes.
    async fn stop(mut self) -> anyhow::Result<()> {
        for child in &self.children {
            let _status = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        for child in &mut self.children {
            let pid = child.id();
            let waited = tokio::task::block_in_place(|| child.wait());
            if waited.is_err() {
                eprintln!("cluster bench: instance {pid} did not stop cleanly");
            }
        }
        pg::drop_database(&self.admin_url, DATABASE).await
    }
}

/// A client of `url` signed in with `cookie`, sending the site's `Origin` as its pages do.
fn client(url: &str, cookie: &str) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse()?);
    headers.insert(reqwest::header::ORIGIN, url.parse()?);
    Ok(reqwest::Client::builder()
        .default_headers(headers)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// Signs in as the demo person `id` on `url`; the session cookie (`name=value`).
async fn sign_in(url: &str, id: i64) -> anyhow::Result<String> {
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/auth/demo-sign-in"))
        .json(&serde_json::json!({ "person": id }))
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("demo sign-in: {}", response.status());
    }
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .context("a session cookie")?;
    Ok(cookie.to_owned())
}

/// People of the demo building in units (they have home zones), by id, read from the
/// database (the demo's sign-in page lists only a few of them).
async fn employees(admin_url: &str) -> anyhow::Result<Vec<i64>> {
    let db = Database::connect(pg::options(&pg::database_url(admin_url, DATABASE), 2)).await?;
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT id::bigint AS id FROM person WHERE unit_id IS NOT NULL AND active ORDER BY id",
        ))
        .await?;
    db.close().await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<i64>("", "id")?))
        .collect()
}

struct Booking {
    answers: Figures,
    booked: usize,
    wall: Duration,
}

/// `CLIENTS` people, each asking for a desk on each of the next `days` days.
async fn bookings(cluster: &Cluster, days: usize) -> anyhow::Result<Booking> {
    let people = employees(&cluster.admin_url).await?;
    if people.len() < CLIENTS {
        bail!("the demo has {} employees in units", people.len());
    }
    let mut clients = Vec::new();
    for (i, id) in people.iter().take(CLIENTS).enumerate() {
        let url = cluster.urls[i % cluster.urls.len()].clone();
        let cookie = sign_in(&url, *id).await?;
        clients.push((client(&url, &cookie)?, url));
    }
    let today = Utc::now().date_naive();
    let started = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|(client, url)| {
            tokio::spawn(async move {
                let mut answers = Vec::new();
                let mut booked = 0;
                for ahead in 1..=days {
                    let day = today + Days::new(u64::try_from(ahead).unwrap_or(1));
                    let asked = Instant::now();
                    let response = client
                        .post(format!("{url}/api/v1/bookings/find"))
                        .json(&serde_json::json!({ "day": day, "slot": "full_day" }))
                        .send()
                        .await;
                    let Ok(response) = response else { continue };
                    let status = response.status();
                    let _body = response.bytes().await;
                    answers.push(asked.elapsed());
                    if status.is_success() {
                        booked += 1;
                    }
                }
                (answers, booked)
            })
        })
        .collect();
    let mut answers = Vec::new();
    let mut booked = 0;
    for task in tasks {
        let (times, made) = task.await?;
        answers.extend(times);
        booked += made;
    }
    let wall = started.elapsed();
    Ok(Booking {
        answers: figures(answers, wall),
        booked,
        wall,
    })
}

struct LiveRun {
    streams: usize,
    timed: usize,
    delays: Figures,
    unseen: usize,
    lines_per_sec: f64,
    rss_kib: Vec<u64>,
}

/// Desks with a sensor by floor, per `GET /api/v1/occupancy`.
async fn sensor_desks(client: &reqwest::Client, url: &str) -> anyhow::Result<Vec<(i32, String)>> {
    let mut desks = Vec::new();
    for floor in -1..=8 {
        let response = client
            .get(format!("{url}/api/v1/occupancy?floor={floor}"))
            .send()
            .await?;
        if !response.status().is_success() {
            continue;
        }
        let body: serde_json::Value = response.json().await?;
        for place in body["occupancy"].as_array().into_iter().flatten() {
            if let Some(desk) = place["desk"].as_str() {
                desks.push((floor, desk.to_owned()));
            }
        }
    }
    Ok(desks)
}

/// A line of a live stream as it arrived: which desk, which state, when.
type Arrival = (String, String, Instant);

async fn live(
    cluster: &Cluster,
    streams: usize,
    rate: usize,
    secs: usize,
) -> anyhow::Result<LiveRun> {
    let people = employees(&cluster.admin_url).await?;
    let viewer = *people.first().context("a demo person")?;
    let mut clients = Vec::new();
    for url in &cluster.urls {
        clients.push((client(url, &sign_in(url, viewer).await?)?, url.clone()));
    }
    let desks = sensor_desks(&clients[0].0, &cluster.urls[0]).await?;
    let mut floors: Vec<i32> = desks.iter().map(|(f, _)| *f).collect();
    floors.sort_unstable();
    floors.dedup();
    if floors.is_empty() {
        bail!("the demo building has no desk sensors");
    }

    // Every sensor offline first, so that each message afterwards changes its desk.
    let publisher = Publisher::connect(&cluster.base).await?;
    for (_, desk) in &desks {
        publisher.offline(desk).await?;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    let lines = Arc::new(AtomicU64::new(0));
    let mut timed: Vec<(i32, Arc<Mutex<Vec<Arrival>>>)> = Vec::new();
    let mut readers = Vec::new();
    for i in 0..streams {
        let (client, url) = &clients[i % clients.len()];
        let floor = floors[(i / clients.len()) % floors.len()];
        let response = client
            .get(format!("{url}/api/v1/live?floor={floor}"))
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("stream {i}: {}", response.status());
        }
        let record = (i / clients.len() < TIMED_PER_INSTANCE).then(|| {
            let arrivals = Arc::new(Mutex::new(Vec::new()));
            timed.push((floor, Arc::clone(&arrivals)));
            arrivals
        });
        readers.push(tokio::spawn(read_stream(
            response,
            Arc::clone(&lines),
            record,
        )));
    }
    // Streams opened; what the offline messages caused is past.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for (_, arrivals) in &timed {
        arrivals.lock().await.clear();
    }
    lines.store(0, Ordering::Relaxed);

    let pids: Vec<u32> = cluster.children.iter().map(Child::id).collect();
    let mut rss_kib = vec![0_u64; pids.len()];
    let total = rate * secs;
    let period = Duration::from_secs(1) / u32::try_from(rate.max(1))?;
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut sent: HashMap<String, VecDeque<(String, Instant)>> = HashMap::new();
    let mut present: HashMap<String, bool> = HashMap::new();
    let started = Instant::now();
    let mut sampled = Instant::now();
    for i in 0..total {
        tick.tick().await;
        let (_, desk) = &desks[i % desks.len()];
        let occupy = !present.get(desk).copied().unwrap_or(false);
        let state = if occupy { "occupied" } else { "unknown" };
        sent.entry(desk.clone())
            .or_default()
            .push_back((state.to_owned(), Instant::now()));
        if occupy {
            publisher.present(desk).await?;
        } else {
            publisher.offline(desk).await?;
        }
        present.insert(desk.clone(), occupy);
        if sampled.elapsed() >= Duration::from_secs(1) {
            sampled = Instant::now();
            for (rss, pid) in rss_kib.iter_mut().zip(&pids) {
                *rss = (*rss).max(resident_kib(*pid));
            }
        }
    }
    let published = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let lines_per_sec =
        lines.load(Ordering::Relaxed) as f64 / (published + Duration::from_secs(3)).as_secs_f64();
    for reader in &readers {
        reader.abort();
    }

    // Each timed stream: the n-th line about a desk answers the n-th message about it (on
    // the stream's floor).
    let floor_of: HashMap<&str, i32> = desks.iter().map(|(f, d)| (d.as_str(), *f)).collect();
    let mut delays = Vec::new();
    let mut unseen = 0;
    for (floor, arrivals) in &timed {
        let arrivals = arrivals.lock().await;
        let mut by_desk: HashMap<&str, VecDeque<&Arrival>> = HashMap::new();
        for arrival in arrivals.iter() {
            by_desk
                .entry(arrival.0.as_str())
                .or_default()
                .push_back(arrival);
        }
        for (desk, messages) in &sent {
            if floor_of.get(desk.as_str()) != Some(floor) {
                continue;
            }
            let mut seen = by_desk.remove(desk.as_str()).unwrap_or_default();
            for (state, at) in messages {
                match seen.pop_front() {
                    Some((_, got, arrived)) if got == state => {
                        delays.push(arrived.saturating_duration_since(*at));
                    }
                    _ => unseen += 1,
                }
            }
        }
    }
    Ok(LiveRun {
        streams,
        timed: timed.len(),
        delays: figures(delays, published),
        unseen,
        lines_per_sec,
        rss_kib,
    })
}

/// Reads a live stream until it ends; counts its lines, and keeps each change's desk, state
/// and arrival when `record` is given.
async fn read_stream(
    mut response: reqwest::Response,
    lines: Arc<AtomicU64>,
    record: Option<Arc<Mutex<Vec<Arrival>>>>,
) {
    let mut pending = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let arrived = Instant::now();
        pending.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = pending.find('\n') {
            let line: String = pending.drain(..=end).collect();
            let Some(data) = line.strip_prefix("data: ") else {
                continue;
            };
            lines.fetch_add(1, Ordering::Relaxed);
            if let Some(record) = &record
                && let Ok(update) = serde_json::from_str::<serde_json::Value>(data.trim())
                && let (Some(desk), Some(state)) =
                    (update["desk"].as_str(), update["state"].as_str())
            {
                record
                    .lock()
                    .await
                    .push((desk.to_owned(), state.to_owned(), arrived));
            }
        }
    }
}

/// A process's resident memory in KiB (`VmRSS`), 0 if unknown.
fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// Zigbee2MQTT messages for the instances' base topic, through the machine's Mosquitto.
struct Publisher {
    client: AsyncClient,
    base: String,
}

impl Publisher {
    async fn connect(base: &str) -> anyhow::Result<Publisher> {
        let mut options = MqttOptions::new(format!("{base}-publisher"), "127.0.0.1", 1883);
        options.set_keep_alive(Duration::from_secs(30));
        let (client, mut eventloop) = AsyncClient::new(options, 10_000);
        tokio::spawn(async move { while eventloop.poll().await.is_ok() {} });
        Ok(Publisher {
            client,
            base: base.to_owned(),
        })
    }

    async fn present(&self, desk: &str) -> anyhow::Result<()> {
        self.client
            .publish(
                format!("{}/desks/{desk}", self.base),
                QoS::AtMostOnce,
                false,
                r#"{"presence": true, "linkquality": 120}"#,
            )
            .await?;
        Ok(())
    }

    async fn offline(&self, desk: &str) -> anyhow::Result<()> {
        self.client
            .publish(
                format!("{}/desks/{desk}/availability", self.base),
                QoS::AtMostOnce,
                false,
                r#"{"state":"offline"}"#,
            )
            .await?;
        Ok(())
    }
}
