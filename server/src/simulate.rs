//! `platzwahl simulate`: realistic Zigbee2MQTT traffic for the demo building's desk sensors,
//! published to the configured broker, so the live map moves without real sensors.
//!
//! Each simulated sensor has a person who comes and goes: most messages repeat the current
//! state (radar sensors report every few seconds), some change it; a share of messages is
//! sent twice (duplicates) and a share flaps (the opposite state and back within a moment),
//! as real sensors do. The traffic itself ([`Traffic`]) is pure and seeded; [`run`] paces and
//! publishes it.
//!
//! This is load: random people at random desks. The believable day of the demo (people who
//! come in the morning, use what they booked or do not come) is what a server in demo mode
//! plays itself ([`crate::demo::simulator`]), with the same payload and connection.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rumqttc::{AsyncClient, MqttOptions, QoS};

use crate::demo::plan;

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulateOptions {
    /// How many of the demo building's desk sensors send (the first ones by label).
    pub sensors: usize,
    /// Messages per second.
    pub rate: f64,
    /// How many messages to send in all.
    pub messages: u64,
    /// Share of messages sent twice, 0 to 1.
    pub duplicates: f64,
    /// Share of messages that flap (opposite state, then back), 0 to 1.
    pub flaps: f64,
    /// Share of messages that change the sensor's state (somebody comes or goes), 0 to 1.
    pub changes: f64,
    /// Seed of the random choices: the same seed gives the same traffic.
    pub seed: u64,
}

impl Default for SimulateOptions {
    fn default() -> Self {
        SimulateOptions {
            sensors: 50,
            rate: 20.0,
            messages: 1_000,
            duplicates: 0.05,
            flaps: 0.02,
            changes: 0.1,
            seed: 1,
        }
    }
}

/// One MQTT message to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The topic.
    pub topic: String,
    /// The JSON payload.
    pub payload: String,
}

/// The traffic generator: a sequence of batches, one per simulated message (a batch holds
/// the duplicate or the flap too).
#[derive(Debug, Clone)]
pub struct Traffic {
    topics: Vec<String>,
    present: Vec<bool>,
    rng: fastrand::Rng,
    options: SimulateOptions,
}

impl Traffic {
    /// Traffic for the demo desks' sensors behind the Zigbee2MQTT bridge `base`.
    pub fn new(base: &str, options: SimulateOptions) -> Traffic {
        let mut labels: Vec<String> = plan::building()
            .floors
            .iter()
            .flat_map(|f| &f.zones)
            .flat_map(|z| &z.desks)
            .filter(|d| d.sensor)
            .map(|d| d.label.clone())
            .collect();
        labels.sort();
        labels.truncate(options.sensors.max(1));
        let topics: Vec<String> = labels
            .iter()
            .map(|label| format!("{base}/desks/{label}"))
            .collect();
        Traffic {
            present: vec![false; topics.len()],
            topics,
            rng: fastrand::Rng::with_seed(options.seed),
            options,
        }
    }

    /// How many sensors send.
    pub fn sensors(&self) -> usize {
        self.topics.len()
    }

    /// The next batch, observed at `now`.
    pub fn next_batch(&mut self, now: DateTime<Utc>) -> Vec<Message> {
        if self.topics.is_empty() {
            return Vec::new();
        }
        let index = self.rng.usize(..self.topics.len());
        if self.rng.f64() < self.options.changes {
            self.present[index] = !self.present[index];
        }
        let present = self.present[index];
        let flap = self.rng.f64() < self.options.flaps;
        let duplicate = self.rng.f64() < self.options.duplicates;
        let topic = &self.topics[index];
        let quality = link_quality(index);
        let message = |present: bool| Message {
            topic: topic.clone(),
            payload: payload(present, quality, now),
        };
        let mut batch = Vec::with_capacity(3);
        if flap {
            batch.push(message(!present));
        }
        batch.push(message(present));
        if duplicate {
            batch.push(message(present));
        }
        batch
    }
}

/// A stable, plausible link quality per sensor.
pub(crate) fn link_quality(index: usize) -> u8 {
    u8::try_from(60 + (index * 37) % 180).unwrap_or(u8::MAX)
}

/// A Tuya ZY-M100 style payload.
pub(crate) fn payload(present: bool, link_quality: u8, now: DateTime<Utc>) -> String {
    serde_json::json!({
        "presence": present,
        "linkquality": link_quality,
        "illuminance_lux": 320,
        "target_distance": if present { serde_json::json!(1.2) } else { serde_json::Value::Null },
        "last_seen": now.to_rfc3339_opts(SecondsFormat::Millis, true),
    })
    .to_string()
}

/// What a simulation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Messages published, duplicates and flaps included.
    pub published: u64,
}

/// Publishes `options.messages` batches at `options.rate` to the broker in `mqtt`, showing a
/// progress bar on standard error.
pub async fn run(
    mqtt: &sensors::MqttSettings,
    base: &str,
    options: SimulateOptions,
) -> anyhow::Result<Report> {
    let mqtt_options = mqtt_options(mqtt, "simulator")?;
    let (client, mut eventloop) = AsyncClient::new(mqtt_options, 1024);
    let connection = tokio::spawn(async move {
        loop {
            if let Err(err) = eventloop.poll().await {
                return err.to_string();
            }
        }
    });

    let mut traffic = Traffic::new(base, options.clone());
    let bar =
        indicatif::ProgressBar::new(options.messages)
            .with_style(indicatif::ProgressStyle::default_bar().template(
                "{spinner} {bar:40} {pos}/{len} messages, {per_sec}, {eta} left {msg}",
            )?);
    bar.set_message(format!("({} sensors)", traffic.sensors()));
    let period = Duration::from_secs_f64(1.0 / options.rate.clamp(0.01, 100_000.0));
    let mut pace = tokio::time::interval(period);
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut published = 0;
    for _ in 0..options.messages {
        pace.tick().await;
        if connection.is_finished() {
            break;
        }
        for message in traffic.next_batch(Utc::now()) {
            client
                .publish(message.topic, QoS::AtLeastOnce, false, message.payload)
                .await?;
            published += 1;
        }
        bar.inc(1);
    }
    let _ = client.disconnect().await;
    if connection.is_finished() {
        let cause = connection.await.unwrap_or_else(|e| e.to_string());
        bar.abandon_with_message("broker connection lost");
        anyhow::bail!("the MQTT broker connection failed: {cause}");
    }
    connection.abort();
    bar.finish_with_message("done");
    Ok(Report { published })
}

/// How a simulator reaches the broker in `mqtt`: its host and port, its login, and a client id
/// of its own (`<client id>-<suffix>`).
pub(crate) fn mqtt_options(
    mqtt: &sensors::MqttSettings,
    suffix: &str,
) -> anyhow::Result<MqttOptions> {
    let (host, port) = host_port(&mqtt.url)?;
    let mut mqtt_options = MqttOptions::new(format!("{}-{suffix}", mqtt.client_id), host, port);
    mqtt_options.set_keep_alive(Duration::from_secs(30));
    if let Some(username) = &mqtt.username {
        let password = mqtt
            .password
            .as_ref()
            .map(|p| p.expose().to_string())
            .unwrap_or_default();
        mqtt_options.set_credentials(username.clone(), password);
    }
    Ok(mqtt_options)
}

/// Host and port of an `mqtt://` URL (the simulator speaks plain MQTT only).
fn host_port(url: &str) -> anyhow::Result<(String, u16)> {
    let rest = url
        .strip_prefix("mqtt://")
        .or_else(|| url.strip_prefix("tcp://"))
        .ok_or_else(|| anyhow::anyhow!("the simulator needs an mqtt:// broker URL"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    match host_port.rsplit_once(':') {
        Some((host, port)) => Ok((host.to_string(), port.parse()?)),
        None => Ok((host_port.to_string(), 1883)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn the_same_seed_gives_the_same_traffic() {
        let mut a = Traffic::new("zigbee2mqtt", SimulateOptions::default());
        let mut b = Traffic::new("zigbee2mqtt", SimulateOptions::default());
        for _ in 0..100 {
            assert_eq!(a.next_batch(now()), b.next_batch(now()));
        }
    }

    #[test]
    fn simulated_messages_decode_as_presence_of_demo_desk_sensors() {
        let options = SimulateOptions {
            sensors: 10,
            duplicates: 0.5,
            flaps: 0.5,
            ..SimulateOptions::default()
        };
        let mut traffic = Traffic::new("zigbee2mqtt", options);
        assert_eq!(traffic.sensors(), 10);
        let config = sensors::DecoderConfig::default();
        let mut sizes = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let batch = traffic.next_batch(now());
            sizes.insert(batch.len());
            for message in batch {
                let event = sensors::decode(&message.topic, message.payload.as_bytes(), &config);
                let Ok(sensors::SensorEvent::Reading(reading)) = event else {
                    panic!("{message:?} did not decode: {event:?}");
                };
                assert!(
                    reading
                        .device
                        .as_str()
                        .starts_with("z2m:zigbee2mqtt/desks/")
                );
                assert!(reading.occupancy.is_some());
            }
        }
        assert!(
            sizes.contains(&2) && sizes.contains(&3),
            "duplicates and flaps appear: {sizes:?}"
        );
    }
}
