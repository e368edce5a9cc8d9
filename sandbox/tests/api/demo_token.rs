//! `POST /demo/token`: the stand-in host backend.

use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use reqwest::StatusCode;
use serde_json::{json, Value};
use verifik_sandbox::auth::Claims;
use verifik_sandbox::config::DEV_JWT_SECRET;

use crate::common::*;

async fn issue(sandbox: &Sandbox, body: Option<&str>) -> reqwest::Response {
    let mut request = sandbox.client.post(sandbox.url("/demo/token"));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    request.send().await.expect("response")
}

fn claims(token: &str) -> Claims {
    decode::<Claims>(
        token,
        &DecodingKey::from_secret(DEV_JWT_SECRET.as_bytes()),
        &Validation::new(Algorithm::HS256),
    )
    .expect("valid HS256 token")
    .claims
}

#[tokio::test]
async fn empty_body_gives_a_five_minute_token_that_the_api_accepts() {
    let sandbox = start().await;
    let response = issue(&sandbox, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_json(&response);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body.as_object().map(|o| o.len()), Some(2));
    assert!(is_rfc3339_millis(&body["expiresAt"]), "{body}");
    let token = body["token"].as_str().expect("token");
    let claims = claims(token);
    assert_eq!(claims.exp - claims.iat, 300);
    assert!(!claims.sub.is_empty());

    let created = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(token)
        .json(&email_body("demo@example.com"))
        .send()
        .await
        .expect("response");
    assert_eq!(created.status(), StatusCode::OK);
}

#[tokio::test]
async fn ttl_is_honoured_and_clamped() {
    let sandbox = start().await;
    for (body, ttl) in [
        (r#"{"ttlSeconds": 60}"#, 60),
        (r#"{"ttlSeconds": 0}"#, 1),
        (r#"{"ttlSeconds": 999999}"#, 3600),
        ("{}", 300),
    ] {
        let response: Value = issue(&sandbox, Some(body))
            .await
            .json()
            .await
            .expect("JSON");
        let claims = claims(response["token"].as_str().expect("token"));
        assert_eq!(claims.exp - claims.iat, ttl, "{body}");
    }
}

#[tokio::test]
async fn bad_bodies_are_400() {
    let sandbox = start().await;
    for body in ["{", "[1]", "\"x\""] {
        let message = error_message(
            issue(&sandbox, Some(body)).await,
            StatusCode::BAD_REQUEST,
            "InvalidContent",
        )
        .await;
        assert!(!message.is_empty());
    }
    let wrong_type = issue(&sandbox, Some(&json!({"ttlSeconds": "60"}).to_string())).await;
    assert_error(
        wrong_type,
        StatusCode::BAD_REQUEST,
        "InvalidArgument",
        "invalid ttlSeconds: expected whole seconds",
    )
    .await;
}
