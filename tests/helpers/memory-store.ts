/** An in-memory KeyValueStore and ciphers for storage tests that need to look at raw values. */
import type { KeyValueStore, SecretCipher } from '../../electron/core/ports.ts';
import { createTestCipher } from './test-cipher.ts';

export interface MemoryStore extends KeyValueStore {
  /** The raw values, as the store holds them (deep copies, so tests cannot change them by accident). */
  raw(key: string): unknown;
  /** Every value as JSON text, for searching for secrets in clear. */
  dump(): string;
}

export function memoryStore(initial: Record<string, unknown> = {}): MemoryStore {
  const values = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  const read = (key: string): unknown => {
    const text = values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  };
  return {
    get: read,
    // JSON round trip, as conf and electron-store do.
    set: (key, value) => void values.set(key, JSON.stringify(value)),
    delete: (key) => void values.delete(key),
    raw: read,
    dump: () => JSON.stringify(Object.fromEntries([...values].map(([k, v]) => [k, JSON.parse(v) as unknown]))),
  };
}

/** A real cipher whose decrypt always fails (a changed keyring); counts decrypt calls. */
export function failingDecryptCipher(): SecretCipher & { decryptCalls(): number } {
  const real = createTestCipher();
  let calls = 0;
  return {
    backend: 'test-failing',
    protection: real.protection,
    encrypt: (plaintext) => real.encrypt(plaintext),
    decrypt: (ciphertext) => {
      calls++;
      throw new Error(`cannot decrypt ${ciphertext}`);
    },
    decryptCalls: () => calls,
  };
}
