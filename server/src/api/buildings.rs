//! The building editor over HTTP (building administrators; see [`domain::building_admin`]):
//! the building's name, address and time zone, floors and their plan images, zones, desks and
//! rooms. A change the building file import would refuse is answered 422 with every problem
//! (`errors`, field by field) and nothing is written.
//!
//! | route | who |
//! | --- | --- |
//! | `GET /api/v1/buildings/{slug}/editor`, `PATCH /api/v1/buildings/{slug}` | building administrators |
//! | `POST /api/v1/buildings/{slug}/floors`, `DELETE …/floors/{id}` | building administrators |
//! | `PUT, DELETE /api/v1/buildings/{slug}/floors/{id}/plan` | building administrators |
//! | `GET /api/v1/buildings/{slug}/floors/{id}/plan` | everybody signed in |
//! | `POST …/zones`, `PATCH, DELETE …/zones/{id}` (and `desks`, `rooms`) | building administrators |
//!
//! Removing a desk or room with bookings from today on needs `?bookings=cancel` or
//! `?bookings=move` (desks only); without it the answer is 409 with their number. Every change
//! tells every instance that the topology changed.
//!
//! The plan image is served with its content type, `X-Content-Type-Options: nosniff` and
//! `Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; sandbox`: an SVG
//! opened on its own runs nothing and loads nothing.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono::Utc;
use domain::auth::Permission;
use domain::building_admin::{self, BuildingAdminError, plan_image, removal};
use utoipa::OpenApi;
use wire::i18n::Lang;
use wire::model::LineError;
use wire::model::building_admin::{
    BookingsChoice, BuildingChange, BuildingEditor, Created, DeskInput, EditorDesk, EditorFloor,
    EditorRoom, EditorZone, NewFloor, Removal, RemovalQuery, RoomInput, SiteRef, ZoneInput,
};

use super::RequestLang;
use super::input::{ApiJson, ApiPath, ApiQuery};
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The policy a plan image is served with: it may show inline styles, nothing else; as a
/// document of its own it is sandboxed (no scripts, no forms, an opaque origin).
pub const PLAN_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/// What a multipart form adds around the image (boundaries, part headers), in bytes.
const FORM_OVERHEAD: usize = 64 * 1024;

/// The OpenAPI description of the building editor.
#[derive(OpenApi)]
#[openapi(
    paths(
        editor,
        update_building,
        add_floor,
        remove_floor,
        get_plan,
        put_plan,
        remove_plan,
        add_zone,
        change_zone,
        remove_zone,
        add_desk,
        change_desk,
        remove_desk,
        add_room,
        change_room,
        remove_room
    ),
    components(schemas(
        Problem,
        BuildingEditor,
        SiteRef,
        EditorFloor,
        EditorZone,
        EditorDesk,
        EditorRoom,
        BuildingChange,
        NewFloor,
        ZoneInput,
        DeskInput,
        RoomInput,
        BookingsChoice,
        Removal,
        Created
    )),
    tags((name = "buildings", description = "The building editor: floors, plan images, zones, desks and rooms"))
)]
pub struct BuildingsApi;

/// The building editor's routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/buildings/{slug}", patch(update_building))
        .route("/api/v1/buildings/{slug}/editor", get(editor))
        .route("/api/v1/buildings/{slug}/floors", post(add_floor))
        .route(
            "/api/v1/buildings/{slug}/floors/{id}",
            axum::routing::delete(remove_floor),
        )
        .route(
            "/api/v1/buildings/{slug}/floors/{id}/plan",
            get(get_plan).put(put_plan).delete(remove_plan),
        )
        .route("/api/v1/buildings/{slug}/zones", post(add_zone))
        .route(
            "/api/v1/buildings/{slug}/zones/{id}",
            patch(change_zone).delete(remove_zone),
        )
        .route("/api/v1/buildings/{slug}/desks", post(add_desk))
        .route(
            "/api/v1/buildings/{slug}/desks/{id}",
            patch(change_desk).delete(remove_desk),
        )
        .route(
            "/admin/buildings/{slug}/floors/{id}/plan",
            post(upload_plan_form).layer(axum::extract::DefaultBodyLimit::max(
                plan_image::MAX_PLAN_BYTES + FORM_OVERHEAD,
            )),
        )
        .route("/api/v1/buildings/{slug}/rooms", post(add_room))
        .route(
            "/api/v1/buildings/{slug}/rooms/{id}",
            patch(change_room).delete(remove_room),
        )
}

/// The editor's error as a problem document in `lang`.
fn problem(lang: Lang) -> impl Fn(BuildingAdminError) -> Problem {
    move |err| match err {
        BuildingAdminError::Invalid(problems) => {
            let mut answer = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-building",
                "The change makes the building invalid",
            )
            .with_detail(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            answer.errors = Some(
                problems
                    .into_iter()
                    .map(|p| LineError {
                        line: 0,
                        field: p.field,
                        message: p.message,
                    })
                    .collect(),
            );
            answer
        }
        BuildingAdminError::TooLarge => Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "The image is too large",
        )
        .with_detail(format!(
            "A plan image has at most {} bytes.",
            plan_image::MAX_PLAN_BYTES
        )),
        err @ BuildingAdminError::BookingsNeedChoice(_) => Problem::new(
            StatusCode::CONFLICT,
            "bookings-need-choice",
            "Say what becomes of the bookings",
        )
        .with_detail(err.to_string()),
        other => Problem::from_app_error(domain::error::Error::from(other), lang),
    }
}

/// After a change of the structure: this instance and every other read the topology again.
async fn changed(state: &WebState) {
    state.app.topology.invalidate();
    state.bus.topology_changed().await;
}

/// The building with its floors, zones, desks and rooms by id, and the bookings from today on
/// of each desk and room.
#[utoipa::path(
    get,
    path = "/api/v1/buildings/{slug}/editor",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    responses(
        (status = 200, description = "The building", body = BuildingEditor),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn editor(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<BuildingEditor>, Problem> {
    caller.require(Permission::ManageBuilding)?;
    Ok(Json(
        building_admin::editor(&state.app.db, &slug, Utc::now())
            .await
            .map_err(problem(lang))?,
    ))
}

/// Changes the building's name, address or time zone.
#[utoipa::path(
    patch,
    path = "/api/v1/buildings/{slug}",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    request_body = BuildingChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The building would be invalid (an unknown time zone, an empty name)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn update_building(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(change): ApiJson<BuildingChange>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    building_admin::update_building(&state.app.db, &who, &slug, &change, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a floor.
#[utoipa::path(
    post,
    path = "/api/v1/buildings/{slug}/floors",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    request_body = NewFloor,
    responses(
        (status = 201, description = "Added", body = Created),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A level taken, an empty name, a plan of no size", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn add_floor(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(new): ApiJson<NewFloor>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let id = building_admin::add_floor(&state.app.db, &who, &slug, &new, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Removes a floor on which no zone or room is left; its plan image goes with it.
#[utoipa::path(
    delete,
    path = "/api/v1/buildings/{slug}/floors/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The floor"),
    ),
    responses(
        (status = 200, description = "Removed", body = Removal),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such floor in the building", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Zones or rooms are on the floor", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_floor(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
) -> Result<Json<Removal>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let removal = removal::remove_floor(&state.app.db, &who, &slug, id, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(Json(removal))
}

/// The floor's plan image, with its content type; sandboxed by its content security policy.
#[utoipa::path(
    get,
    path = "/api/v1/buildings/{slug}/floors/{id}/plan",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The floor"),
    ),
    responses(
        (status = 200, description = "The image", content(
            (Vec<u8> = "image/svg+xml"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "image/jpeg"),
        )),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such floor, or it has no plan image", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn get_plan(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    _caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
) -> Result<Response, Problem> {
    let image = plan_image::get(&state.app.db, &slug, id)
        .await
        .map_err(problem(lang))?;
    let content_type =
        HeaderValue::from_str(&image.content_type).map_err(|_| Problem::internal())?;
    let mut response = image.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PLAN_CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(response)
}

/// Uploads the floor's plan image (the body is the image; `Content-Type` says which kind),
/// replacing any. Refused: bytes that are not the content type, an SVG with scripts, event
/// handlers, foreign objects or external references, an image over 5 MiB.
#[utoipa::path(
    put,
    path = "/api/v1/buildings/{slug}/floors/{id}/plan",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The floor"),
    ),
    request_body(
        description = "The image, sent with its content type: image/svg+xml, image/png or image/jpeg (anything else is refused with 400)",
        content(
            (Vec<u8> = "image/svg+xml"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "image/jpeg"),
        )
    ),
    responses(
        (status = 204, description = "Stored"),
        (status = 400, description = "Not an image of its content type, or an SVG with something active in it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such floor in the building", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 5 MiB", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn put_plan(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = axum::body::to_bytes(body, plan_image::MAX_PLAN_BYTES)
        .await
        .map_err(|_| problem(lang)(BuildingAdminError::TooLarge))?;
    plan_image::put(
        &state.app.db,
        &who,
        &slug,
        id,
        &content_type,
        bytes.to_vec(),
        Utc::now(),
    )
    .await
    .map_err(problem(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The editor page's upload form (`multipart/form-data`, the file in the field `plan`): stores
/// the image as [`put_plan`] does and sends the browser back to the editor, with
/// `?floor=ID&uploaded=1` or `&upload_error=` and the reason. Not part of the JSON API.
async fn upload_plan_form(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    mut form: axum::extract::Multipart,
) -> Result<axum::response::Redirect, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let mut outcome = Err(BuildingAdminError::InvalidInput(
        "choose an image file".to_owned(),
    ));
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("plan") {
            continue;
        }
        let content_type = field.content_type().unwrap_or_default().to_owned();
        outcome = match field.bytes().await {
            Ok(bytes) if bytes.len() > plan_image::MAX_PLAN_BYTES => {
                Err(BuildingAdminError::TooLarge)
            }
            Ok(bytes) => {
                plan_image::put(
                    &state.app.db,
                    &who,
                    &slug,
                    id,
                    &content_type,
                    bytes.to_vec(),
                    Utc::now(),
                )
                .await
            }
            Err(_) => Err(BuildingAdminError::TooLarge),
        };
        break;
    }
    let back = format!("/admin/buildings/{slug}?floor={id}");
    match outcome {
        Ok(()) => Ok(axum::response::Redirect::to(&format!("{back}&uploaded=1"))),
        Err(err @ (BuildingAdminError::NotFound | BuildingAdminError::Database(_))) => {
            Err(problem(lang)(err))
        }
        Err(err) => {
            let why = match err {
                BuildingAdminError::TooLarge => "too-large",
                BuildingAdminError::InvalidInput(why) if why.starts_with("Content-Type") => {
                    "content-type"
                }
                _ => "not-an-image",
            };
            Ok(axum::response::Redirect::to(&format!(
                "{back}&upload_error={why}"
            )))
        }
    }
}

/// Removes the floor's plan image.
#[utoipa::path(
    delete,
    path = "/api/v1/buildings/{slug}/floors/{id}/plan",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The floor"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such floor, or it has no plan image", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_plan(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    plan_image::remove(&state.app.db, &who, &slug, id, Utc::now())
        .await
        .map_err(problem(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a zone (`floor_id`, `slug`, `name`, `kind`, `x`, `y`, `width`, `height`).
#[utoipa::path(
    post,
    path = "/api/v1/buildings/{slug}/zones",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    request_body = ZoneInput,
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 400, description = "A field missing", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building or floor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The zone would make the building invalid (a slug taken, no size)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn add_zone(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<ZoneInput>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let id = building_admin::save_zone(&state.app.db, &who, &slug, None, &input, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Changes a zone: moves, resizes, renames it; what is left out stays.
#[utoipa::path(
    patch,
    path = "/api/v1/buildings/{slug}/zones/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The zone"),
    ),
    request_body = ZoneInput,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such zone in the building", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The change would make the building invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_zone(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    ApiJson(input): ApiJson<ZoneInput>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    building_admin::save_zone(&state.app.db, &who, &slug, Some(id), &input, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a zone in which no desk or room is left.
#[utoipa::path(
    delete,
    path = "/api/v1/buildings/{slug}/zones/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The zone"),
    ),
    responses(
        (status = 200, description = "Removed", body = Removal),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such zone in the building", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Desks or rooms are in the zone", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_zone(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
) -> Result<Json<Removal>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let removal = removal::remove_zone(&state.app.db, &who, &slug, id, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(Json(removal))
}

/// Places a desk (`zone_id`, `label`, `x`, `y`; the rest has defaults).
#[utoipa::path(
    post,
    path = "/api/v1/buildings/{slug}/desks",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    request_body = DeskInput,
    responses(
        (status = 201, description = "Placed", body = Created),
        (status = 400, description = "A field missing, or no such zone in the building", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The desk would make the building invalid (outside its floor, a label taken)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn add_desk(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<DeskInput>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let id = building_admin::save_desk(&state.app.db, &who, &slug, None, &input, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Changes a desk: moves it, renames it, changes its equipment; what is left out stays. Its
/// bookings, sensors and badge readers stay with it.
#[utoipa::path(
    patch,
    path = "/api/v1/buildings/{slug}/desks/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The desk"),
    ),
    request_body = DeskInput,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such desk in the building", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The change would make the building invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_desk(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    ApiJson(input): ApiJson<DeskInput>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    building_admin::save_desk(&state.app.db, &who, &slug, Some(id), &input, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a desk. With bookings from today on, `bookings=cancel` cancels them and
/// `bookings=move` moves them by the allocator's repair (those it cannot move are
/// cancelled); their people are told. Sensors watching it are detached, badge readers at it
/// removed.
#[utoipa::path(
    delete,
    path = "/api/v1/buildings/{slug}/desks/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The desk"),
        RemovalQuery,
    ),
    responses(
        (status = 200, description = "Removed", body = Removal),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such desk in the building", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It has bookings from today on and no choice was given (the detail counts them)", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_desk(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    ApiQuery(query): ApiQuery<RemovalQuery>,
) -> Result<Json<Removal>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let removal = removal::remove_desk(&state.app.db, &who, &slug, id, query.bookings, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(Json(removal))
}

/// Creates a room (`floor_id`, `label`, `name`, `capacity`, `x`, `y`, `width`, `height`).
#[utoipa::path(
    post,
    path = "/api/v1/buildings/{slug}/rooms",
    tag = "buildings",
    params(("slug" = String, Path, description = "The building")),
    request_body = RoomInput,
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 400, description = "A field missing, a buffer off the grid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building or floor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The room would make the building invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn add_room(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(slug): ApiPath<String>,
    ApiJson(input): ApiJson<RoomInput>,
) -> Result<(StatusCode, Json<Created>), Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let id = building_admin::save_room(&state.app.db, &who, &slug, None, &input, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Changes a room; what is left out stays.
#[utoipa::path(
    patch,
    path = "/api/v1/buildings/{slug}/rooms/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The room"),
    ),
    request_body = RoomInput,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room in the building", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The change would make the building invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn change_room(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    ApiJson(input): ApiJson<RoomInput>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    building_admin::save_room(&state.app.db, &who, &slug, Some(id), &input, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a room. With reservations that have not ended, `bookings=cancel` cancels them and
/// `bookings=move` moves each to another free room of the building of the same privacy class
/// and room enough (cancelling those for which none is free); their people are told.
#[utoipa::path(
    delete,
    path = "/api/v1/buildings/{slug}/rooms/{id}",
    tag = "buildings",
    params(
        ("slug" = String, Path, description = "The building"),
        ("id" = i32, Path, description = "The room"),
        RemovalQuery,
    ),
    responses(
        (status = 200, description = "Removed", body = Removal),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a building administrator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room in the building", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It has reservations that have not ended and no choice was given", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn remove_room(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath((slug, id)): ApiPath<(String, i32)>,
    ApiQuery(query): ApiQuery<RemovalQuery>,
) -> Result<Json<Removal>, Problem> {
    let who = caller.require(Permission::ManageBuilding)?;
    let removal = removal::remove_room(&state.app.db, &who, &slug, id, query.bookings, Utc::now())
        .await
        .map_err(problem(lang))?;
    changed(&state).await;
    Ok(Json(removal))
}
