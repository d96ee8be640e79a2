//! The texts of the accessibility statement (Erklärung zur Barrierefreiheit,
//! `/barrierefreiheit`), in German and English.
//!
//! The figures the statement rests on (pages, states, checks, violations, the date) are not
//! here: they come from the accessibility tests' committed results
//! (`docs/accessibility-results.json`), so the statement cannot say more than was measured.

/// Texts of the accessibility statement in one language.
#[derive(Debug)]
pub struct AccessibilityTexts {
    /// The footer link and the page's title.
    pub title: &'static str,
    /// Who makes the statement and for what.
    pub intro: &'static str,
    /// The legal basis.
    pub basis: &'static str,
    /// Heading: conformance status.
    pub status_heading: &'static str,
    /// The conformance status when the tests found nothing: partly conformant, because
    /// automated tests cannot check everything a person needs.
    pub status_partly: &'static str,
    /// The conformance status when the committed results record violations.
    pub status_violations: &'static str,
    /// Heading: what is not accessible yet.
    pub limitations_heading: &'static str,
    /// The known limitations, one per item.
    pub limitations: [&'static str; 5],
    /// Heading: how the statement was made.
    pub method_heading: &'static str,
    /// Before the list of the tests.
    pub method_intro: &'static str,
    /// axe-core, before its version.
    pub method_axe_before: &'static str,
    /// axe-core: between the figures: pages.
    pub method_axe_pages: &'static str,
    /// axe-core: page states checked (roles, languages, states).
    pub method_axe_checks: &'static str,
    /// axe-core: violations found.
    pub method_axe_violations: &'static str,
    /// The keyboard test.
    pub method_keyboard: &'static str,
    /// The reflow test.
    pub method_reflow: &'static str,
    /// The colour contrast test.
    pub method_contrast: &'static str,
    /// The figures could not be read (a broken results file).
    pub method_unknown: &'static str,
    /// Label before the date of the results.
    pub date_label: &'static str,
    /// After the date: when the statement was reviewed.
    pub date_note: &'static str,
    /// Heading: feedback.
    pub feedback_heading: &'static str,
    /// How to report a barrier.
    pub feedback_intro: &'static str,
    /// Label before the contact.
    pub feedback_contact: &'static str,
    /// Shown when the operator has not set a contact yet.
    pub feedback_unset: &'static str,
    /// Heading: enforcement procedure.
    pub enforcement_heading: &'static str,
    /// The enforcement procedure in North Rhine-Westphalia.
    pub enforcement: &'static str,
    /// The name of the ombudsman's office.
    pub ombudsstelle: &'static str,
    /// The monitoring body.
    pub monitoring: &'static str,
}

/// German texts.
pub static DE: AccessibilityTexts = AccessibilityTexts {
    title: "Erklärung zur Barrierefreiheit",
    intro: "Die öffentlichen Stellen im Haus, die Platzwahl betreiben, sind bemüht, diese \
            Anwendung barrierefrei zugänglich zu machen. Diese Erklärung gilt für alle Seiten \
            von Platzwahl.",
    basis: "Rechtsgrundlagen sind §§ 10 bis 10e des Behindertengleichstellungsgesetzes \
            Nordrhein-Westfalen (BGG NRW) mit der Barrierefreie-Informationstechnik-Verordnung \
            Nordrhein-Westfalen (BITV NRW) und, für Stellen des Bundes, § 12a des BGG mit der \
            BITV 2.0. Beide verlangen die Anforderungen der EN 301 549, für Webseiten die \
            WCAG 2.1 auf Stufe AA.",
    status_heading: "Stand der Vereinbarkeit mit den Anforderungen",
    status_partly: "Platzwahl ist mit den Anforderungen teilweise vereinbar. Die automatischen \
                    Prüfungen unten finden keinen Verstoß gegen die WCAG 2.1 Stufe AA; eine \
                    Prüfung durch Menschen mit Hilfstechniken (Bildschirmleser, Vergrößerung, \
                    Sprachsteuerung) steht noch aus, und die unten genannten Inhalte sind noch \
                    nicht barrierefrei.",
    status_violations: "Platzwahl ist mit den Anforderungen teilweise vereinbar. Die letzte \
                        automatische Prüfung hat Verstöße gegen die WCAG 2.1 Stufe AA gefunden \
                        (Anzahl unten); sie werden behoben.",
    limitations_heading: "Nicht barrierefreie Inhalte",
    limitations: [
        "Der Grundriss einer Etage ist eine Grafik. Wer ihn nicht sehen kann, findet dieselben \
         Arbeitsplätze und Räume mit ihrem Zustand in der Listenansicht unter dem Grundriss.",
        "Informationen in Deutscher Gebärdensprache und in Leichter Sprache (§ 4 BITV 2.0) \
         fehlen noch.",
        "Die Berichte zum Herunterladen (CSV) sind Daten ohne Gestaltung; ihre Barrierefreiheit \
         wurde nicht eigens geprüft.",
        "Der QR-Bogen zum Ausdrucken richtet sich an Sehende; jeder Code steht daneben auch als \
         Adresse.",
        "Mit Bildschirmlesern (NVDA, JAWS, VoiceOver, TalkBack) wurde noch nicht von Menschen \
         geprüft.",
    ],
    method_heading: "Erstellung dieser Erklärung",
    method_intro: "Die Erklärung beruht auf einer Selbstbewertung durch automatische Tests, die \
                   bei jeder Änderung von Platzwahl laufen. Die Zahlen unten schreiben die Tests \
                   selbst; weichen sie vom Gemessenen ab, schlägt der Test fehl.",
    method_axe_before: "axe-core",
    method_axe_pages: "Seiten der Anwendung",
    method_axe_checks: "geprüfte Zustände (angemeldet in jeder Rolle und abgemeldet, auf Deutsch \
                        und Englisch, mit gewähltem Arbeitsplatz, fehlerhaft abgeschickten \
                        Formularen und geöffneten Aufklappbereichen)",
    method_axe_violations: "Verstöße gegen die Regeln der WCAG 2.0 und 2.1, Stufen A und AA",
    method_keyboard: "Eine Arbeitsplatzbuchung auf dem Grundriss, die Reservierung eines \
                      geschützten Raums, das Annehmen einer Einladung mit Passkey und ein \
                      Check-in werden allein mit der Tastatur erledigt; geprüft werden die \
                      Reihenfolge des Fokus und dass der Fokus sichtbar ist.",
    method_reflow: "Jede Seite bei 320 CSS-Pixeln Breite (1280 Pixel bei 400 % Vergrößerung): \
                    kein waagerechtes Scrollen; der Grundriss behält seine Tabelle mit \
                    denselben Arbeitsplätzen, und jedes Bedienelement hat einen Namen.",
    method_contrast: "Jedes Farbpaar aus Text und Hintergrund hat einen Kontrast von mindestens \
                      4,5 : 1, jede Zustandsmarke (frei, gebucht, belegt, unbekannt) mindestens \
                      3 : 1 gegen ihren Hintergrund, nachgerechnet aus dem Stylesheet.",
    method_unknown: "Die Ergebnisse der Tests konnten nicht gelesen werden.",
    date_label: "Stand der Ergebnisse:",
    date_note: "Die Erklärung wird mit jedem geänderten Ergebnis der Tests neu erstellt.",
    feedback_heading: "Feedback und Kontakt",
    feedback_intro: "Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen \
                     Sie Informationen aus Platzwahl in einer anderen Form? Schreiben Sie uns.",
    feedback_contact: "Kontakt:",
    feedback_unset: "Noch keine Kontaktstelle eingetragen. Der Betreiber trägt sie in den \
                     Einstellungen unter web.accessibility_contact ein (BGG NRW § 10b verlangt \
                     sie). Bis dahin hilft der Service-Desk Ihrer Dienststelle weiter.",
    enforcement_heading: "Durchsetzungsverfahren",
    enforcement: "Haben Sie uns eine Barriere gemeldet und keine oder keine zufriedenstellende \
                  Antwort erhalten, können Sie sich an die \
                  Ombudsstelle wenden. Sie vermittelt zwischen Ihnen und der öffentlichen Stelle \
                  (§ 10d BGG NRW, §§ 9 ff. BITV NRW); das Verfahren ist kostenlos, und Sie \
                  brauchen keinen Rechtsbeistand.",
    ombudsstelle: "Ombudsstelle für barrierefreie Informationstechnik des Landes \
                   Nordrhein-Westfalen, bei der Beauftragten der Landesregierung für Menschen \
                   mit Behinderungen",
    monitoring: "Die Überwachungsstelle für barrierefreie Informationstechnik des Landes \
                 Nordrhein-Westfalen prüft die Angebote öffentlicher Stellen des Landes.",
};

/// English texts.
pub static EN: AccessibilityTexts = AccessibilityTexts {
    title: "Accessibility statement",
    intro: "The public bodies in the building that run Platzwahl are committed to making this \
            application accessible. This statement applies to every page of Platzwahl.",
    basis: "It is made under sections 10 to 10e of the Disability Equality Act of North \
            Rhine-Westphalia (BGG NRW) with its accessible IT ordinance (BITV NRW) and, for \
            federal bodies, section 12a of the federal BGG with the BITV 2.0. Both require \
            EN 301 549, for web pages WCAG 2.1 level AA.",
    status_heading: "Compliance status",
    status_partly: "Platzwahl is partially compliant. The automated checks below find no \
                    violation of WCAG 2.1 level AA; a review by people using assistive \
                    technology (screen readers, magnification, voice control) is still to come, \
                    and the content listed below is not accessible yet.",
    status_violations: "Platzwahl is partially compliant. The latest automated check found \
                        violations of WCAG 2.1 level AA (see the figure below); they are being \
                        fixed.",
    limitations_heading: "Non-accessible content",
    limitations: [
        "A floor's plan is a graphic. Who cannot see it finds the same desks and rooms with \
         their state in the list view below the plan.",
        "Information in German Sign Language and in Easy Language (section 4 BITV 2.0) is \
         still missing.",
        "The downloadable reports (CSV) are plain data; their accessibility was not checked \
         separately.",
        "The printable QR sheet is meant for sighted people; each code is also printed as an \
         address.",
        "People using screen readers (NVDA, JAWS, VoiceOver, TalkBack) have not reviewed it \
         yet.",
    ],
    method_heading: "Preparation of this statement",
    method_intro: "This statement is based on a self-assessment by automated tests that run on \
                   every change to Platzwahl. The tests write the figures below themselves; \
                   when they differ from what was measured, the test fails.",
    method_axe_before: "axe-core",
    method_axe_pages: "pages of the application",
    method_axe_checks: "page states checked (signed in as each role and signed out, in German \
                        and English, with a desk selected, forms sent with errors and \
                        disclosures open)",
    method_axe_violations: "violations of the WCAG 2.0 and 2.1 rules, levels A and AA",
    method_keyboard: "A desk booking on the floor plan, the reservation of a protected room, \
                      accepting an invitation with a passkey and a check-in are done by \
                      keyboard alone, checking the focus order and that the focus is visible.",
    method_reflow: "Every page at 320 CSS pixels wide (1280 pixels at 400 % zoom): no \
                    horizontal scrolling; the floor plan keeps its table of the same desks, and \
                    every control has a name.",
    method_contrast: "Every pair of text and background colours has a contrast of at least \
                      4.5:1, every state mark (free, booked, occupied, unknown) at least 3:1 \
                      against its background, computed from the stylesheet.",
    method_unknown: "The test results could not be read.",
    date_label: "Results as of:",
    date_note: "The statement is made again whenever a test result changes.",
    feedback_heading: "Feedback and contact",
    feedback_intro: "Have you found a barrier, or do you need information from Platzwahl in \
                     another form? Write to us.",
    feedback_contact: "Contact:",
    feedback_unset: "No contact has been set yet. The operator sets it in the settings as \
                     web.accessibility_contact (BGG NRW section 10b requires one). Until then, \
                     your office's service desk will help.",
    enforcement_heading: "Enforcement procedure",
    enforcement: "If you have reported a barrier to us and received no answer, or no \
                  satisfactory one, you can turn to the ombudsman's office. \
                  It mediates between you and the public body (section 10d BGG NRW, sections 9 \
                  ff. BITV NRW); the procedure is free of charge and needs no lawyer.",
    ombudsstelle: "Ombudsstelle für barrierefreie Informationstechnik des Landes \
                   Nordrhein-Westfalen (the state's ombudsman's office for accessible IT), at \
                   the State Government Commissioner for People with Disabilities",
    monitoring: "The Überwachungsstelle für barrierefreie Informationstechnik des Landes \
                 Nordrhein-Westfalen (monitoring body) checks the offerings of the state's \
                 public bodies.",
};
