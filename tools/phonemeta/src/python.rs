//! The pinned PyPI `phonenumbers` (libphonenumber's Python port, released with each
//! libphonenumber version, metadata included) in a virtualenv of the tool's own, and the dump
//! step run in it.
//!
//! The pin is `tools/phonemeta/requirements.txt`, in pip's own format with the wheel's sha256,
//! so that pip refuses anything but the reviewed file. The virtualenv lives in
//! `target/phonemeta/venv`; it is created on first use and reinstalled only when the pin moves.
//! Python only ever runs here, at generation and test time: nothing of it reaches the widget.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The PyPI package, and the interpreter the virtualenv is made with.
pub const PACKAGE: &str = "phonenumbers";
const PYTHON: &str = "python3";

/// Files of this crate, relative to its directory.
const REQUIREMENTS: &str = "requirements.txt";
const DUMP_SCRIPT: &str = "dump.py";

/// The tool's cache, relative to the workspace root: the virtualenv and the oracle corpus.
pub const CACHE_DIR: &str = "target/phonemeta";
const VENV_DIR: &str = "venv";

const REQUIREMENTS_HEADER: &str = "\
# The libphonenumber release the widget's phone table (src/countries/) is generated from, as
# PyPI's `phonenumbers` (its Python port, released with each libphonenumber version). Written by
# `cargo run -p phonemeta -- --update VERSION`, which regenerates the table; not edited by hand.
";

/// What pip's messages start with when the index has no such version.
const PIP_NO_VERSION: &str = "No matching distribution found";

/// A path in this crate's directory.
pub fn crate_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A path relative to the workspace root (this crate lives in `tools/phonemeta`).
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// An exact version of the package and the sha256 of its wheel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    pub version: String,
    pub sha256: String,
}

impl Pin {
    /// Reads the requirement line of `requirements.txt`.
    fn parse(text: &str) -> Result<Pin, String> {
        let requirement = format!("{PACKAGE}==");
        let line = text
            .lines()
            .find(|line| line.starts_with(&requirement))
            .ok_or_else(|| format!("no `{requirement}VERSION` line"))?;
        let mut words = line.split_whitespace();
        let version = words
            .next()
            .and_then(|w| w.strip_prefix(&requirement))
            .unwrap_or_default();
        let sha256 = words
            .find_map(|w| w.strip_prefix("--hash=sha256:"))
            .unwrap_or_default();
        if !is_version(version) || sha256.len() != 64 {
            return Err(format!("cannot read {line:?}"));
        }
        Ok(Pin {
            version: version.to_owned(),
            sha256: sha256.to_owned(),
        })
    }

    fn render(&self) -> String {
        format!(
            "{REQUIREMENTS_HEADER}{PACKAGE}=={} --hash=sha256:{}\n",
            self.version, self.sha256
        )
    }
}

/// Digits separated by dots ("9.0.43"): what an exact pin may be.
pub fn is_version(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The pinned version, if `requirements.txt` exists.
pub fn read_pin() -> Result<Option<Pin>, String> {
    let path = crate_path(REQUIREMENTS);
    match std::fs::read_to_string(&path) {
        Ok(text) => Pin::parse(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Writes `requirements.txt` (`None` removes it: there was none before an update that failed).
pub fn write_pin(pin: Option<&Pin>) -> Result<(), String> {
    let path = crate_path(REQUIREMENTS);
    let result = match pin {
        Some(pin) => std::fs::write(&path, pin.render()),
        None => std::fs::remove_file(&path),
    };
    result.map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The tool's virtualenv.
pub struct Venv {
    dir: PathBuf,
}

fn run(command: &mut Command) -> Result<Output, String> {
    let shown = format!("{command:?}");
    command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))
}

/// The command's stdout, or an error that quotes its stderr.
fn run_ok(command: &mut Command) -> Result<String, String> {
    let shown = format!("{:?}", command.get_program());
    let out = run(command)?;
    if out.status.success() {
        String::from_utf8(out.stdout).map_err(|e| format!("{shown}: {e}"))
    } else {
        Err(format!(
            "{shown} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim_end()
        ))
    }
}

impl Venv {
    /// The virtualenv, created if it is not there yet.
    pub fn open() -> Result<Venv, String> {
        let venv = Venv {
            dir: workspace_path(CACHE_DIR).join(VENV_DIR),
        };
        if venv.python().is_file() {
            return Ok(venv);
        }
        println!(
            "phonemeta: creating a Python virtualenv in {CACHE_DIR}/{VENV_DIR} (once per checkout)"
        );
        let made = run(Command::new(PYTHON)
            .args(["-m", "venv", "--clear"])
            .arg(&venv.dir))
        .map_err(|e| format!("{e}\nphonemeta needs Python 3 with venv and pip (Debian: apt-get install -y python3 python3-venv)"))?;
        if !made.status.success() || !venv.python().is_file() {
            return Err(format!(
                "`{PYTHON} -m venv` failed:\n{}\nphonemeta needs Python 3 with venv and pip (Debian: apt-get install -y python3 python3-venv)",
                String::from_utf8_lossy(&made.stderr).trim_end()
            ));
        }
        Ok(venv)
    }

    fn python(&self) -> PathBuf {
        self.dir.join("bin").join("python")
    }

    fn pip(&self) -> Command {
        let mut command = Command::new(self.python());
        command.args(["-m", "pip", "--disable-pip-version-check", "--no-input"]);
        command
    }

    /// The package version installed in the virtualenv, if any.
    fn installed(&self) -> Option<String> {
        let script = format!("import {PACKAGE}; print({PACKAGE}.__version__)");
        let out = run(Command::new(self.python()).args(["-c", &script])).ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// Makes the virtualenv hold exactly `pin` (from PyPI, or from the wheel in `wheels` that
    /// [`Venv::download`] fetched); skipped when it already does.
    pub fn ensure(&self, pin: &Pin, wheels: Option<&Path>) -> Result<(), String> {
        if self.installed().as_deref() == Some(pin.version.as_str()) {
            return Ok(());
        }
        println!(
            "phonemeta: installing {PACKAGE} {} into {CACHE_DIR}/{VENV_DIR}",
            pin.version
        );
        // pip reads the pin from a file so that --require-hashes applies; a scratch copy, as the
        // pin being installed may not be written yet.
        let requirements = self.dir.join("pin.txt");
        std::fs::write(&requirements, pin.render())
            .map_err(|e| format!("cannot write {}: {e}", requirements.display()))?;
        let mut pip = self.pip();
        pip.args([
            "install",
            "--quiet",
            "--require-hashes",
            "--no-deps",
            "--only-binary",
            ":all:",
        ]);
        if let Some(wheels) = wheels {
            pip.arg("--no-index").arg("--find-links").arg(wheels);
        }
        run_ok(pip.arg("-r").arg(&requirements)).map_err(|e| {
            format!("{e}\nphonemeta installs {PACKAGE} from PyPI, which must be reachable (or set PIP_INDEX_URL to a mirror)")
        })?;
        match self.installed() {
            Some(v) if v == pin.version => Ok(()),
            other => Err(format!(
                "{PACKAGE} {} installed, but Python reports {other:?}",
                pin.version
            )),
        }
    }

    /// Downloads the wheel of `version` into `dir` and pins it by its sha256.
    pub fn download(&self, version: &str, dir: &Path) -> Result<Pin, String> {
        let requirement = format!("{PACKAGE}=={version}");
        let out = run(self
            .pip()
            .args([
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary",
                ":all:",
                "--dest",
            ])
            .arg(dir)
            .arg(&requirement))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return Err(if stderr.contains(PIP_NO_VERSION) {
                format!("PyPI has no {requirement} (`pip index versions {PACKAGE}` lists the versions there)")
            } else {
                format!("pip download {requirement} failed:\n{}", stderr.trim_end())
            });
        }
        let wheel = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| {
                path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.starts_with(&format!("{PACKAGE}-{version}-")) && n.ends_with(".whl")
                })
            })
            .ok_or_else(|| {
                format!(
                    "pip download {requirement} left no wheel in {}",
                    dir.display()
                )
            })?;
        let hashed = run_ok(
            self.pip()
                .args(["hash", "--algorithm", "sha256"])
                .arg(&wheel),
        )?;
        let sha256 = hashed
            .split_whitespace()
            .find_map(|w| w.strip_prefix("--hash=sha256:"))
            .ok_or_else(|| format!("pip hash gave no sha256: {hashed:?}"))?;
        Ok(Pin {
            version: version.to_owned(),
            sha256: sha256.to_owned(),
        })
    }

    /// Runs `dump.py <what>` and returns what it printed.
    pub fn dump(&self, what: &str) -> Result<String, String> {
        run_ok(
            Command::new(self.python())
                .arg(crate_path(DUMP_SCRIPT))
                .arg(what),
        )
    }
}

/// The dump script's text, which the oracle corpus's cache key includes.
pub fn dump_script() -> Result<String, String> {
    let path = crate_path(DUMP_SCRIPT);
    std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_read_back_what_they_write() {
        let pin = Pin {
            version: "9.0.43".into(),
            sha256: "ab".repeat(32),
        };
        assert_eq!(Pin::parse(&pin.render()), Ok(pin));
    }

    #[test]
    fn only_exact_versions_with_a_hash_are_pins() {
        let hash = "ab".repeat(32);
        assert!(Pin::parse(&format!("{PACKAGE}==9.0.43 --hash=sha256:{hash}")).is_ok());
        assert!(Pin::parse(&format!("{PACKAGE}>=9.0 --hash=sha256:{hash}")).is_err());
        assert!(Pin::parse(&format!("{PACKAGE}==9.0.43")).is_err());
        assert!(Pin::parse("# nothing pinned").is_err());
        assert!(is_version("9.0.44") && is_version("10"));
        assert!(!is_version("9.0.") && !is_version("9.0.44rc1") && !is_version(""));
    }
}
