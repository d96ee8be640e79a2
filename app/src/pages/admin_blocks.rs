//! Maintenance blocks (`/admin/blocks`), for facility managers and building administrators:
//! the blocks of desks and zones still running or to come — the place with its building and
//! floor, the days, the reason, how many bookings were moved and how many found no free desk
//! — each with a button to end it; and a form to block a desk or a whole zone (chosen by
//! building and floor) from a first to a last day, for a reason. Blocking moves the bookings
//! in the way to the best free desk for each person; the page says how many.
//!
//! Every form works without a pointer: labelled fields, and the outcome shown in a status
//! region (errors as alerts that the fields name through `aria-describedby`, with
//! `aria-invalid`). A transition, not a suspense, keeps the page (the outcome and the keyboard
//! focus) while the blocks are read again after a form was sent.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::blocks_admin::{CreateMaintenanceBlock, EndMaintenanceBlock, get_blocks_admin};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::blocks_admin::{AdminBlock, BlockTarget, BlockableFloor, BlocksOverview};
use crate::pages::{ErrorNotice, Loading};
use crate::shell::use_lang;

/// The page's texts in one language.
#[derive(Debug)]
pub struct Texts {
    /// Heading and menu.
    pub title: &'static str,
    /// What the page does.
    pub intro: &'static str,
    /// Heading: the blocks.
    pub list_heading: &'static str,
    /// The table's caption.
    pub caption: &'static str,
    /// No blocks.
    pub none: &'static str,
    /// Columns: place, where, from, to, reason, moved, without a desk, action.
    pub columns: [&'static str; 8],
    /// A desk, a zone.
    pub kinds: [&'static str; 2],
    /// A block of every desk.
    pub everything: &'static str,
    /// Level.
    pub level: &'static str,
    /// Button: end a block.
    pub end: &'static str,
    /// Status: ended.
    pub ended: &'static str,
    /// Heading: new block.
    pub create_heading: &'static str,
    /// Field: desk or zone.
    pub place: &'static str,
    /// The empty choice.
    pub choose: &'static str,
    /// A whole zone, in the choice.
    pub whole_zone: &'static str,
    /// Field: first day.
    pub from_day: &'static str,
    /// Field: last day.
    pub to_day: &'static str,
    /// Field: reason.
    pub reason: &'static str,
    /// What blocking does.
    pub create_hint: &'static str,
    /// Button: block.
    pub create: &'static str,
    /// Status: blocked (then the place).
    pub blocked: &'static str,
    /// Status: bookings moved.
    pub moved: &'static str,
    /// Status: bookings left without a desk.
    pub without_desk: &'static str,
}

/// The texts in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Texts = Texts {
    title: "Sperrungen",
    intro: "Plätze oder ganze Zonen für einige Tage sperren, etwa für Malerarbeiten, eine Reparatur oder einen Umzug. Buchungen, die im Weg sind, werden auf den besten freien Platz für die jeweilige Person verlegt, möglichst in derselben Zone; die Betroffenen sehen es in ihren Buchungen.",
    list_heading: "Laufende und kommende Sperrungen",
    caption: "Sperrungen ab heute",
    none: "Keine Sperrungen ab heute.",
    columns: [
        "Ort",
        "Gebäude, Ebene",
        "Vom",
        "Bis",
        "Grund",
        "Verlegt",
        "Ohne freien Platz",
        "Aktion",
    ],
    kinds: ["Platz", "Zone"],
    everything: "Alle Plätze",
    level: "Ebene",
    end: "Sperre aufheben",
    ended: "Die Sperre ist aufgehoben.",
    create_heading: "Platz oder Zone sperren",
    place: "Platz oder Zone",
    choose: "Bitte wählen",
    whole_zone: "ganze Zone",
    from_day: "Erster Tag",
    to_day: "Letzter Tag",
    reason: "Grund (für die Betroffenen sichtbar)",
    create_hint: "Gebuchte Plätze im Zeitraum werden verlegt; wer keinen freien Platz bekommt, behält die Buchung und sieht sie als gesperrt.",
    create: "Sperren",
    blocked: "Gesperrt:",
    moved: "Buchungen verlegt:",
    without_desk: "ohne freien Platz:",
};

static EN: Texts = Texts {
    title: "Maintenance blocks",
    intro: "Block desks or whole zones for some days, for painters, a repair or a move. Bookings in the way are moved to the best free desk for each person, in the same zone where possible; the people see it in their bookings.",
    list_heading: "Current and coming blocks",
    caption: "Blocks from today on",
    none: "No blocks from today on.",
    columns: [
        "Place",
        "Building, level",
        "From",
        "To",
        "Reason",
        "Moved",
        "No free desk",
        "Action",
    ],
    kinds: ["Desk", "Zone"],
    everything: "Every desk",
    level: "level",
    end: "End block",
    ended: "The block has ended.",
    create_heading: "Block a desk or zone",
    place: "Desk or zone",
    choose: "Please choose",
    whole_zone: "whole zone",
    from_day: "First day",
    to_day: "Last day",
    reason: "Reason (shown to the people affected)",
    create_hint: "Booked desks in those days are moved; whoever gets no free desk keeps the booking and sees it blocked.",
    create: "Block",
    blocked: "Blocked:",
    moved: "Bookings moved:",
    without_desk: "no free desk:",
};

/// The menu's name of the page.
pub fn menu_title(lang: Lang) -> &'static str {
    texts(lang).title
}

/// Which form was sent last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Create,
    End,
}

/// The page's actions and the form sent last.
#[derive(Clone, Copy)]
struct Actions {
    create: ServerAction<CreateMaintenanceBlock>,
    end: ServerAction<EndMaintenanceBlock>,
    last: RwSignal<Option<Which>>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            create: ServerAction::new(),
            end: ServerAction::new(),
            last: RwSignal::new(None),
        }
    }

    /// Notes the form each action was sent from as the form sent last.
    fn track(self) {
        let last = self.last;
        Effect::new(move || {
            if self.create.input().get().is_some() {
                last.set(Some(Which::Create));
            } else if self.end.input().get().is_some() {
                last.set(Some(Which::End));
            }
        });
    }

    /// The outcome of form `which` if it was sent last: what to say, or the error.
    fn outcome(&self, which: Which, t: &'static Texts) -> Option<Result<String, AppError>> {
        if self.last.get() != Some(which) {
            return None;
        }
        match which {
            Which::Create if !self.create.pending().get() => {
                self.create.value().get().map(|result| {
                    result.map(|b| {
                        format!(
                            "{} {} ({} – {}). {} {}, {} {}.",
                            t.blocked,
                            b.place,
                            b.from_day,
                            b.to_day,
                            t.moved,
                            b.moved,
                            t.without_desk,
                            b.without_desk
                        )
                    })
                })
            }
            Which::End if !self.end.pending().get() => self
                .end
                .value()
                .get()
                .map(|r| r.map(|()| t.ended.to_owned())),
            _ => None,
        }
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

/// The outcome of form `which`, under the id `id`.
#[component]
fn Outcome(actions: Actions, which: Which, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    let t = texts(lang);
    move || {
        actions.outcome(which, t).map(|result| match result {
            Ok(message) => view! {
                <p role="status" class="notice" id=id>
                    {message}
                </p>
            }
            .into_any(),
            Err(error) => view! {
                <p role="alert" class="error" id=id>
                    {error_text(&error, lang)}
                </p>
            }
            .into_any(),
        })
    }
}

/// `/admin/blocks`.
#[component]
pub fn AdminBlocksPage() -> impl IntoView {
    let t = texts(use_lang());
    let actions = Actions::new();
    actions.track();
    let overview = Resource::new(
        move || (actions.create.version().get(), actions.end.version().get()),
        |_| get_blocks_admin(),
    );
    view! {
        <Title text=t.title />
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        // A transition, not a suspense: while the blocks are read again after a form was
        // sent, the page stays as it was (the outcome and the keyboard focus stay put).
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview actions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(overview: BlocksOverview, actions: Actions) -> impl IntoView {
    let t = texts(use_lang());
    let list = if overview.blocks.is_empty() {
        view! { <p id="blocks-none">{t.none}</p> }.into_any()
    } else {
        let rows = overview
            .blocks
            .into_iter()
            .map(|block| view! { <BlockRow block actions /> })
            .collect_view();
        let headers = t
            .columns
            .iter()
            .map(|c| view! { <th scope="col">{*c}</th> })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="blocks-caption">
                <table id="blocks">
                    <caption id="blocks-caption">{t.caption}</caption>
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="blocks-heading">
            <h2 id="blocks-heading">{t.list_heading}</h2>
            <Outcome actions which=Which::End id="end-block-outcome" />
            {list}
        </section>
        <CreateForm floors=overview.floors today=overview.today actions />
    }
}

#[component]
fn BlockRow(block: AdminBlock, actions: Actions) -> impl IntoView {
    let t = texts(use_lang());
    let place = match block.target {
        BlockTarget::Desk => format!("{} {}", t.kinds[0], block.place),
        BlockTarget::Zone => format!("{} {}", t.kinds[1], block.place),
        BlockTarget::Everything => t.everything.to_owned(),
    };
    let where_ = match block.level {
        Some(level) => format!("{}, {} {level}", block.building, t.level),
        None => block.building.clone(),
    };
    let button_label = place.clone();
    view! {
        <tr data-block=block.id>
            <th scope="row">{place}</th>
            <td>{where_}</td>
            <td>{block.from_day.to_string()}</td>
            <td>{block.to_day.to_string()}</td>
            <td>{block.reason.clone()}</td>
            <td>{block.moved}</td>
            <td>{block.without_desk}</td>
            <td>
                <ActionForm action=actions.end attr:class="inline-form">
                    <input type="hidden" name="id" value=block.id />
                    <button type="submit" aria-describedby="end-block-outcome">
                        {t.end}
                        <span class="visually-hidden">": " {button_label}</span>
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn CreateForm(
    floors: Vec<BlockableFloor>,
    today: chrono::NaiveDate,
    actions: Actions,
) -> impl IntoView {
    let t = texts(use_lang());
    let failed = move || matches!(actions.outcome(Which::Create, t), Some(Err(_)));
    let described = move || {
        if failed() {
            "create-block-hint create-block-outcome"
        } else {
            "create-block-hint"
        }
    };
    let groups = floors
        .into_iter()
        .map(|floor| {
            let label = format!(
                "{} – {} ({} {})",
                floor.building, floor.name, t.level, floor.level
            );
            let options = floor
                .zones
                .into_iter()
                .map(|zone| {
                    let zone_option = view! {
                        <option value=format!("zone:{}", zone.id)>
                            {format!("{} {} ({})", t.kinds[1], zone.name, t.whole_zone)}
                        </option>
                    };
                    let desks = zone
                        .desks
                        .into_iter()
                        .map(|desk| {
                            view! {
                                <option value=format!("desk:{}", desk.id)>
                                    {format!("{} {} ({} {})", t.kinds[0], desk.label, t.kinds[1], zone.name)}
                                </option>
                            }
                        })
                        .collect_view();
                    view! {
                        {zone_option}
                        {desks}
                    }
                })
                .collect_view();
            view! { <optgroup label=label>{options}</optgroup> }
        })
        .collect_view();
    let today = today.to_string();
    view! {
        <section aria-labelledby="create-block-heading">
            <h2 id="create-block-heading">{t.create_heading}</h2>
            <ActionForm action=actions.create attr:class="admin-form" attr:id="create-block">
                <p id="create-block-hint">{t.create_hint}</p>
                <label for="block-place">{t.place}</label>
                <select
                    id="block-place"
                    name="place"
                    required
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=described
                >
                    <option value="">{t.choose}</option>
                    {groups}
                </select>
                <label for="block-from">{t.from_day}</label>
                <input
                    id="block-from"
                    name="from_day"
                    type="date"
                    required
                    min=today.clone()
                    value=today.clone()
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=described
                />
                <label for="block-to">{t.to_day}</label>
                <input
                    id="block-to"
                    name="to_day"
                    type="date"
                    required
                    min=today.clone()
                    value=today.clone()
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=described
                />
                <label for="block-reason">{t.reason}</label>
                <input
                    id="block-reason"
                    name="reason"
                    type="text"
                    required
                    maxlength="200"
                    aria-invalid=move || failed().then_some("true")
                    aria-describedby=described
                />
                <button type="submit">{t.create}</button>
                <Outcome actions which=Which::Create id="create-block-outcome" />
            </ActionForm>
        </section>
    }
}
