/**
 * Google: profile (OpenID Connect userinfo) and unread Gmail. Quirks encoded here (providers.md):
 * a desktop client must send its secret in the body even with PKCE; embedded browser windows are
 * refused, so only the system browser; any loopback port works without registration;
 * `access_type=offline` for a refresh token and `prompt=consent` on re-authorize for a new one;
 * refresh responses carry no refresh token (the refresher keeps the old one); never ask for
 * gmail.metadata next to gmail.readonly (it wins, and `q=` then fails).
 */
import { fetchUnreadMail } from '../data/gmail-mail.ts';
import { fetchUserinfoProfile } from '../data/userinfo-profile.ts';
import { panel } from '../settle.ts';
import type { BuiltInEndpoints, BuiltInProviderSpec } from './built-in-provider.ts';

export interface GoogleEndpoints extends BuiltInEndpoints {
  readonly issuer: string;
  readonly userinfo: string;
  /** `…/gmail/v1/users/me` */
  readonly gmail: string;
}

export const GOOGLE_ENDPOINTS: GoogleEndpoints = Object.freeze({
  issuer: 'https://accounts.google.com',
  authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  revocation: 'https://oauth2.googleapis.com/revoke',
  userinfo: 'https://openidconnect.googleapis.com/v1/userinfo',
  gmail: 'https://gmail.googleapis.com/gmail/v1/users/me',
});

export const GMAIL_READONLY_SCOPE = 'https://www.googleapis.com/auth/gmail.readonly';
export const GOOGLE_SIGN_IN_SCOPES: readonly string[] = Object.freeze(['openid', 'email', 'profile']);

/** What Google and Google Health share: the client, the console and the sign-in rules. */
export const GOOGLE_COMMON = {
  console: { name: 'Google Cloud console', url: 'https://console.cloud.google.com/apis/credentials' },
  rules: {
    // Google documents no authorization code lifetime.
    codeLifetimeSeconds: null,
    redirectRegistration: 'any-loopback-port',
    embeddedWindow: 'refused',
    refreshTokenRules: [
      'Revoked: the person removed the app\'s access in their Google Account, or the app revoked the token.',
      'Unused: the token was not used for 6 months.',
      'Password changed: the Google Account\'s password was changed and the token includes Gmail scopes.',
      'Too many tokens: Google keeps at most 100 refresh tokens per account and client ID and silently drops the oldest.',
      'App in Testing: while the OAuth consent screen\'s publishing status is "Testing", refresh tokens expire after 7 days (unless the app asks only for name, email and profile).',
    ],
  },
  setupSteps:
    'in Google Cloud console create an OAuth client ID of type "Desktop app", then click Import client_secret.json and choose the file it downloads (or enter the client ID and secret).',
  // Google refuses embedded browser windows (403 disallowed_useragent).
  authModes: ['system-browser'],
  secretRequired: true,
  authMethodWithSecret: 'client_secret_post',
  // Google's revocation endpoint takes the token alone: the secret does not travel there.
  revokeWithoutSecret: true,
  redirectPort: 0,
  redirectPath: '/callback',
  extraAuthParams: { access_type: 'offline' },
  reconsentParams: { prompt: 'consent' },
  accountChooserParams: { prompt: 'select_account consent' },
} as const satisfies Partial<BuiltInProviderSpec>;

export function googleSpec(endpoints: GoogleEndpoints = GOOGLE_ENDPOINTS): BuiltInProviderSpec {
  const name = 'Google';
  return {
    ...GOOGLE_COMMON,
    id: 'google',
    displayName: name,
    description: 'Your Google profile and the latest unread Gmail messages (read-only).',
    issuer: endpoints.issuer,
    endpoints,
    scopes: [...GOOGLE_SIGN_IN_SCOPES, GMAIL_READONLY_SCOPE],
    fetchIdentity: (http, token) => fetchUserinfoProfile(http, endpoints.userinfo, token, name),
    fetchData: (http, token) =>
      Promise.all([
        panel('profile', 'profile', 'Profile', () => fetchUserinfoProfile(http, endpoints.userinfo, token, name)),
        panel('mail', 'mail', 'Unread mail', () => fetchUnreadMail(http, token, { baseUrl: endpoints.gmail, providerName: 'Gmail' })),
      ]),
  };
}
