//! Generic JSON mappings: a sensor model the built-in decoders do not know, described in
//! configuration by a topic pattern, a JSON pointer and the values that mean occupied, vacant
//! or pending (see [`JsonMapping`]).

use serde_json::Value;

use crate::config::{JsonMapping, loosely_equal};
use crate::error::DecodeError;
use crate::event::{DeviceKey, Format, LinkQuality, Occupancy, Reading, SensorEvent};
use crate::topic::JsonPointer;
use crate::value;

/// Decodes a payload of the device named `device` (a capture or the whole topic).
pub(crate) fn decode(
    mapping: &JsonMapping,
    device: &str,
    payload: &[u8],
) -> Result<SensorEvent, DecodeError> {
    let document = value::parse_json_or_text(payload)?;
    let occupancy = mapping
        .occupancy
        .resolve(&document)
        .map(|raw| classify(mapping, raw))
        .transpose()?;
    let at = |pointer: &Option<JsonPointer>| pointer.as_ref()?.resolve(&document);
    let battery_percent = at(&mapping.battery).and_then(value::percent);
    if occupancy.is_none() && battery_percent.is_none() {
        return Err(DecodeError::NoOccupancyField {
            looked_for: format!("`{}`", field_name(&mapping.occupancy)),
        });
    }
    let link_quality = at(&mapping.link_quality)
        .and_then(value::lqi)
        .map(|value| LinkQuality::Lqi { value })
        .or_else(|| {
            let dbm = value::integer(at(&mapping.rssi)?)?;
            Some(LinkQuality::Rssi {
                dbm: i16::try_from(dbm).ok()?,
                snr_db: None,
            })
        });
    Ok(SensorEvent::Reading(Reading {
        device: DeviceKey::new(format!("{}:{device}", mapping.name)),
        format: Format::Mapping,
        observed_at: at(&mapping.observed_at).and_then(value::timestamp),
        occupancy,
        battery_percent,
        link_quality,
        via_bridge: None,
    }))
}

/// Which configured list `raw` is in.
fn classify(mapping: &JsonMapping, raw: &Value) -> Result<Occupancy, DecodeError> {
    let listed = |list: &[Value]| list.iter().any(|listed| loosely_equal(raw, listed));
    if listed(&mapping.occupied) {
        Ok(Occupancy::Occupied)
    } else if listed(&mapping.vacant) {
        Ok(Occupancy::Vacant)
    } else if listed(&mapping.pending) {
        Ok(Occupancy::Pending)
    } else if raw.is_null() {
        Ok(Occupancy::Unknown)
    } else {
        Err(DecodeError::invalid(
            field_name(&mapping.occupancy),
            raw,
            &format!(
                "one of the values configured for mapping `{}`",
                mapping.name
            ),
        ))
    }
}

/// The pointer as a field name; the empty pointer is the whole payload.
fn field_name(pointer: &JsonPointer) -> &str {
    match pointer.as_str() {
        "" => "payload",
        text => text,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn acme() -> JsonMapping {
        let parsed = serde_json::from_value(json!({
            "name": "acme",
            "topic": "acme/{device}/up",
            "occupancy": "/data/desk",
            "occupied": ["busy", 1],
            "vacant": ["free", 0],
            "battery": "/bat",
            "rssi": "/radio/rssi",
            "observed_at": "/ts"
        }));
        match parsed {
            Ok(mapping) => mapping,
            Err(error) => panic!("{error}"),
        }
    }

    fn reading(payload: &[u8]) -> Result<Reading, DecodeError> {
        match decode(&acme(), "d1", payload)? {
            SensorEvent::Reading(reading) => Ok(reading),
            other => panic!("expected a reading, got {other:?}"),
        }
    }

    #[test]
    fn configured_values_map_to_occupancy() -> Result<(), DecodeError> {
        let r = reading(
            br#"{"data":{"desk":"BUSY"},"bat":55.0,"radio":{"rssi":-97},"ts":1700000000}"#,
        )?;
        assert_eq!(r.device.as_str(), "acme:d1");
        assert_eq!(r.occupancy, Some(Occupancy::Occupied));
        assert_eq!(r.battery_percent, Some(55));
        assert_eq!(
            r.link_quality,
            Some(LinkQuality::Rssi {
                dbm: -97,
                snr_db: None
            })
        );
        assert!(r.observed_at.is_some());
        assert_eq!(
            reading(br#"{"data":{"desk":0.0}}"#)?.occupancy,
            Some(Occupancy::Vacant)
        );
        assert_eq!(
            reading(br#"{"data":{"desk":null}}"#)?.occupancy,
            Some(Occupancy::Unknown)
        );
        Ok(())
    }

    #[test]
    fn an_unlisted_value_is_an_error_naming_the_pointer() {
        assert_eq!(
            reading(br#"{"data":{"desk":"maybe"}}"#),
            Err(DecodeError::InvalidValue {
                field: "/data/desk".into(),
                value: "\"maybe\"".into(),
                expected: "one of the values configured for mapping `acme`".into(),
            })
        );
    }

    #[test]
    fn battery_alone_is_a_battery_only_reading_and_nothing_is_an_error() -> Result<(), DecodeError>
    {
        let r = reading(br#"{"bat":20}"#)?;
        assert_eq!((r.occupancy, r.battery_percent), (None, Some(20)));
        assert_eq!(
            reading(br#"{"other":1}"#),
            Err(DecodeError::NoOccupancyField {
                looked_for: "`/data/desk`".into()
            })
        );
        Ok(())
    }

    #[test]
    fn the_empty_pointer_reads_plain_text_payloads() -> Result<(), DecodeError> {
        let mut mapping = acme();
        mapping.occupancy = JsonPointer::parse("").map_err(|_| DecodeError::UnknownTopic)?;
        let event = decode(&mapping, "d1", b"busy")?;
        let SensorEvent::Reading(r) = event else {
            panic!("expected a reading");
        };
        assert_eq!(r.occupancy, Some(Occupancy::Occupied));
        Ok(())
    }
}
