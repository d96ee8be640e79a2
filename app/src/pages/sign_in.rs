//! The sign-in page: a passkey button, the organisations' single sign-on buttons (with what
//! went wrong there, `?sso=`), and in demo mode a list of demo people to sign in as.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::account::role_labels;
use crate::account::{demo_people, first_run};
use crate::model::sso::SsoProvider;
use crate::shell::use_lang;
use crate::sso::sso_providers;

/// The local path to go to after signing in (`?next=`), `/` if missing or not local.
fn next_path(next: Option<String>) -> String {
    next.filter(|n| crate::identity::is_local_path(n))
        .unwrap_or_else(|| "/".to_string())
}

/// `/sign-in`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_lang().texts();
    let query = use_query_map();
    let next = move || next_path(query.read().get("next"));
    let demo = Resource::new(|| (), |_| demo_people());
    let fresh = Resource::new(|| (), |_| first_run());
    let providers = Resource::new(|| (), |_| sso_providers());
    let sso_problem = move || {
        query
            .read()
            .get("sso")
            .and_then(|reason| t.sso.message(&reason))
    };
    view! {
        <Title text=t.sign_in_title />
        <h1>{t.sign_in_title}</h1>
        {move || {
            sso_problem()
                .map(|message| {
                    view! {
                        <p class="error" role="alert" id="sso-problem">
                            {message}
                        </p>
                    }
                })
        }}
        <p>{t.sign_in_intro}</p>
        <p>
            <button
                type="button"
                class="primary"
                data-passkey="sign-in"
                data-next=next
                data-working=t.passkey_working
                data-failed=t.passkey_failed
                data-unsupported=t.passkey_unsupported
            >
                {t.sign_in_with_passkey}
            </button>
        </p>
        <p class="passkey-status" data-passkey-status="" role="status" aria-live="polite"></p>
        <Suspense>
            {move || Suspend::new(async move {
                providers
                    .await
                    .ok()
                    .filter(|list| !list.is_empty())
                    .map(|list| view! { <SsoButtons providers=list next=next() /> })
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                fresh.await.unwrap_or(false).then(|| view! { <FirstRun /> })
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                demo.await.ok().flatten().map(|people| view! { <DemoList people next=next() /> })
            })}
        </Suspense>
    }
}

/// The organisations' single sign-on buttons: links to `/auth/oidc/{org}/start`.
#[component]
fn SsoButtons(providers: Vec<SsoProvider>, next: String) -> impl IntoView {
    let t = use_lang().texts().sso;
    let items = providers
        .into_iter()
        .map(|provider| {
            let label = provider.label.clone().unwrap_or_else(|| {
                format!(
                    "{}{}{}",
                    t.button_before, provider.organisation_name, t.button_after
                )
            });
            let href = format!(
                "/auth/oidc/{}/start?next={}",
                provider.organisation,
                crate::model::percent_encode(&next, true)
            );
            view! {
                <li>
                    // `rel="external"`: a full navigation to the server (not the router's
                    // client-side one), which sends the browser on to the provider.
                    <a
                        class="button"
                        href=href
                        rel="external"
                        data-sso=provider.organisation.clone()
                    >
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="sso-sign-in" aria-labelledby="sso-heading">
            <h2 id="sso-heading">{t.heading}</h2>
            <ul class="sso-providers">{items}</ul>
        </section>
    }
}

/// A fresh install: how to create the first administrator.
#[component]
fn FirstRun() -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <section class="first-run" aria-labelledby="first-run-heading">
            <h2 id="first-run-heading">{t.first_run_title}</h2>
            <p>{t.first_run_intro}</p>
            <pre><code>
                "platzwahl people add --name \"Vorname Nachname\" --email admin@example.org \\\n  --organisation stadt --organisation-name \"Stadt Wuppertal\" \\\n  --role building_admin --role org_admin"
            </code></pre>
            <p>{t.first_run_next}</p>
        </section>
    }
}

/// The demo people, each a form that signs in as them.
#[component]
fn DemoList(people: Vec<crate::identity::DemoPerson>, next: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let items = people
        .into_iter()
        .map(|person| {
            let roles = role_labels(lang, &person.roles);
            let place = match &person.unit {
                Some(unit) => format!("{}, {unit}", person.organisation),
                None => person.organisation.clone(),
            };
            view! {
                <li>
                    <form method="post" action="/sign-in/demo">
                        <input type="hidden" name="person" value=person.id />
                        <input type="hidden" name="next" value=next.clone() />
                        <button type="submit" class="demo-person">
                            <span class="demo-name">{person.name}</span>
                            <span class="demo-roles">{roles}</span>
                            <span class="demo-place">{place}</span>
                        </button>
                    </form>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="demo-sign-in" aria-labelledby="demo-heading">
            <p class="demo-banner" role="note">
                {t.demo_banner}
            </p>
            <h2 id="demo-heading">{t.demo_sign_in_title}</h2>
            <p>{t.demo_sign_in_intro}</p>
            <ul class="demo-people">{items}</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_next_paths_are_followed() {
        assert_eq!(next_path(Some("/floors/2".into())), "/floors/2");
        assert_eq!(next_path(Some("//evil.example".into())), "/");
        assert_eq!(next_path(Some("https://evil.example".into())), "/");
        assert_eq!(next_path(None), "/");
    }
}
