//! What the benchmarks share: the machine they ran on, and durations as milliseconds.

use std::time::Duration;

use anyhow::Context;

/// A duration in milliseconds with two decimals ("3.35 ms").
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The number of CPUs and the CPU model, for BENCHMARKS.md.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cpus} CPUs, {model}")
}

/// A number from the environment (`_` and `,` allowed as separators), or `default`.
pub fn env_number(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name) {
        Ok(value) => value
            .replace(['_', ','], "")
            .parse()
            .with_context(|| format!("{name} must be a number")),
        Err(_) => Ok(default),
    }
}

/// Percentiles and rate of a set of timings.
pub struct Figures {
    /// Median.
    pub p50: Duration,
    /// 95th percentile.
    pub p95: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Per second of wall time.
    pub rate: f64,
    /// How many.
    pub count: usize,
}

/// The [`Figures`] of `times`, measured over `wall`.
pub fn figures(mut times: Vec<Duration>, wall: Duration) -> Figures {
    times.sort_unstable();
    let at = |q: f64| {
        let rank = ((q * times.len() as f64).ceil() as usize).clamp(1, times.len().max(1));
        times.get(rank - 1).copied().unwrap_or_default()
    };
    Figures {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        rate: times.len() as f64 / wall.as_secs_f64().max(f64::EPSILON),
        count: times.len(),
    }
}
