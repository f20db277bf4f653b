/** Token revocation (RFC 7009) as a request/process pair. "Already invalid" counts as success (S19). */
import { TokenEndpointError } from '../errors.ts';
import type { HttpRequest, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';
import type { ClientCredentials } from './client-auth.ts';
import { clientAuthentication } from './client-auth.ts';
import { readProviderError, sanitizeProviderText } from './error-mapping.ts';

export function createRevocationRequest(params: {
  revocationEndpoint: string;
  client: ClientCredentials;
  token: string;
  tokenTypeHint: 'refresh_token' | 'access_token';
}): HttpRequest {
  const auth = clientAuthentication(params.client);
  return {
    method: 'POST',
    url: params.revocationEndpoint,
    headers: { accept: 'application/json', ...auth.headers },
    form: { token: params.token, token_type_hint: params.tokenTypeHint, ...auth.form },
    timeoutMs: 15_000,
  };
}

/**
 * The error codes that mean "this token is already invalid", which is what revocation wants (S19):
 * RFC 7009's `invalid_token`, the `invalid_grant` some servers send, and the same values as the
 * Fitbit-style envelope's `errorType`.
 */
const ALREADY_INVALID = new Set(['invalid_token', 'invalid_grant']);

export function processRevocationResponse(response: HttpResponse, providerName: string): void {
  const status = response.status;
  // RFC 7009 2.2 answers 200; a 204 No Content is a success too.
  if (status === 200 || status === 204) return;
  const { error, description: rawDescription } = readProviderError(parseJsonBody(response));
  if (status === 400 && error !== undefined && ALREADY_INVALID.has(error)) return;
  const code = sanitizeProviderText(error);
  const description = sanitizeProviderText(rawDescription);
  const said = `${code === undefined ? '' : ` (error "${code}")`}${description === undefined ? '' : `: "${description}"`}`;
  const details = {
    ...(error === undefined ? {} : { providerError: error }),
    ...(description === undefined ? {} : { providerErrorDescription: description }),
  };
  // 410 Gone: the provider has turned its revocation endpoint off for good (the legacy Fitbit OAuth endpoints since 2 November 2026).
  if (status === 410) {
    throw new TokenEndpointError('api_retired', `${providerName} has retired its token revocation endpoint (HTTP 410 Gone), so it did not confirm the revocation${said}.`, {
      hint: `The local tokens were removed anyway. ${providerName} may still list OAuth Desk as connected: remove its access in your account settings there.`,
      ...details,
    });
  }
  if (status === 429 || status >= 500) {
    const what = status === 429 ? 'is rate-limiting requests and' : 'had a problem and';
    throw new TokenEndpointError('revocation_failed', `${providerName} ${what} did not confirm the revocation (HTTP ${status})${said}. This is on the provider's side.`, {
      hint: `The local tokens were removed anyway. ${providerName} may still list OAuth Desk as connected: remove its access in your account settings there.`,
      ...details,
    });
  }
  throw new TokenEndpointError('revocation_failed', `${providerName} did not confirm the revocation (HTTP ${status})${said}.`, {
    hint: 'The local tokens were removed anyway. To be sure, remove OAuth Desk\'s access in your account settings at the provider.',
    ...details,
  });
}
