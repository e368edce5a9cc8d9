// A single-page app with two routes: "#/signup" mounts the widget, any other route unmounts it.
// It uses only the package's public API and its types.
import { mount, validateEmail, version, type ErrorDetail, type Handle, type RegisteredDetail } from 'verifik-onboarding';

interface SpaState {
  version: string;
  mounts: number;
  unmounts: number;
  registered: RegisteredDetail[];
  heardOnTarget: string[];
  errors: ErrorDetail[];
}

declare global {
  interface Window {
    spa: SpaState;
  }
}

const state: SpaState = { version, mounts: 0, unmounts: 0, registered: [], heardOnTarget: [], errors: [] };
window.spa = state;

const outlet = document.querySelector<HTMLElement>('#outlet')!;
let handle: Handle | null = null;

async function render(): Promise<void> {
  if (handle) {
    handle.unmount();
    handle = null;
    state.unmounts += 1;
  }
  outlet.replaceChildren();
  if (location.hash !== '#/signup') {
    const about = document.createElement('p');
    about.textContent = `About this app (widget ${version}; "a@b.co" is ${validateEmail('a@b.co').valid ? 'valid' : 'invalid'}).`;
    outlet.append(about);
    return;
  }
  const target = document.createElement('section');
  outlet.append(target);
  // Typed through the package's HTMLElementEventMap entries: no cast needed.
  target.addEventListener('verifik:registered', (event) => {
    state.heardOnTarget.push(event.detail.registrationId);
  });
  handle = await mount(target, {
    project: '5f8d0a24c6345c001fa9e2b3',
    projectFlow: '5f8d0a24c6345c001fa9e2b4',
    apiBase: location.origin,
    tokenUrl: '/demo/token',
    language: 'en',
    fields: ['email'],
    onRegistered: (detail) => state.registered.push(detail),
    onError: (detail) => state.errors.push(detail),
  });
  state.mounts += 1;
  const element = document.querySelector('verifik-onboarding');
  element?.addEventListener('verifik:error', (event) => console.warn(event.detail.code));
}

window.addEventListener('hashchange', () => void render());
void render();
