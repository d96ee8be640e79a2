//! What a booking is checked against ([`Facts`]) and how long it is kept ([`FactsCache`]).

use super::*;

/// What a booking is checked against that changes rarely: every desk with its zone, building
/// and block flag, the home zones of every unit, the policies and the blocks. [`Facts::load`]
/// reads them in a few queries; [`FactsCache`] keeps them for a moment, so a stream of
/// bookings costs one statement each.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub(super) desks: HashMap<i32, DeskFacts>,
    pub(super) home: HashMap<i32, Vec<i32>>,
    pub(super) policies: Vec<ScopedPolicy>,
    pub(super) blocks: Vec<Block>,
    /// The time zone of the building (`building.timezone`).
    pub tz: chrono_tz::Tz,
    /// The topology these facts were read with.
    pub topology: std::sync::Arc<crate::topology::Topology>,
}

/// A desk as a booking needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DeskFacts {
    pub(super) id: i32,
    pub(super) zone_id: i32,
    pub(super) building_id: i32,
    pub(super) blocked: bool,
}

impl Facts {
    /// The policy that applies to `person` (organisation, unit) booking `desk_id`; `None` for
    /// an unknown desk.
    pub fn policy_for(
        &self,
        desk_id: i32,
        organisation_id: i32,
        unit_id: Option<i32>,
    ) -> Option<Policy> {
        let desk = self.desks.get(&desk_id)?;
        Some(rules::resolve_policy(
            &self.policies,
            &PolicyTarget {
                building_id: desk.building_id,
                organisation_id,
                unit_id,
                zone_id: desk.zone_id,
            },
        ))
    }

    /// Whether desk `desk_id` is blocked on `day`: by its flag, or by a block of the desk, its
    /// zone or the whole building. `true` for an unknown desk.
    pub fn blocked(&self, desk_id: i32, day: NaiveDate) -> bool {
        let Some(desk) = self.desks.get(&desk_id) else {
            return true;
        };
        desk.blocked
            || self
                .blocks
                .iter()
                .any(|b| b.blocks_desk(desk.id, desk.zone_id, day))
    }

    /// Reads the facts from the database; desks, zones and home zones through one read of the
    /// topology.
    pub async fn load(db: &DatabaseConnection) -> Result<Facts, DbErr> {
        let topology = crate::topology::Topology::load(db).await?;
        let desks = topology
            .desks()
            .filter_map(|d| {
                let building_id = topology.floor_of_zone(d.zone_id)?.building_id;
                Some((
                    d.id,
                    DeskFacts {
                        id: d.id,
                        zone_id: d.zone_id,
                        building_id,
                        blocked: d.blocked,
                    },
                ))
            })
            .collect();
        let home = topology.home_zones_by_unit();
        let blocks = block::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|b| Block {
                desk_id: b.desk_id,
                zone_id: b.zone_id,
                room_id: b.room_id,
                from_day: b.from_day,
                to_day: b.to_day,
            })
            .collect();
        Ok(Facts {
            desks,
            home,
            policies: policies(db).await?,
            blocks,
            tz: topology.tz(),
            topology: std::sync::Arc::new(topology),
        })
    }
}

/// How long [`FactsCache`] keeps the facts: a changed policy, block or home zone applies to
/// bookings at most this much later.
pub const FACTS_FOR: std::time::Duration = std::time::Duration::from_secs(2);

/// Facts and when they were read.
pub(super) type Kept = Option<(std::time::Instant, std::sync::Arc<Facts>)>;

/// The [`Facts`], read again when older than [`FACTS_FOR`]; cheap to clone and share. One
/// request reads them again while the others go on with the facts kept (so a burst of
/// bookings does not read them dozens of times at once); only the very first reading is
/// waited for.
#[derive(Debug, Clone, Default)]
pub struct FactsCache {
    kept: std::sync::Arc<std::sync::Mutex<Kept>>,
    reading: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl FactsCache {
    /// The facts, read from `db` if those kept are too old.
    pub async fn get(&self, db: &DatabaseConnection) -> Result<std::sync::Arc<Facts>, DbErr> {
        let (fresh, kept) = self.kept();
        if let Some(facts) = fresh {
            return Ok(facts);
        }
        // Stale facts and somebody already reading: go on with the stale ones.
        let _reading = match (kept, self.reading.try_lock()) {
            (Some(stale), Err(_)) => return Ok(stale),
            (_, Ok(guard)) => guard,
            (None, Err(_)) => self.reading.lock().await,
        };
        if let (Some(facts), _) = self.kept() {
            return Ok(facts);
        }
        let facts = std::sync::Arc::new(Facts::load(db).await?);
        if let Ok(mut kept) = self.kept.lock() {
            *kept = Some((std::time::Instant::now(), std::sync::Arc::clone(&facts)));
        }
        Ok(facts)
    }

    /// The kept facts if still fresh, and the kept facts however old.
    fn kept(&self) -> (Option<std::sync::Arc<Facts>>, Option<std::sync::Arc<Facts>>) {
        let Ok(kept) = self.kept.lock() else {
            return (None, None);
        };
        match kept.as_ref() {
            Some((at, facts)) if at.elapsed() < FACTS_FOR => (
                Some(std::sync::Arc::clone(facts)),
                Some(std::sync::Arc::clone(facts)),
            ),
            Some((_, facts)) => (None, Some(std::sync::Arc::clone(facts))),
            None => (None, None),
        }
    }
}
