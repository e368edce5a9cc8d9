// Prints the sizes of what a host loads from the release build in dist/ (run by the test
// command after the build): the files needed before the form is interactive, then the ones
// fetched beside them and needed later. The benchmark (bench/bench.mjs) prints the same tables.
// Usage: node scripts/sizes.mjs
import { join } from 'node:path';
import { AFTER_INTERACTIVE, hostFiles, printSizeTable, sizeOf } from './host-files.mjs';

const DIST = join(import.meta.dirname, '..', 'dist');
const rows = (later) =>
  hostFiles(DIST)
    .filter((file) => AFTER_INTERACTIVE.includes(file) === later)
    .map((file) => ({ name: file, size: sizeOf(join(DIST, file)) }));
const before = printSizeTable('before the form is interactive', rows(false), console.log);
const after = printSizeTable('fetched once the wasm runs, needed to check a number', rows(true), console.log);
console.log(`in all: raw ${before.raw + after.raw}, gzip ${before.gzip + after.gzip}, brotli ${before.brotli + after.brotli}`);
