//! 1,000 requests at once over loopback, valid and invalid mixed: every one answered, none
//! with a 5xx, and exactly one registration per distinct e-mail.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;
use std::time::Instant;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;

const REQUESTS: usize = 1_000;
/// Each distinct e-mail is sent this many times, all at once.
const COPIES: usize = 3;
/// One request in this many is one of the invalid kinds below.
const INVALID_EVERY: usize = 4;

/// The ways a request is wrong, and the 4xx (status, code) the sandbox must answer.
#[derive(Clone, Copy, Debug)]
enum Invalid {
    MissingProject,
    NotJson,
    BadEmail,
    BlockedDomain,
    NoToken,
    WrongContentType,
    TooLarge,
}

impl Invalid {
    const ALL: [Invalid; 7] = [
        Invalid::MissingProject,
        Invalid::NotJson,
        Invalid::BadEmail,
        Invalid::BlockedDomain,
        Invalid::NoToken,
        Invalid::WrongContentType,
        Invalid::TooLarge,
    ];

    fn expected(self) -> (StatusCode, &'static str) {
        match self {
            Invalid::MissingProject => (StatusCode::CONFLICT, "MissingParameter"),
            Invalid::NotJson => (StatusCode::BAD_REQUEST, "InvalidContent"),
            Invalid::BadEmail => (StatusCode::CONFLICT, "InvalidArgument"),
            Invalid::BlockedDomain => (StatusCode::PRECONDITION_FAILED, "PreconditionFailed"),
            Invalid::NoToken => (StatusCode::UNAUTHORIZED, "InvalidCredentials"),
            Invalid::WrongContentType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType")
            }
            Invalid::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLarge"),
        }
    }

    async fn send(self, sandbox: &Sandbox, n: usize) -> reqwest::Result<reqwest::Response> {
        let url = sandbox.url("/v2/app-registrations");
        let post = sandbox.client.post(&url);
        let authed = sandbox.client.post(&url).bearer_auth(sandbox.token());
        match self {
            Invalid::MissingProject => {
                authed.json(&json!({"projectFlow": FLOW, "email": format!("x{n}@example.com")}))
            }
            Invalid::NotJson => authed
                .header("Content-Type", "application/json")
                .body("{\"project\":"),
            Invalid::BadEmail => authed.json(&email_body("not-an-email")),
            Invalid::BlockedDomain => authed.json(&email_body(&format!("x{n}@mailinator.com"))),
            Invalid::NoToken => post.json(&email_body(&format!("x{n}@example.com"))),
            Invalid::WrongContentType => authed
                .header("Content-Type", "text/plain")
                .body(email_body(&format!("x{n}@example.com")).to_string()),
            Invalid::TooLarge => authed.json(&json!({
                "project": PROJECT, "projectFlow": FLOW, "email": format!("x{n}@example.com"),
                "padding": "p".repeat(20 * 1024),
            })),
        }
        .send()
        .await
    }
}

#[derive(Debug)]
enum Sent {
    Valid(String),
    Invalid(Invalid),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_requests_get_no_5xx_and_one_registration_per_email() {
    let sandbox = Arc::new(start().await);
    let mut plan = Vec::with_capacity(REQUESTS);
    let mut distinct = 0;
    for n in 0..REQUESTS {
        if n % INVALID_EVERY == INVALID_EVERY - 1 {
            plan.push(Sent::Invalid(
                Invalid::ALL[n / INVALID_EVERY % Invalid::ALL.len()],
            ));
        } else {
            // Copies of one address are spread over the run, not sent back to back.
            let valid_index = n - n / INVALID_EVERY;
            let email = format!(
                "load-{}@example.com",
                valid_index % (REQUESTS * 3 / 4 / COPIES)
            );
            distinct = distinct.max(valid_index % (REQUESTS * 3 / 4 / COPIES) + 1);
            plan.push(Sent::Valid(email));
        }
    }
    let started = Instant::now();
    let tasks: Vec<_> = plan
        .into_iter()
        .enumerate()
        .map(|(n, sent)| {
            let sandbox = sandbox.clone();
            tokio::spawn(async move {
                let response = match &sent {
                    Sent::Valid(email) => {
                        sandbox
                            .client
                            .post(sandbox.url("/v2/app-registrations"))
                            .bearer_auth(sandbox.token())
                            .json(&email_body(email))
                            .send()
                            .await
                    }
                    Sent::Invalid(kind) => kind.send(&sandbox, n).await,
                };
                let response = response
                    .unwrap_or_else(|e| panic!("request {n} ({sent:?}) got no answer: {e}"));
                let status = response.status();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                (sent, status, body)
            })
        })
        .collect();
    let mut successes: HashMap<String, usize> = HashMap::new();
    let (mut ok, mut conflicts, mut rejected, mut server_errors) = (0, 0, 0, 0);
    for task in tasks {
        let (sent, status, body) = task.await.expect("no task panicked");
        if status.is_server_error() {
            server_errors += 1;
            continue;
        }
        match sent {
            Sent::Valid(email) if status == StatusCode::OK => {
                assert_eq!(body["data"]["appRegistration"]["email"], email.as_str());
                *successes.entry(email).or_default() += 1;
                ok += 1;
            }
            Sent::Valid(email) => {
                assert_eq!(status, StatusCode::CONFLICT, "{email}: {body}");
                assert_eq!(
                    body["message"], "email_is_registered_already",
                    "{email}: {body}"
                );
                conflicts += 1;
            }
            Sent::Invalid(kind) => {
                let (expected_status, code) = kind.expected();
                assert_eq!(
                    (status, body["code"].as_str()),
                    (expected_status, Some(code)),
                    "{kind:?}: {body}"
                );
                rejected += 1;
            }
        }
    }
    let elapsed = started.elapsed();
    // Not captured by the test harness: the test command's log shows the figures.
    let _ = writeln!(
        std::io::stderr(),
        "load: {REQUESTS} concurrent requests in {elapsed:.2?}: {ok} created, {conflicts} duplicate \
         conflicts, {rejected} invalid rejected (4xx), {server_errors} 5xx; {distinct} distinct e-mails"
    );
    assert_eq!(server_errors, 0, "no 5xx");
    assert_eq!(
        ok + conflicts + rejected,
        REQUESTS,
        "every request answered"
    );
    assert_eq!(
        successes.len(),
        distinct,
        "every distinct e-mail registered"
    );
    assert!(
        successes.values().all(|&n| n == 1),
        "exactly one success per e-mail"
    );
    let stored = sandbox.registrations().await;
    let mut emails: Vec<&str> = stored.iter().filter_map(|r| r["email"].as_str()).collect();
    emails.sort_unstable();
    emails.dedup();
    assert_eq!(
        (stored.len(), emails.len()),
        (distinct, distinct),
        "one stored registration per e-mail"
    );
}
