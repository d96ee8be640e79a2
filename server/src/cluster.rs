//! Several instances on one PostgreSQL database: what must happen once happens once, and what
//! one instance learns reaches every instance. No cluster code of our own: PostgreSQL is the
//! shared engine.
//!
//! - [`Cluster::lock`] and [`Cluster::try_lock`]: PostgreSQL advisory locks, each held on a
//!   connection of its own, so that an instance that dies (or loses the database) lets go at
//!   once. They guard the migrations at start, the sensor ingestion (one instance, the
//!   leader, subscribes to the sensors; the others take over when it is gone) and the
//!   periodic jobs (no-show release, reports and retention). The day allocation takes a lock
//!   per day in [`domain::day_allocation`].
//! - [`Bus`]: live sensor changes, "a desk was vacated" and "the sensor registry changed"
//!   travel over PostgreSQL `NOTIFY` to every instance's `LISTEN`, the sender's included, so
//!   every browser sees a change within a moment whichever instance it is connected to.
//!
//! On SQLite there is one instance: every lock is granted at once, and the bus delivers in
//! the process.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::{PgConnection, PgListener, PgPool};
use sea_orm::sqlx::{self, Connection};
use sea_orm::{DatabaseConnection, DbBackend};
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, watch};
use wire::model::LiveUpdate;

/// The first key of every advisory lock Platzwahl takes ("PLZW"); the second names the lock.
pub const LOCK_CLASS: i32 = 0x504C_5A57;

/// What a lock guards: its second key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Migrating the schema and seeding the demo building at start.
    Migrate = 1,
    /// Ingesting the sensors: the instance holding it leads.
    Ingestion = 2,
    /// Releasing no-shows.
    Release = 3,
    /// Hourly occupancy for the reports and the retention.
    Reporting = 4,
    /// The scheduled directory syncs (LDAP).
    Directory = 5,
    /// Playing the demo building's sensors in demo mode ([`crate::demo::simulator`]).
    DemoSensors = 6,
}

impl Lock {
    /// The job's name in the metrics.
    pub fn job(self) -> &'static str {
        match self {
            Lock::Migrate => "migrate",
            Lock::Ingestion => "ingestion",
            Lock::Release => "release",
            Lock::Reporting => "reporting",
            Lock::Directory => "directory",
            Lock::DemoSensors => "demo_sensors",
        }
    }
}

/// Counts a run of a background job (`platzwahl_job_runs_total`).
pub fn count_job(job: &'static str, outcome: &'static str) {
    metrics::counter!("platzwahl_job_runs_total", "job" => job, "outcome" => outcome).increment(1);
}

/// The instances' shared database, for locks.
#[derive(Debug, Clone)]
pub struct Cluster {
    pool: Option<PgPool>,
}

/// A lock this instance holds. Dropping it closes its connection, which lets go of the lock.
#[derive(Debug)]
pub struct Held {
    connection: Option<PgConnection>,
    lock: Lock,
}

/// How long a check that a held lock's connection still works may take.
const ALIVE_TIMEOUT: Duration = Duration::from_secs(5);

impl Held {
    /// Whether the lock is still held: its connection answers (always on SQLite).
    pub async fn alive(&mut self) -> bool {
        let Some(connection) = self.connection.as_mut() else {
            return true;
        };
        matches!(
            tokio::time::timeout(ALIVE_TIMEOUT, connection.ping()).await,
            Ok(Ok(()))
        )
    }

    /// Lets go of the lock and closes its connection.
    pub async fn release(mut self) {
        if let Some(mut connection) = self.connection.take() {
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1, $2)")
                .bind(LOCK_CLASS)
                .bind(self.lock as i32)
                .execute(&mut connection)
                .await;
            if let Err(err) = unlocked {
                tracing::warn!(error = %err, lock = ?self.lock, "cannot unlock; closing the connection instead");
            }
            if let Err(err) = connection.close().await {
                tracing::debug!(error = %err, "closing a lock's connection failed");
            }
        }
    }
}

impl Cluster {
    /// The cluster of `db`: shared on PostgreSQL, this process alone on SQLite.
    pub fn new(db: &DatabaseConnection) -> Self {
        let pool = (db.get_database_backend() == DbBackend::Postgres)
            .then(|| db.get_postgres_connection_pool().clone());
        Self { pool }
    }

    async fn connection(pool: &PgPool) -> Result<PgConnection, sqlx::Error> {
        PgConnection::connect_with(&pool.connect_options()).await
    }

    /// Waits until `lock` is this instance's.
    pub async fn lock(&self, lock: Lock) -> Result<Held, sqlx::Error> {
        let Some(pool) = &self.pool else {
            return Ok(Held {
                connection: None,
                lock,
            });
        };
        let mut connection = Self::connection(pool).await?;
        sqlx::query("SELECT pg_advisory_lock($1, $2)")
            .bind(LOCK_CLASS)
            .bind(lock as i32)
            .execute(&mut connection)
            .await?;
        Ok(Held {
            connection: Some(connection),
            lock,
        })
    }

    /// Takes `lock` if no other instance holds it.
    pub async fn try_lock(&self, lock: Lock) -> Result<Option<Held>, sqlx::Error> {
        let Some(pool) = &self.pool else {
            return Ok(Some(Held {
                connection: None,
                lock,
            }));
        };
        let mut connection = Self::connection(pool).await?;
        let (taken,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1, $2)")
            .bind(LOCK_CLASS)
            .bind(lock as i32)
            .fetch_one(&mut connection)
            .await?;
        if taken {
            Ok(Some(Held {
                connection: Some(connection),
                lock,
            }))
        } else {
            if let Err(err) = connection.close().await {
                tracing::debug!(error = %err, "closing a lock's connection failed");
            }
            Ok(None)
        }
    }

    /// Runs `work` if no other instance is running the same job at this moment; skips it
    /// (with a debug line) otherwise. Errors taking the lock are logged, and the run is
    /// skipped: the next one tries again.
    /// `work` tells whether it did all it should; runs are counted by job and outcome
    /// (`platzwahl_job_runs_total`).
    pub async fn once<F: Future<Output = bool>>(&self, lock: Lock, work: F) {
        let outcome = match self.try_lock(lock).await {
            Ok(Some(held)) => {
                let ok = work.await;
                held.release().await;
                if ok { "ok" } else { "failed" }
            }
            Ok(None) => {
                tracing::debug!(?lock, "another instance runs this job now");
                "elsewhere"
            }
            Err(err) => {
                tracing::warn!(error = %err, ?lock, "cannot take a job's lock; skipped");
                "failed"
            }
        };
        count_job(lock.job(), outcome);
    }
}

/// The `LISTEN`/`NOTIFY` channel of the [`Bus`].
pub const CHANNEL: &str = "platzwahl_signals";

/// What the bus carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Signal {
    /// Sensors' states changed, in order (protected rooms already as taken or free only).
    Live { updates: Vec<LiveUpdate> },
    /// A desk's sensor turned empty: no-shows may be released at once.
    Vacated,
    /// The sensor registry changed: the ingestion reads it again.
    RegistryChanged,
    /// Buildings, floors, zones, desks or rooms changed: the kept topology is read again.
    TopologyChanged,
}

/// Where the bus delivers in this process.
#[derive(Debug, Clone)]
pub struct Receivers {
    /// The live stream's subscribers.
    pub live: crate::fanout::Fanout,
    /// The no-show release.
    pub vacated: Arc<Notify>,
    /// The sensor ingestion's registry.
    pub registry_changed: Arc<Notify>,
    /// The kept topology of this instance.
    pub topology: domain::topology::TopologyCache,
}

impl Receivers {
    fn deliver(&self, signal: Signal) {
        match signal {
            Signal::Live { updates } => {
                for update in updates {
                    self.live.deliver(update);
                }
            }
            Signal::Vacated => self.vacated.notify_one(),
            Signal::RegistryChanged => self.registry_changed.notify_one(),
            Signal::TopologyChanged => self.topology.invalidate(),
        }
    }
}

/// Tells every instance (this one included) what one of them learnt.
#[derive(Debug, Clone)]
pub struct Bus {
    pool: Option<PgPool>,
    receivers: Receivers,
}

/// How long the listener waits before connecting again after losing the database.
const LISTEN_RETRY: Duration = Duration::from_secs(1);

impl Bus {
    /// A bus over `db` (PostgreSQL: `NOTIFY`; SQLite: this process) delivering to `receivers`.
    pub fn new(db: &DatabaseConnection, receivers: Receivers) -> Self {
        let pool = (db.get_database_backend() == DbBackend::Postgres)
            .then(|| db.get_postgres_connection_pool().clone());
        Self { pool, receivers }
    }

    /// A bus that only tells the running instances, for a process that runs none itself
    /// (the command line). On SQLite it tells nobody: the one instance reads the sensor
    /// registry again within [`crate::live::REGISTRY_RELOAD`].
    pub fn detached(db: &DatabaseConnection) -> Self {
        Self::new(
            db,
            Receivers {
                live: crate::fanout::Fanout::default(),
                vacated: Arc::new(Notify::new()),
                registry_changed: Arc::new(Notify::new()),
                topology: domain::topology::TopologyCache::default(),
            },
        )
    }

    /// Sensors' states changed, in this order. On PostgreSQL they travel in as few
    /// notifications as fit (a payload of at most 7,000 bytes each).
    pub async fn live(&self, updates: Vec<LiveUpdate>) {
        if self.pool.is_none() {
            self.receivers.deliver(Signal::Live { updates });
            return;
        }
        for updates in in_notifications(updates) {
            self.send(Signal::Live { updates }).await;
        }
    }

    /// A desk's sensor turned empty.
    pub async fn vacated(&self) {
        self.send(Signal::Vacated).await;
    }

    /// The sensor registry changed.
    pub async fn registry_changed(&self) {
        self.send(Signal::RegistryChanged).await;
    }

    /// Buildings, floors, zones, desks or rooms changed.
    pub async fn topology_changed(&self) {
        self.send(Signal::TopologyChanged).await;
    }

    /// Passes every change the pages of this instance announce on the topology
    /// ([`domain::topology::TopologyCache::changed`]) to every instance, until `stopping`.
    pub async fn announce_topology_changes(
        self,
        topology: domain::topology::TopologyCache,
        mut stopping: watch::Receiver<bool>,
    ) {
        loop {
            let changed = tokio::select! {
                () = topology.next_change() => true,
                _ = stopping.wait_for(|stop| *stop) => false,
            };
            if !changed {
                return;
            }
            self.topology_changed().await;
        }
    }

    async fn send(&self, signal: Signal) {
        let Some(pool) = &self.pool else {
            self.receivers.deliver(signal);
            return;
        };
        let payload = match serde_json::to_string(&signal) {
            Ok(payload) => payload,
            Err(err) => {
                tracing::error!(error = %err, "cannot encode a signal");
                return;
            }
        };
        let sent = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(pool)
            .await;
        if let Err(err) = sent {
            // The other instances miss it; this one at least knows.
            tracing::warn!(error = %err, "cannot notify the other instances");
            self.receivers.deliver(signal);
        }
    }

    /// Listens on PostgreSQL until `stopping` and delivers what arrives; on SQLite only waits.
    /// A lost database connection is taken up again every second.
    pub async fn listen(self, mut stopping: watch::Receiver<bool>) {
        let Some(pool) = self.pool.clone() else {
            let _stopped = stopping.wait_for(|stop| *stop).await;
            return;
        };
        loop {
            let listened = tokio::select! {
                listened = self.listen_once(&pool) => listened,
                _ = stopping.wait_for(|stop| *stop) => return,
            };
            if let Err(err) = listened {
                tracing::warn!(error = %err, "lost the other instances' signals; listening again");
            }
            // A change signalled while nobody listened is missed: read the topology again.
            self.receivers.topology.invalidate();
            tokio::select! {
                () = tokio::time::sleep(LISTEN_RETRY) => {}
                _ = stopping.wait_for(|stop| *stop) => return,
            }
        }
    }

    async fn listen_once(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        loop {
            // `None`: the connection was lost (and is taken up again by the next call); what
            // was sent meanwhile is gone, so the ingestion's next changes are what counts.
            let Some(notification) = listener.try_recv().await? else {
                tracing::warn!("the connection for the other instances' signals was lost");
                continue;
            };
            match serde_json::from_str::<Signal>(notification.payload()) {
                Ok(signal) => self.receivers.deliver(signal),
                Err(err) => tracing::warn!(error = %err, "an unreadable signal; ignored"),
            }
        }
    }
}

/// How long a notification's payload may be: PostgreSQL takes less than 8,000 bytes; the
/// rest is left for the signal around the changes.
const NOTIFY_BYTES: usize = 7_000;

/// `updates` in order, in groups that each fit one notification.
fn in_notifications(updates: Vec<LiveUpdate>) -> Vec<Vec<LiveUpdate>> {
    let mut groups: Vec<Vec<LiveUpdate>> = Vec::new();
    let mut bytes = 0;
    for update in updates {
        let size = serde_json::to_string(&update).map_or(NOTIFY_BYTES, |json| json.len() + 1);
        match groups.last_mut() {
            Some(group) if bytes + size <= NOTIFY_BYTES => group.push(update),
            _ => {
                bytes = 0;
                groups.push(vec![update]);
            }
        }
        bytes += size;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(desk: &str) -> LiveUpdate {
        LiveUpdate {
            desk: Some(desk.into()),
            room: None,
            building: "bundesbahndirektion".into(),
            floor: 2,
            state: wire::model::Live::Occupied,
        }
    }

    #[test]
    fn many_changes_travel_in_order_in_notifications_postgresql_takes()
    -> Result<(), serde_json::Error> {
        let updates: Vec<LiveUpdate> = (0..500).map(|i| update(&format!("2.{i:03}"))).collect();
        let groups = in_notifications(updates.clone());
        assert!(groups.len() > 1, "500 changes do not fit one notification");
        for group in &groups {
            let payload = serde_json::to_string(&Signal::Live {
                updates: group.clone(),
            })?;
            assert!(payload.len() < 8_000, "{} bytes", payload.len());
        }
        assert_eq!(groups.concat(), updates, "all of them, in order");
        assert!(in_notifications(Vec::new()).is_empty());
        Ok(())
    }

    #[test]
    fn signals_travel_as_tagged_json() -> Result<(), serde_json::Error> {
        let signal = Signal::Live {
            updates: vec![update("2.A01")],
        };
        let text = serde_json::to_string(&signal)?;
        assert!(text.starts_with(r#"{"kind":"live""#), "{text}");
        assert_eq!(serde_json::from_str::<Signal>(&text)?, signal);
        assert_eq!(
            serde_json::to_string(&Signal::RegistryChanged)?,
            r#"{"kind":"registry_changed"}"#
        );
        Ok(())
    }
}
