/**
 * The built-in Google provider against the emulated Google (tests/emulators/google-emulator.ts):
 * the real desk and catalog (client id and secret from the environment), real HTTP through got,
 * the real loopback receiver, a conf store in a temporary folder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { AuthorizationWindow } from '../../../electron/core/ports.ts';
import { findPanel } from '../../../electron/shared/data-panels.ts';
import type { ConnectionView } from '../../../electron/shared/view-types.ts';
import { s256 } from '../../emulators/emulator-kit.ts';
import type { GoogleEmulator, GoogleEmulatorOptions } from '../../emulators/google-emulator.ts';
import { DEFAULT_GMAIL_MESSAGES, GOOGLE_SCOPE, startGoogleEmulator } from '../../emulators/google-emulator.ts';
import type { ProviderDesk } from '../../helpers/provider-desk.ts';
import { errorText, leaksAfterRun, providerDesk, rendererVisibleText, requestsTo } from '../../helpers/provider-desk.ts';

interface Setup {
  readonly g: GoogleEmulator;
  readonly h: ProviderDesk;
}

async function googleDesk(t: TestContext, options: { emulator?: GoogleEmulatorOptions; withSecret?: boolean; authWindow?: AuthorizationWindow } = {}): Promise<Setup> {
  const g = await startGoogleEmulator(options.emulator);
  t.after(() => g.close());
  const env: Record<string, string> = { OAUTH_DESK_GOOGLE_CLIENT_ID: g.clientId };
  if (options.withSecret ?? true) env.OAUTH_DESK_GOOGLE_CLIENT_SECRET = g.clientSecret;
  const h = await providerDesk(t, { env, endpoints: { google: g.endpoints }, ...(options.authWindow ? { authWindow: options.authWindow } : {}) });
  return { g, h };
}

async function connectGoogle(h: ProviderDesk): Promise<ConnectionView> {
  const { view, callbackStatus } = await h.signIn('google');
  assert.equal(callbackStatus, 200, 'the loopback receiver accepted the callback');
  assert.equal(view.lastError, null, `connected without an error (${view.lastError?.code})`);
  assert.equal(view.connections.length, 1);
  return view.connections[0]!;
}

const isUnread = (m: (typeof DEFAULT_GMAIL_MESSAGES)[number]) => (m.labelIds ?? ['UNREAD', 'INBOX']).includes('UNREAD');
const headerOf = (m: (typeof DEFAULT_GMAIL_MESSAGES)[number], name: string) => m.headers.find((h) => h.name.toLowerCase() === name)?.value;

test('connect against the emulated Google: access_type=offline, PKCE S256, the secret in the body (client_secret_post) and never in a URL', async (t) => {
  const { g, h } = await googleDesk(t);
  const { pending, view } = await h.signIn('google');
  const c = view.connections[0];
  assert.ok(c, `connected (${view.lastError?.code})`);
  assert.equal(c.accountLabel, g.user.email);
  assert.equal(c.hasRefreshToken, true, 'access_type=offline on the first consent gives a refresh token');

  const auth = new URL(pending.authorizationUrl);
  assert.equal(`${auth.origin}${auth.pathname}`, g.endpoints.authorization);
  assert.equal(auth.searchParams.get('access_type'), 'offline');
  assert.equal(auth.searchParams.get('response_type'), 'code');
  assert.equal(auth.searchParams.get('client_id'), g.clientId);
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(auth.searchParams.get('prompt'), null, 'a plain Connect does not force consent');
  assert.match(pending.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/, 'S1 any loopback port');
  assert.equal(auth.searchParams.get('redirect_uri'), pending.redirectUri);

  const [seen] = g.authorizationRequests();
  assert.equal(seen?.outcome, 'code');
  assert.equal(seen?.accessType, 'offline');
  assert.equal(seen?.codeChallengeMethod, 'S256');
  assert.deepEqual(seen?.scopes, ['openid', 'email', 'profile', GOOGLE_SCOPE.gmailReadonly]);

  const exchanges = requestsTo(h.http, g.endpoints.token, 'authorization_code');
  assert.equal(exchanges.length, 1);
  const exchange = exchanges[0]!;
  assert.equal(exchange.status, 200);
  assert.equal(exchange.form?.client_id, g.clientId);
  assert.equal(exchange.form?.client_secret, g.clientSecret, 'client_secret_post: the secret goes in the form body');
  assert.equal(exchange.headers.authorization, undefined, 'no Basic header next to client_secret_post');
  assert.equal(exchange.form?.redirect_uri, pending.redirectUri, 'S11 the exact redirect_uri of the attempt');
  const verifier = exchange.form?.code_verifier ?? '';
  assert.match(verifier, /^[A-Za-z0-9\-._~]{43,128}$/, 'S8 verifier alphabet and length');
  assert.equal(s256(verifier), auth.searchParams.get('code_challenge'), 'S8 the challenge is S256 of the verifier');

  for (const url of [pending.authorizationUrl, ...h.opened, ...h.http.requests.map((r) => r.url)]) {
    assert.equal(url.includes(g.clientSecret), false, 'the client secret never appears in a URL');
  }
});

test('data from the emulated Google: Profile and Unread mail with decoded snippets, the unread count and format=metadata requests', async (t) => {
  const { g, h } = await googleDesk(t);
  const c = await connectGoogle(h);
  const before = h.http.requests.length;
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.deepEqual(data.panels.map((p) => [p.kind, p.title]), [['profile', 'Profile'], ['mail', 'Unread mail']]);

  const profile = findPanel(data.panels, 'profile')?.result;
  assert.ok(profile?.ok, 'the profile loaded');
  assert.equal(profile.value.subject, g.user.sub);
  assert.equal(profile.value.name, g.user.name);
  assert.equal(profile.value.email, g.user.email);
  assert.equal(profile.value.pictureUrl, g.user.picture);
  assert.deepEqual(profile.value.facts.find((f) => f.label === 'Email verified'), { label: 'Email verified', kind: 'flag', value: g.user.email_verified });

  const mail = findPanel(data.panels, 'mail')?.result;
  assert.ok(mail?.ok, 'the mail loaded');
  const unread = DEFAULT_GMAIL_MESSAGES.filter(isUnread);
  assert.ok(unread.length > 0 && unread.length < DEFAULT_GMAIL_MESSAGES.length, 'the fixture mixes read and unread mail');
  assert.equal(mail.value.unreadCount, unread.length);
  assert.deepEqual(
    mail.value.messages.map((m) => ({ ...m })),
    unread.map((m) => ({
      id: m.id,
      from: headerOf(m, 'from'),
      subject: headerOf(m, 'subject'),
      date: new Date(m.internalDate).toISOString(),
      snippet: m.snippet,
    })),
    'snippets decoded from Gmail\'s HTML escaping; headers found whatever their case',
  );

  const sent = h.http.requests.slice(before);
  const list = sent.filter((r) => r.url.split('?')[0] === `${g.endpoints.gmail}/messages`);
  assert.equal(list.length, 1);
  assert.equal(new URL(list[0]!.url).searchParams.get('q'), 'is:unread');
  const gets = sent.filter((r) => r.url.startsWith(`${g.endpoints.gmail}/messages/`));
  assert.deepEqual(gets.map((r) => new URL(r.url).pathname.split('/').pop()).sort(), unread.map((m) => m.id).sort());
  for (const r of gets) {
    const q = new URL(r.url).searchParams;
    assert.equal(q.get('format'), 'metadata');
    assert.deepEqual(q.getAll('metadataHeaders').sort(), ['Date', 'From', 'Subject']);
  }
  for (const r of sent) {
    assert.equal(new URL(r.url).searchParams.has('access_token'), false, 'S18 tokens never in URLs');
    assert.match(r.headers.authorization ?? '', /^Bearer /);
  }
});

test('an empty inbox (no "messages" key) gives an empty mail panel, not an error', async (t) => {
  const { g, h } = await googleDesk(t, { emulator: { mailbox: [] } });
  const c = await connectGoogle(h);
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  const mail = findPanel(data.panels, 'mail')?.result;
  assert.ok(mail?.ok, `the mail panel loaded (${mail && !mail.ok ? mail.error.code : ''})`);
  assert.deepEqual(mail.value, { unreadCount: 0, messages: [] });
  assert.ok(findPanel(data.panels, 'profile')?.result.ok);
  assert.equal(h.http.requests.filter((r) => r.url.startsWith(`${g.endpoints.gmail}/messages/`)).length, 0, 'no message is fetched');
});

test('S14 refresh against the emulated Google keeps the stored refresh token (Google sends none on refresh)', async (t) => {
  const { g, h } = await googleDesk(t);
  const c = await connectGoogle(h);
  const before = h.repository().secrets(c.id);
  assert.ok(before.refreshToken);

  for (let round = 1; round <= 2; round++) {
    const view = await h.desk.handlers['connections:refresh']({ connectionId: c.id });
    assert.equal(view.hasRefreshToken, true);
    assert.equal(view.reauthorizationReason, null);
    assert.equal(view.lastRefresh?.error, null);
    const after = h.repository().secrets(c.id);
    assert.equal(after.refreshToken, before.refreshToken, `round ${round}: the old refresh token is kept`);
    assert.notEqual(after.accessToken, before.accessToken, `round ${round}: a new access token is stored`);
  }
  const refreshes = requestsTo(h.http, g.endpoints.token, 'refresh_token');
  assert.deepEqual(refreshes.map((r) => r.status), [200, 200]);
  assert.ok(refreshes.every((r) => r.form?.refresh_token === before.refreshToken && r.form?.client_secret === g.clientSecret && r.headers.authorization === undefined));
  assert.equal(g.issuedTokens().refreshTokens.length, 1, 'the emulator issued no second refresh token');
  assert.equal(g.refreshTokenStatus(before.refreshToken), 'active');
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.ok(findPanel(data.panels, 'profile')?.result.ok, 'the refreshed access token works');
});

test('re-authorize against the emulated Google sends prompt=consent and replaces the tokens of the same connection', async (t) => {
  const { g, h } = await googleDesk(t);
  const c = await connectGoogle(h);
  const before = h.repository().secrets(c.id);
  const { pending, view } = await h.signIn('google', { connectionId: c.id });
  const auth = new URL(pending.authorizationUrl).searchParams;
  assert.equal(auth.get('prompt'), 'consent');
  assert.equal(auth.get('access_type'), 'offline');
  assert.equal(g.authorizationRequests().at(-1)?.prompt, 'consent');
  assert.equal(view.lastError, null);
  assert.deepEqual(view.connections.map((x) => x.id), [c.id]);
  assert.equal(view.connections[0]!.connectedAt, c.connectedAt);
  const after = h.repository().secrets(c.id);
  assert.ok(after.refreshToken !== null && after.refreshToken !== before.refreshToken, 'consent gave a new refresh token, which is stored');
  assert.notEqual(after.accessToken, before.accessToken);
});

test('Add another account against the emulated Google asks for the account chooser; its one user signing in again updates the existing connection', async (t) => {
  // The Google emulator has exactly one user per instance (no account chooser page to pick another).
  const { g, h } = await googleDesk(t);
  assert.equal((await h.view('google')).accountChooser, true);
  const c = await connectGoogle(h);
  const { pending, view } = await h.signIn('google', { addAccount: true });
  const prompt = new URL(pending.authorizationUrl).searchParams.get('prompt') ?? '';
  assert.ok(prompt.split(' ').includes('select_account'), `prompt "${prompt}" shows the account chooser`);
  assert.equal(g.authorizationRequests().at(-1)?.prompt, prompt);
  assert.equal(view.lastError, null);
  assert.deepEqual(view.connections.map((x) => [x.id, x.accountLabel]), [[c.id, g.user.email]], 'the same account is not added twice');
});

test('without the client secret: setupProblem client_secret_missing, and auth:connect rejects with it before any request to the emulated Google', async (t) => {
  const { g, h } = await googleDesk(t, { withSecret: false });
  const view = await h.view('google');
  assert.equal(view.setupProblem?.code, 'client_secret_missing');
  assert.match(view.setupProblem?.hint ?? '', /OAUTH_DESK_GOOGLE_CLIENT_SECRET/);
  await assert.rejects(h.desk.handlers['auth:connect']({ providerId: 'google' }), (e: unknown) => (e as { code?: string }).code === 'client_secret_missing');
  assert.equal((await h.view('google')).lastError?.code, 'client_secret_missing');
  assert.deepEqual(g.log.entries(), [], 'nothing reached the emulator');
  assert.deepEqual(h.opened, [], 'no browser was opened');
  assert.deepEqual(h.http.requests, []);
});

test('a declined Gmail scope shows in granted vs requested scopes, and the mail panel says the permission is missing (scope_missing)', async (t) => {
  const { g, h } = await googleDesk(t, { emulator: { declinedScopes: [GOOGLE_SCOPE.gmailReadonly] } });
  const c = await connectGoogle(h);
  assert.ok(c.requestedScopes.includes(GOOGLE_SCOPE.gmailReadonly));
  assert.equal(c.grantedScopes.includes(GOOGLE_SCOPE.gmailReadonly), false);
  assert.ok(c.grantedScopes.includes('openid'));
  const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  const mail = findPanel(data.panels, 'mail')?.result;
  assert.ok(mail && !mail.ok);
  assert.equal(mail.error.code, 'scope_missing');
  assert.match(mail.error.hint, /Re-authorize/);
  assert.ok(findPanel(data.panels, 'profile')?.result.ok, 'the profile still loads');
  assert.equal(requestsTo(h.http, g.endpoints.token, 'refresh_token').length, 0, 'S18 a missing scope is not "fixed" by a refresh');
});

test('Gmail rate-limiting (429, and 403 userRateLimitExceeded): one limited answer is retried after a backoff; a limit that persists leaves the mail panel rate_limited while the profile panel still loads', async (t) => {
  const { g, h } = await googleDesk(t);
  const c = await connectGoogle(h);
  const listPath = new URL(`${g.endpoints.gmail}/messages`).pathname;
  const limited = (status: 429 | 403, reason: string, times: number) => ({
    status,
    path: listPath,
    times,
    body: { error: { code: status, message: 'Rate Limit Exceeded', errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason }], status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'PERMISSION_DENIED' } },
  });
  g.failNext(limited(429, 'rateLimitExceeded', 1));
  const retried = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.ok(findPanel(retried.panels, 'mail')?.result.ok, 'a single rate-limited answer is waited out and retried');
  assert.equal(g.log.count({ path: listPath, label: 'injected' }), 1);

  for (const [status, reason] of [[429, 'rateLimitExceeded'], [403, 'userRateLimitExceeded']] as const) {
    g.failNext(limited(status, reason, 3));
    const data = await h.desk.handlers['data:fetch']({ connectionId: c.id });
    const mail = findPanel(data.panels, 'mail')?.result;
    assert.ok(mail && !mail.ok, `${status}: the mail panel failed`);
    assert.equal(mail.error.code, 'rate_limited', `${status} ${reason}`);
    assert.ok(findPanel(data.panels, 'profile')?.result.ok, `${status}: the profile still loads`);
  }
  assert.equal(g.log.count({ path: listPath, label: 'injected' }), 7, 'three tries per persistent limit, no more');
  assert.equal(requestsTo(h.http, g.endpoints.token, 'refresh_token').length, 0, 'a rate limit does not refresh the token');
  const again = await h.desk.handlers['data:fetch']({ connectionId: c.id });
  assert.ok(findPanel(again.panels, 'mail')?.result.ok, 'the next load works');
});

test('S19 disconnect from the emulated Google revokes the refresh token first, ends the grant and wipes the connection', async (t) => {
  const { g, h } = await googleDesk(t);
  const c = await connectGoogle(h);
  const secrets = h.repository().secrets(c.id);
  const result = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.deepEqual(result, { revoked: true, revocationError: null });
  const revokes = requestsTo(h.http, g.endpoints.revocation);
  assert.ok(revokes.length >= 1);
  assert.equal(revokes[0]!.form?.token, secrets.refreshToken, 'the refresh token is revoked first');
  assert.equal(revokes[0]!.status, 200);
  for (const r of revokes) assert.equal(new URL(r.url).search, '', 'the token goes in the body, not the URL');
  for (const r of revokes) assert.equal(r.form?.client_secret, undefined, 'S29 Google\'s revocation takes no client secret, so none is sent there');
  assert.equal(g.refreshTokenStatus(secrets.refreshToken!), 'revoked');
  assert.equal(g.accessTokenStatus(secrets.accessToken), 'revoked');
  assert.deepEqual((await h.view('google')).connections, []);
  assert.equal(h.storeText().includes(c.id), false);
});

test('Google is not offered the Electron-style in-app window: availableAuthModes is system-browser only, even where the host has one', async (t) => {
  const opened: string[] = [];
  const authWindow: AuthorizationWindow = {
    open: (request) => {
      opened.push(request.url);
      return { close() {} };
    },
  };
  const { h } = await googleDesk(t, { authWindow });
  const google = await h.view('google');
  assert.deepEqual(google.availableAuthModes, ['system-browser']);
  assert.equal(google.authMode, 'system-browser');
  assert.ok((await h.view('x')).availableAuthModes.includes('app-window'), 'the host does offer the in-app window to other providers');
  assert.deepEqual((await h.desk.handlers['settings:get']({ providerId: 'google' })).availableAuthModes, ['system-browser']);
  await assert.rejects(h.desk.handlers['providers:set-auth-mode']({ providerId: 'google', authMode: 'app-window' }), (e: unknown) => (e as { code?: string }).code === 'auth_mode_unavailable');
  await connectGoogle(h);
  assert.deepEqual(opened, [], 'the sign-in went to the system browser, never to the in-app window');
});

test('S29 after a full run against the emulated Google (connect, data, refresh, failures, re-authorize, disconnect) no secret it issued is in the views, settings, logs or store file', async (t) => {
  const { g, h } = await googleDesk(t, { emulator: { declinedScopes: [] } });
  const c = await connectGoogle(h);
  const data = [await h.desk.handlers['data:fetch']({ connectionId: c.id })];
  g.expireAccessTokens();
  data.push(await h.desk.handlers['data:fetch']({ connectionId: c.id }));
  assert.ok(findPanel(data[1]!.panels, 'profile')?.result.ok, 'a rejected token is refreshed once and the call retried');
  await h.desk.handlers['connections:refresh']({ connectionId: c.id });
  g.failNext({ status: 503, path: new URL(g.endpoints.token).pathname, body: { error: 'backend_error' } });
  const failed = await h.desk.handlers['connections:refresh']({ connectionId: c.id }).catch((e: unknown) => e);
  assert.equal((failed as { code?: string }).code, 'provider_unavailable');
  const reauthorized = await h.signIn('google', { connectionId: c.id });
  const settingsBefore = await rendererVisibleText(h);
  const bye = await h.desk.handlers['connections:disconnect']({ connectionId: c.id });
  assert.equal(bye.revoked, true);

  const secrets = g.secrets();
  assert.ok(secrets.length >= 6, 'codes, access, refresh and id tokens, and the client secret');
  assert.deepEqual(await leaksAfterRun(h, secrets, settingsBefore, { 'data:fetch results': JSON.stringify(data), 'pending views': JSON.stringify(reauthorized.pending), 'error messages': errorText(failed) }), []);
});
