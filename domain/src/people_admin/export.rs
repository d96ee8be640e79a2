//! A data-protection access request: everything Platzwahl stores about a person, as one JSON
//! document for their organisation's administrator to hand over. It holds the person's own
//! data in full — the subjects and notes of their own reservations of protected rooms
//! included — and of other people only their ids (a deputy, who issued an invitation). Secrets
//! are never in it: badges, sessions and tokens appear as stored (a badge by its hash), a
//! passkey without its key, a browser subscribed to push notifications by its push service's
//! host only (never its endpoint or keys). Every export is recorded (`people.exported`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::{
    api_token, audit_log, badge, check_in, deputy, desk, desk_booking, desk_request, invitation,
    organisation, passkey, reservation_series, room, room_reservation, web_session,
};
use sea_orm::{
    ActiveEnum, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

use super::{AdminError, audit, managed, views};
use crate::auth::{Permission, Principal};

fn code<T: ActiveEnum<Value = String>>(value: &T) -> String {
    value.to_value()
}

/// Everything stored about person `person_id` of `actor`'s organisation, as JSON (see the
/// module docs); recorded in the audit log.
#[tracing::instrument(skip(db, actor), fields(actor = actor.person_id))]
pub async fn export(
    db: &DatabaseConnection,
    actor: &Principal,
    person_id: i32,
    now: DateTime<Utc>,
) -> Result<Value, AdminError> {
    actor.require(Permission::ManagePeople)?;
    let person = managed(db, actor.organisation_id, person_id).await?;
    let organisation = organisation::Entity::find_by_id(person.organisation_id)
        .one(db)
        .await?;
    let share_location = person.share_location;
    let needs_accessible_desk = person.needs_accessible_desk;
    let directory_key = person.directory_key.clone();
    let demo = person.demo;
    let Some(view) = views(db, vec![person]).await?.pop() else {
        return Err(AdminError::NotFound);
    };

    let desks: HashMap<i32, String> = desk::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.label))
        .collect();
    let rooms: HashMap<i32, room::Model> = room::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();

    let desk_bookings: Vec<Value> = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(person_id))
        .order_by_asc(desk_booking::Column::Day)
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            json!({
                "id": b.id,
                "desk_id": b.desk_id,
                "desk": desks.get(&b.desk_id),
                "day": b.day,
                "slot": code(&b.slot),
                "status": code(&b.status),
                "source": code(&b.source),
                "created_at": b.created_at,
                "cancelled_at": b.cancelled_at,
                "checked_in_at": b.checked_in_at,
            })
        })
        .collect();
    let room_reservations: Vec<Value> = room_reservation::Entity::find()
        .filter(room_reservation::Column::OwnerId.eq(person_id))
        .order_by_asc(room_reservation::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            let place = rooms.get(&r.room_id);
            json!({
                "id": r.id,
                "room_id": r.room_id,
                "room": place.map(|p| format!("{} {}", p.label, p.name)),
                "protected": place.is_some_and(|p| code(&p.privacy_class) == "protected"),
                "starts_at": r.starts_at,
                "ends_at": r.ends_at,
                "subject": r.subject,
                "notes": r.notes,
                "attendees": r.attendees,
                "status": code(&r.status),
                "series_id": r.series_id,
                "created_at": r.created_at,
                "checked_in_at": r.checked_in_at,
            })
        })
        .collect();
    let series: Vec<Value> = reservation_series::Entity::find()
        .filter(reservation_series::Column::OwnerId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id, "room_id": s.room_id, "rule": s.rule,
                "until_day": s.until_day, "created_at": s.created_at,
            })
        })
        .collect();
    let desk_requests: Vec<Value> = desk_request::Entity::find()
        .filter(desk_request::Column::PersonId.eq(person_id))
        .order_by_asc(desk_request::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id, "day": r.day, "slot": code(&r.slot), "needs": r.needs,
                "wishes": r.wishes, "status": code(&r.status), "booking_id": r.booking_id,
                "explanation": r.explanation, "created_at": r.created_at,
                "decided_at": r.decided_at,
            })
        })
        .collect();
    let check_ins: Vec<Value> = check_in::Entity::find()
        .filter(check_in::Column::PersonId.eq(person_id))
        .order_by_asc(check_in::Column::At)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            json!({
                "id": c.id, "desk_booking_id": c.desk_booking_id,
                "room_reservation_id": c.room_reservation_id, "method": code(&c.method),
                "at": c.at,
            })
        })
        .collect();
    let badges: Vec<Value> = badge::Entity::find()
        .filter(badge::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|b| json!({ "id": b.id, "badge_hash": b.badge_hash, "created_at": b.created_at }))
        .collect();
    let passkeys: Vec<Value> = passkey::Entity::find()
        .filter(passkey::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            json!({
                "id": p.id, "name": p.name, "created_at": p.created_at,
                "last_used_at": p.last_used_at,
            })
        })
        .collect();
    // Accounts at the organisation's identity provider (single sign-on).
    let identities: Vec<Value> = entities::person_identity::Entity::find()
        .filter(entities::person_identity::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| json!({ "issuer": i.issuer, "subject": i.subject, "created_at": i.created_at }))
        .collect();
    let sessions: Vec<Value> = web_session::Entity::find()
        .filter(web_session::Column::PersonId.eq(person_id))
        .order_by_asc(web_session::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id, "created_at": s.created_at, "last_seen_at": s.last_seen_at,
                "expires_at": s.expires_at, "revoked_at": s.revoked_at,
                "verified_at": s.verified_at,
            })
        })
        .collect();
    let tokens: Vec<Value> = api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            json!({
                "id": t.id, "kind": code(&t.kind), "name": t.name, "scopes": t.scopes,
                "created_at": t.created_at, "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at, "expires_at": t.expires_at,
            })
        })
        .collect();
    let invitations: Vec<Value> = invitation::Entity::find()
        .filter(invitation::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| {
            json!({
                "id": i.id, "created_by": i.created_by, "expires_at": i.expires_at,
                "used_at": i.used_at,
            })
        })
        .collect();
    let deputies = deputy::Entity::find()
        .filter(
            Condition::any()
                .add(deputy::Column::OwnerId.eq(person_id))
                .add(deputy::Column::DeputyId.eq(person_id)),
        )
        .all(db)
        .await?;
    let audit_entry = |a: audit_log::Model| {
        json!({
            "id": a.id, "at": a.at, "actor_person_id": a.actor_person_id, "action": a.action,
            "entity": a.entity, "entity_id": a.entity_id, "detail": a.detail,
        })
    };
    let by_them: Vec<Value> = audit_log::Entity::find()
        .filter(audit_log::Column::ActorPersonId.eq(person_id))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(audit_entry)
        .collect();
    let about_them: Vec<Value> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("person"))
        .filter(audit_log::Column::EntityId.eq(person_id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(audit_entry)
        .collect();

    let choices = |choices: Vec<(crate::mail::MailKind, bool)>| -> Vec<Value> {
        choices
            .into_iter()
            .map(|(kind, on)| json!({ "kind": crate::mail::code(kind), "on": on }))
            .collect()
    };
    let mail_choices = choices(crate::mail::choices(db, person_id).await?);
    let push_choices = choices(crate::push::choices(db, person_id).await?);
    let push_subscriptions: Vec<Value> = crate::push::subscriptions(db, person_id)
        .await?
        .into_iter()
        .map(|s| json!({ "host": s.host, "created_at": s.created_at }))
        .collect();

    let document = json!({
        "exported_at": now,
        "person": {
            "id": view.id,
            "display_name": view.display_name,
            "email": view.email,
            "locale": view.locale,
            "organisation": organisation.map(|o| json!({ "id": o.id, "slug": o.slug, "name": o.name })),
            "unit": view.unit.map(|u| json!({ "id": u.id, "slug": u.slug, "name": u.name })),
            "roles": view.roles,
            "active": view.active,
            "share_location": share_location,
            "needs_accessible_desk": needs_accessible_desk,
            "directory_key": directory_key,
            "demo": demo,
            "created_at": view.created_at,
        },
        "deputies": {
            "deputy_of": deputies.iter().filter(|d| d.deputy_id == person_id).map(|d| d.owner_id).collect::<Vec<_>>(),
            "deputised_by": deputies.iter().filter(|d| d.owner_id == person_id).map(|d| d.deputy_id).collect::<Vec<_>>(),
        },
        "badges": badges,
        "passkeys": passkeys,
        "identities": identities,
        "sessions": sessions,
        "tokens": tokens,
        "invitations": invitations,
        "desk_bookings": desk_bookings,
        "desk_requests": desk_requests,
        "room_reservations": room_reservations,
        "reservation_series": series,
        "check_ins": check_ins,
        "notifications": {
            "mail": mail_choices,
            "push": push_choices,
            "push_subscriptions": push_subscriptions,
        },
        "audit": { "by_them": by_them, "about_them": about_them },
    });
    audit(db, actor, "people.exported", person_id, None, now).await?;
    Ok(document)
}
