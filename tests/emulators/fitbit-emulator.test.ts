import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basicAuthorization, type ManualClock, manualClock } from './emulator-kit.ts';
import { type FitbitEmulator, startFitbitEmulator } from './fitbit-emulator.ts';
import { authorizationUrl, authorize, getWithToken, pkcePair, postForm } from './emulator-client.ts';

async function connect(f: FitbitEmulator) {
  const pkce = pkcePair();
  const auth = await authorize(
    authorizationUrl(f.endpoints.authorization, {
      response_type: 'code', client_id: f.clientId, redirect_uri: f.redirectUri, scope: 'heartrate profile', state: 's',
      code_challenge: pkce.challenge, code_challenge_method: 'S256',
    }),
  );
  assert.equal(auth.status, 302);
  assert.equal(auth.location?.hash, '#_=_');
  const token = await postForm(
    f.endpoints.token,
    { grant_type: 'authorization_code', code: auth.location?.searchParams.get('code') ?? '', redirect_uri: f.redirectUri, code_verifier: pkce.verifier },
    { authorization: basicAuthorization(f.clientId, f.clientSecret) },
  );
  assert.equal(token.status, 200, token.text);
  return token.body as Record<string, any>;
}

describe('emulated Fitbit-style envelope (legacy Web API)', () => {
  let clock: ManualClock;
  let f: FitbitEmulator;
  before(async () => {
    clock = manualClock(Date.UTC(2026, 4, 12, 12, 0, 0));
    f = await startFitbitEmulator({ clock, intraday: [64, 66, 63] });
  });
  after(() => f.close());

  it('tokens need Basic with Base64(client_id:client_secret); the raw pair gets the envelope', async () => {
    const token = await connect(f);
    assert.equal(token.expires_in, 28800);
    assert.equal(token.user_id, f.userId);
    const raw = await postForm(f.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token }, { authorization: `Basic ${f.clientId}:${f.clientSecret}` });
    assert.equal(raw.status, 401);
    assert.equal(raw.body.success, false);
    assert.equal(raw.body.errors[0].errorType, 'invalid_client');
  });

  it('heart rate answers the 1d shape with resting heart rate and intraday data', async () => {
    const token = await connect(f);
    const heart = await getWithToken(f.endpoints.heartRateToday, token.access_token);
    assert.equal(heart.status, 200);
    assert.equal(heart.body['activities-heart'][0].dateTime, '2026-05-12');
    assert.equal(heart.body['activities-heart'][0].value.restingHeartRate, 58);
    assert.deepEqual(heart.body['activities-heart-intraday'].dataset[1], { time: '00:01:00', value: 66 });
    assert.equal(heart.headers.get('fitbit-rate-limit-limit'), '150');
  });

  it('an expired access token gets 401 {"errors":[{"errorType":"expired_token",…}],"success":false}', async () => {
    const token = await connect(f);
    clock.advance(28800_000);
    const expired = await getWithToken(f.endpoints.heartRateToday, token.access_token);
    assert.equal(expired.status, 401);
    assert.equal(expired.body.success, false);
    assert.equal(expired.body.errors[0].errorType, 'expired_token');
    assert.match(expired.body.errors[0].message, /^Access token expired: /);
  });

  it('a spent refresh token gets 400 with errorType invalid_grant (single-use, rotating)', async () => {
    const token = await connect(f);
    const auth = { authorization: basicAuthorization(f.clientId, f.clientSecret) };
    const rotated = await postForm(f.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token }, auth);
    assert.equal(rotated.status, 200);
    const spent = await postForm(f.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token }, auth);
    assert.equal(spent.status, 400);
    assert.deepEqual(Object.keys(spent.body), ['errors', 'success']);
    assert.equal(spent.body.errors[0].errorType, 'invalid_grant');
    assert.match(spent.body.errors[0].message, /^Refresh token invalid: /);
    // The provider echoes the token; the emulator's own log never does.
    assert.ok(spent.text.includes(token.refresh_token));
    const logged = JSON.stringify(f.log.entries());
    for (const secret of f.secrets()) assert.equal(logged.includes(secret), false);
  });

  it('after the shutdown every request gets 410 Gone', async () => {
    const token = await connect(f);
    f.setRetired(true);
    try {
      assert.equal((await getWithToken(f.endpoints.heartRateToday, token.access_token)).status, 410);
      assert.equal((await postForm(f.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token })).status, 410);
    } finally {
      f.setRetired(false);
    }
  });
});
