//! The phone normalizer/validator on any country and text (input: `COUNTRY\nTEXT`): no panic,
//! and an accepted number is well formed and validates again, from its E.164 form, to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verifik_onboarding::countries;
use verifik_onboarding::phone::{region_for_input, validate_phone, RegexMatcher};

thread_local! {
    static MATCHER: RegexMatcher = RegexMatcher::default();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (country, input) = text.split_once('\n').unwrap_or(("", text));
    MATCHER.with(|m| {
        let _ = region_for_input(country, input, m);
        let Ok(number) = validate_phone(country, input, m) else {
            return;
        };
        let region = countries::by_iso(number.country).expect("a table region");
        assert!(!number.national.is_empty(), "{number:?}");
        assert!(
            number.national.bytes().all(|b| b.is_ascii_digit()),
            "{number:?}"
        );
        assert_eq!(number.country_code, format!("+{}", region.calling_code()));
        assert_eq!(
            number.e164,
            format!("{}{}", number.country_code, number.national)
        );
        // Not E.164's 15 digits: libphonenumber accepts longer numbers (German ones reach 16).
        let longest = region.possible_lengths().last().unwrap_or(0);
        assert!(number.national.len() <= longest, "{number:?}");
        assert_eq!(
            validate_phone(number.country, &number.e164, m),
            Ok(number.clone())
        );
        assert_eq!(validate_phone("", &number.e164, m), Ok(number.clone()));
    });
});
