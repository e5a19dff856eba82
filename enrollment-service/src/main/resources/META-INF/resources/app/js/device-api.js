// The device API as the reference authenticator speaks it (authenticator/Authenticator.java):
// activation at enrollment-service, the signed list of pending requests and signed answers at
// challenge-service, and the signed direct stream at notification-service.

import * as keys from './keys.js';

/** enrollment-service's public URL: this module is served from <public>/app/js/. */
export const ENROLLMENT = new URL('../../', import.meta.url);

/** A service's RFC 9457 problem document, or a network failure (status 0). */
export class ServiceProblem extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.kind = problem && typeof problem.type === 'string' ? problem.type.split('/').pop() : null;
  }
}

/** Appends rather than resolves, so a service published under a path prefix keeps it. */
function at(base, path) {
  return String(base).replace(/\/+$/, '') + path;
}

async function call(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, headers: { Accept: 'application/json', ...(init && init.headers) },
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch (unreachable) {
    throw new ServiceProblem(0, null);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (notJson) {
    body = null;
  }
  if (!response.ok) {
    throw new ServiceProblem(response.status, body);
  }
  return body;
}

/**
 * Spends the activation code with a fresh key pair. Only the public key is sent; the record that
 * is returned (and saved by the caller) keeps the private CryptoKey on the phone.
 */
export async function activate(activationCode, deviceName, pushChannels = [{ kind: 'direct', address: 'stream' }]) {
  const pair = await keys.generate();
  const publicKey = await keys.publicKeyBase64(pair.publicKey);
  const activated = await call(at(ENROLLMENT, '/api/v1/device-activations'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ activationCode, publicKey, deviceName, platform: 'web', pushChannels }),
  });
  return {
    deviceId: activated.deviceId,
    tenantId: activated.tenantId,
    userId: activated.userId,
    deviceName: activated.deviceName,
    registeredAt: activated.registeredAt,
    endpoints: activated.endpoints,
    publicKey,
    privateKey: pair.privateKey,
  };
}

/** The device-keys request signature (SignedRequest.statement()) over the method, raw path and body bytes. */
export async function signature(account, method, path, body = new Uint8Array(0)) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = crypto.randomUUID();
  const bodyHash = await keys.sha256Base64url(body);
  const statement = ['tweestap-request-v1', method, path, account.deviceId, timestamp, nonce, bodyHash].join('\n');
  return { device: account.deviceId, timestamp, nonce, signature: await keys.sign(account.privateKey, statement) };
}

/** Everything waiting for this device's answer, each with the server nonce the answer must sign. */
export async function pending(account) {
  const path = `/api/v1/devices/${account.deviceId}/challenges`;
  const signed = await signature(account, 'GET', path);
  return call(at(account.endpoints.challenges, path), {
    headers: {
      'Tweestap-Device': signed.device,
      'Tweestap-Timestamp': signed.timestamp,
      'Tweestap-Nonce': signed.nonce,
      'Tweestap-Signature': signed.signature,
    },
  });
}

/** decision: APPROVE (with the typed number), DENY or REPORT_FRAUD; signed over ChallengeAnswer.statement(). */
export async function answer(account, request, decision, typedNumber) {
  const number = decision === 'APPROVE' ? String(typedNumber || '').trim() : '';
  const statement = ['tweestap-answer-v1', request.challengeId, request.serverNonce, account.deviceId, decision, number]
    .join('\n');
  const path = `/api/v1/devices/${account.deviceId}/challenges/${request.challengeId}/answer`;
  return call(at(account.endpoints.challenges, path), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ decision, typedNumber: number, signature: await keys.sign(account.privateKey, statement) }),
  });
}

/**
 * The direct push channel. A browser cannot put headers on a WebSocket handshake, so the same
 * four signature values travel as query parameters (notification-service accepts either form);
 * the nonce makes a logged URL worthless. Reconnects with back-off while `keepOpen` holds; every
 * frame naming a push is acknowledged so the service does not send it again.
 */
export class PushStream {
  constructor(account, onFrame, onState) {
    this.account = account;
    this.onFrame = onFrame;
    this.onState = onState;
    this.keepOpen = true;
    this.backOff = 1000;
    this.connect();
  }

  async connect() {
    if (!this.keepOpen) {
      return;
    }
    const path = `/api/v1/devices/${this.account.deviceId}/stream`;
    let socket;
    try {
      const signed = await signature(this.account, 'GET', path);
      const url = new URL(at(this.account.endpoints.notifications, path));
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      Object.entries(signed).forEach(([name, value]) => url.searchParams.set(name, value));
      socket = new WebSocket(url);
    } catch (failed) {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.backOff = 1000;
      this.onState(true);
    };
    socket.onmessage = (message) => this.deliver(socket, message.data);
    socket.onclose = () => {
      this.onState(false);
      this.retry();
    };
  }

  deliver(socket, text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (unreadable) {
      return;
    }
    if (!frame || typeof frame !== 'object') {
      return;
    }
    try {
      this.onFrame(frame, this.account);
    } finally {
      if (typeof frame.pushId === 'string' && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: 'ack', pushId: frame.pushId }));
      }
    }
  }

  retry() {
    if (this.keepOpen) {
      setTimeout(() => this.connect(), this.backOff);
      this.backOff = Math.min(this.backOff * 2, 30000);
    }
  }

  close() {
    this.keepOpen = false;
    if (this.socket) {
      this.socket.close(1000, 'bye');
    }
  }
}
