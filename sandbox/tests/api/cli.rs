//! The binary as harnesses run it: the announce line, exit codes, signals.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_verifik-sandbox");

#[test]
fn unknown_flag_exits_2_with_a_message_on_stderr() {
    let output = Command::new(BIN)
        .arg("--port")
        .arg("1")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown argument '--port'"), "{stderr}");
}

#[test]
fn help_prints_usage() {
    let output = Command::new(BIN).arg("--help").output().expect("run");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for flag in ["--addr", "--dist", "--jwt-secret", "--timeout-fault-secs"] {
        assert!(stdout.contains(flag), "{stdout}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn announces_the_bound_port_and_exits_on_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--timeout-fault-secs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read line");
        line
    })
    .await
    .expect("reader");
    let url = line
        .trim_end()
        .strip_prefix("verifik-sandbox listening on http://")
        .unwrap_or_else(|| panic!("unexpected line {line:?}"));
    let addr: std::net::SocketAddr = url.parse().expect("an address");
    assert_ne!(addr.port(), 0);

    let token: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{addr}/demo/token"))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    assert!(token["token"].is_string());

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A harness that stops the sandbox as soon as it has read the announce line (here with one
/// connection already waiting) gets a clean exit, not death by the signal's default action.
#[cfg(unix)]
#[test]
fn sigterm_right_after_the_announce_line_exits_cleanly() {
    for _ in 0..5 {
        let mut child = Command::new(BIN)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read line");
        let addr = line
            .trim_end()
            .strip_prefix("verifik-sandbox listening on http://")
            .unwrap_or_else(|| panic!("unexpected line {line:?}"));
        drop(std::net::TcpStream::connect(addr).expect("connect"));
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "still running after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status}");
    }
}
