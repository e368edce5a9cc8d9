import { defineConfig } from '@playwright/test';

// scripts/test.sh starts one sandbox per worker, each on a free port, and passes their URLs in
// VERIFIK_SANDBOX_URLS (space-separated; VERIFIK_SANDBOX_URL alone means one worker). A worker's
// tests have a sandbox of their own: the faults one arms, the clock it moves and the outbox it
// reads are no other test's.
const sandboxes = (process.env.VERIFIK_SANDBOX_URLS ?? process.env.VERIFIK_SANDBOX_URL ?? '').split(/\s+/).filter(Boolean);
if (sandboxes.length === 0) {
  throw new Error('VERIFIK_SANDBOX_URLS is not set: run the tests through scripts/test.sh');
}
// Set in each worker's process (and absent in the runner's, which starts no browser).
const baseURL = sandboxes[Number(process.env.TEST_PARALLEL_INDEX ?? 0) % sandboxes.length];

export default defineConfig({
  testDir: '.',
  outputDir: '../../target/test-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker per sandbox: on two cores, two. Tests wait on timers, the network and a second
  // process much of the time (one worker kept the cores 66% busy), so two take less time.
  workers: sandboxes.length,
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
