//! Bearer tokens: HS256 JWTs signed with the sandbox's secret.
//!
//! The sandbox issues them itself (`POST /demo/token`, registration tokens) and
//! checks them on every `/v2` call, so that a widget's token handling (refresh on
//! expiry, never leaking the token) is exercised as against the real API. Expiry is
//! judged by the sandbox's clock ([`crate::clock::Clock`]), not the system's.

use axum::http::{header, HeaderMap};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{messages, ApiError};

/// Clock skew tolerated on `exp`. Small, so that expiry tests need not wait long.
pub const LEEWAY_SECS: u64 = 2;
/// Authorization scheme, compared case-insensitively.
const BEARER: &str = "Bearer";

/// Claims of every token the sandbox issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Who the token is for: the demo client, or a registration id.
    pub sub: String,
    /// Issued at, Unix seconds.
    pub iat: u64,
    /// Expires at, Unix seconds.
    pub exp: u64,
}

/// What a checked token says about its bearer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The `sub` claim, when it is a string: a registration id for registration tokens.
    pub subject: Option<String>,
}

/// The claims read from a token whose signature holds. Hosts' tokens may carry any
/// claims of any type; only `exp` must be a number.
#[derive(Deserialize)]
struct Checked {
    #[serde(default)]
    sub: Value,
    exp: Value,
}

/// Why a request's credentials were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthError {
    /// No `Authorization: Bearer <token>` header.
    Missing,
    /// Not a JWT, wrong algorithm, bad signature, or no `exp`.
    Invalid,
    /// Past `exp` (plus [`LEEWAY_SECS`]).
    Expired,
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        ApiError::Unauthorized(match e {
            AuthError::Missing => messages::MISSING_TOKEN,
            AuthError::Invalid => messages::INVALID_TOKEN,
            AuthError::Expired => messages::EXPIRED_TOKEN,
        })
    }
}

/// Signs and checks tokens with one shared secret.
pub struct Jwt {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Jwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jwt(***)")
    }
}

impl Jwt {
    /// Keys for `secret`.
    pub fn new(secret: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // `exp` stays required, but is compared with the sandbox's clock in `verify`:
        // the library would use the system's.
        validation.validate_exp = false;
        // Hosts may put an audience in their tokens; the sandbox has no audience to match.
        validation.validate_aud = false;
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
            validation,
        }
    }

    /// Signs `claims`.
    pub fn issue(&self, claims: &Claims) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| ApiError::Internal(format!("failed to sign a token: {e}")))
    }

    /// Checks the signature, then `exp` against `now` (Unix seconds) with
    /// [`LEEWAY_SECS`]; other claims are not required.
    pub fn verify(&self, token: &str, now: u64) -> Result<Verified, AuthError> {
        let claims = jsonwebtoken::decode::<Checked>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => AuthError::Expired,
                _ => AuthError::Invalid,
            })?
            .claims;
        // Integer or not, as the library accepts it; expired as the library judges it.
        let exp = claims.exp.as_f64().ok_or(AuthError::Invalid)?;
        if exp + (LEEWAY_SECS as f64) < now as f64 {
            return Err(AuthError::Expired);
        }
        Ok(Verified {
            subject: claims.sub.as_str().map(str::to_owned),
        })
    }

    /// Checks the request's `Authorization: Bearer` header at `now` (Unix seconds).
    pub fn authorize(&self, headers: &HeaderMap, now: u64) -> Result<Verified, AuthError> {
        self.verify(bearer_token(headers).ok_or(AuthError::Missing)?, now)
    }
}

/// The token of an `Authorization: Bearer <token>` header, if there is one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case(BEARER) && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn claims(iat: u64, exp: u64) -> Claims {
        Claims {
            sub: "demo".to_owned(),
            iat,
            exp,
        }
    }

    fn now() -> u64 {
        crate::clock::unix_seconds(crate::clock::now())
    }

    #[test]
    fn round_trip_and_rejections() {
        let jwt = Jwt::new("secret");
        let good = jwt.issue(&claims(now(), now() + 60)).expect("signs");
        let demo = Verified {
            subject: Some("demo".to_owned()),
        };
        assert_eq!(jwt.verify(&good, now()), Ok(demo));

        let expired = jwt.issue(&claims(now() - 120, now() - 60)).expect("signs");
        assert_eq!(jwt.verify(&expired, now()), Err(AuthError::Expired));

        let other = Jwt::new("other")
            .issue(&claims(now(), now() + 60))
            .expect("signs");
        assert_eq!(jwt.verify(&other, now()), Err(AuthError::Invalid));
        assert_eq!(jwt.verify("not.a.jwt", now()), Err(AuthError::Invalid));
        assert_eq!(jwt.verify("", now()), Err(AuthError::Invalid));
    }

    #[test]
    fn expiry_is_judged_at_the_given_time_with_leeway() {
        let jwt = Jwt::new("secret");
        let token = jwt.issue(&claims(1_000, 1_060)).expect("signs");
        assert!(jwt.verify(&token, 1_000).is_ok());
        assert!(jwt.verify(&token, 1_060 + LEEWAY_SECS).is_ok());
        assert_eq!(
            jwt.verify(&token, 1_061 + LEEWAY_SECS),
            Err(AuthError::Expired)
        );
    }

    #[test]
    fn hosts_claims_of_other_shapes_are_accepted() {
        let jwt = Jwt::new("secret");
        let sign = |claims: serde_json::Value| {
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &jwt.encoding)
                .expect("signs")
        };
        let numeric_sub = sign(serde_json::json!({"sub": 7, "exp": 2_000.5, "aud": "x"}));
        assert_eq!(
            jwt.verify(&numeric_sub, 1_000),
            Ok(Verified { subject: None })
        );
        let no_exp = sign(serde_json::json!({"sub": "a"}));
        assert_eq!(jwt.verify(&no_exp, 1_000), Err(AuthError::Invalid));
        let text_exp = sign(serde_json::json!({"sub": "a", "exp": "2000"}));
        assert_eq!(jwt.verify(&text_exp, 1_000), Err(AuthError::Invalid));
    }

    #[test]
    fn bearer_header_parsing() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&headers), None);
    }
}
