//! The `[[directories]]` list: per organisation, the LDAP directory its people follow
//! (`platzwahl directory sync ORG`, and on a schedule inside `platzwahl serve`).
//!
//! ```toml
//! [[directories]]
//! organisation = "stadt"
//! url = "ldaps://ldap.stadt.example"
//! bind_dn = "cn=platzwahl,ou=services,dc=stadt,dc=example"
//! bind_password_file = "/run/secrets/stadt-ldap"
//! base_dn = "ou=people,dc=stadt,dc=example"
//! filter = "(&(objectClass=inetOrgPerson)(!(employeeType=external)))"
//! unit_attribute = "departmentNumber"
//! badge_attribute = "employeeNumber"
//! interval_min = 60
//!
//! [directories.units]
//! "33" = "amt-33"
//!
//! [directories.roles]
//! "cn=beratung,ou=groups,dc=stadt,dc=example" = "counsellor"
//! "cn=platzwahl-admins,ou=groups,dc=stadt,dc=example" = "org_admin"
//! ```
//!
//! The bind password is never in the settings or the database: it is read, at each run, from
//! a file (`bind_password_file`) or from an environment variable named by
//! `bind_password_env`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use entities::enums::Role;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Secret, SettingsError};

/// One organisation's directory.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectorySettings {
    /// The organisation (its slug) whose people this directory holds; one directory per
    /// organisation. Only this organisation's people are ever changed.
    pub organisation: String,
    /// The directory's address: `ldaps://HOST[:PORT]` (TLS), or `ldap://HOST[:PORT]`, which
    /// is upgraded with StartTLS before anything is sent. Without TLS only with
    /// `allow_plain`.
    pub url: String,
    /// Talk to an `ldap://` directory without TLS, the bind password in clear on the
    /// network. Default `false`: only for a test directory on this machine.
    #[serde(default)]
    pub allow_plain: bool,
    /// A PEM file of CA certificates to trust instead of the system's, for a directory whose
    /// certificate an own CA signed.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// The distinguished name to bind as; unset: an anonymous bind.
    #[serde(default)]
    pub bind_dn: Option<String>,
    /// A file holding the bind password (trailing line breaks are ignored), read at each run.
    #[serde(default)]
    pub bind_password_file: Option<PathBuf>,
    /// The name of an environment variable holding the bind password (not the password
    /// itself), such as `STADT_LDAP_PASSWORD`.
    #[serde(default)]
    pub bind_password_env: Option<String>,
    /// Where the people are searched (the whole subtree below it).
    pub base_dn: String,
    /// Which entries are the organisation's people, an LDAP filter (RFC 4515). Default
    /// `(objectClass=inetOrgPerson)`.
    #[serde(default = "default_filter")]
    pub filter: String,
    /// The attribute holding a stable key that never changes for a person (not their name or
    /// address): `entryUUID` (OpenLDAP), `objectGUID` (Active Directory), `nsUniqueId`.
    /// Default `entryUUID`.
    #[serde(default = "default_key_attribute")]
    pub key_attribute: String,
    /// The attribute holding the display name. Default `displayName`; an entry without it is
    /// named by `given_name_attribute` and `surname_attribute`, else by `cn`.
    #[serde(default = "default_name_attribute")]
    pub name_attribute: String,
    /// The attribute holding the given name. Default `givenName`.
    #[serde(default = "default_given_name_attribute")]
    pub given_name_attribute: String,
    /// The attribute holding the surname. Default `sn`.
    #[serde(default = "default_surname_attribute")]
    pub surname_attribute: String,
    /// The attribute holding the e-mail address. Default `mail`; empty: addresses are not
    /// read. An entry without one keeps the person's address.
    #[serde(default = "default_email_attribute")]
    pub email_attribute: String,
    /// The attribute naming the unit (its value is looked up in `units`, else taken as the
    /// unit's slug). Default `departmentNumber`; empty: units are not read. An entry without
    /// one keeps the person's unit.
    #[serde(default = "default_unit_attribute")]
    pub unit_attribute: String,
    /// The attribute holding badge ids (every value is one badge), such as `employeeNumber`.
    /// Default: empty, badges are not read; when set, a person's badges are exactly the
    /// directory's.
    #[serde(default)]
    pub badge_attribute: String,
    /// The attribute listing the groups an entry belongs to, as distinguished names. Default
    /// `memberOf` (OpenLDAP's memberof overlay, Active Directory).
    #[serde(default = "default_groups_attribute")]
    pub groups_attribute: String,
    /// Unit attribute value → unit slug of the organisation, for values that are not slugs
    /// themselves. Default: none.
    #[serde(default)]
    pub units: BTreeMap<String, String>,
    /// Group (distinguished name, compared ignoring case) → role: `counsellor`, `unit_lead`,
    /// `org_admin` or `employee` (only roles an organisation may grant). Everybody the
    /// directory holds is an employee, and gets the roles of their groups besides; building
    /// roles given on the command line are kept. Default: none, roles are not managed and
    /// joiners become employees.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// Minutes between scheduled syncs inside `platzwahl serve` (one instance runs each, see
    /// the README). Default: unset, no schedule: sync with `platzwahl directory sync ORG`
    /// (try `--dry-run` first), then set a schedule.
    #[serde(default)]
    pub interval_min: Option<u32>,
    /// The most of the active people the directory manages that one run may deactivate, in
    /// percent; a run that would deactivate more (or anybody while the directory returns
    /// nobody) changes nothing, unless run by hand with `--force`. Default 10.
    #[serde(default = "default_max_leavers_percent")]
    pub max_leavers_percent: u32,
    /// Seconds to wait for the directory to connect and for each answer. Default 30.
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u32,
    /// Entries asked for per page of the search (paged results, RFC 2696). Default 500.
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

fn default_filter() -> String {
    "(objectClass=inetOrgPerson)".to_owned()
}
fn default_key_attribute() -> String {
    "entryUUID".to_owned()
}
fn default_name_attribute() -> String {
    "displayName".to_owned()
}
fn default_given_name_attribute() -> String {
    "givenName".to_owned()
}
fn default_surname_attribute() -> String {
    "sn".to_owned()
}
fn default_email_attribute() -> String {
    "mail".to_owned()
}
fn default_unit_attribute() -> String {
    "departmentNumber".to_owned()
}
fn default_groups_attribute() -> String {
    "memberOf".to_owned()
}
fn default_max_leavers_percent() -> u32 {
    10
}
fn default_timeout_secs() -> u32 {
    30
}
fn default_page_size() -> u32 {
    500
}

/// How a directory is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `ldaps://`.
    Tls,
    /// `ldap://` upgraded with StartTLS.
    StartTls,
    /// `ldap://` in clear (`allow_plain`).
    Plain,
}

impl DirectorySettings {
    /// How the directory is reached, checked.
    pub fn transport(&self) -> Result<Transport, SettingsError> {
        let url = url::Url::parse(&self.url).map_err(|_| self.invalid("url", "not a URL"))?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(self.invalid("url", "no host"));
        }
        match url.scheme() {
            "ldaps" => Ok(Transport::Tls),
            "ldap" if self.allow_plain => Ok(Transport::Plain),
            "ldap" => Ok(Transport::StartTls),
            _ => Err(self.invalid("url", "must start with ldaps:// or ldap://")),
        }
    }

    /// The roles of `roles`, checked: only those an organisation may grant.
    pub fn role_mapping(&self) -> Result<BTreeMap<String, Role>, SettingsError> {
        self.roles
            .iter()
            .map(|(group, code)| {
                let role = domain::people::GRANTABLE
                    .into_iter()
                    .find(|role| domain::account::role_code(*role) == code)
                    .ok_or_else(|| {
                        self.invalid(
                            "roles",
                            &format!(
                                "{code:?} is not a role an organisation may grant \
                                 (employee, counsellor, unit_lead, org_admin)"
                            ),
                        )
                    })?;
                Ok((group.clone(), role))
            })
            .collect()
    }

    /// The bind password, read now from its file or environment variable; `None` for an
    /// anonymous bind.
    pub fn bind_password(&self) -> Result<Option<Secret>, SettingsError> {
        match (&self.bind_password_file, &self.bind_password_env) {
            (Some(file), None) => std::fs::read_to_string(file)
                .map(|text| Some(Secret::new(text.trim_end_matches(['\r', '\n']))))
                .map_err(|err| {
                    self.invalid(
                        "bind_password_file",
                        &format!("cannot read {}: {err}", file.display()),
                    )
                }),
            (None, Some(name)) => std::env::var(name)
                .map(|v| Some(Secret::new(v)))
                .map_err(|_| {
                    self.invalid(
                        "bind_password_env",
                        &format!("the environment variable {name} is not set"),
                    )
                }),
            (None, None) => Ok(None),
            (Some(_), Some(_)) => Err(self.invalid(
                "bind_password_file",
                "give the password in a file or an environment variable, not both",
            )),
        }
    }

    /// Checks what can be checked without the directory.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.transport()?;
        self.role_mapping()?;
        if self.bind_dn.is_none()
            && (self.bind_password_file.is_some() || self.bind_password_env.is_some())
        {
            return Err(self.invalid("bind_dn", "a bind password is given, but no bind_dn"));
        }
        if self.bind_dn.is_some()
            && self.bind_password_file.is_none()
            && self.bind_password_env.is_none()
        {
            return Err(self.invalid(
                "bind_password_file",
                "bind_dn is set: give its password with bind_password_file or bind_password_env",
            ));
        }
        if self.bind_password_file.is_some() && self.bind_password_env.is_some() {
            return Err(self.invalid(
                "bind_password_file",
                "give the password in a file or an environment variable, not both",
            ));
        }
        if self.base_dn.trim().is_empty() {
            return Err(self.invalid("base_dn", "must not be empty"));
        }
        if self.key_attribute.trim().is_empty() {
            return Err(self.invalid("key_attribute", "must not be empty"));
        }
        if self.interval_min == Some(0) {
            return Err(self.invalid("interval_min", "must be greater than zero"));
        }
        if self.max_leavers_percent > 100 {
            return Err(self.invalid("max_leavers_percent", "at most 100"));
        }
        for (name, value) in [
            ("timeout_secs", self.timeout_secs),
            ("page_size", self.page_size),
        ] {
            if value == 0 {
                return Err(self.invalid(name, "must be greater than zero"));
            }
        }
        Ok(())
    }

    fn invalid(&self, key: &str, why: &str) -> SettingsError {
        SettingsError::Directory(format!("directories[{}].{key}: {why}", self.organisation))
    }
}

/// Checks every directory, and that no organisation has two.
pub fn validate(directories: &[DirectorySettings]) -> Result<(), SettingsError> {
    let mut seen = BTreeSet::new();
    for directory in directories {
        if !seen.insert(directory.organisation.as_str()) {
            return Err(SettingsError::Directory(format!(
                "directories: the organisation {:?} has two directories",
                directory.organisation
            )));
        }
        directory.validate()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn load(toml: &str) -> Result<Settings, String> {
        use figment::providers::Format;
        let figment = figment::Figment::new().merge(figment::providers::Toml::string(toml));
        Settings::extract(figment).map_err(|e| e.to_string())
    }

    const STADT: &str = r#"
[[directories]]
organisation = "stadt"
url = "ldaps://ldap.stadt.example"
bind_dn = "cn=platzwahl,dc=stadt,dc=example"
bind_password_env = "STADT_LDAP_PASSWORD"
base_dn = "ou=people,dc=stadt,dc=example"
[directories.roles]
"cn=beratung,dc=stadt,dc=example" = "counsellor"
"#;

    #[test]
    fn a_directory_is_read_with_its_defaults_and_no_schedule() {
        let settings = load(STADT);
        let Ok(settings) = settings else {
            panic!("{settings:?}");
        };
        let directory = &settings.directories[0];
        assert_eq!(directory.key_attribute, "entryUUID");
        assert_eq!(directory.filter, "(objectClass=inetOrgPerson)");
        assert_eq!(directory.interval_min, None, "no schedule unless asked for");
        assert_eq!(directory.max_leavers_percent, 10);
        assert_eq!(directory.transport().ok(), Some(Transport::Tls));
        assert!(Settings::default().directories.is_empty());
    }

    #[test]
    fn plain_ldap_needs_allow_plain_and_is_otherwise_upgraded_with_starttls() {
        let ldap = STADT.replace("ldaps://", "ldap://");
        let settings = load(&ldap).ok();
        assert_eq!(
            settings.and_then(|s| s.directories[0].transport().ok()),
            Some(Transport::StartTls)
        );
        let plain = ldap.replace("base_dn =", "allow_plain = true\nbase_dn =");
        let settings = load(&plain).ok();
        assert_eq!(
            settings.and_then(|s| s.directories[0].transport().ok()),
            Some(Transport::Plain)
        );
        let http = STADT.replace("ldaps://", "http://");
        assert!(load(&http).is_err_and(|e| e.contains("directories[stadt].url")));
    }

    #[test]
    fn a_role_an_organisation_may_not_grant_is_refused_by_name() {
        let building = STADT.replace("\"counsellor\"", "\"building_admin\"");
        let message = load(&building).err().unwrap_or_default();
        assert!(
            message.contains("directories[stadt].roles") && message.contains("building_admin"),
            "{message}"
        );
    }

    #[test]
    fn a_bind_dn_needs_a_password_source_and_the_password_never_shows() {
        let without = STADT.replace("bind_password_env = \"STADT_LDAP_PASSWORD\"\n", "");
        assert!(load(&without).is_err_and(|e| e.contains("bind_password_file")));
        let dir = std::env::temp_dir().join(format!("pw-dir-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join("secret");
        assert!(std::fs::write(&file, "hunter2\n").is_ok());
        let with_file = STADT.replace(
            "bind_password_env = \"STADT_LDAP_PASSWORD\"",
            &format!("bind_password_file = {:?}", file.display().to_string()),
        );
        let settings = load(&with_file);
        let password = settings
            .as_ref()
            .ok()
            .and_then(|s| s.directories[0].bind_password().ok().flatten());
        assert_eq!(password.as_ref().map(Secret::expose), Some("hunter2"));
        assert!(!format!("{settings:?}").contains("hunter2"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn two_directories_of_one_organisation_are_refused() {
        let twice = format!("{STADT}\n{STADT}");
        assert!(load(&twice).is_err_and(|e| e.contains("two directories")));
    }
}
