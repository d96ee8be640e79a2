//! The building editor (`/admin/buildings/:slug`, building administrators): the building's
//! name, address and time zone; its floors, each with its uploaded plan image under the SVG
//! map; zones drawn on the plan, desks and rooms placed on it, and a form beside the plan to
//! edit the selected one or remove it (with the choice what becomes of its bookings from
//! today on).
//!
//! Nothing needs a pointer: the tool buttons open an empty form whose x, y, width and height
//! fields do what dragging or clicking on the plan does, and every zone, desk and room is in
//! a list with an "edit" button. Status messages are announced in a live region. The floor is
//! chosen by `?floor=ID`; the upload form comes back with `&uploaded=1` or `&upload_error=…`.
//!
//! The entrance zone (`entrance`): the organisations admitted to its first-consultation
//! rooms, and each room's longest slot.

mod entrance;
mod texts;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use self::texts::texts;
use crate::building_admin::{
    PlaceForm, RemoveBuildingPlace, SaveBuilding, SaveBuildingPlace, add_building_floor,
    get_building_editor, remove_floor_plan_image,
};
use crate::i18n::Lang;
use crate::model::building_admin::{BuildingEditor, EditorFloor};
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;

/// What a pointer on the plan does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Select,
    Zone,
    Desk,
    Room,
}

impl Tool {
    fn index(self) -> usize {
        match self {
            Tool::Select => 0,
            Tool::Zone => 1,
            Tool::Desk => 2,
            Tool::Room => 3,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Tool::Select => "",
            Tool::Zone => "zone",
            Tool::Desk => "desk",
            Tool::Room => "room",
        }
    }
}

/// The zone, desk or room being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Picked {
    Zone(i32),
    Desk(i32),
    Room(i32),
}

/// The form beside the plan, one signal per field (text as typed).
#[derive(Debug, Clone, Copy)]
struct Draft {
    tool: RwSignal<Tool>,
    picked: RwSignal<Option<Picked>>,
    key: RwSignal<String>,
    name: RwSignal<String>,
    class: RwSignal<String>,
    zone_id: RwSignal<String>,
    x: RwSignal<String>,
    y: RwSignal<String>,
    width: RwSignal<String>,
    height: RwSignal<String>,
    count: RwSignal<String>,
    flag_a: RwSignal<bool>,
    flag_b: RwSignal<bool>,
    flag_c: RwSignal<bool>,
    text: RwSignal<String>,
    before: RwSignal<String>,
    after: RwSignal<String>,
    bookings: RwSignal<String>,
    /// Where a drag on the plan started.
    drag: RwSignal<Option<(i32, i32)>>,
    /// The selected zone, desk or room being dragged: where the pointer started (page
    /// pixels), the place the form held then, and plan units per pixel.
    moving: RwSignal<Option<Moving>>,
    /// The selected one was just dragged: the click that ends the drag keeps its new place.
    dragged: RwSignal<bool>,
}

/// A drag of the selected zone, desk or room.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Moving {
    pointer: (i32, i32),
    place: (i32, i32),
    scale: f64,
}

impl Moving {
    /// The place after the pointer moved to `pointer`.
    fn to(self, pointer: (i32, i32)) -> (i32, i32) {
        let shift = |from: i32, to: i32| {
            let units = (f64::from(to - from) * self.scale).round();
            // Within i32: a plan is at most 100,000 units wide.
            #[allow(clippy::cast_possible_truncation)]
            let units = units as i32;
            units
        };
        (
            self.place.0 + shift(self.pointer.0, pointer.0),
            self.place.1 + shift(self.pointer.1, pointer.1),
        )
    }
}

impl Draft {
    fn new() -> Self {
        Draft {
            tool: RwSignal::new(Tool::Select),
            picked: RwSignal::new(None),
            key: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            class: RwSignal::new(String::new()),
            zone_id: RwSignal::new(String::new()),
            x: RwSignal::new(String::new()),
            y: RwSignal::new(String::new()),
            width: RwSignal::new(String::new()),
            height: RwSignal::new(String::new()),
            count: RwSignal::new(String::new()),
            flag_a: RwSignal::new(false),
            flag_b: RwSignal::new(false),
            flag_c: RwSignal::new(false),
            text: RwSignal::new(String::new()),
            before: RwSignal::new(String::new()),
            after: RwSignal::new(String::new()),
            bookings: RwSignal::new(String::new()),
            drag: RwSignal::new(None),
            moving: RwSignal::new(None),
            dragged: RwSignal::new(false),
        }
    }

    /// An empty form for a new zone, desk or room.
    fn start(&self, tool: Tool, floor: &EditorFloor) {
        self.tool.set(tool);
        self.picked.set(None);
        self.drag.set(None);
        for field in [
            self.key,
            self.name,
            self.x,
            self.y,
            self.text,
            self.bookings,
        ] {
            field.set(String::new());
        }
        let (width, height, count, class) = match tool {
            Tool::Zone => ("400", "300", "0", "work"),
            Tool::Desk => ("160", "80", "1", ""),
            Tool::Room => ("200", "150", "6", "standard"),
            Tool::Select => ("", "", "", ""),
        };
        self.width.set(width.to_owned());
        self.height.set(height.to_owned());
        self.count.set(count.to_owned());
        self.class.set(class.to_owned());
        self.before.set("0".to_owned());
        self.after.set("0".to_owned());
        self.zone_id.set(
            floor
                .zones
                .first()
                .map(|z| z.id.to_string())
                .unwrap_or_default(),
        );
        for flag in [self.flag_a, self.flag_b, self.flag_c] {
            flag.set(false);
        }
    }

    /// The form filled with an existing zone, desk or room of `floor`.
    fn pick(&self, picked: Picked, floor: &EditorFloor) {
        if self.dragged.get_untracked() {
            self.dragged.set(false);
            if self.picked.get_untracked() == Some(picked) {
                return;
            }
        }
        self.tool.set(Tool::Select);
        self.drag.set(None);
        self.bookings.set(String::new());
        let set = |s: RwSignal<String>, v: String| s.set(v);
        match picked {
            Picked::Zone(id) => {
                let Some(z) = floor.zones.iter().find(|z| z.id == id) else {
                    return;
                };
                set(self.key, z.slug.clone());
                set(self.name, z.name.clone());
                set(self.class, z.kind.clone());
                self.geometry(z.x, z.y, z.width, z.height);
            }
            Picked::Desk(id) => {
                let Some(d) = floor.desks.iter().find(|d| d.id == id) else {
                    return;
                };
                set(self.key, d.label.clone());
                set(self.zone_id, d.zone_id.to_string());
                set(self.count, d.monitors.to_string());
                set(self.text, d.notes.clone().unwrap_or_default());
                self.flag_a.set(d.has_docking);
                self.flag_b.set(d.height_adjustable);
                self.flag_c.set(d.accessible);
                self.geometry(d.x, d.y, d.width, d.height);
            }
            Picked::Room(id) => {
                let Some(r) = floor.rooms.iter().find(|r| r.id == id) else {
                    return;
                };
                set(self.key, r.label.clone());
                set(self.name, r.name.clone());
                set(self.class, r.privacy_class.clone());
                set(
                    self.zone_id,
                    r.zone_id.map(|z| z.to_string()).unwrap_or_default(),
                );
                set(self.count, r.capacity.to_string());
                set(self.text, r.equipment.join(", "));
                set(self.before, r.buffer_before_min.to_string());
                set(self.after, r.buffer_after_min.to_string());
                self.flag_a.set(r.step_free);
                self.flag_b.set(r.hearing_loop);
                self.geometry(r.x, r.y, r.width, r.height);
            }
        }
        self.picked.set(Some(picked));
    }

    fn geometry(&self, x: i32, y: i32, width: i32, height: i32) {
        self.x.set(x.to_string());
        self.y.set(y.to_string());
        self.width.set(width.to_string());
        self.height.set(height.to_string());
    }

    /// The kind of the form: `zone`, `desk` or `room` (empty: nothing to edit).
    fn kind(&self) -> &'static str {
        match self.picked.get() {
            Some(Picked::Zone(_)) => "zone",
            Some(Picked::Desk(_)) => "desk",
            Some(Picked::Room(_)) => "room",
            None => self.tool.get().kind(),
        }
    }

    fn form(&self, floor_id: i32) -> PlaceForm {
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<i32>().unwrap_or(0);
        PlaceForm {
            kind: self.kind().to_owned(),
            id: self.picked.get_untracked().map(|p| match p {
                Picked::Zone(id) | Picked::Desk(id) | Picked::Room(id) => id,
            }),
            floor_id,
            key: self.key.get_untracked(),
            name: self.name.get_untracked(),
            class: self.class.get_untracked(),
            zone_id: number(self.zone_id),
            x: number(self.x),
            y: number(self.y),
            width: number(self.width),
            height: number(self.height),
            count: number(self.count),
            flag_a: self.flag_a.get_untracked(),
            flag_b: self.flag_b.get_untracked(),
            flag_c: self.flag_c.get_untracked(),
            text: self.text.get_untracked(),
            before: number(self.before),
            after: number(self.after),
        }
    }
}

/// `/admin/buildings/:slug`.
#[component]
pub fn AdminBuildingPage() -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let params = use_params_map();
    let query = use_query_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let status = RwSignal::new(String::new());
    if query.read_untracked().get("uploaded").is_some() {
        status.set(t.uploaded.to_owned());
    } else if query.read_untracked().get("upload_error").is_some() {
        status.set(t.upload_refused.to_owned());
    }
    let version = RwSignal::new(0_u32);
    let draft = Draft::new();
    let editor = Resource::new(
        move || (slug.get(), version.get()),
        |(slug, _)| get_building_editor(slug),
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <p id="editor-status" class="status" role="status" aria-live="polite">
            {move || status.get()}
        </p>
        // A transition keeps the editor while it is read again after a change (no flash of
        // "loading" between two states of the plan).
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(building) => {
                        view! { <Editor building version status draft lang /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Tells the person what became of an action: `ok` or its error, in the live region.
fn report<T>(
    status: RwSignal<String>,
    lang: Lang,
    result: Result<T, crate::error::AppError>,
    ok: impl FnOnce(T) -> String,
) -> bool {
    match result {
        Ok(value) => {
            status.set(ok(value));
            true
        }
        Err(error) => {
            status.set(error.message(lang).to_owned());
            false
        }
    }
}

#[component]
fn Editor(
    building: BuildingEditor,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    draft: Draft,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let query = use_query_map();
    let slug = building.slug.clone();
    let floor_id = query
        .read_untracked()
        .get("floor")
        .and_then(|f| f.parse::<i32>().ok());
    let floor = floor_id
        .and_then(|id| building.floors.iter().find(|f| f.id == id))
        .or(building.floors.first())
        .cloned();
    let floor_links = building
        .floors
        .iter()
        .map(|f| {
            let current = floor.as_ref().is_some_and(|c| c.id == f.id);
            view! {
                <li>
                    <a
                        href=format!("/admin/buildings/{}?floor={}", building.slug, f.id)
                        aria-current=current.then_some("page")
                    >
                        {format!("{} ({})", f.name, f.level)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <BuildingForm building=building.clone() version status lang />
        <entrance::EntranceSection slug=slug.clone() status lang />
        <section aria-labelledby="floors-heading">
            <h2 id="floors-heading">{t.floors}</h2>
            <ul class="floor-links">{floor_links}</ul>
            <AddFloor slug=slug.clone() version status lang />
        </section>
        {match floor {
            Some(floor) => view! { <FloorEditor slug floor version status draft lang /> }.into_any(),
            None => view! { <p>{t.no_floor}</p> }.into_any(),
        }}
    }
}

#[component]
fn BuildingForm(
    building: BuildingEditor,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let save = ServerAction::<SaveBuilding>::new();
    let name = RwSignal::new(building.name.clone());
    let address = RwSignal::new(building.address.clone());
    let timezone = RwSignal::new(building.timezone.clone());
    let site = RwSignal::new(
        building
            .site
            .as_ref()
            .map(|s| s.slug.clone())
            .unwrap_or_default(),
    );
    let site_name = RwSignal::new(
        building
            .site
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
    );
    let slug = building.slug.clone();
    Effect::new(move |_| {
        if let Some(result) = save.value().get()
            && report(status, lang, result, |()| t.saved.to_owned())
        {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <section aria-labelledby="building-heading">
            <h2 id="building-heading">{t.building}</h2>
            <p>
                <a href="/admin/policies">{crate::pages::admin_policies::menu_title(lang)}</a>
                " · "
                <a href="/admin/blocks">{crate::pages::admin_blocks::menu_title(lang)}</a>
            </p>
            <form
                class="stacked-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch(SaveBuilding {
                        slug: slug.clone(),
                        name: name.get_untracked(),
                        address: address.get_untracked(),
                        timezone: timezone.get_untracked(),
                        site: site.get_untracked(),
                        site_name: site_name.get_untracked(),
                    });
                }
            >
                <label>{t.name} <input id="building-name" type="text" required bind:value=name /></label>
                <label>{t.address} <input id="building-address" type="text" bind:value=address /></label>
                <label>{t.timezone} <input id="building-timezone" type="text" required bind:value=timezone /></label>
                <fieldset>
                    <legend>{t.site}</legend>
                    <p class="hint" id="site-hint">{t.site_hint}</p>
                    <label>
                        {t.site_slug}
                        <input id="building-site" type="text" aria-describedby="site-hint" bind:value=site />
                    </label>
                    <label>
                        {t.site_name}
                        <input id="building-site-name" type="text" bind:value=site_name />
                    </label>
                </fieldset>
                <button type="submit">{t.save}</button>
            </form>
        </section>
    }
}

#[component]
fn AddFloor(
    slug: String,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let level = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let width = RwSignal::new("1200".to_owned());
    let height = RwSignal::new("800".to_owned());
    let add = Action::new(
        move |(slug, level, name, w, h): &(String, i32, String, i32, i32)| {
            add_building_floor(slug.clone(), *level, name.clone(), *w, *h)
        },
    );
    Effect::new(move |_| {
        if let Some(result) = add.value().get()
            && report(status, lang, result, |_| t.saved.to_owned())
        {
            version.update(|v| *v += 1);
        }
    });
    let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<i32>().unwrap_or(0);
    view! {
        <details>
            <summary>{t.add_floor}</summary>
            <form
                class="stacked-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add.dispatch((
                        slug.clone(),
                        number(level),
                        name.get_untracked(),
                        number(width),
                        number(height),
                    ));
                }
            >
                <label>{t.level} <input type="number" required bind:value=level /></label>
                <label>{t.name} <input type="text" required bind:value=name /></label>
                <label>{t.plan_width} <input type="number" min="1" required bind:value=width /></label>
                <label>{t.plan_height} <input type="number" min="1" required bind:value=height /></label>
                <button type="submit">{t.add_floor}</button>
            </form>
        </details>
    }
}

/// Plan units per pixel of a mouse event's plan: the plan's SVG is drawn at the width of its
/// box, so its scale is the plan's width over the box's.
fn plan_scale(ev: &leptos::ev::MouseEvent, plan_width: i32) -> f64 {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let shown = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| e.client_width())
            .filter(|w| *w > 0)
            .unwrap_or(plan_width);
        f64::from(plan_width) / f64::from(shown)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, plan_width);
        1.0
    }
}

/// Whether a mouse event began on the selected zone, desk or room of the plan.
fn on_selected(ev: &leptos::ev::MouseEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(".editor-selected").ok().flatten())
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// A point of a mouse event on the plan, in plan units ([`plan_scale`]).
fn plan_point(ev: &leptos::ev::MouseEvent, plan_width: i32) -> (i32, i32) {
    #[cfg(feature = "hydrate")]
    {
        let scale = plan_scale(ev, plan_width);
        let at = |v: i32| {
            let scaled = (f64::from(v) * scale).round();
            // Within i32: a plan is a few thousand units wide.
            #[allow(clippy::cast_possible_truncation)]
            let v = scaled as i32;
            v
        };
        (at(ev.offset_x()), at(ev.offset_y()))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, plan_width);
        (0, 0)
    }
}

#[component]
fn FloorEditor(
    slug: String,
    floor: EditorFloor,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    draft: Draft,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let floor = StoredValue::new(floor);
    let f = floor.get_value();
    let floor_id = f.id;
    let (plan_width, plan_height) = (f.plan_width, f.plan_height);
    let image_url = format!("/api/v1/buildings/{slug}/floors/{}/plan", f.id);
    let upload_action = format!("/admin/buildings/{slug}/floors/{}/plan", f.id);
    let has_image = f.plan_image.is_some();
    let slug_value = StoredValue::new(slug.clone());
    let remove_image =
        Action::new(move |(slug, id): &(String, i32)| remove_floor_plan_image(slug.clone(), *id));
    Effect::new(move |_| {
        if let Some(result) = remove_image.value().get()
            && report(status, lang, result, |()| t.saved.to_owned())
        {
            version.update(|v| *v += 1);
        }
    });
    let tool_button = move |tool: Tool, label: &'static str, id: &'static str| {
        view! {
            <button
                type="button"
                id=id
                aria-pressed=move || (draft.tool.get() == tool && draft.picked.get().is_none()).to_string()
                on:click=move |_| {
                    if tool == Tool::Select {
                        draft.tool.set(Tool::Select);
                        draft.picked.set(None);
                    } else {
                        floor.with_value(|f| draft.start(tool, f));
                    }
                }
            >
                {label}
            </button>
        }
    };
    // Dragging a rectangle (zone, room) or clicking a point (desk) on the plan; dragging the
    // selected zone, desk or room moves it in the form (saving keeps it).
    let on_down = move |ev: leptos::ev::MouseEvent| {
        let n = |s: RwSignal<String>| s.get_untracked().trim().parse::<i32>().ok();
        draft.dragged.set(false);
        if draft.tool.get_untracked() != Tool::Select {
            ev.prevent_default();
            draft.drag.set(Some(plan_point(&ev, plan_width)));
        } else if draft.picked.get_untracked().is_some()
            && on_selected(&ev)
            && let (Some(x), Some(y)) = (n(draft.x), n(draft.y))
        {
            ev.prevent_default();
            draft.moving.set(Some(Moving {
                pointer: (ev.client_x(), ev.client_y()),
                place: (x, y),
                scale: plan_scale(&ev, plan_width),
            }));
        }
    };
    let on_move = move |ev: leptos::ev::MouseEvent| {
        if let Some(moving) = draft.moving.get_untracked() {
            let (x, y) = moving.to((ev.client_x(), ev.client_y()));
            draft.x.set(x.to_string());
            draft.y.set(y.to_string());
            return;
        }
        let tool = draft.tool.get_untracked();
        if let (Some((x0, y0)), Tool::Zone | Tool::Room) = (draft.drag.get_untracked(), tool) {
            let (x1, y1) = plan_point(&ev, plan_width);
            draft.geometry(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
        }
    };
    let on_up = move |ev: leptos::ev::MouseEvent| {
        if let Some(moving) = draft.moving.get_untracked() {
            draft.moving.set(None);
            let (x, y) = moving.to((ev.client_x(), ev.client_y()));
            if (x, y) != moving.place {
                draft.x.set(x.to_string());
                draft.y.set(y.to_string());
                draft.dragged.set(true);
                status.set(t.moved_unsaved.to_owned());
            }
            return;
        }
        let Some((x0, y0)) = draft.drag.get_untracked() else {
            return;
        };
        draft.drag.set(None);
        let (x1, y1) = plan_point(&ev, plan_width);
        match draft.tool.get_untracked() {
            Tool::Desk => {
                draft.x.set(x1.to_string());
                draft.y.set(y1.to_string());
            }
            Tool::Zone | Tool::Room if (x1 - x0).abs() > 4 && (y1 - y0).abs() > 4 => {
                draft.geometry(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
            }
            Tool::Zone | Tool::Room => {
                draft.x.set(x0.to_string());
                draft.y.set(y0.to_string());
            }
            Tool::Select => {}
        }
        focus("place-key");
    };
    let drawing = move || draft.tool.get() != Tool::Select;
    let shapes = move || {
        let f = floor.get_value();
        let picked = draft.picked.get();
        let zones = f
            .zones
            .iter()
            .map(|z| {
                let id = z.id;
                let selected = picked == Some(Picked::Zone(id));
                view! {
                    <g
                        class=format!("zone zone-{}{}", z.kind, if selected { " editor-selected" } else { "" })
                        on:click=move |_| floor.with_value(|f| draft.pick(Picked::Zone(id), f))
                    >
                        <rect x=z.x y=z.y width=z.width height=z.height rx="6" />
                        <text x=z.x + 10 y=z.y + 24 class="zone-label">{z.name.clone()}</text>
                    </g>
                }
            })
            .collect_view();
        let rooms = f
            .rooms
            .iter()
            .map(|r| {
                let id = r.id;
                let selected = picked == Some(Picked::Room(id));
                view! {
                    <g
                        class=if selected { "room editor-selected" } else { "room" }
                        on:click=move |_| floor.with_value(|f| draft.pick(Picked::Room(id), f))
                    >
                        <rect x=r.x y=r.y width=r.width height=r.height />
                        <text x=r.x + 8 y=r.y + 20>{r.label.clone()}</text>
                    </g>
                }
            })
            .collect_view();
        let desks = f
            .desks
            .iter()
            .map(|d| {
                let id = d.id;
                let selected = picked == Some(Picked::Desk(id));
                view! {
                    <g
                        class=if selected { "desk editor-selected" } else { "desk" }
                        data-desk=d.label.clone()
                        on:click=move |_| floor.with_value(|f| draft.pick(Picked::Desk(id), f))
                    >
                        <rect x=d.x - d.width / 2 y=d.y - d.height / 2 width=d.width height=d.height rx="4" />
                        <text x=d.x y=d.y + 5 text-anchor="middle">{d.label.clone()}</text>
                    </g>
                }
            })
            .collect_view();
        // The selected one outlined by a dashed frame (not by colour alone).
        let frame = picked.and_then(|p| match p {
            Picked::Zone(id) => f
                .zones
                .iter()
                .find(|z| z.id == id)
                .map(|z| (z.x, z.y, z.width, z.height)),
            Picked::Room(id) => f
                .rooms
                .iter()
                .find(|r| r.id == id)
                .map(|r| (r.x, r.y, r.width, r.height)),
            Picked::Desk(id) => f
                .desks
                .iter()
                .find(|d| d.id == id)
                .map(|d| (d.x - d.width / 2, d.y - d.height / 2, d.width, d.height)),
        });
        let frame = frame.map(|(x, y, w, h)| {
            view! {
                <rect class="editor-selection" x=x - 6 y=y - 6 width=w + 12 height=h + 12
                    fill="none" stroke="currentColor" stroke-width="4" stroke-dasharray="10 6" />
            }
        });
        view! { {zones} {rooms} {desks} {frame} }
    };
    // The draft of a new zone, desk or room, or where the selected one goes, as far as its
    // fields say.
    let draft_shape = move || {
        let tool = draft.tool.get();
        let picked = draft.picked.get();
        if tool == Tool::Select && picked.is_none() {
            return None;
        }
        let n = |s: RwSignal<String>| s.get().trim().parse::<i32>().ok();
        let (x, y, w, h) = (n(draft.x)?, n(draft.y)?, n(draft.width)?, n(draft.height)?);
        let (x, y) = if tool == Tool::Desk || matches!(picked, Some(Picked::Desk(_))) {
            (x - w / 2, y - h / 2)
        } else {
            (x, y)
        };
        Some(
            view! { <rect class="editor-draft" x=x y=y width=w height=h fill="none" stroke="currentColor" stroke-dasharray="8 4" /> },
        )
    };
    let rows = move || {
        let f = floor.get_value();
        let row = |kind: &'static str, label: String, picked: Picked| {
            view! {
                <li>
                    {format!("{kind} {label} ")}
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| floor.with_value(|f| draft.pick(picked, f))
                    >
                        {t.edit}
                        <span class="visually-hidden">{format!(" {kind} {label}")}</span>
                    </button>
                </li>
            }
        };
        let mut items = Vec::new();
        for z in &f.zones {
            items.push(row(t.kind_heading[0], z.name.clone(), Picked::Zone(z.id)).into_any());
        }
        for d in &f.desks {
            items.push(row(t.kind_heading[1], d.label.clone(), Picked::Desk(d.id)).into_any());
        }
        for r in &f.rooms {
            items.push(row(t.kind_heading[2], r.label.clone(), Picked::Room(r.id)).into_any());
        }
        items
    };
    let remove_floor = Action::new(move |(slug, id): &(String, i32)| {
        crate::building_admin::remove_building_place(slug.clone(), "floor".to_owned(), *id, None)
    });
    Effect::new(move |_| {
        if let Some(result) = remove_floor.value().get()
            && report(status, lang, result, |_| t.saved.to_owned())
        {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <section aria-labelledby="floor-heading" class="building-editor">
            <h2 id="floor-heading">{format!("{} ({})", f.name, f.level)}</h2>
            <h3>{t.plan_image}</h3>
            <form method="post" enctype="multipart/form-data" action=upload_action class="stacked-form">
                <label>
                    {t.plan_file}
                    <input id="plan-file" type="file" name="plan" required accept="image/svg+xml,image/png,image/jpeg" />
                </label>
                <button type="submit" id="plan-upload">{t.upload}</button>
            </form>
            {has_image.then(|| view! {
                <button
                    type="button"
                    on:click=move |_| { remove_image.dispatch((slug_value.get_value(), floor_id)); }
                >
                    {t.remove_image}
                </button>
            })}
            <div role="toolbar" aria-label=t.tools aria-controls="editor-plan" class="editor-tools">
                {tool_button(Tool::Select, t.tool_select, "tool-select")}
                {tool_button(Tool::Zone, t.tool_zone, "tool-zone")}
                {tool_button(Tool::Desk, t.tool_desk, "tool-desk")}
                {tool_button(Tool::Room, t.tool_room, "tool-room")}
            </div>
            <p id="tool-hint">{move || t.tool_hints[draft.tool.get().index()]}</p>
            <div class="editor-layout">
                <svg
                    id="editor-plan"
                    class="floor-plan editor-plan"
                    role="img"
                    aria-label=t.plan
                    aria-describedby="tool-hint"
                    viewBox=format!("0 0 {plan_width} {plan_height}")
                    width="100%"
                    on:mousedown=on_down
                    on:mousemove=on_move
                    on:mouseup=on_up
                >
                    {has_image.then(|| view! {
                        <image href=image_url.clone() x="0" y="0" width=plan_width height=plan_height pointer-events="none" />
                    })}
                    <g pointer-events=move || if drawing() { "none" } else { "auto" }>
                        {shapes}
                        {draft_shape}
                    </g>
                </svg>
                <PlaceEditor slug=slug.clone() floor version status draft lang />
            </div>
            <h3>{t.lists}</h3>
            <ul class="editor-list">{rows}</ul>
            {(f.zones.is_empty() && f.rooms.is_empty()).then(|| view! {
                <button
                    type="button"
                    on:click=move |_| { remove_floor.dispatch((slug_value.get_value(), floor_id)); }
                >
                    {t.remove_floor}
                </button>
            })}
        </section>
    }
}

/// Gives the element with `id` the focus (in the browser).
fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ignored = element.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
fn PlaceEditor(
    slug: String,
    floor: StoredValue<EditorFloor>,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    draft: Draft,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let save = ServerAction::<SaveBuildingPlace>::new();
    let remove = ServerAction::<RemoveBuildingPlace>::new();
    let slug = StoredValue::new(slug);
    Effect::new(move |_| {
        if let Some(result) = save.value().get()
            && report(status, lang, result, |_| t.saved.to_owned())
        {
            draft.tool.set(Tool::Select);
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(result) = remove.value().get()
            && report(status, lang, result, |r| {
                t.removed
                    .replace("{c}", &r.cancelled.to_string())
                    .replace("{m}", &r.moved.to_string())
            })
        {
            draft.picked.set(None);
            version.update(|v| *v += 1);
        }
    });
    let heading = move || {
        let index = match draft.kind() {
            "zone" => 0,
            "desk" => 1,
            "room" => 2,
            _ => return t.nothing_selected.to_owned(),
        };
        if draft.picked.get().is_some() {
            format!("{}: {}", t.kind_heading[index], draft.key.get())
        } else {
            t.new_heading[index].to_owned()
        }
    };
    let future = move || {
        floor.with_value(|f| match draft.picked.get() {
            Some(Picked::Desk(id)) => f
                .desks
                .iter()
                .find(|d| d.id == id)
                .map_or(0, |d| d.future_bookings),
            Some(Picked::Room(id)) => f
                .rooms
                .iter()
                .find(|r| r.id == id)
                .map_or(0, |r| r.future_bookings),
            _ => 0,
        })
    };
    let zone_options = move |none: bool| {
        let zones = floor.with_value(|f| f.zones.clone());
        let mut options = Vec::new();
        if none {
            options.push(view! { <option value="0">{t.no_zone}</option> }.into_any());
        }
        for z in zones {
            options.push(view! { <option value=z.id.to_string()>{z.name}</option> }.into_any());
        }
        options
    };
    let number_field = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="number" required bind:value=value />
        }
    };
    let check_field = move |id: &'static str, label: &'static str, value: RwSignal<bool>| {
        view! {
            <label class="check">
                <input id=id type="checkbox" bind:checked=value />
                {label}
            </label>
        }
    };
    let fields = move || {
        let kind = draft.kind();
        if kind.is_empty() {
            return view! { <p>{t.nothing_selected}</p> }.into_any();
        }
        if kind == "desk" && floor.with_value(|f| f.zones.is_empty()) {
            return view! { <p>{t.needs_zone}</p> }.into_any();
        }
        let geometry = view! {
            <fieldset>
                <legend>{format!("{} / {}", t.geometry[0], t.geometry[2])}</legend>
                {number_field("place-x", t.geometry[0], draft.x)}
                {number_field("place-y", t.geometry[1], draft.y)}
                {number_field("place-width", t.geometry[2], draft.width)}
                {number_field("place-height", t.geometry[3], draft.height)}
            </fieldset>
        };
        let key_label = if kind == "zone" { t.slug } else { t.label };
        let key = view! {
            <label for="place-key">{key_label}</label>
            <input id="place-key" type="text" required bind:value=draft.key />
        };
        let specific = match kind {
            "zone" => view! {
                <label for="place-name">{t.name}</label>
                <input id="place-name" type="text" required bind:value=draft.name />
                <label for="place-kind">{t.zone_kind}</label>
                <select id="place-kind" bind:value=draft.class>
                    {["entrance", "consultation", "work", "quiet"]
                        .iter()
                        .zip(t.zone_kinds)
                        .map(|(value, label)| view! { <option value=*value>{label}</option> })
                        .collect_view()}
                </select>
            }
            .into_any(),
            "desk" => view! {
                <label for="place-zone">{t.zone}</label>
                <select id="place-zone" bind:value=draft.zone_id>{zone_options(false)}</select>
                {number_field("place-monitors", t.monitors, draft.count)}
                {check_field("place-docking", t.docking, draft.flag_a)}
                {check_field("place-adjustable", t.adjustable, draft.flag_b)}
                {check_field("place-accessible", t.accessible, draft.flag_c)}
                <label for="place-notes">{t.notes}</label>
                <input id="place-notes" type="text" bind:value=draft.text />
            }
            .into_any(),
            _ => view! {
                <label for="place-name">{t.name}</label>
                <input id="place-name" type="text" required bind:value=draft.name />
                <label for="place-zone">{t.zone}</label>
                <select id="place-zone" bind:value=draft.zone_id>{zone_options(true)}</select>
                {number_field("place-capacity", t.capacity, draft.count)}
                <label for="place-privacy">{t.privacy}</label>
                <select id="place-privacy" bind:value=draft.class>
                    <option value="standard">{t.privacy_classes[0]}</option>
                    <option value="protected">{t.privacy_classes[1]}</option>
                </select>
                {check_field("place-step-free", t.step_free, draft.flag_a)}
                {check_field("place-hearing-loop", t.hearing_loop, draft.flag_b)}
                <label for="place-equipment">{t.equipment}</label>
                <input id="place-equipment" type="text" bind:value=draft.text />
                {number_field("place-before", t.buffer_before, draft.before)}
                {number_field("place-after", t.buffer_after, draft.after)}
            }
            .into_any(),
        };
        view! {
            <form
                id="place-form"
                class="stacked-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let form = floor.with_value(|f| draft.form(f.id));
                    save.dispatch(SaveBuildingPlace { slug: slug.get_value(), form });
                }
            >
                {key}
                {specific}
                {geometry}
                <button type="submit" id="place-save">{t.save}</button>
            </form>
        }
        .into_any()
    };
    let removal = move || {
        let picked = draft.picked.get()?;
        let (kind, id) = match picked {
            Picked::Zone(id) => ("zone", id),
            Picked::Desk(id) => ("desk", id),
            Picked::Room(id) => ("room", id),
        };
        let count = future();
        let choice = (count > 0).then(|| {
            view! {
                <fieldset>
                    <legend>{t.bookings_choice}</legend>
                    <p>{format!("{} {count}", t.future_bookings)}</p>
                    <label class="check">
                        <input type="radio" name="bookings" value="cancel" id="bookings-cancel"
                            on:change=move |_| draft.bookings.set("cancel".to_owned()) />
                        {t.choice_cancel}
                    </label>
                    {(kind != "zone").then(|| view! {
                        <label class="check">
                            <input type="radio" name="bookings" value="move" id="bookings-move"
                                on:change=move |_| draft.bookings.set("move".to_owned()) />
                            {if kind == "room" { t.choice_move_room } else { t.choice_move }}
                        </label>
                    })}
                </fieldset>
            }
        });
        Some(view! {
            <form
                class="stacked-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    let bookings = Some(draft.bookings.get_untracked()).filter(|b| !b.is_empty());
                    remove.dispatch(RemoveBuildingPlace {
                        slug: slug.get_value(),
                        kind: kind.to_owned(),
                        id,
                        bookings,
                    });
                }
            >
                {choice}
                <button type="submit" id="place-remove">{t.remove}</button>
            </form>
        })
    };
    view! {
        <section class="editor-form" aria-labelledby="place-heading">
            <h3 id="place-heading">{heading}</h3>
            {fields}
            {removal}
        </section>
    }
}

/// The menu entry of the building editor in `lang`.
pub fn menu_title(lang: Lang) -> &'static str {
    texts(lang).title
}

/// `/admin/buildings`: the buildings, each a link to its editor.
#[component]
pub fn AdminBuildingsPage() -> impl IntoView {
    let t = texts(use_lang());
    let buildings = Resource::new(|| (), |()| crate::building_admin::get_building_list());
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match buildings.await {
                    Ok(list) => view! {
                        <ul id="building-list">
                            {list
                                .into_iter()
                                .map(|(slug, name, site)| view! {
                                    <li>
                                        <a href=format!("/admin/buildings/{slug}")>{name}</a>
                                        {site.map(|site| view! {
                                            <span class="site">" · " {t.site} ": " {site}</span>
                                        })}
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
