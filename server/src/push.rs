//! The push task: sends the web push messages queued in the database ([`domain::push`]) to the
//! browsers' push services (RFC 8030), encrypted for the browser (RFC 8291, `aes128gcm`, by
//! `web-push-native`) and signed by this server (VAPID, RFC 8292: an ES256 JWT signed here with
//! `p256`).
//!
//! [`Pusher::start`] is called once at start-up when `[push]` names a contact: it takes the
//! VAPID key pair from the database, storing a new one if there is none (every instance gets
//! the same). Every `push.poll_secs` the task claims the due messages (a compare-and-swap that
//! one instance wins), renders each in the person's language and sends it: 200/201/202 mark it
//! sent; 404/410 (the browser unsubscribed) delete the subscription; 400/413 and other refusals
//! give it up; 429, 5xx and network failures queue it again after an exponential back-off, up
//! to `push.max_attempts`. Nothing it logs or stores names an endpoint or a payload: ids only.
//! Endpoints are checked against `push.endpoint_hosts` when a browser subscribes and again
//! before every request, and redirects are not followed.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use p256::ecdsa::signature::Signer as _;
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::watch;

use crate::settings::push::PushSettings;

/// How many messages one claim takes.
const BATCH: u64 = 20;

/// How long a VAPID signature holds (RFC 8292 allows at most 24 hours).
const VAPID_VALIDITY_SECS: i64 = 12 * 3600;

/// Sends queued push messages; also what the API needs (the public key, the endpoint check).
#[derive(Clone)]
pub struct Pusher {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    signing: p256::ecdsa::SigningKey,
    public_key: String,
    contact: String,
    public_url: String,
    settings: PushSettings,
}

impl std::fmt::Debug for Pusher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pusher")
            .field("public_key", &self.inner.public_key)
            .finish_non_exhaustive()
    }
}

/// A fresh key pair: the private scalar and the public point, both base64url.
fn new_key_pair() -> anyhow::Result<(String, String)> {
    for _ in 0..16 {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("push: no randomness: {err}"))?;
        if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
            let public = secret.public_key().to_encoded_point(false);
            return Ok((
                URL_SAFE_NO_PAD.encode(bytes),
                URL_SAFE_NO_PAD.encode(public.as_bytes()),
            ));
        }
    }
    anyhow::bail!("push: could not make a VAPID key")
}

impl Pusher {
    /// The pusher of `settings`, with the key pair kept in the database; `None` when push is
    /// off (no `contact`). Links in the messages are paths under `public_url`.
    pub async fn start(
        db: &DatabaseConnection,
        settings: &PushSettings,
        public_url: &str,
    ) -> anyhow::Result<Option<Pusher>> {
        let Some(contact) = settings.contact() else {
            return Ok(None);
        };
        let (private, public) = domain::push::vapid_key(db, new_key_pair()?, Utc::now()).await?;
        let scalar = URL_SAFE_NO_PAD
            .decode(private.as_bytes())
            .map_err(|_| anyhow::anyhow!("push: the stored VAPID key is not base64url"))?;
        let signing = p256::ecdsa::SigningKey::from_slice(&scalar)
            .map_err(|_| anyhow::anyhow!("push: the stored VAPID key is not a P-256 key"))?;
        let derived =
            URL_SAFE_NO_PAD.encode(signing.verifying_key().to_encoded_point(false).as_bytes());
        if derived != public {
            anyhow::bail!("push: the stored VAPID public key does not match its private key");
        }
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(settings.timeout_secs))
            .user_agent("Platzwahl")
            .build()?;
        Ok(Some(Pusher {
            inner: Arc::new(Inner {
                client,
                signing,
                public_key: public,
                contact: contact.to_owned(),
                public_url: public_url.trim_end_matches('/').to_owned(),
                settings: settings.clone(),
            }),
        }))
    }

    /// The public key browsers subscribe with (base64url, uncompressed point).
    pub fn public_key(&self) -> &str {
        &self.inner.public_key
    }

    /// The settings (for the endpoint check of the API).
    pub fn settings(&self) -> &PushSettings {
        &self.inner.settings
    }

    /// How long a claim holds: longer than any request.
    fn lease(&self) -> chrono::Duration {
        chrono::Duration::seconds(
            i64::try_from(self.inner.settings.timeout_secs.saturating_mul(2))
                .unwrap_or(i64::MAX / 4)
                + 60,
        )
    }

    /// The `Authorization` header for `endpoint` (RFC 8292): `vapid t=<JWT>, k=<public key>`,
    /// the JWT's audience the endpoint's origin, its subject the contact.
    fn vapid(&self, endpoint: &url::Url) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": endpoint.origin().ascii_serialization(),
            "exp": Utc::now().timestamp() + VAPID_VALIDITY_SECS,
            "sub": self.inner.contact,
        });
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string().as_bytes());
        let signed = format!("{header}.{claims}");
        let signature: p256::ecdsa::Signature = self.inner.signing.sign(signed.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(signature.to_bytes());
        format!("vapid t={signed}.{signature}, k={}", self.inner.public_key)
    }

    /// Sends every message due now; how many were sent. (Finished messages are deleted by the
    /// reporting task's retention, [`domain::retention::delete_finished_notifications`].)
    pub async fn send_due(&self, db: &DatabaseConnection) -> Result<usize, DbErr> {
        let mut sent = 0;
        loop {
            let due = domain::push::claim(db, Utc::now(), self.lease(), BATCH).await?;
            if due.is_empty() {
                return Ok(sent);
            }
            for message in due {
                if self.deliver(db, &message).await? {
                    sent += 1;
                }
            }
        }
    }

    /// The encrypted, signed request of a claimed message; why not.
    fn request(&self, due: &domain::push::Due) -> Result<reqwest::Request, &'static str> {
        let endpoint = self
            .inner
            .settings
            .check_endpoint(&due.endpoint)
            .map_err(|_| "the endpoint is not allowed any more")?;
        let params = due
            .params
            .as_ref()
            .ok_or("the message's parameters are unreadable")?;
        let shown = domain::push::render(due.kind, due.lang, params, &self.inner.public_url);
        let payload = serde_json::to_vec(&shown).map_err(|_| "the payload")?;
        let key = URL_SAFE_NO_PAD
            .decode(due.p256dh.as_bytes())
            .ok()
            .and_then(|bytes| p256::PublicKey::from_sec1_bytes(&bytes).ok())
            .ok_or("the subscription's key is not valid")?;
        let auth = URL_SAFE_NO_PAD
            .decode(due.auth.as_bytes())
            .ok()
            .filter(|bytes| bytes.len() == 16)
            .ok_or("the subscription's secret is not valid")?;
        let uri: http::Uri = endpoint
            .as_str()
            .parse()
            .map_err(|_| "the endpoint is not a URI")?;
        let built = web_push_native::WebPushBuilder::new(
            uri,
            key,
            web_push_native::Auth::clone_from_slice(&auth),
        )
        .with_valid_duration(Duration::from_secs(self.inner.settings.ttl_secs))
        .build(payload)
        .map_err(|_| "the message could not be encrypted")?;
        let (parts, body) = built.into_parts();
        let mut request = self
            .inner
            .client
            .post(endpoint.clone())
            .header("Urgency", "normal")
            .header(http::header::AUTHORIZATION, self.vapid(&endpoint))
            .body(body);
        for (name, value) in &parts.headers {
            request = request.header(name, value);
        }
        request
            .build()
            .map_err(|_| "the request could not be built")
    }

    /// Sends one claimed message and records how it went; whether it was sent.
    async fn deliver(
        &self,
        db: &DatabaseConnection,
        due: &domain::push::Due,
    ) -> Result<bool, DbErr> {
        let kind = domain::mail::code(due.kind);
        let outcome = match self.request(due) {
            Ok(request) => match self.inner.client.execute(request).await {
                Ok(response) => Outcome::of(response.status()),
                Err(err) if err.is_timeout() => Outcome::Retry("push: timeout".into()),
                Err(_) => Outcome::Retry("push: connection failed".into()),
            },
            Err(why) => Outcome::GiveUp(format!("push: {why}")),
        };
        let counted = match outcome {
            Outcome::Sent => {
                if !domain::push::sent(db, due, Utc::now()).await? {
                    tracing::warn!(
                        push = due.id,
                        "a push message's claim lapsed while it was sent"
                    );
                }
                "sent"
            }
            Outcome::Gone => {
                tracing::info!(
                    push = due.id,
                    subscription = due.subscription_id,
                    "a push subscription ended; deleted"
                );
                domain::push::gone(db, due).await?;
                "gone"
            }
            Outcome::Retry(why) => self.failed(db, due, &why, true).await?,
            Outcome::GiveUp(why) => self.failed(db, due, &why, false).await?,
        };
        metrics::counter!("platzwahl_push_total", "kind" => kind, "outcome" => counted)
            .increment(1);
        Ok(counted == "sent")
    }

    /// Records a failed attempt: queued again after a back-off while `retry` and attempts are
    /// left, given up otherwise. The outcome's name.
    async fn failed(
        &self,
        db: &DatabaseConnection,
        due: &domain::push::Due,
        why: &str,
        retry: bool,
    ) -> Result<&'static str, DbErr> {
        let settings = &self.inner.settings;
        let attempts = u32::try_from(due.attempts).unwrap_or(u32::MAX);
        let retry_at = (retry && attempts < settings.max_attempts).then(|| {
            let wait = domain::mail::backoff(
                due.attempts,
                Duration::from_secs(settings.retry_first_secs),
                Duration::from_secs(settings.retry_max_secs),
            );
            Utc::now()
                + chrono::Duration::from_std(wait).unwrap_or_else(|_| chrono::Duration::hours(1))
        });
        tracing::warn!(
            push = due.id,
            subscription = due.subscription_id,
            attempt = due.attempts,
            error = %why,
            retry = retry_at.is_some(),
            "a push message was not sent"
        );
        domain::push::failed(db, due, why, retry_at).await?;
        Ok(if retry_at.is_some() {
            "retry"
        } else {
            "failed"
        })
    }
}

/// What a push service's answer means for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Accepted.
    Sent,
    /// The subscription is gone: delete it.
    Gone,
    /// Try again later.
    Retry(String),
    /// Do not try again.
    GiveUp(String),
}

impl Outcome {
    fn of(status: reqwest::StatusCode) -> Outcome {
        match status.as_u16() {
            200..=202 => Outcome::Sent,
            404 | 410 => Outcome::Gone,
            429 | 500..=599 => Outcome::Retry(format!("push: refused for now ({status})")),
            code => Outcome::GiveUp(format!("push: refused ({code})")),
        }
    }
}

/// Runs until `stopping` turns `true`: every `push.poll_secs` the due messages are sent.
pub async fn run(db: DatabaseConnection, pusher: Pusher, mut stopping: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(pusher.inner.settings.poll_secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        let outcome = match pusher.send_due(&db).await {
            Ok(_) => "ok",
            Err(err) => {
                tracing::error!(error = %err, "cannot read or update the push queue");
                "failed"
            }
        };
        crate::cluster::count_job("push", outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_of_a_push_service_decide_what_happens() {
        assert_eq!(Outcome::of(reqwest::StatusCode::CREATED), Outcome::Sent);
        assert_eq!(Outcome::of(reqwest::StatusCode::GONE), Outcome::Gone);
        assert_eq!(Outcome::of(reqwest::StatusCode::NOT_FOUND), Outcome::Gone);
        assert!(matches!(
            Outcome::of(reqwest::StatusCode::SERVICE_UNAVAILABLE),
            Outcome::Retry(_)
        ));
        assert!(matches!(
            Outcome::of(reqwest::StatusCode::TOO_MANY_REQUESTS),
            Outcome::Retry(_)
        ));
        assert!(matches!(
            Outcome::of(reqwest::StatusCode::PAYLOAD_TOO_LARGE),
            Outcome::GiveUp(_)
        ));
        assert!(matches!(
            Outcome::of(reqwest::StatusCode::BAD_REQUEST),
            Outcome::GiveUp(_)
        ));
    }

    #[test]
    fn a_new_key_pair_is_a_p256_scalar_and_its_uncompressed_point() {
        let (private, public) = new_key_pair().unwrap_or_default();
        assert_eq!(
            URL_SAFE_NO_PAD.decode(private).unwrap_or_default().len(),
            32
        );
        let point = URL_SAFE_NO_PAD.decode(public).unwrap_or_default();
        assert_eq!(point.len(), 65);
        assert_eq!(point.first(), Some(&4));
    }
}
