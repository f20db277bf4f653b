/**
 * The oidc-provider (v9) configuration of the Sandbox authorization server.
 *
 * Choices that matter to an OAuth client:
 * - PKCE is required for every client, and oidc-provider v9 only implements S256.
 * - Refresh tokens: oidc-provider's default issues one only when `offline_access` was granted, and v9
 *   silently drops `offline_access` from every authorization request without `prompt=consent`.
 *   Here `issueRefreshToken` returns true for every client allowed the refresh_token grant, whatever the
 *   scope or prompt, so the app gets a refresh token with zero set-up (like a provider's "offline" mode).
 *   Consequence: without `prompt=consent` the token response's `scope` lacks `offline_access` although a
 *   refresh token is returned. `expiresWithSession` is false, so tokens outlive the Sandbox's browser
 *   session.
 * - Refresh tokens rotate on every use. Presenting a spent one fails with invalid_grant and oidc-provider
 *   revokes the whole grant (every access and refresh token issued from it) — RFC 9700 4.14.2.
 * - Replaying an authorization code fails with invalid_grant and revokes the grant too.
 * - Access tokens are opaque (looked up in the provider's store) and live exactly `accessTokenTtlSeconds`
 *   (clockTolerance 0: no grace period at userinfo either).
 * - `mail.read` is a plain scope for the Sandbox mail API; resource indicators are off, so every access
 *   token carries the granted scopes and is accepted by both userinfo and the mail API.
 */
import { randomBytes } from 'node:crypto';
import type { ClientMetadata, Configuration, JWK, KoaContextWithOIDC } from 'oidc-provider';
import { SCHEME_REDIRECT_URI } from '../scheme/app-scheme.ts';
import { sandboxProfile } from './sandbox-accounts.ts';

export const SANDBOX_CLIENT_ID = 'oauth-desk-sandbox';
export const SANDBOX_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'mail.read'] as const;
export const SANDBOX_REDIRECT_URI = 'http://127.0.0.1/callback';

export interface SandboxProviderConfigInput {
  readonly accessTokenTtlSeconds: number;
  readonly signingKey: JWK;
  readonly extraClients: ReadonlyArray<ClientMetadata>;
}

/**
 * The built-in client: a public native app; loopback redirects match on any port (RFC 8252 7.3),
 * and the app's custom-scheme redirect (RFC 8252 7.1) is registered too.
 */
export const SANDBOX_CLIENT: ClientMetadata = {
  client_id: SANDBOX_CLIENT_ID,
  client_name: 'OAuth Desk',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  redirect_uris: [SANDBOX_REDIRECT_URI, SCHEME_REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

export function sandboxProviderConfiguration(input: SandboxProviderConfigInput): Configuration {
  return {
    clients: [SANDBOX_CLIENT, ...input.extraClients],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    jwks: { keys: [input.signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...SANDBOX_SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    responseTypes: ['code'],
    // Client and server share one clock; the default 15 s tolerance would keep expired access tokens
    // working at userinfo for 15 s, hiding expiry from the app.
    clockTolerance: 0,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      userinfo: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: () => false,
    // The default CORS policy would do the same for public clients; spelled out to avoid its notice.
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: input.accessTokenTtlSeconds,
      AuthorizationCode: MINUTE,
      IdToken: 60 * MINUTE,
      RefreshToken: 14 * DAY,
      Grant: 14 * DAY,
      Session: DAY,
      Interaction: 10 * MINUTE,
    },
    renderError,
    async findAccount(_ctx, accountId) {
      const profile = sandboxProfile(accountId);
      if (profile === undefined) return undefined;
      return {
        accountId,
        claims: () => ({ ...profile }),
      };
    },
  };
}

/** Only the client a token was issued to may revoke it; unknown owners get the RFC 7009 "success". */
async function revocationAllowed(_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) {
  return token.clientId === client.clientId;
}

/** Clients may introspect only their own tokens. */
async function introspectionAllowed(_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) {
  return token.clientId === client.clientId;
}

/**
 * The Sandbox's own error page: static text and the OAuth error code only (never the request's
 * description), so nothing a link carries is echoed, and no notice is printed to stdout.
 */
async function renderError(ctx: KoaContextWithOIDC, out: { error?: unknown }): Promise<void> {
  const code = typeof out.error === 'string' && /^[a-z_]{1,64}$/.test(out.error) ? out.error : 'server_error';
  ctx.type = 'html';
  ctx.set('cache-control', 'no-store');
  ctx.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
  ctx.body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox sign-in problem</title>' +
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style></head>' +
    `<body><h1>The Sandbox could not continue this sign-in</h1><p>Error: <code>${code}</code>.</p>` +
    '<p>Go back to OAuth Desk and click <strong>Connect</strong> to start a fresh sign-in.</p></body></html>';
}
