//! Export and import against an in-memory SQLite database: round trips (also of generated
//! organisations, in JSON and CSV), what an import keeps, and clashes with other
//! organisations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, EntityTrait};
use sea_orm_migration::MigratorTrait;

use super::format::{
    DeputyFile, HomeZoneFile, OrganisationFile, OrganisationHeader, PersonFile, PolicyFile,
    UnitFile,
};
use super::{OrganisationFileError, Quiet, export, import, import_csv, people_csv, units_csv};
use crate::structure::format::{BuildingFile, FloorFile, ZoneFile};

/// A migrated in-memory database holding a building with the zones `z0` … `z5`.
pub(super) async fn fresh() -> DatabaseConnection {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    migration::Migrator::up(&db, None).await.unwrap();
    let zones = (0..6)
        .map(|i| ZoneFile {
            slug: format!("z{i}"),
            name: format!("Zone {i}"),
            kind: "work".to_owned(),
            x: 0,
            y: 0,
            width: 10,
            height: 10,
            distance_to_lift_m: 0,
            next_to: vec![],
        })
        .collect();
    let building = BuildingFile {
        slug: "haus".to_owned(),
        name: "Haus".to_owned(),
        address: String::new(),
        timezone: "Europe/Berlin".to_owned(),
        site: None,
        floors: vec![FloorFile {
            level: 0,
            name: "EG".to_owned(),
            plan_width: 100,
            plan_height: 100,
            zones,
            desks: vec![],
            rooms: vec![],
        }],
        sensors: vec![],
        walkways: None,
    };
    let bytes = serde_json::to_vec(&building).unwrap();
    crate::structure::import(&db, &bytes, false).await.unwrap();
    db
}

pub(super) fn person(email: &str, unit: Option<&str>, roles: &[&str]) -> PersonFile {
    PersonFile {
        email: email.to_owned(),
        name: format!("Name of {email}"),
        unit: unit.map(str::to_owned),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        badges: vec![],
        locale: "de".to_owned(),
        active: true,
    }
}

pub(super) fn small() -> OrganisationFile {
    OrganisationFile {
        organisation: OrganisationHeader {
            slug: "stadt".to_owned(),
            name: "Stadt".to_owned(),
        },
        granted_zones: vec!["z0".to_owned(), "z1".to_owned()],
        units: vec![UnitFile {
            slug: "bau".to_owned(),
            name: "Bauamt".to_owned(),
            home_zones: Some(vec![
                HomeZoneFile {
                    zone: "z1".to_owned(),
                    priority: 1,
                },
                HomeZoneFile {
                    zone: "z0".to_owned(),
                    priority: 2,
                },
            ]),
            policy: Some(PolicyFile {
                max_bookings_per_week: Some(3),
                overflow: "same_day".to_owned(),
                ..PolicyFile::default()
            }),
        }],
        people: vec![
            PersonFile {
                badges: vec!["04AB12".to_owned()],
                ..person(
                    "berta@stadt.example",
                    Some("bau"),
                    &["counsellor", "employee"],
                )
            },
            person("anna@stadt.example", None, &["employee"]),
        ],
        deputies: vec![DeputyFile {
            counsellor: "berta@stadt.example".to_owned(),
            deputy: "anna@stadt.example".to_owned(),
        }],
    }
}

pub(super) fn bytes(file: &OrganisationFile) -> Vec<u8> {
    serde_json::to_vec_pretty(file).unwrap()
}

fn problems(result: Result<crate::structure::Outcome, OrganisationFileError>) -> Vec<String> {
    match result {
        Err(OrganisationFileError::Invalid(problems)) => {
            problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("{other}"),
        Ok(outcome) => panic!("imported: {}", outcome.changes),
    }
}

#[tokio::test]
async fn an_imported_organisation_exports_as_it_was_and_a_second_import_changes_nothing() {
    let db = fresh().await;
    let file = small();
    let first = import(&db, &bytes(&file), false, &Quiet).await.unwrap();
    assert!(first.applied);
    assert_eq!(first.changes.of("people").unwrap().created.len(), 2);
    assert_eq!(first.changes.of("badges").unwrap().created.len(), 1);
    assert_eq!(
        export(&db, "stadt").await.unwrap(),
        file.clone().normalized()
    );

    let second = import(&db, &bytes(&file), false, &Quiet).await.unwrap();
    assert!(!second.applied);
    assert!(second.changes.is_empty(), "{}", second.changes);

    // An audit row with counts only.
    let audit = entities::audit_log::Entity::find().all(&db).await.unwrap();
    let row = audit
        .iter()
        .find(|r| r.action == super::import::AUDIT_ACTION)
        .unwrap();
    let detail = row.detail.clone().unwrap().to_string();
    assert!(!detail.contains("@"), "{detail}");
    assert!(detail.contains("\"created\":2"), "{detail}");
}

#[tokio::test]
async fn what_the_file_leaves_out_is_kept_and_changes_are_named() {
    let db = fresh().await;
    import(&db, &bytes(&small()), false, &Quiet).await.unwrap();
    let mut changed = small();
    changed.people.remove(1);
    changed.people[0].name = "Berta Neu".to_owned();
    changed.people[0].roles = vec![
        "employee".to_owned(),
        "counsellor".to_owned(),
        "unit_lead".to_owned(),
    ];
    changed.units[0].home_zones = Some(vec![HomeZoneFile {
        zone: "z0".to_owned(),
        priority: 1,
    }]);
    let dry = import(&db, &bytes(&changed), true, &Quiet).await.unwrap();
    assert!(!dry.applied);
    let people = dry.changes.of("people").unwrap();
    assert_eq!(people.changed, ["berta@stadt.example"]);
    assert_eq!(people.kept, ["anna@stadt.example"]);
    assert_eq!(dry.changes.of("units").unwrap().changed, ["bau"]);
    assert_eq!(export(&db, "stadt").await.unwrap(), small().normalized());

    import(&db, &bytes(&changed), false, &Quiet).await.unwrap();
    let after = export(&db, "stadt").await.unwrap();
    assert_eq!(after.people.len(), 2, "anna is kept");
    let berta = after.people.iter().find(|p| p.name == "Berta Neu").unwrap();
    assert_eq!(berta.roles, ["employee", "counsellor", "unit_lead"]);
    assert_eq!(berta.badges.len(), 1, "the badge left out is kept");
    assert_eq!(after.units[0].home_zones.as_ref().unwrap().len(), 1);
}

#[tokio::test]
async fn clashes_with_the_database_are_problems_and_change_nothing() {
    let db = fresh().await;
    import(&db, &bytes(&small()), false, &Quiet).await.unwrap();
    let mut other = small();
    other.organisation.slug = "uni".to_owned();
    other.granted_zones = vec!["z5".to_owned(), "nowhere".to_owned()];
    other.units[0].home_zones = Some(vec![HomeZoneFile {
        zone: "z2".to_owned(),
        priority: 1,
    }]);
    other.people[1].email = "neu@uni.example".to_owned();
    other.people[1].badges = vec!["04ab12".to_owned()];
    other.deputies.clear();
    let found = problems(import(&db, &bytes(&other), false, &Quiet).await);
    let has = |needle: &str| found.iter().any(|p| p.contains(needle));
    assert!(
        has("granted_zones[1]: unknown zone \"nowhere\""),
        "{found:#?}"
    );
    assert!(
        has("units[0].slug: the unit \"bau\" belongs to organisation \"stadt\""),
        "{found:#?}"
    );
    assert!(
        has("home_zones[0].zone: the zone \"z2\" is not given"),
        "{found:#?}"
    );
    assert!(
        has("people[0].email: berta@stadt.example is a person of organisation \"stadt\""),
        "{found:#?}"
    );
    assert!(
        has("people[1].badges[0]: this badge belongs to another person"),
        "{found:#?}"
    );
    assert!(found.iter().all(|p| p.starts_with("line ")), "{found:#?}");
    assert!(
        entities::organisation::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .len()
            == 1,
        "nothing was written"
    );
}

#[tokio::test]
async fn people_and_units_import_from_csv_into_an_existing_organisation() {
    let db = fresh().await;
    let refused =
        problems(import_csv(&db, b"email,name\na@b.example,A\n", "stadt", false, &Quiet).await);
    assert!(
        refused[0].contains("no organisation \"stadt\""),
        "{refused:?}"
    );
    let mut file = small();
    file.units.clear();
    file.people.clear();
    file.deputies.clear();
    import(&db, &bytes(&file), false, &Quiet).await.unwrap();

    let units = import_csv(
        &db,
        b"unit,name,home_zones\nbau,Bauamt,z1:1;z0:2\n",
        "stadt",
        false,
        &Quiet,
    )
    .await
    .unwrap();
    assert_eq!(units.changes.of("units").unwrap().created, ["bau"]);
    let people = b"email,name,unit,roles,badges\n\
                   Anna@Stadt.example,Anna,bau,employee;unit_lead,\n\
                   bert@stadt.example,Bert,,,CARD-1\n";
    let outcome = import_csv(&db, people, "stadt", false, &Quiet)
        .await
        .unwrap();
    assert_eq!(outcome.changes.of("people").unwrap().created.len(), 2);
    let exported = export(&db, "stadt").await.unwrap();
    assert_eq!(exported.people[0].email, "anna@stadt.example");
    assert_eq!(exported.people[0].roles, ["employee", "unit_lead"]);
    assert_eq!(exported.people[1].roles, ["employee"]);

    // The export's CSV imports as nothing to change.
    let again = import_csv(
        &db,
        people_csv(&exported).unwrap().as_bytes(),
        "stadt",
        false,
        &Quiet,
    )
    .await
    .unwrap();
    assert!(again.changes.is_empty(), "{}", again.changes);
    let again = import_csv(
        &db,
        units_csv(&exported).unwrap().as_bytes(),
        "stadt",
        false,
        &Quiet,
    )
    .await
    .unwrap();
    assert!(again.changes.is_empty(), "{}", again.changes);
}

#[tokio::test]
async fn an_active_person_is_not_deactivated_by_an_import() {
    let db = fresh().await;
    import(&db, &bytes(&small()), false, &Quiet).await.unwrap();
    let mut file = small();
    file.people[1].active = false;
    let found = problems(import(&db, &bytes(&file), false, &Quiet).await);
    assert!(
        found
            .iter()
            .any(|p| p.contains("people[1].active: anna@stadt.example is active now")),
        "{found:#?}"
    );
}

// --- Generated organisations ----------------------------------------------------------------

const ROLES: &[&str] = &[
    "employee",
    "counsellor",
    "front_desk",
    "unit_lead",
    "org_admin",
];

fn generated() -> impl Strategy<Value = OrganisationFile> {
    let unit = (
        proptest::collection::btree_set(0..6_usize, 0..4),
        proptest::option::of((
            0..30_i32,
            proptest::option::of(0..7_i32),
            any::<bool>(),
            0..3_usize,
        )),
        "[A-Za-zäöü ]{1,20}",
    );
    let units = proptest::collection::vec(unit, 0..5);
    let person = (
        "[a-z]{1,8}",
        "[A-Za-zÄÖÜß][A-Za-zäöüß .-]{0,30}",
        proptest::option::of(0..5_usize),
        proptest::collection::btree_set(0..ROLES.len(), 1..3),
        proptest::collection::btree_set("[A-F0-9]{4,10}", 0..3),
        any::<bool>(),
        any::<bool>(),
    );
    let people = proptest::collection::vec(person, 0..12);
    (units, people, any::<bool>()).prop_map(|(units, people, deputy)| {
        let units: Vec<UnitFile> = units
            .into_iter()
            .enumerate()
            .map(|(i, (zones, policy, name))| UnitFile {
                slug: format!("u{i}"),
                name: format!("Unit {i} {}", name.trim()).trim().to_owned(),
                home_zones: Some(
                    zones
                        .into_iter()
                        .enumerate()
                        .map(|(p, z)| HomeZoneFile {
                            zone: format!("z{z}"),
                            priority: i32::try_from(p + 1).unwrap(),
                        })
                        .collect(),
                ),
                policy: policy.map(|(days, per_week, half, overflow)| PolicyFile {
                    max_days_ahead: days,
                    max_bookings_per_week: per_week,
                    half_days_allowed: half,
                    overflow: ["none", "day_before_14", "same_day"][overflow].to_owned(),
                    ..PolicyFile::default()
                }),
            })
            .collect();
        let mut seen_badges = std::collections::HashSet::new();
        let people: Vec<PersonFile> = people
            .into_iter()
            .enumerate()
            .map(
                |(i, (local, name, unit, roles, badges, english, active))| PersonFile {
                    email: format!("{local}.{i}@org.example"),
                    name: name.trim().to_owned(),
                    unit: unit.filter(|u| *u < units.len()).map(|u| format!("u{u}")),
                    roles: roles.into_iter().map(|r| ROLES[r].to_owned()).collect(),
                    badges: badges
                        .into_iter()
                        .filter(|b| seen_badges.insert(b.clone()))
                        .collect(),
                    locale: if english { "en" } else { "de" }.to_owned(),
                    active,
                },
            )
            .collect();
        let deputies = match (
            deputy,
            people
                .iter()
                .find(|p| p.roles.iter().any(|r| r == "counsellor")),
        ) {
            (true, Some(counsellor)) => people
                .iter()
                .filter(|p| p.email != counsellor.email)
                .take(1)
                .map(|d| DeputyFile {
                    counsellor: counsellor.email.clone(),
                    deputy: d.email.clone(),
                })
                .collect(),
            _ => vec![],
        };
        OrganisationFile {
            organisation: OrganisationHeader {
                slug: "org".to_owned(),
                name: "Organisation".to_owned(),
            },
            granted_zones: (0..6).map(|z| format!("z{z}")).collect(),
            units,
            people,
            deputies,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn export_after_import_gives_the_same_organisation(file in generated()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let db = fresh().await;
            let outcome = match import(&db, &bytes(&file), false, &Quiet).await {
                Ok(outcome) => outcome,
                Err(OrganisationFileError::Invalid(problems)) => panic!("{problems:#?}"),
                Err(other) => panic!("{other}"),
            };
            prop_assert!(outcome.applied);
            let exported = export(&db, "org").await.unwrap();
            prop_assert_eq!(&exported, &file.clone().normalized());

            let again = fresh().await;
            import(&again, &bytes(&exported), false, &Quiet).await.unwrap();
            prop_assert_eq!(export(&again, "org").await.unwrap(), exported.clone());
            let twice = import(&again, &bytes(&exported), false, &Quiet).await.unwrap();
            prop_assert!(twice.changes.is_empty(), "{}", twice.changes);
            let csv = import_csv(&again, people_csv(&exported).unwrap().as_bytes(), "org", false, &Quiet).await;
            if !exported.people.is_empty() {
                prop_assert!(csv.unwrap().changes.is_empty());
            }
            Ok(())
        })?;
    }
}
