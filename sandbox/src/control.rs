//! `/__sandbox/*`: what tests use to steer the sandbox (faults, reset).
//! Not part of Verifik's API.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use serde::Serialize;

use crate::body;
use crate::error::{json_body, ApiError};
use crate::faults::Armed;
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

/// `POST /__sandbox/reset`: forgets all registrations and disarms faults.
pub async fn reset(State(sandbox): State<Arc<Sandbox>>) -> Response {
    sandbox.store.clear();
    sandbox.faults.clear();
    json_body(&ResetReport { reset: true })
}
