//! `/v2/app-registrations`: create, retrieve one, list all.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::Claims;
use crate::body;
use crate::clock;
use crate::error::{json_body, ApiError};
use crate::faults::Target;
use crate::store::{AppRegistration, FIRST_STEP, STATUS_STARTED};
use crate::validate::validate_registration;
use crate::Sandbox;

/// The `client` of every registration: the sandbox plays a single Verifik account.
pub const SANDBOX_CLIENT_ID: &str = "5f8d0a24c6345c001fa9e2b2";
/// Lifetime of the token returned with a new registration: about 120 minutes, as Verifik's
/// onboarding pages say. It authenticates the e-mail and phone code calls.
pub const REGISTRATION_TOKEN_TTL_SECS: u64 = 120 * 60;

/// `{"data": ...}`, the envelope of every success.
#[derive(Debug, Serialize)]
pub struct Data<T> {
    /// The payload.
    pub data: T,
}

/// Payload of a successful create.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    /// The new registration.
    pub app_registration: AppRegistration,
    /// The information-validation record started with it.
    pub information_validation: IdOnly,
    /// JWT for the registration's next steps (`sub` = registration id).
    pub token: String,
}

/// `{"_id": "..."}`.
#[derive(Debug, Serialize)]
pub struct IdOnly {
    /// The id.
    #[serde(rename = "_id")]
    pub id: String,
}

/// `POST /v2/app-registrations`. An armed fault wins over everything, even auth,
/// so that a client sees it whatever it sends.
pub async fn create(State(sandbox): State<Arc<Sandbox>>, request: Request) -> Response {
    if let Some((fault, retry_after)) = sandbox.faults.take(Target::Registrations) {
        return fault
            .respond(
                Target::Registrations,
                retry_after,
                sandbox.config.timeout_fault,
            )
            .await;
    }
    create_checked(&sandbox, request)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// Auth, then media type, size and syntax, then fields, then uniqueness.
async fn create_checked(sandbox: &Sandbox, request: Request) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    sandbox
        .jwt
        .authorize(&parts.headers, sandbox.clock.unix_now())?;
    body::require_json(&parts.headers)?;
    let bytes = body::read_capped(body).await?;
    let object = body::parse_object(&bytes)?;
    let new = validate_registration(&object, &sandbox.config.blocked_domains)?;

    let now = sandbox.clock.now();
    let issued_at = clock::unix_seconds(now);
    let timestamp = clock::rfc3339_millis(now);
    let id = sandbox.ids.next_id(issued_at);
    let (country_code, phone) = match &new.phone {
        Some(phone) => (Some(phone.country_code.clone()), Some(phone.e164())),
        None => (None, None),
    };
    let registration = AppRegistration {
        id: id.clone(),
        client: SANDBOX_CLIENT_ID.to_owned(),
        project: new.project,
        project_flow: new.project_flow,
        status: STATUS_STARTED,
        email: new.email,
        country_code,
        phone,
        language: new.language.as_str(),
        current_step: FIRST_STEP,
        created_at: timestamp.clone(),
        updated_at: timestamp,
    };
    // Signed before inserting, so that a signing failure leaves nothing half-created.
    let token = sandbox.jwt.issue(&Claims {
        sub: id,
        iat: issued_at,
        exp: issued_at + REGISTRATION_TOKEN_TTL_SECS,
    })?;
    sandbox.store.insert(registration.clone())?;

    Ok(json_body(&Data {
        data: Created {
            app_registration: registration,
            information_validation: IdOnly {
                id: sandbox.ids.next_id(issued_at),
            },
            token,
        },
    }))
}

/// `GET /v2/app-registrations/{id}`.
pub async fn get_one(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    sandbox.jwt.authorize(&headers, sandbox.clock.unix_now())?;
    // An id that does not even decode (bad percent-encoding) cannot exist either.
    let Path(id) = id.map_err(|_| ApiError::RegistrationNotFound)?;
    let registration = sandbox
        .store
        .get(&id)
        .ok_or(ApiError::RegistrationNotFound)?;
    Ok(json_body(&Data { data: registration }))
}

/// `GET /v2/app-registrations`, oldest first.
pub async fn list(
    State(sandbox): State<Arc<Sandbox>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    sandbox.jwt.authorize(&headers, sandbox.clock.unix_now())?;
    Ok(json_body(&Data {
        data: sandbox.store.list(),
    }))
}
