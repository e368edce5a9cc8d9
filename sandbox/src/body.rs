//! Reading request bodies: size cap, content type, JSON object.
//!
//! Done by hand rather than with axum's `Json` extractor so that every rejection
//! is a `{"code","message"}` body, and so that faults can be served before the
//! body is even looked at.

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

use crate::error::{messages, ApiError, JSON_CONTENT_TYPE};

/// Largest accepted body. A registration is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// How much of an oversized body is read and thrown away before answering 413.
/// Closing a socket with unread data makes the kernel reset the connection,
/// which can destroy the 413 before the client reads it.
const DRAIN_LIMIT_BYTES: usize = 1024 * 1024;
/// How long draining an oversized body may take.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(2);

/// Refuses anything but `application/json` (parameters allowed) or `application/*+json`.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|mime| {
            mime == JSON_CONTENT_TYPE
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        });
    if is_json {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// Reads the whole body, or answers 413 beyond [`MAX_BODY_BYTES`].
pub async fn read_capped(mut body: Body) -> Result<Bytes, ApiError> {
    let too_large = ApiError::PayloadTooLarge(MAX_BODY_BYTES);
    // A Content-Length over the cap is refused before reading any of it.
    if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        drain(body).await;
        return Err(too_large);
    }
    let mut buf = Vec::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        // A body stream error means the client went away; nobody reads the answer.
        let frame = frame.map_err(|e| ApiError::InvalidContent(e.to_string()))?;
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > MAX_BODY_BYTES {
                drain(body).await;
                return Err(too_large);
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.into())
}

/// Reads and discards up to [`DRAIN_LIMIT_BYTES`] of what is left.
async fn drain(mut body: Body) {
    let discard = async {
        let mut seen = 0usize;
        while let Some(Ok(frame)) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            seen += frame.data_ref().map_or(0, Bytes::len);
            if seen > DRAIN_LIMIT_BYTES {
                break;
            }
        }
    };
    // Past the limit or the deadline the connection is reset after all; that is
    // the client's problem for sending megabytes to a 16 KiB endpoint.
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, discard).await;
}

/// Parses a JSON object; anything else answers 400 `InvalidContent`.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::InvalidContent(messages::NOT_AN_OBJECT.to_owned())),
        Err(e) => Err(ApiError::InvalidContent(format!(
            "{}: {e}",
            messages::INVALID_JSON
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn json_content_types() {
        let mut headers = HeaderMap::new();
        assert!(require_json(&headers).is_err());
        for ok in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/merge-patch+json",
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ok));
            assert!(require_json(&headers).is_ok(), "{ok}");
        }
        for bad in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "text/json",
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(bad));
            assert_eq!(
                require_json(&headers),
                Err(ApiError::UnsupportedMediaType),
                "{bad}"
            );
        }
    }

    #[test]
    fn objects_only() {
        assert!(parse_object(br#"{"a":1}"#).is_ok());
        for bad in [&b"[]"[..], b"null", b"\"x\"", b"", b"{", b"\xff"] {
            assert!(matches!(
                parse_object(bad),
                Err(ApiError::InvalidContent(_))
            ));
        }
    }

    #[tokio::test]
    async fn cap() {
        let ok = read_capped(Body::from(vec![b'a'; MAX_BODY_BYTES])).await;
        assert_eq!(ok.map(|b| b.len()), Ok(MAX_BODY_BYTES));
        let big = read_capped(Body::from(vec![b'a'; MAX_BODY_BYTES + 1])).await;
        assert_eq!(big, Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES)));
    }
}
