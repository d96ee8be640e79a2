//! Home-zone plans: a proposal kept to be applied from a day on ([`keep`]), the consent of each
//! organisation whose units it moves ([`consent`]), and its application ([`apply_due`]): on
//! its first day, once every organisation consented, the moved units' home zones are replaced
//! in one transaction. The database keeps at most one plan waiting; of several instances that
//! apply the same plan, exactly one changes anything (the status moves from `proposed` to
//! `applied` under a condition).
//!
//! A plan whose zones were taken from an organisation before it applied is withdrawn instead
//! (its units would get zones their organisation no longer has).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::ZonePlanStatus;
use entities::{
    floor, home_zone, organisation, unit, zone, zone_grant, zone_plan, zone_plan_consent,
    zone_plan_home,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use wire::model::planner::{
    NewPlan, OrganisationRef, PlanConsent, PlanMove, PlannedZone, StoredPlan,
};

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;
use crate::error::Error;

/// How far ahead a plan may start.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// Keeps the proposal `plan` asks for, to be applied from `plan.effective_from` on (today
/// or later) once every organisation whose units it moves consented. Facility managers and
/// building administrators. [`Error::Conflict`] while another plan waits; [`Error::InvalidInput`]
/// when the proposal moves no unit.
pub async fn keep(
    db: &DatabaseConnection,
    topology: &crate::topology::Topology,
    who: &Principal,
    plan: &NewPlan,
    today: NaiveDate,
    min_group: u32,
) -> Result<StoredPlan, Error> {
    who.require(Permission::ManageDesks)?;
    if plan.effective_from < today
        || plan.effective_from > today + chrono::Duration::days(MAX_DAYS_AHEAD)
    {
        return Err(Error::InvalidInput(format!(
            "`effective_from` is between today ({today}) and {MAX_DAYS_AHEAD} days ahead"
        )));
    }
    let query = plan.query();
    let view = super::proposal(db, topology, &query, min_group).await?;
    let moved: Vec<_> = view.units.iter().filter(|u| u.moved).collect();
    if moved.is_empty() {
        return Err(Error::InvalidInput(
            "the proposal moves no unit: there is nothing to apply".into(),
        ));
    }
    let units: HashMap<i32, i32> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.organisation_id))
        .collect();
    let parties: BTreeSet<i32> = moved
        .iter()
        .filter_map(|u| units.get(&u.unit_id).copied())
        .collect();
    let txn = begin_write(db).await?;
    let written: Result<i32, DbErr> = async {
        let row = zone_plan::Entity::insert(zone_plan::ActiveModel {
            status: Set(ZonePlanStatus::Proposed),
            effective_from: Set(plan.effective_from),
            measured_from: Set(query.from),
            measured_to: Set(query.to),
            percentile: Set(i32::from(view.percentile)),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
        let id = row.last_insert_id;
        let homes: Vec<zone_plan_home::ActiveModel> = moved
            .iter()
            .flat_map(|u| {
                (1..)
                    .zip(&u.proposed)
                    .map(move |(priority, z)| zone_plan_home::ActiveModel {
                        plan_id: Set(id),
                        unit_id: Set(u.unit_id),
                        zone_id: Set(z.id),
                        priority: Set(priority),
                    })
            })
            .collect();
        if !homes.is_empty() {
            zone_plan_home::Entity::insert_many(homes)
                .exec_without_returning(&txn)
                .await?;
        }
        zone_plan_consent::Entity::insert_many(parties.iter().map(|org| {
            zone_plan_consent::ActiveModel {
                plan_id: Set(id),
                organisation_id: Set(*org),
                given_at: Set(None),
            }
        }))
        .exec_without_returning(&txn)
        .await?;
        audit::record_by(&txn, Event::PlanProposed, who, id).await;
        Ok(id)
    }
    .await;
    let id = match written {
        Ok(id) => {
            txn.commit().await?;
            id
        }
        Err(err) => {
            txn.rollback().await?;
            if let Some(SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
                return Err(Error::Conflict(
                    "another plan is waiting: withdraw it first".into(),
                ));
            }
            return Err(err.into());
        }
    };
    one(db, id).await
}

/// Every plan, newest first. Facility managers, organisation and building administrators.
pub async fn list(db: &DatabaseConnection, who: &Principal) -> Result<Vec<StoredPlan>, Error> {
    who.require(Permission::ManagePolicies)?;
    let rows = zone_plan::Entity::find()
        .order_by_desc(zone_plan::Column::Id)
        .all(db)
        .await?;
    let names = Names::load(db).await?;
    let mut plans = Vec::with_capacity(rows.len());
    for row in rows {
        plans.push(view(db, &names, row).await?);
    }
    Ok(plans)
}

/// One plan.
async fn one(db: &DatabaseConnection, id: i32) -> Result<StoredPlan, Error> {
    let row = zone_plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    view(db, &Names::load(db).await?, row).await
}

/// The names a plan is shown with.
struct Names {
    units: HashMap<i32, unit::Model>,
    organisations: HashMap<i32, String>,
    zones: HashMap<i32, PlannedZone>,
}

impl Names {
    async fn load(db: &impl ConnectionTrait) -> Result<Names, DbErr> {
        let levels: HashMap<i32, i32> = floor::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.id, f.level))
            .collect();
        Ok(Names {
            units: unit::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
            organisations: organisation::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect(),
            zones: zone::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|z| {
                    (
                        z.id,
                        PlannedZone {
                            id: z.id,
                            name: z.name,
                            level: levels.get(&z.floor_id).copied().unwrap_or_default(),
                        },
                    )
                })
                .collect(),
        })
    }
}

async fn view(
    db: &DatabaseConnection,
    names: &Names,
    row: zone_plan::Model,
) -> Result<StoredPlan, Error> {
    let mut moves: BTreeMap<i32, Vec<(i32, i32)>> = BTreeMap::new();
    for home in zone_plan_home::Entity::find()
        .filter(zone_plan_home::Column::PlanId.eq(row.id))
        .all(db)
        .await?
    {
        moves
            .entry(home.unit_id)
            .or_default()
            .push((home.priority, home.zone_id));
    }
    let consents = zone_plan_consent::Entity::find()
        .filter(zone_plan_consent::Column::PlanId.eq(row.id))
        .order_by_asc(zone_plan_consent::Column::OrganisationId)
        .all(db)
        .await?;
    Ok(StoredPlan {
        id: row.id,
        status: row.status.to_value(),
        effective_from: row.effective_from,
        measured_from: row.measured_from,
        measured_to: row.measured_to,
        percentile: u8::try_from(row.percentile).unwrap_or(100),
        created_at: row.created_at,
        decided_at: row.decided_at,
        moves: moves
            .into_iter()
            .map(|(unit_id, mut zones)| {
                zones.sort();
                let unit = names.units.get(&unit_id);
                PlanMove {
                    unit_id,
                    unit: unit.map(|u| u.name.clone()).unwrap_or_default(),
                    organisation_id: unit.map(|u| u.organisation_id).unwrap_or_default(),
                    zones: zones
                        .into_iter()
                        .filter_map(|(_, z)| names.zones.get(&z).cloned())
                        .collect(),
                }
            })
            .collect(),
        consents: consents
            .into_iter()
            .map(|c| PlanConsent {
                organisation: OrganisationRef {
                    id: c.organisation_id,
                    name: names
                        .organisations
                        .get(&c.organisation_id)
                        .cloned()
                        .unwrap_or_default(),
                },
                given_at: c.given_at,
            })
            .collect(),
    })
}

/// The consent of `who`'s organisation (its administrators) to waiting plan `id`. 404 for a
/// plan that does not wait or does not move a unit of the organisation; consenting twice
/// changes nothing. Returns the plan as it is after [`apply_due`] ran for `today` (a plan due
/// today applies with the last consent).
pub async fn consent(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(StoredPlan, Vec<i32>), Error> {
    who.require(Permission::ManageUnits)?;
    let waiting = zone_plan::Entity::find_by_id(id)
        .filter(zone_plan::Column::Status.eq(ZonePlanStatus::Proposed))
        .one(db)
        .await?
        .is_some();
    let party = zone_plan_consent::Entity::find_by_id((id, who.organisation_id))
        .one(db)
        .await?;
    let Some(party) = party.filter(|_| waiting) else {
        return Err(Error::NotFound);
    };
    if party.given_at.is_none() {
        zone_plan_consent::Entity::update_many()
            .col_expr(zone_plan_consent::Column::GivenAt, Expr::value(now))
            .filter(zone_plan_consent::Column::PlanId.eq(id))
            .filter(zone_plan_consent::Column::OrganisationId.eq(who.organisation_id))
            .filter(zone_plan_consent::Column::GivenAt.is_null())
            .exec(db)
            .await?;
        audit::record_by(db, Event::PlanConsented, who, id).await;
    }
    let applied = apply_due(db, today, now).await?;
    Ok((one(db, id).await?, applied))
}

/// Withdraws waiting plan `id` (facility managers, building administrators); 404 when it does
/// not wait.
pub async fn withdraw(
    db: &DatabaseConnection,
    who: &Principal,
    id: i32,
    now: DateTime<Utc>,
) -> Result<StoredPlan, Error> {
    who.require(Permission::ManageDesks)?;
    let changed = zone_plan::Entity::update_many()
        .col_expr(
            zone_plan::Column::Status,
            Expr::value(ZonePlanStatus::Withdrawn.to_value()),
        )
        .col_expr(zone_plan::Column::DecidedAt, Expr::value(now))
        .filter(zone_plan::Column::Id.eq(id))
        .filter(zone_plan::Column::Status.eq(ZonePlanStatus::Proposed))
        .exec(db)
        .await?
        .rows_affected;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    audit::record_by(db, Event::PlanWithdrawn, who, id).await;
    one(db, id).await
}

/// Applies every waiting plan whose first day is `today` or earlier and to which every
/// organisation consented; returns the ids applied (the home zones changed: the caller tells
/// the instances that the topology changed). Safe to run on every instance at once.
pub async fn apply_due(
    db: &DatabaseConnection,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, Error> {
    let due = zone_plan::Entity::find()
        .filter(zone_plan::Column::Status.eq(ZonePlanStatus::Proposed))
        .filter(zone_plan::Column::EffectiveFrom.lte(today))
        .all(db)
        .await?;
    let mut applied = Vec::new();
    for plan in due {
        let waiting_for = zone_plan_consent::Entity::find()
            .filter(zone_plan_consent::Column::PlanId.eq(plan.id))
            .filter(zone_plan_consent::Column::GivenAt.is_null())
            .all(db)
            .await?;
        if !waiting_for.is_empty() {
            continue;
        }
        if apply(db, plan.id, now).await? {
            applied.push(plan.id);
        }
    }
    Ok(applied)
}

/// What applying found.
enum Applied {
    /// The home zones changed.
    Changed,
    /// Another instance was first, or the plan no longer waits.
    Nothing,
    /// A zone is no longer given to its unit's organisation: the plan was withdrawn.
    Withdrawn,
}

/// Applies plan `id` in one transaction; `true` when the home zones changed.
async fn apply(db: &DatabaseConnection, id: i32, now: DateTime<Utc>) -> Result<bool, Error> {
    let txn = begin_write(db).await?;
    let outcome: Result<Applied, DbErr> = async {
        let homes = zone_plan_home::Entity::find()
            .filter(zone_plan_home::Column::PlanId.eq(id))
            .all(&txn)
            .await?;
        let units: HashMap<i32, i32> = unit::Entity::find()
            .all(&txn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.organisation_id))
            .collect();
        let granted: BTreeSet<(i32, i32)> = zone_grant::Entity::find()
            .all(&txn)
            .await?
            .into_iter()
            .map(|g| (g.zone_id, g.organisation_id))
            .collect();
        let still_given = homes.iter().all(|h| {
            units
                .get(&h.unit_id)
                .is_some_and(|org| granted.contains(&(h.zone_id, *org)))
        });
        let status = if still_given {
            ZonePlanStatus::Applied
        } else {
            ZonePlanStatus::Withdrawn
        };
        let won = zone_plan::Entity::update_many()
            .col_expr(zone_plan::Column::Status, Expr::value(status.to_value()))
            .col_expr(zone_plan::Column::DecidedAt, Expr::value(now))
            .filter(zone_plan::Column::Id.eq(id))
            .filter(zone_plan::Column::Status.eq(ZonePlanStatus::Proposed))
            .exec(&txn)
            .await?
            .rows_affected;
        if won == 0 {
            return Ok(Applied::Nothing);
        }
        if !still_given {
            audit::record(
                &txn,
                Event::PlanWithdrawn,
                None,
                None,
                Some(id.to_string()),
                Some("zone_taken_back"),
            )
            .await;
            return Ok(Applied::Withdrawn);
        }
        let moved: BTreeSet<i32> = homes.iter().map(|h| h.unit_id).collect();
        home_zone::Entity::delete_many()
            .filter(home_zone::Column::UnitId.is_in(moved))
            .exec(&txn)
            .await?;
        let rows: Vec<home_zone::ActiveModel> = homes
            .iter()
            .map(|h| home_zone::ActiveModel {
                unit_id: Set(h.unit_id),
                zone_id: Set(h.zone_id),
                priority: Set(h.priority),
            })
            .collect();
        if !rows.is_empty() {
            home_zone::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
        }
        audit::record(
            &txn,
            Event::PlanApplied,
            None,
            None,
            Some(id.to_string()),
            None,
        )
        .await;
        Ok(Applied::Changed)
    }
    .await;
    match outcome {
        Ok(applied) => {
            txn.commit().await?;
            if matches!(applied, Applied::Withdrawn) {
                tracing::warn!(
                    plan = id,
                    "a home-zone plan was withdrawn: one of its zones is no longer given to its unit's organisation"
                );
            }
            Ok(matches!(applied, Applied::Changed))
        }
        Err(err) => {
            txn.rollback().await?;
            Err(err.into())
        }
    }
}
