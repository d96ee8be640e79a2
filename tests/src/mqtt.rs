//! Sensor traffic for tests: publishing to a real broker, a private Mosquitto process on a
//! free port (for stopping and starting a broker), and reading the server's occupancy back.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};

use crate::db::TestDatabase;
use crate::server::{Server, free_port};

/// The system Mosquitto of the developers' and CI machines.
pub const MOSQUITTO: (&str, u16) = ("127.0.0.1", 1883);

/// Whether something accepts TCP connections at `host:port`.
pub fn reachable(host: &str, port: u16) -> bool {
    format!("{host}:{port}")
        .parse()
        .ok()
        .and_then(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok())
        .is_some()
}

/// A name no other test (in this or a parallel run) uses: for base topics and client ids.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Publishes one message with QoS 1 and waits for the broker's acknowledgement.
pub async fn publish(host: &str, port: u16, topic: &str, payload: &str) -> Result<(), String> {
    publish_as(&Connect::plain(host, port), topic, payload).await
}

/// How a test client reaches a broker: where, with which login, over TLS trusting which CA.
#[derive(Debug, Clone)]
pub struct Connect {
    /// Host name (for TLS, the name in the broker's certificate).
    pub host: String,
    /// Port.
    pub port: u16,
    /// User name and password, if any.
    pub login: Option<(String, String)>,
    /// A PEM file of the CA to trust: TLS when set.
    pub ca_file: Option<std::path::PathBuf>,
}

impl Connect {
    /// Plain TCP, no login.
    pub fn plain(host: &str, port: u16) -> Connect {
        Connect {
            host: host.to_string(),
            port,
            login: None,
            ca_file: None,
        }
    }

    /// The same with the login `user`, `password`.
    pub fn login(&self, user: &str, password: &str) -> Connect {
        Connect {
            login: Some((user.to_string(), password.to_string())),
            ..self.clone()
        }
    }

    fn options(&self) -> Result<MqttOptions, String> {
        let mut options = MqttOptions::new(unique("pw-test"), self.host.as_str(), self.port);
        options.set_keep_alive(Duration::from_secs(5));
        if let Some((user, password)) = &self.login {
            options.set_credentials(user.as_str(), password.as_str());
        }
        if let Some(ca_file) = &self.ca_file {
            // Both rustls crypto back-ends are compiled into the workspace: choose one.
            let _already_chosen = rustls::crypto::aws_lc_rs::default_provider().install_default();
            let ca = std::fs::read(ca_file).map_err(|e| e.to_string())?;
            options.set_transport(rumqttc::Transport::tls(ca, None, None));
        }
        Ok(options)
    }
}

/// Publishes one message with QoS 1 as `connect` says and waits for the broker's
/// acknowledgement; an error if the broker refuses the connection or does not acknowledge.
pub async fn publish_as(connect: &Connect, topic: &str, payload: &str) -> Result<(), String> {
    let (client, mut eventloop) = AsyncClient::new(connect.options()?, 10);
    client
        .publish(topic, QoS::AtLeastOnce, false, payload.as_bytes().to_vec())
        .await
        .map_err(|e| e.to_string())?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        match tokio::time::timeout_at(deadline, eventloop.poll()).await {
            Ok(Ok(Event::Incoming(Packet::PubAck(_)))) => break,
            Ok(Ok(_)) => {}
            Ok(Err(err)) => return Err(err.to_string()),
            Err(_) => return Err("no acknowledgement within 5 s".to_string()),
        }
    }
    let _ = client.disconnect().await;
    let _ = tokio::time::timeout(Duration::from_millis(200), eventloop.poll()).await;
    Ok(())
}

/// Publishes every `(topic, payload)` with QoS 1 over one connection, in order, and waits
/// until the broker has acknowledged them all: from then on the broker answers for them.
pub async fn publish_all(connect: &Connect, messages: &[(String, String)]) -> Result<(), String> {
    let (client, mut eventloop) = AsyncClient::new(connect.options()?, messages.len().max(1));
    for (topic, payload) in messages {
        client
            .publish(topic, QoS::AtLeastOnce, false, payload.clone())
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut acknowledged = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while acknowledged < messages.len() {
        match tokio::time::timeout_at(deadline, eventloop.poll()).await {
            Ok(Ok(Event::Incoming(Packet::PubAck(_)))) => acknowledged += 1,
            Ok(Ok(_)) => {}
            Ok(Err(err)) => return Err(err.to_string()),
            Err(_) => {
                return Err(format!(
                    "{acknowledged} of {} acknowledged within 30 s",
                    messages.len()
                ));
            }
        }
    }
    let _ = client.disconnect().await;
    let _ = tokio::time::timeout(Duration::from_millis(200), eventloop.poll()).await;
    Ok(())
}

/// Subscribes to `filter` as `connect` says and collects what arrives within `listen`
/// (after the subscription is acknowledged); an error if the broker refuses the connection.
pub async fn collect(
    connect: &Connect,
    filter: &str,
    listen: Duration,
    while_listening: impl std::future::Future<Output = ()>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let (client, mut eventloop) = AsyncClient::new(connect.options()?, 10);
    client
        .subscribe(filter, QoS::AtLeastOnce)
        .await
        .map_err(|e| e.to_string())?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        match tokio::time::timeout_at(deadline, eventloop.poll()).await {
            Ok(Ok(Event::Incoming(Packet::SubAck(_)))) => break,
            Ok(Ok(_)) => {}
            Ok(Err(err)) => return Err(err.to_string()),
            Err(_) => return Err("no subscription acknowledgement within 5 s".to_string()),
        }
    }
    let mut received = Vec::new();
    let receive = async {
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::Publish(message))) => {
                    received.push((message.topic.clone(), message.payload.to_vec()))
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    };
    let _ = tokio::time::timeout(listen, async {
        tokio::join!(receive, while_listening);
    })
    .await;
    let _ = client.disconnect().await;
    Ok(received)
}

/// A Zigbee2MQTT presence payload.
pub fn presence(present: bool) -> String {
    format!(r#"{{"presence": {present}, "linkquality": 120, "battery": 90}}"#)
}

/// The sensor state of one desk (`"occupied"`, `"vacant"`, `"unknown"`) on a floor, as
/// `GET /api/v1/occupancy?floor=N` reports it.
pub async fn desk_state(server: &Server, floor: i32, desk: &str) -> Option<String> {
    let body: serde_json::Value = server
        .get_signed_in(&format!("/api/v1/occupancy?floor={floor}"))
        .await
        .json()
        .await
        .ok()?;
    body["occupancy"]
        .as_array()?
        .iter()
        .find(|place| place["desk"] == desk)
        .and_then(|place| place["state"].as_str())
        .map(str::to_string)
}

/// The first desk on a floor that has a sensor, per `GET /api/v1/occupancy`.
pub async fn a_desk_with_a_sensor(server: &Server, floor: i32) -> String {
    let body: serde_json::Value = server
        .get_signed_in(&format!("/api/v1/occupancy?floor={floor}"))
        .await
        .json()
        .await
        .expect("occupancy JSON");
    body["occupancy"]
        .as_array()
        .and_then(|places| places.iter().find_map(|place| place["desk"].as_str()))
        .expect("a desk with a sensor")
        .to_string()
}

/// Every desk with a sensor on a floor, per `GET /api/v1/occupancy`.
pub async fn desks_with_sensors(server: &Server, floor: i32) -> Vec<String> {
    let body: serde_json::Value = server
        .get_signed_in(&format!("/api/v1/occupancy?floor={floor}"))
        .await
        .json()
        .await
        .expect("occupancy JSON");
    body["occupancy"]
        .as_array()
        .map(|places| {
            places
                .iter()
                .filter_map(|place| place["desk"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Publishes `payload` to `topic` every half second until `desk` on `floor` has `state`
/// (messages sent before the server subscribed are lost, so one is not enough); panics after
/// `within`.
pub async fn publish_until_state(
    server: &Server,
    broker: (&str, u16),
    topic: &str,
    payload: &str,
    (floor, desk): (i32, &str),
    state: &str,
    within: Duration,
) -> Duration {
    let start = Instant::now();
    loop {
        // A broker that is still starting may refuse; the deadline decides.
        let _ = publish(broker.0, broker.1, topic, payload).await;
        let wait_until = Instant::now() + Duration::from_millis(500);
        while Instant::now() < wait_until {
            if desk_state(server, floor, desk).await.as_deref() == Some(state) {
                return start.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let current = desk_state(server, floor, desk).await;
        assert!(
            start.elapsed() < within,
            "desk {desk} is not {state} within {within:?} (it is {current:?})"
        );
    }
}

/// Waits until `desk` on `floor` has `state`; panics after `within`.
pub async fn wait_for_state(
    server: &Server,
    (floor, desk): (i32, &str),
    state: &str,
    within: Duration,
) {
    let start = Instant::now();
    loop {
        let current = desk_state(server, floor, desk).await;
        if current.as_deref() == Some(state) {
            return;
        }
        assert!(
            start.elapsed() < within,
            "desk {desk} is not {state} within {within:?} (it is {current:?})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A private Mosquitto on a free port, stopped when dropped.
pub struct PrivateBroker {
    child: Option<Child>,
    /// Its port.
    pub port: u16,
}

/// The Mosquitto binary.
pub const MOSQUITTO_BIN: &str = "/usr/sbin/mosquitto";

impl PrivateBroker {
    /// Starts Mosquitto on a free port and waits until it accepts connections; `None` if
    /// there is no Mosquitto binary.
    pub fn start() -> Option<PrivateBroker> {
        if !std::path::Path::new(MOSQUITTO_BIN).exists() {
            return None;
        }
        let mut broker = PrivateBroker {
            child: None,
            port: free_port(),
        };
        broker.restart();
        Some(broker)
    }

    /// Stops the broker and waits until its port is closed.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the broker (again) on the same port and waits until it accepts connections.
    pub fn restart(&mut self) {
        self.stop();
        let child = Command::new(MOSQUITTO_BIN)
            .args(["-p", &self.port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mosquitto");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !reachable("127.0.0.1", self.port) {
            assert!(
                Instant::now() < deadline,
                "mosquitto did not start within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PrivateBroker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A private Mosquitto as a building would run it: TLS only (a certificate for `localhost`
/// signed by a CA made for the test), one login per device, an access control list, no
/// anonymous clients. Stopped when dropped.
pub struct SecuredBroker {
    child: Child,
    /// Its TLS port on 127.0.0.1.
    pub port: u16,
    /// The PEM file of the CA that signed its certificate.
    pub ca_file: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn run(program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl SecuredBroker {
    /// Starts it with `logins` (user name, password) and the ACL text `acl`; waits until it
    /// accepts connections.
    pub fn start(logins: &[(&str, &str)], acl: &str) -> SecuredBroker {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = |name: &str| dir.path().join(name).display().to_string();
        // A CA, and a server certificate for localhost signed by it (openssl, Debian's).
        run(
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=Platzwahl Test CA",
                "-keyout",
                &path("ca.key"),
                "-out",
                &path("ca.pem"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        run(
            "openssl",
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                &path("server.key"),
                "-out",
                &path("server.csr"),
            ],
        );
        std::fs::write(
            dir.path().join("server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n\
             basicConstraints=CA:FALSE\n",
        )
        .expect("write extensions");
        run(
            "openssl",
            &[
                "x509",
                "-req",
                "-in",
                &path("server.csr"),
                "-CA",
                &path("ca.pem"),
                "-CAkey",
                &path("ca.key"),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                &path("server.ext"),
                "-out",
                &path("server.pem"),
            ],
        );
        // One login per device, hashed by mosquitto_passwd.
        std::fs::write(dir.path().join("passwd"), "").expect("write passwd");
        for (user, password) in logins {
            run("mosquitto_passwd", &["-b", &path("passwd"), user, password]);
        }
        std::fs::write(dir.path().join("acl"), acl).expect("write acl");
        let port = free_port();
        std::fs::write(
            dir.path().join("mosquitto.conf"),
            format!(
                "per_listener_settings false\nallow_anonymous false\npersistence false\n\
                 password_file {passwd}\nacl_file {acl}\n\
                 listener {port} 127.0.0.1\ncafile {ca}\ncertfile {cert}\nkeyfile {key}\n\
                 tls_version tlsv1.2\nuser root\n",
                passwd = path("passwd"),
                acl = path("acl"),
                ca = path("ca.pem"),
                cert = path("server.pem"),
                key = path("server.key"),
            ),
        )
        .expect("write mosquitto.conf");
        let child = Command::new(MOSQUITTO_BIN)
            .args(["-c", &path("mosquitto.conf")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mosquitto");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !reachable("127.0.0.1", port) {
            assert!(
                Instant::now() < deadline,
                "mosquitto with TLS did not start within 10 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        SecuredBroker {
            child,
            port,
            ca_file: dir.path().join("ca.pem"),
            _dir: dir,
        }
    }

    /// How to reach it over TLS, without a login.
    pub fn connect(&self) -> Connect {
        Connect {
            host: "localhost".to_string(),
            port: self.port,
            login: None,
            ca_file: Some(self.ca_file.clone()),
        }
    }
}

impl Drop for SecuredBroker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many raw events are stored for the sensor of the desk labelled `desk`, in a PostgreSQL
/// test database.
pub async fn events_of(database: &TestDatabase, desk: &str) -> i64 {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    database
        .connection()
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT count(*) AS n FROM sensor_event e JOIN sensor s ON s.id = e.sensor_id \
             JOIN desk d ON d.id = s.desk_id WHERE d.label = $1",
            [desk.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}
