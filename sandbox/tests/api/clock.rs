//! `/__sandbox/clock`: the sandbox's time moves forward on request, and every expiry reads it.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;

/// How far ahead of the system's clock a `{"now"}` report is, in whole seconds.
fn seconds_ahead(report: &Value) -> i64 {
    seconds_from_now(&report["now"])
}

#[tokio::test]
async fn advancing_moves_the_reported_time_and_reset_puts_it_back() {
    let sandbox = start().await;
    let report = sandbox.advance_clock(600).await;
    assert_eq!(report["offsetSeconds"], 600);
    assert!(is_rfc3339_millis(&report["now"]), "{report}");
    assert!((595..=600).contains(&seconds_ahead(&report)), "{report}");

    let report = sandbox.advance_clock(3_000).await;
    assert_eq!(report["offsetSeconds"], 3_600);
    let read: Value = sandbox
        .client
        .get(sandbox.url("/__sandbox/clock"))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    assert_eq!(read["offsetSeconds"], 3_600);
    assert!((3_595..=3_600).contains(&seconds_ahead(&read)), "{read}");

    sandbox.reset().await;
    let report = sandbox.advance_clock(0).await;
    assert_eq!(report["offsetSeconds"], 0);
    assert!((-5..=0).contains(&seconds_ahead(&report)), "{report}");
}

#[tokio::test]
async fn bad_advances_are_refused_and_change_nothing() {
    let sandbox = start().await;
    sandbox.advance_clock(60).await;
    for body in [
        json!({}),
        json!({"advanceSeconds": null}),
        json!({"advanceSeconds": -1}),
        json!({"advanceSeconds": "60"}),
        json!({"advanceSeconds": 1.5}),
        json!({"advanceSeconds": 400_000_000}),
    ] {
        let response = sandbox
            .client
            .post(sandbox.url("/__sandbox/clock"))
            .json(&body)
            .send()
            .await
            .expect("response");
        let message = error_message(response, StatusCode::BAD_REQUEST, "InvalidArgument").await;
        assert!(message.contains("advanceSeconds"), "{body}: {message}");
    }
    assert_eq!(sandbox.advance_clock(0).await["offsetSeconds"], 60);
}

#[tokio::test]
async fn bearer_tokens_expire_by_the_sandbox_clock() {
    let sandbox = start().await;
    // Valid for 300 s by the system's clock; 302 s on (past the 2 s leeway) it is refused.
    let token = sandbox.token();
    sandbox.advance_clock(303).await;
    let refused = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(&token)
        .json(&email_body("late@example.com"))
        .send()
        .await
        .expect("response");
    assert_error(
        refused,
        StatusCode::UNAUTHORIZED,
        "InvalidCredentials",
        "Token expired",
    )
    .await;

    // A demo token issued now is issued on the sandbox's time, so it works.
    let issued: Value = sandbox
        .client
        .post(sandbox.url("/demo/token"))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    let expires_in = seconds_from_now(&issued["expiresAt"]);
    assert!((598..=603).contains(&expires_in), "{issued}");
    let created = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(issued["token"].as_str().expect("token"))
        .json(&email_body("late@example.com"))
        .send()
        .await
        .expect("response");
    assert_eq!(created.status(), StatusCode::OK);
    let body: Value = created.json().await.expect("JSON");
    let created_at = &body["data"]["appRegistration"]["createdAt"];
    assert!(
        (298..=303).contains(&seconds_from_now(created_at)),
        "{body}"
    );

    // Back in step: the first token works again.
    sandbox.reset().await;
    let again = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .bearer_auth(&token)
        .json(&email_body("late@example.com"))
        .send()
        .await
        .expect("response");
    assert_eq!(again.status(), StatusCode::OK);
}
