//! A person's calendar feed: a secret address (`pwc_…`, stored hashed as an `ical` token) that
//! Outlook, Thunderbird or a phone subscribe to. It lists the person's active desk bookings
//! from a month back on, as all-day events, and their active room reservations with their
//! times; revoking the address, or creating a new one, ends the old.
//!
//! A feed leaves the building (calendar services keep copies): a protected room's reservation
//! appears as the room and the time, without its subject or notes.

use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, Utc};
use entities::enums::{ApiTokenKind, DeskBookingStatus, PrivacyClass, ReservationStatus};
use entities::{api_token, desk_booking, room, room_reservation};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::account;
use crate::auth::{Principal, Scope};
use crate::booking::{self, rules};
use crate::error::Error;
use wire::i18n::Lang;

/// How far back the feed reaches, in days.
pub const FEED_DAYS_BACK: i64 = 31;

/// Creates a new feed address for `who`, ending any earlier one; the secret token.
pub async fn create_feed(db: &DatabaseConnection, who: &Principal) -> Result<String, Error> {
    end_feeds(db, who.person_id).await?;
    let created = account::create_token(
        db,
        who,
        ApiTokenKind::Ical,
        Some(who.person_id),
        "Kalender",
        &[Scope::Read],
    )
    .await?;
    Ok(created.token)
}

/// Ends `who`'s feed address; [`Error::NotFound`] if there was none.
pub async fn revoke_feed(db: &DatabaseConnection, who: &Principal) -> Result<(), Error> {
    if end_feeds(db, who.person_id).await? == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

async fn end_feeds(db: &DatabaseConnection, person_id: i32) -> Result<u64, Error> {
    Ok(api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Ical))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether `person_id` has a feed address.
pub async fn has_feed(db: &DatabaseConnection, person_id: i32) -> Result<bool, Error> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Ical))
        .filter(api_token::Column::RevokedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// The feed behind `token` as iCalendar text; `None` for an unknown or revoked token.
pub async fn feed(
    db: &DatabaseConnection,
    token: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Option<String>, Error> {
    let tz = crate::topology::building_tz(db).await?;
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(crate::secret::hash(token)))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Ical))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(person_id) = row.person_id else {
        return Ok(None);
    };
    let from = rules::today(tz, now) - ChronoDuration::days(FEED_DAYS_BACK);
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(person_id))
        .filter(desk_booking::Column::Day.gte(from))
        .filter(
            desk_booking::Column::Status
                .is_in([DeskBookingStatus::Active, DeskBookingStatus::CheckedOut]),
        )
        .order_by_asc(desk_booking::Column::Day)
        .all(db)
        .await?;
    let views = booking::views(db, bookings).await?;
    let t = lang.texts();
    // All-day events: a desk is held for a day or half a day, not for hours, and dates need
    // no time zone.
    let mut entries: Vec<Entry> = views
        .into_iter()
        .map(|view| Entry {
            uid: format!("desk-booking-{}@platzwahl", view.id),
            summary: format!("{} {} ({})", t.desk, view.desk, view.slot.label(lang)),
            location: format!("{}, {} {}", view.zone, t.floor, view.level),
            when: When::Day(view.day),
        })
        .collect();
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::OwnerId.eq(person_id))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gte(now - ChronoDuration::days(FEED_DAYS_BACK)))
        .find_also_related(room::Entity)
        .order_by_asc(room_reservation::Column::StartsAt)
        .all(db)
        .await?;
    for (reservation, room) in reservations {
        let Some(room) = room else { continue };
        let mut summary = format!("{} {}", room.label, room.name);
        if room.privacy_class == PrivacyClass::Standard
            && let Some(subject) = &reservation.subject
        {
            summary = format!("{summary}: {subject}");
        }
        entries.push(Entry {
            uid: format!("room-reservation-{}@platzwahl", reservation.id),
            summary,
            location: format!("{} {}", t.rooms_room, room.label),
            when: When::Between(reservation.starts_at, reservation.ends_at),
        });
    }
    Ok(Some(render(&entries)))
}

/// One event of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    uid: String,
    summary: String,
    location: String,
    when: When,
}

/// When an event of a feed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// The whole day.
    Day(NaiveDate),
    /// From the first until (not including) the second.
    Between(DateTime<Utc>, DateTime<Utc>),
}

/// The feed's iCalendar text. Texts are made [`plain`] first, so that nothing a person or an
/// administrator typed can end a line of the feed and start a property of its own.
fn render(entries: &[Entry]) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Platzwahl");
    for entry in entries {
        let mut event = Event::new();
        event
            .uid(&entry.uid)
            .summary(&plain(&entry.summary))
            .location(&plain(&entry.location));
        match entry.when {
            // The end of an all-day event is the next day (exclusive, RFC 5545).
            When::Day(day) => event.starts(day).ends(day.succ_opt().unwrap_or(day)),
            When::Between(from, until) => event.starts(from).ends(until),
        };
        calendar.push(event.done());
    }
    folded(&calendar.done().to_string())
}

/// `text` with its content lines folded at 75 octets (RFC 5545, 3.1): the writer lets the last
/// piece of a folded line run to 76.
pub(crate) fn folded(text: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in text.replace("\r\n ", "").split_terminator("\r\n") {
        let mut room = LIMIT;
        for c in line.chars() {
            if c.len_utf8() > room {
                out.push_str("\r\n ");
                room = LIMIT - 1;
            }
            out.push(c);
            room -= c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

/// `text` as an iCalendar TEXT may hold it (RFC 5545, 3.3.11): line breaks as `\n` (which the
/// writer escapes), no other control character. The writer escapes `\n` but not a carriage
/// return, which calendar programs take for the end of the line.
pub(crate) fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' | '\t' => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The feed's text under arbitrary texts and times: well-formed iCalendar whatever a booking
/// says, every text back as it was written (made plain), nothing typed turned into a property.
#[cfg(test)]
mod fuzz {
    use chrono::{NaiveDate, TimeZone};
    use proptest::prelude::*;

    use super::*;

    /// `PROPTEST_CASES`, else `default`.
    fn config(default: u32) -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or(default),
            ..ProptestConfig::default()
        }
    }

    /// Text as people type it, and as attackers do.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            ".{0,40}",
            "(?s).{0,200}",
            prop::sample::select(vec![
                "Besprechung\r\nATTENDEE:mailto:x@example.org",
                "a\rEND:VEVENT\rBEGIN:VEVENT",
                "x\nDTSTART:19700101T000000Z",
                "\\n;,:\\",
                "\u{0}\u{1b}[31m\u{7f}",
                "\u{1F600} \u{1F600}\t\u{1F600}",
                "",
            ])
            .prop_map(str::to_owned),
            (1_usize..100).prop_map(|n| "ä€".repeat(n)),
        ]
    }

    fn when() -> impl Strategy<Value = When> {
        prop_oneof![
            any::<i32>().prop_map(|days| When::Day(
                NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MAX)
            )),
            Just(When::Day(NaiveDate::MAX)),
            Just(When::Day(NaiveDate::MIN)),
            (any::<i64>(), any::<i64>()).prop_map(|(from, until)| {
                let at = |secs: i64| {
                    Utc.timestamp_opt(secs % 253_402_300_799, 0)
                        .single()
                        .unwrap_or_default()
                };
                When::Between(at(from), at(until))
            }),
        ]
    }

    fn entry() -> impl Strategy<Value = Entry> {
        (any::<i64>(), text(), text(), when()).prop_map(|(id, summary, location, when)| Entry {
            uid: format!("room-reservation-{id}@platzwahl"),
            summary,
            location,
            when,
        })
    }

    /// Reverses the writer's escapes (`\\`, `\,`, `\;`, `\n`).
    fn unescaped(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        out
    }

    const PROPERTIES: [&str; 13] = [
        "BEGIN",
        "END",
        "VERSION",
        "PRODID",
        "CALSCALE",
        "NAME",
        "X-WR-CALNAME",
        "UID",
        "SUMMARY",
        "LOCATION",
        "DTSTART",
        "DTEND",
        "DTSTAMP",
    ];

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn the_feed_is_well_formed_icalendar_whatever_the_bookings_say(
            entries in prop::collection::vec(entry(), 0..6),
        ) {
            let feed = render(&entries);
            prop_assert!(feed.ends_with("\r\n"));
            for line in feed.split_terminator("\r\n") {
                prop_assert!(!line.contains(['\r', '\n']), "a bare line break in {:?}", line);
                prop_assert!(line.len() <= 75, "an unfolded line of {} octets", line.len());
                prop_assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{:?}", line);
            }
            let unfolded = feed.replace("\r\n ", "");
            let lines: Vec<&str> = unfolded.split_terminator("\r\n").collect();
            for line in &lines {
                let name = line.split([':', ';']).next().unwrap_or_default();
                prop_assert!(PROPERTIES.contains(&name), "{:?} is no property of the feed", line);
            }
            let values = |property: &str| -> Vec<String> {
                lines
                    .iter()
                    .filter_map(|line| line.strip_prefix(property))
                    .map(unescaped)
                    .collect()
            };
            let events = lines.iter().filter(|line| **line == "BEGIN:VEVENT").count();
            prop_assert_eq!(events, entries.len());
            let summaries: Vec<String> = entries.iter().map(|e| plain(&e.summary)).collect();
            prop_assert_eq!(values("SUMMARY:"), summaries);
            let locations: Vec<String> = entries.iter().map(|e| plain(&e.location)).collect();
            prop_assert_eq!(values("LOCATION:"), locations);
        }

        #[test]
        fn plain_text_keeps_everything_but_control_characters(text in text()) {
            let made_plain = plain(&text);
            prop_assert!(!made_plain.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            let lines = text.replace("\r\n", "\n");
            prop_assert_eq!(made_plain.chars().count(), lines.chars().count());
            for (made, was) in made_plain.chars().zip(lines.chars()) {
                prop_assert!(made == was || was.is_control(), "{:?} became {:?}", was, made);
            }
        }
    }

    /// Found by `the_feed_is_well_formed_icalendar_whatever_the_bookings_say`: the writer
    /// folded the last piece of a long line one octet too late.
    #[test]
    fn long_lines_are_folded_at_75_octets() {
        let feed = render(&[Entry {
            uid: "room-reservation-0@platzwahl".to_owned(),
            summary: String::new(),
            location: "ä€".repeat(28),
            when: When::Day(NaiveDate::MIN),
        }]);
        assert!(feed.split("\r\n").all(|line| line.len() <= 75), "{feed}");
        assert!(
            feed.replace("\r\n ", "")
                .contains(&format!("LOCATION:{}", "ä€".repeat(28)))
        );
    }

    #[test]
    fn a_carriage_return_in_a_subject_does_not_start_a_property() {
        let feed = render(&[Entry {
            uid: "room-reservation-1@platzwahl".to_owned(),
            summary: "0.B1 Beratung: Termin\rATTENDEE:mailto:x@example.org".to_owned(),
            location: "Raum 0.B1".to_owned(),
            when: When::Day(NaiveDate::MAX),
        }]);
        assert!(!feed.contains("\rATTENDEE"), "{feed}");
        assert!(feed.contains("Termin\\nATTENDEE"), "{feed}");
    }
}
