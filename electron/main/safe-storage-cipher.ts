/**
 * `SecretCipher` over Electron's safeStorage (S20): secrets are encrypted with the OS keychain /
 * DPAPI / Secret Service before electron-store writes them. Ciphertext travels as base64.
 */
import { StorageError } from '../core/errors.ts';
import { WEB_MODE_SECRET_PREFIX } from '../core/storage/file-key-cipher.ts';
import type { SecretCipher, SecretProtection } from '../core/ports.ts';

/** The part of `safeStorage` the cipher uses; the real one satisfies it. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend(): string;
}

export function storageBackendName(safeStorage: Pick<SafeStorageLike, 'getSelectedStorageBackend'>, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  if (platform === 'linux') {
    try {
      const backend = safeStorage.getSelectedStorageBackend();
      return typeof backend === 'string' && backend !== '' ? backend : 'unknown';
    } catch {
      return 'unknown';
    }
  }
  return 'unknown';
}

/**
 * Linux backends where a keyring daemon holds the key for this user account. Everything else
 * (`basic_text`: a key compiled into Chromium; `unknown`; any name added later) counts as weak until
 * it is known to be better.
 */
const LINUX_KEYRINGS: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** S20: macOS Keychain and Windows DPAPI are the OS's; on Linux only a real keyring is. */
export function protectionOf(backend: string, platform: NodeJS.Platform): SecretProtection {
  if (platform === 'darwin') return backend === 'keychain' ? 'os' : 'weak';
  if (platform === 'win32') return backend === 'dpapi' ? 'os' : 'weak';
  if (platform === 'linux') return LINUX_KEYRINGS.has(backend) ? 'os' : 'weak';
  return 'weak';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function unavailable(platform: NodeJS.Platform): StorageError {
  const hint =
    platform === 'linux'
      ? 'Install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then restart OAuth Desk.'
      : platform === 'darwin'
        ? 'Make sure your login keychain is unlocked, then restart OAuth Desk.'
        : 'Sign in to your user account normally (not a temporary profile), then restart OAuth Desk.';
  return new StorageError('secure_storage_unavailable', 'Secure storage for secrets is not available on this system.', { hint });
}

export function createSafeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher {
  const backend = storageBackendName(safeStorage, platform);
  const protection = protectionOf(backend, platform);
  const ensureAvailable = (): void => {
    let available = false;
    try {
      available = safeStorage.isEncryptionAvailable();
    } catch {
      available = false;
    }
    if (!available) throw unavailable(platform);
  };
  return {
    backend,
    protection,
    encrypt(plaintext: string): string {
      if (typeof plaintext !== 'string') throw new TypeError('Only strings can be encrypted');
      ensureAvailable();
      let encrypted: Buffer;
      try {
        encrypted = safeStorage.encryptString(plaintext);
      } catch (cause) {
        // The cause is kept for debugging in-process; only code/message/hint ever leave (S29).
        throw new StorageError('secret_encrypt_failed', 'A secret could not be encrypted.', {
          hint: 'Check that your system keyring is unlocked, then try again.',
          cause,
        });
      }
      return Buffer.from(encrypted).toString('base64');
    },
    decrypt(ciphertext: string): string {
      if (typeof ciphertext === 'string' && ciphertext.startsWith(WEB_MODE_SECRET_PREFIX)) {
        throw new StorageError('secret_from_other_mode', 'This connection was saved by `npm run web`, whose secrets use a key file instead of the system keychain.', {
          hint: 'Use it from `npm run web`, or connect it again here.',
        });
      }
      if (typeof ciphertext !== 'string' || ciphertext === '' || !BASE64.test(ciphertext)) {
        throw new StorageError('secret_undecryptable', 'A stored secret is damaged and cannot be read.', {
          hint: 'Disconnect and connect the account again.',
        });
      }
      ensureAvailable();
      try {
        return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
      } catch (cause) {
        throw new StorageError('secret_undecryptable', 'A stored secret could not be decrypted.', {
          hint: 'It may have been saved by another user account or system keyring. Disconnect and connect the account again.',
          cause,
        });
      }
    },
  };
}
