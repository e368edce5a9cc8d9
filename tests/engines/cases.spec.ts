// The cross-engine end-to-end cases: one list, run in each engine of playwright.config.ts
// (Firefox ESR and WebKitGTK over WebDriver; Chromium has the whole Playwright suite in
// tests/e2e). Each case is a whole flow as a person uses it, found by label, role and visible
// text, against the real sandbox and the release build, on the Playwright suite's host pages.
//
// To add a case: write a `test(...)` below with the `tab` fixture (page.ts: open, byLabel,
// byRole, byText, press, type, events) and `request` for the sandbox; if it fails in one engine
// because of a widget bug, call knownBug(engine, { webkit: 'what, and where it is reported' })
// first thing in it.
import { CODE_EN, codeSentTo, EN, registrationsByEmail, registrationsByPhone, tokenSightingsInPage, uniqueEmail, uniquePhone, wrongCode } from '../e2e/helpers';
import { expect, test } from './engines';
import type { Tab } from './page';

/** The whole text of a field error, as the field's description says it. */
const ERR_EMAIL_INVALID = 'Enter an e-mail address like name@example.com.';
const ERR_PHONE_TOO_SHORT = 'This phone number is too short.';
const ONE_FIELD = '1 field needs your attention.';

/** Opens the Playwright suite's plain host page (fixtures/host.html: script tag + element). */
async function openHost(tab: Tab, attributes: Record<string, string>) {
  await tab.open(`/__fixtures/host.html?${new URLSearchParams(attributes)}`);
  await waitForEvents(tab, 'verifik:ready');
}

/** Waits until `count` events of `type` arrived; returns them all. */
async function waitForEvents(tab: Tab, type: string, count = 1) {
  await expect.poll(async () => (await tab.events(type)).length, { message: `waiting for ${count} ${type}`, timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return tab.events(type);
}

const shown = (tab: Tab, text: string | RegExp) => expect.poll(() => tab.byText(text).isVisible(), { message: `"${text}" on screen` }).toBe(true);

/** The sandbox holds exactly one registration of these, the one the event named. */
async function expectOneRegistration(rows: Promise<Record<string, unknown>[]>, id: unknown) {
  const mine = await rows;
  expect(mine, 'registrations the sandbox holds').toHaveLength(1);
  expect(mine[0]._id).toBe(id);
}

test('the script tag: an e-mail typed and sent with Enter registers once, and the event carries its id', async ({ tab, request }) => {
  await openHost(tab, { lang: 'en' });
  const email = uniqueEmail();
  await tab.byLabel('E-mail').fill(email);
  await tab.press('Enter');
  const [registered] = await waitForEvents(tab, 'verifik:registered');
  expect(registered.detail).toMatchObject({ email, status: 'STARTED', language: 'en' });
  expect(registered.detail).not.toHaveProperty('phone');
  await shown(tab, EN.RegisteredEmail);
  await expectOneRegistration(registrationsByEmail(request, email), registered.detail.registrationId);
  expect(await tab.events('verifik:error')).toEqual([]);
});

test('the script tag: a phone number typed as people write it registers with its country code', async ({ tab, request }) => {
  await openHost(tab, { lang: 'en', 'default-country': 'CO' });
  const national = uniquePhone();
  await expect.poll(() => tab.byRole('button', /^Country code:/).accessibleName()).toBe('Country code: Colombia +57');
  await tab.byLabel('Phone number').fill(`${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6)}`);
  await tab.byRole('button', 'Continue').click();
  const [registered] = await waitForEvents(tab, 'verifik:registered');
  expect(registered.detail).toMatchObject({ phone: national, countryCode: '+57', language: 'en' });
  expect(registered.detail).not.toHaveProperty('email');
  await shown(tab, EN.RegisteredPhone);
  await expectOneRegistration(registrationsByPhone(request, national), registered.detail.registrationId);
});

test('the country picker by keyboard: open, type to filter, arrows, Enter picks the active country', async ({ tab }) => {
  await openHost(tab, { lang: 'en', 'default-country': 'MX', 'preferred-countries': 'BR,MX' });
  const button = tab.byRole('button', /^Country code:/);
  await expect.poll(() => button.accessibleName()).toBe('Country code: Mexico +52');
  await tab.byLabel('E-mail').click();
  await tab.press('Tab');
  await expect.poll(() => button.isFocused(), { message: 'Tab from the e-mail reaches the country button' }).toBe(true);

  await tab.press('Enter');
  const search = tab.byRole('combobox', 'Search for a country');
  await expect.poll(() => search.isFocused(), { message: 'the search has focus once the list opens' }).toBe(true);
  expect(await search.attribute('aria-expanded')).toBe('true');
  const options = tab.byRole('listbox').byRole('option');
  // Preferred countries first, and the selected one is the active one.
  await expect.poll(async () => (await options.names()).slice(0, 2)).toEqual(['Brazil +55', 'Mexico +52']);
  expect(await search.activeOption()).toBe('Mexico +52');

  await tab.type('united');
  // Each key filters the list: wait for the last one's list ("uni" still lists Réunion and
  // Tunisia), in which every country is a "United" one.
  await expect
    .poll(
      async () => {
        const names = await options.names();
        return names.length > 0 && names.every((name) => /United/.test(name));
      },
      { message: 'the list filters as one types' },
    )
    .toBe(true);
  const filtered = await options.names();
  expect(filtered.length).toBeGreaterThanOrEqual(3);
  for (const name of filtered) expect(name).toMatch(/United/);
  await expect.poll(() => search.activeOption()).toBe(filtered[0]);
  await tab.press('ArrowDown', 'ArrowDown');
  await expect.poll(() => search.activeOption()).toBe(filtered[2]);
  await tab.press('ArrowUp');
  await expect.poll(() => search.activeOption()).toBe(filtered[1]);

  await tab.press('Enter');
  await expect.poll(() => search.isVisible(), { message: 'the list closes on Enter' }).toBe(false);
  await expect.poll(() => button.accessibleName()).toBe(`Country code: ${filtered[1]}`);
  await expect.poll(() => tab.byLabel('Phone number').isFocused(), { message: 'focus moves on to the number' }).toBe(true);
  // Escape closes without changing the country.
  await button.click();
  await expect.poll(() => search.isFocused()).toBe(true);
  await tab.type('colom');
  await expect.poll(() => options.names()).toEqual(['Colombia +57']);
  await tab.press('Escape');
  await expect.poll(() => search.isVisible()).toBe(false);
  await expect.poll(() => button.isFocused()).toBe(true);
  expect(await button.accessibleName()).toBe(`Country code: ${filtered[1]}`);
});

test('an input error shows by its field on blur and clears when fixed; a failed submit focuses the invalid field', async ({ tab }) => {
  await openHost(tab, { lang: 'en', 'default-country': 'CO' });
  const email = tab.byLabel('E-mail');
  const phone = tab.byLabel('Phone number');
  await email.fill('not-an');
  expect(await email.attribute('aria-invalid'), 'no error while typing').toBe('false');
  await tab.press('Tab');
  await expect.poll(() => email.attribute('aria-invalid')).toBe('true');
  await expect.poll(() => email.description()).toBe(ERR_EMAIL_INVALID);
  await shown(tab, ERR_EMAIL_INVALID);
  await email.click();
  await tab.press('End');
  await tab.type('@example.com');
  await expect.poll(() => email.attribute('aria-invalid')).toBe('false');
  await expect.poll(() => tab.byText(ERR_EMAIL_INVALID).isVisible()).toBe(false);

  await email.fill('');
  await phone.fill('12');
  await tab.byRole('button', 'Continue').click();
  await expect.poll(() => phone.isFocused(), { message: 'the invalid field gets focus' }).toBe(true);
  await expect.poll(() => phone.description()).toBe(ERR_PHONE_TOO_SHORT);
  await shown(tab, ONE_FIELD);
  expect(await tab.events('verifik:registered')).toEqual([]);
});

test('an API error shows by its field: a blocked domain, the address kept, nothing stored', async ({ tab, request }) => {
  await openHost(tab, { lang: 'en' });
  const email = uniqueEmail('blocked.example');
  const field = tab.byLabel('E-mail');
  await field.fill(email);
  await tab.byRole('button', 'Continue').click();
  const [error] = await waitForEvents(tab, 'verifik:error');
  expect(error.detail).toMatchObject({ code: 'email_domain_not_allowed', field: 'email', message: EN.ErrEmailDomainNotAllowed });
  await expect.poll(() => field.attribute('aria-invalid')).toBe('true');
  await expect.poll(() => field.description()).toBe(EN.ErrEmailDomainNotAllowed);
  await shown(tab, EN.ErrEmailDomainNotAllowed);
  await expect.poll(() => field.isFocused(), { message: 'the field the API refused gets focus' }).toBe(true);
  expect(await field.value()).toBe(email);
  expect(await registrationsByEmail(request, email)).toHaveLength(0);
  expect(await tab.events('verifik:registered')).toEqual([]);
});

test('switching language keeps the typed text and country, and the registration is in the new language', async ({ tab, request }) => {
  await openHost(tab, { lang: 'en', 'default-country': 'BR' });
  const email = uniqueEmail();
  await tab.byLabel('E-mail').fill(email);
  await tab.byLabel('Phone number').fill('11 9');
  await tab.byLabel('Language').byRole('option', 'Español').click();
  const [change] = await waitForEvents(tab, 'verifik:language-change');
  expect(change.detail).toEqual({ language: 'es' });
  await expect.poll(() => tab.css('verifik-onboarding').attribute('lang')).toBe('es');
  await expect.poll(() => tab.byLabel('Correo electrónico').value()).toBe(email);
  expect(await tab.byLabel('Número de teléfono').value()).toBe('11 9');
  expect(await tab.byRole('button', /^Código de país:/).accessibleName()).toBe('Código de país: Brasil +55');
  expect(await tab.byLabel('E-mail').count(), 'no English label left').toBe(0);

  await tab.byLabel('Número de teléfono').fill('');
  await tab.byRole('button', 'Continuar').click();
  const [registered] = await waitForEvents(tab, 'verifik:registered');
  expect(registered.detail).toMatchObject({ email, language: 'es' });
  await shown(tab, /^¡Listo!/);
  const mine = await registrationsByEmail(request, email);
  expect(mine).toHaveLength(1);
  expect(mine[0].language).toBe('es');
  expect(await tab.events('verifik:language-change')).toHaveLength(1);
});

test('mount() renders into the target and calls back; unmount() takes the form away; a new mount() works', async ({ tab, request }) => {
  await tab.open('/__fixtures/spa.html');
  await expect.poll(() => tab.script<boolean>('return "spa" in window')).toBe(true);
  const calls = () => tab.script<{ ready: unknown[]; registered: Record<string, unknown>[]; error: unknown[] }>('return window.spa.calls');
  await tab.evaluate('() => window.spa.mount()');
  expect((await calls()).ready).toHaveLength(1);
  await expect.poll(() => tab.byLabel('E-mail').isVisible()).toBe(true);
  expect(await tab.byLabel('Phone number').count(), 'fields: ["email"]').toBe(0);

  const email = uniqueEmail();
  await tab.byLabel('E-mail').fill(email);
  await tab.byRole('button', 'Continue').click();
  await expect.poll(async () => (await calls()).registered.length).toBe(1);
  await expectOneRegistration(registrationsByEmail(request, email), (await calls()).registered[0].registrationId);
  await shown(tab, EN.RegisteredEmail);

  await tab.evaluate('() => window.spa.unmount()');
  expect(await tab.css('#app verifik-onboarding').count()).toBe(0);
  expect(await tab.byLabel('E-mail').count()).toBe(0);
  await tab.evaluate('() => window.spa.mount({ fields: ["phone"] })');
  expect((await calls()).ready).toHaveLength(2);
  await expect.poll(() => tab.byLabel('Phone number').isVisible()).toBe(true);
  expect(await tab.css('#app verifik-onboarding').count(), 'one form, not two').toBe(1);
  expect((await calls()).error).toEqual([]);
});

test('a host page under a strict CSP: a whole registration, zero violations', async ({ tab, request }) => {
  await tab.open('/__fixtures/csp.html?lang=en&default-country=US');
  await waitForEvents(tab, 'verifik:ready');
  const email = uniqueEmail();
  const national = uniquePhone();
  await tab.byLabel('E-mail').fill(email);
  await tab.byRole('button', /^Country code:/).click();
  await tab.type('colom');
  await tab.press('Enter');
  await expect.poll(() => tab.byRole('button', /^Country code:/).accessibleName()).toBe('Country code: Colombia +57');
  await tab.byLabel('Phone number').fill(national);
  await tab.byRole('button', 'Continue').click();
  const [registered] = await waitForEvents(tab, 'verifik:registered');
  await shown(tab, EN.RegisteredBoth);
  await expectOneRegistration(registrationsByEmail(request, email), registered.detail.registrationId);
  // Firefox asks for /favicon.ico on its own (this page has no icon link): the policy refuses
  // that request too, and it is the browser's, not the widget's.
  const violations = async () => (await tab.violations()).filter((v) => v !== `img-src ${tab.origin}/favicon.ico`);
  expect(await violations()).toEqual([]);
  // The policy is in force and its violations are heard: an image it forbids is reported.
  await tab.script(`const img = document.createElement('img'); img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.append(img);`);
  await expect.poll(violations).toEqual([expect.stringMatching(/^img-src data/)]);
});

test('after a registration the bearer token is nowhere in the page, its events or its console', async ({ tab, request }) => {
  await openHost(tab, { lang: 'en', 'emit-token': '' });
  const email = uniqueEmail();
  await tab.byLabel('E-mail').fill(email);
  await tab.byRole('button', 'Continue').click();
  const [registered] = await waitForEvents(tab, 'verifik:registered');
  await shown(tab, EN.RegisteredEmail);
  await expectOneRegistration(registrationsByEmail(request, email), registered.detail.registrationId);

  const post = tab.apiCalls().find((c) => c.path === '/v2/app-registrations');
  const token = post?.authorization?.replace(/^Bearer /, '') ?? '';
  expect(token, 'the POST carried a bearer JWT').toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  // emit-token puts the registration's own token in the event, not the bearer token.
  expect(registered.detail.registrationToken).toEqual(expect.any(String));
  expect(registered.detail.registrationToken).not.toBe(token);
  const inPage = await tab.evaluate<string[]>(tokenSightingsInPage.toString(), token);
  const inConsole = (await tab.consoleLines()).filter((line) => line.includes(token)).map((line) => `console: ${line}`);
  expect([...inPage, ...inConsole]).toEqual([]);
});

test('verify="email,phone": a wrong code, then the e-mail code and the WhatsApp code from the sandbox, typed; the form says both are verified', async ({ tab, request }) => {
  await openHost(tab, { lang: 'en', 'default-country': 'CO', verify: 'email,phone' });
  const email = uniqueEmail();
  const national = uniquePhone();
  await tab.byLabel('E-mail').fill(email);
  await tab.byLabel('Phone number').fill(national);
  await tab.byRole('button', 'Continue').click();
  const [registered] = await waitForEvents(tab, 'verifik:registered');
  const registrationId = registered.detail.registrationId;
  const [sent] = await waitForEvents(tab, 'verifik:code-sent');
  expect(sent.detail).toMatchObject({ registrationId, channel: 'email' });
  await shown(tab, CODE_EN.SentEmail(email));
  const input = tab.byLabel(CODE_EN.Label);
  await expect.poll(() => input.isFocused(), { message: 'the code input has focus' }).toBe(true);
  expect(await input.attribute('autocomplete')).toBe('one-time-code');
  expect(await tab.byRole('button', CODE_EN.Check).count()).toBe(1);

  const emailCode = await codeSentTo(request, email);
  await tab.type(wrongCode(emailCode));
  const [mismatch] = await waitForEvents(tab, 'verifik:error');
  expect(mismatch.detail).toMatchObject({ code: 'code_mismatch', status: 403, channel: 'email' });
  await shown(tab, CODE_EN.ErrMismatch);
  await expect.poll(() => input.value()).toBe('');
  await expect.poll(() => input.description()).toBe(`${CODE_EN.SentEmail(email)} ${CODE_EN.ErrMismatch}`);
  await expect.poll(() => input.isFocused(), { message: 'the emptied input keeps focus' }).toBe(true);
  await tab.type(emailCode);

  await waitForEvents(tab, 'verifik:code-sent', 2);
  await shown(tab, CODE_EN.SentWhatsApp(`+57 ${national}`));
  const resend = tab.byRole('button', /^Send a new code in [12]:\d\d$/);
  expect(await resend.attribute('aria-disabled')).toBe('true');
  await expect.poll(() => input.isFocused()).toBe(true);
  await tab.type(await codeSentTo(request, `+57${national}`));

  const [completed] = await waitForEvents(tab, 'verifik:completed');
  expect(completed.detail).toEqual({ registrationId, verified: ['email', 'phone'] });
  expect((await tab.events('verifik:verified')).map((e) => e.detail.channel)).toEqual(['email', 'phone']);
  await shown(tab, CODE_EN.VerifiedBoth);
  await expect.poll(() => tab.byText(CODE_EN.VerifiedBoth).isFocused(), { message: 'the final message takes focus' }).toBe(true);
  expect(await tab.events('verifik:error')).toHaveLength(1);
});
