//! Host configuration: what the `<verifik-onboarding>` attributes (or `mount()` options) say,
//! parsed and checked once, before anything is rendered or sent.

use crate::i18n::Lang;
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
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Missing(name) => write!(f, "{name} is missing"),
            ConfigError::InvalidId(name) => {
                write!(f, "{name} must be 24 hexadecimal characters")
            }
            ConfigError::InsecureApiBase => f.write_str(
                "api-base must be an https: origin (http: only for localhost or 127.0.0.1)",
            ),
        }
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

impl RawConfig {
    /// Checks the attributes. Tokens are not required here: the host may provide them later
    /// (a `tokenProvider` or `token` property), and asking for one happens at submit.
    pub fn parse(&self) -> Result<Config, ConfigError> {
        let project = required_id(&self.project, attr::PROJECT)?;
        let project_flow = required_id(&self.project_flow, attr::PROJECT_FLOW)?;
        let api_base = match self.api_base.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_API_BASE.to_owned(),
            Some(raw) => parse_api_base(raw)?,
        };
        let token_url = self
            .token_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned);
        Ok(Config {
            project,
            project_flow,
            api_base,
            token: self.token.as_deref().and_then(Token::new),
            token_url,
            lang: self.lang.as_deref().and_then(Lang::parse),
            emit_token: self.emit_token,
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
    fn lang_attribute_accepts_regions_and_ignores_unknown() {
        let mut r = raw();
        r.lang = Some("pt-BR".into());
        assert_eq!(r.parse().unwrap().lang, Some(Lang::Pt));
        r.lang = Some("klingon".into());
        assert_eq!(r.parse().unwrap().lang, None);
    }
}
