//! The API answer parser on any status and body (input: two bytes of status, then the body):
//! no panic; an answer gives a registration with an id only for a 2xx, and otherwise one of
//! the contract's `verifik:error` codes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verifik_onboarding::api::{classify_answer_native, ERROR_CODES};

fuzz_target!(|data: &[u8]| {
    let [high, low, body @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*high, *low]) % 1000;
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    match classify_answer_native(status, text) {
        Ok(registration) => {
            assert!((200..300).contains(&status), "{status}");
            assert!(!registration.id.is_empty());
        }
        Err(error) => assert!(ERROR_CODES.contains(&error.code()), "{error:?}"),
    }
});
