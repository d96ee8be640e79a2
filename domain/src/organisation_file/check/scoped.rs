//! The checks of an import by an organisation administrator (the admin pages and the JSON
//! API), on top of those of every import: the file may name only the administrator's own
//! organisation and may not rename it, may not give the organisation zones (the building
//! administrators do), and may grant and take only the roles an organisation administrator
//! may grant ([`crate::people::GRANTABLE`]), never those of a person holding a building-wide
//! role, nor their own administrator role.

use std::collections::BTreeSet;

use super::{FileKind, Known, Reading};
use crate::organisation_file::admin::Restriction;
use crate::structure::Problem;

/// The codes of the roles an organisation administrator may grant and take.
fn grantable() -> Vec<&'static str> {
    crate::people::GRANTABLE
        .iter()
        .map(|role| crate::account::role_code(*role))
        .collect()
}

impl Reading {
    /// Ties the file to the administrator's own organisation before it is compared with the
    /// database: a JSON file naming another organisation, or another name for it, is a problem
    /// at `organisation.slug` or `organisation.name`; then, and for CSV, the file is read as
    /// the administrator's organisation's (so that nothing is compared with another's).
    pub(crate) fn restrict_to(&mut self, restriction: &Restriction) {
        let own = &restriction.organisation;
        if self.kind == FileKind::Json
            && let Some(header) = &self.organisation
        {
            if header.slug != own.slug {
                self.problems.push(Problem::at(
                    "organisation.slug",
                    format!(
                        "this file is for the organisation \"{}\"; you administer \"{}\" and \
                         may import only its file",
                        header.slug, own.slug
                    ),
                ));
            } else if header.name != own.name {
                self.problems.push(Problem::at(
                    "organisation.name",
                    format!(
                        "the organisation is called \"{}\"; an import here does not rename it",
                        own.name
                    ),
                ));
            }
        }
        self.organisation = Some(own.clone());
    }

    /// Reports what an organisation administrator may not do: give zones, grant or take a
    /// building-wide role, change the roles of a person holding one, take their own
    /// administrator role. Whether the roles of somebody already there change (which needs a
    /// fresh passkey confirmation, as in the people pages).
    pub(crate) fn check_restricted(&mut self, known: &Known, restriction: &Restriction) -> bool {
        let grantable = grantable();
        let mut out = Vec::new();
        for zone in &self.granted_zones {
            if known.zones.contains(&zone.value) && !known.granted.contains(&zone.value) {
                out.push(zone.at.problem(
                    "",
                    format!(
                        "the zone \"{}\" is not given to your organisation; the building \
                         administrators give zones",
                        zone.value
                    ),
                ));
            }
        }
        let mut roles_change = false;
        for person in &self.people {
            let (at, p) = (&person.at, &person.value);
            let email = p.email.trim().to_lowercase();
            let wanted: BTreeSet<&str> = p.roles.iter().map(String::as_str).collect();
            let held: Option<BTreeSet<&str>> = known
                .roles
                .get(&email)
                .map(|held| held.iter().map(String::as_str).collect());
            let empty = BTreeSet::new();
            let before = held.as_ref().unwrap_or(&empty);
            let moved: Vec<&str> = wanted
                .symmetric_difference(before)
                .copied()
                .filter(|role| super::super::format::ROLES.contains(role))
                .collect();
            if moved.is_empty() {
                continue;
            }
            let field = "roles";
            if held.is_some() {
                roles_change = true;
                if before.iter().any(|role| !grantable.contains(role)) {
                    out.push(at.problem(
                        field,
                        format!(
                            "{email} holds a building-wide role; their roles are changed on the \
                             command line"
                        ),
                    ));
                    continue;
                }
            }
            for role in moved.iter().filter(|role| !grantable.contains(*role)) {
                out.push(at.problem(
                    field,
                    format!(
                        "you may not {} the role \"{role}\"; you may grant {}",
                        if wanted.contains(role) {
                            "grant"
                        } else {
                            "take"
                        },
                        grantable.join(", ")
                    ),
                ));
            }
            if restriction.own_email.as_deref() == Some(email.as_str())
                && before.contains("org_admin")
                && !wanted.contains("org_admin")
            {
                out.push(at.problem(
                    field,
                    "you cannot take your own administrator role: ask another administrator of \
                     your organisation",
                ));
            }
        }
        self.problems.extend(out);
        roles_change
    }
}

impl Known {
    /// Forgets which other organisation a unit or person belongs to: an organisation
    /// administrator learns only that it is another one (the slugs of units and the e-mail
    /// addresses are unique in the installation, so that much is unavoidable).
    pub(crate) fn hide_other_organisations(&mut self, own: &str) {
        for owner in self
            .unit_owners
            .values_mut()
            .chain(self.person_owners.values_mut())
        {
            if owner != own {
                owner.clear();
            }
        }
    }
}
