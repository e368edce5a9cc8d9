// The demo page is a host like any other: it uses only the public contract.
const widget = document.getElementById('widget');
// The sandbox serves both this page and the API, so the API origin is this page's origin.
widget.setAttribute('api-base', window.location.origin);

const log = document.getElementById('event-log');
for (const name of ['verifik:ready', 'verifik:registered', 'verifik:error', 'verifik:language-change']) {
  widget.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const time = new Date().toLocaleTimeString();
    item.textContent = `${time} ${name} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
  });
}
