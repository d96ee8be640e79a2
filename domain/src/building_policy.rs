//! The building-wide booking policies, as building administrators set them: the default for
//! every building (`policy` of scope `building` with `scope_id` `NULL`) and each building's
//! own (scope `building`, the building's id). They say everything a policy says: days ahead,
//! bookings per week, half days, when desks outside the home zones open, the check-in grace
//! and the automatic release of no-shows.
//!
//! Building administrators only ([`Permission::ManageBuilding`]); an organisation's
//! administrators set their units' policies ([`crate::units_admin`]), which win over these,
//! as do organisations' and zones' policies (the most specific applies whole,
//! [`crate::booking::rules::resolve_policy`]). A change reaches bookings within
//! [`crate::booking::FACTS_FOR`] and the release of no-shows with its next run.
//!
//! Every change writes its audit entry (`policies.building_set`) with ids only. Two
//! administrators creating the same policy at once: one wins, the other gets
//! [`Error::Conflict`] (the database's unique keys on `policy`).

use entities::enums::{Overflow, PolicyScope};
use entities::{building, policy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set, SqlErr,
};
use wire::model::policies::{BuildingPolicy, BuildingPolicyView, PoliciesOverview, PolicyOrigin};
use wire::model::units::UnitOverflow;

use crate::audit::{self, Event};
use crate::auth::{Permission, Principal};
use crate::booking::rules::Policy;
use crate::db::begin_write;
use crate::error::Error;

/// The most days ahead a policy (a building's or a unit's) may allow.
pub const MAX_DAYS_AHEAD: i32 = 365;
/// The most bookings per week a policy (a building's or a unit's) may allow.
pub const MAX_PER_WEEK: i32 = 14;
/// The longest check-in grace, in minutes (four hours: half a working day).
pub const MAX_GRACE_MIN: i32 = 240;

/// The default for every building and each building's policy.
pub async fn overview(db: &DatabaseConnection, who: &Principal) -> Result<PoliciesOverview, Error> {
    who.require(Permission::ManageBuilding)?;
    let stored = stored_building_policies(db).await?;
    let default_row = stored.iter().find(|p| p.scope_id.is_none()).cloned();
    let default = view_of(None, None, default_row.as_ref(), None);
    let buildings = building::Entity::find()
        .order_by_asc(building::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            let own = stored.iter().find(|p| p.scope_id == Some(b.id));
            view_of(Some(b.slug), Some(b.name), own, default_row.as_ref())
        })
        .collect();
    Ok(PoliciesOverview { default, buildings })
}

/// The policy of building `slug` (`None`: the default for every building).
pub async fn one(
    db: &DatabaseConnection,
    who: &Principal,
    slug: Option<&str>,
) -> Result<BuildingPolicyView, Error> {
    who.require(Permission::ManageBuilding)?;
    let target = match slug {
        Some(slug) => Some(building_by_slug(db, slug).await?),
        None => None,
    };
    let stored = stored_building_policies(db).await?;
    let default_row = stored.iter().find(|p| p.scope_id.is_none());
    Ok(match target {
        None => view_of(None, None, default_row, None),
        Some(b) => {
            let own = stored.iter().find(|p| p.scope_id == Some(b.id));
            view_of(Some(b.slug), Some(b.name), own, default_row)
        }
    })
}

/// Sets (`Some`) or removes (`None`) the policy of building `slug` (`None`: the default for
/// every building); the policy as it is then.
pub async fn set(
    db: &DatabaseConnection,
    who: &Principal,
    slug: Option<&str>,
    change: Option<&BuildingPolicy>,
) -> Result<BuildingPolicyView, Error> {
    who.require(Permission::ManageBuilding)?;
    if let Some(change) = change {
        validate(change)?;
    }
    let building_id = match slug {
        Some(slug) => Some(building_by_slug(db, slug).await?.id),
        None => None,
    };
    let txn = begin_write(db).await?;
    let written: Result<(), Error> = async {
        let existing = policy::Entity::find()
            .filter(policy::Column::Scope.eq(PolicyScope::Building))
            .filter(match building_id {
                Some(id) => policy::Column::ScopeId.eq(id),
                None => policy::Column::ScopeId.is_null(),
            })
            .one(&txn)
            .await?;
        match (change, existing) {
            (Some(change), Some(stored)) => {
                let mut active = stored.into_active_model();
                active.max_days_ahead = Set(change.max_days_ahead);
                active.max_bookings_per_week = Set(change.max_bookings_per_week);
                active.half_days_allowed = Set(change.half_days_allowed);
                active.overflow = Set(overflow_to_db(change.overflow));
                active.checkin_grace_min = Set(change.checkin_grace_min);
                active.auto_release = Set(change.auto_release);
                active.release_without_sensor = Set(change.release_without_sensor);
                active.update(&txn).await?;
            }
            (Some(change), None) => {
                let inserted = policy::Entity::insert(policy::ActiveModel {
                    scope: Set(PolicyScope::Building),
                    scope_id: Set(building_id),
                    max_days_ahead: Set(change.max_days_ahead),
                    max_bookings_per_week: Set(change.max_bookings_per_week),
                    half_days_allowed: Set(change.half_days_allowed),
                    overflow: Set(overflow_to_db(change.overflow)),
                    checkin_grace_min: Set(change.checkin_grace_min),
                    auto_release: Set(change.auto_release),
                    release_without_sensor: Set(change.release_without_sensor),
                    ..Default::default()
                })
                .exec_without_returning(&txn)
                .await;
                if let Err(err) = inserted {
                    return Err(match err.sql_err() {
                        Some(SqlErr::UniqueConstraintViolation(_)) => Error::Conflict(
                            "the policy was set at the same time; read it again".into(),
                        ),
                        _ => Error::Database(err),
                    });
                }
            }
            (None, Some(stored)) => {
                policy::Entity::delete_by_id(stored.id).exec(&txn).await?;
            }
            (None, None) => {}
        }
        audit::write_by(
            &txn,
            Event::BuildingPolicySet,
            who,
            building_id.map_or_else(|| "default".to_owned(), |id| id.to_string()),
            Some(serde_json::json!({
                "removed": change.is_none(),
                "default": building_id.is_none(),
            })),
        )
        .await?;
        Ok(())
    }
    .await;
    match written {
        Ok(()) => txn.commit().await?,
        Err(err) => {
            txn.rollback().await?;
            return Err(err);
        }
    }
    one(db, who, slug).await
}

/// Checks the limits of `policy`: [`Error::OutOfRange`] naming the first field out of range.
pub fn validate(policy: &BuildingPolicy) -> Result<(), Error> {
    check_booking_limits(policy.max_days_ahead, policy.max_bookings_per_week)?;
    if !(0..=MAX_GRACE_MIN).contains(&policy.checkin_grace_min) {
        return Err(Error::OutOfRange(format!(
            "`checkin_grace_min` is between 0 and {MAX_GRACE_MIN}"
        )));
    }
    Ok(())
}

/// Checks the booking limits every policy has, a building's or a unit's:
/// [`Error::OutOfRange`] naming the first field out of range.
pub(crate) fn check_booking_limits(
    max_days_ahead: i32,
    max_bookings_per_week: Option<i32>,
) -> Result<(), Error> {
    if !(0..=MAX_DAYS_AHEAD).contains(&max_days_ahead) {
        return Err(Error::OutOfRange(format!(
            "`max_days_ahead` is between 0 and {MAX_DAYS_AHEAD}"
        )));
    }
    if max_bookings_per_week.is_some_and(|n| !(0..=MAX_PER_WEEK).contains(&n)) {
        return Err(Error::OutOfRange(format!(
            "`max_bookings_per_week` is between 0 and {MAX_PER_WEEK}, or none"
        )));
    }
    Ok(())
}

/// Every policy of scope `building` (the default and the buildings' own).
async fn stored_building_policies(db: &impl ConnectionTrait) -> Result<Vec<policy::Model>, Error> {
    Ok(policy::Entity::find()
        .filter(policy::Column::Scope.eq(PolicyScope::Building))
        .all(db)
        .await?)
}

/// The building of `slug`; [`Error::NotFound`] for none.
async fn building_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<building::Model, Error> {
    building::Entity::find()
        .filter(building::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// The view of a building (`slug`, `name`; `None` for the default) with its own stored policy
/// and the default's (`fallback`; `None` when viewing the default itself).
fn view_of(
    slug: Option<String>,
    name: Option<String>,
    own: Option<&policy::Model>,
    fallback: Option<&policy::Model>,
) -> BuildingPolicyView {
    let is_default = slug.is_none();
    let (applies, origin) = match (own, fallback) {
        (Some(own), _) => (
            from_row(own),
            if is_default {
                PolicyOrigin::Default
            } else {
                PolicyOrigin::Building
            },
        ),
        (None, Some(default)) => (from_row(default), PolicyOrigin::Default),
        (None, None) => (from_rules(&Policy::default()), PolicyOrigin::BuiltIn),
    };
    BuildingPolicyView {
        building: slug,
        name,
        own: own.map(from_row),
        applies,
        origin,
    }
}

fn from_row(row: &policy::Model) -> BuildingPolicy {
    BuildingPolicy {
        max_days_ahead: row.max_days_ahead,
        max_bookings_per_week: row.max_bookings_per_week,
        half_days_allowed: row.half_days_allowed,
        overflow: overflow_from_db(row.overflow),
        checkin_grace_min: row.checkin_grace_min,
        auto_release: row.auto_release,
        release_without_sensor: row.release_without_sensor,
    }
}

fn from_rules(policy: &Policy) -> BuildingPolicy {
    BuildingPolicy {
        max_days_ahead: policy.max_days_ahead,
        max_bookings_per_week: policy.max_bookings_per_week,
        half_days_allowed: policy.half_days_allowed,
        overflow: overflow_from_db(policy.overflow),
        checkin_grace_min: policy.checkin_grace_min,
        auto_release: policy.auto_release,
        release_without_sensor: policy.release_without_sensor,
    }
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

    fn valid() -> BuildingPolicy {
        BuildingPolicy {
            max_days_ahead: 14,
            max_bookings_per_week: Some(3),
            half_days_allowed: true,
            overflow: UnitOverflow::DayBefore14,
            checkin_grace_min: 30,
            auto_release: true,
            release_without_sensor: false,
        }
    }

    #[test]
    fn limits_out_of_range_are_refused_by_their_field() {
        assert_eq!(validate(&valid()), Ok(()));
        let cases = [
            (
                BuildingPolicy {
                    max_days_ahead: -1,
                    ..valid()
                },
                "max_days_ahead",
            ),
            (
                BuildingPolicy {
                    max_days_ahead: MAX_DAYS_AHEAD + 1,
                    ..valid()
                },
                "max_days_ahead",
            ),
            (
                BuildingPolicy {
                    max_bookings_per_week: Some(15),
                    ..valid()
                },
                "max_bookings_per_week",
            ),
            (
                BuildingPolicy {
                    checkin_grace_min: MAX_GRACE_MIN + 1,
                    ..valid()
                },
                "checkin_grace_min",
            ),
        ];
        for (policy, field) in cases {
            match validate(&policy) {
                Err(Error::OutOfRange(why)) => assert!(why.contains(field), "{why}"),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_built_in_policy_applies_where_nothing_is_stored() {
        let view = view_of(Some("b".into()), Some("B".into()), None, None);
        assert_eq!(view.origin, PolicyOrigin::BuiltIn);
        assert_eq!(view.applies, from_rules(&Policy::default()));
        assert_eq!(view.own, None);
    }
}
