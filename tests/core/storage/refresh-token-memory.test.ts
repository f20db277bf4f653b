/**
 * S20: on weak secret storage (no system keyring, web mode's key file) refresh tokens are kept in
 * memory only unless the person opts in; the store file never holds them, not even encrypted. The
 * opt-in moves them to disk at once, opting out moves them back. Invalid records are kept (S22).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecretCipher } from '../../../electron/core/ports.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import { ConnectionRepository } from '../../../electron/core/storage/connection-repository.ts';
import { KEY_FILE_BACKEND, createAesGcmCipher, createFileKeyCipher } from '../../../electron/core/storage/file-key-cipher.ts';
import { createFileStore, storeFilePath } from '../../../electron/core/storage/file-store.ts';
import { memoryStore } from '../../helpers/memory-store.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';

const record = {
  id: 'c1',
  providerId: 'sandbox',
  subject: 'ada',
  accountLabel: 'ada@example.test',
  connectedAt: 1,
  updatedAt: 1,
  issuer: 'http://127.0.0.1:4000',
  requestedScopes: ['openid'],
  reauthorizationReason: null,
  lastRefresh: null,
  boundClient: null,
};
const tokens = (n: number, refreshToken: string | null = `RT-secret-${n}`) => ({
  accessToken: `AT-secret-${n}`,
  tokenType: 'Bearer' as const,
  expiresAt: 5000 + n,
  refreshToken,
  idToken: `ID-secret-${n}`,
  grantedScopes: ['openid'],
});

/** Like Linux's basic_text: a key anyone could find, so protection is weak. */
function weakCipher(key = randomBytes(32)): SecretCipher {
  return createAesGcmCipher(key, 'basic_text', 'weak');
}

/** Every string in the stored value that the cipher can decrypt, decrypted. */
function decryptedStrings(value: unknown, cipher: SecretCipher): string[] {
  if (typeof value === 'string') {
    try {
      return [cipher.decrypt(value)];
    } catch {
      return [];
    }
  }
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((v) => decryptedStrings(v, cipher));
  return [];
}

test('S20 weak storage without opt-in: the refresh token stays in memory, never in the store (not even encrypted); access and ID tokens are stored encrypted', () => {
  const store = memoryStore();
  const cipher = weakCipher();
  const repo = new ConnectionRepository(store, cipher, silentLogger);
  assert.equal(repo.refreshTokensOnDisk(), false);
  const saved = repo.save(record, tokens(1));
  assert.equal(saved.hasRefreshToken, true);
  assert.equal(saved.refreshTokenInMemory, true);
  assert.deepEqual(repo.secrets('c1'), { accessToken: 'AT-secret-1', refreshToken: 'RT-secret-1', idToken: 'ID-secret-1' });
  const dump = store.dump();
  for (const secret of ['AT-secret-1', 'RT-secret-1', 'ID-secret-1']) assert.ok(!dump.includes(secret), `${secret} in clear`);
  assert.deepEqual(decryptedStrings(store.raw('connections'), cipher).sort(), ['AT-secret-1', 'ID-secret-1'], 'only the access and ID tokens are in the store, encrypted');
  assert.equal(repo.refreshTokensInMemory(), 1);
});

test('S16 S14 rotation in memory: a new refresh token replaces the old one before save returns; a response without one keeps it', () => {
  const store = memoryStore();
  const cipher = weakCipher();
  const repo = new ConnectionRepository(store, cipher, silentLogger);
  repo.save(record, tokens(1));
  repo.save({ ...record, updatedAt: 2 }, tokens(2));
  assert.equal(repo.secrets('c1').refreshToken, 'RT-secret-2');
  repo.save({ ...record, updatedAt: 3 }, tokens(3, null));
  assert.deepEqual(repo.secrets('c1'), { accessToken: 'AT-secret-3', refreshToken: 'RT-secret-2', idToken: 'ID-secret-3' });
  assert.equal(repo.get('c1')?.hasRefreshToken, true);
  assert.deepEqual(decryptedStrings(store.raw('connections'), cipher).sort(), ['AT-secret-3', 'ID-secret-3']);
});

test('S20 after a restart the connection has no refresh token and remembers that it lived in memory; the access token still works', () => {
  const store = memoryStore();
  const key = randomBytes(32);
  new ConnectionRepository(store, weakCipher(key), silentLogger).save(record, tokens(1));
  const restarted = new ConnectionRepository(store, weakCipher(key), silentLogger);
  const loaded = restarted.get('c1');
  assert.equal(loaded?.hasRefreshToken, false);
  assert.equal(loaded?.refreshTokenInMemory, true);
  assert.deepEqual(restarted.secrets('c1'), { accessToken: 'AT-secret-1', refreshToken: null, idToken: 'ID-secret-1' });
  assert.equal(restarted.refreshTokensInMemory(), 0);
});

test('S20 opting in moves the refresh tokens in memory to disk at once (encrypted); opting out takes them off the disk into memory', (t) => {
  const dir = tempDataDir(t);
  const storedConnections = () => (JSON.parse(readFileSync(storeFilePath(dir), 'utf8')) as { connections: unknown }).connections;
  const key = randomBytes(32);
  const cipher = weakCipher(key);
  const repo = new ConnectionRepository(createFileStore(dir), cipher, silentLogger);
  repo.save(record, tokens(1));
  repo.save({ ...record, id: 'c2', subject: 'bob' }, tokens(2));

  repo.setKeepRefreshTokensOnDisk(true);
  assert.equal(repo.keepRefreshTokensOnDisk(), true);
  assert.equal(repo.refreshTokensOnDisk(), true);
  assert.equal(repo.refreshTokensInMemory(), 0);
  assert.deepEqual(decryptedStrings(storedConnections(), cipher).filter((s) => s.startsWith('RT-')).sort(), ['RT-secret-1', 'RT-secret-2']);
  assert.ok(!readFileSync(storeFilePath(dir), 'utf8').includes('RT-secret'), 'encrypted, not in clear');
  // A restart now keeps them.
  const restarted = new ConnectionRepository(createFileStore(dir), weakCipher(key), silentLogger);
  assert.equal(restarted.secrets('c1').refreshToken, 'RT-secret-1');
  assert.equal(restarted.get('c2')?.refreshTokenInMemory, false);
  // A rotation while opted in is written to disk.
  restarted.save({ ...record, updatedAt: 5 }, tokens(5));
  assert.ok(decryptedStrings(storedConnections(), cipher).includes('RT-secret-5'));

  restarted.setKeepRefreshTokensOnDisk(false);
  assert.deepEqual(decryptedStrings(storedConnections(), cipher).filter((s) => s.startsWith('RT-')), [], 'no refresh token left on disk');
  assert.equal(restarted.secrets('c1').refreshToken, 'RT-secret-5', 'moved into memory, still usable');
  assert.equal(restarted.secrets('c2').refreshToken, 'RT-secret-2');
  assert.equal(restarted.refreshTokensInMemory(), 2);
  assert.equal(restarted.keepRefreshTokensOnDisk(), false);
});

test('S20 at start, refresh tokens found on disk on weak storage without opt-in are moved into memory; ones that cannot be decrypted stay', () => {
  const store = memoryStore();
  const key = randomBytes(32);
  const optedIn = new ConnectionRepository(store, weakCipher(key), silentLogger);
  optedIn.setKeepRefreshTokensOnDisk(true);
  optedIn.save(record, tokens(1));
  // Written by another key (e.g. the keyring that is gone now): cannot be moved.
  new ConnectionRepository(store, createAesGcmCipher(randomBytes(32), 'gnome_libsecret', 'os'), silentLogger).save({ ...record, id: 'c2', subject: 'bob' }, tokens(2));
  store.set('storagePreferences', { keepRefreshTokensOnDisk: false });

  const started = new ConnectionRepository(store, weakCipher(key), silentLogger);
  started.applyRefreshTokenPolicy();
  const stored = store.raw('connections') as Record<string, { secrets: { refreshToken: string | null }; refreshTokenInMemory: boolean }>;
  assert.equal(stored.c1?.secrets.refreshToken, null);
  assert.equal(stored.c1?.refreshTokenInMemory, true);
  assert.equal(started.secrets('c1').refreshToken, 'RT-secret-1');
  assert.notEqual(stored.c2?.secrets.refreshToken, null, 'an undecryptable one is left where it is');
});

test('S20 with the OS keyring refresh tokens are always written (encrypted), whatever the choice says', () => {
  const store = memoryStore();
  const cipher = createAesGcmCipher(randomBytes(32), 'gnome_libsecret', 'os');
  const repo = new ConnectionRepository(store, cipher, silentLogger);
  repo.setKeepRefreshTokensOnDisk(false);
  assert.equal(repo.refreshTokensOnDisk(), true);
  const saved = repo.save(record, tokens(1));
  assert.equal(saved.refreshTokenInMemory, false);
  assert.ok(decryptedStrings(store.raw('connections'), cipher).includes('RT-secret-1'));
});

test('S20 web mode\'s key file is weak secret storage: its refresh tokens stay in memory by default', (t) => {
  const dir = tempDataDir(t);
  const cipher = createFileKeyCipher(dir);
  assert.equal(cipher.protection, 'weak');
  assert.equal(cipher.backend, KEY_FILE_BACKEND);
  const repo = new ConnectionRepository(createFileStore(dir), cipher, silentLogger);
  repo.save(record, tokens(1));
  assert.equal(repo.get('c1')?.refreshTokenInMemory, true);
  assert.ok(!decryptedStrings(JSON.parse(readFileSync(storeFilePath(dir), 'utf8')), cipher).includes('RT-secret-1'));
});

test('disconnecting forgets a refresh token held in memory', () => {
  const store = memoryStore();
  const repo = new ConnectionRepository(store, weakCipher(), silentLogger);
  repo.save(record, tokens(1));
  repo.delete('c1');
  assert.equal(repo.refreshTokensInMemory(), 0);
  // The same id connected again without a refresh token does not find the old one.
  repo.save(record, tokens(2, null));
  assert.equal(repo.secrets('c1').refreshToken, null);
  assert.equal(repo.get('c1')?.hasRefreshToken, false);
});

test('S22 invalid records are kept unchanged through every write (save, update, delete, moving refresh tokens) and reported', () => {
  const store = memoryStore();
  const repo = new ConnectionRepository(store, weakCipher(), silentLogger);
  repo.save(record, tokens(1));
  const broken = { id: 'broken', providerId: 3, secrets: 'nope' };
  const mismatched = { ...(store.raw('connections') as Record<string, object>).c1, id: 'other' };
  store.set('connections', { ...(store.raw('connections') as object), broken, mismatched, notAnObject: 5 });
  assert.deepEqual(repo.list().map((r) => r.id), ['c1']);
  assert.deepEqual(repo.unreadable().sort(), ['broken', 'mismatched', 'notAnObject']);

  repo.save({ ...record, id: 'c2', subject: 'bob' }, tokens(2));
  repo.update('c1', { lastRefresh: { at: 9, error: null } });
  repo.setKeepRefreshTokensOnDisk(true);
  repo.delete('c2');
  const stored = store.raw('connections') as Record<string, unknown>;
  assert.deepEqual(stored.broken, broken);
  assert.deepEqual(stored.mismatched, mismatched);
  assert.equal(stored.notAnObject, 5);
  assert.deepEqual(Object.keys(stored).sort(), ['broken', 'c1', 'mismatched', 'notAnObject']);
  assert.deepEqual(repo.list().map((r) => r.id), ['c1']);
});

test('S21 a damaged storage choice (unreadable, or its section reset) leaves the refresh tokens on disk through restarts', async () => {
  const { createStorageSettings } = await import('../../../electron/core/app/storage-settings.ts');
  const key = randomBytes(32);
  for (const damage of ['unreadable', 'reset'] as const) {
    const store = memoryStore();
    const optedIn = new ConnectionRepository(store, weakCipher(key), silentLogger);
    optedIn.setKeepRefreshTokensOnDisk(true);
    optedIn.save(record, tokens(1));
    if (damage === 'unreadable') store.set('storagePreferences', { keepRefreshTokensOnDisk: 'true' });
    else store.delete('storagePreferences');
    const status = damage === 'reset' ? { file: '/data/oauth-desk.json', movedAside: null, resetSections: { keys: ['storagePreferences'], copiedTo: '/data/oauth-desk.json.corrupt-1' } } : null;
    for (let start = 1; start <= 2; start++) {
      const repository = new ConnectionRepository(store, weakCipher(key), silentLogger);
      createStorageSettings({ store, cipher: weakCipher(key), repository, status, logger: silentLogger, changed: () => {} });
      const stored = store.raw('connections') as Record<string, { secrets: { refreshToken: string | null } }>;
      assert.notEqual(stored.c1?.secrets.refreshToken, null, `${damage}, start ${start}: still on disk`);
      assert.equal(repository.secrets('c1').refreshToken, 'RT-secret-1');
    }
  }
});

test('a sign-in without a new refresh token after the in-memory one was lost does not keep the connection marked as lost', () => {
  const store = memoryStore();
  const key = randomBytes(32);
  new ConnectionRepository(store, weakCipher(key), silentLogger).save(record, tokens(1));
  // Restart: the in-memory refresh token is gone.
  const restarted = new ConnectionRepository(store, weakCipher(key), silentLogger);
  assert.equal(restarted.get('c1')?.refreshTokenInMemory, true);
  assert.equal(restarted.get('c1')?.hasRefreshToken, false);
  const saved = restarted.save({ ...record, updatedAt: 2 }, tokens(2, null));
  assert.equal(saved.refreshTokenInMemory, false, 'nothing is in memory: not "lost" any more, just none');
  assert.equal(saved.hasRefreshToken, false);
});
