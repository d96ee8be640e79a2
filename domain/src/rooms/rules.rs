//! The pure rules of room reservations: the 15-minute grid, wall-clock times in the building
//! turned into instants (daylight-saving switches included), series dates, buffers. No IO.
//!
//! A reservation lies within one day, `from < to`, both on the grid. A series keeps its
//! wall-clock time: 09:00–10:00 every week is 08:00–09:00 UTC in winter and 07:00–08:00 UTC in
//! summer. A time that does not exist on a day (02:00–02:45 on the spring switch) is refused
//! for that day; a time that occurs twice (the autumn switch) is its first occurrence.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};

use chrono_tz::Tz;

/// The grid reservations are on, in minutes.
pub const GRID_MIN: u32 = 15;
/// The most dates one series may have.
pub const MAX_SERIES_DATES: usize = 60;
/// How far ahead a reservation (or a series' last date) may be, in days.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// The longest buffer, in minutes.
pub const MAX_BUFFER_MIN: i32 = 60;
/// The most weeks between the dates of a series.
pub const MAX_EVERY_WEEKS: u32 = 4;
/// The longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// The longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 2_000;

/// What is wrong with a time or a series, in English (the API's `detail` adds the person's
/// language around it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// A time off the 15-minute grid.
    #[error("{0}: on the 15-minute grid (such as 09:00, 09:15)")]
    OffGrid(&'static str),
    /// `to` not after `from`.
    #[error("to: after from")]
    NotAfter,
    /// The wall-clock time does not exist on that day (the spring switch).
    #[error("{0}: {1} does not exist on {2} (the clocks go forward)")]
    Nonexistent(&'static str, NaiveTime, NaiveDate),
    /// A series rule out of bounds.
    #[error("repeat: {0}")]
    Repeat(String),
    /// Too far ahead.
    #[error("day: at most {MAX_DAYS_AHEAD} days ahead")]
    TooFarAhead,
    /// A buffer out of bounds.
    #[error("{0}: 0 to {MAX_BUFFER_MIN} minutes in steps of 5")]
    Buffer(&'static str),
}

/// Whether `time` is on the grid.
pub fn on_grid(time: NaiveTime) -> bool {
    time.minute().is_multiple_of(GRID_MIN) && time.second() == 0 && time.nanosecond() == 0
}

/// The instant of a wall-clock time in the building, or `None` inside the spring gap.
pub fn instant(tz: Tz, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&day.and_time(time)) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Some(at.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// The instants of `from`–`to` on `day`, checked: both on the grid, `from < to`, both exist.
pub fn span(
    tz: Tz,
    day: NaiveDate,
    from: NaiveTime,
    to: NaiveTime,
) -> Result<(DateTime<Utc>, DateTime<Utc>), TimeError> {
    if !on_grid(from) {
        return Err(TimeError::OffGrid("from"));
    }
    if !on_grid(to) {
        return Err(TimeError::OffGrid("to"));
    }
    if to <= from {
        return Err(TimeError::NotAfter);
    }
    let starts = instant(tz, day, from).ok_or(TimeError::Nonexistent("from", from, day))?;
    let ends = instant(tz, day, to).ok_or(TimeError::Nonexistent("to", to, day))?;
    Ok((starts, ends))
}

/// The wall-clock day and time of an instant in the building.
pub fn local(tz: Tz, at: DateTime<Utc>) -> (NaiveDate, NaiveTime) {
    let local = at.with_timezone(&tz);
    (local.date_naive(), local.time())
}

/// The dates of a series: `first`, then every `every_weeks` weeks, up to `until` inclusive;
/// checked against the bounds ([`MAX_SERIES_DATES`], [`MAX_EVERY_WEEKS`], [`MAX_DAYS_AHEAD`]
/// from `today`).
pub fn series_days(
    first: NaiveDate,
    every_weeks: u32,
    until: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<NaiveDate>, TimeError> {
    if every_weeks == 0 || every_weeks > MAX_EVERY_WEEKS {
        return Err(TimeError::Repeat(format!(
            "every_weeks: 1 to {MAX_EVERY_WEEKS}"
        )));
    }
    if until < first {
        return Err(TimeError::Repeat("until: on or after the first day".into()));
    }
    if until - today > Duration::days(MAX_DAYS_AHEAD) {
        return Err(TimeError::TooFarAhead);
    }
    let step = Duration::weeks(i64::from(every_weeks));
    let days: Vec<NaiveDate> = std::iter::successors(Some(first), |day| {
        day.checked_add_signed(step).filter(|next| *next <= until)
    })
    .take(MAX_SERIES_DATES + 1)
    .collect();
    if days.len() > MAX_SERIES_DATES {
        return Err(TimeError::Repeat(format!(
            "at most {MAX_SERIES_DATES} dates"
        )));
    }
    Ok(days)
}

/// Checks a buffer length.
pub fn buffer(name: &'static str, minutes: i32) -> Result<i32, TimeError> {
    if (0..=MAX_BUFFER_MIN).contains(&minutes) && minutes % 5 == 0 {
        Ok(minutes)
    } else {
        Err(TimeError::Buffer(name))
    }
}

/// Whether two reservations of one room, each widened by the room's buffers, would overlap
/// on the grid (the rule the database's cells enforce).
pub fn clash(
    a: (DateTime<Utc>, DateTime<Utc>),
    b: (DateTime<Utc>, DateTime<Utc>),
    buffer_before_min: i32,
    buffer_after_min: i32,
) -> bool {
    use entities::room_reservation_quarter::cells;
    let first = cells(a.0, a.1, buffer_before_min, buffer_after_min);
    let second = cells(b.0, b.1, buffer_before_min, buffer_after_min);
    first.start < second.end && second.start < first.end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wuppertal's time zone.
    const BERLIN: Tz = chrono_tz::Europe::Berlin;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn a_weekly_series_over_the_spring_switch_keeps_its_wall_clock_time() {
        // 2027: summer time starts on Sunday 28 March.
        let days = series_days(day(2027, 3, 22), 1, day(2027, 4, 5), day(2027, 3, 1)).unwrap();
        assert_eq!(
            days,
            vec![day(2027, 3, 22), day(2027, 3, 29), day(2027, 4, 5)]
        );
        let spans: Vec<_> = days
            .iter()
            .map(|d| span(BERLIN, *d, time(9, 0), time(10, 0)).unwrap())
            .collect();
        assert_eq!(spans[0].0.to_rfc3339(), "2027-03-22T08:00:00+00:00");
        assert_eq!(spans[1].0.to_rfc3339(), "2027-03-29T07:00:00+00:00");
        for (d, (starts, ends)) in days.iter().zip(&spans) {
            assert_eq!(local(BERLIN, *starts), (*d, time(9, 0)));
            assert_eq!(local(BERLIN, *ends), (*d, time(10, 0)));
        }
    }

    #[test]
    fn a_series_over_the_autumn_switch_keeps_its_wall_clock_time() {
        // 2027: winter time starts on Sunday 31 October.
        let days = series_days(day(2027, 10, 25), 1, day(2027, 11, 1), day(2027, 10, 1)).unwrap();
        let after = span(BERLIN, days[1], time(9, 0), time(10, 0)).unwrap();
        assert_eq!(after.0.to_rfc3339(), "2027-11-01T08:00:00+00:00");
        let before = span(BERLIN, days[0], time(9, 0), time(10, 0)).unwrap();
        assert_eq!(before.0.to_rfc3339(), "2027-10-25T07:00:00+00:00");
    }

    #[test]
    fn a_time_in_the_spring_gap_is_refused_and_a_doubled_time_is_its_first_occurrence() {
        assert_eq!(
            span(BERLIN, day(2027, 3, 28), time(2, 15), time(4, 0)),
            Err(TimeError::Nonexistent(
                "from",
                time(2, 15),
                day(2027, 3, 28)
            ))
        );
        // 02:30 on 31 October 2027 happens twice: first at 00:30 UTC (summer time).
        let (starts, ends) = span(BERLIN, day(2027, 10, 31), time(2, 30), time(3, 30)).unwrap();
        assert_eq!(starts.to_rfc3339(), "2027-10-31T00:30:00+00:00");
        // 03:30 exists once (winter time), so the span is two hours long.
        assert_eq!(ends - starts, Duration::hours(2));
    }

    #[test]
    fn times_off_the_grid_and_empty_spans_are_refused() {
        let d = day(2027, 1, 12);
        assert_eq!(
            span(BERLIN, d, time(9, 10), time(10, 0)),
            Err(TimeError::OffGrid("from"))
        );
        assert_eq!(
            span(BERLIN, d, time(9, 0), time(9, 50)),
            Err(TimeError::OffGrid("to"))
        );
        assert_eq!(
            span(BERLIN, d, time(9, 0), time(9, 0)),
            Err(TimeError::NotAfter)
        );
        let with_seconds = NaiveTime::from_hms_opt(9, 0, 30).unwrap();
        assert!(!on_grid(with_seconds));
    }

    #[test]
    fn series_bounds_are_checked() {
        let today = day(2027, 1, 1);
        assert!(series_days(day(2027, 1, 4), 0, day(2027, 2, 1), today).is_err());
        assert!(series_days(day(2027, 1, 4), 5, day(2027, 2, 1), today).is_err());
        assert!(series_days(day(2027, 1, 4), 1, day(2027, 1, 3), today).is_err());
        assert_eq!(
            series_days(day(2027, 1, 4), 1, day(2028, 6, 1), today),
            Err(TimeError::TooFarAhead)
        );
        // Every two weeks: 4, 18 January, 1 February.
        assert_eq!(
            series_days(day(2027, 1, 4), 2, day(2027, 2, 14), today).unwrap(),
            vec![day(2027, 1, 4), day(2027, 1, 18), day(2027, 2, 1)]
        );
        assert_eq!(
            series_days(day(2027, 1, 4), 1, day(2027, 1, 4), today).unwrap(),
            vec![day(2027, 1, 4)]
        );
    }

    #[test]
    fn buffers_are_between_0_and_60_minutes_in_steps_of_5() {
        assert_eq!(buffer("before_min", 15), Ok(15));
        assert_eq!(buffer("before_min", 0), Ok(0));
        assert!(buffer("before_min", -5).is_err());
        assert!(buffer("after_min", 61).is_err());
        assert!(buffer("after_min", 7).is_err());
    }

    fn grid_span() -> impl Strategy<Value = (DateTime<Utc>, DateTime<Utc>)> {
        // Any day of 2027 (both switches), 06:00–20:00, up to four hours.
        (0u32..365, 24u32..80, 1u32..17).prop_map(|(d, start, len)| {
            let first = day(2027, 1, 1) + Duration::days(i64::from(d));
            let from = NaiveTime::MIN + Duration::minutes(i64::from(start * 15));
            let to = from + Duration::minutes(i64::from(len * 15));
            span(BERLIN, first, from, to).unwrap()
        })
    }

    proptest! {
        #[test]
        fn reservations_clash_exactly_when_their_buffered_times_overlap(
            a in grid_span(),
            b in grid_span(),
            before in 0i32..=12,
            after in 0i32..=12,
        ) {
            let (before, after) = (before * 5, after * 5);
            let widen = |(s, e): (DateTime<Utc>, DateTime<Utc>)| {
                (s - Duration::minutes(i64::from(before)), e + Duration::minutes(i64::from(after)))
            };
            let (a_start, a_end) = widen(a);
            let (b_start, b_end) = widen(b);
            // Widened to whole quarters, as the database's cells are.
            let q = |t: DateTime<Utc>, up: bool| {
                let m = t.timestamp().div_euclid(60);
                if up { (m + 14).div_euclid(15) } else { m.div_euclid(15) }
            };
            let overlap = q(a_start, false) < q(b_end, true) && q(b_start, false) < q(a_end, true);
            prop_assert_eq!(clash(a, b, before, after), overlap);
            prop_assert_eq!(clash(a, b, before, after), clash(b, a, before, after));
        }

        #[test]
        fn every_date_of_a_series_is_on_its_weekday_and_at_its_wall_clock_time(
            start in 0u32..300,
            every in 1u32..=4,
            weeks in 0u32..20,
            hour in 6u32..20,
        ) {
            let first = day(2027, 1, 1) + Duration::days(i64::from(start));
            let until = first + Duration::weeks(i64::from(weeks));
            let days = series_days(first, every, until, first).unwrap();
            prop_assert_eq!(days.len() as u32, weeks / every + 1);
            for d in days {
                prop_assert_eq!(chrono::Datelike::weekday(&d), chrono::Datelike::weekday(&first));
                let (s, e) = span(BERLIN, d, time(hour, 0), time(hour, 45)).unwrap();
                prop_assert_eq!(local(BERLIN, s), (d, time(hour, 0)));
                prop_assert_eq!(local(BERLIN, e), (d, time(hour, 45)));
            }
        }
    }
}
