// The app's service worker (a module worker, scope /app/): keeps the app shell in a cache so the
// app opens offline to its own screens, shows Web Push messages as notifications, and renews the
// push subscription when the browser replaces it.

import * as accounts from './js/accounts.js';
import { registerAll } from './js/push-subscription.js';
import { texts } from './js/texts.js';

// Bump with every change of the shell's files, so that phones drop the old copies.
const CACHE = 'tweestap-app-v1';
const SHELL = [
  './', 'app.css', 'manifest.json', 'icons/icon.svg', 'icons/icon-192.png', 'icons/icon-512.png',
  'js/main.js', 'js/screens.js', 'js/texts.js', 'js/keys.js', 'js/accounts.js', 'js/device-api.js',
  'js/push-subscription.js',
];
const SHELL_URLS = new Set(SHELL.map((path) => new URL(path, self.registration.scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// The shell from the cache first (it opens offline and at once), refreshed in the background so the
// next start has the newest copy. Every page of the app (/app/, /app/activate) is the same index.html.
// Nothing else is touched: API calls and the stream always go to the network.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const inScope = request.url.startsWith(self.registration.scope);
  const key = request.mode === 'navigate' && inScope ? self.registration.scope : request.url.split('#')[0];
  if (!SHELL_URLS.has(key)) {
    return;
  }
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(key);
    const fresh = fetch(key, { cache: 'no-cache' })
      .then((response) => {
        if (response.ok) {
          cache.put(key, response.clone());
        }
        return response;
      });
    if (cached) {
      event.waitUntil(fresh.catch(() => undefined));
      return cached;
    }
    return fresh;
  }));
});

// A Web Push message is the stream's frame: never the number, never a secret. With
// userVisibleOnly every push must show something, so unknown types show a plain notification.
self.addEventListener('push', (event) => {
  const t = texts();
  let frame = {};
  try {
    frame = event.data ? event.data.json() : {};
  } catch (unreadable) {
    frame = {};
  }
  let title = t.appName;
  const options = { body: t.pushBody, icon: 'icons/icon-192.png', badge: 'icons/icon-192.png', data: {} };
  if (frame.type === 'challenge' && typeof frame.challengeId === 'string') {
    title = frame.purpose === 'ENROLLMENT_TEST' ? t.pushTestTitle : t.pushTitle;
    options.body = [frame.application, frame.location, t.pushBody].filter(Boolean).join(' · ');
    options.tag = frame.challengeId;
    options.requireInteraction = true;
    options.data = { challengeId: frame.challengeId };
  } else if (frame.type === 'new-device') {
    title = t.newDeviceTitle;
    options.body = t.newDevice(frame.deviceName || '');
  } else if (frame.type === 'access-pass') {
    title = t.accessPassTitle;
    options.body = t.accessPass(frame.action);
  }
  event.waitUntil(self.registration.showNotification(title, options));
});

// Opens the approval screen of the challenge: in a window of the app that is already open, else a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const challengeId = event.notification.data && event.notification.data.challengeId;
  const target = new URL(challengeId ? `./#request=${encodeURIComponent(challengeId)}` : './', self.registration.scope).href;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => client.url.startsWith(self.registration.scope));
    if (open) {
      open.postMessage({ type: 'open-request', challengeId });
      return open.focus();
    }
    return self.clients.openWindow(target);
  }));
});

// The browser replaced the subscription (expiry, key change): register the new one with every
// device, signed with the accounts' keys from IndexedDB.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(accounts.all().then((linked) => registerAll(self.registration, linked)));
});
