// The Tweestap Authenticator web app: links this phone to work accounts (from the wizard's QR URL
// /app/activate#<code>, or a typed code), holds each account's signed push stream while open,
// and answers sign-ins with the number the sign-in screen shows.

import * as accounts from './accounts.js';
import * as api from './device-api.js';
import * as keys from './keys.js';
import * as screens from './screens.js';
import { registerAll, unregister } from './push-subscription.js';
import { choose, language, texts } from './texts.js';

let lang = language();
let t = texts(lang);
let linked = [];
const streams = new Map(); // deviceId -> PushStream
const connected = new Set(); // deviceIds whose stream is open
const waiting = new Map(); // challengeId -> { request, account, receivedAt }
const closed = new Set(); // challengeIds the stream said are over
let shown = null; // the challengeId on the request screen

const byId = (id) => document.getElementById(id);
const label = (account) => t.accountLine(account.userId, account.tenantId);

async function boot() {
  screens.applyTexts(lang, t);
  wire();
  if (!keys.available()) {
    screens.error(t.noWebCrypto);
    screens.show('accounts', false);
    return;
  }
  registerServiceWorker();
  linked = await accounts.all();
  renderAccounts();
  const code = activationCodeInUrl();
  if (code) {
    // The code is a credential: off the address bar and out of the history at once.
    history.replaceState(null, '', './');
    await activate(code, defaultDeviceName());
  } else {
    route();
  }
  linked.forEach(openStream);
  setUpPush();
}

/** /app/activate#<code>: the URL in the wizard's QR code. The fragment never reaches a server log. */
function activationCodeInUrl() {
  if (!location.pathname.endsWith('/activate') || location.hash.length < 2) {
    return null;
  }
  return decodeURIComponent(location.hash.slice(1)).trim();
}

function defaultDeviceName() {
  const agent = navigator.userAgent;
  const kind = /iPhone|iPad/.test(agent) ? 'iPhone' : /Android/.test(agent) ? 'Android' : null;
  return kind ? `${t.deviceNameDefault} (${kind})` : t.deviceNameDefault;
}

function route() {
  const wanted = location.hash.startsWith('#request=') ? decodeURIComponent(location.hash.slice(9)) : null;
  if (location.hash === '#add') {
    openAdd();
  } else if (wanted && waiting.has(wanted)) {
    showRequest(wanted);
  } else {
    screens.show('accounts', false);
  }
}

function wire() {
  byId('switch-language').addEventListener('click', () => {
    lang = lang === 'nl' ? 'en' : 'nl';
    choose(lang);
    t = texts(lang);
    screens.applyTexts(lang, t);
    renderAccounts();
    if (screens.current() === 'request' && waiting.has(shown)) {
      screens.request(t, waiting.get(shown));
    }
    updateConnection();
    updateNotifications();
  });
  byId('add-account').addEventListener('click', openAdd);
  byId('cancel-add').addEventListener('click', () => screens.show('accounts'));
  byId('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const code = byId('code').value.trim();
    const name = byId('device-name').value.trim() || defaultDeviceName();
    if (!code) {
      byId('code').setAttribute('aria-invalid', 'true');
      screens.error(t.codeUnknown);
      byId('code').focus();
      return;
    }
    activate(code, name);
  });
  byId('answer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    decide('APPROVE');
  });
  byId('deny').addEventListener('click', () => decide('DENY'));
  byId('report-fraud').addEventListener('click', () => decide('REPORT_FRAUD'));
  byId('back').addEventListener('click', showNextOrAccounts);
  byId('allow-notifications').addEventListener('click', async () => {
    await Notification.requestPermission();
    updateNotifications();
    setUpPush();
  });
  window.addEventListener('hashchange', route);
  if ('serviceWorker' in navigator) {
    // A notification tapped while the app was already open.
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'open-request') {
        refreshAll().then(() => (waiting.has(event.data.challengeId) ? showRequest(event.data.challengeId) : null));
      }
    });
  }
}

function openAdd() {
  screens.error('');
  byId('code').removeAttribute('aria-invalid');
  byId('device-name').value = byId('device-name').value || defaultDeviceName();
  screens.show('add');
}

async function activate(code, deviceName) {
  screens.error('');
  screens.status(t.activating);
  try {
    const account = await api.activate(code, deviceName);
    await accounts.save(account);
    linked.push(account);
    byId('code').value = '';
    screens.status(t.activated(label(account)));
    renderAccounts();
    screens.show('accounts');
    openStream(account);
    setUpPush();
  } catch (problem) {
    screens.status('');
    byId('code').value = code;
    byId('code').setAttribute('aria-invalid', 'true');
    screens.show('add', false);
    screens.error(explain(problem));
    byId('code').focus();
  }
}

function explain(problem) {
  if (!(problem instanceof api.ServiceProblem)) {
    return t.failed(String(problem && problem.message));
  }
  switch (problem.status === 0 ? 'unreachable' : problem.kind) {
    case 'unreachable': return t.unreachable;
    case 'activation-code-unknown': return t.codeUnknown;
    case 'activation-code-used': return t.codeUsed;
    case 'activation-code-expired': return t.codeExpired;
    default: return t.failed(problem.message);
  }
}

function openStream(account) {
  if (streams.has(account.deviceId)) {
    return;
  }
  streams.set(account.deviceId, new api.PushStream(account, onFrame, (open) => {
    if (open) {
      connected.add(account.deviceId);
      // Anything missed while closed: the list also carries the nonce every answer signs.
      refresh(account);
    } else {
      connected.delete(account.deviceId);
    }
    updateConnection();
  }));
}

function onFrame(frame, account) {
  if (frame.type === 'challenge' && !waiting.has(frame.challengeId) && !closed.has(frame.challengeId)) {
    if (typeof frame.serverNonce === 'string') {
      // The push carries everything the answer signs: shown at once, no round trip first.
      const { challengeId, serverNonce, purpose, application, ipAddress, location, expiresAt } = frame;
      offer([{ challengeId, serverNonce, purpose, application, ipAddress, location, expiresAt }], account);
    } else {
      refresh(account);
    }
  } else if (frame.type === 'challenge-closed' && typeof frame.challengeId === 'string') {
    closed.add(frame.challengeId);
    waiting.delete(frame.challengeId);
    if (shown === frame.challengeId && screens.current() === 'request') {
      const outcome = { approved: t.closedApproved, denied: t.closedDenied, expired: t.closedExpired };
      screens.result(outcome[frame.outcome] || t.closedCancelled, `closed-${frame.outcome}`);
    }
    renderAccounts();
  } else if (frame.type === 'new-device') {
    screens.status(t.newDevice(frame.deviceName || ''));
  } else if (frame.type === 'access-pass') {
    screens.status(t.accessPass(frame.action));
  }
}

/** Fetches what waits for one account and shows the first request when nothing else is being answered. */
async function refresh(account) {
  let list;
  try {
    list = await api.pending(account);
  } catch (unreachable) {
    return;
  }
  offer(list, account);
}

/** Adds requests not yet known and shows the first one when nothing else is being answered. */
function offer(list, account) {
  list.filter((request) => !waiting.has(request.challengeId) && !closed.has(request.challengeId))
    .forEach((request) => waiting.set(request.challengeId, { request, account, receivedAt: new Date() }));
  renderAccounts();
  const wanted = location.hash.startsWith('#request=') ? decodeURIComponent(location.hash.slice(9)) : null;
  if (wanted && waiting.has(wanted) && screens.current() !== 'request') {
    showRequest(wanted);
  } else if (['accounts', 'loading'].includes(screens.current()) || (screens.current() === 'result' && waiting.size > 0)) {
    // A new request replaces the outcome of the last one; the add screen is left alone.
    showNextOrAccounts();
  }
}

function refreshAll() {
  return Promise.all(linked.map(refresh));
}

function showRequest(challengeId) {
  shown = challengeId;
  screens.error('');
  screens.request(t, waiting.get(challengeId));
  byId('typed-number').focus();
}

function showNextOrAccounts() {
  const next = [...waiting.values()].sort((a, b) => a.request.expiresAt.localeCompare(b.request.expiresAt))[0];
  if (next) {
    showRequest(next.request.challengeId);
  } else {
    shown = null;
    screens.show('accounts');
  }
}

async function decide(decision) {
  const entry = waiting.get(shown);
  if (!entry) {
    showNextOrAccounts();
    return;
  }
  const number = byId('typed-number');
  if (decision === 'APPROVE' && !number.value.trim()) {
    number.setAttribute('aria-invalid', 'true');
    number.setAttribute('aria-describedby', 'error');
    screens.error(t.numberMissing);
    number.focus();
    return;
  }
  screens.error('');
  try {
    const result = await api.answer(entry.account, entry.request, decision, number.value);
    waiting.delete(entry.request.challengeId);
    closed.add(entry.request.challengeId);
    renderAccounts();
    screens.result(outcomeText(result, entry.request.purpose === 'ENROLLMENT_TEST'),
      `${String(result.status).toLowerCase()}${result.reason ? `-${result.reason.toLowerCase()}` : ''}`);
  } catch (problem) {
    screens.error(explain(problem));
  }
}

function outcomeText(result, test) {
  if (result.status === 'APPROVED') {
    return test ? t.approvedTest : t.approved;
  }
  if (result.status === 'EXPIRED') {
    return t.closedExpired;
  }
  return { WRONG_NUMBER: t.deniedWrongNumber, FRAUD_REPORTED: t.fraudReported }[result.reason] || t.denied;
}

/** Local removal: the key is deleted here; the organisation still lists the device until removed there. */
async function removeAccount(account) {
  if (!window.confirm(t.removeConfirm(label(account)))) {
    return;
  }
  const stream = streams.get(account.deviceId);
  if (stream) {
    stream.close();
    streams.delete(account.deviceId);
  }
  // Best effort: stop Web Push to this browser for the device before its key is gone.
  await unregister(account).catch(() => undefined);
  await accounts.remove(account.deviceId);
  linked = linked.filter((other) => other.deviceId !== account.deviceId);
  [...waiting.entries()].filter(([, entry]) => entry.account.deviceId === account.deviceId)
    .forEach(([id]) => waiting.delete(id));
  connected.delete(account.deviceId);
  renderAccounts();
  updateConnection();
  screens.status(t.removed(label(account)));
  screens.show('accounts');
}

function renderAccounts() {
  screens.accounts(t, linked, [...waiting.values()], removeAccount, showRequest);
  updateNotifications();
}

function updateConnection() {
  screens.connection(linked.length === 0 ? '' : connected.size > 0 ? t.connected : t.offline);
}

function updateNotifications() {
  const supported = typeof Notification !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window;
  screens.notifications(t, !supported || linked.length === 0 ? 'unsupported' : Notification.permission);
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) {
    return;
  }
  // A module worker (it imports the signing code for subscription renewals); scope: the app's folder.
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { type: 'module', scope: new URL('../', import.meta.url).pathname })
    .catch(() => undefined);
}

/** Registers the Web Push subscription with every account, when notifications are allowed. */
async function setUpPush() {
  if (!('serviceWorker' in navigator) || linked.length === 0) {
    return;
  }
  const registration = await navigator.serviceWorker.ready;
  await registerAll(registration, linked);
}

boot();
