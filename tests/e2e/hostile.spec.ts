// Hostile hosts and hostile servers. A host page that writes absurd, malicious or broken
// configuration gets a config_error (or token_unavailable) with a clear message, and nothing is
// sent; a server that answers garbage gets the right verifik:error code. Never a panic, never
// markup run as HTML, and nothing the person typed is lost: once the fault is gone, Try again
// creates exactly one registration.
import { expect, test, type Page } from '@playwright/test';
import {
  arm,
  disarm,
  emailField,
  EN,
  events,
  expectFailure,
  expectNoPanic,
  expectSuccess,
  faultTaken,
  isolateFaults,
  fillEmail,
  fillPhone,
  installClock,
  openHost,
  pauseClock,
  registrationsByEmail,
  settle,
  submit,
  submitButton,
  uniqueEmail,
  uniquePhone,
  waitForCount,
  watchApi,
  watchConsole,
} from './helpers';

isolateFaults();

const INJECTED = '__verifikInjected';
/** Markup that runs script if anything ever parses it as HTML. */
const MARKUP = `"><img src=x onerror="window.${INJECTED}=1"><script>window.${INJECTED}=1</script>`;

/** No markup from a host or server became an element, and none of it ran. */
async function expectNoInjection(page: Page) {
  const found = await page.evaluate((flag) => {
    const widget = document.querySelector('verifik-onboarding');
    const root = widget?.shadowRoot;
    return {
      ran: (window as unknown as Record<string, unknown>)[flag] !== undefined,
      images: document.querySelectorAll('img').length + (root?.querySelectorAll('img').length ?? 0),
      scripts: root?.querySelectorAll('script').length ?? 0,
    };
  }, INJECTED);
  expect(found).toEqual({ ran: false, images: 0, scripts: 0 });
}

/** A config error all round: one event with the message, the message on screen, the form
 * gone, nothing sent. */
async function expectConfigError(page: Page, api: ReturnType<typeof watchApi>, detail: string) {
  const message = `${EN.ErrConfig}: ${detail}`;
  const errors = await waitForCount(page, 'verifik:error', 1);
  expect(errors).toHaveLength(1);
  expect(errors[0].detail).toEqual({ code: 'config_error', message });
  await expect(page.getByRole('alert').filter({ hasText: EN.ErrConfig })).toHaveText(message);
  await expect(page.getByRole('form')).toHaveCount(0);
  expect(await events(page, 'verifik:ready')).toEqual([]);
  await settle(page, 300);
  expect(api.calls).toEqual([]);
}

/** The registration after an earlier failure (expectSuccess wants it to be the first outcome). */
async function expectRegisteredAfter(page: Page, expected: { text: string; email: string; phone?: string }) {
  const [registered] = await waitForCount(page, 'verifik:registered', 1);
  await expect(page.getByText(expected.text, { exact: true })).toBeVisible();
  expect(registered.detail).toMatchObject({ email: expected.email, status: 'STARTED', language: 'en' });
  if (expected.phone) expect(registered.detail).toMatchObject({ phone: expected.phone, countryCode: '+57' });
  expect(registered.detail.registrationId).toMatch(/^[0-9a-f]{24}$/);
  return registered.detail;
}

// ---------------------------------------------------------------------------------------------
// Hostile hosts

test.describe('hostile hosts', () => {
  const TOO_LONG = ['project', 'project-flow', 'api-base', 'token', 'token-url', 'lang', 'fields', 'default-country', 'preferred-countries', 'countries', 'theme'];
  for (const name of TOO_LONG) {
    test(`a 1 MB ${name} attribute: config_error "${name} is too long", nothing sent`, async ({ page }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      await openHost(page, {}, { huge: name, configError: true });
      await expectConfigError(page, api, `${name} is too long`);
      expectNoPanic(problems);
    });
  }

  test('the host fixes a 1 MB attribute live: the form comes back with what was typed', async ({ page, request }) => {
    const problems = watchConsole(page);
    const email = uniqueEmail();
    await openHost(page);
    await fillEmail(page, email);
    await page.evaluate(() => document.querySelector('verifik-onboarding')!.setAttribute('countries', 'CO,'.repeat(300_000)));
    await waitForCount(page, 'verifik:error', 1);
    await expect(page.getByRole('alert').filter({ hasText: EN.ErrConfig })).toHaveText(`${EN.ErrConfig}: countries is too long`);
    await expect(emailField(page)).toBeHidden();
    await page.evaluate(() => document.querySelector('verifik-onboarding')!.removeAttribute('countries'));
    await expect(emailField(page)).toHaveValue(email);
    await waitForCount(page, 'verifik:ready', 2);
    await submit(page);
    await expectRegisteredAfter(page, { text: EN.RegisteredEmail, email });
    expect(await registrationsByEmail(request, email)).toHaveLength(1);
    expectNoPanic(problems);
  });

  // Each attribute in turn carries markup; what it then means for the form.
  const IN_EACH: [string, string | null][] = [
    ['project', 'project must be 24 hexadecimal characters'],
    ['project-flow', 'project-flow must be 24 hexadecimal characters'],
    ['api-base', 'api-base must be an https: origin (http: only for localhost or 127.0.0.1)'],
    ['fields', 'fields must be "email,phone", "email" or "phone"'],
    ['default-country', 'default-country: "\\"><img s" is not a known country code'],
    ['preferred-countries', 'preferred-countries: "\\"><img s" is not a known country code'],
    ['countries', 'countries: "\\"><img s" is not a known country code'],
    ['lang', 'lang: "\\"><img s" is not a supported language (en, es, pt)'],
    // Not a theme: the default applies and the form works.
    ['theme', null],
  ];
  for (const [name, detail] of IN_EACH) {
    test(`HTML and script in ${name}: ${detail ? 'config_error, shown as text' : 'ignored, the form works'}`, async ({ page }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      await openHost(page, { [name]: MARKUP }, { configError: detail !== null });
      if (detail) {
        await expectConfigError(page, api, detail.replace('\\"', '"'));
      } else {
        await expect(emailField(page)).toBeVisible();
        await expect(submitButton(page)).toHaveAccessibleName(EN.Submit);
        expect(await events(page, 'verifik:error')).toEqual([]);
      }
      await expectNoInjection(page);
      expectNoPanic(problems);
    });
  }

  test('HTML and script in every attribute at once: config_error, nothing runs, nothing sent', async ({ page }) => {
    const problems = watchConsole(page);
    const api = watchApi(page);
    const all = Object.fromEntries(
      ['project', 'project-flow', 'api-base', 'token', 'token-url', 'lang', 'fields', 'default-country', 'preferred-countries', 'countries', 'theme', 'emit-token'].map((n) => [n, MARKUP]),
    );
    await openHost(page, all, { configError: true });
    await expectConfigError(page, api, 'project must be 24 hexadecimal characters');
    await expectNoInjection(page);
    expectNoPanic(problems);
  });

  test('markup as the token: no token, token_unavailable at submit, nothing sent, typed text kept', async ({ page, request }) => {
    const problems = watchConsole(page);
    const api = watchApi(page);
    const email = uniqueEmail();
    await openHost(page, { token: MARKUP }, { source: 'none' });
    await fillEmail(page, email);
    await submit(page);
    await expectFailure(page, request, { code: 'token_unavailable', message: EN.ErrTokenUnavailable, status: null, email });
    await settle(page);
    expect(api.calls).toEqual([]);
    await expectNoInjection(page);
    expectNoPanic(problems);
  });

  test('markup as the token-url: token_unavailable, no registration request, typed text kept', async ({ page, request }) => {
    const problems = watchConsole(page);
    const api = watchApi(page);
    const email = uniqueEmail();
    await openHost(page, { 'token-url': MARKUP }, { source: 'none' });
    await fillEmail(page, email);
    await submit(page);
    await expectFailure(page, request, { code: 'token_unavailable', message: EN.ErrTokenUnavailable, status: null, email });
    await settle(page);
    expect(api.posts()).toEqual([]);
    await expectNoInjection(page);
    expectNoPanic(problems);
  });

  test('a token-url that never answers: token_unavailable after 10 s, nothing sent, typed text kept', async ({ page, request }) => {
    const problems = watchConsole(page);
    const api = watchApi(page);
    const email = uniqueEmail();
    // The host's token endpoint hangs: the route is never fulfilled.
    let tokenRequests = 0;
    await page.route('**/hanging-token', () => {
      tokenRequests += 1;
    });
    await installClock(page);
    await openHost(page, { 'token-url': '/hanging-token' }, { source: 'none' });
    await fillEmail(page, email);
    // The page's time stands still from here: the token request's 10 s start when it is sent
    // (by the submit, not before), and pass only as the test runs the clock on.
    await pauseClock(page);
    expect(tokenRequests).toBe(0);
    await submit(page);
    await expect(submitButton(page)).toHaveAttribute('aria-busy', 'true');
    await expect.poll(() => tokenRequests).toBe(1);
    await page.clock.runFor(9_999);
    // Still waiting a moment before 10 s.
    await expect(submitButton(page)).toHaveAttribute('aria-busy', 'true');
    expect(await events(page, 'verifik:error')).toEqual([]);
    // Given up at 10 s: the error comes while the page's time still stands there.
    await page.clock.runFor(1);
    await waitForCount(page, 'verifik:error', 1);
    await page.clock.resume();
    await expectFailure(page, request, {
      code: 'token_unavailable',
      message: EN.ErrTokenUnavailable,
      status: null,
      email,
    });
    expect(api.posts()).toEqual([]);
    expectNoPanic(problems);
  });

  for (const [base, why] of [
    ['javascript:alert(1)', 'javascript:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['http://api.example.com', 'plain http on a public host'],
    ['http://localhost.example.com', 'plain http on a look-alike of localhost'],
  ]) {
    test(`api-base ${why}: config_error, nothing sent`, async ({ page }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      await openHost(page, { 'api-base': base }, { configError: true });
      await expectConfigError(page, api, 'api-base must be an https: origin (http: only for localhost or 127.0.0.1)');
      expectNoPanic(problems);
    });
  }

  for (const url of ['javascript:alert(1)', 'data:application/json,{"token":"x"}']) {
    test(`token-url ${url.split(':')[0]}: config_error, nothing sent`, async ({ page }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      await openHost(page, { 'token-url': url }, { configError: true });
      await expectConfigError(page, api, 'token-url must be a path on this site or an https: (or http:) URL');
      expectNoPanic(problems);
    });
  }

  for (const [name, value] of [
    ['default-country', 'ZZ'],
    ['countries', 'CO,XX'],
    ['preferred-countries', 'QQ'],
  ]) {
    test(`unknown country code in ${name}: config_error naming it`, async ({ page }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      await openHost(page, { [name]: value }, { configError: true });
      const code = value.split(',').pop();
      await expectConfigError(page, api, `${name}: "${code}" is not a known country code`);
      expectNoPanic(problems);
    });
  }

  test('an unknown country code is reported in the language the host asked for', async ({ page }) => {
    const api = watchApi(page);
    await openHost(page, { lang: 'es', 'default-country': 'ZZ' }, { configError: true });
    const [error] = await waitForCount(page, 'verifik:error', 1);
    expect(error.detail).toEqual({
      code: 'config_error',
      message: 'Este formulario no está bien configurado: default-country: "ZZ" no es un código de país conocido',
    });
    expect(api.calls).toEqual([]);
  });

  test('a language the widget does not speak: config_error naming it, nothing sent', async ({ page }) => {
    const problems = watchConsole(page);
    const api = watchApi(page);
    await openHost(page, { lang: 'tlh-Latn' }, { configError: true });
    await expectConfigError(page, api, 'lang: "tlh-Latn" is not a supported language (en, es, pt)');
    expectNoPanic(problems);
  });

  const PROVIDER_FAULTS = [
    ['throws', 'throws'],
    ['rejects', 'returns a rejected promise'],
    ['number', 'resolves to a number'],
    ['object', 'resolves to an object'],
    ['never', 'never resolves (10 s timeout)'],
  ] as const;
  for (const [fault, what] of PROVIDER_FAULTS) {
    test(`a tokenProvider that ${what}: token_unavailable, nothing sent, typed text kept; fixed, Try again registers once`, async ({ page, request }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      const email = uniqueEmail();
      const national = uniquePhone();
      if (fault === 'never') await installClock(page);
      await openHost(page, { 'default-country': 'CO' }, { source: 'provider', providerFault: fault });
      await fillEmail(page, email);
      await fillPhone(page, national);
      // The page's time stands still from here: the provider's 10 s start when the submit asks
      // it for a token, and pass only as the test runs the clock on.
      if (fault === 'never') await pauseClock(page);
      await submit(page);
      if (fault === 'never') {
        await expect(submitButton(page)).toHaveAttribute('aria-busy', 'true');
        await expect.poll(() => page.evaluate(() => (window as unknown as { providerCalls: number }).providerCalls)).toBe(1);
        await page.clock.runFor(9_999);
        // Still waiting a moment before 10 s.
        await expect(submitButton(page)).toHaveAttribute('aria-busy', 'true');
        expect(await events(page, 'verifik:error')).toEqual([]);
        // Given up at 10 s: the error comes while the page's time still stands there.
        await page.clock.runFor(1);
        await waitForCount(page, 'verifik:error', 1);
        await page.clock.resume();
      }
      await expectFailure(page, request, {
        code: 'token_unavailable',
        message: EN.ErrTokenUnavailable,
        status: null,
        email,
        phone: national,
      });
      expect(api.posts()).toEqual([]);

      await page.evaluate(() => {
        (window as unknown as { providerFault: null }).providerFault = null;
      });
      await page.getByRole('button', { name: EN.TryAgain, exact: true }).click();
      await expectRegisteredAfter(page, { text: EN.RegisteredBoth, email, phone: national });
      await settle(page);
      expect(api.posts()).toHaveLength(1);
      expect(await registrationsByEmail(request, email)).toHaveLength(1);
      expectNoPanic(problems);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Hostile servers: every sandbox fault, and nothing lost

type ServerCase = {
  fault: string;
  count?: number;
  code: string;
  message: string;
  status: number | null;
};

const SERVER_CASES: ServerCase[] = [
  { fault: 'status_500', code: 'server_error', message: EN.ErrServer, status: 500 },
  { fault: 'status_503', code: 'server_error', message: EN.ErrServer, status: 503 },
  { fault: 'status_429', code: 'rate_limited', message: EN.ErrRateLimited, status: 429 },
  // One refusal gets a fresh token and one replay; the second ends it.
  { fault: 'status_401', count: 2, code: 'unauthorized', message: EN.ErrUnauthorized, status: 401 },
  { fault: 'timeout', code: 'timeout', message: EN.ErrTimeout, status: null },
  { fault: 'malformed_json', code: 'invalid_response', message: EN.ErrInvalidResponse, status: 200 },
  // More than one: the browser itself may resend a request whose reused connection closed.
  { fault: 'drop_connection', count: 5, code: 'network_error', message: EN.ErrNetwork, status: null },
  { fault: 'html_error_page', code: 'server_error', message: EN.ErrServer, status: 502 },
  { fault: 'huge_body', code: 'invalid_response', message: EN.ErrInvalidResponse, status: 200 },
  { fault: 'wrong_types', code: 'invalid_response', message: EN.ErrInvalidResponse, status: 200 },
  { fault: 'markup_message', code: 'server_error', message: EN.ErrServer, status: 409 },
  { fault: 'missing_id', code: 'invalid_response', message: EN.ErrInvalidResponse, status: 200 },
  { fault: 'cross_origin_redirect', code: 'invalid_response', message: EN.ErrInvalidResponse, status: null },
];

test.describe('hostile servers', () => {
  for (const c of SERVER_CASES) {
    test(`${c.fault}: ${c.code}, typed text kept; cleared, Try again registers exactly once`, async ({ page, request, baseURL }) => {
      const problems = watchConsole(page);
      const api = watchApi(page);
      const sandbox = new URL(baseURL!).origin;
      const elsewhere: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && new URL(r.url()).origin !== sandbox) elsewhere.push(r.url());
      });
      const email = uniqueEmail();
      const national = uniquePhone();
      if (c.fault === 'timeout') await installClock(page);
      await openHost(page, { 'default-country': 'CO' });
      await fillEmail(page, email);
      await fillPhone(page, national);
      await arm(request, c.fault, { count: c.count ?? 1 });
      // The sandbox holds the POST. The page's time stands still from the submit on; its 15 s
      // pass at once, and the error must come with no more time passing.
      if (c.fault === 'timeout') await pauseClock(page);
      await submit(page);
      if (c.fault === 'timeout') {
        await expect.poll(() => api.posts().length).toBe(1);
        await faultTaken(request);
        await page.clock.runFor(15_000);
        await waitForCount(page, 'verifik:error', 1);
        await page.clock.resume();
      }

      await expectFailure(page, request, {
        code: c.code,
        message: c.message,
        status: c.status,
        email,
        phone: national,
      });
      await expect(submitButton(page)).toHaveAccessibleName(EN.TryAgain);
      await expectNoInjection(page);
      expect(await registrationsByEmail(request, email)).toHaveLength(0);
      const failedPosts = api.posts().length;

      await disarm(request);
      await page.getByRole('button', { name: EN.TryAgain, exact: true }).click();
      const registered = await expectRegisteredAfter(page, { text: EN.RegisteredBoth, email, phone: national });
      await settle(page);
      expect(api.posts()).toHaveLength(failedPosts + 1);
      const mine = await registrationsByEmail(request, email);
      expect(mine).toHaveLength(1);
      expect(mine[0]._id).toBe(registered.registrationId);
      // Nothing went to another origin (a followed redirect would have).
      expect(elsewhere).toEqual([]);
      expectNoPanic(problems);
    });
  }
});
