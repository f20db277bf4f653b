/**
 * The built-in Discord provider against the emulated Discord (tests/emulators/discord-emulator.ts):
 * the real desk and catalog (client credentials via `env`), real HTTP through got, the real loopback
 * receiver on the fixed redirect port chosen in Settings, a conf store in a temporary folder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { findPanel } from '../../../electron/shared/data-panels.ts';
import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { postJson } from '../../emulators/emulator-client.ts';
import { basicAuthorization } from '../../emulators/emulator-kit.ts';
import type { DiscordEmulator, DiscordEmulatorOptions } from '../../emulators/discord-emulator.ts';
import { startDiscordEmulator } from '../../emulators/discord-emulator.ts';
import type { ProviderDesk } from '../../helpers/provider-desk.ts';
import { errorText, freeLoopbackPort, leaksAfterRun, providerDesk, rendererVisibleText, requestsTo } from '../../helpers/provider-desk.ts';

/** With the characters RFC 6749 2.3.1's form-encoding changes (S13). */
const CLIENT_SECRET = 'disc/ord+Secret:2026=';

interface Setup {
  readonly d: DiscordEmulator;
  readonly h: ProviderDesk;
  readonly redirectUri: string;
}

async function discordDesk(t: TestContext, emulator: DiscordEmulatorOptions = {}): Promise<Setup> {
  const port = await freeLoopbackPort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const d = await startDiscordEmulator({ redirectUris: [redirectUri], clientSecret: CLIENT_SECRET, ...emulator });
  t.after(() => d.close());
  const h = await providerDesk(t, {
    env: { OAUTH_DESK_DISCORD_CLIENT_ID: d.clientId, OAUTH_DESK_DISCORD_CLIENT_SECRET: d.clientSecret },
    endpoints: { discord: { authorization: d.endpoints.authorization, token: d.endpoints.token, revocation: d.endpoints.revocation, api: `${d.origin}/api/v10` } },
  });
  const settings = await h.desk.handlers['settings:set-redirect-port']({ providerId: 'discord', port });
  assert.equal(settings.redirect.uri, redirectUri);
  return { d, h, redirectUri };
}

async function connectDiscord(h: ProviderDesk): Promise<ConnectionView> {
  const { view, callbackStatus } = await h.signIn('discord');
  assert.equal(callbackStatus, 200);
  assert.equal(view.lastError, null, `connected without an error (${view.lastError?.code})`);
  assert.equal(view.connections.length, 1);
  return view.connections[0]!;
}

/** Token and revocation requests the desk sent. */
const oauthRequests = (s: Setup) => [...requestsTo(s.h.http, s.d.endpoints.token), ...requestsTo(s.h.http, s.d.endpoints.revocation)];

test('connect to the emulated Discord: form-encoded token request with Basic (S13), scopes identify email, the exact registered redirect URI', async (t) => {
  const s = await discordDesk(t);
  const { d, h, redirectUri } = s;
  const { pending, view } = await h.signIn('discord');
  assert.equal(view.lastError, null, `connected (${view.lastError?.code})`);
  assert.equal(pending.redirectUri, redirectUri);
  assert.deepEqual(d.authorizationRequests().map((r) => [r.redirectUri, r.outcome, r.codeChallengeMethod]), [[redirectUri, 'code', 'S256']]);
  assert.deepEqual(d.authorizationRequests()[0]?.scopes, ['identify', 'email']);

  const [exchange] = requestsTo(h.http, d.endpoints.token, 'authorization_code');
  assert.equal(exchange?.status, 200);
  assert.ok(exchange?.form, 'the parameters go as a form');
  assert.equal(exchange.headers.authorization, basicAuthorization(d.clientId, CLIENT_SECRET));
  assert.equal(exchange.form.client_secret, undefined);
  assert.equal(exchange.form.redirect_uri, redirectUri);
  assert.equal(d.log.count({ label: 'not-form' }), 0, 'the emulator saw no body that was not form-encoded');

  // The emulated Discord reads only form bodies: the same exchange as JSON is refused.
  const json = await postJson(d.endpoints.token, { grant_type: 'authorization_code', code: 'x' }, { authorization: basicAuthorization(d.clientId, CLIENT_SECRET) });
  assert.equal(json.status, 400);

  const c = view.connections[0]!;
  assert.equal(c.accountLabel, d.user.email);
  assert.deepEqual([...c.grantedScopes].sort(), ['email', 'identify']);
  assert.equal(c.hasRefreshToken, true);
});

test('the Discord profile panel shows the avatar URL on Discord\'s CDN and the verified flag', async (t) => {
  const { d, h } = await discordDesk(t);
  const c = await connectDiscord(h);
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.deepEqual(data.panels.map((p) => [p.kind, p.title]), [['profile', 'Profile']]);
  const profile = findPanel(data.panels, 'profile')?.result;
  assert.ok(profile?.ok, `the profile loaded (${profile && !profile.ok ? profile.error.code : ''})`);
  assert.equal(profile.value.subject, d.user.id);
  assert.equal(profile.value.name, d.user.global_name);
  assert.equal(profile.value.username, d.user.username);
  assert.equal(profile.value.email, d.user.email);
  assert.equal(profile.value.pictureUrl, `https://cdn.discordapp.com/avatars/${d.user.id}/${d.user.avatar}.png`);
  assert.deepEqual(profile.value.facts.find((f) => f.label === 'Email verified'), { label: 'Email verified', kind: 'flag', value: d.user.verified });
  const api = h.http.requests.filter((r) => r.url.startsWith(`${d.origin}/api/v10/users/@me`));
  assert.ok(api.length >= 1 && api.every((r) => r.headers.authorization?.startsWith('Bearer ')), 'the API is called at /api/v10 with a bearer token');
});

test('refresh rotates the Discord refresh token (form-encoded): the new one is stored, the old one is spent', async (t) => {
  const s = await discordDesk(t);
  const { d, h } = s;
  const c = await connectDiscord(h);
  const before = h.repository().secrets(c.id);
  const view = await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  assert.equal(view.lastRefresh?.error, null);
  const after = h.repository().secrets(c.id);
  assert.ok(after.refreshToken !== null && after.refreshToken !== before.refreshToken, 'the rotated refresh token is stored');
  assert.equal(d.refreshTokenStatus(before.refreshToken!), 'spent');
  assert.equal(d.refreshTokenStatus(after.refreshToken), 'active');
  const [refresh] = requestsTo(h.http, d.endpoints.token, 'refresh_token');
  assert.equal(refresh?.status, 200);
  assert.equal(refresh?.form?.refresh_token, before.refreshToken);
  assert.ok(oauthRequests(s).every((r) => r.form !== null), 'every token request is a form');
  assert.equal(d.log.count({ label: 'not-form' }), 0);
});

test('429 from Discord with Retry-After: the profile panel says rate_limited and how long to wait', async (t) => {
  const { d, h } = await discordDesk(t);
  const c = await connectDiscord(h);
  const retryAfter = 30.5;
  d.rateLimit({ retryAfterSeconds: retryAfter });
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.equal(d.log.count({ label: 'rate-limited' }), 1);
  const profile = findPanel(data.panels, 'profile')?.result;
  assert.ok(profile && !profile.ok);
  assert.equal(profile.error.code, 'rate_limited');
  assert.match(profile.error.hint, new RegExp(`Wait ${Math.ceil(retryAfter)} seconds`));
  assert.equal(requestsTo(h.http, d.endpoints.token, 'refresh_token').length, 0, 'a rate limit does not refresh the token');
  const again = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.ok(findPanel(again.panels, 'profile')?.result.ok, 'the next load works');
});

test('S17 a dead Discord refresh token (access removed at Discord) leads to Needs re-authorization, not a loop', async (t) => {
  const { d, h } = await discordDesk(t);
  const c = await connectDiscord(h);
  d.revokeAll();
  // The API refuses the access token; the one refresh that follows gets invalid_grant.
  await assert.rejects(h.desk.handlers['data:fetch']({ connectionId: c.id }), (e: unknown) => (e as { code?: string }).code === 'refresh_token_invalid');
  const refreshes = requestsTo(h.http, d.endpoints.token, 'refresh_token');
  assert.deepEqual(refreshes.map((r) => r.status), [400]);
  const view = (await h.view('discord')).connections[0]!;
  assert.equal(view.reauthorizationReason?.code, 'refresh_token_invalid');

  await assert.rejects(h.desk.handlers['data:fetch']({ connectionId: c.id }), (e: unknown) => (e as { code?: string }).code === 'refresh_token_invalid');
  await assert.rejects(h.desk.handlers['connections:refresh']({ connectionId: c.id }), (e: unknown) => (e as { code?: string }).code === 'refresh_token_invalid');
  assert.equal(requestsTo(h.http, d.endpoints.token, 'refresh_token').length, 1, 'nothing retries the dead token');

  const { pending, view: fixed } = await h.signIn('discord', { connectionId: c.id });
  assert.equal(fixed.connections[0]?.reauthorizationReason, null);
  assert.equal(new URL(pending.authorizationUrl).searchParams.get('prompt'), 'consent', 're-authorize forces the consent screen');
});

test('S19 disconnect from Discord revokes (form-encoded, Basic), ends the grant and wipes the connection', async (t) => {
  const s = await discordDesk(t);
  const { d, h } = s;
  const c = await connectDiscord(h);
  const secrets = h.repository().secrets(c.id);
  const result = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.deepEqual(result, { revoked: true, revocationError: null });
  const revokes = requestsTo(h.http, d.endpoints.revocation);
  assert.ok(revokes.length >= 1);
  assert.equal(revokes[0]?.form?.token, secrets.refreshToken, 'the refresh token first');
  for (const r of revokes) {
    assert.ok(r.form !== null);
    assert.equal(r.headers.authorization, basicAuthorization(d.clientId, CLIENT_SECRET));
    assert.equal(r.status, 200);
  }
  assert.equal(d.log.count({ label: 'not-form' }), 0);
  assert.equal(d.refreshTokenStatus(secrets.refreshToken!), 'revoked');
  assert.equal(d.accessTokenStatus(secrets.accessToken), 'revoked');
  assert.deepEqual((await h.view('discord')).connections, []);
  assert.equal(h.storeText().includes(c.id), false);
});

test('S29 after a full run against the emulated Discord (connect, data, refresh, rate limit, dead token, re-authorize, disconnect) no secret it issued is in the views, settings, logs or store file', async (t) => {
  const { d, h } = await discordDesk(t);
  const c = await connectDiscord(h);
  const data = [await h.desk.handlers['data:fetch']({ connectionId: c.id })];
  await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  d.rateLimit({ retryAfterSeconds: 2 });
  data.push(await h.desk.handlers['data:fetch']({ connectionId: c.id }));
  d.revokeAll();
  const failure = await h.desk.handlers['data:fetch']({ connectionId: c.id }).catch((e: unknown) => e);
  assert.equal((failure as { code?: string }).code, 'refresh_token_invalid');
  await h.signIn('discord', { connectionId: c.id });
  const whileConnected = await rendererVisibleText(h);
  assert.equal((await h.desk.handlers['connections:disconnect']({ connectionId: c.id })).revoked, true);

  const secrets = d.secrets();
  assert.ok(secrets.includes(CLIENT_SECRET));
  assert.deepEqual(await leaksAfterRun(h, secrets, whileConnected, { 'data:fetch results': JSON.stringify(data), 'error messages': errorText(failure) }), []);
});
