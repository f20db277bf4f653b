/** Failures of the code exchange itself: a dead authorization code, a PKCE verifier the server refused. */
import { describeSeconds } from '../providers/durations.ts';
import type { Doctor } from './diagnosis-parts.ts';
import { codeLifetimeText, textFact } from './diagnosis-parts.ts';

/** `code_invalid`: the code expired or was already used. */
export const codeExpiredOrUsed: Doctor = (failure, context) => {
  const p = context.providerName;
  const seconds = context.rules?.codeLifetimeSeconds ?? null;
  const lifetime =
    seconds === null
      ? `Authorization codes work once and expire quickly (${p} does not document how fast; usually within seconds to minutes)`
      : `Authorization codes at ${p} work once and expire after ${describeSeconds(seconds)}`;
  // Some servers (oidc-provider, the Sandbox's, among them) give this one answer for every refused code.
  const sameAnswer =
    failure.providerError === 'invalid_grant'
      ? ' The same answer can also mean that the PKCE verifier or the redirect URI differed from the sign-in\'s; OAuth Desk sends both exactly as at sign-in, so that is unlikely.'
      : '';
  return {
    id: 'code_expired_or_used',
    happened: `${p} refused the one-time authorization code it had just sent back, so no tokens were issued.`,
    cause: `${lifetime}: this one most likely expired before it reached ${p}'s token endpoint (a slow or intercepting network, or a computer that slept), or it was presented twice.${sameAnswer}`,
    fix: [
      'Click Connect and finish signing in: OAuth Desk exchanges the new code the moment it arrives.',
      `If it keeps happening, check for a proxy or VPN that slows the connection to ${p}.`,
    ],
    facts: [textFact(`Code lifetime at ${p}`, codeLifetimeText(context))],
    link: null,
    action: 'connect',
  };
};

/** `pkce_mismatch`: the server did not accept the PKCE code verifier (RFC 7636). */
export const pkceVerifierMismatch: Doctor = (_failure, context) => {
  const p = context.providerName;
  return {
    id: 'pkce_verifier_mismatch',
    happened: `${p} refused the PKCE code verifier OAuth Desk sent with the authorization code, so no tokens were issued.`,
    cause: `The verifier proves that the app exchanging the code is the one that started the sign-in. ${p} found that it does not match the challenge sent at the start of that sign-in: ${p} probably computes the challenge with another PKCE method than the one set for this provider, or expects another verifier format (OAuth Desk sends 43 characters).`,
    fix: [
      'Click Connect to try once more: every sign-in gets a fresh verifier.',
      "If it fails again with a custom provider, set its PKCE method in Settings to what the server supports (S256, plain, or off); for a built-in provider, report it: its PKCE setting is fixed.",
    ],
    facts: [],
    link: null,
    action: 'connect',
  };
};
