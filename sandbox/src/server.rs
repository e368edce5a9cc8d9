//! The accept loop.
//!
//! `axum::serve` cannot close a connection without answering: its services are
//! infallible. The `drop_connection` and `timeout` faults need exactly that, and
//! hyper does it when the service returns an error, so connections are served here
//! with hyper directly and a [`DropConnection`] response becomes such an error.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::Service;

use crate::faults::DropConnection;

/// How long shutdown waits for requests in flight (a held `timeout` fault would
/// otherwise keep the process alive for a minute).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// Pause after a failed `accept` (e.g. out of file descriptors) before retrying.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The service error that makes hyper close a connection without a response.
#[derive(Debug)]
struct ConnectionDropped;

impl fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by a sandbox fault")
    }
}

impl std::error::Error for ConnectionDropped {}

/// Serves `router` on `listener` (HTTP/1.1) until `shutdown` completes, then
/// stops accepting and gives requests in flight up to [`SHUTDOWN_GRACE`].
pub async fn serve<F>(listener: TcpListener, router: Router, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    // The timer enables hyper's header-read timeout, so idle half-open
    // connections do not pile up.
    http.timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);

    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    eprintln!("verifik-sandbox: accept failed: {e}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let mut router = router.clone();
            async move {
                let response = match router.call(request.map(Body::new)).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                };
                if response.extensions().get::<DropConnection>().is_some() {
                    Err(ConnectionDropped)
                } else {
                    Ok::<_, ConnectionDropped>(response)
                }
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Errors here are clients going away and dropped-on-purpose
            // connections; neither is worth reporting.
            let _ = connection.await;
        });
    }

    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

/// Completes on Ctrl-C, or on SIGTERM on Unix.
///
/// The handlers are installed when this is called, not when the future is first polled:
/// a harness that reads the announce line and at once sends SIGTERM must get a graceful
/// stop, not the default action (which kills the process with status "signal 15").
/// Call it inside a Tokio runtime, before announcing.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(unix)]
    let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    async move {
        #[cfg(unix)]
        {
            async fn received(signal: Option<tokio::signal::unix::Signal>) {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                () = received(terminate) => {}
                () = received(interrupt) => {}
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
