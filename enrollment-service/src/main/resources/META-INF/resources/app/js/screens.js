// What is on the screen. Every text comes from texts.js and is set with textContent, so an
// application name or place sent by a platform can never become markup.

const SCREENS = ['accounts', 'add', 'request', 'result'];

const byId = (id) => document.getElementById(id);

/** Sets the language of the page and every element that names its text with data-text. */
export function applyTexts(lang, t) {
  document.documentElement.lang = lang;
  document.title = t.appName;
  document.querySelectorAll('[data-text]').forEach((element) => {
    element.textContent = t[element.dataset.text];
  });
  const other = lang === 'nl' ? 'en' : 'nl';
  const switcher = byId('switch-language');
  switcher.textContent = t.switchTo;
  switcher.lang = other;
}

/** Shows one screen, and moves focus to its heading so a screen reader announces the change. */
export function show(screen, focus = true) {
  SCREENS.forEach((name) => { byId(`screen-${name}`).hidden = name !== screen; });
  byId('main').dataset.screen = screen;
  if (focus) {
    byId(`screen-${screen}`).querySelector('h2').focus();
  }
}

export function current() {
  return byId('main').dataset.screen;
}

export function error(message) {
  const box = byId('error');
  box.textContent = message || '';
  box.hidden = !message;
}

export function status(message) {
  byId('status').textContent = message || '';
}

export function connection(message) {
  byId('connection').textContent = message;
}

function line(text, className) {
  const item = document.createElement('li');
  if (className) {
    item.className = className;
  }
  item.append(text);
  return item;
}

/** The accounts on this phone, each with its remove button, and the requests waiting. */
export function accounts(t, list, waiting, onRemove, onOpen) {
  byId('accounts-empty').hidden = list.length > 0;
  byId('accounts').replaceChildren(...list.map((account) => {
    const item = line('');
    const name = document.createElement('strong');
    name.textContent = t.accountLine(account.userId, account.tenantId);
    const device = document.createElement('p');
    device.textContent = t.deviceLine(account.deviceName, new Date(account.registeredAt).toLocaleDateString(document.documentElement.lang));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'danger';
    remove.textContent = t.remove;
    remove.dataset.device = account.deviceId;
    remove.setAttribute('aria-label', `${t.remove}: ${t.accountLine(account.userId, account.tenantId)}`);
    remove.addEventListener('click', () => onRemove(account));
    item.append(name, device, remove);
    return item;
  }));
  byId('requests').replaceChildren(...waiting.map((entry) => {
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = `${entry.request.purpose === 'ENROLLMENT_TEST' ? t.testTitle : t.requestTitle} ${entry.request.application || ''}`.trim();
    open.dataset.challenge = entry.request.challengeId;
    open.addEventListener('click', () => onOpen(entry.request.challengeId));
    return line(open);
  }));
}

function detail(list, label, value) {
  if (!value) {
    return;
  }
  const term = document.createElement('dt');
  term.textContent = label;
  const description = document.createElement('dd');
  description.textContent = value;
  list.append(term, description);
}

/** A request to answer: who and where, never the number; a test push says it is a test. */
export function request(t, entry) {
  const { request: shown, account, receivedAt } = entry;
  const test = shown.purpose === 'ENROLLMENT_TEST';
  const lang = document.documentElement.lang;
  byId('request-title').textContent = test ? t.testTitle : t.requestTitle;
  byId('test-notice').hidden = !test;
  byId('screen-request').dataset.purpose = shown.purpose;
  byId('screen-request').dataset.challenge = shown.challengeId;
  const list = byId('request-details');
  list.replaceChildren();
  detail(list, t.accountLabel, t.accountLine(account.userId, account.tenantId));
  detail(list, t.applicationLabel, shown.application);
  detail(list, t.placeLabel, [shown.location, shown.ipAddress && t.ipLabel(shown.ipAddress)].filter(Boolean).join(', '));
  detail(list, t.timeLabel, receivedAt.toLocaleTimeString(lang));
  detail(list, t.expiresLabel, new Date(shown.expiresAt).toLocaleTimeString(lang));
  byId('number-label').textContent = test ? t.numberLabelTest : t.numberLabel;
  const number = byId('typed-number');
  number.value = '';
  number.removeAttribute('aria-invalid');
  show('request');
}

/** How an answer or a closed request ended; outcome is a word for tests and styling. */
export function result(text, outcome) {
  byId('result-title').textContent = text;
  byId('screen-result').dataset.outcome = outcome;
  show('result');
}

export function notifications(t, permission) {
  const box = byId('notifications');
  box.hidden = permission === 'unsupported';
  byId('allow-notifications').hidden = permission !== 'default';
  byId('notifications-text').textContent = permission === 'granted' ? t.notificationsOn
    : permission === 'denied' ? t.notificationsBlocked : t.notificationsHint;
}
