//! Input scanning: what a person typed or pasted, reduced to a leading plus and ASCII digits,
//! or refused for what it contains.

use super::{PhoneError, MAX_INPUT_CHARS, MAX_INPUT_DIGITS};

/// Characters people use to lay a number out, all ignored: libphonenumber's punctuation without
/// its `x` (extensions are refused), plus bidirectional marks that come along when a number is
/// copied out of right-to-left text. Whitespace is handled apart.
const LAYOUT_CHARS: &[char] = &[
    '-', '.', '/', '(', ')', '[', ']', '~', '\u{00AD}', '\u{2010}', '\u{2011}', '\u{2012}',
    '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}', '\u{30FC}', '\u{FF0D}', '\u{FF0E}', '\u{FF0F}',
    '\u{FF08}', '\u{FF09}', '\u{FF3B}', '\u{FF3D}', '\u{2053}', '\u{223C}', '\u{FF5E}', '\u{200B}',
    '\u{2060}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}',
];

/// First code point (the zero) of each run of ten decimal digits accepted besides ASCII.
const DIGIT_ZEROS: &[u32] = &[
    0xFF10, // fullwidth
    0x0660, // Arabic-Indic
    0x06F0, // Extended Arabic-Indic (Persian, Urdu)
];

fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let code = u32::from(c);
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|zero| char::from_digit(code - zero, 10))
}

/// The input reduced to what matters: a leading plus and the digits.
pub(super) struct Scanned {
    pub(super) plus: bool,
    pub(super) digits: String,
}

pub(super) fn scan(input: &str) -> Result<Scanned, PhoneError> {
    if input.chars().nth(MAX_INPUT_CHARS).is_some() {
        return Err(PhoneError::TooLong);
    }
    let mut plus = false;
    let mut digits = String::new();
    for c in input.chars() {
        if let Some(d) = ascii_digit(c) {
            if digits.len() == MAX_INPUT_DIGITS {
                return Err(PhoneError::TooLong);
            }
            digits.push(d);
        } else if matches!(c, '+' | '\u{FF0B}') {
            // An ASCII or a fullwidth plus sign.
            if plus || !digits.is_empty() {
                return Err(PhoneError::InvalidCharacters);
            }
            plus = true;
        } else if !(c.is_whitespace() || LAYOUT_CHARS.contains(&c)) {
            return Err(PhoneError::InvalidCharacters);
        }
    }
    if digits.is_empty() && !plus {
        return Err(PhoneError::Required);
    }
    Ok(Scanned { plus, digits })
}
