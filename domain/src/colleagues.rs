//! Where colleagues sit today: only people of one's own unit, only those who opted in
//! (`person.share_location`), only today's active bookings.

use chrono::{DateTime, Utc};
use entities::enums::DeskBookingStatus;
use entities::{desk, desk_booking, person, zone};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};

use crate::auth::Principal;
use crate::booking::rules;
use crate::error::Error;
use wire::model::ColleagueToday;

/// The colleagues of `who`'s unit who share their desk, with today's bookings.
pub async fn today(
    db: &DatabaseConnection,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<ColleagueToday>, Error> {
    let tz = crate::topology::building_tz(db).await?;
    let Some(unit_id) = who.unit_id else {
        return Ok(Vec::new());
    };
    let people = person::Entity::find()
        .filter(person::Column::UnitId.eq(unit_id))
        .filter(person::Column::ShareLocation.eq(true))
        .filter(person::Column::Active.eq(true))
        .filter(person::Column::Id.ne(who.person_id))
        .all(db)
        .await?;
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.is_in(people.iter().map(|p| p.id)))
        .filter(desk_booking::Column::Day.eq(rules::today(tz, now)))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    let mut colleagues = Vec::with_capacity(bookings.len());
    for booking in bookings {
        let Some(name) = people
            .iter()
            .find(|p| Some(p.id) == booking.person_id)
            .map(|p| p.display_name.clone())
        else {
            continue;
        };
        let Some((desk, Some(zone))) = desk::Entity::find_by_id(booking.desk_id)
            .find_also_related(zone::Entity)
            .one(db)
            .await?
        else {
            continue;
        };
        let Some((building, level)) = crate::topology::floor_addresses(db, [zone.floor_id])
            .await?
            .remove(&zone.floor_id)
        else {
            continue;
        };
        colleagues.push(ColleagueToday {
            name,
            desk: desk.label,
            desk_id: desk.id,
            building,
            level,
            slot: booking.slot.into(),
        });
    }
    colleagues.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(colleagues)
}

/// Whether `who`'s colleagues may see where they sit.
pub async fn share_location(db: &DatabaseConnection, who: &Principal) -> Result<bool, Error> {
    Ok(person::Entity::find_by_id(who.person_id)
        .one(db)
        .await?
        .is_some_and(|p| p.share_location))
}

/// Lets `who`'s colleagues see where they sit, or stops it.
pub async fn set_share_location(
    db: &DatabaseConnection,
    who: &Principal,
    share: bool,
) -> Result<(), Error> {
    person::ActiveModel {
        id: Set(who.person_id),
        share_location: Set(share),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
