/**
 * Which client credentials a built-in provider uses: the ones saved in Settings, else the
 * environment variables (OAUTH_DESK_<PROVIDER>_CLIENT_ID / _SECRET), else, for a provider that
 * shares another's client (Google Health uses Google's), that provider's. The secret is decrypted
 * only when a request needs it (`resolve`); Settings gets a summary without it (`summarize`).
 */
import type { CredentialSource } from '../../shared/settings-types.ts';
import type { ClientCredentialStore } from '../storage/client-credential-store.ts';
import type { EnvCredentialProviderId, EnvCredentials } from './config/credentials-env.ts';
import { CREDENTIAL_ENV_VARIABLES } from './config/credentials-env.ts';

export interface ClientCredentialSources {
  readonly saved: ClientCredentialStore;
  readonly env: EnvCredentials;
}

export interface ClientSummary {
  readonly clientId: string;
  readonly secretSaved: boolean;
  readonly source: CredentialSource;
  /** Set when the credentials are another provider's (e.g. Google's for Google Health). */
  readonly sharedFrom: EnvCredentialProviderId | null;
}

export interface ResolvedClient extends ClientSummary {
  readonly clientSecret: string | null;
}

/** Environment credentials set with this provider's own variables (not inherited from another's). */
function ownEnv(providerId: EnvCredentialProviderId, env: EnvCredentials) {
  const pair = env[providerId];
  return pair !== undefined && pair.variables.clientId === CREDENTIAL_ENV_VARIABLES[providerId].clientId ? pair : undefined;
}

function chain(providerId: EnvCredentialProviderId, fallback: EnvCredentialProviderId | undefined): Array<[EnvCredentialProviderId, EnvCredentialProviderId | null]> {
  const own: [EnvCredentialProviderId, null] = [providerId, null];
  return fallback === undefined ? [own] : [own, [fallback, fallback]];
}

export function summarizeClient(providerId: EnvCredentialProviderId, sources: ClientCredentialSources, fallback?: EnvCredentialProviderId): ClientSummary | null {
  for (const [id, sharedFrom] of chain(providerId, fallback)) {
    const saved = sources.saved.summary(id);
    if (saved !== null) return { clientId: saved.clientId, secretSaved: saved.secretSaved, source: 'settings', sharedFrom };
    const env = ownEnv(id, sources.env);
    if (env !== undefined) return { clientId: env.clientId, secretSaved: env.clientSecret !== null, source: 'environment', sharedFrom };
  }
  return null;
}

export function resolveClient(providerId: EnvCredentialProviderId, sources: ClientCredentialSources, fallback?: EnvCredentialProviderId): ResolvedClient | null {
  for (const [id, sharedFrom] of chain(providerId, fallback)) {
    const saved = sources.saved.get(id);
    if (saved !== null) return { clientId: saved.clientId, clientSecret: saved.clientSecret, secretSaved: saved.clientSecret !== null, source: 'settings', sharedFrom };
    const env = ownEnv(id, sources.env);
    if (env !== undefined) return { clientId: env.clientId, clientSecret: env.clientSecret, secretSaved: env.clientSecret !== null, source: 'environment', sharedFrom };
  }
  return null;
}
