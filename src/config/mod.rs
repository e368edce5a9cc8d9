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
        for part in crate::text::split(raw, b',').map(str::trim) {
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
        for part in crate::text::split(raw, b',').map(str::trim) {
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
    let raw = crate::text::trim_end(raw.trim(), b'/');
    let lower = raw.to_ascii_lowercase();
    let (rest, secure) = if let Some(rest) = lower.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(ConfigError::InsecureApiBase);
    };
    let (authority, path) = crate::text::split_once(rest, b'/').unwrap_or((rest, ""));
    let (host, port) = crate::text::split_once(authority, b':').unwrap_or((authority, ""));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !matches!(host.bytes().next(), Some(b'.' | b'-'));
    let port_ok = port.is_empty() || (port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()));
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~'));
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
    let end = raw.bytes().position(|b| matches!(b, b'/' | b'?' | b'#'));
    let before = raw.get(..end.unwrap_or(raw.len())).unwrap_or_default();
    if let Some((scheme, _)) = crate::text::split_once(before, b':') {
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
    for code in crate::text::split(raw, b',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
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
mod tests;
