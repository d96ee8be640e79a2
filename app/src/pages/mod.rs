//! One module per page.

pub mod accessibility;
pub mod account;
pub mod admin_blocks;
pub mod admin_building;
pub mod admin_import;
pub mod admin_people;
pub mod admin_policies;
pub mod admin_sso;
pub mod admin_units;
pub mod audit;
pub mod building;
pub mod building_now;
pub mod check_in;
pub mod find;
pub mod floor;
pub mod invite;
pub mod my_bookings;
pub mod open_data;
pub mod planner;
pub mod privacy;
pub mod reports;
pub mod rooms;
pub mod sign_in;

use leptos::prelude::*;

use crate::error::AppError;
use crate::shell::use_lang;

/// An error told to the person, in their language, announced to screen readers.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="error" role="alert">
            {error.detail(lang)}
        </p>
    }
}

/// Shown while a page's data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" aria-busy="true">
            {use_lang().texts().loading}
        </p>
    }
}
