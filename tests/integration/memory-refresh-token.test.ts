/**
 * S20 against the real Sandbox (oidc-provider on loopback, rotating refresh tokens): with weak secret
 * storage (here a stand-in for Linux's basic_text: a fixed key) and no opt-in, the refresh token
 * never reaches the store file in any form; refreshing still works, one at a time, each rotated
 * token replacing the last in memory (S15, S16); after a restart the connection has no refresh token
 * and, once a refresh is needed, says why. Opting in moves the token to disk at once.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDesk } from '../../electron/core/app/desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import { createGotHttpClient } from '../../electron/core/http/got-http-client.ts';
import { dispatch } from '../../electron/core/ipc/dispatch.ts';
import type { Clock, SecretCipher } from '../../electron/core/ports.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { createAesGcmCipher } from '../../electron/core/storage/file-key-cipher.ts';
import { createFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import type { StorageView } from '../../electron/shared/settings-types.ts';
import type { ConnectionView, ProviderView } from '../../electron/shared/view-types.ts';
import { fixtureProvider } from '../helpers/connected-desk.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import type { SandboxFixture } from '../helpers/sandbox-fixture.ts';
import { startSandboxFixture } from '../helpers/sandbox-fixture.ts';
import { completeAuthorization } from '../helpers/scripted-browser.ts';
import type { SecretCollector } from '../helpers/secret-collector.ts';
import { createSecretCollector } from '../helpers/secret-collector.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

/** basic_text encrypts with a key built into the app: the same after a restart, known to anyone. */
const basicText = (key: Buffer): SecretCipher => createAesGcmCipher(key, 'basic_text', 'weak');

interface Setup {
  readonly fixture: SandboxFixture;
  readonly dir: string;
  readonly key: Buffer;
  readonly collector: SecretCollector;
}

async function setup(t: TestContext): Promise<Setup> {
  const fixture = await startSandboxFixture(t, { accessTokenTtlSeconds: 300 });
  return { fixture, dir: tempDataDir(t), key: randomBytes(32), collector: createSecretCollector(createGotHttpClient()) };
}

function openDeskOver(t: TestContext, s: Setup, options: { clock?: Clock; notices?: string[]; proactive?: boolean } = {}): Desk {
  const desk = createDesk(
    {
      store: createFileStore(s.dir),
      cipher: basicText(s.key),
      http: s.collector.http,
      opener: { open: async () => {} },
      authWindow: null,
      logger: silentLogger,
      proactiveRefresh: options.proactive ?? false,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.notices ? { notifier: { notify: (n: { body: string }) => void options.notices?.push(n.body) } } : {}),
    },
    [fixtureProvider(s.fixture)],
  );
  t.after(() => desk.close());
  return desk;
}

async function connect(desk: Desk): Promise<string> {
  const connected = new Promise<string>((resolve) =>
    desk.onProvidersChanged((views) => {
      const c = views[0]?.connections[0];
      if (c && views[0]?.pending === null) resolve(c.id);
    }),
  );
  const pending = await desk.handlers['auth:connect']({ providerId: 'sandbox' });
  const callback = new URL(await completeAuthorization(pending.authorizationUrl, pending.redirectUri));
  await rawRequest(Number(callback.port), { path: callback.pathname + callback.search });
  return connected;
}

async function connectionOf(desk: Desk): Promise<ConnectionView> {
  const [sandbox] = await desk.handlers['providers:list']();
  const connection = sandbox?.connections[0];
  assert.ok(connection, 'the connection is listed');
  return connection;
}

/** Every string in the store file that the cipher decrypts, decrypted: what the file holds in any encrypted form. */
function decryptedFromFile(dir: string, cipher: SecretCipher): string[] {
  const walk = (value: unknown): string[] => {
    if (typeof value === 'string') {
      try {
        return [cipher.decrypt(value)];
      } catch {
        return [];
      }
    }
    return typeof value === 'object' && value !== null ? Object.values(value).flatMap(walk) : [];
  };
  return walk(JSON.parse(readFileSync(storeFilePath(dir), 'utf8')));
}

const refreshTokens = (s: Setup) => s.collector.secrets().filter((x) => x.kind === 'refresh token').map((x) => x.value);

/** S20: no refresh token the server ever issued is in the store file, in clear, encoded, or encrypted. */
function assertNoRefreshTokenOnDisk(s: Setup, when: string): void {
  const tokens = refreshTokens(s);
  assert.ok(tokens.length > 0, 'the server issued refresh tokens');
  const file = readFileSync(storeFilePath(s.dir));
  const plain = s.collector.leaks({ 'store file': file }).filter((leak) => leak.includes('refresh token'));
  assert.deepEqual(plain, [], `${when}: a refresh token in the file`);
  const decrypted = decryptedFromFile(s.dir, basicText(s.key));
  assert.ok(decrypted.length >= 1, 'the access token is there, encrypted');
  assert.deepEqual(decrypted.filter((value) => tokens.includes(value)), [], `${when}: a refresh token in the file, encrypted`);
}

test('S20 S15 S16 weak storage: the refresh token never reaches the store file; refreshing rotates it in memory, one refresh at a time', async (t) => {
  const s = await setup(t);
  const desk = openDeskOver(t, s);
  const connectionId = await connect(desk);
  assertNoRefreshTokenOnDisk(s, 'after connecting');
  const connected = await connectionOf(desk);
  assert.equal(connected.hasRefreshToken, true, 'held, in memory');
  assert.equal(connected.refreshTokenInMemoryOnly, true, 'the card is told it lives in memory only');
  const storage = (await desk.handlers['settings:get-storage']()) as StorageView;
  assert.deepEqual([storage.protection, storage.refreshTokensOnDisk, storage.refreshTokensInMemory], ['weak', false, 1]);

  // S15: five refreshes at once share one request; S16: the rotated token is the one used next.
  const views = await Promise.all(Array.from({ length: 5 }, () => desk.handlers['connections:refresh']({ connectionId })));
  assert.equal(s.fixture.server.tokenRequestCounts().refresh_token, 1);
  assert.ok(views.every((v) => v.lastRefresh?.error === null));
  await desk.handlers['connections:refresh']({ connectionId });
  await desk.handlers['connections:refresh']({ connectionId });
  assert.equal(s.fixture.server.tokenRequestCounts().refresh_token, 3, 'each refresh sent the latest rotated token (an old one would get invalid_grant)');
  const latest = await connectionOf(desk);
  assert.equal(latest.reauthorizationReason, null);
  assert.equal(latest.lastRefresh?.error, null);
  assert.ok(refreshTokens(s).length >= 4, 'the server rotated the refresh token at every refresh');
  assertNoRefreshTokenOnDisk(s, 'after three rotations');
  const data = await desk.handlers['data:fetch']({ connectionId });
  assert.ok(data.panels.length > 0, 'the refreshed access token works');
});

test('S20 after a restart the connection has no refresh token; once a refresh is needed it needs re-authorization and says why, without asking the server', async (t) => {
  const s = await setup(t);
  const first = openDeskOver(t, s);
  const connectionId = await connect(first);
  await first.close();

  // Ten minutes on: the access token (300 s) has expired.
  const notices: string[] = [];
  const later: Clock = { now: () => Date.now() + 10 * 60_000 };
  const second = openDeskOver(t, s, { clock: later, notices });
  const before = await connectionOf(second);
  assert.equal(before.hasRefreshToken, false);
  assert.equal(before.reauthorizationReason, null, 'nothing is decided before a refresh is needed');
  const refreshesBefore = s.fixture.server.tokenRequestCounts().refresh_token ?? 0;

  const wire = await dispatch(second.handlers, 'data:fetch', { connectionId });
  assert.equal(wire.ok, false);
  const error = wire.ok ? null : wire.error;
  assert.equal(error?.code, 'refresh_token_not_saved');
  assert.match(error?.message ?? '', /not saved, because no secure keyring protects secrets here/);
  assert.match(error?.hint ?? '', /Re-authorize/);
  assert.match(error?.hint ?? '', /Keep refresh tokens on disk/);

  const after = await connectionOf(second);
  assert.equal(after.reauthorizationReason?.code, 'refresh_token_not_saved', 'the card shows Needs re-authorization with the reason');
  assert.equal(notices.length, 1, 'one notification');
  assert.match(notices[0] ?? '', /no secure keyring/);
  assert.equal(s.fixture.server.tokenRequestCounts().refresh_token ?? 0, refreshesBefore, 'no request without a token to send');
  const refresh = await dispatch(second.handlers, 'connections:refresh', { connectionId });
  assert.equal(refresh.ok ? 'ok' : refresh.error.code, 'refresh_token_not_saved', 'Refresh says the same, without a retry loop');
});

test('S20 after a restart the refresh schedule marks a connection whose refresh token was lost as soon as its access token expires', async (t) => {
  const s = await setup(t);
  const first = openDeskOver(t, s);
  await connect(first);
  await first.close();

  const notices: string[] = [];
  const second = openDeskOver(t, s, { clock: { now: () => Date.now() + 10 * 60_000 }, notices, proactive: true });
  const marked = new Promise<ProviderView>((resolve) =>
    second.onProvidersChanged((views) => {
      if (views[0]?.connections[0]?.reauthorizationReason) resolve(views[0]);
    }),
  );
  const view = await marked;
  assert.equal(view.connections[0]?.reauthorizationReason?.code, 'refresh_token_not_saved');
  assert.equal(view.connections[0]?.nextRefreshAt, null, 'nothing more is planned');
  assert.equal(notices.length, 1);
});

test('S20 opting in moves the refresh token to disk at once, so it survives a restart; opting out takes it off the disk again', async (t) => {
  const s = await setup(t);
  const desk = openDeskOver(t, s);
  const connectionId = await connect(desk);
  const chosen = await dispatch(desk.handlers, 'settings:set-keep-refresh-tokens', { keep: true });
  assert.ok(chosen.ok && (chosen.value as StorageView).refreshTokensOnDisk);
  const onDisk = decryptedFromFile(s.dir, basicText(s.key));
  assert.ok(onDisk.includes(refreshTokens(s).at(-1) ?? '-'), 'the current refresh token is in the file, encrypted');
  await desk.close();

  const restarted = openDeskOver(t, s);
  assert.equal((await connectionOf(restarted)).hasRefreshToken, true);
  assert.equal((await connectionOf(restarted)).refreshTokenInMemoryOnly, false, 'opted in: kept on disk');
  await restarted.handlers['connections:refresh']({ connectionId });
  assert.ok(decryptedFromFile(s.dir, basicText(s.key)).includes(refreshTokens(s).at(-1) ?? '-'), 'a rotation while opted in is written');

  await restarted.handlers['settings:set-keep-refresh-tokens']({ keep: false });
  assertNoRefreshTokenOnDisk(s, 'after opting out');
  await restarted.handlers['connections:refresh']({ connectionId });
  assert.equal((await connectionOf(restarted)).lastRefresh?.error, null, 'the token moved into memory still works');
});
