//! The JWT claims reader on any token text and on any claim set (the input as the payload of a
//! three-part token): no panic, and an expiry it reads is the top-level `exp` number of a JSON
//! object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verifik_onboarding::token::Token;

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for k in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(token) = Token::new(text) {
            let claims = token.claims_native();
            let _ = claims.expires_within(u64::MAX, u64::MAX);
            let _ = claims.issued_with_life();
        }
    }
    let Some(token) = Token::new(&format!("eyJhbGciOiJIUzI1NiJ9.{}.c2ln", base64url(data))) else {
        return;
    };
    if let Some(exp) = token.claims_native().exp {
        // An expiry read is the integer part of a non-negative number at the claim set's top
        // level.
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(data) else {
            panic!("exp {exp} read from a claim set that is no JSON object: {data:?}");
        };
        let number = map.get("exp").and_then(serde_json::Value::as_f64);
        assert!(number.is_some_and(|n| n >= 0.0 && n as u64 == exp), "{exp} from {map:?}");
    }
});
