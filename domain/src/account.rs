//! A person's own account: who they are, their passkeys, personal access tokens and open
//! sessions; creating and revoking tokens, ending sessions. Used by the account page's server functions and the REST API alike.

use chrono::Utc;
use entities::enums::{ApiTokenKind, Role};
use entities::{api_token, organisation, passkey, person, person_role, unit, web_session};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::audit::{self, Event};
use crate::auth::{Principal, Scope};
use crate::error::Error;
use crate::secret;
use wire::identity::{AccountView, CreatedToken, Me, PasskeyView, SessionView, TokenView};

/// The longest name a passkey or token may have.
pub const MAX_NAME: usize = 80;

/// The role code as stored and shown.
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::Employee => "employee",
        Role::Counsellor => "counsellor",
        Role::FrontDesk => "front_desk",
        Role::UnitLead => "unit_lead",
        Role::FacilityManager => "facility_manager",
        Role::OrgAdmin => "org_admin",
        Role::BuildingAdmin => "building_admin",
    }
}

/// Who `person_id` is.
pub async fn me(db: &impl ConnectionTrait, person_id: i32) -> Result<Me, Error> {
    let person = person::Entity::find_by_id(person_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
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

/// The account page of `person_id`, asking from the session `current` (if a session).
pub async fn account(
    db: &impl ConnectionTrait,
    person_id: i32,
    current: Option<i32>,
) -> Result<AccountView, Error> {
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
        .filter(unexpired(Utc::now()))
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(token_view)
        .collect();
    let now = Utc::now();
    let sessions = web_session::Entity::find()
        .filter(web_session::Column::PersonId.eq(person_id))
        .filter(web_session::Column::RevokedAt.is_null())
        .filter(web_session::Column::ExpiresAt.gt(now))
        .order_by_desc(web_session::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| SessionView {
            id: s.id,
            created_at: s.created_at.to_rfc3339(),
            last_seen_at: s.last_seen_at.to_rfc3339(),
            expires_at: s.expires_at.to_rfc3339(),
            current: Some(s.id) == current,
        })
        .collect();
    Ok(AccountView {
        me,
        passkeys,
        tokens,
        sessions,
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
        expires_at: row.expires_at.map(|t| t.to_rfc3339()),
    }
}

/// A trimmed, non-empty name of at most [`MAX_NAME`] characters.
pub fn clean_name(name: &str) -> Result<String, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(Error::InvalidInput(format!(
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
) -> Result<(), Error> {
    let name = clean_name(name)?;
    let result = passkey::Entity::update_many()
        .col_expr(passkey::Column::Name, Expr::value(name))
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::PersonId.eq(principal.person_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    audit::record_by(db, Event::PasskeyRenamed, principal, id).await;
    Ok(())
}

/// Revokes (deletes) one of the person's passkeys; it can no longer sign in.
pub async fn revoke_passkey(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(), Error> {
    let result = passkey::Entity::delete_many()
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::PersonId.eq(principal.person_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    audit::record_by(db, Event::PasskeyRevoked, principal, id).await;
    Ok(())
}

/// Tokens that have not expired at `now` (device and calendar tokens never do).
pub fn unexpired(now: chrono::DateTime<Utc>) -> Condition {
    Condition::any()
        .add(api_token::Column::ExpiresAt.is_null())
        .add(api_token::Column::ExpiresAt.gt(now))
}

/// Days a personal access token lives unless its maker says otherwise.
pub const DEFAULT_TOKEN_DAYS: u32 = 90;

/// Days a personal access token lives at most.
pub const MAX_TOKEN_DAYS: u32 = 365;

/// Creates a personal access token of `actor` that ends after `days` (default
/// [`DEFAULT_TOKEN_DAYS`], at most [`MAX_TOKEN_DAYS`]). A token with the `admin` scope needs a
/// fresh passkey confirmation ([`crate::auth::require_step_up`]).
pub async fn create_personal_token(
    db: &impl ConnectionTrait,
    actor: &Principal,
    name: &str,
    scopes: &[Scope],
    days: Option<u32>,
) -> Result<CreatedToken, Error> {
    let days = days.unwrap_or(DEFAULT_TOKEN_DAYS);
    if scopes.contains(&Scope::Admin) {
        crate::auth::require_step_up(db, actor).await?;
    }
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(Error::InvalidInput(format!(
            "expires_in_days: 1 to {MAX_TOKEN_DAYS}"
        )));
    }
    let expires_at = Utc::now() + chrono::Duration::days(i64::from(days));
    insert_token(
        db,
        actor,
        ApiTokenKind::Personal,
        Some(actor.person_id),
        name,
        scopes,
        Some(expires_at),
    )
    .await
}

/// Creates a token of `kind` named `name` with `scopes`, for `person_id` (personal tokens) or
/// nobody (device tokens), and records it in the audit log as done by `actor`. Personal tokens
/// end after [`DEFAULT_TOKEN_DAYS`]; device and calendar tokens only when revoked.
pub async fn create_token(
    db: &impl ConnectionTrait,
    actor: &Principal,
    kind: ApiTokenKind,
    person_id: Option<i32>,
    name: &str,
    scopes: &[Scope],
) -> Result<CreatedToken, Error> {
    let expires_at = (kind == ApiTokenKind::Personal)
        .then(|| Utc::now() + chrono::Duration::days(i64::from(DEFAULT_TOKEN_DAYS)));
    insert_token(db, actor, kind, person_id, name, scopes, expires_at).await
}

async fn insert_token(
    db: &impl ConnectionTrait,
    actor: &Principal,
    kind: ApiTokenKind,
    person_id: Option<i32>,
    name: &str,
    scopes: &[Scope],
    expires_at: Option<chrono::DateTime<Utc>>,
) -> Result<CreatedToken, Error> {
    let name = clean_name(name)?;
    if scopes.is_empty() {
        return Err(Error::InvalidInput("scopes: name at least one".to_string()));
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
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record_by(db, Event::TokenCreated, actor, row.id).await;
    Ok(CreatedToken { id: row.id, token })
}

/// Revokes a token of `kind` that belongs to `person_id` (`None`: a device token).
pub async fn revoke_token(
    db: &impl ConnectionTrait,
    actor: &Principal,
    id: i32,
    kind: ApiTokenKind,
    person_id: Option<i32>,
) -> Result<(), Error> {
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
        return Err(Error::NotFound);
    }
    audit::record_by(db, Event::TokenRevoked, actor, id).await;
    Ok(())
}

/// Ends one of the person's browser sessions (signed out there); [`Error::NotFound`] if it is
/// not theirs or over already.
pub async fn end_session(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> Result<(), Error> {
    let ended = web_session::Entity::update_many()
        .col_expr(web_session::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(web_session::Column::Id.eq(id))
        .filter(web_session::Column::PersonId.eq(principal.person_id))
        .filter(web_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    if ended == 0 {
        return Err(Error::NotFound);
    }
    audit::record_by(db, Event::SignOut, principal, id).await;
    Ok(())
}

/// Revokes every personal access token of the person ("sign out everywhere"); how many.
pub async fn revoke_personal_tokens(
    db: &impl ConnectionTrait,
    person_id: i32,
) -> Result<u64, sea_orm::DbErr> {
    Ok(api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::PersonId.eq(person_id))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Personal))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Whether `username` and `password` are a device's login on the embedded MQTT broker: a
/// device token that is neither revoked nor expired, carries the `mqtt` scope, is named
/// `username`, and is `password`. Only the token's hash is compared, as for HTTP.
pub async fn device_may_connect(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
) -> Result<bool, sea_orm::DbErr> {
    if username.is_empty() || !password.starts_with(secret::DEVICE) {
        return Ok(false);
    }
    let token = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secret::hash(password)))
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Device))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(unexpired(Utc::now()))
        .one(db)
        .await?;
    Ok(token.is_some_and(|token| {
        token.name == username && Scope::parse_list(&token.scopes).contains(&Scope::Mqtt)
    }))
}

/// Device tokens that are not revoked.
pub async fn device_tokens(db: &impl ConnectionTrait) -> Result<Vec<TokenView>, Error> {
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
