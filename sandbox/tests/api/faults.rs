//! `/__sandbox/faults`: every fault as a client experiences it.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use verifik_sandbox::Config;

use crate::common::*;

/// What a raw client gets from one `POST /v2/app-registrations`: the bytes, how
/// the connection ended, and how long it took.
struct RawOutcome {
    bytes: Vec<u8>,
    ended: Result<(), ErrorKind>,
    elapsed: Duration,
}

async fn raw_post(addr: SocketAddr) -> RawOutcome {
    tokio::task::spawn_blocking(move || {
        let body = email_body("raw@example.com").to_string();
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let request = format!(
            "POST /v2/app-registrations HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let started = Instant::now();
        stream.write_all(request.as_bytes()).expect("write");
        let mut bytes = Vec::new();
        let ended = stream.read_to_end(&mut bytes).map(|_| ()).map_err(|e| e.kind());
        RawOutcome {
            bytes,
            ended,
            elapsed: started.elapsed(),
        }
    })
    .await
    .expect("raw client")
}

/// Closed by the server (FIN or RST) without a single response byte.
fn assert_closed_silently(outcome: &RawOutcome) {
    assert!(
        outcome.bytes.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&outcome.bytes)
    );
    assert!(
        matches!(
            outcome.ended,
            Ok(()) | Err(ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted)
        ),
        "{:?}",
        outcome.ended
    );
}

#[tokio::test]
async fn arming_answers_what_is_armed() {
    let sandbox = start().await;
    let response = sandbox
        .arm(json!({"fault": "status_429", "count": 2}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_json(&response);
    assert_eq!(
        response.json::<Value>().await.expect("JSON"),
        json!({"armed": {"fault": "status_429", "count": 2, "retryAfter": null, "path": "/v2/app-registrations"}})
    );
    let clamped: Value = sandbox
        .arm(json!({"fault": "status_500", "count": 100000, "retryAfter": 3}))
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        clamped,
        json!({"armed": {"fault": "status_500", "count": 1000, "retryAfter": 3, "path": "/v2/app-registrations"}})
    );
    let defaulted: Value = sandbox
        .arm(json!({"fault": "timeout"}))
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(defaulted["armed"]["count"], 1);
}

#[tokio::test]
async fn unknown_fault_lists_the_known_ones() {
    let sandbox = start().await;
    let message = error_message(
        sandbox.arm(json!({"fault": "status_418"})).await,
        StatusCode::BAD_REQUEST,
        "InvalidArgument",
    )
    .await;
    for name in [
        "status_500",
        "status_503",
        "status_429",
        "status_401",
        "timeout",
        "malformed_json",
        "drop_connection",
        "html_error_page",
        "huge_body",
        "wrong_types",
        "markup_message",
        "missing_id",
        "cross_origin_redirect",
        "token_expired",
        "email_already_registered",
        "email_domain_not_allowed",
        "otp_not_sent",
    ] {
        assert!(message.contains(name), "{message}");
    }
    let missing = error_message(
        sandbox.arm(json!({})).await,
        StatusCode::BAD_REQUEST,
        "InvalidArgument",
    )
    .await;
    assert!(missing.contains("drop_connection"), "{missing}");
    let unknown_path = error_message(
        sandbox
            .arm(json!({"fault": "status_500", "path": "/v2/app-registrations/x"}))
            .await,
        StatusCode::BAD_REQUEST,
        "InvalidArgument",
    )
    .await;
    for path in [
        "/v2/app-registrations",
        "/v2/email-validations",
        "/v2/phone-validations",
    ] {
        assert!(unknown_path.contains(path), "{unknown_path}");
    }
    let bad_json = sandbox
        .client
        .post(sandbox.url("/__sandbox/faults"))
        .body("{")
        .send()
        .await
        .expect("response");
    error_message(bad_json, StatusCode::BAD_REQUEST, "InvalidContent").await;
}

#[tokio::test]
async fn status_faults_take_precedence_over_auth_and_validation() {
    let sandbox = start().await;
    sandbox.arm(json!({"fault": "status_500"})).await;
    // No token, no body: the fault still answers.
    let response = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .send()
        .await
        .expect("response");
    assert_error(
        response,
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalServerError",
        "sandbox fault: internal server error",
    )
    .await;

    sandbox.arm(json!({"fault": "status_401"})).await;
    let response = sandbox.create(email_body("a@example.com")).await;
    assert_error(
        response,
        StatusCode::UNAUTHORIZED,
        "InvalidCredentials",
        "Invalid token",
    )
    .await;

    // Consumed: the same valid call now succeeds.
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::OK
    );
}

/// The `Content-Type` of a response, if it has a readable one.
fn content_type(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Status, headers that matter to a client, and body of a response.
async fn wire(response: reqwest::Response) -> (StatusCode, Option<String>, Value) {
    let status = response.status();
    let content_type = content_type(&response);
    (status, content_type, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn api_error_faults_answer_exactly_what_the_real_checks_answer() {
    let sandbox = start().await;
    // The real answers: an expired token, a blocked domain, a duplicate e-mail.
    let expired = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(token_with(
            verifik_sandbox::config::DEV_JWT_SECRET,
            -600,
            60,
        ))
        .json(&email_body("fresh@example.com"))
        .send()
        .await
        .expect("response");
    let expired = wire(expired).await;
    let blocked = wire(sandbox.create(email_body("someone@mailinator.com")).await).await;
    sandbox.create(email_body("taken@example.com")).await;
    let duplicate = wire(sandbox.create(email_body("taken@example.com")).await).await;
    assert_eq!(
        (expired.0, &expired.2["message"]),
        (StatusCode::UNAUTHORIZED, &json!("Token expired"))
    );
    assert_eq!(blocked.0, StatusCode::PRECONDITION_FAILED);
    assert_eq!(duplicate.0, StatusCode::CONFLICT);

    // Each fault gives the same answer to a valid call with a fresh address and token, and
    // the call leaves nothing behind.
    for (fault, real) in [
        ("token_expired", &expired),
        ("email_domain_not_allowed", &blocked),
        ("email_already_registered", &duplicate),
    ] {
        sandbox.arm(json!({"fault": fault})).await;
        let email = format!("{fault}@example.com");
        assert_eq!(
            &wire(sandbox.create(email_body(&email)).await).await,
            real,
            "{fault}"
        );
        // Consumed, and the faulted call registered nothing: the same call now succeeds.
        assert_eq!(
            sandbox.create(email_body(&email)).await.status(),
            StatusCode::OK,
            "{fault}"
        );
    }
}

#[tokio::test]
async fn retry_after_is_sent_and_exposed_to_browsers() {
    let sandbox = start().await;
    sandbox
        .arm(json!({"fault": "status_503", "retryAfter": 7}))
        .await;
    let response = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .header("origin", "https://shop.example")
        .bearer_auth(sandbox.token())
        .json(&email_body("a@example.com"))
        .send()
        .await
        .expect("response");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    assert_eq!(header("retry-after").as_deref(), Some("7"));
    assert_eq!(header("access-control-allow-origin").as_deref(), Some("*"));
    assert!(header("access-control-expose-headers").is_some_and(|h| h.contains("retry-after")));
    assert_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "ServiceUnavailable",
        "sandbox fault: service unavailable",
    )
    .await;

    sandbox
        .arm(json!({"fault": "status_429", "retryAfter": 2}))
        .await;
    let limited = sandbox.create(email_body("a@example.com")).await;
    assert_eq!(
        limited
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("2")
    );
    assert_error(
        limited,
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequests",
        "sandbox fault: too many requests",
    )
    .await;

    sandbox.arm(json!({"fault": "status_429"})).await;
    let without = sandbox.create(email_body("a@example.com")).await;
    assert_eq!(without.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(without.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn count_is_consumed_one_call_at_a_time() {
    let sandbox = start().await;
    sandbox
        .arm(json!({"fault": "status_503", "count": 3}))
        .await;
    for left in [2, 1] {
        assert_eq!(
            sandbox.create(email_body("a@example.com")).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let armed: Value = sandbox
            .client
            .get(sandbox.url("/__sandbox/faults"))
            .send()
            .await
            .expect("response")
            .json()
            .await
            .expect("JSON");
        assert_eq!(armed["armed"]["count"], left);
    }
    // Reads are never faulted.
    assert_eq!(
        sandbox.get("/v2/app-registrations").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn arming_again_replaces_and_delete_clears() {
    let sandbox = start().await;
    sandbox
        .arm(json!({"fault": "status_500", "count": 5}))
        .await;
    sandbox
        .arm(json!({"fault": "status_429", "count": 1}))
        .await;
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::OK
    );

    sandbox
        .arm(json!({"fault": "status_500", "count": 5}))
        .await;
    let cleared = sandbox
        .client
        .delete(sandbox.url("/__sandbox/faults"))
        .send()
        .await
        .expect("response");
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(
        cleared.json::<Value>().await.expect("JSON"),
        json!({"armed": null})
    );
    assert_eq!(
        sandbox.create(email_body("b@example.com")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn reset_also_clears_faults() {
    let sandbox = start().await;
    sandbox
        .arm(json!({"fault": "status_500", "count": 5}))
        .await;
    sandbox
        .client
        .post(sandbox.url("/__sandbox/reset"))
        .send()
        .await
        .expect("response");
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn malformed_json_is_a_200_with_a_truncated_body() {
    let sandbox = start().await;
    sandbox.arm(json!({"fault": "malformed_json"})).await;
    let response = sandbox.create(email_body("a@example.com")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_json(&response);
    let text = response.text().await.expect("body");
    assert_eq!(text, r#"{"data":{"appRegistration":"#);
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

/// Arms `fault` once, posts a valid registration, and checks that the fault answered it and
/// that nothing was registered: a client's retry after the fault creates the one registration.
async fn faulted_answer(fault: &str) -> (StatusCode, Option<String>, String) {
    let sandbox = start().await;
    sandbox.arm(json!({"fault": fault})).await;
    let response = sandbox.create(email_body("hostile@example.com")).await;
    let status = response.status();
    let content_type = content_type(&response);
    let text = response.text().await.expect("body");
    assert_eq!(
        sandbox.registrations().await,
        Vec::<Value>::new(),
        "{fault} registered nothing"
    );
    let retry = sandbox.create(email_body("hostile@example.com")).await;
    assert_eq!(
        retry.status(),
        StatusCode::OK,
        "the next call is served normally"
    );
    (status, content_type, text)
}

#[tokio::test]
async fn html_error_page_is_a_502_in_html() {
    let (status, content_type, text) = faulted_answer("html_error_page").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert!(
        text.starts_with("<!doctype html>") && text.contains("Bad Gateway"),
        "{text}"
    );
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn huge_body_is_ten_mebibytes_of_valid_json() {
    let (status, content_type, text) = faulted_answer("huge_body").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert_eq!(text.len(), 10 * 1024 * 1024);
    let body: Value = serde_json::from_str(&text).expect("valid JSON");
    let id = body["data"]["appRegistration"]["_id"]
        .as_str()
        .expect("an _id");
    assert!(id.len() > 10_000_000 && id.bytes().all(|b| b == b'a'));
}

#[tokio::test]
async fn wrong_types_has_the_success_shape_with_other_types() {
    let (status, _, text) = faulted_answer("wrong_types").await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&text).expect("valid JSON");
    let registration = &body["data"]["appRegistration"];
    assert!(
        registration["_id"].is_number() && registration["status"].is_array(),
        "{body}"
    );
    assert!(
        body["data"]["token"].is_boolean() && body["data"]["informationValidation"].is_string()
    );
}

#[tokio::test]
async fn markup_message_is_a_conflict_carrying_html() {
    let (status, content_type, text) = faulted_answer("markup_message").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let body: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(body["code"], "Conflict");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("<img src=x onerror=")),
        "{body}"
    );
}

#[tokio::test]
async fn missing_id_is_a_success_without_an_id() {
    let (status, _, text) = faulted_answer("missing_id").await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(body["data"]["appRegistration"]["status"], "STARTED");
    assert!(
        body["data"]["appRegistration"].get("_id").is_none(),
        "{body}"
    );
}

#[tokio::test]
async fn cross_origin_redirect_points_elsewhere() {
    let sandbox = start().await;
    sandbox.arm(json!({"fault": "cross_origin_redirect"})).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(sandbox.token())
        .json(&email_body("hostile@example.com"))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        location,
        Some("https://redirect.invalid/v2/app-registrations")
    );
    assert!(!location
        .unwrap_or_default()
        .contains(&sandbox.addr.to_string()));
}

#[tokio::test]
async fn drop_connection_sends_no_bytes() {
    let sandbox = start().await;
    sandbox
        .arm(json!({"fault": "drop_connection", "count": 2}))
        .await;

    let outcome = raw_post(sandbox.addr).await;
    assert_closed_silently(&outcome);

    let error = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(sandbox.token())
        .json(&email_body("a@example.com"))
        .send()
        .await
        .expect_err("no response");
    assert!(!error.is_status() && !error.is_timeout(), "{error:?}");

    // Both uses consumed; the server is still healthy.
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn timeout_holds_the_request_then_closes_without_answering() {
    let sandbox = start_with(Config {
        timeout_fault: Duration::from_secs(1),
        ..Config::default()
    })
    .await;

    sandbox.arm(json!({"fault": "timeout"})).await;
    let error = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(sandbox.token())
        .json(&email_body("a@example.com"))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("client gives up first");
    assert!(error.is_timeout(), "{error:?}");

    sandbox.arm(json!({"fault": "timeout"})).await;
    let outcome = raw_post(sandbox.addr).await;
    assert_closed_silently(&outcome);
    assert!(
        outcome.elapsed >= Duration::from_millis(950),
        "{:?}",
        outcome.elapsed
    );
    assert!(
        outcome.elapsed < Duration::from_secs(5),
        "{:?}",
        outcome.elapsed
    );

    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::OK
    );
}
