//! Reads libphonenumber's metadata as `dump.py metadata` prints it from PyPI's `phonenumbers`
//! into plain per-region records. The Python port's metadata has already been through
//! libphonenumber's builder (`BuildMetadataFromXml`: whitespace removed, the national prefix
//! for parsing defaulting to the national prefix, possible lengths filled in), so the rest of the
//! generator sees what libphonenumber's runtime sees.

use crate::pattern::strip_whitespace;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The number types `isValidNumber` accepts, in the order libphonenumber's `getNumberTypeHelper`
/// tries them (`dump.py` lists them in this order too). Emergency, short-code and
/// no-international-dialling descriptions are not types a valid number can have.
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

/// A number description as `dump.py` writes it.
#[derive(Clone, Deserialize, PartialEq, Eq)]
struct RawDesc {
    pattern: String,
    lengths: Vec<u16>,
    local_lengths: Vec<u16>,
    example: String,
}

#[derive(Deserialize)]
struct RawType {
    name: String,
    #[serde(flatten)]
    desc: RawDesc,
}

#[derive(Deserialize)]
struct RawRegion {
    iso: String,
    calling_code: u16,
    main: bool,
    national_prefix: String,
    national_prefix_for_parsing: String,
    national_prefix_transform_rule: String,
    international_prefix: String,
    leading_digits: String,
    general: RawDesc,
    types: Vec<RawType>,
    other: Vec<RawDesc>,
}

#[derive(Deserialize)]
struct Dump {
    version: String,
    regions: Vec<RawRegion>,
    region_order: BTreeMap<String, Vec<String>>,
}

/// One number type of one region.
#[derive(Clone, PartialEq, Eq)]
pub struct TypeDesc {
    /// Its XML element name, one of [`VALIDITY_TYPES`].
    pub name: &'static str,
    /// Its national number pattern, whitespace removed.
    pub pattern: String,
    /// Its national possible lengths (empty: not given).
    pub lengths: Vec<u16>,
    /// Lengths only diallable locally (without the area code).
    pub local_lengths: Vec<u16>,
    /// Its example number ("" if none): not in the table, but a change is worth a word in an
    /// update's summary.
    pub example: String,
}

/// One geographic region as libphonenumber's runtime sees it.
#[derive(Clone, PartialEq, Eq)]
pub struct SourceRegion {
    /// ISO 3166-1 alpha-2 code (libphonenumber's region id).
    pub iso: String,
    /// Country calling code.
    pub calling_code: u16,
    /// Whether this is the main region of a shared calling code.
    pub main: bool,
    /// The national (trunk) prefix, "" if none.
    pub national_prefix: String,
    /// Pattern of what to strip as a national prefix (and carrier code); "" if none.
    pub national_prefix_for_parsing: String,
    /// Replacement for the national-prefix-for-parsing match (`$1`-style), "" if none.
    pub national_prefix_transform_rule: String,
    /// Pattern of the international (IDD) prefix dialled from this region, "" if none.
    pub international_prefix: String,
    /// Pattern that picks this region among those sharing its calling code, "" if none.
    pub leading_digits: String,
    /// The general description's pattern.
    pub general: String,
    /// The general possible lengths and local-only lengths libphonenumber's builder computed;
    /// the generator computes them again and checks they agree.
    pub general_lengths: (Vec<u16>, Vec<u16>),
    /// The number types that make a number valid, in [`VALIDITY_TYPES`] order.
    pub types: Vec<TypeDesc>,
    /// Other descriptions that count towards the general possible lengths in libphonenumber's
    /// builder (everything but `noInternationalDialling`): their lengths.
    pub other_lengths: Vec<(Vec<u16>, Vec<u16>)>,
}

/// What one version of `phonenumbers` says.
pub struct Source {
    /// The package's version (libphonenumber's).
    pub version: String,
    /// Every geographic region, sorted by ISO code.
    pub regions: Vec<SourceRegion>,
    /// By calling code, the regions in the order libphonenumber tries them (main region first,
    /// then the order of the XML), which decides the region of a number no leading digits
    /// settle.
    pub order: BTreeMap<u16, Vec<String>>,
}

/// Reads the output of `dump.py metadata`.
pub fn parse(json: &str) -> Result<Source, String> {
    let dump: Dump =
        serde_json::from_str(json).map_err(|e| format!("cannot read dump.py's output: {e}"))?;
    let mut regions = dump
        .regions
        .into_iter()
        .map(region)
        .collect::<Result<Vec<_>, _>>()?;
    regions.sort_by(|a, b| a.iso.cmp(&b.iso));
    let order = dump
        .region_order
        .into_iter()
        .map(|(code, members)| {
            code.parse()
                .map(|code| (code, members))
                .map_err(|e| format!("calling code {code:?}: {e}"))
        })
        .collect::<Result<_, String>>()?;
    Ok(Source {
        version: dump.version,
        regions,
        order,
    })
}

fn region(raw: RawRegion) -> Result<SourceRegion, String> {
    let types = raw
        .types
        .into_iter()
        .map(|t| {
            let name = VALIDITY_TYPES
                .iter()
                .find(|name| **name == t.name)
                .ok_or_else(|| format!("{}: unknown number type {:?}", raw.iso, t.name))?;
            Ok(TypeDesc {
                name,
                pattern: strip_whitespace(&t.desc.pattern),
                lengths: t.desc.lengths,
                local_lengths: t.desc.local_lengths,
                example: t.desc.example,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let order = |t: &TypeDesc| VALIDITY_TYPES.iter().position(|name| *name == t.name);
    if !types.windows(2).all(|w| order(&w[0]) < order(&w[1])) {
        return Err(format!(
            "{}: number types not in getNumberTypeHelper's order",
            raw.iso
        ));
    }
    Ok(SourceRegion {
        iso: raw.iso,
        calling_code: raw.calling_code,
        main: raw.main,
        national_prefix: raw.national_prefix,
        national_prefix_for_parsing: strip_whitespace(&raw.national_prefix_for_parsing),
        national_prefix_transform_rule: raw.national_prefix_transform_rule,
        international_prefix: strip_whitespace(&raw.international_prefix),
        leading_digits: strip_whitespace(&raw.leading_digits),
        general: strip_whitespace(&raw.general.pattern),
        general_lengths: (raw.general.lengths, raw.general.local_lengths),
        types,
        other_lengths: raw
            .other
            .into_iter()
            .map(|d| (d.lengths, d.local_lengths))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = r#"{"version":"9.0.43","region_order":{"1":["US","CA"]},"regions":[
        {"iso":"US","calling_code":1,"main":true,"national_prefix":"1",
         "national_prefix_for_parsing":"1","national_prefix_transform_rule":"",
         "international_prefix":"011","leading_digits":"",
         "general":{"pattern":"[2-9]\\d{9}","lengths":[10],"local_lengths":[7],"example":""},
         "types":[{"name":"tollFree","pattern":"8(?:00|33)\\d{7}","lengths":[10],"local_lengths":[],"example":"8002345678"},
                  {"name":"fixedLine","pattern":"[2-9]\\d{9}","lengths":[10],"local_lengths":[7],"example":"2015550123"}],
         "other":[]}]}"#;

    #[test]
    fn reads_the_dump() {
        let source = parse(DUMP).expect("a valid dump");
        assert_eq!(source.version, "9.0.43");
        assert_eq!(
            source.order.get(&1),
            Some(&vec!["US".to_owned(), "CA".to_owned()])
        );
        let us = &source.regions[0];
        assert_eq!((us.iso.as_str(), us.calling_code, us.main), ("US", 1, true));
        assert_eq!(
            us.types.iter().map(|t| t.name).collect::<Vec<_>>(),
            ["tollFree", "fixedLine"]
        );
        assert_eq!(us.general_lengths, (vec![10], vec![7]));
    }

    #[test]
    fn refuses_types_it_does_not_know_or_out_of_order() {
        let unknown = DUMP.replace("\"tollFree\"", "\"satellite\"");
        assert!(parse(&unknown).is_err());
        let swapped = DUMP
            .replace("\"tollFree\"", "\"x\"")
            .replace("\"fixedLine\"", "\"tollFree\"")
            .replace("\"x\"", "\"fixedLine\"");
        assert!(parse(&swapped).is_err());
    }
}
