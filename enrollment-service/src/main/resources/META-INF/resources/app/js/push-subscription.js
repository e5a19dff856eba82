// Web Push (notification-service README, "Web Push"): the browser's push subscription is
// registered with every account's device through a signed PUT, after activation, on every start
// and when the browser renews it. Without a VAPID key (web-push-off), or where the browser has no
// push service, the app keeps to the direct stream while it is open.

import * as keys from './keys.js';
import { signature } from './device-api.js';

const RETRY_FOR_MS = 30000;

function at(base, path) {
  return String(base).replace(/\/+$/, '') + path;
}

/** The deployment's VAPID public key (base64url), or null when Web Push is off or unreachable. */
async function vapidKey(account) {
  try {
    const response = await fetch(at(account.endpoints.notifications, '/api/v1/web-push/vapid-public-key'),
      { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
    return response.ok ? (await response.json()).publicKey : null;
  } catch (unreachable) {
    return null;
  }
}

function bytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

function sameKey(subscription, key) {
  const current = subscription.options && subscription.options.applicationServerKey;
  return current && keys.base64url(new Uint8Array(current)) === key;
}

/** The current subscription for the deployment's key: kept, or made again when the key rotated. */
export async function subscription(registration, account) {
  const key = await vapidKey(account);
  if (!key || !registration.pushManager) {
    return null;
  }
  let current = await registration.pushManager.getSubscription();
  if (current && !sameKey(current, key)) {
    await current.unsubscribe();
    current = null;
  }
  return current || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key) });
}

/**
 * Signed PUT of the subscription to one device. Right after activation notification-service may
 * not know the device yet (409 device-not-known-yet): tried again each second, freshly signed.
 */
export async function register(account, pushSubscription) {
  const path = `/api/v1/devices/${account.deviceId}/push-channels/webpush`;
  const body = new TextEncoder().encode(JSON.stringify(pushSubscription.toJSON()));
  const giveUpAt = Date.now() + RETRY_FOR_MS;
  for (;;) {
    const signed = await signature(account, 'PUT', path, body);
    const response = await fetch(at(account.endpoints.notifications, path), {
      method: 'PUT',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: {
        'Content-Type': 'application/json',
        'Tweestap-Device': signed.device,
        'Tweestap-Timestamp': signed.timestamp,
        'Tweestap-Nonce': signed.nonce,
        'Tweestap-Signature': signed.signature,
      },
      body,
    });
    if (response.status !== 409 || Date.now() > giveUpAt) {
      return response.ok;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Subscribes (when notifications are allowed) and registers the subscription with every account. */
export async function registerAll(registration, accounts) {
  if (!accounts.length || typeof Notification === 'undefined' || Notification.permission !== 'granted') {
    return false;
  }
  try {
    const current = await subscription(registration, accounts[0]);
    if (!current) {
      return false;
    }
    const results = await Promise.all(accounts.map((account) => register(account, current).catch(() => false)));
    return results.every(Boolean);
  } catch (noPushService) {
    // Browsers without a reachable push service (some private modes, headless test browsers) refuse here.
    return false;
  }
}

/** Signed DELETE of the device's Web Push channel (an account removed from this phone). */
export async function unregister(account) {
  const path = `/api/v1/devices/${account.deviceId}/push-channels/webpush`;
  const signed = await signature(account, 'DELETE', path);
  await fetch(at(account.endpoints.notifications, path), {
    method: 'DELETE',
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    headers: {
      'Tweestap-Device': signed.device,
      'Tweestap-Timestamp': signed.timestamp,
      'Tweestap-Nonce': signed.nonce,
      'Tweestap-Signature': signed.signature,
    },
  });
}
