/**
 * Custom providers added in Settings, persisted in the app's store: each definition in the
 * providers file's schema without its client secret, and the secret apart, encrypted through the
 * injected cipher (S20). Every save is validated by the same schema as the providers file.
 */
import type { SecretCipher, KeyValueStore } from '../../ports.ts';
import type { CustomProviderDefinition } from '../config/custom-provider-schema.ts';
import { checkCustomProvider, serializeCustomProvider } from '../config/custom-provider-schema.ts';
import { ProviderConfigError } from '../config/provider-config-error.ts';

const KEY = 'customProviders';

interface StoredCustomProvider {
  readonly definition: Record<string, unknown>;
  /** Ciphertext, or null when the client has no secret. */
  readonly secret: string | null;
}

export interface LoadedCustomProviders {
  readonly definitions: CustomProviderDefinition[];
  /** Stored entries that no longer validate or decrypt; kept in the store, reported in Settings. */
  readonly errors: ProviderConfigError[];
}

export type CustomSaveOutcome = { readonly ok: true; readonly definition: CustomProviderDefinition } | { readonly ok: false; readonly errors: readonly ProviderConfigError[] };

function isStoredEntry(entry: unknown): entry is StoredCustomProvider {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const { definition, secret } = entry as Record<string, unknown>;
  return typeof definition === 'object' && definition !== null && !Array.isArray(definition) && (secret === null || typeof secret === 'string');
}

const SERVER_FIELDS = ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'clientId'] as const;

/** Where a client secret goes: the endpoints and the client it identifies, as written in the form. */
function serverOf(form: Record<string, unknown>): string {
  return JSON.stringify(SERVER_FIELDS.map((field) => (typeof form[field] === 'string' ? (form[field] as string).trim() : '')));
}

export class CustomProviderStore {
  readonly #store: KeyValueStore;
  readonly #cipher: SecretCipher;

  constructor(store: KeyValueStore, cipher: SecretCipher) {
    this.#store = store;
    this.#cipher = cipher;
  }

  /** Everything stored, readable or not: entries that cannot be read stay where they are on every write (S22). */
  #raw(): unknown[] {
    const raw = this.#store.get(KEY);
    return Array.isArray(raw) ? [...raw] : [];
  }

  #entries(): StoredCustomProvider[] {
    return this.#raw().filter(isStoredEntry);
  }

  #secretOf(entry: StoredCustomProvider): string | null {
    return entry.secret === null ? null : this.#cipher.decrypt(entry.secret);
  }

  load(): LoadedCustomProviders {
    const definitions: CustomProviderDefinition[] = [];
    const errors: ProviderConfigError[] = [];
    const taken = new Set<string>();
    const raw = this.#raw();
    raw.forEach((entry, index) => {
      if (!isStoredEntry(entry)) {
        errors.push(
          new ProviderConfigError('custom_provider_unreadable', `Custom provider #${index + 1} saved in Settings could not be read.`, { providerIndex: index }, {
            hint: 'It is kept in the store file unchanged. Add the provider again in Settings if you need it.',
          }),
        );
      }
    });
    for (const entry of this.#entries()) {
      let secret: string | null;
      try {
        secret = this.#secretOf(entry);
      } catch {
        // Loaded without its secret: the check below then says a secret is needed for its auth method.
        secret = null;
      }
      const check = checkCustomProvider({ ...entry.definition, clientSecret: secret }, { takenIds: taken });
      if (check.definition === null) errors.push(...check.errors);
      else {
        definitions.push(check.definition);
        taken.add(check.definition.id);
      }
    }
    return { definitions, errors };
  }

  /**
   * Validates and saves a definition. `clientSecret`: text, null for none, undefined to keep the one
   * saved with `replaces` (the id the provider had). `otherIds`: ids used elsewhere (built-ins are
   * refused by the schema; the providers file's are passed here).
   */
  save(form: Record<string, unknown>, options: { clientSecret?: string | null; replaces?: string; otherIds: Iterable<string> }): CustomSaveOutcome {
    const entries = this.#entries();
    const previous = options.replaces === undefined ? undefined : entries.find((e) => e.definition.id === options.replaces);
    let secret: string | null;
    if (options.clientSecret !== undefined) secret = options.clientSecret === null || options.clientSecret.trim() === '' ? null : options.clientSecret;
    else secret = previous === undefined ? null : this.#secretOf(previous);
    const taken = new Map<string, string>();
    for (const id of options.otherIds) taken.set(id, 'a provider in the providers file');
    for (const entry of entries) {
      const id = entry.definition.id;
      if (typeof id === 'string' && id !== options.replaces) taken.set(id, 'another custom provider');
    }
    const { clientSecret: _ignored, ...withoutSecret } = form;
    // A kept secret belongs to the server and client it was entered for: when those change, it is
    // not carried over (it would be sent to the new token endpoint), and the form asks for it again.
    if (options.clientSecret === undefined && previous !== undefined && serverOf(previous.definition) !== serverOf(withoutSecret)) secret = null;
    const check = checkCustomProvider({ ...withoutSecret, clientSecret: secret }, { takenIds: taken });
    if (check.definition === null) return { ok: false, errors: check.errors };
    const definition = check.definition;
    const stored: StoredCustomProvider = {
      definition: serializeCustomProvider(definition, { includeClientSecret: false }),
      secret: definition.client.clientSecret === null ? null : this.#cipher.encrypt(definition.client.clientSecret),
    };
    const raw = this.#raw();
    const replaced = (e: unknown) => isStoredEntry(e) && (e.definition.id === options.replaces || e.definition.id === definition.id);
    const at = previous === undefined ? -1 : raw.findIndex((e) => isStoredEntry(e) && e.definition.id === options.replaces);
    const kept = raw.filter((e) => !replaced(e));
    const index = at < 0 ? kept.length : Math.min(raw.slice(0, at).filter((e) => !replaced(e)).length, kept.length);
    kept.splice(index, 0, stored);
    this.#store.set(KEY, kept);
    return { ok: true, definition };
  }

  remove(providerId: string): boolean {
    const entries = this.#raw();
    const kept = entries.filter((e) => !(isStoredEntry(e) && e.definition.id === providerId));
    if (kept.length === entries.length) return false;
    this.#store.set(KEY, kept);
    return true;
  }
}
