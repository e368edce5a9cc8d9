//! One submit, from token to outcome: a usable token from the host, the registration posted,
//! a refused token replaced once, short server-requested waits honoured, and one combined
//! [`Failure`] when it does not go through; then the code step's calls, with the
//! registration's own token.

use web_sys::{AbortSignal, HtmlElement};

use crate::api::verification::{self, CodeSent, Recipient};
use crate::api::{
    classify_answer, ApiError, Failure, Registration, RegistrationRequest, MAX_AUTO_RETRIES,
    REGISTRATIONS_PATH,
};
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
    let claims = obtained.token.claims(crate::http::parse_json);
    if !claims.expires_within(now, EXPIRY_MARGIN_SECS) {
        return Ok(obtained);
    }
    if !obtained.refreshable {
        return Err(ApiError::Unauthorized.into());
    }
    let mut again = token_source::obtain(host, token_url, config.token.clone(), cancel).await?;
    // Asked for anew and still expired by this device's clock: sent only if the clock may be
    // what is wrong (a clock minutes fast would otherwise refuse every token), and not asked
    // for again if the API refuses it (then it was stale after all).
    let claims = again.token.claims(crate::http::parse_json);
    if claims.expires_within(now, 0) {
        if !claims.issued_with_life() {
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
    let url = crate::text::concat(&config.api_base, REGISTRATIONS_PATH);
    let body = request.to_json();
    let mut obtained = usable_token(host, config, cancel).await?;
    let mut replayed = false;
    // Shared by every attempt: a replay with a new token does not start the count again.
    let mut retries = 0;
    let call = Call::Register;
    loop {
        let failure = match exchange(call, &url, &obtained.token, &body, &mut retries, cancel).await
        {
            Ok(Answer::Registered(registration)) => return Ok(registration),
            Ok(_) => Failure::from(ApiError::InvalidResponse),
            Err(failure) => failure,
        };
        if failure.error == ApiError::Unauthorized
            && obtained.refreshable
            && !replayed
            && !cancel.aborted()
        {
            replayed = true;
            obtained = usable_token(host, config, cancel).await?;
            continue;
        }
        return Err(failure);
    }
}

/// What a call to the API answered.
pub enum Answer {
    /// The registration was made.
    Registered(Registration),
    /// A code went out.
    Sent(CodeSent),
    /// The code was right: the validation's id.
    Checked(String),
}

/// Which call: how it is sent, how its answer is read, and which refusals are waited out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Call {
    /// `POST /v2/app-registrations`: 429 and 503 that ask for a short wait are retried.
    Register,
    /// A code sent: only a 503 is retried (a 429 here means too many attempts).
    Send,
    /// A code checked: as for `Send`.
    Check,
}

/// Sends one call (`method` by `call`) to `url` with the bearer `token` and `body`, and reads
/// its answer. A 429 or 503 (for the code step's calls, a 503) that asks for a short wait is
/// retried after that wait while `retries` is under [`MAX_AUTO_RETRIES`]; nothing else is
/// replayed. One function for every call, so that the wasm has one copy of the request and
/// retry loop.
async fn exchange(
    call: Call,
    url: &str,
    token: &Token,
    body: &str,
    retries: &mut usize,
    cancel: &AbortSignal,
) -> Result<Answer, Failure> {
    let method = if call == Call::Check { "PUT" } else { "POST" };
    loop {
        let answer = crate::http::send(method, url, token, body, cancel).await?;
        let (status, text, parse) = (answer.status, answer.text.as_str(), crate::http::parse_json);
        let classified = match call {
            Call::Register => classify_answer(status, text, parse).map(Answer::Registered),
            Call::Send => verification::classify_sent(status, text, parse).map(Answer::Sent),
            Call::Check => verification::classify_checked(status, text, parse).map(Answer::Checked),
        };
        let failure = match classified {
            Ok(value) => return Ok(value),
            Err(error) => Failure {
                error,
                status: Some(answer.status),
                retry_after: answer.retry_after,
            },
        };
        if cancel.aborted() {
            return Err(failure);
        }
        let retried = call == Call::Register || failure.status == Some(503);
        match failure.auto_retry_after() {
            Some(wait) if retried && *retries < MAX_AUTO_RETRIES => {
                *retries += 1;
                crate::browser::sleep(wait, cancel).await;
                if cancel.aborted() {
                    return Err(failure);
                }
            }
            _ => return Err(failure),
        }
    }
}

/// One call of the code step, with the registration's own `token`: a code sent to `recipient`
/// when `check` is `None`, else the code checked (`check` holds the send's validation id and the
/// code typed). A 503 that asks for a short wait is retried at most twice, as a registration is;
/// nothing else is replayed (a 429 here means too many attempts).
pub async fn code_call(
    api_base: &str,
    token: &Token,
    project: &str,
    recipient: &Recipient,
    check: Option<(&str, &str)>,
    cancel: &AbortSignal,
) -> Result<Answer, Failure> {
    let (call, path, body) = match check {
        None => (
            Call::Send,
            verification::send_path(recipient).to_owned(),
            verification::send_body(project, recipient),
        ),
        Some((validation_id, code)) => (
            Call::Check,
            verification::check_path(recipient, validation_id),
            verification::check_body(recipient, code),
        ),
    };
    let url = crate::text::concat(api_base, &path);
    exchange(call, &url, token, &body, &mut 0, cancel).await
}
