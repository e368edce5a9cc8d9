#!/usr/bin/env node
// Which of the wasm's functions run before the form is ready, and what a wasm holding only those
// would weigh: the figure that sizes a split of the wasm into what the first paint needs and what
// can come after it (issue #17's first budget).
//
// 1. Every function of dist/'s wasm gets a call to an imported `env.mark(index)` at its start
//    (binaryen's JS API; the build's own wasm is not touched: the copy is in target/split-profile).
// 2. The release sandbox serves that copy with bench/widget.html (the README's snippet, with
//    `api-base` pointed at the sandbox so that a submit registers); headless Chromium records the
//    functions run (a) by `verifik:ready`, (b) after a person types an e-mail, picks a country by
//    searching, types a number and switches the language there and back, (c) after a submit.
// 3. For each set, the same wasm with every other function's body replaced by `unreachable` is
//    written and measured (brotli -q 11): what a first module of that set would cost, data
//    segments included, before any loader or stub.
//
// Run after scripts/bench.sh (it needs dist/ and target/release/verifik-sandbox):
//   node bench/split-profile.mjs
import { chromium } from '@playwright/test';
import binaryen from 'binaryen';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const WORK = join(ROOT, 'target', 'split-profile');
const SITE = join(WORK, 'site');
const SANDBOX = join(ROOT, 'target', 'release', 'verifik-sandbox');
const WASM = 'verifik-onboarding_bg.wasm';
const ENTRY = 'verifik-onboarding.js';

// The features the release wasm uses (not binaryen's newer encodings, which browsers refuse).
const FEATURES =
  binaryen.Features.MutableGlobals |
  binaryen.Features.NontrappingFPToInt |
  binaryen.Features.BulkMemory |
  binaryen.Features.BulkMemoryOpt |
  binaryen.Features.SignExt |
  binaryen.Features.ReferenceTypes |
  binaryen.Features.Multivalue |
  binaryen.Features.CallIndirectOverlong;

function read(bytes) {
  const module = binaryen.readBinary(bytes);
  module.setFeatures(FEATURES);
  return module;
}

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** The wasm with `env.mark(i)` first in every defined function `i`. */
function instrumented(bytes) {
  const module = read(bytes);
  const functions = [];
  for (let i = 0; i < module.getNumFunctions(); i++) functions.push(module.getFunctionByIndex(i));
  module.addFunctionImport('__mark', 'env', 'mark', binaryen.createType([binaryen.i32]), binaryen.none);
  functions.forEach((f, i) => {
    const info = binaryen.getFunctionInfo(f);
    if (info.module) return;
    const mark = module.call('__mark', [module.i32.const(i)], binaryen.none);
    binaryen._BinaryenFunctionSetBody(f, module.block(null, [mark, info.body], info.results));
  });
  if (!module.validate()) throw new Error('the instrumented wasm does not validate');
  return module.emitBinary();
}

/** The wasm with the body of every defined function outside `kept` replaced by `unreachable`. */
function stubbed(bytes, kept) {
  const module = read(bytes);
  let defined = 0;
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const f = module.getFunctionByIndex(i);
    if (binaryen.getFunctionInfo(f).module) continue;
    defined++;
    if (!kept.has(i)) binaryen._BinaryenFunctionSetBody(f, module.unreachable());
  }
  return { bytes: module.emitBinary(), defined };
}

function startSandbox() {
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX, ['--addr', '127.0.0.1:0', '--dist', SITE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/verifik-sandbox listening on (\S+)/);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
}

// The site: dist/ without its precompressed siblings, the instrumented wasm, the entry module
// pinned to it and handing the wasm its `env.mark`, and the benchmark's host page.
const wasm = readFileSync(join(DIST, WASM));
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
cpSync(DIST, SITE, { recursive: true, filter: (path) => !/\.(br|gz)$/.test(path) });
const marked = instrumented(wasm);
writeFileSync(join(SITE, WASM), marked);
let entry = readFileSync(join(DIST, ENTRY), 'utf8');
if (!entry.includes(sri(wasm))) throw new Error(`${ENTRY} does not pin dist's wasm`);
entry = entry.replace(sri(wasm), sri(marked));
// wasm-bindgen's instantiation helper: (module or response, imports).
const helper = /async function (\w+)\((\w+),(\w+)\)\{if\(typeof Response/;
const found = entry.match(helper);
if (!found) throw new Error(`no instantiation helper found in ${ENTRY}`);
entry = entry.replace(
  helper,
  `async function ${found[1]}(${found[2]},${found[3]}){${found[3]}.env={mark:(i)=>globalThis.__marks?.add(i)};if(typeof Response`,
);
writeFileSync(join(SITE, ENTRY), entry);

const { child, url } = await startSandbox();
const page_html = readFileSync(join(ROOT, 'bench', 'widget.html'), 'utf8').replace(
  'token-url="/demo/token"',
  `token-url="/demo/token" api-base="${url}"`,
);
writeFileSync(join(SITE, 'split-profile.html'), page_html);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const sets = {};
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    globalThis.__marks = new Set();
    document.addEventListener('verifik:ready', () => (globalThis.__ready = [...globalThis.__marks]), true);
    document.addEventListener('verifik:registered', () => (globalThis.__registered = true), true);
  });
  const marks = () => page.evaluate(() => [...globalThis.__marks]);
  await page.goto(`${url}/split-profile.html`);
  await page.waitForFunction(() => globalThis.__ready, null, { timeout: 30_000 });
  sets['by verifik:ready'] = await page.evaluate(() => globalThis.__ready);
  // The phone table arrives and the country list is built at idle time.
  await page.waitForTimeout(1500);
  sets['+ the table and the idle-time list'] = await marks();
  const host = page.locator('verifik-onboarding');
  await host.locator('#vo-email').click();
  await page.keyboard.type('ana@example.com', { delay: 20 });
  await page.keyboard.press('Tab');
  await host.locator('#vo-country-button').click();
  await page.keyboard.type('colom', { delay: 40 });
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
  await host.locator('#vo-phone').click();
  await page.keyboard.type('300 123 4567', { delay: 20 });
  await page.keyboard.press('Tab');
  await host.locator('select').first().selectOption('es');
  await host.locator('select').first().selectOption('en');
  await page.waitForTimeout(300);
  sets['+ typing, the picker, a language switch'] = await marks();
  await host.locator('.vo-submit').click();
  await page.waitForFunction(() => globalThis.__registered, null, { timeout: 30_000 });
  await page.waitForTimeout(500);
  sets['+ a submit that registers'] = await marks();
} finally {
  await browser.close();
  child.kill();
}

const all = stubbed(wasm, new Set(Array.from({ length: 1 << 16 }, (_, i) => i)));
console.log(`dist's wasm: ${wasm.length} B, brotli ${brotli(wasm)} B; ${all.defined} functions defined`);
console.log(`the same written back by binaryen: ${all.bytes.length} B, brotli ${brotli(all.bytes)} B`);
console.log('functions run                                   count      raw   brotli  (the others stubbed)');
for (const [name, set] of Object.entries(sets)) {
  const { bytes } = stubbed(wasm, new Set(set));
  console.log(`  ${name.padEnd(44)} ${String(set.length).padStart(5)} ${String(bytes.length).padStart(8)} ${String(brotli(bytes)).padStart(8)}`);
}
