// The one file a host page includes. Importing it initialises the widget's WebAssembly (loaded
// from beside this file) and defines <verifik-onboarding>; the named exports are the JS API.
// The release build bundles it with the glue and the glue's snippets into one module.
import init, * as core from './verifik-onboarding-core.js';

// Written by the build (scripts/trunk-post-build.sh): the wasm's sha384, so that pinning this
// file with SRI pins the wasm too.
const WASM_INTEGRITY = '__VERIFIK_WASM_INTEGRITY__';
// Written by the build too, so that the version is known even when the wasm is refused.
const VERSION = '__VERIFIK_VERSION__';
// And the libphonenumber release the phone metadata table is generated from (the table's
// METADATA_VERSION in src/countries/data.rs): no wasm code for a constant.
const METADATA_VERSION = '__VERIFIK_METADATA_VERSION__';
// And the phone metadata table's sha384: the table is fetched from beside this file, after the
// wasm, and pinned with it.
const METADATA_INTEGRITY = '__VERIFIK_METADATA_INTEGRITY__';

const TAG = 'verifik-onboarding';
// What mount() sets on the element it creates: where the events go (see element.js).
const EVENT_TARGET = Symbol.for('verifik-onboarding.event-target');
// Each event names the element it came from under this symbol (src/events.rs).
const SOURCE = Symbol.for('verifik-onboarding.source');
// What mount() sets on the element it creates: called when its form is taken down because the
// element left the page (see element.js).
const GONE = Symbol.for('verifik-onboarding.gone');

// What a person sees in place of the form when the wasm cannot run, in the element's language.
const UNAVAILABLE = {
  en: 'This form could not be loaded. Reload the page to try again.',
  es: 'No se pudo cargar este formulario. Recarga la página para intentarlo de nuevo.',
  pt: 'Não foi possível carregar este formulário. Recarregue a página para tentar novamente.',
};

function languageOf(element) {
  const wanted = [element.getAttribute('lang'), ...(navigator.languages ?? [])];
  for (const tag of wanted) {
    const primary = String(tag ?? '').toLowerCase().split('-')[0];
    if (Object.hasOwn(UNAVAILABLE, primary)) {
      return primary;
    }
  }
  return 'en';
}

// The phone metadata table (67 KB, 19.5 KB brotli) is not in the wasm: the form is interactive
// without it. It is fetched once the wasm runs (not beside it, where it would slow the wasm down
// on a slow line) and is normally there before anyone has typed a number. The wasm asks for it
// through this loader (again, after a failure: then past the HTTP cache, which may hold a table
// of another version under the same name). A fetch that hangs is given up after 15 s, as the
// widget's requests are: the module's exports wait for the table, and must not wait forever.
const METADATA_TIMEOUT_MS = 15_000;
let metadataAttempts = 0;
function loadMetadata() {
  metadataAttempts += 1;
  return fetch(new URL('./verifik-phone-metadata.txt', import.meta.url), {
    integrity: METADATA_INTEGRITY,
    cache: metadataAttempts > 1 ? 'no-cache' : 'default',
    signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
  })
    .then((response) => {
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      return response.text();
    })
    .catch((error) => {
      console.error('verifik-onboarding: the phone metadata could not be loaded:', error);
      throw error;
    });
}

// Why the wasm could not run (SRI mismatch, a CSP without 'wasm-unsafe-eval', the network), or
// null once it runs.
let failure = null;
try {
  await init({
    module_or_path: fetch(new URL('./verifik-onboarding_bg.wasm', import.meta.url), {
      integrity: WASM_INTEGRITY,
    }),
  });
} catch (error) {
  failure = error;
  console.error(
    'verifik-onboarding: the WebAssembly module could not be loaded (refused by an integrity check or the Content-Security-Policy, or a network error):',
    error,
  );
  defineUnavailable();
}

function unavailable(name) {
  return () => {
    throw new Error(`verifik-onboarding: ${name}() is unavailable, the WebAssembly module could not be loaded: ${failure}`);
  };
}

// The element is defined (and its forms are usable) by now. The exports wait for the table (at
// most 15 s), so that validatePhone() can always judge a number; if it could not be loaded,
// validatePhone() throws and says so (and starts loading it again), and the forms load it again
// when a number is sent. mount() is an export too: for single-page apps the table is fetched
// before mount() can be called.
if (!failure) {
  core.setPhoneMetadataLoader(loadMetadata);
  await core.phoneMetadataReady();
}

export const version = failure ? VERSION : core.version();
export const metadataVersion = METADATA_VERSION;
export const validateEmail = failure ? unavailable('validateEmail') : core.validateEmail;
export const validatePhone = failure ? unavailable('validatePhone') : core.validatePhone;

// Without its wasm the element still says what happened, in the box and as a config_error event,
// rather than leaving an empty box.
function defineUnavailable() {
  if (customElements.get(TAG)) {
    return;
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`:host { display: block; }
:host([hidden]) { display: none; }
p { margin: 0; padding: var(--vo-space, 12px); font-family: var(--vo-font, system-ui, sans-serif);
    color: var(--vo-color-error, #b3261e); border: 1px solid currentColor; border-radius: var(--vo-radius, 8px); }`);
  customElements.define(
    TAG,
    // The form's element's properties and method too, so that host code runs unchanged: a token
    // is taken and dropped (never readable back), reset() has nothing to empty, and the language
    // is the message's.
    class extends HTMLElement {
      static observedAttributes = ['lang'];
      #pendingLanguage = null;

      constructor() {
        super();
        if (Object.hasOwn(this, 'token')) {
          delete this.token;
        }
        if (Object.hasOwn(this, 'language')) {
          const value = this.language;
          delete this.language;
          this.#pendingLanguage = value == null ? null : String(value);
        }
      }

      set token(_value) {}

      get token() {
        return undefined;
      }

      get language() {
        return this.#pendingLanguage ?? languageOf(this);
      }

      set language(value) {
        this.#pendingLanguage = null;
        if (value == null) {
          this.removeAttribute('lang');
        } else {
          this.setAttribute('lang', String(value));
        }
      }

      reset() {}

      #render() {
        const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
        root.adoptedStyleSheets = [sheet];
        const language = languageOf(this);
        const message = document.createElement('p');
        message.setAttribute('role', 'alert');
        message.setAttribute('part', 'config-error');
        message.lang = language;
        message.textContent = UNAVAILABLE[language];
        root.replaceChildren(message);
        return language;
      }

      attributeChangedCallback(_name, oldValue, newValue) {
        if (oldValue !== newValue && this.isConnected && this.shadowRoot) {
          this.#render();
        }
      }

      connectedCallback() {
        if (this.#pendingLanguage !== null) {
          this.setAttribute('lang', this.#pendingLanguage);
          this.#pendingLanguage = null;
        }
        const language = this.#render();
        const event = new CustomEvent('verifik:error', {
          bubbles: true,
          composed: true,
          detail: { code: 'config_error', message: UNAVAILABLE[language] },
        });
        event[SOURCE] = this;
        (this[EVENT_TARGET] ?? this).dispatchEvent(event);
      }
    },
  );
}

// mount() options that map to attributes, with how each value is written.
const ATTRIBUTES = {
  project: ['project', String],
  projectFlow: ['project-flow', String],
  apiBase: ['api-base', String],
  token: ['token', String],
  tokenUrl: ['token-url', String],
  language: ['lang', String],
  defaultCountry: ['default-country', String],
  preferredCountries: ['preferred-countries', (v) => [].concat(v).join(',')],
  countries: ['countries', (v) => [].concat(v).join(',')],
  fields: ['fields', (v) => [].concat(v).join(',')],
  emitToken: ['emit-token', Boolean],
  theme: ['theme', String],
  verify: ['verify', (v) => [].concat(v).join(',')],
};

const CALLBACKS = {
  onReady: 'verifik:ready',
  onRegistered: 'verifik:registered',
  onError: 'verifik:error',
  onCodeSent: 'verifik:code-sent',
  onVerified: 'verifik:verified',
  onCompleted: 'verifik:completed',
};

function apply(element, options) {
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === 'tokenProvider') {
      element.tokenProvider = value;
      continue;
    }
    const mapping = ATTRIBUTES[key];
    if (!mapping) {
      continue;
    }
    const [name, write] = mapping;
    if (key === 'token') {
      // A token never goes into the DOM: the write-only property keeps it in memory. null
      // forgets it, and a `token` attribute the host may have written too.
      element.token = value == null ? null : String(value);
      if (value == null) {
        element.removeAttribute(name);
      }
    } else if (value == null || (write === Boolean && !value)) {
      element.removeAttribute(name);
    } else {
      element.setAttribute(name, write === Boolean ? '' : write(value));
    }
  }
}

// Mounts the form into `target` (an element or a selector) for single-page apps. Resolves with
// a handle once the form is interactive, once it reported an unusable configuration, or once it
// left the page before either; rejects (never throws) when there is no target to mount into.
export function mount(target, options) {
  // One way to fail, the returned promise: an invalid selector, or options that throw when read.
  try {
    return mountInto(target, options ?? {});
  } catch (error) {
    return Promise.reject(error);
  }
}

function mountInto(target, options) {
  const host = typeof target === 'string' ? document.querySelector(target) : target;
  if (!(host instanceof Element)) {
    return Promise.reject(new TypeError('mount(): target must be an element or a selector that matches one'));
  }
  const element = document.createElement(TAG);
  // The events are dispatched on the target (README.md, Reference › Events), so `event.target`
  // is the element the app passed. The callbacks listen there, to this form's events only.
  element[EVENT_TARGET] = host;
  const mine = (e) => e[SOURCE] === element;
  const listeners = [];
  for (const [option, event] of Object.entries(CALLBACKS)) {
    if (typeof options[option] === 'function') {
      const listener = (e) => {
        if (mine(e)) options[option](e.detail);
      };
      host.addEventListener(event, listener);
      listeners.push([event, listener]);
    }
  }
  apply(element, options);
  const handle = {
    update(partial) {
      apply(element, partial);
    },
    setLanguage(language) {
      element.language = language;
    },
    reset() {
      element.reset();
    },
    unmount() {
      for (const [event, listener] of listeners) {
        host.removeEventListener(event, listener);
      }
      element.remove();
    },
  };
  return new Promise((resolve) => {
    const done = () => {
      host.removeEventListener('verifik:ready', settle);
      host.removeEventListener('verifik:error', settle);
      delete element[GONE];
      resolve(handle);
    };
    const settle = (e) => {
      if (mine(e)) {
        done();
      }
    };
    // Taken out of the page before it was ready (a route change right after mount()): the
    // promise resolves all the same, so that the app's `await` goes on.
    element[GONE] = done;
    host.addEventListener('verifik:ready', settle);
    host.addEventListener('verifik:error', settle);
    host.append(element);
  });
}
