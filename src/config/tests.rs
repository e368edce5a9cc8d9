//! Tests of the parent module.

mod cases {
    use super::super::*;

    const P: &str = "5f8d0a24c6345c001fa9e2b3";
    const F: &str = "5f8d0a24c6345c001fa9e2b4";

    fn raw() -> RawConfig {
        RawConfig {
            project: Some(P.into()),
            project_flow: Some(F.into()),
            ..RawConfig::default()
        }
    }

    #[test]
    fn minimal_config_gets_documented_defaults() {
        let config = raw().parse().unwrap();
        assert_eq!(config.api_base, "https://api.verifik.co");
        assert_eq!(config.lang, None);
        assert!(!config.emit_token);
        assert!(config.token.is_none() && config.token_url.is_none());
    }

    #[test]
    fn missing_or_malformed_ids_name_the_attribute() {
        let mut r = raw();
        r.project_flow = None;
        assert_eq!(
            r.parse().unwrap_err().to_string(),
            "project-flow is missing"
        );
        r.project_flow = Some("  ".into());
        assert_eq!(r.parse(), Err(ConfigError::Missing("project-flow")));
        r.project_flow = Some("not-an-id".into());
        assert_eq!(r.parse(), Err(ConfigError::InvalidId("project-flow")));
        let mut r = raw();
        r.project = None;
        assert_eq!(r.parse(), Err(ConfigError::Missing("project")));
    }

    #[test]
    fn api_base_must_be_https_or_loopback_http() {
        for ok in [
            "https://api.verifik.co",
            "https://api.verifik.co/",
            "https://eu.example.com:8443/verifik",
            "http://localhost:8080",
            "http://127.0.0.1:39211",
            "HTTP://LOCALHOST",
        ] {
            assert!(parse_api_base(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            parse_api_base("https://api.verifik.co/").unwrap(),
            "https://api.verifik.co"
        );
        for bad in [
            "http://api.verifik.co",
            "javascript:alert(1)",
            "data:text/html,x",
            "//api.verifik.co",
            "https://user:pw@api.verifik.co",
            "https://api.verifik.co?x=1",
            "https://api.verifik.co#frag",
            "http://localhost.evil.com",
            "http://127.0.0.1.nip.io",
            "https://",
            "ftp://api.verifik.co",
        ] {
            assert_eq!(
                parse_api_base(bad),
                Err(ConfigError::InsecureApiBase),
                "{bad}"
            );
        }
    }

    #[test]
    fn token_attribute_is_wrapped_and_redacted_in_debug() {
        let mut r = raw();
        r.token = Some("secret-token-value".into());
        let config = r.parse().unwrap();
        assert!(!format!("{config:?}").contains("secret-token-value"));
        assert_eq!(config.token.unwrap().expose(), "secret-token-value");
    }

    #[test]
    fn fields_accept_either_order_and_refuse_unknown_names() {
        let mut r = raw();
        for (value, fields) in [
            ("email,phone", Fields::Both),
            (" phone , email ", Fields::Both),
            ("email", Fields::Email),
            ("PHONE", Fields::Phone),
        ] {
            r.fields = Some(value.into());
            assert_eq!(r.parse().unwrap().fields, fields, "{value}");
        }
        for bad in ["", "address", "email,fax"] {
            r.fields = Some(bad.into());
            assert_eq!(r.parse(), Err(ConfigError::InvalidFields), "{bad}");
        }
    }

    #[test]
    fn country_attributes_are_normalized_and_checked() {
        let mut r = raw();
        r.countries = Some("co, mx,BR,co".into());
        r.preferred_countries = Some("br,us".into());
        r.default_country = Some("mx".into());
        let config = r.parse().unwrap();
        assert_eq!(config.countries, Some(vec!["CO", "MX", "BR"]));
        // A preferred country the allow-list excludes is simply not shown.
        assert_eq!(config.preferred_countries, vec!["BR"]);
        assert_eq!(config.default_country, Some("MX"));

        r.default_country = Some("US".into());
        assert_eq!(
            r.parse().unwrap_err().to_string(),
            "default-country \"US\" is not in countries"
        );
        r.default_country = None;
        r.countries = Some("CO,<img src=x onerror=alert(1)>".into());
        let message = r.parse().unwrap_err().to_string();
        assert!(message.starts_with("countries: \"<img src"), "{message}");
        assert!(
            message.len() < 60,
            "a hostile value is not echoed whole: {message}"
        );
        r.countries = Some("ZZ".into());
        assert!(matches!(
            r.parse(),
            Err(ConfigError::UnknownCountry("countries", _))
        ));
        r.countries = Some("CO,".repeat(10_000));
        assert!(r.parse().is_err());
    }

    #[test]
    fn config_messages_are_localized_and_name_the_problem() {
        assert_eq!(
            ConfigError::Missing("project-flow").message(Lang::Es),
            "falta project-flow"
        );
        assert_eq!(
            ConfigError::UnknownCountry("default-country", "ZZ".into()).message(Lang::Pt),
            "default-country: \"ZZ\" não é um código de país conhecido"
        );
        assert_eq!(
            ConfigError::DefaultCountryNotAllowed("US".into()).message(Lang::Es),
            "default-country \"US\" no está en countries"
        );
    }

    /// The entry module's `mount()` options (`ATTRIBUTES` in verifik-onboarding.js) and the
    /// `Options` of index.d.ts name exactly the element's attributes.
    #[test]
    fn the_attribute_table_is_the_one_the_entry_module_and_the_types_use() {
        let entry = include_str!("../embed/verifik-onboarding.js");
        let types = include_str!("../embed/index.d.ts");
        let table = &entry[entry
            .find("const ATTRIBUTES = {")
            .expect("the options table")..];
        let table = &table[..table.find("};").expect("its end")];
        let mut options = Vec::new();
        for line in table.lines().skip(1) {
            let Some((option, rest)) = line.trim().split_once(": ['") else {
                continue;
            };
            let name = rest.split('\'').next().unwrap_or_default();
            options.push((option.to_owned(), name.to_owned()));
        }
        let mut named: Vec<&str> = options.iter().map(|(_, name)| name.as_str()).collect();
        named.sort_unstable();
        let mut attributes = ATTRIBUTES.to_vec();
        attributes.sort_unstable();
        assert_eq!(
            named, attributes,
            "mount() options of verifik-onboarding.js"
        );
        let interface = &types[types.find("export interface Options {").expect("Options")..];
        let interface = &interface[..interface.find("\n}").expect("its end")];
        for (option, _) in &options {
            assert!(
                interface.contains(&format!("  {option}?:"))
                    || interface.contains(&format!("  {option}:")),
                "index.d.ts Options lacks {option}"
            );
        }
    }

    #[test]
    fn verify_reads_the_channels_and_refuses_others() {
        assert_eq!(
            Channels::parse(" Phone , email"),
            Some(Channels {
                email: true,
                phone: true
            })
        );
        assert_eq!(Channels::parse("email").map(|c| c.phone), Some(false));
        assert_eq!(Channels::parse(""), Some(Channels::default()));
        assert_eq!(Channels::parse("email,sms"), None);
    }

    #[test]
    fn lang_attribute_accepts_regions_and_refuses_unknown() {
        let mut r = raw();
        r.lang = Some("pt-BR".into());
        assert_eq!(r.parse().unwrap().lang, Some(Lang::Pt));
        r.lang = Some(" ".into());
        assert_eq!(r.parse().unwrap().lang, None);
        r.lang = Some("klingon".into());
        assert_eq!(
            r.parse(),
            Err(ConfigError::UnknownLanguage("klingon".into()))
        );
        assert_eq!(
            ConfigError::UnknownLanguage("fr".into()).to_string(),
            "lang: \"fr\" is not a supported language (en, es, pt)"
        );
    }

    #[test]
    fn megabyte_attributes_are_refused_by_name() {
        let huge = "a".repeat(1 << 20);
        let mut r = raw();
        r.api_base = Some(format!("https://{huge}"));
        assert_eq!(r.parse(), Err(ConfigError::TooLong("api-base")));
        let mut r = raw();
        r.token = Some(huge.clone());
        assert_eq!(r.parse().unwrap_err().to_string(), "token is too long");
        let mut r = raw();
        r.lang = Some(huge.clone());
        assert_eq!(r.parse(), Err(ConfigError::TooLong("lang")));
        let mut r = raw();
        r.project = Some(huge);
        assert_eq!(r.parse(), Err(ConfigError::TooLong("project")));
    }

    #[test]
    fn token_url_is_a_path_or_an_http_url() {
        let mut r = raw();
        for ok in [
            "/api/verifik-token",
            "token",
            "./t?x=1:2",
            "https://auth.example.com/t",
            "HTTP://localhost:3000/t",
        ] {
            r.token_url = Some(ok.into());
            assert_eq!(r.parse().unwrap().token_url.as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:application/json,{\"token\":\"x\"}",
            "blob:https://x/1",
            "/t\n/x",
        ] {
            r.token_url = Some(bad.into());
            assert_eq!(r.parse(), Err(ConfigError::InvalidTokenUrl), "{bad}");
        }
    }
}

// Native only: `proptest` does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::super::*;
    use proptest::prelude::*;

    /// An attribute value: absent, anything, markup, or something close to valid.
    fn value(valid: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            any::<String>().prop_map(Some),
            "\\PC{0,40}".prop_map(Some),
            Just(Some("<img src=x onerror=alert(1)>".to_owned())),
            proptest::sample::select(valid).prop_map(|v| Some(v.to_owned())),
        ]
    }

    fn raw_config() -> impl Strategy<Value = RawConfig> {
        const IDS: &[&str] = &[
            "5f8d0a24c6345c001fa9e2b3",
            "5F8D0A24C6345C001FA9E2B4",
            " 5f8d0a24c6345c001fa9e2b3 ",
        ];
        const BASES: &[&str] = &[
            "https://api.verifik.co/",
            "http://127.0.0.1:8080",
            "http://example.com",
            "javascript:alert(1)",
            "data:,x",
            "",
        ];
        const URLS: &[&str] = &[
            "/demo/token",
            "javascript:alert(1)",
            "https://a.example/t",
            "",
        ];
        const LANGS: &[&str] = &["es", "pt-BR", "xx", ""];
        const FIELDS: &[&str] = &["email,phone", "phone", "fax", ""];
        const COUNTRIES: &[&str] = &["co,mx", "CO", "ZZ", "co,,br, ", "US,XK"];
        const THEMES: &[&str] = &["dark", "auto", "neon"];
        (
            (
                value(IDS),
                value(IDS),
                value(BASES),
                value(URLS),
                value(URLS),
                value(LANGS),
            ),
            (
                any::<bool>(),
                value(FIELDS),
                value(COUNTRIES),
                value(COUNTRIES),
                value(COUNTRIES),
                value(THEMES),
            ),
        )
            .prop_map(
                |(
                    (project, project_flow, api_base, token, token_url, lang),
                    (emit_token, fields, default_country, preferred_countries, countries, theme),
                )| RawConfig {
                    project,
                    project_flow,
                    api_base,
                    token,
                    token_url,
                    lang,
                    emit_token,
                    fields,
                    default_country,
                    preferred_countries,
                    countries,
                    theme,
                    verify: None,
                },
            )
    }

    proptest! {
        #![proptest_config(crate::proptest_config())]

        /// Whatever the host writes: a usable configuration that keeps every promise, or an
        /// error whose message is short and does not echo the value whole.
        #[test]
        fn any_attributes_parse_to_a_safe_config_or_a_short_error(raw in raw_config()) {
            match raw.parse() {
                Ok(config) => {
                    prop_assert!(is_object_id(&config.project) && is_object_id(&config.project_flow));
                    prop_assert_eq!(parse_api_base(&config.api_base), Ok(config.api_base.clone()));
                    if let Some(url) = &config.token_url {
                        prop_assert_eq!(parse_token_url(url), Ok(url.clone()));
                    }
                    let listed = |iso: &str| crate::countries::by_iso(iso).is_some_and(|r| r.iso() == iso);
                    if let Some(list) = &config.countries {
                        prop_assert!(list.iter().all(|iso| listed(iso)));
                        prop_assert!(config.default_country.is_none_or(|d| list.contains(&d)));
                        prop_assert!(config.preferred_countries.iter().all(|p| list.contains(p)));
                    }
                    prop_assert!(config.default_country.is_none_or(listed));
                }
                Err(error) => prop_assert!(error.to_string().chars().count() < 100, "{}", error),
            }
        }

        /// `api-base` never lets a token leave encrypted transport for a public host.
        #[test]
        fn accepted_api_bases_are_https_or_loopback(raw in "\\PC{0,40}", scheme in prop_oneof![Just("https://"), Just("http://"), Just("")]) {
            if let Ok(base) = parse_api_base(&format!("{scheme}{raw}")) {
                let lower = base.to_ascii_lowercase();
                let host = lower.split_once("://").map(|(_, rest)| rest.split(['/', ':']).next().unwrap_or_default());
                prop_assert!(
                    lower.starts_with("https://") || matches!(host, Some("localhost" | "127.0.0.1")),
                    "{}", base
                );
            }
        }
    }
}
