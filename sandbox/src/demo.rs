//! `POST /demo/token`: plays the host's backend, which in production holds the
//! Verifik credentials and hands the page a short-lived token.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Claims;
use crate::body;
use crate::clock;
use crate::error::{json_body, messages, ApiError};
use crate::Sandbox;

/// `sub` of demo tokens.
pub const DEMO_SUBJECT: &str = "sandbox-demo-host";
/// Lifetime when the request names none.
pub const DEFAULT_TTL_SECS: u64 = 300;
/// Shortest lifetime granted.
pub const MIN_TTL_SECS: u64 = 1;
/// Longest lifetime granted: tokens handed to pages should be short-lived.
pub const MAX_TTL_SECS: u64 = 3600;
/// Request field naming the lifetime.
pub const TTL_FIELD: &str = "ttlSeconds";

/// Answer of `POST /demo/token`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    /// HS256 JWT with `sub`, `iat`, `exp`.
    pub token: String,
    /// `exp` as RFC 3339.
    pub expires_at: String,
}

/// Issues a bearer token. The body is optional and its content type is not
/// checked, since host pages post to a token URL with no body at all.
pub async fn issue_token(
    State(sandbox): State<Arc<Sandbox>>,
    request: Request,
) -> Result<Response, ApiError> {
    let bytes = body::read_capped(request.into_body()).await?;
    let ttl = if bytes.iter().all(u8::is_ascii_whitespace) {
        DEFAULT_TTL_SECS
    } else {
        ttl_from(body::parse_object(&bytes)?.get(TTL_FIELD))?
    };

    let now = sandbox.clock.now();
    let issued_at = clock::unix_seconds(now);
    let token = sandbox.jwt.issue(&Claims {
        sub: DEMO_SUBJECT.to_owned(),
        iat: issued_at,
        exp: issued_at + ttl,
    })?;
    // `ttl` is at most an hour, so the addition cannot overflow.
    let expires_at = clock::rfc3339_millis(now + std::time::Duration::from_secs(ttl));
    Ok(json_body(&IssuedToken { token, expires_at }))
}

/// The requested lifetime, clamped to [`MIN_TTL_SECS`]..=[`MAX_TTL_SECS`].
fn ttl_from(value: Option<&Value>) -> Result<u64, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(DEFAULT_TTL_SECS),
        Some(value) => {
            let secs = value
                .as_i64()
                .ok_or_else(|| ApiError::BadRequest(messages::INVALID_TTL.to_owned()))?;
            let clamped = secs.clamp(MIN_TTL_SECS as i64, MAX_TTL_SECS as i64);
            Ok(clamped.unsigned_abs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ttl_defaults_and_clamps() {
        assert_eq!(ttl_from(None), Ok(DEFAULT_TTL_SECS));
        assert_eq!(ttl_from(Some(&json!(null))), Ok(DEFAULT_TTL_SECS));
        assert_eq!(ttl_from(Some(&json!(60))), Ok(60));
        assert_eq!(ttl_from(Some(&json!(0))), Ok(MIN_TTL_SECS));
        assert_eq!(ttl_from(Some(&json!(-5))), Ok(MIN_TTL_SECS));
        assert_eq!(ttl_from(Some(&json!(1_000_000))), Ok(MAX_TTL_SECS));
        assert!(ttl_from(Some(&json!("60"))).is_err());
        assert!(ttl_from(Some(&json!(1.5))).is_err());
    }
}
