// The README's snippets, taken from README.md as they are printed there and run: plain HTML,
// the element's API, listening for events, the verification attribute, the theming CSS, the
// mount() example (type-checked against index.d.ts, then run), a React component (bundled with
// esbuild), a Vue single-file component (compiled with @vue/compiler-sfc, then bundled) in the
// browser, and the token endpoint backend with Node.js. What a host would change is all that is
// changed: the CDN address becomes this sandbox's file, the host's token endpoint
// /api/verifik-token is answered from the sandbox's /demo/token, and the element gets this
// sandbox as its api-base. tests/readme.rs checks that every code example of README.md is taken
// by a test here or is the compiled one it names (the Leptos snippet: examples/leptos_app.rs).
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { build, transform } from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { compileScript, parse } from 'vue/compiler-sfc';
import { recordEvents, registrations, tokenSightingsInPage, uniqueEmail, uniquePhone } from './helpers';

const ROOT = join(__dirname, '..', '..');
const WORK = join(ROOT, 'target', 'snippets');
const TAG = 'verifik-onboarding';

/** The code block that follows `<!-- snippet: name ... -->` in README.md. */
function snippet(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const found = readme.match(new RegExp(`<!-- snippet: ${name}\\b[^>]*-->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``));
  if (!found) throw new Error(`README.md has no snippet "${name}"`);
  return found[1];
}

/** The host-specific parts of a snippet, pointed at this sandbox. */
function hosted(code: string, origin: string): string {
  const pointed = code
    .replace(/https:\/\/cdn\.example\.com\/verifik-onboarding\/[^"']+\/verifik-onboarding\.js/g, '/verifik-onboarding.js')
    .replace(/https:\/\/cdn\.example\.com\/verifik-onboarding\/[^"']+\/verifik-onboarding_bg\.wasm/g, '/verifik-onboarding_bg.wasm')
    .replaceAll(`<${TAG} `, `<${TAG} api-base="${origin}" `);
  expect(pointed, 'the snippet has a <verifik-onboarding> element').toContain(`api-base="${origin}"`);
  return pointed;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    logLevel: 'silent',
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  });
  return result.outputFiles[0].text;
}

/** Serves `html` at /__snippets/page.html, `script` at /__snippets/app.js, and a host token
 * endpoint at /api/verifik-token: the sandbox's /demo/token, or `tokens` (a backend's URL). */
async function serve(page: Page, html: string, script = '', tokens?: string) {
  await page.route('**/__snippets/page.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.route('**/__snippets/app.js', (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  await page.route('**/api/verifik-token', async (route) => {
    const origin = new URL(route.request().url()).origin;
    await route.fulfill({ response: await route.fetch({ url: tokens ?? `${origin}/demo/token` }) });
  });
}

/** A host page with the widget's script tag and `body`. */
function hostPage(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">${head}
<script type="module" src="/verifik-onboarding.js"></script></head><body><main><h1>Sign up</h1>${body}</main></body></html>`;
}

/** Collects what a page logs and its errors. */
function watch(page: Page) {
  const logged: string[] = [];
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => (m.type() === 'log' ? logged.push(m.text()) : m.type() === 'error' && problems.push(m.text())));
  return { logged, problems };
}

const APP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title><link rel="icon" href="data:,">
<script type="module" src="/verifik-onboarding.js"></script>
<script type="module" src="/__snippets/app.js"></script></head><body><main><h1>App</h1><div id="app"></div></main></body></html>`;

/** Fills the Spanish form, submits, and checks the registration the sandbox holds. */
async function register(page: Page, request: APIRequestContext) {
  const email = uniqueEmail();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByText(/^¡Listo!/)).toBeVisible();
  const mine = (await registrations(request)).filter((r) => r.email === email);
  expect(mine).toHaveLength(1);
  return mine[0]._id as string;
}

test('the plain HTML snippet registers someone, fetching the wasm once (its preload line is used)', async ({ page, request, baseURL }) => {
  await recordEvents(page);
  const wasmFetches: string[] = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasmFetches.push(r.url()));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head>
<body><main><h1>Sign up</h1>${hosted(snippet('html'), baseURL!)}</main></body></html>`;
  await serve(page, html);
  await page.goto('/__snippets/page.html');
  const id = await register(page, request);
  const registered = await page.evaluate(() => (window as unknown as { __verifikEvents: { type: string; detail: { registrationId: string } }[] }).__verifikEvents.filter((e) => e.type === 'verifik:registered'));
  expect(registered.map((e) => e.detail.registrationId)).toEqual([id]);
  // The snippet starts with a preload of the wasm: the module takes that response rather
  // than fetching the wasm a second time (which a mismatch of URL or CORS mode would cause).
  expect(hosted(snippet('html'), baseURL!), 'the snippet preloads the wasm').toContain('<link rel="preload" href="/verifik-onboarding_bg.wasm"');
  expect(wasmFetches.map((url) => new URL(url).pathname)).toEqual(['/verifik-onboarding_bg.wasm']);
});

test('the element API snippet, in a module script after the widget\'s script tag: no error, and its listener hears the registration', async ({ page, request, baseURL }) => {
  const problems: string[] = [];
  const logged: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => (m.type() === 'log' ? logged.push(m.text()) : m.type() === 'error' && problems.push(m.text())));
  // No token-url: the form gets its token from the snippet's tokenProvider only.
  const element = hosted(snippet('html'), baseURL!).replace(' token-url="/api/verifik-token"', '');
  expect(element).not.toContain('token-url');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head>
<body><main><h1>Sign up</h1>${element}</main>
<script type="module">${snippet('element-api')}
window.snippetDone = true;</script></body></html>`;
  await serve(page, html);
  await page.goto('/__snippets/page.html');
  await page.waitForFunction(() => (window as unknown as { snippetDone?: boolean }).snippetDone === true);
  const id = await register(page, request);
  await expect.poll(() => logged).toContain(id);
  expect(problems).toEqual([]);
});

test('the React snippet: the ref hears verifik:registered, and unmounting the root removes the form', async ({ page, request, baseURL }) => {
  mkdirSync(join(WORK, 'react'), { recursive: true });
  writeFileSync(join(WORK, 'react', 'Onboarding.jsx'), hosted(snippet('react'), baseURL!));
  writeFileSync(
    join(WORK, 'react', 'main.jsx'),
    `import { createRoot } from 'react-dom/client';
import { Onboarding } from './Onboarding.jsx';
const heard = (window.heard = []);
const onRegistered = (id) => heard.push(id);
const root = createRoot(document.getElementById('app'));
window.unmountApp = () => root.unmount();
root.render(<Onboarding onRegistered={onRegistered} />);
`,
  );
  await serve(page, APP_PAGE, await bundle(join(WORK, 'react', 'main.jsx')));
  await page.goto('/__snippets/page.html');
  const id = await register(page, request);
  await expect.poll(() => page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([id]);
  await page.evaluate(() => (window as unknown as { unmountApp(): void }).unmountApp());
  await expect(page.locator(TAG)).toHaveCount(0);
});

test('the Vue snippet: @verifik:registered reaches the parent as an emit, and unmounting removes the form', async ({ page, request, baseURL }) => {
  mkdirSync(join(WORK, 'vue'), { recursive: true });
  const { descriptor, errors } = parse(hosted(snippet('vue'), baseURL!), { filename: 'Onboarding.vue' });
  expect(errors).toEqual([]);
  const compiled = compileScript(descriptor, {
    id: 'onboarding',
    inlineTemplate: true,
    templateOptions: { compilerOptions: { isCustomElement: (tag: string) => tag === TAG } },
  });
  writeFileSync(join(WORK, 'vue', 'Onboarding.js'), compiled.content);
  writeFileSync(
    join(WORK, 'vue', 'main.js'),
    `import { createApp, h } from 'vue';
import Onboarding from './Onboarding.js';
const heard = (window.heard = []);
const app = createApp({ render: () => h(Onboarding, { onRegistered: (id) => heard.push(id) }) });
app.mount('#app');
window.unmountApp = () => app.unmount();
`,
  );
  await serve(page, APP_PAGE, await bundle(join(WORK, 'vue', 'main.js')));
  await page.goto('/__snippets/page.html');
  const id = await register(page, request);
  await expect.poll(() => page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([id]);
  await page.evaluate(() => (window as unknown as { unmountApp(): void }).unmountApp());
  await expect(page.locator(TAG)).toHaveCount(0);
});

test('the token endpoint snippet, run with Node.js, answers as the widget needs and the form registers through it', async ({ page, request, baseURL }) => {
  mkdirSync(join(WORK, 'backend'), { recursive: true });
  const file = join(WORK, 'backend', 'server.mjs');
  writeFileSync(file, snippet('token-endpoint'));
  const port = await freePort();
  const backend = `http://127.0.0.1:${port}/api/verifik-token`;
  const output: string[] = [];
  const server = spawn(process.execPath, [file], {
    env: { ...process.env, PORT: String(port), VERIFIK_SANDBOX: baseURL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => output.push(String(d)));
  server.stderr.on('data', (d) => output.push(String(d)));
  try {
    await expect
      .poll(() => fetch(backend, { method: 'POST' }).then((r) => r.status, () => 0), { message: `the backend started: ${output.join('')}` })
      .toBe(200);
    const answer = await fetch(backend, { method: 'POST' });
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(await answer.json())).toEqual(['token']);
    expect((await fetch(backend)).status, 'only POST').toBe(404);

    let asked = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/verifik-token') asked += 1;
    });
    await serve(page, hostPage(hosted(snippet('html'), baseURL!)), '', backend);
    await page.goto('/__snippets/page.html');
    await register(page, request);
    expect(asked, 'the form asked the backend for its token').toBe(1);
  } finally {
    server.kill();
  }
});

test('the events snippet hears the registration, with what was registered', async ({ page, request, baseURL }) => {
  const { logged, problems } = watch(page);
  const html = hostPage(`${hosted(snippet('html'), baseURL!)}<script type="module">${snippet('events')}</script>`);
  await serve(page, html);
  await page.goto('/__snippets/page.html');
  const email = uniqueEmail();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect(page.getByText(/^¡Listo!/)).toBeVisible();
  const [mine] = (await registrations(request)).filter((r) => r.email === email);
  await expect.poll(() => logged).toContain(`registered ${mine._id} ${email}`);
  expect(problems).toEqual([]);
});

test('the verify snippet: the e-mail code and then the phone code, read from the sandbox, complete it; the registration\'s token goes to those calls only', async ({ page, request, baseURL }) => {
  await page.addInitScript(() => {
    const seen: { type: string; detail: Record<string, unknown> }[] = [];
    (window as unknown as { __verifikEvents: unknown }).__verifikEvents = seen;
    for (const type of ['verifik:registered', 'verifik:error', 'verifik:code-sent', 'verifik:verified', 'verifik:completed']) {
      window.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
  const seen = (type: string) =>
    page.evaluate((t) => (window as unknown as { __verifikEvents: { type: string; detail: Record<string, unknown> }[] }).__verifikEvents.filter((e) => e.type === t).map((e) => e.detail), type);
  const element = hosted(snippet('verify'), baseURL!);
  expect(element).toContain('verify="email,phone"');
  const { logged } = watch(page);
  const bearers: string[] = [];
  page.on('request', (r) => {
    if (/\/v2\/(email|phone)-validations/.test(new URL(r.url()).pathname)) bearers.push(r.headers()['authorization']);
  });
  const registered = page.waitForResponse((r) => new URL(r.url()).pathname === '/v2/app-registrations' && r.request().method() === 'POST');
  await serve(page, hostPage(element));
  await page.goto('/__snippets/page.html');

  const email = uniqueEmail();
  const national = uniquePhone();
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Phone number', { exact: true }).fill(`+57 ${national}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => seen('verifik:registered')).toHaveLength(1);
  const [{ registrationId }] = await seen('verifik:registered');
  const registrationToken = (await (await registered).json()).data.token as string;

  const code = page.getByLabel('Verification code');
  const steps = [
    { channel: 'email', to: email, says: `We sent a 6-digit code to ${email}.` },
    { channel: 'phone', to: `+57${national}`, says: `We sent a 6-digit code by WhatsApp to +57 ${national}.` },
  ];
  for (const { channel, to, says } of steps) {
    await expect.poll(async () => (await seen('verifik:code-sent')).map((d) => d.channel)).toContain(channel);
    await expect(page.getByText(says)).toBeVisible();
    const outbox = (await (await request.get('/__sandbox/outbox')).json()).data as { to: string; code: string; registrationId: string }[];
    const message = outbox.find((m) => m.registrationId === registrationId && m.to === to);
    expect(message, `a code sent to ${to}`).toBeDefined();
    await code.fill(message!.code);
    await expect.poll(async () => (await seen('verifik:verified')).map((d) => d.channel)).toContain(channel);
  }
  await expect(page.getByText('Done! Your e-mail and phone number are verified.')).toBeVisible();
  expect(await seen('verifik:completed')).toEqual([{ registrationId, verified: ['email', 'phone'] }]);
  expect(await seen('verifik:error')).toEqual([]);
  // Two sends and two checks, each with the registration's own token; then it is nowhere else.
  expect(bearers).toEqual(Array(4).fill(`Bearer ${registrationToken}`));
  expect(await page.evaluate(tokenSightingsInPage, registrationToken)).toEqual([]);
  expect(logged.filter((line) => line.includes(registrationToken))).toEqual([]);
});

test('the mount() snippet type-checks against index.d.ts, mounts, hears its registration and unmounts', async ({ page, request, baseURL }) => {
  const dir = join(WORK, 'mount');
  mkdirSync(dir, { recursive: true });
  const code = snippet('mount');
  writeFileSync(join(dir, 'app.ts'), code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        strict: true,
        noEmit: true,
        lib: ['es2022', 'dom'],
        types: [],
        paths: { 'verifik-onboarding': [join(ROOT, 'src', 'embed', 'index.d.ts')] },
      },
      files: ['app.ts'],
    }),
  );
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`tsc refused the README's mount() snippet:\n${(error as { stdout?: string }).stdout}`);
  }

  const pointed = code.replace("tokenUrl: '/api/verifik-token',", `apiBase: '${baseURL}', tokenUrl: '/api/verifik-token',`);
  expect(pointed, 'the snippet names the token endpoint').not.toEqual(code);
  const { code: script } = await transform(`${pointed}\nwindow.handle = handle;`, { loader: 'ts', format: 'esm' });
  const { logged, problems } = watch(page);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title><link rel="icon" href="data:,">
<script type="importmap">{"imports": {"verifik-onboarding": "/verifik-onboarding.js"}}</script>
<script type="module" src="/__snippets/app.js"></script></head><body><main><h1>App</h1><div id="signup"></div></main></body></html>`;
  await serve(page, html, script);
  await page.goto('/__snippets/page.html');
  const id = await register(page, request);
  await expect.poll(() => logged).toContain(`registered ${id}`);
  await page.evaluate(() => (window as unknown as { handle: { unmount(): void } }).handle.unmount());
  await expect(page.locator(TAG)).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the theming snippet reaches the form through custom properties and ::part()', async ({ page, baseURL }) => {
  await serve(page, hostPage(hosted(snippet('html'), baseURL!), `<style>${snippet('theming')}</style>`));
  await page.goto('/__snippets/page.html');
  const button = page.locator(`${TAG} [part="submit"]`);
  await expect(button).toHaveCSS('background-color', 'rgb(122, 0, 60)');
  await expect(button).toHaveCSS('border-radius', '2px');
  await expect(button).toHaveCSS('text-transform', 'uppercase');
  await expect(page.locator(`${TAG} [part="input"]`).first()).toHaveCSS('border-radius', '2px');
});

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
