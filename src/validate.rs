//! Pure validation of what a person types: input in, normalized value or a closed error out.
//!
//! No `web_sys` here, so everything runs under plain `cargo test`.

use crate::config::Fields;
use crate::phone::{validate_phone, PatternMatcher, PhoneError, PhoneNumber};

/// Why an e-mail address was refused. The `code` strings are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailError {
    /// Nothing but whitespace was entered.
    Required,
    /// Not a WHATWG "valid e-mail address" with a dotted domain.
    InvalidFormat,
    /// Over 254 characters in all, or a local part over 64.
    TooLong,
}

impl EmailError {
    /// The contract's error code (`required`, `invalid_format`, `too_long`).
    pub fn code(self) -> &'static str {
        match self {
            EmailError::Required => "required",
            EmailError::InvalidFormat => "invalid_format",
            EmailError::TooLong => "too_long",
        }
    }
}

/// Longest address SMTP can carry (RFC 5321 path limit less the angle brackets).
const MAX_EMAIL_LEN: usize = 254;
/// RFC 5321 local-part limit.
const MAX_LOCAL_LEN: usize = 64;
/// DNS label limit.
const MAX_LABEL_LEN: usize = 63;

/// Characters the WHATWG "valid e-mail address" production allows in the local part.
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '/'
                | '='
                | '?'
                | '^'
                | '_'
                | '`'
                | '{'
                | '|'
                | '}'
                | '~'
                | '.'
                | '-'
        )
}

fn is_valid_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LABEL_LEN
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// Validates an e-mail address as a person typed it and returns it trimmed.
///
/// The rule is the WHATWG one (what `<input type=email>` accepts) plus the limits that make
/// an address deliverable: at most 254 characters, a local part of at most 64, labels of at
/// most 63 and at least one dot in the domain.
pub fn validate_email(input: &str) -> Result<String, EmailError> {
    let email = input.trim();
    if email.is_empty() {
        return Err(EmailError::Required);
    }
    if email.chars().count() > MAX_EMAIL_LEN {
        return Err(EmailError::TooLong);
    }
    let (local, domain) = crate::text::split_once(email, b'@').ok_or(EmailError::InvalidFormat)?;
    if local.is_empty() || !local.chars().all(is_local_char) {
        return Err(EmailError::InvalidFormat);
    }
    if !domain.bytes().any(|b| b == b'.') || !crate::text::split(domain, b'.').all(is_valid_label) {
        return Err(EmailError::InvalidFormat);
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(EmailError::TooLong);
    }
    Ok(email.to_owned())
}

/// The outcome of checking the whole form before a submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormCheck {
    /// The e-mail to send (`Ok(None)`: not shown, or left empty where that is allowed).
    pub email: Result<Option<String>, EmailError>,
    /// The phone to send, likewise.
    pub phone: Result<Option<PhoneNumber>, PhoneError>,
    /// Both fields are shown and both are empty: one of them is required.
    pub missing_both: bool,
}

impl FormCheck {
    /// How many fields need fixing (the live-region summary after a failed submit).
    pub fn error_count(&self) -> usize {
        usize::from(self.email.is_err())
            + usize::from(self.phone.is_err())
            + usize::from(self.missing_both)
    }

    /// What to send, when everything is valid.
    pub fn valid(&self) -> Option<(Option<String>, Option<PhoneNumber>)> {
        match (&self.email, &self.phone, self.missing_both) {
            (Ok(email), Ok(phone), false) => Some((email.clone(), phone.clone())),
            _ => None,
        }
    }
}

/// Checks what the person typed against the fields the host asked for.
///
/// With one field, it is required. With both, at least one is required and whatever was
/// typed must be valid. A phone needs a country, unless it was typed in international form.
pub fn check_form(
    fields: Fields,
    email: &str,
    phone: &str,
    country: Option<&str>,
    allowed: Option<&[&str]>,
    matcher: &impl PatternMatcher,
) -> FormCheck {
    let email_empty = email.trim().is_empty();
    let phone_empty = phone.trim().is_empty();
    let optional = fields == Fields::Both;
    let email = if !fields.email() || (optional && email_empty) {
        Ok(None)
    } else {
        validate_email(email).map(Some)
    };
    let phone = if !fields.phone() || (optional && phone_empty) {
        Ok(None)
    } else {
        validate_phone(country.unwrap_or_default(), phone, matcher)
            .and_then(|number| {
                // A pasted international number may belong to a country the host excludes.
                match allowed {
                    Some(list) if !list.contains(&number.country) => {
                        Err(PhoneError::InvalidCountry)
                    }
                    _ => Ok(number),
                }
            })
            .map(Some)
    };
    FormCheck {
        email,
        phone,
        missing_both: optional && email_empty && phone_empty,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_and_unusual_but_valid_addresses() {
        for ok in [
            "user@example.com",
            "first.last+tag@sub.example.co",
            "o'brien@example.ie",
            "x@a-b.io",
            "UPPER@EXAMPLE.COM",
        ] {
            assert_eq!(validate_email(ok), Ok(ok.to_owned()), "{ok}");
        }
    }

    #[test]
    fn trims_surrounding_whitespace() {
        assert_eq!(
            validate_email("  user@example.com\n"),
            Ok("user@example.com".into())
        );
    }

    #[test]
    fn empty_or_blank_is_required() {
        assert_eq!(validate_email(""), Err(EmailError::Required));
        assert_eq!(validate_email(" \t "), Err(EmailError::Required));
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "plain",
            "@example.com",
            "user@",
            "user@localhost",
            "user@@example.com",
            "us er@example.com",
            "user@exa mple.com",
            "user@-example.com",
            "user@example-.com",
            "user@example..com",
            "user@example.com.",
            "usér@example.com",
            "user@exämple.com",
            "<script>@example.com",
        ] {
            assert_eq!(validate_email(bad), Err(EmailError::InvalidFormat), "{bad}");
        }
    }

    #[test]
    fn enforces_length_limits() {
        let local65 = "a".repeat(65);
        assert_eq!(
            validate_email(&format!("{local65}@example.com")),
            Err(EmailError::TooLong)
        );
        let long_domain = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        assert_eq!(
            validate_email(&format!("u@{long_domain}")),
            Err(EmailError::TooLong)
        );
        let label64 = "a".repeat(64);
        assert_eq!(
            validate_email(&format!("u@{label64}.com")),
            Err(EmailError::InvalidFormat)
        );
        let local64 = "a".repeat(64);
        assert!(validate_email(&format!("{local64}@example.com")).is_ok());
    }

    #[test]
    fn a_single_field_is_required() {
        let check = check_form(
            Fields::Email,
            "",
            "",
            None,
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.email, Err(EmailError::Required));
        assert_eq!(check.phone, Ok(None));
        assert!(!check.missing_both);
        let check = check_form(
            Fields::Phone,
            "ignored@x",
            "",
            Some("CO"),
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.phone, Err(PhoneError::Required));
        assert_eq!(
            check.email,
            Ok(None),
            "a hidden e-mail field is never checked or sent"
        );
        assert_eq!(check.error_count(), 1);
    }

    #[test]
    fn with_both_fields_one_is_enough_but_what_is_typed_must_be_valid() {
        let check = check_form(
            Fields::Both,
            " ",
            "",
            None,
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert!(check.missing_both);
        assert_eq!(check.valid(), None);
        let check = check_form(
            Fields::Both,
            "a@example.com",
            "",
            Some("CO"),
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.valid(), Some((Some("a@example.com".into()), None)));
        let check = check_form(
            Fields::Both,
            "",
            "300 123 4567",
            Some("CO"),
            None,
            &crate::phone::RegexMatcher::default(),
        );
        let (email, phone) = check.valid().expect("a Colombian mobile alone is enough");
        assert_eq!(email, None);
        assert_eq!(phone.map(|p| p.e164).as_deref(), Some("+573001234567"));
        let check = check_form(
            Fields::Both,
            "a@example.com",
            "12",
            Some("CO"),
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.phone, Err(PhoneError::TooShort));
        assert_eq!(check.valid(), None);
    }

    #[test]
    fn a_phone_from_a_country_outside_the_allow_list_is_refused() {
        let check = check_form(
            Fields::Phone,
            "",
            "+57 300 123 4567",
            None,
            Some(&["MX"]),
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.phone, Err(PhoneError::InvalidCountry));
        let check = check_form(
            Fields::Phone,
            "",
            "+57 300 123 4567",
            None,
            Some(&["CO"]),
            &crate::phone::RegexMatcher::default(),
        );
        assert!(check.phone.is_ok());
    }

    #[test]
    fn a_national_phone_without_a_country_is_refused() {
        let check = check_form(
            Fields::Phone,
            "",
            "300 123 4567",
            None,
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.phone, Err(PhoneError::InvalidCountry));
        let check = check_form(
            Fields::Phone,
            "",
            "+57 300 123 4567",
            None,
            None,
            &crate::phone::RegexMatcher::default(),
        );
        assert_eq!(check.phone.unwrap().unwrap().country, "CO");
    }

    #[test]
    fn codes_match_the_contract() {
        assert_eq!(EmailError::Required.code(), "required");
        assert_eq!(EmailError::InvalidFormat.code(), "invalid_format");
        assert_eq!(EmailError::TooLong.code(), "too_long");
    }
}

// Native only: `proptest` does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text shaped like an address: WHATWG local characters, labels, dots, sometimes too long.
    fn address_like() -> impl Strategy<Value = String> {
        (
            "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{0,70}",
            proptest::collection::vec("[a-zA-Z0-9-]{0,66}", 0..6),
            "[ \\t\\n]{0,2}",
        )
            .prop_map(|(local, labels, space)| {
                format!("{space}{local}@{}{space}", labels.join("."))
            })
    }

    proptest! {
        #![proptest_config(crate::proptest_config())]

        /// Any input: no panic, and an accepted address keeps every documented limit and is
        /// accepted again unchanged.
        #[test]
        fn accepted_addresses_keep_the_limits(input in prop_oneof![any::<String>(), "\\PC{0,300}", address_like()]) {
            match validate_email(&input) {
                Ok(email) => {
                    prop_assert_eq!(email.as_str(), input.trim());
                    prop_assert!(email.len() <= MAX_EMAIL_LEN && email.is_ascii());
                    let (local, domain) = email.split_once('@').expect("one @");
                    prop_assert!(!local.is_empty() && local.len() <= MAX_LOCAL_LEN);
                    prop_assert!(domain.contains('.') && domain.split('.').all(is_valid_label));
                    prop_assert_eq!(validate_email(&email), Ok(email.clone()));
                }
                Err(EmailError::Required) => prop_assert!(input.trim().is_empty()),
                Err(_) => prop_assert!(!input.trim().is_empty()),
            }
        }

        /// Addresses built by the rule are never refused.
        #[test]
        fn addresses_built_by_the_rule_are_accepted(
            local in "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}",
            labels in proptest::collection::vec("[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", 2..5),
        ) {
            let email = format!("{local}@{}", labels.join("."));
            prop_assume!(email.len() <= MAX_EMAIL_LEN);
            prop_assert_eq!(validate_email(&email), Ok(email.clone()));
        }
    }
}
