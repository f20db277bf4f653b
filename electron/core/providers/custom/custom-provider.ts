/**
 * A custom OAuth 2.0 / OpenID Connect provider from its definition (Settings or the providers
 * file). With an issuer, endpoints come from discovery (OpenID Connect, else RFC 8414), fetched at
 * the first use and kept until the profile is replaced; a failed discovery is tried again next time.
 * The data panel shows the JSON of the data URL (default: userinfo) as a tree.
 */
import type { CustomProviderForm } from '../../../shared/settings-types.ts';
import type { ProfileData, ProviderSource } from '../../../shared/view-types.ts';
import { getJson } from '../../api/resource-request.ts';
import { ApiError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import type { ServerMetadata } from '../../oauth/discovery.ts';
import { discoverServerMetadata } from '../../oauth/discovery.ts';
import { redirectFacts } from '../built-in/built-in-provider.ts';
import type { CustomProviderDefinition } from '../config/custom-provider-schema.ts';
import { serializeCustomProvider } from '../config/custom-provider-schema.ts';
import { fetchJsonDocument } from '../data/json-document.ts';
import { fetchUserinfoProfile } from '../data/userinfo-profile.ts';
import type { ProviderProfile, ProviderRuntime, ProviderSettingsFacts } from '../provider-profile.ts';
import { UNKNOWN_PROVIDER_RULES } from '../provider-rules-facts.ts';
import { panel } from '../settle.ts';

export interface CustomProviderOptions {
  readonly http: HttpClient;
  readonly source: Exclude<ProviderSource, 'built-in'>;
  /** The providers file it comes from (source "providers-file"). */
  readonly file?: string;
}

/** The identity of an account from plain JSON when there is no userinfo endpoint: `sub`, else `id`. */
export function identityFromJson(body: unknown, providerName: string): ProfileData {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const textIn = (object: Record<string, unknown>, name: string) => {
    const value = object[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : null;
  };
  // Many APIs wrap the object, e.g. X's {"data": {...}}; the top level wins when it has its own id.
  const wrapped = typeof fields.data === 'object' && fields.data !== null && !Array.isArray(fields.data) ? (fields.data as Record<string, unknown>) : null;
  const topLevelId = textIn(fields, 'sub') ?? textIn(fields, 'id');
  const inner = topLevelId === null && wrapped !== null ? wrapped : fields;
  const text = (name: string) => textIn(inner, name);
  const subject = text('sub') ?? text('id');
  if (subject === null) {
    throw new ApiError('profile_invalid', `${providerName}'s data has no "sub" or "id" to tell accounts apart.`, {
      hint: 'Set a userinfo endpoint (or a data URL that returns the account\'s id) in the provider\'s settings, so a second sign-in of the same account updates its connection.',
    });
  }
  return {
    subject,
    name: text('name'),
    username: text('preferred_username') ?? text('username') ?? text('login'),
    email: text('email'),
    pictureUrl: null,
    description: null,
    facts: [],
    metrics: [],
  };
}

export function createCustomProvider(definition: CustomProviderDefinition, options: CustomProviderOptions): ProviderProfile {
  const name = definition.displayName;
  let metadata: Promise<ServerMetadata> | null = null;
  /** The discovered authorization endpoint's origin, which the system browser may open (S12). */
  let discoveredOrigin: string | null = null;

  const discover = (): Promise<ServerMetadata | null> => {
    if (definition.endpoints.kind !== 'discovery') return Promise.resolve(null);
    const issuer = definition.endpoints.issuer;
    metadata ??= discoverServerMetadata(options.http, issuer).then(
      (found) => {
        discoveredOrigin = new URL(found.authorizationEndpoint).origin;
        return found;
      },
      (error: unknown) => {
        metadata = null;
        throw error;
      },
    );
    return metadata;
  };

  // OpenID Connect's prompt=login lets the person sign in as someone else; plain OAuth 2.0 has no such parameter.
  const openId = definition.endpoints.kind === 'discovery' && definition.scopes.includes('openid');

  const authorizationEndpoint = () => (definition.endpoints.kind === 'manual' ? definition.endpoints.authorizationEndpoint : null);

  return {
    id: definition.id,
    displayName: name,
    description: definition.endpoints.kind === 'discovery' ? `Custom provider at ${definition.endpoints.issuer}` : `Custom provider at ${new URL(definition.endpoints.authorizationEndpoint).host}`,
    source: options.source,
    // Nothing is known of a custom server: its redirect URI must be registered exactly, lifetimes are unknown.
    rules: UNKNOWN_PROVIDER_RULES,
    accountChooser: openId,
    authModes: ['system-browser', 'app-window', 'custom-scheme'],
    defaultAuthMode: definition.authMode,
    setupProblem: () => null,
    settings(): ProviderSettingsFacts {
      return {
        providerId: definition.id,
        displayName: name,
        source: options.source,
        editable: options.source === 'settings' ? 'definition' : 'none',
        client: {
          clientId: definition.client.clientId,
          secretSaved: definition.client.clientSecret !== null,
          secretRequired: definition.client.authMethod !== 'none',
          source: options.source === 'settings' ? 'settings' : 'providers-file',
          environmentVariables: null,
        },
        redirect: redirectFacts(definition.redirectPort, definition.redirectPath, false),
        console: null,
        scopes: definition.scopes,
        clientFileImport: false,
        file: options.file ?? null,
        definition: serializeCustomProvider(definition, { includeClientSecret: false }) as unknown as CustomProviderForm,
      };
    },
    async prepare(): Promise<ProviderRuntime> {
      const found = await discover();
      const userinfo = definition.userinfoEndpoint ?? found?.userinfoEndpoint ?? null;
      const dataUrl = definition.dataUrl ?? userinfo;
      return {
        server: {
          providerName: name,
          issuer: found?.issuer ?? null,
          issParameterSupported: found?.issParameterSupported ?? false,
          authorizationEndpoint: found?.authorizationEndpoint ?? authorizationEndpoint() ?? '',
          tokenEndpoint: found?.tokenEndpoint ?? (definition.endpoints.kind === 'manual' ? definition.endpoints.tokenEndpoint : ''),
          client: definition.client,
          scopes: definition.scopes,
          pkceMethod: definition.pkceMethod,
          redirectPort: definition.redirectPort,
          redirectPath: definition.redirectPath,
          extraAuthParams: definition.extraAuthParams,
        },
        revocationEndpoint: definition.revocationEndpoint ?? found?.revocationEndpoint ?? null,
        // prompt=consent is OpenID Connect's; plain OAuth 2.0 servers may refuse unknown values.
        ...(openId ? { reconsentParams: { prompt: 'consent' }, accountChooserParams: { prompt: 'login' } } : {}),
        fetchIdentity: async (http, token) => {
          if (userinfo !== null) return fetchUserinfoProfile(http, userinfo, token, name);
          if (dataUrl !== null) return identityFromJson(await getJson(http, dataUrl, token, { providerName: name, what: 'the account' }), name);
          throw new ApiError('profile_unavailable', `${name} has no userinfo endpoint or data URL to identify the account.`, { hint: 'Add a userinfo endpoint or a data URL in the provider\'s settings.' });
        },
        fetchData: async (http, token) => [
          await panel('json', 'data', dataUrl !== null && dataUrl === userinfo ? 'Userinfo' : 'Data', async () => {
            if (dataUrl === null) {
              throw new ApiError('data_url_missing', `${name} has no data URL and its server publishes no userinfo endpoint.`, {
                hint: 'Add a data URL (an API address that answers with JSON for the signed-in account) in the provider\'s settings.',
              });
            }
            return fetchJsonDocument(http, dataUrl, token, name);
          }),
        ],
      };
    },
    authorizationOrigins: () => {
      const origins: string[] = [];
      const manual = authorizationEndpoint();
      if (manual !== null) origins.push(new URL(manual).origin);
      if (discoveredOrigin !== null) origins.push(discoveredOrigin);
      return origins;
    },
    close: async () => {},
  };
}
