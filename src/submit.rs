//! One submit, from token to outcome: a usable token from the host, the registration posted,
//! a refused token replaced once, short server-requested waits honoured, and one combined
//! [`Failure`] when it does not go through; then the code step's calls, with the
//! registration's own token.

use web_sys::{AbortSignal, HtmlElement};

use crate::api::verification::{self, CodeSent, Recipient};
use crate::api::{ApiError, Failure, Registration, RegistrationRequest, MAX_AUTO_RETRIES};
use crate::config::Config;
use crate::token::{Token, TokenUnavailable, EXPIRY_MARGIN_SECS};
use crate::token_source::{self, Obtained};

impl From<TokenUnavailable> for Failure {
    fn from(_: TokenUnavailable) -> Failure {
        Failure::from(ApiError::TokenUnavailable)
    }
}

/// Gets a token that is not about to expire. A token that has (nearly) expired is replaced
/// once when its source can give another; an expired token that cannot be replaced is not
/// sent at all, since the API would certainly refuse it. A replacement that still looks
/// expired is sent if its issuer gave it a lifetime (this device's clock may be fast), as one
/// that is not replaced again: a stale token costs one refused request, not a second round.
async fn usable_token(
    host: &HtmlElement,
    config: &Config,
    cancel: &AbortSignal,
) -> Result<Obtained, Failure> {
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let token_url = config.token_url.as_deref();
    let obtained = token_source::obtain(host, token_url, config.token.clone(), cancel).await?;
    if !obtained.token.expires_within(now, EXPIRY_MARGIN_SECS) {
        return Ok(obtained);
    }
    if !obtained.refreshable {
        return Err(ApiError::Unauthorized.into());
    }
    let mut again = token_source::obtain(host, token_url, config.token.clone(), cancel).await?;
    // Asked for anew and still expired by this device's clock: sent only if the clock may be
    // what is wrong (a clock minutes fast would otherwise refuse every token), and not asked
    // for again if the API refuses it (then it was stale after all).
    if again.token.expires_within(now, 0) {
        if !again.token.issued_with_life() {
            return Err(ApiError::Unauthorized.into());
        }
        again.refreshable = false;
    }
    Ok(again)
}

/// Posts one registration. A refused token is replaced once and the request replayed once;
/// a 429 or 503 that asks for a short wait is retried at most twice, after that wait. Nothing
/// else is replayed: a POST that failed otherwise may have gone through. `cancel` (the form
/// was removed) aborts whatever is in flight and stops further attempts.
pub async fn register(
    host: &HtmlElement,
    config: &Config,
    request: &RegistrationRequest,
    cancel: &AbortSignal,
) -> Result<Registration, Failure> {
    let mut obtained = usable_token(host, config, cancel).await?;
    let mut replayed = false;
    let mut retries = 0;
    loop {
        let sent =
            crate::http::post_registration(&config.api_base, &obtained.token, request, cancel);
        let failure = match sent.await {
            Ok(registration) => return Ok(registration),
            Err(failure) => failure,
        };
        if cancel.aborted() {
            return Err(failure);
        }
        if failure.error == ApiError::Unauthorized && obtained.refreshable && !replayed {
            replayed = true;
            obtained = usable_token(host, config, cancel).await?;
            continue;
        }
        match failure.auto_retry_after() {
            Some(wait) if retries < MAX_AUTO_RETRIES => {
                retries += 1;
                crate::browser::sleep(wait, cancel).await;
                if cancel.aborted() {
                    return Err(failure);
                }
            }
            _ => return Err(failure),
        }
    }
}

/// What a call of the code step answered.
pub enum CodeAnswer {
    /// A code went out.
    Sent(CodeSent),
    /// The code was right: the validation's id.
    Checked(String),
}

/// One call of the code step, with the registration's own `token`: a code sent to `recipient`
/// when `check` is `None`, else the code checked (`check` holds the send's validation id and the
/// code typed). A 503 that asks for a short wait is retried at most twice, as a registration is;
/// nothing else is replayed (a 429 here means too many attempts).
///
/// One function for both calls, so that the wasm has one copy of the request and retry loop.
pub async fn code_call(
    api_base: &str,
    token: &Token,
    project: &str,
    recipient: &Recipient,
    check: Option<(&str, &str)>,
    cancel: &AbortSignal,
) -> Result<CodeAnswer, Failure> {
    let (path, method, body) = match check {
        None => (
            verification::send_path(recipient).to_owned(),
            "POST",
            verification::send_body(project, recipient),
        ),
        Some((validation_id, code)) => (
            verification::check_path(recipient, validation_id),
            "PUT",
            verification::check_body(recipient, code),
        ),
    };
    let mut url = String::with_capacity(api_base.len() + path.len());
    url.push_str(api_base);
    url.push_str(&path);
    let mut retries = 0;
    loop {
        let answer = crate::http::send(method, &url, token, &body, cancel).await?;
        let (status, text, parse) = (answer.status, answer.text.as_str(), crate::http::parse_json);
        let classified = match check {
            None => verification::classify_sent(status, text, parse).map(CodeAnswer::Sent),
            Some(_) => verification::classify_checked(status, text, parse).map(CodeAnswer::Checked),
        };
        let failure = match classified {
            Ok(value) => return Ok(value),
            Err(error) => Failure {
                error,
                status: Some(answer.status),
                retry_after: answer.retry_after,
            },
        };
        match failure.auto_retry_after() {
            Some(wait) if failure.status == Some(503) && retries < MAX_AUTO_RETRIES => {
                retries += 1;
                crate::browser::sleep(wait, cancel).await;
                if cancel.aborted() {
                    return Err(failure);
                }
            }
            _ => return Err(failure),
        }
    }
}
