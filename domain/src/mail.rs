//! E-mail notifications: what a person must know about what Platzwahl did without them — a
//! booking moved off a blocked desk, released for want of a check-in, placed or not placed by
//! the day allocation, a desk booking or room reservation cancelled or moved by facility
//! management, a room reservation released for want of a check-in — the calendar entries of the
//! room reservations a person makes, changes and cancels, and invitation links.
//!
//! # Calendar parts
//! Every mail about a desk booking or room reservation carries an iTIP part ([`Invite`]):
//! `REQUEST` when the event is new or changed, `CANCEL` when it is off, with one UID per event
//! ([`desk_uid`], [`room_uid`]) so a calendar updates the entry it has. A reservation's mails
//! after the first ([`room_sequence`]) carry a higher `SEQUENCE`. A reservation of a protected
//! room is named neutrally in its calendar entry; no mail ever carries a reservation's subject
//! or notes (the mail leaves the building).
//!
//! # How a mail travels
//! 1. The service that does the thing calls [`enqueue`] inside its own transaction: the mail is
//!    queued (`mail_outbox`) exactly when the event is committed, and its idempotency key
//!    (unique in the database) keeps the same event from ever queueing a second one. The row
//!    keeps what the mail is rendered from ([`Params`]: labels, days, times; never an internal
//!    id) and the person's language. Nothing is queued while mail is switched off
//!    ([`set_enabled`]: the server switches it on when `[mail]` names an SMTP server), for a
//!    person without an e-mail address, or for a kind the person switched off ([`set_choice`];
//!    invitations, security mails, cannot be switched off).
//! 2. The server's mail task [`claim`]s due rows: a compare-and-swap `UPDATE … WHERE state =
//!    'queued'` (or a lapsed claim) that only one instance wins, then renders ([`render`]) and
//!    sends them, and marks each [`sent`] (once: only the claim's holder can) or [`failed`]
//!    (queued again after a back-off, [`backoff`], or given up after the last attempt). A sent
//!    mail's parameters are emptied: an invitation's link does not stay in the database.
//!
//! A mail is sent at least once and, but for a crash between the SMTP server's acceptance and
//! the mark, exactly once: a claim lapses after its lease, and only then another instance sends
//! the mail again.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use entities::enums::Locale;
use entities::mail_opt_out;
use entities::mail_outbox::{self, MailState};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wire::i18n::Lang;
use wire::model::Slot;

pub use entities::mail_outbox::MailKind;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Switches queueing on or off for this process (the server: on when `[mail]` names an SMTP
/// server). Off, [`enqueue`] queues nothing.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether mails are queued.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The kinds a person may switch off, in the order `/account` lists them.
pub const OPTIONAL: [MailKind; 11] = [
    MailKind::BookingReleased,
    MailKind::BookingMoved,
    MailKind::BookingBlocked,
    MailKind::BookingCancelled,
    MailKind::RequestPlaced,
    MailKind::RequestUnplaced,
    MailKind::ReservationBooked,
    MailKind::ReservationWithdrawn,
    MailKind::ReservationMoved,
    MailKind::ReservationReleased,
    MailKind::ReservationCancelled,
];

/// Whether a person may switch `kind` off (not a security mail).
pub fn optional(kind: MailKind) -> bool {
    OPTIONAL.contains(&kind)
}

/// The stable code of a kind (as stored, and in forms).
pub fn code(kind: MailKind) -> String {
    kind.to_value()
}

/// A kind from its code.
pub fn from_code(code: &str) -> Option<MailKind> {
    MailKind::try_from_value(&code.to_owned()).ok()
}

/// What an iTIP invitation in a mail does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// `METHOD:REQUEST`: the event is new or changed.
    Request,
    /// `METHOD:CANCEL`: the event is off.
    Cancel,
}

/// The calendar part of a mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// REQUEST or CANCEL.
    pub method: Method,
    /// The event's UID: one per desk booking (person, day, slot) or room reservation, a hash
    /// that names no internal id; a CANCEL carries the UID of its REQUEST.
    pub uid: String,
    /// Grows with every change of the event (seconds since 2020).
    pub sequence: u32,
}

/// What a mail is rendered from: labels, days and times as a person reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    /// The day of a desk booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
    /// Its slot's code (`morning`, `afternoon`, `full_day`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// The desk's label (after a move: the new desk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    /// Before a move: the old desk's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_desk: Option<String>,
    /// Where the desk is (its zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// A room's label and name (after a move: the new room).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    /// Before a move: the old room's label and name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_room: Option<String>,
    /// Whether the room is a protected (consultation) room: its calendar entry is named
    /// neutrally.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub protected: bool,
    /// A reservation's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    /// A reservation's end (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// The building's time zone, for the times in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz: Option<String>,
    /// An invitation's secret (for the link); emptied once the mail is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// When the invitation ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The iTIP part, if the mail carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<Invite>,
}

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct Mail {
    /// To whom.
    pub person_id: i32,
    /// What it tells.
    pub kind: MailKind,
    /// One event, one mail: e.g. `booking_released:<booking>`.
    pub key: String,
    /// What it is rendered from.
    pub params: Params,
}

/// Queues `mail` in the caller's transaction; whether a row was written (not when mail is off,
/// the person has no address, is anonymised or inactive, switched the kind off, or the event
/// was queued before).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    mail: Mail,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    crate::push::enqueue(db, &mail, now).await?;
    if !enabled() {
        return Ok(false);
    }
    let Some(person) = entities::person::Entity::find_by_id(mail.person_id)
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if person.email.is_none() || person.anonymised || !person.active {
        return Ok(false);
    }
    if optional(mail.kind)
        && mail_opt_out::Entity::find_by_id((mail.person_id, mail.kind))
            .one(db)
            .await?
            .is_some()
    {
        return Ok(false);
    }
    let params = serde_json::to_value(&mail.params)
        .map_err(|err| DbErr::Custom(format!("mail parameters: {err}")))?;
    let written = mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        person_id: Set(mail.person_id),
        kind: Set(mail.kind),
        language: Set(person.locale),
        params: Set(params),
        idempotency_key: Set(mail.key),
        state: Set(MailState::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(mail_outbox::Column::IdempotencyKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(written > 0)
}

/// The UID of the calendar event of `person_id`'s desk booking on `day` in `slot`: the same
/// for every mail about it (placed, moved, released), and no internal id in sight.
pub fn desk_uid(person_id: i32, day: NaiveDate, slot: Slot) -> String {
    uid(&format!("desk:{person_id}:{day}:{}", slot.code()))
}

/// The UID of the calendar event of a room reservation.
pub fn room_uid(reservation_id: i64) -> String {
    uid(&format!("room:{reservation_id}"))
}

fn uid(seed: &str) -> String {
    let digest = Sha256::digest(format!("platzwahl-event:{seed}").as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}@platzwahl")
}

/// The `SEQUENCE` of an event changed at `now`: seconds since 2020, so it grows with time.
pub fn sequence(now: DateTime<Utc>) -> u32 {
    u32::try_from((now.timestamp() - 1_577_836_800).max(0)).unwrap_or(u32::MAX)
}

/// The `SEQUENCE` of a change at `now` of a room reservation created at `created_at`: above
/// the `SEQUENCE` of the mail that told of its creation, even within the same second.
pub fn room_sequence(created_at: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
    sequence(now).max(sequence(created_at).saturating_add(1))
}

/// The parameters of a mail about the reservation `reservation_id` of room `room` from
/// `starts_at` to `ends_at` (the building's time zone `tz`), with its calendar part (`method`,
/// `sequence`). Never the reservation's subject or notes.
pub fn room_params(
    room: &entities::room::Model,
    reservation_id: i64,
    (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
    tz: chrono_tz::Tz,
    method: Method,
    sequence: u32,
) -> Params {
    Params {
        room: Some(format!("{} {}", room.label, room.name)),
        protected: room.privacy_class == entities::enums::PrivacyClass::Protected,
        starts_at: Some(starts_at),
        ends_at: Some(ends_at),
        tz: Some(tz.name().to_owned()),
        invite: Some(Invite {
            method,
            uid: room_uid(reservation_id),
            sequence,
        }),
        ..Params::default()
    }
}

/// The parameters of a mail about a desk booking: its day, slot, desk and zone, and the
/// calendar part (`method`, UID per person, day and slot).
pub async fn desk_params(
    db: &impl ConnectionTrait,
    person_id: i32,
    desk_id: i32,
    day: NaiveDate,
    slot: Slot,
    method: Option<Method>,
    now: DateTime<Utc>,
) -> Result<Params, DbErr> {
    let desk = entities::desk::Entity::find_by_id(desk_id).one(db).await?;
    let place = match &desk {
        Some(desk) => entities::zone::Entity::find_by_id(desk.zone_id)
            .one(db)
            .await?
            .map(|zone| zone.name),
        None => None,
    };
    Ok(Params {
        day: Some(day),
        slot: Some(slot.code().to_owned()),
        desk: desk.map(|d| d.label),
        place,
        invite: method.map(|method| Invite {
            method,
            uid: desk_uid(person_id, day, slot),
            sequence: sequence(now),
        }),
        ..Params::default()
    })
}

/// A mail claimed for sending.
#[derive(Debug, Clone)]
pub struct Due {
    /// The row.
    pub id: i64,
    /// The attempt this is (1 for the first).
    pub attempts: i32,
    /// The person's address now (`None`: they have none any more).
    pub to: Option<String>,
    /// What it tells.
    pub kind: MailKind,
    /// In which language.
    pub lang: Lang,
    /// What it is rendered from (`None`: unreadable).
    pub params: Option<Params>,
}

/// Claims up to `limit` due mails for this instance until `now + lease`: queued ones whose
/// time has come, and claims of others that lapsed. Each is won by a compare-and-swap update,
/// so two instances never claim the same row.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Due>, DbErr> {
    let candidates = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::State.is_in([MailState::Queued, MailState::Sending]))
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(mail_outbox::Column::NextAttemptAt)
        .order_by_asc(mail_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let won = mail_outbox::Entity::update_many()
            .col_expr(
                mail_outbox::Column::State,
                Expr::value(MailState::Sending.to_value()),
            )
            .col_expr(mail_outbox::Column::Attempts, Expr::value(row.attempts + 1))
            .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now + lease))
            .filter(mail_outbox::Column::Id.eq(row.id))
            .filter(mail_outbox::Column::State.eq(row.state))
            .filter(mail_outbox::Column::Attempts.eq(row.attempts))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !won {
            continue;
        }
        let person = entities::person::Entity::find_by_id(row.person_id)
            .one(db)
            .await?;
        claimed.push(Due {
            id: row.id,
            attempts: row.attempts + 1,
            to: person.filter(|p| !p.anonymised).and_then(|p| p.email),
            kind: row.kind,
            lang: match row.language {
                Locale::De => Lang::De,
                Locale::En => Lang::En,
            },
            params: serde_json::from_value(row.params).ok(),
        });
    }
    Ok(claimed)
}

/// Marks the claimed mail sent, once: only the holder of the claim (`attempts`) can, and its
/// parameters are emptied. Whether it was still this claim's.
pub async fn sent(db: &impl ConnectionTrait, due: &Due, now: DateTime<Utc>) -> Result<bool, DbErr> {
    Ok(mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::State,
            Expr::value(MailState::Sent.to_value()),
        )
        .col_expr(mail_outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            mail_outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            mail_outbox::Column::Params,
            Expr::value(serde_json::json!({})),
        )
        .filter(mail_outbox::Column::Id.eq(due.id))
        .filter(mail_outbox::Column::State.eq(MailState::Sending))
        .filter(mail_outbox::Column::Attempts.eq(due.attempts))
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Records a failed attempt of the claimed mail: queued again at `retry_at`, or given up
/// (`None`). `error` names the cause without personal data.
pub async fn failed(
    db: &impl ConnectionTrait,
    due: &Due,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let error: String = error.chars().take(500).collect();
    let mut update = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::LastError, Expr::value(error))
        .filter(mail_outbox::Column::Id.eq(due.id))
        .filter(mail_outbox::Column::State.eq(MailState::Sending))
        .filter(mail_outbox::Column::Attempts.eq(due.attempts));
    update = match retry_at {
        Some(at) => update
            .col_expr(
                mail_outbox::Column::State,
                Expr::value(MailState::Queued.to_value()),
            )
            .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(at)),
        None => update
            .col_expr(
                mail_outbox::Column::State,
                Expr::value(MailState::Failed.to_value()),
            )
            .col_expr(
                mail_outbox::Column::Params,
                Expr::value(serde_json::json!({})),
            ),
    };
    update.exec(db).await?;
    Ok(())
}

/// How long to wait after the `attempts`-th failed attempt: `first`, doubled each time, at most
/// `max`.
pub fn backoff(
    attempts: i32,
    first: std::time::Duration,
    max: std::time::Duration,
) -> std::time::Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    first
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(max)
}

/// The kinds `person_id` may switch off, each with whether it is on.
pub async fn choices(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<(MailKind, bool)>, DbErr> {
    let off: Vec<MailKind> = mail_opt_out::Entity::find()
        .filter(mail_opt_out::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.kind)
        .collect();
    Ok(OPTIONAL
        .iter()
        .map(|kind| (*kind, !off.contains(kind)))
        .collect())
}

/// Switches `kind` on or off for `person_id`; [`crate::error::Error::InvalidInput`] for a
/// security mail, which cannot be switched off.
pub async fn set_choice(
    db: &impl ConnectionTrait,
    person_id: i32,
    kind: MailKind,
    on: bool,
) -> Result<(), crate::error::Error> {
    if !optional(kind) {
        return Err(crate::error::Error::InvalidInput(
            "security mails cannot be switched off".into(),
        ));
    }
    if on {
        mail_opt_out::Entity::delete_many()
            .filter(mail_opt_out::Column::PersonId.eq(person_id))
            .filter(mail_opt_out::Column::Kind.eq(kind))
            .exec(db)
            .await?;
    } else {
        mail_opt_out::Entity::insert(mail_opt_out::ActiveModel {
            person_id: Set(person_id),
            kind: Set(kind),
        })
        .on_conflict(
            OnConflict::columns([mail_opt_out::Column::PersonId, mail_opt_out::Column::Kind])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Where a mail goes and comes from, for its links and its calendar part.
#[derive(Debug, Clone, Copy)]
pub struct Envelope<'a> {
    /// Where people reach Platzwahl (no trailing slash).
    pub public_url: &'a str,
    /// The sender's address (the calendar part's organiser).
    pub from: &'a str,
    /// The person's address (the calendar part's attendee).
    pub to: &'a str,
}

/// A mail ready to send: plain text, and an iCalendar part if it carries one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// The `text/calendar` part and its `method` parameter.
    pub calendar: Option<(String, &'static str)>,
}

const WEEKDAYS_DE: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

fn date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::De => format!(
            "{}, {}",
            WEEKDAYS_DE[day.weekday().num_days_from_monday() as usize],
            day.format("%d.%m.%Y")
        ),
        Lang::En => day.format("%A, %-d %B %Y").to_string(),
    }
}

fn tz_of(params: &Params) -> chrono_tz::Tz {
    params
        .tz
        .as_deref()
        .and_then(|tz| tz.parse().ok())
        .unwrap_or(chrono_tz::Europe::Berlin)
}

fn local(params: &Params, at: DateTime<Utc>) -> chrono::DateTime<chrono_tz::Tz> {
    tz_of(params).from_utc_datetime(&at.naive_utc())
}

/// The mail of `kind` in `lang` from `params`.
pub fn render(kind: MailKind, lang: Lang, params: &Params, envelope: Envelope<'_>) -> Rendered {
    let de = lang == Lang::De;
    let url = envelope.public_url.trim_end_matches('/');
    let day = params.day.map(|d| date(lang, d)).unwrap_or_default();
    let slot = params
        .slot
        .as_deref()
        .and_then(Slot::from_code)
        .map(|s| s.label(lang))
        .unwrap_or_default();
    let desk = params.desk.clone().unwrap_or_default();
    let place = params
        .place
        .as_deref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let room = params.room.clone().unwrap_or_default();
    let times = match (params.starts_at, params.ends_at) {
        (Some(from), Some(until)) => {
            let (from, until) = (local(params, from), local(params, until));
            let on = date(lang, from.date_naive());
            if de {
                format!(
                    "{on}, {}–{} Uhr",
                    from.format("%H:%M"),
                    until.format("%H:%M")
                )
            } else {
                format!("{on}, {}–{}", from.format("%H:%M"), until.format("%H:%M"))
            }
        }
        _ => String::new(),
    };
    let (subject, text) = match (kind, de) {
        (MailKind::BookingReleased, true) => (
            format!("Ihre Buchung wurde freigegeben: Platz {desk}, {day}"),
            format!(
                "Ihre Buchung von Platz {desk}{place} am {day} ({slot}) wurde freigegeben, weil \
                 bis zum Ende der Frist niemand eingecheckt hat. Der Platz ist jetzt für andere \
                 frei.\n\nEinen neuen Platz buchen Sie unter {url}/"
            ),
        ),
        (MailKind::BookingReleased, false) => (
            format!("Your booking was released: desk {desk}, {day}"),
            format!(
                "Your booking of desk {desk}{place} on {day} ({slot}) was released because \
                 nobody checked in before the grace period ended. The desk is free for others \
                 now.\n\nBook a new desk at {url}/"
            ),
        ),
        (MailKind::BookingMoved, true) => (
            format!("Ihre Buchung wurde verlegt: Platz {desk}, {day}"),
            format!(
                "Platz {} ist am {day} gesperrt. Ihre Buchung ({slot}) wurde auf Platz \
                 {desk}{place} verlegt.\n\nIhre Buchungen: {url}/bookings",
                params.from_desk.clone().unwrap_or_default()
            ),
        ),
        (MailKind::BookingMoved, false) => (
            format!("Your booking was moved: desk {desk}, {day}"),
            format!(
                "Desk {} is blocked on {day}. Your booking ({slot}) was moved to desk \
                 {desk}{place}.\n\nYour bookings: {url}/bookings",
                params.from_desk.clone().unwrap_or_default()
            ),
        ),
        (MailKind::BookingBlocked, true) => (
            format!("Ihr Platz ist gesperrt – kein anderer Platz war frei: Platz {desk}, {day}"),
            format!(
                "Platz {desk}{place} ist am {day} gesperrt. Für Ihre Buchung ({slot}) war kein \
                 anderer Platz frei: Sie bleibt bestehen, aber der Platz ist an diesem Tag nicht \
                 nutzbar. Bitte buchen Sie einen anderen Platz, sobald einer frei wird, oder \
                 stornieren Sie die Buchung.\n\nIhre Buchungen: {url}/bookings"
            ),
        ),
        (MailKind::BookingBlocked, false) => (
            format!("Your desk is blocked – no other desk was free: desk {desk}, {day}"),
            format!(
                "Desk {desk}{place} is blocked on {day}. No other desk was free for your \
                 booking ({slot}): it stays, but the desk cannot be used that day. Please book \
                 another desk once one is free, or cancel the booking.\n\nYour bookings: \
                 {url}/bookings"
            ),
        ),
        (MailKind::RequestPlaced, true) => (
            format!("Ihr Platz am {day}: {desk}"),
            format!(
                "Die Tagesverteilung hat Ihnen am {day} ({slot}) Platz {desk}{place} \
                 zugeteilt.\n\nIhre Buchungen: {url}/bookings"
            ),
        ),
        (MailKind::RequestPlaced, false) => (
            format!("Your desk on {day}: {desk}"),
            format!(
                "The day allocation gave you desk {desk}{place} on {day} ({slot}).\n\nYour \
                 bookings: {url}/bookings"
            ),
        ),
        (MailKind::RequestUnplaced, true) => (
            format!("Kein Platz am {day}"),
            format!(
                "Für Ihre Anfrage am {day} ({slot}) war in der Tagesverteilung kein passender \
                 Platz frei. Freie Plätze finden Sie unter {url}/"
            ),
        ),
        (MailKind::RequestUnplaced, false) => (
            format!("No desk on {day}"),
            format!(
                "The day allocation found no suitable desk for your request on {day} ({slot}). \
                 Free desks are at {url}/"
            ),
        ),
        (MailKind::ReservationCancelled, true) => (
            format!("Ihre Reservierung wurde abgesagt: {room}"),
            format!(
                "Das Gebäudemanagement hat Ihre Reservierung von Raum {room} am {times} \
                 abgesagt.\n\nRäume finden Sie unter {url}/rooms"
            ),
        ),
        (MailKind::ReservationCancelled, false) => (
            format!("Your reservation was cancelled: {room}"),
            format!(
                "Facility management cancelled your reservation of room {room} on {times}.\n\n\
                 Find a room at {url}/rooms"
            ),
        ),
        (MailKind::BookingCancelled, true) => (
            format!("Ihre Buchung wurde abgesagt: Platz {desk}, {day}"),
            format!(
                "Das Gebäudemanagement hat Platz {desk}{place} entfernt und Ihre Buchung am \
                 {day} ({slot}) abgesagt.\n\nEinen anderen Platz buchen Sie unter {url}/"
            ),
        ),
        (MailKind::BookingCancelled, false) => (
            format!("Your booking was cancelled: desk {desk}, {day}"),
            format!(
                "Facility management removed desk {desk}{place} and cancelled your booking on \
                 {day} ({slot}).\n\nBook another desk at {url}/"
            ),
        ),
        (MailKind::ReservationBooked, true) => (
            format!("Raum reserviert: {room}"),
            format!(
                "Sie haben Raum {room} am {times} reserviert. Der Termin im Anhang trägt die \
                 Reservierung in Ihren Kalender ein.\n\nIhre Reservierungen: {url}/rooms"
            ),
        ),
        (MailKind::ReservationBooked, false) => (
            format!("Room reserved: {room}"),
            format!(
                "You reserved room {room} on {times}. The attached invitation puts the \
                 reservation in your calendar.\n\nYour reservations: {url}/rooms"
            ),
        ),
        (MailKind::ReservationWithdrawn, true) => (
            format!("Reservierung storniert: {room}"),
            format!(
                "Sie haben Ihre Reservierung von Raum {room} am {times} storniert. Die Absage \
                 im Anhang nimmt den Termin aus Ihrem Kalender.\n\nRäume finden Sie unter \
                 {url}/rooms"
            ),
        ),
        (MailKind::ReservationWithdrawn, false) => (
            format!("Reservation withdrawn: {room}"),
            format!(
                "You cancelled your reservation of room {room} on {times}. The attached \
                 cancellation takes it out of your calendar.\n\nFind a room at {url}/rooms"
            ),
        ),
        (MailKind::ReservationMoved, true) => (
            format!("Ihre Reservierung wurde verlegt: {room}"),
            format!(
                "Raum {} wird entfernt. Das Gebäudemanagement hat Ihre Reservierung am {times} \
                 in Raum {room} verlegt.\n\nIhre Reservierungen: {url}/rooms",
                params.from_room.clone().unwrap_or_default()
            ),
        ),
        (MailKind::ReservationMoved, false) => (
            format!("Your reservation was moved: {room}"),
            format!(
                "Room {} is being removed. Facility management moved your reservation on \
                 {times} to room {room}.\n\nYour reservations: {url}/rooms",
                params.from_room.clone().unwrap_or_default()
            ),
        ),
        (MailKind::ReservationReleased, true) => (
            format!("Ihre Reservierung wurde freigegeben: {room}"),
            format!(
                "Ihre Reservierung von Raum {room} am {times} wurde freigegeben, weil niemand \
                 eingecheckt hat und der Raum leer war. Der Raum ist jetzt für andere frei.\n\n\
                 Räume finden Sie unter {url}/rooms"
            ),
        ),
        (MailKind::ReservationReleased, false) => (
            format!("Your reservation was released: {room}"),
            format!(
                "Your reservation of room {room} on {times} was released because nobody checked \
                 in and the room was empty. The room is free for others now.\n\nFind a room at \
                 {url}/rooms"
            ),
        ),
        (MailKind::Invitation, _) => {
            let link = format!("{url}/invite/{}", params.token.clone().unwrap_or_default());
            let until = params
                .expires_at
                .map(|at| {
                    let at = local(params, at);
                    if de {
                        format!(
                            "{}, {} Uhr",
                            date(lang, at.date_naive()),
                            at.format("%H:%M")
                        )
                    } else {
                        format!("{}, {}", date(lang, at.date_naive()), at.format("%H:%M"))
                    }
                })
                .unwrap_or_default();
            if de {
                (
                    "Ihre Einladung zu Platzwahl".to_owned(),
                    format!(
                        "mit diesem Link richten Sie Ihren Passkey ein und melden sich bei \
                         Platzwahl an. Er gilt einmal und bis {until}:\n\n{link}\n\nWenn Sie \
                         keine Einladung erwartet haben, ignorieren Sie diese E-Mail."
                    ),
                )
            } else {
                (
                    "Your invitation to Platzwahl".to_owned(),
                    format!(
                        "with this link you set up your passkey and sign in to Platzwahl. It \
                         works once and until {until}:\n\n{link}\n\nIf you did not expect an \
                         invitation, ignore this e-mail."
                    ),
                )
            }
        }
    };
    let greeting = if de { "Guten Tag," } else { "Hello," };
    let footer = match (optional(kind), de) {
        (true, true) => format!(
            "\n\n-- \nPlatzwahl\nDiese Benachrichtigung schalten Sie unter {url}/account ab."
        ),
        (true, false) => {
            format!("\n\n-- \nPlatzwahl\nSwitch this notification off at {url}/account.")
        }
        (false, true) => "\n\n-- \nPlatzwahl".to_owned(),
        (false, false) => "\n\n-- \nPlatzwahl".to_owned(),
    };
    let text = if kind == MailKind::Invitation {
        format!("{greeting}\n\n{}{}", capitalised(&text), footer)
    } else {
        format!("{greeting}\n\n{text}{footer}")
    };
    let calendar = params
        .invite
        .as_ref()
        .map(|invite| calendar(lang, params, invite, envelope));
    Rendered {
        subject: crate::calendar::plain(&subject),
        body: text,
        calendar,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The iTIP part: one event, `METHOD:REQUEST` or `METHOD:CANCEL`, organised by the sender with
/// the person as attendee.
fn calendar(
    lang: Lang,
    params: &Params,
    invite: &Invite,
    envelope: Envelope<'_>,
) -> (String, &'static str) {
    let method = match invite.method {
        Method::Request => "REQUEST",
        Method::Cancel => "CANCEL",
    };
    let mut event = Event::new();
    event.uid(&invite.uid);
    event.add_property("SEQUENCE", invite.sequence.to_string());
    let summary = match (&params.desk, &params.room) {
        (Some(desk), _) => {
            let slot = params
                .slot
                .as_deref()
                .and_then(Slot::from_code)
                .map(|s| s.label(lang))
                .unwrap_or_default();
            let word = if lang == Lang::De { "Platz" } else { "Desk" };
            format!("{word} {desk} ({slot})")
        }
        // A protected room's entry says no more than that a room is reserved.
        (None, Some(_)) if params.protected => match lang {
            Lang::De => "Raumreservierung".to_owned(),
            Lang::En => "Room reservation".to_owned(),
        },
        (None, Some(room)) => room.clone(),
        (None, None) => "Platzwahl".to_owned(),
    };
    event.summary(&crate::calendar::plain(&summary));
    if let Some(place) = params.place.as_deref().or(params.room.as_deref()) {
        event.location(&crate::calendar::plain(place));
    }
    match (params.day, params.starts_at, params.ends_at) {
        (Some(day), _, _) => {
            event.starts(day).ends(day.succ_opt().unwrap_or(day));
        }
        (None, Some(from), Some(until)) => {
            event.starts(from).ends(until);
        }
        _ => {}
    }
    event.append_property(Property::new(
        "ORGANIZER",
        format!("mailto:{}", crate::calendar::plain(envelope.from)),
    ));
    event.append_property(
        Property::new(
            "ATTENDEE",
            format!("mailto:{}", crate::calendar::plain(envelope.to)),
        )
        .add_parameter("ROLE", "REQ-PARTICIPANT")
        .add_parameter("PARTSTAT", "ACCEPTED")
        .add_parameter("RSVP", "FALSE")
        .done(),
    );
    event.add_property(
        "STATUS",
        match invite.method {
            Method::Request => "CONFIRMED",
            Method::Cancel => "CANCELLED",
        },
    );
    let mut calendar = Calendar::new();
    calendar.append_property(Property::new("METHOD", method));
    calendar.push(event.done());
    (
        crate::calendar::folded(&calendar.done().to_string()),
        method,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope() -> Envelope<'static> {
        Envelope {
            public_url: "https://platzwahl.example.org",
            from: "platzwahl@example.org",
            to: "anna@example.org",
        }
    }

    #[test]
    fn a_released_booking_is_told_in_german_with_the_desk_and_day() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default();
        let params = Params {
            day: Some(day),
            slot: Some("morning".into()),
            desk: Some("2.14".into()),
            invite: Some(Invite {
                method: Method::Cancel,
                uid: desk_uid(7, day, Slot::Morning),
                sequence: 1,
            }),
            ..Params::default()
        };
        let mail = render(MailKind::BookingReleased, Lang::De, &params, envelope());
        assert!(mail.subject.contains("freigegeben"), "{}", mail.subject);
        assert!(mail.body.contains("Platz 2.14"), "{}", mail.body);
        assert!(mail.body.contains("Dienstag, 08.12.2026"), "{}", mail.body);
        let (ics, method) = mail.calendar.unwrap_or_default();
        assert_eq!(method, "CANCEL");
        assert!(ics.contains("METHOD:CANCEL"), "{ics}");
        assert!(ics.contains(&desk_uid(7, day, Slot::Morning)), "{ics}");
    }

    #[test]
    fn the_uid_of_a_booking_names_no_internal_id_and_stays_the_same() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default();
        let uid = desk_uid(4711, day, Slot::FullDay);
        assert_eq!(uid, desk_uid(4711, day, Slot::FullDay));
        assert_ne!(uid, desk_uid(4711, day, Slot::Morning));
        assert!(!uid.contains("4711"));
    }

    #[test]
    fn back_off_doubles_up_to_its_limit() {
        let second = std::time::Duration::from_secs(1);
        let max = std::time::Duration::from_secs(60);
        assert_eq!(backoff(1, second, max), second);
        assert_eq!(backoff(3, second, max), second * 4);
        assert_eq!(backoff(30, second, max), max);
    }

    fn a_room(protected: bool) -> entities::room::Model {
        entities::room::Model {
            id: 3,
            floor_id: 1,
            zone_id: None,
            label: "B.104".into(),
            name: "Beratung 4".into(),
            capacity: 4,
            privacy_class: if protected {
                entities::enums::PrivacyClass::Protected
            } else {
                entities::enums::PrivacyClass::Standard
            },
            step_free: true,
            hearing_loop: false,
            equipment: String::new(),
            buffer_before_min: 0,
            buffer_after_min: 0,
            max_slot_minutes: None,
            x: 0,
            y: 0,
            width: 10,
            height: 10,
            book_now: false,
        }
    }

    #[test]
    fn a_protected_reservation_is_named_neutrally_in_its_calendar_entry() {
        let starts = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
        let ends = starts + Duration::hours(1);
        let tz = chrono_tz::Europe::Berlin;
        let params = room_params(&a_room(true), 42, (starts, ends), tz, Method::Request, 9);
        let mail = render(MailKind::ReservationBooked, Lang::De, &params, envelope());
        let (ics, method) = mail.calendar.unwrap_or_default();
        assert_eq!(method, "REQUEST");
        assert!(ics.contains("SUMMARY:Raumreservierung"), "{ics}");
        assert!(ics.contains("LOCATION:B.104 Beratung 4"), "{ics}");
        assert!(!ics.contains("DESCRIPTION"), "{ics}");
        assert!(ics.contains(&room_uid(42)), "{ics}");
        assert!(
            mail.body.contains("Dienstag, 08.12.2026, 10:00–11:00 Uhr"),
            "{}",
            mail.body
        );
        let open = room_params(&a_room(false), 42, (starts, ends), tz, Method::Request, 9);
        let mail = render(MailKind::ReservationBooked, Lang::En, &open, envelope());
        let (ics, _) = mail.calendar.unwrap_or_default();
        assert!(ics.contains("SUMMARY:B.104 Beratung 4"), "{ics}");
    }

    #[test]
    fn every_kind_is_written_in_both_languages() {
        use sea_orm::Iterable;
        let params = Params {
            room: Some("B.104 Beratung 4".into()),
            from_room: Some("B.105 Beratung 5".into()),
            desk: Some("2.14".into()),
            ..Params::default()
        };
        for kind in MailKind::iter() {
            let de = render(kind, Lang::De, &params, envelope());
            let en = render(kind, Lang::En, &params, envelope());
            assert!(!de.subject.is_empty() && !en.subject.is_empty(), "{kind:?}");
            assert_ne!(de.subject, en.subject, "{kind:?}");
            assert!(de.body.starts_with("Guten Tag,"), "{kind:?}");
            assert!(en.body.starts_with("Hello,"), "{kind:?}");
            assert_eq!(
                de.body.contains("/account"),
                optional(kind),
                "{kind:?}: the way to switch it off"
            );
        }
    }

    #[test]
    fn a_change_of_a_reservation_has_a_higher_sequence_than_its_creation() {
        let created = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
        assert!(room_sequence(created, created) > sequence(created));
        let later = created + Duration::minutes(5);
        assert_eq!(room_sequence(created, later), sequence(later));
    }

    #[test]
    fn invitations_cannot_be_switched_off() {
        assert!(!optional(MailKind::Invitation));
        assert!(optional(MailKind::BookingReleased));
    }
}
