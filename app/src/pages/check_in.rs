//! The check-in page a desk's or room's QR code opens, and the printable sheet of a floor's
//! codes.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::checkin::{CheckOutHere, get_check_in_place, get_qr_sheet};
use crate::error::AppError;
use crate::model::{BookingStatus, CheckInPlace, PlaceKind};
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;

/// `/check-in/:kind/:id`: confirm with a passkey to check in here.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let t = use_lang().texts();
    let params = use_params_map();
    let check_out = ServerAction::<CheckOutHere>::new();
    let place = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("kind").unwrap_or_default(),
                params.get("id").and_then(|id| id.parse::<i32>().ok()),
                check_out.version().get(),
            )
        },
        |(kind, id, _)| async move {
            match id {
                Some(id) => get_check_in_place(kind, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t.checkin_title />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match place.await {
                    Ok(place) => view! { <PlaceCheckIn place check_out /> }.into_any(),
                    Err(error) => {
                        view! {
                            <h1>{t.checkin_title}</h1>
                            <ErrorNotice error />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlaceCheckIn(place: CheckInPlace, check_out: ServerAction<CheckOutHere>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let noun = match place.kind {
        PlaceKind::Desk => t.desk,
        PlaceKind::Room => t.room,
    };
    let location = [place.floor.as_str(), place.zone.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let mine = place.mine.clone();
    let checked_in = mine
        .as_ref()
        .filter(|m| m.status == BookingStatus::Active && m.checked_in)
        .cloned();
    let checked_out = mine
        .as_ref()
        .is_some_and(|m| m.status == BookingStatus::CheckedOut);
    let booked = mine
        .as_ref()
        .filter(|m| m.status == BookingStatus::Active && !m.checked_in)
        .map(|m| m.slot.label(lang));
    let explain = match place.kind {
        PlaceKind::Desk => t.checkin_explain_desk,
        PlaceKind::Room => t.checkin_explain_room,
    };
    let (desk_id, room_id) = match place.kind {
        PlaceKind::Desk => (Some(place.id.to_string()), None),
        PlaceKind::Room => (None, Some(place.id.to_string())),
    };
    let reload = (place.kind == PlaceKind::Desk).then_some("");
    let failed = move || {
        check_out
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorNotice error /> })
    };
    let body = if let Some(mine) = checked_in {
        view! {
            <p class="notice success" role="status">
                <span aria-hidden="true">"✓ "</span>
                {t.checkin_checked_in}
                " ("
                {mine.slot.label(lang)}
                ")"
            </p>
            <ActionForm action=check_out>
                <input type="hidden" name="booking_id" value=mine.booking_id.to_string() />
                <button type="submit">{t.checkin_check_out}</button>
            </ActionForm>
            {failed}
        }
        .into_any()
    } else if checked_out {
        view! {
            <p class="notice" role="status">
                {t.checkin_checked_out}
            </p>
        }
        .into_any()
    } else {
        view! {
            {booked
                .map(|slot| {
                    view! {
                        <p class="notice">
                            {t.checkin_booked_not_checked_in} " (" {slot} ")"
                        </p>
                    }
                })}
            <p>{explain}</p>
            <p>
                <button
                    type="button"
                    class="primary"
                    data-passkey="check-in"
                    data-desk=desk_id
                    data-room=room_id
                    data-reload=reload
                    data-working=t.passkey_working
                    data-failed=t.checkin_failed
                    data-unsupported=t.passkey_unsupported
                    data-done=t.checkin_done
                >
                    {t.checkin_confirm}
                </button>
            </p>
            <p class="passkey-status" data-passkey-status="" role="status" aria-live="polite"></p>
        }
        .into_any()
    };
    view! {
        <h1>{t.checkin_title} ": " {noun} " " {place.label.clone()}</h1>
        <p class="place-location">{location}</p>
        {body}
    }
}

/// `/buildings/:building/floors/:level/qr` (and `/floors/:level/qr` in the home building): a
/// printable sheet with a check-in QR code per desk and room.
#[component]
pub fn QrSheetPage() -> impl IntoView {
    let t = use_lang().texts();
    let params = use_params_map();
    let sheet = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("building"),
                params.get("level").and_then(|l| l.parse::<i32>().ok()),
            )
        },
        |(building, level)| async move {
            match level {
                Some(level) => get_qr_sheet(building, level).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t.qr_sheet_title />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(sheet) => {
                        let cards = sheet
                            .cards
                            .into_iter()
                            .map(|card| {
                                let noun = match card.kind {
                                    PlaceKind::Desk => t.desk,
                                    PlaceKind::Room => t.room,
                                };
                                let alt = format!("{} {} {}", t.qr_scan, noun, card.label);
                                view! {
                                    <li class="qr-card">
                                        <img src=card.image alt=alt width="160" height="160" />
                                        <strong>{noun} " " {card.label}</strong>
                                        <span>{card.detail}</span>
                                        <span class="qr-scan">{t.qr_scan}</span>
                                        <small class="qr-url">{card.url}</small>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <h1>{t.qr_sheet_title} ": " {sheet.floor}</h1>
                            <p class="no-print">{t.qr_sheet_hint}</p>
                            <p class="no-print">
                                // A handler of the WebAssembly, not an inline one: the
                                // Content-Security-Policy allows no inline event handlers.
                                <button type="button" on:click=move |_| print_page()>
                                    {t.qr_print}
                                </button>
                            </p>
                            <ul class="qr-sheet">{cards}</ul>
                        }
                            .into_any()
                    }
                    Err(error) => {
                        view! {
                            <h1>{t.qr_sheet_title}</h1>
                            <ErrorNotice error />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Opens the browser's print dialogue (in the browser; nothing on the server).
fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ignored = window.print();
    }
}
