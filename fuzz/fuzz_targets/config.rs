//! The host configuration parser on any attribute values (input: one attribute per line, in
//! the order of `RawConfig`'s fields; a line `-` is an absent attribute; the first byte of the
//! input decides `emit-token`): no panic; a usable configuration keeps every promise, and an
//! error message stays short.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verifik_onboarding::config::{parse_api_base, RawConfig};
use verifik_onboarding::countries;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let mut next = || match lines.next() {
        None | Some("-") => None,
        Some(line) => Some(line.to_owned()),
    };
    let raw = RawConfig {
        emit_token: data.first().is_some_and(|b| b & 1 == 1),
        project: next(),
        project_flow: next(),
        api_base: next(),
        token: next(),
        token_url: next(),
        lang: next(),
        fields: next(),
        default_country: next(),
        preferred_countries: next(),
        countries: next(),
        theme: next(),
        verify: next(),
    };
    match raw.parse() {
        Ok(config) => {
            let id = |s: &str| s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit());
            assert!(
                id(&config.project) && id(&config.project_flow),
                "{config:?}"
            );
            assert_eq!(
                parse_api_base(&config.api_base),
                Ok(config.api_base.clone())
            );
            let lower = config.api_base.to_ascii_lowercase();
            assert!(
                lower.starts_with("https://")
                    || lower == "http://localhost"
                    || lower == "http://127.0.0.1"
                    || lower.starts_with("http://localhost:")
                    || lower.starts_with("http://localhost/")
                    || lower.starts_with("http://127.0.0.1:")
                    || lower.starts_with("http://127.0.0.1/"),
                "{config:?}"
            );
            if let Some(url) = &config.token_url {
                let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
                assert!(
                    !matches!(
                        scheme.as_deref(),
                        Some("javascript" | "data" | "blob" | "file")
                    ),
                    "{url:?}"
                );
            }
            let listed = |iso: &str| countries::by_iso(iso).is_some_and(|r| r.iso() == iso);
            if let Some(list) = &config.countries {
                assert!(list.iter().all(|iso| listed(iso)));
                assert!(config.default_country.is_none_or(|d| list.contains(&d)));
                assert!(config.preferred_countries.iter().all(|p| list.contains(p)));
            }
            assert!(config.default_country.is_none_or(listed));
        }
        Err(error) => assert!(error.to_string().chars().count() < 100, "{error}"),
    }
});
