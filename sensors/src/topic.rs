//! Topic patterns and JSON pointers, as an administrator writes them in the configuration.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a topic pattern or JSON pointer from the configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// The pattern is empty.
    #[error("a topic pattern must not be empty")]
    Empty,
    /// `#` somewhere but at the end.
    #[error("`#` may only be the last level of a topic pattern: `{0}`")]
    HashNotLast(String),
    /// A level mixes a wildcard or capture with other characters (`a+`, `x{device}`).
    #[error(
        "level `{level}` of `{pattern}` mixes a wildcard with text; a wildcard is a whole level"
    )]
    MixedLevel {
        /// The whole pattern.
        pattern: String,
        /// The offending level.
        level: String,
    },
    /// `{device}` twice.
    #[error("`{{device}}` may appear only once: `{0}`")]
    SecondCapture(String),
    /// A JSON pointer that neither is empty nor starts with `/`.
    #[error("a JSON pointer is empty or starts with `/` (RFC 6901): `{0}`")]
    BadPointer(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Level {
    Literal(String),
    /// `+`: any one level.
    Any,
    /// `{device}`: any one level, captured as the device.
    Device,
    /// `#`: any number of further levels, also none.
    Rest,
}

/// An MQTT topic filter with an optional `{device}` capture, e.g. `acme/+/{device}/state`.
///
/// `+` matches one level, `#` (last only) any number of levels including none, `{device}`
/// matches one level and names the device. As in MQTT, wildcards do not match a first level
/// starting with `$`. Written in configuration as a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "String", into = "String")]
pub struct TopicPattern {
    text: String,
    levels: Vec<Level>,
}

/// A successful match of a [`TopicPattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicMatch<'t> {
    /// The level `{device}` matched, if the pattern has that capture.
    pub device: Option<&'t str>,
}

impl TopicPattern {
    /// Parses a pattern.
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        let raw: Vec<&str> = text.split('/').collect();
        let mut levels = Vec::with_capacity(raw.len());
        for (index, level) in raw.iter().enumerate() {
            let parsed = match *level {
                "+" => Level::Any,
                "#" if index + 1 == raw.len() => Level::Rest,
                "#" => return Err(PatternError::HashNotLast(text.to_owned())),
                "{device}" if levels.contains(&Level::Device) => {
                    return Err(PatternError::SecondCapture(text.to_owned()));
                }
                "{device}" => Level::Device,
                literal if literal.contains(['+', '#', '{', '}']) => {
                    return Err(PatternError::MixedLevel {
                        pattern: text.to_owned(),
                        level: literal.to_owned(),
                    });
                }
                literal => Level::Literal(literal.to_owned()),
            };
            levels.push(parsed);
        }
        Ok(Self {
            text: text.to_owned(),
            levels,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The MQTT subscription filter that receives every topic the pattern matches
    /// (`{device}` becomes `+`).
    pub fn subscription_filter(&self) -> String {
        self.levels
            .iter()
            .map(|level| match level {
                Level::Literal(literal) => literal.as_str(),
                Level::Any | Level::Device => "+",
                Level::Rest => "#",
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Matches a concrete topic.
    pub fn matches<'t>(&self, topic: &'t str) -> Option<TopicMatch<'t>> {
        let mut topic_levels = topic.split('/');
        let mut device = None;
        for (index, level) in self.levels.iter().enumerate() {
            let system_topic = index == 0 && topic.starts_with('$');
            match level {
                Level::Rest => return (!system_topic).then_some(TopicMatch { device }),
                Level::Literal(literal) => {
                    if topic_levels.next()? != literal {
                        return None;
                    }
                }
                Level::Any | Level::Device => {
                    let actual = topic_levels.next()?;
                    if system_topic {
                        return None;
                    }
                    if let Level::Device = level {
                        device = Some(actual);
                    }
                }
            }
        }
        match topic_levels.next() {
            None => Some(TopicMatch { device }),
            Some(_) => None,
        }
    }
}

impl TryFrom<String> for TopicPattern {
    type Error = PatternError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<TopicPattern> for String {
    fn from(pattern: TopicPattern) -> Self {
        pattern.text
    }
}

impl FromStr for TopicPattern {
    type Err = PatternError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for TopicPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// An RFC 6901 JSON pointer into a payload, e.g. `/data/occupied`; the empty pointer is the
/// whole payload. Written in configuration as a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(try_from = "String", into = "String")]
pub struct JsonPointer(String);

impl JsonPointer {
    /// Parses a pointer.
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        if text.is_empty() || text.starts_with('/') {
            Ok(Self(text.to_owned()))
        } else {
            Err(PatternError::BadPointer(text.to_owned()))
        }
    }

    /// The pointer as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value the pointer points at in `document`.
    pub fn resolve<'v>(&self, document: &'v Value) -> Option<&'v Value> {
        document.pointer(&self.0)
    }
}

impl TryFrom<String> for JsonPointer {
    type Error = PatternError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<JsonPointer> for String {
    fn from(pointer: JsonPointer) -> Self {
        pointer.0
    }
}

impl FromStr for JsonPointer {
    type Err = PatternError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pattern(text: &str) -> TopicPattern {
        match TopicPattern::parse(text) {
            Ok(pattern) => pattern,
            Err(error) => panic!("{text}: {error}"),
        }
    }

    #[test]
    fn the_device_capture_names_one_level() {
        let p = pattern("acme/+/{device}/state");
        assert_eq!(
            p.matches("acme/floor2/desk-12/state"),
            Some(TopicMatch {
                device: Some("desk-12")
            })
        );
        assert_eq!(p.matches("acme/floor2/desk-12/state/extra"), None);
        assert_eq!(p.matches("acme/floor2/desk-12"), None);
        assert_eq!(p.subscription_filter(), "acme/+/+/state");
    }

    #[test]
    fn hash_matches_any_rest_including_nothing() {
        let p = pattern("sensors/#");
        assert!(p.matches("sensors").is_some());
        assert!(p.matches("sensors/a/b/c").is_some());
        assert!(p.matches("other/a").is_none());
    }

    #[test]
    fn wildcards_do_not_match_system_topics() {
        assert!(pattern("#").matches("$SYS/broker/uptime").is_none());
        assert!(pattern("+/uptime").matches("$SYS/uptime").is_none());
    }

    #[test]
    fn malformed_patterns_are_refused() {
        assert_eq!(
            TopicPattern::parse("a/#/b"),
            Err(PatternError::HashNotLast("a/#/b".into()))
        );
        assert!(matches!(
            TopicPattern::parse("a/b+"),
            Err(PatternError::MixedLevel { .. })
        ));
        assert!(matches!(
            TopicPattern::parse("{device}/{device}"),
            Err(PatternError::SecondCapture(_))
        ));
        assert_eq!(TopicPattern::parse(""), Err(PatternError::Empty));
    }

    #[test]
    fn pointers_follow_rfc_6901_escapes() -> Result<(), PatternError> {
        let document = json!({"a/b": {"m~n": 1}, "list": [10, 20]});
        assert_eq!(
            JsonPointer::parse("/a~1b/m~0n")?.resolve(&document),
            Some(&json!(1))
        );
        assert_eq!(
            JsonPointer::parse("/list/1")?.resolve(&document),
            Some(&json!(20))
        );
        assert_eq!(JsonPointer::parse("")?.resolve(&document), Some(&document));
        assert!(JsonPointer::parse("occupancy").is_err());
        Ok(())
    }
}
