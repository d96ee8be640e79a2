//! The building overview: its floors, their zones and how many desks and rooms each has.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{ErrorNotice, Loading};
use crate::api::get_building;
use crate::model::{BuildingView, building_path, floor_path};
use crate::shell::use_lang;

/// A building with its floors: at `/buildings/:building`, and at `/` the viewer's home
/// building (that of their unit's first home zone).
#[component]
pub fn BuildingPage() -> impl IntoView {
    let params = use_params_map();
    let building = Resource::new(move || params.read().get("building"), get_building);
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
    let slug = building.slug.clone();
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
                        <a href=floor_path(&slug, floor.level)>{floor.name}</a>
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
        <BuildingSwitch current=building.slug.clone() buildings=building.buildings />
        <section aria-labelledby="floors-heading">
            <h2 id="floors-heading" class="visually-hidden">
                {t.floors}
            </h2>
            <ul class="floor-list">{floors}</ul>
        </section>
    }
}

/// Links to the other buildings of the installation, if there are any; the current one is
/// marked for screen readers and by weight, not by colour alone.
#[component]
fn BuildingSwitch(current: String, buildings: Vec<crate::model::BuildingLink>) -> impl IntoView {
    let t = use_lang().texts();
    (buildings.len() > 1).then(|| {
        let links = buildings
            .into_iter()
            .map(|b| {
                let is_current = b.slug == current;
                view! {
                    <li>
                        <a
                            href=building_path(&b.slug)
                            aria-current=is_current.then_some("page")
                        >
                            {b.name}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav class="building-switch" aria-label=t.buildings_label>
                <ul>{links}</ul>
            </nav>
        }
    })
}
