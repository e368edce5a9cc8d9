//! Pure reading of the four validation request bodies, in the order problems are reported:
//! missing fields, fields of the wrong type, the fixed values (`validationMethod`, `type`),
//! then formats.
//!
//! As for registrations, an absent field, `null` and `""` all count as missing (Verifik's
//! JavaScript tests truthiness). `otp` must be a JSON number, as Verifik documents it: a
//! string of digits is refused, so that a client sending one finds out here rather than
//! against the real API.

use serde_json::{Map, Value};

use crate::error::{messages, ApiError};
use crate::validate::{fields as registration_fields, is_country_code, is_email};

/// Body field names of the validation calls.
pub mod fields {
    pub use super::registration_fields::{COUNTRY_CODE, EMAIL, PHONE, PROJECT, PROJECT_FLOW};
    /// How the contact is verified; only [`super::METHOD_VERIFICATION_CODE`].
    pub const VALIDATION_METHOD: &str = "validationMethod";
    /// What the validation is for; only [`super::TYPE_ONBOARDING`].
    pub const TYPE: &str = "type";
    /// The code, as a number.
    pub const OTP: &str = "otp";
    /// Narrows a phone check to the gateway used.
    pub const PHONE_GATEWAY: &str = "phoneGateway";
}

/// The only `validationMethod` the sandbox serves: a code by e-mail or message.
pub const METHOD_VERIFICATION_CODE: &str = "verificationCode";
/// The only `type` the sandbox serves: the onboarding of an app registration.
pub const TYPE_ONBOARDING: &str = "onboarding";

/// `POST /v2/email-validations/app-registration`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendEmail {
    /// Project id, lower-cased.
    pub project: String,
    /// The address, lower-cased, whitespace removed.
    pub email: String,
}

/// `PUT /v2/email-validations/{id}`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckEmail {
    /// The address, lower-cased, whitespace removed.
    pub email: String,
    /// The code.
    pub otp: u64,
}

/// `POST /v2/phone-validations/app-registration`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendPhone {
    /// Project id, lower-cased.
    pub project: String,
    /// `+` and 1–3 digits.
    pub country_code: String,
    /// The number, whitespace removed.
    pub phone: String,
}

/// `PUT /v2/phone-validations`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPhone {
    /// `+` and 1–3 digits.
    pub country_code: String,
    /// The number, whitespace removed.
    pub phone: String,
    /// The code.
    pub otp: u64,
    /// Narrows the lookup to this project (lower-cased).
    pub project: Option<String>,
    /// Narrows the lookup to this project flow (lower-cased).
    pub project_flow: Option<String>,
    /// Narrows the lookup to this gateway (`sms`, `whatsapp`).
    pub phone_gateway: Option<String>,
}

/// A field after truthiness: missing, or a string, or the wrong type.
#[derive(Clone, Copy)]
enum Raw<'a> {
    Missing,
    Text(&'a str),
    Other(&'a Value),
}

fn raw<'a>(body: &'a Map<String, Value>, key: &str) -> Raw<'a> {
    match body.get(key) {
        None | Some(Value::Null) => Raw::Missing,
        Some(Value::String(s)) if s.is_empty() => Raw::Missing,
        Some(Value::String(s)) => Raw::Text(s),
        Some(other) => Raw::Other(other),
    }
}

/// 409 `MissingParameter` naming every absent field of `required`, in order.
fn require(body: &Map<String, Value>, required: &[&str]) -> Result<(), ApiError> {
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| matches!(raw(body, key), Raw::Missing))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::MissingParameter(format!(
            "{} {}",
            messages::MISSING_PREFIX,
            missing.join(", ")
        )))
    }
}

/// A present field that must be a string.
fn text<'a>(body: &'a Map<String, Value>, key: &'static str) -> Result<&'a str, ApiError> {
    match raw(body, key) {
        Raw::Text(s) => Ok(s),
        Raw::Missing | Raw::Other(_) => Err(ApiError::InvalidField(key)),
    }
}

/// An optional field that must be a string when present.
fn optional_text(body: &Map<String, Value>, key: &'static str) -> Result<Option<String>, ApiError> {
    match raw(body, key) {
        Raw::Missing => Ok(None),
        Raw::Text(s) => Ok(Some(s.to_ascii_lowercase())),
        Raw::Other(_) => Err(ApiError::InvalidField(key)),
    }
}

/// A present `otp`: a whole JSON number, 0 or more.
fn otp(body: &Map<String, Value>) -> Result<u64, ApiError> {
    match raw(body, fields::OTP) {
        Raw::Other(Value::Number(n)) => n.as_u64().ok_or(ApiError::InvalidField(fields::OTP)),
        _ => Err(ApiError::InvalidField(fields::OTP)),
    }
}

/// A fixed value: `validationMethod` and `type`.
fn fixed(body: &Map<String, Value>, key: &'static str, expected: &str) -> Result<(), ApiError> {
    if text(body, key)? == expected {
        Ok(())
    } else {
        Err(ApiError::InvalidField(key))
    }
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The address as Verifik keeps it: whitespace removed, lower-cased.
pub fn normalize_email(s: &str) -> String {
    without_whitespace(s).to_lowercase()
}

fn email(body: &Map<String, Value>) -> Result<String, ApiError> {
    let email = normalize_email(text(body, fields::EMAIL)?);
    if is_email(&email) {
        Ok(email)
    } else {
        Err(ApiError::MissingParameter(
            messages::INVALID_EMAIL_FORMAT.to_owned(),
        ))
    }
}

fn country_code(body: &Map<String, Value>) -> Result<String, ApiError> {
    let code = text(body, fields::COUNTRY_CODE)?;
    if is_country_code(code) {
        Ok(code.to_owned())
    } else {
        Err(ApiError::MissingParameter(
            messages::INVALID_COUNTRY_CODE_FORMAT.to_owned(),
        ))
    }
}

/// Reads a send-an-e-mail-code body.
pub fn send_email(body: &Map<String, Value>) -> Result<SendEmail, ApiError> {
    require(
        body,
        &[
            fields::PROJECT,
            fields::VALIDATION_METHOD,
            fields::EMAIL,
            fields::TYPE,
        ],
    )?;
    let project = text(body, fields::PROJECT)?.to_ascii_lowercase();
    fixed(body, fields::VALIDATION_METHOD, METHOD_VERIFICATION_CODE)?;
    text(body, fields::EMAIL)?;
    fixed(body, fields::TYPE, TYPE_ONBOARDING)?;
    Ok(SendEmail {
        project,
        email: email(body)?,
    })
}

/// Reads a check-an-e-mail-code body.
pub fn check_email(body: &Map<String, Value>) -> Result<CheckEmail, ApiError> {
    if matches!(raw(body, fields::EMAIL), Raw::Missing)
        || matches!(raw(body, fields::OTP), Raw::Missing)
    {
        return Err(ApiError::MissingParameter(
            messages::MISSING_EMAIL_AND_OTP.to_owned(),
        ));
    }
    let email = normalize_email(text(body, fields::EMAIL)?);
    Ok(CheckEmail {
        email,
        otp: otp(body)?,
    })
}

/// Reads a send-a-phone-code body.
pub fn send_phone(body: &Map<String, Value>) -> Result<SendPhone, ApiError> {
    require(
        body,
        &[
            fields::PROJECT,
            fields::VALIDATION_METHOD,
            fields::PHONE,
            fields::COUNTRY_CODE,
            fields::TYPE,
        ],
    )?;
    let project = text(body, fields::PROJECT)?.to_ascii_lowercase();
    fixed(body, fields::VALIDATION_METHOD, METHOD_VERIFICATION_CODE)?;
    let phone = without_whitespace(text(body, fields::PHONE)?);
    text(body, fields::COUNTRY_CODE)?;
    fixed(body, fields::TYPE, TYPE_ONBOARDING)?;
    Ok(SendPhone {
        project,
        country_code: country_code(body)?,
        phone,
    })
}

/// Reads a check-a-phone-code body.
pub fn check_phone(body: &Map<String, Value>) -> Result<CheckPhone, ApiError> {
    require(body, &[fields::PHONE, fields::COUNTRY_CODE, fields::OTP])?;
    let phone = without_whitespace(text(body, fields::PHONE)?);
    text(body, fields::COUNTRY_CODE)?;
    let otp = otp(body)?;
    let project = optional_text(body, fields::PROJECT)?;
    let project_flow = optional_text(body, fields::PROJECT_FLOW)?;
    let phone_gateway = optional_text(body, fields::PHONE_GATEWAY)?;
    Ok(CheckPhone {
        country_code: country_code(body)?,
        phone,
        otp,
        project,
        project_flow,
        phone_gateway,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "5f8d0a24c6345c001fa9e2b3";

    fn body(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn wire(result: Result<impl std::fmt::Debug, ApiError>) -> (u16, String, String) {
        match result {
            Err(e) => (e.status().as_u16(), e.code().to_owned(), e.message().into()),
            Ok(ok) => panic!("accepted: {ok:?}"),
        }
    }

    fn missing(message: &str) -> (u16, String, String) {
        (409, "MissingParameter".to_owned(), message.to_owned())
    }

    fn invalid(field: &str) -> (u16, String, String) {
        (
            409,
            "InvalidArgument".to_owned(),
            format!("invalid {field}"),
        )
    }

    #[test]
    fn send_email_reads_and_normalizes() {
        let ok = send_email(&body(json!({
            "project": ID.to_uppercase(), "validationMethod": "verificationCode",
            "email": " User@Example.COM ", "type": "onboarding", "redirectUrl": "x"
        })));
        assert_eq!(
            ok,
            Ok(SendEmail {
                project: ID.to_owned(),
                email: "user@example.com".to_owned()
            })
        );
    }

    #[test]
    fn send_email_refusals_in_order() {
        let check = |v: Value| wire(send_email(&body(v)));
        assert_eq!(
            check(json!({})),
            missing("missing project, validationMethod, email, type")
        );
        assert_eq!(
            check(
                json!({"project": ID, "validationMethod": "", "email": null, "type": "onboarding"})
            ),
            missing("missing validationMethod, email")
        );
        let full = |method: Value, email: Value, kind: Value| json!({"project": ID, "validationMethod": method, "email": email, "type": kind});
        assert_eq!(
            check(full(json!(1), json!(2), json!("onboarding"))),
            invalid("validationMethod")
        );
        assert_eq!(
            check(full(json!("manual"), json!("a@b.co"), json!("onboarding"))),
            invalid("validationMethod")
        );
        assert_eq!(
            check(full(
                json!("verificationCode"),
                json!(7),
                json!("onboarding")
            )),
            invalid("email")
        );
        assert_eq!(
            check(full(
                json!("verificationCode"),
                json!("a@b.co"),
                json!("login")
            )),
            invalid("type")
        );
        assert_eq!(
            check(full(
                json!("verificationCode"),
                json!("a@b"),
                json!("onboarding")
            )),
            missing("Invalid email format")
        );
        assert_eq!(
            check(
                json!({"project": 5, "validationMethod": "verificationCode", "email": "a@b.co", "type": "onboarding"})
            ),
            invalid("project")
        );
    }

    #[test]
    fn check_email_wants_both_and_a_numeric_otp() {
        let check = |v: Value| check_email(&body(v));
        assert_eq!(
            check(json!({"email": " A@B.co", "otp": 123456})),
            Ok(CheckEmail {
                email: "a@b.co".to_owned(),
                otp: 123_456
            })
        );
        for v in [
            json!({}),
            json!({"email": "a@b.co"}),
            json!({"otp": 123456}),
            json!({"email": "a@b.co", "otp": ""}),
            json!({"email": "", "otp": 123456}),
        ] {
            assert_eq!(wire(check(v)), missing("missing_email_and_otp"));
        }
        for otp in [
            json!("123456"),
            json!(-1),
            json!(12.5),
            json!([1]),
            json!(true),
        ] {
            assert_eq!(
                wire(check(json!({"email": "a@b.co", "otp": otp}))),
                invalid("otp")
            );
        }
        assert_eq!(
            wire(check(json!({"email": ["a@b.co"], "otp": 1}))),
            invalid("email")
        );
    }

    #[test]
    fn send_phone_reads_and_refuses() {
        let ok = send_phone(&body(json!({
            "project": ID, "validationMethod": "verificationCode", "phone": "300 123 4567",
            "countryCode": "+57", "type": "onboarding"
        })));
        assert_eq!(
            ok,
            Ok(SendPhone {
                project: ID.to_owned(),
                country_code: "+57".to_owned(),
                phone: "3001234567".to_owned()
            })
        );
        let check = |v: Value| wire(send_phone(&body(v)));
        assert_eq!(
            check(json!({"project": ID, "type": "onboarding"})),
            missing("missing validationMethod, phone, countryCode")
        );
        assert_eq!(
            check(json!({
                "project": ID, "validationMethod": "verificationCode", "phone": "3001234567",
                "countryCode": "57", "type": "onboarding"
            })),
            missing("Invalid countryCode format")
        );
        assert_eq!(
            check(json!({
                "project": ID, "validationMethod": "verificationCode", "phone": 3001234567_u64,
                "countryCode": "+57", "type": "onboarding"
            })),
            invalid("phone")
        );
    }

    #[test]
    fn check_phone_reads_narrowing_fields() {
        let ok = check_phone(&body(json!({
            "phone": "3001234567", "countryCode": "+57", "otp": 654321,
            "projectFlow": ID.to_uppercase(), "phoneGateway": "WhatsApp"
        })));
        assert_eq!(
            ok,
            Ok(CheckPhone {
                country_code: "+57".to_owned(),
                phone: "3001234567".to_owned(),
                otp: 654_321,
                project: None,
                project_flow: Some(ID.to_owned()),
                phone_gateway: Some("whatsapp".to_owned()),
            })
        );
        let check = |v: Value| wire(check_phone(&body(v)));
        assert_eq!(
            check(json!({"otp": 1})),
            missing("missing phone, countryCode")
        );
        assert_eq!(
            check(json!({"phone": "1", "countryCode": "+1", "otp": "1"})),
            invalid("otp")
        );
        assert_eq!(
            check(json!({"phone": "1", "countryCode": "+1234", "otp": 1})),
            missing("Invalid countryCode format")
        );
        assert_eq!(
            check(json!({"phone": "1", "countryCode": "+1", "otp": 1, "project": 3})),
            invalid("project")
        );
    }
}
