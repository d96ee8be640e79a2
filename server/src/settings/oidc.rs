//! The `[oidc]` section: per organisation an OpenID Connect provider its people sign in with
//! (single sign-on). The client secret comes from a file or an environment variable, never
//! from the database, and is never shown or logged.
//!
//! ```toml
//! [[oidc.providers]]
//! organisation = "stadt"
//! issuer = "https://login.wuppertal.de/realms/stadt"
//! client_id = "platzwahl"
//! client_secret_file = "/run/secrets/platzwahl-oidc-stadt"
//! button_label = "Mit Stadt Wuppertal anmelden"
//! unit_claim = "department"
//! groups_claim = "groups"
//! just_in_time = true
//! ```

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Secret;

/// The `[oidc]` section.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OidcSettings {
    /// The organisations' OpenID Connect providers (`[[oidc.providers]]`, at most one per
    /// organisation). Default: none; people sign in with passkeys only.
    pub providers: Vec<OidcProvider>,
}

/// One organisation's OpenID Connect provider.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OidcProvider {
    /// The organisation's short name (`organisation.slug`): its people sign in here, and only
    /// they. Sign-in answers 404 while no organisation has this name.
    pub organisation: String,
    /// The provider's issuer URL; its metadata is read from
    /// `<issuer>/.well-known/openid-configuration`, its keys from the `jwks_uri` there. Must be
    /// `https://` (see `allow_http_issuer`).
    pub issuer: String,
    /// The client id Platzwahl is registered with at the provider. The redirect URI to register
    /// is `<auth.public_url>/auth/oidc/<organisation>/callback`.
    pub client_id: String,
    /// A file holding the client secret (one line; surrounding white space is ignored).
    #[serde(default)]
    pub client_secret_file: Option<PathBuf>,
    /// The name of an environment variable holding the client secret (instead of a file).
    /// Neither: a public client (PKCE only).
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// The scopes asked for besides `openid`. Default `["email", "profile"]`.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The claim holding the e-mail address (matched on the first sign-in). Default `email`.
    #[serde(default = "default_email_claim")]
    pub email_claim: String,
    /// The claim holding the person's name (for people created at their first sign-in).
    /// Default `name`.
    #[serde(default = "default_name_claim")]
    pub name_claim: String,
    /// The claim whose value names the person's unit (mapped to a unit by the organisation's
    /// administrators). Default: none.
    #[serde(default)]
    pub unit_claim: Option<String>,
    /// The claim holding the person's groups, a list (mapped to roles by the organisation's
    /// administrators). Default `groups`.
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// Create an unknown person of the organisation at their first sign-in (just in time),
    /// with the unit and roles the mapping gives (`employee` when no group maps to a role).
    /// Default `false`: only people already here (matched by subject, then e-mail) sign in.
    #[serde(default)]
    pub just_in_time: bool,
    /// The label of the sign-in button. Default: "Mit ORGANISATION anmelden" (in
    /// English "Sign in with ORGANISATION").
    #[serde(default)]
    pub button_label: Option<String>,
    /// Accept an `http://` issuer. Only for tests on one machine; default `false`.
    #[serde(default)]
    pub allow_http_issuer: bool,
    /// Minutes after which the provider's metadata and keys are read again (they are also
    /// read again at once when an ID token names a key not known yet). Default 60.
    #[serde(default = "default_refresh")]
    pub metadata_refresh_minutes: u32,
}

fn default_scopes() -> Vec<String> {
    vec!["email".into(), "profile".into()]
}

fn default_email_claim() -> String {
    "email".into()
}

fn default_name_claim() -> String {
    "name".into()
}

fn default_groups_claim() -> String {
    "groups".into()
}

fn default_refresh() -> u32 {
    60
}

/// Why the `[oidc]` section cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("invalid settings: oidc.providers ({organisation}): {reason}")]
pub struct OidcSettingsError {
    /// The provider's organisation as written.
    pub organisation: String,
    /// What is wrong, naming the key.
    pub reason: String,
}

impl OidcSettings {
    /// Checks every provider (not the secret files: those are read at start).
    pub fn validate(&self) -> Result<(), OidcSettingsError> {
        for (n, provider) in self.providers.iter().enumerate() {
            provider.validate()?;
            if self.providers[..n]
                .iter()
                .any(|other| other.organisation == provider.organisation)
            {
                return Err(provider.error("organisation: given twice; one provider each"));
            }
        }
        Ok(())
    }
}

impl OidcProvider {
    fn error(&self, reason: impl Into<String>) -> OidcSettingsError {
        OidcSettingsError {
            organisation: self.organisation.chars().take(64).collect(),
            reason: reason.into(),
        }
    }

    fn validate(&self) -> Result<(), OidcSettingsError> {
        let slug_ok = !self.organisation.is_empty()
            && self.organisation.len() <= 64
            && self
                .organisation
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !slug_ok {
            return Err(self
                .error("organisation: the organisation's short name (letters, digits, - and _)"));
        }
        let issuer =
            url::Url::parse(&self.issuer).map_err(|_| self.error("issuer: not an absolute URL"))?;
        match issuer.scheme() {
            "https" => {}
            "http" if self.allow_http_issuer => {}
            "http" => {
                return Err(self
                    .error("issuer: must be https:// (allow_http_issuer = true only for tests)"));
            }
            _ => return Err(self.error("issuer: must be an https:// URL")),
        }
        if issuer.host_str().is_none() || issuer.query().is_some() || issuer.fragment().is_some() {
            return Err(self.error("issuer: a URL with a host, without query or fragment"));
        }
        if self.client_id.trim().is_empty() || self.client_id.chars().any(char::is_control) {
            return Err(self.error("client_id: must not be empty"));
        }
        if self.client_secret_file.is_some() && self.client_secret_env.is_some() {
            return Err(self.error(
                "client_secret_file and client_secret_env: give the secret one way, not both",
            ));
        }
        if self
            .client_secret_env
            .as_deref()
            .is_some_and(|name| name.is_empty() || name.contains(['=', '\0']))
        {
            return Err(self.error("client_secret_env: the name of an environment variable"));
        }
        if self.scopes.iter().any(|scope| {
            scope.is_empty() || scope.chars().any(|c| c.is_whitespace() || c.is_control())
        }) {
            return Err(self.error("scopes: each a single word"));
        }
        for (key, claim) in [
            ("email_claim", Some(&self.email_claim)),
            ("name_claim", Some(&self.name_claim)),
            ("groups_claim", Some(&self.groups_claim)),
            ("unit_claim", self.unit_claim.as_ref()),
        ] {
            if claim.is_some_and(|claim| claim.trim().is_empty()) {
                return Err(self.error(format!("{key}: must not be empty")));
            }
        }
        if self
            .button_label
            .as_deref()
            .is_some_and(|label| label.trim().is_empty() || label.chars().count() > 80)
        {
            return Err(self.error("button_label: 1 to 80 characters"));
        }
        if self.metadata_refresh_minutes == 0 {
            return Err(self.error("metadata_refresh_minutes: must be greater than zero"));
        }
        Ok(())
    }

    /// The client secret, read from its file or environment variable; `None` for a public
    /// client. The error names the file or variable, never the value.
    pub fn client_secret(&self) -> Result<Option<Secret>, OidcSettingsError> {
        if let Some(path) = &self.client_secret_file {
            let text = std::fs::read_to_string(path).map_err(|err| {
                self.error(format!(
                    "client_secret_file: cannot read {}: {}",
                    path.display(),
                    err.kind()
                ))
            })?;
            let secret = text.trim();
            if secret.is_empty() {
                return Err(self.error(format!("client_secret_file: {} is empty", path.display())));
            }
            return Ok(Some(Secret::new(secret)));
        }
        if let Some(name) = &self.client_secret_env {
            let value = std::env::var(name).map_err(|_| {
                self.error(format!(
                    "client_secret_env: the environment variable {name} is not set"
                ))
            })?;
            if value.trim().is_empty() {
                return Err(self.error(format!(
                    "client_secret_env: the environment variable {name} is empty"
                )));
            }
            return Ok(Some(Secret::new(value.trim())));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(issuer: &str) -> OidcProvider {
        OidcProvider {
            organisation: "stadt".into(),
            issuer: issuer.into(),
            client_id: "platzwahl".into(),
            client_secret_file: None,
            client_secret_env: None,
            scopes: default_scopes(),
            email_claim: default_email_claim(),
            name_claim: default_name_claim(),
            unit_claim: None,
            groups_claim: default_groups_claim(),
            just_in_time: false,
            button_label: None,
            allow_http_issuer: false,
            metadata_refresh_minutes: 60,
        }
    }

    #[test]
    fn an_http_issuer_is_refused_unless_explicitly_allowed() {
        assert!(
            provider("https://login.example.org/realms/stadt")
                .validate()
                .is_ok()
        );
        let plain = provider("http://127.0.0.1:4000");
        let err = plain
            .validate()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("issuer: must be https://"), "{err}");
        let allowed = OidcProvider {
            allow_http_issuer: true,
            ..plain
        };
        assert!(allowed.validate().is_ok());
        assert!(provider("ftp://login.example.org").validate().is_err());
        assert!(provider("not a url").validate().is_err());
    }

    #[test]
    fn a_secret_is_given_one_way_and_its_value_never_appears_in_an_error() {
        let both = OidcProvider {
            client_secret_file: Some("/run/secret".into()),
            client_secret_env: Some("X".into()),
            ..provider("https://login.example.org")
        };
        assert!(both.validate().is_err());
        let missing = OidcProvider {
            client_secret_env: Some("PLATZWAHL_TEST_SURELY_UNSET_OIDC_SECRET".into()),
            ..provider("https://login.example.org")
        };
        let err = missing
            .client_secret()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("is not set"), "{err}");
        let dir = std::env::temp_dir().join(format!("pw-oidc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        let file = dir.join("secret");
        std::fs::write(&file, "s3cr3t-value\n").ok();
        let from_file = OidcProvider {
            client_secret_file: Some(file),
            ..provider("https://login.example.org")
        };
        let secret = from_file.client_secret().ok().flatten();
        assert_eq!(secret.as_ref().map(Secret::expose), Some("s3cr3t-value"));
        assert_eq!(format!("{secret:?}"), "Some(Secret(***))");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn one_provider_per_organisation() {
        let settings = OidcSettings {
            providers: vec![
                provider("https://a.example.org"),
                provider("https://b.example.org"),
            ],
        };
        assert!(settings.validate().is_err());
    }
}
