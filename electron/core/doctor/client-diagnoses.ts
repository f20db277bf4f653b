/**
 * Failures of the client's registration and authentication: wrong ID or secret, a confidential client
 * that must authenticate with HTTP Basic (X's "Web App": 401 unauthorized_client "Missing valid
 * authorization header"), a grant the client may not use, a required secret that is missing.
 */
import type { Doctor } from './diagnosis-parts.ts';
import { consoleLink, consoleName, tryAgainStep } from './diagnosis-parts.ts';

/** The provider's description names the Authorization header: the client authenticated the wrong way. */
const AUTHORIZATION_HEADER = /authori[sz]ation header/i;

/** `client_invalid`: the token endpoint did not accept the client credentials. */
export const clientAuthenticationFailed: Doctor = (_failure, context) => {
  const p = context.providerName;
  const refused =
    context.phase === 'sign-in' ? 'so no tokens were issued' : context.phase === 'disconnect' ? "so it did not revoke the connection's tokens" : "so it would not renew the connection's access";
  return {
    id: 'client_authentication_failed',
    happened: `${p}'s token endpoint did not recognise OAuth Desk as the client it claims to be, ${refused}.`,
    cause: `The client ID or secret in Settings does not match the client registered at ${p} (a typo, a secret that was reset, or a deleted client), or the client authenticates differently from how it is registered (no secret, the secret in the request body, or HTTP Basic).`,
    fix: [
      `In ${consoleName(context)}, compare the client's ID and secret with those in this provider's Settings; if the secret was reset there, enter the new one.`,
      'A public client (no secret) must have no secret saved; a confidential one needs its secret. For a custom provider, also check its client authentication method in Settings (none, client_secret_post or client_secret_basic).',
      tryAgainStep(context),
    ],
    facts: [],
    link: consoleLink(context),
    action: 'settings',
  };
};

/**
 * `client_unauthorized` (token endpoint) and `unauthorized_client` (authorization endpoint): the
 * client may not use this grant, or, when the provider asks for an Authorization header, it is a
 * confidential client that must authenticate with HTTP Basic.
 */
export const clientNotAllowed: Doctor = (failure, context) => {
  const p = context.providerName;
  if (failure.providerErrorDescription !== undefined && AUTHORIZATION_HEADER.test(failure.providerErrorDescription)) {
    return {
      id: 'client_authentication_method',
      happened: `${p} refused the token request because it came without the HTTP Basic Authorization header this client must send.`,
      cause: `The client is registered as confidential (X calls it a "Web App"), which must send its client ID and secret in an HTTP Basic Authorization header. OAuth Desk sent no such header: no client secret is saved, so it acted as a public client (or, for a custom provider, it is set to send the secret in the request body).`,
      fix: [
        `Enter the client secret in this provider's Settings (OAuth Desk then sends it with HTTP Basic), or, in ${consoleName(context)}, make the client public ("Native App" at X), which needs no secret.`,
        tryAgainStep(context),
      ],
      facts: [],
      link: consoleLink(context),
      action: 'settings',
    };
  }
  const grant = context.phase === 'sign-in' ? 'the authorization code flow' : 'refresh tokens (the refresh_token grant)';
  return {
    id: 'grant_not_allowed',
    happened: `${p} refused because this client may not use ${grant}, which OAuth Desk needs.`,
    cause: `The client is registered at ${p} for other OAuth flows only, or this grant is switched off in its settings there.`,
    fix: [
      `In ${consoleName(context)}, allow ${grant} for the client; for a desktop app, a "native" or "desktop" client type usually has it.`,
      context.phase === 'sign-in' ? 'Then click Connect.' : 'Then click Re-authorize.',
    ],
    facts: [],
    link: consoleLink(context),
    action: 'settings',
  };
};

/** `client_secret_missing`: the provider needs the client secret (Google desktop clients, even with PKCE). */
export const clientSecretMissing: Doctor = (_failure, context) => {
  const p = context.providerName;
  return {
    id: 'client_secret_missing',
    happened: `${p} will not issue tokens to this client without its client secret, and OAuth Desk has none saved for it.`,
    cause: `${p} requires the client secret at its token endpoint for this client, even though OAuth Desk also uses PKCE (Google does this for "Desktop app" clients).`,
    fix: [
      `Copy the client secret from ${consoleName(context)} into this provider's Settings, or import the client file the console downloads (Google: client_secret_….json), which holds both the ID and the secret.`,
      'Then click Connect.',
    ],
    facts: [],
    link: consoleLink(context),
    action: 'settings',
  };
};
