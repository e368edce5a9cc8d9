//! `/__sandbox/*`: what tests use to steer and read the sandbox (faults, clock, outbox,
//! reset). Not part of Verifik's API.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use crate::body;
use crate::clock;
use crate::error::{json_body, messages, ApiError};
use crate::faults::Armed;
use crate::registrations::Data;
use crate::Sandbox;

/// `{"armed": {...}}` or `{"armed": null}`.
#[derive(Debug, Serialize)]
pub struct ArmedReport {
    /// What is armed.
    pub armed: Option<Armed>,
}

/// `{"reset": true}`.
#[derive(Debug, Serialize)]
pub struct ResetReport {
    /// Always true.
    pub reset: bool,
}

/// Clock request field: seconds to move forward.
pub const ADVANCE_FIELD: &str = "advanceSeconds";

/// `{"now": "<RFC 3339>", "offsetSeconds": N}`: the sandbox's time and how far ahead of the
/// system's it is.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockReport {
    /// The sandbox's current instant.
    pub now: String,
    /// Seconds ahead of the system clock.
    pub offset_seconds: u64,
}

impl ClockReport {
    fn of(sandbox: &Sandbox) -> Self {
        Self {
            now: clock::rfc3339_millis(sandbox.clock.now()),
            offset_seconds: sandbox.clock.offset_secs(),
        }
    }
}

/// `POST /__sandbox/faults`. The content type is not checked: this is a test hook,
/// often called from shell scripts.
pub async fn arm(
    State(sandbox): State<Arc<Sandbox>>,
    request: Request,
) -> Result<Response, ApiError> {
    let bytes = body::read_capped(request.into_body()).await?;
    let armed = Armed::from_request(&body::parse_object(&bytes)?)?;
    sandbox.faults.arm(armed);
    Ok(json_body(&ArmedReport { armed: Some(armed) }))
}

/// `GET /__sandbox/faults`: what is armed and how many calls are left.
pub async fn current(State(sandbox): State<Arc<Sandbox>>) -> Response {
    json_body(&ArmedReport {
        armed: sandbox.faults.current(),
    })
}

/// `DELETE /__sandbox/faults`.
pub async fn clear(State(sandbox): State<Arc<Sandbox>>) -> Response {
    sandbox.faults.clear();
    json_body(&ArmedReport { armed: None })
}

/// `POST /__sandbox/clock` with `{"advanceSeconds": N}`: moves the clock N seconds forward
/// (0 reads it). Like the fault hook, the content type is not checked.
pub async fn advance_clock(
    State(sandbox): State<Arc<Sandbox>>,
    request: Request,
) -> Result<Response, ApiError> {
    let bytes = body::read_capped(request.into_body()).await?;
    let secs = match body::parse_object(&bytes)?.get(ADVANCE_FIELD) {
        None | Some(Value::Null) => {
            return Err(ApiError::BadRequest(
                messages::CLOCK_MISSING_ADVANCE.to_owned(),
            ))
        }
        Some(value) => value
            .as_u64()
            .ok_or_else(|| ApiError::BadRequest(messages::CLOCK_INVALID_ADVANCE.to_owned()))?,
    };
    sandbox
        .clock
        .advance(secs)
        .map_err(|_| ApiError::BadRequest(messages::CLOCK_TOO_FAR.to_owned()))?;
    Ok(json_body(&ClockReport::of(&sandbox)))
}

/// `GET /__sandbox/clock`: the sandbox's time.
pub async fn current_clock(State(sandbox): State<Arc<Sandbox>>) -> Response {
    json_body(&ClockReport::of(&sandbox))
}

/// `GET /__sandbox/outbox`: `{"data": [...]}`, every message sent, newest first.
pub async fn outbox(State(sandbox): State<Arc<Sandbox>>) -> Response {
    json_body(&Data {
        data: sandbox.outbox.newest_first(),
    })
}

/// `POST /__sandbox/reset`: forgets all registrations, validations and messages, disarms
/// faults and puts the clock back.
pub async fn reset(State(sandbox): State<Arc<Sandbox>>) -> Response {
    sandbox.store.clear();
    sandbox.validations.clear();
    sandbox.outbox.clear();
    sandbox.faults.clear();
    sandbox.clock.reset();
    json_body(&ResetReport { reset: true })
}
