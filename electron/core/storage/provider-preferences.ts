/** Per-provider preferences kept in the store: the authorization mode and a fixed redirect port. */
import type { AuthMode } from '../../shared/view-types.ts';
import { AUTH_MODES } from '../../shared/view-types.ts';
import type { KeyValueStore } from '../ports.ts';

const KEY = 'providerSettings';

export interface ProviderSettings {
  readonly authMode?: AuthMode;
  readonly redirectPort?: number;
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
    this.#patch(providerId, { authMode });
  }

  /** The fixed loopback port chosen in Settings, if any. */
  redirectPort(providerId: string): number | undefined {
    const port = this.#all()[providerId]?.redirectPort;
    return typeof port === 'number' && Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : undefined;
  }

  setRedirectPort(providerId: string, redirectPort: number): void {
    this.#patch(providerId, { redirectPort });
  }

  /** Forgets the provider's preferences (its definition was saved again, or it was removed). */
  clear(providerId: string): void {
    const { [providerId]: _cleared, ...rest } = this.#all();
    this.#store.set(KEY, rest);
  }

  #patch(providerId: string, patch: ProviderSettings): void {
    const all = this.#all();
    this.#store.set(KEY, { ...all, [providerId]: { ...all[providerId], ...patch } });
  }
}
