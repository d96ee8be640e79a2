//! The TLS client configuration for `mqtts://`: trusted roots (system or CA file) and an
//! optional client certificate.

use std::path::Path;
use std::sync::Arc;

use rumqttc::tokio_rustls::rustls;

use super::{MqttSettings, MqttSetupError};

/// The rustls client configuration for `mqtts://`, with an explicit crypto provider (the
/// process default if one is installed, else aws-lc-rs), so that it works whichever rustls
/// features the rest of the program enables.
pub(super) fn tls_config(settings: &MqttSettings) -> Result<rustls::ClientConfig, MqttSetupError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let client_files = match (&settings.client_cert_file, &settings.client_key_file) {
        (None, None) => None,
        (Some(cert), Some(key)) => Some((cert, key)),
        _ => return Err(MqttSetupError::HalfClientAuth),
    };
    let mut roots = rustls::RootCertStore::empty();
    match &settings.ca_file {
        Some(path) => {
            let pem = read(path)?;
            let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
                .filter_map(Result::ok)
                .collect();
            roots.add_parsable_certificates(certificates);
            if roots.is_empty() {
                return Err(MqttSetupError::NoPem {
                    path: path.clone(),
                    what: "CA certificate",
                });
            }
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            if !native.errors.is_empty() {
                tracing::warn!(
                    errors = native.errors.len(),
                    "some system root certificates could not be loaded"
                );
            }
            roots.add_parsable_certificates(native.certs);
            if roots.is_empty() {
                return Err(MqttSetupError::NoRootCertificates);
            }
        }
    }
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots);
    match client_files {
        None => Ok(builder.with_no_client_auth()),
        Some((cert_path, key_path)) => {
            let pem = read(cert_path)?;
            let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
                .filter_map(Result::ok)
                .collect();
            if chain.is_empty() {
                return Err(MqttSetupError::NoPem {
                    path: cert_path.clone(),
                    what: "client certificate",
                });
            }
            let key = PrivateKeyDer::from_pem_slice(&read(key_path)?).map_err(|_| {
                MqttSetupError::NoPem {
                    path: key_path.clone(),
                    what: "private key",
                }
            })?;
            Ok(builder.with_client_auth_cert(chain, key)?)
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, MqttSetupError> {
    std::fs::read(path).map_err(|source| MqttSetupError::ReadFile {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DecoderConfig;
    use crate::ingest::Ingestor;

    #[test]
    fn tls_settings_with_a_missing_ca_file_say_which_file() {
        let settings = MqttSettings {
            url: "mqtts://broker.example".into(),
            ca_file: Some("/nonexistent/ca.pem".into()),
            ..MqttSettings::default()
        };
        let error = Ingestor::new(&settings, DecoderConfig::default())
            .map(|_| ())
            .map_err(|e| e.to_string())
            .err()
            .unwrap_or_default();
        assert!(error.contains("/nonexistent/ca.pem"), "{error}");
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused() -> Result<(), std::io::Error> {
        let path =
            std::env::temp_dir().join(format!("platzwahl-empty-ca-{}.pem", std::process::id()));
        std::fs::write(&path, "not a certificate")?;
        let settings = MqttSettings {
            url: "mqtts://broker.example".into(),
            ca_file: Some(path.clone()),
            ..MqttSettings::default()
        };
        let result = Ingestor::new(&settings, DecoderConfig::default());
        std::fs::remove_file(&path)?;
        assert!(matches!(result, Err(MqttSetupError::NoPem { .. })));
        Ok(())
    }

    #[test]
    fn half_a_client_certificate_is_refused() {
        let settings = MqttSettings {
            url: "mqtts://broker.example".into(),
            client_cert_file: Some("cert.pem".into()),
            ..MqttSettings::default()
        };
        assert!(matches!(
            Ingestor::new(&settings, DecoderConfig::default()),
            Err(MqttSetupError::HalfClientAuth)
        ));
    }
}
