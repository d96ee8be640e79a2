//! The import page of organisation and building administrators (`/admin/import`): choose a
//! file (the whole organisation as JSON, or its people or units as CSV; for building
//! administrators a building as JSON or CSV, "Gebäude"), check it, see what it would change,
//! then take it over ("Übernehmen"). The browser reads the file and sends its text; the server
//! checks it whole and answers the changes with their fingerprint, or every problem with its
//! line and field. Taking it over sends the same text with the fingerprint: when the changes
//! are no longer those shown (another file, or the organisation or building changed in
//! between), nothing is changed and the page says so. The kinds of file offered are those of
//! the administrator's roles.
//!
//! Everything works by keyboard: labelled fields, one button per step; the outcome of each step
//! is announced (`role="status"` for a preview and a success, `role="alert"` for problems and
//! errors), and the focus stays where it was.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::building_import::{ApplyBuildingImport, PreviewBuildingImport};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::LineError;
use crate::model::building_import::BuildingImportPlan;
use crate::model::org_import::{ImportAnswer, ImportChanges, ImportPlan};
use crate::org_import::{ApplyOrgImport, PreviewOrgImport};
use crate::shell::use_lang;

/// The import page's texts in one language.
#[derive(Debug)]
pub struct Texts {
    /// Heading and menu.
    pub title: &'static str,
    /// What the page does.
    pub intro: &'static str,
    /// Without JavaScript.
    pub needs_script: &'static str,
    /// Label: the file.
    pub file: &'static str,
    /// What files are read.
    pub file_hint: &'static str,
    /// Label: the kind of file.
    pub kind: &'static str,
    /// Kind: by the file's content.
    pub kind_auto: &'static str,
    /// Kind: the whole organisation.
    pub kind_json: &'static str,
    /// Kind: people.
    pub kind_people: &'static str,
    /// Kind: units.
    pub kind_units: &'static str,
    /// Kind: a building (JSON or CSV).
    pub kind_building: &'static str,
    /// What building administrators import.
    pub intro_building: &'static str,
    /// Label: the building a building file goes into.
    pub building: &'static str,
    /// The building the file names.
    pub building_named: &'static str,
    /// What the building choice does.
    pub building_hint: &'static str,
    /// Button: check the file.
    pub check: &'static str,
    /// Status: checking.
    pub checking: &'static str,
    /// No file chosen, or it cannot be read.
    pub no_file: &'static str,
    /// Heading of the problems.
    pub problems_heading: &'static str,
    /// The file has problems (after the count).
    pub problems_intro: &'static str,
    /// Column: line.
    pub col_line: &'static str,
    /// Column: field.
    pub col_field: &'static str,
    /// Column: problem.
    pub col_problem: &'static str,
    /// The file as a whole.
    pub whole_file: &'static str,
    /// Heading of the preview.
    pub preview_heading: &'static str,
    /// Status: the preview (before the counts).
    pub preview_status: &'static str,
    /// Counts: created, changed, removed, kept, unchanged.
    pub counts: [&'static str; 5],
    /// Caption of the changes table.
    pub changes_caption: &'static str,
    /// Column: what.
    pub col_kind: &'static str,
    /// The kinds, as the file's changes name them, and how the page says them.
    pub kinds: &'static [(&'static str, &'static str)],
    /// Nothing changes.
    pub nothing: &'static str,
    /// Changing roles needs a passkey confirmation.
    pub step_up: &'static str,
    /// Button: take it over.
    pub apply: &'static str,
    /// Status: taking it over.
    pub applying: &'static str,
    /// Status: taken over (before the counts).
    pub applied: &'static str,
    /// Link: to the people.
    pub to_people: &'static str,
    /// Link: to the buildings.
    pub to_buildings: &'static str,
}

static DE: Texts = Texts {
    title: "Import",
    intro: "Lesen Sie Einheiten und Personen Ihrer Organisation aus einer Datei ein: die ganze \
            Organisation als JSON (wie platzwahl export organisation sie schreibt) oder Personen \
            bzw. Einheiten als CSV. Die Datei wird zuerst ganz geprüft; Sie sehen, was sich \
            ändern würde, und übernehmen es dann. Es wird nie etwas gelöscht.",
    needs_script: "Diese Seite braucht JavaScript, um die Datei zu lesen. Ohne JavaScript: \
                   platzwahl import auf der Kommandozeile oder POST \
                   /api/v1/organisations/{slug}/import bzw. /api/v1/buildings/{slug}/import.",
    file: "Datei",
    file_hint: "JSON oder CSV in UTF-8, höchstens 16 MiB. Personen-CSV: \
                email,name,unit,roles,badges; Einheiten-CSV: unit,name,home_zones; \
                Gebäude-CSV: kind,level,slug,label,… (siehe README).",
    kind: "Art der Datei",
    kind_auto: "Nach dem Inhalt erkennen",
    kind_json: "Ganze Organisation (JSON)",
    kind_people: "Personen (CSV)",
    kind_units: "Einheiten (CSV)",
    kind_building: "Gebäude (JSON oder CSV)",
    intro_building: "Als Gebäudeverwaltung lesen Sie ein Gebäude aus einer Datei ein: JSON \
                     (wie platzwahl export building sie schreibt) oder CSV mit einer Zeile je \
                     Gebäude, Geschoss, Zone, Arbeitsplatz, Raum und Sensor. Was die Datei \
                     nicht nennt, bleibt, wie es ist.",
    building: "Gebäude",
    building_named: "Das Gebäude, das die Datei nennt (auch ein neues)",
    building_hint: "Nur für Gebäudedateien: Eine Datei eines anderen Gebäudes wird abgelehnt.",
    check: "Prüfen",
    checking: "Die Datei wird geprüft …",
    no_file: "Bitte wählen Sie eine Datei, die sich lesen lässt.",
    problems_heading: "Probleme der Datei",
    problems_intro: "Probleme; es wurde nichts geändert. Korrigieren Sie die Datei und prüfen \
                     Sie sie erneut.",
    col_line: "Zeile",
    col_field: "Feld",
    col_problem: "Problem",
    whole_file: "ganze Datei",
    preview_heading: "Vorschau",
    preview_status: "Vorschau, noch nichts geändert:",
    counts: ["neu", "geändert", "entfernt", "bleiben", "unverändert"],
    changes_caption: "Was sich ändern würde",
    col_kind: "Was",
    kinds: &[
        ("organisation", "Organisation"),
        ("granted zones", "Zugewiesene Zonen"),
        ("units", "Einheiten"),
        ("people", "Personen"),
        ("badges", "Ausweise"),
        ("deputies", "Vertretungen"),
        ("building", "Gebäude"),
        ("floors", "Geschosse"),
        ("zones", "Zonen"),
        ("neighbouring zones", "Benachbarte Zonen"),
        ("desks", "Arbeitsplätze"),
        ("rooms", "Räume"),
        ("sensors", "Sensoren"),
        ("walkways", "Wege"),
    ],
    nothing: "Die Datei ändert nichts.",
    step_up: "Die Datei ändert Rollen von Personen, die es schon gibt: Bestätigen Sie vor dem \
              Übernehmen mit Ihrem Passkey (auf der Seite einer Person oder Ihrem Konto).",
    apply: "Übernehmen",
    applying: "Wird übernommen …",
    applied: "Übernommen:",
    to_people: "Zu den Personen",
    to_buildings: "Zu den Gebäuden",
};

static EN: Texts = Texts {
    title: "Import",
    intro: "Read your organisation's units and people from a file: the whole organisation as \
            JSON (as platzwahl export organisation writes it), or people or units as CSV. The \
            file is checked whole first; you see what would change, then take it over. Nothing \
            is ever removed.",
    needs_script: "This page needs JavaScript to read the file. Without JavaScript: platzwahl \
                   import on the command line, or POST /api/v1/organisations/{slug}/import or \
                   /api/v1/buildings/{slug}/import.",
    file: "File",
    file_hint: "JSON or CSV in UTF-8, at most 16 MiB. People CSV: email,name,unit,roles,badges; \
                units CSV: unit,name,home_zones; building CSV: kind,level,slug,label,… (see the \
                README).",
    kind: "Kind of file",
    kind_auto: "Tell by its content",
    kind_json: "Whole organisation (JSON)",
    kind_people: "People (CSV)",
    kind_units: "Units (CSV)",
    kind_building: "Building (JSON or CSV)",
    intro_building: "As a building administrator, read a building from a file: JSON (as \
                     platzwahl export building writes it) or CSV with a row per building, \
                     floor, zone, desk, room and sensor. What the file does not name stays as \
                     it is.",
    building: "Building",
    building_named: "The building the file names (a new one too)",
    building_hint: "For building files only: a file of another building is refused.",
    check: "Check",
    checking: "Checking the file …",
    no_file: "Please choose a file that can be read.",
    problems_heading: "Problems of the file",
    problems_intro: "problems; nothing was changed. Correct the file and check it again.",
    col_line: "Line",
    col_field: "Field",
    col_problem: "Problem",
    whole_file: "whole file",
    preview_heading: "Preview",
    preview_status: "Preview, nothing changed yet:",
    counts: ["new", "changed", "removed", "kept", "unchanged"],
    changes_caption: "What would change",
    col_kind: "What",
    kinds: &[
        ("organisation", "Organisation"),
        ("granted zones", "Granted zones"),
        ("units", "Units"),
        ("people", "People"),
        ("badges", "Badges"),
        ("deputies", "Deputies"),
        ("building", "Building"),
        ("floors", "Floors"),
        ("zones", "Zones"),
        ("neighbouring zones", "Neighbouring zones"),
        ("desks", "Desks"),
        ("rooms", "Rooms"),
        ("sensors", "Sensors"),
        ("walkways", "Walkways"),
    ],
    nothing: "The file changes nothing.",
    step_up: "The file changes the roles of people already there: confirm with your passkey \
              (on a person's page or your account) before taking it over.",
    apply: "Take over",
    applying: "Taking it over …",
    applied: "Taken over:",
    to_people: "To the people",
    to_buildings: "To the buildings",
};

/// The import page's texts in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// Reads the file chosen in `input` as text and hands it to `done` (`None`: no file, or it
/// cannot be read).
#[cfg(feature = "hydrate")]
fn read_file(input: &web_sys::HtmlInputElement, done: impl FnOnce(Option<String>) + 'static) {
    use wasm_bindgen::JsCast;
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        done(None);
        return;
    };
    let Ok(reader) = web_sys::FileReader::new() else {
        done(None);
        return;
    };
    let result = reader.clone();
    let on_end = wasm_bindgen::closure::Closure::once_into_js(move || {
        done(result.result().ok().and_then(|text| text.as_string()));
    });
    reader.set_onloadend(Some(on_end.unchecked_ref()));
    if reader.read_as_text(&file).is_err() {
        reader.set_onloadend(None);
    }
}

/// A plan as the page shows it: an organisation's ([`ImportPlan`]) or a building's
/// ([`BuildingImportPlan`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    /// Created, changed, removed, kept, unchanged.
    totals: [u64; 5],
    /// The changes kind by kind.
    changes: Vec<ImportChanges>,
    /// The plan's fingerprint.
    plan: String,
    /// Applying needs a passkey confirmation.
    needs_step_up: bool,
}

impl Shown {
    fn nothing(&self) -> bool {
        self.totals[..3].iter().all(|n| *n == 0)
    }
}

impl From<ImportPlan> for Shown {
    fn from(plan: ImportPlan) -> Self {
        Self {
            totals: [
                plan.created,
                plan.changed,
                plan.removed,
                plan.kept,
                plan.unchanged,
            ],
            changes: plan.changes,
            plan: plan.plan,
            needs_step_up: plan.needs_step_up,
        }
    }
}

impl From<BuildingImportPlan> for Shown {
    fn from(plan: BuildingImportPlan) -> Self {
        Self {
            totals: [
                plan.created,
                plan.changed,
                plan.removed,
                plan.kept,
                plan.unchanged,
            ],
            changes: plan.changes,
            plan: plan.plan,
            needs_step_up: false,
        }
    }
}

/// The answer of a step, whichever import it was.
type Answer = Option<Result<ImportAnswer<Shown>, AppError>>;

/// `answer` of either import as the page shows it.
fn shown<P: Into<Shown>>(answer: Option<Result<ImportAnswer<P>, AppError>>) -> Answer {
    answer.map(|result| {
        result.map(|answer| match answer {
            ImportAnswer::Plan(plan) => ImportAnswer::Plan(plan.into()),
            ImportAnswer::Problems(problems) => ImportAnswer::Problems(problems),
        })
    })
}

/// The counts of a plan: "2 new, 1 changed, 0 removed, 5 kept, 3 unchanged".
fn counts(plan: &Shown, t: &Texts) -> String {
    plan.totals
        .iter()
        .zip(t.counts)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The kind of file of the select: a building's.
const BUILDING: &str = "building";

/// An error as a person reads it, with the reason for a conflict.
fn error_text(error: &AppError, lang: Lang) -> String {
    match error {
        AppError::InvalidInput(why) | AppError::Conflict(why) => {
            format!("{} ({why})", error.message(lang))
        }
        other => other.message(lang).to_owned(),
    }
}

/// Names, shortened to the first ten.
fn names(list: &[String]) -> String {
    let shown = list.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
    match list.len() {
        0 => "–".to_owned(),
        n if n > 10 => format!("{shown} … (+{})", n - 10),
        _ => shown,
    }
}

/// The caller's roles and, for a building administrator, the buildings (slug, name, site): what
/// the page offers to import.
async fn offered() -> Result<(Vec<String>, Vec<(String, String, Option<String>)>), AppError> {
    let roles = crate::account::current_person()
        .await?
        .map(|me| me.roles)
        .unwrap_or_default();
    let buildings = if roles.iter().any(|r| r == "building_admin") {
        crate::building_admin::get_building_list().await?
    } else {
        Vec::new()
    };
    Ok((roles, buildings))
}

/// `/admin/import`.
#[component]
pub fn AdminImportPage() -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let offer = Resource::new(|| (), |()| offered());
    let file_input = NodeRef::<leptos::html::Input>::new();
    // The kind chosen; `None`: the first the administrator's roles offer.
    let kind = RwSignal::new(None::<String>);
    // The building a building file goes into (empty: the one the file names).
    let building = RwSignal::new(String::new());
    // What the last check sent: the kind, the building and the text, which "Übernehmen"
    // sends again.
    let sent = RwSignal::new(None::<(String, String, String)>);
    let unreadable = RwSignal::new(false);
    let org_preview = ServerAction::<PreviewOrgImport>::new();
    let org_apply = ServerAction::<ApplyOrgImport>::new();
    let building_preview = ServerAction::<PreviewBuildingImport>::new();
    let building_apply = ServerAction::<ApplyBuildingImport>::new();

    let roles = move || {
        offer
            .get()
            .and_then(Result::ok)
            .map(|(roles, _)| roles)
            .unwrap_or_default()
    };
    let first_kind = move |roles: &[String]| {
        if roles.iter().any(|r| r == "building_admin") && !roles.iter().any(|r| r == "org_admin") {
            BUILDING.to_owned()
        } else {
            String::new()
        }
    };
    let chosen_kind = move || kind.get().unwrap_or_else(|| first_kind(&roles()));
    // Which import the page shows: that of the last check.
    let of_building = move || sent.with(|s| s.as_ref().is_some_and(|(k, _, _)| k == BUILDING));
    let previewed = move || -> Answer {
        if of_building() {
            shown(building_preview.value().get())
        } else {
            shown(org_preview.value().get())
        }
    };
    let taken_over = move || -> Answer {
        if of_building() {
            shown(building_apply.value().get())
        } else {
            shown(org_apply.value().get())
        }
    };
    let checking = move || org_preview.pending().get() || building_preview.pending().get();
    let applying = move || org_apply.pending().get() || building_apply.pending().get();

    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        unreadable.set(false);
        org_apply.value().set(None);
        building_apply.value().set(None);
        #[cfg(feature = "hydrate")]
        {
            if let Some(input) = file_input.get_untracked() {
                let chosen = kind
                    .get_untracked()
                    .unwrap_or_else(|| untrack(|| first_kind(&roles())));
                let into = building.get_untracked();
                read_file(&input, move |text| match text {
                    Some(content) => {
                        sent.set(Some((chosen.clone(), into.clone(), content.clone())));
                        if chosen == BUILDING {
                            building_preview.dispatch(PreviewBuildingImport {
                                building: into,
                                content,
                            });
                        } else {
                            org_preview.dispatch(PreviewOrgImport {
                                kind: chosen,
                                content,
                            });
                        }
                    }
                    None => {
                        sent.set(None);
                        org_preview.value().set(None);
                        building_preview.value().set(None);
                        unreadable.set(true);
                    }
                });
            }
        }
    };
    let take_over = move |_: leptos::ev::MouseEvent| {
        let Some((kind, into, content)) = sent.get_untracked() else {
            return;
        };
        let Some(Ok(ImportAnswer::Plan(plan))) = previewed() else {
            return;
        };
        if kind == BUILDING {
            building_apply.dispatch(ApplyBuildingImport {
                building: into,
                content,
                plan: plan.plan,
            });
        } else {
            org_apply.dispatch(ApplyOrgImport {
                kind,
                content,
                plan: plan.plan,
            });
        }
    };

    let status = move || {
        if checking() {
            t.checking.to_owned()
        } else if applying() {
            t.applying.to_owned()
        } else if let Some(Ok(ImportAnswer::Plan(plan))) = taken_over() {
            format!("{} {}.", t.applied, counts(&plan, t))
        } else if let Some(Ok(ImportAnswer::Plan(plan))) = previewed() {
            if plan.nothing() {
                t.nothing.to_owned()
            } else {
                format!("{} {}.", t.preview_status, counts(&plan, t))
            }
        } else {
            String::new()
        }
    };
    let alert = move || {
        if unreadable.get() {
            return Some(t.no_file.to_owned());
        }
        match taken_over() {
            Some(Err(error)) => return Some(error_text(&error, lang)),
            Some(Ok(ImportAnswer::Problems(problems))) => {
                return Some(format!("{} {}", problems.len(), t.problems_intro));
            }
            _ => {}
        }
        match previewed() {
            Some(Err(error)) => Some(error_text(&error, lang)),
            Some(Ok(ImportAnswer::Problems(problems))) => {
                Some(format!("{} {}", problems.len(), t.problems_intro))
            }
            _ => None,
        }
    };
    let problems = move || {
        let from_apply = match taken_over() {
            Some(Ok(ImportAnswer::Problems(problems))) => Some(problems),
            _ => None,
        };
        let problems = from_apply.or_else(|| match previewed() {
            Some(Ok(ImportAnswer::Problems(problems))) => Some(problems),
            _ => None,
        })?;
        Some(view! { <ProblemTable problems t /> })
    };
    let applied = move || matches!(taken_over(), Some(Ok(ImportAnswer::Plan(_))));
    let plan = move || match previewed() {
        Some(Ok(ImportAnswer::Plan(plan))) if !applied() => Some(plan),
        _ => None,
    };

    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                let (roles, list) = offer.await.unwrap_or_default();
                let builds = roles.iter().any(|r| r == "building_admin");
                // Somebody with neither role sees the organisation's kinds (and is refused).
                let org = roles.iter().any(|r| r == "org_admin") || !builds;
                view! {
                    {org.then(|| view! { <p>{t.intro}</p> })}
                    {builds.then(|| view! { <p id="import-intro-building">{t.intro_building}</p> })}
                    <noscript>
                        <p class="note">{t.needs_script}</p>
                    </noscript>
                    <form id="import-form" class="stacked-form" on:submit=check>
                        <p class="field">
                            <label for="import-file">{t.file}</label>
                            <input
                                id="import-file"
                                name="file"
                                type="file"
                                accept=".json,.csv,application/json,text/csv"
                                required
                                aria-describedby="import-file-hint"
                                node_ref=file_input
                            />
                            <span id="import-file-hint" class="hint">
                                {t.file_hint}
                            </span>
                        </p>
                        <p class="field">
                            <label for="import-kind">{t.kind}</label>
                            <select
                                id="import-kind"
                                name="kind"
                                on:change=move |ev| kind.set(Some(event_target_value(&ev)))
                            >
                                {org
                                    .then(|| {
                                        [
                                            ("", t.kind_auto),
                                            ("json", t.kind_json),
                                            ("people", t.kind_people),
                                            ("units", t.kind_units),
                                        ]
                                            .into_iter()
                                            .map(|(value, label)| {
                                                view! {
                                                    <option
                                                        value=value
                                                        selected=move || chosen_kind() == value
                                                    >
                                                        {label}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })}
                                {builds
                                    .then(|| {
                                        view! {
                                            <option
                                                value=BUILDING
                                                selected=move || chosen_kind() == BUILDING
                                            >
                                                {t.kind_building}
                                            </option>
                                        }
                                    })}
                            </select>
                        </p>
                        {builds
                            .then(|| {
                                view! {
                                    <p class="field" hidden=move || chosen_kind() != BUILDING>
                                        <label for="import-building">{t.building}</label>
                                        <select
                                            id="import-building"
                                            name="building"
                                            aria-describedby="import-building-hint"
                                            on:change=move |ev| building.set(event_target_value(&ev))
                                        >
                                            <option value="">{t.building_named}</option>
                                            {list
                                                .into_iter()
                                                .map(|(slug, name, _)| {
                                                    view! { <option value=slug>{name}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                        <span id="import-building-hint" class="hint">
                                            {t.building_hint}
                                        </span>
                                    </p>
                                }
                            })}
                        <button type="submit" id="import-check">
                            {t.check}
                        </button>
                    </form>
                }
            })}
        </Suspense>
        <p id="import-status" role="status" aria-live="polite">
            {status}
        </p>
        <div id="import-alert" role="alert">
            {move || alert().map(|text| view! { <p class="error">{text}</p> })}
        </div>
        {problems}
        {move || {
            plan()
                .map(|plan| {
                    let nothing = plan.nothing();
                    let changes = plan.changes;
                    view! {
                        <section aria-labelledby="import-preview-heading" id="import-preview">
                            <h2 id="import-preview-heading">{t.preview_heading}</h2>
                            <ChangesTable changes t />
                            {plan.needs_step_up.then(|| view! { <p class="note">{t.step_up}</p> })}
                            {(!nothing)
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            id="import-apply"
                                            on:click=take_over
                                            disabled=applying
                                        >
                                            {t.apply}
                                        </button>
                                    }
                                })}
                        </section>
                    }
                })
        }}
        {move || {
            applied()
                .then(|| {
                    let (href, label) = if of_building() {
                        ("/admin/buildings", t.to_buildings)
                    } else {
                        ("/admin/people", t.to_people)
                    };
                    view! {
                        <p>
                            <a href=href id="import-to-people">
                                {label}
                            </a>
                        </p>
                    }
                })
        }}
    }
}

/// Every problem of a file: line, field, what is wrong.
#[component]
fn ProblemTable(problems: Vec<LineError>, t: &'static Texts) -> impl IntoView {
    let rows = problems
        .into_iter()
        .map(|p| {
            let line = if p.line == 0 {
                t.whole_file.to_owned()
            } else {
                p.line.to_string()
            };
            view! {
                <tr>
                    <td>{line}</td>
                    <td>{p.field}</td>
                    <td>{p.message}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="import-problems-heading" id="import-problems">
            <h2 id="import-problems-heading">{t.problems_heading}</h2>
            <table>
                <caption class="visually-hidden">{t.problems_heading}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.col_line}</th>
                        <th scope="col">{t.col_field}</th>
                        <th scope="col">{t.col_problem}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// What a plan changes, kind by kind.
#[component]
fn ChangesTable(changes: Vec<ImportChanges>, t: &'static Texts) -> impl IntoView {
    let rows = changes
        .into_iter()
        .map(|c| {
            let kind = t
                .kinds
                .iter()
                .find(|(code, _)| *code == c.kind)
                .map_or_else(|| c.kind.clone(), |(_, label)| (*label).to_owned());
            view! {
                <tr>
                    <th scope="row">{kind}</th>
                    <td>{names(&c.created)}</td>
                    <td>{names(&c.changed)}</td>
                    <td>{names(&c.removed)}</td>
                    <td>{c.kept.len()}</td>
                    <td>{c.unchanged}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="import-changes">
            <caption>{t.changes_caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.col_kind}</th>
                    {t
                        .counts
                        .iter()
                        .map(|what| view! { <th scope="col">{*what}</th> })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
