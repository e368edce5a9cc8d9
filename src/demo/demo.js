// The sales demo page. It is a host like any other: the widget is driven only through the
// public contract (attributes, custom properties, events, reset()); the sandbox is reached
// through its documented endpoints.
import {
  DEFAULTS,
  DEFAULT_COUNTRY_CHOICES,
  applyTo,
  htmlSnippet,
  mountSnippet,
  parseCodes,
  verifies,
} from './config.js';
import { announce, renderMessages } from './messages.js';
import { FAULTS, armFault, armedFault, disarm, listRegistrations, messagesFor, resetSandbox } from './sandbox.js';

const EVENTS = [
  'verifik:ready',
  'verifik:registered',
  'verifik:error',
  'verifik:language-change',
  'verifik:code-sent',
  'verifik:verified',
  'verifik:completed',
];
const MAX_LOG_ENTRIES = 50;

const $ = (id) => document.getElementById(id);
// The events bubble out of the element (composed), so the frame hears them from any element it
// holds.
const frame = $('widget-frame');
const widget = $('widget');
const form = $('config');
// The sandbox serves both this page and the API, so the API origin is this page's origin.
const origin = window.location.origin;

let state = { ...DEFAULTS };
// Whether the widget shows a finished registration (registered, and verified when it verifies),
// which a new submit needs reset first.
let finished = false;

// ---------------------------------------------------------------------------------------------
// Configuration panel → widget and snippets

function fillCountryChoices() {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const select = $('cfg-default-country');
  const choices = DEFAULT_COUNTRY_CHOICES.map((code) => [code, names.of(code) ?? code]).sort((a, b) =>
    a[1].localeCompare(b[1], 'en'),
  );
  for (const [code, name] of choices) {
    select.append(new Option(`${name} (${code})`, code));
  }
}

/** The panel's controls, read into a configuration. */
function readPanel() {
  const value = (name) => form.elements.namedItem(name).value;
  return {
    lang: value('lang'),
    theme: value('theme'),
    fields: value('fields'),
    defaultCountry: value('defaultCountry'),
    preferredCountries: parseCodes(value('preferredCountries')),
    countries: parseCodes(value('countries')),
    accent: value('accent'),
    radius: Number(value('radius')),
    emitToken: $('cfg-emit-token').checked,
    verify: value('verify'),
  };
}

/** The panel's controls, set from a configuration. */
function writePanel(config) {
  const set = (name, value) => {
    form.elements.namedItem(name).value = value;
  };
  set('lang', config.lang);
  set('theme', config.theme);
  set('fields', config.fields);
  set('defaultCountry', config.defaultCountry);
  set('preferredCountries', config.preferredCountries.join(', '));
  set('countries', config.countries.join(', '));
  set('accent', config.accent);
  set('radius', String(config.radius));
  $('cfg-emit-token').checked = config.emitToken;
  set('verify', config.verify);
}

function render() {
  applyTo(widget, state, origin);
  // The page around the widget follows its theme, so "dark" shows a dark page as a whole.
  document.documentElement.dataset.theme = state.theme;
  $('cfg-radius-value').value = `${state.radius} px`;
  $('snippet-html').textContent = htmlSnippet(state, origin);
  $('snippet-js').textContent = mountSnippet(state, origin);
}

form.addEventListener('input', () => {
  state = readPanel();
  render();
});
form.addEventListener('change', () => {
  state = readPanel();
  render();
});
form.addEventListener('submit', (event) => event.preventDefault());
form.addEventListener('reset', (event) => {
  event.preventDefault();
  state = { ...DEFAULTS };
  writePanel(state);
  render();
});

// The person may switch language inside the widget: the panel and the snippets follow.
frame.addEventListener('verifik:language-change', (event) => {
  const { language } = event.detail;
  if (language && language !== state.lang) {
    state = { ...state, lang: language };
    writePanel(state);
    render();
  }
});

// ---------------------------------------------------------------------------------------------
// Copying the snippets

async function copy(id, what) {
  const text = $(id).textContent;
  const status = $('copy-status');
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = `Copied the ${what} to the clipboard.`;
  } catch {
    status.textContent = `This browser did not allow copying: select the ${what} above and copy it.`;
  }
}

$('copy-html').addEventListener('click', () => copy('snippet-html', 'embed snippet'));
$('copy-js').addEventListener('click', () => copy('snippet-js', 'mount() call'));

// ---------------------------------------------------------------------------------------------
// Event log

function logEvent(type, detail) {
  const item = document.createElement('li');
  item.dataset.type = type;
  const now = new Date();
  const time = document.createElement('time');
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString('en-GB');
  const name = document.createElement('span');
  name.className = 'event-name';
  name.textContent = type;
  const body = document.createElement('pre');
  body.textContent = JSON.stringify(detail, null, 2);
  item.append(time, name, body);
  const log = $('event-log');
  log.prepend(item);
  while (log.children.length > MAX_LOG_ENTRIES) log.lastElementChild.remove();
}

for (const type of EVENTS) {
  frame.addEventListener(type, (event) => logEvent(type, event.detail));
}
$('clear-log').addEventListener('click', () => $('event-log').replaceChildren());

// ---------------------------------------------------------------------------------------------
// Registrations in the sandbox

function cell(text, code = false) {
  const td = document.createElement('td');
  if (code) {
    const c = document.createElement('code');
    c.textContent = text;
    td.append(c);
  } else {
    td.textContent = text;
  }
  return td;
}

async function refreshRegistrations() {
  const status = $('registrations-status');
  try {
    const list = await listRegistrations();
    const rows = list.map((r) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(new Date(r.createdAt).toLocaleTimeString('en-GB')),
        cell(r.email ?? '—'),
        cell(r.phone ?? '—'),
        cell(r.language),
        cell(r.status),
        cell(r._id, true),
      );
      return tr;
    });
    $('registrations').tBodies[0].replaceChildren(...rows);
    status.textContent =
      list.length === 0 ? 'No registrations yet.' : `${list.length} registration${list.length === 1 ? '' : 's'}.`;
  } catch (error) {
    status.textContent = `Could not read the registrations: ${error.message}`;
  }
}

$('refresh-registrations').addEventListener('click', refreshRegistrations);
$('reset-sandbox').addEventListener('click', async () => {
  await resetSandbox();
  await refreshRegistrations();
  await showArmed();
  await showMessagesOf(null);
});

// ---------------------------------------------------------------------------------------------
// Error handling demonstrations

const IDLE = "No fault armed: submits reach the sandbox's real checks.";
let armedKey = null;

// Each change of the fault status takes a number: an answer about the sandbox's faults that
// arrives after a newer change (say, a button pressed meanwhile) is out of date and dropped.
let faultStatusVersion = 0;

async function showArmed() {
  const status = $('fault-status');
  const version = ++faultStatusVersion;
  try {
    const armed = await armedFault();
    if (version !== faultStatusVersion) return;
    if (!armed) {
      armedKey = null;
      status.textContent = IDLE;
    } else {
      const label = armedKey ? FAULTS[armedKey].label : armed.fault;
      const left = armed.count === 1 ? '1 call' : `${armed.count} calls`;
      status.textContent = `Armed: ${label} (${left} left). Submit the form to see it.`;
    }
  } catch (error) {
    if (version === faultStatusVersion) status.textContent = `Could not read the sandbox's faults: ${error.message}`;
  }
}

for (const button of document.querySelectorAll('[data-fault]')) {
  button.addEventListener('click', async () => {
    const key = button.dataset.fault;
    const version = ++faultStatusVersion;
    try {
      await armFault(key);
      armedKey = key;
      if (finished) {
        widget.reset();
        finished = false;
      }
      if (version !== faultStatusVersion) return;
      $('fault-status').textContent = `Armed: ${FAULTS[key].label}. Submit the form to see how the widget copes.`;
    } catch (error) {
      if (version === faultStatusVersion) $('fault-status').textContent = `Could not arm the fault: ${error.message}`;
    }
  });
}

$('disarm').addEventListener('click', async () => {
  await disarm();
  await showArmed();
});

$('new-registration').addEventListener('click', () => {
  widget.reset();
  finished = false;
  showMessagesOf(null);
});

frame.addEventListener('verifik:registered', (event) => {
  const verifying = verifies(state, event.detail);
  finished = !verifying;
  if (verifying) showMessagesOf(event.detail.registrationId);
  refreshRegistrations();
  showArmed();
});
frame.addEventListener('verifik:completed', () => {
  finished = true;
});
frame.addEventListener('verifik:error', () => showArmed());

// ---------------------------------------------------------------------------------------------
// The messages the person receives: the sandbox's outbox for the registration being verified,
// read again whenever the widget says it sent a code.

const devices = {
  inbox: $('inbox'),
  inboxEmpty: $('inbox-empty'),
  phone: $('phone-messages'),
  phoneEmpty: $('phone-empty'),
};
let messagesOf = null;
let messagesShown = 0;
// As for the faults' status: an answer older than the latest request is dropped.
let messagesVersion = 0;

async function showMessagesOf(registrationId) {
  const version = ++messagesVersion;
  const status = $('messages-status');
  if (registrationId !== messagesOf) {
    messagesOf = registrationId;
    messagesShown = 0;
    renderMessages(devices, []);
    status.textContent = '';
  }
  if (!registrationId) return;
  try {
    const messages = await messagesFor(registrationId);
    if (version !== messagesVersion) return;
    renderMessages(devices, messages);
    if (messages.length > messagesShown) status.textContent = `New message. ${announce(messages[0])}`;
    messagesShown = messages.length;
  } catch (error) {
    if (version === messagesVersion) status.textContent = `Could not read the sandbox's messages: ${error.message}`;
  }
}

frame.addEventListener('verifik:code-sent', (event) => showMessagesOf(event.detail.registrationId));

// ---------------------------------------------------------------------------------------------

fillCountryChoices();
writePanel(state);
render();
refreshRegistrations();
showArmed();
