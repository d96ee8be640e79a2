//! What the ingestion task reports: the [`Ingested`] results and [`ConnectionState`]s it
//! sends, the [`IngestStats`] counters, and the outbox that sends without blocking.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::error::DecodeError;
use crate::event::SensorEvent;

/// Whether the broker connection is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Not connected yet.
    Connecting,
    /// Connected, and the broker acknowledged the subscriptions.
    Connected,
    /// The connection failed or broke; reconnecting with back-off. Sensors should be
    /// considered unknown ([`Presence::broker_disconnected`](crate::Presence::broker_disconnected)).
    Disconnected,
}

/// What the ingestion task sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Ingested {
    /// A message decoded into an event.
    Event {
        /// The event.
        event: SensorEvent,
        /// When the message arrived.
        received_at: DateTime<Utc>,
        /// Whether the broker delivered it from its retained store (on subscribing) rather
        /// than live: an old state without an observation time says little about now.
        retained: bool,
    },
    /// A message on a subscribed topic that should have been a reading but could not be
    /// decoded (harmless chatter such as bridge logs is only counted, not sent).
    Rejected {
        /// The topic, to tell which sensor misbehaves.
        topic: String,
        /// Why.
        error: DecodeError,
        /// When the message arrived.
        received_at: DateTime<Utc>,
    },
    /// A message on a [pass-through](crate::Ingestor::pass_through) topic, undecoded: badge readers
    /// and other devices that are not occupancy sensors share the connection.
    Message {
        /// The topic.
        topic: String,
        /// What the pattern's `{device}` matched, if it has that capture.
        device: Option<String>,
        /// The payload as received.
        payload: Vec<u8>,
        /// When the message arrived.
        received_at: DateTime<Utc>,
    },
    /// The broker connection came up or went down.
    Connection {
        /// The new state.
        state: ConnectionState,
        /// When.
        at: DateTime<Utc>,
    },
}

impl Ingested {
    /// Whether it stands for a received message (not a connection change): what
    /// [`Receipts::stored_through`](crate::Receipts::stored_through) counts.
    pub fn is_message(&self) -> bool {
        !matches!(self, Ingested::Connection { .. })
    }
}

/// Counters of the ingestion task, for metrics and sensor health.
#[derive(Debug, Default)]
pub struct IngestStats {
    pub(super) messages: AtomicU64,
    pub(super) events: AtomicU64,
    pub(super) ignored: AtomicU64,
    pub(super) rejected: AtomicU64,
    pub(super) dropped: AtomicU64,
    pub(super) connections: AtomicU64,
    pub(super) disconnections: AtomicU64,
}

/// A snapshot of [`IngestStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IngestCounts {
    /// Messages received.
    pub messages: u64,
    /// Messages decoded into events.
    pub events: u64,
    /// Messages that are harmless chatter ([`DecodeError::is_ignorable`]).
    pub ignored: u64,
    /// Messages that could not be decoded.
    pub rejected: u64,
    /// Results dropped because the channel was full.
    pub dropped: u64,
    /// Successful connections.
    pub connections: u64,
    /// Failed connection attempts and broken connections.
    pub disconnections: u64,
}

impl IngestStats {
    /// The current counts.
    pub fn snapshot(&self) -> IngestCounts {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        IngestCounts {
            messages: read(&self.messages),
            events: read(&self.events),
            ignored: read(&self.ignored),
            rejected: read(&self.rejected),
            dropped: read(&self.dropped),
            connections: read(&self.connections),
            disconnections: read(&self.disconnections),
        }
    }

    pub(super) fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// Sends results without blocking; a connection state that did not fit goes out before any
/// later event, so events are never reordered around it.
pub(super) struct Outbox {
    pub(super) results: mpsc::Sender<Ingested>,
    pub(super) pending_state: Option<Ingested>,
    pub(super) stats: Arc<IngestStats>,
}

impl Outbox {
    pub(super) fn state(&mut self, state: ConnectionState) {
        self.pending_state = Some(Ingested::Connection {
            state,
            at: Utc::now(),
        });
        self.flush_state();
    }

    pub(super) fn flush_state(&mut self) {
        if let Some(pending) = self.pending_state.take()
            && let Err(mpsc::error::TrySendError::Full(pending)) = self.results.try_send(pending)
        {
            self.pending_state = Some(pending);
        }
    }

    /// Whether `item` went out; `false` when it was dropped (counted).
    pub(super) fn send(&mut self, item: Ingested) -> bool {
        self.flush_state();
        if self.pending_state.is_some() || self.results.try_send(item).is_err() {
            IngestStats::count(&self.stats.dropped);
            metrics::counter!("platzwahl_sensor_messages_total", "outcome" => "dropped")
                .increment(1);
            tracing::warn!("sensor event channel full; a result was dropped");
            return false;
        }
        true
    }
}
