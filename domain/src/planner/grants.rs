//! The zones the building administrators give each organisation (`zone_grant`). A unit's home
//! zones come only from its organisation's zones, and the home-zone planner moves a zone only
//! between units of the organisations it is given to.

use std::collections::HashMap;

use entities::{floor, home_zone, organisation, unit, zone, zone_grant};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use wire::model::planner::{GrantedZone, OrganisationRef, PlannedZone, SetZoneGrant};

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::error::Error;

/// Every zone of the building with the organisations it is given to, by floor and name.
pub async fn grants(db: &DatabaseConnection, who: &Principal) -> Result<Vec<GrantedZone>, Error> {
    who.require(Permission::ManagePolicies)?;
    let names: HashMap<i32, String> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let levels: HashMap<i32, i32> = floor::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.level))
        .collect();
    let mut given: HashMap<i32, Vec<OrganisationRef>> = HashMap::new();
    for grant in zone_grant::Entity::find().all(db).await? {
        given
            .entry(grant.zone_id)
            .or_default()
            .push(OrganisationRef {
                id: grant.organisation_id,
                name: names
                    .get(&grant.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
            });
    }
    let mut zones: Vec<GrantedZone> = zone::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|z| {
            let mut organisations = given.remove(&z.id).unwrap_or_default();
            organisations.sort_by_key(|o| o.id);
            GrantedZone {
                zone: PlannedZone {
                    id: z.id,
                    name: z.name,
                    level: levels.get(&z.floor_id).copied().unwrap_or_default(),
                },
                kind: super::zone_kind(z.kind).to_owned(),
                organisations,
            }
        })
        .collect();
    zones.sort_by(|a, b| {
        (a.zone.level, &a.zone.name, a.zone.id).cmp(&(b.zone.level, &b.zone.name, b.zone.id))
    });
    Ok(zones)
}

/// Gives a zone to an organisation or takes it back (building administrators). Taking it back
/// is refused ([`Error::Conflict`]) while a unit of the organisation has it as a home zone:
/// move the unit first. Audited (`planner.zone_granted`).
pub async fn set_grant(
    db: &DatabaseConnection,
    who: &Principal,
    change: &SetZoneGrant,
) -> Result<(), Error> {
    who.require(Permission::ManageBuilding)?;
    if zone::Entity::find_by_id(change.zone)
        .one(db)
        .await?
        .is_none()
        || organisation::Entity::find_by_id(change.organisation)
            .one(db)
            .await?
            .is_none()
    {
        return Err(Error::NotFound);
    }
    if change.granted {
        let exists = zone_grant::Entity::find_by_id((change.zone, change.organisation))
            .one(db)
            .await?
            .is_some();
        if !exists {
            zone_grant::Entity::insert(zone_grant::ActiveModel {
                zone_id: Set(change.zone),
                organisation_id: Set(change.organisation),
            })
            .on_conflict_do_nothing()
            .exec_without_returning(db)
            .await?;
        }
    } else {
        let units: Vec<i32> = unit::Entity::find()
            .select_only()
            .column(unit::Column::Id)
            .filter(unit::Column::OrganisationId.eq(change.organisation))
            .into_tuple()
            .all(db)
            .await?;
        let held = home_zone::Entity::find()
            .filter(home_zone::Column::ZoneId.eq(change.zone))
            .filter(home_zone::Column::UnitId.is_in(units))
            .count(db)
            .await?;
        if held > 0 {
            return Err(Error::Conflict(
                "a unit of the organisation has the zone as a home zone: move it first".into(),
            ));
        }
        zone_grant::Entity::delete_by_id((change.zone, change.organisation))
            .exec(db)
            .await?;
    }
    audit::record_by(
        db,
        Event::ZoneGranted,
        who,
        format!(
            "{}:{}:{}",
            change.zone,
            change.organisation,
            if change.granted { "given" } else { "taken" }
        ),
    )
    .await;
    Ok(())
}
