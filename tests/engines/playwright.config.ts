import { defineConfig } from '@playwright/test';
import type { EngineName } from './engines';

// The sandbox is started by scripts/test.sh on a free port and passed in here.
const baseURL = process.env.VERIFIK_SANDBOX_URL;
if (!baseURL) {
  throw new Error('VERIFIK_SANDBOX_URL is not set: run the tests through scripts/test.sh');
}

// Firefox ESR and WebKitGTK; VERIFIK_ENGINES=chromium,firefox,webkit adds Chromium through
// chromedriver (the Playwright suite already covers it, so the test command leaves it out).
const engines = (process.env.VERIFIK_ENGINES ?? 'firefox,webkit').split(',').filter(Boolean) as EngineName[];

export default defineConfig({
  testDir: '.',
  outputDir: '../../target/test-results-engines',
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker per engine, each with its own browser: on two cores the engines run side by side,
  // the cases of one engine one after another.
  workers: Math.min(engines.length, 2),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: { baseURL },
  projects: engines.map((engine) => ({ name: engine, use: { engine } })),
});
