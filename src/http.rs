//! The widget's requests: one [`send`] for every call to the API (bearer token, JSON body,
//! timeout, cancellation, redirects never followed) and one for the host's token endpoint, run
//! through `fetch` by `http.js`, and the browser's `JSON.parse` as the answer parser (no JSON
//! parser in the wasm).

use js_sys::{Array, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::api::{parse_retry_after, ApiError, JsonValue, REQUEST_TIMEOUT_MS};
use crate::token::Token;

#[wasm_bindgen(module = "/src/http.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn send_js(
        url: &str,
        method: &str,
        body: Option<&str>,
        bearer: Option<&str>,
        timeout_ms: i32,
        cancel: &AbortSignal,
    ) -> Promise;
}

/// `JSON.parse`'s result. `Reflect::get` reads members of objects and arrays alike, so only
/// objects count as having members.
impl JsonValue for JsValue {
    fn member(&self, key: &str) -> Option<Self> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
}

/// Parses `text` with the browser's `JSON.parse`; `None` for text that is not JSON.
pub fn parse_json(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// Reads the text of a 2xx answer; `None` unless it is JSON with a non-empty string at
/// `data.appRegistration._id` (anything else is `invalid_response`). What a registration's
/// answer goes through (`submit`), with the browser's `JSON.parse`, for the component tests.
pub fn parse_registration(text: &str) -> Option<crate::api::Registration> {
    crate::api::classify_answer(200, text, parse_json).ok()
}

/// An answer, read whole.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// `Retry-After` in seconds, when the answer carried one.
    pub retry_after: Option<u32>,
    /// The body.
    pub text: String,
    /// A redirect that was not followed (then there is no status or body to read).
    pub redirected: bool,
    /// A 2xx status.
    pub ok: bool,
}

/// Runs one request through `http.js`. `Err(true)`: aborted (timeout or `cancel`);
/// `Err(false)`: no answer.
async fn run(
    url: &str,
    method: &str,
    body: Option<&str>,
    bearer: Option<&str>,
    timeout_ms: i32,
    cancel: &AbortSignal,
) -> Result<Answer, bool> {
    let answer = JsFuture::from(send_js(url, method, body, bearer, timeout_ms, cancel))
        .await
        .map_err(|aborted| aborted.is_truthy())?;
    let part = |index| Reflect::get_u32(&answer, index).unwrap_or_default();
    Ok(Answer {
        status: part(0).as_f64().unwrap_or_default() as u16,
        retry_after: part(1).as_string().as_deref().and_then(parse_retry_after),
        text: part(2).as_string().unwrap_or_default(),
        redirected: part(3).is_truthy(),
        ok: part(4).is_truthy(),
    })
}

/// Sends one request to the API: `method` to `url` with the bearer `token` and a JSON `body`,
/// given up after [`REQUEST_TIMEOUT_MS`] (`timeout`) or when `cancel` fires (the form was
/// removed; the answer then does not matter). A redirect is never followed: it is reported as
/// `invalid_response` without a status.
pub async fn send(
    method: &str,
    url: &str,
    token: &Token,
    body: &str,
    cancel: &AbortSignal,
) -> Result<Answer, ApiError> {
    let bearer = crate::text::concat("Bearer ", token.expose());
    let answer = run(
        url,
        method,
        Some(body),
        Some(&bearer),
        REQUEST_TIMEOUT_MS,
        cancel,
    )
    .await
    .map_err(|aborted| {
        if aborted {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    })?;
    if answer.redirected {
        return Err(ApiError::InvalidResponse);
    }
    Ok(answer)
}

/// `POST`s to the host's token endpoint (with the page's own cookies: `same-origin`) and reads
/// the text of its answer; `None` for anything but a 2xx within `timeout_ms`, or when `cancel`
/// fires.
pub async fn post_for_text(url: &str, timeout_ms: i32, cancel: &AbortSignal) -> Option<String> {
    let answer = run(url, "POST", None, None, timeout_ms, cancel)
        .await
        .ok()?;
    answer.ok.then_some(answer.text)
}
