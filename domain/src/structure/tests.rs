//! Export and import against an in-memory SQLite database: round trips (also of generated
//! buildings), what an import keeps, and clashes with other buildings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, EntityTrait};
use sea_orm_migration::MigratorTrait;

use super::format::{BuildingFile, DeskFile, FloorFile, RoomFile, SensorFile, SiteFile, ZoneFile};
use super::{StructureError, export, import};

async fn fresh() -> DatabaseConnection {
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    migration::Migrator::up(&db, None).await.unwrap();
    db
}

fn zone(slug: &str, next_to: &[&str]) -> ZoneFile {
    ZoneFile {
        slug: slug.to_owned(),
        name: format!("Zone {slug}"),
        kind: "work".to_owned(),
        x: 0,
        y: 0,
        width: 100,
        height: 100,
        distance_to_lift_m: 5,
        next_to: next_to.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn desk(label: &str, zone: &str) -> DeskFile {
    DeskFile {
        label: label.to_owned(),
        zone: zone.to_owned(),
        x: 10,
        y: 10,
        width: 16,
        height: 8,
        rotation: 90,
        has_docking: true,
        monitors: 2,
        height_adjustable: false,
        accessible: true,
        blocked: false,
        notes: Some("by the window".to_owned()),
    }
}

fn small(slug: &str, prefix: &str) -> BuildingFile {
    BuildingFile {
        slug: slug.to_owned(),
        name: format!("Building {slug}"),
        address: "Döppersberg 37".to_owned(),
        timezone: "Europe/Berlin".to_owned(),
        site: Some(SiteFile {
            slug: "wuppertal-mitte".to_owned(),
            name: "Standort Wuppertal-Mitte".to_owned(),
        }),
        floors: vec![FloorFile {
            level: 0,
            name: "Erdgeschoss".to_owned(),
            plan_width: 1000,
            plan_height: 600,
            zones: vec![
                zone(&format!("{prefix}a"), &[&format!("{prefix}b")]),
                zone(&format!("{prefix}b"), &[]),
            ],
            desks: vec![
                desk(&format!("{prefix}0.1"), &format!("{prefix}a")),
                desk(&format!("{prefix}0.2"), &format!("{prefix}b")),
            ],
            rooms: vec![RoomFile {
                label: format!("{prefix}0.B1"),
                name: "Beratung".to_owned(),
                zone: Some(format!("{prefix}b")),
                capacity: 4,
                privacy_class: "protected".to_owned(),
                step_free: true,
                hearing_loop: false,
                equipment: vec!["screen".to_owned(), "video".to_owned()],
                buffer_before_min: 15,
                buffer_after_min: 10,
                max_slot_minutes: Some(30),
                x: 500,
                y: 100,
                width: 80,
                height: 60,
            }],
        }],
        sensors: vec![SensorFile {
            device_key: format!("zigbee2mqtt/{prefix}desk-1"),
            model: "aqara".to_owned(),
            protocol: "zigbee2mqtt".to_owned(),
            desk: Some(format!("{prefix}0.1")),
            room: None,
        }],
        walkways: None,
    }
}

fn bytes(file: &BuildingFile) -> Vec<u8> {
    serde_json::to_vec_pretty(file).unwrap()
}

#[tokio::test]
async fn an_imported_building_exports_as_it_was_and_a_second_import_changes_nothing() {
    let db = fresh().await;
    let file = small("haus", "");
    let first = import(&db, &bytes(&file), false).await.unwrap();
    assert!(first.applied);
    assert_eq!(first.changes.of("desks").unwrap().created.len(), 2);
    assert_eq!(
        first.changes.of("neighbouring zones").unwrap().created,
        ["a–b"]
    );
    assert_eq!(export(&db, None).await.unwrap(), file.clone().normalized());

    let second = import(&db, &bytes(&file), false).await.unwrap();
    assert!(!second.applied);
    assert!(second.changes.is_empty(), "{}", second.changes);
    assert!(second.changes.to_string().contains("nothing to change"));
}

#[tokio::test]
async fn a_dry_run_shows_the_changes_and_writes_nothing() {
    let db = fresh().await;
    let outcome = import(&db, &bytes(&small("haus", "")), true).await.unwrap();
    assert!(!outcome.applied);
    assert_eq!(outcome.changes.of("building").unwrap().created, ["haus"]);
    assert!(matches!(
        export(&db, None).await,
        Err(StructureError::NoBuilding)
    ));
}

#[tokio::test]
async fn what_the_file_leaves_out_is_kept_and_changes_are_written() {
    let db = fresh().await;
    import(&db, &bytes(&small("haus", "")), false)
        .await
        .unwrap();
    let mut file = small("haus", "");
    file.floors[0].desks.remove(1);
    file.floors[0].desks[0].monitors = 1;
    file.floors[0].zones[0].next_to.clear();
    let outcome = import(&db, &bytes(&file), false).await.unwrap();
    let desks = outcome.changes.of("desks").unwrap();
    assert_eq!(desks.changed, ["0.1"]);
    assert_eq!(desks.kept, ["0.2"]);
    assert_eq!(
        outcome.changes.of("neighbouring zones").unwrap().removed,
        ["a–b"]
    );
    assert_eq!(
        entities::desk::Entity::find().all(&db).await.unwrap().len(),
        2
    );
    let exported = export(&db, Some("haus")).await.unwrap();
    assert_eq!(exported.floors[0].desks[0].monitors, 1);
    assert_eq!(
        exported.floors[0].desks.len(),
        2,
        "the kept desk is still there"
    );
}

#[tokio::test]
async fn a_second_building_in_another_time_zone_is_refused() {
    let db = fresh().await;
    import(&db, &bytes(&small("haus", "")), false)
        .await
        .unwrap();
    let mut other = small("annex", "x");
    other.timezone = "America/New_York".to_owned();
    let Err(StructureError::Invalid(problems)) = import(&db, &bytes(&other), false).await else {
        panic!("a building in another time zone is refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "timezone");
    assert!(problems[0].message.contains("\"haus\""), "{problems:?}");
    // The only building may move to another time zone.
    let mut moved = small("haus", "");
    moved.timezone = "America/New_York".to_owned();
    import(&db, &bytes(&moved), false).await.unwrap();
    other.timezone = "America/New_York".to_owned();
    import(&db, &bytes(&other), false).await.unwrap();
}

#[tokio::test]
async fn keys_of_another_building_are_refused_with_their_place() {
    let db = fresh().await;
    import(&db, &bytes(&small("haus", "")), false)
        .await
        .unwrap();
    let mut other = small("annex", "x");
    other.floors[0].desks[1].label = "0.1".to_owned();
    let Err(StructureError::Invalid(problems)) = import(&db, &bytes(&other), false).await else {
        panic!("a desk label of another building is refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "floors[0].desks[1].label");
    assert!(problems[0].message.contains("\"haus\""), "{problems:?}");
    assert!(problems[0].line.is_some());
    assert!(matches!(
        export(&db, None).await,
        Ok(file) if file.slug == "haus"
    ));
    assert!(matches!(
        export(&db, Some("annex")).await,
        Err(StructureError::NoSuchBuilding(_))
    ));
}

#[tokio::test]
async fn several_buildings_need_one_named() {
    let db = fresh().await;
    import(&db, &bytes(&small("haus", "")), false)
        .await
        .unwrap();
    import(&db, &bytes(&small("annex", "x")), false)
        .await
        .unwrap();
    assert!(matches!(
        export(&db, None).await,
        Err(StructureError::WhichBuilding(list)) if list.contains("annex")
    ));
    assert_eq!(
        export(&db, Some("annex")).await.unwrap(),
        small("annex", "x").normalized()
    );
}

#[tokio::test]
async fn buildings_share_a_site_that_the_file_names_renames_and_leaves() {
    let db = fresh().await;
    import(&db, &bytes(&small("haus", "")), false)
        .await
        .unwrap();
    import(&db, &bytes(&small("annex", "x")), false)
        .await
        .unwrap();
    let sites = entities::site::Entity::find().all(&db).await.unwrap();
    assert_eq!(sites.len(), 1, "both buildings are on one site: {sites:?}");
    assert_eq!(
        entities::site_building::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .len(),
        2
    );
    // A new name in a file renames the site; the import says the building changed.
    let mut renamed = small("annex", "x");
    if let Some(site) = &mut renamed.site {
        site.name = "Campus Döppersberg".to_owned();
    }
    let outcome = import(&db, &bytes(&renamed), false).await.unwrap();
    assert_eq!(outcome.changes.of("building").unwrap().changed, ["annex"]);
    assert_eq!(
        export(&db, Some("haus")).await.unwrap().site.unwrap().name,
        "Campus Döppersberg"
    );
    // Off the site: the site stays while another building is on it, and goes with the last.
    for slug in ["annex", "haus"] {
        let mut off = small(slug, if slug == "haus" { "" } else { "x" });
        off.site = None;
        import(&db, &bytes(&off), false).await.unwrap();
        assert_eq!(export(&db, Some(slug)).await.unwrap().site, None);
    }
    assert!(
        entities::site::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .is_empty()
    );
    // A site without a slug or name is a problem at its field, and nothing changes.
    let mut broken = small("haus", "");
    broken.site = Some(SiteFile {
        slug: " ".to_owned(),
        name: String::new(),
    });
    let Err(StructureError::Invalid(problems)) = import(&db, &bytes(&broken), false).await else {
        panic!("a site without slug and name is refused");
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["site.slug", "site.name"], "{problems:?}");
    assert!(problems.iter().all(|p| p.line.is_some()), "{problems:?}");
    assert!(
        entities::site::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .is_empty()
    );
}

/// A progress that records its stages and steps.
#[derive(Default)]
struct Recorded(std::sync::Mutex<Vec<(&'static str, u64, u64)>>);

impl crate::progress::Progress for Recorded {
    fn stage(&self, name: &'static str, total: u64) {
        self.0.lock().unwrap().push((name, total, 0));
    }

    fn advance(&self, steps: u64) {
        if let Some(last) = self.0.lock().unwrap().last_mut() {
            last.2 += steps;
        }
    }
}

#[tokio::test]
async fn an_import_shows_its_progress_stage_by_stage_to_the_end() {
    let db = fresh().await;
    let progress = Recorded::default();
    let outcome = super::import::import_showing(&db, &bytes(&small("haus", "")), false, &progress)
        .await
        .unwrap();
    let stages = progress.0.into_inner().unwrap();
    // A building, a floor, two zones, a pair of neighbours, two desks and what else the file
    // holds: every write counted, and the bar reaches its end.
    assert_eq!(stages[0], ("checking", 1, 1));
    assert_eq!(stages[1].0, "writing");
    assert_eq!(stages[1].1, outcome.changes.writes(None));
    assert!(stages[1].1 >= 7, "{stages:?}");
    assert_eq!(stages[1].1, stages[1].2, "{stages:?}");
    // A dry run checks but writes nothing.
    let dry = Recorded::default();
    super::import::import_showing(&db, &bytes(&small("haus", "")), true, &dry)
        .await
        .unwrap();
    assert_eq!(dry.0.into_inner().unwrap(), [("checking", 1, 1)]);
}

#[tokio::test]
async fn the_readmes_example_imports_into_a_fresh_database() {
    let db = fresh().await;
    let example = include_bytes!("../../../docs/examples/building.json");
    let outcome = match import(&db, example, false).await {
        Ok(outcome) => outcome,
        Err(StructureError::Invalid(problems)) => panic!("{problems:#?}"),
        Err(other) => panic!("{other}"),
    };
    assert!(outcome.applied);
    let exported = export(&db, Some("annex")).await.unwrap();
    assert_eq!(exported.floors.len(), 2);
    assert_eq!(exported.floors[1].desks.len(), 7);
    assert_eq!(exported.sensors.len(), 3);
}

// --- Generated buildings --------------------------------------------------------------------

type DeskParts = (
    (u16, u16, i32, i32, i32),
    (bool, i32, bool, bool, bool),
    (Option<String>, usize, bool),
);
type RoomParts = (
    (u16, u16, i32, i32, i32),
    (bool, bool, bool, i32, i32),
    (Vec<bool>, Option<usize>, bool),
);
type FloorParts = (
    String,
    i32,
    i32,
    Vec<(String, usize, (i32, i32))>,
    Vec<DeskParts>,
    Vec<RoomParts>,
);

fn name() -> impl Strategy<Value = String> {
    "[A-ZÄÖÜ][a-zäöüß]{0,8}( [0-9]{1,2})?"
}

fn desk_parts() -> impl Strategy<Value = DeskParts> {
    (
        (0u16..=1000, 0u16..=1000, 1..200, 1..200, 0..360),
        (
            any::<bool>(),
            0..=2,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (proptest::option::of(name()), any::<usize>(), any::<bool>()),
    )
}

fn room_parts() -> impl Strategy<Value = RoomParts> {
    (
        (0u16..=1000, 0u16..=1000, 1..300, 1..300, 1..30),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0..60, 0..60),
        (
            proptest::collection::vec(any::<bool>(), 3),
            proptest::option::of(any::<usize>()),
            any::<bool>(),
        ),
    )
}

fn floor_parts() -> impl Strategy<Value = FloorParts> {
    (
        name(),
        100..3000,
        100..3000,
        proptest::collection::vec((name(), 0usize..4, (0..100, 1..500)), 0..4),
        proptest::collection::vec(desk_parts(), 0..8),
        proptest::collection::vec(room_parts(), 0..3),
    )
}

fn at(per_mille: u16, size: i32) -> i32 {
    i32::from(per_mille) * size / 1000
}

fn assemble(lowest: i32, floors: Vec<FloorParts>, pairs: &[(usize, usize)]) -> BuildingFile {
    const KINDS: [&str; 4] = ["entrance", "consultation", "work", "quiet"];
    const EQUIPMENT: [&str; 3] = ["screen", "video", "whiteboard"];
    let mut sensors = Vec::new();
    let mut floors: Vec<FloorFile> = floors
        .into_iter()
        .enumerate()
        .map(|(i, (fname, w, h, zones, desks, rooms))| {
            let level = lowest + i32::try_from(i).unwrap();
            let zones: Vec<ZoneFile> = zones
                .into_iter()
                .enumerate()
                .map(|(z, (zname, kind, (lift, size)))| ZoneFile {
                    slug: format!("f{level}-z{z}"),
                    name: zname,
                    kind: KINDS[kind].to_owned(),
                    x: 0,
                    y: 0,
                    width: size,
                    height: size,
                    distance_to_lift_m: lift,
                    next_to: Vec::new(),
                })
                .collect();
            let desks: Vec<DeskFile> = if zones.is_empty() {
                Vec::new()
            } else {
                desks
                    .into_iter()
                    .enumerate()
                    .map(
                        |(
                            d,
                            ((px, py, dw, dh, rot), (dock, mon, adj, acc, blk), (notes, z, sensor)),
                        )| {
                            let label = format!("{level}.{d}");
                            if sensor {
                                sensors.push(SensorFile {
                                    device_key: format!("desk/{label}"),
                                    model: "aqara".to_owned(),
                                    protocol: "zigbee2mqtt".to_owned(),
                                    desk: Some(label.clone()),
                                    room: None,
                                });
                            }
                            DeskFile {
                                zone: zones[z % zones.len()].slug.clone(),
                                label,
                                x: at(px, w),
                                y: at(py, h),
                                width: dw,
                                height: dh,
                                rotation: rot,
                                has_docking: dock,
                                monitors: mon,
                                height_adjustable: adj,
                                accessible: acc,
                                blocked: blk,
                                notes,
                            }
                        },
                    )
                    .collect()
            };
            let rooms = rooms
                .into_iter()
                .enumerate()
                .map(
                    |(
                        r,
                        ((px, py, rw, rh, cap), (prot, step, lp, before, after), (eq, z, sensor)),
                    )| {
                        let label = format!("{level}.R{r}");
                        if sensor {
                            sensors.push(SensorFile {
                                device_key: format!("v3/app@ttn/devices/{label}/up"),
                                model: "elsys".to_owned(),
                                protocol: "ttn_v3".to_owned(),
                                desk: None,
                                room: Some(label.clone()),
                            });
                        }
                        RoomFile {
                            zone: z
                                .filter(|_| !zones.is_empty())
                                .map(|z| zones[z % zones.len()].slug.clone()),
                            label,
                            name: format!("Raum {r}"),
                            capacity: cap,
                            privacy_class: if prot { "protected" } else { "standard" }.to_owned(),
                            step_free: step,
                            hearing_loop: lp,
                            equipment: EQUIPMENT
                                .iter()
                                .zip(&eq)
                                .filter(|(_, on)| **on)
                                .map(|(k, _)| (*k).to_owned())
                                .collect(),
                            buffer_before_min: before,
                            buffer_after_min: after,
                            max_slot_minutes: (prot && before == 0).then_some(30),
                            x: at(px, w),
                            y: at(py, h),
                            width: rw,
                            height: rh,
                        }
                    },
                )
                .collect();
            FloorFile {
                level,
                name: fname,
                plan_width: w,
                plan_height: h,
                zones,
                desks,
                rooms,
            }
        })
        .collect();
    let slugs: Vec<String> = floors
        .iter()
        .flat_map(|f| f.zones.iter().map(|z| z.slug.clone()))
        .collect();
    if slugs.len() > 1 {
        for (a, b) in pairs {
            let (a, b) = (a % slugs.len(), b % slugs.len());
            if a != b {
                let other = slugs[b].clone();
                if let Some(zone) = floors
                    .iter_mut()
                    .flat_map(|f| f.zones.iter_mut())
                    .find(|z| z.slug == slugs[a])
                {
                    zone.next_to.push(other);
                }
            }
        }
    }
    BuildingFile {
        slug: "generated".to_owned(),
        name: "Generated".to_owned(),
        address: String::new(),
        timezone: "Europe/Vienna".to_owned(),
        site: None,
        floors,
        sensors,
        walkways: None,
    }
}

pub(super) fn generated() -> impl Strategy<Value = BuildingFile> {
    (
        -2..2,
        proptest::collection::vec(floor_parts(), 1..4),
        proptest::collection::vec((any::<usize>(), any::<usize>()), 0..5),
    )
        .prop_map(|(lowest, floors, pairs)| assemble(lowest, floors, &pairs))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn export_after_import_gives_the_same_building(file in generated()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let db = fresh().await;
            let outcome = import(&db, &bytes(&file), false).await;
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(StructureError::Invalid(problems)) => panic!("{problems:#?}"),
                Err(other) => panic!("{other}"),
            };
            prop_assert!(outcome.applied);
            let exported = export(&db, None).await.unwrap();
            prop_assert_eq!(&exported, &file.clone().normalized());

            let again = fresh().await;
            import(&again, &bytes(&exported), false).await.unwrap();
            prop_assert_eq!(export(&again, None).await.unwrap(), exported.clone());
            let twice = import(&again, &bytes(&exported), false).await.unwrap();
            prop_assert!(twice.changes.is_empty(), "{}", twice.changes);
            Ok(())
        })?;
    }
}
