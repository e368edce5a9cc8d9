// Types of verifik-onboarding.js, the public interface (the README's Reference section, which
// tests/readme.rs checks against this file). Written by hand and type-checked by the test command
// against a Vite app that uses them (tests/spa-vite).

/** A language of the form and of the registration. */
export type Language = 'en' | 'es' | 'pt';

/** A language as the `lang` attribute takes it: `es`, or with a region, `es-CO`. */
export type LanguageTag = Language | `${Language}-${string}`;

/** The form's fields. */
export type Field = 'email' | 'phone';

/** `theme` of the element. */
export type Theme = 'light' | 'dark' | 'auto';

/** Returns a short-lived bearer token; called whenever the widget needs one. */
export type TokenProvider = () => Promise<string>;

/** `detail` of `verifik:ready`. */
export interface ReadyDetail {
  version: string;
}

/** `detail` of `verifik:registered`: once per successful `POST /v2/app-registrations`. */
export interface RegisteredDetail {
  /** `data.appRegistration._id` of the API's answer. */
  registrationId: string;
  status: string;
  informationValidationId?: string;
  language: Language;
  email?: string;
  /** National significant number, digits only. */
  phone?: string;
  /** `+` and the calling code, e.g. `+57`. */
  countryCode?: string;
  /** Only with the `emit-token` attribute (`emitToken` option). */
  registrationToken?: string;
}

/** What a one-time code verifies. */
export type Channel = 'email' | 'phone';

/** How a phone code was delivered. */
export type Gateway = 'sms' | 'whatsapp';

/** `detail` of `verifik:code-sent`: a one-time code was sent (or sent again). */
export interface CodeSentDetail {
  registrationId: string;
  channel: Channel;
  /** The validation's id (`data._id` of Verifik's answer). */
  validationId: string;
  /** When the code expires (ISO 8601): Verifik's, or ten minutes after the send when it does not say. */
  expiresAt: string;
  /** For a phone: SMS or WhatsApp. */
  gateway?: Gateway;
}

/** `detail` of `verifik:verified`: a code was accepted. */
export interface VerifiedDetail {
  registrationId: string;
  channel: Channel;
  validationId: string;
}

/** `detail` of `verifik:completed`: every channel of `verify` that the person filled in is verified. */
export interface CompletedDetail {
  registrationId: string;
  verified: Channel[];
}

/** `code` of `verifik:error`. */
export type ErrorCode =
  | 'config_error'
  | 'missing_parameter'
  | 'email_domain_not_allowed'
  | 'email_already_registered'
  | 'phone_already_registered'
  | 'unauthorized'
  | 'token_unavailable'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'code_mismatch'
  | 'code_expired'
  | 'code_recently_sent'
  | 'code_not_sent'
  | 'too_many_attempts'
  | 'verification_not_found';

/** `detail` of `verifik:error`: a submit failed, or the configuration is unusable. */
export interface ErrorDetail {
  code: ErrorCode;
  /** The localized text shown to the person. */
  message: string;
  /** HTTP status, when the API answered. */
  status?: number;
  /** The field the error concerns. */
  field?: Field;
  /** For an error of the code step: the channel it concerns. */
  channel?: Channel;
}

/** `detail` of `verifik:language-change`. */
export interface LanguageChangeDetail {
  language: Language;
}

/** The `verifik:*` events, dispatched on the element (for `mount()`, on the target) with `bubbles` and `composed`. */
export interface VerifikEventMap {
  'verifik:ready': CustomEvent<ReadyDetail>;
  'verifik:registered': CustomEvent<RegisteredDetail>;
  'verifik:error': CustomEvent<ErrorDetail>;
  'verifik:language-change': CustomEvent<LanguageChangeDetail>;
  'verifik:code-sent': CustomEvent<CodeSentDetail>;
  'verifik:verified': CustomEvent<VerifiedDetail>;
  'verifik:completed': CustomEvent<CompletedDetail>;
}

/** The `<verifik-onboarding>` element. Its attributes are in the README (Reference › Attributes);
 * its events are typed on every element through `HTMLElementEventMap` (below). */
export interface VerifikOnboardingElement extends HTMLElement {
  /** Called whenever the widget needs a token; takes priority over `token-url` and `token`. */
  tokenProvider?: TokenProvider;
  /** Write-only: reading it gives `undefined`, so no script can read the token back. */
  set token(value: string | null | undefined);
  get token(): undefined;
  /** The language in use (`en`, `es` or `pt`; before the form runs, what was written).
   * Writing it sets the `lang` attribute (`es`, `es-CO`, …); `null` removes it, for the
   * browser's language. */
  language: string | null;
  /** Empties the form for the next person. */
  reset(): void;
}

/** Options of `mount()`: the attributes in camelCase, plus callbacks. */
export interface Options {
  /** Verifik project id. */
  project: string;
  /** Verifik project flow id. */
  projectFlow: string;
  /** API origin: `https:`, or `http://localhost` / `http://127.0.0.1`. */
  apiBase?: string;
  /** A short-lived bearer token (goes to the write-only property, never to an attribute);
   * `null` in `update()` forgets it. */
  token?: string | null;
  /** The host backend's token endpoint (`POST`, answers `{"token": "..."}`). */
  tokenUrl?: string;
  tokenProvider?: TokenProvider;
  language?: LanguageTag;
  /** ISO 3166-1 alpha-2 code preselected in the country picker. */
  defaultCountry?: string;
  /** ISO codes listed first in the picker. */
  preferredCountries?: string[];
  /** Allow-list of ISO codes. */
  countries?: string[];
  fields?: Field[];
  emitToken?: boolean;
  theme?: Theme;
  /** Verify these with one-time codes after the registration (e-mail first). */
  verify?: Channel[];
  onReady?: (detail: ReadyDetail) => void;
  onRegistered?: (detail: RegisteredDetail) => void;
  onError?: (detail: ErrorDetail) => void;
  onCodeSent?: (detail: CodeSentDetail) => void;
  onVerified?: (detail: VerifiedDetail) => void;
  onCompleted?: (detail: CompletedDetail) => void;
}

/** What `mount()` resolves with. */
export interface Handle {
  /** Changes some options live (callbacks are fixed at mount). */
  update(
    partial: Partial<Omit<Options, 'onReady' | 'onRegistered' | 'onError' | 'onCodeSent' | 'onVerified' | 'onCompleted'>>,
  ): void;
  setLanguage(language: LanguageTag): void;
  reset(): void;
  /** Removes the form; a pending request is aborted and no event follows. */
  unmount(): void;
}

/**
 * Mounts the form into `target` (an element, or a selector matching one). Resolves once the form
 * is interactive, once it reported an unusable configuration through `onError`, or once the
 * target left the page before either. Rejects when there is no such target (a `TypeError`) or
 * the selector is invalid (a `SyntaxError`).
 */
export function mount(target: Element | string, options: Options): Promise<Handle>;

/** E-mail error codes. */
export type EmailErrorCode = 'required' | 'invalid_format' | 'too_long';

/** Phone error codes. */
export type PhoneErrorCode =
  | 'required'
  | 'invalid_characters'
  | 'invalid_country'
  | 'too_short'
  | 'too_long'
  | 'invalid_number';

export function validateEmail(input: string): { valid: boolean; error?: EmailErrorCode; email?: string };

/**
 * Validates a phone number as a person types or pastes it, national or international (`+57 …`,
 * `00 57 …`, which overrides `country`). Validity is Google libphonenumber's, at the release
 * {@link metadataVersion} names (the phone metadata table is generated from it).
 *
 * @throws Error when the phone metadata table (`verifik-phone-metadata.txt`, fetched beside the
 * wasm) could not be loaded; the call starts loading it again, so a later call may succeed.
 */
export function validatePhone(
  country: string,
  input: string,
): { valid: boolean; error?: PhoneErrorCode; country?: string; countryCode?: string; phone?: string; e164?: string };

/** The widget's version (Cargo.toml's), known even when the browser refused the WebAssembly. */
export const version: string;

/**
 * The Google libphonenumber release the phone metadata table, and so {@link validatePhone}, follows
 * (such as `"9.0.43"`); known even when the browser refused the WebAssembly.
 */
export const metadataVersion: string;

declare global {
  interface HTMLElementTagNameMap {
    'verifik-onboarding': VerifikOnboardingElement;
  }
  // The events bubble and are composed: dispatched on the element (for mount(), on the
  // target), they reach every ancestor, so `addEventListener('verifik:registered', (e) => e.detail.registrationId)`
  // type-checks on any of them.
  interface HTMLElementEventMap extends VerifikEventMap {}
  interface DocumentEventMap extends VerifikEventMap {}
  interface WindowEventMap extends VerifikEventMap {}
}
