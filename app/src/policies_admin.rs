//! The `#[server]` functions of the booking policies page (`/admin/policies`): the default for
//! every building and each building's own policy. Building administrators only; each checks
//! the caller's permission and calls [`crate::services::building_policy`].

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::context;
use crate::error::AppError;
#[cfg(any(feature = "ssr", test))]
use crate::model::policies::BuildingPolicy;
use crate::model::policies::{BuildingPolicyView, PoliciesOverview};

/// The default for every building and each building's policy.
#[server(endpoint = "get_policies_admin")]
pub async fn get_policies_admin() -> Result<PoliciesOverview, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    Ok(crate::services::building_policy::overview(&context()?.db, &who).await?)
}

/// Sets the policy of the building `building` (its short name; empty: the default for every
/// building). The fields as a form sends them: numbers as typed (bookings per week empty: no
/// limit), the check box present when ticked, the overflow's code, and `release`: `off` (no
/// automatic release), `sensor` (released when the desk's sensor shows it empty) or `always`
/// (desks without a sensor too, by time alone).
#[server(endpoint = "save_building_policy")]
pub async fn save_building_policy(
    building: String,
    max_days_ahead: String,
    max_bookings_per_week: String,
    half_days_allowed: Option<String>,
    overflow: String,
    checkin_grace_min: String,
    release: String,
) -> Result<BuildingPolicyView, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let policy = parse_policy(PolicyForm {
        max_days_ahead: &max_days_ahead,
        max_bookings_per_week: &max_bookings_per_week,
        half_days_allowed: half_days_allowed.is_some(),
        overflow: &overflow,
        checkin_grace_min: &checkin_grace_min,
        release: &release,
    })?;
    let building = building.trim();
    let slug = (!building.is_empty()).then_some(building);
    Ok(crate::services::building_policy::set(&context()?.db, &who, slug, Some(&policy)).await?)
}

/// Removes the policy of the building `building` (empty: the default for every building).
#[server(endpoint = "remove_building_policy")]
pub async fn remove_building_policy(building: String) -> Result<BuildingPolicyView, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManageBuilding)?;
    let building = building.trim();
    let slug = (!building.is_empty()).then_some(building);
    Ok(crate::services::building_policy::set(&context()?.db, &who, slug, None).await?)
}

/// A policy form's fields as sent.
#[cfg(any(feature = "ssr", test))]
struct PolicyForm<'a> {
    max_days_ahead: &'a str,
    max_bookings_per_week: &'a str,
    half_days_allowed: bool,
    overflow: &'a str,
    checkin_grace_min: &'a str,
    release: &'a str,
}

/// The policy a form describes; a field that is no number (or no overflow code) is refused
/// by its name. The limits are the service's to check.
#[cfg(any(feature = "ssr", test))]
fn parse_policy(form: PolicyForm<'_>) -> Result<BuildingPolicy, AppError> {
    use crate::model::units::UnitOverflow;
    let number = |value: &str, field: &str, what: &str| {
        value
            .trim()
            .parse::<i32>()
            .map_err(|_| AppError::InvalidInput(format!("{field}: {what}")))
    };
    let per_week = form.max_bookings_per_week.trim();
    let (auto_release, release_without_sensor) = match form.release.trim() {
        "off" => (false, false),
        "sensor" => (true, false),
        "always" => (true, true),
        _ => {
            return Err(AppError::InvalidInput(
                "release: off, sensor or always".into(),
            ));
        }
    };
    Ok(BuildingPolicy {
        max_days_ahead: number(form.max_days_ahead, "max_days_ahead", "a number of days")?,
        max_bookings_per_week: if per_week.is_empty() {
            None
        } else {
            Some(number(
                per_week,
                "max_bookings_per_week",
                "a number, or empty",
            )?)
        },
        half_days_allowed: form.half_days_allowed,
        overflow: UnitOverflow::from_code(form.overflow.trim()).ok_or_else(|| {
            AppError::InvalidInput("overflow: none, day_before_14 or same_day".into())
        })?,
        checkin_grace_min: number(
            form.checkin_grace_min,
            "checkin_grace_min",
            "a number of minutes",
        )?,
        auto_release,
        release_without_sensor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::units::UnitOverflow;

    fn form<'a>(days: &'a str, week: &'a str, grace: &'a str) -> PolicyForm<'a> {
        PolicyForm {
            max_days_ahead: days,
            max_bookings_per_week: week,
            half_days_allowed: true,
            overflow: "same_day",
            checkin_grace_min: grace,
            release: "sensor",
        }
    }

    #[test]
    fn a_form_becomes_a_policy_and_a_bad_number_is_refused_by_its_field() {
        assert_eq!(
            parse_policy(form(" 7 ", "", "15")),
            Ok(BuildingPolicy {
                max_days_ahead: 7,
                max_bookings_per_week: None,
                half_days_allowed: true,
                overflow: UnitOverflow::SameDay,
                checkin_grace_min: 15,
                auto_release: true,
                release_without_sensor: false,
            })
        );
        for (bad, field) in [
            (form("x", "", "15"), "max_days_ahead"),
            (form("7", "drei", "15"), "max_bookings_per_week"),
            (form("7", "3", ""), "checkin_grace_min"),
            (
                PolicyForm {
                    release: "sometimes",
                    ..form("7", "3", "15")
                },
                "release",
            ),
        ] {
            match parse_policy(bad) {
                Err(AppError::InvalidInput(why)) => assert!(why.starts_with(field), "{why}"),
                other => panic!("{field}: {other:?}"),
            }
        }
    }
}
