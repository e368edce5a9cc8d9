// The files a host page loads from a release build, relative to dist/: the entry module (the
// build bundles the wasm-bindgen glue and its snippets into it), the wasm, and the phone
// metadata table the entry fetches once the wasm runs (the form is interactive without it). One
// list for everything that ships or measures them (scripts/package.mjs, scripts/sizes.mjs,
// bench/bench.mjs).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

export const ENTRY = 'verifik-onboarding.js';

/** Loaded too, but not needed before the form is interactive. */
export const AFTER_INTERACTIVE = ['verifik-phone-metadata.txt'];

/** The list, or an Error naming the first missing file (the release build has not run). */
export function hostFiles(dist) {
  const files = [ENTRY, 'verifik-onboarding_bg.wasm', ...AFTER_INTERACTIVE];
  for (const file of files) {
    try {
      statSync(join(dist, file));
    } catch {
      throw new Error(`${join(dist, file)} is missing: run the release build first (trunk build --release --offline)`);
    }
  }
  return files;
}

/** The size rows of `hostFiles(dist)`, split into what is loaded before the form is interactive
 * and what comes after (`AFTER_INTERACTIVE`). */
export function hostSizeRows(dist) {
  const rows = { before: [], after: [] };
  for (const file of hostFiles(dist)) {
    rows[AFTER_INTERACTIVE.includes(file) ? 'after' : 'before'].push({ name: file, size: sizeOf(join(dist, file)) });
  }
  return rows;
}

/** Raw, gzip -9 and brotli -q 11 bytes of a file, through the gzip and brotli commands. */
export function sizeOf(path) {
  const compressed = (command, flags) => execFileSync(command, [...flags, '-c', path], { maxBuffer: 1 << 28 }).length;
  return { raw: statSync(path).size, gzip: compressed('gzip', ['-9']), brotli: compressed('brotli', ['-q', '11']) };
}

/** Prints one size table through `print` (a line at a time) and returns its total. */
export function printSizeTable(title, rows, print) {
  const widths = [48, 10, 10, 10];
  const pad = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
  print(pad([title, 'raw', 'gzip -9', 'brotli 11']));
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const { name, size } of rows) {
    print(pad([`  ${name}`, size.raw, size.gzip, size.brotli]));
    for (const key of Object.keys(total)) total[key] += size[key];
  }
  print(pad(['  total', total.raw, total.gzip, total.brotli]));
  return total;
}
