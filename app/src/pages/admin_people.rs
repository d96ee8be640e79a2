//! The people administration pages of organisation administrators: `/admin/people` (find the
//! people of one's organisation, create one and hand over their invitation link) and
//! `/admin/people/{id}` (change and move them, their roles, a new invitation, deactivate a
//! leaver, reactivate, and the data-protection requests: export as JSON, erase).
//!
//! Steps that need a fresh passkey confirmation (roles, erasure) link to one confirmation
//! block on the page (`public/passkey.js`); the server refuses them without it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::account::role_labels;
use super::{ErrorNotice, Loading};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::people_admin::PeopleAdminTexts;
use crate::people_admin::{
    ChangePerson, CreatePerson, DeactivatePerson, EndCounts, ErasePerson, Invitation, InvitePerson,
    PeopleList, PersonDetail, PersonRow, ReactivatePerson, SetPersonRoles, UnitChoice,
    get_managed_person, list_people,
};
use crate::shell::use_lang;

/// The field an error is about (`name`, `email`, `roles`, `confirmation`) and what to tell;
/// `None` for an error of the whole form.
fn field_error(error: &AppError, t: &PeopleAdminTexts) -> Option<(&'static str, &'static str)> {
    let (why, conflict) = match error {
        AppError::InvalidInput(why) => (why.as_str(), false),
        AppError::Conflict(why) => (why.as_str(), true),
        _ => return None,
    };
    let field = why.split_once(':').map(|(field, _)| field)?;
    match (field, conflict) {
        ("name", false) => Some(("name", t.error_name)),
        ("email", false) => Some(("email", t.error_email)),
        ("email", true) => Some(("email", t.error_email_taken)),
        ("roles", false) => Some(("roles", t.error_roles)),
        ("confirmation", false) => Some(("confirmation", t.error_confirmation)),
        _ => None,
    }
}

/// The field errors of a form's last answer.
type FieldErrors = Memo<Option<(&'static str, &'static str)>>;

/// The field errors of `value`, the last answer of a form's action.
fn field_errors<T: Clone + Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
    t: &'static PeopleAdminTexts,
) -> FieldErrors {
    Memo::new(move |_| {
        value()
            .and_then(Result::err)
            .and_then(|error| field_error(&error, t))
    })
}

/// What to tell about `field`, if its form's last answer was about it.
fn error_for(errors: FieldErrors, field: &'static str) -> Signal<Option<&'static str>> {
    Signal::derive(move || {
        errors
            .get()
            .filter(|(f, _)| *f == field)
            .map(|(_, message)| message)
    })
}

/// The error of the whole form, when the last answer was one that no field explains.
fn form_error<T: Clone + Send + Sync + 'static>(
    value: impl Fn() -> Option<Result<T, AppError>> + Send + Sync + 'static,
    t: &'static PeopleAdminTexts,
) -> impl IntoView {
    move || {
        value()
            .and_then(Result::err)
            .filter(|error| field_error(error, t).is_none())
            .map(|error| view! { <ErrorNotice error /> })
    }
}

/// An error of one field, referred to by the field's `aria-describedby`.
#[component]
fn FieldError(id: &'static str, message: Signal<Option<&'static str>>) -> impl IntoView {
    let prefix = use_lang().texts().people_admin.error_prefix;
    move || {
        message.get().map(|message| {
            view! {
                <p id=id class="field-error">
                    <span class="visually-hidden">{prefix} " "</span>
                    {message}
                </p>
            }
        })
    }
}

/// `aria-describedby` of a field with the hint `hint` (if any) and the error `error`, when
/// there is one.
fn described_by(
    hint: Option<&'static str>,
    error_id: &'static str,
    error: Signal<Option<&'static str>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = hint
            .into_iter()
            .chain(error.get().map(|_| error_id))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// `aria-invalid` of a field with the error `error`.
fn invalid(
    error: Signal<Option<&'static str>>,
) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || error.get().map(|_| "true")
}

/// "active" or "deactivated", in words (the colour only repeats it).
#[component]
fn Status(active: bool) -> impl IntoView {
    let t = use_lang().texts().people_admin;
    if active {
        view! { <span class="person-status person-active">{t.active}</span> }.into_any()
    } else {
        view! { <span class="person-status person-inactive">{t.deactivated}</span> }.into_any()
    }
}

/// The name of role `code` in `lang`.
fn role_label(lang: Lang, code: &str) -> String {
    role_labels(lang, &[code.to_owned()])
}

/// An invitation link, shown once, with its expiry.
#[component]
fn InvitationNotice(invitation: Invitation, before: &'static str) -> impl IntoView {
    let t = use_lang().texts().people_admin;
    let until = invitation
        .expires_at
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ");
    view! {
        <div class="invitation-created" role="status">
            <p>{before}</p>
            <p>
                <code data-invitation="">{invitation.link}</code>
            </p>
            <p>{t.valid_until} " " {until} " UTC"</p>
        </div>
    }
}

/// `/admin/people`.
#[component]
pub fn AdminPeoplePage() -> impl IntoView {
    let t = use_lang().texts().people_admin;
    let query = use_query_map();
    let create = ServerAction::<CreatePerson>::new();
    let people = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("q"),
                q.get("unit"),
                q.get("status"),
                create.version().get(),
            )
        },
        |(q, unit, status, _)| list_people(q, unit, status),
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <p>
            <a href="#create-heading" rel="external">{t.create_heading}</a>
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(list) => view! { <PeopleView list create /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PeopleView(list: PeopleList, create: ServerAction<CreatePerson>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().people_admin;
    let query = use_query_map();
    let (q, unit, status) = query.with_untracked(|q| (q.get("q"), q.get("unit"), q.get("status")));
    let unit_options = list
        .units
        .iter()
        .map(|u| {
            let selected = unit.as_deref() == Some(u.slug.as_str());
            view! { <option value=u.slug.clone() selected=selected>{u.name.clone()}</option> }
        })
        .collect_view();
    let status = status.unwrap_or_default();
    let shown = list.people.len();
    let count = if u64::try_from(shown).unwrap_or(u64::MAX) < list.total {
        format!("{} {shown} {} {}", t.found, t.shown_of, list.total)
    } else {
        format!("{} {}", t.found, list.total)
    };
    let rows = list
        .people
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">
                        <a href=format!("/admin/people/{}", p.id)>{p.name}</a>
                    </th>
                    <td>{p.email.unwrap_or_default()}</td>
                    <td>{p.unit.unwrap_or_else(|| t.no_unit.to_owned())}</td>
                    <td>{role_labels(lang, &p.roles)}</td>
                    <td>
                        <Status active=p.active />
                    </td>
                    <td>{if p.has_passkey { t.has_passkey } else { t.no_passkey }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <form
            class="find-form people-filter"
            method="get"
            action="/admin/people"
            role="search"
            aria-label=t.filter
        >
            <p class="field">
                <label for="people-q">{t.search}</label>
                <input id="people-q" type="search" name="q" maxlength="200" value=q />
            </p>
            <p class="field">
                <label for="people-unit">{t.unit}</label>
                <select id="people-unit" name="unit">
                    <option value="">{t.all_units}</option>
                    {unit_options}
                </select>
            </p>
            <p class="field">
                <label for="people-status">{t.status}</label>
                <select id="people-status" name="status">
                    <option value="" selected=status.is_empty()>
                        {t.all_statuses}
                    </option>
                    <option value="active" selected=status == "active">
                        {t.active}
                    </option>
                    <option value="inactive" selected=status == "inactive">
                        {t.deactivated}
                    </option>
                </select>
            </p>
            <button type="submit">{t.show}</button>
        </form>
        <p id="people-count">{count}</p>
        {if shown == 0 {
            view! { <p>{t.none_found}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="group" aria-label=t.title>
                    <table class="people-table" id="people-table">
                        <thead>
                            <tr>
                                <th scope="col">{t.name}</th>
                                <th scope="col">{t.email}</th>
                                <th scope="col">{t.unit}</th>
                                <th scope="col">{t.roles}</th>
                                <th scope="col">{t.status}</th>
                                <th scope="col">{t.passkey}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <CreateForm units=list.units grantable=list.grantable create />
    }
}

#[component]
fn CreateForm(
    units: Vec<UnitChoice>,
    grantable: Vec<String>,
    create: ServerAction<CreatePerson>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().people_admin;
    let value = move || create.value().get();
    let errors = field_errors(value, t);
    let name_error = error_for(errors, "name");
    let email_error = error_for(errors, "email");
    let roles_error = error_for(errors, "roles");
    let unit_options = units
        .into_iter()
        .map(|u| view! { <option value=u.slug>{u.name}</option> })
        .collect_view();
    let role_boxes = grantable
        .into_iter()
        .map(|code| {
            let id = format!("new-role-{code}");
            let label_for = id.clone();
            view! {
                <label for=label_for>
                    <input
                        id=id
                        type="checkbox"
                        name=format!("roles[{code}]")
                        value="true"
                        checked=code == "employee"
                    />
                    {role_label(lang, &code)}
                </label>
            }
        })
        .collect_view();
    let created = move || {
        value().and_then(Result::ok).map(|invitation| {
            let id = invitation.person_id;
            view! {
                <InvitationNotice invitation before=t.created />
                <p>
                    <a href=format!("/admin/people/{id}")>{t.open_person}</a>
                </p>
            }
        })
    };
    view! {
        <section aria-labelledby="create-heading" class="people-section">
            <h2 id="create-heading">{t.create_heading}</h2>
            <p>{t.create_intro}</p>
            <ActionForm action=create attr:id="create-person" attr:class="people-form">
                <p class="field">
                    <label for="new-name">{t.name_label}</label>
                    <input
                        id="new-name"
                        name="name"
                        type="text"
                        maxlength="80"
                        required
                        autocomplete="off"
                        aria-invalid=invalid(name_error)
                        aria-describedby=described_by(None, "new-name-error", name_error)
                    />
                    <FieldError id="new-name-error" message=name_error />
                </p>
                <p class="field">
                    <label for="new-email">{t.email}</label>
                    <input
                        id="new-email"
                        name="email"
                        type="email"
                        maxlength="254"
                        autocomplete="off"
                        aria-invalid=invalid(email_error)
                        aria-describedby=described_by(
                            Some("new-email-hint"),
                            "new-email-error",
                            email_error,
                        )
                    />
                    <span id="new-email-hint" class="hint">
                        {t.email_hint}
                    </span>
                    <FieldError id="new-email-error" message=email_error />
                </p>
                <p class="field">
                    <label for="new-unit">{t.unit}</label>
                    <select id="new-unit" name="unit">
                        <option value="">{t.no_unit}</option>
                        {unit_options}
                    </select>
                </p>
                <fieldset
                    class="role-boxes"
                    aria-describedby=described_by(None, "new-roles-error", roles_error)
                >
                    <legend>{t.roles}</legend>
                    {role_boxes}
                    <FieldError id="new-roles-error" message=roles_error />
                </fieldset>
                <button type="submit">{t.create}</button>
            </ActionForm>
            {form_error(value, t)}
            {created}
        </section>
    }
}

/// `/admin/people/{id}`.
#[component]
pub fn AdminPersonPage() -> impl IntoView {
    let t = use_lang().texts().people_admin;
    let params = use_params_map();
    let change = ServerAction::<ChangePerson>::new();
    let roles = ServerAction::<SetPersonRoles>::new();
    let deactivate = ServerAction::<DeactivatePerson>::new();
    let reactivate = ServerAction::<ReactivatePerson>::new();
    let invite = ServerAction::<InvitePerson>::new();
    let erase = ServerAction::<ErasePerson>::new();
    let actions = PersonActions {
        change,
        roles,
        deactivate,
        reactivate,
        invite,
        erase,
    };
    let person = Resource::new(
        move || {
            (
                params
                    .read()
                    .get("id")
                    .and_then(|id| id.parse::<i32>().ok()),
                change.version().get(),
                roles.version().get(),
                deactivate.version().get(),
                reactivate.version().get(),
                invite.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => get_managed_person(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // An erased person is gone: back to the list.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(erase.value().get(), Some(Ok(()))) {
            navigate("/admin/people", Default::default());
        }
    });
    view! {
        <p>
            <a href="/admin/people">{t.back}</a>
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match person.await {
                    Ok(detail) => view! { <PersonView detail actions /> }.into_any(),
                    Err(error) => {
                        // Another organisation's person, or nobody: the page is "not found".
                        #[cfg(feature = "ssr")]
                        if error == AppError::NotFound
                            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
                        {
                            response.set_status(http::StatusCode::NOT_FOUND);
                        }
                        view! {
                            <Title text=t.title />
                            <h1>{t.title}</h1>
                            <ErrorNotice error />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The actions of the person page.
#[derive(Clone, Copy)]
struct PersonActions {
    change: ServerAction<ChangePerson>,
    roles: ServerAction<SetPersonRoles>,
    deactivate: ServerAction<DeactivatePerson>,
    reactivate: ServerAction<ReactivatePerson>,
    invite: ServerAction<InvitePerson>,
    erase: ServerAction<ErasePerson>,
}

#[component]
fn PersonView(detail: PersonDetail, actions: PersonActions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().people_admin;
    let person = detail.person;
    let id = person.id;
    let locked = detail.is_self || detail.building_role;
    let note = if detail.is_self {
        Some(t.is_you)
    } else if detail.building_role {
        Some(t.building_role)
    } else {
        None
    };
    view! {
        <Title text=person.name.clone() />
        <h1>{person.name.clone()}</h1>
        <p id="person-status">
            {t.status} ": " <Status active=person.active /> " · " {t.roles} ": "
            {role_labels(lang, &person.roles)}
        </p>
        {note.map(|note| view! { <p class="note">{note}</p> })}
        <DetailsForm person=person.clone() units=detail.units change=actions.change />
        {(!locked)
            .then(|| {
                view! {
                    <section aria-labelledby="step-up-heading" class="people-section" id="step-up">
                        <h2 id="step-up-heading">{t.step_up_heading}</h2>
                        <p>{t.step_up_intro}</p>
                        <StepUpButton />
                    </section>
                }
            })}
        {(!detail.building_role)
            .then(|| {
                view! {
                    <RolesForm
                        id
                        held=person.roles.clone()
                        grantable=detail.grantable
                        roles=actions.roles
                    />
                }
            })}
        {(!person.has_passkey && person.active && !detail.building_role)
            .then(|| view! { <InviteForm id invite=actions.invite /> })}
        {if person.active {
            (!locked)
                .then(|| {
                    view! {
                        <DeactivateForm
                            id
                            would_end=detail.would_end.unwrap_or_default()
                            deactivate=actions.deactivate
                        />
                    }
                })
                .into_any()
        } else {
            let deactivated = actions.deactivate.value().get_untracked().and_then(Result::ok);
            view! { <ReactivateForm id deactivated reactivate=actions.reactivate /> }.into_any()
        }}
        <section aria-labelledby="export-heading" class="people-section">
            <h2 id="export-heading">{t.export_heading}</h2>
            <p>{t.export_intro}</p>
            <p>
                <a
                    href=format!("/api/v1/people/{id}/export")
                    download=format!("person-{id}.json")
                    rel="external"
                    id="export-person"
                >
                    {t.export_link}
                </a>
            </p>
        </section>
        {(!locked).then(|| view! { <EraseForm id name=person.name erase=actions.erase /> })}
    }
}

/// The passkey confirmation (`public/passkey.js`), with its live status.
#[component]
fn StepUpButton() -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <p class="field">
            <button
                type="button"
                data-passkey="step-up"
                data-working=t.passkey_working
                data-failed=t.passkey_failed
                data-unsupported=t.passkey_unsupported
                data-done=t.step_up_done
            >
                {t.step_up_button}
            </button>
        </p>
        <p class="passkey-status" data-passkey-status="" role="status" aria-live="polite"></p>
    }
}

#[component]
fn DetailsForm(
    person: PersonRow,
    units: Vec<UnitChoice>,
    change: ServerAction<ChangePerson>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().people_admin;
    let value = move || change.value().get();
    let errors = field_errors(value, t);
    let name_error = error_for(errors, "name");
    let email_error = error_for(errors, "email");
    let unit = person.unit_slug.clone().unwrap_or_default();
    // Their unit, closed meanwhile, is still theirs until they are moved.
    let closed = person
        .unit_slug
        .clone()
        .zip(person.unit.clone())
        .filter(|(slug, _)| !units.iter().any(|u| &u.slug == slug))
        .map(|(slug, name)| UnitChoice { slug, name });
    let unit_options = units
        .into_iter()
        .chain(closed)
        .map(|u| {
            let selected = u.slug == unit;
            view! { <option value=u.slug selected=selected>{u.name}</option> }
        })
        .collect_view();
    let saved = move || {
        value()
            .and_then(Result::ok)
            .map(|_| view! { <p role="status" class="saved">{t.saved}</p> })
    };
    view! {
        <section aria-labelledby="details-heading" class="people-section">
            <h2 id="details-heading">{t.details_heading}</h2>
            <ActionForm action=change attr:id="change-person" attr:class="people-form">
                <input type="hidden" name="id" value=person.id />
                <p class="field">
                    <label for="person-name">{t.name_label}</label>
                    <input
                        id="person-name"
                        name="name"
                        type="text"
                        maxlength="80"
                        required
                        autocomplete="off"
                        value=person.name
                        aria-invalid=invalid(name_error)
                        aria-describedby=described_by(None, "person-name-error", name_error)
                    />
                    <FieldError id="person-name-error" message=name_error />
                </p>
                <p class="field">
                    <label for="person-email">{t.email}</label>
                    <input
                        id="person-email"
                        name="email"
                        type="email"
                        maxlength="254"
                        autocomplete="off"
                        value=person.email.unwrap_or_default()
                        aria-invalid=invalid(email_error)
                        aria-describedby=described_by(
                            Some("person-email-hint"),
                            "person-email-error",
                            email_error,
                        )
                    />
                    <span id="person-email-hint" class="hint">
                        {t.email_hint}
                    </span>
                    <FieldError id="person-email-error" message=email_error />
                </p>
                <p class="field">
                    <label for="person-locale">{t.locale}</label>
                    <select id="person-locale" name="locale">
                        <option value="de" selected=person.locale == "de" lang="de">
                            "Deutsch"
                        </option>
                        <option value="en" selected=person.locale == "en" lang="en">
                            "English"
                        </option>
                    </select>
                </p>
                <p class="field">
                    <label for="person-unit">{t.unit}</label>
                    <select id="person-unit" name="unit" aria-describedby="person-unit-hint">
                        <option value="" selected=unit.is_empty()>
                            {t.no_unit}
                        </option>
                        {unit_options}
                    </select>
                    <span id="person-unit-hint" class="hint">
                        {t.unit_hint}
                    </span>
                </p>
                <p class="field">
                    <label for="person-accessible">
                        <input
                            id="person-accessible"
                            type="checkbox"
                            name="needs_accessible_desk"
                            value="true"
                            checked=person.needs_accessible_desk
                        />
                        {t.accessible_desk}
                    </label>
                </p>
                <button type="submit">{t.save}</button>
            </ActionForm>
            {form_error(value, t)}
            {saved}
        </section>
    }
}

#[component]
fn RolesForm(
    id: i32,
    held: Vec<String>,
    grantable: Vec<String>,
    roles: ServerAction<SetPersonRoles>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().people_admin;
    let value = move || roles.value().get();
    let errors = field_errors(value, t);
    let roles_error = error_for(errors, "roles");
    let boxes = grantable
        .into_iter()
        .map(|code| {
            let box_id = format!("role-{code}");
            let label_for = box_id.clone();
            let checked = held.contains(&code);
            view! {
                <label for=label_for>
                    <input
                        id=box_id
                        type="checkbox"
                        name=format!("roles[{code}]")
                        value="true"
                        checked=checked
                    />
                    {role_label(lang, &code)}
                </label>
            }
        })
        .collect_view();
    let saved = move || {
        value()
            .and_then(Result::ok)
            .map(|_| view! { <p role="status" class="saved">{t.roles_saved}</p> })
    };
    view! {
        <section aria-labelledby="roles-heading" class="people-section">
            <h2 id="roles-heading">{t.roles}</h2>
            <p>{t.roles_intro} " " <a href="#step-up" rel="external">{t.step_up_link}</a></p>
            <ActionForm action=roles attr:id="set-roles" attr:class="people-form">
                <input type="hidden" name="id" value=id />
                <fieldset
                    class="role-boxes"
                    aria-describedby=described_by(None, "roles-error", roles_error)
                >
                    <legend>{t.roles}</legend>
                    {boxes}
                    <FieldError id="roles-error" message=roles_error />
                </fieldset>
                <button type="submit">{t.save_roles}</button>
            </ActionForm>
            {form_error(value, t)}
            {saved}
        </section>
    }
}

#[component]
fn InviteForm(id: i32, invite: ServerAction<InvitePerson>) -> impl IntoView {
    let t = use_lang().texts().people_admin;
    let value = move || invite.value().get();
    let link = move || {
        value()
            .and_then(Result::ok)
            .map(|invitation| view! { <InvitationNotice invitation before=t.invited /> })
    };
    view! {
        <section aria-labelledby="invitation-heading" class="people-section">
            <h2 id="invitation-heading">{t.invitation_heading}</h2>
            <p>{t.invitation_intro}</p>
            <ActionForm action=invite attr:id="invite-person">
                <input type="hidden" name="id" value=id />
                <button type="submit">{t.invite}</button>
            </ActionForm>
            {form_error(value, t)}
            {link}
        </section>
    }
}

/// The counts of `ended`, as a list.
fn end_items(t: &'static PeopleAdminTexts, ended: EndCounts) -> impl IntoView {
    let items: Vec<_> = [
        (ended.sessions, t.end_sessions, "sessions"),
        (ended.desk_bookings, t.end_desk_bookings, "desk-bookings"),
        (
            ended.room_reservations,
            t.end_room_reservations,
            "room-reservations",
        ),
        (ended.desk_requests, t.end_desk_requests, "desk-requests"),
        (ended.tokens, t.end_tokens, "tokens"),
        (ended.passkeys, t.end_passkeys, "passkeys"),
        (ended.badges, t.end_badges, "badges"),
    ]
    .into_iter()
    .map(|(count, label, key)| {
        view! {
            <li data-ends=key>
                <strong>{count}</strong>
                " "
                {label}
            </li>
        }
    })
    .collect();
    view! { <ul class="end-counts">{items}</ul> }
}

#[component]
fn DeactivateForm(
    id: i32,
    would_end: EndCounts,
    deactivate: ServerAction<DeactivatePerson>,
) -> impl IntoView {
    let t = use_lang().texts().people_admin;
    view! {
        <section aria-labelledby="deactivate-heading" class="people-section">
            <h2 id="deactivate-heading">{t.deactivate_heading}</h2>
            <details class="confirm" id="deactivate">
                <summary>{t.deactivate_open}</summary>
                <p>{t.deactivate_explain}</p>
                {end_items(t, would_end)}
                <p>{t.deactivate_keeps}</p>
                <ActionForm action=deactivate attr:id="deactivate-person">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="danger">
                        {t.deactivate_confirm}
                    </button>
                </ActionForm>
            </details>
            {form_error(move || deactivate.value().get(), t)}
        </section>
    }
}

/// Reactivating; and what ended when the person was `deactivated` on this page a moment ago.
#[component]
fn ReactivateForm(
    id: i32,
    deactivated: Option<EndCounts>,
    reactivate: ServerAction<ReactivatePerson>,
) -> impl IntoView {
    let t = use_lang().texts().people_admin;
    view! {
        {deactivated
            .map(|ended| {
                view! {
                    <div role="status" id="deactivated">
                        <p>{t.deactivated_done}</p>
                        {end_items(t, ended)}
                    </div>
                }
            })}
        <section aria-labelledby="reactivate-heading" class="people-section">
            <h2 id="reactivate-heading">{t.reactivate_heading}</h2>
            <p>{t.reactivate_intro}</p>
            <ActionForm action=reactivate attr:id="reactivate-person">
                <input type="hidden" name="id" value=id />
                <button type="submit">{t.reactivate}</button>
            </ActionForm>
            {form_error(move || reactivate.value().get(), t)}
            {move || {
                matches!(reactivate.value().get(), Some(Ok(())))
                    .then(|| view! { <p role="status">{t.reactivated}</p> })
            }}
        </section>
    }
}

#[component]
fn EraseForm(id: i32, name: String, erase: ServerAction<ErasePerson>) -> impl IntoView {
    let t = use_lang().texts().people_admin;
    let value = move || erase.value().get();
    let errors = field_errors(value, t);
    let confirmation_error = error_for(errors, "confirmation");
    view! {
        <section aria-labelledby="erase-heading" class="people-section">
            <h2 id="erase-heading">{t.erase_heading}</h2>
            <p>{t.erase_intro}</p>
            <details class="confirm" id="erase">
                <summary>{t.erase_open}</summary>
                <p>
                    {t.step_up_intro} " " <a href="#step-up" rel="external">{t.step_up_link}</a>
                </p>
                <ActionForm action=erase attr:id="erase-person" attr:class="people-form">
                    <input type="hidden" name="id" value=id />
                    <p class="field">
                        <label for="erase-confirmation">
                            {t.erase_confirm_label} " (" {name} ")"
                        </label>
                        <input
                            id="erase-confirmation"
                            name="confirmation"
                            type="text"
                            required
                            autocomplete="off"
                            aria-invalid=invalid(confirmation_error)
                            aria-describedby=described_by(
                                None,
                                "erase-confirmation-error",
                                confirmation_error,
                            )
                        />
                        <FieldError id="erase-confirmation-error" message=confirmation_error />
                    </p>
                    <button type="submit" class="danger">
                        {t.erase_confirm}
                    </button>
                </ActionForm>
                {form_error(value, t)}
                {move || {
                    matches!(value(), Some(Ok(())))
                        .then(|| view! { <p role="status">{t.erased}</p> })
                }}
            </details>
        </section>
    }
}
