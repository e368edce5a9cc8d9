//! Phone metadata of every geographic region, and lookups over it.
//!
//! Both parts are generated from Google libphonenumber's metadata by `tools/phonemeta` (run
//! `cargo run -p phonemeta`; CI checks them with `-- --check`), so they are never edited by hand:
//!
//! - the index in `data.rs` (ISO code, calling code, main region: under 2 KB), always in the
//!   wasm, for the country picker and the configuration;
//! - the table `verifik-phone-metadata.txt` (national-prefix rules, possible lengths and number
//!   patterns, one line per region of the index, in its order: 67 KB, 19.5 KB brotli), which
//!   validation needs. With the `embedded-phone-metadata` feature (on by default) it is compiled
//!   in. The widget's own build leaves it out and loads the file once the form is interactive,
//!   then hands it to [`install`]: the table would otherwise be a fifth of what a host page
//!   loads before the form can be used.
//!
//! libphonenumber's non-geographic
//! entities (+800, +808, +870, +878, +881, +882, +883, +888, +979, region "001") are not in it:
//! they are no country a person can pick.
//!
//! Patterns are plain strings for the caller's regular-expression engine; nothing here matches
//! them, so this module needs no engine, no `web_sys` and nothing of the phone validator, which
//! reads it (the dependency goes one way: `phone` uses `countries`, never the reverse).

#[rustfmt::skip]
mod data;

pub use data::METADATA_VERSION;

use crate::text;
use std::fmt;
use std::sync::OnceLock;

/// Longest national significant number libphonenumber parses (its `MAX_LENGTH_FOR_NSN`); every
/// length set of the table fits in a `u32` because of it.
pub const MAX_NATIONAL_LENGTH: usize = 17;

/// The decimal digits of a calling code (no formatting machinery on this path).
pub fn calling_code_digits(code: u16) -> String {
    let mut digits = String::with_capacity(4);
    let mut divisor = 1000;
    while divisor > 1 && code < divisor {
        divisor /= 10;
    }
    while divisor > 0 {
        digits.push(char::from(b'0' + (code / divisor % 10) as u8));
        divisor /= 10;
    }
    digits
}

/// Separators and marks of the table string, as tools/phonemeta writes it.
const REGION_SEPARATOR: u8 = b'\n';
const FIELD_SEPARATOR: u8 = b';';
const LENGTHS_SEPARATOR: u8 = b'=';
const MAIN_MARK: &str = "1";

/// One geographic region (a country or territory with an ISO 3166-1 alpha-2 code) and its
/// phone numbering rules.
#[derive(Debug)]
pub struct Region {
    iso: &'static str,
    calling_code: u16,
    main: bool,
    /// Its line in the table.
    line: usize,
}

/// A region's numbering rules: one line of the table.
#[derive(Debug)]
struct Rules {
    lengths: u32,
    local_lengths: u32,
    national_prefix: &'static str,
    national_prefix_for_parsing: &'static str,
    national_prefix_transform_rule: &'static str,
    international_prefix: &'static str,
    leading_digits: &'static str,
    /// The number-type alternations, still separated by [`FIELD_SEPARATOR`].
    valid: &'static str,
}

/// What a region's accessors answer while the table is not installed: no possible length and
/// no pattern, so that nothing can be valid. A validator asks [`is_installed`] first, and gives no
/// verdict without the table.
static NO_RULES: Rules = Rules {
    lengths: 0,
    local_lengths: 0,
    national_prefix: "",
    national_prefix_for_parsing: "",
    national_prefix_transform_rule: "",
    international_prefix: "",
    leading_digits: "",
    valid: "",
};

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
    crate::text::number(text, 16)
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

impl Rules {
    /// Reads the fields of a table line (its region is the index's at the same place).
    fn parse(rest: &'static str) -> Option<Rules> {
        let mut fields = text::split(rest, FIELD_SEPARATOR);
        let mut next = || fields.next();
        Some(Rules {
            lengths: parse_lengths(next()?),
            local_lengths: parse_lengths(next()?),
            national_prefix: next()?,
            national_prefix_for_parsing: next()?,
            national_prefix_transform_rule: next()?,
            international_prefix: next()?,
            leading_digits: next()?,
            // The rest of the line (the alternations, themselves separated).
            valid: fields.remainder()?,
        })
    }
}

impl Region {
    /// Reads a line of the index (ISO code, calling code, main mark); `None` for a malformed
    /// line (the generator writes none, and a test checks every region is read).
    fn parse(line: &'static str, index: usize) -> Option<Region> {
        let mut fields = text::split(line, FIELD_SEPARATOR);
        let mut next = || fields.next();
        Some(Region {
            iso: next()?,
            calling_code: text::number(next()?, 10).and_then(|n| u16::try_from(n).ok())?,
            main: next()? == MAIN_MARK,
            line: index,
        })
    }

    fn rules(&self) -> &'static Rules {
        rules()
            .and_then(|all| all.get(self.line))
            .unwrap_or(&NO_RULES)
    }

    /// ISO 3166-1 alpha-2 code, uppercase ("CO").
    pub fn iso(&self) -> &'static str {
        self.iso
    }

    /// Country calling code (57 for Colombia).
    pub fn calling_code(&self) -> u16 {
        self.calling_code
    }

    /// National (trunk) prefix dialled before a national number at home ("0" in Colombia and
    /// the UK, "1" in the US), "" where there is none.
    pub fn national_prefix(&self) -> &'static str {
        self.rules().national_prefix
    }

    /// Pattern matched at the start of a national number to strip the national prefix and any
    /// carrier code (libphonenumber's `nationalPrefixForParsing`); "" where nothing is stripped.
    pub fn national_prefix_for_parsing(&self) -> &'static str {
        self.rules().national_prefix_for_parsing
    }

    /// What replaces the [`national_prefix_for_parsing`](Self::national_prefix_for_parsing)
    /// match, `$1`..`$9` standing for its groups (Argentina's "9$1"); "" means the match is just
    /// removed.
    pub fn national_prefix_transform_rule(&self) -> &'static str {
        self.rules().national_prefix_transform_rule
    }

    /// Pattern of the international (IDD) prefix dialled from this region ("011" in the US,
    /// "00" in most places).
    pub fn international_prefix(&self) -> &'static str {
        self.rules().international_prefix
    }

    /// Pattern matched at the start of a national significant number that makes it this
    /// region's among those sharing the calling code (Jamaica's "658|876" under +1); "" where
    /// the number patterns decide.
    pub fn leading_digits(&self) -> &'static str {
        self.rules().leading_digits
    }

    /// Whether a national significant number of `len` digits can be a complete number here.
    pub fn is_possible_length(&self, len: usize) -> bool {
        has_length(self.rules().lengths, len)
    }

    /// Whether `len` digits can only be a number dialled locally, without its area code.
    pub fn is_local_only_length(&self, len: usize) -> bool {
        has_length(self.rules().local_lengths, len)
    }

    /// National significant number lengths a complete number can have, ascending.
    pub fn possible_lengths(&self) -> impl Iterator<Item = usize> + 'static {
        let set = self.rules().lengths;
        (0..=MAX_NATIONAL_LENGTH).filter(move |&len| has_length(set, len))
    }

    /// Number-type patterns: a national significant number that has a possible length and
    /// matches one of these (within its lengths) is valid. (The table has no general
    /// description: see `phone::validity::matches_number_type`.)
    pub fn valid_patterns(&self) -> impl Iterator<Item = ValidPattern> + 'static {
        let rules = self.rules();
        let region_lengths = rules.lengths;
        text::split(rules.valid, FIELD_SEPARATOR).map(move |field| {
            match text::split_once(field, LENGTHS_SEPARATOR) {
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

/// Every region, sorted by ISO code. Available whether or not the table is installed.
pub fn all() -> &'static [Region] {
    // The index is one string (records of string slices would put hundreds of pointers into the
    // wasm, which compress far worse than the text); it is split into records once, on first use.
    static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        text::split(data::INDEX, REGION_SEPARATOR)
            .enumerate()
            .filter_map(|(index, line)| Region::parse(line, index))
            .collect()
    })
}

/// The installed table's rules, one per region of [`all`], in its order.
static RULES: OnceLock<Vec<Rules>> = OnceLock::new();

fn rules() -> Option<&'static [Rules]> {
    #[cfg(any(test, feature = "embedded-phone-metadata"))]
    if RULES.get().is_none() {
        // The generator and `the_table_file_is_the_index_with_rules` guarantee it fits.
        let _ = install(data::TABLE);
    }
    RULES.get().map(Vec::as_slice)
}

/// Whether the table is installed, so that phone numbers can be validated.
pub fn is_installed() -> bool {
    rules().is_some()
}

/// Why a table text was refused by [`install`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstallError {
    /// The text is not the table of this build (a stale cache, another version, a truncated
    /// download): its checksum is not the one the generator wrote into the index.
    Mismatch,
    /// Line `.0` (from 0) cannot be read, or the text has another number of regions than the
    /// index; with the checksum right, only a generator bug gets here.
    Malformed(usize),
}

impl fmt::Display for InstallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstallError::Mismatch => f.write_str("not the phone metadata table of this build"),
            InstallError::Malformed(line) => write!(f, "line {} cannot be read", line + 1),
        }
    }
}

/// FNV-1a (32 bits) of `text`, as tools/phonemeta computes it for [`data::TABLE_CHECKSUM`].
fn checksum(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// Installs the table (the text of `verifik-phone-metadata.txt`). It must be this build's: its
/// checksum is the one the index was generated with, and it has a line for every region of the
/// index, in the index's order. Installing again is a no-op.
pub fn install(text: &'static str) -> Result<(), InstallError> {
    if RULES.get().is_some() {
        return Ok(());
    }
    let rules = parse_table(text)?;
    let _ = RULES.set(rules);
    Ok(())
}

fn parse_table(text: &'static str) -> Result<Vec<Rules>, InstallError> {
    if checksum(text) != data::TABLE_CHECKSUM {
        return Err(InstallError::Mismatch);
    }
    let mut rules = Vec::with_capacity(all().len());
    for line in text::split(text, REGION_SEPARATOR).filter(|line| !line.is_empty()) {
        rules.push(Rules::parse(line).ok_or(InstallError::Malformed(rules.len()))?);
    }
    if rules.len() != all().len() {
        return Err(InstallError::Malformed(rules.len()));
    }
    Ok(rules)
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
    fn the_table_file_is_the_index_with_rules() {
        let rules = parse_table(data::TABLE).expect("the generated table fits the index");
        assert_eq!(rules.len(), all().len());
        assert!(is_installed());
    }

    #[test]
    fn a_table_of_another_build_is_refused() {
        // A line lost in transit, one digit changed, truncated lines, another file, nothing.
        let without_first = data::TABLE.split_once('\n').map(|(_, rest)| rest);
        let changed = data::TABLE.replacen(";0;", ";1;", 1);
        let cut: String = data::TABLE
            .lines()
            .map(|line| line.split(';').take(5).collect::<Vec<_>>().join(";") + "\n")
            .collect();
        let texts = [
            without_first.unwrap_or_default().to_owned(),
            changed,
            cut,
            "<!doctype html>".to_owned(),
            String::new(),
        ];
        for text in texts {
            assert_ne!(text, data::TABLE);
            let text: &'static str = Box::leak(text.into_boxed_str());
            assert_eq!(parse_table(text).err(), Some(InstallError::Mismatch));
        }
        assert_eq!(
            InstallError::Mismatch.to_string(),
            "not the phone metadata table of this build"
        );
        assert_eq!(
            InstallError::Malformed(1).to_string(),
            "line 2 cannot be read"
        );
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
