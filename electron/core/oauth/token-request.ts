/**
 * Token endpoint steps as request/process pairs: `create…Request` builds the HTTP request,
 * `process…Response` validates the answer strictly (S14) or throws a typed error with a hint.
 */
import type { HttpRequest, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';
import { TokenEndpointError } from '../errors.ts';
import type { ClientCredentials } from './client-auth.ts';
import { clientAuthentication } from './client-auth.ts';
import { mapTokenEndpointError } from './error-mapping.ts';
import type { TokenSet } from './token-set.ts';

const TOKEN_TIMEOUT_MS = 30_000;

function tokenRequest(endpoint: string, client: ClientCredentials, grant: Record<string, string>): HttpRequest {
  const auth = clientAuthentication(client);
  return {
    method: 'POST',
    url: endpoint,
    headers: { accept: 'application/json', ...auth.headers },
    form: { ...grant, ...auth.form },
    timeoutMs: TOKEN_TIMEOUT_MS,
  };
}

export interface CodeExchangeParams {
  readonly tokenEndpoint: string;
  readonly client: ClientCredentials;
  readonly code: string;
  /** The exact string sent in the authorization request (S11). */
  readonly redirectUri: string;
  /** null when PKCE is off for this provider. */
  readonly codeVerifier: string | null;
}

export function createCodeExchangeRequest(params: CodeExchangeParams): HttpRequest {
  const grant: Record<string, string> = {
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
  };
  if (params.codeVerifier !== null) grant.code_verifier = params.codeVerifier;
  return tokenRequest(params.tokenEndpoint, params.client, grant);
}

export interface RefreshParams {
  readonly tokenEndpoint: string;
  readonly client: ClientCredentials;
  readonly refreshToken: string;
}

export function createRefreshRequest(params: RefreshParams): HttpRequest {
  return tokenRequest(params.tokenEndpoint, params.client, { grant_type: 'refresh_token', refresh_token: params.refreshToken });
}

export interface TokenResponseContext {
  readonly grant: 'authorization_code' | 'refresh_token';
  /** When the request was sent (epoch ms): lifetimes count from there. */
  readonly now: number;
  /** Used when the response omits `scope` (RFC 6749 5.1: then it equals the requested scope). */
  readonly requestedScopes: readonly string[];
  readonly redirectUri?: string;
  readonly providerName: string;
}

function invalidResponse(context: TokenResponseContext, what: string): TokenEndpointError {
  return new TokenEndpointError('token_response_invalid', `${context.providerName} sent an unusable token response: ${what}.`, {
    hint: 'The provider answered in a way OAuth Desk cannot use. Try again; if it persists, check that the token endpoint URL is right.',
  });
}

/**
 * Servers count lifetimes in whole seconds from an issue time rounded down, so a token can expire up
 * to a second before `now + expires_in`. Expiry is computed that much earlier (at most half the
 * lifetime), so the app never sends a token it believes valid that the server already refuses.
 */
export const EXPIRY_ROUNDING_MS = 1_000;

function parseExpiresIn(value: unknown, context: TokenResponseContext): number | null {
  if (value === undefined || value === null) return null;
  const seconds = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw invalidResponse(context, '"expires_in" is not a number of seconds');
  }
  const lifetime = Math.floor(seconds) * 1000;
  return context.now + lifetime - Math.min(EXPIRY_ROUNDING_MS, lifetime / 2);
}

function optionalString(body: Record<string, unknown>, field: string, context: TokenResponseContext): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') throw invalidResponse(context, `"${field}" is not a non-empty string`);
  return value;
}

/** Validates any token endpoint response; non-2xx statuses become typed errors with hints. */
export function processTokenResponse(response: HttpResponse, context: TokenResponseContext): TokenSet {
  const body = parseJsonBody(response);
  if (response.status < 200 || response.status >= 300) {
    throw mapTokenEndpointError(response, body, context);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidResponse(context, 'the body is not a JSON object');
  const fields = body as Record<string, unknown>;
  const accessToken = optionalString(fields, 'access_token', context);
  if (accessToken === null) throw invalidResponse(context, '"access_token" is missing');
  const tokenType = fields.token_type;
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw invalidResponse(context, `"token_type" must be Bearer`);
  }
  const scope = fields.scope;
  if (scope !== undefined && typeof scope !== 'string') throw invalidResponse(context, '"scope" is not a string');
  const grantedScopes = typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [...context.requestedScopes];
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresAt: parseExpiresIn(fields.expires_in, context),
    refreshToken: optionalString(fields, 'refresh_token', context),
    idToken: optionalString(fields, 'id_token', context),
    grantedScopes,
  };
}
