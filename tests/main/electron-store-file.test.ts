/**
 * S21, S22 on the real file the app's store options produce. electron-store loads `electron`, which
 * tests never do (tests/layering), and is a thin subclass of conf: with an absolute `cwd` it only
 * renames `name` to conf's `configName` and passes every other option through. So the options are
 * given to conf the same way here, and the file it writes is checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Conf from 'conf';
import { createElectronStoreAdapter, electronStoreOptions } from '../../electron/main/electron-store-adapter.ts';
import { ConnectionRepository } from '../../electron/core/storage/connection-repository.ts';
import { openWithRecovery, storeFilePath } from '../../electron/core/storage/file-store.ts';
import { silentLogger } from '../../electron/core/ports.ts';
import { createTestCipher } from '../helpers/test-cipher.ts';
import { tempDataDir } from '../helpers/temp-dir.ts';

/** What `new Store(electronStoreOptions(dir))` constructs: conf with `name` as `configName`. */
function electronStoreLike(dir: string): Conf<Record<string, unknown>> {
  const { name, ...rest } = electronStoreOptions(dir);
  return new Conf<Record<string, unknown>>({ ...rest, configName: name, projectName: name });
}

const open = (dir: string) => openWithRecovery(storeFilePath(dir), () => createElectronStoreAdapter(electronStoreLike(dir)));

test('S22 the app\'s store options write <data folder>/oauth-desk.json with mode 0600, whole-string keys, secrets encrypted', (t) => {
  const dir = tempDataDir(t);
  const opened = open(dir);
  const repository = new ConnectionRepository(opened.store, createTestCipher(), silentLogger);
  repository.save(
    { id: 'c.1', providerId: 'sandbox', subject: 'ada', accountLabel: 'ada@example.test', connectedAt: 1, updatedAt: 1, issuer: null, requestedScopes: [], reauthorizationReason: null, lastRefresh: null, boundClient: null },
    { accessToken: 'AT-electron-store', tokenType: 'Bearer', expiresAt: 9, refreshToken: 'RT-electron-store', idToken: null, grantedScopes: [] },
  );
  const file = storeFilePath(dir);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes('AT-electron-store') && !text.includes('RT-electron-store'), 'no token in clear');
  assert.ok('c.1' in (JSON.parse(text) as { connections: object }).connections, 'a dotted id is one key, not a path');

  chmodSync(file, 0o644);
  open(dir);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'a looser file is made owner-only when the app opens it');
});

test('S21 with the app\'s store options a damaged file is moved aside and the app opens an empty store instead of crashing', (t) => {
  const dir = tempDataDir(t);
  writeFileSync(storeFilePath(dir), '{"connections": {"c1": ');
  const opened = open(dir);
  assert.equal(opened.status.movedAside?.reason, 'not-json');
  assert.equal(readFileSync(opened.movedAsideTo!, 'utf8'), '{"connections": {"c1": ');
  assert.equal(opened.store.get('connections'), undefined);
  opened.store.set('connections', {});
  assert.equal(statSync(storeFilePath(dir)).mode & 0o777, 0o600);
});
