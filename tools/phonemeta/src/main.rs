//! `phonemeta`: generates the widget's phone metadata from Google libphonenumber's metadata, as
//! PyPI's `phonenumbers` ships it at the version pinned in `tools/phonemeta/requirements.txt`,
//! so that it is never edited by hand: `src/countries/verifik-phone-metadata.txt`, the table the
//! widget loads once it is interactive, and `src/countries/data.rs`, the index of regions the
//! wasm carries (and the version). It also writes the oracle corpus the native phone tests
//! compare the widget with (`target/phonemeta/oracle.tsv`).
//!
//! ```text
//! cargo run -p phonemeta                        # (re)write both files from the pinned version
//! cargo run -p phonemeta -- --update 9.0.44     # pin another version, regenerate, say what changed
//! cargo run -p phonemeta -- --check             # exit 1 if a file differs from what would be written
//! cargo run -p phonemeta -- --report            # print region count and sizes (brotli via the CLI, if any)
//! cargo run -p phonemeta -- --setup             # only prepare the virtualenv and the oracle corpus
//! ```
//!
//! Python runs in a virtualenv the tool makes in `target/phonemeta/venv` (Python 3 with `venv`
//! and pip, and PyPI, are needed); nothing of it reaches the widget.

mod diff;
mod emit;
mod oracle;
mod pattern;
mod python;
mod source;
mod table;

use python::{Pin, Venv, CACHE_DIR, PACKAGE};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

/// Regions libphonenumber lists with an ISO code; a different count means the source changed
/// shape and the table deserves a look before it ships.
const EXPECTED_REGIONS: usize = 245;

/// The generated files, relative to the workspace root.
const OUTPUT_DIR: &str = "src/countries";
const INDEX_FILE: &str = "data.rs";
const TABLE_FILE: &str = "verifik-phone-metadata.txt";

/// Files that name the metadata version in prose; an update points at their lines that name the
/// old one.
const PROSE_FILES: [&str; 2] = ["README.md", "src/embed/index.d.ts"];

const CHECK_FLAG: &str = "--check";
const REPORT_FLAG: &str = "--report";
const SETUP_FLAG: &str = "--setup";
const UPDATE_FLAG: &str = "--update";

/// A generated file's path.
fn output_path(name: &str) -> PathBuf {
    python::workspace_path(OUTPUT_DIR).join(name)
}

#[derive(Default)]
struct Args {
    check: bool,
    report: bool,
    setup: bool,
    update: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = Args::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            CHECK_FLAG => out.check = true,
            REPORT_FLAG => out.report = true,
            SETUP_FLAG => out.setup = true,
            UPDATE_FLAG => match args.next() {
                Some(version) if python::is_version(&version) => out.update = Some(version),
                other => {
                    return Err(format!(
                        "{UPDATE_FLAG} takes an exact {PACKAGE} version such as 9.0.44, not {}",
                        other.map_or("nothing".to_owned(), |v| format!("{v:?}"))
                    ))
                }
            },
            other => {
                return Err(format!(
                "unknown argument {other:?} (use {CHECK_FLAG}, {REPORT_FLAG}, {SETUP_FLAG} or {UPDATE_FLAG} VERSION)"
            ))
            }
        }
    }
    if out.update.is_some() && (out.check || out.setup) {
        return Err(format!(
            "{UPDATE_FLAG} writes the files; it goes with neither {CHECK_FLAG} nor {SETUP_FLAG}"
        ));
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("phonemeta: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("phonemeta: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let venv = Venv::open()?;
    if let Some(version) = &args.update {
        return update(&venv, version, args.report);
    }
    let pin = python::read_pin()?.ok_or_else(|| {
        format!("nothing pinned: run `cargo run -p phonemeta -- {UPDATE_FLAG} VERSION` (`pip index versions {PACKAGE}` lists them)")
    })?;
    venv.ensure(&pin, None)?;
    if args.setup {
        println!("phonemeta: {PACKAGE} {} in {CACHE_DIR}: ready", pin.version);
    }
    println!("phonemeta: {}", oracle::ensure(&venv, &pin.version)?);
    if args.setup {
        return Ok(ExitCode::SUCCESS);
    }
    let source = load(&venv, &pin)?;
    let (table, outputs) = generate(&source)?;
    if args.report {
        print_report(&table);
    }
    if args.check {
        let stale: Vec<&str> = outputs
            .iter()
            .filter(|(name, text)| {
                std::fs::read_to_string(output_path(name)).unwrap_or_default() != *text
            })
            .map(|(name, _)| *name)
            .collect();
        if !stale.is_empty() {
            return Err(format!(
                "{OUTPUT_DIR}/{{{}}} not what the generator writes from libphonenumber {}; run `cargo run -p phonemeta` and commit the result",
                stale.join(","),
                pin.version
            ));
        }
        println!(
            "phonemeta: {OUTPUT_DIR}/{{{TABLE_FILE},{INDEX_FILE}}} are libphonenumber {}'s",
            pin.version
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !args.report {
        write_outputs(&outputs, &pin.version)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The metadata of the version installed in the virtualenv, checked to be `pin`'s.
fn load(venv: &Venv, pin: &Pin) -> Result<source::Source, String> {
    let source = source::parse(&venv.dump("metadata")?)?;
    if source.version != pin.version {
        return Err(format!(
            "{PACKAGE} {} pinned, but the virtualenv's says {}",
            pin.version, source.version
        ));
    }
    if source.regions.len() != EXPECTED_REGIONS {
        return Err(format!(
            "expected {EXPECTED_REGIONS} geographic regions, found {}",
            source.regions.len()
        ));
    }
    Ok(source)
}

/// The generated files: name and text.
type Outputs = [(&'static str, String); 2];

/// The table records and the two files' texts.
fn generate(source: &source::Source) -> Result<(Vec<table::TableRegion>, Outputs), String> {
    let table = table::build(source)?;
    emit::check_separators(&table)?;
    let outputs = [
        (TABLE_FILE, emit::table_file(&table)),
        (
            INDEX_FILE,
            emit::rust_source(&table, &source.version, TABLE_FILE),
        ),
    ];
    Ok((table, outputs))
}

fn write_outputs(outputs: &[(&str, String)], version: &str) -> Result<(), String> {
    for (name, text) in outputs {
        let path = output_path(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("phonemeta: wrote {OUTPUT_DIR}/{name} (libphonenumber {version})");
    }
    Ok(())
}

/// `--update VERSION`: pins `version`, regenerates the files from it and says what changed.
fn update(venv: &Venv, version: &str, report: bool) -> Result<ExitCode, String> {
    let old_pin = python::read_pin()?;
    // The old version's metadata, to say what changed region by region and which table lines
    // (none before the first pin: then every region's line counts as new).
    let old_source = match &old_pin {
        Some(pin) => {
            venv.ensure(pin, None)?;
            Some(load(venv, pin)?)
        }
        None => None,
    };
    let wheels = python::workspace_path(CACHE_DIR).join("download");
    let _ = std::fs::remove_dir_all(&wheels);
    std::fs::create_dir_all(&wheels)
        .map_err(|e| format!("cannot create {}: {e}", wheels.display()))?;
    let new_pin = venv.download(version, &wheels)?;
    venv.ensure(&new_pin, Some(&wheels))?;
    let _ = std::fs::remove_dir_all(&wheels);
    let new_source = load(venv, &new_pin)?;
    let (table, outputs) = generate(&new_source)?;

    write_outputs(&outputs, version)?;
    python::write_pin(Some(&new_pin))?;
    println!(
        "phonemeta: pinned {PACKAGE}=={version} (sha256 {}) in tools/phonemeta/requirements.txt",
        new_pin.sha256
    );

    let old_version = old_pin
        .as_ref()
        .map_or("(the previous table)", |p| p.version.as_str());
    let old_table = match &old_source {
        Some(old) => emit::keyed_table_string(&table::build(old)?),
        None => String::new(),
    };
    let lines = diff::table_lines(&old_table, &emit::keyed_table_string(&table));
    match &old_source {
        Some(old) => {
            let changes = diff::regions(old, &new_source);
            let patterns: usize = changes.iter().map(|c| c.patterns).sum();
            println!(
                "phonemeta: libphonenumber {old_version} -> {version}: {} of {} regions changed ({} of them in the table), {patterns} patterns",
                changes.len(),
                new_source.regions.len(),
                lines.len()
            );
            for change in &changes {
                println!("  {}  {}", change.iso, change.what.join(", "));
            }
        }
        None => println!(
            "phonemeta: {old_version} -> libphonenumber {version}: {} of {} regions' table lines changed{}",
            lines.len(),
            table.len(),
            lines.iter().fold(String::new(), |all, iso| all + " " + iso)
        ),
    }
    if report {
        print_report(&table);
    }
    println!("phonemeta: {}", oracle::ensure(venv, version)?);
    if let Some(old) = old_pin.as_ref().filter(|old| old.version != version) {
        for file in PROSE_FILES {
            let text = std::fs::read_to_string(python::workspace_path(file)).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                if names_version(line, &old.version) {
                    println!(
                        "phonemeta: {file}:{} names the previous version, {}: check it",
                        n + 1,
                        old.version
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether `line` names `version` ("9.0.4" is not named by "9.0.43" or "19.0.4").
fn names_version(line: &str, version: &str) -> bool {
    let part_of_a_number = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
    line.match_indices(version).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let mut after = line[at + version.len()..].chars();
        let next = after.next();
        !before.is_some_and(|c| c.is_ascii_digit())
            && !(part_of_a_number(next) && (next != Some('.') || part_of_a_number(after.next())))
    })
}

/// Sizes of the table (the file loaded at run time) and of the index (in the wasm).
fn print_report(table: &[table::TableRegion]) {
    let blob = emit::table_file(table);
    let index = emit::index_string(table);
    let alternations: usize = table.iter().map(|r| r.valid.len()).sum();
    let over_e164: Vec<String> = table
        .iter()
        .filter(|r| r.calling_code.to_string().len() as u32 + r.longest > 15)
        .map(|r| format!("{} (+{}, NSN up to {})", r.iso, r.calling_code, r.longest))
        .collect();
    println!(
        "metadata: {} regions, raw bytes {}, brotli bytes {}",
        table.len(),
        blob.len(),
        brotli_size(blob.as_bytes())
            .map(|n| n.to_string())
            .unwrap_or_else(|| "skipped (no brotli CLI)".into()),
    );
    println!(
        "metadata: {} number-type alternations; index in the wasm: raw bytes {}, brotli bytes {}",
        alternations,
        index.len(),
        brotli_size(index.as_bytes())
            .map(|n| n.to_string())
            .unwrap_or_else(|| "skipped (no brotli CLI)".into()),
    );
    println!(
        "metadata: regions whose valid numbers can exceed E.164's 15 digits: {}",
        if over_e164.is_empty() {
            "none".to_owned()
        } else {
            over_e164.join(", ")
        }
    );
}

/// Brotli (quality 11) size through the `brotli` command-line tool, if installed.
fn brotli_size(data: &[u8]) -> Option<usize> {
    let mut child = Command::new("brotli")
        .args(["-c", "-q", "11", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(data).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then_some(out.stdout.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn finds_the_old_version_in_prose() {
        assert!(names_version("release 9.0.43 (the export)", "9.0.43"));
        assert!(names_version("libphonenumber 9.0.43.", "9.0.43"));
        assert!(names_version("(such as `\"9.0.43\"`)", "9.0.43"));
        assert!(!names_version("release 9.0.43", "9.0.4"));
        assert!(!names_version("release 19.0.4", "9.0.4"));
        assert!(!names_version("release 9.0.4.1", "9.0.4"));
    }

    #[test]
    fn update_takes_an_exact_version() {
        assert_eq!(
            args(&["--update", "9.0.44"]).map(|a| a.update),
            Ok(Some("9.0.44".to_owned()))
        );
        assert!(args(&["--update"]).is_err());
        assert!(args(&["--update", "latest"]).is_err());
        assert!(args(&["--update", "9.0.44", "--check"]).is_err());
        assert!(args(&["--verbose"]).is_err());
        let a = args(&["--check", "--report"]).expect("valid");
        assert!(a.check && a.report && !a.setup && a.update.is_none());
    }
}
