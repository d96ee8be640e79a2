//! Lenient reading of the messy values sensors send: strings for booleans, floats for
//! integers, `null`. Everything here answers `None` rather than guessing.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::DecodeError;
use crate::event::Occupancy;

/// Longest quoted value in an error message, in characters.
const QUOTE_LIMIT: usize = 48;

/// `value` as compact JSON text, cut to a few dozen characters.
pub(crate) fn shortened(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= QUOTE_LIMIT {
        text
    } else {
        let mut cut: String = text.chars().take(QUOTE_LIMIT).collect();
        cut.push('…');
        cut
    }
}

/// Parses a payload as JSON, naming empty payloads separately.
pub(crate) fn parse_json(payload: &[u8]) -> Result<Value, DecodeError> {
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::EmptyPayload);
    }
    serde_json::from_slice(payload).map_err(|error| DecodeError::NotJson {
        detail: error.to_string(),
    })
}

/// Parses a payload that may be JSON or a bare word (`ON`, `online`): JSON if it parses,
/// otherwise the trimmed text as a JSON string.
pub(crate) fn parse_json_or_text(payload: &[u8]) -> Result<Value, DecodeError> {
    match parse_json(payload) {
        Ok(value) => Ok(value),
        Err(DecodeError::NotJson { detail }) => match std::str::from_utf8(payload) {
            Ok(text) => Ok(Value::String(text.trim().to_owned())),
            Err(_) => Err(DecodeError::NotJson { detail }),
        },
        Err(other) => Err(other),
    }
}

/// A word that means occupied, vacant or "no value".
pub(crate) fn binary_word(word: &str) -> Option<Occupancy> {
    match word.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "1" | "yes" | "occupied" | "present" | "detected" => {
            Some(Occupancy::Occupied)
        }
        "false" | "off" | "0" | "no" | "vacant" | "unoccupied" | "absent" | "clear" => {
            Some(Occupancy::Vacant)
        }
        "" | "null" | "none" | "unknown" | "unavailable" => Some(Occupancy::Unknown),
        _ => None,
    }
}

/// A boolean-like value: `true`/`false`, `1`/`0` (also `1.0`), the words of [`binary_word`],
/// `null` as [`Occupancy::Unknown`].
pub(crate) fn binary(value: &Value) -> Option<Occupancy> {
    match value {
        Value::Null => Some(Occupancy::Unknown),
        Value::Bool(true) => Some(Occupancy::Occupied),
        Value::Bool(false) => Some(Occupancy::Vacant),
        Value::Number(_) => match integer(value)? {
            1 => Some(Occupancy::Occupied),
            0 => Some(Occupancy::Vacant),
            _ => None,
        },
        Value::String(word) => binary_word(word),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// A finite number, also from a numeric string.
pub(crate) fn number(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    number.is_finite().then_some(number)
}

/// A whole number (`3`, `3.0`, `"3"`), within ±2^53.
pub(crate) fn integer(value: &Value) -> Option<i64> {
    if let Value::Number(number) = value
        && let Some(exact) = number.as_i64()
    {
        return Some(exact);
    }
    let number = number(value)?;
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    (number.fract() == 0.0 && number.abs() <= LIMIT).then_some(number as i64)
}

/// A percentage 0–100, rounded.
pub(crate) fn percent(value: &Value) -> Option<u8> {
    let number = number(value)?;
    (0.0..=100.0)
        .contains(&number)
        .then(|| number.round() as u8)
}

/// A Zigbee link quality indicator 0–255.
pub(crate) fn lqi(value: &Value) -> Option<u8> {
    u8::try_from(integer(value)?).ok()
}

/// A point in time: RFC 3339 text, or a Unix epoch number (milliseconds from 10^11 on, which
/// is 1973 in milliseconds and the year 5138 in seconds; seconds below).
pub(crate) fn timestamp(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|time| time.with_timezone(&Utc)),
        Value::Number(_) => {
            let epoch = integer(value)?;
            if epoch.unsigned_abs() >= 100_000_000_000 {
                DateTime::from_timestamp_millis(epoch)
            } else {
                DateTime::from_timestamp(epoch, 0)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn booleans_arrive_in_many_spellings() {
        for occupied in [
            json!(true),
            json!("true"),
            json!("ON"),
            json!(1),
            json!(1.0),
        ] {
            assert_eq!(binary(&occupied), Some(Occupancy::Occupied), "{occupied}");
        }
        for vacant in [json!(false), json!(" off "), json!("Vacant"), json!(0.0)] {
            assert_eq!(binary(&vacant), Some(Occupancy::Vacant), "{vacant}");
        }
        assert_eq!(binary(&json!(null)), Some(Occupancy::Unknown));
    }

    #[test]
    fn other_numbers_and_words_are_not_booleans() {
        for value in [
            json!(2),
            json!(0.5),
            json!("maybe"),
            json!([true]),
            json!({}),
        ] {
            assert_eq!(binary(&value), None, "{value}");
        }
    }

    #[test]
    fn floats_for_integers_are_integers_but_fractions_are_not() {
        assert_eq!(integer(&json!(3.0)), Some(3));
        assert_eq!(integer(&json!("3")), Some(3));
        assert_eq!(integer(&json!(3.5)), None);
        assert_eq!(integer(&json!(1e300)), None);
    }

    #[test]
    fn percentages_outside_zero_to_hundred_are_dropped() {
        assert_eq!(percent(&json!(88.3)), Some(88));
        assert_eq!(percent(&json!(100.0)), Some(100));
        assert_eq!(percent(&json!(101)), None);
        assert_eq!(percent(&json!(-1)), None);
    }

    #[test]
    fn timestamps_are_read_from_text_and_epoch_numbers() {
        let expected = DateTime::parse_from_rfc3339("2023-07-26T17:44:18.626Z")
            .ok()
            .map(|time| time.with_timezone(&Utc));
        assert_eq!(timestamp(&json!("2023-07-26T17:44:18.626Z")), expected);
        assert_eq!(timestamp(&json!(1_690_393_458_626_i64)), expected);
        assert_eq!(
            timestamp(&json!(1_690_393_458)),
            DateTime::from_timestamp(1_690_393_458, 0)
        );
        assert_eq!(timestamp(&json!("yesterday")), None);
        assert_eq!(timestamp(&json!(1e300)), None);
    }

    #[test]
    fn the_most_negative_epoch_is_no_time_rather_than_an_overflow() {
        // Found by the decoder property tests: `i64::MIN.abs()` overflows.
        assert_eq!(timestamp(&json!(i64::MIN)), None);
        assert_eq!(timestamp(&json!(i64::MAX)), None);
        assert_eq!(timestamp(&json!(-9_007_199_254_740_992_i64)), None);
    }

    #[test]
    fn blank_payloads_are_empty_not_broken_json() {
        assert_eq!(parse_json(b"  \n"), Err(DecodeError::EmptyPayload));
        assert!(matches!(parse_json(b"{"), Err(DecodeError::NotJson { .. })));
        assert_eq!(parse_json_or_text(b"ON\n"), Ok(json!("ON")));
    }
}
