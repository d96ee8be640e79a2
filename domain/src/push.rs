//! Web push notifications: the events of [`crate::mail`] also shown on the phones (the
//! installed app) where a person allowed it, through the browser's push service (Web Push,
//! RFC 8030, encrypted per RFC 8291, signed per RFC 8292 by the server).
//!
//! # How a notification travels
//! 1. A browser subscribes ([`subscribe`]): its push service's endpoint and keys are kept
//!    (`push_subscription`), at most [`MAX_SUBSCRIPTIONS`] per person. The server checks the
//!    endpoint against its allow-list and the keys before it calls this.
//! 2. Every event that queues a mail calls [`enqueue`] first, inside the event's transaction: a
//!    `push_outbox` row per subscription of the person, whether or not mail is on or the person
//!    has an address. Nothing is queued while push is off ([`set_enabled`]), for an invitation
//!    (no account yet), for an anonymised or inactive person, or for a kind the person switched
//!    off for push ([`set_choice`]; apart from their mail choices).
//! 3. The server's push task [`claim`]s due rows (a compare-and-swap that one instance wins),
//!    [`render`]s, encrypts and sends them, and marks each [`sent`], [`failed`] (queued again
//!    after a back-off, [`crate::mail::backoff`], or given up), or [`gone`] (the push service
//!    says the subscription ended: it is deleted). Finished rows are deleted after a while by
//!    the retention ([`crate::retention::delete_finished_notifications`]), also once push is off.
//!
//! The server's VAPID key pair is one for all instances ([`vapid_key`]): the first instance to
//! start stores it, every other reads it back.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Duration, Utc};
use entities::enums::Locale;
use entities::mail_outbox::MailState;
use entities::{push_opt_out, push_outbox, push_subscription, push_vapid_key};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveEnum, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use wire::i18n::Lang;

use crate::mail::{Mail, MailKind, Params, optional};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// How many browsers one person may subscribe; subscribing one more drops the oldest.
pub const MAX_SUBSCRIPTIONS: u64 = 10;

/// Switches queueing on or off for this process (the server: on when `[push]` names a
/// contact). Off, [`enqueue`] queues nothing.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether push notifications are queued.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Queues the push messages of `mail` in the caller's transaction, one per subscription of the
/// person; how many were written (none when push is off, for an invitation, an anonymised or
/// inactive person, a kind switched off for push, or an event queued before).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if !enabled() || mail.kind == MailKind::Invitation {
        return Ok(0);
    }
    let subscriptions = push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(mail.person_id))
        .all(db)
        .await?;
    if subscriptions.is_empty() {
        return Ok(0);
    }
    let Some(person) = entities::person::Entity::find_by_id(mail.person_id)
        .one(db)
        .await?
    else {
        return Ok(0);
    };
    if person.anonymised || !person.active {
        return Ok(0);
    }
    if optional(mail.kind)
        && push_opt_out::Entity::find_by_id((mail.person_id, mail.kind))
            .one(db)
            .await?
            .is_some()
    {
        return Ok(0);
    }
    let params = serde_json::to_value(&mail.params)
        .map_err(|err| DbErr::Custom(format!("push parameters: {err}")))?;
    let mut written = 0;
    for subscription in subscriptions {
        written += push_outbox::Entity::insert(push_outbox::ActiveModel {
            subscription_id: Set(subscription.id),
            person_id: Set(mail.person_id),
            kind: Set(mail.kind),
            language: Set(person.locale),
            params: Set(params.clone()),
            idempotency_key: Set(mail.key.clone()),
            state: Set(MailState::Queued),
            attempts: Set(0),
            due_at: Set(now),
            claimed_until: Set(None),
            sent_at: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                push_outbox::Column::SubscriptionId,
                push_outbox::Column::IdempotencyKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(written)
}

/// The kinds `person_id` may switch off for push (those of mail), each with whether it is on.
pub async fn choices(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<(MailKind, bool)>, DbErr> {
    let off: Vec<MailKind> = push_opt_out::Entity::find()
        .filter(push_opt_out::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.kind)
        .collect();
    Ok(crate::mail::OPTIONAL
        .iter()
        .map(|kind| (*kind, !off.contains(kind)))
        .collect())
}

/// Switches `kind` on or off for push for `person_id`; [`crate::error::Error::InvalidInput`]
/// for a kind that cannot be switched off.
pub async fn set_choice(
    db: &impl ConnectionTrait,
    person_id: i32,
    kind: MailKind,
    on: bool,
) -> Result<(), crate::error::Error> {
    if !optional(kind) {
        return Err(crate::error::Error::InvalidInput(
            "this notification cannot be switched off".into(),
        ));
    }
    if on {
        push_opt_out::Entity::delete_many()
            .filter(push_opt_out::Column::PersonId.eq(person_id))
            .filter(push_opt_out::Column::Kind.eq(kind))
            .exec(db)
            .await?;
    } else {
        push_opt_out::Entity::insert(push_opt_out::ActiveModel {
            person_id: Set(person_id),
            kind: Set(kind),
        })
        .on_conflict(
            OnConflict::columns([push_opt_out::Column::PersonId, push_opt_out::Column::Kind])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// A browser's subscription as the server checked it: an allowed endpoint, a P-256 public key
/// and a 16-byte secret (both base64url, as the browser gives them).
#[derive(Clone, PartialEq, Eq)]
pub struct NewSubscription {
    /// The push service's URL for the browser.
    pub endpoint: String,
    /// The browser's public key.
    pub p256dh: String,
    /// The browser's authentication secret.
    pub auth: String,
}

impl std::fmt::Debug for NewSubscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewSubscription(***)")
    }
}

/// Keeps `subscription` for `person_id`: its id and whether it is new to them (an endpoint
/// that was theirs is updated; one that was somebody else's moves to them, its queue
/// dropped). Beyond [`MAX_SUBSCRIPTIONS`] the person's oldest are deleted.
pub async fn subscribe(
    db: &DatabaseConnection,
    person_id: i32,
    subscription: NewSubscription,
    now: DateTime<Utc>,
) -> Result<(i64, bool), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    match subscribe_in(&txn, person_id, subscription, now).await {
        Ok(kept) => {
            txn.commit().await?;
            Ok(kept)
        }
        Err(err) => {
            txn.rollback().await?;
            Err(err)
        }
    }
}

async fn subscribe_in(
    db: &impl ConnectionTrait,
    person_id: i32,
    subscription: NewSubscription,
    now: DateTime<Utc>,
) -> Result<(i64, bool), DbErr> {
    // Race-free: the insert does nothing when the endpoint is kept already (on PostgreSQL it
    // waits for a concurrent insert of the same endpoint to commit), and the row is read back.
    // A row that goes between the insert and the read, or that was somebody else's and is
    // deleted, leads to one more round.
    let mut created = false;
    let mut rounds = 0;
    let (id, created) = loop {
        rounds += 1;
        created |= insert(db, person_id, &subscription, now).await? > 0;
        let Some(row) = push_subscription::Entity::find()
            .filter(push_subscription::Column::Endpoint.eq(subscription.endpoint.as_str()))
            .one(db)
            .await?
        else {
            if rounds >= 5 {
                return Err(DbErr::RecordNotFound("push_subscription".into()));
            }
            continue;
        };
        if row.person_id != person_id {
            if rounds >= 5 {
                return Err(DbErr::Custom(
                    "push subscription keeps changing hands".into(),
                ));
            }
            // The device changed hands: what was queued for the last person is not shown.
            push_subscription::Entity::delete_by_id(row.id)
                .exec(db)
                .await?;
            continue;
        }
        if !created {
            push_subscription::Entity::update_many()
                .col_expr(
                    push_subscription::Column::P256dh,
                    Expr::value(subscription.p256dh.as_str()),
                )
                .col_expr(
                    push_subscription::Column::Auth,
                    Expr::value(subscription.auth.as_str()),
                )
                .filter(push_subscription::Column::Id.eq(row.id))
                .exec(db)
                .await?;
        }
        break (row.id, created);
    };
    let surplus: Vec<i64> = push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .order_by_desc(push_subscription::Column::CreatedAt)
        .order_by_desc(push_subscription::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .skip(usize::try_from(MAX_SUBSCRIPTIONS).unwrap_or(usize::MAX))
        .map(|row| row.id)
        .filter(|other| *other != id)
        .collect();
    if !surplus.is_empty() {
        push_subscription::Entity::delete_many()
            .filter(push_subscription::Column::Id.is_in(surplus))
            .exec(db)
            .await?;
    }
    Ok((id, created))
}

/// Inserts `subscription` unless its endpoint is kept already; how many rows were written.
async fn insert(
    db: &impl ConnectionTrait,
    person_id: i32,
    subscription: &NewSubscription,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    push_subscription::Entity::insert(push_subscription::ActiveModel {
        person_id: Set(person_id),
        endpoint: Set(subscription.endpoint.clone()),
        p256dh: Set(subscription.p256dh.clone()),
        auth: Set(subscription.auth.clone()),
        created_at: Set(now),
        last_success_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(push_subscription::Column::Endpoint)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
}

/// One of one's subscriptions as listed: which push service, since when (never the endpoint
/// or the keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionView {
    /// `push_subscription.id`.
    pub id: i64,
    /// The push service's host, such as `fcm.googleapis.com`.
    pub host: String,
    /// When the browser subscribed.
    pub created_at: DateTime<Utc>,
}

/// `person_id`'s subscriptions, oldest first.
pub async fn subscriptions(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<Vec<SubscriptionView>, DbErr> {
    Ok(push_subscription::Entity::find()
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .order_by_asc(push_subscription::Column::CreatedAt)
        .order_by_asc(push_subscription::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| SubscriptionView {
            id: row.id,
            host: host_of(&row.endpoint).to_owned(),
            created_at: row.created_at,
        })
        .collect())
}

/// The host of an endpoint (`https://host:port/path` → `host`; `[::1]` keeps its brackets).
pub fn host_of(endpoint: &str) -> &str {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if authority.starts_with('[') {
        authority
            .find(']')
            .map_or(authority, |end| &authority[..=end])
    } else {
        authority.split(':').next().unwrap_or_default()
    }
}

/// Deletes `person_id`'s subscription `id`; whether there was one (somebody else's is not
/// touched).
pub async fn unsubscribe(
    db: &impl ConnectionTrait,
    person_id: i32,
    id: i64,
) -> Result<bool, DbErr> {
    Ok(push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::Id.eq(id))
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// Deletes `person_id`'s subscription with `endpoint` (the browser unsubscribing itself);
/// whether there was one.
pub async fn unsubscribe_endpoint(
    db: &impl ConnectionTrait,
    person_id: i32,
    endpoint: &str,
) -> Result<bool, DbErr> {
    Ok(push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::Endpoint.eq(endpoint))
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// Deletes every subscription of `person_id` (and so their queue): for a leaver or an erased
/// person.
pub async fn forget(db: &impl ConnectionTrait, person_id: i32) -> Result<u64, DbErr> {
    Ok(push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::PersonId.eq(person_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// The server's VAPID key pair (private scalar and public point, both base64url): the one
/// stored, or `candidate` stored now if there is none. Two instances starting at once agree:
/// the insert does nothing when a row exists, and both read the row back.
pub async fn vapid_key(
    db: &impl ConnectionTrait,
    candidate: (String, String),
    now: DateTime<Utc>,
) -> Result<(String, String), DbErr> {
    push_vapid_key::Entity::insert(push_vapid_key::ActiveModel {
        id: Set(1),
        private_key: Set(candidate.0),
        public_key: Set(candidate.1),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(push_vapid_key::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let row = push_vapid_key::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("push_vapid_key".into()))?;
    Ok((row.private_key, row.public_key))
}

/// A push message claimed for sending.
#[derive(Clone)]
pub struct Due {
    /// The row.
    pub id: i64,
    /// The attempt this is (1 for the first).
    pub attempts: i32,
    /// The subscription it goes to.
    pub subscription_id: i64,
    /// The push service's URL (never logged).
    pub endpoint: String,
    /// The browser's public key (base64url).
    pub p256dh: String,
    /// The browser's authentication secret (base64url).
    pub auth: String,
    /// What it tells.
    pub kind: MailKind,
    /// In which language.
    pub lang: Lang,
    /// What it is rendered from (`None`: unreadable).
    pub params: Option<Params>,
}

impl std::fmt::Debug for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Due")
            .field("id", &self.id)
            .field("attempts", &self.attempts)
            .field("subscription_id", &self.subscription_id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Claims up to `limit` due messages for this instance until `now + lease`: queued ones whose
/// time has come, and claims of others that lapsed. Each is won by a compare-and-swap update,
/// so two instances never claim the same row.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Due>, DbErr> {
    let candidates = push_outbox::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(push_outbox::Column::State.eq(MailState::Queued))
                        .add(push_outbox::Column::DueAt.lte(now)),
                )
                .add(
                    Condition::all()
                        .add(push_outbox::Column::State.eq(MailState::Sending))
                        .add(push_outbox::Column::ClaimedUntil.lte(now)),
                ),
        )
        .order_by_asc(push_outbox::Column::DueAt)
        .order_by_asc(push_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let won = push_outbox::Entity::update_many()
            .col_expr(
                push_outbox::Column::State,
                Expr::value(MailState::Sending.to_value()),
            )
            .col_expr(push_outbox::Column::Attempts, Expr::value(row.attempts + 1))
            .col_expr(push_outbox::Column::ClaimedUntil, Expr::value(now + lease))
            .filter(push_outbox::Column::Id.eq(row.id))
            .filter(push_outbox::Column::State.eq(row.state))
            .filter(push_outbox::Column::Attempts.eq(row.attempts))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if !won {
            continue;
        }
        let Some(subscription) = push_subscription::Entity::find_by_id(row.subscription_id)
            .one(db)
            .await?
        else {
            continue;
        };
        claimed.push(Due {
            id: row.id,
            attempts: row.attempts + 1,
            subscription_id: row.subscription_id,
            endpoint: subscription.endpoint,
            p256dh: subscription.p256dh,
            auth: subscription.auth,
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

/// Marks the claimed message sent, once (only the claim's holder can), empties its parameters
/// and notes the subscription's success. Whether it was still this claim's.
pub async fn sent(db: &impl ConnectionTrait, due: &Due, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let won = push_outbox::Entity::update_many()
        .col_expr(
            push_outbox::Column::State,
            Expr::value(MailState::Sent.to_value()),
        )
        .col_expr(push_outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            push_outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            push_outbox::Column::Params,
            Expr::value(serde_json::json!({})),
        )
        .filter(push_outbox::Column::Id.eq(due.id))
        .filter(push_outbox::Column::State.eq(MailState::Sending))
        .filter(push_outbox::Column::Attempts.eq(due.attempts))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    push_subscription::Entity::update_many()
        .col_expr(push_subscription::Column::LastSuccessAt, Expr::value(now))
        .filter(push_subscription::Column::Id.eq(due.subscription_id))
        .exec(db)
        .await?;
    Ok(won)
}

/// Records a failed attempt of the claimed message: queued again at `retry_at`, or given up
/// (`None`, its parameters emptied). `error` names the cause without personal data.
pub async fn failed(
    db: &impl ConnectionTrait,
    due: &Due,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    let error: String = error.chars().take(500).collect();
    let mut update = push_outbox::Entity::update_many()
        .col_expr(push_outbox::Column::LastError, Expr::value(error))
        .filter(push_outbox::Column::Id.eq(due.id))
        .filter(push_outbox::Column::State.eq(MailState::Sending))
        .filter(push_outbox::Column::Attempts.eq(due.attempts));
    update = match retry_at {
        Some(at) => update
            .col_expr(
                push_outbox::Column::State,
                Expr::value(MailState::Queued.to_value()),
            )
            .col_expr(push_outbox::Column::DueAt, Expr::value(at)),
        None => update
            .col_expr(
                push_outbox::Column::State,
                Expr::value(MailState::Failed.to_value()),
            )
            .col_expr(
                push_outbox::Column::Params,
                Expr::value(serde_json::json!({})),
            ),
    };
    update.exec(db).await?;
    Ok(())
}

/// The push service says the claimed message's subscription ended (404, 410): the subscription
/// is deleted, and with it everything queued for it.
pub async fn gone(db: &impl ConnectionTrait, due: &Due) -> Result<(), DbErr> {
    push_subscription::Entity::delete_by_id(due.subscription_id)
        .exec(db)
        .await?;
    Ok(())
}

/// What a push message shows: the payload the service worker reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// The notification's title (the mail's subject).
    pub title: String,
    /// Its text (the mail's first paragraph).
    pub body: String,
    /// The page it opens (a path).
    pub url: String,
    /// The kind's code: a newer notification of a kind replaces an older one.
    pub tag: String,
}

/// The push message of `kind` in `lang` from `params`: the mail's subject as title, its first
/// paragraph as text, the page of one's bookings (or of rooms, for a reservation) as link.
pub fn render(kind: MailKind, lang: Lang, params: &Params, public_url: &str) -> Notification {
    let mail = crate::mail::render(
        kind,
        lang,
        params,
        crate::mail::Envelope {
            public_url,
            from: "platzwahl@localhost",
            to: "person@localhost",
        },
    );
    let body = mail
        .body
        .split("\n\n")
        .nth(1)
        .unwrap_or_default()
        .replace('\n', " ");
    let body: String = if body.chars().count() > 240 {
        let mut short: String = body.chars().take(239).collect();
        short.push('…');
        short
    } else {
        body
    };
    let url = if params.room.is_some() {
        "/rooms"
    } else {
        "/bookings"
    };
    Notification {
        title: mail.subject,
        body,
        url: url.to_owned(),
        tag: crate::mail::code(kind),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn a_released_booking_is_shown_with_the_mails_subject_and_first_paragraph() {
        let params = Params {
            day: NaiveDate::from_ymd_opt(2026, 12, 8),
            slot: Some("morning".into()),
            desk: Some("2.14".into()),
            ..Params::default()
        };
        let shown = render(
            MailKind::BookingReleased,
            Lang::De,
            &params,
            "https://platzwahl.example.org",
        );
        assert!(shown.title.contains("freigegeben"), "{}", shown.title);
        assert!(
            shown.body.starts_with("Ihre Buchung von Platz 2.14"),
            "{}",
            shown.body
        );
        assert!(!shown.body.contains("Guten Tag"), "{}", shown.body);
        assert_eq!(shown.url, "/bookings");
        assert_eq!(shown.tag, "booking_released");
    }

    #[test]
    fn the_host_of_an_endpoint_is_listed_without_path_or_port() {
        assert_eq!(
            host_of("https://fcm.googleapis.com/fcm/send/abc:def"),
            "fcm.googleapis.com"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/push/a"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080/push/a"), "[::1]");
    }

    #[test]
    fn a_cancelled_reservation_links_to_the_rooms() {
        let params = Params {
            room: Some("R 1.01".into()),
            ..Params::default()
        };
        let shown = render(
            MailKind::ReservationCancelled,
            Lang::En,
            &params,
            "https://platzwahl.example.org",
        );
        assert!(shown.title.contains("cancelled"), "{}", shown.title);
        assert_eq!(shown.url, "/rooms");
    }
}
