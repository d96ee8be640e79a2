//! The day, slot and equipment filter above the plan: the form, and the filters it sets in the
//! address.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::model::{Equipment, Slot};
use crate::shell::use_lang;

/// The equipment a person asked for (`?docking=on…`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Filters {
    docking: bool,
    monitors: bool,
    adjustable: bool,
    accessible: bool,
}

impl Filters {
    pub(super) fn of(query: &leptos_router::params::ParamsMap) -> Filters {
        Filters {
            docking: query.get("docking").is_some(),
            monitors: query.get("monitors").is_some(),
            adjustable: query.get("adjustable").is_some(),
            accessible: query.get("accessible").is_some(),
        }
    }

    pub(super) fn admits(self, equipment: &Equipment) -> bool {
        (!self.docking || equipment.docking)
            && (!self.monitors || equipment.monitors >= 2)
            && (!self.adjustable || equipment.height_adjustable)
            && (!self.accessible || equipment.accessible)
    }

    /// The query string part of the filters (`&docking=on…`).
    pub(super) fn query(self) -> String {
        [
            (self.docking, "docking"),
            (self.monitors, "monitors"),
            (self.adjustable, "adjustable"),
            (self.accessible, "accessible"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| format!("&{name}=on"))
        .collect()
    }
}

/// Day, slot and equipment filter: a plain form, so it works without JavaScript.
#[component]
pub(super) fn BookingControls(
    floor: String,
    day: NaiveDate,
    period: Slot,
    filters: Filters,
) -> impl IntoView {
    let t = use_lang().texts();
    let slots = [Slot::FullDay, Slot::Morning, Slot::Afternoon]
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.code() selected=option == period>
                    {option.label(use_lang())}
                </option>
            }
        })
        .collect_view();
    let checks = [
        ("docking", t.docking, filters.docking),
        ("monitors", t.two_monitors, filters.monitors),
        ("adjustable", t.height_adjustable, filters.adjustable),
        ("accessible", t.accessible, filters.accessible),
    ]
    .into_iter()
    .map(|(name, label, on)| {
        view! {
            <label class="check">
                <input type="checkbox" name=name checked=on />
                {label}
            </label>
        }
    })
    .collect_view();
    view! {
        <form class="booking-controls" method="get" action=floor>
            <label class="field">
                {t.day_label}
                <input type="date" name="day" value=day.to_string() required />
            </label>
            <label class="field">
                {t.slot_label}
                <select name="slot">{slots}</select>
            </label>
            <fieldset class="filters">
                <legend>{t.filter_heading}</legend>
                {checks}
            </fieldset>
            <button type="submit">{t.show_button}</button>
            <a class="find-link" href="/find">
                {t.find_title}
            </a>
        </form>
    }
}
