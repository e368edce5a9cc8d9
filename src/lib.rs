//! The Verifik onboarding widget: an e-mail form that starts a Verifik app registration.
//!
//! Data flows one way: host configuration ([`config`]) → form state ([`components`]) →
//! validation ([`validate`]) → request ([`api`], with a bearer token from [`token`]) →
//! response → DOM event ([`events`]). Everything but the components, the embedding glue and
//! the network calls is plain Rust, tested with `cargo test` on the host.
#![deny(missing_docs)]

pub mod api;
pub mod config;
pub mod events;
pub mod i18n;
pub mod token;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod embed;

/// The widget's version, as reported in `verifik:ready` and the JS `version` export.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// The widget's version (the `version` export of `verifik-onboarding.js`).
    #[wasm_bindgen]
    pub fn version() -> String {
        crate::VERSION.to_owned()
    }
}
