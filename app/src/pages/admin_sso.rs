//! Sign-in and directory (`/admin/sign-in`), for organisation administrators: whether their
//! organisation's people may sign in at its own identity provider (single sign-on), the rules
//! that say what the provider's claims mean for a person created at their first sign-in — a
//! value of the unit claim is a unit, a group gives a role — and how the directory sync (LDAP)
//! last ran. Only the administrator's own organisation; the rules are added, changed and
//! removed one at a time (`crate::sso`).
//!
//! Every rule is a form of its own that works without a pointer: labelled fields in a
//! fieldset with a legend naming the rule, buttons whose accessible names name the rule. A
//! refused field says why beside it (referred to by the field's `aria-describedby`, with
//! `aria-invalid`), and the form keeps what was typed; what was saved or removed is said in a
//! status message above the rules, which gets the keyboard focus once the rules are read again.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::account::role_labels;
use super::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::sso::{
    DirectoryChanges, DirectorySyncStatus, RoleMapping, SignInAdmin, UnitMapping, UnitOption,
};
use crate::shell::use_lang;
use crate::sso::{RemoveRoleRule, RemoveUnitRule, SaveRoleRule, SaveUnitRule, get_sign_in_admin};

/// The page's texts in one language.
#[derive(Debug)]
pub struct Texts {
    /// Heading and menu.
    pub title: &'static str,
    /// What the page does.
    pub intro: &'static str,
    /// Heading: single sign-on.
    pub sso_heading: &'static str,
    /// A provider is configured: before and after the organisation's name.
    pub provider_on: [&'static str; 2],
    /// No provider is configured: before and after the organisation's name.
    pub provider_off: [&'static str; 2],
    /// What the rules are for.
    pub rules_hint: &'static str,
    /// Heading: unit rules.
    pub units_heading: &'static str,
    /// What a unit rule does.
    pub units_hint: &'static str,
    /// No unit rule yet.
    pub no_unit_rules: &'static str,
    /// Heading: role rules.
    pub roles_heading: &'static str,
    /// What a role rule does.
    pub roles_hint: &'static str,
    /// No role rule yet.
    pub no_role_rules: &'static str,
    /// Legend of a rule's form, before the rule.
    pub rule: &'static str,
    /// Legend of the form adding a unit rule.
    pub new_unit_rule: &'static str,
    /// Legend of the form adding a role rule.
    pub new_role_rule: &'static str,
    /// Field: the value of the unit claim.
    pub value: &'static str,
    /// Field: the unit.
    pub unit: &'static str,
    /// The empty choice of the unit.
    pub choose_unit: &'static str,
    /// After a closed unit's name.
    pub closed: &'static str,
    /// Field: the group.
    pub group: &'static str,
    /// Field: the role.
    pub role: &'static str,
    /// Button: save a rule.
    pub save: &'static str,
    /// Button: add a rule.
    pub add: &'static str,
    /// Button: remove a rule.
    pub remove: &'static str,
    /// Status: saved, before the rule.
    pub saved: &'static str,
    /// Status: removed, before the rule.
    pub removed: &'static str,
    /// Before a field's error, for screen readers.
    pub error_prefix: &'static str,
    /// Error: the value is empty, too long or not plain text.
    pub error_value: &'static str,
    /// Error: the value means a unit already.
    pub error_value_taken: &'static str,
    /// Error: no unit chosen, or not an open unit of the organisation.
    pub error_unit: &'static str,
    /// Error: the group is empty, too long or not plain text.
    pub error_group: &'static str,
    /// Error: the group gives this role already.
    pub error_group_taken: &'static str,
    /// Error: a role the organisation may not grant.
    pub error_role: &'static str,
    /// Error: the rule was changed or removed meanwhile.
    pub error_changed: &'static str,
    /// Heading: the directory sync.
    pub directory_heading: &'static str,
    /// The directory sync has never run.
    pub directory_never: &'static str,
    /// Label: when the last run started.
    pub started: &'static str,
    /// Label: when it ended.
    pub finished: &'static str,
    /// It has not ended yet.
    pub still_running: &'static str,
    /// Label: the outcome.
    pub outcome: &'static str,
    /// The outcomes: running, ok, failed, refused.
    pub outcomes: [&'static str; 4],
    /// Heading of what the last run changed.
    pub changes: &'static str,
    /// The last run had nothing to change.
    pub nothing_changed: &'static str,
    /// The counts: entries, created, updated, moved, roles changed, reactivated, deactivated,
    /// not taken.
    pub counts: [&'static str; 8],
}

/// The texts in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// The menu's name of the page.
pub fn menu_title(lang: Lang) -> &'static str {
    texts(lang).title
}

static DE: Texts = Texts {
    title: "Anmeldung und Verzeichnis",
    intro: "Wie sich die Beschäftigten Ihrer Organisation mit dem Konto Ihrer Organisation anmelden (Single Sign-on), was die Angaben Ihres Identitätsanbieters bedeuten, wenn eine Person bei ihrer ersten Anmeldung angelegt wird, und wann Ihr Verzeichnis zuletzt abgeglichen wurde.",
    sso_heading: "Anmeldung über Ihren Identitätsanbieter",
    provider_on: [
        "Für ",
        " ist ein Identitätsanbieter eingerichtet: Die Anmeldeseite bietet die Anmeldung damit neben dem Passkey an.",
    ],
    provider_off: [
        "Für ",
        " ist kein Identitätsanbieter eingerichtet; das geschieht in den Einstellungen des Servers. Die Regeln unten gelten, sobald einer eingerichtet ist.",
    ],
    rules_hint: "Die Regeln gelten nur für Personen, die bei ihrer ersten Anmeldung angelegt werden (wenn die Einstellungen das erlauben); bestehende Personen ändern sie nicht. Wer keiner Gruppe mit einer Rolle angehört, wird als Beschäftigte oder Beschäftigter angelegt.",
    units_heading: "Einheiten",
    units_hint: "Ein Wert der Angabe „Einheit“, wie der Identitätsanbieter ihn sendet (zum Beispiel „Amt 40“), und die Einheit, in der die Person angelegt wird. Jeder Wert bedeutet eine Einheit.",
    no_unit_rules: "Noch keine Regel: Neue Personen werden ohne Einheit angelegt.",
    roles_heading: "Rollen",
    roles_hint: "Eine Gruppe, wie der Identitätsanbieter sie sendet, und eine Rolle, die sie gibt. Eine Gruppe kann mehrere Rollen geben. Nur Rollen, die Ihre Organisation vergeben darf.",
    no_role_rules: "Noch keine Regel: Neue Personen werden als Beschäftigte angelegt.",
    rule: "Regel",
    new_unit_rule: "Neue Regel für eine Einheit",
    new_role_rule: "Neue Regel für eine Rolle",
    value: "Wert der Angabe „Einheit“",
    unit: "Einheit",
    choose_unit: "Einheit wählen",
    closed: "(geschlossen)",
    group: "Gruppe",
    role: "Rolle",
    save: "Regel speichern",
    add: "Regel hinzufügen",
    remove: "Regel entfernen",
    saved: "Gespeichert:",
    removed: "Entfernt:",
    error_prefix: "Fehler:",
    error_value: "Bitte einen Wert mit 1 bis 255 Zeichen eingeben, ohne Steuerzeichen.",
    error_value_taken: "Für diesen Wert gibt es schon eine Regel; jeder Wert bedeutet eine Einheit.",
    error_unit: "Bitte eine offene Einheit Ihrer Organisation wählen.",
    error_group: "Bitte eine Gruppe mit 1 bis 255 Zeichen eingeben, ohne Steuerzeichen.",
    error_group_taken: "Diese Gruppe gibt diese Rolle schon.",
    error_role: "Diese Rolle kann Ihre Organisation nicht vergeben.",
    error_changed: "Diese Regel wurde inzwischen geändert oder entfernt. Bitte laden Sie die Seite neu.",
    directory_heading: "Verzeichnisabgleich",
    directory_never: "Für Ihre Organisation ist noch kein Verzeichnisabgleich gelaufen.",
    started: "Letzter Lauf begonnen",
    finished: "Beendet",
    still_running: "läuft noch",
    outcome: "Ergebnis",
    outcomes: [
        "läuft noch",
        "erfolgreich",
        "fehlgeschlagen: Das Verzeichnis war nicht erreichbar oder die Änderungen konnten nicht geschrieben werden; nichts wurde geändert",
        "abgelehnt: Zu viele Personen hätten auf einmal das Verzeichnis verlassen; nichts wurde geändert",
    ],
    changes: "Änderungen dieses Laufs",
    nothing_changed: "Dieser Lauf hat nichts geändert.",
    counts: [
        "Einträge im Verzeichnis",
        "angelegt",
        "geändert",
        "in eine andere Einheit",
        "Rollen geändert",
        "reaktiviert",
        "deaktiviert",
        "nicht übernommen",
    ],
};

static EN: Texts = Texts {
    title: "Sign-in and directory",
    intro: "How your organisation's people sign in with your organisation's account (single sign-on), what your identity provider's claims mean when a person is created at their first sign-in, and when your directory was last synchronised.",
    sso_heading: "Signing in at your identity provider",
    provider_on: [
        "An identity provider is configured for ",
        ": the sign-in page offers it beside the passkey.",
    ],
    provider_off: [
        "No identity provider is configured for ",
        "; that is done in the server's settings. The rules below apply once one is.",
    ],
    rules_hint: "The rules apply only to people created at their first sign-in (where the settings allow it); they change no existing person. Somebody in no group that gives a role is created as an employee.",
    units_heading: "Units",
    units_hint: "A value of the unit claim as the identity provider sends it (such as \"Amt 40\"), and the unit the person is created in. Each value means one unit.",
    no_unit_rules: "No rule yet: new people are created without a unit.",
    roles_heading: "Roles",
    roles_hint: "A group as the identity provider sends it, and a role it gives. A group may give several roles. Only roles your organisation may grant.",
    no_role_rules: "No rule yet: new people are created as employees.",
    rule: "Rule",
    new_unit_rule: "New rule for a unit",
    new_role_rule: "New rule for a role",
    value: "Value of the unit claim",
    unit: "Unit",
    choose_unit: "Choose a unit",
    closed: "(closed)",
    group: "Group",
    role: "Role",
    save: "Save rule",
    add: "Add rule",
    remove: "Remove rule",
    saved: "Saved:",
    removed: "Removed:",
    error_prefix: "Error:",
    error_value: "Please enter a value of 1 to 255 characters, without control characters.",
    error_value_taken: "There is a rule for this value already; each value means one unit.",
    error_unit: "Please choose an open unit of your organisation.",
    error_group: "Please enter a group of 1 to 255 characters, without control characters.",
    error_group_taken: "This group gives this role already.",
    error_role: "Your organisation cannot grant this role.",
    error_changed: "This rule was changed or removed meanwhile. Please reload the page.",
    directory_heading: "Directory sync",
    directory_never: "No directory sync has run for your organisation yet.",
    started: "Last run started",
    finished: "Ended",
    still_running: "still running",
    outcome: "Outcome",
    outcomes: [
        "still running",
        "succeeded",
        "failed: the directory could not be reached or the changes could not be written; nothing was changed",
        "refused: too many people would have left the directory at once; nothing was changed",
    ],
    changes: "What this run changed",
    nothing_changed: "This run changed nothing.",
    counts: [
        "entries in the directory",
        "created",
        "changed",
        "moved to another unit",
        "roles changed",
        "reactivated",
        "deactivated",
        "not taken",
    ],
};

/// Which form was sent last: a unit rule's (by its value; empty: the new rule), a role rule's
/// (by group and role; empty: the new rule).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Which {
    SaveUnit(String),
    RemoveUnit(String),
    SaveRole(String, String),
    RemoveRole(String, String),
}

/// The page's actions, the form sent last, what to say about the last change and whether the
/// keyboard focus goes to it once the rules are read again.
#[derive(Clone, Copy)]
struct Actions {
    save_unit: ServerAction<SaveUnitRule>,
    remove_unit: ServerAction<RemoveUnitRule>,
    save_role: ServerAction<SaveRoleRule>,
    remove_role: ServerAction<RemoveRoleRule>,
    last: RwSignal<Option<Which>>,
    /// Counts the changes written, so that the rules are read again after each.
    changed: RwSignal<u32>,
    status: RwSignal<Option<String>>,
    focus_status: RwSignal<bool>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            save_unit: ServerAction::new(),
            remove_unit: ServerAction::new(),
            save_role: ServerAction::new(),
            remove_role: ServerAction::new(),
            last: RwSignal::new(None),
            changed: RwSignal::new(0),
            status: RwSignal::new(None),
            focus_status: RwSignal::new(false),
        }
    }

    /// Notes the form each action was sent from, and after a change that was written says
    /// what it was and has the rules read again.
    fn track(self, lang: Lang) {
        let t = texts(lang);
        let last = self.last;
        Effect::new(move || {
            let sent = self
                .save_unit
                .input()
                .get()
                .map(|i| Which::SaveUnit(i.original.trim().to_owned()))
                .or_else(|| {
                    self.remove_unit
                        .input()
                        .get()
                        .map(|i| Which::RemoveUnit(i.value))
                })
                .or_else(|| {
                    self.save_role.input().get().map(|i| {
                        Which::SaveRole(
                            i.original_group.trim().to_owned(),
                            i.original_role.trim().to_owned(),
                        )
                    })
                })
                .or_else(|| {
                    self.remove_role
                        .input()
                        .get()
                        .map(|i| Which::RemoveRole(i.group, i.role))
                });
            if let Some(which) = sent {
                last.set(Some(which));
            }
        });
        let done = move |message: String| {
            self.status.set(Some(message));
            self.focus_status.set(true);
            self.changed.update(|n| *n += 1);
        };
        Effect::new(move || {
            if let Some(Ok(rule)) = self.save_unit.value().get() {
                done(format!("{} {}", t.saved, unit_rule_text(lang, &rule)));
            }
        });
        Effect::new(move || {
            if let Some(Ok(value)) = self.remove_unit.value().get() {
                done(format!("{} {}", t.removed, quoted(lang, &value)));
            }
        });
        Effect::new(move || {
            if let Some(Ok(rule)) = self.save_role.value().get() {
                done(format!("{} {}", t.saved, role_rule_text(lang, &rule)));
            }
        });
        Effect::new(move || {
            if let Some(Ok(rule)) = self.remove_role.value().get() {
                done(format!("{} {}", t.removed, role_rule_text(lang, &rule)));
            }
        });
    }

    /// The error of the last answer, if it came from the form `which`.
    fn error_of(&self, which: &Which) -> Option<AppError> {
        if self.last.get().as_ref() != Some(which) {
            return None;
        }
        let error = |value: Option<Result<_, AppError>>, pending: bool| {
            if pending {
                None
            } else {
                value.and_then(Result::err)
            }
        };
        match which {
            Which::SaveUnit(_) => error(
                self.save_unit.value().get().map(|r| r.map(|_| ())),
                self.save_unit.pending().get(),
            ),
            Which::RemoveUnit(_) => error(
                self.remove_unit.value().get().map(|r| r.map(|_| ())),
                self.remove_unit.pending().get(),
            ),
            Which::SaveRole(..) => error(
                self.save_role.value().get().map(|r| r.map(|_| ())),
                self.save_role.pending().get(),
            ),
            Which::RemoveRole(..) => error(
                self.remove_role.value().get().map(|r| r.map(|_| ())),
                self.remove_role.pending().get(),
            ),
        }
    }
}

/// A claim value in quotation marks of `lang`.
fn quoted(lang: Lang, value: &str) -> String {
    match lang {
        Lang::De => format!("„{value}“"),
        Lang::En => format!("“{value}”"),
    }
}

/// A unit rule in words: `„Amt 40“ → amt-40`.
fn unit_rule_text(lang: Lang, rule: &UnitMapping) -> String {
    format!("{} → {}", quoted(lang, &rule.value), rule.unit)
}

/// A role rule in words: `„pw-beratung“ → Beratung`.
fn role_rule_text(lang: Lang, rule: &RoleMapping) -> String {
    format!(
        "{} → {}",
        quoted(lang, &rule.group),
        role_labels(lang, std::slice::from_ref(&rule.role))
    )
}

/// The field an error is about (`value`, `unit`, `group`, `role`) and what to tell; `None`
/// for an error of the whole form.
fn field_error(error: &AppError, t: &'static Texts) -> Option<(&'static str, &'static str)> {
    let (why, conflict) = match error {
        AppError::InvalidInput(why) => (why.as_str(), false),
        AppError::Conflict(why) => (why.as_str(), true),
        _ => return None,
    };
    let field = why.split_once(':').map(|(field, _)| field)?;
    match (field, conflict) {
        ("value", false) => Some(("value", t.error_value)),
        ("value", true) => Some(("value", t.error_value_taken)),
        ("unit", _) => Some(("unit", t.error_unit)),
        ("group", false) => Some(("group", t.error_group)),
        ("group", true) => Some(("group", t.error_group_taken)),
        ("role", _) => Some(("role", t.error_role)),
        _ => None,
    }
}

/// The message of an error of the whole form.
fn form_error_text(error: &AppError, lang: Lang) -> String {
    match error {
        AppError::Conflict(why) if why.starts_with("rule:") => texts(lang).error_changed.to_owned(),
        other => other.message(lang).to_owned(),
    }
}

/// What one form shows of its last answer: the error of each field and of the whole form.
#[derive(Clone, Copy)]
struct FormErrors {
    error: Memo<Option<AppError>>,
    t: &'static Texts,
}

impl FormErrors {
    fn new(actions: Actions, which: Which, t: &'static Texts) -> Self {
        FormErrors {
            error: Memo::new(move |_| actions.error_of(&which)),
            t,
        }
    }

    /// What to tell about `field`, if the last answer was about it.
    fn of(self, field: &'static str) -> Signal<Option<&'static str>> {
        Signal::derive(move || {
            self.error
                .get()
                .and_then(|error| field_error(&error, self.t))
                .filter(|(f, _)| *f == field)
                .map(|(_, message)| message)
        })
    }

    /// The error no field explains.
    fn whole(self) -> Signal<Option<AppError>> {
        Signal::derive(move || {
            self.error
                .get()
                .filter(|error| field_error(error, self.t).is_none())
        })
    }
}

/// `aria-describedby` of a field: its error's id when it has one.
fn described_by(
    error_id: String,
    error: Signal<Option<&'static str>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || error.get().map(|_| error_id.clone())
}

/// `aria-invalid` of a field with the error `error`.
fn invalid(
    error: Signal<Option<&'static str>>,
) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || error.get().map(|_| "true")
}

/// An error of one field, referred to by the field's `aria-describedby`.
#[component]
fn FieldError(id: String, message: Signal<Option<&'static str>>) -> impl IntoView {
    let prefix = texts(use_lang()).error_prefix;
    move || {
        message.get().map(|message| {
            view! {
                <p id=id.clone() class="field-error">
                    <span class="visually-hidden">{prefix} " "</span>
                    {message}
                </p>
            }
        })
    }
}

/// An error of the whole form, announced.
#[component]
fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|error| {
            view! {
                <p class="error" role="alert">
                    {form_error_text(&error, lang)}
                </p>
            }
        })
    }
}

/// `/admin/sign-in`.
#[component]
pub fn AdminSignInPage() -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let actions = Actions::new();
    actions.track(lang);
    let overview = Resource::new(move || actions.changed.get(), |_| get_sign_in_admin());
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        // Outside the transition, so that it is in the page before it speaks.
        <p
            id="sign-in-admin-status"
            class=move || actions.status.get().map(|_| "notice success")
            role="status"
            tabindex="-1"
        >
            {move || actions.status.get()}
        </p>
        // A transition, not a suspense: while the rules are read again after a change, the
        // page stays as it was.
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview actions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Moves the keyboard focus to the status message (in the browser only).
fn focus_status() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(status) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("sign-in-admin-status"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ignored = status.focus();
        }
    }
}

#[component]
fn Overview(overview: SignInAdmin, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    // The rules were read again after a change: the focus, lost with the old forms, goes to
    // what was done.
    Effect::new(move || {
        if actions.focus_status.get_untracked() {
            actions.focus_status.set(false);
            focus_status();
        }
    });
    let provider = if overview.provider {
        t.provider_on
    } else {
        t.provider_off
    };
    let units = overview.units.clone();
    let unit_rules = if overview.mapping.units.is_empty() {
        view! { <p id="no-unit-rules">{t.no_unit_rules}</p> }.into_any()
    } else {
        let items = overview
            .mapping
            .units
            .into_iter()
            .enumerate()
            .map(|(index, rule)| {
                view! { <UnitRuleForm rule=Some(rule) index units=units.clone() actions /> }
            })
            .collect_view();
        view! { <ul class="mapping-rules" id="unit-rules">{items}</ul> }.into_any()
    };
    let roles = overview.roles.clone();
    let role_rules = if overview.mapping.roles.is_empty() {
        view! { <p id="no-role-rules">{t.no_role_rules}</p> }.into_any()
    } else {
        let items = overview
            .mapping
            .roles
            .into_iter()
            .enumerate()
            .map(|(index, rule)| {
                view! { <RoleRuleForm rule=Some(rule) index roles=roles.clone() actions /> }
            })
            .collect_view();
        view! { <ul class="mapping-rules" id="role-rules">{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="sso-admin-heading" class="people-section">
            <h2 id="sso-admin-heading">{t.sso_heading}</h2>
            <p id="sso-provider">
                {provider[0]} <strong>{overview.organisation_name}</strong> {provider[1]}
            </p>
            <p>{t.rules_hint}</p>
        </section>
        <section aria-labelledby="unit-rules-heading" class="people-section">
            <h2 id="unit-rules-heading">{t.units_heading}</h2>
            <p id="unit-rules-hint">{t.units_hint}</p>
            {unit_rules}
            <UnitRuleForm rule=None index=0 units=overview.units actions />
        </section>
        <section aria-labelledby="role-rules-heading" class="people-section">
            <h2 id="role-rules-heading">{t.roles_heading}</h2>
            <p id="role-rules-hint">{t.roles_hint}</p>
            {role_rules}
            <RoleRuleForm rule=None index=0 roles=overview.roles actions />
        </section>
        <DirectorySection status=overview.directory />
    }
}

/// The form of a unit rule (`None`: the form adding one) and the button removing it.
#[component]
fn UnitRuleForm(
    rule: Option<UnitMapping>,
    index: usize,
    units: Vec<UnitOption>,
    actions: Actions,
) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let original = rule.as_ref().map(|r| r.value.clone()).unwrap_or_default();
    let id = match &rule {
        Some(_) => format!("unit-rule-{index}"),
        None => "unit-rule-new".to_owned(),
    };
    let errors = FormErrors::new(actions, Which::SaveUnit(original.clone()), t);
    let value_error = errors.of("value");
    let unit_error = errors.of("unit");
    let (value_id, unit_id, value_error_id, unit_error_id) = (
        format!("{id}-value"),
        format!("{id}-unit"),
        format!("{id}-value-error"),
        format!("{id}-unit-error"),
    );
    let chosen = rule.as_ref().map(|r| r.unit.clone()).unwrap_or_default();
    let options = units
        .iter()
        .map(|u| {
            let label = if u.closed {
                format!("{} {}", u.name, t.closed)
            } else {
                u.name.clone()
            };
            view! {
                <option value=u.slug.clone() selected={u.slug == chosen}>
                    {label}
                </option>
            }
        })
        .collect_view();
    let unit_name = rule.as_ref().map(|r| {
        units
            .iter()
            .find(|u| u.slug == r.unit)
            .map_or_else(|| r.unit.clone(), |u| u.name.clone())
    });
    let (legend, button) = match (&rule, &unit_name) {
        (Some(rule), Some(name)) => (
            format!("{}: {} → {name}", t.rule, quoted(lang, &rule.value)),
            t.save,
        ),
        _ => (t.new_unit_rule.to_owned(), t.add),
    };
    // An existing rule's buttons name it (their visible text first, WCAG 2.5.3).
    let button_label = rule
        .as_ref()
        .map(|r| format!("{button}: {}", quoted(lang, &r.value)));
    let existing = rule.is_some();
    let shown_value = rule.as_ref().map(|r| r.value.clone()).unwrap_or_default();
    let remove_id = format!("{id}-remove");
    let remove = rule.as_ref().map(|rule| {
        let value = rule.value.clone();
        let which = Which::RemoveUnit(value.clone());
        let error = FormErrors::new(actions, which, t).whole();
        let detail = quoted(lang, &value);
        view! {
            <ActionForm action=actions.remove_unit attr:class="inline-form">
                <input type="hidden" name="value" value=value />
                <button type="submit" id=remove_id aria-label=format!("{}: {detail}", t.remove)>
                    {t.remove}
                </button>
            </ActionForm>
            <FormError error />
        }
    });
    let form = view! {
        <ActionForm action=actions.save_unit attr:class="admin-form" attr:id=id.clone()>
            <fieldset>
                <legend>{legend}</legend>
                <input type="hidden" name="original" value=original />
                <p class="field">
                    <label for=value_id.clone()>{t.value}</label>
                    <input
                        id=value_id
                        name="value"
                        type="text"
                        maxlength="255"
                        required
                        autocomplete="off"
                        value=shown_value
                        aria-invalid=invalid(value_error)
                        aria-describedby=described_by(value_error_id.clone(), value_error)
                    />
                    <FieldError id=value_error_id message=value_error />
                </p>
                <p class="field">
                    <label for=unit_id.clone()>{t.unit}</label>
                    <select
                        id=unit_id
                        name="unit"
                        required
                        aria-invalid=invalid(unit_error)
                        aria-describedby=described_by(unit_error_id.clone(), unit_error)
                    >
                        <option value="" selected={chosen.is_empty()}>
                            {t.choose_unit}
                        </option>
                        {options}
                    </select>
                    <FieldError id=unit_error_id message=unit_error />
                </p>
                <button type="submit" aria-label=button_label>
                    {button}
                </button>
                <FormError error=errors.whole() />
            </fieldset>
        </ActionForm>
    };
    if existing {
        view! { <li class="mapping-rule">{form} {remove}</li> }.into_any()
    } else {
        form.into_any()
    }
}

/// The form of a role rule (`None`: the form adding one) and the button removing it.
#[component]
fn RoleRuleForm(
    rule: Option<RoleMapping>,
    index: usize,
    roles: Vec<String>,
    actions: Actions,
) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let (original_group, original_role) = rule
        .as_ref()
        .map(|r| (r.group.clone(), r.role.clone()))
        .unwrap_or_default();
    let id = match &rule {
        Some(_) => format!("role-rule-{index}"),
        None => "role-rule-new".to_owned(),
    };
    let errors = FormErrors::new(
        actions,
        Which::SaveRole(original_group.clone(), original_role.clone()),
        t,
    );
    let group_error = errors.of("group");
    let role_error = errors.of("role");
    let (group_id, role_id, group_error_id, role_error_id) = (
        format!("{id}-group"),
        format!("{id}-role"),
        format!("{id}-group-error"),
        format!("{id}-role-error"),
    );
    let chosen = original_role.clone();
    let options = roles
        .iter()
        .map(|code| {
            view! {
                <option value=code.clone() selected={*code == chosen}>
                    {role_labels(lang, std::slice::from_ref(code))}
                </option>
            }
        })
        .collect_view();
    let (legend, button) = match &rule {
        Some(rule) => (
            format!("{}: {}", t.rule, role_rule_text(lang, rule)),
            t.save,
        ),
        None => (t.new_role_rule.to_owned(), t.add),
    };
    // An existing rule's buttons name it (their visible text first, WCAG 2.5.3).
    let button_label = rule
        .as_ref()
        .map(|r| format!("{button}: {}", role_rule_text(lang, r)));
    let existing = rule.is_some();
    let remove_id = format!("{id}-remove");
    let remove = rule.as_ref().map(|rule| {
        let (group, role) = (rule.group.clone(), rule.role.clone());
        let which = Which::RemoveRole(group.clone(), role.clone());
        let error = FormErrors::new(actions, which, t).whole();
        let detail = role_rule_text(lang, rule);
        view! {
            <ActionForm action=actions.remove_role attr:class="inline-form">
                <input type="hidden" name="group" value=group />
                <input type="hidden" name="role" value=role />
                <button type="submit" id=remove_id aria-label=format!("{}: {detail}", t.remove)>
                    {t.remove}
                </button>
            </ActionForm>
            <FormError error />
        }
    });
    let form = view! {
        <ActionForm action=actions.save_role attr:class="admin-form" attr:id=id.clone()>
            <fieldset>
                <legend>{legend}</legend>
                <input type="hidden" name="original_group" value=original_group.clone() />
                <input type="hidden" name="original_role" value=original_role />
                <p class="field">
                    <label for=group_id.clone()>{t.group}</label>
                    <input
                        id=group_id
                        name="group"
                        type="text"
                        maxlength="255"
                        required
                        autocomplete="off"
                        value=original_group
                        aria-invalid=invalid(group_error)
                        aria-describedby=described_by(group_error_id.clone(), group_error)
                    />
                    <FieldError id=group_error_id message=group_error />
                </p>
                <p class="field">
                    <label for=role_id.clone()>{t.role}</label>
                    <select
                        id=role_id
                        name="role"
                        aria-invalid=invalid(role_error)
                        aria-describedby=described_by(role_error_id.clone(), role_error)
                    >
                        {options}
                    </select>
                    <FieldError id=role_error_id message=role_error />
                </p>
                <button type="submit" aria-label=button_label>
                    {button}
                </button>
                <FormError error=errors.whole() />
            </fieldset>
        </ActionForm>
    };
    if existing {
        view! { <li class="mapping-rule">{form} {remove}</li> }.into_any()
    } else {
        form.into_any()
    }
}

/// A time as the audit log shows it.
fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// How the directory sync last ran.
#[component]
fn DirectorySection(status: Option<DirectorySyncStatus>) -> impl IntoView {
    let t = texts(use_lang());
    let body = match status {
        None => view! { <p id="directory-status">{t.directory_never}</p> }.into_any(),
        Some(status) => {
            let outcome = match status.outcome.as_str() {
                "running" => t.outcomes[0],
                "ok" => t.outcomes[1],
                "failed" => t.outcomes[2],
                "refused" => t.outcomes[3],
                _ => t.outcomes[2],
            };
            let finished = status
                .finished_at
                .map_or_else(|| t.still_running.to_owned(), time);
            let changes = match (status.outcome.as_str(), status.last_changes) {
                (_, Some(changes)) => view! { <Changes changes /> }.into_any(),
                ("ok", None) => view! { <p>{t.nothing_changed}</p> }.into_any(),
                _ => ().into_any(),
            };
            view! {
                <dl id="directory-status" class="directory-status">
                    <dt>{t.started}</dt>
                    <dd>{time(status.started_at)}</dd>
                    <dt>{t.finished}</dt>
                    <dd>{finished}</dd>
                    <dt>{t.outcome}</dt>
                    <dd data-outcome=status.outcome.clone()>{outcome}</dd>
                </dl>
                {changes}
            }
            .into_any()
        }
    };
    view! {
        <section aria-labelledby="directory-heading" class="people-section">
            <h2 id="directory-heading">{t.directory_heading}</h2>
            {body}
        </section>
    }
}

/// What a sync run changed, as counts.
#[component]
fn Changes(changes: DirectoryChanges) -> impl IntoView {
    let t = texts(use_lang());
    let counts = [
        changes.entries,
        changes.created,
        changes.updated,
        changes.moved,
        changes.roles_changed,
        changes.reactivated,
        changes.deactivated,
        changes.problems,
    ];
    let items = counts
        .into_iter()
        .zip(t.counts)
        .map(|(count, label)| {
            view! {
                <li>
                    <strong>{count}</strong>
                    " "
                    {label}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 id="directory-changes-heading">{t.changes} " (" {time(changes.at)} ")"</h3>
        <ul id="directory-changes">
            {items}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_shown_at_the_field_they_name() {
        let t = texts(Lang::De);
        let invalid = |why: &str| AppError::InvalidInput(why.to_owned());
        let conflict = |why: &str| AppError::Conflict(why.to_owned());
        assert_eq!(
            field_error(&invalid("value: 1 to 255 characters"), t),
            Some(("value", t.error_value))
        );
        assert_eq!(
            field_error(&conflict("value: \"Amt 40\" already means a unit"), t),
            Some(("value", t.error_value_taken))
        );
        assert_eq!(
            field_error(&invalid("unit: no open unit"), t),
            Some(("unit", t.error_unit))
        );
        assert_eq!(
            field_error(&conflict("group: gives this role already"), t),
            Some(("group", t.error_group_taken))
        );
        assert_eq!(
            field_error(&invalid("role: cannot be given"), t),
            Some(("role", t.error_role))
        );
        // Not about a field: the whole form.
        assert_eq!(field_error(&conflict("rule: changed meanwhile"), t), None);
        assert_eq!(field_error(&AppError::Forbidden, t), None);
        assert_eq!(
            form_error_text(&conflict("rule: changed meanwhile"), Lang::En),
            EN.error_changed
        );
    }

    #[test]
    fn both_languages_say_every_outcome() {
        for lang in [Lang::De, Lang::En] {
            let t = texts(lang);
            assert!(
                t.outcomes
                    .iter()
                    .chain(t.counts.iter())
                    .all(|s| !s.is_empty())
            );
        }
    }
}
