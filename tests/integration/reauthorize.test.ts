/**
 * Re-authorize against the real Sandbox: the consent screen is forced (prompt=consent), the same
 * connection gets the new tokens, and a connection that needed re-authorization is healthy again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefreshRequest } from '../../electron/core/oauth/token-request.ts';
import { connectedDesk } from '../helpers/connected-desk.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';

test('re-authorizing a connection that needs it forces consent, keeps the connection and clears the reason', async (t) => {
  const notified: string[] = [];
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 1, notifier: { notify: (n) => void notified.push(n.connectionId) } });
  const first = (await desk.handlers['providers:list']())[0]!.connections[0]!;
  assert.deepEqual(first.requestedScopes, [...fixture.runtime.server.scopes], 'what was asked for is remembered');

  // The refresh token is spent elsewhere, so the next refresh finds it dead.
  const spent = repository.secrets(connectionId).refreshToken!;
  await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: spent }));
  await new Promise((r) => setTimeout(r, 1_300));
  await assert.rejects(desk.handlers['data:fetch']({ connectionId }));
  assert.equal((await desk.handlers['providers:list']())[0]!.connections[0]!.reauthorizationReason?.code, 'refresh_token_invalid');
  assert.deepEqual(notified, [connectionId]);

  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox', connectionId });
  assert.equal(new URL(pending.authorizationUrl).searchParams.get('prompt'), 'consent', 'the consent screen is forced');
  const plain = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  assert.equal(new URL(plain.authorizationUrl).searchParams.get('prompt'), null, 'a first connect does not force it');
  const again = await desk.handlers['auth:connect']({ providerId: 'sandbox', connectionId });
  const healed = new Promise<void>((resolve) =>
    desk.onProvidersChanged((views) => {
      const c = views[0]?.connections[0];
      if (views[0]?.pending === null && c?.reauthorizationReason === null) resolve();
    }),
  );
  const callback = new URL(await completeAuthorization(again.authorizationUrl, again.redirectUri));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  await healed;

  const views = (await desk.handlers['providers:list']())[0]!.connections;
  assert.equal(views.length, 1);
  assert.equal(views[0]!.id, connectionId, 'the same connection, re-authorized');
  assert.equal(views[0]!.lastRefresh, null);
  assert.notEqual(repository.secrets(connectionId).refreshToken, spent);
  const refreshed = await desk.handlers['connections:refresh']({ connectionId });
  assert.equal(refreshed.lastRefresh?.error, null, 'refreshing works again');
  assert.ok(refreshed.tokensUpdatedAt >= views[0]!.tokensUpdatedAt);
  assert.deepEqual(notified, [connectionId], 'no further notification');
});

test('S19 disconnecting a connection whose tokens the Sandbox already killed counts as revoked and wipes them', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 1 });
  const spent = repository.secrets(connectionId).refreshToken!;
  await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: spent }));
  // Reusing the spent token makes the server revoke the whole grant (refresh token reuse detection).
  await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: spent }));
  const result = await desk.handlers['connections:disconnect']({ connectionId });
  assert.deepEqual(result, { revoked: true, revocationError: null }, 'already invalid is success (RFC 7009)');
  assert.equal(repository.get(connectionId), null);
  assert.deepEqual((await desk.handlers['providers:list']())[0]!.connections, []);
});

test('S19 after disconnect the Sandbox refuses the old refresh token and the old access token', async (t) => {
  const { fixture, desk, connectionId, repository } = await connectedDesk(t, { ttl: 60 });
  const { accessToken, refreshToken } = repository.secrets(connectionId);
  assert.deepEqual(await desk.handlers['connections:disconnect']({ connectionId }), { revoked: true, revocationError: null });
  const refresh = await fixture.http.request(createRefreshRequest({ tokenEndpoint: fixture.runtime.server.tokenEndpoint, client: fixture.runtime.server.client, refreshToken: refreshToken! }));
  assert.equal(refresh.status, 400);
  assert.match(refresh.body, /invalid_grant/);
  const userinfo = await fixture.http.request({ method: 'GET', url: new URL('/me', fixture.server.issuer).href, headers: { authorization: `Bearer ${accessToken}` } });
  assert.equal(userinfo.status, 401, 'the access token is dead too');
});

test('S19 when revocation fails (503 at the revocation endpoint, over real HTTP) the local tokens are still wiped, and the result says so', async (t) => {
  const { fixture, desk, connectionId, repository, tokenProxy } = await connectedDesk(t, { ttl: 60, tokenProxy: true });
  const revocationPath = new URL(fixture.runtime.revocationEndpoint!).pathname;
  tokenProxy!.fail(revocationPath, { status: 503, body: 'Service Unavailable' });
  const result = await desk.handlers['connections:disconnect']({ connectionId });
  assert.equal(result.revoked, false);
  assert.equal(result.revocationError?.code, 'revocation_failed');
  assert.match(result.revocationError!.message, /provider's side|HTTP 503/);
  assert.match(result.revocationError!.hint, /removed anyway/);
  assert.equal(repository.get(connectionId), null, 'wiped locally');
  assert.equal(tokenProxy!.count(revocationPath), 1, 'one attempt, refresh token first, then it stopped');
});
