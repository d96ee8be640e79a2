//! The way to a desk or room on the floor plan (`?way_desk=ID` or `?way_room=ID`, with
//! `&step_free=on` for the step-free way): the route drawn on this floor's plan as a line from
//! a start mark to an end mark, and the whole way in words (every floor) beside it, with links
//! to the other floors' part of the way and to the step-free (or shortest) way. The words are
//! what a screen reader reads; the line is hidden from it, as it says the same.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::floor_path;
use crate::model::way::{Way, texts};
use crate::shell::use_lang;

/// The way from the building's entrance to desk `desk` or room `room`, step-free if
/// `step_free`, in `lang`.
#[server(endpoint = "get_way")]
pub async fn get_way(
    desk: Option<i32>,
    room: Option<i32>,
    step_free: bool,
    lang: Lang,
) -> Result<Way, AppError> {
    use crate::services::auth::{Permission, require};
    use crate::services::way::{Place, way};
    require(Permission::ViewBuilding)?;
    let context = crate::api::context()?;
    let place = match (desk, room) {
        (Some(desk), _) => Place::Desk(desk),
        (None, Some(room)) => Place::Room(room),
        (None, None) => return Err(AppError::NotFound),
    };
    let topology = context
        .topology
        .get(&context.db)
        .await
        .map_err(crate::services::error::Error::from)?;
    Ok(way(&context.db, &topology, place, step_free, lang).await?)
}

/// What the page's address asks the way to: desk, room, step-free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Asked {
    desk: Option<i32>,
    room: Option<i32>,
    step_free: bool,
}

impl Asked {
    /// The address's query for this way (and, for a desk, selecting it).
    fn query(self, step_free: bool) -> String {
        let free = if step_free { "&step_free=on" } else { "" };
        match (self.desk, self.room) {
            (Some(desk), _) => format!("desk={desk}&way_desk={desk}{free}"),
            (None, Some(room)) => format!("way_room={room}{free}"),
            (None, None) => String::new(),
        }
    }
}

/// The way the address asks for, read once per change of the address.
fn use_way() -> (Memo<Asked>, Resource<Option<Result<Way, AppError>>>) {
    let query = use_query_map();
    let lang = use_lang();
    let asked = Memo::new(move |_| {
        let query = query.read();
        let id = |key: &str| query.get(key).and_then(|v| v.parse::<i32>().ok());
        Asked {
            desk: id("way_desk"),
            room: id("way_room"),
            step_free: query
                .get("step_free")
                .is_some_and(|v| v == "on" || v == "true"),
        }
    });
    let way = Resource::new(
        move || asked.get(),
        move |asked| async move {
            if asked.desk.is_none() && asked.room.is_none() {
                return None;
            }
            Some(get_way(asked.desk, asked.room, asked.step_free, lang).await)
        },
    );
    (asked, way)
}

/// The way's line on the plan of floor `level` (`width` × `height` plan units): inside the
/// plan's `<svg>`, as a nested `<svg>` of the same coordinates. The line arrives after the
/// page (a streamed chunk, parsed as HTML): an `<svg>` element keeps what it holds SVG.
#[component]
pub fn WayLine(level: i32, width: i32, height: i32) -> impl IntoView {
    let (_, way) = use_way();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                way.await
                    .and_then(Result::ok)
                    .map(|way| {
                        let legs = way
                            .legs
                            .into_iter()
                            .filter(|leg| leg.level == level)
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
                                    {first
                                        .map(|p| {
                                            view! {
                                                <circle class="way-start" cx=p.x cy=p.y r="14" />
                                            }
                                        })}
                                    {last
                                        .map(|p| {
                                            view! {
                                                <circle class="way-end" cx=p.x cy=p.y r="18" />
                                            }
                                        })}
                                }
                            })
                            .collect_view();
                        view! {
                            <svg
                                class="way-route"
                                aria-hidden="true"
                                x="0"
                                y="0"
                                width=width
                                height=height
                                viewBox=format!("0 0 {width} {height}")
                                overflow="visible"
                            >
                                {legs}
                            </svg>
                        }
                    })
            })}
        </Transition>
    }
}

/// The way in words, below the plan of floor `level`.
#[component]
pub fn WayPanel(level: i32) -> impl IntoView {
    let lang = use_lang();
    let w = texts(lang);
    let (asked, way) = use_way();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let asked = asked.get_untracked();
                match way.await {
                    None => ().into_any(),
                    Some(Err(_)) => {
                        view! {
                            <section class="way-panel" aria-labelledby="way-heading">
                                <h2 id="way-heading">{w.heading}</h2>
                                <p role="status">{w.none}</p>
                            </section>
                        }
                            .into_any()
                    }
                    Some(Ok(way)) => panel(&way, asked, level, lang).into_any(),
                }
            })}
        </Transition>
    }
}

fn panel(way: &Way, asked: Asked, level: i32, lang: Lang) -> impl IntoView + use<> {
    let w = texts(lang);
    let steps = way
        .steps
        .iter()
        .map(|step| {
            let here = (step.level == level).then_some("step");
            view! { <li aria-current=here>{step.text.clone()}</li> }
        })
        .collect_view();
    let here_path = |at: i32| floor_path(&way.building, at);
    let mut others: Vec<(i32, String)> = way
        .legs
        .iter()
        .filter(|leg| leg.level != level)
        .map(|leg| (leg.level, leg.floor.clone()))
        .collect();
    others.dedup();
    let other_links = (!others.is_empty()).then(|| {
        let links = others
            .into_iter()
            .map(|(at, name)| {
                let href = format!("{}?{}", here_path(at), asked.query(asked.step_free));
                view! {
                    <li>
                        <a href=href>{name}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="way-floors">{w.other_floor}</p>
            <ul class="way-floors">{links}</ul>
        }
    });
    let toggle = {
        let href = format!("{}?{}", here_path(level), asked.query(!asked.step_free));
        let label = if asked.step_free {
            w.with_stairs
        } else {
            w.show_step_free
        };
        view! { <a href=href>{label}</a> }
    };
    let close = {
        let href = match asked.desk {
            Some(desk) => format!("{}?desk={desk}", here_path(level)),
            None => here_path(level),
        };
        view! { <a href=href>{w.close}</a> }
    };
    view! {
        <section class="way-panel" aria-labelledby="way-heading">
            <h2 id="way-heading">{format!("{} – {}", w.heading, way.target)}</h2>
            {way.derived.then(|| view! { <p class="hint">{w.derived}</p> })}
            <ol class="way-steps">{steps}</ol>
            <p>{way.summary.clone()}</p>
            {other_links}
            <p class="way-actions">{toggle} " · " {close}</p>
        </section>
    }
}
