import { expect, test, type Page } from '@playwright/test';
import { events, recordEvents, registrations, serveFixtures, uniqueEmail, waitForEvents, watchConsole } from './helpers';

type Spa = { calls: { ready: unknown[]; registered: Record<string, unknown>[]; error: Record<string, unknown>[] } };

async function openSpa(page: Page) {
  await serveFixtures(page);
  await page.goto('/__fixtures/spa.html');
  await page.waitForFunction(() => 'spa' in window);
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { spa: Spa }).spa.calls);

test('mount() renders into the target, calls back, updates live, resets and unmounts', async ({ page, request }) => {
  const problems = watchConsole(page);
  await openSpa(page);
  // Every event, as the document hears it, with what it was dispatched on.
  await page.evaluate(() => {
    const app = document.querySelector('#app')!;
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    for (const type of ['verifik:ready', 'verifik:registered', 'verifik:error', 'verifik:language-change']) {
      document.addEventListener(type, (e) => seen.push(`${type} on ${e.target === app ? '#app' : (e.target as Element).tagName.toLowerCase()}`));
    }
  });
  await page.evaluate(() => (window as unknown as { spa: { mount(): Promise<boolean> } }).spa.mount());
  expect((await calls(page)).ready).toHaveLength(1);
  await expect(page.getByLabel('Phone number')).toHaveCount(0);

  await page.evaluate(() => (window as unknown as { spa: { update(p: object): void } }).spa.update({ language: 'es', fields: ['email', 'phone'] }));
  await expect(page.getByLabel('Correo electrónico')).toBeVisible();
  await expect(page.getByLabel('Número de teléfono')).toBeVisible();
  await page.evaluate(() => (window as unknown as { spa: { setLanguage(l: string): void } }).spa.setLanguage('en'));
  await expect(page.getByLabel('E-mail')).toBeVisible();

  const email = uniqueEmail();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(async () => (await calls(page)).registered.length).toBe(1);
  const [registered] = (await calls(page)).registered;
  const mine = (await registrations(request)).filter((r) => r.email === email);
  expect(registered.registrationId).toBe(mine[0]._id);

  await page.evaluate(() => (window as unknown as { spa: { reset(): void } }).spa.reset());
  await expect(page.getByLabel('E-mail')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();

  await page.evaluate(() => (window as unknown as { spa: { unmount(): void } }).spa.unmount());
  await expect(page.locator('#app verifik-onboarding')).toHaveCount(0);
  expect(problems).toEqual([]);
  // README.md, Reference › Events: for mount(), the events are dispatched on the target element, once each.
  expect(await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).toEqual([
    'verifik:ready on #app',
    'verifik:language-change on #app',
    'verifik:language-change on #app',
    'verifik:registered on #app',
  ]);
});

test('mount() with an unusable configuration resolves and reports config_error through onError', async ({ page }) => {
  await openSpa(page);
  await page.evaluate(() => (window as unknown as { spa: { mount(o: object): Promise<boolean> } }).spa.mount({ projectFlow: null }));
  const { error, ready } = await calls(page);
  expect(ready).toHaveLength(0);
  expect(error[0]).toMatchObject({ code: 'config_error' });
  expect(String(error[0].message)).toContain('project-flow is missing');
  await expect(page.getByRole('alert')).toContainText('project-flow is missing');
});

test('mount() fails only through its promise, and resolves when its target leaves the page before the form is ready', async ({ page }) => {
  const problems = watchConsole(page);
  await openSpa(page);
  const outcome = await page.evaluate(async () => {
    const { mount } = await import('/verifik-onboarding.js');
    const how = (run: () => Promise<unknown>) => {
      try {
        return run().then(
          () => 'resolved',
          (e: Error) => `rejected ${e.name}`,
        );
      } catch (e) {
        return Promise.resolve(`threw ${(e as Error).name}`);
      }
    };
    const badSelector = await how(() => mount('#1bad', {}));
    const target = document.createElement('div');
    document.body.append(target);
    const nullOptions = await how(() => mount(target, null as unknown as object));
    const formsInTarget = target.querySelectorAll('verifik-onboarding').length;
    // An app that leaves the route right after mount(): the promise still settles.
    const leaving = document.createElement('div');
    document.body.append(leaving);
    const pending = mount(leaving, { project: '5f8d0a24c6345c001fa9e2b3', projectFlow: '5f8d0a24c6345c001fa9e2b4' });
    leaving.remove();
    const left = await Promise.race([
      pending.then(() => 'resolved'),
      new Promise((resolve) => setTimeout(() => resolve('still pending after 2 s'), 2_000)),
    ]);
    return { badSelector, nullOptions, formsInTarget, left };
  });
  expect(outcome).toEqual({ badSelector: 'rejected SyntaxError', nullOptions: 'resolved', formsInTarget: 1, left: 'resolved' });
  // null options are no options: the form says what is missing.
  await expect(page.getByRole('alert').first()).toContainText('project is missing');
  expect(problems).toEqual([]);
});

test('100 mount/unmount cycles leave no nodes behind, wasm memory flat after warm-up, and the last mount works', async ({ page }) => {
  // Test-only instrumentation: keep a handle on the widget's WebAssembly memory.
  await page.addInitScript(() => {
    const instantiate = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (...args: Parameters<typeof instantiate>) => {
      const result = await instantiate(...args);
      (window as unknown as { __wasmMemory: WebAssembly.Memory }).__wasmMemory = result.instance.exports.memory as WebAssembly.Memory;
      return result;
    };
  });
  await openSpa(page);
  // Listeners on window and document, as DevTools counts them.
  const cdp = await page.context().newCDPSession(page);
  const listeners = async () => {
    let total = 0;
    for (const expression of ['window', 'document']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      total += (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! })).listeners.length;
    }
    return total;
  };
  await page.evaluate(() => (window as unknown as { spa: { mount(): Promise<boolean> } }).spa.mount());
  const mountedListeners = await listeners();
  await page.evaluate(() => (window as unknown as { spa: { unmount(): void } }).spa.unmount());
  const listenersBefore = await listeners();
  const figures = await page.evaluate(async () => {
    const spa = (window as unknown as { spa: { mount(): Promise<boolean>; unmount(): void } }).spa;
    const memory = () => (window as unknown as { __wasmMemory: WebAssembly.Memory }).__wasmMemory.buffer.byteLength;
    const nodes = () => document.getElementsByTagName('*').length;
    const cycle = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await spa.mount();
        spa.unmount();
      }
    };
    const before = nodes();
    await cycle(10);
    const warm = memory();
    await cycle(100);
    const after = { nodes: nodes(), memory: memory() };
    await spa.mount();
    return { before, warm, after };
  });
  console.log(`wasm memory: ${figures.warm} bytes after 10 warm-up cycles, ${figures.after.memory} bytes after 100 more mount/unmount cycles`);
  const listenersAfter = await listeners();
  console.log(`listeners on window and document: ${mountedListeners} with a form mounted, ${listenersBefore} after its unmount, ${listenersAfter} with a form mounted again after 110 more cycles`);
  expect(mountedListeners).toBeGreaterThan(listenersBefore);
  expect(listenersAfter).toBe(mountedListeners);
  expect(figures.after.nodes).toBe(figures.before);
  expect(figures.after.memory).toBe(figures.warm);
  expect(figures.after.memory).toBeLessThanOrEqual(2 * 1024 * 1024);
  await expect(page.getByLabel('E-mail')).toBeVisible();
  expect((await calls(page)).ready).toHaveLength(112);
});

test('elements present before the script, added late, moved, removed and re-added, and two instances', async ({ page }) => {
  await serveFixtures(page);
  await page.goto('/__fixtures/host.html?lang=en&fields=email');
  const first = page.locator('verifik-onboarding').first();
  await expect(page.getByLabel('E-mail')).toBeVisible();
  await page.getByLabel('E-mail').fill('kept@example.com');
  // A second instance shares nothing with the first.
  await page.evaluate(() => {
    const second = document.createElement('verifik-onboarding');
    second.id = 'second';
    for (const [k, v] of Object.entries({ project: '5f8d0a24c6345c001fa9e2b3', 'project-flow': '5f8d0a24c6345c001fa9e2b4', lang: 'es', fields: 'email' })) second.setAttribute(k, v);
    document.body.append(second);
  });
  await expect(page.getByLabel('Correo electrónico')).toHaveValue('');
  await expect(page.getByLabel('E-mail')).toHaveValue('kept@example.com');
  // Moved within the page (out and back in one task): the same form, what was typed kept.
  await first.evaluate((el) => {
    const parent = el.parentElement!;
    el.remove();
    parent.prepend(el);
  });
  await expect(page.getByLabel('E-mail')).toHaveValue('kept@example.com');
  // Removed, then added again later: a new, empty, working form.
  await first.evaluate(async (el) => {
    const parent = el.parentElement!;
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    parent.append(el);
  });
  await expect(page.getByLabel('E-mail')).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue('');
  await page.getByLabel('E-mail').fill('again@');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
});

test('a language and a token written as properties before the script defines the element are kept', async ({ page, request, baseURL }) => {
  await recordEvents(page);
  const token = (await (await request.post('/demo/token')).json()).token as string;
  // The properties are written by a classic script that runs before the module (deferred).
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Early properties</title><link rel="icon" href="data:,"></head>
<body><main><verifik-onboarding project="5f8d0a24c6345c001fa9e2b3" project-flow="5f8d0a24c6345c001fa9e2b4" api-base="${baseURL}" fields="email"></verifik-onboarding></main>
<script>
  const widget = document.querySelector('verifik-onboarding');
  widget.language = 'es';
  widget.token = ${JSON.stringify(token)};
  window.__before = { language: widget.language, defined: !!customElements.get('verifik-onboarding') };
</script>
<script type="module" src="/verifik-onboarding.js"></script></body></html>`;
  await page.route('**/__early.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('/__early.html');
  expect(await page.evaluate(() => (window as unknown as { __before: unknown }).__before)).toEqual({ language: 'es', defined: false });
  await expect(page.getByLabel('Correo electrónico')).toBeVisible();
  const widget = page.locator('verifik-onboarding');
  await expect(widget).toHaveAttribute('lang', 'es');
  expect(
    await widget.evaluate((el: HTMLElement & { language: string; token: unknown }) => ({
      language: el.language,
      token: el.token,
      own: Object.getOwnPropertyNames(el),
    })),
  ).toEqual({ language: 'es', token: undefined, own: [] });
  // The token set before the upgrade is the one the request carries.
  const posted = page.waitForRequest((r) => r.url().endsWith('/v2/app-registrations') && r.method() === 'POST');
  const email = uniqueEmail();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Continuar' }).click();
  expect((await posted).headers()['authorization']).toBe(`Bearer ${token}`);
  const [registered] = await waitForEvents(page, 'verifik:registered');
  expect(registered.detail).toMatchObject({ email, language: 'es' });
  expect((await registrations(request)).filter((r) => r.email === email)).toHaveLength(1);
});

test('the token the host wrote last is the one sent, and update({ token: null }) forgets it', async ({ page, request }) => {
  await openSpa(page);
  const fresh = async () => (await (await request.post('/demo/token')).json()).token as string;
  const good = await fresh();
  // Another lifetime: not the same token as `good`, even when minted within the same second.
  const other = (await (await request.post('/demo/token', { data: { ttlSeconds: 600 } })).json()).token as string;
  expect(other).not.toBe(good);
  // Another signature: well formed and unexpired, but refused by the API.
  const [header, payload, signature] = good.split('.');
  const refused = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v2/app-registrations') && r.method() === 'POST') sent.push(r.headers()['authorization']);
  });
  type SpaApi = { spa: Spa & { mount(o: object): Promise<boolean>; update(p: object): void } };
  await page.evaluate((token) => (window as unknown as SpaApi).spa.mount({ tokenProvider: null, token }), good);
  const widget = page.locator('#app verifik-onboarding');
  const email = page.getByLabel('E-mail');
  const send = (label: string) => page.getByRole('button', { name: label }).click();

  // The attribute, written after the property, replaces it: the API refuses that one.
  await widget.evaluate((el, token) => el.setAttribute('token', token), refused);
  await email.fill(uniqueEmail());
  await send('Continue');
  await expect.poll(async () => (await calls(page)).error.map((e) => e.code)).toEqual(['unauthorized']);
  expect(sent).toEqual([`Bearer ${refused}`]);

  // A property written after the attribute replaces it in turn.
  await widget.evaluate((el: HTMLElement & { token: string }, token) => (el.token = token), other);
  await send('Try again');
  await expect.poll(async () => (await calls(page)).registered.length).toBe(1);
  expect(sent).toEqual([`Bearer ${refused}`, `Bearer ${other}`]);

  // update({ token: null }) leaves no token (property or attribute): nothing is sent.
  await page.evaluate(() => (window as unknown as SpaApi).spa.reset());
  await page.evaluate(() => (window as unknown as SpaApi).spa.update({ token: null }));
  await expect(widget).not.toHaveAttribute('token');
  await email.fill(uniqueEmail());
  await send('Continue');
  await expect.poll(async () => (await calls(page)).error.map((e) => e.code)).toEqual(['unauthorized', 'token_unavailable']);
  expect(sent).toHaveLength(2);

  // Written while the element is out of the page, the attribute is still the newest token.
  await widget.evaluate((el: HTMLElement & { token: string }, [property, attribute]) => {
    el.token = property;
    const parent = el.parentElement!;
    el.remove();
    el.setAttribute('token', attribute);
    parent.append(el);
  }, [other, refused]);
  // Moved, not removed: the same form, still offering to try again.
  await email.fill(uniqueEmail());
  await send('Try again');
  await expect.poll(() => sent.length).toBe(3);
  expect(sent[2]).toBe(`Bearer ${refused}`);
});

test('two forms mounted in one target: each mount() hears only its own events, and none after unmount()', async ({ page, request }) => {
  await openSpa(page);
  const outcome = await page.evaluate(async () => {
    const { mount } = await import('/verifik-onboarding.js');
    const target = document.createElement('div');
    document.body.append(target);
    const heard: string[] = [];
    (window as unknown as { __heard: string[] }).__heard = heard;
    const base = {
      project: '5f8d0a24c6345c001fa9e2b3',
      projectFlow: '5f8d0a24c6345c001fa9e2b4',
      apiBase: location.origin,
      tokenUrl: '/demo/token',
      fields: ['email'],
    };
    const callbacks = (name: string) => ({
      onReady: () => heard.push(`${name} ready`),
      onRegistered: () => heard.push(`${name} registered`),
      onError: () => heard.push(`${name} error`),
    });
    const first = await mount(target, { ...base, language: 'en', ...callbacks('first') });
    const second = await mount(target, { ...base, language: 'es', ...callbacks('second') });
    const atTarget: string[] = [];
    target.addEventListener('verifik:language-change', (e) => atTarget.push((e as CustomEvent).detail.language));
    // A language change just before unmount(): no event follows the removal.
    first.setLanguage('pt');
    first.unmount();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { heard, atTarget, second: !!second };
  });
  expect(outcome).toEqual({ heard: ['first ready', 'second ready'], atTarget: [], second: true });
  const email = uniqueEmail();
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Continuar' }).click();
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('verifik-onboarding').length)).toBe(1);
  await expect(page.getByText(/^¡Listo!/)).toBeVisible();
  expect((await registrations(request)).filter((r) => r.email === email)).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toEqual(['first ready', 'second ready', 'second registered']);
});

test('a host that writes a token or removes the element from its language-change listener', async ({ page }) => {
  const problems = watchConsole(page);
  await serveFixtures(page);
  await page.goto('/__fixtures/host.html?lang=en&fields=email');
  await expect(page.getByLabel('E-mail')).toBeVisible();
  const heard = await page.locator('verifik-onboarding').evaluate(async (el: HTMLElement & { token: string }) => {
    const languages: string[] = [];
    el.addEventListener('verifik:language-change', (e) => {
      languages.push((e as CustomEvent).detail.language);
      el.token = 'a-token-for-the-new-language';
    });
    el.setAttribute('lang', 'es');
    await new Promise((resolve) => setTimeout(resolve, 50));
    return languages;
  });
  expect(heard).toEqual(['es']);
  await expect(page.getByLabel('Correo electrónico')).toBeVisible();
  // Removing the element from the listener takes the form away with it.
  const left = await page.locator('verifik-onboarding').evaluate(async (el) => {
    el.addEventListener('verifik:language-change', () => el.remove());
    el.setAttribute('lang', 'pt');
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { connected: el.isConnected, content: el.shadowRoot!.childElementCount };
  });
  expect(left).toEqual({ connected: false, content: 0 });
  expect(problems).toEqual([]);
});

test('a lang the form does not speak: config_error in the language it had, and no language-change', async ({ page }) => {
  await recordEvents(page);
  await serveFixtures(page);
  await page.goto('/__fixtures/host.html?lang=es&fields=email');
  await waitForEvents(page, 'verifik:ready');
  await page.locator('verifik-onboarding').evaluate((el) => el.setAttribute('lang', 'fr'));
  const [error] = await waitForEvents(page, 'verifik:error');
  expect(error.detail).toMatchObject({ code: 'config_error' });
  expect(String(error.detail.message)).toContain('lang: "fr" no es un idioma disponible (en, es, pt)');
  await expect(page.getByRole('alert')).toContainText('no es un idioma disponible');
  expect(await events(page, 'verifik:language-change')).toEqual([]);
  // Fixed: the form is back, in the language now asked for, and that change is announced.
  await page.locator('verifik-onboarding').evaluate((el) => el.setAttribute('lang', 'pt'));
  await expect(page.getByLabel('E-mail')).toBeVisible();
  await expect.poll(async () => (await events(page, 'verifik:language-change')).map((e) => e.detail)).toEqual([{ language: 'pt' }]);
  // An empty lang is no lang: the browser's language (English here), as for a new form.
  await page.locator('verifik-onboarding').evaluate((el) => el.setAttribute('lang', ''));
  await expect.poll(async () => (await events(page, 'verifik:language-change')).map((e) => e.detail)).toEqual([{ language: 'pt' }, { language: 'en' }]);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
});

test('host CSS cannot break the form; custom properties, ::part() and theme style it', async ({ page }) => {
  await serveFixtures(page);
  await page.goto('/__fixtures/theme.html');
  const branded = page.locator('verifik-onboarding.branded');
  const dark = page.locator('#dark');
  // The host's `input, button, label { display: none }` does not reach into the shadow root.
  await expect(branded.getByLabel('E-mail')).toBeVisible();
  const submit = branded.getByRole('button', { name: 'Continue' });
  await expect(submit).toBeVisible();
  await expect(submit).toHaveCSS('background-color', 'rgb(120, 0, 60)');
  await expect(submit).toHaveCSS('border-top-left-radius', '2px');
  await expect(submit).toHaveCSS('text-transform', 'uppercase');
  // theme="dark" switches the palette; "light" (the default) keeps the light one.
  const darkRoot = dark.locator('.vo-root');
  await expect(darkRoot).toHaveCSS('background-color', 'rgb(22, 27, 34)');
  await expect(branded.locator('.vo-root')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await dark.evaluate((el) => el.setAttribute('theme', 'light'));
  await expect(darkRoot).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await dark.evaluate((el) => el.setAttribute('theme', 'auto'));
  await expect(darkRoot).toHaveCSS('background-color', 'rgb(22, 27, 34)');
  // Attribute values are ASCII case-insensitive, as the form reads them.
  await page.emulateMedia({ colorScheme: 'light' });
  await dark.evaluate((el) => el.setAttribute('theme', 'DARK'));
  await expect(darkRoot).toHaveCSS('background-color', 'rgb(22, 27, 34)');
  await dark.evaluate((el) => el.setAttribute('theme', 'Light'));
  await expect(darkRoot).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  // Nothing was injected into the host document: no <style>, no inline style attribute.
  const injected = await page.evaluate(() => ({
    styles: document.querySelectorAll('style').length,
    inline: document.querySelectorAll('[style]').length,
    shadowInline: [...document.querySelectorAll('verifik-onboarding')].reduce((n, el) => n + el.shadowRoot!.querySelectorAll('[style], style').length, 0),
  }));
  expect(injected).toEqual({ styles: 0, inline: 0, shadowInline: 0 });
});

test('dark theme passes axe-core colour contrast', async ({ page }) => {
  await serveFixtures(page);
  await page.goto('/__fixtures/host.html?lang=en&theme=dark&default-country=CO');
  await page.getByRole('button', { name: 'Continue' }).click();
  const AxeBuilder = (await import('@axe-core/playwright')).default;
  const result = await new AxeBuilder({ page }).include('verifik-onboarding').withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations).toEqual([]);
});

const POLICIES = {
  'a strict CSP': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'",
  'Trusted Types': "require-trusted-types-for 'script'",
};

for (const [name, csp] of Object.entries(POLICIES)) test(`a host page under ${name} runs the whole flow with zero violations`, async ({ page, request }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.route('**/__fixtures/**', async (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__fixtures/', '');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const type = name.endsWith('.js') ? 'text/javascript' : 'text/html';
    await route.fulfill({
      status: 200,
      contentType: type,
      headers: { 'Content-Security-Policy': csp },
      body: readFileSync(join(__dirname, 'fixtures', name)),
    });
  });
  const email = uniqueEmail();
  // The same host page, less its data: favicon, which this policy would itself refuse.
  await page.goto('/__fixtures/csp.html?lang=en&default-country=CO');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: /^Country code:/ }).click();
  await page.keyboard.type('colom');
  await page.keyboard.press('Enter');
  await page.getByLabel('Phone number').fill(`300${String(Date.now()).slice(-7)}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/^Done!/)).toBeVisible();
  expect((await registrations(request)).filter((r) => r.email === email)).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
});

test('a host that pins the entry with SRI gets a wasm pinned too: intact it runs, tampered it is refused', async ({ page }) => {
  const { createHash } = await import('node:crypto');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dist = join(__dirname, '..', '..', 'dist');
  const sri = (file: string) => `sha384-${createHash('sha384').update(readFileSync(join(dist, file))).digest('base64')}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SRI host</title><link rel="icon" href="data:,">
<script type="module" src="/verifik-onboarding.js" integrity="${sri('verifik-onboarding.js')}"></script></head>
<body><main><h1>Pinned</h1><verifik-onboarding project="5f8d0a24c6345c001fa9e2b3" project-flow="5f8d0a24c6345c001fa9e2b4" lang="en" fields="email"></verifik-onboarding></main></body></html>`;
  await page.route('**/__fixtures/sri.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('/__fixtures/sri.html');
  await expect(page.getByLabel('E-mail')).toBeVisible();

  // The same page with one byte of the wasm changed: the browser refuses it, and the element
  // says so in place of the form, and reports config_error.
  await recordEvents(page);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.route('**/verifik-onboarding_bg.wasm', async (route) => {
    const body = readFileSync(join(dist, 'verifik-onboarding_bg.wasm'));
    body[body.length - 1] ^= 0xff;
    await route.fulfill({ contentType: 'application/wasm', body });
  });
  await page.goto('/__fixtures/sri.html');
  await expect.poll(() => problems.join('\n')).toMatch(/integrity|digest/i);
  await expect(page.getByLabel('E-mail')).toHaveCount(0);
  const unavailable = 'This form could not be loaded. Reload the page to try again.';
  await expect(page.getByRole('alert')).toHaveText(unavailable);
  expect(await events(page, 'verifik:error')).toEqual([{ type: 'verifik:error', detail: { code: 'config_error', message: unavailable } }]);
  expect(problems.filter((p) => /uncaught|pageerror/i.test(p))).toEqual([]);
});

test('a page whose CSP refuses WebAssembly gets a localized message and config_error, also through mount()', async ({ page }) => {
  await recordEvents(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/__fixtures/**', async (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__fixtures/', '');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    await route.fulfill({
      status: 200,
      contentType: name.endsWith('.js') ? 'text/javascript' : 'text/html',
      // No 'wasm-unsafe-eval': the browser will not compile the widget's wasm.
      headers: { 'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'" },
      body: readFileSync(join(__dirname, 'fixtures', name)),
    });
  });
  await page.goto('/__fixtures/csp.html?lang=es');
  const message = 'No se pudo cargar este formulario. Recarga la página para intentarlo de nuevo.';
  await expect(page.getByRole('alert')).toHaveText(message);
  await expect(page.getByRole('alert')).toHaveAttribute('lang', 'es');
  expect(await events(page, 'verifik:error')).toEqual([{ type: 'verifik:error', detail: { code: 'config_error', message } }]);

  // A single-page app: mount() still resolves, onError hears why, and the API functions say so.
  const outcome = await page.evaluate(async () => {
    const { mount, validateEmail, version } = await import('/verifik-onboarding.js');
    const target = document.createElement('div');
    document.body.append(target);
    const heard: unknown[] = [];
    const handle = await mount(target, { language: 'pt', token: 'a-token', onError: (d: unknown) => heard.push(d) });
    const element = target.querySelector('verifik-onboarding') as HTMLElement & { token: unknown; language: string };
    const text = element.shadowRoot!.textContent;
    // The element's API still answers: reset() has nothing to empty, the token is not kept
    // where it could be read back, and the language is the message's.
    handle.reset();
    handle.setLanguage('es');
    const api = { token: element.token, own: Object.getOwnPropertyNames(element), language: element.language, text: element.shadowRoot!.textContent };
    handle.unmount();
    let thrown = '';
    try {
      validateEmail('a@b.co');
    } catch (e) {
      thrown = String(e);
    }
    return { heard, text, api, left: target.childElementCount, thrown, version };
  });
  expect(outcome.api).toEqual({ token: undefined, own: [], language: 'es', text: message });
  const pt = 'Não foi possível carregar este formulário. Recarregue a página para tentar novamente.';
  expect(outcome.heard).toEqual([{ code: 'config_error', message: pt }]);
  expect(outcome.text).toBe(pt);
  expect(outcome.left).toBe(0);
  expect(outcome.thrown).toMatch(/validateEmail\(\) is unavailable/);
  expect(outcome.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(errors).toEqual([]);
});

test('every attribute of the README\'s table takes effect when changed live, and typed text survives', async ({ page, request }) => {
  await recordEvents(page);
  await serveFixtures(page);
  const posts: { url: string; body: Record<string, unknown>; authorization?: string }[] = [];
  const tokenCalls: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'POST') return;
    const url = new URL(r.url());
    if (url.pathname.endsWith('/v2/app-registrations')) posts.push({ url: r.url(), body: r.postDataJSON(), authorization: r.headers()['authorization'] });
    else tokenCalls.push(url.pathname);
  });
  const freshToken = async () => (await (await request.post('/demo/token')).json()).token as string;
  const routed = await freshToken();
  await page.route('**/custom-token', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ token: routed }) }));
  await page.goto('/__fixtures/host.html?lang=en');
  const widget = page.locator('verifik-onboarding');
  const set = (name: string, value: string | null) =>
    widget.evaluate((el, [n, v]) => (v === null ? el.removeAttribute(n!) : el.setAttribute(n!, v)), [name, value]);
  const countryButton = page.getByRole('button', { name: /^Country code:/ });
  const options = page.getByRole('listbox').getByRole('option');
  await expect(page.getByLabel('E-mail', { exact: true })).toBeVisible();

  // default-country: followed live while the person has not picked a country.
  await set('default-country', 'CO');
  await expect(countryButton).toHaveAccessibleName('Country code: Colombia +57');
  await set('default-country', 'BR');
  await expect(countryButton).toHaveAccessibleName('Country code: Brazil +55');

  // preferred-countries and countries: the picker's order and content.
  await set('preferred-countries', 'PT,ES');
  await countryButton.click();
  await expect(options.nth(0)).toContainText('Portugal');
  await expect(options.nth(1)).toContainText('Spain');
  await page.keyboard.press('Escape');
  await set('preferred-countries', 'MX');
  await countryButton.click();
  await expect(options.nth(0)).toContainText('Mexico');
  await page.keyboard.press('Escape');
  await set('countries', 'BR,MX');
  await countryButton.click();
  await expect(options).toHaveCount(2);
  await page.keyboard.press('Escape');
  await set('countries', null);

  // theme and lang.
  const root = widget.locator('[part="root"]');
  await set('theme', 'dark');
  await expect(root).toHaveCSS('background-color', 'rgb(22, 27, 34)');
  await set('theme', null);
  await expect(root).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await set('lang', 'es');
  await expect(page.getByLabel('Correo electrónico')).toBeVisible();
  await expect(root).toHaveAttribute('lang', 'es');
  await set('lang', 'en');

  // fields.
  await set('fields', 'email');
  await expect(page.getByLabel('Phone number')).toHaveCount(0);

  // A required attribute removed: config_error on screen and as an event; restored, the form
  // comes back with what was typed.
  const email = uniqueEmail();
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await set('project', null);
  await expect(page.getByRole('alert')).toHaveText('This form is not set up correctly: project is missing');
  await expect.poll(async () => (await events(page, 'verifik:error')).map((e) => e.detail.code)).toEqual(['config_error']);
  await set('project', '5f8d0a24c6345c001fa9e2c0');
  await set('project-flow', '5f8d0a24c6345c001fa9e2c1');
  await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue(email);

  // project, project-flow, api-base and emit-token reach the request and the event.
  // (Another base on the same origin: this page is served through page.route, and Chromium's
  // local-network rules keep such a page from reaching http://localhost.)
  const sandbox = new URL(page.url()).origin;
  const otherBase = `${sandbox}/elsewhere`;
  await page.route('**/elsewhere/v2/app-registrations', (route) => route.continue({ url: `${sandbox}/v2/app-registrations` }));
  await set('api-base', otherBase);
  await set('emit-token', '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/^Done!/)).toBeVisible();
  expect(posts).toHaveLength(1);
  expect(posts[0].url).toBe(`${otherBase}/v2/app-registrations`);
  expect(posts[0].body).toMatchObject({ project: '5f8d0a24c6345c001fa9e2c0', projectFlow: '5f8d0a24c6345c001fa9e2c1', email });
  let registered = await events(page, 'verifik:registered');
  expect(registered[0].detail.registrationToken).toEqual(expect.any(String));

  // token: with no token-url, the attribute's token is the one sent; emit-token removed.
  const direct = await freshToken();
  await widget.evaluate((el) => (el as HTMLElement & { reset(): void }).reset());
  await set('emit-token', null);
  await set('api-base', sandbox);
  await set('token-url', null);
  await set('token', direct);
  await page.getByLabel('E-mail', { exact: true }).fill(uniqueEmail());
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/^Done!/)).toBeVisible();
  expect(posts).toHaveLength(2);
  expect(posts[1].url).toBe(`${sandbox}/v2/app-registrations`);
  expect(posts[1].authorization).toBe(`Bearer ${direct}`);
  registered = await events(page, 'verifik:registered');
  expect(registered[1].detail).not.toHaveProperty('registrationToken');

  // token-url: a new endpoint is asked, and its token is sent.
  await widget.evaluate((el) => (el as HTMLElement & { reset(): void }).reset());
  await set('token-url', '/custom-token');
  await page.getByLabel('E-mail', { exact: true }).fill(uniqueEmail());
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/^Done!/)).toBeVisible();
  expect(tokenCalls.at(-1)).toBe('/custom-token');
  expect(posts[2].authorization).toBe(`Bearer ${routed}`);
  expect(await events(page, 'verifik:registered')).toHaveLength(3);
  await expect(registrations(request).then((all) => all.filter((r) => r.email === email))).resolves.toHaveLength(1);
});
