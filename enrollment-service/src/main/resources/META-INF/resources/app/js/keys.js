// The phone's key: ECDSA P-256 made by WebCrypto with extractable=false, so the private key can
// be used to sign but never read out, not even by this script. Only the public key (X.509
// SubjectPublicKeyInfo, base64) leaves the phone. See the device-keys module for what is signed.

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' };

export function available() {
  return Boolean(globalThis.crypto && crypto.subtle && globalThis.isSecureContext);
}

/** A fresh key pair; the private half is non-extractable. */
export async function generate() {
  return crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
}

/** The public key as device-keys expects it: base64 (standard alphabet) X.509 SPKI. */
export async function publicKeyBase64(publicKey) {
  const spki = await crypto.subtle.exportKey('spki', publicKey);
  return base64(new Uint8Array(spki));
}

/**
 * Signs the UTF-8 bytes of a statement. WebCrypto answers IEEE P1363 (r||s, 64 bytes); the
 * device API verifies Java's SHA256withECDSA, which expects ASN.1 DER, so the signature is
 * converted. Result: base64url without padding, as DeviceKeyPair.sign makes it.
 */
export async function sign(privateKey, statement) {
  const raw = new Uint8Array(await crypto.subtle.sign(SIGNING, privateKey, new TextEncoder().encode(statement)));
  return base64url(derSignature(raw));
}

/** SEQUENCE { INTEGER r, INTEGER s } from r||s (each 32 bytes, unsigned big-endian). */
export function derSignature(raw) {
  const half = raw.length / 2;
  const r = derInteger(raw.slice(0, half));
  const s = derInteger(raw.slice(half));
  const body = new Uint8Array([0x02, r.length, ...r, 0x02, s.length, ...s]);
  // At most 2 + 33 + 2 + 33 = 70 bytes: the short length form always fits.
  return new Uint8Array([0x30, body.length, ...body]);
}

// A DER INTEGER is minimal and signed: strip leading zeros, then add one back if the high bit is set.
function derInteger(bytes) {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start++;
  }
  const trimmed = bytes.slice(start);
  return trimmed[0] & 0x80 ? new Uint8Array([0, ...trimmed]) : trimmed;
}

/** base64url of SHA-256 of the bytes, as SignedRequest hashes a request body. */
export async function sha256Base64url(bytes) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

export function base64(bytes) {
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

export function base64url(bytes) {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
