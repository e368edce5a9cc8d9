//! `POST/GET /v2/app-registrations`: success shape, validation, duplicates.

use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use reqwest::StatusCode;
use serde_json::{json, Value};
use verifik_sandbox::auth::Claims;
use verifik_sandbox::config::DEV_JWT_SECRET;

use crate::common::*;

#[tokio::test]
async fn success_has_exactly_verifiks_shape_and_can_be_retrieved() {
    let sandbox = start().await;
    let response = sandbox
        .create(json!({
            "project": PROJECT, "projectFlow": FLOW, "email": "user@example.com",
            "phone": "3001234567", "countryCode": "+57", "language": "es"
        }))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_json(&response);
    let body: Value = response.json().await.expect("JSON");

    let data = body["data"].as_object().expect("data object");
    let mut keys: Vec<&str> = data.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["appRegistration", "informationValidation", "token"]);

    let registration = &data["appRegistration"];
    let object = registration.as_object().expect("appRegistration object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "_id",
            "client",
            "countryCode",
            "createdAt",
            "currentStep",
            "email",
            "language",
            "phone",
            "project",
            "projectFlow",
            "status",
            "updatedAt"
        ]
    );
    let id = registration["_id"].as_str().expect("id");
    assert!(is_object_id(&registration["_id"]), "{id}");
    assert_eq!(registration["client"], "5f8d0a24c6345c001fa9e2b2");
    assert_eq!(registration["project"], PROJECT);
    assert_eq!(registration["projectFlow"], FLOW);
    assert_eq!(registration["status"], "STARTED");
    assert_eq!(registration["email"], "user@example.com");
    assert_eq!(registration["countryCode"], "+57");
    assert_eq!(registration["phone"], "+573001234567");
    assert_eq!(registration["language"], "es");
    assert_eq!(registration["currentStep"], 1);
    assert!(
        is_rfc3339_millis(&registration["createdAt"]),
        "{registration}"
    );
    assert_eq!(registration["updatedAt"], registration["createdAt"]);

    let validation = data["informationValidation"].as_object().expect("object");
    assert_eq!(validation.len(), 1);
    assert!(is_object_id(&validation["_id"]));
    assert_ne!(validation["_id"], registration["_id"]);

    let token = data["token"].as_str().expect("token");
    let claims = decode::<Claims>(
        token,
        &DecodingKey::from_secret(DEV_JWT_SECRET.as_bytes()),
        &Validation::new(Algorithm::HS256),
    )
    .expect("registration token signed with the secret")
    .claims;
    assert_eq!(claims.sub, id);
    assert!(claims.exp > claims.iat);

    let one = sandbox.get(&format!("/v2/app-registrations/{id}")).await;
    assert_eq!(one.status(), StatusCode::OK);
    assert_json(&one);
    assert_eq!(
        one.json::<Value>().await.expect("JSON"),
        json!({"data": registration})
    );

    let all = sandbox.get("/v2/app-registrations").await;
    assert_eq!(all.status(), StatusCode::OK);
    assert_eq!(
        all.json::<Value>().await.expect("JSON"),
        json!({"data": [registration]})
    );
}

#[tokio::test]
async fn optional_fields_are_omitted_and_language_defaults_to_en() {
    let sandbox = start().await;
    let email_only: Value = sandbox
        .create(json!({"project": PROJECT, "projectFlow": FLOW, "email": "a@example.com", "unknown": {"x": 1}}))
        .await
        .json()
        .await
        .expect("JSON");
    let registration = &email_only["data"]["appRegistration"];
    assert_eq!(registration["language"], "en");
    assert_eq!(registration["email"], "a@example.com");
    assert!(registration.get("phone").is_none());
    assert!(registration.get("countryCode").is_none());

    let phone_only: Value = sandbox
        .create(json!({"project": PROJECT, "projectFlow": FLOW, "phone": "2025550123", "countryCode": "+1", "language": "pt"}))
        .await
        .json()
        .await
        .expect("JSON");
    let registration = &phone_only["data"]["appRegistration"];
    assert_eq!(registration["phone"], "+12025550123");
    assert_eq!(registration["countryCode"], "+1");
    assert_eq!(registration["language"], "pt");
    assert!(registration.get("email").is_none());
}

#[tokio::test]
async fn missing_parameters_in_documented_order() {
    let sandbox = start().await;
    let cases = [
        (
            json!({"projectFlow": FLOW, "email": "a@example.com"}),
            "missing project",
        ),
        (
            json!({"project": "", "projectFlow": FLOW, "email": "a@example.com"}),
            "missing project",
        ),
        (
            json!({"project": PROJECT, "email": "a@example.com"}),
            "missing projectFlow",
        ),
        (
            json!({"project": PROJECT, "projectFlow": null, "email": "a@example.com"}),
            "missing projectFlow",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW}),
            "Needs an email or a phone at least",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": "", "phone": null}),
            "Needs an email or a phone at least",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "phone": "3001234567"}),
            "missing countryCode",
        ),
        // Missing wins over malformed: a bad project id is reported after a missing flow.
        (
            json!({"project": "nope", "email": "a@example.com"}),
            "missing projectFlow",
        ),
        (json!({}), "missing project"),
    ];
    for (body, message) in cases {
        let response = sandbox.create(body.clone()).await;
        assert_error(response, StatusCode::CONFLICT, "MissingParameter", message).await;
    }
}

#[tokio::test]
async fn malformed_fields_are_invalid_arguments() {
    let sandbox = start().await;
    let long_email = format!("{}@example.com", "a".repeat(243));
    let cases = [
        (
            json!({"project": "5f8d0a24c6345c001fa9e2b", "projectFlow": FLOW, "email": "a@example.com"}),
            "invalid project",
        ),
        (
            json!({"project": "5f8d0a24c6345c001fa9e2bg", "projectFlow": FLOW, "email": "a@example.com"}),
            "invalid project",
        ),
        (
            json!({"project": 12, "projectFlow": FLOW, "email": "a@example.com"}),
            "invalid project",
        ),
        (
            json!({"project": PROJECT, "projectFlow": "x", "email": "a@example.com"}),
            "invalid projectFlow",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": 42}),
            "invalid email",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": "not-an-email"}),
            "invalid email",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": "a@example"}),
            "invalid email",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": "a b@example.com"}),
            "invalid email",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": long_email}),
            "invalid email",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "phone": "300-123-4567", "countryCode": "+57"}),
            "invalid phone",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "phone": "123", "countryCode": "+57"}),
            "invalid phone",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "phone": 3001234567_u64, "countryCode": "+57"}),
            "invalid phone",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "phone": "3001234567", "countryCode": "57"}),
            "invalid countryCode",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "phone": "3001234567", "countryCode": "+5701"}),
            "invalid countryCode",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": "a@example.com", "language": "fr"}),
            "invalid language",
        ),
        (
            json!({"project": PROJECT, "projectFlow": FLOW, "email": "a@example.com", "language": 1}),
            "invalid language",
        ),
    ];
    for (body, message) in cases {
        let response = sandbox.create(body.clone()).await;
        assert_error(response, StatusCode::CONFLICT, "InvalidArgument", message).await;
    }
    // The 254-character address itself is fine.
    let ok = sandbox
        .create(email_body(&format!("{}@example.com", "a".repeat(242))))
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn blocked_domains_are_refused_case_insensitively() {
    let sandbox = start().await;
    for email in [
        "someone@mailinator.com",
        "Someone@MAILINATOR.com",
        "x@blocked.example",
    ] {
        let response = sandbox.create(email_body(email)).await;
        assert_error(
            response,
            StatusCode::PRECONDITION_FAILED,
            "PreconditionFailed",
            "email domain not allowed",
        )
        .await;
    }
    // Exact domain match only.
    let sub = sandbox.create(email_body("x@eu.mailinator.com")).await;
    assert_eq!(sub.status(), StatusCode::OK);
    assert_eq!(sandbox.registrations().await.len(), 1);
}

#[tokio::test]
async fn duplicates_conflict_within_a_project_only() {
    let sandbox = start().await;
    let first = sandbox
        .create(json!({"project": PROJECT, "projectFlow": FLOW, "email": "dup@example.com", "phone": "3001234567", "countryCode": "+57"}))
        .await;
    assert_eq!(first.status(), StatusCode::OK);

    let same_email = sandbox.create(email_body("DUP@Example.com")).await;
    assert_error(
        same_email,
        StatusCode::CONFLICT,
        "Conflict",
        "email_is_registered_already",
    )
    .await;

    let same_phone = sandbox
        .create(json!({"project": PROJECT, "projectFlow": FLOW, "phone": "3001234567", "countryCode": "+57"}))
        .await;
    assert_error(
        same_phone,
        StatusCode::CONFLICT,
        "Conflict",
        "phone_is_registered_already",
    )
    .await;

    let both = sandbox
        .create(json!({"project": PROJECT, "projectFlow": FLOW, "email": "dup@example.com", "phone": "3001234567", "countryCode": "+57"}))
        .await;
    assert_error(
        both,
        StatusCode::CONFLICT,
        "Conflict",
        "email_is_registered_already",
    )
    .await;

    // Same digits in another country are another phone.
    let other_country = sandbox
        .create(json!({"project": PROJECT, "projectFlow": FLOW, "phone": "3001234567", "countryCode": "+1"}))
        .await;
    assert_eq!(other_country.status(), StatusCode::OK);

    let other_project = sandbox
        .create(json!({"project": OTHER_PROJECT, "projectFlow": FLOW, "email": "dup@example.com", "phone": "3001234567", "countryCode": "+57"}))
        .await;
    assert_eq!(other_project.status(), StatusCode::OK);
}

#[tokio::test]
async fn retrieval_lists_oldest_first_and_404s_unknown_ids() {
    let sandbox = start().await;
    for email in ["one@example.com", "two@example.com", "three@example.com"] {
        assert_eq!(
            sandbox.create(email_body(email)).await.status(),
            StatusCode::OK
        );
    }
    let all = sandbox.registrations().await;
    let emails: Vec<&str> = all.iter().filter_map(|r| r["email"].as_str()).collect();
    assert_eq!(
        emails,
        ["one@example.com", "two@example.com", "three@example.com"]
    );

    for id in ["000000000000000000000000", "nope", "%FF"] {
        let response = sandbox.get(&format!("/v2/app-registrations/{id}")).await;
        assert_error(
            response,
            StatusCode::NOT_FOUND,
            "NotFound",
            "app registration not found",
        )
        .await;
    }
}

#[tokio::test]
async fn reset_forgets_registrations() {
    let sandbox = start().await;
    assert_eq!(
        sandbox
            .create(email_body("again@example.com"))
            .await
            .status(),
        StatusCode::OK
    );
    let reset = sandbox
        .client
        .post(sandbox.url("/__sandbox/reset"))
        .send()
        .await
        .expect("response");
    assert_eq!(reset.status(), StatusCode::OK);
    assert_json(&reset);
    assert_eq!(sandbox.registrations().await, Vec::<Value>::new());
    assert_eq!(
        sandbox
            .create(email_body("again@example.com"))
            .await
            .status(),
        StatusCode::OK
    );
}
