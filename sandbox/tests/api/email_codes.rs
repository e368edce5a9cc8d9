//! E-mail codes: `POST /v2/email-validations/app-registration` and
//! `PUT /v2/email-validations/{id}` as a widget uses them.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::verify_common::*;

/// The members of a JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn send_answers_verifiks_shape_and_the_code_reaches_the_outbox() {
    let sandbox = start().await;
    let registered = sandbox
        .register(json!({
            "project": PROJECT, "projectFlow": FLOW, "email": "Ana@Example.com", "language": "es"
        }))
        .await;
    // Sent as typed in another case, with stray spaces: Verifik normalizes the address.
    let sent = sandbox
        .send_email_code(&registered, " ana@EXAMPLE.com")
        .await;
    assert_eq!(
        keys(&sent),
        [
            "_id",
            "email",
            "existing",
            "expiresAt",
            "otp",
            "sent",
            "status",
            "type"
        ]
    );
    assert!(is_object_id(&sent["_id"]), "{sent}");
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["email"], "ana@example.com");
    assert_eq!(sent["type"], "onboarding");
    assert_eq!(sent["existing"], false);
    assert_eq!(sent["sent"], true);
    assert!(
        (595..=600).contains(&seconds_from_now(&sent["expiresAt"])),
        "{sent}"
    );

    let outbox = sandbox.outbox().await;
    assert_eq!(outbox.len(), 1);
    let message = &outbox[0];
    assert_eq!(
        keys(message),
        [
            "channel",
            "code",
            "language",
            "registrationId",
            "sentAt",
            "to"
        ]
    );
    assert_eq!(message["channel"], "email");
    assert_eq!(message["to"], "ana@example.com");
    assert_eq!(message["language"], "es");
    assert_eq!(message["registrationId"], registered.id.as_str());
    assert!(
        (-5..=0).contains(&seconds_from_now(&message["sentAt"])),
        "{message}"
    );
    let code = message["code"].as_str().expect("code");
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with('0'),
        "{code}"
    );
    // The answer never carries the code itself.
    let digest = sent["otp"].as_str().expect("otp is text");
    assert!(digest.len() >= 32 && digest != code, "{digest}");
    assert!(!sent.to_string().contains(code), "{sent}");
}

#[tokio::test]
async fn the_right_code_validates_once_and_a_wrong_one_does_not_spend_it() {
    let sandbox = start().await;
    let registered = sandbox.register_email("bo@example.com").await;
    let sent = sandbox.send_email_code(&registered, "bo@example.com").await;
    let id = sent["_id"].as_str().expect("id");
    let code = sandbox.code_sent_to("bo@example.com").await;

    let wrong_code = sandbox
        .call(
            Method::PUT,
            &email_check(id),
            &registered.token,
            &json!({"email": "bo@example.com", "otp": wrong(&code)}),
        )
        .await;
    assert_error(
        wrong_code,
        StatusCode::FORBIDDEN,
        "otp_does_not_match",
        "403:otp_does_not_match",
    )
    .await;

    let right = json!({"email": "bo@example.com", "otp": number(&code)});
    let validated = sandbox
        .ok(Method::PUT, &email_check(id), &registered.token, &right)
        .await;
    assert_eq!(
        validated,
        json!({
            "_id": id, "status": "validated", "email": "bo@example.com", "type": "onboarding",
            "showFaceLivenessRecommendation": false
        })
    );

    // Spent: the same code again finds no pending validation.
    let reused = sandbox
        .call(Method::PUT, &email_check(id), &registered.token, &right)
        .await;
    assert_error(
        reused,
        StatusCode::NOT_FOUND,
        "email_validation_not_found",
        "404:email_validation_not_found",
    )
    .await;
}

#[tokio::test]
async fn sending_again_resends_the_active_code_and_restarts_its_ten_minutes() {
    let sandbox = start().await;
    let registered = sandbox.register_email("cy@example.com").await;
    let first = sandbox.send_email_code(&registered, "cy@example.com").await;
    let code = sandbox.code_sent_to("cy@example.com").await;

    sandbox.advance_clock(540).await;
    let again = sandbox.send_email_code(&registered, "cy@example.com").await;
    assert_eq!(again["_id"], first["_id"]);
    assert_eq!(again["existing"], true);
    assert_eq!(again["otp"], first["otp"]);
    // Ten minutes from the re-send: 540 s ahead of the system clock, plus 600.
    assert!(
        (1_135..=1_140).contains(&seconds_from_now(&again["expiresAt"])),
        "{again}"
    );
    let outbox = sandbox.outbox().await;
    let codes: Vec<&Value> = outbox.iter().map(|m| &m["code"]).collect();
    assert_eq!(codes, [&json!(code), &json!(code)]);

    // 9 minutes after the first send's expiry, the code still works thanks to the re-send.
    sandbox.advance_clock(540).await;
    let id = first["_id"].as_str().expect("id");
    sandbox
        .ok(
            Method::PUT,
            &email_check(id),
            &registered.token,
            &json!({"email": "cy@example.com", "otp": number(&code)}),
        )
        .await;
}

#[tokio::test]
async fn an_expired_code_is_refused_and_a_new_send_makes_a_new_one() {
    let sandbox = start().await;
    let registered = sandbox.register_email("di@example.com").await;
    let first = sandbox.send_email_code(&registered, "di@example.com").await;
    let old_id = first["_id"].as_str().expect("id").to_owned();
    let old_code = sandbox.code_sent_to("di@example.com").await;
    let check = |id: &str, code: &str| {
        let body = json!({"email": "di@example.com", "otp": number(code)});
        let path = email_check(id);
        let sandbox = &sandbox;
        let token = registered.token.clone();
        async move { sandbox.call(Method::PUT, &path, &token, &body).await }
    };

    sandbox.advance_clock(590).await;
    // Still alive at 590 s: a wrong code is only wrong.
    assert_eq!(
        check(&old_id, &wrong(&old_code).to_string()).await.status(),
        StatusCode::FORBIDDEN
    );
    sandbox.advance_clock(10).await;
    for code in [old_code.clone(), wrong(&old_code).to_string()] {
        assert_error(
            check(&old_id, &code).await,
            StatusCode::PRECONDITION_FAILED,
            "emailValidation_has_expired",
            "412:emailValidation_has_expired",
        )
        .await;
    }

    let second = sandbox.send_email_code(&registered, "di@example.com").await;
    assert_eq!(second["existing"], false);
    assert_ne!(second["_id"], first["_id"]);
    let new_code = sandbox.code_sent_to("di@example.com").await;
    let new_id = second["_id"].as_str().expect("id");
    assert_eq!(check(new_id, &new_code).await.status(), StatusCode::OK);
    // The expired one stays expired.
    assert_eq!(
        check(&old_id, &old_code).await.status(),
        StatusCode::PRECONDITION_FAILED
    );
}

#[tokio::test]
async fn codes_are_random() {
    let sandbox = start().await;
    let mut codes = Vec::new();
    for n in 0..12 {
        let email = format!("random{n}@example.com");
        let registered = sandbox.register_email(&email).await;
        sandbox.send_email_code(&registered, &email).await;
        codes.push(sandbox.code_sent_to(&email).await);
    }
    codes.sort_unstable();
    codes.dedup();
    // Twelve draws from 900,000 codes: a repeat is a one-in-ten-thousand event.
    assert!(codes.len() >= 11, "{codes:?}");
}

#[tokio::test]
async fn a_registration_reaches_only_its_own_address_and_validations() {
    let sandbox = start().await;
    let ana = sandbox.register_email("ana@example.com").await;
    let bob = sandbox.register_email("bob@example.com").await;
    let phone_only = sandbox.register_phone("+57", "3001112233").await;

    // Another registration's address, or none at all: this registration has no such address.
    for (registered, email) in [(&ana, "bob@example.com"), (&phone_only, "ana@example.com")] {
        let response = sandbox
            .call(
                Method::POST,
                EMAIL_SEND,
                &registered.token,
                &email_send_body(email),
            )
            .await;
        assert_error(
            response,
            StatusCode::NOT_FOUND,
            "NotFound",
            "app registration not found",
        )
        .await;
    }
    // Another project than the registration's.
    let mut other_project = email_send_body("ana@example.com");
    other_project["project"] = json!(OTHER_PROJECT);
    assert_error(
        sandbox
            .call(Method::POST, EMAIL_SEND, &ana.token, &other_project)
            .await,
        StatusCode::NOT_FOUND,
        "project_not_found",
        "404:project_not_found",
    )
    .await;
    assert!(sandbox.outbox().await.is_empty(), "nothing was sent");

    // Bob's code, checked with Ana's token (with his address or hers), is not found.
    let sent = sandbox.send_email_code(&bob, "bob@example.com").await;
    let bob_id = sent["_id"].as_str().expect("id");
    let bob_code = number(&sandbox.code_sent_to("bob@example.com").await);
    for email in ["bob@example.com", "ana@example.com"] {
        let response = sandbox
            .call(
                Method::PUT,
                &email_check(bob_id),
                &ana.token,
                &json!({"email": email, "otp": bob_code}),
            )
            .await;
        assert_error(
            response,
            StatusCode::NOT_FOUND,
            "email_validation_not_found",
            "404:email_validation_not_found",
        )
        .await;
    }
    // With his own token and another address, neither.
    let response = sandbox
        .call(
            Method::PUT,
            &email_check(bob_id),
            &bob.token,
            &json!({"email": "ana@example.com", "otp": bob_code}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Those refusals did not spend it: Bob's own check works.
    sandbox
        .ok(
            Method::PUT,
            &email_check(bob_id),
            &bob.token,
            &json!({"email": "bob@example.com", "otp": bob_code}),
        )
        .await;
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_not_found() {
    let sandbox = start().await;
    let registered = sandbox.register_email("id@example.com").await;
    let body = json!({"email": "id@example.com", "otp": 123456});
    for id in ["000000000000000000000000", "nope", "%FF%FE"] {
        let response = sandbox
            .call(Method::PUT, &email_check(id), &registered.token, &body)
            .await;
        assert_error(
            response,
            StatusCode::NOT_FOUND,
            "email_validation_not_found",
            "404:email_validation_not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn missing_and_malformed_fields() {
    let sandbox = start().await;
    let registered = sandbox.register_email("mf@example.com").await;
    let send = |body: Value| {
        let sandbox = &sandbox;
        let token = registered.token.clone();
        async move { sandbox.call(Method::POST, EMAIL_SEND, &token, &body).await }
    };
    assert_error(
        send(json!({"email": "mf@example.com"})).await,
        StatusCode::CONFLICT,
        "MissingParameter",
        "missing project, validationMethod, type",
    )
    .await;
    let mut bad = email_send_body("mf@example");
    assert_error(
        send(bad.clone()).await,
        StatusCode::CONFLICT,
        "MissingParameter",
        "Invalid email format",
    )
    .await;
    bad["email"] = json!("mf@example.com");
    bad["type"] = json!("login");
    assert_error(
        send(bad).await,
        StatusCode::CONFLICT,
        "InvalidArgument",
        "invalid type",
    )
    .await;

    sandbox.send_email_code(&registered, "mf@example.com").await;
    let code = sandbox.code_sent_to("mf@example.com").await;
    let id = sandbox.send_email_code(&registered, "mf@example.com").await["_id"]
        .as_str()
        .expect("id")
        .to_owned();
    let check = |body: Value| {
        let sandbox = &sandbox;
        let token = registered.token.clone();
        let path = email_check(&id);
        async move { sandbox.call(Method::PUT, &path, &token, &body).await }
    };
    for body in [
        json!({"email": "mf@example.com"}),
        json!({"otp": number(&code)}),
        json!({"email": "", "otp": number(&code)}),
    ] {
        assert_error(
            check(body).await,
            StatusCode::CONFLICT,
            "MissingParameter",
            "missing_email_and_otp",
        )
        .await;
    }
    // The right code as a string: Verifik documents a number, and the sandbox holds to it.
    assert_error(
        check(json!({"email": "mf@example.com", "otp": code})).await,
        StatusCode::CONFLICT,
        "InvalidArgument",
        "invalid otp",
    )
    .await;
    // Refusals spent nothing.
    assert_eq!(
        check(json!({"email": "mf@example.com", "otp": number(&code)}))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn body_checks_come_after_the_token_and_answer_as_registrations_do() {
    let sandbox = start().await;
    let registered = sandbox.register_email("bc@example.com").await;
    let as_text = sandbox
        .client
        .post(sandbox.url(EMAIL_SEND))
        .bearer_auth(&registered.token)
        .header("content-type", "text/plain")
        .body(email_send_body("bc@example.com").to_string())
        .send()
        .await
        .expect("response");
    error_message(
        as_text,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UnsupportedMediaType",
    )
    .await;
    let not_object = sandbox
        .call(
            Method::PUT,
            &email_check("x"),
            &registered.token,
            &json!([1]),
        )
        .await;
    error_message(not_object, StatusCode::BAD_REQUEST, "InvalidContent").await;
    let wrong_method = sandbox
        .client
        .get(sandbox.url(EMAIL_SEND))
        .send()
        .await
        .expect("response");
    error_message(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
    )
    .await;
}
