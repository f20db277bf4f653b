import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPIRY_SKEW_MS, TokenRefresher, refreshMargin } from '../../../electron/core/tokens/token-refresher.ts';
import { ConnectionRepository } from '../../../electron/core/storage/connection-repository.ts';
import { createFileStore } from '../../../electron/core/storage/file-store.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import type { HttpClient, HttpRequest } from '../../../electron/core/http/http-client.ts';
import type { ProviderRuntime } from '../../../electron/core/providers/provider-profile.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';

const runtime = {
  server: { providerName: 'Google-like', tokenEndpoint: 'https://as.example/token', client: { clientId: 'id', clientSecret: 's', authMethod: 'client_secret_post' }, scopes: ['openid'] },
} as unknown as ProviderRuntime;

function setup(t: Parameters<typeof tempDataDir>[0], respond: (req: HttpRequest) => object, now = 1_000_000) {
  const repository = new ConnectionRepository(createFileStore(tempDataDir(t)), createTestCipher(), silentLogger);
  repository.save(
    { id: 'c1', providerId: 'p', subject: 's', accountLabel: 'a', connectedAt: 1, updatedAt: 1 },
    { accessToken: 'AT-old', tokenType: 'Bearer', expiresAt: now - 1, refreshToken: 'RT-keep', idToken: null, grantedScopes: ['openid', 'email'] },
  );
  const requests: HttpRequest[] = [];
  const http: HttpClient = { request: async (req) => (requests.push(req), { status: 200, headers: {}, body: JSON.stringify(respond(req)) }) };
  const refresher = new TokenRefresher({ http, clock: { now: () => now }, repository, logger: silentLogger });
  return { repository, requests, refresher };
}

test('S14 a refresh response without refresh_token (Google) keeps the stored one and the granted scopes', async (t) => {
  const { repository, requests, refresher } = setup(t, () => ({ access_token: 'AT-new', token_type: 'Bearer', expires_in: 3599 }));
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-new');
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0]!.form, { grant_type: 'refresh_token', refresh_token: 'RT-keep', client_id: 'id', client_secret: 's' });
  assert.deepEqual(repository.secrets('c1'), { accessToken: 'AT-new', refreshToken: 'RT-keep', idToken: null });
  assert.deepEqual(repository.get('c1')?.grantedScopes, ['openid', 'email']);
  assert.equal(repository.get('c1')?.expiresAt, 1_000_000 + 3_599_000);
});

test('a fresh token is used as it is; a token refused after someone else refreshed is not refreshed again', async (t) => {
  const { requests, refresher, repository } = setup(t, () => ({ access_token: 'AT-new', token_type: 'Bearer', expires_in: 3599, refresh_token: 'RT-2' }));
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-new');
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-new', 'now fresh: no second refresh');
  assert.equal(await refresher.refresh('c1', runtime, 'AT-old'), 'AT-new', 'the old token was already replaced');
  assert.equal(requests.length, 1);
  assert.equal(repository.secrets('c1').refreshToken, 'RT-2');
});

test('a connection without a refresh token says to re-authorize instead of calling the server', async (t) => {
  const { requests, refresher, repository } = setup(t, () => ({}));
  repository.save({ id: 'c2', providerId: 'p', subject: 's2', accountLabel: 'b', connectedAt: 1, updatedAt: 1 }, { accessToken: 'AT', tokenType: 'Bearer', expiresAt: 1, refreshToken: null, idToken: null, grantedScopes: [] });
  assert.equal(await refresher.accessToken('c2', runtime), 'AT', 'nothing to refresh with: the API call will tell');
  await assert.rejects(refresher.refresh('c2', runtime), (e: unknown) => (e as { code?: string }).code === 'refresh_token_missing');
  assert.equal(requests.length, 0);
});

test('the refresh margin is 10 s, or a tenth of a short token lifetime', () => {
  assert.equal(refreshMargin(0, 3_600_000), EXPIRY_SKEW_MS);
  assert.equal(refreshMargin(0, 20_000), 2_000);
  assert.equal(refreshMargin(5_000, 4_000), 0, 'nonsense lifetimes give no margin');
});
