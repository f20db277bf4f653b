/**
 * A built-in provider (Google, Google Health, X, Discord) from a declarative spec: endpoints, scopes,
 * client authentication, redirect rules and extra parameters are data; the data it fetches and how
 * its errors read are small functions in the spec. The person's own client credentials come from
 * Settings or the environment (client-credentials.ts); without them `setupProblem` says what to do
 * and `prepare` refuses with the same typed error.
 */
import type { AuthMode, DataPanelView, ProfileData } from '../../../shared/view-types.ts';
import { SetupError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { LOOPBACK_HOST } from '../../loopback/loopback-receiver.ts';
import type { Clock } from '../../ports.ts';
import type { ProviderSettingsStore } from '../../storage/provider-preferences.ts';
import type { ClientCredentialSources, ClientSummary } from '../client-credentials.ts';
import { resolveClient, summarizeClient } from '../client-credentials.ts';
import type { EnvCredentialProviderId } from '../config/credentials-env.ts';
import { CREDENTIAL_ENV_VARIABLES } from '../config/credentials-env.ts';
import type { ProviderProfile, ProviderRuntime, ProviderSettingsFacts } from '../provider-profile.ts';
import type { ProviderRuleFacts } from '../provider-rules-facts.ts';

export interface BuiltInEndpoints {
  readonly authorization: string;
  readonly token: string;
  readonly revocation: string | null;
}

export interface BuiltInProviderSpec {
  readonly id: EnvCredentialProviderId;
  readonly displayName: string;
  readonly description: string;
  readonly notice?: string;
  /** Where the person registers an app and its redirect URI. */
  readonly console: { readonly name: string; readonly url: string };
  /** What the error doctor knows: code lifetime, redirect registration, embedded windows, refresh-token rules. */
  readonly rules: ProviderRuleFacts;
  /** How to get client credentials: the second half of the "not configured" hint. */
  readonly setupSteps: string;
  readonly authModes: readonly AuthMode[];
  /** Compared with the callback's `iss` and bound to the tokens; null when the provider has none. */
  readonly issuer: string | null;
  readonly endpoints: BuiltInEndpoints;
  readonly scopes: readonly string[];
  /** The token endpoint refuses the client without its secret (Google desktop clients). */
  readonly secretRequired: boolean;
  /** How a secret is sent when there is one; without one the client is public ("none"). */
  readonly authMethodWithSecret: 'client_secret_post' | 'client_secret_basic';
  /** The revocation endpoint takes no client secret (Google): only the client ID is sent there. */
  readonly revokeWithoutSecret?: boolean;
  /** Another provider whose client this one uses when it has none of its own. */
  readonly sharesClientOf?: EnvCredentialProviderId;
  /** 0: any free loopback port (nothing to register); else the default fixed port, changeable in Settings. */
  readonly redirectPort: number;
  readonly redirectPath: string;
  readonly extraAuthParams?: Readonly<Record<string, string>>;
  readonly reconsentParams?: Readonly<Record<string, string>>;
  /** Present when the provider has an account chooser. */
  readonly accountChooserParams?: Readonly<Record<string, string>>;
  fetchIdentity(http: HttpClient, accessToken: string): Promise<ProfileData>;
  fetchData(http: HttpClient, accessToken: string, context: { readonly now: number }): Promise<DataPanelView[]>;
}

export interface BuiltInProviderDependencies {
  readonly credentials: ClientCredentialSources;
  readonly preferences: ProviderSettingsStore;
  readonly clock: Clock;
}

const sharedName = (id: EnvCredentialProviderId): string => (id === 'google' ? 'Google' : id);

/** The redirect URI shown in Settings: exact with a fixed port, port left open otherwise. */
export function redirectFacts(port: number, path: string, portConfigurable: boolean): ProviderSettingsFacts['redirect'] {
  if (port === 0) {
    return { uri: `http://${LOOPBACK_HOST}${path}`, display: `http://${LOOPBACK_HOST}:<any port>${path}`, fixedPort: null, portConfigurable, mustRegister: false };
  }
  const uri = `http://${LOOPBACK_HOST}:${port}${path}`;
  return { uri, display: uri, fixedPort: port, portConfigurable, mustRegister: true };
}

export function createBuiltInProvider(spec: BuiltInProviderSpec, deps: BuiltInProviderDependencies): ProviderProfile {
  const fixedPort = () => (spec.redirectPort === 0 ? 0 : (deps.preferences.redirectPort(spec.id) ?? spec.redirectPort));
  const variables = CREDENTIAL_ENV_VARIABLES[spec.id];
  const howToConfigure = `Open Settings for ${spec.displayName}: ${spec.setupSteps} Or set ${variables.clientId}${spec.secretRequired ? ` and ${variables.clientSecret}` : ''} before starting OAuth Desk.`;

  const problemWith = (client: Pick<ClientSummary, 'secretSaved'> | null): SetupError | null => {
    if (client === null) {
      return new SetupError('client_not_configured', `${spec.displayName} needs your own OAuth client (a client ID${spec.secretRequired ? ' and secret' : ''}) before it can connect.`, {
        hint: howToConfigure,
      });
    }
    if (spec.secretRequired && !client.secretSaved) {
      return new SetupError('client_secret_missing', `${spec.displayName} refuses sign-ins from desktop clients without the client secret, and none is saved.`, {
        hint: `Enter the client secret in Settings for ${spec.displayName} (or import the client file), or set ${variables.clientSecret}.`,
      });
    }
    return null;
  };

  return {
    id: spec.id,
    displayName: spec.displayName,
    description: spec.description,
    source: 'built-in',
    console: spec.console,
    rules: spec.rules,
    ...(spec.notice === undefined ? {} : { notice: spec.notice }),
    accountChooser: spec.accountChooserParams !== undefined,
    authModes: spec.authModes,
    defaultAuthMode: spec.authModes[0] ?? 'system-browser',
    setupProblem: () => problemWith(summarizeClient(spec.id, deps.credentials, spec.sharesClientOf)),
    settings(): ProviderSettingsFacts {
      const client = summarizeClient(spec.id, deps.credentials, spec.sharesClientOf);
      return {
        providerId: spec.id,
        displayName: spec.displayName,
        source: 'built-in',
        editable: 'credentials',
        client: {
          clientId: client?.clientId ?? null,
          secretSaved: client?.secretSaved ?? false,
          secretRequired: spec.secretRequired,
          source: client?.source ?? null,
          environmentVariables: variables,
          ...(client?.sharedFrom ? { sharedFrom: sharedName(client.sharedFrom) ?? client.sharedFrom } : {}),
        },
        redirect: redirectFacts(fixedPort(), spec.redirectPath, spec.redirectPort !== 0),
        console: spec.console,
        scopes: spec.scopes,
        clientFileImport: spec.authMethodWithSecret === 'client_secret_post' && spec.secretRequired,
        file: null,
        definition: null,
      };
    },
    async prepare(): Promise<ProviderRuntime> {
      const client = resolveClient(spec.id, deps.credentials, spec.sharesClientOf);
      const problem = problemWith(client);
      if (problem !== null || client === null) throw problem;
      return {
        server: {
          providerName: spec.displayName,
          issuer: spec.issuer,
          issParameterSupported: false,
          authorizationEndpoint: spec.endpoints.authorization,
          tokenEndpoint: spec.endpoints.token,
          client: {
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            authMethod: client.clientSecret === null ? 'none' : spec.authMethodWithSecret,
          },
          scopes: spec.scopes,
          pkceMethod: 'S256',
          redirectPort: fixedPort(),
          redirectPath: spec.redirectPath,
          ...(spec.extraAuthParams === undefined ? {} : { extraAuthParams: spec.extraAuthParams }),
        },
        revocationEndpoint: spec.endpoints.revocation,
        ...(spec.revokeWithoutSecret ? { revocationClient: { clientId: client.clientId, clientSecret: null, authMethod: 'none' as const } } : {}),
        ...(spec.reconsentParams === undefined ? {} : { reconsentParams: spec.reconsentParams }),
        ...(spec.accountChooserParams === undefined ? {} : { accountChooserParams: spec.accountChooserParams }),
        fetchIdentity: (http, token) => spec.fetchIdentity(http, token),
        fetchData: (http, token) => spec.fetchData(http, token, { now: deps.clock.now() }),
      };
    },
    authorizationOrigins: () => [new URL(spec.endpoints.authorization).origin],
    close: async () => {},
  };
}
