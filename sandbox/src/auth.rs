//! Bearer tokens: HS256 JWTs signed with the sandbox's secret.
//!
//! The sandbox issues them itself (`POST /demo/token`, registration tokens) and
//! checks them on every `/v2` call, so that a widget's token handling (refresh on
//! expiry, never leaking the token) is exercised as against the real API.

use axum::http::{header, HeaderMap};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

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
        validation.leeway = LEEWAY_SECS;
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

    /// Checks signature and expiry; other claims are not required.
    pub fn verify(&self, token: &str) -> Result<(), AuthError> {
        jsonwebtoken::decode::<serde::de::IgnoredAny>(token, &self.decoding, &self.validation)
            .map(|_| ())
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => AuthError::Expired,
                _ => AuthError::Invalid,
            })
    }

    /// Checks the request's `Authorization: Bearer` header.
    pub fn authorize(&self, headers: &HeaderMap) -> Result<(), AuthError> {
        self.verify(bearer_token(headers).ok_or(AuthError::Missing)?)
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
        assert_eq!(jwt.verify(&good), Ok(()));

        let expired = jwt.issue(&claims(now() - 120, now() - 60)).expect("signs");
        assert_eq!(jwt.verify(&expired), Err(AuthError::Expired));

        let other = Jwt::new("other")
            .issue(&claims(now(), now() + 60))
            .expect("signs");
        assert_eq!(jwt.verify(&other), Err(AuthError::Invalid));
        assert_eq!(jwt.verify("not.a.jwt"), Err(AuthError::Invalid));
        assert_eq!(jwt.verify(""), Err(AuthError::Invalid));
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
