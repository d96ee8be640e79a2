//! The plan on a phone: one zone at a time. On a narrow screen (at most 40rem, after
//! hydration) tabs above the plan choose a zone; the plan's view box closes in on that zone
//! and the plan is drawn at least wide enough for every desk to be a touch target of 44 CSS
//! pixels (it then scrolls sideways inside its own box, as a map does); the other zones' shapes
//! are hidden, so neither a finger nor the keyboard lands on what is not shown. The desk and
//! room lists below stay as they are. Wider screens, and a page without JavaScript, show the
//! whole floor.
//!
//! The tabs follow the WAI-ARIA tabs pattern: a `tablist` of `tab` buttons with
//! `aria-selected`, the arrow keys, Home and End move between them (and choose), and the plan
//! is their `tabpanel`. Selecting a desk in the list shows its zone.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::i18n::{Lang, floor_zones};
use crate::model::{DeskView, FloorPlan, Rect, RoomView};

/// The media query of a narrow screen; the same width as the style's phone layout.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) const NARROW: &str = "(max-width: 40rem)";

/// The smallest side, in CSS pixels, a desk is drawn with in the zone view: 44 (WCAG 2.5.5)
/// and a little to spare.
pub(super) const TARGET_PX: f64 = 48.0;

/// Plan units shown around a zone in the zone view.
const MARGIN: i32 = 10;

/// The element the tabs control: the plan's figure.
pub(super) const PANEL_ID: &str = "floor-plan-panel";

/// A zone the zone view offers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ZoneTab {
    pub(super) id: i32,
    pub(super) name: String,
    pub(super) desks: usize,
    /// The view box (plan units) that shows it.
    pub(super) view: Rect,
    /// How wide the plan is drawn to show its desks large enough; `None`: as wide as the screen.
    pub(super) width_px: Option<u32>,
}

/// Which zone each desk and room lies in, and the zones worth a tab (those with desks or rooms).
#[derive(Debug, Clone)]
pub(super) struct Zoning {
    pub(super) tabs: Vec<ZoneTab>,
    desk_zone: HashMap<i32, i32>,
    room_zone: HashMap<i32, i32>,
    whole: Rect,
}

fn contains(rect: &Rect, x: i32, y: i32) -> bool {
    x >= rect.x && x <= rect.x + rect.width && y >= rect.y && y <= rect.y + rect.height
}

fn centre(rect: &Rect) -> (i32, i32) {
    (rect.x + rect.width / 2, rect.y + rect.height / 2)
}

impl Zoning {
    /// The zoning of `plan`: a desk belongs to the zone it names (else to the zone its centre
    /// lies in), a room to the zone its centre lies in.
    pub(super) fn of(plan: &FloorPlan) -> Zoning {
        let zone_at = |rect: &Rect| {
            let (x, y) = centre(rect);
            plan.zones
                .iter()
                .find(|z| contains(&z.rect, x, y))
                .map(|z| z.id)
        };
        let desk_zone: HashMap<i32, i32> = plan
            .desks
            .iter()
            .filter_map(|desk: &DeskView| {
                plan.zones
                    .iter()
                    .find(|z| z.name == desk.zone)
                    .map(|z| z.id)
                    .or_else(|| zone_at(&desk.rect))
                    .map(|zone| (desk.id, zone))
            })
            .collect();
        let room_zone: HashMap<i32, i32> = plan
            .rooms
            .iter()
            .filter_map(|room: &RoomView| zone_at(&room.rect).map(|zone| (room.id, zone)))
            .collect();
        let whole = Rect {
            x: 0,
            y: 0,
            width: plan.width,
            height: plan.height,
        };
        let tabs = plan
            .zones
            .iter()
            .filter_map(|zone| {
                let desks: Vec<&DeskView> = plan
                    .desks
                    .iter()
                    .filter(|d| desk_zone.get(&d.id) == Some(&zone.id))
                    .collect();
                let rooms = room_zone.values().filter(|z| **z == zone.id).count();
                if desks.is_empty() && rooms == 0 {
                    return None;
                }
                let x = (zone.rect.x - MARGIN).max(0);
                let y = (zone.rect.y - MARGIN).max(0);
                let view = Rect {
                    x,
                    y,
                    width: (zone.rect.x + zone.rect.width + MARGIN).min(plan.width.max(1)) - x,
                    height: (zone.rect.y + zone.rect.height + MARGIN).min(plan.height.max(1)) - y,
                };
                let smallest = desks
                    .iter()
                    .map(|d| d.rect.width.min(d.rect.height))
                    .filter(|side| *side > 0)
                    .min();
                let width_px = smallest.map(|side| {
                    let scale = TARGET_PX / f64::from(side);
                    (f64::from(view.width.max(1)) * scale).ceil() as u32
                });
                Some(ZoneTab {
                    id: zone.id,
                    name: zone.name.clone(),
                    desks: desks.len(),
                    view,
                    width_px,
                })
            })
            .collect();
        Zoning {
            tabs,
            desk_zone,
            room_zone,
            whole,
        }
    }

    /// The zone of desk `id`.
    pub(super) fn desk_zone(&self, id: i32) -> Option<i32> {
        self.desk_zone.get(&id).copied()
    }

    /// The zone of room `id`.
    pub(super) fn room_zone(&self, id: i32) -> Option<i32> {
        self.room_zone.get(&id).copied()
    }

    /// The zone shown first: the selected desk's, else the first with desks, else the first.
    pub(super) fn first(&self, selected_desk: Option<i32>) -> Option<i32> {
        selected_desk
            .and_then(|desk| self.desk_zone(desk))
            .filter(|zone| self.tab(*zone).is_some())
            .or_else(|| self.tabs.iter().find(|t| t.desks > 0).map(|t| t.id))
            .or_else(|| self.tabs.first().map(|t| t.id))
    }

    fn tab(&self, zone: i32) -> Option<&ZoneTab> {
        self.tabs.iter().find(|t| t.id == zone)
    }

    /// The plan's view box: the whole floor, or the zone shown.
    pub(super) fn view_box(&self, zoned: Option<i32>) -> String {
        let r = zoned
            .and_then(|zone| self.tab(zone))
            .map_or(self.whole, |tab| tab.view);
        format!("{} {} {} {}", r.x, r.y, r.width, r.height)
    }

    /// The plan's inline style: in the zone view, wide enough for the desks.
    pub(super) fn style(&self, zoned: Option<i32>) -> Option<String> {
        zoned
            .and_then(|zone| self.tab(zone))
            .and_then(|tab| tab.width_px)
            .map(|width| format!("width: {width}px"))
    }
}

/// The tab id of zone `id`.
pub(super) fn tab_id(id: i32) -> String {
    format!("zone-tab-{id}")
}

/// Whether the screen is narrow: false on the server and until hydration, then as the
/// browser's media query [`NARROW`] says, following it when the window changes.
pub(super) fn narrow_screen() -> RwSignal<bool> {
    let narrow = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    follow_media_query(narrow);
    narrow
}

#[cfg(feature = "hydrate")]
fn follow_media_query(narrow: RwSignal<bool>) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    Effect::new(move |_| {
        let Some(query) = web_sys::window().and_then(|w| w.match_media(NARROW).ok().flatten())
        else {
            return;
        };
        narrow.set(query.matches());
        let watched = query.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || narrow.set(watched.matches()));
        query.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        let held = SendWrapper::new((query, on_change));
        on_cleanup(move || {
            let (query, _on_change) = held.take();
            query.set_onchange(None);
        });
    });
}

/// After hydration: a newly shown zone starts at its left edge (the plan's box keeps the
/// sideways scroll of the zone before otherwise).
#[cfg(feature = "hydrate")]
pub(super) fn scroll_to_start_on_change(zoned: Memo<Option<i32>>) {
    Effect::new(move |_| {
        let _shown = zoned.get();
        if let Some(panel) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(PANEL_ID))
        {
            panel.set_scroll_left(0);
        }
    });
}

/// The zone tabs above the plan, shown when `zoned` shows a zone.
#[component]
pub(super) fn ZoneTabs(
    tabs: Vec<ZoneTab>,
    shown: RwSignal<Option<i32>>,
    zoned: Memo<Option<i32>>,
    lang: Lang,
) -> impl IntoView {
    let t = floor_zones::texts(lang);
    let ids: Vec<i32> = tabs.iter().map(|tab| tab.id).collect();
    let buttons = tabs
        .into_iter()
        .map(|tab| {
            let id = tab.id;
            let ids = ids.clone();
            let selected = move || shown.get() == Some(id);
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                let Some(at) = ids.iter().position(|other| *other == id) else {
                    return;
                };
                let last = ids.len().saturating_sub(1);
                let to = match ev.key().as_str() {
                    "ArrowRight" | "ArrowDown" => Some(if at >= last { 0 } else { at + 1 }),
                    "ArrowLeft" | "ArrowUp" => Some(if at == 0 { last } else { at - 1 }),
                    "Home" => Some(0),
                    "End" => Some(last),
                    _ => None,
                };
                if let Some(next) = to.and_then(|to| ids.get(to).copied()) {
                    ev.prevent_default();
                    shown.set(Some(next));
                    #[cfg(feature = "hydrate")]
                    super::focus_when_shown(format!("#{}", tab_id(next)), 2);
                }
            };
            view! {
                <button
                    type="button"
                    role="tab"
                    class="zone-tab"
                    id=tab_id(id)
                    aria-selected=move || if selected() { "true" } else { "false" }
                    aria-controls=PANEL_ID
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| shown.set(Some(id))
                    on:keydown=on_key
                >
                    <span class="zone-tab-name">{tab.name}</span>
                    " "
                    <span class="zone-tab-count">{tab.desks} " " {t.desks}</span>
                </button>
            }
        })
        .collect_view();
    // Hidden (from everyone) until the zone view is on: the server and wide screens show the
    // whole floor.
    let hidden = move || zoned.get().is_none();
    view! {
        <div class="zone-tabs" role="tablist" aria-label=t.tabs hidden=hidden>
            {buttons}
        </div>
        <p class="hint zone-hint" hidden=hidden>
            {t.hint}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeskState, Equipment, ZoneKind, ZoneView};

    fn desk(id: i32, zone: &str, x: i32, y: i32) -> DeskView {
        DeskView {
            id,
            label: format!("1.{id:02}"),
            zone: zone.to_string(),
            rect: Rect {
                x,
                y,
                width: 64,
                height: 40,
            },
            rotation: 0,
            equipment: Equipment::default(),
            state: DeskState::Free,
            live: None,
        }
    }

    fn zone(id: i32, name: &str, x: i32) -> ZoneView {
        ZoneView {
            id,
            name: name.to_string(),
            kind: ZoneKind::Work,
            rect: Rect {
                x,
                y: 40,
                width: 760,
                height: 300,
            },
        }
    }

    fn plan() -> FloorPlan {
        FloorPlan {
            building: "Haus".into(),
            building_slug: "haus".into(),
            level: 1,
            name: "1. OG".into(),
            width: 1600,
            height: 1000,
            levels: vec![(1, "1. OG".into())],
            plan_image: None,
            zones: vec![
                zone(1, "Nord", 40),
                zone(2, "Süd", 800),
                zone(3, "Leer", 40),
            ],
            desks: vec![
                desk(1, "Nord", 100, 100),
                desk(2, "Süd", 900, 100),
                desk(3, "", 950, 200),
            ],
            rooms: Vec::new(),
        }
    }

    #[test]
    fn each_zone_with_desks_gets_a_tab_that_draws_its_desks_at_least_44_pixels_large() {
        let zoning = Zoning::of(&plan());
        let ids: Vec<i32> = zoning.tabs.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![1, 2], "the empty zone has no tab");
        assert_eq!(
            zoning.desk_zone(3),
            Some(2),
            "by its centre when it names no zone"
        );
        let south = &zoning.tabs[1];
        assert_eq!(south.desks, 2);
        let width = f64::from(south.width_px.unwrap_or_default());
        let scale = width / f64::from(south.view.width);
        assert!(
            40.0 * scale >= 44.0 && 64.0 * scale >= 44.0,
            "scale {scale}"
        );
        assert_eq!(zoning.view_box(None), "0 0 1600 1000");
        assert_eq!(zoning.view_box(Some(2)), "790 30 780 320");
        assert_eq!(zoning.style(None), None);
    }

    #[test]
    fn the_zone_shown_first_is_the_selected_desks() {
        let zoning = Zoning::of(&plan());
        assert_eq!(zoning.first(None), Some(1));
        assert_eq!(zoning.first(Some(2)), Some(2));
        assert_eq!(zoning.first(Some(99)), Some(1));
    }
}
