//! libphonenumber's `isValidNumber` and `getRegionCodeForNumber` over the generated table, and
//! the reason for a refusal as `isPossibleNumberWithReason` gives it.

use super::{PatternMatcher, PhoneError, PhoneNumber};
use crate::countries::{self, Region, MAX_NATIONAL_LENGTH};

/// Shortest national significant number libphonenumber parses (`MIN_LENGTH_FOR_NSN`).
const MIN_NATIONAL_LENGTH: usize = 2;

/// libphonenumber's `testNumberLength` verdicts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

pub(super) fn length_verdict(region: &Region, len: usize) -> Length {
    if region.is_local_only_length(len) {
        return Length::LocalOnly;
    }
    if region.is_possible_length(len) {
        return Length::Possible;
    }
    let mut lengths = region.possible_lengths();
    let shortest = lengths.next();
    let longest = lengths.last().or(shortest);
    match (shortest, longest) {
        (Some(min), _) if len < min => Length::TooShort,
        (_, Some(max)) if len > max => Length::TooLong,
        _ => Length::Invalid,
    }
}

/// Whether `number` matches one of the region's number-type patterns within its lengths.
///
/// The widget asks this where libphonenumber asks whether a number matches the region's general
/// description (its `generalDesc` pattern, which covers every number type): the table leaves
/// that pattern out (2.2 KB of the brotli table). The answers differ only for a number that
/// matches the general description and no number type. Such a number is not valid itself, but
/// the parse asks about digits before it is done with them: whether they were viable before a
/// national prefix is stripped, and whether digits that start with the calling code read as
/// national. There the widget may strip, or read as international, where libphonenumber would
/// not. The conformance harness (`conformance.rs`) measures that: over its 141,741 cases it
/// finds the same verdicts either way, and no valid number refused or misread.
pub(super) fn matches_number_type(region: &Region, number: &str, m: &impl PatternMatcher) -> bool {
    let len = number.len();
    region
        .valid_patterns()
        .any(|v| v.allows_length(len) && m.full_match(v.pattern(), number))
}

/// libphonenumber's `getNumberTypeHelper(...) != UNKNOWN`.
fn is_valid_for(region: &Region, national: &str, m: &impl PatternMatcher) -> bool {
    region.is_possible_length(national.len()) && matches_number_type(region, national, m)
}

/// libphonenumber's `getRegionCodeForNumber`: the region of a number under its calling code.
fn region_of(
    calling_code: u16,
    national: &str,
    m: &impl PatternMatcher,
) -> Option<&'static Region> {
    let mut regions = countries::by_calling_code(calling_code).peekable();
    let first = regions.next()?;
    if regions.peek().is_none() {
        return Some(first);
    }
    std::iter::once(first).chain(regions).find(|region| {
        if region.leading_digits().is_empty() {
            is_valid_for(region, national, m)
        } else {
            m.match_start(region.leading_digits(), national).is_some()
        }
    })
}

/// The verdict on a national significant number under a calling code: the number, with the
/// region it belongs to, or why it is refused.
pub(super) fn check(
    calling_code: u16,
    national: String,
    m: &impl PatternMatcher,
) -> Result<PhoneNumber, PhoneError> {
    let len = national.len();
    if len < MIN_NATIONAL_LENGTH {
        return Err(PhoneError::TooShort);
    }
    if len > MAX_NATIONAL_LENGTH {
        return Err(PhoneError::TooLong);
    }
    if let Some(region) = region_of(calling_code, &national, m) {
        if is_valid_for(region, &national, m) {
            let plus_code = String::from("+") + &countries::calling_code_digits(calling_code);
            return Ok(PhoneNumber {
                country: region.iso(),
                country_code: plus_code.clone(),
                e164: plus_code + &national,
                national,
            });
        }
    }
    // The reason, as `isPossibleNumberWithReason` gives it, judges by the main region.
    let main = countries::main_for_calling_code(calling_code).ok_or(PhoneError::InvalidCountry)?;
    Err(match length_verdict(main, len) {
        Length::TooShort | Length::LocalOnly => PhoneError::TooShort,
        Length::TooLong => PhoneError::TooLong,
        Length::Possible | Length::Invalid => PhoneError::InvalidNumber,
    })
}
