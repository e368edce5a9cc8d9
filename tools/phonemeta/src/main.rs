//! `phonemeta`: generates `src/countries/data.rs`, the widget's phone metadata table, from
//! Google libphonenumber's metadata (through the `phonenumber` crate), so that the table is never
//! edited by hand.
//!
//! ```text
//! cargo run -p phonemeta              # (re)write src/countries/data.rs
//! cargo run -p phonemeta -- --check   # exit 1 if the file differs from what would be written
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

/// The generated file, relative to the workspace root.
const OUTPUT: &str = "src/countries/data.rs";

const CHECK_FLAG: &str = "--check";
const REPORT_FLAG: &str = "--report";

/// The workspace root: this crate lives in `tools/phonemeta`.
fn output_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(OUTPUT)
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
    let text = emit::rust_source(&table);
    let path = output_path();

    if report {
        print_report(&table, &text);
    }
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != text {
            eprintln!(
                "phonemeta: {OUTPUT} is not what the generator writes; run `cargo run -p phonemeta` and commit the result"
            );
            return ExitCode::FAILURE;
        }
        println!("phonemeta: {OUTPUT} is up to date");
        return ExitCode::SUCCESS;
    }
    if report {
        return ExitCode::SUCCESS;
    }
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("phonemeta: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("phonemeta: wrote {OUTPUT} ({} regions)", table.len());
    ExitCode::SUCCESS
}

/// Size of the table as it lands in the wasm: one string, parsed into records on first use.
fn print_report(table: &[table::TableRegion], text: &str) {
    let blob = emit::table_string(table);
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
        "metadata: {} number-type alternations, generated source {} bytes",
        alternations,
        text.len()
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
