//! Pure validation of what a person types: input in, normalized value or a closed error out.
//!
//! No `web_sys` here, so everything runs under plain `cargo test`.

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
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
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
    let (local, domain) = email.split_once('@').ok_or(EmailError::InvalidFormat)?;
    if local.is_empty() || !local.chars().all(is_local_char) {
        return Err(EmailError::InvalidFormat);
    }
    if !domain.contains('.') || !domain.split('.').all(is_valid_label) {
        return Err(EmailError::InvalidFormat);
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(EmailError::TooLong);
    }
    Ok(email.to_owned())
}

#[cfg(test)]
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
    fn codes_match_the_contract() {
        assert_eq!(EmailError::Required.code(), "required");
        assert_eq!(EmailError::InvalidFormat.code(), "invalid_format");
        assert_eq!(EmailError::TooLong.code(), "too_long");
    }
}
