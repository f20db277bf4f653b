import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCodeExchangeRequest, createRefreshRequest, processTokenResponse } from '../../../electron/core/oauth/token-request.ts';
import { TokenEndpointError } from '../../../electron/core/errors.ts';
import type { HttpResponse } from '../../../electron/core/http/http-client.ts';

const ctx = { grant: 'authorization_code' as const, now: 1_000_000, requestedScopes: ['openid', 'mail.read'], redirectUri: 'http://127.0.0.1:5/cb', providerName: 'Example' };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: JSON.stringify(body) });

test('S11 the code exchange reuses the exact redirect URI and sends the verifier', () => {
  const req = createCodeExchangeRequest({
    tokenEndpoint: 'https://as.example/token',
    client: { clientId: 'id', clientSecret: null, authMethod: 'none' },
    code: 'c0de',
    redirectUri: 'http://127.0.0.1:5/cb',
    codeVerifier: 'v'.repeat(43),
  });
  assert.equal(req.method, 'POST');
  assert.deepEqual(req.form, { grant_type: 'authorization_code', code: 'c0de', redirect_uri: 'http://127.0.0.1:5/cb', code_verifier: 'v'.repeat(43), client_id: 'id' });
  assert.equal(req.headers?.authorization, undefined);
});

test('the refresh request authenticates with Basic when configured', () => {
  const req = createRefreshRequest({ tokenEndpoint: 'https://as.example/token', client: { clientId: 'id', clientSecret: 's', authMethod: 'client_secret_basic' }, refreshToken: 'r' });
  assert.deepEqual(req.form, { grant_type: 'refresh_token', refresh_token: 'r' });
  assert.match(req.headers?.authorization ?? '', /^Basic /);
});

test('S14 a valid response becomes a token set (Bearer in any case, expiry, scopes)', () => {
  const t = processTokenResponse(json(200, { access_token: 'at', token_type: 'bearer', expires_in: 120, refresh_token: 'rt', scope: 'openid email' }), ctx);
  assert.deepEqual(t, { accessToken: 'at', tokenType: 'Bearer', expiresAt: 1_119_000, refreshToken: 'rt', idToken: null, grantedScopes: ['openid', 'email'] });
});

test('S14 missing scope means the requested scopes; no expires_in means unknown expiry', () => {
  const t = processTokenResponse(json(200, { access_token: 'at', token_type: 'Bearer' }), ctx);
  assert.deepEqual(t.grantedScopes, ['openid', 'mail.read']);
  assert.equal(t.expiresAt, null);
  assert.equal(processTokenResponse(json(200, { access_token: 'at', token_type: 'Bearer', expires_in: '3599' }), ctx).expiresAt, 1_000_000 + 3_599_000 - 1_000, 'a second early: lifetimes are counted in rounded-down seconds');
});

test('S14 malformed responses are refused with token_response_invalid', () => {
  const bad: unknown[] = [
    { token_type: 'Bearer' },
    { access_token: '', token_type: 'Bearer' },
    { access_token: 'at', token_type: 'mac' },
    { access_token: 'at' },
    { access_token: 'at', token_type: 'Bearer', expires_in: 'soon' },
    { access_token: 'at', token_type: 'Bearer', expires_in: -5 },
    { access_token: 'at', token_type: 'Bearer', scope: ['a'] },
    { access_token: 'at', token_type: 'Bearer', refresh_token: 42 },
    ['not', 'an', 'object'],
  ];
  for (const body of bad) {
    assert.throws(() => processTokenResponse(json(200, body), ctx), (e: unknown) => e instanceof TokenEndpointError && e.code === 'token_response_invalid', JSON.stringify(body));
  }
  assert.throws(() => processTokenResponse({ status: 200, headers: {}, body: '<html>' }, ctx), /unusable/);
});

test('error messages never contain the tokens of the response', () => {
  try {
    processTokenResponse(json(200, { access_token: 'SECRET-AT', token_type: 'mac', refresh_token: 'SECRET-RT' }), ctx);
    assert.fail('should throw');
  } catch (e) {
    assert.doesNotMatch(String((e as Error).message) + (e as TokenEndpointError).hint, /SECRET/);
  }
});
