//! The mail task: sends the e-mails queued in the database ([`domain::mail`]) through the SMTP
//! server of `[mail]` (lettre, tokio, rustls; STARTTLS, TLS, or none for a server on this
//! machine).
//!
//! Every `mail.poll_secs` it claims the due mails ([`domain::mail::claim`], a compare-and-swap
//! that one instance wins, so several instances can run it at once), renders each in the
//! person's language with its iTIP part as a `text/calendar` attachment, sends it and marks it
//! sent — or queued again after an exponential back-off, or failed after
//! `mail.max_attempts`. It runs beside the requests and never holds one up; the queue is in
//! the database, so a restart loses nothing. What it logs and stores about a failure names the
//! kind of failure and the SMTP code, never an address or a server's answer.

use std::time::Duration;

use chrono::Utc;
use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::watch;

use crate::settings::mail::{MailSettings, MailTls};

/// How many mails one claim takes.
const BATCH: u64 = 20;

/// Sends queued mails through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
    settings: MailSettings,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("host", &self.settings.smtp_host)
            .field("port", &self.settings.port())
            .field("tls", &self.settings.tls)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// The mailer of `settings`; `None` when mail is off (no `smtp_host`). Links in the mails
    /// start with `public_url`.
    pub fn new(settings: &MailSettings, public_url: &str) -> anyhow::Result<Option<Mailer>> {
        let Some(host) = settings
            .smtp_host
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        else {
            return Ok(None);
        };
        let from: Mailbox = settings
            .from
            .as_deref()
            .unwrap_or_default()
            .parse()
            .map_err(|err| anyhow::anyhow!("mail.from: {err}"))?;
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned())
                .map_err(|err| anyhow::anyhow!("mail: TLS for {host}: {err}"))
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.port())
            .timeout(Some(Duration::from_secs(settings.timeout_secs)));
        builder = match settings.tls {
            MailTls::Starttls => builder.tls(Tls::Required(tls(host)?)),
            MailTls::Tls => builder.tls(Tls::Wrapper(tls(host)?)),
            MailTls::None => builder.tls(Tls::None),
        };
        if let (Some(user), Some(password)) = (&settings.user, &settings.password) {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(Some(Mailer {
            transport: builder.build(),
            from,
            public_url: public_url.trim_end_matches('/').to_owned(),
            settings: settings.clone(),
        }))
    }

    /// How long a claim holds: longer than any SMTP conversation.
    fn lease(&self) -> chrono::Duration {
        chrono::Duration::seconds(
            i64::try_from(self.settings.timeout_secs.saturating_mul(2)).unwrap_or(i64::MAX / 4)
                + 60,
        )
    }

    /// Sends every mail due now; how many were sent.
    pub async fn send_due(&self, db: &DatabaseConnection) -> Result<usize, DbErr> {
        let mut sent = 0;
        loop {
            let due = domain::mail::claim(db, Utc::now(), self.lease(), BATCH).await?;
            if due.is_empty() {
                return Ok(sent);
            }
            for mail in due {
                if self.deliver(db, &mail).await? {
                    sent += 1;
                }
            }
        }
    }

    /// Sends one claimed mail and records how it went; whether it was sent.
    async fn deliver(
        &self,
        db: &DatabaseConnection,
        due: &domain::mail::Due,
    ) -> Result<bool, DbErr> {
        let outcome = match self.message(due) {
            Ok(message) => self
                .transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|err| (describe(&err), err.is_permanent())),
            Err(why) => Err((why.to_owned(), true)),
        };
        let kind = domain::mail::code(due.kind);
        match outcome {
            Ok(()) => {
                if !domain::mail::sent(db, due, Utc::now()).await? {
                    tracing::warn!(mail = due.id, "a mail's claim lapsed while it was sent");
                }
                metrics::counter!("platzwahl_mails_total", "kind" => kind, "outcome" => "sent")
                    .increment(1);
                Ok(true)
            }
            Err((why, permanent)) => {
                let attempts = u32::try_from(due.attempts).unwrap_or(u32::MAX);
                let retry = (!permanent && attempts < self.settings.max_attempts).then(|| {
                    let wait = domain::mail::backoff(
                        due.attempts,
                        Duration::from_secs(self.settings.retry_first_secs),
                        Duration::from_secs(self.settings.retry_max_secs),
                    );
                    Utc::now()
                        + chrono::Duration::from_std(wait)
                            .unwrap_or_else(|_| chrono::Duration::hours(1))
                });
                tracing::warn!(
                    mail = due.id,
                    attempt = due.attempts,
                    error = %why,
                    retry = retry.is_some(),
                    "a mail was not sent"
                );
                domain::mail::failed(db, due, &why, retry).await?;
                let outcome = if retry.is_some() { "retry" } else { "failed" };
                metrics::counter!("platzwahl_mails_total", "kind" => kind, "outcome" => outcome)
                    .increment(1);
                Ok(false)
            }
        }
    }

    /// The message of a claimed mail; why not (a cause without personal data).
    fn message(&self, due: &domain::mail::Due) -> Result<Message, &'static str> {
        let address = due
            .to
            .as_deref()
            .ok_or("the person has no e-mail address")?;
        let to: Mailbox = address
            .parse()
            .map_err(|_| "the person's e-mail address is not valid")?;
        let params = due
            .params
            .as_ref()
            .ok_or("the mail's parameters are unreadable")?;
        let from = self.from.email.to_string();
        let rendered = domain::mail::render(
            due.kind,
            due.lang,
            params,
            domain::mail::Envelope {
                public_url: &self.public_url,
                from: &from,
                to: to.email.as_ref(),
            },
        );
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject);
        let text = SinglePart::plain(rendered.body);
        let built = match rendered.calendar {
            Some((ics, method)) => {
                let content_type =
                    ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                        .map_err(|_| "the calendar part's type")?;
                builder.multipart(
                    MultiPart::mixed().singlepart(text).singlepart(
                        SinglePart::builder()
                            .header(content_type)
                            .header(ContentDisposition::attachment("invite.ics"))
                            .body(ics),
                    ),
                )
            }
            None => builder.singlepart(text),
        };
        built.map_err(|_| "the message could not be built")
    }
}

/// A failure to send, without the server's words (they may name the address).
fn describe(err: &lettre::transport::smtp::Error) -> String {
    let what = if err.is_timeout() {
        "timeout"
    } else if err.is_tls() {
        "TLS failed"
    } else if err.is_permanent() {
        "refused permanently"
    } else if err.is_transient() {
        "refused for now"
    } else if err.is_response() {
        "unreadable answer"
    } else {
        "connection failed"
    };
    match err.status() {
        Some(code) => format!("smtp: {what} ({code})"),
        None => format!("smtp: {what}"),
    }
}

/// Runs until `stopping` turns `true`: every `mail.poll_secs` the due mails are sent.
pub async fn run(db: DatabaseConnection, mailer: Mailer, mut stopping: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(mailer.settings.poll_secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.wait_for(|stop| *stop) => break,
        }
        let outcome = match mailer.send_due(&db).await {
            Ok(_) => "ok",
            Err(err) => {
                tracing::error!(error = %err, "cannot read or update the mail queue");
                "failed"
            }
        };
        crate::cluster::count_job("mail", outcome);
    }
}
