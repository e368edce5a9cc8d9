// A browser tab driven over WebDriver, with Playwright-like locators that find things as a
// person does (role and name, label, visible text; see queries.js), through the widget's
// shadow root. Reads are made in the page in one script call; actions (click, typing) go
// through WebDriver's own input commands, so the browser sees real pointer and key events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Key, type WebDriver, type WebElement } from 'selenium-webdriver';
import type { ApiCall } from './host';

const QUERIES = readFileSync(join(__dirname, 'queries.js'), 'utf8');

type Name = { exact: string } | { pattern: string; flags?: string };
export type Spec =
  | { by: 'role'; role: string; name?: Name; within?: Spec; nth?: number }
  | { by: 'label' | 'text'; name: Name; within?: Spec; nth?: number }
  | { by: 'css'; css: string; within?: Spec; nth?: number };

const toName = (name: string | RegExp): Name =>
  typeof name === 'string' ? { exact: name } : { pattern: name.source, flags: name.flags };

/** Keys by the names Playwright's keyboard.press() uses. */
const KEYS: Record<string, string> = {
  Enter: Key.ENTER,
  Tab: Key.TAB,
  Escape: Key.ESCAPE,
  Backspace: Key.BACK_SPACE,
  ArrowDown: Key.ARROW_DOWN,
  ArrowUp: Key.ARROW_UP,
  ArrowLeft: Key.ARROW_LEFT,
  ArrowRight: Key.ARROW_RIGHT,
  Home: Key.HOME,
  End: Key.END,
  PageDown: Key.PAGE_DOWN,
  PageUp: Key.PAGE_UP,
  Space: Key.SPACE,
};

export class Locator {
  constructor(
    private readonly tab: Tab,
    readonly spec: Spec,
  ) {}

  /** Searches inside this locator's first match. */
  byRole(role: string, name?: string | RegExp) {
    return new Locator(this.tab, { by: 'role', role, name: name === undefined ? undefined : toName(name), within: this.spec });
  }

  nth(index: number) {
    return new Locator(this.tab, { ...this.spec, nth: index });
  }

  private read<T>(what: string, arg?: string): Promise<T> {
    return this.tab.script<T>(`return Q.read(arguments[0], arguments[1], arguments[2]);`, this.spec, what, arg);
  }

  count = () => this.read<number>('count');
  value = () => this.read<string | null>('value');
  attribute = (name: string) => this.read<string | null>('attribute', name);
  /** Its accessible name (computed in the page, see queries.js). */
  accessibleName = () => this.read<string | null>('name');
  /** The text of what aria-describedby points at: how a screen reader hears a field's error. */
  description = () => this.read<string | null>('description');
  text = () => this.read<string | null>('text');
  /** Focused, the shadow root's own focus included. */
  isFocused = () => this.read<boolean | null>('focused').then((f) => f === true);
  isVisible = () => this.read<boolean | null>('visible').then((v) => v === true);
  /** The accessible name of the element its aria-activedescendant points at (a combobox's active option). */
  activeOption = () => this.read<string | null>('active');
  /** The accessible names of every match, in order. */
  names = () => this.read<string[] | null>('names').then((n) => n ?? []);

  /** The element, once there is one (up to `timeout` ms). */
  async element(timeout = 10_000): Promise<WebElement> {
    const end = Date.now() + timeout;
    for (;;) {
      const found = await this.read<WebElement | null>('element');
      if (found) return found;
      if (Date.now() > end) throw new Error(`nothing matches ${JSON.stringify(this.spec)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Clicks the element's centre with the pointer. An <option> of a <select> is chosen with
   * WebDriver's element click, the one way drivers define to pick from a native list.
   */
  async click() {
    const element = await this.element();
    if ((await element.getTagName()) === 'option') {
      await element.click();
      return;
    }
    const { x, y } = await this.read<{ x: number; y: number }>('point');
    await this.tab.driver.actions().move({ origin: 'viewport', x, y }).click().perform();
  }

  /** Types into the element after emptying it, key by key, as a person would. */
  async fill(text: string) {
    await this.click();
    await this.tab.selectAllAndDelete();
    if (text) await this.tab.type(text);
  }
}

export class Tab {
  constructor(
    readonly driver: WebDriver,
    /** The host origin (see host.ts). */
    readonly origin: string,
    private readonly calls: ApiCall[],
  ) {}

  /** The POSTs the page sent to the registration and token endpoints, with their Authorization. */
  apiCalls(): ApiCall[] {
    return [...this.calls];
  }

  async open(path: string) {
    await this.driver.get(new URL(path, this.origin).href);
  }

  /** Runs `body` in the page with the queries of queries.js in scope as `Q`. */
  script<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.driver.executeScript<T>(`${QUERIES}\n${body}`, ...args);
  }

  /** Runs an async function of the page (its source) and returns what it resolves to. */
  evaluate<T>(fn: string, ...args: unknown[]): Promise<T> {
    return this.driver.executeAsyncScript<T>(
      `const done = arguments[arguments.length - 1];
       Promise.resolve().then(() => (${fn})(...Array.from(arguments).slice(0, -1)))
         .then((value) => done({ value }), (error) => done({ error: String(error && error.stack || error) }));`,
      ...args,
    ).then((r) => {
      const result = r as { value?: T; error?: string };
      if (result.error) throw new Error(`in the page: ${result.error}`);
      return result.value as T;
    });
  }

  byRole(role: string, name?: string | RegExp) {
    return new Locator(this, { by: 'role', role, name: name === undefined ? undefined : toName(name) });
  }

  byLabel(name: string | RegExp) {
    return new Locator(this, { by: 'label', name: toName(name) });
  }

  byText(text: string | RegExp) {
    return new Locator(this, { by: 'text', name: toName(text) });
  }

  /** A host page element by CSS: the widget's element, the app's target (not the form's insides). */
  css(css: string) {
    return new Locator(this, { by: 'css', css });
  }

  /** Presses keys one after another on whatever has focus ("Enter", "ArrowDown", "Alt+ArrowUp"). */
  async press(...keys: string[]) {
    let actions = this.driver.actions();
    for (const key of keys) {
      const parts = key.split('+');
      const main = parts.pop()!;
      const mods = parts.map((m) => ({ Alt: Key.ALT, Shift: Key.SHIFT, Control: Key.CONTROL })[m]!);
      for (const m of mods) actions = actions.keyDown(m);
      const code = KEYS[main] ?? main;
      actions = actions.keyDown(code).keyUp(code);
      for (const m of mods.reverse()) actions = actions.keyUp(m);
    }
    await actions.perform();
  }

  /** Types text on whatever has focus, key by key. */
  async type(text: string) {
    await this.driver.actions().sendKeys(text).perform();
  }

  /** Empties the focused text field the way a person does: select all, then delete. */
  async selectAllAndDelete() {
    await this.driver.actions().keyDown(Key.CONTROL).sendKeys('a').keyUp(Key.CONTROL).sendKeys(Key.BACK_SPACE).perform();
  }

  /** What the page's recorder (recorder.js) heard, optionally only events of one type. */
  async events(type?: string): Promise<{ type: string; detail: Record<string, unknown> }[]> {
    const all = (await this.driver.executeScript('return window.__verifikEvents || []')) as {
      type: string;
      detail: Record<string, unknown>;
    }[];
    return type ? all.filter((e) => e.type === type) : all;
  }

  consoleLines = () => this.driver.executeScript<string[]>('return window.__verifikConsole || []');
  violations = () => this.driver.executeScript<string[]>('return window.__verifikViolations || []');
}
