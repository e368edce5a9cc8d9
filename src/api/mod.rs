//! The API's outcomes as the widget sees them: the one error type every `verifik:error` code
//! comes from, failures with their status and retry rules, and reading answers (JSON) without a
//! JSON parser in the wasm. The calls themselves: [`registration`] and [`verification`].
//!
//! Errors are recognised by the body's `code` and `message`, never by the HTTP status alone,
//! because Verifik's documented statuses for the same error differ between versions.

use crate::i18n::Msg;
use crate::lang::Lang;

mod registration;
pub mod verification;

pub use registration::*;

/// How long a registration request may take before it is abandoned as [`ApiError::Timeout`].
pub const REQUEST_TIMEOUT_MS: i32 = 15_000;

/// Writes `s` as a JSON string literal.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                for nibble in [c as u8 >> 4, c as u8 & 0xf] {
                    out.push(char::from(b"0123456789abcdef"[usize::from(nibble)]));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
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
    /// The one-time code is not the one sent.
    CodeMismatch,
    /// The one-time code is past its 10 minutes.
    CodeExpired,
    /// A code was sent moments ago: no new one goes out yet.
    CodeRecentlySent,
    /// The code could not be sent (the provider failed).
    CodeNotSent,
    /// Too many attempts at a code.
    TooManyAttempts,
    /// The code's validation is unknown (spent, or never made).
    VerificationNotFound,
}

/// Every `code` a `verifik:error` event may carry (README.md, Reference › Error codes, which
/// tests/readme.rs checks against this list).
pub const ERROR_CODES: [&str; 18] = [
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
    "code_mismatch",
    "code_expired",
    "code_recently_sent",
    "code_not_sent",
    "too_many_attempts",
    "verification_not_found",
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
            ApiError::CodeMismatch => "code_mismatch",
            ApiError::CodeExpired => "code_expired",
            ApiError::CodeRecentlySent => "code_recently_sent",
            ApiError::CodeNotSent => "code_not_sent",
            ApiError::TooManyAttempts => "too_many_attempts",
            ApiError::VerificationNotFound => "verification_not_found",
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
            ApiError::CodeMismatch => Msg::ErrCodeMismatch,
            ApiError::CodeExpired => Msg::ErrCodeExpired,
            ApiError::CodeRecentlySent => Msg::ErrCodeRecentlySent,
            ApiError::CodeNotSent => Msg::ErrCodeNotSent,
            ApiError::TooManyAttempts => Msg::ErrTooManyAttempts,
            ApiError::VerificationNotFound => Msg::ErrVerificationNotFound,
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
                    let field =
                        crate::text::contains(message, "countryCode").then_some(Field::Phone);
                    return ApiError::MissingParameter { field };
                }
                "PreconditionFailed" if crate::text::contains(message, "email domain") => {
                    return ApiError::EmailDomainNotAllowed;
                }
                "Conflict" if crate::text::contains(message, "email_is_registered") => {
                    return ApiError::EmailAlreadyRegistered;
                }
                "Conflict" if crate::text::contains(message, "phone_is_registered") => {
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
        .then(|| crate::text::number(value, 10).and_then(|n| u32::try_from(n).ok()))
        .flatten()
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
    /// The value as a number; `None` for any other type.
    fn number(&self) -> Option<f64>;
}

pub(crate) fn non_empty_string<V: JsonValue>(value: Option<V>) -> Option<String> {
    value?.string().filter(|s| !s.is_empty())
}

#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl JsonValue for serde_json::Value {
    fn member(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).cloned()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

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
            ApiError::CodeMismatch,
            ApiError::CodeExpired,
            ApiError::CodeRecentlySent,
            ApiError::CodeNotSent,
            ApiError::TooManyAttempts,
            ApiError::VerificationNotFound,
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
