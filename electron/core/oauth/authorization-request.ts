/** Builds the authorization request URL (RFC 6749 4.1.1 with PKCE). Only `response_type=code` (S11). */
import { isAllowedEndpoint } from './endpoint-url.ts';
import type { PkceMethod } from './pkce.ts';
import { codeChallengeFor } from './pkce.ts';

export interface AuthorizationRequestParams {
  readonly authorizationEndpoint: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string;
  readonly codeVerifier: string;
  /** null turns PKCE off (only for providers configured that way). */
  readonly pkceMethod: PkceMethod | null;
  /** Provider-specific extras, e.g. `access_type=offline`, `prompt=consent`. Cannot override the core parameters. */
  readonly extraParams?: Readonly<Record<string, string>>;
}

/**
 * Parameters the app sets itself, and those that would change how the answer comes back
 * (`response_mode`: the loopback receiver takes a query only) or let a request object override the
 * app's own (`request`, `request_uri`: S11). Extra parameters may not set them (compared case-insensitively).
 */
export const RESERVED_AUTH_PARAMS: readonly string[] = Object.freeze([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'response_mode',
  'request',
  'request_uri',
]);

export function buildAuthorizationUrl(params: AuthorizationRequestParams): string {
  const url = new URL(params.authorizationEndpoint);
  if (!isAllowedEndpoint(url)) {
    throw new RangeError('The authorization endpoint must use https (or http on this machine: 127.0.0.1, localhost, [::1]).');
  }
  const query = url.searchParams;
  for (const [key, value] of Object.entries(params.extraParams ?? {})) {
    if (RESERVED_AUTH_PARAMS.includes(key.toLowerCase())) throw new RangeError(`The extra authorization parameter "${key}" would override a core parameter.`);
    query.set(key, value);
  }
  query.set('response_type', 'code');
  query.set('client_id', params.clientId);
  query.set('redirect_uri', params.redirectUri);
  if (params.scopes.length > 0) query.set('scope', params.scopes.join(' '));
  query.set('state', params.state);
  if (params.pkceMethod !== null) {
    query.set('code_challenge', codeChallengeFor(params.codeVerifier, params.pkceMethod));
    query.set('code_challenge_method', params.pkceMethod);
  }
  return url.toString();
}
