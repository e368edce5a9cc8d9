import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type WidgetEvent = { type: string; detail: Record<string, unknown> };

/** Records every verifik:* event reaching the window, from before any page script runs. */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { __verifikEvents: unknown }).__verifikEvents = seen;
    for (const type of ['verifik:ready', 'verifik:registered', 'verifik:error', 'verifik:language-change']) {
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

/** A Colombian mobile number (national significant digits) no other test or earlier run used. */
export function uniquePhone(): string {
  const prefixes = ['300', '301', '302', '304', '305', '310', '311', '312', '313', '314', '315', '316', '317', '318', '319'];
  const prefix = prefixes[Math.floor(Math.random() * prefixes.length)];
  const rest = ((Date.now() % 1e7) + Math.floor(Math.random() * 1e7)) % 1e7;
  return `${prefix}${String(rest).padStart(7, '0')}`;
}
