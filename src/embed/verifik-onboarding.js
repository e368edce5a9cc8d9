// The one file a host page includes. Importing it initialises the widget's WebAssembly (loaded
// from beside this file) and defines <verifik-onboarding>; the named exports are the JS API.
import init, * as core from './verifik-onboarding-core.js';

await init({ module_or_path: new URL('./verifik-onboarding_bg.wasm', import.meta.url) });

export const version = core.version();
export const { validateEmail, validatePhone } = core;
