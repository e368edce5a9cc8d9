//! Phone number validation: what a person types or pastes in, a normalized number or a closed
//! error out.
//!
//! The rules are Google libphonenumber's `parse` followed by `isValidNumber` and, for the reason
//! of a refusal, `isPossibleNumberWithReason`, run over the table in [`crate::countries`]
//! (generated from libphonenumber [`METADATA_VERSION`](crate::countries::METADATA_VERSION)).
//! The contract's promise is that a number libphonenumber calls valid is never refused; the
//! native tests hold this module to that with every example number and tens of thousands of
//! variants of them, against the verdicts of libphonenumber itself at that version (PyPI's
//! `phonenumbers`, see `conformance.rs`).
//!
//! Patterns are matched through [`PatternMatcher`] so that no regular-expression engine ships in
//! the wasm: the browser's `RegExp` does the work there ([`JsRegExp`], wasm32 only), the `regex`
//! crate in the native tests.
//!
//! Where this departs from libphonenumber, on purpose:
//! - `00` followed by a calling code is read as `+` whatever the selected country, because people
//!   paste numbers written for other countries ("0057 300 1234567"); the selected country's own
//!   international prefix (`011` in the US, `0011` in Australia, ...) is understood too. If a
//!   reading is not valid, the next one is tried (ending with the plain national reading), so no
//!   number libphonenumber accepts is lost.
//! - Letters are refused ([`PhoneError::InvalidCharacters`]): no vanity numbers ("1-800-FLOWERS")
//!   and no extensions ("ext. 12", ";ext=12"), which the request body has no room for.
//! - libphonenumber's non-geographic calling codes (+800, +808, +870, +878, +881, +882, +883,
//!   +888, +979) are not countries and give [`PhoneError::InvalidCountry`].
//! - Digits are ASCII, fullwidth, Arabic-Indic and Extended Arabic-Indic (libphonenumber takes
//!   every Unicode decimal digit).
//!
//! The steps, one file each, in the order a number goes through them: [`scan`] (what was typed,
//! reduced to a plus and digits), [`parse`] (the readings of the digits, the calling code, the
//! national prefix stripped), [`validity`] (the region and the verdict), with [`matcher`] behind
//! every pattern. This module only chains them.

mod matcher;
mod parse;
mod scan;
mod validity;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod conformance;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

#[cfg(target_arch = "wasm32")]
pub use matcher::JsRegExp;
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
pub use matcher::RegexMatcher;
pub use matcher::{PatternMatcher, StartMatch};

use crate::countries;
use parse::{parse, readings, Reading};
use scan::scan;
use validity::check;

/// Why a phone number was refused. The `code` strings are part of the public contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing but whitespace or punctuation was entered.
    Required,
    /// Something other than digits, one leading `+`, spaces and the usual punctuation
    /// (`-`, `.`, `/`, parentheses, brackets): letters, extensions, `*`, `#`, a second `+`.
    InvalidCharacters,
    /// A national number with no (or an unknown) selected country, or an international number
    /// whose calling code is not a country's.
    InvalidCountry,
    /// Shorter than any complete number of the country, or a local number without its area code.
    TooShort,
    /// Longer than any number of the country (or over [`MAX_INPUT_DIGITS`] digits or
    /// [`MAX_INPUT_CHARS`] characters in all).
    TooLong,
    /// A possible length but no number the country uses (or a length between two possible ones).
    InvalidNumber,
    /// The number looks like one, but the phone metadata table is not installed yet (or could
    /// not be loaded), so it cannot be judged: no verdict, not even a wrong one. Never given
    /// with the embedded table; the JS API throws rather than return it.
    Unchecked,
}

impl PhoneError {
    /// The contract's error code (`required`, `invalid_characters`, `invalid_country`,
    /// `too_short`, `too_long`, `invalid_number`).
    pub fn code(self) -> &'static str {
        match self {
            PhoneError::Required => "required",
            PhoneError::InvalidCharacters => "invalid_characters",
            PhoneError::InvalidCountry => "invalid_country",
            PhoneError::TooShort => "too_short",
            PhoneError::TooLong => "too_long",
            PhoneError::InvalidNumber => "invalid_number",
            PhoneError::Unchecked => "unchecked",
        }
    }
}

/// A valid phone number, normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber {
    /// ISO code of the region the number belongs to ("CO"); under a shared calling code, the
    /// region libphonenumber assigns ("CA" for +1 416 ...), whichever country was selected.
    pub country: &'static str,
    /// `+` and the calling code ("+57").
    pub country_code: String,
    /// The national significant number: digits only, no national prefix ("3001234567").
    pub national: String,
    /// E.164 form ("+573001234567").
    pub e164: String,
}

/// More digits than this is no phone number at all; refusing early caps the work on pasted junk.
pub const MAX_INPUT_DIGITS: usize = 50;

/// Longer input is refused unread, as libphonenumber does (its `MAX_INPUT_STRING_LENGTH`), so
/// the work per call is bounded whatever is pasted.
pub const MAX_INPUT_CHARS: usize = 250;

/// Validates a phone number as a person typed or pasted it.
///
/// `country` is the selected country's ISO code (any case, surrounding spaces ignored); an
/// international number (`+57 ...`, `00 57 ...` or the country's own international prefix)
/// overrides it. `input` may carry spaces, dashes, dots, slashes, parentheses and a national
/// prefix ("0", "1", carrier codes). On success the number is normalized; under a shared calling
/// code its `country` is the region the number belongs to, which may differ from `country`.
///
/// Validity is Google libphonenumber's, from the release the table is generated from
/// ([`METADATA_VERSION`](crate::countries::METADATA_VERSION)).
pub fn validate_phone(
    country: &str,
    input: &str,
    m: &impl PatternMatcher,
) -> Result<PhoneNumber, PhoneError> {
    let scanned = scan(input)?;
    if !countries::is_installed() {
        return Err(PhoneError::Unchecked);
    }
    let mut first_error = None;
    for reading in readings(&scanned, countries::by_iso(country), m) {
        match parse(reading, m).and_then(|parsed| check(parsed.calling_code, parsed.national, m)) {
            Ok(number) => return Ok(number),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    Err(first_error.unwrap_or(PhoneError::InvalidCountry))
}

/// The region an international input belongs to, for switching the country picker as a person
/// types or pastes: by leading digits under shared calling codes (+1, +7, +44, ...) as far as
/// libphonenumber tells them apart, else the calling code's main region, even before the number
/// is complete. `None` for national input or when no calling code is recognisable yet.
pub fn region_for_input(
    country: &str,
    input: &str,
    m: &impl PatternMatcher,
) -> Option<&'static str> {
    // Without the table, shared calling codes cannot be told apart (+1 876 is Jamaica, not the
    // US): better no guess than a wrong country.
    if !countries::is_installed() {
        return None;
    }
    let scanned = scan(input).ok()?;
    let readings = readings(&scanned, countries::by_iso(country), m);
    let international: Vec<Reading<'_>> = readings
        .into_iter()
        .filter(Reading::is_international)
        .collect();
    let mut first = None;
    for reading in international {
        let Ok(parsed) = parse(reading, m) else {
            continue;
        };
        if let Ok(number) = check(parsed.calling_code, parsed.national.clone(), m) {
            return Some(number.country);
        }
        first.get_or_insert((parsed.calling_code, parsed.national));
    }
    let (calling_code, national) = first?;
    let main = countries::main_for_calling_code(calling_code)?;
    let by_leading_digits = countries::by_calling_code(calling_code).find(|region| {
        !region.leading_digits().is_empty()
            && m.match_start(region.leading_digits(), &national).is_some()
    });
    Some(by_leading_digits.unwrap_or(main).iso())
}
