//! The duplicate check and the insert are one atomic step.

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
