//! The WebAssembly entry of Platzwahl, the workspace's only `cdylib`: `hydrate()` makes the
//! server-rendered page of the `app` crate interactive in the browser.
//!
//! Keeping the entry in a crate of its own means that building the server or its tests never
//! links a native `cdylib` of the whole application; natively the crate is empty, and its
//! dependencies are the browser's only, so that the `hydrate` feature never reaches the `app`
//! compiled for the server.

// The pages' view types nest deeply; laying them out for the browser (here, where the `app`
// crate's code is instantiated) needs more than the default query depth.
#![recursion_limit = "512"]

/// The WebAssembly entry point: hydrates the server-rendered page.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
