//! Small string helpers for the wasm's paths, in place of core's generic ones: `str::contains`
//! with a `&str` pattern brings core's Two-Way searcher (1.7 KB of wasm) for texts of a few
//! dozen bytes, and each integer type's `FromStr` its own copy of the digit loop.

/// Whether `needle` occurs in `haystack` (an empty needle occurs everywhere).
#[inline(never)]
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// The number `text` writes in `radix` (2 to 16): ASCII digits only, no sign, at least one,
/// and `None` past `u64::MAX`.
pub fn number(text: &str, radix: u32) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |value, byte| {
        let digit = char::from(byte).to_digit(radix)?;
        value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::{contains, number};

    #[test]
    fn number_reads_what_from_str_radix_reads_without_a_sign() {
        for text in [
            "0",
            "7",
            "57",
            "00057",
            "1fe0",
            "FFFF",
            "18446744073709551615",
        ] {
            for radix in [10, 16] {
                assert_eq!(
                    number(text, radix),
                    u64::from_str_radix(text, radix).ok(),
                    "{text}"
                );
            }
        }
        for text in [
            "",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.5",
            "18446744073709551616",
            "١٢",
        ] {
            assert_eq!(number(text, 10), None, "{text:?}");
        }
    }

    #[test]
    fn agrees_with_str_contains() {
        let texts = [
            "",
            "a",
            "colombia",
            "república dominicana",
            "email domain not allowed",
        ];
        let needles = [
            "",
            "a",
            "co",
            "bia",
            "colombiax",
            "ú",
            "domain",
            "email domain",
            "x",
        ];
        for haystack in texts {
            for needle in needles {
                assert_eq!(
                    contains(haystack, needle),
                    haystack.contains(needle),
                    "{haystack:?} / {needle:?}"
                );
            }
        }
    }
}
