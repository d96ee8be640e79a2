//! The demo building, seeded idempotently: in one transaction, and only if the building is not
//! there yet, so seeding twice gives the same data. The data itself is in [`plan`]; made-up
//! past use for the reports in [`history`]; its desk sensors, played while the server runs in
//! demo mode, in [`simulator`].
//!
//! Rows are written with batched inserts by table and column name (the names the migrations
//! define), which keeps seeding a few hundred people and desks fast on PostgreSQL too.

pub mod history;
pub mod plan;
pub mod simulator;

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr};

use plan::ZoneKind;

/// What seeding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Whether the building was created now (false: it was already there).
    pub created: bool,
    /// Desks in the demo building.
    pub desks: usize,
    /// Rooms in the demo building.
    pub rooms: usize,
    /// People in the demo organisations.
    pub people: usize,
}

/// The demo building's time zone: Wuppertal's.
const DEMO_TZ: chrono_tz::Tz = domain::topology::DEFAULT_TZ;

/// Seeds the demo building unless it is already there. Its desk sensors are Zigbee2MQTT
/// devices named `desks/<label>` behind the bridge with base topic `zigbee2mqtt_base` (device
/// key `z2m:<base>/desks/<label>`); its room sensors are The Things Stack devices
/// `room-<label>` of the application `platzwahl-demo` (device key
/// `tts:platzwahl-demo/room-<label>`).
#[tracing::instrument(skip_all)]
pub async fn seed(db: &DatabaseConnection, zigbee2mqtt_base: &str) -> Result<Report, DbErr> {
    let building = plan::building();
    if !building_exists(db, building.slug).await? {
        // The second building first, through the building import: the main seed gives its
        // zones to a unit as home zones. Another instance seeding at the same time may win.
        if let Err(err) =
            domain::structure::import::import(db, plan::SECOND_BUILDING.as_bytes(), false).await
            && !building_exists(db, plan::SECOND_BUILDING_SLUG).await?
        {
            return Err(DbErr::Custom(format!("the second demo building: {err}")));
        }
    }
    let txn = domain::db::begin_write(db).await?;
    let exists = building_exists(&txn, building.slug).await?;
    if !exists {
        write(&txn, &building, zigbee2mqtt_base).await?;
        domain::way::demo::store(&txn, building.slug).await?;
        // The demo's three organisations share the entrance zone's first-consultation rooms.
        domain::entrance::admit_everyone(&txn, chrono::Utc::now()).await?;
        let today = domain::booking::rules::today(DEMO_TZ, chrono::Utc::now());
        history::seed(&txn, DEMO_TZ, today).await?;
        // The demo publishes its open data (a fresh install publishes nothing).
        domain::open_data::publish_all(&txn).await?;
    }
    txn.commit().await?;
    let zones = || building.floors.iter().flat_map(|f| &f.zones);
    Ok(Report {
        created: !exists,
        desks: zones().map(|z| z.desks.len()).sum(),
        rooms: zones().map(|z| z.rooms.len()).sum(),
        people: building.people.len(),
    })
}

/// Whether the building `slug` is there.
async fn building_exists(db: &impl ConnectionTrait, slug: &str) -> Result<bool, DbErr> {
    Ok(db
        .query_one(
            Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("building"))
                .and_where(Expr::col(Alias::new("slug")).eq(slug)),
        )
        .await?
        .is_some())
}

/// The device key of the demo sensor on desk `label`.
pub fn desk_sensor_key(zigbee2mqtt_base: &str, label: &str) -> String {
    format!("z2m:{zigbee2mqtt_base}/desks/{label}")
}

/// The device key of the demo sensor in room `label`.
pub fn room_sensor_key(label: &str) -> String {
    format!(
        "tts:{DEMO_TTS_APPLICATION}/room-{}",
        label.to_lowercase().replace('.', "-")
    )
}

/// The The Things Stack application of the demo room sensors.
pub const DEMO_TTS_APPLICATION: &str = "platzwahl-demo";

/// Inserts rows in batches.
async fn insert(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Expr>>,
) -> Result<(), DbErr> {
    for chunk in rows.chunks(200) {
        let mut statement = Query::insert();
        statement
            .into_table(Alias::new(table))
            .columns(columns.iter().map(|c| Alias::new(*c)));
        for row in chunk {
            statement
                .values(row.iter().cloned())
                .map_err(|e| DbErr::Custom(format!("demo row for {table}: {e}")))?;
        }
        txn.execute(&statement).await?;
    }
    Ok(())
}

/// Maps a unique text column of a table to the row ids.
async fn ids(
    txn: &DatabaseTransaction,
    table: &str,
    key: &str,
) -> Result<HashMap<String, i32>, DbErr> {
    let rows = txn
        .query_all(
            Query::select()
                .columns([Alias::new("id"), Alias::new(key)])
                .from(Alias::new(table)),
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get::<String>("", key)?,
                row.try_get::<i32>("", "id")?,
            ))
        })
        .collect()
}

fn id_of(map: &HashMap<String, i32>, key: &str) -> Result<i32, DbErr> {
    map.get(key)
        .copied()
        .ok_or_else(|| DbErr::Custom(format!("demo data refers to unknown {key:?}")))
}

fn kind(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Entrance => "entrance",
        ZoneKind::Consultation => "consultation",
        ZoneKind::Work => "work",
        ZoneKind::Quiet => "quiet",
    }
}

fn v<T: Into<sea_orm::Value>>(value: T) -> Expr {
    Expr::val(value)
}

async fn write(
    txn: &DatabaseTransaction,
    b: &plan::Building,
    zigbee2mqtt_base: &str,
) -> Result<(), DbErr> {
    insert(
        txn,
        "organisation",
        &["slug", "name"],
        b.organisations
            .iter()
            .map(|o| vec![v(o.slug), v(o.name)])
            .collect(),
    )
    .await?;
    let organisations = ids(txn, "organisation", "slug").await?;

    let mut units = Vec::new();
    for org in &b.organisations {
        let org_id = id_of(&organisations, org.slug)?;
        units.extend(
            org.units
                .iter()
                .map(|u| vec![v(org_id), v(u.slug), v(u.name)]),
        );
    }
    insert(txn, "unit", &["organisation_id", "slug", "name"], units).await?;
    let units = ids(txn, "unit", "slug").await?;

    insert(
        txn,
        "building",
        &["slug", "name", "address", "timezone"],
        vec![vec![v(b.slug), v(b.name), v(b.address), v(DEMO_TZ.name())]],
    )
    .await?;
    let building_id = id_of(&ids(txn, "building", "slug").await?, b.slug)?;

    insert(
        txn,
        "floor",
        &["building_id", "level", "name", "plan_width", "plan_height"],
        b.floors
            .iter()
            .map(|f| {
                vec![
                    v(building_id),
                    v(f.level),
                    v(f.name),
                    v(plan::PLAN_WIDTH),
                    v(plan::PLAN_HEIGHT),
                ]
            })
            .collect(),
    )
    .await?;
    let floor_rows = txn
        .query_all(
            Query::select()
                .columns([Alias::new("id"), Alias::new("level")])
                .from(Alias::new("floor"))
                .and_where(Expr::col(Alias::new("building_id")).eq(building_id)),
        )
        .await?;
    let mut floors = HashMap::new();
    for row in floor_rows {
        floors.insert(
            row.try_get::<i32>("", "level")?,
            row.try_get::<i32>("", "id")?,
        );
    }

    let mut zone_rows = Vec::new();
    for floor in &b.floors {
        let floor_id = *floors
            .get(&floor.level)
            .ok_or_else(|| DbErr::Custom(format!("floor {} missing", floor.level)))?;
        for z in &floor.zones {
            let (x, y, w, h) = z.rect;
            zone_rows.push(vec![
                v(floor_id),
                v(z.slug.clone()),
                v(z.name.clone()),
                v(kind(z.kind)),
                v(x),
                v(y),
                v(w),
                v(h),
                v(z.distance_to_lift_m),
            ]);
        }
    }
    insert(
        txn,
        "zone",
        &[
            "floor_id",
            "slug",
            "name",
            "kind",
            "x",
            "y",
            "width",
            "height",
            "distance_to_lift_m",
        ],
        zone_rows,
    )
    .await?;
    let zones = ids(txn, "zone", "slug").await?;

    // Neighbouring zones on a floor (listed in wing order) are adjacent.
    let mut adjacency = Vec::new();
    for floor in &b.floors {
        for pair in floor.zones.windows(2) {
            adjacency.push(vec![
                v(id_of(&zones, &pair[0].slug)?),
                v(id_of(&zones, &pair[1].slug)?),
            ]);
        }
    }
    insert(
        txn,
        "zone_adjacency",
        &["zone_a_id", "zone_b_id"],
        adjacency,
    )
    .await?;

    let mut home_zones = Vec::new();
    for unit in b.organisations.iter().flat_map(|o| &o.units) {
        for (priority, zone) in (1..).zip(&unit.home_zones) {
            home_zones.push(vec![
                v(id_of(&units, unit.slug)?),
                v(id_of(&zones, zone)?),
                v(priority),
            ]);
        }
    }
    insert(
        txn,
        "home_zone",
        &["unit_id", "zone_id", "priority"],
        home_zones,
    )
    .await?;

    // The zones given to each organisation: its units' home zones; a zone that is nobody's
    // home zone (entrance, consultation rooms' zones, spare zones) is given to every
    // organisation of the shared building.
    let mut grants = std::collections::BTreeSet::new();
    for org in &b.organisations {
        let org_id = id_of(&organisations, org.slug)?;
        for zone in org.units.iter().flat_map(|u| &u.home_zones) {
            grants.insert((id_of(&zones, zone)?, org_id));
        }
    }
    // The second building is the university's: its other zones are given to the university.
    let held: std::collections::BTreeSet<i32> = grants.iter().map(|(zone, _)| *zone).collect();
    let second: domain::structure::BuildingFile = serde_json::from_str(plan::SECOND_BUILDING)
        .map_err(|err| DbErr::Custom(format!("the second demo building: {err}")))?;
    let second_zones = second
        .floors
        .iter()
        .flat_map(|f| &f.zones)
        .map(|z| (z.slug.as_str(), [plan::SECOND_BUILDING_OWNER].as_slice()));
    let all_organisations: Vec<&str> = b.organisations.iter().map(|o| o.slug).collect();
    let main_zones = b
        .floors
        .iter()
        .flat_map(|f| &f.zones)
        .map(|z| (z.slug.as_str(), all_organisations.as_slice()));
    for (slug, owners) in main_zones.chain(second_zones) {
        let zone_id = id_of(&zones, slug)?;
        if !held.contains(&zone_id) {
            for org in owners {
                grants.insert((zone_id, id_of(&organisations, org)?));
            }
        }
    }
    insert(
        txn,
        "zone_grant",
        &["zone_id", "organisation_id"],
        grants
            .into_iter()
            .map(|(zone, org)| vec![v(zone), v(org)])
            .collect(),
    )
    .await?;

    let mut desks = Vec::new();
    let mut rooms = Vec::new();
    for floor in &b.floors {
        let floor_id = floors.get(&floor.level).copied().unwrap_or_default();
        for z in &floor.zones {
            let zone_id = id_of(&zones, &z.slug)?;
            for d in &z.desks {
                desks.push(vec![
                    v(zone_id),
                    v(d.label.clone()),
                    v(d.x),
                    v(d.y),
                    v(plan::DESK_W),
                    v(plan::DESK_H),
                    v(0),
                    v(d.docking),
                    v(d.monitors),
                    v(d.height_adjustable),
                    v(d.accessible),
                    v(false),
                ]);
            }
            for r in &z.rooms {
                let (x, y, w, h) = r.rect;
                rooms.push(vec![
                    v(floor_id),
                    v(zone_id),
                    v(r.label.clone()),
                    v(r.name.clone()),
                    v(r.capacity),
                    v(if r.protected { "protected" } else { "standard" }),
                    v(r.step_free),
                    v(r.hearing_loop),
                    v(r.equipment),
                    v(r.buffer_before_min),
                    v(r.buffer_after_min),
                    v(x),
                    v(y),
                    v(w),
                    v(h),
                ]);
            }
        }
    }
    insert(
        txn,
        "desk",
        &[
            "zone_id",
            "label",
            "x",
            "y",
            "width",
            "height",
            "rotation",
            "has_docking",
            "monitors",
            "height_adjustable",
            "accessible",
            "blocked",
        ],
        desks,
    )
    .await?;
    insert(
        txn,
        "room",
        &[
            "floor_id",
            "zone_id",
            "label",
            "name",
            "capacity",
            "privacy_class",
            "step_free",
            "hearing_loop",
            "equipment",
            "buffer_before_min",
            "buffer_after_min",
            "x",
            "y",
            "width",
            "height",
        ],
        rooms,
    )
    .await?;
    let desk_ids = ids(txn, "desk", "label").await?;
    let room_ids = ids(txn, "room", "label").await?;

    let mut sensors = Vec::new();
    for z in b.floors.iter().flat_map(|f| &f.zones) {
        for d in z.desks.iter().filter(|d| d.sensor) {
            sensors.push(vec![
                v(desk_sensor_key(zigbee2mqtt_base, &d.label)),
                v("Tuya ZY-M100"),
                v("zigbee2mqtt"),
                v(Some(id_of(&desk_ids, &d.label)?)),
                v(Option::<i32>::None),
            ]);
        }
        for r in &z.rooms {
            sensors.push(vec![
                v(room_sensor_key(&r.label)),
                v("Milesight VS121"),
                v("ttn_v3"),
                v(Option::<i32>::None),
                v(Some(id_of(&room_ids, &r.label)?)),
            ]);
        }
    }
    insert(
        txn,
        "sensor",
        &["device_key", "model", "protocol", "desk_id", "room_id"],
        sensors,
    )
    .await?;

    let mut people = Vec::new();
    for p in &b.people {
        people.push(vec![
            v(id_of(&organisations, p.organisation)?),
            v(Some(id_of(&units, p.unit)?)),
            v(p.name.clone()),
            v(Some(p.email.clone())),
            v("de"),
            v(p.share_location),
            v(true),
            v(true),
        ]);
    }
    insert(
        txn,
        "person",
        &[
            "organisation_id",
            "unit_id",
            "display_name",
            "email",
            "locale",
            "share_location",
            "active",
            "demo",
        ],
        people,
    )
    .await?;
    let person_ids = ids(txn, "person", "email").await?;
    let mut roles = Vec::new();
    for p in &b.people {
        let id = id_of(&person_ids, &p.email)?;
        roles.extend(p.roles.iter().map(|role| vec![v(id), v(*role)]));
    }
    insert(txn, "person_role", &["person_id", "role"], roles).await?;

    // The building-wide default policy: two weeks ahead, half-days allowed, other zones open
    // from 14:00 the day before, released after 30 minutes without check-in if the sensor
    // shows the desk empty.
    insert(
        txn,
        "policy",
        &[
            "scope",
            "scope_id",
            "max_days_ahead",
            "max_bookings_per_week",
            "half_days_allowed",
            "overflow",
            "checkin_grace_min",
            "auto_release",
            "release_without_sensor",
        ],
        vec![vec![
            v("building"),
            v(Some(building_id)),
            v(14),
            v(Option::<i32>::None),
            v(true),
            v("day_before_14"),
            v(30),
            v(true),
            v(false),
        ]],
    )
    .await?;
    Ok(())
}
