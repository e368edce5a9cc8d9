//! CORS as a public API does it, and the built widget served from `--dist`.

use reqwest::header::{HeaderMap, ACCEPT_ENCODING};
use reqwest::{Method, StatusCode};
use serde_json::json;
use verifik_sandbox::Config;

use crate::common::*;

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase)
}

#[tokio::test]
async fn preflight_from_any_origin_is_allowed_without_credentials() {
    let sandbox = start().await;
    for origin in ["https://shop.example", "http://localhost:3000", "null"] {
        let response = sandbox
            .client
            .request(Method::OPTIONS, sandbox.url("/v2/app-registrations"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await
            .expect("response");
        assert!(response.status().is_success(), "{}", response.status());
        let headers = response.headers();
        assert_eq!(
            header(headers, "access-control-allow-origin").as_deref(),
            Some("*")
        );
        let methods = header(headers, "access-control-allow-methods").unwrap_or_default();
        for method in ["get", "post", "put", "delete", "options"] {
            assert!(methods.contains(method), "{methods}");
        }
        let allowed = header(headers, "access-control-allow-headers").unwrap_or_default();
        assert!(
            allowed.contains("authorization") && allowed.contains("content-type"),
            "{allowed}"
        );
        assert_eq!(header(headers, "access-control-allow-credentials"), None);
    }

    // A preflight does not use up an armed fault: the browser's real POST gets it.
    sandbox.arm(json!({"fault": "status_500"})).await;
    let preflight = sandbox
        .client
        .request(Method::OPTIONS, sandbox.url("/v2/app-registrations"))
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("response");
    assert!(preflight.status().is_success());
    assert_eq!(
        sandbox.create(email_body("a@example.com")).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn error_answers_are_readable_cross_origin() {
    let sandbox = start().await;
    let response = sandbox
        .client
        .post(sandbox.url("/v2/app-registrations"))
        .header("origin", "https://shop.example")
        .json(&email_body("a@example.com"))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[tokio::test]
async fn dist_is_served_with_wasm_mime_and_no_cache() {
    let dir = temp_dir();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>demo</title>").expect("write");
    std::fs::write(dir.join("widget_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    std::fs::write(dir.join("widget_bg.wasm.br"), b"pretend-brotli").expect("write");
    std::fs::write(dir.join("verifik-onboarding.js"), "export {};").expect("write");
    std::fs::write(dir.join("verifik-onboarding.js.gz"), b"pretend-gzip").expect("write");
    let sandbox = start_with(Config {
        dist: Some(dir.clone()),
        ..Config::default()
    })
    .await;

    let index = sandbox
        .client
        .get(sandbox.url("/"))
        .send()
        .await
        .expect("response");
    assert_eq!(index.status(), StatusCode::OK);
    assert!(header(index.headers(), "content-type").is_some_and(|t| t.starts_with("text/html")));
    assert_eq!(
        header(index.headers(), "cache-control").as_deref(),
        Some("no-cache")
    );
    assert_eq!(
        index.text().await.expect("body"),
        "<!doctype html><title>demo</title>"
    );

    let wasm = sandbox
        .client
        .get(sandbox.url("/widget_bg.wasm"))
        .send()
        .await
        .expect("response");
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        header(wasm.headers(), "content-type").as_deref(),
        Some("application/wasm")
    );
    assert_eq!(
        header(wasm.headers(), "cache-control").as_deref(),
        Some("no-cache")
    );
    assert_eq!(&wasm.bytes().await.expect("body")[..], b"\0asm\x01\0\0\0");

    let compressed = sandbox
        .client
        .get(sandbox.url("/widget_bg.wasm"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("response");
    assert_eq!(
        header(compressed.headers(), "content-type").as_deref(),
        Some("application/wasm")
    );
    assert_eq!(
        header(compressed.headers(), "content-encoding").as_deref(),
        Some("br")
    );
    assert_eq!(
        &compressed.bytes().await.expect("body")[..],
        b"pretend-brotli"
    );

    let js = sandbox
        .client
        .get(sandbox.url("/verifik-onboarding.js"))
        .send()
        .await
        .expect("response");
    assert!(header(js.headers(), "content-type").is_some_and(|t| t.contains("javascript")));

    // The build writes .br and .gz beside each file a host loads; a client that accepts only
    // gzip gets the .gz, still typed as the file it stands for.
    let gzipped = sandbox
        .client
        .get(sandbox.url("/verifik-onboarding.js"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("response");
    assert!(header(gzipped.headers(), "content-type").is_some_and(|t| t.contains("javascript")));
    assert_eq!(
        header(gzipped.headers(), "content-encoding").as_deref(),
        Some("gzip")
    );
    assert_eq!(&gzipped.bytes().await.expect("body")[..], b"pretend-gzip");

    let missing = sandbox
        .client
        .get(sandbox.url("/nope.js"))
        .send()
        .await
        .expect("response");
    assert_error(
        missing,
        StatusCode::NOT_FOUND,
        "NotFound",
        "resource not found",
    )
    .await;

    // The API still wins over files.
    assert_eq!(
        sandbox.get("/v2/app-registrations").await.status(),
        StatusCode::OK
    );

    let _ = std::fs::remove_dir_all(dir);
}
