//! The building-wide booking policies (`/admin/policies`), for building administrators: the
//! default for every building and each building's own policy — days ahead, bookings per
//! week, half days, when desks outside the home zones open, the check-in grace and the
//! automatic release of no-shows. Each has a form to set it and, where one is stored, a
//! button to remove it; what applies now, and where it comes from, is said above each form.
//!
//! Every form works without a pointer: labelled fields in a fieldset with a legend, and the
//! outcome of a form shown inside it (errors as alerts that the fields name through
//! `aria-describedby`, with `aria-invalid`). A transition, not a suspense, keeps the page (the
//! outcome and the keyboard focus) while the policies are read again after a form was sent.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::policies::{BuildingPolicy, BuildingPolicyView, PoliciesOverview, PolicyOrigin};
use crate::model::units::UnitOverflow;
use crate::pages::{ErrorNotice, Loading};
use crate::policies_admin::{RemoveBuildingPolicy, SaveBuildingPolicy, get_policies_admin};
use crate::shell::use_lang;

/// The page's texts in one language.
#[derive(Debug)]
pub struct Texts {
    /// Heading and menu.
    pub title: &'static str,
    /// What the page does.
    pub intro: &'static str,
    /// Heading of the default.
    pub default_heading: &'static str,
    /// What the default is for.
    pub default_hint: &'static str,
    /// What a building's own policy is for.
    pub building_hint: &'static str,
    /// Before the summary of what applies.
    pub applies: &'static str,
    /// Where it comes from, by [`PolicyOrigin`]: the building's own, the default, built in.
    pub origins: [&'static str; 3],
    /// The legend of a form.
    pub legend: &'static str,
    /// Field: days ahead.
    pub max_days_ahead: &'static str,
    /// Field: bookings per week.
    pub max_per_week: &'static str,
    /// Hint of the bookings per week.
    pub per_week_hint: &'static str,
    /// Check box: half days.
    pub half_days: &'static str,
    /// Field: overflow.
    pub overflow: &'static str,
    /// The overflow choices, in the order of [`UnitOverflow::ALL`].
    pub overflow_labels: [&'static str; 3],
    /// Field: check-in grace.
    pub grace: &'static str,
    /// Field: automatic release.
    pub release: &'static str,
    /// The release choices: off, by sensor, also without a sensor.
    pub release_labels: [&'static str; 3],
    /// Button: save.
    pub save: &'static str,
    /// Button: remove.
    pub remove: &'static str,
    /// Status: saved.
    pub saved: &'static str,
    /// Status: removed.
    pub removed: &'static str,
    /// Summary: days ahead.
    pub days_ahead: &'static str,
    /// Summary: no weekly limit.
    pub no_limit: &'static str,
    /// Summary: per week.
    pub per_week: &'static str,
    /// Summary: half days allowed, not allowed.
    pub half_days_yes_no: [&'static str; 2],
    /// Summary: minutes' grace.
    pub grace_minutes: &'static str,
}

/// The texts in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Texts = Texts {
    title: "Buchungsregeln",
    intro: "Die Regeln, die in einem Gebäude gelten, wo keine Organisation, Einheit oder Zone eigene hat: wie weit im Voraus gebucht werden darf, wie oft pro Woche, ob halbe Tage gehen, wann Plätze außerhalb der Heimatzonen frei werden, wie lange nach Beginn eingecheckt werden muss und ob nicht genutzte Plätze automatisch freigegeben werden. Eine Regel des Gebäudes geht der Voreinstellung für alle Gebäude vor; Änderungen gelten für Buchungen nach wenigen Sekunden.",
    default_heading: "Alle Gebäude (Voreinstellung)",
    default_hint: "Gilt in jedem Gebäude ohne eigene Regel.",
    building_hint: "Eigene Regel dieses Gebäudes; ohne sie gilt die Voreinstellung für alle Gebäude.",
    applies: "Es gilt:",
    origins: [
        "eigene Regel des Gebäudes",
        "Voreinstellung für alle Gebäude",
        "eingebaute Voreinstellung, nichts gespeichert",
    ],
    legend: "Regel festlegen",
    max_days_ahead: "Tage im Voraus (0 bis 365)",
    max_per_week: "Buchungen pro Woche (0 bis 14)",
    per_week_hint: "Leer lassen: keine Grenze.",
    half_days: "Halbe Tage (Vormittag, Nachmittag) buchbar",
    overflow: "Plätze außerhalb der Heimatzonen",
    overflow_labels: ["nie", "ab 14 Uhr am Vortag", "am selben Tag"],
    grace: "Minuten bis zum Einchecken (0 bis 240)",
    release: "Automatische Freigabe nicht genutzter Plätze",
    release_labels: [
        "nie",
        "wenn der Sensor den Platz leer zeigt",
        "auch Plätze ohne Sensor, nach Zeit",
    ],
    save: "Regel speichern",
    remove: "Eigene Regel entfernen",
    saved: "Gespeichert.",
    removed: "Entfernt.",
    days_ahead: "Tage im Voraus",
    no_limit: "keine Grenze",
    per_week: "pro Woche",
    half_days_yes_no: ["halbe Tage erlaubt", "nur ganze Tage"],
    grace_minutes: "Minuten bis zum Einchecken",
};

static EN: Texts = Texts {
    title: "Booking policies",
    intro: "The rules that apply in a building where no organisation, unit or zone has rules of its own: how far ahead people may book, how often a week, whether half days may be booked, when desks outside the home zones open, how long after the start people must check in, and whether unused desks are released automatically. A building's own policy wins over the default for every building; changes apply to bookings within seconds.",
    default_heading: "Every building (default)",
    default_hint: "Applies in every building without a policy of its own.",
    building_hint: "This building's own policy; without it the default for every building applies.",
    applies: "Applies now:",
    origins: [
        "the building's own policy",
        "the default for every building",
        "built-in default, nothing stored",
    ],
    legend: "Set the policy",
    max_days_ahead: "Days ahead (0 to 365)",
    max_per_week: "Bookings per week (0 to 14)",
    per_week_hint: "Leave empty: no limit.",
    half_days: "Half days (morning, afternoon) may be booked",
    overflow: "Desks outside the home zones",
    overflow_labels: ["never", "from 2 pm the day before", "on the day"],
    grace: "Minutes to check in (0 to 240)",
    release: "Automatic release of unused desks",
    release_labels: [
        "never",
        "when the sensor shows the desk empty",
        "desks without a sensor too, by time",
    ],
    save: "Save policy",
    remove: "Remove own policy",
    saved: "Saved.",
    removed: "Removed.",
    days_ahead: "days ahead",
    no_limit: "no limit",
    per_week: "a week",
    half_days_yes_no: ["half days allowed", "full days only"],
    grace_minutes: "minutes to check in",
};

/// The menu's name of the page.
pub fn menu_title(lang: Lang) -> &'static str {
    texts(lang).title
}

/// Which form was sent last (by the building's short name; empty: the default).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Which {
    Save(String),
    Remove(String),
}

/// The page's actions and the form sent last.
#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SaveBuildingPolicy>,
    remove: ServerAction<RemoveBuildingPolicy>,
    last: RwSignal<Option<Which>>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            save: ServerAction::new(),
            remove: ServerAction::new(),
            last: RwSignal::new(None),
        }
    }

    /// Notes the form each action was sent from as the form sent last.
    fn track(self) {
        let last = self.last;
        Effect::new(move || {
            let sent = self
                .save
                .input()
                .get()
                .map(|i| Which::Save(i.building))
                .or_else(|| self.remove.input().get().map(|i| Which::Remove(i.building)));
            if let Some(which) = sent {
                last.set(Some(which));
            }
        });
    }

    /// The outcome of the forms of `key` if one of them was sent last: what to say, or the
    /// error.
    fn outcome(&self, key: &str, t: &'static Texts) -> Option<Result<String, AppError>> {
        match self.last.get()? {
            Which::Save(sent) if sent == key && !self.save.pending().get() => self
                .save
                .value()
                .get()
                .map(|r| r.map(|_| t.saved.to_owned())),
            Which::Remove(sent) if sent == key && !self.remove.pending().get() => self
                .remove
                .value()
                .get()
                .map(|r| r.map(|_| t.removed.to_owned())),
            _ => None,
        }
    }

    fn failed(&self, key: &str, t: &'static Texts) -> bool {
        matches!(self.outcome(key, t), Some(Err(_)))
    }
}

/// An error as a person reads it, with the service's reason for refused input.
fn error_text(error: &AppError, lang: Lang) -> String {
    match error {
        AppError::InvalidInput(why) | AppError::OutOfRange(why) | AppError::Conflict(why) => {
            format!("{} ({why})", error.message(lang))
        }
        other => other.message(lang).to_owned(),
    }
}

/// A policy in words.
fn summary(p: &BuildingPolicy, t: &Texts) -> String {
    let per_week = p
        .max_bookings_per_week
        .map_or_else(|| t.no_limit.to_owned(), |n| format!("{n} {}", t.per_week));
    let overflow = UnitOverflow::ALL
        .iter()
        .position(|o| *o == p.overflow)
        .map_or("", |i| t.overflow_labels[i]);
    format!(
        "{} {}; {}; {}; {}: {}; {} {}; {}: {}",
        p.max_days_ahead,
        t.days_ahead,
        per_week,
        t.half_days_yes_no[usize::from(!p.half_days_allowed)],
        t.overflow,
        overflow,
        p.checkin_grace_min,
        t.grace_minutes,
        t.release,
        t.release_labels[release_index(p)],
    )
}

/// The release choice of `p`: 0 off, 1 by sensor, 2 also without a sensor.
fn release_index(p: &BuildingPolicy) -> usize {
    match (p.auto_release, p.release_without_sensor) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    }
}

/// `/admin/policies`.
#[component]
pub fn AdminPoliciesPage() -> impl IntoView {
    let t = texts(use_lang());
    let actions = Actions::new();
    actions.track();
    let overview = Resource::new(
        move || (actions.save.version().get(), actions.remove.version().get()),
        |_| get_policies_admin(),
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        // A transition, not a suspense: while the policies are read again after a form was
        // sent, the page stays as it was (the outcome and the keyboard focus stay put).
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

#[component]
fn Overview(overview: PoliciesOverview, actions: Actions) -> impl IntoView {
    let buildings = overview
        .buildings
        .into_iter()
        .map(|policy| view! { <Scope policy actions /> })
        .collect_view();
    view! {
        <Scope policy=overview.default actions />
        {buildings}
    }
}

/// One scope: the default (no building) or a building.
#[component]
fn Scope(policy: BuildingPolicyView, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let key = policy.building.clone().unwrap_or_default();
    let id = if key.is_empty() {
        "default".to_owned()
    } else {
        key.clone()
    };
    let heading = policy
        .name
        .clone()
        .unwrap_or_else(|| t.default_heading.to_owned());
    let hint = if policy.building.is_some() {
        t.building_hint
    } else {
        t.default_hint
    };
    let origin = match policy.origin {
        PolicyOrigin::Building => t.origins[0],
        PolicyOrigin::Default => t.origins[1],
        PolicyOrigin::BuiltIn => t.origins[2],
    };
    let shown = policy.own.unwrap_or(policy.applies);
    let heading_id = format!("policy-{id}-heading");
    let hint_id = format!("policy-{id}-hint");
    let outcome_id = format!("policy-{id}-outcome");
    let failed = {
        let key = key.clone();
        move || actions.failed(&key, t)
    };
    let described = {
        let (hint_id, outcome_id, failed) = (hint_id.clone(), outcome_id.clone(), failed.clone());
        move || {
            if failed() {
                format!("{hint_id} {outcome_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let week_described = {
        let described = described.clone();
        let week_hint = format!("policy-{id}-week-hint");
        move || format!("{week_hint} {}", described())
    };
    let invalid = {
        let failed = failed.clone();
        move || failed().then_some("true")
    };
    let outcome = {
        let (key, outcome_id) = (key.clone(), outcome_id.clone());
        move || {
            actions.outcome(&key, t).map(|result| match result {
                Ok(message) => view! {
                    <p role="status" class="notice" id=outcome_id.clone()>
                        {message}
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <p role="alert" class="error" id=outcome_id.clone()>
                        {error_text(&error, lang)}
                    </p>
                }
                .into_any(),
            })
        }
    };
    let overflow_options = UnitOverflow::ALL
        .iter()
        .zip(t.overflow_labels)
        .map(|(o, label)| {
            view! {
                <option value=o.code() selected={*o == shown.overflow}>
                    {label}
                </option>
            }
        })
        .collect_view();
    let release_options = ["off", "sensor", "always"]
        .into_iter()
        .zip(t.release_labels)
        .enumerate()
        .map(|(at, (code, label))| {
            view! {
                <option value=code selected={at == release_index(&shown)}>
                    {label}
                </option>
            }
        })
        .collect_view();
    let remove = policy.own.is_some().then(|| {
        let (key, label) = (key.clone(), heading.clone());
        let button = format!("policy-{id}-remove");
        view! {
            <ActionForm action=actions.remove attr:class="inline-form">
                <input type="hidden" name="building" value=key />
                <button type="submit" id=button>
                    {t.remove}
                    <span class="visually-hidden">": " {label}</span>
                </button>
            </ActionForm>
        }
    });
    let field = |name: &str| format!("policy-{id}-{name}");
    let (days, week, week_hint, overflow, grace, release, save) = (
        field("days"),
        field("week"),
        field("week-hint"),
        field("overflow"),
        field("grace"),
        field("release"),
        field("save"),
    );
    let legend = format!("{}: {heading}", t.legend);
    let applies = format!("{} {} ({origin})", t.applies, summary(&policy.applies, t));
    let form = view! {
        <ActionForm action=actions.save attr:class="admin-form">
            <fieldset>
                <legend>{legend}</legend>
                <input type="hidden" name="building" value=key />
                <label for=days.clone()>{t.max_days_ahead}</label>
                <input
                    id=days
                    name="max_days_ahead"
                    type="number"
                    min="0"
                    max="365"
                    required
                    value=shown.max_days_ahead
                    aria-invalid=invalid.clone()
                    aria-describedby=described.clone()
                />
                <label for=week.clone()>{t.max_per_week}</label>
                <input
                    id=week
                    name="max_bookings_per_week"
                    type="number"
                    min="0"
                    max="14"
                    value=shown.max_bookings_per_week.map(|n| n.to_string()).unwrap_or_default()
                    aria-invalid=invalid.clone()
                    aria-describedby=week_described
                />
                <p id=week_hint>{t.per_week_hint}</p>
                <label class="check">
                    <input
                        type="checkbox"
                        name="half_days_allowed"
                        value="on"
                        checked=shown.half_days_allowed
                    />
                    {t.half_days}
                </label>
                <label for=overflow.clone()>{t.overflow}</label>
                <select id=overflow name="overflow" aria-describedby=described.clone()>
                    {overflow_options}
                </select>
                <label for=grace.clone()>{t.grace}</label>
                <input
                    id=grace
                    name="checkin_grace_min"
                    type="number"
                    min="0"
                    max="240"
                    required
                    value=shown.checkin_grace_min
                    aria-invalid=invalid.clone()
                    aria-describedby=described.clone()
                />
                <label for=release.clone()>{t.release}</label>
                <select id=release name="release" aria-describedby=described.clone()>
                    {release_options}
                </select>
                <button type="submit" id=save>
                    {t.save}
                </button>
                {outcome}
            </fieldset>
        </ActionForm>
    };
    let labelled_by = heading_id.clone();
    let applies_id = format!("policy-{id}-applies");
    view! {
        <section aria-labelledby=labelled_by class="admin-policy" data-policy=id>
            <h2 id=heading_id>{heading}</h2>
            <p id=hint_id>{hint}</p>
            <p id=applies_id>{applies}</p>
            {form}
            {remove}
        </section>
    }
}
