//! Made-up past use of the demo building, so its reports have something to show: the last
//! weeks of aggregated figures (`occupancy_hourly`, `unit_day`, `room_day`) as a busy public
//! building would produce them — fuller mid-morning and mid-afternoon, emptier on Mondays and
//! Fridays, one quiet zone that stays below the minimum group size. Aggregates only: no
//! booking, no person.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use entities::enums::PrivacyClass;
use entities::{desk, occupancy_hourly, room, room_day, unit, unit_day};
use sea_orm::{ActiveValue::Set, DatabaseTransaction, DbErr, EntityTrait, QuerySelect};

use domain::booking::rules::local_instant;

/// How many past days are made up.
pub const DAYS: i64 = 28;

/// A number in `0..1` that depends only on its inputs (no randomness: seeding is repeatable).
fn jitter(a: i64, b: i64, c: i64) -> f64 {
    let mut x =
        (a.wrapping_mul(73_856_093) ^ b.wrapping_mul(19_349_663) ^ c.wrapping_mul(83_492_791))
            .unsigned_abs();
    x ^= x >> 13;
    x = x.wrapping_mul(0x5bd1_e995);
    x ^= x >> 15;
    // Below 2^20: exact in an f64.
    (x % 1_000_000) as f64 / 1_000_000.0
}

/// How full the building is at a local hour on a weekday (0 = Monday), 0 to 1.
fn profile(weekday: u32, hour: u32) -> f64 {
    let by_day = [0.75, 0.95, 1.0, 0.9, 0.6, 0.0, 0.0];
    let by_hour = match hour {
        7 => 0.25,
        8 => 0.6,
        9..=11 => 0.9,
        12 => 0.65,
        13..=15 => 0.8,
        16 => 0.5,
        17 => 0.25,
        18 => 0.1,
        _ => 0.0,
    };
    by_day.get(weekday as usize).copied().unwrap_or(0.0) * by_hour
}

fn round(x: f64) -> i32 {
    // Small non-negative counts.
    x.round().max(0.0) as i32
}

/// Writes the made-up figures of the `DAYS` days before `today` (in time zone `tz`). The rows
/// written.
pub async fn seed(
    txn: &DatabaseTransaction,
    tz: chrono_tz::Tz,
    today: NaiveDate,
) -> Result<usize, DbErr> {
    let mut desks: BTreeMap<i32, i32> = BTreeMap::new();
    for zone in desk::Entity::find()
        .select_only()
        .column(desk::Column::ZoneId)
        .into_tuple::<i32>()
        .all(txn)
        .await?
    {
        *desks.entry(zone).or_default() += 1;
    }
    let quiet_zone = desks.keys().next().copied();
    let mut hours = Vec::new();
    let mut unit_days = Vec::new();
    let mut room_days = Vec::new();
    let units: Vec<i32> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    let rooms = room::Entity::find().all(txn).await?;
    for back in 1..=DAYS {
        let day = today - Duration::days(back);
        let weekday = day.weekday().num_days_from_monday();
        let d = i64::from(day.num_days_from_ce());
        for hour in 7..19 {
            let start: DateTime<Utc> = local_instant(
                tz,
                day,
                NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default(),
            );
            let load = profile(weekday, hour);
            if load <= 0.0 {
                continue;
            }
            for (zone, count) in &desks {
                let factor = if Some(*zone) == quiet_zone {
                    0.08
                } else {
                    0.55 + 0.35 * jitter(i64::from(*zone), 0, 0)
                };
                let share =
                    (load * factor * (0.85 + 0.3 * jitter(i64::from(*zone), d, i64::from(hour))))
                        .min(1.0);
                let booked = round(f64::from(*count) * share);
                let occupied_booked = round(f64::from(booked) * 0.85);
                let walk_ins =
                    round(f64::from(*count - booked) * 0.08 * jitter(d, i64::from(*zone), 7));
                hours.push(occupancy_hourly::ActiveModel {
                    zone_id: Set(*zone),
                    hour_start: Set(start),
                    booked_desk_hours: Set(booked),
                    occupied_desk_hours: Set(occupied_booked + walk_ins),
                    occupied_unbooked_desk_hours: Set(walk_ins),
                    no_shows: Set(i32::from(hour == 10 && booked > 4)),
                    distinct_people: Set(booked),
                });
            }
        }
        if weekday < 5 {
            for unit_id in &units {
                let people = round(6.0 + 10.0 * jitter(i64::from(*unit_id), d, 1));
                let home =
                    round(f64::from(people) * (0.75 + 0.2 * jitter(i64::from(*unit_id), d, 2)));
                unit_days.push(unit_day::ActiveModel {
                    unit_id: Set(*unit_id),
                    day: Set(day),
                    bookings: Set(people),
                    home_zone_bookings: Set(home.min(people)),
                    distinct_people: Set(people),
                });
            }
            for class in [PrivacyClass::Standard, PrivacyClass::Protected] {
                let count = rooms.iter().filter(|r| r.privacy_class == class).count();
                let count = i32::try_from(count).unwrap_or(0);
                let reserved = round(f64::from(count * 48) * (0.35 + 0.3 * jitter(d, 3, 3)));
                room_days.push(room_day::ActiveModel {
                    day: Set(day),
                    privacy_class: Set(class),
                    rooms: Set(count),
                    reserved_quarters: Set(reserved),
                    used_quarters: Set(round(f64::from(reserved) * 0.8)),
                    released: Set(round(2.0 * jitter(d, 4, 4))),
                    distinct_people: Set(round(5.0 + 6.0 * jitter(d, 5, 5))),
                });
            }
        }
    }
    let written = hours.len() + unit_days.len() + room_days.len();
    for chunk in hours.chunks(500) {
        occupancy_hourly::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in unit_days.chunks(500) {
        unit_day::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in room_days.chunks(500) {
        room_day::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_peaks_mid_morning_and_the_weekend_is_empty() {
        assert!(profile(2, 10) > profile(2, 8));
        assert!(profile(2, 10) > profile(4, 10));
        assert_eq!(profile(5, 10), 0.0);
        assert_eq!(profile(2, 22), 0.0);
    }

    #[test]
    fn jitter_is_repeatable_and_within_bounds() {
        for i in 0..100 {
            let j = jitter(i, 2 * i, 3);
            assert!((0.0..1.0).contains(&j));
            assert_eq!(j, jitter(i, 2 * i, 3));
        }
    }
}
