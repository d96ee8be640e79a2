//! Checking an organisation file before anything is written: its encoding and syntax, then
//! every object's fields (unknown, missing, wrong type) or every CSV row's columns, then what
//! the file says (duplicate units, people or badges, unknown roles, …), then what clashes with
//! the database (unknown or not granted zones, a person or unit of another organisation, …).
//! Every problem is collected with its line and field; only a file that cannot be read at all
//! (not UTF-8 JSON, empty, not JSON, a CSV without a known header) stops early.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::format::{
    BADGE_HASH_PREFIX, DeputyFile, HomeZoneFile, LOCALES, OVERFLOWS, OrganisationFile,
    OrganisationHeader, PersonFile, PolicyFile, ROLES, UnitFile, badge_in_file, stored_badge_hash,
};
use crate::structure::Problem;
use crate::structure::check::{
    Field, NOT_UTF8, Shape, described, fields_of, is_key, json_root, leaf_of, located, opt, req,
};

/// The longest badge id accepted (as when an administrator registers one).
const MAX_BADGE_LEN: usize = crate::badges::MAX_BADGE_LEN;

/// The longest e-mail address accepted.
const MAX_EMAIL_LEN: usize = 254;

/// Where in the file something is: a JSON path, or a CSV line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Where {
    Json(String),
    Csv(usize),
}

impl Where {
    /// A problem with `field` of the thing here (a JSON field path below it, or a CSV column).
    fn problem(&self, field: &str, message: impl Into<String>) -> Problem {
        match self {
            Where::Json(path) if field.is_empty() => Problem::at(path, message),
            Where::Json(path) => Problem::at(&format!("{path}.{field}"), message),
            Where::Csv(line) => {
                let column = field.split(['[', '.']).next().unwrap_or_default();
                Problem {
                    line: Some(*line),
                    path: column.to_owned(),
                    field: column.to_owned(),
                    message: message.into(),
                }
            }
        }
    }

    /// How a message names this place: `units[2]` or `line 14`.
    fn named(&self) -> String {
        match self {
            Where::Json(path) => path.clone(),
            Where::Csv(line) => format!("line {line}"),
        }
    }
}

/// A value of the file with where it was read.
#[derive(Debug, Clone)]
struct Item<T> {
    at: Where,
    value: T,
}

/// Which kind of organisation file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The whole organisation as JSON.
    Json,
    /// People as CSV (`email,name,unit,roles,badges[,locale,active]`).
    PeopleCsv,
    /// Units as CSV (`unit,name,home_zones`).
    UnitsCsv,
}

/// What the database knows that a file is checked against (filled by the import).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Whether the organisation exists already.
    pub organisation_exists: bool,
    /// Every zone slug of the installation.
    pub zones: HashSet<String>,
    /// Slugs of the zones given to this organisation already.
    pub granted: HashSet<String>,
    /// Unit slug → slug of the organisation it belongs to (every organisation).
    pub unit_owners: HashMap<String, String>,
    /// Slugs of units that are closed (merged into another or given up).
    pub closed_units: HashSet<String>,
    /// E-mail address → slug of the organisation of the person (every organisation).
    pub person_owners: HashMap<String, String>,
    /// E-mail address → whether active, for this organisation's people.
    pub active: HashMap<String, bool>,
    /// E-mail address → roles, for this organisation's people.
    pub roles: HashMap<String, Vec<String>>,
    /// Badge hash → e-mail address of its holder (empty when they have none).
    pub badge_owners: HashMap<String, String>,
}

/// A file read so far: what could be read, and every problem found.
#[derive(Debug)]
pub struct Reading {
    kind: FileKind,
    /// The JSON text (to find the lines of problems), empty for CSV.
    text: String,
    organisation: Option<OrganisationHeader>,
    granted_zones: Vec<Item<String>>,
    units: Vec<Item<UnitFile>>,
    people: Vec<Item<PersonFile>>,
    deputies: Vec<Item<DeputyFile>>,
    /// Unit slugs and e-mail addresses of objects that could not be read: references to them
    /// are not reported again.
    broken: HashSet<String>,
    problems: Vec<Problem>,
}

// --- Reading the bytes ----------------------------------------------------------------------

/// Whether `bytes` look like an organisation file (JSON with an `organisation` object) rather
/// than a building file.
#[must_use]
pub fn looks_like_organisation(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Value>(text)
        .ok()
        .is_some_and(|root| root.get("organisation").is_some_and(Value::is_object))
}

const ORGANISATION_FILE: &[Field] = &[
    req("organisation", Shape::Object),
    opt("granted_zones", Shape::TextList),
    opt("units", Shape::List),
    opt("people", Shape::List),
    opt("deputies", Shape::List),
];

const ORGANISATION: &[Field] = &[req("slug", Shape::Text), req("name", Shape::Text)];

const UNIT: &[Field] = &[
    req("slug", Shape::Text),
    req("name", Shape::Text),
    opt("home_zones", Shape::List),
    opt("policy", Shape::Object),
];

const HOME_ZONE: &[Field] = &[req("zone", Shape::Text), req("priority", Shape::Int)];

const POLICY: &[Field] = &[
    opt("max_days_ahead", Shape::Int),
    opt("max_bookings_per_week", Shape::Int),
    opt("half_days_allowed", Shape::Bool),
    opt("overflow", Shape::OneOf(OVERFLOWS)),
    opt("checkin_grace_min", Shape::Int),
    opt("auto_release", Shape::Bool),
    opt("release_without_sensor", Shape::Bool),
];

const PERSON: &[Field] = &[
    req("email", Shape::Text),
    req("name", Shape::Text),
    opt("unit", Shape::OptText),
    opt("roles", Shape::TextList),
    opt("badges", Shape::TextList),
    opt("locale", Shape::OneOf(LOCALES)),
    opt("active", Shape::Bool),
];

const DEPUTY: &[Field] = &[req("counsellor", Shape::Text), req("deputy", Shape::Text)];

/// Reads and checks `bytes` as an organisation file in JSON. `Err` when it cannot be read at
/// all (not UTF-8, empty, not JSON): that one problem, with its line.
pub fn read_json(bytes: &[u8]) -> Result<Reading, Vec<Problem>> {
    let (text, root) = json_root(bytes, "one organisation")?;
    let mut reading = Reading::new(FileKind::Json, text.to_owned());
    reading.shape(&root);
    reading.meaning();
    Ok(reading)
}

impl Reading {
    fn new(kind: FileKind, text: String) -> Self {
        Self {
            kind,
            text,
            organisation: None,
            granted_zones: Vec::new(),
            units: Vec::new(),
            people: Vec::new(),
            deputies: Vec::new(),
            broken: HashSet::new(),
            problems: Vec::new(),
        }
    }

    /// Which kind of file this is.
    #[must_use]
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The slug of the organisation the file names (a JSON file), if it could be read.
    #[must_use]
    pub fn organisation_slug(&self) -> Option<&str> {
        self.organisation.as_ref().map(|o| o.slug.as_str())
    }

    /// How many units and people the file holds (for progress).
    #[must_use]
    pub fn rows(&self) -> usize {
        self.units.len() + self.people.len() + self.deputies.len()
    }

    /// Sets the organisation a CSV file is imported into (the file does not name it).
    pub fn set_organisation(&mut self, header: OrganisationHeader) {
        self.organisation = Some(header);
    }

    /// Reports a problem with the file as a whole.
    pub fn add_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn shape(&mut self, root: &Value) {
        if !root.is_object() {
            self.problems.push(Problem::at(
                "",
                format!(
                    "the file should hold one organisation as a JSON object {{ … }}, found {}",
                    described(root)
                ),
            ));
            return;
        }
        fields_of(
            &mut self.problems,
            root,
            "",
            "organisation file",
            ORGANISATION_FILE,
        );
        if let Some(header) = root.get("organisation").filter(|h| h.is_object()) {
            self.organisation = leaf_of(
                &mut self.problems,
                header,
                "organisation",
                "organisation",
                ORGANISATION,
            );
        }
        if let Some(zones) = root.get("granted_zones").and_then(Value::as_array) {
            for (i, zone) in zones.iter().enumerate() {
                if let Some(slug) = zone.as_str() {
                    self.granted_zones.push(Item {
                        at: Where::Json(format!("granted_zones[{i}]")),
                        value: slug.to_owned(),
                    });
                }
            }
        }
        for (i, unit) in elements(root, "units").iter().enumerate() {
            let path = format!("units[{i}]");
            if let Some(unit) = self.unit(unit, &path) {
                self.units.push(Item {
                    at: Where::Json(path),
                    value: unit,
                });
            } else if let Some(slug) = unit.get("slug").and_then(Value::as_str) {
                self.broken.insert(slug.to_owned());
            }
        }
        for (i, person) in elements(root, "people").iter().enumerate() {
            let path = format!("people[{i}]");
            if let Some(person) = leaf_of(&mut self.problems, person, &path, "person", PERSON) {
                self.people.push(Item {
                    at: Where::Json(path),
                    value: person,
                });
            } else if let Some(email) = person.get("email").and_then(Value::as_str) {
                self.broken.insert(email.trim().to_lowercase());
            }
        }
        for (i, deputy) in elements(root, "deputies").iter().enumerate() {
            let path = format!("deputies[{i}]");
            if let Some(deputy) = leaf_of(&mut self.problems, deputy, &path, "deputy", DEPUTY) {
                self.deputies.push(Item {
                    at: Where::Json(path),
                    value: deputy,
                });
            }
        }
    }

    /// A unit with its home zones and policy, if every field fits.
    fn unit(&mut self, value: &Value, path: &str) -> Option<UnitFile> {
        let object = fields_of(&mut self.problems, value, path, "unit", UNIT)?;
        let mut fine = true;
        let home_zones = match object.get("home_zones").and_then(Value::as_array) {
            Some(zones) => {
                let mut read = Vec::new();
                for (i, zone) in zones.iter().enumerate() {
                    let at = format!("{path}.home_zones[{i}]");
                    match leaf_of::<HomeZoneFile>(
                        &mut self.problems,
                        zone,
                        &at,
                        "home zone",
                        HOME_ZONE,
                    ) {
                        Some(zone) => read.push(zone),
                        None => fine = false,
                    }
                }
                Some(read)
            }
            None => None,
        };
        let policy = match object.get("policy") {
            Some(policy) => {
                let at = format!("{path}.policy");
                let read = leaf_of::<PolicyFile>(&mut self.problems, policy, &at, "policy", POLICY);
                fine &= read.is_some();
                read
            }
            None => None,
        };
        let text = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        fine.then(|| UnitFile {
            slug: text("slug"),
            name: text("name"),
            home_zones,
            policy,
        })
    }
}

/// The elements of the list field `key` of `object` (none when absent or not a list).
fn elements<'v>(object: &'v Value, key: &str) -> &'v [Value] {
    object
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

// --- CSV ------------------------------------------------------------------------------------

/// The columns of a people CSV: required, then optional.
pub const PEOPLE_COLUMNS: (&[&str], &[&str]) = (
    &["email", "name"],
    &["unit", "roles", "badges", "locale", "active"],
);

/// The columns of a units CSV: required, then optional.
pub const UNIT_COLUMNS: (&[&str], &[&str]) = (&["unit", "name"], &["home_zones"]);

/// Reads and checks `bytes` as a people or units CSV (the header tells which). `Err` when it
/// cannot be read at all (empty, no known header).
pub fn read_csv(bytes: &[u8]) -> Result<Reading, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![Problem::at(
            "",
            "the file is empty; it should start with a header such as \
             email,name,unit,roles,badges (people) or unit,name,home_zones (units)",
        )]);
    }
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = match csv.byte_headers() {
        Ok(header) => header.clone(),
        Err(err) => return Err(vec![csv_problem(1, &err)]),
    };
    let mut names = Vec::new();
    for field in &header {
        match std::str::from_utf8(field) {
            Ok(name) => names.push(name.trim().to_lowercase()),
            Err(_) => {
                return Err(vec![Problem {
                    line: Some(1),
                    ..Problem::at("", NOT_UTF8)
                }]);
            }
        }
    }
    let kind = if names.iter().any(|n| n == "email") {
        FileKind::PeopleCsv
    } else if names.iter().any(|n| n == "unit") {
        FileKind::UnitsCsv
    } else {
        return Err(vec![Problem {
            line: Some(1),
            ..Problem::at(
                "",
                format!(
                    "the header \"{}\" is neither a people CSV (email,name,unit,roles,badges) \
                     nor a units CSV (unit,name,home_zones)",
                    names.join(",")
                ),
            )
        }]);
    };
    let mut reading = Reading::new(kind, String::new());
    let (required, optional) = match kind {
        FileKind::PeopleCsv => PEOPLE_COLUMNS,
        _ => UNIT_COLUMNS,
    };
    let mut header_fine = true;
    for (i, name) in names.iter().enumerate() {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            header_fine = false;
            reading.problems.push(Where::Csv(1).problem(
                name,
                format!(
                    "unknown column \"{name}\" (column {}); the columns are: {}",
                    i + 1,
                    [required, optional].concat().join(", ")
                ),
            ));
        } else if names[..i].contains(name) {
            header_fine = false;
            reading
                .problems
                .push(Where::Csv(1).problem(name, format!("the column \"{name}\" is there twice")));
        }
    }
    for name in required {
        if !names.iter().any(|n| n == name) {
            header_fine = false;
            reading.problems.push(Where::Csv(1).problem(
                name,
                format!("missing column \"{name}\": the header needs it"),
            ));
        }
    }
    if !header_fine {
        return Err(reading.problems);
    }
    let mut record = csv::ByteRecord::new();
    let mut rows = 0_usize;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                reading.problems.push(csv_problem(line, &err));
                continue;
            }
        }
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        rows += 1;
        let at = Where::Csv(line);
        if record.len() != names.len() {
            reading.problems.push(at.problem(
                "",
                format!(
                    "this row has {} fields, the header {}; a field with a comma needs \
                     quotes (\"…\")",
                    record.len(),
                    names.len()
                ),
            ));
            continue;
        }
        let mut row: HashMap<&str, String> = HashMap::new();
        let mut readable = true;
        for (name, field) in names.iter().zip(record.iter()) {
            match std::str::from_utf8(field) {
                Ok(text) => {
                    row.insert(name.as_str(), text.trim().to_owned());
                }
                Err(_) => {
                    readable = false;
                    reading.problems.push(at.problem(name, NOT_UTF8));
                }
            }
        }
        if !readable {
            continue;
        }
        match kind {
            FileKind::PeopleCsv => reading.person_row(&at, &row),
            _ => reading.unit_row(&at, &row),
        }
    }
    if rows == 0 && reading.problems.is_empty() {
        return Err(vec![Problem {
            line: Some(1),
            ..Problem::at("", "the file has a header but no rows")
        }]);
    }
    reading.meaning();
    Ok(reading)
}

fn csv_problem(line: usize, err: &csv::Error) -> Problem {
    Problem {
        line: Some(line),
        ..Problem::at("", format!("not valid CSV: {err}"))
    }
}

/// A `;`-separated list cell: its items, trimmed, without empty ones.
fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Reading {
    fn person_row(&mut self, at: &Where, row: &HashMap<&str, String>) {
        let cell = |name: &str| row.get(name).cloned().unwrap_or_default();
        let mut fine = true;
        let locale = match cell("locale").as_str() {
            "" => "de".to_owned(),
            other if LOCALES.contains(&other) => other.to_owned(),
            other => {
                fine = false;
                self.problems.push(at.problem(
                    "locale",
                    format!("expected one of de, en, found \"{other}\""),
                ));
                String::new()
            }
        };
        let active = match cell("active").to_lowercase().as_str() {
            "" | "true" | "yes" | "1" => true,
            "false" | "no" | "0" => false,
            other => {
                fine = false;
                self.problems.push(at.problem(
                    "active",
                    format!("expected true or false, found \"{other}\""),
                ));
                true
            }
        };
        let roles = list(&cell("roles"));
        let person = PersonFile {
            email: cell("email"),
            name: cell("name"),
            unit: Some(cell("unit")).filter(|u| !u.is_empty()),
            roles: if roles.is_empty() {
                vec!["employee".to_owned()]
            } else {
                roles
            },
            badges: list(&cell("badges")),
            locale,
            active,
        };
        if fine {
            self.people.push(Item {
                at: at.clone(),
                value: person,
            });
        } else {
            self.broken.insert(person.email.to_lowercase());
        }
    }

    fn unit_row(&mut self, at: &Where, row: &HashMap<&str, String>) {
        let cell = |name: &str| row.get(name).cloned().unwrap_or_default();
        let mut fine = true;
        let mut home_zones = Vec::new();
        for (i, entry) in list(&cell("home_zones")).iter().enumerate() {
            let (zone, priority) = match entry.split_once(':') {
                Some((zone, priority)) => match priority.trim().parse::<i32>() {
                    Ok(priority) => (zone.trim(), priority),
                    Err(_) => {
                        fine = false;
                        self.problems.push(at.problem(
                            "home_zones",
                            format!(
                                "\"{entry}\": the priority after the colon should be a whole \
                                 number, as in zone-slug:1"
                            ),
                        ));
                        continue;
                    }
                },
                None => (entry.as_str(), i32::try_from(i + 1).unwrap_or(i32::MAX)),
            };
            home_zones.push(HomeZoneFile {
                zone: zone.to_owned(),
                priority,
            });
        }
        let unit = UnitFile {
            slug: cell("unit"),
            name: cell("name"),
            home_zones: Some(home_zones),
            policy: None,
        };
        if fine {
            self.units.push(Item {
                at: at.clone(),
                value: unit,
            });
        } else {
            self.broken.insert(unit.slug);
        }
    }
}

// --- What the file says ---------------------------------------------------------------------

/// Whether `email` looks like an e-mail address.
fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.chars().count() <= MAX_EMAIL_LEN
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Reading {
    /// Checks what the file says, apart from the database.
    fn meaning(&mut self) {
        let mut out = Vec::new();
        if let Some(header) = &self.organisation {
            if !is_key(&header.slug) {
                out.push(Problem::at(
                    "organisation.slug",
                    "the organisation's slug must not be empty or start or end with spaces",
                ));
            }
            if header.name.trim().is_empty() {
                out.push(Problem::at(
                    "organisation.name",
                    "the organisation needs a name",
                ));
            }
        } else if self.kind == FileKind::Json
            && !self.problems.iter().any(|p| {
                p.path == "organisation" || p.path.starts_with("organisation.") || p.path.is_empty()
            })
        {
            out.push(Problem::at(
                "organisation",
                "the organisation could not be read",
            ));
        }
        for zone in &self.granted_zones {
            if !is_key(&zone.value) {
                out.push(zone.at.problem("", "a zone slug must not be empty"));
            }
        }
        let mut units: HashMap<String, String> = HashMap::new();
        for unit in &self.units {
            unit_meaning(unit, &mut units, &mut out);
        }
        let mut emails: HashMap<String, String> = HashMap::new();
        let mut badges: HashMap<String, String> = HashMap::new();
        for person in &self.people {
            person_meaning(person, &mut emails, &mut badges, &mut out);
        }
        let mut pairs: HashMap<(String, String), String> = HashMap::new();
        for deputy in &self.deputies {
            let (at, d) = (&deputy.at, &deputy.value);
            let counsellor = d.counsellor.trim().to_lowercase();
            let named = d.deputy.trim().to_lowercase();
            if counsellor == named {
                out.push(at.problem("deputy", "a counsellor is not their own deputy"));
            } else if let Some(first) = pairs.get(&(counsellor.clone(), named.clone())) {
                out.push(at.problem("deputy", format!("duplicate deputy (also at {first})")));
            } else {
                pairs.insert((counsellor, named), at.named());
            }
        }
        self.problems.extend(out);
    }
}

fn unit_meaning(unit: &Item<UnitFile>, seen: &mut HashMap<String, String>, out: &mut Vec<Problem>) {
    let (at, u) = (&unit.at, &unit.value);
    if !is_key(&u.slug) {
        out.push(at.problem(
            slug_column(at),
            "a unit's slug must not be empty or start or end with spaces",
        ));
    } else if let Some(first) = seen.get(&u.slug) {
        out.push(at.problem(
            slug_column(at),
            format!(
                "duplicate unit \"{}\" (also at {first}); unit slugs are unique",
                u.slug
            ),
        ));
    } else {
        seen.insert(u.slug.clone(), at.named());
    }
    if u.name.trim().is_empty() {
        out.push(at.problem("name", "a unit needs a name"));
    }
    let mut zones: HashSet<&str> = HashSet::new();
    for (i, zone) in u.home_zones.iter().flatten().enumerate() {
        let field = format!("home_zones[{i}]");
        if !is_key(&zone.zone) {
            out.push(at.problem(&format!("{field}.zone"), "a zone slug must not be empty"));
        } else if !zones.insert(zone.zone.as_str()) {
            out.push(at.problem(
                &format!("{field}.zone"),
                format!("the zone \"{}\" is named twice for this unit", zone.zone),
            ));
        }
        if zone.priority < 1 {
            out.push(at.problem(
                &format!("{field}.priority"),
                format!(
                    "must be 1 or more (1 is the first choice), is {}",
                    zone.priority
                ),
            ));
        }
    }
    if let Some(policy) = &u.policy {
        let range = |field: &str, value: i32, max: i32, out: &mut Vec<Problem>| {
            if !(0..=max).contains(&value) {
                out.push(at.problem(
                    &format!("policy.{field}"),
                    format!("must be 0 to {max}, is {value}"),
                ));
            }
        };
        range("max_days_ahead", policy.max_days_ahead, 366, out);
        range("checkin_grace_min", policy.checkin_grace_min, 24 * 60, out);
        if let Some(per_week) = policy.max_bookings_per_week {
            range("max_bookings_per_week", per_week, 14, out);
        }
    }
}

/// The name of the column or field holding a unit's slug.
fn slug_column(at: &Where) -> &'static str {
    match at {
        Where::Json(_) => "slug",
        Where::Csv(_) => "unit",
    }
}

fn person_meaning(
    person: &Item<PersonFile>,
    emails: &mut HashMap<String, String>,
    badges: &mut HashMap<String, String>,
    out: &mut Vec<Problem>,
) {
    let (at, p) = (&person.at, &person.value);
    let email = p.email.trim().to_lowercase();
    if !is_email(&email) {
        out.push(at.problem("email", format!("\"{}\" is not an e-mail address", p.email)));
    } else if let Some(first) = emails.get(&email) {
        out.push(at.problem(
            "email",
            format!("duplicate person {email} (also at {first}); e-mail addresses are unique"),
        ));
    } else {
        emails.insert(email, at.named());
    }
    if crate::account::clean_name(&p.name).is_err() {
        out.push(at.problem(
            "name",
            "a name has 1 to 80 characters and no control characters",
        ));
    }
    if p.roles.is_empty() {
        out.push(at.problem(
            "roles",
            "a person needs at least one role, such as employee",
        ));
    }
    for (i, role) in p.roles.iter().enumerate() {
        if !ROLES.contains(&role.as_str()) {
            let field = match at {
                Where::Json(_) => format!("roles[{i}]"),
                Where::Csv(_) => "roles".to_owned(),
            };
            out.push(at.problem(
                &field,
                format!(
                    "unknown role \"{role}\"; the roles are: {}",
                    ROLES.join(", ")
                ),
            ));
        }
    }
    for (i, badge) in p.badges.iter().enumerate() {
        let field = match at {
            Where::Json(_) => format!("badges[{i}]"),
            Where::Csv(_) => "badges".to_owned(),
        };
        let trimmed = badge.trim();
        if trimmed.starts_with(BADGE_HASH_PREFIX) && stored_badge_hash(trimmed).is_none() {
            out.push(at.problem(
                &field,
                "a badge written as sha256: needs the 64 hexadecimal digits an export writes",
            ));
        } else if trimmed.is_empty() || trimmed.chars().count() > MAX_BADGE_LEN {
            out.push(at.problem(
                &field,
                format!("a badge id has 1 to {MAX_BADGE_LEN} characters"),
            ));
        } else {
            let hash = badge_in_file(trimmed);
            if let Some(first) = badges.get(&hash) {
                out.push(at.problem(
                    &field,
                    format!("duplicate badge (also at {first}); a badge belongs to one person"),
                ));
            } else {
                badges.insert(hash, at.named());
            }
        }
    }
}

// --- Against the database -------------------------------------------------------------------

mod scoped;

/// How a problem names the organisation `owner` (its slug, or empty when it is not to be
/// told: [`Known::hide_other_organisations`]).
fn owner_named(owner: &str) -> String {
    if owner.is_empty() {
        "another organisation".to_owned()
    } else {
        format!("organisation \"{owner}\"")
    }
}

impl Reading {
    /// Reports what clashes with the database: zones that do not exist or are not given to
    /// the organisation, units and people of other organisations, units nobody defines,
    /// badges of other people, deputies who are not there, and changes of `active`.
    pub fn check_known(&mut self, known: &Known) {
        let Some(slug) = self.organisation_slug().map(str::to_owned) else {
            return;
        };
        let mut out = Vec::new();
        let granted_here: HashSet<&str> = self
            .granted_zones
            .iter()
            .map(|z| z.value.as_str())
            .collect();
        for zone in &self.granted_zones {
            if !known.zones.contains(&zone.value) {
                out.push(zone.at.problem(
                    "",
                    format!(
                        "unknown zone \"{}\": no building has a zone of this slug; import the \
                         building first",
                        zone.value
                    ),
                ));
            }
        }
        let file_units: HashSet<&str> = self.units.iter().map(|u| u.value.slug.as_str()).collect();
        for unit in &self.units {
            let (at, u) = (&unit.at, &unit.value);
            if let Some(owner) = known.unit_owners.get(&u.slug).filter(|o| **o != slug) {
                out.push(at.problem(
                    slug_column(at),
                    format!(
                        "the unit \"{}\" belongs to {}; unit slugs are unique across \
                         organisations, choose another",
                        u.slug,
                        owner_named(owner)
                    ),
                ));
            } else if known.closed_units.contains(&u.slug) {
                out.push(at.problem(
                    slug_column(at),
                    format!(
                        "the unit \"{}\" is closed; it keeps no people and no home zones",
                        u.slug
                    ),
                ));
            }
            for (i, zone) in u.home_zones.iter().flatten().enumerate() {
                let field = format!("home_zones[{i}].zone");
                if !known.zones.contains(&zone.zone) {
                    out.push(at.problem(
                        &field,
                        format!(
                            "unknown zone \"{}\": no building has a zone of this slug",
                            zone.zone
                        ),
                    ));
                } else if !known.granted.contains(&zone.zone)
                    && !granted_here.contains(zone.zone.as_str())
                {
                    out.push(at.problem(
                        &field,
                        format!(
                            "the zone \"{}\" is not given to organisation \"{slug}\"; a home \
                             zone must be one of its zones (granted_zones)",
                            zone.zone
                        ),
                    ));
                }
            }
        }
        let file_people: HashMap<String, &PersonFile> = self
            .people
            .iter()
            .map(|p| (p.value.email.trim().to_lowercase(), &p.value))
            .collect();
        for person in &self.people {
            let (at, p) = (&person.at, &person.value);
            let email = p.email.trim().to_lowercase();
            if let Some(owner) = known.person_owners.get(&email).filter(|o| **o != slug) {
                out.push(at.problem(
                    "email",
                    format!(
                        "{email} is a person of {}; a person belongs to one organisation",
                        owner_named(owner)
                    ),
                ));
                continue;
            }
            if let Some(unit) = &p.unit
                && !file_units.contains(unit.as_str())
                && !self.broken.contains(unit)
            {
                match known.unit_owners.get(unit) {
                    Some(_) if known.closed_units.contains(unit) => out.push(at.problem(
                        "unit",
                        format!("the unit \"{unit}\" is closed; name the unit it went to"),
                    )),
                    Some(owner) if *owner == slug => {}
                    Some(owner) => out.push(at.problem(
                        "unit",
                        format!("the unit \"{unit}\" belongs to {}", owner_named(owner)),
                    )),
                    None => out.push(at.problem(
                        "unit",
                        format!(
                            "unknown unit \"{unit}\": neither the file nor the organisation has it"
                        ),
                    )),
                }
            }
            if let Some(active) = known.active.get(&email)
                && *active != p.active
            {
                out.push(at.problem(
                    "active",
                    format!(
                        "{email} is {} now; people are deactivated and reactivated one by one \
                         in the administration (which also ends their sessions and bookings), \
                         not by an import",
                        if *active { "active" } else { "inactive" }
                    ),
                ));
            }
            for (i, badge) in p.badges.iter().enumerate() {
                let hash =
                    stored_badge_hash(badge).unwrap_or_else(|| crate::checkin::badge_hash(badge));
                if let Some(holder) = known.badge_owners.get(&hash)
                    && *holder != email
                {
                    let field = match at {
                        Where::Json(_) => format!("badges[{i}]"),
                        Where::Csv(_) => "badges".to_owned(),
                    };
                    out.push(at.problem(
                        &field,
                        "this badge belongs to another person; remove it from them first",
                    ));
                }
            }
        }
        for deputy in &self.deputies {
            let (at, d) = (&deputy.at, &deputy.value);
            for (field, email) in [("counsellor", &d.counsellor), ("deputy", &d.deputy)] {
                let email = email.trim().to_lowercase();
                if self.broken.contains(&email) {
                    continue;
                }
                let roles = match file_people.get(&email) {
                    Some(p) => Some(p.roles.clone()),
                    None if known.person_owners.get(&email) == Some(&slug) => {
                        Some(known.roles.get(&email).cloned().unwrap_or_default())
                    }
                    None => None,
                };
                match roles {
                    None => out.push(at.problem(
                        field,
                        format!(
                            "unknown person {email}: neither the file nor the organisation has \
                             them"
                        ),
                    )),
                    Some(roles)
                        if field == "counsellor" && !roles.iter().any(|r| r == "counsellor") =>
                    {
                        out.push(at.problem(
                            field,
                            format!("{email} is not a counsellor (role counsellor)"),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        self.problems.extend(out);
    }

    /// The checked file, or every problem found, each with its line, in the order of the
    /// file.
    pub fn finish(self) -> Result<OrganisationFile, Vec<Problem>> {
        if !self.problems.is_empty() {
            let mut problems = if self.kind == FileKind::Json {
                located(&self.text, self.problems)
            } else {
                self.problems
            };
            problems.sort_by_key(|p| p.line.unwrap_or(0));
            return Err(problems);
        }
        let Some(organisation) = self.organisation else {
            return Err(vec![Problem::at("", "the organisation could not be read")]);
        };
        Ok(OrganisationFile {
            organisation,
            granted_zones: self.granted_zones.into_iter().map(|i| i.value).collect(),
            units: self.units.into_iter().map(|i| i.value).collect(),
            people: self.people.into_iter().map(|i| i.value).collect(),
            deputies: self.deputies.into_iter().map(|i| i.value).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(reading: Result<Reading, Vec<Problem>>) -> Vec<String> {
        let problems = match reading {
            Err(problems) => problems,
            Ok(reading) => reading.finish().err().unwrap_or_default(),
        };
        problems.iter().map(ToString::to_string).collect()
    }

    const GOOD: &str = r#"{
  "organisation": {"slug": "stadt", "name": "Stadt"},
  "granted_zones": ["nord"],
  "units": [
    {"slug": "bau", "name": "Bauamt", "home_zones": [{"zone": "nord", "priority": 1}]}
  ],
  "people": [
    {"email": "a@stadt.example", "name": "A", "unit": "bau", "roles": ["counsellor"]},
    {"email": "b@stadt.example", "name": "B", "badges": ["04AB"]}
  ],
  "deputies": [{"counsellor": "a@stadt.example", "deputy": "b@stadt.example"}]
}"#;

    #[test]
    fn a_good_file_reads_with_its_defaults() {
        let file = read_json(GOOD.as_bytes())
            .ok()
            .and_then(|r| r.finish().ok())
            .unwrap_or_else(|| panic!("{:?}", problems_of(read_json(GOOD.as_bytes()))));
        assert_eq!(file.people[1].roles, ["employee"]);
        assert_eq!(file.people[1].locale, "de");
        assert!(file.people[1].active);
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_field() {
        let text = GOOD
            .replace(
                "\"name\": \"Bauamt\"",
                "\"name\": \"Bauamt\", \"colour\": 1",
            )
            .replace("\"roles\": [\"counsellor\"]", "\"roles\": [\"boss\"]")
            .replace("b@stadt.example\", \"name\"", "a@stadt.example\", \"name\"")
            .replace("\"priority\": 1", "\"priority\": 0");
        let shown = problems_of(read_json(text.as_bytes()));
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 5: units[0].colour: unknown field")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 8: people[0].roles[0]: unknown role \"boss\"")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 9: people[1].email: duplicate person")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(
                |p| p.starts_with("line 5: units[0].home_zones[0].priority: must be 1 or more")
            ),
            "{shown:#?}"
        );
        assert_eq!(shown.len(), 4, "{shown:#?}");
    }

    #[test]
    fn the_database_is_asked_about_zones_people_and_units() {
        let mut reading = read_json(GOOD.as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
        let known = Known {
            zones: HashSet::new(),
            person_owners: [("b@stadt.example".to_owned(), "uni".to_owned())].into(),
            ..Known::default()
        };
        reading.check_known(&known);
        let shown = problems_of(Ok(reading));
        assert!(
            shown
                .iter()
                .any(|p| p.contains("granted_zones[0]: unknown zone \"nord\"")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.contains("home_zones[0].zone: unknown zone")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|p| p.contains("organisation \"uni\"")),
            "{shown:#?}"
        );
    }

    #[test]
    fn csv_rows_are_checked_by_line_and_column() {
        let text = b"email,name,unit,roles,badges\n\
                     a@x.example,A,bau,employee,\n\
                     b@x.example,B\xe4,,employee,\n\
                     c@x.example,C,,chief,\n\
                     a@x.example,D,,,\n\
                     d@x.example,E,,,,\n";
        let shown = problems_of(read_csv(text));
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 3: name: the file is not UTF-8")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 4: roles: unknown role \"chief\"")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p
                    .starts_with("line 5: email: duplicate person a@x.example (also at line 2)")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("line 6: this row has 6 fields")),
            "{shown:#?}"
        );
        assert_eq!(shown.len(), 4, "{shown:#?}");
    }

    #[test]
    fn unreadable_files_say_why() {
        assert!(problems_of(read_json(b""))[0].contains("empty"));
        assert!(problems_of(read_csv(b"\n"))[0].contains("empty"));
        assert!(problems_of(read_csv(b"email,name\n"))[0].contains("no rows"));
        assert!(problems_of(read_csv(b"mail,nom\nx,y\n"))[0].contains("neither"));
        let header = problems_of(read_csv(b"email,name,colour\nx@y.z,X,red\n"));
        assert!(
            header[0].starts_with("line 1: colour: unknown column"),
            "{header:?}"
        );
        assert!(problems_of(read_json(b"{\"a\": \xf6}"))[0].contains("not UTF-8"));
        assert!(problems_of(read_json(b"[]"))[0].contains("one organisation"));
        assert!(looks_like_organisation(GOOD.as_bytes()));
        assert!(!looks_like_organisation(b"{\"slug\": \"b\"}"));
    }

    #[test]
    fn units_csv_reads_home_zones_with_priorities() {
        let reading = read_csv(b"unit,name,home_zones\nbau,Bauamt,nord:2;sued:1\nkasse,Kasse,\n")
            .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(reading.kind(), FileKind::UnitsCsv);
        let file = Reading {
            organisation: Some(OrganisationHeader {
                slug: "s".into(),
                name: "S".into(),
            }),
            ..reading
        }
        .finish()
        .unwrap_or_else(|p| panic!("{p:?}"));
        let zones = file.units[0].home_zones.clone().unwrap_or_default();
        assert_eq!(zones[0].zone, "nord");
        assert_eq!(zones[0].priority, 2);
        assert_eq!(file.units[1].home_zones, Some(vec![]));
    }
}
