import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRevocationRequest, processRevocationResponse } from '../../../electron/core/oauth/revocation.ts';
import { TokenEndpointError } from '../../../electron/core/errors.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const failure = (response: HttpResponse): TokenEndpointError => {
  try {
    processRevocationResponse(response, 'Example');
  } catch (error) {
    assert.ok(error instanceof TokenEndpointError);
    return error;
  }
  assert.fail(`HTTP ${response.status} ${response.body} was taken as a confirmed revocation`);
};

test('the revocation request carries the token in the form, never the URL, with the type hint', () => {
  const req = createRevocationRequest({ revocationEndpoint: 'https://oauth2.googleapis.com/revoke', client: { clientId: 'id', clientSecret: null, authMethod: 'none' }, token: 'RT-secret', tokenTypeHint: 'refresh_token' });
  assert.equal(req.method, 'POST');
  assert.deepEqual(req.form, { token: 'RT-secret', token_type_hint: 'refresh_token', client_id: 'id' });
  assert.ok(!req.url.includes('RT-secret'));
});

test('S19 emulated provider shapes: a confirmed or "already invalid" revocation is a success', () => {
  const ok: Array<[string, HttpResponse]> = [
    ['200 with an empty body (Google, RFC 7009)', answer(200, '')],
    ['200 with {} (Discord)', answer(200, {})],
    ['200 with a JSON answer (X)', answer(200, { revoked: true })],
    ['204 No Content', answer(204, '')],
    ['400 invalid_token (Google: already revoked)', answer(400, { error: 'invalid_token', error_description: 'Token expired or revoked' })],
    ['400 invalid_grant (some servers)', answer(400, { error: 'invalid_grant', error_description: 'Invalid "token" in request.' })],
    ['400 Fitbit envelope invalid_token', answer(400, { errors: [{ errorType: 'invalid_token', message: 'Access token invalid: 0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d. Visit https://dev.fitbit.com/docs/oauth2' }], success: false })],
    ['400 Fitbit envelope invalid_grant', answer(400, { errors: [{ errorType: 'invalid_grant', message: 'Refresh token invalid.' }], success: false })],
  ];
  for (const [name, response] of ok) assert.doesNotThrow(() => processRevocationResponse(response, 'Example'), name);
});

test('S19 any other answer throws revocation_failed with the provider\'s own words and a hint', () => {
  const client = failure(answer(401, { error: 'invalid_client', error_description: 'Client authentication failed.' }));
  assert.equal(client.code, 'revocation_failed');
  assert.equal(client.providerError, 'invalid_client');
  assert.match(client.message, /did not confirm the revocation \(HTTP 401\) \(error "invalid_client"\): "Client authentication failed\."/);
  assert.match(client.hint, /local tokens were removed anyway/);
  assert.equal(failure(answer(400, { error: 'unsupported_token_type' })).code, 'revocation_failed');
  assert.equal(failure(answer(400, { error: 'invalid_request', error_description: 'token is missing' })).code, 'revocation_failed');
  assert.equal(failure(answer(400, '<html>Bad Request</html>')).code, 'revocation_failed');
  assert.equal(failure(answer(401, { errors: [{ errorType: 'invalid_client', message: 'Invalid authorization header.' }], success: false })).providerError, 'invalid_client');
  // "Already invalid" only counts on a 400: the same code on another status is not a confirmation.
  assert.equal(failure(answer(500, { error: 'invalid_token' })).code, 'revocation_failed');
  assert.equal(failure(answer(302, '')).code, 'revocation_failed');
});

test('S19 429 and 5xx say the problem is on the provider\'s side', () => {
  for (const status of [429, 500, 502, 503]) {
    const e = failure(answer(status, '', { 'retry-after': '30' }));
    assert.equal(e.code, 'revocation_failed', `${status}`);
    assert.match(e.message, new RegExp(`\\(HTTP ${status}\\)\\. This is on the provider's side\\.`), `${status}`);
    assert.match(e.hint, /local tokens were removed anyway\. Example may still list OAuth Desk as connected/, `${status}`);
  }
  assert.match(failure(answer(429, '')).message, /rate-limiting/);
  assert.doesNotMatch(failure(answer(401, '')).message, /provider's side/, 'a client problem is not blamed on the provider');
});

test('S29 a token echoed by the provider is not repeated in the revocation error', () => {
  const token = '0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b';
  const e = failure(answer(401, { errors: [{ errorType: 'invalid_client', message: `Client cannot revoke ${token}` }], success: false }));
  assert.ok(!e.message.includes(token.slice(0, 16)), e.message);
  assert.match(e.message, /\[redacted\]/);
});

test('S19 410 Gone from the revocation endpoint (the legacy Fitbit endpoints since 2 November 2026) is a retired endpoint, the local tokens removed anyway', () => {
  const e = failure(answer(410, { errors: [{ errorType: 'request', message: 'The Fitbit Web API has been retired.' }], success: false }));
  assert.equal(e.code, 'api_retired');
  assert.match(e.message, /^Example has retired its token revocation endpoint \(HTTP 410 Gone\), so it did not confirm the revocation \(error "request"\): "The Fitbit Web API has been retired\."/);
  assert.match(e.hint, /local tokens were removed anyway.*remove its access in your account settings/);
  assert.equal(failure(answer(410, '')).code, 'api_retired', 'without a body too');
});
