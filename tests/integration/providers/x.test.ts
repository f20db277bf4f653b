/**
 * The built-in X provider against the emulated X (tests/emulators/x-emulator.ts): the real desk and
 * catalog (client credentials via `env`), real HTTP through got, the real loopback receiver on the
 * fixed redirect port chosen in Settings, a conf store in a temporary folder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { Clock, Notifier } from '../../../electron/core/ports.ts';
import { findPanel } from '../../../electron/shared/data-panels.ts';
import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { postForm } from '../../emulators/emulator-client.ts';
import type { ManualClock } from '../../emulators/emulator-kit.ts';
import { basicAuthorization, manualClock } from '../../emulators/emulator-kit.ts';
import type { XEmulator, XEmulatorOptions } from '../../emulators/x-emulator.ts';
import { startXEmulator } from '../../emulators/x-emulator.ts';
import type { ProviderDesk } from '../../helpers/provider-desk.ts';
import { errorText, freeLoopbackPort, leaksAfterRun, providerDesk, rendererVisibleText, requestsTo } from '../../helpers/provider-desk.ts';

/** A Web App secret with the characters RFC 6749 2.3.1's form-encoding changes. */
const CONFIDENTIAL_SECRET = 'x/Web+App:secret=2026 Zq';

interface Setup {
  readonly x: XEmulator;
  readonly h: ProviderDesk;
  readonly port: number;
  readonly redirectUri: string;
}

interface SetupOptions {
  readonly emulator?: XEmulatorOptions;
  /** A confidential ("Web App") client with this secret; default a public ("Native App") client. */
  readonly secret?: string;
  readonly deskClock?: Clock;
  readonly notifier?: Notifier;
  readonly proactiveRefresh?: boolean;
}

async function xDesk(t: TestContext, options: SetupOptions = {}): Promise<Setup> {
  const port = await freeLoopbackPort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const x = await startXEmulator({ redirectUri, ...(options.secret === undefined ? {} : { clientSecret: options.secret }), ...options.emulator });
  t.after(() => x.close());
  const env: Record<string, string> = { OAUTH_DESK_X_CLIENT_ID: x.clientId };
  if (options.secret !== undefined) env.OAUTH_DESK_X_CLIENT_SECRET = options.secret;
  const h = await providerDesk(t, {
    env,
    endpoints: { x: { authorization: x.endpoints.authorization, token: x.endpoints.token, revocation: x.endpoints.revocation, api: x.origin } },
    ...(options.deskClock ? { clock: options.deskClock } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.proactiveRefresh === undefined ? {} : { proactiveRefresh: options.proactiveRefresh }),
  });
  const settings = await h.desk.handlers['settings:set-redirect-port']({ providerId: 'x', port });
  assert.equal(settings.redirect.uri, redirectUri, 'Settings shows the exact redirect URI to register');
  assert.equal(settings.redirect.mustRegister, true);
  return { x, h, port, redirectUri };
}

async function connectX(h: ProviderDesk): Promise<ConnectionView> {
  const { view, callbackStatus } = await h.signIn('x');
  assert.equal(callbackStatus, 200);
  assert.equal(view.lastError, null, `connected without an error (${view.lastError?.code})`);
  assert.equal(view.connections.length, 1);
  return view.connections[0]!;
}

/** Requests the desk sent to the token endpoint with the authorization_code grant. */
const exchangesOf = (s: Setup) => requestsTo(s.h.http, s.x.endpoints.token, 'authorization_code');

test('a public X client (Native App) connects: client_id in the body, no secret, no Basic; the fixed redirect port and path are used exactly', async (t) => {
  const s = await xDesk(t);
  const { x, h, redirectUri } = s;
  const settings = await h.desk.handlers['settings:get']({ providerId: 'x' });
  assert.equal(settings.redirect.fixedPort, s.port);
  assert.equal(settings.client.secretSaved, false);

  const { pending, view } = await h.signIn('x');
  assert.equal(view.lastError, null, `connected (${view.lastError?.code})`);
  assert.equal(pending.redirectUri, redirectUri);
  const auth = new URL(pending.authorizationUrl).searchParams;
  assert.equal(auth.get('redirect_uri'), redirectUri);
  assert.equal(auth.get('code_challenge_method'), 'S256');
  assert.deepEqual(x.authorizationRequests().map((r) => [r.redirectUri, r.outcome]), [[redirectUri, 'code']], 'the emulator saw exactly the registered URI');
  assert.deepEqual(x.authorizationRequests()[0]?.scopes, ['users.read', 'tweet.read', 'offline.access']);

  const [exchange] = exchangesOf(s);
  assert.equal(exchange?.status, 200);
  assert.equal(exchange?.form?.client_id, x.clientId);
  assert.equal(exchange?.form?.client_secret, undefined);
  assert.equal(exchange?.headers.authorization, undefined);
  assert.equal(exchange?.form?.redirect_uri, redirectUri);

  const c = view.connections[0]!;
  assert.equal(c.accountLabel, `@${x.user.username}`);
  assert.equal(c.hasRefreshToken, true, 'offline.access gave a refresh token');
});

test('S13 a confidential X client (Web App) connects with HTTP Basic: id and secret form-urlencoded before Base64; disconnect revokes with Basic too', async (t) => {
  const s = await xDesk(t, { secret: CONFIDENTIAL_SECRET });
  const { x, h } = s;
  assert.equal((await h.desk.handlers['settings:get']({ providerId: 'x' })).client.secretSaved, true);
  const c = await connectX(h);
  const expected = basicAuthorization(x.clientId, CONFIDENTIAL_SECRET);
  const [exchange] = exchangesOf(s);
  assert.equal(exchange?.headers.authorization, expected);
  assert.equal(exchange?.form?.client_secret, undefined, 'the secret is not also in the body');
  assert.equal(exchange?.status, 200);

  // The same secret Base64-encoded without the form-encoding step is refused by the emulated X.
  const raw = `Basic ${Buffer.from(`${x.clientId}:${CONFIDENTIAL_SECRET}`).toString('base64')}`;
  assert.notEqual(raw, expected);
  const refused = await postForm(x.endpoints.token, { grant_type: 'refresh_token', refresh_token: 'not-a-token' }, { authorization: raw });
  assert.equal(refused.status, 401);

  await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  const [refresh] = requestsTo(h.http, x.endpoints.token, 'refresh_token');
  assert.equal(refresh?.headers.authorization, expected);
  assert.equal(refresh?.status, 200);

  const secrets = h.repository().secrets(c.id);
  const result = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.deepEqual(result, { revoked: true, revocationError: null });
  const revokes = requestsTo(h.http, x.endpoints.revocation);
  assert.ok(revokes.length >= 1 && revokes.every((r) => r.headers.authorization === expected && r.status === 200));
  assert.equal(x.refreshTokenStatus(secrets.refreshToken!), 'revoked');
});

test('the X code is exchanged at once, inside the callback: well within the emulator\'s 30-second window', async (t) => {
  const s = await xDesk(t);
  const { pending, requestsStartedBeforeCallbackPage } = await s.h.signIn('x');
  const [exchange] = exchangesOf(s);
  assert.ok(exchange && exchange.seq < requestsStartedBeforeCallbackPage, 'the token request was already on its way when the callback page reached the browser');
  const authorizedAt = s.x.log.entries().find((e) => e.path === new URL(pending.authorizationUrl).pathname)?.at;
  const exchangedAt = s.x.log.entries().find((e) => e.label === 'authorization_code')?.at;
  assert.ok(authorizedAt !== undefined && exchangedAt !== undefined);
  assert.ok(exchangedAt - authorizedAt < 5_000, `exchanged ${exchangedAt - authorizedAt} ms after the code was issued`);
});

test('the emulated X refuses a code exchanged 30 seconds after it was issued, and accepts one exchanged after 29 seconds', async (t) => {
  for (const [delayMs, connects] of [[30_000, false], [29_000, true]] as const) {
    const clock: ManualClock = manualClock();
    const s = await xDesk(t, { emulator: { clock } });
    // The exchange leaves `delayMs` after the code was issued, as if it waited for a human step.
    s.h.http.before = (request) => {
      if (request.url === s.x.endpoints.token && request.form?.grant_type === 'authorization_code') clock.advance(delayMs);
    };
    const { view } = await s.h.signIn('x');
    const [exchange] = exchangesOf(s);
    assert.equal(exchange?.status, connects ? 200 : 400, `exchange after ${delayMs} ms`);
    assert.equal(view.connections.length, connects ? 1 : 0);
    assert.equal(view.lastError === null, connects, `after ${delayMs} ms: ${view.lastError?.code ?? 'connected'}`);
  }
});

test('an X code that expired before the exchange is reported as an expired code (code_invalid), not as a misconfigured client', async (t) => {
  const clock: ManualClock = manualClock();
  const s = await xDesk(t, { emulator: { clock } });
  s.h.http.before = (request) => {
    if (request.url === s.x.endpoints.token && request.form?.grant_type === 'authorization_code') clock.advance(30_000);
  };
  const { view } = await s.h.signIn('x');
  assert.equal(exchangesOf(s)[0]?.status, 400);
  assert.ok(view.lastError);
  // X answers invalid_request "Value passed for the authorization code was invalid." for an expired code.
  assert.equal(view.lastError.code, 'code_invalid', `got ${view.lastError.code}: ${view.lastError.hint}`);
});

test('refresh rotates the X refresh token: the new one is stored, the old one is spent', async (t) => {
  const { x, h } = await xDesk(t);
  const c = await connectX(h);
  const before = h.repository().secrets(c.id);
  const view = await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  assert.equal(view.reauthorizationReason, null);
  assert.equal(view.lastRefresh?.error, null);
  const after = h.repository().secrets(c.id);
  assert.ok(after.refreshToken !== null && after.refreshToken !== before.refreshToken, 'the rotated refresh token is stored');
  assert.notEqual(after.accessToken, before.accessToken);
  assert.equal(x.refreshTokenStatus(before.refreshToken!), 'spent');
  assert.equal(x.refreshTokenStatus(after.refreshToken), 'active');
  await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  assert.deepEqual(requestsTo(h.http, x.endpoints.token, 'refresh_token').map((r) => r.status), [200, 200], 'the second refresh uses the rotated token');
});

for (const spentError of ['invalid_request', 'invalid_grant'] as const) {
  test(`S17 a spent X refresh token (${spentError} "Value passed for the token was invalid.") leads to Needs re-authorization once, not a loop`, async (t) => {
    const notices: string[] = [];
    const { x, h } = await xDesk(t, { emulator: { spentRefreshTokenError: spentError }, proactiveRefresh: true, notifier: { notify: (n) => void notices.push(n.connectionId) } });
    const c = await connectX(h);
    assert.ok(c.nextRefreshAt !== null, 'a proactive refresh is planned while the connection is healthy');
    const { refreshToken } = h.repository().secrets(c.id);
    // Someone else (another copy of the app, a script) used the single-use refresh token.
    const spent = await postForm(x.endpoints.token, { grant_type: 'refresh_token', refresh_token: refreshToken!, client_id: x.clientId });
    assert.equal(spent.status, 200);

    for (let round = 1; round <= 2; round++) {
      await assert.rejects(h.desk.handlers['connections:refresh']({ connectionId: c.id }), (e: unknown) => (e as { code?: string }).code === 'refresh_token_invalid', `round ${round}`);
    }
    const refreshes = requestsTo(h.http, x.endpoints.token, 'refresh_token');
    assert.equal(refreshes.length, 1, 'one refresh request: the dead token is not retried');
    assert.equal(refreshes[0]?.status, 400);
    const view = (await h.view('x')).connections[0]!;
    assert.equal(view.reauthorizationReason?.code, 'refresh_token_invalid');
    assert.match(view.reauthorizationReason?.hint ?? '', /Re-authorize/);
    assert.equal(view.nextRefreshAt, null, 'nothing is scheduled for it');
    assert.deepEqual(notices, [c.id], 'one notification');

    const { view: again } = await h.signIn('x', { connectionId: c.id });
    assert.equal(again.connections[0]?.reauthorizationReason, null, 're-authorizing fixes it');
    assert.equal(again.connections[0]?.id, c.id);
  });
}

for (const naming of ['tweet_count', 'post_count', 'both'] as const) {
  test(`the X profile panel shows the bio, join date and public metrics (${naming} naming)`, async (t) => {
    const { x, h } = await xDesk(t, { emulator: { metricsNaming: naming } });
    const c = await connectX(h);
    const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
    assert.deepEqual(data.panels.map((p) => [p.kind, p.title]), [['profile', 'Profile']]);
    const profile = findPanel(data.panels, 'profile')?.result;
    assert.ok(profile?.ok, `the profile loaded (${profile && !profile.ok ? profile.error.code : ''})`);
    assert.equal(profile.value.subject, x.user.id);
    assert.equal(profile.value.name, x.user.name);
    assert.equal(profile.value.username, x.user.username);
    assert.equal(profile.value.description, x.user.description);
    assert.equal(profile.value.pictureUrl, x.user.profile_image_url);
    assert.deepEqual(profile.value.facts, [{ label: 'Joined', kind: 'date', value: new Date(x.user.created_at).toISOString() }]);
    assert.deepEqual(profile.value.metrics, [
      { label: 'Followers', value: x.user.followers_count },
      { label: 'Following', value: x.user.following_count },
      { label: 'Posts', value: x.user.post_count },
      { label: 'Listed', value: x.user.listed_count },
    ]);
  });
}

test('429 from X with x-rate-limit-reset: the profile panel says rate_limited and when to retry', async (t) => {
  const { x, h } = await xDesk(t);
  const c = await connectX(h);
  x.setRateLimit(75, 90);
  x.exhaustRateLimit();
  const resetAtHeader = Math.ceil(x.rateLimitState().resetAt / 1000) * 1000;
  const before = Date.now();
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  const after = Date.now();
  assert.equal(x.log.count({ path: '/2/users/me', status: 429 }), 1);
  const profile = findPanel(data.panels, 'profile')?.result;
  assert.ok(profile && !profile.ok);
  assert.equal(profile.error.code, 'rate_limited');
  const wait = /Wait (\d+) seconds/.exec(profile.error.hint);
  assert.ok(wait, `the hint names the wait: "${profile.error.hint}"`);
  const seconds = Number(wait[1]);
  assert.ok(seconds >= Math.floor((resetAtHeader - after) / 1000) && seconds <= Math.ceil((resetAtHeader - before) / 1000), `${seconds} s until the window resets`);
  assert.equal(requestsTo(h.http, x.endpoints.token, 'refresh_token').length, 0, 'a rate limit does not refresh the token');
  assert.equal((await h.view('x')).connections[0]?.reauthorizationReason, null);
});

test('S19 disconnect from X revokes with client_id for a public client, refresh token first, and wipes the connection', async (t) => {
  const { x, h } = await xDesk(t);
  const c = await connectX(h);
  const secrets = h.repository().secrets(c.id);
  const result = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.deepEqual(result, { revoked: true, revocationError: null });
  const revokes = requestsTo(h.http, x.endpoints.revocation);
  assert.ok(revokes.length >= 1);
  assert.equal(revokes[0]?.form?.token, secrets.refreshToken, 'the refresh token first');
  for (const r of revokes) {
    assert.equal(r.form?.client_id, x.clientId);
    assert.equal(r.headers.authorization, undefined);
    assert.equal(r.status, 200);
  }
  assert.equal(x.refreshTokenStatus(secrets.refreshToken!), 'revoked');
  assert.equal(x.accessTokenStatus(secrets.accessToken), 'revoked');
  assert.deepEqual((await h.view('x')).connections, []);
  assert.equal(h.storeText().includes(c.id), false);
});

test('S29 after a full run against the emulated X (confidential client: connect, data, refresh, rate limit, dead token, re-authorize, disconnect) no secret it issued is in the views, settings, logs or store file', async (t) => {
  const { x, h } = await xDesk(t, { secret: CONFIDENTIAL_SECRET });
  const c = await connectX(h);
  const data = [await h.desk.handlers['data:fetch']({ connectionId: c.id })];
  await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  x.exhaustRateLimit();
  data.push(await h.desk.handlers['data:fetch']({ connectionId: c.id }));
  const { refreshToken } = h.repository().secrets(c.id);
  await postForm(x.endpoints.token, { grant_type: 'refresh_token', refresh_token: refreshToken! }, { authorization: basicAuthorization(x.clientId, CONFIDENTIAL_SECRET) });
  const failure = await h.desk.handlers['connections:refresh']({ connectionId: c.id }).catch((e: unknown) => e);
  assert.equal((failure as { code?: string }).code, 'refresh_token_invalid');
  await h.signIn('x', { connectionId: c.id });
  const whileConnected = await rendererVisibleText(h);
  assert.equal((await h.desk.handlers['connections:disconnect']({ connectionId: c.id })).revoked, true);

  const secrets = x.secrets();
  assert.ok(secrets.includes(CONFIDENTIAL_SECRET));
  assert.deepEqual(await leaksAfterRun(h, secrets, whileConnected, { 'data:fetch results': JSON.stringify(data), 'error messages': errorText(failure) }), []);
});
