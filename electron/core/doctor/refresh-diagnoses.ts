/**
 * Failures that end a connection's ability to renew itself (S17: needs re-authorization, no retry
 * loop): the refresh token is dead, was never given, or was lost with the app's memory; or even a
 * fresh access token is refused.
 */
import type { DiagnosisFact } from '../../shared/diagnosis.ts';
import type { Doctor } from './diagnosis-parts.ts';
import { consoleLink, textFact } from './diagnosis-parts.ts';

/** "Revoked: the person removed…" → label "Revoked", value "The person removed…". */
function ruleFact(rule: string): DiagnosisFact {
  const colon = rule.indexOf(': ');
  if (colon <= 0 || colon > 40) return textFact('Rule', rule);
  const value = rule.slice(colon + 2);
  return textFact(rule.slice(0, colon), value.charAt(0).toUpperCase() + value.slice(1));
}

/** `refresh_token_invalid`: the provider no longer accepts the refresh token (invalid_grant and its relatives). */
export const refreshTokenEnded: Doctor = (_failure, context) => {
  const p = context.providerName;
  const rules = context.rules?.refreshTokenRules ?? [];
  return {
    id: 'refresh_token_ended',
    happened: `${p} no longer accepts this connection's refresh token, so OAuth Desk cannot renew its access on its own. It stopped trying, and the connection waits for a new sign-in.`,
    cause:
      rules.length > 0
        ? `${p} ended the refresh token. ${p} does that for the reasons below.`
        : `The refresh token expired, was revoked (at ${p} or by the person), or was already used: many providers make refresh tokens single-use and replace them at every refresh.`,
    fix: [
      'Click Re-authorize and approve the consent page: that issues a new refresh token.',
      ...(rules.length > 0 ? ['If it keeps happening, check the reasons below against how the client and the account are set up.'] : []),
    ],
    facts: rules.map(ruleFact),
    link: rules.length > 0 ? consoleLink(context) : null,
    action: 'reauthorize',
  };
};

/** `refresh_token_not_saved`: the refresh token was kept in memory only (weak keyring, S20) and is gone. */
export const refreshTokenNotSaved: Doctor = () => ({
  id: 'refresh_token_not_saved',
  happened: 'OAuth Desk no longer holds a refresh token for this connection, so it cannot renew its access on its own.',
  cause:
    'No secure keyring protects secrets on this computer, so the refresh token was kept in memory only, never written to disk unprotected, and it was lost when OAuth Desk quit.',
  fix: [
    'Click Re-authorize to sign in again.',
    'To keep refresh tokens across restarts, set up a keyring for your desktop (such as GNOME Keyring or KWallet), or turn on "Keep refresh tokens on disk" in Storage & security.',
  ],
  facts: [],
  link: null,
  action: 'reauthorize',
});

/** `refresh_token_missing`: the provider issued no refresh token at sign-in. */
export const noRefreshToken: Doctor = (_failure, context) => {
  const p = context.providerName;
  return {
    id: 'no_refresh_token',
    happened: `${p} gave this connection no refresh token at sign-in, so its access cannot be renewed once the access token expires.`,
    cause: `Providers issue a refresh token only when offline access is requested (Google: access_type=offline; X: the offline.access scope; OpenID Connect: the offline_access scope), and some only at the first consent of an account.`,
    fix: [
      'Click Re-authorize: OAuth Desk asks for the consent page again, which makes the provider issue a new refresh token.',
      'For a custom provider, add the provider\'s offline access scope (often offline_access) in Settings first.',
    ],
    facts: [],
    link: null,
    action: 'reauthorize',
  };
};

/** `access_token_refused`: even a freshly refreshed access token is refused (the grant was revoked or changed). */
export const accessRevoked: Doctor = (_failure, context) => {
  const p = context.providerName;
  return {
    id: 'access_revoked',
    happened: `${p} refused the connection's access token right after OAuth Desk renewed it, so renewing again would only repeat the failure.`,
    cause: `The access behind this connection was revoked or changed at ${p} (for example, the app's access was removed in the account's settings), or ${p} does not accept tokens for this API from this client.`,
    fix: ['Click Re-authorize to sign in again and grant access anew.'],
    facts: [],
    link: null,
    action: 'reauthorize',
  };
};
