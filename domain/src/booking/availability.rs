//! A floor's desks on a day: free, booked, the viewer's, blocked, each half-day.

use super::*;

/// The desks of floor `floor_id` on `day`: each free, booked by somebody, booked by
/// `viewer`, or blocked, for `slot` and for each half; with equipment and whether the desk is
/// in a home zone of the viewer's unit. [`BookingError::NotFound`] for an unknown floor.
#[tracing::instrument(skip(db, viewer))]
pub async fn availability(
    db: &DatabaseConnection,
    floor_id: i32,
    day: NaiveDate,
    slot: Slot,
    viewer: Option<&Principal>,
) -> Result<FloorAvailability, BookingError> {
    let floor = floor::Entity::find_by_id(floor_id)
        .one(db)
        .await?
        .ok_or(BookingError::NotFound)?;
    let zones: HashMap<i32, String> = zone::Entity::find()
        .filter(zone::Column::FloorId.eq(floor.id))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z.name))
        .collect();
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zones.keys().copied()))
        .order_by_asc(desk::Column::Id)
        .all(db)
        .await?;
    let halves = desk_booking_half::Entity::find()
        .filter(desk_booking_half::Column::Day.eq(day))
        .filter(desk_booking_half::Column::DeskId.is_in(desks.iter().map(|d| d.id)))
        .all(db)
        .await?;
    let blocks = blocks_between(db, day, day).await?;
    let home = match viewer {
        Some(viewer) => home_zones(db, viewer.unit_id).await?,
        None => Vec::new(),
    };

    let viewer_id = viewer.map(|v| v.person_id);
    // (desk, half) → booked by the viewer?
    let taken: HashMap<(i32, i16), bool> = halves
        .iter()
        .map(|h| {
            let mine = h.person_id.is_some() && h.person_id == viewer_id;
            ((h.desk_id, h.half), mine)
        })
        .collect();
    // (desk, half) → the viewer's booking there.
    let own: HashMap<(i32, i16), i64> = halves
        .iter()
        .filter(|h| h.person_id.is_some() && h.person_id == viewer_id)
        .map(|h| ((h.desk_id, h.half), h.booking_id))
        .collect();
    let desks = desks
        .into_iter()
        .map(|d| {
            let blocked = d.blocked || blocks.iter().any(|b| b.blocks_desk(d.id, d.zone_id, day));
            let half_state = |half: i16| match (blocked, taken.get(&(d.id, half))) {
                (_, Some(true)) => Availability::Mine,
                (_, Some(false)) => Availability::Booked,
                (true, None) => Availability::Blocked,
                (false, None) => Availability::Free,
            };
            let morning = half_state(desk_booking_half::MORNING);
            let afternoon = half_state(desk_booking_half::AFTERNOON);
            let state = match slot {
                Slot::Morning => morning,
                Slot::Afternoon => afternoon,
                Slot::FullDay => combine(morning, afternoon),
            };
            let booking_id = DbSlot::from(slot)
                .halves()
                .iter()
                .find_map(|half| own.get(&(d.id, *half)).copied());
            DeskAvailability {
                id: d.id,
                label: d.label,
                zone_id: d.zone_id,
                zone: zones.get(&d.zone_id).cloned().unwrap_or_default(),
                home_zone: home.contains(&d.zone_id),
                equipment: Equipment {
                    docking: d.has_docking,
                    monitors: u8::try_from(d.monitors.clamp(0, 2)).unwrap_or(0),
                    height_adjustable: d.height_adjustable,
                    accessible: d.accessible,
                },
                state,
                morning,
                afternoon,
                booking_id,
            }
        })
        .collect();
    Ok(FloorAvailability {
        level: floor.level,
        day,
        slot,
        desks,
    })
}

/// The state of a full day from its halves: the viewer's own booking shows first, then
/// somebody else's, then a block.
pub(super) fn combine(morning: Availability, afternoon: Availability) -> Availability {
    use Availability::*;
    match (morning, afternoon) {
        (Mine, _) | (_, Mine) => Mine,
        (Booked, _) | (_, Booked) => Booked,
        (Blocked, _) | (_, Blocked) => Blocked,
        (Free, Free) => Free,
    }
}
