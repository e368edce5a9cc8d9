// The host pages of the cross-engine suite, on an origin of their own in front of the sandbox.
//
// The Playwright suite serves tests/e2e/fixtures/* with page.route(); WebDriver has no such
// hook, so each worker runs this small server instead: /__fixtures/<name> are the same files,
// /__engines/recorder.js is the event recorder (injected first into every fixture page, where
// the Playwright suite uses addInitScript), and every other request goes to the sandbox as it
// came. The widget gets `api-base` = this origin from the fixtures, so its requests pass here
// too, and the tests read the Authorization header of each registration POST as the browser
// sent it (the Playwright suite's watchApi()).
import { readFileSync } from 'node:fs';
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'e2e', 'fixtures');

/** The policy of the Playwright suite's "strict CSP" host page (embed.spec.ts), as hosts use it. */
export const STRICT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";

/** Pages served with a Content-Security-Policy header, by fixture name. */
const POLICIES: Record<string, string> = { 'csp.html': STRICT_CSP };

export type ApiCall = { path: string; method: string; authorization?: string };

export type Host = {
  /** The origin the browser loads pages from, e.g. http://127.0.0.1:40123. */
  origin: string;
  /** Every POST to /v2/app-registrations and /demo/token since the last clear(), in order. */
  calls: ApiCall[];
  close(): Promise<void>;
};

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8' };

/** Serves a file of the fixtures directory (or the recorder), the recorder injected into pages. */
function serve(name: string, directory: string, res: ServerResponse) {
  if (!/^[\w.-]+$/.test(name)) {
    res.writeHead(404).end();
    return;
  }
  let body: Buffer | string;
  try {
    body = readFileSync(join(directory, name));
  } catch {
    res.writeHead(404).end();
    return;
  }
  const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (type.startsWith('text/html')) {
    // A classic script runs before the page's module scripts: it hears the first event.
    body = body.toString('utf8').replace(/<head>/i, '<head>\n    <script src="/__engines/recorder.js"></script>');
    if (POLICIES[name]) headers['Content-Security-Policy'] = POLICIES[name];
  }
  res.writeHead(200, headers).end(body);
}

/** Starts the host on a free loopback port, forwarding to the sandbox at `sandbox`. */
export async function startHost(sandbox: string): Promise<Host> {
  const upstream = new URL(sandbox);
  const calls: ApiCall[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname.startsWith('/__fixtures/')) return serve(url.pathname.slice('/__fixtures/'.length), FIXTURES, res);
    if (url.pathname === '/__engines/recorder.js') return serve('recorder.js', __dirname, res);
    if (req.method === 'POST' && (url.pathname === '/v2/app-registrations' || url.pathname === '/demo/token')) {
      calls.push({ path: url.pathname, method: req.method, authorization: req.headers.authorization });
    }
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    // A connection the sandbox drops (a fault a test armed) is dropped here too.
    out.on('error', () => res.destroy());
    res.on('close', () => out.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
