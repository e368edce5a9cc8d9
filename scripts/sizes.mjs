// Prints the sizes of what a host loads from the release build in dist/ (run by the test
// command after the build): the files needed before the form is interactive, then the phone
// table fetched once the wasm runs. The benchmark (bench/bench.mjs) prints the same tables.
// Usage: node scripts/sizes.mjs
import { join } from 'node:path';
import { hostSizeRows, printSizeTable } from './host-files.mjs';

const rows = hostSizeRows(join(import.meta.dirname, '..', 'dist'));
const before = printSizeTable('before the form is interactive', rows.before, console.log);
const after = printSizeTable('fetched once the wasm runs, needed to check a number', rows.after, console.log);
console.log(`in all: raw ${before.raw + after.raw}, gzip ${before.gzip + after.gzip}, brotli ${before.brotli + after.brotli}`);
