//! libphonenumber's `parse`, over the generated table: the ways to read the digits (international
//! after a prefix, or national), the calling code, and the national significant number with
//! national prefix and carrier code stripped.

use super::scan::Scanned;
use super::validity::{length_verdict, matches_number_type, Length};
use super::{PatternMatcher, PhoneError};
use crate::countries::{self, Region};

/// Calling codes have one to three digits.
const MAX_CALLING_CODE_LENGTH: usize = 3;

/// Read as `+` whatever the selected country (see the module documentation).
const GENERIC_INTERNATIONAL_PREFIX: &str = "00";

/// A calling code never starts with this, so an international prefix followed by it is not one.
const NOT_A_CALLING_CODE_START: char = '0';

/// One way to read the digits.
#[derive(Clone, Copy)]
pub(super) enum Reading<'a> {
    /// The digits after an international prefix: calling code, then national number.
    International(&'a str),
    /// A national number of the selected country.
    National(&'static Region, &'a str),
    /// A national number, but no known country was selected.
    NoCountry,
}

impl Reading<'_> {
    pub(super) fn is_international(&self) -> bool {
        matches!(self, Reading::International(_))
    }
}

/// The digits after an international prefix at the start of `digits`, if it is one: a calling
/// code cannot start with 0, so a prefix followed by one is not an international prefix.
fn after_prefix(digits: &str, prefix_len: usize) -> Option<&str> {
    let rest = digits.get(prefix_len..)?;
    (!rest.starts_with(NOT_A_CALLING_CODE_START)).then_some(rest)
}

/// Every plausible reading, most likely first (see the module documentation).
pub(super) fn readings<'a>(
    scanned: &'a Scanned,
    country: Option<&'static Region>,
    m: &impl PatternMatcher,
) -> Vec<Reading<'a>> {
    let digits = scanned.digits.as_str();
    if scanned.plus {
        return vec![Reading::International(digits)];
    }
    let mut out = Vec::new();
    if digits.starts_with(GENERIC_INTERNATIONAL_PREFIX) {
        if let Some(rest) = after_prefix(digits, GENERIC_INTERNATIONAL_PREFIX.len()) {
            out.push(Reading::International(rest));
        }
    }
    if let Some(region) = country {
        if !region.international_prefix().is_empty() {
            if let Some(rest) = m
                .match_start(region.international_prefix(), digits)
                .filter(|found| found.len > 0)
                .and_then(|found| after_prefix(digits, found.len))
            {
                if !out
                    .iter()
                    .any(|r| matches!(r, Reading::International(s) if *s == rest))
                {
                    out.push(Reading::International(rest));
                }
            }
        }
        out.push(Reading::National(region, digits));
    } else {
        out.push(Reading::NoCountry);
    }
    out
}

/// A calling code and the national significant number that follows, before any check.
pub(super) struct Parsed {
    pub(super) calling_code: u16,
    pub(super) national: String,
}

/// libphonenumber's `maybeStripNationalPrefixAndCarrierCode`: the number with the national
/// prefix (and carrier code) removed or transformed, if the region's rule applies. A number that
/// was viable before and would not be after is left alone.
fn strip_national_prefix(number: &str, region: &Region, m: &impl PatternMatcher) -> Option<String> {
    let rule = region.national_prefix_for_parsing();
    if number.is_empty() || rule.is_empty() {
        return None;
    }
    let found = m.match_start(rule, number)?;
    let rest = number.get(found.len..)?;
    let viable = matches_number_type(region, number, m);
    let transform = region.national_prefix_transform_rule();
    // Java's `group(groupCount())` is the whole match when there are no groups, never null.
    let last_group_matched = found.groups.last().is_none_or(Option::is_some);
    let result = if transform.is_empty() || !last_group_matched {
        rest.to_owned()
    } else {
        let mut out = substitute(transform, &found.groups);
        out.push_str(rest);
        out
    };
    if viable && !matches_number_type(region, &result, m) {
        return None;
    }
    Some(result)
}

/// Expands `$1`..`$9` in a transform rule (the generator admits nothing else but digits).
fn substitute(rule: &str, groups: &[Option<String>]) -> String {
    let mut out = String::new();
    let mut chars = rule.chars();
    while let Some(c) = chars.next() {
        if c == '$' {
            let group = chars
                .next()
                .and_then(|d| d.to_digit(10))
                .and_then(|n| groups.get((n as usize).checked_sub(1)?))
                .and_then(Option::as_deref);
            out.push_str(group.unwrap_or_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Strips the national prefix unless what remains could not be a complete number (then the
/// digits may be a number that merely starts like a prefix), as libphonenumber's `parse` does.
fn national_number(number: &str, region: &Region, m: &impl PatternMatcher) -> String {
    match strip_national_prefix(number, region, m) {
        Some(stripped)
            if !matches!(
                length_verdict(region, stripped.len()),
                Length::TooShort | Length::LocalOnly | Length::Invalid
            ) =>
        {
            stripped
        }
        _ => number.to_owned(),
    }
}

fn parse_international(rest: &str, m: &impl PatternMatcher) -> Result<Parsed, PhoneError> {
    if rest.is_empty() {
        return Err(PhoneError::TooShort);
    }
    let found = (1..=MAX_CALLING_CODE_LENGTH.min(rest.len())).find_map(|len| {
        let code = crate::text::number(rest.get(..len)?, 10).and_then(|n| u16::try_from(n).ok())?;
        let main = countries::main_for_calling_code(code)?;
        Some((len, main))
    });
    let Some((len, main)) = found.filter(|_| !rest.starts_with(NOT_A_CALLING_CODE_START)) else {
        // "+5" may still become "+57": only call it wrong once it cannot.
        let could_grow = rest.len() < MAX_CALLING_CODE_LENGTH
            && !rest.starts_with(NOT_A_CALLING_CODE_START)
            && countries::all()
                .iter()
                .any(|r| countries::calling_code_digits(r.calling_code()).starts_with(rest));
        return Err(if could_grow {
            PhoneError::TooShort
        } else {
            PhoneError::InvalidCountry
        });
    };
    let national = rest.get(len..).unwrap_or_default();
    Ok(Parsed {
        calling_code: main.calling_code(),
        national: national_number(national, main, m),
    })
}

fn parse_national(region: &'static Region, digits: &str, m: &impl PatternMatcher) -> Parsed {
    // libphonenumber's `maybeExtractCountryCode`: "573001234567" typed with Colombia selected is
    // +57 3001234567 when the whole is no Colombian number and the rest is, or the whole is too
    // long.
    let code = countries::calling_code_digits(region.calling_code());
    if let Some(after_code) = digits.strip_prefix(code.as_str()) {
        let potential =
            strip_national_prefix(after_code, region, m).unwrap_or_else(|| after_code.to_owned());
        if (!matches_number_type(region, digits, m) && matches_number_type(region, &potential, m))
            || length_verdict(region, digits.len()) == Length::TooLong
        {
            // As in libphonenumber, the prefix rules are then the calling code's main region's.
            let main = countries::main_for_calling_code(region.calling_code()).unwrap_or(region);
            return Parsed {
                calling_code: region.calling_code(),
                national: national_number(&potential, main, m),
            };
        }
    }
    Parsed {
        calling_code: region.calling_code(),
        national: national_number(digits, region, m),
    }
}

pub(super) fn parse(reading: Reading<'_>, m: &impl PatternMatcher) -> Result<Parsed, PhoneError> {
    match reading {
        Reading::International(rest) => parse_international(rest, m),
        Reading::National(region, digits) => Ok(parse_national(region, digits, m)),
        Reading::NoCountry => Err(PhoneError::InvalidCountry),
    }
}
