//! The sandbox's side of the code calls: the outbox, reset, faults aimed at a validation
//! path, and CORS for `PUT`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use verifik_sandbox::Config;

use crate::common::*;
use crate::verify_common::*;

async fn both(sandbox: &Sandbox, email: &str, phone: &str) -> Registered {
    sandbox
        .register(json!({
            "project": PROJECT, "projectFlow": FLOW, "email": email,
            "phone": phone, "countryCode": "+57", "language": "es"
        }))
        .await
}

#[tokio::test]
async fn the_outbox_lists_every_message_newest_first() {
    let sandbox = start().await;
    assert!(sandbox.outbox().await.is_empty());
    let ana = both(&sandbox, "ana@example.com", "3001000001").await;
    let bob = sandbox.register_phone("+1", "2015550111").await;
    sandbox.send_email_code(&ana, "ana@example.com").await;
    sandbox.send_phone_code(&bob, "+1", "2015550111").await;
    sandbox.send_phone_code(&ana, "+57", "3001000001").await;
    sandbox.send_email_code(&ana, "ana@example.com").await;

    let outbox = sandbox.outbox().await;
    let summary: Vec<(&str, &str, &str)> = outbox
        .iter()
        .map(|m| {
            (
                m["channel"].as_str().unwrap_or_default(),
                m["to"].as_str().unwrap_or_default(),
                m["language"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("email", "ana@example.com", "es"),
            ("whatsapp", "+573001000001", "es"),
            ("sms", "+12015550111", "pt"),
            ("email", "ana@example.com", "es"),
        ]
    );
    assert_eq!(
        outbox[0]["code"], outbox[3]["code"],
        "the active code again"
    );
    assert_eq!(outbox[2]["registrationId"], bob.id.as_str());
}

#[tokio::test]
async fn reset_forgets_validations_cooldowns_and_the_outbox_and_puts_the_clock_back() {
    let sandbox = start().await;
    let first = both(&sandbox, "r@example.com", "3002000002").await;
    sandbox.send_phone_code(&first, "+57", "3002000002").await;
    sandbox.send_email_code(&first, "r@example.com").await;
    sandbox.advance_clock(30).await;

    sandbox.reset().await;
    assert!(sandbox.outbox().await.is_empty());
    assert_eq!(sandbox.advance_clock(0).await["offsetSeconds"], 0);
    // The same person again, at once: no cooldown left over, and a new e-mail code.
    let again = both(&sandbox, "r@example.com", "3002000002").await;
    let phone = sandbox.send_phone_code(&again, "+57", "3002000002").await;
    assert_eq!(phone["new"], true);
    let email = sandbox.send_email_code(&again, "r@example.com").await;
    assert_eq!(email["existing"], false);
    assert_eq!(sandbox.outbox().await.len(), 2);
}

/// Arms `fault` for the next call under `path`.
async fn arm_path(sandbox: &Sandbox, fault: &str, path: &str) {
    let response = sandbox
        .arm(json!({"fault": fault, "path": path, "count": 1}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let armed: Value = response.json().await.expect("JSON");
    assert_eq!(armed["armed"]["path"], path);
}

#[tokio::test]
async fn a_fault_on_a_validation_path_answers_its_calls_and_nothing_else() {
    let sandbox = start().await;
    sandbox
        .arm(json!({"fault": "status_503", "path": "/v2/email-validations", "count": 2, "retryAfter": 3}))
        .await;
    // Registrations and the phone calls are untouched.
    let registered = both(&sandbox, "f@example.com", "3003000003").await;
    sandbox
        .send_phone_code(&registered, "+57", "3003000003")
        .await;

    // The send, then a check (without a token even: the fault comes first).
    let send = sandbox
        .call(
            Method::POST,
            EMAIL_SEND,
            &registered.token,
            &email_send_body("f@example.com"),
        )
        .await;
    assert_eq!(
        send.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("3")
    );
    assert_error(
        send,
        StatusCode::SERVICE_UNAVAILABLE,
        "ServiceUnavailable",
        "sandbox fault: service unavailable",
    )
    .await;
    let check = sandbox
        .client
        .put(sandbox.url(&email_check("x")))
        .send()
        .await
        .expect("response");
    assert_eq!(check.status(), StatusCode::SERVICE_UNAVAILABLE);
    let armed: Value = sandbox
        .client
        .get(sandbox.url("/__sandbox/faults"))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    assert_eq!(armed, json!({"armed": null}));
    // The faulted send sent nothing; the next one goes through.
    assert_eq!(sandbox.outbox().await.len(), 1);
    let sent = sandbox.send_email_code(&registered, "f@example.com").await;
    assert_eq!(sent["existing"], false);

    // Aimed at the phone path: the e-mail calls and registrations pass.
    arm_path(&sandbox, "status_500", "/v2/phone-validations").await;
    sandbox.register_email("g@example.com").await;
    sandbox.send_email_code(&registered, "f@example.com").await;
    let check = sandbox
        .call(
            Method::PUT,
            PHONE_CHECK,
            &registered.token,
            &phone_check_body("+57", "3003000003", 1),
        )
        .await;
    assert_eq!(check.status(), StatusCode::INTERNAL_SERVER_ERROR);

    // A registration fault does not reach the validation calls.
    arm_path(&sandbox, "status_500", "/v2/app-registrations").await;
    sandbox.send_email_code(&registered, "f@example.com").await;
    assert_eq!(
        sandbox.create(email_body("h@example.com")).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn the_codes_own_errors_come_as_faults_too() {
    let sandbox = start().await;
    let registered = both(&sandbox, "k@example.com", "3004000004").await;
    arm_path(&sandbox, "otp_not_sent", "/v2/phone-validations").await;
    let send = sandbox
        .call(
            Method::POST,
            PHONE_SEND,
            &registered.token,
            &phone_send_body("+57", "3004000004"),
        )
        .await;
    assert_error(
        send,
        StatusCode::CONFLICT,
        "otp_not_sent",
        "409:otp_not_sent",
    )
    .await;
    assert!(sandbox.outbox().await.is_empty());
    // Nothing started a cooldown: the retry is sent.
    sandbox
        .send_phone_code(&registered, "+57", "3004000004")
        .await;

    arm_path(&sandbox, "token_expired", "/v2/email-validations").await;
    let send = sandbox
        .call(
            Method::POST,
            EMAIL_SEND,
            &registered.token,
            &email_send_body("k@example.com"),
        )
        .await;
    assert_error(
        send,
        StatusCode::UNAUTHORIZED,
        "InvalidCredentials",
        "Token expired",
    )
    .await;
}

#[tokio::test]
async fn success_shaped_faults_take_the_validation_shape() {
    let sandbox = start().await;
    let registered = both(&sandbox, "s@example.com", "3005000005").await;
    let send = || {
        let sandbox = &sandbox;
        let token = registered.token.clone();
        async move {
            sandbox
                .call(
                    Method::POST,
                    EMAIL_SEND,
                    &token,
                    &email_send_body("s@example.com"),
                )
                .await
        }
    };

    arm_path(&sandbox, "missing_id", "/v2/email-validations").await;
    let body: Value = send().await.json().await.expect("JSON");
    assert_eq!(body["data"]["status"], "sent");
    assert!(body["data"].get("_id").is_none(), "{body}");

    arm_path(&sandbox, "wrong_types", "/v2/email-validations").await;
    let body: Value = send().await.json().await.expect("JSON");
    assert!(
        body["data"]["_id"].is_number() && body["data"]["status"].is_array(),
        "{body}"
    );

    arm_path(&sandbox, "malformed_json", "/v2/email-validations").await;
    let text = send().await.text().await.expect("body");
    assert_eq!(text, r#"{"data":{"_id":"#);

    arm_path(&sandbox, "huge_body", "/v2/phone-validations").await;
    let huge = sandbox
        .call(
            Method::PUT,
            PHONE_CHECK,
            &registered.token,
            &phone_check_body("+57", "3005000005", 1),
        )
        .await;
    assert_eq!(huge.status(), StatusCode::OK);
    let text = huge.text().await.expect("body");
    assert_eq!(text.len(), 10 * 1024 * 1024);
    let body: Value = serde_json::from_str(&text).expect("valid JSON");
    assert!(body["data"]["_id"]
        .as_str()
        .is_some_and(|id| id.len() > 10_000_000));

    arm_path(&sandbox, "cross_origin_redirect", "/v2/phone-validations").await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let redirected = client
        .post(sandbox.url(PHONE_SEND))
        .bearer_auth(&registered.token)
        .json(&phone_send_body("+57", "3005000005"))
        .send()
        .await
        .expect("response");
    assert_eq!(redirected.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        redirected
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("https://redirect.invalid/v2/phone-validations")
    );
    assert!(sandbox.outbox().await.is_empty(), "no fault sent anything");
}

#[tokio::test]
async fn connection_faults_apply_to_validation_calls() {
    let sandbox = start_with(Config {
        timeout_fault: std::time::Duration::from_millis(500),
        ..Config::default()
    })
    .await;
    let registered = both(&sandbox, "c@example.com", "3006000006").await;
    arm_path(&sandbox, "drop_connection", "/v2/email-validations").await;
    let error = sandbox
        .client
        .put(sandbox.url(&email_check("x")))
        .bearer_auth(&registered.token)
        .json(&json!({"email": "c@example.com", "otp": 1}))
        .send()
        .await
        .expect_err("no response");
    assert!(!error.is_status() && !error.is_timeout(), "{error:?}");

    arm_path(&sandbox, "timeout", "/v2/phone-validations").await;
    let started = std::time::Instant::now();
    let error = sandbox
        .client
        .post(sandbox.url(PHONE_SEND))
        .bearer_auth(&registered.token)
        .json(&phone_send_body("+57", "3006000006"))
        .send()
        .await
        .expect_err("closed without an answer");
    assert!(!error.is_status(), "{error:?}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(450));
    assert!(sandbox.outbox().await.is_empty());
}

#[tokio::test]
async fn put_preflights_are_allowed_from_any_origin() {
    let sandbox = start().await;
    for path in [
        "/v2/email-validations/65772f3b427932d45a3811f9",
        "/v2/phone-validations",
    ] {
        let response = sandbox
            .client
            .request(Method::OPTIONS, sandbox.url(path))
            .header("origin", "https://shop.example")
            .header("access-control-request-method", "PUT")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await
            .expect("response");
        assert!(response.status().is_success(), "{}", response.status());
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default()
        };
        assert_eq!(header("access-control-allow-origin"), "*");
        assert!(header("access-control-allow-methods").contains("put"));
        assert!(header("access-control-allow-headers").contains("authorization"));
    }
    // The real call's answer is readable cross-origin too.
    let refused = sandbox
        .client
        .put(sandbox.url("/v2/phone-validations"))
        .header("origin", "https://shop.example")
        .json(&phone_check_body("+57", "3001234567", 1))
        .send()
        .await
        .expect("response");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
}
