import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type WidgetEvent = { type: string; detail: Record<string, unknown> };

/** Records every verifik:* event reaching the window, from before any page script runs. */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { __verifikEvents: unknown }).__verifikEvents = seen;
    // Contract §3, and §7's verification events.
    const types = ['verifik:ready', 'verifik:registered', 'verifik:error', 'verifik:language-change', 'verifik:code-sent', 'verifik:verified', 'verifik:completed'];
    for (const type of types) {
      window.addEventListener(type, (e) => seen.push({ type, detail: (e as CustomEvent).detail }), true);
    }
  });
}

export async function events(page: Page, type?: string): Promise<WidgetEvent[]> {
  const all = await page.evaluate(() => (window as unknown as { __verifikEvents: WidgetEvent[] }).__verifikEvents);
  return type ? all.filter((e) => e.type === type) : all;
}

/** Waits until at least one `type` event arrived and returns them all. */
export async function waitForEvents(page: Page, type: string): Promise<WidgetEvent[]> {
  await expect.poll(async () => (await events(page, type)).length).toBeGreaterThan(0);
  return events(page, type);
}

/** Fails on any sign that the wasm panicked or trapped, or that a page script threw. Console
 * errors about failed loads (a 500 the test asked for) are the browser's, not the widget's. */
export function expectNoPanic(problems: string[]) {
  expect(problems.filter((p) => /panicked|unreachable|RuntimeError|pageerror/i.test(p))).toEqual([]);
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** An e-mail address no other test (or earlier run against the same sandbox) used. */
export function uniqueEmail(domain = 'example.com'): string {
  return `person-${Date.now()}-${Math.floor(Math.random() * 1e9)}@${domain}`;
}

/** What the sandbox holds, read through its API as Verifik's dashboard would. */
export async function registrations(request: APIRequestContext): Promise<Record<string, unknown>[]> {
  const { token } = await (await request.post('/demo/token')).json();
  const list = await request.get('/v2/app-registrations', { headers: { Authorization: `Bearer ${token}` } });
  expect(list.ok()).toBeTruthy();
  return (await list.json()).data;
}

/** Serves tests/e2e/fixtures/* at /__fixtures/* on the sandbox origin (same origin as the widget). */
export async function serveFixtures(page: Page): Promise<void> {
  await page.route('**/__fixtures/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__fixtures/', '');
    if (!/^[\w.-]+$/.test(name)) return route.fulfill({ status: 404 });
    const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'text/html';
    return route.fulfill({ status: 200, contentType: type, body: readFileSync(join(__dirname, 'fixtures', name)) });
  });
}

/**
 * A United States number (ten digits, no leading 1) no other test or earlier run likely used:
 * the sandbox sends +1 codes by SMS.
 */
export function uniqueUsPhone(): string {
  const areas = ['201', '212', '305', '312', '415', '617', '646', '718', '917'];
  const area = areas[Math.floor(Math.random() * areas.length)];
  // An exchange of 200–999 that is not N11 or 555; then four digits.
  let exchange = 0;
  while (exchange < 200 || exchange % 100 === 11 || exchange === 555) exchange = 200 + Math.floor(Math.random() * 800);
  const line = ((Date.now() % 1e4) + Math.floor(Math.random() * 1e4)) % 1e4;
  return `${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** A Colombian mobile number (national significant digits) no other test or earlier run used. */
export function uniquePhone(): string {
  const prefixes = ['300', '301', '302', '304', '305', '310', '311', '312', '313', '314', '315', '316', '317', '318', '319'];
  const prefix = prefixes[Math.floor(Math.random() * prefixes.length)];
  const rest = ((Date.now() % 1e7) + Math.floor(Math.random() * 1e7)) % 1e7;
  return `${prefix}${String(rest).padStart(7, '0')}`;
}

// src/i18n.rs, English.
export const EN = {
  Submit: 'Continue',
  Submitting: 'Sending…',
  TryAgain: 'Try again',
  RegisteredEmail: 'Done! We sent you an e-mail with the next step.',
  RegisteredPhone: 'Done! We sent you a text message (SMS) with the next step.',
  RegisteredBoth: 'Done! We sent you an e-mail and a text message (SMS) with the next step.',
  ErrOffline: 'You are offline. Nothing was sent; try again when your connection is back.',
  ErrEmailDomainNotAllowed: 'E-mail addresses from this domain are not accepted. Use another address.',
  ErrEmailAlreadyRegistered: 'This e-mail address is already registered.',
  ErrPhoneAlreadyRegistered: 'This phone number is already registered.',
  ErrUnauthorized: 'Your session has expired. Try again; if that does not work, reload the page.',
  ErrRateLimited: 'Too many attempts. Wait a moment and try again.',
  ErrServer: 'The service is having trouble. Try again.',
  ErrNetwork: 'We could not reach the service. Check your connection and try again.',
  ErrTimeout: 'The service took too long to answer. Try again.',
  ErrInvalidResponse: 'The service sent an answer we could not read. Try again.',
  ErrTokenUnavailable: 'We could not start a secure session. Try again in a moment.',
  ErrConfig: 'This form is not set up correctly',
} as const;

export const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

// ---------------------------------------------------------------------------------------------
// The code step (contract §7): its texts, and the codes the sandbox "sent".

// src/i18n.rs, English, for the code step. `{0}` is the address, or the number with its
// calling code; `{1}` (ours) the countdown.
export const CODE_EN = {
  Label: 'Verification code',
  Check: 'Verify',
  Checking: 'Checking the code…',
  Resend: 'Send a new code',
  ResendIn: (left: string) => `Send a new code in ${left}`,
  Resent: 'We sent a new code.',
  Sending: (to: string) => `Sending a code to ${to}…`,
  NotSent: (to: string) => `We could not send a code to ${to}.`,
  EmailVerified: 'Your e-mail is verified.',
  SentEmail: (to: string) => `We sent a 6-digit code to ${to}.`,
  SentSms: (to: string) => `We sent a 6-digit code by SMS to ${to}.`,
  SentWhatsApp: (to: string) => `We sent a 6-digit code by WhatsApp to ${to}.`,
  ErrFormat: 'Enter the 6 digits of the code.',
  ErrMismatch: 'That code is not right. Check it and type it again.',
  ErrExpired: 'This code has expired. Send a new code.',
  ErrRecentlySent: 'A code was sent moments ago. Wait a little before asking for another.',
  ErrNotSent: 'We could not send the code. Try again.',
  ErrTooManyAttempts: 'Too many attempts. Wait a moment and send a new code.',
  VerifiedEmail: 'Done! Your e-mail is verified.',
  VerifiedPhone: 'Done! Your phone number is verified.',
  VerifiedBoth: 'Done! Your e-mail and phone number are verified.',
} as const;

export type OutboxMessage = {
  channel: 'email' | 'sms' | 'whatsapp';
  to: string;
  code: string;
  language: string;
  registrationId: string;
  sentAt: string;
};

/** Every message the sandbox "sent", newest first (`GET /__sandbox/outbox`). */
export async function outbox(request: APIRequestContext): Promise<OutboxMessage[]> {
  const response = await request.get('/__sandbox/outbox');
  expect(response.ok()).toBeTruthy();
  return (await response.json()).data;
}

/** The messages sent to `to` (an address, or `+` country code and digits), newest first. */
export async function messagesTo(request: APIRequestContext, to: string): Promise<OutboxMessage[]> {
  return (await outbox(request)).filter((m) => m.to === to.toLowerCase());
}

/** The newest code sent to `to`, once there is one. */
export async function codeSentTo(request: APIRequestContext, to: string): Promise<string> {
  await expect.poll(async () => (await messagesTo(request, to)).length, { message: `a code sent to ${to}` }).toBeGreaterThan(0);
  return (await messagesTo(request, to))[0].code;
}

/** A six-digit code that is not `code` (sandbox codes never start with 0). */
export function wrongCode(code: string): string {
  return code === '999999' ? '100000' : String(Number(code) + 1);
}

/** Moves the sandbox's clock forward (code and token expiry, the phone cooldown). */
export async function advanceSandboxClock(request: APIRequestContext, seconds: number) {
  const response = await request.post('/__sandbox/clock', { data: { advanceSeconds: seconds } });
  expect(response.ok(), `advancing the sandbox clock by ${seconds} s`).toBeTruthy();
}

// ---------------------------------------------------------------------------------------------
// Submit plumbing shared by submit.spec.ts and hostile.spec.ts: the host page, the network,
// the sandbox's faults and registrations, and checks of an outcome all round.

export type HostOptions = {
  /** Where the widget gets its token (see fixtures/submit-host.js). */
  source?: 'token-url' | 'provider' | 'none';
  /** With `provider`: what its first call returns. */
  firstToken?: string;
  /** With `provider`: how it misbehaves until the test clears `window.providerFault`. */
  providerFault?: 'throws' | 'rejects' | 'number' | 'object' | 'never';
  /** An attribute the host page makes 1 MB long. */
  huge?: string;
  /** The configuration is expected to be unusable: wait for its verifik:error, not for ready. */
  configError?: boolean;
};

/** Opens fixtures/submit-host.html with `attributes` on the element and waits for ready. */
export async function openHost(page: Page, attributes: Record<string, string> = {}, options: HostOptions = {}) {
  await serveFixtures(page);
  const query = new URLSearchParams({ lang: 'en', ...attributes });
  if (options.source) query.set('_source', options.source);
  if (options.firstToken) query.set('_first-token', options.firstToken);
  if (options.providerFault) query.set('_provider-fault', options.providerFault);
  if (options.huge) query.set('_huge', options.huge);
  await page.goto(`/__fixtures/submit-host.html?${query}`);
  await waitForCount(page, options.configError ? 'verifik:error' : 'verifik:ready', 1);
}

export type Call = { kind: 'post' | 'token'; at: number; authorization?: string };

/** Records the page's POSTs to the registration endpoint and to the token endpoint, in order. */
export function watchApi(page: Page) {
  const calls: Call[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'POST') return;
    const path = new URL(r.url()).pathname;
    if (path === '/v2/app-registrations') {
      calls.push({ kind: 'post', at: Date.now(), authorization: r.headers()['authorization'] });
    } else if (path === '/demo/token') {
      calls.push({ kind: 'token', at: Date.now() });
    }
  });
  return {
    calls,
    posts: () => calls.filter((c) => c.kind === 'post'),
    tokens: () => calls.filter((c) => c.kind === 'token'),
  };
}

/** Waits until at least `count` events of `type` arrived; returns them all. */
export async function waitForCount(page: Page, type: string, count: number, timeout = 10_000): Promise<WidgetEvent[]> {
  await expect
    .poll(async () => (await events(page, type)).length, { timeout, message: `waiting for ${count} ${type}` })
    .toBeGreaterThanOrEqual(count);
  return events(page, type);
}

/** Waits for the submit's outcome: the first verifik:registered or verifik:error. */
export async function outcome(page: Page, timeout = 10_000): Promise<WidgetEvent> {
  await expect
    .poll(async () => (await events(page)).filter((e) => e.type !== 'verifik:ready').length, {
      timeout,
      message: 'waiting for verifik:registered or verifik:error',
    })
    .toBeGreaterThan(0);
  return (await events(page)).filter((e) => e.type !== 'verifik:ready')[0];
}

export async function arm(request: APIRequestContext, fault: string, extra: { count?: number; retryAfter?: number } = {}) {
  const response = await request.post('/__sandbox/faults', { data: { fault, ...extra } });
  expect(response.ok(), `arming ${fault}`).toBeTruthy();
}

/**
 * Waits until the sandbox has taken every call its armed fault was for. The page's `request`
 * event comes when the browser starts a call, which may reach the server later: a test that
 * times a call out on the page's clock (or otherwise makes the widget give up on it) before
 * then leaves the fault armed, for the next call to take.
 */
export async function faultTaken(request: APIRequestContext) {
  await expect
    .poll(async () => (await (await request.get('/__sandbox/faults')).json()).armed, {
      message: 'the faulted call reaching the sandbox',
    })
    .toBeNull();
}

export async function disarm(request: APIRequestContext) {
  expect((await request.delete('/__sandbox/faults')).ok()).toBeTruthy();
}

/**
 * For spec files that arm sandbox faults: every test starts and ends with none armed (faults are
 * global to the sandbox), and records the widget's events from the first page script on.
 */
export function isolateFaults(): void {
  test.beforeEach(async ({ page, request }) => {
    await disarm(request);
    await recordEvents(page);
  });
  test.afterEach(async ({ request }) => {
    await disarm(request);
  });
}

export async function newToken(request: APIRequestContext, ttlSeconds?: number): Promise<string> {
  const response = await request.post('/demo/token', ttlSeconds ? { data: { ttlSeconds } } : {});
  expect(response.ok()).toBeTruthy();
  return (await response.json()).token;
}

export function bearer(call: Call | undefined): string {
  expect(call?.authorization, 'Authorization header of the POST').toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  return call!.authorization!.slice('Bearer '.length);
}

export function jwtExp(token: string): number {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).exp;
}

export async function registrationsByEmail(request: APIRequestContext, email: string) {
  return (await registrations(request)).filter((r) => r.email === email);
}

export async function registrationsByPhone(request: APIRequestContext, national: string) {
  return (await registrations(request)).filter((r) => r.phone === `+57${national}`);
}

/**
 * Runs in the page (Playwright's page.evaluate, or a WebDriver script in tests/engines): every
 * place of the page where `token` shows up, other than the request header and the console
 * (which each harness reads its own way). Self-contained, as it is sent to the page as source.
 */
export function tokenSightingsInPage(token: string): string[] {
  const hits: string[] = [];
  const check = (where: string, text: string | null | undefined) => {
    if (text && text.includes(token)) hits.push(where);
  };
  check('document HTML', document.documentElement.outerHTML);
  const walk = (root: Document | ShadowRoot) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        check(`value of ${el.tagName} ${el.id}`, el.value);
      }
      if (el.shadowRoot) {
        check(`shadow root of <${el.tagName.toLowerCase()}>`, el.shadowRoot.innerHTML);
        walk(el.shadowRoot);
      }
    }
  };
  walk(document);
  check('event details', JSON.stringify((window as unknown as { __verifikEvents: unknown }).__verifikEvents));
  for (const [name, storage] of [
    ['localStorage', localStorage],
    ['sessionStorage', sessionStorage],
  ] as const) {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i)!;
      check(`${name} ${key}`, `${key}=${storage.getItem(key)}`);
    }
  }
  check('document.cookie', document.cookie);
  check(
    'resource timing URLs',
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .join('\n'),
  );
  check('location', window.location.href);
  return hits;
}

export const emailField = (page: Page) => page.getByLabel('E-mail', { exact: true });
export const phoneField = (page: Page) => page.getByLabel('Phone number', { exact: true });
/** The submit button whatever its current label. */
export const submitButton = (page: Page) => page.locator('verifik-onboarding button[type="submit"]');

export async function fillEmail(page: Page, email: string) {
  await emailField(page).fill(email);
}

export async function fillPhone(page: Page, national: string) {
  await phoneField(page).fill(national);
}

export async function submit(page: Page) {
  await page.getByRole('button', { name: EN.Submit, exact: true }).click();
}

// ---------------------------------------------------------------------------------------------
// The page's clock. The widget gives up on a request after 15 s and on a token after 10 s with
// plain timers (src/http.js), and on the phone table with AbortSignal.timeout: Playwright's
// clock fakes all three, so a test can let those seconds pass at once instead of waiting them.

/**
 * Puts the page's timers, Date and AbortSignal.timeout on Playwright's clock; call it before the
 * page loads. The clock starts at the real time (token expiry, read with Date.now, is judged as
 * it would be) and runs with it until the test moves it on or stops it.
 */
export async function installClock(page: Page) {
  await page.clock.install();
}

/**
 * Stops the page's clock: from here its timers fire, and Date.now moves, only when the test runs
 * the clock on (`page.clock.runFor`), so a timer started from now on fires at exactly its delay.
 * It stops 2 s ahead, at an instant it has surely not reached (pauseAt refuses one in the past):
 * the page acts on the call some time after it is made, over 100 ms with both cores busy. The
 * jump fires the timers due meanwhile once, so call this before what the test times starts.
 */
export async function pauseClock(page: Page) {
  await page.clock.pauseAt(Date.now() + 2_000);
}

/** Lets a little time pass so that a request the widget should not send would have shown up. */
export async function settle(page: Page, ms = 500) {
  await page.waitForTimeout(ms);
}

/** A failed submit, checked all round: event, text on screen, typed text kept, nothing stored. */
export async function expectFailure(
  page: Page,
  request: APIRequestContext,
  expected: {
    code: string;
    message: string;
    /** The HTTP status the event carries, or `null` for none. `undefined`: not checked. */
    status?: number | null;
    field?: 'email' | 'phone';
    email?: string;
    phone?: string;
    timeout?: number;
  },
): Promise<WidgetEvent> {
  const first = await outcome(page, expected.timeout);
  expect(first.type, `expected verifik:error, got ${JSON.stringify(first)}`).toBe('verifik:error');
  const errors = await events(page, 'verifik:error');
  expect(errors).toHaveLength(1);
  const detail = errors[0].detail;
  expect(detail.code).toBe(expected.code);
  // Soft from here on: one run reports every difference, not only the first.
  expect.soft(detail.message).toBe(expected.message);
  if (expected.status === null) expect.soft(detail).not.toHaveProperty('status');
  else if (expected.status !== undefined) expect.soft(detail.status).toBe(expected.status);
  if (expected.field) expect.soft(detail.field).toBe(expected.field);
  else expect.soft(detail).not.toHaveProperty('field');

  if (expected.field) {
    const field = expected.field === 'email' ? emailField(page) : phoneField(page);
    await expect.soft(field).toHaveAttribute('aria-invalid', 'true');
    await expect.soft(field).toHaveAccessibleDescription(expected.message);
  } else {
    await expect.soft(page.getByText(expected.message, { exact: true })).toBeVisible();
  }
  if (expected.email !== undefined) await expect.soft(emailField(page)).toHaveValue(expected.email);
  if (expected.phone !== undefined) await expect.soft(phoneField(page)).toHaveValue(expected.phone);
  expect(await events(page, 'verifik:registered')).toEqual([]);
  return errors[0];
}

/** A successful submit, checked all round. Returns the event detail. */
export async function expectSuccess(
  page: Page,
  expected: { text: string; email?: string; phone?: string; timeout?: number },
): Promise<Record<string, unknown>> {
  const first = await outcome(page, expected.timeout);
  expect(first.type, `expected verifik:registered, got ${JSON.stringify(first)}`).toBe('verifik:registered');
  await expect.soft(page.getByText(expected.text, { exact: true })).toBeVisible();
  const detail = first.detail;
  expect(detail.registrationId).toMatch(/^[0-9a-f]{24}$/);
  expect(detail).toMatchObject({ status: 'STARTED', language: 'en' });
  if (expected.email) expect(detail.email).toBe(expected.email);
  else expect(detail).not.toHaveProperty('email');
  if (expected.phone) expect(detail).toMatchObject({ phone: expected.phone, countryCode: '+57' });
  else {
    expect(detail).not.toHaveProperty('phone');
    expect(detail).not.toHaveProperty('countryCode');
  }
  return detail;
}
