// The demo's calls to the sandbox: arming faults (a sandbox-only control endpoint), reading the
// registrations the API holds, with a token as a host backend would hand it out, and the codes it
// "sent" (its outbox, which stands in for the person's inbox and phone).

import { TOKEN_URL } from './config.js';

/**
 * The error-handling demonstrations: what each arms in the sandbox, and the `verifik:error`
 * code the widget then reports.
 */
export const FAULTS = {
  server_error: { label: 'Server error', arm: { fault: 'status_500' }, code: 'server_error' },
  // Three 429s that ask for a 1 s wait: the widget retries twice on its own, then gives up.
  rate_limited: { label: 'Rate limit', arm: { fault: 'status_429', count: 3, retryAfter: 1 }, code: 'rate_limited' },
  timeout: { label: 'Timeout', arm: { fault: 'timeout' }, code: 'timeout' },
  // Two refusals: the widget's own token, then the fresh one it fetches for its one replay.
  token_expired: { label: 'Expired token', arm: { fault: 'token_expired', count: 2 }, code: 'unauthorized' },
  email_already_registered: {
    label: 'E-mail already registered',
    arm: { fault: 'email_already_registered' },
    code: 'email_already_registered',
  },
  email_domain_not_allowed: {
    label: 'Blocked domain',
    arm: { fault: 'email_domain_not_allowed' },
    code: 'email_domain_not_allowed',
  },
};

async function json(response) {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

/** Arms the fault named by a key of `FAULTS`; resolves with the sandbox's `armed` report. */
export async function armFault(key) {
  const response = await fetch('/__sandbox/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(FAULTS[key].arm),
  });
  return (await json(response)).armed;
}

export async function disarm() {
  await json(await fetch('/__sandbox/faults', { method: 'DELETE' }));
}

/** What is armed now (`null` when nothing is). */
export async function armedFault() {
  return (await json(await fetch('/__sandbox/faults'))).armed;
}

/** Every registration, newest first. */
export async function listRegistrations() {
  const { token } = await json(await fetch(TOKEN_URL, { method: 'POST' }));
  const response = await fetch('/v2/app-registrations', { headers: { Authorization: `Bearer ${token}` } });
  return (await json(response)).data.slice().reverse();
}

/**
 * The codes the sandbox "sent" for one registration, newest first: `{ channel ("email", "sms" or
 * "whatsapp"), to, code, language, registrationId, sentAt }` each.
 */
export async function messagesFor(registrationId) {
  const { data } = await json(await fetch('/__sandbox/outbox'));
  return data.filter((message) => message.registrationId === registrationId);
}

/** Forgets every registration (and disarms). */
export async function resetSandbox() {
  await json(await fetch('/__sandbox/reset', { method: 'POST' }));
}
