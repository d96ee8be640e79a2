//! Starts the real `platzwahl` binary on a free port with its own data directory, and stops
//! it when dropped.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// How to start the server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Database URL; `None` uses a fresh SQLite file in the server's own data directory.
    pub database_url: Option<String>,
    /// Turn demo mode off (tests start in demo mode unless told otherwise).
    pub demo_off: bool,
    /// Leave demo mode to the settings' default, as on a fresh install (`demo_off` is ignored).
    pub default_demo: bool,
    /// Extra `PLATZWAHL_*` environment variables.
    pub env: Vec<(String, String)>,
}

/// A running server.
pub struct Server {
    child: Child,
    /// Base URL, such as `http://127.0.0.1:40123`.
    pub url: String,
    /// The port of its embedded MQTT broker.
    pub mqtt_port: u16,
    /// Everything it logged so far. A line the server wrote a moment ago may not be here
    /// yet: wait for one with [`Server::wait_for_log`], read all with [`Server::finish`].
    pub log: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    viewer: Mutex<Option<String>>,
    _data: tempfile::TempDir,
}

/// The workspace root (the folder holding the root `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The `platzwahl` binary built next to this test binary (`target/debug/platzwahl`), or
/// `PLATZWAHL_BIN`.
pub fn binary() -> PathBuf {
    if let Ok(bin) = std::env::var("PLATZWAHL_BIN") {
        return PathBuf::from(bin);
    }
    let exe = std::env::current_exe().expect("test binary path");
    // target/debug/deps/<test> → target/debug/platzwahl
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target directory");
    dir.join("platzwahl")
}

/// The site root with the WASM and CSS built by scripts/site.
pub fn site_root() -> PathBuf {
    std::env::var("PLATZWAHL_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target").join("site"))
}

/// A TCP port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Runs `platzwahl` with `args` in a data directory, waits for it to finish, and returns its
/// exit status and what it wrote (standard output, then standard error).
pub fn run_command(args: &[&str], database_url: &str) -> (bool, String) {
    let data = tempfile::tempdir().expect("temp dir");
    let output = Command::new(binary())
        .args(args)
        .env("PLATZWAHL_DATA_DIR", data.path())
        .env("PLATZWAHL_DATABASE_URL", database_url)
        .output()
        .expect("run platzwahl");
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

impl Server {
    /// Starts the server and waits until it listens (at most 120 s: the demo building is
    /// seeded on first start).
    pub fn start(options: Options) -> Server {
        // The embedded broker's port was free a moment ago; a parallel test may have taken it
        // since. A server that exits at once because its port is in use gets new ports.
        for _ in 0..3 {
            match Server::try_start(&options) {
                Ok(server) => return server,
                Err((log, true)) if log.contains("in use") => continue,
                Err((log, _)) => {
                    panic!("platzwahl did not start listening within 120 s; its log:\n{log}")
                }
            }
        }
        panic!("platzwahl found no free port in three attempts");
    }

    /// Starts the server once; on failure its log and whether it exited by itself.
    fn try_start(options: &Options) -> Result<Server, (String, bool)> {
        let bin = binary();
        assert!(
            bin.exists(),
            "{} does not exist: run `make test`, which builds it",
            bin.display()
        );
        let data = tempfile::tempdir().expect("temp dir");
        let mqtt_port = free_port();
        let mut command = Command::new(&bin);
        command
            .arg("serve")
            .env("PLATZWAHL_LISTEN", "127.0.0.1:0")
            .env("PLATZWAHL_DATA_DIR", data.path())
            .env(
                "PLATZWAHL_MQTT_EMBEDDED_LISTEN",
                format!("127.0.0.1:{mqtt_port}"),
            )
            .env("PLATZWAHL_SITE_ROOT", site_root())
            .env("PLATZWAHL_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if options.default_demo {
            command.env_remove("PLATZWAHL_DEMO");
        } else {
            command.env(
                "PLATZWAHL_DEMO",
                if options.demo_off { "false" } else { "true" },
            );
        }
        if let Some(url) = &options.database_url {
            command.env("PLATZWAHL_DATABASE_URL", url);
        }
        // The demo plays its own desk sensors, which would publish for the desks the tests
        // publish for: off, unless a test turns it on in `env`.
        command.env("PLATZWAHL_DEMO_SENSORS__SIMULATE", "false");
        for (key, value) in &options.env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start platzwahl");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let log_writer = Arc::clone(&log);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(start) = line.find("listening on http://") {
                    // Plain text ends with the URL; a JSON line goes on after a quote.
                    let url = line[start + "listening on ".len()..]
                        .split(['"', ' '])
                        .next()
                        .unwrap_or_default()
                        .trim_end_matches('/')
                        .to_string();
                    let _ = tx.send(url);
                }
                log_writer.lock().expect("log lock").push(line);
            }
        });
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(url) => Ok(Server {
                child,
                url,
                mqtt_port,
                log,
                reader: Some(reader),
                viewer: Mutex::new(None),
                _data: data,
            }),
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                let exited = error == mpsc::RecvTimeoutError::Disconnected;
                Err((log.lock().expect("log lock").join("\n"), exited))
            }
        }
    }

    /// The absolute URL of a path.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Sends SIGTERM and waits for the process to end; returns whether it exited cleanly.
    pub fn terminate(self) -> bool {
        self.finish().0
    }

    /// Sends SIGTERM, waits for the process to end and for the last line of its log; returns
    /// whether it exited cleanly and everything it logged. For checking what the log does
    /// not hold: lines written just before are not missed.
    pub fn finish(mut self) -> (bool, String) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let mut clean = false;
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                clean = status.success();
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if !clean {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The process is gone, so its end of the pipe is closed and the reader ends.
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let log = self.log.lock().expect("log lock").join("\n");
        (clean, log)
    }

    /// Waits up to 10 s for a log line containing `needle`; returns whether one came.
    pub async fn wait_for_log(&self, needle: &str) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if self
                .log
                .lock()
                .expect("log lock")
                .iter()
                .any(|line| line.contains(needle))
            {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Signing in, for tests of a server in demo mode.
impl Server {
    /// The same server under the host name `localhost`, as passkeys need.
    pub fn localhost(&self, path: &str) -> String {
        format!("{}{path}", self.url.replacen("127.0.0.1", "localhost", 1))
    }

    /// Signs in as the first demo person holding `role` (its most special role, as the demo
    /// list shows it) and returns the `Cookie` header value of the session.
    pub async fn demo_session(&self, role: &str) -> String {
        let people = self.demo_people().await;
        let person = people
            .iter()
            .find(|p| {
                p["roles"]
                    .as_array()
                    .and_then(|roles| roles.last())
                    .and_then(|r| r.as_str())
                    == Some(role)
            })
            .unwrap_or_else(|| panic!("no demo person with the role {role}: {people:?}"));
        self.session_of(person["id"].as_i64().expect("id")).await
    }

    /// The demo people one may sign in as (`GET /api/v1/auth/demo-people`).
    pub async fn demo_people(&self) -> Vec<serde_json::Value> {
        let people: serde_json::Value = reqwest::get(self.at("/api/v1/auth/demo-people"))
            .await
            .expect("demo people")
            .json()
            .await
            .expect("demo people JSON");
        people.as_array().expect("a list").clone()
    }

    /// Signs in as the demo person `person_id`; returns the `Cookie` header value.
    pub async fn session_of(&self, person_id: i64) -> String {
        let response = reqwest::Client::new()
            .post(self.at("/api/v1/auth/demo-sign-in"))
            .json(&serde_json::json!({ "person": person_id }))
            .send()
            .await
            .expect("demo sign-in");
        assert_eq!(response.status().as_u16(), 200, "demo sign-in");
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("a session cookie");
        cookie.split(';').next().expect("name=value").to_string()
    }

    /// A client that sends `cookie` and this site's `Origin`, as a page of the site would, and
    /// does not follow redirects.
    pub fn client_with(&self, cookie: &str) -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            reqwest::header::HeaderValue::from_str(cookie).expect("cookie header"),
        );
        headers.insert(
            reqwest::header::ORIGIN,
            reqwest::header::HeaderValue::from_str(&self.url).expect("origin header"),
        );
        reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// The session cookie of a demo employee, signed in once per server and reused (for tests
    /// that poll).
    pub async fn viewer_cookie(&self) -> String {
        let cached = self.viewer.lock().expect("viewer lock").clone();
        if let Some(cookie) = cached {
            return cookie;
        }
        let cookie = self.demo_session("employee").await;
        *self.viewer.lock().expect("viewer lock") = Some(cookie.clone());
        cookie
    }

    /// A GET of `path` as a signed-in demo employee.
    pub async fn get_signed_in(&self, path: &str) -> reqwest::Response {
        let cookie = self.viewer_cookie().await;
        self.client_with(&cookie)
            .get(self.at(path))
            .send()
            .await
            .expect("GET")
    }

    /// Creates an employee through `POST /api/v1/people` as the organisation administrator
    /// `admin` (must succeed); the new person's id.
    pub async fn create_employee(&self, admin: &reqwest::Client, name: &str, email: &str) -> i64 {
        let response = admin
            .post(self.at("/api/v1/people"))
            .json(
                &serde_json::json!({ "display_name": name, "email": email, "roles": ["employee"] }),
            )
            .send()
            .await
            .expect("create a person");
        assert_eq!(response.status().as_u16(), 201, "person created");
        let created: serde_json::Value = response.json().await.expect("JSON");
        created["id"].as_i64().expect("an id")
    }

    /// A new invitation link for the person `id`, issued by `admin` (must succeed).
    pub async fn invitation_link(&self, admin: &reqwest::Client, id: i64) -> String {
        let response = admin
            .post(self.at(&format!("/api/v1/people/{id}/invitations")))
            .send()
            .await
            .expect("invite");
        assert_eq!(response.status().as_u16(), 201, "invitation issued");
        let invitation: serde_json::Value = response.json().await.expect("JSON");
        invitation["link"].as_str().expect("a link").to_string()
    }

    /// A client signed in as the first demo person holding `role`.
    pub async fn demo_client(&self, role: &str) -> reqwest::Client {
        let cookie = self.demo_session(role).await;
        self.client_with(&cookie)
    }
}

/// Starts the server on a fresh database of `backend` (SQLite: its own file); `None` when
/// PostgreSQL is unreachable outside CI. Stop it with [`stop`].
pub async fn start(
    backend: crate::db::Backend,
) -> Option<(Server, Option<crate::db::TestDatabase>)> {
    start_with(backend, Options::default()).await
}

/// [`start`] with `options` (their database URL is replaced).
pub async fn start_with(
    backend: crate::db::Backend,
    options: Options,
) -> Option<(Server, Option<crate::db::TestDatabase>)> {
    match backend {
        crate::db::Backend::Sqlite => Some((Server::start(options), None)),
        crate::db::Backend::Postgres => {
            let database = crate::db::TestDatabase::create(crate::db::Backend::Postgres).await?;
            let server = Server::start(Options {
                database_url: Some(database.url().to_owned()),
                ..options
            });
            Some((server, Some(database)))
        }
    }
}

/// Stops a server from [`start`] (it must stop cleanly) and removes its database.
pub async fn stop(server: Server, database: Option<crate::db::TestDatabase>) {
    stop_with_log(server, database).await;
}

/// [`stop`], returning everything the server logged (see [`Server::finish`]).
pub async fn stop_with_log(server: Server, database: Option<crate::db::TestDatabase>) -> String {
    let (clean, log) = server.finish();
    assert!(clean, "the server stops cleanly");
    if let Some(database) = database {
        database.remove().await;
    }
    log
}

/// Today in the demo building's time zone (Europe/Berlin).
pub fn today() -> chrono::NaiveDate {
    domain::booking::rules::today(domain::topology::DEFAULT_TZ, chrono::Utc::now())
}

/// The day `days` after today in the building's time zone.
pub fn in_days(days: i64) -> chrono::NaiveDate {
    today() + chrono::Duration::days(days)
}

/// The `type` of a problem document, checking that the response is one.
pub async fn problem_type(response: reqwest::Response) -> String {
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: serde_json::Value = response.json().await.expect("a problem document");
    body["type"].as_str().expect("a problem type").to_string()
}

/// The first desk that `wanted` picks on any floor on `day`, as `client` sees it in
/// `GET /api/v1/availability`: its floor's level and its JSON.
pub async fn find_desk(
    server: &Server,
    client: &reqwest::Client,
    day: chrono::NaiveDate,
    wanted: impl Fn(&serde_json::Value) -> bool,
) -> Option<(i64, serde_json::Value)> {
    for level in -1..=6 {
        let response = client
            .get(server.at(&format!(
                "/api/v1/availability?floor={level}&day={day}&slot=full_day"
            )))
            .send()
            .await
            .expect("availability");
        if !response.status().is_success() {
            continue;
        }
        let floor: serde_json::Value = response.json().await.expect("availability JSON");
        if let Some(desk) = floor["desks"]
            .as_array()
            .and_then(|desks| desks.iter().find(|d| wanted(d)))
        {
            return Some((level, desk.clone()));
        }
    }
    None
}

/// Books a free desk in the home zones of the demo employee `cookie` belongs to; its id.
pub async fn book_a_home_desk(server: &Server, cookie: &str) -> i64 {
    let client = server.client_with(cookie);
    let day = in_days(5);
    let (_, desk) = find_desk(server, &client, day, |d| {
        d["home_zone"] == true && d["state"] == "free"
    })
    .await
    .expect("a free desk");
    let booked: serde_json::Value = client
        .post(server.at("/api/v1/bookings"))
        .json(&serde_json::json!({
            "desk_id": desk["id"], "slot": "full_day",
            "days": {"kind": "days", "days": [day]}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    booked[0]["result"]["booking_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("booked: {booked}"))
}

/// Whether the booking `id` is among the bookings of the person of `cookie` on `server`.
pub async fn has_booking(server: &Server, cookie: &str, id: i64) -> bool {
    let response = server
        .client_with(cookie)
        .get(server.at("/api/v1/bookings/mine"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the session works");
    let mine: serde_json::Value = response.json().await.unwrap();
    mine["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["id"].as_i64() == Some(id))
}
