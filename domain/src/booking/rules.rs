//! The booking rules, without IO: every input, the clock included, is an argument.
//!
//! Days and slots are local to the building, in its time zone (`building.timezone`, passed in as
//! `tz`; Europe/Berlin in Wuppertal). A slot is an interval of instants:
//! the morning runs from local midnight to local noon, the afternoon from noon to the next local
//! midnight, a full day covers both. Instants are computed through the time zone, never by
//! adding 24 hours, so the 23-hour day in March and the 25-hour day in October come out right.
//!
//! [`check`] applies every rule to one attempted booking of one day, in a fixed order, and
//! names the first rule that refuses it; the service gathers the facts it needs from the
//! database. Double bookings are not a rule here: the database refuses them.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;
use entities::enums::{Overflow, PolicyScope};

use wire::model::{Refusal, Slot, Weekday};

/// Local noon: where the morning ends and the afternoon begins.
pub const MIDDAY: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(noon) => noon,
    None => NaiveTime::MIN,
};

/// The local time on the day before from which [`Overflow::DayBefore14`] opens other zones.
pub const OVERFLOW_DAY_BEFORE_AT: NaiveTime = match NaiveTime::from_hms_opt(14, 0, 0) {
    Some(two_pm) => two_pm,
    None => NaiveTime::MIN,
};

/// The longest weekly pattern, in weeks.
pub const MAX_PATTERN_WEEKS: u32 = 26;

/// The most days one request may book.
pub const MAX_DAYS_PER_REQUEST: usize = 190;

/// The instant a local day and time in the building's time zone stand for. A time that occurs
/// twice (the autumn switch) is its first occurrence; a time that does not exist (inside the
/// spring gap) is read with the offset before the gap, so 02:30 on the spring day is 03:30
/// summer time.
pub fn local_instant(tz: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = day.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => {
            // A gap is at most a few hours long: three hours earlier is before it.
            let before = naive - Duration::hours(3);
            let offset = tz
                .from_local_datetime(&before)
                .earliest()
                .map_or(0, |at| at.offset().fix().local_minus_utc());
            (naive - Duration::seconds(i64::from(offset))).and_utc()
        }
    }
}

/// The building's local day at instant `now`.
pub fn today(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Where `slot` on `day` begins and ends (end exclusive).
pub fn slot_interval(tz: Tz, day: NaiveDate, slot: Slot) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = local_instant(tz, day, NaiveTime::MIN);
    let noon = local_instant(tz, day, MIDDAY);
    let next_midnight = day.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, |next| {
        local_instant(tz, next, NaiveTime::MIN)
    });
    match slot {
        Slot::Morning => (midnight, noon),
        Slot::Afternoon => (noon, next_midnight),
        Slot::FullDay => (midnight, next_midnight),
    }
}

/// Whether `slot` on `day` has ended at `now`; a slot that has begun may still be booked
/// (somebody walking in at ten books the morning).
pub fn is_past(tz: Tz, day: NaiveDate, slot: Slot, now: DateTime<Utc>) -> bool {
    slot_interval(tz, day, slot).1 <= now
}

/// The local day and half-day (morning or afternoon) that `now` falls in.
pub fn half_at(tz: Tz, now: DateTime<Utc>) -> (NaiveDate, Slot) {
    let day = today(tz, now);
    if is_past(tz, day, Slot::Morning, now) {
        (day, Slot::Afternoon)
    } else {
        (day, Slot::Morning)
    }
}

/// Monday and Sunday of the ISO week holding `day`.
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (monday, monday + Duration::days(6))
}

/// The instant from which a desk outside the person's home zones may be booked for `day`;
/// `None` if never.
pub fn overflow_opens(tz: Tz, overflow: Overflow, day: NaiveDate) -> Option<DateTime<Utc>> {
    match overflow {
        Overflow::None => None,
        Overflow::DayBefore14 => day
            .pred_opt()
            .map(|before| local_instant(tz, before, OVERFLOW_DAY_BEFORE_AT)),
        Overflow::SameDay => Some(local_instant(tz, day, NaiveTime::MIN)),
    }
}

/// What a policy says; the fields of `policy` that booking uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How many days after today people may book (0: today only).
    pub max_days_ahead: i32,
    /// Bookings per person and ISO week; `None`: no limit.
    pub max_bookings_per_week: Option<i32>,
    /// Whether mornings and afternoons may be booked on their own.
    pub half_days_allowed: bool,
    /// When desks outside the person's home zones open.
    pub overflow: Overflow,
    /// Minutes after a slot starts (the morning: after the working day starts) before a
    /// booking that is not checked in counts as a no-show.
    pub checkin_grace_min: i32,
    /// Whether no-shows are released automatically (when the desk's sensor shows it empty).
    pub auto_release: bool,
    /// Whether no-shows at desks without a sensor are released by time alone.
    pub release_without_sensor: bool,
}

impl Default for Policy {
    /// Where no policy is stored: two weeks ahead, no weekly limit, half-days allowed, home
    /// zones only, no automatic release.
    fn default() -> Self {
        Policy {
            max_days_ahead: 14,
            max_bookings_per_week: None,
            half_days_allowed: true,
            overflow: Overflow::None,
            checkin_grace_min: 30,
            auto_release: false,
            release_without_sensor: false,
        }
    }
}

/// When a booking of `slot` on `day` that is not checked in becomes a no-show: `grace_min`
/// minutes after the slot starts, the morning and the full day counted from
/// `workday_starts` (a slot formally starts at midnight, people do not).
pub fn no_show_after(
    tz: Tz,
    day: NaiveDate,
    slot: Slot,
    workday_starts: NaiveTime,
    grace_min: i32,
) -> DateTime<Utc> {
    let starts = match slot {
        Slot::Afternoon => local_instant(tz, day, MIDDAY),
        Slot::Morning | Slot::FullDay => local_instant(tz, day, workday_starts),
    };
    starts + Duration::minutes(i64::from(grace_min.max(0)))
}

/// A stored policy with its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopedPolicy {
    /// What it applies to.
    pub scope: PolicyScope,
    /// The building, organisation, unit or zone; `None` only for the building-wide default.
    pub scope_id: Option<i32>,
    /// What it says.
    pub policy: Policy,
}

/// Where a booking would be, and whose: what policy resolution looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyTarget {
    /// The desk's building.
    pub building_id: i32,
    /// The person's organisation.
    pub organisation_id: i32,
    /// The person's unit, if any.
    pub unit_id: Option<i32>,
    /// The desk's zone.
    pub zone_id: i32,
}

/// The most specific policy for `target`: the desk's zone before the person's unit before
/// their organisation before the desk's building before the default for every building; the
/// built-in [`Policy::default`] when none applies. The winner applies whole; fields are not
/// merged.
pub fn resolve_policy(policies: &[ScopedPolicy], target: &PolicyTarget) -> Policy {
    let rank = |stored: &ScopedPolicy| -> Option<u8> {
        match (stored.scope, stored.scope_id) {
            (PolicyScope::Zone, Some(id)) if id == target.zone_id => Some(4),
            (PolicyScope::Unit, Some(id)) if Some(id) == target.unit_id => Some(3),
            (PolicyScope::Organisation, Some(id)) if id == target.organisation_id => Some(2),
            (PolicyScope::Building, Some(id)) if id == target.building_id => Some(1),
            (PolicyScope::Building, None) => Some(0),
            _ => None,
        }
    };
    policies
        .iter()
        .filter_map(|stored| rank(stored).map(|rank| (rank, stored.policy)))
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, policy)| policy)
        .unwrap_or_default()
}

/// A block: desks, a zone, a room or the whole building out of use for some days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The blocked desk.
    pub desk_id: Option<i32>,
    /// The blocked zone.
    pub zone_id: Option<i32>,
    /// The blocked room (does not concern desks).
    pub room_id: Option<i32>,
    /// First blocked day.
    pub from_day: NaiveDate,
    /// Last blocked day (inclusive).
    pub to_day: NaiveDate,
}

impl Block {
    /// Whether this block takes desk `desk_id` in zone `zone_id` out of use on `day`.
    pub fn blocks_desk(&self, desk_id: i32, zone_id: i32, day: NaiveDate) -> bool {
        let target = match (self.desk_id, self.zone_id, self.room_id) {
            (Some(desk), _, _) => desk == desk_id,
            (None, Some(zone), _) => zone == zone_id,
            (None, None, Some(_)) => false,
            (None, None, None) => true,
        };
        target && self.from_day <= day && day <= self.to_day
    }
}

/// Everything the rules need to know about one attempted booking of one day.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The time zone of the desk's building.
    pub tz: Tz,
    /// The day.
    pub day: NaiveDate,
    /// The slot.
    pub slot: Slot,
    /// The desk.
    pub desk_id: i32,
    /// The desk's zone.
    pub zone_id: i32,
    /// The desk's own `blocked` flag.
    pub desk_blocked: bool,
    /// The home zones of the person's unit.
    pub home_zones: &'a [i32],
    /// The policy that applies ([`resolve_policy`]).
    pub policy: &'a Policy,
    /// Blocks that may concern the desk.
    pub blocks: &'a [Block],
    /// The person's active bookings in the ISO week of `day`.
    pub bookings_in_week: u32,
}

/// Whether the rules allow `attempt` at `now`; the first refusing rule otherwise, in this
/// order: in the past, blocked, half-days, days ahead, home zone, bookings per week.
pub fn check(attempt: &Attempt<'_>, now: DateTime<Utc>) -> Result<(), Refusal> {
    let policy = attempt.policy;
    let tz = attempt.tz;
    if is_past(tz, attempt.day, attempt.slot, now) {
        return Err(Refusal::InThePast);
    }
    if attempt.desk_blocked
        || attempt
            .blocks
            .iter()
            .any(|block| block.blocks_desk(attempt.desk_id, attempt.zone_id, attempt.day))
    {
        return Err(Refusal::Blocked);
    }
    if attempt.slot != Slot::FullDay && !policy.half_days_allowed {
        return Err(Refusal::HalfDaysNotAllowed);
    }
    if (attempt.day - today(tz, now)).num_days() > i64::from(policy.max_days_ahead) {
        return Err(Refusal::TooFarAhead);
    }
    if !attempt.home_zones.contains(&attempt.zone_id)
        && overflow_opens(tz, policy.overflow, attempt.day).is_none_or(|opens| opens > now)
    {
        return Err(Refusal::OutsideHomeZone);
    }
    if let Some(limit) = policy.max_bookings_per_week
        && i64::from(attempt.bookings_in_week) >= i64::from(limit)
    {
        return Err(Refusal::WeeklyLimit);
    }
    Ok(())
}

/// Why a set of days cannot be booked at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DaysError {
    /// No day at all.
    #[error("no day to book")]
    Empty,
    /// A pattern without weekdays.
    #[error("a pattern needs at least one weekday")]
    NoWeekdays,
    /// A pattern of 0 or too many weeks.
    #[error("a pattern runs for 1 to {MAX_PATTERN_WEEKS} weeks")]
    Weeks,
    /// More days than one request may book.
    #[error("at most {MAX_DAYS_PER_REQUEST} days per request")]
    TooMany,
}

/// Every day from `from` on, for `weeks` weeks (`from` is in the first week), that falls on one
/// of `weekdays`, in order: "every Tuesday and Thursday for the next four weeks".
pub fn pattern_days(
    from: NaiveDate,
    weekdays: &[Weekday],
    weeks: u32,
) -> Result<Vec<NaiveDate>, DaysError> {
    if weekdays.is_empty() {
        return Err(DaysError::NoWeekdays);
    }
    if weeks == 0 || weeks > MAX_PATTERN_WEEKS {
        return Err(DaysError::Weeks);
    }
    let wanted: Vec<chrono::Weekday> = weekdays.iter().map(|day| (*day).into()).collect();
    Ok(from
        .iter_days()
        .take(7 * weeks as usize)
        .filter(|day| wanted.contains(&day.weekday()))
        .collect())
}

/// The listed days sorted, each once.
pub fn distinct_days(days: &[NaiveDate]) -> Result<Vec<NaiveDate>, DaysError> {
    let mut days = days.to_vec();
    days.sort_unstable();
    days.dedup();
    if days.is_empty() {
        return Err(DaysError::Empty);
    }
    if days.len() > MAX_DAYS_PER_REQUEST {
        return Err(DaysError::TooMany);
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wuppertal's time zone.
    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// A local wall-clock time in Berlin as an instant.
    fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        local_instant(
            BERLIN,
            date(y, m, d),
            NaiveTime::from_hms_opt(h, min, 0).unwrap_or(NaiveTime::MIN),
        )
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    const SPRING: (i32, u32, u32) = (2026, 3, 29);
    const AUTUMN: (i32, u32, u32) = (2026, 10, 25);

    #[test]
    fn an_ordinary_winter_day_is_24_hours_from_2300_utc() {
        let (start, end) = slot_interval(BERLIN, date(2026, 12, 1), Slot::FullDay);
        assert_eq!(start, utc(2026, 11, 30, 23, 0));
        assert_eq!(end - start, Duration::hours(24));
    }

    #[test]
    fn the_spring_switch_day_has_23_hours_and_a_morning_of_11() {
        let day = date(SPRING.0, SPRING.1, SPRING.2);
        let (start, end) = slot_interval(BERLIN, day, Slot::FullDay);
        assert_eq!(
            start,
            utc(2026, 3, 28, 23, 0),
            "midnight is still winter time"
        );
        assert_eq!(
            end,
            utc(2026, 3, 29, 22, 0),
            "the next midnight is summer time"
        );
        assert_eq!(end - start, Duration::hours(23));
        let (morning_start, morning_end) = slot_interval(BERLIN, day, Slot::Morning);
        assert_eq!(morning_start, start);
        assert_eq!(morning_end, utc(2026, 3, 29, 10, 0), "noon in summer time");
        assert_eq!(morning_end - morning_start, Duration::hours(11));
        let (afternoon_start, afternoon_end) = slot_interval(BERLIN, day, Slot::Afternoon);
        assert_eq!(afternoon_start, morning_end);
        assert_eq!(afternoon_end - afternoon_start, Duration::hours(12));
    }

    #[test]
    fn the_autumn_switch_day_has_25_hours_and_a_morning_of_13() {
        let day = date(AUTUMN.0, AUTUMN.1, AUTUMN.2);
        let (start, end) = slot_interval(BERLIN, day, Slot::FullDay);
        assert_eq!(
            start,
            utc(2026, 10, 24, 22, 0),
            "midnight is still summer time"
        );
        assert_eq!(
            end,
            utc(2026, 10, 25, 23, 0),
            "the next midnight is winter time"
        );
        assert_eq!(end - start, Duration::hours(25));
        let (_, morning_end) = slot_interval(BERLIN, day, Slot::Morning);
        assert_eq!(morning_end, utc(2026, 10, 25, 11, 0));
        assert_eq!(morning_end - start, Duration::hours(13));
    }

    #[test]
    fn the_days_around_the_switches_meet_without_gap_or_overlap() {
        for (y, m, d) in [SPRING, AUTUMN] {
            let day = date(y, m, d);
            for (before, after) in [(day.pred_opt(), Some(day)), (Some(day), day.succ_opt())] {
                let (Some(before), Some(after)) = (before, after) else {
                    panic!("no neighbouring day")
                };
                assert_eq!(
                    slot_interval(BERLIN, before, Slot::FullDay).1,
                    slot_interval(BERLIN, after, Slot::FullDay).0,
                    "{before} ends where {after} begins"
                );
            }
        }
    }

    #[test]
    fn a_wall_clock_time_in_the_spring_gap_is_read_with_the_winter_offset() {
        // 02:30 does not exist on 2026-03-29: read as 02:30 CET = 01:30 UTC = 03:30 CEST.
        assert_eq!(berlin(2026, 3, 29, 2, 30), utc(2026, 3, 29, 1, 30));
    }

    #[test]
    fn a_wall_clock_time_that_occurs_twice_in_autumn_is_its_first_occurrence() {
        // 02:30 happens twice on 2026-10-25: first in summer time (00:30 UTC).
        assert_eq!(berlin(2026, 10, 25, 2, 30), utc(2026, 10, 25, 0, 30));
    }

    #[test]
    fn today_is_the_berlin_day_not_the_utc_day() {
        // 23:30 UTC on 28 March is 00:30 on the spring switch day in Berlin.
        assert_eq!(today(BERLIN, utc(2026, 3, 28, 23, 30)), date(2026, 3, 29));
        // 22:30 UTC on 24 October is 00:30 summer time on the autumn switch day.
        assert_eq!(today(BERLIN, utc(2026, 10, 24, 22, 30)), date(2026, 10, 25));
        // 23:30 UTC on 25 October is 00:30 winter time on the day after.
        assert_eq!(today(BERLIN, utc(2026, 10, 25, 23, 30)), date(2026, 10, 26));
        assert_eq!(today(BERLIN, utc(2026, 10, 25, 22, 30)), date(2026, 10, 25));
    }

    #[test]
    fn a_slot_is_past_only_once_it_has_ended() {
        let day = date(2026, 12, 1);
        assert!(!is_past(
            BERLIN,
            day,
            Slot::Morning,
            berlin(2026, 12, 1, 11, 59)
        ));
        assert!(is_past(
            BERLIN,
            day,
            Slot::Morning,
            berlin(2026, 12, 1, 12, 0)
        ));
        assert!(!is_past(
            BERLIN,
            day,
            Slot::FullDay,
            berlin(2026, 12, 1, 23, 59)
        ));
        assert!(is_past(
            BERLIN,
            day,
            Slot::FullDay,
            berlin(2026, 12, 2, 0, 0)
        ));
        assert!(is_past(
            BERLIN,
            date(2026, 11, 30),
            Slot::Afternoon,
            berlin(2026, 12, 1, 8, 0)
        ));
    }

    #[test]
    fn the_autumn_morning_is_still_bookable_at_1130_summer_time_reckoning() {
        // 11:30 local on the autumn day is 10:30 UTC; noon is 11:00 UTC.
        let day = date(AUTUMN.0, AUTUMN.1, AUTUMN.2);
        assert!(!is_past(
            BERLIN,
            day,
            Slot::Morning,
            utc(2026, 10, 25, 10, 30)
        ));
        assert!(is_past(
            BERLIN,
            day,
            Slot::Morning,
            utc(2026, 10, 25, 11, 0)
        ));
        // A full day booked at 23:30 local (22:30 UTC) is still running on that 25-hour day.
        assert!(!is_past(
            BERLIN,
            day,
            Slot::FullDay,
            utc(2026, 10, 25, 22, 30)
        ));
    }

    #[test]
    fn weeks_run_from_monday_to_sunday() {
        assert_eq!(
            week_of(date(2026, 12, 3)),
            (date(2026, 11, 30), date(2026, 12, 6))
        );
        assert_eq!(
            week_of(date(2026, 11, 30)),
            (date(2026, 11, 30), date(2026, 12, 6))
        );
        assert_eq!(
            week_of(date(2026, 12, 6)),
            (date(2026, 11, 30), date(2026, 12, 6))
        );
    }

    #[test]
    fn overflow_day_before_14_opens_at_14_berlin_time_on_the_day_before() {
        // The day before the spring switch is still winter time: 14:00 CET = 13:00 UTC.
        assert_eq!(
            overflow_opens(BERLIN, Overflow::DayBefore14, date(2026, 3, 29)),
            Some(utc(2026, 3, 28, 13, 0))
        );
        // The day before 2026-03-30 is the switch day itself: 14:00 CEST = 12:00 UTC.
        assert_eq!(
            overflow_opens(BERLIN, Overflow::DayBefore14, date(2026, 3, 30)),
            Some(utc(2026, 3, 29, 12, 0))
        );
        // The autumn switch day, 14:00 CET = 13:00 UTC.
        assert_eq!(
            overflow_opens(BERLIN, Overflow::DayBefore14, date(2026, 10, 26)),
            Some(utc(2026, 10, 25, 13, 0))
        );
        assert_eq!(
            overflow_opens(BERLIN, Overflow::SameDay, date(2026, 10, 25)),
            Some(utc(2026, 10, 24, 22, 0))
        );
        assert_eq!(
            overflow_opens(BERLIN, Overflow::None, date(2026, 10, 25)),
            None
        );
    }

    fn policy(overflow: Overflow) -> Policy {
        Policy {
            overflow,
            ..Policy::default()
        }
    }

    fn attempt<'a>(policy: &'a Policy, home: &'a [i32], day: NaiveDate, slot: Slot) -> Attempt<'a> {
        Attempt {
            tz: BERLIN,
            day,
            slot,
            desk_id: 7,
            zone_id: 3,
            desk_blocked: false,
            home_zones: home,
            policy,
            blocks: &[],
            bookings_in_week: 0,
        }
    }

    #[test]
    fn a_desk_in_a_home_zone_can_be_booked() {
        let p = Policy::default();
        let a = attempt(&p, &[3], date(2026, 12, 2), Slot::FullDay);
        assert_eq!(check(&a, berlin(2026, 12, 1, 9, 0)), Ok(()));
    }

    #[test]
    fn booking_outside_home_zone_is_refused_without_overflow() {
        let p = policy(Overflow::None);
        let a = attempt(&p, &[1, 2], date(2026, 12, 1), Slot::FullDay);
        assert_eq!(
            check(&a, berlin(2026, 12, 1, 9, 0)),
            Err(Refusal::OutsideHomeZone),
            "not even on the day itself"
        );
    }

    #[test]
    fn overflow_day_before_14_opens_other_zones_at_14_the_day_before() {
        let p = policy(Overflow::DayBefore14);
        let a = attempt(&p, &[1], date(2026, 12, 2), Slot::Morning);
        assert_eq!(
            check(&a, berlin(2026, 12, 1, 13, 59)),
            Err(Refusal::OutsideHomeZone)
        );
        assert_eq!(check(&a, berlin(2026, 12, 1, 14, 0)), Ok(()));
        assert_eq!(
            check(&a, berlin(2026, 11, 30, 15, 0)),
            Err(Refusal::OutsideHomeZone),
            "two days before is too early"
        );
    }

    #[test]
    fn overflow_day_before_14_counts_in_berlin_time_on_the_spring_switch_day() {
        // Booking 2026-03-30 from the switch day: opens 14:00 CEST = 12:00 UTC.
        let p = policy(Overflow::DayBefore14);
        let a = attempt(&p, &[1], date(2026, 3, 30), Slot::FullDay);
        assert_eq!(
            check(&a, utc(2026, 3, 29, 11, 59)),
            Err(Refusal::OutsideHomeZone)
        );
        assert_eq!(check(&a, utc(2026, 3, 29, 12, 0)), Ok(()));
    }

    #[test]
    fn overflow_same_day_opens_other_zones_at_local_midnight() {
        let p = policy(Overflow::SameDay);
        // The autumn switch day begins at 22:00 UTC the evening before.
        let a = attempt(&p, &[1], date(2026, 10, 25), Slot::FullDay);
        assert_eq!(
            check(&a, utc(2026, 10, 24, 21, 59)),
            Err(Refusal::OutsideHomeZone)
        );
        assert_eq!(check(&a, utc(2026, 10, 24, 22, 0)), Ok(()));
    }

    #[test]
    fn a_slot_that_has_ended_is_refused_as_in_the_past() {
        let p = Policy::default();
        let a = attempt(&p, &[3], date(2026, 12, 1), Slot::Morning);
        assert_eq!(
            check(&a, berlin(2026, 12, 1, 12, 30)),
            Err(Refusal::InThePast)
        );
        let afternoon = attempt(&p, &[3], date(2026, 12, 1), Slot::Afternoon);
        assert_eq!(check(&afternoon, berlin(2026, 12, 1, 12, 30)), Ok(()));
    }

    #[test]
    fn no_shows_are_counted_from_the_working_day_in_berlin_time_across_the_clock_change() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        // Winter: 08:30 in Berlin is 07:30 UTC.
        assert_eq!(
            no_show_after(BERLIN, date(2026, 12, 1), Slot::FullDay, eight, 30),
            utc(2026, 12, 1, 7, 30)
        );
        // The spring switch (29 March 2026): 08:30 is already summer time, 06:30 UTC.
        assert_eq!(
            no_show_after(BERLIN, date(2026, 3, 29), Slot::Morning, eight, 30),
            utc(2026, 3, 29, 6, 30)
        );
        // The afternoon counts from noon; a negative grace counts as none.
        assert_eq!(
            no_show_after(BERLIN, date(2026, 12, 1), Slot::Afternoon, eight, -5),
            utc(2026, 12, 1, 11, 0)
        );
    }

    #[test]
    fn days_ahead_count_berlin_days() {
        let p = Policy {
            max_days_ahead: 2,
            ..Policy::default()
        };
        let a = attempt(&p, &[3], date(2026, 3, 31), Slot::FullDay);
        // 23:30 UTC on 28 March is already the 29th in Berlin: the 31st is 2 days ahead.
        assert_eq!(check(&a, utc(2026, 3, 28, 23, 30)), Ok(()));
        // 22:30 UTC on 28 March is still the 28th in Berlin: 3 days ahead.
        assert_eq!(
            check(&a, utc(2026, 3, 28, 22, 30)),
            Err(Refusal::TooFarAhead)
        );
        let today_only = Policy {
            max_days_ahead: 0,
            ..Policy::default()
        };
        let a = attempt(&today_only, &[3], date(2026, 12, 1), Slot::FullDay);
        assert_eq!(check(&a, berlin(2026, 12, 1, 7, 0)), Ok(()));
        assert_eq!(
            check(&a, berlin(2026, 11, 30, 18, 0)),
            Err(Refusal::TooFarAhead)
        );
    }

    #[test]
    fn half_days_are_refused_where_the_policy_wants_full_days() {
        let p = Policy {
            half_days_allowed: false,
            ..Policy::default()
        };
        let now = berlin(2026, 12, 1, 8, 0);
        for slot in [Slot::Morning, Slot::Afternoon] {
            let a = attempt(&p, &[3], date(2026, 12, 2), slot);
            assert_eq!(check(&a, now), Err(Refusal::HalfDaysNotAllowed));
        }
        let a = attempt(&p, &[3], date(2026, 12, 2), Slot::FullDay);
        assert_eq!(check(&a, now), Ok(()));
    }

    #[test]
    fn the_weekly_limit_refuses_the_booking_beyond_it() {
        let p = Policy {
            max_bookings_per_week: Some(2),
            ..Policy::default()
        };
        let now = berlin(2026, 12, 1, 8, 0);
        let mut a = attempt(&p, &[3], date(2026, 12, 2), Slot::FullDay);
        a.bookings_in_week = 1;
        assert_eq!(check(&a, now), Ok(()));
        a.bookings_in_week = 2;
        assert_eq!(check(&a, now), Err(Refusal::WeeklyLimit));
        let none = Policy {
            max_bookings_per_week: Some(0),
            ..Policy::default()
        };
        let a = attempt(&none, &[3], date(2026, 12, 2), Slot::FullDay);
        assert_eq!(check(&a, now), Err(Refusal::WeeklyLimit));
    }

    #[test]
    fn blocks_of_the_desk_its_zone_or_the_building_refuse_and_others_do_not() {
        let p = Policy::default();
        let now = berlin(2026, 12, 1, 8, 0);
        let day = date(2026, 12, 2);
        let block = |desk_id, zone_id, room_id, from_day, to_day| Block {
            desk_id,
            zone_id,
            room_id,
            from_day,
            to_day,
        };
        let refusing = [
            block(Some(7), None, None, day, day),
            block(None, Some(3), None, date(2026, 12, 1), date(2026, 12, 4)),
            block(None, None, None, day, day),
        ];
        for b in refusing {
            let blocks = [b];
            let a = Attempt {
                tz: BERLIN,
                blocks: &blocks,
                ..attempt(&p, &[3], day, Slot::FullDay)
            };
            assert_eq!(check(&a, now), Err(Refusal::Blocked), "{b:?}");
        }
        let harmless = [
            block(Some(8), None, None, day, day),
            block(None, Some(4), None, day, day),
            block(None, None, Some(1), day, day),
            block(Some(7), None, None, date(2026, 12, 3), date(2026, 12, 5)),
        ];
        for b in harmless {
            let blocks = [b];
            let a = Attempt {
                tz: BERLIN,
                blocks: &blocks,
                ..attempt(&p, &[3], day, Slot::FullDay)
            };
            assert_eq!(check(&a, now), Ok(()), "{b:?}");
        }
        let a = Attempt {
            tz: BERLIN,
            desk_blocked: true,
            ..attempt(&p, &[3], day, Slot::FullDay)
        };
        assert_eq!(check(&a, now), Err(Refusal::Blocked));
    }

    fn stored(scope: PolicyScope, scope_id: Option<i32>, max_days_ahead: i32) -> ScopedPolicy {
        ScopedPolicy {
            scope,
            scope_id,
            policy: Policy {
                max_days_ahead,
                ..Policy::default()
            },
        }
    }

    #[test]
    fn the_most_specific_policy_wins() {
        let target = PolicyTarget {
            building_id: 1,
            organisation_id: 10,
            unit_id: Some(100),
            zone_id: 1000,
        };
        let mut policies = vec![
            stored(PolicyScope::Building, None, 1),
            stored(PolicyScope::Building, Some(1), 2),
            stored(PolicyScope::Organisation, Some(10), 3),
            stored(PolicyScope::Unit, Some(100), 4),
            stored(PolicyScope::Zone, Some(1000), 5),
            // Policies of other scopes never apply.
            stored(PolicyScope::Zone, Some(1001), 50),
            stored(PolicyScope::Unit, Some(101), 40),
            stored(PolicyScope::Organisation, Some(11), 30),
            stored(PolicyScope::Building, Some(2), 20),
        ];
        for expected in (1..=5).rev() {
            assert_eq!(resolve_policy(&policies, &target).max_days_ahead, expected);
            policies.retain(|p| p.policy.max_days_ahead != expected);
        }
        assert_eq!(resolve_policy(&policies, &target), Policy::default());
    }

    #[test]
    fn a_person_without_unit_gets_no_unit_policy() {
        let target = PolicyTarget {
            building_id: 1,
            organisation_id: 10,
            unit_id: None,
            zone_id: 1000,
        };
        let policies = [
            stored(PolicyScope::Unit, Some(100), 4),
            stored(PolicyScope::Organisation, Some(10), 3),
        ];
        assert_eq!(resolve_policy(&policies, &target).max_days_ahead, 3);
    }

    #[test]
    fn a_weekly_pattern_lists_the_weekdays_of_the_next_weeks() {
        // Tuesday 2026-12-01, every Tuesday and Thursday for four weeks.
        let days = pattern_days(date(2026, 12, 1), &[Weekday::Tue, Weekday::Thu], 4);
        assert_eq!(
            days,
            Ok(vec![
                date(2026, 12, 1),
                date(2026, 12, 3),
                date(2026, 12, 8),
                date(2026, 12, 10),
                date(2026, 12, 15),
                date(2026, 12, 17),
                date(2026, 12, 22),
                date(2026, 12, 24),
            ])
        );
        // Starting on a Wednesday: the Tuesday of the first week is not in the window.
        let days = pattern_days(date(2026, 12, 2), &[Weekday::Tue], 2);
        assert_eq!(days, Ok(vec![date(2026, 12, 8), date(2026, 12, 15)]));
    }

    #[test]
    fn a_pattern_across_the_spring_switch_keeps_its_weekdays() {
        let days = pattern_days(date(2026, 3, 23), &[Weekday::Sun, Weekday::Mon], 2);
        assert_eq!(
            days,
            Ok(vec![
                date(2026, 3, 23),
                date(2026, 3, 29),
                date(2026, 3, 30),
                date(2026, 4, 5),
            ])
        );
    }

    #[test]
    fn malformed_patterns_and_day_lists_are_rejected() {
        let day = date(2026, 12, 1);
        assert_eq!(pattern_days(day, &[], 4), Err(DaysError::NoWeekdays));
        assert_eq!(pattern_days(day, &[Weekday::Mon], 0), Err(DaysError::Weeks));
        assert_eq!(
            pattern_days(day, &[Weekday::Mon], MAX_PATTERN_WEEKS + 1),
            Err(DaysError::Weeks)
        );
        assert_eq!(distinct_days(&[]), Err(DaysError::Empty));
        let many: Vec<NaiveDate> = day.iter_days().take(MAX_DAYS_PER_REQUEST + 1).collect();
        assert_eq!(distinct_days(&many), Err(DaysError::TooMany));
        assert_eq!(
            distinct_days(&[date(2026, 12, 3), day, date(2026, 12, 3)]),
            Ok(vec![day, date(2026, 12, 3)])
        );
    }

    #[test]
    fn a_full_day_overlaps_both_halves_and_the_halves_not_each_other() {
        assert!(Slot::FullDay.overlaps(Slot::Morning));
        assert!(Slot::Afternoon.overlaps(Slot::FullDay));
        assert!(Slot::Morning.overlaps(Slot::Morning));
        assert!(!Slot::Morning.overlaps(Slot::Afternoon));
    }
}
