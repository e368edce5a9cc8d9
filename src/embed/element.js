// The <verifik-onboarding> custom element. A custom element class must be JavaScript; it only
// owns the platform plumbing (shadow root, adopted stylesheet, lifecycle callbacks) and hands
// every decision to the Rust instance it creates on connect.

// Tokens written as a property before the element is connected wait here, out of the DOM.
const pendingTokens = new WeakMap();

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

    constructor() {
      super();
      // A host may set `token` before this script upgraded the element; that own property
      // would shadow the accessor below, so move it behind the accessor.
      if (Object.prototype.hasOwnProperty.call(this, 'token')) {
        const value = this.token;
        delete this.token;
        this.token = value;
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

    // The language in use; writing it is the same as setting the `lang` attribute.
    get language() {
      return this.#instance?.language() ?? this.getAttribute('lang');
    }

    set language(value) {
      this.setAttribute('lang', String(value));
    }

    // Empties the form for a new registration.
    reset() {
      this.#instance?.reset();
    }

    connectedCallback() {
      if (this.#instance) {
        return;
      }
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
      root.replaceChildren();
      this.#instance = connect(this, root, pendingTokens.get(this) ?? null);
    }

    disconnectedCallback() {
      const instance = this.#instance;
      this.#instance = null;
      instance?.unmount();
    }

    attributeChangedCallback(_name, oldValue, newValue) {
      if (oldValue !== newValue) {
        this.#instance?.attributesChanged();
      }
    }
  }

  customElements.define(tag, VerifikOnboarding);
  return true;
}
