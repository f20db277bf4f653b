/**
 * Refresh against the real Sandbox (oidc-provider on loopback, refresh tokens rotating and single use,
 * 1-second access tokens): one refresh for many callers, the new tokens stored before use, a spent
 * refresh token reported as needing re-authorization.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createDesk } from '../../electron/core/app/desk.ts';
import { createRefreshRequest, processTokenResponse } from '../../electron/core/oauth/token-request.ts';
import type { Clock } from '../../electron/core/ports.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import type { ProviderProfile } from '../../electron/core/providers/provider-profile.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileStore } from '../../electron/core/storage/file-store.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import type { SandboxFixture } from '../helpers/sandbox-fixture.ts';
import { startSandboxFixture } from '../helpers/sandbox-fixture.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

/** The desk's Sandbox profile over a server the test started, so its token requests can be counted. */
function fixtureProvider(fixture: SandboxFixture): ProviderProfile {
  return {
    id: 'sandbox',
    displayName: 'Sandbox',
    description: 'test',
    authModes: ['system-browser'],
    defaultAuthMode: 'system-browser',
    prepare: async () => fixture.runtime,
    authorizationOrigins: () => [fixture.server.issuer],
    close: async () => {},
  };
}

/** `ttl` seconds must outlast a whole burst of requests, or the new token expires during it too. */
async function connectedDesk(t: TestContext, options: { clock?: Clock; ttl?: number } = {}) {
  const { clock, ttl = 1 } = options;
  const fixture = await startSandboxFixture(t, { accessTokenTtlSeconds: ttl });
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  const store = createFileStore(dir);
  const desk = createDesk({ store, cipher, opener: { open: async () => {} }, authWindow: null, logger: silentLogger, ...(clock ? { clock } : {}) }, [fixtureProvider(fixture)]);
  t.after(() => desk.close());
  const connected = new Promise<string>((resolve) =>
    desk.onProvidersChanged((views) => {
      const c = views[0]?.connections[0];
      if (c && views[0]?.pending === null) resolve(c.id);
    }),
  );
  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  const connectionId = await connected;
  const repository = new ConnectionRepository(createFileStore(dir), cipher, silentLogger);
  return { fixture, desk, connectionId, repository };
}

const expire = (ttl = 1) => new Promise((r) => setTimeout(r, ttl * 1000 + 300));

test('S15 50 concurrent data requests on an expired token make exactly one refresh, and all succeed', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 4 });
  const before = repository.secrets(connectionId);
  await expire(4);
  const results = await Promise.all(Array.from({ length: 50 }, () => desk.handlers['data:fetch']({ connectionId })));
  assert.equal(fixture.server.tokenRequestCounts().refresh_token, 1);
  assert.ok(results.every((r) => r.profile?.ok && r.mail?.ok), 'every request got its data');
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
  assert.ok(results.every((r) => r.profile?.ok && r.mail?.ok));
  assert.equal(fixture.server.tokenRequestCounts().refresh_token, 1, 'callers refused with the old token share one refresh');
});

test('S16 the new refresh token is stored before the new access token is used; the old one is spent', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t);
  const old = repository.secrets(connectionId);
  await expire();
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
