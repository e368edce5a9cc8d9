// The messages the person would receive: the sandbox's outbox shown as an inbox (e-mail) and a
// phone (SMS and WhatsApp), each message with its code, in the language it was sent in. Plain
// DOM, text only (no markup from the sandbox reaches the page as HTML).

/** What each message says, by language: the sandbox sends only the code. */
const TEXT = {
  en: { subject: 'Your verification code', body: ['Your code is ', '. It expires in 10 minutes.'] },
  es: { subject: 'Tu código de verificación', body: ['Tu código es ', '. Vence en 10 minutos.'] },
  pt: { subject: 'Seu código de verificação', body: ['Seu código é ', '. Expira em 10 minutos.'] },
};

export const GATEWAYS = { sms: 'SMS', whatsapp: 'WhatsApp' };

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function sentAt(message) {
  const time = element('time', 'message-time', new Date(message.sentAt).toLocaleTimeString('en-GB'));
  time.dateTime = message.sentAt;
  return time;
}

/** The body of a message: its text around the code, the code set apart. */
function body(message) {
  const text = TEXT[message.language] ?? TEXT.en;
  const p = element('p', 'message-body');
  p.append(text.body[0], element('strong', 'otp', message.code), text.body[1]);
  return p;
}

function emailItem(message) {
  const item = element('li', 'message');
  item.lang = message.language;
  const meta = element('p', 'message-meta');
  meta.append(element('span', 'message-to', `To ${message.to}`), ' ', sentAt(message));
  meta.lang = 'en';
  item.append(meta, element('p', 'message-subject', (TEXT[message.language] ?? TEXT.en).subject), body(message));
  return item;
}

function phoneItem(message) {
  const item = element('li', `message bubble bubble-${message.channel}`);
  item.lang = message.language;
  const meta = element('p', 'message-meta');
  meta.append(element('span', 'message-gateway', `${GATEWAYS[message.channel] ?? message.channel} to ${message.to}`), ' ', sentAt(message));
  meta.lang = 'en';
  item.append(meta, body(message));
  return item;
}

/**
 * Shows `messages` (newest first) in the inbox list and the phone list; each list's empty note
 * shows while it has none.
 */
export function renderMessages({ inbox, inboxEmpty, phone, phoneEmpty }, messages) {
  const emails = messages.filter((m) => m.channel === 'email');
  const texts = messages.filter((m) => m.channel !== 'email');
  inbox.replaceChildren(...emails.map(emailItem));
  phone.replaceChildren(...texts.map(phoneItem));
  inboxEmpty.hidden = emails.length > 0;
  phoneEmpty.hidden = texts.length > 0;
}

/** What the status region says of a message that just arrived. */
export function announce(message) {
  const where = message.channel === 'email' ? `E-mail to ${message.to}` : `${GATEWAYS[message.channel] ?? message.channel} message to ${message.to}`;
  return `${where}: code ${message.code}.`;
}
