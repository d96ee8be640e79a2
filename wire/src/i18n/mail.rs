//! The texts of the e-mail notifications' switches on the account page, in German and English.
//! (The mails themselves are written by the server, `domain::mail`.)

use super::Lang;

/// Texts of the mail switches in one language.
#[derive(Debug)]
pub struct MailTexts {
    /// Heading of the section.
    pub heading: &'static str,
    /// What the switches do.
    pub intro: &'static str,
    /// Said when this server sends no e-mail.
    pub off_here: &'static str,
    /// Invitations and other security mails always go.
    pub security_always: &'static str,
    /// The state of a switched-on kind.
    pub on: &'static str,
    /// The state of a switched-off kind.
    pub off: &'static str,
    /// Button that switches a kind off.
    pub switch_off: &'static str,
    /// Button that switches a kind on.
    pub switch_on: &'static str,
    /// `booking_released`.
    pub booking_released: &'static str,
    /// `booking_moved`.
    pub booking_moved: &'static str,
    /// `request_placed`.
    pub request_placed: &'static str,
    /// `request_unplaced`.
    pub request_unplaced: &'static str,
    /// `reservation_cancelled`.
    pub reservation_cancelled: &'static str,
}

impl MailTexts {
    /// The name of a mail kind by its code; `None` for an unknown one.
    pub fn kind(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "booking_released" => self.booking_released,
            "booking_moved" => self.booking_moved,
            "request_placed" => self.request_placed,
            "request_unplaced" => self.request_unplaced,
            "reservation_cancelled" => self.reservation_cancelled,
            _ => return None,
        })
    }
}

impl Lang {
    /// The texts of the mail switches in this language.
    pub fn mail_texts(self) -> &'static MailTexts {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }
}

/// German.
pub static DE: MailTexts = MailTexts {
    heading: "E-Mail-Benachrichtigungen",
    intro: "Platzwahl schreibt Ihnen, wenn es ohne Sie etwas an Ihren Buchungen geändert hat. Jede Art können Sie einzeln abschalten.",
    off_here: "Dieser Server verschickt zurzeit keine E-Mails.",
    security_always: "Einladungslinks und andere Sicherheits-E-Mails kommen immer.",
    on: "eingeschaltet",
    off: "abgeschaltet",
    switch_off: "Abschalten",
    switch_on: "Einschalten",
    booking_released: "Buchung freigegeben, weil niemand eingecheckt hat",
    booking_moved: "Buchung von einem gesperrten Platz verlegt",
    request_placed: "Platz von der Tagesverteilung zugeteilt",
    request_unplaced: "Kein Platz in der Tagesverteilung",
    reservation_cancelled: "Raumreservierung vom Gebäudemanagement abgesagt",
};

/// English.
pub static EN: MailTexts = MailTexts {
    heading: "E-mail notifications",
    intro: "Platzwahl writes to you when it changed something about your bookings without you. You can switch each kind off on its own.",
    off_here: "This server sends no e-mail at the moment.",
    security_always: "Invitation links and other security mails always go.",
    on: "on",
    off: "off",
    switch_off: "Switch off",
    switch_on: "Switch on",
    booking_released: "Booking released because nobody checked in",
    booking_moved: "Booking moved off a blocked desk",
    request_placed: "Desk given by the day allocation",
    request_unplaced: "No desk in the day allocation",
    reservation_cancelled: "Room reservation cancelled by facility management",
};
