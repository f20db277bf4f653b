/**
 * The proactive schedule: tokens are refreshed before they expire, so API calls never meet an expired
 * token. Against the real Sandbox (2-second tokens, real time) and, for long lifetimes, against an
 * emulated token endpoint on a fake clock. Also: resume and network-online re-plan, and a Sandbox
 * restart leads to re-authorization without sending the old refresh token anywhere.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createDesk } from '../../electron/core/app/desk.ts';
import { NetworkError } from '../../electron/core/errors.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../electron/core/http/http-client.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { fetchUserinfoProfile } from '../../electron/core/providers/data/userinfo-profile.ts';
import type { ProviderProfile } from '../../electron/core/providers/provider-profile.ts';
import { panel } from '../../electron/core/providers/settle.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import { connectedDesk } from '../helpers/connected-desk.ts';
import { fakeTime } from '../helpers/fake-timers.ts';
import type { FakeTime } from '../helpers/fake-timers.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';
import { allPanelsOk } from '../../electron/shared/data-panels.ts';

test('the schedule refreshes 5-second Sandbox tokens ahead of expiry: over 12 seconds, data requests never see a 401', async (t) => {
  const got = createGotHttpClient();
  const statuses: number[] = [];
  const recording: HttpClient = { request: async (req) => { const res = await got.request(req); statuses.push(res.status); return res; } };
  const { fixture, desk, connectionId } = await connectedDesk(t, { ttl: 5, proactive: true, http: recording });
  const refreshes: Array<{ at: number; previousExpiry: number }> = [];
  let current = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  desk.onProvidersChanged((views) => {
    const next = views[0]?.connections[0];
    if (next && next.tokensUpdatedAt !== current.tokensUpdatedAt) {
      refreshes.push({ at: next.tokensUpdatedAt, previousExpiry: current.expiresAt! });
      current = next;
    }
  });
  const before = fixture.server.tokenRequestCounts().refresh_token ?? 0;
  const end = Date.now() + 12_000;
  let fetches = 0;
  while (Date.now() < end) {
    const data = await desk.handlers['data:fetch']({ connectionId });
    assert.ok(allPanelsOk(data.panels), 'every data request succeeds');
    fetches++;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.ok(fetches > 10);
  assert.deepEqual(statuses.filter((s) => s === 401), [], 'no 401 seen');
  assert.ok(refreshes.length >= 3, `refreshed ${refreshes.length} times in 12 seconds`);
  assert.equal((fixture.server.tokenRequestCounts().refresh_token ?? 0) - before, refreshes.length, 'one token request per refresh');
  for (const r of refreshes) {
    // 5 s tokens count as 4 s (a second for rounding); the schedule leads by a fifth of that (800 ms)
    // plus up to 200 ms of jitter, where a refresh on use would come at most 400 ms before expiry.
    assert.ok(r.previousExpiry - r.at > 400, `refreshed ${r.previousExpiry - r.at} ms before expiry`);
  }
});

/** An emulated provider with a token endpoint and a userinfo API that answer by the fake clock. */
interface EmulatedOptions {
  readonly lifetimeS: number;
  readonly tokenEndpointDown?: () => boolean;
  /** The API refuses every token (a grant revoked at the provider while its tokens still look valid). */
  readonly apiRefusesAll?: boolean;
  /** Awaited before the token endpoint answers, so a test can act while a refresh is in flight. */
  readonly tokenGate?: () => Promise<void>;
}

function emulatedProvider(time: FakeTime, options: EmulatedOptions) {
  const issued = new Map<string, number>();
  let serial = 0;
  let refreshes = 0;
  const rejected: number[] = [];
  const revoked: string[] = [];
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const http: HttpClient = {
    request: async (req: HttpRequest) => {
      if (req.url === 'https://as.test/revoke') {
        revoked.push(req.form?.token ?? '');
        return json(200, {});
      }
      if (req.url === 'https://as.test/token') {
        if (options.tokenEndpointDown?.()) throw new NetworkError('network_unreachable', 'as.test could not be reached.', { hint: 'Check your connection.' });
        refreshes++;
        await options.tokenGate?.();
        const token = `AT-${++serial}`;
        issued.set(token, time.clock.now() + options.lifetimeS * 1000);
        return json(200, { access_token: token, token_type: 'Bearer', expires_in: options.lifetimeS, refresh_token: `RT-${serial}` });
      }
      const token = (req.headers?.authorization ?? '').replace(/^Bearer /, '');
      const until = issued.get(token);
      if (options.apiRefusesAll || until === undefined || until <= time.clock.now()) {
        rejected.push(time.clock.now());
        return json(401, {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      return json(200, { sub: 'ada', name: 'Ada', email: 'ada@example.test' });
    },
  };
  const profile: ProviderProfile = {
    id: 'emulated',
    displayName: 'Emulated',
    description: 'test',
    authModes: ['system-browser'],
    defaultAuthMode: 'system-browser',
    prepare: async () => ({
      server: {
        providerName: 'Emulated',
        issuer: 'https://as.test',
        issParameterSupported: false,
        authorizationEndpoint: 'https://as.test/authorize',
        tokenEndpoint: 'https://as.test/token',
        client: { clientId: 'desk', clientSecret: null, authMethod: 'none' },
        scopes: ['openid'],
        pkceMethod: 'S256',
        redirectPort: 0,
        redirectPath: '/callback',
      },
      revocationEndpoint: 'https://as.test/revoke',
      fetchIdentity: (client, token) => fetchUserinfoProfile(client, 'https://as.test/userinfo', token, 'Emulated'),
      fetchData: async (client, token) => [await panel('profile', 'profile', 'Profile', () => fetchUserinfoProfile(client, 'https://as.test/userinfo', token, 'Emulated'))],
    }),
    authorizationOrigins: () => ['https://as.test'],
    close: async () => {},
  };
  return { http, profile, issued, refreshes: () => refreshes, rejected, revoked };
}

function emulatedDesk(t: TestContext, time: FakeTime, options: EmulatedOptions & { notified?: string[] }) {
  const emulated = emulatedProvider(time, options);
  const store = createFileStore(tempDataDir(t));
  const cipher = createTestCipher();
  const repository = new ConnectionRepository(store, cipher, silentLogger);
  const now = time.clock.now();
  emulated.issued.set('AT-0', now + options.lifetimeS * 1000);
  repository.save(
    { id: 'c1', providerId: 'emulated', subject: 'ada', accountLabel: 'ada@example.test', connectedAt: now, updatedAt: now, issuer: 'https://as.test', requestedScopes: ['openid'], reauthorizationReason: null, lastRefresh: null, boundClient: null },
    { accessToken: 'AT-0', tokenType: 'Bearer', expiresAt: now + options.lifetimeS * 1000, refreshToken: 'RT-0', idToken: null, grantedScopes: ['openid'] },
  );
  const notifier = { notify: (n: { connectionId: string }) => void options.notified?.push(n.connectionId) };
  const desk = createDesk({ store, cipher, opener: null, authWindow: null, http: emulated.http, clock: time.clock, timers: time.timers, random: () => 0.5, notifier }, [emulated.profile]);
  t.after(() => desk.close());
  return { desk, repository, ...emulated };
}

test('fake clock: ten 1-hour lifetimes (emulated token endpoint), one refresh per lifetime, about 5 min 15 s early, no 401', async (t) => {
  const time = fakeTime();
  const { desk, refreshes, rejected, repository } = emulatedDesk(t, time, { lifetimeS: 3600 });
  for (let hour = 0; hour < 10; hour++) {
    for (let step = 0; step < 6; step++) {
      await time.advance(10 * 60_000);
      const data = await desk.handlers['data:fetch']({ connectionId: 'c1' });
      assert.ok(allPanelsOk(data.panels), `data at ${hour}h${step * 10}m`);
    }
  }
  assert.deepEqual(rejected, [], 'no 401');
  assert.equal(refreshes(), 10);
  const record = repository.get('c1')!;
  assert.equal(record.expiresAt! - record.updatedAt, 3_599_000, 'an hour, less a second for rounding');
  // Lead 5 min (a fifth of an hour, capped) + half of the 30-second jitter span.
  assert.deepEqual(time.pending(), [record.expiresAt! - 300_000 - 15_000], 'one timer, for the next refresh');
});

test('fake clock: after sleeping past expiry, resume refreshes at once instead of waiting for the slept timer', async (t) => {
  const time = fakeTime();
  const { desk, refreshes } = emulatedDesk(t, time, { lifetimeS: 600 });
  time.jump(2 * 3600_000); // the machine slept: the clock moved, no timer fired
  assert.equal(refreshes(), 0);
  desk.systemEvent('resume');
  await time.advance(0);
  assert.equal(refreshes(), 1);
  const data = await desk.handlers['data:fetch']({ connectionId: 'c1' });
  assert.ok(allPanelsOk(data.panels));
});

test('fake clock: a refresh that failed on the network waits its backoff, and the network coming back retries at once', async (t) => {
  const time = fakeTime();
  let down = true;
  const { desk, refreshes } = emulatedDesk(t, time, { lifetimeS: 60, tokenEndpointDown: () => down });
  await time.advance(60_000 - 12_000); // the deadline: 60 s - 12 s lead - jitter
  let view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(view.lastRefresh?.error?.code, 'network_unreachable');
  assert.equal(view.nextRefreshAt, view.lastRefresh!.at + 5_000, 'first backoff: 5 s');
  assert.ok(view.nextRefreshAt! > time.clock.now());
  down = false;
  desk.systemEvent('network-online');
  await time.advance(0);
  assert.equal(refreshes(), 1, 'retried without waiting for the backoff');
  view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(view.lastRefresh?.error, null);
});

test('after an app restart the Sandbox has a new issuer: the connection needs re-authorization and the old refresh token is sent nowhere', async (t) => {
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  const first = createDesk({ store: createFileStore(dir), cipher, opener: { open: async () => {} }, authWindow: null, sandboxTokenTtlSeconds: 1 });
  const connected = new Promise<void>((resolve) => first.onProvidersChanged((v) => v[0]?.connections[0] && v[0].pending === null && resolve()));
  const pending = await first.handlers['auth:connect']({ providerId: 'sandbox' });
  const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  await connected;
  await first.close();

  const requests: string[] = [];
  const got = createGotHttpClient();
  const watching: HttpClient = { request: (req) => (requests.push(`${req.method} ${new URL(req.url).pathname} ${req.form?.grant_type ?? ''}`), got.request(req)) };
  const notified: string[] = [];
  const second = createDesk({ store: createFileStore(dir), cipher, opener: null, authWindow: null, http: watching, notifier: { notify: (n) => void notified.push(n.body) } });
  t.after(() => second.close());
  const reason = await new Promise<string>((resolve) =>
    second.onProvidersChanged((v) => {
      const code = v[0]?.connections[0]?.reauthorizationReason?.code;
      if (code) resolve(code);
    }),
  );
  assert.equal(reason, 'issuer_changed');
  assert.equal(notified.length, 1);
  assert.match(notified[0]!, /no longer the one that issued/);
  assert.deepEqual(requests.filter((r) => r.endsWith('refresh_token')), [], 'no refresh request to the new server');
  const view = (await second.handlers['providers:list']())[0]!.connections[0]!;
  assert.match(view.reauthorizationReason!.hint, /Sandbox server gets a new address at every app start/);
});

test('fake clock: a provider whose server cannot start is retried after growing waits, not in a loop', async (t) => {
  const time = fakeTime();
  const { desk, profile } = emulatedDesk(t, time, { lifetimeS: 60 });
  let prepares = 0;
  const realPrepare = profile.prepare;
  (profile as { prepare: typeof realPrepare }).prepare = () => {
    prepares++;
    return Promise.reject(new NetworkError('sandbox_unavailable', 'The built-in Sandbox server could not start.', { hint: 'Try again.' }));
  };
  await time.advance(60_000 + 75_000);
  // Due at ~46.5 s, then retried after 5, 10, 20 and 40 s: five tries in 135 s.
  assert.equal(prepares, 5);
  const view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(view.lastRefresh?.error?.code, 'sandbox_unavailable');
  assert.ok(view.nextRefreshAt! > time.clock.now());
});

test('fake clock: an API that refuses even a freshly refreshed token costs one refresh, then needs re-authorization (no loop)', async (t) => {
  const time = fakeTime();
  const notified: string[] = [];
  const { desk, refreshes } = emulatedDesk(t, time, { lifetimeS: 3600, apiRefusesAll: true, notified });
  const updates: number[] = [];
  // A window re-fetches whenever the tokens change, as the renderer does.
  desk.onProvidersChanged((views) => {
    const c = views[0]?.connections[0];
    if (c && !updates.includes(c.tokensUpdatedAt)) {
      updates.push(c.tokensUpdatedAt);
      void desk.handlers['data:fetch']({ connectionId: 'c1' }).catch(() => {});
    }
  });
  await assert.rejects(desk.handlers['data:fetch']({ connectionId: 'c1' }), (e: unknown) => (e as { code?: string }).code === 'access_token_refused');
  await time.advance(60_000);
  await assert.rejects(desk.handlers['data:fetch']({ connectionId: 'c1' }), (e: unknown) => (e as { code?: string }).code === 'access_token_refused');
  assert.equal(refreshes(), 1, 'one refresh, then no more');
  assert.deepEqual(notified, ['c1'], 'one notification');
  const view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(view.reauthorizationReason?.code, 'access_token_refused');
  assert.match(view.reauthorizationReason!.hint, /Re-authorize/);
});

test('fake clock: disconnect waits for a refresh in flight and revokes the rotated token, with no notification (S19)', async (t) => {
  const time = fakeTime();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const notified: string[] = [];
  const { desk, revoked, repository } = emulatedDesk(t, time, { lifetimeS: 3600, tokenGate: () => gate, notified });
  const refreshing = desk.handlers['connections:refresh']({ connectionId: 'c1' });
  await time.advance(0);
  const disconnecting = desk.handlers['connections:disconnect']({ connectionId: 'c1' });
  await time.advance(0);
  assert.deepEqual(revoked, [], 'nothing revoked while the rotation is in flight');
  open();
  const result = await disconnecting;
  await refreshing.catch(() => {});
  assert.deepEqual(result, { revoked: true, revocationError: null });
  assert.deepEqual(revoked, ['RT-1', 'AT-1'], 'the rotated refresh token first, then the access token');
  assert.equal(repository.get('c1'), null);
  assert.deepEqual(notified, []);
  await assert.rejects(desk.handlers['connections:refresh']({ connectionId: 'c1' }), (e: unknown) => (e as { code?: string }).code === 'connection_not_found');
});

test('fake clock: quitting during a refresh waits until the rotated refresh token is saved (S16)', async (t) => {
  const time = fakeTime();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const { desk, repository } = emulatedDesk(t, time, { lifetimeS: 3600, tokenGate: () => gate });
  void desk.handlers['connections:refresh']({ connectionId: 'c1' }).catch(() => {});
  await time.advance(0);
  let closed = false;
  const closing = desk.close().then(() => (closed = true));
  await time.advance(0);
  assert.equal(closed, false, 'close waits for the refresh');
  open();
  await closing;
  assert.equal(repository.secrets('c1').refreshToken, 'RT-1', 'the rotated refresh token was saved before close finished');
});
