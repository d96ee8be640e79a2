//! The accessibility statement (Erklärung zur Barrierefreiheit, `/barrierefreiheit`), for
//! everybody: conformance status, what is not accessible yet, how the statement was made, the
//! feedback contact and the enforcement procedure.
//!
//! Where it states conformance it reads the accessibility tests' own results
//! (`docs/accessibility-results.json`, included when the app is compiled): the tests write
//! that file and fail when the committed one differs from what they measured, so the statement
//! cannot drift from the product.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::Deserialize;

use crate::error::AppError;
use crate::pages::Loading;
use crate::shell::use_lang;

/// The committed test results, as the tests wrote them.
const RESULTS: &str = include_str!("../../../docs/accessibility-results.json");

/// The part of the results the statement shows.
#[derive(Debug, Clone, Default, Deserialize)]
struct Results {
    /// The day the results last changed (`YYYY-MM-DD`).
    date: String,
    axe: Option<AxeResults>,
}

/// What axe-core checked and found.
#[derive(Debug, Clone, Default, Deserialize)]
struct AxeResults {
    version: String,
    pages: u32,
    checks: u32,
    violations: u32,
}

/// The results, or `None` when the file cannot be read (then the statement says so and claims
/// nothing).
fn results() -> Option<Results> {
    serde_json::from_str(RESULTS).ok()
}

/// The contact for reporting barriers, from the settings (`[web] accessibility_contact`).
#[server(endpoint = "get_accessibility_contact")]
pub async fn get_accessibility_contact() -> Result<Option<String>, AppError> {
    Ok(crate::api::context()?.accessibility_contact.clone())
}

/// `/barrierefreiheit`.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts().accessibility;
    let results = results();
    let axe = results.as_ref().and_then(|r| r.axe.clone());
    let status = match &axe {
        Some(axe) if axe.violations == 0 => t.status_partly,
        Some(_) => t.status_violations,
        None => t.method_unknown,
    };
    let figures = match axe {
        Some(axe) => view! {
            <li>
                {t.method_axe_before} " " {axe.version} ": " <strong>{axe.pages}</strong> " "
                {t.method_axe_pages} ", " <strong>{axe.checks}</strong> " " {t.method_axe_checks}
                ", " <strong id="axe-violations">{axe.violations}</strong> " "
                {t.method_axe_violations} "."
            </li>
        }
        .into_any(),
        None => view! { <li>{t.method_unknown}</li> }.into_any(),
    };
    let date = results.map(|r| r.date).unwrap_or_default();
    let contact = Resource::new(|| (), |_| get_accessibility_contact());
    view! {
        <Title text=t.title />
        <article class="statement">
            <h1>{t.title}</h1>
            <p>{t.intro}</p>
            <p>{t.basis}</p>
            <h2>{t.status_heading}</h2>
            <p id="conformance">{status}</p>
            <h2>{t.limitations_heading}</h2>
            <ul>{t.limitations.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul>
            <h2>{t.method_heading}</h2>
            <p>{t.method_intro}</p>
            <ul id="method">
                {figures}
                <li>{t.method_keyboard}</li>
                <li>{t.method_reflow}</li>
                <li>{t.method_contrast}</li>
            </ul>
            <p>
                {t.date_label} " " <time datetime=date.clone()>{date.clone()}</time> ". "
                {t.date_note}
            </p>
            <h2>{t.feedback_heading}</h2>
            <p>{t.feedback_intro}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match contact.await.ok().flatten() {
                        Some(contact) => {
                            view! {
                                <p id="feedback-contact">
                                    {t.feedback_contact} " " <ContactLink contact />
                                </p>
                            }
                                .into_any()
                        }
                        None => view! { <p id="feedback-contact">{t.feedback_unset}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>{t.enforcement_heading}</h2>
            <p>{t.enforcement}</p>
            <p>
                <a href="https://www.lbbp.nrw.de/ombudsstelle">
                    {t.ombudsstelle}
                </a>
            </p>
            <p>
                <a href="https://www.mags.nrw/ueberwachungsstelle-barrierefreie-informationstechnik">
                    {t.monitoring}
                </a>
            </p>
        </article>
    }
}

/// The contact as a link where it is an e-mail or web address, as text otherwise.
#[component]
fn ContactLink(contact: String) -> impl IntoView {
    let contact = contact.trim().to_string();
    if contact.starts_with("https://") || contact.starts_with("http://") {
        let href = contact.clone();
        view! { <a href=href>{contact}</a> }.into_any()
    } else if contact.contains('@') && !contact.contains(char::is_whitespace) {
        let href = format!("mailto:{contact}");
        view! { <a href=href>{contact}</a> }.into_any()
    } else {
        view! { <span>{contact}</span> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_test_results_are_readable() {
        let results = results().expect("docs/accessibility-results.json parses");
        assert!(results.axe.is_some(), "the axe-core results are recorded");
        assert_eq!(
            results.date.len(),
            10,
            "a date as YYYY-MM-DD: {}",
            results.date
        );
    }
}
