/**
 * Calls a provider's resource API with a bearer token (in the header only, never the URL: S18)
 * and turns failures into typed errors: `access_token_rejected` (refresh once, retry once),
 * `scope_missing` (ask for re-consent, no refresh), `rate_limited` and `provider_unavailable`
 * (back off, honouring `retryAfterMs`).
 */
import { ApiError } from '../errors.ts';
import type { HttpClient, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';
import { describeWait, retryAfterMs } from '../http/retry-after.ts';
import { readProviderError, sanitizeProviderText } from '../oauth/error-mapping.ts';
import type { Clock } from '../ports.ts';
import { systemClock } from '../ports.ts';

/** Reads `error="…"` from a `WWW-Authenticate: Bearer …` header (RFC 6750 3). */
export function bearerChallengeError(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return /\berror="([^"]*)"/i.exec(header)?.[1];
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * The `reason`s of a Google API error body: `error.errors[].reason` (e.g. "insufficientPermissions",
 * "rateLimitExceeded") and `error.details[].reason` (e.g. "ACCESS_TOKEN_SCOPE_INSUFFICIENT").
 */
function googleReasons(body: unknown): string[] {
  const error = asObject(asObject(body)?.error);
  if (error === undefined) return [];
  const reasons: string[] = [];
  for (const list of [error.errors, error.details]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const reason = asObject(entry)?.reason;
      if (typeof reason === 'string') reasons.push(reason);
    }
  }
  return reasons;
}

const EXPIRED_TOKEN_TYPES = new Set(['expired_token', 'invalid_token']);
// Google's reasons, RFC 6750's error code, and the Fitbit-style envelope's errorTypes.
const SCOPE_REASONS = new Set(['ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'insufficientPermissions', 'insufficient_scope', 'insufficient_permissions']);
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);

export function apiErrorFor(response: HttpResponse, providerName: string, what: string, now: number = Date.now()): ApiError {
  const challenge = bearerChallengeError(response.headers['www-authenticate']);
  const status = response.status;
  const body = parseJsonBody(response);
  // RFC 6749-style `error` or the Fitbit-style envelope's `errorType`.
  const providerError = readProviderError(body).error;
  const reasons = googleReasons(body);
  const signal = sanitizeProviderText(challenge ?? providerError ?? reasons[0]);
  const make = (code: string, message: string, hint: string, retryAfter?: number) =>
    new ApiError(code, message, {
      hint,
      status,
      ...(signal === undefined ? {} : { providerError: signal }),
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    });

  const rateLimited = status === 429 || (status === 403 && reasons.some((r) => RATE_LIMIT_REASONS.has(r)));
  if (rateLimited) {
    const wait = retryAfterMs(response.headers, now);
    return make('rate_limited', `${providerName} is rate-limiting requests for ${what}.`, `Wait ${describeWait(wait)}, then reload.`, wait);
  }
  if (status >= 500) {
    const wait = status === 503 ? retryAfterMs(response.headers, now) : undefined;
    return make('provider_unavailable', `${providerName} failed while loading ${what} (HTTP ${status}).`, `This is on the provider's side. Try again in ${describeWait(wait)}.`, wait);
  }
  // S18: insufficient scope first: a refresh cannot add a permission, only a new consent can.
  const scopeMissing =
    (status === 401 || status === 403) &&
    (challenge === 'insufficient_scope' || (providerError !== undefined && SCOPE_REASONS.has(providerError)) || reasons.some((r) => SCOPE_REASONS.has(r)));
  if (scopeMissing) {
    return make('scope_missing', `${providerName} says the connection lacks the permission needed for ${what}.`, 'Click Re-authorize and grant the permission on the consent page; refreshing the token cannot add it.');
  }
  // S18: the provider's own expired-token signals. Any 401 from a bearer-protected API means the token
  // was not accepted (RFC 6750 3.1): Google's challenge, Discord's {"message":"401: Unauthorized","code":0},
  // X's problem+json; the Fitbit-style envelope may come with another 4xx.
  const tokenRejected =
    status === 401 ||
    (status >= 400 && status < 500 && (challenge === 'invalid_token' || (providerError !== undefined && EXPIRED_TOKEN_TYPES.has(providerError))));
  if (tokenRejected) {
    return make('access_token_rejected', `${providerName} rejected the access token while loading ${what}.`, 'The token expired or was revoked. Click Re-authorize to sign in again.');
  }
  if (status === 410) {
    return make('api_retired', `${providerName} has retired the API used for ${what} (HTTP 410).`, 'This API no longer exists at the provider; an update of OAuth Desk is needed.');
  }
  return make('api_request_failed', `${providerName} answered HTTP ${status} while loading ${what}.`, 'Try again. If it persists, re-authorize the connection.');
}

export async function getJson(
  http: HttpClient,
  url: string,
  accessToken: string,
  context: { providerName: string; what: string; clock?: Clock },
): Promise<unknown> {
  const response = await http.request({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  if (response.status !== 200) throw apiErrorFor(response, context.providerName, context.what, (context.clock ?? systemClock).now());
  const body = parseJsonBody(response);
  if (body === undefined) {
    throw new ApiError('api_response_invalid', `${context.providerName} sent something other than JSON for ${context.what}.`, {
      hint: 'Try again. If it persists, check the API URL configured for this provider.',
      status: response.status,
    });
  }
  return body;
}
