//! The texts of single sign-on (OpenID Connect) on the sign-in page, in German and English.

/// Texts of single sign-on in one language.
#[derive(Debug)]
pub struct SsoTexts {
    /// Heading above the organisations' buttons.
    pub heading: &'static str,
    /// Default button label before the organisation's name ("Mit ").
    pub button_before: &'static str,
    /// Default button label after the organisation's name (" anmelden").
    pub button_after: &'static str,
    /// The sign-in through the provider took too long, or its answer was used already.
    pub expired: &'static str,
    /// The provider said no, or the sign-in was cancelled there.
    pub denied: &'static str,
    /// The provider cannot be reached.
    pub unavailable: &'static str,
    /// The provider's answer could not be verified.
    pub failed: &'static str,
    /// Nobody here is known by this account.
    pub unknown_person: &'static str,
    /// The person is deactivated.
    pub deactivated: &'static str,
}

impl SsoTexts {
    /// The message for a `?sso=` reason of the sign-in page; `None` for an unknown one.
    pub fn message(&self, reason: &str) -> Option<&'static str> {
        Some(match reason {
            "expired" => self.expired,
            "denied" => self.denied,
            "unavailable" => self.unavailable,
            "failed" => self.failed,
            "unknown-person" => self.unknown_person,
            "deactivated" => self.deactivated,
            _ => return None,
        })
    }
}

/// German.
pub static DE: SsoTexts = SsoTexts {
    heading: "Mit dem Konto Ihrer Organisation",
    button_before: "Mit ",
    button_after: " anmelden",
    expired: "Die Anmeldung ist abgelaufen oder wurde schon verwendet. Bitte melden Sie sich erneut an.",
    denied: "Die Anmeldung wurde bei Ihrer Organisation abgebrochen oder abgelehnt.",
    unavailable: "Die Anmeldung Ihrer Organisation ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut oder melden Sie sich mit Ihrem Passkey an.",
    failed: "Die Antwort Ihrer Organisation konnte nicht geprüft werden. Sie sind nicht angemeldet.",
    unknown_person: "Ihr Konto ist in Platzwahl nicht bekannt. Bitte wenden Sie sich an die Administration Ihrer Organisation.",
    deactivated: "Ihr Zugang zu Platzwahl ist deaktiviert. Bitte wenden Sie sich an die Administration Ihrer Organisation.",
};

/// English.
pub static EN: SsoTexts = SsoTexts {
    heading: "With your organisation's account",
    button_before: "Sign in with ",
    button_after: "",
    expired: "The sign-in has expired or was used already. Please sign in again.",
    denied: "The sign-in was cancelled or refused at your organisation.",
    unavailable: "Your organisation's sign-in cannot be reached right now. Please try again later or sign in with your passkey.",
    failed: "Your organisation's answer could not be verified. You are not signed in.",
    unknown_person: "Your account is not known to Platzwahl. Please contact your organisation's administrators.",
    deactivated: "Your access to Platzwahl is deactivated. Please contact your organisation's administrators.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_of_the_server_has_a_message_in_both_languages() {
        for reason in [
            "expired",
            "denied",
            "unavailable",
            "failed",
            "unknown-person",
            "deactivated",
        ] {
            assert!(DE.message(reason).is_some(), "{reason}");
            assert!(EN.message(reason).is_some(), "{reason}");
        }
        assert_eq!(DE.message("<script>"), None);
    }
}
