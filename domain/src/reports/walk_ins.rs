//! Walk-ins at the entrance for a report: the `walk_in_hour` counts (building and UTC hour)
//! summed by local day and hour of each building's time zone. Counts only: no person, no
//! reservation, no citizen is read.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use entities::walk_in_hour;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use wire::model::reports::{ReportQuery, WalkInCount, WalkInDay, WalkInHour, WalkIns};

use crate::topology::Topology;

/// Sums `rows` (UTC hour, the building's time zone, count) by local day and hour, keeping the
/// local days `from..=to`.
pub fn sum(rows: &[(DateTime<Utc>, Tz, i64)], from: NaiveDate, to: NaiveDate) -> WalkIns {
    let mut hours: BTreeMap<(NaiveDate, u32), i64> = BTreeMap::new();
    for (at, tz, count) in rows {
        let local = at.with_timezone(tz);
        let day = local.date_naive();
        if day < from || day > to || *count <= 0 {
            continue;
        }
        *hours.entry((day, local.hour())).or_default() += count;
    }
    let mut by_hour: BTreeMap<u32, i64> = BTreeMap::new();
    let mut by_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for ((day, hour), count) in &hours {
        *by_hour.entry(*hour).or_default() += count;
        *by_day.entry(*day).or_default() += count;
    }
    WalkIns {
        total: hours.values().sum(),
        hours: hours
            .into_iter()
            .map(|((day, hour), count)| WalkInCount { day, hour, count })
            .collect(),
        by_hour: by_hour
            .into_iter()
            .map(|(hour, count)| WalkInHour { hour, count })
            .collect(),
        by_day: by_day
            .into_iter()
            .map(|(day, count)| WalkInDay { day, count })
            .collect(),
    }
}

/// The walk-ins of the query's building (every building without one) over its range.
pub async fn walk_ins(
    db: &impl ConnectionTrait,
    topology: &Topology,
    query: &ReportQuery,
) -> Result<WalkIns, DbErr> {
    let building = query
        .building
        .as_deref()
        .and_then(|slug| topology.building_by_slug(slug))
        .map(|b| b.id);
    // A day either side of the range in UTC covers every time zone; `sum` keeps the local days.
    let start = query
        .from
        .pred_opt()
        .unwrap_or(query.from)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let end = query
        .to
        .succ_opt()
        .unwrap_or(query.to)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() + Duration::days(1))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let mut find = walk_in_hour::Entity::find()
        .filter(walk_in_hour::Column::HourStart.gte(start))
        .filter(walk_in_hour::Column::HourStart.lt(end));
    if let Some(id) = building {
        find = find.filter(walk_in_hour::Column::BuildingId.eq(id));
    }
    let rows: Vec<(DateTime<Utc>, Tz, i64)> = find
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.hour_start,
                topology.tz_of(r.building_id),
                i64::from(r.count),
            )
        })
        .collect();
    Ok(sum(&rows, query.from, query.to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn walk_ins_are_summed_by_local_hour_and_day_within_the_range() {
        let berlin = chrono_tz::Europe::Berlin;
        let rows = [
            (utc(7, 8), berlin, 2),  // 09:00 local on the 7th
            (utc(7, 8), berlin, 1),  // another building, same hour
            (utc(8, 8), berlin, 4),  // 09:00 on the 8th
            (utc(8, 13), berlin, 1), // 14:00 on the 8th
            (utc(6, 23), berlin, 5), // 00:00 local on the 7th: inside
            (utc(9, 23), berlin, 7), // 00:00 local on the 10th: outside
        ];
        let sums = sum(&rows, day(7), day(9));
        assert_eq!(sums.total, 13);
        assert_eq!(
            sums.by_hour,
            [
                WalkInHour { hour: 0, count: 5 },
                WalkInHour { hour: 9, count: 7 },
                WalkInHour { hour: 14, count: 1 }
            ]
        );
        assert_eq!(
            sums.by_day,
            [
                WalkInDay {
                    day: day(7),
                    count: 8
                },
                WalkInDay {
                    day: day(8),
                    count: 5
                }
            ]
        );
        assert_eq!(
            sums.hours[1],
            WalkInCount {
                day: day(7),
                hour: 9,
                count: 3
            }
        );
    }
}
