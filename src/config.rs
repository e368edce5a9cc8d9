//! Host configuration: what the `<verifik-onboarding>` attributes (or `mount()` options) say,
//! parsed and checked once, before anything is rendered or sent.

use crate::i18n::{fill, t, Msg};
use crate::lang::Lang;
use crate::token::Token;

/// Where the widget posts when the host names no `api-base`.
pub const DEFAULT_API_BASE: &str = "https://api.verifik.co";

/// Attribute names of the custom element, as in the public contract.
pub mod attr {
    #![allow(missing_docs)]
    pub const PROJECT: &str = "project";
    pub const PROJECT_FLOW: &str = "project-flow";
    pub const API_BASE: &str = "api-base";
    pub const TOKEN: &str = "token";
    pub const TOKEN_URL: &str = "token-url";
    pub const LANG: &str = "lang";
    pub const EMIT_TOKEN: &str = "emit-token";
    pub const FIELDS: &str = "fields";
    pub const DEFAULT_COUNTRY: &str = "default-country";
    pub const PREFERRED_COUNTRIES: &str = "preferred-countries";
    pub const COUNTRIES: &str = "countries";
    pub const THEME: &str = "theme";
    pub const VERIFY: &str = "verify";
}

/// Every attribute of `<verifik-onboarding>`, in one table: the element observes these, the
/// configuration reads them ([`RawConfig::read`]), and tests check that the entry module's
/// `mount()` options and `index.d.ts` name the same ones.
pub const ATTRIBUTES: [&str; 13] = [
    attr::PROJECT,
    attr::PROJECT_FLOW,
    attr::API_BASE,
    attr::TOKEN,
    attr::TOKEN_URL,
    attr::LANG,
    attr::EMIT_TOKEN,
    attr::FIELDS,
    attr::DEFAULT_COUNTRY,
    attr::PREFERRED_COUNTRIES,
    attr::COUNTRIES,
    attr::THEME,
    attr::VERIFY,
];

/// Which inputs the form shows (`fields`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fields {
    /// E-mail and phone; at least one of them is required. The default.
    #[default]
    Both,
    /// E-mail only, required.
    Email,
    /// Phone only, required.
    Phone,
}

impl Fields {
    /// Whether the e-mail input is shown.
    pub fn email(self) -> bool {
        self != Fields::Phone
    }

    /// Whether the phone input is shown.
    pub fn phone(self) -> bool {
        self != Fields::Email
    }

    fn parse(raw: &str) -> Option<Fields> {
        let mut email = false;
        let mut phone = false;
        for part in raw.split(',').map(str::trim) {
            match part.to_ascii_lowercase().as_str() {
                "email" => email = true,
                "phone" => phone = true,
                "" => {}
                _ => return None,
            }
        }
        match (email, phone) {
            (true, true) => Some(Fields::Both),
            (true, false) => Some(Fields::Email),
            (false, true) => Some(Fields::Phone),
            (false, false) => None,
        }
    }
}

/// What a code verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// The e-mail address.
    Email,
    /// The phone number.
    Phone,
}

impl Channel {
    /// The contract's `channel` value.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
        }
    }
}

/// The channels the host asked to verify (`verify`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Channels {
    /// Verify the e-mail address.
    pub email: bool,
    /// Verify the phone number.
    pub phone: bool,
}

impl Channels {
    /// Reads `verify`: `email`, `phone` or both, comma-separated in any order and case; blank
    /// is none. `None` for anything else.
    pub fn parse(raw: &str) -> Option<Channels> {
        let mut channels = Channels::default();
        for part in raw.split(',').map(str::trim) {
            if part.eq_ignore_ascii_case("email") {
                channels.email = true;
            } else if part.eq_ignore_ascii_case("phone") {
                channels.phone = true;
            } else if !part.is_empty() {
                return None;
            }
        }
        Some(channels)
    }

    /// Whether `channel` is asked for.
    pub fn has(self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email,
            Channel::Phone => self.phone,
        }
    }
}

/// The raw attribute values as the host wrote them (`None` = attribute absent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawConfig {
    /// `project`.
    pub project: Option<String>,
    /// `project-flow`.
    pub project_flow: Option<String>,
    /// `api-base`.
    pub api_base: Option<String>,
    /// `token` (the attribute; a token set as a property is passed separately).
    pub token: Option<String>,
    /// `token-url`.
    pub token_url: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `emit-token` (boolean attribute: present or not).
    pub emit_token: bool,
    /// `fields`.
    pub fields: Option<String>,
    /// `default-country`.
    pub default_country: Option<String>,
    /// `preferred-countries`.
    pub preferred_countries: Option<String>,
    /// `countries`.
    pub countries: Option<String>,
    /// `theme`: styled by the stylesheet alone (`light`, `dark`, `auto`; anything else is
    /// light), read here only to refuse an absurd length like every other attribute.
    pub theme: Option<String>,
    /// `verify`.
    pub verify: Option<String>,
}

impl RawConfig {
    /// Reads every attribute of [`ATTRIBUTES`] through `get` (`None`: absent).
    pub fn read(mut get: impl FnMut(&str) -> Option<String>) -> RawConfig {
        RawConfig {
            project: get(attr::PROJECT),
            project_flow: get(attr::PROJECT_FLOW),
            api_base: get(attr::API_BASE),
            token: get(attr::TOKEN),
            token_url: get(attr::TOKEN_URL),
            lang: get(attr::LANG),
            emit_token: get(attr::EMIT_TOKEN).is_some(),
            fields: get(attr::FIELDS),
            default_country: get(attr::DEFAULT_COUNTRY),
            preferred_countries: get(attr::PREFERRED_COUNTRIES),
            countries: get(attr::COUNTRIES),
            theme: get(attr::THEME),
            verify: get(attr::VERIFY),
        }
    }
}

/// A checked, usable configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Verifik project id (24 hex digits).
    pub project: String,
    /// Verifik project flow id (24 hex digits).
    pub project_flow: String,
    /// API origin without a trailing slash. Default [`DEFAULT_API_BASE`].
    pub api_base: String,
    /// A token given directly by the host. Default none.
    pub token: Option<Token>,
    /// The host backend's token endpoint. Default none.
    pub token_url: Option<String>,
    /// The language the host asked for; `None` lets the browser's preferences decide.
    pub lang: Option<Lang>,
    /// Whether `verifik:registered` carries the registration token. Default `false`.
    pub emit_token: bool,
    /// Which inputs are shown. Default both.
    pub fields: Fields,
    /// ISO code preselected in the country picker. Default: the browser locale's region, if
    /// the host allows it.
    pub default_country: Option<&'static str>,
    /// ISO codes listed first in the picker, in the host's order. Default none.
    pub preferred_countries: Vec<&'static str>,
    /// The allow-list of ISO codes; `None` is every region. Default all.
    pub countries: Option<Vec<&'static str>>,
    /// What a registration goes on to verify with one-time codes. Default nothing.
    pub verify: Channels,
}

/// Why a configuration is unusable. The message names the attribute, for the host developer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// A required attribute is absent or blank.
    Missing(&'static str),
    /// An id attribute is not 24 hexadecimal digits.
    InvalidId(&'static str),
    /// `api-base` is not `https:` (or plain-HTTP loopback).
    InsecureApiBase,
    /// `fields` is not `email,phone`, `email` or `phone`.
    InvalidFields,
    /// A country attribute names a code that is not a libphonenumber region.
    UnknownCountry(&'static str, String),
    /// `default-country` is outside the `countries` allow-list.
    DefaultCountryNotAllowed(String),
    /// An attribute is longer than any sensible value ([`MAX_ATTRIBUTE_LEN`]).
    TooLong(&'static str),
    /// `token-url` names a scheme other than `https:` or `http:`, or holds control characters.
    InvalidTokenUrl,
    /// `lang` names a language the widget does not speak.
    UnknownLanguage(String),
    /// `verify` is not `email`, `phone` or both.
    InvalidVerify,
}

impl ConfigError {
    /// What is wrong, for the person and the host's developer alike: attribute names and
    /// values stay as written, the sentence around them is in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let (msg, name, value) = match self {
            ConfigError::Missing(name) => (Msg::ProblemMissing, *name, ""),
            ConfigError::InvalidId(name) => (Msg::ProblemInvalidId, *name, ""),
            ConfigError::InsecureApiBase => (Msg::ProblemInsecureApiBase, "", ""),
            ConfigError::InvalidFields => (Msg::ProblemInvalidFields, "", ""),
            ConfigError::UnknownCountry(name, code) => (Msg::ProblemUnknownCountry, *name, &**code),
            ConfigError::DefaultCountryNotAllowed(code) => {
                (Msg::ProblemDefaultCountryNotAllowed, "", &**code)
            }
            ConfigError::TooLong(name) => (Msg::ProblemTooLong, *name, ""),
            ConfigError::InvalidTokenUrl => (Msg::ProblemInvalidTokenUrl, "", ""),
            ConfigError::UnknownLanguage(tag) => (Msg::ProblemUnknownLanguage, "", &**tag),
            ConfigError::InvalidVerify => (Msg::ProblemInvalidVerify, "", ""),
        };
        fill(t(lang, msg), &[name, value])
    }
}

/// In English, for developers (see [`ConfigError::message`] for the other languages).
impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn required_id(value: &Option<String>, name: &'static str) -> Result<String, ConfigError> {
    let value = value.as_deref().map(str::trim).unwrap_or_default();
    if value.is_empty() {
        Err(ConfigError::Missing(name))
    } else if !is_object_id(value) {
        Err(ConfigError::InvalidId(name))
    } else {
        Ok(value.to_owned())
    }
}

/// Checks an `api-base` value and returns it without a trailing slash.
///
/// Only `https://host[:port][/path]` passes, or `http://localhost[:port]` and
/// `http://127.0.0.1[:port]` for local development. Credentials, queries, fragments and
/// anything that is not a plain host name are refused, so the bearer token can only travel
/// encrypted, or stay on the person's own machine.
pub fn parse_api_base(raw: &str) -> Result<String, ConfigError> {
    let raw = raw.trim().trim_end_matches('/');
    let lower = raw.to_ascii_lowercase();
    let (rest, secure) = if let Some(rest) = lower.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(ConfigError::InsecureApiBase);
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !host.starts_with(['.', '-']);
    let port_ok = port.is_empty() || (port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()));
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b));
    let loopback = host == "localhost" || host == "127.0.0.1";
    if host_ok && port_ok && path_ok && (secure || loopback) {
        Ok(raw.to_owned())
    } else {
        Err(ConfigError::InsecureApiBase)
    }
}

/// Longest attribute value read at all: a token (the longest legitimate value) fits in 8 KB.
pub const MAX_ATTRIBUTE_LEN: usize = crate::token::MAX_TOKEN_LEN;

/// Checks a `token-url`: a relative URL, or an absolute one with an `http(s):` scheme. The
/// widget `POST`s to it, so a `javascript:` or `data:` URL is a mistake (or an attack).
fn parse_token_url(raw: &str) -> Result<String, ConfigError> {
    if raw.chars().any(char::is_control) {
        return Err(ConfigError::InvalidTokenUrl);
    }
    // A scheme is what precedes the first ':' when no '/', '?' or '#' comes before it.
    let before = raw.split(['/', '?', '#']).next().unwrap_or_default();
    if let Some((scheme, _)) = before.split_once(':') {
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(ConfigError::InvalidTokenUrl);
        }
    }
    Ok(raw.to_owned())
}

/// Longest country list worth reading: there are 245 regions, so anything longer is hostile.
const MAX_COUNTRY_LIST_LEN: usize = 245 * 4;

/// Shows at most a few characters of a host's value in an error message.
fn excerpt(code: &str) -> String {
    code.chars().take(8).collect()
}

fn country(name: &'static str, code: &str) -> Result<&'static str, ConfigError> {
    crate::countries::by_iso(code)
        .map(|region| region.iso())
        .ok_or_else(|| ConfigError::UnknownCountry(name, excerpt(code.trim())))
}

fn country_list(name: &'static str, raw: &str) -> Result<Vec<&'static str>, ConfigError> {
    if raw.len() > MAX_COUNTRY_LIST_LEN {
        return Err(ConfigError::UnknownCountry(name, excerpt(raw)));
    }
    let mut codes = Vec::new();
    for code in raw.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let iso = country(name, code)?;
        if !codes.contains(&iso) {
            codes.push(iso);
        }
    }
    Ok(codes)
}

impl RawConfig {
    /// Checks the attributes. Tokens are not required here: the host may provide them later
    /// (a `tokenProvider` or `token` property), and asking for one happens at submit.
    pub fn parse(&self) -> Result<Config, ConfigError> {
        for (name, value) in [
            (attr::PROJECT, &self.project),
            (attr::PROJECT_FLOW, &self.project_flow),
            (attr::API_BASE, &self.api_base),
            (attr::TOKEN, &self.token),
            (attr::TOKEN_URL, &self.token_url),
            (attr::LANG, &self.lang),
            (attr::FIELDS, &self.fields),
            (attr::DEFAULT_COUNTRY, &self.default_country),
            (attr::PREFERRED_COUNTRIES, &self.preferred_countries),
            (attr::COUNTRIES, &self.countries),
            (attr::THEME, &self.theme),
            (attr::VERIFY, &self.verify),
        ] {
            if value.as_ref().is_some_and(|v| v.len() > MAX_ATTRIBUTE_LEN) {
                return Err(ConfigError::TooLong(name));
            }
        }
        let project = required_id(&self.project, attr::PROJECT)?;
        let project_flow = required_id(&self.project_flow, attr::PROJECT_FLOW)?;
        let api_base = match self.api_base.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_API_BASE.to_owned(),
            Some(raw) => parse_api_base(raw)?,
        };
        let token_url = match self.token_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(parse_token_url(raw)?),
        };
        let fields = match self.fields.as_deref() {
            None => Fields::Both,
            Some(raw) => Fields::parse(raw).ok_or(ConfigError::InvalidFields)?,
        };
        let countries = match self.countries.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(country_list(attr::COUNTRIES, raw)?),
        };
        let allowed = |iso: &&'static str| countries.as_ref().is_none_or(|list| list.contains(iso));
        let preferred_countries = match self.preferred_countries.as_deref() {
            None => Vec::new(),
            Some(raw) => country_list(attr::PREFERRED_COUNTRIES, raw)?
                .into_iter()
                .filter(allowed)
                .collect(),
        };
        let default_country = match self.default_country.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => {
                let iso = country(attr::DEFAULT_COUNTRY, raw)?;
                if !allowed(&iso) {
                    return Err(ConfigError::DefaultCountryNotAllowed(iso.to_owned()));
                }
                Some(iso)
            }
        };
        Ok(Config {
            project,
            project_flow,
            api_base,
            token: self.token.as_deref().and_then(Token::new),
            token_url,
            lang: match self.lang.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(tag) => Some(
                    Lang::parse(tag).ok_or_else(|| ConfigError::UnknownLanguage(excerpt(tag)))?,
                ),
            },
            emit_token: self.emit_token,
            fields,
            default_country,
            preferred_countries,
            countries,
            verify: match self.verify.as_deref() {
                None => Channels::default(),
                Some(raw) => Channels::parse(raw).ok_or(ConfigError::InvalidVerify)?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let entry = include_str!("embed/verifik-onboarding.js");
        let types = include_str!("embed/index.d.ts");
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
    use super::*;
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
