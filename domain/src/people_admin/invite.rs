//! Invitation links: a one-time link with which a person registers their first passkey and
//! signs in. Issuing one voids the person's older unused links; it is recorded
//! (`auth.invitation_created`, by the invitation's id) and, when mail is on, mailed to the
//! person ([`crate::mail`]; a security mail, never switched off).
//!
//! An organisation administrator invites only a person of their organisation who has no
//! passkey and whose every role they may grant ([`crate::people::GRANTABLE`]): an invitation
//! signs in as the person, so recovery for everybody else comes from the command line
//! (`platzwahl people invite`), which calls [`issue`] directly.

use chrono::{DateTime, Duration, Utc};
use entities::invitation;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, Set,
};

use super::{AdminError, managed};
use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;
use crate::secret;

/// Issues an invitation for `person_id`, valid for `validity` from `now`, issued by
/// `created_by` (`None`: the command line); returns the token (for the link) and its expiry.
/// Earlier unused invitations of the person are void from now on. The invitation, its mail and
/// its audit row are one transaction: none is written without the others.
#[tracing::instrument(skip(db, validity, now))]
pub async fn issue(
    db: &DatabaseConnection,
    person_id: i32,
    created_by: Option<i32>,
    validity: Duration,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), Error> {
    let token = secret::generate(secret::INVITATION)?;
    let expires_at = now + validity;
    let tz = crate::topology::building_tz(db).await?;
    let txn = begin_write(db).await?;
    let written = write(&txn, person_id, created_by, &token, expires_at, tz, now).await;
    match written {
        Ok(()) => txn.commit().await?,
        Err(err) => {
            txn.rollback().await?;
            return Err(err.into());
        }
    }
    Ok((token, expires_at))
}

/// The rows of [`issue`], in the caller's transaction.
async fn write(
    txn: &DatabaseTransaction,
    person_id: i32,
    created_by: Option<i32>,
    token: &str,
    expires_at: DateTime<Utc>,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Expr::value(now))
        .filter(invitation::Column::PersonId.eq(person_id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    let row = invitation::ActiveModel {
        person_id: Set(person_id),
        token_hash: Set(secret::hash(token)),
        created_by: Set(created_by),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let organisation = entities::person::Entity::find_by_id(person_id)
        .one(txn)
        .await?
        .map(|p| p.organisation_id);
    crate::mail::enqueue(
        txn,
        crate::mail::Mail {
            person_id,
            kind: crate::mail::MailKind::Invitation,
            key: format!("invitation:{}", row.id),
            params: crate::mail::Params {
                token: Some(token.to_owned()),
                expires_at: Some(expires_at),
                tz: Some(tz.name().to_owned()),
                ..crate::mail::Params::default()
            },
        },
        now,
    )
    .await?;
    audit::write(
        txn,
        audit::row(
            Event::InvitationCreated,
            created_by,
            organisation,
            Some(row.id.to_string()),
            None,
        ),
    )
    .await
}

/// An invitation for person `person_id` of `actor`'s organisation, issued by `actor` (see the
/// module docs for whom; not a deactivated person): the token and its expiry.
pub async fn invite(
    db: &DatabaseConnection,
    actor: &Principal,
    person_id: i32,
    validity: Duration,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), AdminError> {
    actor.require(Permission::ManagePeople)?;
    let person = managed(db, actor.organisation_id, person_id).await?;
    if !person.active {
        return Err(AdminError::Forbidden(
            "this person is deactivated: reactivate them first",
        ));
    }
    if crate::people::has_passkey(db, person_id).await? {
        return Err(AdminError::Forbidden(
            "this person has a passkey already: a recovery link comes only from the command line (platzwahl people invite)",
        ));
    }
    let roles = super::roles_of(db, &[person_id]).await?;
    if roles
        .get(&person_id)
        .is_some_and(|held| held.iter().any(|r| !crate::people::GRANTABLE.contains(r)))
    {
        return Err(AdminError::Forbidden(
            "this person holds a role you may not grant: their invitation comes only from the command line (platzwahl people invite)",
        ));
    }
    Ok(issue(db, person_id, Some(actor.person_id), validity, now).await?)
}
