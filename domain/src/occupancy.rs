//! What the occupancy sensors say now about the desks and rooms of a floor, read from
//! `sensor_state` (the sensor pipeline of the server keeps it current).
//!
//! A sensor never reports on a named person: the live state of a desk booked for the current
//! half-day is shown only to the person who booked it ([`BookedNow`]); everyone else sees the
//! booking, not whether its holder sits there. A desk nobody booked shows its state (someone
//! sitting there is nobody anyone could name from the plan).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::enums::{Presence, PrivacyClass};
use entities::{building, desk, desk_booking_half, floor, room, sensor, sensor_state, zone};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use wire::model::{Live, LiveUpdate, Slot};

use crate::booking::rules;

/// The desks booked for the half-day of an instant, and by whom.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BookedNow {
    /// Booker by desk id (`None`: anonymised, nobody may see).
    by_desk: HashMap<i32, Option<i32>>,
    /// Booker by desk label.
    by_label: HashMap<String, Option<i32>>,
}

impl BookedNow {
    /// Reads the bookings holding the half-day of `now`.
    pub async fn read(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<BookedNow, DbErr> {
        let tz = crate::topology::building_tz(db).await?;
        let (day, slot) = rules::half_at(tz, now);
        let half = if slot == Slot::Afternoon {
            desk_booking_half::AFTERNOON
        } else {
            desk_booking_half::MORNING
        };
        let by_desk: HashMap<i32, Option<i32>> = desk_booking_half::Entity::find()
            .filter(desk_booking_half::Column::Day.eq(day))
            .filter(desk_booking_half::Column::Half.eq(half))
            .all(db)
            .await?
            .into_iter()
            .map(|claim| (claim.desk_id, claim.person_id))
            .collect();
        let by_label = desk::Entity::find()
            .filter(desk::Column::Id.is_in(by_desk.keys().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.label, by_desk.get(&d.id).copied().flatten()))
            .collect();
        Ok(BookedNow { by_desk, by_label })
    }

    /// Whether `viewer` may not see the live state of the desk `id`: someone else booked it.
    pub fn hides_desk(&self, id: i32, viewer: Option<i32>) -> bool {
        self.by_desk
            .get(&id)
            .is_some_and(|booker| booker.is_none() || *booker != viewer)
    }

    /// Who may hear of the live state of the desk `label`: everyone if nobody booked it for
    /// now, else only its booker (nobody when the booking is anonymised).
    pub fn audience(&self, label: &str) -> Audience {
        match self.by_label.get(label) {
            None => Audience::Everyone,
            Some(Some(booker)) => Audience::Only(*booker),
            Some(None) => Audience::Nobody,
        }
    }

    /// Drops from `states` every desk `viewer` may not see the live state of.
    pub fn hide_from(&self, states: &mut LiveStates, viewer: Option<i32>) {
        states
            .desks
            .retain(|desk, _| !self.hides_desk(*desk, viewer));
    }
}

/// Who may hear of a live change ([`BookedNow::audience`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Everybody signed in.
    Everyone,
    /// Only this person (the desk's booker).
    Only(i32),
    /// Nobody.
    Nobody,
}

impl Audience {
    /// Whether `viewer` may hear of it.
    pub fn includes(self, viewer: i32) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Only(person) => person == viewer,
            Audience::Nobody => false,
        }
    }
}

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

/// The current state of every desk and room with a sensor on floor `floor_id`, desks first, each ordered by label, as `viewer` may see it (without desks others booked now);
/// `None` if there is no such floor.
pub async fn floor_occupancy(
    db: &impl ConnectionTrait,
    floor_id: i32,
    viewer: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Option<Vec<LiveUpdate>>, DbErr> {
    let Some(floor) = floor::Entity::find_by_id(floor_id).one(db).await? else {
        return Ok(None);
    };
    let Some(building) = building::Entity::find_by_id(floor.building_id)
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
    let mut states = live_states(db, desks.iter().map(|d| d.id).collect(), &rooms).await?;
    BookedNow::read(db, now)
        .await?
        .hide_from(&mut states, viewer);
    let desks = desks.into_iter().filter_map(|d| {
        states.desks.get(&d.id).map(|state| LiveUpdate {
            desk: Some(d.label),
            room: None,
            building: building.slug.clone(),
            floor: floor.level,
            state: *state,
        })
    });
    let rooms = rooms.into_iter().filter_map(|r| {
        states.rooms.get(&r.id).map(|state| LiveUpdate {
            desk: None,
            room: Some(r.label),
            building: building.slug.clone(),
            floor: floor.level,
            state: *state,
        })
    });
    Ok(Some(desks.chain(rooms).collect()))
}
