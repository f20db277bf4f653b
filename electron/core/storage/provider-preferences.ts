/** Per-provider preferences kept in the store: the authorization mode and a fixed redirect port. */
import type { AuthMode } from '../../shared/view-types.ts';
import { AUTH_MODES } from '../../shared/view-types.ts';
import type { KeyValueStore } from '../ports.ts';

const KEY = 'providerSettings';

export interface ProviderSettings {
  readonly authMode?: AuthMode;
  readonly redirectPort?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const validMode = (mode: unknown): mode is AuthMode => typeof mode === 'string' && (AUTH_MODES as readonly string[]).includes(mode);
const validPort = (port: unknown): port is number => typeof port === 'number' && Number.isInteger(port) && port >= 1024 && port <= 65535;

/** Every field present is valid (S22); absent fields fall back to the provider's defaults. */
function isValidEntry(entry: unknown): boolean {
  return isObject(entry) && (entry.authMode === undefined || validMode(entry.authMode)) && (entry.redirectPort === undefined || validPort(entry.redirectPort));
}

export class ProviderSettingsStore {
  readonly #store: KeyValueStore;
  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  #all(): Record<string, unknown> {
    const raw = this.#store.get(KEY);
    return isObject(raw) ? raw : {};
  }

  #entry(providerId: string): Record<string, unknown> {
    const entry = Object.hasOwn(this.#all(), providerId) ? this.#all()[providerId] : undefined;
    return isObject(entry) ? entry : {};
  }

  /** Providers whose saved preferences are not in the expected form: the defaults apply until chosen again. */
  unreadable(): string[] {
    return Object.entries(this.#all())
      .filter(([, entry]) => !isValidEntry(entry))
      .map(([providerId]) => providerId);
  }

  authMode(providerId: string): AuthMode | undefined {
    const mode = this.#entry(providerId).authMode;
    return validMode(mode) ? mode : undefined;
  }

  setAuthMode(providerId: string, authMode: AuthMode): void {
    this.#patch(providerId, { authMode });
  }

  /** The fixed loopback port chosen in Settings, if any. */
  redirectPort(providerId: string): number | undefined {
    const port = this.#entry(providerId).redirectPort;
    return validPort(port) ? port : undefined;
  }

  setRedirectPort(providerId: string, redirectPort: number): void {
    this.#patch(providerId, { redirectPort });
  }

  /** Forgets the provider's preferences (its definition was saved again, or it was removed). */
  clear(providerId: string): void {
    const { [providerId]: _cleared, ...rest } = this.#all();
    this.#store.set(KEY, rest);
  }

  /** Other providers' entries, readable or not, stay as they are; this provider's unreadable fields give way. */
  #patch(providerId: string, patch: ProviderSettings): void {
    const { authMode, redirectPort, ...others } = this.#entry(providerId);
    const kept = {
      ...others,
      ...(validMode(authMode) ? { authMode } : {}),
      ...(validPort(redirectPort) ? { redirectPort } : {}),
    };
    this.#store.set(KEY, { ...this.#all(), [providerId]: { ...kept, ...patch } });
  }
}
