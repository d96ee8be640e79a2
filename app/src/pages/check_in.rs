//! The check-in page a desk's or room's QR code opens, and the printable sheet of a floor's
//! codes.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::checkin::{CheckOutHere, get_check_in_place, get_qr_sheet};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::way::{PlanRect, Way, texts as way_texts};
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
/// printable sheet with a check-in QR code per desk and room; with `?way=on` (and
/// `&step_free=on`) every card also tells the way from the entrance, in words and as a small
/// drawing of the route on the floor.
#[component]
pub fn QrSheetPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let params = use_params_map();
    let query = use_query_map();
    let choice = Memo::new(move |_| {
        let query = query.read();
        let on = |key: &str| query.get(key).is_some_and(|v| v == "on" || v == "true");
        WayChoice {
            way: on("way"),
            step_free: on("step_free"),
        }
    });
    let sheet = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("building"),
                params.get("level").and_then(|l| l.parse::<i32>().ok()),
                choice.get(),
            )
        },
        move |(building, level, choice)| async move {
            match level {
                Some(level) => {
                    get_qr_sheet(
                        building,
                        level,
                        Some(choice.way),
                        Some(choice.step_free),
                        Some(lang),
                    )
                    .await
                }
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
                        let with_way = choice.get_untracked().way;
                        let plan = Plan {
                            level: sheet.level,
                            width: sheet.plan_width,
                            height: sheet.plan_height,
                            zones: sheet.zones.clone(),
                        };
                        let cards = sheet
                            .cards
                            .into_iter()
                            .map(|card| {
                                let noun = match card.kind {
                                    PlaceKind::Desk => t.desk,
                                    PlaceKind::Room => t.room,
                                };
                                let alt = format!("{} {} {}", t.qr_scan, noun, card.label);
                                let way = with_way
                                    .then(|| card_way(card.way.as_ref(), &plan, lang));
                                view! {
                                    <li class="qr-card">
                                        <img src=card.image alt=alt width="160" height="160" />
                                        <strong>{noun} " " {card.label}</strong>
                                        <span>{card.detail}</span>
                                        <span class="qr-scan">{t.qr_scan}</span>
                                        <small class="qr-url">{card.url}</small>
                                        {way}
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <h1>{t.qr_sheet_title} ": " {sheet.floor}</h1>
                            <p class="no-print">{t.qr_sheet_hint}</p>
                            <WayChoices chosen=choice.get_untracked() />
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

/// Whether the sheet prints the ways, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WayChoice {
    way: bool,
    step_free: bool,
}

/// The choice of what to print under each code: nothing, the way from the entrance, or the
/// step-free way; links, so it works without JavaScript.
#[component]
fn WayChoices(chosen: WayChoice) -> impl IntoView {
    let w = way_texts(use_lang());
    let choices = [
        (
            WayChoice {
                way: false,
                step_free: false,
            },
            "?",
            w.sheet_without,
        ),
        (
            WayChoice {
                way: true,
                step_free: false,
            },
            "?way=on",
            w.sheet_with,
        ),
        (
            WayChoice {
                way: true,
                step_free: true,
            },
            "?way=on&step_free=on",
            w.sheet_step_free,
        ),
    ];
    let links = choices
        .into_iter()
        .map(|(choice, href, label)| {
            let current = (choice == chosen || (!chosen.way && !choice.way)).then_some("page");
            view! {
                <li>
                    <a href=href aria-current=current>
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="no-print qr-way-choice" aria-label=w.sheet_choice>
            <span>{w.sheet_choice}</span>
            <ul>{links}</ul>
        </nav>
    }
}

/// What a small drawing of a way needs of its floor.
struct Plan {
    level: i32,
    width: i32,
    height: i32,
    zones: Vec<PlanRect>,
}

/// Under a code: the way in words and, on this floor, as a small drawing (hidden from screen
/// readers: the words say the same).
fn card_way(way: Option<&Way>, plan: &Plan, lang: Lang) -> AnyView {
    let w = way_texts(lang);
    let Some(way) = way else {
        return view! { <p class="qr-way">{w.sheet_none}</p> }.into_any();
    };
    let steps = way
        .steps
        .iter()
        .map(|step| view! { <li>{step.text.clone()}</li> })
        .collect_view();
    let zones = plan
        .zones
        .iter()
        .map(|z| {
            view! {
                <rect class="qr-way-zone" x=z.x y=z.y width=z.width height=z.height />
            }
        })
        .collect_view();
    let mark = (plan.width.max(plan.height) / 50).max(1);
    let legs = way
        .legs
        .iter()
        .filter(|leg| leg.level == plan.level)
        .map(|leg| {
            let points = leg
                .points
                .iter()
                .map(|p| format!("{},{}", p.x, p.y))
                .collect::<Vec<_>>()
                .join(" ");
            let first = leg.points.first().copied();
            let last = leg.points.last().copied();
            view! {
                <polyline class="way-line" points=points />
                {first.map(|p| view! { <circle class="way-start" cx=p.x cy=p.y r=mark /> })}
                {last.map(|p| view! { <circle class="way-end" cx=p.x cy=p.y r=mark * 3 / 2 /> })}
            }
        })
        .collect_view();
    view! {
        <div class="qr-way">
            <svg
                class="qr-way-plan"
                aria-hidden="true"
                viewBox=format!("0 0 {} {}", plan.width, plan.height)
                preserveAspectRatio="xMidYMid meet"
            >
                {zones}
                {legs}
            </svg>
            <ol class="qr-way-steps">{steps}</ol>
            <p class="qr-way-summary">{way.summary.clone()}</p>
        </div>
    }
    .into_any()
}

/// Opens the browser's print dialogue (in the browser; nothing on the server).
fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ignored = window.print();
    }
}
