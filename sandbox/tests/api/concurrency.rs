//! Check-and-change steps are atomic: duplicates, the phone cooldown, spending a code.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_creations_of_one_email_give_one_success() {
    let sandbox = std::sync::Arc::new(start().await);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let sandbox = sandbox.clone();
            tokio::spawn(async move {
                let response = sandbox.create(email_body("race@example.com")).await;
                let status = response.status();
                let body: Value = response.json().await.expect("JSON");
                (status, body)
            })
        })
        .collect();
    let mut successes = 0;
    let mut conflicts = 0;
    for task in tasks {
        let (status, body) = task.await.expect("task");
        match status {
            StatusCode::OK => successes += 1,
            StatusCode::CONFLICT => {
                assert_eq!(body["code"], "Conflict");
                assert_eq!(body["message"], "email_is_registered_already");
                conflicts += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((successes, conflicts), (1, 49));
    assert_eq!(sandbox.registrations().await.len(), 1);
}

/// Twenty parallel phone sends give one message, and twenty parallel checks of its code
/// accept it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_sends_and_checks_of_one_code_succeed_once() {
    use crate::verify_common::*;
    use reqwest::Method;

    let sandbox = std::sync::Arc::new(start().await);
    let registered = std::sync::Arc::new(sandbox.register_phone("+57", "3007654321").await);
    let race = |method: Method, path: &'static str, body: Value| {
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let (sandbox, registered) = (sandbox.clone(), registered.clone());
                let (method, body) = (method.clone(), body.clone());
                tokio::spawn(async move {
                    let response = sandbox.call(method, path, &registered.token, &body).await;
                    let status = response.status();
                    let body: Value = response.json().await.expect("JSON");
                    (status, body["code"].clone())
                })
            })
            .collect();
        async move {
            let mut outcomes = Vec::new();
            for task in tasks {
                outcomes.push(task.await.expect("task"));
            }
            outcomes
        }
    };
    let count = |outcomes: &[(StatusCode, Value)], status: StatusCode, code: Value| {
        outcomes
            .iter()
            .filter(|(s, c)| *s == status && *c == code)
            .count()
    };

    let sends = race(
        Method::POST,
        PHONE_SEND,
        phone_send_body("+57", "3007654321"),
    )
    .await;
    assert_eq!(count(&sends, StatusCode::OK, Value::Null), 1, "{sends:?}");
    assert_eq!(
        count(&sends, StatusCode::CONFLICT, "otp_recently_sent".into()),
        19
    );
    assert_eq!(sandbox.outbox().await.len(), 1);

    let code = number(&sandbox.code_sent_to("+573007654321").await);
    let checks = race(
        Method::PUT,
        PHONE_CHECK,
        phone_check_body("+57", "3007654321", code),
    )
    .await;
    assert_eq!(count(&checks, StatusCode::OK, Value::Null), 1, "{checks:?}");
    assert_eq!(
        count(
            &checks,
            StatusCode::NOT_FOUND,
            "phone_validation_not_found".into()
        ),
        19
    );
}
