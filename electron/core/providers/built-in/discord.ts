/**
 * Discord. Quirks encoded here (providers.md): the API pinned to /api/v10; the token and revoke
 * endpoints take form bodies only (the HTTP client always sends forms there); the redirect URI is
 * registered exactly, so a fixed loopback port; refresh tokens rotate; `prompt=consent` forces the
 * consent screen; 429 carries Retry-After.
 */
import { fetchDiscordUser } from '../data/discord-user.ts';
import { panel } from '../settle.ts';
import type { BuiltInEndpoints, BuiltInProviderSpec } from './built-in-provider.ts';

export interface DiscordEndpoints extends BuiltInEndpoints {
  /** `https://discord.com/api/v10` */
  readonly api: string;
}

export const DISCORD_ENDPOINTS: DiscordEndpoints = Object.freeze({
  authorization: 'https://discord.com/oauth2/authorize',
  token: 'https://discord.com/api/oauth2/token',
  revocation: 'https://discord.com/api/oauth2/token/revoke',
  api: 'https://discord.com/api/v10',
});

export const DISCORD_DEFAULT_REDIRECT_PORT = 53682;

export function discordSpec(endpoints: DiscordEndpoints = DISCORD_ENDPOINTS): BuiltInProviderSpec {
  return {
    id: 'discord',
    displayName: 'Discord',
    description: 'Your Discord user: avatar, display name, email and whether it is verified.',
    console: { name: 'Discord Developer Portal', url: 'https://discord.com/developers/applications' },
    rules: {
      // Discord documents no authorization code lifetime.
      codeLifetimeSeconds: null,
      redirectRegistration: 'exact',
      embeddedWindow: 'allowed',
      refreshTokenRules: [
        'Already used: refresh tokens are single-use; every refresh returns a new one and the old one stops working.',
        'Revoked: revoking any token of a user, or the person removing the app under Authorized Apps, ends all of that user\'s tokens for the app.',
      ],
    },
    setupSteps: 'in the Discord Developer Portal open your application\'s OAuth2 page, add the redirect URI shown here exactly, and enter the client ID and client secret.',
    authModes: ['system-browser', 'app-window'],
    issuer: null,
    endpoints,
    scopes: ['identify', 'email'],
    secretRequired: false,
    authMethodWithSecret: 'client_secret_basic',
    redirectPort: DISCORD_DEFAULT_REDIRECT_PORT,
    redirectPath: '/callback',
    reconsentParams: { prompt: 'consent' },
    fetchIdentity: (http, token) => fetchDiscordUser(http, endpoints.api, token),
    fetchData: (http, token) => Promise.all([panel('profile', 'profile', 'Profile', () => fetchDiscordUser(http, endpoints.api, token))]),
  };
}
