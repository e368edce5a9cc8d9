// The <verifik-onboarding> custom element. A custom element class must be JavaScript; it only
// owns the platform plumbing (shadow root, adopted stylesheet, lifecycle callbacks) and hands
// every decision to the Rust instance it creates on connect.

// Tokens written as a property before the element is connected wait here, out of the DOM.
const pendingTokens = new WeakMap();

// Set by mount() (the entry module) on the element it creates: the app's target element, which
// then receives the `verifik:*` events instead of the element (README.md, Reference › Events).
const EVENT_TARGET = Symbol.for('verifik-onboarding.event-target');
// Set by mount() too: called once the form was taken down because the element left the page.
const GONE = Symbol.for('verifik-onboarding.gone');

export function defineElement(tag, css, observedAttributes, connect) {
  if (customElements.get(tag)) {
    return false;
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);

  class VerifikOnboarding extends HTMLElement {
    static get observedAttributes() {
      return observedAttributes;
    }

    #instance = null;
    // Set on the first connect: attribute callbacks before it are the element's initial ones.
    #connectedOnce = false;
    // A `language` written before the element was upgraded: it becomes the `lang` attribute on
    // connect (a constructor may not add attributes).
    #pendingLanguage = null;

    constructor() {
      super();
      // A host may set `token` or `language` before this script upgraded the element; such an
      // own property would shadow the accessors below, so move them behind the accessors.
      if (Object.hasOwn(this, 'token')) {
        const value = this.token;
        delete this.token;
        this.token = value;
      }
      if (Object.hasOwn(this, 'language')) {
        const value = this.language;
        delete this.language;
        this.#pendingLanguage = value == null ? null : String(value);
      }
    }

    set token(value) {
      const token = value == null ? null : String(value);
      pendingTokens.set(this, token);
      this.#instance?.setToken(token);
    }

    // Write-only: reading it back would hand the secret to any script on the page.
    get token() {
      return undefined;
    }

    // The language in use; writing it is the same as setting the `lang` attribute, and null
    // removes it (the browser's language then).
    get language() {
      return this.#instance?.language() ?? this.#pendingLanguage ?? this.getAttribute('lang');
    }

    set language(value) {
      this.#pendingLanguage = null;
      if (value == null) {
        this.removeAttribute('lang');
      } else {
        this.setAttribute('lang', String(value));
      }
    }

    // Empties the form for a new registration.
    reset() {
      this.#instance?.reset();
    }

    connectedCallback() {
      if (this.#instance) {
        return;
      }
      if (this.#pendingLanguage !== null) {
        this.setAttribute('lang', this.#pendingLanguage);
        this.#pendingLanguage = null;
      }
      this.#connectedOnce = true;
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
      root.replaceChildren();
      this.#instance = connect(this, root, pendingTokens.get(this) ?? null, this[EVENT_TARGET] ?? null);
    }

    disconnectedCallback() {
      // Moved (taken out and put back in the same task, as a modal or a framework's portal
      // does): the form stays as it was, with what the person typed. Gone from the page: the
      // form goes with it, and a pending request is aborted.
      queueMicrotask(() => {
        const instance = this.#instance;
        if (instance && !this.isConnected) {
          this.#instance = null;
          instance.unmount();
          this[GONE]?.();
        }
      });
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue === newValue) {
        return;
      }
      if (name === 'token' && this.#connectedOnce) {
        // The newest token wins: a `token` attribute written after mount (even while the
        // element is out of the page) replaces a token set as a property before it.
        pendingTokens.delete(this);
        this.#instance?.setToken(null);
        return;
      }
      this.#instance?.attributesChanged();
    }
  }

  customElements.define(tag, VerifikOnboarding);
  return true;
}
