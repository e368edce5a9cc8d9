// The README's two screenshots, docs/form.png and docs/form-dark.png, made from the release build
// (dist/, served by the sandbox) as a host page shows it: the script tag and the element, English,
// Colombia preselected. Fixed viewport and scale, the fonts this machine has, animations off and
// the caret hidden; the picture is taken only once the form is ready (verifik:ready, its fields
// and its country shown, no configuration error). They are written into the repository: a change
// to the form's look shows in `git status`, and the README shows the form as it is.
import { expect, test } from '@playwright/test';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DOCS = join(__dirname, '..', '..', 'docs');

test.use({ viewport: { width: 520, height: 800 }, deviceScaleFactor: 1, locale: 'en-US', colorScheme: 'light' });

const THEMES = [
  { theme: 'light', file: 'form.png', page: '#f6f8fa' },
  { theme: 'dark', file: 'form-dark.png', page: '#0d1117' },
] as const;

for (const { theme, file, page: background } of THEMES) {
  test(`README's ${theme} screenshot (docs/${file}) shows the ready form`, async ({ page }) => {
    await page.addInitScript(() => {
      window.addEventListener('verifik:ready', () => ((window as unknown as { ready: boolean }).ready = true));
    });
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Screenshot</title><link rel="icon" href="data:,">
<style>body { margin: 0; } #shot { width: 440px; padding: 24px; background: ${background}; }</style>
<script type="module" src="/verifik-onboarding.js"></script></head>
<body><div id="shot"><verifik-onboarding project="5f8d0a24c6345c001fa9e2b3" project-flow="5f8d0a24c6345c001fa9e2b4"
  token-url="/demo/token" lang="en" default-country="CO" theme="${theme}"></verifik-onboarding></div></body></html>`;
    await page.route('**/__screenshots/page.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await page.goto('/__screenshots/page.html');

    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, null, { timeout: 15_000 });
    await expect(page.getByLabel('E-mail', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Phone number', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Country code:/ })).toHaveAccessibleName('Country code: Colombia +57');
    await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
    await expect(page.locator('verifik-onboarding [part="config-error"]')).toBeHidden();
    await page.evaluate(() => document.fonts.ready);

    mkdirSync(DOCS, { recursive: true });
    const path = join(DOCS, file);
    await page.locator('#shot').screenshot({ path, animations: 'disabled', caret: 'hide' });
    expect(statSync(path).size).toBeGreaterThan(1000);
  });
}
