// The README's embed snippets, taken from README.md as they are printed there and run in the
// browser: plain HTML, a React component (bundled with esbuild) and a Vue single-file component
// (compiled with @vue/compiler-sfc, then bundled). What a host would change is all that is
// changed: the CDN address becomes this sandbox's file, the host's token endpoint
// /api/verifik-token is answered from the sandbox's /demo/token, and the element gets this
// sandbox as its api-base. The Leptos snippet's code is compiled as examples/leptos_app.rs.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScript, parse } from 'vue/compiler-sfc';
import { recordEvents, registrations, uniqueEmail } from './helpers';

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

/** Serves `html` at /__snippets/page.html, `script` at /__snippets/app.js, and a host token endpoint. */
async function serve(page: Page, html: string, script = '') {
  await page.route('**/__snippets/page.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.route('**/__snippets/app.js', (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  await page.route('**/api/verifik-token', async (route) => {
    const origin = new URL(route.request().url()).origin;
    await route.fulfill({ response: await route.fetch({ url: `${origin}/demo/token` }) });
  });
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

test('the plain HTML snippet registers someone', async ({ page, request, baseURL }) => {
  await recordEvents(page);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head>
<body><main><h1>Sign up</h1>${hosted(snippet('html'), baseURL!)}</main></body></html>`;
  await serve(page, html);
  await page.goto('/__snippets/page.html');
  const id = await register(page, request);
  const registered = await page.evaluate(() => (window as unknown as { __verifikEvents: { type: string; detail: { registrationId: string } }[] }).__verifikEvents.filter((e) => e.type === 'verifik:registered'));
  expect(registered.map((e) => e.detail.registrationId)).toEqual([id]);
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
