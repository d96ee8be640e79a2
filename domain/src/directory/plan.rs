//! Planning a sync, without a database or a directory: from what the directory holds
//! ([`Entry`]) and what Platzwahl holds of the organisation ([`Known`]), which people to
//! create, update, move, give other roles, reactivate or deactivate ([`Plan`]), and whether the
//! safety lets the leavers go ([`Plan::check_safety`]).
//!
//! Matching: a person is the directory entry whose stable key they carry
//! (`person.directory_key`); a person without a key is linked to the entry with their e-mail
//! address on the first sync. An entry without a person is a joiner; a person with a key whose
//! entry is gone is a leaver. What the directory does not say (an attribute that is not read,
//! or missing on an entry) is left as it is.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use entities::enums::Role;

/// A person as the directory holds them; badges are already hashed
/// ([`crate::checkin::badge_hash`]) and the e-mail address cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's distinguished name, only to name it in a problem.
    pub dn: String,
    /// The stable key (such as `entryUUID`); `None` when the entry has none.
    pub key: Option<String>,
    /// The display name; `None` when the entry has none.
    pub name: Option<String>,
    /// The e-mail address, lower-case; `None` when the entry has none (or it is not read).
    pub email: Option<String>,
    /// The unit attribute's value; `None` when the entry has none (or it is not read).
    pub unit: Option<String>,
    /// Hashes of the badge ids; `None` when badges are not read.
    pub badges: Option<BTreeSet<String>>,
    /// The groups the entry is a member of (distinguished names, as given).
    pub groups: Vec<String>,
}

/// How the directory's values become units and roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// Unit attribute value → unit slug. A value not listed is taken as a unit slug itself.
    pub units: BTreeMap<String, String>,
    /// Group (distinguished name, compared ignoring case) → role. Everybody is an employee;
    /// empty: roles are not managed by the directory, and joiners become employees.
    pub roles: BTreeMap<String, Role>,
}

impl Mapping {
    /// The roles `groups` give: everybody in the directory is an employee, and each mapped
    /// group adds its role; in the order of [`Role`].
    pub fn roles_of(&self, groups: &[String]) -> Vec<Role> {
        let lower: HashMap<String, Role> = self
            .roles
            .iter()
            .map(|(group, role)| (group.to_lowercase(), *role))
            .collect();
        let mut roles: Vec<Role> = groups
            .iter()
            .filter_map(|group| lower.get(&group.to_lowercase()).copied())
            .collect();
        roles.push(Role::Employee);
        roles.sort_by_key(|role| *role as u8);
        roles.dedup();
        roles
    }
}

/// A person of the organisation as Platzwahl holds them (erased people are not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPerson {
    /// `person.id`.
    pub id: i32,
    /// `person.directory_key`.
    pub key: Option<String>,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// `unit.id`.
    pub unit_id: Option<i32>,
    /// Whether they may sign in.
    pub active: bool,
    /// The roles they hold that an organisation may grant ([`crate::people::GRANTABLE`]), in
    /// the order of [`Role`]; others are never touched.
    pub roles: Vec<Role>,
    /// Hashes of their badges.
    pub badges: BTreeSet<String>,
}

/// What Platzwahl holds that a sync compares with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The organisation's people, erased ones left out.
    pub people: Vec<KnownPerson>,
    /// The organisation's open units: slug → id.
    pub units: BTreeMap<String, i32>,
    /// E-mail addresses of people outside the organisation (or erased).
    pub emails_elsewhere: HashSet<String>,
    /// Badge hashes of people outside the organisation.
    pub badges_elsewhere: HashSet<String>,
}

/// A joiner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    /// Their directory key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// `unit.id` and slug.
    pub unit: Option<(i32, String)>,
    /// Roles, in the order of [`Role`].
    pub roles: Vec<Role>,
    /// Badge hashes.
    pub badges: BTreeSet<String>,
}

/// What changes about a person who is in the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// `person.id`.
    pub person_id: i32,
    /// Their name as it is after the sync.
    pub name: String,
    /// The key to store: the person was linked by e-mail address now.
    pub link: Option<String>,
    /// A new display name.
    pub set_name: Option<String>,
    /// A new e-mail address (`Some(None)`: removed).
    pub set_email: Option<Option<String>>,
    /// A move to another unit.
    pub set_unit: Option<Move>,
    /// Their roles an organisation may grant, now.
    pub set_roles: Option<Vec<Role>>,
    /// Their badges now (hashes).
    pub set_badges: Option<BTreeSet<String>>,
    /// They were inactive and are back.
    pub reactivate: bool,
}

impl Update {
    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.link.is_none()
            && self.set_name.is_none()
            && self.set_email.is_none()
            && self.set_unit.is_none()
            && self.set_roles.is_none()
            && self.set_badges.is_none()
            && !self.reactivate
    }

    /// Whether name, e-mail address or badges change.
    pub fn is_attribute_change(&self) -> bool {
        self.set_name.is_some() || self.set_email.is_some() || self.set_badges.is_some()
    }
}

/// A move from one unit to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The slug of the unit left, if any.
    pub from: Option<String>,
    /// The `unit.id` of the new unit.
    pub to_id: i32,
    /// Its slug.
    pub to: String,
}

/// A leaver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaver {
    /// `person.id`.
    pub person_id: i32,
    /// Display name.
    pub name: String,
}

/// Everything a sync changes, and every entry it could not take.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// People to create.
    pub create: Vec<NewMember>,
    /// People to change (only those with a change).
    pub update: Vec<Update>,
    /// People to deactivate.
    pub deactivate: Vec<Leaver>,
    /// People in the directory with nothing to change.
    pub unchanged: usize,
    /// Entries in the directory.
    pub entries: usize,
    /// Active people whom the directory manages (they carry a key) before the sync.
    pub managed_active: usize,
    /// What could not be taken, in words (entries by their distinguished name).
    pub problems: Vec<String>,
}

/// Why a sync's leavers are not let go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The directory returned nobody, but people would leave.
    #[error(
        "the directory returned nobody, which would deactivate {leaving} people; check the \
         base DN and filter, or run with --force if everybody really left"
    )]
    EmptyDirectory {
        /// How many would leave.
        leaving: usize,
    },
    /// More would leave than the threshold allows.
    #[error(
        "{leaving} of {managed} people would be deactivated, more than the {percent} % \
         allowed at once (max_leavers_percent); check the directory, or run with --force"
    )]
    TooManyLeavers {
        /// How many would leave.
        leaving: usize,
        /// Of how many active people the directory manages.
        managed: usize,
        /// The threshold.
        percent: u32,
    },
}

impl Plan {
    /// Compares `entries` with `known` as `mapping` says.
    pub fn new(entries: &[Entry], known: &Known, mapping: &Mapping) -> Plan {
        // An entry that would take an e-mail address or badge somebody keeps is skipped, and
        // its person (if any) keeps theirs: so the comparison is made again without it until
        // no entry clashes (each round skips one more; clashes are rare).
        let mut skipped: BTreeMap<usize, String> = BTreeMap::new();
        loop {
            let (plan, clashes) = Self::attempt(entries, known, mapping, &skipped);
            if clashes.is_empty() {
                return plan;
            }
            skipped.extend(clashes);
        }
    }

    /// One comparison, with the entries of `skipped` left out; the entries that clashed.
    fn attempt(
        entries: &[Entry],
        known: &Known,
        mapping: &Mapping,
        skipped: &BTreeMap<usize, String>,
    ) -> (Plan, BTreeMap<usize, String>) {
        let mut plan = Plan {
            entries: entries.len(),
            managed_active: known
                .people
                .iter()
                .filter(|p| p.key.is_some() && p.active)
                .count(),
            ..Plan::default()
        };
        let mut clashes = BTreeMap::new();
        let by_key: HashMap<&str, &KnownPerson> = known
            .people
            .iter()
            .filter_map(|p| p.key.as_deref().map(|key| (key, p)))
            .collect();
        let by_email: HashMap<&str, &KnownPerson> = known
            .people
            .iter()
            .filter_map(|p| p.email.as_deref().map(|email| (email, p)))
            .collect();
        let units_by_id: HashMap<i32, &str> = known
            .units
            .iter()
            .map(|(slug, id)| (*id, slug.as_str()))
            .collect();

        // Every key the directory has, also of entries that cannot be taken: nobody whose
        // entry is there leaves.
        let mut key_count: HashMap<&str, usize> = HashMap::new();
        for entry in entries {
            if let Some(key) = entry.key.as_deref() {
                *key_count.entry(key).or_default() += 1;
            }
        }
        // Why an entry cannot be taken, whatever the others hold.
        let invalid = |index: usize, entry: &Entry| -> Option<String> {
            if let Some(why) = skipped.get(&index) {
                return Some(why.clone());
            }
            match entry.key.as_deref() {
                None => Some("no value for the key attribute".to_owned()),
                Some(key) if key_count.get(key).copied().unwrap_or(0) > 1 => {
                    Some(format!("its key {key:?} is shared with another entry"))
                }
                Some(_) if entry.name.is_none() => Some("no name".to_owned()),
                Some(_) => None,
            }
        };
        // Keys whose entries are taken: their people's addresses and badges follow the entry.
        let taken: HashSet<&str> = entries
            .iter()
            .enumerate()
            .filter(|(index, entry)| invalid(*index, entry).is_none())
            .filter_map(|(_, entry)| entry.key.as_deref())
            .collect();
        // Who holds which e-mail address and badge after the sync, so far: everybody else
        // keeps theirs.
        let mut emails: HashMap<String, Holder> = known
            .emails_elsewhere
            .iter()
            .map(|e| (e.clone(), Holder::Elsewhere))
            .collect();
        let mut badges: HashMap<String, Holder> = known
            .badges_elsewhere
            .iter()
            .map(|b| (b.clone(), Holder::Elsewhere))
            .collect();
        for person in &known.people {
            let follows = person.key.as_deref().is_some_and(|key| taken.contains(key));
            if !follows {
                if let Some(email) = &person.email {
                    emails.insert(email.clone(), Holder::Person(person.id));
                }
                for badge in &person.badges {
                    badges.insert(badge.clone(), Holder::Person(person.id));
                }
            }
        }
        let mut unmapped_units: BTreeMap<String, usize> = BTreeMap::new();
        let mut linked: HashSet<i32> = HashSet::new();

        for (index, entry) in entries.iter().enumerate() {
            if let Some(why) = invalid(index, entry) {
                plan.problems.push(format!("{}: {why}; skipped", entry.dn));
                continue;
            }
            let (Some(key), Some(name)) = (entry.key.clone(), entry.name.clone()) else {
                continue;
            };
            // The person: by key, else an unlinked one by e-mail address.
            let person = match by_key.get(key.as_str()) {
                Some(person) => Some(*person),
                None => match entry.email.as_deref().and_then(|e| by_email.get(e)) {
                    Some(person) if person.key.is_none() && !linked.contains(&person.id) => {
                        Some(*person)
                    }
                    Some(_) => {
                        clashes.insert(
                            index,
                            "its e-mail address belongs to a person linked to another entry"
                                .to_owned(),
                        );
                        continue;
                    }
                    None => None,
                },
            };
            let me = person.map_or(Holder::Entry(key.clone()), |p| Holder::Person(p.id));
            // The e-mail address and badges it has after the sync (what the directory says,
            // else what the person has) must be free.
            let email = entry
                .email
                .clone()
                .or_else(|| person.and_then(|p| p.email.clone()));
            let held_badges = entry
                .badges
                .clone()
                .or_else(|| person.map(|p| p.badges.clone()))
                .unwrap_or_default();
            if let Some(email) = &email
                && emails.get(email).is_some_and(|holder| *holder != me)
            {
                clashes.insert(
                    index,
                    "its e-mail address belongs to somebody else".to_owned(),
                );
                continue;
            }
            if held_badges
                .iter()
                .any(|b| badges.get(b).is_some_and(|holder| *holder != me))
            {
                clashes.insert(
                    index,
                    "a badge of it is registered for somebody else".to_owned(),
                );
                continue;
            }
            if let Some(email) = email {
                emails.insert(email, me.clone());
            }
            for badge in held_badges {
                badges.insert(badge, me.clone());
            }
            let unit = match &entry.unit {
                None => None,
                Some(value) => {
                    let slug = mapping.units.get(value).unwrap_or(value);
                    match known.units.get(slug) {
                        Some(id) => Some((*id, slug.clone())),
                        None => {
                            *unmapped_units.entry(value.clone()).or_default() += 1;
                            None
                        }
                    }
                }
            };
            let roles = mapping.roles_of(&entry.groups);
            match person {
                None => plan.create.push(NewMember {
                    key,
                    name,
                    email: entry.email.clone(),
                    unit,
                    roles,
                    badges: entry.badges.clone().unwrap_or_default(),
                }),
                Some(person) => {
                    linked.insert(person.id);
                    let mut update = Update {
                        person_id: person.id,
                        name: name.clone(),
                        ..Update::default()
                    };
                    if person.key.is_none() {
                        update.link = Some(key);
                    }
                    if person.name != name {
                        update.set_name = Some(name);
                    }
                    if entry.email.is_some() && entry.email != person.email {
                        update.set_email = Some(entry.email.clone());
                    }
                    if let Some((id, slug)) = unit
                        && person.unit_id != Some(id)
                    {
                        let from = person
                            .unit_id
                            .and_then(|id| units_by_id.get(&id))
                            .map(|slug| (*slug).to_owned());
                        update.set_unit = Some(Move {
                            from,
                            to_id: id,
                            to: slug,
                        });
                    }
                    if !mapping.roles.is_empty() && person.roles != roles {
                        update.set_roles = Some(roles);
                    }
                    if let Some(wanted) = &entry.badges
                        && *wanted != person.badges
                    {
                        update.set_badges = Some(wanted.clone());
                    }
                    update.reactivate = !person.active;
                    if update.is_empty() {
                        plan.unchanged += 1;
                    } else {
                        plan.update.push(update);
                    }
                }
            }
        }
        for (value, count) in unmapped_units {
            plan.problems.push(format!(
                "unit {value:?} ({count} people): no open unit of the organisation has this \
                 slug and `units` maps it to none; their units are left as they are"
            ));
        }
        plan.deactivate = known
            .people
            .iter()
            .filter(|p| p.active)
            .filter(|p| {
                p.key
                    .as_deref()
                    .is_some_and(|key| !key_count.contains_key(key))
            })
            .map(|p| Leaver {
                person_id: p.id,
                name: p.name.clone(),
            })
            .collect();
        (plan, clashes)
    }

    /// Whether the leavers may go: not when the directory returned nobody, nor when more
    /// than `max_percent` % of the active people the directory manages would leave at once —
    /// unless `force`.
    pub fn check_safety(&self, max_percent: u32, force: bool) -> Result<(), Refusal> {
        let leaving = self.deactivate.len();
        if force || leaving == 0 {
            return Ok(());
        }
        if self.entries == 0 {
            return Err(Refusal::EmptyDirectory { leaving });
        }
        let managed = self.managed_active.max(1);
        if leaving.saturating_mul(100) > managed.saturating_mul(max_percent as usize) {
            return Err(Refusal::TooManyLeavers {
                leaving,
                managed: self.managed_active,
                percent: max_percent,
            });
        }
        Ok(())
    }

    /// Whether the sync changes nothing.
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.update.is_empty() && self.deactivate.is_empty()
    }

    /// How many writes applying it takes (for the progress bar).
    pub fn writes(&self) -> u64 {
        u64::try_from(self.create.len() + self.update.len() + self.deactivate.len())
            .unwrap_or(u64::MAX)
    }
}

/// Who holds an e-mail address or badge after the sync.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Holder {
    /// Somebody of another organisation (or erased).
    Elsewhere,
    /// A person of the organisation.
    Person(i32),
    /// A joiner, by key.
    Entry(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(key: &str, name: &str, email: &str, unit: &str) -> Entry {
        Entry {
            dn: format!("uid={key},ou=people,dc=example,dc=org"),
            key: Some(key.to_owned()),
            name: Some(name.to_owned()),
            email: Some(email.to_owned()),
            unit: Some(unit.to_owned()),
            badges: None,
            groups: Vec::new(),
        }
    }

    fn person(id: i32, key: Option<&str>, name: &str, email: &str, unit: i32) -> KnownPerson {
        KnownPerson {
            id,
            key: key.map(str::to_owned),
            name: name.to_owned(),
            email: Some(email.to_owned()),
            unit_id: Some(unit),
            active: true,
            roles: vec![Role::Employee],
            badges: BTreeSet::new(),
        }
    }

    fn known(people: Vec<KnownPerson>) -> Known {
        Known {
            people,
            units: BTreeMap::from([("amt-1".to_owned(), 1), ("amt-2".to_owned(), 2)]),
            ..Known::default()
        }
    }

    #[test]
    fn joiners_are_created_movers_moved_and_leavers_deactivated() {
        let known = known(vec![
            person(10, Some("a"), "Ada", "ada@x.org", 1),
            person(11, Some("b"), "Ben", "ben@x.org", 1),
            person(12, Some("c"), "Cem", "cem@x.org", 1),
        ]);
        let entries = vec![
            entry("a", "Ada", "ada@x.org", "amt-1"),
            entry("b", "Ben", "ben@x.org", "amt-2"),
            entry("d", "Dora", "dora@x.org", "amt-2"),
        ];
        let plan = Plan::new(&entries, &known, &Mapping::default());
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.create.len(), 1);
        assert_eq!(plan.create[0].unit, Some((2, "amt-2".to_owned())));
        assert_eq!(plan.create[0].roles, vec![Role::Employee]);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(
            plan.update[0].set_unit,
            Some(Move {
                from: Some("amt-1".to_owned()),
                to_id: 2,
                to: "amt-2".to_owned()
            })
        );
        assert_eq!(
            plan.deactivate,
            vec![Leaver {
                person_id: 12,
                name: "Cem".to_owned()
            }]
        );
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    }

    #[test]
    fn a_person_without_a_key_is_linked_by_email_address_once() {
        let known = known(vec![person(10, None, "Ada", "ada@x.org", 1)]);
        let plan = Plan::new(
            &[entry("a", "Ada Alt", "ada@x.org", "amt-1")],
            &known,
            &Mapping::default(),
        );
        assert!(plan.create.is_empty());
        assert_eq!(plan.update[0].link.as_deref(), Some("a"));
        assert_eq!(plan.update[0].set_name.as_deref(), Some("Ada Alt"));
        // A second entry with the same address does not take the person as well.
        let plan = Plan::new(
            &[
                entry("a", "Ada", "ada@x.org", "amt-1"),
                entry("b", "Ada", "ada@x.org", "amt-1"),
            ],
            &known,
            &Mapping::default(),
        );
        assert_eq!(plan.update.len(), 1);
        assert!(plan.create.is_empty());
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    }

    #[test]
    fn an_email_address_of_another_organisation_skips_the_entry() {
        let mut known = known(Vec::new());
        known.emails_elsewhere.insert("ada@x.org".to_owned());
        let plan = Plan::new(
            &[entry("a", "Ada", "ada@x.org", "amt-1")],
            &known,
            &Mapping::default(),
        );
        assert!(plan.create.is_empty());
        assert_eq!(plan.problems.len(), 1);
    }

    #[test]
    fn an_entry_that_cannot_be_taken_still_keeps_its_person() {
        let known = known(vec![person(10, Some("a"), "Ada", "ada@x.org", 1)]);
        let mut nameless = entry("a", "Ada", "ada@x.org", "amt-1");
        nameless.name = None;
        let plan = Plan::new(&[nameless], &known, &Mapping::default());
        assert!(plan.deactivate.is_empty());
        assert_eq!(plan.problems.len(), 1);
    }

    #[test]
    fn groups_give_roles_and_an_unmapped_unit_is_left_alone() {
        let mapping = Mapping {
            units: BTreeMap::from([("Amt 2".to_owned(), "amt-2".to_owned())]),
            roles: BTreeMap::from([
                ("cn=Beratung,dc=x".to_owned(), Role::Counsellor),
                ("cn=staff,dc=x".to_owned(), Role::Employee),
            ]),
        };
        let known = known(vec![person(10, Some("a"), "Ada", "ada@x.org", 1)]);
        let mut moved = entry("a", "Ada", "ada@x.org", "Amt 2");
        moved.groups = vec!["CN=beratung,DC=x".to_owned(), "cn=staff,dc=x".to_owned()];
        let plan = Plan::new(&[moved], &known, &mapping);
        assert_eq!(
            plan.update[0].set_roles,
            Some(vec![Role::Employee, Role::Counsellor])
        );
        assert!(plan.update[0].set_unit.is_some());
        let plan = Plan::new(&[entry("a", "Ada", "ada@x.org", "Amt 9")], &known, &mapping);
        assert!(plan.update.iter().all(|u| u.set_unit.is_none()));
        assert_eq!(plan.problems.len(), 1);
    }

    #[test]
    fn an_inactive_person_back_in_the_directory_is_reactivated() {
        let mut ada = person(10, Some("a"), "Ada", "ada@x.org", 1);
        ada.active = false;
        let plan = Plan::new(
            &[entry("a", "Ada", "ada@x.org", "amt-1")],
            &known(vec![ada]),
            &Mapping::default(),
        );
        assert!(plan.update[0].reactivate);
    }

    #[test]
    fn the_safety_refuses_an_empty_directory_and_too_many_leavers_unless_forced() {
        let people: Vec<KnownPerson> = (0..10)
            .map(|i| person(i, Some(&format!("k{i}")), "X", &format!("{i}@x.org"), 1))
            .collect();
        let known = known(people);
        let empty = Plan::new(&[], &known, &Mapping::default());
        assert_eq!(
            empty.check_safety(10, false),
            Err(Refusal::EmptyDirectory { leaving: 10 })
        );
        assert_eq!(empty.check_safety(10, true), Ok(()));
        let nine: Vec<Entry> = (0..9)
            .map(|i| entry(&format!("k{i}"), "X", &format!("{i}@x.org"), "amt-1"))
            .collect();
        assert_eq!(
            Plan::new(&nine, &known, &Mapping::default()).check_safety(10, false),
            Ok(())
        );
        let eight = &nine[..8];
        assert!(matches!(
            Plan::new(eight, &known, &Mapping::default()).check_safety(10, false),
            Err(Refusal::TooManyLeavers { leaving: 2, .. })
        ));
    }

    fn arbitrary_entry() -> impl Strategy<Value = Entry> {
        (
            prop::option::of(0u8..12),
            prop::option::of("[A-C][a-c]{0,2}"),
            prop::option::of(0u8..12),
            prop::option::of(prop::sample::select(vec!["amt-1", "amt-2", "amt-9"])),
            prop::option::of(prop::collection::btree_set(0u8..8, 0..3)),
        )
            .prop_map(|(key, name, email, unit, badges)| Entry {
                dn: "uid=x".to_owned(),
                key: key.map(|k| format!("k{k}")),
                name,
                email: email.map(|e| format!("{e}@x.org")),
                unit: unit.map(str::to_owned),
                badges: badges.map(|b| b.into_iter().map(|b| format!("b{b}")).collect()),
                groups: Vec::new(),
            })
    }

    fn arbitrary_person() -> impl Strategy<Value = KnownPerson> {
        (
            prop::option::of(0u8..12),
            prop::option::of(0u8..12),
            any::<bool>(),
            prop::collection::btree_set(0u8..8, 0..2),
        )
            .prop_map(|(key, email, active, badges)| KnownPerson {
                id: 0,
                key: key.map(|k| format!("k{k}")),
                name: "Xa".to_owned(),
                email: email.map(|e| format!("{e}@x.org")),
                unit_id: Some(1),
                active,
                roles: vec![Role::Employee],
                badges: badges.into_iter().map(|b| format!("b{b}")).collect(),
            })
    }

    proptest! {
        /// Whatever the directory and the database hold: nobody whose key the directory has is
        /// deactivated, nobody is both changed and deactivated, no two people end with one
        /// e-mail address, and every joiner has a key the database does not.
        #[test]
        fn a_plan_never_breaks_what_the_database_holds_unique(
            entries in prop::collection::vec(arbitrary_entry(), 0..16),
            people in prop::collection::vec(arbitrary_person(), 0..12),
        ) {
            // Keys, e-mail addresses and badges are unique in the database.
            let mut seen_keys = HashSet::new();
            let mut seen_emails = HashSet::new();
            let mut seen_badges = HashSet::new();
            let people: Vec<KnownPerson> = people
                .into_iter()
                .enumerate()
                .map(|(i, mut p)| {
                    p.id = i32::try_from(i).unwrap_or(0);
                    if p.key.as_ref().is_some_and(|k| !seen_keys.insert(k.clone())) {
                        p.key = None;
                    }
                    if p.email.as_ref().is_some_and(|e| !seen_emails.insert(e.clone())) {
                        p.email = None;
                    }
                    p.badges.retain(|b| seen_badges.insert(b.clone()));
                    p
                })
                .collect();
            let known = known(people.clone());
            let plan = Plan::new(&entries, &known, &Mapping::default());
            let directory_keys: HashSet<&str> =
                entries.iter().filter_map(|e| e.key.as_deref()).collect();
            let leaving: HashSet<i32> = plan.deactivate.iter().map(|l| l.person_id).collect();
            for person in &people {
                if person.key.as_deref().is_some_and(|k| directory_keys.contains(k)) {
                    prop_assert!(!leaving.contains(&person.id));
                }
            }
            for update in &plan.update {
                prop_assert!(!leaving.contains(&update.person_id));
            }
            // The e-mail addresses after the sync.
            let mut emails: HashMap<i32, Option<String>> =
                people.iter().map(|p| (p.id, p.email.clone())).collect();
            for update in &plan.update {
                if let Some(email) = &update.set_email {
                    emails.insert(update.person_id, email.clone());
                }
            }
            let mut after: Vec<String> = emails.into_values().flatten().collect();
            after.extend(plan.create.iter().filter_map(|c| c.email.clone()));
            let distinct: HashSet<&String> = after.iter().collect();
            prop_assert_eq!(distinct.len(), after.len());
            // The badges after the sync (a leaver's end with them, but they hold them until
            // then: the plan must not give them to anybody else).
            let mut held: HashMap<i32, BTreeSet<String>> =
                people.iter().map(|p| (p.id, p.badges.clone())).collect();
            for update in &plan.update {
                if let Some(badges) = &update.set_badges {
                    held.insert(update.person_id, badges.clone());
                }
            }
            let mut all: Vec<String> = held.into_values().flatten().collect();
            all.extend(plan.create.iter().flat_map(|c| c.badges.iter().cloned()));
            let distinct: HashSet<&String> = all.iter().collect();
            prop_assert_eq!(distinct.len(), all.len());
            let stored: HashSet<&str> = people.iter().filter_map(|p| p.key.as_deref()).collect();
            let mut created = HashSet::new();
            for joiner in &plan.create {
                prop_assert!(!stored.contains(joiner.key.as_str()));
                prop_assert!(created.insert(joiner.key.clone()));
            }
        }
    }
}
