import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAuthorizationUrl } from '../../../electron/core/oauth/authorization-request.ts';

const base = {
  authorizationEndpoint: 'https://auth.example.com/authorize?tenant=a',
  clientId: 'client 1',
  redirectUri: 'http://127.0.0.1:53219/callback',
  scopes: ['openid', 'email'],
  state: 'st4te',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  pkceMethod: 'S256' as const,
};

test('S8 S11 the URL carries response_type=code, PKCE S256, state and the exact redirect URI', () => {
  const url = new URL(buildAuthorizationUrl(base));
  const q = url.searchParams;
  assert.equal(url.origin + url.pathname, 'https://auth.example.com/authorize');
  assert.equal(q.get('tenant'), 'a');
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), 'client 1');
  assert.equal(q.get('redirect_uri'), 'http://127.0.0.1:53219/callback');
  assert.equal(q.get('scope'), 'openid email');
  assert.equal(q.get('state'), 'st4te');
  assert.equal(q.get('code_challenge'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.equal(q.has('code_verifier'), false, 'the verifier never leaves the app in the URL');
});

test('extra parameters are added but cannot override core parameters', () => {
  const url = new URL(buildAuthorizationUrl({ ...base, extraParams: { access_type: 'offline', prompt: 'consent' } }));
  assert.equal(url.searchParams.get('access_type'), 'offline');
  assert.equal(url.searchParams.get('prompt'), 'consent');
  assert.throws(() => buildAuthorizationUrl({ ...base, extraParams: { response_type: 'token' } }), /override/);
  assert.throws(() => buildAuthorizationUrl({ ...base, extraParams: { redirect_uri: 'https://evil.example' } }), /override/);
  assert.throws(() => buildAuthorizationUrl({ ...base, extraParams: { Redirect_URI: 'https://evil.example' } }), /override/, 'in any letter case');
});

test('PKCE can be turned off only explicitly', () => {
  const url = new URL(buildAuthorizationUrl({ ...base, pkceMethod: null }));
  assert.equal(url.searchParams.has('code_challenge'), false);
});

test('non-https authorization endpoints are refused except on this machine (127.0.0.1, localhost, [::1])', () => {
  assert.throws(() => buildAuthorizationUrl({ ...base, authorizationEndpoint: 'http://auth.example.com/authorize' }), RangeError);
  assert.throws(() => buildAuthorizationUrl({ ...base, authorizationEndpoint: 'http://localhost.example.com/authorize' }), RangeError);
  assert.throws(() => buildAuthorizationUrl({ ...base, authorizationEndpoint: 'http://127.0.0.2/authorize' }), RangeError);
  for (const local of ['http://127.0.0.1:4000/auth', 'http://localhost:4000/auth', 'http://[::1]:4000/auth']) assert.ok(buildAuthorizationUrl({ ...base, authorizationEndpoint: local }), local);
});
