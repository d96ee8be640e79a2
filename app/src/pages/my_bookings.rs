//! "My bookings": upcoming and past desk bookings, cancelling one or a date range, the calendar
//! feed address, and whether colleagues may see where one sits.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::bookings::{
    CancelBooking, CancelBookings, CreateCalendarFeed, RevokeCalendarFeed, SetShareLocation,
    get_my_bookings_page,
};
use crate::i18n::Lang;
use crate::model::{BookingStatus, BookingView, Notice, floor_path};
use crate::pages::floor::format_day;
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;

/// `/bookings`.
#[component]
pub fn MyBookingsPage() -> impl IntoView {
    let t = use_lang().texts();
    let cancel = ServerAction::<CancelBooking>::new();
    let cancel_range = ServerAction::<CancelBookings>::new();
    let create_feed = ServerAction::<CreateCalendarFeed>::new();
    let revoke_feed = ServerAction::<RevokeCalendarFeed>::new();
    let share = ServerAction::<SetShareLocation>::new();
    let page = Resource::new(
        move || {
            (
                cancel.version().get(),
                cancel_range.version().get(),
                create_feed.version().get(),
                revoke_feed.version().get(),
                share.version().get(),
            )
        },
        |_| get_my_bookings_page(),
    );
    view! {
        <Title text=t.my_bookings_title />
        <h1>{t.my_bookings_title}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        view! {
                            <Notices notices=page.notices />
                            <h2>{t.upcoming_heading}</h2>
                            <BookingTable bookings=page.bookings.upcoming cancel=Some(cancel) />
                            <ActionResult action=cancel />
                            <h2>{t.past_heading}</h2>
                            <BookingTable bookings=page.bookings.past cancel=None />
                            <CancelRangeForm action=cancel_range />
                            <CalendarFeed active=page.calendar_feed create=create_feed revoke=revoke_feed />
                            <ShareLocation on=page.share_location action=share />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What Platzwahl did with the person's bookings lately; nothing when there is nothing.
#[component]
fn Notices(notices: Vec<Notice>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    (!notices.is_empty()).then(|| {
        let items = notices
            .into_iter()
            .map(|n| view! { <li>{n.text(lang, &format_day(n.day, lang))}</li> })
            .collect_view();
        view! {
            <section class="notices" aria-labelledby="notices-heading">
                <h2 id="notices-heading">{t.notices_heading}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}

/// A table of bookings; with a cancel button per row when `cancel` is given.
#[component]
fn BookingTable(
    bookings: Vec<BookingView>,
    cancel: Option<ServerAction<CancelBooking>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    if bookings.is_empty() {
        return view! { <p>{t.no_bookings}</p> }.into_any();
    }
    let rows = bookings
        .into_iter()
        .map(|b| {
            let href = format!(
                "{}?day={}&slot={}&desk={}",
                floor_path(&b.building, b.level),
                b.day,
                b.slot.code(),
                b.desk_id
            );
            let status = status_text(&b, lang);
            let label = format!("{} {}", t.desk, b.desk);
            let hidden = format!(" {label} {}", format_day(b.day, lang));
            // The way to the desk from the entrance, on its floor's plan.
            let way_href = format!(
                "{}?desk={}&way_desk={}",
                floor_path(&b.building, b.level),
                b.desk_id,
                b.desk_id
            );
            let way_label = crate::model::way::texts(lang).show;
            let way_hidden = format!(" {label}");
            let action = cancel.map(|action| {
                view! {
                    <td>
                        <ActionForm action=action>
                            <input type="hidden" name="booking_id" value=b.id.to_string() />
                            <button type="submit" class="danger">
                                {t.cancel_button}
                                <span class="visually-hidden">
                                    {hidden}
                                </span>
                            </button>
                        </ActionForm>
                    </td>
                }
            });
            view! {
                <tr data-booking=b.id>
                    <td>{format_day(b.day, lang)}</td>
                    <td>{b.slot.label(lang)}</td>
                    <th scope="row">
                        <a href=href>{label}</a>
                        " "
                        <a href=way_href class="way-link">
                            {way_label}
                            <span class="visually-hidden">{way_hidden}</span>
                        </a>
                    </th>
                    <td>{b.zone.clone()}</td>
                    <td>{status}</td>
                    {action}
                </tr>
            }
        })
        .collect_view();
    let action_header = cancel.map(
        |_| view! { <th scope="col"><span class="visually-hidden">{t.cancel_button}</span></th> },
    );
    view! {
        <table class="data-table bookings">
            <thead>
                <tr>
                    <th scope="col">{t.day_label}</th>
                    <th scope="col">{t.slot_label}</th>
                    <th scope="col">{t.desk}</th>
                    <th scope="col">{t.zone}</th>
                    <th scope="col">{t.status_label}</th>
                    {action_header}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn status_text(booking: &BookingView, lang: Lang) -> String {
    let t = lang.texts();
    let status = booking.status.label(lang);
    if booking.checked_in && booking.status == BookingStatus::Active {
        format!("{status}, {}", t.checked_in_label)
    } else {
        status.to_owned()
    }
}

/// What a cancel did: a confirmation or an error, announced.
#[component]
fn ActionResult(action: ServerAction<CancelBooking>) -> impl IntoView {
    let t = use_lang().texts();
    move || {
        action.value().get().map(|result| match result {
            Ok(()) => view! { <p role="status">{t.cancelled_ok}</p> }.into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    }
}

#[component]
fn CancelRangeForm(action: ServerAction<CancelBookings>) -> impl IntoView {
    let t = use_lang().texts();
    let result = move || {
        action.value().get().map(|result| match result {
            Ok(done) => view! {
                <p role="status">{t.cancelled_count} " " {done.cancelled.len()}</p>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    view! {
        <section class="cancel-range">
            <h2>{t.cancel_range_heading}</h2>
            <ActionForm action=action attr:class="inline-form">
                <label class="field">
                    {t.from_label}
                    <input type="date" name="from" required />
                </label>
                <label class="field">
                    {t.to_label}
                    <input type="date" name="to" required />
                </label>
                <button type="submit" class="danger">{t.cancel_range_button}</button>
            </ActionForm>
            {result}
        </section>
    }
}

#[component]
fn CalendarFeed(
    active: bool,
    create: ServerAction<CreateCalendarFeed>,
    revoke: ServerAction<RevokeCalendarFeed>,
) -> impl IntoView {
    let t = use_lang().texts();
    let created = move || {
        create.value().get().map(|result| match result {
            Ok(url) => view! {
                <p class="token-created" role="status">
                    {t.calendar_copy} " " <code>{url}</code>
                </p>
            }
            .into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    view! {
        <section class="calendar-feed">
            <h2>{t.calendar_heading}</h2>
            <p>{t.calendar_intro}</p>
            <p>{if active { t.calendar_active } else { t.calendar_none }}</p>
            <ActionForm action=create attr:class="inline-form">
                <button type="submit">{t.calendar_create}</button>
            </ActionForm>
            {active
                .then(|| {
                    view! {
                        <ActionForm action=revoke attr:class="inline-form">
                            <button type="submit" class="danger">{t.calendar_revoke}</button>
                        </ActionForm>
                    }
                })}
            {created}
        </section>
    }
}

#[component]
fn ShareLocation(on: bool, action: ServerAction<SetShareLocation>) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <section class="share-location">
            <h2>{t.colleagues_heading}</h2>
            <ActionForm action=action attr:class="inline-form">
                <label class="check">
                    <input type="checkbox" name="share" checked=on />
                    {t.share_location_label}
                </label>
                <button type="submit">{t.save_button}</button>
            </ActionForm>
        </section>
    }
}
