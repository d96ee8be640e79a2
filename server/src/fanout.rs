//! How an instance hands live changes to its open streams (`GET /api/v1/live`): each change
//! that reaches it over the [`crate::cluster::Bus`] is looked at once — who may hear of it
//! ([`domain::occupancy::Audience`]: a desk booked for the current half-day is its booker's
//! business) and its JSON — and then sent to the streams of its floor only. A stream does
//! no database read and no encoding of its own, and wakes only for its floor's changes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use domain::occupancy::{Audience, BookedNow};
use sea_orm::DatabaseConnection;
use tokio::sync::{Mutex, broadcast, mpsc, watch};
use wire::model::LiveUpdate;

/// How many live changes a slow stream may fall behind before it skips some.
pub const LIVE_BUFFER: usize = 1024;

/// How many changes may wait to be looked at before new ones are dropped.
const INPUT_BUFFER: usize = 8192;

/// How long the bookings read for the audience of desk changes are trusted: a desk booked
/// a moment ago is hidden from others at the latest this much later.
pub const BOOKED_REFRESH: Duration = Duration::from_secs(2);

/// A live change as the streams send it.
#[derive(Debug)]
pub struct Outgoing {
    /// Who may hear of it.
    pub audience: Audience,
    /// The [`LiveUpdate`] as JSON.
    pub json: String,
}

/// The streams' channels: one for every floor that has a stream, one for streams of all
/// floors.
#[derive(Debug)]
struct Channels {
    all: broadcast::Sender<Arc<Outgoing>>,
    /// By building (short name) and level.
    floors: HashMap<(String, i32), broadcast::Sender<Arc<Outgoing>>>,
}

/// Live changes to the open streams of this instance; cheap to clone.
#[derive(Debug, Clone)]
pub struct Fanout {
    input: mpsc::Sender<LiveUpdate>,
    waiting: Arc<Mutex<mpsc::Receiver<LiveUpdate>>>,
    /// Changes dropped since [`Fanout::run`] last said so.
    dropped: Arc<AtomicUsize>,
    channels: Arc<RwLock<Channels>>,
}

impl Default for Fanout {
    fn default() -> Self {
        let (input, waiting) = mpsc::channel(INPUT_BUFFER);
        let (all, _) = broadcast::channel(LIVE_BUFFER);
        Self {
            input,
            waiting: Arc::new(Mutex::new(waiting)),
            dropped: Arc::new(AtomicUsize::new(0)),
            channels: Arc::new(RwLock::new(Channels {
                all,
                floors: HashMap::new(),
            })),
        }
    }
}

impl Fanout {
    /// Hands a change to [`Fanout::run`]; when it has fallen far behind, the change is
    /// dropped (the streams' next change of the place tells its state).
    pub fn deliver(&self, update: LiveUpdate) {
        if self.input.try_send(update).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A new stream's receiver: the changes of `floor` (building short name and level), or of
    /// every floor.
    pub fn subscribe(&self, floor: Option<(String, i32)>) -> broadcast::Receiver<Arc<Outgoing>> {
        let mut channels = self
            .channels
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(floor) = floor else {
            return channels.all.subscribe();
        };
        // Floors nobody watches any more go, so any number asked for costs nothing lasting.
        channels
            .floors
            .retain(|_, sender| sender.receiver_count() > 0);
        channels
            .floors
            .entry(floor)
            .or_insert_with(|| broadcast::channel(LIVE_BUFFER).0)
            .subscribe()
    }

    /// How many streams are open.
    pub fn streams(&self) -> usize {
        let channels = self.channels.read().unwrap_or_else(PoisonError::into_inner);
        channels.all.receiver_count()
            + channels
                .floors
                .values()
                .map(broadcast::Sender::receiver_count)
                .sum::<usize>()
    }

    /// Sends the changes handed over to the streams, until `stopping`. The bookings that
    /// decide a desk change's audience are read at most every [`BOOKED_REFRESH`]; while
    /// they cannot be read, desk changes reach nobody.
    pub async fn run(self, db: DatabaseConnection, mut stopping: watch::Receiver<bool>) {
        let mut waiting = self.waiting.lock().await;
        let mut booked: Option<(Instant, BookedNow)> = None;
        loop {
            let update = tokio::select! {
                update = waiting.recv() => update,
                _ = stopping.wait_for(|stop| *stop) => return,
            };
            let Some(update) = update else { return };
            let dropped = self.dropped.swap(0, Ordering::Relaxed);
            if dropped > 0 {
                tracing::warn!(dropped, "live changes arrived faster than they were sent");
            }
            let audience = match &update.desk {
                None => Audience::Everyone,
                Some(label) => match fresh_bookings(&db, &mut booked).await {
                    Some(now) => now.audience(label),
                    None => Audience::Nobody,
                },
            };
            if audience == Audience::Nobody {
                continue;
            }
            let json = match serde_json::to_string(&update) {
                Ok(json) => json,
                Err(err) => {
                    tracing::error!(error = %err, "cannot encode a live update");
                    continue;
                }
            };
            let outgoing = Arc::new(Outgoing { audience, json });
            let channels = self.channels.read().unwrap_or_else(PoisonError::into_inner);
            // No stream listening is fine.
            let _all = channels.all.send(Arc::clone(&outgoing));
            if let Some(floor) = channels.floors.get(&(update.building, update.floor)) {
                let _floor = floor.send(outgoing);
            }
        }
    }
}

/// Today's bookings, read again when older than [`BOOKED_REFRESH`]; `None` when they cannot
/// be read.
async fn fresh_bookings<'a>(
    db: &DatabaseConnection,
    booked: &'a mut Option<(Instant, BookedNow)>,
) -> Option<&'a BookedNow> {
    let fresh = booked
        .as_ref()
        .is_some_and(|(read, _)| read.elapsed() < BOOKED_REFRESH);
    if !fresh {
        match BookedNow::read(db, chrono::Utc::now()).await {
            Ok(now) => *booked = Some((Instant::now(), now)),
            Err(err) => {
                tracing::error!(error = %err, "cannot read today's bookings for the live streams");
                *booked = None;
            }
        }
    }
    booked.as_ref().map(|(_, now)| now)
}
