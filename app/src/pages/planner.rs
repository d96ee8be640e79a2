//! The home-zone plan (`/home-zone-plan`), for facility managers: the planner's proposal for
//! every unit beside its home zones today, from the use of the last four weeks, with the
//! figures behind it. Read only; a form sets the percentile of days the zones should hold.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::model::planner::{PlannedZone, PlannerView, UnitPlan};
use crate::pages::{ErrorNotice, Loading};
use crate::reports::get_planner;
use crate::shell::use_lang;

/// The query keys of the weights, in the order of [`crate::i18n::planner::PlannerTexts::weight_labels`].
const WEIGHT_KEYS: [&str; 5] = [
    "w_overflow",
    "w_shortfall",
    "w_together",
    "w_apart",
    "w_moved",
];

/// `/home-zone-plan`.
#[component]
pub fn PlannerPage() -> impl IntoView {
    let t = use_lang().texts().planner;
    let query = use_query_map();
    let plan = Resource::new(
        move || {
            let q = query.read();
            let weight = |key: &str| q.get(key).and_then(|w| w.parse::<u32>().ok());
            (
                q.get("percentile").and_then(|p| p.parse::<u8>().ok()),
                WEIGHT_KEYS.map(weight),
            )
        },
        |(percentile, [overflow, shortfall, together, apart, moved])| {
            get_planner(percentile, overflow, shortfall, together, apart, moved)
        },
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <p>{t.rules}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(plan) => view! { <Plan plan /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn zones_text(zones: &[PlannedZone], none: &str, level: &str) -> String {
    if zones.is_empty() {
        return none.to_owned();
    }
    zones
        .iter()
        .map(|z| format!("{} ({level} {})", z.name, z.level))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn Plan(plan: PlannerView) -> impl IntoView {
    let t = use_lang().texts().planner;
    let rows = plan
        .units
        .iter()
        .map(|u: &UnitPlan| {
            let figure = |v: Option<u32>| v.map_or_else(|| t.hidden.to_owned(), |v| v.to_string());
            let overflow = match (u.overflow_days_today, u.overflow_days_proposed) {
                (Some(a), Some(b)) => format!("{a} → {b}"),
                _ => t.hidden.to_owned(),
            };
            view! {
                <tr>
                    <th scope="row">{u.unit.clone()}</th>
                    <td>{u.organisation.clone()}</td>
                    <td>{zones_text(&u.today, t.none, t.level)}</td>
                    <td>{zones_text(&u.proposed, t.none, t.level)}</td>
                    <td>{format!("{} → {}", u.desks_today, u.desks_proposed)}</td>
                    <td>{figure(u.demand)}</td>
                    <td>{overflow}</td>
                    <td>
                        {if u.moved {
                            view! { <strong>{t.moves}</strong> }.into_any()
                        } else {
                            t.stays.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let w = plan.weights;
    let values = [w.overflow, w.shortfall, w.together, w.apart, w.moved];
    let weight_inputs = WEIGHT_KEYS
        .iter()
        .zip(t.weight_labels)
        .zip(values)
        .map(|((key, label), value)| {
            view! {
                <label for=*key>{label}</label>
                <input id=*key name=*key type="number" min="0" max="1000" value=value.to_string() />
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/home-zone-plan" class="planner-form">
            <label for="percentile">{t.percentile}</label>
            <input
                id="percentile"
                name="percentile"
                type="number"
                min="1"
                max="100"
                value=plan.percentile.to_string()
            />
            <fieldset>
                <legend>{t.weights}</legend>
                {weight_inputs}
            </fieldset>
            <button type="submit">{t.compute}</button>
        </form>
        <dl class="planner-summary">
            <dt>{t.working_days}</dt>
            <dd>{plan.working_days}</dd>
            <dt>{t.overflow_days}</dt>
            <dd>{format!("{} → {}", plan.overflow_days_today, plan.overflow_days_proposed)}</dd>
            <dt>{t.units_moved}</dt>
            <dd>{plan.units_moved}</dd>
        </dl>
        <div class="table-scroll" tabindex="0" role="group" aria-label=t.title>
            <table id="home-zone-plan">
                <thead>
                    <tr>
                        <th scope="col">{t.unit}</th>
                        <th scope="col">{t.organisation}</th>
                        <th scope="col">{t.today}</th>
                        <th scope="col">{t.proposed}</th>
                        <th scope="col">{t.desks}</th>
                        <th scope="col">{t.demand}</th>
                        <th scope="col">{t.overflow}</th>
                        <th scope="col">{t.change}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
