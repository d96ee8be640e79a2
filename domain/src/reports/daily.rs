//! The daily aggregates `unit_day` and `room_day`, counted from the bookings of each finished
//! local day.

use super::*;

/// Counts and stores `unit_day` and `room_day` for every finished local day not stored yet,
/// at most `back_days` days back (keep it below the anonymisation of bookings, which takes the
/// person away). The days written.
pub async fn record_days(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    back_days: u32,
) -> Result<u32, DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    let yesterday = today(tz, now) - Duration::days(1);
    let earliest = today(tz, now) - Duration::days(i64::from(back_days.max(1)));
    let latest: Option<NaiveDate> = room_day::Entity::find()
        .select_only()
        .column_as(room_day::Column::Day.max(), "latest")
        .into_tuple::<Option<NaiveDate>>()
        .one(db)
        .await?
        .flatten();
    let mut day = latest.map_or(earliest, |l| (l + Duration::days(1)).max(earliest));
    let mut written = 0;
    while day <= yesterday {
        record_day(db, day).await?;
        written += 1;
        day += Duration::days(1);
    }
    Ok(written)
}

/// Counts one local day into `unit_day` and `room_day` (replacing what was stored for it).
pub async fn record_day(db: &DatabaseConnection, day: NaiveDate) -> Result<(), DbErr> {
    let tz = crate::topology::building_tz(db).await?;
    // Units: bookings not cancelled, by the booker's unit.
    let desk_zone: HashMap<i32, i32> = desk::Entity::find()
        .select_only()
        .column(desk::Column::Id)
        .column(desk::Column::ZoneId)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let unit_of: HashMap<i32, i32> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::UnitId)
        .into_tuple::<(i32, Option<i32>)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(p, u)| Some((p, u?)))
        .collect();
    let mut home: HashMap<i32, HashSet<i32>> = HashMap::new();
    for h in home_zone::Entity::find().all(db).await? {
        home.entry(h.unit_id).or_default().insert(h.zone_id);
    }
    let bookings = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .filter(desk_booking::Column::Status.ne(DeskBookingStatus::Cancelled))
        .all(db)
        .await?;
    let mut units: BTreeMap<i32, (i32, i32, HashSet<i32>)> = BTreeMap::new();
    for b in bookings {
        let Some(person) = b.person_id else { continue };
        let Some(unit) = unit_of.get(&person) else {
            continue;
        };
        let in_home = desk_zone
            .get(&b.desk_id)
            .is_some_and(|z| home.get(unit).is_some_and(|zones| zones.contains(z)));
        let entry = units.entry(*unit).or_default();
        entry.0 += 1;
        entry.1 += i32::from(in_home);
        entry.2.insert(person);
    }
    if !units.is_empty() {
        let rows =
            units
                .into_iter()
                .map(|(unit, (bookings, home, people))| unit_day::ActiveModel {
                    unit_id: Set(unit),
                    day: Set(day),
                    bookings: Set(bookings),
                    home_zone_bookings: Set(home),
                    distinct_people: Set(i32::try_from(people.len()).unwrap_or(i32::MAX)),
                });
        unit_day::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([unit_day::Column::UnitId, unit_day::Column::Day])
                    .update_columns([
                        unit_day::Column::Bookings,
                        unit_day::Column::HomeZoneBookings,
                        unit_day::Column::DistinctPeople,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }

    // Rooms: reservations not cancelled within the counted hours.
    let window = (
        local_instant(
            tz,
            day,
            NaiveTime::from_hms_opt(rules::ROOM_DAY.0, 0, 0).unwrap_or_default(),
        ),
        local_instant(
            tz,
            day,
            NaiveTime::from_hms_opt(rules::ROOM_DAY.1, 0, 0).unwrap_or_default(),
        ),
    );
    let rooms = room::Entity::find().all(db).await?;
    let class_of: HashMap<i32, PrivacyClass> =
        rooms.iter().map(|r| (r.id, r.privacy_class)).collect();
    let reservations = room_reservation::Entity::find()
        .filter(room_reservation::Column::StartsAt.lt(window.1))
        .filter(room_reservation::Column::EndsAt.gt(window.0))
        .filter(room_reservation::Column::Status.ne(ReservationStatus::Cancelled))
        .all(db)
        .await?;
    let mut rows = Vec::new();
    for class in [PrivacyClass::Standard, PrivacyClass::Protected] {
        let mut reserved = 0i64;
        let mut used = 0i64;
        let mut released = 0;
        let mut people = HashSet::new();
        for r in reservations
            .iter()
            .filter(|r| class_of.get(&r.room_id) == Some(&class))
        {
            let start = r.starts_at.max(window.0);
            let end = r.ends_at.min(window.1);
            let quarters = ((end - start).num_minutes() / 15).max(0);
            reserved += quarters;
            if r.checked_in_at.is_some() {
                used += quarters;
            }
            if r.status == ReservationStatus::Released {
                released += 1;
            }
            if let Some(owner) = r.owner_id {
                people.insert(owner);
            }
        }
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        rows.push(room_day::ActiveModel {
            day: Set(day),
            privacy_class: Set(class),
            rooms: Set(count(
                rooms.iter().filter(|r| r.privacy_class == class).count(),
            )),
            reserved_quarters: Set(i32::try_from(reserved).unwrap_or(i32::MAX)),
            used_quarters: Set(i32::try_from(used).unwrap_or(i32::MAX)),
            released: Set(released),
            distinct_people: Set(count(people.len())),
        });
    }
    room_day::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([room_day::Column::Day, room_day::Column::PrivacyClass])
                .update_columns([
                    room_day::Column::Rooms,
                    room_day::Column::ReservedQuarters,
                    room_day::Column::UsedQuarters,
                    room_day::Column::Released,
                    room_day::Column::DistinctPeople,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The building now
