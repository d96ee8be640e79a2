//! The sensor ingestion benchmark of issue #6, through the real Mosquitto on 127.0.0.1:1883:
//! the server's own ingestion (rumqttc, decoders) and pipeline (presence, `sensor_state`, raw
//! events, the live changes as a browser's stream receives them), on a SQLite file with the demo
//! building, in this process. Run it with `scripts/bench-ingest` (which writes the figures into
//! BENCHMARKS.md); it prints a Markdown section on standard output and its progress on standard
//! error.
//!
//! - Sustained ingest: `BENCH_MESSAGES` (default 200,000) Zigbee2MQTT presence messages for
//!   the demo desks' sensors, published as fast as they are taken (at most [`WINDOW`] ahead
//!   of what the ingestion has received, and while the pipeline's backlog is under half its
//!   channel, so neither the broker nor the ingestion has to drop any); the time from the first
//!   publish until every raw event is stored gives messages per second.
//! - Latency: 500 messages per second for `BENCH_LATENCY_SECS` (default 10) seconds, each
//!   one changing its desk's state (occupied, then the device offline, by turns); the time
//!   from publishing to the live broadcast of the change, p50 and p99.
//!
//! Under `cargo test --benches` (no `--bench` argument) it does nothing.

mod common;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use common::{env_number, figures, machine, ms};
use entities::{desk, sensor, sensor_event};
use migration::{Migrator, MigratorTrait};
use rumqttc::{AsyncClient, MqttOptions, QoS};
use sea_orm::{
    ColumnTrait, ConnectOptions, Database, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use sensors::{DecoderConfig, Ingestor, MqttSettings, PresencePolicy};
use server::live::{Pipeline, Registry};
use tokio::sync::{Notify, broadcast, mpsc, watch};
use wire::model::{Live, LiveUpdate};

/// How far publishing may run ahead of what the ingestion has received.
const WINDOW: u64 = 1_000;
/// The capacity of the channel from the ingestion to the pipeline (as in `server::run`).
const CHANNEL: usize = 4096;
/// Messages per second in the latency run.
const LATENCY_RATE: u64 = 500;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|arg| arg == "--bench") {
        eprintln!("ingest bench: skipped (run it with `cargo bench -p server --bench ingest`)");
        return Ok(());
    }
    let total = u64::try_from(env_number("BENCH_MESSAGES", 200_000)?)?;
    let latency_secs = u64::try_from(env_number("BENCH_LATENCY_SECS", 10)?)?;
    if std::net::TcpStream::connect(("127.0.0.1", 1883)).is_err() {
        bail!("Mosquitto is not listening on 127.0.0.1:1883");
    }
    let run = format!("pw-bench-{}", std::process::id());
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.path().display());
    let db = Database::connect(ConnectOptions::new(url).sqlx_logging(false).to_owned()).await?;
    Migrator::up(&db, None).await?;
    eprintln!("ingest bench: seeding the demo building …");
    server::demo::seed(&db, &run).await?;
    let labels = sensor_labels(&db).await?;
    if labels.is_empty() {
        bail!("the demo building has no desk sensors");
    }

    // The server's ingestion and pipeline, as `server::run` wires them.
    let settings = MqttSettings {
        client_id: format!("{run}-ingest"),
        ..MqttSettings::default()
    };
    let decoder = DecoderConfig {
        zigbee2mqtt_base_topics: vec![run.clone()],
        ..DecoderConfig::default()
    };
    // As the server runs it: QoS 1 acknowledged once stored.
    let receipts = sensors::Receipts::default();
    let ingestor = Ingestor::new(&settings, decoder)?.acknowledge_when_stored(&receipts);
    let stats = ingestor.stats();
    let (ingested_tx, ingested_rx) = mpsc::channel(CHANNEL);
    // The pipeline's backlog, to publish no faster than it takes messages.
    let backlog = ingested_tx.clone();
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(ingestor.run(ingested_tx, {
        let mut stop_rx = stop_rx.clone();
        async move {
            let _stopped = stop_rx.wait_for(|stop| *stop).await;
        }
    }));
    // What a browser's stream of all floors receives.
    let live = server::fanout::Fanout::default();
    let mut changes = live.subscribe(None);
    tokio::spawn(live.clone().run(db.clone(), stop_rx));
    let (badges, _badges_rx) = mpsc::channel(16);
    let registry_changed = Arc::new(Notify::new());
    let topology = domain::topology::TopologyCache::default();
    let bus = server::cluster::Bus::new(
        &db,
        server::cluster::Receivers {
            live,
            vacated: Arc::new(Notify::new()),
            registry_changed: Arc::clone(&registry_changed),
            topology: topology.clone(),
        },
    );
    let pipeline = Pipeline {
        db: db.clone(),
        registry: Registry::load(&db, &topology).await?,
        policy: PresencePolicy::default(),
        retention: Duration::from_secs(24 * 3600),
        bus,
        badges,
        registry_changed,
        topology,
    };
    tokio::spawn(pipeline.run(ingested_rx, receipts));
    let publisher = publisher(&run).await?;
    // Wait until the ingestion is subscribed: a probe message comes through.
    let probe = format!("{run}/desks/{}", labels[0]);
    let started = Instant::now();
    while stats.snapshot().messages == 0 {
        publisher
            .publish(&probe, QoS::AtMostOnce, false, presence(true))
            .await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        if started.elapsed() > Duration::from_secs(20) {
            bail!("the ingestion receives nothing");
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let events_before = sensor_event::Entity::find().count(&db).await?;
    let received_before = stats.snapshot().messages;

    // Sustained ingest.
    eprintln!("ingest bench: {total} messages …");
    let started = Instant::now();
    for i in 0..total {
        let mut waited = Instant::now();
        while i.saturating_sub(stats.snapshot().messages - received_before) >= WINDOW
            || CHANNEL - backlog.capacity() >= CHANNEL / 2
        {
            tokio::time::sleep(Duration::from_micros(200)).await;
            if waited.elapsed() > Duration::from_secs(5) {
                eprintln!("ingest bench: waiting at {i}: {:?}", stats.snapshot());
                waited = Instant::now();
            }
        }
        let label = &labels[usize::try_from(i)? % labels.len()];
        publisher
            .publish(
                format!("{run}/desks/{label}"),
                QoS::AtMostOnce,
                false,
                presence(i % 7 != 0),
            )
            .await?;
    }
    let published = started.elapsed();
    let expected = events_before + total;
    loop {
        let stored = sensor_event::Entity::find().count(&db).await?;
        if stored >= expected {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            bail!(
                "only {} of {total} events stored ({:?})",
                stored - events_before,
                stats.snapshot()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let ingest = started.elapsed();
    let counts = stats.snapshot();
    let rate = total as f64 / ingest.as_secs_f64();
    eprintln!("ingest bench: {rate:.0} messages/s ({counts:?})");

    // Latency: every message changes its desk's state.
    let messages = LATENCY_RATE * latency_secs;
    eprintln!("ingest bench: latency, {messages} messages at {LATENCY_RATE}/s …");
    // Every desk offline first, so the next presence message changes its state.
    for label in &labels {
        publisher
            .publish(
                format!("{run}/desks/{label}/availability"),
                QoS::AtMostOnce,
                false,
                r#"{"state":"offline"}"#,
            )
            .await?;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    while changes.try_recv().is_ok() {}
    let mut sent: HashMap<String, VecDeque<Instant>> = HashMap::new();
    let mut latencies = Vec::with_capacity(usize::try_from(messages)?);
    let mut occupied_next: HashMap<String, bool> = HashMap::new();
    let period = Duration::from_secs(1) / u32::try_from(LATENCY_RATE)?;
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let run_started = Instant::now();
    let mut i = 0u64;
    let deadline = Duration::from_secs(latency_secs + 10);
    while (i < messages || sent.values().any(|q| !q.is_empty())) && run_started.elapsed() < deadline
    {
        tokio::select! {
            _ = tick.tick(), if i < messages => {
                let label = &labels[usize::try_from(i)? % labels.len()];
                let occupy = *occupied_next.entry(label.clone()).or_insert(true);
                let (topic, payload) = if occupy {
                    (format!("{run}/desks/{label}"), presence(true))
                } else {
                    (
                        format!("{run}/desks/{label}/availability"),
                        r#"{"state":"offline"}"#.to_owned(),
                    )
                };
                sent.entry(label.clone()).or_default().push_back(Instant::now());
                publisher.publish(topic, QoS::AtMostOnce, false, payload).await?;
                occupied_next.insert(label.clone(), !occupy);
                i += 1;
            }
            update = changes.recv() => {
                let update: LiveUpdate = match update {
                    Ok(update) => serde_json::from_str(&update.json)?,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => break,
                };
                let (Some(desk), true) = (update.desk, matches!(update.state, Live::Occupied | Live::Unknown)) else {
                    continue;
                };
                if let Some(at) = sent.get_mut(&desk).and_then(VecDeque::pop_front) {
                    latencies.push(at.elapsed());
                }
            }
        }
    }
    let lost = messages - u64::try_from(latencies.len())?;
    let latency = figures(latencies, run_started.elapsed());
    let _stopped = stop_tx.send(true);

    let date = chrono::Utc::now().format("%Y-%m-%d");
    println!("## Sensor ingestion (`scripts/bench-ingest`)");
    println!();
    println!(
        "Measured {date} on {}, Mosquitto 2 on the same machine, release build; the server's \
         ingestion and pipeline in one process on a SQLite file with the demo building ({} desk \
         sensors), Zigbee2MQTT messages, QoS 0.",
        machine(),
        labels.len()
    );
    println!();
    println!("| measure | goal | result |");
    println!("| --- | --- | ---: |");
    println!(
        "| sustained ingest, decode → state → stored event ({total} messages in {:.1} s; \
         published in {:.1} s; {} dropped) | ≥ 20,000/s | {rate:.0} messages/s |",
        ingest.as_secs_f64(),
        published.as_secs_f64(),
        counts.dropped
    );
    println!(
        "| publish → live broadcast of the change at {LATENCY_RATE} messages/s \
         ({} changes seen, {:.0}/s; {lost} not seen) | p99 ≤ 200 ms | p50 {}, p95 {}, p99 {} |",
        latency.count,
        latency.rate,
        ms(latency.p50),
        ms(latency.p95),
        ms(latency.p99)
    );
    println!();
    println!(
        "Notes: every message is one MQTT publish through the broker to the ingestion's \
         subscription; the raw events are written in batches (whenever no message waits, at most \
         2,000 events, one transaction; QoS 1 messages are acknowledged after their batch is \
         written); so are the state changes they cause (whenever no message waits, at most 200, \
         one transaction), which are then sent on. The live change is taken as a browser's \
         `/api/v1/live` stream of all floors receives it, ready to send; the HTTP hop to the \
         browser is not included (`scripts/bench-cluster` includes it)."
    );
    Ok(())
}

/// The labels of the desks with a sensor, in id order.
async fn sensor_labels(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let desks: HashMap<i32, String> = desk::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.label))
        .collect();
    let mut labels: Vec<(i32, String)> = sensor::Entity::find()
        .filter(sensor::Column::DeskId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.id, desks.get(&s.desk_id?)?.clone())))
        .collect();
    labels.sort();
    Ok(labels.into_iter().map(|(_, label)| label).collect())
}

/// A Zigbee2MQTT presence payload.
fn presence(present: bool) -> String {
    format!(r#"{{"presence":{present},"linkquality":120,"battery":90}}"#)
}

/// An MQTT client that publishes to Mosquitto, its event loop polled in a task.
async fn publisher(run: &str) -> anyhow::Result<AsyncClient> {
    let mut options = MqttOptions::new(format!("{run}-publisher"), "127.0.0.1", 1883);
    options.set_keep_alive(Duration::from_secs(30));
    let (client, mut events) = AsyncClient::new(options, 10_000);
    tokio::spawn(async move {
        loop {
            if let Err(err) = events.poll().await {
                eprintln!("ingest bench: publisher: {err}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });
    client
        .publish(format!("{run}/hello"), QoS::AtMostOnce, false, "hi")
        .await
        .context("the publisher")?;
    Ok(client)
}
