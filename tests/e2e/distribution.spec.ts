// The two ways the widget ships (scripts/package.mjs): the versioned CDN directory with its
// manifest and generated script tag, and the npm package as a Vite app bundles it
// (tests/spa-vite, built by the test command from the packed tarball).
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { recordEvents, registrations, uniqueEmail, events } from './helpers';

const ROOT = join(__dirname, '..', '..');
const CDN = join(ROOT, 'dist', 'cdn');
const VITE_DIST = join(ROOT, 'tests', 'spa-vite', 'dist');
const CDN_BASE = 'https://cdn.example.com/verifik-onboarding';

type Manifest = { name: string; version: string; entry: string; files: { path: string; bytes: number; integrity: string }[] };

function manifest(): { dir: string; manifest: Manifest } {
  const [version] = readdirSync(CDN);
  const dir = join(CDN, version);
  return { dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) };
}

const sha384 = (bytes: Buffer) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const snippetLines = () => readFileSync(join(manifest().dir, 'snippet.html'), 'utf8').trim().split('\n');

/** Host pages' servers, closed after each test. */
const hostServers: Server[] = [];
test.afterEach(() =>
  hostServers.splice(0).forEach((server) => {
    server.closeAllConnections();
    server.close();
  }),
);

/** A host page with the generated script tag, pointed at the sandbox's copy of dist/cdn. The
 * page has its own server (another port: another origin), as a site has beside a CDN: the
 * module, its preload and the wasm and table fetches are cross-origin requests, answered with
 * the sandbox's CORS headers. Returns the page's origin. */
async function openCdnHost(page: Page, cdnOrigin: string): Promise<string> {
  const { dir } = manifest();
  const snippet = readFileSync(join(dir, 'snippet.html'), 'utf8').replaceAll(CDN_BASE, `${cdnOrigin}/cdn`);
  expect(snippet).not.toContain('cdn.example.com');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN host</title><link rel="icon" href="data:,">
${snippet}</head><body><main><h1>Sign up</h1>
<verifik-onboarding project="5f8d0a24c6345c001fa9e2b3" project-flow="5f8d0a24c6345c001fa9e2b4" api-base="${cdnOrigin}" token-url="${cdnOrigin}/demo/token" lang="en" fields="email"></verifik-onboarding>
</main></body></html>`;
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  hostServers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect(origin).not.toBe(new URL(cdnOrigin).origin);
  await page.goto(`${origin}/`);
  return origin;
}

test('the CDN manifest lists every file with its size and sha384', () => {
  const { dir, manifest: m } = manifest();
  expect(m.name).toBe('verifik-onboarding');
  expect(m.entry).toBe('verifik-onboarding.js');
  const paths = m.files.map((f) => f.path);
  // One module (the build bundles the glue into the entry), the wasm, the phone metadata table.
  expect(paths.sort()).toEqual(['verifik-onboarding.js', 'verifik-onboarding_bg.wasm', 'verifik-phone-metadata.txt']);
  for (const file of m.files) {
    const bytes = readFileSync(join(dir, file.path));
    expect(bytes.length, file.path).toBe(file.bytes);
    expect(sha384(bytes), file.path).toBe(file.integrity);
  }
});

test('the shipped wasm names no source file and no directory of the machine that built it', () => {
  const { dir } = manifest();
  // latin1: one character per byte, whatever the wasm holds.
  const wasm = readFileSync(join(dir, 'verifik-onboarding_bg.wasm')).toString('latin1');
  expect(wasm.match(/[\w/-]{3,}\.rs\b/g) ?? []).toEqual([]);
  expect(wasm.match(/\/(root|home|work|tmp|rustc|rust|crates)\//g) ?? []).toEqual([]);
  // The form's own texts are still there.
  expect(wasm).toContain('Search for a country');
});

test('the generated CDN script tag loads the widget with integrity on every file, and it registers', async ({ page, request, baseURL }) => {
  await recordEvents(page);
  const { manifest: m } = manifest();
  const loaded: string[] = [];
  const origins: Promise<string | null>[] = [];
  page.on('requestfinished', (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith(`/cdn/${m.version}/`)) return;
    loaded.push(path.slice(`/cdn/${m.version}/`.length));
    origins.push(r.headerValue('origin'));
  });
  const hostOrigin = await openCdnHost(page, baseURL!);
  const email = uniqueEmail();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/^Done!/)).toBeVisible();
  expect((await registrations(request)).filter((r) => r.email === email)).toHaveLength(1);
  // Everything the page loaded is in the manifest, and everything in the manifest was loaded,
  // each once: the module's fetch of the wasm (with its sha384) took the preloaded response.
  expect(loaded.sort()).toEqual(m.files.map((f) => f.path).sort());
  // Each of them a CORS request from the host page's origin, as from a site to a CDN.
  expect(new Set(await Promise.all(origins))).toEqual(new Set([hostOrigin]));
  expect(snippetLines()).toEqual([
    expect.stringMatching(/^<link rel="preload" href="\S+\/verifik-onboarding_bg\.wasm" as="fetch" type="application\/wasm" crossorigin>$/),
    expect.stringMatching(/^<script type="module" src="\S+\/verifik-onboarding\.js" integrity="sha384-[^"]+"><\/script>$/),
  ]);
});

test('through the CDN script tag, a tampered wasm is refused with a message in the element and config_error', async ({ page, baseURL }) => {
  await recordEvents(page);
  const { dir } = manifest();
  await page.route('**/cdn/*/verifik-onboarding_bg.wasm', async (route) => {
    const body = readFileSync(join(dir, 'verifik-onboarding_bg.wasm'));
    body[body.length >> 1] ^= 0x01;
    await route.fulfill({ contentType: 'application/wasm', body });
  });
  await openCdnHost(page, baseURL!);
  const message = 'This form could not be loaded. Reload the page to try again.';
  await expect(page.getByRole('alert')).toHaveText(message);
  expect(await events(page, 'verifik:error')).toEqual([{ type: 'verifik:error', detail: { code: 'config_error', message } }]);
  await expect(page.getByLabel('E-mail')).toHaveCount(0);
});

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves the built Vite app (tests/spa-vite/dist) at /__vite/ on the sandbox's origin. */
async function serveVite(page: Page) {
  expect(existsSync(join(VITE_DIST, 'index.html')), 'tests/spa-vite/dist is built by the test command (vite build)').toBe(true);
  await page.route('**/__vite/**', (route) => {
    const path = new URL(route.request().url()).pathname.replace('/__vite/', '') || 'index.html';
    const file = join(VITE_DIST, path);
    if (path.includes('..') || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
}

test('the Vite app built from the npm tarball mounts, unmounts and remounts on route changes, and registers', async ({ page, request }) => {
  await serveVite(page);
  const wasm: string[] = [];
  page.on('requestfinished', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname));
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/__vite/#/signup');
  const spa = () => page.evaluate(() => (window as unknown as { spa: { mounts: number; unmounts: number; registered: { registrationId: string }[]; heardOnTarget: string[]; errors: unknown[] } }).spa);

  const register = async () => {
    const email = uniqueEmail();
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(/^Done!/)).toBeVisible();
    const mine = (await registrations(request)).filter((r) => r.email === email);
    expect(mine).toHaveLength(1);
    return mine[0]._id as string;
  };
  const first = await register();
  await page.goto('/__vite/#/about');
  await expect(page.getByText(/^About this app \(widget \d+\.\d+\.\d+; "a@b\.co" is valid\)/)).toBeVisible();
  await expect(page.locator('verifik-onboarding')).toHaveCount(0);
  await page.goto('/__vite/#/signup');
  const second = await register();

  const state = await spa();
  expect(state.mounts).toBe(2);
  expect(state.unmounts).toBe(1);
  expect(state.registered.map((d) => d.registrationId)).toEqual([first, second]);
  expect(state.heardOnTarget).toEqual([first, second]);
  expect(state.errors).toEqual([]);
  // The wasm is Vite's emitted asset, fetched once.
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/__vite\/assets\/verifik-onboarding_bg-[\w-]+\.wasm$/);
  expect(problems).toEqual([]);
});

test('the Vite dev server (`vite`, with the README\'s optimizeDeps line) serves the app from the npm package, and it registers', async ({ page, request, baseURL }) => {
  test.setTimeout(90_000);
  // A free port (Vite takes --port 0 as its default, 5173, which may be taken).
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const vite = spawn(join(ROOT, 'node_modules', '.bin', 'vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort', '--clearScreen', 'false'], {
    cwd: join(ROOT, 'tests', 'spa-vite'),
    env: { ...process.env, VERIFIK_SANDBOX_URL: baseURL!, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite did not start:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = output.match(/Local:\s+(http:\/\/127\.0\.0\.1:\d+\/__vite\/)/);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      vite.stdout.on('data', read);
      vite.stderr.on('data', read);
      vite.on('exit', (code) => reject(new Error(`vite exited with ${code}:\n${output}`)));
    });
    const wasm: { path: string; type: string | undefined }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('verifik-onboarding_bg')) wasm.push({ path: new URL(r.url()).pathname, type: r.headers()['content-type'] });
    });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${url}#/signup`);
    const email = uniqueEmail();
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(/^Done!/)).toBeVisible({ timeout: 20_000 });
    expect((await registrations(request)).filter((r) => r.email === email)).toHaveLength(1);
    // The wasm beside the package's module, not under node_modules/.vite/deps/.
    expect(wasm).toEqual([{ path: '/__vite/node_modules/verifik-onboarding/verifik-onboarding_bg.wasm', type: 'application/wasm' }]);
    expect(problems).toEqual([]);
  } finally {
    vite.kill();
  }
});
