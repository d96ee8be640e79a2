//! The administrator's configuration read from TOML, as the server's settings loader does.

use std::time::Duration;

use figment::Figment;
use figment::providers::{Format as _, Toml};
use sensors::{DecoderConfig, MqttSettings, Occupancy, PresencePolicy, SensorEvent, decode};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Settings {
    decoding: DecoderConfig,
    mqtt: MqttSettings,
    models: std::collections::BTreeMap<String, PresencePolicy>,
}

const TOML: &str = r#"
[decoding]
zigbee2mqtt_base_topics = ["zigbee2mqtt", "slzb06"]

[[decoding.mappings]]
name = "acme-desk"
topic = "acme/+/{device}/up"
occupancy = "/data/occupied"
occupied = [true, "busy", 1]
vacant = [false, "free", 0]
battery = "/data/battery"

[mqtt]
url = "mqtts://sensors@broker.example"
password = "s3cret"
client_id = "platzwahl-1"
shared_group = "platzwahl"

[models.radar]
quiet_time_secs = 120

[models.lorawan-desk]
quiet_time_secs = 1200
offline_after_secs = 14400
"#;

fn settings() -> Settings {
    Figment::from(Toml::string(TOML))
        .extract()
        .unwrap_or_else(|error| panic!("the example settings do not load: {error}"))
}

#[test]
fn a_mapping_configured_in_toml_decodes_without_recompiling() {
    let config = settings().decoding;
    assert_eq!(config.validate(), Ok(()));
    let event = decode(
        "acme/floor-3/desk-7/up",
        br#"{"data":{"occupied":"BUSY","battery":71.0}}"#,
        &config,
    );
    let Ok(SensorEvent::Reading(reading)) = event else {
        panic!("expected a reading, got {event:?}");
    };
    assert_eq!(reading.device.as_str(), "acme-desk:desk-7");
    assert_eq!(reading.occupancy, Some(Occupancy::Occupied));
    assert_eq!(reading.battery_percent, Some(71));
    assert!(
        config
            .subscription_filters()
            .contains(&"acme/+/+/up".to_owned())
    );
    assert!(
        config
            .subscription_filters()
            .contains(&"slzb06/#".to_owned())
    );
}

#[test]
fn presence_policies_per_model_default_what_is_left_out() {
    let models = settings().models;
    assert_eq!(
        models.get("radar"),
        Some(&PresencePolicy {
            quiet_time: Duration::from_secs(120),
            offline_after: PresencePolicy::default().offline_after,
        })
    );
    assert_eq!(
        models.get("lorawan-desk").map(|p| p.offline_after),
        Some(Duration::from_secs(4 * 3600))
    );
}

#[test]
fn mqtt_settings_load_and_keep_the_password_out_of_debug_output() {
    let mqtt = settings().mqtt;
    assert_eq!(mqtt.client_id, "platzwahl-1");
    assert_eq!(mqtt.password.as_ref().map(|p| p.expose()), Some("s3cret"));
    assert!(!format!("{mqtt:?}").contains("s3cret"));
    assert_eq!(
        mqtt.keep_alive_secs,
        MqttSettings::default().keep_alive_secs
    );
}

#[test]
fn a_misspelt_key_is_refused_rather_than_silently_ignored() {
    let result: Result<DecoderConfig, _> =
        Figment::from(Toml::string("zigbee2mqtt_base_topic = [\"z\"]")).extract();
    assert!(result.is_err());
}
