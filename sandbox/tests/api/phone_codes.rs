//! Phone codes: `POST /v2/phone-validations/app-registration` and `PUT /v2/phone-validations`
//! as a widget uses them: the gateway rule, the cooldown, expiry, reuse.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::verify_common::*;

#[tokio::test]
async fn send_answers_verifiks_shape_with_whatsapp_outside_plus_one() {
    let sandbox = start().await;
    let registered = sandbox.register_phone("+57", "3001234567").await;
    // Spaces are removed, as Verifik does.
    let sent = sandbox
        .send_phone_code(&registered, "+57", "300 123 4567")
        .await;
    let mut keys: Vec<&str> = sent
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "_id",
            "countryCode",
            "expiresAt",
            "language",
            "new",
            "otp",
            "phone",
            "phoneGateway",
            "status"
        ]
    );
    assert!(is_object_id(&sent["_id"]), "{sent}");
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["countryCode"], "+57");
    assert_eq!(sent["phone"], "3001234567");
    assert_eq!(sent["phoneGateway"], "whatsapp");
    assert_eq!(sent["language"], "pt");
    assert_eq!(sent["new"], true);
    assert!(
        (595..=600).contains(&seconds_from_now(&sent["expiresAt"])),
        "{sent}"
    );

    let outbox = sandbox.outbox().await;
    assert_eq!(outbox.len(), 1);
    let message = &outbox[0];
    assert_eq!(message["channel"], "whatsapp");
    assert_eq!(message["to"], "+573001234567");
    assert_eq!(message["language"], "pt");
    assert_eq!(message["registrationId"], registered.id.as_str());
    let code = message["code"].as_str().expect("code");
    assert_eq!(code.len(), 6);
    assert!(!sent.to_string().contains(code), "{sent}");
}

#[tokio::test]
async fn plus_one_numbers_get_sms() {
    let sandbox = start().await;
    let registered = sandbox.register_phone("+1", "2015550123").await;
    let sent = sandbox
        .send_phone_code(&registered, "+1", "2015550123")
        .await;
    assert_eq!(sent["phoneGateway"], "sms");
    let outbox = sandbox.outbox().await;
    assert_eq!(outbox[0]["channel"], "sms");
    assert_eq!(outbox[0]["to"], "+12015550123");
    // The gateway narrows a check: the right code by the wrong gateway finds nothing.
    let code = number(&sandbox.code_sent_to("+12015550123").await);
    let mut by_whatsapp = phone_check_body("+1", "2015550123", code);
    by_whatsapp["phoneGateway"] = json!("whatsapp");
    assert_eq!(
        sandbox
            .call(Method::PUT, PHONE_CHECK, &registered.token, &by_whatsapp)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let mut by_sms = phone_check_body("+1", "2015550123", code);
    by_sms["phoneGateway"] = json!("sms");
    by_sms["project"] = json!(PROJECT);
    by_sms["projectFlow"] = json!(FLOW);
    let validated = sandbox
        .ok(Method::PUT, PHONE_CHECK, &registered.token, &by_sms)
        .await;
    assert_eq!(
        validated,
        json!({
            "_id": sent["_id"], "status": "validated", "countryCode": "+1",
            "phone": "2015550123", "type": "onboarding", "showFaceLivenessRecommendation": false
        })
    );
}

#[tokio::test]
async fn wrong_then_right_then_reused() {
    let sandbox = start().await;
    let registered = sandbox.register_phone("+57", "3009998877").await;
    sandbox
        .send_phone_code(&registered, "+57", "3009998877")
        .await;
    let code = sandbox.code_sent_to("+573009998877").await;
    let check = |otp: u32| {
        let sandbox = &sandbox;
        let token = registered.token.clone();
        async move {
            sandbox
                .call(
                    Method::PUT,
                    PHONE_CHECK,
                    &token,
                    &phone_check_body("+57", "300 999 8877", otp),
                )
                .await
        }
    };
    assert_error(
        check(wrong(&code)).await,
        StatusCode::FORBIDDEN,
        "otp_does_not_match",
        "403:otp_does_not_match",
    )
    .await;
    assert_eq!(check(number(&code)).await.status(), StatusCode::OK);
    assert_error(
        check(number(&code)).await,
        StatusCode::NOT_FOUND,
        "phone_validation_not_found",
        "404:phone_validation_not_found",
    )
    .await;
}

#[tokio::test]
async fn a_second_send_within_two_minutes_is_refused_and_sends_nothing() {
    let sandbox = start().await;
    let registered = sandbox.register_phone("+57", "3005556677").await;
    let first = sandbox
        .send_phone_code(&registered, "+57", "3005556677")
        .await;
    let first_code = sandbox.code_sent_to("+573005556677").await;
    let send = || {
        let sandbox = &sandbox;
        let token = registered.token.clone();
        async move {
            sandbox
                .call(
                    Method::POST,
                    PHONE_SEND,
                    &token,
                    &phone_send_body("+57", "3005556677"),
                )
                .await
        }
    };
    assert_error(
        send().await,
        StatusCode::CONFLICT,
        "otp_recently_sent",
        "409:otp_recently_sent",
    )
    .await;
    sandbox.advance_clock(110).await;
    assert_eq!(send().await.status(), StatusCode::CONFLICT);
    assert_eq!(
        sandbox.outbox().await.len(),
        1,
        "no message during the cooldown"
    );

    // Two minutes on: the same validation, a new code, ten new minutes.
    sandbox.advance_clock(10).await;
    let response = send().await;
    assert_eq!(response.status(), StatusCode::OK);
    let again: Value = response.json().await.expect("JSON");
    let again = &again["data"];
    assert_eq!(again["_id"], first["_id"]);
    assert_eq!(again["new"], false);
    assert!(
        (715..=720).contains(&seconds_from_now(&again["expiresAt"])),
        "{again}"
    );
    let outbox = sandbox.outbox().await;
    assert_eq!(outbox.len(), 2);
    let new_code = outbox[0]["code"].as_str().expect("code").to_owned();
    // Only the newest code works; the first was replaced.
    if new_code != first_code {
        let old = sandbox
            .call(
                Method::PUT,
                PHONE_CHECK,
                &registered.token,
                &phone_check_body("+57", "3005556677", number(&first_code)),
            )
            .await;
        assert_eq!(old.status(), StatusCode::FORBIDDEN);
    }
    sandbox
        .ok(
            Method::PUT,
            PHONE_CHECK,
            &registered.token,
            &phone_check_body("+57", "3005556677", number(&new_code)),
        )
        .await;
    // The cooldown counts from the last send, validated or not.
    assert_eq!(send().await.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_expired_code_is_refused_and_a_new_send_makes_a_new_one() {
    let sandbox = start().await;
    let registered = sandbox.register_phone("+52", "5512345678").await;
    let first = sandbox
        .send_phone_code(&registered, "+52", "5512345678")
        .await;
    let code = sandbox.code_sent_to("+525512345678").await;
    sandbox.advance_clock(600).await;
    let expired = sandbox
        .call(
            Method::PUT,
            PHONE_CHECK,
            &registered.token,
            &phone_check_body("+52", "5512345678", number(&code)),
        )
        .await;
    assert_error(
        expired,
        StatusCode::PRECONDITION_FAILED,
        "phoneValidation_has_expired",
        "412:phoneValidation_has_expired",
    )
    .await;
    let second = sandbox
        .send_phone_code(&registered, "+52", "5512345678")
        .await;
    assert_eq!(second["new"], true);
    assert_ne!(second["_id"], first["_id"]);
    let new_code = sandbox.code_sent_to("+525512345678").await;
    let validated = sandbox
        .ok(
            Method::PUT,
            PHONE_CHECK,
            &registered.token,
            &phone_check_body("+52", "5512345678", number(&new_code)),
        )
        .await;
    assert_eq!(validated["_id"], second["_id"]);
}

#[tokio::test]
async fn a_registration_reaches_only_its_own_number_and_validations() {
    let sandbox = start().await;
    let ana = sandbox.register_phone("+57", "3001110001").await;
    let bob = sandbox.register_phone("+57", "3001110002").await;
    let email_only = sandbox.register_email("only@example.com").await;

    for (registered, country_code, phone) in [
        (&ana, "+57", "3001110002"),
        (&ana, "+58", "3001110001"),
        (&email_only, "+57", "3001110001"),
    ] {
        let response = sandbox
            .call(
                Method::POST,
                PHONE_SEND,
                &registered.token,
                &phone_send_body(country_code, phone),
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
    let mut other_project = phone_send_body("+57", "3001110001");
    other_project["project"] = json!(OTHER_PROJECT);
    assert_error(
        sandbox
            .call(Method::POST, PHONE_SEND, &ana.token, &other_project)
            .await,
        StatusCode::NOT_FOUND,
        "project_not_found",
        "404:project_not_found",
    )
    .await;
    assert!(sandbox.outbox().await.is_empty(), "nothing was sent");

    sandbox.send_phone_code(&bob, "+57", "3001110002").await;
    let bob_code = number(&sandbox.code_sent_to("+573001110002").await);
    let stolen = sandbox
        .call(
            Method::PUT,
            PHONE_CHECK,
            &ana.token,
            &phone_check_body("+57", "3001110002", bob_code),
        )
        .await;
    assert_error(
        stolen,
        StatusCode::NOT_FOUND,
        "phone_validation_not_found",
        "404:phone_validation_not_found",
    )
    .await;
    sandbox
        .ok(
            Method::PUT,
            PHONE_CHECK,
            &bob.token,
            &phone_check_body("+57", "3001110002", bob_code),
        )
        .await;
}

#[tokio::test]
async fn missing_and_malformed_fields() {
    let sandbox = start().await;
    let registered = sandbox.register_phone("+57", "3004443322").await;
    let call = |method: Method, path: &'static str, body: Value| {
        let sandbox = &sandbox;
        let token = registered.token.clone();
        async move { sandbox.call(method, path, &token, &body).await }
    };
    assert_error(
        call(Method::POST, PHONE_SEND, json!({"project": PROJECT})).await,
        StatusCode::CONFLICT,
        "MissingParameter",
        "missing validationMethod, phone, countryCode, type",
    )
    .await;
    assert_error(
        call(
            Method::POST,
            PHONE_SEND,
            phone_send_body("57", "3004443322"),
        )
        .await,
        StatusCode::CONFLICT,
        "MissingParameter",
        "Invalid countryCode format",
    )
    .await;
    assert!(sandbox.outbox().await.is_empty());

    sandbox
        .send_phone_code(&registered, "+57", "3004443322")
        .await;
    let code = sandbox.code_sent_to("+573004443322").await;
    assert_error(
        call(Method::PUT, PHONE_CHECK, json!({"phone": "3004443322"})).await,
        StatusCode::CONFLICT,
        "MissingParameter",
        "missing countryCode, otp",
    )
    .await;
    assert_error(
        call(
            Method::PUT,
            PHONE_CHECK,
            json!({"phone": "3004443322", "countryCode": "+57", "otp": code}),
        )
        .await,
        StatusCode::CONFLICT,
        "InvalidArgument",
        "invalid otp",
    )
    .await;
    assert_error(
        call(
            Method::PUT,
            PHONE_CHECK,
            phone_check_body("+5777", "3004443322", number(&code)),
        )
        .await,
        StatusCode::CONFLICT,
        "MissingParameter",
        "Invalid countryCode format",
    )
    .await;
    assert_eq!(
        call(
            Method::PUT,
            PHONE_CHECK,
            phone_check_body("+57", "3004443322", number(&code))
        )
        .await
        .status(),
        StatusCode::OK
    );
}
