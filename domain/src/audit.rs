//! The audit log: who (a person id, never a name), what, on which record; never a secret, a
//! token, a badge id or an address. Security events go through [`record`] (never fatal), the
//! rows of bookings, reservations, check-ins and blocks through [`write()`] inside their
//! transactions.

use chrono::Utc;
use entities::audit_log;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

/// A security event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A person signed in (`entity_id`: the session).
    SignIn,
    /// A sign-in failed (no person known, or the passkey did not verify).
    SignInFailed,
    /// A person signed out of one session.
    SignOut,
    /// A person ended all their sessions.
    SignOutEverywhere,
    /// A person confirmed a step with their passkey (step-up; `entity_id`: the session).
    StepUp,
    /// A person's roles were changed (`entity_id`: the person).
    RolesChanged,
    /// A passkey was registered (`entity_id`: the passkey).
    PasskeyAdded,
    /// A passkey was renamed.
    PasskeyRenamed,
    /// A passkey was revoked.
    PasskeyRevoked,
    /// An invitation was issued (`entity_id`: the invitation).
    InvitationCreated,
    /// A person was created.
    PersonCreated,
    /// An access token was created (`entity_id`: the token).
    TokenCreated,
    /// An access token was revoked.
    TokenRevoked,
    /// Two units' affinity for the home-zone planner set or removed.
    AffinitySet,
    /// A zone given to an organisation, or taken back.
    ZoneGranted,
    /// A home-zone plan kept to be applied from a day on.
    PlanProposed,
    /// An organisation consented to a home-zone plan.
    PlanConsented,
    /// A home-zone plan applied: the units' home zones changed.
    PlanApplied,
    /// A home-zone plan withdrawn.
    PlanWithdrawn,
    /// A unit created (`entity_id`: the unit).
    UnitCreated,
    /// A unit renamed.
    UnitRenamed,
    /// A unit merged into another (`entity_id`: the merged unit; detail: the other unit's id
    /// and the counts moved).
    UnitMerged,
    /// A unit closed.
    UnitClosed,
    /// A unit's home zones set (detail: how many).
    HomeZonesSet,
    /// A unit's own booking policy set or removed.
    UnitPolicySet,
    /// A counsellor's deputies set (`entity_id`: the counsellor; detail: how many).
    DeputiesSet,
    /// A building's own booking policy, or the default for every building (`entity_id`
    /// `default`), set or removed.
    BuildingPolicySet,
    /// An organisation's single sign-on mapping (claim values → units and roles) replaced
    /// (`entity_id`: the organisation; detail: how many entries).
    IdentityMappingSet,
    /// What is published as open data, its licence or publisher changed (`entity_id`:
    /// `open_data`; detail: the datasets and the licence).
    OpenDataSet,
    /// A room's calendar feed created, replacing an earlier one (`entity_id`: the room).
    RoomFeedCreated,
    /// A room's calendar feed revoked (`entity_id`: the room).
    RoomFeedRevoked,
}

impl Event {
    /// The `audit_log.action` value.
    pub fn action(self) -> &'static str {
        match self {
            Event::SignIn => "auth.sign_in",
            Event::SignInFailed => "auth.sign_in_failed",
            Event::SignOut => "auth.sign_out",
            Event::SignOutEverywhere => "auth.sign_out_everywhere",
            Event::PasskeyAdded => "auth.passkey_added",
            Event::StepUp => "auth.step_up",
            Event::RolesChanged => "people.roles_changed",
            Event::PasskeyRenamed => "auth.passkey_renamed",
            Event::PasskeyRevoked => "auth.passkey_revoked",
            Event::InvitationCreated => "auth.invitation_created",
            Event::PersonCreated => "people.person_created",
            Event::TokenCreated => "auth.token_created",
            Event::TokenRevoked => "auth.token_revoked",
            Event::AffinitySet => "planner.affinity_set",
            Event::ZoneGranted => "planner.zone_granted",
            Event::PlanProposed => "planner.plan_proposed",
            Event::PlanConsented => "planner.plan_consented",
            Event::PlanApplied => "planner.plan_applied",
            Event::PlanWithdrawn => "planner.plan_withdrawn",
            Event::UnitCreated => "units.created",
            Event::UnitRenamed => "units.renamed",
            Event::UnitMerged => "units.merged",
            Event::UnitClosed => "units.closed",
            Event::HomeZonesSet => "units.home_zones_set",
            Event::UnitPolicySet => "units.policy_set",
            Event::DeputiesSet => "units.deputies_set",
            Event::BuildingPolicySet => "policies.building_set",
            Event::IdentityMappingSet => "people.identity_mapping_set",
            Event::OpenDataSet => "open_data.set",
            Event::RoomFeedCreated => "rooms.feed_created",
            Event::RoomFeedRevoked => "rooms.feed_revoked",
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Event::SignIn
            | Event::SignInFailed
            | Event::SignOut
            | Event::SignOutEverywhere
            | Event::StepUp => "web_session",
            Event::PasskeyAdded | Event::PasskeyRenamed | Event::PasskeyRevoked => "passkey",
            Event::InvitationCreated => "invitation",
            Event::PersonCreated | Event::RolesChanged => "person",
            Event::TokenCreated | Event::TokenRevoked => "api_token",
            Event::AffinitySet => "unit_affinity",
            Event::ZoneGranted => "zone_grant",
            Event::PlanProposed
            | Event::PlanConsented
            | Event::PlanApplied
            | Event::PlanWithdrawn => "zone_plan",
            Event::UnitCreated
            | Event::UnitRenamed
            | Event::UnitMerged
            | Event::UnitClosed
            | Event::HomeZonesSet
            | Event::UnitPolicySet => "unit",
            Event::DeputiesSet => "person",
            Event::BuildingPolicySet => "building",
            Event::IdentityMappingSet => "organisation",
            Event::OpenDataSet => "open_data_dataset",
            Event::RoomFeedCreated | Event::RoomFeedRevoked => "room_feed",
        }
    }
}

/// Writes one audit row as part of the caller's work (a transaction, as a rule): if it cannot
/// be written, the action fails with it. Every audit row of the domain goes through here or
/// [`record`]; rows carry ids, never names, and protected rooms' rows no actor (the callers
/// leave it out).
pub async fn write(db: &impl ConnectionTrait, row: audit_log::ActiveModel) -> Result<(), DbErr> {
    audit_log::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Writes `event` done by `principal` about the record `entity_id` with `detail` (ids and
/// counts only) as part of the caller's transaction: if it cannot be written, the action fails
/// with it.
pub async fn write_by(
    db: &impl ConnectionTrait,
    event: Event,
    principal: &crate::auth::Principal,
    entity_id: impl ToString,
    detail: Option<serde_json::Value>,
) -> Result<(), DbErr> {
    write(
        db,
        audit_log::ActiveModel {
            at: Set(Utc::now()),
            actor_person_id: Set(Some(principal.person_id)),
            organisation_id: Set(Some(principal.organisation_id)),
            action: Set(event.action().to_string()),
            entity: Set(event.entity().to_string()),
            entity_id: Set(Some(entity_id.to_string())),
            detail: Set(detail),
            ..Default::default()
        },
    )
    .await
}

/// [`record`] of `event` done by `principal` about the record `entity_id`.
pub async fn record_by(
    db: &impl ConnectionTrait,
    event: Event,
    principal: &crate::auth::Principal,
    entity_id: impl ToString,
) {
    record(
        db,
        event,
        Some(principal.person_id),
        Some(principal.organisation_id),
        Some(entity_id.to_string()),
        None,
    )
    .await;
}

/// The audit row of `event` by `actor` (a person id) about the record `entity_id`, with a short
/// machine-readable `reason` for failures: for [`write`] in the caller's transaction.
pub(crate) fn row(
    event: Event,
    actor: Option<i32>,
    organisation: Option<i32>,
    entity_id: Option<String>,
    reason: Option<&str>,
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_person_id: Set(actor),
        organisation_id: Set(organisation),
        action: Set(event.action().to_string()),
        entity: Set(event.entity().to_string()),
        entity_id: Set(entity_id),
        detail: Set(reason.map(|reason| serde_json::json!({ "reason": reason }))),
        ..Default::default()
    }
}

/// Writes `event` by `actor` (a person id) about the record `entity_id`, with a short
/// machine-readable `reason` for failures. Failing to write is logged, never fatal: the action
/// itself has happened.
pub async fn record(
    db: &impl ConnectionTrait,
    event: Event,
    actor: Option<i32>,
    organisation: Option<i32>,
    entity_id: Option<String>,
    reason: Option<&str>,
) {
    let row = row(event, actor, organisation, entity_id, reason);
    if let Err(err) = write(db, row).await {
        tracing::error!(error = %err, action = event.action(), "cannot write the audit log");
    }
}
