//! What Platzwahl stores (`/privacy`), for everybody: each kind of data, what for, how long
//! (from the configuration in force) and who sees it; the basis of a record of processing.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::model::reports::ProcessingRecord;
use crate::pages::{ErrorNotice, Loading};
use crate::reports::get_processing_record;
use crate::shell::use_lang;

/// `/privacy`.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_lang().texts().reports;
    let record = Resource::new(|| (), |_| get_processing_record());
    view! {
        <Title text=t.privacy_title />
        <h1>{t.privacy_title}</h1>
        <p>{t.privacy_intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(record) => view! { <Record record /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Record(record: ProcessingRecord) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().reports;
    let rows = record
        .entries
        .iter()
        .map(|(kind, keep)| {
            let (name, purpose, who) = kind.texts(lang);
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td>{purpose}</td>
                    <td class="kept">{keep.text(lang)}</td>
                    <td>{who}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="group" aria-label=t.privacy_title>
            <table id="processing-record">
                <thead>
                    <tr>
                        <th scope="col">{t.data}</th>
                        <th scope="col">{t.purpose}</th>
                        <th scope="col">{t.kept}</th>
                        <th scope="col">{t.seen_by}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p>{t.privacy_reports_before} <strong>{record.min_group}</strong> {t.privacy_reports_after}</p>
    }
}
