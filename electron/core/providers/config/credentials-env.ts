/**
 * Client credentials from environment variables, the way people keep them in `.env` files:
 *
 *   OAUTH_DESK_GOOGLE_CLIENT_ID / OAUTH_DESK_GOOGLE_CLIENT_SECRET
 *   OAUTH_DESK_X_CLIENT_ID / OAUTH_DESK_X_CLIENT_SECRET
 *   OAUTH_DESK_DISCORD_CLIENT_ID / OAUTH_DESK_DISCORD_CLIENT_SECRET
 *   OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID / OAUTH_DESK_GOOGLE_HEALTH_CLIENT_SECRET
 *     (Google Health uses Google's client unless OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID is set)
 *
 * Values are trimmed; empty values count as unset. A secret without an id is an error naming the
 * variable. Pure: the caller passes the environment. Messages never contain a value.
 */
import { CONTROL_CHARACTERS, ProviderConfigError } from './provider-config-error.ts';

export type EnvCredentialProviderId = 'google' | 'x' | 'discord' | 'google-health';

export interface EnvCredentialVariables {
  readonly clientId: string;
  readonly clientSecret: string;
}

export const CREDENTIAL_ENV_VARIABLES: Readonly<Record<EnvCredentialProviderId, EnvCredentialVariables>> = Object.freeze({
  google: { clientId: 'OAUTH_DESK_GOOGLE_CLIENT_ID', clientSecret: 'OAUTH_DESK_GOOGLE_CLIENT_SECRET' },
  x: { clientId: 'OAUTH_DESK_X_CLIENT_ID', clientSecret: 'OAUTH_DESK_X_CLIENT_SECRET' },
  discord: { clientId: 'OAUTH_DESK_DISCORD_CLIENT_ID', clientSecret: 'OAUTH_DESK_DISCORD_CLIENT_SECRET' },
  'google-health': { clientId: 'OAUTH_DESK_GOOGLE_HEALTH_CLIENT_ID', clientSecret: 'OAUTH_DESK_GOOGLE_HEALTH_CLIENT_SECRET' },
});

export interface EnvClientCredentials {
  readonly clientId: string;
  /** null when the secret variable is unset or empty (a public client). */
  readonly clientSecret: string | null;
  /** The variables the values came from (Google Health's may be Google's), for "set by …" in Settings. */
  readonly variables: { readonly clientId: string; readonly clientSecret: string | null };
}

export type EnvCredentials = Partial<Record<EnvCredentialProviderId, EnvClientCredentials>>;

export const CREDENTIALS_ENV_INVALID = 'credentials_env_invalid';

const CONSOLES: Readonly<Record<EnvCredentialProviderId, string>> = {
  google: 'Google Cloud console (APIs & Services → Credentials)',
  x: 'X developer portal (your app → Keys and tokens → OAuth 2.0 Client ID and Client Secret)',
  discord: 'Discord developer portal (your application → OAuth2)',
  'google-health': 'Google Cloud console (APIs & Services → Credentials)',
};

type Env = Readonly<Record<string, string | undefined>>;

function envError(providerId: EnvCredentialProviderId, variable: string, message: string, hint: string): ProviderConfigError {
  return new ProviderConfigError(CREDENTIALS_ENV_INVALID, message, { providerId, field: variable }, { hint });
}

/** The trimmed value, or null when unset or blank. Throws (naming only the variable) on a malformed value. */
function readVariable(env: Env, providerId: EnvCredentialProviderId, variable: string, isId: boolean): string | null {
  const raw = env[variable];
  if (raw === undefined) return null;
  const value = raw.trim();
  if (value === '') return null;
  const what = isId ? 'client id' : 'client secret';
  const hint = `Set ${variable} to the ${what} exactly as shown in the ${CONSOLES[providerId]}, on one line, without quotes.`;
  if (CONTROL_CHARACTERS.test(value)) throw envError(providerId, variable, `${variable} contains a line break or control character.`, hint);
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    throw envError(
      providerId,
      variable,
      `${variable} is wrapped in quotes, which became part of the value.`,
      `Remove the quotes (tools such as docker --env-file and systemd keep them). ${hint}`,
    );
  }
  if (isId && /\s/.test(value)) throw envError(providerId, variable, `${variable} contains a space.`, hint);
  return value;
}

function readPair(env: Env, providerId: EnvCredentialProviderId, variables: EnvCredentialVariables): EnvClientCredentials | null {
  const clientId = readVariable(env, providerId, variables.clientId, true);
  const clientSecret = readVariable(env, providerId, variables.clientSecret, false);
  if (clientId === null) {
    if (clientSecret === null) return null;
    throw envError(
      providerId,
      variables.clientSecret,
      `${variables.clientSecret} is set, but ${variables.clientId} is not.`,
      `Set ${variables.clientId} to the client id of the same app (${CONSOLES[providerId]}), or remove ${variables.clientSecret}.`,
    );
  }
  return Object.freeze({
    clientId,
    clientSecret,
    variables: Object.freeze({ clientId: variables.clientId, clientSecret: clientSecret === null ? null : variables.clientSecret }),
  });
}

/** Every provider's credentials that are set, and every problem (a bad variable does not hide the others). */
export function readCredentialsEnv(env: Env): { credentials: EnvCredentials; errors: ProviderConfigError[] } {
  const credentials: EnvCredentials = {};
  const errors: ProviderConfigError[] = [];
  const read = (providerId: EnvCredentialProviderId): EnvClientCredentials | null | 'error' => {
    try {
      return readPair(env, providerId, CREDENTIAL_ENV_VARIABLES[providerId]);
    } catch (error) {
      if (!(error instanceof ProviderConfigError)) throw error;
      errors.push(error);
      return 'error';
    }
  };
  const google = read('google');
  if (google !== null && google !== 'error') credentials.google = google;
  for (const id of ['x', 'discord'] as const) {
    const pair = read(id);
    if (pair !== null && pair !== 'error') credentials[id] = pair;
  }
  const health = read('google-health');
  if (health !== null && health !== 'error') credentials['google-health'] = health;
  else if (health === null && google !== null && google !== 'error') credentials['google-health'] = google;
  return { credentials, errors };
}

/** The credentials that are set; throws the first problem as a ProviderConfigError naming the variable. */
export function credentialsFromEnv(env: Env): EnvCredentials {
  const { credentials, errors } = readCredentialsEnv(env);
  if (errors.length > 0) throw errors[0]!;
  return credentials;
}
