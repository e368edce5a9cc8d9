//! Turns libphonenumber's per-region metadata into the compact records the widget ships.
//!
//! The compaction keeps `isValidNumber`'s answer for every input. libphonenumber calls a
//! national significant number valid when it has one of the general possible lengths, fully
//! matches the general pattern, and for one number type has that type's possible lengths and
//! fully matches its pattern. Type patterns are merged into one alternation per distinct length
//! set; a type only keeps its own lengths when its pattern can match a general possible length the
//! type does not allow (otherwise the general lengths say the same and it joins the common
//! alternation). The general pattern itself is checked and compared by updates (from the
//! source), but not shipped: the widget reads the type alternations where libphonenumber reads
//! it (`emit::fields`).

use crate::pattern::{analyse, Anchors, Lengths};
use crate::source::{Source, SourceRegion};
use std::collections::BTreeMap;

/// Longest national significant number libphonenumber parses (`MAX_LENGTH_FOR_NSN`); length sets
/// are stored as `u32` bit sets, which this must fit in.
pub const MAX_NSN_LENGTH: u32 = 17;

/// One alternation of number-type patterns and the lengths under which it counts.
pub struct ValidPattern {
    /// Bit `n` set: numbers of length `n` may match `pattern`.
    pub lengths: u32,
    /// Alternation of the type patterns, deduplicated.
    pub pattern: String,
}

/// A region as written to the table.
pub struct TableRegion {
    /// ISO 3166-1 alpha-2 code.
    pub iso: String,
    /// Country calling code.
    pub calling_code: u16,
    /// Main region of a shared calling code.
    pub main: bool,
    /// National (trunk) prefix.
    pub national_prefix: String,
    /// What national-prefix stripping matches at the start of a national number.
    pub national_prefix_for_parsing: String,
    /// Replacement for that match (`$n` refers to its groups); "" strips it.
    pub national_prefix_transform_rule: String,
    /// International (IDD) prefix dialled from this region.
    pub international_prefix: String,
    /// Picks this region among those sharing its calling code.
    pub leading_digits: String,
    /// General possible lengths (bit set).
    pub lengths: u32,
    /// Lengths only diallable locally (bit set).
    pub local_lengths: u32,
    /// Number-type alternations.
    pub valid: Vec<ValidPattern>,
    /// Longest number `valid` can accept, for the report.
    pub longest: u32,
}

fn bits(lengths: &[u16]) -> Result<u32, String> {
    lengths.iter().try_fold(0u32, |acc, &len| {
        if u32::from(len) > MAX_NSN_LENGTH {
            Err(format!("possible length {len} exceeds {MAX_NSN_LENGTH}"))
        } else {
            Ok(acc | 1 << len)
        }
    })
}

/// Builds the table records, checking every assumption the runtime makes.
pub fn build(source: &Source) -> Result<Vec<TableRegion>, String> {
    check_region_order(&source.regions, &source.order)?;
    source.regions.iter().map(build_region).collect()
}

/// The runtime tries the regions of a shared calling code main region first, then by ISO code;
/// that must be libphonenumber's order, which follows the XML.
fn check_region_order(
    regions: &[SourceRegion],
    order: &BTreeMap<u16, Vec<String>>,
) -> Result<(), String> {
    let mut by_code: BTreeMap<u16, Vec<&SourceRegion>> = BTreeMap::new();
    for region in regions {
        by_code.entry(region.calling_code).or_default().push(region);
    }
    for (code, mut members) in by_code {
        members.sort_by_key(|r| (!r.main, r.iso.clone()));
        let ours: Vec<&str> = members.iter().map(|r| r.iso.as_str()).collect();
        let theirs = order.get(&code).cloned().unwrap_or_default();
        if ours != theirs {
            return Err(format!(
                "+{code}: libphonenumber tries {theirs:?}, the runtime would try {ours:?}"
            ));
        }
    }
    Ok(())
}

fn build_region(src: &SourceRegion) -> Result<TableRegion, String> {
    let context = |e: String| format!("{}: {e}", src.iso);
    let mut lengths = 0u32;
    let mut local = 0u32;
    for t in &src.types {
        lengths |= bits(&t.lengths).map_err(context)?;
        local |= bits(&t.local_lengths).map_err(context)?;
    }
    for (l, lo) in &src.other_lengths {
        lengths |= bits(l).map_err(context)?;
        local |= bits(lo).map_err(context)?;
    }
    // As in libphonenumber's builder, a length that is a full length somewhere is not local-only.
    local &= !lengths;
    let (given, given_local) = &src.general_lengths;
    if (
        bits(given).map_err(context)?,
        bits(given_local).map_err(context)?,
    ) != (lengths, local)
    {
        return Err(context(format!(
            "the general possible lengths {given:?} (local {given_local:?}) are not those of the number types ({lengths:#x}, local {local:#x})"
        )));
    }

    analyse(&src.general, Anchors::None).map_err(context)?;
    analyse(&src.national_prefix_for_parsing, Anchors::EndAllowed).map_err(context)?;
    analyse(&src.international_prefix, Anchors::None).map_err(context)?;
    analyse(&src.leading_digits, Anchors::None).map_err(context)?;
    check_transform_rule(&src.national_prefix_transform_rule).map_err(context)?;

    let mut groups: Vec<(u32, Vec<String>)> = Vec::new();
    let mut longest = 0;
    for t in &src.types {
        let own = if t.lengths.is_empty() {
            lengths
        } else {
            bits(&t.lengths).map_err(context)?
        };
        let matchable: Lengths =
            analyse(&t.pattern, Anchors::None).map_err(|e| context(format!("{}: {e}", t.name)))?;
        let reachable = matchable & Lengths::from(lengths);
        // Keep the type's own lengths only if they rule out something the general ones allow.
        let mask = if reachable & !Lengths::from(own) != 0 {
            own
        } else {
            lengths
        };
        let effective = matchable & Lengths::from(mask);
        if effective != 0 {
            longest = longest.max(63 - effective.leading_zeros());
        }
        match groups.iter_mut().find(|(m, _)| *m == mask) {
            Some((_, patterns)) => {
                if !patterns.contains(&t.pattern) {
                    patterns.push(t.pattern.clone());
                }
            }
            None => groups.push((mask, vec![t.pattern.clone()])),
        }
    }
    if groups.is_empty() {
        return Err(context("no number type: no number could be valid".into()));
    }
    Ok(TableRegion {
        iso: src.iso.clone(),
        calling_code: src.calling_code,
        main: src.main,
        national_prefix: src.national_prefix.clone(),
        national_prefix_for_parsing: src.national_prefix_for_parsing.clone(),
        national_prefix_transform_rule: src.national_prefix_transform_rule.clone(),
        international_prefix: src.international_prefix.clone(),
        leading_digits: src.leading_digits.clone(),
        lengths,
        local_lengths: local,
        valid: groups
            .into_iter()
            .map(|(lengths, patterns)| ValidPattern {
                lengths,
                pattern: patterns.join("|"),
            })
            .collect(),
        longest,
    })
}

/// The runtime substitutes `$1`..`$9` itself (no engine's replace syntax), so a rule may only
/// hold digits and such references.
fn check_transform_rule(rule: &str) -> Result<(), String> {
    let mut chars = rule.chars();
    while let Some(c) = chars.next() {
        match c {
            '0'..='9' => {}
            '$' if chars.next().is_some_and(|d| ('1'..='9').contains(&d)) => {}
            _ => return Err(format!("unsupported transform rule {rule:?}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_rules_are_digits_and_group_references() {
        assert!(check_transform_rule("9$1").is_ok());
        assert!(check_transform_rule("0549$1").is_ok());
        assert!(check_transform_rule("").is_ok());
        assert!(check_transform_rule("\\1").is_err());
        assert!(check_transform_rule("$0").is_err());
        assert!(check_transform_rule("$").is_err());
    }

    #[test]
    fn length_sets_fit_the_runtime() {
        assert_eq!(bits(&[8, 10]), Ok(0x500));
        assert!(bits(&[18]).is_err());
    }
}
