//! The invitation page: a new person registers their first passkey.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::account::invitation;
use crate::shell::use_lang;

/// `/invite/:token`.
#[component]
pub fn InvitePage() -> impl IntoView {
    let t = use_lang().texts();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let found = Resource::new(token, invitation);
    view! {
        <Title text=t.invite_title />
        <h1>{t.invite_title}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(invitation) => {
                        view! {
                            <p>{t.invite_welcome} ", " {invitation.name} "!"</p>
                            <p>{t.invite_intro}</p>
                            <p class="field">
                                <label for="passkey-name">{t.passkey_name_label}</label>
                                <input
                                    id="passkey-name"
                                    name="name"
                                    type="text"
                                    maxlength="80"
                                    value=t.passkey_default_name
                                />
                            </p>
                            <p>
                                <button
                                    type="button"
                                    class="primary"
                                    data-passkey="register"
                                    data-invitation=token()
                                    data-next="/"
                                    data-default-name=t.passkey_default_name
                                    data-working=t.passkey_working
                                    data-failed=t.passkey_failed
                                    data-unsupported=t.passkey_unsupported
                                >
                                    {t.create_passkey}
                                </button>
                            </p>
                            <p
                                class="passkey-status"
                                data-passkey-status=""
                                role="status"
                                aria-live="polite"
                            ></p>
                        }
                            .into_any()
                    }
                    Err(_) => {
                        view! {
                            <p class="error" role="alert">
                                {t.invite_invalid}
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
