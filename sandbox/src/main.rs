//! `verifik-sandbox` binary: parse flags, bind, announce, serve until Ctrl-C/SIGTERM.

use std::io::Write;
use std::process::ExitCode;

use tokio::net::TcpListener;
use verifik_sandbox::config::USAGE;
use verifik_sandbox::{app, listening_line, parse_args, serve, shutdown_signal, Command};

/// Exit status for a command line that cannot be run, as is conventional.
const USAGE_ERROR: u8 = 2;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args_os().skip(1)) {
        Ok(Command::Serve(config)) => config,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("verifik-sandbox: {e}\n\n{USAGE}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    if let Some(dir) = config.dist.as_deref().filter(|dir| !dir.is_dir()) {
        // A warning, not an error: scripts may start the sandbox before the build
        // has written the directory.
        eprintln!(
            "verifik-sandbox: warning: --dist {} is not a directory (yet)",
            dir.display()
        );
    }

    let listener = match TcpListener::bind(config.addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("verifik-sandbox: cannot listen on {}: {e}", config.addr);
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("verifik-sandbox: cannot read the bound address: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Before the announce line: a harness may send SIGTERM as soon as it reads it.
    let shutdown = shutdown_signal();
    // Harnesses block on this line to learn the port, so it must not sit in a buffer.
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", listening_line(addr))
        .and_then(|()| stdout.flush())
        .is_err()
    {
        eprintln!("verifik-sandbox: cannot write to stdout");
        return ExitCode::FAILURE;
    }
    drop(stdout);

    serve(listener, app(config), shutdown).await;
    ExitCode::SUCCESS
}
