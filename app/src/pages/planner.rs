//! The home-zone plan (`/home-zone-plan`). Facility managers and building administrators see
//! the planner's proposal for every unit beside its home zones today, from the use of the last
//! four weeks, as a table and drawn on the floor plans, and keep it as a plan from a day on.
//! Organisation administrators consent to a plan that moves their units. All of them edit the
//! pairs of units that work together (organisation administrators their own units').

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::model::planner::{
    PlanFloor, PlannedZone, PlannerSetup, PlannerView, StoredPlan, UnitPlan,
};
use crate::pages::{ErrorNotice, Loading};
use crate::planner::{
    ConsentZonePlan, KeepZonePlan, SetUnitAffinity, WithdrawZonePlan, get_planner_setup,
};
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
    let keep = ServerAction::<KeepZonePlan>::new();
    let consent = ServerAction::<ConsentZonePlan>::new();
    let withdraw = ServerAction::<WithdrawZonePlan>::new();
    let pair = ServerAction::<SetUnitAffinity>::new();
    let plan = Resource::new(
        move || {
            let q = query.read();
            let weight = |key: &str| q.get(key).and_then(|w| w.parse::<u32>().ok());
            (
                q.get("percentile").and_then(|p| p.parse::<u8>().ok()),
                WEIGHT_KEYS.map(weight),
                consent.version().get(),
            )
        },
        |(percentile, [overflow, shortfall, together, apart, moved], _)| {
            get_planner(percentile, overflow, shortfall, together, apart, moved)
        },
    );
    let setup = Resource::new(
        move || {
            (
                keep.version().get(),
                consent.version().get(),
                withdraw.version().get(),
                pair.version().get(),
            )
        },
        |_| get_planner_setup(),
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <p>{t.rules}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(plan) => view! { <Plan plan keep /> }.into_any(),
                    // Organisation administrators see the plans and pairs, not the proposal.
                    Err(AppError::Forbidden) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match setup.await {
                    Ok(setup) => view! { <Setup setup consent withdraw pair /> }.into_any(),
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

/// Desks per person today → as proposed, with two decimals; hidden for small units.
fn per_person(u: &UnitPlan) -> String {
    let t = use_lang().texts().planner;
    match u.people {
        Some(people) if people > 0 => format!(
            "{:.2} → {:.2}",
            f64::from(u.desks_today) / f64::from(people),
            f64::from(u.desks_proposed) / f64::from(people)
        ),
        Some(_) => "–".to_owned(),
        None => t.hidden.to_owned(),
    }
}

#[component]
fn Plan(plan: PlannerView, keep: ServerAction<KeepZonePlan>) -> impl IntoView {
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
                    <td>{per_person(u)}</td>
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
    // The same weights, sent along when the proposal is kept as a plan.
    let kept_weights = WEIGHT_KEYS
        .iter()
        .zip(values)
        .map(|(key, value)| view! { <input type="hidden" name=*key value=value.to_string() /> })
        .collect_view();
    let floors = plan
        .floors
        .iter()
        .enumerate()
        .map(|(index, floor)| view! { <FloorDrawing floor=floor.clone() index /> })
        .collect_view();
    let moved = plan.units_moved;
    let kept = move || {
        keep.value().get().map(|result| match result {
            Ok(_) => view! { <p role="status" class="notice">{t.kept}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
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
                        <th scope="col">{t.desks_per_person}</th>
                        <th scope="col">{t.demand}</th>
                        <th scope="col">{t.overflow}</th>
                        <th scope="col">{t.change}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <section aria-labelledby="plan-floors-heading" class="plan-floors">
            <h2 id="plan-floors-heading">{t.floors_heading}</h2>
            <p>{t.floors_intro}</p>
            {floors}
        </section>
        {(moved > 0)
            .then(|| {
                view! {
                    <section aria-labelledby="keep-plan-heading">
                        <h2 id="keep-plan-heading">{t.keep_heading}</h2>
                        <p>{t.keep_intro}</p>
                        <ActionForm action=keep attr:class="planner-form" attr:id="keep-plan">
                            <input
                                type="hidden"
                                name="percentile"
                                value=plan.percentile.to_string()
                            />
                            {kept_weights}
                            <label for="effective_from">{t.effective_from}</label>
                            <input id="effective_from" name="effective_from" type="date" required />
                            <button type="submit">{t.keep}</button>
                        </ActionForm>
                        {kept}
                    </section>
                }
            })}
    }
}

/// One floor with its zones: the units holding each today and as proposed. A changed zone has
/// a dashed outline and its new units are written out, so colour is not the only signal; the
/// table above says the same for screen readers.
#[component]
fn FloorDrawing(floor: PlanFloor, index: usize) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().planner;
    // By position: two buildings may each have a floor of the same level.
    let title_id = format!("plan-floor-{index}");
    let zones = floor
        .zones
        .iter()
        .map(|z| {
            let changed = z.today != z.proposed;
            let names = |units: &[String]| {
                if units.is_empty() {
                    t.no_unit.to_owned()
                } else {
                    units.join(", ")
                }
            };
            let (x, y) = (z.x + 12, z.y + 34);
            view! {
                <g
                    class=format!(
                        "zone zone-{} {}",
                        z.kind,
                        if changed { "zone-changed" } else { "" },
                    )
                    data-zone=z.id
                >
                    <rect x=z.x y=z.y width=z.width height=z.height />
                    <text x=x y=y class="zone-name">
                        {z.name.clone()}
                    </text>
                    <text x=x y=y + 34 class="zone-holders">
                        {format!("{}: {}", t.drawn_today, names(&z.today))}
                    </text>
                    {changed
                        .then(|| {
                            view! {
                                <text x=x y=y + 68 class="zone-holders zone-new">
                                    {format!("{}: {}", t.drawn_proposed, names(&z.proposed))}
                                </text>
                            }
                        })}
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="plan plan-drawing">
            <svg
                viewBox=format!("0 0 {} {}", floor.width, floor.height)
                aria-labelledby=title_id.clone()
                role="img"
                class="floor-plan"
            >
                <title id=title_id.clone()>{format!("{} – {}", t.floors_heading, floor.name)}</title>
                <rect class="outline" x="0" y="0" width=floor.width height=floor.height />
                {zones}
            </svg>
            <figcaption>{floor.name.clone()}</figcaption>
        </figure>
    }
}

#[component]
fn Setup(
    setup: PlannerSetup,
    consent: ServerAction<ConsentZonePlan>,
    withdraw: ServerAction<WithdrawZonePlan>,
    pair: ServerAction<SetUnitAffinity>,
) -> impl IntoView {
    let t = use_lang().texts().planner;
    let plans = if setup.plans.is_empty() {
        view! { <p>{t.no_plans}</p> }.into_any()
    } else {
        setup
            .plans
            .iter()
            .map(|p| {
                view! {
                    <StoredPlanView
                        plan=p.clone()
                        organisation_id=setup.organisation_id
                        may_consent=setup.may_consent
                        may_keep=setup.may_keep
                        consent
                        withdraw
                    />
                }
            })
            .collect_view()
            .into_any()
    };
    let acted = move || {
        consent
            .value()
            .get()
            .map(|r| r.map(|_| ()))
            .or_else(|| withdraw.value().get().map(|r| r.map(|_| ())))
            .map(|result| match result {
                Ok(()) => view! { <p role="status" class="notice">{t.saved}</p> }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })
    };
    let pairs = if setup.affinities.is_empty() {
        view! { <p>{t.no_affinities}</p> }.into_any()
    } else {
        let rows = setup
            .affinities
            .iter()
            .map(|a| {
                view! {
                    <tr>
                        <td>{a.unit_a_name.clone()}</td>
                        <td>{a.unit_b_name.clone()}</td>
                        <td>{a.weight}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="unit-affinities">
                <thead>
                    <tr>
                        <th scope="col">{t.unit_a}</th>
                        <th scope="col">{t.unit_b}</th>
                        <th scope="col">{t.affinity_weight}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let options = |units: &[(i32, String)]| {
        units
            .iter()
            .map(|(id, name)| view! { <option value=*id>{name.clone()}</option> })
            .collect_view()
    };
    let paired = move || {
        pair.value().get().map(|result| match result {
            Ok(()) => view! { <p role="status" class="notice">{t.saved}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    view! {
        <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">{t.plans_heading}</h2>
            {acted}
            {plans}
        </section>
        <section aria-labelledby="affinity-heading">
            <h2 id="affinity-heading">{t.affinity_heading}</h2>
            <p>{t.affinity_intro}</p>
            {pairs}
            <ActionForm action=pair attr:class="planner-form" attr:id="set-affinity">
                <label for="unit_a">{t.unit_a}</label>
                <select id="unit_a" name="unit_a" required>
                    {options(&setup.units)}
                </select>
                <label for="unit_b">{t.unit_b}</label>
                <select id="unit_b" name="unit_b" required>
                    {options(&setup.units)}
                </select>
                <label for="affinity_weight">{t.affinity_weight}</label>
                <input
                    id="affinity_weight"
                    name="weight"
                    type="number"
                    min="0"
                    max="10"
                    value="5"
                    required
                />
                <button type="submit">{t.affinity_set}</button>
            </ActionForm>
            {paired}
        </section>
    }
}

#[component]
fn StoredPlanView(
    plan: StoredPlan,
    organisation_id: i32,
    may_consent: bool,
    may_keep: bool,
    consent: ServerAction<ConsentZonePlan>,
    withdraw: ServerAction<WithdrawZonePlan>,
) -> impl IntoView {
    let t = use_lang().texts().planner;
    let status = match plan.status.as_str() {
        "proposed" => t.statuses[0],
        "applied" => t.statuses[1],
        _ => t.statuses[2],
    };
    let waiting = plan.status == "proposed";
    let ours_pending = plan
        .consents
        .iter()
        .any(|c| c.organisation.id == organisation_id && c.given_at.is_none());
    let heading_id = format!("plan-{}", plan.id);
    let labelled_by = heading_id.clone();
    let moves = plan
        .moves
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{m.unit.clone()}</th>
                    <td>{zones_text(&m.zones, t.none, t.level)}</td>
                </tr>
            }
        })
        .collect_view();
    let consents = plan
        .consents
        .iter()
        .map(|c| {
            let state = c.given_at.map_or_else(
                || t.pending.to_owned(),
                |at| format!("{} {}", t.consented, at.format("%Y-%m-%d")),
            );
            view! {
                <li>
                    <strong>{c.organisation.name.clone()}</strong>
                    ": "
                    {state}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="stored-plan" aria-labelledby=labelled_by data-plan=plan.id>
            <h3 id=heading_id>
                {format!("{} {} – {} {} ({status})", t.plan, plan.id, t.applies_from, plan.effective_from)}
            </h3>
            <table class="plan-moves">
                <caption>{t.moves_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.unit}</th>
                        <th scope="col">{t.new_zones}</th>
                    </tr>
                </thead>
                <tbody>{moves}</tbody>
            </table>
            <h4>{t.consent_caption}</h4>
            <ul class="plan-consents">{consents}</ul>
            {(waiting && may_consent && ours_pending)
                .then(|| {
                    view! {
                        <ActionForm action=consent attr:class="inline-form">
                            <input type="hidden" name="id" value=plan.id />
                            <button type="submit">{t.consent}</button>
                        </ActionForm>
                    }
                })}
            {(waiting && may_keep)
                .then(|| {
                    view! {
                        <ActionForm action=withdraw attr:class="inline-form">
                            <input type="hidden" name="id" value=plan.id />
                            <button type="submit" class="danger">
                                {t.withdraw}
                            </button>
                        </ActionForm>
                    }
                })}
        </article>
    }
}
