//! Where a bearer token comes from.
//!
//! The token is a secret of the host's session: it goes only into the `Authorization` header
//! of the registration request. [`Token`] prints `***` so that no `Debug`, log or error text
//! can carry it by accident.

use std::fmt;

/// A short-lived bearer token handed over by the host. Its text is reachable only through
/// [`Token::expose`], which the request builder alone calls.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token; blank input (after trimming) is no token at all.
    pub fn new(raw: &str) -> Option<Token> {
        let raw = raw.trim();
        // A bearer token is a single header-safe word: anything else would make an invalid
        // header or smuggle a second one.
        let header_safe = raw.bytes().all(|b| b.is_ascii_graphic());
        (!raw.is_empty() && header_safe).then(|| Token(raw.to_owned()))
    }

    /// The raw text, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = Token::new("eyJhbGciOiJIUzI1NiJ9.secret.sig").unwrap();
        assert_eq!(format!("{token:?}"), "***");
        assert_eq!(format!("{token}"), "***");
        assert_eq!(format!("{:?}", Some(token.clone())), "Some(***)");
        assert_eq!(token.expose(), "eyJhbGciOiJIUzI1NiJ9.secret.sig");
    }

    #[test]
    fn blank_or_header_breaking_input_is_no_token() {
        assert_eq!(Token::new("  "), None);
        assert_eq!(Token::new("abc\r\nX-Evil: 1"), None);
        assert_eq!(Token::new("two words"), None);
        assert!(Token::new(" abc.def ").is_some_and(|t| t.expose() == "abc.def"));
    }
}

#[cfg(target_arch = "wasm32")]
pub use fetch::obtain;

#[cfg(target_arch = "wasm32")]
mod fetch {
    use super::Token;
    use crate::api::ApiError;
    use gloo_net::http::Request;
    use js_sys::{Function, Promise, Reflect, JSON};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::RequestCredentials;

    /// Name of the element property through which a host hands over a token function.
    pub const PROVIDER_PROPERTY: &str = "tokenProvider";

    async fn from_provider(provider: &Function) -> Result<Token, ApiError> {
        // A provider may throw, return a non-promise, or resolve to anything: all of it is
        // the host's input and ends as `token_unavailable`, never as a panic.
        let returned = provider
            .call0(&JsValue::NULL)
            .map_err(|_| ApiError::TokenUnavailable)?;
        let resolved = JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(|_| ApiError::TokenUnavailable)?;
        resolved
            .as_string()
            .as_deref()
            .and_then(Token::new)
            .ok_or(ApiError::TokenUnavailable)
    }

    async fn from_url(url: &str) -> Result<Token, ApiError> {
        let response = Request::post(url)
            .credentials(RequestCredentials::SameOrigin)
            .send()
            .await
            .map_err(|_| ApiError::TokenUnavailable)?;
        if !response.ok() {
            return Err(ApiError::TokenUnavailable);
        }
        let text = response
            .text()
            .await
            .map_err(|_| ApiError::TokenUnavailable)?;
        let body = JSON::parse(&text).map_err(|_| ApiError::TokenUnavailable)?;
        Reflect::get(&body, &JsValue::from_str("token"))
            .ok()
            .and_then(|t| t.as_string())
            .as_deref()
            .and_then(Token::new)
            .ok_or(ApiError::TokenUnavailable)
    }

    /// Gets a token from the host, in the contract's priority order: the element's
    /// `tokenProvider` function, then `token-url`, then a token set directly.
    pub async fn obtain(
        host: &web_sys::HtmlElement,
        token_url: Option<&str>,
        direct: Option<Token>,
    ) -> Result<Token, ApiError> {
        let provider = Reflect::get(host, &JsValue::from_str(PROVIDER_PROPERTY))
            .ok()
            .and_then(|p| p.dyn_into::<Function>().ok());
        if let Some(provider) = provider {
            return from_provider(&provider).await;
        }
        if let Some(url) = token_url {
            return from_url(url).await;
        }
        direct.ok_or(ApiError::TokenUnavailable)
    }
}
