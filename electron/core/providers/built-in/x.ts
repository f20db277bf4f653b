/**
 * X (formerly Twitter), OAuth 2.0 with PKCE. Quirks encoded here (providers.md): authorize on
 * x.com (twitter.com breaks sessions) and call api.x.com; the redirect URI must match the one
 * registered exactly, so a fixed loopback port and path; codes live 30 seconds (the attempt
 * exchanges them inside the callback); `offline.access` for a refresh token; refresh tokens rotate
 * and a spent one gives `invalid_request` (backoff.ts treats it as dead); "Native App" clients are
 * public, "Web App" clients confidential with HTTP Basic.
 */
import { fetchXUser } from '../data/x-user.ts';
import { panel } from '../settle.ts';
import type { BuiltInEndpoints, BuiltInProviderSpec } from './built-in-provider.ts';

export interface XEndpoints extends BuiltInEndpoints {
  /** `https://api.x.com` */
  readonly api: string;
}

export const X_ENDPOINTS: XEndpoints = Object.freeze({
  authorization: 'https://x.com/i/oauth2/authorize',
  token: 'https://api.x.com/2/oauth2/token',
  revocation: 'https://api.x.com/2/oauth2/revoke',
  api: 'https://api.x.com',
});

export const X_DEFAULT_REDIRECT_PORT = 53681;

export function xSpec(endpoints: XEndpoints = X_ENDPOINTS): BuiltInProviderSpec {
  return {
    id: 'x',
    displayName: 'X',
    description: 'Your X profile: bio, picture, join date and public counts.',
    console: { name: 'X Developer Portal', url: 'https://developer.x.com/en/portal/dashboard' },
    rules: {
      codeLifetimeSeconds: 30,
      redirectRegistration: 'exact',
      embeddedWindow: 'allowed',
      refreshTokenRules: [
        'Already used: refresh tokens are single-use; every refresh returns a new one and the old one stops working.',
        'Revoked: the person removed the app from the connected apps in their X settings, or the app revoked the token.',
      ],
    },
    setupSteps:
      'in the X Developer Portal open your app\'s "User authentication settings", choose "Native App" (no secret) or "Web App" (with a secret), register the redirect URI shown here exactly, and enter the client ID (and secret).',
    authModes: ['system-browser', 'app-window'],
    issuer: null,
    endpoints,
    scopes: ['users.read', 'tweet.read', 'offline.access'],
    secretRequired: false,
    authMethodWithSecret: 'client_secret_basic',
    redirectPort: X_DEFAULT_REDIRECT_PORT,
    redirectPath: '/callback',
    fetchIdentity: (http, token) => fetchXUser(http, endpoints.api, token),
    fetchData: (http, token) => Promise.all([panel('profile', 'profile', 'Profile', () => fetchXUser(http, endpoints.api, token))]),
  };
}
