//! What occupancy sensors say now: the live state of a desk or room, and one update of it as
//! the occupancy list and the live stream carry it.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// What an occupancy sensor says about its desk or room now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Live {
    /// Somebody is there now.
    Occupied,
    /// Nobody has been there for a while.
    Vacant,
    /// The sensor is silent or unreachable: nobody knows.
    Unknown,
}

impl Live {
    /// What a protected room shows of this state: taken or free, nothing more.
    pub fn taken_or_free(self) -> Live {
        match self {
            Live::Occupied => Live::Occupied,
            Live::Vacant | Live::Unknown => Live::Vacant,
        }
    }

    /// The state's words in a language; a protected room says taken or free only.
    pub fn label(self, lang: Lang, protected_room: bool) -> &'static str {
        let t = lang.texts();
        match (self, protected_room) {
            (Live::Occupied, true) => t.room_taken,
            (Live::Vacant | Live::Unknown, true) => t.room_free,
            (Live::Occupied, false) => t.live_occupied,
            (Live::Vacant, false) => t.live_vacant,
            (Live::Unknown, false) => t.live_unknown,
        }
    }

    /// The CSS class suffix of the state.
    pub fn css(self) -> &'static str {
        match self {
            Live::Occupied => "occupied",
            Live::Vacant => "vacant",
            Live::Unknown => "unknown",
        }
    }
}

/// The current sensor state of one desk or room, as `GET /api/v1/occupancy` lists it and
/// `GET /api/v1/live` streams its changes: `{"desk": "2.14", "floor": 2, "state": "occupied"}`
/// or `{"room": "0.E01", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LiveUpdate {
    /// The desk's label, for a desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// The room's label, for a room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// Short name of the building the floor is in.
    pub building: String,
    /// The floor's level.
    pub floor: i32,
    /// The state now.
    pub state: Live,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protected_room_shows_only_taken_or_free_in_both_languages() {
        assert_eq!(Live::Unknown.label(Lang::De, true), "frei");
        assert_eq!(Live::Occupied.label(Lang::En, true), "taken");
        assert_eq!(Live::Unknown.label(Lang::De, false), "Sensor unbekannt");
        assert_eq!(Live::Occupied.label(Lang::En, false), "occupied now");
    }

    #[test]
    fn a_live_update_reads_and_writes_the_stream_json() {
        let update: Result<LiveUpdate, _> = serde_json::from_str(
            r#"{"desk": "2.14", "building": "bd", "floor": 2, "state": "occupied"}"#,
        );
        assert_eq!(
            update.ok(),
            Some(LiveUpdate {
                desk: Some("2.14".into()),
                room: None,
                building: "bd".into(),
                floor: 2,
                state: Live::Occupied,
            })
        );
    }
}
