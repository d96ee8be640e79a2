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

use std::collections::hash_map::RandomState;
use std::fmt;
use std::future::Future;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rumqttc::tokio_rustls::rustls;
use rumqttc::{
    AsyncClient, ConnectionError, Event, EventLoop, MqttOptions, Packet, QoS, SubscribeFilter,
    SubscribeReasonCode, TlsConfiguration, Transport,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};

use crate::config::DecoderConfig;
use crate::decode::decode;
use crate::error::DecodeError;
use crate::event::SensorEvent;
use crate::topic::TopicPattern;

/// The smallest accepted packet size limit: 1 MiB.
pub const MIN_PACKET_BYTES: usize = 1024 * 1024;

/// The longest reconnection delay used, whatever is configured: one hour.
const MAX_BACKOFF_MS: u64 = 60 * 60 * 1000;

/// A password that never shows in logs or serialised output.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password itself, for handing to the broker.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// How to reach the MQTT broker.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MqttSettings {
    /// Broker URL: `mqtt://host[:port]` (default port 1883) or `mqtts://host[:port]` (TLS,
    /// default port 8883); `tcp://` and `ssl://` are accepted too. User name and password may
    /// be given in the URL (`mqtt://user:secret@host`, percent-encoded) or in the fields below,
    /// which win. Default: `mqtt://127.0.0.1:1883`.
    pub url: String,
    /// User name, if the broker wants one.
    pub username: Option<String>,
    /// Password, if the broker wants one.
    pub password: Option<Password>,
    /// The MQTT client id; fixed, because the broker keeps the session (and queues QoS 1
    /// messages) under it. Must be unique per server instance. Default: `platzwahl-sensors`.
    pub client_id: String,
    /// A PEM file of CA certificates to trust instead of the system's, for `mqtts://`.
    pub ca_file: Option<PathBuf>,
    /// A PEM client certificate chain, for brokers that want mutual TLS.
    pub client_cert_file: Option<PathBuf>,
    /// The PEM private key of `client_cert_file`.
    pub client_key_file: Option<PathBuf>,
    /// Subscribe as part of this shared subscription group (`$share/<group>/…`), so several
    /// server instances split the sensor traffic. Default: none.
    pub shared_group: Option<String>,
    /// Keep-alive interval in seconds. Default: 30.
    pub keep_alive_secs: u64,
    /// First reconnection delay in milliseconds; it doubles per failed attempt. Default: 500.
    pub reconnect_min_ms: u64,
    /// Longest reconnection delay in milliseconds. Default: 30 000.
    pub reconnect_max_ms: u64,
    /// Largest accepted packet in bytes; at least 1 MiB is used. Default: 1 MiB.
    pub max_packet_bytes: usize,
}

impl Default for MqttSettings {
    fn default() -> Self {
        Self {
            url: "mqtt://127.0.0.1:1883".to_owned(),
            username: None,
            password: None,
            client_id: "platzwahl-sensors".to_owned(),
            ca_file: None,
            client_cert_file: None,
            client_key_file: None,
            shared_group: None,
            keep_alive_secs: 30,
            reconnect_min_ms: 500,
            reconnect_max_ms: 30_000,
            max_packet_bytes: MIN_PACKET_BYTES,
        }
    }
}

/// Why the MQTT settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MqttSetupError {
    /// The broker URL cannot be read.
    #[error("broker URL `{url}` is not usable: {reason}")]
    BadUrl {
        /// The URL without its password.
        url: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The client id is empty (a persistent session needs one).
    #[error("the MQTT client id must not be empty")]
    EmptyClientId,
    /// A shared group name with `/`, `+` or `#`, or empty.
    #[error("shared subscription group `{0}` must be non-empty without `/`, `+` or `#`")]
    BadSharedGroup(String),
    /// A certificate or key file cannot be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A PEM file holds no usable certificate or key.
    #[error("{path} holds no usable {what}")]
    NoPem {
        /// The file.
        path: PathBuf,
        /// Certificate or key.
        what: &'static str,
    },
    /// Only one of client certificate and key is configured.
    #[error("a client certificate needs both `client_cert_file` and `client_key_file`")]
    HalfClientAuth,
    /// No trusted root certificates were found for TLS.
    #[error("no trusted root certificates: the system has none and no `ca_file` is set")]
    NoRootCertificates,
    /// rustls refused the TLS configuration.
    #[error("TLS configuration refused: {0}")]
    Tls(#[from] rustls::Error),
}

/// A parsed broker URL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BrokerUrl {
    tls: bool,
    host: String,
    port: u16,
    username: Option<String>,
    password: Option<Password>,
}

impl BrokerUrl {
    fn parse(url: &str) -> Result<Self, MqttSetupError> {
        let bad = |reason| MqttSetupError::BadUrl {
            url: redacted(url),
            reason,
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or(bad("no scheme such as mqtt://"))?;
        let tls = match scheme.to_ascii_lowercase().as_str() {
            "mqtt" | "tcp" => false,
            "mqtts" | "ssl" => true,
            _ => return Err(bad("the scheme must be mqtt, mqtts, tcp or ssl")),
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(bad("a broker URL has no path, query or fragment"));
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or(bad("an IPv6 address lacks its `]`"))?;
            (host, after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port {
            Some(port) => port.parse().map_err(|_| bad("the port is not a number"))?,
            None if tls => 8883,
            None => 1883,
        };
        let (username, password) = match userinfo {
            None => (None, None),
            Some(userinfo) => {
                let (user, password) = match userinfo.split_once(':') {
                    Some((user, password)) => (user, Some(password)),
                    None => (userinfo, None),
                };
                let decode = |text: &str| percent_decode(text).ok_or(bad("bad percent-encoding"));
                (
                    Some(decode(user)?),
                    password.map(decode).transpose()?.map(Password),
                )
            }
        };
        Ok(Self {
            tls,
            host: host.to_owned(),
            port,
            username,
            password,
        })
    }
}

/// `url` with any password replaced, for error messages.
fn redacted(url: &str) -> String {
    match (url.split_once("://"), url.rsplit_once('@')) {
        (Some((scheme, rest)), Some((_, hostport))) if rest.contains('@') => {
            let user = rest.split(['@', ':']).next().unwrap_or_default();
            format!("{scheme}://{user}:***@{hostport}")
        }
        _ => url.to_owned(),
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

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
    /// A message on a [pass-through](Ingestor::pass_through) topic, undecoded: badge readers
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

/// Counters of the ingestion task, for metrics and sensor health.
#[derive(Debug, Default)]
pub struct IngestStats {
    messages: AtomicU64,
    events: AtomicU64,
    ignored: AtomicU64,
    rejected: AtomicU64,
    dropped: AtomicU64,
    connections: AtomicU64,
    disconnections: AtomicU64,
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

    fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

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
}

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
        })
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
        } = self;
        let (client, mut eventloop) = AsyncClient::new(options, 16);
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
                polled = eventloop.poll() => polled,
            };
            match polled {
                Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                    IngestStats::count(&stats.connections);
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
                    if let Some(found) = pass_through.iter().find_map(|p| p.matches(&publish.topic))
                    {
                        let device = found.device.map(str::to_owned);
                        outbox.send(Ingested::Message {
                            topic: publish.topic.clone(),
                            device,
                            payload: publish.payload.to_vec(),
                            received_at,
                        });
                        outbox.flush_state();
                        continue;
                    }
                    match decode(&publish.topic, &publish.payload, &decoder) {
                        Ok(event) => {
                            IngestStats::count(&stats.events);
                            outbox.send(Ingested::Event {
                                event,
                                received_at,
                                retained: publish.retain,
                            });
                        }
                        Err(error) if error.is_ignorable() => {
                            IngestStats::count(&stats.ignored);
                        }
                        Err(error) => {
                            IngestStats::count(&stats.rejected);
                            tracing::debug!(kind = error.kind(), "undecodable sensor message");
                            outbox.send(Ingested::Rejected {
                                topic: publish.topic,
                                error,
                                received_at,
                            });
                        }
                    }
                }
                Ok(_) => {}
                Err(error) => {
                    IngestStats::count(&stats.disconnections);
                    if *state.borrow() != ConnectionState::Disconnected {
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

/// Sends results without blocking; a connection state that did not fit goes out before any
/// later event, so events are never reordered around it.
struct Outbox {
    results: mpsc::Sender<Ingested>,
    pending_state: Option<Ingested>,
    stats: Arc<IngestStats>,
}

impl Outbox {
    fn state(&mut self, state: ConnectionState) {
        self.pending_state = Some(Ingested::Connection {
            state,
            at: Utc::now(),
        });
        self.flush_state();
    }

    fn flush_state(&mut self) {
        if let Some(pending) = self.pending_state.take()
            && let Err(mpsc::error::TrySendError::Full(pending)) = self.results.try_send(pending)
        {
            self.pending_state = Some(pending);
        }
    }

    fn send(&mut self, item: Ingested) {
        self.flush_state();
        if self.pending_state.is_some() || self.results.try_send(item).is_err() {
            IngestStats::count(&self.stats.dropped);
            tracing::warn!("sensor event channel full; a result was dropped");
        }
    }
}

/// Exponential back-off with ±20 % jitter.
#[derive(Debug, Clone)]
struct Backoff {
    min: Duration,
    max: Duration,
    current: Duration,
    random: RandomState,
    attempt: u64,
}

impl Backoff {
    fn new(min: Duration, max: Duration) -> Self {
        Self {
            min,
            max,
            current: min,
            random: RandomState::new(),
            attempt: 0,
        }
    }

    fn reset(&mut self) {
        self.current = self.min;
    }

    fn next_delay(&mut self) -> Duration {
        self.attempt = self.attempt.wrapping_add(1);
        let base = self.current;
        self.current = self
            .current
            .checked_mul(2)
            .unwrap_or(self.max)
            .min(self.max);
        // A random factor in [0.8, 1.2) from the randomly seeded hasher.
        let spread = self.random.hash_one(self.attempt) % 4000;
        let factor = 0.8 + spread as f64 / 10_000.0;
        Duration::try_from_secs_f64(base.as_secs_f64() * factor)
            .unwrap_or(self.max)
            .min(self.max)
    }
}

/// The rustls client configuration for `mqtts://`, with an explicit crypto provider (the
/// process default if one is installed, else aws-lc-rs), so that it works whichever rustls
/// features the rest of the program enables.
fn tls_config(settings: &MqttSettings) -> Result<rustls::ClientConfig, MqttSetupError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let client_files = match (&settings.client_cert_file, &settings.client_key_file) {
        (None, None) => None,
        (Some(cert), Some(key)) => Some((cert, key)),
        _ => return Err(MqttSetupError::HalfClientAuth),
    };
    let mut roots = rustls::RootCertStore::empty();
    match &settings.ca_file {
        Some(path) => {
            let pem = read(path)?;
            let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
                .filter_map(Result::ok)
                .collect();
            roots.add_parsable_certificates(certificates);
            if roots.is_empty() {
                return Err(MqttSetupError::NoPem {
                    path: path.clone(),
                    what: "CA certificate",
                });
            }
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            if !native.errors.is_empty() {
                tracing::warn!(
                    errors = native.errors.len(),
                    "some system root certificates could not be loaded"
                );
            }
            roots.add_parsable_certificates(native.certs);
            if roots.is_empty() {
                return Err(MqttSetupError::NoRootCertificates);
            }
        }
    }
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots);
    match client_files {
        None => Ok(builder.with_no_client_auth()),
        Some((cert_path, key_path)) => {
            let pem = read(cert_path)?;
            let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
                .filter_map(Result::ok)
                .collect();
            if chain.is_empty() {
                return Err(MqttSetupError::NoPem {
                    path: cert_path.clone(),
                    what: "client certificate",
                });
            }
            let key = PrivateKeyDer::from_pem_slice(&read(key_path)?).map_err(|_| {
                MqttSetupError::NoPem {
                    path: key_path.clone(),
                    what: "private key",
                }
            })?;
            Ok(builder.with_client_auth_cert(chain, key)?)
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, MqttSetupError> {
    std::fs::read(path).map_err(|source| MqttSetupError::ReadFile {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(url: &str) -> BrokerUrl {
        match BrokerUrl::parse(url) {
            Ok(parsed) => parsed,
            Err(error) => panic!("{url}: {error}"),
        }
    }

    #[test]
    fn broker_urls_give_host_port_tls_and_credentials() {
        let plain = parsed("mqtt://broker.example");
        assert_eq!((plain.tls, plain.port), (false, 1883));
        let tls = parsed("mqtts://broker.example");
        assert_eq!((tls.tls, tls.port), (true, 8883));
        let full = parsed("ssl://sensors:p%40ss%3Aword@[::1]:9883/");
        assert_eq!(full.host, "::1");
        assert_eq!(full.port, 9883);
        assert!(full.tls);
        assert_eq!(full.username.as_deref(), Some("sensors"));
        assert_eq!(
            full.password.as_ref().map(Password::expose),
            Some("p@ss:word")
        );
    }

    #[test]
    fn unusable_urls_are_refused_without_echoing_the_password() {
        for url in [
            "broker:1883",
            "http://broker",
            "mqtt://",
            "mqtt://broker:port",
            "mqtt://broker/topic",
            "mqtt://u:p%zz@broker",
        ] {
            assert!(BrokerUrl::parse(url).is_err(), "{url}");
        }
        let error = BrokerUrl::parse("http://user:secret@broker").map(|_| ());
        let message = error.map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(!message.contains("secret"), "{message}");
        assert!(message.contains("user:***@broker"), "{message}");
    }

    #[test]
    fn passwords_are_redacted_in_debug_output() {
        let settings = MqttSettings {
            password: Some(Password::new("hunter2")),
            ..MqttSettings::default()
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn back_off_doubles_up_to_the_maximum_with_jitter() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        let delays: Vec<Duration> = (0..8).map(|_| backoff.next_delay()).collect();
        assert!((80..120).contains(&delays[0].as_millis()), "{delays:?}");
        assert!((160..240).contains(&delays[1].as_millis()), "{delays:?}");
        assert!(delays[7] <= Duration::from_secs(1), "{delays:?}");
        assert!(delays[7] >= Duration::from_millis(800), "{delays:?}");
        backoff.reset();
        assert!(backoff.next_delay() < Duration::from_millis(120));
    }

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

    #[test]
    fn tls_settings_with_a_missing_ca_file_say_which_file() {
        let settings = MqttSettings {
            url: "mqtts://broker.example".into(),
            ca_file: Some("/nonexistent/ca.pem".into()),
            ..MqttSettings::default()
        };
        let error = Ingestor::new(&settings, DecoderConfig::default())
            .map(|_| ())
            .map_err(|e| e.to_string())
            .err()
            .unwrap_or_default();
        assert!(error.contains("/nonexistent/ca.pem"), "{error}");
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused() -> Result<(), std::io::Error> {
        let path =
            std::env::temp_dir().join(format!("platzwahl-empty-ca-{}.pem", std::process::id()));
        std::fs::write(&path, "not a certificate")?;
        let settings = MqttSettings {
            url: "mqtts://broker.example".into(),
            ca_file: Some(path.clone()),
            ..MqttSettings::default()
        };
        let result = Ingestor::new(&settings, DecoderConfig::default());
        std::fs::remove_file(&path)?;
        assert!(matches!(result, Err(MqttSetupError::NoPem { .. })));
        Ok(())
    }

    #[test]
    fn half_a_client_certificate_is_refused() {
        let settings = MqttSettings {
            url: "mqtts://broker.example".into(),
            client_cert_file: Some("cert.pem".into()),
            ..MqttSettings::default()
        };
        assert!(matches!(
            Ingestor::new(&settings, DecoderConfig::default()),
            Err(MqttSetupError::HalfClientAuth)
        ));
    }

    #[test]
    fn absurd_back_off_settings_do_not_overflow() {
        let mut backoff = Backoff::new(Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            assert!(backoff.next_delay() <= Duration::MAX);
        }
    }
}
