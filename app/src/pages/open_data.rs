//! Open data: the public page (`/open-data`, no sign-in) with what facility management
//! publishes — each table's figures, its data dictionary, the JSON and CSV addresses, the
//! licence and the DCAT-AP.de catalogue — and its administration (`/admin/open-data`): which
//! datasets are published, under which licence and by whom, and each room's calendar feed for
//! groupware.
//!
//! Tables scroll inside a labelled, focusable region on a narrow screen; every form is a
//! fieldset with a legend and labelled fields, its outcome said in a status or alert.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::open_data::{
    Dataset, Figure, Licence, OpenDataSettings, OpenDataTable, RoomFeedState,
};
use crate::open_data::{
    CreateRoomFeed, OpenDataAdmin, OpenDataPageData, RevokeRoomFeed, SaveOpenData, get_open_data,
    get_open_data_admin,
};
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;

/// The pages' texts in one language.
#[derive(Debug)]
pub struct Texts {
    /// Heading of the public page.
    pub title: &'static str,
    /// What the public page offers.
    pub intro: &'static str,
    /// Before the minimum group size.
    pub min_group_before: &'static str,
    /// After the minimum group size.
    pub min_group_after: &'static str,
    /// Nothing is published.
    pub nothing: &'static str,
    /// Before the days covered.
    pub days: &'static str,
    /// Before the licence.
    pub licence: &'static str,
    /// Before the attribution.
    pub attribution: &'static str,
    /// Link: the catalogue.
    pub catalog: &'static str,
    /// What the catalogue is for.
    pub catalog_hint: &'static str,
    /// Link: JSON.
    pub json: &'static str,
    /// Link: CSV.
    pub csv: &'static str,
    /// Disclosure: the data dictionary.
    pub dictionary: &'static str,
    /// Column: field.
    pub field: &'static str,
    /// Column: meaning.
    pub meaning: &'static str,
    /// Column: unit.
    pub unit: &'static str,
    /// No figure rests on enough people yet.
    pub no_records: &'static str,
    /// Heading of the administration page.
    pub admin_title: &'static str,
    /// What the administration page does.
    pub admin_intro: &'static str,
    /// Legend of the publishing form.
    pub publish_legend: &'static str,
    /// Label of the licence.
    pub licence_label: &'static str,
    /// Label of the publisher.
    pub publisher_label: &'static str,
    /// Hint of the publisher.
    pub publisher_hint: &'static str,
    /// Button: save.
    pub save: &'static str,
    /// Status: saved.
    pub saved: &'static str,
    /// Link to the public page.
    pub public_link: &'static str,
    /// Heading: rooms' calendars.
    pub feeds_title: &'static str,
    /// What the rooms' calendars are.
    pub feeds_intro: &'static str,
    /// Column: room.
    pub room: &'static str,
    /// Column: what the feed shows.
    pub shows: &'static str,
    /// A protected room's feed: free/busy only.
    pub shows_busy: &'static str,
    /// A meeting room's feed: subjects.
    pub shows_subjects: &'static str,
    /// Column: feed.
    pub feed: &'static str,
    /// The room has a feed.
    pub has_feed: &'static str,
    /// The room has none.
    pub no_feed: &'static str,
    /// Button: create (or renew) the address.
    pub create: &'static str,
    /// Button: revoke.
    pub revoke: &'static str,
    /// Before the new address.
    pub new_address: &'static str,
    /// Status: revoked.
    pub revoked: &'static str,
}

/// The texts in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Texts = Texts {
    title: "Offene Daten",
    intro: "Wie das Gebäude genutzt wird, als offene Daten für alle: zusammengefasste Zahlen zur Auslastung der Arbeitsplätze, zu Plätzen je Person und zu dem, was das Teilen der Plätze einspart. Die Zahlen stammen aus denselben Berechnungen wie die internen Berichte des Gebäudemanagements.",
    min_group_before: "Keine Zahl beruht auf weniger als",
    min_group_after: "Personen; über einzelne Personen oder kleinere Gruppen wird nichts veröffentlicht.",
    nothing: "Derzeit werden keine Daten veröffentlicht.",
    days: "Zeitraum:",
    licence: "Lizenz:",
    attribution: "Namensnennung:",
    catalog: "Katalog (DCAT-AP.de, JSON-LD)",
    catalog_hint: "Offene-Daten-Portale wie GovData (CKAN) können den Katalog regelmäßig einlesen.",
    json: "JSON",
    csv: "CSV",
    dictionary: "Datenbeschreibung",
    field: "Feld",
    meaning: "Bedeutung",
    unit: "Einheit",
    no_records: "Für diesen Zeitraum gibt es noch keine Zahlen, die auf genug Personen beruhen.",
    admin_title: "Offene Daten verwalten",
    admin_intro: "Was als offene Daten veröffentlicht wird, unter welcher Lizenz und von wem; und die Kalender der Räume für Groupware. Nach einer Neuinstallation wird nichts veröffentlicht.",
    publish_legend: "Veröffentlichen",
    licence_label: "Lizenz",
    publisher_label: "Herausgeber",
    publisher_hint: "Leer lassen: der Name des Gebäudes.",
    save: "Speichern",
    saved: "Gespeichert.",
    public_link: "Öffentliche Seite ansehen",
    feeds_title: "Kalender der Räume",
    feeds_intro: "Jeder Raum kann als Kalender-Ressource in Outlook, Thunderbird oder einer Raumanzeige abonniert werden. Die Adresse ist geheim und wird nur einmal gezeigt; eine neue Adresse beendet die alte. Wer reserviert hat, steht in keinem Kalender.",
    room: "Raum",
    shows: "Der Kalender zeigt",
    shows_busy: "nur belegt oder frei (geschützter Raum)",
    shows_subjects: "Betreff der Reservierungen, nicht wer",
    feed: "Kalender",
    has_feed: "Adresse vergeben",
    no_feed: "keine Adresse",
    create: "Neue Adresse",
    revoke: "Adresse beenden",
    new_address: "Neue Adresse (nur jetzt sichtbar):",
    revoked: "Beendet.",
};

static EN: Texts = Texts {
    title: "Open data",
    intro: "How the building is used, as open data for everybody: aggregated figures on desk utilisation, desks per person and what sharing desks saves. The figures come from the same calculations as facility management's internal reports.",
    min_group_before: "No figure rests on fewer than",
    min_group_after: "people; nothing is published about a single person or a smaller group.",
    nothing: "Nothing is published at the moment.",
    days: "Days:",
    licence: "Licence:",
    attribution: "Attribution:",
    catalog: "Catalogue (DCAT-AP.de, JSON-LD)",
    catalog_hint: "Open data portals such as GovData (CKAN) can harvest the catalogue regularly.",
    json: "JSON",
    csv: "CSV",
    dictionary: "Data dictionary",
    field: "Field",
    meaning: "Meaning",
    unit: "Unit",
    no_records: "There are no figures resting on enough people for these days yet.",
    admin_title: "Manage open data",
    admin_intro: "What is published as open data, under which licence and by whom; and the rooms' calendars for groupware. A fresh install publishes nothing.",
    publish_legend: "Publish",
    licence_label: "Licence",
    publisher_label: "Publisher",
    publisher_hint: "Leave empty: the building's name.",
    save: "Save",
    saved: "Saved.",
    public_link: "See the public page",
    feeds_title: "Rooms' calendars",
    feeds_intro: "Each room can be subscribed to as a calendar resource in Outlook, Thunderbird or a room display. The address is secret and shown once; a new address ends the old one. No calendar says who reserved.",
    room: "Room",
    shows: "The calendar shows",
    shows_busy: "only busy or free (protected room)",
    shows_subjects: "the reservations' subjects, not who",
    feed: "Calendar",
    has_feed: "address issued",
    no_feed: "no address",
    create: "New address",
    revoke: "End address",
    new_address: "New address (shown only now):",
    revoked: "Ended.",
};

/// The menu's name of the administration page.
pub fn menu_title(lang: Lang) -> &'static str {
    texts(lang).admin_title
}

/// The footer's name of the public page.
pub fn public_title(lang: Lang) -> &'static str {
    texts(lang).title
}

/// `/open-data`, for everybody.
#[component]
pub fn OpenDataPage() -> impl IntoView {
    let t = texts(use_lang());
    let data = Resource::new(|| (), |_| get_open_data());
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Published data /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Published(data: OpenDataPageData) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let index = data.index;
    let attribution = index.licence.attribution.clone().map(|name| {
        view! {
            <p>
                {t.attribution} " " {name}
            </p>
        }
    });
    let tables = data
        .tables
        .into_iter()
        .map(|table| view! { <Table table /> })
        .collect_view();
    let nothing = index
        .datasets
        .is_empty()
        .then(|| view! { <p class="notice" id="open-data-nothing">{t.nothing}</p> });
    view! {
        <p>
            {t.min_group_before} " " <strong>{index.min_group}</strong> " " {t.min_group_after}
        </p>
        <p>
            {t.licence} " " <a href=index.licence.url.clone() rel="license">{index.licence.name.clone()}</a>
        </p>
        {attribution}
        <p>
            <a href=index.catalog_url.clone() type="application/ld+json">{t.catalog}</a>
            " — "
            {t.catalog_hint}
        </p>
        {nothing}
        {tables}
    }
}

/// A figure as the page shows it (a decimal comma in German).
fn shown(figure: Option<&Figure>, lang: Lang) -> String {
    match figure {
        None => "–".to_owned(),
        Some(Figure::Num(x)) => match lang {
            Lang::De => format!("{x}").replace('.', ","),
            Lang::En => format!("{x}"),
        },
        Some(figure) => figure.cell(),
    }
}

#[component]
fn Table(table: OpenDataTable) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let slug = table.dataset.slug();
    let heading_id = format!("dataset-{slug}");
    let names: Vec<String> = table.fields.iter().map(|f| f.name.clone()).collect();
    let dictionary = table
        .fields
        .iter()
        .map(|f| {
            view! {
                <tr>
                    <th scope="row">
                        <code>{f.name.clone()}</code>
                    </th>
                    <td>{f.meaning.clone()}</td>
                    <td>{f.unit.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let header = names
        .iter()
        .map(|name| view! { <th scope="col"><code>{name.clone()}</code></th> })
        .collect_view();
    let empty = table.records.is_empty();
    let rows = table
        .records
        .iter()
        .map(|record| {
            let cells = names
                .iter()
                .map(|name| {
                    view! { <td>{shown(record.get(name).and_then(Option::as_ref), lang)}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let base = format!("/api/v1/open-data/{slug}");
    let figures = if empty {
        view! { <p>{t.no_records}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby=heading_id.clone()>
                <table class="open-data">
                    <thead>
                        <tr>{header}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby=heading_id.clone() id=format!("open-data-{slug}")>
            <h2 id=heading_id.clone()>{table.title.clone()}</h2>
            <p>{table.dataset.description(lang)}</p>
            <p>
                {t.days} " " {table.from.to_string()} " – " {table.to.to_string()} " · "
                <a href=format!("{base}.json") type="application/json">
                    {t.json}
                    <span class="visually-hidden">": " {table.title.clone()}</span>
                </a>
                " · "
                <a href=format!("{base}.csv") type="text/csv">
                    {t.csv}
                    <span class="visually-hidden">": " {table.title.clone()}</span>
                </a>
            </p>
            {figures}
            <details>
                <summary>
                    {t.dictionary}
                    <span class="visually-hidden">": " {table.title.clone()}</span>
                </summary>
                <div class="table-scroll" tabindex="0" role="group" aria-label=t.dictionary>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t.field}</th>
                                <th scope="col">{t.meaning}</th>
                                <th scope="col">{t.unit}</th>
                            </tr>
                        </thead>
                        <tbody>{dictionary}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

/// An error as a person reads it, with the service's reason for refused input.
fn error_text(error: &AppError, lang: Lang) -> String {
    match error {
        AppError::InvalidInput(why) | AppError::Conflict(why) => {
            format!("{} ({why})", error.message(lang))
        }
        other => other.message(lang).to_owned(),
    }
}

/// `/admin/open-data`, for facility managers and building administrators.
#[component]
pub fn AdminOpenDataPage() -> impl IntoView {
    let t = texts(use_lang());
    let save = ServerAction::<SaveOpenData>::new();
    let create = ServerAction::<CreateRoomFeed>::new();
    let revoke = ServerAction::<RevokeRoomFeed>::new();
    let admin = Resource::new(
        move || {
            (
                save.version().get(),
                create.version().get(),
                revoke.version().get(),
            )
        },
        |_| get_open_data_admin(),
    );
    view! {
        <Title text=t.admin_title />
        <h1>{t.admin_title}</h1>
        <p>{t.admin_intro}</p>
        <p>
            <a href="/open-data">{t.public_link}</a>
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match admin.await {
                    Ok(admin) => view! { <Admin admin save create revoke /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Admin(
    admin: OpenDataAdmin,
    save: ServerAction<SaveOpenData>,
    create: ServerAction<CreateRoomFeed>,
    revoke: ServerAction<RevokeRoomFeed>,
) -> impl IntoView {
    view! {
        <Publishing settings=admin.settings save />
        <RoomFeeds rooms=admin.rooms create revoke />
    }
}

#[component]
fn Publishing(settings: OpenDataSettings, save: ServerAction<SaveOpenData>) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let boxes = Dataset::ALL
        .into_iter()
        .map(|dataset| {
            let name = dataset.slug().replace('-', "_");
            let id = format!("publish-{}", dataset.slug());
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=name
                        value="on"
                        checked=settings.published.contains(&dataset)
                    />
                    <label for=id>{dataset.title(lang)}</label>
                </div>
            }
        })
        .collect_view();
    let licences = Licence::ALL
        .into_iter()
        .map(|licence| {
            view! {
                <option value=licence.id() selected=licence == settings.licence>
                    {licence.name()}
                </option>
            }
        })
        .collect_view();
    let outcome = move || {
        if save.pending().get() {
            return None;
        }
        save.value().get().map(|result| match result {
            Ok(()) => view! {
                <p role="status" class="notice" id="open-data-outcome">
                    {t.saved}
                </p>
            }
            .into_any(),
            Err(error) => view! {
                <p role="alert" class="error" id="open-data-outcome">
                    {error_text(&error, lang)}
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <ActionForm action=save attr:id="open-data-form">
            <fieldset>
                <legend>{t.publish_legend}</legend>
                {boxes}
                <label for="open-data-licence">{t.licence_label}</label>
                <select id="open-data-licence" name="licence">
                    {licences}
                </select>
                <label for="open-data-publisher">{t.publisher_label}</label>
                <input
                    type="text"
                    id="open-data-publisher"
                    name="publisher"
                    maxlength="200"
                    value=settings.publisher.clone()
                    aria-describedby="open-data-publisher-hint"
                />
                <p class="hint" id="open-data-publisher-hint">
                    {t.publisher_hint}
                </p>
                <button type="submit">{t.save}</button>
                {outcome}
            </fieldset>
        </ActionForm>
    }
}

#[component]
fn RoomFeeds(
    rooms: Vec<RoomFeedState>,
    create: ServerAction<CreateRoomFeed>,
    revoke: ServerAction<RevokeRoomFeed>,
) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    let outcome = move || {
        let created = (!create.pending().get())
            .then(|| create.value().get())
            .flatten()
            .map(|result| match result {
                Ok(url) => view! {
                    <p role="status" class="notice" id="room-feed-outcome">
                        {t.new_address} " " <code class="feed-address">{url}</code>
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <p role="alert" class="error" id="room-feed-outcome">
                        {error_text(&error, lang)}
                    </p>
                }
                .into_any(),
            });
        let revoked = (!revoke.pending().get())
            .then(|| revoke.value().get())
            .flatten()
            .map(|result| match result {
                Ok(()) => view! {
                    <p role="status" class="notice">
                        {t.revoked}
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <p role="alert" class="error">
                        {error_text(&error, lang)}
                    </p>
                }
                .into_any(),
            });
        view! { {created} {revoked} }
    };
    let rows = rooms
        .into_iter()
        .map(|room| {
            let label = format!("{} {}", room.label, room.name);
            let revoke_form = room.has_feed.then(|| {
                let label = label.clone();
                view! {
                    <ActionForm action=revoke attr:class="inline-form">
                        <input type="hidden" name="room_id" value=room.room_id />
                        <button type="submit">
                            {t.revoke}
                            <span class="visually-hidden">": " {label}</span>
                        </button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    <td>{if room.protected { t.shows_busy } else { t.shows_subjects }}</td>
                    <td>{if room.has_feed { t.has_feed } else { t.no_feed }}</td>
                    <td>
                        <ActionForm action=create attr:class="inline-form">
                            <input type="hidden" name="room_id" value=room.room_id />
                            <button type="submit">
                                {t.create}
                                <span class="visually-hidden">": " {label.clone()}</span>
                            </button>
                        </ActionForm>
                        {revoke_form}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="room-feeds-heading">
            <h2 id="room-feeds-heading">{t.feeds_title}</h2>
            <p>{t.feeds_intro}</p>
            {outcome}
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="room-feeds-heading">
                <table id="room-feeds">
                    <thead>
                        <tr>
                            <th scope="col">{t.room}</th>
                            <th scope="col">{t.shows}</th>
                            <th scope="col">{t.feed}</th>
                            <th scope="col">
                                <span class="visually-hidden">{t.feed}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
