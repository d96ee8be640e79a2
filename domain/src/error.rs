//! What a service reports when it does not do what was asked: [`Error`]. It keeps the internal
//! cause (a database error) instead of logging it; the edge — the pages' server functions and
//! the REST API — turns it into what a person may see ([`AppError`]) in one place,
//! `From<Error> for AppError`, where the cause is logged.

use sea_orm::DbErr;
use wire::error::AppError;
use wire::model::Refusal;

/// Why a service did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The floor, desk, room, person or record asked for does not exist (for this caller).
    #[error("not found")]
    NotFound,
    /// The caller may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The step needs a passkey confirmation within the last five minutes.
    #[error("step-up required")]
    StepUpRequired,
    /// A rule refused it, or it lost a race.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// The request is malformed; the text says what, in English.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The request is well-formed, but a value breaks a rule (such as a policy allowing more
    /// days ahead than any may); the text names the field and the rule, in English.
    #[error("out of range: {0}")]
    OutOfRange(String),
    /// It conflicts with what is stored; the text says what, in English.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Something failed inside (logged where it happened).
    #[error("internal error")]
    Internal,
    /// The database failed or cannot be reached.
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl From<Error> for AppError {
    fn from(err: Error) -> Self {
        match err {
            Error::NotFound => AppError::NotFound,
            Error::Forbidden => AppError::Forbidden,
            Error::StepUpRequired => AppError::StepUpRequired,
            Error::Refused(refusal) => AppError::Refused(refusal),
            Error::InvalidInput(why) => AppError::InvalidInput(why),
            Error::OutOfRange(why) => AppError::OutOfRange(why),
            Error::Conflict(why) => AppError::Conflict(why),
            Error::Internal => AppError::Internal,
            // Logged here, once: unavailable (a warning) or internal (an error).
            Error::Database(err) => AppError::from(err),
        }
    }
}

/// Errors are equal when they say the same; database errors by their text (the driver's error
/// has no equality of its own).
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Error::Refused(a), Error::Refused(b)) => a == b,
            (Error::InvalidInput(a), Error::InvalidInput(b))
            | (Error::OutOfRange(a), Error::OutOfRange(b)) => a == b,
            (Error::Conflict(a), Error::Conflict(b)) => a == b,
            (Error::Database(a), Error::Database(b)) => a.to_string() == b.to_string(),
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}
