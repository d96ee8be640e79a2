//! A person's own bookings, upcoming and past, and the views of bookings others show.

use super::*;

/// `who`'s bookings: upcoming (active, slot not ended, soonest first) and past (ended,
/// cancelled or released; latest first, at most [`PAST_BOOKINGS_SHOWN`]).
#[tracing::instrument(skip(db, who), fields(person = who.person_id))]
pub async fn my_bookings(
    db: &DatabaseConnection,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<MyBookings, BookingError> {
    let tz = crate::topology::building_tz(db).await?;
    let today = rules::today(tz, now);
    let from_today = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Day.gte(today))
        .order_by_asc(desk_booking::Column::Day)
        .order_by_asc(desk_booking::Column::Id)
        .all(db)
        .await?;
    let before_today = desk_booking::Entity::find()
        .filter(desk_booking::Column::PersonId.eq(who.person_id))
        .filter(desk_booking::Column::Day.lt(today))
        .order_by_desc(desk_booking::Column::Day)
        .order_by_desc(desk_booking::Column::Id)
        .limit(PAST_BOOKINGS_SHOWN)
        .all(db)
        .await?;
    let (upcoming, mut past): (Vec<_>, Vec<_>) = from_today.into_iter().partition(|b| {
        b.status == DeskBookingStatus::Active && !rules::is_past(tz, b.day, b.slot.into(), now)
    });
    past.reverse();
    past.extend(before_today);
    past.sort_by(|a, b| b.day.cmp(&a.day).then(b.id.cmp(&a.id)));
    past.truncate(usize::try_from(PAST_BOOKINGS_SHOWN).unwrap_or(usize::MAX));
    let upcoming = views(db, upcoming).await?;
    let past = views(db, past).await?;
    Ok(MyBookings { upcoming, past })
}

/// Bookings as a person sees them, with desk label, zone and floor.
pub(crate) async fn views(
    db: &DatabaseConnection,
    bookings: Vec<desk_booking::Model>,
) -> Result<Vec<BookingView>, DbErr> {
    let desk_ids: HashSet<i32> = bookings.iter().map(|b| b.desk_id).collect();
    let desks: HashMap<i32, desk::Model> = desk::Entity::find()
        .filter(desk::Column::Id.is_in(desk_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let zone_ids: HashSet<i32> = desks.values().map(|d| d.zone_id).collect();
    let zones: HashMap<i32, (String, i32)> = zone::Entity::find()
        .filter(zone::Column::Id.is_in(zone_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, (z.name, z.floor_id)))
        .collect();
    let floors =
        crate::topology::floor_addresses(db, zones.values().map(|(_, floor)| *floor)).await?;
    Ok(bookings
        .into_iter()
        .map(|b| {
            let desk = desks.get(&b.desk_id);
            let (zone, floor) = desk
                .and_then(|d| zones.get(&d.zone_id))
                .cloned()
                .unwrap_or_default();
            let (building, level) = floors.get(&floor).cloned().unwrap_or_default();
            BookingView {
                id: b.id,
                desk_id: b.desk_id,
                desk: desk.map(|d| d.label.clone()).unwrap_or_default(),
                building,
                level,
                zone,
                day: b.day,
                slot: b.slot.into(),
                status: b.status.into(),
                checked_in: b.checked_in_at.is_some(),
            }
        })
        .collect())
}
