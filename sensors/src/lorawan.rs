//! The vendor fields inside a LoRaWAN decoded payload (The Things Stack `decoded_payload`,
//! ChirpStack `object`), as the vendors' codecs in the LoRaWAN device repository write them.
//!
//! Looked at in this order; the first present field decides:
//!
//! | field | vendor | meaning |
//! | --- | --- | --- |
//! | `occupancy` | Milesight VS340, VS341, VS370, WS203: `"occupied"`/`"vacant"`; Elsys: `0` none, `1` pending, `2` occupied | as said |
//! | `occupied` | Browan codecs that give a boolean | as said |
//! | `status` on fPort 102 | Browan TBMS100 | bit 0 set = occupied |
//! | `pir` | Milesight WS202 | `"trigger"` occupied, `"normal"`/`"idle"` vacant |
//! | `people_counter_all`, `people_count_all`, `people_count` | Milesight VS121 and other people counters | more than 0 = occupied |
//! | `motion` | Elsys (motion count since the last uplink) | more than 0 = occupied |
//! | `presence` | radars | as said |
//!
//! Numbers under `occupancy` follow Elsys (`1` is pending, not occupied); sensors that mean
//! something else get a [generic mapping](crate::JsonMapping). Line-crossing counters such as
//! the VS133 report flows, not how many people are present, and so carry no occupancy.
//! The battery is `battery` (percent; on Browan fPort 102 it is volts and is not reported),
//! `battery_level` or `batteryLevel`.

use serde_json::{Map, Value};

use crate::error::DecodeError;
use crate::event::{DeviceKey, LinkQuality, Occupancy};
use crate::value;

/// Browan's status port.
const BROWAN_STATUS_PORT: u8 = 102;

const PEOPLE_COUNTS: [&str; 3] = ["people_counter_all", "people_count_all", "people_count"];

const LOOKED_FOR: &str = "`occupancy`, `occupied`, `status` (fPort 102), `pir`, \
                          `people_counter_all`, `motion`, `presence` or a battery level";

/// What a decoded payload says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interpreted {
    pub(crate) occupancy: Option<Occupancy>,
    pub(crate) battery_percent: Option<u8>,
}

/// Reads the vendor fields of `decoded`, found at `path` in the envelope.
pub(crate) fn interpret(
    decoded: &Map<String, Value>,
    f_port: Option<u8>,
    path: &str,
) -> Result<Interpreted, DecodeError> {
    let field = |name: &str| format!("{path}.{name}");
    let browan_status = f_port == Some(BROWAN_STATUS_PORT) && decoded.contains_key("status");

    let occupancy =
        if let Some(raw) = decoded.get("occupancy") {
            Some(elsys_or_words(raw).ok_or_else(|| {
                DecodeError::invalid(
                    field("occupancy"),
                    raw,
                    "`occupied`/`vacant`, a boolean, or 0, 1 or 2",
                )
            })?)
        } else if let Some(raw) = decoded.get("occupied") {
            Some(
                value::binary(raw)
                    .ok_or_else(|| DecodeError::invalid(field("occupied"), raw, "a boolean"))?,
            )
        } else if browan_status && let Some(raw) = decoded.get("status") {
            let status = value::integer(raw)
                .and_then(|status| u8::try_from(status).ok())
                .ok_or_else(|| DecodeError::invalid(field("status"), raw, "a status byte"))?;
            Some(if status & 1 == 1 {
                Occupancy::Occupied
            } else {
                Occupancy::Vacant
            })
        } else if let Some(raw) = decoded.get("pir") {
            Some(pir(raw).ok_or_else(|| {
                DecodeError::invalid(field("pir"), raw, "`trigger`, `normal` or `idle`")
            })?)
        } else if let Some((name, raw)) = PEOPLE_COUNTS
            .iter()
            .find_map(|name| decoded.get(*name).map(|raw| (*name, raw)))
        {
            Some(count(raw).ok_or_else(|| {
                DecodeError::invalid(field(name), raw, "a people count of 0 or more")
            })?)
        } else if let Some(raw) = decoded.get("motion") {
            let said = match raw {
                Value::Number(_) | Value::String(_) => count(raw),
                other => value::binary(other),
            };
            Some(said.ok_or_else(|| {
                DecodeError::invalid(field("motion"), raw, "a motion count or a boolean")
            })?)
        } else if let Some(raw) = decoded.get("presence") {
            Some(
                value::binary(raw)
                    .ok_or_else(|| DecodeError::invalid(field("presence"), raw, "a boolean"))?,
            )
        } else {
            None
        };

    let battery_fields: &[&str] = if browan_status {
        &["battery_level", "batteryLevel"]
    } else {
        &["battery", "battery_level", "batteryLevel"]
    };
    let battery_percent = battery_fields
        .iter()
        .find_map(|name| decoded.get(*name))
        .and_then(value::percent);

    if occupancy.is_none() && battery_percent.is_none() {
        let errors = codec_errors(decoded);
        if !errors.is_empty() {
            return Err(DecodeError::CodecErrors { errors });
        }
        return Err(DecodeError::NoOccupancyField {
            looked_for: LOOKED_FOR.to_owned(),
        });
    }
    Ok(Interpreted {
        occupancy,
        battery_percent,
    })
}

/// The device key of a DevEUI, if `raw` is 16 hex digits.
pub(crate) fn dev_eui_key(raw: Option<&Value>) -> Option<DeviceKey> {
    let eui = raw?.as_str()?.trim();
    (eui.len() == 16 && eui.bytes().all(|b| b.is_ascii_hexdigit())).then(|| DeviceKey::lorawan(eui))
}

/// The strongest gateway reception in a list of gateway metadata objects.
pub(crate) fn best_reception(gateways: Option<&Value>) -> Option<LinkQuality> {
    gateways?
        .as_array()?
        .iter()
        .filter_map(|gateway| {
            let dbm = ["rssi", "channel_rssi"]
                .iter()
                .find_map(|key| value::integer(gateway.get(*key)?))
                .and_then(|dbm| i16::try_from(dbm).ok())?;
            let snr_db = gateway.get("snr").and_then(value::number);
            Some((dbm, snr_db))
        })
        .max_by_key(|(dbm, _)| *dbm)
        .map(|(dbm, snr_db)| LinkQuality::Rssi { dbm, snr_db })
}

/// Elsys numbers (also as text) or occupancy words.
fn elsys_or_words(raw: &Value) -> Option<Occupancy> {
    if let Some(number) = value::integer(raw) {
        return match number {
            0 => Some(Occupancy::Vacant),
            1 => Some(Occupancy::Pending),
            2 => Some(Occupancy::Occupied),
            _ => None,
        };
    }
    match raw {
        Value::String(word) if word.trim().eq_ignore_ascii_case("pending") => {
            Some(Occupancy::Pending)
        }
        Value::Number(_) => None,
        other => value::binary(other),
    }
}

/// Milesight WS202 PIR states.
fn pir(raw: &Value) -> Option<Occupancy> {
    match raw.as_str().map(|word| word.trim().to_ascii_lowercase()) {
        Some(word) if word == "trigger" => Some(Occupancy::Occupied),
        Some(word) if word == "normal" || word == "idle" => Some(Occupancy::Vacant),
        _ => value::binary(raw),
    }
}

/// A count of people or motions: more than nothing means occupied.
fn count(raw: &Value) -> Option<Occupancy> {
    match value::integer(raw)? {
        0 => Some(Occupancy::Vacant),
        n if n > 0 => Some(Occupancy::Occupied),
        _ => None,
    }
}

/// The codec's error messages (`errors`, or `__errors` in the device repository examples).
fn codec_errors(decoded: &Map<String, Value>) -> Vec<String> {
    ["errors", "__errors"]
        .iter()
        .filter_map(|name| decoded.get(*name)?.as_array())
        .flatten()
        .filter_map(|error| error.as_str().map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(decoded: Value, f_port: Option<u8>) -> Result<Interpreted, DecodeError> {
        match decoded {
            Value::Object(fields) => interpret(&fields, f_port, "object"),
            other => panic!("test payload must be an object: {other}"),
        }
    }

    fn occupancy(decoded: Value, f_port: Option<u8>) -> Option<Occupancy> {
        match read(decoded, f_port) {
            Ok(interpreted) => interpreted.occupancy,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn elsys_numbers_mean_none_pending_occupied() {
        assert_eq!(
            occupancy(json!({"occupancy": 0}), None),
            Some(Occupancy::Vacant)
        );
        assert_eq!(
            occupancy(json!({"occupancy": 1.0}), None),
            Some(Occupancy::Pending)
        );
        assert_eq!(
            occupancy(json!({"occupancy": "2"}), None),
            Some(Occupancy::Occupied)
        );
        assert!(matches!(
            read(json!({"occupancy": 3}), None),
            Err(DecodeError::InvalidValue { .. })
        ));
    }

    #[test]
    fn the_occupancy_field_outranks_the_motion_count() {
        assert_eq!(
            occupancy(json!({"occupancy": 1, "motion": 6}), Some(1)),
            Some(Occupancy::Pending)
        );
        assert_eq!(
            occupancy(json!({"motion": 0}), Some(1)),
            Some(Occupancy::Vacant)
        );
    }

    #[test]
    fn browan_status_is_read_only_on_its_port_and_its_battery_is_volts() -> Result<(), DecodeError>
    {
        let payload = json!({"status": 1, "battery": 3.6});
        let on_port = read(payload.clone(), Some(102))?;
        assert_eq!(on_port.occupancy, Some(Occupancy::Occupied));
        assert_eq!(on_port.battery_percent, None);
        let elsewhere = read(payload, Some(5))?;
        assert_eq!(elsewhere.occupancy, None);
        assert_eq!(elsewhere.battery_percent, Some(4));
        Ok(())
    }

    #[test]
    fn a_people_count_above_zero_is_occupied() {
        assert_eq!(
            occupancy(json!({"people_counter_all": 3}), None),
            Some(Occupancy::Occupied)
        );
        assert_eq!(
            occupancy(json!({"people_count_all": 0.0}), None),
            Some(Occupancy::Vacant)
        );
        assert!(read(json!({"people_counter_all": -1}), None).is_err());
    }

    #[test]
    fn codec_errors_are_reported_when_nothing_else_is_there() {
        assert_eq!(
            read(json!({"__errors": ["unknown FPort"]}), Some(42)),
            Err(DecodeError::CodecErrors {
                errors: vec!["unknown FPort".into()]
            })
        );
    }
}
