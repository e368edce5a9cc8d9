import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { events, recordEvents, registrations, serveFixtures, uniqueEmail, waitForEvents, watchConsole } from './helpers';

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

/** The widget on the demo page (the page has controls of its own around it). */
const widget = (page: Page) => page.locator('#widget');

test('the demo page loads without console errors, reports ready and passes axe', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  const [ready] = await waitForEvents(page, 'verifik:ready');
  expect(ready.detail.version).toMatch(/^\d+\.\d+\.\d+/);
  await expect(widget(page).getByLabel('E-mail')).toBeVisible();
  await expect(widget(page).getByRole('button', { name: 'Continue' })).toBeEnabled();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
  expect(problems).toEqual([]);
});

test('a valid e-mail typed and sent with Enter creates exactly one registration, whose id the event carries', async ({ page, request }) => {
  const problems = watchConsole(page);
  const email = uniqueEmail();
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v2/app-registrations')) posts.push(r.url());
  });
  // Hold the API's answer for a moment so that the submit is surely still in flight below.
  await page.route('**/v2/app-registrations', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await page.goto('/');
  await waitForEvents(page, 'verifik:ready');
  const field = widget(page).getByLabel('E-mail');
  await field.click();
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  const button = widget(page).getByRole('button', { name: 'Sending…' });
  await expect(button).toHaveAttribute('aria-busy', 'true');
  // Further Enters and clicks while the submit is in flight send nothing.
  await page.keyboard.press('Enter');
  await button.click({ force: true });

  const [registered] = await waitForEvents(page, 'verifik:registered');
  await expect(widget(page).getByRole('status').filter({ hasText: /\S/ })).toHaveText('Done! We sent you an e-mail with the next step.');
  const mine = (await registrations(request)).filter((r) => r.email === email);
  expect(mine).toHaveLength(1);
  expect(registered.detail.registrationId).toBe(mine[0]._id);
  expect(registered.detail).toMatchObject({ status: 'STARTED', language: 'en', email });
  expect(registered.detail.informationValidationId).toMatch(/^[0-9a-f]{24}$/);
  expect(registered.detail).not.toHaveProperty('registrationToken');
  expect(posts).toHaveLength(1);
  // The finished form does not send the same registration again.
  await field.press('Enter');
  await page.waitForTimeout(300);
  expect(posts).toHaveLength(1);
  expect(await events(page, 'verifik:registered')).toHaveLength(1);
  expect(await events(page, 'verifik:error')).toEqual([]);
  expect(problems).toEqual([]);
});

test('an e-mail at a blocked domain is refused next to the field, with the typed text kept', async ({ page, request }) => {
  const email = uniqueEmail('blocked.example');
  await page.goto('/');
  await waitForEvents(page, 'verifik:ready');
  await widget(page).getByLabel('E-mail').fill(email);
  await widget(page).getByRole('button', { name: 'Continue' }).click();

  const [error] = await waitForEvents(page, 'verifik:error');
  expect(error.detail).toMatchObject({ code: 'email_domain_not_allowed', field: 'email' });
  const field = widget(page).getByLabel('E-mail');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  // The message is the field's accessible description, i.e. shown next to it.
  await expect(field).toHaveAccessibleDescription(String(error.detail.message));
  await expect(field).toHaveValue(email);
  await expect(field).toBeFocused();
  expect(await events(page, 'verifik:registered')).toEqual([]);
  expect((await registrations(request)).filter((r) => r.email === email)).toHaveLength(0);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);
});

test('a host that hands tokens over with tokenProvider gets a Spanish form whose token stays in the header', async ({ page, request }) => {
  await serveFixtures(page);
  const problems = watchConsole(page);
  const email = uniqueEmail();
  let authorization: string | undefined;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v2/app-registrations')) authorization = r.headers()['authorization'];
  });
  await page.goto('/__fixtures/provider.html');
  await waitForEvents(page, 'verifik:ready');
  expect(await page.evaluate(() => (window as unknown as { providerCalls: number }).providerCalls)).toBe(0);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByRole('button', { name: 'Continuar' }).click();
  const [registered] = await waitForEvents(page, 'verifik:registered');
  expect(registered.detail.language).toBe('es');
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const token = authorization!.slice('Bearer '.length);
  // The token appears in no event, no attribute and no text of the page.
  expect(JSON.stringify(await events(page))).not.toContain(token);
  const dom = await page.evaluate(() => document.documentElement.outerHTML + document.querySelector('verifik-onboarding')!.shadowRoot!.innerHTML);
  expect(dom).not.toContain(token);
  const mine = (await registrations(request)).filter((r) => r.email === email);
  expect(mine.map((r) => r._id)).toEqual([registered.detail.registrationId]);
  expect(mine[0].language).toBe('es');
  expect(problems).toEqual([]);
});
