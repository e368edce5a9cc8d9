// Type-level checks of the shipped index.d.ts, for `tsc --noEmit` only (main.ts does not import
// this file, so it is not in the app's bundle): what a host must be able to write type-checks,
// and each line under `@ts-expect-error` is a mistake the types must catch (tsc fails if not).
import { mount, type Handle } from 'verifik-onboarding';

declare const target: HTMLElement;
declare const handle: Handle;

export async function valid(): Promise<void> {
  await mount(target, { project: 'p', projectFlow: 'f', language: 'es-CO' });
  handle.setLanguage('pt-BR');
  handle.update({ token: null, language: 'en' });
  const element = document.createElement('verifik-onboarding');
  element.language = 'es';
  element.language = navigator.language;
  element.language = null;
  element.token = 'a.b.c';
  const language: string | null = element.language;
  void language;
}

export async function invalid(): Promise<void> {
  // @ts-expect-error project and projectFlow are required
  await mount(target, {});
  // @ts-expect-error not a language of the form
  handle.setLanguage('fr');
  const element = document.createElement('verifik-onboarding');
  // @ts-expect-error the token is write-only
  const token: string = element.token;
  void token;
}
