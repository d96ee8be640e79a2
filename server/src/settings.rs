//! One typed settings struct, read from an optional TOML file and `PLATZWAHL_` environment
//! variables (the environment wins). Every default works on a fresh machine.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use schemars::JsonSchema;
use sensors::{DecoderConfig, MqttSettings, Password, PresencePolicy};
use serde::{Deserialize, Serialize};

mod demo_sensors;
mod directory;
#[cfg(test)]
mod fuzz;
pub mod mail;
pub mod oidc;
pub mod push;
mod reference;
pub use demo_sensors::DemoSensorSettings;
pub use directory::{DirectorySettings, Transport};
pub use reference::reference;

/// A secret value (a password, a URL with credentials): redacted in `Debug`, and serialised
/// as `***` (so that the configuration reference, or any later dump of the settings, never
/// shows it).
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

/// What a [`Secret`] serialises as.
pub const REDACTED: &str = "***";

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

/// A string that is marked `writeOnly` (JSON Schema's word for a value that is given but
/// never shown), so the configuration reference can say it is a secret.
impl JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "writeOnly": true })
    }
}

/// The default of [`Settings::database_max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;

/// Settings of a Platzwahl instance.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address and port of the web server (`PLATZWAHL_LISTEN`), default `127.0.0.1:3000`.
    /// Port 0 picks a free port; the chosen address is logged.
    pub listen: SocketAddr,
    /// Directory for the SQLite database and other local files (`PLATZWAHL_DATA_DIR`),
    /// default `data`; created if missing.
    pub data_dir: PathBuf,
    /// Database URL (`PLATZWAHL_DATABASE_URL`): `sqlite://FILE?mode=rwc` or
    /// `postgres://USER:PASSWORD@HOST:PORT/DB`; without `:PASSWORD` the PostgreSQL driver takes
    /// the password from the `PGPASSWORD` environment variable. Default: `platzwahl.db` in the
    /// data directory.
    pub database_url: Option<Secret>,
    /// Most connections to the database (`PLATZWAHL_DATABASE_MAX_CONNECTIONS`). Default 16:
    /// more than the cores' worth of concurrent statements only adds switching in PostgreSQL.
    pub database_max_connections: u32,
    /// Whether `platzwahl serve` applies pending migrations at start (`PLATZWAHL_MIGRATE`,
    /// or `serve --no-migrate`), default on. Instances starting together migrate one after
    /// the other (an advisory lock on PostgreSQL). Off, the server refuses to start on a
    /// database with pending migrations: run `platzwahl migrate` first, as one step of a
    /// deployment.
    pub migrate: bool,
    /// External MQTT broker (`PLATZWAHL_MQTT_URL`): `mqtt://HOST:PORT` or `mqtts://HOST:PORT`
    /// for TLS. Unset: the embedded broker is started.
    pub mqtt_url: Option<Secret>,
    /// User name at the external broker (`PLATZWAHL_MQTT_USERNAME`).
    pub mqtt_username: Option<String>,
    /// Password at the external broker (`PLATZWAHL_MQTT_PASSWORD`).
    pub mqtt_password: Option<Secret>,
    /// A PEM file of CA certificates to trust for `mqtts://` instead of the system's
    /// (`PLATZWAHL_MQTT_CA_FILE`), for a broker whose certificate an own CA signed.
    pub mqtt_ca_file: Option<PathBuf>,
    /// Where the embedded broker listens for sensors (`PLATZWAHL_MQTT_EMBEDDED_LISTEN`),
    /// default `127.0.0.1:1884` (1883 is left to a system broker such as Mosquitto). Beyond
    /// loopback only when it takes logins (`mqtt_embedded_anonymous` off).
    pub mqtt_embedded_listen: SocketAddr,
    /// Whether the embedded broker lets clients in without a login
    /// (`PLATZWAHL_MQTT_EMBEDDED_ANONYMOUS`). Unset: only in demo mode. Otherwise every sensor
    /// gateway and badge reader logs in with a device token of scope `mqtt`
    /// (`POST /api/v1/devices`): the token's name is the user name, the token the password.
    /// Anonymous clients are allowed on loopback only.
    pub mqtt_embedded_anonymous: Option<bool>,
    /// Demo mode (`PLATZWAHL_DEMO`, or `platzwahl serve --demo`), default off: seeds the demo
    /// building on first start, marks every page as made-up data, and lets anyone sign in as
    /// one of the seeded demo people without a passkey. Refused when the server listens beyond
    /// loopback or its public URL is `https`, unless `demo_exposed` is set.
    pub demo: bool,
    /// Allows demo mode on a server reachable from other machines (`PLATZWAHL_DEMO_EXPOSED`),
    /// default off: only for a public demonstration with nothing but made-up data.
    pub demo_exposed: bool,
    /// The living demo (`[demo_sensors]`): in demo mode the server plays the demo building's
    /// desk sensors itself, so that the floor plans move from the first minute. People come in
    /// the morning, go for lunch and leave in the afternoon (hardly anyone at night or at the
    /// weekend); a desk booked in advance is used by its person except by some no-shows, whose
    /// bookings are then released; a desk booked on the day is taken within minutes. The
    /// messages go to the broker as Zigbee2MQTT messages of the demo sensors, the path of real
    /// sensors; at an external broker one instance at a time plays. Outside demo mode nothing
    /// is ever played.
    pub demo_sensors: DemoSensorSettings,
    /// Directory with the built web assets (`PLATZWAHL_SITE_ROOT`): the `pkg/` folder made by
    /// `scripts/site`. Default `target/site`.
    pub site_root: PathBuf,
    /// Log filter in `tracing` syntax (`PLATZWAHL_LOG`), default `info`.
    pub log: String,
    /// Where `/metrics` (Prometheus text format) is served, on a listener of its own
    /// (`PLATZWAHL_METRICS_LISTEN`), for example `127.0.0.1:9464`. Unset (the default): not
    /// served. The metrics hold counts by kind only (requests by route, bookings by outcome,
    /// sensor messages, jobs, the database pool), never a person, desk or room; still, keep
    /// the listener off the public network.
    pub metrics_listen: Option<SocketAddr>,
    /// How log lines are written to standard error (`PLATZWAHL_LOG_FORMAT`): `text` (the
    /// default) or `json`, one object per line for a log collector. Either way every line
    /// of a request carries its id (`x-request-id`).
    pub log_format: LogFormat,
    /// Occupancy sensors: decoding, debouncing, retention (`[sensors]` in the file; single
    /// fields from the environment as `PLATZWAHL_SENSORS__CLIENT_ID` and so on).
    pub sensors: SensorSettings,
    /// Sign-in, sessions and invitations (`[auth]` in the file; `PLATZWAHL_AUTH__PUBLIC_URL`
    /// and so on).
    pub auth: AuthSettings,
    /// Booking: when the working day starts, how often no-shows are looked for.
    pub booking: BookingSettings,
    /// Privacy: how long past bookings keep who made them (`[privacy]`).
    pub privacy: PrivacySettings,
    /// Reports: the minimum group size, when sensors need looking after (`[reports]`).
    pub reports: ReportsSettings,
    /// The web layer behind a reverse proxy (`[web]`).
    pub web: WebSettings,
    /// What shows a person is there when they check in by QR code or passkey (`[checkin]`).
    pub checkin: CheckinSettings,
    /// Single sign-on: each organisation's OpenID Connect provider (`[[oidc.providers]]`).
    pub oidc: oidc::OidcSettings,
    /// E-mail notifications: the SMTP server (`[mail]`). Default: none, no mail is queued or
    /// sent.
    pub mail: mail::MailSettings,
    /// Web push notifications to the installed app (`[push]`). Default: off (no contact),
    /// nothing goes to a push service.
    pub push: push::PushSettings,
    /// Directory sync (LDAP): per organisation, the directory its people follow
    /// (`[[directories]]` in the file, one table per organisation; in the environment only as
    /// a whole list). See `platzwahl directory sync` and the README. Default: none.
    pub directories: Vec<DirectorySettings>,
}

/// The `[checkin]` section: a check-in by QR code or passkey counts only with evidence of
/// presence, so that a bookmarked check-in page does not check in from home. A badge is
/// evidence itself.
///
/// ```toml
/// [checkin]
/// networks = ["10.20.0.0/16"]
/// sensor_window_min = 10
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckinSettings {
    /// The building's networks (CIDR blocks): a check-in from one of them counts. Default:
    /// none (in demo mode, which serves loopback only: this machine).
    pub networks: Vec<String>,
    /// A check-in counts when the place's sensor has seen someone within this many minutes.
    /// Default 10.
    pub sensor_window_min: u32,
}

impl Default for CheckinSettings {
    fn default() -> Self {
        CheckinSettings {
            networks: Vec::new(),
            sensor_window_min: 10,
        }
    }
}

/// The `[web]` section.
///
/// ```toml
/// [web]
/// trusted_proxies = ["10.0.0.0/8", "127.0.0.1/32"]
/// ```
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WebSettings {
    /// Reverse proxies (CIDR blocks) whose `X-Forwarded-For` is believed: a request from one of
    /// them counts as coming from the address the proxy names (for the sign-in rate limits and
    /// the check-in networks). Default: none; the peer address is the client.
    pub trusted_proxies: Vec<String>,
    /// Where people report accessibility barriers (`PLATZWAHL_WEB__ACCESSIBILITY_CONTACT`): an
    /// e-mail address, a web address or a sentence, shown in the accessibility statement
    /// (`/barrierefreiheit`), which public bodies must offer (BGG NRW § 10b, BITV 2.0 § 7).
    /// Unset (the default): the statement says that no contact has been set and names this
    /// setting.
    pub accessibility_contact: Option<String>,
}

impl Settings {
    /// The building's networks for check-ins; in demo mode without any configured, this
    /// machine's loopback (demo mode serves nothing else).
    pub fn checkin_networks(&self) -> Result<Vec<ipnet::IpNet>, SettingsError> {
        let mut networks = self
            .checkin
            .networks
            .iter()
            .map(|entry| {
                parse_network(entry).ok_or_else(|| SettingsError::CheckinNetwork(entry.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if networks.is_empty() && self.demo && !self.demo_exposed {
            networks.extend(
                ["127.0.0.0/8", "::1/128"]
                    .iter()
                    .filter_map(|n| parse_network(n)),
            );
        }
        Ok(networks)
    }
}

/// A CIDR block, or a single address as a block of one.
fn parse_network(entry: &str) -> Option<ipnet::IpNet> {
    entry.parse::<ipnet::IpNet>().ok().or_else(|| {
        entry
            .parse::<std::net::IpAddr>()
            .ok()
            .map(ipnet::IpNet::from)
    })
}

impl WebSettings {
    /// The trusted proxies as networks; an entry that is no CIDR block (or address) is an
    /// error naming `web.trusted_proxies`.
    pub fn proxies(&self) -> Result<Vec<ipnet::IpNet>, SettingsError> {
        self.trusted_proxies
            .iter()
            .map(|entry| {
                parse_network(entry).ok_or_else(|| SettingsError::TrustedProxy(entry.clone()))
            })
            .collect()
    }
}

/// The `[privacy]` section.
///
/// ```toml
/// [privacy]
/// anonymise_after_days = 90
/// audit_keep_days = 365
/// notification_keep_days = 7
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacySettings {
    /// Days after which past desk bookings, room reservations and check-ins no longer say
    /// who they were (and reservations lose their subject and notes). Default 90.
    pub anonymise_after_days: u32,
    /// Days the audit log keeps an entry. Default 365.
    pub audit_keep_days: u32,
    /// Days a sent or given-up e-mail or push message is kept (its row says whom it told
    /// what, and when), then deleted, also while mail or push is off. Default 7.
    pub notification_keep_days: u32,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            anonymise_after_days: domain::retention::DEFAULT_ANONYMISE_AFTER_DAYS,
            audit_keep_days: 365,
            notification_keep_days: 7,
        }
    }
}

/// The `[reports]` section.
///
/// ```toml
/// [reports]
/// min_group_size = 5
/// sensor_offline_after_min = 360
/// low_battery_pct = 20
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReportsSettings {
    /// Report cells resting on fewer distinct people or desks are suppressed. Default 5; at
    /// least 2.
    pub min_group_size: u32,
    /// A sensor not heard from for this many minutes is listed as offline. Default 360.
    pub sensor_offline_after_min: u32,
    /// A sensor battery at or below this percentage is listed as low. Default 20.
    pub low_battery_pct: u32,
}

impl Default for ReportsSettings {
    fn default() -> Self {
        let d = domain::reports::ReportSettings::default();
        ReportsSettings {
            min_group_size: d.min_group,
            sensor_offline_after_min: d.offline_after_min,
            low_battery_pct: d.low_battery_pct,
        }
    }
}

impl ReportsSettings {
    /// As the services take them.
    pub fn to_service(&self) -> domain::reports::ReportSettings {
        domain::reports::ReportSettings {
            min_group: self.min_group_size,
            offline_after_min: self.sensor_offline_after_min,
            low_battery_pct: self.low_battery_pct,
        }
    }
}

/// The `[auth]` section: where people reach Platzwahl, and how long sign-ins last.
///
/// ```toml
/// [auth]
/// public_url = "https://platzwahl.example.org"
/// session_idle_minutes = 480
/// session_absolute_hours = 12
/// invitation_days = 14
/// sign_in_attempts_per_minute = 20
/// failed_sign_ins_per_account = 10
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// The address people open in their browser, such as `https://platzwahl.example.org`. Its
    /// host is the passkeys' relying-party id, its origin the only one allowed to send
    /// state-changing requests with a session cookie, and with `https` cookies are `Secure`.
    /// Default: `http://localhost:<port>` (development on this machine; passkeys need a host
    /// name, not an address).
    pub public_url: Option<String>,
    /// A session ends after this long without a request. Default 480 (a working day).
    pub session_idle_minutes: u32,
    /// A session ends this long after sign-in, however active. Default 12 (ASVS level 2).
    pub session_absolute_hours: u32,
    /// An invitation link is valid for this many days. Default 14.
    pub invitation_days: u32,
    /// Sign-in and passkey ceremony requests allowed per client address and minute. Default 20.
    pub sign_in_attempts_per_minute: u32,
    /// Failed passkey sign-ins of one account (a known passkey whose answer did not verify)
    /// within a minute, from any address, after which that account's sign-ins are refused
    /// until the minute is over. Default 10.
    pub failed_sign_ins_per_account: u32,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            public_url: None,
            session_idle_minutes: 480,
            session_absolute_hours: 12,
            invitation_days: 14,
            sign_in_attempts_per_minute: 20,
            failed_sign_ins_per_account: 10,
        }
    }
}

/// The `[booking]` section: no-shows.
///
/// ```toml
/// [booking]
/// workday_starts = "08:00"
/// release_sweep_secs = 60
/// requests_close = "18:00"
/// allocation_sweep_secs = 60
/// room_checkin_grace_min = 15
/// full_days_first = false
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BookingSettings {
    /// When the working day starts (local time, `HH:MM`): a morning or full-day booking's
    /// check-in grace period counts from here. Default `08:00`.
    pub workday_starts: String,
    /// How often bookings not checked in are looked at for release, in seconds (besides at
    /// once when a desk's sensor turns empty). Default 60.
    pub release_sweep_secs: u64,
    /// When requests for a day's allocation close, on the evening before (local time,
    /// `HH:MM`); the allocation runs then. Default `18:00`.
    pub requests_close: String,
    /// How often days whose requests have closed are looked for, in seconds. Default 60.
    pub allocation_sweep_secs: u64,
    /// Minutes after a room reservation starts within which somebody must check in; after
    /// them it is released if the room's sensor shows the room empty. Default 15.
    pub room_checkin_grace_min: u32,
    /// Whether the day allocation serves the most full days first (then the most half days
    /// they leave room for) instead of the most requests over the whole day, where a full day
    /// may give way to a morning and an afternoon. Default `false`.
    pub full_days_first: bool,
}

impl Default for BookingSettings {
    fn default() -> Self {
        BookingSettings {
            workday_starts: "08:00".to_owned(),
            release_sweep_secs: 60,
            requests_close: "18:00".to_owned(),
            allocation_sweep_secs: 60,
            room_checkin_grace_min: 15,
            full_days_first: false,
        }
    }
}

impl BookingSettings {
    /// [`BookingSettings::workday_starts`] as a time of day.
    pub fn workday_start(&self) -> Result<chrono::NaiveTime, SettingsError> {
        chrono::NaiveTime::parse_from_str(self.workday_starts.trim(), "%H:%M")
            .map_err(|_| SettingsError::WorkdayStarts(self.workday_starts.clone()))
    }

    /// What the day allocation serves first ([`BookingSettings::full_days_first`]).
    pub fn allocation_policy(&self) -> allocator::Policy {
        if self.full_days_first {
            allocator::Policy::FullDaysFirst
        } else {
            allocator::Policy::MostServed
        }
    }

    /// [`BookingSettings::requests_close`] as a time of day.
    pub fn requests_close(&self) -> Result<chrono::NaiveTime, SettingsError> {
        chrono::NaiveTime::parse_from_str(self.requests_close.trim(), "%H:%M")
            .map_err(|_| SettingsError::RequestsClose(self.requests_close.clone()))
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Plain text, for people.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The `[sensors]` section: how sensor messages are read, debounced and kept.
///
/// ```toml
/// [sensors]
/// client_id = "platzwahl-sensors"
/// retention_hours = 24
/// reconnect_max_ms = 2000
///
/// [sensors.presence]
/// quiet_time_secs = 600
/// offline_after_secs = 7200
///
/// [sensors.decoder]
/// zigbee2mqtt_base_topics = ["zigbee2mqtt"]
///
/// [[sensors.decoder.mappings]]
/// name = "acme-desk"
/// topic = "acme/+/{device}/up"
/// occupancy = "/data/occupied"
/// occupied = [true, "busy"]
/// vacant = [false, "free"]
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SensorSettings {
    /// Decoders: Zigbee2MQTT base topics, Home Assistant state topics and generic JSON
    /// mappings per sensor model (see the `sensors` crate's `DecoderConfig`). The demo
    /// building's desk sensors sit behind the first Zigbee2MQTT base topic.
    pub decoder: DecoderConfig,
    /// Quiet time (occupied turns vacant after this long without an occupied message) and
    /// offline time (unknown after this long without any message). Defaults: 10 minutes and
    /// 2 hours.
    pub presence: PresencePolicy,
    /// The MQTT client id of the ingestion; the broker keeps the session (and queues QoS 1
    /// messages) under it. The same on every instance: only the instance leading the
    /// ingestion connects ([`crate::live::Ingestion`]), so the session passes from one to the
    /// next. Default `platzwahl-sensors`.
    pub client_id: String,
    /// How long raw sensor messages are kept, in hours. Default 24.
    pub retention_hours: u32,
    /// The longest wait between two attempts to reach a lost broker, in milliseconds (the
    /// first wait is 500 ms and doubles). Default 2 000, so ingestion resumes within seconds
    /// of the broker's return.
    pub reconnect_max_ms: u64,
    /// Where badge readers publish the badges they read; `{device}` is the reader's code.
    /// Default `platzwahl/badge/{device}`.
    pub badge_topic: String,
}

impl Default for SensorSettings {
    fn default() -> Self {
        SensorSettings {
            decoder: DecoderConfig::default(),
            presence: PresencePolicy::default(),
            client_id: "platzwahl-sensors".to_string(),
            retention_hours: 24,
            reconnect_max_ms: 2_000,
            badge_topic: "platzwahl/badge/{device}".to_owned(),
        }
    }
}

impl SensorSettings {
    /// The badge topic as a pattern; it must name the reader with `{device}`.
    pub fn badge_pattern(&self) -> Result<sensors::TopicPattern, SettingsError> {
        let pattern = sensors::TopicPattern::parse(&self.badge_topic)
            .map_err(|err| SettingsError::BadgeTopic(err.to_string()))?;
        if self.badge_topic.contains("{device}") {
            Ok(pattern)
        } else {
            Err(SettingsError::BadgeTopic(format!(
                "`{}` has no `{{device}}` level for the reader's code",
                self.badge_topic
            )))
        }
    }

    /// The Zigbee2MQTT base topic the demo building's desk sensors use: the first configured.
    pub fn demo_zigbee2mqtt_base(&self) -> &str {
        self.decoder
            .zigbee2mqtt_base_topics
            .first()
            .map_or("zigbee2mqtt", String::as_str)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            database_max_connections: DEFAULT_MAX_CONNECTIONS,
            migrate: true,
            mqtt_url: None,
            mqtt_username: None,
            mqtt_password: None,
            mqtt_ca_file: None,
            mqtt_embedded_listen: SocketAddr::from(([127, 0, 0, 1], 1884)),
            mqtt_embedded_anonymous: None,
            demo: false,
            demo_exposed: false,
            demo_sensors: DemoSensorSettings::default(),
            site_root: PathBuf::from("target/site"),
            log: "info".to_string(),
            log_format: LogFormat::Text,
            metrics_listen: None,
            sensors: SensorSettings::default(),
            auth: AuthSettings::default(),
            booking: BookingSettings::default(),
            privacy: PrivacySettings::default(),
            reports: ReportsSettings::default(),
            web: WebSettings::default(),
            checkin: CheckinSettings::default(),
            oidc: oidc::OidcSettings::default(),
            mail: mail::MailSettings::default(),
            push: push::PushSettings::default(),
            directories: Vec::new(),
        }
    }
}

/// Why the settings could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// `[booking] workday_starts` is not a time of day.
    #[error("booking.workday_starts: `{0}` is not a time of day like 08:00")]
    WorkdayStarts(String),
    /// `[booking] requests_close` is not a time of day.
    #[error("booking.requests_close: `{0}` is not a time of day like 18:00")]
    RequestsClose(String),
    /// `[sensors] badge_topic` is not a usable topic pattern.
    #[error("sensors.badge_topic: {0}")]
    BadgeTopic(String),
    /// The file or an environment variable has a wrong value.
    #[error("invalid settings: {0}")]
    Invalid(#[from] Box<figment::Error>),
    /// Demo mode on a server others can reach, without `demo_exposed`.
    #[error(
        "invalid settings: demo mode lets anyone sign in without a passkey, and this server {0}; \
         set demo_exposed = true (PLATZWAHL_DEMO_EXPOSED=true) only for a public demonstration \
         with made-up data"
    )]
    DemoExposed(&'static str),
    /// A building network for check-ins is no network.
    #[error("invalid settings: checkin.networks: `{0}` is not a CIDR block like 10.20.0.0/16")]
    CheckinNetwork(String),
    /// A trusted proxy is no network.
    #[error("invalid settings: web.trusted_proxies: `{0}` is not a CIDR block like 10.0.0.0/8")]
    TrustedProxy(String),
    /// The database URL is of an unsupported kind.
    #[error(
        "invalid settings: database_url must start with sqlite: or postgres:// (got a URL starting with {0:?})"
    )]
    DatabaseUrl(String),
    /// The embedded broker would listen beyond loopback.
    #[error(
        "invalid settings: mqtt_embedded_listen: the embedded broker lets clients in without a login (demo mode, or mqtt_embedded_anonymous = true) and so listens on loopback only (got {0}); set mqtt_embedded_anonymous = false so that every device logs in with a device token of scope mqtt, or use a broker with one login per device (mqtt_url, see the README)"
    )]
    EmbeddedBrokerExposed(SocketAddr),
    /// The MQTT URL is of an unsupported kind.
    #[error("invalid settings: mqtt_url must start with mqtt:// or mqtts://")]
    MqttUrl,
    /// The public URL is not an absolute http(s) URL with a host.
    #[error(
        "invalid settings: auth.public_url must be an absolute http:// or https:// URL with a host name (got {0:?})"
    )]
    PublicUrl(String),
    /// A duration or limit is zero.
    #[error("invalid settings: {0} must be greater than zero")]
    Zero(&'static str),
    /// The minimum group size of reports is below 2.
    #[error("invalid settings: reports.min_group_size must be at least 2 (got {0})")]
    MinGroupSize(u32),
    /// A single sign-on provider is configured wrongly.
    #[error(transparent)]
    Oidc(#[from] oidc::OidcSettingsError),
    /// A directory (`[[directories]]`) is not usable.
    #[error("invalid settings: {0}")]
    Directory(String),
    /// The `[mail]` section is not usable.
    #[error("invalid settings: {0}")]
    Mail(String),
    /// The `[push]` section is not usable.
    #[error("invalid settings: {0}")]
    Push(String),
    /// The sensor decoder configuration is inconsistent.
    #[error("invalid settings: sensors.decoder: {0}")]
    Decoder(#[from] sensors::ConfigError),
}

/// Where the MQTT broker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broker {
    /// The broker embedded in this process, listening at this address.
    Embedded(SocketAddr),
    /// An external broker.
    External {
        /// Host name or address.
        host: String,
        /// Port.
        port: u16,
        /// Whether to use TLS.
        tls: bool,
    },
}

impl Settings {
    /// Reads the settings: defaults, then the TOML file if given, then `PLATZWAHL_*`
    /// environment variables.
    pub fn load(file: Option<&Path>) -> Result<Settings, SettingsError> {
        let mut figment = Figment::new();
        if let Some(file) = file {
            figment = figment.merge(Toml::file_exact(file));
        }
        Self::extract(figment.merge(Env::prefixed("PLATZWAHL_").ignore(&["config"]).split("__")))
    }

    /// The settings `figment` holds, checked.
    fn extract(figment: Figment) -> Result<Settings, SettingsError> {
        let settings: Settings = figment.extract().map_err(Box::new)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the settings as a whole (`load` does; call it again after changing a field).
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.demo && !self.demo_exposed {
            if !self.listen.ip().is_loopback() {
                return Err(SettingsError::DemoExposed(
                    "listens beyond loopback (listen)",
                ));
            }
            if self
                .auth
                .public_url
                .as_deref()
                .is_some_and(|url| url.starts_with("https:"))
            {
                return Err(SettingsError::DemoExposed(
                    "has an https public URL (auth.public_url)",
                ));
            }
        }
        if let Some(url) = &self.database_url {
            let url = url.expose();
            if !(url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"))
            {
                let scheme: String = url.chars().take_while(|c| *c != ':').take(16).collect();
                return Err(SettingsError::DatabaseUrl(scheme));
            }
        }
        self.broker()?;
        self.web.proxies()?;
        self.checkin_networks()?;
        self.sensors.decoder.validate()?;
        self.oidc.validate()?;
        self.mail.validate()?;
        self.push.validate()?;
        directory::validate(&self.directories)?;
        if let Some(url) = &self.auth.public_url {
            let parsed = url::Url::parse(url).map_err(|_| SettingsError::PublicUrl(url.clone()))?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
                return Err(SettingsError::PublicUrl(url.clone()));
            }
        }
        if self.reports.min_group_size < 2 {
            return Err(SettingsError::MinGroupSize(self.reports.min_group_size));
        }
        for (name, value) in [
            ("privacy.audit_keep_days", self.privacy.audit_keep_days),
            (
                "privacy.notification_keep_days",
                self.privacy.notification_keep_days,
            ),
            ("auth.session_idle_minutes", self.auth.session_idle_minutes),
            (
                "auth.session_absolute_hours",
                self.auth.session_absolute_hours,
            ),
            ("auth.invitation_days", self.auth.invitation_days),
            ("demo_sensors.pace", self.demo_sensors.pace),
            (
                "auth.sign_in_attempts_per_minute",
                self.auth.sign_in_attempts_per_minute,
            ),
            (
                "auth.failed_sign_ins_per_account",
                self.auth.failed_sign_ins_per_account,
            ),
        ] {
            if value == 0 {
                return Err(SettingsError::Zero(name));
            }
        }
        Ok(())
    }

    /// What is stored and for how long, for the record of processing.
    pub fn processing_record(&self) -> wire::model::reports::ProcessingRecord {
        use wire::model::reports::{DataKind, Keep, ProcessingRecord};
        let anonymised = Keep::DaysThenAnonymised(self.privacy.anonymise_after_days);
        ProcessingRecord {
            entries: vec![
                (DataKind::People, Keep::WhileActive),
                (
                    DataKind::Credentials,
                    Keep::Session {
                        idle_minutes: self.auth.session_idle_minutes,
                        absolute_hours: self.auth.session_absolute_hours,
                    },
                ),
                (DataKind::DeskBookings, anonymised),
                (DataKind::RoomReservations, anonymised),
                (DataKind::CheckIns, anonymised),
                (
                    DataKind::SensorEvents,
                    Keep::Hours(self.sensors.retention_hours),
                ),
                (DataKind::SensorState, Keep::Current),
                (DataKind::Aggregates, Keep::Unlimited),
                (DataKind::AuditLog, Keep::Days(self.privacy.audit_keep_days)),
                (
                    DataKind::Notifications,
                    Keep::Days(self.privacy.notification_keep_days),
                ),
            ],
            min_group: self.reports.min_group_size,
        }
    }

    /// How the sensor ingestion reaches the broker: the external one with its credentials, or
    /// the embedded one (on the loopback address if it listens on all interfaces).
    pub fn mqtt(&self) -> MqttSettings {
        let url = match &self.mqtt_url {
            Some(url) => url.expose().to_string(),
            None => {
                let listen = self.mqtt_embedded_listen;
                let host = if listen.ip().is_unspecified() {
                    "127.0.0.1".to_string()
                } else {
                    listen.ip().to_string()
                };
                format!("mqtt://{host}:{}", listen.port())
            }
        };
        MqttSettings {
            url,
            username: self.mqtt_username.clone(),
            password: self
                .mqtt_password
                .as_ref()
                .map(|secret| Password::new(secret.expose())),
            client_id: self.sensors.client_id.clone(),
            ca_file: self.mqtt_ca_file.clone(),
            // One instance ingests at a time and must see every message of a sensor: the
            // traffic is never split.
            shared_group: None,
            reconnect_max_ms: self.sensors.reconnect_max_ms,
            ..MqttSettings::default()
        }
    }

    /// Whether the embedded broker lets clients in without a login: as set, else in demo
    /// mode only.
    pub fn mqtt_embedded_anonymous(&self) -> bool {
        self.mqtt_embedded_anonymous.unwrap_or(self.demo)
    }

    /// The database URL to connect to.
    pub fn database_url(&self) -> Secret {
        match &self.database_url {
            Some(url) => url.clone(),
            None => Secret::new(format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("platzwahl.db").display()
            )),
        }
    }

    /// The public URL people open, for a server listening at `listen`: the configured one, or
    /// `http://localhost:<port>`.
    pub fn public_url(&self, listen: SocketAddr) -> Result<url::Url, SettingsError> {
        let text = self
            .auth
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://localhost:{}", listen.port()));
        url::Url::parse(&text).map_err(|_| SettingsError::PublicUrl(text))
    }

    /// Whether the database is a local SQLite file.
    pub fn is_sqlite(&self) -> bool {
        self.database_url().expose().starts_with("sqlite:")
    }

    /// Where the MQTT broker is.
    pub fn broker(&self) -> Result<Broker, SettingsError> {
        let Some(url) = &self.mqtt_url else {
            // Anyone who reaches an embedded broker without logins could publish badge reads
            // and presence: such a broker serves this machine only.
            if self.mqtt_embedded_anonymous() && !self.mqtt_embedded_listen.ip().is_loopback() {
                return Err(SettingsError::EmbeddedBrokerExposed(
                    self.mqtt_embedded_listen,
                ));
            }
            return Ok(Broker::Embedded(self.mqtt_embedded_listen));
        };
        let url = url.expose();
        let (tls, rest) = if let Some(rest) = url.strip_prefix("mqtts://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("mqtt://") {
            (false, rest)
        } else {
            return Err(SettingsError::MqttUrl);
        };
        let authority = rest.split('/').next().unwrap_or_default();
        let host_port = authority.rsplit('@').next().unwrap_or_default();
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().map_err(|_| SettingsError::MqttUrl)?),
            None => (host_port, if tls { 8883 } else { 1883 }),
        };
        if host.is_empty() {
            return Err(SettingsError::MqttUrl);
        }
        Ok(Broker::External {
            host: host.to_string(),
            port,
            tls,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_use_a_local_sqlite_file_and_the_embedded_broker() {
        let settings = Settings::default();
        assert_eq!(
            settings.database_url().expose(),
            "sqlite://data/platzwahl.db?mode=rwc"
        );
        assert!(matches!(settings.broker(), Ok(Broker::Embedded(_))));
        assert!(!settings.demo, "a fresh install is no demo");
        assert_eq!(settings.auth.session_absolute_hours, 12, "ASVS level 2");
        assert!(settings.web.trusted_proxies.is_empty());
        assert!(settings.checkin.networks.is_empty());
        assert_eq!(
            settings.booking.allocation_policy(),
            allocator::Policy::MostServed,
            "the most requests over the whole day"
        );
    }

    #[test]
    fn check_ins_count_from_the_configured_networks_and_in_demo_mode_from_this_machine() {
        let loopback: std::net::IpAddr = std::net::Ipv4Addr::LOCALHOST.into();
        let fresh = Settings::default();
        assert_eq!(fresh.checkin_networks().map(|n| n.len()).ok(), Some(0));
        let demo = Settings {
            demo: true,
            ..Settings::default()
        };
        let networks = demo.checkin_networks().unwrap_or_default();
        assert!(networks.iter().any(|n| n.contains(&loopback)));
        let mut building = Settings::default();
        building.checkin.networks = vec!["10.20.0.0/16".into(), "192.0.2.7".into()];
        let networks = building.checkin_networks().unwrap_or_default();
        assert_eq!(networks.len(), 2);
        assert!(!networks.iter().any(|n| n.contains(&loopback)));
        building.checkin.networks = vec!["das Haus".into()];
        let message = building.validate().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("checkin.networks")));
    }

    #[test]
    fn demo_mode_is_refused_beyond_loopback_and_behind_https_unless_forced_by_name() {
        let local = Settings {
            demo: true,
            ..Settings::default()
        };
        assert!(local.validate().is_ok());
        let wide = Settings {
            demo: true,
            listen: SocketAddr::from(([0, 0, 0, 0], 3000)),
            ..Settings::default()
        };
        let message = wide.validate().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("demo_exposed") && m.contains("listen")));
        let mut https = Settings {
            demo: true,
            ..Settings::default()
        };
        https.auth.public_url = Some("https://platzwahl.example".to_string());
        let message = https.validate().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("demo_exposed") && m.contains("public_url")));
        let forced = Settings {
            demo_exposed: true,
            ..wide
        };
        assert!(forced.validate().is_ok());
    }

    #[test]
    fn the_embedded_broker_without_logins_is_refused_beyond_loopback() {
        let wide = SocketAddr::from(([0, 0, 0, 0], 1884));
        // A real install: every device logs in, so the broker may serve the building.
        let logins = Settings {
            mqtt_embedded_listen: wide,
            ..Settings::default()
        };
        assert!(!logins.mqtt_embedded_anonymous(), "logins by default");
        assert!(logins.validate().is_ok());
        // Anonymous clients (asked for, or demo mode) only on loopback; the refusal names
        // both settings.
        for settings in [
            Settings {
                mqtt_embedded_anonymous: Some(true),
                ..logins.clone()
            },
            Settings {
                demo: true,
                demo_exposed: true,
                ..logins.clone()
            },
        ] {
            let message = settings.validate().err().map(|e| e.to_string());
            assert!(
                message
                    .as_deref()
                    .is_some_and(|m| m.contains("mqtt_embedded_listen")
                        && m.contains("mqtt_embedded_anonymous")),
                "{message:?}"
            );
        }
        assert!(
            Settings {
                demo: true,
                ..Settings::default()
            }
            .mqtt_embedded_anonymous(),
            "the demo's sensors publish without a login on this machine"
        );
        let exposed = Settings {
            mqtt_embedded_anonymous: Some(true),
            ..logins
        };
        // With an external broker the embedded one does not run: no objection.
        let external = Settings {
            mqtt_url: Some(Secret::new("mqtts://broker.example:8883")),
            ..exposed
        };
        assert!(external.validate().is_ok());
    }

    #[test]
    fn an_external_broker_url_gives_host_port_and_tls() {
        let settings = Settings {
            mqtt_url: Some(Secret::new("mqtts://user:pw@broker.example:8884")),
            ..Settings::default()
        };
        assert_eq!(
            settings.broker().ok(),
            Some(Broker::External {
                host: "broker.example".into(),
                port: 8884,
                tls: true
            })
        );
    }

    #[test]
    fn an_unknown_database_scheme_is_refused_with_a_clear_message() {
        let settings = Settings {
            database_url: Some(Secret::new("mysql://root@localhost/x")),
            ..Settings::default()
        };
        let message = settings.validate().err().map(|e| e.to_string());
        assert!(
            message.is_some_and(|m| m.contains("sqlite: or postgres://") && m.contains("mysql"))
        );
    }

    #[test]
    fn a_minimum_group_below_two_and_an_audit_kept_zero_days_are_refused_by_name() {
        let mut settings = Settings::default();
        settings.reports.min_group_size = 1;
        let message = settings.validate().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("reports.min_group_size")));
        let mut settings = Settings::default();
        settings.privacy.audit_keep_days = 0;
        let message = settings.validate().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("privacy.audit_keep_days")));
        assert!(Settings::default().validate().is_ok());
    }

    #[test]
    fn the_record_of_processing_follows_the_settings() {
        use wire::model::reports::{DataKind, Keep};
        let mut settings = Settings::default();
        settings.privacy.anonymise_after_days = 30;
        settings.privacy.audit_keep_days = 180;
        settings.privacy.notification_keep_days = 3;
        settings.sensors.retention_hours = 6;
        settings.reports.min_group_size = 7;
        let record = settings.processing_record();
        let kept = |kind| {
            record
                .entries
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, keep)| *keep)
        };
        assert_eq!(
            kept(DataKind::DeskBookings),
            Some(Keep::DaysThenAnonymised(30))
        );
        assert_eq!(
            kept(DataKind::RoomReservations),
            Some(Keep::DaysThenAnonymised(30))
        );
        assert_eq!(kept(DataKind::SensorEvents), Some(Keep::Hours(6)));
        assert_eq!(kept(DataKind::AuditLog), Some(Keep::Days(180)));
        assert_eq!(kept(DataKind::Notifications), Some(Keep::Days(3)));
        assert_eq!(record.min_group, 7);
        assert_eq!(record.entries.len(), 10, "every kind of data is listed");
    }

    #[test]
    fn a_sensors_section_in_the_file_sets_base_topics_and_retention() {
        let dir = tempfile_dir();
        let file = dir.join("platzwahl.toml");
        let written = std::fs::write(
            &file,
            "[sensors]\nretention_hours = 6\n[sensors.decoder]\nzigbee2mqtt_base_topics = [\"z2m-haus\"]\n",
        );
        assert!(written.is_ok());
        let settings = Settings::load(Some(&file));
        let _ = std::fs::remove_dir_all(&dir);
        let settings = settings.map_err(|e| e.to_string());
        assert_eq!(settings.as_ref().map(|s| s.sensors.retention_hours), Ok(6));
        assert_eq!(
            settings
                .as_ref()
                .map(|s| s.sensors.demo_zigbee2mqtt_base().to_string()),
            Ok("z2m-haus".to_string())
        );
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "platzwahl-settings-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::create_dir_all(&dir);
        dir
    }

    #[test]
    fn the_embedded_broker_is_reached_on_loopback_with_the_configured_client_id() {
        let settings = Settings {
            mqtt_embedded_listen: SocketAddr::from(([0, 0, 0, 0], 1999)),
            ..Settings::default()
        };
        let mqtt = settings.mqtt();
        assert_eq!(mqtt.url, "mqtt://127.0.0.1:1999");
        assert_eq!(mqtt.client_id, "platzwahl-sensors");
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let settings = Settings {
            database_url: Some(Secret::new("postgres://u:hunter2@db/x")),
            ..Settings::default()
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }
}
