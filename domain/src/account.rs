//! A person's own account: who they are, their passkeys and personal access tokens; creating
//! and revoking tokens. Used by the account page's server functions and the REST API alike.

use chrono::Utc;
use entities::enums::{ApiTokenKind, Role};
use entities::{api_token, organisation, passkey, person, person_role, unit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::audit::{self, Event};
use crate::auth::{Principal, Scope};
use crate::secret;
use wire::error::AppError;
use wire::identity::{AccountView, CreatedToken, Me, PasskeyView, TokenView};

/// The longest name a passkey or token may have.
pub const MAX_NAME: usize = 80;

/// The role code as stored and shown.
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Employee => "employee",
        Role::Counsellor => "counsellor",
        Role::UnitLead => "unit_lead",
        Role::FacilityManager => "facility_manager",
        Role::OrgAdmin => "org_admin",
        Role::BuildingAdmin => "building_admin",
    }
}

/// Who `person_id` is.
pub async fn me(db: &impl ConnectionTrait, person_id: i32) -> Result<Me, AppError> {
    let person = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation = organisation::Entity::find_by_id(person.organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let unit = match person.unit_id {
        Some(id) => unit::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
        None => None,
    };
    let mut roles: Vec<Role> = person_role::Entity::find()
        .select_only()
        .column(person_role::Column::Role)
        .filter(person_role::Column::PersonId.eq(person_id))
        .into_tuple()
        .all(db)
        .await?;
    roles.sort_by_key(|role| *role as u8);
    Ok(Me {
        id: person.id,
        name: person.display_name,
        organisation,
        unit,
        roles: roles
            .into_iter()
            .map(|r| role_code(r).to_string())
            .collect(),
    })
}

/// The account page of `person_id`.
pub async fn account(db: &impl ConnectionTrait, person_id: i32) -> Result<AccountView, AppError> {
    let me = me(db, person_id).await?;
    let passkeys = passkey::Entity::find()
        .filter(passkey::Column::PersonId.eq(person_id))
        .order_by_asc(passkey::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PasskeyView {
            id: p.id,
            name: p.name,
            created_at: p.created_at.to_rfc3339(),
            last_used_at: p.last_used_at.map(|t| t.to_rfc3339()),
        })
        .collect();
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Personal))
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(token_view)
        .collect();
    Ok(AccountView {
        me,
        passkeys,
        tokens,
    })
}

/// How a token row is shown.
pub fn token_view(row: api_token::Model) -> TokenView {
    TokenView {
        id: row.id,
        name: row.name,
        scopes: Scope::parse_list(&row.scopes)
            .into_iter()
            .map(|s| s.code().to_string())
            .collect(),
        created_at: row.created_at.to_rfc3339(),
        last_used_at: row.last_used_at.map(|t| t.to_rfc3339()),
    }
}

/// A trimmed, non-empty name of at most [`MAX_NAME`] characters.
pub fn clean_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(AppError::InvalidInput(format!(
            "name: 1 to {MAX_NAME} characters, no control characters"
        )));
    }
    Ok(name.to_string())
}

/// Renames one of the person's passkeys.
pub async fn rename_passkey(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
    name: &str,
) -> Result<(), AppError> {
    let name = clean_name(name)?;
    let result = passkey::Entity::update_many()
        .col_expr(passkey::Column::Name, Expr::value(name))
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::PersonId.eq(principal.person_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        db,
        Event::PasskeyRenamed,
        Some(principal.person_id),
        Some(principal.organisation_id),
        Some(id.to_string()),
        None,
    )
    .await;
    Ok(())
}

/// Revokes (deletes) one of the person's passkeys; it can no longer sign in.
pub async fn revoke_passkey(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(), AppError> {
    let result = passkey::Entity::delete_many()
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::PersonId.eq(principal.person_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        db,
        Event::PasskeyRevoked,
        Some(principal.person_id),
        Some(principal.organisation_id),
        Some(id.to_string()),
        None,
    )
    .await;
    Ok(())
}

/// Creates a token of `kind` named `name` with `scopes`, for `person_id` (personal tokens) or
/// nobody (device tokens), and records it in the audit log as done by `actor`.
pub async fn create_token(
    db: &impl ConnectionTrait,
    actor: &Principal,
    kind: ApiTokenKind,
    person_id: Option<i32>,
    name: &str,
    scopes: &[Scope],
) -> Result<CreatedToken, AppError> {
    let name = clean_name(name)?;
    if scopes.is_empty() {
        return Err(AppError::InvalidInput(
            "scopes: name at least one".to_string(),
        ));
    }
    let prefix = match kind {
        ApiTokenKind::Personal => secret::PERSONAL,
        ApiTokenKind::Device => secret::DEVICE,
        ApiTokenKind::Ical => secret::CALENDAR,
    };
    let token = secret::generate(prefix)?;
    let row = api_token::ActiveModel {
        person_id: Set(person_id),
        kind: Set(kind),
        name: Set(name),
        token_hash: Set(secret::hash(&token)),
        scopes: Set(Scope::format_list(scopes)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        Event::TokenCreated,
        Some(actor.person_id),
        Some(actor.organisation_id),
        Some(row.id.to_string()),
        None,
    )
    .await;
    Ok(CreatedToken { id: row.id, token })
}

/// Revokes a token of `kind` that belongs to `person_id` (`None`: a device token).
pub async fn revoke_token(
    db: &impl ConnectionTrait,
    actor: &Principal,
    id: i32,
    kind: ApiTokenKind,
    person_id: Option<i32>,
) -> Result<(), AppError> {
    let mut update = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::Kind.eq(kind))
        .filter(api_token::Column::RevokedAt.is_null());
    update = match person_id {
        Some(person_id) => update.filter(api_token::Column::PersonId.eq(person_id)),
        None => update.filter(api_token::Column::PersonId.is_null()),
    };
    if update.exec(db).await?.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        db,
        Event::TokenRevoked,
        Some(actor.person_id),
        Some(actor.organisation_id),
        Some(id.to_string()),
        None,
    )
    .await;
    Ok(())
}

/// Device tokens that are not revoked.
pub async fn device_tokens(db: &impl ConnectionTrait) -> Result<Vec<TokenView>, AppError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Device))
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(token_view)
        .collect())
}
