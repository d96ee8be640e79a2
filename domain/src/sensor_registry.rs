//! The sensor registry: which sensor (by device key) watches which desk or room. Building
//! administrators keep it one sensor at a time, or import a CSV file with the columns
//! `device_key,model,protocol,desk,room` (a header line first; `desk` or `room` empty).
//!
//! An import is all or nothing: every line is checked first, and one bad field anywhere
//! writes nothing and is reported with its line and column. A sensor already registered
//! (same device key) is updated; none is removed by an import.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entities::enums::SensorProtocol;
use entities::{desk, room, sensor};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::db::begin_write;
use wire::model::{LineError, NewSensor, SensorImport, SensorView};

/// The longest device key or model name accepted.
pub const MAX_TEXT: usize = 200;

/// What can go wrong when registering sensors.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// Fields that cannot be registered, with their line (1 for a single sensor).
    #[error("invalid sensors: {0:?}")]
    Invalid(Vec<LineError>),
    /// No such sensor.
    #[error("not found")]
    NotFound,
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// Desk and room ids by label, and every registered sensor by device key.
struct Places {
    desks: HashMap<String, i32>,
    rooms: HashMap<String, i32>,
}

impl Places {
    async fn load(db: &DatabaseConnection) -> Result<Places, DbErr> {
        Ok(Places {
            desks: desk::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.label, d.id))
                .collect(),
            rooms: room::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|r| (r.label, r.id))
                .collect(),
        })
    }
}

/// A sensor as it is to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    device_key: String,
    model: String,
    protocol: SensorProtocol,
    desk_id: Option<i32>,
    room_id: Option<i32>,
}

fn protocol_of(value: &str) -> Option<SensorProtocol> {
    SensorProtocol::try_from_value(&value.to_owned()).ok()
}

/// Checks one sensor; its errors, each with `line`.
fn check(new: &NewSensor, places: &Places, line: u64) -> Result<Checked, Vec<LineError>> {
    let mut errors = Vec::new();
    let mut error = |field: &str, message: String| {
        errors.push(LineError {
            line,
            field: field.to_owned(),
            message,
        });
    };
    let key = new.device_key.trim();
    let well_formed = key
        .split_once(':')
        .is_some_and(|(kind, rest)| !kind.is_empty() && !rest.is_empty());
    if !well_formed || key.len() > MAX_TEXT || key.chars().any(char::is_whitespace) {
        error(
            "device_key",
            format!(
                "`{key}` is not a device key like z2m:zigbee2mqtt/desks/2.14 or \
                 lorawan:0004a30b001c0530 (no spaces, at most {MAX_TEXT} characters)"
            ),
        );
    }
    let model = new.model.trim();
    if model.is_empty() || model.len() > MAX_TEXT {
        error("model", format!("1 to {MAX_TEXT} characters"));
    }
    let protocol = protocol_of(new.protocol.trim());
    if protocol.is_none() {
        error(
            "protocol",
            format!(
                "`{}` is not one of zigbee2mqtt, ttn_v3, chirpstack_v4, home_assistant, generic",
                new.protocol.trim()
            ),
        );
    }
    let label = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let (desk, room) = (label(&new.desk), label(&new.room));
    let mut desk_id = None;
    let mut room_id = None;
    match (&desk, &room) {
        (Some(d), None) => match places.desks.get(d) {
            Some(id) => desk_id = Some(*id),
            None => error("desk", format!("no desk is labelled `{d}`")),
        },
        (None, Some(r)) => match places.rooms.get(r) {
            Some(id) => room_id = Some(*id),
            None => error("room", format!("no room is labelled `{r}`")),
        },
        (Some(_), Some(_)) => error("room", "give a desk or a room, not both".into()),
        (None, None) => error("desk", "give the desk or the room it watches".into()),
    }
    match (errors.is_empty(), protocol) {
        (true, Some(protocol)) => Ok(Checked {
            device_key: key.to_owned(),
            model: model.to_owned(),
            protocol,
            desk_id,
            room_id,
        }),
        _ => Err(errors),
    }
}

/// Writes `checked`: a new sensor, or the one with its key updated. Whether it was added,
/// changed or already so.
async fn upsert(
    db: &impl sea_orm::ConnectionTrait,
    checked: Checked,
) -> Result<(sensor::Model, Outcome), DbErr> {
    let existing = sensor::Entity::find()
        .filter(sensor::Column::DeviceKey.eq(&checked.device_key))
        .one(db)
        .await?;
    match existing {
        Some(row)
            if row.model == checked.model
                && row.protocol == checked.protocol
                && row.desk_id == checked.desk_id
                && row.room_id == checked.room_id =>
        {
            Ok((row, Outcome::Unchanged))
        }
        Some(row) => {
            let mut active = row.into_active_model();
            active.model = Set(checked.model);
            active.protocol = Set(checked.protocol);
            active.desk_id = Set(checked.desk_id);
            active.room_id = Set(checked.room_id);
            Ok((active.update(db).await?, Outcome::Updated))
        }
        None => {
            let row = sensor::ActiveModel {
                device_key: Set(checked.device_key),
                model: Set(checked.model),
                protocol: Set(checked.protocol),
                desk_id: Set(checked.desk_id),
                room_id: Set(checked.room_id),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
            Ok((row, Outcome::Added))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// Registers one sensor (or changes the one with its device key).
pub async fn register(
    db: &DatabaseConnection,
    new: &NewSensor,
) -> Result<SensorView, RegistryError> {
    let places = Places::load(db).await?;
    let checked = check(new, &places, 1).map_err(RegistryError::Invalid)?;
    let (row, _) = upsert(db, checked).await?;
    Ok(view(row, &labels(db).await?))
}

/// Imports sensors from CSV text (header `device_key,model,protocol,desk,room`): all or
/// nothing.
pub async fn import(
    db: &DatabaseConnection,
    csv_text: &str,
) -> Result<SensorImport, RegistryError> {
    let places = Places::load(db).await?;
    let sensors = read_csv(csv_text, &places).map_err(RegistryError::Invalid)?;
    let txn = begin_write(db).await?;
    let mut report = SensorImport {
        added: 0,
        updated: 0,
        unchanged: 0,
    };
    let mut written = Ok(());
    for checked in sensors {
        match upsert(&txn, checked).await {
            Ok((_, Outcome::Added)) => report.added += 1,
            Ok((_, Outcome::Updated)) => report.updated += 1,
            Ok((_, Outcome::Unchanged)) => report.unchanged += 1,
            Err(err) => {
                written = Err(err);
                break;
            }
        }
    }
    match written {
        Ok(()) => txn.commit().await?,
        Err(err) => {
            txn.rollback().await?;
            return Err(err.into());
        }
    }
    Ok(report)
}

/// Reads and checks every line of a sensor CSV file: the sensors to write, or every bad field
/// with its line.
fn read_csv(csv_text: &str, places: &Places) -> Result<Vec<Checked>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    let header_error = |message: String| {
        vec![LineError {
            line: 1,
            field: "header".into(),
            message,
        }]
    };
    let headers = reader
        .headers()
        .map_err(|err| header_error(err.to_string()))?
        .clone();
    let expected = ["device_key", "model", "protocol", "desk", "room"];
    if headers.iter().collect::<Vec<_>>() != expected {
        return Err(header_error(format!(
            "the first line must be `{}`",
            expected.join(",")
        )));
    }
    let mut errors = Vec::new();
    let mut sensors = Vec::new();
    let mut keys = HashSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, csv::Position::line);
                errors.push(LineError {
                    line,
                    field: "line".into(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let new = NewSensor {
            device_key: field(0),
            model: field(1),
            protocol: field(2),
            desk: Some(field(3)),
            room: Some(field(4)),
        };
        match check(&new, places, line) {
            Ok(checked) => {
                if !keys.insert(checked.device_key.clone()) {
                    errors.push(LineError {
                        line,
                        field: "device_key".into(),
                        message: format!("`{}` is listed twice", checked.device_key),
                    });
                }
                sensors.push(checked);
            }
            Err(mut line_errors) => errors.append(&mut line_errors),
        }
    }
    if errors.is_empty() {
        Ok(sensors)
    } else {
        Err(errors)
    }
}

/// Desk and room labels by id.
struct Labels {
    desks: HashMap<i32, String>,
    rooms: HashMap<i32, String>,
}

async fn labels(db: &DatabaseConnection) -> Result<Labels, DbErr> {
    let places = Places::load(db).await?;
    Ok(Labels {
        desks: places.desks.into_iter().map(|(l, id)| (id, l)).collect(),
        rooms: places.rooms.into_iter().map(|(l, id)| (id, l)).collect(),
    })
}

fn view(row: sensor::Model, labels: &Labels) -> SensorView {
    SensorView {
        id: row.id,
        desk: row.desk_id.and_then(|id| labels.desks.get(&id).cloned()),
        room: row.room_id.and_then(|id| labels.rooms.get(&id).cloned()),
        device_key: row.device_key,
        model: row.model,
        protocol: row.protocol.to_value(),
        battery_pct: row.battery_pct,
        last_seen_at: row.last_seen_at,
    }
}

/// Every registered sensor, by device key.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<SensorView>, DbErr> {
    let labels = labels(db).await?;
    Ok(sensor::Entity::find()
        .order_by_asc(sensor::Column::DeviceKey)
        .all(db)
        .await?
        .into_iter()
        .map(|row| view(row, &labels))
        .collect())
}

/// Removes a sensor (its state and raw events go with it).
pub async fn remove(db: &DatabaseConnection, id: i32) -> Result<(), RegistryError> {
    let deleted = sensor::Entity::delete_by_id(id).exec(db).await?;
    if deleted.rows_affected == 0 {
        return Err(RegistryError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        Places {
            desks: HashMap::from([("2.14".to_owned(), 7)]),
            rooms: HashMap::from([("2.40".to_owned(), 3)]),
        }
    }

    fn sensor(key: &str, protocol: &str, desk: Option<&str>, room: Option<&str>) -> NewSensor {
        NewSensor {
            device_key: key.into(),
            model: "Aqara FP1E".into(),
            protocol: protocol.into(),
            desk: desk.map(Into::into),
            room: room.map(Into::into),
        }
    }

    #[test]
    fn a_good_sensor_is_checked_into_ids() {
        let checked = check(
            &sensor(
                "z2m:zigbee2mqtt/desks/2.14",
                "zigbee2mqtt",
                Some("2.14"),
                None,
            ),
            &places(),
            2,
        )
        .map_err(|e| format!("{e:?}"));
        assert_eq!(checked.map(|c| (c.desk_id, c.room_id)), Ok((Some(7), None)));
    }

    #[test]
    fn every_bad_field_is_named_with_its_line() {
        let errors = check(
            &sensor("no key", "mqtt", Some("9.99"), Some("2.40")),
            &places(),
            5,
        )
        .err()
        .unwrap_or_default();
        let fields: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            fields,
            vec![(5, "device_key"), (5, "protocol"), (5, "room")]
        );
        let errors = check(&sensor("ha:x", "generic", None, Some("0.01")), &places(), 3)
            .err()
            .unwrap_or_default();
        assert_eq!(errors[0].field, "room");
        assert!(errors[0].message.contains("0.01"));
    }
}

/// The CSV import under arbitrary text and under valid files with their cells mutated: never
/// a panic, every refusal names its line and field, and valid files read back as written.
#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::*;

    const HEADER: [&str; 5] = ["device_key", "model", "protocol", "desk", "room"];
    const PROTOCOLS: [&str; 5] = [
        "zigbee2mqtt",
        "ttn_v3",
        "chirpstack_v4",
        "home_assistant",
        "generic",
    ];
    const FIELDS: [&str; 7] = [
        "header",
        "line",
        "device_key",
        "model",
        "protocol",
        "desk",
        "room",
    ];

    /// `PROPTEST_CASES`, else `default`.
    fn config(default: u32) -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|cases| cases.parse().ok())
                .unwrap_or(default),
            ..ProptestConfig::default()
        }
    }

    fn places() -> Places {
        Places {
            desks: HashMap::from([("2.14".to_owned(), 7), ("2.15".to_owned(), 8)]),
            rooms: HashMap::from([("2.40".to_owned(), 3)]),
        }
    }

    /// Valid rows, each with the sensor it must become.
    fn valid_rows() -> impl Strategy<Value = Vec<(Vec<String>, Checked)>> {
        prop::collection::vec(
            (
                "[a-z0-9]{1,8}",
                "[A-Za-z0-9][A-Za-z0-9 ,.\"-]{0,20}",
                0..PROTOCOLS.len(),
                prop_oneof![
                    Just(("2.14", 7, true)),
                    Just(("2.15", 8, true)),
                    Just(("2.40", 3, false))
                ],
            ),
            0..6,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(index, (kind, model, protocol, (place, id, is_desk)))| {
                    let key = format!("{kind}:sensor-{index}");
                    let model = model.trim().to_owned();
                    let cells = vec![
                        key.clone(),
                        model.clone(),
                        PROTOCOLS[protocol].to_owned(),
                        if is_desk {
                            place.to_owned()
                        } else {
                            String::new()
                        },
                        if is_desk {
                            String::new()
                        } else {
                            place.to_owned()
                        },
                    ];
                    let checked = Checked {
                        device_key: key,
                        model,
                        protocol: protocol_of(PROTOCOLS[protocol])
                            .unwrap_or(SensorProtocol::Generic),
                        desk_id: is_desk.then_some(id),
                        room_id: (!is_desk).then_some(id),
                    };
                    (cells, checked)
                })
                .collect()
        })
    }

    /// Writes rows as CSV, quoting where needed.
    fn written(rows: &[Vec<String>], crlf: bool) -> String {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(if crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        for row in rows {
            if writer.write_record(row).is_err() {
                return String::new();
            }
        }
        writer
            .into_inner()
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    fn hostile_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "",
                " ",
                "\"",
                "\"\"",
                "a\"b",
                "\"unclosed",
                "x,y",
                "line\nbreak",
                "cr\rlf",
                "\u{feff}device_key",
                "\u{0}",
                "z2m:",
                ":x",
                "z2m:a b",
                "ZIGBEE2MQTT",
                "generic ",
                "2.14",
                "2.40",
                "'; DROP TABLE sensor; --",
                "<b>x</b>",
                "=1+1",
            ])
            .prop_map(str::to_owned),
            ".{0,12}",
            (190_usize..260).prop_map(|n| format!("z2m:{}", "ß".repeat(n))),
        ]
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        Cell(Index, Index, String),
        DropCell(Index),
        AddCell(Index, String),
        DuplicateRow(Index),
        BlankRow(Index),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            4 => (any::<Index>(), any::<Index>(), hostile_cell())
                .prop_map(|(row, cell, text)| Mutation::Cell(row, cell, text)),
            1 => any::<Index>().prop_map(Mutation::DropCell),
            1 => (any::<Index>(), hostile_cell()).prop_map(|(row, text)| Mutation::AddCell(row, text)),
            1 => any::<Index>().prop_map(Mutation::DuplicateRow),
            1 => any::<Index>().prop_map(Mutation::BlankRow),
        ]
    }

    fn mutate(rows: &mut Vec<Vec<String>>, mutation: &Mutation) {
        let count = rows.len();
        match mutation {
            Mutation::Cell(row, cell, text) => {
                if let Some(row) = rows.get_mut(row.index(count)) {
                    let at = cell.index(row.len().max(1));
                    if let Some(cell) = row.get_mut(at) {
                        cell.clone_from(text);
                    }
                }
            }
            Mutation::DropCell(row) => {
                if let Some(row) = rows.get_mut(row.index(count)) {
                    row.pop();
                }
            }
            Mutation::AddCell(row, text) => {
                if let Some(row) = rows.get_mut(row.index(count)) {
                    row.push(text.clone());
                }
            }
            Mutation::DuplicateRow(row) => {
                if let Some(copy) = rows.get(row.index(count)).cloned() {
                    rows.push(copy);
                }
            }
            Mutation::BlankRow(row) => rows.insert(row.index(count + 1), Vec::new()),
        }
    }

    /// Every refusal names a line of the text and one of the file's fields.
    fn assert_located(text: &str, errors: &[LineError]) {
        assert!(!errors.is_empty());
        // A carriage return alone ends a line too, for the reader and for most editors.
        let breaks = text.replace("\r\n", "\n").matches(['\n', '\r']).count();
        let lines = u64::try_from(breaks + 1).unwrap_or(u64::MAX);
        for error in errors {
            assert!(
                (1..=lines).contains(&error.line),
                "{error:?} in {lines} lines"
            );
            assert!(FIELDS.contains(&error.field.as_str()), "{error:?}");
            assert!(!error.message.is_empty(), "{error:?}");
        }
    }

    fn assert_read_or_located(text: &str) {
        match read_csv(text, &places()) {
            Ok(sensors) => {
                for sensor in sensors {
                    assert!(sensor.device_key.len() <= MAX_TEXT && !sensor.model.is_empty());
                    assert!(sensor.desk_id.is_some() != sensor.room_id.is_some());
                }
            }
            Err(errors) => assert_located(text, &errors),
        }
    }

    proptest! {
        #![proptest_config(config(256))]

        #[test]
        fn arbitrary_text_is_read_or_refused_by_line_and_field(text in ".{0,300}") {
            assert_read_or_located(&text);
            assert_read_or_located(&format!("{}\n{text}", HEADER.join(",")));
        }

        #[test]
        fn arbitrary_bytes_read_as_text_are_read_or_refused(
            bytes in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            let text = format!("{}\n{}", HEADER.join(","), String::from_utf8_lossy(&bytes));
            assert_read_or_located(&text);
        }

        #[test]
        fn a_mutated_file_is_read_or_refused_by_line_and_field(
            rows in valid_rows(),
            mutations in prop::collection::vec(mutation(), 1..5),
            crlf in any::<bool>(),
            raw in any::<bool>(),
        ) {
            let mut cells: Vec<Vec<String>> = vec![HEADER.iter().map(|h| (*h).to_owned()).collect()];
            cells.extend(rows.into_iter().map(|(cells, _)| cells));
            for mutation in &mutations {
                mutate(&mut cells, mutation);
            }
            let text = if raw {
                // Cells joined without quoting: stray quotes, commas and line breaks as typed.
                cells
                    .iter()
                    .map(|row| row.join(","))
                    .collect::<Vec<_>>()
                    .join(if crlf { "\r\n" } else { "\n" })
            } else {
                written(&cells, crlf)
            };
            assert_read_or_located(&text);
        }

        #[test]
        fn a_valid_file_reads_back_as_written(rows in valid_rows(), crlf in any::<bool>()) {
            let mut cells: Vec<Vec<String>> = vec![HEADER.iter().map(|h| (*h).to_owned()).collect()];
            let expected: Vec<Checked> = rows.iter().map(|(_, checked)| checked.clone()).collect();
            cells.extend(rows.into_iter().map(|(cells, _)| cells));
            let text = written(&cells, crlf);
            prop_assert_eq!(read_csv(&text, &places()), Ok(expected), "{}", text);
        }
    }
}
