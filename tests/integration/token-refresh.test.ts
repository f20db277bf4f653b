/**
 * Refresh against the real Sandbox (oidc-provider on loopback, refresh tokens rotating and single use,
 * 1-second access tokens): one refresh for many callers, the new tokens stored before use, a spent
 * refresh token reported as needing re-authorization.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefreshRequest, processTokenResponse } from '../../electron/core/oauth/token-request.ts';
import type { Clock } from '../../electron/core/ports.ts';
import { connectedDesk } from '../helpers/connected-desk.ts';
import { allPanelsOk } from '../../electron/shared/data-panels.ts';

const expire = (ttl = 1) => new Promise((r) => setTimeout(r, ttl * 1000 + 300));

test('S15 50 concurrent data requests on an expired token make exactly one refresh, and all succeed', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 4 });
  const before = repository.secrets(connectionId);
  await expire(4);
  const results = await Promise.all(Array.from({ length: 50 }, () => desk.handlers['data:fetch']({ connectionId })));
  assert.equal(fixture.server.tokenRequestCounts().refresh_token, 1);
  assert.ok(results.every((r) => allPanelsOk(r.panels)), 'every request got its data');
  const after = repository.secrets(connectionId);
  assert.notEqual(after.accessToken, before.accessToken);
  assert.notEqual(after.refreshToken, before.refreshToken, 'the rotated refresh token was stored');
});

test('S18 a token the server rejects (the local clock thought it fresh) is refreshed once and the call retried once', async (t) => {
  // The desk's clock runs 10 minutes late, so it never sees the 1-second tokens expire on its own.
  const lateClock: Clock = { now: () => Date.now() - 600_000 };
  const { fixture, desk, connectionId } = await connectedDesk(t, { clock: lateClock, ttl: 4 });
  await expire(4);
  const results = await Promise.all(Array.from({ length: 20 }, () => desk.handlers['data:fetch']({ connectionId })));
  assert.ok(results.every((r) => allPanelsOk(r.panels)));
  assert.equal(fixture.server.tokenRequestCounts().refresh_token, 1, 'callers refused with the old token share one refresh');
});

test('S16 the new refresh token is stored before the new access token is used; the old one is spent', async (t) => {
  // 3-second tokens: the Sandbox counts whole seconds, so a 1-second token may die at once and
  // add a second (reactive) refresh to what this test watches.
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 3 });
  const old = repository.secrets(connectionId);
  await expire(3);
  const http = fixture.http;
  const seen: string[] = [];
  // Watch the first API call that uses the new access token: by then the store must hold the new set.
  const origFetch = fixture.runtime.fetchData;
  (fixture.runtime as { fetchData: typeof origFetch }).fetchData = async (client, token) => {
    const stored = repository.secrets(connectionId);
    seen.push(stored.accessToken === token && stored.refreshToken !== old.refreshToken ? 'stored-first' : 'not-stored');
    return origFetch(client, token);
  };
  await desk.handlers['data:fetch']({ connectionId });
  assert.deepEqual(seen, ['stored-first']);
  const reuse = await http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: old.refreshToken! }));
  assert.equal(reuse.status, 400, 'the Sandbox refuses the spent refresh token');
});

test('S17 a spent refresh token gives refresh_token_invalid with the Re-authorize hint, and loses nothing else', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t);
  const stored = repository.secrets(connectionId);
  // Someone else (another copy of the app) used the refresh token first: the stored one is now spent.
  const elsewhere = await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: stored.refreshToken! }));
  processTokenResponse(elsewhere, { grant: 'refresh_token', now: Date.now(), requestedScopes: [], providerName: 'Sandbox' });
  await expire();
  await assert.rejects(desk.handlers['data:fetch']({ connectionId }), (e: unknown) => {
    const err = e as { code?: string; hint?: string };
    return err.code === 'refresh_token_invalid' && /Re-authorize/.test(err.hint ?? '');
  });
  assert.deepEqual(repository.secrets(connectionId), stored, 'the stored tokens are kept for the person to see and re-authorize');
  assert.equal((await desk.handlers['providers:list']())[0]?.connections.length, 1);
});

test('S17 a spent refresh token moves the connection to Needs re-authorization with one notification event and no retry loop', async (t) => {
  const notifications: Array<{ connectionId: string; title: string; body: string }> = [];
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { proactive: true, ttl: 4, notifier: { notify: (n) => void notifications.push(n) } });
  const pushed: Array<string | null> = [];
  desk.onProvidersChanged((views) => pushed.push(views[0]?.connections[0]?.reauthorizationReason?.code ?? null));
  const stored = repository.secrets(connectionId);
  const spend = await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: stored.refreshToken! }));
  assert.equal(spend.status, 200, 'another copy of the app used the refresh token first');
  const before = fixture.server.tokenRequestCounts().refresh_token ?? 0;

  // The schedule refreshes ahead of the 4-second expiry (about 2.3 s in), meets invalid_grant, and stops there.
  await expire(4);
  await assert.rejects(desk.handlers['data:fetch']({ connectionId }), (e: unknown) => (e as { code?: string }).code === 'refresh_token_invalid');
  await assert.rejects(desk.handlers['connections:refresh']({ connectionId }), (e: unknown) => (e as { code?: string }).code === 'refresh_token_invalid');
  const all = await desk.handlers['connections:refresh-all']();
  assert.deepEqual(all, { refreshed: 0, failed: [] }, 'refresh-all leaves connections that need re-authorization alone');
  await new Promise((r) => setTimeout(r, 2_500));

  assert.equal((fixture.server.tokenRequestCounts().refresh_token ?? 0) - before, 1, 'the dead refresh token was sent once');
  assert.equal(notifications.length, 1, 'one notification');
  assert.equal(notifications[0]!.connectionId, connectionId);
  assert.match(notifications[0]!.title, /Sandbox needs you to sign in again/);
  assert.ok(!notifications[0]!.body.includes(stored.refreshToken!) && !notifications[0]!.body.includes(stored.accessToken), 'no token in the notification');
  const view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(view.reauthorizationReason?.code, 'refresh_token_invalid');
  assert.equal(view.nextRefreshAt, null, 'nothing scheduled');
  const transitions = pushed.filter((code, i) => code !== null && (i === 0 || pushed[i - 1] === null));
  assert.deepEqual(transitions, ['refresh_token_invalid'], 'the change was pushed, once, and never undone');
});

test('S17 503 with Retry-After from the token endpoint (over real HTTP) keeps the tokens, backs off, and the schedule retries when the wait is over', async (t) => {
  const { desk, connectionId, repository, tokenProxy, tokenPath } = await connectedDesk(t, { ttl: 2, proactive: true, tokenProxy: true });
  const faults = tokenProxy!;
  faults.fail(tokenPath, { status: 503, headers: { 'retry-after': '2' }, body: 'Service Unavailable' });
  const stored = repository.secrets(connectionId);

  const failedAt = Date.now();
  await assert.rejects(desk.handlers['connections:refresh']({ connectionId }), (e: unknown) => {
    const err = e as { code?: string; hint?: string };
    return err.code === 'provider_unavailable' && /kept/.test(err.hint ?? '');
  });
  assert.deepEqual(repository.secrets(connectionId), stored, 'the tokens are kept');
  const view = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.equal(view.lastRefresh?.error?.code, 'provider_unavailable');
  assert.equal(view.reauthorizationReason, null);
  assert.ok(view.nextRefreshAt! >= failedAt + 2_000 && view.nextRefreshAt! <= Date.now() + 2_000, 'the retry waits the Retry-After time');

  // During the backoff an expired token is not refreshed again by data requests.
  await new Promise((r) => setTimeout(r, 1_000));
  const during = faults.count(tokenPath);
  await desk.handlers['data:fetch']({ connectionId }).catch(() => {});
  assert.equal(faults.count(tokenPath), during, 'no token request during the backoff');

  faults.heal(tokenPath);
  const recovered = await new Promise<number>((resolve) =>
    desk.onProvidersChanged((views) => {
      const c = views[0]?.connections[0];
      if (c && c.lastRefresh?.error === null && !c.refreshing) resolve(c.lastRefresh.at);
    }),
  );
  assert.ok(recovered >= failedAt + 2_000, 'retried by the schedule once the wait was over');
  assert.notEqual(repository.secrets(connectionId).refreshToken, stored.refreshToken, 'rotated tokens stored');
  const data = await desk.handlers['data:fetch']({ connectionId });
  assert.ok(allPanelsOk(data.panels));
});
