//! Where a bearer token comes from.
//!
//! The token is a secret of the host's session: it goes only into the `Authorization` header
//! of the registration request. [`Token`] prints `***` so that no `Debug`, log or error text
//! can carry it by accident.

use std::fmt;

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

    /// The `exp` claim (seconds since the epoch) when the token is a JWT that has one.
    ///
    /// The signature is not checked: the widget only wants to avoid sending a token that the
    /// API would certainly refuse.
    pub fn expiry(&self) -> Option<u64> {
        self.claim("exp")
    }

    /// A top-level integer claim of a three-part token's payload.
    fn claim(&self, name: &str) -> Option<u64> {
        let mut parts = crate::text::split(&self.0, b'.');
        let (_header, payload) = (parts.next()?, parts.next()?);
        parts.next()?;
        let json = base64url_decode(payload)?;
        json_number_field(std::str::from_utf8(&json).ok()?, name)
    }

    /// Whether the token's issuer gave it more than [`EXPIRY_MARGIN_SECS`] of life (`exp` after
    /// `iat`). A token just asked for anew that this device's clock finds expired all the same
    /// is sent when this holds: then the clock may be what is wrong (running fast), and only
    /// the API can tell. A token made to expire at once would certainly be refused.
    pub fn issued_with_life(&self) -> bool {
        let lifetime = self
            .expiry()
            .zip(self.claim("iat"))
            .map(|(exp, iat)| exp.saturating_sub(iat));
        lifetime.is_some_and(|secs| secs > EXPIRY_MARGIN_SECS)
    }

    /// Whether the token is a JWT that expires within `margin` seconds of `now` (or already
    /// has). Tokens without a readable `exp` are assumed fresh.
    pub fn expires_within(&self, now: u64, margin: u64) -> bool {
        self.expiry()
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

/// Reads a top-level non-negative integer member `"name": 123` from a JSON object's text.
///
/// Enough for a JWT claim set, without a JSON parser in the wasm: string values are skipped
/// whole, so a claim *value* that merely contains `"exp":` is not mistaken for the claim.
fn json_number_field(json: &str, name: &str) -> Option<u64> {
    let bytes = json.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let key = json.get(start..i.min(bytes.len()))?;
                // JSON's whitespace is ASCII.
                let rest = json.get(i + 1..)?.trim_ascii_start();
                if depth == 1 && key == name {
                    if let Some(value) = rest.strip_prefix(':') {
                        let value = value.trim_ascii_start();
                        let end = value.bytes().position(|b| !b.is_ascii_digit());
                        // Integer part of a number like 1700000000.5 is still the expiry.
                        let digits = value.get(..end.unwrap_or(value.len()))?;
                        return crate::text::number(digits, 10);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
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

#[cfg(test)]
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
        assert!(jwt(r#"{"sub":"host","iat":1700000600,"exp":1700000900}"#).issued_with_life());
        // Made to expire at once, or within the margin, by its issuer.
        assert!(!jwt(r#"{"iat":1700000600,"exp":1700000600}"#).issued_with_life());
        assert!(!jwt(r#"{"iat":1700000600,"exp":1700000630}"#).issued_with_life());
        assert!(jwt(r#"{"iat":1700000600,"exp":1700000631}"#).issued_with_life());
        assert!(!jwt(r#"{"iat":1700000900,"exp":1700000600}"#).issued_with_life());
        // No issue time, no expiry, or no JWT at all: nothing says how long it was meant to last.
        assert!(!jwt(r#"{"exp":1700000900}"#).issued_with_life());
        assert!(!jwt(r#"{"iat":1700000600}"#).issued_with_life());
        assert!(!Token::new("opaque-token").unwrap().issued_with_life());
        // A claim inside a string value is not the claim.
        assert!(!jwt(r#"{"note":"\"iat\":1","exp":1700000900}"#).issued_with_life());
    }

    #[test]
    fn reads_the_exp_claim_of_a_jwt() {
        assert_eq!(
            jwt(r#"{"sub":"x","exp":1700000000,"iat":1}"#).expiry(),
            Some(1_700_000_000)
        );
        assert_eq!(jwt(r#"{ "exp" : 42 }"#).expiry(), Some(42));
        assert_eq!(
            jwt(r#"{"exp":1700000000.75}"#).expiry(),
            Some(1_700_000_000)
        );
        // Only the top-level claim counts, not a string or a nested object that mentions it.
        assert_eq!(jwt(r#"{"note":"\"exp\":1","exp":99}"#).expiry(), Some(99));
        assert_eq!(jwt(r#"{"nested":{"exp":1},"exp":7}"#).expiry(), Some(7));
        assert_eq!(jwt(r#"{"sub":"x"}"#).expiry(), None);
        assert_eq!(jwt(r#"{"exp":"soon"}"#).expiry(), None);
        assert_eq!(jwt("not json at all").expiry(), None);
    }

    #[test]
    fn non_jwts_have_no_expiry() {
        for raw in ["opaque-token", "a.b", "a.!!!.c", "a.b.c.d"] {
            assert_eq!(Token::new(raw).unwrap().expiry(), None, "{raw}");
        }
    }

    #[test]
    fn expiry_margin_is_honoured() {
        let token = jwt(r#"{"exp":1000}"#);
        assert!(token.expires_within(1000, 0), "expired exactly now");
        assert!(
            token.expires_within(980, EXPIRY_MARGIN_SECS),
            "20 s left is too little"
        );
        assert!(
            !token.expires_within(960, EXPIRY_MARGIN_SECS),
            "40 s left is enough"
        );
        assert!(!Token::new("opaque").unwrap().expires_within(u64::MAX, 30));
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
                if token.expiry().is_some() {
                    prop_assert_eq!(token.expose().split('.').count(), 3);
                }
                let _ = token.expires_within(u64::MAX, u64::MAX);
            }
            if let Some(token) = Token::new(&format!("h.{}.s", base64url(&payload))) {
                let _ = token.expiry();
            }
        }

        /// The `exp` claim is read back whatever the other claims and their order.
        #[test]
        fn exp_round_trips_among_other_claims(
            exp in any::<u64>(),
            before in "[a-z]{1,8}",
            noise in "\\PC{0,30}",
            exp_first in any::<bool>(),
        ) {
            let noise = noise.replace(['\\', '"'], "");
            let other = format!(r#""{before}x":"{noise} \"exp\": 1""#);
            let claim = format!(r#""exp":{exp}"#);
            let json = if exp_first { format!("{{{claim},{other}}}") } else { format!("{{{other},{claim}}}") };
            let token = jwt(&json);
            prop_assert_eq!(token.expiry(), Some(exp), "{}", json);
        }
    }
}

/// No token could be had from the host: its `tokenProvider` threw, rejected, gave no string or
/// did not answer in time, its `token-url` failed, or it gave none at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenUnavailable;
