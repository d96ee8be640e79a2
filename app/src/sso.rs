//! The `#[server]` functions of single sign-on: which organisations' providers the sign-in page
//! offers, and the sign-in administration page (`/admin/sign-in`) of organisation
//! administrators: their own organisation's mapping of the provider's claims to units and
//! roles, one rule at a time, and how its directory sync last ran. Signing in through a
//! provider is plain links and redirects (`/auth/oidc/{org}/start`), which work without
//! JavaScript.
//!
//! The administration functions act on the caller's own organisation only (there is no
//! organisation to name); each checks the caller's permission and calls
//! [`crate::services::sso_admin`]. Refused input names its field (`value:`, `unit:`, `group:`,
//! `role:`); a rule changed by somebody else meanwhile is a conflict starting with `rule:`.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::sso::{RoleMapping, SignInAdmin, SsoProvider, UnitMapping};

#[cfg(feature = "ssr")]
use crate::api::context;

/// The organisations whose people may sign in at their own identity provider.
#[server(endpoint = "sso_providers")]
pub async fn sso_providers() -> Result<Vec<SsoProvider>, AppError> {
    let context = context()?;
    Ok(crate::services::sso::providers(&context.db, &context.single_sign_on).await?)
}

/// `Some(original)` for a form that changes a rule, `None` for one that adds a rule (an empty
/// `original`).
#[cfg(any(feature = "ssr", test))]
fn rule_being_changed(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// What the sign-in administration page shows: the caller's organisation, whether a provider
/// is configured for it, its mapping rules, the units and roles a rule may name, and the last
/// directory sync.
#[server(endpoint = "sign_in_admin")]
pub async fn get_sign_in_admin() -> Result<SignInAdmin, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManagePeople)?;
    let context = context()?;
    Ok(crate::services::sso_admin::overview(&context.db, &who, &context.single_sign_on).await?)
}

/// Saves a unit rule: the unit claim's `value` means the unit `unit` (its short name).
/// `original`: the value of the rule being changed; empty for a new rule.
#[server(endpoint = "sign_in_save_unit_rule")]
pub async fn save_unit_rule(
    original: String,
    value: String,
    unit: String,
) -> Result<UnitMapping, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManagePeople)?;
    Ok(crate::services::sso_admin::save_unit_rule(
        &context()?.db,
        &who,
        rule_being_changed(&original),
        &value,
        &unit,
    )
    .await?)
}

/// Removes the unit rule of `value`.
#[server(endpoint = "sign_in_remove_unit_rule")]
pub async fn remove_unit_rule(value: String) -> Result<String, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManagePeople)?;
    crate::services::sso_admin::remove_unit_rule(&context()?.db, &who, &value).await?;
    Ok(value)
}

/// Saves a role rule: the group `group` gives the role `role` (its code). `original_group`
/// and `original_role`: the rule being changed; empty for a new rule.
#[server(endpoint = "sign_in_save_role_rule")]
pub async fn save_role_rule(
    original_group: String,
    original_role: String,
    group: String,
    role: String,
) -> Result<RoleMapping, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManagePeople)?;
    let original = rule_being_changed(&original_group).map(|g| (g, original_role.trim()));
    Ok(
        crate::services::sso_admin::save_role_rule(&context()?.db, &who, original, &group, &role)
            .await?,
    )
}

/// Removes the rule "group `group` gives role `role`".
#[server(endpoint = "sign_in_remove_role_rule")]
pub async fn remove_role_rule(group: String, role: String) -> Result<RoleMapping, AppError> {
    use crate::services::auth::{Permission, require};
    let who = require(Permission::ManagePeople)?;
    crate::services::sso_admin::remove_role_rule(&context()?.db, &who, &group, &role).await?;
    Ok(RoleMapping { group, role })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_original_is_a_new_rule() {
        assert_eq!(rule_being_changed(""), None);
        assert_eq!(rule_being_changed("  "), None);
        assert_eq!(rule_being_changed(" Amt 40 "), Some("Amt 40"));
    }
}
