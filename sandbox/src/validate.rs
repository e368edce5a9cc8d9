//! Pure validation of a create-registration body, in the order Verifik reports
//! problems: missing ids, missing contact, missing country code, then formats,
//! then the e-mail domain block list.
//!
//! Verifik is a JavaScript service that tests fields for truthiness, so an absent
//! field, `null` and `""` all count as missing; any other non-string value is
//! present but malformed.

use std::borrow::Cow;

use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::error::{codes, messages};

/// Longest e-mail address accepted, in characters (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Fewest digits in a phone number (national significant number).
pub const MIN_PHONE_DIGITS: usize = 4;
/// Most digits in a phone number; E.164 allows 15, the margin covers long national formats.
pub const MAX_PHONE_DIGITS: usize = 17;
/// Most digits after the `+` of a country calling code.
pub const MAX_COUNTRY_CODE_DIGITS: usize = 3;
/// Length of a MongoDB ObjectId in hex characters.
pub const OBJECT_ID_LEN: usize = 24;

/// Body field names, as sent on the wire.
pub mod fields {
    /// The project id.
    pub const PROJECT: &str = "project";
    /// The project flow id.
    pub const PROJECT_FLOW: &str = "projectFlow";
    /// The e-mail address.
    pub const EMAIL: &str = "email";
    /// The phone digits.
    pub const PHONE: &str = "phone";
    /// The `+NN` calling code.
    pub const COUNTRY_CODE: &str = "countryCode";
    /// The message language.
    pub const LANGUAGE: &str = "language";
}

/// A body field that can be malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `project`
    Project,
    /// `projectFlow`
    ProjectFlow,
    /// `email`
    Email,
    /// `phone`
    Phone,
    /// `countryCode`
    CountryCode,
    /// `language`
    Language,
}

impl Field {
    /// The field's wire name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Project => fields::PROJECT,
            Self::ProjectFlow => fields::PROJECT_FLOW,
            Self::Email => fields::EMAIL,
            Self::Phone => fields::PHONE,
            Self::CountryCode => fields::COUNTRY_CODE,
            Self::Language => fields::LANGUAGE,
        }
    }
}

/// Why a body was refused, before the store is consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationError {
    /// `project` is missing.
    MissingProject,
    /// `projectFlow` is missing.
    MissingProjectFlow,
    /// Neither `email` nor `phone`.
    MissingContact,
    /// `phone` without `countryCode`.
    MissingCountryCode,
    /// The field is present but has the wrong type or format.
    Invalid(Field),
    /// The e-mail's domain is blocked.
    DomainNotAllowed,
}

impl ValidationError {
    /// HTTP status, as restify maps these codes.
    pub fn status(self) -> StatusCode {
        match self {
            Self::DomainNotAllowed => StatusCode::PRECONDITION_FAILED,
            _ => StatusCode::CONFLICT,
        }
    }

    /// Body `code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingProject
            | Self::MissingProjectFlow
            | Self::MissingContact
            | Self::MissingCountryCode => codes::MISSING_PARAMETER,
            Self::Invalid(_) => codes::INVALID_ARGUMENT,
            Self::DomainNotAllowed => codes::PRECONDITION_FAILED,
        }
    }

    /// Body `message`.
    pub fn message(self) -> Cow<'static, str> {
        match self {
            Self::MissingProject => messages::MISSING_PROJECT.into(),
            Self::MissingProjectFlow => messages::MISSING_PROJECT_FLOW.into(),
            Self::MissingContact => messages::MISSING_CONTACT.into(),
            Self::MissingCountryCode => messages::MISSING_COUNTRY_CODE.into(),
            Self::Invalid(field) => format!("invalid {}", field.name()).into(),
            Self::DomainNotAllowed => messages::EMAIL_DOMAIN_NOT_ALLOWED.into(),
        }
    }
}

/// Languages Verifik sends messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// English, Verifik's default.
    #[default]
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Language {
    /// Parses a wire code; only the exact lowercase codes are accepted.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Self::En),
            "es" => Some(Self::Es),
            "pt" => Some(Self::Pt),
            _ => None,
        }
    }

    /// The wire code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Pt => "pt",
        }
    }
}

/// A phone number split as the API takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `+` and 1–3 digits.
    pub country_code: String,
    /// Digits only.
    pub digits: String,
}

impl Phone {
    /// The stored form, `countryCode` then digits: `+573001234567`.
    pub fn e164(&self) -> String {
        format!("{}{}", self.country_code, self.digits)
    }
}

/// A body that passed validation, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegistration {
    /// Project id, lowercase hex.
    pub project: String,
    /// Project flow id, lowercase hex.
    pub project_flow: String,
    /// E-mail as sent.
    pub email: Option<String>,
    /// Phone, if sent.
    pub phone: Option<Phone>,
    /// Message language, `en` when absent.
    pub language: Language,
}

/// How a field appears in the body, after JavaScript-style truthiness.
enum Raw<'a> {
    Absent,
    Text(&'a str),
    WrongType,
}

impl<'a> Raw<'a> {
    fn of(body: &'a Map<String, Value>, key: &str) -> Self {
        match body.get(key) {
            None | Some(Value::Null) => Self::Absent,
            Some(Value::String(s)) if s.is_empty() => Self::Absent,
            Some(Value::String(s)) => Self::Text(s),
            Some(_) => Self::WrongType,
        }
    }

    fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The text if present and accepted by `valid`; `Ok(None)` if absent.
    fn checked(
        &self,
        field: Field,
        valid: impl Fn(&str) -> bool,
    ) -> Result<Option<&'a str>, ValidationError> {
        match *self {
            Self::Absent => Ok(None),
            Self::Text(s) if valid(s) => Ok(Some(s)),
            _ => Err(ValidationError::Invalid(field)),
        }
    }
}

/// Validates a create-registration body (unknown fields are ignored).
///
/// `blocked_domains` are compared case-insensitively with the e-mail's whole domain.
pub fn validate_registration(
    body: &Map<String, Value>,
    blocked_domains: &[String],
) -> Result<NewRegistration, ValidationError> {
    let project = Raw::of(body, fields::PROJECT);
    let project_flow = Raw::of(body, fields::PROJECT_FLOW);
    let email = Raw::of(body, fields::EMAIL);
    let phone = Raw::of(body, fields::PHONE);
    let country_code = Raw::of(body, fields::COUNTRY_CODE);
    let language = Raw::of(body, fields::LANGUAGE);

    if project.is_absent() {
        return Err(ValidationError::MissingProject);
    }
    if project_flow.is_absent() {
        return Err(ValidationError::MissingProjectFlow);
    }
    if email.is_absent() && phone.is_absent() {
        return Err(ValidationError::MissingContact);
    }
    if !phone.is_absent() && country_code.is_absent() {
        return Err(ValidationError::MissingCountryCode);
    }

    let project = project
        .checked(Field::Project, is_object_id)?
        .unwrap_or_default()
        .to_ascii_lowercase();
    let project_flow = project_flow
        .checked(Field::ProjectFlow, is_object_id)?
        .unwrap_or_default()
        .to_ascii_lowercase();
    let email = email.checked(Field::Email, is_email)?;
    let digits = phone.checked(Field::Phone, is_phone_digits)?;
    // Checked even without a phone: a malformed code is a client bug worth surfacing.
    let country_code = country_code.checked(Field::CountryCode, is_country_code)?;
    let language = match language {
        Raw::Absent => Language::default(),
        Raw::Text(code) => {
            Language::parse(code).ok_or(ValidationError::Invalid(Field::Language))?
        }
        Raw::WrongType => return Err(ValidationError::Invalid(Field::Language)),
    };

    if let Some(domain) = email.and_then(email_domain) {
        if blocked_domains
            .iter()
            .any(|blocked| blocked.eq_ignore_ascii_case(domain))
        {
            return Err(ValidationError::DomainNotAllowed);
        }
    }

    let phone = match (digits, country_code) {
        (Some(digits), Some(country_code)) => Some(Phone {
            country_code: country_code.to_owned(),
            digits: digits.to_owned(),
        }),
        // The missing-country-code check above makes a phone without a code unreachable.
        _ => None,
    };

    Ok(NewRegistration {
        project,
        project_flow,
        email: email.map(str::to_owned),
        phone,
        language,
    })
}

/// A MongoDB ObjectId: exactly 24 hex digits, either case.
pub fn is_object_id(s: &str) -> bool {
    s.len() == OBJECT_ID_LEN && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Digits only, between [`MIN_PHONE_DIGITS`] and [`MAX_PHONE_DIGITS`] of them.
pub fn is_phone_digits(s: &str) -> bool {
    (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
}

/// `+` followed by 1 to [`MAX_COUNTRY_CODE_DIGITS`] digits.
pub fn is_country_code(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|digits| {
        (1..=MAX_COUNTRY_CODE_DIGITS).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The basic `local@domain.tld` shape: one `@`, a non-empty local part, no
/// whitespace, a domain of at least two non-empty labels of letters, digits and
/// inner hyphens, a top-level label of two characters or more, and at most
/// [`MAX_EMAIL_CHARS`] characters overall.
///
/// Deliberately loose: the widget owns the strict rules, the sandbox only refuses
/// what no real address looks like.
pub fn is_email(s: &str) -> bool {
    if s.chars().count() > MAX_EMAIL_CHARS || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    if local.is_empty() || domain.contains('@') {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let labels_ok = labels.iter().all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let tld_ok = labels.last().is_some_and(|tld| tld.chars().count() >= 2);
    labels.len() >= 2 && labels_ok && tld_ok
}

/// The part after the `@`, if any.
pub fn email_domain(email: &str) -> Option<&str> {
    email.rsplit_once('@').map(|(_, domain)| domain)
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

    fn blocked() -> Vec<String> {
        vec!["mailinator.com".to_owned()]
    }

    #[test]
    fn object_ids() {
        assert!(is_object_id(ID));
        assert!(is_object_id("5F8D0A24C6345C001FA9E2B3"));
        assert!(!is_object_id("5f8d0a24c6345c001fa9e2b"));
        assert!(!is_object_id("5f8d0a24c6345c001fa9e2b3a"));
        assert!(!is_object_id("5f8d0a24c6345c001fa9e2bz"));
        assert!(!is_object_id(""));
    }

    #[test]
    fn phones_and_country_codes() {
        assert!(is_phone_digits("3001234567"));
        assert!(is_phone_digits("1234"));
        assert!(!is_phone_digits("123"));
        assert!(!is_phone_digits("123456789012345678"));
        assert!(!is_phone_digits("300 123 4567"));
        assert!(!is_phone_digits("+573001234567"));
        assert!(!is_phone_digits("３００１２３４"));

        assert!(is_country_code("+1"));
        assert!(is_country_code("+57"));
        assert!(is_country_code("+598"));
        assert!(!is_country_code("+"));
        assert!(!is_country_code("57"));
        assert!(!is_country_code("+1234"));
        assert!(!is_country_code("+5a"));
    }

    #[test]
    fn emails() {
        for ok in [
            "user@example.com",
            "a.b+c@sub.example.co",
            "ñandú@ejemplo.es",
            "x@xn--p1ai.xn--p1ai",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "user",
            "@example.com",
            "user@",
            "user@example",
            "user@example.c",
            "user@@example.com",
            "a@b@example.com",
            "user @example.com",
            "user@exa mple.com",
            "user@.example.com",
            "user@example..com",
            "user@-example.com",
            "user@example.com.",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        let local = "a".repeat(MAX_EMAIL_CHARS - "@example.com".len());
        assert!(is_email(&format!("{local}@example.com")));
        assert!(!is_email(&format!("{local}a@example.com")));
    }

    #[test]
    fn missing_fields_in_documented_order() {
        let check = |v: Value| validate_registration(&body(v), &blocked()).err();
        assert_eq!(check(json!({})), Some(ValidationError::MissingProject));
        assert_eq!(
            check(json!({"project": "", "projectFlow": "x"})),
            Some(ValidationError::MissingProject)
        );
        assert_eq!(
            check(json!({"project": "bad", "projectFlow": null})),
            Some(ValidationError::MissingProjectFlow)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID})),
            Some(ValidationError::MissingContact)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID, "phone": "3001234567"})),
            Some(ValidationError::MissingCountryCode)
        );
    }

    #[test]
    fn formats_and_types() {
        let check = |v: Value| validate_registration(&body(v), &blocked()).err();
        let invalid = |f| Some(ValidationError::Invalid(f));
        assert_eq!(
            check(json!({"project": "nope", "projectFlow": ID, "email": "a@b.co"})),
            invalid(Field::Project)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": 42, "email": "a@b.co"})),
            invalid(Field::ProjectFlow)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID, "email": 7})),
            invalid(Field::Email)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID, "phone": "12-34", "countryCode": "+1"})),
            invalid(Field::Phone)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID, "phone": "1234", "countryCode": "57"})),
            invalid(Field::CountryCode)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID, "email": "a@b.co", "language": "fr"})),
            invalid(Field::Language)
        );
        assert_eq!(
            check(json!({"project": ID, "projectFlow": ID, "email": "A@MAILINATOR.COM"})),
            Some(ValidationError::DomainNotAllowed)
        );
    }

    #[test]
    fn normalises_a_valid_body() {
        let ok = validate_registration(
            &body(json!({
                "project": ID.to_uppercase(), "projectFlow": ID, "email": "User@Example.com",
                "phone": "3001234567", "countryCode": "+57", "extra": [1, 2]
            })),
            &blocked(),
        );
        let expected = NewRegistration {
            project: ID.to_owned(),
            project_flow: ID.to_owned(),
            email: Some("User@Example.com".to_owned()),
            phone: Some(Phone {
                country_code: "+57".to_owned(),
                digits: "3001234567".to_owned(),
            }),
            language: Language::En,
        };
        assert_eq!(ok, Ok(expected));
        assert_eq!(
            Phone {
                country_code: "+57".to_owned(),
                digits: "3001234567".to_owned()
            }
            .e164(),
            "+573001234567"
        );
    }

    #[test]
    fn subdomain_of_a_blocked_domain_is_allowed() {
        let result = validate_registration(
            &body(json!({"project": ID, "projectFlow": ID, "email": "a@eu.mailinator.com"})),
            &blocked(),
        );
        assert!(result.is_ok());
    }
}
