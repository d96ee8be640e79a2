//! The background tasks under supervision: each runs as its own tokio task; one that ends or
//! panics while the server serves is logged with its cause and started afresh after a
//! back-off (1 s, doubling up to a minute), and [`Health`] reports it down meanwhile
//! (`/readyz`). Shutdown ends them all: they follow the stop signal, and the supervisor
//! neither restarts nor outlives them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// The first wait before a failed task starts again.
pub const BACKOFF_MIN: Duration = Duration::from_secs(1);

/// The longest wait before a failed task starts again.
pub const BACKOFF_MAX: Duration = Duration::from_secs(60);

/// Which background tasks run now, by name.
#[derive(Debug, Clone, Default)]
pub struct Health(Arc<Mutex<BTreeMap<&'static str, bool>>>);

impl Health {
    fn set(&self, task: &'static str, running: bool) {
        if let Ok(mut tasks) = self.0.lock() {
            tasks.insert(task, running);
        }
    }

    /// The tasks that are down, waiting to be started again.
    pub fn down(&self) -> Vec<&'static str> {
        self.0
            .lock()
            .map(|tasks| {
                tasks
                    .iter()
                    .filter(|(_, running)| !**running)
                    .map(|(task, _)| *task)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Aborts a task when dropped: a supervisor aborted at shutdown takes its task along.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts background tasks and keeps them running until the stop signal.
#[derive(Debug)]
pub struct Supervisor {
    tasks: JoinSet<()>,
    health: Health,
    stopping: watch::Receiver<bool>,
}

impl Supervisor {
    /// A supervisor whose tasks stop when `stopping` turns `true`.
    pub fn new(stopping: watch::Receiver<bool>) -> Self {
        Self {
            tasks: JoinSet::new(),
            health: Health::default(),
            stopping,
        }
    }

    /// Which tasks run, for `/readyz`.
    pub fn health(&self) -> Health {
        self.health.clone()
    }

    /// Runs `start()` as the task `name`, and again after a back-off whenever it ends or
    /// panics before the stop signal.
    pub fn spawn<F, Fut>(&mut self, name: &'static str, start: F)
    where
        F: Fn() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let health = self.health.clone();
        let mut stopping = self.stopping.clone();
        health.set(name, true);
        self.tasks.spawn(async move {
            let mut backoff = BACKOFF_MIN;
            loop {
                let started = Instant::now();
                let task = tokio::spawn(start());
                let _abort = AbortOnDrop(task.abort_handle());
                let ended = task.await;
                if *stopping.borrow() {
                    return;
                }
                match ended {
                    Ok(()) => tracing::error!(task = name, "a background task ended; starting it again"),
                    Err(err) => tracing::error!(task = name, error = %err, "a background task failed; starting it again"),
                }
                health.set(name, false);
                metrics::counter!("platzwahl_task_restarts_total", "task" => name).increment(1);
                if started.elapsed() > BACKOFF_MAX {
                    backoff = BACKOFF_MIN;
                }
                tokio::select! {
                    () = tokio::time::sleep(backoff) => {}
                    _ = stopping.wait_for(|stop| *stop) => return,
                }
                backoff = (backoff * 2).min(BACKOFF_MAX);
                health.set(name, true);
            }
        });
    }

    /// Waits for every task to end after the stop signal, at most `grace`; then aborts the
    /// rest.
    pub async fn join(mut self, grace: Duration) {
        let all_ended = tokio::time::timeout(grace, async {
            while let Some(ended) = self.tasks.join_next().await {
                if let Err(err) = ended {
                    tracing::error!(error = %err, "a background task's supervisor failed");
                }
            }
        })
        .await;
        if all_ended.is_err() {
            tracing::warn!(
                left = self.tasks.len(),
                "background tasks still running after the grace period; aborting them"
            );
            self.tasks.abort_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn a_task_that_panics_is_reported_down_and_started_again_until_the_stop() {
        let (stop, stopping) = watch::channel(false);
        let mut supervisor = Supervisor::new(stopping.clone());
        let health = supervisor.health();
        let runs = Arc::new(AtomicU32::new(0));
        let counted = Arc::clone(&runs);
        supervisor.spawn("flaky", move || {
            let run = counted.fetch_add(1, Ordering::SeqCst);
            let mut stopping = stopping.clone();
            async move {
                assert!(run > 0, "the first run fails");
                let _stopped = stopping.wait_for(|stop| *stop).await;
            }
        });
        // The first run panics at once; the task is down for the back-off.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(health.down(), vec!["flaky"]);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        tokio::time::sleep(BACKOFF_MIN).await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "started again after the back-off"
        );
        assert!(health.down().is_empty());
        let _sent = stop.send(true);
        supervisor.join(Duration::from_secs(5)).await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "not started again after the stop"
        );
    }
}
