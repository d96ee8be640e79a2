//! The organisation file: what `platzwahl export organisation` writes and `platzwahl import`
//! reads.
//!
//! Everything is named by its natural key, never by a database id: the organisation and its
//! units by slug, zones by slug, people by e-mail address. Fields that may be left out have a
//! default (written out in full by the export); any other field is refused.

use serde::{Deserialize, Serialize};

use crate::structure::format::natural_cmp;

/// The roles, as the file spells them, in their canonical order.
pub const ROLES: &[&str] = &[
    "employee",
    "counsellor",
    "front_desk",
    "unit_lead",
    "facility_manager",
    "org_admin",
    "building_admin",
];

/// The languages, as the file spells them.
pub const LOCALES: &[&str] = &["de", "en"];

/// When people may book outside their home zones, as the file spells it.
pub const OVERFLOWS: &[&str] = &["none", "day_before_14", "same_day"];

/// How the file writes a badge that is stored already: only its hash is known.
pub const BADGE_HASH_PREFIX: &str = "sha256:";

fn yes() -> bool {
    true
}

fn default_roles() -> Vec<String> {
    vec!["employee".to_owned()]
}

fn default_locale() -> String {
    "de".to_owned()
}

fn default_overflow() -> String {
    "none".to_owned()
}

fn default_max_days_ahead() -> i32 {
    14
}

fn default_checkin_grace_min() -> i32 {
    30
}

/// An organisation with its units, people and deputies: the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationFile {
    /// Which organisation; created when there is none of this slug.
    pub organisation: OrganisationHeader,
    /// Slugs of zones the building administrators give the organisation (its units' home
    /// zones come from these). Added, never taken back, by an import.
    #[serde(default)]
    pub granted_zones: Vec<String>,
    /// The units.
    #[serde(default)]
    pub units: Vec<UnitFile>,
    /// The people.
    #[serde(default)]
    pub people: Vec<PersonFile>,
    /// Counsellors' deputies.
    #[serde(default)]
    pub deputies: Vec<DeputyFile>,
}

/// The organisation itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationHeader {
    /// Short name, unique among organisations; how an import finds it again.
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// A unit of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFile {
    /// Short name, unique across organisations.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The unit's home zones by priority; when given, exactly these (left out: unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_zones: Option<Vec<HomeZoneFile>>,
    /// The unit's own booking rules, if it has any (left out: unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyFile>,
}

/// A home zone of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeZoneFile {
    /// Slug of the zone; it must be given to the organisation.
    pub zone: String,
    /// 1 is the first choice.
    pub priority: i32,
}

/// A unit's booking rules (a unit's policy applies whole, before the organisation's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// How many days after today people may book (0: today only).
    #[serde(default = "default_max_days_ahead")]
    pub max_days_ahead: i32,
    /// Bookings per person and week; left out: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bookings_per_week: Option<i32>,
    /// Whether mornings and afternoons may be booked on their own.
    #[serde(default = "yes")]
    pub half_days_allowed: bool,
    /// `none`, `day_before_14` or `same_day`: when desks outside the home zones open.
    #[serde(default = "default_overflow")]
    pub overflow: String,
    /// Minutes after a slot starts before a booking not checked in is a no-show.
    #[serde(default = "default_checkin_grace_min")]
    pub checkin_grace_min: i32,
    /// Whether no-shows are released automatically.
    #[serde(default)]
    pub auto_release: bool,
    /// Whether no-shows at desks without a sensor are released by time alone.
    #[serde(default)]
    pub release_without_sensor: bool,
}

impl Default for PolicyFile {
    fn default() -> Self {
        Self {
            max_days_ahead: default_max_days_ahead(),
            max_bookings_per_week: None,
            half_days_allowed: true,
            overflow: default_overflow(),
            checkin_grace_min: default_checkin_grace_min(),
            auto_release: false,
            release_without_sensor: false,
        }
    }
}

/// A person of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFile {
    /// E-mail address, unique in the installation; how an import finds the person again.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Slug of the person's unit (of this organisation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Roles: exactly these (see [`ROLES`]).
    #[serde(default = "default_roles")]
    pub roles: Vec<String>,
    /// Badge ids as printed on the badge, or `sha256:…` as the export writes a stored one.
    /// Added; badges left out are kept.
    #[serde(default)]
    pub badges: Vec<String>,
    /// `de` or `en`.
    #[serde(default = "default_locale")]
    pub locale: String,
    /// Whether the person may sign in and book; only for new people (leavers are deactivated
    /// one by one, which ends their sessions and bookings).
    #[serde(default = "yes")]
    pub active: bool,
}

/// A counsellor's deputy, who may act on the counsellor's consultation reservations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeputyFile {
    /// E-mail address of the counsellor.
    pub counsellor: String,
    /// E-mail address of the deputy.
    pub deputy: String,
}

/// The stored form of a badge as the file writes it: `sha256:` and the hash of the badge id,
/// or the badge written that way already.
#[must_use]
pub fn badge_in_file(badge: &str) -> String {
    match stored_badge_hash(badge) {
        Some(hash) => format!("{BADGE_HASH_PREFIX}{hash}"),
        None => format!("{BADGE_HASH_PREFIX}{}", crate::checkin::badge_hash(badge)),
    }
}

/// The hash a `sha256:…` badge of the file names, if it is one.
#[must_use]
pub fn stored_badge_hash(badge: &str) -> Option<String> {
    let hash = badge.trim().strip_prefix(BADGE_HASH_PREFIX)?;
    (hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| hash.to_ascii_lowercase())
}

/// The position of a role in [`ROLES`] (unknown roles last).
fn role_rank(role: &str) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(ROLES.len())
}

impl OrganisationFile {
    /// The same organisation in the export's order: units by slug, home zones by priority,
    /// people by e-mail address (lower-case) with their roles in [`ROLES`]' order and their
    /// badges as stored (`sha256:…`, sorted), deputies by counsellor and deputy, granted
    /// zones by slug. Two files describing the same organisation are equal once normalized.
    #[must_use]
    pub fn normalized(mut self) -> Self {
        self.granted_zones.sort_by(|a, b| natural_cmp(a, b));
        self.granted_zones.dedup();
        self.units.sort_by(|a, b| natural_cmp(&a.slug, &b.slug));
        for unit in &mut self.units {
            if let Some(zones) = &mut unit.home_zones {
                zones.sort_by(|a, b| {
                    a.priority
                        .cmp(&b.priority)
                        .then_with(|| natural_cmp(&a.zone, &b.zone))
                });
            }
        }
        for person in &mut self.people {
            person.email = person.email.trim().to_lowercase();
            person.roles.sort_by_key(|r| role_rank(r));
            person.roles.dedup();
            person.badges = person.badges.iter().map(|b| badge_in_file(b)).collect();
            person.badges.sort();
            person.badges.dedup();
        }
        self.people.sort_by(|a, b| a.email.cmp(&b.email));
        for deputy in &mut self.deputies {
            deputy.counsellor = deputy.counsellor.trim().to_lowercase();
            deputy.deputy = deputy.deputy.trim().to_lowercase();
        }
        self.deputies.sort_by(|a, b| {
            (a.counsellor.as_str(), a.deputy.as_str())
                .cmp(&(b.counsellor.as_str(), b.deputy.as_str()))
        });
        self.deputies.dedup();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ActiveEnum, Iterable};

    #[test]
    fn the_files_spellings_are_the_schemas() {
        let roles: Vec<String> = entities::enums::Role::iter()
            .map(|r| r.to_value())
            .collect();
        assert_eq!(roles, ROLES);
        let locales: Vec<String> = entities::enums::Locale::iter()
            .map(|l| l.to_value())
            .collect();
        assert_eq!(locales, LOCALES);
        let overflows: Vec<String> = entities::enums::Overflow::iter()
            .map(|o| o.to_value())
            .collect();
        assert_eq!(overflows, OVERFLOWS);
    }

    #[test]
    fn badges_are_written_as_their_hash() {
        let hashed = badge_in_file(" 04a1b2 ");
        assert_eq!(hashed, badge_in_file("04A1B2"));
        assert!(hashed.starts_with(BADGE_HASH_PREFIX));
        assert_eq!(badge_in_file(&hashed), hashed);
        assert!(stored_badge_hash("sha256:xyz").is_none());
    }
}
