//! The pure rules of the reports: which stored rows may be published, and how cells, totals
//! and key figures are summed from them. No IO.
//!
//! # Suppression
//!
//! The finest data the reports read is one zone in one hour (`occupancy_hourly`), one unit on
//! one day (`unit_day`) and one room class on one day (`room_day`). Such a row *rests on* the
//! distinct people behind it — for a zone-hour also the desks its sensors saw occupied, which
//! are at least as many people — and is **eligible** only if that is at least the minimum group
//! size. A row that is not eligible is left out of *every* figure: cells, row and column
//! totals, floor overlays, key figures, peaks, CSV. So every number a report shows is a sum (or
//! a ratio of sums) of eligible rows alone, and a report is the same whatever the ineligible
//! rows hold: no difference of two figures — within one report or between two queries with
//! other days, floors, organisations or units — can tell anything about a row below the
//! minimum. A cell with data but no eligible row is shown as suppressed.
//!
//! Office hours (local [`HOURS`]) bound the zone-hours counted, so that nights do not dilute
//! the averages.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use wire::model::reports::{Cell, DeskUse, HeatRow, Heatmap, HomeZoneHits, RoomUse};

/// The local hours counted: from 06:00 to before 21:00.
pub const HOURS: (u32, u32) = (6, 21);
/// Room quarter-hours counted per day: 07:00 to 19:00.
pub const ROOM_DAY: (u32, u32) = (7, 19);
/// A zone whose utilisation on a weekday is below this is quiet on that weekday.
pub const QUIET_BELOW: f64 = 0.2;

/// One zone in one local hour, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneHourRow {
    /// The zone.
    pub zone: i32,
    /// The local day.
    pub day: NaiveDate,
    /// The local hour (0–23).
    pub hour: u32,
    /// Desks in the zone.
    pub desks: i32,
    /// Desks booked.
    pub booked: i32,
    /// Desks occupied.
    pub occupied: i32,
    /// Desks occupied without a booking.
    pub occupied_unbooked: i32,
    /// Bookings released.
    pub no_shows: i32,
    /// Distinct people with a booked desk.
    pub people: i32,
}

impl ZoneHourRow {
    /// The people (or occupied desks) the row rests on.
    pub fn support(&self) -> i32 {
        self.people.max(self.occupied)
    }

    /// Whether the row may be published: it rests on at least `min_group`, and lies in
    /// office hours.
    pub fn eligible(&self, min_group: u32) -> bool {
        in_hours(self.hour) && at_least(self.support(), min_group)
    }

    fn desk_use(&self) -> DeskUse {
        let occupied_booked = (self.occupied - self.occupied_unbooked).max(0);
        DeskUse {
            zone_hours: 1,
            capacity: i64::from(self.desks.max(0)),
            booked: i64::from(self.booked),
            occupied: i64::from(self.occupied),
            occupied_unbooked: i64::from(self.occupied_unbooked),
            booked_empty: i64::from((self.booked - occupied_booked).max(0)),
            no_shows: i64::from(self.no_shows),
            left_out: 0,
        }
    }
}

/// One unit on one day, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitDayRow {
    /// The unit.
    pub unit: i32,
    /// The local day.
    pub day: NaiveDate,
    /// Bookings.
    pub bookings: i32,
    /// Of those, in a home zone.
    pub home_zone_bookings: i32,
    /// Distinct people.
    pub people: i32,
}

/// One room class on one day, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomDayRow {
    /// The local day.
    pub day: NaiveDate,
    /// Rooms of the class.
    pub rooms: i32,
    /// Quarter-hours reserved.
    pub reserved: i32,
    /// Quarter-hours used.
    pub used: i32,
    /// Reservations released.
    pub released: i32,
    /// Distinct people who reserved.
    pub people: i32,
}

fn at_least(support: i32, min_group: u32) -> bool {
    u32::try_from(support).is_ok_and(|s| s >= min_group.max(1))
}

/// Whether a local hour is in office hours.
pub fn in_hours(hour: u32) -> bool {
    (HOURS.0..HOURS.1).contains(&hour)
}

/// The office hours, as heatmap columns.
pub fn hour_columns() -> Vec<u32> {
    (HOURS.0..HOURS.1).collect()
}

/// The ISO weekdays, as heatmap columns.
pub fn weekday_columns() -> Vec<u32> {
    (1..=7).collect()
}

/// The ISO weekday (1 = Monday) of a day.
pub fn weekday(day: NaiveDate) -> u32 {
    day.weekday().number_from_monday()
}

fn add(sum: &mut DeskUse, row: &DeskUse) {
    sum.zone_hours += row.zone_hours;
    sum.capacity += row.capacity;
    sum.booked += row.booked;
    sum.occupied += row.occupied;
    sum.occupied_unbooked += row.occupied_unbooked;
    sum.booked_empty += row.booked_empty;
    sum.no_shows += row.no_shows;
}

/// The desk-use cell of some zone-hours: the sum of the eligible ones, suppressed if there are
/// rows in office hours but none eligible, empty if there are none.
pub fn desk_cell<'a>(
    rows: impl IntoIterator<Item = &'a ZoneHourRow>,
    min_group: u32,
) -> Cell<DeskUse> {
    let mut sum = DeskUse::default();
    let mut any = false;
    for row in rows.into_iter().filter(|r| in_hours(r.hour)) {
        any = true;
        if row.eligible(min_group) {
            add(&mut sum, &row.desk_use());
        } else {
            sum.left_out += 1;
        }
    }
    if sum.zone_hours > 0 {
        Cell::Shown(sum)
    } else if any {
        Cell::Suppressed
    } else {
        Cell::Empty
    }
}

/// A zone as the heatmaps show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInfo {
    /// Its id.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// The level of its floor.
    pub floor: i32,
    /// Its desks.
    pub desks: i32,
}

/// A heatmap of `zones` × `columns`, each row falling in the column `column_of` gives it.
/// The rows are grouped once (by cell, zone and column), so the work grows with the rows, not
/// with rows × zones.
fn heatmap(
    zones: &[ZoneInfo],
    rows: &[ZoneHourRow],
    min_group: u32,
    columns: Vec<u32>,
    column_of: impl Fn(&ZoneHourRow) -> u32,
) -> Heatmap {
    let zone_ids: HashSet<i32> = zones.iter().map(|z| z.id).collect();
    let mut by_cell: HashMap<(i32, u32), Vec<&ZoneHourRow>> = HashMap::new();
    let mut by_zone: HashMap<i32, Vec<&ZoneHourRow>> = HashMap::new();
    let mut by_column: HashMap<u32, Vec<&ZoneHourRow>> = HashMap::new();
    let mut in_zones: Vec<&ZoneHourRow> = Vec::new();
    for row in rows {
        let column = column_of(row);
        by_cell.entry((row.zone, column)).or_default().push(row);
        by_zone.entry(row.zone).or_default().push(row);
        if zone_ids.contains(&row.zone) {
            by_column.entry(column).or_default().push(row);
            in_zones.push(row);
        }
    }
    let heat_rows = zones
        .iter()
        .map(|zone| HeatRow {
            zone_id: zone.id,
            zone: zone.name.clone(),
            floor: zone.floor,
            desks: zone.desks,
            cells: columns
                .iter()
                .map(|c| desk_cell(group(&by_cell, &(zone.id, *c)).iter().copied(), min_group))
                .collect(),
            total: desk_cell(group(&by_zone, &zone.id).iter().copied(), min_group),
        })
        .collect();
    let totals = columns
        .iter()
        .map(|c| desk_cell(group(&by_column, c).iter().copied(), min_group))
        .collect();
    Heatmap {
        total: desk_cell(in_zones.iter().copied(), min_group),
        columns,
        rows: heat_rows,
        totals,
    }
}

/// The rows of one group; none if the group is missing.
fn group<'a, K: Eq + std::hash::Hash>(
    groups: &'a HashMap<K, Vec<&'a ZoneHourRow>>,
    key: &K,
) -> &'a [&'a ZoneHourRow] {
    groups.get(key).map_or(&[], Vec::as_slice)
}

/// Zones × local hour of day.
pub fn by_hour(zones: &[ZoneInfo], rows: &[ZoneHourRow], min_group: u32) -> Heatmap {
    heatmap(zones, rows, min_group, hour_columns(), |r| r.hour)
}

/// Zones × weekday.
pub fn by_weekday(zones: &[ZoneInfo], rows: &[ZoneHourRow], min_group: u32) -> Heatmap {
    heatmap(zones, rows, min_group, weekday_columns(), |r| {
        weekday(r.day)
    })
}

/// The highest share of the desks occupied in one hour, over the eligible `rows` of each
/// hour (the rows of the zones looked at, together); `None` if no hour has one.
pub fn peak<'a>(rows: impl IntoIterator<Item = &'a ZoneHourRow>, min_group: u32) -> Option<f64> {
    let mut hours: BTreeMap<(NaiveDate, u32), DeskUse> = BTreeMap::new();
    for row in rows.into_iter().filter(|r| r.eligible(min_group)) {
        add(
            hours.entry((row.day, row.hour)).or_default(),
            &row.desk_use(),
        );
    }
    hours
        .values()
        .filter_map(DeskUse::utilisation)
        .fold(None, |best: Option<f64>, u| {
            Some(best.map_or(u, |b| b.max(u)))
        })
}

/// How often the people of `units` got a desk in a home zone, over the eligible unit-days.
pub fn home_zone_cell<'a>(
    rows: impl IntoIterator<Item = &'a UnitDayRow>,
    min_group: u32,
) -> Cell<HomeZoneHits> {
    let mut sum = HomeZoneHits::default();
    let mut any = false;
    let mut shown = false;
    for row in rows {
        any = true;
        if at_least(row.people, min_group) {
            shown = true;
            sum.bookings += i64::from(row.bookings);
            sum.in_home_zone += i64::from(row.home_zone_bookings);
        } else {
            sum.left_out += 1;
        }
    }
    if shown {
        Cell::Shown(sum)
    } else if any {
        Cell::Suppressed
    } else {
        Cell::Empty
    }
}

/// Room quarter-hours counted per room and day.
pub fn room_day_quarters() -> i64 {
    i64::from((ROOM_DAY.1 - ROOM_DAY.0) * 4)
}

/// The room-use cell of some room-days, over the eligible ones.
pub fn room_cell<'a>(
    rows: impl IntoIterator<Item = &'a RoomDayRow>,
    min_group: u32,
) -> Cell<RoomUse> {
    let mut sum = RoomUse::default();
    let mut any = false;
    for row in rows {
        any = true;
        if at_least(row.people, min_group) {
            sum.days += 1;
            sum.capacity += i64::from(row.rooms.max(0)) * room_day_quarters();
            sum.reserved += i64::from(row.reserved);
            sum.used += i64::from(row.used);
            sum.released += i64::from(row.released);
        } else {
            sum.left_out += 1;
        }
    }
    if sum.days > 0 {
        Cell::Shown(sum)
    } else if any {
        Cell::Suppressed
    } else {
        Cell::Empty
    }
}

/// The ISO weekdays on which a zone was quiet: used below [`QUIET_BELOW`], or by too few to
/// show. Weekdays without any data are not listed.
pub fn quiet_weekdays(row: &HeatRow) -> Vec<u32> {
    row.cells
        .iter()
        .zip(1..)
        .filter(|(cell, _)| match cell {
            Cell::Shown(u) => u.utilisation().is_some_and(|x| x < QUIET_BELOW),
            Cell::Suppressed => true,
            Cell::Empty => false,
        })
        .map(|(_, weekday)| weekday)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default()
    }

    fn row(zone: i32, d: u32, hour: u32, booked: i32, occupied: i32, people: i32) -> ZoneHourRow {
        ZoneHourRow {
            zone,
            day: day(d),
            hour,
            desks: 10,
            booked,
            occupied,
            occupied_unbooked: 0,
            no_shows: 0,
            people,
        }
    }

    fn zones() -> Vec<ZoneInfo> {
        (1..=3)
            .map(|id| ZoneInfo {
                id,
                name: format!("Zone {id}"),
                floor: 2,
                desks: 10,
            })
            .collect()
    }

    #[test]
    fn a_zone_hour_with_four_people_is_suppressed_and_one_with_five_shown() {
        let rows = [row(1, 23, 9, 4, 4, 4), row(1, 23, 10, 5, 3, 5)];
        assert_eq!(desk_cell(&rows[..1], 5), Cell::Suppressed);
        let Cell::Shown(u) = desk_cell(&rows, 5) else {
            panic!("five people are shown");
        };
        assert_eq!(
            (u.zone_hours, u.booked, u.occupied, u.left_out),
            (1, 5, 3, 1)
        );
        assert_eq!(u.booked_empty, 2);
        assert_eq!(desk_cell(&[], 5), Cell::<DeskUse>::Empty);
    }

    #[test]
    fn desks_seen_occupied_count_as_people_when_nobody_booked() {
        let walk_ins = row(1, 23, 9, 0, 6, 0);
        assert!(walk_ins.eligible(5));
        assert!(!row(1, 23, 9, 0, 4, 0).eligible(5));
    }

    #[test]
    fn nights_are_left_out_even_when_busy() {
        let night = row(1, 23, 23, 8, 8, 8);
        assert!(!night.eligible(5));
        assert_eq!(desk_cell(&[night], 5), Cell::Empty);
    }

    #[test]
    fn a_minimum_of_zero_still_needs_one_person() {
        assert!(!row(1, 23, 9, 0, 0, 0).eligible(0));
        assert!(row(1, 23, 9, 1, 0, 1).eligible(0));
    }

    #[test]
    fn the_weekday_heatmap_puts_monday_first_and_totals_only_shown_rows() {
        // 23 November 2026 is a Monday.
        let rows = [
            row(1, 23, 9, 6, 5, 6),
            row(2, 23, 9, 2, 2, 2),
            row(1, 24, 9, 7, 7, 7),
        ];
        let map = by_weekday(&zones(), &rows, 5);
        assert_eq!(map.columns, vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(map.rows[0].cells[0].shown().map(|u| u.booked), Some(6));
        assert_eq!(map.rows[1].cells[0], Cell::Suppressed);
        assert_eq!(map.rows[0].cells[1].shown().map(|u| u.booked), Some(7));
        assert_eq!(map.rows[2].total, Cell::Empty);
        assert_eq!(map.totals[0].shown().map(|u| u.booked), Some(6));
        assert_eq!(map.total.shown().map(|u| u.booked), Some(13));
        assert_eq!(map.total.shown().map(|u| u.left_out), Some(1));
    }

    #[test]
    fn the_peak_is_the_busiest_hour_of_the_zones_together() {
        let rows = [
            row(1, 23, 9, 6, 5, 6),
            row(2, 23, 9, 6, 9, 6),
            row(1, 23, 10, 6, 8, 6),
        ];
        let zones = HashSet::from([1, 2]);
        let peak = peak(rows.iter().filter(|r| zones.contains(&r.zone)), 5).unwrap_or_default();
        assert!((peak - 0.8).abs() < 1e-9, "{peak}");
    }

    #[test]
    fn home_zone_hits_leave_out_small_unit_days() {
        let rows = [
            UnitDayRow {
                unit: 1,
                day: day(23),
                bookings: 8,
                home_zone_bookings: 6,
                people: 8,
            },
            UnitDayRow {
                unit: 1,
                day: day(24),
                bookings: 2,
                home_zone_bookings: 0,
                people: 2,
            },
        ];
        let Cell::Shown(hits) = home_zone_cell(&rows, 5) else {
            panic!("eight people are shown");
        };
        assert_eq!((hits.bookings, hits.in_home_zone, hits.left_out), (8, 6, 1));
        assert_eq!(home_zone_cell(&rows[1..], 5), Cell::Suppressed);
    }

    #[test]
    fn room_use_counts_twelve_hours_a_room_and_day() {
        let rows = [RoomDayRow {
            day: day(23),
            rooms: 2,
            reserved: 48,
            used: 40,
            released: 1,
            people: 5,
        }];
        let Cell::Shown(u) = room_cell(&rows, 5) else {
            panic!("five people are shown");
        };
        assert_eq!(u.capacity, 96);
        assert_eq!(u.reserved_share(), Some(0.5));
        assert_eq!(room_cell(&rows, 6), Cell::Suppressed);
    }

    #[test]
    fn quiet_weekdays_are_low_or_suppressed_but_not_without_data() {
        let rows = [
            row(1, 23, 9, 5, 1, 5),
            row(1, 24, 9, 9, 9, 9),
            row(1, 25, 9, 1, 1, 1),
        ];
        let map = by_weekday(&zones(), &rows, 5);
        assert_eq!(quiet_weekdays(&map.rows[0]), vec![1, 3]);
    }

    fn any_row() -> impl Strategy<Value = ZoneHourRow> {
        (1..=3i32, 23..=29u32, 4..23u32, 1..=12i32).prop_flat_map(|(zone, d, hour, desks)| {
            (0..=desks, 0..=desks, 0..=12i32, 0..=3i32).prop_map(
                move |(booked, occupied, people, no_shows)| ZoneHourRow {
                    zone,
                    day: day(d),
                    hour,
                    desks,
                    booked,
                    occupied,
                    occupied_unbooked: occupied.min(desks - booked),
                    no_shows,
                    people: people.min(booked),
                },
            )
        })
    }

    /// Everything a report shows of zone-hours.
    fn published(rows: &[ZoneHourRow], min_group: u32) -> (Heatmap, Heatmap, Option<f64>) {
        let all: HashSet<i32> = (1..=3).collect();
        (
            by_hour(&zones(), rows, min_group),
            by_weekday(&zones(), rows, min_group),
            peak(rows.iter().filter(|r| all.contains(&r.zone)), min_group),
        )
    }

    fn every_cell(map: &Heatmap) -> Vec<Cell<DeskUse>> {
        let mut cells: Vec<Cell<DeskUse>> = map
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().chain([&r.total]))
            .copied()
            .collect();
        cells.extend(map.totals.iter().copied());
        cells.push(map.total);
        cells
    }

    proptest! {
        /// What a report shows depends on the eligible rows alone: whatever the rows below the
        /// minimum hold (as long as they stay below it), every cell, total and peak is the
        /// same, so no figure or difference of figures reveals them.
        #[test]
        fn rows_below_the_minimum_cannot_be_recovered(
            rows in proptest::collection::vec(any_row(), 0..80),
            noise in proptest::collection::vec((0..=12i32, 0..=4i32, 0..=4i32, 0..=3i32), 80),
            min_group in 2..=6u32,
        ) {
            let before = published(&rows, min_group);
            let mut changed = rows.clone();
            for (row, (booked, occupied, people, no_shows)) in changed.iter_mut().zip(noise) {
                if row.eligible(min_group) {
                    continue;
                }
                let below = i32::try_from(min_group).unwrap_or(1) - 1;
                row.booked = booked.min(row.desks);
                row.occupied = occupied.min(below).min(row.desks);
                row.occupied_unbooked = row.occupied.min(row.desks - row.booked);
                row.people = people.min(below).min(row.booked);
                row.no_shows = no_shows;
                prop_assert!(!row.eligible(min_group));
            }
            prop_assert_eq!(published(&changed, min_group), before);
        }

        /// Every shown cell rests only on rows with at least the minimum behind them, and a
        /// cell is suppressed exactly when it has office-hour rows but none of them is eligible.
        #[test]
        fn every_shown_cell_rests_on_enough_people(
            rows in proptest::collection::vec(any_row(), 0..80),
            min_group in 1..=6u32,
        ) {
            let (hours, weekdays, _) = published(&rows, min_group);
            for map in [&hours, &weekdays] {
                for cell in every_cell(map) {
                    if let Cell::Shown(u) = cell {
                        prop_assert!(u.zone_hours > 0);
                        prop_assert!(u.booked <= u.capacity && u.occupied <= u.capacity);
                    }
                }
            }
            for row in &hours.rows {
                let eligible = rows.iter().filter(|r| r.zone == row.zone_id && r.eligible(min_group)).count();
                let counted = rows.iter().filter(|r| r.zone == row.zone_id && in_hours(r.hour)).count();
                match row.total {
                    Cell::Shown(u) => {
                        prop_assert_eq!(u.zone_hours as usize, eligible);
                        prop_assert_eq!((u.zone_hours + u.left_out) as usize, counted);
                    }
                    Cell::Suppressed => prop_assert!(eligible == 0 && counted > 0),
                    Cell::Empty => prop_assert_eq!(counted, 0),
                }
            }
        }

        /// Totals add up from the cells shown, in both directions, so a table is consistent
        /// and its totals hold nothing the cells do not.
        #[test]
        fn totals_are_the_sums_of_the_cells_shown(
            rows in proptest::collection::vec(any_row(), 0..80),
            min_group in 1..=6u32,
        ) {
            let (hours, weekdays, _) = published(&rows, min_group);
            for map in [&hours, &weekdays] {
                let sum = |cells: &mut dyn Iterator<Item = &Cell<DeskUse>>| {
                    cells.filter_map(Cell::shown).map(|u| (u.booked, u.occupied, u.capacity)).fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
                };
                let grand = map.total.shown().map_or((0, 0, 0), |u| (u.booked, u.occupied, u.capacity));
                prop_assert_eq!(sum(&mut map.totals.iter()), grand);
                prop_assert_eq!(sum(&mut map.rows.iter().map(|r| &r.total)), grand);
                for row in &map.rows {
                    let total = row.total.shown().map_or((0, 0, 0), |u| (u.booked, u.occupied, u.capacity));
                    prop_assert_eq!(sum(&mut row.cells.iter()), total);
                }
            }
        }
    }
}
