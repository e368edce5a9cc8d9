//! The one-time codes that verify a registration's e-mail address and phone number (README.md,
//! Quick start, step 4, and Security): the four calls, each authenticated by the registration's
//! own token, their bodies, and what their answers say.

use super::{non_empty_string, push_json_string, ApiError, JsonValue, MAX_ANSWER_BYTES};
use crate::config::Channel;

/// Sends an e-mail code.
pub const EMAIL_SEND_PATH: &str = "/v2/email-validations/app-registration";
/// Checks an e-mail code: this, then the validation's id.
pub const EMAIL_CHECK_PATH: &str = "/v2/email-validations/";
/// Sends a phone code.
pub const PHONE_SEND_PATH: &str = "/v2/phone-validations/app-registration";
/// Checks a phone code.
pub const PHONE_CHECK_PATH: &str = "/v2/phone-validations";

/// How many digits a code has.
pub const CODE_DIGITS: usize = 6;

/// How a phone code was delivered (the project flow's setting; the answer says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gateway {
    /// A text message.
    Sms,
    /// A WhatsApp message.
    WhatsApp,
}

impl Gateway {
    /// The contract's `gateway` value.
    pub fn name(self) -> &'static str {
        match self {
            Gateway::Sms => "sms",
            Gateway::WhatsApp => "whatsapp",
        }
    }

    fn parse(raw: &str) -> Option<Gateway> {
        match raw {
            "sms" => Some(Gateway::Sms),
            "whatsapp" => Some(Gateway::WhatsApp),
            _ => None,
        }
    }
}

/// The address or number a code goes to, as it was registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// An e-mail address.
    Email(String),
    /// National digits and the calling code (`+57`).
    Phone(String, String),
}

impl Recipient {
    /// Its channel.
    pub fn channel(&self) -> Channel {
        match self {
            Recipient::Email(_) => Channel::Email,
            Recipient::Phone(..) => Channel::Phone,
        }
    }

    /// How the person reads it: the address, or the number with its calling code.
    pub fn display(&self) -> String {
        match self {
            Recipient::Email(address) => address.clone(),
            Recipient::Phone(national, code) => {
                let mut text = code.clone();
                text.push(' ');
                text.push_str(national);
                text
            }
        }
    }

    /// Appends the recipient's members to a JSON object under construction.
    fn push_members(&self, out: &mut String) {
        match self {
            Recipient::Email(address) => member(out, "email", address),
            Recipient::Phone(national, code) => {
                member(out, "phone", national);
                member(out, "countryCode", code);
            }
        }
    }
}

/// Appends `"name":"value"` to a JSON object under construction (`{` first).
fn member(out: &mut String, name: &str, value: &str) {
    out.push(if out.is_empty() { '{' } else { ',' });
    push_json_string(out, name);
    out.push(':');
    push_json_string(out, value);
}

/// The path that sends a code to `recipient`.
pub fn send_path(recipient: &Recipient) -> &'static str {
    match recipient.channel() {
        Channel::Email => EMAIL_SEND_PATH,
        Channel::Phone => PHONE_SEND_PATH,
    }
}

/// The body that sends a code to `recipient` (`POST`), in `project`.
pub fn send_body(project: &str, recipient: &Recipient) -> String {
    let mut out = String::with_capacity(160);
    member(&mut out, "project", project);
    member(&mut out, "validationMethod", "verificationCode");
    recipient.push_members(&mut out);
    member(&mut out, "type", "onboarding");
    out.push('}');
    out
}

/// The path that checks a code (`PUT`): an e-mail code by its validation's id, a phone code by
/// its number.
pub fn check_path(recipient: &Recipient, validation_id: &str) -> String {
    match recipient.channel() {
        Channel::Email => {
            let mut path = EMAIL_CHECK_PATH.to_owned();
            // An id is hexadecimal; anything else in it must not change the path.
            path.extend(validation_id.chars().filter(char::is_ascii_alphanumeric));
            path
        }
        Channel::Phone => PHONE_CHECK_PATH.to_owned(),
    }
}

/// The body that checks `code` (six digits) for `recipient`; the code is a JSON number.
pub fn check_body(recipient: &Recipient, code: &str) -> String {
    let mut out = String::with_capacity(80);
    recipient.push_members(&mut out);
    out.push_str(",\"otp\":");
    // Six digits, the first never 0 in Verifik's codes; a leading 0 is dropped as a number would.
    out.push_str(crate::text::trim_start(code, b'0'));
    if code.bytes().all(|b| b == b'0') {
        out.push('0');
    }
    out.push('}');
    out
}

/// What a person typed as a code: spaces and dashes are ignored (codes are read out and pasted
/// in groups: "123 456", "123-456").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeInput {
    /// Digits so far, fewer than six.
    Partial,
    /// Six digits: check them.
    Complete(String),
    /// Something else than digits, spaces and dashes, or more than six digits.
    Invalid,
}

/// Reads a typed or pasted code.
pub fn read_code(input: &str) -> CodeInput {
    let mut digits = String::with_capacity(CODE_DIGITS);
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '\u{a0}' | '\u{2010}'..='\u{2015}' => {}
            _ => return CodeInput::Invalid,
        }
    }
    match digits.len() {
        CODE_DIGITS => CodeInput::Complete(digits),
        n if n < CODE_DIGITS => CodeInput::Partial,
        _ => CodeInput::Invalid,
    }
}

/// A code was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSent {
    /// `data._id`: the validation, which an e-mail check names.
    pub validation_id: String,
    /// `data.expiresAt` (ISO 8601), when the answer has it.
    pub expires_at: Option<String>,
    /// `data.phoneGateway`, for a phone.
    pub gateway: Option<Gateway>,
}

/// A verification call's error answer: the code step's own codes first (README.md, Reference ›
/// Error codes), then what any answer of the API means ([`ApiError::from_answer`]). A 429 here
/// is "too many attempts", not a rate limit to wait out.
fn error_from_answer(status: u16, body: Option<(&str, &str)>) -> ApiError {
    if let Some((code, _)) = body {
        match code {
            "otp_does_not_match" => return ApiError::CodeMismatch,
            "otp_recently_sent" => return ApiError::CodeRecentlySent,
            "otp_not_sent" => return ApiError::CodeNotSent,
            _ if code.ends_with("_has_expired") => return ApiError::CodeExpired,
            _ if code.ends_with("_validation_not_found") => return ApiError::VerificationNotFound,
            _ => {}
        }
    }
    match status {
        410 | 429 => ApiError::TooManyAttempts,
        _ => ApiError::from_answer(status, body),
    }
}

/// Reads the answer of a verification call: its `data` on a 2xx with an `_id`, else the error.
fn classify<V: JsonValue>(
    status: u16,
    text: &str,
    parse: impl FnOnce(&str) -> Option<V>,
) -> Result<(String, V), ApiError> {
    let body = if text.len() > MAX_ANSWER_BYTES {
        None
    } else {
        parse(text)
    };
    if (200..300).contains(&status) {
        let data = body
            .as_ref()
            .and_then(|b| b.member("data"))
            .ok_or(ApiError::InvalidResponse)?;
        let id = non_empty_string(data.member("_id")).ok_or(ApiError::InvalidResponse)?;
        return Ok((id, data));
    }
    let code = body.as_ref().and_then(|b| b.member("code")?.string());
    let message = body.as_ref().and_then(|b| b.member("message")?.string());
    Err(error_from_answer(
        status,
        code.as_deref().zip(message.as_deref()),
    ))
}

/// Classifies the answer of a send.
pub fn classify_sent<V: JsonValue>(
    status: u16,
    text: &str,
    parse: impl FnOnce(&str) -> Option<V>,
) -> Result<CodeSent, ApiError> {
    let (validation_id, data) = classify(status, text, parse)?;
    Ok(CodeSent {
        validation_id,
        expires_at: non_empty_string(data.member("expiresAt")),
        gateway: data
            .member("phoneGateway")
            .and_then(|g| g.string())
            .as_deref()
            .and_then(Gateway::parse),
    })
}

/// Classifies the answer of a check: the validation's id once the code is accepted.
pub fn classify_checked<V: JsonValue>(
    status: u16,
    text: &str,
    parse: impl FnOnce(&str) -> Option<V>,
) -> Result<String, ApiError> {
    let (validation_id, data) = classify(status, text, parse)?;
    let validated = data.member("status").and_then(|s| s.string());
    if validated.as_deref() != Some("validated") {
        return Err(ApiError::InvalidResponse);
    }
    Ok(validation_id)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn json(text: &str) -> Option<serde_json::Value> {
        serde_json::from_str(text).ok()
    }

    fn phone() -> Recipient {
        Recipient::Phone("3001234567".into(), "+57".into())
    }

    #[test]
    fn bodies_have_exactly_the_documented_members() {
        assert_eq!(
            send_body("p1", &Recipient::Email("a\"b@x.io".into())),
            r#"{"project":"p1","validationMethod":"verificationCode","email":"a\"b@x.io","type":"onboarding"}"#
        );
        assert_eq!(
            send_body("p1", &phone()),
            r#"{"project":"p1","validationMethod":"verificationCode","phone":"3001234567","countryCode":"+57","type":"onboarding"}"#
        );
        assert_eq!(
            check_body(&phone(), "123456"),
            r#"{"phone":"3001234567","countryCode":"+57","otp":123456}"#
        );
        assert_eq!(
            check_body(&Recipient::Email("a@x.io".into()), "012345"),
            r#"{"email":"a@x.io","otp":12345}"#
        );
        assert_eq!(
            check_path(&Recipient::Email("a@x.io".into()), "65a1/../b?c"),
            "/v2/email-validations/65a1bc"
        );
        assert_eq!(check_path(&phone(), "ignored"), "/v2/phone-validations");
        assert_eq!(phone().display(), "+57 3001234567");
    }

    #[test]
    fn a_code_is_six_digits_whatever_the_spaces_and_dashes() {
        assert_eq!(read_code("123 456"), CodeInput::Complete("123456".into()));
        assert_eq!(read_code("123-456"), CodeInput::Complete("123456".into()));
        assert_eq!(
            read_code(" 12 34 56 "),
            CodeInput::Complete("123456".into())
        );
        assert_eq!(read_code("123"), CodeInput::Partial);
        assert_eq!(read_code(""), CodeInput::Partial);
        assert_eq!(read_code("1234567"), CodeInput::Invalid);
        assert_eq!(read_code("12a456"), CodeInput::Invalid);
        assert_eq!(
            read_code("１２３４５６"),
            CodeInput::Invalid,
            "full-width digits"
        );
    }

    #[test]
    fn sends_and_checks_read_their_answers() {
        let sent = classify_sent(
            200,
            r#"{"data":{"_id":"v1","status":"sent","phoneGateway":"whatsapp","expiresAt":"2026-12-06T10:10:00Z","otp":"hash"}}"#,
            json,
        );
        assert_eq!(
            sent,
            Ok(CodeSent {
                validation_id: "v1".into(),
                expires_at: Some("2026-12-06T10:10:00Z".into()),
                gateway: Some(Gateway::WhatsApp),
            })
        );
        assert_eq!(
            classify_checked(200, r#"{"data":{"_id":"v1","status":"validated"}}"#, json),
            Ok("v1".into())
        );
        for bad in [
            r#"{"data":{"_id":"v1","status":"sent"}}"#,
            r#"{"data":{"status":"validated"}}"#,
            "<html>",
        ] {
            assert_eq!(
                classify_checked(200, bad, json),
                Err(ApiError::InvalidResponse),
                "{bad}"
            );
        }
    }

    #[test]
    fn documented_errors_map_to_the_contract_codes() {
        let error = |status, code: &str| {
            let body = format!(r#"{{"code":"{code}","message":"{status}:{code}"}}"#);
            classify_checked(status, &body, json).unwrap_err()
        };
        assert_eq!(error(403, "otp_does_not_match"), ApiError::CodeMismatch);
        assert_eq!(
            error(412, "emailValidation_has_expired"),
            ApiError::CodeExpired
        );
        assert_eq!(
            error(412, "phoneValidation_has_expired"),
            ApiError::CodeExpired
        );
        assert_eq!(error(409, "otp_recently_sent"), ApiError::CodeRecentlySent);
        assert_eq!(error(409, "otp_not_sent"), ApiError::CodeNotSent);
        assert_eq!(
            error(404, "email_validation_not_found"),
            ApiError::VerificationNotFound
        );
        assert_eq!(error(410, "Gone"), ApiError::TooManyAttempts);
        assert_eq!(error(429, "TooManyRequests"), ApiError::TooManyAttempts);
        assert_eq!(error(401, "InvalidCredentials"), ApiError::Unauthorized);
        assert_eq!(error(500, "Oops"), ApiError::Server);
        assert_eq!(
            error(409, "MissingParameter"),
            ApiError::MissingParameter { field: None }
        );
    }
}
