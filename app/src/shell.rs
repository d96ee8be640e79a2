//! The HTML document, the router and the frame around every page.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::account::current_person;
use crate::i18n::Lang;
use crate::pages::accessibility::AccessibilityPage;
use crate::pages::account::AccountPage;
use crate::pages::admin_blocks::AdminBlocksPage;
use crate::pages::admin_building::{AdminBuildingPage, AdminBuildingsPage};
use crate::pages::admin_import::AdminImportPage;
use crate::pages::admin_people::{AdminPeoplePage, AdminPersonPage};
use crate::pages::admin_policies::AdminPoliciesPage;
use crate::pages::admin_sso::AdminSignInPage;
use crate::pages::admin_units::AdminUnitsPage;
use crate::pages::audit::AuditLogPage;
use crate::pages::building::BuildingPage;
use crate::pages::building_now::BuildingNowPage;
use crate::pages::check_in::{CheckInPage, QrSheetPage};
use crate::pages::find::{FindDeskPage, TeamBookingPage};
use crate::pages::floor::FloorPage;
use crate::pages::invite::InvitePage;
use crate::pages::my_bookings::MyBookingsPage;
use crate::pages::open_data::{AdminOpenDataPage, OpenDataPage};
use crate::pages::planner::PlannerPage;
use crate::pages::privacy::PrivacyPage;
use crate::pages::reports::ReportsPage;
use crate::pages::rooms::RoomsPage;
use crate::pages::sign_in::SignInPage;
use crate::pwa::{AppStatus, PwaHead};

/// The whole HTML document, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    #[cfg(feature = "ssr")]
    set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <script src="/passkey.js" defer></script>
                <PwaHead />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The Content-Security-Policy of a page whose inline scripts (hydration, streamed resources)
/// carry `nonce`: scripts only from this site or with the nonce, WebAssembly compiled, styles
/// from this site (and `style` attributes, which the floor plans and charts use), connections
/// to this site (server functions, the live stream), no plugins, no framing.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Sends this page's Content-Security-Policy with the nonce Leptos put on its inline scripts.
#[cfg(feature = "ssr")]
fn set_page_policy() {
    let nonce = leptos::nonce::use_nonce();
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(response)) = (nonce, response)
        && let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The language of the current request (server) or page (browser).
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                let header = |name: http::header::HeaderName| {
                    parts.headers.get(name).and_then(|v| v.to_str().ok())
                };
                Lang::negotiate(
                    header(http::header::COOKIE),
                    header(http::header::ACCEPT_LANGUAGE),
                )
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// The language provided by [`App`] to every component.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Percent-encodes a path and query so it can travel as a query parameter.
fn encode_component(value: &str) -> String {
    crate::model::percent_encode(value, true)
}

/// The application: page frame and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = current_lang();
    provide_context(lang);
    let t = lang.texts();

    // Marks the page once the WebAssembly has taken over (effects run only in the browser);
    // end-to-end tests wait for it.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ignored = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/platzwahl.css" />
        <Title formatter=|text: String| format!("{text} · Platzwahl") />
        <Router>
            // The router takes over same-page links, which would not move the focus: the skip
            // link moves it to the main content itself (without JavaScript the browser does).
            <a class="skip-link" href="#main" on:click=skip_to_main>
                {t.skip_to_content}
            </a>
            <header class="site-header">
                <a class="brand" href="/">
                    "Platzwahl"
                </a>
                <span class="tagline">{t.tagline}</span>
                <PersonMenu />
                <LanguageSwitch lang />
            </header>
            <main id="main" tabindex="-1">
                <AppStatus />
                <Routes fallback=move || {
                    // Every page has a title, the unknown one too (WCAG 2.4.2).
                    view! {
                        <Title text=t.error_not_found.trim_end_matches('.') />
                        <p role="alert">{t.error_not_found}</p>
                    }
                }>
                    <Route path=path!("") view=BuildingPage />
                    <Route path=path!("buildings/:building") view=BuildingPage />
                    <Route path=path!("buildings/:building/floors/:level") view=FloorPage />
                    <Route path=path!("buildings/:building/floors/:level/qr") view=QrSheetPage />
                    <Route path=path!("floors/:level") view=FloorPage />
                    <Route path=path!("floors/:level/qr") view=QrSheetPage />
                    <Route path=path!("check-in/:kind/:id") view=CheckInPage />
                    <Route path=path!("sign-in") view=SignInPage />
                    <Route path=path!("invite/:token") view=InvitePage />
                    <Route path=path!("account") view=AccountPage />
                    <Route path=path!("bookings") view=MyBookingsPage />
                    <Route path=path!("find") view=FindDeskPage />
                    <Route path=path!("team") view=TeamBookingPage />
                    <Route path=path!("rooms") view=RoomsPage />
                    <Route path=path!("reports") view=ReportsPage />
                    <Route path=path!("building-now") view=BuildingNowPage />
                    <Route path=path!("home-zone-plan") view=PlannerPage />
                    <Route path=path!("audit") view=AuditLogPage />
                    <Route path=path!("admin/people") view=AdminPeoplePage />
                    // Waits for the person before answering, so that another organisation's
                    // person (or nobody) is a 404.
                    <Route
                        path=path!("admin/people/:id")
                        view=AdminPersonPage
                        ssr=leptos_router::SsrMode::Async
                    />
                    <Route path=path!("admin/units") view=AdminUnitsPage />
                    <Route path=path!("admin/import") view=AdminImportPage />
                    <Route path=path!("admin/sign-in") view=AdminSignInPage />
                    <Route path=path!("admin/buildings") view=AdminBuildingsPage />
                    <Route path=path!("admin/buildings/:slug") view=AdminBuildingPage />
                    <Route path=path!("admin/policies") view=AdminPoliciesPage />
                    <Route path=path!("admin/blocks") view=AdminBlocksPage />
                    <Route path=path!("privacy") view=PrivacyPage />
                    <Route path=path!("barrierefreiheit") view=AccessibilityPage />
                    <Route path=path!("open-data") view=OpenDataPage />
                    <Route path=path!("admin/open-data") view=AdminOpenDataPage />
                </Routes>
            </main>
            <footer class="site-footer">
                <a href="/privacy">{t.reports.privacy_link}</a>
                " · "
                <a href="/barrierefreiheit">{t.accessibility.title}</a>
                " · "
                <a href="/open-data">{crate::pages::open_data::public_title(lang)}</a>
            </footer>
        </Router>
    }
}

/// Moves the focus (and the view) to the main content, as the skip link promises.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            ev.prevent_default();
            let _ignored = main.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// The signed-in person's name with links to the account page and to sign out.
#[component]
fn PersonMenu() -> impl IntoView {
    let t = use_lang().texts();
    let lang = use_lang();
    let person = Resource::new(|| (), |_| current_person());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                person
                    .await
                    .ok()
                    .flatten()
                    .map(|me| {
                        view! {
                            <nav class="person-menu" aria-label=t.account>
                                <a href="/find">{t.find_link}</a>
                                <a href="/bookings">{t.my_bookings_title}</a>
                                <a href="/rooms">{t.rooms_title}</a>
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "unit_lead")
                                    .then(|| view! { <a href="/team">{t.team_title}</a> })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "facility_manager" || r == "building_admin")
                                    .then(|| {
                                        view! {
                                            <a href="/building-now">{t.reports.now_link}</a>
                                            <a href="/reports">{t.reports.reports_link}</a>
                                            <a href="/home-zone-plan">{t.planner.title}</a>
                                            <a href="/admin/blocks">
                                                {crate::pages::admin_blocks::menu_title(lang)}
                                            </a>
                                            <a href="/admin/open-data">
                                                {crate::pages::open_data::menu_title(lang)}
                                            </a>
                                        }
                                    })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "org_admin" || r == "building_admin")
                                    .then(|| view! { <a href="/audit">{t.reports.audit_link}</a> })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "org_admin")
                                    .then(|| {
                                        view! { <a href="/admin/people">{t.people_admin.title}</a> }
                                    })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "org_admin")
                                    .then(|| view! { <a href="/admin/units">{t.units_admin.title}</a> })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "org_admin" || r == "building_admin")
                                    .then(|| {
                                        view! {
                                            <a href="/admin/import">
                                                {crate::pages::admin_import::texts(lang).title}
                                            </a>
                                            <a href="/admin/sign-in">
                                                {crate::pages::admin_sso::menu_title(lang)}
                                            </a>
                                        }
                                    })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "building_admin")
                                    .then(|| {
                                        view! {
                                            <a href="/admin/buildings">
                                                {crate::pages::admin_building::menu_title(lang)}
                                            </a>
                                            <a href="/admin/policies">
                                                {crate::pages::admin_policies::menu_title(lang)}
                                            </a>
                                        }
                                    })}
                                {me
                                    .roles
                                    .iter()
                                    .any(|r| r == "org_admin")
                                    .then_some(())
                                    .filter(|()| {
                                        !me
                                            .roles
                                            .iter()
                                            .any(|r| r == "facility_manager" || r == "building_admin")
                                    })
                                    .map(|()| view! { <a href="/home-zone-plan">{t.planner.title}</a> })}
                                <span class="visually-hidden">{t.signed_in_as} " "</span>
                                <a href="/account" class="person-name">
                                    {me.name}
                                </a>
                                <form method="post" action="/sign-out" class="inline-form">
                                    <button type="submit" class="link-button">
                                        {t.sign_out}
                                    </button>
                                </form>
                            </nav>
                        }
                    })
            })}
        </Suspense>
    }
}

/// A link to the same page in the other language.
#[component]
fn LanguageSwitch(lang: Lang) -> impl IntoView {
    let location = use_location();
    let other = lang.other();
    let href = move || {
        let search = location.search.get();
        let back = if search.is_empty() || search.starts_with('?') {
            format!("{}{search}", location.pathname.get())
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        format!("/lang/{}?back={}", other.code(), encode_component(&back))
    };
    view! {
        <nav class="language" aria-label=lang.texts().switch_language>
            <a href=href rel="external" hreflang=other.code() lang=other.code()>
                {other.texts().language_name}
            </a>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_links_keep_their_path_and_query_when_encoded() {
        assert_eq!(
            encode_component("/floors/2?desk=5&x=ä"),
            "/floors/2%3Fdesk%3D5%26x%3D%C3%A4"
        );
    }
}
