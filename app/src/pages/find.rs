//! "Find me a desk" (`/find`): day, slot and what the desk must or should have; the allocator
//! books the best free desk and says why. Below, requests for the day allocation: asked until
//! the evening before, then allocated together; the result with its reason, to decline. Team booking (`/team`, unit leads): tick people of
//! the unit, and they are placed together.

use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::allocation::{
    BookForTeam, FindMeADesk, MUST, NICE, RequestDesk, WithdrawDeskRequest, get_building_today,
    get_my_desk_requests, get_team_members,
};
use crate::error::AppError;
use crate::model::{
    DeskRequestView, FoundDesk, Need, RequestStatus, Slot, TeamBookingResult, floor_path,
};
use crate::pages::floor::format_day;
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;

/// The day (today in the building, at first) and slot fields shared by both forms.
#[component]
fn DayAndSlot(today: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let slots = [Slot::FullDay, Slot::Morning, Slot::Afternoon]
        .into_iter()
        .map(|option| view! { <option value=option.code()>{option.label(lang)}</option> })
        .collect_view();
    view! {
        <label class="field">
            {t.day_label}
            <input type="date" name="day" value=today.to_string() required />
        </label>
        <label class="field">
            {t.slot_label}
            <select name="slot">{slots}</select>
        </label>
    }
}

/// One select per need: any, nice to have, must have.
#[component]
fn NeedSelects() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    Need::ALL
        .into_iter()
        .map(|need| {
            view! {
                <label class="field">
                    {need.label(lang)}
                    <select name=need.code()>
                        <option value="">{t.need_any}</option>
                        <option value=NICE>{t.need_nice}</option>
                        <option value=MUST>{t.need_must}</option>
                    </select>
                </label>
            }
        })
        .collect_view()
}

/// `/find`.
#[component]
pub fn FindDeskPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let find = ServerAction::<FindMeADesk>::new();
    let today = Resource::new(|| (), |_| get_building_today());
    view! {
        <Title text=t.find_title />
        <h1>{t.find_title}</h1>
        <p>{t.find_intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match today.await {
                    Ok(today) => {
                        view! {
                            <ActionForm action=find attr:class="find-form">
                                <DayAndSlot today />
                                <fieldset class="needs">
                                    <legend>{t.find_needs}</legend>
                                    <NeedSelects />
                                </fieldset>
                                <button type="submit" class="primary">
                                    {t.find_button}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <div role="status" aria-live="polite">
            {move || {
                find.value()
                    .get()
                    .map(|result| match result {
                        Ok(found) => view! { <Found found /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    })
            }}
        </div>
        <DayRequests />
    }
}

/// Requests for the day allocation: the form, and one's requests with their results.
#[component]
fn DayRequests() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let ask = ServerAction::<RequestDesk>::new();
    let withdraw = ServerAction::<WithdrawDeskRequest>::new();
    let data = Resource::new(
        move || (ask.version().get(), withdraw.version().get()),
        |_| async {
            Ok::<_, AppError>((get_building_today().await?, get_my_desk_requests().await?))
        },
    );
    view! {
        <section class="day-requests" aria-labelledby="day-requests-heading">
            <h2 id="day-requests-heading">{t.request_heading}</h2>
            <p>{t.request_intro}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((today, requests)) => {
                            let tomorrow = today.succ_opt().unwrap_or(today);
                            view! {
                                <ActionForm action=ask attr:class="find-form request-form">
                                    <DayAndSlot today=tomorrow />
                                    <fieldset class="needs">
                                        <legend>{t.find_needs}</legend>
                                        <NeedSelects />
                                    </fieldset>
                                    <button type="submit">{t.request_button}</button>
                                </ActionForm>
                                <div role="status" aria-live="polite">
                                    {move || {
                                        ask.value()
                                            .get()
                                            .and_then(Result::err)
                                            .or_else(|| withdraw.value().get().and_then(Result::err))
                                            .map(|error| view! { <ErrorNotice error /> })
                                    }}
                                </div>
                                <h3>{t.request_mine}</h3>
                                <RequestTable requests withdraw />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One's requests: day, slot, state, the desk given and why, and a button to withdraw or
/// decline.
#[component]
fn RequestTable(
    requests: Vec<DeskRequestView>,
    withdraw: ServerAction<WithdrawDeskRequest>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    if requests.is_empty() {
        return view! { <p>{t.request_none}</p> }.into_any();
    }
    let rows = requests
        .into_iter()
        .map(|r| {
            let desk = match (&r.desk, &r.building, r.level, r.desk_id) {
                (Some(desk), Some(building), Some(level), Some(id)) => {
                    let href = format!(
                        "{}?day={}&slot={}&desk={id}",
                        floor_path(building, level),
                        r.day,
                        r.slot.code()
                    );
                    view! { <a href=href>{format!("{} {desk}", t.desk)}</a> }.into_any()
                }
                _ if r.status == RequestStatus::Pending => {
                    let eve = r.day.pred_opt().unwrap_or(r.day);
                    view! { <span>{format!("{} {}", t.request_closes, format_day(eve, lang))}</span> }
                        .into_any()
                }
                _ => view! { <span aria-hidden="true">"–"</span> }.into_any(),
            };
            let button = match r.status {
                RequestStatus::Pending => Some(t.request_withdraw),
                RequestStatus::Placed => Some(t.request_decline),
                _ => None,
            }
            .map(|label| {
                let hidden = format!(" {}", format_day(r.day, lang));
                view! {
                    <ActionForm action=withdraw>
                        <input type="hidden" name="request_id" value=r.id.to_string() />
                        <button type="submit" class="danger">
                            {label}
                            <span class="visually-hidden">{hidden}</span>
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <tr data-request=r.id>
                    <td>{format_day(r.day, lang)}</td>
                    <td>{r.slot.label(lang)}</td>
                    <td>{r.status.label(lang)}</td>
                    <td>{desk}</td>
                    <td>{r.explanation.unwrap_or_default()}</td>
                    <td>{button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table requests">
            <thead>
                <tr>
                    <th scope="col">{t.day_label}</th>
                    <th scope="col">{t.slot_label}</th>
                    <th scope="col">{t.status_label}</th>
                    <th scope="col">{t.desk}</th>
                    <th scope="col">{t.find_why}</th>
                    <th scope="col">
                        <span class="visually-hidden">{t.request_withdraw}</span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The desk found and booked, and why.
#[component]
fn Found(found: FoundDesk) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let href = format!(
        "{}?day={}&slot={}&desk={}",
        floor_path(&found.building, found.level),
        found.day,
        found.slot.code(),
        found.desk_id
    );
    // The way to the desk from the entrance, on its floor's plan.
    let way_href = format!(
        "{}?desk={}&way_desk={}",
        floor_path(&found.building, found.level),
        found.desk_id,
        found.desk_id
    );
    view! {
        <section class="found" aria-label=t.booking_result data-desk=found.desk_id>
            <h2>
                <span aria-hidden="true">"✓ "</span>
                {format!("{} {}", t.desk, found.desk)}
                " – "
                {t.booked_ok}
            </h2>
            <p>
                {format_day(found.day, lang)} ", " {found.slot.label(lang)} ", " {t.zone} " "
                {found.zone} ", " {t.floor} " " {found.level}
            </p>
            <p class="explanation">{found.explanation}</p>
            <p>
                <a href=href>{t.find_show_on_plan}</a>
                " · "
                <a href=way_href class="way-link">
                    {crate::model::way::texts(lang).show}
                </a>
                " · "
                <a href="/bookings">{t.my_bookings_title}</a>
            </p>
        </section>
    }
}

/// `/team`.
#[component]
pub fn TeamBookingPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let book = ServerAction::<BookForTeam>::new();
    let members = Resource::new(
        || (),
        |_| async { Ok::<_, AppError>((get_building_today().await?, get_team_members().await?)) },
    );
    view! {
        <Title text=t.team_title />
        <h1>{t.team_title}</h1>
        <p>{t.team_intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match members.await {
                    Ok((today, members)) => {
                        let boxes = members
                            .into_iter()
                            .map(|m| {
                                let name = format!("people[{}]", m.id);
                                view! {
                                    <label class="check">
                                        <input type="checkbox" name=name value=m.id.to_string() />
                                        {m.name}
                                    </label>
                                }
                            })
                            .collect_view();
                        view! {
                            <ActionForm action=book attr:class="team-form">
                                <DayAndSlot today />
                                <fieldset class="members">
                                    <legend>{t.team_members}</legend>
                                    {boxes}
                                </fieldset>
                                <button type="submit" class="primary">
                                    {t.team_button}
                                </button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <div role="status" aria-live="polite">
            {move || {
                book.value()
                    .get()
                    .map(|result| match result {
                        Ok(result) => view! { <TeamResult result /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    })
            }}
        </div>
    }
}

/// Where each member of a team booking sits, or why not.
#[component]
fn TeamResult(result: TeamBookingResult) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let rows = result
        .placements
        .into_iter()
        .map(|p| {
            let (mark, place) = match (&p.desk, p.refusal) {
                (Some(desk), _) => (
                    "✓ ",
                    format!(
                        "{} {desk}, {} {}, {} {}",
                        t.desk,
                        t.zone,
                        p.zone.clone().unwrap_or_default(),
                        t.floor,
                        p.level.unwrap_or_default()
                    ),
                ),
                (None, Some(refusal)) => (
                    "✗ ",
                    format!("{} – {}", t.refused_label, refusal.message(lang)),
                ),
                (None, None) => ("✗ ", t.refused_label.to_owned()),
            };
            let class = if p.desk.is_some() {
                "outcome-booked"
            } else {
                "outcome-refused"
            };
            view! {
                <tr class=class data-person=p.person_id>
                    <th scope="row">{p.name}</th>
                    <td>
                        <span aria-hidden="true">{mark}</span>
                        {place}
                    </td>
                    <td>{p.explanation}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="team-result" aria-label=t.booking_result>
            <h2>{format!("{} – {}, {}", t.booking_result, format_day(result.day, lang), result.slot.label(lang))}</h2>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{t.team_person}</th>
                        <th scope="col">{t.desk}</th>
                        <th scope="col">{t.find_why}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
