//! Units that work together (`unit_affinity`): the home-zone planner keeps them close.

use std::collections::HashMap;

use entities::enums::Role;
use entities::{unit, unit_affinity};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use wire::model::planner::{Affinity, SetAffinity};

use crate::audit::{self, Event};
use crate::auth::Principal;
use crate::error::Error;

/// Every pair of units that work together, by unit ids.
pub async fn affinities(db: &DatabaseConnection) -> Result<Vec<Affinity>, Error> {
    let names: HashMap<i32, String> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(unit_affinity::Entity::find()
        .order_by_asc(unit_affinity::Column::UnitAId)
        .order_by_asc(unit_affinity::Column::UnitBId)
        .all(db)
        .await?
        .into_iter()
        .map(|a| Affinity {
            unit_a: a.unit_a_id,
            unit_a_name: names.get(&a.unit_a_id).cloned().unwrap_or_default(),
            unit_b: a.unit_b_id,
            unit_b_name: names.get(&a.unit_b_id).cloned().unwrap_or_default(),
            weight: u8::try_from(a.weight.clamp(0, 10)).unwrap_or(0),
        })
        .collect())
}

/// Sets how much two units should sit close (1–10), or removes the pair (0). Facility
/// managers and building administrators may set any pair; an organisation administrator
/// only pairs of units of their own organisation. Audited.
pub async fn set_affinity(
    db: &DatabaseConnection,
    who: &Principal,
    change: &SetAffinity,
) -> Result<(), Error> {
    if change.unit_a == change.unit_b {
        return Err(Error::InvalidInput(
            "a unit has no affinity with itself".into(),
        ));
    }
    if change.weight > 10 {
        return Err(Error::InvalidInput("`weight` is between 0 and 10".into()));
    }
    let (a, b) = (
        change.unit_a.min(change.unit_b),
        change.unit_a.max(change.unit_b),
    );
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in([a, b]))
        .all(db)
        .await?;
    if units.len() != 2 {
        return Err(Error::NotFound);
    }
    let everywhere = who
        .roles
        .iter()
        .any(|r| matches!(r, Role::FacilityManager | Role::BuildingAdmin));
    if !everywhere
        && units
            .iter()
            .any(|u| u.organisation_id != who.organisation_id)
    {
        return Err(Error::Forbidden);
    }
    if change.weight == 0 {
        unit_affinity::Entity::delete_many()
            .filter(unit_affinity::Column::UnitAId.eq(a))
            .filter(unit_affinity::Column::UnitBId.eq(b))
            .exec(db)
            .await?;
    } else {
        unit_affinity::Entity::insert(unit_affinity::ActiveModel {
            unit_a_id: Set(a),
            unit_b_id: Set(b),
            weight: Set(i32::from(change.weight)),
        })
        .on_conflict(
            OnConflict::columns([
                unit_affinity::Column::UnitAId,
                unit_affinity::Column::UnitBId,
            ])
            .update_column(unit_affinity::Column::Weight)
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    audit::record_by(db, Event::AffinitySet, who, format!("{a}-{b}")).await;
    Ok(())
}

/// Every open unit, by name.
pub async fn units(db: &DatabaseConnection) -> Result<Vec<unit::Model>, Error> {
    Ok(unit::Entity::find()
        .filter(unit::Column::Closed.eq(false))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?)
}
