//! Erasing a person on a data-protection request. In one transaction, after a fresh passkey
//! confirmation of the administrator:
//!
//! - what lets them in or holds a place for them ends as for a leaver
//!   ([`super::lifecycle`]);
//! - their bookings, reservations and check-ins stay for the statistics, without them
//!   (`person_id`/`owner_id` `NULL`; a reservation also loses its subject, notes and number of
//!   attendees), as retention does with old ones ([`crate::retention`]);
//! - their sessions, tokens, passkeys, badges, invitations, roles, deputies, requests for the
//!   day allocation and reservation series are deleted;
//! - the audit log keeps its entries, but none names them as their actor any more (the log
//!   never holds names);
//! - their row stays as an empty shell (`anonymised`, inactive, no name, no address, no unit),
//!   so entries that refer to "person 42" refer to nobody; it is no longer listed, found,
//!   changed or exported.
//!
//! The erasure is recorded (`people.erased`) by the administrator who did it.

use chrono::{DateTime, Utc};
use entities::{
    api_token, audit_log, auth_ceremony, check_in, deputy, desk_booking, desk_booking_half,
    desk_request, invitation, person, person_role, reservation_series, room_reservation,
    web_session,
};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter,
};

use super::{AdminError, audit, managed, may_lock_out};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::topology::Topology;

/// The display name an erased person's row keeps: not a name.
pub const ERASED_NAME: &str = "—";

fn null_int() -> SimpleExpr {
    Expr::value(sea_orm::Value::Int(None))
}

fn null_text() -> SimpleExpr {
    Expr::value(sea_orm::Value::String(None))
}

/// Erases person `person_id` of `actor`'s organisation (see the module docs). Needs a
/// passkey confirmation within the last five minutes; not oneself, nor somebody with a
/// building-wide role.
#[tracing::instrument(skip(db, topology, actor), fields(actor = actor.person_id))]
pub async fn erase(
    db: &DatabaseConnection,
    topology: &Topology,
    actor: &Principal,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AdminError> {
    actor.require(Permission::ManagePeople)?;
    let person = managed(db, actor.organisation_id, person_id).await?;
    may_lock_out(db, actor, &person).await?;
    crate::auth::require_step_up(db, actor).await?;
    let txn = begin_write(db).await?;
    let written = async {
        person::Entity::update_many()
            .col_expr(person::Column::DisplayName, Expr::value(ERASED_NAME))
            .col_expr(person::Column::Email, null_text())
            .col_expr(person::Column::UnitId, null_int())
            .col_expr(person::Column::ShareLocation, Expr::value(false))
            .col_expr(person::Column::NeedsAccessibleDesk, Expr::value(false))
            .col_expr(person::Column::Active, Expr::value(false))
            .col_expr(person::Column::Anonymised, Expr::value(true))
            .col_expr(person::Column::DirectoryKey, null_text())
            .filter(person::Column::Id.eq(person_id))
            .exec(&txn)
            .await?;
        super::lifecycle::end_everything(&txn, topology, person_id, now).await?;
        forget(&txn, person_id).await?;
        audit(&txn, actor, "people.erased", person_id, None, now).await
    }
    .await;
    match written {
        Ok(()) => {
            txn.commit().await?;
            tracing::info!("person erased");
            Ok(())
        }
        Err(err) => {
            txn.rollback().await?;
            Err(err.into())
        }
    }
}

/// Detaches the person from everything kept and deletes everything else of theirs.
async fn forget(txn: &DatabaseTransaction, person_id: i32) -> Result<(), DbErr> {
    desk_booking::Entity::update_many()
        .col_expr(desk_booking::Column::PersonId, null_int())
        .filter(desk_booking::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    desk_booking_half::Entity::update_many()
        .col_expr(desk_booking_half::Column::PersonId, null_int())
        .filter(desk_booking_half::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    check_in::Entity::update_many()
        .col_expr(check_in::Column::PersonId, null_int())
        .filter(check_in::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    let series: Vec<i32> = reservation_series::Entity::find()
        .filter(reservation_series::Column::OwnerId.eq(person_id))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    room_reservation::Entity::update_many()
        .col_expr(room_reservation::Column::SeriesId, null_int())
        .filter(room_reservation::Column::SeriesId.is_in(series.iter().copied()))
        .exec(txn)
        .await?;
    room_reservation::Entity::update_many()
        .col_expr(room_reservation::Column::OwnerId, null_int())
        .col_expr(room_reservation::Column::Subject, null_text())
        .col_expr(room_reservation::Column::Notes, null_text())
        .col_expr(room_reservation::Column::Attendees, null_int())
        .filter(room_reservation::Column::OwnerId.eq(person_id))
        .exec(txn)
        .await?;
    reservation_series::Entity::delete_many()
        .filter(reservation_series::Column::OwnerId.eq(person_id))
        .exec(txn)
        .await?;
    desk_request::Entity::delete_many()
        .filter(desk_request::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    web_session::Entity::delete_many()
        .filter(web_session::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    api_token::Entity::delete_many()
        .filter(api_token::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    invitation::Entity::update_many()
        .col_expr(invitation::Column::CreatedBy, null_int())
        .filter(invitation::Column::CreatedBy.eq(person_id))
        .exec(txn)
        .await?;
    auth_ceremony::Entity::delete_many()
        .filter(auth_ceremony::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    // The account at the organisation's identity provider (issuer and subject).
    entities::person_identity::Entity::delete_many()
        .filter(entities::person_identity::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    person_role::Entity::delete_many()
        .filter(person_role::Column::PersonId.eq(person_id))
        .exec(txn)
        .await?;
    deputy::Entity::delete_many()
        .filter(
            Condition::any()
                .add(deputy::Column::OwnerId.eq(person_id))
                .add(deputy::Column::DeputyId.eq(person_id)),
        )
        .exec(txn)
        .await?;
    audit_log::Entity::update_many()
        .col_expr(audit_log::Column::ActorPersonId, null_int())
        .filter(audit_log::Column::ActorPersonId.eq(person_id))
        .exec(txn)
        .await?;
    Ok(())
}
