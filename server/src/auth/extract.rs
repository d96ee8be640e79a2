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

/// The client's address: the peer, or behind a trusted reverse proxy the address its
/// `X-Forwarded-For` names (see [`client_address`]). Set by the authentication layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ClientIp>()
            .copied()
            .ok_or_else(Problem::internal)
    }
}

/// Who is really asking: `peer` unless it is one of the `trusted` proxies; then the right-most
/// address of `X-Forwarded-For` that is not itself a trusted proxy (a client can put anything
/// at the left of the header, so only what the proxies appended is believed).
pub fn client_address(
    peer: std::net::IpAddr,
    forwarded_for: Option<&str>,
    trusted: &[ipnet::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    forwarded_for
        .into_iter()
        .flat_map(|header| header.rsplit(','))
        .map_while(|entry| entry.trim().parse::<std::net::IpAddr>().ok())
        .find(|ip| !is_trusted(ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::client_address;

    #[test]
    fn only_what_trusted_proxies_appended_to_x_forwarded_for_is_believed() {
        let proxy: std::net::IpAddr = "10.0.0.5".parse().unwrap_or(std::net::IpAddr::from([0; 4]));
        let trusted = vec!["10.0.0.0/24".parse().unwrap_or_default()];
        let ip = |s: &str| {
            s.parse::<std::net::IpAddr>()
                .unwrap_or(std::net::IpAddr::from([0; 4]))
        };
        // Behind the proxy: the client it names.
        assert_eq!(
            client_address(proxy, Some("203.0.113.7"), &trusted),
            ip("203.0.113.7")
        );
        // A forged entry at the left is ignored; the right-most untrusted one counts.
        assert_eq!(
            client_address(proxy, Some("1.2.3.4, 203.0.113.7, 10.0.0.6"), &trusted),
            ip("203.0.113.7")
        );
        // Not from a trusted proxy: the header is not believed.
        assert_eq!(
            client_address(ip("198.51.100.1"), Some("1.2.3.4"), &trusted),
            ip("198.51.100.1")
        );
        // Garbage or nothing: the proxy itself.
        assert_eq!(client_address(proxy, Some("unknown"), &trusted), proxy);
        assert_eq!(client_address(proxy, None, &trusted), proxy);
        assert_eq!(client_address(proxy, Some("203.0.113.7"), &[]), proxy);
    }
}
