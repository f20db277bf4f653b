import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapTokenEndpointError } from '../../../electron/core/oauth/error-mapping.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';

const res = (status: number, body: unknown, headers: Record<string, string> = {}): [HttpResponse, unknown] => [{ status, headers, body: JSON.stringify(body) }, body];
const exchange = { grant: 'authorization_code' as const, providerName: 'Example', redirectUri: 'http://127.0.0.1:7777/callback' };
const refresh = { grant: 'refresh_token' as const, providerName: 'Example' };
const code = (r: [HttpResponse, unknown], c: typeof exchange | typeof refresh) => mapTokenEndpointError(r[0], r[1], c);

test('invalid_grant on exchange: the code expired or was already used', () => {
  const e = code(res(400, { error: 'invalid_grant', error_description: 'grant request is invalid' }), exchange);
  assert.equal(e.code, 'code_invalid');
  assert.match(e.hint, /expired or was already used/);
  assert.equal(e.providerError, 'invalid_grant');
  assert.match(e.message, /\(invalid_grant\): "grant request is invalid"/, "the provider's own error code and text are shown");
});

test('invalid_grant naming the verifier or redirect URI gets the specific diagnosis', () => {
  assert.equal(code(res(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' }), exchange).code, 'pkce_mismatch');
  const mismatch = code(res(400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' }), exchange);
  assert.equal(mismatch.code, 'redirect_uri_mismatch');
  assert.match(mismatch.hint, /http:\/\/127\.0\.0\.1:7777\/callback/);
});

test('invalid_grant on refresh means re-authorization (Google and Discord shapes)', () => {
  assert.equal(code(res(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }), refresh).code, 'refresh_token_invalid');
  assert.equal(code(res(400, { error: 'invalid_grant', error_description: 'Invalid "refresh_token" in request.' }), refresh).code, 'refresh_token_invalid');
});

test("X's spent refresh token (invalid_request 'Value passed for the token was invalid.') means re-authorization", () => {
  assert.equal(code(res(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }), refresh).code, 'refresh_token_invalid');
});

test('invalid_client and Google\'s missing secret say what to fix', () => {
  const e = code(res(401, { error: 'invalid_client' }), exchange);
  assert.equal(e.code, 'client_invalid');
  assert.match(e.hint, /secret/);
  assert.match(e.hint, /client_secret_basic/);
  assert.equal(code(res(400, { error: 'invalid_request', error_description: 'client_secret is missing.' }), exchange).code, 'client_secret_missing');
});

test('5xx and 429 keep tokens and say when to retry', () => {
  assert.equal(code(res(503, {}), refresh).code, 'provider_unavailable');
  const limited = code(res(429, {}, { 'retry-after': '30' }), refresh);
  assert.equal(limited.code, 'rate_limited');
  assert.match(limited.hint, /30 seconds/);
});

test('a non-JSON error body still yields a typed error with the status', () => {
  const e = mapTokenEndpointError({ status: 400, headers: {}, body: '<html>oops</html>' }, undefined, exchange);
  assert.equal(e.code, 'token_request_failed');
  assert.match(e.message, /HTTP 400/);
});
