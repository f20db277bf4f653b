import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ManualClock, manualClock } from './emulator-kit.ts';
import { type GoogleEmulator, GOOGLE_SCOPE, startGoogleEmulator } from './google-emulator.ts';
import { authorizationUrl, authorize, getWithToken, jwtPayload, pkcePair, postForm } from './emulator-client.ts';

const REDIRECT = 'http://127.0.0.1:49152/callback';
const ALL_SCOPES = ['openid', 'email', 'profile', GOOGLE_SCOPE.gmailReadonly, GOOGLE_SCOPE.healthMetrics];

/** Authorizes with PKCE and exchanges the code with the client secret in the body. */
async function connect(g: GoogleEmulator, extra: Record<string, string> = {}, scopes: readonly string[] = ALL_SCOPES) {
  const pkce = pkcePair();
  const auth = await authorize(
    authorizationUrl(g.endpoints.authorization, {
      client_id: g.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: scopes.join(' '),
      state: 'st-1',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      access_type: 'offline',
      ...extra,
    }),
  );
  assert.equal(auth.status, 302);
  const code = auth.location?.searchParams.get('code');
  assert.ok(code);
  const token = await postForm(g.endpoints.token, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: pkce.verifier,
    client_id: g.clientId,
    client_secret: g.clientSecret,
  });
  assert.equal(token.status, 200, token.text);
  return { auth, token: token.body as Record<string, any> };
}

describe('emulated Google shape', () => {
  let clock: ManualClock;
  let g: GoogleEmulator;
  before(async () => {
    clock = manualClock(Date.UTC(2026, 4, 12, 12, 0, 0));
    g = await startGoogleEmulator({ clock });
  });
  after(() => g.close());

  it('authorization redirects straight to any loopback port with code, state, granted scope and iss', async () => {
    const pkce = pkcePair();
    const auth = await authorize(
      authorizationUrl(g.endpoints.authorization, {
        client_id: g.clientId,
        redirect_uri: 'http://127.0.0.1:61234/',
        response_type: 'code',
        scope: 'openid email',
        state: 'abc',
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
      }),
    );
    assert.equal(auth.status, 302);
    assert.equal(auth.location?.origin, 'http://127.0.0.1:61234');
    assert.equal(auth.location?.searchParams.get('state'), 'abc');
    assert.equal(auth.location?.searchParams.get('iss'), g.origin);
    // Google names email twice: the short scope and its userinfo URL.
    assert.deepEqual(auth.location?.searchParams.get('scope')?.split(' ').sort(), ['email', 'openid', GOOGLE_SCOPE.userinfoEmail].sort());
  });

  it('authorization refuses a non-loopback redirect, a missing PKCE challenge and an embedded (Electron) browser', async () => {
    const pkce = pkcePair();
    const base = { client_id: g.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' };
    const remote = await authorize(authorizationUrl(g.endpoints.authorization, { ...base, redirect_uri: 'https://evil.example/cb' }));
    assert.equal(remote.status, 400);
    assert.match(remote.text, /redirect_uri_mismatch/);
    assert.equal(remote.location, null);
    const { code_challenge: _omit, ...noPkce } = base;
    assert.equal((await authorize(authorizationUrl(g.endpoints.authorization, noPkce))).status, 400);
    const plain = await authorize(authorizationUrl(g.endpoints.authorization, { ...base, code_challenge_method: 'plain' }));
    assert.equal(plain.status, 400);
    const embedded = await authorize(authorizationUrl(g.endpoints.authorization, base), { 'user-agent': 'Mozilla/5.0 Chrome/140.0 Electron/45.4.1 Safari/537.36' });
    assert.equal(embedded.status, 403);
    assert.match(embedded.text, /disallowed_useragent/);
  });

  it('the token endpoint demands client_secret even with PKCE: 400 "client_secret is missing."', async () => {
    const pkce = pkcePair();
    const auth = await authorize(
      authorizationUrl(g.endpoints.authorization, {
        client_id: g.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's',
        code_challenge: pkce.challenge, code_challenge_method: 'S256',
      }),
    );
    const code = auth.location?.searchParams.get('code') ?? '';
    const missing = await postForm(g.endpoints.token, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier, client_id: g.clientId });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { error: 'invalid_request', error_description: 'client_secret is missing.' });
    const json = await fetch(g.endpoints.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code }) });
    assert.equal(json.status, 400);
  });

  it('code exchange gives Google\'s token response; the code is single-use', async () => {
    const pkce = pkcePair();
    const auth = await authorize(
      authorizationUrl(g.endpoints.authorization, {
        client_id: g.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid email profile', state: 's',
        code_challenge: pkce.challenge, code_challenge_method: 'S256', access_type: 'offline', prompt: 'consent', nonce: 'n-1',
      }),
    );
    const code = auth.location?.searchParams.get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier, client_id: g.clientId, client_secret: g.clientSecret };
    const first = await postForm(g.endpoints.token, form);
    assert.equal(first.status, 200);
    assert.equal(first.body.expires_in, 3599);
    assert.equal(first.body.token_type, 'Bearer');
    assert.match(first.body.access_token, /^ya29\./);
    assert.match(first.body.refresh_token, /^1\/\/0/);
    assert.ok(String(first.body.scope).split(' ').includes(GOOGLE_SCOPE.userinfoProfile));
    const claims = jwtPayload(first.body.id_token);
    assert.equal(claims.sub, g.user.sub);
    assert.equal(claims.aud, g.clientId);
    assert.equal(claims.nonce, 'n-1');
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const again = await postForm(g.endpoints.token, form);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  it('a code older than 10 minutes is refused, as is a wrong code_verifier', async () => {
    const pkce = pkcePair();
    const params = { client_id: g.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' };
    const late = (await authorize(authorizationUrl(g.endpoints.authorization, params))).location?.searchParams.get('code') ?? '';
    clock.advance(10 * 60_000);
    const expired = await postForm(g.endpoints.token, { grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT, code_verifier: pkce.verifier, client_id: g.clientId, client_secret: g.clientSecret });
    assert.equal(expired.body.error, 'invalid_grant');
    const fresh = (await authorize(authorizationUrl(g.endpoints.authorization, params))).location?.searchParams.get('code') ?? '';
    const wrong = await postForm(g.endpoints.token, { grant_type: 'authorization_code', code: fresh, redirect_uri: REDIRECT, code_verifier: pkcePair().verifier, client_id: g.clientId, client_secret: g.clientSecret });
    assert.deepEqual(wrong.body, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
  });

  it('refresh returns no new refresh_token; the old one keeps working', async () => {
    const { token } = await connect(g, { prompt: 'consent' });
    for (let i = 0; i < 2; i++) {
      const refreshed = await postForm(g.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: g.clientId, client_secret: g.clientSecret });
      assert.equal(refreshed.status, 200);
      assert.equal(refreshed.body.refresh_token, undefined);
      assert.equal(refreshed.body.expires_in, 3599);
      assert.ok(typeof refreshed.body.access_token === 'string' && refreshed.body.access_token !== token.access_token);
    }
    const noSecret = await postForm(g.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: g.clientId });
    assert.equal(noSecret.body.error_description, 'client_secret is missing.');
  });

  it('a refresh token comes only with access_type=offline on first consent or prompt=consent', async () => {
    const g2 = await startGoogleEmulator();
    try {
      const first = await connect(g2);
      assert.ok(first.token.refresh_token);
      const second = await connect(g2);
      assert.equal(second.token.refresh_token, undefined);
      const forced = await connect(g2, { prompt: 'consent' });
      assert.ok(forced.token.refresh_token);
      const online = await connect(g2, { prompt: 'consent', access_type: 'online' });
      assert.equal(online.token.refresh_token, undefined);
    } finally {
      await g2.close();
    }
  });

  it('revocation (query or form) ends the grant; the dead refresh token gives invalid_grant "Token has been expired or revoked."', async () => {
    const { token } = await connect(g, { prompt: 'consent' });
    const revoked = await fetch(`${g.endpoints.revocation}?token=${encodeURIComponent(token.refresh_token)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(revoked.status, 200);
    assert.equal(g.accessTokenStatus(token.access_token), 'revoked');
    const refresh = await postForm(g.endpoints.token, { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: g.clientId, client_secret: g.clientSecret });
    assert.equal(refresh.status, 400);
    assert.deepEqual(refresh.body, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const again = await postForm(g.endpoints.revocation, { token: token.access_token });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_token');
  });

  it('userinfo answers the documented claims', async () => {
    const { token } = await connect(g);
    const info = await getWithToken(g.endpoints.userinfo, token.access_token);
    assert.equal(info.status, 200);
    assert.deepEqual(Object.keys(info.body).sort(), ['email', 'email_verified', 'family_name', 'given_name', 'name', 'picture', 'sub']);
    assert.equal(info.body.email_verified, true);
  });

  it('Gmail: unread list, metadata with HTML-escaped snippet, headers by requested name, internalDate as a string', async () => {
    const { token } = await connect(g);
    const list = await getWithToken(`${g.endpoints.gmail}/messages?q=is:unread&maxResults=20`, token.access_token);
    assert.equal(list.status, 200);
    assert.equal(list.body.resultSizeEstimate, 2);
    assert.deepEqual(list.body.messages[0], { id: '18f2a3b4c5d6e7f8', threadId: '18f2a3b4c5d6e7f8' });
    const paged = await getWithToken(`${g.endpoints.gmail}/messages?q=is:unread&maxResults=1`, token.access_token);
    assert.equal(paged.body.nextPageToken, '1');
    const url = `${g.endpoints.gmail}/messages/18f2a3b4c5d6e800?format=metadata&metadataHeaders=Subject&metadataHeaders=From&metadataHeaders=Date`;
    const message = await getWithToken(url, token.access_token);
    assert.equal(message.status, 200);
    assert.equal(message.body.snippet, 'Step &quot;test&quot; failed: expected &lt;200&gt; but got &lt;500&gt;');
    assert.deepEqual(message.body.payload.headers.map((h: { name: string }) => h.name), ['from', 'SUBJECT', 'date']);
    assert.equal(typeof message.body.internalDate, 'string');
    const first = await getWithToken(`${g.endpoints.gmail}/messages/18f2a3b4c5d6e7f8?format=metadata&metadataHeaders=Subject`, token.access_token);
    assert.match(first.body.snippet, /&amp; notes &lt;attached&gt; — don&#39;t &quot;share&quot;/);
    assert.deepEqual(first.body.payload.headers, [{ name: 'Subject', value: 'Q2 "numbers" & notes' }]);
  });

  it('Gmail: an empty inbox answers {"resultSizeEstimate":0} without a messages key', async () => {
    const empty = await startGoogleEmulator({ mailbox: [] });
    try {
      const { token } = await connect(empty);
      const list = await getWithToken(`${empty.endpoints.gmail}/messages?q=is:unread&maxResults=20`, token.access_token);
      assert.equal(list.status, 200);
      assert.equal(list.text, '{"resultSizeEstimate":0}');
      assert.equal('messages' in list.body, false);
    } finally {
      await empty.close();
    }
  });

  it('an expired token gets 401 with the Bearer challenge and Google\'s JSON error', async () => {
    const { token } = await connect(g);
    clock.advance(3599_000);
    const list = await getWithToken(`${g.endpoints.gmail}/messages?q=is:unread`, token.access_token);
    assert.equal(list.status, 401);
    assert.equal(list.headers.get('www-authenticate'), 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
    assert.equal(list.body.error.code, 401);
    assert.equal(list.body.error.status, 'UNAUTHENTICATED');
    assert.match(list.body.error.message, /^Request had invalid authentication credentials/);
  });

  it('gmail.readonly declined at consent: fewer scopes granted, then 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT', async () => {
    g.setDeclinedScopes([GOOGLE_SCOPE.gmailReadonly]);
    try {
      const { auth, token } = await connect(g);
      assert.equal(auth.location?.searchParams.get('scope')?.includes('gmail'), false);
      assert.equal(String(token.scope).includes('gmail.readonly'), false);
      const list = await getWithToken(`${g.endpoints.gmail}/messages?q=is:unread`, token.access_token);
      assert.equal(list.status, 403);
      assert.match(list.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
      assert.equal(list.body.error.status, 'PERMISSION_DENIED');
      assert.equal(list.body.error.details[0].reason, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
      assert.equal(list.body.error.errors[0].reason, 'insufficientPermissions');
    } finally {
      g.setDeclinedScopes([]);
    }
  });

  it('gmail.metadata wins over gmail.readonly and refuses q=', async () => {
    const { token } = await connect(g, {}, ['openid', GOOGLE_SCOPE.gmailReadonly, GOOGLE_SCOPE.gmailMetadata]);
    const list = await getWithToken(`${g.endpoints.gmail}/messages?q=is:unread`, token.access_token);
    assert.equal(list.status, 403);
    assert.equal(list.body.error.message, "Metadata scope does not support 'q' parameter");
  });

  it('rate limiting: the configured number of requests get 429 rateLimitExceeded, then service resumes', async () => {
    const { token } = await connect(g);
    g.rateLimit({ count: 2, retryAfterSeconds: 7 });
    for (let i = 0; i < 2; i++) {
      const limited = await getWithToken(`${g.endpoints.gmail}/messages?q=is:unread`, token.access_token);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.errors[0].reason, 'rateLimitExceeded');
      assert.equal(limited.body.error.status, 'RESOURCE_EXHAUSTED');
      assert.equal(limited.headers.get('retry-after'), '7');
    }
    g.rateLimit({ status: 403 });
    const user = await getWithToken(g.endpoints.userinfo, token.access_token);
    assert.equal(user.status, 403);
    assert.equal(user.body.error.errors[0].reason, 'userRateLimitExceeded');
    assert.equal((await getWithToken(g.endpoints.userinfo, token.access_token)).status, 200);
  });

  it('Google Health: today\'s heart-rate points (int64 as strings) and the daily resting heart rate', async () => {
    const { token } = await connect(g);
    const heart = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/heart-rate/dataPoints`, token.access_token);
    assert.equal(heart.status, 200);
    assert.equal(heart.body.dataPoints.length, 6);
    const point = heart.body.dataPoints[0];
    assert.match(point.name, /^users\/me\/dataTypes\/heart-rate\/dataPoints\//);
    assert.match(point.heartRate.beatsPerMinute, /^\d+$/);
    assert.equal(new Date(point.heartRate.sampleTime.physicalTime).toISOString().slice(0, 10), new Date(clock.now()).toISOString().slice(0, 10));
    assert.deepEqual(point.heartRate.sampleTime.civilTime.date, { year: 2026, month: 5, day: 12 });
    const since = new Date(clock.now() - 25 * 60_000).toISOString();
    const filtered = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/heart-rate/dataPoints?filter=${encodeURIComponent(`heart_rate.sample_time.physical_time >= "${since}"`)}`, token.access_token);
    assert.equal(filtered.body.dataPoints.length, 2);
    assert.equal(g.healthQueries().at(-1)?.filter, `heart_rate.sample_time.physical_time >= "${since}"`);
    const resting = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints`, token.access_token);
    assert.deepEqual(resting.body.dataPoints[0].dailyRestingHeartRate, { date: { year: 2026, month: 5, day: 12 }, beatsPerMinute: '58' });
  });

  it('Google Health: no data is {}, camelCase ids are refused, and the scope is required', async () => {
    const { token } = await connect(g);
    g.setHeartRate([]);
    g.setRestingHeartRate(null);
    try {
      const none = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/heart-rate/dataPoints`, token.access_token);
      assert.equal(none.text, '{}');
      const resting = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints`, token.access_token);
      assert.equal(resting.text, '{}');
    } finally {
      g.setHeartRate('generated');
      g.setRestingHeartRate(58);
    }
    const camel = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/heartRate/dataPoints`, token.access_token);
    assert.equal(camel.status, 400);
    assert.match(camel.body.error.message, /Invalid data type ID referenced in the parent data type collection: heartRate/);
    const { token: mailOnly } = await connect(g, {}, ['openid', GOOGLE_SCOPE.gmailReadonly]);
    const denied = await getWithToken(`${g.endpoints.health}/v4/users/me/dataTypes/heart-rate/dataPoints`, mailOnly.access_token);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.details[0].reason, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
  });

  it('controls: expired access tokens, a revoked token and an injected token-endpoint fault', async () => {
    const { token } = await connect(g, { prompt: 'consent' });
    assert.ok(g.issuedTokens().refreshTokens.includes(token.refresh_token));
    g.expireAccessTokens();
    assert.equal((await getWithToken(g.endpoints.userinfo, token.access_token)).status, 401);
    g.failNext({ status: 503, path: '/token', headers: { 'Retry-After': '2' } });
    const form = { grant_type: 'refresh_token', refresh_token: token.refresh_token, client_id: g.clientId, client_secret: g.clientSecret };
    const down = await postForm(g.endpoints.token, form);
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '2');
    const refreshed = await postForm(g.endpoints.token, form);
    assert.equal((await getWithToken(g.endpoints.userinfo, refreshed.body.access_token)).status, 200);
    assert.equal(g.revokeToken(token.refresh_token), true);
    assert.equal(g.refreshTokenStatus(token.refresh_token), 'revoked');
    assert.equal(g.revokeToken('unknown'), false);
  });

  it('discovery names the emulator\'s endpoints under its own issuer', async () => {
    const doc = (await (await fetch(g.endpoints.discovery)).json()) as Record<string, unknown>;
    assert.equal(doc.issuer, g.origin);
    assert.equal(doc.token_endpoint, g.endpoints.token);
    assert.equal(doc.authorization_endpoint, g.endpoints.authorization);
  });

  it('the request log holds method, path and status but no secret', async () => {
    await connect(g, { prompt: 'consent' });
    const logged = JSON.stringify(g.log.entries());
    assert.ok(g.log.count({ path: '/token', label: 'authorization_code' }) > 0);
    assert.ok(g.log.count({ path: '/token', label: 'refresh_token', status: 200 }) > 0);
    const secrets = g.secrets();
    assert.ok(secrets.length > 10);
    for (const secret of secrets) assert.equal(logged.includes(secret), false);
    assert.equal(logged.includes('?'), false);
  });
});
