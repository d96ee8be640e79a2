//! Access tokens: personal access tokens for scripts (`pwt_…`, act as their person within their
//! scopes) and device tokens for badge readers and kiosks (`pwd_…`, no person). Sent as
//! `Authorization: Bearer <token>`; stored as hashes; revocable; personal tokens expire.

use chrono::{Duration as ChronoDuration, Utc};
use domain::auth::{Caller, Device, Scope, Via, load_principal};
use domain::secret;
use entities::api_token;
use entities::enums::ApiTokenKind;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// The caller behind a bearer token, if the token is valid; refreshes `last_used_at`.
pub async fn resolve(db: &impl ConnectionTrait, token: &str) -> Result<Option<Caller>, DbErr> {
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(secret::hash(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(domain::account::unexpired(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let scopes = Scope::parse_list(&row.scopes);
    let caller = match (row.kind, row.person_id) {
        (ApiTokenKind::Personal, Some(person_id)) => {
            load_principal(db, person_id, Via::Token { id: row.id, scopes })
                .await?
                .map(Caller::Person)
        }
        (ApiTokenKind::Device, _) => Some(Caller::Device(Device {
            token_id: row.id,
            scopes,
        })),
        // Calendar feed tokens only open their feed, never the API.
        _ => None,
    };
    let now = Utc::now();
    if caller.is_some()
        && row
            .last_used_at
            .is_none_or(|used| now - used > ChronoDuration::minutes(1))
    {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(caller)
}

/// The bearer token of an `Authorization` header value, if any.
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_read_case_insensitively_and_empty_ones_ignored() {
        assert_eq!(bearer("Bearer pwt_abc"), Some("pwt_abc"));
        assert_eq!(bearer("bearer  pwt_abc "), Some("pwt_abc"));
        assert_eq!(bearer("Basic dXNlcg=="), None);
        assert_eq!(bearer("Bearer "), None);
    }
}
