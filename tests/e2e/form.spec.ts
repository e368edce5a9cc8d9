import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { events, expectNoPanic, pauseClock, recordEvents, registrations, serveFixtures, uniqueEmail, waitForCount, waitForEvents, watchConsole } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const TEXT = {
  en: { email: 'E-mail', phone: 'Phone number', submit: 'Continue', search: 'Search for a country', country: 'Country code', language: 'Language', done: 'Done! We sent you an e-mail with the next step.' },
  es: { email: 'Correo electrónico', phone: 'Número de teléfono', submit: 'Continuar', search: 'Busca un país', country: 'Código de país', language: 'Idioma', done: '¡Listo! Te enviamos un correo con el siguiente paso.' },
  pt: { email: 'E-mail', phone: 'Número de telefone', submit: 'Continuar', search: 'Pesquise um país', country: 'Código do país', language: 'Idioma', done: 'Pronto! Enviamos um e-mail com o próximo passo.' },
} as const;

type Lang = keyof typeof TEXT;

async function openHost(page: Page, attributes: Record<string, string> = {}) {
  await serveFixtures(page);
  const query = new URLSearchParams(attributes).toString();
  await page.goto(`/__fixtures/host.html?${query}`);
  await waitForEvents(page, 'verifik:ready');
}

async function axeClean(page: Page, state: string) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations, `axe violations in state "${state}"`).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('the whole form by keyboard: search "colom", pick Colombia, type, submit', async ({ page, request }) => {
  const problems = watchConsole(page);
  await openHost(page, { lang: 'en' });
  const email = uniqueEmail();
  // A phone number no earlier run used: Colombian mobiles are 3XX + 7 digits.
  const national = `300${String(Date.now()).slice(-7)}`;

  await page.keyboard.press('Tab'); // language
  await expect(page.getByLabel('Language')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  const countryButton = page.getByRole('button', { name: /^Country code:/ });
  await expect(countryButton).toBeFocused();
  await page.keyboard.press('Enter');
  const search = page.getByRole('combobox', { name: 'Search for a country' });
  await expect(search).toBeFocused();
  await expect(search).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.type('colom');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('Colombia');
  await expect(search).toHaveAttribute('aria-activedescendant', 'vo-country-opt-CO');
  await page.keyboard.press('Enter');
  await expect(countryButton).toHaveAccessibleName('Country code: Colombia +57');
  await expect(page.getByLabel('Phone number')).toBeFocused();
  await page.keyboard.type(`${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`);
  await page.keyboard.press('Enter');

  const [registered] = await waitForEvents(page, 'verifik:registered');
  expect(registered.detail).toMatchObject({ email, phone: national, countryCode: '+57', language: 'en' });
  await expect(page.getByText('Done! We sent you an e-mail and a text message (SMS) with the next step.')).toBeVisible();
  const mine = (await registrations(request)).filter((r) => r.email === email);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ _id: registered.detail.registrationId, countryCode: '+57', phone: `+57${national}` });
  expect(problems).toEqual([]);
});

test('the country picker follows the combobox keyboard pattern', async ({ page }) => {
  await openHost(page, { lang: 'en', 'preferred-countries': 'BR,MX', 'default-country': 'MX' });
  const button = page.getByRole('button', { name: /^Country code:/ });
  await expect(button).toHaveAccessibleName('Country code: Mexico +52');
  await button.focus();
  await page.keyboard.press('ArrowDown');
  const search = page.getByRole('combobox', { name: 'Search for a country' });
  await expect(search).toBeFocused();
  // Preferred countries first; the selected one is active.
  await expect(page.getByRole('listbox').getByRole('option').nth(0)).toContainText('Brazil');
  await expect(page.getByRole('listbox').getByRole('option').nth(1)).toContainText('Mexico');
  await expect(search).toHaveAttribute('aria-activedescendant', 'vo-country-opt-MX');
  await page.keyboard.press('Home');
  await expect(search).toHaveAttribute('aria-activedescendant', 'vo-country-opt-BR');
  await page.keyboard.press('End');
  const last = await page.getByRole('listbox').getByRole('option').last().getAttribute('id');
  await expect(search).toHaveAttribute('aria-activedescendant', last!);
  await page.keyboard.press('PageUp');
  const tenth = await page.getByRole('listbox').getByRole('option').nth(-11).getAttribute('id');
  await expect(search).toHaveAttribute('aria-activedescendant', tenth!);
  await page.keyboard.press('Escape');
  await expect(search).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(button).toHaveAccessibleName('Country code: Mexico +52');
  // Alt+ArrowDown opens it, Alt+ArrowUp closes it: focus back on the button, country unchanged.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(search).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(search).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAccessibleName('Country code: Mexico +52');
  // Dial-code search, then an outside click closes without changing the country.
  await button.click();
  await page.keyboard.type('+57');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await page.getByRole('heading', { name: 'Sign up' }).click();
  await expect(search).toBeHidden();
  await expect(button).toHaveAccessibleName('Country code: Mexico +52');
});

/** The page's requestIdleCallback under the test's control: callbacks wait for `runIdle`. */
async function holdIdleCallbacks(page: Page) {
  await page.addInitScript(() => {
    const queue: IdleRequestCallback[] = [];
    const run = () => {
      const callback = queue.shift();
      callback?.({ didTimeout: false, timeRemaining: () => 50 } as IdleDeadline);
      return callback !== undefined;
    };
    (window as unknown as { __runIdle: () => boolean }).__runIdle = run;
    window.requestIdleCallback = (callback) => queue.push(callback);
  });
}

/** Runs the oldest waiting idle callback; false when none waits. */
const runIdle = (page: Page) => page.evaluate(() => (window as unknown as { __runIdle: () => boolean }).__runIdle());

test('the country list is built 40 rows per idle callback, and opening the picker mid-build shows all of it', async ({ page }) => {
  await holdIdleCallbacks(page);
  await openHost(page, { lang: 'en', 'default-country': 'UY' });
  const rows = page.locator('[role="listbox"] > li');
  const button = page.getByRole('button', { name: /^Country code:/ });
  const search = page.getByRole('combobox', { name: 'Search for a country' });
  // The country's name (Intl.DisplayNames, slow on its first use) comes with the first rows.
  await expect(button).toHaveAccessibleName('Country code: +598');
  await expect(rows).toHaveCount(0);
  await expect.poll(() => runIdle(page)).toBe(true);
  await expect(rows).toHaveCount(40);
  await expect(button).toHaveAccessibleName('Country code: Uruguay +598');
  // Opened mid-build: every row at once, the chosen country active and scrolled to.
  await button.click();
  await expect(search).toHaveAttribute('aria-activedescendant', 'vo-country-opt-UY');
  await expect(page.locator('#vo-country-opt-UY')).toBeInViewport();
  const opened = await rows.evaluateAll((all) => all.map((row) => row.id));
  expect(opened.length).toBeGreaterThan(200);
  expect(new Set(opened).size).toBe(opened.length);

  // Left closed, each idle callback builds the next 40 rows, in the list's order, to the end.
  await openHost(page, { lang: 'en', 'default-country': 'UY' });
  await expect.poll(() => runIdle(page)).toBe(true);
  let built = 40;
  await expect(rows).toHaveCount(built);
  while (await runIdle(page)) {
    built = Math.min(built + 40, opened.length);
    await expect(rows).toHaveCount(built);
  }
  expect(built).toBe(opened.length);
  expect(await rows.evaluateAll((all) => all.map((row) => row.id))).toEqual(opened);
  await button.click();
  await expect(search).toHaveAttribute('aria-activedescendant', 'vo-country-opt-UY');
  await expect(page.locator('#vo-country-opt-UY')).toBeInViewport();

  // When the allowed countries grow after the build has ended, the new rows are built at idle
  // time too, not all at once when the picker opens.
  await openHost(page, { lang: 'en', countries: 'CO,MX' });
  await expect.poll(() => runIdle(page)).toBe(true);
  await expect(rows).toHaveCount(2);
  expect(await runIdle(page)).toBe(false);
  await page.locator('verifik-onboarding').evaluate((el) => el.removeAttribute('countries'));
  await expect(rows).toHaveCount(40);
  built = 40;
  while (await runIdle(page)) {
    built = Math.min(built + 40, opened.length);
    await expect(rows).toHaveCount(built);
  }
  expect(built).toBe(opened.length);
});

/** A host with Colombia chosen, its picker open with every row built: the rows and their count. */
async function openFullPicker(page: Page) {
  await openHost(page, { lang: 'en', 'default-country': 'CO' });
  const options = page.getByRole('listbox').getByRole('option');
  await page.getByRole('button', { name: /^Country code:/ }).click();
  await expect(options.first()).toBeVisible();
  return { options, all: await options.count() };
}

test('rows out of the list\'s view come back only once typing stops, so that keys never wait for them', async ({ page }) => {
  const { options, all } = await openFullPicker(page);
  await page.keyboard.type('ur');
  await expect.poll(() => options.count()).toBeLessThan(20);
  const matching = await options.count();
  // From here time moves only when the test says: Date.now(), timers and frames.
  await page.clock.install();
  await pauseClock(page);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  // 300 ms of frames (6 would show every row): each search applied shows a frame's worth more
  // rows (40); the person may still be typing, so the rest wait.
  await page.clock.runFor(300);
  const shown = await options.count();
  expect(shown).toBeGreaterThan(matching);
  expect(shown).toBeLessThan(all);
  // A key typed meanwhile (then erased) puts the rest off again.
  await page.keyboard.type('a');
  await page.keyboard.press('Backspace');
  await page.clock.runFor(300);
  expect(await options.count()).toBeLessThan(all);
  // Typing stopped 400 ms ago: the rows come back, a frame's worth at a time.
  await page.clock.runFor(500);
  await expect(options).toHaveCount(all);
});

test('erasing a search brings every country back, and End right after it reaches the last one', async ({ page }) => {
  const { options, all } = await openFullPicker(page);
  expect(all).toBeGreaterThan(200);
  const ids = await options.evaluateAll((rows) => rows.map((row) => row.id));
  const last = ids[ids.length - 1];
  const search = page.getByRole('combobox', { name: 'Search for a country' });
  await page.keyboard.type('ur');
  await expect.poll(() => options.count()).toBeLessThan(20);
  await expect(search).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
  // With no frames (requestAnimationFrame drops its callbacks) no row comes back on its own,
  // and the erased search is not applied: End applies it and shows every row at once.
  await page.evaluate(() => {
    const w = window as unknown as { __raf: typeof requestAnimationFrame };
    w.__raf = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0;
  });
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('End');
  await expect(search).toHaveAttribute('aria-activedescendant', last);
  await expect(options).toHaveCount(all);
  expect(await options.evaluateAll((rows) => rows.map((row) => row.id))).toEqual(ids);
  await expect(page.locator(`#${last}`)).toBeInViewport();
  await page.evaluate(() => {
    window.requestAnimationFrame = (window as unknown as { __raf: typeof requestAnimationFrame }).__raf;
  });
  // With frames, the rows come back 40 a frame once the search is erased and typing stops.
  await page.keyboard.type('ur');
  await expect.poll(() => options.count()).toBeLessThan(20);
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(options).toHaveCount(all);
  await expect(search).toHaveAttribute('aria-activedescendant', ids[0]);
});

test('pasting "+1 416 555 0123" selects Canada and keeps the national digits', async ({ page }) => {
  await openHost(page, { lang: 'en', 'default-country': 'CO' });
  const phone = page.getByLabel('Phone number');
  await phone.focus();
  await page.evaluate(() => navigator.clipboard?.writeText?.('+1 416 555 0123').catch(() => undefined));
  await phone.fill('+1 416 555 0123');
  await expect(page.getByRole('button', { name: /^Country code:/ })).toHaveAccessibleName('Country code: Canada +1');
  await expect(phone).toHaveValue('4165550123');
  await phone.fill('0057 300 123 4567');
  await expect(page.getByRole('button', { name: /^Country code:/ })).toHaveAccessibleName('Country code: Colombia +57');
  await expect(phone).toHaveValue('3001234567');
});

test('errors wait for blur or submit, clear when fixed, and a failed submit focuses the first invalid field', async ({ page }) => {
  await openHost(page, { lang: 'en', 'default-country': 'CO' });
  const email = page.getByLabel('E-mail');
  const phone = page.getByLabel('Phone number');
  await email.pressSequentially('not-an');
  await expect(email).toHaveAttribute('aria-invalid', 'false');
  await phone.focus();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Enter an e-mail address like name@example.com.');
  await email.pressSequentially('@example.com');
  await expect(email).toHaveAttribute('aria-invalid', 'false');
  await email.fill('');
  await phone.fill('12');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(phone).toBeFocused();
  await expect(phone).toHaveAccessibleDescription('This phone number is too short.');
  await expect(page.getByText('1 field needs your attention.')).toBeVisible();
  await axeClean(page, 'invalid');
  await shot(page, 'invalid-en');
  expect(await events(page, 'verifik:registered')).toEqual([]);
  await phone.fill('');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(email).toBeFocused();
  await expect(email).toHaveAccessibleDescription('Enter an e-mail address or a phone number.');
});

test('switching language keeps the typed text and country, and the element, request and event follow', async ({ page, request }) => {
  await openHost(page, { lang: 'en', 'default-country': 'BR' });
  const email = uniqueEmail();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Phone number').fill('11 9');
  await page.getByLabel('Language').selectOption('es');
  const [change] = await waitForEvents(page, 'verifik:language-change');
  expect(change.detail).toEqual({ language: 'es' });
  await expect(page.locator('verifik-onboarding')).toHaveAttribute('lang', 'es');
  await expect(page.getByLabel('Correo electrónico')).toHaveValue(email);
  await expect(page.getByLabel('Número de teléfono')).toHaveValue('11 9');
  await expect(page.getByRole('button', { name: /^Código de país:/ })).toHaveAccessibleName('Código de país: Brasil +55');
  expect(await events(page, 'verifik:language-change')).toHaveLength(1);
  await page.getByLabel('Número de teléfono').fill('');
  await page.getByRole('button', { name: 'Continuar' }).click();
  const [registered] = await waitForEvents(page, 'verifik:registered');
  expect(registered.detail.language).toBe('es');
  const mine = (await registrations(request)).filter((r) => r.email === email);
  expect(mine[0].language).toBe('es');
});

test('the language selector shows the language in use, whichever of the person and the host changed it last', async ({ page }) => {
  await openHost(page, { lang: 'en' });
  const select = page.getByLabel(/^(Language|Idioma)$/);
  const host = page.locator('verifik-onboarding');
  await select.selectOption('es');
  await expect(page.getByRole('button', { name: 'Continuar' })).toBeVisible();
  await host.evaluate((el) => el.setAttribute('lang', 'pt'));
  await expect(page.getByLabel('Número de telefone')).toBeVisible();
  await expect(select).toHaveValue('pt');
  await select.selectOption('en');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await host.evaluate((el) => el.setAttribute('lang', 'es'));
  await expect(page.getByRole('button', { name: 'Continuar' })).toBeVisible();
  // The option the person picked last (en) is no longer the one shown.
  await expect(select).toHaveValue('es');
  // And picking English again is a change again.
  await select.selectOption('en');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await expect(host).toHaveAttribute('lang', 'en');
});

test('in forced colours (Windows High Contrast) the active country is outlined', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await openHost(page, { lang: 'en', 'default-country': 'MX' });
  await page.getByRole('button', { name: /^Country code:/ }).click();
  const outline = (id: string) =>
    page.locator(`#${id}`).evaluate((row) => {
      const style = getComputedStyle(row);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
  await expect(page.getByRole('combobox', { name: 'Search for a country' })).toHaveAttribute('aria-activedescendant', 'vo-country-opt-MX');
  expect(await outline('vo-country-opt-MX')).toBe('solid 2px');
  expect(await outline('vo-country-opt-CO')).toMatch(/^none /);
  await page.keyboard.press('Home');
  const first = await page.getByRole('listbox').getByRole('option').first().getAttribute('id');
  expect(await outline(first!)).toBe('solid 2px');
  expect(await outline('vo-country-opt-MX')).toMatch(/^none /);
});

test('after a registration sent from the focused button, focus is on the message, and the country can no longer change', async ({ page }) => {
  await openHost(page, { lang: 'en', fields: 'email,phone', 'default-country': 'CO' });
  await page.getByLabel('E-mail').fill(uniqueEmail());
  // By keyboard: the button has focus, and goes away with the registration.
  await page.getByRole('button', { name: 'Continue' }).focus();
  await page.keyboard.press('Enter');
  await waitForEvents(page, 'verifik:registered');
  const message = page.getByText('Done! We sent you an e-mail with the next step.');
  await expect(message).toBeFocused();
  // Focus reads the message; as a live region too, it would be read twice.
  await expect(message).toHaveAttribute('aria-live', 'off');
  await expect(page.getByRole('button', { name: 'Continue' })).toBeHidden();
  const country = page.getByRole('button', { name: /^Country code:/ });
  await expect(country).toBeDisabled();
  await expect(country).toHaveAccessibleName('Country code: Colombia +57');
  await expect(page.getByLabel('E-mail')).toHaveAttribute('readonly', '');

  // Sent by mouse after reset(): focus stays where it was, and the live region announces it.
  await page.evaluate(() => (document.querySelector('verifik-onboarding') as unknown as { reset(): void }).reset());
  await page.getByLabel('E-mail').fill(uniqueEmail());
  await page.getByRole('button', { name: 'Continue' }).click();
  await waitForCount(page, 'verifik:registered', 2);
  await expect(message).toBeVisible();
  await expect(message).not.toBeFocused();
  await expect(message).toHaveRole('status');
  await expect(message).not.toHaveAttribute('aria-live', 'off');
});

test('fields="email" and fields="phone" show one required field; with both, the form says either will do', async ({ page }) => {
  await openHost(page, { lang: 'en', fields: 'phone', 'default-country': 'CO' });
  await expect(page.getByLabel('E-mail')).toHaveCount(0);
  await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-required', 'true');
  await expect(page.getByText('Enter your e-mail, your phone number, or both.')).toBeHidden();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Phone number')).toHaveAccessibleDescription('Enter your phone number.');
  await page.locator('verifik-onboarding').evaluate((el) => el.setAttribute('fields', 'email'));
  await expect(page.getByLabel('Phone number')).toHaveCount(0);
  await expect(page.getByLabel('E-mail')).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-required', 'true');

  // Both: neither is required on its own, and the form says so before anyone submits.
  await page.locator('verifik-onboarding').evaluate((el) => el.setAttribute('fields', 'email,phone'));
  await expect(page.getByText('Enter your e-mail, your phone number, or both.')).toBeVisible();
  await expect(page.getByRole('form')).toHaveAccessibleDescription('Enter your e-mail, your phone number, or both.');
  await expect(page.getByLabel('E-mail')).not.toHaveAttribute('aria-required');
  await expect(page.getByLabel('Phone number')).not.toHaveAttribute('aria-required');
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByText('Escribe tu correo electrónico, tu número de teléfono o ambos.')).toBeVisible();
});

test('a field the host did not ask for is not on screen (fields="email": no phone box; fields="phone": no e-mail box)', async ({ page }) => {
  await openHost(page, { lang: 'en', fields: 'email', 'default-country': 'CO' });
  await expect(page.getByLabel('E-mail')).toBeVisible();
  await expect(page.locator('verifik-onboarding input[type=tel]')).toBeHidden({ timeout: 1_000 });
  await page.locator('verifik-onboarding').evaluate((el) => el.setAttribute('fields', 'phone'));
  await expect(page.getByLabel('Phone number')).toBeVisible();
  await expect(page.locator('verifik-onboarding input[type=email]')).toBeHidden({ timeout: 1_000 });
});

test('the live regions are in the accessibility tree before they have anything to say, and take no room', async ({ page }) => {
  await openHost(page, { lang: 'en', fields: 'email,phone', 'default-country': 'CO' });
  // The summary and the success message (status), the form's error (alert): present, empty.
  await expect(page.getByRole('status')).toHaveCount(2);
  await expect(page.getByRole('alert')).toHaveCount(1);
  for (const region of [...(await page.getByRole('status').all()), ...(await page.getByRole('alert').all())]) {
    await expect(region).toHaveText('');
    const box = await region.boundingBox();
    expect(box!.width * box!.height).toBeLessThanOrEqual(1);
  }
  // The picker's "no match" message, too, before a search finds nothing.
  await page.getByRole('button', { name: /^Country code:/ }).click();
  await expect(page.getByRole('status')).toHaveCount(3);
  await page.getByRole('combobox', { name: 'Search for a country' }).fill('zzzz');
  await expect(page.getByRole('status').filter({ hasText: /./ })).toHaveCount(1);
});

test('text follows the font size the person set in the browser, not the host page\'s root size', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
  await openHost(page, { lang: 'en', fields: 'email' });
  // A host page with the common `html { font-size: 62.5% }` does not shrink the form.
  await page.addStyleTag({ content: 'html { font-size: 62.5%; }' });
  await expect(page.getByLabel('E-mail')).toHaveCSS('font-size', '24px');
  await expect(page.getByText('E-mail', { exact: true })).toHaveCSS('font-size', '24px');
});

test('countries are found by their common names too, in Spanish and Portuguese', async ({ page }) => {
  await openHost(page, { lang: 'es', 'default-country': 'CO' });
  /** Searches, and expects exactly these countries listed (the list filters after the frame). */
  const expectFound = async (lang: 'es' | 'pt', query: string, isos: string[]) => {
    await page.getByRole('button', { name: new RegExp(`^${TEXT[lang].country}:`) }).click();
    await page.getByRole('combobox', { name: TEXT[lang].search }).fill(query);
    const options = page.getByRole('listbox').getByRole('option');
    await expect.poll(() => options.evaluateAll((rows) => rows.map((row) => row.id.replace('vo-country-opt-', ''))), { message: query }).toEqual(isos);
    await page.keyboard.press('Escape');
  };
  // Intl's Spanish names are "Côte d’Ivoire" (curly apostrophe), "Estados Unidos", "Países Bajos".
  await expectFound('es', 'costa de marfil', ['CI']);
  await expectFound('es', "cote d'iv", ['CI']);
  await expectFound('es', 'eeuu', ['US']);
  await expectFound('es', 'holanda', ['NL']);
  // Portuguese: "Congo - Kinshasa" beside "República do Congo".
  await page.getByLabel('Idioma').selectOption('pt');
  await expectFound('pt', 'republica democratica', ['CD']);
});

test('validateEmail and validatePhone are exported as the README\'s reference says', async ({ page }) => {
  await openHost(page);
  const results = await page.evaluate(async () => {
    const api = await import('/verifik-onboarding.js');
    return {
      version: api.version,
      email: api.validateEmail(' user@example.com '),
      badEmail: api.validateEmail('nope'),
      phone: api.validatePhone('US', '+57 300 123 4567'),
      national: api.validatePhone('co', '(300) 123-4567'),
      short: api.validatePhone('CO', '300'),
      letters: api.validatePhone('CO', '300abc'),
      country: api.validatePhone('ZZ', '3001234567'),
    };
  });
  expect(results.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(results.email).toEqual({ valid: true, email: 'user@example.com' });
  expect(results.badEmail).toEqual({ valid: false, error: 'invalid_format' });
  expect(results.phone).toEqual({ valid: true, country: 'CO', countryCode: '+57', phone: '3001234567', e164: '+573001234567' });
  expect(results.national).toEqual(results.phone);
  expect(results.short).toEqual({ valid: false, error: 'too_short' });
  expect(results.letters).toEqual({ valid: false, error: 'invalid_characters' });
  expect(results.country).toEqual({ valid: false, error: 'invalid_country' });
});

for (const lang of ['en', 'es', 'pt'] as const) {
  test(`axe-core finds nothing in the initial, invalid, picker-open and submitted states (${lang})`, async ({ page }) => {
    // Four axe-core runs, seconds of CPU each: with two workers on the two cores this took up to
    // 29.6 s of the 30 s a test is given (12 s with one); test.slow() gives it three times that.
    test.slow();
    const text = TEXT[lang];
    await openHost(page, { lang, 'default-country': 'CO' });
    await axeClean(page, 'initial');
    await shot(page, `initial-${lang}`);

    await page.getByLabel(text.email, { exact: true }).fill('broken@');
    await page.getByRole('button', { name: text.submit }).click();
    await expect(page.getByLabel(text.email, { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await axeClean(page, 'invalid');
    await shot(page, `invalid-${lang}`);

    await page.getByRole('button', { name: new RegExp(`^${text.country}:`) }).click();
    await expect(page.getByRole('combobox', { name: text.search })).toBeFocused();
    await axeClean(page, 'picker-open');
    await shot(page, `picker-open-${lang}`);
    await page.keyboard.press('Escape');

    await page.getByLabel(text.email, { exact: true }).fill(uniqueEmail());
    await page.getByRole('button', { name: text.submit }).click();
    await expect(page.getByText(text.done)).toBeVisible();
    await axeClean(page, 'submitted');
    await shot(page, `submitted-${lang}`);
  });
}

test('the form fits a container narrower than its inputs would like (a 240 px sidebar)', async ({ page }) => {
  await openHost(page, { lang: 'en', 'default-country': 'CO' });
  const widget = page.locator('verifik-onboarding');
  await widget.evaluate((el) => (el as HTMLElement).style.setProperty('width', '240px'));
  const sticking = await widget.evaluate((el) => {
    const right = el.getBoundingClientRect().right;
    return [...el.shadowRoot!.querySelectorAll('input, button, select, label')]
      .filter((e) => e.getBoundingClientRect().right > right + 0.5)
      .map((e) => e.outerHTML.slice(0, 60));
  });
  expect(sticking).toEqual([]);
  await expect(page.getByLabel('E-mail')).toBeVisible();
});

test('a form removed within a frame of a keystroke in the country search: no panic, and the page can mount another', async ({ page }) => {
  const problems = watchConsole(page);
  await openHost(page, { lang: 'en', 'default-country': 'CO' });
  await page.getByRole('button', { name: /^Country code:/ }).click();
  const search = page.getByRole('combobox', { name: TEXT.en.search });
  await expect(search).toBeFocused();
  // The search is applied after the next paint; the element is gone by then.
  await search.evaluate((input: HTMLInputElement) => {
    input.value = 'peru';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    input.getRootNode().host.remove();
  });
  await page.waitForTimeout(300);
  // The wasm still runs: a new element becomes a usable form.
  await page.evaluate(() => {
    const again = document.createElement('verifik-onboarding');
    again.setAttribute('project', '5f8d0a24c6345c001fa9e2b3');
    again.setAttribute('project-flow', '5f8d0a24c6345c001fa9e2b4');
    again.setAttribute('lang', 'en');
    document.body.append(again);
  });
  await expect.poll(async () => (await events(page, 'verifik:ready')).length).toBe(2);
  await expect(page.getByLabel(TEXT.en.email)).toBeEditable();
  expectNoPanic(problems);
});
