/**
 * Calls a provider's resource API with a bearer token (in the header only, never the URL: S18)
 * and turns failures into typed errors.
 */
import { ApiError } from '../errors.ts';
import type { HttpClient, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';

/** Reads `error="…"` from a `WWW-Authenticate: Bearer …` header (RFC 6750 3). */
export function bearerChallengeError(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return /\berror="([^"]*)"/i.exec(header)?.[1];
}

export function apiErrorFor(response: HttpResponse, providerName: string, what: string): ApiError {
  const challenge = bearerChallengeError(response.headers['www-authenticate']);
  const status = response.status;
  if (status === 401) {
    return new ApiError('access_token_rejected', `${providerName} rejected the access token while loading ${what}.`, {
      hint: 'The token expired or was revoked. Click Re-authorize to sign in again.',
      status,
      ...(challenge ? { providerError: challenge } : {}),
    });
  }
  if (status === 403 && challenge === 'insufficient_scope') {
    return new ApiError('scope_missing', `${providerName} says the connection lacks the permission needed for ${what}.`, {
      hint: 'Click Re-authorize and grant every requested permission on the consent page.',
      status,
      providerError: challenge,
    });
  }
  if (status === 429) {
    const retryAfter = response.headers['retry-after'];
    return new ApiError('rate_limited', `${providerName} is rate-limiting requests for ${what}.`, {
      hint: retryAfter ? `Wait ${retryAfter} seconds, then reload.` : 'Wait a minute, then reload.',
      status,
    });
  }
  if (status === 410) {
    return new ApiError('api_retired', `${providerName} has retired the API used for ${what} (HTTP 410).`, {
      hint: 'This API no longer exists at the provider; an update of OAuth Desk is needed.',
      status,
    });
  }
  if (status >= 500) {
    return new ApiError('provider_unavailable', `${providerName} failed while loading ${what} (HTTP ${status}).`, {
      hint: 'This is on the provider\'s side. Try again in a minute.',
      status,
    });
  }
  return new ApiError('api_request_failed', `${providerName} answered HTTP ${status} while loading ${what}.`, {
    hint: 'Try again. If it persists, re-authorize the connection.',
    status,
  });
}

export async function getJson(http: HttpClient, url: string, accessToken: string, context: { providerName: string; what: string }): Promise<unknown> {
  const response = await http.request({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  if (response.status !== 200) throw apiErrorFor(response, context.providerName, context.what);
  const body = parseJsonBody(response);
  if (body === undefined) {
    throw new ApiError('api_response_invalid', `${context.providerName} sent something other than JSON for ${context.what}.`, {
      hint: 'Try again. If it persists, check the API URL configured for this provider.',
      status: response.status,
    });
  }
  return body;
}
