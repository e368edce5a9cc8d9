//! `POST /v2/phone-validations/app-registration` (send a code) and
//! `PUT /v2/phone-validations` (check it; no id in the path: the number finds it).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::requests::{self, TYPE_ONBOARDING};
use super::store::{PhoneLookup, PhoneSend};
use super::{authorized_call, deliver, fault, fresh, Gateway, STATUS_SENT, STATUS_VALIDATED};
use crate::clock;
use crate::error::{json_body, ApiError, VerificationError};
use crate::faults::Target;
use crate::registrations::Data;
use crate::Sandbox;

/// Answer of a send, in Verifik's field order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneSent {
    /// Validation id.
    #[serde(rename = "_id")]
    pub id: String,
    /// Always `sent`.
    pub status: &'static str,
    /// `+` and digits.
    pub country_code: String,
    /// National digits.
    pub phone: String,
    /// `sms` or `whatsapp`.
    pub phone_gateway: Gateway,
    /// End of the code's life.
    pub expires_at: String,
    /// The registration's language.
    pub language: &'static str,
    /// False when a pending validation got a new code instead of a new validation.
    pub new: bool,
    /// An opaque digest of the code, never the code.
    pub otp: String,
}

/// Answer of an accepted code.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneValidated {
    /// Validation id.
    #[serde(rename = "_id")]
    pub id: String,
    /// Always `validated`.
    pub status: &'static str,
    /// `+` and digits.
    pub country_code: String,
    /// National digits.
    pub phone: String,
    /// Always `onboarding`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Always false in the sandbox.
    pub show_face_liveness_recommendation: bool,
}

/// `POST /v2/phone-validations/app-registration`.
pub async fn send(State(sandbox): State<Arc<Sandbox>>, request: Request) -> Response {
    if let Some(response) = fault(&sandbox, Target::PhoneValidations).await {
        return response;
    }
    send_checked(&sandbox, request)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// The project must be the registration's (else 404 `project_not_found`) and the number its
/// own (else 404 `NotFound` / `app registration not found`); then the cooldown (409
/// `otp_recently_sent`, nothing sent).
async fn send_checked(sandbox: &Arc<Sandbox>, request: Request) -> Result<Response, ApiError> {
    let call = authorized_call(sandbox, request).await?;
    let wanted = requests::send_phone(&call.body)?;
    let registration = &call.registration;
    if wanted.project != registration.project {
        return Err(VerificationError::ProjectNotFound.into());
    }
    let e164 = format!("{}{}", wanted.country_code, wanted.phone);
    let own = registration.country_code.as_deref() == Some(wanted.country_code.as_str())
        && registration.phone.as_deref() == Some(e164.as_str());
    if !own {
        return Err(ApiError::RegistrationNotFound);
    }

    let gateway = Gateway::for_country_code(&wanted.country_code);
    let send = PhoneSend {
        registration_id: registration.id.clone(),
        project: registration.project.clone(),
        project_flow: registration.project_flow.clone(),
        country_code: wanted.country_code,
        phone: wanted.phone,
        gateway,
    };
    let (validation, new) = sandbox
        .validations
        .send_phone(send, call.now, || fresh(sandbox, call.now))?;
    deliver(
        sandbox,
        gateway.channel(),
        e164,
        validation.code,
        registration,
        call.now,
    );
    Ok(json_body(&Data {
        data: PhoneSent {
            id: validation.id,
            status: STATUS_SENT,
            country_code: validation.country_code,
            phone: validation.phone,
            phone_gateway: validation.gateway,
            expires_at: clock::rfc3339_millis(validation.expires_at),
            language: registration.language,
            new,
            otp: sandbox.codes.digest(validation.code),
        },
    }))
}

/// `PUT /v2/phone-validations`.
pub async fn check(State(sandbox): State<Arc<Sandbox>>, request: Request) -> Response {
    if let Some(response) = fault(&sandbox, Target::PhoneValidations).await {
        return response;
    }
    check_checked(&sandbox, request)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// No pending validation of this registration for that number (narrowed by `project`,
/// `projectFlow`, `phoneGateway` when given) answers 404 `phone_validation_not_found`;
/// then 412 if expired, 403 if wrong.
async fn check_checked(sandbox: &Arc<Sandbox>, request: Request) -> Result<Response, ApiError> {
    let call = authorized_call(sandbox, request).await?;
    let wanted = requests::check_phone(&call.body)?;
    let lookup = PhoneLookup {
        registration_id: &call.registration.id,
        country_code: &wanted.country_code,
        phone: &wanted.phone,
        project: wanted.project.as_deref(),
        project_flow: wanted.project_flow.as_deref(),
        gateway: wanted.phone_gateway.as_deref(),
    };
    let validation = sandbox
        .validations
        .check_phone(&lookup, wanted.otp, call.now)?;
    Ok(json_body(&Data {
        data: PhoneValidated {
            id: validation.id,
            status: STATUS_VALIDATED,
            country_code: validation.country_code,
            phone: validation.phone,
            kind: TYPE_ONBOARDING,
            show_face_liveness_recommendation: false,
        },
    }))
}
