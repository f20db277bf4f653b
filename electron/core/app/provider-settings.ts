/** Per-provider preferences kept in the store (for now: the authorization mode). */
import type { AuthMode } from '../../shared/view-types.ts';
import { AUTH_MODES } from '../../shared/view-types.ts';
import type { KeyValueStore } from '../ports.ts';

const KEY = 'providerSettings';

export interface ProviderSettings {
  readonly authMode?: AuthMode;
}

export class ProviderSettingsStore {
  readonly #store: KeyValueStore;
  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  #all(): Record<string, ProviderSettings> {
    const raw = this.#store.get(KEY);
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, ProviderSettings>) : {};
  }

  authMode(providerId: string): AuthMode | undefined {
    const mode = this.#all()[providerId]?.authMode;
    return typeof mode === 'string' && (AUTH_MODES as readonly string[]).includes(mode) ? mode : undefined;
  }

  setAuthMode(providerId: string, authMode: AuthMode): void {
    const all = this.#all();
    this.#store.set(KEY, { ...all, [providerId]: { ...all[providerId], authMode } });
  }
}
