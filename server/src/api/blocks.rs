//! Blocks of desks and zones over HTTP (facility management and building administrators):
//! making one moves the bookings in its way to other desks (see
//! [`domain::blocks`]).
//!
//! | route | who |
//! | --- | --- |
//! | `GET, POST /api/v1/blocks`, `DELETE /api/v1/blocks/{id}` | facility managers, building administrators |

use super::input::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use chrono::Utc;
use domain::auth::Permission;
use domain::blocks;
use utoipa::OpenApi;
use wire::model::{BlockView, NewBlock};

use super::RequestLang;
use crate::auth::extract::Authenticated;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the block endpoints.
#[derive(OpenApi)]
#[openapi(
    paths(list_blocks, create_block, delete_block),
    components(schemas(Problem, NewBlock, BlockView)),
    tags((name = "blocks", description = "Desks and zones out of use for some days"))
)]
pub struct BlocksApi;

/// The block routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/blocks", get(list_blocks).post(create_block))
        .route("/api/v1/blocks/{id}", delete(delete_block))
}

/// Blocks of desks and zones from today on.
#[utoipa::path(
    get,
    path = "/api/v1/blocks",
    tag = "blocks",
    responses(
        (status = 200, description = "Soonest first", body = [BlockView]),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not facility management", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list_blocks(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
) -> Result<Json<Vec<BlockView>>, Problem> {
    caller.require(Permission::ManageDesks)?;
    Ok(Json(
        blocks::list(&state.app.db, Utc::now())
            .await
            .map_err(|err| Problem::from_app_error(err, lang))?,
    ))
}

/// Blocks a desk or a zone for some days. Every booking in the way whose slot has not ended is
/// moved by the allocator to the best free desk for its person, near where it was; the answer
/// counts the bookings moved and those for which no desk was free.
#[utoipa::path(
    post,
    path = "/api/v1/blocks",
    tag = "blocks",
    request_body = NewBlock,
    responses(
        (status = 201, description = "Blocked; bookings moved", body = BlockView),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not facility management", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such desk or zone", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create_block(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiJson(new): ApiJson<NewBlock>,
) -> Result<(StatusCode, Json<BlockView>), Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    let view = blocks::create(&state.app.db, &who, &new, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Ends a block: the desks are free again.
#[utoipa::path(
    delete,
    path = "/api/v1/blocks/{id}",
    tag = "blocks",
    params(("id" = i32, Path, description = "The block")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not facility management", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such block", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn delete_block(
    State(state): State<WebState>,
    RequestLang(lang): RequestLang,
    caller: Authenticated,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, Problem> {
    let who = caller.require(Permission::ManageDesks)?;
    blocks::remove(&state.app.db, &who, id, Utc::now())
        .await
        .map_err(|err| Problem::from_app_error(err, lang))?;
    Ok(StatusCode::NO_CONTENT)
}
