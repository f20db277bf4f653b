/** Token revocation (RFC 7009) as a request/process pair. "Already invalid" counts as success (S19). */
import { TokenEndpointError } from '../errors.ts';
import type { HttpRequest, HttpResponse } from '../http/http-client.ts';
import { parseJsonBody } from '../http/http-client.ts';
import type { ClientCredentials } from './client-auth.ts';
import { clientAuthentication } from './client-auth.ts';
import { sanitizeProviderText } from './error-mapping.ts';

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

export function processRevocationResponse(response: HttpResponse, providerName: string): void {
  if (response.status === 200) return;
  const body = parseJsonBody(response) as { error?: unknown; error_description?: unknown } | undefined;
  if (response.status === 400 && body?.error === 'invalid_token') return; // already revoked or expired
  const description = sanitizeProviderText(body?.error_description);
  throw new TokenEndpointError('revocation_failed', `${providerName} did not confirm the revocation (HTTP ${response.status})${description ? `: "${description}"` : ''}.`, {
    hint: 'The local tokens were removed anyway. To be sure, remove OAuth Desk\'s access in your account settings at the provider.',
  });
}
