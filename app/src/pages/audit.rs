//! The audit log (`/audit`), for organisation and building administrators: bookings and
//! changes of their organisation, newest first, fifty at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::model::reports::AuditPage;
use crate::pages::{ErrorNotice, Loading};
use crate::reports::get_audit;
use crate::shell::use_lang;

/// `/audit`.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let t = use_lang().texts().reports;
    let query = use_query_map();
    let page = Resource::new(
        move || {
            query
                .read()
                .get("before")
                .and_then(|b| b.parse::<i64>().ok())
        },
        get_audit,
    );
    view! {
        <Title text=t.audit_title />
        <h1>{t.audit_title}</h1>
        <p>{t.audit_intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Entries page /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Entries(page: AuditPage) -> impl IntoView {
    let t = use_lang().texts().reports;
    if page.entries.is_empty() {
        return view! { <p>{t.audit_none}</p> }.into_any();
    }
    let rows = page
        .entries
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string()}</td>
                    <td>{e.actor.unwrap_or_else(|| t.nobody.to_owned())}</td>
                    <td><code>{e.action}</code></td>
                    <td>{e.entity} {e.entity_id.map(|id| format!(" {id}"))}</td>
                    <td class="audit-detail">{e.detail.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="group" aria-label=t.audit_title>
            <table id="audit-table">
                <thead>
                    <tr>
                        <th scope="col">{t.when}</th>
                        <th scope="col">{t.who}</th>
                        <th scope="col">{t.what}</th>
                        <th scope="col">{t.record}</th>
                        <th scope="col">{t.detail}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {page
            .next_before
            .map(|before| view! { <p><a href=format!("/audit?before={before}")>{t.older}</a></p> })}
    }
    .into_any()
}
