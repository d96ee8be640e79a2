//! The embedded MQTT broker (rumqttd), so sensors can connect to a fresh install.
//!
//! Unless it lets clients in anonymously (demo mode, on loopback only), every client logs in:
//! a sensor gateway or badge reader with a device token of scope `mqtt` (user name: the
//! token's name; password: the token), the server's own ingestion with a login made at start
//! and kept in memory. The broker has no per-topic access rules; a building that needs them
//! (a badge reader allowed only its own topic) uses an external broker such as Mosquitto.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use rumqttd::{Config, ConnectionSettings, RouterConfig, ServerSettings};

/// Largest MQTT message the embedded broker accepts: Zigbee2MQTT's device list exceeds 200 KB.
pub const MAX_PAYLOAD: usize = 4 * 1024 * 1024;

/// Why the embedded broker could not start.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The listen address is taken or not allowed.
    #[error("the embedded MQTT broker cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The broker thread could not be started.
    #[error("the embedded MQTT broker thread could not start: {0}")]
    Thread(std::io::Error),
}

/// Who may connect to the embedded broker.
#[derive(Clone)]
pub struct Access {
    /// Clients without a login are let in (demo mode, loopback only).
    pub anonymous: bool,
    /// The server's own login (user name, password), made at start.
    pub internal: (String, String),
    /// Where device tokens are looked up.
    pub db: sea_orm::DatabaseConnection,
    /// The server's runtime, which runs the look-ups (the broker runs its own).
    pub runtime: tokio::runtime::Handle,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access")
            .field("anonymous", &self.anonymous)
            .field("internal", &self.internal.0)
            .finish_non_exhaustive()
    }
}

impl Access {
    /// Access for a server whose ingestion connects with a new random login.
    pub fn new(
        anonymous: bool,
        db: sea_orm::DatabaseConnection,
    ) -> Result<Access, wire::error::AppError> {
        Ok(Access {
            anonymous,
            internal: (INTERNAL_USER.to_string(), domain::secret::generate("pwm_")?),
            db,
            runtime: tokio::runtime::Handle::current(),
        })
    }

    /// Whether a client logging in as `username` with `password` may connect.
    async fn allows(&self, username: String, password: String) -> bool {
        let (user, secret) = &self.internal;
        if username == *user {
            // Comparing the hashes tells a timing attacker nothing about the secret.
            return domain::secret::hash(&password) == domain::secret::hash(secret);
        }
        let db = self.db.clone();
        let lookup = self.runtime.spawn(async move {
            domain::account::device_may_connect(&db, &username, &password).await
        });
        match lookup.await {
            Ok(Ok(allowed)) => {
                if !allowed {
                    tracing::warn!("an MQTT client with an unknown or revoked login was refused");
                }
                allowed
            }
            Ok(Err(err)) => {
                tracing::error!(error = %err, "cannot look up an MQTT login; refused");
                false
            }
            Err(err) => {
                tracing::error!(error = %err, "the MQTT login look-up failed; refused");
                false
            }
        }
    }
}

/// The user name of the server's own ingestion at the embedded broker.
pub const INTERNAL_USER: &str = "platzwahl-server";

fn config(listen: SocketAddr, access: &Access) -> Config {
    let mut connections = ConnectionSettings {
        connection_timeout_ms: 60_000,
        max_payload_size: MAX_PAYLOAD,
        max_inflight_count: 500,
        auth: None,
        external_auth: None,
        dynamic_filters: true,
    };
    if !access.anonymous {
        let access = access.clone();
        connections.set_auth_handler(move |_client_id, username, password| {
            let access = access.clone();
            async move { access.allows(username, password).await }
        });
    }
    let server = ServerSettings {
        name: "platzwahl".to_string(),
        listen,
        tls: None,
        next_connection_delay_ms: 1,
        connections,
    };
    Config {
        id: 0,
        router: RouterConfig {
            max_connections: 10_000,
            max_outgoing_packet_count: 200,
            max_segment_size: 100 * 1024 * 1024,
            max_segment_count: 10,
            custom_segment: None,
            initialized_filters: None,
            shared_subscriptions_strategy: Default::default(),
        },
        v4: Some(HashMap::from([("v4".to_string(), server)])),
        v5: None,
        ws: None,
        cluster: None,
        console: None,
        bridge: None,
        prometheus: None,
        metrics: None,
    }
}

/// Starts the embedded broker on its own thread. Checks first that the address can be bound,
/// so a taken port is a clear start-up error rather than a silent broker failure.
pub fn start(listen: SocketAddr, access: Access) -> Result<(), BrokerError> {
    let anonymous = access.anonymous;
    drop(
        std::net::TcpListener::bind(listen).map_err(|source| BrokerError::Bind {
            addr: listen,
            source,
        })?,
    );
    std::thread::Builder::new()
        .name("mqtt-broker".to_string())
        .spawn(move || {
            let mut broker = rumqttd::Broker::new(config(listen, &access));
            if let Err(err) = broker.start() {
                tracing::error!(error = %err, "embedded MQTT broker stopped");
            }
        })
        .map_err(BrokerError::Thread)?;
    tracing::info!(%listen, anonymous, "embedded MQTT broker started");
    Ok(())
}

/// Whether a TCP connection to the broker can be opened within a second.
pub async fn reachable(host: &str, port: u16) -> bool {
    matches!(
        tokio::time::timeout(
            Duration::from_secs(1),
            tokio::net::TcpStream::connect((host, port))
        )
        .await,
        Ok(Ok(_))
    )
}
