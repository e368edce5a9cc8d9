// Prints the sizes of what a host loads from the release build in dist/ (run by the test
// command after the build): the files needed before the form is interactive, then the phone
// table fetched once the wasm runs. The benchmark (bench/bench.mjs) prints the same tables.
//
// With --check, it also holds the figures against scripts/budgets.json and exits 1 when one is
// over its ceiling; the npm tarball (target/npm/*.tgz, written by scripts/package.mjs) is one of
// them.
// Usage: node scripts/sizes.mjs [--check]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostSizeRows, printSizeTable } from './host-files.mjs';

const ROOT = join(import.meta.dirname, '..');
const rows = hostSizeRows(join(ROOT, 'dist'));
const before = printSizeTable('before the form is interactive', rows.before, console.log);
const after = printSizeTable('fetched once the wasm runs, needed to check a number', rows.after, console.log);
console.log(`in all: raw ${before.raw + after.raw}, gzip ${before.gzip + after.gzip}, brotli ${before.brotli + after.brotli}`);

if (process.argv.includes('--check')) {
  const budgets = JSON.parse(readFileSync(join(import.meta.dirname, 'budgets.json'), 'utf8'));
  const npm = join(ROOT, 'target', 'npm');
  const tarball = readdirSync(npm).find((name) => name.endsWith('.tgz'));
  if (!tarball) {
    console.error(`no tarball in ${npm}: run node scripts/package.mjs first`);
    process.exit(1);
  }
  const figures = {
    beforeInteractive: before.brotli,
    everything: before.brotli + after.brotli,
    tarball: statSync(join(npm, tarball)).size,
  };
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  let over = 0;
  console.log('size budgets (KB = 1,024 bytes)');
  for (const [key, figure] of Object.entries(figures)) {
    const { what, target, ceiling } = budgets[key];
    const toTarget = figure <= target ? 'holds' : `over by ${kb(figure - target)}`;
    const held = figure <= ceiling;
    over += held ? 0 : 1;
    console.log(
      `  ${what}: ${figure} B (${kb(figure)}); issue #17 target ${kb(target)}: ${toTarget}; ceiling ${kb(ceiling)}: ${held ? 'holds' : 'EXCEEDED'}`,
    );
  }
  if (over > 0) {
    console.error(`${over} size budget(s) exceeded: the change makes what a host page loads larger (scripts/budgets.json)`);
    process.exit(1);
  }
}
