//! The building now: each floor in counts, and the sensors that need looking after.

use super::*;

/// A desk's or room's label, and its floor's building (short name) and level.
type Place<'a> = (&'a str, Option<(String, i32)>);

/// Each floor now in counts, and the sensors that need looking after.
pub async fn building_now(
    db: &DatabaseConnection,
    topology: &crate::topology::Topology,
    settings: &ReportSettings,
    now: DateTime<Utc>,
) -> Result<BuildingNow, DbErr> {
    let tz = topology.tz();
    let mut floors: Vec<floor::Model> = topology.floors().to_vec();
    floors.sort_by_key(|f| (f.building_id, f.level));
    let several_buildings = topology.buildings().nth(1).is_some();
    // A floor's building's short name, and the floor's name as the page shows it: with its
    // building's when there are several.
    let address = |f: &floor::Model| {
        let building = topology.building(f.building_id);
        let slug = building.map(|b| b.slug.clone()).unwrap_or_default();
        let name = match building {
            Some(b) if several_buildings => format!("{} – {}", b.name, f.name),
            _ => f.name.clone(),
        };
        (slug, name)
    };
    let zone_floor: HashMap<i32, i32> = topology.zones().map(|z| (z.id, z.floor_id)).collect();
    let desks: Vec<desk::Model> = topology.desks().cloned().collect();
    let rooms: Vec<room::Model> = topology.rooms().cloned().collect();

    let (day, half) = half_at(tz, now);
    let booked: HashSet<i32> = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .all(db)
        .await?
        .into_iter()
        .filter(|b| Slot::from(b.slot).overlaps(half))
        .map(|b| b.desk_id)
        .collect();
    let reserved: HashSet<i32> = room_reservation::Entity::find()
        .filter(room_reservation::Column::StartsAt.lte(now))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.room_id)
        .collect();
    let sensors = sensor::Entity::find()
        .find_also_related(sensor_state::Entity)
        .order_by_asc(sensor::Column::DeviceKey)
        .all(db)
        .await?;
    let occupied =
        |s: &Option<sensor_state::Model>| s.as_ref().is_some_and(|s| s.state == Presence::Occupied);
    let desks_occupied: HashSet<i32> = sensors
        .iter()
        .filter(|(_, state)| occupied(state))
        .filter_map(|(s, _)| s.desk_id)
        .collect();
    let rooms_occupied: HashSet<i32> = sensors
        .iter()
        .filter(|(_, state)| occupied(state))
        .filter_map(|(s, _)| s.room_id)
        .collect();

    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let floors_now = floors
        .iter()
        .map(|f| {
            let on_floor: Vec<&desk::Model> = desks
                .iter()
                .filter(|d| zone_floor.get(&d.zone_id) == Some(&f.id))
                .collect();
            let floor_rooms: Vec<&room::Model> =
                rooms.iter().filter(|r| r.floor_id == f.id).collect();
            let (building, name) = address(f);
            FloorNow {
                building,
                level: f.level,
                name,
                desks: count(on_floor.len()),
                desks_booked: count(on_floor.iter().filter(|d| booked.contains(&d.id)).count()),
                desks_occupied: count(
                    on_floor
                        .iter()
                        .filter(|d| desks_occupied.contains(&d.id))
                        .count(),
                ),
                desks_free: count(
                    on_floor
                        .iter()
                        .filter(|d| {
                            !d.blocked && !booked.contains(&d.id) && !desks_occupied.contains(&d.id)
                        })
                        .count(),
                ),
                rooms: count(floor_rooms.len()),
                rooms_reserved: count(
                    floor_rooms
                        .iter()
                        .filter(|r| reserved.contains(&r.id))
                        .count(),
                ),
                rooms_occupied: count(
                    floor_rooms
                        .iter()
                        .filter(|r| rooms_occupied.contains(&r.id))
                        .count(),
                ),
            }
        })
        .collect();

    let offline_before = now - Duration::minutes(i64::from(settings.offline_after_min));
    // A floor's building (short name) and level.
    let floor_at = |floor_id: i32| {
        floors
            .iter()
            .find(|f| f.id == floor_id)
            .map(|f| (address(f).0, f.level))
    };
    let desk_place: HashMap<i32, Place<'_>> = desks
        .iter()
        .map(|d| {
            let floor = zone_floor.get(&d.zone_id).and_then(|f| floor_at(*f));
            (d.id, (d.label.as_str(), floor))
        })
        .collect();
    let room_place: HashMap<i32, Place<'_>> = rooms
        .iter()
        .map(|r| (r.id, (r.label.as_str(), floor_at(r.floor_id))))
        .collect();
    let attention = sensors
        .iter()
        .filter_map(|(s, _)| {
            let mut issues = Vec::new();
            match s.last_seen_at {
                None => issues.push(SensorIssue::NeverSeen),
                Some(at) if at < offline_before => issues.push(SensorIssue::Offline),
                Some(_) => {}
            }
            if s.battery_pct
                .is_some_and(|b| u32::try_from(b).unwrap_or(0) <= settings.low_battery_pct)
            {
                issues.push(SensorIssue::LowBattery);
            }
            if issues.is_empty() {
                return None;
            }
            let place = s
                .desk_id
                .and_then(|d| desk_place.get(&d))
                .or_else(|| s.room_id.and_then(|r| room_place.get(&r)));
            Some(SensorAttention {
                device_key: s.device_key.clone(),
                model: s.model.clone(),
                place: place.map(|(label, _)| (*label).to_owned()),
                building: place.and_then(|(_, floor)| floor.as_ref().map(|f| f.0.clone())),
                floor: place.and_then(|(_, floor)| floor.as_ref().map(|f| f.1)),
                battery_pct: s.battery_pct,
                last_seen_at: s.last_seen_at,
                issues,
            })
        })
        .collect();

    Ok(BuildingNow {
        at: now,
        floors: floors_now,
        offline_after_min: settings.offline_after_min,
        low_battery_pct: settings.low_battery_pct,
        sensors: attention,
    })
}

// ---------------------------------------------------------------------------------------------
// The audit log
