//! The oracle corpus: libphonenumber's own verdicts, from the pinned `phonenumbers`, on every
//! example number in the ways people write it and on tens of thousands of near misses (see
//! `dump.py corpus`). The widget's native tests hold its validation to it
//! (`src/phone/conformance.rs`). Derived data, rebuilt from the pin: it is written to
//! `target/phonemeta/oracle.tsv` and never committed.

use crate::python::{self, Venv, CACHE_DIR, PACKAGE};

/// The corpus file in [`CACHE_DIR`]; `src/phone/conformance.rs` reads it there.
pub const CORPUS_FILE: &str = "oracle.tsv";

/// FNV-1a, 64 bits: a fingerprint of the dump script, so that a changed script rebuilds the
/// corpus (no cryptography needed for a cache key).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The corpus's first line. The tests read the version from its start
/// (`# libphonenumber VERSION `); the rest is the cache key.
fn header(version: &str, script: &str) -> String {
    format!(
        "# libphonenumber {version} oracle corpus (PyPI {PACKAGE} {version}), dump.py fnv1a-64 {:016x}",
        fnv1a(script)
    )
}

/// Writes the corpus for `version` (installed in `venv`) unless it is there already. Returns
/// what it did, for one line of output.
pub fn ensure(venv: &Venv, version: &str) -> Result<String, String> {
    let path = python::workspace_path(CACHE_DIR).join(CORPUS_FILE);
    let header = header(version, &python::dump_script()?);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current.lines().next() == Some(header.as_str()) {
        return Ok(format!(
            "oracle corpus for libphonenumber {version}: present ({CACHE_DIR}/{CORPUS_FILE}, {} cases)",
            current.lines().count() - 1
        ));
    }
    let body = venv.dump("corpus")?;
    let cases = body.lines().count();
    std::fs::write(&path, format!("{header}\n{body}"))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!(
        "oracle corpus for libphonenumber {version}: written ({CACHE_DIR}/{CORPUS_FILE}, {cases} cases)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_starts_with_the_version_and_follows_the_script() {
        let a = header("9.0.43", "print(1)");
        assert!(a.starts_with("# libphonenumber 9.0.43 "));
        assert_ne!(a, header("9.0.43", "print(2)"));
        assert_ne!(a, header("9.0.44", "print(1)"));
        // The published FNV-1a test vector.
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
