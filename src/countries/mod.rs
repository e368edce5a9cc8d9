//! Phone metadata of every geographic region, and lookups over it.
//!
//! The table in `data.rs` is generated from Google libphonenumber's metadata by
//! `tools/phonemeta` (run `cargo run -p phonemeta`; CI checks it with `-- --check`), so it is
//! never edited by hand. It holds what validation needs and nothing else: calling codes,
//! national-prefix rules, possible lengths and number patterns. libphonenumber's non-geographic
//! entities (+800, +808, +870, +878, +881, +882, +883, +888, +979, region "001") are not in it:
//! they are no country a person can pick.
//!
//! Patterns are plain strings for the caller's regular-expression engine (see
//! [`crate::phone::PatternMatcher`]); nothing here matches them, so this module needs no
//! engine and no `web_sys`.

#[rustfmt::skip]
mod data;

use std::sync::OnceLock;

/// Longest national significant number libphonenumber parses (its `MAX_LENGTH_FOR_NSN`); every
/// length set of the table fits in a `u32` because of it.
pub const MAX_NATIONAL_LENGTH: usize = 17;

/// Separators and marks of the table string, as tools/phonemeta writes it.
const REGION_SEPARATOR: char = '\n';
const FIELD_SEPARATOR: char = ';';
const LENGTHS_SEPARATOR: char = '=';
const MAIN_MARK: &str = "1";

/// Number of fields before the number-type alternations.
const FIXED_FIELDS: usize = 11;

/// One geographic region (a country or territory with an ISO 3166-1 alpha-2 code) and its
/// phone numbering rules.
#[derive(Debug)]
pub struct Region {
    iso: &'static str,
    calling_code: u16,
    main: bool,
    lengths: u32,
    local_lengths: u32,
    national_prefix: &'static str,
    national_prefix_for_parsing: &'static str,
    national_prefix_transform_rule: &'static str,
    international_prefix: &'static str,
    leading_digits: &'static str,
    general: &'static str,
    /// The number-type alternations, still separated by [`FIELD_SEPARATOR`].
    valid: &'static str,
}

/// An alternation of number-type patterns (fixed line, mobile, toll free, ...) and the national
/// lengths under which a match makes a number valid.
#[derive(Clone, Copy, Debug)]
pub struct ValidPattern {
    lengths: u32,
    pattern: &'static str,
}

impl ValidPattern {
    /// Whether a national significant number of `len` digits may be valid through this pattern.
    pub fn allows_length(&self, len: usize) -> bool {
        has_length(self.lengths, len)
    }

    /// The pattern a whole national significant number must match.
    pub fn pattern(&self) -> &'static str {
        self.pattern
    }
}

fn has_length(set: u32, len: usize) -> bool {
    len <= MAX_NATIONAL_LENGTH && set & (1 << len) != 0
}

/// A hexadecimal length set; an unreadable one allows nothing, which can only make a number
/// invalid, never wrongly valid.
fn parse_lengths(text: &str) -> u32 {
    u32::from_str_radix(text, 16).unwrap_or(0)
}

impl Region {
    /// Reads one line of the table; `None` for a malformed line (the generator writes none, and
    /// a test checks every region is read).
    fn parse(line: &'static str) -> Option<Region> {
        let mut fields = line.splitn(FIXED_FIELDS + 1, FIELD_SEPARATOR);
        let mut next = || fields.next();
        Some(Region {
            iso: next()?,
            calling_code: next()?.parse().ok()?,
            main: next()? == MAIN_MARK,
            lengths: parse_lengths(next()?),
            local_lengths: parse_lengths(next()?),
            national_prefix: next()?,
            national_prefix_for_parsing: next()?,
            national_prefix_transform_rule: next()?,
            international_prefix: next()?,
            leading_digits: next()?,
            general: next()?,
            valid: next()?,
        })
    }

    /// ISO 3166-1 alpha-2 code, uppercase ("CO").
    pub fn iso(&self) -> &'static str {
        self.iso
    }

    /// Country calling code (57 for Colombia).
    pub fn calling_code(&self) -> u16 {
        self.calling_code
    }

    /// Whether this is the main region of a calling code several regions share (US for +1,
    /// RU for +7, GB for +44). False for a region whose calling code is its own.
    pub fn is_main(&self) -> bool {
        self.main
    }

    /// National (trunk) prefix dialled before a national number at home ("0" in Colombia and
    /// the UK, "1" in the US), "" where there is none.
    pub fn national_prefix(&self) -> &'static str {
        self.national_prefix
    }

    /// Pattern matched at the start of a national number to strip the national prefix and any
    /// carrier code (libphonenumber's `nationalPrefixForParsing`); "" where nothing is stripped.
    pub fn national_prefix_for_parsing(&self) -> &'static str {
        self.national_prefix_for_parsing
    }

    /// What replaces the [`national_prefix_for_parsing`](Self::national_prefix_for_parsing)
    /// match, `$1`..`$9` standing for its groups (Argentina's "9$1"); "" means the match is just
    /// removed.
    pub fn national_prefix_transform_rule(&self) -> &'static str {
        self.national_prefix_transform_rule
    }

    /// Pattern of the international (IDD) prefix dialled from this region ("011" in the US,
    /// "00" in most places).
    pub fn international_prefix(&self) -> &'static str {
        self.international_prefix
    }

    /// Pattern matched at the start of a national significant number that makes it this
    /// region's among those sharing the calling code (Jamaica's "658|876" under +1); "" where
    /// the number patterns decide.
    pub fn leading_digits(&self) -> &'static str {
        self.leading_digits
    }

    /// Whether a national significant number of `len` digits can be a complete number here.
    pub fn is_possible_length(&self, len: usize) -> bool {
        has_length(self.lengths, len)
    }

    /// Whether `len` digits can only be a number dialled locally, without its area code.
    pub fn is_local_only_length(&self, len: usize) -> bool {
        has_length(self.local_lengths, len)
    }

    /// National significant number lengths a complete number can have, ascending.
    pub fn possible_lengths(&self) -> impl Iterator<Item = usize> + 'static {
        let set = self.lengths;
        (0..=MAX_NATIONAL_LENGTH).filter(move |&len| has_length(set, len))
    }

    /// Pattern every valid national significant number of this region matches
    /// (libphonenumber's general description).
    pub fn general_pattern(&self) -> &'static str {
        self.general
    }

    /// Number-type patterns: a national significant number that matches the general pattern,
    /// has a possible length and matches one of these (within its lengths) is valid.
    pub fn valid_patterns(&self) -> impl Iterator<Item = ValidPattern> + 'static {
        let region_lengths = self.lengths;
        self.valid.split(FIELD_SEPARATOR).map(move |field| {
            match field.split_once(LENGTHS_SEPARATOR) {
                Some((lengths, pattern)) => ValidPattern {
                    lengths: parse_lengths(lengths),
                    pattern,
                },
                None => ValidPattern {
                    lengths: region_lengths,
                    pattern: field,
                },
            }
        })
    }
}

/// Every region, sorted by ISO code.
pub fn all() -> &'static [Region] {
    // The table is one string (records of string slices would put some 2,700 pointers into the
    // wasm, which compress far worse than the text); it is split into records once, on first use.
    static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        data::TABLE
            .split(REGION_SEPARATOR)
            .filter_map(Region::parse)
            .collect()
    })
}

/// The region with ISO code `code` ("co", " CO " and "CO" alike), if the table has it.
pub fn by_iso(code: &str) -> Option<&'static Region> {
    let code = code.trim();
    if code.len() != 2 {
        return None;
    }
    let code = code.to_ascii_uppercase();
    all()
        .binary_search_by(|region| region.iso.cmp(code.as_str()))
        .ok()
        .and_then(|index| all().get(index))
}

/// The regions with calling code `calling_code`, main region first, then by ISO code (the order
/// libphonenumber tries them in when it looks for a number's region; the generator checks this).
pub fn by_calling_code(calling_code: u16) -> impl Iterator<Item = &'static Region> {
    let members = move |main: bool| {
        all()
            .iter()
            .filter(move |r| r.calling_code == calling_code && r.main == main)
    };
    members(true).chain(members(false))
}

/// The region libphonenumber formats and checks lengths with for a calling code: the main
/// region if several share it, else the only one.
pub fn main_for_calling_code(calling_code: u16) -> Option<&'static Region> {
    by_calling_code(calling_code).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_sorted_and_complete() {
        assert_eq!(all().len(), 245);
        assert!(all().windows(2).all(|w| w[0].iso() < w[1].iso()));
        assert!(all()
            .iter()
            .all(|r| r.iso().len() == 2 && r.iso().bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn by_iso_ignores_case_and_whitespace() {
        assert_eq!(by_iso(" co ").map(Region::calling_code), Some(57));
        assert_eq!(by_iso("Gb").map(Region::iso), Some("GB"));
        assert!(by_iso("").is_none());
        assert!(by_iso("ZZ").is_none());
        assert!(by_iso("COL").is_none());
        assert!(by_iso("001").is_none());
        assert!(by_iso("ß").is_none());
    }

    #[test]
    fn by_calling_code_lists_main_region_first() {
        let nanpa: Vec<&str> = by_calling_code(1).map(Region::iso).collect();
        assert_eq!(nanpa.first(), Some(&"US"));
        assert!(nanpa.contains(&"CA") && nanpa.contains(&"JM"));
        let uk: Vec<&str> = by_calling_code(44).map(Region::iso).collect();
        assert_eq!(uk, ["GB", "GG", "IM", "JE"]);
        assert_eq!(
            by_calling_code(57).map(Region::iso).collect::<Vec<_>>(),
            ["CO"]
        );
        assert_eq!(by_calling_code(800).count(), 0);
        assert_eq!(main_for_calling_code(7).map(Region::iso), Some("RU"));
    }

    #[test]
    fn colombia_has_its_rules() {
        let co = by_iso("CO").expect("CO is in the table");
        assert_eq!(co.national_prefix(), "0");
        assert_eq!(co.possible_lengths().collect::<Vec<_>>(), [8, 10, 11]);
        assert!(co.is_local_only_length(7));
        assert!(!co.is_possible_length(99));
        assert_eq!(co.valid_patterns().count(), 1);
        assert!(co
            .valid_patterns()
            .all(|v| v.allows_length(10) && !v.allows_length(9)));
    }
}
