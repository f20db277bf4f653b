/**
 * The person's storage choices, kept in the store: whether refresh tokens are written to disk even
 * though the secret storage is weak (S20). Without a valid saved choice they are not.
 */
import type { KeyValueStore } from '../ports.ts';

export const STORAGE_PREFERENCES_KEY = 'storagePreferences';

interface StoredPreferences {
  readonly keepRefreshTokensOnDisk: boolean;
}

function isStored(value: unknown): value is StoredPreferences {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Record<string, unknown>).keepRefreshTokensOnDisk === 'boolean';
}

export class StoragePreferences {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  /** Opted in to refresh tokens on disk on a weak backend. An unreadable value counts as no. */
  keepRefreshTokensOnDisk(): boolean {
    const raw = this.#store.get(STORAGE_PREFERENCES_KEY);
    return isStored(raw) && raw.keepRefreshTokensOnDisk;
  }

  setKeepRefreshTokensOnDisk(keep: boolean): void {
    const raw = this.#store.get(STORAGE_PREFERENCES_KEY);
    const rest = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    this.#store.set(STORAGE_PREFERENCES_KEY, { ...rest, keepRefreshTokensOnDisk: keep });
  }

  /** The saved value is there but not in the expected form (reported; treated as not opted in). */
  unreadable(): boolean {
    const raw = this.#store.get(STORAGE_PREFERENCES_KEY);
    return raw !== undefined && !isStored(raw);
  }
}
