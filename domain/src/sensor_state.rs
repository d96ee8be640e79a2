//! What the sensor pipeline reads and writes: where each registered sensor is ([`places`]),
//! the debounced state of each sensor in `sensor_state` ([`set_states`]), and the journal of
//! raw events in `sensor_event` with the time each sensor was last heard ([`write_journal`]).
//!
//! The pipeline itself — the MQTT ingestion, debouncing, gathering raw events into batches,
//! the lead among instances and the live changes sent to every instance — is the server's
//! (`server::live`); it calls these. What the states mean for a floor's plan is
//! [`crate::occupancy`]; which sensor watches which place is kept by [`crate::sensor_registry`].

use std::collections::HashMap;

use crate::db::begin_write;
use chrono::{DateTime, Utc};
use entities::enums::{Presence, PrivacyClass};
use entities::{sensor, sensor_event, sensor_state};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionSession,
    TransactionTrait,
};

/// Raw events per `INSERT` statement (three values each, well under SQLite's limit).
const JOURNAL_CHUNK: usize = 500;

/// Where a registered sensor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The sensor's database id.
    pub sensor_id: i32,
    /// The desk's or room's label.
    pub label: String,
    /// A desk (`true`) or a room.
    pub is_desk: bool,
    /// A protected consultation room: shown as taken or free only.
    pub protected: bool,
    /// Short name of the building the floor is in.
    pub building: String,
    /// The floor's level.
    pub floor: i32,
}

/// A floor's building (short name) and level.
type FloorAt = (String, i32);

/// Every sensor that watches a desk or room, with its device key, in the order the database
/// returns them. Sensors bound to nothing (or to a place without a floor) are left out.
pub async fn places(
    db: &impl ConnectionTrait,
    topology: &crate::topology::Topology,
) -> Result<Vec<(String, Place)>, DbErr> {
    // A floor's building (by slug) and level.
    let level = |floor_id: i32| {
        let floor = topology.floor(floor_id)?;
        let building = topology.building(floor.building_id)?;
        Some((building.slug.clone(), floor.level))
    };
    let desks: HashMap<i32, (String, Option<FloorAt>)> = topology
        .desks()
        .map(|d| {
            let level = topology.zone(d.zone_id).and_then(|z| level(z.floor_id));
            (d.id, (d.label.clone(), level))
        })
        .collect();
    let rooms: HashMap<i32, (String, bool, Option<FloorAt>)> = topology
        .rooms()
        .map(|r| {
            let protected = r.privacy_class == PrivacyClass::Protected;
            (r.id, (r.label.clone(), protected, level(r.floor_id)))
        })
        .collect();
    let mut places = Vec::new();
    for sensor in sensor::Entity::find().all(db).await? {
        let place = if let Some((label, Some((building, floor)))) =
            sensor.desk_id.and_then(|id| desks.get(&id))
        {
            Place {
                sensor_id: sensor.id,
                label: label.clone(),
                is_desk: true,
                protected: false,
                building: building.clone(),
                floor: *floor,
            }
        } else if let Some((label, protected, Some((building, floor)))) =
            sensor.room_id.and_then(|id| rooms.get(&id))
        {
            Place {
                sensor_id: sensor.id,
                label: label.clone(),
                is_desk: false,
                protected: *protected,
                building: building.clone(),
                floor: *floor,
            }
        } else {
            continue;
        };
        places.push((sensor.device_key, place));
    }
    Ok(places)
}

/// The state of a sensor to store: `state` since `changed_at`. `last_message_at` is when the
/// message that caused it arrived, if one did; without one, the time stored before stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateRow {
    /// The sensor's database id.
    pub sensor_id: i32,
    /// Its debounced state.
    pub state: Presence,
    /// Since when.
    pub changed_at: DateTime<Utc>,
    /// When the message that caused it arrived, if one did.
    pub last_message_at: Option<DateTime<Utc>>,
}

impl StateRow {
    /// This row followed by `later` of the same sensor: the later state, and the later
    /// message time if it has one.
    pub fn then(self, later: StateRow) -> StateRow {
        StateRow {
            last_message_at: later.last_message_at.or(self.last_message_at),
            ..later
        }
    }
}

/// Sensor states per `INSERT` statement (four values each, well under SQLite's limit).
const STATE_CHUNK: usize = 500;

/// Stores the states of sensors (at most one row per sensor), in one transaction: all of
/// them, or none.
pub async fn set_states<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    rows: &[StateRow],
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let txn = begin_write(db).await?;
    for chunk in rows.chunks(STATE_CHUNK) {
        sensor_state::Entity::insert_many(chunk.iter().map(|row| sensor_state::ActiveModel {
            sensor_id: ActiveValue::Set(row.sensor_id),
            state: ActiveValue::Set(row.state),
            changed_at: ActiveValue::Set(row.changed_at),
            last_message_at: ActiveValue::Set(row.last_message_at),
        }))
        .on_conflict(
            OnConflict::column(sensor_state::Column::SensorId)
                .update_columns([sensor_state::Column::State, sensor_state::Column::ChangedAt])
                // A change without a message keeps the time of the last message.
                .value(
                    sensor_state::Column::LastMessageAt,
                    Expr::cust("COALESCE(excluded.last_message_at, sensor_state.last_message_at)"),
                )
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await
}

/// A raw message of a registered sensor, for the journal (`sensor_event`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawEvent {
    /// The sensor's database id.
    pub sensor_id: i32,
    /// What it said about presence: occupied, vacant, or nothing (`None`).
    pub occupied: Option<bool>,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
}

/// Writes raw events and when each sensor was last heard (`sensor.last_seen_at`), in one
/// transaction: all of it, or nothing.
pub async fn write_journal<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    events: &[RawEvent],
    seen: &HashMap<i32, DateTime<Utc>>,
) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    for chunk in events.chunks(JOURNAL_CHUNK) {
        sensor_event::Entity::insert_many(chunk.iter().map(|event| sensor_event::ActiveModel {
            sensor_id: ActiveValue::Set(event.sensor_id),
            occupied: ActiveValue::Set(event.occupied),
            received_at: ActiveValue::Set(event.received_at),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    for (sensor_id, at) in seen {
        sensor::Entity::update_many()
            .col_expr(sensor::Column::LastSeenAt, Expr::value(*at))
            .filter(sensor::Column::Id.eq(*sensor_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}
