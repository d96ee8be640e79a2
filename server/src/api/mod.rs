//! The versioned JSON API under `/api/v1/`, described by an OpenAPI 3.1 document generated from
//! the handlers and types ([`openapi`], served at `/api/v1/openapi.json`).
//!
//! # Layout
//! - [`bookings`]: desk availability, booking, cancelling, one's own bookings.
//! - [`checkins`]: check-in by badge or by the QR page's passkey, check-out, badge readers
//!   and badges.
//! - [`rooms`]: finding and reserving rooms, series, the timeline, buffers.
//! - [`room_now`]: "a room now" for the front desk (walk-ins at the entrance).
//! - [`reports`]: aggregated reports and CSV, the building now, the audit log, the record of
//!   processing.
//! - [`account`]: one's own account, people, devices; passkey ceremonies, signing in and out,
//!   invitations and demo sign-in are in [`crate::auth::routes`], whose description
//!   ([`crate::auth::routes::IdentityApi`]) is part of the document too.
//! - [`buildings`]: the building editor: floors, plan images, zones, desks, rooms.
//! - [`building_import`]: a building's file (JSON or CSV) imported by a building
//!   administrator, previewed and then applied.
//! - [`building_policy`]: the building-wide booking policies (each building's, the default).
//! - [`people`]: the people of an organisation: list, change, move, deactivate, reactivate,
//!   export and erase.
//! - [`identity_mapping`]: an organisation's single sign-on mapping (claim values → units,
//!   groups → roles).
//! - [`units`]: an organisation's units, their home zones and policies, its counsellors'
//!   deputies.
//! - [`open_data`]: open data for the public (aggregates only, what facility management
//!   publishes), its DCAT-AP.de catalogue, and each room's calendar feed for groupware.
//! - [`ways`]: the way from the entrance to a desk or room, step-free when asked.
//! - [`entrance`]: the entrance zone: organisations admitted to its first-consultation rooms,
//!   a room's longest slot.
//! - [`push`]: the server's web push key and one's browsers subscribed to notifications.
//! - [`org_import`]: an organisation's file (JSON, people or units CSV) imported by its
//!   administrators, previewed and then applied.
//!
//! Errors are RFC 9457 problem documents ([`crate::problem::Problem`]) with a stable `type`
//! per kind; their `detail` is in the language of the request ([`RequestLang`]).

pub mod account;
pub mod allocation;
pub mod blocks;
pub mod bookings;
pub mod building_import;
pub mod building_policy;
pub mod buildings;
pub mod checkins;
pub mod entrance;
pub mod identity_mapping;
pub mod input;
pub mod occupancy;
pub mod open_data;
pub mod org_import;
pub mod people;
pub mod planner;
pub mod push;
pub mod reports;
pub mod room_now;
pub mod rooms;
pub mod sensor_registry;
pub mod units;
pub mod ways;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::routing::get;
use utoipa::OpenApi;
use wire::i18n::Lang;

use crate::web::WebState;

/// The API's routes, the OpenAPI document included.
pub fn routes() -> axum::Router<WebState> {
    axum::Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .merge(account::routes())
        .merge(bookings::routes())
        .merge(checkins::routes())
        .merge(allocation::routes())
        .merge(blocks::routes())
        .merge(sensor_registry::routes())
        .merge(rooms::routes())
        .merge(room_now::routes())
        .merge(entrance::routes())
        .merge(reports::routes())
        .merge(open_data::routes())
        .merge(occupancy::routes())
        .merge(people::routes())
        .merge(planner::routes())
        .merge(buildings::routes())
        .merge(units::routes())
        .merge(identity_mapping::routes())
        .merge(org_import::routes())
        .merge(building_import::routes())
        .merge(building_policy::routes())
        .merge(ways::routes())
        .merge(push::routes())
}

/// The description of the description: `GET /api/v1/openapi.json` is a route of the API too.
#[derive(OpenApi)]
#[openapi(
    paths(openapi_json),
    tags((name = "meta", description = "This document"))
)]
struct MetaApi;

/// The OpenAPI 3.1 document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = MetaApi::openapi();
    document.merge(bookings::BookingsApi::openapi());
    document.merge(account::AccountApi::openapi());
    document.merge(checkins::CheckInsApi::openapi());
    document.merge(allocation::AllocationApi::openapi());
    document.merge(blocks::BlocksApi::openapi());
    document.merge(sensor_registry::SensorsApi::openapi());
    document.merge(rooms::RoomsApi::openapi());
    document.merge(room_now::RoomNowApi::openapi());
    document.merge(entrance::EntranceApi::openapi());
    document.merge(reports::ReportsApi::openapi());
    document.merge(open_data::OpenDataApi::openapi());
    document.merge(occupancy::OccupancyApi::openapi());
    document.merge(people::PeopleApi::openapi());
    document.merge(planner::PlannerApi::openapi());
    document.merge(buildings::BuildingsApi::openapi());
    document.merge(units::UnitsApi::openapi());
    document.merge(identity_mapping::IdentityMappingApi::openapi());
    document.merge(org_import::OrganisationImportApi::openapi());
    document.merge(building_import::BuildingImportApi::openapi());
    document.merge(building_policy::PoliciesApi::openapi());
    document.merge(ways::WaysApi::openapi());
    document.merge(push::PushApi::openapi());
    document.merge(crate::auth::routes::IdentityApi::openapi());
    document.merge(crate::displays::api::DisplaysApi::openapi());
    document_common_problems(&mut document);
    document
}

/// Adds the answers every operation of a kind can give, where the operation does not document
/// them itself (then its own description stays):
/// - 400 to every operation taking a path segment, a query parameter or a body: [`input`]'s
///   extractors refuse an identifier beyond the integer's range, a day that is no date, a body
///   that is no JSON or lacks a field before the handler sees it;
/// - 403 to every operation that needs a credential (it documents 401): a device token where a
///   person is needed or the other way round, a token without the scope, or a role without the
///   permission, are refused by [`crate::auth::extract`].
fn document_common_problems(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                crate::problem::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let takes_input = operation
                .parameters
                .as_ref()
                .is_some_and(|parameters| !parameters.is_empty())
                || operation.request_body.is_some();
            let responses = &mut operation.responses.responses;
            if takes_input {
                responses.entry("400".to_string()).or_insert_with(|| {
                    problem("Malformed input: a path segment, query parameter or body that does not parse").into()
                });
            }
            if responses.contains_key("401") {
                responses.entry("403".to_string()).or_insert_with(|| {
                    problem("Not allowed with this credential: a device token where a person is needed or the other way round, a token without the scope, or a role without the permission").into()
                });
            }
        }
    }
}

/// A malformed request body or query, as a problem in the request's language.
pub(crate) fn invalid(lang: Lang, why: String) -> crate::problem::Problem {
    crate::problem::Problem::from_app_error(wire::error::AppError::InvalidInput(why), lang)
}

/// This document: every route under `/api/`, its parameters, bodies and answers.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object))
)]
async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi())
}

/// The language of a request: its `pw_lang` cookie, then `Accept-Language`, then German.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

impl RequestLang {
    /// The language of the request with these parts.
    pub fn of(parts: &Parts) -> RequestLang {
        let header_text = |name| {
            parts
                .headers
                .get(name)
                .and_then(|value: &axum::http::HeaderValue| value.to_str().ok())
        };
        RequestLang(Lang::negotiate(
            header_text(header::COOKIE),
            header_text(header::ACCEPT_LANGUAGE),
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLang::of(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_is_3_1_and_describes_every_json_endpoint() {
        let document = serde_json::to_value(openapi()).unwrap_or_default();
        assert_eq!(document["openapi"], "3.1.0");
        for (path, method) in [
            ("/api/v1/availability", "get"),
            ("/api/v1/bookings", "post"),
            ("/api/v1/bookings/{id}", "delete"),
            ("/api/v1/bookings/cancel-range", "post"),
            ("/api/v1/bookings/mine", "get"),
            ("/api/v1/calendar.ics", "get"),
            ("/api/v1/me/calendar", "post"),
            ("/api/v1/me/calendar", "delete"),
            ("/api/v1/me/share-location", "put"),
            ("/api/v1/colleagues/today", "get"),
            ("/api/v1/check-ins/badge", "post"),
            ("/api/v1/check-ins/passkey", "post"),
            ("/api/v1/bookings/{id}/check-out", "post"),
            ("/api/v1/badge-readers", "get"),
            ("/api/v1/badge-readers", "post"),
            ("/api/v1/badge-readers/{id}", "delete"),
            ("/api/v1/people/{id}/badges", "post"),
            ("/api/v1/people/{id}/badges", "delete"),
            ("/api/v1/rooms", "get"),
            ("/api/v1/rooms/timeline", "get"),
            ("/api/v1/rooms/{id}/buffers", "put"),
            ("/api/v1/rooms/now", "post"),
            ("/api/v1/rooms/{id}/max-slot", "put"),
            ("/api/v1/buildings/{slug}/entrance", "get"),
            ("/api/v1/buildings/{slug}/entrance/admissions", "put"),
            ("/api/v1/room-reservations", "post"),
            ("/api/v1/room-reservations/mine", "get"),
            ("/api/v1/room-reservations/{id}", "patch"),
            ("/api/v1/room-reservations/{id}", "delete"),
            ("/api/v1/room-series/{id}", "delete"),
            ("/api/v1/reports", "get"),
            ("/api/v1/reports/{table}", "get"),
            ("/api/v1/building/now", "get"),
            ("/api/v1/planner/proposal", "get"),
            ("/api/v1/planner/affinities", "get"),
            ("/api/v1/planner/affinities", "put"),
            ("/api/v1/planner/grants", "get"),
            ("/api/v1/planner/grants", "put"),
            ("/api/v1/planner/plans", "get"),
            ("/api/v1/planner/plans", "post"),
            ("/api/v1/planner/plans/{id}/consent", "post"),
            ("/api/v1/planner/plans/{id}/withdraw", "post"),
            ("/api/v1/units", "get"),
            ("/api/v1/units", "post"),
            ("/api/v1/units/{id}", "patch"),
            ("/api/v1/units/{id}/merge", "post"),
            ("/api/v1/units/{id}/close", "post"),
            ("/api/v1/units/{id}/home-zones", "put"),
            ("/api/v1/units/{id}/policy", "put"),
            ("/api/v1/units/{id}/policy", "delete"),
            ("/api/v1/policies", "get"),
            ("/api/v1/policy", "get"),
            ("/api/v1/policy", "put"),
            ("/api/v1/policy", "delete"),
            ("/api/v1/buildings/{slug}/import", "post"),
            ("/api/v1/buildings/{slug}/policy", "get"),
            ("/api/v1/buildings/{slug}/policy", "put"),
            ("/api/v1/buildings/{slug}/policy", "delete"),
            ("/api/v1/people/{id}/deputies", "get"),
            ("/api/v1/people/{id}/deputies", "put"),
            ("/api/v1/audit", "get"),
            ("/api/v1/privacy/record", "get"),
            ("/api/v1/occupancy", "get"),
            ("/api/v1/displays/rooms/{id}", "get"),
            ("/api/v1/displays/rooms/{id}/badge", "post"),
            ("/api/v1/displays/rooms/{id}/passkey", "post"),
            ("/api/v1/rooms/{id}/door", "put"),
            ("/api/v1/desks/{id}/way", "get"),
            ("/api/v1/rooms/{id}/way", "get"),
            ("/api/v1/open-data", "get"),
            ("/api/v1/open-data/{table}", "get"),
            ("/api/v1/open-data/catalog.jsonld", "get"),
            ("/api/v1/open-data/settings", "put"),
            ("/api/v1/rooms/{id}/calendar.ics", "get"),
            ("/api/v1/rooms/{id}/calendar", "post"),
            ("/api/v1/live", "get"),
            ("/api/v1/me", "get"),
            ("/api/v1/me/passkeys", "get"),
            ("/api/v1/me/passkeys/{id}", "patch"),
            ("/api/v1/me/passkeys/{id}", "delete"),
            ("/api/v1/me/tokens", "get"),
            ("/api/v1/me/tokens", "post"),
            ("/api/v1/me/tokens/{id}", "delete"),
            ("/api/v1/me/sessions", "get"),
            ("/api/v1/me/sessions/{id}", "delete"),
            ("/api/v1/people", "post"),
            ("/api/v1/people/{id}/invitations", "post"),
            ("/api/v1/people/{id}/roles", "put"),
            ("/api/v1/people", "get"),
            ("/api/v1/people/{id}", "get"),
            ("/api/v1/people/{id}", "patch"),
            ("/api/v1/people/{id}/deactivate", "post"),
            ("/api/v1/people/{id}/reactivate", "post"),
            ("/api/v1/people/{id}/export", "get"),
            ("/api/v1/people/{id}/erase", "post"),
            ("/api/v1/devices", "get"),
            ("/api/v1/devices", "post"),
            ("/api/v1/devices/{id}", "delete"),
            ("/api/v1/auth/passkeys/register/start", "post"),
            ("/api/v1/auth/passkeys/register/finish", "post"),
            ("/api/v1/auth/passkeys/sign-in/start", "post"),
            ("/api/v1/auth/passkeys/sign-in/finish", "post"),
            ("/api/v1/auth/step-up", "post"),
            ("/api/v1/auth/invitations/{token}", "get"),
            ("/api/v1/auth/demo-people", "get"),
            ("/api/v1/auth/demo-sign-in", "post"),
            ("/api/v1/auth/sign-out", "post"),
            ("/api/v1/auth/sign-out-everywhere", "post"),
        ] {
            assert!(
                document["paths"][path][method].is_object(),
                "{method} {path} is missing"
            );
        }
        let schemas = &document["components"]["schemas"];
        for schema in [
            "Problem",
            "BookingRequest",
            "BookingDays",
            "DayOutcome",
            "Refusal",
            "FloorAvailability",
            "MyBookings",
            "RegisterStart",
            "RegisterFinish",
            "PasskeyAnswer",
            "DemoSignIn",
            "SignedIn",
            "Verified",
            "SignedOutEverywhere",
            "InvitationView",
            "DemoPerson",
        ] {
            assert!(schemas[schema].is_object(), "schema {schema} is missing");
        }
        assert!(
            document["paths"]["/sign-out"].is_null()
                && document["paths"]["/sign-in/demo"].is_null(),
            "the pages' forms are no part of the API"
        );
        let credential = &schemas["PasskeyAnswer"]["properties"]["credential"];
        assert_eq!(credential["type"], "object", "{credential}");
        assert!(
            credential["description"]
                .as_str()
                .is_some_and(|text| text.contains("navigator.credentials.get()")),
            "{credential}"
        );
        let refusals = schemas["Refusal"].to_string();
        assert!(refusals.contains("outside-home-zone") && refusals.contains("desk-taken"));
        assert!(
            document["paths"]["/api/v1/bookings"]["post"]["responses"]["409"].is_object(),
            "a lost race is documented as 409"
        );
    }

    /// Every `(path, method)` routed under `/api/` in the server's sources (each `route` call
    /// whose path literal starts with `/api/`, and the `get`, `post`, … of its method router):
    /// what the router serves, found in the code rather than listed by hand, so a new route
    /// cannot be forgotten.
    fn routes_in_the_sources() -> std::collections::BTreeSet<(String, String)> {
        fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                panic!("cannot read {}", dir.display());
            };
            for path in entries.flatten().map(|entry| entry.path()) {
                if path.is_dir() {
                    sources(&path, found);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    found.push(path);
                }
            }
        }
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut routes = std::collections::BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (start, _) in text.match_indices(".route(") {
                let call = &text[start + ".route(".len()..];
                let Some(literal) = call.trim_start().strip_prefix('"') else {
                    continue;
                };
                let Some((path, rest)) = literal.split_once('"') else {
                    continue;
                };
                if !path.starts_with("/api/") {
                    continue;
                }
                // The method router: up to the parenthesis closing `.route(`.
                let mut depth = 1;
                let end = rest
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '(' => 1,
                            ')' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(rest.len(), |(at, _)| at);
                let methods = &rest[..end];
                for method in ["get", "post", "put", "patch", "delete"] {
                    let called = methods.match_indices(&format!("{method}(")).any(|(at, _)| {
                        methods[..at]
                            .chars()
                            .last()
                            .is_none_or(|c| !c.is_alphanumeric() && c != '_')
                    });
                    if called {
                        routes.insert((path.to_string(), method.to_string()));
                    }
                }
            }
        }
        routes
    }

    #[test]
    fn every_route_under_api_is_in_the_openapi_document_and_nothing_else_is() {
        let document = serde_json::to_value(openapi()).unwrap_or_default();
        let routed = routes_in_the_sources();
        assert!(
            routed.contains(&("/api/v1/bookings".to_string(), "post".to_string()))
                && routed.contains(&("/api/v1/badge-readers".to_string(), "get".to_string()))
                && routed.contains(&("/api/v1/badge-readers".to_string(), "post".to_string()))
                && routed.len() > 50,
            "the routes are not found in the sources any more: {routed:?}"
        );
        let mut documented = std::collections::BTreeSet::new();
        if let Some(paths) = document["paths"].as_object() {
            for (path, item) in paths {
                for method in item.as_object().into_iter().flat_map(|item| item.keys()) {
                    documented.insert((path.clone(), method.clone()));
                }
            }
        }
        let undocumented: Vec<_> = routed.difference(&documented).collect();
        assert!(
            undocumented.is_empty(),
            "routed but not in the OpenAPI document: {undocumented:?}"
        );
        let unrouted: Vec<_> = documented.difference(&routed).collect();
        assert!(
            unrouted.is_empty(),
            "in the OpenAPI document but not routed: {unrouted:?}"
        );
    }

    #[test]
    fn every_documented_error_is_a_problem_document_and_every_input_can_be_refused() {
        let document = serde_json::to_value(openapi()).unwrap_or_default();
        let problem = serde_json::json!({ "$ref": "#/components/schemas/Problem" });
        let mut checked = 0;
        for (path, item) in document["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let responses = operation["responses"].as_object();
                for (status, response) in responses.into_iter().flatten() {
                    if status.starts_with('4') || status.starts_with('5') {
                        checked += 1;
                        let content = response["content"].as_object();
                        assert!(
                            content.is_some_and(|content| content.len() == 1)
                                && response["content"]["application/problem+json"]["schema"]
                                    == problem,
                            "{method} {path}: {status} is not documented as a problem document: {response}"
                        );
                    }
                }
                let takes_input = operation["parameters"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty())
                    || operation["requestBody"].is_object();
                assert!(
                    !takes_input || operation["responses"]["400"].is_object(),
                    "{method} {path} takes input but documents no 400"
                );
                assert!(
                    operation["responses"]["401"].is_null()
                        || operation["responses"]["403"].is_object(),
                    "{method} {path} needs a credential but documents no 403"
                );
                for name in path
                    .split('{')
                    .skip(1)
                    .filter_map(|rest| rest.split_once('}'))
                {
                    assert!(
                        operation["parameters"]
                            .as_array()
                            .is_some_and(|parameters| {
                                parameters
                                    .iter()
                                    .any(|p| p["in"] == "path" && p["name"] == name.0)
                            }),
                        "{method} {path}: the path parameter {} is not documented",
                        name.0
                    );
                }
                for parameter in operation["parameters"].as_array().into_iter().flatten() {
                    let name = parameter["name"].as_str().unwrap_or_default();
                    let in_template = path.contains(&format!("{{{name}}}"));
                    assert_eq!(
                        parameter["in"] == "path",
                        in_template,
                        "{method} {path}: parameter {parameter} is in the path iff its template names it"
                    );
                }
            }
        }
        assert!(checked > 100, "only {checked} error answers found");
    }

    #[test]
    fn the_request_language_comes_from_cookie_then_accept_language() {
        let parts = |headers: &[(&str, &str)]| {
            let mut request = axum::http::Request::builder();
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.body(()).map(|r| r.into_parts().0)
        };
        let runtime = tokio::runtime::Builder::new_current_thread().build();
        let (Ok(runtime), Ok(mut english), Ok(mut cookie)) = (
            runtime,
            parts(&[("accept-language", "en-GB,en;q=0.9")]),
            parts(&[("accept-language", "en"), ("cookie", "pw_lang=de")]),
        ) else {
            panic!("cannot build the requests");
        };
        let lang =
            |parts: &mut Parts| runtime.block_on(RequestLang::from_request_parts(parts, &()));
        assert_eq!(lang(&mut english), Ok(RequestLang(Lang::En)));
        assert_eq!(lang(&mut cookie), Ok(RequestLang(Lang::De)));
    }

    /// Without a pattern a time of day was any string, and API fuzzing sent `"abc"` for it.
    #[test]
    fn times_of_day_are_documented_as_hours_and_minutes() {
        let document = serde_json::to_value(openapi()).unwrap_or_default();
        let schemas = &document["components"]["schemas"];
        let mut patterns = Vec::new();
        for (schema, field) in [
            ("RoomReservationRequest", "from"),
            ("RoomReservationRequest", "to"),
            ("RoomReservationChange", "from"),
            ("RoomReservationView", "to"),
            ("TimelineEntry", "from"),
        ] {
            patterns.push(schemas[schema]["properties"][field]["pattern"].clone());
        }
        let rooms = document["paths"]["/api/v1/rooms"]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for name in ["from", "to"] {
            let parameter = rooms.iter().find(|p| p["name"] == name);
            patterns.push(
                parameter.map_or(serde_json::Value::Null, |p| p["schema"]["pattern"].clone()),
            );
        }
        let hours_and_minutes = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$";
        for pattern in patterns {
            assert_eq!(pattern, hours_and_minutes);
        }
    }
}
