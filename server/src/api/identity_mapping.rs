//! An organisation's single sign-on mapping over HTTP (see [`domain::sso`]): what the values
//! of its identity provider's unit and groups claims mean for a person created at their first
//! sign-in. Organisation administrators of that organisation only; another organisation is
//! answered as if there were none (404).
//!
//! | route | what |
//! | --- | --- |
//! | `GET /api/v1/organisations/{slug}/identity-mapping` | the mapping |
//! | `PUT /api/v1/organisations/{slug}/identity-mapping` | replace it |

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use domain::auth::Permission;
use utoipa::OpenApi;
use wire::model::sso::{IdentityMapping, RoleMapping, UnitMapping};

use super::RequestLang;
use super::input::{ApiJson, ApiPath};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the single sign-on mapping.
#[derive(OpenApi)]
#[openapi(
    paths(get_mapping, set_mapping),
    components(schemas(Problem, IdentityMapping, UnitMapping, RoleMapping)),
    tags((name = "single-sign-on", description = "What an organisation's identity provider's claims mean for people created at their first sign-in"))
)]
pub struct IdentityMappingApi;

/// The single sign-on mapping routes.
pub fn routes() -> Router<WebState> {
    Router::new().route(
        "/api/v1/organisations/{slug}/identity-mapping",
        get(get_mapping).put(set_mapping),
    )
}

/// The organisation's mapping of claim values to units and of groups to roles.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{slug}/identity-mapping",
    tag = "single-sign-on",
    params(("slug" = String, Path, description = "`organisation.slug`")),
    responses(
        (status = 200, description = "The mapping", body = IdentityMapping),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_mapping(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<IdentityMapping>, Problem> {
    let who = caller.require(Permission::ManagePeople)?;
    Ok(Json(
        domain::sso::mapping(&state.app.db, &who, &slug)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Replaces the organisation's mapping (recorded in the audit log). Only open units of the organisation, and only roles it may grant (`employee`, `counsellor`, `unit_lead`, `org_admin`); a value of the unit claim means one unit.
#[utoipa::path(
    put,
    path = "/api/v1/organisations/{slug}/identity-mapping",
    tag = "single-sign-on",
    params(("slug" = String, Path, description = "`organisation.slug`")),
    request_body = IdentityMapping,
    responses(
        (status = 200, description = "The mapping now in force", body = IdentityMapping),
        (status = 400, description = "An unknown or closed unit, a role that cannot be given, a value given twice or not plain text", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an organisation administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn set_mapping(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(mapping): ApiJson<IdentityMapping>,
) -> Result<Json<IdentityMapping>, Problem> {
    let who = caller.require(Permission::ManagePeople)?;
    Ok(Json(
        domain::sso::set_mapping(&state.app.db, &who, &slug, &mapping)
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}
