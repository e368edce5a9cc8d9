//! Phone number validation: what a person types or pastes in, a normalized number or a closed
//! error out.
//!
//! The rules are Google libphonenumber's `parse` followed by `isValidNumber` and, for the reason
//! of a refusal, `isPossibleNumberWithReason`, run over the generated table in
//! [`crate::countries`]. The contract's promise is that a number libphonenumber calls valid is
//! never refused; the native tests hold this module to that with every example number and
//! tens of thousands of variants of them, against libphonenumber's metadata as the
//! `phonenumber` crate parses it.
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

use crate::countries::{self, Region, MAX_NATIONAL_LENGTH};

/// Matches libphonenumber's patterns (ECMAScript-compatible syntax: digits, `\d`, digit classes,
/// groups, alternation, greedy repetition, `$`; the table's generator refuses anything else).
pub trait PatternMatcher {
    /// Whether `pattern` matches the whole of `digits` (as `^(?:pattern)$`).
    fn full_match(&self, pattern: &str, digits: &str) -> bool;

    /// The match of `pattern` at the very start of `digits` (as `^(?:pattern)`, the engine's
    /// preferred match, like Java's `lookingAt`), if any. National-prefix stripping needs where
    /// the match ends and what its groups captured, which a yes/no answer cannot give.
    fn match_start(&self, pattern: &str, digits: &str) -> Option<StartMatch>;
}

/// A match at the start of a string (see [`PatternMatcher::match_start`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartMatch {
    /// Length of the match in bytes (the subject is ASCII digits, so also in characters).
    pub len: usize,
    /// Text of capture groups 1, 2, ...; `None` for a group that took no part in the match.
    pub groups: Vec<Option<String>>,
}

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

/// Shortest national significant number libphonenumber parses (`MIN_LENGTH_FOR_NSN`).
const MIN_NATIONAL_LENGTH: usize = 2;

/// Calling codes have one to three digits.
const MAX_CALLING_CODE_LENGTH: usize = 3;

/// Read as `+` whatever the selected country (see the module documentation).
const GENERIC_INTERNATIONAL_PREFIX: &str = "00";

/// A calling code never starts with this, so an international prefix followed by it is not one.
const NOT_A_CALLING_CODE_START: char = '0';

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

/// ASCII and fullwidth plus signs.
const PLUS_CHARS: &[char] = &['+', '\u{FF0B}'];

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
struct Scanned {
    plus: bool,
    digits: String,
}

fn scan(input: &str) -> Result<Scanned, PhoneError> {
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
        } else if PLUS_CHARS.contains(&c) {
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

/// One way to read the digits.
#[derive(Clone, Copy)]
enum Reading<'a> {
    /// The digits after an international prefix: calling code, then national number.
    International(&'a str),
    /// A national number of the selected country.
    National(&'static Region, &'a str),
    /// A national number, but no known country was selected.
    NoCountry,
}

impl Reading<'_> {
    fn is_international(&self) -> bool {
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
fn readings<'a>(
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
struct Parsed {
    calling_code: u16,
    national: String,
}

/// libphonenumber's `testNumberLength` verdicts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

fn length_verdict(region: &Region, len: usize) -> Length {
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
    let viable = m.full_match(region.general_pattern(), number);
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
    if viable && !m.full_match(region.general_pattern(), &result) {
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
        let code: u16 = rest.get(..len)?.parse().ok()?;
        let main = countries::main_for_calling_code(code)?;
        Some((len, main))
    });
    let Some((len, main)) = found.filter(|_| !rest.starts_with(NOT_A_CALLING_CODE_START)) else {
        // "+5" may still become "+57": only call it wrong once it cannot.
        let could_grow = rest.len() < MAX_CALLING_CODE_LENGTH
            && !rest.starts_with(NOT_A_CALLING_CODE_START)
            && countries::all()
                .iter()
                .any(|r| r.calling_code().to_string().starts_with(rest));
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
    let code = region.calling_code().to_string();
    if let Some(after_code) = digits.strip_prefix(code.as_str()) {
        let general = region.general_pattern();
        let potential =
            strip_national_prefix(after_code, region, m).unwrap_or_else(|| after_code.to_owned());
        if (!m.full_match(general, digits) && m.full_match(general, &potential))
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

fn parse(reading: Reading<'_>, m: &impl PatternMatcher) -> Result<Parsed, PhoneError> {
    match reading {
        Reading::International(rest) => parse_international(rest, m),
        Reading::National(region, digits) => Ok(parse_national(region, digits, m)),
        Reading::NoCountry => Err(PhoneError::InvalidCountry),
    }
}

/// libphonenumber's `getNumberTypeHelper(...) != UNKNOWN`.
fn is_valid_for(region: &Region, national: &str, m: &impl PatternMatcher) -> bool {
    let len = national.len();
    region.is_possible_length(len)
        && m.full_match(region.general_pattern(), national)
        && region
            .valid_patterns()
            .any(|v| v.allows_length(len) && m.full_match(v.pattern(), national))
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

fn check(parsed: Parsed, m: &impl PatternMatcher) -> Result<PhoneNumber, PhoneError> {
    let Parsed {
        calling_code,
        national,
    } = parsed;
    let len = national.len();
    if len < MIN_NATIONAL_LENGTH {
        return Err(PhoneError::TooShort);
    }
    if len > MAX_NATIONAL_LENGTH {
        return Err(PhoneError::TooLong);
    }
    if let Some(region) = region_of(calling_code, &national, m) {
        if is_valid_for(region, &national, m) {
            return Ok(PhoneNumber {
                country: region.iso(),
                country_code: format!("+{calling_code}"),
                e164: format!("+{calling_code}{national}"),
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

/// Validates a phone number as a person typed or pasted it.
///
/// `country` is the selected country's ISO code (any case, surrounding spaces ignored); an
/// international number (`+57 ...`, `00 57 ...` or the country's own international prefix)
/// overrides it. `input` may carry spaces, dashes, dots, slashes, parentheses and a national
/// prefix ("0", "1", carrier codes). On success the number is normalized; under a shared calling
/// code its `country` is the region the number belongs to, which may differ from `country`.
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
        match parse(reading, m).and_then(|parsed| check(parsed, m)) {
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
        let calling_code = parsed.calling_code;
        let national = parsed.national.clone();
        if let Ok(number) = check(parsed, m) {
            return Some(number.country);
        }
        first.get_or_insert((calling_code, national));
    }
    let (calling_code, national) = first?;
    let main = countries::main_for_calling_code(calling_code)?;
    let by_leading_digits = countries::by_calling_code(calling_code).find(|region| {
        !region.leading_digits().is_empty()
            && m.match_start(region.leading_digits(), &national).is_some()
    });
    Some(by_leading_digits.unwrap_or(main).iso())
}

#[cfg(target_arch = "wasm32")]
pub use js::JsRegExp;

#[cfg(target_arch = "wasm32")]
mod js {
    use super::{PatternMatcher, StartMatch};
    use js_sys::{Array, Function, Reflect, RegExp};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::{JsCast, JsValue};

    thread_local! {
        /// Compiled expressions by anchored source: the table has a few hundred patterns, some
        /// of kilobytes, and recompiling them on every keystroke would be wasted work.
        static CACHE: RefCell<HashMap<String, RegExp>> = RefCell::new(HashMap::new());
    }

    /// No flags: without `u`, `\d` is ASCII digits only, as libphonenumber means it.
    const FLAGS: &str = "";

    /// The global `RegExp` constructor's name.
    const REGEXP: &str = "RegExp";

    /// `new RegExp(source)`, or `None` where that throws. No table pattern does (the generator
    /// checks their syntax), but a caller's pattern might, and an exception escaping through
    /// the wasm would leave the widget broken.
    fn compile(source: &str) -> Option<RegExp> {
        let constructor: Function = Reflect::get(&js_sys::global(), &JsValue::from_str(REGEXP))
            .ok()?
            .dyn_into()
            .ok()?;
        let args = Array::of2(&JsValue::from_str(source), &JsValue::from_str(FLAGS));
        Reflect::construct(&constructor, &args)
            .ok()?
            .dyn_into()
            .ok()
    }

    /// Runs `f` on the compiled `source`; no cache borrow is held while JavaScript runs.
    fn with_regexp<T>(source: String, f: impl FnOnce(&RegExp) -> T) -> Option<T> {
        let cached = CACHE.with(|cache| cache.borrow().get(&source).cloned());
        let re = match cached {
            Some(re) => re,
            None => {
                let re = compile(&source)?;
                CACHE.with(|cache| cache.borrow_mut().insert(source, re.clone()));
                re
            }
        };
        Some(f(&re))
    }

    /// [`PatternMatcher`] on the browser's own `RegExp`, so the wasm carries no regex engine.
    /// Every pattern comes from the generated table, whose generator admits only syntax
    /// `RegExp` reads as libphonenumber means it; a pattern `RegExp` refuses matches nothing.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct JsRegExp;

    impl PatternMatcher for JsRegExp {
        fn full_match(&self, pattern: &str, digits: &str) -> bool {
            with_regexp(format!("^(?:{pattern})$"), |re| re.test(digits)).unwrap_or(false)
        }

        fn match_start(&self, pattern: &str, digits: &str) -> Option<StartMatch> {
            with_regexp(format!("^(?:{pattern})"), |re| {
                let found = re.exec(digits)?;
                let len = found.get(0).as_string()?.len();
                let groups = (1..found.length())
                    .map(|i| found.get(i).as_string())
                    .collect();
                Some(StartMatch { len, groups })
            })
            .flatten()
        }
    }
}

/// The native stand-in for `JsRegExp` in this crate's tests and the fuzz targets (the `regex`
/// crate is a native dev-dependency, or comes with the `fuzzing` feature; never in the wasm):
/// the same anchoring, leftmost-first semantics and ASCII `\d`, compiled expressions cached.
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
#[derive(Default)]
pub struct RegexMatcher {
    cache: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>>,
}

#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl RegexMatcher {
    fn with<T>(&self, source: String, f: impl FnOnce(&regex::Regex) -> T) -> Option<T> {
        let mut cache = self.cache.borrow_mut();
        let re = match cache.entry(source) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                // Without Unicode, `\d` is ASCII digits, as in JavaScript without the `u` flag.
                let re = regex::RegexBuilder::new(e.key())
                    .unicode(false)
                    .build()
                    .ok()?;
                e.insert(re)
            }
        };
        Some(f(re))
    }
}

#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl PatternMatcher for RegexMatcher {
    fn full_match(&self, pattern: &str, digits: &str) -> bool {
        self.with(format!("^(?:{pattern})$"), |re| re.is_match(digits))
            .unwrap_or(false)
    }

    fn match_start(&self, pattern: &str, digits: &str) -> Option<StartMatch> {
        self.with(format!("^(?:{pattern})"), |re| {
            let caps = re.captures(digits)?;
            Some(StartMatch {
                len: caps.get(0)?.end(),
                groups: (1..caps.len())
                    .map(|i| caps.get(i).map(|g| g.as_str().to_owned()))
                    .collect(),
            })
        })
        .flatten()
    }
}

// Native only: they compare with the `phonenumber` crate through the `regex` crate and use
// `proptest`, which does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use phonenumber::metadata::{Descriptor, DATABASE};
    use phonenumber::Mode;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    thread_local! {
        static MATCHER: RegexMatcher = RegexMatcher::default();
    }

    fn validate(country: &str, input: &str) -> Result<PhoneNumber, PhoneError> {
        MATCHER.with(|m| validate_phone(country, input, m))
    }

    fn region(country: &str, input: &str) -> Option<&'static str> {
        MATCHER.with(|m| region_for_input(country, input, m))
    }

    /// (country, e164, national) of a successful validation.
    fn ok(country: &str, input: &str) -> (&'static str, String, String) {
        let n = validate(country, input).unwrap_or_else(|e| panic!("{input:?} ({country}): {e:?}"));
        (n.country, n.e164, n.national)
    }

    fn err(country: &str, input: &str) -> PhoneError {
        match validate(country, input) {
            Ok(n) => panic!("{input:?} ({country}) accepted as {n:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn error_codes_are_the_contract_strings() {
        let all = [
            (PhoneError::Required, "required"),
            (PhoneError::InvalidCharacters, "invalid_characters"),
            (PhoneError::InvalidCountry, "invalid_country"),
            (PhoneError::TooShort, "too_short"),
            (PhoneError::TooLong, "too_long"),
            (PhoneError::InvalidNumber, "invalid_number"),
        ];
        for (error, code) in all {
            assert_eq!(error.code(), code);
        }
    }

    #[test]
    fn international_input_overrides_the_country() {
        let n = validate("US", "+57 300 123 4567").expect("valid");
        assert_eq!(
            n,
            PhoneNumber {
                country: "CO",
                country_code: "+57".into(),
                national: "3001234567".into(),
                e164: "+573001234567".into(),
            }
        );
        assert_eq!(ok("CO", "0057 300 1234567").0, "CO");
        assert_eq!(ok("US", "0057 300 1234567").0, "CO");
        assert_eq!(ok("", "+57 300 123 4567").0, "CO");
        // The selected country's own international prefix.
        assert_eq!(ok("US", "011 57 300 123 4567").0, "CO");
        // A calling code in a national number, as libphonenumber reads it.
        assert_eq!(ok("CO", "57 300 123 4567").2, "3001234567");
        // A national prefix in an international number.
        assert_eq!(ok("", "+44 (0) 20 7946 0958").2, "2079460958");
    }

    #[test]
    fn shared_calling_codes_go_to_the_right_region() {
        assert_eq!(ok("US", "+1 416 555 0123").0, "CA");
        assert_eq!(ok("CA", "212 555 0123").0, "US");
        assert_eq!(ok("", "+1 876 555 0123").0, "JM");
        assert_eq!(ok("", "+44 1534 123456").0, "JE");
        assert_eq!(ok("", "+7 701 234 5678").0, "KZ");
        assert_eq!(ok("", "+7 912 345 6789").0, "RU");
    }

    #[test]
    fn national_formats() {
        assert_eq!(
            ok("CO", "(300) 123-4567"),
            ("CO", "+573001234567".into(), "3001234567".into())
        );
        assert_eq!(
            ok("GB", "020 7946 0958"),
            ("GB", "+442079460958".into(), "2079460958".into())
        );
        assert_eq!(ok(" gb ", "020.7946.0958").2, "2079460958");
        assert_eq!(ok("DE", "030/123456").1, "+4930123456");
        assert_eq!(ok("US", "1 (212) 555-0123").2, "2125550123");
        assert_eq!(
            ok("CO", "\u{ff13}\u{ff10}\u{ff10} 123 4567").2,
            "3001234567"
        );
        assert_eq!(ok("CO", "\u{0663}\u{0660}\u{0660}1234567").2, "3001234567");
        assert_eq!(ok("IT", "06 1234 5678").1, "+390612345678");
    }

    #[test]
    fn national_prefix_transform_rules() {
        // Argentina: 0 + area code + 15 + local number is +54 9 + area code + local number.
        assert_eq!(ok("AR", "0343 15 555 1212").2, "93435551212");
        // Antigua: a seven-digit local number gets its area code.
        assert_eq!(ok("AG", "460 1234").1, "+12684601234");
        // Colombia: the carrier code after the national prefix goes.
        assert_eq!(ok("CO", "03 601 234 5678").2, "6012345678");
    }

    #[test]
    fn refusals() {
        assert_eq!(err("CO", ""), PhoneError::Required);
        assert_eq!(err("CO", "   "), PhoneError::Required);
        assert_eq!(err("CO", "( ) -"), PhoneError::Required);
        assert_eq!(
            err("CO", "300 123 4567 ext 12"),
            PhoneError::InvalidCharacters
        );
        assert_eq!(err("US", "1-800-FLOWERS"), PhoneError::InvalidCharacters);
        assert_eq!(err("CO", "300*1234567"), PhoneError::InvalidCharacters);
        assert_eq!(err("CO", "300+1234567"), PhoneError::InvalidCharacters);
        assert_eq!(err("CO", "++57 300 1234567"), PhoneError::InvalidCharacters);
        assert_eq!(err("", "3001234567"), PhoneError::InvalidCountry);
        assert_eq!(err("ZZ", "3001234567"), PhoneError::InvalidCountry);
        assert_eq!(err("CO", "+999 123 4567"), PhoneError::InvalidCountry);
        assert_eq!(err("CO", "+800 1234 5678"), PhoneError::InvalidCountry);
        assert_eq!(err("CO", "+0 57 300"), PhoneError::InvalidCountry);
        assert_eq!(err("CO", "300 123"), PhoneError::TooShort);
        assert_eq!(err("CO", "+"), PhoneError::TooShort);
        assert_eq!(err("CO", "+5"), PhoneError::TooShort);
        assert_eq!(err("CO", "+57"), PhoneError::TooShort);
        assert_eq!(err("CO", "00"), PhoneError::TooShort);
        assert_eq!(err("US", "555 1234"), PhoneError::TooShort);
        assert_eq!(err("CO", "300 123 4567 890"), PhoneError::TooLong);
        assert_eq!(err("CO", &"1".repeat(60)), PhoneError::TooLong);
        assert_eq!(err("CO", &" ".repeat(300)), PhoneError::TooLong);
        assert_eq!(err("CO", &"é".repeat(1_000_000)), PhoneError::TooLong);
        assert_eq!(err("CO", "200 123 4567"), PhoneError::InvalidNumber);
        assert_eq!(err("US", "+1 212 555 012"), PhoneError::TooShort);
    }

    #[test]
    fn region_while_typing() {
        assert_eq!(region("CO", "+1"), Some("US"));
        assert_eq!(region("CO", "+1 416"), Some("US"));
        assert_eq!(region("CO", "+1 416 555 0123"), Some("CA"));
        assert_eq!(region("CO", "+1 876"), Some("JM"));
        assert_eq!(region("CO", "+7 7"), Some("KZ"));
        assert_eq!(region("CO", "+7 9"), Some("RU"));
        assert_eq!(region("CO", "+44 1534"), Some("GB"));
        assert_eq!(region("CO", "+44 1534 123456"), Some("JE"));
        assert_eq!(region("US", "+57"), Some("CO"));
        assert_eq!(region("US", "0057 3"), Some("CO"));
        assert_eq!(region("US", "011 44 20"), Some("GB"));
        assert_eq!(region("CO", "300 123 4567"), None);
        assert_eq!(region("CO", "+"), None);
        assert_eq!(region("CO", "+5"), None);
        assert_eq!(region("CO", "+800 1234"), None);
        assert_eq!(region("CO", "abc"), None);
    }

    /// Every example number of every number type `isValidNumber` accepts, by region.
    fn examples() -> Vec<(&'static countries::Region, &'static str, String)> {
        type Getter = fn(&phonenumber::metadata::Descriptors) -> Option<&Descriptor>;
        let types: [(&str, Getter); 10] = [
            ("fixedLine", |d| d.fixed_line()),
            ("mobile", |d| d.mobile()),
            ("tollFree", |d| d.toll_free()),
            ("premiumRate", |d| d.premium_rate()),
            ("sharedCost", |d| d.shared_cost()),
            ("personalNumber", |d| d.personal_number()),
            ("voip", |d| d.voip()),
            ("pager", |d| d.pager()),
            ("uan", |d| d.uan()),
            ("voicemail", |d| d.voicemail()),
        ];
        let mut out = Vec::new();
        for region in countries::all() {
            let meta = DATABASE
                .by_id(region.iso())
                .expect("table regions are libphonenumber's");
            for (name, get) in types {
                if let Some(example) = get(meta.descriptors()).and_then(Descriptor::example) {
                    out.push((region, name, example.to_owned()));
                }
            }
        }
        out
    }

    /// The `phonenumber` crate's number for a calling code and national significant number.
    ///
    /// Built directly rather than parsed: the crate's parser strips a national prefix wherever
    /// one matches (+7 800 123 4567 becomes +7 00 123 4567), which libphonenumber does not, so
    /// its parse is no truth for numbers that start like their national prefix.
    fn crate_number(calling_code: u16, national: &str) -> Option<phonenumber::PhoneNumber> {
        let zeros = national.bytes().take_while(|&b| b == b'0').count();
        let value = national[zeros..].parse::<u64>().unwrap_or(0);
        let zeros = if value == 0 {
            zeros.checked_sub(1)?
        } else {
            zeros
        };
        let national = phonenumber::NationalNumber::new(value, u8::try_from(zeros).ok()?).ok()?;
        serde_json::from_value(serde_json::json!({
            "code": { "value": calling_code, "source": "plus" },
            "national": national,
            "extension": null,
            "carrier": null,
        }))
        .ok()
    }

    /// libphonenumber's verdict (through the `phonenumber` crate): is the number valid?
    fn crate_is_valid(calling_code: u16, national: &str) -> bool {
        crate_number(calling_code, national).is_some_and(|n| phonenumber::is_valid(&n))
    }

    struct ExampleFigures {
        total: usize,
        national: usize,
        digits: usize,
        international: usize,
        failures: Vec<String>,
    }

    fn check_examples() -> ExampleFigures {
        let examples = examples();
        let mut figures = ExampleFigures {
            total: examples.len(),
            national: 0,
            digits: 0,
            international: 0,
            failures: Vec::new(),
        };
        for (region, kind, nsn) in &examples {
            let code = region.calling_code();
            let e164 = format!("+{code}{nsn}");
            let Some(number) = crate_number(code, nsn) else {
                figures
                    .failures
                    .push(format!("{} {kind} {e164}: no crate number", region.iso()));
                continue;
            };
            // The region libphonenumber gives: under a shared calling code, an example of one
            // region may belong to another (toll-free numbers are the main region's).
            let expected = number
                .country()
                .id()
                .map(|id| id.as_ref().to_owned())
                .unwrap_or_else(|| region.iso().to_owned());
            let national_format = number.format().mode(Mode::National).to_string();
            let international_format = number.format().mode(Mode::International).to_string();
            let mut check = |country: &str, input: &str| match validate(country, input) {
                Ok(n)
                    if n.country == expected
                        && n.national == *nsn
                        && n.e164 == e164
                        && n.country_code == format!("+{code}") =>
                {
                    true
                }
                other => {
                    figures.failures.push(format!(
                        "{} {kind} {input:?} (country {country:?}): {other:?}, expected {expected} {e164}",
                        region.iso()
                    ));
                    false
                }
            };
            if check(region.iso(), &national_format) {
                figures.national += 1;
            }
            if check(region.iso(), nsn) {
                figures.digits += 1;
            }
            if check("", &e164) & check("", &international_format) {
                figures.international += 1;
            }
        }
        figures
    }

    /// Computed once for the test and the report (it formats every example with the crate).
    fn example_figures() -> &'static ExampleFigures {
        static FIGURES: OnceLock<ExampleFigures> = OnceLock::new();
        FIGURES.get_or_init(check_examples)
    }

    #[test]
    fn every_example_number_is_accepted_in_every_format() {
        let figures = example_figures();
        assert!(
            figures.total > 1000,
            "only {} example numbers",
            figures.total
        );
        assert!(
            figures.failures.is_empty(),
            "{} failures:\n{}",
            figures.failures.len(),
            figures.failures.join("\n")
        );
    }

    /// Example numbers with one digit removed, one added, or the first one changed.
    fn mutations(nsn: &str) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..nsn.len() {
            out.push(format!("{}{}", &nsn[..i], &nsn[i + 1..]));
        }
        for d in '0'..='9' {
            out.push(format!("{nsn}{d}"));
            out.push(format!("{d}{nsn}"));
            if !nsn.starts_with(d) {
                out.push(format!("{d}{}", &nsn[1..]));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// libphonenumber's `isValidNumber` (region by `getRegionCodeForNumber`, then
    /// `getNumberTypeHelper`), written straight over the `phonenumber` crate's parsed metadata
    /// rather than the generated table. The crate's own `is_valid` is not used as is because its
    /// `Descriptor::is_match` accepts a pattern matching only the start of the number, where
    /// libphonenumber requires the whole number to match (so it calls +376 318001234 valid);
    /// this is that function with whole matches.
    fn reference_region(calling_code: u16, national: &str) -> Option<String> {
        let len = national.len() as u16;
        let fits = |desc: &Descriptor| {
            (desc.possible_length().is_empty() || desc.possible_length().contains(&len))
                && MATCHER.with(|m| {
                    m.full_match(&crate_pattern(desc.national_number().as_str()), national)
                })
        };
        let has_type = |meta: &phonenumber::Metadata| {
            let d = meta.descriptors();
            fits(d.general())
                && [
                    d.premium_rate(),
                    d.toll_free(),
                    d.shared_cost(),
                    d.voip(),
                    d.personal_number(),
                    d.pager(),
                    d.uan(),
                    d.voicemail(),
                    d.fixed_line(),
                    d.mobile(),
                ]
                .into_iter()
                .flatten()
                .any(fits)
        };
        let candidates: Vec<&phonenumber::Metadata> = DATABASE
            .region(&calling_code)?
            .into_iter()
            .filter_map(|id| DATABASE.by_id(id))
            .filter(|meta| meta.id() != NON_GEOGRAPHIC)
            .collect();
        let meta = match candidates.as_slice() {
            [only] => *only,
            _ => *candidates.iter().find(|meta| match meta.leading_digits() {
                Some(ld) => MATCHER
                    .with(|m| m.match_start(&crate_pattern(ld.as_str()), national))
                    .is_some(),
                None => has_type(meta),
            })?,
        };
        has_type(meta).then(|| meta.id().to_owned())
    }

    /// libphonenumber's id of non-geographic entities, which the table leaves out.
    const NON_GEOGRAPHIC: &str = "001";

    /// The crate keeps the XML's layout whitespace in its patterns (it compiles them ignoring
    /// whitespace); libphonenumber's builder removes it.
    fn crate_pattern(source: &str) -> String {
        source.chars().filter(|c| !c.is_whitespace()).collect()
    }

    struct MutationFigures {
        /// Numbers libphonenumber calls invalid, and how many of them we refuse.
        invalid: usize,
        invalid_rejected: usize,
        /// Numbers libphonenumber calls valid, and how many of them we accept (as that region).
        valid: usize,
        valid_accepted: usize,
        /// Disagreements with libphonenumber.
        wrong: Vec<String>,
        /// Numbers the `phonenumber` crate's own `is_valid` accepts.
        crate_valid: usize,
        /// ... of which we refuse, all because the crate accepts a prefix match (see
        /// [`reference_region`]).
        crate_valid_rejected: usize,
        /// Disagreements with the crate that prefix matching does not explain.
        crate_unexplained: Vec<String>,
        /// Valid numbers that `validate_phone` on "+CC NSN" does not return unchanged.
        altered_by_parse: Vec<String>,
    }

    fn check_mutations() -> MutationFigures {
        let mut f = MutationFigures {
            invalid: 0,
            invalid_rejected: 0,
            valid: 0,
            valid_accepted: 0,
            wrong: Vec::new(),
            crate_valid: 0,
            crate_valid_rejected: 0,
            crate_unexplained: Vec::new(),
            altered_by_parse: Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        for (region, _, nsn) in examples() {
            let code = region.calling_code();
            for mutated in mutations(&nsn) {
                if !seen.insert((code, mutated.clone())) {
                    continue;
                }
                let e164 = format!("+{code}{mutated}");
                let parsed = Parsed {
                    calling_code: code,
                    national: mutated.clone(),
                };
                let ours = MATCHER.with(|m| check(parsed, m));
                let reference = reference_region(code, &mutated);
                match (&reference, &ours) {
                    (Some(expected), Ok(n)) if n.country == expected => f.valid_accepted += 1,
                    (None, Err(_)) => f.invalid_rejected += 1,
                    _ => f
                        .wrong
                        .push(format!("{e164}: {ours:?}, libphonenumber: {reference:?}")),
                }
                if reference.is_some() {
                    f.valid += 1;
                } else {
                    f.invalid += 1;
                }
                if crate_is_valid(code, &mutated) {
                    f.crate_valid += 1;
                    if ours.is_err() {
                        f.crate_valid_rejected += 1;
                        if reference.is_some() {
                            f.crate_unexplained.push(format!("{e164}: {ours:?}"));
                        }
                    }
                } else if ours.is_ok() {
                    f.crate_unexplained
                        .push(format!("{e164}: {ours:?}, crate: invalid"));
                }
                if let Ok(n) = &ours {
                    let again = validate("", &e164);
                    if again.as_ref() != Ok(n) {
                        f.altered_by_parse.push(format!("{e164}: {again:?}"));
                    }
                }
            }
        }
        f
    }

    /// Share (in thousandths) of libphonenumber-invalid mutated numbers refused; the figure
    /// achieved, so a regression shows.
    const MIN_INVALID_REJECTED_PER_MILLE: usize = 1000;

    /// Computed once for the test and the report (tens of thousands of numbers).
    fn mutation_figures() -> &'static MutationFigures {
        static FIGURES: OnceLock<MutationFigures> = OnceLock::new();
        FIGURES.get_or_init(check_mutations)
    }

    #[test]
    fn mutated_numbers_agree_with_libphonenumber() {
        let f = mutation_figures();
        assert!(
            f.valid > 1000 && f.invalid > 10_000,
            "too few mutated numbers"
        );
        assert_eq!(
            f.valid_accepted,
            f.valid,
            "libphonenumber-valid numbers refused or misplaced:\n{}",
            f.wrong.join("\n")
        );
        assert!(
            f.invalid_rejected * 1000 >= f.invalid * MIN_INVALID_REJECTED_PER_MILLE,
            "libphonenumber-invalid numbers accepted:\n{}",
            f.wrong.join("\n")
        );
        assert!(
            f.crate_unexplained.is_empty(),
            "disagreements with the phonenumber crate beyond its prefix matching:\n{}",
            f.crate_unexplained.join("\n")
        );
        assert!(
            f.altered_by_parse.is_empty(),
            "valid numbers changed by parsing them as +CC NSN:\n{}",
            f.altered_by_parse.join("\n")
        );
    }

    fn percent(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            100.0
        } else {
            part as f64 * 100.0 / whole as f64
        }
    }

    /// Prints the figures (`cargo test -p verifik-onboarding --lib phone_metadata_report --
    /// --ignored --nocapture`); the assertions live in the tests above. Ignored by default: it
    /// asserts nothing, so it must not count as a test, and it would redo their ten seconds.
    #[test]
    #[ignore = "prints figures only; run with --ignored"]
    fn phone_metadata_report() {
        let e = example_figures();
        println!(
            "example numbers accepted: {}/{} (national), {}/{} (digits), {}/{} (international)",
            e.national, e.total, e.digits, e.total, e.international, e.total
        );
        let m = mutation_figures();
        println!(
            "mutated numbers: libphonenumber-invalid rejected {}/{} ({:.2}%), libphonenumber-valid accepted {}/{} ({:.2}%)",
            m.invalid_rejected,
            m.invalid,
            percent(m.invalid_rejected, m.invalid),
            m.valid_accepted,
            m.valid,
            percent(m.valid_accepted, m.valid)
        );
        println!(
            "mutated numbers vs the phonenumber crate's is_valid: {} valid, {} of them refused here, {} not explained by its prefix matching",
            m.crate_valid,
            m.crate_valid_rejected,
            m.crate_unexplained.len()
        );
        println!(
            "valid mutated numbers changed by parsing them as +CC NSN: {}",
            m.altered_by_parse.len()
        );
        for line in m
            .wrong
            .iter()
            .chain(&m.crate_unexplained)
            .chain(&m.altered_by_parse)
            .take(40)
        {
            println!("  {line}");
        }
    }

    /// E.164 caps a number at 15 digits, but libphonenumber (whose valid numbers the contract
    /// never refuses) allows longer national numbers in a few regions: +49 30 1234567890123 is
    /// a valid German number of 17 digits. Those regions get their own longest length.
    fn max_e164_digits(region: &countries::Region) -> usize {
        const E164_MAX_DIGITS: usize = 15;
        let longest = region.possible_lengths().last().unwrap_or(0);
        E164_MAX_DIGITS.max(region.calling_code().to_string().len() + longest)
    }

    fn assert_well_formed(n: &PhoneNumber) {
        let region = countries::by_iso(n.country).expect("a table region");
        assert!(!n.national.is_empty() && n.national.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(n.country_code, format!("+{}", region.calling_code()));
        assert_eq!(n.e164, format!("{}{}", n.country_code, n.national));
        assert!(n.e164.len() - 1 <= max_e164_digits(region), "{n:?}");
    }

    /// Found by the `phone` fuzz target (its harness assumed E.164's 15 digits): a German
    /// number of 14 national digits is valid for libphonenumber, so 16 digits in all.
    #[test]
    fn fuzz_regression_e164_longer_than_15_digits_is_kept() {
        let n = validate("DE", "0303030 10 123456").expect("a valid German number");
        assert_eq!(n.e164, "+4930303010123456");
        assert!(crate_is_valid(49, &n.national), "libphonenumber agrees");
        assert_well_formed(&n);
        assert_eq!(validate("", &n.e164), Ok(n.clone()));
    }

    fn iso_codes() -> Vec<&'static str> {
        countries::all()
            .iter()
            .map(countries::Region::iso)
            .collect()
    }

    /// A country argument: a real one, empty, lowercase, or junk.
    fn any_country() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(iso_codes()).prop_map(str::to_owned),
            proptest::sample::select(iso_codes()).prop_map(|c| format!(" {} ", c.to_lowercase())),
            Just(String::new()),
            any::<String>(),
        ]
    }

    /// Input text: anything at all, or something shaped like a phone number.
    fn any_input() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "\\PC{0,80}",
            "[+＋]?[0-9０-９٠-٩ ().\\-/]{0,60}",
            "(\\+|00)?[0-9]{1,20}",
        ]
    }

    /// A number close to a real one: an example number with its last digits replaced, written
    /// nationally or internationally.
    fn near_valid() -> impl Strategy<Value = (String, String)> {
        let examples: Vec<(&'static str, u16, String)> = examples()
            .into_iter()
            .map(|(r, _, nsn)| (r.iso(), r.calling_code(), nsn))
            .collect();
        (
            proptest::sample::select(examples),
            proptest::collection::vec(0u8..10, 0..4),
            any::<bool>(),
        )
            .prop_map(|((iso, code, nsn), tail, international)| {
                let keep = nsn.len().saturating_sub(tail.len());
                let mut digits = nsn[..keep].to_owned();
                digits.extend(tail.iter().map(|d| char::from(b'0' + d)));
                if international {
                    (String::new(), format!("+{code} {digits}"))
                } else {
                    (iso.to_owned(), digits)
                }
            })
    }

    proptest! {
        #![proptest_config(crate::proptest_config())]

        #[test]
        fn never_panics_and_output_is_well_formed(country in any_country(), input in any_input()) {
            if let Ok(n) = validate(&country, &input) {
                assert_well_formed(&n);
            }
            let _ = region(&country, &input);
        }

        #[test]
        fn normalizing_again_changes_nothing((country, input) in near_valid()) {
            if let Ok(n) = validate(&country, &input) {
                assert_well_formed(&n);
                prop_assert_eq!(validate("", &n.e164), Ok(n.clone()));
                prop_assert_eq!(validate(n.country, &n.e164), Ok(n.clone()));
                prop_assert_eq!(region("", &n.e164), Some(n.country));
            }
        }
    }
}

/// `JsRegExp` against the JavaScript engine itself (Node.js or a browser, per the
/// wasm-bindgen-test runner); the exhaustive comparisons with libphonenumber run natively.
#[cfg(all(test, target_arch = "wasm32"))]
mod js_tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn e164(country: &str, input: &str) -> Result<String, PhoneError> {
        validate_phone(country, input, &JsRegExp).map(|n| n.e164)
    }

    #[wasm_bindgen_test]
    fn validates_through_regexp() {
        assert_eq!(e164("CO", "(300) 123-4567").as_deref(), Ok("+573001234567"));
        assert_eq!(
            e164("US", "0057 300 1234567").as_deref(),
            Ok("+573001234567")
        );
        assert_eq!(
            e164("US", "011 44 20 7946 0958").as_deref(),
            Ok("+442079460958")
        );
        assert_eq!(e164("GB", "020 7946 0958").as_deref(), Ok("+442079460958"));
        assert_eq!(e164("CO", "200 123 4567"), Err(PhoneError::InvalidNumber));
        assert_eq!(e164("CO", "300 123"), Err(PhoneError::TooShort));
        let ca = validate_phone("US", "+1 416 555 0123", &JsRegExp).map(|n| n.country);
        assert_eq!(ca, Ok("CA"));
        assert_eq!(region_for_input("CO", "+1 876", &JsRegExp), Some("JM"));
    }

    #[wasm_bindgen_test]
    fn transform_rules_see_the_groups() {
        // Argentina's rule needs the area code captured between "0" and "15".
        assert_eq!(
            e164("AR", "0343 15 555 1212").as_deref(),
            Ok("+5493435551212")
        );
        // Antigua's needs the whole local number, matched up to `$`.
        assert_eq!(e164("AG", "460 1234").as_deref(), Ok("+12684601234"));
    }

    #[wasm_bindgen_test]
    fn match_start_reports_length_and_groups() {
        let found = JsRegExp.match_start("0(1\\d)?|(9)", "0123");
        assert_eq!(
            found,
            Some(StartMatch {
                len: 3,
                groups: vec![Some("12".into()), None],
            })
        );
        assert_eq!(JsRegExp.match_start("5", "0123"), None);
        assert!(JsRegExp.full_match("\\d{4}", "0123"));
        assert!(!JsRegExp.full_match("\\d{3}", "0123"));
    }

    #[wasm_bindgen_test]
    fn a_pattern_regexp_refuses_matches_nothing() {
        assert!(!JsRegExp.full_match("(", "1"));
        assert_eq!(JsRegExp.match_start("[", "1"), None);
    }
}
