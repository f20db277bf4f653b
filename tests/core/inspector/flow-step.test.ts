import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRequest, HttpResponse } from '../../../electron/core/http/http-client.ts';
import { authorizationRequestStep, callbackStep, flowRequestOf, flowResponseOf, httpStep, stepKindOf, stepTitle } from '../../../electron/core/inspector/flow-step.ts';
import { stepError } from '../../../electron/core/inspector/step-outcome.ts';
import { buildAuthorizationUrl } from '../../../electron/core/oauth/authorization-request.ts';
import { createRevocationRequest } from '../../../electron/core/oauth/revocation.ts';
import { createCodeExchangeRequest, createRefreshRequest } from '../../../electron/core/oauth/token-request.ts';
import { codeChallengeFor } from '../../../electron/core/oauth/pkce.ts';
import { curlCommand } from '../../../electron/shared/flow-curl.ts';

const CODE = 'SplxlOBeZQQYbYS6WxSbIA-code-123456';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const SECRET = 'sw:eep+se/cret=c2VjcmV0LXZhbHVl';
const REFRESH = 'tGzv3JOkF0XG5Qx2TlKWIA-refresh-81';
const ACCESS = 'SlAV32hkKG-access-2b7Qx9mPz4LkWq8vN3';
const STATE = 'af0ifjsldkj-state-0123456789abcdef';

const basicClient = { clientId: 'desk', clientSecret: SECRET, authMethod: 'client_secret_basic' as const };
const postClient = { clientId: 'desk', clientSecret: SECRET, authMethod: 'client_secret_post' as const };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const exchange = createCodeExchangeRequest({ tokenEndpoint: 'https://as.example/token', client: basicClient, code: CODE, redirectUri: 'http://127.0.0.1:5000/callback', codeVerifier: VERIFIER });
const refresh = createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: postClient, refreshToken: REFRESH });
const revokeRefresh = createRevocationRequest({ revocationEndpoint: 'https://as.example/revoke', client: basicClient, token: REFRESH, tokenTypeHint: 'refresh_token' });
const revokeAccess = createRevocationRequest({ revocationEndpoint: 'https://as.example/revoke', client: basicClient, token: ACCESS, tokenTypeHint: 'access_token' });
const userinfo: HttpRequest = { method: 'GET', url: 'https://api.example/v1/userinfo?fields=name,email', headers: { authorization: `Bearer ${ACCESS}`, accept: 'application/json' } };

test('the kind and title of a step come from the request itself', () => {
  assert.deepEqual([stepKindOf(exchange), stepTitle(exchange)], ['token-request', 'Token request']);
  assert.deepEqual([stepKindOf(refresh), stepTitle(refresh)], ['refresh', 'Refresh']);
  assert.deepEqual([stepKindOf(revokeRefresh), stepTitle(revokeRefresh)], ['revocation', 'Revoke refresh token']);
  assert.deepEqual([stepKindOf(revokeAccess), stepTitle(revokeAccess)], ['revocation', 'Revoke access token']);
  assert.deepEqual([stepKindOf(userinfo), stepTitle(userinfo)], ['api-call', 'GET /v1/userinfo'], 'the path, never the query');
  const other: HttpRequest = { method: 'POST', url: 'https://api.example/v1/things', form: { name: 'x' } };
  assert.deepEqual([stepKindOf(other), stepTitle(other)], ['api-call', 'POST /v1/things']);
});

test('S29 a token request: code, verifier and the Basic credentials masked; grant, redirect URI and client shown', () => {
  const request = flowRequestOf(exchange);
  assert.equal(request.method, 'POST');
  assert.equal(request.url, 'https://as.example/token');
  assert.deepEqual(request.query, []);
  assert.deepEqual(request.form, [
    { name: 'grant_type', value: 'authorization_code' },
    { name: 'code', value: { masked: true, secret: 'code', preview: 'Splx', length: CODE.length } },
    { name: 'redirect_uri', value: 'http://127.0.0.1:5000/callback' },
    { name: 'code_verifier', value: { masked: true, secret: 'code_verifier', preview: 'dBjf', length: VERIFIER.length } },
  ]);
  const authorization = request.headers.find((h) => h.name === 'authorization');
  assert.equal(typeof authorization?.value === 'object' && authorization.value.secret, 'client_credentials');
  assert.deepEqual(request.headers.find((h) => h.name === 'accept'), { name: 'accept', value: 'application/json' });
  const text = JSON.stringify(request);
  for (const secret of [CODE, VERIFIER, SECRET, exchange.headers!.authorization!.slice(6)]) assert.equal(text.includes(secret), false);
});

test('S29 refresh with client_secret_post and revocation: the refresh token, the secret and the revoked token masked', () => {
  const refreshForm = flowRequestOf(refresh).form;
  assert.deepEqual(refreshForm.map((f) => [f.name, typeof f.value === 'string' ? f.value : f.value.secret]), [
    ['grant_type', 'refresh_token'],
    ['refresh_token', 'refresh_token'],
    ['client_id', 'desk'],
    ['client_secret', 'client_secret'],
  ]);
  const revocation = flowRequestOf(revokeRefresh).form;
  assert.deepEqual(revocation.find((f) => f.name === 'token')?.value, { masked: true, secret: 'refresh_token', preview: 'tGzv', length: REFRESH.length });
  assert.equal(JSON.stringify([refreshForm, revocation]).includes(REFRESH), false);
  assert.equal(JSON.stringify(refreshForm).includes(SECRET), false);
});

test('S29 an API call: Bearer masked, the query shown; the response keeps telling headers only and masks its body', () => {
  const response = json(401, { error: 'invalid_token', access_token_hint: ACCESS }, {
    'www-authenticate': 'Bearer error="invalid_token"',
    'retry-after': '5',
    'x-ratelimit-remaining': '0',
    'set-cookie': 'sid=abcdef0123456789',
    server: 'nginx',
    location: `https://elsewhere.example/?code=${CODE}`,
  });
  const step = httpStep({ request: userinfo, response, at: 1000, durationMs: 42, error: { code: 'access_token_rejected', message: 'm' } });
  assert.equal(step.kind, 'api-call');
  assert.equal(step.request.url, 'https://api.example/v1/userinfo');
  assert.deepEqual(step.request.query, [{ name: 'fields', value: 'name,email' }]);
  assert.deepEqual(step.request.headers[0], { name: 'authorization', value: { masked: true, secret: 'access_token', preview: 'SlAV', length: ACCESS.length } });
  assert.deepEqual(step.response?.headers.map((h) => h.name), ['content-type', 'www-authenticate', 'retry-after', 'x-ratelimit-remaining']);
  assert.equal(step.response?.status, 401);
  assert.equal(step.durationMs, 42);
  assert.equal(step.outcome, 'failed');
  assert.equal(JSON.stringify(step).includes(ACCESS), false);
  assert.equal(JSON.stringify(step).includes(CODE), false);
  assert.deepEqual(flowResponseOf({ status: 204, headers: {}, body: '' }), { status: 204, headers: [], body: { kind: 'empty' } });
});

test('the authorization request: every parameter as sent, state masked, an S256 PKCE challenge shown', () => {
  const url = buildAuthorizationUrl({
    authorizationEndpoint: 'https://as.example/authorize?tenant=x',
    clientId: 'desk',
    redirectUri: 'http://127.0.0.1:5000/callback',
    scopes: ['openid', 'profile'],
    state: STATE,
    codeVerifier: VERIFIER,
    pkceMethod: 'S256',
    extraParams: { prompt: 'consent' },
  });
  const step = authorizationRequestStep(url, 5);
  assert.equal(step.kind, 'authorization-request');
  assert.equal(step.title, 'Authorization request');
  assert.equal(step.request.url, 'https://as.example/authorize');
  assert.equal(step.response, null);
  assert.equal(step.durationMs, null);
  const query = Object.fromEntries(step.request.query.map((p) => [p.name, p.value]));
  assert.deepEqual(query, {
    tenant: 'x',
    prompt: 'consent',
    response_type: 'code',
    client_id: 'desk',
    redirect_uri: 'http://127.0.0.1:5000/callback',
    scope: 'openid profile',
    state: { masked: true, secret: 'state', preview: 'af0i', length: STATE.length },
    code_challenge: codeChallengeFor(VERIFIER, 'S256'),
    code_challenge_method: 'S256',
  });
  assert.equal(JSON.stringify(step).includes(STATE), false);
});

test('S29 the authorization request: a plain PKCE challenge (or one without a method) is the verifier and is masked; ID token hints and credential-named extras too', () => {
  const build = (pkceMethod: 'S256' | 'plain') =>
    buildAuthorizationUrl({
      authorizationEndpoint: 'https://as.example/authorize',
      clientId: 'desk',
      redirectUri: 'http://127.0.0.1:5000/callback',
      scopes: ['openid'],
      state: 'shortstate',
      codeVerifier: VERIFIER,
      pkceMethod,
      extraParams: { id_token_hint: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZGEifQ.', login_hint: 'ada@example.com', api_key: 'hunter2hunter2', prompt: 'consent' },
    });
  const query = (url: string) => new Map(authorizationRequestStep(url, 0).request.query.map((p) => [p.name, p.value]));
  const plain = query(build('plain'));
  assert.deepEqual(plain.get('code_challenge'), { masked: true, secret: 'code_verifier', preview: 'dBjf', length: VERIFIER.length });
  const noMethod = new URL(build('plain'));
  noMethod.searchParams.delete('code_challenge_method');
  assert.equal(typeof query(noMethod.toString()).get('code_challenge'), 'object', 'no method means plain (RFC 7636)');
  const lowercase = new URL(build('S256'));
  lowercase.searchParams.set('code_challenge_method', 's256');
  assert.equal(typeof query(lowercase.toString()).get('code_challenge'), 'object', 'only the exact method S256 is a hash');
  assert.equal(typeof query(build('S256')).get('code_challenge'), 'string');
  assert.equal((plain.get('id_token_hint') as { secret?: string }).secret, 'id_token');
  assert.deepEqual(plain.get('api_key'), { masked: true, secret: 'token', preview: '', length: 14 });
  assert.equal(plain.get('login_hint'), 'ada@example.com', 'an email address is not a secret');
  assert.equal(plain.get('prompt'), 'consent');
  const step = authorizationRequestStep(build('plain'), 0);
  for (const secret of [VERIFIER, 'shortstate', 'hunter2hunter2', 'eyJhbGciOiJub25lIn0']) {
    assert.equal(JSON.stringify(step).includes(secret), false, secret);
    assert.equal(curlCommand({ id: 1, ...step }).includes(secret), false, `curl: ${secret}`);
  }
});

test('S29 an API call: token-like path segments redacted in the URL, title and error; API keys and signatures in the query masked', () => {
  const request: HttpRequest = {
    method: 'GET',
    url: 'https://api.telegram.example/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe?key=AIzaShort&sig=abc123&X-Amz-Signature=deadbeef&X-Goog-Credential=cred%2Fx&fields=name',
  };
  const title = stepTitle(request);
  assert.equal(title, 'GET /[redacted]/getMe');
  const step = httpStep({
    request,
    response: { status: 404, headers: {}, body: 'no bot AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw with key AIzaShort' },
    at: 0,
    durationMs: 1,
    error: { code: 'api_request_failed', message: `Telegram answered ${'GET /bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe'} with HTTP 404.` },
  });
  assert.equal(step.title, 'GET /[redacted]/getMe');
  assert.equal(step.request.url, 'https://api.telegram.example/[redacted]/getMe');
  assert.deepEqual(step.request.query.map((p) => [p.name, typeof p.value === 'string' ? p.value : p.value.preview]), [
    ['key', ''],
    ['sig', ''],
    ['X-Amz-Signature', ''],
    ['X-Goog-Credential', ''],
    ['fields', 'name'],
  ]);
  assert.equal(step.error?.message, 'Telegram answered GET /[redacted]/getMe with HTTP 404.');
  const text = JSON.stringify(step) + curlCommand({ id: 1, ...step });
  for (const secret of ['AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', '123456789:AAH', 'AIzaShort', 'abc123', 'deadbeef', 'cred/x']) assert.equal(text.includes(secret), false, secret);
  assert.equal(stepTitle({ method: 'GET', url: 'https://api.example/v1/users/me/messages' }), 'GET /v1/users/me/messages', 'ordinary paths stay');
  assert.equal(stepTitle({ method: 'GET', url: 'https://api.example/keys/v1:AbCdEf12:GhIjKl34' }), 'GET /keys/[redacted]', 'colon-separated keys go whole');
});

test('S29 short, odd-shaped secrets the step sent (8-19 characters, no digit, with ":" and "/") are scrubbed by exact value wherever the provider echoes them', () => {
  const secret = 'hunter:two/pass';
  const refreshToken = 'rt:only/letters';
  const request = createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'desk', clientSecret: secret, authMethod: 'client_secret_basic' }, refreshToken });
  const echo = `client ${secret} (${encodeURIComponent(secret)}) may not use ${refreshToken} / ${Buffer.from(refreshToken).toString('base64')}`;
  for (const response of [json(400, { error: 'invalid_grant', error_description: echo }), { status: 400, headers: { 'content-type': 'text/plain' }, body: echo }]) {
    const step = httpStep({ request, response, at: 0, durationMs: 1, error: { code: 'refresh_token_invalid', message: `Sandbox said: ${refreshToken}` } });
    const text = JSON.stringify(step) + curlCommand({ id: 1, ...step });
    for (const value of [secret, encodeURIComponent(secret), refreshToken, Buffer.from(refreshToken).toString('base64')]) assert.equal(text.includes(value), false, value);
    assert.equal(step.error?.message, 'Sandbox said: [redacted]');
  }

  // The callback: a short code and state, echoed in its own error description.
  const callback = callbackStep(`http://127.0.0.1:5000/callback?code=shortcode&state=plainstate&error_description=${encodeURIComponent('code shortcode for plainstate')}`, 0, null);
  assert.equal(callback.request.query.find((p) => p.name === 'error_description')?.value, 'code [redacted] for [redacted]');
});

test('S29 the callback: code and state masked, error and description shown (without token-like runs), the fragment dropped', () => {
  const ok = callbackStep(`http://127.0.0.1:5000/callback?code=${CODE}&state=${STATE}&iss=http%3A%2F%2F127.0.0.1%3A4000#access_token=${ACCESS}`, 7, null);
  assert.equal(ok.kind, 'callback');
  assert.equal(ok.outcome, 'ok');
  assert.equal(ok.request.url, 'http://127.0.0.1:5000/callback');
  assert.deepEqual(ok.request.query.map((p) => [p.name, typeof p.value === 'string' ? p.value : p.value.secret]), [
    ['code', 'code'],
    ['state', 'state'],
    ['iss', 'http://127.0.0.1:4000'],
  ]);
  assert.equal(JSON.stringify(ok).includes(ACCESS), false);
  assert.equal(JSON.stringify(ok).includes(CODE), false);

  const denied = callbackStep(`http://127.0.0.1:5000/callback?error=access_denied&error_description=${encodeURIComponent(`User said no to ${ACCESS}`)}&state=${STATE}`, 8, { code: 'access_denied', message: 'Access was declined.' });
  assert.equal(denied.outcome, 'failed');
  assert.deepEqual(denied.error, { code: 'access_denied', message: 'Access was declined.' });
  assert.deepEqual(denied.request.query.slice(0, 2), [
    { name: 'error', value: 'access_denied' },
    { name: 'error_description', value: 'User said no to [redacted]' },
  ]);
});

test('a step fails the way the app judges it: token validation, "already invalid" revocation counts as done, API status', () => {
  const tokens = json(200, { access_token: ACCESS, token_type: 'Bearer', expires_in: 60 });
  assert.equal(stepError('token-request', 'Token request', tokens, 'Sandbox', 0), null);
  assert.deepEqual(stepError('token-request', 'Token request', json(200, { access_token: ACCESS, token_type: 'mac' }), 'Sandbox', 0)?.code, 'token_response_invalid');
  assert.equal(stepError('token-request', 'Token request', json(400, { error: 'invalid_grant' }), 'Sandbox', 0)?.code, 'code_invalid');
  assert.equal(stepError('refresh', 'Refresh', json(400, { error: 'invalid_grant' }), 'Sandbox', 0)?.code, 'refresh_token_invalid');
  assert.equal(stepError('revocation', 'Revoke refresh token', json(400, { error: 'invalid_token' }), 'Sandbox', 0), null);
  assert.equal(stepError('revocation', 'Revoke refresh token', json(503, {}), 'Sandbox', 0)?.code, 'revocation_failed');
  assert.equal(stepError('api-call', 'GET /me', json(200, {}), 'Sandbox', 0), null);
  const rejected = stepError('api-call', 'GET /me', json(401, {}, { 'www-authenticate': 'Bearer error="invalid_token"' }), 'Sandbox', 0);
  assert.equal(rejected?.code, 'access_token_rejected');
  assert.match(rejected?.message ?? '', /GET \/me/);
  assert.deepEqual(Object.keys(rejected ?? {}).sort(), ['code', 'message'], 'only the code and message, no hint or cause');
});
