//! `GET /*`: the built widget and demo page from `--dist`.

use std::path::Path;

use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::route_not_found;

/// Every static answer must be revalidated, so that a rebuilt widget is picked up
/// on the next reload instead of a stale cached copy.
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// Serves `dir`: `/` is `index.html`, `.wasm` is `application/wasm` (from
/// `mime_guess`), and `.br`/`.gz` siblings are used when the client accepts them.
/// Anything missing answers the JSON 404.
pub fn router(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(route_not_found.into_service());
    Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            NO_CACHE,
        ))
}
