// Injected first into every host page of the cross-engine suite (see host.ts): what the
// Playwright suite learns from addInitScript and page.on('console' | 'pageerror'), kept in the
// page for the test to read over WebDriver, whose clients cannot listen to these in every engine.
//   window.__verifikEvents      every verifik:* event reaching the window, { type, detail }
//                               (the shape helpers.ts's recordEvents() gives it)
//   window.__verifikConsole     console calls and uncaught errors, "<level>: <text>"
//   window.__verifikViolations  Content-Security-Policy violations, "<directive> <blocked URI>"
(() => {
  const events = [];
  const lines = [];
  const violations = [];
  window.__verifikEvents = events;
  window.__verifikConsole = lines;
  window.__verifikViolations = violations;
  // Every event of README.md's Reference › Events, the code step's included.
  const types = ['verifik:ready', 'verifik:registered', 'verifik:error', 'verifik:language-change', 'verifik:code-sent', 'verifik:verified', 'verifik:completed'];
  for (const type of types) {
    window.addEventListener(type, (e) => events.push({ type, detail: e.detail }), true);
  }
  const text = (value) => {
    if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
    if (typeof value === 'string') return value;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level];
    console[level] = (...args) => {
      lines.push(`${level}: ${args.map(text).join(' ')}`);
      return original.apply(console, args);
    };
  }
  window.addEventListener('error', (e) => lines.push(`pageerror: ${e.message} ${text(e.error)}`));
  window.addEventListener('unhandledrejection', (e) => lines.push(`pageerror: unhandled rejection ${text(e.reason)}`));
  document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
})();
