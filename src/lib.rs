//! The Verifik onboarding widget: an e-mail form that starts a Verifik app registration.
//!
//! Data flows one way: host configuration ([`config`]) → form state ([`components`]) →
//! validation ([`validate`]) → request ([`api`], with a bearer token from [`token`]) →
//! response → DOM event ([`events`]). Everything but the components, the embedding glue and
//! the network calls is plain Rust, tested with `cargo test` on the host.
#![deny(missing_docs)]

pub mod api;
pub mod config;
pub mod countries;
pub mod events;
pub mod heap;
pub mod i18n;
pub mod lang;
pub mod phone;
pub mod picker;
pub mod state;
pub mod text;
pub mod token;
pub mod validate;

/// Settings shared by the property tests: 10,000 cases each, and no file of failing cases
/// written next to the sources.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn proptest_config() -> proptest::prelude::ProptestConfig {
    proptest::prelude::ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    }
}

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod http;
#[cfg(target_arch = "wasm32")]
pub mod intl;
#[cfg(target_arch = "wasm32")]
pub mod phone_metadata;
#[cfg(target_arch = "wasm32")]
pub mod submit;
#[cfg(target_arch = "wasm32")]
pub mod token_source;

/// The widget's version, as reported in `verifik:ready` and the JS `version` export.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(target_arch = "wasm32")]
mod exports {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::prelude::*;

    fn result(valid: bool, fields: &[(&str, &str)]) -> JsValue {
        let object = Object::new();
        let _ = Reflect::set(&object, &"valid".into(), &JsValue::from_bool(valid));
        for (key, value) in fields {
            let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        object.into()
    }

    /// The widget's version (the `version` export of `verifik-onboarding.js`).
    #[wasm_bindgen]
    pub fn version() -> String {
        crate::VERSION.to_owned()
    }

    /// `validateEmail(input)` (README.md, Reference › validateEmail and validatePhone):
    /// `{ valid, error?, email? }`.
    #[wasm_bindgen(js_name = validateEmail)]
    pub fn validate_email(input: JsValue) -> JsValue {
        // A host may pass anything; only a string can be an address.
        let text = input.as_string().unwrap_or_default();
        match crate::validate::validate_email(&text) {
            Ok(email) => result(true, &[("email", &email)]),
            Err(error) => result(false, &[("error", error.code())]),
        }
    }

    /// `validatePhone(country, input)` (README.md, Reference › validateEmail and validatePhone):
    /// `{ valid, error?, country?, countryCode?, phone?, e164? }`. Throws when the phone
    /// metadata could not be loaded (the entry module exports this only after trying), and
    /// tries again for the next call: a verdict without it would be a guess.
    #[wasm_bindgen(js_name = validatePhone)]
    pub fn validate_phone(country: JsValue, input: JsValue) -> Result<JsValue, JsError> {
        let country = country.as_string().unwrap_or_default();
        let text = input.as_string().unwrap_or_default();
        let verdict = crate::phone::validate_phone(&country, &text, &crate::phone::JsRegExp);
        if verdict == Err(crate::phone::PhoneError::Unchecked) {
            // The next call may find it loaded.
            wasm_bindgen_futures::spawn_local(async {
                crate::phone_metadata::ensure().await;
            });
            return Err(JsError::new(
                "verifik-onboarding: validatePhone() is unavailable, the phone metadata (verifik-phone-metadata.txt) could not be loaded",
            ));
        }
        Ok(match verdict {
            Ok(number) => result(
                true,
                &[
                    ("country", number.country),
                    ("countryCode", &number.country_code),
                    ("phone", &number.national),
                    ("e164", &number.e164),
                ],
            ),
            Err(error) => result(false, &[("error", error.code())]),
        })
    }
}
