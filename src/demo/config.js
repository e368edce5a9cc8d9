// The demo's configuration: its defaults, how it becomes attributes and custom properties on the
// element, and the embed snippets that reproduce it. No DOM here beyond the element it is given.

/** The sandbox's demo project; any 24-hex-digit ids work against the sandbox. */
export const PROJECT = '5f8d0a24c6345c001fa9e2b3';
export const PROJECT_FLOW = '5f8d0a24c6345c001fa9e2b4';
/** The sandbox's stand-in for a host backend that hands out short-lived tokens. */
export const TOKEN_URL = '/demo/token';

/** Widget defaults (README "Theming"): a property equal to its default is left unset. */
export const DEFAULT_ACCENT = '#0b5fff';
export const DEFAULT_RADIUS = 8;

/** What the panel starts with, and what "Back to the defaults" restores. */
export const DEFAULTS = Object.freeze({
  lang: 'en',
  theme: 'light',
  fields: 'email,phone',
  defaultCountry: '',
  preferredCountries: [],
  countries: [],
  accent: DEFAULT_ACCENT,
  radius: DEFAULT_RADIUS,
  emitToken: false,
  // What the registration goes on to verify with codes: '', 'email', 'phone' or 'email,phone'.
  verify: '',
});

/** Countries offered as the default country: where Verifik's customers mostly are, and a few more. */
export const DEFAULT_COUNTRY_CHOICES = [
  'AR', 'BO', 'BR', 'CA', 'CL', 'CO', 'CR', 'DE', 'DO', 'EC', 'ES', 'FR', 'GB', 'GT', 'HN', 'MX',
  'NI', 'PA', 'PE', 'PR', 'PT', 'PY', 'SV', 'US', 'UY', 'VE',
];

/** "co, MX;br" → ["CO", "MX", "BR"]: two-letter codes only, each once, in the order typed. */
export function parseCodes(text) {
  const codes = String(text ?? '')
    .toUpperCase()
    .split(/[\s,;]+/)
    .filter((code) => /^[A-Z]{2}$/.test(code));
  return [...new Set(codes)];
}

/** The element's attributes for `state`, in snippet order; `''` is a boolean attribute. */
export function attributes(state, apiBase) {
  const list = [
    ['project', PROJECT],
    ['project-flow', PROJECT_FLOW],
    ['api-base', apiBase],
    ['token-url', TOKEN_URL],
    ['lang', state.lang],
  ];
  if (state.theme !== DEFAULTS.theme) list.push(['theme', state.theme]);
  if (state.fields !== DEFAULTS.fields) list.push(['fields', state.fields]);
  if (state.defaultCountry) list.push(['default-country', state.defaultCountry]);
  if (state.preferredCountries.length) list.push(['preferred-countries', state.preferredCountries.join(',')]);
  if (state.countries.length) list.push(['countries', state.countries.join(',')]);
  if (state.emitToken) list.push(['emit-token', '']);
  if (state.verify) list.push(['verify', state.verify]);
  return list;
}

/** Every attribute the panel controls: those not in `attributes()` are removed. */
export const MANAGED_ATTRIBUTES = [
  'lang', 'theme', 'fields', 'default-country', 'preferred-countries', 'countries', 'emit-token', 'verify',
];

/** Whether a registration of `detail` (`verifik:registered`) goes on to a code step under `state`. */
export function verifies(state, detail) {
  const channels = state.verify.split(',');
  return (channels.includes('email') && Boolean(detail.email)) || (channels.includes('phone') && Boolean(detail.phone));
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2). */
function luminance(hex) {
  const channel = (i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on `accent`: the button text stays legible. */
export function accentTextFor(accent) {
  return contrast(accent, '#ffffff') >= contrast(accent, '#1b1f24') ? '#ffffff' : '#1b1f24';
}

/** The custom properties for `state`, as [name, value] pairs; empty when all are defaults. */
export function customProperties(state) {
  const list = [];
  if (state.accent.toLowerCase() !== DEFAULT_ACCENT) {
    list.push(['--vo-color-accent', state.accent.toLowerCase()]);
    list.push(['--vo-color-accent-text', accentTextFor(state.accent)]);
  }
  if (state.radius !== DEFAULT_RADIUS) list.push(['--vo-radius', `${state.radius}px`]);
  return list;
}

export const MANAGED_PROPERTIES = ['--vo-color-accent', '--vo-color-accent-text', '--vo-radius'];

/** Writes `state` onto the element: attributes set or removed, custom properties likewise. */
export function applyTo(element, state, apiBase) {
  const wanted = new Map(attributes(state, apiBase));
  for (const name of MANAGED_ATTRIBUTES) {
    if (!wanted.has(name)) element.removeAttribute(name);
  }
  for (const [name, value] of wanted) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  const properties = new Map(customProperties(state));
  for (const name of MANAGED_PROPERTIES) {
    if (properties.has(name)) element.style.setProperty(name, properties.get(name));
    else element.style.removeProperty(name);
  }
}

function escapeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function cssRule(state) {
  const properties = customProperties(state);
  if (!properties.length) return '';
  return `verifik-onboarding { ${properties.map(([name, value]) => `${name}: ${value};`).join(' ')} }`;
}

/** The HTML a host page pastes to get this very configuration. */
export function htmlSnippet(state, origin) {
  const lines = [`<script type="module" src="${escapeAttribute(origin)}/verifik-onboarding.js"></script>`];
  const rule = cssRule(state);
  if (rule) {
    lines.push('<!-- Or put this rule in your stylesheet (a strict CSP blocks inline styles). -->');
    lines.push(`<style>${rule}</style>`);
  }
  const attrs = attributes(state, origin).map(([name, value]) =>
    value === '' ? name : `${name}="${escapeAttribute(value)}"`,
  );
  const indent = ' '.repeat('<verifik-onboarding '.length);
  lines.push(`<verifik-onboarding ${attrs.join(`\n${indent}`)}></verifik-onboarding>`);
  return lines.join('\n');
}

function jsString(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function jsList(values) {
  return `[${values.map(jsString).join(', ')}]`;
}

/** The `mount()` call for this configuration, for single-page apps. */
export function mountSnippet(state, origin) {
  const options = [
    ['project', jsString(PROJECT)],
    ['projectFlow', jsString(PROJECT_FLOW)],
    ['apiBase', jsString(origin)],
    ['tokenUrl', jsString(TOKEN_URL)],
    ['language', jsString(state.lang)],
  ];
  if (state.theme !== DEFAULTS.theme) options.push(['theme', jsString(state.theme)]);
  if (state.fields !== DEFAULTS.fields) options.push(['fields', jsList(state.fields.split(','))]);
  if (state.defaultCountry) options.push(['defaultCountry', jsString(state.defaultCountry)]);
  if (state.preferredCountries.length) options.push(['preferredCountries', jsList(state.preferredCountries)]);
  if (state.countries.length) options.push(['countries', jsList(state.countries)]);
  if (state.emitToken) options.push(['emitToken', 'true']);
  if (state.verify) options.push(['verify', jsList(state.verify.split(','))]);
  const lines = [`import { mount } from ${jsString(`${origin}/verifik-onboarding.js`)};`, ''];
  const rule = cssRule(state);
  if (rule) lines.push('// In your stylesheet:', `// ${rule}`, '');
  lines.push("const form = await mount('#signup', {");
  for (const [name, value] of options) lines.push(`  ${name}: ${value},`);
  lines.push('  onRegistered: (detail) => console.log(detail.registrationId),');
  lines.push('  onError: (detail) => console.warn(detail.code, detail.message),');
  if (state.verify) lines.push('  onCompleted: (detail) => console.log(detail.verified),');
  lines.push('});');
  return lines.join('\n');
}
