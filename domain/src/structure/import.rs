//! Importing a building file: check it whole, compare it with the database, then write every
//! change in one transaction — or, for a dry run, only say what would change.
//!
//! Rows are matched by their natural keys: the building by slug, floors by level, zones by
//! slug, desks and rooms by label, sensors by device key. What the file names is created or
//! updated; what the building holds and the file does not name is *kept* and reported as
//! such — an import never deletes a floor, zone, desk, room or sensor, so no booking or
//! reservation can lose its desk or room. Only which zones touch follows the file exactly
//! for the zones it names (a relation, not a place anyone books).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use chrono::Utc;
use entities::enums::{PrivacyClass, SensorProtocol, ZoneKind};
use entities::{building, desk, floor, room, sensor, zone, zone_adjacency};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

use super::StructureError;
use super::check::{self, Owners};
use super::export::{desk_file, room_file, zone_file};
use super::format::{BuildingFile, DeskFile, FloorFile, RoomFile, SensorFile, ZoneFile};
use crate::db::begin_write;
use crate::progress::{Progress, Quiet};

/// How many rows one `INSERT` carries (both databases limit a statement's values).
const INSERT_CHUNK: usize = 1_000;

/// How many names a line of the report lists before it only counts.
const NAMES_SHOWN: usize = 20;

/// What an import changes for one kind of thing, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindChanges {
    /// The kind, plural: `floors`, `desks`, …
    pub kind: &'static str,
    /// Created, by name.
    pub created: Vec<String>,
    /// Changed, by name.
    pub changed: Vec<String>,
    /// Removed, by name (only pairs of neighbouring zones are ever removed).
    pub removed: Vec<String>,
    /// In the database for this building but not in the file: left as they are.
    pub kept: Vec<String>,
    /// In the file and the same in the database.
    pub unchanged: usize,
}

impl KindChanges {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }

    fn count(&mut self, state: State, name: impl FnOnce() -> String) {
        match state {
            State::New => self.created.push(name()),
            State::Changed(_) => self.changed.push(name()),
            State::Same(_) => self.unchanged += 1,
        }
    }

    /// Whether this kind is written to at all.
    #[must_use]
    pub fn writes(&self) -> bool {
        !(self.created.is_empty() && self.changed.is_empty() && self.removed.is_empty())
    }
}

/// What an import changes (or, on a dry run, would change), kind by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The building, floors, zones, neighbouring zones, desks, rooms and sensors, in this order.
    pub kinds: Vec<KindChanges>,
}

impl Changes {
    /// Whether the import writes nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        !self.kinds.iter().any(KindChanges::writes)
    }

    /// The changes of one kind, such as `desks`.
    #[must_use]
    pub fn of(&self, kind: &str) -> Option<&KindChanges> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// The fingerprint of a plan: SHA-256 of the checked `file` and of these changes, in hex.
    /// An administrator confirms a preview by it; another file, or a change of the database
    /// in between that changes the plan, gives another fingerprint.
    #[must_use]
    pub fn fingerprint(&self, file: &impl serde::Serialize) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(serde_json::to_vec(file).unwrap_or_default());
        for kind in &self.kinds {
            hash.update(kind.kind.as_bytes());
            for (what, names) in [
                ("created", &kind.created),
                ("changed", &kind.changed),
                ("removed", &kind.removed),
                ("kept", &kind.kept),
            ] {
                hash.update([0]);
                hash.update(what.as_bytes());
                for name in names {
                    hash.update([0]);
                    hash.update(name.as_bytes());
                }
            }
            hash.update(kind.unchanged.to_le_bytes());
        }
        hash.finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// How many of each kind are created, changed and unchanged (names left out: an audit
    /// entry's detail).
    #[must_use]
    pub fn counts(&self) -> serde_json::Value {
        let mut detail = serde_json::Map::new();
        for kind in &self.kinds {
            detail.insert(
                kind.kind.replace(' ', "_"),
                serde_json::json!({
                    "created": kind.created.len(),
                    "changed": kind.changed.len(),
                    "unchanged": kind.unchanged,
                }),
            );
        }
        serde_json::Value::Object(detail)
    }

    /// How many rows the import writes (created, changed or removed), of one kind or of all.
    #[must_use]
    pub fn writes(&self, kind: Option<&str>) -> u64 {
        self.kinds
            .iter()
            .filter(|k| kind.is_none_or(|kind| k.kind == kind))
            .map(|k| k.created.len() + k.changed.len() + k.removed.len())
            .map(|n| u64::try_from(n).unwrap_or(u64::MAX))
            .sum()
    }
}

fn names(list: &[String]) -> String {
    let shown: Vec<&str> = list.iter().take(NAMES_SHOWN).map(String::as_str).collect();
    let more = list.len().saturating_sub(NAMES_SHOWN);
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{}, … and {more} more", shown.join(", "))
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            writeln!(f, "nothing to change")?;
        }
        for kind in &self.kinds {
            let mut parts = Vec::new();
            if !kind.created.is_empty() {
                parts.push(format!("{} created", kind.created.len()));
            }
            if !kind.changed.is_empty() {
                parts.push(format!("{} changed", kind.changed.len()));
            }
            if !kind.removed.is_empty() {
                parts.push(format!("{} removed", kind.removed.len()));
            }
            if kind.unchanged > 0 {
                parts.push(format!("{} unchanged", kind.unchanged));
            }
            if !kind.kept.is_empty() {
                parts.push(format!("{} kept (not in file)", kind.kept.len()));
            }
            if parts.is_empty() {
                continue;
            }
            writeln!(f, "{}: {}", kind.kind, parts.join(", "))?;
            for (label, list) in [
                ("created", &kind.created),
                ("changed", &kind.changed),
                ("removed", &kind.removed),
                ("kept (not in file)", &kind.kept),
            ] {
                if !list.is_empty() {
                    writeln!(f, "  {label}: {}", names(list))?;
                }
            }
        }
        Ok(())
    }
}

/// What became of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// What changed, or would change on a dry run.
    pub changes: Changes,
    /// Whether the changes were written (not on a dry run, nor when there were none).
    pub applied: bool,
}

/// Checks the building file `bytes` whole and, when it has no problem, writes what differs
/// from the database in one transaction (unless `dry_run`). Every problem of the file is
/// returned at once as [`StructureError::Invalid`]; then nothing is written.
#[tracing::instrument(skip_all, fields(bytes = bytes.len(), dry_run))]
pub async fn import(
    db: &DatabaseConnection,
    bytes: &[u8],
    dry_run: bool,
) -> Result<Outcome, StructureError> {
    import_showing(db, bytes, dry_run, &Quiet).await
}

/// [`import`], telling `progress` how far it is (the command line draws a bar from it).
pub async fn import_showing(
    db: &DatabaseConnection,
    bytes: &[u8],
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<Outcome, StructureError> {
    let reading = check::read(bytes).map_err(StructureError::Invalid)?;
    import_reading(db, reading, dry_run, progress).await
}

/// A building file read and checked on its own, to be checked against the database and
/// finished: the JSON file ([`check::Reading`]) or its CSV form.
pub(crate) trait Checked: Send {
    /// Reports every key of the file that another building already uses.
    fn check_owners(&mut self, owners: &Owners);
    /// The checked file, or every problem found, each with its place in the file.
    fn finish(self) -> Result<BuildingFile, Vec<check::Problem>>;
    /// The slug of the building the file describes, if it could be read.
    fn building_slug(&self) -> Option<&str>;
    /// Adds a problem found outside the file's own checks, at a JSON path (put on its line,
    /// or on its CSV row and column, when finished).
    fn add_problem(&mut self, problem: check::Problem);
}

impl Checked for check::Reading {
    fn check_owners(&mut self, owners: &Owners) {
        check::Reading::check_owners(self, owners);
    }

    fn building_slug(&self) -> Option<&str> {
        check::Reading::building_slug(self)
    }

    fn add_problem(&mut self, problem: check::Problem) {
        check::Reading::add_problem(self, problem);
    }

    fn finish(self) -> Result<BuildingFile, Vec<check::Problem>> {
        check::Reading::finish(self)
    }
}

/// [`import`] of a file read already (JSON or CSV).
pub(crate) async fn import_reading(
    db: &DatabaseConnection,
    reading: impl Checked,
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<Outcome, StructureError> {
    let ran = import_expecting(db, reading, dry_run, progress, &Expected::default()).await?;
    Ok(ran.outcome)
}

/// What a building administrator's import from the web is held to (see [`super::admin`]);
/// the command line expects nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expected {
    /// The building the file must describe, by slug.
    pub(crate) slug: Option<String>,
    /// The fingerprint of the previewed plan, when applying: the changes must be those.
    pub(crate) plan: Option<String>,
    /// Who imports: the audit entry names them.
    pub(crate) actor: Option<crate::auth::Principal>,
}

/// What [`import_expecting`] did.
#[derive(Debug, Clone)]
pub(crate) struct Ran {
    /// What changed, or would change.
    pub(crate) outcome: Outcome,
    /// The plan's fingerprint ([`Changes::fingerprint`]).
    pub(crate) plan: String,
    /// The changes were not those of the expected plan: nothing was written.
    pub(crate) stale: bool,
    /// The slug of the building the file describes.
    pub(crate) building: String,
}

/// [`import_reading`], held to what `expected` says: the building the file must describe,
/// the plan it must still have when applied (checked in the writing transaction), and who
/// imports it (the audit entry).
pub(crate) async fn import_expecting(
    db: &DatabaseConnection,
    mut reading: impl Checked,
    dry_run: bool,
    progress: &dyn Progress,
    expected: &Expected,
) -> Result<Ran, StructureError> {
    let txn = begin_write(db).await?;
    progress.stage("checking", 1);
    let existing = Existing::load(&txn).await?;
    if let Some(slug) = &expected.slug
        && let Some(named) = reading
            .building_slug()
            .filter(|named| *named != slug.as_str())
            .map(str::to_owned)
    {
        let message = format!(
            "the file describes building \"{named}\", not \"{slug}\": import it into that \
             building, or correct the slug"
        );
        reading.add_problem(check::Problem::at("slug", message));
    }
    reading.check_owners(&existing.owners());
    let file = reading.finish().map_err(StructureError::Invalid)?;
    progress.advance(1);
    let this = existing.building(&file.slug);
    let changes = changes(&file, &existing, this);
    let plan = changes.fingerprint(&file);
    let stale = !dry_run
        && expected
            .plan
            .as_deref()
            .is_some_and(|previewed| previewed != plan);
    if stale || dry_run || changes.is_empty() {
        txn.rollback().await?;
        return Ok(Ran {
            outcome: Outcome {
                changes,
                applied: false,
            },
            plan,
            stale,
            building: file.slug,
        });
    }
    progress.stage("writing", changes.writes(None));
    let building_id = apply(&txn, &file, &existing, this, (&changes, progress)).await?;
    if let Some(actor) = &expected.actor {
        crate::building_admin::audit(
            &txn,
            actor,
            AUDIT_ACTION,
            "building",
            building_id,
            changes.counts(),
            Utc::now(),
        )
        .await?;
    }
    txn.commit().await?;
    tracing::info!(building = %file.slug, "building imported");
    Ok(Ran {
        outcome: Outcome {
            changes,
            applied: true,
        },
        plan,
        stale: false,
        building: file.slug,
    })
}

/// The audit action of a building imported by an administrator from the web.
pub const AUDIT_ACTION: &str = "building.imported";

/// Whether a row of the file is new, changed (with its id) or the same (with its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    New,
    Changed(i32),
    Same(i32),
}

impl State {
    fn of(id: Option<i32>, same: impl FnOnce() -> bool) -> Self {
        match id {
            None => State::New,
            Some(id) if same() => State::Same(id),
            Some(id) => State::Changed(id),
        }
    }
}

/// Everything of the database an import compares with (all buildings: keys are unique across
/// them).
struct Existing {
    buildings: Vec<building::Model>,
    floors: HashMap<i32, floor::Model>,
    zones: HashMap<String, zone::Model>,
    zone_slugs: HashMap<i32, String>,
    desks: HashMap<String, desk::Model>,
    desk_labels: HashMap<i32, String>,
    rooms: HashMap<String, room::Model>,
    room_labels: HashMap<i32, String>,
    sensors: HashMap<String, sensor::Model>,
    adjacency: Vec<zone_adjacency::Model>,
    /// The site of each building on one, by building id.
    sites: HashMap<i32, super::format::SiteFile>,
    /// The walkways of each building that has them, by building id.
    walkways: HashMap<i32, super::walkway::WalkwaysFile>,
}

impl Existing {
    async fn load(db: &impl ConnectionTrait) -> Result<Self, StructureError> {
        let zones = zone::Entity::find().all(db).await?;
        let desks = desk::Entity::find().all(db).await?;
        let rooms = room::Entity::find().all(db).await?;
        let walkways = {
            let floor_levels: HashMap<i32, i32> = floor::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|f| (f.id, f.level))
                .collect();
            let desk_labels: HashMap<i32, String> =
                desks.iter().map(|d| (d.id, d.label.clone())).collect();
            let room_labels: HashMap<i32, String> =
                rooms.iter().map(|r| (r.id, r.label.clone())).collect();
            super::walkway::load_all(db, &floor_levels, &desk_labels, &room_labels).await?
        };
        Ok(Self {
            walkways,
            buildings: building::Entity::find().all(db).await?,
            floors: floor::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|f| (f.id, f))
                .collect(),
            zone_slugs: zones.iter().map(|z| (z.id, z.slug.clone())).collect(),
            zones: zones.into_iter().map(|z| (z.slug.clone(), z)).collect(),
            desk_labels: desks.iter().map(|d| (d.id, d.label.clone())).collect(),
            desks: desks.into_iter().map(|d| (d.label.clone(), d)).collect(),
            room_labels: rooms.iter().map(|r| (r.id, r.label.clone())).collect(),
            rooms: rooms.into_iter().map(|r| (r.label.clone(), r)).collect(),
            sensors: sensor::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|s| (s.device_key.clone(), s))
                .collect(),
            adjacency: zone_adjacency::Entity::find().all(db).await?,
            sites: super::site::by_building(db).await?,
        })
    }

    fn building(&self, slug: &str) -> Option<&building::Model> {
        self.buildings.iter().find(|b| b.slug == slug)
    }

    fn building_slug(&self, id: i32) -> Option<&str> {
        self.buildings
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.slug.as_str())
    }

    fn building_of_floor(&self, floor_id: i32) -> Option<i32> {
        self.floors.get(&floor_id).map(|f| f.building_id)
    }

    fn zone_by_id(&self, id: i32) -> Option<&zone::Model> {
        self.zone_slugs
            .get(&id)
            .and_then(|slug| self.zones.get(slug))
    }

    fn building_of_zone(&self, zone_id: i32) -> Option<i32> {
        self.zone_by_id(zone_id)
            .and_then(|z| self.building_of_floor(z.floor_id))
    }

    fn level_of(&self, floor_id: i32) -> Option<i32> {
        self.floors.get(&floor_id).map(|f| f.level)
    }

    /// Which building owns each zone slug, desk label and room label.
    fn owners(&self) -> Owners {
        let slug = |building: Option<i32>| {
            building
                .and_then(|id| self.building_slug(id))
                .unwrap_or_default()
                .to_owned()
        };
        Owners {
            zones: self
                .zones
                .values()
                .map(|z| (z.slug.clone(), slug(self.building_of_floor(z.floor_id))))
                .collect(),
            desks: self
                .desks
                .values()
                .map(|d| (d.label.clone(), slug(self.building_of_zone(d.zone_id))))
                .collect(),
            rooms: self
                .rooms
                .values()
                .map(|r| (r.label.clone(), slug(self.building_of_floor(r.floor_id))))
                .collect(),
            timezones: self
                .buildings
                .iter()
                .map(|b| (b.slug.clone(), b.timezone.clone()))
                .collect(),
        }
    }

    fn floor_state(&self, this: Option<&building::Model>, file: &FloorFile) -> State {
        let found = this.and_then(|b| {
            self.floors
                .values()
                .find(|f| f.building_id == b.id && f.level == file.level)
        });
        State::of(found.map(|f| f.id), || {
            found.is_some_and(|f| {
                f.name == file.name
                    && f.plan_width == file.plan_width
                    && f.plan_height == file.plan_height
            })
        })
    }

    fn zone_state(&self, file: &ZoneFile, level: i32) -> State {
        let found = self.zones.get(&file.slug);
        State::of(found.map(|z| z.id), || {
            found.is_some_and(|z| {
                let mut theirs = zone_file(z, Vec::new());
                theirs.next_to.clone_from(&file.next_to);
                self.level_of(z.floor_id) == Some(level) && theirs == *file
            })
        })
    }

    fn desk_state(&self, file: &DeskFile) -> State {
        let found = self.desks.get(&file.label);
        State::of(found.map(|d| d.id), || {
            found.is_some_and(|d| desk_file(d, &self.zone_slugs) == *file)
        })
    }

    fn room_state(&self, file: &RoomFile, level: i32) -> State {
        let found = self.rooms.get(&file.label);
        State::of(found.map(|r| r.id), || {
            found.is_some_and(|r| {
                self.level_of(r.floor_id) == Some(level) && room_file(r, &self.zone_slugs) == *file
            })
        })
    }

    fn sensor_state(&self, file: &SensorFile) -> State {
        let found = self.sensors.get(&file.device_key);
        State::of(found.map(|s| s.id), || {
            found.is_some_and(|s| {
                s.model == file.model
                    && s.protocol.to_value() == file.protocol
                    && s.desk_id.and_then(|id| self.desk_labels.get(&id)) == file.desk.as_ref()
                    && s.room_id.and_then(|id| self.room_labels.get(&id)) == file.room.as_ref()
            })
        })
    }

    /// Pairs of neighbouring zones among `slugs`, each as (smaller, larger) slug.
    fn pairs_among(&self, slugs: &HashSet<&str>) -> BTreeSet<(String, String)> {
        self.adjacency
            .iter()
            .filter_map(|pair| {
                let a = self.zone_slugs.get(&pair.zone_a_id)?;
                let b = self.zone_slugs.get(&pair.zone_b_id)?;
                (slugs.contains(a.as_str()) && slugs.contains(b.as_str())).then(|| ordered(a, b))
            })
            .collect()
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// The pairs of neighbouring zones the file names, each as (smaller, larger) slug.
fn file_pairs(file: &BuildingFile) -> BTreeSet<(String, String)> {
    file.floors
        .iter()
        .flat_map(|f| &f.zones)
        .flat_map(|z| z.next_to.iter().map(|other| ordered(&z.slug, other)))
        .collect()
}

fn all_zones(file: &BuildingFile) -> impl Iterator<Item = (i32, &ZoneFile)> {
    file.floors
        .iter()
        .flat_map(|f| f.zones.iter().map(move |z| (f.level, z)))
}

fn all_desks(file: &BuildingFile) -> impl Iterator<Item = &DeskFile> {
    file.floors.iter().flat_map(|f| &f.desks)
}

fn all_rooms(file: &BuildingFile) -> impl Iterator<Item = (i32, &RoomFile)> {
    file.floors
        .iter()
        .flat_map(|f| f.rooms.iter().map(move |r| (f.level, r)))
}

/// What importing `file` changes in `existing`; `this` is the building of the same slug.
fn changes(file: &BuildingFile, existing: &Existing, this: Option<&building::Model>) -> Changes {
    let mut building = KindChanges::new("building");
    building.count(building_state(file, existing, this), || file.slug.clone());

    let mut floors = KindChanges::new("floors");
    for f in &file.floors {
        floors.count(existing.floor_state(this, f), || {
            format!("{} {}", f.level, f.name)
        });
    }
    let mut zones = KindChanges::new("zones");
    for (level, z) in all_zones(file) {
        zones.count(existing.zone_state(z, level), || z.slug.clone());
    }
    let mut desks = KindChanges::new("desks");
    for d in all_desks(file) {
        desks.count(existing.desk_state(d), || d.label.clone());
    }
    let mut rooms = KindChanges::new("rooms");
    for (level, r) in all_rooms(file) {
        rooms.count(existing.room_state(r, level), || r.label.clone());
    }
    let mut sensors = KindChanges::new("sensors");
    for s in &file.sensors {
        sensors.count(existing.sensor_state(s), || s.device_key.clone());
    }
    if let Some(this) = this {
        kept(
            file,
            existing,
            this,
            [
                &mut floors,
                &mut zones,
                &mut desks,
                &mut rooms,
                &mut sensors,
            ],
        );
    }

    let mut neighbours = KindChanges::new("neighbouring zones");
    let slugs: HashSet<&str> = all_zones(file).map(|(_, z)| z.slug.as_str()).collect();
    let before = existing.pairs_among(&slugs);
    let after = file_pairs(file);
    neighbours.created = after
        .difference(&before)
        .map(|(a, b)| format!("{a}–{b}"))
        .collect();
    neighbours.removed = before
        .difference(&after)
        .map(|(a, b)| format!("{a}–{b}"))
        .collect();
    neighbours.unchanged = after.intersection(&before).count();

    let walkways = super::walkway::changes(
        file.walkways.as_ref(),
        this.and_then(|b| existing.walkways.get(&b.id)),
    );

    Changes {
        kinds: vec![
            building, floors, zones, neighbours, desks, rooms, sensors, walkways,
        ],
    }
}

fn building_state(
    file: &BuildingFile,
    existing: &Existing,
    this: Option<&building::Model>,
) -> State {
    State::of(this.map(|b| b.id), || {
        this.is_some_and(|b| {
            b.name == file.name
                && b.address == file.address
                && b.timezone == file.timezone
                && existing.sites.get(&b.id) == file.site.as_ref()
        })
    })
}

/// Notes what `this` building holds that the file does not name.
fn kept(
    file: &BuildingFile,
    existing: &Existing,
    this: &building::Model,
    [floors, zones, desks, rooms, sensors]: [&mut KindChanges; 5],
) {
    let levels: HashSet<i32> = file.floors.iter().map(|f| f.level).collect();
    let zone_slugs: HashSet<&str> = all_zones(file).map(|(_, z)| z.slug.as_str()).collect();
    let desk_labels: HashSet<&str> = all_desks(file).map(|d| d.label.as_str()).collect();
    let room_labels: HashSet<&str> = all_rooms(file).map(|(_, r)| r.label.as_str()).collect();
    let device_keys: HashSet<&str> = file.sensors.iter().map(|s| s.device_key.as_str()).collect();
    let ours = |building: Option<i32>| building == Some(this.id);

    floors.kept = existing
        .floors
        .values()
        .filter(|f| f.building_id == this.id && !levels.contains(&f.level))
        .map(|f| format!("{} {}", f.level, f.name))
        .collect();
    zones.kept = existing
        .zones
        .values()
        .filter(|z| ours(existing.building_of_floor(z.floor_id)))
        .filter(|z| !zone_slugs.contains(z.slug.as_str()))
        .map(|z| z.slug.clone())
        .collect();
    desks.kept = existing
        .desks
        .values()
        .filter(|d| ours(existing.building_of_zone(d.zone_id)))
        .filter(|d| !desk_labels.contains(d.label.as_str()))
        .map(|d| d.label.clone())
        .collect();
    rooms.kept = existing
        .rooms
        .values()
        .filter(|r| ours(existing.building_of_floor(r.floor_id)))
        .filter(|r| !room_labels.contains(r.label.as_str()))
        .map(|r| r.label.clone())
        .collect();
    sensors.kept = existing
        .sensors
        .values()
        .filter(|s| !device_keys.contains(s.device_key.as_str()))
        .filter(|s| {
            let desk = s
                .desk_id
                .and_then(|id| existing.desk_labels.get(&id))
                .and_then(|l| existing.desks.get(l))
                .and_then(|d| existing.building_of_zone(d.zone_id));
            let room = s
                .room_id
                .and_then(|id| existing.room_labels.get(&id))
                .and_then(|l| existing.rooms.get(l))
                .and_then(|r| existing.building_of_floor(r.floor_id));
            ours(desk) || ours(room)
        })
        .map(|s| s.device_key.clone())
        .collect();
    for list in [
        &mut floors.kept,
        &mut zones.kept,
        &mut desks.kept,
        &mut rooms.kept,
        &mut sensors.kept,
    ] {
        list.sort_by(|a, b| super::format::natural_cmp(a, b));
    }
}

// --- Writing --------------------------------------------------------------------------------

/// Writes every difference between `file` and `existing`, in the transaction `txn`, telling
/// `progress` of each kind's writes ([`Changes::writes`]) once they are done.
async fn apply(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    this: Option<&building::Model>,
    (changes, progress): (&Changes, &dyn Progress),
) -> Result<i32, StructureError> {
    let done = |kind: &str| progress.advance(changes.writes(Some(kind)));
    let building_id = write_building(txn, file, existing, this).await?;
    done("building");
    let floor_ids = write_floors(txn, file, existing, this, building_id).await?;
    done("floors");
    let zone_ids = write_zones(txn, file, existing, &floor_ids).await?;
    done("zones");
    write_neighbours(txn, file, existing, &zone_ids).await?;
    done("neighbouring zones");
    write_desks(txn, file, existing, &zone_ids).await?;
    done("desks");
    write_rooms(txn, file, existing, &floor_ids, &zone_ids).await?;
    done("rooms");
    write_sensors(txn, file, existing).await?;
    done("sensors");
    if changes.of("walkways").is_some_and(KindChanges::writes)
        && let Some(walkways) = &file.walkways
    {
        super::walkway::store(txn, building_id, walkways, &floor_ids).await?;
    }
    done("walkways");
    Ok(building_id)
}

async fn write_building(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    this: Option<&building::Model>,
) -> Result<i32, StructureError> {
    let mut row = building::ActiveModel {
        id: NotSet,
        slug: Set(file.slug.clone()),
        name: Set(file.name.clone()),
        address: Set(file.address.clone()),
        timezone: Set(file.timezone.clone()),
    };
    let id = match building_state(file, existing, this) {
        State::Same(id) => return Ok(id),
        State::Changed(id) => {
            row.id = Set(id);
            row.update(txn).await?;
            id
        }
        State::New => row.insert(txn).await?.id,
    };
    super::site::put(txn, id, file.site.as_ref()).await?;
    Ok(id)
}

/// Creates or updates the floors; their ids by level.
async fn write_floors(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    this: Option<&building::Model>,
    building_id: i32,
) -> Result<HashMap<i32, i32>, StructureError> {
    let mut ids = HashMap::new();
    for f in &file.floors {
        let mut row = floor::ActiveModel {
            id: NotSet,
            building_id: Set(building_id),
            level: Set(f.level),
            name: Set(f.name.clone()),
            plan_width: Set(f.plan_width),
            plan_height: Set(f.plan_height),
        };
        let id = match existing.floor_state(this, f) {
            State::Same(id) => id,
            State::Changed(id) => {
                row.id = Set(id);
                row.update(txn).await?;
                id
            }
            State::New => row.insert(txn).await?.id,
        };
        ids.insert(f.level, id);
    }
    Ok(ids)
}

fn zone_kind(kind: &str) -> Result<ZoneKind, StructureError> {
    ZoneKind::try_from_value(&kind.to_owned()).map_err(StructureError::Database)
}

/// Creates or updates the zones; their ids by slug.
async fn write_zones(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    floor_ids: &HashMap<i32, i32>,
) -> Result<HashMap<String, i32>, StructureError> {
    let mut ids = HashMap::new();
    for (level, z) in all_zones(file) {
        let mut row = zone::ActiveModel {
            id: NotSet,
            floor_id: Set(floor_id(floor_ids, level)?),
            slug: Set(z.slug.clone()),
            name: Set(z.name.clone()),
            kind: Set(zone_kind(&z.kind)?),
            x: Set(z.x),
            y: Set(z.y),
            width: Set(z.width),
            height: Set(z.height),
            distance_to_lift_m: Set(z.distance_to_lift_m),
        };
        let id = match existing.zone_state(z, level) {
            State::Same(id) => id,
            State::Changed(id) => {
                row.id = Set(id);
                row.update(txn).await?;
                id
            }
            State::New => row.insert(txn).await?.id,
        };
        ids.insert(z.slug.clone(), id);
    }
    Ok(ids)
}

fn floor_id(floor_ids: &HashMap<i32, i32>, level: i32) -> Result<i32, StructureError> {
    floor_ids
        .get(&level)
        .copied()
        .ok_or_else(|| StructureError::Inconsistent(format!("floor {level} was not written")))
}

fn zone_id(zone_ids: &HashMap<String, i32>, slug: &str) -> Result<i32, StructureError> {
    zone_ids
        .get(slug)
        .copied()
        .ok_or_else(|| StructureError::Inconsistent(format!("zone {slug} was not written")))
}

async fn write_neighbours(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    zone_ids: &HashMap<String, i32>,
) -> Result<(), StructureError> {
    let slugs: HashSet<&str> = all_zones(file).map(|(_, z)| z.slug.as_str()).collect();
    let before = existing.pairs_among(&slugs);
    let after = file_pairs(file);
    for (a, b) in before.difference(&after) {
        let (a, b) = (zone_id(zone_ids, a)?, zone_id(zone_ids, b)?);
        zone_adjacency::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(zone_adjacency::Column::ZoneAId.eq(a))
                            .add(zone_adjacency::Column::ZoneBId.eq(b)),
                    )
                    .add(
                        Condition::all()
                            .add(zone_adjacency::Column::ZoneAId.eq(b))
                            .add(zone_adjacency::Column::ZoneBId.eq(a)),
                    ),
            )
            .exec(txn)
            .await?;
    }
    for (a, b) in after.difference(&before) {
        zone_adjacency::ActiveModel {
            zone_a_id: Set(zone_id(zone_ids, a)?),
            zone_b_id: Set(zone_id(zone_ids, b)?),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

async fn write_desks(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    zone_ids: &HashMap<String, i32>,
) -> Result<(), StructureError> {
    let mut new = Vec::new();
    for d in all_desks(file) {
        let mut row = desk::ActiveModel {
            id: NotSet,
            zone_id: Set(zone_id(zone_ids, &d.zone)?),
            label: Set(d.label.clone()),
            x: Set(d.x),
            y: Set(d.y),
            width: Set(d.width),
            height: Set(d.height),
            rotation: Set(d.rotation),
            has_docking: Set(d.has_docking),
            monitors: Set(d.monitors),
            height_adjustable: Set(d.height_adjustable),
            accessible: Set(d.accessible),
            blocked: Set(d.blocked),
            notes: Set(d.notes.clone()),
        };
        match existing.desk_state(d) {
            State::Same(_) => {}
            State::Changed(id) => {
                row.id = Set(id);
                row.update(txn).await?;
            }
            State::New => new.push(row),
        }
    }
    for chunk in new.chunks(INSERT_CHUNK) {
        desk::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

fn privacy_class(value: &str) -> Result<PrivacyClass, StructureError> {
    PrivacyClass::try_from_value(&value.to_owned()).map_err(StructureError::Database)
}

async fn write_rooms(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
    floor_ids: &HashMap<i32, i32>,
    zone_ids: &HashMap<String, i32>,
) -> Result<(), StructureError> {
    let mut new = Vec::new();
    for (level, r) in all_rooms(file) {
        let zone = match &r.zone {
            Some(slug) => Some(zone_id(zone_ids, slug)?),
            None => None,
        };
        let mut row = room::ActiveModel {
            id: NotSet,
            floor_id: Set(floor_id(floor_ids, level)?),
            zone_id: Set(zone),
            label: Set(r.label.clone()),
            name: Set(r.name.clone()),
            capacity: Set(r.capacity),
            privacy_class: Set(privacy_class(&r.privacy_class)?),
            step_free: Set(r.step_free),
            hearing_loop: Set(r.hearing_loop),
            equipment: Set(r.equipment.join(",")),
            buffer_before_min: Set(r.buffer_before_min),
            buffer_after_min: Set(r.buffer_after_min),
            max_slot_minutes: Set(r.max_slot_minutes),
            x: Set(r.x),
            y: Set(r.y),
            width: Set(r.width),
            height: Set(r.height),
            // Set with the door display's setting (`PUT /api/v1/rooms/{id}/door`), not here.
            book_now: NotSet,
        };
        match existing.room_state(r, level) {
            State::Same(_) => {}
            State::Changed(id) => {
                row.id = Set(id);
                row.update(txn).await?;
            }
            State::New => new.push(row),
        }
    }
    for chunk in new.chunks(INSERT_CHUNK) {
        room::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn write_sensors(
    txn: &impl ConnectionTrait,
    file: &BuildingFile,
    existing: &Existing,
) -> Result<(), StructureError> {
    let writes: Vec<(&SensorFile, State)> = file
        .sensors
        .iter()
        .map(|s| (s, existing.sensor_state(s)))
        .filter(|(_, state)| !matches!(state, State::Same(_)))
        .collect();
    if writes.is_empty() {
        return Ok(());
    }
    // Desks and rooms created by this import have their ids only now.
    let desks: HashMap<String, i32> = desk::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|d| (d.label, d.id))
        .collect();
    let rooms: HashMap<String, i32> = room::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.label, r.id))
        .collect();
    let now = Utc::now();
    for (s, state) in writes {
        let protocol =
            SensorProtocol::try_from_value(&s.protocol).map_err(StructureError::Database)?;
        let mut row = sensor::ActiveModel {
            device_key: Set(s.device_key.clone()),
            model: Set(s.model.clone()),
            protocol: Set(protocol),
            desk_id: Set(s.desk.as_ref().and_then(|l| desks.get(l).copied())),
            room_id: Set(s.room.as_ref().and_then(|l| rooms.get(l).copied())),
            ..Default::default()
        };
        match state {
            State::Changed(id) => {
                row.id = Set(id);
                row.update(txn).await?;
            }
            State::New => {
                row.created_at = Set(now);
                row.insert(txn).await?;
            }
            State::Same(_) => {}
        }
    }
    Ok(())
}
