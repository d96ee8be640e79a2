//! Browser sessions: a random token in an `HttpOnly` cookie, its hash in `web_session`.
//!
//! A session ends when it is revoked (sign-out), after `session_idle_minutes` without a request,
//! or `session_absolute_hours` after sign-in, whichever comes first. `last_seen_at` is written at
//! most once a minute per session, so reading pages does not write to the database each time.

use axum::http::HeaderValue;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use domain::auth::{Principal, Via, load_principal};
use domain::secret;
use entities::web_session;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::AuthState;

/// A new session: its id and the token that goes into the cookie.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// `web_session.id`.
    pub id: i32,
    /// The cookie value; shown once, only its hash is stored.
    pub token: String,
}

/// Starts a session for `person_id`, verified now (see [`domain::auth::require_step_up`]).
pub async fn create(
    db: &impl ConnectionTrait,
    auth: &AuthState,
    person_id: i32,
) -> Result<NewSession, wire::error::AppError> {
    let token = secret::generate(secret::SESSION)?;
    let now = Utc::now();
    let absolute = ChronoDuration::from_std(auth.absolute_timeout())
        .unwrap_or_else(|_| ChronoDuration::days(7));
    let row = web_session::ActiveModel {
        token_hash: Set(secret::hash(&token)),
        person_id: Set(person_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + absolute),
        revoked_at: Set(None),
        // Every way to start a session proves the person is there: a passkey, an invitation
        // just used to register one, or (demo mode only) the demo list.
        verified_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(NewSession { id: row.id, token })
}

/// The person behind a session token, if the session is valid now; refreshes `last_seen_at`.
pub async fn resolve(
    db: &impl ConnectionTrait,
    auth: &AuthState,
    token: &str,
) -> Result<Option<Principal>, DbErr> {
    let now = Utc::now();
    let Some(session) = web_session::Entity::find()
        .filter(web_session::Column::TokenHash.eq(secret::hash(token)))
        .filter(web_session::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let idle =
        ChronoDuration::from_std(auth.idle_timeout()).unwrap_or_else(|_| ChronoDuration::hours(8));
    if !is_current(&session, now, idle) {
        return Ok(None);
    }
    let Some(principal) = load_principal(db, session.person_id, Via::Session(session.id)).await?
    else {
        return Ok(None);
    };
    if now - session.last_seen_at > ChronoDuration::minutes(1) {
        web_session::Entity::update_many()
            .col_expr(web_session::Column::LastSeenAt, Expr::value(now))
            .filter(web_session::Column::Id.eq(session.id))
            .exec(db)
            .await?;
    }
    Ok(Some(principal))
}

/// Whether a session, not revoked, is still within both time-outs at `now`.
pub fn is_current(session: &web_session::Model, now: DateTime<Utc>, idle: ChronoDuration) -> bool {
    session.revoked_at.is_none() && now < session.expires_at && now - session.last_seen_at < idle
}

/// Ends every session of a person; returns how many were open.
pub async fn revoke_all(db: &impl ConnectionTrait, person_id: i32) -> Result<u64, DbErr> {
    let result = web_session::Entity::update_many()
        .col_expr(web_session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(web_session::Column::PersonId.eq(person_id))
        .filter(web_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// The `Set-Cookie` value that stores a session token: a browser-session cookie (no
/// `Max-Age`: closing the browser forgets it; the server ends the session in any case).
pub fn cookie(auth: &AuthState, token: &str) -> Option<HeaderValue> {
    let secure = if auth.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let name = auth.session_cookie();
    HeaderValue::from_str(&format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(auth: &AuthState) -> HeaderValue {
    let secure = if auth.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let name = auth.session_cookie();
    HeaderValue::from_str(&format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("pw_session=; Path=/; Max-Age=0"))
}

/// The session token in a `Cookie` header, if any, under the cookie name `name`.
pub fn token_from_cookies<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created: DateTime<Utc>, seen: DateTime<Utc>, hours: i64) -> web_session::Model {
        web_session::Model {
            id: 1,
            token_hash: String::new(),
            person_id: 1,
            created_at: created,
            last_seen_at: seen,
            expires_at: created + ChronoDuration::hours(hours),
            revoked_at: None,
            verified_at: Some(created),
        }
    }

    #[test]
    fn a_session_ends_when_idle_too_long_or_past_its_absolute_end_or_revoked() {
        let t0 = Utc::now();
        let idle = ChronoDuration::hours(8);
        let fresh = session(t0, t0, 168);
        assert!(is_current(&fresh, t0 + ChronoDuration::hours(7), idle));
        assert!(!is_current(&fresh, t0 + ChronoDuration::hours(9), idle));
        let active = session(t0, t0 + ChronoDuration::hours(167), 168);
        assert!(is_current(&active, t0 + ChronoDuration::hours(167), idle));
        assert!(!is_current(&active, t0 + ChronoDuration::hours(168), idle));
        let revoked = web_session::Model {
            revoked_at: Some(t0),
            ..fresh
        };
        assert!(!is_current(&revoked, t0, idle));
    }

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let name = super::super::SESSION_COOKIE;
        assert_eq!(
            token_from_cookies("pw_lang=en; pw_session=pws_abc; x=y", name),
            Some("pws_abc")
        );
        assert_eq!(token_from_cookies("pw_lang=en", name), None);
        assert_eq!(token_from_cookies("pw_session=", name), None);
        assert_eq!(
            token_from_cookies("pw_session=pws_abc", super::super::SECURE_SESSION_COOKIE),
            None,
            "over https only the __Host- cookie counts"
        );
    }
}
