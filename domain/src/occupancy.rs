//! What the occupancy sensors say now about the desks and rooms of a floor, read from
//! `sensor_state` (the sensor pipeline of the server keeps it current).

use std::collections::HashMap;

use entities::enums::{Presence, PrivacyClass};
use entities::{desk, floor, room, sensor, sensor_state, zone};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use wire::model::{Live, LiveUpdate};

/// The live state a stored presence means.
pub fn live_of(presence: Presence) -> Live {
    match presence {
        Presence::Occupied => Live::Occupied,
        Presence::Vacant => Live::Vacant,
        Presence::Unknown => Live::Unknown,
    }
}

/// The sensor states of desks and rooms, by their ids. A desk or room with a sensor but no
/// state yet is unknown; one without a sensor is missing from the maps.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LiveStates {
    /// By desk id.
    pub desks: HashMap<i32, Live>,
    /// By room id; protected rooms show taken or free only.
    pub rooms: HashMap<i32, Live>,
}

/// The sensor states of the given desks and rooms.
pub async fn live_states(
    db: &impl ConnectionTrait,
    desk_ids: Vec<i32>,
    rooms: &[room::Model],
) -> Result<LiveStates, DbErr> {
    let room_ids: Vec<i32> = rooms.iter().map(|r| r.id).collect();
    let sensors = sensor::Entity::find()
        .filter(
            Condition::any()
                .add(sensor::Column::DeskId.is_in(desk_ids))
                .add(sensor::Column::RoomId.is_in(room_ids)),
        )
        .find_also_related(sensor_state::Entity)
        .all(db)
        .await?;
    let protected: HashMap<i32, bool> = rooms
        .iter()
        .map(|r| (r.id, r.privacy_class == PrivacyClass::Protected))
        .collect();
    let mut states = LiveStates::default();
    for (sensor, state) in sensors {
        let live = state.map_or(Live::Unknown, |s| live_of(s.state));
        if let Some(desk) = sensor.desk_id {
            states.desks.insert(desk, live);
        }
        if let Some(room) = sensor.room_id {
            let live = if protected.get(&room).copied().unwrap_or(true) {
                live.taken_or_free()
            } else {
                live
            };
            states.rooms.insert(room, live);
        }
    }
    Ok(states)
}

/// The current state of every desk and room with a sensor on the floor at `level`, desks
/// first, each ordered by label; `None` if there is no such floor.
pub async fn floor_occupancy(
    db: &impl ConnectionTrait,
    level: i32,
) -> Result<Option<Vec<LiveUpdate>>, DbErr> {
    let Some(floor) = floor::Entity::find()
        .filter(floor::Column::Level.eq(level))
        .order_by_asc(floor::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let zone_ids: Vec<i32> = zone::Entity::find()
        .filter(zone::Column::FloorId.eq(floor.id))
        .all(db)
        .await?
        .into_iter()
        .map(|z| z.id)
        .collect();
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zone_ids))
        .order_by_asc(desk::Column::Label)
        .all(db)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::FloorId.eq(floor.id))
        .order_by_asc(room::Column::Label)
        .all(db)
        .await?;
    let states = live_states(db, desks.iter().map(|d| d.id).collect(), &rooms).await?;
    let desks = desks.into_iter().filter_map(|d| {
        states.desks.get(&d.id).map(|state| LiveUpdate {
            desk: Some(d.label),
            room: None,
            floor: level,
            state: *state,
        })
    });
    let rooms = rooms.into_iter().filter_map(|r| {
        states.rooms.get(&r.id).map(|state| LiveUpdate {
            desk: None,
            room: Some(r.label),
            floor: level,
            state: *state,
        })
    });
    Ok(Some(desks.chain(rooms).collect()))
}
