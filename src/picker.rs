//! What the country picker lists and in which order: pure functions over named countries.

/// A country as the picker lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryEntry {
    /// ISO 3166-1 alpha-2 code.
    pub iso: &'static str,
    /// Name in the UI language.
    pub name: String,
    /// `name`, lower-cased without accents.
    pub folded: String,
    /// The English name, folded, so that "germany" also finds Alemania.
    pub folded_en: String,
    /// The calling code, without `+`.
    pub calling_code: u16,
}

/// The flag emoji of an ISO code (two regional indicator symbols), or nothing for a bad code.
pub fn flag(iso: &str) -> String {
    if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_alphabetic()) {
        return String::new();
    }
    iso.bytes()
        .filter_map(|b| char::from_u32(0x1F1E6 + u32::from(b.to_ascii_uppercase() - b'A')))
        .collect()
}

/// Preferred countries first, in the host's order, then the others in `entries`' order
/// (already alphabetical in the UI language).
pub fn ordered(entries: Vec<CountryEntry>, preferred: &[&str]) -> Vec<CountryEntry> {
    let (mut first, rest): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|e| preferred.contains(&e.iso));
    first.sort_by_key(|e| preferred.iter().position(|p| *p == e.iso));
    first.extend(rest);
    first
}

/// Whether `entry` matches a search. `query` must already be folded (lower case, no accents).
///
/// A query matches the name (UI language or English), the ISO code, or the start of the
/// calling code (`57`, `+57`).
pub fn matches(entry: &CountryEntry, query: &str) -> bool {
    let query = query.trim();
    // A lone "+" is the start of a dial code: everything still matches.
    if query.is_empty() || query == "+" {
        return true;
    }
    if let Some(digits) = query.strip_prefix('+').or(Some(query)) {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return entry.calling_code.to_string().starts_with(digits);
        }
    }
    entry.folded.contains(query)
        || entry.folded_en.contains(query)
        || entry.iso.eq_ignore_ascii_case(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(iso: &'static str, name: &str, en: &str, calling_code: u16) -> CountryEntry {
        CountryEntry {
            iso,
            name: name.into(),
            folded: name.to_lowercase(),
            folded_en: en.to_lowercase(),
            calling_code,
        }
    }

    fn sample() -> Vec<CountryEntry> {
        vec![
            entry("DE", "Alemania", "Germany", 49),
            entry("BR", "Brasil", "Brazil", 55),
            entry("CO", "Colombia", "Colombia", 57),
            entry("US", "Estados Unidos", "United States", 1),
            entry("MX", "Mexico", "Mexico", 52),
        ]
    }

    fn isos(entries: &[CountryEntry]) -> Vec<&'static str> {
        entries.iter().map(|e| e.iso).collect()
    }

    #[test]
    fn flags_are_regional_indicator_pairs() {
        assert_eq!(flag("CO"), "\u{1F1E8}\u{1F1F4}");
        assert_eq!(flag("us"), "\u{1F1FA}\u{1F1F8}");
        assert_eq!(flag("C"), "");
        assert_eq!(flag("1A"), "");
    }

    #[test]
    fn preferred_countries_come_first_in_host_order() {
        let list = ordered(sample(), &["US", "CO"]);
        assert_eq!(isos(&list), ["US", "CO", "DE", "BR", "MX"]);
    }

    #[test]
    fn search_by_name_in_either_language_code_or_dial_code() {
        let list = sample();
        let found = |q: &str| {
            isos(
                &list
                    .iter()
                    .filter(|e| matches(e, q))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(found("colom"), ["CO"]);
        assert_eq!(found("germ"), ["DE"]);
        assert_eq!(found("alem"), ["DE"]);
        assert_eq!(found("57"), ["CO"]);
        assert_eq!(found("+5"), ["BR", "CO", "MX"]);
        assert_eq!(found("mx"), ["MX"]);
        assert_eq!(found("  "), ["DE", "BR", "CO", "US", "MX"]);
        assert!(found("zzz").is_empty());
        assert_eq!(found("+").len(), 5);
    }
}
