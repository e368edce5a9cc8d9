// Blanks the source-file paths of the wasm's panic locations (`/rustc/<hash>/library/…`,
// `/crates/<registry>/<crate>/src/…`, `/rust/deps/…`, `src/…`): each byte becomes NUL, in
// place, so that no offset moves.
//
// Rust keeps a file name for every place that may panic (a bounds check, an `unwrap`), for the
// panic message. In this build nothing ever prints that message: the release aborts on a panic
// (`panic = "abort"`), the widget sets no panic hook, and std's default hook writes to a stderr
// that wasm32-unknown-unknown does not have. The paths (63 of them, about 4 KB) are then bytes
// every host downloads for nothing: blanked, they cost about 700 B less brotli. Only the data section
// is read, and only text shaped like a path to a `.rs` file is touched.
//
// Usage: node scripts/blank-panic-paths.mjs <file.wasm>   (rewrites the file, prints a summary)
import { readFileSync, writeFileSync } from 'node:fs';
import { sections } from './strip-exports.mjs';

const DATA_SECTION = 11;
// Path characters, at least one slash, ending in `.rs`: `/rustc/<hash>/library/…`,
// `/crates/<registry>/<crate>/src/…`, std's own `/rust/deps/<crate>/src/…`, `src/…`.
const PATH = /[\w.-]*\/[\w./-]*\.rs/g;

/** Blanks every path in the data section of `bytes` (a wasm module), in place; returns
 * [paths, bytes blanked]. */
export function blankPanicPaths(bytes) {
  let count = 0;
  let blanked = 0;
  const data = sections(bytes).get(DATA_SECTION);
  if (data) {
    // latin1 keeps one character per byte, so a match's index is its byte offset.
    const text = bytes.subarray(data.body, data.end).toString('latin1');
    for (const match of text.matchAll(PATH)) {
      bytes.fill(0, data.body + match.index, data.body + match.index + match[0].length);
      count += 1;
      blanked += match[0].length;
    }
  }
  return [count, blanked];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node scripts/blank-panic-paths.mjs <file.wasm>');
    process.exit(2);
  }
  const bytes = readFileSync(path);
  const [count, blanked] = blankPanicPaths(bytes);
  // A build whose wasm has no such path any more has changed shape: say so rather than pass.
  if (count === 0) {
    console.error(`blank-panic-paths: no source path found in ${path}'s data section`);
    process.exit(1);
  }
  writeFileSync(path, bytes);
  console.log(`blank-panic-paths: ${count} paths, ${blanked} bytes blanked`);
}
