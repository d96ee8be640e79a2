//! Where colleagues of one's unit who share it sit today, above the plan.

use leptos::prelude::*;

use crate::bookings::colleagues_today;
use crate::model::floor_path;
use crate::shell::use_lang;

/// Where colleagues of one's unit who share it sit today.
#[component]
pub(super) fn Colleagues() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let colleagues = Resource::new(|| (), |_| colleagues_today());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let list = colleagues.await.unwrap_or_default();
                let count = list.len();
                let items = list
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li>
                                {c.name} ": "
                                <a href=format!("{}?desk={}", floor_path(&c.building, c.level), c.desk_id)>
                                    {format!("{} {}", t.desk, c.desk)}
                                </a>
                                " (" {c.slot.label(lang)} ")"
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <details class="colleagues">
                        <summary>{format!("{} ({count})", t.colleagues_heading)}</summary>
                        {if count == 0 {
                            view! { <p>{t.colleagues_none}</p> }.into_any()
                        } else {
                            view! { <ul>{items}</ul> }.into_any()
                        }}
                    </details>
                }
            })}
        </Suspense>
    }
}
