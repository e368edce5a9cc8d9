// The widget's requests, run for the Rust side (src/http.rs), which decides everything about
// them: where, what, with which token, and how long to wait. Each answer comes back whole.

// Sends one request and resolves to [status, Retry-After, body text, redirect refused]. It is
// aborted after `timeoutMs`, or when `cancel` fires (the form was removed); it then rejects
// with true, and with false when there was no answer (network). `bearer` ("Bearer …") marks a
// call to the API: its body is JSON, and a redirect is never followed (the body and token would
// go wherever it points). Without it, the call is the host's own token endpoint, with the
// page's cookies.
export function send(url, method, body, bearer, timeoutMs, cancel) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  cancel.addEventListener('abort', abort);
  if (cancel.aborted) abort();
  const api = bearer !== undefined;
  const init = api
    ? { method, body, headers: { Authorization: bearer, 'Content-Type': 'application/json' }, redirect: 'manual' }
    : { method, credentials: 'same-origin' };
  init.signal = controller.signal;
  return fetch(url, init)
    .then(async (answer) => [answer.status, answer.headers.get('retry-after'), await answer.text(), answer.type === 'opaqueredirect', answer.ok])
    .catch(() => {
      throw controller.signal.aborted;
    })
    .finally(() => {
      clearTimeout(timer);
      cancel.removeEventListener('abort', abort);
    });
}

// Calls the host's tokenProvider and resolves to what it gives, or to undefined when it has
// not settled within `timeoutMs` (a provider that never settles must not hold the submit for
// ever); rejects when it throws or rejects.
export function provide(provider, timeoutMs) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([new Promise((resolve) => resolve(provider())), late]).finally(() => clearTimeout(timer));
}
