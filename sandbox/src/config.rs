//! Server settings and the command line that sets them.
//!
//! Parsed by hand: four flags do not justify an argument-parsing dependency.

use std::ffi::OsString;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// `--addr` default.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// `--jwt-secret` default. Public on purpose: this is a development stand-in,
/// and tests and demo scripts may sign their own tokens with it.
pub const DEV_JWT_SECRET: &str = "verifik-sandbox-dev-secret";
/// `--timeout-fault-secs` default, as the contract's "no answer for 60 s".
pub const DEFAULT_TIMEOUT_FAULT_SECS: u64 = 60;
/// E-mail domains refused with `PreconditionFailed`.
pub const DEFAULT_BLOCKED_DOMAINS: [&str; 2] = ["mailinator.com", "blocked.example"];

/// Command-line flags.
pub mod flags {
    /// Listen address.
    pub const ADDR: &str = "--addr";
    /// Directory of static files.
    pub const DIST: &str = "--dist";
    /// HS256 secret.
    pub const JWT_SECRET: &str = "--jwt-secret";
    /// How long the `timeout` fault holds a request.
    pub const TIMEOUT_FAULT_SECS: &str = "--timeout-fault-secs";
    /// Usage.
    pub const HELP: &str = "--help";
    /// Usage, short form.
    pub const HELP_SHORT: &str = "-h";
}

/// Printed by `--help`, and after a usage error.
pub const USAGE: &str = "\
verifik-sandbox: a local stand-in for Verifik's app-registration API

Usage: verifik-sandbox [OPTIONS]

Options:
  --addr <IP:PORT>              address to listen on; port 0 picks a free port
                                [default: 127.0.0.1:8080]
  --dist <DIR>                  serve static files from DIR for any other GET
  --jwt-secret <SECRET>         HS256 secret for bearer tokens
                                [default: the built-in development secret]
  --timeout-fault-secs <SECS>   how long the `timeout` fault holds a request
                                before closing it [default: 60]
  -h, --help                    print this help

On start, prints one line to stdout: verifik-sandbox listening on http://<addr>
";

/// Everything the server needs to know.
#[derive(Clone)]
pub struct Config {
    /// Where to listen. Default [`DEFAULT_ADDR`].
    pub addr: SocketAddr,
    /// Static files for `GET /*`; none means 404. Default none.
    pub dist: Option<PathBuf>,
    /// HS256 secret for every token checked or issued. Default [`DEV_JWT_SECRET`].
    pub jwt_secret: String,
    /// How long the `timeout` fault holds a request. Default [`DEFAULT_TIMEOUT_FAULT_SECS`].
    pub timeout_fault: Duration,
    /// E-mail domains refused, compared case-insensitively with the whole domain.
    /// Default [`DEFAULT_BLOCKED_DOMAINS`].
    pub blocked_domains: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            dist: None,
            jwt_secret: DEV_JWT_SECRET.to_owned(),
            timeout_fault: Duration::from_secs(DEFAULT_TIMEOUT_FAULT_SECS),
            blocked_domains: DEFAULT_BLOCKED_DOMAINS.map(str::to_owned).to_vec(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("dist", &self.dist)
            .field("jwt_secret", &"***")
            .field("timeout_fault", &self.timeout_fault)
            .field("blocked_domains", &self.blocked_domains)
            .finish()
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Run the server.
    Serve(Config),
    /// Print [`USAGE`] and exit.
    Help,
}

/// A command line that cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgsError {
    /// A flag the sandbox does not have (or a stray argument).
    UnknownFlag(String),
    /// A flag given without its value.
    MissingValue(&'static str),
    /// A value that does not parse.
    InvalidValue {
        /// The flag.
        flag: &'static str,
        /// What was given.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFlag(flag) => write!(f, "unknown argument '{flag}'"),
            Self::MissingValue(flag) => write!(f, "{flag} needs a value"),
            Self::InvalidValue {
                flag,
                value,
                expected,
            } => write!(f, "invalid value '{value}' for {flag}: expected {expected}"),
        }
    }
}

impl std::error::Error for ArgsError {}

/// Parses the arguments after the program name. Values follow their flag either as
/// the next argument or after `=`; a repeated flag's last value wins.
pub fn parse_args<I>(args: I) -> Result<Command, ArgsError>
where
    I: IntoIterator<Item = OsString>,
{
    let mut config = Config::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Only a flag's name must be UTF-8; a `--dist` path may be any OS string.
        let lossy = arg.to_string_lossy().into_owned();
        let (name, inline_value) = match lossy.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_owned(), Some(value)),
            _ => (lossy.clone(), None),
        };
        let flag = match name.as_str() {
            flags::HELP | flags::HELP_SHORT => return Ok(Command::Help),
            flags::ADDR => flags::ADDR,
            flags::DIST => flags::DIST,
            flags::JWT_SECRET => flags::JWT_SECRET,
            flags::TIMEOUT_FAULT_SECS => flags::TIMEOUT_FAULT_SECS,
            _ => return Err(ArgsError::UnknownFlag(lossy)),
        };
        let value: OsString = match inline_value {
            Some(value) => value.into(),
            None => args.next().ok_or(ArgsError::MissingValue(flag))?,
        };
        let text = value.to_string_lossy().into_owned();
        let invalid = |expected| ArgsError::InvalidValue {
            flag,
            value: text.clone(),
            expected,
        };
        match flag {
            flags::ADDR => {
                config.addr = text
                    .parse()
                    .map_err(|_| invalid("IP:PORT, e.g. 127.0.0.1:8080"))?;
            }
            flags::DIST => {
                if value.is_empty() {
                    return Err(invalid("a directory"));
                }
                config.dist = Some(PathBuf::from(value));
            }
            flags::JWT_SECRET => {
                if text.is_empty() {
                    return Err(invalid("a non-empty secret"));
                }
                config.jwt_secret = text;
            }
            _ => {
                let secs: u64 = text
                    .parse()
                    .map_err(|_| invalid("a whole number of seconds"))?;
                config.timeout_fault = Duration::from_secs(secs);
            }
        }
    }
    Ok(Command::Serve(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, ArgsError> {
        parse_args(args.iter().map(OsString::from))
    }

    fn config(args: &[&str]) -> Config {
        match parse(args) {
            Ok(Command::Serve(config)) => config,
            other => panic!("expected a config, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = config(&[]);
        assert_eq!(c.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(c.dist, None);
        assert_eq!(c.jwt_secret, DEV_JWT_SECRET);
        assert_eq!(c.timeout_fault, Duration::from_secs(60));
        assert_eq!(c.blocked_domains, ["mailinator.com", "blocked.example"]);
    }

    #[test]
    fn all_flags_both_spellings() {
        let c = config(&[
            "--addr",
            "127.0.0.1:0",
            "--dist=dist",
            "--jwt-secret",
            "s3cret=x",
            "--timeout-fault-secs=1",
        ]);
        assert_eq!(c.addr.port(), 0);
        assert_eq!(c.dist, Some(PathBuf::from("dist")));
        assert_eq!(c.jwt_secret, "s3cret=x");
        assert_eq!(c.timeout_fault, Duration::from_secs(1));
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn errors_and_help() {
        assert!(matches!(parse(&["--help"]), Ok(Command::Help)));
        assert!(matches!(
            parse(&["--addr", "1.2.3.4:5", "-h"]),
            Ok(Command::Help)
        ));
        assert_eq!(
            parse(&["--port", "1"]).err(),
            Some(ArgsError::UnknownFlag("--port".into()))
        );
        assert_eq!(
            parse(&["stray"]).err(),
            Some(ArgsError::UnknownFlag("stray".into()))
        );
        assert_eq!(
            parse(&["--addr"]).err(),
            Some(ArgsError::MissingValue(flags::ADDR))
        );
        assert!(matches!(
            parse(&["--addr", "localhost"]),
            Err(ArgsError::InvalidValue {
                flag: flags::ADDR,
                ..
            })
        ));
        assert!(matches!(
            parse(&["--timeout-fault-secs", "-1"]),
            Err(ArgsError::InvalidValue {
                flag: flags::TIMEOUT_FAULT_SECS,
                ..
            })
        ));
        assert!(matches!(
            parse(&["--jwt-secret="]),
            Err(ArgsError::InvalidValue {
                flag: flags::JWT_SECRET,
                ..
            })
        ));
    }
}
