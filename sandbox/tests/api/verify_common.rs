//! Helpers for the one-time-code calls: register someone, send and check codes with the
//! registration's own token, read the outbox.

use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::common::*;

pub const EMAIL_SEND: &str = "/v2/email-validations/app-registration";
pub const PHONE_SEND: &str = "/v2/phone-validations/app-registration";
pub const PHONE_CHECK: &str = "/v2/phone-validations";

pub fn email_check(id: &str) -> String {
    format!("/v2/email-validations/{id}")
}

/// A registration as the widget holds it after `POST /v2/app-registrations`.
pub struct Registered {
    pub id: String,
    pub token: String,
}

/// `POST /v2/email-validations/app-registration`'s body for `email`, in `PROJECT`.
pub fn email_send_body(email: &str) -> Value {
    json!({"project": PROJECT, "validationMethod": "verificationCode", "email": email, "type": "onboarding"})
}

/// `POST /v2/phone-validations/app-registration`'s body, in `PROJECT`.
pub fn phone_send_body(country_code: &str, phone: &str) -> Value {
    json!({
        "project": PROJECT, "validationMethod": "verificationCode", "phone": phone,
        "countryCode": country_code, "type": "onboarding"
    })
}

/// `PUT /v2/phone-validations`'s body.
pub fn phone_check_body(country_code: &str, phone: &str, otp: u32) -> Value {
    json!({"phone": phone, "countryCode": country_code, "otp": otp})
}

/// The code as the JSON number a client sends.
pub fn number(code: &str) -> u32 {
    code.parse().expect("six digits")
}

impl Sandbox {
    /// Registers `body` (which must succeed): its id and token.
    pub async fn register(&self, body: Value) -> Registered {
        let response = self.create(body).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("JSON");
        Registered {
            id: body["data"]["appRegistration"]["_id"]
                .as_str()
                .expect("id")
                .to_owned(),
            token: body["data"]["token"].as_str().expect("token").to_owned(),
        }
    }

    /// Registers `email` alone in `PROJECT`.
    pub async fn register_email(&self, email: &str) -> Registered {
        self.register(email_body(email)).await
    }

    /// Registers a phone alone in `PROJECT`.
    pub async fn register_phone(&self, country_code: &str, phone: &str) -> Registered {
        self.register(json!({
            "project": PROJECT, "projectFlow": FLOW, "phone": phone,
            "countryCode": country_code, "language": "pt"
        }))
        .await
    }

    /// A JSON call with `token` as the bearer.
    pub async fn call(&self, method: Method, path: &str, token: &str, body: &Value) -> Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("response")
    }

    /// A call that must succeed: its `data`.
    pub async fn ok(&self, method: Method, path: &str, token: &str, body: &Value) -> Value {
        let response = self.call(method, path, token, body).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_json(&response);
        let body: Value = response.json().await.expect("JSON");
        body["data"].clone()
    }

    /// Sends an e-mail code to `registered`'s `email`: the answer's `data`.
    pub async fn send_email_code(&self, registered: &Registered, email: &str) -> Value {
        self.ok(
            Method::POST,
            EMAIL_SEND,
            &registered.token,
            &email_send_body(email),
        )
        .await
    }

    /// Sends a phone code to `registered`'s number: the answer's `data`.
    pub async fn send_phone_code(
        &self,
        registered: &Registered,
        country_code: &str,
        phone: &str,
    ) -> Value {
        self.ok(
            Method::POST,
            PHONE_SEND,
            &registered.token,
            &phone_send_body(country_code, phone),
        )
        .await
    }

    /// Every message sent, newest first.
    pub async fn outbox(&self) -> Vec<Value> {
        let response = self
            .client
            .get(self.url("/__sandbox/outbox"))
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        assert_json(&response);
        let body: Value = response.json().await.expect("JSON");
        body["data"].as_array().expect("a list under data").clone()
    }

    /// The code of the newest message to `to`, as a test reads it from the outbox.
    pub async fn code_sent_to(&self, to: &str) -> String {
        let outbox = self.outbox().await;
        let message = outbox
            .iter()
            .find(|m| m["to"] == to)
            .unwrap_or_else(|| panic!("no message to {to} in {outbox:?}"));
        message["code"].as_str().expect("code").to_owned()
    }
}

/// A six-digit code other than `code`.
pub fn wrong(code: &str) -> u32 {
    let n = number(code);
    if n == 999_999 {
        100_000
    } else {
        n + 1
    }
}
