//! Directory sync (LDAP) against a real OpenLDAP (`tests::ldap`), with a generated
//! directory of 300 people, on SQLite and PostgreSQL, through the real `platzwahl` binary
//! (`platzwahl directory sync stadt`, and the schedule inside `platzwahl serve`): joiners,
//! movers, leavers and returners, changed names, addresses, badges and groups; a dry run, a
//! broken filter, an unknown base DN, an unreachable directory, a directory that returns
//! nobody and one that drops too many people change nothing; TLS (ldaps and StartTLS) is
//! checked against the test CA; a leaver's API token stops working.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::path::PathBuf;

use entities::enums::{Locale, Role};
use entities::{api_token, audit_log, badge, organisation, person, person_role, unit};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use tests::db::{Backend, TestDatabase};
use tests::ldap::{self, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, Slapd};
use tests::server::run_command;

/// People in the generated directory.
const COUNT: usize = 300;
/// The entry whose address a person of the Jobcenter has: skipped, never created.
const CLASH: &str = "p0299";

/// A directory, a database with the organisations `stadt` (units `amt-33`, `amt-51`,
/// `amt-70`) and `jobcenter`, and what the test wrote.
struct World {
    slapd: Slapd,
    db: DatabaseConnection,
    url: String,
    people: Vec<ldap::Person>,
    password_file: PathBuf,
}

/// How the sync reaches the directory and what it asks for.
#[derive(Clone)]
struct Config {
    url: String,
    ca: bool,
    allow_plain: bool,
    base: String,
    filter: String,
    interval_min: Option<u32>,
}

impl World {
    /// The default: StartTLS on `ldap://127.0.0.1`, the test CA, people not marked `left`.
    fn config(&self) -> Config {
        Config {
            url: format!("ldap://127.0.0.1:{}", self.slapd.port),
            ca: true,
            allow_plain: false,
            base: PEOPLE.to_owned(),
            filter: "(&(objectClass=inetOrgPerson)(!(employeeType=left)))".to_owned(),
            interval_min: None,
        }
    }

    /// Writes `config` as a settings file; its path.
    fn write(&self, config: &Config) -> PathBuf {
        let ca = if config.ca {
            format!("ca_file = {:?}\n", self.slapd.ca_file.display().to_string())
        } else {
            String::new()
        };
        let interval = config
            .interval_min
            .map(|m| format!("interval_min = {m}\n"))
            .unwrap_or_default();
        let text = format!(
            "[[directories]]\norganisation = \"stadt\"\nurl = {url:?}\nallow_plain = {plain}\n{ca}\
             bind_dn = {SERVICE_DN:?}\nbind_password_file = {pw:?}\nbase_dn = {base:?}\n\
             filter = {filter:?}\nbadge_attribute = \"employeeNumber\"\n{interval}\n\
             [directories.units]\n\"33\" = \"amt-33\"\n\"51\" = \"amt-51\"\n\n\
             [directories.roles]\n\
             \"cn=beratung,ou=groups,dc=stadt,dc=example\" = \"counsellor\"\n\
             \"CN=Platzwahl-Admins,ou=groups,dc=stadt,dc=example\" = \"org_admin\"\n",
            url = config.url,
            plain = config.allow_plain,
            pw = self.password_file.display().to_string(),
            base = config.base,
            filter = config.filter,
        );
        let name = format!("platzwahl-{:x}.toml", fnv1a(&text));
        self.slapd.file(&name, &text)
    }

    /// Runs `platzwahl --config … directory sync stadt EXTRA…`; success and output.
    fn sync(&self, config: &Config, extra: &[&str]) -> (bool, String) {
        let file = self.write(config);
        let file = file.display().to_string();
        let mut args = vec!["--config", file.as_str(), "directory", "sync", "stadt"];
        args.extend_from_slice(extra);
        run_command(&args, &self.url)
    }

    /// [`World::sync`] that must succeed; its output.
    fn sync_ok(&self, config: &Config, extra: &[&str]) -> String {
        let (ok, output) = self.sync(config, extra);
        assert!(ok, "the sync failed: {output}");
        output
    }

    fn person(&self, uid: &str) -> &ldap::Person {
        self.people.iter().find(|p| p.uid == uid).unwrap()
    }
}

/// A stable file name for a configuration text.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Runs `scenario` with a fresh world on `backend`; the database is removed afterwards.
async fn with_world<F, Fut>(backend: Backend, scenario: F)
where
    F: FnOnce(World) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    if !ldap::available() {
        return;
    }
    let Some(database) = TestDatabase::create(backend).await else {
        return;
    };
    Migrator::up(database.connection(), None).await.unwrap();
    seed(database.connection()).await;
    let slapd = Slapd::start();
    let people = ldap::people(COUNT);
    let ldif: Vec<String> = people.iter().map(ldap::Person::ldif).collect();
    slapd.add(&ldif.join("\n"));
    slapd.add(&ldap::groups_ldif(&people));
    let password_file = slapd.file("bind-password", &format!("{SERVICE_PASSWORD}\n"));
    let world = World {
        slapd,
        db: database.connection().clone(),
        url: database.url().to_owned(),
        people,
        password_file,
    };
    let outcome = tokio::spawn(scenario(world)).await;
    database.remove().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the scenario did not finish: {error}"),
        }
    }
}

/// The organisations and units, a person of `stadt` created by hand before the directory
/// (linked by address), and a person of the Jobcenter holding the address of [`CLASH`].
async fn seed(db: &DatabaseConnection) {
    let stadt = organisation::ActiveModel {
        slug: Set("stadt".into()),
        name: Set("Stadt".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let jobcenter = organisation::ActiveModel {
        slug: Set("jobcenter".into()),
        name: Set("Jobcenter".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for (org, slug) in [
        (stadt.id, "amt-33"),
        (stadt.id, "amt-51"),
        (stadt.id, "amt-70"),
        (jobcenter.id, "jc-1"),
    ] {
        unit::ActiveModel {
            organisation_id: Set(org),
            slug: Set(slug.into()),
            name: Set(slug.to_uppercase()),
            closed: Set(false),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    for (org, name, email) in [
        (stadt.id, "Cem Von Hand", "p0002@stadt.example"),
        (
            jobcenter.id,
            "Jana Jobcenter",
            &format!("{CLASH}@stadt.example") as &str,
        ),
    ] {
        let created = person::ActiveModel {
            organisation_id: Set(org),
            unit_id: Set(None),
            display_name: Set(name.into()),
            email: Set(Some(email.into())),
            locale: Set(Locale::De),
            share_location: Set(false),
            active: Set(true),
            anonymised: Set(false),
            demo: Set(false),
            created_at: Set(chrono::Utc::now()),
            needs_accessible_desk: Set(false),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        person_role::ActiveModel {
            person_id: Set(created.id),
            role: Set(Role::Employee),
        }
        .insert(db)
        .await
        .unwrap();
    }
}

async fn organisation_id(db: &DatabaseConnection, slug: &str) -> i32 {
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The person with address `email`.
async fn by_email(db: &DatabaseConnection, email: &str) -> person::Model {
    person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("nobody has {email}"))
}

/// The person carrying the directory key `key`.
async fn by_key(db: &DatabaseConnection, key: &str) -> person::Model {
    person::Entity::find()
        .filter(person::Column::DirectoryKey.eq(key))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("nobody has the key {key}"))
}

async fn roles(db: &DatabaseConnection, person_id: i32) -> Vec<Role> {
    let mut roles: Vec<Role> = person_role::Entity::find()
        .filter(person_role::Column::PersonId.eq(person_id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.role)
        .collect();
    roles.sort_by_key(|r| *r as u8);
    roles
}

async fn unit_of(db: &DatabaseConnection, person: &person::Model) -> Option<String> {
    match person.unit_id {
        Some(id) => unit::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .map(|u| u.slug),
        None => None,
    }
}

async fn badges(db: &DatabaseConnection, person_id: i32) -> Vec<String> {
    badge::Entity::find()
        .filter(badge::Column::PersonId.eq(person_id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.badge_hash)
        .collect()
}

/// Active people of `stadt`.
async fn active(db: &DatabaseConnection) -> u64 {
    let stadt = organisation_id(db, "stadt").await;
    person::Entity::find()
        .filter(person::Column::OrganisationId.eq(stadt))
        .filter(person::Column::Active.eq(true))
        .count(db)
        .await
        .unwrap()
}

/// Everything a sync may change, as text: people, roles, badges, tokens and the audit log.
async fn snapshot(db: &DatabaseConnection) -> String {
    let people = person::Entity::find()
        .order_by_asc(person::Column::Id)
        .all(db)
        .await
        .unwrap();
    let roles = person_role::Entity::find()
        .order_by_asc(person_role::Column::PersonId)
        .all(db)
        .await
        .unwrap();
    let badges = badge::Entity::find()
        .order_by_asc(badge::Column::Id)
        .all(db)
        .await
        .unwrap();
    let tokens = api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await
        .unwrap();
    let audit = audit_log::Entity::find().count(db).await.unwrap();
    format!("{people:?}\n{roles:?}\n{badges:?}\n{tokens:?}\naudit {audit}")
}

/// One test per scenario and backend, each with its own world.
macro_rules! on_both_backends_with {
    ($with:ident; $($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$with(tests::db::Backend::Sqlite, super::$scenario).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::$with(tests::db::Backend::Postgres, super::$scenario).await;
                }
            )*
        }
    };
}

on_both_backends_with!(
    with_world;
    joiners_movers_leavers_and_returners_follow_the_directory,
    a_broken_filter_a_wrong_base_or_an_unreachable_directory_changes_nothing,
    the_safety_keeps_a_broken_directory_from_deactivating_people,
    tls_is_checked_against_the_configured_ca,
    the_schedule_syncs_in_serve_and_a_leavers_token_stops_working,
);

async fn joiners_movers_leavers_and_returners_follow_the_directory(world: World) {
    let db = &world.db;
    let config = world.config();
    let before = snapshot(db).await;

    // A dry run shows everything and changes nothing.
    let output = world.sync_ok(&config, &["--dry-run"]);
    assert!(output.contains("dry run: nothing was changed"), "{output}");
    assert!(output.contains("created 298,"), "{output}");
    assert!(output.contains("linked 1,"), "{output}");
    assert_eq!(snapshot(db).await, before, "a dry run changed something");

    // The first run: 298 joiners, the person made by hand linked by address, the entry
    // whose address a Jobcenter person has skipped.
    let output = world.sync_ok(&config, &[]);
    assert!(
        output.contains("synchronised in one transaction"),
        "{output}"
    );
    assert!(output.contains("created 298,"), "{output}");
    assert!(output.contains("problems 1"), "{output}");
    assert!(
        output.contains(&format!("uid={CLASH},{PEOPLE}")),
        "the skipped entry is named: {output}"
    );
    assert_eq!(active(db).await, 299);
    let by_hand = by_email(db, "p0002@stadt.example").await;
    assert_eq!(
        by_hand.directory_key.as_deref(),
        Some(world.slapd.entry_uuid(&world.person("p0002").dn()).as_str())
    );
    assert_eq!(by_hand.display_name, world.person("p0002").name());
    let jana = by_email(db, &format!("{CLASH}@stadt.example")).await;
    assert_eq!(
        jana.display_name, "Jana Jobcenter",
        "another organisation's person"
    );
    assert_eq!(jana.organisation_id, organisation_id(db, "jobcenter").await);
    assert!(jana.directory_key.is_none() && jana.active);

    // Units by the mapping or by slug, roles from the groups, badges.
    let p0 = by_email(db, "p0000@stadt.example").await;
    assert_eq!(unit_of(db, &p0).await.as_deref(), Some("amt-33"));
    assert_eq!(roles(db, p0.id).await, [Role::Employee, Role::Counsellor]);
    let p1 = by_email(db, "p0001@stadt.example").await;
    assert_eq!(unit_of(db, &p1).await.as_deref(), Some("amt-51"));
    assert_eq!(roles(db, p1.id).await, [Role::Employee, Role::OrgAdmin]);
    let p5 = by_email(db, "p0005@stadt.example").await;
    assert_eq!(unit_of(db, &p5).await.as_deref(), Some("amt-70"));
    assert_eq!(roles(db, p5.id).await, [Role::Employee]);
    assert_eq!(
        badges(db, p5.id).await,
        [domain::checkin::badge_hash("B-0005")]
    );

    // Nothing changed in the directory: nothing changes.
    let settled = snapshot(db).await;
    let output = world.sync_ok(&config, &[]);
    assert!(output.contains("nothing to change"), "{output}");
    assert!(output.contains("unchanged 299"), "{output}");
    assert_eq!(snapshot(db).await, settled);

    // A mover, a changed name, address and badge, a new group member, two leavers (one
    // deleted, one marked as left).
    let slapd = &world.slapd;
    slapd.modify(&format!(
        "dn: {}\nchangetype: modify\nreplace: departmentNumber\ndepartmentNumber: amt-70\n",
        world.person("p0003").dn()
    ));
    slapd.modify(&format!(
        "dn: {}\nchangetype: modify\nreplace: displayName\ndisplayName: Emil Neumann\n-\n\
         replace: mail\nmail: emil.neumann@stadt.example\n-\nreplace: employeeNumber\n\
         employeeNumber: B-9999\n",
        world.person("p0004").dn()
    ));
    slapd.modify(&format!(
        "dn: cn=platzwahl-admins,ou=groups,{}\nchangetype: modify\nadd: member\nmember: {}\n",
        ldap::BASE,
        world.person("p0007").dn()
    ));
    let leaver_key = slapd.entry_uuid(&world.person("p0006").dn());
    slapd.delete(&world.person("p0006").dn());
    slapd.modify(&format!(
        "dn: {}\nchangetype: modify\nadd: employeeType\nemployeeType: left\n",
        world.person("p0008").dn()
    ));
    let p4 = by_email(db, "p0004@stadt.example").await;

    let unchanged = snapshot(db).await;
    let output = world.sync_ok(&config, &["--dry-run"]);
    assert!(output.contains("moved 1,"), "{output}");
    assert!(output.contains("deactivated 2,"), "{output}");
    assert!(output.contains("unit amt-33 → amt-70"), "{output}");
    assert_eq!(snapshot(db).await, unchanged, "a dry run changed something");

    let output = world.sync_ok(&config, &[]);
    assert!(output.contains("moved 1,"), "{output}");
    assert!(output.contains("updated 1,"), "{output}");
    assert!(output.contains("roles changed 1,"), "{output}");
    assert!(output.contains("deactivated 2,"), "{output}");
    let p3 = by_email(db, "p0003@stadt.example").await;
    assert_eq!(unit_of(db, &p3).await.as_deref(), Some("amt-70"));
    let p4 = person::Entity::find_by_id(p4.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p4.display_name, "Emil Neumann");
    assert_eq!(p4.email.as_deref(), Some("emil.neumann@stadt.example"));
    assert_eq!(
        badges(db, p4.id).await,
        [domain::checkin::badge_hash("B-9999")]
    );
    let p7 = by_email(db, "p0007@stadt.example").await;
    assert_eq!(roles(db, p7.id).await, [Role::Employee, Role::OrgAdmin]);
    let gone = by_key(db, &leaver_key).await;
    assert!(!gone.active, "the deleted entry's person is deactivated");
    assert!(
        badges(db, gone.id).await.is_empty(),
        "a leaver's badge ends"
    );
    let left = by_email(db, "p0008@stadt.example").await;
    assert!(!left.active, "the entry marked as left is deactivated");
    assert_eq!(active(db).await, 297);

    // The one marked as left comes back: reactivated, not created again.
    slapd.modify(&format!(
        "dn: {}\nchangetype: modify\ndelete: employeeType\n",
        world.person("p0008").dn()
    ));
    let output = world.sync_ok(&config, &[]);
    assert!(output.contains("reactivated 1,"), "{output}");
    assert!(output.contains("created 0,"), "{output}");
    assert!(by_email(db, "p0008@stadt.example").await.active);
    assert_eq!(active(db).await, 298);
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("directory.synced"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(audit, 3, "one audit entry per run that changed something");
}

async fn a_broken_filter_a_wrong_base_or_an_unreachable_directory_changes_nothing(
    mut world: World,
) {
    let db = &world.db;
    let config = world.config();
    world.sync_ok(&config, &[]);
    // Somebody leaves, so that a run that got through would change something.
    world.slapd.delete(&world.person("p0010").dn());
    let before = snapshot(db).await;

    let broken = Config {
        filter: "(&(objectClass=inetOrgPerson)".to_owned(),
        ..config.clone()
    };
    let (ok, output) = world.sync(&broken, &[]);
    assert!(!ok, "a broken filter must fail: {output}");
    assert!(
        output.contains("directories[stadt].filter") && output.contains("nothing was changed"),
        "{output}"
    );
    assert_eq!(snapshot(db).await, before);

    let wrong_base = Config {
        base: "ou=nobody,dc=stadt,dc=example".to_owned(),
        ..config.clone()
    };
    let (ok, output) = world.sync(&wrong_base, &[]);
    assert!(!ok, "an unknown base DN must fail: {output}");
    assert!(output.contains("the search below ou=nobody"), "{output}");
    assert_eq!(snapshot(db).await, before);

    world.slapd.stop();
    let (ok, output) = world.sync(&config, &[]);
    assert!(!ok, "an unreachable directory must fail: {output}");
    assert!(
        output.contains("cannot reach the directory") && output.contains("nothing was changed"),
        "{output}"
    );
    assert_eq!(snapshot(db).await, before, "nobody was deactivated");
    assert_eq!(active(db).await, 299);
}

async fn the_safety_keeps_a_broken_directory_from_deactivating_people(world: World) {
    let db = &world.db;
    let config = world.config();
    world.sync_ok(&config, &[]);
    let before = snapshot(db).await;

    let nobody = Config {
        filter: "(employeeType=nobody)".to_owned(),
        ..config.clone()
    };
    let (ok, output) = world.sync(&nobody, &[]);
    assert!(!ok, "{output}");
    assert!(output.contains("the directory returned nobody"), "{output}");
    assert_eq!(snapshot(db).await, before);

    // A third of the people drop out of the filter: more than 10 % at once.
    let fewer = Config {
        filter: "(&(objectClass=inetOrgPerson)(!(departmentNumber=33)))".to_owned(),
        ..config.clone()
    };
    let (ok, output) = world.sync(&fewer, &[]);
    assert!(!ok, "{output}");
    assert!(output.contains("more than the 10 %"), "{output}");
    assert!(
        output.contains("deactivated 100,"),
        "the report says what would happen: {output}"
    );
    assert_eq!(snapshot(db).await, before);

    let output = world.sync_ok(&fewer, &["--force"]);
    assert!(output.contains("deactivated 100,"), "{output}");
    assert_eq!(active(db).await, 199);
}

async fn tls_is_checked_against_the_configured_ca(world: World) {
    let db = &world.db;
    let before = snapshot(db).await;
    // ldaps with the system's roots only: the test CA is unknown, nothing happens.
    let untrusted = Config {
        url: world.slapd.ldaps_url(),
        ca: false,
        ..world.config()
    };
    let (ok, output) = world.sync(&untrusted, &[]);
    assert!(!ok, "an unknown CA must fail: {output}");
    assert!(output.contains("cannot reach the directory"), "{output}");
    assert_eq!(snapshot(db).await, before);
    // StartTLS the same.
    let untrusted_starttls = Config {
        ca: false,
        ..world.config()
    };
    let (ok, output) = world.sync(&untrusted_starttls, &[]);
    assert!(!ok, "an unknown CA must fail with StartTLS too: {output}");
    assert_eq!(snapshot(db).await, before);

    // ldaps with the test CA.
    let ldaps = Config {
        url: world.slapd.ldaps_url(),
        ..world.config()
    };
    let output = world.sync_ok(&ldaps, &[]);
    assert!(output.contains("created 298,"), "{output}");
    // In clear only when allowed.
    let plain = Config {
        url: world.slapd.url(),
        allow_plain: true,
        ca: false,
        ..world.config()
    };
    let output = world.sync_ok(&plain, &[]);
    assert!(output.contains("unchanged 299"), "{output}");
}

async fn the_schedule_syncs_in_serve_and_a_leavers_token_stops_working(world: World) {
    let db = &world.db;
    let config = Config {
        interval_min: Some(60),
        ..world.config()
    };
    let file = world.write(&config);
    let server = tests::server::Server::start(tests::server::Options {
        database_url: Some(world.url.clone()),
        demo_off: true,
        env: vec![("PLATZWAHL_CONFIG".into(), file.display().to_string())],
        ..Default::default()
    });
    let mut done = false;
    for _ in 0..6 {
        if server.wait_for_log("scheduled directory sync done").await {
            done = true;
            break;
        }
    }
    assert!(done, "the scheduled sync did not run at start");
    assert_eq!(active(db).await, 299);

    let leaver = by_email(db, "p0009@stadt.example").await;
    let principal = domain::auth::load_principal(db, leaver.id, domain::auth::Via::Session(0))
        .await
        .unwrap()
        .unwrap();
    let token = domain::account::create_personal_token(
        db,
        &principal,
        "laptop",
        &[domain::auth::Scope::Read],
        Some(30),
    )
    .await
    .unwrap();
    assert_eq!(
        me(&server, &token.token).await,
        200,
        "the token works while they are there"
    );

    world.slapd.delete(&world.person("p0009").dn());
    // The next scheduled run is an hour away: run it by hand.
    let output = world.sync_ok(&config, &[]);
    assert!(output.contains("deactivated 1,"), "{output}");
    assert!(output.contains("tokens revoked: 1"), "{output}");
    assert_eq!(
        me(&server, &token.token).await,
        401,
        "a leaver's token stops working"
    );
    let (clean, log) = server.finish();
    assert!(clean, "the server stops cleanly");
    assert!(
        !log.contains(SERVICE_PASSWORD),
        "the bind password is never logged"
    );
    assert!(!log.contains("p0009"), "no person is named in the log");
}

/// The status of `GET /api/v1/me` with the personal access token `token`.
async fn me(server: &tests::server::Server, token: &str) -> u16 {
    reqwest::Client::new()
        .get(server.at("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Several instances on one PostgreSQL database: only PostgreSQL serves more than one.
#[tokio::test]
async fn postgres_two_instances_run_a_scheduled_sync_once() {
    with_world(Backend::Postgres, two_instances_run_a_scheduled_sync_once).await;
}

async fn two_instances_run_a_scheduled_sync_once(world: World) {
    let db = &world.db;
    let config = Config {
        interval_min: Some(60),
        ..world.config()
    };
    let file = world.write(&config).display().to_string();
    let options = |metrics: u16| tests::server::Options {
        database_url: Some(world.url.clone()),
        demo_off: true,
        env: vec![
            ("PLATZWAHL_CONFIG".into(), file.clone()),
            (
                "PLATZWAHL_METRICS_LISTEN".into(),
                format!("127.0.0.1:{metrics}"),
            ),
        ],
        ..Default::default()
    };
    let first = tests::server::Server::start(options(tests::server::free_port()));
    let mut done = false;
    for _ in 0..6 {
        if first.wait_for_log("scheduled directory sync done").await {
            done = true;
            break;
        }
    }
    assert!(done, "the first instance did not sync at start");
    let metrics = tests::server::free_port();
    let second = tests::server::Server::start(options(metrics));
    // The second instance looked, and found nothing due: its run of the job is counted.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let body = match reqwest::get(format!("http://127.0.0.1:{metrics}/metrics")).await {
            Ok(response) => response.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if body.lines().any(|line| {
            line.starts_with("platzwahl_job_runs_total")
                && line.contains("job=\"directory\"")
                && line.contains("outcome=\"ok\"")
        }) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the second instance never looked for due syncs: {body}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let runs = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("directory.synced"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(runs, 1, "one sync for two instances");
    assert_eq!(active(db).await, 299);
    let (clean, log) = second.finish();
    assert!(clean);
    assert!(
        !log.contains("scheduled directory sync done"),
        "the second instance synchronised again: {log}"
    );
    let (clean, _) = first.finish();
    assert!(clean);
}
