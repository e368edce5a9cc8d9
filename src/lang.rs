//! The languages the widget speaks. A leaf: every other module may use it, it uses none.

/// A UI language. It is also the `language` sent to the API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the fallback).
    #[default]
    En = 0,
    /// Spanish.
    Es = 1,
    /// Portuguese.
    Pt = 2,
}

/// Primary tags, own names, in [`Lang::ALL`]'s order.
const CODES: [&str; 3] = ["en", "es", "pt"];
const NATIVE_NAMES: [&str; 3] = ["English", "Español", "Português"];

impl Lang {
    /// Every supported language, in the order the language selector lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Pt];

    /// The BCP 47 primary tag (`en`, `es`, `pt`), as used in the `lang` attribute and the API.
    pub fn code(self) -> &'static str {
        CODES[self as usize]
    }

    /// The language's own name, as the language selector shows it.
    pub fn native_name(self) -> &'static str {
        NATIVE_NAMES[self as usize]
    }

    /// Parses a language tag such as `es`, `pt-BR` or `EN_us`; `None` when unsupported.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let end = tag.bytes().position(|b| b == b'-' || b == b'_');
        let primary = tag.get(..end.unwrap_or(tag.len())).unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|lang| primary.eq_ignore_ascii_case(lang.code()))
    }

    /// The first supported entry of a preference list (e.g. `navigator.languages`), else English.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
        preferences
            .into_iter()
            .find_map(Lang::parse)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_with_regions_and_any_case() {
        assert_eq!(Lang::parse("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::parse(" ES_mx "), Some(Lang::Es));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("e"), None);
        assert_eq!(Lang::parse("eng"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn negotiation_takes_first_supported_preference() {
        assert_eq!(Lang::negotiate(["fr-FR", "pt-BR", "es"]), Lang::Pt);
        assert_eq!(Lang::negotiate(["de", "it"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
    }

    #[test]
    fn codes_and_names_follow_the_variants() {
        assert_eq!(
            Lang::ALL.map(Lang::code),
            ["en", "es", "pt"],
            "the API and the lang attribute read these"
        );
        assert_eq!(Lang::Es.native_name(), "Español");
    }
}
