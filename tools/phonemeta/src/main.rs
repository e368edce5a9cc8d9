//! `phonemeta`: generates the widget's phone metadata from Google libphonenumber's metadata
//! (through the `phonenumber` crate), so that it is never edited by hand:
//! `src/countries/verifik-phone-metadata.txt`, the table the widget loads once it is
//! interactive, and `src/countries/data.rs`, the index of regions the wasm carries.
//!
//! ```text
//! cargo run -p phonemeta              # (re)write both files
//! cargo run -p phonemeta -- --check   # exit 1 if a file differs from what would be written
//! cargo run -p phonemeta -- --report  # print region count and sizes (brotli via the CLI, if any)
//! ```

mod emit;
mod pattern;
mod source;
mod table;

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

const CHECK_FLAG: &str = "--check";
const REPORT_FLAG: &str = "--report";

/// A generated file's path: this crate lives in `tools/phonemeta`.
fn output_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(OUTPUT_DIR)
        .join(name)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == CHECK_FLAG);
    let report = args.iter().any(|a| a == REPORT_FLAG);
    if let Some(other) = args.iter().find(|a| *a != CHECK_FLAG && *a != REPORT_FLAG) {
        eprintln!("phonemeta: unknown argument {other:?} (use {CHECK_FLAG} or {REPORT_FLAG})");
        return ExitCode::from(2);
    }

    let regions = source::regions();
    if regions.len() != EXPECTED_REGIONS {
        eprintln!(
            "phonemeta: expected {EXPECTED_REGIONS} geographic regions, found {}",
            regions.len()
        );
        return ExitCode::FAILURE;
    }
    let table = match table::build(&regions) {
        Ok(table) => table,
        Err(e) => {
            eprintln!("phonemeta: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = emit::check_separators(&table) {
        eprintln!("phonemeta: {e}");
        return ExitCode::FAILURE;
    }
    let outputs = [
        (TABLE_FILE, emit::table_file(&table)),
        (INDEX_FILE, emit::rust_source(&table, TABLE_FILE)),
    ];

    if report {
        print_report(&table);
    }
    if check {
        let stale: Vec<&str> = outputs
            .iter()
            .filter(|(name, text)| {
                std::fs::read_to_string(output_path(name)).unwrap_or_default() != *text
            })
            .map(|(name, _)| *name)
            .collect();
        if !stale.is_empty() {
            eprintln!(
                "phonemeta: {OUTPUT_DIR}/{{{}}} not what the generator writes; run `cargo run -p phonemeta` and commit the result",
                stale.join(",")
            );
            return ExitCode::FAILURE;
        }
        println!("phonemeta: {OUTPUT_DIR}/{{{TABLE_FILE},{INDEX_FILE}}} are up to date");
        return ExitCode::SUCCESS;
    }
    if report {
        return ExitCode::SUCCESS;
    }
    for (name, text) in &outputs {
        let path = output_path(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("phonemeta: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "phonemeta: wrote {OUTPUT_DIR}/{name} ({} regions)",
            table.len()
        );
    }
    ExitCode::SUCCESS
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
