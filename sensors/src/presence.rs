//! Presence debouncing: from a stream of [`SensorEvent`]s to a calm occupied / vacant /
//! unknown state per sensor.
//!
//! The rules, per sensor, with its [`PresencePolicy`]:
//!
//! - An occupied message makes the sensor **occupied** at once, and keeps it occupied for the
//!   policy's quiet time. A sensor that is still occupied repeats itself (Zigbee2MQTT sends
//!   the whole state with every message, LoRaWAN desk sensors report periodically), so the
//!   quiet time must be longer than the model's reporting interval.
//! - It becomes **vacant** only once the quiet time has passed with no occupied message,
//!   whether or not the sensor said vacant in between. A vacant message cannot end an
//!   occupancy early: short flaps (the Aqara `false` just before `true`, the Hue timer's
//!   `false`) never produce flapping output.
//! - It is **unknown** before its first occupied or vacant message; after no message at all
//!   for the policy's offline time; while its device, its Zigbee2MQTT bridge or the MQTT broker
//!   connection is reported offline. It leaves unknown only with a new occupied or vacant
//!   message received while its bridge and the broker are up (battery reports and `null`s
//!   keep it alive but say nothing about the desk).
//! - Messages carry an observation time or are taken as observed when they arrive (`now`);
//!   a time in the future counts as `now`. A message observed before the last one applied is
//!   stale and ignored. Applying the same message twice changes nothing.
//!
//! Everything is pure: the clock is an argument. The server calls [`Presence::apply`] for each
//! event and [`Presence::tick`] when [`Presence::next_due`] comes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::event::{DeviceKey, Occupancy, SensorEvent};

/// How a sensor model's messages are debounced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PresencePolicy {
    /// How long an occupied message keeps the sensor occupied; it turns vacant only after this
    /// long without one. At least one second is used. In configuration: `quiet_time_secs`.
    /// Default: 10 minutes.
    #[serde(rename = "quiet_time_secs", with = "seconds")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub quiet_time: Duration,
    /// After how long without any message the sensor is unknown. In configuration:
    /// `offline_after_secs`. Default: 2 hours.
    #[serde(rename = "offline_after_secs", with = "seconds")]
    #[cfg_attr(feature = "schema", schemars(with = "u64"))]
    pub offline_after: Duration,
}

impl Default for PresencePolicy {
    fn default() -> Self {
        Self {
            quiet_time: Duration::from_secs(10 * 60),
            offline_after: Duration::from_secs(2 * 60 * 60),
        }
    }
}

mod seconds {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        duration: &Duration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(duration.as_secs())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_secs)
    }
}

/// What the building should believe about the place a sensor watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceState {
    /// Somebody is there.
    Occupied,
    /// Nobody has been there for the quiet time.
    Vacant,
    /// Nobody knows: no data, a silent sensor, or a broken path to it.
    Unknown,
}

/// Why the state changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeCause {
    /// The sensor said occupied.
    OccupiedMessage,
    /// The sensor said vacant (after being unknown).
    VacantMessage,
    /// The quiet time passed without an occupied message.
    QuietTimeElapsed,
    /// The sensor sent nothing for the offline time.
    Silent,
    /// The bridge reported the device offline.
    DeviceOffline,
    /// The sensor's Zigbee2MQTT bridge went offline.
    BridgeOffline,
    /// The connection to the MQTT broker was lost.
    BrokerDisconnected,
}

/// One change of one sensor's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    /// Which sensor.
    pub device: DeviceKey,
    /// The state before.
    pub from: PresenceState,
    /// The state after.
    pub to: PresenceState,
    /// When the change took effect (for changes that fall due with time: when they fell due,
    /// which may be before the `tick` that reports them).
    pub at: DateTime<Utc>,
    /// Why.
    pub cause: ChangeCause,
}

/// `time + duration`, or `None` beyond the representable.
fn after(time: DateTime<Utc>, duration: Duration) -> Option<DateTime<Utc>> {
    time.checked_add_signed(TimeDelta::from_std(duration).ok()?)
}

/// What set off an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Message,
    Clock,
}

/// The debouncing state of one sensor.
#[derive(Debug, Clone)]
struct Sensor {
    policy: PresencePolicy,
    state: PresenceState,
    bridge: Option<String>,
    /// The latest observation time applied (older messages are stale).
    last_applied: Option<DateTime<Utc>>,
    /// The latest message of any kind.
    last_seen: Option<DateTime<Utc>>,
    /// The latest occupied message.
    last_occupied: Option<DateTime<Utc>>,
    /// The latest occupied or vacant message.
    last_occupancy_message: Option<DateTime<Utc>>,
    /// When the sensor last became unknown; only an occupancy message after it counts.
    unknown_since: Option<DateTime<Utc>>,
    device_offline: bool,
    bridge_offline: bool,
    broker_down: bool,
}

impl Sensor {
    fn new(policy: PresencePolicy) -> Self {
        Self {
            policy,
            state: PresenceState::Unknown,
            bridge: None,
            last_applied: None,
            last_seen: None,
            last_occupied: None,
            last_occupancy_message: None,
            unknown_since: None,
            device_offline: false,
            bridge_offline: false,
            broker_down: false,
        }
    }

    fn quiet_time(&self) -> Duration {
        self.policy.quiet_time.max(Duration::from_secs(1))
    }

    /// The state the facts call for at `now`.
    fn evaluate(&self, now: DateTime<Utc>, trigger: Trigger) -> (PresenceState, ChangeCause) {
        let unknown = |cause| (PresenceState::Unknown, cause);
        if self.broker_down {
            return unknown(ChangeCause::BrokerDisconnected);
        }
        if self.bridge_offline {
            return unknown(ChangeCause::BridgeOffline);
        }
        if self.device_offline {
            return unknown(ChangeCause::DeviceOffline);
        }
        let silent = match self.last_seen {
            None => true,
            Some(seen) => after(seen, self.policy.offline_after).is_some_and(|due| now >= due),
        };
        let fresh = match (self.last_occupancy_message, self.unknown_since) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(message), Some(since)) => message > since,
        };
        if silent || !fresh {
            return unknown(ChangeCause::Silent);
        }
        let occupied = self.last_occupied.is_some_and(|occupied| {
            after(occupied, self.quiet_time()).is_none_or(|until| now < until)
        });
        match (occupied, trigger) {
            (true, _) => (PresenceState::Occupied, ChangeCause::OccupiedMessage),
            (false, Trigger::Message) => (PresenceState::Vacant, ChangeCause::VacantMessage),
            (false, Trigger::Clock) => (PresenceState::Vacant, ChangeCause::QuietTimeElapsed),
        }
    }

    /// When the state will next change by itself.
    fn next_due(&self) -> Option<DateTime<Utc>> {
        let silent_at = self
            .last_seen
            .and_then(|seen| after(seen, self.policy.offline_after));
        match self.state {
            PresenceState::Unknown => None,
            PresenceState::Vacant => silent_at,
            PresenceState::Occupied => {
                let quiet_at = self
                    .last_occupied
                    .and_then(|occupied| after(occupied, self.quiet_time()));
                match (quiet_at, silent_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            }
        }
    }

    /// Moves to the state the facts call for at `at`, reporting a change.
    fn settle(
        &mut self,
        device: &DeviceKey,
        at: DateTime<Utc>,
        trigger: Trigger,
    ) -> Option<StateChange> {
        let (to, cause) = self.evaluate(at, trigger);
        if to == self.state {
            return None;
        }
        if to == PresenceState::Unknown {
            self.unknown_since = Some(at);
        }
        let from = std::mem::replace(&mut self.state, to);
        Some(StateChange {
            device: device.clone(),
            from,
            to,
            at,
            cause,
        })
    }

    /// Reports the changes that fell due up to `now`, each at the time it fell due.
    fn tick(&mut self, device: &DeviceKey, now: DateTime<Utc>, changes: &mut Vec<StateChange>) {
        // Occupied → vacant → unknown is the longest chain; the bound only guards the loop.
        for _ in 0..4 {
            let Some(due) = self.next_due().filter(|due| *due <= now) else {
                return;
            };
            match self.settle(device, due, Trigger::Clock) {
                Some(change) => changes.push(change),
                None => return,
            }
        }
    }

    /// Takes in a reading's facts; `false` if it was stale and ignored.
    fn record(
        &mut self,
        occupancy: Option<Occupancy>,
        observed_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> bool {
        let at = observed_at.map_or(now, |observed| observed.min(now));
        if self.last_applied.is_some_and(|applied| at < applied) {
            return false;
        }
        let latest = |slot: &mut Option<DateTime<Utc>>| {
            *slot = Some(slot.map_or(at, |previous| previous.max(at)));
        };
        latest(&mut self.last_applied);
        latest(&mut self.last_seen);
        self.device_offline = false;
        if self.bridge_offline || self.broker_down {
            // Relayed by a bridge said to be down (a retained or replayed message): alive, but
            // not news about the desk.
            return true;
        }
        match occupancy {
            Some(Occupancy::Occupied) => {
                latest(&mut self.last_occupied);
                latest(&mut self.last_occupancy_message);
            }
            Some(Occupancy::Vacant) => latest(&mut self.last_occupancy_message),
            Some(Occupancy::Pending | Occupancy::Unknown) | None => {}
        }
        true
    }
}

/// The presence state of every sensor, keyed by device.
///
/// ```
/// use chrono::{TimeDelta, Utc};
/// use sensors::{decode, DecoderConfig, Presence, PresencePolicy, PresenceState};
///
/// let config = DecoderConfig::default();
/// let mut presence = Presence::new(PresencePolicy::default());
/// let now = Utc::now();
/// let event = decode("zigbee2mqtt/desk-12", br#"{"occupancy":true}"#, &config)?;
/// let changes = presence.apply(&event, now);
/// assert_eq!(changes[0].to, PresenceState::Occupied);
///
/// let later = now + TimeDelta::minutes(11);
/// assert_eq!(presence.tick(later)[0].to, PresenceState::Vacant);
/// # Ok::<(), sensors::DecodeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Presence {
    default_policy: PresencePolicy,
    policies: HashMap<DeviceKey, PresencePolicy>,
    only_configured: bool,
    sensors: BTreeMap<DeviceKey, Sensor>,
    offline_bridges: BTreeSet<String>,
    broker_down: bool,
    /// No sensor falls due before this (a lower bound of every sensor's next due time; `None`:
    /// none falls due at all), so that a tick with nothing due costs nothing instead of a look
    /// at every sensor.
    due: Option<DateTime<Utc>>,
}

impl Presence {
    /// An empty registry; sensors without their own policy get `default_policy`.
    pub fn new(default_policy: PresencePolicy) -> Self {
        Self {
            default_policy,
            policies: HashMap::new(),
            only_configured: false,
            sensors: BTreeMap::new(),
            offline_bridges: BTreeSet::new(),
            broker_down: false,
            due: None,
        }
    }

    /// Keeps [`Presence::due`] a lower bound after a sensor's facts changed.
    fn lower_due(&mut self, due: Option<DateTime<Utc>>) {
        if let Some(due) = due {
            self.due = Some(self.due.map_or(due, |bound| bound.min(due)));
        }
    }

    /// Tracks only sensors given a policy with [`Presence::set_policy`] and ignores events of
    /// others, so that stray topics cannot grow the registry.
    pub fn only_configured(mut self) -> Self {
        self.only_configured = true;
        self
    }

    /// Sets the policy of one sensor (its model's quiet and offline times).
    pub fn set_policy(&mut self, device: DeviceKey, policy: PresencePolicy) {
        if let Some(sensor) = self.sensors.get_mut(&device) {
            sensor.policy = policy;
            let due = sensor.next_due();
            self.lower_due(due);
        }
        self.policies.insert(device, policy);
    }

    /// Stops tracking a sensor and forgets its policy.
    pub fn forget(&mut self, device: &DeviceKey) {
        self.sensors.remove(device);
        self.policies.remove(device);
    }

    /// The state of one sensor ([`PresenceState::Unknown`] if never heard of).
    pub fn state(&self, device: &DeviceKey) -> PresenceState {
        self.sensors
            .get(device)
            .map_or(PresenceState::Unknown, |sensor| sensor.state)
    }

    /// Every tracked sensor and its state, ordered by key.
    pub fn states(&self) -> impl Iterator<Item = (&DeviceKey, PresenceState)> {
        self.sensors.iter().map(|(key, sensor)| (key, sensor.state))
    }

    /// How many sensors are tracked.
    pub fn len(&self) -> usize {
        self.sensors.len()
    }

    /// Whether no sensor is tracked.
    pub fn is_empty(&self) -> bool {
        self.sensors.is_empty()
    }

    /// The earliest time at which [`Presence::tick`] will report a change, if any.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.sensors.values().filter_map(Sensor::next_due).min()
    }

    /// Applies one event received at `now`; returns the changes that fell due up to `now`
    /// (as [`Presence::tick`] would), then those the event caused.
    pub fn apply(&mut self, event: &SensorEvent, now: DateTime<Utc>) -> Vec<StateChange> {
        let mut changes = self.tick(now);
        match event {
            SensorEvent::Reading(reading) => {
                let Some(sensor) = self.sensor(&reading.device, reading.via_bridge.as_deref())
                else {
                    return changes;
                };
                if sensor.record(reading.occupancy, reading.observed_at, now) {
                    changes.extend(sensor.settle(&reading.device, now, Trigger::Message));
                }
                let due = sensor.next_due();
                self.lower_due(due);
            }
            SensorEvent::Availability(availability) => {
                let Some(sensor) =
                    self.sensor(&availability.device, availability.via_bridge.as_deref())
                else {
                    return changes;
                };
                sensor.device_offline = !availability.online;
                changes.extend(sensor.settle(&availability.device, now, Trigger::Message));
                let due = sensor.next_due();
                self.lower_due(due);
            }
            SensorEvent::Bridge(status) => {
                if status.online {
                    self.offline_bridges.remove(&status.base_topic);
                } else {
                    self.offline_bridges.insert(status.base_topic.clone());
                }
                for (device, sensor) in &mut self.sensors {
                    if sensor.bridge.as_deref() == Some(status.base_topic.as_str()) {
                        sensor.bridge_offline = !status.online;
                        changes.extend(sensor.settle(device, now, Trigger::Message));
                    }
                }
                self.due = self.next_due();
            }
        }
        changes
    }

    /// Reports the changes that fell due up to `now` (quiet times over, sensors gone silent),
    /// in the order they fell due.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<StateChange> {
        let mut changes = Vec::new();
        if self.due.is_none_or(|due| due > now) {
            return changes;
        }
        for (device, sensor) in &mut self.sensors {
            sensor.tick(device, now, &mut changes);
        }
        self.due = self.next_due();
        changes.sort_by_key(|change| change.at);
        changes
    }

    /// The MQTT connection was lost: every sensor is unknown until it reports again.
    pub fn broker_disconnected(&mut self, now: DateTime<Utc>) -> Vec<StateChange> {
        self.set_broker_down(true, now)
    }

    /// The MQTT connection is back; sensors stay unknown until each reports again.
    pub fn broker_connected(&mut self, now: DateTime<Utc>) -> Vec<StateChange> {
        self.set_broker_down(false, now)
    }

    fn set_broker_down(&mut self, down: bool, now: DateTime<Utc>) -> Vec<StateChange> {
        self.broker_down = down;
        let mut changes = self.tick(now);
        for (device, sensor) in &mut self.sensors {
            sensor.broker_down = down;
            changes.extend(sensor.settle(device, now, Trigger::Message));
        }
        self.due = self.next_due();
        changes
    }

    /// The sensor for `device`, created if new (and allowed); remembers its bridge.
    fn sensor(&mut self, device: &DeviceKey, bridge: Option<&str>) -> Option<&mut Sensor> {
        if !self.sensors.contains_key(device) {
            let policy = match self.policies.get(device) {
                Some(policy) => *policy,
                None if self.only_configured => return None,
                None => self.default_policy,
            };
            let mut sensor = Sensor::new(policy);
            sensor.broker_down = self.broker_down;
            self.sensors.insert(device.clone(), sensor);
        }
        let sensor = self.sensors.get_mut(device)?;
        if let Some(bridge) = bridge
            && sensor.bridge.as_deref() != Some(bridge)
        {
            sensor.bridge = Some(bridge.to_owned());
            sensor.bridge_offline = self.offline_bridges.contains(bridge);
        }
        Some(sensor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{BridgeStatus, DeviceAvailability, Format, Reading};

    const QUIET: i64 = 300;
    const OFFLINE: i64 = 3600;

    fn policy() -> PresencePolicy {
        PresencePolicy {
            quiet_time: Duration::from_secs(QUIET as u64),
            offline_after: Duration::from_secs(OFFLINE as u64),
        }
    }

    fn t(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap_or_default()
    }

    fn desk() -> DeviceKey {
        DeviceKey::new("z2m:zigbee2mqtt/desk")
    }

    fn says(occupancy: Option<Occupancy>, observed_at: Option<DateTime<Utc>>) -> SensorEvent {
        SensorEvent::Reading(Reading {
            device: desk(),
            format: Format::Zigbee2Mqtt,
            observed_at,
            occupancy,
            battery_percent: None,
            link_quality: None,
            via_bridge: Some("zigbee2mqtt".into()),
        })
    }

    fn occupied() -> SensorEvent {
        says(Some(Occupancy::Occupied), None)
    }

    fn vacant() -> SensorEvent {
        says(Some(Occupancy::Vacant), None)
    }

    fn moves(changes: &[StateChange]) -> Vec<(PresenceState, i64, ChangeCause)> {
        changes
            .iter()
            .map(|c| (c.to, c.at.timestamp() - 1_700_000_000, c.cause))
            .collect()
    }

    use ChangeCause::*;
    use PresenceState::*;

    #[test]
    fn an_occupied_message_takes_effect_at_once() {
        let mut presence = Presence::new(policy());
        assert_eq!(
            moves(&presence.apply(&occupied(), t(0))),
            vec![(Occupied, 0, OccupiedMessage)]
        );
        assert_eq!(presence.state(&desk()), Occupied);
    }

    #[test]
    fn vacancy_waits_for_the_quiet_time_even_after_a_vacant_message() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        assert!(presence.apply(&vacant(), t(60)).is_empty());
        assert_eq!(presence.next_due(), Some(t(QUIET)));
        assert!(presence.tick(t(QUIET - 1)).is_empty());
        assert_eq!(
            moves(&presence.tick(t(QUIET))),
            vec![(Vacant, QUIET, QuietTimeElapsed)]
        );
    }

    #[test]
    fn a_flap_within_seconds_produces_no_flapping_output() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        let mut changes = Vec::new();
        for second in 1..20 {
            let event = if second % 2 == 0 {
                occupied()
            } else {
                vacant()
            };
            changes.extend(presence.apply(&event, t(second)));
        }
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(presence.state(&desk()), Occupied);
    }

    #[test]
    fn the_aqara_false_just_before_true_does_not_flip_an_occupied_desk() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        presence.tick(t(QUIET + 10));
        assert_eq!(presence.state(&desk()), Vacant);
        assert!(presence.apply(&vacant(), t(1000)).is_empty());
        assert_eq!(
            moves(&presence.apply(&occupied(), t(1000))),
            vec![(Occupied, 1000, OccupiedMessage)]
        );
    }

    #[test]
    fn a_first_vacant_message_makes_an_unknown_sensor_vacant() {
        let mut presence = Presence::new(policy());
        assert_eq!(
            moves(&presence.apply(&vacant(), t(0))),
            vec![(Vacant, 0, VacantMessage)]
        );
    }

    #[test]
    fn battery_and_null_messages_say_nothing_about_the_desk() {
        let mut presence = Presence::new(policy());
        assert!(presence.apply(&says(None, None), t(0)).is_empty());
        assert!(
            presence
                .apply(&says(Some(Occupancy::Unknown), None), t(1))
                .is_empty()
        );
        assert!(
            presence
                .apply(&says(Some(Occupancy::Pending), None), t(2))
                .is_empty()
        );
        assert_eq!(presence.state(&desk()), Unknown);
    }

    #[test]
    fn a_silent_sensor_becomes_unknown_and_needs_a_new_occupancy_message() {
        let mut presence = Presence::new(policy());
        presence.apply(&vacant(), t(0));
        assert_eq!(
            moves(&presence.tick(t(OFFLINE + 5))),
            vec![(Unknown, OFFLINE, Silent)]
        );
        assert!(
            presence
                .apply(&says(None, None), t(OFFLINE + 10))
                .is_empty()
        );
        assert_eq!(
            moves(&presence.apply(&vacant(), t(OFFLINE + 20))),
            vec![(Vacant, OFFLINE + 20, VacantMessage)]
        );
    }

    #[test]
    fn a_late_tick_reports_every_change_at_the_time_it_fell_due() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        assert_eq!(
            moves(&presence.tick(t(10 * OFFLINE))),
            vec![
                (Vacant, QUIET, QuietTimeElapsed),
                (Unknown, OFFLINE, Silent)
            ]
        );
        assert_eq!(presence.next_due(), None);
    }

    #[test]
    fn stale_messages_are_ignored() {
        let mut presence = Presence::new(policy());
        presence.apply(&says(Some(Occupancy::Vacant), Some(t(100))), t(100));
        let late_occupied = says(Some(Occupancy::Occupied), Some(t(50)));
        assert!(presence.apply(&late_occupied, t(101)).is_empty());
        assert_eq!(presence.state(&desk()), Vacant);
    }

    #[test]
    fn an_old_occupied_message_does_not_occupy_a_desk_beyond_its_quiet_time() {
        let mut presence = Presence::new(policy());
        let old = says(Some(Occupancy::Occupied), Some(t(0)));
        assert_eq!(
            moves(&presence.apply(&old, t(QUIET + 1))),
            vec![(Vacant, QUIET + 1, VacantMessage)]
        );
    }

    #[test]
    fn a_future_observation_time_counts_as_now() {
        let mut presence = Presence::new(policy());
        presence.apply(&says(Some(Occupancy::Occupied), Some(t(9999))), t(0));
        assert_eq!(presence.next_due(), Some(t(QUIET)));
        assert!(presence.apply(&vacant(), t(1)).is_empty(), "not stale");
    }

    #[test]
    fn a_bridge_going_offline_makes_its_sensors_unknown_until_they_report_again() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        let offline = SensorEvent::Bridge(BridgeStatus {
            base_topic: "zigbee2mqtt".into(),
            online: false,
        });
        let online = SensorEvent::Bridge(BridgeStatus {
            base_topic: "zigbee2mqtt".into(),
            online: true,
        });
        assert_eq!(
            moves(&presence.apply(&offline, t(10))),
            vec![(Unknown, 10, BridgeOffline)]
        );
        assert!(presence.apply(&occupied(), t(11)).is_empty());
        assert!(presence.apply(&online, t(20)).is_empty());
        assert_eq!(presence.state(&desk()), Unknown);
        assert_eq!(
            moves(&presence.apply(&occupied(), t(30))),
            vec![(Occupied, 30, OccupiedMessage)]
        );
    }

    #[test]
    fn another_bridge_going_offline_changes_nothing() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        let other = SensorEvent::Bridge(BridgeStatus {
            base_topic: "slzb06".into(),
            online: false,
        });
        assert!(presence.apply(&other, t(1)).is_empty());
    }

    #[test]
    fn a_device_reported_offline_is_unknown() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        let offline = SensorEvent::Availability(DeviceAvailability {
            device: desk(),
            online: false,
            via_bridge: Some("zigbee2mqtt".into()),
        });
        assert_eq!(
            moves(&presence.apply(&offline, t(5))),
            vec![(Unknown, 5, DeviceOffline)]
        );
    }

    #[test]
    fn a_lost_broker_connection_makes_every_sensor_unknown() {
        let mut presence = Presence::new(policy());
        presence.apply(&occupied(), t(0));
        assert_eq!(
            moves(&presence.broker_disconnected(t(3))),
            vec![(Unknown, 3, BrokerDisconnected)]
        );
        assert!(presence.broker_connected(t(4)).is_empty());
        assert_eq!(presence.state(&desk()), Unknown);
        assert_eq!(
            moves(&presence.apply(&vacant(), t(5))),
            vec![(Occupied, 5, OccupiedMessage)],
            "the occupied message of second 0 is still within its quiet time"
        );
    }

    #[test]
    fn each_sensor_uses_its_own_policy() {
        let mut presence = Presence::new(policy());
        let radar = PresencePolicy {
            quiet_time: Duration::from_secs(30),
            ..policy()
        };
        presence.set_policy(desk(), radar);
        presence.apply(&occupied(), t(0));
        assert_eq!(
            moves(&presence.tick(t(30))),
            vec![(Vacant, 30, QuietTimeElapsed)]
        );
    }

    #[test]
    fn only_configured_sensors_are_tracked_when_asked() {
        let mut presence = Presence::new(policy()).only_configured();
        assert!(presence.apply(&occupied(), t(0)).is_empty());
        assert!(presence.is_empty());
        presence.set_policy(desk(), policy());
        assert_eq!(presence.apply(&occupied(), t(1)).len(), 1);
        assert_eq!(presence.len(), 1);
    }

    #[test]
    fn policies_read_from_seconds_in_configuration() -> Result<(), serde_json::Error> {
        let policy: PresencePolicy =
            serde_json::from_str(r#"{"quiet_time_secs": 30, "offline_after_secs": 600}"#)?;
        assert_eq!(policy.quiet_time, Duration::from_secs(30));
        assert_eq!(policy.offline_after, Duration::from_secs(600));
        let defaults: PresencePolicy = serde_json::from_str("{}")?;
        assert_eq!(defaults, PresencePolicy::default());
        Ok(())
    }

    #[test]
    fn absurd_durations_do_not_overflow() {
        let forever = PresencePolicy {
            quiet_time: Duration::MAX,
            offline_after: Duration::MAX,
        };
        let mut presence = Presence::new(forever);
        presence.apply(&occupied(), DateTime::<Utc>::MAX_UTC);
        assert_eq!(presence.tick(DateTime::<Utc>::MAX_UTC), vec![]);
        assert_eq!(presence.state(&desk()), Occupied);
    }
}
