// The one file a host page includes. Importing it initialises the widget's WebAssembly (loaded
// from beside this file) and defines <verifik-onboarding>; the named exports are the JS API.
import init, * as core from './verifik-onboarding-core.js';

// Written by the build (scripts/trunk-post-build.sh): the wasm's sha384, so that pinning this
// file with SRI pins the wasm too.
const WASM_INTEGRITY = '__VERIFIK_WASM_INTEGRITY__';

await init({
  module_or_path: fetch(new URL('./verifik-onboarding_bg.wasm', import.meta.url), {
    integrity: WASM_INTEGRITY,
  }),
});

export const version = core.version();
export const { validateEmail, validatePhone } = core;

const TAG = 'verifik-onboarding';

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
};

const CALLBACKS = {
  onReady: 'verifik:ready',
  onRegistered: 'verifik:registered',
  onError: 'verifik:error',
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
    if (value == null || (write === Boolean && !value)) {
      element.removeAttribute(name);
    } else if (key === 'token') {
      // A token never goes into the DOM: the write-only property keeps it in memory.
      element.token = String(value);
    } else {
      element.setAttribute(name, write === Boolean ? '' : write(value));
    }
  }
}

// Mounts the form into `target` (an element or a selector) for single-page apps. Resolves with
// a handle once the form is interactive, or once it reported an unusable configuration.
export function mount(target, options = {}) {
  const host = typeof target === 'string' ? document.querySelector(target) : target;
  if (!(host instanceof Element)) {
    return Promise.reject(new TypeError('mount(): target must be an element or a selector that matches one'));
  }
  const element = document.createElement(TAG);
  const listeners = [];
  for (const [option, event] of Object.entries(CALLBACKS)) {
    if (typeof options[option] === 'function') {
      const listener = (e) => options[option](e.detail);
      element.addEventListener(event, listener);
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
        element.removeEventListener(event, listener);
      }
      element.remove();
    },
  };
  return new Promise((resolve) => {
    const settle = () => {
      element.removeEventListener('verifik:ready', settle);
      element.removeEventListener('verifik:error', settle);
      resolve(handle);
    };
    element.addEventListener('verifik:ready', settle);
    element.addEventListener('verifik:error', settle);
    host.append(element);
  });
}
