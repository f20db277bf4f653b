import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { ConnectionRepository } from '../../../electron/core/storage/connection-repository.ts';
import { createFileStore, openFileStore, storeFilePath } from '../../../electron/core/storage/file-store.ts';
import { utimesSync } from 'node:fs';
import { createFileKeyCipher } from '../../../electron/core/storage/file-key-cipher.ts';
import { StorageError } from '../../../electron/core/errors.ts';
import { silentLogger } from '../../../electron/core/ports.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';

const record = {
  id: 'c1',
  providerId: 'sandbox',
  subject: 'ada',
  accountLabel: 'ada@example.test',
  connectedAt: 1,
  updatedAt: 1,
  issuer: 'http://127.0.0.1:4000',
  requestedScopes: ['openid', 'email'],
  reauthorizationReason: null,
  lastRefresh: null,
  boundClient: null,
};
const tokens = { accessToken: 'AT-secret-1', tokenType: 'Bearer' as const, expiresAt: 5000, refreshToken: 'RT-secret-1', idToken: 'ID-secret-1', grantedScopes: ['openid'] };

test('S20 S22 secrets are encrypted in the store file, which has mode 0600', (t) => {
  const dir = tempDataDir(t);
  const repo = new ConnectionRepository(createFileStore(dir), createTestCipher(), silentLogger);
  repo.save(record, tokens);
  const file = readFileSync(storeFilePath(dir), 'utf8');
  for (const secret of ['AT-secret-1', 'RT-secret-1', 'ID-secret-1']) assert.ok(!file.includes(secret), `${secret} in clear`);
  assert.ok(file.includes('ada@example.test'), 'public fields stay readable');
  assert.equal(statSync(storeFilePath(dir)).mode & 0o777, 0o600);
});

test('round trip: a new repository over the same folder reads the same connection and secrets (web mode, refresh tokens kept on disk by choice)', (t) => {
  const dir = tempDataDir(t);
  const cipher = createFileKeyCipher(dir);
  const first = new ConnectionRepository(createFileStore(dir), cipher, silentLogger);
  // Web mode's key file is weak secret storage (S20): refresh tokens reach the disk only by choice.
  first.setKeepRefreshTokensOnDisk(true);
  first.save(record, tokens);
  const again = new ConnectionRepository(createFileStore(dir), createFileKeyCipher(dir), silentLogger);
  assert.deepEqual(again.list().map((r) => r.id), ['c1']);
  assert.deepEqual(again.secrets('c1'), { accessToken: 'AT-secret-1', refreshToken: 'RT-secret-1', idToken: 'ID-secret-1' });
  assert.equal(again.get('c1')?.hasRefreshToken, true);
  assert.equal(statSync(`${dir}/web-mode.key`).mode & 0o777, 0o600);
});

test('S14 a token set without a refresh token keeps the stored one; with one, replaces it', (t) => {
  const repo = new ConnectionRepository(createFileStore(tempDataDir(t)), createTestCipher(), silentLogger);
  repo.save(record, tokens);
  repo.save({ ...record, updatedAt: 2 }, { ...tokens, accessToken: 'AT-2', refreshToken: null });
  assert.equal(repo.secrets('c1').refreshToken, 'RT-secret-1');
  assert.equal(repo.secrets('c1').accessToken, 'AT-2');
  repo.save({ ...record, updatedAt: 3 }, { ...tokens, accessToken: 'AT-3', refreshToken: 'RT-3' });
  assert.equal(repo.secrets('c1').refreshToken, 'RT-3');
});

test('S22 invalid records are skipped without hiding valid ones', (t) => {
  const store = createFileStore(tempDataDir(t));
  const repo = new ConnectionRepository(store, createTestCipher(), silentLogger);
  repo.save(record, tokens);
  const raw = store.get('connections') as Record<string, unknown>;
  store.set('connections', { ...raw, broken: { id: 'broken', providerId: 3 }, mismatched: { ...(raw.c1 as object), id: 'other' } });
  assert.deepEqual(repo.list().map((r) => r.id), ['c1']);
});

test('secrets from another key cannot be decrypted and say what to do', (t) => {
  const store = createFileStore(tempDataDir(t));
  new ConnectionRepository(store, createTestCipher(), silentLogger).save(record, tokens);
  const other = new ConnectionRepository(store, createTestCipher(), silentLogger);
  assert.throws(() => other.secrets('c1'), (e: unknown) => e instanceof StorageError && e.code === 'secret_undecryptable' && /Connect/.test(e.hint));
  assert.throws(() => other.secrets('nope'), (e: unknown) => e instanceof StorageError && e.code === 'connection_not_found');
});

test('delete removes only that connection', (t) => {
  const repo = new ConnectionRepository(createFileStore(tempDataDir(t)), createTestCipher(), silentLogger);
  repo.save(record, tokens);
  repo.save({ ...record, id: 'c2', subject: 'bob' }, tokens);
  repo.delete('c1');
  repo.delete('does-not-exist');
  assert.deepEqual(repo.list().map((r) => r.id), ['c2']);
  assert.equal(repo.findBySubject('sandbox', 'bob')?.id, 'c2');
});

test('S21 a corrupted store file is moved aside and the app starts signed out', (t) => {
  const dir = tempDataDir(t);
  createFileStore(dir).set('connections', {});
  writeFileSync(storeFilePath(dir), '{"connections": {', 'utf8');
  const opened = openFileStore(dir);
  assert.ok(opened.movedAsideTo !== null);
  assert.equal(readFileSync(opened.movedAsideTo, 'utf8'), '{"connections": {', 'the broken content is kept for inspection');
  assert.equal(opened.store.get('connections'), undefined);
  assert.ok(readdirSync(dir).some((f) => f.includes('.corrupt-')));
});

test('records written before refresh states existed still load, with defaults for the new fields', (t) => {
  const dir = tempDataDir(t);
  const store = createFileStore(dir);
  const cipher = createTestCipher();
  new ConnectionRepository(store, cipher, silentLogger).save(record, tokens);
  const stored = store.get('connections') as Record<string, Record<string, unknown>>;
  const { issuer: _i, requestedScopes: _r, reauthorizationReason: _a, lastRefresh: _l, ...legacy } = stored.c1!;
  store.set('connections', { c1: legacy });
  const loaded = new ConnectionRepository(store, cipher, silentLogger).get('c1');
  assert.equal(loaded?.issuer, null);
  assert.deepEqual(loaded?.requestedScopes, ['openid'], 'requested defaults to granted');
  assert.equal(loaded?.reauthorizationReason, null);
  assert.equal(loaded?.lastRefresh, null);
});

test('update records a refresh outcome without touching the tokens; a malformed reason is rejected on read', (t) => {
  const store = createFileStore(tempDataDir(t));
  const repo = new ConnectionRepository(store, createTestCipher(), silentLogger);
  repo.save(record, tokens);
  const reason = { code: 'refresh_token_invalid', message: 'No longer accepted.', hint: 'Click Re-authorize.' };
  const updated = repo.update('c1', { reauthorizationReason: reason, lastRefresh: { at: 7, error: reason } });
  assert.deepEqual(updated?.reauthorizationReason, reason);
  assert.deepEqual(repo.secrets('c1'), { accessToken: 'AT-secret-1', refreshToken: 'RT-secret-1', idToken: 'ID-secret-1' });
  assert.equal(repo.update('missing', { lastRefresh: null }), null);
  const stored = store.get('connections') as Record<string, Record<string, unknown>>;
  store.set('connections', { c1: { ...stored.c1, reauthorizationReason: { code: 1 } } });
  assert.deepEqual(repo.list(), [], 'an invalid record is skipped (S22)');
});

test('S16 temporary files a killed writer left are removed on open once stale; fresh ones and other files stay', (t) => {
  const dir = tempDataDir(t);
  new ConnectionRepository(createFileStore(dir), createTestCipher(), silentLogger).save(record, tokens);
  const file = storeFilePath(dir);
  const stale = `${file}.tmp-1795255488731abcdef`;
  const fresh = `${file}.tmp-1795255499999abcdef`;
  writeFileSync(stale, '{"connections":{}}');
  writeFileSync(fresh, '{"connections":{}}');
  writeFileSync(`${dir}/notes.tmp-1`, 'x');
  const twoMinutesAgo = (Date.now() - 120_000) / 1000;
  utimesSync(stale, twoMinutesAgo, twoMinutesAgo);
  const opened = openFileStore(dir);
  const left = readdirSync(dir).sort();
  assert.ok(!left.includes(stale.split('/').pop()!), 'the stale one is gone');
  assert.ok(left.includes(fresh.split('/').pop()!), 'a write that may still be running is left alone');
  assert.ok(left.includes('notes.tmp-1'));
  assert.equal(new ConnectionRepository(opened.store, createTestCipher(), silentLogger).get('c1')?.accountLabel, 'ada@example.test');
});
