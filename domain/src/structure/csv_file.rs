//! The building file as one CSV, for editing in a spreadsheet: a row per thing, its `kind`
//! (`building`, `floor`, `zone`, `desk`, `room`, `sensor`) in the first column and its values
//! in the columns that kind uses ([`COLUMNS`]); a cell of a column the kind does not use stays
//! empty. Zones, desks and rooms name their floor by its `level`; lists (`next_to`,
//! `equipment`) are separated by `;`.
//!
//! The walkway graph ([`super::walkway`]) is not part of the CSV: the export leaves it out,
//! and importing a CSV keeps the walkways the building has (edit them in the JSON file).
//!
//! Reading builds the same JSON value the JSON file holds and checks it with the JSON file's
//! checks ([`super::check`]), so both forms give the same [`BuildingFile`], the same problems
//! and the same import. Every problem is then put on the CSV line of its row and named by its
//! column, as `line 12: zone: unknown zone "nord"`.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::StructureError;
use super::check::{self, NOT_UTF8, Owners, Problem};
use super::format::BuildingFile;
use super::import::{Checked, Outcome, import_reading};
use sea_orm::DatabaseConnection;

/// Every column of the CSV, in the order the export writes them.
pub const COLUMNS: &[&str] = &[
    "kind",
    "level",
    "slug",
    "label",
    "name",
    "address",
    "timezone",
    "site",
    "site_name",
    "zone",
    "zone_kind",
    "x",
    "y",
    "width",
    "height",
    "distance_to_lift_m",
    "next_to",
    "rotation",
    "has_docking",
    "monitors",
    "height_adjustable",
    "accessible",
    "blocked",
    "notes",
    "capacity",
    "privacy_class",
    "step_free",
    "hearing_loop",
    "equipment",
    "buffer_before_min",
    "buffer_after_min",
    "device_key",
    "model",
    "protocol",
    "desk",
    "room",
    "max_slot_minutes",
];

/// What a row is, by its `kind` cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Building,
    Floor,
    Zone,
    Desk,
    Room,
    Sensor,
}

/// The kinds of row, as the `kind` column spells them.
pub const KINDS: &[&str] = &["building", "floor", "zone", "desk", "room", "sensor"];

impl Kind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "building" => Self::Building,
            "floor" => Self::Floor,
            "zone" => Self::Zone,
            "desk" => Self::Desk,
            "room" => Self::Room,
            "sensor" => Self::Sensor,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::Building => "building",
            Self::Floor => "floor",
            Self::Zone => "zone",
            Self::Desk => "desk",
            Self::Room => "room",
            Self::Sensor => "sensor",
        }
    }

    /// The cells of this kind of row.
    fn cells(self) -> &'static [Cell] {
        match self {
            Self::Building => BUILDING,
            Self::Floor => FLOOR,
            Self::Zone => ZONE,
            Self::Desk => DESK,
            Self::Room => ROOM,
            Self::Sensor => SENSOR,
        }
    }

    /// The column holding a JSON field of this kind of row, or the first column of an
    /// object field (`site` for `site.slug`); empty for none.
    fn column_of(self, field: &str) -> &'static str {
        let cells = self.cells();
        cells
            .iter()
            .find(|c| c.field == field)
            .or_else(|| {
                cells.iter().find(|c| {
                    c.field
                        .split_once('.')
                        .is_some_and(|(object, _)| object == field)
                })
            })
            .map_or("", |c| c.column)
    }

    /// The field a broken row gets an impossible value in, so that the check takes it as
    /// unreadable (and references to it are not reported again).
    fn poison(self) -> &'static str {
        match self {
            Self::Building => "name",
            Self::Floor => "plan_width",
            Self::Sensor => "model",
            Self::Zone | Self::Desk | Self::Room => "x",
        }
    }
}

/// How a cell is read into the JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// Text as written (not trimmed); empty: left out.
    Text,
    /// A word (trimmed), such as a kind of zone; empty: left out.
    Word,
    /// A whole number; anything else is given to the check as text, which names it.
    Int,
    /// `true`/`false` (also `yes`/`no`, `1`/`0`, `wahr`/`falsch`, `ja`/`nein`).
    Bool,
    /// Items separated by `;`.
    List,
    /// The level of the floor the thing stands on (not a field of its own).
    Floor,
}

/// A column a kind of row uses: the JSON field it fills, how it is read, whether it is needed.
#[derive(Debug, Clone, Copy)]
struct Cell {
    column: &'static str,
    field: &'static str,
    read: Read,
    required: bool,
}

const fn req(column: &'static str, field: &'static str, read: Read) -> Cell {
    Cell {
        column,
        field,
        read,
        required: true,
    }
}

const fn opt(column: &'static str, field: &'static str, read: Read) -> Cell {
    Cell {
        column,
        field,
        read,
        required: false,
    }
}

const BUILDING: &[Cell] = &[
    req("slug", "slug", Read::Text),
    req("name", "name", Read::Text),
    opt("address", "address", Read::Text),
    opt("timezone", "timezone", Read::Word),
    opt("site", "site.slug", Read::Text),
    opt("site_name", "site.name", Read::Text),
];

const FLOOR: &[Cell] = &[
    req("level", "level", Read::Int),
    req("name", "name", Read::Text),
    req("width", "plan_width", Read::Int),
    req("height", "plan_height", Read::Int),
];

const ZONE: &[Cell] = &[
    req("level", "", Read::Floor),
    req("slug", "slug", Read::Text),
    req("name", "name", Read::Text),
    req("zone_kind", "kind", Read::Word),
    req("x", "x", Read::Int),
    req("y", "y", Read::Int),
    req("width", "width", Read::Int),
    req("height", "height", Read::Int),
    opt("distance_to_lift_m", "distance_to_lift_m", Read::Int),
    opt("next_to", "next_to", Read::List),
];

const DESK: &[Cell] = &[
    req("level", "", Read::Floor),
    req("label", "label", Read::Text),
    req("zone", "zone", Read::Text),
    req("x", "x", Read::Int),
    req("y", "y", Read::Int),
    req("width", "width", Read::Int),
    req("height", "height", Read::Int),
    opt("rotation", "rotation", Read::Int),
    opt("has_docking", "has_docking", Read::Bool),
    opt("monitors", "monitors", Read::Int),
    opt("height_adjustable", "height_adjustable", Read::Bool),
    opt("accessible", "accessible", Read::Bool),
    opt("blocked", "blocked", Read::Bool),
    opt("notes", "notes", Read::Text),
];

const ROOM: &[Cell] = &[
    req("level", "", Read::Floor),
    req("label", "label", Read::Text),
    req("name", "name", Read::Text),
    opt("zone", "zone", Read::Text),
    req("capacity", "capacity", Read::Int),
    opt("privacy_class", "privacy_class", Read::Word),
    opt("step_free", "step_free", Read::Bool),
    opt("hearing_loop", "hearing_loop", Read::Bool),
    opt("equipment", "equipment", Read::List),
    opt("buffer_before_min", "buffer_before_min", Read::Int),
    opt("buffer_after_min", "buffer_after_min", Read::Int),
    opt("max_slot_minutes", "max_slot_minutes", Read::Int),
    req("x", "x", Read::Int),
    req("y", "y", Read::Int),
    req("width", "width", Read::Int),
    req("height", "height", Read::Int),
];

const SENSOR: &[Cell] = &[
    req("device_key", "device_key", Read::Text),
    req("model", "model", Read::Text),
    req("protocol", "protocol", Read::Word),
    opt("desk", "desk", Read::Text),
    opt("room", "room", Read::Text),
];

/// Where a JSON object of the built value came from.
#[derive(Debug, Clone, Copy)]
struct Origin {
    line: usize,
    kind: Kind,
    /// Its problems are reported already (or are not the file's): they are left out.
    silent: bool,
}

/// A row read so far.
#[derive(Debug)]
struct Row {
    line: usize,
    kind: Kind,
    object: Map<String, Value>,
    /// The floor it stands on (the level as written, numbers normalized), for zones, desks
    /// and rooms.
    floor: String,
    silent: bool,
}

/// A building CSV read and checked on its own, to be checked against the database and
/// finished as the JSON file is.
#[derive(Debug)]
pub struct CsvReading {
    reading: check::Reading,
    places: Places,
}

/// Where the check's JSON paths are in the CSV.
#[derive(Debug)]
struct Places {
    /// The JSON path of each object → its row.
    origins: HashMap<String, Origin>,
    /// The header's columns.
    header: HashSet<String>,
}

/// What an empty file is told.
const EMPTY: &str = "the file is empty; a building CSV starts with the header kind,level,slug,\
                     label,name,… (see the README)";

/// Whether `bytes` look like a building CSV: text whose first line is a CSV header with a
/// `kind` column.
#[must_use]
pub fn looks_like_building_csv(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.trim_ascii_start().starts_with(b"{") {
        return false;
    }
    let mut csv = ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    csv.byte_headers().is_ok_and(|header| {
        header
            .iter()
            .any(|name| name.trim_ascii().eq_ignore_ascii_case(b"kind"))
    })
}

/// A line number from the CSV reader's position.
fn line_of(position: Option<&::csv::Position>) -> usize {
    position.map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX))
}

fn at(line: usize, column: &str, message: impl Into<String>) -> Problem {
    Problem {
        line: Some(line),
        path: column.to_owned(),
        field: column.to_owned(),
        message: message.into(),
    }
}

/// The level `text` of a floor as a key: a whole number written the usual way, else the text.
fn floor_key(text: &str) -> String {
    text.parse::<i64>()
        .map_or_else(|_| text.to_owned(), |n| n.to_string())
}

/// Reads a cell into the JSON value it stands for; `None` when it is empty.
fn cell_value(read: Read, text: &str) -> Option<Value> {
    let trimmed = text.trim();
    match read {
        Read::Text => (!text.is_empty()).then(|| Value::String(text.to_owned())),
        Read::Floor => None,
        _ if trimmed.is_empty() => None,
        Read::Word => Some(Value::String(trimmed.to_owned())),
        Read::Int => Some(
            trimmed
                .parse::<i64>()
                .map_or_else(|_| Value::String(trimmed.to_owned()), Value::from),
        ),
        Read::Bool => Some(match trimmed.to_lowercase().as_str() {
            "true" | "yes" | "1" | "wahr" | "ja" => Value::Bool(true),
            "false" | "no" | "0" | "falsch" | "nein" => Value::Bool(false),
            _ => Value::String(trimmed.to_owned()),
        }),
        Read::List => Some(Value::Array(
            trimmed
                .split(';')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        )),
    }
}

/// Reads and checks `bytes` as a building CSV. `Err` when it cannot be read at all (empty, a
/// header that is not UTF-8 or names unknown columns, no rows): those problems, with their line.
pub fn read(bytes: &[u8]) -> Result<CsvReading, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![Problem::at("", EMPTY)]);
    }
    let mut csv = ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = match csv.byte_headers() {
        Ok(header) => header.clone(),
        Err(err) => return Err(vec![at(1, "", format!("not valid CSV: {err}"))]),
    };
    let names = header_names(&header)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                problems.push(at(
                    line_of(err.position()),
                    "",
                    format!("not valid CSV: {err}"),
                ));
                continue;
            }
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = line_of(record.position());
        if record.len() != names.len() {
            problems.push(at(
                line,
                "",
                format!(
                    "this row has {} fields, the header {}; a field with a comma needs quotes \
                     (\"…\")",
                    record.len(),
                    names.len()
                ),
            ));
            continue;
        }
        rows.extend(read_row(line, &names, &record, &mut problems));
    }
    if rows.is_empty() && problems.is_empty() {
        return Err(vec![at(1, "", "the file has a header but no rows")]);
    }
    let header: HashSet<String> = names.into_iter().collect();
    problems.extend(missing_columns(&header, &rows));
    let (root, origins) = assemble(rows, &header, &mut problems);
    let mut reading = check::read_value(String::new(), &root);
    for problem in problems {
        reading.add_problem(problem);
    }
    Ok(CsvReading {
        reading,
        places: Places { origins, header },
    })
}

/// The header's column names (trimmed, lower-case), or every problem with them.
fn header_names(header: &::csv::ByteRecord) -> Result<Vec<String>, Vec<Problem>> {
    let mut names: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for (i, field) in header.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(field) else {
            return Err(vec![at(1, "", NOT_UTF8)]);
        };
        let name = name.trim().to_lowercase();
        // A column without a name (as spreadsheets leave after the last one) is let be; a
        // value in it is reported on its row.
        if name.is_empty() {
            names.push(name);
            continue;
        }
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(at(
                1,
                &name,
                format!(
                    "unknown column \"{name}\" (column {}); the columns are: {}",
                    i + 1,
                    COLUMNS.join(", ")
                ),
            ));
        } else if names.contains(&name) {
            problems.push(at(
                1,
                &name,
                format!("the column \"{name}\" is there twice"),
            ));
        }
        names.push(name);
    }
    if !names.iter().any(|n| n == "kind") {
        problems.push(at(
            1,
            "kind",
            format!(
                "missing column \"kind\": every row says what it is ({})",
                KINDS.join(", ")
            ),
        ));
    }
    if problems.is_empty() {
        Ok(names)
    } else {
        Err(problems)
    }
}

/// One row of the file (its fields as many as the header's). A row whose kind cannot be told
/// gives unreadable zones, desks and rooms of its slug or label, so that what refers to it is
/// not reported again.
fn read_row(
    line: usize,
    names: &[String],
    record: &::csv::ByteRecord,
    problems: &mut Vec<Problem>,
) -> Vec<Row> {
    let mut cells: Vec<(&str, &str)> = Vec::new();
    let mut unreadable = Vec::new();
    for (name, field) in names.iter().zip(record.iter()) {
        match std::str::from_utf8(field) {
            Ok(text) => cells.push((name.as_str(), text)),
            Err(_) => unreadable.push(name.as_str()),
        }
    }
    let cell_of = |column: &str| {
        cells
            .iter()
            .find(|(name, _)| *name == column)
            .map(|(_, text)| *text)
    };
    let kind_text = cell_of("kind").map(|k| k.trim().to_lowercase());
    let unknown = match kind_text.as_deref() {
        None if unreadable.contains(&"kind") => NOT_UTF8.to_owned(),
        None | Some("") => format!("empty; every row needs a kind: {}", KINDS.join(", ")),
        Some(text) if Kind::parse(text).is_none() => {
            format!(
                "unknown kind \"{text}\"; the kinds are {}",
                KINDS.join(", ")
            )
        }
        Some(_) => String::new(),
    };
    let Some(kind) = kind_text.as_deref().and_then(Kind::parse) else {
        problems.push(at(line, "kind", unknown));
        let floor = floor_key(cell_of("level").unwrap_or_default().trim());
        let unreadable = |kind: Kind, key: &str, value: Option<&str>| {
            let value = value.filter(|v| !v.is_empty())?;
            let mut object = Map::new();
            object.insert(key.to_owned(), Value::String(value.to_owned()));
            object.insert(kind.poison().to_owned(), Value::Null);
            Some(Row {
                line,
                kind,
                object,
                floor: floor.clone(),
                silent: true,
            })
        };
        return [
            unreadable(Kind::Zone, "slug", cell_of("slug")),
            unreadable(Kind::Desk, "label", cell_of("label")),
            unreadable(Kind::Room, "label", cell_of("label")),
        ]
        .into_iter()
        .flatten()
        .collect();
    };
    let mut silent = false;
    for column in unreadable {
        problems.push(at(line, column, NOT_UTF8));
        silent = true;
    }
    let table = kind.cells();
    let mut object = Map::new();
    let mut floor = String::new();
    for (column, text) in &cells {
        if *column == "kind" {
            continue;
        }
        let Some(cell) = table.iter().find(|c| c.column == *column) else {
            if column.is_empty() && !text.trim().is_empty() {
                problems.push(at(
                    line,
                    "",
                    format!(
                        "\"{}\" is in a column without a name in the header; name the column \
                         or leave the cell empty",
                        text.trim().chars().take(40).collect::<String>()
                    ),
                ));
            } else if !text.trim().is_empty() {
                problems.push(at(
                    line,
                    column,
                    format!("a {} has no {column}; leave this cell empty", kind.name()),
                ));
            }
            continue;
        };
        if cell.read == Read::Floor {
            floor = floor_key(text.trim());
        } else if let Some(value) = cell_value(cell.read, text) {
            match cell.field.split_once('.') {
                // A field of an object field, such as the site's slug.
                Some((outer, inner)) => {
                    if let Value::Object(fields) = object
                        .entry(outer)
                        .or_insert_with(|| Value::Object(Map::new()))
                    {
                        fields.insert(inner.to_owned(), value);
                    }
                }
                None => {
                    object.insert(cell.field.to_owned(), value);
                }
            }
        }
    }
    if silent {
        object.insert(kind.poison().to_owned(), Value::Null);
    }
    vec![Row {
        line,
        kind,
        object,
        floor,
        silent,
    }]
}

/// One problem on the header's line for each column some row needs that the header lacks.
fn missing_columns(header: &HashSet<String>, rows: &[Row]) -> Vec<Problem> {
    let mut first: Vec<(&'static str, Kind, usize)> = Vec::new();
    // A row that could not be read whole says nothing about the columns.
    for row in rows.iter().filter(|r| !r.silent) {
        for cell in row.kind.cells().iter().filter(|c| c.required) {
            if !header.contains(cell.column) && !first.iter().any(|(c, _, _)| *c == cell.column) {
                first.push((cell.column, row.kind, row.line));
            }
        }
    }
    first
        .into_iter()
        .map(|(column, kind, line)| {
            at(
                1,
                column,
                format!(
                    "missing column \"{column}\": every {} needs one (the first is on line \
                     {line})",
                    kind.name()
                ),
            )
        })
        .collect()
}

/// The rows as the JSON value of a building file, and where each of its objects came from.
fn assemble(
    rows: Vec<Row>,
    header: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> (Value, HashMap<String, Origin>) {
    let mut origins = HashMap::new();
    let mut root = Map::new();
    let mut building: Option<usize> = None;
    let mut floors: Vec<(Map<String, Value>, Origin, String)> = Vec::new();
    let mut children: Vec<Row> = Vec::new();
    let mut sensors = Vec::new();
    for row in rows {
        let origin = Origin {
            line: row.line,
            kind: row.kind,
            silent: row.silent,
        };
        match row.kind {
            Kind::Building => match building {
                Some(first) => problems.push(at(
                    row.line,
                    "kind",
                    format!(
                        "a second building row (the first is on line {first}); a file holds \
                         one building"
                    ),
                )),
                None => {
                    building = Some(row.line);
                    root = row.object;
                    origins.insert(String::new(), origin);
                }
            },
            Kind::Floor => {
                let key = row
                    .object
                    .get("level")
                    .map(|level| match level {
                        Value::String(text) => floor_key(text),
                        other => other.to_string(),
                    })
                    .unwrap_or_default();
                floors.push((row.object, origin, key));
            }
            Kind::Sensor => {
                origins.insert(format!("sensors[{}]", sensors.len()), origin);
                sensors.push(Value::Object(row.object));
            }
            Kind::Zone | Kind::Desk | Kind::Room => children.push(row),
        }
    }
    if building.is_none() {
        problems.push(at(
            1,
            "kind",
            "no row of kind building: the file needs one, with the building's slug and name \
             (address and timezone may be left empty)",
        ));
        origins.insert(
            String::new(),
            Origin {
                line: 1,
                kind: Kind::Building,
                silent: true,
            },
        );
    }
    // Things on a floor no row names go on a floor of their own that the check cannot read:
    // their own fields are still checked, and nothing refers to them again.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, (_, _, key)) in floors.iter().enumerate() {
        by_key.entry(key.clone()).or_insert(i);
    }
    let mut lists: Vec<[Vec<Value>; 3]> = floors.iter().map(|_| Default::default()).collect();
    for row in children {
        let floor = match by_key.get(&row.floor) {
            Some(floor) => *floor,
            None => {
                if header.contains("level") && !row.silent {
                    let message = if row.floor.is_empty() {
                        format!("empty; every {} needs its floor's level", row.kind.name())
                    } else {
                        format!(
                            "no floor has level {}; add a row of kind floor with this level",
                            row.floor
                        )
                    };
                    problems.push(at(row.line, "level", message));
                }
                let mut placeholder = Map::new();
                placeholder.insert("level".to_owned(), Value::String(row.floor.clone()));
                floors.push((
                    placeholder,
                    Origin {
                        line: row.line,
                        kind: Kind::Floor,
                        silent: true,
                    },
                    row.floor.clone(),
                ));
                lists.push(Default::default());
                let index = floors.len() - 1;
                by_key.insert(row.floor.clone(), index);
                index
            }
        };
        let (list, name) = match row.kind {
            Kind::Zone => (0, "zones"),
            Kind::Desk => (1, "desks"),
            _ => (2, "rooms"),
        };
        let items = &mut lists[floor][list];
        origins.insert(
            format!("floors[{floor}].{name}[{}]", items.len()),
            Origin {
                line: row.line,
                kind: row.kind,
                silent: row.silent,
            },
        );
        items.push(Value::Object(row.object));
    }
    let floors: Vec<Value> = floors
        .into_iter()
        .zip(lists)
        .enumerate()
        .map(|(i, ((mut object, origin, _), [zones, desks, rooms]))| {
            origins.insert(format!("floors[{i}]"), origin);
            object.insert("zones".to_owned(), Value::Array(zones));
            object.insert("desks".to_owned(), Value::Array(desks));
            object.insert("rooms".to_owned(), Value::Array(rooms));
            Value::Object(object)
        })
        .collect();
    root.insert("floors".to_owned(), Value::Array(floors));
    root.insert("sensors".to_owned(), Value::Array(sensors));
    (Value::Object(root), origins)
}

impl CsvReading {
    /// The checked file, or every problem found, each on its line and column.
    pub fn finish(self) -> Result<BuildingFile, Vec<Problem>> {
        Checked::finish(self)
    }
}

impl Places {
    /// Puts a problem of the check (a JSON path, no line) on its row's line and column;
    /// `None` when it is not to be shown (reported already, or as a missing column).
    fn locate(&self, mut problem: Problem) -> Option<Problem> {
        if problem.line.is_some() {
            return Some(problem);
        }
        let path = problem.path.as_str();
        let (object, field) = if self.origins.contains_key(path) {
            (path, "")
        } else {
            match path.rsplit_once('.') {
                Some((object, field)) if self.origins.contains_key(object) => (object, field),
                _ => ("", path),
            }
        };
        let field = field.split('[').next().unwrap_or_default();
        let origin = self.origins.get(object)?;
        if origin.silent {
            return None;
        }
        let column = if field.is_empty() {
            ""
        } else {
            origin.kind.column_of(field)
        };
        if !column.is_empty() && !self.header.contains(column) {
            return None;
        }
        if problem.message.starts_with("missing field") {
            problem.message = format!("empty; every {} needs its {column}", origin.kind.name());
        }
        Some(Problem {
            line: Some(origin.line),
            path: column.to_owned(),
            field: column.to_owned(),
            message: self.lines_for_paths(&problem.message),
        })
    }

    /// `message` with each `(also at PATH)` as `(also on line N)`.
    fn lines_for_paths(&self, message: &str) -> String {
        const MARK: &str = "(also at ";
        let mut out = String::new();
        let mut rest = message;
        while let Some(start) = rest.find(MARK) {
            let after = &rest[start + MARK.len()..];
            let Some(end) = after.find(')') else {
                break;
            };
            out.push_str(&rest[..start]);
            match self.origins.get(&after[..end]) {
                Some(origin) => out.push_str(&format!("(also on line {})", origin.line)),
                None => out.push_str(&rest[start..start + MARK.len() + end + 1]),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

impl Checked for CsvReading {
    fn check_owners(&mut self, owners: &Owners) {
        self.reading.check_owners(owners);
    }

    fn building_slug(&self) -> Option<&str> {
        self.reading.building_slug()
    }

    fn add_problem(&mut self, problem: Problem) {
        self.reading.add_problem(problem);
    }

    fn finish(self) -> Result<BuildingFile, Vec<Problem>> {
        let places = self.places;
        self.reading.finish().map_err(|problems| {
            let mut located: Vec<Problem> = problems
                .into_iter()
                .filter_map(|p| places.locate(p))
                .collect();
            if located.is_empty() {
                located.push(Problem::at("", "the building could not be read"));
            }
            located.sort_by_key(|p| p.line.unwrap_or(0));
            located
        })
    }
}

/// Checks the building CSV `bytes` whole and, when it has no problem, writes what differs
/// from the database in one transaction (unless `dry_run`), as [`super::import()`] does for
/// the JSON file. Every problem is returned at once, each on its line and column, as
/// [`StructureError::Invalid`]; then nothing is written.
#[tracing::instrument(skip_all, fields(bytes = bytes.len(), dry_run))]
pub async fn import(
    db: &DatabaseConnection,
    bytes: &[u8],
    dry_run: bool,
) -> Result<Outcome, StructureError> {
    import_showing(db, bytes, dry_run, &crate::progress::Quiet).await
}

/// [`import()`], telling `progress` how far it is.
pub async fn import_showing(
    db: &DatabaseConnection,
    bytes: &[u8],
    dry_run: bool,
    progress: &dyn crate::progress::Progress,
) -> Result<Outcome, StructureError> {
    let reading = read(bytes).map_err(StructureError::Invalid)?;
    import_reading(db, reading, dry_run, progress).await
}

// --- Writing --------------------------------------------------------------------------------

/// Why a building cannot be written as CSV.
#[derive(Debug, thiserror::Error)]
pub enum CsvExportError {
    /// A zone slug or equipment key in a list holds the list's separator.
    #[error(
        "{0} \"{1}\" holds a `;`, which separates the items of a CSV list; export the \
         building as JSON, or rename it"
    )]
    Separator(&'static str, String),
    /// The CSV writer failed.
    #[error("csv: {0}")]
    Write(String),
}

fn write_error(err: impl std::fmt::Display) -> CsvExportError {
    CsvExportError::Write(err.to_string())
}

/// `items` as one list cell, separated by `;`.
fn list_cell(what: &'static str, items: &[String]) -> Result<String, CsvExportError> {
    if let Some(item) = items.iter().find(|i| i.contains(';')) {
        return Err(CsvExportError::Separator(what, item.clone()));
    }
    Ok(items.join(";"))
}

fn yes(value: bool) -> String {
    if value { "true" } else { "false" }.to_owned()
}

/// The building `file` as the CSV [`read`] reads: the header, the building, then each floor
/// followed by its zones, desks and rooms, then the sensors; every value written out, also
/// the defaults.
pub fn to_csv(file: &BuildingFile) -> Result<String, CsvExportError> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(write_error)?;
    let mut row = |cells: &[(&str, String)]| {
        let record: Vec<&str> = COLUMNS
            .iter()
            .map(|column| {
                cells
                    .iter()
                    .find(|(c, _)| c == column)
                    .map_or("", |(_, v)| v.as_str())
            })
            .collect();
        out.write_record(&record).map_err(write_error)
    };
    row(&[
        ("kind", "building".to_owned()),
        ("slug", file.slug.clone()),
        ("name", file.name.clone()),
        ("address", file.address.clone()),
        ("timezone", file.timezone.clone()),
        (
            "site",
            file.site
                .as_ref()
                .map(|s| s.slug.clone())
                .unwrap_or_default(),
        ),
        (
            "site_name",
            file.site
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        ),
    ])?;
    for floor in &file.floors {
        let level = floor.level.to_string();
        row(&[
            ("kind", "floor".to_owned()),
            ("level", level.clone()),
            ("name", floor.name.clone()),
            ("width", floor.plan_width.to_string()),
            ("height", floor.plan_height.to_string()),
        ])?;
        for z in &floor.zones {
            row(&[
                ("kind", "zone".to_owned()),
                ("level", level.clone()),
                ("slug", z.slug.clone()),
                ("name", z.name.clone()),
                ("zone_kind", z.kind.clone()),
                ("x", z.x.to_string()),
                ("y", z.y.to_string()),
                ("width", z.width.to_string()),
                ("height", z.height.to_string()),
                ("distance_to_lift_m", z.distance_to_lift_m.to_string()),
                ("next_to", list_cell("zone", &z.next_to)?),
            ])?;
        }
        for d in &floor.desks {
            row(&[
                ("kind", "desk".to_owned()),
                ("level", level.clone()),
                ("label", d.label.clone()),
                ("zone", d.zone.clone()),
                ("x", d.x.to_string()),
                ("y", d.y.to_string()),
                ("width", d.width.to_string()),
                ("height", d.height.to_string()),
                ("rotation", d.rotation.to_string()),
                ("has_docking", yes(d.has_docking)),
                ("monitors", d.monitors.to_string()),
                ("height_adjustable", yes(d.height_adjustable)),
                ("accessible", yes(d.accessible)),
                ("blocked", yes(d.blocked)),
                ("notes", d.notes.clone().unwrap_or_default()),
            ])?;
        }
        for r in &floor.rooms {
            row(&[
                ("kind", "room".to_owned()),
                ("level", level.clone()),
                ("label", r.label.clone()),
                ("name", r.name.clone()),
                ("zone", r.zone.clone().unwrap_or_default()),
                ("capacity", r.capacity.to_string()),
                ("privacy_class", r.privacy_class.clone()),
                ("step_free", yes(r.step_free)),
                ("hearing_loop", yes(r.hearing_loop)),
                ("equipment", list_cell("equipment", &r.equipment)?),
                ("buffer_before_min", r.buffer_before_min.to_string()),
                ("buffer_after_min", r.buffer_after_min.to_string()),
                (
                    "max_slot_minutes",
                    r.max_slot_minutes
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                ),
                ("x", r.x.to_string()),
                ("y", r.y.to_string()),
                ("width", r.width.to_string()),
                ("height", r.height.to_string()),
            ])?;
        }
    }
    for s in &file.sensors {
        row(&[
            ("kind", "sensor".to_owned()),
            ("device_key", s.device_key.clone()),
            ("model", s.model.clone()),
            ("protocol", s.protocol.clone()),
            ("desk", s.desk.clone().unwrap_or_default()),
            ("room", s.room.clone().unwrap_or_default()),
        ])?;
    }
    String::from_utf8(out.into_inner().map_err(write_error)?).map_err(write_error)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use proptest::prelude::*;
    use proptest::sample::Index;
    use sea_orm::{ConnectOptions, Database};
    use sea_orm_migration::MigratorTrait;

    use super::*;
    use crate::structure::export;

    const EXAMPLE_CSV: &[u8] = include_bytes!("../../../docs/examples/building.csv");
    const EXAMPLE_JSON: &[u8] = include_bytes!("../../../docs/examples/building.json");

    fn json_file(bytes: &[u8]) -> BuildingFile {
        check::read(bytes).unwrap().finish().unwrap()
    }

    /// The file `text` reads as, or its problems.
    fn read_text(text: &str) -> Result<BuildingFile, Vec<Problem>> {
        read(text.as_bytes())?.finish()
    }

    fn problems(text: &str) -> Vec<Problem> {
        read_text(text).err().unwrap_or_default()
    }

    /// A header of the columns named, and rows; each row a list of (column, value).
    fn csv_of(rows: &[&[(&str, &str)]]) -> String {
        let mut out = ::csv::Writer::from_writer(Vec::new());
        out.write_record(COLUMNS).unwrap();
        for row in rows {
            let record: Vec<&str> = COLUMNS
                .iter()
                .map(|c| row.iter().find(|(k, _)| k == c).map_or("", |(_, v)| *v))
                .collect();
            out.write_record(&record).unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    /// The example, whose lines are: 1 header, 2 building, 3 floor 0, 4–5 zones, 6 desk
    /// A0.01, 7–8 rooms, 9 floor 1, 10–11 zones, 12–18 desks A1.01–A1.07, 19–21 sensors.
    fn example() -> String {
        String::from_utf8(EXAMPLE_CSV.to_vec()).unwrap()
    }

    /// The example with line `line` (1-based) replaced by `with`.
    fn example_with(line: usize, with: &str) -> String {
        let mut lines: Vec<String> = example().lines().map(str::to_owned).collect();
        lines[line - 1] = with.to_owned();
        lines.join("\n") + "\n"
    }

    /// The example with the cell of `column` on line `line` set to `value`.
    fn example_cell(line: usize, column: &str, value: &str) -> String {
        cell_set(&example(), line, column, value)
    }

    /// `text` (a CSV of one line per row) with the cell of `column` on line `line` set to
    /// `value`, when there is such a line.
    fn cell_set(text: &str, line: usize, column: &str, value: &str) -> String {
        let mut records: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let index = COLUMNS.iter().position(|c| *c == column).unwrap();
        if let Some(record) = records.get_mut(line - 1) {
            record[index] = value.to_owned();
        }
        let mut out = ::csv::Writer::from_writer(Vec::new());
        for record in records {
            out.write_record(&record).unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    /// The one problem of `text`: its line, column and message.
    fn only_problem(text: &str) -> (Option<usize>, String, String) {
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        let p = &found[0];
        assert_eq!(p.path, p.field);
        (p.line, p.field.clone(), p.message.clone())
    }

    #[test]
    fn the_example_csv_reads_as_the_example_json() {
        let from_csv = read_text(&example()).unwrap();
        assert_eq!(from_csv, json_file(EXAMPLE_JSON).normalized());
        assert_eq!(from_csv.floors[1].desks.len(), 7);
        assert_eq!(from_csv.sensors.len(), 3);
    }

    #[test]
    fn the_example_csv_is_the_export_of_the_example_json() {
        let written = to_csv(&json_file(EXAMPLE_JSON).normalized()).unwrap();
        assert_eq!(written, example());
    }

    #[test]
    fn a_building_csv_is_told_from_other_files_by_its_header() {
        assert!(looks_like_building_csv(EXAMPLE_CSV));
        assert!(looks_like_building_csv(b"\xef\xbb\xbf Kind ,x\n"));
        assert!(looks_like_building_csv(b"name,kind\n"));
        assert!(!looks_like_building_csv(EXAMPLE_JSON));
        assert!(!looks_like_building_csv(include_bytes!(
            "../../../docs/examples/people.csv"
        )));
        assert!(!looks_like_building_csv(include_bytes!(
            "../../../docs/examples/units.csv"
        )));
        assert!(!looks_like_building_csv(b"{\"kind\": 1}"));
        assert!(!looks_like_building_csv(b""));
    }

    #[test]
    fn rows_may_come_in_any_order_and_columns_may_be_left_out() {
        let text = "level,kind,name,slug,label,zone,zone_kind,x,y,width,height\n\
                    0,desk,,,D1,z,,5,5,2,2\n\
                    0,zone,Zone,z,,,work,0,0,10,10\n\
                    ,building,Haus,h,,,,,,,\n\
                    0,floor,EG,,,,,,,10,10\n";
        let file = read_text(text).unwrap();
        assert_eq!(file.slug, "h");
        assert_eq!(file.timezone, "Europe/Berlin");
        assert_eq!(file.floors[0].desks[0].zone, "z");
        assert_eq!(file.floors[0].desks[0].monitors, 0);
        assert_eq!(file.floors[0].zones[0].next_to, Vec::<String>::new());
    }

    #[test]
    fn cells_are_read_as_a_spreadsheet_writes_them() {
        let text = csv_of(&[
            &[
                ("kind", "Building"),
                ("slug", "h"),
                ("name", "Haus, Nord"),
                ("site", "campus"),
                ("site_name", "Campus Döppersberg"),
            ],
            &[
                ("kind", " floor "),
                ("level", "00"),
                ("name", "EG"),
                ("width", "10"),
                ("height", "10"),
            ],
            &[
                ("kind", "zone"),
                ("level", "0"),
                ("slug", "z"),
                ("name", "Z"),
                ("zone_kind", " quiet "),
                ("x", "0"),
                ("y", "0"),
                ("width", " 10 "),
                ("height", "10"),
            ],
            &[
                ("kind", "desk"),
                ("level", "0"),
                ("label", "D1"),
                ("zone", "z"),
                ("x", "1"),
                ("y", "1"),
                ("width", "1"),
                ("height", "1"),
                ("has_docking", "WAHR"),
                ("accessible", "ja"),
                ("blocked", "0"),
                ("notes", "Fenster \"Süd\"\nzweite Zeile"),
            ],
            &[
                ("kind", "room"),
                ("level", "0"),
                ("label", "R1"),
                ("name", "Raum"),
                ("capacity", "4"),
                ("equipment", " screen ; ;video"),
                ("x", "2"),
                ("y", "2"),
                ("width", "1"),
                ("height", "1"),
            ],
        ]);
        let file = read_text(&text).unwrap();
        assert_eq!(file.name, "Haus, Nord");
        let site = file.site.as_ref().unwrap();
        assert_eq!(
            (site.slug.as_str(), site.name.as_str()),
            ("campus", "Campus Döppersberg")
        );
        assert_eq!(file.floors[0].zones[0].kind, "quiet");
        let desk = &file.floors[0].desks[0];
        assert!(desk.has_docking && desk.accessible && !desk.blocked);
        assert_eq!(desk.notes.as_deref(), Some("Fenster \"Süd\"\nzweite Zeile"));
        let room = &file.floors[0].rooms[0];
        assert_eq!(room.equipment, ["screen", "video"]);
        assert_eq!(room.zone, None);
        assert_eq!(room.privacy_class, "standard");
    }

    // --- Broken files: each kind of problem on its line and column ---------------------------

    #[test]
    fn an_empty_file_or_one_without_rows_says_so() {
        for empty in ["", " \n\n", "\u{feff}"] {
            let (line, _, message) = only_problem(empty);
            assert_eq!(line, None);
            assert!(message.contains("empty"), "{message}");
        }
        let (line, _, message) = only_problem("kind,level,slug\n");
        assert_eq!(line, Some(1));
        assert!(message.contains("no rows"), "{message}");
    }

    #[test]
    fn wrong_columns_are_named_on_the_header_line() {
        let text = example().replacen("kind,level,", "kind,colour,level,level,", 1);
        let found = read(text.as_bytes()).err().unwrap();
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 2, "{shown:#?}");
        assert!(shown[0].starts_with("line 1: colour: unknown column \"colour\" (column 2)"));
        assert!(shown[1].starts_with("line 1: level: the column \"level\" is there twice"));

        let (line, column, message) = only_problem("slug,name\nh,Haus\n");
        assert_eq!((line, column.as_str()), (Some(1), "kind"));
        assert!(message.contains("missing column \"kind\""), "{message}");
    }

    #[test]
    fn a_column_a_row_needs_is_missing_once_on_the_header_line() {
        let text = "kind,level,slug,label,name,zone,x,y,width,height\n\
                    building,,h,,Haus,,,,,\n\
                    floor,0,,,EG,,,,10,10\n\
                    room,0,,R1,Raum,,1,1,1,1\n\
                    room,0,,R2,Raum,,1,1,1,1\n";
        let (line, column, message) = only_problem(text);
        assert_eq!((line, column.as_str()), (Some(1), "capacity"));
        assert!(
            message.contains("every room needs one (the first is on line 4)"),
            "{message}"
        );
    }

    #[test]
    fn an_unknown_kind_is_named_with_the_kinds() {
        let (line, column, message) = only_problem(&example_cell(13, "kind", "table"));
        assert_eq!((line, column.as_str()), (Some(13), "kind"));
        assert!(message.contains("unknown kind \"table\""), "{message}");
        assert!(message.contains("building, floor, zone, desk, room, sensor"));
        let (line, _, message) = only_problem(&example_cell(13, "kind", ""));
        assert_eq!(line, Some(13));
        assert!(message.starts_with("empty"), "{message}");
    }

    #[test]
    fn an_unknown_zone_is_named_on_the_desks_line() {
        let (line, column, message) = only_problem(&example_cell(13, "zone", "annex-1-nord"));
        assert_eq!((line, column.as_str()), (Some(13), "zone"));
        assert!(
            message.contains("unknown zone \"annex-1-nord\""),
            "{message}"
        );
    }

    #[test]
    fn a_duplicate_desk_names_both_lines() {
        let (line, column, message) = only_problem(&example_cell(14, "label", "A1.01"));
        assert_eq!((line, column.as_str()), (Some(14), "label"));
        assert!(message.contains("duplicate desk \"A1.01\""), "{message}");
        assert!(message.contains("(also on line 12)"), "{message}");
    }

    #[test]
    fn a_bad_number_or_truth_value_is_named_by_its_column() {
        let (line, column, message) = only_problem(&example_cell(13, "x", "12,5"));
        assert_eq!((line, column.as_str()), (Some(13), "x"));
        assert!(
            message.contains("expected a whole number, found the text \"12,5\""),
            "{message}"
        );
        let (line, column, message) = only_problem(&example_cell(3, "width", "breit"));
        assert_eq!((line, column.as_str()), (Some(3), "width"));
        assert!(message.contains("\"breit\""), "{message}");
        let (line, column, message) = only_problem(&example_cell(13, "has_docking", "vielleicht"));
        assert_eq!((line, column.as_str()), (Some(13), "has_docking"));
        assert!(message.contains("true or false"), "{message}");
        let (line, column, message) = only_problem(&example_cell(13, "monitors", "3"));
        assert_eq!((line, column.as_str()), (Some(13), "monitors"));
        assert!(message.contains("0, 1 or 2"), "{message}");
    }

    #[test]
    fn a_cell_that_is_not_utf8_is_named_by_line_and_column() {
        let mut bytes = example_cell(13, "notes", "K?ln").into_bytes();
        let at = bytes.windows(4).position(|w| w == b"K?ln").unwrap();
        bytes[at + 1] = 0xf6; // ö in Latin-1
        let found = read(&bytes).unwrap().finish().err().unwrap();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].line, Some(13));
        assert_eq!(found[0].field, "notes");
        assert!(found[0].message.contains("not UTF-8"));
    }

    #[test]
    fn a_desk_outside_its_floor_is_named_on_its_line() {
        let (line, column, message) = only_problem(&example_cell(12, "x", "5000"));
        assert_eq!((line, column.as_str()), (Some(12), "x"));
        assert!(message.contains("outside its floor's plan"), "{message}");
    }

    #[test]
    fn an_empty_required_cell_or_one_of_another_kind_is_named() {
        let (line, column, message) = only_problem(&example_cell(12, "zone", ""));
        assert_eq!((line, column.as_str()), (Some(12), "zone"));
        assert_eq!(message, "empty; every desk needs its zone");
        let (line, column, message) = only_problem(&example_cell(12, "capacity", "4"));
        assert_eq!((line, column.as_str()), (Some(12), "capacity"));
        assert!(message.contains("a desk has no capacity"), "{message}");
    }

    #[test]
    fn a_thing_on_a_floor_no_row_names_is_named_once() {
        // The zone's desks are not reported again.
        let (line, column, message) = only_problem(&example_cell(11, "level", "7"));
        assert_eq!((line, column.as_str()), (Some(11), "level"));
        assert!(message.contains("no floor has level 7"), "{message}");
    }

    #[test]
    fn a_broken_zone_is_not_reported_again_by_its_desks() {
        let (line, column, message) = only_problem(&example_cell(11, "zone_kind", "office"));
        assert_eq!((line, column.as_str()), (Some(11), "zone_kind"));
        assert!(message.contains("expected one of entrance"), "{message}");
    }

    #[test]
    fn a_row_with_too_many_fields_and_a_second_building_are_named() {
        let (line, _, message) = only_problem(&example_with(13, "desk,1,,A1.02,too,many"));
        assert_eq!(line, Some(13));
        assert!(
            message.contains("this row has 6 fields, the header 37"),
            "{message}"
        );
        let text = example() + "building,,annex2,,Zweites" + &",".repeat(COLUMNS.len() - 5) + "\n";
        let (line, column, message) = only_problem(&text);
        assert_eq!((line, column.as_str()), (Some(22), "kind"));
        assert!(message.contains("the first is on line 2"), "{message}");
        let (line, column, message) = only_problem(&example_with(2, ""));
        assert_eq!((line, column.as_str()), (Some(1), "kind"));
        assert!(message.contains("no row of kind building"), "{message}");
    }

    #[test]
    fn every_problem_of_a_file_is_reported_at_once_in_line_order() {
        let mut text = example_cell(13, "zone", "annex-1-nord");
        for (line, column, value) in [
            (14, "label", "A1.01"),
            (15, "x", "abc"),
            (18, "x", "5000"),
            (20, "protocol", "bluetooth"),
            (4, "zone_kind", "lounge"),
            (2, "timezone", "Mars/Olympus"),
        ] {
            text = cell_set(&text, line, column, value);
        }
        let found = problems(&text);
        let places: Vec<(Option<usize>, &str)> =
            found.iter().map(|p| (p.line, p.field.as_str())).collect();
        assert_eq!(
            places,
            [
                (Some(2), "timezone"),
                (Some(4), "zone_kind"),
                (Some(13), "zone"),
                (Some(14), "label"),
                (Some(15), "x"),
                (Some(18), "x"),
                (Some(20), "protocol"),
            ],
            "{found:#?}"
        );
    }

    // --- Round trips ------------------------------------------------------------------------

    /// Texts a spreadsheet must keep as they are.
    fn awkward() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Haus, Nord",
            "\"Zitat\"",
            "Zeile\nzwei",
            "Zeile\r\nzwei",
            " Rand ",
            "Semikolon; drin",
            "ä€𝄞",
            "=SUMME(A1)",
            "#3",
            "true",
            "12",
        ])
        .prop_map(str::to_owned)
    }

    /// A generated building with awkward texts in its names, address and notes.
    fn awkward_building() -> impl Strategy<Value = BuildingFile> {
        (
            crate::structure::tests::generated(),
            awkward(),
            prop::collection::vec((awkward(), any::<Index>()), 0..8),
        )
            .prop_map(|(mut file, address, names)| {
                file.address = address.clone();
                // On a site named awkwardly, or on none.
                if names.len() % 2 == 1 {
                    file.site = Some(crate::structure::format::SiteFile {
                        slug: "campus-nord".to_owned(),
                        name: address,
                    });
                }
                for (text, at) in names {
                    let floors = file.floors.len();
                    let floor = &mut file.floors[at.index(floors)];
                    match at.index(4) {
                        0 => floor.name = text,
                        1 if !floor.zones.is_empty() => {
                            let i = at.index(floor.zones.len());
                            floor.zones[i].name = text;
                        }
                        2 if !floor.desks.is_empty() => {
                            let i = at.index(floor.desks.len());
                            floor.desks[i].notes = Some(text);
                        }
                        3 if !floor.rooms.is_empty() => {
                            let i = at.index(floor.rooms.len());
                            floor.rooms[i].name = text;
                        }
                        _ => file.name = text,
                    }
                }
                file.normalized()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
            ..ProptestConfig::default()
        })]

        /// Writing a building as CSV and reading it gives the same building, also what the
        /// JSON file reads as.
        #[test]
        fn a_building_written_as_csv_reads_back_the_same(file in awkward_building()) {
            let text = to_csv(&file).unwrap();
            let read_back = read_text(&text);
            prop_assert_eq!(read_back.as_ref(), Ok(&file), "{}", text);
            let json = serde_json::to_vec(&file).unwrap();
            prop_assert_eq!(json_file(&json), file);
        }
    }

    /// What `make fuzz` runs with many cases (its filter is `fuzz::`).
    mod fuzz {
        use super::*;

        /// Pieces of a building CSV, and bytes that are not.
        fn piece() -> impl Strategy<Value = Vec<u8>> {
            prop_oneof![
                4 => prop::sample::select(vec![
                    "kind", "level", "slug", "label", "name", "zone", "x", "y", "width",
                    "height", "building", "floor", "desk", "zone", "room", "sensor", "site",
                    "0", "1", "-1", "10", "\"", ",", ",", ",", "\n", "\r\n", ";", " ", "\u{feff}",
                ])
                .prop_map(|piece| piece.as_bytes().to_vec()),
                1 => prop::collection::vec(any::<u8>(), 1..4),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: std::env::var("PROPTEST_CASES")
                    .ok()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(256),
                ..ProptestConfig::default()
            })]

            /// Any bytes: read or refused, never a panic, every problem on a line of the file
            /// (but an empty file's) and named by a column of the file or none.
            #[test]
            fn arbitrary_csv_is_read_or_refused_with_located_problems(
                pieces in prop::collection::vec(piece(), 0..200),
            ) {
                assert_located(&pieces.concat());
            }

            /// The example with cells replaced: read or refused with located problems.
            #[test]
            fn a_mutated_example_is_read_or_refused_with_located_problems(
                cells in prop::collection::vec((1usize..22, 0..COLUMNS.len(), prop_oneof![
                    awkward(),
                    Just(String::new()),
                    prop::sample::select(vec!["-1", "99999999999", "1.5", "desk", "zone", "floor",
                        "building", "sensor", "room", "annex-1-west", "A1.01", "A0.S01", "0", "1",
                        "7", "nan"]).prop_map(str::to_owned),
                ]), 1..6),
            ) {
                let mut text = example();
                for (line, column, value) in cells {
                    text = cell_set(&text, line, COLUMNS[column], &value);
                }
                assert_located(text.as_bytes());
            }
        }
    }

    fn assert_located(bytes: &[u8]) {
        let found = match read(bytes) {
            Err(found) => found,
            Ok(reading) => reading.finish().err().unwrap_or_default(),
        };
        let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
        for problem in &found {
            assert!(!problem.message.is_empty(), "{problem:?}");
            match problem.line {
                Some(line) => assert!((1..=lines).contains(&line), "{problem:?} of {lines}"),
                None => assert!(problem.message.contains("empty"), "{problem:?}"),
            }
            assert_eq!(problem.path, problem.field, "{problem:?}");
            assert!(
                problem.field.is_empty()
                    || COLUMNS.contains(&problem.field.as_str())
                    || problem.message.starts_with("unknown column"),
                "{problem:?}"
            );
            assert!(!problem.message.contains("floors["), "{problem:?}");
            assert!(!problem.message.contains("sensors["), "{problem:?}");
        }
    }

    // --- Into a database --------------------------------------------------------------------

    async fn fresh() -> DatabaseConnection {
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.unwrap();
        migration::Migrator::up(&db, None).await.unwrap();
        db
    }

    #[tokio::test]
    async fn the_example_csv_imports_as_the_example_json_does() {
        let db = fresh().await;
        let dry = import(&db, EXAMPLE_CSV, true).await.unwrap();
        assert!(!dry.applied);
        assert_eq!(dry.changes.of("desks").unwrap().created.len(), 8);
        assert!(matches!(
            export(&db, None).await,
            Err(StructureError::NoBuilding)
        ));
        let outcome = import(&db, EXAMPLE_CSV, false).await.unwrap();
        assert!(outcome.applied);
        assert_eq!(outcome.changes, dry.changes);
        let exported = export(&db, Some("annex")).await.unwrap();
        assert_eq!(exported, json_file(EXAMPLE_JSON).normalized());
        assert_eq!(to_csv(&exported).unwrap(), example());
        let again = crate::structure::import(&db, EXAMPLE_JSON, false)
            .await
            .unwrap();
        assert!(again.changes.is_empty(), "{}", again.changes);
    }

    #[tokio::test]
    async fn a_broken_csv_changes_nothing_and_a_clash_is_named_by_line() {
        let db = fresh().await;
        import(&db, EXAMPLE_CSV, false).await.unwrap();
        let before = export(&db, None).await.unwrap();
        let broken = example_cell(12, "notes", "neu").replace(",A1.07,", ",A1.01,");
        let Err(StructureError::Invalid(found)) = import(&db, broken.as_bytes(), false).await
        else {
            panic!("a broken file was imported");
        };
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].line, found[0].field.as_str()),
            (Some(18), "label")
        );
        assert_eq!(export(&db, None).await.unwrap(), before);

        // Another building that takes this one's desk label: named on its line.
        let other = example()
            .replace("annex,", "annex-2,")
            .replace("annex-", "zwei-")
            .replace("A0.", "Z0.")
            .replace("A1.0", "Z1.0")
            .replace(",Z1.03,", ",A1.03,");
        let Err(StructureError::Invalid(found)) = import(&db, other.as_bytes(), false).await else {
            panic!("a clashing file was imported");
        };
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].line, found[0].field.as_str()),
            (Some(14), "label")
        );
        assert!(found[0].message.contains("belongs to building \"annex\""));
        assert_eq!(export(&db, Some("annex")).await.unwrap(), before);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(16),
            ..ProptestConfig::default()
        })]

        /// A generated building imported from its CSV exports as the same building.
        #[test]
        fn a_building_imported_from_csv_exports_the_same(file in awkward_building()) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let db = fresh().await;
                let text = to_csv(&file).unwrap();
                let outcome = match import(&db, text.as_bytes(), false).await {
                    Ok(outcome) => outcome,
                    Err(StructureError::Invalid(problems)) => panic!("{problems:#?}\n{text}"),
                    Err(other) => panic!("{other}"),
                };
                prop_assert!(outcome.applied);
                let exported = export(&db, None).await.unwrap();
                prop_assert_eq!(&exported, &file);
                prop_assert_eq!(to_csv(&exported).unwrap(), text);
                Ok(())
            })?;
        }
    }
}
