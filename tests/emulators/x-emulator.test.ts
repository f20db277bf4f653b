import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuthorization, type ManualClock, manualClock } from './emulator-kit.ts';
import { type XEmulator, startXEmulator } from './x-emulator.ts';
import { authorizationUrl, authorize, getWithToken, pkcePair, postForm, postJson } from './emulator-client.ts';

const REDIRECT = 'http://127.0.0.1:8765/callback';
const FIELDS = 'description,profile_image_url,created_at,public_metrics';

async function codeFor(x: XEmulator, scope = 'users.read tweet.read offline.access') {
  const pkce = pkcePair();
  const auth = await authorize(
    authorizationUrl(x.endpoints.authorization, {
      response_type: 'code', client_id: x.clientId, redirect_uri: REDIRECT, scope, state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256',
    }),
  );
  assert.equal(auth.status, 302, auth.text);
  assert.equal(auth.location?.searchParams.get('state'), 'st');
  return { code: auth.location?.searchParams.get('code') ?? '', verifier: pkce.verifier };
}

/** A public client's exchange: client_id in the body, no secret. */
async function connect(x: XEmulator, scope?: string) {
  const { code, verifier } = await codeFor(x, scope);
  const token = await postForm(x.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: x.clientId });
  assert.equal(token.status, 200, token.text);
  return token.body as Record<string, any>;
}

describe('emulated X shape', () => {
  let clock: ManualClock;
  let x: XEmulator;
  before(async () => {
    clock = manualClock(Date.UTC(2026, 4, 12, 12, 0, 0));
    x = await startXEmulator({ clock, redirectUri: REDIRECT });
  });
  after(() => x.close());

  it('a public client gets lowercase "bearer" tokens, with a refresh token only for offline.access', async () => {
    const token = await connect(x);
    assert.equal(token.token_type, 'bearer');
    assert.equal(token.expires_in, 7200);
    assert.equal(token.scope, 'users.read tweet.read offline.access');
    assert.ok(token.refresh_token);
    const online = await connect(x, 'users.read tweet.read');
    assert.equal(online.refresh_token, undefined);
  });

  it('an authorization code older than 30 seconds is refused', async () => {
    const { code, verifier } = await codeFor(x);
    clock.advance(30_001);
    const late = await postForm(x.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: x.clientId });
    assert.equal(late.status, 400);
    assert.deepEqual(late.body, { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' });
    const quick = await codeFor(x);
    clock.advance(29_000);
    const inTime = await postForm(x.endpoints.token, { grant_type: 'authorization_code', code: quick.code, redirect_uri: REDIRECT, code_verifier: quick.verifier, client_id: x.clientId });
    assert.equal(inTime.status, 200);
  });

  it('refresh tokens rotate and are single-use: a spent one gives invalid_request "Value passed for the token was invalid."', async () => {
    const token = await connect(x);
    const form = { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: x.clientId };
    const rotated = await postForm(x.endpoints.token, form);
    assert.equal(rotated.status, 200);
    assert.ok(rotated.body.refresh_token && rotated.body.refresh_token !== token.refresh_token);
    assert.equal(x.refreshTokenStatus(token.refresh_token), 'spent');
    const spent = await postForm(x.endpoints.token, form);
    assert.equal(spent.status, 400);
    assert.deepEqual(spent.body, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
    assert.equal((await postForm(x.endpoints.token, { ...form, refresh_token: rotated.body.refresh_token })).status, 200);
  });

  it('spentRefreshTokenError switches to invalid_grant, as some reports show', async () => {
    const other = await startXEmulator({ redirectUri: REDIRECT, spentRefreshTokenError: 'invalid_grant' });
    try {
      const token = await connect(other);
      const form = { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: other.clientId };
      await postForm(other.endpoints.token, form);
      assert.equal((await postForm(other.endpoints.token, form)).body.error, 'invalid_grant');
    } finally {
      await other.close();
    }
  });

  it('a confidential client must use HTTP Basic; a secret in the body gets 401 unauthorized_client', async () => {
    const secret = 'x-web-app-secret/with+specials=';
    const web = await startXEmulator({ redirectUri: REDIRECT, clientSecret: secret });
    try {
      const { code, verifier } = await codeFor(web);
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
      const inBody = await postForm(web.endpoints.token, { ...form, client_id: web.clientId, client_secret: secret });
      assert.equal(inBody.status, 401);
      assert.deepEqual(inBody.body, { error: 'unauthorized_client', error_description: 'Missing valid authorization header' });
      const rawPair = await postForm(web.endpoints.token, form, { authorization: `Basic ${web.clientId}:${secret}` });
      assert.equal(rawPair.status, 401);
      const basic = await postForm(web.endpoints.token, form, { authorization: basicAuthorization(web.clientId, secret) });
      assert.equal(basic.status, 200, basic.text);
      const revoked = await postForm(web.endpoints.revocation, { token: basic.body.refresh_token }, { authorization: basicAuthorization(web.clientId, secret) });
      assert.deepEqual(revoked.body, { revoked: true });
      assert.equal(web.refreshTokenStatus(basic.body.refresh_token), 'revoked');
    } finally {
      await web.close();
    }
  });

  it('the redirect URI must match exactly, PKCE is required; errors show only "Something went wrong"', async () => {
    const pkce = pkcePair();
    const base = { response_type: 'code', client_id: x.clientId, redirect_uri: REDIRECT, scope: 'users.read tweet.read', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' };
    for (const bad of [{ ...base, redirect_uri: `${REDIRECT}/` }, { ...base, redirect_uri: 'http://127.0.0.1:8766/callback' }, { ...base, code_challenge: '' }]) {
      const answer = await authorize(authorizationUrl(x.endpoints.authorization, bad));
      assert.equal(answer.status, 400);
      assert.equal(answer.location, null);
      assert.match(answer.text, /Something went wrong/);
    }
    assert.equal(x.authorizationRequests().filter((r) => r.outcome === 'error').length, 3);
  });

  it('GET /2/users/me answers data with public_metrics, and rate-limit headers on every response', async () => {
    const token = await connect(x);
    const before = x.rateLimitState().remaining;
    const me = await getWithToken(`${x.endpoints.usersMe}?user.fields=${FIELDS}`, token.access_token);
    assert.equal(me.status, 200);
    assert.deepEqual(Object.keys(me.body.data).sort(), ['created_at', 'description', 'id', 'name', 'profile_image_url', 'public_metrics', 'username']);
    assert.deepEqual(me.body.data.public_metrics, { followers_count: 120, following_count: 80, tweet_count: 450, listed_count: 2 });
    assert.equal(me.headers.get('x-rate-limit-limit'), '75');
    assert.equal(me.headers.get('x-rate-limit-remaining'), String(before - 1));
    const reset = Number(me.headers.get('x-rate-limit-reset'));
    assert.ok(reset > clock.now() / 1000 && reset <= clock.now() / 1000 + 900);
    const tokenAnswer = await postForm(x.endpoints.token, { grant_type: 'refresh_token', refresh_token: 'nope', client_id: x.clientId });
    assert.ok(tokenAnswer.headers.get('x-rate-limit-remaining') !== null);
  });

  it('newer answers name the count post_count (with like_count); "both" sends both names', async () => {
    const newer = await startXEmulator({ redirectUri: REDIRECT, metricsNaming: 'post_count' });
    const both = await startXEmulator({ redirectUri: REDIRECT, metricsNaming: 'both' });
    try {
      const token = await connect(newer);
      const me = await getWithToken(`${newer.endpoints.usersMe}?user.fields=public_metrics`, token.access_token);
      assert.deepEqual(me.body.data.public_metrics, { followers_count: 120, following_count: 80, post_count: 450, listed_count: 2, like_count: 1337 });
      const token2 = await connect(both);
      const me2 = await getWithToken(`${both.endpoints.usersMe}?user.fields=public_metrics`, token2.access_token);
      assert.equal(me2.body.data.public_metrics.tweet_count, 450);
      assert.equal(me2.body.data.public_metrics.post_count, 450);
    } finally {
      await newer.close();
      await both.close();
    }
  });

  it('an exhausted window answers 429 problem+json until x-rate-limit-reset', async () => {
    const token = await connect(x);
    x.exhaustRateLimit();
    const limited = await getWithToken(x.endpoints.usersMe, token.access_token);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('content-type'), 'application/problem+json');
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    assert.equal(limited.body.status, 429);
    const reset = Number(limited.headers.get('x-rate-limit-reset')) * 1000;
    clock.set(reset);
    const again = await getWithToken(x.endpoints.usersMe, token.access_token);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('x-rate-limit-remaining'), '74');
  });

  it('API errors are problem+json: 401 for an expired token, 402 when credits run out', async () => {
    const token = await connect(x);
    x.depleteCredits(true);
    const broke = await getWithToken(x.endpoints.usersMe, token.access_token);
    x.depleteCredits(false);
    assert.equal(broke.status, 402);
    assert.equal(broke.body.title, 'CreditsDepleted');
    clock.advance(7200_000);
    const expired = await getWithToken(x.endpoints.usersMe, token.access_token);
    assert.equal(expired.status, 401);
    assert.equal(expired.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(expired.body, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
  });

  it('the token endpoint reads form bodies only, and the log keeps no secret', async () => {
    const { code, verifier } = await codeFor(x);
    const json = await postJson(x.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: x.clientId });
    assert.equal(json.status, 400);
    assert.equal(json.body.error, 'invalid_request');
    const logged = JSON.stringify(x.log.entries());
    for (const secret of x.secrets()) assert.equal(logged.includes(secret), false);
  });
});
