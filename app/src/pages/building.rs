//! The building overview: its floors, their zones and how many desks and rooms each has.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{ErrorNotice, Loading};
use crate::api::get_building;
use crate::model::BuildingView;
use crate::shell::use_lang;

/// The start page: the building with its floors.
#[component]
pub fn BuildingPage() -> impl IntoView {
    let building = Resource::new(|| (), |_| get_building());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match building.await {
                    Ok(building) => view! { <Building building /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Building(building: BuildingView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let floors = building
        .floors
        .into_iter()
        .map(|floor| {
            let zones = floor
                .zones
                .into_iter()
                .map(|zone| {
                    let home = zone.home.then(|| {
                        view! {
                            <span class="zone-home">
                                <span aria-hidden="true">"★ "</span>
                                {t.home_zone_label}
                            </span>
                        }
                    });
                    view! {
                        <li class=format!(
                            "zone-chip zone-{}{}",
                            zone.kind.css(),
                            if zone.home { " home" } else { "" },
                        )>
                            <span class="zone-name">{zone.name}</span>
                            <span class="zone-kind">{zone.kind.label(lang)}</span>
                            {home}
                        </li>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <li class="floor-card">
                    <h2>
                        <a href=format!("/floors/{}", floor.level)>{floor.name}</a>
                    </h2>
                    <p class="counts">
                        <span>
                            {floor.desks} " " {if floor.desks == 1 { t.desk } else { t.desks }}
                        </span>
                        " · "
                        <span>
                            {floor.rooms} " " {if floor.rooms == 1 { t.room } else { t.rooms }}
                        </span>
                    </p>
                    <ul class="zones" aria-label=t.zones>
                        {zones}
                    </ul>
                </li>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <Title text=building.name.clone() />
        {building.demo.then(|| view! { <p class="demo-banner" role="note">{t.demo_banner}</p> })}
        <h1>{building.name}</h1>
        <p class="address">{building.address}</p>
        <section aria-labelledby="floors-heading">
            <h2 id="floors-heading" class="visually-hidden">
                {t.floors}
            </h2>
            <ul class="floor-list">{floors}</ul>
        </section>
    }
}
