/**
 * The cipher for web mode, where Electron's safeStorage (the OS keychain) does not exist:
 * AES-256-GCM with a random key kept in a 0600 file in the data folder. This keeps secrets out of
 * the store file in clear, but anyone who can read the data folder can read the key: the app says so.
 *
 * Its protection is therefore `weak` (S20), like Linux's `basic_text`: the key lies next to the data
 * it protects, so a copy of the data folder (a backup, another program running as this user) gives
 * away every secret. The random per-folder key is better than basic_text's fixed one only against a
 * leak of the store file alone. As on any weak backend, web mode keeps refresh tokens in memory only
 * unless the person turns on "Keep refresh tokens on disk" in Storage & security.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '../errors.ts';
import type { SecretCipher, SecretProtection } from '../ports.ts';

export const KEY_FILE = 'web-mode.key';
/** The `backend` name of web mode's cipher. */
export const KEY_FILE_BACKEND = 'key-file';
/** Marks secrets written by this cipher, so the desktop app's cipher can recognise them (and vice versa). */
export const WEB_MODE_SECRET_PREFIX = 'v1:';
const PREFIX = WEB_MODE_SECRET_PREFIX;

function loadOrCreateKey(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  try {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
    throw new StorageError('cipher_key_invalid', `The key file ${path} is damaged.`, {
      hint: 'Delete the key file to start over (stored connections will need to be connected again).',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * A cipher over a given 32-byte key. `protection` says how well the caller keeps that key: web mode
 * passes `weak` (the key file); tests stand in for the OS keychain with a throwaway key held only in
 * memory, which is the default.
 */
export function createAesGcmCipher(key: Buffer, backend: string, protection: SecretProtection = 'os'): SecretCipher {
  if (key.length !== 32) throw new RangeError('AES-256-GCM needs a 32-byte key.');
  return {
    backend,
    protection,
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(PREFIX)) {
        throw new StorageError('secret_from_other_mode', 'This connection was saved by the OAuth Desk desktop app, whose secrets are locked in the system keychain.', {
          hint: 'Use it from the desktop app, or connect it again here.',
        });
      }
      try {
        const raw = Buffer.from(ciphertext.slice(PREFIX.length), 'base64');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new StorageError('secret_undecryptable', 'A stored secret could not be decrypted.', {
          hint: 'The data folder was probably copied from another machine or its key changed. Connect the provider again.',
          cause,
        });
      }
    },
  };
}

export function createFileKeyCipher(dataDir: string): SecretCipher {
  return createAesGcmCipher(loadOrCreateKey(dataDir), KEY_FILE_BACKEND, 'weak');
}
