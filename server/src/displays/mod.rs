//! Door displays and floor displays: pages for a tablet or e-paper screen at a room's door
//! (`/displays/rooms/{id}`) and for a wall screen in the entrance
//! (`/displays/floors/{level}[?building=SLUG]`), kept current by server-sent events.
//!
//! # Signing in a display
//! A display is a device with a device token of scope `display` (`POST /api/v1/devices`). A
//! kiosk browser cannot send headers, so the token is given once in the address
//! (`/displays/rooms/7?token=pwd_…`): the answer stores it in an `HttpOnly` cookie sent only
//! to `/displays/` and sends the browser to the address without it. A device that can send
//! headers uses `Authorization: Bearer pwd_…` instead. Anything else — nobody, a person's
//! session, a device token without the scope, a revoked token — is refused (401 or 403), also
//! for the event streams.
//!
//! # At the door
//! A door display also takes a badge (a keyboard-wedge reader types the number and Enter into
//! the page, which needs no focus for it) or a passkey (a discoverable credential, no user
//! name): the person's reservation of the room now is checked in, or, where the room allows it
//! (`room.book_now`), the room is booked now for 15 or 30 minutes (`door.rs`). These are the
//! only requests that change anything; with the cookie they must come from the display's own
//! page (the cookie is `SameSite=Lax` as well).
//!
//! # Live
//! Each instance runs one [`Displays::run`] task: every [`WATCH_EVERY`] it reads what the rooms
//! and floors that have an open display on this instance show now (one read of the
//! reservations for all watched rooms; a floor's plan, bookings and sensor states), and hands
//! what changed to their streams. It reads the shared database, so whichever instance, page,
//! API call, job or command line wrote a reservation, every instance's displays show it within
//! a second; and time itself is a change (a reservation that begins turns the room "belegt").
//! A stream sends the whole state at once when it opens (after a restart or a network drop
//! the display is current again as soon as it reconnects), every change after that, and a
//! sign of life every [`ALIVE_EVERY`], by which the page notices a connection that died
//! silently and shows "offline seit HH:MM".
//!
//! Displays that draw themselves (e-paper firmware) read a room's day as JSON instead
//! ([`api`], `GET /api/v1/displays/rooms/{id}`, in the OpenAPI document).
//!
//! # Privacy
//! What is shown comes from [`domain::displays`]: times, free and taken, never who or why.

pub mod api;
mod door;
mod render;

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::auth::{Caller, Scope};
use domain::displays::{FloorNow, RoomDay};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::watch;
use wire::i18n::Lang;

use crate::api::RequestLang;
use crate::api::input::{ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::web::WebState;

/// How often the watched rooms and floors are read again.
pub const WATCH_EVERY: Duration = Duration::from_millis(400);

/// How often a stream says it is alive (the page reconnects after three silent ones).
pub const ALIVE_EVERY: Duration = Duration::from_secs(5);

/// How long the browser waits before reconnecting a stream that ended.
const RETRY: Duration = Duration::from_secs(2);

/// The cookie holding a display's device token; sent to `/displays/` only.
pub const DISPLAY_COOKIE: &str = "pw_display";

/// The policy of the display pages: their own script and styles, their own event streams.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The watched rooms: by `room.id`, what their displays show.
type Rooms = HashMap<i32, watch::Sender<Arc<RoomDay>>>;

/// The watched floors: by building short name and level, what their displays show.
type Floors = HashMap<(String, i32), watch::Sender<Arc<FloorNow>>>;

/// What the open displays of this instance watch; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Displays {
    rooms: Arc<Mutex<Rooms>>,
    floors: Arc<Mutex<Floors>>,
}

impl Displays {
    /// A receiver of room `id`'s day, starting from `now` unless the room is watched already.
    fn follow_room(&self, now: RoomDay) -> watch::Receiver<Arc<RoomDay>> {
        let mut rooms = self.rooms.lock().unwrap_or_else(PoisonError::into_inner);
        let id = now.room_id;
        rooms
            .entry(id)
            .or_insert_with(|| watch::channel(Arc::new(now)).0)
            .subscribe()
    }

    /// A receiver of a floor now (building short name and level), starting from `now`
    /// unless the floor is watched already.
    fn follow_floor(&self, now: FloorNow) -> watch::Receiver<Arc<FloorNow>> {
        let mut floors = self.floors.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (now.plan.building_slug.clone(), now.plan.level);
        floors
            .entry(key)
            .or_insert_with(|| watch::channel(Arc::new(now)).0)
            .subscribe()
    }

    /// The rooms and floors someone watches; forgets those nobody watches any more.
    fn watched(&self) -> (Vec<i32>, Vec<(String, i32)>) {
        let rooms = {
            let mut rooms = self.rooms.lock().unwrap_or_else(PoisonError::into_inner);
            rooms.retain(|_, sender| sender.receiver_count() > 0);
            rooms.keys().copied().collect()
        };
        let floors = {
            let mut floors = self.floors.lock().unwrap_or_else(PoisonError::into_inner);
            floors.retain(|_, sender| sender.receiver_count() > 0);
            floors.keys().cloned().collect()
        };
        (rooms, floors)
    }

    /// Reads what the watched rooms and floors show every [`WATCH_EVERY`] and hands every
    /// change to their streams, until `stopping`.
    pub async fn run(self, app: domain::AppContext, mut stopping: watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(WATCH_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stopping.wait_for(|stop| *stop) => return,
            }
            self.refresh(&app).await;
        }
    }

    async fn refresh(&self, app: &domain::AppContext) {
        let (rooms, floors) = self.watched();
        let now = chrono::Utc::now();
        if !rooms.is_empty() {
            match read_rooms(app, &rooms, now).await {
                Ok(days) => {
                    let senders = self.rooms.lock().unwrap_or_else(PoisonError::into_inner);
                    for (id, day) in days {
                        if let Some(sender) = senders.get(&id) {
                            sender.send_if_modified(|shown| changed(shown, day));
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "cannot read the displayed rooms"),
            }
        }
        for (slug, level) in floors {
            match domain::displays::floor_now(app, Some(&slug), level, now).await {
                Ok(floor) => {
                    let senders = self.floors.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(sender) = senders.get(&(slug, level)) {
                        sender.send_if_modified(|shown| changed(shown, floor));
                    }
                }
                Err(err) => tracing::warn!(error = %err, level, "cannot read a displayed floor"),
            }
        }
    }
}

/// Replaces `shown` by `now` if they differ; whether they did.
fn changed<T: PartialEq>(shown: &mut Arc<T>, now: T) -> bool {
    if **shown == now {
        return false;
    }
    *shown = Arc::new(now);
    true
}

async fn read_rooms(
    app: &domain::AppContext,
    ids: &[i32],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<HashMap<i32, RoomDay>, sea_orm::DbErr> {
    let topology = app.topology.get(&app.db).await?;
    domain::displays::rooms_today(&app.db, &topology, ids, now).await
}

/// The display routes (pages, event streams, their script and styles, and the JSON of a
/// room's day in [`api`]).
pub fn routes() -> Router<WebState> {
    Router::new()
        .merge(api::routes())
        .route("/displays/rooms/{id}", get(room_page))
        .route("/displays/rooms/{id}/events", get(room_events))
        .route("/displays/rooms/{id}/badge", post(door::badge))
        .route("/displays/rooms/{id}/passkey", post(door::passkey))
        .route("/displays/floors/{level}", get(floor_page))
        .route("/displays/floors/{level}/events", get(floor_events))
        .route("/displays/display.js", get(script))
        .route("/displays/display.css", get(styles))
}

/// What a display's address may carry.
#[derive(Debug, Default, Deserialize)]
struct DisplayQuery {
    /// A device token, given once: stored in a cookie, then the address without it.
    token: Option<String>,
    /// The floor's building (short name); the first building if absent.
    building: Option<String>,
}

/// Why a display is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// No token, or one that is unknown, revoked or expired: 401.
    Nobody,
    /// A person, or a device token without the `display` scope: 403.
    NotADisplay,
}

impl Refused {
    fn status(self) -> StatusCode {
        match self {
            Refused::Nobody => StatusCode::UNAUTHORIZED,
            Refused::NotADisplay => StatusCode::FORBIDDEN,
        }
    }

    fn problem(self) -> Problem {
        match self {
            Refused::Nobody => Problem::unauthorized()
                .with_detail("A display needs a device token with the scope display."),
            Refused::NotADisplay => Problem::forbidden()
                .with_detail("Only a device token with the scope display opens a display."),
        }
    }
}

fn is_display(caller: Option<Caller>) -> Result<(), Refused> {
    display_token(caller).map(|_| ())
}

/// The display's device token id (`api_token.id`), if the caller is a display.
fn display_token(caller: Option<Caller>) -> Result<i32, Refused> {
    match caller {
        Some(Caller::Device(device)) if device.has_scope(Scope::Display) => Ok(device.token_id),
        Some(_) => Err(Refused::NotADisplay),
        None => Err(Refused::Nobody),
    }
}

/// Whether the request comes from a display: the caller the authentication layer found (a
/// bearer token; a person's session is refused), else the display cookie.
async fn authorize(
    state: &WebState,
    caller: Option<&Caller>,
    headers: &HeaderMap,
) -> Result<(), Response> {
    authorize_display(state, caller, headers).await.map(|_| ())
}

/// As [`authorize`], and which display it is (its device token's id).
async fn authorize_display(
    state: &WebState,
    caller: Option<&Caller>,
    headers: &HeaderMap,
) -> Result<i32, Response> {
    if let Some(caller) = caller {
        return display_token(Some(caller.clone()))
            .map_err(|refused| page_refusal(refused, headers));
    }
    let token = headers
        .get(header::COOKIE)
        .and_then(|value| value.to_str().ok())
        .and_then(|cookies| crate::auth::session::token_from_cookies(cookies, DISPLAY_COOKIE));
    let Some(token) = token else {
        return Err(page_refusal(Refused::Nobody, headers));
    };
    match crate::auth::token::resolve(&state.app.db, token).await {
        Ok(caller) => display_token(caller).map_err(|refused| page_refusal(refused, headers)),
        Err(err) => Err(Problem::from(err).into_response()),
    }
}

/// A refusal: a short page in the display's language for a browser, a problem document for
/// everything else (the event streams).
fn page_refusal(refused: Refused, headers: &HeaderMap) -> Response {
    let wants_page = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if !wants_page {
        return refused.problem().into_response();
    }
    let lang = Lang::negotiate(
        headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let body = render::refusal(refused == Refused::Nobody, lang);
    page_response(refused.status(), body)
}

fn page_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, axum::response::Html(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The answer to an address with `?token=`: the token in the display cookie and the address
/// without it, if the token is a display's; the refusal otherwise.
async fn take_token(state: &WebState, token: &str, back: String, headers: &HeaderMap) -> Response {
    let caller = match crate::auth::token::resolve(&state.app.db, token).await {
        Ok(caller) => caller,
        Err(err) => return Problem::from(err).into_response(),
    };
    if let Err(refused) = is_display(caller) {
        return page_refusal(refused, headers);
    }
    let secure = if state.auth.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    // About a year: a display stays signed in until its token is revoked.
    let cookie = format!(
        "{DISPLAY_COOKIE}={token}; Path=/displays/; HttpOnly; SameSite=Lax; Max-Age=34560000{secure}"
    );
    let mut response = axum::response::Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The caller the authentication layer found, if any.
type CallerExt = Option<axum::Extension<Caller>>;

/// A room's door display: now free or "belegt bis HH:MM", the next free time and the day,
/// for a device token of scope `display`.
async fn room_page(
    State(state): State<WebState>,
    caller: CallerExt,
    headers: HeaderMap,
    RequestLang(lang): RequestLang,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(query): ApiQuery<DisplayQuery>,
) -> Response {
    if let Some(token) = query.token.as_deref() {
        return take_token(&state, token, format!("/displays/rooms/{id}"), &headers).await;
    }
    if let Err(refused) = authorize(&state, caller.as_ref().map(|c| &c.0), &headers).await {
        return refused;
    }
    match room_day(&state, id).await {
        Ok(day) => page_response(StatusCode::OK, render::room_page(&day, lang)),
        Err(problem) => problem.into_response(),
    }
}

async fn room_day(state: &WebState, id: i32) -> Result<RoomDay, Problem> {
    read_rooms(&state.app, &[id], chrono::Utc::now())
        .await?
        .remove(&id)
        .ok_or_else(|| Problem::not_found(format!("room: there is no room {id}")))
}

/// The room's day as server-sent events: `state` (the display's content, at once and after
/// every change) and `alive` (every [`ALIVE_EVERY`]).
async fn room_events(
    State(state): State<WebState>,
    caller: CallerExt,
    headers: HeaderMap,
    RequestLang(lang): RequestLang,
    ApiPath(id): ApiPath<i32>,
) -> Response {
    if let Err(refused) = authorize(&state, caller.as_ref().map(|c| &c.0), &headers).await {
        return refused;
    }
    let day = match room_day(&state, id).await {
        Ok(day) => day,
        Err(problem) => return problem.into_response(),
    };
    let days = state.displays.follow_room(day);
    events(days, state.stopping.clone(), move |day| {
        render::room_content(day, lang)
    })
    .into_response()
}

/// A floor's display for the entrance: the plan with free desks and rooms, no names.
async fn floor_page(
    State(state): State<WebState>,
    caller: CallerExt,
    headers: HeaderMap,
    RequestLang(lang): RequestLang,
    ApiPath(level): ApiPath<i32>,
    ApiQuery(query): ApiQuery<DisplayQuery>,
) -> Response {
    if let Some(token) = query.token.as_deref() {
        let back = match &query.building {
            Some(slug) => format!(
                "/displays/floors/{level}?building={}",
                wire::model::percent_encode(slug, false)
            ),
            None => format!("/displays/floors/{level}"),
        };
        return take_token(&state, token, back, &headers).await;
    }
    if let Err(refused) = authorize(&state, caller.as_ref().map(|c| &c.0), &headers).await {
        return refused;
    }
    match floor(&state, query.building.as_deref(), level).await {
        Ok(floor) => page_response(StatusCode::OK, render::floor_page(&floor, lang)),
        Err(problem) => problem.into_response(),
    }
}

async fn floor(state: &WebState, slug: Option<&str>, level: i32) -> Result<FloorNow, Problem> {
    domain::displays::floor_now(&state.app, slug, level, chrono::Utc::now())
        .await
        .map_err(|err| match err {
            domain::error::Error::NotFound => {
                Problem::not_found(format!("floor: there is no floor {level} in that building"))
            }
            other => Problem::from(other),
        })
}

/// The floor now as server-sent events, like [`room_events`].
async fn floor_events(
    State(state): State<WebState>,
    caller: CallerExt,
    headers: HeaderMap,
    RequestLang(lang): RequestLang,
    ApiPath(level): ApiPath<i32>,
    ApiQuery(query): ApiQuery<DisplayQuery>,
) -> Response {
    if let Err(refused) = authorize(&state, caller.as_ref().map(|c| &c.0), &headers).await {
        return refused;
    }
    let now = match floor(&state, query.building.as_deref(), level).await {
        Ok(floor) => floor,
        Err(problem) => return problem.into_response(),
    };
    let floors = state.displays.follow_floor(now);
    events(floors, state.stopping.clone(), move |floor| {
        render::floor_content(floor, lang)
    })
    .into_response()
}

/// The stream of a watched value: its content at once and after every change, a sign of life
/// every [`ALIVE_EVERY`]; it ends when the server stops.
fn events<T, F>(
    values: watch::Receiver<Arc<T>>,
    stopping: watch::Receiver<bool>,
    content: F,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    T: Send + Sync + 'static,
    F: Fn(&T) -> String + Send + 'static,
{
    let mut alive = tokio::time::interval(ALIVE_EVERY);
    alive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    alive.reset();
    let stream = futures_util::stream::unfold(
        (values, stopping, alive, content, true),
        |(mut values, mut stopping, mut alive, content, first)| async move {
            if first {
                let shown = Arc::clone(&values.borrow_and_update());
                let event = Event::default()
                    .event("state")
                    .retry(RETRY)
                    .data(content(&shown));
                return Some((Ok(event), (values, stopping, alive, content, false)));
            }
            let event = tokio::select! {
                _ = stopping.wait_for(|stop| *stop) => return None,
                changed = values.changed() => {
                    if changed.is_err() {
                        // Nobody watches the value any more (cannot happen while this stream
                        // holds its receiver); end, the browser reconnects.
                        return None;
                    }
                    let shown = Arc::clone(&values.borrow_and_update());
                    Event::default().event("state").data(content(&shown))
                }
                _ = alive.tick() => Event::default().event("alive").data(""),
            };
            Some((Ok(event), (values, stopping, alive, content, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The displays' script: follows the stream, reconnects, shows when it is offline.
async fn script() -> Response {
    asset("text/javascript; charset=utf-8", include_str!("display.js"))
}

/// The displays' styles: large type, no keyboard.
async fn styles() -> Response {
    asset("text/css; charset=utf-8", include_str!("display.css"))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_device_token_with_the_display_scope_opens_a_display() {
        let device = |scopes: Vec<Scope>| {
            Some(Caller::Device(domain::auth::Device {
                token_id: 1,
                scopes,
            }))
        };
        assert_eq!(is_display(device(vec![Scope::Display])), Ok(()));
        assert_eq!(
            is_display(device(vec![Scope::Read, Scope::CheckIn])),
            Err(Refused::NotADisplay)
        );
        let person = Some(Caller::Person(domain::auth::Principal {
            person_id: 1,
            organisation_id: 1,
            unit_id: None,
            roles: vec![entities::enums::Role::BuildingAdmin],
            via: domain::auth::Via::Session(1),
        }));
        assert_eq!(is_display(person), Err(Refused::NotADisplay));
        assert_eq!(is_display(None), Err(Refused::Nobody));
        assert_eq!(Refused::Nobody.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(Refused::NotADisplay.status(), StatusCode::FORBIDDEN);
    }

    #[test]
    fn a_value_changes_only_when_it_differs() {
        let mut shown = Arc::new(1);
        assert!(!changed(&mut shown, 1));
        assert!(changed(&mut shown, 2));
        assert_eq!(*shown, 2);
    }
}
