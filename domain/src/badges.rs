//! Badges and badge readers: registering a person's badge (organisation administrators), and
//! binding readers to a desk, zone or room (building administrators). A reader gets a device
//! token with the `checkin` scope for the REST API; over MQTT it is known by its code.

use std::collections::HashMap;

use chrono::Utc;
use entities::enums::ApiTokenKind;
use entities::{api_token, audit_log, badge, badge_reader, desk, person, room, zone};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, SqlErr,
};

use crate::account;
use crate::auth::{Principal, Scope};
use crate::checkin::{Place, badge_hash};
use crate::error::Error;
use wire::identity::CreatedToken;
use wire::model::BadgeReaderView;

/// The longest badge id accepted.
pub const MAX_BADGE_LEN: usize = 128;
/// The longest reader code accepted.
pub const MAX_CODE_LEN: usize = 64;

/// Registers `badge` for `person_id`, a person of `admin`'s organisation.
pub async fn register_badge(
    db: &DatabaseConnection,
    admin: &Principal,
    person_id: i32,
    badge: &str,
) -> Result<(), Error> {
    let badge = badge.trim();
    if badge.is_empty() || badge.chars().count() > MAX_BADGE_LEN {
        return Err(Error::InvalidInput(format!(
            "badge: give the badge id, 1 to {MAX_BADGE_LEN} characters"
        )));
    }
    person::Entity::find_by_id(person_id)
        .filter(person::Column::OrganisationId.eq(admin.organisation_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let inserted = badge::Entity::insert(badge::ActiveModel {
        person_id: Set(person_id),
        badge_hash: Set(badge_hash(badge)),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await;
    match inserted {
        Ok(row) => {
            admin_audit(db, admin, "badge.registered", "badge", row.last_insert_id).await?;
            Ok(())
        }
        Err(err) => match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Err(Error::InvalidInput(
                "badge: this badge is registered already".to_owned(),
            )),
            _ => Err(err.into()),
        },
    }
}

/// Removes every badge of `person_id` (a lost badge); how many.
pub async fn remove_badges(
    db: &DatabaseConnection,
    admin: &Principal,
    person_id: i32,
) -> Result<u64, Error> {
    person::Entity::find_by_id(person_id)
        .filter(person::Column::OrganisationId.eq(admin.organisation_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let removed = badge::Entity::delete_many()
        .filter(badge::Column::PersonId.eq(person_id))
        .exec(db)
        .await?
        .rows_affected;
    admin_audit(db, admin, "badge.removed", "person", person_id).await?;
    Ok(removed)
}

/// Binds a new reader `code` to `place` and issues its device token (shown once).
pub async fn create_reader(
    db: &DatabaseConnection,
    admin: &Principal,
    code: &str,
    place: Place,
) -> Result<(BadgeReaderView, CreatedToken), Error> {
    let code = code.trim();
    if code.is_empty()
        || code.len() > MAX_CODE_LEN
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Error::InvalidInput(format!(
            "code: 1 to {MAX_CODE_LEN} letters, digits, '-', '_' or '.'"
        )));
    }
    let exists = match place {
        Place::Desk(id) => desk::Entity::find_by_id(id).count(db).await?,
        Place::Zone(id) => zone::Entity::find_by_id(id).count(db).await?,
        Place::Room(id) => room::Entity::find_by_id(id).count(db).await?,
    };
    if exists == 0 {
        return Err(Error::InvalidInput(
            "place: no such desk, zone or room".to_owned(),
        ));
    }
    if badge_reader::Entity::find()
        .filter(badge_reader::Column::Code.eq(code))
        .count(db)
        .await?
        > 0
    {
        return Err(Error::InvalidInput(format!(
            "code: a reader `{code}` exists already"
        )));
    }
    let token = account::create_token(
        db,
        admin,
        ApiTokenKind::Device,
        None,
        &format!("Badge reader {code}"),
        &[Scope::CheckIn],
    )
    .await?;
    let (desk_id, zone_id, room_id) = match place {
        Place::Desk(id) => (Some(id), None, None),
        Place::Zone(id) => (None, Some(id), None),
        Place::Room(id) => (None, None, Some(id)),
    };
    let row = badge_reader::Entity::insert(badge_reader::ActiveModel {
        code: Set(code.to_owned()),
        desk_id: Set(desk_id),
        zone_id: Set(zone_id),
        room_id: Set(room_id),
        api_token_id: Set(Some(token.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    admin_audit(
        db,
        admin,
        "badge_reader.created",
        "badge_reader",
        row.last_insert_id,
    )
    .await?;
    let view = BadgeReaderView {
        id: row.last_insert_id,
        code: code.to_owned(),
        desk_id,
        zone_id,
        room_id,
        has_token: true,
        unknown_badges: 0,
    };
    Ok((view, token))
}

/// Every reader, with how many unknown badges it has read.
pub async fn readers(db: &DatabaseConnection) -> Result<Vec<BadgeReaderView>, Error> {
    let readers = badge_reader::Entity::find()
        .order_by_asc(badge_reader::Column::Code)
        .all(db)
        .await?;
    let valid_tokens: Vec<i32> = api_token::Entity::find()
        .filter(api_token::Column::Kind.eq(ApiTokenKind::Device))
        .filter(api_token::Column::RevokedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    // One row per reader and hour, each with its count.
    let mut unknown: HashMap<String, u64> = HashMap::new();
    for row in audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("badge.unknown"))
        .filter(audit_log::Column::Entity.eq("badge_reader"))
        .all(db)
        .await?
    {
        if let Some(reader) = &row.entity_id {
            *unknown.entry(reader.clone()).or_default() += crate::checkin::unknown_badges_of(&row);
        }
    }
    Ok(readers
        .into_iter()
        .map(|r| BadgeReaderView {
            unknown_badges: unknown.get(&r.id.to_string()).copied().unwrap_or(0),
            has_token: r.api_token_id.is_some_and(|t| valid_tokens.contains(&t)),
            id: r.id,
            code: r.code,
            desk_id: r.desk_id,
            zone_id: r.zone_id,
            room_id: r.room_id,
        })
        .collect())
}

/// Removes a reader and revokes its device token.
pub async fn delete_reader(
    db: &DatabaseConnection,
    admin: &Principal,
    id: i32,
) -> Result<(), Error> {
    let reader = badge_reader::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    if let Some(token) = reader.api_token_id {
        match account::revoke_token(db, admin, token, ApiTokenKind::Device, None).await {
            Ok(()) | Err(Error::NotFound) => {}
            Err(other) => return Err(other),
        }
    }
    badge_reader::Entity::delete_by_id(reader.id)
        .exec(db)
        .await?;
    admin_audit(db, admin, "badge_reader.deleted", "badge_reader", reader.id).await?;
    Ok(())
}

/// The reader that calls with device token `token_id`.
pub async fn reader_of_token(
    db: &DatabaseConnection,
    token_id: i32,
) -> Result<Option<badge_reader::Model>, Error> {
    Ok(badge_reader::Entity::find()
        .filter(badge_reader::Column::ApiTokenId.eq(token_id))
        .one(db)
        .await?)
}

/// The reader with `code` (the last level of its MQTT topic).
pub async fn reader_by_code(
    db: &DatabaseConnection,
    code: &str,
) -> Result<Option<badge_reader::Model>, Error> {
    Ok(badge_reader::Entity::find()
        .filter(badge_reader::Column::Code.eq(code))
        .one(db)
        .await?)
}

/// An audit row of an administrative change: ids only.
async fn admin_audit(
    db: &DatabaseConnection,
    admin: &Principal,
    action: &str,
    entity: &str,
    id: impl ToString,
) -> Result<(), Error> {
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: Set(Utc::now()),
            actor_person_id: Set(Some(admin.person_id)),
            organisation_id: Set(Some(admin.organisation_id)),
            action: Set(action.to_owned()),
            entity: Set(entity.to_owned()),
            entity_id: Set(Some(id.to_string())),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
