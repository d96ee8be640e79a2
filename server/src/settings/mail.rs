//! The `[mail]` section: the SMTP server e-mail notifications go through. Unset (no
//! `smtp_host`), no mail is queued or sent: the safe default of a fresh install.
//!
//! ```toml
//! [mail]
//! smtp_host = "smtp.wuppertal.de"
//! smtp_port = 587
//! tls = "starttls"
//! user = "platzwahl"
//! password = "…"            # or PLATZWAHL_MAIL__PASSWORD
//! from = "Platzwahl <platzwahl@wuppertal.de>"
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Secret, SettingsError};

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MailTls {
    /// Plain connection upgraded with STARTTLS, which is required (port 587 by default).
    #[default]
    Starttls,
    /// TLS from the first byte ("SMTPS", port 465 by default).
    Tls,
    /// No encryption (port 25 by default): only for an SMTP server on this machine (a host
    /// name of `localhost` or a loopback address), such as a local relay or a test server.
    None,
}

/// The `[mail]` section.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// The SMTP server's host name. Default: none — no e-mail is queued or sent.
    pub smtp_host: Option<String>,
    /// The SMTP server's port. Default: 587 for `starttls`, 465 for `tls`, 25 for `none`.
    pub smtp_port: Option<u16>,
    /// `starttls` (default), `tls` or `none` (loopback only). The server's certificate is
    /// checked against the web's root certificates (webpki-roots).
    pub tls: MailTls,
    /// The user name to log in with; none: no login.
    pub user: Option<String>,
    /// The password to log in with (`PLATZWAHL_MAIL__PASSWORD`); never shown or logged.
    pub password: Option<Secret>,
    /// The sender, `platzwahl@example.org` or `Platzwahl <platzwahl@example.org>`; required
    /// when `smtp_host` is set. Also the organiser of the calendar invitations.
    pub from: Option<String>,
    /// How often the queue is looked at for due mails, in seconds. Default 10.
    pub poll_secs: u64,
    /// The wait after a first failed attempt, in seconds; doubled after each further one.
    /// Default 30.
    pub retry_first_secs: u64,
    /// The longest wait between attempts, in seconds. Default 3600.
    pub retry_max_secs: u64,
    /// After this many failed attempts a mail is given up (state `failed`). Default 12.
    pub max_attempts: u32,
    /// How long one SMTP conversation may take, in seconds. Default 30.
    pub timeout_secs: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_host: None,
            smtp_port: None,
            tls: MailTls::Starttls,
            user: None,
            password: None,
            from: None,
            poll_secs: 10,
            retry_first_secs: 30,
            retry_max_secs: 3600,
            max_attempts: 12,
            timeout_secs: 30,
        }
    }
}

impl MailSettings {
    /// Whether mail is on (an SMTP server is named).
    pub fn enabled(&self) -> bool {
        self.smtp_host
            .as_deref()
            .is_some_and(|h| !h.trim().is_empty())
    }

    /// The port to connect to.
    pub fn port(&self) -> u16 {
        self.smtp_port.unwrap_or(match self.tls {
            MailTls::Starttls => 587,
            MailTls::Tls => 465,
            MailTls::None => 25,
        })
    }

    /// Checks the section: a sender when a server is named, encryption unless the server is
    /// on this machine, non-zero times.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let Some(host) = self.smtp_host.as_deref().filter(|h| !h.trim().is_empty()) else {
            return Ok(());
        };
        let invalid = |what: &str| SettingsError::Mail(what.to_owned());
        let from = self
            .from
            .as_deref()
            .ok_or_else(|| invalid("mail.from is required when mail.smtp_host is set"))?;
        if from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(invalid(
                "mail.from must be an address like platzwahl@example.org or Platzwahl <platzwahl@example.org>",
            ));
        }
        if self.tls == MailTls::None && !is_loopback(host) {
            return Err(invalid(
                "mail.tls = \"none\" is allowed only for an SMTP server on this machine (localhost or a loopback address); use starttls or tls",
            ));
        }
        if self.user.is_some() != self.password.is_some() {
            return Err(invalid("mail.user and mail.password go together"));
        }
        for (name, value) in [
            ("mail.poll_secs", self.poll_secs),
            ("mail.retry_first_secs", self.retry_first_secs),
            ("mail.retry_max_secs", self.retry_max_secs),
            ("mail.timeout_secs", self.timeout_secs),
            ("mail.max_attempts", u64::from(self.max_attempts)),
        ] {
            if value == 0 {
                return Err(invalid(&format!("{name} must be greater than zero")));
            }
        }
        Ok(())
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(host: &str, tls: MailTls) -> MailSettings {
        MailSettings {
            smtp_host: Some(host.into()),
            tls,
            from: Some("Platzwahl <platzwahl@example.org>".into()),
            ..MailSettings::default()
        }
    }

    #[test]
    fn mail_is_off_by_default() {
        let settings = MailSettings::default();
        assert!(!settings.enabled());
        assert!(settings.validate().is_ok());
    }

    #[test]
    fn an_unencrypted_smtp_server_must_be_on_this_machine() {
        assert!(named("127.0.0.1", MailTls::None).validate().is_ok());
        assert!(named("localhost", MailTls::None).validate().is_ok());
        assert!(named("smtp.example.org", MailTls::None).validate().is_err());
        assert!(
            named("smtp.example.org", MailTls::Starttls)
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn a_server_without_a_sender_is_refused() {
        let mut settings = named("smtp.example.org", MailTls::Tls);
        settings.from = None;
        assert!(settings.validate().is_err());
        settings.from = Some("not an address".into());
        assert!(settings.validate().is_err());
    }

    #[test]
    fn ports_follow_the_encryption() {
        assert_eq!(named("h", MailTls::Starttls).port(), 587);
        assert_eq!(named("h", MailTls::Tls).port(), 465);
        assert_eq!(named("h", MailTls::None).port(), 25);
    }
}
