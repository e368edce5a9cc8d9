import { defineConfig } from '@playwright/test';

// The sandbox is started by scripts/test.sh on a free port and passed in here.
const baseURL = process.env.VERIFIK_SANDBOX_URL;
if (!baseURL) {
  throw new Error('VERIFIK_SANDBOX_URL is not set: run the tests through scripts/test.sh');
}

export default defineConfig({
  testDir: '.',
  outputDir: '../../target/test-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: one browser at a time keeps timings honest and the sandbox state readable.
  workers: 1,
  timeout: 30_000,
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      // Debian's Chromium: test tools cannot download a browser of their own here.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
});
