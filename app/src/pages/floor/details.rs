//! The details panel of the selected desk: its state, halves, live sensor state and equipment,
//! the booking form (once or weekly) or the cancel button, and what booking or cancelling did.

use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::prelude::*;

use super::{format_day, select_handler};
use crate::bookings::{BookDesk, CancelBooking};
use crate::model::{Availability, DayResult, DeskAvailability, DeskView, Live, Slot};
use crate::pages::ErrorNotice;
use crate::shell::use_lang;

#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn DeskDetails(
    desk: DeskView,
    sensor: Option<RwSignal<Live>>,
    availability: Option<DeskAvailability>,
    day: NaiveDate,
    period: Slot,
    close: String,
    book: ServerAction<BookDesk>,
    cancel: ServerAction<CancelBooking>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let equipment = desk.equipment.describe(lang);
    let equipment = if equipment.is_empty() {
        view! { <li>{t.no_equipment}</li> }.into_any()
    } else {
        equipment
            .into_iter()
            .map(|item| view! { <li>{item}</li> })
            .collect_view()
            .into_any()
    };
    let state = availability
        .as_ref()
        .map_or(Availability::Blocked, |a| a.state);
    let halves = availability.as_ref().map(|a| {
        format!(
            "{}: {}, {}: {}",
            t.slot_morning,
            a.morning.label(lang),
            t.slot_afternoon,
            a.afternoon.label(lang)
        )
    });
    let zone_hint = availability.as_ref().map(|a| {
        if a.home_zone {
            view! { <p class="hint home-zone">{t.home_zone_hint}</p> }.into_any()
        } else {
            view! { <p class="hint outside-home-zone">{t.outside_home_zone_hint}</p> }.into_any()
        }
    });
    let action = match (state, availability.as_ref().and_then(|a| a.booking_id)) {
        (Availability::Free, _) => {
            view! { <BookForm desk_id=desk.id day period book /> }.into_any()
        }
        (Availability::Mine, Some(booking_id)) => view! {
            <ActionForm action=cancel>
                <input type="hidden" name="booking_id" value=booking_id.to_string() />
                <button type="submit">{t.cancel_button}</button>
            </ActionForm>
        }
        .into_any(),
        _ => ().into_any(),
    };
    // After a booking: the way to the desk ("Weg zeigen").
    let way_href = format!("?desk={}&way_desk={}", desk.id, desk.id);
    let outcome = move || {
        book.value().get().map(|result| match result {
            Ok(outcomes) => {
                let way_link = outcomes
                    .iter()
                    .any(|o| matches!(o.result, DayResult::Booked { .. }))
                    .then(|| {
                        view! {
                            <p class="way-link">
                                <a href=way_href.clone()>{crate::model::way::texts(lang).show}</a>
                            </p>
                        }
                    });
                let items = outcomes
                    .into_iter()
                    .map(|outcome| {
                        let day = format_day(outcome.day, lang);
                        match outcome.result {
                            DayResult::Booked { .. } => view! {
                                <li class="outcome-booked">
                                    <span aria-hidden="true">"✓ "</span>
                                    {day} ": " {t.booked_ok}
                                </li>
                            }
                            .into_any(),
                            DayResult::Refused { reason } => view! {
                                <li class="outcome-refused">
                                    <span aria-hidden="true">"✗ "</span>
                                    {day} ": " {t.refused_label} " – " {reason.message(lang)}
                                </li>
                            }
                            .into_any(),
                        }
                    })
                    .collect_view();
                view! {
                    <section class="booking-outcome" aria-label=t.booking_result>
                        <h3>{t.booking_result}</h3>
                        <ul>{items}</ul>
                        {way_link}
                    </section>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let cancelled = move || {
        cancel.value().get().map(|result| match result {
            Ok(()) => view! { <p role="status">{t.cancelled_ok}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    view! {
        <div class="desk-details" data-desk=desk.label.clone() data-desk-id=desk.id.to_string()>
            <h2 tabindex="-1">{format!("{} {}", t.desk, desk.label)}</h2>
            <dl>
                <dt>{t.zone}</dt>
                <dd>{desk.zone.clone()}</dd>
                <dt>{t.state_for_slot} " (" {format_day(day, lang)} ", " {period.label(lang)} ")"</dt>
                <dd class=format!("state state-{}", state.css())>{state.label(lang)}</dd>
                {halves.map(|halves| view! { <dd class="halves">{halves}</dd> })}
                <dt>{t.live_heading}</dt>
                <dd class="live">
                    {move || match sensor {
                        Some(s) => s.get().label(lang, false),
                        None => t.live_no_sensor,
                    }}
                </dd>
                <dt>{t.equipment}</dt>
                <dd>
                    <ul class="equipment">{equipment}</ul>
                </dd>
            </dl>
            {zone_hint}
            {action}
            {outcome}
            {cancelled}
            <a class="close" href=close.clone() on:click=select_handler(close)>
                {t.close}
            </a>
        </div>
    }
}

/// Books the selected desk for the day and slot shown, or weekly on ticked weekdays.
#[component]
fn BookForm(
    desk_id: i32,
    day: NaiveDate,
    period: Slot,
    book: ServerAction<BookDesk>,
) -> impl IntoView {
    let t = use_lang().texts();
    let weekdays = [
        ("mon", t.weekday_mon),
        ("tue", t.weekday_tue),
        ("wed", t.weekday_wed),
        ("thu", t.weekday_thu),
        ("fri", t.weekday_fri),
    ]
    .into_iter()
    .map(|(name, label)| {
        view! {
            <label class="check">
                <input type="checkbox" name=name />
                {label}
            </label>
        }
    })
    .collect_view();
    view! {
        <ActionForm action=book attr:class="book-form">
            <input type="hidden" name="desk_id" value=desk_id.to_string() />
            <input type="hidden" name="day" value=day.to_string() />
            <input type="hidden" name="slot" value=period.code() />
            <details class="repeat">
                <summary>{t.book_repeat}</summary>
                <fieldset>
                    <legend>{t.book_repeat}</legend>
                    {weekdays}
                    <label class="field">
                        {t.weeks_label}
                        <input type="number" name="weeks" min="1" max="26" value="4" />
                    </label>
                </fieldset>
            </details>
            <button type="submit" class="primary">
                {t.book_button}
            </button>
        </ActionForm>
    }
}
