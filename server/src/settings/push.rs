//! The `[push]` section: web push notifications to the browsers (phones with the installed app)
//! where people allowed them. Unset (no `contact`), push is off: nothing is queued and nothing
//! goes to a third-party push service unless the administrator decides so.
//!
//! ```toml
//! [push]
//! contact = "mailto:it-service@wuppertal.de"
//! # endpoint_hosts = ["fcm.googleapis.com", "push.services.mozilla.com", …]  (the default)
//! ```
//!
//! The VAPID key pair the server signs with is generated on the first start and kept in the
//! database: every instance behind a load balancer uses the same one, with no setting.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::SettingsError;

/// The `[push]` section.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PushSettings {
    /// Who runs this server, for the push services (the VAPID `sub`): a `mailto:` or `https:`
    /// URL. Default: none — push is off, no browser can subscribe.
    pub contact: Option<String>,
    /// The push services browsers may subscribe with: host names, each matching itself and
    /// its subdomains. Endpoints must be `https://`; a loopback host (`127.0.0.1`, `::1`,
    /// `localhost`) listed here may be `http://` (for tests). Default: the services of
    /// Chrome, Firefox, Safari and Edge.
    pub endpoint_hosts: Vec<String>,
    /// How often the queue is looked at for due messages, in seconds. Default 5.
    pub poll_secs: u64,
    /// The wait after a first failed attempt, in seconds; doubled after each further one.
    /// Default 30.
    pub retry_first_secs: u64,
    /// The longest wait between attempts, in seconds. Default 3600.
    pub retry_max_secs: u64,
    /// After this many failed attempts a message is given up (state `failed`). Default 8.
    pub max_attempts: u32,
    /// How long one request to a push service may take, in seconds. Default 15.
    pub timeout_secs: u64,
    /// How long a push service keeps a message for a phone that is off (`TTL`), in seconds.
    /// Default 86400 (a day).
    pub ttl_secs: u64,
}

/// The push services of the common browsers.
pub const KNOWN_SERVICES: [&str; 5] = [
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
    "push.services.mozilla.com",
];

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            contact: None,
            endpoint_hosts: KNOWN_SERVICES.iter().map(|h| (*h).to_owned()).collect(),
            poll_secs: 5,
            retry_first_secs: 30,
            retry_max_secs: 3600,
            max_attempts: 8,
            timeout_secs: 15,
            ttl_secs: 86_400,
        }
    }
}

/// Why an endpoint is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// Not a URL with a host.
    #[error("endpoint: not a URL")]
    NotAUrl,
    /// Neither `https://` nor `http://` to an allowed loopback host.
    #[error("endpoint: must be an https:// URL")]
    NotHttps,
    /// The host is not one of `push.endpoint_hosts`.
    #[error("endpoint: this push service is not allowed")]
    HostNotAllowed,
    /// Longer than 2048 characters, or with user information.
    #[error("endpoint: too long or malformed")]
    Malformed,
}

impl PushSettings {
    /// The contact, when push is on.
    pub fn contact(&self) -> Option<&str> {
        self.contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    /// Whether push is on (a contact is named).
    pub fn enabled(&self) -> bool {
        self.contact().is_some()
    }

    /// Checks a subscription's endpoint: `https://` (or `http://` to a loopback host that is
    /// listed) to a host of `endpoint_hosts` (suffix match on labels), so that a subscription
    /// cannot make the server call an arbitrary address.
    pub fn check_endpoint(&self, endpoint: &str) -> Result<url::Url, EndpointError> {
        if endpoint.len() > 2048 {
            return Err(EndpointError::Malformed);
        }
        let url = url::Url::parse(endpoint).map_err(|_| EndpointError::NotAUrl)?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(EndpointError::NotHttps);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(EndpointError::Malformed);
        }
        let host = match url.host() {
            Some(url::Host::Domain(name)) => name.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(EndpointError::NotAUrl),
        };
        let allowed = self.endpoint_hosts.iter().any(|allowed| {
            let allowed = allowed
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase();
            !allowed.is_empty()
                && (host == allowed
                    || (host.ends_with(&allowed)
                        && host[..host.len() - allowed.len()].ends_with('.')))
        });
        match url.scheme() {
            "https" if allowed => Ok(url),
            "http" if allowed && is_loopback(&host) => Ok(url),
            _ if !allowed => Err(EndpointError::HostNotAllowed),
            _ => Err(EndpointError::NotHttps),
        }
    }

    /// Checks the section: a `mailto:` or `https:` contact, non-zero times.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let invalid = |what: &str| SettingsError::Push(what.to_owned());
        if let Some(contact) = self.contact()
            && !(contact.starts_with("mailto:") && contact.len() > "mailto:".len()
                || contact.starts_with("https://") && url::Url::parse(contact).is_ok())
        {
            return Err(invalid(
                "push.contact must be a mailto: or https: URL, like mailto:it@example.org",
            ));
        }
        for (name, value) in [
            ("push.poll_secs", self.poll_secs),
            ("push.retry_first_secs", self.retry_first_secs),
            ("push.retry_max_secs", self.retry_max_secs),
            ("push.timeout_secs", self.timeout_secs),
            ("push.ttl_secs", self.ttl_secs),
            ("push.max_attempts", u64::from(self.max_attempts)),
        ] {
            if value == 0 {
                return Err(invalid(&format!("{name} must be greater than zero")));
            }
        }
        Ok(())
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_is_off_by_default() {
        let settings = PushSettings::default();
        assert!(!settings.enabled());
        assert!(settings.validate().is_ok());
    }

    #[test]
    fn endpoints_of_the_known_services_pass_and_others_do_not() {
        let settings = PushSettings::default();
        assert!(
            settings
                .check_endpoint("https://fcm.googleapis.com/fcm/send/abc")
                .is_ok()
        );
        assert!(
            settings
                .check_endpoint("https://web.push.apple.com/QGx")
                .is_ok()
        );
        assert_eq!(
            settings.check_endpoint("https://evilpush.apple.com.example.org/x"),
            Err(EndpointError::HostNotAllowed)
        );
        assert_eq!(
            settings.check_endpoint("https://notpush.apple.com/x"),
            Err(EndpointError::HostNotAllowed)
        );
        assert_eq!(
            settings.check_endpoint("http://fcm.googleapis.com/fcm/send/abc"),
            Err(EndpointError::NotHttps)
        );
        assert_eq!(
            settings.check_endpoint("http://127.0.0.1:8080/push/a"),
            Err(EndpointError::HostNotAllowed)
        );
        assert_eq!(
            settings.check_endpoint("file:///etc/passwd"),
            Err(EndpointError::NotHttps)
        );
    }

    #[test]
    fn a_listed_loopback_host_may_be_plain_http() {
        let settings = PushSettings {
            endpoint_hosts: vec!["127.0.0.1".into()],
            ..PushSettings::default()
        };
        assert!(
            settings
                .check_endpoint("http://127.0.0.1:8080/push/a")
                .is_ok()
        );
        assert_eq!(
            settings.check_endpoint("http://169.254.169.254/latest"),
            Err(EndpointError::HostNotAllowed)
        );
    }

    #[test]
    fn a_contact_must_be_mailto_or_https() {
        let with = |contact: &str| PushSettings {
            contact: Some(contact.into()),
            ..PushSettings::default()
        };
        assert!(with("mailto:it@example.org").validate().is_ok());
        assert!(with("https://example.org/contact").validate().is_ok());
        assert!(with("it@example.org").validate().is_err());
        assert!(with("http://example.org").validate().is_err());
    }
}
