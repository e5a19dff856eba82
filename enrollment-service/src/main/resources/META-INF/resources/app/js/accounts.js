// The accounts on this phone, in IndexedDB: one record per linked device, holding the
// non-extractable private CryptoKey itself (IndexedDB stores CryptoKey objects by structured
// clone without exposing the key material), the device id and the endpoints activation gave.

const DB = 'tweestap-authenticator';
const STORE = 'accounts';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'deviceId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Every linked account, oldest first. */
export async function all() {
  const found = await run('readonly', (store) => store.getAll());
  return found.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
}

export function get(deviceId) {
  return run('readonly', (store) => store.get(deviceId));
}

export function save(account) {
  return run('readwrite', (store) => store.put(account));
}

export function remove(deviceId) {
  return run('readwrite', (store) => store.delete(deviceId));
}
