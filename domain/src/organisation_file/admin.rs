//! An organisation file imported by an organisation administrator (the admin page
//! `/admin/import` and `POST /api/v1/organisations/{slug}/import`): the same check and the
//! same all-or-nothing transaction as `platzwahl import`, restricted to what the administrator
//! may do, and in two steps.
//!
//! - **Restricted.** Only the administrator's own organisation: a JSON file naming another is
//!   refused at `organisation.slug`, and a unit or person of another organisation is refused
//!   without telling which one it is. No new zones for the organisation (the building
//!   administrators give them), no renaming it, and only the roles an organisation
//!   administrator may grant are granted or taken ([`crate::people::GRANTABLE`]); people
//!   holding a building-wide role keep theirs.
//! - **Previewed, then confirmed.** [`import`] with [`Step::Preview`] checks the file and
//!   says what would change, with the plan's fingerprint (SHA-256 of the checked file and of
//!   the changes). [`Step::Apply`] with that fingerprint writes exactly that plan: when the
//!   file or the organisation changed in between, so that the plan differs, nothing is written
//!   ([`OrganisationFileError::Changed`]). Changing the roles of somebody already there needs a
//!   passkey confirmation within the last five minutes, as in the people pages.

use entities::{organisation, person};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

use super::check::{self, FileKind};
use super::format::OrganisationHeader;
use super::{OrganisationFileError, Quiet};
use crate::auth::{Permission, Principal};
use crate::structure::Problem;
use crate::structure::import::Changes;
use wire::model::LineError;
use wire::model::org_import::ImportPlan;

/// The largest file accepted, in bytes (about 100,000 people).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// What an organisation administrator's import is held to (see [`import`]).
#[derive(Debug, Clone)]
pub struct Restriction {
    /// The administrator.
    pub(crate) principal: Principal,
    /// Their organisation, as stored.
    pub(crate) organisation: OrganisationHeader,
    /// Their own e-mail address (they do not take their own administrator role).
    pub(crate) own_email: Option<String>,
    /// The fingerprint of the previewed plan, when applying.
    pub(crate) expected: Option<String>,
}

impl Restriction {
    /// Lets the writing begin (inside the import's transaction `txn`, after the plan is made):
    /// the plan is the one previewed, and a change of roles has a fresh passkey confirmation.
    pub(crate) async fn admit(
        &self,
        txn: &impl ConnectionTrait,
        plan: &str,
        roles_change: bool,
    ) -> Result<(), OrganisationFileError> {
        if self
            .expected
            .as_deref()
            .is_some_and(|expected| expected != plan)
        {
            return Err(OrganisationFileError::Changed);
        }
        if roles_change {
            crate::auth::require_step_up(txn, &self.principal)
                .await
                .map_err(|err| match err {
                    crate::error::Error::Database(err) => OrganisationFileError::Database(err),
                    _ => OrganisationFileError::StepUpRequired,
                })?;
        }
        Ok(())
    }
}

/// Which step of an administrator's import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Check the file and say what would change; write nothing.
    Preview,
    /// Write the changes; with `Some(plan)` only when they are those of the preview whose
    /// fingerprint is `plan`.
    Apply(Option<String>),
}

/// What an administrator's import would change or changed.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The organisation's slug.
    pub organisation: String,
    /// Which kind of file was read.
    pub kind: FileKind,
    /// What changes, kind by kind (organisation imports never remove anything).
    pub changes: Changes,
    /// The plan's fingerprint, for [`Step::Apply`].
    pub plan: String,
    /// Whether the changes were written.
    pub applied: bool,
    /// Whether applying needs a passkey confirmation within the last five minutes (the roles
    /// of somebody already there change).
    pub needs_step_up: bool,
}

/// Whether `bytes` look like JSON (their first character, after a byte order mark and
/// white space, opens an object or a list) rather than CSV.
pub(crate) fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['))
}

/// The name of a kind of file, as the problems say it.
fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Json => "an organisation file (JSON)",
        FileKind::PeopleCsv => "a people CSV (email,name,unit,roles,badges)",
        FileKind::UnitsCsv => "a units CSV (unit,name,home_zones)",
    }
}

/// Imports the organisation file `bytes` into `principal`'s organisation, as an
/// organisation administrator may (see the module's description): `kind` is what the
/// administrator says the file is (`None`: JSON or CSV by its first character, a CSV's header
/// telling people from units). Every problem of the file comes at once, with its line and
/// field, as [`OrganisationFileError::Invalid`]; then, and on every other error, nothing is
/// written.
#[tracing::instrument(skip_all, fields(actor = principal.person_id, bytes = bytes.len()))]
pub async fn import(
    db: &DatabaseConnection,
    principal: &Principal,
    bytes: &[u8],
    kind: Option<FileKind>,
    step: Step,
) -> Result<Preview, OrganisationFileError> {
    for permission in [Permission::ManagePeople, Permission::ManageUnits] {
        principal
            .require(permission)
            .map_err(|_| OrganisationFileError::Forbidden)?;
    }
    if bytes.len() > MAX_BYTES {
        return Err(OrganisationFileError::Invalid(vec![Problem {
            line: None,
            path: String::new(),
            field: String::new(),
            message: format!(
                "the file has {} bytes; at most {MAX_BYTES} are imported at once, split it",
                bytes.len()
            ),
        }]));
    }
    let own = organisation::Entity::find_by_id(principal.organisation_id)
        .one(db)
        .await?
        .ok_or(OrganisationFileError::Forbidden)?;
    let own_email = person::Entity::find_by_id(principal.person_id)
        .one(db)
        .await?
        .and_then(|p| p.email);
    let json = match kind {
        Some(kind) => kind == FileKind::Json,
        None => looks_like_json(bytes),
    };
    let mut reading = if json {
        check::read_json(bytes)
    } else {
        check::read_csv(bytes)
    }
    .map_err(OrganisationFileError::Invalid)?;
    if let Some(wanted) = kind
        && wanted != reading.kind()
    {
        reading.add_problem(Problem {
            line: Some(1),
            path: String::new(),
            field: String::new(),
            message: format!(
                "this is {}, not {}: choose the kind of file again",
                kind_name(reading.kind()),
                kind_name(wanted)
            ),
        });
    }
    let restriction = Restriction {
        principal: principal.clone(),
        organisation: OrganisationHeader {
            slug: own.slug.clone(),
            name: own.name,
        },
        own_email,
        expected: match &step {
            Step::Preview => None,
            Step::Apply(plan) => plan.clone(),
        },
    };
    reading.restrict_to(&restriction);
    let kind = reading.kind();
    let ran = super::import::run(
        db,
        reading,
        None,
        step == Step::Preview,
        &Quiet,
        Some(&restriction),
    )
    .await?;
    Ok(Preview {
        organisation: own.slug,
        kind,
        needs_step_up: ran.roles_change && !ran.outcome.changes.is_empty(),
        changes: ran.outcome.changes,
        plan: ran.plan,
        applied: ran.outcome.applied,
    })
}

/// The code of a kind of file: `json`, `people`, `units`.
#[must_use]
pub fn kind_code(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Json => "json",
        FileKind::PeopleCsv => "people",
        FileKind::UnitsCsv => "units",
    }
}

/// The kind of file of a code ([`kind_code`]).
#[must_use]
pub fn kind_of_code(code: &str) -> Option<FileKind> {
    [FileKind::Json, FileKind::PeopleCsv, FileKind::UnitsCsv]
        .into_iter()
        .find(|kind| kind_code(*kind) == code)
}

impl Preview {
    /// The preview as the page and the API show it.
    #[must_use]
    pub fn view(&self) -> ImportPlan {
        let ([created, changed, removed, kept, unchanged], changes) =
            crate::structure::admin::changes_view(&self.changes);
        ImportPlan {
            organisation: self.organisation.clone(),
            kind: kind_code(self.kind).to_owned(),
            applied: self.applied,
            plan: self.plan.clone(),
            needs_step_up: self.needs_step_up,
            created,
            changed,
            removed,
            kept,
            unchanged,
            changes,
        }
    }
}

/// The problems of a file as lines and fields (line 0: the file as a whole; the field is the
/// JSON path, such as `people[3].roles`, or the CSV column).
#[must_use]
pub fn line_errors(problems: &[Problem]) -> Vec<LineError> {
    problems
        .iter()
        .map(|p| LineError {
            line: p
                .line
                .map_or(0, |line| u64::try_from(line).unwrap_or(u64::MAX)),
            field: if p.path.is_empty() {
                p.field.clone()
            } else {
                p.path.clone()
            },
            message: p.message.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use entities::enums::Role;
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};

    use super::super::format::OrganisationFile;
    use super::super::tests::{bytes, fresh, person, small};
    use super::*;
    use crate::auth::Via;

    /// The city (`stadt`, with its administrator `chefin@stadt.example`) and the Jobcenter
    /// (`jobcenter`, administrator `leitung@jobcenter.example`), imported as the command line
    /// does; the city's file.
    async fn two_organisations(db: &DatabaseConnection) -> OrganisationFile {
        let mut city = small();
        city.people.push(person(
            "chefin@stadt.example",
            None,
            &["employee", "org_admin"],
        ));
        super::super::import(db, &bytes(&city), false, &Quiet)
            .await
            .map_err(|e| e.to_string())
            .ok();
        let jobcenter = OrganisationFile {
            organisation: OrganisationHeader {
                slug: "jobcenter".to_owned(),
                name: "Jobcenter".to_owned(),
            },
            granted_zones: vec!["z2".to_owned()],
            units: vec![],
            people: vec![person(
                "leitung@jobcenter.example",
                None,
                &["employee", "org_admin"],
            )],
            deputies: vec![],
        };
        super::super::import(db, &bytes(&jobcenter), false, &Quiet)
            .await
            .map_err(|e| e.to_string())
            .ok();
        city
    }

    async fn admin(db: &DatabaseConnection, email: &str) -> Principal {
        let found = person::Entity::find()
            .filter(person::Column::Email.eq(email))
            .one(db)
            .await
            .ok()
            .flatten();
        let (person_id, organisation_id) = found.map_or((0, 0), |p| (p.id, p.organisation_id));
        Principal {
            person_id,
            organisation_id,
            unit_id: None,
            roles: vec![Role::Employee, Role::OrgAdmin],
            via: Via::Session(0),
        }
    }

    async fn people(db: &DatabaseConnection) -> u64 {
        person::Entity::find().count(db).await.unwrap_or(0)
    }

    fn problems(result: Result<Preview, OrganisationFileError>) -> Vec<Problem> {
        match result {
            Err(OrganisationFileError::Invalid(problems)) => problems,
            other => panic!("not refused for its problems: {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_preview_changes_nothing_and_its_plan_is_applied_once() {
        let db = fresh().await;
        let mut city = two_organisations(&db).await;
        let chefin = admin(&db, "chefin@stadt.example").await;
        city.people
            .push(person("neu@stadt.example", Some("bau"), &["employee"]));
        let before = people(&db).await;
        let preview = import(&db, &chefin, &bytes(&city), None, Step::Preview).await;
        let Ok(preview) = preview else {
            panic!("{preview:?}");
        };
        assert!(!preview.applied);
        assert!(!preview.needs_step_up);
        assert_eq!(
            preview.changes.of("people").map(|p| p.created.clone()),
            Some(vec!["neu@stadt.example".to_owned()])
        );
        assert_eq!(people(&db).await, before, "a preview writes nothing");

        let step = Step::Apply(Some(preview.plan.clone()));
        let applied = import(&db, &chefin, &bytes(&city), None, step.clone()).await;
        assert!(applied.is_ok_and(|a| a.applied));
        assert_eq!(people(&db).await, before + 1);
        // The audit entry names the administrator who imported it.
        let audited = entities::audit_log::Entity::find()
            .filter(entities::audit_log::Column::Action.eq(super::super::import::AUDIT_ACTION))
            .filter(entities::audit_log::Column::ActorPersonId.eq(chefin.person_id))
            .count(&db)
            .await
            .unwrap_or(0);
        assert_eq!(audited, 1);
        // The same confirmation again: the plan is no longer the previewed one.
        let again = import(&db, &chefin, &bytes(&city), None, step).await;
        assert!(
            matches!(again, Err(OrganisationFileError::Changed)),
            "{again:?}"
        );
    }

    #[tokio::test]
    async fn another_organisations_file_is_refused_at_its_slug_and_nothing_changes() {
        let db = fresh().await;
        let mut city = two_organisations(&db).await;
        let leitung = admin(&db, "leitung@jobcenter.example").await;
        city.people
            .push(person("neu@stadt.example", None, &["employee"]));
        let before = people(&db).await;
        let found = problems(import(&db, &leitung, &bytes(&city), None, Step::Apply(None)).await);
        assert!(
            found
                .iter()
                .any(|p| p.path == "organisation.slug" && p.line == Some(3)),
            "{found:?}"
        );
        assert_eq!(people(&db).await, before);

        // A people CSV naming the city's people and unit: refused, without naming the city.
        let csv = "email,name,unit,roles,badges\n\
                   anna@stadt.example,Anna,,employee,\n\
                   neu@jobcenter.example,Neu,bau,employee,\n";
        let found = problems(
            import(
                &db,
                &leitung,
                csv.as_bytes(),
                Some(FileKind::PeopleCsv),
                Step::Apply(None),
            )
            .await,
        );
        assert!(
            found
                .iter()
                .any(|p| p.line == Some(2) && p.field == "email"),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.line == Some(3) && p.field == "unit"),
            "{found:?}"
        );
        assert!(
            found.iter().all(|p| !p.message.contains("stadt\"")),
            "{found:?}"
        );
        assert_eq!(people(&db).await, before);
    }

    #[tokio::test]
    async fn roles_zones_and_names_beyond_an_organisation_administrator_are_refused() {
        let db = fresh().await;
        let mut city = two_organisations(&db).await;
        let chefin = admin(&db, "chefin@stadt.example").await;
        city.organisation.name = "Stadt Wuppertal".to_owned();
        city.granted_zones.push("z3".to_owned());
        city.people
            .push(person("fm@stadt.example", None, &["facility_manager"]));
        if let Some(me) = city
            .people
            .iter_mut()
            .find(|p| p.email == "chefin@stadt.example")
        {
            me.roles = vec!["employee".to_owned()];
        }
        let found = problems(import(&db, &chefin, &bytes(&city), None, Step::Preview).await);
        let fields: Vec<&str> = found.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"name"), "{found:?}");
        assert!(fields.contains(&"granted_zones"), "{found:?}");
        assert_eq!(
            found.iter().filter(|p| p.field == "roles").count(),
            2,
            "the facility manager and the own administrator role: {found:?}"
        );
        assert!(found.iter().all(|p| p.line.is_some()), "{found:?}");
    }

    #[tokio::test]
    async fn changing_the_roles_of_people_there_needs_a_fresh_passkey_confirmation() {
        let db = fresh().await;
        let mut city = two_organisations(&db).await;
        let chefin = admin(&db, "chefin@stadt.example").await;
        if let Some(anna) = city
            .people
            .iter_mut()
            .find(|p| p.email == "anna@stadt.example")
        {
            anna.roles.push("unit_lead".to_owned());
        }
        let preview = import(&db, &chefin, &bytes(&city), None, Step::Preview).await;
        assert!(preview.is_ok_and(|p| p.needs_step_up));
        let applied = import(&db, &chefin, &bytes(&city), None, Step::Apply(None)).await;
        assert!(
            matches!(applied, Err(OrganisationFileError::StepUpRequired)),
            "{applied:?}"
        );
    }

    #[tokio::test]
    async fn a_csv_of_the_other_kind_is_a_problem_at_its_header() {
        let db = fresh().await;
        two_organisations(&db).await;
        let chefin = admin(&db, "chefin@stadt.example").await;
        let found = problems(
            import(
                &db,
                &chefin,
                b"unit,name,home_zones\nneu,Neu,\n",
                Some(FileKind::PeopleCsv),
                Step::Preview,
            )
            .await,
        );
        assert!(found.iter().any(|p| p.line == Some(1)), "{found:?}");
    }

    #[test]
    fn json_is_told_from_csv_by_its_first_character() {
        assert!(looks_like_json(b"\xef\xbb\xbf  \n{\"organisation\": {}}"));
        assert!(looks_like_json(b"[]"));
        assert!(!looks_like_json(b"email,name,unit,roles,badges\n"));
        assert!(!looks_like_json(b""));
    }
}
