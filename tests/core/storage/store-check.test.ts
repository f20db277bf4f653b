/**
 * S21, S22 on the real store file (conf, as web mode and electron-store write it): broken files are
 * moved aside with a reason, sections of the wrong type are cleared after a copy is kept, the file
 * and the data folder are owner-only, and records of the other stored sections are validated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../../electron/core/ports.ts';
import { CustomProviderStore } from '../../../electron/core/providers/custom/custom-provider-store.ts';
import { ClientCredentialStore } from '../../../electron/core/storage/client-credential-store.ts';
import { ConnectionRepository } from '../../../electron/core/storage/connection-repository.ts';
import { openFileStore, openWithRecovery, storeFilePath } from '../../../electron/core/storage/file-store.ts';
import { ensurePrivateDataDir } from '../../../electron/core/storage/private-data-dir.ts';
import { ProviderSettingsStore } from '../../../electron/core/storage/provider-preferences.ts';
import { STORE_SECTIONS, asidePath } from '../../../electron/core/storage/store-check.ts';
import { StoragePreferences } from '../../../electron/core/storage/storage-preferences.ts';
import { memoryStore } from '../../helpers/memory-store.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('S21 files conf would silently take as empty (empty, whitespace, JSON that is not an object) are moved aside, not overwritten', (t) => {
  const cases: Array<[string, string]> = [
    ['', 'empty'],
    ['  \n', 'empty'],
    ['[{"id":"c1"}]', 'not-an-object'],
    ['null', 'not-an-object'],
    ['5', 'not-an-object'],
    ['"connections"', 'not-an-object'],
  ];
  for (const [content, reason] of cases) {
    const dir = tempDataDir(t);
    writeFileSync(storeFilePath(dir), content);
    const opened = openFileStore(dir);
    assert.equal(opened.status.movedAside?.reason, reason, JSON.stringify(content));
    assert.equal(opened.movedAsideTo, opened.status.movedAside?.to);
    assert.equal(readFileSync(opened.movedAsideTo!, 'utf8'), content, 'kept as it was');
    assert.equal(modeOf(opened.movedAsideTo!), 0o600);
    assert.equal(opened.store.get('connections'), undefined, 'starts signed out');
    opened.store.set('x', 1);
    assert.equal(readFileSync(opened.movedAsideTo!, 'utf8'), content, 'a later write leaves the old file alone');
  }
});

test('S21 garbage bytes and truncated JSON are moved aside as not JSON; the app opens an empty store', (t) => {
  for (const content of [Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x01]), Buffer.from('{"connections": {"c1": {"id": "c1", "provid')]) {
    const dir = tempDataDir(t);
    writeFileSync(storeFilePath(dir), content);
    const opened = openFileStore(dir);
    assert.equal(opened.status.movedAside?.reason, 'not-json');
    assert.deepEqual(readFileSync(opened.movedAsideTo!), content);
    assert.equal(opened.status.resetSections, null);
    assert.equal(opened.store.get('connections'), undefined);
  }
});

test('S21 a section of the wrong type is cleared after a copy of the file is kept; the other sections stay in use', (t) => {
  const dir = tempDataDir(t);
  const content = JSON.stringify({ connections: 5, clientCredentials: { x: { clientId: 'client-x', secret: null, savedAt: 1 } }, customProviders: { not: 'an array' } });
  writeFileSync(storeFilePath(dir), content);
  const opened = openFileStore(dir);
  assert.equal(opened.status.movedAside, null);
  assert.deepEqual(opened.status.resetSections?.keys, ['connections', 'customProviders']);
  const copy = opened.status.resetSections!.copiedTo;
  assert.equal(readFileSync(copy, 'utf8'), content, 'the copy is the file as it was');
  assert.equal(modeOf(copy), 0o600);
  assert.equal(opened.store.get('connections'), undefined);
  assert.equal(opened.store.get('customProviders'), undefined);
  assert.equal(new ClientCredentialStore(opened.store, createTestCipher()).summary('x')?.clientId, 'client-x');
  // A connection saved now does not meet the old value.
  assert.deepEqual(new ConnectionRepository(opened.store, createTestCipher(), silentLogger).list(), []);
  // The next start has nothing left to report.
  assert.equal(openFileStore(dir).status.resetSections, null);
});

test('S22 the store file is created 0600 and an existing looser one is made 0600 on open; the data folder is 0700', (t) => {
  const parent = tempDataDir(t);
  const dir = join(parent, 'data');
  assert.equal(ensurePrivateDataDir(dir), 'private', 'created, nothing to tighten');
  assert.equal(modeOf(dir), 0o700);
  openFileStore(dir).store.set('connections', {});
  assert.equal(modeOf(storeFilePath(dir)), 0o600);

  chmodSync(storeFilePath(dir), 0o644);
  chmodSync(dir, 0o755);
  assert.equal(ensurePrivateDataDir(dir), 'tightened', 'an existing open folder of OAuth Desk is tightened');
  assert.equal(modeOf(dir), 0o700);
  const opened = openFileStore(dir);
  assert.equal(modeOf(storeFilePath(dir)), 0o600, 'tightened on open, before any write');
  assert.deepEqual(opened.store.get('connections'), {});

  const nested = join(parent, 'a', 'b');
  ensurePrivateDataDir(nested);
  assert.equal(modeOf(nested), 0o700);
});

test('S22 a folder that also holds other things (OAUTH_DESK_DATA_DIR=$HOME) keeps its permissions; an empty one or the app profile is tightened', (t) => {
  const parent = tempDataDir(t);
  const shared = join(parent, 'home');
  mkdirSync(shared, { mode: 0o755 });
  chmodSync(shared, 0o755);
  writeFileSync(join(shared, 'notes.txt'), 'mine');
  assert.equal(ensurePrivateDataDir(shared), 'left-shared');
  assert.equal(modeOf(shared), 0o755, 'left alone');
  assert.equal(ensurePrivateDataDir(shared, { appProfile: true }), 'tightened', 'Electron\'s own profile folder for the app is the app\'s');
  assert.equal(modeOf(shared), 0o700);

  const empty = join(parent, 'empty');
  mkdirSync(empty, { mode: 0o755 });
  chmodSync(empty, 0o755);
  assert.equal(ensurePrivateDataDir(empty), 'tightened');
  const privateShared = join(parent, 'private-home');
  mkdirSync(privateShared, { mode: 0o700 });
  writeFileSync(join(privateShared, 'notes.txt'), 'mine');
  assert.equal(ensurePrivateDataDir(privateShared), 'private', 'already private: nothing to say');
});

test('S21 names of files moved aside never collide, even within one millisecond', (t) => {
  const dir = tempDataDir(t);
  const file = storeFilePath(dir);
  const now = () => 1_700_000_000_000;
  writeFileSync(file, '');
  const first = openWithRecovery(file, () => memoryStore(), now);
  writeFileSync(file, '[]');
  const second = openWithRecovery(file, () => memoryStore(), now);
  assert.notEqual(first.movedAsideTo, second.movedAsideTo);
  assert.equal(readFileSync(first.movedAsideTo!, 'utf8'), '');
  assert.equal(readFileSync(second.movedAsideTo!, 'utf8'), '[]');
  assert.equal(asidePath(file, now), `${file}.corrupt-1700000000000-2`);
});

test('S22 every key the storage modules write is a checked section', () => {
  const store = memoryStore();
  const cipher = createTestCipher();
  new ConnectionRepository(store, cipher, silentLogger).save(
    { id: 'c1', providerId: 'p', subject: null, accountLabel: 'a', connectedAt: 1, updatedAt: 1, issuer: null, requestedScopes: [], reauthorizationReason: null, lastRefresh: null, boundClient: null },
    { accessToken: 'a', tokenType: 'Bearer', expiresAt: null, refreshToken: null, idToken: null, grantedScopes: [] },
  );
  new ClientCredentialStore(store, cipher).save('x', 'client', null, 1);
  new ProviderSettingsStore(store).setRedirectPort('x', 50_000);
  new StoragePreferences(store).setKeepRefreshTokensOnDisk(true);
  const saved = new CustomProviderStore(store, cipher).save(
    { id: 'acme', displayName: 'Acme', authorizationEndpoint: 'https://login.acme.example/authorize', tokenEndpoint: 'https://login.acme.example/token', clientId: 'desk' },
    { clientSecret: null, otherIds: [] },
  );
  assert.equal(saved.ok, true);
  const written = Object.keys(JSON.parse(store.dump()) as object).sort();
  assert.deepEqual(written, Object.keys(STORE_SECTIONS).sort());
});

test('S22 unreadable client credentials and provider preferences are ignored, reported and kept until saved again', () => {
  const store = memoryStore({
    clientCredentials: { x: { clientId: 5 }, discord: { clientId: 'ok', secret: null, savedAt: 1 } },
    providerSettings: { x: 'fast', discord: { redirectPort: 80 }, google: { authMode: 'system-browser' } },
  });
  const credentials = new ClientCredentialStore(store, createTestCipher());
  const preferences = new ProviderSettingsStore(store);
  assert.deepEqual(credentials.unreadable(), ['x']);
  assert.equal(credentials.get('x'), null);
  assert.deepEqual(preferences.unreadable(), ['x', 'discord']);
  assert.equal(preferences.redirectPort('discord'), undefined);
  assert.equal(preferences.authMode('google'), 'system-browser');

  credentials.save('google', 'g-client', null, 2);
  preferences.setRedirectPort('google', 50_001);
  assert.deepEqual((store.raw('clientCredentials') as Record<string, unknown>).x, { clientId: 5 }, 'another provider\'s save keeps it');
  assert.equal((store.raw('providerSettings') as Record<string, unknown>).x, 'fast');
  assert.deepEqual((store.raw('providerSettings') as Record<string, unknown>).google, { authMode: 'system-browser', redirectPort: 50_001 });

  preferences.setAuthMode('x', 'system-browser');
  assert.deepEqual((store.raw('providerSettings') as Record<string, unknown>).x, { authMode: 'system-browser' }, 'saving that provider again replaces it (no stray characters of the old string)');
  preferences.setAuthMode('discord', 'system-browser');
  assert.deepEqual((store.raw('providerSettings') as Record<string, unknown>).discord, { authMode: 'system-browser' }, 'the invalid port gives way');
  credentials.save('x', 'x-client', null, 3);
  assert.deepEqual(credentials.unreadable(), []);
  assert.deepEqual(preferences.unreadable(), []);
});

test('S22 an unreadable storage choice counts as "not on disk"', () => {
  const store = memoryStore({ storagePreferences: { keepRefreshTokensOnDisk: 'yes' } });
  const preferences = new StoragePreferences(store);
  assert.equal(preferences.keepRefreshTokensOnDisk(), false);
  assert.equal(preferences.unreadable(), true);
  preferences.setKeepRefreshTokensOnDisk(true);
  assert.equal(preferences.keepRefreshTokensOnDisk(), true);
  assert.equal(preferences.unreadable(), false);
  assert.equal(new StoragePreferences(memoryStore()).unreadable(), false, 'absent is not a problem');
});

test('S21 a store opened twice in a row after a recovery reports nothing the second time', (t) => {
  const dir = tempDataDir(t);
  mkdirSync(dir, { recursive: true });
  writeFileSync(storeFilePath(dir), '[]');
  assert.notEqual(openFileStore(dir).movedAsideTo, null);
  const again = openFileStore(dir);
  assert.equal(again.movedAsideTo, null);
  assert.equal(again.status.resetSections, null);
  assert.equal(readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 1);
  assert.equal(existsSync(storeFilePath(dir)), false, 'nothing written until something is saved');
});
