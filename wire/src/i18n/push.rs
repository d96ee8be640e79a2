//! The texts of the push notifications on the account page, in German and English: the
//! channel columns of the notifications table, the switch for this device (whose messages
//! `public/pwa.js` shows) and the list of the person's devices. The names of the kinds are the
//! mail texts' ([`super::mail::MailTexts::kind`]).

use super::Lang;

/// Texts of the push notifications in one language.
#[derive(Debug)]
pub struct PushTexts {
    /// Heading of the notifications section when both channels are there.
    pub heading: &'static str,
    /// What the two channels are.
    pub intro: &'static str,
    /// Column of the kinds of message.
    pub kind_column: &'static str,
    /// Column of the e-mail channel.
    pub channel_mail: &'static str,
    /// Column of the push channel.
    pub channel_push: &'static str,
    /// Caption of the table of kinds and channels.
    pub caption: &'static str,
    /// Heading of the switch for this device.
    pub device_heading: &'static str,
    /// What the switch for this device does.
    pub device_intro: &'static str,
    /// Button that subscribes this device.
    pub turn_on: &'static str,
    /// Button that unsubscribes this device.
    pub turn_off: &'static str,
    /// Said without JavaScript.
    pub needs_script: &'static str,
    /// Said while the browser and the server are asked.
    pub working: &'static str,
    /// This device receives push notifications.
    pub on_here: &'static str,
    /// This device receives none.
    pub off_here: &'static str,
    /// The person (or the browser) refused notifications.
    pub denied: &'static str,
    /// The browser has no push (no `PushManager`).
    pub unsupported: &'static str,
    /// The browser's push service could not be reached.
    pub unreachable: &'static str,
    /// The server refused the subscription (the reason follows).
    pub refused: &'static str,
    /// Heading of the list of devices.
    pub devices_heading: &'static str,
    /// No device yet.
    pub no_devices: &'static str,
    /// Column: the push service a device is reached through.
    pub service: &'static str,
    /// Column: since when.
    pub since: &'static str,
    /// Button that removes a device.
    pub remove: &'static str,
}

impl Lang {
    /// The texts of the push notifications in this language.
    pub fn push_texts(self) -> &'static PushTexts {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }
}

/// German.
pub static DE: PushTexts = PushTexts {
    heading: "Benachrichtigungen",
    intro: "Platzwahl kann Ihnen dieselben Nachrichten als E-Mail und als Push-Benachrichtigung auf Ihre Geräte schicken, etwa auf das Telefon, auf dem Sie die App installiert haben. Jede Art und jeden Weg können Sie einzeln ein- und abschalten.",
    kind_column: "Nachricht",
    channel_mail: "E-Mail",
    channel_push: "Push",
    caption: "Welche Nachricht auf welchem Weg kommt",
    device_heading: "Push-Benachrichtigungen auf diesem Gerät",
    device_intro: "Push-Benachrichtigungen kommen nur auf Geräte, auf denen Sie sie eingeschaltet haben, und nur, wenn Ihr Browser es erlaubt.",
    turn_on: "Auf diesem Gerät einschalten",
    turn_off: "Auf diesem Gerät ausschalten",
    needs_script: "Um Push-Benachrichtigungen auf diesem Gerät einzuschalten, braucht Platzwahl JavaScript. Die Arten und Ihre Geräte können Sie auch ohne JavaScript ändern.",
    working: "Einen Moment …",
    on_here: "Push-Benachrichtigungen sind auf diesem Gerät eingeschaltet.",
    off_here: "Push-Benachrichtigungen sind auf diesem Gerät ausgeschaltet.",
    denied: "Ihr Browser hat Benachrichtigungen für Platzwahl blockiert. Erlauben Sie sie in den Website-Einstellungen des Browsers und versuchen Sie es dann noch einmal.",
    unsupported: "Dieser Browser kann keine Push-Benachrichtigungen empfangen. Auf iPhone und iPad geht es erst, wenn Platzwahl zum Home-Bildschirm hinzugefügt ist.",
    unreachable: "Der Push-Dienst des Browsers war nicht erreichbar; Push-Benachrichtigungen sind auf diesem Gerät nicht eingeschaltet. Bitte versuchen Sie es später noch einmal.",
    refused: "Der Server hat dieses Gerät nicht angenommen:",
    devices_heading: "Ihre Geräte mit Push-Benachrichtigungen",
    no_devices: "Noch kein Gerät bekommt Push-Benachrichtigungen.",
    service: "Push-Dienst",
    since: "Seit",
    remove: "Entfernen",
};

/// English.
pub static EN: PushTexts = PushTexts {
    heading: "Notifications",
    intro: "Platzwahl can send you the same messages by e-mail and as push notifications to your devices, such as the phone you installed the app on. You can switch each kind and each channel on and off on its own.",
    kind_column: "Message",
    channel_mail: "E-mail",
    channel_push: "Push",
    caption: "Which message comes through which channel",
    device_heading: "Push notifications on this device",
    device_intro: "Push notifications only come to devices on which you switched them on, and only when your browser allows it.",
    turn_on: "Switch on for this device",
    turn_off: "Switch off for this device",
    needs_script: "Switching push notifications on for this device needs JavaScript. You can change the kinds and your devices without it.",
    working: "One moment …",
    on_here: "Push notifications are on for this device.",
    off_here: "Push notifications are off for this device.",
    denied: "Your browser blocks notifications from Platzwahl. Allow them in the browser's site settings, then try again.",
    unsupported: "This browser cannot receive push notifications. On iPhone and iPad they only work once Platzwahl is added to the home screen.",
    unreachable: "The browser's push service could not be reached; push notifications are not on for this device. Please try again later.",
    refused: "The server did not accept this device:",
    devices_heading: "Your devices with push notifications",
    no_devices: "No device gets push notifications yet.",
    service: "Push service",
    since: "Since",
    remove: "Remove",
};
