/**
 * What protects the secrets, in plain words for Settings and the window's notice (S20). The cipher
 * says which mechanism it is (`backend`) and how strong it is (`protection`); this says what that
 * means for the person.
 */
import type { SecretCipher } from '../ports.ts';
import { KEY_FILE, KEY_FILE_BACKEND } from './file-key-cipher.ts';

export interface SecretStorageDescription {
  /** The mechanism's name, e.g. "macOS Keychain". */
  readonly label: string;
  /** What it protects against, or why it does not, in a sentence or two. */
  readonly description: string;
  /** For weak storage: how to get a system keyring instead; null when there is nothing to do. */
  readonly remedy: string | null;
}

const LINUX_KEYRING_REMEDY = 'To use the system keyring instead, install and unlock a Secret Service keyring (GNOME Keyring, or KWallet on KDE), then restart OAuth Desk.';

const KNOWN: Readonly<Record<string, SecretStorageDescription>> = {
  keychain: {
    label: 'macOS Keychain',
    description: 'Secrets are encrypted with a key kept in your login keychain, which only your macOS user account can unlock.',
    remedy: null,
  },
  dpapi: {
    label: 'Windows Data Protection (DPAPI)',
    description: 'Secrets are encrypted with a key tied to your Windows user account.',
    remedy: null,
  },
  gnome_libsecret: {
    label: 'Secret Service keyring (GNOME Keyring or compatible)',
    description: 'Secrets are encrypted with a key kept in your login keyring, which is unlocked when you sign in to your desktop.',
    remedy: null,
  },
  kwallet: { label: 'KDE Wallet', description: 'Secrets are encrypted with a key kept in your KDE Wallet.', remedy: null },
  kwallet5: { label: 'KDE Wallet (KWallet 5)', description: 'Secrets are encrypted with a key kept in your KDE Wallet.', remedy: null },
  kwallet6: { label: 'KDE Wallet (KWallet 6)', description: 'Secrets are encrypted with a key kept in your KDE Wallet.', remedy: null },
  basic_text: {
    label: 'No keyring (basic text)',
    description:
      'No system keyring is available, so secrets are encrypted with a fixed key built into the app. That keeps them from being readable at a glance, but anyone who can read your files can decrypt them.',
    remedy: LINUX_KEYRING_REMEDY,
  },
  unknown: {
    label: 'Unknown',
    description: 'The system did not say how it protects secrets, so OAuth Desk treats them as unprotected: anyone who can read your files may be able to decrypt them.',
    remedy: LINUX_KEYRING_REMEDY,
  },
  [KEY_FILE_BACKEND]: {
    label: `Key file in the data folder (${KEY_FILE})`,
    description:
      'The browser version (npm run web) has no access to the system keyring. Secrets are encrypted with a random key kept in a file next to the data, so anyone who can read the data folder can decrypt them.',
    remedy: 'The desktop app keeps secrets in the system keyring; use it for accounts that matter.',
  },
};

export function describeSecretStorage(cipher: Pick<SecretCipher, 'backend' | 'protection'>): SecretStorageDescription {
  if (Object.hasOwn(KNOWN, cipher.backend)) return KNOWN[cipher.backend] as SecretStorageDescription;
  return cipher.protection === 'os'
    ? { label: cipher.backend, description: 'Secrets are encrypted with a key kept by the operating system for your user account.', remedy: null }
    : {
        label: cipher.backend,
        description: 'Secrets are encrypted, but not with a key the operating system protects: anyone who can read your files may be able to decrypt them.',
        remedy: null,
      };
}
