//! The `#[server]` functions of the sign-in, invitation and account pages.
//!
//! Passkey ceremonies themselves go through the JSON API (`/api/v1/auth/passkeys/…`), called by
//! `public/passkey.js`, and so does subscribing a browser to push notifications
//! (`/api/v1/me/push-subscriptions`, called by `public/pwa.js`); these functions read and change
//! what the pages show.

use leptos::prelude::*;

use crate::error::AppError;
use crate::identity::{AccountView, CreatedToken, DemoPerson, InvitationView, Me};

#[cfg(feature = "ssr")]
use crate::api::context;

/// Who is signed in, if anybody.
#[server(endpoint = "current_person")]
pub async fn current_person() -> Result<Option<Me>, AppError> {
    use crate::services::auth::{Caller, caller};
    match caller() {
        Some(Caller::Person(principal)) => Ok(Some(
            crate::services::account::me(&context()?.db, principal.person_id).await?,
        )),
        _ => Ok(None),
    }
}

/// The demo people one may sign in as; `None` when demo mode is off.
#[server(endpoint = "demo_people")]
pub async fn demo_people() -> Result<Option<Vec<DemoPerson>>, AppError> {
    let context = context()?;
    if !context.demo {
        return Ok(None);
    }
    Ok(Some(crate::services::demo_people::list(&context.db).await?))
}

/// Whether this is a fresh install waiting for its first administrator (no person yet, and
/// not in demo mode): the sign-in page then says how to create one.
#[server(endpoint = "first_run")]
pub async fn first_run() -> Result<bool, AppError> {
    let context = context()?;
    if context.demo {
        return Ok(false);
    }
    Ok(crate::services::people::none_yet(&context.db).await?)
}

/// What an invitation link is for; [`AppError::NotFound`] when it is unknown, used or expired.
#[server(endpoint = "invitation")]
pub async fn invitation(token: String) -> Result<InvitationView, AppError> {
    use entities::{invitation, person};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = context()?.db;
    let row = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(crate::services::secret::hash(&token)))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(chrono::Utc::now()))
        .one(&db)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = person::Entity::find_by_id(row.person_id)
        .one(&db)
        .await?
        .map(|p| p.display_name)
        .ok_or(AppError::NotFound)?;
    Ok(InvitationView {
        name,
        expires_at: row.expires_at.to_rfc3339(),
    })
}

/// The signed-in person's account: passkeys and personal access tokens.
#[server(endpoint = "my_account")]
pub async fn my_account() -> Result<AccountView, AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    let current = match principal.via {
        crate::services::auth::Via::Session(id) => Some(id),
        _ => None,
    };
    Ok(crate::services::account::account(&context()?.db, principal.person_id, current).await?)
}

/// Ends one of the signed-in person's other browser sessions.
#[server(endpoint = "end_session")]
pub async fn end_session(id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    Ok(crate::services::account::end_session(&context()?.db, &principal, id).await?)
}

/// Renames one of the signed-in person's passkeys.
#[server(endpoint = "rename_passkey")]
pub async fn rename_passkey(id: i32, name: String) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    Ok(crate::services::account::rename_passkey(&context()?.db, &principal, id, &name).await?)
}

/// Revokes one of the signed-in person's passkeys.
#[server(endpoint = "revoke_passkey")]
pub async fn revoke_passkey(id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    Ok(crate::services::account::revoke_passkey(&context()?.db, &principal, id).await?)
}

/// Creates a personal access token with the scopes named, space-separated (`read`, `book`,
/// `admin`).
#[server(endpoint = "create_personal_token")]
pub async fn create_personal_token(name: String, scopes: String) -> Result<CreatedToken, AppError> {
    use crate::services::auth::{Permission, Scope, require};
    let principal = require(Permission::ManageOwnAccount)?;
    let scopes = scopes
        .split_whitespace()
        .map(|code| {
            Scope::from_code(code)
                .filter(|scope| matches!(scope, Scope::Read | Scope::Book | Scope::Admin))
                .ok_or_else(|| AppError::InvalidInput(format!("scopes: unknown scope {code:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(crate::services::account::create_personal_token(
        &context()?.db,
        &principal,
        &name,
        &scopes,
        None,
    )
    .await?)
}

/// Revokes one of the signed-in person's personal access tokens.
#[server(endpoint = "revoke_personal_token")]
pub async fn revoke_personal_token(id: i32) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    Ok(crate::services::account::revoke_token(
        &context()?.db,
        &principal,
        id,
        entities::enums::ApiTokenKind::Personal,
        Some(principal.person_id),
    )
    .await?)
}

/// The e-mail notifications of the signed-in person: whether this server sends mail at all,
/// and each kind they may switch off with whether it is on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MailNotifications {
    /// Whether this server sends e-mail (`[mail]` names an SMTP server).
    pub sending: bool,
    /// Each kind a person may switch off (its code) and whether it is on.
    pub kinds: Vec<(String, bool)>,
}

/// The signed-in person's e-mail notifications.
#[server(endpoint = "mail_choices")]
pub async fn mail_choices() -> Result<MailNotifications, AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    let kinds = crate::services::mail::choices(&context()?.db, principal.person_id)
        .await?
        .into_iter()
        .map(|(kind, on)| (crate::services::mail::code(kind), on))
        .collect();
    Ok(MailNotifications {
        sending: crate::services::mail::enabled(),
        kinds,
    })
}

/// Switches one kind of e-mail notification (its code) on (`on` = `true`) or off for the
/// signed-in person; security mails cannot be switched off.
#[server(endpoint = "set_mail_choice")]
pub async fn set_mail_choice(kind: String, on: String) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    let kind = crate::services::mail::from_code(&kind)
        .filter(|kind| crate::services::mail::optional(*kind))
        .ok_or_else(|| {
            AppError::InvalidInput(format!("kind: not a mail one may switch off: {kind:?}"))
        })?;
    let on = match on.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::InvalidInput("on: true or false".into())),
    };
    Ok(crate::services::mail::set_choice(&context()?.db, principal.person_id, kind, on).await?)
}

/// The push notifications of the signed-in person: whether this server sends push at all, and
/// each kind they may switch on or off with whether it is on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PushNotifications {
    /// Whether this server sends push notifications (`[push]` names a contact).
    pub sending: bool,
    /// Each kind (its code) and whether it comes as a push notification; empty when the server
    /// sends none.
    pub kinds: Vec<(String, bool)>,
}

/// A device (a browser's push subscription) of the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PushDevice {
    /// Its id.
    pub id: i64,
    /// The host of its push service (such as `fcm.googleapis.com`).
    pub host: String,
    /// Since when (RFC 3339).
    pub created_at: String,
}

/// The signed-in person's push notifications.
#[server(endpoint = "push_choices")]
pub async fn push_choices() -> Result<PushNotifications, AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    if !crate::services::push::enabled() {
        return Ok(PushNotifications {
            sending: false,
            kinds: Vec::new(),
        });
    }
    let kinds = crate::services::push::choices(&context()?.db, principal.person_id)
        .await?
        .into_iter()
        .map(|(kind, on)| (crate::services::mail::code(kind), on))
        .collect();
    Ok(PushNotifications {
        sending: true,
        kinds,
    })
}

/// Switches one kind of push notification (its code) on (`on` = `true`) or off for the
/// signed-in person.
#[server(endpoint = "set_push_choice")]
pub async fn set_push_choice(kind: String, on: String) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    let kind = crate::services::mail::from_code(&kind)
        .filter(|kind| crate::services::mail::optional(*kind))
        .ok_or_else(|| {
            AppError::InvalidInput(format!("kind: not a notification kind: {kind:?}"))
        })?;
    let on = match on.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::InvalidInput("on: true or false".into())),
    };
    Ok(crate::services::push::set_choice(&context()?.db, principal.person_id, kind, on).await?)
}

/// The signed-in person's devices with push notifications, oldest first.
#[server(endpoint = "push_devices")]
pub async fn push_devices() -> Result<Vec<PushDevice>, AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    Ok(
        crate::services::push::subscriptions(&context()?.db, principal.person_id)
            .await?
            .into_iter()
            .map(|device| PushDevice {
                id: device.id,
                host: device.host,
                created_at: device.created_at.to_rfc3339(),
            })
            .collect(),
    )
}

/// Removes one of the signed-in person's devices: it gets no push notification any more.
#[server(endpoint = "remove_push_device")]
pub async fn remove_push_device(id: i64) -> Result<(), AppError> {
    use crate::services::auth::{Permission, require};
    let principal = require(Permission::ManageOwnAccount)?;
    if crate::services::push::unsubscribe(&context()?.db, principal.person_id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
