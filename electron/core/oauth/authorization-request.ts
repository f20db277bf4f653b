/** Builds the authorization request URL (RFC 6749 4.1.1 with PKCE). Only `response_type=code` (S11). */
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

const RESERVED = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']);

export function buildAuthorizationUrl(params: AuthorizationRequestParams): string {
  const url = new URL(params.authorizationEndpoint);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === '127.0.0.1')) {
    throw new RangeError('The authorization endpoint must use https (or http on 127.0.0.1).');
  }
  const query = url.searchParams;
  for (const [key, value] of Object.entries(params.extraParams ?? {})) {
    if (RESERVED.has(key)) throw new RangeError(`The extra authorization parameter "${key}" would override a core parameter.`);
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
