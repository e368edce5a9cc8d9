// The engines the cross-engine suite runs in, and the Playwright Test fixtures that give each
// test a tab of one of them (a Playwright project per engine, see playwright.config.ts).
//
// Each worker starts its own WebDriver server (geckodriver, WebKitWebDriver under an Xvfb of
// its own, or chromedriver) on a free port, one browser session, and the host of host.ts; each
// test gets that session on a blank page. Binaries are found where Debian and `cargo install`
// put them (scripts/setup.sh installs them); VERIFIK_<NAME> overrides each path.
import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { startHost, type Host } from './host';
import { Tab } from './page';

export type EngineName = 'firefox' | 'webkit' | 'chromium';

/** The first path that exists: an override from the environment, then the usual places. */
function locate(what: string, env: string, candidates: string[]): string {
  const found = [process.env[env], ...candidates].find((p) => p && existsSync(p));
  if (!found) throw new Error(`${what} not found (looked in ${candidates.join(', ')}; set ${env}); scripts/setup.sh installs it`);
  return found;
}

/** WebKitGTK installs its programs under /usr/lib/<multiarch triplet>/webkit2gtk-4.1/. */
function webkitPath(program: string): string[] {
  const lib = '/usr/lib';
  const triplets = existsSync(lib) ? readdirSync(lib).filter((d) => /-linux-gnu/.test(d)) : [];
  return [`/usr/bin/${program}`, ...triplets.map((t) => join(lib, t, 'webkit2gtk-4.1', program))];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a program and keeps its last output lines for the error message if it dies early. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 40) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output };
}

async function waitForDriver(url: string, started: { child: ChildProcess; output: string[] }, name: string) {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    if (started.child.exitCode !== null) break;
    try {
      const status = await fetch(`${url}/status`);
      if (status.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start:\n${started.output.join('')}`);
}

/** An X display of our own for WebKitGTK (its MiniBrowser needs one); Xvfb picks the number. */
async function startXvfb(): Promise<{ display: string; child: ChildProcess }> {
  const child = spawn(locate('Xvfb', 'VERIFIK_XVFB', ['/usr/bin/Xvfb']), ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, child };
}

type Session = { driver: WebDriver; version: string; stop(): Promise<void> };

/** Starts the engine's WebDriver server and one session in it. */
async function startSession(engine: EngineName): Promise<Session> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  let capabilities: Record<string, unknown>;
  let driverEnv = process.env;
  let driverCommand: string;
  let driverArgs: string[];
  if (engine === 'firefox') {
    driverCommand = locate('geckodriver', 'VERIFIK_GECKODRIVER', [join(homedir(), '.cargo', 'bin', 'geckodriver'), '/usr/bin/geckodriver', '/usr/local/bin/geckodriver']);
    driverArgs = ['--host', '127.0.0.1', '--port', String(port), '--log', 'error'];
    capabilities = {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: locate('Firefox ESR', 'VERIFIK_FIREFOX', ['/usr/bin/firefox-esr', '/usr/bin/firefox']), args: ['-headless'] },
    };
  } else if (engine === 'webkit') {
    const xvfb = await startXvfb();
    children.push(xvfb.child);
    driverCommand = locate('WebKitWebDriver', 'VERIFIK_WEBKITWEBDRIVER', webkitPath('WebKitWebDriver'));
    driverArgs = [`--port=${port}`, '--host=127.0.0.1'];
    // MiniBrowser takes navigator.languages from the locale; the C locale of a bare machine
    // would give ["C"], which no person's browser says.
    driverEnv = { ...process.env, DISPLAY: xvfb.display, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US' };
    capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: locate('MiniBrowser', 'VERIFIK_MINIBROWSER', webkitPath('MiniBrowser')), args: ['--automation'] },
    };
  } else {
    driverCommand = locate('chromedriver', 'VERIFIK_CHROMEDRIVER', ['/usr/bin/chromedriver']);
    driverArgs = [`--port=${port}`];
    capabilities = {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    };
  }
  const driverProcess = start(driverCommand, driverArgs, driverEnv);
  children.push(driverProcess.child);
  // A worker that is ended abruptly must not leave a driver or a display behind.
  process.once('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));
  const stopAll = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            r(undefined);
          }, 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            r(undefined);
          });
        });
      }
    }
  };
  try {
    await waitForDriver(url, driverProcess, driverCommand);
    const driver = await new Builder().usingServer(url).withCapabilities(capabilities).build();
    await driver.manage().window().setRect({ width: 1280, height: 900 }).catch(() => undefined);
    await driver.manage().setTimeouts({ script: 20_000, pageLoad: 20_000 });
    const caps = await driver.getCapabilities();
    const version = `${caps.get('browserName')} ${caps.get('browserVersion')}`;
    return {
      driver,
      version,
      stop: async () => {
        await driver.quit().catch(() => undefined);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

type WorkerFixtures = { engine: EngineName; session: Session; host: Host };
type TestFixtures = { tab: Tab };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  engine: ['firefox', { option: true, scope: 'worker' }],
  session: [
    async ({ engine }, use) => {
      const session = await startSession(engine);
      console.log(`[${engine}] ${session.version}`);
      await use(session);
      await session.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  host: [
    async ({}, use, workerInfo) => {
      const sandbox = workerInfo.project.use.baseURL;
      if (!sandbox) throw new Error('VERIFIK_SANDBOX_URL is not set: run the tests through scripts/test.sh');
      const host = await startHost(sandbox);
      await use(host);
      await host.close();
    },
    { scope: 'worker' },
  ],
  tab: async ({ session, host }, use, testInfo) => {
    testInfo.annotations.push({ type: 'engine', description: session.version });
    host.calls.length = 0;
    await session.driver.get('about:blank');
    const tab = new Tab(session.driver, host.origin, host.calls);
    await use(tab);
    // Whatever the case checked: a panic or trap in the wasm kills the form for the page's life.
    const lines = await tab.consoleLines().catch(() => [] as string[]);
    expect(lines.filter((line) => /panicked|unreachable|RuntimeError|^pageerror/i.test(line)), 'panics and uncaught errors').toEqual([]);
  },
});

/**
 * Marks the running test as expected to fail in the engines named, each with the bug that makes
 * it fail there (see the README's browser support). When the bug is fixed the test passes, which
 * Playwright reports as a failure: remove the mark then.
 */
export function knownBug(engine: EngineName, bugs: Partial<Record<EngineName, string>>) {
  const bug = bugs[engine];
  test.fail(bug !== undefined, bug);
}

export { expect };
