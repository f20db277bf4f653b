/**
 * Validates the authorization response delivered to the redirect URI (RFC 6749 4.1.2, RFC 9207).
 * Two outcomes besides success:
 *  - `CallbackRejectedError`: not a response to this attempt (stray, forged, malformed); the attempt stays pending.
 *  - `AuthorizationError`: the genuine response (state matched, so the state is now spent) reports a failure.
 */
import { AuthorizationError, OAuthDeskError } from '../errors.ts';
import { mapAuthorizationError } from './error-mapping.ts';
import { stateMatches } from './state.ts';

export class CallbackRejectedError extends OAuthDeskError {}

export interface CallbackExpectations {
  readonly state: string;
  readonly redirectUri: string;
  /** The issuer to compare `iss` with; null when the provider has no known issuer. */
  readonly issuer: string | null;
  /** The server advertises `authorization_response_iss_parameter_supported` (S10). */
  readonly issParameterSupported: boolean;
  readonly providerName: string;
}

/** Parameters only an implicit-flow response carries: a callback with any of them is refused (S11). */
export const TOKEN_PARAMETERS: readonly string[] = ['access_token', 'id_token', 'token_type', 'refresh_token', 'expires_in'];

function rejected(code: string, message: string): CallbackRejectedError {
  return new CallbackRejectedError(code, message, {
    hint: 'This sign-in response does not belong to the sign-in in progress and was ignored. Finish signing in on the page that OAuth Desk opened.',
  });
}

/** Returns the authorization code, or throws as described above. */
export function validateCallback(callbackUrl: string, expected: CallbackExpectations): string {
  let url: URL;
  let redirect: URL;
  try {
    url = new URL(callbackUrl);
    redirect = new URL(expected.redirectUri);
  } catch {
    throw rejected('callback_invalid', 'The sign-in response is not a valid URL.');
  }
  if (url.protocol !== redirect.protocol || url.host !== redirect.host || url.pathname !== redirect.pathname) {
    throw rejected('callback_invalid', 'The sign-in response arrived at an unexpected address.');
  }
  if (url.username !== '' || url.password !== '') throw rejected('callback_invalid', 'The sign-in response carries credentials in its address.');

  const params = url.searchParams;
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) throw rejected('callback_duplicate_parameter', `The sign-in response repeats the parameter "${key}".`);
    seen.add(key);
  }
  const fragment = new URLSearchParams(url.hash.startsWith('#') ? url.hash.slice(1) : url.hash);
  for (const name of TOKEN_PARAMETERS) {
    if (params.has(name) || fragment.has(name)) {
      throw rejected('callback_carries_tokens', 'The sign-in response carries tokens, which only the implicit flow does; OAuth Desk uses the code flow only.');
    }
  }

  const state = params.get('state');
  if (state === null || state === '') throw rejected('state_missing', 'The sign-in response has no state parameter.');
  if (!stateMatches(expected.state, state)) throw rejected('state_mismatch', 'The sign-in response has a state that does not match this sign-in.');

  // From here on the response is bound to this attempt: every failure is final.
  const iss = params.get('iss');
  if (expected.issParameterSupported || iss !== null) {
    if (expected.issuer !== null && iss !== expected.issuer) {
      throw new AuthorizationError(
        iss === null ? 'issuer_missing' : 'issuer_mismatch',
        iss === null
          ? `${expected.providerName} advertises the "iss" response parameter but the sign-in response has none.`
          : `The sign-in response names a different authorization server than ${expected.providerName}.`,
        { hint: 'This can be a mix-up attack or a misconfigured provider. Sign in again; if it persists, check the provider\'s issuer URL.' },
      );
    }
  }

  const error = params.get('error');
  if (error !== null) {
    throw mapAuthorizationError(error, params.get('error_description'), {
      providerName: expected.providerName,
      redirectUri: expected.redirectUri,
    });
  }
  const code = params.get('code');
  if (code === null || code === '') {
    throw new AuthorizationError('code_missing', `${expected.providerName} redirected back without an authorization code.`, {
      hint: 'Click Connect to try again. If it persists, check that the provider is set up for the authorization code flow.',
    });
  }
  return code;
}
