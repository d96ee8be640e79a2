//! What an administrator configures for the broker connection: [`MqttSettings`], the
//! [`Password`] that never shows, and [`MqttSetupError`], why the settings cannot be used.

use std::fmt;
use std::path::PathBuf;

use rumqttc::tokio_rustls::rustls;
use serde::Deserialize;

/// The smallest accepted packet size limit: 1 MiB.
pub const MIN_PACKET_BYTES: usize = 1024 * 1024;

/// A password that never shows in logs or serialised output.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Password(pub(super) String);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_in_debug_output() {
        let settings = MqttSettings {
            password: Some(Password::new("hunter2")),
            ..MqttSettings::default()
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }
}
