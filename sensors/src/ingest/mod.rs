//! MQTT ingestion: one task owns the rumqttc event loop, decodes every message and sends the
//! results into a tokio channel.
//!
//! - The task never blocks: decoding is synchronous and quick, and results go out with
//!   `try_send`; when the channel is full a result is dropped and counted
//!   ([`IngestCounts::dropped`]) rather than stalling the connection's keep-alive.
//! - It reconnects after any error with exponential back-off (with jitter, so that several
//!   instances do not reconnect in lock-step) and reports [`ConnectionState`] changes in the
//!   same channel, in order with the events, and on a watch channel.
//! - The session is persistent (clean session off, a fixed client id, which must be unique
//!   per instance), subscriptions are QoS 1 and renewed on every connection, so QoS 1 messages
//!   published while the server was away are delivered when it returns.
//! - `mqtts://` uses TLS with the system's root certificates or a configured CA file, and an
//!   optional client certificate.
//! - With a shared subscription group, several server instances split the sensor traffic
//!   (`$share/<group>/<filter>`).
//! - With [`Receipts`] ([`Ingestor::acknowledge_when_stored`]), a QoS 1 message is
//!   acknowledged only once the receiver reports it stored; on shutdown the task waits up to
//!   [`ACK_DRAIN`] for the last receipts before it disconnects.
//!
//! The task and its event loop are here; the files beside: `settings` (what is configured,
//! and why it may not be usable), `broker_url` (the broker URL), `tls` (the TLS client
//! configuration), `backoff` (the reconnection delay), `results` (what the task sends and
//! counts) and `acks` (acknowledgements after storing).

mod acks;
mod backoff;
mod broker_url;
mod results;
mod settings;
mod tls;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rumqttc::{
    AsyncClient, ConnectionError, Event, EventLoop, MqttOptions, Packet, QoS, SubscribeFilter,
    SubscribeReasonCode, TlsConfiguration, Transport,
};
use tokio::sync::{mpsc, watch};

use self::acks::PendingAcks;
pub use self::acks::Receipts;
use self::backoff::{Backoff, MAX_BACKOFF_MS};
use self::broker_url::BrokerUrl;
use self::results::Outbox;
pub use self::results::{ConnectionState, IngestCounts, IngestStats, Ingested};
pub use self::settings::{MIN_PACKET_BYTES, MqttSettings, MqttSetupError, Password};
use self::tls::tls_config;
use crate::config::DecoderConfig;
use crate::decode::decode;
use crate::topic::TopicPattern;

/// A configured ingestion, ready to [`run`](Ingestor::run).
pub struct Ingestor {
    options: MqttOptions,
    filters: Vec<String>,
    shared_group: Option<String>,
    pass_through: Vec<TopicPattern>,
    decoder: DecoderConfig,
    backoff: Backoff,
    stats: Arc<IngestStats>,
    state: watch::Sender<ConnectionState>,
    stored: Option<watch::Receiver<u64>>,
}

/// How long a stopping ingestion waits for the receiver to store what it was sent, so that
/// their QoS 1 acknowledgements can go out before the connection closes. What is not stored
/// by then is delivered again by the broker on the next connection.
pub const ACK_DRAIN: Duration = Duration::from_secs(3);

/// The client's queue of requests to the event loop (acknowledgements, subscriptions).
const REQUEST_QUEUE: usize = 1024;

impl fmt::Debug for Ingestor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (host, port) = self.options.broker_address();
        f.debug_struct("Ingestor")
            .field("broker", &format_args!("{host}:{port}"))
            .field("client_id", &self.options.client_id())
            .field("filters", &self.filters)
            .finish_non_exhaustive()
    }
}

impl Ingestor {
    /// Checks the settings and prepares the connection (reading certificate files); connects
    /// only when run. Subscribes to [`DecoderConfig::subscription_filters`].
    pub fn new(settings: &MqttSettings, decoder: DecoderConfig) -> Result<Self, MqttSetupError> {
        let url = BrokerUrl::parse(&settings.url)?;
        if settings.client_id.is_empty() {
            return Err(MqttSetupError::EmptyClientId);
        }
        let mut options = MqttOptions::new(settings.client_id.clone(), url.host.clone(), url.port);
        options.set_clean_session(false);
        options.set_keep_alive(Duration::from_secs(settings.keep_alive_secs.max(5)));
        let packet = settings.max_packet_bytes.max(MIN_PACKET_BYTES);
        options.set_max_packet_size(packet, packet);
        let username = settings.username.clone().or(url.username);
        let password = settings.password.clone().or(url.password);
        if let Some(username) = username {
            let password = password.map(|p| p.0).unwrap_or_default();
            options.set_credentials(username, password);
        }
        if url.tls {
            options.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(
                Arc::new(tls_config(settings)?),
            )));
        }
        let filters = decoder
            .subscription_filters()
            .into_iter()
            .map(|filter| match &settings.shared_group {
                Some(group) => format!("$share/{group}/{filter}"),
                None => filter,
            })
            .collect();
        if let Some(group) = &settings.shared_group
            && (group.is_empty() || group.contains(['/', '+', '#']))
        {
            return Err(MqttSetupError::BadSharedGroup(group.clone()));
        }
        let (state, _) = watch::channel(ConnectionState::Connecting);
        Ok(Self {
            options,
            filters,
            shared_group: settings.shared_group.clone(),
            pass_through: Vec::new(),
            decoder,
            backoff: Backoff::new(
                Duration::from_millis(settings.reconnect_min_ms.clamp(1, MAX_BACKOFF_MS)),
                Duration::from_millis(
                    settings
                        .reconnect_max_ms
                        .clamp(settings.reconnect_min_ms.max(1), MAX_BACKOFF_MS),
                ),
            ),
            stats: Arc::new(IngestStats::default()),
            state,
            stored: None,
        })
    }

    /// Acknowledges QoS 1 messages only once `receipts` reports them stored, instead of on
    /// receipt. The receiver of [`run`](Self::run)'s results reports through `receipts`.
    pub fn acknowledge_when_stored(mut self, receipts: &Receipts) -> Self {
        self.options.set_manual_acks(true);
        self.stored = Some(receipts.subscribe());
        self
    }

    /// Also subscribes to `patterns` and sends their messages undecoded
    /// ([`Ingested::Message`]), before any decoder sees them.
    pub fn pass_through(mut self, patterns: Vec<TopicPattern>) -> Self {
        for pattern in &patterns {
            let filter = pattern.subscription_filter();
            self.filters.push(match &self.shared_group {
                Some(group) => format!("$share/{group}/{filter}"),
                None => filter,
            });
        }
        self.pass_through.extend(patterns);
        self
    }

    /// The subscription filters.
    pub fn filters(&self) -> &[String] {
        &self.filters
    }

    /// The counters, shared with the running task.
    pub fn stats(&self) -> Arc<IngestStats> {
        Arc::clone(&self.stats)
    }

    /// The connection state, as it changes.
    pub fn connection(&self) -> watch::Receiver<ConnectionState> {
        self.state.subscribe()
    }

    /// Runs until `shutdown` completes or the receiver of `results` is dropped, then
    /// disconnects cleanly. Spawn it as its own task.
    pub async fn run(self, results: mpsc::Sender<Ingested>, shutdown: impl Future<Output = ()>) {
        let Self {
            options,
            filters,
            shared_group: _,
            pass_through,
            decoder,
            mut backoff,
            stats,
            state,
            stored,
        } = self;
        let (client, mut eventloop) = AsyncClient::new(options, REQUEST_QUEUE);
        let mut acks = PendingAcks::new(stored);
        let mut outbox = Outbox {
            results,
            pending_state: None,
            stats: Arc::clone(&stats),
        };
        tokio::pin!(shutdown);
        loop {
            if outbox.results.is_closed() {
                tracing::info!("sensor event receiver dropped; stopping MQTT ingestion");
                break;
            }
            let polled = tokio::select! {
                () = &mut shutdown => break,
                receiver = acks.changed() => {
                    if !receiver {
                        tracing::info!("sensor event receiver dropped; stopping MQTT ingestion");
                        break;
                    }
                    acks.send_due(&client);
                    continue;
                }
                polled = eventloop.poll() => polled,
            };
            match polled {
                Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                    IngestStats::count(&stats.connections);
                    metrics::counter!("platzwahl_mqtt_connections_total", "event" => "connected")
                        .increment(1);
                    tracing::info!(
                        session_present = ack.session_present,
                        "connected to MQTT broker"
                    );
                    let subscriptions = filters
                        .iter()
                        .map(|filter| SubscribeFilter::new(filter.clone(), QoS::AtLeastOnce));
                    if let Err(error) = client.try_subscribe_many(subscriptions) {
                        tracing::error!(%error, "cannot queue the MQTT subscriptions");
                    }
                    backoff.reset();
                }
                Ok(Event::Incoming(Packet::SubAck(ack))) => {
                    let refused = ack
                        .return_codes
                        .iter()
                        .filter(|code| **code == SubscribeReasonCode::Failure)
                        .count();
                    if refused > 0 {
                        tracing::error!(refused, "the MQTT broker refused subscriptions");
                    }
                    state.send_replace(ConnectionState::Connected);
                    outbox.state(ConnectionState::Connected);
                }
                Ok(Event::Incoming(Packet::Publish(publish))) => {
                    IngestStats::count(&stats.messages);
                    let received_at = Utc::now();
                    let passed_on = if let Some(found) =
                        pass_through.iter().find_map(|p| p.matches(&publish.topic))
                    {
                        let device = found.device.map(str::to_owned);
                        outbox.send(Ingested::Message {
                            topic: publish.topic.clone(),
                            device,
                            payload: publish.payload.to_vec(),
                            received_at,
                        })
                    } else {
                        match decode(&publish.topic, &publish.payload, &decoder) {
                            Ok(event) => {
                                IngestStats::count(&stats.events);
                                outbox.send(Ingested::Event {
                                    event,
                                    received_at,
                                    retained: publish.retain,
                                })
                            }
                            Err(error) if error.is_ignorable() => {
                                IngestStats::count(&stats.ignored);
                                metrics::counter!("platzwahl_sensor_messages_total", "outcome" => "ignored")
                                    .increment(1);
                                false
                            }
                            Err(error) => {
                                IngestStats::count(&stats.rejected);
                                tracing::debug!(kind = error.kind(), "undecodable sensor message");
                                outbox.send(Ingested::Rejected {
                                    topic: publish.topic.clone(),
                                    error,
                                    received_at,
                                })
                            }
                        }
                    };
                    acks.received(&publish, passed_on);
                    acks.send_due(&client);
                }
                Ok(_) => {}
                Err(error) => {
                    IngestStats::count(&stats.disconnections);
                    if *state.borrow() != ConnectionState::Disconnected {
                        metrics::counter!("platzwahl_mqtt_connections_total", "event" => "lost")
                            .increment(1);
                        tracing::warn!(error = %describe(&error), "MQTT connection lost; reconnecting");
                        state.send_replace(ConnectionState::Disconnected);
                        outbox.state(ConnectionState::Disconnected);
                    } else {
                        tracing::debug!(error = %describe(&error), "MQTT reconnection failed");
                    }
                    let delay = backoff.next_delay();
                    tokio::select! {
                        () = &mut shutdown => break,
                        () = tokio::time::sleep(delay) => {}
                    }
                }
            }
            outbox.flush_state();
        }
        drain_acks(&client, &mut eventloop, &mut acks).await;
        disconnect(&client, &mut eventloop).await;
        state.send_replace(ConnectionState::Disconnected);
        outbox.state(ConnectionState::Disconnected);
        outbox.flush_state();
    }
}

/// A connection error without anything secret in it.
fn describe(error: &ConnectionError) -> String {
    match error {
        ConnectionError::ConnectionRefused(code) => format!("refused by the broker: {code:?}"),
        other => other.to_string(),
    }
}

/// Waits up to [`ACK_DRAIN`] for the receipts of what was passed on and sends their
/// acknowledgements. Messages arriving meanwhile are neither passed on nor acknowledged: the
/// broker delivers them again on the next connection (this instance's or the next leader's).
async fn drain_acks(client: &AsyncClient, eventloop: &mut EventLoop, acks: &mut PendingAcks) {
    acks.send_due(client);
    if acks.is_empty() {
        return;
    }
    let deadline = tokio::time::sleep(ACK_DRAIN);
    tokio::pin!(deadline);
    while !acks.is_empty() {
        tokio::select! {
            () = &mut deadline => {
                tracing::info!("stopping before every received sensor message was stored; the broker delivers the rest again");
                break;
            }
            receiver = acks.changed() => {
                if !receiver {
                    break;
                }
                acks.send_due(client);
            }
            polled = eventloop.poll() => {
                if polled.is_err() {
                    break;
                }
            }
        }
    }
}

/// Sends DISCONNECT and lets the event loop flush it, briefly.
async fn disconnect(client: &AsyncClient, eventloop: &mut EventLoop) {
    if client.try_disconnect().is_err() {
        return;
    }
    let flush = async {
        loop {
            match eventloop.poll().await {
                Ok(Event::Outgoing(rumqttc::Outgoing::Disconnect)) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    if tokio::time::timeout(Duration::from_secs(1), flush)
        .await
        .is_err()
    {
        tracing::debug!("MQTT disconnect not flushed within a second");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_refuse_an_empty_client_id_and_a_bad_shared_group() {
        let empty = MqttSettings {
            client_id: String::new(),
            ..MqttSettings::default()
        };
        assert!(matches!(
            Ingestor::new(&empty, DecoderConfig::default()),
            Err(MqttSetupError::EmptyClientId)
        ));
        let group = MqttSettings {
            shared_group: Some("a/b".into()),
            ..MqttSettings::default()
        };
        assert!(matches!(
            Ingestor::new(&group, DecoderConfig::default()),
            Err(MqttSetupError::BadSharedGroup(_))
        ));
    }

    #[test]
    fn a_shared_group_prefixes_every_filter() -> Result<(), MqttSetupError> {
        let settings = MqttSettings {
            shared_group: Some("platzwahl".into()),
            ..MqttSettings::default()
        };
        let ingestor = Ingestor::new(&settings, DecoderConfig::default())?;
        assert!(
            ingestor
                .filters()
                .contains(&"$share/platzwahl/zigbee2mqtt/#".to_owned())
        );
        assert!(
            ingestor
                .filters()
                .iter()
                .all(|filter| filter.starts_with("$share/platzwahl/"))
        );
        Ok(())
    }
}
