//! The `#[server]` function of single sign-on: which organisations' providers the sign-in page
//! offers. Signing in through them is plain links and redirects (`/auth/oidc/{org}/start`),
//! which work without JavaScript.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::sso::SsoProvider;

#[cfg(feature = "ssr")]
use crate::api::context;

/// The organisations whose people may sign in at their own identity provider.
#[server(endpoint = "sso_providers")]
pub async fn sso_providers() -> Result<Vec<SsoProvider>, AppError> {
    let context = context()?;
    Ok(crate::services::sso::providers(&context.db, &context.single_sign_on).await?)
}
