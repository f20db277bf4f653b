/**
 * S21, S22: broken store files written into a temporary data folder, then opened the way the hosts
 * open them (the real conf store, `openDesk` with the real catalog). The app always starts; it is
 * signed out or keeps the good records; a broken file is moved aside (or copied, when only a section
 * was wrong); nothing of the good data is lost; and the window learns about it through the real
 * IPC dispatcher (`settings:list-problems`).
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { openDesk } from '../../electron/core/app/open-desk.ts';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import { dispatch } from '../../electron/core/ipc/dispatch.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { createFileKeyCipher } from '../../electron/core/storage/file-key-cipher.ts';
import { createFileStore, openFileStore, storeFilePath } from '../../electron/core/storage/file-store.ts';
import type { ConfigProblemView } from '../../electron/shared/settings-types.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

/** Opens the data folder as `npm run web` does (conf store, key-file cipher, openDesk). */
async function start(t: TestContext, dataDir: string): Promise<{ desk: Desk; movedAsideTo: string | null }> {
  const opened = openFileStore(dataDir);
  const desk = await openDesk({
    store: opened.store,
    storeStatus: opened.status,
    cipher: createFileKeyCipher(dataDir),
    env: {},
    dataDir,
    opener: null,
    authWindow: null,
    logger: silentLogger,
    proactiveRefresh: false,
  });
  t.after(() => desk.close());
  return { desk, movedAsideTo: opened.movedAsideTo };
}

/** Through the real dispatcher and payload validators, as the window calls it. */
async function call<T>(desk: Desk, channel: Parameters<typeof dispatch>[1], payload?: unknown): Promise<T> {
  const wire = await dispatch(desk.handlers, channel, payload);
  assert.ok(wire.ok, `${String(channel)} failed: ${JSON.stringify(wire)}`);
  return wire.value as T;
}

const problemsOf = (desk: Desk) => call<ConfigProblemView[]>(desk, 'settings:list-problems');
const connectionsOf = async (desk: Desk) => (await call<ProviderView[]>(desk, 'providers:list')).flatMap((p) => p.connections);

const goodRecord = {
  id: 'good-1',
  providerId: 'sandbox',
  subject: 'ada',
  accountLabel: 'ada@sandbox.test',
  connectedAt: 1,
  updatedAt: 1,
  issuer: null,
  requestedScopes: ['openid'],
  reauthorizationReason: null,
  lastRefresh: null,
  boundClient: null,
};
const goodTokens = { accessToken: 'AT-good-secret', tokenType: 'Bearer' as const, expiresAt: 4_000_000_000_000, refreshToken: 'RT-good-secret', idToken: null, grantedScopes: ['openid'] };

for (const [name, content, reason] of [
  ['garbage bytes', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7b, 0xff]), 'not-json'],
  ['truncated JSON', Buffer.from('{"connections": {"good-1": {"id": "good-1", "accountLabel": "ada@sandbox'), 'not-json'],
  ['a JSON array', Buffer.from('[{"id":"good-1"}]'), 'not-an-object'],
  ['an empty file', Buffer.alloc(0), 'empty'],
] as const) {
  test(`S21 ${name}: the app starts signed out, the file is moved aside unchanged, and the window is told where it is`, async (t) => {
    const dataDir = tempDataDir(t);
    writeFileSync(storeFilePath(dataDir), content);
    const { desk, movedAsideTo } = await start(t, dataDir);

    assert.deepEqual(await connectionsOf(desk), [], 'signed out');
    assert.ok(movedAsideTo !== null && existsSync(movedAsideTo));
    assert.deepEqual(readFileSync(movedAsideTo), content, 'the old file is kept byte for byte');
    const problems = await problemsOf(desk);
    const moved = problems.find((p) => p.code === 'store_moved_aside');
    assert.ok(moved, `reported: ${JSON.stringify(problems)}`);
    assert.equal(moved.area, 'saved-data');
    assert.equal(moved.file, movedAsideTo);
    assert.match(moved.message, /started signed out/);
    assert.ok(moved.hint.includes(movedAsideTo), 'says where the old file is');
    assert.match(moved.hint, /Connect your accounts again/);
    assert.ok(reason === 'empty' ? /was empty/.test(moved.message) : reason === 'not-json' ? /not valid JSON/.test(moved.message) : /did not hold/.test(moved.message));

    // The app works: Storage & security answers, and the next start is clean (no crash loop).
    const storage = await call<{ protection: string }>(desk, 'settings:get-storage');
    assert.equal(storage.protection, 'weak', 'web mode\'s key file');
    await desk.close();
    const again = await start(t, dataDir);
    assert.equal(again.movedAsideTo, null);
    assert.deepEqual((await problemsOf(again.desk)).filter((p) => p.area === 'saved-data'), []);
  });
}

test('S21 {"connections": 5} next to good client settings: the connections section is cleared after a copy is kept, the client settings stay in use', async (t) => {
  const dataDir = tempDataDir(t);
  const content = JSON.stringify({ connections: 5, clientCredentials: { discord: { clientId: '123456789012345678', secret: null, savedAt: 1 } } });
  writeFileSync(storeFilePath(dataDir), content);
  const { desk, movedAsideTo } = await start(t, dataDir);

  assert.equal(movedAsideTo, null, 'the readable file stays in place');
  assert.deepEqual(await connectionsOf(desk), []);
  const settings = await call<{ client: { clientId: string | null } }>(desk, 'settings:get', { providerId: 'discord' });
  assert.equal(settings.client.clientId, '123456789012345678', 'nothing of the good data is lost');
  const reset = (await problemsOf(desk)).find((p) => p.code === 'store_sections_reset');
  assert.ok(reset && reset.file !== null);
  assert.match(reset.message, /saved connections/);
  assert.equal(readFileSync(reset.file, 'utf8'), content, 'the copy is the file as it was');
  assert.equal((JSON.parse(readFileSync(storeFilePath(dataDir), 'utf8')) as Record<string, unknown>).connections, undefined);
});

test('S22 a record with wrong types next to a good one: the good one is shown and works, the bad one is reported and survives every later write unchanged', async (t) => {
  const dataDir = tempDataDir(t);
  // Saved by web mode with refresh tokens on disk (the person had opted in), then damaged by hand.
  const cipher = createFileKeyCipher(dataDir);
  const before = new ConnectionRepository(createFileStore(dataDir), cipher, silentLogger);
  before.setKeepRefreshTokensOnDisk(true);
  before.save(goodRecord, goodTokens);
  const raw = JSON.parse(readFileSync(storeFilePath(dataDir), 'utf8')) as { connections: Record<string, Record<string, unknown>> };
  const bad = { ...raw.connections['good-1'], id: 'bad-1', accountLabel: 42, grantedScopes: 'openid' };
  raw.connections['bad-1'] = bad;
  writeFileSync(storeFilePath(dataDir), JSON.stringify(raw));

  const { desk, movedAsideTo } = await start(t, dataDir);
  assert.equal(movedAsideTo, null);
  const shown = await connectionsOf(desk);
  assert.deepEqual(shown.map((c) => [c.id, c.accountLabel, c.hasRefreshToken]), [['good-1', 'ada@sandbox.test', true]]);
  const unreadable = (await problemsOf(desk)).find((p) => p.code === 'connections_unreadable');
  assert.equal(unreadable?.message, '1 saved connection could not be read.');
  assert.equal(unreadable?.file, storeFilePath(dataDir));

  // Writes: the person opts out (refresh tokens leave the disk), then back in.
  await call(desk, 'settings:set-keep-refresh-tokens', { keep: false });
  await call(desk, 'settings:set-keep-refresh-tokens', { keep: true });
  const after = JSON.parse(readFileSync(storeFilePath(dataDir), 'utf8')) as { connections: Record<string, unknown> };
  assert.deepEqual(after.connections['bad-1'], bad, 'kept exactly as it was');
  const repository = new ConnectionRepository(createFileStore(dataDir), createFileKeyCipher(dataDir), silentLogger);
  assert.deepEqual(repository.secrets('good-1'), { accessToken: 'AT-good-secret', refreshToken: 'RT-good-secret', idToken: null }, 'the good connection lost nothing');
  assert.equal(readdirSync(dataDir).filter((f) => f.includes('.corrupt-')).length, 0, 'a readable file is never moved aside');
});

test('S22 invalid payloads for the storage channels are refused before any handler runs', async (t) => {
  const dataDir = tempDataDir(t);
  const { desk } = await start(t, dataDir);
  for (const payload of [undefined, {}, { keep: 'yes' }, { keep: true, extra: 1 }, [true]]) {
    const wire = await dispatch(desk.handlers, 'settings:set-keep-refresh-tokens', payload);
    assert.equal(wire.ok ? 'ok' : wire.error.code, 'ipc_invalid_payload', JSON.stringify(payload));
  }
  const wire = await dispatch(desk.handlers, 'settings:get-storage', { any: 1 });
  assert.equal(wire.ok ? 'ok' : wire.error.code, 'ipc_invalid_payload');
  assert.equal((await call<{ keepRefreshTokensOnDisk: boolean }>(desk, 'settings:get-storage')).keepRefreshTokensOnDisk, false, 'nothing was changed');
});
