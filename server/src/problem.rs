//! RFC 9457 problem documents: every error of the REST API, with a stable `type` per kind.
//!
//! `type` is a relative URI, `/problems/<kind>`; clients match on it, people read `title`
//! (fixed, English) and `detail` (in the person's language where a person is behind the request).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// When to try again after a 503 (`Retry-After`, seconds).
pub const RETRY_AFTER_SECS: &str = "5";

/// One error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `/problems/<kind>`: the stable identifier of the kind of error.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, fixed summary of the kind.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this case, for a person to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For an imported file: every bad field, with its line and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<wire::model::LineError>>,
    /// For "a room now" when every first-consultation room is taken: the earliest time one is
    /// free, and which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_free: Option<Box<wire::model::room_now::EarliestFree>>,
}

impl Problem {
    /// A problem of `kind` (such as `not-found`) with HTTP `status` and a fixed `title`.
    pub fn new(status: StatusCode, kind: &str, title: &str) -> Self {
        Problem {
            kind: format!("/problems/{kind}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: None,
            errors: None,
            earliest_free: None,
        }
    }

    /// Adds what went wrong in this case.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// 400 `invalid-input`.
    pub fn invalid_input(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "invalid-input", "Invalid input").with_detail(detail)
    }

    /// 422 `out-of-range`: well-formed, but a value breaks a rule; the detail names the field.
    pub fn out_of_range(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "out-of-range",
            "A value is out of range",
        )
        .with_detail(detail)
    }

    /// 401 `unauthorized`: no valid session or token.
    pub fn unauthorized() -> Self {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "Not signed in")
            .with_detail("Sign in, or send a valid access token.")
    }

    /// 403 `forbidden`: signed in, but not allowed.
    pub fn forbidden() -> Self {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed")
    }

    /// 404 `not-found`.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found").with_detail(detail)
    }

    /// 429 `rate-limited`.
    pub fn rate_limited() -> Self {
        Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
        )
        .with_detail("Too many attempts; wait a minute and try again.")
    }

    /// 409 `already-booked`: the desk is taken in that slot, or the person has a desk then.
    pub fn already_booked(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::CONFLICT, "already-booked", "Already booked").with_detail(detail)
    }

    /// 403 `outside-home-zone`: the desk is outside the unit's home zones and not open to others.
    pub fn outside_home_zone(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::FORBIDDEN,
            "outside-home-zone",
            "Outside the home zones",
        )
        .with_detail(detail)
    }

    /// 422 `policy-limit`: a booking policy (days ahead, bookings per week, half-days, blocks)
    /// refuses it.
    pub fn policy_limit(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "policy-limit",
            "Refused by a booking policy",
        )
        .with_detail(detail)
    }

    /// 422 `in-the-past`: the slot has already ended.
    pub fn in_the_past(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "in-the-past",
            "In the past",
        )
        .with_detail(detail)
    }

    /// The problem for a refused booking, its detail in `lang`.
    pub fn refused(refusal: wire::model::Refusal, lang: wire::i18n::Lang) -> Self {
        use wire::model::Refusal;
        let detail = refusal.detail(lang);
        match refusal {
            Refusal::InThePast => Problem::in_the_past(detail),
            Refusal::OutsideHomeZone => Problem::outside_home_zone(detail),
            Refusal::DeskTaken | Refusal::PersonHasDesk => Problem::already_booked(detail),
            Refusal::NoBooking => {
                Problem::new(StatusCode::CONFLICT, "no-booking", "No booking here")
                    .with_detail(detail)
            }
            Refusal::NoDeskFree => {
                Problem::new(StatusCode::CONFLICT, "no-desk-free", "No desk free")
                    .with_detail(detail)
            }
            Refusal::NotHere => {
                Problem::new(StatusCode::FORBIDDEN, "not-here", "Presence not shown")
                    .with_detail(detail)
            }
            Refusal::RoomTaken => {
                Problem::new(StatusCode::CONFLICT, "room-taken", "Room taken").with_detail(detail)
            }
            Refusal::NoSuitableDesk => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no-suitable-desk",
                "No suitable desk",
            )
            .with_detail(detail),
            Refusal::TooFarAhead
            | Refusal::HalfDaysNotAllowed
            | Refusal::WeeklyLimit
            | Refusal::Blocked
            | Refusal::RequestsClosed
            | Refusal::SlotTooLong
            | Refusal::SlotLimit { .. } => Problem::policy_limit(detail),
            Refusal::NotAdmitted => Problem::new(
                StatusCode::FORBIDDEN,
                "not-admitted",
                "Not admitted to the entrance zone",
            )
            .with_detail(detail),
        }
    }

    /// The problem for an [`wire::error::AppError`] (or a service's error, turned into one),
    /// its detail in `lang`.
    pub fn from_app_error(err: impl Into<wire::error::AppError>, lang: wire::i18n::Lang) -> Self {
        use wire::error::AppError;
        let t = lang.texts();
        match err.into() {
            AppError::NotFound => Problem::not_found(t.error_not_found),
            AppError::Unauthorized => Problem::unauthorized().with_detail(t.error_unauthorized),
            AppError::Forbidden => Problem::forbidden().with_detail(t.error_forbidden),
            AppError::Internal | AppError::Transport(_) => Problem::internal(),
            AppError::Unavailable => Problem::unavailable().with_detail(t.error_unavailable),
            AppError::Refused(refusal) => Problem::refused(refusal, lang),
            AppError::InvalidInput(why) => {
                Problem::invalid_input(format!("{} ({why})", t.error_invalid_input))
            }
            AppError::OutOfRange(why) => {
                Problem::out_of_range(format!("{} ({why})", t.error_invalid_input))
            }
            AppError::StepUpRequired => Problem::step_up_required().with_detail(t.error_step_up),
            AppError::Conflict(why) => Problem::conflict(format!("{} ({why})", t.error_conflict)),
        }
    }

    /// 503 `unavailable`: the database cannot be reached for a moment; the answer says when
    /// to try again (`Retry-After`).
    pub fn unavailable() -> Self {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Briefly unavailable",
        )
        .with_detail(
            "Platzwahl is briefly unavailable; nothing was changed. Try again in a few seconds.",
        )
    }

    /// 403 `step-up-required`: confirm with a passkey first (`POST /api/v1/auth/step-up`),
    /// then send the request again.
    pub fn step_up_required() -> Self {
        Problem::new(
            StatusCode::FORBIDDEN,
            "step-up-required",
            "Confirm with your passkey",
        )
        .with_detail(
            "Confirm with your passkey first (POST /api/v1/auth/step-up in a browser session); the confirmation lasts five minutes.",
        )
    }

    /// 409 `conflict`: the request conflicts with what is stored; the detail says what.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::CONFLICT, "conflict", "Conflict").with_detail(detail)
    }

    /// 500 `internal`: the cause is in the server log, never in the answer.
    pub fn internal() -> Self {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(RETRY_AFTER_SECS),
            );
        }
        response
    }
}

impl From<sea_orm::DbErr> for Problem {
    fn from(err: sea_orm::DbErr) -> Self {
        Problem::from(wire::error::AppError::from(err))
    }
}

impl From<domain::error::Error> for Problem {
    /// A service's error as a person sees it (its cause logged once, in
    /// `From<Error> for AppError`).
    fn from(err: domain::error::Error) -> Self {
        Problem::from(wire::error::AppError::from(err))
    }
}

impl From<wire::error::AppError> for Problem {
    fn from(err: wire::error::AppError) -> Self {
        use wire::error::AppError;
        match err {
            AppError::NotFound => Problem::not_found("Not found."),
            AppError::Unauthorized => Problem::unauthorized(),
            AppError::Forbidden => Problem::forbidden(),
            AppError::Internal | AppError::Transport(_) => Problem::internal(),
            AppError::Unavailable => Problem::unavailable(),
            AppError::Refused(refusal) => Problem::refused(refusal, wire::i18n::Lang::En),
            AppError::InvalidInput(why) => Problem::invalid_input(why),
            AppError::OutOfRange(why) => Problem::out_of_range(why),
            AppError::StepUpRequired => Problem::step_up_required(),
            AppError::Conflict(why) => Problem::conflict(why),
        }
    }
}

/// The largest server function error body read back (an [`wire::error::AppError`] as JSON).
const SERVER_FN_ERROR_LIMIT: usize = 64 * 1024;

/// The largest form a server function is sent (the REST API's limit too).
const SERVER_FN_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Whether a form body (`a=b&c=%C3%A4`) percent-decodes to UTF-8.
fn form_decodes_to_utf8(body: &[u8]) -> bool {
    let hex = |at: usize| body.get(at).and_then(|&c| char::from(c).to_digit(16));
    let mut decoded = Vec::with_capacity(body.len());
    let mut at = 0;
    while let Some(&byte) = body.get(at) {
        if byte == b'%'
            && let (Some(high), Some(low)) = (hex(at + 1), hex(at + 2))
            && let Ok(value) = u8::try_from(high * 16 + low)
        {
            decoded.push(value);
            at += 3;
        } else {
            decoded.push(byte);
            at += 1;
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// Answers a failed server function (`POST /api/<name>`) as the REST API answers: an RFC 9457
/// problem document with the status of its kind (400 for input the function could not read,
/// 404, 409, …) instead of server_fn's `500` for every error. The error itself stays in the
/// document's `error` member, where the browser reads it ([`wire::error::ErrorEncoding`]).
/// A plain form post's redirect back, and every other answer, pass unchanged.
pub async fn server_fn_problems(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // In a block: a reference to the request (its body is not `Sync`) may not live across
    // the `await`.
    let lang = {
        let headers = request.headers();
        let header_text = |name| {
            headers
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
        };
        wire::i18n::Lang::negotiate(
            header_text(header::COOKIE),
            header_text(header::ACCEPT_LANGUAGE),
        )
    };
    let server_fn_path = {
        let path = request.uri().path();
        path.starts_with("/api/") && !path.starts_with("/api/v1/")
    };
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
    let request = if server_fn_path && form {
        // Form arguments are decoded leniently (invalid UTF-8 becomes U+FFFD and is stored):
        // refused here, as is a body beyond the API's limit.
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, SERVER_FN_BODY_LIMIT).await else {
            return Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request too large",
            )
            .with_detail(lang.texts().error_invalid_input)
            .into_response();
        };
        if !form_decodes_to_utf8(&bytes) {
            return Problem::invalid_input(format!(
                "{} (not UTF-8)",
                lang.texts().error_invalid_input
            ))
            .into_response();
        }
        axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))
    } else {
        request
    };
    let response = next.run(request).await;
    // leptos_axum's answers for a server function that does not exist: plain text, or the
    // HTML page "not found".
    if server_fn_path
        && !response.headers().contains_key("serverfnerror")
        && (response.status() == StatusCode::NOT_FOUND
            || (response.status() == StatusCode::BAD_REQUEST
                && !response.headers().contains_key(header::CONTENT_TYPE)))
    {
        return Problem::not_found(lang.texts().error_not_found).into_response();
    }
    let failed = response.status().is_client_error() || response.status().is_server_error();
    if !failed || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, SERVER_FN_ERROR_LIMIT).await else {
        return Problem::internal().into_response();
    };
    let Ok(error) = serde_json::from_slice::<wire::error::AppError>(&bytes) else {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    let problem = match &error {
        // Arguments the function could not read: the request's fault.
        wire::error::AppError::Transport(why) => {
            Problem::invalid_input(format!("{} ({why})", lang.texts().error_invalid_input))
        }
        other => Problem::from_app_error(other.clone(), lang),
    };
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut document = serde_json::to_value(&problem).unwrap_or_default();
    if let Some(members) = document.as_object_mut() {
        members.insert(
            "error".to_string(),
            serde_json::to_value(&error).unwrap_or_default(),
        );
    }
    let mut answer = (status, axum::Json(document)).into_response();
    let headers = answer.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    if let Some(path) = parts.headers.get("serverfnerror") {
        headers.insert("serverfnerror", path.clone());
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECS),
        );
    }
    answer
}
