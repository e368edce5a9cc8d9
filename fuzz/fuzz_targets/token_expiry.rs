//! The JWT `exp` reader on any token text and on any claim set (the input as the payload of a
//! three-part token): no panic, and an expiry it reads is a number written in the claims.
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
            let _ = token.expiry();
            let _ = token.expires_within(u64::MAX, u64::MAX);
        }
    }
    let Some(token) = Token::new(&format!("eyJhbGciOiJIUzI1NiJ9.{}.c2ln", base64url(data))) else {
        return;
    };
    if let Some(exp) = token.expiry() {
        let claims = String::from_utf8_lossy(data);
        assert!(claims.contains(&exp.to_string()), "{exp} not in {claims:?}");
        // The claim set is JSON: where serde_json reads an integer `exp` too, they agree
        // (unless the claim is written twice; a JSON parser keeps the last, the reader the first).
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(data) {
            if let Some(theirs) = map.get("exp").and_then(serde_json::Value::as_u64) {
                if claims.matches("\"exp\"").count() == 1 {
                    assert_eq!(exp, theirs, "{claims:?}");
                }
            }
        }
    }
});
