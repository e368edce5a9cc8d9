//! Bearer checks on every `/v2` call.

use reqwest::StatusCode;
use serde_json::Value;
use verifik_sandbox::config::DEV_JWT_SECRET;
use verifik_sandbox::Config;

use crate::common::*;

const REGISTRATIONS: &str = "/v2/app-registrations";

#[tokio::test]
async fn missing_header_or_scheme() {
    let sandbox = start().await;
    let none = sandbox
        .client
        .post(sandbox.url(REGISTRATIONS))
        .json(&email_body("a@example.com"))
        .send()
        .await
        .expect("response");
    assert_error(
        none,
        StatusCode::UNAUTHORIZED,
        "InvalidCredentials",
        "Missing bearer token",
    )
    .await;

    let basic = sandbox
        .client
        .post(sandbox.url(REGISTRATIONS))
        .basic_auth("user", Some("pass"))
        .json(&email_body("a@example.com"))
        .send()
        .await
        .expect("response");
    assert_error(
        basic,
        StatusCode::UNAUTHORIZED,
        "InvalidCredentials",
        "Missing bearer token",
    )
    .await;
}

#[tokio::test]
async fn bad_signature_garbage_and_expired_tokens() {
    let sandbox = start().await;
    let cases = [
        (token_with("some-other-secret", 0, 300), "Invalid token"),
        ("not-a-jwt".to_owned(), "Invalid token"),
        (
            format!("{}x", token_with(DEV_JWT_SECRET, 0, 300)),
            "Invalid token",
        ),
        // Same secret, expired a minute ago: well past the leeway.
        (token_with(DEV_JWT_SECRET, -120, 60), "Token expired"),
    ];
    for (token, message) in cases {
        for request in [
            sandbox
                .client
                .post(sandbox.url(REGISTRATIONS))
                .bearer_auth(&token)
                .json(&email_body("a@example.com")),
            sandbox
                .client
                .get(sandbox.url(REGISTRATIONS))
                .bearer_auth(&token),
            sandbox
                .client
                .get(sandbox.url(&format!("{REGISTRATIONS}/000000000000000000000000")))
                .bearer_auth(&token),
        ] {
            let response = request.send().await.expect("response");
            assert_error(
                response,
                StatusCode::UNAUTHORIZED,
                "InvalidCredentials",
                message,
            )
            .await;
        }
    }
    // Nothing was created by the refused calls.
    let list: Value = sandbox.get(REGISTRATIONS).await.json().await.expect("JSON");
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn auth_comes_before_body_checks() {
    let sandbox = start().await;
    let response = sandbox
        .client
        .post(sandbox.url(REGISTRATIONS))
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

#[tokio::test]
async fn the_configured_secret_is_the_one_checked() {
    let sandbox = start_with(Config {
        jwt_secret: "custom-secret".to_owned(),
        ..Config::default()
    })
    .await;
    let default_signed = sandbox.create(email_body("a@example.com")).await;
    assert_error(
        default_signed,
        StatusCode::UNAUTHORIZED,
        "InvalidCredentials",
        "Invalid token",
    )
    .await;

    let custom = sandbox
        .client
        .post(sandbox.url(REGISTRATIONS))
        .bearer_auth(token_with("custom-secret", 0, 300))
        .json(&email_body("a@example.com"))
        .send()
        .await
        .expect("response");
    assert_eq!(custom.status(), StatusCode::OK);
}
