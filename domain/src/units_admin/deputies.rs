//! The deputies of an organisation's counsellors: a deputy may act on the counsellor's
//! consultation reservations (see [`crate::rooms`]). Both are people of the same organisation,
//! and both are counsellors; a counsellor is not their own deputy.
//!
//! Organisation administrators only ([`Permission::ManageUnits`]); a person of another
//! organisation, or one who has been erased, is [`Error::NotFound`].

use std::collections::{BTreeSet, HashMap};

use entities::enums::Role;
use entities::{deputy, person, person_role};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set,
};
use wire::model::units::{CounsellorDeputies, PersonRef, SetDeputies};

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;

/// The most deputies a counsellor may have.
pub const MAX_DEPUTIES: usize = 20;

/// Every active counsellor of organisation `org` with their deputies, by name.
pub(super) async fn all(
    db: &impl ConnectionTrait,
    org: i32,
) -> Result<Vec<CounsellorDeputies>, Error> {
    let counsellors = counsellors_of(db, org).await?;
    let ids: Vec<i32> = counsellors.iter().map(|p| p.id).collect();
    let rows = deputy::Entity::find()
        .filter(deputy::Column::OwnerId.is_in(ids))
        .all(db)
        .await?;
    let names = names(db, org, rows.iter().map(|r| r.deputy_id).collect()).await?;
    let mut by_owner: HashMap<i32, Vec<PersonRef>> = HashMap::new();
    for row in rows {
        if let Some(name) = names.get(&row.deputy_id) {
            by_owner.entry(row.owner_id).or_default().push(PersonRef {
                id: row.deputy_id,
                display_name: name.clone(),
            });
        }
    }
    Ok(counsellors
        .into_iter()
        .map(|counsellor| {
            let mut deputies = by_owner.remove(&counsellor.id).unwrap_or_default();
            deputies.sort_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
            CounsellorDeputies {
                counsellor,
                deputies,
            }
        })
        .collect())
}

/// Counsellor `id` of `who`'s organisation with their deputies.
pub async fn deputies(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
) -> Result<CounsellorDeputies, Error> {
    who.require(Permission::ManageUnits)?;
    let counsellor = counsellor(db, who.organisation_id, id).await?;
    let rows: Vec<i32> = deputy::Entity::find()
        .select_only()
        .column(deputy::Column::DeputyId)
        .filter(deputy::Column::OwnerId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let names = names(db, who.organisation_id, rows).await?;
    let mut deputies: Vec<PersonRef> = names
        .into_iter()
        .map(|(id, display_name)| PersonRef { id, display_name })
        .collect();
    deputies.sort_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
    Ok(CounsellorDeputies {
        counsellor,
        deputies,
    })
}

/// Replaces the deputies of counsellor `id` with `change.deputies`: active counsellors of the
/// same organisation, not `id` itself. Nothing changes when one is refused.
pub async fn set_deputies(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    change: &SetDeputies,
) -> Result<CounsellorDeputies, Error> {
    who.require(Permission::ManageUnits)?;
    let org = who.organisation_id;
    counsellor(db, org, id).await?;
    if change.deputies.len() > MAX_DEPUTIES {
        return Err(Error::InvalidInput(format!(
            "at most {MAX_DEPUTIES} deputies"
        )));
    }
    let mut seen = BTreeSet::new();
    if let Some(twice) = change.deputies.iter().find(|d| !seen.insert(**d)) {
        return Err(Error::InvalidInput(format!(
            "person {twice} is named twice"
        )));
    }
    if change.deputies.contains(&id) {
        return Err(Error::InvalidInput(
            "a counsellor is not their own deputy".into(),
        ));
    }
    for deputy_id in &change.deputies {
        let found = person::Entity::find_by_id(*deputy_id)
            .filter(person::Column::OrganisationId.eq(org))
            .filter(person::Column::Anonymised.eq(false))
            .one(db)
            .await?
            .ok_or(Error::NotFound)?;
        if !found.active {
            return Err(Error::InvalidInput(format!(
                "person {deputy_id} is deactivated"
            )));
        }
        if !holds_counsellor(db, *deputy_id).await? {
            return Err(Error::InvalidInput(format!(
                "person {deputy_id} is not a counsellor: only counsellors deputise"
            )));
        }
    }
    let txn = begin_write(db).await?;
    let written: Result<(), Error> = async {
        deputy::Entity::delete_many()
            .filter(deputy::Column::OwnerId.eq(id))
            .exec(&txn)
            .await?;
        if !change.deputies.is_empty() {
            deputy::Entity::insert_many(change.deputies.iter().map(|deputy_id| {
                deputy::ActiveModel {
                    owner_id: Set(id),
                    deputy_id: Set(*deputy_id),
                }
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        audit::write_by(
            &txn,
            Event::DeputiesSet,
            who,
            id,
            Some(serde_json::json!({ "deputies": change.deputies.len() })),
        )
        .await?;
        Ok(())
    }
    .await;
    super::finish(txn, written).await?;
    deputies(db, who, id).await
}

/// Adds `deputy_id` to the deputies of counsellor `id` (no change when they are one already).
pub async fn add_deputy(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    deputy_id: i32,
) -> Result<CounsellorDeputies, Error> {
    let mut ids: Vec<i32> = deputies(db, who, id)
        .await?
        .deputies
        .iter()
        .map(|d| d.id)
        .collect();
    if !ids.contains(&deputy_id) {
        ids.push(deputy_id);
    }
    set_deputies(db, who, id, &SetDeputies { deputies: ids }).await
}

/// Removes `deputy_id` from the deputies of counsellor `id` (no change when they are none).
pub async fn remove_deputy(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    deputy_id: i32,
) -> Result<CounsellorDeputies, Error> {
    let ids: Vec<i32> = deputies(db, who, id)
        .await?
        .deputies
        .iter()
        .map(|d| d.id)
        .filter(|d| *d != deputy_id)
        .collect();
    set_deputies(db, who, id, &SetDeputies { deputies: ids }).await
}

/// Person `id` of organisation `org` if they are a counsellor; [`Error::NotFound`] for
/// another organisation's or an erased person, [`Error::InvalidInput`] for one who is no
/// counsellor.
async fn counsellor(db: &impl ConnectionTrait, org: i32, id: i32) -> Result<PersonRef, Error> {
    let found = person::Entity::find_by_id(id)
        .filter(person::Column::OrganisationId.eq(org))
        .filter(person::Column::Anonymised.eq(false))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    if !holds_counsellor(db, id).await? {
        return Err(Error::InvalidInput(format!(
            "person {id} is not a counsellor: only counsellors have deputies"
        )));
    }
    Ok(PersonRef {
        id: found.id,
        display_name: found.display_name,
    })
}

async fn holds_counsellor(db: &impl ConnectionTrait, id: i32) -> Result<bool, Error> {
    Ok(person_role::Entity::find_by_id((id, Role::Counsellor))
        .one(db)
        .await?
        .is_some())
}

/// The active counsellors of organisation `org`, by name.
async fn counsellors_of(db: &impl ConnectionTrait, org: i32) -> Result<Vec<PersonRef>, Error> {
    let ids: Vec<i32> = person_role::Entity::find()
        .select_only()
        .column(person_role::Column::PersonId)
        .filter(person_role::Column::Role.eq(Role::Counsellor))
        .into_tuple()
        .all(db)
        .await?;
    let mut people: Vec<PersonRef> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .filter(person::Column::OrganisationId.eq(org))
        .filter(person::Column::Active.eq(true))
        .filter(person::Column::Anonymised.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|p| PersonRef {
            id: p.id,
            display_name: p.display_name,
        })
        .collect();
    people.sort_by(|a, b| (&a.display_name, a.id).cmp(&(&b.display_name, b.id)));
    Ok(people)
}

/// The display names of the people `ids` of organisation `org` (others are left out).
async fn names(
    db: &impl ConnectionTrait,
    org: i32,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, Error> {
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .filter(person::Column::OrganisationId.eq(org))
        .filter(person::Column::Anonymised.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect())
}
