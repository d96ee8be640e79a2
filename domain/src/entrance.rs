//! The entrance zone: who is admitted to its first-consultation rooms, and how long a slot in
//! a room may be.
//!
//! - **Admission.** The first-consultation rooms are the rooms in zones of kind `entrance`.
//!   Only counsellors and the front desk of organisations the building administrator admits
//!   (`entrance_admission`) reserve them or ask for a room now; anybody else is refused with
//!   [`Refusal::NotAdmitted`]. A fresh install admits nobody: the building administrator
//!   decides which organisations staff the entrance (the demo admits its three).
//! - **Slots.** A room's `max_slot_minutes` is the longest reservation it takes; a
//!   first-consultation room without one takes [`DEFAULT_MAX_SLOT_MINUTES`] (short slots of
//!   15 to 30 minutes), other rooms have no limit. Longer is refused with
//!   [`Refusal::SlotLimit`] (422, naming the limit) and nothing is written.

use chrono::{DateTime, Duration, Utc};
use entities::enums::ZoneKind;
use entities::{audit_log, building, entrance_admission, floor, organisation, room, zone};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};
use wire::model::Refusal;
use wire::model::entrance::{
    EntranceOrganisation, EntranceRoom, EntranceSettings, MaxSlot, SetAdmissions,
};
use wire::model::room_now::MAX_MINUTES;

use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;

/// The longest slot of a first-consultation room that sets none of its own, in minutes.
pub const DEFAULT_MAX_SLOT_MINUTES: i32 = MAX_MINUTES as i32;

/// The longest `max_slot_minutes` a building administrator may set (a day).
pub const MAX_SLOT_LIMIT: i32 = 24 * 60;

/// The longest reservation `r` takes, in minutes: its own limit, or for a first-consultation
/// room (`in_entrance`) the default; `None`: no limit.
pub fn longest_slot(r: &room::Model, in_entrance: bool) -> Option<i32> {
    r.max_slot_minutes
        .or(in_entrance.then_some(DEFAULT_MAX_SLOT_MINUTES))
}

/// `Ok` if a reservation of `length` fits `r`'s longest slot, [`Refusal::SlotLimit`]
/// otherwise.
pub fn check_slot(r: &room::Model, in_entrance: bool, length: Duration) -> Result<(), Error> {
    match longest_slot(r, in_entrance) {
        Some(minutes) if length > Duration::minutes(i64::from(minutes)) => {
            Err(Error::Refused(Refusal::SlotLimit { minutes }))
        }
        _ => Ok(()),
    }
}

/// The building of `r` if it lies in a zone of kind `entrance` (a first-consultation room).
pub async fn entrance_building(
    db: &impl ConnectionTrait,
    r: &room::Model,
) -> Result<Option<i32>, DbErr> {
    let Some(zone_id) = r.zone_id else {
        return Ok(None);
    };
    let Some(z) = zone::Entity::find_by_id(zone_id).one(db).await? else {
        return Ok(None);
    };
    if z.kind != ZoneKind::Entrance {
        return Ok(None);
    }
    Ok(floor::Entity::find_by_id(r.floor_id)
        .one(db)
        .await?
        .map(|f| f.building_id))
}

/// Whether organisation `organisation_id` is admitted to `building_id`'s entrance zone.
pub async fn admitted(
    db: &impl ConnectionTrait,
    building_id: i32,
    organisation_id: i32,
) -> Result<bool, DbErr> {
    Ok(
        entrance_admission::Entity::find_by_id((building_id, organisation_id))
            .one(db)
            .await?
            .is_some(),
    )
}

/// `Ok` if `who`'s organisation is admitted to `building_id`'s entrance zone,
/// [`Refusal::NotAdmitted`] otherwise.
pub async fn require_admitted(
    db: &impl ConnectionTrait,
    building_id: i32,
    who: &Principal,
) -> Result<(), Error> {
    if admitted(db, building_id, who.organisation_id).await? {
        Ok(())
    } else {
        Err(Error::Refused(Refusal::NotAdmitted))
    }
}

async fn building_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<building::Model, Error> {
    building::Entity::find()
        .filter(building::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// The entrance zone of building `slug`: every organisation and whether it is admitted, and
/// the first-consultation rooms with their longest slot (building administrators).
#[tracing::instrument(skip(db, who))]
pub async fn settings(
    db: &impl ConnectionTrait,
    who: &Principal,
    slug: &str,
) -> Result<EntranceSettings, Error> {
    who.require(Permission::ManageBuilding)?;
    let b = building_by_slug(db, slug).await?;
    let admitted: Vec<i32> = entrance_admission::Entity::find()
        .filter(entrance_admission::Column::BuildingId.eq(b.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.organisation_id)
        .collect();
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| EntranceOrganisation {
            admitted: admitted.contains(&o.id),
            slug: o.slug,
            name: o.name,
        })
        .collect();
    let floors: Vec<floor::Model> = floor::Entity::find()
        .filter(floor::Column::BuildingId.eq(b.id))
        .all(db)
        .await?;
    let entrance_zones: Vec<i32> = zone::Entity::find()
        .filter(zone::Column::FloorId.is_in(floors.iter().map(|f| f.id)))
        .filter(zone::Column::Kind.eq(ZoneKind::Entrance))
        .all(db)
        .await?
        .into_iter()
        .map(|z| z.id)
        .collect();
    let mut rooms: Vec<EntranceRoom> = room::Entity::find()
        .filter(room::Column::ZoneId.is_in(entrance_zones))
        .all(db)
        .await?
        .into_iter()
        .map(|r| EntranceRoom {
            id: r.id,
            level: floors
                .iter()
                .find(|f| f.id == r.floor_id)
                .map_or(0, |f| f.level),
            label: r.label,
            name: r.name,
            max_slot_minutes: r.max_slot_minutes,
        })
        .collect();
    rooms.sort_by(|a, b| (a.level, &a.label).cmp(&(b.level, &b.label)));
    Ok(EntranceSettings {
        building: b.slug,
        organisations,
        rooms,
        default_max_slot_minutes: DEFAULT_MAX_SLOT_MINUTES,
    })
}

fn audit_row(
    who: &Principal,
    action: &str,
    entity: &str,
    id: i32,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        at: Set(now),
        actor_person_id: Set(Some(who.person_id)),
        organisation_id: Set(Some(who.organisation_id)),
        action: Set(action.to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(Some(id.to_string())),
        detail: Set(Some(detail)),
        ..Default::default()
    }
}

/// Admits exactly the organisations `set` names to building `slug`'s entrance zone, in one
/// transaction with its audit row (building administrators). An unknown slug is refused and
/// nothing changes.
#[tracing::instrument(skip(db, who, set))]
pub async fn set_admissions(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    set: &SetAdmissions,
    now: DateTime<Utc>,
) -> Result<EntranceSettings, Error> {
    who.require(Permission::ManageBuilding)?;
    let b = building_by_slug(db, slug).await?;
    let all = organisation::Entity::find().all(db).await?;
    let mut ids = Vec::with_capacity(set.organisations.len());
    for (i, wanted) in set.organisations.iter().enumerate() {
        let found = all
            .iter()
            .find(|o| o.slug == wanted.trim())
            .ok_or_else(|| {
                Error::InvalidInput(format!("organisations[{i}]: no organisation {wanted:?}"))
            })?;
        if !ids.contains(&found.id) {
            ids.push(found.id);
        }
    }
    let txn = begin_write(db).await?;
    entrance_admission::Entity::delete_many()
        .filter(entrance_admission::Column::BuildingId.eq(b.id))
        .exec(&txn)
        .await?;
    if !ids.is_empty() {
        entrance_admission::Entity::insert_many(ids.iter().map(|id| {
            entrance_admission::ActiveModel {
                building_id: Set(b.id),
                organisation_id: Set(*id),
                created_at: Set(now),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    crate::audit::write(
        &txn,
        audit_row(
            who,
            "building.entrance_admissions",
            "building",
            b.id,
            serde_json::json!({ "organisations": ids }),
            now,
        ),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(admitted = ids.len(), "entrance admissions set");
    settings(db, who, slug).await
}

/// Admits every organisation to every building's entrance zone (the demo's seed), within the
/// caller's transaction.
pub async fn admit_everyone(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    let buildings = building::Entity::find().all(db).await?;
    let organisations = organisation::Entity::find().all(db).await?;
    for b in &buildings {
        for o in &organisations {
            if !admitted(db, b.id, o.id).await? {
                entrance_admission::Entity::insert(entrance_admission::ActiveModel {
                    building_id: Set(b.id),
                    organisation_id: Set(o.id),
                    created_at: Set(now),
                })
                .exec_without_returning(db)
                .await?;
            }
        }
    }
    Ok(())
}

/// Sets room `room_id`'s longest reservation (building administrators); it applies to
/// reservations made or changed from then on.
#[tracing::instrument(skip(db, who))]
pub async fn set_max_slot(
    db: &DatabaseConnection,
    who: &Principal,
    room_id: i32,
    slot: MaxSlot,
    now: DateTime<Utc>,
) -> Result<MaxSlot, Error> {
    who.require(Permission::ManageBuilding)?;
    if let Some(minutes) = slot.max_slot_minutes
        && !(1..=MAX_SLOT_LIMIT).contains(&minutes)
    {
        return Err(Error::InvalidInput(format!(
            "max_slot_minutes: 1 to {MAX_SLOT_LIMIT}, or null for no limit"
        )));
    }
    let r = room::Entity::find_by_id(room_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let txn = begin_write(db).await?;
    room::Entity::update_many()
        .col_expr(
            room::Column::MaxSlotMinutes,
            sea_orm::sea_query::Expr::value(slot.max_slot_minutes),
        )
        .filter(room::Column::Id.eq(r.id))
        .exec(&txn)
        .await?;
    crate::audit::write(
        &txn,
        audit_row(
            who,
            "room.max_slot",
            "room",
            r.id,
            serde_json::json!({ "max_slot_minutes": slot.max_slot_minutes }),
            now,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(slot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use entities::enums::PrivacyClass;

    fn room(max: Option<i32>) -> room::Model {
        room::Model {
            id: 1,
            floor_id: 1,
            zone_id: Some(1),
            label: "0.E1".into(),
            name: "Erstberatung".into(),
            capacity: 2,
            privacy_class: PrivacyClass::Protected,
            step_free: true,
            hearing_loop: false,
            equipment: String::new(),
            buffer_before_min: 0,
            buffer_after_min: 0,
            max_slot_minutes: max,
            x: 0,
            y: 0,
            width: 1,
            height: 1,
            book_now: false,
        }
    }

    #[test]
    fn a_first_consultation_room_without_a_limit_takes_the_default() {
        let r = room(None);
        assert_eq!(longest_slot(&r, true), Some(DEFAULT_MAX_SLOT_MINUTES));
        assert_eq!(longest_slot(&r, false), None);
        assert!(check_slot(&r, true, Duration::minutes(30)).is_ok());
        assert_eq!(
            check_slot(&r, true, Duration::minutes(45)),
            Err(Error::Refused(Refusal::SlotLimit {
                minutes: DEFAULT_MAX_SLOT_MINUTES
            }))
        );
        assert!(check_slot(&r, false, Duration::hours(8)).is_ok());
    }

    #[test]
    fn a_room_s_own_limit_wins_inside_and_outside_the_entrance() {
        let r = room(Some(15));
        assert!(check_slot(&r, false, Duration::minutes(15)).is_ok());
        assert_eq!(
            check_slot(&r, false, Duration::minutes(30)),
            Err(Error::Refused(Refusal::SlotLimit { minutes: 15 }))
        );
        assert_eq!(longest_slot(&room(Some(60)), true), Some(60));
    }
}
