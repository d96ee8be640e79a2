//! The building's topology as one read model: the buildings with their time zones, floors,
//! zones, desks, rooms, which zones are next to each other, and the units' home zones.
//!
//! It is read in one go ([`Topology::load`]) and kept by a [`TopologyCache`] that every
//! service shares; a change invalidates it ([`TopologyCache::invalidate`], on every instance
//! through the server's signal bus), and it is read again after [`TOPOLOGY_FOR`] at the latest
//! (changes made by another process that sends no signal: the command line, an import).
//!
//! The time zone of a building is stored with it (`building.timezone`); every rule about days,
//! half-days and local times takes it from here ([`Topology::tz`]), never from a constant.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono_tz::Tz;
use entities::{building, desk, floor, home_zone, room, zone, zone_adjacency};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// The time zone of a Platzwahl without any building yet (a fresh install), and the default
/// of `building.timezone`.
pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Berlin;

/// How long a read topology is used at most before it is read again.
pub const TOPOLOGY_FOR: Duration = Duration::from_secs(60);

/// A building and its time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Building {
    /// `building.id`.
    pub id: i32,
    /// Its short name in addresses.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its postal address.
    pub address: String,
    /// The time zone its days and local times are in.
    pub tz: Tz,
}

/// The time zone a building row names; an error that names the building if it is no IANA
/// name.
fn tz_of(building: &building::Model) -> Result<Tz, DbErr> {
    building.timezone.parse::<Tz>().map_err(|_| {
        DbErr::Custom(format!(
            "building {}: unknown time zone {:?} (an IANA name such as Europe/Berlin)",
            building.slug, building.timezone
        ))
    })
}

/// The time zone of the buildings (they share one, see [`Topology::tz`]), read from the
/// database with one query: for a service that has no [`Topology`] at hand. [`DEFAULT_TZ`]
/// before there is a building.
pub async fn building_tz(db: &impl ConnectionTrait) -> Result<Tz, DbErr> {
    building::Entity::find()
        .order_by_asc(building::Column::Id)
        .one(db)
        .await?
        .map_or(Ok(DEFAULT_TZ), |building| tz_of(&building))
}

/// Where each of `floor_ids` is, for addresses: its building's short name and its level.
/// Floors that do not exist are left out.
pub async fn floor_addresses(
    db: &impl ConnectionTrait,
    floor_ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (String, i32)>, DbErr> {
    Ok(floor::Entity::find()
        .filter(floor::Column::Id.is_in(floor_ids))
        .find_also_related(building::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(floor, building)| Some((floor.id, (building?.slug, floor.level))))
        .collect())
}

/// The buildings, floors, zones, desks and rooms, as read at one moment.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    buildings: BTreeMap<i32, Building>,
    floors: Vec<floor::Model>,
    zones: BTreeMap<i32, zone::Model>,
    desks: BTreeMap<i32, desk::Model>,
    rooms: BTreeMap<i32, room::Model>,
    adjacent: BTreeMap<i32, Vec<i32>>,
    home: HashMap<i32, Vec<i32>>,
}

impl Topology {
    /// Reads the whole topology. A building whose time zone is no IANA name is an error that
    /// names it.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Topology, DbErr> {
        let buildings = building::Entity::find()
            .order_by_asc(building::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|b| {
                let tz = tz_of(&b)?;
                Ok((
                    b.id,
                    Building {
                        id: b.id,
                        slug: b.slug,
                        name: b.name,
                        address: b.address,
                        tz,
                    },
                ))
            })
            .collect::<Result<BTreeMap<_, _>, DbErr>>()?;
        let floors = floor::Entity::find()
            .order_by_asc(floor::Column::BuildingId)
            .order_by_asc(floor::Column::Level)
            .all(db)
            .await?;
        let zones = zone::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|z| (z.id, z))
            .collect();
        let desks = desk::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        let rooms = room::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let mut adjacent: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        for pair in zone_adjacency::Entity::find().all(db).await? {
            adjacent
                .entry(pair.zone_a_id)
                .or_default()
                .push(pair.zone_b_id);
            adjacent
                .entry(pair.zone_b_id)
                .or_default()
                .push(pair.zone_a_id);
        }
        for zones in adjacent.values_mut() {
            zones.sort_unstable();
            zones.dedup();
        }
        let mut home: HashMap<i32, Vec<i32>> = HashMap::new();
        for row in home_zone::Entity::find()
            .order_by_asc(home_zone::Column::UnitId)
            .order_by_asc(home_zone::Column::Priority)
            .order_by_asc(home_zone::Column::ZoneId)
            .all(db)
            .await?
        {
            home.entry(row.unit_id).or_default().push(row.zone_id);
        }
        Ok(Topology {
            buildings,
            floors,
            zones,
            desks,
            rooms,
            adjacent,
            home,
        })
    }

    /// The time zone of the buildings: they share one (the building import refuses a building
    /// in another time zone, as days, cut-offs and the day allocation are the same for all);
    /// [`DEFAULT_TZ`] before there is any.
    pub fn tz(&self) -> Tz {
        self.buildings
            .values()
            .next()
            .map_or(DEFAULT_TZ, |building| building.tz)
    }

    /// The time zone of building `id` ([`Topology::tz`] if there is no such building).
    pub fn tz_of(&self, building_id: i32) -> Tz {
        self.buildings
            .get(&building_id)
            .map_or_else(|| self.tz(), |building| building.tz)
    }

    /// Building `id`.
    pub fn building(&self, id: i32) -> Option<&Building> {
        self.buildings.get(&id)
    }

    /// The building with short name `slug`.
    pub fn building_by_slug(&self, slug: &str) -> Option<&Building> {
        self.buildings
            .values()
            .find(|building| building.slug == slug)
    }

    /// The building a member of unit `unit` works in: that of the unit's first home zone; for
    /// someone without a unit or home zone the building with the lowest id (the only one in
    /// most installations). `None` before there is a building.
    pub fn home_building(&self, unit: Option<i32>) -> Option<&Building> {
        unit.and_then(|unit| self.home_zones(unit).first().copied())
            .and_then(|zone| self.floor_of_zone(zone))
            .and_then(|floor| self.buildings.get(&floor.building_id))
            .or_else(|| self.buildings.values().next())
    }

    /// The building a page or request names by `slug`, or the home building of `unit`
    /// ([`Topology::home_building`]) if it names none; `None` if `slug` names no building.
    pub fn named_or_home_building(
        &self,
        slug: Option<&str>,
        unit: Option<i32>,
    ) -> Option<&Building> {
        match slug {
            Some(slug) => self.building_by_slug(slug),
            None => self.home_building(unit),
        }
    }

    /// Floor `level` of the building `slug` names, or of the home building of `unit` if it
    /// names none ([`Topology::named_or_home_building`]).
    pub fn named_floor(
        &self,
        slug: Option<&str>,
        level: i32,
        unit: Option<i32>,
    ) -> Option<(&Building, &floor::Model)> {
        let building = self.named_or_home_building(slug, unit)?;
        Some((building, self.floor_at(building.id, level)?))
    }

    /// The floors of building `building_id`, lowest first.
    pub fn floors_of(&self, building_id: i32) -> impl Iterator<Item = &floor::Model> {
        self.floors
            .iter()
            .filter(move |floor| floor.building_id == building_id)
    }

    /// Every building, by id.
    pub fn buildings(&self) -> impl Iterator<Item = &Building> {
        self.buildings.values()
    }

    /// Every floor, by building and level.
    pub fn floors(&self) -> &[floor::Model] {
        &self.floors
    }

    /// Floor `id`.
    pub fn floor(&self, id: i32) -> Option<&floor::Model> {
        self.floors.iter().find(|floor| floor.id == id)
    }

    /// The floor at `level` of building `building_id`.
    pub fn floor_at(&self, building_id: i32, level: i32) -> Option<&floor::Model> {
        self.floors
            .iter()
            .find(|floor| floor.building_id == building_id && floor.level == level)
    }

    /// Zone `id`.
    pub fn zone(&self, id: i32) -> Option<&zone::Model> {
        self.zones.get(&id)
    }

    /// Every zone, by id.
    pub fn zones(&self) -> impl Iterator<Item = &zone::Model> {
        self.zones.values()
    }

    /// The zones of floor `floor_id`, by id.
    pub fn zones_on(&self, floor_id: i32) -> impl Iterator<Item = &zone::Model> {
        self.zones
            .values()
            .filter(move |zone| zone.floor_id == floor_id)
    }

    /// Desk `id`.
    pub fn desk(&self, id: i32) -> Option<&desk::Model> {
        self.desks.get(&id)
    }

    /// Every desk, by id.
    pub fn desks(&self) -> impl Iterator<Item = &desk::Model> {
        self.desks.values()
    }

    /// The desks of zone `zone_id`, by id.
    pub fn desks_in(&self, zone_id: i32) -> impl Iterator<Item = &desk::Model> {
        self.desks
            .values()
            .filter(move |desk| desk.zone_id == zone_id)
    }

    /// Room `id`.
    pub fn room(&self, id: i32) -> Option<&room::Model> {
        self.rooms.get(&id)
    }

    /// Every room, by id.
    pub fn rooms(&self) -> impl Iterator<Item = &room::Model> {
        self.rooms.values()
    }

    /// The floor a zone is on.
    pub fn floor_of_zone(&self, zone_id: i32) -> Option<&floor::Model> {
        self.zone(zone_id)
            .and_then(|zone| self.floor(zone.floor_id))
    }

    /// The building a desk is in.
    pub fn building_of_desk(&self, desk_id: i32) -> Option<i32> {
        self.desk(desk_id)
            .and_then(|desk| self.floor_of_zone(desk.zone_id))
            .map(|floor| floor.building_id)
    }

    /// The zones next to zone `zone_id`, by id.
    pub fn adjacent(&self, zone_id: i32) -> &[i32] {
        self.adjacent.get(&zone_id).map_or(&[], Vec::as_slice)
    }

    /// Every pair of zones next to each other, both ways round.
    pub fn adjacency(&self) -> &BTreeMap<i32, Vec<i32>> {
        &self.adjacent
    }

    /// The home zones of every unit, each by priority.
    pub fn home_zones_by_unit(&self) -> HashMap<i32, Vec<i32>> {
        self.home.clone()
    }

    /// The home zones of unit `unit_id`, by priority.
    pub fn home_zones(&self, unit_id: i32) -> &[i32] {
        self.home.get(&unit_id).map_or(&[], Vec::as_slice)
    }
}

/// A topology and when it was read.
type Kept = Option<(Instant, Arc<Topology>)>;

/// The topology every service shares: read once, kept for [`TOPOLOGY_FOR`] at most, and read
/// again after [`TopologyCache::invalidate`]. A change made here is announced
/// ([`TopologyCache::changed`]) for the server to tell the other instances.
#[derive(Debug, Clone, Default)]
pub struct TopologyCache {
    kept: Arc<std::sync::Mutex<Kept>>,
    reading: Arc<tokio::sync::Mutex<()>>,
    announced: Arc<tokio::sync::Notify>,
}

impl TopologyCache {
    /// The topology, read from `db` when none is kept, it was invalidated, or it is older than
    /// [`TOPOLOGY_FOR`]. Only one caller reads at a time; the others wait for its result.
    pub async fn get(&self, db: &impl ConnectionTrait) -> Result<Arc<Topology>, DbErr> {
        if let Some(topology) = self.fresh() {
            return Ok(topology);
        }
        let _reading = self.reading.lock().await;
        if let Some(topology) = self.fresh() {
            return Ok(topology);
        }
        let topology = Arc::new(Topology::load(db).await?);
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some((Instant::now(), Arc::clone(&topology)));
        }
        Ok(topology)
    }

    /// The time zone of the building (see [`Topology::tz`]).
    pub async fn tz(&self, db: &impl ConnectionTrait) -> Result<Tz, DbErr> {
        Ok(self.get(db).await?.tz())
    }

    /// Forgets the kept topology: the next [`TopologyCache::get`] reads it again.
    pub fn invalidate(&self) {
        if let Ok(mut kept) = self.kept.lock() {
            *kept = None;
        }
    }

    /// This instance changed the structure: forgets the kept topology here and announces the
    /// change, which the server passes on to every other instance.
    pub fn changed(&self) {
        self.invalidate();
        self.announced.notify_one();
    }

    /// Waits for the next [`TopologyCache::changed`] (one announced before counts).
    pub async fn next_change(&self) {
        self.announced.notified().await;
    }

    fn fresh(&self) -> Option<Arc<Topology>> {
        let kept = self.kept.lock().ok()?;
        kept.as_ref()
            .filter(|(at, _)| at.elapsed() < TOPOLOGY_FOR)
            .map(|(_, topology)| Arc::clone(topology))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm_migration::MigratorTrait;

    #[tokio::test]
    async fn the_time_zone_is_the_buildings_and_a_change_shows_once_invalidated()
    -> Result<(), DbErr> {
        let mut options = sea_orm::ConnectOptions::new("sqlite::memory:");
        options.max_connections(1);
        let db = sea_orm::Database::connect(options).await?;
        migration::Migrator::up(&db, None).await?;
        assert_eq!(building_tz(&db).await?, DEFAULT_TZ, "no building yet");
        db.execute_unprepared(
            "INSERT INTO building (slug, name, address, timezone) \
             VALUES ('ny', 'Office', 'Broadway', 'America/New_York')",
        )
        .await?;
        let cache = TopologyCache::default();
        assert_eq!(cache.tz(&db).await?, chrono_tz::America::New_York);
        assert_eq!(building_tz(&db).await?, chrono_tz::America::New_York);
        db.execute_unprepared("UPDATE building SET timezone = 'Asia/Tokyo'")
            .await?;
        assert_eq!(cache.tz(&db).await?, chrono_tz::America::New_York, "kept");
        cache.invalidate();
        assert_eq!(cache.tz(&db).await?, chrono_tz::Asia::Tokyo);
        // A time zone that does not exist is an error that names the building.
        db.execute_unprepared("UPDATE building SET timezone = 'Mars/Olympus'")
            .await?;
        cache.invalidate();
        let error = cache.get(&db).await.err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("ny") && e.contains("Mars/Olympus")),
            "{error:?}"
        );
        Ok(())
    }
}
