//! The registration request and its outcomes: wire format, error mapping, and the one function
//! that posts.
//!
//! Errors are recognised by the body's `code` and `message`, never by the HTTP status alone,
//! because Verifik's documented statuses for the same error differ between versions.

use crate::i18n::Msg;
use crate::lang::Lang;

/// Path of the endpoint under `api-base`.
pub const REGISTRATIONS_PATH: &str = "/v2/app-registrations";

/// How long a registration request may take before it is abandoned as [`ApiError::Timeout`].
pub const REQUEST_TIMEOUT_MS: i32 = 15_000;

/// The body of `POST /v2/app-registrations` (contract §5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationRequest {
    /// Project id.
    pub project: String,
    /// Project flow id.
    pub project_flow: String,
    /// Validated e-mail, if the form has one.
    pub email: Option<String>,
    /// Validated phone: national significant number (digits) and calling code (`+57`).
    pub phone: Option<(String, String)>,
    /// Language of the messages Verifik sends the person.
    pub language: Lang,
}

/// Writes `s` as a JSON string literal.
fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl RegistrationRequest {
    /// The JSON body, with exactly the contract's fields and nothing else.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(160);
        let field = |out: &mut String, name: &str, value: &str| {
            out.push(if out.is_empty() { '{' } else { ',' });
            push_json_string(out, name);
            out.push(':');
            push_json_string(out, value);
        };
        field(&mut out, "project", &self.project);
        field(&mut out, "projectFlow", &self.project_flow);
        if let Some(email) = &self.email {
            field(&mut out, "email", email);
        }
        if let Some((national, country_code)) = &self.phone {
            field(&mut out, "phone", national);
            field(&mut out, "countryCode", country_code);
        }
        field(&mut out, "language", self.language.code());
        out.push('}');
        out
    }
}

/// The form field an error concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The e-mail input.
    Email,
    /// The phone input.
    Phone,
}

impl Field {
    /// The contract's `field` value.
    pub fn name(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Phone => "phone",
        }
    }
}

/// Why a submit failed. Each variant is one `code` of the `verifik:error` event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The host's configuration is unusable.
    Config(crate::config::ConfigError),
    /// The API says a required parameter is missing.
    MissingParameter {
        /// The field concerned, when the API names one.
        field: Option<Field>,
    },
    /// The project refuses this e-mail domain.
    EmailDomainNotAllowed,
    /// The e-mail already has a registration in the project.
    EmailAlreadyRegistered,
    /// The phone already has a registration in the project.
    PhoneAlreadyRegistered,
    /// The bearer token was refused, even after a fresh one.
    Unauthorized,
    /// No token could be obtained from the host.
    TokenUnavailable,
    /// The API asks to slow down.
    RateLimited,
    /// The API failed or answered an error this widget does not know.
    Server,
    /// The request did not reach the API, or its answer did not come back.
    Network,
    /// No answer within [`REQUEST_TIMEOUT_MS`].
    Timeout,
    /// An answer that does not have the documented shape.
    InvalidResponse,
    /// The browser is offline: nothing was sent.
    Offline,
}

/// Every `code` a `verifik:error` event may carry (contract §3).
pub const ERROR_CODES: [&str; 12] = [
    "config_error",
    "missing_parameter",
    "email_domain_not_allowed",
    "email_already_registered",
    "phone_already_registered",
    "unauthorized",
    "token_unavailable",
    "rate_limited",
    "server_error",
    "network_error",
    "timeout",
    "invalid_response",
];

impl ApiError {
    /// The contract's `code`, one of [`ERROR_CODES`].
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Config(_) => "config_error",
            ApiError::MissingParameter { .. } => "missing_parameter",
            ApiError::EmailDomainNotAllowed => "email_domain_not_allowed",
            ApiError::EmailAlreadyRegistered => "email_already_registered",
            ApiError::PhoneAlreadyRegistered => "phone_already_registered",
            ApiError::Unauthorized => "unauthorized",
            ApiError::TokenUnavailable => "token_unavailable",
            ApiError::RateLimited => "rate_limited",
            ApiError::Server => "server_error",
            ApiError::Network | ApiError::Offline => "network_error",
            ApiError::Timeout => "timeout",
            ApiError::InvalidResponse => "invalid_response",
        }
    }

    /// The field the error is shown next to; `None` shows it above the button.
    pub fn field(&self) -> Option<Field> {
        match self {
            ApiError::MissingParameter { field } => *field,
            ApiError::EmailDomainNotAllowed | ApiError::EmailAlreadyRegistered => {
                Some(Field::Email)
            }
            ApiError::PhoneAlreadyRegistered => Some(Field::Phone),
            _ => None,
        }
    }

    /// The text shown to the person, for every error but [`ApiError::Config`] (whose text
    /// names the problem: see [`ApiError::message`]).
    pub fn msg(&self) -> Msg {
        match self {
            ApiError::Config(_) => Msg::ErrConfig,
            ApiError::MissingParameter { .. } => Msg::ErrMissingParameter,
            ApiError::EmailDomainNotAllowed => Msg::ErrEmailDomainNotAllowed,
            ApiError::EmailAlreadyRegistered => Msg::ErrEmailAlreadyRegistered,
            ApiError::PhoneAlreadyRegistered => Msg::ErrPhoneAlreadyRegistered,
            ApiError::Unauthorized => Msg::ErrUnauthorized,
            ApiError::TokenUnavailable => Msg::ErrTokenUnavailable,
            ApiError::RateLimited => Msg::ErrRateLimited,
            ApiError::Server => Msg::ErrServer,
            ApiError::Network => Msg::ErrNetwork,
            ApiError::Timeout => Msg::ErrTimeout,
            ApiError::InvalidResponse => Msg::ErrInvalidResponse,
            ApiError::Offline => Msg::ErrOffline,
        }
    }

    /// The localized message shown to the person (and sent as the event's `message`).
    pub fn message(&self, lang: Lang) -> String {
        let mut text = crate::i18n::t(lang, self.msg()).to_owned();
        if let ApiError::Config(problem) = self {
            text.push_str(": ");
            text.push_str(&problem.message(lang));
        }
        text
    }

    /// Maps an error answer of the API, by its body's `code` and `message` first.
    ///
    /// `body` is `None` when the answer had no readable `{"code","message"}` body.
    pub fn from_answer(status: u16, body: Option<(&str, &str)>) -> ApiError {
        if let Some((code, message)) = body {
            match code {
                "MissingParameter" => {
                    let field = message.contains("countryCode").then_some(Field::Phone);
                    return ApiError::MissingParameter { field };
                }
                "PreconditionFailed" if message.contains("email domain") => {
                    return ApiError::EmailDomainNotAllowed;
                }
                "Conflict" if message.contains("email_is_registered") => {
                    return ApiError::EmailAlreadyRegistered;
                }
                "Conflict" if message.contains("phone_is_registered") => {
                    return ApiError::PhoneAlreadyRegistered;
                }
                "InvalidCredentials" | "Unauthorized" | "InvalidToken" => {
                    return ApiError::Unauthorized
                }
                "TooManyRequests" => return ApiError::RateLimited,
                _ => {}
            }
        }
        match status {
            401 | 403 => ApiError::Unauthorized,
            429 => ApiError::RateLimited,
            400..=599 => ApiError::Server,
            _ => ApiError::InvalidResponse,
        }
    }
}

/// A failed attempt: the error, the HTTP status when there was an answer, and how long the
/// server asked to wait before trying again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub error: ApiError,
    /// The HTTP status of the answer, if one came.
    pub status: Option<u16>,
    /// `Retry-After` in seconds, if the answer carried one.
    pub retry_after: Option<u32>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Failure {
        Failure {
            error,
            status: None,
            retry_after: None,
        }
    }
}

/// The longest `Retry-After` the widget waits for on its own; longer waits are left to the
/// person, with a "Try again" button.
pub const MAX_AUTO_RETRY_WAIT_SECS: u32 = 10;
/// How many automatic retries one submit may make.
pub const MAX_AUTO_RETRIES: usize = 2;

impl Failure {
    /// The wait before an automatic retry, when the server asked for one the widget honours:
    /// only 429 and 503 (a POST that failed otherwise may have gone through).
    pub fn auto_retry_after(&self) -> Option<u32> {
        match (self.status, self.retry_after) {
            (Some(429 | 503), Some(secs)) if secs <= MAX_AUTO_RETRY_WAIT_SECS => Some(secs),
            _ => None,
        }
    }
}

/// Reads a `Retry-After` header given in seconds (an HTTP date is not honoured).
pub fn parse_retry_after(value: &str) -> Option<u32> {
    let value = value.trim();
    (!value.is_empty() && value.len() <= 9 && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse().ok())
        .flatten()
}

/// What a successful registration returned, as the `verifik:registered` event carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// `data.appRegistration._id`.
    pub id: String,
    /// `data.appRegistration.status`.
    pub status: String,
    /// `data.informationValidation._id`, when present.
    pub information_validation_id: Option<String>,
    /// `data.token`: authorizes the registration's next steps (not the host's bearer token).
    pub registration_token: Option<String>,
}

/// Longest answer body the widget reads: a registration answer is well under 10 KB, so a body
/// past this is not Verifik's and is not handed to a JSON parser.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// A parsed JSON value as the answer classification needs it: the browser's `JSON.parse`
/// result in the wasm (no JSON parser shipped), `serde_json` natively (tests and fuzzing).
pub trait JsonValue: Sized {
    /// The member `key` of an object; `None` for a missing member or a non-object.
    fn member(&self, key: &str) -> Option<Self>;
    /// The value as a string; `None` for any other type.
    fn string(&self) -> Option<String>;
}

fn non_empty_string<V: JsonValue>(value: Option<V>) -> Option<String> {
    value?.string().filter(|s| !s.is_empty())
}

/// Reads a parsed 2xx answer; `None` unless it has a non-empty string at
/// `data.appRegistration._id` (anything else is `invalid_response`). Optional members of the
/// wrong type are treated as absent.
pub fn registration_from<V: JsonValue>(body: &V) -> Option<Registration> {
    let data = body.member("data")?;
    let registration = data.member("appRegistration")?;
    Some(Registration {
        id: non_empty_string(registration.member("_id"))?,
        status: registration
            .member("status")
            .and_then(|s| s.string())
            .unwrap_or_default(),
        information_validation_id: non_empty_string(
            data.member("informationValidation")
                .and_then(|v| v.member("_id")),
        ),
        registration_token: non_empty_string(data.member("token")),
    })
}

/// Classifies an answer of the registration endpoint from its status and its body text.
/// `parse` is the JSON parser of the platform (`None` for text that is not JSON).
///
/// A 2xx must carry a registration ([`registration_from`]); anything else is an error mapped
/// by [`ApiError::from_answer`], from the body's `code` and `message` when both are strings.
/// A body over [`MAX_ANSWER_BYTES`] is never parsed.
pub fn classify_answer<V: JsonValue>(
    status: u16,
    text: &str,
    parse: impl FnOnce(&str) -> Option<V>,
) -> Result<Registration, ApiError> {
    let body = if text.len() > MAX_ANSWER_BYTES {
        None
    } else {
        parse(text)
    };
    if (200..300).contains(&status) {
        return body
            .as_ref()
            .and_then(registration_from)
            .ok_or(ApiError::InvalidResponse);
    }
    let code = body.as_ref().and_then(|b| b.member("code")?.string());
    let message = body.as_ref().and_then(|b| b.member("message")?.string());
    Err(ApiError::from_answer(
        status,
        code.as_deref().zip(message.as_deref()),
    ))
}

#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl JsonValue for serde_json::Value {
    fn member(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).cloned()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
}

/// [`classify_answer`] with `serde_json` as the parser: what the native tests and the fuzz
/// targets run, the same classification the wasm runs over `JSON.parse`.
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
pub fn classify_answer_native(status: u16, text: &str) -> Result<Registration, ApiError> {
    classify_answer(status, text, |t| {
        serde_json::from_str::<serde_json::Value>(t).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RegistrationRequest {
        RegistrationRequest {
            project: "5f8d0a24c6345c001fa9e2b3".into(),
            project_flow: "5f8d0a24c6345c001fa9e2b4".into(),
            email: Some("user@example.com".into()),
            phone: None,
            language: Lang::Es,
        }
    }

    #[test]
    fn body_has_exactly_the_contract_fields() {
        assert_eq!(
            request().to_json(),
            r#"{"project":"5f8d0a24c6345c001fa9e2b3","projectFlow":"5f8d0a24c6345c001fa9e2b4","email":"user@example.com","language":"es"}"#
        );
        let mut phone_only = request();
        phone_only.email = None;
        phone_only.phone = Some(("3001234567".into(), "+57".into()));
        assert_eq!(
            phone_only.to_json(),
            r#"{"project":"5f8d0a24c6345c001fa9e2b3","projectFlow":"5f8d0a24c6345c001fa9e2b4","phone":"3001234567","countryCode":"+57","language":"es"}"#
        );
    }

    #[test]
    fn body_escapes_json_specials() {
        let mut r = request();
        r.email = Some("a\"b\\c\u{1}@x.io".into());
        assert!(r.to_json().contains(r#""email":"a\"b\\c\u0001@x.io""#));
    }

    #[test]
    fn documented_errors_map_by_code_and_message_whatever_the_status() {
        for status in [409, 412, 422] {
            assert_eq!(
                ApiError::from_answer(
                    status,
                    Some(("PreconditionFailed", "email domain not allowed"))
                ),
                ApiError::EmailDomainNotAllowed
            );
            assert_eq!(
                ApiError::from_answer(status, Some(("Conflict", "email_is_registered_already"))),
                ApiError::EmailAlreadyRegistered
            );
            assert_eq!(
                ApiError::from_answer(status, Some(("Conflict", "phone_is_registered_already"))),
                ApiError::PhoneAlreadyRegistered
            );
        }
        let missing_cc =
            ApiError::from_answer(409, Some(("MissingParameter", "missing countryCode")));
        assert_eq!(missing_cc.field(), Some(Field::Phone));
        let missing_project =
            ApiError::from_answer(409, Some(("MissingParameter", "missing project")));
        assert_eq!(missing_project.code(), "missing_parameter");
        assert_eq!(missing_project.field(), None);
    }

    #[test]
    fn bodiless_errors_fall_back_to_the_status() {
        assert_eq!(ApiError::from_answer(401, None), ApiError::Unauthorized);
        assert_eq!(ApiError::from_answer(429, None), ApiError::RateLimited);
        assert_eq!(ApiError::from_answer(503, None), ApiError::Server);
        assert_eq!(
            ApiError::from_answer(409, Some(("SomethingNew", "?"))),
            ApiError::Server
        );
    }

    #[test]
    fn field_errors_are_shown_next_to_their_field() {
        assert_eq!(ApiError::EmailDomainNotAllowed.field(), Some(Field::Email));
        assert_eq!(ApiError::EmailAlreadyRegistered.field(), Some(Field::Email));
        assert_eq!(ApiError::Network.field(), None);
    }

    #[test]
    fn only_short_server_requested_waits_on_429_and_503_are_retried() {
        let failure = |status, retry_after| Failure {
            error: ApiError::Server,
            status: Some(status),
            retry_after,
        };
        assert_eq!(failure(503, Some(1)).auto_retry_after(), Some(1));
        assert_eq!(failure(429, Some(10)).auto_retry_after(), Some(10));
        assert_eq!(failure(429, Some(11)).auto_retry_after(), None);
        assert_eq!(failure(503, None).auto_retry_after(), None);
        assert_eq!(
            failure(500, Some(1)).auto_retry_after(),
            None,
            "a 500 may have gone through"
        );
        assert_eq!(Failure::from(ApiError::Network).auto_retry_after(), None);
    }

    #[test]
    fn retry_after_is_read_in_seconds_only() {
        assert_eq!(parse_retry_after(" 3 "), Some(3));
        assert_eq!(parse_retry_after("0"), Some(0));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("99999999999999"), None);
        assert_eq!(parse_retry_after(""), None);
    }

    #[test]
    fn offline_is_reported_as_a_network_error_with_its_own_message() {
        assert_eq!(ApiError::Offline.code(), "network_error");
        assert_ne!(
            ApiError::Offline.message(Lang::En),
            ApiError::Network.message(Lang::En)
        );
    }

    #[test]
    fn every_error_has_one_of_the_contract_codes_and_every_code_an_error() {
        let all = [
            ApiError::Config(crate::config::ConfigError::InvalidFields),
            ApiError::MissingParameter { field: None },
            ApiError::EmailDomainNotAllowed,
            ApiError::EmailAlreadyRegistered,
            ApiError::PhoneAlreadyRegistered,
            ApiError::Unauthorized,
            ApiError::TokenUnavailable,
            ApiError::RateLimited,
            ApiError::Server,
            ApiError::Network,
            ApiError::Timeout,
            ApiError::InvalidResponse,
            ApiError::Offline,
        ];
        let codes: Vec<&str> = all.iter().map(ApiError::code).collect();
        assert!(codes.iter().all(|c| ERROR_CODES.contains(c)), "{codes:?}");
        assert!(ERROR_CODES.iter().all(|c| codes.contains(c)), "{codes:?}");
    }

    #[test]
    fn config_message_is_localized_and_names_the_problem() {
        let e = ApiError::Config(crate::config::ConfigError::Missing("project-flow"));
        assert_eq!(
            e.message(Lang::Es),
            "Este formulario no está bien configurado: falta project-flow"
        );
        assert_eq!(
            e.message(Lang::En),
            "This form is not set up correctly: project-flow is missing"
        );
    }
}

// Native only: `serde_json` stands in for the browser's `JSON.parse`, and `proptest` does not
// build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod answer_tests {
    use super::*;

    #[test]
    fn hostile_answers_classify_without_a_registration() {
        let ok = r#"{"data":{"appRegistration":{"_id":"r1","status":"STARTED"},
                     "informationValidation":{"_id":"iv1"},"token":"t"}}"#;
        let registration = classify_answer_native(200, ok).expect("the documented shape");
        assert_eq!(registration.id, "r1");
        assert_eq!(
            registration.information_validation_id.as_deref(),
            Some("iv1")
        );
        for (status, body, expected) in [
            // An HTML error page, whatever its status.
            (
                200,
                "<!doctype html><h1>Bad gateway</h1>",
                ApiError::InvalidResponse,
            ),
            (502, "<!doctype html><h1>Bad gateway</h1>", ApiError::Server),
            // A success without `_id`, or with members of the wrong type.
            (
                201,
                r#"{"data":{"appRegistration":{"status":"STARTED"}}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":{"appRegistration":{"_id":42}}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":{"appRegistration":{"_id":""}}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":{"appRegistration":["_id"]}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":"appRegistration"}"#,
                ApiError::InvalidResponse,
            ),
            (200, r#"[{"data":{}}]"#, ApiError::InvalidResponse),
            (200, "null", ApiError::InvalidResponse),
            (200, "", ApiError::InvalidResponse),
            // An error body whose members are not strings falls back to the status.
            (
                409,
                r#"{"code":409,"message":["Conflict"]}"#,
                ApiError::Server,
            ),
            (401, r#"{"code":null}"#, ApiError::Unauthorized),
            // Markup in a message is data, and an unknown message is no known error.
            (
                409,
                r#"{"code":"Conflict","message":"<img src=x onerror=alert(1)>"}"#,
                ApiError::Server,
            ),
            // An opaque redirect (the widget never follows one) has status 0 and no body.
            (0, "", ApiError::InvalidResponse),
        ] {
            assert_eq!(
                classify_answer_native(status, body),
                Err(expected),
                "{status} {body}"
            );
        }
        let wrong_optional = r#"{"data":{"appRegistration":{"_id":"r2","status":7},"token":{}}}"#;
        let registration = classify_answer_native(200, wrong_optional).expect("the id is there");
        assert_eq!(
            (
                registration.status.as_str(),
                registration.registration_token
            ),
            ("", None)
        );
    }

    #[test]
    fn a_body_over_the_limit_is_not_read() {
        let id = "a".repeat(MAX_ANSWER_BYTES);
        let huge = format!(r#"{{"data":{{"appRegistration":{{"_id":"{id}"}}}}}}"#);
        assert_eq!(
            classify_answer_native(200, &huge),
            Err(ApiError::InvalidResponse)
        );
        let huge_error = format!(
            r#"{{"code":"Conflict","message":"email_is_registered_already","pad":"{id}"}}"#
        );
        assert_eq!(
            classify_answer_native(409, &huge_error),
            Err(ApiError::Server)
        );
        let small = r#"{"data":{"appRegistration":{"_id":"a"}}}"#;
        assert!(classify_answer_native(200, small).is_ok());
    }

    fn json_string(s: &str) -> String {
        let mut out = String::new();
        push_json_string(&mut out, s);
        out
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_config())]

        /// Any status and any text: a registration with an id, or an error of the contract.
        #[test]
        fn any_answer_classifies_to_a_contract_outcome(status in 0u16..1000, text in "\\PC{0,200}") {
            match classify_answer_native(status, &text) {
                Ok(registration) => {
                    proptest::prop_assert!((200..300).contains(&status));
                    proptest::prop_assert!(!registration.id.is_empty());
                }
                Err(error) => proptest::prop_assert!(ERROR_CODES.contains(&error.code())),
            }
        }

        /// Whatever the id's text, the documented shape gives it back unchanged.
        #[test]
        fn the_registration_id_comes_back_unchanged(id in "\\PC{1,40}", status in 200u16..300) {
            let body = format!(r#"{{"data":{{"appRegistration":{{"_id":{}}}}}}}"#, json_string(&id));
            let registration = classify_answer_native(status, &body);
            proptest::prop_assert_eq!(registration.map(|r| r.id), Ok(id));
        }

        /// An error body with string members never yields a registration, and markup or quotes
        /// in the message never change the mapping beyond the documented phrases.
        #[test]
        fn error_bodies_map_by_code_and_message(
            status in 300u16..600,
            code in proptest::sample::select(vec!["MissingParameter", "PreconditionFailed", "Conflict", "Unauthorized", "TooManyRequests", "Other"]),
            message in "\\PC{0,60}",
        ) {
            let body = format!(r#"{{"code":{},"message":{}}}"#, json_string(code), json_string(&message));
            let error = classify_answer_native(status, &body).expect_err("an error status");
            proptest::prop_assert_eq!(error, ApiError::from_answer(status, Some((code, &message))));
        }
    }
}
