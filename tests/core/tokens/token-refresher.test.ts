import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPIRY_SKEW_MS, TokenRefresher, jitterSpan, proactiveLead, refreshMargin } from '../../../electron/core/tokens/token-refresher.ts';
import { ConnectionRepository } from '../../../electron/core/storage/connection-repository.ts';
import type { ConnectionRecord } from '../../../electron/core/storage/connection-repository.ts';
import { createFileStore } from '../../../electron/core/storage/file-store.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import { NetworkError, StorageError } from '../../../electron/core/errors.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../electron/core/http/http-client.ts';
import type { ProviderRuntime } from '../../../electron/core/providers/provider-profile.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';

const ISSUER = 'https://as.example';
const runtime = {
  server: { providerName: 'Google-like', issuer: ISSUER, tokenEndpoint: 'https://as.example/token', client: { clientId: 'id', clientSecret: 's', authMethod: 'client_secret_post' }, scopes: ['openid'] },
} as unknown as ProviderRuntime;

const baseRecord = {
  providerId: 'p',
  subject: 's',
  accountLabel: 'a',
  connectedAt: 1,
  updatedAt: 1,
  issuer: ISSUER,
  requestedScopes: ['openid', 'email'],
  reauthorizationReason: null,
  lastRefresh: null,
  boundClient: null,
};

const ok = (body: object): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify(body) });
type Reply = HttpResponse | Error;

function setup(t: Parameters<typeof tempDataDir>[0], respond: (req: HttpRequest, n: number) => Reply, options: { now?: number; expiresAt?: number } = {}) {
  let now = options.now ?? 1_000_000;
  const repository = new ConnectionRepository(createFileStore(tempDataDir(t)), createTestCipher(), silentLogger);
  repository.save(
    { id: 'c1', ...baseRecord },
    { accessToken: 'AT-old', tokenType: 'Bearer', expiresAt: options.expiresAt ?? now - 1, refreshToken: 'RT-keep', idToken: null, grantedScopes: ['openid', 'email'] },
  );
  const requests: HttpRequest[] = [];
  const http: HttpClient = {
    request: async (req) => {
      requests.push(req);
      const reply = respond(req, requests.length);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  };
  const changes: string[] = [];
  const notified: ConnectionRecord[] = [];
  const refresher = new TokenRefresher({
    http,
    clock: { now: () => now },
    repository,
    logger: silentLogger,
    random: () => 0.5,
    onChange: (id) => changes.push(id),
    onNeedsReauthorization: (record) => notified.push(record),
  });
  return { repository, requests, refresher, changes, notified, advance: (ms: number) => (now += ms), now: () => now };
}

const rotated = (n: number) => ok({ access_token: `AT-${n}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `RT-${n}` });
const codeOf = (e: unknown) => (e as { code?: string }).code;

test('S14 a refresh response without refresh_token (Google) keeps the stored one and the granted scopes', async (t) => {
  const { repository, requests, refresher } = setup(t, () => ok({ access_token: 'AT-new', token_type: 'Bearer', expires_in: 3599 }));
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-new');
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0]!.form, { grant_type: 'refresh_token', refresh_token: 'RT-keep', client_id: 'id', client_secret: 's' });
  assert.deepEqual(repository.secrets('c1'), { accessToken: 'AT-new', refreshToken: 'RT-keep', idToken: null });
  assert.deepEqual(repository.get('c1')?.grantedScopes, ['openid', 'email']);
  assert.equal(repository.get('c1')?.expiresAt, 1_000_000 + 3_599_000 - 1_000);
  assert.deepEqual(repository.get('c1')?.lastRefresh, { at: 1_000_000, error: null }, 'the outcome is recorded with the tokens');
});

test('a fresh token is used as it is; a token refused after someone else refreshed is not refreshed again', async (t) => {
  const { requests, refresher, repository, changes } = setup(t, (_r, n) => rotated(n));
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-1');
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-1', 'now fresh: no second refresh');
  assert.equal(await refresher.refresh('c1', runtime, { rejectedToken: 'AT-old' }), 'AT-1', 'the old token was already replaced');
  assert.equal(requests.length, 1);
  assert.equal(repository.secrets('c1').refreshToken, 'RT-1');
  assert.deepEqual(changes, ['c1', 'c1'], 'one change when the refresh started, one when it ended');
});

test('a connection without a refresh token is used as it is; forcing a refresh marks it as needing re-authorization', async (t) => {
  const { requests, refresher, repository, notified } = setup(t, () => ok({}));
  repository.save({ id: 'c2', ...baseRecord, subject: 's2' }, { accessToken: 'AT', tokenType: 'Bearer', expiresAt: 1, refreshToken: null, idToken: null, grantedScopes: [] });
  assert.equal(await refresher.accessToken('c2', runtime), 'AT', 'nothing to refresh with: the API call will tell');
  await assert.rejects(refresher.refresh('c2', runtime), (e: unknown) => codeOf(e) === 'refresh_token_missing');
  assert.equal(requests.length, 0);
  assert.equal(repository.get('c2')?.reauthorizationReason?.code, 'refresh_token_missing');
  assert.equal(notified.length, 1);
});

test('S17 invalid_grant marks the connection as needing re-authorization once: one notification, no retry loop, tokens kept', async (t) => {
  const { requests, refresher, repository, notified } = setup(t, () => ({
    status: 400,
    headers: {},
    body: JSON.stringify({ error: 'invalid_grant', error_description: 'grant request is invalid' }),
  }));
  await assert.rejects(refresher.accessToken('c1', runtime), (e: unknown) => codeOf(e) === 'refresh_token_invalid');
  const record = repository.get('c1')!;
  assert.equal(record.reauthorizationReason?.code, 'refresh_token_invalid');
  assert.match(record.reauthorizationReason!.hint, /Re-authorize/);
  assert.equal(record.lastRefresh?.error?.code, 'refresh_token_invalid');
  assert.equal(refresher.deadline(record), null, 'nothing is scheduled for it');
  for (let i = 0; i < 10; i++) {
    await assert.rejects(refresher.accessToken('c1', runtime), (e: unknown) => codeOf(e) === 'refresh_token_invalid');
    await assert.rejects(refresher.refresh('c1', runtime, { manual: true }), (e: unknown) => codeOf(e) === 'refresh_token_invalid');
  }
  assert.equal(requests.length, 1, 'the dead refresh token was sent once');
  assert.equal(notified.length, 1, 'one notification');
  assert.equal(repository.secrets('c1').refreshToken, 'RT-keep', 'nothing is deleted: Re-authorize replaces it');
});

test('X\'s invalid_request "Value passed for the token was invalid." also needs re-authorization (emulated X shape)', async (t) => {
  const { refresher, repository, notified } = setup(t, () => ({
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }),
  }));
  await assert.rejects(refresher.accessToken('c1', runtime));
  assert.equal(repository.get('c1')?.reauthorizationReason?.code, 'refresh_token_invalid');
  assert.equal(notified.length, 1);
});

test('S17 a 503 keeps the tokens and backs off for the Retry-After time; automatic refreshes wait, a manual one does not', async (t) => {
  let healthy = false;
  const { requests, refresher, repository, advance, now } = setup(t, (_r, n) =>
    healthy ? rotated(n) : { status: 503, headers: { 'retry-after': '30' }, body: 'Service Unavailable' },
  );
  await assert.rejects(refresher.accessToken('c1', runtime), (e: unknown) => codeOf(e) === 'provider_unavailable');
  const record = repository.get('c1')!;
  assert.deepEqual(repository.secrets('c1'), { accessToken: 'AT-old', refreshToken: 'RT-keep', idToken: null }, 'tokens kept');
  assert.equal(record.reauthorizationReason, null, 'not a re-authorization case');
  assert.equal(record.lastRefresh?.error?.code, 'provider_unavailable');
  assert.equal(refresher.deadline(record), now() + 30_000, 'the next try is when the provider said');

  advance(10_000);
  await assert.rejects(refresher.accessToken('c1', runtime), (e: unknown) => codeOf(e) === 'provider_unavailable');
  assert.equal(requests.length, 1, 'no request during the backoff');

  healthy = true;
  assert.equal(await refresher.refresh('c1', runtime, { manual: true }), 'AT-2', 'a person asking goes through');
  assert.equal(repository.get('c1')?.lastRefresh?.error, null);
  assert.equal(refresher.deadline(repository.get('c1')!)! > now() + 3_000_000, true, 'back on the normal schedule');
});

test('S17 network failures back off exponentially without Retry-After, and the network coming back retries at once', async (t) => {
  const { refresher, repository, advance, now } = setup(t, () => new NetworkError('network_unreachable', 'as.example could not be reached.', { hint: 'Check your connection.' }));
  const waits: number[] = [];
  for (let i = 0; i < 4; i++) {
    await assert.rejects(refresher.refresh('c1', runtime, { manual: true }), (e: unknown) => codeOf(e) === 'network_unreachable');
    waits.push(refresher.deadline(repository.get('c1')!)! - now());
  }
  // random() = 0.5 gives the middle of the ±20 % jitter: exactly 5, 10, 20, 40 seconds.
  assert.deepEqual(waits, [5_000, 10_000, 20_000, 40_000]);
  assert.deepEqual(repository.secrets('c1').refreshToken, 'RT-keep');
  assert.equal(refresher.networkOnline(), true);
  assert.equal(refresher.deadline(repository.get('c1')!)! <= now(), true, 'due now');
  assert.equal(refresher.networkOnline(), false, 'nothing left to retry');
  advance(1);
});

test('a token about to expire but still valid is used when its refresh fails on the provider side', async (t) => {
  const { refresher } = setup(t, () => ({ status: 502, headers: {}, body: '' }), { now: 1_000_000, expiresAt: 1_000_000 + 2_000 });
  assert.equal(await refresher.accessToken('c1', runtime), 'AT-old');
});

test('neither token is handed out for another issuer than the one that granted it, even while the access token is fresh', async (t) => {
  const { refresher, repository, requests, notified, changes } = setup(t, (_r, n) => rotated(n), { expiresAt: 1_000_000 + 3_600_000 });
  const moved = { ...runtime, server: { ...runtime.server, issuer: 'https://elsewhere.example' }, issuerChangedHint: 'The server moved.' } as ProviderRuntime;
  await assert.rejects(refresher.accessToken('c1', moved), (e: unknown) => codeOf(e) === 'issuer_changed');
  assert.equal(requests.length, 0);
  assert.equal(repository.get('c1')?.reauthorizationReason?.hint, 'The server moved.');
  assert.equal(notified.length, 1);
  assert.deepEqual(changes, ['c1'], 'the new state is pushed');
  await assert.rejects(refresher.refresh('c1', moved, { manual: true }), (e: unknown) => codeOf(e) === 'issuer_changed');
  await assert.rejects(refresher.accessToken('c1', runtime), (e: unknown) => codeOf(e) === 'issuer_changed', 'stays until re-authorized');
  assert.equal(requests.length, 0);
  assert.equal(notified.length, 1);
});

test('50 concurrent callers share one refresh (S15) and all get the new token', async (t) => {
  const { refresher, requests } = setup(t, (_r, n) => rotated(n));
  const tokens = await Promise.all(Array.from({ length: 50 }, () => refresher.accessToken('c1', runtime)));
  assert.equal(requests.length, 1);
  assert.ok(tokens.every((token) => token === 'AT-1'));
});

test('the proactive deadline is a fifth of the lifetime ahead (at most 5 min), minus a stable jitter', async (t) => {
  const { refresher, repository } = setup(t, () => ok({}));
  const record = repository.get('c1')!;
  const at = (lifetime: number) => refresher.deadline({ ...record, updatedAt: 0, expiresAt: lifetime } as ConnectionRecord);
  assert.equal(at(5_000), 5_000 - 1_000 - 0.5 * 250, 'a 5-second token: 1 s lead, up to 250 ms jitter');
  assert.equal(at(3_600_000), 3_600_000 - 300_000 - 15_000, 'an hour: 5 min lead, up to 30 s jitter');
  assert.equal(proactiveLead(120_000), 24_000);
  assert.equal(jitterSpan(120_000), 6_000);
  assert.equal(at(0), 1_000, 'a zero lifetime still waits a second after the last refresh');
  assert.equal(refresher.deadline({ ...record, hasRefreshToken: false }), null);
  assert.equal(refresher.deadline({ ...record, expiresAt: null }), null);
});

test('the reactive refresh margin is 10 s, or a tenth of a short token lifetime', () => {
  assert.equal(refreshMargin(0, 3_600_000), EXPIRY_SKEW_MS);
  assert.equal(refreshMargin(0, 20_000), 2_000);
  assert.equal(refreshMargin(5_000, 4_000), 0, 'nonsense lifetimes give no margin');
});

test('secrets that cannot be decrypted (the other mode\'s key) back off instead of spinning, and are not written into the shared file', async (t) => {
  const { refresher, repository, requests, now } = setup(t, (_r, n) => rotated(n));
  const broken = new TokenRefresher({
    http: { request: async () => { throw new Error('not reached'); } },
    clock: { now },
    repository: new Proxy(repository, {
      get(target, prop) {
        if (prop === 'secrets') {
          return () => { throw new StorageError('secret_from_other_mode', 'Saved by the other mode.', { hint: 'Use that mode or connect again.' }); };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }),
    logger: silentLogger,
    random: () => 0.5,
  });
  await assert.rejects(broken.refresh('c1', runtime), (e: unknown) => codeOf(e) === 'secret_from_other_mode');
  assert.equal(broken.deadline(repository.get('c1')!), now() + 5_000, 'retried after a backoff, not at once');
  assert.equal(repository.get('c1')?.lastRefresh, null, 'nothing written for the other mode to read');
  assert.equal(requests.length, 0);
  assert.ok(refresher.deadline(repository.get('c1')!)! < now(), 'a healthy refresher still sees it due');
});

test('a refresh of the old grant that finishes after a re-authorize is dropped: the new grant wins, and its failure marks nothing', async (t) => {
  let release: () => void = () => {};
  let answer: () => HttpResponse = () => rotated(1);
  const { refresher, repository, notified } = setup(t, () => ok({}));
  const gated = new TokenRefresher({
    http: { request: () => new Promise<HttpResponse>((resolve) => (release = () => resolve(answer()))) },
    clock: { now: () => 1_000_000 },
    repository,
    logger: silentLogger,
    onNeedsReauthorization: (r) => void notified.push(r),
  });
  const reauthorize = (n: number) =>
    repository.save({ id: 'c1', ...baseRecord, updatedAt: 2_000 + n }, { accessToken: `AT-new-grant-${n}`, tokenType: 'Bearer', expiresAt: 9_999_999, refreshToken: `RT-new-grant-${n}`, idToken: null, grantedScopes: ['openid', 'email', 'mail.read'] });

  const inFlight = gated.refresh('c1', runtime);
  reauthorize(1);
  release();
  assert.equal(await inFlight, 'AT-new-grant-1', 'the caller gets the token of the grant that is stored');
  assert.deepEqual(repository.secrets('c1'), { accessToken: 'AT-new-grant-1', refreshToken: 'RT-new-grant-1', idToken: null });
  assert.deepEqual(repository.get('c1')?.grantedScopes, ['openid', 'email', 'mail.read']);

  answer = () => ({ status: 400, headers: {}, body: JSON.stringify({ error: 'invalid_grant' }) });
  const failing = gated.refresh('c1', runtime, { manual: true });
  reauthorize(2);
  release();
  await assert.rejects(failing);
  assert.equal(repository.get('c1')?.reauthorizationReason, null, 'the old grant failing says nothing about the new one');
  assert.equal(notified.length, 0);
  assert.equal(refresher.isRefreshing('c1'), false);
});

test("a refresh goes through the connection's own client when one is given (the flow inspector records it in that connection's timeline)", async (t) => {
  const { repository, requests } = setup(t, (_r, n) => rotated(n));
  const asked: Array<[string, string]> = [];
  const perConnection: HttpRequest[] = [];
  const refresher = new TokenRefresher({
    http: { request: async () => { throw new Error('the shared client is not used'); } },
    httpFor: (connectionId, providerName) => {
      asked.push([connectionId, providerName]);
      return { request: async (req) => (perConnection.push(req), rotated(7)) };
    },
    clock: { now: () => 1_000_000 },
    repository,
    logger: silentLogger,
  });
  assert.equal(await refresher.refresh('c1', runtime), 'AT-7');
  assert.deepEqual(asked, [['c1', 'Google-like']]);
  assert.equal(perConnection.length, 1);
  assert.equal(perConnection[0]?.form?.refresh_token, 'RT-keep');
  assert.equal(requests.length, 0);
});
