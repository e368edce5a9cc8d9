// Starts intl-tel-input on the reference page with the widget page's settings (Colombia first),
// then says "ready" once the field is initialised and its utils are loaded (`iti.promise`), as
// the widget says verifik:ready once its form is interactive.
performance.mark('iti:init-start');
const iti = window.intlTelInput(document.querySelector('#phone'), { initialCountry: 'co' });
iti.promise.then(() => window.dispatchEvent(new Event('iti:ready')));
