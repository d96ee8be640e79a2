//! Open data for the public and each room's calendar feed over HTTP (see
//! [`domain::open_data`] and [`domain::room_feed`]).
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/open-data`, `GET /api/v1/open-data/{table}` (`.json`, `.csv`), `GET /api/v1/open-data/catalog.jsonld` | everybody, without signing in (only what is published) |
//! | `GET /api/v1/open-data/settings` | facility managers, building administrators (`ViewReports`) |
//! | `PUT /api/v1/open-data/settings` | facility managers, building administrators (`ManageDesks`) |
//! | `GET /api/v1/rooms/{id}/calendar.ics?token=…` | whoever holds the room's feed token |
//! | `GET /api/v1/room-feeds`, `POST`, `DELETE /api/v1/rooms/{id}/calendar` | facility managers, building administrators (`ViewReports` to read, `ManageDesks` to change) |
//!
//! Changing what is published and issuing room feeds needs `ManageDesks` (facility management
//! and building administrators; with a token, the `admin` scope), not `ManagePolicies`: that
//! one also lets organisation administrators in, and what the building publishes is not one
//! organisation's to decide.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{NaiveDate, Utc};
use domain::auth::Permission;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use wire::model::open_data::{
    Dataset, DatasetInfo, FieldInfo, Figure, Licence, LicenceInfo, OpenDataIndex, OpenDataSettings,
    OpenDataTable, RoomFeedState,
};

use super::RequestLang;
use super::input::{ApiJson, ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the open data and room feed endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(
        open_data_index,
        open_data_table,
        open_data_catalog,
        get_settings,
        put_settings,
        room_feeds,
        room_calendar,
        create_room_feed,
        revoke_room_feed
    ),
    components(schemas(
        Problem,
        Dataset,
        DatasetInfo,
        FieldInfo,
        Figure,
        Licence,
        LicenceInfo,
        OpenDataIndex,
        OpenDataSettings,
        OpenDataTable,
        RoomFeedState,
        RoomFeedAddress
    )),
    tags((name = "open-data", description = "Open data for the public (aggregates only), its DCAT-AP.de catalogue, and rooms as calendar resources"))
)]
pub struct OpenDataApi;

/// The open data and room feed routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/open-data", get(open_data_index))
        .route("/api/v1/open-data/catalog.jsonld", get(open_data_catalog))
        .route(
            "/api/v1/open-data/settings",
            get(get_settings).put(put_settings),
        )
        .route("/api/v1/open-data/{table}", get(open_data_table))
        .route("/api/v1/room-feeds", get(room_feeds))
        .route("/api/v1/rooms/{id}/calendar.ics", get(room_calendar))
        .route(
            "/api/v1/rooms/{id}/calendar",
            post(create_room_feed).delete(revoke_room_feed),
        )
}

fn base(state: &WebState) -> String {
    state
        .auth
        .public_url()
        .as_str()
        .trim_end_matches('/')
        .to_owned()
}

/// A public answer: anyone may read it, from any site, and caches may keep it for an hour.
fn public(content_type: &'static str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// What is published: the datasets with their data dictionary and addresses, the licence, the
/// publisher, the minimum group size, the default days. Empty until facility management
/// publishes something.
#[utoipa::path(
    get,
    path = "/api/v1/open-data",
    tag = "open-data",
    responses((status = 200, description = "What is published", body = OpenDataIndex))
)]
async fn open_data_index(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
) -> Result<Response, Problem> {
    let topology = state.app.topology.get(&state.app.db).await?;
    let index = domain::open_data::index(
        &state.app.db,
        &topology,
        &base(&state),
        state.app.reports.min_group,
        lang,
        Utc::now(),
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(public("application/json", Json(index)))
}

/// Which days a table covers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OpenDataQuery {
    /// The first day (default: 27 days before `to`).
    pub from: Option<NaiveDate>,
    /// The last day (default and at the latest: yesterday).
    pub to: Option<NaiveDate>,
}

/// A published dataset as JSON (with licence and data dictionary) or CSV:
/// `utilisation-by-floor-weekday.json`, `utilisation-by-floor-weekday.csv`,
/// `desk-sharing.json`, `desk-sharing.csv`, `use-by-week.json`, `use-by-week.csv`. Only figures
/// the internal report shows for the same days, each resting on at least the minimum group
/// size; a dataset that is not published is 404.
#[utoipa::path(
    get,
    path = "/api/v1/open-data/{table}",
    tag = "open-data",
    params(
        ("table" = String, Path, description = "`utilisation-by-floor-weekday.json`, `utilisation-by-floor-weekday.csv`, `desk-sharing.json`, `desk-sharing.csv`, `use-by-week.json`, `use-by-week.csv`"),
        OpenDataQuery
    ),
    responses(
        (status = 200, description = "The table", body = OpenDataTable, content_type = "application/json"),
        (status = 200, description = "The table as CSV", body = String, content_type = "text/csv"),
        (status = 400, description = "Bad days", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dataset, or not published", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn open_data_table(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    ApiPath(table): ApiPath<String>,
    ApiQuery(query): ApiQuery<OpenDataQuery>,
) -> Result<Response, Problem> {
    let (slug, csv) = match (table.strip_suffix(".json"), table.strip_suffix(".csv")) {
        (Some(slug), _) => (slug, false),
        (None, Some(slug)) => (slug, true),
        (None, None) => return Err(Problem::not_found("No such dataset.")),
    };
    let dataset = Dataset::from_slug(slug).ok_or_else(|| Problem::not_found("No such dataset."))?;
    let topology = state.app.topology.get(&state.app.db).await?;
    let table = domain::open_data::table(
        &state.app.db,
        &topology,
        dataset,
        query.from,
        query.to,
        state.app.reports.min_group,
        lang,
        Utc::now(),
    )
    .await
    .map_err(|err| Problem::from_app_error(err, lang))?
    .ok_or_else(|| Problem::not_found("This dataset is not published."))?;
    if csv {
        let mut response = public("text/csv; charset=utf-8", domain::open_data::csv(&table));
        if let Ok(value) = HeaderValue::from_str(&format!(
            "inline; filename=\"{}_{}_{}.csv\"",
            dataset.slug(),
            table.from,
            table.to
        )) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
        Ok(response)
    } else {
        Ok(public("application/json", Json(table)))
    }
}

/// The DCAT-AP.de catalogue of what is published, as JSON-LD, for an open data portal (CKAN
/// with ckanext-dcat) to harvest: each dataset with its JSON and CSV distributions, licence,
/// publisher and temporal coverage (the default days).
#[utoipa::path(
    get,
    path = "/api/v1/open-data/catalog.jsonld",
    tag = "open-data",
    responses((status = 200, description = "The catalogue", body = Object, content_type = "application/ld+json"))
)]
async fn open_data_catalog(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
) -> Result<Response, Problem> {
    let topology = state.app.topology.get(&state.app.db).await?;
    let document = domain::open_data::catalog(&state.app.db, &topology, &base(&state), Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(public("application/ld+json", Json(document)))
}

/// What is published, its licence and publisher.
#[utoipa::path(
    get,
    path = "/api/v1/open-data/settings",
    tag = "open-data",
    responses(
        (status = 200, description = "The settings", body = OpenDataSettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_settings(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<OpenDataSettings>, Problem> {
    caller.require(Permission::ViewReports)?;
    Ok(Json(domain::open_data::settings(&state.app.db).await?))
}

/// Sets what is published (none, some or all datasets), the licence and the publisher.
#[utoipa::path(
    put,
    path = "/api/v1/open-data/settings",
    tag = "open-data",
    request_body = OpenDataSettings,
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "An unknown dataset or licence, or a publisher too long", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn put_settings(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(change): ApiJson<OpenDataSettings>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    domain::open_data::save_settings(&state.app.db, &who, &change)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every room and whether it has a calendar feed.
#[utoipa::path(
    get,
    path = "/api/v1/room-feeds",
    tag = "open-data",
    responses(
        (status = 200, description = "The rooms", body = [RoomFeedState]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn room_feeds(
    State(state): State<WebState>,
    caller: Authenticated,
) -> Result<Json<Vec<RoomFeedState>>, Problem> {
    caller.require(Permission::ViewReports)?;
    Ok(Json(domain::room_feed::rooms(&state.app.db).await?))
}

/// The secret of a room's calendar feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoomFeedQuery {
    /// The feed's secret token (`pwr_…`), from the address facility management created.
    pub token: String,
}

/// A room's reservations as an iCalendar feed, for groupware: a meeting room's with their
/// subjects, a protected room's only as "belegt"/"busy"; never who reserved. The secret token
/// is the only credential; a wrong, revoked or another room's token is 404.
#[utoipa::path(
    get,
    path = "/api/v1/rooms/{id}/calendar.ics",
    tag = "open-data",
    params(("id" = i32, Path, description = "The room"), RoomFeedQuery),
    responses(
        (status = 200, description = "The feed", body = String, content_type = "text/calendar"),
        (status = 400, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown room, or not its feed token", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn room_calendar(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(query): ApiQuery<RoomFeedQuery>,
) -> Result<Response, Problem> {
    let feed = domain::room_feed::feed(&state.app.db, id, &query.token, lang, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?
        .ok_or_else(|| Problem::not_found("No calendar at this address."))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        feed,
    )
        .into_response())
}

/// A new room feed address.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoomFeedAddress {
    /// The address to subscribe to; shown once (only its token's hash is kept).
    pub url: String,
}

/// Creates a room's calendar feed address; an earlier one ends.
#[utoipa::path(
    post,
    path = "/api/v1/rooms/{id}/calendar",
    tag = "open-data",
    params(("id" = i32, Path, description = "The room")),
    responses(
        (status = 201, description = "The new address", body = RoomFeedAddress),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_room_feed(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<(StatusCode, Json<RoomFeedAddress>), Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    let token = domain::room_feed::create(&state.app.db, &who, id)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    let url = format!(
        "{}/api/v1/rooms/{id}/calendar.ics?token={token}",
        base(&state)
    );
    Ok((StatusCode::CREATED, Json(RoomFeedAddress { url })))
}

/// Ends a room's calendar feed address.
#[utoipa::path(
    delete,
    path = "/api/v1/rooms/{id}/calendar",
    tag = "open-data",
    params(("id" = i32, Path, description = "The room")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The room has no feed", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn revoke_room_feed(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    domain::room_feed::revoke(&state.app.db, &who, id)
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}
