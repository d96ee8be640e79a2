//! The texts of the people administration pages (`/admin/people`, `/admin/people/{id}`), in
//! German and English.

/// Texts of the people administration pages in one language.
#[derive(Debug)]
pub struct PeopleAdminTexts {
    /// Menu link and the list's heading.
    pub title: &'static str,
    /// What the list page is for.
    pub intro: &'static str,
    /// Label of the search form.
    pub filter: &'static str,
    /// Label of the search field.
    pub search: &'static str,
    /// Label of the unit filter and the unit field.
    pub unit: &'static str,
    /// Option: every unit.
    pub all_units: &'static str,
    /// Option: no unit.
    pub no_unit: &'static str,
    /// Label of the status filter and column.
    pub status: &'static str,
    /// Option: every status.
    pub all_statuses: &'static str,
    /// Status: may sign in and book.
    pub active: &'static str,
    /// Status: deactivated.
    pub deactivated: &'static str,
    /// Button: search.
    pub show: &'static str,
    /// Column: name.
    pub name: &'static str,
    /// Column and label: e-mail address.
    pub email: &'static str,
    /// Column and legend: roles.
    pub roles: &'static str,
    /// Column: passkey.
    pub passkey: &'static str,
    /// A person with a passkey.
    pub has_passkey: &'static str,
    /// A person without a passkey (invited, not signed in yet).
    pub no_passkey: &'static str,
    /// Nobody matches.
    pub none_found: &'static str,
    /// Before the number of people found.
    pub found: &'static str,
    /// After the number shown when not all are: "of", then the total.
    pub shown_of: &'static str,
    /// Heading: create a person.
    pub create_heading: &'static str,
    /// What creating a person does.
    pub create_intro: &'static str,
    /// Label: display name.
    pub name_label: &'static str,
    /// Hint below the e-mail field.
    pub email_hint: &'static str,
    /// Button: create.
    pub create: &'static str,
    /// Notice: created; before the invitation link.
    pub created: &'static str,
    /// Before the expiry of a link.
    pub valid_until: &'static str,
    /// Link to the person just created.
    pub open_person: &'static str,
    /// Back to the list.
    pub back: &'static str,
    /// Heading: name, address, language, unit.
    pub details_heading: &'static str,
    /// Label: language.
    pub locale: &'static str,
    /// Hint below the unit field.
    pub unit_hint: &'static str,
    /// Checkbox: needs an accessible desk.
    pub accessible_desk: &'static str,
    /// Button: save.
    pub save: &'static str,
    /// Notice: saved.
    pub saved: &'static str,
    /// What the roles section is for.
    pub roles_intro: &'static str,
    /// A person with a building-wide role.
    pub building_role: &'static str,
    /// Button: save the roles.
    pub save_roles: &'static str,
    /// Notice: roles saved.
    pub roles_saved: &'static str,
    /// Heading: confirm with a passkey.
    pub step_up_heading: &'static str,
    /// Which steps need a passkey confirmation.
    pub step_up_intro: &'static str,
    /// Link from a step to the passkey confirmation.
    pub step_up_link: &'static str,
    /// Heading: invitation.
    pub invitation_heading: &'static str,
    /// What an invitation link does.
    pub invitation_intro: &'static str,
    /// Button: new invitation link.
    pub invite: &'static str,
    /// Notice: the new link (shown once).
    pub invited: &'static str,
    /// Heading: deactivate (a leaver).
    pub deactivate_heading: &'static str,
    /// Disclosure: deactivate.
    pub deactivate_open: &'static str,
    /// What happens at once when a person is deactivated, before the counts.
    pub deactivate_explain: &'static str,
    /// Count: open sessions.
    pub end_sessions: &'static str,
    /// Count: tokens and calendar feeds.
    pub end_tokens: &'static str,
    /// Count: passkeys.
    pub end_passkeys: &'static str,
    /// Count: badges.
    pub end_badges: &'static str,
    /// Count: future desk bookings.
    pub end_desk_bookings: &'static str,
    /// Count: room reservations.
    pub end_room_reservations: &'static str,
    /// Count: requests for the day allocation.
    pub end_desk_requests: &'static str,
    /// What stays.
    pub deactivate_keeps: &'static str,
    /// Button: confirm deactivation.
    pub deactivate_confirm: &'static str,
    /// Notice: deactivated; before what ended.
    pub deactivated_done: &'static str,
    /// Heading: reactivate.
    pub reactivate_heading: &'static str,
    /// What reactivating does.
    pub reactivate_intro: &'static str,
    /// Button: reactivate.
    pub reactivate: &'static str,
    /// Notice: reactivated.
    pub reactivated: &'static str,
    /// The administrator looks at themselves.
    pub is_you: &'static str,
    /// Heading: data-protection access request.
    pub export_heading: &'static str,
    /// What the export holds.
    pub export_intro: &'static str,
    /// Link: download the export.
    pub export_link: &'static str,
    /// Heading: erase.
    pub erase_heading: &'static str,
    /// What erasing does.
    pub erase_intro: &'static str,
    /// Disclosure: erase.
    pub erase_open: &'static str,
    /// Label: type the person's name to confirm.
    pub erase_confirm_label: &'static str,
    /// Button: erase.
    pub erase_confirm: &'static str,
    /// Notice: erased.
    pub erased: &'static str,
    /// Error: a name of 1 to 80 characters.
    pub error_name: &'static str,
    /// Error: a malformed e-mail address.
    pub error_email: &'static str,
    /// Error: the e-mail address is somebody else's.
    pub error_email_taken: &'static str,
    /// Error: no role chosen.
    pub error_roles: &'static str,
    /// Error: the typed name does not match.
    pub error_confirmation: &'static str,
    /// Before an error of a field, for screen readers.
    pub error_prefix: &'static str,
}

/// German texts.
pub static DE: PeopleAdminTexts = PeopleAdminTexts {
    title: "Personen",
    intro: "Die Personen Ihrer Organisation: finden, anlegen, ändern, einer anderen Einheit zuordnen, Rollen vergeben, bei Austritt deaktivieren, und Anfragen nach der Datenschutz-Grundverordnung (Auskunft, Löschung) erledigen.",
    filter: "Personen suchen",
    search: "Name oder E-Mail-Adresse",
    unit: "Einheit",
    all_units: "alle Einheiten",
    no_unit: "keine Einheit",
    status: "Status",
    all_statuses: "alle",
    active: "aktiv",
    deactivated: "deaktiviert",
    show: "Suchen",
    name: "Name",
    email: "E-Mail-Adresse",
    roles: "Rollen",
    passkey: "Passkey",
    has_passkey: "eingerichtet",
    no_passkey: "noch keiner",
    none_found: "Niemand gefunden.",
    found: "Gefunden:",
    shown_of: "angezeigt von",
    create_heading: "Person anlegen",
    create_intro: "Die neue Person bekommt einen Einladungslink, mit dem sie ihren ersten Passkey einrichtet. Der Link wird nur einmal angezeigt: Geben Sie ihn der Person auf einem sicheren Weg.",
    name_label: "Name",
    email_hint: "Freiwillig; jede Adresse gehört nur einer Person.",
    create: "Anlegen",
    created: "Angelegt. Einladungslink (wird nur jetzt angezeigt):",
    valid_until: "gültig bis",
    open_person: "Zur Person",
    back: "Zurück zu allen Personen",
    details_heading: "Angaben",
    locale: "Sprache",
    unit_hint: "Nur Einheiten Ihrer Organisation.",
    accessible_desk: "Braucht einen barrierefreien Arbeitsplatz",
    save: "Speichern",
    saved: "Gespeichert.",
    roles_intro: "Sie vergeben und entziehen nur diese Rollen; mindestens eine bleibt.",
    building_role: "Diese Person hat eine gebäudeweite Rolle: Ihre Rollen, die Deaktivierung und das Löschen gehen nur über die Kommandozeile.",
    save_roles: "Rollen speichern",
    roles_saved: "Rollen gespeichert.",
    step_up_heading: "Mit Passkey bestätigen",
    step_up_intro: "Rollen ändern und Löschen gehen nur, wenn Sie sich in den letzten fünf Minuten mit Ihrem Passkey bestätigt haben.",
    step_up_link: "Zuerst mit Passkey bestätigen",
    invitation_heading: "Einladung",
    invitation_intro: "Ohne Passkey meldet sich die Person mit einem Einladungslink an. Ein neuer Link macht ältere ungültig.",
    invite: "Neuen Einladungslink erstellen",
    invited: "Einladungslink (wird nur jetzt angezeigt):",
    deactivate_heading: "Austritt: deaktivieren",
    deactivate_open: "Deaktivieren …",
    deactivate_explain: "Die Person kann sich ab sofort nicht mehr anmelden und nichts mehr buchen. Sofort enden:",
    end_sessions: "offene Sitzungen (sie wird abgemeldet)",
    end_tokens: "Zugangstokens und Kalender-Abos",
    end_passkeys: "Passkeys (werden gelöscht)",
    end_badges: "Ausweise",
    end_desk_bookings: "künftige Platzbuchungen (werden storniert, die Plätze sind wieder frei)",
    end_room_reservations: "Raumreservierungen (werden storniert oder enden zur nächsten Viertelstunde)",
    end_desk_requests: "offene Platzwünsche",
    deactivate_keeps: "Vergangene Buchungen bleiben. Sie können die Person später reaktivieren; stornierte Buchungen bleiben storniert.",
    deactivate_confirm: "Ja, jetzt deaktivieren",
    deactivated_done: "Deaktiviert. Beendet:",
    reactivate_heading: "Reaktivieren",
    reactivate_intro: "Die Person kann sich wieder anmelden und buchen. Ihre Passkeys sind gelöscht: Sie braucht einen neuen Einladungslink.",
    reactivate: "Reaktivieren",
    reactivated: "Reaktiviert.",
    is_you: "Das sind Sie: Deaktivieren und Löschen kann Sie nur eine andere Person, die Ihre Organisation verwaltet.",
    export_heading: "Datenschutz: Auskunft",
    export_intro: "Alles, was Platzwahl über die Person speichert, als eine JSON-Datei zum Weitergeben. Der Abruf wird protokolliert.",
    export_link: "Als JSON herunterladen",
    erase_heading: "Datenschutz: Löschen",
    erase_intro: "Name, E-Mail-Adresse, Rollen, Passkeys, Sitzungen und Tokens werden gelöscht, künftige Buchungen storniert. Vergangene Buchungen bleiben für die Statistik, ohne Bezug zur Person; das Protokoll behält seine Einträge, nennt die Person aber nicht mehr. Das lässt sich nicht rückgängig machen.",
    erase_open: "Löschen …",
    erase_confirm_label: "Zur Bestätigung den Namen der Person eintippen",
    erase_confirm: "Endgültig löschen",
    erased: "Gelöscht.",
    error_name: "Bitte einen Namen mit 1 bis 80 Zeichen angeben.",
    error_email: "Bitte eine E-Mail-Adresse wie name@example.org angeben, oder keine.",
    error_email_taken: "Diese E-Mail-Adresse hat schon eine andere Person.",
    error_roles: "Bitte mindestens eine Rolle wählen.",
    error_confirmation: "Der eingetippte Name stimmt nicht mit dem der Person überein.",
    error_prefix: "Fehler:",
};

/// English texts.
pub static EN: PeopleAdminTexts = PeopleAdminTexts {
    title: "People",
    intro: "The people of your organisation: find, create, change, move to another unit, grant roles, deactivate leavers, and handle data-protection requests (access, erasure).",
    filter: "Search people",
    search: "Name or e-mail address",
    unit: "Unit",
    all_units: "all units",
    no_unit: "no unit",
    status: "Status",
    all_statuses: "all",
    active: "active",
    deactivated: "deactivated",
    show: "Search",
    name: "Name",
    email: "E-mail address",
    roles: "Roles",
    passkey: "Passkey",
    has_passkey: "set up",
    no_passkey: "none yet",
    none_found: "Nobody found.",
    found: "Found:",
    shown_of: "shown of",
    create_heading: "Create a person",
    create_intro: "The new person gets an invitation link with which they set up their first passkey. The link is shown only once: pass it on to them safely.",
    name_label: "Name",
    email_hint: "Optional; each address belongs to one person only.",
    create: "Create",
    created: "Created. Invitation link (shown only now):",
    valid_until: "valid until",
    open_person: "Open the person",
    back: "Back to all people",
    details_heading: "Details",
    locale: "Language",
    unit_hint: "Only units of your organisation.",
    accessible_desk: "Needs an accessible desk",
    save: "Save",
    saved: "Saved.",
    roles_intro: "You grant and take only these roles; at least one stays.",
    building_role: "This person holds a building-wide role: their roles, deactivation and erasure are done on the command line.",
    save_roles: "Save roles",
    roles_saved: "Roles saved.",
    step_up_heading: "Confirm with your passkey",
    step_up_intro: "Changing roles and erasing work only if you confirmed with your passkey in the last five minutes.",
    step_up_link: "Confirm with your passkey first",
    invitation_heading: "Invitation",
    invitation_intro: "Without a passkey the person signs in with an invitation link. A new link voids older ones.",
    invite: "Create a new invitation link",
    invited: "Invitation link (shown only now):",
    deactivate_heading: "Leaver: deactivate",
    deactivate_open: "Deactivate …",
    deactivate_explain: "The person can no longer sign in or book, from now on. Ending at once:",
    end_sessions: "open sessions (they are signed out)",
    end_tokens: "access tokens and calendar feeds",
    end_passkeys: "passkeys (deleted)",
    end_badges: "badges",
    end_desk_bookings: "future desk bookings (cancelled, the desks are free again)",
    end_room_reservations: "room reservations (cancelled, or ending at the next quarter hour)",
    end_desk_requests: "open desk requests",
    deactivate_keeps: "Past bookings stay. You can reactivate the person later; cancelled bookings stay cancelled.",
    deactivate_confirm: "Yes, deactivate now",
    deactivated_done: "Deactivated. Ended:",
    reactivate_heading: "Reactivate",
    reactivate_intro: "The person can sign in and book again. Their passkeys are deleted: they need a new invitation link.",
    reactivate: "Reactivate",
    reactivated: "Reactivated.",
    is_you: "This is you: only another administrator of your organisation can deactivate or erase you.",
    export_heading: "Data protection: access",
    export_intro: "Everything Platzwahl stores about the person, as one JSON file to hand over. The download is recorded.",
    export_link: "Download as JSON",
    erase_heading: "Data protection: erasure",
    erase_intro: "Name, e-mail address, roles, passkeys, sessions and tokens are deleted, future bookings cancelled. Past bookings stay for the statistics, without the person; the audit log keeps its entries but no longer names them. This cannot be undone.",
    erase_open: "Erase …",
    erase_confirm_label: "To confirm, type the person's name",
    erase_confirm: "Erase for good",
    erased: "Erased.",
    error_name: "Please give a name of 1 to 80 characters.",
    error_email: "Please give an e-mail address like name@example.org, or none.",
    error_email_taken: "Another person has this e-mail address.",
    error_roles: "Please choose at least one role.",
    error_confirmation: "The name typed does not match the person's.",
    error_prefix: "Error:",
};
