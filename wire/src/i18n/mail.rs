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
    /// `booking_blocked`.
    pub booking_blocked: &'static str,
    /// `request_placed`.
    pub request_placed: &'static str,
    /// `request_unplaced`.
    pub request_unplaced: &'static str,
    /// `reservation_cancelled`.
    pub reservation_cancelled: &'static str,
    /// `booking_cancelled`.
    pub booking_cancelled: &'static str,
    /// `reservation_booked`.
    pub reservation_booked: &'static str,
    /// `reservation_withdrawn`.
    pub reservation_withdrawn: &'static str,
    /// `reservation_moved`.
    pub reservation_moved: &'static str,
    /// `reservation_released`.
    pub reservation_released: &'static str,
}

impl MailTexts {
    /// The name of a mail kind by its code; `None` for an unknown one.
    pub fn kind(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "booking_released" => self.booking_released,
            "booking_moved" => self.booking_moved,
            "booking_blocked" => self.booking_blocked,
            "request_placed" => self.request_placed,
            "request_unplaced" => self.request_unplaced,
            "reservation_cancelled" => self.reservation_cancelled,
            "booking_cancelled" => self.booking_cancelled,
            "reservation_booked" => self.reservation_booked,
            "reservation_withdrawn" => self.reservation_withdrawn,
            "reservation_moved" => self.reservation_moved,
            "reservation_released" => self.reservation_released,
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
    intro: "Platzwahl schreibt Ihnen, wenn es ohne Sie etwas an Ihren Buchungen geändert hat, und schickt Ihre Raumreservierungen als Kalendereinträge. Jede Art können Sie einzeln abschalten.",
    off_here: "Dieser Server verschickt zurzeit keine E-Mails.",
    security_always: "Einladungslinks und andere Sicherheits-E-Mails kommen immer.",
    on: "eingeschaltet",
    off: "abgeschaltet",
    switch_off: "Abschalten",
    switch_on: "Einschalten",
    booking_released: "Buchung freigegeben, weil niemand eingecheckt hat",
    booking_moved: "Buchung von einem gesperrten Platz verlegt",
    booking_blocked: "Platz gesperrt, aber kein anderer Platz frei",
    request_placed: "Platz von der Tagesverteilung zugeteilt",
    request_unplaced: "Kein Platz in der Tagesverteilung",
    reservation_cancelled: "Raumreservierung vom Gebäudemanagement abgesagt",
    booking_cancelled: "Buchung abgesagt, weil der Platz entfernt wurde",
    reservation_booked: "Eigene Raumreservierung angelegt oder geändert (mit Kalendereintrag)",
    reservation_withdrawn: "Eigene Raumreservierung storniert (Kalendereintrag entfernt)",
    reservation_moved: "Raumreservierung in einen anderen Raum verlegt",
    reservation_released: "Raumreservierung freigegeben, weil niemand eingecheckt hat",
};

/// English.
pub static EN: MailTexts = MailTexts {
    heading: "E-mail notifications",
    intro: "Platzwahl writes to you when it changed something about your bookings without you, and sends your room reservations as calendar entries. You can switch each kind off on its own.",
    off_here: "This server sends no e-mail at the moment.",
    security_always: "Invitation links and other security mails always go.",
    on: "on",
    off: "off",
    switch_off: "Switch off",
    switch_on: "Switch on",
    booking_released: "Booking released because nobody checked in",
    booking_moved: "Booking moved off a blocked desk",
    booking_blocked: "Desk blocked, but no other desk free",
    request_placed: "Desk given by the day allocation",
    request_unplaced: "No desk in the day allocation",
    reservation_cancelled: "Room reservation cancelled by facility management",
    booking_cancelled: "Booking cancelled because its desk was removed",
    reservation_booked: "Own room reservation made or changed (with calendar entry)",
    reservation_withdrawn: "Own room reservation cancelled (calendar entry removed)",
    reservation_moved: "Room reservation moved to another room",
    reservation_released: "Room reservation released because nobody checked in",
};
