//! Small string helpers for the wasm's paths, in place of core's generic ones: `str::contains`
//! with a `&str` pattern brings core's Two-Way searcher (1.7 KB of wasm) for texts of a few
//! dozen bytes, `str::split` and its kin with a `char` their searcher (and memchr), and each
//! integer type's `FromStr` its own copy of the digit loop. Separators here are ASCII bytes, so
//! every cut falls on a character boundary.

/// Whether `needle` occurs in `haystack` (an empty needle occurs everywhere).
#[inline(never)]
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// `text` before and after its first `separator`.
pub fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// The parts of `text` between its `separator`s, as `str::split` gives them.
pub fn split(text: &str, separator: u8) -> Split<'_> {
    Split {
        rest: Some(text),
        separator,
    }
}

/// The iterator of [`split`].
pub struct Split<'a> {
    rest: Option<&'a str>,
    separator: u8,
}

impl<'a> Split<'a> {
    /// What is left unsplit: the last part `str::splitn` would give after the parts taken so
    /// far; `None` once the last part was taken.
    pub fn remainder(self) -> Option<&'a str> {
        self.rest
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once(rest, self.separator) {
            Some((part, after)) => {
                self.rest = Some(after);
                Some(part)
            }
            None => self.rest.take(),
        }
    }
}

/// `first` followed by `second`, in one allocation.
pub fn concat(first: &str, second: &str) -> String {
    let mut joined = String::with_capacity(first.len() + second.len());
    joined.push_str(first);
    joined.push_str(second);
    joined
}

/// `text` without the `byte`s it ends with.
pub fn trim_end(text: &str, byte: u8) -> &str {
    let end = text.bytes().rposition(|b| b != byte).map_or(0, |at| at + 1);
    text.get(..end).unwrap_or(text)
}

/// `text` without the `byte`s it starts with.
pub fn trim_start(text: &str, byte: u8) -> &str {
    let start = text.bytes().position(|b| b != byte).unwrap_or(text.len());
    text.get(start..).unwrap_or(text)
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
    use super::{contains, number, split, split_once, trim_end, trim_start};

    const TEXTS: [&str; 9] = [
        "", ";", "a", "a;b", ";a;;b;", "AC;247;", "ñ;ü;", ";;", "a;b;c;d",
    ];

    #[test]
    fn split_agrees_with_str_split() {
        for text in TEXTS {
            let ours: Vec<&str> = split(text, b';').collect();
            assert_eq!(ours, text.split(';').collect::<Vec<_>>(), "{text:?}");
            assert_eq!(split_once(text, b';'), text.split_once(';'), "{text:?}");
            for n in 1..5 {
                let mut parts = split(text, b';');
                let mut ours: Vec<&str> = parts.by_ref().take(n - 1).collect();
                ours.extend(parts.remainder());
                assert_eq!(
                    ours,
                    text.splitn(n, ';').collect::<Vec<_>>(),
                    "{text:?} {n}"
                );
            }
        }
    }

    #[test]
    fn trims_agree_with_str_trims() {
        for text in TEXTS
            .iter()
            .chain(&["//", "a//", "//a", "0012", "000", "1200"])
        {
            assert_eq!(trim_end(text, b'/'), text.trim_end_matches('/'), "{text:?}");
            assert_eq!(
                trim_start(text, b'0'),
                text.trim_start_matches('0'),
                "{text:?}"
            );
            assert_eq!(trim_end(text, b';'), text.trim_end_matches(';'), "{text:?}");
        }
    }

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
