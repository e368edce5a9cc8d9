#!/usr/bin/env node
// The benchmark of issue #7: what the widget costs a host page, side by side with
// intl-tel-input 29.5.1 with utils, printed as one table with each budget's verdict.
//   1. size: raw, gzip -9, brotli -q 11 of every file a host loads; twiggy's top wasm items
//   2. load: navigation start → ready, median of N runs, unthrottled and 4× CPU + slow 4G
//      (the widget's page with README's first snippet, the preload line and the script tag,
//      which the budget judges; the same page with the script tag alone;
//      and intl-tel-input's page)
//   3. interaction: longest event duration while typing 20 keys into the country search and
//      the phone field, 4× CPU
//   4. memory: wasm memory after a whole registration and after 100 mount/unmount cycles
// Run it through scripts/bench.sh, which installs what is missing and builds the release first.
// Usage: node bench/bench.mjs [--runs N]   (N ≥ 7 for figures worth quoting; default 7)
// Exit code 0 when the benchmark ran, whatever the verdicts; 1 when it could not run.
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostSizeRows, printSizeTable, sizeOf } from '../scripts/host-files.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const WORK = join(ROOT, 'target', 'bench');
// What the sandbox serves during the run: dist/, the two benchmark pages, intl-tel-input's
// files and the SPA fixture, all from one origin through the same HTTP server, so both pages
// get the same network emulation and the same precompressed (.br) responses.
const SITE = join(WORK, 'site');
const ITI = join(ROOT, 'node_modules', 'intl-tel-input');
const ITI_VERSION = '29.5.1';
const SANDBOX = join(ROOT, 'target', 'release', 'verifik-sandbox');
const RELEASE_WASM = join(ROOT, 'target', 'wasm32-unknown-unknown', 'release', 'verifik-onboarding-core.wasm');

const args = process.argv.slice(2);
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 7);
if (!Number.isInteger(RUNS) || RUNS < 1) fail('--runs takes a positive whole number');

// The launch options of tests/e2e/playwright.config.ts: Debian's Chromium, run as root.
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

// Chrome DevTools' "Slow 4G" preset, as DevTools itself sends it
// (ChromeDevTools/devtools-frontend, front_end/core/sdk/NetworkManager.ts, Slow4GConditions):
// download 1.6 Mbit/s × 0.9 = 180,000 B/s, upload 750 kbit/s × 0.9 = 84,375 B/s,
// latency 150 ms RTT × 3.75 = 562.5 ms.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const CPU_SLOWDOWN = 4;
const PROFILES = [
  { name: 'unthrottled', cpu: 1, network: null },
  { name: '4x CPU + slow 4G', cpu: CPU_SLOWDOWN, network: SLOW_4G },
];

// Budgets of issue #17: the size targets are those of scripts/budgets.json (KB = 1,024 bytes),
// which the test command holds too.
const SIZE_BUDGETS = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'budgets.json'), 'utf8'));
const BUDGET = {
  brotliBytes: SIZE_BUDGETS.beforeInteractive.target,
  everythingBytes: SIZE_BUDGETS.everything.target,
  loadRatio: 1.0,
  interactionMs: 50,
  memoryBytes: 2 * 1024 * 1024,
};

const PROJECT = '5f8d0a24c6345c001fa9e2b3';
const PROJECT_FLOW = '5f8d0a24c6345c001fa9e2b4';

function fail(message) {
  console.error(`bench.mjs: ${message}`);
  process.exit(1);
}

const out = [];
const print = (line = '') => out.push(line);
const kb = (bytes) => (bytes / 1000).toFixed(1);
const ms = (value) => (value == null ? '—' : value.toFixed(0));
const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const verdict = (holds) => (holds ? 'holds' : 'EXCEEDED');
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');

// ---------------------------------------------------------------------------------------------
// 1. Size


const sizeTable = (title, rows) => printSizeTable(title, rows, print);

const ITI_FILES = ['js/intlTelInputWithUtils.min.js', 'css/intlTelInput.min.css'];
// Loaded by intl-tel-input's stylesheet when the flags show (1x screens; flags@2x.webp on 2x).
const ITI_IMAGES = ['img/flags.webp'];

/** twiggy needs the name section, which the shipped wasm has not: the release's own wasm
 * (before wasm-bindgen) through the same wasm-bindgen, export stripping, dead table entries and
 * wasm-opt -Oz as the build, with -g keeping the names. Without -g the result is the size of
 * dist's wasm (printed). */
function twiggyTop() {
  const names = join(WORK, 'names');
  rmSync(names, { recursive: true, force: true });
  mkdirSync(names, { recursive: true });
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', names, RELEASE_WASM], { stdio: 'ignore' });
  const bindgen = join(names, 'verifik-onboarding-core_bg.wasm');
  execFileSync('node', [join(ROOT, 'scripts', 'strip-exports.mjs'), bindgen], { stdio: 'ignore' });
  execFileSync('node', [join(ROOT, 'scripts', 'drop-dead-table-entries.mjs'), bindgen], { stdio: 'ignore' });
  const named = join(names, 'verifik-onboarding-core_bg.named.wasm');
  const stripped = join(names, 'verifik-onboarding-core_bg.stripped.wasm');
  execFileSync('wasm-opt', ['-Oz', '-g', bindgen, '-o', named], { stdio: 'ignore' });
  execFileSync('wasm-opt', ['-Oz', bindgen, '-o', stripped], { stdio: 'ignore' });
  // The name section itself ("function names" subsection, ...) is not shipped: left out.
  const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '25', '-f', 'json', named], { encoding: 'utf8' }))
    .filter((item) => !item.name.endsWith(' subsection'))
    .slice(0, TWIGGY_ITEMS);
  return { named, items, strippedBytes: statSync(stripped).size };
}

const TWIGGY_ITEMS = 15;

// ---------------------------------------------------------------------------------------------
// The site the sandbox serves

function prepareSite() {
  rmSync(SITE, { recursive: true, force: true });
  cpSync(DIST, SITE, { recursive: true });
  for (const name of ['widget.html', 'intl-tel-input.html', 'intl-tel-input.js']) {
    cpSync(join(ROOT, 'bench', name), join(SITE, 'bench', name));
  }
  // widget.html with the preload line of README's first snippet before its script tag.
  const widget = readFileSync(join(ROOT, 'bench', 'widget.html'), 'utf8');
  const script = '    <script type="module" src="/verifik-onboarding.js"></script>';
  if (!widget.includes(script)) fail(`bench/widget.html has no line ${script.trim()}`);
  writeFileSync(
    join(SITE, 'bench', 'widget-preload.html'),
    widget.replace(script, `    ${PRELOAD_LINE}\n${script}`),
  );
  for (const name of ['spa.html', 'spa.js']) {
    cpSync(join(ROOT, 'tests', 'e2e', 'fixtures', name), join(SITE, '__fixtures', name));
  }
  const vendor = join(SITE, 'vendor', 'intl-tel-input');
  for (const path of [...ITI_FILES, ...ITI_IMAGES]) cpSync(join(ITI, 'dist', path), join(vendor, path));
  // The same precompressed siblings as the widget's files get from the build.
  execFileSync('node', [join(ROOT, 'scripts', 'precompress.mjs'), ...ITI_FILES.map((p) => join(vendor, p))]);
}

function startSandbox() {
  return new Promise((resolve, reject) => {
    const child = spawn(SANDBOX, ['--addr', '127.0.0.1:0', '--dist', SITE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/verifik-sandbox listening on (\S+)/);
      if (match) resolve({ child, url: match[1] });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${errors}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// In the page: marks, the wasm memory, event timing. Added before any page script runs.

function instrument() {
  const bench = { memory: null, events: [] };
  window.__bench = bench;
  const mark = (name) => performance.mark(name);
  bench.ready = new Promise((resolve) => {
    const done = () => {
      mark('bench:ready');
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const resources = performance.getEntriesByType('resource');
      const wasm = resources.find((e) => e.name.endsWith('.wasm'));
      const [navigation] = performance.getEntriesByType('navigation');
      resolve({
        ready: at('bench:ready'),
        wasmStart: at('bench:wasm-start'),
        wasmInstantiated: at('bench:wasm-instantiated'),
        wasmRequestStart: wasm ? wasm.startTime : null,
        wasmResponseEnd: wasm ? wasm.responseEnd : null,
        itiStart: at('iti:init-start'),
        transferred: [navigation, ...resources].reduce((sum, e) => sum + (e?.transferSize ?? 0), 0),
      });
    };
    window.addEventListener('verifik:ready', done, { capture: true, once: true });
    window.addEventListener('iti:ready', done, { capture: true, once: true });
  });
  // wasm-bindgen's glue instantiates through instantiateStreaming when the wasm is served as
  // application/wasm: the call starts the compile while bytes arrive; it resolves instantiated.
  const instantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    mark('bench:wasm-start');
    const result = await instantiate.apply(WebAssembly, args);
    mark('bench:wasm-instantiated');
    bench.memory = result.instance.exports.memory;
    return result;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.events.push({ name: e.name, duration: e.duration });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
}

async function openPage(browser, url, profile) {
  const context = await browser.newContext();
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile.cpu !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
  const encodings = {};
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    encodings[path] = r.headers()['content-encoding'] ?? 'identity';
  });
  await page.goto(url, { waitUntil: 'commit' });
  const timing = await page.evaluate(() => window.__bench.ready);
  return { context, page, timing, encodings };
}

// ---------------------------------------------------------------------------------------------
// 2. Load

// The first line of README's first snippet, as the widget-preload page has it.
const PRELOAD_LINE = '<link rel="preload" href="/verifik-onboarding_bg.wasm" as="fetch" type="application/wasm" crossorigin>';

// The widget's page shows the whole form (e-mail and phone); intl-tel-input's a phone field.
// The budget is judged on `preload`, the page with README's first snippet: the wasm's preload
// line and the script tag (written by prepareSite). `widget` has the script tag alone.
const PAGES = {
  widget: { path: '/bench/widget.html' },
  preload: { path: '/bench/widget-preload.html' },
  iti: { path: '/bench/intl-tel-input.html' },
};

async function load(browser, origin) {
  const results = {};
  let encodings = {};
  for (const profile of PROFILES) {
    const runs = { widget: [], preload: [], iti: [] };
    // Alternating the two pages spreads the machine's other load over both alike.
    for (let i = 0; i < RUNS; i++) {
      for (const kind of ['widget', 'preload', 'iti']) {
        const { context, timing, encodings: seen } = await openPage(browser, origin + PAGES[kind].path, profile);
        runs[kind].push(timing);
        encodings = { ...encodings, ...seen };
        await context.close();
      }
    }
    results[profile.name] = runs;
  }
  return { results, encodings };
}

// ---------------------------------------------------------------------------------------------
// 3. Interaction, at 4× CPU

// 20 keys each. The country search: a name, erased (the list grows back to every country, the
// heaviest redraw), another name. The phone field: a Colombian mobile number as people write it,
// then 8 keys erasing most of it. National, not international: intl-tel-input's defaults
// (separateDialCode, strictMode) refuse a typed "+".
const SEARCH_KEYS = [...'colombia', ...Array(8).fill('Backspace'), ...'peru'];
const PHONE_KEYS = [...'300 123 4567', ...Array(8).fill('Backspace')];

// Event Timing entries of typing; the click that opened the picker is not typing.
const TYPING_EVENTS = new Set(['keydown', 'keypress', 'keyup', 'beforeinput', 'input']);

/** Types `keys` into the focused field and returns the longest typing event (0: none ≥ 16 ms). */
async function typeKeys(page, field, keys, expected) {
  // Entries of what came before (the click) arrive after the next paint: let them pass.
  await page.waitForTimeout(500);
  await page.evaluate(() => (window.__bench.events.length = 0));
  for (const key of keys) {
    // press('+') would read "+" as a modifier separator: characters are typed.
    if (key.length === 1) await page.keyboard.type(key);
    else await page.keyboard.press(key);
    // One interaction at a time, as a person types (about 6 keys a second).
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(500);
  const typed = await field.inputValue();
  if (!expected.test(typed)) throw new Error(`typing left ${JSON.stringify(typed)} in the field, not ${expected}`);
  const events = (await page.evaluate(() => window.__bench.events)).filter((e) => TYPING_EVENTS.has(e.name));
  return events.reduce((max, e) => Math.max(max, e.duration), 0);
}

const INTERACTION_PASSES = 3;

async function interaction(browser, origin) {
  const profile = { name: '4x CPU', cpu: CPU_SLOWDOWN, network: null };
  const passes = { widget: [], iti: [] };
  for (let i = 0; i < INTERACTION_PASSES; i++) {
    {
      const { context, page } = await openPage(browser, origin + PAGES.widget.path, profile);
      await page.getByRole('button', { name: /^Country code:/ }).click();
      const search = await typeKeys(page, page.getByRole('combobox', { name: 'Search for a country' }), SEARCH_KEYS, /^peru$/);
      await page.keyboard.press('Escape');
      const field = page.getByLabel('Phone number');
      await field.click();
      const phone = await typeKeys(page, field, PHONE_KEYS, /^30/);
      passes.widget.push({ search, phone });
      await context.close();
    }
    {
      const { context, page } = await openPage(browser, origin + PAGES.iti.path, profile);
      await page.locator('.iti__selected-country').click();
      const searchField = page.locator('.iti__search-input');
      await searchField.click();
      const search = await typeKeys(page, searchField, SEARCH_KEYS, /^peru$/);
      await page.keyboard.press('Escape');
      const field = page.locator('#phone');
      await field.click();
      const phone = await typeKeys(page, field, PHONE_KEYS, /^30/);
      passes.iti.push({ search, phone });
      await context.close();
    }
  }
  return passes;
}

// ---------------------------------------------------------------------------------------------
// 4. Memory

async function openSpa(browser, origin) {
  const context = await browser.newContext();
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(`${origin}/__fixtures/spa.html`);
  await page.waitForFunction(() => window.spa);
  return { context, page };
}

async function memoryFigures(browser, origin) {
  const { context, page } = await openSpa(browser, origin);
  const bytes = () => page.evaluate(() => window.__bench.memory.buffer.byteLength);
  // A whole registration as a person does it: e-mail, country, phone, Continue, "Done!".
  await page.evaluate(() => window.spa.mount({ fields: ['email', 'phone'], defaultCountry: 'CO' }));
  const unique = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  await page.getByLabel('E-mail').fill(`bench-${unique}@example.com`);
  await page.getByLabel('Phone number').fill(`300${unique.slice(-7)}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText(/^Done!/).waitFor();
  const registered = await page.evaluate(() => window.spa.calls.registered.length);
  if (registered !== 1) throw new Error(`the registration flow ended with ${registered} verifik:registered events`);
  const afterFlow = await bytes();
  const cycles = (n) =>
    page.evaluate(async (n) => {
      window.spa.unmount();
      for (let i = 0; i < n; i++) {
        await window.spa.mount();
        window.spa.unmount();
      }
      await window.spa.mount();
    }, n);
  await cycles(10);
  const afterWarmUp = await bytes();
  await cycles(100);
  const afterCycles = await bytes();
  await context.close();
  return { afterFlow, afterWarmUp, afterCycles };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  print(`verifik-onboarding benchmark (issue #17): ${new Date().toISOString()}`);
  // Debian's wrapper script complains on stderr about a memory test on some machines: not ours.
  const version = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  print(`Chromium: ${version.trim()}; ${RUNS} runs per figure`);
  print(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average at start ${loadAverage()}`);
  print();

  // 1. Size
  print('1. Size (bytes; brotli -q 11 and gzip -9 of each file)');
  const hostRows = hostSizeRows(DIST);
  const hostTotal = sizeTable('files a host loads before the form is interactive (dist/)', hostRows.before);
  const laterTotal = sizeTable('fetched once the wasm runs, needed to check a number (dist/)', hostRows.after);
  const itiTotal = sizeTable(
    `intl-tel-input ${ITI_VERSION} with utils (node_modules)`,
    ITI_FILES.map((file) => ({ name: file, size: sizeOf(join(ITI, 'dist', file)) })),
  );
  for (const image of ITI_IMAGES) {
    print(`  + ${image}, ${statSync(join(ITI, 'dist', image)).size} bytes, loaded by its stylesheet when flags show`);
  }
  print(`  widget / intl-tel-input, brotli: ${(hostTotal.brotli / itiTotal.brotli).toFixed(2)} before the form is interactive, ${((hostTotal.brotli + laterTotal.brotli) / itiTotal.brotli).toFixed(2)} in all`);
  print();
  const twiggy = twiggyTop();
  const shipped = statSync(join(DIST, 'verifik-onboarding_bg.wasm')).size;
  print(`top ${TWIGGY_ITEMS} items of the wasm (twiggy top, shallow bytes; % of dist's ${shipped}-byte wasm)`);
  print(`  measured: ${twiggy.named.slice(ROOT.length + 1)}, the release wasm through the build's`);
  print(`  wasm-bindgen, dead table entries and wasm-opt -Oz, -g keeping names (${twiggy.strippedBytes} bytes without -g);`);
  print('  name section left out; the shipped wasm then has its panic paths blanked and its import and export names shortened');
  for (const item of twiggy.items) {
    const name = item.name.replace(/::h[0-9a-f]{16}$/, '');
    print(`  ${String(item.shallow_size).padStart(8)} ${((100 * item.shallow_size) / shipped).toFixed(1).padStart(5)}%  ${name.length > 96 ? `${name.slice(0, 95)}…` : name}`);
  }
  print();

  prepareSite();
  const sandbox = await startSandbox();
  const browser = await chromium.launch(LAUNCH);
  try {
    // 2. Load
    const { results, encodings } = await load(browser, sandbox.url);
    print(`2. Load (ms, median of ${RUNS}; fresh browser context per run, cache disabled; one origin, the sandbox)`);
    const widths = [48, 12, 18];
    print(pad(['', ...PROFILES.map((p) => p.name)], [48, 12, 18]));
    const row = (label, kind, value) =>
      print(pad([label, ...PROFILES.map((p) => ms(median(results[p.name][kind].map(value))))], widths));
    row('widget: navigation start → verifik:ready', 'widget', (t) => t.ready);
    row('  wasm init: wasm request → instance', 'widget', (t) => t.wasmInstantiated - t.wasmRequestStart);
    row('    of which download: request → last byte', 'widget', (t) => t.wasmResponseEnd - t.wasmRequestStart);
    row('    instantiateStreaming call → instance', 'widget', (t) => t.wasmInstantiated - t.wasmStart);
    row('  instance → verifik:ready (start, render)', 'widget', (t) => t.ready - t.wasmInstantiated);
    row('  bytes transferred by ready', 'widget', (t) => t.transferred);
    row('widget + preload line: navigation → ready', 'preload', (t) => t.ready);
    row('  wasm init: wasm request → instance', 'preload', (t) => t.wasmInstantiated - t.wasmRequestStart);
    row('intl-tel-input: navigation start → iti.promise', 'iti', (t) => t.ready);
    row('  intlTelInput() call → iti.promise', 'iti', (t) => t.ready - t.itiStart);
    row('  bytes transferred by ready', 'iti', (t) => t.transferred);
    const ratio = (kind) =>
      PROFILES.map((p) => median(results[p.name][kind].map((t) => t.ready)) / median(results[p.name].iti.map((t) => t.ready)));
    const ratios = ratio('widget');
    const preloadRatios = ratio('preload');
    print(pad(['ratio widget / intl-tel-input (ready)', ...ratios.map((r) => r.toFixed(2))], widths));
    print(pad(['  with the preload line', ...preloadRatios.map((r) => r.toFixed(2))], widths));
    const served = ['/verifik-onboarding_bg.wasm', '/verifik-onboarding.js', '/vendor/intl-tel-input/js/intlTelInputWithUtils.min.js'];
    print(`content-encoding served: ${served.map((p) => `${p.split('/').pop()} ${encodings[p] ?? '?'}`).join(', ')}`);
    print();

    // 3. Interaction
    const passes = await interaction(browser, sandbox.url);
    print(`3. Interaction at ${CPU_SLOWDOWN}x CPU (ms; longest Event Timing entry of the typing, durationThreshold 16,`);
    print(`   "<16" when none reached it; worst of ${INTERACTION_PASSES} passes, median of the passes in brackets;`);
    print('   20 keys each: search "colombia", 8× Backspace, "peru"; phone "300 123 4567", 8× Backspace)');
    const longest = (kind, field) => Math.max(...passes[kind].map((p) => p[field]));
    const shown = (value) => (value === 0 ? '<16' : value.toFixed(0));
    const cell = (kind, field) => `${shown(longest(kind, field))} (${shown(median(passes[kind].map((p) => p[field])))})`;
    const iwidths = [48, 16, 16];
    print(pad(['', 'country search', 'phone field'], iwidths));
    print(pad(['verifik-onboarding', cell('widget', 'search'), cell('widget', 'phone')], iwidths));
    print(pad([`intl-tel-input ${ITI_VERSION}`, cell('iti', 'search'), cell('iti', 'phone')], iwidths));
    print();

    // 4. Memory
    const mem = await memoryFigures(browser, sandbox.url);
    print('4. Memory (wasm memory, WebAssembly.Memory buffer bytes; SPA fixture, mount())');
    print(pad(['  after a whole registration (e-mail + phone)', mem.afterFlow], [48, 12]));
    print(pad(['  after 10 more mount/unmount cycles (warm-up)', mem.afterWarmUp], [48, 12]));
    print(pad(['  after 100 more mount/unmount cycles', mem.afterCycles], [48, 12]));
    print();

    // Budgets
    const widgetInteraction = Math.max(longest('widget', 'search'), longest('widget', 'phone'));
    const maxMemory = Math.max(mem.afterFlow, mem.afterWarmUp, mem.afterCycles);
    print('Budgets (issue #17)');
    const kib = (bytes) => (bytes / 1024).toFixed(1);
    print(`  brotli before the form is interactive ≤ ${kib(BUDGET.brotliBytes)} KB: ${kib(hostTotal.brotli)} KB: ${verdict(hostTotal.brotli <= BUDGET.brotliBytes)}`);
    const everything = hostTotal.brotli + laterTotal.brotli;
    print(`  brotli of everything a host page loads ≤ ${kib(BUDGET.everythingBytes)} KB: ${kib(everything)} KB: ${verdict(everything <= BUDGET.everythingBytes)}`);
    PROFILES.forEach((p, i) =>
      print(`  load ratio ≤ ${BUDGET.loadRatio.toFixed(1)} (${p.name}), README's snippet: ${preloadRatios[i].toFixed(2)}: ${verdict(preloadRatios[i] <= BUDGET.loadRatio)}` +
        ` (the script tag alone: ${ratios[i].toFixed(2)})`),
    );
    print(`  longest interaction ≤ ${BUDGET.interactionMs} ms at ${CPU_SLOWDOWN}x CPU: ${shown(widgetInteraction)} ms: ${verdict(widgetInteraction <= BUDGET.interactionMs)}`);
    print(`  wasm memory ≤ 2 MiB: ${maxMemory} bytes at most: ${verdict(maxMemory <= BUDGET.memoryBytes)}`);
    print(`  wasm memory flat after warm-up: ${mem.afterWarmUp} → ${mem.afterCycles}: ${verdict(mem.afterCycles === mem.afterWarmUp)}`);
    print();
    print(`benchmark ran in ${Math.round((Date.now() - started) / 1000)} s; load average at end ${loadAverage()}`);
  } finally {
    await browser.close();
    sandbox.child.kill();
  }
  console.log(out.join('\n'));
}

main().catch((error) => {
  if (out.length) console.log(out.join('\n'));
  fail(`the benchmark could not run: ${error.stack ?? error}`);
});
