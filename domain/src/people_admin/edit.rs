//! Changing a person: display name, e-mail address (unique, stored lower-case), language, and
//! unit (another unit of the same organisation: the database refuses any other, see the
//! migration `m20261207_000017_person_unit_guard`).

use chrono::Utc;
use entities::enums::Locale;
use entities::{person, unit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, SqlErr,
};

use super::{AdminError, PersonView, audit, managed, views};
use crate::auth::{Permission, Principal};
use crate::db::begin_write;

/// What to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// A new display name (see [`crate::account::clean_name`]).
    pub display_name: Option<String>,
    /// A new e-mail address; `Some(None)` removes it.
    pub email: Option<Option<String>>,
    /// `de` or `en`.
    pub locale: Option<String>,
    /// The slug of a unit of the person's organisation; `Some(None)`: no unit.
    pub unit: Option<Option<String>>,
    /// Whether the person needs an accessible desk.
    pub needs_accessible_desk: Option<bool>,
}

/// An e-mail address as stored: trimmed, lower-case, one `@` with something on both sides, no
/// spaces, at most 254 characters.
pub fn clean_email(email: &str) -> Result<String, AdminError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && email.matches('@').count() == 1;
    if valid {
        Ok(email)
    } else {
        Err(AdminError::InvalidInput(
            "email: an address like name@example.org".into(),
        ))
    }
}

/// Changes person `person_id` of `actor`'s organisation as `change` says, in one transaction
/// with its audit entry (`people.changed`, naming the fields changed, and a move's units by
/// id). Returns the person as they are now. Nothing is changed when anything is refused.
#[tracing::instrument(skip(db, actor, change), fields(actor = actor.person_id))]
pub async fn change(
    db: &DatabaseConnection,
    actor: &Principal,
    person_id: i32,
    change: &Change,
) -> Result<PersonView, AdminError> {
    actor.require(Permission::ManagePeople)?;
    let current = managed(db, actor.organisation_id, person_id).await?;
    let display_name = change
        .display_name
        .as_deref()
        .map(crate::account::clean_name)
        .transpose()?;
    let email = match &change.email {
        Some(Some(email)) => Some(Some(clean_email(email)?)),
        Some(None) => Some(None),
        None => None,
    };
    let locale = match change.locale.as_deref() {
        Some("de") => Some(Locale::De),
        Some("en") => Some(Locale::En),
        Some(other) => {
            return Err(AdminError::InvalidInput(format!(
                "locale: {other:?} is not one of de, en"
            )));
        }
        None => None,
    };
    let unit_id = match &change.unit {
        Some(Some(slug)) => Some(Some({
            super::plain("unit", slug)?;
            unit::Entity::find()
                .filter(unit::Column::Slug.eq(slug.as_str()))
                .filter(unit::Column::OrganisationId.eq(current.organisation_id))
                .filter(unit::Column::Closed.eq(false))
                .one(db)
                .await?
                .ok_or_else(|| {
                    AdminError::InvalidInput(format!(
                        "unit: no open unit {slug:?} in the person's organisation"
                    ))
                })?
                .id
        })),
        Some(None) => Some(None),
        None => None,
    };
    // Read before the transaction (SQLite); the unique index settles a race.
    if let Some(Some(address)) = &email
        && person::Entity::find()
            .filter(person::Column::Email.eq(address.as_str()))
            .filter(person::Column::Id.ne(person_id))
            .count(db)
            .await?
            > 0
    {
        return Err(AdminError::EmailTaken);
    }

    let mut update = person::Entity::update_many()
        .filter(person::Column::Id.eq(person_id))
        .filter(person::Column::OrganisationId.eq(actor.organisation_id))
        .filter(person::Column::Anonymised.eq(false));
    let mut fields = Vec::new();
    if let Some(name) = &display_name
        && *name != current.display_name
    {
        update = update.col_expr(person::Column::DisplayName, Expr::value(name.clone()));
        fields.push("display_name");
    }
    if let Some(address) = &email
        && *address != current.email
    {
        update = update.col_expr(person::Column::Email, Expr::value(address.clone()));
        fields.push("email");
    }
    if let Some(locale) = locale
        && locale != current.locale
    {
        update = update.col_expr(
            person::Column::Locale,
            Expr::value(sea_orm::ActiveEnum::to_value(&locale)),
        );
        fields.push("locale");
    }
    if let Some(needs) = change.needs_accessible_desk
        && needs != current.needs_accessible_desk
    {
        update = update.col_expr(person::Column::NeedsAccessibleDesk, Expr::value(needs));
        fields.push("needs_accessible_desk");
    }
    let mut detail = serde_json::Map::new();
    if let Some(unit_id) = unit_id
        && unit_id != current.unit_id
    {
        update = update.col_expr(person::Column::UnitId, Expr::value(unit_id));
        fields.push("unit");
        detail.insert(
            "unit".into(),
            serde_json::json!({ "from": current.unit_id, "to": unit_id }),
        );
    }
    if !fields.is_empty() {
        detail.insert("fields".into(), serde_json::json!(fields));
        let now = Utc::now();
        let txn = begin_write(db).await?;
        let written: Result<u64, DbErr> = async {
            let changed = update.exec(&txn).await?.rows_affected;
            if changed > 0 {
                audit(
                    &txn,
                    actor,
                    "people.changed",
                    person_id,
                    Some(serde_json::Value::Object(detail)),
                    now,
                )
                .await?;
            }
            Ok(changed)
        }
        .await;
        match written {
            Ok(0) => {
                txn.rollback().await?;
                return Err(AdminError::NotFound);
            }
            Ok(_) => txn.commit().await?,
            Err(err) => {
                txn.rollback().await?;
                return Err(classify(err));
            }
        }
    }
    let after = managed(db, actor.organisation_id, person_id).await?;
    views(db, vec![after])
        .await?
        .pop()
        .ok_or(AdminError::NotFound)
}

/// A refused write of a person's row: a taken e-mail address, or a unit of another
/// organisation (the trigger `person_unit_in_organisation`).
pub(crate) fn classify(err: DbErr) -> AdminError {
    if let Some(SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
        return AdminError::EmailTaken;
    }
    if err.to_string().contains("person_unit_organisation") {
        return AdminError::InvalidInput(
            "unit: the unit is of another organisation than the person".into(),
        );
    }
    AdminError::Database(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_stored_lower_case_and_must_look_like_one() {
        assert_eq!(
            clean_email("  Ada.Alt@Example.ORG ").ok().as_deref(),
            Some("ada.alt@example.org")
        );
        for bad in [
            "",
            "ada",
            "@example.org",
            "ada@",
            "a b@example.org",
            "a@b@c",
        ] {
            assert!(clean_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
