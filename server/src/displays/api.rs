//! A room's day as JSON for displays that draw themselves (e-paper firmware that fetches now
//! and then): `GET /api/v1/displays/rooms/{id}` with `Authorization: Bearer pwd_…` of a device
//! token of scope `display`. The same times and states the door display shows; never who or
//! why.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use domain::auth::Scope;
use domain::displays::{NextFree, Now, RoomDay, clock};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::api::input::ApiPath;
use crate::auth::AuthenticatedDevice;
use crate::problem::Problem;
use crate::web::WebState;

/// The OpenAPI description of the displays' endpoint.
#[derive(OpenApi)]
#[openapi(
    paths(room_display, super::door::badge, super::door::passkey),
    components(schemas(
        RoomDisplay,
        DisplayNow,
        DisplayBlock,
        DisplayState,
        Problem,
        super::door::DoorBadge,
        super::door::DoorPasskey,
        super::door::DoorAnswer,
        super::door::DoorDone
    )),
    tags((name = "displays", description = "Door displays (device tokens of scope `display`)"))
)]
pub struct DisplaysApi;

/// The JSON routes of the displays.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/api/v1/displays/rooms/{id}", get(room_display))
        .route(
            "/api/v1/displays/rooms/{id}/badge",
            axum::routing::post(super::door::badge),
        )
        .route(
            "/api/v1/displays/rooms/{id}/passkey",
            axum::routing::post(super::door::passkey),
        )
}

/// Free, taken or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisplayState {
    /// Nobody has reserved it.
    Free,
    /// Reserved.
    Taken,
    /// Closed by a block for the day.
    Closed,
}

/// What the room is now.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisplayNow {
    /// Free, taken or closed now.
    pub state: DisplayState,
    /// Free: when the next reservation begins; taken: when it is free again (`24:00`: not
    /// today); `null` for the rest of the day.
    #[schema(example = "11:30")]
    pub until: Option<String>,
}

/// A stretch of the day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisplayBlock {
    /// Local time it begins, `HH:MM`.
    #[schema(example = "09:00")]
    pub from: String,
    /// Local time it ends (exclusive), `HH:MM`; `24:00` for midnight.
    #[schema(example = "11:30")]
    pub to: String,
    /// Free, taken or closed.
    pub state: DisplayState,
}

/// A room's day at its door: times only.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoomDisplay {
    /// `room.id`.
    pub room_id: i32,
    /// The room's sign.
    pub label: String,
    /// The room's name (the room's, never a reservation's).
    pub name: String,
    /// A protected consultation room.
    pub protected: bool,
    /// May be booked at its door for 15 or 30 minutes (`POST …/badge`, `…/passkey`).
    pub book_now: bool,
    /// The building's local date shown.
    #[schema(value_type = String, format = Date)]
    pub day: chrono::NaiveDate,
    /// Now.
    pub now: DisplayNow,
    /// When the room is next free: `now`, `HH:MM`, or `null` (not today any more).
    #[schema(example = "now")]
    pub next_free: Option<String>,
    /// The day from 07:00 (or the first reservation) to 20:00 (or the last), without gaps.
    pub blocks: Vec<DisplayBlock>,
}

impl From<&RoomDay> for RoomDisplay {
    fn from(day: &RoomDay) -> Self {
        let closed = day.now == Now::Closed;
        let now = match day.now {
            Now::Free { until } => DisplayNow {
                state: DisplayState::Free,
                until: until.map(clock),
            },
            Now::Taken { until } => DisplayNow {
                state: DisplayState::Taken,
                until: Some(clock(until)),
            },
            Now::Closed => DisplayNow {
                state: DisplayState::Closed,
                until: None,
            },
        };
        RoomDisplay {
            room_id: day.room_id,
            label: day.label.clone(),
            name: day.name.clone(),
            protected: day.protected,
            book_now: day.book_now,
            day: day.day,
            now,
            next_free: match day.next_free {
                NextFree::Now => Some("now".to_owned()),
                NextFree::At(at) => Some(clock(at)),
                NextFree::NotToday => None,
            },
            blocks: day
                .blocks
                .iter()
                .map(|block| DisplayBlock {
                    from: clock(block.from),
                    to: clock(block.to),
                    state: match (block.taken, closed) {
                        (false, _) => DisplayState::Free,
                        (true, false) => DisplayState::Taken,
                        (true, true) => DisplayState::Closed,
                    },
                })
                .collect(),
        }
    }
}

/// A room's day for its door display: free or taken now and until when, the next free time,
/// and the day as free and taken stretches (local times of the room's building). Names nobody
/// and no subject, of protected rooms and meeting rooms alike.
#[utoipa::path(
    get,
    path = "/api/v1/displays/rooms/{id}",
    tag = "displays",
    params(("id" = i32, Path, description = "`room.id`")),
    responses(
        (status = 200, description = "The room's day", body = RoomDisplay),
        (status = 401, description = "No device token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A person, or a device token without the scope `display`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such room", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn room_display(
    State(state): State<WebState>,
    AuthenticatedDevice(device): AuthenticatedDevice,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<RoomDisplay>, Problem> {
    if !device.has_scope(Scope::Display) {
        return Err(Problem::forbidden()
            .with_detail("Only a device token with the scope display reads a display."));
    }
    let day = super::room_day(&state, id).await?;
    Ok(Json(RoomDisplay::from(&day)))
}
