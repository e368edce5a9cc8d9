// In-page queries for the cross-engine suite: find things as a person does (role and accessible
// name, label, visible text), through open shadow roots, as Playwright's getByRole/getByLabel/
// getByText do for the Chromium suite. This file is sent with each WebDriver script call (it is
// the body of a function; see page.ts), so it must stay plain, self-contained JavaScript.
//
// A spec: { by: 'role', role, name? } | { by: 'label', name } | { by: 'text', name }
//         | { by: 'css', css }, with optional `within` (another spec: search inside its first
//         match) and `nth` (index; negative counts from the end).
// A name: { exact: string } or { pattern: string, flags?: string }.
const Q = (() => {
  const normalize = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

  function* walk(root) {
    for (const el of root.querySelectorAll('*')) {
      yield el;
      if (el.shadowRoot) yield* walk(el.shadowRoot);
    }
  }

  const parentOf = (node) => node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentElement;

  /** Hidden from everyone: not rendered, visibility hidden, or aria-hidden (in any ancestor). */
  function hidden(el) {
    // An <option> of a closed <select> has no box of its own: it is as hidden as its select.
    if (el.localName === 'option' && el.parentElement?.localName === 'select') el = el.parentElement;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true })) {
      return true;
    }
    for (let node = el; node; node = parentOf(node)) {
      if (node.getAttribute?.('aria-hidden') === 'true' || node.hidden) return true;
      const style = getComputedStyle(node);
      if (style.display === 'none') return true;
    }
    return getComputedStyle(el).visibility !== 'visible';
  }

  /** On screen: not hidden and taking room. */
  const visible = (el) => !hidden(el) && el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;

  function implicitRole(el) {
    const tag = el.localName;
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (tag === 'button') return 'button';
    if (tag === 'input') {
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox' || type === 'radio') return type;
      if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
      if (['text', 'email', 'tel', 'url'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
      return null;
    }
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (tag === 'option') return 'option';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'ul' || tag === 'ol') return 'list';
    if (tag === 'li') return 'listitem';
    if (tag === 'form') return 'form';
    return null;
  }

  const role = (el) => normalize(el.getAttribute('role')).split(' ')[0] || implicitRole(el);

  /** The text a subtree gives a name: text nodes, aria-label of elements, minus aria-hidden. */
  function textOf(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    if (node.getAttribute('aria-hidden') === 'true') return '';
    const label = node.getAttribute('aria-label');
    if (label && normalize(label)) return ` ${label} `;
    let text = '';
    for (const child of node.childNodes) text += textOf(child);
    // Browsers separate the text of boxes that are not inline (blocks, flex items) by a space.
    return getComputedStyle(node).display === 'inline' ? text : ` ${text} `;
  }

  const byIds = (el, ids) =>
    normalize(ids)
      .split(' ')
      .filter(Boolean)
      .map((id) => el.getRootNode().getElementById?.(id))
      .filter(Boolean);

  /** The name from labels alone: aria-labelledby, aria-label, <label>. */
  function labelName(el) {
    const by = el.getAttribute('aria-labelledby');
    if (by) return normalize(byIds(el, by).map(textOf).join(' '));
    const label = normalize(el.getAttribute('aria-label'));
    if (label) return label;
    if (el.labels && el.labels.length) return normalize(Array.from(el.labels).map(textOf).join(' '));
    return '';
  }

  const NAME_FROM_CONTENT = new Set(['button', 'option', 'heading', 'link', 'tab', 'menuitem', 'cell', 'listitem', 'checkbox', 'radio']);

  /** The accessible name (the parts of the algorithm this widget's markup uses). */
  function name(el) {
    const label = labelName(el);
    if (label) return label;
    if (el.localName === 'input' && ['submit', 'button', 'reset'].includes(el.type)) return normalize(el.value);
    if (NAME_FROM_CONTENT.has(role(el))) return normalize(textOf(el));
    return normalize(el.getAttribute('title'));
  }

  const description = (el) => normalize(byIds(el, el.getAttribute('aria-describedby') ?? '').map(textOf).join(' '));

  function matches(value, wanted) {
    if (!wanted) return true;
    if ('exact' in wanted) return value === wanted.exact;
    return new RegExp(wanted.pattern, wanted.flags ?? '').test(value);
  }

  function find(spec) {
    let scope = [document];
    if (spec.within) {
      const outer = find(spec.within);
      if (!outer.length) return [];
      scope = [outer[0]];
    }
    const all = [];
    for (const root of scope) {
      for (const el of walk(root.shadowRoot ?? root)) {
        if (spec.by === 'css' && el.matches(spec.css)) all.push(el);
        else if (spec.by === 'role' && role(el) === spec.role && !hidden(el) && matches(name(el), spec.name)) all.push(el);
        else if (spec.by === 'label' && labelName(el) && matches(labelName(el), spec.name) && !hidden(el)) all.push(el);
        else if (spec.by === 'text' && matches(normalize(el.textContent), spec.name) && visible(el)) all.push(el);
      }
    }
    // Text: the innermost element whose whole text matches, as Playwright's getByText.
    const found = spec.by === 'text' ? all.filter((el) => !all.some((other) => other !== el && el.contains(other))) : all;
    if (spec.nth === undefined) return found;
    const one = found.at(spec.nth);
    return one ? [one] : [];
  }

  /** The focused element, inside shadow roots too (document.activeElement stops at the host). */
  function focused() {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }

  /** The innermost element at a point of the viewport, inside shadow roots too. */
  function deepElementFromPoint(x, y) {
    let el = document.elementFromPoint(x, y);
    while (el && el.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  }

  /**
   * Where a pointer clicks the element: the centre of its box, scrolled into view. Throws when
   * something else is on top there (WebDriver's "element click intercepted", which some drivers
   * get wrong for elements in shadow roots).
   */
  function clickPoint(el) {
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const box = el.getBoundingClientRect();
    const x = Math.floor(box.left + box.width / 2);
    const y = Math.floor(box.top + box.height / 2);
    const hit = deepElementFromPoint(x, y);
    if (!visible(el)) throw new Error('the element is not visible');
    if (!hit || !(hit === el || el.contains(hit) || (hit.localName === 'label' && hit.control === el))) {
      throw new Error(`another element would get the click: <${hit?.localName}> "${normalize(hit?.textContent).slice(0, 60)}"`);
    }
    return { x, y };
  }

  /** What a test reads of the element(s) a spec finds; `null` when there is none. */
  function read(spec, what, arg) {
    const found = find(spec);
    if (what === 'count') return found.length;
    const el = found[0];
    if (!el) return null;
    switch (what) {
      case 'element': return el;
      case 'point': return clickPoint(el);
      case 'value': return el.value;
      case 'attribute': return el.getAttribute(arg);
      case 'name': return name(el);
      case 'description': return description(el);
      case 'text': return normalize(el.textContent);
      case 'focused': return focused() === el;
      case 'visible': return visible(el);
      case 'names': return found.map(name);
      // What a screen reader announces as the active option of a combobox.
      case 'active': return byIds(el, el.getAttribute('aria-activedescendant') ?? '').map(name)[0] ?? null;
      default: throw new Error(`unknown read: ${what}`);
    }
  }

  return { find, read, focused, name, role };
})();
