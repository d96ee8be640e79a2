//! Checking a building file before anything is written: its encoding and syntax, then every
//! object's fields (unknown, missing, wrong type), then what the file says (duplicate keys,
//! unknown zones, desks outside their floor, …), then what clashes with other buildings in
//! the database. Every problem is collected, with its JSON path and, where it can be found, its
//! line; only a file that cannot be read at all (not UTF-8, empty, not JSON) stops early.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::format::{
    BuildingFile, DeskFile, FloorFile, PRIVACY_CLASSES, PROTOCOLS, RoomFile, SensorFile,
    ZONE_KINDS, ZoneFile,
};
use super::lines::lines_of;

/// One thing wrong with a file: where (line and JSON path), which field, and what, in plain
/// words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line (1-based) where it is, when known.
    pub line: Option<usize>,
    /// The JSON path, such as `floors[1].desks[12].zone`; empty for the file as a whole.
    pub path: String,
    /// The field concerned (the path's last name), such as `zone`; empty for the whole file.
    pub field: String,
    /// What is wrong and, where it helps, how to put it right.
    pub message: String,
}

impl Problem {
    /// A problem at the JSON `path` (its field is the path's last name), its line not yet
    /// known.
    pub(crate) fn at(path: &str, message: impl Into<String>) -> Self {
        let field = path
            .rsplit('.')
            .next()
            .map(|last| last.split('[').next().unwrap_or_default().to_owned())
            .unwrap_or_default();
        Self {
            line: None,
            path: path.to_owned(),
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Which building, in the database, already owns a zone slug, desk label or room label.
#[derive(Debug, Clone, Default)]
pub struct Owners {
    /// Zone slug → slug of the building it is in.
    pub zones: HashMap<String, String>,
    /// Desk label → slug of the building it is in.
    pub desks: HashMap<String, String>,
    /// Room label → slug of the building it is in.
    pub rooms: HashMap<String, String>,
    /// Building slug → its time zone.
    pub timezones: HashMap<String, String>,
}

/// A value of the file with the JSON path it was read from.
#[derive(Debug, Clone)]
struct Item<T> {
    path: String,
    value: T,
}

/// A floor as far as it could be read.
#[derive(Debug, Clone)]
struct DraftFloor {
    path: String,
    header: FloorFile,
    zones: Vec<Item<ZoneFile>>,
    desks: Vec<Item<DeskFile>>,
    rooms: Vec<Item<RoomFile>>,
}

/// Keys of objects that could not be read: references to them are not reported again.
#[derive(Debug, Clone, Default)]
struct Broken {
    zones: HashSet<String>,
    desks: HashSet<String>,
    rooms: HashSet<String>,
}

/// A file read so far: what could be read, and every problem found.
#[derive(Debug)]
pub struct Reading {
    text: String,
    header: Option<BuildingFile>,
    floors: Vec<DraftFloor>,
    sensors: Vec<Item<SensorFile>>,
    broken: Broken,
    problems: Vec<Problem>,
}

/// What a file or field that is not UTF-8 is told.
pub(crate) const NOT_UTF8: &str = "the file is not UTF-8 text (a byte that UTF-8 does not \
                                   allow, perhaps Latin-1 or Windows-1252); save it as UTF-8";

/// `bytes` as UTF-8 text (without a byte order mark): a problem with the line of the first
/// byte UTF-8 does not allow, otherwise.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(err) => {
            let good = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            Err(vec![Problem {
                line: Some(line),
                ..Problem::at("", NOT_UTF8)
            }])
        }
    }
}

/// `bytes` as the text and JSON value of a file that should hold `what` (such as "one
/// building") as a JSON object: one problem, with its line, when it is not UTF-8, empty or not
/// JSON.
pub(crate) fn json_root<'a>(bytes: &'a [u8], what: &str) -> Result<(&'a str, Value), Vec<Problem>> {
    let text = utf8(bytes)?;
    if text.trim().is_empty() {
        return Err(vec![Problem::at(
            "",
            format!("the file is empty; it should hold {what} as a JSON object"),
        )]);
    }
    match serde_json::from_str(text) {
        Ok(root) => Ok((text, root)),
        Err(err) => {
            let message = err.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(head, _)| head);
            Err(vec![Problem {
                line: Some(err.line()),
                ..Problem::at(
                    "",
                    format!("not valid JSON: {message} (column {})", err.column()),
                )
            }])
        }
    }
}

/// Reads and checks `bytes` as a building file. `Err` when it cannot be read at all (not
/// UTF-8, empty, not JSON): that one problem, with its line.
pub fn read(bytes: &[u8]) -> Result<Reading, Vec<Problem>> {
    let (text, root) = json_root(bytes, "one building")?;
    Ok(read_value(text.to_owned(), &root))
}

/// Checks a building file already read as a JSON value: the JSON file (`text` is its text,
/// where the problems' lines are found) or the CSV form, which builds the value from its rows
/// (`text` is empty: the problems keep their JSON paths and no line, for the CSV reader to
/// put them on its lines and columns).
pub(crate) fn read_value(text: String, root: &Value) -> Reading {
    let mut reading = Reading {
        text,
        header: None,
        floors: Vec::new(),
        sensors: Vec::new(),
        broken: Broken::default(),
        problems: Vec::new(),
    };
    reading.shape(root);
    reading.meaning();
    reading
}

impl Reading {
    /// The slug of the building the file describes, if it could be read.
    #[must_use]
    pub fn building_slug(&self) -> Option<&str> {
        self.header.as_ref().map(|h| h.slug.as_str())
    }

    /// Reports every zone, desk and room of the file whose key another building already uses.
    pub fn check_owners(&mut self, owners: &Owners) {
        let Some(slug) = self.building_slug().map(str::to_owned) else {
            return;
        };
        let mut problems = Vec::new();
        let clash = |owner: Option<&String>, path: &str, what: &str, key: &str| {
            owner.filter(|o| **o != slug).map(|other| {
                Problem::at(
                    path,
                    format!(
                        "{what} \"{key}\" belongs to building \"{other}\" already; keys are \
                         unique across buildings, choose another"
                    ),
                )
            })
        };
        for floor in &self.floors {
            for zone in &floor.zones {
                let key = &zone.value.slug;
                problems.extend(clash(
                    owners.zones.get(key),
                    &format!("{}.slug", zone.path),
                    "zone",
                    key,
                ));
            }
            for desk in &floor.desks {
                let key = &desk.value.label;
                problems.extend(clash(
                    owners.desks.get(key),
                    &format!("{}.label", desk.path),
                    "desk",
                    key,
                ));
            }
            for room in &floor.rooms {
                let key = &room.value.label;
                problems.extend(clash(
                    owners.rooms.get(key),
                    &format!("{}.label", room.path),
                    "room",
                    key,
                ));
            }
        }
        // An unknown time zone is reported already.
        if let Some(header) = self
            .header
            .as_ref()
            .filter(|h| h.timezone.parse::<chrono_tz::Tz>().is_ok())
        {
            let other_zone = owners
                .timezones
                .iter()
                .find(|(other, tz)| **other != slug && **tz != header.timezone);
            if let Some((other, tz)) = other_zone {
                problems.push(Problem::at(
                    "timezone",
                    format!(
                        "building \"{other}\" is in time zone {tz}; all buildings of one \
                         Platzwahl share a time zone (its days, cut-offs and day allocation \
                         are the same for all)"
                    ),
                ));
            }
        }
        self.problems.extend(problems);
    }

    /// The checked file, or every problem found, each with its line where it can be found,
    /// in the order of the file.
    pub fn finish(self) -> Result<BuildingFile, Vec<Problem>> {
        if !self.problems.is_empty() {
            if self.text.is_empty() {
                return Err(self.problems);
            }
            return Err(located(&self.text, self.problems));
        }
        let Some(mut file) = self.header else {
            return Err(vec![Problem::at("", "the building could not be read")]);
        };
        file.floors = self
            .floors
            .into_iter()
            .map(|floor| FloorFile {
                zones: floor.zones.into_iter().map(|i| i.value).collect(),
                desks: floor.desks.into_iter().map(|i| i.value).collect(),
                rooms: floor.rooms.into_iter().map(|i| i.value).collect(),
                ..floor.header
            })
            .collect();
        file.sensors = self.sensors.into_iter().map(|i| i.value).collect();
        Ok(file)
    }

    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.problems.push(Problem::at(path, message));
    }

    /// Adds a problem the reader of another form found (the CSV form's, with line and column).
    pub(crate) fn add_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
}

/// Gives each problem the line of its path, or of the nearest enclosing value found, and
/// sorts them by line.
pub(crate) fn located(text: &str, mut problems: Vec<Problem>) -> Vec<Problem> {
    let mut wanted = HashSet::new();
    for problem in problems.iter().filter(|p| p.line.is_none()) {
        let mut path = problem.path.as_str();
        loop {
            wanted.insert(path.to_owned());
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                // A top-level field that is not there: the building's own line.
                None if !path.is_empty() => path = "",
                None => break,
            }
        }
    }
    let lines = lines_of(text, &wanted);
    for problem in problems.iter_mut().filter(|p| p.line.is_none()) {
        let mut path = problem.path.as_str();
        problem.line = loop {
            if let Some(line) = lines.get(path) {
                break Some(*line);
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None if !path.is_empty() => path = "",
                None => break None,
            }
        };
    }
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    problems
}

// --- Fields: unknown, missing, wrong type ---------------------------------------------------

/// What a field's value must look like.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    Text,
    OptText,
    Int,
    Bool,
    TextList,
    OneOf(&'static [&'static str]),
    List,
    Object,
}

/// A field of an object in a file: its name, shape and whether it must be there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    name: &'static str,
    shape: Shape,
    required: bool,
}

pub(crate) const fn req(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: true,
    }
}

pub(crate) const fn opt(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: false,
    }
}

const BUILDING: &[Field] = &[
    req("slug", Shape::Text),
    req("name", Shape::Text),
    opt("address", Shape::Text),
    opt("timezone", Shape::Text),
    opt("site", Shape::Object),
    req("floors", Shape::List),
    opt("sensors", Shape::List),
    opt("walkways", Shape::Object),
];

const SITE: &[Field] = &[req("slug", Shape::Text), req("name", Shape::Text)];

const FLOOR: &[Field] = &[
    req("level", Shape::Int),
    req("name", Shape::Text),
    req("plan_width", Shape::Int),
    req("plan_height", Shape::Int),
    opt("zones", Shape::List),
    opt("desks", Shape::List),
    opt("rooms", Shape::List),
];

const ZONE: &[Field] = &[
    req("slug", Shape::Text),
    req("name", Shape::Text),
    req("kind", Shape::OneOf(ZONE_KINDS)),
    req("x", Shape::Int),
    req("y", Shape::Int),
    req("width", Shape::Int),
    req("height", Shape::Int),
    opt("distance_to_lift_m", Shape::Int),
    opt("next_to", Shape::TextList),
];

const DESK: &[Field] = &[
    req("label", Shape::Text),
    req("zone", Shape::Text),
    req("x", Shape::Int),
    req("y", Shape::Int),
    req("width", Shape::Int),
    req("height", Shape::Int),
    opt("rotation", Shape::Int),
    opt("has_docking", Shape::Bool),
    opt("monitors", Shape::Int),
    opt("height_adjustable", Shape::Bool),
    opt("accessible", Shape::Bool),
    opt("blocked", Shape::Bool),
    opt("notes", Shape::OptText),
];

const ROOM: &[Field] = &[
    req("label", Shape::Text),
    req("name", Shape::Text),
    opt("zone", Shape::OptText),
    req("capacity", Shape::Int),
    opt("privacy_class", Shape::OneOf(PRIVACY_CLASSES)),
    opt("step_free", Shape::Bool),
    opt("hearing_loop", Shape::Bool),
    opt("equipment", Shape::TextList),
    opt("buffer_before_min", Shape::Int),
    opt("buffer_after_min", Shape::Int),
    opt("max_slot_minutes", Shape::Int),
    req("x", Shape::Int),
    req("y", Shape::Int),
    req("width", Shape::Int),
    req("height", Shape::Int),
];

const SENSOR: &[Field] = &[
    req("device_key", Shape::Text),
    req("model", Shape::Text),
    req("protocol", Shape::OneOf(PROTOCOLS)),
    opt("desk", Shape::OptText),
    opt("room", Shape::OptText),
];

/// How a value looks, for messages: `the text "12"`, `the number 1.5`, `a list`.
pub(crate) fn described(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("the text \"{short}\"")
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// What is wrong with `value` as a `shape`, if anything.
fn misfit(value: &Value, shape: Shape) -> Option<String> {
    let expected = match shape {
        Shape::Text if value.is_string() => return None,
        Shape::OptText if value.is_string() || value.is_null() => return None,
        Shape::Bool if value.is_boolean() => return None,
        Shape::List if value.is_array() => return None,
        Shape::Object if value.is_object() => return None,
        Shape::Int => {
            return match value.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => None,
                Some(n) => Some(format!("the number {n} is out of range")),
                None => Some(format!(
                    "expected a whole number, found {}",
                    described(value)
                )),
            };
        }
        Shape::TextList => {
            return match value.as_array() {
                Some(items) => items
                    .iter()
                    .find(|i| !i.is_string())
                    .map(|bad| format!("expected a list of texts, found {} in it", described(bad))),
                None => Some(format!(
                    "expected a list of texts, found {}",
                    described(value)
                )),
            };
        }
        Shape::OneOf(allowed) => {
            return match value.as_str() {
                Some(s) if allowed.contains(&s) => None,
                _ => Some(format!(
                    "expected one of {}, found {}",
                    allowed.join(", "),
                    described(value)
                )),
            };
        }
        Shape::Text => "a text",
        Shape::OptText => "a text or null",
        Shape::Bool => "true or false",
        Shape::List => "a list [ … ]",
        Shape::Object => "an object { … }",
    };
    Some(format!("expected {expected}, found {}", described(value)))
}

/// Checks the fields of the object at `path` (a `what`, such as "desk") against `fields`,
/// adding every unknown, missing or misfitting field to `problems`; the object when every
/// known field fits (unknown fields are reported but do not stop it being checked further).
pub(crate) fn fields_of<'v>(
    problems: &mut Vec<Problem>,
    value: &'v Value,
    path: &str,
    what: &str,
    fields: &[Field],
) -> Option<&'v Map<String, Value>> {
    let Some(object) = value.as_object() else {
        problems.push(Problem::at(
            path,
            format!(
                "expected {what} as an object {{ … }}, found {}",
                described(value)
            ),
        ));
        return None;
    };
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    for key in object.keys() {
        if !fields.iter().any(|f| f.name == key) {
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let mut problem = Problem::at(
                &join(key),
                format!(
                    "unknown field \"{key}\" in {what}; the fields are: {}",
                    known.join(", ")
                ),
            );
            // The key itself: with a `.` or `[` in it, the path cannot tell where it starts.
            problem.field.clone_from(key);
            problems.push(problem);
        }
    }
    // Unknown fields are reported, but what is known can still be checked for meaning.
    let before = problems.len();
    for field in fields {
        match object.get(field.name) {
            None if field.required => {
                problems.push(Problem::at(
                    &join(field.name),
                    format!("missing field \"{}\": every {what} needs one", field.name),
                ));
            }
            None => {}
            Some(found) => {
                if let Some(message) = misfit(found, field.shape) {
                    problems.push(Problem::at(&join(field.name), message));
                }
            }
        }
    }
    (problems.len() == before).then_some(object)
}

/// Reads an object whose fields fit (see [`fields_of`]) as a `T`; `None`, with its problems
/// added, when it does not.
pub(crate) fn leaf_of<T: DeserializeOwned>(
    problems: &mut Vec<Problem>,
    value: &Value,
    path: &str,
    what: &str,
    fields: &[Field],
) -> Option<T> {
    let known: Map<String, Value> = fields_of(problems, value, path, what, fields)?
        .iter()
        .filter(|(key, _)| fields.iter().any(|f| f.name == key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    match serde_json::from_value(Value::Object(known)) {
        Ok(item) => Some(item),
        Err(err) => {
            problems.push(Problem::at(path, format!("cannot read this {what}: {err}")));
            None
        }
    }
}

impl Reading {
    /// Checks the fields of the object at `path`; the object when every known field fits
    /// (unknown fields are reported but do not stop it being checked further).
    fn fields<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        what: &str,
        fields: &[Field],
    ) -> Option<&'v Map<String, Value>> {
        fields_of(&mut self.problems, value, path, what, fields)
    }

    /// Reads a leaf object (zone, desk, room, sensor) whose fields fit.
    fn leaf<T: DeserializeOwned>(
        &mut self,
        value: &Value,
        path: &str,
        what: &str,
        fields: &[Field],
    ) -> Option<T> {
        leaf_of(&mut self.problems, value, path, what, fields)
    }

    /// The elements of the list field `key` of `object` (none when absent or not a list).
    fn elements<'v>(object: &'v Value, key: &str) -> &'v [Value] {
        object
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn shape(&mut self, root: &Value) {
        if !root.is_object() {
            self.problem(
                "",
                format!(
                    "the file should hold one building as a JSON object {{ … }}, found {}",
                    described(root)
                ),
            );
            return;
        }
        if self.fields(root, "", "building", BUILDING).is_some() {
            self.header = Some(BuildingFile {
                slug: text(root, "slug"),
                name: text(root, "name"),
                address: text(root, "address"),
                timezone: root
                    .get("timezone")
                    .and_then(Value::as_str)
                    .unwrap_or(super::format::DEFAULT_TIMEZONE)
                    .to_owned(),
                site: None,
                floors: Vec::new(),
                sensors: Vec::new(),
                walkways: None,
            });
        }
        if let Some(site) = root.get("site").filter(|s| s.is_object())
            && let Some(site) = self.leaf::<super::format::SiteFile>(site, "site", "site", SITE)
            && let Some(header) = &mut self.header
        {
            header.site = Some(site);
        }
        if let Some(walkways) = root.get("walkways")
            && let Some(walkways) = super::walkway::read(&mut self.problems, walkways)
            && let Some(header) = &mut self.header
        {
            header.walkways = Some(walkways);
        }
        for (i, floor) in Self::elements(root, "floors").iter().enumerate() {
            self.floor(floor, &format!("floors[{i}]"));
        }
        for (i, sensor) in Self::elements(root, "sensors").iter().enumerate() {
            let path = format!("sensors[{i}]");
            if let Some(value) = self.leaf(sensor, &path, "sensor", SENSOR) {
                self.sensors.push(Item { path, value });
            }
        }
    }

    fn floor(&mut self, floor: &Value, path: &str) {
        let header = self.fields(floor, path, "floor", FLOOR).map(|_| FloorFile {
            level: int(floor, "level"),
            name: text(floor, "name"),
            plan_width: int(floor, "plan_width"),
            plan_height: int(floor, "plan_height"),
            zones: Vec::new(),
            desks: Vec::new(),
            rooms: Vec::new(),
        });
        let mut draft = DraftFloor {
            path: path.to_owned(),
            header: header.clone().unwrap_or(FloorFile {
                level: 0,
                name: String::new(),
                plan_width: 0,
                plan_height: 0,
                zones: Vec::new(),
                desks: Vec::new(),
                rooms: Vec::new(),
            }),
            zones: Vec::new(),
            desks: Vec::new(),
            rooms: Vec::new(),
        };
        for (i, zone) in Self::elements(floor, "zones").iter().enumerate() {
            let path = format!("{path}.zones[{i}]");
            match self.leaf::<ZoneFile>(zone, &path, "zone", ZONE) {
                Some(value) if header.is_some() => draft.zones.push(Item { path, value }),
                _ => remember(&mut self.broken.zones, zone, "slug"),
            }
        }
        for (i, desk) in Self::elements(floor, "desks").iter().enumerate() {
            let path = format!("{path}.desks[{i}]");
            match self.leaf::<DeskFile>(desk, &path, "desk", DESK) {
                Some(value) if header.is_some() => draft.desks.push(Item { path, value }),
                _ => remember(&mut self.broken.desks, desk, "label"),
            }
        }
        for (i, room) in Self::elements(floor, "rooms").iter().enumerate() {
            let path = format!("{path}.rooms[{i}]");
            match self.leaf::<RoomFile>(room, &path, "room", ROOM) {
                Some(value) if header.is_some() => draft.rooms.push(Item { path, value }),
                _ => remember(&mut self.broken.rooms, room, "label"),
            }
        }
        if header.is_some() {
            self.floors.push(draft);
        }
    }
}

fn remember(keys: &mut HashSet<String>, value: &Value, key: &str) {
    if let Some(k) = value.get(key).and_then(Value::as_str) {
        keys.insert(k.to_owned());
    }
}

fn text(object: &Value, key: &str) -> String {
    object
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn int(object: &Value, key: &str) -> i32 {
    object
        .get(key)
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok())
        .unwrap_or_default()
}

// --- Meaning: keys, references, ranges ------------------------------------------------------

/// Where a key was first seen, to name both places of a duplicate.
type Seen = HashMap<String, String>;

impl Reading {
    fn meaning(&mut self) {
        let mut problems = Vec::new();
        if let Some(header) = &self.header {
            header_meaning(header, &mut problems);
        }
        let zones = self.zone_floors(&mut problems);
        let mut levels: HashMap<i32, String> = HashMap::new();
        let mut desks = Seen::new();
        let mut rooms = Seen::new();
        for floor in &self.floors {
            floor_meaning(floor, &mut levels, &mut problems);
            let context = Context {
                floor,
                zones: &zones,
                broken: &self.broken,
            };
            for zone in &floor.zones {
                zone_meaning(zone, &context, &mut problems);
            }
            for desk in &floor.desks {
                desk_meaning(desk, &context, &mut desks, &mut problems);
            }
            for room in &floor.rooms {
                room_meaning(room, &context, &mut rooms, &mut problems);
            }
        }
        if let Some(walkways) = self.header.as_ref().and_then(|h| h.walkways.as_ref()) {
            self.walkway_meaning(walkways, &mut problems);
        }
        let mut keys = Seen::new();
        for sensor in &self.sensors {
            sensor_meaning(
                sensor,
                &desks,
                &rooms,
                &self.broken,
                &mut keys,
                &mut problems,
            );
        }
        self.problems.extend(problems);
    }

    /// What the walkways say, checked against the floors, desks and rooms of the file. With
    /// two floors of one level (reported already) the walkways' floors cannot be told apart:
    /// they are not checked, rather than reported again node by node.
    fn walkway_meaning(&self, walkways: &super::walkway::WalkwaysFile, out: &mut Vec<Problem>) {
        let mut floors = HashMap::new();
        let mut desks = HashMap::new();
        let mut rooms = HashMap::new();
        for floor in &self.floors {
            let f = &floor.header;
            if floors
                .insert(f.level, (f.plan_width, f.plan_height))
                .is_some()
            {
                return;
            }
            for desk in &floor.desks {
                desks.insert(desk.value.label.clone(), f.level);
            }
            for room in &floor.rooms {
                rooms.insert(room.value.label.clone(), f.level);
            }
        }
        let broken: HashSet<String> = self
            .broken
            .desks
            .iter()
            .chain(&self.broken.rooms)
            .cloned()
            .collect();
        let places = super::walkway::Places {
            floors: &floors,
            desks: &desks,
            rooms: &rooms,
            broken: &broken,
        };
        super::walkway::check(walkways, &places, out);
    }

    /// Every zone slug of the file with its floor's level; duplicates reported.
    fn zone_floors(&self, problems: &mut Vec<Problem>) -> HashMap<String, i32> {
        let mut zones = HashMap::new();
        let mut seen = Seen::new();
        for floor in &self.floors {
            for zone in &floor.zones {
                let path = format!("{}.slug", zone.path);
                if let Some(first) = seen.get(&zone.value.slug) {
                    problems.push(Problem::at(
                        &path,
                        format!(
                            "duplicate zone \"{}\" (also at {first}); zone slugs are unique",
                            zone.value.slug
                        ),
                    ));
                } else {
                    seen.insert(zone.value.slug.clone(), zone.path.clone());
                    zones.insert(zone.value.slug.clone(), floor.header.level);
                }
            }
        }
        zones
    }
}

/// What a floor's children are checked against.
struct Context<'a> {
    floor: &'a DraftFloor,
    zones: &'a HashMap<String, i32>,
    broken: &'a Broken,
}

impl Context<'_> {
    /// What is wrong with `slug` as the zone of something on this floor, if anything.
    fn zone_problem(&self, slug: &str) -> Option<String> {
        let here = self.floor.header.level;
        match self.zones.get(slug) {
            Some(level) if *level == here => None,
            Some(level) => Some(format!(
                "zone \"{slug}\" is on floor {level}, not on this floor ({here})"
            )),
            None if self.broken.zones.contains(slug) => None,
            None => Some(format!(
                "unknown zone \"{slug}\": no zone of the file has this slug"
            )),
        }
    }

    /// Whether the point lies on this floor's plan.
    fn on_plan(&self, x: i32, y: i32) -> bool {
        let f = &self.floor.header;
        (0..=f.plan_width).contains(&x) && (0..=f.plan_height).contains(&y)
    }
}

pub(crate) fn is_key(text: &str) -> bool {
    !text.trim().is_empty() && text.trim() == text && text.chars().count() <= 200
}

fn header_meaning(header: &BuildingFile, problems: &mut Vec<Problem>) {
    if !is_key(&header.slug) {
        problems.push(Problem::at(
            "slug",
            "the building's slug must not be empty or start or end with spaces",
        ));
    }
    if header.name.trim().is_empty() {
        problems.push(Problem::at("name", "the building needs a name"));
    }
    if let Some(site) = &header.site {
        if !is_key(&site.slug) {
            problems.push(Problem::at(
                "site.slug",
                "the site's slug must not be empty or start or end with spaces",
            ));
        }
        if site.name.trim().is_empty() {
            problems.push(Problem::at("site.name", "the site needs a name"));
        }
    }
    if header.timezone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(Problem::at(
            "timezone",
            format!(
                "unknown time zone \"{}\"; use an IANA name such as Europe/Berlin",
                header.timezone
            ),
        ));
    }
}

fn floor_meaning(floor: &DraftFloor, levels: &mut HashMap<i32, String>, out: &mut Vec<Problem>) {
    let f = &floor.header;
    if let Some(first) = levels.get(&f.level) {
        out.push(Problem::at(
            &format!("{}.level", floor.path),
            format!("duplicate floor level {} (also at {first})", f.level),
        ));
    } else {
        levels.insert(f.level, floor.path.clone());
    }
    if f.name.trim().is_empty() {
        out.push(Problem::at(
            &format!("{}.name", floor.path),
            "a floor needs a name",
        ));
    }
    positive(&floor.path, "plan_width", f.plan_width, out);
    positive(&floor.path, "plan_height", f.plan_height, out);
}

fn positive(path: &str, field: &str, value: i32, out: &mut Vec<Problem>) {
    if value <= 0 {
        out.push(Problem::at(
            &format!("{path}.{field}"),
            format!("must be more than 0, is {value}"),
        ));
    }
}

fn not_negative(path: &str, field: &str, value: i32, out: &mut Vec<Problem>) {
    if value < 0 {
        out.push(Problem::at(
            &format!("{path}.{field}"),
            format!("must not be negative, is {value}"),
        ));
    }
}

fn zone_meaning(zone: &Item<ZoneFile>, context: &Context<'_>, out: &mut Vec<Problem>) {
    let (path, z) = (&zone.path, &zone.value);
    if !is_key(&z.slug) {
        out.push(Problem::at(
            &format!("{path}.slug"),
            "a zone's slug must not be empty or start or end with spaces",
        ));
    }
    positive(path, "width", z.width, out);
    positive(path, "height", z.height, out);
    not_negative(path, "distance_to_lift_m", z.distance_to_lift_m, out);
    for (i, other) in z.next_to.iter().enumerate() {
        let at = format!("{path}.next_to[{i}]");
        if *other == z.slug {
            out.push(Problem::at(&at, "a zone is not next to itself"));
        } else if !context.zones.contains_key(other) && !context.broken.zones.contains(other) {
            out.push(Problem::at(
                &at,
                format!("unknown zone \"{other}\": no zone of the file has this slug"),
            ));
        }
    }
}

fn desk_meaning(
    desk: &Item<DeskFile>,
    context: &Context<'_>,
    seen: &mut Seen,
    out: &mut Vec<Problem>,
) {
    let (path, d) = (&desk.path, &desk.value);
    if !is_key(&d.label) {
        out.push(Problem::at(
            &format!("{path}.label"),
            "a desk's label must not be empty or start or end with spaces",
        ));
    } else if let Some(first) = seen.get(&d.label) {
        out.push(Problem::at(
            &format!("{path}.label"),
            format!(
                "duplicate desk \"{}\" (also at {first}); desk labels are unique",
                d.label
            ),
        ));
    } else {
        seen.insert(d.label.clone(), path.clone());
    }
    if let Some(message) = context.zone_problem(&d.zone) {
        out.push(Problem::at(&format!("{path}.zone"), message));
    }
    if !context.on_plan(d.x, d.y) {
        out.push(Problem::at(
            &format!("{path}.x"),
            format!(
                "the desk ({}, {}) lies outside its floor's plan ({} × {})",
                d.x, d.y, context.floor.header.plan_width, context.floor.header.plan_height
            ),
        ));
    }
    positive(path, "width", d.width, out);
    positive(path, "height", d.height, out);
    if !(0..360).contains(&d.rotation) {
        out.push(Problem::at(
            &format!("{path}.rotation"),
            format!("must be 0 to 359 degrees, is {}", d.rotation),
        ));
    }
    if !(0..=2).contains(&d.monitors) {
        out.push(Problem::at(
            &format!("{path}.monitors"),
            format!("must be 0, 1 or 2, is {}", d.monitors),
        ));
    }
}

fn room_meaning(
    room: &Item<RoomFile>,
    context: &Context<'_>,
    seen: &mut Seen,
    out: &mut Vec<Problem>,
) {
    let (path, r) = (&room.path, &room.value);
    if !is_key(&r.label) {
        out.push(Problem::at(
            &format!("{path}.label"),
            "a room's label must not be empty or start or end with spaces",
        ));
    } else if let Some(first) = seen.get(&r.label) {
        out.push(Problem::at(
            &format!("{path}.label"),
            format!(
                "duplicate room \"{}\" (also at {first}); room labels are unique",
                r.label
            ),
        ));
    } else {
        seen.insert(r.label.clone(), path.clone());
    }
    if let Some(message) = r.zone.as_deref().and_then(|z| context.zone_problem(z)) {
        out.push(Problem::at(&format!("{path}.zone"), message));
    }
    if !context.on_plan(r.x, r.y) {
        out.push(Problem::at(
            &format!("{path}.x"),
            format!(
                "the room's corner ({}, {}) lies outside its floor's plan ({} × {})",
                r.x, r.y, context.floor.header.plan_width, context.floor.header.plan_height
            ),
        ));
    }
    positive(path, "capacity", r.capacity, out);
    positive(path, "width", r.width, out);
    positive(path, "height", r.height, out);
    not_negative(path, "buffer_before_min", r.buffer_before_min, out);
    not_negative(path, "buffer_after_min", r.buffer_after_min, out);
    if let Some(max) = r.max_slot_minutes {
        positive(path, "max_slot_minutes", max, out);
    }
    for (i, key) in r.equipment.iter().enumerate() {
        let fine = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !fine {
            out.push(Problem::at(
                &format!("{path}.equipment[{i}]"),
                format!(
                    "equipment \"{key}\" should be a lower-case key such as screen or whiteboard"
                ),
            ));
        }
    }
}

fn sensor_meaning(
    sensor: &Item<SensorFile>,
    desks: &Seen,
    rooms: &Seen,
    broken: &Broken,
    keys: &mut Seen,
    out: &mut Vec<Problem>,
) {
    let (path, s) = (&sensor.path, &sensor.value);
    if !is_key(&s.device_key) {
        out.push(Problem::at(
            &format!("{path}.device_key"),
            "a sensor's device key must not be empty or start or end with spaces",
        ));
    } else if let Some(first) = keys.get(&s.device_key) {
        out.push(Problem::at(
            &format!("{path}.device_key"),
            format!(
                "duplicate sensor \"{}\" (also at {first}); device keys are unique",
                s.device_key
            ),
        ));
    } else {
        keys.insert(s.device_key.clone(), path.clone());
    }
    if s.model.trim().is_empty() {
        out.push(Problem::at(
            &format!("{path}.model"),
            "a sensor needs a model",
        ));
    }
    match (&s.desk, &s.room) {
        (Some(_), Some(_)) => out.push(Problem::at(
            &format!("{path}.room"),
            "a sensor watches one desk or one room, not both",
        )),
        (None, None) => out.push(Problem::at(
            &format!("{path}.desk"),
            "a sensor in a building file watches a desk or a room; register sensors not \
             placed yet with `platzwahl sensors import`",
        )),
        (Some(desk), None) if !desks.contains_key(desk) && !broken.desks.contains(desk) => {
            out.push(Problem::at(
                &format!("{path}.desk"),
                format!("unknown desk \"{desk}\": no desk of the file has this label"),
            ));
        }
        (None, Some(room)) if !rooms.contains_key(room) && !broken.rooms.contains(room) => {
            out.push(Problem::at(
                &format!("{path}.room"),
                format!("unknown room \"{room}\": no room of the file has this label"),
            ));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Problem> {
        match read(text.as_bytes()) {
            Err(problems) => problems,
            Ok(reading) => reading.finish().err().unwrap_or_default(),
        }
    }

    fn keys_of<T: serde::Serialize>(item: &T) -> Vec<String> {
        let value = serde_json::to_value(item).unwrap_or_default();
        let mut keys: Vec<String> = value
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    fn names_of(fields: &[Field]) -> Vec<String> {
        let mut names: Vec<String> = fields.iter().map(|f| f.name.to_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn the_field_tables_match_the_file_types() {
        let desk = DeskFile {
            label: "1".into(),
            zone: "z".into(),
            x: 0,
            y: 0,
            width: 1,
            height: 1,
            rotation: 0,
            has_docking: false,
            monitors: 0,
            height_adjustable: false,
            accessible: false,
            blocked: false,
            notes: Some("n".into()),
        };
        assert_eq!(keys_of(&desk), names_of(DESK));
        let room = RoomFile {
            label: "r".into(),
            name: "R".into(),
            zone: Some("z".into()),
            capacity: 1,
            privacy_class: "standard".into(),
            step_free: false,
            hearing_loop: false,
            equipment: vec![],
            buffer_before_min: 0,
            buffer_after_min: 0,
            max_slot_minutes: Some(30),
            x: 0,
            y: 0,
            width: 1,
            height: 1,
        };
        assert_eq!(keys_of(&room), names_of(ROOM));
        let zone = ZoneFile {
            slug: "z".into(),
            name: "Z".into(),
            kind: "work".into(),
            x: 0,
            y: 0,
            width: 1,
            height: 1,
            distance_to_lift_m: 0,
            next_to: vec![],
        };
        assert_eq!(keys_of(&zone), names_of(ZONE));
        let sensor = SensorFile {
            device_key: "k".into(),
            model: "m".into(),
            protocol: "generic".into(),
            desk: Some("1".into()),
            room: Some("r".into()),
        };
        assert_eq!(keys_of(&sensor), names_of(SENSOR));
        let floor = FloorFile {
            level: 0,
            name: "EG".into(),
            plan_width: 1,
            plan_height: 1,
            zones: vec![],
            desks: vec![],
            rooms: vec![],
        };
        assert_eq!(keys_of(&floor), names_of(FLOOR));
        let building = BuildingFile {
            slug: "b".into(),
            name: "B".into(),
            address: String::new(),
            timezone: "Europe/Berlin".into(),
            site: Some(super::super::format::SiteFile {
                slug: "s".into(),
                name: "S".into(),
            }),
            floors: vec![],
            sensors: vec![],
            walkways: Some(super::super::walkway::WalkwaysFile {
                cm_per_unit: 4,
                nodes: vec![],
                edges: vec![],
            }),
        };
        assert_eq!(keys_of(&building), names_of(BUILDING));
    }

    const GOOD: &str = r#"{
  "slug": "haus",
  "name": "Haus",
  "floors": [
    {
      "level": 0,
      "name": "EG",
      "plan_width": 100,
      "plan_height": 100,
      "zones": [
        {"slug": "nord", "name": "Nord", "kind": "work", "x": 0, "y": 0, "width": 50, "height": 50}
      ],
      "desks": [
        {"label": "0.01", "zone": "nord", "x": 10, "y": 10, "width": 8, "height": 6}
      ]
    }
  ],
  "sensors": [{"device_key": "s1", "model": "m", "protocol": "zigbee2mqtt", "desk": "0.01"}]
}"#;

    #[test]
    fn a_good_file_reads_with_its_defaults() {
        let file = read(GOOD.as_bytes())
            .ok()
            .and_then(|r| r.finish().ok())
            .unwrap_or_else(|| panic!("{:?}", problems(GOOD)));
        assert_eq!(file.timezone, "Europe/Berlin");
        assert_eq!(file.floors[0].desks[0].monitors, 0);
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_field() {
        let text = GOOD
            .replace(
                "\"zone\": \"nord\"",
                "\"zone\": \"sued\", \"colour\": \"red\"",
            )
            .replace("\"name\": \"Haus\"", "\"name\": 5")
            .replace("\"model\": \"m\", ", "");
        let found = problems(&text);
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 4, "{shown:#?}");
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 3: name: expected a text, found the number 5")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 14: floors[0].desks[0].colour: unknown field")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 18: sensors[0].model: missing field")),
            "{shown:#?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.field == "zone" && p.message.contains("unknown zone \"sued\"")),
            "{shown:#?}"
        );
    }

    #[test]
    fn a_broken_zone_is_not_reported_again_by_its_desks() {
        let text = GOOD.replace("\"kind\": \"work\"", "\"kind\": \"office\"");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].field, "kind");
        assert_eq!(found[0].line, Some(11));
    }

    #[test]
    fn unreadable_files_say_why() {
        assert!(problems("")[0].message.contains("empty"));
        assert!(problems("  \n")[0].message.contains("empty"));
        let latin1 = read(b"{\"name\": \"K\xf6ln\"}").err().unwrap_or_default();
        assert!(latin1[0].message.contains("not UTF-8"));
        let syntax = problems("{\n\"slug\": \"a\",\n}");
        assert_eq!(syntax[0].line, Some(3), "{syntax:?}");
        assert!(syntax[0].message.contains("not valid JSON"));
        assert!(problems("[]")[0].message.contains("one building"));
    }
}
