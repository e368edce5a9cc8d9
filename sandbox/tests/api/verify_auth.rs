//! The bearer of the four code calls is the registration's own token: signature, expiry (on
//! the sandbox clock) and a registration the sandbox holds.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use verifik_sandbox::auth::{Claims, Jwt};
use verifik_sandbox::config::DEV_JWT_SECRET;

use crate::common::*;
use crate::verify_common::*;

/// One valid call of each of the four, for `registered` (`e@example.com`, `+57 3001230000`).
fn the_four(validation_id: &str) -> [(Method, String, Value); 4] {
    [
        (
            Method::POST,
            EMAIL_SEND.to_owned(),
            email_send_body("e@example.com"),
        ),
        (
            Method::PUT,
            email_check(validation_id),
            json!({"email": "e@example.com", "otp": 123456}),
        ),
        (
            Method::POST,
            PHONE_SEND.to_owned(),
            phone_send_body("+57", "3001230000"),
        ),
        (
            Method::PUT,
            PHONE_CHECK.to_owned(),
            phone_check_body("+57", "3001230000", 123456),
        ),
    ]
}

async fn both() -> (Sandbox, Registered) {
    let sandbox = start().await;
    let registered = sandbox
        .register(json!({
            "project": PROJECT, "projectFlow": FLOW, "email": "e@example.com",
            "phone": "3001230000", "countryCode": "+57"
        }))
        .await;
    (sandbox, registered)
}

/// Each of the four with `token` (none when `None`) answers 401 with `message`, and sends
/// nothing.
async fn all_refused(sandbox: &Sandbox, token: Option<&str>, message: &str) {
    let sent_before = sandbox.outbox().await.len();
    for (method, path, body) in the_four("000000000000000000000000") {
        let mut request = sandbox
            .client
            .request(method, sandbox.url(&path))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("response");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_error(
            response,
            StatusCode::UNAUTHORIZED,
            "InvalidCredentials",
            message,
        )
        .await;
    }
    assert_eq!(
        sandbox.outbox().await.len(),
        sent_before,
        "nothing was sent"
    );
}

#[tokio::test]
async fn missing_and_badly_signed_tokens_are_refused() {
    let (sandbox, registered) = both().await;
    all_refused(&sandbox, None, "Missing bearer token").await;
    all_refused(&sandbox, Some("not-a-jwt"), "Invalid token").await;
    // The registration's own claims, signed with another secret.
    let forged = Jwt::new("another-secret")
        .issue(&Claims {
            sub: registered.id.clone(),
            iat: 0,
            exp: u64::from(u32::MAX),
        })
        .expect("sign");
    all_refused(&sandbox, Some(&forged), "Invalid token").await;
    all_refused(
        &sandbox,
        Some(&format!("{}x", registered.token)),
        "Invalid token",
    )
    .await;
}

#[tokio::test]
async fn the_hosts_client_token_is_not_a_registration_token() {
    let (sandbox, _) = both().await;
    // Valid for POST /v2/app-registrations, but it names no registration.
    all_refused(&sandbox, Some(&sandbox.token()), "Invalid token").await;
    let demo: Value = sandbox
        .client
        .post(sandbox.url("/demo/token"))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    all_refused(
        &sandbox,
        Some(demo["token"].as_str().expect("token")),
        "Invalid token",
    )
    .await;
}

#[tokio::test]
async fn a_registration_token_expires_after_its_two_hours_on_the_sandbox_clock() {
    let (sandbox, registered) = both().await;
    sandbox.advance_clock(7_100).await;
    let sent = sandbox.send_email_code(&registered, "e@example.com").await;
    assert_eq!(sent["status"], "sent");
    // Two hours, plus the 2 s leeway, plus a margin.
    sandbox.advance_clock(110).await;
    all_refused(&sandbox, Some(&registered.token), "Token expired").await;
}

#[tokio::test]
async fn a_token_from_before_a_reset_names_no_registration() {
    let (sandbox, registered) = both().await;
    sandbox.reset().await;
    all_refused(&sandbox, Some(&registered.token), "Invalid token").await;
}

#[tokio::test]
async fn a_registration_token_signed_for_an_unknown_id_is_refused() {
    let (sandbox, _) = both().await;
    let now = verifik_sandbox::clock::unix_seconds(verifik_sandbox::clock::now());
    let stranger = Jwt::new(DEV_JWT_SECRET)
        .issue(&Claims {
            sub: "65772f3b427932d45a3811f9".to_owned(),
            iat: now,
            exp: now + 300,
        })
        .expect("sign");
    all_refused(&sandbox, Some(&stranger), "Invalid token").await;
}

#[tokio::test]
async fn the_token_is_checked_before_the_body() {
    let (sandbox, _) = both().await;
    for (method, path, _) in the_four("x") {
        let response = sandbox
            .client
            .request(method, sandbox.url(&path))
            .header("content-type", "text/plain")
            .body("hello")
            .send()
            .await
            .expect("response");
        assert_error(
            response,
            StatusCode::UNAUTHORIZED,
            "InvalidCredentials",
            "Missing bearer token",
        )
        .await;
    }
}
