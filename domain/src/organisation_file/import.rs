//! Importing an organisation file: check it whole, compare it with the database, then write
//! every change in one transaction — or, for a dry run, only say what would change.
//!
//! Rows are matched by their natural keys: the organisation and units by slug, zones by slug,
//! people by e-mail address (lower-case). What the file names is created or updated; what the
//! organisation holds and the file does not name is *kept* and reported as such — an import
//! never deletes a unit, a person, a badge, a deputy or a granted zone. A unit's home zones
//! follow the file exactly when the file gives them, and a person's roles always do (both are
//! relations, not places or people).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entities::enums::{Locale, Overflow, PolicyScope, Role};
use entities::{
    audit_log, badge, deputy, home_zone, organisation, person, person_role, policy, unit, zone,
    zone_grant,
};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter,
};

use super::check::{self, FileKind, Known, Reading};
use super::export::policy_file;
use super::format::{
    OrganisationFile, OrganisationHeader, PersonFile, UnitFile, stored_badge_hash,
};
use super::{OrganisationFileError, Progress};
use crate::db::begin_write;
use crate::structure::Problem;
use crate::structure::format::natural_cmp;
use crate::structure::import::{Changes, KindChanges, Outcome};

/// How many rows one `INSERT` carries (both databases limit a statement's values).
const INSERT_CHUNK: usize = 1_000;

/// The `audit_log.action` of an import.
pub const AUDIT_ACTION: &str = "organisation.imported";

/// Checks the organisation file `bytes` (JSON) whole and, when it has no problem, writes what
/// differs from the database in one transaction (unless `dry_run`). Every problem of the file
/// is returned at once as [`OrganisationFileError::Invalid`]; then nothing is written.
#[tracing::instrument(skip_all, fields(bytes = bytes.len(), dry_run))]
pub async fn import(
    db: &DatabaseConnection,
    bytes: &[u8],
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<Outcome, OrganisationFileError> {
    let reading = check::read_json(bytes).map_err(OrganisationFileError::Invalid)?;
    Ok(run(db, reading, None, dry_run, progress, None)
        .await?
        .outcome)
}

/// Checks the people or units CSV `bytes` (the header tells which) whole and imports it into
/// the existing organisation `organisation` (its slug), as [`import`] does.
#[tracing::instrument(skip_all, fields(bytes = bytes.len(), dry_run))]
pub async fn import_csv(
    db: &DatabaseConnection,
    bytes: &[u8],
    organisation: &str,
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<Outcome, OrganisationFileError> {
    let reading = check::read_csv(bytes).map_err(OrganisationFileError::Invalid)?;
    Ok(
        run(db, reading, Some(organisation), dry_run, progress, None)
            .await?
            .outcome,
    )
}

/// What [`run`] did, and what an administrator's preview needs besides.
pub(super) struct Ran {
    /// What changed, or would change.
    pub(super) outcome: Outcome,
    /// The plan's fingerprint: the checked file and its changes (see [`fingerprint`]).
    pub(super) plan: String,
    /// Whether the roles of somebody already there change.
    pub(super) roles_change: bool,
}

/// Checks `reading` against the database and writes the difference unless `dry_run`; with
/// a `restriction`, as an organisation administrator may (see [`super::admin`]).
pub(super) async fn run(
    db: &DatabaseConnection,
    mut reading: Reading,
    organisation: Option<&str>,
    dry_run: bool,
    progress: &dyn Progress,
    restriction: Option<&super::admin::Restriction>,
) -> Result<Ran, OrganisationFileError> {
    let rows = u64::try_from(reading.rows()).unwrap_or(u64::MAX);
    progress.stage("checking", rows);
    let txn = begin_write(db).await?;
    let slug = match organisation {
        Some(slug) => Some(slug.to_owned()),
        None => reading.organisation_slug().map(str::to_owned),
    };
    let existing = Existing::load(&txn, slug.as_deref()).await?;
    if let Some(slug) = organisation {
        match &existing.organisation {
            Some(found) => reading.set_organisation(OrganisationHeader {
                slug: found.slug.clone(),
                name: found.name.clone(),
            }),
            None => reading.add_problem(Problem {
                line: None,
                path: String::new(),
                field: String::new(),
                message: format!(
                    "there is no organisation \"{slug}\"; import the organisation file (JSON) \
                     first, or name another with --organisation"
                ),
            }),
        }
    }
    let mut known = existing.known();
    if let Some(restriction) = restriction {
        known.hide_other_organisations(&restriction.organisation.slug);
    }
    reading.check_known(&known);
    let roles_change = restriction.is_some_and(|r| reading.check_restricted(&known, r));
    let kind = reading.kind();
    let file = reading.finish().map_err(OrganisationFileError::Invalid)?;
    progress.advance(rows);
    let plan = Plan::new(&file, &existing);
    let changes = plan.changes(&file, &existing, kind);
    let fingerprint = fingerprint(&file, &changes);
    if let Some(restriction) = restriction
        && !dry_run
    {
        restriction
            .admit(&txn, &fingerprint, roles_change && !changes.is_empty())
            .await?;
    }
    if dry_run || changes.is_empty() {
        txn.rollback().await?;
        return Ok(Ran {
            outcome: Outcome {
                changes,
                applied: false,
            },
            plan: fingerprint,
            roles_change,
        });
    }
    let writes = plan.writes();
    progress.stage("writing", writes);
    let organisation_id = apply(&txn, &file, &existing, &plan, progress).await?;
    audit(
        &txn,
        organisation_id,
        &changes,
        restriction.map(|r| r.principal.person_id),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        organisation = organisation_id,
        writes,
        "organisation imported"
    );
    Ok(Ran {
        outcome: Outcome {
            changes,
            applied: true,
        },
        plan: fingerprint,
        roles_change,
    })
}

/// The fingerprint of a plan: SHA-256 of the checked file and of what it changes, in hex. An
/// administrator confirms a preview by it; another file, or a change of the organisation in
/// between that changes the plan, gives another fingerprint.
fn fingerprint(file: &OrganisationFile, changes: &Changes) -> String {
    changes.fingerprint(file)
}

/// Everything of the database an import compares with.
struct Existing {
    organisation: Option<organisation::Model>,
    organisation_slugs: HashMap<i32, String>,
    zones: HashMap<String, i32>,
    /// Zone ids given to this organisation.
    granted: HashSet<i32>,
    /// Every unit, by slug.
    units: HashMap<String, unit::Model>,
    /// Unit id → (zone id, priority), sorted.
    home_zones: HashMap<i32, Vec<(i32, i32)>>,
    /// Unit id → its policy.
    policies: HashMap<i32, policy::Model>,
    /// Every person with an e-mail address, by it.
    people: HashMap<String, person::Model>,
    /// Person id → roles, sorted.
    roles: HashMap<i32, Vec<Role>>,
    /// Badge hash → person id.
    badges: HashMap<String, i32>,
    deputies: HashSet<(i32, i32)>,
}

impl Existing {
    async fn load(
        db: &impl ConnectionTrait,
        slug: Option<&str>,
    ) -> Result<Self, OrganisationFileError> {
        let organisations = organisation::Entity::find().all(db).await?;
        let this = slug.and_then(|s| organisations.iter().find(|o| o.slug == s).cloned());
        let granted = match &this {
            Some(o) => zone_grant::Entity::find()
                .filter(zone_grant::Column::OrganisationId.eq(o.id))
                .all(db)
                .await?
                .into_iter()
                .map(|g| g.zone_id)
                .collect(),
            None => HashSet::new(),
        };
        let mut home_zones: HashMap<i32, Vec<(i32, i32)>> = HashMap::new();
        for home in home_zone::Entity::find().all(db).await? {
            home_zones
                .entry(home.unit_id)
                .or_default()
                .push((home.zone_id, home.priority));
        }
        for zones in home_zones.values_mut() {
            zones.sort_unstable();
        }
        let mut roles: HashMap<i32, Vec<Role>> = HashMap::new();
        for role in person_role::Entity::find().all(db).await? {
            roles.entry(role.person_id).or_default().push(role.role);
        }
        for held in roles.values_mut() {
            held.sort_by_key(|r| *r as u8);
        }
        Ok(Self {
            organisation_slugs: organisations
                .iter()
                .map(|o| (o.id, o.slug.clone()))
                .collect(),
            organisation: this,
            zones: zone::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|z| (z.slug, z.id))
                .collect(),
            granted,
            units: unit::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.slug.clone(), u))
                .collect(),
            home_zones,
            policies: policy::Entity::find()
                .filter(policy::Column::Scope.eq(PolicyScope::Unit))
                .all(db)
                .await?
                .into_iter()
                .filter_map(|p| p.scope_id.map(|id| (id, p)))
                .collect(),
            people: person::Entity::find()
                .filter(person::Column::Email.is_not_null())
                .all(db)
                .await?
                .into_iter()
                .filter_map(|p| p.email.clone().map(|e| (e, p)))
                .collect(),
            roles,
            badges: badge::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|b| (b.badge_hash, b.person_id))
                .collect(),
            deputies: deputy::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.owner_id, d.deputy_id))
                .collect(),
        })
    }

    fn organisation_id(&self) -> Option<i32> {
        self.organisation.as_ref().map(|o| o.id)
    }

    fn slug_of(&self, organisation: i32) -> String {
        self.organisation_slugs
            .get(&organisation)
            .cloned()
            .unwrap_or_default()
    }

    /// What the file is checked against.
    fn known(&self) -> Known {
        let this = self.organisation_id();
        let zone_slugs: HashMap<i32, &String> = self.zones.iter().map(|(s, id)| (*id, s)).collect();
        let emails: HashMap<i32, &String> = self.people.iter().map(|(e, p)| (p.id, e)).collect();
        let ours = |p: &person::Model| Some(p.organisation_id) == this;
        Known {
            organisation_exists: this.is_some(),
            zones: self.zones.keys().cloned().collect(),
            granted: self
                .granted
                .iter()
                .filter_map(|id| zone_slugs.get(id).map(|s| (*s).clone()))
                .collect(),
            unit_owners: self
                .units
                .values()
                .map(|u| (u.slug.clone(), self.slug_of(u.organisation_id)))
                .collect(),
            closed_units: self
                .units
                .values()
                .filter(|u| u.closed)
                .map(|u| u.slug.clone())
                .collect(),
            person_owners: self
                .people
                .iter()
                .map(|(e, p)| (e.clone(), self.slug_of(p.organisation_id)))
                .collect(),
            active: self
                .people
                .iter()
                .filter(|(_, p)| ours(p))
                .map(|(e, p)| (e.clone(), p.active))
                .collect(),
            roles: self
                .people
                .iter()
                .filter(|(_, p)| ours(p))
                .map(|(e, p)| {
                    let roles = self.roles.get(&p.id).map_or_else(Vec::new, |held| {
                        held.iter().map(ActiveEnum::to_value).collect()
                    });
                    (e.clone(), roles)
                })
                .collect(),
            badge_owners: self
                .badges
                .iter()
                .map(|(hash, id)| {
                    (
                        hash.clone(),
                        emails.get(id).map(|e| (*e).clone()).unwrap_or_default(),
                    )
                })
                .collect(),
        }
    }
}

/// Whether a row of the file is new, changed or the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    New,
    Changed,
    Same,
}

impl State {
    fn of(exists: bool, same: bool) -> Self {
        match (exists, same) {
            (false, _) => State::New,
            (true, true) => State::Same,
            (true, false) => State::Changed,
        }
    }
}

/// What an import writes, decided before anything is written.
struct Plan {
    organisation: State,
    /// Zone ids to give the organisation.
    grants: Vec<i32>,
    /// Per unit of the file (same order).
    units: Vec<UnitPlan>,
    /// Per person of the file (same order).
    people: Vec<PersonPlan>,
    /// Deputies to add, by e-mail addresses.
    deputies: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, Default)]
struct UnitPlan {
    row: Option<State>,
    name: bool,
    home_zones: bool,
    policy: bool,
}

#[derive(Debug, Clone, Default)]
struct PersonPlan {
    row: Option<State>,
    fields: bool,
    roles: Option<Vec<Role>>,
    /// Badge hashes to add.
    badges: Vec<String>,
}

fn role(code: &str) -> Option<Role> {
    Role::try_from_value(&code.to_owned()).ok()
}

fn roles_of(p: &PersonFile) -> Vec<Role> {
    let mut roles: Vec<Role> = p.roles.iter().filter_map(|r| role(r)).collect();
    roles.sort_by_key(|r| *r as u8);
    roles.dedup();
    roles
}

fn badge_hash(badge: &str) -> String {
    stored_badge_hash(badge).unwrap_or_else(|| crate::checkin::badge_hash(badge))
}

fn clean_name(name: &str) -> String {
    crate::account::clean_name(name).unwrap_or_else(|_| name.trim().to_owned())
}

impl Plan {
    fn new(file: &OrganisationFile, existing: &Existing) -> Self {
        let organisation = State::of(
            existing.organisation.is_some(),
            existing
                .organisation
                .as_ref()
                .is_some_and(|o| o.name == file.organisation.name),
        );
        let mut grants: Vec<i32> = file
            .granted_zones
            .iter()
            .filter_map(|slug| existing.zones.get(slug).copied())
            .filter(|id| !existing.granted.contains(id))
            .collect();
        grants.sort_unstable();
        grants.dedup();
        let units = file.units.iter().map(|u| Self::unit(u, existing)).collect();
        let new_units: HashSet<&str> = file
            .units
            .iter()
            .filter(|u| !existing.units.contains_key(&u.slug))
            .map(|u| u.slug.as_str())
            .collect();
        let people = file
            .people
            .iter()
            .map(|p| Self::person(p, existing, &new_units))
            .collect();
        let ids: HashMap<&str, i32> = existing
            .people
            .iter()
            .map(|(e, p)| (e.as_str(), p.id))
            .collect();
        let deputies = file
            .deputies
            .iter()
            .map(|d| {
                (
                    d.counsellor.trim().to_lowercase(),
                    d.deputy.trim().to_lowercase(),
                )
            })
            .filter(|(c, d)| match (ids.get(c.as_str()), ids.get(d.as_str())) {
                (Some(c), Some(d)) => !existing.deputies.contains(&(*c, *d)),
                _ => true,
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        Self {
            organisation,
            grants,
            units,
            people,
            deputies,
        }
    }

    fn unit(u: &UnitFile, existing: &Existing) -> UnitPlan {
        let Some(found) = existing.units.get(&u.slug) else {
            return UnitPlan {
                row: Some(State::New),
                name: true,
                home_zones: u.home_zones.as_ref().is_some_and(|z| !z.is_empty()),
                policy: u.policy.is_some(),
            };
        };
        let name = found.name != u.name;
        let home_zones = u.home_zones.as_ref().is_some_and(|zones| {
            let mut wanted: Vec<(i32, i32)> = zones
                .iter()
                .filter_map(|z| existing.zones.get(&z.zone).map(|id| (*id, z.priority)))
                .collect();
            wanted.sort_unstable();
            wanted
                != existing
                    .home_zones
                    .get(&found.id)
                    .cloned()
                    .unwrap_or_default()
        });
        let policy = u.policy.as_ref().is_some_and(|wanted| {
            existing
                .policies
                .get(&found.id)
                .is_none_or(|stored| policy_file(stored) != *wanted)
        });
        UnitPlan {
            row: Some(State::of(true, !(name || home_zones || policy))),
            name,
            home_zones,
            policy,
        }
    }

    fn person(p: &PersonFile, existing: &Existing, new_units: &HashSet<&str>) -> PersonPlan {
        let email = p.email.trim().to_lowercase();
        let roles = roles_of(p);
        let mut badges: Vec<String> = p.badges.iter().map(|b| badge_hash(b)).collect();
        badges.sort();
        badges.dedup();
        let Some(found) = existing.people.get(&email) else {
            return PersonPlan {
                row: Some(State::New),
                fields: true,
                roles: Some(roles),
                badges,
            };
        };
        badges.retain(|hash| !existing.badges.contains_key(hash));
        let unit_id = match &p.unit {
            None => None,
            Some(slug) if new_units.contains(slug.as_str()) => Some(-1),
            Some(slug) => existing.units.get(slug).map(|u| u.id),
        };
        let fields = found.display_name != clean_name(&p.name)
            || found.unit_id != unit_id
            || found.locale.to_value() != p.locale;
        let held = existing.roles.get(&found.id).cloned().unwrap_or_default();
        let roles = (held != roles).then_some(roles);
        let same = !fields && roles.is_none() && badges.is_empty();
        PersonPlan {
            row: Some(State::of(true, same)),
            fields,
            roles,
            badges,
        }
    }

    /// How many rows are written (for progress).
    fn writes(&self) -> u64 {
        let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        count(self.grants.len())
            + count(
                self.units
                    .iter()
                    .filter(|u| u.row != Some(State::Same))
                    .count(),
            )
            + count(
                self.people
                    .iter()
                    .filter(|p| p.row != Some(State::Same))
                    .count(),
            )
            + count(self.deputies.len())
    }

    /// What the plan changes, kind by kind.
    fn changes(&self, file: &OrganisationFile, existing: &Existing, kind: FileKind) -> Changes {
        let tally = |kind: &'static str, states: Vec<(State, String)>| {
            let mut changes = KindChanges {
                kind,
                ..KindChanges::default()
            };
            for (state, name) in states {
                match state {
                    State::New => changes.created.push(name),
                    State::Changed => changes.changed.push(name),
                    State::Same => changes.unchanged += 1,
                }
            }
            changes
        };
        let mut kinds = Vec::new();
        if kind == FileKind::Json {
            kinds.push(tally(
                "organisation",
                vec![(self.organisation, file.organisation.slug.clone())],
            ));
            let mut grants = tally("granted zones", Vec::new());
            let zone_slugs: HashMap<i32, &String> =
                existing.zones.iter().map(|(s, id)| (*id, s)).collect();
            grants.created = self
                .grants
                .iter()
                .filter_map(|id| zone_slugs.get(id).map(|s| (*s).clone()))
                .collect();
            grants.unchanged = file
                .granted_zones
                .len()
                .saturating_sub(grants.created.len());
            kinds.push(grants);
        }
        let this = existing.organisation_id();
        if kind != FileKind::PeopleCsv {
            let mut units = tally(
                "units",
                file.units
                    .iter()
                    .zip(&self.units)
                    .map(|(u, plan)| (plan.row.unwrap_or(State::Same), u.slug.clone()))
                    .collect(),
            );
            let named: HashSet<&str> = file.units.iter().map(|u| u.slug.as_str()).collect();
            units.kept = existing
                .units
                .values()
                .filter(|u| Some(u.organisation_id) == this && !named.contains(u.slug.as_str()))
                .map(|u| u.slug.clone())
                .collect();
            units.kept.sort_by(|a, b| natural_cmp(a, b));
            kinds.push(units);
        }
        if kind != FileKind::UnitsCsv {
            let mut people = tally(
                "people",
                file.people
                    .iter()
                    .zip(&self.people)
                    .map(|(p, plan)| {
                        (
                            plan.row.unwrap_or(State::Same),
                            p.email.trim().to_lowercase(),
                        )
                    })
                    .collect(),
            );
            let named: HashSet<String> = file
                .people
                .iter()
                .map(|p| p.email.trim().to_lowercase())
                .collect();
            people.kept = existing
                .people
                .iter()
                .filter(|(e, p)| Some(p.organisation_id) == this && !named.contains(*e))
                .map(|(e, _)| e.clone())
                .collect();
            people.kept.sort_by(|a, b| natural_cmp(a, b));
            kinds.push(people);
            let mut badges = tally("badges", Vec::new());
            badges.created = self
                .people
                .iter()
                .zip(&file.people)
                .flat_map(|(plan, p)| {
                    let email = p.email.trim().to_lowercase();
                    plan.badges.iter().map(move |_| email.clone())
                })
                .collect();
            kinds.push(badges);
        }
        if kind == FileKind::Json {
            let mut deputies = tally("deputies", Vec::new());
            deputies.created = self
                .deputies
                .iter()
                .map(|(c, d)| format!("{d} for {c}"))
                .collect();
            deputies.created.sort();
            deputies.unchanged = file.deputies.len().saturating_sub(deputies.created.len());
            kinds.push(deputies);
        }
        Changes { kinds }
    }
}

// --- Writing --------------------------------------------------------------------------------

fn inconsistent(what: impl Into<String>) -> OrganisationFileError {
    OrganisationFileError::Inconsistent(what.into())
}

fn locale(code: &str) -> Result<Locale, OrganisationFileError> {
    Locale::try_from_value(&code.to_owned()).map_err(OrganisationFileError::Database)
}

/// Writes the plan in `txn`; the organisation's id.
async fn apply(
    txn: &impl ConnectionTrait,
    file: &OrganisationFile,
    existing: &Existing,
    plan: &Plan,
    progress: &dyn Progress,
) -> Result<i32, OrganisationFileError> {
    let organisation_id = match (&existing.organisation, plan.organisation) {
        (Some(found), State::Same) => found.id,
        (Some(found), _) => {
            let mut row: organisation::ActiveModel = found.clone().into();
            row.name = Set(file.organisation.name.clone());
            row.update(txn).await?;
            found.id
        }
        (None, _) => {
            organisation::ActiveModel {
                id: NotSet,
                slug: Set(file.organisation.slug.clone()),
                name: Set(file.organisation.name.clone()),
            }
            .insert(txn)
            .await?
            .id
        }
    };
    for zone_id in &plan.grants {
        zone_grant::ActiveModel {
            zone_id: Set(*zone_id),
            organisation_id: Set(organisation_id),
        }
        .insert(txn)
        .await?;
    }
    progress.advance(u64::try_from(plan.grants.len()).unwrap_or(0));
    let unit_ids = write_units(txn, file, existing, plan, organisation_id).await?;
    write_people(
        txn,
        file,
        existing,
        plan,
        organisation_id,
        &unit_ids,
        progress,
    )
    .await?;
    write_deputies(txn, existing, plan, organisation_id).await?;
    Ok(organisation_id)
}

/// Creates or updates units, their home zones and policies; every unit id by slug.
async fn write_units(
    txn: &impl ConnectionTrait,
    file: &OrganisationFile,
    existing: &Existing,
    plan: &Plan,
    organisation_id: i32,
) -> Result<HashMap<String, i32>, OrganisationFileError> {
    let mut ids: HashMap<String, i32> = existing
        .units
        .values()
        .filter(|u| u.organisation_id == organisation_id)
        .map(|u| (u.slug.clone(), u.id))
        .collect();
    for (u, todo) in file.units.iter().zip(&plan.units) {
        let id = match existing.units.get(&u.slug) {
            Some(found) => {
                if todo.name {
                    let mut row: unit::ActiveModel = found.clone().into();
                    row.name = Set(u.name.clone());
                    row.update(txn).await?;
                }
                found.id
            }
            None => {
                unit::ActiveModel {
                    id: NotSet,
                    organisation_id: Set(organisation_id),
                    slug: Set(u.slug.clone()),
                    name: Set(u.name.clone()),
                    ..Default::default()
                }
                .insert(txn)
                .await?
                .id
            }
        };
        ids.insert(u.slug.clone(), id);
        if todo.home_zones {
            home_zone::Entity::delete_many()
                .filter(home_zone::Column::UnitId.eq(id))
                .exec(txn)
                .await?;
            for zone in u.home_zones.iter().flatten() {
                let zone_id = existing
                    .zones
                    .get(&zone.zone)
                    .copied()
                    .ok_or_else(|| inconsistent(format!("zone {} is not there", zone.zone)))?;
                home_zone::ActiveModel {
                    unit_id: Set(id),
                    zone_id: Set(zone_id),
                    priority: Set(zone.priority),
                }
                .insert(txn)
                .await?;
            }
        }
        if let (true, Some(wanted)) = (todo.policy, &u.policy) {
            let overflow = Overflow::try_from_value(&wanted.overflow)
                .map_err(OrganisationFileError::Database)?;
            let mut row = policy::ActiveModel {
                id: NotSet,
                scope: Set(PolicyScope::Unit),
                scope_id: Set(Some(id)),
                max_days_ahead: Set(wanted.max_days_ahead),
                max_bookings_per_week: Set(wanted.max_bookings_per_week),
                half_days_allowed: Set(wanted.half_days_allowed),
                overflow: Set(overflow),
                checkin_grace_min: Set(wanted.checkin_grace_min),
                auto_release: Set(wanted.auto_release),
                release_without_sensor: Set(wanted.release_without_sensor),
            };
            match existing.policies.get(&id) {
                Some(stored) => {
                    row.id = Set(stored.id);
                    row.update(txn).await?;
                }
                None => {
                    row.insert(txn).await?;
                }
            }
        }
    }
    Ok(ids)
}

async fn write_people(
    txn: &impl ConnectionTrait,
    file: &OrganisationFile,
    existing: &Existing,
    plan: &Plan,
    organisation_id: i32,
    unit_ids: &HashMap<String, i32>,
    progress: &dyn Progress,
) -> Result<(), OrganisationFileError> {
    let now = Utc::now();
    let unit_of = |p: &PersonFile| -> Result<Option<i32>, OrganisationFileError> {
        match &p.unit {
            None => Ok(None),
            Some(slug) => unit_ids
                .get(slug)
                .copied()
                .map(Some)
                .ok_or_else(|| inconsistent(format!("unit {slug} was not written"))),
        }
    };
    let mut new = Vec::new();
    for (p, todo) in file.people.iter().zip(&plan.people) {
        let email = p.email.trim().to_lowercase();
        match existing.people.get(&email) {
            None => new.push(person::ActiveModel {
                id: NotSet,
                organisation_id: Set(organisation_id),
                unit_id: Set(unit_of(p)?),
                display_name: Set(clean_name(&p.name)),
                email: Set(Some(email)),
                locale: Set(locale(&p.locale)?),
                share_location: Set(false),
                active: Set(p.active),
                anonymised: Set(false),
                demo: Set(false),
                created_at: Set(now),
                needs_accessible_desk: Set(false),
                directory_key: NotSet,
            }),
            Some(found) if todo.fields => {
                let mut row: person::ActiveModel = found.clone().into();
                row.display_name = Set(clean_name(&p.name));
                row.unit_id = Set(unit_of(p)?);
                row.locale = Set(locale(&p.locale)?);
                row.update(txn).await?;
                progress.advance(1);
            }
            Some(_) => {
                if todo.row != Some(State::Same) {
                    progress.advance(1);
                }
            }
        }
    }
    for chunk in new.chunks(INSERT_CHUNK) {
        person::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
        progress.advance(u64::try_from(chunk.len()).unwrap_or(0));
    }
    // The ids of the people created now.
    let ids: HashMap<String, i32> = person::Entity::find()
        .filter(person::Column::OrganisationId.eq(organisation_id))
        .filter(person::Column::Email.is_not_null())
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|p| p.email.map(|e| (e, p.id)))
        .collect();
    let mut roles = Vec::new();
    let mut badges = Vec::new();
    for (p, todo) in file.people.iter().zip(&plan.people) {
        let email = p.email.trim().to_lowercase();
        let id = ids
            .get(&email)
            .copied()
            .ok_or_else(|| inconsistent("a person was not written"))?;
        if let Some(wanted) = &todo.roles {
            if existing.people.contains_key(&email) {
                person_role::Entity::delete_many()
                    .filter(person_role::Column::PersonId.eq(id))
                    .exec(txn)
                    .await?;
            }
            roles.extend(wanted.iter().map(|role| person_role::ActiveModel {
                person_id: Set(id),
                role: Set(*role),
            }));
        }
        badges.extend(todo.badges.iter().map(|hash| badge::ActiveModel {
            id: NotSet,
            person_id: Set(id),
            badge_hash: Set(hash.clone()),
            created_at: Set(now),
        }));
    }
    for chunk in roles.chunks(INSERT_CHUNK) {
        person_role::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in badges.chunks(INSERT_CHUNK) {
        badge::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn write_deputies(
    txn: &impl ConnectionTrait,
    existing: &Existing,
    plan: &Plan,
    organisation_id: i32,
) -> Result<(), OrganisationFileError> {
    if plan.deputies.is_empty() {
        return Ok(());
    }
    let ids: HashMap<String, i32> = person::Entity::find()
        .filter(person::Column::OrganisationId.eq(organisation_id))
        .filter(person::Column::Email.is_not_null())
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|p| p.email.map(|e| (e, p.id)))
        .collect();
    for (counsellor, named) in &plan.deputies {
        let (Some(owner), Some(deputy)) = (ids.get(counsellor), ids.get(named)) else {
            return Err(inconsistent("a deputy's person was not written"));
        };
        if existing.deputies.contains(&(*owner, *deputy)) {
            continue;
        }
        deputy::ActiveModel {
            owner_id: Set(*owner),
            deputy_id: Set(*deputy),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The audit row of an import: counts only, no names or addresses; `actor` is the
/// administrator who imported it from the web (`None`: the command line).
async fn audit(
    txn: &impl ConnectionTrait,
    organisation_id: i32,
    changes: &Changes,
    actor: Option<i32>,
) -> Result<(), OrganisationFileError> {
    crate::audit::write(
        txn,
        audit_log::ActiveModel {
            at: Set(Utc::now()),
            actor_person_id: Set(actor),
            organisation_id: Set(Some(organisation_id)),
            action: Set(AUDIT_ACTION.to_owned()),
            entity: Set("organisation".to_owned()),
            entity_id: Set(Some(organisation_id.to_string())),
            detail: Set(Some(changes.counts())),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
