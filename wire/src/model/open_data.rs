//! Open data for the public: the datasets facility management may publish, their data
//! dictionary and licence, the tables themselves, and what is published; and each room's
//! calendar feed for groupware.
//!
//! Every figure is an aggregate of the internal report (`domain::reports`) and rests on at
//! least the minimum group size; nothing here names a person.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A dataset that can be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Dataset {
    /// Desk utilisation by floor and weekday.
    UtilisationByFloorWeekday,
    /// People, desks, desks per person and the desks the sharing saves, for the building and
    /// each organisation.
    DeskSharing,
    /// The building's desk use week by week.
    UseByWeek,
}

/// A field of a dataset: its name (the CSV column and JSON key), meaning and unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The column's name.
    pub name: &'static str,
    /// What it means, in German and English.
    pub meaning: [&'static str; 2],
    /// Its unit, in German and English.
    pub unit: [&'static str; 2],
}

const fn field(name: &'static str, meaning: [&'static str; 2], unit: [&'static str; 2]) -> Field {
    Field {
        name,
        meaning,
        unit,
    }
}

const TEXT: [&str; 2] = ["Text", "text"];
const FRACTION: [&str; 2] = ["Anteil von 0 bis 1", "fraction from 0 to 1"];
const DESK_HOURS: [&str; 2] = ["Platzstunden", "desk-hours"];
const COUNT: [&str; 2] = ["Anzahl", "count"];

const ZONE_HOURS: Field = field(
    "zone_hours",
    [
        "Zonenstunden in der Bürozeit (6 bis 21 Uhr), die in die Zahlen eingehen: nur solche mit mindestens der Mindestgruppengröße an Personen",
        "Zone-hours in office hours (6 am to 9 pm) the figures sum: only those resting on at least the minimum group size of people",
    ],
    ["Zonenstunden", "zone-hours"],
);
const CAPACITY: Field = field(
    "desk_hours",
    [
        "Verfügbare Platzstunden (Arbeitsplätze × Stunden)",
        "Desk-hours available (desks × hours)",
    ],
    DESK_HOURS,
);
const BOOKED: Field = field(
    "booked_desk_hours",
    ["Gebuchte Platzstunden", "Desk-hours booked"],
    DESK_HOURS,
);
const OCCUPIED: Field = field(
    "occupied_desk_hours",
    [
        "Laut Sensoren belegte Platzstunden",
        "Desk-hours occupied according to the sensors",
    ],
    DESK_HOURS,
);
const NO_SHOWS: Field = field(
    "no_shows",
    [
        "Buchungen, die mangels Einchecken freigegeben wurden",
        "Bookings released because nobody checked in",
    ],
    COUNT,
);
const UTILISATION: Field = field(
    "utilisation",
    [
        "Auslastung: belegte Platzstunden je verfügbarer Platzstunde",
        "Utilisation: occupied desk-hours per desk-hour available",
    ],
    FRACTION,
);
const BOOKED_SHARE: Field = field(
    "booked_share",
    [
        "Gebuchte Platzstunden je verfügbarer Platzstunde",
        "Booked desk-hours per desk-hour available",
    ],
    FRACTION,
);
const PEAK: Field = field(
    "peak_utilisation",
    [
        "Höchster Anteil der Plätze, der in einer Stunde belegt war",
        "The highest share of the desks occupied in one hour",
    ],
    FRACTION,
);

const BY_FLOOR_WEEKDAY: [Field; 12] = [
    field(
        "building",
        [
            "Kurzname des Gebäudes (wie in den Adressen)",
            "The building's short name (as in addresses)",
        ],
        TEXT,
    ),
    field(
        "building_name",
        ["Name des Gebäudes", "The building's name"],
        TEXT,
    ),
    field(
        "floor",
        [
            "Etage (0 = Erdgeschoss, negativ = Untergeschoss)",
            "Floor (0 = ground floor, negative = basement)",
        ],
        ["Ebene", "level"],
    ),
    field("floor_name", ["Name der Etage", "Name of the floor"], TEXT),
    field(
        "weekday",
        [
            "Wochentag nach ISO 8601 (1 = Montag bis 7 = Sonntag)",
            "ISO 8601 weekday (1 = Monday to 7 = Sunday)",
        ],
        ["1 bis 7", "1 to 7"],
    ),
    ZONE_HOURS,
    CAPACITY,
    BOOKED,
    OCCUPIED,
    NO_SHOWS,
    UTILISATION,
    BOOKED_SHARE,
];

const DESK_SHARING: [Field; 9] = [
    field(
        "scope",
        [
            "Wofür die Zeile steht: building (das ganze Haus) oder organisation (die Heimatzonen einer Organisation)",
            "What the row covers: building (the whole house) or organisation (the home zones of one organisation)",
        ],
        TEXT,
    ),
    field(
        "name",
        [
            "Name der Organisation (leer für das Gebäude)",
            "The organisation's name (empty for the building)",
        ],
        TEXT,
    ),
    field(
        "people",
        ["Aktive Beschäftigte", "Active staff"],
        ["Personen", "people"],
    ),
    field(
        "desks",
        [
            "Arbeitsplätze (einer Organisation: in den Heimatzonen ihrer Einheiten)",
            "Desks (of an organisation: in its units' home zones)",
        ],
        ["Plätze", "desks"],
    ),
    field(
        "desks_per_person",
        ["Arbeitsplätze je Person", "Desks per person"],
        ["Plätze je Person", "desks per person"],
    ),
    field(
        "desks_saved",
        [
            "Eingesparte Arbeitsplätze gegenüber einem eigenen Platz je Person (Personen − Plätze, mindestens 0)",
            "Desks saved against one desk per person (people − desks, at least 0)",
        ],
        ["Plätze", "desks"],
    ),
    field(
        "space_saved_share",
        [
            "Eingesparter Anteil der Arbeitsplätze (desks_saved ÷ people)",
            "Share of the desks saved (desks_saved ÷ people)",
        ],
        FRACTION,
    ),
    UTILISATION,
    PEAK,
];

const BY_WEEK: [Field; 11] = [
    field(
        "week",
        [
            "Kalenderwoche nach ISO 8601 (2026-W49)",
            "ISO 8601 week (2026-W49)",
        ],
        ["Woche", "week"],
    ),
    field(
        "from",
        [
            "Erster Tag, der in die Woche eingeht",
            "The first day counted in the week",
        ],
        ["Datum (ISO 8601)", "date (ISO 8601)"],
    ),
    field(
        "to",
        [
            "Letzter Tag, der in die Woche eingeht",
            "The last day counted in the week",
        ],
        ["Datum (ISO 8601)", "date (ISO 8601)"],
    ),
    ZONE_HOURS,
    CAPACITY,
    BOOKED,
    OCCUPIED,
    NO_SHOWS,
    UTILISATION,
    BOOKED_SHARE,
    PEAK,
];

impl Dataset {
    /// Every dataset.
    pub const ALL: [Dataset; 3] = [
        Dataset::UtilisationByFloorWeekday,
        Dataset::DeskSharing,
        Dataset::UseByWeek,
    ];

    /// Its name in addresses, file names and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Dataset::UtilisationByFloorWeekday => "utilisation-by-floor-weekday",
            Dataset::DeskSharing => "desk-sharing",
            Dataset::UseByWeek => "use-by-week",
        }
    }

    /// The dataset named `slug`.
    pub fn from_slug(slug: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.slug() == slug)
    }

    /// Its title.
    pub fn title(self, lang: Lang) -> &'static str {
        let [de, en] = match self {
            Dataset::UtilisationByFloorWeekday => [
                "Auslastung der Arbeitsplätze nach Etage und Wochentag",
                "Desk utilisation by floor and weekday",
            ],
            Dataset::DeskSharing => [
                "Arbeitsplätze je Person und eingesparte Fläche",
                "Desks per person and the space sharing saves",
            ],
            Dataset::UseByWeek => [
                "Nutzung des Gebäudes Woche für Woche",
                "The building's use week by week",
            ],
        };
        pick(lang, de, en)
    }

    /// What it holds.
    pub fn description(self, lang: Lang) -> &'static str {
        let [de, en] = match self {
            Dataset::UtilisationByFloorWeekday => [
                "Wie stark die Arbeitsplätze jeder Etage an jedem Wochentag genutzt wurden: gebuchte und laut Sensoren belegte Platzstunden in der Bürozeit, über den gewählten Zeitraum summiert.",
                "How much the desks of each floor were used on each weekday: desk-hours booked and occupied according to the sensors in office hours, summed over the chosen days.",
            ],
            Dataset::DeskSharing => [
                "Wie viele Arbeitsplätze es je Person gibt und wie viele das Teilen der Plätze gegenüber einem eigenen Platz je Person einspart, für das Gebäude und jede Organisation, mit Auslastung und Spitzenauslastung.",
                "How many desks there are per person and how many sharing saves against one desk per person, for the building and each organisation, with utilisation and peak utilisation.",
            ],
            Dataset::UseByWeek => [
                "Die Nutzung der Arbeitsplätze im ganzen Gebäude Woche für Woche: verfügbare, gebuchte und belegte Platzstunden, Auslastung und Spitzenauslastung.",
                "Desk use in the whole building week by week: desk-hours available, booked and occupied, utilisation and peak utilisation.",
            ],
        };
        pick(lang, de, en)
    }

    /// Its fields, in column order: the data dictionary.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Dataset::UtilisationByFloorWeekday => &BY_FLOOR_WEEKDAY,
            Dataset::DeskSharing => &DESK_SHARING,
            Dataset::UseByWeek => &BY_WEEK,
        }
    }
}

fn pick(lang: Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// A licence open data can be published under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub enum Licence {
    /// Datenlizenz Deutschland – Namensnennung – Version 2.0 (the default).
    #[default]
    #[serde(rename = "dl-de/by-2-0")]
    DlDeBy20,
    /// Datenlizenz Deutschland – Zero – Version 2.0.
    #[serde(rename = "dl-de/zero-2-0")]
    DlDeZero20,
    /// Creative Commons Attribution 4.0 International.
    #[serde(rename = "cc-by-4.0")]
    CcBy40,
    /// Creative Commons Zero 1.0 Universal.
    #[serde(rename = "cc0-1.0")]
    Cc010,
}

impl Licence {
    /// Every licence.
    pub const ALL: [Licence; 4] = [
        Licence::DlDeBy20,
        Licence::DlDeZero20,
        Licence::CcBy40,
        Licence::Cc010,
    ];

    /// Its id, as GovData writes it and the database keeps it.
    pub fn id(self) -> &'static str {
        match self {
            Licence::DlDeBy20 => "dl-de/by-2-0",
            Licence::DlDeZero20 => "dl-de/zero-2-0",
            Licence::CcBy40 => "cc-by-4.0",
            Licence::Cc010 => "cc0-1.0",
        }
    }

    /// The licence with `id`.
    pub fn from_id(id: &str) -> Option<Licence> {
        Licence::ALL.into_iter().find(|l| l.id() == id)
    }

    /// Its full name.
    pub fn name(self) -> &'static str {
        match self {
            Licence::DlDeBy20 => "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            Licence::DlDeZero20 => "Datenlizenz Deutschland – Zero – Version 2.0",
            Licence::CcBy40 => "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
            Licence::Cc010 => "Creative Commons Zero 1.0 Universell (CC0 1.0)",
        }
    }

    /// Where its text is.
    pub fn url(self) -> &'static str {
        match self {
            Licence::DlDeBy20 => "https://www.govdata.de/dl-de/by-2-0",
            Licence::DlDeZero20 => "https://www.govdata.de/dl-de/zero-2-0",
            Licence::CcBy40 => "https://creativecommons.org/licenses/by/4.0/",
            Licence::Cc010 => "https://creativecommons.org/publicdomain/zero/1.0/",
        }
    }

    /// Its URI in the DCAT-AP.de licence vocabulary.
    pub fn dcat_uri(self) -> &'static str {
        match self {
            Licence::DlDeBy20 => "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
            Licence::DlDeZero20 => "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
            Licence::CcBy40 => "http://dcat-ap.de/def/licenses/cc-by/4.0",
            Licence::Cc010 => "http://dcat-ap.de/def/licenses/cc-zero",
        }
    }

    /// Whether users must name the publisher.
    pub fn needs_attribution(self) -> bool {
        matches!(self, Licence::DlDeBy20 | Licence::CcBy40)
    }
}

/// What facility management publishes as open data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpenDataSettings {
    /// The datasets published; none on a fresh install.
    pub published: Vec<Dataset>,
    /// The licence they are published under.
    pub licence: Licence,
    /// Who publishes, as the catalogue and the attribution name it (at most 200 characters);
    /// empty: the name of the (first) building.
    pub publisher: String,
}

/// A field of the data dictionary, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct FieldInfo {
    /// The CSV column and JSON key.
    pub name: String,
    /// What it means.
    pub meaning: String,
    /// Its unit.
    pub unit: String,
}

/// The licence, as a user of the data needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LicenceInfo {
    /// Its id (`dl-de/by-2-0`).
    pub id: String,
    /// Its full name.
    pub name: String,
    /// Where its text is.
    pub url: String,
    /// What to name when using the data (the publisher), for licences that require it.
    pub attribution: Option<String>,
}

/// A published dataset, with its data dictionary and addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DatasetInfo {
    /// The dataset.
    pub dataset: Dataset,
    /// Its title.
    pub title: String,
    /// What it holds.
    pub description: String,
    /// The data dictionary.
    pub fields: Vec<FieldInfo>,
    /// The JSON address (the default days).
    pub json_url: String,
    /// The CSV address (the default days).
    pub csv_url: String,
}

/// What is published: the datasets, the licence, the publisher, the default days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OpenDataIndex {
    /// Who publishes.
    pub publisher: String,
    /// The licence.
    pub licence: LicenceInfo,
    /// The minimum group size: no figure rests on fewer people.
    pub min_group: u32,
    /// The first day the tables cover unless asked otherwise.
    pub from: NaiveDate,
    /// The last day (yesterday).
    pub to: NaiveDate,
    /// The published datasets; empty when nothing is published.
    pub datasets: Vec<DatasetInfo>,
    /// The DCAT-AP.de catalogue's address.
    pub catalog_url: String,
}

/// One value of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Figure {
    /// A whole number.
    Int(i64),
    /// A fraction or ratio.
    Num(f64),
    /// A text or date.
    Text(String),
}

impl Figure {
    /// As a CSV cell.
    pub fn cell(&self) -> String {
        match self {
            Figure::Int(n) => n.to_string(),
            Figure::Num(x) => format!("{x}"),
            Figure::Text(t) => t.clone(),
        }
    }
}

/// A published table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OpenDataTable {
    /// The dataset.
    pub dataset: Dataset,
    /// Its title.
    pub title: String,
    /// The licence.
    pub licence: LicenceInfo,
    /// Who publishes.
    pub publisher: String,
    /// The first day covered.
    pub from: NaiveDate,
    /// The last day covered.
    pub to: NaiveDate,
    /// The minimum group size: no figure rests on fewer people.
    pub min_group: u32,
    /// The data dictionary.
    pub fields: Vec<FieldInfo>,
    /// The records, each field by name (`null`: no figure, for example a share of nothing).
    #[cfg_attr(feature = "schema", schema(value_type = Vec<Object>))]
    pub records: Vec<BTreeMap<String, Option<Figure>>>,
}

impl Field {
    /// This field in `lang`.
    pub fn info(&self, lang: Lang) -> FieldInfo {
        let [meaning_de, meaning_en] = self.meaning;
        let [unit_de, unit_en] = self.unit;
        FieldInfo {
            name: self.name.to_owned(),
            meaning: pick(lang, meaning_de, meaning_en).to_owned(),
            unit: pick(lang, unit_de, unit_en).to_owned(),
        }
    }
}

/// A room and whether it has a calendar feed, for facility management.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RoomFeedState {
    /// The room.
    pub room_id: i32,
    /// Its label.
    pub label: String,
    /// Its name.
    pub name: String,
    /// Whether it is a protected consultation room (its feed shows only "busy").
    pub protected: bool,
    /// Whether it has a feed.
    pub has_feed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_licence_ids_read_back() {
        for dataset in Dataset::ALL {
            assert_eq!(Dataset::from_slug(dataset.slug()), Some(dataset));
            let json = serde_json::to_string(&dataset).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", dataset.slug()));
        }
        for licence in Licence::ALL {
            assert_eq!(Licence::from_id(licence.id()), Some(licence));
            let json = serde_json::to_string(&licence).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", licence.id()));
        }
        assert_eq!(Licence::default(), Licence::DlDeBy20);
    }

    #[test]
    fn every_field_has_a_meaning_and_a_unit_in_both_languages() {
        for dataset in Dataset::ALL {
            for field in dataset.fields() {
                for text in field.meaning.iter().chain(&field.unit) {
                    assert!(!text.is_empty(), "{}: {}", dataset.slug(), field.name);
                }
            }
        }
    }
}
