//! Where a bearer token comes from, in the browser: the element's `tokenProvider` function,
//! then the host's `token-url`, then a token set directly (the contract's priority order). Each
//! failure is one [`TokenUnavailable`], never a panic: all of it is the host's input.

use crate::token::{Token, TokenUnavailable, TOKEN_TIMEOUT_MS};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// Name of the element property through which a host hands over a token function.
pub const PROVIDER_PROPERTY: &str = "tokenProvider";

#[wasm_bindgen(module = "/src/http.js")]
extern "C" {
    /// The provider's answer, or `undefined` once `timeout_ms` have passed.
    fn provide(provider: &Function, timeout_ms: i32) -> Promise;
}

async fn from_provider(provider: &Function) -> Result<Token, TokenUnavailable> {
    // A provider may throw, return a non-promise, resolve to anything or never settle: all
    // of it is the host's input and ends as `token_unavailable`, never as a panic.
    JsFuture::from(provide(provider, TOKEN_TIMEOUT_MS))
        .await
        .ok()
        .and_then(|token| token.as_string())
        .as_deref()
        .and_then(Token::new)
        .ok_or(TokenUnavailable)
}

async fn from_url(url: &str, cancel: &AbortSignal) -> Result<Token, TokenUnavailable> {
    let text = crate::http::post_for_text(url, TOKEN_TIMEOUT_MS, cancel)
        .await
        .ok_or(TokenUnavailable)?;
    let body = crate::http::parse_json(&text).ok_or(TokenUnavailable)?;
    Reflect::get(&body, &JsValue::from_str("token"))
        .ok()
        .and_then(|t| t.as_string())
        .as_deref()
        .and_then(Token::new)
        .ok_or(TokenUnavailable)
}

/// A token and whether asking again could give a different one.
pub struct Obtained {
    /// The token.
    pub token: Token,
    /// `true` for a provider or a token URL, `false` for a token set directly.
    pub refreshable: bool,
}

/// Gets a token from the host, in the contract's priority order: the element's
/// `tokenProvider` function, then `token-url`, then a token set directly. `cancel` aborts
/// a token-url request.
pub async fn obtain(
    host: &web_sys::HtmlElement,
    token_url: Option<&str>,
    direct: Option<Token>,
    cancel: &AbortSignal,
) -> Result<Obtained, TokenUnavailable> {
    let provider = Reflect::get(host, &JsValue::from_str(PROVIDER_PROPERTY))
        .ok()
        .and_then(|p| p.dyn_into::<Function>().ok());
    let token = if let Some(provider) = provider {
        from_provider(&provider).await?
    } else if let Some(url) = token_url {
        from_url(url, cancel).await?
    } else {
        let token = direct.ok_or(TokenUnavailable)?;
        return Ok(Obtained {
            token,
            refreshable: false,
        });
    };
    Ok(Obtained {
        token,
        refreshable: true,
    })
}
