//! The building editor of the building administrators: the building's name, address and time
//! zone, floors with their plan images, and the zones, desks and rooms placed on them.
//!
//! Every change of the structure goes through the same check as a building file import
//! ([`crate::structure::check`]): the building is exported as a [`BuildingFile`], the change is
//! made in the file, and the file is checked whole (with the keys other buildings own). Only
//! problems the change brings are reported (a building imported with an old problem stays
//! editable); then nothing is written. So the editor never writes what the import would
//! refuse. The change itself is written by id in the same transaction, so a renamed desk keeps
//! its bookings and sensors (an import would match it by its new label, a new desk).
//!
//! What the import lacks, removal, is here ([`removal`]): a desk or room with bookings from
//! today on is removed only with a choice what becomes of them; a zone or floor only when
//! nothing stands on it.
//!
//! # Layout
//! - this module: reading the editor's view, changing the building, adding floors, creating
//!   and changing zones, desks and rooms.
//! - [`removal`]: removing desks, rooms, zones and floors.
//! - [`plan_image`]: the floors' plan images: checking, storing, serving.

pub mod plan_image;
pub mod removal;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entities::enums::{DeskBookingStatus, PrivacyClass, ReservationStatus, ZoneKind};
use entities::{
    audit_log, building, desk, desk_booking, floor, floor_plan_image, room, room_reservation, zone,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use wire::model::building_admin::{
    BuildingChange, BuildingEditor, DeskInput, EditorDesk, EditorFloor, EditorRoom, EditorZone,
    NewFloor, RoomInput, ZoneInput,
};

use crate::auth::Principal;
use crate::booking::rules;
use crate::db::begin_write;
use crate::structure::check::{self, Owners, Problem};
use crate::structure::format::{BuildingFile, DeskFile, FloorFile, RoomFile, ZoneFile};
use crate::structure::{StructureError, export};

/// The size of a desk placed without one, in plan units.
pub const DEFAULT_DESK_SIZE: (i32, i32) = (160, 80);

/// Why the editor did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum BuildingAdminError {
    /// No such building, floor, zone, desk or room (in this building).
    #[error("not found")]
    NotFound,
    /// The change would make the building one the import refuses: every problem it brings.
    #[error("the change has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// The request is malformed or incomplete; the text says what, in English.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A plan image larger than [`plan_image::MAX_PLAN_BYTES`].
    #[error("the image is larger than {} bytes", plan_image::MAX_PLAN_BYTES)]
    TooLarge,
    /// It conflicts with what is stored (a zone or floor that is not empty).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The desk or room has bookings from today on: say whether to cancel or move them.
    #[error("{0} booking(s) from today on; choose bookings=cancel or bookings=move")]
    BookingsNeedChoice(u32),
    /// The database failed; nothing was written.
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl From<StructureError> for BuildingAdminError {
    fn from(err: StructureError) -> Self {
        match err {
            StructureError::NoSuchBuilding(_) | StructureError::NoBuilding => Self::NotFound,
            StructureError::WhichBuilding(_) => Self::NotFound,
            StructureError::Invalid(problems) => Self::Invalid(problems),
            StructureError::Inconsistent(why) => Self::Database(DbErr::Custom(why)),
            StructureError::Database(err) => Self::Database(err),
        }
    }
}

/// The building of `slug`.
pub(crate) async fn building_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<building::Model, BuildingAdminError> {
    building::Entity::find()
        .filter(building::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(BuildingAdminError::NotFound)
}

/// The floors of a building.
pub(crate) async fn floors_of(
    db: &impl ConnectionTrait,
    building_id: i32,
) -> Result<Vec<floor::Model>, DbErr> {
    floor::Entity::find()
        .filter(floor::Column::BuildingId.eq(building_id))
        .order_by_asc(floor::Column::Level)
        .all(db)
        .await
}

/// The floor `floor_id` of the building `slug`.
pub(crate) async fn floor_in(
    db: &impl ConnectionTrait,
    slug: &str,
    floor_id: i32,
) -> Result<(building::Model, floor::Model), BuildingAdminError> {
    let building = building_by_slug(db, slug).await?;
    let floor = floor::Entity::find_by_id(floor_id)
        .one(db)
        .await?
        .filter(|f| f.building_id == building.id)
        .ok_or(BuildingAdminError::NotFound)?;
    Ok((building, floor))
}

/// The zone `zone_id`, if it lies in the building `building_id`, with its floor.
pub(crate) async fn zone_in(
    db: &impl ConnectionTrait,
    building_id: i32,
    zone_id: i32,
) -> Result<(zone::Model, floor::Model), BuildingAdminError> {
    let zone = zone::Entity::find_by_id(zone_id)
        .one(db)
        .await?
        .ok_or(BuildingAdminError::NotFound)?;
    let floor = floor::Entity::find_by_id(zone.floor_id)
        .one(db)
        .await?
        .filter(|f| f.building_id == building_id)
        .ok_or(BuildingAdminError::NotFound)?;
    Ok((zone, floor))
}

/// Writes an audit row of the editor: the action, the entity and its id, details by ids and
/// counts only.
pub(crate) async fn audit(
    db: &impl ConnectionTrait,
    who: &Principal,
    action: &str,
    entity: &str,
    id: i32,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(Some(who.person_id)),
            organisation_id: Set(Some(who.organisation_id)),
            action: Set(action.to_owned()),
            entity: Set(entity.to_owned()),
            entity_id: Set(Some(id.to_string())),
            detail: Set(Some(detail)),
            ..Default::default()
        },
    )
    .await
}

// --- Reading ---------------------------------------------------------------------------------

/// The building `slug` as the editor shows it, with the bookings from today on of every desk
/// and room (what a removal would touch).
#[tracing::instrument(skip(db))]
pub async fn editor(
    db: &DatabaseConnection,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<BuildingEditor, BuildingAdminError> {
    let building = building_by_slug(db, slug).await?;
    let tz = building
        .timezone
        .parse::<chrono_tz::Tz>()
        .unwrap_or(crate::topology::DEFAULT_TZ);
    let today = rules::today(tz, now);
    let floors = floors_of(db, building.id).await?;
    let floor_ids: Vec<i32> = floors.iter().map(|f| f.id).collect();
    let zones = zone::Entity::find()
        .filter(zone::Column::FloorId.is_in(floor_ids.clone()))
        .order_by_asc(zone::Column::Id)
        .all(db)
        .await?;
    let zone_floor: HashMap<i32, i32> = zones.iter().map(|z| (z.id, z.floor_id)).collect();
    let desks = desk::Entity::find()
        .filter(desk::Column::ZoneId.is_in(zones.iter().map(|z| z.id)))
        .order_by_asc(desk::Column::Id)
        .all(db)
        .await?;
    let rooms = room::Entity::find()
        .filter(room::Column::FloorId.is_in(floor_ids.clone()))
        .order_by_asc(room::Column::Id)
        .all(db)
        .await?;
    let images: HashMap<i32, String> = floor_plan_image::Entity::find()
        .select_only()
        .column(floor_plan_image::Column::FloorId)
        .column(floor_plan_image::Column::ContentType)
        .filter(floor_plan_image::Column::FloorId.is_in(floor_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut desk_bookings: HashMap<i32, u32> = HashMap::new();
    for b in desk_booking::Entity::find()
        .filter(desk_booking::Column::DeskId.is_in(desks.iter().map(|d| d.id)))
        .filter(desk_booking::Column::Status.eq(DeskBookingStatus::Active))
        .filter(desk_booking::Column::Day.gte(today))
        .all(db)
        .await?
    {
        if !rules::is_past(tz, b.day, b.slot.into(), now) {
            *desk_bookings.entry(b.desk_id).or_default() += 1;
        }
    }
    let mut room_bookings: HashMap<i32, u32> = HashMap::new();
    for r in room_reservation::Entity::find()
        .filter(room_reservation::Column::RoomId.is_in(rooms.iter().map(|r| r.id)))
        .filter(room_reservation::Column::Status.eq(ReservationStatus::Active))
        .filter(room_reservation::Column::EndsAt.gt(now))
        .all(db)
        .await?
    {
        *room_bookings.entry(r.room_id).or_default() += 1;
    }
    let floors = floors
        .into_iter()
        .map(|f| EditorFloor {
            id: f.id,
            level: f.level,
            name: f.name,
            plan_width: f.plan_width,
            plan_height: f.plan_height,
            plan_image: images.get(&f.id).cloned(),
            zones: zones
                .iter()
                .filter(|z| z.floor_id == f.id)
                .map(|z| EditorZone {
                    id: z.id,
                    slug: z.slug.clone(),
                    name: z.name.clone(),
                    kind: z.kind.to_value(),
                    x: z.x,
                    y: z.y,
                    width: z.width,
                    height: z.height,
                    distance_to_lift_m: z.distance_to_lift_m,
                })
                .collect(),
            desks: desks
                .iter()
                .filter(|d| zone_floor.get(&d.zone_id) == Some(&f.id))
                .map(|d| EditorDesk {
                    id: d.id,
                    zone_id: d.zone_id,
                    label: d.label.clone(),
                    x: d.x,
                    y: d.y,
                    width: d.width,
                    height: d.height,
                    rotation: d.rotation,
                    has_docking: d.has_docking,
                    monitors: d.monitors,
                    height_adjustable: d.height_adjustable,
                    accessible: d.accessible,
                    blocked: d.blocked,
                    notes: d.notes.clone(),
                    future_bookings: desk_bookings.get(&d.id).copied().unwrap_or_default(),
                })
                .collect(),
            rooms: rooms
                .iter()
                .filter(|r| r.floor_id == f.id)
                .map(|r| EditorRoom {
                    id: r.id,
                    zone_id: r.zone_id,
                    label: r.label.clone(),
                    name: r.name.clone(),
                    capacity: r.capacity,
                    privacy_class: r.privacy_class.to_value(),
                    step_free: r.step_free,
                    hearing_loop: r.hearing_loop,
                    equipment: r
                        .equipment
                        .split(',')
                        .filter(|e| !e.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    buffer_before_min: r.buffer_before_min,
                    buffer_after_min: r.buffer_after_min,
                    max_slot_minutes: r.max_slot_minutes,
                    x: r.x,
                    y: r.y,
                    width: r.width,
                    height: r.height,
                    future_bookings: room_bookings.get(&r.id).copied().unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    Ok(BuildingEditor {
        id: building.id,
        slug: building.slug,
        name: building.name,
        address: building.address,
        timezone: building.timezone,
        site: crate::structure::site::of(db, building.id).await?.map(|s| {
            wire::model::building_admin::SiteRef {
                slug: s.slug,
                name: s.name,
            }
        }),
        floors,
    })
}

// --- The check ---------------------------------------------------------------------------------

/// Which building owns every zone slug, desk label and room label (for the check of keys
/// across buildings).
async fn owners(db: &impl ConnectionTrait) -> Result<Owners, DbErr> {
    let buildings: HashMap<i32, String> = building::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.slug))
        .collect();
    let floors: HashMap<i32, i32> = floor::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f.building_id))
        .collect();
    let slug_of_floor = |floor_id: i32| {
        floors
            .get(&floor_id)
            .and_then(|b| buildings.get(b))
            .cloned()
            .unwrap_or_default()
    };
    let zones = zone::Entity::find().all(db).await?;
    let zone_floor: HashMap<i32, i32> = zones.iter().map(|z| (z.id, z.floor_id)).collect();
    let mut owners = Owners::default();
    for z in &zones {
        owners
            .zones
            .insert(z.slug.clone(), slug_of_floor(z.floor_id));
    }
    for d in desk::Entity::find().all(db).await? {
        let floor = zone_floor.get(&d.zone_id).copied().unwrap_or_default();
        owners.desks.insert(d.label, slug_of_floor(floor));
    }
    for r in room::Entity::find().all(db).await? {
        owners.rooms.insert(r.label, slug_of_floor(r.floor_id));
    }
    Ok(owners)
}

/// The problems of `file` as the import finds them (with the keys other buildings own).
fn problems_of(file: &BuildingFile, owners: &Owners) -> Vec<Problem> {
    let bytes = match serde_json::to_vec_pretty(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            return vec![Problem {
                line: None,
                path: String::new(),
                field: String::new(),
                message: format!("the building cannot be written as a file: {err}"),
            }];
        }
    };
    let mut reading = match check::read(&bytes) {
        Ok(reading) => reading,
        Err(problems) => return problems,
    };
    reading.check_owners(owners);
    reading.finish().err().unwrap_or_default()
}

/// Checks `after` (the building's file with one change made) as the import would; the
/// problems it has that `before` did not have, without their lines (there is no file).
async fn check_change(
    txn: &impl ConnectionTrait,
    before: &BuildingFile,
    after: &BuildingFile,
) -> Result<(), BuildingAdminError> {
    let owners = owners(txn).await?;
    let old: HashSet<(String, String)> = problems_of(before, &owners)
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect();
    let new: Vec<Problem> = problems_of(after, &owners)
        .into_iter()
        .filter(|p| !old.contains(&(p.path.clone(), p.message.clone())))
        .map(|p| Problem { line: None, ..p })
        .collect();
    if new.is_empty() {
        Ok(())
    } else {
        Err(BuildingAdminError::Invalid(new))
    }
}

fn floor_file(file: &mut BuildingFile, level: i32) -> Result<&mut FloorFile, BuildingAdminError> {
    file.floors
        .iter_mut()
        .find(|f| f.level == level)
        .ok_or_else(|| BuildingAdminError::Database(DbErr::Custom("floor not exported".into())))
}

fn need<T>(value: Option<T>, field: &str) -> Result<T, BuildingAdminError> {
    value.ok_or_else(|| BuildingAdminError::InvalidInput(format!("{field}: required")))
}

fn trimmed(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned())
}

/// Makes a change in the building's file and checks the result as the import would
/// ([`check_change`]): `change` renames what the change renames and puts the changed item on
/// its floor.
async fn check_edit(
    txn: &DatabaseTransaction,
    slug: &str,
    change: impl FnOnce(&mut BuildingFile) -> Result<(), BuildingAdminError>,
) -> Result<(), BuildingAdminError> {
    let before = export::export(txn, Some(slug)).await?;
    let mut after = before.clone();
    change(&mut after)?;
    check_change(txn, &before, &after).await
}

/// Puts `item` into a floor's list of the file: in place of the item `same` finds when the
/// change is to an existing one, at the end when it is new.
fn put<T>(list: &mut Vec<T>, item: T, existing: bool, same: impl Fn(&T) -> bool) {
    if !existing {
        list.push(item);
    } else if let Some(slot) = list.iter_mut().find(|x| same(x)) {
        *slot = item;
    }
}

/// Writes the changed row (an update when `existing`, else an insert), its audit entry
/// (`{entity}.update` or `{entity}.create`, with `detail`) and commits; the row's id.
#[allow(clippy::too_many_arguments)]
async fn store<A>(
    txn: DatabaseTransaction,
    who: &Principal,
    row: A,
    existing: bool,
    entity: &str,
    id_of: impl Fn(&<A::Entity as EntityTrait>::Model) -> i32,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<i32, BuildingAdminError>
where
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let row = if existing {
        row.update(&txn).await?
    } else {
        row.insert(&txn).await?
    };
    let id = id_of(&row);
    let action = format!("{entity}.{}", if existing { "update" } else { "create" });
    audit(&txn, who, &action, entity, id, detail, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// The largest plan, in plan units either way (keeps every sum of coordinates in range).
pub const MAX_PLAN_SIZE: i32 = 100_000;

/// A problem of one field of the change (no path: there is no file).
fn field_problem(field: &str, message: String) -> Problem {
    Problem {
        line: None,
        path: field.to_owned(),
        field: field.to_owned(),
        message,
    }
}

/// What the import does not check but the editor must: a zone's or room's rectangle
/// (`corner`) or a desk (centre) lies on its floor's plan, and no size is beyond it.
fn on_plan(
    floor: &floor::Model,
    (x, y, width, height): (i32, i32, i32, i32),
    corner: bool,
) -> Result<(), BuildingAdminError> {
    let (plan_w, plan_h) = (floor.plan_width, floor.plan_height);
    let mut problems = Vec::new();
    for (field, value, limit) in [("x", x, plan_w), ("y", y, plan_h)] {
        if !(0..=limit).contains(&value) {
            problems.push(field_problem(
                field,
                format!("must lie on the floor's plan (0 to {limit}), is {value}"),
            ));
        }
    }
    for (field, value, start, limit) in [("width", width, x, plan_w), ("height", height, y, plan_h)]
    {
        let end = if corner {
            start.saturating_add(value)
        } else {
            value
        };
        if value > limit || (corner && end > limit) {
            problems.push(field_problem(
                field,
                format!("reaches beyond the floor's plan ({limit}), is {value}"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BuildingAdminError::Invalid(problems))
    }
}

// --- The building and its floors -------------------------------------------------------------

/// Changes the building's name, address or time zone.
#[tracing::instrument(skip(db, who, change), fields(by = who.person_id))]
pub async fn update_building(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    change: &BuildingChange,
    now: DateTime<Utc>,
) -> Result<(), BuildingAdminError> {
    let txn = begin_write(db).await?;
    let this = building_by_slug(&txn, slug).await?;
    let before = export::export(&txn, Some(slug)).await?;
    let mut after = before.clone();
    if let Some(name) = trimmed(change.name.as_ref()) {
        after.name = name;
    }
    if let Some(address) = trimmed(change.address.as_ref()) {
        after.address = address;
    }
    if let Some(timezone) = trimmed(change.timezone.as_ref()) {
        after.timezone = timezone;
    }
    match trimmed(change.site.as_ref()) {
        None => {}
        Some(slug) if slug.is_empty() => after.site = None,
        Some(slug) => {
            let name = trimmed(change.site_name.as_ref())
                .filter(|name| !name.is_empty())
                .or_else(|| {
                    before
                        .site
                        .as_ref()
                        .filter(|s| s.slug == slug)
                        .map(|s| s.name.clone())
                });
            let name = match name {
                Some(name) => name,
                None => crate::structure::site::named(&txn, &slug)
                    .await?
                    .unwrap_or_else(|| slug.clone()),
            };
            after.site = Some(crate::structure::format::SiteFile { slug, name });
        }
    }
    check_change(&txn, &before, &after).await?;
    if after.site != before.site {
        crate::structure::site::put(&txn, this.id, after.site.as_ref()).await?;
    }
    building::ActiveModel {
        id: Set(this.id),
        name: Set(after.name),
        address: Set(after.address),
        timezone: Set(after.timezone),
        slug: NotSet,
    }
    .update(&txn)
    .await?;
    audit(
        &txn,
        who,
        "building.update",
        "building",
        this.id,
        serde_json::json!({}),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a floor to the building; its id.
#[tracing::instrument(skip(db, who, new), fields(by = who.person_id))]
pub async fn add_floor(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    new: &NewFloor,
    now: DateTime<Utc>,
) -> Result<i32, BuildingAdminError> {
    for (field, value) in [
        ("plan_width", new.plan_width),
        ("plan_height", new.plan_height),
    ] {
        if value > MAX_PLAN_SIZE {
            return Err(BuildingAdminError::Invalid(vec![field_problem(
                field,
                format!("at most {MAX_PLAN_SIZE}, is {value}"),
            )]));
        }
    }
    let txn = begin_write(db).await?;
    let this = building_by_slug(&txn, slug).await?;
    let before = export::export(&txn, Some(slug)).await?;
    let mut after = before.clone();
    after.floors.push(FloorFile {
        level: new.level,
        name: new.name.trim().to_owned(),
        plan_width: new.plan_width,
        plan_height: new.plan_height,
        zones: Vec::new(),
        desks: Vec::new(),
        rooms: Vec::new(),
    });
    check_change(&txn, &before, &after).await?;
    let row = floor::ActiveModel {
        id: NotSet,
        building_id: Set(this.id),
        level: Set(new.level),
        name: Set(new.name.trim().to_owned()),
        plan_width: Set(new.plan_width),
        plan_height: Set(new.plan_height),
    }
    .insert(&txn)
    .await?;
    audit(
        &txn,
        who,
        "floor.create",
        "floor",
        row.id,
        serde_json::json!({ "building_id": this.id }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

// --- Zones -----------------------------------------------------------------------------------

/// Creates a zone (`id` is `None`) or changes zone `id`; its id.
#[tracing::instrument(skip(db, who, input), fields(by = who.person_id))]
pub async fn save_zone(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: Option<i32>,
    input: &ZoneInput,
    now: DateTime<Utc>,
) -> Result<i32, BuildingAdminError> {
    let txn = begin_write(db).await?;
    let this = building_by_slug(&txn, slug).await?;
    let (old, floor) = match id {
        Some(id) => {
            let (zone, floor) = zone_in(&txn, this.id, id).await?;
            (Some(zone), floor)
        }
        None => {
            let floor_id = need(input.floor_id, "floor_id")?;
            let (_, floor) = floor_in(&txn, slug, floor_id).await?;
            (None, floor)
        }
    };
    if let (Some(_), Some(floor_id)) = (&old, input.floor_id)
        && floor_id != floor.id
    {
        return Err(BuildingAdminError::InvalidInput(
            "floor_id: a zone does not change floors".into(),
        ));
    }
    let zone = ZoneFile {
        slug: match trimmed(input.slug.as_ref()) {
            Some(s) => s,
            None => need(old.as_ref().map(|z| z.slug.clone()), "slug")?,
        },
        name: match trimmed(input.name.as_ref()) {
            Some(s) => s,
            None => need(old.as_ref().map(|z| z.name.clone()), "name")?,
        },
        kind: match trimmed(input.kind.as_ref()) {
            Some(s) => s,
            None => need(old.as_ref().map(|z| z.kind.to_value()), "kind")?,
        },
        x: need(input.x.or(old.as_ref().map(|z| z.x)), "x")?,
        y: need(input.y.or(old.as_ref().map(|z| z.y)), "y")?,
        width: need(input.width.or(old.as_ref().map(|z| z.width)), "width")?,
        height: need(input.height.or(old.as_ref().map(|z| z.height)), "height")?,
        distance_to_lift_m: input
            .distance_to_lift_m
            .or(old.as_ref().map(|z| z.distance_to_lift_m))
            .unwrap_or_default(),
        next_to: Vec::new(),
    };
    on_plan(&floor, (zone.x, zone.y, zone.width, zone.height), true)?;
    let existing = old.is_some();
    check_edit(&txn, slug, |file| {
        rename_zone_in(file, old.as_ref().map(|z| z.slug.as_str()), &zone.slug);
        let zones = &mut floor_file(file, floor.level)?.zones;
        // The neighbours are not the editor's: a changed zone keeps them.
        let next_to = zones
            .iter()
            .find(|z| z.slug == zone.slug)
            .map(|z| z.next_to.clone())
            .unwrap_or_default();
        let item = ZoneFile {
            next_to,
            ..zone.clone()
        };
        put(zones, item, existing, |z| z.slug == zone.slug);
        Ok(())
    })
    .await?;
    let kind = ZoneKind::try_from_value(&zone.kind)
        .map_err(|_| BuildingAdminError::InvalidInput("kind: unknown".into()))?;
    let row = zone::ActiveModel {
        id: old.as_ref().map_or(NotSet, |z| Set(z.id)),
        floor_id: Set(floor.id),
        slug: Set(zone.slug),
        name: Set(zone.name),
        kind: Set(kind),
        x: Set(zone.x),
        y: Set(zone.y),
        width: Set(zone.width),
        height: Set(zone.height),
        distance_to_lift_m: Set(zone.distance_to_lift_m),
    };
    let detail = serde_json::json!({ "floor_id": floor.id });
    store(txn, who, row, existing, "zone", |z| z.id, detail, now).await
}

/// Renames a zone in the file and everything that names it.
fn rename_zone_in(file: &mut BuildingFile, old: Option<&str>, new: &str) {
    let Some(old) = old.filter(|old| *old != new) else {
        return;
    };
    for floor in &mut file.floors {
        for z in &mut floor.zones {
            if z.slug == old {
                new.clone_into(&mut z.slug);
            }
            for other in &mut z.next_to {
                if other == old {
                    new.clone_into(other);
                }
            }
        }
        for d in &mut floor.desks {
            if d.zone == old {
                new.clone_into(&mut d.zone);
            }
        }
        for r in &mut floor.rooms {
            if r.zone.as_deref() == Some(old) {
                r.zone = Some(new.to_owned());
            }
        }
    }
}

// --- Desks -----------------------------------------------------------------------------------

/// Creates a desk (`id` is `None`) or changes desk `id`; its id. A desk stays on its floor:
/// its zone may change to another zone of the same floor.
#[tracing::instrument(skip(db, who, input), fields(by = who.person_id))]
pub async fn save_desk(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: Option<i32>,
    input: &DeskInput,
    now: DateTime<Utc>,
) -> Result<i32, BuildingAdminError> {
    let txn = begin_write(db).await?;
    let this = building_by_slug(&txn, slug).await?;
    let old = match id {
        Some(id) => Some(
            desk::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(BuildingAdminError::NotFound)?,
        ),
        None => None,
    };
    // The desk's zone now (it must be in this building), and the one it goes to.
    if let Some(old) = &old {
        zone_in(&txn, this.id, old.zone_id).await?;
    }
    let zone_id = need(input.zone_id.or(old.as_ref().map(|d| d.zone_id)), "zone_id")?;
    let (zone, floor) = zone_in(&txn, this.id, zone_id)
        .await
        .map_err(|err| match err {
            BuildingAdminError::NotFound => {
                BuildingAdminError::InvalidInput("zone_id: no such zone in this building".into())
            }
            other => other,
        })?;
    if let Some(old) = &old {
        let (_, old_floor) = zone_in(&txn, this.id, old.zone_id).await?;
        if old_floor.id != floor.id {
            return Err(BuildingAdminError::InvalidInput(
                "zone_id: a desk moves only between zones of its floor".into(),
            ));
        }
    }
    let o = old.as_ref();
    let desk = DeskFile {
        label: match trimmed(input.label.as_ref()) {
            Some(s) => s,
            None => need(o.map(|d| d.label.clone()), "label")?,
        },
        zone: zone.slug.clone(),
        x: need(input.x.or(o.map(|d| d.x)), "x")?,
        y: need(input.y.or(o.map(|d| d.y)), "y")?,
        width: input
            .width
            .or(o.map(|d| d.width))
            .unwrap_or(DEFAULT_DESK_SIZE.0),
        height: input
            .height
            .or(o.map(|d| d.height))
            .unwrap_or(DEFAULT_DESK_SIZE.1),
        rotation: input.rotation.or(o.map(|d| d.rotation)).unwrap_or(0),
        has_docking: input
            .has_docking
            .or(o.map(|d| d.has_docking))
            .unwrap_or(false),
        monitors: input.monitors.or(o.map(|d| d.monitors)).unwrap_or(0),
        height_adjustable: input
            .height_adjustable
            .or(o.map(|d| d.height_adjustable))
            .unwrap_or(false),
        accessible: input
            .accessible
            .or(o.map(|d| d.accessible))
            .unwrap_or(false),
        blocked: o.is_some_and(|d| d.blocked),
        notes: match &input.notes {
            Some(notes) if notes.trim().is_empty() => None,
            Some(notes) => Some(notes.trim().to_owned()),
            None => o.and_then(|d| d.notes.clone()),
        },
    };
    on_plan(&floor, (desk.x, desk.y, desk.width, desk.height), false)?;
    check_edit(&txn, slug, |file| {
        if let Some(old) = o {
            rename_desk_in(file, &old.label, &desk.label);
        }
        let desks = &mut floor_file(file, floor.level)?.desks;
        put(desks, desk.clone(), o.is_some(), |d| d.label == desk.label);
        Ok(())
    })
    .await?;
    let row = desk::ActiveModel {
        id: o.map_or(NotSet, |d| Set(d.id)),
        zone_id: Set(zone.id),
        label: Set(desk.label),
        x: Set(desk.x),
        y: Set(desk.y),
        width: Set(desk.width),
        height: Set(desk.height),
        rotation: Set(desk.rotation),
        has_docking: Set(desk.has_docking),
        monitors: Set(desk.monitors),
        height_adjustable: Set(desk.height_adjustable),
        accessible: Set(desk.accessible),
        blocked: Set(desk.blocked),
        notes: Set(desk.notes),
    };
    let detail = serde_json::json!({ "zone_id": zone.id });
    store(txn, who, row, o.is_some(), "desk", |d| d.id, detail, now).await
}

/// Renames a desk in the file and in the sensors that watch it.
fn rename_desk_in(file: &mut BuildingFile, old: &str, new: &str) {
    if old == new {
        return;
    }
    for d in file.floors.iter_mut().flat_map(|f| &mut f.desks) {
        if d.label == old {
            new.clone_into(&mut d.label);
        }
    }
    for s in &mut file.sensors {
        if s.desk.as_deref() == Some(old) {
            s.desk = Some(new.to_owned());
        }
    }
}

/// Renames a room in the file and in the sensors that watch it.
fn rename_room_in(file: &mut BuildingFile, old: &str, new: &str) {
    if old == new {
        return;
    }
    for r in file.floors.iter_mut().flat_map(|f| &mut f.rooms) {
        if r.label == old {
            new.clone_into(&mut r.label);
        }
    }
    for s in &mut file.sensors {
        if s.room.as_deref() == Some(old) {
            s.room = Some(new.to_owned());
        }
    }
}

// --- Rooms -----------------------------------------------------------------------------------

/// Creates a room (`id` is `None`) or changes room `id`; its id. A room stays on its floor.
#[tracing::instrument(skip(db, who, input), fields(by = who.person_id))]
pub async fn save_room(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    id: Option<i32>,
    input: &RoomInput,
    now: DateTime<Utc>,
) -> Result<i32, BuildingAdminError> {
    let txn = begin_write(db).await?;
    let this = building_by_slug(&txn, slug).await?;
    let old = match id {
        Some(id) => Some(
            room::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(BuildingAdminError::NotFound)?,
        ),
        None => None,
    };
    let floor_id = match &old {
        Some(old) => {
            if input.floor_id.is_some_and(|f| f != old.floor_id) {
                return Err(BuildingAdminError::InvalidInput(
                    "floor_id: a room does not change floors".into(),
                ));
            }
            old.floor_id
        }
        None => need(input.floor_id, "floor_id")?,
    };
    let (_, floor) = floor_in(&txn, slug, floor_id).await?;
    let o = old.as_ref();
    let zone_id = match input.zone_id {
        Some(0) => None,
        Some(z) => Some(z),
        None => o.and_then(|r| r.zone_id),
    };
    let zone_slug = match zone_id {
        Some(z) => Some(
            zone_in(&txn, this.id, z)
                .await
                .map_err(|err| match err {
                    BuildingAdminError::NotFound => BuildingAdminError::InvalidInput(
                        "zone_id: no such zone in this building".into(),
                    ),
                    other => other,
                })?
                .0
                .slug,
        ),
        None => None,
    };
    let room = RoomFile {
        label: match trimmed(input.label.as_ref()) {
            Some(s) => s,
            None => need(o.map(|r| r.label.clone()), "label")?,
        },
        name: match trimmed(input.name.as_ref()) {
            Some(s) => s,
            None => need(o.map(|r| r.name.clone()), "name")?,
        },
        zone: zone_slug,
        capacity: need(input.capacity.or(o.map(|r| r.capacity)), "capacity")?,
        privacy_class: trimmed(input.privacy_class.as_ref())
            .or(o.map(|r| r.privacy_class.to_value()))
            .unwrap_or_else(|| "standard".to_owned()),
        step_free: input.step_free.or(o.map(|r| r.step_free)).unwrap_or(false),
        hearing_loop: input
            .hearing_loop
            .or(o.map(|r| r.hearing_loop))
            .unwrap_or(false),
        equipment: match &input.equipment {
            Some(list) => list.iter().map(|e| e.trim().to_owned()).collect(),
            None => o
                .map(|r| {
                    r.equipment
                        .split(',')
                        .filter(|e| !e.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        },
        buffer_before_min: input
            .buffer_before_min
            .or(o.map(|r| r.buffer_before_min))
            .unwrap_or(0),
        buffer_after_min: input
            .buffer_after_min
            .or(o.map(|r| r.buffer_after_min))
            .unwrap_or(0),
        max_slot_minutes: match input.max_slot_minutes {
            Some(0) => None,
            Some(minutes) => Some(minutes),
            None => o.and_then(|r| r.max_slot_minutes),
        },
        x: need(input.x.or(o.map(|r| r.x)), "x")?,
        y: need(input.y.or(o.map(|r| r.y)), "y")?,
        width: need(input.width.or(o.map(|r| r.width)), "width")?,
        height: need(input.height.or(o.map(|r| r.height)), "height")?,
    };
    on_plan(&floor, (room.x, room.y, room.width, room.height), true)?;
    for (name, minutes) in [
        ("buffer_before_min", room.buffer_before_min),
        ("buffer_after_min", room.buffer_after_min),
    ] {
        crate::rooms::rules::buffer(name, minutes)
            .map_err(|err| BuildingAdminError::InvalidInput(err.to_string()))?;
    }
    check_edit(&txn, slug, |file| {
        if let Some(old) = o {
            rename_room_in(file, &old.label, &room.label);
        }
        let rooms = &mut floor_file(file, floor.level)?.rooms;
        put(rooms, room.clone(), o.is_some(), |r| r.label == room.label);
        Ok(())
    })
    .await?;
    let privacy = PrivacyClass::try_from_value(&room.privacy_class)
        .map_err(|_| BuildingAdminError::InvalidInput("privacy_class: unknown".into()))?;
    let row = room::ActiveModel {
        id: o.map_or(NotSet, |r| Set(r.id)),
        floor_id: Set(floor.id),
        zone_id: Set(zone_id),
        label: Set(room.label),
        name: Set(room.name),
        capacity: Set(room.capacity),
        privacy_class: Set(privacy),
        step_free: Set(room.step_free),
        hearing_loop: Set(room.hearing_loop),
        equipment: Set(room.equipment.join(",")),
        buffer_before_min: Set(room.buffer_before_min),
        buffer_after_min: Set(room.buffer_after_min),
        max_slot_minutes: Set(room.max_slot_minutes),
        x: Set(room.x),
        y: Set(room.y),
        width: Set(room.width),
        height: Set(room.height),
        // Set with the door display's setting (`PUT /api/v1/rooms/{id}/door`), not here.
        book_now: NotSet,
    };
    let detail = serde_json::json!({ "floor_id": floor.id });
    store(txn, who, row, o.is_some(), "room", |r| r.id, detail, now).await
}

impl From<BuildingAdminError> for crate::error::Error {
    /// The editor's error as the pages' server functions show it: every problem of a change in
    /// one text, field by field.
    fn from(err: BuildingAdminError) -> Self {
        use crate::error::Error;
        match err {
            BuildingAdminError::NotFound => Error::NotFound,
            BuildingAdminError::Invalid(problems) => Error::InvalidInput(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            BuildingAdminError::InvalidInput(why) => Error::InvalidInput(why),
            BuildingAdminError::TooLarge => Error::InvalidInput(format!(
                "the image is larger than {} MiB",
                plan_image::MAX_PLAN_BYTES / 1024 / 1024
            )),
            BuildingAdminError::Conflict(why) => Error::Conflict(why),
            err @ BuildingAdminError::BookingsNeedChoice(_) => Error::Conflict(err.to_string()),
            BuildingAdminError::Database(err) => Error::Database(err),
        }
    }
}

/// Every building's slug, name and site name: by site (those on none last), then by id.
pub async fn buildings(
    db: &DatabaseConnection,
) -> Result<Vec<(String, String, Option<String>)>, DbErr> {
    let sites = crate::structure::site::by_building(db).await?;
    let mut all: Vec<(i32, String, String, Option<String>)> = building::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            let site = sites.get(&b.id).map(|s| s.name.clone());
            (b.id, b.slug, b.name, site)
        })
        .collect();
    all.sort_by(|a, b| (a.3.is_none(), &a.3, a.0).cmp(&(b.3.is_none(), &b.3, b.0)));
    Ok(all
        .into_iter()
        .map(|(_, slug, name, site)| (slug, name, site))
        .collect())
}
