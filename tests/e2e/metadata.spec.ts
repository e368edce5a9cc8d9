// The phone metadata table (verifik-phone-metadata.txt) is not in the wasm: the entry module
// fetches it once the wasm runs, pinned by its sha384, and the form is interactive without it.
// These tests hold it back, fail it and tamper with it, and check what a person and a host see.
import { expect, test, type Page, type Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EN,
  events,
  expectFailure,
  expectSuccess,
  fillEmail,
  fillPhone,
  installClock,
  isolateFaults,
  openHost,
  phoneField,
  registrationsByPhone,
  settle,
  submitButton,
  uniqueEmail,
  uniquePhone,
  watchApi,
  watchConsole,
} from './helpers';

isolateFaults();

const TABLE = '**/verifik-phone-metadata.txt';

/** Holds every request for the table until `release()`; counts them. */
async function holdTable(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { requests: 0 };
  await page.route(TABLE, async (route: Route) => {
    state.requests += 1;
    await released;
    await route.continue();
  });
  return { state, release };
}

/** Answers the table with `answer` while `failing()` is true, with the real file after. */
async function breakTable(page: Page, answer: (route: Route) => Promise<void>) {
  const state = { failing: true, requests: 0 };
  await page.route(TABLE, async (route: Route) => {
    state.requests += 1;
    if (state.failing) await answer(route);
    else await route.continue();
  });
  return state;
}

/** What validatePhone() of the entry module does once its import resolves. */
async function validatePhoneThroughImport(page: Page, country: string, input: string) {
  return page.evaluate(
    async ([c, i]) => {
      const api = await import('/verifik-onboarding.js');
      try {
        return { result: api.validatePhone(c, i) };
      } catch (error) {
        return { thrown: String((error as Error).message) };
      }
    },
    [country, input],
  );
}

test('the form is interactive before the table arrives; a number sent meanwhile waits for it and registers once', async ({ page, request }) => {
  const problems = watchConsole(page);
  const api = watchApi(page);
  const table = await holdTable(page);
  // openHost waits for verifik:ready, which comes while the table is held.
  await openHost(page, { fields: 'phone', 'default-country': 'CO' });
  await expect.poll(() => table.state.requests).toBe(1);

  const phone = uniquePhone();
  await fillPhone(page, phone);
  // No verdict without the table: no error on leaving the field.
  await phoneField(page).blur();
  await settle(page, 300);
  await expect(phoneField(page)).not.toHaveAttribute('aria-invalid', 'true');
  // Nor a country guessed from an international number before the table can tell +1 876
  // (Jamaica) from the US.
  await fillPhone(page, '+1 876 555 0123');
  await settle(page, 300);
  await expect(page.getByRole('button', { name: /^Country code:/ })).toHaveAccessibleName(/Colombia/);
  await fillPhone(page, phone);
  await submitButton(page).click();
  await expect(submitButton(page)).toHaveAttribute('aria-busy', 'true');
  await settle(page);
  expect(api.posts()).toHaveLength(0);

  table.release();
  await expectSuccess(page, { text: EN.RegisteredPhone, phone });
  expect(api.posts()).toHaveLength(1);
  expect(await registrationsByPhone(request, phone)).toHaveLength(1);
  // One fetch for the page: the form waited for the entry's own.
  expect(table.state.requests).toBe(1);
  expect(problems).toEqual([]);
});

test('a table that cannot be loaded: e-mail still registers, a number gets network_error with the text kept, and Try again loads it', async ({ page, request }) => {
  const problems = watchConsole(page);
  const api = watchApi(page);
  const table = await breakTable(page, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await openHost(page, { 'default-country': 'CO' });

  // The JS API says why it cannot judge a number; e-mail validation is unaffected.
  const thrown = await validatePhoneThroughImport(page, 'CO', '300 123 4567');
  expect(thrown.thrown).toContain('phone metadata');
  const email = await page.evaluate(async () => (await import('/verifik-onboarding.js')).validateEmail(' a@example.com '));
  expect(email).toEqual({ valid: true, email: 'a@example.com' });

  const phone = uniquePhone();
  await fillPhone(page, phone);
  await submitButton(page).click();
  await expectFailure(page, request, { code: 'network_error', message: EN.ErrNetwork, status: null, phone });
  expect(api.posts()).toHaveLength(0);
  expect(await registrationsByPhone(request, phone)).toHaveLength(0);
  // One fetch by the entry module, one started by the throwing validatePhone(), one by the submit.
  const failedFetches = table.requests;
  expect(failedFetches).toBe(3);

  table.failing = false;
  await page.getByRole('button', { name: EN.TryAgain, exact: true }).click();
  await expect.poll(async () => (await events(page, 'verifik:registered')).length).toBe(1);
  const [registered] = await events(page, 'verifik:registered');
  expect(registered.detail).toMatchObject({ phone, countryCode: '+57' });
  expect(api.posts()).toHaveLength(1);
  expect(table.requests).toBe(failedFetches + 1);
  // Now loaded, the JS API judges numbers too.
  const judged = await validatePhoneThroughImport(page, 'CO', '300 123 4567');
  expect(judged.result).toMatchObject({ valid: true, e164: '+573001234567' });

  // An e-mail never needed the table.
  await page.evaluate(() => (document.querySelector('verifik-onboarding') as HTMLElement & { reset(): void }).reset());
  const address = uniqueEmail();
  await fillEmail(page, address);
  await submitButton(page).click();
  await expect.poll(async () => (await events(page, 'verifik:registered')).length).toBe(2);
  // Each failure was logged by the entry module; the browser adds its own lines per failed fetch
  // (the 503, and the integrity check the error page fails too). Nothing else went wrong.
  const ours = problems.filter((p) => p.includes('verifik-onboarding: the phone metadata could not be loaded'));
  expect(ours).toHaveLength(failedFetches);
  const browsers = problems.filter(
    (p) => p.includes('status of 503') || (p.includes('verifik-phone-metadata.txt') && /integrity|SRI/.test(p)),
  );
  expect([...ours, ...browsers].sort()).toEqual([...problems].sort());
});

test('a tampered table is refused by its integrity value: no number is judged with it', async ({ page, request }) => {
  const api = watchApi(page);
  await breakTable(page, async (route) => {
    const real = await route.fetch();
    // Makes every number "valid" (each region's last pattern \d+): a table a network attacker
    // might like to serve.
    const original = await real.text();
    const text = original.replace(/;[^;\n]*$/gm, ';\\d+');
    expect(text).not.toEqual(original);
    await route.fulfill({ response: real, body: text });
  });
  await openHost(page, { fields: 'phone', 'default-country': 'CO' });
  const thrown = await validatePhoneThroughImport(page, 'CO', '1');
  expect(thrown.thrown).toContain('phone metadata');
  await fillPhone(page, '3001234567');
  await submitButton(page).click();
  await expectFailure(page, request, { code: 'network_error', message: EN.ErrNetwork, status: null, phone: '3001234567' });
  expect(api.posts()).toHaveLength(0);
});

test('reset() while a number waits for the table: nothing is sent when it arrives, and the form is empty and usable', async ({ page, request }) => {
  const api = watchApi(page);
  const table = await holdTable(page);
  await openHost(page, { fields: 'phone', 'default-country': 'CO' });
  const phone = uniquePhone();
  await fillPhone(page, phone);
  await submitButton(page).click();
  await expect(submitButton(page)).toHaveAttribute('aria-busy', 'true');
  await page.evaluate(() => (document.querySelector('verifik-onboarding') as HTMLElement & { reset(): void }).reset());
  table.release();
  await settle(page);
  expect(api.posts()).toHaveLength(0);
  expect(await registrationsByPhone(request, phone)).toHaveLength(0);
  await expect(phoneField(page)).toHaveValue('');
  await expect(phoneField(page)).not.toHaveAttribute('aria-invalid', 'true');
  await expect(submitButton(page)).toHaveAttribute('aria-busy', 'false');
  expect(await events(page, 'verifik:error')).toEqual([]);
});

test('a table request that never answers is given up after 15 s: the exports become usable, and validatePhone() says why', async ({ page }) => {
  let tableRequests = 0;
  await page.route(TABLE, () => {
    tableRequests += 1;
    return new Promise<void>(() => {});
  });
  await installClock(page);
  await openHost(page, { fields: 'email' });
  const started = Date.now();
  // The request is on its way, and its AbortSignal.timeout with it (since before it was seen
  // here). The page's clock jumps to 15 s after it was seen and stops there: the exports must
  // then be usable without more time passing (the race gives them 5 s of real time).
  await expect.poll(() => tableRequests).toBe(1);
  await page.clock.pauseAt(Date.now() + 15_000);
  const exports = page.evaluate(async () => {
    const api = await import('/verifik-onboarding.js');
    let thrown = '';
    try {
      api.validatePhone('CO', '3001234567');
    } catch (error) {
      thrown = String((error as Error).message);
    }
    return { mount: typeof api.mount, email: api.validateEmail('a@example.com').valid, thrown };
  });
  const outcome = await Promise.race([exports, new Promise((resolve) => setTimeout(() => resolve('the exports are still waiting'), 5_000))]);
  const waited = Date.now() - started;
  console.log(`exports usable ${waited} ms after the page was ready (its clock moved 15 s on), with the table request hanging`);
  expect(waited).toBeLessThan(20_000);
  expect(outcome).toEqual({ mount: 'function', email: true, thrown: expect.stringContaining('phone metadata') });
});

test('metadataVersion names the libphonenumber release the table comes from, and validatePhone() follows that release', async ({ page }) => {
  // The release tools/phonemeta generates the table from (`cargo run -p phonemeta -- --update`).
  const requirements = readFileSync(join(__dirname, '..', '..', 'tools', 'phonemeta', 'requirements.txt'), 'utf8');
  const pinned = /^phonenumbers==(\d+(?:\.\d+)+) /m.exec(requirements)?.[1];
  expect(pinned).toBeTruthy();
  await openHost(page);
  const outcome = await page.evaluate(async () => {
    const api = await import('/verifik-onboarding.js');
    return { metadataVersion: api.metadataVersion, ascension: api.validatePhone('AC', '22889') };
  });
  expect(outcome.metadataVersion).toBe(pinned);
  // An Ascension Island fixed line that libphonenumber 9.0.43 calls valid and 9.0.33 did not.
  expect(outcome.ascension).toEqual({ valid: true, country: 'AC', countryCode: '+247', phone: '22889', e164: '+24722889' });
});
