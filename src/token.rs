//! Where a bearer token comes from.
//!
//! The token is a secret of the host's session: it goes only into the `Authorization` header
//! of the registration request. [`Token`] prints `***` so that no `Debug`, log or error text
//! can carry it by accident.

use std::fmt;

use crate::api::JsonValue;

/// A short-lived bearer token handed over by the host. Its text is reachable only through
/// [`Token::expose`], which the request builder alone calls.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token; blank input (after trimming), or anything over [`MAX_TOKEN_LEN`], is no
    /// token at all.
    pub fn new(raw: &str) -> Option<Token> {
        let raw = raw.trim();
        // A bearer token is a single header-safe word: anything else would make an invalid
        // header or smuggle a second one. One too long for any server's header limit would
        // only be refused there, after the person's data was sent.
        let header_safe = raw.bytes().all(|b| b.is_ascii_graphic());
        (!raw.is_empty() && raw.len() <= MAX_TOKEN_LEN && header_safe)
            .then(|| Token(raw.to_owned()))
    }

    /// The raw text, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `exp` and `iat` claims when the token is a JWT (three parts, the middle one a
    /// base64url JSON object as `parse` reads it: the browser's `JSON.parse` in the wasm, which
    /// ships no JSON parser, `serde_json` natively); none for any other token.
    ///
    /// The signature is not checked: the widget only wants to avoid sending a token that the
    /// API would certainly refuse.
    pub fn claims<J: JsonValue>(&self, parse: impl FnOnce(&str) -> Option<J>) -> Claims {
        let read = || {
            let mut parts = crate::text::split(&self.0, b'.');
            let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            let json = base64url_decode(payload)?;
            parse(std::str::from_utf8(&json).ok()?)
        };
        let Some(set) = read() else {
            return Claims::default();
        };
        // Whole seconds; a number that is negative, not finite or not a number at all is no
        // claim (`as` takes the integer part of 1700000000.5, and saturates past u64::MAX).
        let seconds = |name| {
            let value = set.member(name)?.number()?;
            (value >= 0.0 && value.is_finite()).then_some(value as u64)
        };
        Claims {
            exp: seconds("exp"),
            iat: seconds("iat"),
        }
    }
}

/// [`Token::claims`] with `serde_json` as the parser, for the native tests and the fuzz targets.
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl Token {
    /// The claims, read with `serde_json`.
    pub fn claims_native(&self) -> Claims {
        self.claims(|text| serde_json::from_str::<serde_json::Value>(text).ok())
    }
}

/// What the widget reads of a JWT's claim set ([`Token::claims`]), in seconds since the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    /// When the token expires.
    pub exp: Option<u64>,
    /// When it was issued.
    pub iat: Option<u64>,
}

impl Claims {
    /// Whether the token's issuer gave it more than [`EXPIRY_MARGIN_SECS`] of life (`exp` after
    /// `iat`). A token just asked for anew that this device's clock finds expired all the same
    /// is sent when this holds: then the clock may be what is wrong (running fast), and only
    /// the API can tell. A token made to expire at once would certainly be refused.
    pub fn issued_with_life(&self) -> bool {
        let lifetime = self
            .exp
            .zip(self.iat)
            .map(|(exp, iat)| exp.saturating_sub(iat));
        lifetime.is_some_and(|secs| secs > EXPIRY_MARGIN_SECS)
    }

    /// Whether the token expires within `margin` seconds of `now` (or already has). Tokens
    /// without a readable `exp` are assumed fresh.
    pub fn expires_within(&self, now: u64, margin: u64) -> bool {
        self.exp
            .is_some_and(|exp| exp <= now.saturating_add(margin))
    }
}

/// Seconds of validity a token must have left to be sent as it is.
pub const EXPIRY_MARGIN_SECS: u64 = 30;

/// Longest token sent: 8 KB is the smallest common server limit for one header line, and a
/// JWT with a few claims is well under 1 KB.
pub const MAX_TOKEN_LEN: usize = 8 * 1024;

/// How long the host's `tokenProvider` or `token-url` may take to hand over a token before
/// the submit fails with `token_unavailable` (and the person can try again).
pub const TOKEN_TIMEOUT_MS: i32 = 10_000;

/// Decodes unpadded (or padded) base64url; `None` on any other character.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = crate::text::trim_end(text, b'=');
    // A JWT payload is small; refuse to decode anything absurd.
    if text.len() > 16 * 1024 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

// Native only, as the reader's parser in them is (the wasm's is the browser's `JSON.parse`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = Token::new("eyJhbGciOiJIUzI1NiJ9.secret.sig").unwrap();
        assert_eq!(format!("{token:?}"), "***");
        assert_eq!(format!("{token}"), "***");
        assert_eq!(format!("{:?}", Some(token.clone())), "Some(***)");
        assert_eq!(token.expose(), "eyJhbGciOiJIUzI1NiJ9.secret.sig");
    }

    /// base64url without padding, as JWTs carry it.
    pub(super) fn base64url(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut encoded = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
                << (8 * (3 - chunk.len()));
            for k in 0..=chunk.len() {
                encoded.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            }
        }
        encoded
    }

    pub(super) fn jwt(payload: &str) -> Token {
        let encoded = base64url(payload.as_bytes());
        Token::new(&format!("eyJhbGciOiJIUzI1NiJ9.{encoded}.c2ln")).unwrap()
    }

    #[test]
    fn a_token_issued_with_life_is_one_a_fast_clock_may_be_wrong_about() {
        assert!(jwt(r#"{"sub":"host","iat":1700000600,"exp":1700000900}"#)
            .claims_native()
            .issued_with_life());
        // Made to expire at once, or within the margin, by its issuer.
        assert!(!jwt(r#"{"iat":1700000600,"exp":1700000600}"#)
            .claims_native()
            .issued_with_life());
        assert!(!jwt(r#"{"iat":1700000600,"exp":1700000630}"#)
            .claims_native()
            .issued_with_life());
        assert!(jwt(r#"{"iat":1700000600,"exp":1700000631}"#)
            .claims_native()
            .issued_with_life());
        assert!(!jwt(r#"{"iat":1700000900,"exp":1700000600}"#)
            .claims_native()
            .issued_with_life());
        // No issue time, no expiry, or no JWT at all: nothing says how long it was meant to last.
        assert!(!jwt(r#"{"exp":1700000900}"#)
            .claims_native()
            .issued_with_life());
        assert!(!jwt(r#"{"iat":1700000600}"#)
            .claims_native()
            .issued_with_life());
        assert!(!Token::new("opaque-token")
            .unwrap()
            .claims_native()
            .issued_with_life());
        // A claim inside a string value is not the claim.
        assert!(!jwt(r#"{"note":"\"iat\":1","exp":1700000900}"#)
            .claims_native()
            .issued_with_life());
    }

    #[test]
    fn reads_the_exp_claim_of_a_jwt() {
        assert_eq!(
            jwt(r#"{"sub":"x","exp":1700000000,"iat":1}"#)
                .claims_native()
                .exp,
            Some(1_700_000_000)
        );
        assert_eq!(jwt(r#"{ "exp" : 42 }"#).claims_native().exp, Some(42));
        assert_eq!(
            jwt(r#"{"exp":1700000000.75}"#).claims_native().exp,
            Some(1_700_000_000)
        );
        // Only the top-level claim counts, not a string or a nested object that mentions it.
        assert_eq!(
            jwt(r#"{"note":"\"exp\":1","exp":99}"#).claims_native().exp,
            Some(99)
        );
        assert_eq!(
            jwt(r#"{"nested":{"exp":1},"exp":7}"#).claims_native().exp,
            Some(7)
        );
        assert_eq!(jwt(r#"{"sub":"x"}"#).claims_native().exp, None);
        assert_eq!(jwt(r#"{"exp":"soon"}"#).claims_native().exp, None);
        assert_eq!(jwt("not json at all").claims_native().exp, None);
        assert_eq!(jwt(r#"{"exp":-5}"#).claims_native().exp, None);
        assert_eq!(
            jwt(r#"{"exp":4e9}"#).claims_native().exp,
            Some(4_000_000_000)
        );
        assert_eq!(jwt(r#"["exp",1]"#).claims_native().exp, None);
    }

    #[test]
    fn non_jwts_have_no_expiry() {
        for raw in ["opaque-token", "a.b", "a.!!!.c", "a.b.c.d"] {
            assert_eq!(Token::new(raw).unwrap().claims_native().exp, None, "{raw}");
        }
    }

    #[test]
    fn expiry_margin_is_honoured() {
        let token = jwt(r#"{"exp":1000}"#);
        assert!(
            token.claims_native().expires_within(1000, 0),
            "expired exactly now"
        );
        assert!(
            token
                .claims_native()
                .expires_within(980, EXPIRY_MARGIN_SECS),
            "20 s left is too little"
        );
        assert!(
            !token
                .claims_native()
                .expires_within(960, EXPIRY_MARGIN_SECS),
            "40 s left is enough"
        );
        assert!(!Token::new("opaque")
            .unwrap()
            .claims_native()
            .expires_within(u64::MAX, 30));
    }

    #[test]
    fn a_token_over_the_header_limit_is_no_token() {
        assert!(Token::new(&"a".repeat(MAX_TOKEN_LEN)).is_some());
        assert_eq!(Token::new(&"a".repeat(MAX_TOKEN_LEN + 1)), None);
    }

    #[test]
    fn blank_or_header_breaking_input_is_no_token() {
        assert_eq!(Token::new("  "), None);
        assert_eq!(Token::new("abc\r\nX-Evil: 1"), None);
        assert_eq!(Token::new("two words"), None);
        assert!(Token::new(" abc.def ").is_some_and(|t| t.expose() == "abc.def"));
    }
}

// Native only: `proptest` does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::tests::{base64url, jwt};
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::proptest_config())]

        /// Any text a host hands over: no panic, and an expiry only from a three-part token.
        #[test]
        fn any_token_text_is_read_without_panic(raw in "\\PC{0,300}", payload in any::<Vec<u8>>()) {
            if let Some(token) = Token::new(&raw) {
                if token.claims_native().exp.is_some() {
                    prop_assert_eq!(token.expose().split('.').count(), 3);
                }
                let _ = token.claims_native().expires_within(u64::MAX, u64::MAX);
            }
            if let Some(token) = Token::new(&format!("h.{}.s", base64url(&payload))) {
                let _ = token.claims_native().exp;
            }
        }

        /// The `exp` claim is read back whatever the other claims and their order (up to
        /// 2^53: the browser's `JSON.parse` reads numbers as doubles, exact up to there, and a
        /// JWT's seconds are near 2^31).
        #[test]
        fn exp_round_trips_among_other_claims(
            exp in 0..=(1u64 << 53),
            before in "[a-z]{1,8}",
            noise in "\\PC{0,30}",
            exp_first in any::<bool>(),
        ) {
            let noise = noise.replace(['\\', '"'], "");
            let other = format!(r#""{before}x":"{noise} \"exp\": 1""#);
            let claim = format!(r#""exp":{exp}"#);
            let json = if exp_first { format!("{{{claim},{other}}}") } else { format!("{{{other},{claim}}}") };
            let token = jwt(&json);
            prop_assert_eq!(token.claims_native().exp, Some(exp), "{}", json);
        }
    }
}

/// No token could be had from the host: its `tokenProvider` threw, rejected, gave no string or
/// did not answer in time, its `token-url` failed, or it gave none at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenUnavailable;
