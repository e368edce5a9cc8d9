//! `POST /v2/email-validations/app-registration` (send a code) and
//! `PUT /v2/email-validations/{id}` (check it).

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::requests::{self, TYPE_ONBOARDING};
use super::{authorized_call, deliver, fault, fresh, STATUS_SENT, STATUS_VALIDATED};
use crate::clock;
use crate::error::{json_body, ApiError, VerificationError};
use crate::faults::Target;
use crate::outbox::Channel;
use crate::registrations::Data;
use crate::Sandbox;

/// Answer of a send, in Verifik's field order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailSent {
    /// Validation id, for the check's path.
    #[serde(rename = "_id")]
    pub id: String,
    /// Always `sent`.
    pub status: &'static str,
    /// The address, normalized.
    pub email: String,
    /// Always `onboarding`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// End of the code's life.
    pub expires_at: String,
    /// Whether the active code was sent again rather than a new one made.
    pub existing: bool,
    /// Always true: a message went out.
    pub sent: bool,
    /// An opaque digest of the code, never the code.
    pub otp: String,
}

/// Answer of an accepted code.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailValidated {
    /// Validation id.
    #[serde(rename = "_id")]
    pub id: String,
    /// Always `validated`.
    pub status: &'static str,
    /// The address.
    pub email: String,
    /// Always `onboarding`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Always false in the sandbox.
    pub show_face_liveness_recommendation: bool,
}

/// `POST /v2/email-validations/app-registration`.
pub async fn send(State(sandbox): State<Arc<Sandbox>>, request: Request) -> Response {
    if let Some(response) = fault(&sandbox, Target::EmailValidations).await {
        return response;
    }
    send_checked(&sandbox, request)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// The project must be the registration's (else 404 `project_not_found`) and the address
/// its own (else 404 `NotFound` / `app registration not found`: this registration has no
/// such address).
async fn send_checked(sandbox: &Arc<Sandbox>, request: Request) -> Result<Response, ApiError> {
    let call = authorized_call(sandbox, request).await?;
    let wanted = requests::send_email(&call.body)?;
    let registration = &call.registration;
    if wanted.project != registration.project {
        return Err(VerificationError::ProjectNotFound.into());
    }
    let own = registration.email.as_deref().map(requests::normalize_email);
    if own.as_deref() != Some(wanted.email.as_str()) {
        return Err(ApiError::RegistrationNotFound);
    }

    let (validation, existing) =
        sandbox
            .validations
            .send_email(&registration.id, &wanted.email, call.now, || {
                fresh(sandbox, call.now)
            });
    deliver(
        sandbox,
        Channel::Email,
        validation.email.clone(),
        validation.code,
        registration,
        call.now,
    );
    Ok(json_body(&Data {
        data: EmailSent {
            id: validation.id,
            status: STATUS_SENT,
            email: validation.email,
            kind: TYPE_ONBOARDING,
            expires_at: clock::rfc3339_millis(validation.expires_at),
            existing,
            sent: true,
            otp: sandbox.codes.digest(validation.code),
        },
    }))
}

/// `PUT /v2/email-validations/{id}`.
pub async fn check(
    State(sandbox): State<Arc<Sandbox>>,
    id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Response {
    if let Some(response) = fault(&sandbox, Target::EmailValidations).await {
        return response;
    }
    check_checked(&sandbox, id, request)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// An id that is unknown, another registration's, for another address or already
/// validated answers 404 `email_validation_not_found`; then 412 if expired, 403 if wrong.
async fn check_checked(
    sandbox: &Arc<Sandbox>,
    id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    let call = authorized_call(sandbox, request).await?;
    let wanted = requests::check_email(&call.body)?;
    // An id that does not even decode (bad percent-encoding) cannot exist either.
    let Path(id) = id.map_err(|_| VerificationError::EmailNotFound)?;
    let validation = sandbox.validations.check_email(
        &id,
        &call.registration.id,
        &wanted.email,
        wanted.otp,
        call.now,
    )?;
    Ok(json_body(&Data {
        data: EmailValidated {
            id: validation.id,
            status: STATUS_VALIDATED,
            email: validation.email,
            kind: TYPE_ONBOARDING,
            show_face_liveness_recommendation: false,
        },
    }))
}
