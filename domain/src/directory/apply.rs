//! Running a sync against the database: what the organisation holds is read and the plan
//! written in one transaction (or, for a dry run, only reported); the report says what
//! changed. Nothing is written when anything fails or the safety refuses.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};
use entities::enums::{Locale, Role};
use entities::{audit_log, badge, directory_sync, organisation, person, person_role, unit};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait,
};

use super::plan::{Entry, Known, KnownPerson, Mapping, Plan, Refusal};
use crate::db::begin_write;
use crate::organisation_file::Progress;
use crate::people::GRANTABLE;
use crate::people_admin::lifecycle::{Ended, end_everything};
use crate::topology::Topology;

/// How a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Only report what would change.
    pub dry_run: bool,
    /// Let the leavers go even when the safety would refuse.
    pub force: bool,
    /// The most active people the directory manages that may leave in one run, in percent.
    pub max_leavers_percent: u32,
}

/// Why a sync changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No organisation has this slug.
    #[error("there is no organisation \"{0}\" (name it by its slug)")]
    NoSuchOrganisation(String),
    /// The safety refused the leavers; the report says what the run would have done.
    #[error("nothing was changed: {refusal}")]
    Refused {
        /// Why.
        refusal: Refusal,
        /// What the run would have changed.
        report: Box<Report>,
    },
    /// The database failed; nothing was written.
    #[error("nothing was changed: database: {0}")]
    Database(#[from] DbErr),
}

/// What kind of change a report line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A joiner was created.
    Created,
    /// A person was changed (and maybe reactivated or moved).
    Changed,
    /// A leaver was deactivated.
    Deactivated,
}

/// One person in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What happened.
    pub kind: LineKind,
    /// The person's name.
    pub name: String,
    /// What changed, in words (`unit amt-1 → amt-2, roles`).
    pub detail: String,
}

/// What a run changed (or, on a dry run, would change).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The organisation's slug.
    pub organisation: String,
    /// Entries the directory returned.
    pub entries: usize,
    /// People created.
    pub created: usize,
    /// People whose name, e-mail address or badges changed.
    pub updated: usize,
    /// People moved to another unit.
    pub moved: usize,
    /// People whose roles changed.
    pub roles_changed: usize,
    /// People linked to their entry by e-mail address.
    pub linked: usize,
    /// People reactivated.
    pub reactivated: usize,
    /// People deactivated.
    pub deactivated: usize,
    /// People in the directory with nothing to change.
    pub unchanged: usize,
    /// What the deactivations ended.
    pub ended: Ended,
    /// Every person changed.
    pub lines: Vec<Line>,
    /// Entries that could not be taken, and unit values without a unit.
    pub problems: Vec<String>,
    /// Whether the changes were written.
    pub applied: bool,
}

impl Report {
    fn new(organisation: &str, plan: &Plan) -> Report {
        let mut report = Report {
            organisation: organisation.to_owned(),
            entries: plan.entries,
            created: plan.create.len(),
            unchanged: plan.unchanged,
            deactivated: plan.deactivate.len(),
            problems: plan.problems.clone(),
            ..Report::default()
        };
        for joiner in &plan.create {
            let unit = joiner
                .unit
                .as_ref()
                .map_or_else(|| "no unit".to_owned(), |(_, slug)| format!("unit {slug}"));
            report.lines.push(Line {
                kind: LineKind::Created,
                name: joiner.name.clone(),
                detail: unit,
            });
        }
        for update in &plan.update {
            let mut what = Vec::new();
            if update.link.is_some() {
                report.linked += 1;
                what.push("linked by e-mail address".to_owned());
            }
            if update.reactivate {
                report.reactivated += 1;
                what.push("reactivated".to_owned());
            }
            if update.is_attribute_change() {
                report.updated += 1;
            }
            if update.set_name.is_some() {
                what.push("name".to_owned());
            }
            if update.set_email.is_some() {
                what.push("e-mail address".to_owned());
            }
            if update.set_badges.is_some() {
                what.push("badge".to_owned());
            }
            if let Some(moved) = &update.set_unit {
                report.moved += 1;
                what.push(format!(
                    "unit {} → {}",
                    moved.from.as_deref().unwrap_or("no unit"),
                    moved.to
                ));
            }
            if let Some(roles) = &update.set_roles {
                report.roles_changed += 1;
                let codes: Vec<&str> = roles
                    .iter()
                    .map(|r| crate::account::role_code(*r))
                    .collect();
                what.push(format!("roles {}", codes.join(", ")));
            }
            report.lines.push(Line {
                kind: LineKind::Changed,
                name: update.name.clone(),
                detail: what.join(", "),
            });
        }
        for leaver in &plan.deactivate {
            report.lines.push(Line {
                kind: LineKind::Deactivated,
                name: leaver.name.clone(),
                detail: "left the directory".to_owned(),
            });
        }
        report
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "directory of {}: {} entries",
            self.organisation, self.entries
        )?;
        for line in &self.lines {
            let mark = match line.kind {
                LineKind::Created => "created    ",
                LineKind::Changed => "changed    ",
                LineKind::Deactivated => "deactivated",
            };
            writeln!(f, "  {mark} {}: {}", line.name, line.detail)?;
        }
        for problem in &self.problems {
            writeln!(f, "  problem     {problem}")?;
        }
        writeln!(
            f,
            "created {}, updated {}, moved {}, roles changed {}, linked {}, reactivated {}, \
             deactivated {}, unchanged {}, problems {}",
            self.created,
            self.updated,
            self.moved,
            self.roles_changed,
            self.linked,
            self.reactivated,
            self.deactivated,
            self.unchanged,
            self.problems.len()
        )?;
        if self.deactivated > 0 && self.applied {
            writeln!(
                f,
                "the leavers' sessions ended: {}, tokens revoked: {}, passkeys removed: {}, \
                 desk bookings cancelled: {}, room reservations cancelled: {}",
                self.ended.sessions,
                self.ended.tokens,
                self.ended.passkeys,
                self.ended.desk_bookings,
                self.ended.room_reservations
            )?;
        }
        Ok(())
    }
}

/// The id of the organisation `slug`.
pub async fn organisation_id(db: &impl ConnectionTrait, slug: &str) -> Result<Option<i32>, DbErr> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|o| o.id))
}

/// Synchronises the people of organisation `organisation` (slug) with `entries`, what its
/// directory holds, as `mapping` says: in one transaction, or only reported with
/// `options.dry_run`. `now` splits past from future bookings of leavers.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all, fields(organisation = %organisation, entries = entries.len(), dry_run = options.dry_run))]
pub async fn sync(
    db: &DatabaseConnection,
    topology: &Topology,
    organisation: &str,
    entries: &[Entry],
    mapping: &Mapping,
    options: Options,
    progress: &dyn Progress,
    now: DateTime<Utc>,
) -> Result<Report, SyncError> {
    let txn = begin_write(db).await?;
    let Some(organisation_id) = organisation_id(&txn, organisation).await? else {
        txn.rollback().await?;
        return Err(SyncError::NoSuchOrganisation(organisation.to_owned()));
    };
    progress.stage("comparing", 1);
    let known = load(&txn, organisation_id).await?;
    let plan = Plan::new(entries, &known, mapping);
    progress.advance(1);
    let mut report = Report::new(organisation, &plan);
    if let Err(refusal) = plan.check_safety(options.max_leavers_percent, options.force) {
        txn.rollback().await?;
        return Err(SyncError::Refused {
            refusal,
            report: Box::new(report),
        });
    }
    if options.dry_run || plan.is_empty() {
        txn.rollback().await?;
        return Ok(report);
    }
    progress.stage("writing", plan.writes());
    match write(&txn, topology, organisation_id, &plan, progress, now).await {
        Ok(ended) => {
            report.ended = ended;
            audit(
                &txn,
                organisation_id,
                "directory.synced",
                "organisation",
                organisation_id,
                serde_json::json!({
                    "entries": report.entries,
                    "created": report.created,
                    "updated": report.updated,
                    "moved": report.moved,
                    "roles_changed": report.roles_changed,
                    "linked": report.linked,
                    "reactivated": report.reactivated,
                    "deactivated": report.deactivated,
                    "problems": report.problems.len(),
                }),
                now,
            )
            .await?;
            txn.commit().await?;
        }
        Err(err) => {
            txn.rollback().await?;
            return Err(err.into());
        }
    }
    report.applied = true;
    tracing::info!(
        organisation = organisation_id,
        created = report.created,
        updated = report.updated,
        moved = report.moved,
        deactivated = report.deactivated,
        reactivated = report.reactivated,
        problems = report.problems.len(),
        "directory synchronised"
    );
    Ok(report)
}

/// What the database holds of organisation `organisation_id` that a sync compares with.
async fn load(txn: &DatabaseTransaction, organisation_id: i32) -> Result<Known, DbErr> {
    let rows = person::Entity::find()
        .filter(person::Column::OrganisationId.eq(organisation_id))
        .filter(person::Column::Anonymised.eq(false))
        .all(txn)
        .await?;
    let mut roles: BTreeMap<i32, Vec<Role>> = BTreeMap::new();
    for (person_id, role) in person_role::Entity::find()
        .select_only()
        .column(person_role::Column::PersonId)
        .column(person_role::Column::Role)
        .join(JoinType::InnerJoin, person_role::Relation::Person.def())
        .filter(person::Column::OrganisationId.eq(organisation_id))
        .into_tuple::<(i32, Role)>()
        .all(txn)
        .await?
    {
        if GRANTABLE.contains(&role) {
            roles.entry(person_id).or_default().push(role);
        }
    }
    let mut badges: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
    let mut badges_elsewhere = HashSet::new();
    for (person_id, hash, organisation) in badge::Entity::find()
        .select_only()
        .column(badge::Column::PersonId)
        .column(badge::Column::BadgeHash)
        .column(person::Column::OrganisationId)
        .join(JoinType::InnerJoin, badge::Relation::Person.def())
        .into_tuple::<(i32, String, i32)>()
        .all(txn)
        .await?
    {
        if organisation == organisation_id {
            badges.entry(person_id).or_default().insert(hash);
        } else {
            badges_elsewhere.insert(hash);
        }
    }
    let emails_elsewhere: HashSet<String> = person::Entity::find()
        .select_only()
        .column(person::Column::Email)
        .filter(person::Column::Email.is_not_null())
        .filter(
            Condition::any()
                .add(person::Column::OrganisationId.ne(organisation_id))
                .add(person::Column::Anonymised.eq(true)),
        )
        .into_tuple::<Option<String>>()
        .all(txn)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let units = unit::Entity::find()
        .filter(unit::Column::OrganisationId.eq(organisation_id))
        .filter(unit::Column::Closed.eq(false))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.slug, u.id))
        .collect();
    let people = rows
        .into_iter()
        .map(|p| {
            let mut held = roles.remove(&p.id).unwrap_or_default();
            held.sort_by_key(|role| *role as u8);
            KnownPerson {
                id: p.id,
                key: p.directory_key,
                name: p.display_name,
                email: p.email,
                unit_id: p.unit_id,
                active: p.active,
                roles: held,
                badges: badges.remove(&p.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok(Known {
        people,
        units,
        emails_elsewhere,
        badges_elsewhere,
    })
}

/// Writes `plan` in `txn`; what the deactivations ended.
async fn write(
    txn: &DatabaseTransaction,
    topology: &Topology,
    organisation_id: i32,
    plan: &Plan,
    progress: &dyn Progress,
    now: DateTime<Utc>,
) -> Result<Ended, DbErr> {
    // Addresses and badges that move from one person to another: every old one is let go
    // first, so that no order of the writes trips the unique indexes.
    let releasing_email: Vec<i32> = plan
        .update
        .iter()
        .filter(|u| u.set_email.is_some())
        .map(|u| u.person_id)
        .collect();
    if !releasing_email.is_empty() {
        person::Entity::update_many()
            .col_expr(
                person::Column::Email,
                Expr::value(sea_orm::Value::String(None)),
            )
            .filter(person::Column::Id.is_in(releasing_email))
            .exec(txn)
            .await?;
    }
    let releasing_badges: Vec<i32> = plan
        .update
        .iter()
        .filter(|u| u.set_badges.is_some())
        .map(|u| u.person_id)
        .collect();
    if !releasing_badges.is_empty() {
        badge::Entity::delete_many()
            .filter(badge::Column::PersonId.is_in(releasing_badges))
            .exec(txn)
            .await?;
    }
    for update in &plan.update {
        let mut row = person::Entity::update_many()
            .filter(person::Column::Id.eq(update.person_id))
            .filter(person::Column::OrganisationId.eq(organisation_id));
        let mut fields = Vec::new();
        let mut detail = serde_json::Map::new();
        detail.insert("source".into(), "directory".into());
        let mut changed = false;
        if let Some(key) = &update.link {
            row = row.col_expr(person::Column::DirectoryKey, Expr::value(key.clone()));
            fields.push("directory_key");
            changed = true;
        }
        if let Some(name) = &update.set_name {
            row = row.col_expr(person::Column::DisplayName, Expr::value(name.clone()));
            fields.push("display_name");
            changed = true;
        }
        if let Some(email) = &update.set_email {
            row = row.col_expr(person::Column::Email, Expr::value(email.clone()));
            fields.push("email");
            changed = true;
        }
        if let Some(moved) = &update.set_unit {
            row = row.col_expr(person::Column::UnitId, Expr::value(moved.to_id));
            fields.push("unit");
            changed = true;
        }
        if update.reactivate {
            row = row.col_expr(person::Column::Active, Expr::value(true));
            changed = true;
        }
        if changed {
            row.exec(txn).await?;
        }
        if let Some(badges) = &update.set_badges {
            insert_badges(txn, update.person_id, badges, now).await?;
            fields.push("badges");
        }
        if !fields.is_empty() {
            detail.insert("fields".into(), serde_json::json!(fields));
            audit(
                txn,
                organisation_id,
                "people.changed",
                "person",
                update.person_id,
                serde_json::Value::Object(detail),
                now,
            )
            .await?;
        }
        if let Some(roles) = &update.set_roles {
            person_role::Entity::delete_many()
                .filter(person_role::Column::PersonId.eq(update.person_id))
                .filter(person_role::Column::Role.is_in(GRANTABLE))
                .exec(txn)
                .await?;
            insert_roles(txn, update.person_id, roles).await?;
            let codes: Vec<&str> = roles
                .iter()
                .map(|r| crate::account::role_code(*r))
                .collect();
            audit(
                txn,
                organisation_id,
                "people.roles_changed",
                "person",
                update.person_id,
                serde_json::json!({ "source": "directory", "roles": codes }),
                now,
            )
            .await?;
        }
        if update.reactivate {
            audit(
                txn,
                organisation_id,
                "people.reactivated",
                "person",
                update.person_id,
                serde_json::json!({ "source": "directory" }),
                now,
            )
            .await?;
        }
        progress.advance(1);
    }
    for joiner in &plan.create {
        let created = person::ActiveModel {
            organisation_id: Set(organisation_id),
            unit_id: Set(joiner.unit.as_ref().map(|(id, _)| *id)),
            display_name: Set(joiner.name.clone()),
            email: Set(joiner.email.clone()),
            locale: Set(Locale::De),
            share_location: Set(false),
            active: Set(true),
            anonymised: Set(false),
            demo: Set(false),
            created_at: Set(now),
            needs_accessible_desk: Set(false),
            directory_key: Set(Some(joiner.key.clone())),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        insert_roles(txn, created.id, &joiner.roles).await?;
        insert_badges(txn, created.id, &joiner.badges, now).await?;
        audit(
            txn,
            organisation_id,
            "people.person_created",
            "person",
            created.id,
            serde_json::json!({ "source": "directory" }),
            now,
        )
        .await?;
        progress.advance(1);
    }
    let mut ended = Ended::default();
    for leaver in &plan.deactivate {
        // The person's row first, as an administrator's deactivation does: a booking of
        // theirs being written waits for this transaction, and then sees them inactive.
        person::Entity::update_many()
            .col_expr(person::Column::Active, Expr::value(false))
            .filter(person::Column::Id.eq(leaver.person_id))
            .filter(person::Column::OrganisationId.eq(organisation_id))
            .exec(txn)
            .await?;
        let these = end_everything(txn, topology, leaver.person_id, now).await?;
        audit(
            txn,
            organisation_id,
            "people.deactivated",
            "person",
            leaver.person_id,
            serde_json::json!({
                "source": "directory",
                "sessions": these.sessions,
                "tokens": these.tokens,
                "passkeys": these.passkeys,
                "badges": these.badges,
                "desk_bookings": these.desk_bookings,
                "room_reservations": these.room_reservations,
                "desk_requests": these.desk_requests,
            }),
            now,
        )
        .await?;
        ended.sessions += these.sessions;
        ended.tokens += these.tokens;
        ended.passkeys += these.passkeys;
        ended.badges += these.badges;
        ended.desk_bookings += these.desk_bookings;
        ended.room_reservations += these.room_reservations;
        ended.desk_requests += these.desk_requests;
        progress.advance(1);
    }
    Ok(ended)
}

async fn insert_roles(
    txn: &DatabaseTransaction,
    person_id: i32,
    roles: &[Role],
) -> Result<(), DbErr> {
    for role in roles {
        person_role::Entity::insert(person_role::ActiveModel {
            person_id: Set(person_id),
            role: Set(*role),
        })
        .on_conflict(
            OnConflict::columns([person_role::Column::PersonId, person_role::Column::Role])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

async fn insert_badges(
    txn: &DatabaseTransaction,
    person_id: i32,
    badges: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for hash in badges {
        badge::Entity::insert(badge::ActiveModel {
            person_id: Set(person_id),
            badge_hash: Set(hash.clone()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// An audit row of the directory sync (no actor: the directory did it).
async fn audit(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    action: &str,
    entity: &str,
    entity_id: i32,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    crate::audit::write(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_person_id: Set(None),
            organisation_id: Set(Some(organisation_id)),
            action: Set(action.to_owned()),
            entity: Set(entity.to_owned()),
            entity_id: Set(Some(entity_id.to_string())),
            detail: Set(Some(detail)),
            ..Default::default()
        },
    )
    .await
}

/// Records that a run of organisation `organisation_id`'s sync started at `now`.
pub async fn run_started(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    directory_sync::Entity::insert(directory_sync::ActiveModel {
        organisation_id: Set(organisation_id),
        started_at: Set(now),
        finished_at: Set(None),
        outcome: Set(directory_sync::RUNNING.to_owned()),
    })
    .on_conflict(
        OnConflict::column(directory_sync::Column::OrganisationId)
            .update_columns([
                directory_sync::Column::StartedAt,
                directory_sync::Column::FinishedAt,
                directory_sync::Column::Outcome,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Records how the run of organisation `organisation_id`'s sync ended
/// ([`directory_sync::OK`], [`directory_sync::FAILED`], [`directory_sync::REFUSED`]).
pub async fn run_finished(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    outcome: &'static str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    directory_sync::Entity::update_many()
        .col_expr(directory_sync::Column::FinishedAt, Expr::value(now))
        .col_expr(directory_sync::Column::Outcome, Expr::value(outcome))
        .filter(directory_sync::Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await?;
    Ok(())
}

/// When organisation `organisation_id`'s sync last started, if ever.
pub async fn last_started(
    db: &impl ConnectionTrait,
    organisation_id: i32,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(directory_sync::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
        .map(|row| row.started_at))
}
