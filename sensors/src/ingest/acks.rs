//! Acknowledging QoS 1 messages only once the receiver of the results has stored them, so that
//! a message the server received but had not yet written when it stopped, crashed or lost
//! the lead is delivered again by the broker (the session is persistent), not lost.
//!
//! The receiver counts the messages it gets ([`Ingested::is_message`]) and reports with
//! [`Receipts::stored_through`] how many of them, from the first, are stored. The ingestion
//! task keeps each received QoS 1 message's packet id with the count that must be reached
//! before it is acknowledged, and acknowledges in the order the messages arrived (as MQTT
//! asks). Messages that are not passed on (harmless chatter, or dropped because the channel
//! was full) are acknowledged as soon as every message before them is stored.
//!
//! Without [`Receipts`] the client acknowledges on receipt, as before ([`crate::Ingestor`]
//! used on its own, in the command line and the benchmarks).

use std::collections::VecDeque;

use rumqttc::{AsyncClient, Publish, QoS};
use tokio::sync::watch;

#[cfg(doc)]
use super::Ingested;

/// Where the receiver of the results reports how many messages it has stored.
#[derive(Debug, Clone)]
pub struct Receipts(watch::Sender<u64>);

impl Default for Receipts {
    fn default() -> Self {
        Self(watch::channel(0).0)
    }
}

impl Receipts {
    /// The first `count` messages received ([`Ingested::is_message`]) are stored, or need no
    /// storing: their QoS 1 acknowledgements may go out.
    pub fn stored_through(&self, count: u64) {
        self.0.send_if_modified(|stored| {
            let advanced = count > *stored;
            if advanced {
                *stored = count;
            }
            advanced
        });
    }

    pub(super) fn subscribe(&self) -> watch::Receiver<u64> {
        self.0.subscribe()
    }
}

/// The acknowledgements of one ingestion task, waiting for the receiver's receipts.
pub(super) struct PendingAcks {
    stored: Option<watch::Receiver<u64>>,
    /// Messages passed on so far.
    passed_on: u64,
    /// Packet ids (as a payload-less publish) and the receipt count each waits for.
    waiting: VecDeque<(u64, Publish)>,
}

impl PendingAcks {
    pub(super) fn new(stored: Option<watch::Receiver<u64>>) -> Self {
        Self {
            stored,
            passed_on: 0,
            waiting: VecDeque::new(),
        }
    }

    /// Whether acknowledgements wait for receipts (the client's `manual_acks`).
    pub(super) fn manual(&self) -> bool {
        self.stored.is_some()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// A message arrived; `passed_on` tells whether it went to the receiver.
    pub(super) fn received(&mut self, publish: &Publish, passed_on: bool) {
        if passed_on {
            self.passed_on += 1;
        }
        if self.manual() && publish.qos != QoS::AtMostOnce {
            let mut ack = Publish::new("", publish.qos, Vec::new());
            ack.pkid = publish.pkid;
            self.waiting.push_back((self.passed_on, ack));
        }
    }

    /// Until the receiver reports more stored messages; `false` once it is gone. Never
    /// completes without receipts.
    pub(super) async fn changed(&mut self) -> bool {
        match &mut self.stored {
            Some(stored) => stored.changed().await.is_ok(),
            None => std::future::pending().await,
        }
    }

    /// Queues the acknowledgements whose messages are stored, in order; what does not fit in
    /// the client's queue now is tried again next time.
    pub(super) fn send_due(&mut self, client: &AsyncClient) {
        let Some(stored) = &self.stored else {
            return;
        };
        let stored = *stored.borrow();
        while let Some((needs, ack)) = self.waiting.front() {
            if *needs > stored || client.try_ack(ack).is_err() {
                break;
            }
            self.waiting.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publish(pkid: u16, qos: QoS) -> Publish {
        let mut p = Publish::new("zigbee2mqtt/desk", qos, b"{}".to_vec());
        p.pkid = pkid;
        p
    }

    #[test]
    fn an_acknowledgement_waits_for_its_message_and_every_one_before_it() {
        let receipts = Receipts::default();
        let mut pending = PendingAcks::new(Some(receipts.subscribe()));
        pending.received(&publish(1, QoS::AtLeastOnce), true);
        pending.received(&publish(2, QoS::AtMostOnce), true);
        pending.received(&publish(3, QoS::AtLeastOnce), false);
        pending.received(&publish(4, QoS::AtLeastOnce), true);
        let needs: Vec<(u64, u16)> = pending.waiting.iter().map(|(n, p)| (*n, p.pkid)).collect();
        // 1 needs itself stored; 3 (not passed on) the two before it; 4 itself, the third.
        assert_eq!(needs, vec![(1, 1), (2, 3), (3, 4)]);
        assert!(pending.waiting.iter().all(|(_, p)| p.payload.is_empty()));
    }

    #[test]
    fn without_receipts_nothing_waits() {
        let mut pending = PendingAcks::new(None);
        pending.received(&publish(1, QoS::AtLeastOnce), true);
        assert!(pending.is_empty());
        assert!(!pending.manual());
    }

    #[test]
    fn receipts_only_move_forward() {
        let receipts = Receipts::default();
        let seen = receipts.subscribe();
        receipts.stored_through(5);
        receipts.stored_through(3);
        assert_eq!(*seen.borrow(), 5);
    }
}
