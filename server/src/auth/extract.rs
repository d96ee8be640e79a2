//! Axum extractors for the caller the authentication layer resolved.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::auth::{Caller, Device, Permission, Principal};

use crate::problem::Problem;

/// A signed-in person (session or personal access token); 401 otherwise.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

impl Authenticated {
    /// The person, if they may do `permission`; 403 otherwise.
    pub fn require(self, permission: Permission) -> Result<Principal, Problem> {
        self.0.require(permission).map_err(Problem::from)?;
        Ok(self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Caller>() {
            Some(Caller::Person(principal)) => Ok(Authenticated(principal.clone())),
            Some(Caller::Device(_)) => Err(Problem::forbidden()),
            None => Err(Problem::unauthorized()),
        }
    }
}

/// A badge reader or kiosk with a device token; 401 otherwise.
#[derive(Debug, Clone)]
pub struct AuthenticatedDevice(pub Device);

impl<S: Send + Sync> FromRequestParts<S> for AuthenticatedDevice {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Caller>() {
            Some(Caller::Device(device)) => Ok(AuthenticatedDevice(device.clone())),
            Some(Caller::Person(_)) => Err(Problem::forbidden()),
            None => Err(Problem::unauthorized()),
        }
    }
}
