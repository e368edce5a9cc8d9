//! Starts a sandbox in-process on 127.0.0.1:0 and talks to it over real HTTP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use verifik_sandbox::auth::{Claims, Jwt};
use verifik_sandbox::config::DEV_JWT_SECRET;
use verifik_sandbox::{app, serve, Config};

pub const PROJECT: &str = "5f8d0a24c6345c001fa9e2b3";
pub const OTHER_PROJECT: &str = "5f8d0a24c6345c001fa9e2c9";
pub const FLOW: &str = "5f8d0a24c6345c001fa9e2b4";

/// A running sandbox. It lives as long as the test's runtime.
pub struct Sandbox {
    pub addr: SocketAddr,
    pub client: Client,
}

pub async fn start() -> Sandbox {
    start_with(Config::default()).await
}

pub async fn start_with(mut config: Config) -> Sandbox {
    config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let listener = TcpListener::bind(config.addr).await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(serve(listener, app(config), std::future::pending()));
    Sandbox {
        addr,
        client: Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client"),
    }
}

impl Sandbox {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A valid bearer token signed with the default secret.
    pub fn token(&self) -> String {
        token_with(DEV_JWT_SECRET, 0, 300)
    }

    pub async fn create(&self, body: Value) -> Response {
        self.client
            .post(self.url("/v2/app-registrations"))
            .bearer_auth(self.token())
            .json(&body)
            .send()
            .await
            .expect("response")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(self.token())
            .send()
            .await
            .expect("response")
    }

    /// Every stored registration, as `GET /v2/app-registrations` lists them.
    pub async fn registrations(&self) -> Vec<Value> {
        let list: Value = self
            .get("/v2/app-registrations")
            .await
            .json()
            .await
            .expect("JSON");
        list["data"].as_array().expect("a list under data").clone()
    }

    /// Moves the sandbox clock forward; its `{"now", "offsetSeconds"}` report.
    pub async fn advance_clock(&self, secs: u64) -> Value {
        let response = self
            .client
            .post(self.url("/__sandbox/clock"))
            .json(&json!({ "advanceSeconds": secs }))
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("JSON")
    }

    pub async fn reset(&self) {
        let response = self
            .client
            .post(self.url("/__sandbox/reset"))
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK);
    }

    pub async fn arm(&self, fault: Value) -> Response {
        self.client
            .post(self.url("/__sandbox/faults"))
            .json(&fault)
            .send()
            .await
            .expect("response")
    }
}

/// A token from `secret`, issued `offset` seconds from now, living `ttl` seconds.
pub fn token_with(secret: &str, offset: i64, ttl: i64) -> String {
    let now = verifik_sandbox::clock::unix_seconds(verifik_sandbox::clock::now()) as i64;
    let iat = now + offset;
    Jwt::new(secret)
        .issue(&Claims {
            sub: "test-host".to_owned(),
            iat: iat as u64,
            exp: (iat + ttl) as u64,
        })
        .expect("sign")
}

/// A valid body for `email`, in `PROJECT`.
pub fn email_body(email: &str) -> Value {
    json!({"project": PROJECT, "projectFlow": FLOW, "email": email})
}

/// Asserts status, JSON content type and the exact `{"code","message"}` body.
pub async fn assert_error(response: Response, status: StatusCode, code: &str, message: &str) {
    assert_eq!(response.status(), status);
    assert_json(&response);
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body, json!({"code": code, "message": message}));
}

/// Asserts status and code, and returns the message.
pub async fn error_message(response: Response, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status(), status);
    assert_json(&response);
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body.as_object().map(|o| o.len()), Some(2), "{body}");
    body["message"].as_str().expect("message").to_owned()
}

pub fn assert_json(response: &Response) {
    assert_eq!(
        response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "verifik-sandbox-test-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn is_object_id(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Whole seconds from the system's clock to a `2023-12-11T15:48:11.640Z` instant the sandbox
/// gave (negative when it is in the past).
pub fn seconds_from_now(value: &Value) -> i64 {
    assert!(is_rfc3339_millis(value), "{value}");
    let s = value.as_str().unwrap_or_default();
    let field = |range: std::ops::Range<usize>| -> i64 { s[range].parse().expect("digits") };
    let month = u8::try_from(field(5..7)).expect("month");
    let date = time::Date::from_calendar_date(
        i32::try_from(field(0..4)).expect("year"),
        time::Month::try_from(month).expect("month"),
        u8::try_from(field(8..10)).expect("day"),
    )
    .expect("date");
    let at = date
        .with_hms_milli(
            u8::try_from(field(11..13)).expect("hour"),
            u8::try_from(field(14..16)).expect("minute"),
            u8::try_from(field(17..19)).expect("second"),
            u16::try_from(field(20..23)).expect("millis"),
        )
        .expect("time")
        .assume_utc();
    (at - time::OffsetDateTime::now_utc()).whole_seconds()
}

/// `2023-12-11T15:48:11.640Z`
pub fn is_rfc3339_millis(value: &Value) -> bool {
    let Some(s) = value.as_str() else {
        return false;
    };
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.into_iter().all(|i| b[i].is_ascii_digit());
    b.len() == 24
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..23)
        && b[23] == b'Z'
}
