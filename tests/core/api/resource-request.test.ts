import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiErrorFor, getJson } from '../../../electron/core/api/resource-request.ts';
import { ApiError } from '../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../electron/core/http/http-client.ts';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const mapped = (response: HttpResponse) => apiErrorFor(response, 'Example', 'the profile', NOW);

// Bodies and headers as documented in providers.md.
const GOOGLE_401 = answer(
  401,
  { error: { code: 401, message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', status: 'UNAUTHENTICATED' } },
  { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
);
const GOOGLE_403_SCOPE = {
  error: {
    code: 403,
    message: 'Request had insufficient authentication scopes.',
    errors: [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
    status: 'PERMISSION_DENIED',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com' }],
  },
};
const FITBIT_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyM0FCQ0QiLCJleHAiOjE3MTUzMzk2MDB9.c2lnbmF0dXJlLXZhbHVlLTEyMw';
const FITBIT_EXPIRED = {
  errors: [{ errorType: 'expired_token', message: `Access token expired: ${FITBIT_TOKEN}. Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.` }],
  success: false,
};

test('S18 emulated provider shapes: expired-token signals become access_token_rejected (refresh once, retry once)', () => {
  const cases: Array<[string, HttpResponse]> = [
    ['Google 401 with error="invalid_token"', GOOGLE_401],
    ['Discord 401', answer(401, { message: '401: Unauthorized', code: 0 })],
    ['X 401 problem+json', answer(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, { 'content-type': 'application/problem+json' })],
    ['Fitbit envelope expired_token on 401', answer(401, FITBIT_EXPIRED)],
    ['Fitbit envelope invalid_token on 400', answer(400, { errors: [{ errorType: 'invalid_token', message: 'Access token invalid.' }], success: false })],
    ['Fitbit envelope expired_token on 403', answer(403, FITBIT_EXPIRED)],
    ['error="invalid_token" challenge on a 400', answer(400, '', { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' })],
  ];
  for (const [name, response] of cases) {
    const e = mapped(response);
    assert.equal(e.code, 'access_token_rejected', name);
    assert.equal(e.status, response.status, name);
    assert.equal(e.retryAfterMs, undefined, name);
  }
  assert.equal(mapped(GOOGLE_401).providerError, 'invalid_token');
  assert.equal(mapped(answer(401, FITBIT_EXPIRED)).providerError, 'expired_token');
});

test('S29 a token echoed in the provider\'s error text goes nowhere into the error', () => {
  const e = mapped(answer(401, FITBIT_EXPIRED));
  for (const text of [e.message, e.hint, e.providerError ?? '', e.providerErrorDescription ?? '', JSON.stringify(e.toInfo())]) {
    assert.ok(!text.includes(FITBIT_TOKEN.slice(0, 20)), text);
  }
});

test('a 4xx without an expired-token signal is not mistaken for one', () => {
  assert.equal(mapped(answer(400, { error: { code: 400, message: 'Invalid id value', status: 'INVALID_ARGUMENT' } })).code, 'api_request_failed');
  assert.equal(mapped(answer(404, { errors: [{ errorType: 'not_found', message: 'The resource was not found' }], success: false })).code, 'api_request_failed');
  assert.equal(mapped(answer(403, { title: 'Forbidden', status: 403, detail: 'Forbidden' })).code, 'api_request_failed');
});

test('S18 emulated provider shapes: insufficient scope asks for re-consent, never a refresh', () => {
  const cases: Array<[string, HttpResponse]> = [
    ['challenge', answer(403, '', { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/gmail.readonly"' })],
    ['Google body (both reasons), no challenge', answer(403, GOOGLE_403_SCOPE)],
    ['Google details reason only', answer(403, { error: { code: 403, status: 'PERMISSION_DENIED', details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }] } })],
    ['Google errors reason only', answer(403, { error: { code: 403, errors: [{ reason: 'insufficientPermissions' }] } })],
    ['Fitbit envelope', answer(403, { errors: [{ errorType: 'insufficient_scope', message: 'This application does not have permission to access heartrate data.' }], success: false })],
    ['insufficient_scope challenge on a 401', answer(401, '', { 'www-authenticate': 'Bearer error="insufficient_scope"' })],
  ];
  for (const [name, response] of cases) {
    const e = mapped(response);
    assert.equal(e.code, 'scope_missing', name);
    assert.match(e.hint, /Re-authorize and grant the permission/, name);
    assert.match(e.hint, /refreshing the token cannot add it/, name);
  }
});

test('Google rate limits on 403 back off instead of asking for consent', () => {
  for (const reason of ['rateLimitExceeded', 'userRateLimitExceeded']) {
    const e = mapped(answer(403, { error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason }], status: 'PERMISSION_DENIED' } }, { 'retry-after': '20' }));
    assert.equal(e.code, 'rate_limited', reason);
    assert.equal(e.retryAfterMs, 20_000, reason);
  }
});

test('S17 emulated provider shapes: 429 sets retryAfterMs (Discord, X) and the hint states the wait', () => {
  const discord = mapped(answer(429, { message: 'You are being rate limited.', retry_after: 64.57, global: false }, { 'retry-after': '65', 'x-ratelimit-reset-after': '64.57' }));
  assert.equal(discord.code, 'rate_limited');
  assert.equal(discord.retryAfterMs, 65_000, 'Retry-After comes first');
  assert.match(discord.hint, /Wait 65 seconds/);
  const x = mapped(answer(429, { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' }, { 'x-rate-limit-limit': '75', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 600) }));
  assert.equal(x.retryAfterMs, 600_000);
  assert.match(x.hint, /Wait 10 minutes/);
  const unknown = mapped(answer(429, ''));
  assert.equal(unknown.retryAfterMs, undefined);
  assert.match(unknown.hint, /Wait a minute/);
});

test('S17 5xx is the provider\'s side; a 503 Retry-After (HTTP-date) sets retryAfterMs', () => {
  const e = mapped(answer(503, '<html>down</html>', { 'retry-after': 'Sun, 10 May 2026 12:00:45 GMT' }));
  assert.equal(e.code, 'provider_unavailable');
  assert.equal(e.retryAfterMs, 45_000);
  assert.match(e.hint, /provider's side\. Try again in 45 seconds/);
  const plain = mapped(answer(500, ''));
  assert.equal(plain.code, 'provider_unavailable');
  assert.equal(plain.retryAfterMs, undefined);
});

test('410 says the API was retired', () => {
  assert.equal(mapped(answer(410, '')).code, 'api_retired');
});

function fakeHttp(response: HttpResponse): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return { requests, request: async (request) => (requests.push(request), response) };
}

test('S18 getJson sends the token in the header only and maps failures with its clock', async () => {
  const http = fakeHttp(answer(429, '', { 'retry-after': 'Sun, 10 May 2026 12:01:00 GMT' }));
  await assert.rejects(
    getJson(http, 'https://api.example/me', 'AT-secret-123', { providerName: 'Example', what: 'the profile', clock: { now: () => NOW } }),
    (e: unknown) => e instanceof ApiError && e.code === 'rate_limited' && e.retryAfterMs === 60_000 && !e.message.includes('AT-secret-123'),
  );
  assert.equal(http.requests[0]?.headers?.authorization, 'Bearer AT-secret-123');
  assert.ok(!http.requests[0]?.url.includes('AT-secret-123'));
});

test('getJson reads the body of an error answer (Discord 401) and returns JSON on 200', async () => {
  await assert.rejects(
    getJson(fakeHttp(answer(401, { message: '401: Unauthorized', code: 0 })), 'https://discord.com/api/v10/users/@me', 'at', { providerName: 'Discord', what: 'the profile' }),
    (e: unknown) => e instanceof ApiError && e.code === 'access_token_rejected' && e.status === 401,
  );
  await assert.rejects(
    getJson(fakeHttp(answer(403, GOOGLE_403_SCOPE)), 'https://gmail.googleapis.com/gmail/v1/users/me/messages', 'at', { providerName: 'Google', what: 'unread mail' }),
    (e: unknown) => e instanceof ApiError && e.code === 'scope_missing',
  );
  assert.deepEqual(await getJson(fakeHttp(answer(200, { sub: 'ada' })), 'https://api.example/me', 'at', { providerName: 'Example', what: 'the profile' }), { sub: 'ada' });
});
