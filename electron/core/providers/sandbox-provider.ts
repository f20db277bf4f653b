/**
 * The built-in Sandbox provider: a real OpenID Connect server (oidc-provider) that the app starts on
 * 127.0.0.1 when first needed, with a Gmail-shaped mailbox, so everything works with no registration.
 * Endpoints are discovered from the running server like any custom OpenID Connect provider.
 */
import { NetworkError, OAuthDeskError, appClosingError } from '../errors.ts';
import type { HttpClient } from '../http/http-client.ts';
import { createDiscoveryRequest, processDiscoveryResponse } from '../oauth/discovery.ts';
import type { Logger } from '../ports.ts';
import type { SandboxServer } from '../sandbox/sandbox-server.ts';
import { sandboxProviderConfiguration } from '../sandbox/sandbox-provider-config.ts';
import { SANDBOX_SCOPES, startSandboxServer } from '../sandbox/sandbox-server.ts';
import { fetchUnreadMail } from './data/gmail-mail.ts';
import { fetchUserinfoProfile } from './data/userinfo-profile.ts';
import { describeSeconds } from './durations.ts';
import type { ProviderProfile, ProviderRuntime } from './provider-profile.ts';
import type { ProviderRuleFacts } from './provider-rules-facts.ts';
import { panel } from './settle.ts';

export const SANDBOX_PROVIDER_ID = 'sandbox';
export const DEFAULT_SANDBOX_TOKEN_TTL_SECONDS = 120;

export interface SandboxProviderOptions {
  readonly http: HttpClient;
  readonly logger: Logger;
  readonly accessTokenTtlSeconds?: number;
}

const NAME = 'Sandbox';

/**
 * What the error doctor knows of the Sandbox, its lifetimes read from the server's own oidc-provider
 * configuration (`ttl`), so the card states what the server really does.
 */
export function sandboxRules(): ProviderRuleFacts {
  const { ttl } = sandboxProviderConfiguration({ accessTokenTtlSeconds: DEFAULT_SANDBOX_TOKEN_TTL_SECONDS, signingKey: {}, extraClients: [] });
  const seconds = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  const refreshLifetime = seconds(ttl?.RefreshToken);
  return {
    codeLifetimeSeconds: seconds(ttl?.AuthorizationCode),
    // A native client: loopback redirects match on any port (RFC 8252 7.3).
    redirectRegistration: 'any-loopback-port',
    embeddedWindow: 'allowed',
    refreshTokenRules: [
      'Already used: refresh tokens are single-use; presenting a spent one ends the whole sign-in (every token issued from it).',
      ...(refreshLifetime === null ? [] : [`Expired: refresh tokens live ${describeSeconds(refreshLifetime)}.`]),
      'Forgotten: the Sandbox keeps its tokens in memory only and forgets them all when OAuth Desk quits.',
    ],
  };
}

/** The runtime of a running Sandbox server, its endpoints discovered over HTTP like any OpenID provider. */
export async function sandboxRuntime(server: SandboxServer, http: HttpClient): Promise<ProviderRuntime> {
  const metadata = processDiscoveryResponse(await http.request(createDiscoveryRequest(server.issuer)), server.issuer);
  const mailApiBase = server.mailApiBase;
  const userinfo = metadata.userinfoEndpoint;
  if (userinfo === null) throw new Error('The Sandbox server has no userinfo endpoint.');
  return {
    server: {
      providerName: NAME,
      issuer: metadata.issuer,
      issParameterSupported: metadata.issParameterSupported,
      authorizationEndpoint: metadata.authorizationEndpoint,
      tokenEndpoint: metadata.tokenEndpoint,
      client: { clientId: server.clientId, clientSecret: null, authMethod: 'none' },
      scopes: [...SANDBOX_SCOPES],
      pkceMethod: 'S256',
      redirectPort: 0,
      redirectPath: '/callback',
    },
    revocationEndpoint: metadata.revocationEndpoint,
    reconsentParams: { prompt: 'consent' },
    // The Sandbox remembers the browser's sign-in: Add another account asks for a new one.
    accountChooserParams: { prompt: 'login' },
    issuerChangedHint: 'The Sandbox server gets a new address at every app start and remembers no sign-ins, so its connections need a new sign-in after a restart. Click Re-authorize.',
    fetchIdentity: (client, token) => fetchUserinfoProfile(client, userinfo, token, NAME),
    fetchData: (client, token) =>
      Promise.all([
        panel('profile', 'profile', 'Profile', () => fetchUserinfoProfile(client, userinfo, token, NAME)),
        panel('mail', 'mail', 'Unread mail', () => fetchUnreadMail(client, token, { baseUrl: mailApiBase, providerName: NAME })),
      ]),
  };
}

export function createSandboxProvider(options: SandboxProviderOptions): ProviderProfile {
  let server: SandboxServer | null = null;
  let runtime: Promise<ProviderRuntime> | null = null;
  let closed = false;

  const start = async (): Promise<ProviderRuntime> => {
    server = await startSandboxServer({
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_SANDBOX_TOKEN_TTL_SECONDS,
      logger: options.logger,
    });
    return sandboxRuntime(server, options.http);
  };

  return {
    id: SANDBOX_PROVIDER_ID,
    displayName: NAME,
    description: 'A built-in OpenID Connect server with a demo mailbox. Sign in with any name; no registration needed.',
    rules: sandboxRules(),
    accountChooser: true,
    authModes: ['system-browser', 'app-window', 'custom-scheme'],
    defaultAuthMode: 'system-browser',
    prepare() {
      if (closed) {
        return Promise.reject(appClosingError());
      }
      runtime ??= start().catch((error: unknown) => {
        runtime = null;
        const stopping = server;
        server = null;
        void stopping?.close();
        if (error instanceof OAuthDeskError) throw error;
        throw new NetworkError('sandbox_unavailable', 'The built-in Sandbox server could not start.', {
          hint: 'Check that OAuth Desk may listen on 127.0.0.1 (firewall or security tools), then try again or restart the app.',
          cause: error,
        });
      });
      return runtime;
    },
    authorizationOrigins: () => (server === null ? [] : [new URL(server.issuer).origin]),
    async close() {
      closed = true;
      // A start still in flight finishes first, so its server is stopped too.
      await runtime?.catch(() => {});
      const stopping = server;
      server = null;
      runtime = null;
      await stopping?.close();
    },
  };
}
