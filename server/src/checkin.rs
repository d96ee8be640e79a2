//! Badge readers over MQTT: a reader publishes the badge it read on the configured topic
//! (`[sensors] badge_topic`, default `platzwahl/badge/{device}`, where `{device}` is the
//! reader's code), as plain text or as JSON `{"badge": "…"}`. The holder's booking at the
//! reader's place is checked in. The broker's access rules decide who may publish there.
//!
//! Nothing here logs a badge id or a person; an unknown badge is counted in the audit log.

use chrono::{DateTime, Utc};
use domain::badges;
use domain::booking::BookingError;
use domain::checkin::{self, BadgeOutcome};
use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, watch};

/// A badge message as it came from the broker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadgeMessage {
    /// The reader's code (the topic's `{device}` level).
    pub reader: Option<String>,
    /// The payload.
    pub payload: Vec<u8>,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
}

/// How many badge messages may wait; more are dropped (with a warning).
pub const BADGE_BUFFER: usize = 256;

/// The badge messages' channel, shared by each start of [`run`] (it outlives a failed one).
pub type Badges = std::sync::Arc<tokio::sync::Mutex<mpsc::Receiver<BadgeMessage>>>;

/// Handles badge messages until the channel closes or `stopping` turns `true`.
pub async fn run(db: DatabaseConnection, input: Badges, mut stopping: watch::Receiver<bool>) {
    let mut input = input.lock().await;
    loop {
        let message = tokio::select! {
            message = input.recv() => message,
            _ = stopping.wait_for(|stop| *stop) => break,
        };
        let Some(message) = message else { break };
        handle(&db, message).await;
    }
}

async fn handle(db: &DatabaseConnection, message: BadgeMessage) {
    let Some(code) = message.reader else {
        tracing::warn!("a badge message on a topic without a reader code was ignored");
        return;
    };
    let Some(badge) = badge_of(&message.payload) else {
        tracing::warn!(reader = %code, "a badge message without a badge id was ignored");
        return;
    };
    let reader = match badges::reader_by_code(db, &code).await {
        Ok(Some(reader)) => reader,
        Ok(None) => {
            tracing::warn!(reader = %code, "a badge message from an unknown reader was ignored");
            return;
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot look up a badge reader");
            return;
        }
    };
    match checkin::badge_check_in(db, &reader, &badge, message.received_at).await {
        Ok(BadgeOutcome::CheckedIn(done)) => tracing::info!(
            reader = %code,
            booking = ?done.booking_id,
            reservation = ?done.reservation_id,
            "checked in by badge"
        ),
        Ok(BadgeOutcome::UnknownBadge | BadgeOutcome::ReaderLimited) => {}
        Err(BookingError::Refused(refusal)) => {
            tracing::info!(reader = %code, reason = refusal.kind(), "badge check-in refused");
        }
        Err(err) => tracing::error!(reader = %code, error = %err, "badge check-in failed"),
    }
}

/// The badge id of a payload: plain text, or JSON with a `badge` (or `id`) string or number.
fn badge_of(payload: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(payload).ok()?.trim();
    let badge = if text.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        match value.get("badge").or_else(|| value.get("id"))? {
            serde_json::Value::String(badge) => badge.trim().to_owned(),
            serde_json::Value::Number(number) => number.to_string(),
            _ => return None,
        }
    } else {
        text.to_owned()
    };
    (!badge.is_empty() && badge.chars().count() <= badges::MAX_BADGE_LEN).then_some(badge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_badge_id_is_read_from_text_or_json() {
        assert_eq!(badge_of(b" 04A1B2C3 \n"), Some("04A1B2C3".to_owned()));
        assert_eq!(
            badge_of(br#"{"badge": "04A1B2C3", "rssi": -40}"#),
            Some("04A1B2C3".to_owned())
        );
        assert_eq!(badge_of(br#"{"id": 1234567}"#), Some("1234567".to_owned()));
    }

    #[test]
    fn payloads_without_a_badge_id_are_refused() {
        assert_eq!(badge_of(b""), None);
        assert_eq!(badge_of(b"   "), None);
        assert_eq!(badge_of(&[0xff, 0xfe]), None);
        assert_eq!(badge_of(br#"{"badge": ""}"#), None);
        assert_eq!(badge_of(br#"{"badge": [1]}"#), None);
        assert_eq!(badge_of(br#"{"other": "x"}"#), None);
        assert_eq!(badge_of(br#"{"badge": "#), None);
        assert_eq!(badge_of("x".repeat(200).as_bytes()), None);
    }
}
