import { randomBytes } from 'node:crypto';
import { createAesGcmCipher } from '../../electron/core/storage/file-key-cipher.ts';
import type { SecretCipher } from '../../electron/core/ports.ts';

/** A real AES-GCM cipher with a throwaway key: what safeStorage is in the app. */
export function createTestCipher(): SecretCipher {
  return createAesGcmCipher(randomBytes(32), 'test');
}
