//! The one error type a person may see; internal causes are logged where they are converted.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::Refusal;

/// What went wrong, as far as the person using Platzwahl needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The floor, desk or room asked for does not exist.
    #[error("not found")]
    NotFound,
    /// Nobody is signed in, or the session has expired.
    #[error("not signed in")]
    Unauthorized,
    /// The signed-in person may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Something failed inside the server; the cause is in the server log.
    #[error("internal error")]
    Internal,
    /// The database cannot be reached for a moment (it restarts, or every connection is
    /// busy): nothing was changed, and the same request may be sent again shortly.
    #[error("unavailable")]
    Unavailable,
    /// The request did not reach the server function or its answer could not be read.
    #[error("transport: {0}")]
    Transport(String),
    /// A booking or cancellation was refused by a rule or lost a race.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// This step (adding a passkey, a token with the `admin` scope, changing roles) needs the
    /// person to confirm with their passkey first, within the last five minutes.
    #[error("step-up required")]
    StepUpRequired,
    /// The request is malformed (such as an empty weekday list); the text says what, in English.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The request is well-formed, but a value breaks a rule (such as a policy allowing more
    /// days ahead than any may); the text names the field and the rule, in English.
    #[error("out of range: {0}")]
    OutOfRange(String),
    /// The request conflicts with what is stored (such as a second plan while one waits); the
    /// text says what, in English.
    #[error("conflict: {0}")]
    Conflict(String),
}

impl AppError {
    /// The message shown to a person, in their language.
    pub fn message(&self, lang: Lang) -> &'static str {
        let t = lang.texts();
        match self {
            AppError::NotFound => t.error_not_found,
            AppError::Unauthorized => t.error_unauthorized,
            AppError::Forbidden => t.error_forbidden,
            AppError::Internal => t.error_internal,
            AppError::Unavailable => t.error_unavailable,
            AppError::Transport(_) => t.error_transport,
            AppError::Refused(refusal) => refusal.message(lang),
            AppError::InvalidInput(_) | AppError::OutOfRange(_) => t.error_invalid_input,
            AppError::Conflict(_) => t.error_conflict,
            AppError::StepUpRequired => t.error_step_up,
        }
    }

    /// [`AppError::message`] with the numbers that explain a refusal ([`Refusal::detail`]).
    pub fn detail(&self, lang: Lang) -> String {
        match self {
            AppError::Refused(refusal) => refusal.detail(lang),
            other => other.message(lang).to_owned(),
        }
    }
}

#[cfg(feature = "server-fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = ErrorEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// How a server function's error crosses the wire: the server sends the error as JSON, and
/// turns it into an RFC 9457 problem document with the error as its `error` member (the
/// server's `problem::server_fn_problems`); the browser reads either.
#[cfg(feature = "server-fn")]
#[derive(Debug, Clone, Copy)]
pub struct ErrorEncoding;

#[cfg(feature = "server-fn")]
impl server_fn::ContentType for ErrorEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

#[cfg(feature = "server-fn")]
impl server_fn::FormatType for ErrorEncoding {
    const FORMAT_TYPE: server_fn::Format = server_fn::Format::Text;
}

#[cfg(feature = "server-fn")]
impl server_fn::Encodes<AppError> for ErrorEncoding {
    type Error = serde_json::Error;

    fn encode(output: &AppError) -> Result<server_fn::Bytes, Self::Error> {
        serde_json::to_vec(output).map(server_fn::Bytes::from)
    }
}

#[cfg(feature = "server-fn")]
impl server_fn::Decodes<AppError> for ErrorEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: server_fn::Bytes) -> Result<AppError, Self::Error> {
        /// A problem document carrying the error.
        #[derive(Deserialize)]
        struct Problem {
            error: AppError,
        }
        serde_json::from_slice::<Problem>(&bytes)
            .map(|problem| problem.error)
            .or_else(|_| serde_json::from_slice(&bytes))
    }
}

#[cfg(feature = "db")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if unavailable(&err) {
            tracing::warn!(error = %err, "the database is unavailable");
            return AppError::Unavailable;
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// Whether `err` says the database could not be reached (no connection, a lost one, a
/// pool with none free in time) rather than that a statement failed.
#[cfg(feature = "db")]
pub fn unavailable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(cause)) | DbErr::Query(RuntimeErr::SqlxError(cause)) => {
            matches!(
                cause.as_ref(),
                Sqlx::Io(_)
                    | Sqlx::Tls(_)
                    | Sqlx::PoolTimedOut
                    | Sqlx::PoolClosed
                    | Sqlx::WorkerCrashed
            )
        }
        _ => false,
    }
}
