//! Size cap, media type, JSON syntax, routing errors: all in the `{"code","message"}` shape.

use reqwest::StatusCode;

use crate::common::*;

const REGISTRATIONS: &str = "/v2/app-registrations";

fn post_raw(
    sandbox: &Sandbox,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> reqwest::RequestBuilder {
    let mut request = sandbox
        .client
        .post(sandbox.url(REGISTRATIONS))
        .bearer_auth(sandbox.token())
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request
}

#[tokio::test]
async fn oversized_body_is_413() {
    let sandbox = start().await;
    // Valid JSON, just too big: the cap is about bytes, not content.
    let padding = "x".repeat(32 * 1024);
    let body = format!(
        r#"{{"project":"{PROJECT}","projectFlow":"{FLOW}","email":"a@example.com","pad":"{padding}"}}"#
    );
    let response = post_raw(&sandbox, Some("application/json"), body.into_bytes())
        .send()
        .await
        .expect("the 413 reaches the client");
    assert_error(
        response,
        StatusCode::PAYLOAD_TOO_LARGE,
        "PayloadTooLarge",
        "request body is larger than the limit of 16384 bytes",
    )
    .await;
    // Just under the cap is fine.
    let padding = "x".repeat(15 * 1024);
    let body = format!(
        r#"{{"project":"{PROJECT}","projectFlow":"{FLOW}","email":"a@example.com","pad":"{padding}"}}"#
    );
    let response = post_raw(&sandbox, Some("application/json"), body.into_bytes())
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn non_json_content_types_are_415() {
    let sandbox = start().await;
    let json = email_body("a@example.com").to_string().into_bytes();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let response = post_raw(&sandbox, content_type, json.clone())
            .send()
            .await
            .expect("response");
        assert_error(
            response,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "Content-Type must be application/json",
        )
        .await;
    }
    let with_charset = post_raw(&sandbox, Some("application/json; charset=utf-8"), json)
        .send()
        .await
        .expect("response");
    assert_eq!(with_charset.status(), StatusCode::OK);
}

#[tokio::test]
async fn unparseable_or_non_object_json_is_400() {
    let sandbox = start().await;
    for body in [
        &b"{"[..],
        b"",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b"null",
        b"\"a@example.com\"",
        b"42",
    ] {
        let response = post_raw(&sandbox, Some("application/json"), body.to_vec())
            .send()
            .await
            .expect("response");
        let message = error_message(response, StatusCode::BAD_REQUEST, "InvalidContent").await;
        assert!(!message.is_empty());
    }
    let array = post_raw(&sandbox, Some("application/json"), b"[1]".to_vec())
        .send()
        .await
        .expect("response");
    assert_error(
        array,
        StatusCode::BAD_REQUEST,
        "InvalidContent",
        "request body must be a JSON object",
    )
    .await;
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let sandbox = start().await;
    let missing = sandbox
        .client
        .get(sandbox.url("/index.html"))
        .send()
        .await
        .expect("response");
    assert_error(
        missing,
        StatusCode::NOT_FOUND,
        "NotFound",
        "resource not found",
    )
    .await;
    let post_missing = sandbox
        .client
        .post(sandbox.url("/v3/nothing"))
        .send()
        .await
        .expect("response");
    assert_error(
        post_missing,
        StatusCode::NOT_FOUND,
        "NotFound",
        "resource not found",
    )
    .await;
    let put = sandbox
        .client
        .put(sandbox.url(REGISTRATIONS))
        .bearer_auth(sandbox.token())
        .send()
        .await
        .expect("response");
    assert_error(
        put,
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        "method not allowed",
    )
    .await;
}
