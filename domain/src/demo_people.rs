//! The demo people one may sign in as without a passkey (demo mode only): for every
//! organisation, the first seeded demo person holding each role, so a newcomer can try every
//! role. Only people the demo seeded (`person.demo`) are ever listed or accepted.

use std::collections::{BTreeMap, HashMap, HashSet};

use entities::enums::Role;
use entities::{organisation, person, person_role, unit};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::account::role_code;
use crate::error::Error;
use wire::identity::DemoPerson;

/// One person per organisation and role, by organisation and then role.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<DemoPerson>, Error> {
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let units: HashMap<i32, String> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut roles: BTreeMap<i32, Vec<Role>> = BTreeMap::new();
    for row in person_role::Entity::find().all(db).await? {
        roles.entry(row.person_id).or_default().push(row.role);
    }
    let people = person::Entity::find()
        .filter(person::Column::Active.eq(true))
        .filter(person::Column::Demo.eq(true))
        .order_by_asc(person::Column::OrganisationId)
        .order_by_asc(person::Column::Id)
        .all(db)
        .await?;
    let mut chosen = Vec::new();
    let mut seen: HashSet<(i32, &'static str)> = HashSet::new();
    for person in people {
        let mut held = roles.remove(&person.id).unwrap_or_default();
        held.sort_by_key(|role| *role as u8);
        // A plain employee stands for "employee"; others for their most special role.
        let key = held
            .iter()
            .rev()
            .copied()
            .next()
            .map_or("employee", role_code);
        if seen.insert((person.organisation_id, key)) {
            chosen.push(DemoPerson {
                id: person.id,
                name: person.display_name,
                organisation: organisations
                    .get(&person.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                unit: person.unit_id.and_then(|id| units.get(&id).cloned()),
                roles: held.into_iter().map(|r| role_code(r).to_string()).collect(),
            });
        }
    }
    Ok(chosen)
}

/// The active demo person with this id, if there is one: demo sign-in accepts nobody else.
pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<person::Model>, Error> {
    Ok(person::Entity::find_by_id(id)
        .filter(person::Column::Active.eq(true))
        .filter(person::Column::Demo.eq(true))
        .one(db)
        .await?)
}
