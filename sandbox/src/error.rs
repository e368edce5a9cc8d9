//! The one error type every handler answers with, and every code and message the
//! sandbox can put on the wire.
//!
//! Verifik's clients recognise an error by the body's `code` and `message`, not by
//! the HTTP status alone, so both are constants here: tests and the widget can rely
//! on them byte for byte.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::validate::ValidationError;

/// Error codes (`code` in the body). Named after restify's error classes, as Verifik's are.
pub mod codes {
    /// A required field is absent.
    pub const MISSING_PARAMETER: &str = "MissingParameter";
    /// A field is present but malformed.
    pub const INVALID_ARGUMENT: &str = "InvalidArgument";
    /// The project refuses the e-mail domain.
    pub const PRECONDITION_FAILED: &str = "PreconditionFailed";
    /// The e-mail or phone already has a registration in the project.
    pub const CONFLICT: &str = "Conflict";
    /// Bearer token missing, malformed, badly signed or expired.
    pub const INVALID_CREDENTIALS: &str = "InvalidCredentials";
    /// No such registration or route.
    pub const NOT_FOUND: &str = "NotFound";
    /// The route exists but not for this method.
    pub const METHOD_NOT_ALLOWED: &str = "MethodNotAllowed";
    /// The body is over the size cap.
    pub const PAYLOAD_TOO_LARGE: &str = "PayloadTooLarge";
    /// The body is not declared as JSON.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "UnsupportedMediaType";
    /// The body is not a JSON object.
    pub const INVALID_CONTENT: &str = "InvalidContent";
    /// Injected `status_500` fault (or a real bug).
    pub const INTERNAL_SERVER_ERROR: &str = "InternalServerError";
    /// Injected `status_503` fault.
    pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";
    /// Injected `status_429` fault.
    pub const TOO_MANY_REQUESTS: &str = "TooManyRequests";
    /// The code checked is not the one sent.
    pub const OTP_DOES_NOT_MATCH: &str = "otp_does_not_match";
    /// The e-mail code is past its life.
    pub const EMAIL_VALIDATION_EXPIRED: &str = "emailValidation_has_expired";
    /// The phone code is past its life.
    pub const PHONE_VALIDATION_EXPIRED: &str = "phoneValidation_has_expired";
    /// No pending e-mail validation with that id for this registration and address.
    pub const EMAIL_VALIDATION_NOT_FOUND: &str = "email_validation_not_found";
    /// No pending phone validation for that number and this registration.
    pub const PHONE_VALIDATION_NOT_FOUND: &str = "phone_validation_not_found";
    /// A phone code went to the same number and gateway less than the cooldown ago.
    pub const OTP_RECENTLY_SENT: &str = "otp_recently_sent";
    /// The message provider failed (only ever the `otp_not_sent` fault here).
    pub const OTP_NOT_SENT: &str = "otp_not_sent";
    /// The project is not the registration's.
    pub const PROJECT_NOT_FOUND: &str = "project_not_found";
}

/// Fixed messages (`message` in the body). Those from Verifik's documentation are
/// copied verbatim, odd casing included.
pub mod messages {
    /// `project` absent.
    pub const MISSING_PROJECT: &str = "missing project";
    /// `projectFlow` absent.
    pub const MISSING_PROJECT_FLOW: &str = "missing projectFlow";
    /// Neither `email` nor `phone`.
    pub const MISSING_CONTACT: &str = "Needs an email or a phone at least";
    /// `phone` without `countryCode`.
    pub const MISSING_COUNTRY_CODE: &str = "missing countryCode";
    /// The e-mail domain is on the block list.
    pub const EMAIL_DOMAIN_NOT_ALLOWED: &str = "email domain not allowed";
    /// Duplicate e-mail within a project.
    pub const EMAIL_REGISTERED: &str = "email_is_registered_already";
    /// Duplicate phone within a project.
    pub const PHONE_REGISTERED: &str = "phone_is_registered_already";
    /// Checking an e-mail code without the address or the code (Verifik's wording).
    pub const MISSING_EMAIL_AND_OTP: &str = "missing_email_and_otp";
    /// Start of the list of what a validation request lacks: `missing project, email`.
    pub const MISSING_PREFIX: &str = "missing";
    /// An e-mail to verify that is no address (Verifik's wording).
    pub const INVALID_EMAIL_FORMAT: &str = "Invalid email format";
    /// A country code that is not `+` and 1–3 digits, in a validation request.
    pub const INVALID_COUNTRY_CODE_FORMAT: &str = "Invalid countryCode format";
    /// No `Authorization: Bearer` header.
    pub const MISSING_TOKEN: &str = "Missing bearer token";
    /// Token malformed or badly signed (also the `status_401` fault).
    pub const INVALID_TOKEN: &str = "Invalid token";
    /// Token past its `exp`.
    pub const EXPIRED_TOKEN: &str = "Token expired";
    /// Unknown registration id.
    pub const REGISTRATION_NOT_FOUND: &str = "app registration not found";
    /// Unknown route, or no such static file.
    pub const ROUTE_NOT_FOUND: &str = "resource not found";
    /// Known route, wrong method.
    pub const METHOD_NOT_ALLOWED: &str = "method not allowed";
    /// Body over the cap (the cap is appended).
    pub const PAYLOAD_TOO_LARGE: &str = "request body is larger than the limit of";
    /// Content type other than JSON.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "Content-Type must be application/json";
    /// Body is valid JSON but not an object.
    pub const NOT_AN_OBJECT: &str = "request body must be a JSON object";
    /// Prefix of the parser's own message for unparseable JSON.
    pub const INVALID_JSON: &str = "request body is not valid JSON";
    /// `status_500` fault.
    pub const FAULT_500: &str = "sandbox fault: internal server error";
    /// `status_503` fault.
    pub const FAULT_503: &str = "sandbox fault: service unavailable";
    /// `status_429` fault.
    pub const FAULT_429: &str = "sandbox fault: too many requests";
    /// Fault request without a `fault` name (the known names are appended).
    pub const FAULT_MISSING: &str = "missing fault";
    /// Fault request naming an unknown fault (the name and known names are appended).
    pub const FAULT_UNKNOWN: &str = "unknown fault";
    /// Fault request naming a path faults cannot target (the known paths are appended).
    pub const FAULT_UNKNOWN_PATH: &str = "unknown path";
    /// Fault request whose `count` is not an integer.
    pub const FAULT_INVALID_COUNT: &str = "invalid count: expected an integer";
    /// Fault request whose `retryAfter` is not whole seconds.
    pub const FAULT_INVALID_RETRY_AFTER: &str = "invalid retryAfter: expected whole seconds";
    /// Clock request without `advanceSeconds`.
    pub const CLOCK_MISSING_ADVANCE: &str = "missing advanceSeconds";
    /// Clock request whose `advanceSeconds` is not whole seconds, 0 or more.
    pub const CLOCK_INVALID_ADVANCE: &str =
        "invalid advanceSeconds: expected whole seconds, 0 or more (the clock only moves forward)";
    /// Clock request that would put the clock past its limit.
    pub const CLOCK_TOO_FAR: &str =
        "invalid advanceSeconds: the clock cannot be more than 10 years ahead";
    /// Demo token request whose `ttlSeconds` is not whole seconds.
    pub const INVALID_TTL: &str = "invalid ttlSeconds: expected whole seconds";
    /// A `drop_connection`/`timeout` fault reached a server that cannot drop connections.
    pub const DROP_UNSUPPORTED: &str =
        "sandbox fault: dropping the connection needs verifik_sandbox::serve";
}

/// Wire shape of every error: `{"code": "...", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code, one of [`codes`].
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

/// The errors of the e-mail and phone validation calls that Verifik names in snake case.
/// Each answers `{"code": "<code>", "message": "<status>:<code>"}`, the shape Verifik
/// documents for `otp_does_not_match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationError {
    /// 403: wrong code.
    CodeMismatch,
    /// 412: the e-mail code is past its life.
    EmailExpired,
    /// 412: the phone code is past its life.
    PhoneExpired,
    /// 404: no such pending e-mail validation for this registration.
    EmailNotFound,
    /// 404: no pending phone validation for that number and this registration.
    PhoneNotFound,
    /// 409: phone cooldown.
    RecentlySent,
    /// 409: the provider failed.
    NotSent,
    /// 404: the project is not the registration's.
    ProjectNotFound,
}

impl VerificationError {
    /// HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            Self::CodeMismatch => StatusCode::FORBIDDEN,
            Self::EmailExpired | Self::PhoneExpired => StatusCode::PRECONDITION_FAILED,
            Self::EmailNotFound | Self::PhoneNotFound | Self::ProjectNotFound => {
                StatusCode::NOT_FOUND
            }
            Self::RecentlySent | Self::NotSent => StatusCode::CONFLICT,
        }
    }

    /// Body `code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::CodeMismatch => codes::OTP_DOES_NOT_MATCH,
            Self::EmailExpired => codes::EMAIL_VALIDATION_EXPIRED,
            Self::PhoneExpired => codes::PHONE_VALIDATION_EXPIRED,
            Self::EmailNotFound => codes::EMAIL_VALIDATION_NOT_FOUND,
            Self::PhoneNotFound => codes::PHONE_VALIDATION_NOT_FOUND,
            Self::RecentlySent => codes::OTP_RECENTLY_SENT,
            Self::NotSent => codes::OTP_NOT_SENT,
            Self::ProjectNotFound => codes::PROJECT_NOT_FOUND,
        }
    }

    /// Body `message`: `403:otp_does_not_match`.
    pub fn message(self) -> String {
        format!("{}:{}", self.status().as_u16(), self.code())
    }
}

/// Every way a request can fail, across all endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// Body fields missing or malformed (409), or a blocked domain (412).
    Validation(ValidationError),
    /// The e-mail is already registered in the project (409).
    EmailConflict,
    /// The phone is already registered in the project (409).
    PhoneConflict,
    /// A validation request lacks something, or has a malformed e-mail or country code:
    /// 409 `MissingParameter` with this message.
    MissingParameter(String),
    /// A validation request field of the wrong type or value: 409 `InvalidArgument` /
    /// `invalid <field>`.
    InvalidField(&'static str),
    /// An error of the validation calls (403, 404, 409, 412).
    Verification(VerificationError),
    /// 401 with the given message.
    Unauthorized(&'static str),
    /// Unknown registration id (404).
    RegistrationNotFound,
    /// No route, no static file (404).
    RouteNotFound,
    /// Known route, unsupported method (405).
    MethodNotAllowed,
    /// Body larger than the cap, in bytes (413).
    PayloadTooLarge(usize),
    /// Content type other than JSON (415).
    UnsupportedMediaType,
    /// Body unparseable or not an object, or a bad control request (400).
    InvalidContent(String),
    /// A control request names something the sandbox does not know (400).
    BadRequest(String),
    /// A bug in the sandbox itself (500).
    Internal(String),
    /// Injected fault: status, code, message and optional `Retry-After` seconds.
    Fault {
        /// HTTP status of the injected error.
        status: StatusCode,
        /// Body code.
        code: &'static str,
        /// Body message.
        message: &'static str,
        /// `Retry-After` header value, in seconds.
        retry_after: Option<u32>,
    },
}

impl ApiError {
    /// HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Validation(e) => e.status(),
            Self::EmailConflict | Self::PhoneConflict => StatusCode::CONFLICT,
            Self::MissingParameter(_) | Self::InvalidField(_) => StatusCode::CONFLICT,
            Self::Verification(e) => e.status(),
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::RegistrationNotFound | Self::RouteNotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::InvalidContent(_) | Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Fault { status, .. } => *status,
        }
    }

    /// Body `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(e) => e.code(),
            Self::EmailConflict | Self::PhoneConflict => codes::CONFLICT,
            Self::MissingParameter(_) => codes::MISSING_PARAMETER,
            Self::InvalidField(_) => codes::INVALID_ARGUMENT,
            Self::Verification(e) => e.code(),
            Self::Unauthorized(_) => codes::INVALID_CREDENTIALS,
            Self::RegistrationNotFound | Self::RouteNotFound => codes::NOT_FOUND,
            Self::MethodNotAllowed => codes::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => codes::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => codes::UNSUPPORTED_MEDIA_TYPE,
            Self::InvalidContent(_) => codes::INVALID_CONTENT,
            Self::BadRequest(_) => codes::INVALID_ARGUMENT,
            Self::Internal(_) => codes::INTERNAL_SERVER_ERROR,
            Self::Fault { code, .. } => code,
        }
    }

    /// Body `message`.
    pub fn message(&self) -> Cow<'static, str> {
        match self {
            Self::Validation(e) => e.message(),
            Self::EmailConflict => messages::EMAIL_REGISTERED.into(),
            Self::PhoneConflict => messages::PHONE_REGISTERED.into(),
            Self::MissingParameter(m) => m.clone().into(),
            Self::InvalidField(field) => format!("invalid {field}").into(),
            Self::Verification(e) => e.message().into(),
            Self::Unauthorized(m) => (*m).into(),
            Self::RegistrationNotFound => messages::REGISTRATION_NOT_FOUND.into(),
            Self::RouteNotFound => messages::ROUTE_NOT_FOUND.into(),
            Self::MethodNotAllowed => messages::METHOD_NOT_ALLOWED.into(),
            Self::PayloadTooLarge(limit) => {
                format!("{} {limit} bytes", messages::PAYLOAD_TOO_LARGE).into()
            }
            Self::UnsupportedMediaType => messages::UNSUPPORTED_MEDIA_TYPE.into(),
            Self::InvalidContent(m) | Self::BadRequest(m) | Self::Internal(m) => m.clone().into(),
            Self::Fault { message, .. } => (*message).into(),
        }
    }
}

impl From<VerificationError> for ApiError {
    fn from(e: VerificationError) -> Self {
        Self::Verification(e)
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        Self::Validation(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code().to_owned(),
            message: self.message().into_owned(),
        };
        let mut response = (self.status(), json_body(&body)).into_response();
        if let Self::Fault {
            retry_after: Some(secs),
            ..
        } = self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Serialises `value` as an `application/json` body.
///
/// Serialising the sandbox's own plain structs cannot fail; should it ever, the
/// client still gets a well-formed `{"code","message"}` 500 rather than a panic.
pub fn json_body<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => ([(header::CONTENT_TYPE, JSON_CONTENT_TYPE)], bytes).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, JSON_CONTENT_TYPE)],
            FALLBACK_500_BODY,
        )
            .into_response(),
    }
}

/// Content type of every JSON answer.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// Hand-written so that it needs no serialiser of its own.
const FALLBACK_500_BODY: &str =
    r#"{"code":"InternalServerError","message":"failed to serialise the response"}"#;

/// Answers 404 for any route the sandbox does not serve.
pub async fn route_not_found() -> ApiError {
    ApiError::RouteNotFound
}

/// Answers 405 for a known route called with another method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
