//! Reads libphonenumber's metadata, as embedded and parsed by the `phonenumber` crate, into plain
//! per-region records with the defaults libphonenumber's own metadata builder
//! (`BuildMetadataFromXml`) applies, so that the rest of the generator sees what libphonenumber's
//! runtime sees.

use crate::pattern::strip_whitespace;
use phonenumber::metadata::{Descriptor, Metadata, DATABASE};

/// The region id libphonenumber gives non-geographic entities (+800, +808, +870, +878, +881,
/// +882, +883, +888, +979). They are left out of the table: they are no country a person can
/// pick, and the widget's contract is about a country and its national number.
pub const NON_GEOGRAPHIC: &str = "001";

/// The number types `isValidNumber` accepts, in the order libphonenumber's `getNumberTypeHelper`
/// tries them. Emergency, short-code and no-international-dialling descriptions are not types a
/// valid number can have, so they are not here.
pub const VALIDITY_TYPES: [&str; 10] = [
    "premiumRate",
    "tollFree",
    "sharedCost",
    "voip",
    "personalNumber",
    "pager",
    "uan",
    "voicemail",
    "fixedLine",
    "mobile",
];

/// One number type of one region.
pub struct TypeDesc {
    /// Its XML element name, one of [`VALIDITY_TYPES`].
    pub name: &'static str,
    /// Its national number pattern, whitespace removed.
    pub pattern: String,
    /// Its national possible lengths (empty: not given).
    pub lengths: Vec<u16>,
    /// Lengths only diallable locally (without the area code).
    pub local_lengths: Vec<u16>,
}

/// One geographic region as libphonenumber's runtime sees it.
pub struct SourceRegion {
    /// ISO 3166-1 alpha-2 code (libphonenumber's region id).
    pub iso: String,
    /// Country calling code.
    pub calling_code: u16,
    /// Whether this is the main region of a shared calling code.
    pub main: bool,
    /// The national (trunk) prefix, "" if none.
    pub national_prefix: String,
    /// Pattern of what to strip as a national prefix (and carrier code), defaulting to the
    /// national prefix as in libphonenumber's builder; "" if none.
    pub national_prefix_for_parsing: String,
    /// Replacement for the national-prefix-for-parsing match (`$1`-style), "" if none.
    pub national_prefix_transform_rule: String,
    /// Pattern of the international (IDD) prefix dialled from this region, "" if none.
    pub international_prefix: String,
    /// Pattern that picks this region among those sharing its calling code, "" if none.
    pub leading_digits: String,
    /// The general description's pattern.
    pub general: String,
    /// The number types that make a number valid, in [`VALIDITY_TYPES`] order.
    pub types: Vec<TypeDesc>,
    /// Other descriptions that count towards the general possible lengths in libphonenumber's
    /// builder (everything but `noInternationalDialling`): their lengths.
    pub other_lengths: Vec<(Vec<u16>, Vec<u16>)>,
}

fn desc_of<'a>(meta: &'a Metadata, name: &str) -> Option<&'a Descriptor> {
    let d = meta.descriptors();
    match name {
        "premiumRate" => d.premium_rate(),
        "tollFree" => d.toll_free(),
        "sharedCost" => d.shared_cost(),
        "voip" => d.voip(),
        "personalNumber" => d.personal_number(),
        "pager" => d.pager(),
        "uan" => d.uan(),
        "voicemail" => d.voicemail(),
        "fixedLine" => d.fixed_line(),
        "mobile" => d.mobile(),
        _ => None,
    }
}

/// Every geographic region, sorted by ISO code.
pub fn regions() -> Vec<SourceRegion> {
    let mut out: Vec<SourceRegion> = DATABASE
        .iter()
        .filter(|meta| meta.id() != NON_GEOGRAPHIC)
        .map(region)
        .collect();
    out.sort_by(|a, b| a.iso.cmp(&b.iso));
    out
}

/// The order libphonenumber tries the regions of a calling code in (main region first, then
/// the order of the XML), which decides the region of a number no leading digits settle.
pub fn region_order(calling_code: u16) -> Vec<String> {
    DATABASE
        .region(&calling_code)
        .unwrap_or_default()
        .into_iter()
        .filter(|id| *id != NON_GEOGRAPHIC)
        .map(str::to_owned)
        .collect()
}

fn region(meta: &Metadata) -> SourceRegion {
    let national_prefix = meta.national_prefix().unwrap_or_default().to_owned();
    let mut national_prefix_for_parsing = meta
        .national_prefix_for_parsing()
        .map(|re| strip_whitespace(re.as_str()))
        .unwrap_or_default();
    let mut national_prefix_transform_rule = meta
        .national_prefix_transform_rule()
        .unwrap_or_default()
        .to_owned();
    if national_prefix_for_parsing.is_empty() {
        // libphonenumber's builder: a transform rule only counts with an explicit pattern, and the
        // pattern defaults to the national prefix itself.
        national_prefix_transform_rule.clear();
        national_prefix_for_parsing = national_prefix.clone();
    }
    let types = VALIDITY_TYPES
        .iter()
        .filter_map(|name| {
            desc_of(meta, name).map(|d| TypeDesc {
                name,
                pattern: strip_whitespace(d.national_number().as_str()),
                lengths: d.possible_length().to_vec(),
                local_lengths: d.possible_local_length().to_vec(),
            })
        })
        .collect();
    let d = meta.descriptors();
    let other_lengths = [
        d.emergency(),
        d.short_code(),
        d.standard_rate(),
        d.carrier(),
    ]
    .into_iter()
    .flatten()
    .map(|d| {
        (
            d.possible_length().to_vec(),
            d.possible_local_length().to_vec(),
        )
    })
    .collect();
    SourceRegion {
        iso: meta.id().to_owned(),
        calling_code: meta.country_code(),
        main: meta.is_main_country_for_code(),
        national_prefix,
        national_prefix_for_parsing,
        national_prefix_transform_rule,
        international_prefix: meta
            .international_prefix()
            .map(|re| strip_whitespace(re.as_str()))
            .unwrap_or_default(),
        leading_digits: meta
            .leading_digits()
            .map(|re| strip_whitespace(re.as_str()))
            .unwrap_or_default(),
        general: strip_whitespace(meta.descriptors().general().national_number().as_str()),
        types,
        other_lengths,
    }
}
