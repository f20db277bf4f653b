/**
 * Every provider the app offers, in the order the window shows them: the Sandbox, the built-ins
 * (Google, Google Health, X, Discord), the providers file's custom providers, then those added in
 * Settings. Holds the configuration problems found on the way (a bad providers file or variable is
 * reported and skipped; the rest of the app starts normally) and the stores Settings writes to.
 */
import type { ErrorInfo } from '../../shared/error-info.ts';
import type { ConfigProblemView, FieldProblem, SaveCustomProviderResult } from '../../shared/settings-types.ts';
import { RequestError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Clock, KeyValueStore, Logger, SecretCipher } from '../ports.ts';
import { ClientCredentialStore } from '../storage/client-credential-store.ts';
import { ProviderSettingsStore } from '../storage/provider-preferences.ts';
import { createBuiltInProvider } from './built-in/built-in-provider.ts';
import type { DiscordEndpoints } from './built-in/discord.ts';
import { discordSpec } from './built-in/discord.ts';
import type { GoogleHealthEndpoints } from './built-in/google-health.ts';
import { googleHealthSpec } from './built-in/google-health.ts';
import type { GoogleEndpoints } from './built-in/google.ts';
import { googleSpec } from './built-in/google.ts';
import type { XEndpoints } from './built-in/x.ts';
import { xSpec } from './built-in/x.ts';
import { readCredentialsEnv } from './config/credentials-env.ts';
import { serializeCustomProvider } from './config/custom-provider-schema.ts';
import { ProviderConfigError } from './config/provider-config-error.ts';
import type { LoadedProvidersFile } from './config/providers-file.ts';
import { createCustomProvider } from './custom/custom-provider.ts';
import { CustomProviderStore } from './custom/custom-provider-store.ts';
import type { ClientSummary } from './client-credentials.ts';
import { summarizeClient } from './client-credentials.ts';
import type { ProviderProfile } from './provider-profile.ts';
import { createSandboxProvider } from './sandbox-provider.ts';

/** The built-ins' API addresses, replaced by local emulators in tests only. */
export interface BuiltInEndpointOverrides {
  readonly google?: GoogleEndpoints;
  readonly 'google-health'?: GoogleHealthEndpoints;
  readonly x?: XEndpoints;
  readonly discord?: DiscordEndpoints;
}

export interface ProviderCatalogOptions {
  readonly store: KeyValueStore;
  readonly cipher: SecretCipher;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where OAUTH_DESK_<PROVIDER>_CLIENT_ID / _SECRET are read from (process.env in the hosts). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The providers file as loaded at start, or null when there is none to load. */
  readonly providersFile?: LoadedProvidersFile | null;
  readonly sandboxTokenTtlSeconds?: number;
  readonly endpoints?: BuiltInEndpointOverrides;
  /** Problems met before the catalog was built (e.g. an unusable OAUTH_DESK_PROVIDERS value). */
  readonly startupProblems?: readonly ErrorInfo[];
  /** Leave the built-ins (not the Sandbox) out: tests of one custom provider. */
  readonly withoutBuiltIns?: boolean;
}

export interface ProviderCatalog {
  profiles(): readonly ProviderProfile[];
  /** Configuration problems found at start and since (stored custom providers that no longer validate). */
  problems(): ConfigProblemView[];
  readonly credentials: ClientCredentialStore | null;
  readonly preferences: ProviderSettingsStore | null;
  /** Which client a built-in provider uses now (Settings, environment, or the client it shares); no secret. */
  clientInUse(providerId: string): ClientSummary | null;
  saveCustom(form: Record<string, unknown>, options: { clientSecret?: string | null; replaces?: string }): SaveCustomProviderResult;
  removeCustom(providerId: string): void;
  /** Called after the list of providers changed (a custom provider added, edited or removed). */
  onChange(listener: () => void): () => void;
  close(): Promise<void>;
}

export function configProblemOf(error: ErrorInfo): ConfigProblemView {
  const located = error instanceof ProviderConfigError ? error : null;
  return {
    code: error.code,
    message: error.message,
    hint: error.hint,
    file: located?.file ?? null,
    providerId: located?.providerId ?? null,
    field: located?.field ?? null,
  };
}

function fieldProblem(error: ProviderConfigError): FieldProblem {
  return { field: error.field, message: error.message, hint: error.hint };
}

/** A fixed list (tests that bring their own provider profiles). */
export function staticCatalog(profiles: readonly ProviderProfile[]): ProviderCatalog {
  const refuse = (): never => {
    throw new RequestError('custom_providers_unavailable', 'Custom providers cannot be changed here.', { hint: 'Restart OAuth Desk.' });
  };
  return {
    profiles: () => profiles,
    problems: () => [],
    credentials: null,
    preferences: null,
    clientInUse: () => null,
    saveCustom: refuse,
    removeCustom: refuse,
    onChange: () => () => {},
    close: async () => {
      await Promise.all(profiles.map((p) => p.close().catch(() => {})));
    },
  };
}

export function createProviderCatalog(options: ProviderCatalogOptions): ProviderCatalog {
  const credentials = new ClientCredentialStore(options.store, options.cipher);
  const preferences = new ProviderSettingsStore(options.store);
  const customStore = new CustomProviderStore(options.store, options.cipher);
  const env = readCredentialsEnv(options.env ?? {});
  const file = options.providersFile ?? null;
  const listeners = new Set<() => void>();
  const sources = { saved: credentials, env: env.credentials };
  const deps = { credentials: sources, preferences, clock: options.clock };
  const endpoints = options.endpoints ?? {};

  const sandbox = createSandboxProvider({
    http: options.http,
    logger: options.logger,
    ...(options.sandboxTokenTtlSeconds === undefined ? {} : { accessTokenTtlSeconds: options.sandboxTokenTtlSeconds }),
  });
  const specs = options.withoutBuiltIns ? [] : [googleSpec(endpoints.google), googleHealthSpec(endpoints['google-health']), xSpec(endpoints.x), discordSpec(endpoints.discord)];
  const builtIns = specs.map((spec) => createBuiltInProvider(spec, deps));
  const fromFile = (file?.providers ?? []).map((definition) => createCustomProvider(definition, { http: options.http, source: 'providers-file', file: file!.file }));
  const fileIds = new Set(fromFile.map((p) => p.id));

  let fromSettings: ProviderProfile[] = [];
  let storedErrors: ProviderConfigError[] = [];
  /** Unchanged definitions keep their profile (and its discovered endpoints and running sign-in). */
  let built = new Map<string, { readonly key: string; readonly profile: ProviderProfile }>();
  const loadSettings = () => {
    const loaded = customStore.load();
    storedErrors = [...loaded.errors];
    const next = new Map<string, { key: string; profile: ProviderProfile }>();
    // A providers file entry wins over a Settings one with the same id (the file is the person's explicit choice).
    for (const shadowed of loaded.definitions.filter((d) => fileIds.has(d.id))) {
      storedErrors.push(
        new ProviderConfigError('provider_id_shadowed', `The custom provider "${shadowed.id}" added in Settings is not used: the providers file ${file?.file ?? ''} defines a provider with the same id.`, { file: file?.file ?? null, providerId: shadowed.id, field: 'id' }, {
          hint: 'Rename one of them (in Settings or in the file), then restart OAuth Desk.',
        }),
      );
    }
    for (const definition of loaded.definitions.filter((d) => !fileIds.has(d.id))) {
      const key = JSON.stringify(serializeCustomProvider(definition, { includeClientSecret: true }));
      const previous = built.get(definition.id);
      next.set(definition.id, previous?.key === key ? previous : { key, profile: createCustomProvider(definition, { http: options.http, source: 'settings' }) });
    }
    built = next;
    fromSettings = [...next.values()].map((entry) => entry.profile);
  };
  loadSettings();

  const notify = () => {
    for (const listener of listeners) listener();
  };

  return {
    profiles: () => [sandbox, ...builtIns, ...fromFile, ...fromSettings],
    problems: () => [...(options.startupProblems ?? []), ...env.errors, ...(file?.errors ?? []), ...(file?.warnings ?? []), ...storedErrors].map(configProblemOf),
    credentials,
    preferences,
    clientInUse(providerId) {
      const spec = specs.find((candidate) => candidate.id === providerId);
      return spec === undefined ? null : summarizeClient(spec.id, sources, spec.sharesClientOf);
    },
    saveCustom(form, save) {
      const outcome = customStore.save(form, { ...save, otherIds: fileIds });
      if (!outcome.ok) return { saved: false, problems: outcome.errors.map(fieldProblem) };
      // The definition's sign-in mode is what the person just chose; an older choice on the card yields to it.
      preferences.clear(outcome.definition.id);
      if (save.replaces !== undefined) preferences.clear(save.replaces);
      loadSettings();
      notify();
      return { saved: true, providerId: outcome.definition.id };
    },
    removeCustom(providerId) {
      if (!customStore.remove(providerId)) {
        if (fileIds.has(providerId) || builtIns.some((p) => p.id === providerId) || providerId === sandbox.id) {
          throw new RequestError('provider_not_removable', `"${providerId}" is not a custom provider added in Settings.`, {
            hint: fileIds.has(providerId) ? `It is defined in the providers file ${file?.file ?? ''}: remove it there and restart OAuth Desk.` : 'Built-in providers cannot be removed.',
          });
        }
        throw new RequestError('provider_unknown', `There is no provider "${providerId}".`, { hint: 'Reload the window to see the current providers.' });
      }
      preferences.clear(providerId);
      loadSettings();
      notify();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await Promise.all([sandbox, ...builtIns, ...fromFile, ...fromSettings].map((p) => p.close().catch(() => {})));
    },
  };
}
