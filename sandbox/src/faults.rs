//! Injected failures for `POST /v2/app-registrations`, or for the calls under
//! `/v2/email-validations` or `/v2/phone-validations`, so that a client's handling of
//! every way a network call can go wrong can be tested on demand.
//!
//! Arming replaces whatever was armed before, whatever its path: "the next N calls get
//! this fault" is then literally true, whatever a previous test left behind.

use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{codes, messages, ApiError, ErrorBody, VerificationError, JSON_CONTENT_TYPE};
use crate::validate::ValidationError;

/// Fewest calls a fault is armed for.
pub const MIN_COUNT: u32 = 1;
/// Most calls a fault is armed for.
pub const MAX_COUNT: u32 = 1000;
/// What `malformed_json` answers: a body cut off mid-object.
pub const MALFORMED_BODY: &str = r#"{"data":{"appRegistration":"#;
/// What `html_error_page` answers: a proxy's error page instead of the API's JSON.
pub const HTML_ERROR_PAGE: &str =
    "<!doctype html><html><head><title>502 Bad Gateway</title></head>\
     <body><h1>Bad Gateway</h1><hr>nginx</body></html>";
/// Size of the `huge_body` answer: 10 MiB.
pub const HUGE_BODY_BYTES: usize = 10 * 1024 * 1024;
/// What `wrong_types` answers: the success shape with every member of the wrong type.
pub const WRONG_TYPES_BODY: &str = r#"{"data":{"appRegistration":{"_id":65772,"status":["STARTED"]},"informationValidation":"65772f3b427932d45a3811fa","token":false}}"#;
/// What `markup_message` answers: a `Conflict` whose message is markup that runs script if a
/// client ever parses it as HTML.
pub const MARKUP_MESSAGE_BODY: &str =
    r#"{"code":"Conflict","message":"<img src=x onerror=\"window.__verifikInjected=1\">"}"#;
/// What `missing_id` answers: a success without `data.appRegistration._id`.
pub const MISSING_ID_BODY: &str = r#"{"data":{"appRegistration":{"status":"STARTED","currentStep":1},"informationValidation":{"_id":"65772f3b427932d45a3811fa"}}}"#;
/// Where `cross_origin_redirect` points for registrations: another origin, which must never
/// get the request. For a validation path, the same origin followed by that path.
pub const REDIRECT_LOCATION: &str = "https://redirect.invalid/v2/app-registrations";
/// The origin of every `cross_origin_redirect` location.
pub const REDIRECT_ORIGIN: &str = "https://redirect.invalid";
/// `malformed_json` on a validation path: a body cut off mid-object.
pub const VALIDATION_MALFORMED_BODY: &str = r#"{"data":{"_id":"#;
/// `wrong_types` on a validation path: a validation's members with the wrong types.
pub const VALIDATION_WRONG_TYPES_BODY: &str = r#"{"data":{"_id":65772,"status":["sent"],"expiresAt":1702309691,"phoneGateway":false,"existing":"no"}}"#;
/// `missing_id` on a validation path: a validation without `data._id`.
pub const VALIDATION_MISSING_ID_BODY: &str =
    r#"{"data":{"status":"sent","expiresAt":"2023-12-11T15:58:11.640Z"}}"#;

/// Fault request field names.
pub mod fields {
    /// Which fault.
    pub const FAULT: &str = "fault";
    /// For how many calls.
    pub const COUNT: &str = "count";
    /// `Retry-After` seconds.
    pub const RETRY_AFTER: &str = "retryAfter";
    /// Which calls get the fault.
    pub const PATH: &str = "path";
}

/// The calls an armed fault answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// `POST /v2/app-registrations` (never its reads), when no `path` is given.
    #[default]
    Registrations,
    /// `POST /v2/email-validations/app-registration` and `PUT /v2/email-validations/{id}`.
    EmailValidations,
    /// `POST /v2/phone-validations/app-registration` and `PUT /v2/phone-validations`.
    PhoneValidations,
}

impl Target {
    /// Every target, in the order they are listed to clients.
    pub const ALL: [Target; 3] = [
        Target::Registrations,
        Target::EmailValidations,
        Target::PhoneValidations,
    ];

    /// The `path` that names it.
    pub fn path(self) -> &'static str {
        match self {
            Self::Registrations => "/v2/app-registrations",
            Self::EmailValidations => "/v2/email-validations",
            Self::PhoneValidations => "/v2/phone-validations",
        }
    }

    /// Parses a `path`.
    pub fn parse(path: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.path() == path)
    }

    fn is_validation(self) -> bool {
        self != Self::Registrations
    }
}

/// A way to fail a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 500 `InternalServerError`.
    Status500,
    /// 503 `ServiceUnavailable`, with `Retry-After` if armed with `retryAfter`.
    Status503,
    /// 429 `TooManyRequests`, with `Retry-After` if armed with `retryAfter`.
    Status429,
    /// 401 `InvalidCredentials`, whatever the token.
    Status401,
    /// No answer for the configured time, then the connection is closed.
    Timeout,
    /// 200 with a truncated JSON body.
    MalformedJson,
    /// The connection is closed without a single response byte.
    DropConnection,
    /// 502 with an HTML error page ([`HTML_ERROR_PAGE`]), as a proxy in front of an API sends.
    HtmlErrorPage,
    /// 200, `application/json`, a 10 MiB body: the success shape with a 10 MiB `_id`.
    HugeBody,
    /// 200 with the success shape's members of the wrong types ([`WRONG_TYPES_BODY`]).
    WrongTypes,
    /// 409 `Conflict` whose message is HTML markup ([`MARKUP_MESSAGE_BODY`]).
    MarkupMessage,
    /// 200 without `data.appRegistration._id` ([`MISSING_ID_BODY`]).
    MissingId,
    /// 307 to another origin ([`REDIRECT_LOCATION`]).
    CrossOriginRedirect,
    /// 401 `InvalidCredentials` / `Token expired`, whatever the token: what an expired bearer
    /// token gets, on demand.
    TokenExpired,
    /// 409 `Conflict` / `email_is_registered_already`, whatever the body: the duplicate check's
    /// answer without registering the address first.
    EmailAlreadyRegistered,
    /// 412 `PreconditionFailed` / `email domain not allowed`, whatever the body: the blocked
    /// domain check's answer for any address.
    EmailDomainNotAllowed,
    /// 409 `otp_not_sent` / `409:otp_not_sent`: Verifik's answer when its message provider
    /// fails, which nothing else in the sandbox produces. Nothing is sent or stored.
    OtpNotSent,
}

impl Fault {
    /// Every fault, in the order they are listed to clients.
    pub const ALL: [Fault; 17] = [
        Fault::Status500,
        Fault::Status503,
        Fault::Status429,
        Fault::Status401,
        Fault::Timeout,
        Fault::MalformedJson,
        Fault::DropConnection,
        Fault::HtmlErrorPage,
        Fault::HugeBody,
        Fault::WrongTypes,
        Fault::MarkupMessage,
        Fault::MissingId,
        Fault::CrossOriginRedirect,
        Fault::TokenExpired,
        Fault::EmailAlreadyRegistered,
        Fault::EmailDomainNotAllowed,
        Fault::OtpNotSent,
    ];

    /// Wire name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Status500 => "status_500",
            Self::Status503 => "status_503",
            Self::Status429 => "status_429",
            Self::Status401 => "status_401",
            Self::Timeout => "timeout",
            Self::MalformedJson => "malformed_json",
            Self::DropConnection => "drop_connection",
            Self::HtmlErrorPage => "html_error_page",
            Self::HugeBody => "huge_body",
            Self::WrongTypes => "wrong_types",
            Self::MarkupMessage => "markup_message",
            Self::MissingId => "missing_id",
            Self::CrossOriginRedirect => "cross_origin_redirect",
            Self::TokenExpired => "token_expired",
            Self::EmailAlreadyRegistered => "email_already_registered",
            Self::EmailDomainNotAllowed => "email_domain_not_allowed",
            Self::OtpNotSent => "otp_not_sent",
        }
    }

    /// Parses a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The response for this fault to a call of `target`. `timeout` first waits `hold`.
    /// Faults whose body has the success shape use the shape of `target`'s answers.
    pub async fn respond(
        self,
        target: Target,
        retry_after: Option<u32>,
        hold: Duration,
    ) -> Response {
        let validation = target.is_validation();
        let status = |status, code, message, retry_after| ApiError::Fault {
            status,
            code,
            message,
            retry_after,
        };
        match self {
            Self::Status500 => status(
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL_SERVER_ERROR,
                messages::FAULT_500,
                None,
            )
            .into_response(),
            Self::Status503 => status(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::SERVICE_UNAVAILABLE,
                messages::FAULT_503,
                retry_after,
            )
            .into_response(),
            Self::Status429 => status(
                StatusCode::TOO_MANY_REQUESTS,
                codes::TOO_MANY_REQUESTS,
                messages::FAULT_429,
                retry_after,
            )
            .into_response(),
            Self::Status401 => ApiError::Unauthorized(messages::INVALID_TOKEN).into_response(),
            Self::Timeout => {
                tokio::time::sleep(hold).await;
                drop_connection_response()
            }
            Self::MalformedJson => json_response(
                StatusCode::OK,
                if validation {
                    VALIDATION_MALFORMED_BODY
                } else {
                    MALFORMED_BODY
                }
                .to_owned(),
            ),
            Self::DropConnection => drop_connection_response(),
            Self::HtmlErrorPage => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                HTML_ERROR_PAGE,
            )
                .into_response(),
            Self::HugeBody => json_response(StatusCode::OK, huge_body(target)),
            Self::WrongTypes => json_response(
                StatusCode::OK,
                if validation {
                    VALIDATION_WRONG_TYPES_BODY
                } else {
                    WRONG_TYPES_BODY
                }
                .to_owned(),
            ),
            Self::MarkupMessage => {
                json_response(StatusCode::CONFLICT, MARKUP_MESSAGE_BODY.to_owned())
            }
            Self::MissingId => json_response(
                StatusCode::OK,
                if validation {
                    VALIDATION_MISSING_ID_BODY
                } else {
                    MISSING_ID_BODY
                }
                .to_owned(),
            ),
            Self::CrossOriginRedirect => (
                StatusCode::TEMPORARY_REDIRECT,
                [(
                    header::LOCATION,
                    format!("{REDIRECT_ORIGIN}{}", target.path()),
                )],
            )
                .into_response(),
            // The very errors the real checks answer with, so the wire is byte for byte the same.
            Self::TokenExpired => ApiError::Unauthorized(messages::EXPIRED_TOKEN).into_response(),
            Self::EmailAlreadyRegistered => ApiError::EmailConflict.into_response(),
            Self::EmailDomainNotAllowed => {
                ApiError::Validation(ValidationError::DomainNotAllowed).into_response()
            }
            Self::OtpNotSent => ApiError::Verification(VerificationError::NotSent).into_response(),
        }
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, JSON_CONTENT_TYPE)], body).into_response()
}

/// The `huge_body` answer to a call of `target`: valid JSON of exactly [`HUGE_BODY_BYTES`]
/// bytes, a success (a registration, or a validation) whose `_id` fills it.
pub fn huge_body(target: Target) -> String {
    let (head, tail) = if target.is_validation() {
        (r#"{"data":{"status":"sent","_id":""#, r#""}}"#)
    } else {
        (
            r#"{"data":{"appRegistration":{"status":"STARTED","_id":""#,
            r#""}}}"#,
        )
    };
    let mut body = String::with_capacity(HUGE_BODY_BYTES);
    body.push_str(head);
    body.extend(std::iter::repeat_n(
        'a',
        HUGE_BODY_BYTES - head.len() - tail.len(),
    ));
    body.push_str(tail);
    body
}

/// Response extension asking [`crate::serve`] to close the connection instead of
/// answering.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// A response carrying [`DropConnection`]. Its 500 body is only seen if the router
/// runs under a server other than [`crate::serve`].
fn drop_connection_response() -> Response {
    let body = ErrorBody {
        code: codes::INTERNAL_SERVER_ERROR.to_owned(),
        message: messages::DROP_UNSUPPORTED.to_owned(),
    };
    let mut response = (
        StatusCode::INTERNAL_SERVER_ERROR,
        crate::error::json_body(&body),
    )
        .into_response();
    response.extensions_mut().insert(DropConnection);
    response
}

/// What is armed, as `{"armed": {...}}` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Armed {
    /// The fault's wire name.
    #[serde(serialize_with = "serialize_fault")]
    pub fault: Fault,
    /// Calls left to fail.
    pub count: u32,
    /// `Retry-After` seconds, if any.
    pub retry_after: Option<u32>,
    /// The calls it answers, by their `path`.
    #[serde(serialize_with = "serialize_target")]
    pub path: Target,
}

fn serialize_fault<S: serde::Serializer>(fault: &Fault, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(fault.name())
}

fn serialize_target<S: serde::Serializer>(target: &Target, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(target.path())
}

impl Armed {
    /// Reads a `{"fault", "count", "retryAfter", "path"}` request: `count` defaults to 1 and
    /// is clamped to [`MIN_COUNT`]..=[`MAX_COUNT`]; `retryAfter` is optional; `path`
    /// defaults to registrations.
    pub fn from_request(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let fault = match body.get(fields::FAULT) {
            Some(Value::String(name)) => Fault::parse(name).ok_or_else(|| {
                bad_request(&format!("{} \"{name}\"", messages::FAULT_UNKNOWN), true)
            })?,
            _ => return Err(bad_request(messages::FAULT_MISSING, true)),
        };
        let count = match body.get(fields::COUNT) {
            None | Some(Value::Null) => MIN_COUNT,
            Some(value) => {
                let n = value
                    .as_i64()
                    .ok_or_else(|| bad_request(messages::FAULT_INVALID_COUNT, false))?;
                let clamped = n.clamp(i64::from(MIN_COUNT), i64::from(MAX_COUNT));
                u32::try_from(clamped).unwrap_or(MIN_COUNT)
            }
        };
        let retry_after = match body.get(fields::RETRY_AFTER) {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                value
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| bad_request(messages::FAULT_INVALID_RETRY_AFTER, false))?,
            ),
        };
        let path = match body.get(fields::PATH) {
            None | Some(Value::Null) => Target::default(),
            Some(Value::String(path)) => Target::parse(path).ok_or_else(|| unknown_path(path))?,
            Some(_) => return Err(unknown_path("")),
        };
        Ok(Self {
            fault,
            count,
            retry_after,
            path,
        })
    }
}

fn unknown_path(path: &str) -> ApiError {
    let known: Vec<&str> = Target::ALL.iter().map(|t| t.path()).collect();
    ApiError::BadRequest(format!(
        "{} \"{path}\"; known paths: {}",
        messages::FAULT_UNKNOWN_PATH,
        known.join(", ")
    ))
}

fn bad_request(message: &str, list_faults: bool) -> ApiError {
    let mut message = message.to_owned();
    if list_faults {
        message.push_str("; known faults: ");
        for (i, fault) in Fault::ALL.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            // Writing to a String cannot fail.
            let _ = write!(message, "{sep}{}", fault.name());
        }
    }
    ApiError::BadRequest(message)
}

/// The armed fault, shared by all requests.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<Option<Armed>>,
}

impl Faults {
    /// Nothing armed.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Option<Armed>> {
        self.armed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Arms `armed`, replacing anything armed before.
    pub fn arm(&self, armed: Armed) {
        *self.lock() = Some(armed);
    }

    /// Disarms.
    pub fn clear(&self) {
        *self.lock() = None;
    }

    /// What is armed now.
    pub fn current(&self) -> Option<Armed> {
        *self.lock()
    }

    /// Uses up one call of the fault armed for `target`, if any: its fault and `Retry-After`.
    pub fn take(&self, target: Target) -> Option<(Fault, Option<u32>)> {
        let mut guard = self.lock();
        let armed = guard.as_mut().filter(|armed| armed.path == target)?;
        let taken = (armed.fault, armed.retry_after);
        armed.count = armed.count.saturating_sub(1);
        if armed.count == 0 {
            *guard = None;
        }
        Some(taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(v: Value) -> Result<Armed, ApiError> {
        match v {
            Value::Object(map) => Armed::from_request(&map),
            _ => Err(ApiError::BadRequest(String::new())),
        }
    }

    #[test]
    fn names_round_trip() {
        for fault in Fault::ALL {
            assert_eq!(Fault::parse(fault.name()), Some(fault));
        }
        assert_eq!(Fault::parse("status_418"), None);
    }

    #[test]
    fn requests_default_and_clamp() {
        let armed = request(json!({"fault": "timeout"})).expect("valid");
        assert_eq!(
            (armed.fault, armed.count, armed.retry_after, armed.path),
            (Fault::Timeout, 1, None, Target::Registrations)
        );
        let armed =
            request(json!({"fault": "timeout", "path": "/v2/phone-validations"})).expect("valid");
        assert_eq!(armed.path, Target::PhoneValidations);
        for bad in [json!("/v2/phone-validations/"), json!("/v2"), json!(3)] {
            match request(json!({"fault": "timeout", "path": bad})) {
                Err(e) => assert!(
                    e.message().contains("/v2/email-validations"),
                    "{}",
                    e.message()
                ),
                Ok(a) => panic!("accepted {a:?}"),
            }
        }
        let armed =
            request(json!({"fault": "status_503", "count": 5000, "retryAfter": 7})).expect("valid");
        assert_eq!((armed.count, armed.retry_after), (MAX_COUNT, Some(7)));
        assert_eq!(
            request(json!({"fault": "status_500", "count": -3})).map(|a| a.count),
            Ok(1)
        );
        assert!(request(json!({"fault": "status_500", "count": "2"})).is_err());
        assert!(request(json!({"fault": "status_500", "retryAfter": -1})).is_err());
        match request(json!({"fault": "nope"})) {
            Err(e) => assert!(e.message().contains("drop_connection"), "{}", e.message()),
            Ok(a) => panic!("accepted {a:?}"),
        }
    }

    #[test]
    fn take_counts_down_and_disarms() {
        let faults = Faults::new();
        assert_eq!(faults.take(Target::Registrations), None);
        faults.arm(Armed {
            fault: Fault::Status429,
            count: 2,
            retry_after: Some(3),
            path: Target::Registrations,
        });
        let taken = Some((Fault::Status429, Some(3)));
        assert_eq!(faults.take(Target::Registrations), taken);
        assert_eq!(faults.current().map(|a| a.count), Some(1));
        assert_eq!(faults.take(Target::Registrations), taken);
        assert_eq!(faults.take(Target::Registrations), None);
        assert_eq!(faults.current(), None);
    }

    #[test]
    fn only_calls_of_the_armed_path_take_it() {
        let faults = Faults::new();
        faults.arm(Armed {
            fault: Fault::Status500,
            count: 1,
            retry_after: None,
            path: Target::EmailValidations,
        });
        assert_eq!(faults.take(Target::Registrations), None);
        assert_eq!(faults.take(Target::PhoneValidations), None);
        assert_eq!(faults.current().map(|a| a.count), Some(1));
        assert_eq!(
            faults.take(Target::EmailValidations),
            Some((Fault::Status500, None))
        );
        assert_eq!(faults.current(), None);
    }

    #[test]
    fn huge_bodies_are_exactly_the_size_in_either_shape() {
        for target in Target::ALL {
            let body = huge_body(target);
            assert_eq!(body.len(), HUGE_BODY_BYTES);
            assert!(serde_json::from_str::<Value>(&body).is_ok());
        }
    }
}
