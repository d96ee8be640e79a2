//! An organisation's administrators run its units: create, rename, merge and close them, give
//! them home zones in order of preference (only zones the building administrators have given
//! the organisation, `zone_grant`), set their own booking policy, and name the deputies of
//! the organisation's counsellors ([`deputies`]).
//!
//! Only organisation administrators ([`Permission::ManageUnits`]), and only of their own
//! organisation: a unit or person of another organisation is [`Error::NotFound`], never
//! "forbidden", which would tell that it exists.
//!
//! # Decisions
//! - **Merging** unit A into unit B moves A's people to B and appends A's home zones that B
//!   does not have after B's own (in A's order); future desk bookings stay as they are (they
//!   are the people's), deputies are untouched (they are between people). A is then
//!   **closed**, not removed: its history in the reports (`unit_day`) stays its own. All in
//!   one transaction.
//! - **Closing** is refused ([`Error::Conflict`]) while people are in the unit: move them in
//!   the people administration first, or merge the unit into another. A closed unit has no
//!   home zones and no policy of its own; it can be renamed, nothing else.
//! - Merging or closing a unit that a waiting home-zone plan moves is refused: the plan would
//!   give the closed unit zones again.
//! - A unit's **policy** is its own row of `policy` (scope `unit`); the fields an
//!   organisation administrator does not set (check-in grace, automatic release) are copied
//!   from the organisation's policy, else the building's default, when the row is created.
//!   Removing it lets the organisation's or building's policy apply again.
//!
//! Merging, closing and setting home zones change the home zones: the caller invalidates the
//! kept topology and tells the other instances ([`merge`], [`close`], [`set_home_zones`]).
//! Policies and home zones reach booking within [`crate::booking::FACTS_FOR`].
//!
//! Every change writes its audit entry (`units.*`) with ids and counts only.

pub mod deputies;

use std::collections::{BTreeSet, HashMap};

use entities::enums::{Overflow, PolicyScope, ZonePlanStatus};
use entities::{
    floor, home_zone, person, policy, unit, zone, zone_grant, zone_plan, zone_plan_home,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    SqlErr,
};
use wire::model::units::{
    AdminUnit, GivenZone, MergeUnit, Merged, NewUnit, RenameUnit, SetHomeZones, UnitHomeZone,
    UnitOverflow, UnitPolicy, UnitsOverview,
};

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;

/// The longest unit name.
pub const MAX_NAME: usize = 120;
/// The longest short name (slug).
pub const MAX_SLUG: usize = 60;
/// The most home zones a unit may have.
pub const MAX_HOME_ZONES: usize = 50;

/// Everything the units page of `who`'s organisation shows: its units, the zones given to
/// it and its counsellors with their deputies.
pub async fn overview(db: &DatabaseConnection, who: &Principal) -> Result<UnitsOverview, Error> {
    who.require(Permission::ManageUnits)?;
    let org = who.organisation_id;
    let rows = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(org))
        .order_by_asc(unit::Column::Closed)
        .order_by_asc(unit::Column::Name)
        .order_by_asc(unit::Column::Id)
        .all(db)
        .await?;
    let units = views(db, org, rows).await?;
    let levels = levels(db).await?;
    let given: Vec<i32> = zone_grant::Entity::find()
        .select_only()
        .column(zone_grant::Column::ZoneId)
        .filter(zone_grant::Column::OrganisationId.eq(org))
        .into_tuple()
        .all(db)
        .await?;
    let mut zones: Vec<GivenZone> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(given))
        .all(db)
        .await?
        .into_iter()
        .map(|z| GivenZone {
            id: z.id,
            level: levels.get(&z.floor_id).copied().unwrap_or_default(),
            name: z.name,
        })
        .collect();
    zones.sort_by(|a, b| (a.level, &a.name, a.id).cmp(&(b.level, &b.name, b.id)));
    Ok(UnitsOverview {
        units,
        zones,
        counsellors: deputies::all(db, org).await?,
    })
}

/// Unit `id` of `who`'s organisation as its administrators see it.
pub async fn one(db: &DatabaseConnection, who: &Principal, id: i32) -> Result<AdminUnit, Error> {
    who.require(Permission::ManageUnits)?;
    let row = own_unit(db, who.organisation_id, id).await?;
    view(db, who.organisation_id, row).await
}

/// Creates a unit of `who`'s organisation. [`Error::Conflict`] when the short name is taken
/// (short names are unique across organisations).
pub async fn create(
    db: &DatabaseConnection,
    who: &Principal,
    new: &NewUnit,
) -> Result<AdminUnit, Error> {
    who.require(Permission::ManageUnits)?;
    let slug = valid_slug(&new.slug)?;
    let name = valid_name(&new.name)?;
    let taken = || Error::Conflict(format!("the short name `{slug}` is taken: choose another"));
    if unit::Entity::find()
        .filter(unit::Column::Slug.eq(&slug))
        .count(db)
        .await?
        > 0
    {
        return Err(taken());
    }
    let txn = begin_write(db).await?;
    let written: Result<i32, Error> = async {
        let id = unit::Entity::insert(unit::ActiveModel {
            organisation_id: Set(who.organisation_id),
            slug: Set(slug.clone()),
            name: Set(name),
            closed: Set(false),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => taken(),
            _ => Error::from(err),
        })?
        .last_insert_id;
        audit::write_by(&txn, Event::UnitCreated, who, id, None).await?;
        Ok(id)
    }
    .await;
    let id = finish(txn, written).await?;
    one(db, who, id).await
}

/// Renames unit `id` (closed units too).
pub async fn rename(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    change: &RenameUnit,
) -> Result<AdminUnit, Error> {
    who.require(Permission::ManageUnits)?;
    let name = valid_name(&change.name)?;
    let row = own_unit(db, who.organisation_id, id).await?;
    let txn = begin_write(db).await?;
    let written: Result<(), Error> = async {
        let mut active = row.into_active_model();
        active.name = Set(name);
        active.update(&txn).await?;
        audit::write_by(&txn, Event::UnitRenamed, who, id, None).await?;
        Ok(())
    }
    .await;
    finish(txn, written).await?;
    one(db, who, id).await
}

/// Merges unit `id` into unit `merge.into` (see the module's decisions): people and the home
/// zones the other unit lacks move, unit `id` is closed. Home zones change.
pub async fn merge(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    merge: &MergeUnit,
) -> Result<Merged, Error> {
    who.require(Permission::ManageUnits)?;
    if merge.into < 1 {
        return Err(Error::InvalidInput(
            "`into` is a unit id (1 or more)".into(),
        ));
    }
    let org = who.organisation_id;
    let from = own_unit(db, org, id).await?;
    let into = own_unit(db, org, merge.into).await?;
    if from.id == into.id {
        return Err(Error::InvalidInput(
            "a unit cannot be merged into itself".into(),
        ));
    }
    if from.closed {
        return Err(Error::Conflict("the unit is closed already".into()));
    }
    if into.closed {
        return Err(Error::Conflict(
            "the unit to merge into is closed: choose an open one".into(),
        ));
    }
    refuse_if_planned(db, from.id).await?;
    let txn = begin_write(db).await?;
    let written: Result<(u32, u32), Error> = async {
        let moved = person::Entity::update_many()
            .col_expr(person::Column::UnitId, Expr::value(into.id))
            .filter(person::Column::UnitId.eq(from.id))
            .exec(&txn)
            .await?
            .rows_affected;
        let theirs = home_zones_of(&txn, into.id).await?;
        let held: BTreeSet<i32> = theirs.iter().map(|h| h.zone_id).collect();
        let mut next = theirs.iter().map(|h| h.priority).max().unwrap_or(0);
        let mut added = Vec::new();
        for home in home_zones_of(&txn, from.id).await? {
            if !held.contains(&home.zone_id) {
                next += 1;
                added.push(home_zone::ActiveModel {
                    unit_id: Set(into.id),
                    zone_id: Set(home.zone_id),
                    priority: Set(next),
                });
            }
        }
        let zones_added = u32::try_from(added.len()).unwrap_or(u32::MAX);
        close_in(&txn, from.id).await?;
        if !added.is_empty() {
            home_zone::Entity::insert_many(added)
                .exec_without_returning(&txn)
                .await?;
        }
        let people_moved = u32::try_from(moved).unwrap_or(u32::MAX);
        audit::write_by(
            &txn,
            Event::UnitMerged,
            who,
            from.id,
            Some(serde_json::json!({
                "into": into.id,
                "people": people_moved,
                "zones": zones_added,
            })),
        )
        .await?;
        Ok((people_moved, zones_added))
    }
    .await;
    let (people_moved, zones_added) = finish(txn, written).await?;
    Ok(Merged {
        unit: one(db, who, into.id).await?,
        people_moved,
        zones_added,
    })
}

/// Closes unit `id`: refused ([`Error::Conflict`]) while people are in it. Its home zones and
/// own policy go. Home zones change.
pub async fn close(db: &DatabaseConnection, who: &Principal, id: i32) -> Result<AdminUnit, Error> {
    who.require(Permission::ManageUnits)?;
    let row = own_unit(db, who.organisation_id, id).await?;
    if row.closed {
        return Err(Error::Conflict("the unit is closed already".into()));
    }
    let people = person::Entity::find()
        .filter(person::Column::UnitId.eq(id))
        .filter(person::Column::Anonymised.eq(false))
        .count(db)
        .await?;
    if people > 0 {
        return Err(Error::Conflict(format!(
            "{people} people are still in the unit: move them to another unit first, or merge the unit into another"
        )));
    }
    refuse_if_planned(db, id).await?;
    let txn = begin_write(db).await?;
    let written: Result<(), Error> = async {
        // Erased people keep no unit.
        person::Entity::update_many()
            .col_expr(person::Column::UnitId, Expr::value(Option::<i32>::None))
            .filter(person::Column::UnitId.eq(id))
            .exec(&txn)
            .await?;
        close_in(&txn, id).await?;
        audit::write_by(&txn, Event::UnitClosed, who, id, None).await?;
        Ok(())
    }
    .await;
    finish(txn, written).await?;
    one(db, who, id).await
}

/// Sets the home zones of unit `id`, first choice first. Each zone must be given to the
/// organisation ([`Error::InvalidInput`] naming the first that is not; nothing changes then).
/// Home zones change.
pub async fn set_home_zones(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    change: &SetHomeZones,
) -> Result<AdminUnit, Error> {
    who.require(Permission::ManageUnits)?;
    let row = own_unit(db, who.organisation_id, id).await?;
    if change.zones.len() > MAX_HOME_ZONES {
        return Err(Error::InvalidInput(format!(
            "at most {MAX_HOME_ZONES} home zones"
        )));
    }
    let mut seen = BTreeSet::new();
    if let Some(twice) = change.zones.iter().find(|z| !seen.insert(**z)) {
        return Err(Error::InvalidInput(format!("zone {twice} is named twice")));
    }
    if row.closed {
        return Err(Error::Conflict(
            "the unit is closed: it has no home zones".into(),
        ));
    }
    let zones: HashMap<i32, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(change.zones.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let given: BTreeSet<i32> = zone_grant::Entity::find()
        .select_only()
        .column(zone_grant::Column::ZoneId)
        .filter(zone_grant::Column::OrganisationId.eq(who.organisation_id))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for zone_id in &change.zones {
        let Some(found) = zones.get(zone_id) else {
            return Err(Error::InvalidInput(format!(
                "zone {zone_id} does not exist"
            )));
        };
        if !given.contains(zone_id) {
            return Err(Error::InvalidInput(format!(
                "zone {zone_id} ({}) is not given to your organisation: ask the building administrators for it",
                found.name
            )));
        }
    }
    let txn = begin_write(db).await?;
    let written: Result<(), Error> = async {
        home_zone::Entity::delete_many()
            .filter(home_zone::Column::UnitId.eq(id))
            .exec(&txn)
            .await?;
        let rows: Vec<home_zone::ActiveModel> = (1..)
            .zip(&change.zones)
            .map(|(priority, zone_id)| home_zone::ActiveModel {
                unit_id: Set(id),
                zone_id: Set(*zone_id),
                priority: Set(priority),
            })
            .collect();
        if !rows.is_empty() {
            home_zone::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
        }
        audit::write_by(
            &txn,
            Event::HomeZonesSet,
            who,
            id,
            Some(serde_json::json!({ "zones": change.zones.len() })),
        )
        .await?;
        Ok(())
    }
    .await;
    finish(txn, written).await?;
    one(db, who, id).await
}

/// Sets the own booking policy of unit `id` (`None` removes it: the organisation's or the
/// building's applies again).
pub async fn set_policy(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    change: Option<&UnitPolicy>,
) -> Result<AdminUnit, Error> {
    who.require(Permission::ManageUnits)?;
    let row = own_unit(db, who.organisation_id, id).await?;
    if let Some(change) = change {
        crate::building_policy::check_booking_limits(
            change.max_days_ahead,
            change.max_bookings_per_week,
        )?;
        if row.closed {
            return Err(Error::Conflict(
                "the unit is closed: it has no policy of its own".into(),
            ));
        }
    }
    let existing = policy::Entity::find()
        .filter(policy::Column::Scope.eq(PolicyScope::Unit))
        .filter(policy::Column::ScopeId.eq(id))
        .one(db)
        .await?;
    let txn = begin_write(db).await?;
    let written: Result<(), Error> = async {
        match (change, existing) {
            (Some(change), Some(stored)) => {
                let mut active = stored.into_active_model();
                active.max_days_ahead = Set(change.max_days_ahead);
                active.max_bookings_per_week = Set(change.max_bookings_per_week);
                active.half_days_allowed = Set(change.half_days_allowed);
                active.overflow = Set(overflow_to_db(change.overflow));
                active.update(&txn).await?;
            }
            (Some(change), None) => {
                let inherited = inherited(&txn, who.organisation_id).await?;
                policy::Entity::insert(policy::ActiveModel {
                    scope: Set(PolicyScope::Unit),
                    scope_id: Set(Some(id)),
                    max_days_ahead: Set(change.max_days_ahead),
                    max_bookings_per_week: Set(change.max_bookings_per_week),
                    half_days_allowed: Set(change.half_days_allowed),
                    overflow: Set(overflow_to_db(change.overflow)),
                    checkin_grace_min: Set(inherited.checkin_grace_min),
                    auto_release: Set(inherited.auto_release),
                    release_without_sensor: Set(inherited.release_without_sensor),
                    ..Default::default()
                })
                .exec_without_returning(&txn)
                .await?;
            }
            (None, Some(stored)) => {
                policy::Entity::delete_by_id(stored.id).exec(&txn).await?;
            }
            (None, None) => {}
        }
        audit::write_by(
            &txn,
            Event::UnitPolicySet,
            who,
            id,
            Some(serde_json::json!({ "removed": change.is_none() })),
        )
        .await?;
        Ok(())
    }
    .await;
    finish(txn, written).await?;
    one(db, who, id).await
}

/// The policy a new unit policy takes the fields from that organisation administrators do not
/// set: the organisation's, else the building-wide default, else the built-in one.
async fn inherited(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<crate::booking::rules::Policy, DbErr> {
    let organisation = policy::Entity::find()
        .filter(policy::Column::Scope.eq(PolicyScope::Organisation))
        .filter(policy::Column::ScopeId.eq(organisation_id))
        .one(db)
        .await?;
    let stored = match organisation {
        Some(found) => Some(found),
        None => {
            policy::Entity::find()
                .filter(policy::Column::Scope.eq(PolicyScope::Building))
                .filter(policy::Column::ScopeId.is_null())
                .one(db)
                .await?
        }
    };
    let default = crate::booking::rules::Policy::default();
    Ok(stored.map_or(default, |p| crate::booking::rules::Policy {
        max_days_ahead: p.max_days_ahead,
        max_bookings_per_week: p.max_bookings_per_week,
        half_days_allowed: p.half_days_allowed,
        overflow: p.overflow,
        checkin_grace_min: p.checkin_grace_min,
        auto_release: p.auto_release,
        release_without_sensor: p.release_without_sensor,
    }))
}

/// Unit `id` if it is of `organisation_id`; [`Error::NotFound`] otherwise.
async fn own_unit(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    id: i32,
) -> Result<unit::Model, Error> {
    unit::Entity::find_by_id(id)
        .filter(unit::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// [`Error::Conflict`] while a waiting home-zone plan moves unit `id`.
async fn refuse_if_planned(db: &impl ConnectionTrait, id: i32) -> Result<(), Error> {
    let waiting: Vec<i32> = zone_plan::Entity::find()
        .select_only()
        .column(zone_plan::Column::Id)
        .filter(zone_plan::Column::Status.eq(ZonePlanStatus::Proposed))
        .into_tuple()
        .all(db)
        .await?;
    let planned = zone_plan_home::Entity::find()
        .filter(zone_plan_home::Column::PlanId.is_in(waiting))
        .filter(zone_plan_home::Column::UnitId.eq(id))
        .count(db)
        .await?;
    if planned > 0 {
        return Err(Error::Conflict(
            "a waiting home-zone plan moves this unit: wait until it applied, or have it withdrawn"
                .into(),
        ));
    }
    Ok(())
}

/// Takes unit `id`'s home zones and own policy away and marks it closed.
async fn close_in(txn: &DatabaseTransaction, id: i32) -> Result<(), DbErr> {
    home_zone::Entity::delete_many()
        .filter(home_zone::Column::UnitId.eq(id))
        .exec(txn)
        .await?;
    policy::Entity::delete_many()
        .filter(policy::Column::Scope.eq(PolicyScope::Unit))
        .filter(policy::Column::ScopeId.eq(id))
        .exec(txn)
        .await?;
    unit::Entity::update_many()
        .col_expr(unit::Column::Closed, Expr::value(true))
        .filter(unit::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Unit `id`'s home zones, first choice first.
async fn home_zones_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<home_zone::Model>, DbErr> {
    home_zone::Entity::find()
        .filter(home_zone::Column::UnitId.eq(id))
        .order_by_asc(home_zone::Column::Priority)
        .order_by_asc(home_zone::Column::ZoneId)
        .all(db)
        .await
}

/// Commits `txn` when `result` is a success, rolls it back otherwise.
async fn finish<T>(txn: DatabaseTransaction, result: Result<T, Error>) -> Result<T, Error> {
    match result {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(err) => {
            txn.rollback().await?;
            Err(err)
        }
    }
}

/// The level of every floor.
async fn levels(db: &impl ConnectionTrait) -> Result<HashMap<i32, i32>, DbErr> {
    Ok(floor::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.level))
        .collect())
}

/// One unit as its administrators see it.
async fn view(db: &impl ConnectionTrait, org: i32, row: unit::Model) -> Result<AdminUnit, Error> {
    views(db, org, vec![row])
        .await?
        .pop()
        .ok_or(Error::NotFound)
}

/// Units of organisation `org` as their administrators see them, in the order given.
async fn views(
    db: &impl ConnectionTrait,
    org: i32,
    rows: Vec<unit::Model>,
) -> Result<Vec<AdminUnit>, Error> {
    let ids: Vec<i32> = rows.iter().map(|u| u.id).collect();
    let mut people: HashMap<i32, u32> = HashMap::new();
    let members: Vec<Option<i32>> = person::Entity::find()
        .select_only()
        .column(person::Column::UnitId)
        .filter(person::Column::OrganisationId.eq(org))
        .filter(person::Column::Anonymised.eq(false))
        .filter(person::Column::UnitId.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    for unit_id in members.into_iter().flatten() {
        *people.entry(unit_id).or_default() += 1;
    }
    let homes = home_zone::Entity::find()
        .filter(home_zone::Column::UnitId.is_in(ids.clone()))
        .order_by_asc(home_zone::Column::Priority)
        .order_by_asc(home_zone::Column::ZoneId)
        .all(db)
        .await?;
    let zone_ids: Vec<i32> = homes.iter().map(|h| h.zone_id).collect();
    let zones: HashMap<i32, zone::Model> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(zone_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z))
        .collect();
    let levels = levels(db).await?;
    let mut home_zones: HashMap<i32, Vec<UnitHomeZone>> = HashMap::new();
    for home in homes {
        if let Some(z) = zones.get(&home.zone_id) {
            home_zones
                .entry(home.unit_id)
                .or_default()
                .push(UnitHomeZone {
                    id: z.id,
                    name: z.name.clone(),
                    level: levels.get(&z.floor_id).copied().unwrap_or_default(),
                    priority: home.priority,
                });
        }
    }
    let mut policies: HashMap<i32, UnitPolicy> = policy::Entity::find()
        .filter(policy::Column::Scope.eq(PolicyScope::Unit))
        .filter(policy::Column::ScopeId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some((
                p.scope_id?,
                UnitPolicy {
                    max_days_ahead: p.max_days_ahead,
                    max_bookings_per_week: p.max_bookings_per_week,
                    half_days_allowed: p.half_days_allowed,
                    overflow: overflow_from_db(p.overflow),
                },
            ))
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|u| AdminUnit {
            people: people.get(&u.id).copied().unwrap_or_default(),
            home_zones: home_zones.remove(&u.id).unwrap_or_default(),
            policy: policies.remove(&u.id),
            id: u.id,
            slug: u.slug,
            name: u.name,
            closed: u.closed,
        })
        .collect())
}

/// A short name as stored: lower-case letters, digits and `-`, starting with a letter or
/// digit, 1–[`MAX_SLUG`] characters.
fn valid_slug(slug: &str) -> Result<String, Error> {
    let slug = slug.trim();
    let well_formed = !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-');
    if well_formed {
        Ok(slug.to_owned())
    } else {
        Err(Error::InvalidInput(format!(
            "the short name is 1–{MAX_SLUG} lower-case letters, digits and `-`, starting with a letter or digit"
        )))
    }
}

/// A unit name as stored: trimmed, 1–[`MAX_NAME`] characters, no control characters.
fn valid_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(Error::InvalidInput(format!(
            "the name is 1–{MAX_NAME} characters without control characters"
        )));
    }
    Ok(name.to_owned())
}

fn overflow_to_db(overflow: UnitOverflow) -> Overflow {
    match overflow {
        UnitOverflow::None => Overflow::None,
        UnitOverflow::DayBefore14 => Overflow::DayBefore14,
        UnitOverflow::SameDay => Overflow::SameDay,
    }
}

fn overflow_from_db(overflow: Overflow) -> UnitOverflow {
    match overflow {
        Overflow::None => UnitOverflow::None,
        Overflow::DayBefore14 => UnitOverflow::DayBefore14,
        Overflow::SameDay => UnitOverflow::SameDay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_lower_case_letters_digits_and_dashes() {
        assert_eq!(valid_slug(" buergerbuero-2 "), Ok("buergerbuero-2".into()));
        for bad in ["", "-a", "Gross", "a b", "ä", &"a".repeat(MAX_SLUG + 1)] {
            assert!(valid_slug(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_are_trimmed_and_have_no_control_characters() {
        assert_eq!(valid_name("  Bürgerbüro "), Ok("Bürgerbüro".into()));
        for bad in ["", "   ", "a\nb", &"x".repeat(MAX_NAME + 1)] {
            assert!(valid_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn overflow_codes_round_trip() {
        for overflow in UnitOverflow::ALL {
            assert_eq!(overflow_from_db(overflow_to_db(overflow)), overflow);
            assert_eq!(UnitOverflow::from_code(overflow.code()), Some(overflow));
            assert_eq!(
                serde_json::to_value(overflow).ok(),
                Some(serde_json::Value::from(overflow.code())),
                "the wire speaks the codes"
            );
        }
    }
}
