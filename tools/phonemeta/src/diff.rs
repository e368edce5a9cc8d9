//! What an update changes, region by region: which rules, and how many patterns.

use crate::emit::{FIELD_SEPARATOR, REGION_SEPARATOR};
use crate::source::{Source, SourceRegion, TypeDesc};
use std::collections::{BTreeMap, BTreeSet};

/// The changes of one region.
pub struct RegionChange {
    /// ISO code.
    pub iso: String,
    /// What changed, one short phrase each ("fixedLine pattern", "mobile added").
    pub what: Vec<String>,
    /// How many patterns (number types, general, prefixes, leading digits) changed, appeared or
    /// went.
    pub patterns: usize,
}

/// Compares the regions of two versions.
pub fn regions(old: &Source, new: &Source) -> Vec<RegionChange> {
    let by_iso = |s: &Source| -> BTreeMap<String, SourceRegion> {
        s.regions
            .iter()
            .map(|r| (r.iso.clone(), r.clone()))
            .collect()
    };
    let (old, new) = (by_iso(old), by_iso(new));
    let isos: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    isos.into_iter()
        .filter_map(|iso| {
            let (what, patterns) = match (old.get(iso), new.get(iso)) {
                (Some(a), Some(b)) => region(a, b),
                (None, Some(b)) => (vec!["region added".into()], pattern_count(b)),
                (Some(a), None) => (vec!["region removed".into()], pattern_count(a)),
                (None, None) => return None,
            };
            (!what.is_empty()).then(|| RegionChange {
                iso: iso.clone(),
                what,
                patterns,
            })
        })
        .collect()
}

/// The patterns of a region: its number types', the general one and those of its prefixes.
fn pattern_count(r: &SourceRegion) -> usize {
    r.types.len()
        + [
            &r.general,
            &r.national_prefix_for_parsing,
            &r.international_prefix,
            &r.leading_digits,
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .count()
}

fn region(a: &SourceRegion, b: &SourceRegion) -> (Vec<String>, usize) {
    let mut what = Vec::new();
    let mut patterns = 0;
    let mut field = |name: &str, x: &str, y: &str, is_pattern: bool| {
        if x != y {
            what.push(name.to_owned());
            patterns += usize::from(is_pattern);
        }
    };
    field(
        "calling code",
        &a.calling_code.to_string(),
        &b.calling_code.to_string(),
        false,
    );
    field(
        "main region",
        &a.main.to_string(),
        &b.main.to_string(),
        false,
    );
    field(
        "national prefix",
        &a.national_prefix,
        &b.national_prefix,
        false,
    );
    field(
        "national prefix for parsing",
        &a.national_prefix_for_parsing,
        &b.national_prefix_for_parsing,
        true,
    );
    field(
        "transform rule",
        &a.national_prefix_transform_rule,
        &b.national_prefix_transform_rule,
        false,
    );
    field(
        "international prefix",
        &a.international_prefix,
        &b.international_prefix,
        true,
    );
    field("leading digits", &a.leading_digits, &b.leading_digits, true);
    field("general pattern", &a.general, &b.general, true);
    if a.general_lengths != b.general_lengths {
        what.push("possible lengths".into());
    }
    let types = |r: &SourceRegion| -> BTreeMap<&'static str, TypeDesc> {
        r.types.iter().map(|t| (t.name, t.clone())).collect()
    };
    let (ta, tb) = (types(a), types(b));
    let names: BTreeSet<&&str> = ta.keys().chain(tb.keys()).collect();
    for name in names {
        match (ta.get(name), tb.get(name)) {
            (Some(x), Some(y)) => {
                let mut parts = Vec::new();
                if x.pattern != y.pattern {
                    parts.push("pattern");
                    patterns += 1;
                }
                if (&x.lengths, &x.local_lengths) != (&y.lengths, &y.local_lengths) {
                    parts.push("lengths");
                }
                if x.example != y.example {
                    parts.push("example");
                }
                if !parts.is_empty() {
                    what.push(format!("{name} {}", parts.join("+")));
                }
            }
            (None, Some(_)) => {
                what.push(format!("{name} added"));
                patterns += 1;
            }
            (Some(_), None) => {
                what.push(format!("{name} removed"));
                patterns += 1;
            }
            (None, None) => {}
        }
    }
    (what, patterns)
}

/// ISO codes of the regions whose line differs between two table texts.
pub fn table_lines(old: &str, new: &str) -> BTreeSet<String> {
    let lines = |text: &str| -> BTreeMap<String, String> {
        text.split(REGION_SEPARATOR)
            .filter(|line| !line.is_empty())
            .map(|line| {
                let iso = line.split(FIELD_SEPARATOR).next().unwrap_or_default();
                (iso.to_owned(), line.to_owned())
            })
            .collect()
    };
    let (old, new) = (lines(old), lines(new));
    old.keys()
        .chain(new.keys())
        .filter(|iso| old.get(*iso) != new.get(*iso))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(iso: &str, fixed: &str) -> SourceRegion {
        SourceRegion {
            iso: iso.into(),
            calling_code: 247,
            main: false,
            national_prefix: String::new(),
            national_prefix_for_parsing: String::new(),
            national_prefix_transform_rule: String::new(),
            international_prefix: "00".into(),
            leading_digits: String::new(),
            general: r"\d{5,6}".into(),
            general_lengths: (vec![5, 6], vec![]),
            types: vec![TypeDesc {
                name: "fixedLine",
                pattern: fixed.into(),
                lengths: vec![5, 6],
                local_lengths: vec![],
                example: "62889".into(),
            }],
            other_lengths: vec![],
        }
    }

    fn source(regions: Vec<SourceRegion>) -> Source {
        Source {
            version: String::new(),
            regions,
            order: BTreeMap::new(),
        }
    }

    #[test]
    fn names_what_changed_and_counts_patterns() {
        let old = source(vec![region("AC", "6[2-467]\\d{3}"), region("ZZ", "1")]);
        let mut ac = region("AC", "(?:[267]\\d|3[0-5])\\d{3}");
        ac.general = r"\d{5,7}".into();
        let new = source(vec![ac, region("ZZ", "1"), region("ZY", "2")]);
        let changes = regions(&old, &new);
        let summary: Vec<(&str, &[String], usize)> = changes
            .iter()
            .map(|c| (c.iso.as_str(), c.what.as_slice(), c.patterns))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "AC",
                    &["general pattern".to_owned(), "fixedLine pattern".to_owned()][..],
                    2
                ),
                ("ZY", &["region added".to_owned()][..], 3),
            ]
        );
    }

    #[test]
    fn table_lines_by_region() {
        let old = "AC;247;;60\nAD;376;;340\n";
        let new = "AC;247;;70\nAD;376;;340\nAE;971;;1\n";
        assert_eq!(
            table_lines(old, new).into_iter().collect::<Vec<_>>(),
            ["AC", "AE"]
        );
    }
}
