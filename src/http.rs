//! The widget's requests, through the browser's `fetch`: one [`send`] for every call to the
//! API (bearer token, JSON body, timeout, cancellation, redirects never followed), the
//! registration built on it, and the browser's `JSON.parse` as the answer parser (no JSON
//! parser in the wasm).

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, RequestRedirect, Response};

use crate::api::{
    classify_answer, parse_retry_after, ApiError, Failure, JsonValue, Registration,
    RegistrationRequest, REGISTRATIONS_PATH, REQUEST_TIMEOUT_MS,
};
use crate::browser::{CancelGuard, TimeoutGuard};
use crate::token::Token;

/// `JSON.parse`'s result. `Reflect::get` reads members of objects and arrays alike, so only
/// objects count as having members.
impl JsonValue for JsValue {
    fn member(&self, key: &str) -> Option<Self> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }
}

/// Parses `text` with the browser's `JSON.parse`; `None` for text that is not JSON.
pub fn parse_json(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// Reads the text of a 2xx answer; `None` unless it is JSON with a non-empty string at
/// `data.appRegistration._id` (anything else is `invalid_response`).
pub fn parse_registration(text: &str) -> Option<Registration> {
    classify_answer(200, text, parse_json).ok()
}

/// An answer of the API, read whole.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// `Retry-After` in seconds, when the answer carried one.
    pub retry_after: Option<u32>,
    /// The body.
    pub text: String,
}

/// A request as `fetch` takes it: `method`, `body`, extra `headers` as `[name, value]` pairs,
/// and the `signal` that aborts it.
fn init(
    method: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
    signal: &AbortSignal,
) -> RequestInit {
    let init = RequestInit::new();
    init.set_method(method);
    let object = Object::new();
    for (name, value) in headers {
        let _ = Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    init.set_headers(&object);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(signal));
    init
}

/// Fetches `url` and reads the whole answer. `Err(true)`: aborted (timeout or `cancel`),
/// `Err(false)`: no answer (network).
async fn fetch(
    url: &str,
    init: &RequestInit,
    controller: &AbortController,
) -> Result<(Response, String), bool> {
    let aborted = || controller.signal().aborted();
    let window = web_sys::window().ok_or(false)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|_| aborted())?
        .unchecked_into();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.map_err(|_| aborted())?,
        Err(_) => return Err(aborted()),
    };
    Ok((response, text.as_string().unwrap_or_default()))
}

/// Sends one request to the API: `method` to `url` with the bearer `token` and a JSON `body`,
/// given up after [`REQUEST_TIMEOUT_MS`] (`timeout`) or when `cancel` fires (the form was
/// removed; the answer then does not matter).
///
/// A redirect is never followed: the body (and, in older browsers, the bearer token) would go
/// wherever it points. The answer is then opaque, reported as `invalid_response` without a
/// status.
pub async fn send(
    method: &str,
    url: &str,
    token: &Token,
    body: &str,
    cancel: &AbortSignal,
) -> Result<Answer, ApiError> {
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let _timeout = TimeoutGuard::arm(&controller, REQUEST_TIMEOUT_MS);
    let _cancel = CancelGuard::forward(cancel, &controller);
    let mut bearer = String::with_capacity(token.expose().len() + 7);
    bearer.push_str("Bearer ");
    bearer.push_str(token.expose());
    let headers = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
    ];
    let init = init(method, Some(body), &headers, &controller.signal());
    init.set_redirect(RequestRedirect::Manual);
    let (response, text) = fetch(url, &init, &controller).await.map_err(|aborted| {
        if aborted {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    })?;
    if response.type_() == web_sys::ResponseType::Opaqueredirect {
        return Err(ApiError::InvalidResponse);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .as_deref()
        .and_then(parse_retry_after);
    Ok(Answer {
        status: response.status(),
        retry_after,
        text,
    })
}

/// Posts one registration and classifies the answer.
pub async fn post_registration(
    api_base: &str,
    token: &Token,
    request: &RegistrationRequest,
    cancel: &AbortSignal,
) -> Result<Registration, Failure> {
    let mut url = String::with_capacity(api_base.len() + REGISTRATIONS_PATH.len());
    url.push_str(api_base);
    url.push_str(REGISTRATIONS_PATH);
    let answer = send("POST", &url, token, &request.to_json(), cancel).await?;
    classify_answer(answer.status, &answer.text, parse_json).map_err(|error| Failure {
        error,
        status: Some(answer.status),
        retry_after: answer.retry_after,
    })
}

/// `POST`s to the host's token endpoint (with the page's own cookies: `same-origin`) and reads
/// the text of its answer; `None` for anything but a 2xx within `timeout_ms`, or when `cancel`
/// fires.
pub async fn post_for_text(url: &str, timeout_ms: i32, cancel: &AbortSignal) -> Option<String> {
    let controller = AbortController::new().ok()?;
    let _timeout = TimeoutGuard::arm(&controller, timeout_ms);
    let _cancel = CancelGuard::forward(cancel, &controller);
    let init = init("POST", None, &[], &controller.signal());
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let (response, text) = fetch(url, &init, &controller).await.ok()?;
    response.ok().then_some(text)
}
