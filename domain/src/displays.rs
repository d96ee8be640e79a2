//! What the door displays and the floor displays show: a room's day (free or taken now, until
//! when, the next free time, the day as free and taken blocks) and a floor now (which desks
//! and rooms are free), for screens at a door or in the entrance that a device token of scope
//! `display` signs in (the pages are the server's `displays` module).
//!
//! # Privacy
//! A display hangs where anybody passes: it shows times only. No owner, subject, note or
//! attendee of any reservation is read here, of protected rooms and meeting rooms alike, and
//! no desk's booker; a booked desk's sensor is not shown either (its live state is its booker's
//! business, see [`crate::occupancy::BookedNow`]).
//!
//! # Layout
//! - [`day_of`]: the pure rule (reserved spans, the time now → [`RoomDay`]'s state, next free
//!   time and blocks), minutes since the building's local midnight.
//! - [`rooms_today`], [`floor_now`]: read from the database what the rule and the floor display
//!   need.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use entities::enums::{PrivacyClass, ReservationStatus};
use entities::{block, room, room_reservation};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use wire::model::{DeskState, FloorPlan, Live};

use crate::booking::rules::today;
use crate::error::Error;
use crate::topology::Topology;

/// A reservation's time: when it starts and ends (exclusive).
type Span = (DateTime<Utc>, DateTime<Utc>);

/// Minutes in a day: the end of the last block.
pub const DAY_END: u32 = 24 * 60;

/// Where the timeline starts, unless a reservation starts earlier (07:00).
pub const TIMELINE_FROM: u32 = 7 * 60;

/// Where the timeline ends, unless a reservation ends later (20:00).
pub const TIMELINE_TO: u32 = 20 * 60;

/// What a room is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Now {
    /// Free; until the next reservation starts (minutes since midnight), if one does today.
    Free {
        /// When the next reservation starts.
        until: Option<u32>,
    },
    /// Taken until this minute (the end of back-to-back reservations; [`DAY_END`]: all day).
    Taken {
        /// When it is free again.
        until: u32,
    },
    /// Closed today by a block (maintenance, a building closure).
    Closed,
}

/// When the room is next free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextFree {
    /// Now.
    Now,
    /// At this minute today.
    At(u32),
    /// Not today any more.
    NotToday,
}

/// A stretch of the day: free or taken, from and to (minutes since midnight, `to` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Start.
    pub from: u32,
    /// End (exclusive).
    pub to: u32,
    /// Taken by a reservation (or closed by a block) rather than free.
    pub taken: bool,
}

/// A room's day as its door display shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomDay {
    /// `room.id`.
    pub room_id: i32,
    /// The room's sign, such as `0.12`.
    pub label: String,
    /// The room's name, such as "Beratung 1" (the room's, never a reservation's).
    pub name: String,
    /// A protected consultation room.
    pub protected: bool,
    /// May be booked at its door for 15 or 30 minutes ([`crate::rooms::door`]).
    pub book_now: bool,
    /// The day shown (the building's local date).
    pub day: NaiveDate,
    /// Free, taken or closed now.
    pub now: Now,
    /// When it is next free.
    pub next_free: NextFree,
    /// The day from [`TIMELINE_FROM`] (or the first reservation) to [`TIMELINE_TO`] (or the
    /// last), in order, without gaps.
    pub blocks: Vec<Block>,
}

/// Minutes since the local midnight of `day` of `at`, held to the day (`0` before it,
/// [`DAY_END`] after it).
pub fn local_minute(tz: Tz, day: NaiveDate, at: DateTime<Utc>) -> u32 {
    let local = at.with_timezone(&tz);
    match local.date_naive().cmp(&day) {
        std::cmp::Ordering::Less => 0,
        std::cmp::Ordering::Greater => DAY_END,
        std::cmp::Ordering::Equal => local.hour() * 60 + local.minute(),
    }
}

/// The pure rule: a room with `reserved` spans (minutes since midnight, end exclusive, in any
/// order, overlapping or not) at minute `now`, closed or not. Back-to-back reservations are
/// one taken stretch: "taken until" is where the room is free again.
pub fn day_of(reserved: &[(u32, u32)], now: u32, closed: bool) -> (Now, NextFree, Vec<Block>) {
    let mut spans: Vec<(u32, u32)> = reserved
        .iter()
        .map(|&(from, to)| (from.min(DAY_END), to.min(DAY_END)))
        .filter(|(from, to)| from < to)
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    let start = merged
        .first()
        .map_or(TIMELINE_FROM, |first| first.0.min(TIMELINE_FROM));
    let end = merged
        .last()
        .map_or(TIMELINE_TO, |last| last.1.max(TIMELINE_TO));
    if closed {
        let block = Block {
            from: start,
            to: end,
            taken: true,
        };
        return (Now::Closed, NextFree::NotToday, vec![block]);
    }
    let mut blocks = Vec::new();
    let mut at = start;
    for &(from, to) in &merged {
        if at < from {
            blocks.push(Block {
                from: at,
                to: from,
                taken: false,
            });
        }
        blocks.push(Block {
            from,
            to,
            taken: true,
        });
        at = to;
    }
    if at < end {
        blocks.push(Block {
            from: at,
            to: end,
            taken: false,
        });
    }
    let (state, next) = match merged.iter().find(|(from, to)| *from <= now && now < *to) {
        Some(&(_, until)) => (
            Now::Taken { until },
            if until >= DAY_END {
                NextFree::NotToday
            } else {
                NextFree::At(until)
            },
        ),
        None => (
            Now::Free {
                until: merged
                    .iter()
                    .find(|(from, _)| *from > now)
                    .map(|(from, _)| *from),
            },
            NextFree::Now,
        ),
    };
    (state, next, blocks)
}

/// `HH:MM` of a minute since midnight (`24:00` for [`DAY_END`]).
pub fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Whether one of `blocks` closes `r` on `day`: the room itself, its zone, or everything
/// (a block naming no desk, zone or room), as [`crate::rooms`] refuses reservations.
fn closes(blocks: &[block::Model], r: &room::Model, day: NaiveDate) -> bool {
    blocks.iter().any(|b| {
        b.from_day <= day
            && day <= b.to_day
            && (b.room_id == Some(r.id)
                || (b.zone_id.is_some() && b.zone_id == r.zone_id)
                || (b.room_id.is_none() && b.desk_id.is_none() && b.zone_id.is_none()))
    })
}

/// The day of each room of `room_ids` that exists, at `now` in its building's time zone: one
/// read of the reservations and one of the blocks for all of them. Reads times only.
pub async fn rooms_today(
    db: &impl ConnectionTrait,
    topology: &Topology,
    room_ids: &[i32],
    now: DateTime<Utc>,
) -> Result<HashMap<i32, RoomDay>, DbErr> {
    let rooms: Vec<(room::Model, Tz)> = room_ids
        .iter()
        .filter_map(|id| {
            let r = topology.room(*id)?;
            let floor = topology.floor(r.floor_id)?;
            Some((r.clone(), topology.tz_of(floor.building_id)))
        })
        .collect();
    if rooms.is_empty() {
        return Ok(HashMap::new());
    }
    // Every local day of now lies within a day of it, whatever the time zone.
    let spans: Vec<(i32, DateTime<Utc>, DateTime<Utc>)> = room_reservation::Entity::find()
        .select_only()
        .column(room_reservation::Column::RoomId)
        .column(room_reservation::Column::StartsAt)
        .column(room_reservation::Column::EndsAt)
        .filter(room_reservation::Column::RoomId.is_in(rooms.iter().map(|(r, _)| r.id)))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::StartsAt.lt(now + chrono::Duration::days(2)))
        .filter(room_reservation::Column::EndsAt.gt(now - chrono::Duration::days(2)))
        .into_tuple()
        .all(db)
        .await?;
    let first = now.date_naive() - chrono::Duration::days(1);
    let last = now.date_naive() + chrono::Duration::days(1);
    let closures = block::Entity::find()
        .filter(block::Column::FromDay.lte(last))
        .filter(block::Column::ToDay.gte(first))
        .all(db)
        .await?;
    let mut by_room: HashMap<i32, Vec<Span>> = HashMap::new();
    for (room_id, starts, ends) in spans {
        by_room.entry(room_id).or_default().push((starts, ends));
    }
    Ok(rooms
        .into_iter()
        .map(|(r, tz)| {
            let day = today(tz, now);
            let reserved: Vec<(u32, u32)> = by_room
                .get(&r.id)
                .into_iter()
                .flatten()
                .map(|(starts, ends)| {
                    (local_minute(tz, day, *starts), local_minute(tz, day, *ends))
                })
                .collect();
            let (state, next_free, blocks) = day_of(
                &reserved,
                local_minute(tz, day, now),
                closes(&closures, &r, day),
            );
            let room_day = RoomDay {
                room_id: r.id,
                label: r.label.clone(),
                name: r.name.clone(),
                protected: r.privacy_class == PrivacyClass::Protected,
                book_now: r.book_now,
                day,
                now: state,
                next_free,
                blocks,
            };
            (r.id, room_day)
        })
        .collect())
}

/// What a floor's desk is now, as a display in the entrance shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskNow {
    /// Nobody booked it for the current half-day and its sensor sees nobody.
    Free,
    /// Booked for the current half-day (by whom is nobody's business here).
    Booked,
    /// Not booked, but its sensor sees somebody.
    Occupied,
    /// Not to be booked (facility management took it out of use).
    Blocked,
}

/// A floor now: its plan (zones, desks, rooms, no person) and what each desk and room is.
#[derive(Debug, Clone, PartialEq)]
pub struct FloorNow {
    /// The plan; its desks' and rooms' live states are what anybody may see.
    pub plan: FloorPlan,
    /// By desk id.
    pub desks: HashMap<i32, DeskNow>,
    /// Whether each room (by id) is taken now: reserved, closed, or its sensor sees somebody.
    pub rooms: HashMap<i32, bool>,
}

impl FloorNow {
    /// How many desks are free.
    pub fn free_desks(&self) -> usize {
        self.desks.values().filter(|d| **d == DeskNow::Free).count()
    }
}

/// Floor `level` of building `slug` (the first building if `None`) now: the plan as nobody in
/// particular sees it, the desks booked for the current half-day, and the rooms' days.
pub async fn floor_now(
    ctx: &crate::AppContext,
    slug: Option<&str>,
    level: i32,
    now: DateTime<Utc>,
) -> Result<FloorNow, Error> {
    let topology = ctx.topology.get(&ctx.db).await?;
    let slug = match slug {
        Some(slug) => slug.to_owned(),
        None => topology
            .home_building(None)
            .map(|b| b.slug.clone())
            .ok_or(Error::NotFound)?,
    };
    let plan = crate::building::floor_plan(ctx, Some(&slug), level, None).await?;
    let booked = crate::occupancy::BookedNow::read(&ctx.db, now).await?;
    let desks = plan
        .desks
        .iter()
        .map(|d| {
            let state = if d.state == DeskState::Blocked {
                DeskNow::Blocked
            } else if booked.hides_desk(d.id, None) {
                DeskNow::Booked
            } else if d.live == Some(Live::Occupied) {
                DeskNow::Occupied
            } else {
                DeskNow::Free
            };
            (d.id, state)
        })
        .collect();
    let room_ids: Vec<i32> = plan.rooms.iter().map(|r| r.id).collect();
    let days = rooms_today(&ctx.db, &topology, &room_ids, now).await?;
    let rooms = plan
        .rooms
        .iter()
        .map(|r| {
            let reserved = days
                .get(&r.id)
                .is_some_and(|d| !matches!(d.now, Now::Free { .. }));
            (r.id, reserved || r.live == Some(Live::Occupied))
        })
        .collect();
    Ok(FloorNow { plan, desks, rooms })
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn at(hour: u32, minute: u32) -> u32 {
        hour * 60 + minute
    }

    #[test]
    fn a_day_without_reservations_is_free_from_seven_in_the_morning_to_eight_at_night() {
        let (now, next, blocks) = day_of(&[], at(10, 0), false);
        assert_eq!(now, Now::Free { until: None });
        assert_eq!(next, NextFree::Now);
        assert_eq!(
            blocks,
            vec![Block {
                from: TIMELINE_FROM,
                to: TIMELINE_TO,
                taken: false
            }]
        );
    }

    #[test]
    fn back_to_back_reservations_are_taken_until_the_room_is_free_again() {
        let reserved = [
            (at(10, 0), at(10, 30)),
            (at(9, 0), at(10, 0)),
            (at(14, 0), at(15, 0)),
        ];
        let (now, next, blocks) = day_of(&reserved, at(9, 40), false);
        assert_eq!(now, Now::Taken { until: at(10, 30) });
        assert_eq!(next, NextFree::At(at(10, 30)));
        let shown: Vec<(u32, u32, bool)> = blocks.iter().map(|b| (b.from, b.to, b.taken)).collect();
        assert_eq!(
            shown,
            vec![
                (at(7, 0), at(9, 0), false),
                (at(9, 0), at(10, 30), true),
                (at(10, 30), at(14, 0), false),
                (at(14, 0), at(15, 0), true),
                (at(15, 0), at(20, 0), false),
            ]
        );
        // Between the two: free until the next one starts.
        let (now, next, _) = day_of(&reserved, at(10, 30), false);
        assert_eq!(
            now,
            Now::Free {
                until: Some(at(14, 0))
            }
        );
        assert_eq!(next, NextFree::Now);
    }

    #[test]
    fn the_timeline_widens_to_early_and_late_reservations_and_ends_at_midnight() {
        let (now, next, blocks) = day_of(
            &[(at(6, 30), at(7, 30)), (at(19, 0), DAY_END)],
            at(21, 0),
            false,
        );
        assert_eq!(now, Now::Taken { until: DAY_END });
        assert_eq!(next, NextFree::NotToday);
        assert_eq!(blocks.first().map(|b| b.from), Some(at(6, 30)));
        assert_eq!(
            blocks.last().map(|b| (b.to, b.taken)),
            Some((DAY_END, true))
        );
        assert_eq!(clock(DAY_END), "24:00");
        assert_eq!(clock(at(9, 5)), "09:05");
    }

    #[test]
    fn a_closed_room_is_closed_all_day_whatever_is_reserved() {
        let (now, next, blocks) = day_of(&[(at(9, 0), at(10, 0))], at(9, 30), true);
        assert_eq!(now, Now::Closed);
        assert_eq!(next, NextFree::NotToday);
        assert!(blocks.iter().all(|b| b.taken));
    }

    #[test]
    fn instants_of_other_days_are_held_to_the_day() {
        let tz: Tz = chrono_tz::Europe::Berlin;
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let eight_local = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 7, 7, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(local_minute(tz, day, eight_local), at(8, 0));
        assert_eq!(
            local_minute(tz, day, eight_local - chrono::Duration::days(1)),
            0
        );
        assert_eq!(
            local_minute(tz, day, eight_local + chrono::Duration::days(1)),
            DAY_END
        );
    }
}
