//! The account page: passkeys (add, rename, revoke), personal access tokens (create, revoke),
//! open sessions (end one), sign out everywhere, and which notifications come by e-mail and,
//! when this server sends them, as push notifications (with the switch for this device and the
//! list of the person's devices).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{ErrorNotice, Loading};
use crate::account::{
    CreatePersonalToken, EndSession, MailNotifications, PushNotifications, RemovePushDevice,
    RenamePasskey, RevokePasskey, RevokePersonalToken, SetMailChoice, SetPushChoice, mail_choices,
    my_account, push_choices, push_devices,
};
use crate::i18n::Lang;
use crate::identity::AccountView;
use crate::shell::use_lang;

/// The names of role codes in `lang`, comma-separated.
pub fn role_labels(lang: Lang, roles: &[String]) -> String {
    let t = lang.texts();
    roles
        .iter()
        .map(|code| match code.as_str() {
            "employee" => t.role_employee,
            "counsellor" => t.role_counsellor,
            "front_desk" => t.role_front_desk,
            "unit_lead" => t.role_unit_lead,
            "facility_manager" => t.role_facility_manager,
            "org_admin" => t.role_org_admin,
            "building_admin" => t.role_building_admin,
            other => other,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A timestamp as a local date and time (the first 16 characters of RFC 3339, `T` as a space).
fn short_time(rfc3339: &str) -> String {
    rfc3339
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}

/// `/account`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_lang().texts();
    let rename = ServerAction::<RenamePasskey>::new();
    let revoke = ServerAction::<RevokePasskey>::new();
    let create_token = ServerAction::<CreatePersonalToken>::new();
    let revoke_token = ServerAction::<RevokePersonalToken>::new();
    let end_session = ServerAction::<EndSession>::new();
    let account = Resource::new(
        move || {
            (
                rename.version().get(),
                revoke.version().get(),
                create_token.version().get(),
                revoke_token.version().get(),
                end_session.version().get(),
            )
        },
        |_| my_account(),
    );
    view! {
        <Title text=t.account_title />
        <h1>{t.account_title}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => {
                        view! {
                            <Account account rename revoke create_token revoke_token end_session />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <MailSection />
    }
}

/// The notifications: each kind a person may switch off, with its state and a button per
/// channel (e-mail, and push when this server sends it); with push, above the table, the
/// switch for this device and the list of the person's devices.
#[component]
fn MailSection() -> impl IntoView {
    let set = ServerAction::<SetMailChoice>::new();
    let set_push = ServerAction::<SetPushChoice>::new();
    let mail = Resource::new(move || set.version().get(), |_| mail_choices());
    let push = Resource::new(move || set_push.version().get(), |_| push_choices());
    // Read once: the section around the device switch is not rendered again (its live region
    // keeps what it said).
    let sending = Resource::new(|| (), |_| push_choices());
    let table = move || {
        Suspend::new(async move {
            match (mail.await, push.await) {
                (Ok(mail), Ok(push)) => view! { <ChoiceTable mail push set set_push /> }.into_any(),
                (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error /> }.into_any(),
            }
        })
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let sending = sending.await.map(|push| push.sending).unwrap_or(false);
                let lang = use_lang();
                let m = lang.mail_texts();
                let p = lang.push_texts();
                view! {
                    <section aria-labelledby="mail-heading">
                        <h2 id="mail-heading">{if sending { p.heading } else { m.heading }}</h2>
                        <p>
                            {if sending { p.intro } else { m.intro }} " " {m.security_always}
                        </p>
                        {sending.then(|| view! { <PushDevice /> })}
                        <Suspense fallback=Loading>{table}</Suspense>
                    </section>
                }
            })}
        </Suspense>
    }
}

/// The table of kinds and channels.
#[component]
fn ChoiceTable(
    mail: MailNotifications,
    push: PushNotifications,
    set: ServerAction<SetMailChoice>,
    set_push: ServerAction<SetPushChoice>,
) -> impl IntoView {
    let lang = use_lang();
    let m = lang.mail_texts();
    let p = lang.push_texts();
    let sending_push = push.sending;
    // The rows are the kinds of either channel, in the order the server lists them.
    let mut codes: Vec<String> = mail.kinds.iter().map(|(code, _)| code.clone()).collect();
    for (code, _) in &push.kinds {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    let state_of = |kinds: &[(String, bool)], code: &str| {
        kinds
            .iter()
            .find(|(kind, _)| kind == code)
            .map(|(_, on)| *on)
    };
    let rows = codes
        .into_iter()
        .map(|code| {
            let label = m.kind(&code).unwrap_or(code.as_str()).to_string();
            let (mail_code, mail_label) = (code.clone(), label.clone());
            let (push_code, push_label) = (code.clone(), label.clone());
            let mail_cell = match state_of(&mail.kinds, &code) {
                Some(on) => view! {
                    <span class="choice-state">{if on { m.on } else { m.off }}</span>
                    " "
                    <ActionForm action=set attr:class="inline-form">
                        <input type="hidden" name="kind" value=mail_code />
                        <input type="hidden" name="on" value=if on { "false" } else { "true" } />
                        <button type="submit">
                            {if on { m.switch_off } else { m.switch_on }}
                            <span class="visually-hidden">
                                ": " {p.channel_mail} ", " {mail_label}
                            </span>
                        </button>
                    </ActionForm>
                }
                .into_any(),
                None => "—".into_any(),
            };
            let push_state = state_of(&push.kinds, &code);
            let push_cell = sending_push.then(move || {
                let cell = match push_state {
                    Some(on) => view! {
                        <span class="choice-state">{if on { m.on } else { m.off }}</span>
                        " "
                        <ActionForm action=set_push attr:class="inline-form">
                            <input type="hidden" name="kind" value=push_code />
                            <input
                                type="hidden"
                                name="on"
                                value=if on { "false" } else { "true" }
                            />
                            <button type="submit">
                                {if on { m.switch_off } else { m.switch_on }}
                                <span class="visually-hidden">
                                    ": " {p.channel_push} ", " {push_label}
                                </span>
                            </button>
                        </ActionForm>
                    }
                    .into_any(),
                    None => "—".into_any(),
                };
                view! { <td data-channel="push">{cell}</td> }
            });
            view! {
                <tr data-mail-kind=code>
                    <th scope="row">{label}</th>
                    <td data-channel="mail">{mail_cell}</td>
                    {push_cell}
                </tr>
            }
        })
        .collect_view();
    let failed = move || {
        set.value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_push.value().get().and_then(Result::err))
            .map(|error| view! { <ErrorNotice error /> })
    };
    view! {
        {(!mail.sending).then(|| view! { <p role="note">{m.off_here}</p> })}
        <table class="data-table mail-choices">
            <caption class="visually-hidden">{p.caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{p.kind_column}</th>
                    <th scope="col">{p.channel_mail}</th>
                    {sending_push.then(|| view! { <th scope="col">{p.channel_push}</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {failed}
    }
}

/// The switch for this device (`public/pwa.js` does the work, in the messages written here)
/// and the person's devices.
#[component]
fn PushDevice() -> impl IntoView {
    let p = use_lang().push_texts();
    view! {
        <section
            aria-labelledby="push-device-heading"
            class="push-device"
            data-push-device=""
            data-working=p.working
            data-on-here=p.on_here
            data-off-here=p.off_here
            data-denied=p.denied
            data-unsupported=p.unsupported
            data-unreachable=p.unreachable
            data-refused=p.refused
        >
            <h3 id="push-device-heading">{p.device_heading}</h3>
            <p>{p.device_intro}</p>
            <p data-push-here=""></p>
            <p class="field">
                <button type="button" data-push="on">
                    {p.turn_on}
                </button>
                " "
                <button type="button" data-push="off">
                    {p.turn_off}
                </button>
            </p>
            <p class="push-status" data-push-status="" role="status" aria-live="polite"></p>
            <noscript>
                <p>{p.needs_script}</p>
            </noscript>
            <PushDevices />
        </section>
    }
}

/// The person's devices with push notifications, each with a button that removes it; read
/// again when `public/pwa.js` switched this device on or off (`platzwahl:push-devices`).
#[component]
fn PushDevices() -> impl IntoView {
    let p = use_lang().push_texts();
    let remove = ServerAction::<RemovePushDevice>::new();
    let changed = RwSignal::new(0_u32);
    let listener = window_event_listener_untyped("platzwahl:push-devices", move |_| {
        changed.update(|n| *n = n.wrapping_add(1));
    });
    on_cleanup(move || listener.remove());
    let devices = Resource::new(
        move || (remove.version().get(), changed.get()),
        |_| push_devices(),
    );
    let failed = move || {
        remove
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorNotice error /> })
    };
    view! {
        <h4 id="push-devices-heading">{p.devices_heading}</h4>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match devices.await {
                    Ok(devices) if devices.is_empty() => {
                        view! { <p data-push-devices="">{p.no_devices}</p> }.into_any()
                    }
                    Ok(devices) => {
                        let rows = devices
                            .into_iter()
                            .map(|device| {
                                view! {
                                    <tr>
                                        <td>{device.host.clone()}</td>
                                        <td>{short_time(&device.created_at)}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <input type="hidden" name="id" value=device.id />
                                                <button type="submit" class="danger">
                                                    {p.remove}
                                                    <span class="visually-hidden">
                                                        ": " {device.host} ", "
                                                        {short_time(&device.created_at)}
                                                    </span>
                                                </button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <table
                                class="data-table"
                                data-push-devices=""
                                aria-labelledby="push-devices-heading"
                            >
                                <thead>
                                    <tr>
                                        <th scope="col">{p.service}</th>
                                        <th scope="col">{p.since}</th>
                                        <th scope="col">
                                            <span class="visually-hidden">{p.remove}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
        {failed}
    }
}

#[component]
fn Account(
    account: AccountView,
    rename: ServerAction<RenamePasskey>,
    revoke: ServerAction<RevokePasskey>,
    create_token: ServerAction<CreatePersonalToken>,
    revoke_token: ServerAction<RevokePersonalToken>,
    end_session: ServerAction<EndSession>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let passkeys = account
        .passkeys
        .into_iter()
        .map(|key| {
            let field = format!("passkey-name-{}", key.id);
            view! {
                <tr>
                    <td>
                        <ActionForm action=rename attr:class="inline-form">
                            <input type="hidden" name="id" value=key.id />
                            <label class="visually-hidden" for=field.clone()>
                                {t.passkey_name_label}
                            </label>
                            <input id=field name="name" type="text" maxlength="80" value=key.name />
                            <button type="submit">{t.rename}</button>
                        </ActionForm>
                    </td>
                    <td>{short_time(&key.created_at)}</td>
                    <td>
                        {key.last_used_at.as_deref().map_or(t.never.to_string(), short_time)}
                    </td>
                    <td>
                        <ActionForm action=revoke attr:class="inline-form">
                            <input type="hidden" name="id" value=key.id />
                            <button type="submit" class="danger">
                                {t.revoke}
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let tokens = account.tokens;
    let no_tokens = tokens.is_empty();
    let tokens = tokens
        .into_iter()
        .map(|token| {
            view! {
                <tr>
                    <td>{token.name}</td>
                    <td>{token.scopes.join(", ")}</td>
                    <td>{short_time(&token.created_at)}</td>
                    <td>
                        {token.last_used_at.as_deref().map_or(t.never.to_string(), short_time)}
                    </td>
                    <td>{token.expires_at.as_deref().map_or(t.never.to_string(), short_time)}</td>
                    <td>
                        <ActionForm action=revoke_token attr:class="inline-form">
                            <input type="hidden" name="id" value=token.id />
                            <button type="submit" class="danger">
                                {t.revoke}
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let created = move || {
        create_token.value().get().map(|result| match result {
            Ok(created) => view! {
                <p class="token-created" role="status">
                    {t.token_created_once}
                    " "
                    <code data-token="">{created.token}</code>
                </p>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let sessions = account
        .sessions
        .into_iter()
        .map(|session| {
            let end = if session.current {
                view! { <strong>{t.this_session}</strong> }.into_any()
            } else {
                view! {
                    <ActionForm action=end_session attr:class="inline-form">
                        <input type="hidden" name="id" value=session.id />
                        <button type="submit" class="danger">
                            {t.end_session}
                        </button>
                    </ActionForm>
                }
                .into_any()
            };
            view! {
                <tr>
                    <td>{short_time(&session.created_at)}</td>
                    <td>{short_time(&session.last_seen_at)}</td>
                    <td>{short_time(&session.expires_at)}</td>
                    <td>{end}</td>
                </tr>
            }
        })
        .collect_view();
    let me = account.me;
    view! {
        <p>
            {t.signed_in_as} " " <strong>{me.name}</strong> " · " {me.organisation}
            {me.unit.map(|unit| format!(", {unit}"))}
        </p>
        <p>{t.roles} ": " {role_labels(lang, &me.roles)}</p>
        <section aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">{t.passkeys_heading}</h2>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t.name}</th>
                        <th scope="col">{t.created}</th>
                        <th scope="col">{t.last_used}</th>
                        <th scope="col">
                            <span class="visually-hidden">{t.revoke}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{passkeys}</tbody>
            </table>
            <p class="field">
                <label for="passkey-name">{t.passkey_name_label}</label>
                <input id="passkey-name" type="text" maxlength="80" value=t.passkey_default_name />
                <button
                    type="button"
                    data-passkey="add"
                    data-next="/account"
                    data-default-name=t.passkey_default_name
                    data-working=t.passkey_working
                    data-failed=t.passkey_failed
                    data-unsupported=t.passkey_unsupported
                >
                    {t.add_passkey}
                </button>
            </p>
            <p class="field">
                {t.step_up_hint} " "
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
        </section>
        <section aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{t.tokens_heading}</h2>
            {no_tokens.then(|| view! { <p>{t.no_tokens}</p> })}
            <table class="data-table" hidden=no_tokens>
                <thead>
                    <tr>
                        <th scope="col">{t.name}</th>
                        <th scope="col">{t.scopes_label}</th>
                        <th scope="col">{t.created}</th>
                        <th scope="col">{t.last_used}</th>
                        <th scope="col">{t.ends}</th>
                        <th scope="col">
                            <span class="visually-hidden">{t.revoke}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{tokens}</tbody>
            </table>
            <ActionForm action=create_token attr:class="token-form">
                <p class="field">
                    <label for="token-name">{t.token_name_label}</label>
                    <input id="token-name" name="name" type="text" maxlength="80" required />
                </p>
                <p class="field">
                    <label for="token-scopes">{t.scopes_label}</label>
                    <select id="token-scopes" name="scopes">
                        <option value="read">{t.scope_read}</option>
                        <option value="read book">{t.scope_read} ", " {t.scope_book}</option>
                        <option value="read book admin">
                            {t.scope_read} ", " {t.scope_book} ", " {t.scope_admin}
                        </option>
                    </select>
                </p>
                <button type="submit">{t.create_token}</button>
            </ActionForm>
            {created}
        </section>
        <section aria-labelledby="open-sessions-heading">
            <h2 id="open-sessions-heading">{t.sessions_heading}</h2>
            <table class="data-table sessions">
                <thead>
                    <tr>
                        <th scope="col">{t.created}</th>
                        <th scope="col">{t.last_used}</th>
                        <th scope="col">{t.ends}</th>
                        <th scope="col">
                            <span class="visually-hidden">{t.end_session}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{sessions}</tbody>
            </table>
        </section>
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t.sign_out_everywhere}</h2>
            <p>{t.sign_out_everywhere_hint}</p>
            <form method="post" action="/sign-out">
                <input type="hidden" name="everywhere" value="true" />
                <button type="submit" class="danger">
                    {t.sign_out_everywhere}
                </button>
            </form>
        </section>
    }
}
