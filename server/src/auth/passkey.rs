//! Passkey ceremonies with webauthn-rs, their state kept in `auth_ceremony` between the two
//! steps, and the invitations that let a person register their first passkey.
//!
//! Passkeys are discoverable credentials: signing in needs no user name. The WebAuthn user
//! handle of a person is a fixed UUID made from their id ([`user_handle`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use domain::audit::{self, Event};
use domain::secret;
use entities::{auth_ceremony, invitation, passkey, person};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};
use wire::error::AppError;

use super::AuthState;

/// How long a ceremony may take between challenge and answer.
const CEREMONY_TTL_MINUTES: i64 = 5;

/// Why a ceremony failed; each becomes a problem document.
#[derive(Debug, thiserror::Error)]
pub enum CeremonyError {
    /// The ceremony is unknown, finished already (a replay) or expired.
    #[error("the passkey ceremony is unknown, already finished or expired; start again")]
    UnknownCeremony,
    /// The invitation link is unknown.
    #[error("the invitation link is not valid")]
    UnknownInvitation,
    /// The invitation was used or has expired.
    #[error("the invitation link has been used or has expired; ask for a new one")]
    InvitationGone,
    /// The browser's answer did not verify (wrong origin, wrong challenge, bad signature, …).
    #[error("the passkey could not be verified")]
    NotVerified,
    /// The account had too many failed sign-ins in the last minute; it waits.
    #[error("too many failed sign-ins for this account; wait a minute and try again")]
    AccountSlowed,
    /// No active person has this passkey (it was revoked, or never registered here).
    #[error("this passkey is not known here; it may have been revoked")]
    UnknownPasskey,
    /// Anything else.
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<domain::error::Error> for CeremonyError {
    fn from(err: domain::error::Error) -> Self {
        CeremonyError::App(AppError::from(err))
    }
}

impl From<sea_orm::DbErr> for CeremonyError {
    fn from(err: sea_orm::DbErr) -> Self {
        CeremonyError::App(AppError::from(err))
    }
}

/// The WebAuthn user handle of a person: a fixed UUID made from their id.
pub fn user_handle(person_id: i32) -> Uuid {
    // "Platzwah" in ASCII, then the id.
    Uuid::from_u64_pair(0x506c_6174_7a77_6168, u64::from(person_id.unsigned_abs()))
}

/// A started ceremony: its id and the options for `navigator.credentials`.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(bound = "")]
pub struct Started<T> {
    /// The ceremony id, sent back with the answer.
    pub ceremony: String,
    /// The options for the browser (`{"publicKey": …}`): the WebAuthn JSON to pass to the
    /// browser's `navigator.credentials.create()` (registration) or `.get()` (sign-in).
    #[schema(value_type = Object)]
    pub options: T,
}

/// The still-valid invitation for an invitation token.
pub async fn valid_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<invitation::Model, CeremonyError> {
    let row = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(secret::hash(token)))
        .one(db)
        .await?
        .ok_or(CeremonyError::UnknownInvitation)?;
    if row.used_at.is_some() || row.expires_at <= Utc::now() {
        return Err(CeremonyError::InvitationGone);
    }
    Ok(row)
}

/// Issues an invitation for `person_id` from the command line, valid as configured; returns
/// the token (for the link) and its expiry. Earlier unused invitations of the person are void
/// from now on. Over the web, [`domain::people_admin::invite::invite`] checks whom first.
pub async fn invite(
    db: &sea_orm::DatabaseConnection,
    auth: &AuthState,
    person_id: i32,
    created_by: Option<i32>,
) -> Result<(String, DateTime<Utc>), AppError> {
    let validity = ChronoDuration::from_std(auth.invitation_validity())
        .unwrap_or_else(|_| ChronoDuration::days(14));
    Ok(
        domain::people_admin::invite::issue(db, person_id, created_by, validity, Utc::now())
            .await?,
    )
}

/// Starts registering a passkey for `person_id` (through `invitation_id`, if by invitation).
/// The options ask for a discoverable credential (a resident key), so that signing in needs no
/// user name.
pub async fn start_registration(
    db: &impl ConnectionTrait,
    auth: &AuthState,
    person_id: i32,
    invitation_id: Option<i32>,
) -> Result<Started<serde_json::Value>, CeremonyError> {
    let person = person::Entity::find_by_id(person_id)
        .filter(person::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(CeremonyError::UnknownInvitation)?;
    let existing: Vec<_> = passkey::Entity::find()
        .filter(passkey::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| serde_json::from_str::<Passkey>(&row.credential).ok())
        .map(|key| key.cred_id().clone())
        .collect();
    let user_name = person
        .email
        .clone()
        .unwrap_or_else(|| format!("person-{}", person.id));
    let (options, state): (CreationChallengeResponse, _) = auth
        .webauthn()
        .start_passkey_registration(
            user_handle(person.id),
            &user_name,
            &person.display_name,
            Some(existing),
        )
        .map_err(|err| {
            tracing::error!(error = %err, "cannot start a passkey registration");
            CeremonyError::App(AppError::Internal)
        })?;
    let mut options = serde_json::to_value(options).map_err(|err| {
        tracing::error!(error = %err, "cannot serialise passkey options");
        CeremonyError::App(AppError::Internal)
    })?;
    // Sign-in without a user name needs a discoverable credential.
    if let Some(selection) = options
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(serde_json::Value::as_object_mut)
    {
        selection.insert("residentKey".into(), "required".into());
        selection.insert("requireResidentKey".into(), true.into());
    }
    let ceremony = store(db, "register", &state, Some(person_id), invitation_id).await?;
    Ok(Started { ceremony, options })
}

/// Finishes a registration: verifies the browser's answer, uses up the invitation (once only),
/// stores the passkey named `name`. Returns the person and the new passkey's id.
pub async fn finish_registration<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    auth: &AuthState,
    ceremony: &str,
    credential: &RegisterPublicKeyCredential,
    name: &str,
) -> Result<(person::Model, i32), CeremonyError> {
    let name = domain::account::clean_name(name)?;
    let (row, state): (_, PasskeyRegistration) = take(db, ceremony, "register").await?;
    let person_id = row.person_id.ok_or(CeremonyError::UnknownCeremony)?;
    let key = auth
        .webauthn()
        .finish_passkey_registration(credential, &state)
        .map_err(|err| {
            tracing::info!(error = %err, "a passkey registration did not verify");
            CeremonyError::NotVerified
        })?;
    let person = person::Entity::find_by_id(person_id)
        .filter(person::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(CeremonyError::UnknownInvitation)?;
    let json = serde_json::to_string(&key).map_err(|err| {
        tracing::error!(error = %err, "cannot serialise a passkey");
        CeremonyError::App(AppError::Internal)
    })?;
    let txn = domain::db::begin_write(db).await?;
    if let Some(invitation_id) = row.invitation_id {
        // Single use, also when two browsers race with the same link.
        let used = invitation::Entity::update_many()
            .col_expr(invitation::Column::UsedAt, Expr::value(Utc::now()))
            .filter(invitation::Column::Id.eq(invitation_id))
            .filter(invitation::Column::UsedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
            .exec(&txn)
            .await?;
        if used.rows_affected != 1 {
            txn.rollback().await?;
            return Err(CeremonyError::InvitationGone);
        }
    }
    let stored = passkey::ActiveModel {
        person_id: Set(person_id),
        name: Set(name),
        credential_id: Set(URL_SAFE_NO_PAD.encode::<&[u8]>(key.cred_id().as_ref())),
        credential: Set(json),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // A passkey by invitation (a new account, or recovery) ends every other session of the
    // person: whoever held them before no longer does.
    let ended = if row.invitation_id.is_some() {
        super::session::revoke_all(&txn, person_id).await?
    } else {
        0
    };
    txn.commit().await?;
    let reason = row
        .invitation_id
        .map(|_| format!("by invitation; other sessions ended: {ended}"));
    audit::record(
        db,
        Event::PasskeyAdded,
        Some(person_id),
        Some(person.organisation_id),
        Some(stored.id.to_string()),
        reason.as_deref(),
    )
    .await;
    Ok((person, stored.id))
}

/// Starts a sign-in with any discoverable passkey.
pub async fn start_sign_in(
    db: &impl ConnectionTrait,
    auth: &AuthState,
) -> Result<Started<RequestChallengeResponse>, CeremonyError> {
    let (options, state) = auth
        .webauthn()
        .start_discoverable_authentication()
        .map_err(|err| {
            tracing::error!(error = %err, "cannot start a passkey sign-in");
            CeremonyError::App(AppError::Internal)
        })?;
    let ceremony = store(db, "sign_in", &state, None, None).await?;
    Ok(Started { ceremony, options })
}

/// Finishes a sign-in: finds the passkey, verifies the answer against it, updates its counter.
/// Returns the active person it belongs to.
pub async fn finish_sign_in(
    db: &impl ConnectionTrait,
    auth: &AuthState,
    ceremony: &str,
    credential: &PublicKeyCredential,
) -> Result<person::Model, CeremonyError> {
    let (_, state): (_, DiscoverableAuthentication) = take(db, ceremony, "sign_in").await?;
    let (handle, credential_id) = auth
        .webauthn()
        .identify_discoverable_authentication(credential)
        .map_err(|_| CeremonyError::NotVerified)?;
    let stored = passkey::Entity::find()
        .filter(passkey::Column::CredentialId.eq(URL_SAFE_NO_PAD.encode(credential_id)))
        .one(db)
        .await?
        .ok_or(CeremonyError::UnknownPasskey)?;
    if user_handle(stored.person_id) != handle {
        return Err(CeremonyError::NotVerified);
    }
    // Guessing at one account from many addresses is slowed per account.
    if !auth.account_may_try(stored.person_id) {
        return Err(CeremonyError::AccountSlowed);
    }
    let person = person::Entity::find_by_id(stored.person_id)
        .filter(person::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(CeremonyError::UnknownPasskey)?;
    let mut key: Passkey = serde_json::from_str(&stored.credential).map_err(|err| {
        tracing::error!(error = %err, passkey = stored.id, "a stored passkey cannot be read");
        CeremonyError::App(AppError::Internal)
    })?;
    let result = auth
        .webauthn()
        .finish_discoverable_authentication_v2(credential, state, &key)
        .map_err(|err| {
            tracing::info!(error = %err, "a passkey sign-in did not verify");
            auth.account_failed(stored.person_id);
            CeremonyError::NotVerified
        })?;
    let mut update = passkey::ActiveModel {
        id: Set(stored.id),
        last_used_at: Set(Some(Utc::now())),
        ..Default::default()
    };
    if key.update_credential(&result) == Some(true)
        && let Ok(json) = serde_json::to_string(&key)
    {
        update.credential = Set(json);
    }
    update.update(db).await?;
    Ok(person)
}

/// Stores a ceremony's state; returns its id.
async fn store<T: serde::Serialize>(
    db: &impl ConnectionTrait,
    kind: &str,
    state: &T,
    person_id: Option<i32>,
    invitation_id: Option<i32>,
) -> Result<String, CeremonyError> {
    let state = serde_json::to_string(state).map_err(|err| {
        tracing::error!(error = %err, "cannot serialise a ceremony state");
        CeremonyError::App(AppError::Internal)
    })?;
    // Sweep what nobody finished.
    auth_ceremony::Entity::delete_many()
        .filter(auth_ceremony::Column::ExpiresAt.lt(Utc::now()))
        .exec(db)
        .await?;
    let id = Uuid::new_v4().to_string();
    auth_ceremony::ActiveModel {
        id: Set(id.clone()),
        kind: Set(kind.to_string()),
        state: Set(state),
        person_id: Set(person_id),
        invitation_id: Set(invitation_id),
        expires_at: Set(Utc::now() + ChronoDuration::minutes(CEREMONY_TTL_MINUTES)),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Takes a ceremony out of the store (so it can be finished once only) and reads its state.
async fn take<T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    id: &str,
    kind: &str,
) -> Result<(auth_ceremony::Model, T), CeremonyError> {
    let row = auth_ceremony::Entity::find_by_id(id.to_string())
        .filter(auth_ceremony::Column::Kind.eq(kind))
        .one(db)
        .await?
        .ok_or(CeremonyError::UnknownCeremony)?;
    let deleted = auth_ceremony::Entity::delete_many()
        .filter(auth_ceremony::Column::Id.eq(id))
        .exec(db)
        .await?;
    // Whoever deletes the row owns the ceremony: a concurrent replay loses here.
    if deleted.rows_affected != 1 || row.expires_at <= Utc::now() {
        return Err(CeremonyError::UnknownCeremony);
    }
    let state = serde_json::from_str(&row.state).map_err(|_| CeremonyError::UnknownCeremony)?;
    Ok((row, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_handles_are_fixed_per_person_and_distinct() {
        assert_eq!(user_handle(7), user_handle(7));
        assert_ne!(user_handle(7), user_handle(8));
    }
}
