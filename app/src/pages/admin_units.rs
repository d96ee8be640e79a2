//! The units of an organisation (`/admin/units`), for its administrators: the units with
//! their people count, home zones, booking policy and state; per open unit forms to rename
//! it, set its home zones in order of preference (only zones given to the organisation), set
//! or remove its own booking policy, merge it into another unit and close it; a form for a
//! new unit; and the deputies of the organisation's counsellors.
//!
//! Every form works without a pointer: labelled fields, fieldsets with legends, and the
//! outcome of a form shown inside it (errors as alerts that the fields name through
//! `aria-describedby`, with `aria-invalid`). States are words, never colours alone.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::units_admin::UnitsAdminTexts;
use crate::model::units::{
    AdminUnit, CounsellorDeputies, GivenZone, UnitOverflow, UnitPolicy, UnitsOverview,
};
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;
use crate::units_admin::{
    AddDeputy, CloseUnit, CreateUnit, MergeUnit, RemoveDeputy, RemoveUnitPolicy, RenameUnit,
    SetUnitHomeZones, SetUnitPolicy, get_units_admin,
};

/// Which form was sent last: its outcome is shown in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Create,
    Rename(i32),
    Zones(i32),
    Policy(i32),
    Unpolicy(i32),
    Merge(i32),
    Close(i32),
    AddDeputy(i32),
    RemoveDeputy(i32),
}

/// The page's actions and the form sent last.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateUnit>,
    rename: ServerAction<RenameUnit>,
    zones: ServerAction<SetUnitHomeZones>,
    policy: ServerAction<SetUnitPolicy>,
    unpolicy: ServerAction<RemoveUnitPolicy>,
    merge: ServerAction<MergeUnit>,
    close: ServerAction<CloseUnit>,
    add: ServerAction<AddDeputy>,
    remove: ServerAction<RemoveDeputy>,
    last: RwSignal<Option<Which>>,
}

/// `Some` outcome of an action: `saved` on success.
fn saved<T>(
    value: Option<Result<T, AppError>>,
    message: &'static str,
) -> Option<Result<String, AppError>> {
    value.map(|result| result.map(|_| message.to_owned()))
}

impl Actions {
    fn new() -> Self {
        Actions {
            create: ServerAction::new(),
            rename: ServerAction::new(),
            zones: ServerAction::new(),
            policy: ServerAction::new(),
            unpolicy: ServerAction::new(),
            merge: ServerAction::new(),
            close: ServerAction::new(),
            add: ServerAction::new(),
            remove: ServerAction::new(),
            last: RwSignal::new(None),
        }
    }

    /// Notes the form each action was sent from (its input names the unit or counsellor) as
    /// the form sent last. The forms are built again whenever the overview is read, so the
    /// form is told by what was sent, never by a handler of the form.
    fn track(self) {
        let last = self.last;
        Effect::new(move || {
            let sent = [
                self.create.input().get().map(|_| Which::Create),
                self.rename.input().get().map(|i| Which::Rename(i.id)),
                self.zones.input().get().map(|i| Which::Zones(i.id)),
                self.policy.input().get().map(|i| Which::Policy(i.id)),
                self.unpolicy.input().get().map(|i| Which::Unpolicy(i.id)),
                self.merge.input().get().map(|i| Which::Merge(i.id)),
                self.close.input().get().map(|i| Which::Close(i.id)),
                self.add
                    .input()
                    .get()
                    .map(|i| Which::AddDeputy(i.counsellor)),
                self.remove
                    .input()
                    .get()
                    .map(|i| Which::RemoveDeputy(i.counsellor)),
            ];
            if let Some(which) = sent.into_iter().flatten().next() {
                last.set(Some(which));
            }
        });
    }

    /// Whether the action of form `which` is still under way.
    fn pending(&self, which: Which) -> bool {
        match which {
            Which::Create => self.create.pending().get(),
            Which::Rename(_) => self.rename.pending().get(),
            Which::Zones(_) => self.zones.pending().get(),
            Which::Policy(_) => self.policy.pending().get(),
            Which::Unpolicy(_) => self.unpolicy.pending().get(),
            Which::Merge(_) => self.merge.pending().get(),
            Which::Close(_) => self.close.pending().get(),
            Which::AddDeputy(_) => self.add.pending().get(),
            Which::RemoveDeputy(_) => self.remove.pending().get(),
        }
    }

    /// A change of any action: the overview is read again.
    fn versions(&self) -> [usize; 9] {
        [
            self.create.version().get(),
            self.rename.version().get(),
            self.zones.version().get(),
            self.policy.version().get(),
            self.unpolicy.version().get(),
            self.merge.version().get(),
            self.close.version().get(),
            self.add.version().get(),
            self.remove.version().get(),
        ]
    }

    /// The outcome of form `which` if it was sent last: what to say, or the error.
    fn outcome(
        &self,
        which: Which,
        t: &'static UnitsAdminTexts,
    ) -> Option<Result<String, AppError>> {
        if self.last.get() != Some(which) || self.pending(which) {
            return None;
        }
        match which {
            Which::Create => saved(self.create.value().get(), t.saved),
            Which::Rename(_) => saved(self.rename.value().get(), t.saved),
            Which::Zones(_) => saved(self.zones.value().get(), t.saved),
            Which::Policy(_) => saved(self.policy.value().get(), t.saved),
            Which::Unpolicy(_) => saved(self.unpolicy.value().get(), t.saved),
            Which::Close(_) => saved(self.close.value().get(), t.saved),
            Which::AddDeputy(_) => saved(self.add.value().get(), t.saved),
            Which::RemoveDeputy(_) => saved(self.remove.value().get(), t.saved),
            Which::Merge(_) => self.merge.value().get().map(|result| {
                result.map(|m| {
                    format!(
                        "{} {} {}, {} {}.",
                        t.merged, m.people_moved, t.people_moved, m.zones_added, t.zones_added
                    )
                })
            }),
        }
    }

    /// Whether form `which` (or `also`) was sent last and failed.
    fn failed(&self, which: Which, also: Option<Which>, t: &'static UnitsAdminTexts) -> bool {
        [Some(which), also]
            .into_iter()
            .flatten()
            .any(|w| matches!(self.outcome(w, t), Some(Err(_))))
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

/// The ids a field names for its description: `hint`, and `error` while its form's last
/// sending failed.
fn described_by(failed: bool, hint: Option<&str>, error: &str) -> Option<String> {
    let ids: Vec<&str> = hint.into_iter().chain(failed.then_some(error)).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The outcome of form `which` (or `also`), inside the form, under the id `id`.
#[component]
fn Outcome(
    actions: Actions,
    which: Which,
    #[prop(optional)] also: Option<Which>,
    id: String,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().units_admin;
    move || {
        actions
            .outcome(which, t)
            .or_else(|| also.and_then(|w| actions.outcome(w, t)))
            .map(|result| match result {
                Ok(message) => {
                    view! { <p role="status" class="notice" id=id.clone()>{message}</p> }.into_any()
                }
                Err(error) => view! {
                    <p role="alert" class="error" id=id.clone()>
                        {error_text(&error, lang)}
                    </p>
                }
                .into_any(),
            })
    }
}

/// `/admin/units`.
#[component]
pub fn AdminUnitsPage() -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let actions = Actions::new();
    actions.track();
    let overview = Resource::new(move || actions.versions(), |_| get_units_admin());
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        // A transition, not a suspense: while the units are read again after a form was
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

fn zone_label(zone: &GivenZone, t: &UnitsAdminTexts) -> String {
    format!("{} ({} {})", zone.name, t.level, zone.level)
}

fn policy_text(policy: Option<&UnitPolicy>, t: &UnitsAdminTexts) -> String {
    let Some(p) = policy else {
        return t.inherited.to_owned();
    };
    let per_week = p
        .max_bookings_per_week
        .map_or_else(|| t.no_limit.to_owned(), |n| n.to_string());
    let overflow = UnitOverflow::ALL
        .iter()
        .position(|o| *o == p.overflow)
        .map_or("", |i| t.overflow_labels[i]);
    format!(
        "{} {}; {} {}; {}; {}",
        p.max_days_ahead,
        t.days_ahead,
        per_week,
        t.per_week,
        if p.half_days_allowed {
            t.half_days_yes
        } else {
            t.half_days_no
        },
        overflow
    )
}

#[component]
fn Overview(overview: UnitsOverview, actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let rows = overview
        .units
        .iter()
        .map(|u| {
            let zones = if u.home_zones.is_empty() {
                t.none.to_owned()
            } else {
                u.home_zones
                    .iter()
                    .map(|z| format!("{}. {}", z.priority, z.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            view! {
                <tr data-unit=u.id>
                    <th scope="row">{u.name.clone()}</th>
                    <td>{u.slug.clone()}</td>
                    <td>{u.people}</td>
                    <td>{zones}</td>
                    <td>{policy_text(u.policy.as_ref(), t)}</td>
                    <td>{if u.closed { t.closed } else { t.open }}</td>
                </tr>
            }
        })
        .collect_view();
    let open_units: Vec<(i32, String)> = overview
        .units
        .iter()
        .filter(|u| !u.closed)
        .map(|u| (u.id, u.name.clone()))
        .collect();
    let cards = overview
        .units
        .iter()
        .filter(|u| !u.closed)
        .map(|u| {
            let others: Vec<(i32, String)> = open_units
                .iter()
                .filter(|(id, _)| *id != u.id)
                .cloned()
                .collect();
            view! { <UnitCard unit=u.clone() zones=overview.zones.clone() others actions /> }
        })
        .collect_view();
    let deputies = if overview.counsellors.is_empty() {
        view! { <p>{t.no_counsellors}</p> }.into_any()
    } else {
        let all: Vec<(i32, String)> = overview
            .counsellors
            .iter()
            .map(|c| (c.counsellor.id, c.counsellor.display_name.clone()))
            .collect();
        overview
            .counsellors
            .into_iter()
            .map(|c| view! { <Deputies entry=c counsellors=all.clone() actions /> })
            .collect_view()
            .into_any()
    };
    view! {
        <section aria-labelledby="units-heading">
            <h2 id="units-heading">{t.units_heading}</h2>
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="units-caption">
                <table id="units">
                    <caption id="units-caption">{t.table_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.col_name}</th>
                            <th scope="col">{t.col_slug}</th>
                            <th scope="col">{t.col_people}</th>
                            <th scope="col">{t.col_home_zones}</th>
                            <th scope="col">{t.col_policy}</th>
                            <th scope="col">{t.col_state}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {cards}
        </section>
        <CreateForm actions />
        <section aria-labelledby="deputies-heading">
            <h2 id="deputies-heading">{t.deputies_heading}</h2>
            <p>{t.deputies_intro}</p>
            {deputies}
        </section>
    }
}

#[component]
fn CreateForm(actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let which = Which::Create;
    let failed = move || actions.failed(which, None, t);
    view! {
        <section aria-labelledby="create-unit-heading">
            <h2 id="create-unit-heading">{t.create_heading}</h2>
            <ActionForm
                action=actions.create
                attr:class="admin-form"
                attr:id="create-unit"
            >
                <label for="new-unit-slug">{t.slug}</label>
                <input
                    id="new-unit-slug"
                    name="slug"
                    type="text"
                    required
                    maxlength="60"
                    pattern="[a-z0-9][a-z0-9\\-]*"
                    autocomplete="off"
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=move || described_by(failed(), None, "create-unit-outcome")
                />
                <label for="new-unit-name">{t.name}</label>
                <input
                    id="new-unit-name"
                    name="name"
                    type="text"
                    required
                    maxlength="120"
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=move || described_by(failed(), None, "create-unit-outcome")
                />
                <button type="submit">{t.create}</button>
                <Outcome actions which id="create-unit-outcome".to_owned() />
            </ActionForm>
        </section>
    }
}

#[component]
fn UnitCard(
    unit: AdminUnit,
    zones: Vec<GivenZone>,
    others: Vec<(i32, String)>,
    actions: Actions,
) -> impl IntoView {
    let id = unit.id;
    let heading = format!("unit-{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <article class="admin-unit" aria-labelledby=labelled_by data-unit=id>
            <h3 id=heading>{unit.name.clone()}</h3>
            <RenameForm id name=unit.name.clone() actions />
            <HomeZonesForm unit=unit.clone() zones actions />
            <PolicyForm id policy=unit.policy actions />
            {(!others.is_empty()).then(|| view! { <MergeForm id others actions /> })}
            <CloseForm id actions />
        </article>
    }
}

#[component]
fn RenameForm(id: i32, name: String, actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let which = Which::Rename(id);
    let failed = move || actions.failed(which, None, t);
    let field = format!("rename-{id}");
    let outcome = format!("rename-{id}-outcome");
    let error_id = outcome.clone();
    view! {
        <ActionForm
            action=actions.rename
            attr:class="admin-form"
        >
            <input type="hidden" name="id" value=id />
            <label for=field.clone()>{t.rename_label}</label>
            <input
                id=field
                name="name"
                type="text"
                required
                maxlength="120"
                value=name
                aria-invalid=move || failed().then_some("true")
                aria-describedby=move || described_by(failed(), None, &error_id)
            />
            <button type="submit">{t.rename}</button>
            <Outcome actions which id=outcome />
        </ActionForm>
    }
}

#[component]
fn HomeZonesForm(unit: AdminUnit, zones: Vec<GivenZone>, actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let id = unit.id;
    let which = Which::Zones(id);
    if zones.is_empty() {
        return view! { <p>{t.no_given_zones}</p> }.into_any();
    }
    let hint = format!("zones-{id}-hint");
    let outcome = format!("zones-{id}-outcome");
    let count = zones.len();
    let selects = zones
        .iter()
        .map(|zone| {
            let current = unit
                .home_zones
                .iter()
                .position(|h| h.id == zone.id)
                .map(|at| at + 1);
            let field = format!("zone-{id}-{}", zone.id);
            let hint = hint.clone();
            let error_id = outcome.clone();
            let failed = move || actions.failed(which, None, t);
            let options = (1..=count)
                .map(|rank| {
                    view! {
                        <option value=rank selected={current == Some(rank)}>
                            {format!("{} {rank}", t.rank)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for=field.clone()>{zone_label(zone, t)}</label>
                    <select
                        id=field
                        name=format!("rank[{}]", zone.id)
                        aria-invalid=move || failed().then_some("true")
                        aria-describedby=move || described_by(failed(), Some(&hint), &error_id)
                    >
                        <option value="" selected=current.is_none()>
                            {t.rank_none}
                        </option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <ActionForm
            action=actions.zones
            attr:class="admin-form"
        >
            <fieldset>
                <legend>{format!("{}: {}", t.home_zones_legend, unit.name)}</legend>
                <p id=hint.clone()>{t.home_zones_hint}</p>
                <input type="hidden" name="id" value=id />
                {selects}
                <button type="submit">{t.save_home_zones}</button>
                <Outcome actions which id=outcome.clone() />
            </fieldset>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn PolicyForm(id: i32, policy: Option<UnitPolicy>, actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let which = Which::Policy(id);
    let also = Which::Unpolicy(id);
    let failed = move || actions.failed(which, Some(also), t);
    let shown = policy.unwrap_or(UnitPolicy {
        max_days_ahead: 14,
        max_bookings_per_week: None,
        half_days_allowed: true,
        overflow: UnitOverflow::None,
    });
    let hint = format!("policy-{id}-hint");
    let outcome = format!("policy-{id}-outcome");
    let described = {
        let hint = hint.clone();
        let outcome = outcome.clone();
        move || described_by(failed(), Some(&hint), &outcome)
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
    view! {
        <ActionForm
            action=actions.policy
            attr:class="admin-form"
        >
            <fieldset>
                <legend>{t.policy_legend}</legend>
                <p id=hint.clone()>
                    {t.policy_hint} " " {format!("({})", policy_text(policy.as_ref(), t))}
                </p>
                <input type="hidden" name="id" value=id />
                <label for=format!("days-{id}")>{t.max_days_ahead}</label>
                <input
                    id=format!("days-{id}")
                    name="max_days_ahead"
                    type="number"
                    min="0"
                    max="365"
                    required
                    value=shown.max_days_ahead
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=described.clone()
                />
                <label for=format!("week-{id}")>{t.max_per_week}</label>
                <input
                    id=format!("week-{id}")
                    name="max_bookings_per_week"
                    type="number"
                    min="0"
                    max="14"
                    value=shown.max_bookings_per_week.map(|n| n.to_string()).unwrap_or_default()
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=described.clone()
                />
                <label class="check">
                    <input
                        type="checkbox"
                        name="half_days_allowed"
                        value="on"
                        checked=shown.half_days_allowed
                    />
                    {t.half_days}
                </label>
                <label for=format!("overflow-{id}")>{t.overflow}</label>
                <select
                    id=format!("overflow-{id}")
                    name="overflow"
                    aria-describedby=described.clone()
                >
                    {overflow_options}
                </select>
                <button type="submit">{t.save_policy}</button>
                <Outcome actions which also id=outcome />
            </fieldset>
        </ActionForm>
        {policy
            .is_some()
            .then(|| {
                view! {
                    <ActionForm
                        action=actions.unpolicy
                        attr:class="inline-form"
                    >
                        <input type="hidden" name="id" value=id />
                        <button type="submit">{t.remove_policy}</button>
                    </ActionForm>
                }
            })}
    }
}

#[component]
fn MergeForm(id: i32, others: Vec<(i32, String)>, actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let which = Which::Merge(id);
    let failed = move || actions.failed(which, None, t);
    let field = format!("merge-{id}");
    let hint = format!("merge-{id}-hint");
    let outcome = format!("merge-{id}-outcome");
    let described = {
        let hint = hint.clone();
        let outcome = outcome.clone();
        move || described_by(failed(), Some(&hint), &outcome)
    };
    let options = others
        .into_iter()
        .map(|(other, name)| view! { <option value=other>{name}</option> })
        .collect_view();
    view! {
        <ActionForm
            action=actions.merge
            attr:class="admin-form"
        >
            <input type="hidden" name="id" value=id />
            <label for=field.clone()>{t.merge_label}</label>
            <select
                id=field
                name="into"
                required
                aria-invalid=move || failed().then_some("true")
                aria-describedby=described
            >
                <option value="">{t.choose}</option>
                {options}
            </select>
            <p id=hint>{t.merge_hint}</p>
            <button type="submit" class="danger">
                {t.merge}
            </button>
            <Outcome actions which id=outcome />
        </ActionForm>
    }
}

#[component]
fn CloseForm(id: i32, actions: Actions) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let which = Which::Close(id);
    let failed = move || actions.failed(which, None, t);
    let hint = format!("close-{id}-hint");
    let outcome = format!("close-{id}-outcome");
    let described = {
        let hint = hint.clone();
        let outcome = outcome.clone();
        move || described_by(failed(), Some(&hint), &outcome)
    };
    view! {
        <ActionForm
            action=actions.close
            attr:class="admin-form"
        >
            <input type="hidden" name="id" value=id />
            <p id=hint>{t.close_hint}</p>
            <button type="submit" class="danger" aria-describedby=described>
                {t.close}
            </button>
            <Outcome actions which id=outcome />
        </ActionForm>
    }
}

#[component]
fn Deputies(
    entry: CounsellorDeputies,
    counsellors: Vec<(i32, String)>,
    actions: Actions,
) -> impl IntoView {
    let t = use_lang().texts().units_admin;
    let id = entry.counsellor.id;
    let add = Which::AddDeputy(id);
    let remove = Which::RemoveDeputy(id);
    let failed = move || actions.failed(add, Some(remove), t);
    let heading = format!("counsellor-{id}");
    let labelled_by = heading.clone();
    let field = format!("deputy-{id}");
    let outcome = format!("deputy-{id}-outcome");
    let error_id = outcome.clone();
    let name = entry.counsellor.display_name.clone();
    let current = if entry.deputies.is_empty() {
        view! { <p>{t.no_deputies}</p> }.into_any()
    } else {
        let items = entry
            .deputies
            .clone()
            .into_iter()
            .map(|d| {
                let deputy = d.display_name;
                let deputy_id = d.id;
                view! {
                    <li>
                        {deputy.clone()} " "
                        <ActionForm
                            action=actions.remove
                            attr:class="inline-form"
                        >
                            <input type="hidden" name="counsellor" value=id />
                            <input type="hidden" name="deputy" value=deputy_id />
                            <button type="submit">
                                {t.remove_deputy}
                                <span class="visually-hidden">": " {deputy}</span>
                            </button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="deputies">{items}</ul> }.into_any()
    };
    let held: Vec<i32> = entry.deputies.iter().map(|d| d.id).collect();
    let candidates: Vec<(i32, String)> = counsellors
        .into_iter()
        .filter(|(other, _)| *other != id && !held.contains(other))
        .collect();
    let form = (!candidates.is_empty()).then(|| {
        let options = candidates
            .into_iter()
            .map(|(other, name)| view! { <option value=other>{name}</option> })
            .collect_view();
        view! {
            <ActionForm
                action=actions.add
                attr:class="admin-form"
            >
                <input type="hidden" name="counsellor" value=id />
                <label for=field.clone()>{format!("{} {name}", t.deputy_for)}</label>
                <select
                    id=field.clone()
                    name="deputy"
                    required
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=move || described_by(failed(), None, &error_id)
                >
                    <option value="">{t.choose}</option>
                    {options}
                </select>
                <button type="submit">{t.add_deputy}</button>
            </ActionForm>
        }
    });
    view! {
        <section aria-labelledby=labelled_by class="counsellor" data-counsellor=id>
            <h3 id=heading>{entry.counsellor.display_name.clone()}</h3>
            {current}
            {form}
            <Outcome actions which=add also=remove id=outcome />
        </section>
    }
}
