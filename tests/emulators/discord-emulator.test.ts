import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuthorization, type ManualClock, manualClock } from './emulator-kit.ts';
import { type DiscordEmulator, startDiscordEmulator } from './discord-emulator.ts';
import { authorizationUrl, authorize, getWithToken, pkcePair, postForm, postJson } from './emulator-client.ts';

const REDIRECT = 'http://127.0.0.1:8766/callback';

async function codeFor(d: DiscordEmulator, scope = 'identify email', extra: Record<string, string> = {}) {
  const pkce = pkcePair();
  const auth = await authorize(
    authorizationUrl(d.endpoints.authorization, {
      response_type: 'code', client_id: d.clientId, redirect_uri: REDIRECT, scope, state: 'st', prompt: 'consent',
      code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra,
    }),
  );
  assert.equal(auth.status, 302, auth.text);
  assert.equal(auth.location?.searchParams.get('state'), 'st');
  return { code: auth.location?.searchParams.get('code') ?? '', verifier: pkce.verifier };
}

async function connect(d: DiscordEmulator, scope?: string) {
  const { code, verifier } = await codeFor(d, scope);
  const token = await postForm(
    d.endpoints.token,
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
    { authorization: basicAuthorization(d.clientId, d.clientSecret) },
  );
  assert.equal(token.status, 200, token.text);
  return token.body as Record<string, any>;
}

describe('emulated Discord shape', () => {
  let clock: ManualClock;
  let d: DiscordEmulator;
  before(async () => {
    clock = manualClock(Date.UTC(2026, 4, 12, 12, 0, 0));
    d = await startDiscordEmulator({ clock, redirectUris: [REDIRECT] });
  });
  after(() => d.close());

  it('code exchange with HTTP Basic or with id and secret in the body; 7-day tokens with a refresh token', async () => {
    const token = await connect(d);
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.expires_in, 604800);
    assert.equal(token.scope, 'identify email');
    assert.ok(token.refresh_token);
    const { code, verifier } = await codeFor(d);
    const inBody = await postForm(`${d.origin}/api/v10/oauth2/token`, {
      grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: d.clientId, client_secret: d.clientSecret,
    });
    assert.equal(inBody.status, 200);
    const wrong = await postForm(d.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: d.clientId, client_secret: 'wrong' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, { error: 'invalid_client' });
  });

  it('a JSON body is refused at the token endpoint (only form bodies are read)', async () => {
    const { code, verifier } = await codeFor(d);
    const json = await postJson(d.endpoints.token, {
      grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: d.clientId, client_secret: d.clientSecret,
    });
    assert.equal(json.status, 400);
    assert.deepEqual(json.body, { error: 'unsupported_grant_type', error_description: 'Invalid "grant_type" in request.' });
    // The code was not consumed: the form request still works.
    const form = await postForm(d.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, { authorization: basicAuthorization(d.clientId, d.clientSecret) });
    assert.equal(form.status, 200);
    const revokeJson = await postJson(d.endpoints.revocation, { token: form.body.access_token, client_id: d.clientId, client_secret: d.clientSecret });
    assert.equal(revokeJson.status, 401);
    assert.equal(d.accessTokenStatus(form.body.access_token), 'valid');
  });

  it('refresh tokens rotate and are single-use: reuse gives invalid_grant', async () => {
    const token = await connect(d);
    const auth = { authorization: basicAuthorization(d.clientId, d.clientSecret) };
    const rotated = await postForm(d.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token }, auth);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.refresh_token, token.refresh_token);
    const reuse = await postForm(d.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token }, auth);
    assert.equal(reuse.status, 400);
    assert.deepEqual(reuse.body, { error: 'invalid_grant', error_description: 'Invalid "refresh_token" in request.' });
  });

  it('/users/@me: email and verified only with the email scope; 401 {"message":"401: Unauthorized","code":0}', async () => {
    const withEmail = await getWithToken(d.endpoints.usersMe, (await connect(d)).access_token);
    assert.equal(withEmail.status, 200);
    assert.equal(withEmail.body.id, '80351110224678912');
    assert.equal(withEmail.body.global_name, 'Nelly');
    assert.equal(withEmail.body.email, 'nelly@example.com');
    assert.equal(withEmail.body.verified, true);
    const identifyOnly = await getWithToken(d.endpoints.usersMe, (await connect(d, 'identify')).access_token);
    assert.equal('email' in identifyOnly.body, false);
    assert.equal('verified' in identifyOnly.body, false);
    const bad = await getWithToken(d.endpoints.usersMe, 'not-a-token');
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.body, { message: '401: Unauthorized', code: 0 });
  });

  it('429 carries Retry-After, X-RateLimit-Reset-After and retry_after in the body', async () => {
    const token = await connect(d);
    const ok = await getWithToken(d.endpoints.usersMe, token.access_token);
    assert.ok(ok.headers.get('x-ratelimit-limit'));
    assert.ok(ok.headers.get('x-ratelimit-reset-after'));
    assert.ok(ok.headers.get('x-ratelimit-bucket'));
    d.rateLimit({ retryAfterSeconds: 64.57 });
    const limited = await getWithToken(d.endpoints.usersMe, token.access_token);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '65');
    assert.equal(limited.headers.get('x-ratelimit-reset-after'), '64.570');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.equal(limited.headers.get('x-ratelimit-scope'), 'user');
    assert.deepEqual(limited.body, { message: 'You are being rate limited.', retry_after: 64.57, global: false });
    assert.equal((await getWithToken(d.endpoints.usersMe, token.access_token)).status, 200);
  });

  it('a used-up window answers 429 until it resets', async () => {
    const small = await startDiscordEmulator({ clock, redirectUris: [REDIRECT], usersMeRateLimit: { limit: 2, windowSeconds: 5 } });
    try {
      const token = await connect(small);
      assert.equal((await getWithToken(small.endpoints.usersMe, token.access_token)).headers.get('x-ratelimit-remaining'), '1');
      assert.equal((await getWithToken(small.endpoints.usersMe, token.access_token)).headers.get('x-ratelimit-remaining'), '0');
      const limited = await getWithToken(small.endpoints.usersMe, token.access_token);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.retry_after, 5);
      clock.advance(5000);
      assert.equal((await getWithToken(small.endpoints.usersMe, token.access_token)).status, 200);
    } finally {
      await small.close();
    }
  });

  it('the redirect URI must be registered exactly', async () => {
    const answer = await authorize(
      authorizationUrl(d.endpoints.authorization, { response_type: 'code', client_id: d.clientId, redirect_uri: 'http://127.0.0.1:8766/callback/', scope: 'identify', state: 's' }),
    );
    assert.equal(answer.status, 400);
    assert.match(answer.text, /Invalid OAuth2 redirect_uri/);
    assert.equal(answer.location, null);
  });

  it('revoking one token (form only) ends all of the user\'s tokens for the app', async () => {
    const first = await connect(d);
    const second = await connect(d);
    const revoked = await postForm(d.endpoints.revocation, { token: second.access_token, token_type_hint: 'access_token' }, { authorization: basicAuthorization(d.clientId, d.clientSecret) });
    assert.equal(revoked.status, 200);
    assert.equal(d.accessTokenStatus(first.access_token), 'revoked');
    assert.equal(d.refreshTokenStatus(first.refresh_token), 'revoked');
    assert.equal((await getWithToken(d.endpoints.usersMe, second.access_token)).status, 401);
  });

  it('the request log keeps no secret', () => {
    const logged = JSON.stringify(d.log.entries());
    for (const secret of d.secrets()) assert.equal(logged.includes(secret), false);
    assert.ok(d.log.count({ label: 'not-form' }) >= 1);
  });
});
