//! The entrance zone on the building editor: which organisations are admitted to its
//! first-consultation rooms (checkboxes), and each such room's longest slot in minutes.

use leptos::prelude::*;

use crate::building_admin::{get_entrance, set_entrance_admissions, set_room_max_slot};
use crate::i18n::Lang;
use crate::model::entrance::{EntranceRoom, EntranceSettings};

/// The section's texts in one language.
struct Texts {
    heading: &'static str,
    hint: &'static str,
    admitted: &'static str,
    save_admissions: &'static str,
    admissions_saved: &'static str,
    slots: &'static str,
    slots_hint: &'static str,
    minutes: &'static str,
    default_minutes: &'static str,
    save_slot: &'static str,
    slot_saved: &'static str,
    no_rooms: &'static str,
}

const DE: Texts = Texts {
    heading: "Eingangsbereich",
    hint: "Die Erstberatungsräume des Eingangsbereichs reservieren nur Beratung und Empfang der hier zugelassenen Organisationen; nur sie fragen „Ein Raum jetzt“ an. Ohne Haken ist keine Organisation zugelassen.",
    admitted: "Zugelassene Organisationen",
    save_admissions: "Zulassung speichern",
    admissions_saved: "Zulassung gespeichert.",
    slots: "Längstes Zeitfenster je Raum",
    slots_hint: "In Minuten. Leer lassen: Es gilt die Vorgabe des Eingangsbereichs.",
    minutes: "Minuten",
    default_minutes: "Vorgabe",
    save_slot: "Speichern",
    slot_saved: "Zeitfenster gespeichert:",
    no_rooms: "Dieses Gebäude hat keine Räume in einer Zone der Art „Eingang“.",
};

const EN: Texts = Texts {
    heading: "Entrance zone",
    hint: "Only counsellors and the front desk of the organisations admitted here reserve the entrance zone's first-consultation rooms and ask for \"a room now\". With no box ticked, no organisation is admitted.",
    admitted: "Organisations admitted",
    save_admissions: "Save admissions",
    admissions_saved: "Admissions saved.",
    slots: "Longest slot per room",
    slots_hint: "In minutes. Leave empty for the entrance zone's default.",
    minutes: "minutes",
    default_minutes: "default",
    save_slot: "Save",
    slot_saved: "Slot saved:",
    no_rooms: "This building has no rooms in a zone of kind \"entrance\".",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

/// The entrance zone section of building `slug`; outcomes go to the page's live region
/// `status`.
#[component]
pub fn EntranceSection(slug: String, status: RwSignal<String>, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let version = RwSignal::new(0_u32);
    let for_resource = slug.clone();
    let settings = Resource::new(
        move || version.get(),
        move |_| get_entrance(for_resource.clone()),
    );
    view! {
        <section aria-labelledby="entrance-heading" class="entrance-admin">
            <h2 id="entrance-heading">{t.heading}</h2>
            <p class="hint" id="entrance-hint">{t.hint}</p>
            <Transition fallback=crate::pages::Loading>
                {move || {
                    let slug = slug.clone();
                    Suspend::new(async move {
                        match settings.await {
                            Ok(found) => {
                                view! { <EntranceForms slug found version status lang /> }
                                    .into_any()
                            }
                            Err(error) => view! { <crate::pages::ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn EntranceForms(
    slug: String,
    found: EntranceSettings,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let admitted = RwSignal::new(
        found
            .organisations
            .iter()
            .filter(|o| o.admitted)
            .map(|o| o.slug.clone())
            .collect::<Vec<String>>(),
    );
    let save = Action::new(move |(slug, list): &(String, String)| {
        set_entrance_admissions(slug.clone(), list.clone())
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(_) => {
                    status.set(t.admissions_saved.to_owned());
                    version.update(|v| *v += 1);
                }
                Err(error) => status.set(error.message(lang).to_owned()),
            }
        }
    });
    let boxes = found
        .organisations
        .into_iter()
        .map(|o| {
            let id = format!("entrance-org-{}", o.slug);
            let label_for = id.clone();
            let code = o.slug.clone();
            view! {
                <label for=label_for>
                    <input
                        id=id
                        type="checkbox"
                        name="organisation"
                        value=o.slug.clone()
                        checked=o.admitted
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let code = code.clone();
                            admitted
                                .update(|list| {
                                    list.retain(|s| *s != code);
                                    if on {
                                        list.push(code);
                                    }
                                });
                        }
                    />
                    {o.name}
                </label>
            }
        })
        .collect_view();
    let form_slug = slug.clone();
    let rooms = if found.rooms.is_empty() {
        view! { <p>{t.no_rooms}</p> }.into_any()
    } else {
        let default = found.default_max_slot_minutes;
        found
            .rooms
            .into_iter()
            .map(|room| view! { <RoomSlot room default version status lang /> })
            .collect_view()
            .into_any()
    };
    view! {
        <form
            class="stacked-form"
            aria-describedby="entrance-hint"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((form_slug.clone(), admitted.get_untracked().join(",")));
            }
        >
            <fieldset>
                <legend>{t.admitted}</legend>
                {boxes}
            </fieldset>
            <button type="submit">{t.save_admissions}</button>
        </form>
        <h3 id="entrance-slots-heading">{t.slots}</h3>
        <p class="hint" id="entrance-slots-hint">{t.slots_hint}</p>
        <ul class="entrance-rooms" aria-labelledby="entrance-slots-heading">
            {rooms}
        </ul>
    }
}

#[component]
fn RoomSlot(
    room: EntranceRoom,
    default: i32,
    version: RwSignal<u32>,
    status: RwSignal<String>,
    lang: Lang,
) -> impl IntoView {
    let t = texts(lang);
    let minutes = RwSignal::new(
        room.max_slot_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let name = format!("{} {}", room.label, room.name);
    let done_name = name.clone();
    let label = name.clone();
    let save = Action::new(move |(id, text): &(i32, String)| set_room_max_slot(*id, text.clone()));
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(()) => {
                    status.set(format!("{} {done_name}", t.slot_saved));
                    version.update(|v| *v += 1);
                }
                Err(error) => status.set(error.message(lang).to_owned()),
            }
        }
    });
    let id = room.id;
    let input_id = format!("entrance-slot-{id}");
    let label_for = input_id.clone();
    view! {
        <li>
            <form
                class="inline-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch((id, minutes.get_untracked()));
                }
            >
                <label for=label_for>{format!("{name} ({}) ", t.minutes)}</label>
                <input
                    id=input_id
                    type="number"
                    min="1"
                    max="1440"
                    inputmode="numeric"
                    placeholder=format!("{} {default}", t.default_minutes)
                    aria-describedby="entrance-slots-hint"
                    bind:value=minutes
                />
                <button type="submit" aria-label=format!("{} {label}", t.save_slot)>
                    {t.save_slot}
                </button>
            </form>
        </li>
    }
}
