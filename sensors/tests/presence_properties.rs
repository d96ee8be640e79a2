//! Invariants of the presence state machine under arbitrary, messy event sequences.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use sensors::{
    BridgeStatus, DeviceAvailability, DeviceKey, Format, Occupancy, Presence, PresencePolicy,
    PresenceState, Reading, SensorEvent, StateChange,
};

const BRIDGE: &str = "zigbee2mqtt";

fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default()
}

fn desk(index: u8) -> DeviceKey {
    DeviceKey::new(format!("z2m:{BRIDGE}/desk-{index}"))
}

#[derive(Debug, Clone)]
enum Input {
    /// A reading of desk `device`, observed `observed` seconds from now if given.
    Reading {
        device: u8,
        occupancy: Option<Occupancy>,
        observed: Option<i64>,
    },
    Availability {
        device: u8,
        online: bool,
    },
    Bridge {
        online: bool,
    },
    Broker {
        connected: bool,
    },
    Tick,
}

#[derive(Debug, Clone)]
struct Step {
    /// Seconds since the previous step.
    advance: i64,
    input: Input,
}

fn occupancy() -> impl Strategy<Value = Option<Occupancy>> {
    prop_oneof![
        3 => Just(Some(Occupancy::Occupied)),
        3 => Just(Some(Occupancy::Vacant)),
        1 => Just(Some(Occupancy::Pending)),
        1 => Just(Some(Occupancy::Unknown)),
        1 => Just(None),
    ]
}

fn reading() -> impl Strategy<Value = Input> {
    (0..2u8, occupancy(), prop::option::of(-900..60i64)).prop_map(
        |(device, occupancy, observed)| Input::Reading {
            device,
            occupancy,
            observed,
        },
    )
}

fn any_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        8 => reading(),
        1 => (0..2u8, any::<bool>())
            .prop_map(|(device, online)| Input::Availability { device, online }),
        1 => any::<bool>().prop_map(|online| Input::Bridge { online }),
        1 => any::<bool>().prop_map(|connected| Input::Broker { connected }),
        2 => Just(Input::Tick),
    ]
}

fn steps(input: impl Strategy<Value = Input>) -> impl Strategy<Value = Vec<Step>> {
    let advance = prop_oneof![
        4 => 0..5i64,
        3 => 0..120i64,
        2 => 0..1200i64,
        1 => 0..20_000i64,
    ];
    prop::collection::vec(
        (advance, input).prop_map(|(advance, input)| Step { advance, input }),
        0..60,
    )
}

fn policy() -> impl Strategy<Value = PresencePolicy> {
    (1..900u64, 1..7200u64).prop_map(|(quiet, offline)| PresencePolicy {
        quiet_time: Duration::from_secs(quiet),
        offline_after: Duration::from_secs(offline),
    })
}

/// The event an input stands for at `now`; `None` for ticks and broker changes.
fn event(input: &Input, now: DateTime<Utc>) -> Option<SensorEvent> {
    match input {
        Input::Reading {
            device,
            occupancy,
            observed,
        } => Some(SensorEvent::Reading(Reading {
            device: desk(*device),
            format: Format::Zigbee2Mqtt,
            observed_at: observed.map(|offset| now + TimeDelta::seconds(offset)),
            occupancy: *occupancy,
            battery_percent: None,
            link_quality: None,
            via_bridge: Some(BRIDGE.to_owned()),
        })),
        Input::Availability { device, online } => {
            Some(SensorEvent::Availability(DeviceAvailability {
                device: desk(*device),
                online: *online,
                via_bridge: Some(BRIDGE.to_owned()),
            }))
        }
        Input::Bridge { online } => Some(SensorEvent::Bridge(BridgeStatus {
            base_topic: BRIDGE.to_owned(),
            online: *online,
        })),
        Input::Broker { .. } | Input::Tick => None,
    }
}

/// Feeds one input at `now`.
fn feed(presence: &mut Presence, input: &Input, now: DateTime<Utc>) -> Vec<StateChange> {
    match (input, event(input, now)) {
        (_, Some(event)) => presence.apply(&event, now),
        (Input::Broker { connected: true }, None) => presence.broker_connected(now),
        (Input::Broker { connected: false }, None) => presence.broker_disconnected(now),
        _ => presence.tick(now),
    }
}

/// The effective time of an observation: its own, but never later than arrival.
fn effective(observed: Option<i64>, now: DateTime<Utc>) -> DateTime<Utc> {
    observed.map_or(now, |offset| now + TimeDelta::seconds(offset.min(0)))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/presence_properties.txt",
        ))),
        ..ProptestConfig::default()
    })]

    /// Occupied is only ever reported (as a change or as the current state) within the quiet
    /// time of some occupied message.
    #[test]
    fn never_occupied_after_the_quiet_time_without_a_new_occupied_message(
        policy in policy(),
        steps in steps(any_input()),
    ) {
        let mut presence = Presence::new(policy);
        let mut now = start();
        let mut last_occupied: [Option<DateTime<Utc>>; 2] = [None, None];
        for step in &steps {
            now += TimeDelta::seconds(step.advance);
            if let Input::Reading { device, occupancy: Some(Occupancy::Occupied), observed } =
                step.input
            {
                let at = effective(observed, now);
                let slot = &mut last_occupied[usize::from(device)];
                *slot = Some(slot.map_or(at, |previous| previous.max(at)));
            }
            let changes = feed(&mut presence, &step.input, now);
            let occupied_until = |device: u8| {
                last_occupied[usize::from(device)]
                    .map(|at| at + TimeDelta::from_std(policy.quiet_time).unwrap_or_default())
            };
            for change in &changes {
                if change.to == PresenceState::Occupied {
                    let index = if change.device == desk(0) { 0 } else { 1 };
                    let until = occupied_until(index);
                    prop_assert!(
                        until.is_some_and(|until| change.at < until),
                        "{change:?} with last occupied message {:?}", last_occupied[usize::from(index)]
                    );
                }
            }
            for device in 0..2u8 {
                if presence.state(&desk(device)) == PresenceState::Occupied {
                    prop_assert!(
                        occupied_until(device).is_some_and(|until| now < until),
                        "desk {device} occupied at {now}, last occupied message {:?}",
                        last_occupied[usize::from(device)]
                    );
                }
            }
        }
    }

    /// Vacancy is reported only once the quiet time has passed since the last occupied message
    /// that was applied (not stale).
    #[test]
    fn vacant_only_after_the_quiet_time_since_the_last_applied_occupied_message(
        policy in policy(),
        steps in steps(prop_oneof![4 => reading(), 1 => Just(Input::Tick)]),
    ) {
        let mut presence = Presence::new(policy);
        let mut now = start();
        let mut last_applied: [Option<DateTime<Utc>>; 2] = [None, None];
        let mut occupied_at: [Vec<DateTime<Utc>>; 2] = [Vec::new(), Vec::new()];
        let quiet = TimeDelta::from_std(policy.quiet_time).unwrap_or_default();
        for step in &steps {
            now += TimeDelta::seconds(step.advance);
            // Decisions are checked against the messages known when they were made: a message
            // arriving late with an old observation time cannot undo an earlier report.
            for change in feed(&mut presence, &step.input, now) {
                if change.to == PresenceState::Vacant {
                    let index = if change.device == desk(0) { 0 } else { 1 };
                    for occupied in occupied_at[index].iter().filter(|at| **at <= change.at) {
                        prop_assert!(
                            *occupied + quiet <= change.at,
                            "{change:?} only {} s after an occupied message",
                            (change.at - *occupied).num_seconds()
                        );
                    }
                }
            }
            if let Input::Reading { device, occupancy, observed } = &step.input {
                let index = usize::from(*device);
                let at = effective(*observed, now);
                let stale = last_applied[index].is_some_and(|applied| at < applied);
                if !stale {
                    last_applied[index] = Some(at);
                    if *occupancy == Some(Occupancy::Occupied) {
                        occupied_at[index].push(at);
                    }
                }
            }
        }
    }

    /// Applying every event twice in a row changes nothing the second time, and the outputs
    /// are those of applying each once.
    #[test]
    fn duplicates_never_change_state(policy in policy(), steps in steps(any_input())) {
        let mut once = Presence::new(policy);
        let mut twice = Presence::new(policy);
        let mut now = start();
        for step in &steps {
            now += TimeDelta::seconds(step.advance);
            let expected = feed(&mut once, &step.input, now);
            let first = feed(&mut twice, &step.input, now);
            let second = feed(&mut twice, &step.input, now);
            prop_assert_eq!(&first, &expected);
            prop_assert!(second.is_empty(), "the duplicate of {:?} changed {:?}", step.input, second);
        }
    }

    /// Every reported change is a real change, and each sensor's changes chain up.
    #[test]
    fn changes_chain_and_never_repeat_a_state(policy in policy(), steps in steps(any_input())) {
        let mut presence = Presence::new(policy);
        let mut now = start();
        let mut last = [PresenceState::Unknown, PresenceState::Unknown];
        for step in &steps {
            now += TimeDelta::seconds(step.advance);
            for change in feed(&mut presence, &step.input, now) {
                let index = if change.device == desk(0) { 0 } else { 1 };
                prop_assert_ne!(change.from, change.to);
                prop_assert_eq!(change.from, last[index]);
                prop_assert!(change.at <= now);
                last[index] = change.to;
            }
        }
    }
}
