/**
 * Client credentials entered in Settings (or imported from Google's client_secret.json), per
 * provider. The client ID is stored in clear (it is public: it appears in every authorization URL);
 * the client secret only encrypted through the injected cipher (S20), and never returned to the
 * renderer (S29).
 */
import { StorageError } from '../errors.ts';
import type { SecretCipher, KeyValueStore } from '../ports.ts';

const KEY = 'clientCredentials';

interface StoredCredentials {
  readonly clientId: string;
  /** Ciphertext, or null for a public client. */
  readonly secret: string | null;
  readonly savedAt: number;
}

export interface SavedClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly savedAt: number;
}

function isStored(value: unknown): value is StoredCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.clientId === 'string' && v.clientId !== '' && (v.secret === null || typeof v.secret === 'string') && typeof v.savedAt === 'number';
}

export class ClientCredentialStore {
  readonly #store: KeyValueStore;
  readonly #cipher: SecretCipher;

  constructor(store: KeyValueStore, cipher: SecretCipher) {
    this.#store = store;
    this.#cipher = cipher;
  }

  #all(): Record<string, unknown> {
    const raw = this.#store.get(KEY);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  }

  /** Providers whose saved entry is not in the expected form (S22): ignored, kept until saved again, reported. */
  unreadable(): string[] {
    return Object.entries(this.#all())
      .filter(([, entry]) => !isStored(entry))
      .map(([providerId]) => providerId);
  }

  /** What is saved for the provider, without decrypting the secret. */
  summary(providerId: string): { clientId: string; secretSaved: boolean } | null {
    const entry = this.#all()[providerId];
    return isStored(entry) ? { clientId: entry.clientId, secretSaved: entry.secret !== null } : null;
  }

  get(providerId: string): SavedClientCredentials | null {
    const entry = this.#all()[providerId];
    if (!isStored(entry)) return null;
    let clientSecret: string | null = null;
    if (entry.secret !== null) {
      try {
        clientSecret = this.#cipher.decrypt(entry.secret);
      } catch (error) {
        throw new StorageError('client_secret_unreadable', 'The saved client secret could not be decrypted.', {
          hint: 'The system keyring may have changed. Enter the client secret again in Settings.',
          cause: error,
        });
      }
    }
    return { clientId: entry.clientId, clientSecret, savedAt: entry.savedAt };
  }

  /**
   * Saves the credentials. `clientSecret`: text to save, null to remove, undefined to keep the saved
   * one (only while the client ID stays the same: a secret belongs to its client).
   */
  save(providerId: string, clientId: string, clientSecret: string | null | undefined, now: number): void {
    const all = this.#all();
    const previous = all[providerId];
    let secret: string | null;
    if (clientSecret === undefined) secret = isStored(previous) && previous.clientId === clientId ? previous.secret : null;
    else secret = clientSecret === null ? null : this.#cipher.encrypt(clientSecret);
    const entry: StoredCredentials = { clientId, secret, savedAt: now };
    this.#store.set(KEY, { ...all, [providerId]: entry });
  }

  remove(providerId: string): void {
    const { [providerId]: _removed, ...rest } = this.#all();
    this.#store.set(KEY, rest);
  }
}
