//! Single sign-on with each organisation's OpenID Connect provider (the `openidconnect`
//! crate: authorisation code flow with PKCE, `state` and `nonce` checked, the ID token verified
//! against the provider's keys from its discovery document).
//!
//! | route | what |
//! | --- | --- |
//! | `GET /auth/oidc/{org}/start?next=PATH` | remembers the sign-in (`oidc_login`) and sends the browser to the provider |
//! | `GET /auth/oidc/{org}/callback?code=…&state=…` | the provider's answer: verified, the person matched ([`domain::sso`]), a session started |
//!
//! The sign-in in progress (the hash of `state`, the nonce, the PKCE verifier) lives in the
//! database, so any instance behind a load balancer finishes what another started; the
//! answer deletes it, so a replayed answer finds nothing. A refused answer leads back to the
//! sign-in page with `?sso=<reason>`, which says what happened; nothing personal is logged.
//!
//! The provider's metadata and keys are kept for `metadata_refresh_minutes`, and read again
//! at once when an ID token's signature does not verify with the keys known (a rotated key).
//! Sign-out of a session that began here continues at the provider's `end_session_endpoint`
//! where it has one (RP-initiated logout).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Utc;
use domain::audit::{self, Event};
use domain::sso::{Refusal, VerifiedClaims};
use entities::{oidc_login, oidc_session, organisation};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessToken, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, Client, ClientId,
    ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IdTokenFields, IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use super::extract::ClientIp;
use super::routes::{limited, session_for};
use crate::api::input::ApiPath;
use crate::problem::Problem;
use crate::settings::Secret;
use crate::settings::oidc::{OidcProvider, OidcSettings, OidcSettingsError};
use crate::web::WebState;

/// How long a sign-in may take at the provider.
const LOGIN_TTL_MINUTES: i64 = 10;

/// The claims of an ID token or the user info beyond the standard ones, kept as they come.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ExtraClaims(serde_json::Map<String, serde_json::Value>);

impl AdditionalClaims for ExtraClaims {}

type SsoIdTokenFields = IdTokenFields<
    ExtraClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

type SsoTokenResponse = StandardTokenResponse<SsoIdTokenFields, CoreTokenType>;

type SsoClient = Client<
    ExtraClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    SsoTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The providers of every organisation, built once at start-up.
#[derive(Clone, Default)]
pub struct Sso {
    providers: Arc<HashMap<String, Arc<Provider>>>,
    http: Option<openidconnect::reqwest::Client>,
}

impl std::fmt::Debug for Sso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sso")
            .field("organisations", &self.providers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// One organisation's provider: its settings, secret and the metadata read last.
struct Provider {
    settings: OidcProvider,
    secret: Option<Secret>,
    metadata: tokio::sync::Mutex<Option<(Instant, Arc<ProviderMetadataWithLogout>)>>,
}

/// Why single sign-on could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SsoSetupError {
    /// A provider's settings (its secret) cannot be used.
    #[error(transparent)]
    Settings(#[from] OidcSettingsError),
    /// The HTTP client could not be built.
    #[error("single sign-on: cannot build the HTTP client: {0}")]
    Http(String),
}

impl Sso {
    /// The providers of `settings`, their secrets read now.
    pub fn new(settings: &OidcSettings) -> Result<Sso, SsoSetupError> {
        if settings.providers.is_empty() {
            return Ok(Sso::default());
        }
        let mut providers = HashMap::new();
        for provider in &settings.providers {
            let secret = provider.client_secret()?;
            providers.insert(
                provider.organisation.clone(),
                Arc::new(Provider {
                    settings: provider.clone(),
                    secret,
                    metadata: tokio::sync::Mutex::new(None),
                }),
            );
        }
        // No redirects: a provider's answer is read as it is (the crate's advice against SSRF).
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|err| SsoSetupError::Http(err.to_string()))?;
        Ok(Sso {
            providers: Arc::new(providers),
            http: Some(http),
        })
    }

    /// The organisations with a provider and the labels of their buttons, for the sign-in page.
    pub fn buttons(&self) -> Vec<domain::sso::Configured> {
        let mut buttons: Vec<_> = self
            .providers
            .values()
            .map(|provider| domain::sso::Configured {
                organisation: provider.settings.organisation.clone(),
                label: provider.settings.button_label.clone(),
            })
            .collect();
        buttons.sort_by(|a, b| a.organisation.cmp(&b.organisation));
        buttons
    }

    fn provider(&self, slug: &str) -> Option<Arc<Provider>> {
        self.providers.get(slug).cloned()
    }
}

/// Why a sign-in through a provider did not work; each is a reason the sign-in page names.
#[derive(Debug)]
enum Failure {
    /// No sign-in in progress has this `state`: unknown, used already or expired.
    Expired,
    /// The provider said no (the person cancelled, or may not use Platzwahl).
    Denied,
    /// The provider cannot be reached, or its metadata is unusable.
    Unavailable,
    /// The provider's answer did not verify.
    NotVerified(&'static str),
    /// The identity signs nobody in here.
    Refused(Refusal),
}

impl Failure {
    fn reason(&self) -> &'static str {
        match self {
            Failure::Expired => "expired",
            Failure::Denied => "denied",
            Failure::Unavailable => "unavailable",
            Failure::NotVerified(_) => "failed",
            Failure::Refused(refusal) => match refusal {
                Refusal::Deactivated => "deactivated",
                Refusal::UnknownPerson | Refusal::OtherOrganisation => "unknown-person",
                Refusal::LinkedElsewhere | Refusal::Unusable(_) => "failed",
                Refusal::Database(_) => "unavailable",
            },
        }
    }

    /// The code for the audit log and the logs: no personal data.
    fn code(&self) -> &'static str {
        match self {
            Failure::Expired => "sso_state",
            Failure::Denied => "sso_denied",
            Failure::Unavailable => "sso_unavailable",
            Failure::NotVerified(why) => why,
            Failure::Refused(refusal) => match refusal {
                Refusal::UnknownPerson => "sso_unknown_person",
                Refusal::Deactivated => "sso_deactivated",
                Refusal::OtherOrganisation => "sso_other_organisation",
                Refusal::LinkedElsewhere => "sso_linked_elsewhere",
                Refusal::Unusable(_) => "sso_unusable_claims",
                Refusal::Database(_) => "sso_database",
            },
        }
    }
}

/// The single sign-on routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/auth/oidc/{org}/start", get(start))
        .route("/auth/oidc/{org}/callback", get(callback))
}

/// `?next=` of the start.
#[derive(Deserialize)]
struct StartQuery {
    next: Option<String>,
}

/// The provider's answer.
#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The sign-in page naming why single sign-on did not work.
fn back_to_sign_in(reason: &str) -> Response {
    Redirect::to(&format!("/sign-in?sso={reason}")).into_response()
}

/// The organisation `slug` with a configured provider, or 404.
async fn organisation_with_provider(
    state: &WebState,
    slug: &str,
) -> Result<(organisation::Model, Arc<Provider>), Problem> {
    let not_found = || Problem::not_found("No single sign-on for this organisation.");
    let provider = state.sso.provider(slug).ok_or_else(not_found)?;
    let org = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(&state.app.db)
        .await?
        .ok_or_else(not_found)?;
    Ok((org, provider))
}

/// The provider's metadata (with its keys): kept, read again when older than the setting or
/// when `force`d. Only an ID token that came from the provider's token endpoint (over the
/// back channel, for a code it accepted) forces it, so nobody outside can make Platzwahl read
/// the keys again and again.
async fn metadata(
    sso: &Sso,
    provider: &Provider,
    force: bool,
) -> Result<Arc<ProviderMetadataWithLogout>, Failure> {
    let http = sso.http.as_ref().ok_or(Failure::Unavailable)?;
    let mut kept = provider.metadata.lock().await;
    let max_age = Duration::from_secs(u64::from(provider.settings.metadata_refresh_minutes) * 60);
    if let Some((at, metadata)) = kept.as_ref()
        && !force
        && at.elapsed() < max_age
    {
        return Ok(metadata.clone());
    }
    let issuer =
        IssuerUrl::new(provider.settings.issuer.clone()).map_err(|_| Failure::Unavailable)?;
    let fresh = ProviderMetadataWithLogout::discover_async(issuer, http)
        .await
        .map_err(|err| {
            tracing::warn!(
                organisation = %provider.settings.organisation,
                error = %err,
                "single sign-on: the provider's metadata or keys cannot be read"
            );
            Failure::Unavailable
        })?;
    let fresh = Arc::new(fresh);
    *kept = Some((Instant::now(), fresh.clone()));
    Ok(fresh)
}

/// The client for `provider` with `metadata`, answering at this site's callback.
fn client(
    state: &WebState,
    provider: &Provider,
    metadata: &ProviderMetadataWithLogout,
) -> Result<SsoClient, Failure> {
    let mut callback = state.auth.public_url().clone();
    callback.set_path(&format!(
        "/auth/oidc/{}/callback",
        provider.settings.organisation
    ));
    callback.set_query(None);
    let redirect = RedirectUrl::from_url(callback);
    Ok(SsoClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(provider.settings.client_id.clone()),
        provider
            .secret
            .as_ref()
            .map(|secret| ClientSecret::new(secret.expose().to_string())),
    )
    .set_redirect_uri(redirect))
}

/// `GET /auth/oidc/{org}/start`: sends the browser to the organisation's provider.
async fn start(
    State(state): State<WebState>,
    ClientIp(client_ip): ClientIp,
    ApiPath(slug): ApiPath<String>,
    Query(query): Query<StartQuery>,
) -> Result<Response, Problem> {
    limited(&state, client_ip)?;
    let (org, provider) = organisation_with_provider(&state, &slug).await?;
    let metadata = match metadata(&state.sso, &provider, false).await {
        Ok(metadata) => metadata,
        Err(failure) => return Ok(back_to_sign_in(failure.reason())),
    };
    let client = match client(&state, &provider, &metadata) {
        Ok(client) => client,
        Err(failure) => return Ok(back_to_sign_in(failure.reason())),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge);
    for scope in &provider.settings.scopes {
        if scope != "openid" {
            request = request.add_scope(Scope::new(scope.clone()));
        }
    }
    let (url, csrf, nonce) = request.url();
    let next = query
        .next
        .filter(|next| wire::identity::is_local_path(next))
        .unwrap_or_else(|| "/".to_string());
    let now = Utc::now();
    // Sign-ins nobody finished are swept by the next one.
    oidc_login::Entity::delete_many()
        .filter(oidc_login::Column::ExpiresAt.lt(now))
        .exec(&state.app.db)
        .await?;
    oidc_login::ActiveModel {
        id: Set(domain::secret::hash(csrf.secret())),
        organisation_id: Set(org.id),
        nonce: Set(nonce.secret().clone()),
        pkce_verifier: Set(verifier.secret().clone()),
        next_path: Set(next),
        expires_at: Set(now + chrono::Duration::minutes(LOGIN_TTL_MINUTES)),
    }
    .insert(&state.app.db)
    .await?;
    let mut response = Redirect::to(url.as_str()).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// `GET /auth/oidc/{org}/callback`: the provider's answer; a session, or back to the sign-in
/// page saying why not.
async fn callback(
    State(state): State<WebState>,
    ClientIp(client_ip): ClientIp,
    ApiPath(slug): ApiPath<String>,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, Problem> {
    limited(&state, client_ip)?;
    let (org, provider) = organisation_with_provider(&state, &slug).await?;
    match finish(&state, &org, &provider, query).await {
        Ok((person, next)) => {
            let (session_id, cookie) = session_for(&state, &person).await?;
            oidc_session::ActiveModel {
                session_id: Set(session_id),
                organisation_id: Set(org.id),
            }
            .insert(&state.app.db)
            .await?;
            let mut response = Redirect::to(&next).into_response();
            if let Some(cookie) = cookie {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(failure) => {
            tracing::info!(
                organisation = %slug,
                reason = %failure.code(),
                "single sign-on refused"
            );
            audit::record(
                &state.app.db,
                Event::SignInFailed,
                None,
                Some(org.id),
                None,
                Some(failure.code()),
            )
            .await;
            Ok(back_to_sign_in(failure.reason()))
        }
    }
}

/// Verifies the provider's answer and finds the person; the sign-in's next path.
async fn finish(
    state: &WebState,
    org: &organisation::Model,
    provider: &Provider,
    query: CallbackQuery,
) -> Result<(entities::person::Model, String), Failure> {
    let Some(csrf) = query.state.filter(|s| !s.is_empty() && s.len() <= 512) else {
        return Err(Failure::Expired);
    };
    // Taken out first, whatever follows: the answer is used once.
    let login = take_login(state, org.id, &csrf).await?;
    if query.error.is_some() {
        return Err(Failure::Denied);
    }
    let Some(code) = query.code.filter(|c| !c.is_empty()) else {
        return Err(Failure::NotVerified("sso_no_code"));
    };
    let metadata = metadata(&state.sso, provider, false).await?;
    let client = client(state, provider, &metadata)?;
    let http = state.sso.http.as_ref().ok_or(Failure::Unavailable)?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|_| Failure::Unavailable)?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
        .request_async(http)
        .await
        .map_err(|err| {
            tracing::info!(error = %err, "single sign-on: the code was not exchanged");
            Failure::NotVerified("sso_code_refused")
        })?;
    let id_token = tokens
        .id_token()
        .ok_or(Failure::NotVerified("sso_no_id_token"))?;
    let nonce = Nonce::new(login.nonce.clone());
    let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
        Ok(claims) => claims.clone(),
        Err(ClaimsVerificationError::SignatureVerification(_)) => {
            // Perhaps a key the provider rotated in since its keys were read: read them again.
            tracing::info!(
                organisation = %org.slug,
                "single sign-on: the ID token's key is not among those read; reading the provider's keys again"
            );
            let fresh = self::metadata(&state.sso, provider, true).await?;
            let client = self::client(state, provider, &fresh)?;
            id_token
                .claims(&client.id_token_verifier(), &nonce)
                .map_err(verification_failure)?
                .clone()
        }
        Err(err) => return Err(verification_failure(err)),
    };
    let mut values = serde_json::to_value(&claims)
        .ok()
        .and_then(|value| match value {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        })
        .unwrap_or_default();
    let settings = &provider.settings;
    let wanted = [
        Some(settings.email_claim.as_str()),
        Some(settings.groups_claim.as_str()),
        Some(settings.name_claim.as_str()),
        settings.unit_claim.as_deref(),
    ];
    if wanted
        .iter()
        .flatten()
        .any(|claim| !values.contains_key(*claim))
    {
        // Many providers put only `sub` into the ID token; the rest comes from the user info,
        // which must name the same subject.
        if let Ok(request) = client.user_info(
            AccessToken::new(tokens.access_token().secret().clone()),
            Some(claims.subject().clone()),
        ) {
            let info: Result<openidconnect::UserInfoClaims<ExtraClaims, CoreGenderClaim>, _> =
                request.request_async(http).await;
            match info {
                Ok(info) => {
                    if let Ok(serde_json::Value::Object(extra)) = serde_json::to_value(&info) {
                        for (key, value) in extra {
                            values.entry(key).or_insert(value);
                        }
                    }
                }
                Err(err) => {
                    tracing::info!(error = %err, "single sign-on: the user info was not read");
                }
            }
        }
    }
    let verified = VerifiedClaims {
        issuer: claims.issuer().to_string(),
        subject: claims.subject().to_string(),
        email: text_claim(&values, &settings.email_claim),
        email_verified: values
            .get("email_verified")
            .and_then(serde_json::Value::as_bool),
        name: text_claim(&values, &settings.name_claim),
        unit: settings
            .unit_claim
            .as_deref()
            .and_then(|claim| text_claim(&values, claim)),
        groups: list_claim(&values, &settings.groups_claim),
    };
    let person = domain::sso::match_person(&state.app.db, org.id, &verified, settings.just_in_time)
        .await
        .map_err(Failure::Refused)?;
    Ok((person, login.next_path))
}

fn verification_failure(err: ClaimsVerificationError) -> Failure {
    let code = match err {
        ClaimsVerificationError::Expired(_) => "sso_token_expired",
        ClaimsVerificationError::InvalidAudience(_) => "sso_wrong_audience",
        ClaimsVerificationError::InvalidIssuer(_) => "sso_wrong_issuer",
        ClaimsVerificationError::InvalidNonce(_) => "sso_wrong_nonce",
        ClaimsVerificationError::SignatureVerification(_) => "sso_bad_signature",
        _ => "sso_not_verified",
    };
    Failure::NotVerified(code)
}

/// Takes the sign-in in progress of `csrf` out of the database: gone afterwards, whether or
/// not what follows works; [`Failure::Expired`] if there is none (any more) or it has expired.
async fn take_login(
    state: &WebState,
    organisation_id: i32,
    csrf: &str,
) -> Result<oidc_login::Model, Failure> {
    let id = domain::secret::hash(csrf);
    let db = &state.app.db;
    let unavailable = |_| Failure::Unavailable;
    let login = oidc_login::Entity::find_by_id(id.clone())
        .one(db)
        .await
        .map_err(unavailable)?
        .ok_or(Failure::Expired)?;
    let taken = oidc_login::Entity::delete_many()
        .filter(oidc_login::Column::Id.eq(id))
        .exec(db)
        .await
        .map_err(unavailable)?;
    // Another request (another instance) took it first: this one is a replay.
    if taken.rows_affected != 1 {
        return Err(Failure::Expired);
    }
    if login.organisation_id != organisation_id || login.expires_at <= Utc::now() {
        return Err(Failure::Expired);
    }
    Ok(login)
}

/// A claim that is a string (or a number), trimmed; `None` if missing or empty.
fn text_claim(values: &serde_json::Map<String, serde_json::Value>, name: &str) -> Option<String> {
    match values.get(name)? {
        serde_json::Value::String(text) => Some(text.trim().to_string()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
    .filter(|text| !text.is_empty())
}

/// A claim that is a list of strings (or one string).
fn list_claim(values: &serde_json::Map<String, serde_json::Value>, name: &str) -> Vec<String> {
    match values.get(name) {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str())
            .map(|item| item.trim().to_string())
            .filter(|item| !item.is_empty())
            .collect(),
        Some(serde_json::Value::String(text)) if !text.trim().is_empty() => {
            vec![text.trim().to_string()]
        }
        _ => Vec::new(),
    }
}

/// Where to go after ending session `session_id`: the provider's end-session endpoint if the
/// session began at a provider that has one (RP-initiated logout), coming back to the sign-in
/// page; `None`: straight to the sign-in page.
pub(crate) async fn logout_url(state: &WebState, session_id: i32) -> Option<String> {
    let row = oidc_session::Entity::find_by_id(session_id)
        .one(&state.app.db)
        .await
        .ok()??;
    let org = organisation::Entity::find_by_id(row.organisation_id)
        .one(&state.app.db)
        .await
        .ok()??;
    let provider = state.sso.provider(&org.slug)?;
    let metadata = metadata(&state.sso, &provider, false).await.ok()?;
    let end_session = metadata
        .additional_metadata()
        .end_session_endpoint
        .clone()?;
    let mut back = state.auth.public_url().clone();
    back.set_path("/sign-in");
    back.set_query(None);
    let url = LogoutRequest::from(end_session)
        .set_client_id(ClientId::new(provider.settings.client_id.clone()))
        .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(back))
        .http_get_url();
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_as_text_or_lists_and_empty_ones_are_missing() {
        let values = serde_json::json!({
            "email": " a@example.org ",
            "unit": 40,
            "groups": ["g1", " ", "g2", 3],
            "one": "solo",
            "empty": "  ",
        });
        let values = values.as_object().cloned().unwrap_or_default();
        assert_eq!(
            text_claim(&values, "email").as_deref(),
            Some("a@example.org")
        );
        assert_eq!(text_claim(&values, "unit").as_deref(), Some("40"));
        assert_eq!(text_claim(&values, "empty"), None);
        assert_eq!(text_claim(&values, "missing"), None);
        assert_eq!(list_claim(&values, "groups"), vec!["g1", "g2"]);
        assert_eq!(list_claim(&values, "one"), vec!["solo"]);
        assert!(list_claim(&values, "missing").is_empty());
    }
}
