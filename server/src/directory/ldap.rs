//! Reading an organisation's people from its LDAP directory (`ldap3`, TLS by rustls): bind,
//! one paged subtree search with the configured filter, each entry turned into a
//! [`domain::directory::Entry`]. Any failure (unreachable, TLS, bind, filter, base DN) is an
//! error; nothing partial is ever returned.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use domain::directory::Entry;
use domain::organisation_file::Progress;
use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
use ldap3::{LdapConnAsync, LdapConnSettings, LdapError, ResultEntry, Scope, SearchEntry};

use crate::settings::{DirectorySettings, SettingsError, Transport};

/// Why the directory could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// The settings (the password file, say) are not usable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The CA file is not usable.
    #[error("directories[{organisation}].ca_file: {why}")]
    CaFile {
        /// The organisation's slug.
        organisation: String,
        /// What is wrong.
        why: String,
    },
    /// The directory could not be reached, or TLS failed.
    #[error("cannot reach the directory at {url}: {why}")]
    Unreachable {
        /// Its URL.
        url: String,
        /// What failed.
        why: String,
    },
    /// The directory refused the bind.
    #[error("the directory refused the bind as {dn}: {why}")]
    Bind {
        /// The bind DN (`anonymous` for none).
        dn: String,
        /// What it said.
        why: String,
    },
    /// The filter is not an LDAP filter.
    #[error("directories[{organisation}].filter: {filter:?} is not an LDAP filter (RFC 4515)")]
    Filter {
        /// The organisation's slug.
        organisation: String,
        /// The filter.
        filter: String,
    },
    /// The search failed (an unknown base DN, a filter the directory refused, a limit).
    #[error("the search below {base} failed: {why}")]
    Search {
        /// The base DN.
        base: String,
        /// What the directory said.
        why: String,
    },
    /// The directory took longer than `timeout_secs`.
    #[error("the directory did not answer within {0} s (timeout_secs)")]
    Timeout(u32),
}

/// Every entry below the base DN that the filter selects, read over one connection.
pub async fn read(
    directory: &DirectorySettings,
    progress: &dyn Progress,
) -> Result<Vec<Entry>, DirectoryError> {
    let password = directory.bind_password()?;
    let transport = directory.transport()?;
    let timeout = Duration::from_secs(u64::from(directory.timeout_secs));
    let mut settings = LdapConnSettings::new().set_conn_timeout(timeout);
    if transport != Transport::Plain {
        settings = settings.set_config(Arc::new(tls_config(directory)?));
    }
    if transport == Transport::StartTls {
        settings = settings.set_starttls(true);
    }
    let unreachable = |err: LdapError| DirectoryError::Unreachable {
        url: directory.url.clone(),
        why: err.to_string(),
    };
    let (connection, mut ldap) = tokio::time::timeout(
        timeout,
        LdapConnAsync::with_settings(settings, &directory.url),
    )
    .await
    .map_err(|_| DirectoryError::Timeout(directory.timeout_secs))?
    .map_err(unreachable)?;
    let driver = tokio::spawn(async move {
        if let Err(err) = connection.drive().await {
            tracing::debug!(error = %err, "the directory connection ended");
        }
    });
    let result = search(directory, &mut ldap, password, progress, timeout).await;
    // Polite, but the result does not depend on it.
    let _ = tokio::time::timeout(timeout, ldap.unbind()).await;
    driver.abort();
    result
}

async fn search(
    directory: &DirectorySettings,
    ldap: &mut ldap3::Ldap,
    password: Option<crate::settings::Secret>,
    progress: &dyn Progress,
    timeout: Duration,
) -> Result<Vec<Entry>, DirectoryError> {
    let timed_out = |_| DirectoryError::Timeout(directory.timeout_secs);
    if let (Some(dn), Some(password)) = (&directory.bind_dn, &password) {
        let bound = tokio::time::timeout(timeout, ldap.simple_bind(dn, password.expose()))
            .await
            .map_err(timed_out)?;
        let refused = |why: String| DirectoryError::Bind {
            dn: dn.clone(),
            why,
        };
        match bound {
            Ok(result) => {
                result.success().map_err(|err| refused(err.to_string()))?;
            }
            Err(err @ LdapError::LdapResult { .. }) => return Err(refused(err.to_string())),
            Err(err) => {
                return Err(DirectoryError::Unreachable {
                    url: directory.url.clone(),
                    why: err.to_string(),
                });
            }
        }
    }
    let attributes = attributes(directory);
    let adapters: Vec<Box<dyn Adapter<'_, String, Vec<String>>>> = vec![
        Box::new(EntriesOnly::new()),
        Box::new(PagedResults::new(
            i32::try_from(directory.page_size).unwrap_or(i32::MAX),
        )),
    ];
    let searched = |err: LdapError| match err {
        LdapError::FilterParsing => DirectoryError::Filter {
            organisation: directory.organisation.clone(),
            filter: directory.filter.clone(),
        },
        LdapError::LdapResult { result } => DirectoryError::Search {
            base: directory.base_dn.clone(),
            why: result.to_string(),
        },
        other => DirectoryError::Unreachable {
            url: directory.url.clone(),
            why: other.to_string(),
        },
    };
    let mut stream = tokio::time::timeout(
        timeout,
        ldap.streaming_search_with(
            adapters,
            &directory.base_dn,
            Scope::Subtree,
            &directory.filter,
            attributes,
        ),
    )
    .await
    .map_err(timed_out)?
    .map_err(searched)?;
    progress.stage("reading", 0);
    let mut entries = Vec::new();
    while let Some(found) = tokio::time::timeout(timeout, stream.next())
        .await
        .map_err(timed_out)?
        .map_err(searched)?
    {
        let Some(found) = construct(found) else {
            return Err(DirectoryError::Search {
                base: directory.base_dn.clone(),
                why: "the directory sent an entry that cannot be read".to_owned(),
            });
        };
        entries.push(entry(directory, &found));
        progress.advance(1);
    }
    let done = tokio::time::timeout(timeout, stream.finish())
        .await
        .map_err(timed_out)?;
    done.success().map_err(searched)?;
    Ok(entries)
}

/// The entry's attributes, or `None` when its encoding is broken (the library panics on it).
fn construct(found: ResultEntry) -> Option<SearchEntry> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        SearchEntry::construct(found)
    }))
    .ok()
}

/// The attributes to ask for.
fn attributes(directory: &DirectorySettings) -> Vec<String> {
    let mut names: Vec<String> = [
        &directory.key_attribute,
        &directory.name_attribute,
        &directory.given_name_attribute,
        &directory.surname_attribute,
        &directory.email_attribute,
        &directory.unit_attribute,
        &directory.badge_attribute,
        &directory.groups_attribute,
    ]
    .into_iter()
    .filter(|name| !name.trim().is_empty())
    .cloned()
    .collect();
    names.push("cn".to_owned());
    names.sort();
    names.dedup();
    names
}

/// The values of `attribute` (its name compared ignoring case, as LDAP does); binary values
/// (such as Active Directory's `objectGUID`) in lower-case hexadecimal.
fn values(found: &SearchEntry, attribute: &str) -> Vec<String> {
    if attribute.trim().is_empty() {
        return Vec::new();
    }
    let mut out: Vec<String> = found
        .attrs
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case(attribute))
        .flat_map(|(_, values)| values.iter().cloned())
        .collect();
    out.extend(
        found
            .bin_attrs
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case(attribute))
            .flat_map(|(_, values)| values.iter())
            .map(|bytes| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()),
    );
    out.retain(|value| !value.trim().is_empty());
    out
}

fn first(found: &SearchEntry, attribute: &str) -> Option<String> {
    values(found, attribute)
        .into_iter()
        .next()
        .map(|v| v.trim().to_owned())
}

/// A directory entry as the sync compares it.
fn entry(directory: &DirectorySettings, found: &SearchEntry) -> Entry {
    let given = first(found, &directory.given_name_attribute);
    let surname = first(found, &directory.surname_attribute);
    let joined = match (given, surname) {
        (Some(g), Some(s)) => Some(format!("{g} {s}")),
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    };
    let name = first(found, &directory.name_attribute)
        .or(joined)
        .or_else(|| first(found, "cn"))
        .and_then(|name| domain::account::clean_name(&name).ok());
    let email = first(found, &directory.email_attribute)
        .and_then(|email| domain::people_admin::edit::clean_email(&email).ok());
    let badges = (!directory.badge_attribute.trim().is_empty()).then(|| {
        values(found, &directory.badge_attribute)
            .iter()
            .map(|badge| badge.trim())
            .filter(|badge| badge.chars().count() <= domain::badges::MAX_BADGE_LEN)
            .map(domain::checkin::badge_hash)
            .collect::<BTreeSet<String>>()
    });
    Entry {
        dn: found.dn.clone(),
        key: first(found, &directory.key_attribute),
        name,
        email,
        unit: first(found, &directory.unit_attribute),
        badges,
        groups: values(found, &directory.groups_attribute),
    }
}

/// The TLS client configuration: the system's roots, or those of `ca_file`.
fn tls_config(directory: &DirectorySettings) -> Result<rustls::ClientConfig, DirectoryError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;

    let ca_error = |why: String| DirectoryError::CaFile {
        organisation: directory.organisation.clone(),
        why,
    };
    let mut roots = rustls::RootCertStore::empty();
    match &directory.ca_file {
        Some(path) => {
            let pem = std::fs::read(path)
                .map_err(|err| ca_error(format!("cannot read {}: {err}", path.display())))?;
            let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
                .filter_map(Result::ok)
                .collect();
            roots.add_parsable_certificates(certificates);
            if roots.is_empty() {
                return Err(ca_error(format!(
                    "{} holds no PEM certificate",
                    path.display()
                )));
            }
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(native.certs);
            if roots.is_empty() {
                return Err(ca_error(
                    "the system has no root certificates; name a CA file".to_owned(),
                ));
            }
        }
    }
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| ca_error(err.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
