//! A local stand-in for Verifik's app-registration API.
//!
//! The onboarding widget's demo and tests run against it, with no account and no
//! network: it checks bearer tokens, validates bodies and answers exactly as
//! Verifik documents (`POST /v2/app-registrations`, and the e-mail and phone
//! one-time-code calls in [`verification`]), issues demo tokens as a host backend
//! would (`POST /demo/token`), keeps what it "sent" in an outbox, lets tests move
//! its clock and inject failures (`/__sandbox/*`), and serves the built widget
//! (`--dist`).
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let router = verifik_sandbox::app(verifik_sandbox::Config::default());
//! verifik_sandbox::serve(listener, router, verifik_sandbox::shutdown_signal()).await;
//! # Ok(()) }
//! ```
//!
//! Data flows: [`config`] → [`server`] → router ([`faults`] first, then [`auth`],
//! [`body`], [`validate`] or [`verification::requests`], [`store`] or
//! [`verification::store`] and [`outbox`]) → [`error`] or a success body.

#![deny(missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, Method};
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};

pub mod auth;
pub mod body;
pub mod clock;
pub mod config;
pub mod control;
pub mod demo;
pub mod error;
pub mod faults;
pub mod ids;
pub mod otp;
pub mod outbox;
pub mod registrations;
pub mod server;
pub mod static_files;
pub mod store;
pub mod validate;
pub mod verification;

pub use config::{parse_args, Command, Config};
pub use server::{serve, shutdown_signal};

/// Route paths.
pub mod paths {
    /// Create (POST) and list (GET) registrations.
    pub const REGISTRATIONS: &str = "/v2/app-registrations";
    /// Retrieve one registration.
    pub const REGISTRATION: &str = "/v2/app-registrations/{id}";
    /// Demo host backend's token endpoint.
    pub const DEMO_TOKEN: &str = "/demo/token";
    /// Arm (POST), inspect (GET), clear (DELETE) faults.
    pub const FAULTS: &str = "/__sandbox/faults";
    /// Forget registrations, validations and the outbox, disarm faults, put the clock back.
    pub const RESET: &str = "/__sandbox/reset";
    /// Move the sandbox's clock forward (POST), read it (GET).
    pub const CLOCK: &str = "/__sandbox/clock";
    /// Every message sent, newest first.
    pub const OUTBOX: &str = "/__sandbox/outbox";
    /// Send an e-mail code.
    pub const EMAIL_SEND: &str = "/v2/email-validations/app-registration";
    /// Check an e-mail code.
    pub const EMAIL_CHECK: &str = "/v2/email-validations/{id}";
    /// Send a phone code.
    pub const PHONE_SEND: &str = "/v2/phone-validations/app-registration";
    /// Check a phone code.
    pub const PHONE_CHECK: &str = "/v2/phone-validations";
}

/// Start of the one line printed on stdout once listening; the bound address follows.
pub const LISTENING_PREFIX: &str = "verifik-sandbox listening on http://";

/// The line announcing the bound address, which test harnesses parse.
pub fn listening_line(addr: SocketAddr) -> String {
    format!("{LISTENING_PREFIX}{addr}")
}

/// How long browsers may cache a preflight answer.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// State shared by all handlers.
#[derive(Debug)]
pub struct Sandbox {
    /// Settings.
    pub config: Config,
    /// Token signing and checking.
    pub jwt: auth::Jwt,
    /// Registrations.
    pub store: store::Store,
    /// The armed fault.
    pub faults: faults::Faults,
    /// Id source.
    pub ids: ids::IdGenerator,
    /// The sandbox's time, which tests move forward.
    pub clock: clock::Clock,
    /// E-mail and phone validations.
    pub validations: verification::store::Validations,
    /// Messages sent.
    pub outbox: outbox::Outbox,
    /// One-time code source.
    pub codes: otp::Codes,
}

impl Sandbox {
    /// Fresh state for `config`.
    pub fn new(config: Config) -> Self {
        Self {
            jwt: auth::Jwt::new(&config.jwt_secret),
            config,
            store: store::Store::new(),
            faults: faults::Faults::new(),
            ids: ids::IdGenerator::new(),
            clock: clock::Clock::new(),
            validations: verification::store::Validations::new(),
            outbox: outbox::Outbox::new(),
            codes: otp::Codes::new(),
        }
    }
}

/// The whole HTTP surface. Serve it with [`serve`]: under another server the
/// `drop_connection` and `timeout` faults answer 500 instead of closing.
pub fn app(config: Config) -> Router {
    let dist = config.dist.clone();
    let sandbox = Arc::new(Sandbox::new(config));
    let api = Router::new()
        .route(
            paths::REGISTRATIONS,
            post(registrations::create).get(registrations::list),
        )
        .route(paths::REGISTRATION, get(registrations::get_one))
        .route(paths::EMAIL_SEND, post(verification::email::send))
        .route(paths::EMAIL_CHECK, put(verification::email::check))
        .route(paths::PHONE_SEND, post(verification::phone::send))
        .route(paths::PHONE_CHECK, put(verification::phone::check))
        .route(paths::DEMO_TOKEN, post(demo::issue_token))
        .route(
            paths::FAULTS,
            post(control::arm)
                .get(control::current)
                .delete(control::clear),
        )
        .route(paths::RESET, post(control::reset))
        .route(
            paths::CLOCK,
            post(control::advance_clock).get(control::current_clock),
        )
        .route(paths::OUTBOX, get(control::outbox))
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(sandbox);
    let router = match dist {
        Some(dir) => api.fallback_service(static_files::router(&dir)),
        None => api.fallback(error::route_not_found),
    };
    router.layer(cors())
}

/// Any origin, like a public API. Without credentials: browsers refuse `*` with
/// credentials, and bearer tokens travel in a header, not a cookie.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(PREFLIGHT_MAX_AGE)
}
