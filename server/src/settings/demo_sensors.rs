//! The `[demo_sensors]` section: the demo building's desk sensors, played by the server itself in
//! demo mode ([`crate::demo::simulator`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The fastest pace [`DemoSensorSettings::pace`] is taken at: a day in under a second.
pub const MAX_PACE: u32 = 100_000;

/// The `[demo_sensors]` section: in demo mode the server plays the demo building's desk sensors,
/// so that the floor plans are alive from the first minute. Made-up people come in the morning,
/// go for lunch and leave in the afternoon (fewer on Fridays, hardly anyone at night or at the
/// weekend); a desk booked in advance is used by its person, except some who do not come (their
/// bookings are released as no-shows); a desk booked on the day is taken within minutes. The
/// messages are Zigbee2MQTT messages published to the broker, so they take the path of real
/// sensors. Only the sensors of the demo building are played, and only by one instance at a
/// time. Outside demo mode nothing is ever simulated, whatever this section says.
///
/// ```toml
/// [demo_sensors]
/// simulate = true
/// pace = 1
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DemoSensorSettings {
    /// Whether a server in demo mode plays the demo building's desk sensors
    /// (`PLATZWAHL_DEMO_SENSORS__SIMULATE`). Default on; off, the demo's sensors stay unknown
    /// ("?") until something else publishes for them, such as `platzwahl simulate`. Outside
    /// demo mode it has no effect: nothing is simulated there.
    pub simulate: bool,
    /// How many times faster than the clock the made-up day passes
    /// (`PLATZWAHL_DEMO_SENSORS__PACE`), from 1 to 100 000. Default 1: people come and go at
    /// the real time of day. At 1 440 a day passes in a minute, for showing the rhythm of a
    /// whole day (and for tests).
    pub pace: u32,
}

impl Default for DemoSensorSettings {
    fn default() -> Self {
        DemoSensorSettings {
            simulate: true,
            pace: 1,
        }
    }
}

impl DemoSensorSettings {
    /// The pace as the simulator takes it: at least 1, at most `MAX_PACE` (100 000).
    pub fn pace(&self) -> u32 {
        self.pace.clamp(1, MAX_PACE)
    }
}

impl super::Settings {
    /// Whether this server plays the demo building's sensors: in demo mode unless
    /// `demo_sensors.simulate` is off, and never outside demo mode.
    pub fn plays_demo_sensors(&self) -> bool {
        self.demo && self.demo_sensors.simulate
    }
}

#[cfg(test)]
mod tests {
    use super::super::Settings;
    use super::*;

    #[test]
    fn the_demo_plays_its_sensors_by_default_and_nothing_else_ever_does() {
        assert!(!Settings::default().plays_demo_sensors(), "a fresh install");
        let demo = Settings {
            demo: true,
            ..Settings::default()
        };
        assert!(demo.plays_demo_sensors());
        let mut off = demo.clone();
        off.demo_sensors.simulate = false;
        assert!(!off.plays_demo_sensors());
        let mut not_demo = Settings::default();
        not_demo.demo_sensors.simulate = true;
        assert!(!not_demo.plays_demo_sensors(), "simulate alone is no demo");
    }

    #[test]
    fn a_pace_of_zero_is_refused_by_name_and_a_huge_one_is_capped() {
        let mut settings = Settings::default();
        settings.demo_sensors.pace = 0;
        let message = settings.validate().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("demo_sensors.pace")));
        settings.demo_sensors.pace = u32::MAX;
        assert!(settings.validate().is_ok());
        assert_eq!(settings.demo_sensors.pace(), MAX_PACE);
    }
}
