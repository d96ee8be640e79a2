//! The domain services, as the server functions of the pages reach them, and who is calling.
//!
//! Everything of the `domain` crate under one name; [`auth`] adds what only a server function
//! knows: the caller of the current request, read from Leptos' request context.

pub use domain::*;

/// The authorization matrix of the domain, and the caller of the current server function.
pub mod auth {
    pub use domain::auth::*;

    use crate::error::AppError;

    /// The caller of the current server function or page render, if signed in.
    pub fn caller() -> Option<Caller> {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Caller>().cloned())
    }

    /// The signed-in person of the current server function, allowed to do `permission`:
    /// [`AppError::Unauthorized`] when nobody is signed in, [`AppError::Forbidden`] when the
    /// person may not.
    pub fn require(permission: Permission) -> Result<Principal, AppError> {
        match caller() {
            Some(Caller::Person(principal)) => {
                principal.require(permission)?;
                Ok(principal)
            }
            Some(Caller::Device(_)) => Err(AppError::Forbidden),
            None => Err(AppError::Unauthorized),
        }
    }
}
