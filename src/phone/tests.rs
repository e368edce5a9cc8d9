//! Validation as a person meets it: formats, refusals, shared calling codes, the region while
//! typing, and properties over any input. Native only: `proptest` and the `regex` stand-in for
//! `RegExp` do not build for wasm32-unknown-unknown.

use super::conformance::examples;
use super::*;
use proptest::prelude::*;

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

/// Numbers libphonenumber made valid after 9.0.33, the release the table was first
/// generated from (Ascension Island's new fixed lines; `is_valid_number` is False for both in
/// phonenumbers 9.0.33, True in 9.0.43).
#[test]
fn numbers_valid_in_the_pinned_release_are_accepted() {
    assert_eq!(
        ok("AC", "22889"),
        ("AC", "+24722889".into(), "22889".into())
    );
    assert_eq!(ok("", "+247 30123").0, "AC");
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
/// number of 14 national digits is valid for libphonenumber (9.0.33 and 9.0.43 alike), so 16
/// digits in all.
#[test]
fn fuzz_regression_e164_longer_than_15_digits_is_kept() {
    let n = validate("DE", "0303030 10 123456").expect("a valid German number");
    assert_eq!(n.e164, "+4930303010123456");
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
    (
        proptest::sample::select(examples()),
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
