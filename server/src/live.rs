//! The sensor pipeline: MQTT messages → registered sensors → debounced presence → the
//! `sensor_state` table and a broadcast of live changes (for the `/api/v1/live` stream).
//!
//! One task ([`Pipeline::run`]) owns the [`Presence`] registry. It receives what the
//! [`sensors::Ingestor`] task sends, keeps raw events of registered sensors in `sensor_event`
//! (gathered for a moment and written together; deleted after the retention), writes each
//! change of state, ticks the presence clock every second (quiet times, silent sensors) and
//! marks every sensor unknown while the broker is unreachable. Logs name sensors by database
//! id only.
//!
//! This module is the wiring: the lead among instances ([`Ingestion`]), the hand-off from the
//! MQTT event loop, the batching and its retries, and the live changes on the [`Bus`]. What is
//! read from and written to the database — the registered sensors and their places, their
//! states, the journal of raw events — is [`domain::sensor_state`].

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use domain::sensor_state::{self, Place, RawEvent, StateRow};
use domain::topology::TopologyCache;
use entities::enums::Presence as StoredPresence;
use sea_orm::{DatabaseConnection, DbErr};
use sensors::{
    ConnectionState, DeviceKey, Ingested, Occupancy, Presence, PresencePolicy, PresenceState,
    SensorEvent, StateChange,
};
use tokio::sync::{mpsc, watch};
use wire::model::{Live, LiveUpdate};

use crate::cluster::{Bus, Cluster, Lock};

/// How often an instance that does not lead the ingestion asks whether it may, and the
/// leader checks that its lock still holds.
pub const LEAD_CHECK: Duration = Duration::from_secs(2);

/// The sensor ingestion of one instance: it subscribes to the sensors only while it holds
/// [`Lock::Ingestion`], so that each message is processed by one instance, with the
/// configured MQTT client id (the broker keeps that one session, and queues QoS 1 messages
/// for it while the lead passes from one instance to another), and a sensor's state is
/// written by an instance that saw every message since it took the lead. When the leader
/// stops or loses the database, another instance takes over within [`LEAD_CHECK`].
#[derive(Debug, Clone)]
pub struct Ingestion {
    /// Who holds the lead.
    pub cluster: Cluster,
    /// How to reach the broker.
    pub mqtt: sensors::MqttSettings,
    /// How to read the sensors' messages.
    pub decoder: sensors::DecoderConfig,
    /// Topics passed on undecoded (badge readers).
    pub pass_through: Vec<sensors::TopicPattern>,
    /// What is done with what arrives.
    pub pipeline: Pipeline,
}

impl Ingestion {
    /// Checks the MQTT settings (a bad one stops the start).
    pub fn check(&self) -> Result<(), sensors::MqttSetupError> {
        self.ingestor().map(|_| ())
    }

    fn ingestor(&self) -> Result<sensors::Ingestor, sensors::MqttSetupError> {
        Ok(sensors::Ingestor::new(&self.mqtt, self.decoder.clone())?
            .pass_through(self.pass_through.clone()))
    }

    /// Leads the ingestion whenever this instance may, until `stopping` turns `true`.
    pub async fn run(self, mut stopping: watch::Receiver<bool>) {
        loop {
            let mut held = loop {
                match self.cluster.try_lock(Lock::Ingestion).await {
                    Ok(Some(held)) => break held,
                    Ok(None) => {}
                    Err(err) => tracing::warn!(error = %err, "cannot ask for the ingestion's lead"),
                }
                tokio::select! {
                    () = tokio::time::sleep(LEAD_CHECK) => {}
                    _ = stopping.wait_for(|stop| *stop) => return,
                }
            };
            if *stopping.borrow() {
                held.release().await;
                return;
            }
            tracing::info!("this instance leads the sensor ingestion");
            let ingestor = match self.ingestor() {
                Ok(ingestor) => ingestor,
                Err(err) => {
                    tracing::error!(error = %err, "cannot set up the sensor ingestion");
                    held.release().await;
                    return;
                }
            };
            let mut pipeline = self.pipeline.clone();
            match Registry::load(&pipeline.db, &pipeline.topology).await {
                Ok(registry) => pipeline.registry = registry,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot read the sensor registry; using the last one read")
                }
            }
            let (lost_tx, mut lost) = watch::channel(false);
            let (ingested_tx, ingested_rx) = mpsc::channel(4096);
            // QoS 1 messages are acknowledged once stored: what this instance received but
            // had not written when it stopped or lost the lead goes to the next leader.
            let receipts = sensors::Receipts::default();
            let ingestor = ingestor.acknowledge_when_stored(&receipts);
            let mut ingest_stop = stopping.clone();
            let ingest = ingestor.run(ingested_tx, async move {
                tokio::select! {
                    _ = ingest_stop.wait_for(|stop| *stop) => {}
                    _ = lost.wait_for(|lost| *lost) => {}
                }
            });
            let term = async { tokio::join!(ingest, pipeline.run(ingested_rx, receipts)) };
            tokio::pin!(term);
            let mut check = tokio::time::interval(LEAD_CHECK);
            check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = &mut term => break,
                    _ = check.tick() => {
                        if !held.alive().await {
                            tracing::warn!("lost the ingestion's lead (the database is gone); stopping the ingestion");
                            let _sent = lost_tx.send(true);
                        }
                    }
                }
            }
            held.release().await;
            if *stopping.borrow() {
                return;
            }
        }
    }
}

/// The sensor registry: device key → where the sensor is.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    places: HashMap<DeviceKey, Place>,
}

impl Registry {
    /// Reads every sensor that watches a desk or room, placed by `topology`.
    pub async fn load(
        db: &DatabaseConnection,
        topology: &TopologyCache,
    ) -> Result<Registry, DbErr> {
        let topology = topology.get(db).await?;
        let places = sensor_state::places(db, &topology)
            .await?
            .into_iter()
            .map(|(key, place)| (DeviceKey::new(key), place))
            .collect();
        Ok(Registry { places })
    }

    /// Where the sensor with this key is, if registered.
    pub fn place(&self, device: &DeviceKey) -> Option<&Place> {
        self.places.get(device)
    }

    /// How many sensors are registered.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether no sensor is registered.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// What the pipeline needs besides its input.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// The database.
    pub db: DatabaseConnection,
    /// The registered sensors.
    pub registry: Registry,
    /// Quiet and offline times.
    pub policy: PresencePolicy,
    /// How long raw events are kept.
    pub retention: Duration,
    /// Where live changes and vacated desks go: to every instance.
    pub bus: Bus,
    /// Where badge readers' messages go.
    pub badges: mpsc::Sender<crate::checkin::BadgeMessage>,
    /// Told when the sensor registry changed (the API, on any instance); it is also read
    /// again every [`REGISTRY_RELOAD`], for changes made on the command line.
    pub registry_changed: std::sync::Arc<tokio::sync::Notify>,
    /// Where the sensors' desks and rooms are.
    pub topology: TopologyCache,
}

/// How often raw events that could not be written yet are tried again (they are written as
/// soon as no message waits in the channel).
pub const JOURNAL_EVERY: Duration = Duration::from_millis(200);

/// How many raw events are gathered at most before they are written.
const JOURNAL_MAX: usize = 2_000;

/// How many state changes are gathered at most before they are stored and sent.
const CHANGES_MAX: usize = 200;

/// How many raw events are kept for another try while the database cannot be written.
const JOURNAL_KEEP: usize = 100_000;

/// Raw events of registered sensors and when each was last heard, and the state changes
/// they caused, gathered for a moment and written together: one transaction instead of
/// statements per message.
#[derive(Debug, Default)]
struct Journal {
    events: Vec<RawEvent>,
    seen: HashMap<i32, DateTime<Utc>>,
    /// The latest state of each sensor that changed, to store.
    states: HashMap<i32, StateRow>,
    /// The changes to send to every instance, in order.
    updates: Vec<LiveUpdate>,
    /// Whether a desk's sensor turned empty among them.
    vacated: bool,
    /// Messages received ([`Ingested::is_message`]); all of them are stored once the
    /// journal is empty.
    received: u64,
}

impl Journal {
    fn record(&mut self, sensor_id: i32, event: &SensorEvent, received_at: DateTime<Utc>) {
        let occupied = match event {
            SensorEvent::Reading(reading) => match reading.occupancy {
                Some(Occupancy::Occupied) => Some(true),
                Some(Occupancy::Vacant) => Some(false),
                Some(Occupancy::Pending | Occupancy::Unknown) | None => None,
            },
            SensorEvent::Availability(_) | SensorEvent::Bridge(_) => None,
        };
        self.events.push(RawEvent {
            sensor_id,
            occupied,
            received_at,
        });
        self.seen.insert(sensor_id, received_at);
    }

    /// Reports every message received as stored, unless something waits to be written.
    fn receipt(&self, receipts: &sensors::Receipts) {
        if self.events.is_empty() && self.seen.is_empty() {
            receipts.stored_through(self.received);
        }
    }
}

/// How often the sensor registry is read again without being told.
pub const REGISTRY_RELOAD: Duration = Duration::from_secs(60);

/// A sensor's state as unknown since `now`.
fn unknown(place: &Place, now: DateTime<Utc>) -> StateRow {
    StateRow {
        sensor_id: place.sensor_id,
        state: StoredPresence::Unknown,
        changed_at: now,
        last_message_at: None,
    }
}

fn stored(state: PresenceState) -> StoredPresence {
    match state {
        PresenceState::Occupied => StoredPresence::Occupied,
        PresenceState::Vacant => StoredPresence::Vacant,
        PresenceState::Unknown => StoredPresence::Unknown,
    }
}

fn live(state: PresenceState, place: &Place) -> Live {
    let live = match state {
        PresenceState::Occupied => Live::Occupied,
        PresenceState::Vacant => Live::Vacant,
        PresenceState::Unknown => Live::Unknown,
    };
    if place.protected {
        live.taken_or_free()
    } else {
        live
    }
}

impl Pipeline {
    /// Runs until the ingestion's channel closes: applies messages, ticks every second,
    /// deletes raw events past the retention every ten minutes. The raw events are written
    /// whenever no message is waiting (so a burst is written together), at the latest every
    /// 2,000 events; each write is reported to `receipts`, which lets the ingestion
    /// acknowledge the messages written.
    pub async fn run(mut self, mut input: mpsc::Receiver<Ingested>, receipts: sensors::Receipts) {
        let mut presence = Presence::new(self.policy).only_configured();
        for device in self.registry.places.keys() {
            presence.set_policy(device.clone(), self.policy);
        }
        if let Err(err) = self.reset_all(Utc::now()).await {
            tracing::error!(error = %err, "cannot reset the sensor states");
        }
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut purge = tokio::time::interval(Duration::from_secs(600));
        purge.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut reload = tokio::time::interval(REGISTRY_RELOAD);
        reload.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        reload.reset();
        let changed = std::sync::Arc::clone(&self.registry_changed);
        let mut journal = Journal::default();
        let mut flush = tokio::time::interval(JOURNAL_EVERY);
        flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                message = input.recv() => {
                    let Some(message) = message else { break };
                    if message.is_message() {
                        journal.received += 1;
                    }
                    metrics::gauge!("platzwahl_sensor_queue_depth").set(input.len() as f64);
                    self.handle(&mut presence, &mut journal, message).await;
                    if input.is_empty() || journal.updates.len() >= CHANGES_MAX {
                        self.publish(&mut journal).await;
                    }
                    if input.is_empty() {
                        self.flush(&mut journal).await;
                        journal.receipt(&receipts);
                    }
                }
                _ = flush.tick() => {
                    self.publish(&mut journal).await;
                    self.flush(&mut journal).await;
                    journal.receipt(&receipts);
                }
                _ = tick.tick() => {
                    let changes = presence.tick(Utc::now());
                    self.queue_changes(&mut journal, changes, None);
                }
                _ = purge.tick() => {
                    self.purge(Utc::now()).await;
                }
                () = changed.notified() => self.reload(&mut presence).await,
                _ = reload.tick() => self.reload(&mut presence).await,
            }
        }
        self.publish(&mut journal).await;
        self.flush(&mut journal).await;
        journal.receipt(&receipts);
        tracing::info!("sensor pipeline stopped");
    }

    /// Reads the registry again: new sensors are followed from now on (unknown until they
    /// report), removed ones no more.
    async fn reload(&mut self, presence: &mut Presence) {
        let registry = match Registry::load(&self.db, &self.topology).await {
            Ok(registry) => registry,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the sensor registry again");
                return;
            }
        };
        let now = Utc::now();
        let mut new = Vec::new();
        for (device, place) in &registry.places {
            if self.registry.place(device).is_none() {
                presence.set_policy(device.clone(), self.policy);
                new.push(unknown(place, now));
            }
        }
        if let Err(err) = sensor_state::set_states(&self.db, &new).await {
            tracing::error!(error = %err, sensors = new.len(), "cannot reset the new sensors' states");
        }
        if registry.len() != self.registry.len() {
            tracing::info!(sensors = registry.len(), "sensor registry read again");
        }
        self.registry = registry;
    }

    /// Every registered sensor is unknown until it reports: nothing is known at start-up.
    async fn reset_all(&self, now: DateTime<Utc>) -> Result<(), DbErr> {
        let rows: Vec<StateRow> = self
            .registry
            .places
            .values()
            .map(|place| unknown(place, now))
            .collect();
        sensor_state::set_states(&self.db, &rows).await
    }

    async fn handle(&self, presence: &mut Presence, journal: &mut Journal, message: Ingested) {
        match message {
            Ingested::Event {
                event,
                received_at,
                retained,
            } => {
                if retained && !has_observation_time(&event) {
                    // An old retained state without a time says nothing about now.
                    count_message("stale_retained");
                    return;
                }
                let place = event.device().and_then(|d| self.registry.place(d));
                count_message(if place.is_some() {
                    "stored"
                } else {
                    "unregistered"
                });
                if let Some(place) = place {
                    journal.record(place.sensor_id, &event, received_at);
                    if journal.events.len() == JOURNAL_MAX {
                        self.flush(journal).await;
                    }
                }
                let changes = presence.apply(&event, received_at);
                let message_for = place.map(|p| (p.sensor_id, received_at));
                self.queue_changes(journal, changes, message_for);
            }
            Ingested::Message {
                device,
                payload,
                received_at,
                ..
            } => {
                count_message("badge");
                let message = crate::checkin::BadgeMessage {
                    reader: device,
                    payload,
                    received_at,
                };
                if self.badges.try_send(message).is_err() {
                    tracing::warn!("badge messages are arriving faster than handled; one dropped");
                }
            }
            Ingested::Rejected { error, .. } => {
                count_message("rejected");
                tracing::debug!(kind = error.kind(), "sensor message rejected");
            }
            Ingested::Connection { state, at } => {
                let changes = match state {
                    ConnectionState::Connected => {
                        tracing::info!("sensor ingestion connected to the MQTT broker");
                        presence.broker_connected(at)
                    }
                    ConnectionState::Disconnected => {
                        tracing::warn!(
                            "sensor ingestion lost the MQTT broker; sensors are unknown until it is back"
                        );
                        presence.broker_disconnected(at)
                    }
                    ConnectionState::Connecting => Vec::new(),
                };
                self.queue_changes(journal, changes, None);
            }
        }
    }

    /// Writes the raw events and last-seen times kept in `journal`, in one transaction; what
    /// cannot be written yet is kept for the next time.
    async fn flush(&self, journal: &mut Journal) {
        if journal.events.is_empty() && journal.seen.is_empty() {
            return;
        }
        let events = std::mem::take(&mut journal.events);
        let seen = std::mem::take(&mut journal.seen);
        if let Err(err) = sensor_state::write_journal(&self.db, &events, &seen).await {
            // Kept for the next flush (the database may be back by then), up to a limit.
            let room = JOURNAL_KEEP.saturating_sub(journal.events.len());
            let dropped = events.len().saturating_sub(room);
            tracing::warn!(error = %err, events = events.len(), dropped, "cannot write sensor events yet; kept for the next try");
            journal.events.splice(0..0, events.into_iter().take(room));
            for (sensor_id, at) in seen {
                journal.seen.entry(sensor_id).or_insert(at);
            }
        }
        metrics::gauge!("platzwahl_sensor_journal_backlog").set(journal.events.len() as f64);
    }

    /// Gathers state changes for the next [`Pipeline::publish`]; `message` is the sensor
    /// and time of the message that caused them, if one did.
    fn queue_changes(
        &self,
        journal: &mut Journal,
        changes: Vec<StateChange>,
        message: Option<(i32, DateTime<Utc>)>,
    ) {
        for change in changes {
            let Some(place) = self.registry.place(&change.device) else {
                continue;
            };
            tracing::debug!(sensor = place.sensor_id, state = ?change.to, cause = ?change.cause, "sensor state changed");
            let row = StateRow {
                sensor_id: place.sensor_id,
                state: stored(change.to),
                changed_at: change.at,
                last_message_at: message
                    .filter(|(sensor, _)| *sensor == place.sensor_id)
                    .map(|(_, at)| at),
            };
            journal
                .states
                .entry(place.sensor_id)
                .and_modify(|before| *before = before.then(row))
                .or_insert(row);
            journal.vacated |= change.to == PresenceState::Vacant;
            journal.updates.push(LiveUpdate {
                desk: place.is_desk.then(|| place.label.clone()),
                room: (!place.is_desk).then(|| place.label.clone()),
                building: place.building.clone(),
                floor: place.floor,
                state: live(change.to, place),
            });
        }
    }

    /// Stores the gathered states in one transaction, then sends their changes to every
    /// instance. States that cannot be stored are kept for the next try (their changes are
    /// not sent: the stored state is what the instances' plans show).
    async fn publish(&self, journal: &mut Journal) {
        if journal.states.is_empty() {
            return;
        }
        let rows: Vec<StateRow> = journal.states.values().copied().collect();
        if let Err(err) = sensor_state::set_states(&self.db, &rows).await {
            tracing::error!(error = %err, sensors = rows.len(), "cannot store sensor states yet; kept for the next try");
            journal.updates.clear();
            return;
        }
        journal.states.clear();
        if std::mem::take(&mut journal.vacated) {
            self.bus.vacated().await;
        }
        self.bus.live(std::mem::take(&mut journal.updates)).await;
    }

    async fn purge(&self, now: DateTime<Utc>) {
        let Some(keep) = TimeDelta::from_std(self.retention).ok() else {
            return;
        };
        // Logs what it deleted itself.
        if let Err(err) = domain::retention::delete_sensor_events(&self.db, keep, now).await {
            tracing::error!(error = %err, "cannot delete old sensor events");
        }
    }
}

/// Counts a sensor message by what became of it (`platzwahl_sensor_messages_total`).
fn count_message(outcome: &'static str) {
    metrics::counter!("platzwahl_sensor_messages_total", "outcome" => outcome).increment(1);
}

fn has_observation_time(event: &SensorEvent) -> bool {
    match event {
        SensorEvent::Reading(reading) => reading.observed_at.is_some(),
        SensorEvent::Availability(_) | SensorEvent::Bridge(_) => true,
    }
}
