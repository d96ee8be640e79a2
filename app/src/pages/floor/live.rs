//! The sensor states the plan, the lists and the details show, as signals, and (after
//! hydration) the live stream of the floor that updates them.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::{FloorPlan, Live};

/// The sensor state of each desk and room with a sensor, by label, as signals the live
/// stream updates.
#[derive(Debug, Clone, Default)]
pub(super) struct LiveStates {
    desks: HashMap<String, RwSignal<Live>>,
    rooms: HashMap<String, (RwSignal<Live>, bool)>,
}

impl LiveStates {
    pub(super) fn of(plan: &FloorPlan) -> LiveStates {
        LiveStates {
            desks: plan
                .desks
                .iter()
                .filter_map(|d| d.live.map(|live| (d.label.clone(), RwSignal::new(live))))
                .collect(),
            rooms: plan
                .rooms
                .iter()
                .filter_map(|r| {
                    r.live
                        .map(|live| (r.label.clone(), (RwSignal::new(live), r.protected)))
                })
                .collect(),
        }
    }

    pub(super) fn desk(&self, label: &str) -> Option<RwSignal<Live>> {
        self.desks.get(label).copied()
    }

    pub(super) fn room(&self, label: &str) -> Option<RwSignal<Live>> {
        self.rooms.get(label).map(|(state, _)| *state)
    }

    /// Applies one message of the live stream.
    #[cfg(feature = "hydrate")]
    fn apply(&self, update: &crate::model::LiveUpdate) {
        if let Some(desk) = update
            .desk
            .as_deref()
            .and_then(|label| self.desks.get(label))
        {
            desk.set(update.state);
        }
        if let Some((room, protected)) = update
            .room
            .as_deref()
            .and_then(|label| self.rooms.get(label))
        {
            room.set(if *protected {
                update.state.taken_or_free()
            } else {
                update.state
            });
        }
    }
}

/// After hydration: follows the live stream of the floor until the page is left.
#[cfg(feature = "hydrate")]
pub(super) fn follow_live_stream(building: &str, level: i32, states: LiveStates) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let address = format!(
        "/api/v1/live?building={}&floor={level}",
        crate::model::percent_encode(building, false)
    );
    Effect::new(move |_| {
        let Ok(source) = web_sys::EventSource::new(&address) else {
            return;
        };
        let states = states.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let update = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<crate::model::LiveUpdate>(&text).ok());
                if let Some(update) = update {
                    states.apply(&update);
                }
            },
        );
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let held = SendWrapper::new((source, on_message));
        on_cleanup(move || {
            let (source, _on_message) = held.take();
            source.close();
        });
    });
}
