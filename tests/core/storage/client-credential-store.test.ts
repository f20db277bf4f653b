import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ClientCredentialStore } from '../../../electron/core/storage/client-credential-store.ts';
import { createFileStore, storeFilePath } from '../../../electron/core/storage/file-store.ts';
import { OAuthDeskError, StorageError, toErrorInfo } from '../../../electron/core/errors.ts';
import { createTestCipher } from '../../helpers/test-cipher.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';
import { failingDecryptCipher, memoryStore } from '../../helpers/memory-store.ts';

const KEY = 'clientCredentials';
// The S13 vector's secret: characters that an encoding step could mangle.
const SECRET = 'z/tZ9VwFZqApmIQ+ZH1I5pLk/uB4ud:X2/8bL+wfFTt1rFw=';

function rawEntry(store: ReturnType<typeof memoryStore>, providerId: string): Record<string, unknown> | undefined {
  const all = store.raw(KEY) as Record<string, Record<string, unknown>> | undefined;
  return all?.[providerId];
}

test('S20 the client secret is stored only as ciphertext; the client id stays readable', () => {
  const store = memoryStore();
  const cipher = createTestCipher();
  const credentials = new ClientCredentialStore(store, cipher);
  credentials.save('google', 'id-1.apps.googleusercontent.com', SECRET, 1000);

  const entry = rawEntry(store, 'google');
  assert.ok(entry, 'an entry is stored under the provider id');
  assert.equal(entry.clientId, 'id-1.apps.googleusercontent.com');
  assert.equal(typeof entry.secret, 'string');
  assert.notEqual(entry.secret, SECRET);
  assert.equal(cipher.decrypt(entry.secret as string), SECRET, 'the stored value is the cipher text of the secret');
  assert.ok(!store.dump().includes(SECRET), 'the secret is nowhere in the raw store');
  assert.equal(entry.savedAt, 1000);

  assert.deepEqual(credentials.get('google'), { clientId: 'id-1.apps.googleusercontent.com', clientSecret: SECRET, savedAt: 1000 });
});

test('S20 S22 the store file holds no client secret in clear', (t) => {
  const dir = tempDataDir(t);
  const cipher = createTestCipher();
  new ClientCredentialStore(createFileStore(dir), cipher).save('x', 'x-client', SECRET, 5);
  const file = readFileSync(storeFilePath(dir), 'utf8');
  assert.ok(!file.includes(SECRET), 'secret in clear in the store file');
  // JSON escapes '/' optionally; check the escaped form too.
  assert.ok(!file.includes(JSON.stringify(SECRET).slice(1, -1)));
  assert.ok(file.includes('x-client'));
  // Another instance over the same folder reads it back.
  assert.equal(new ClientCredentialStore(createFileStore(dir), cipher).get('x')?.clientSecret, SECRET);
});

test('a public client (null secret) is stored without a secret', () => {
  const store = memoryStore();
  const credentials = new ClientCredentialStore(store, createTestCipher());
  credentials.save('x', 'public-client', null, 1);
  assert.equal(rawEntry(store, 'x')?.secret, null);
  assert.deepEqual(credentials.summary('x'), { clientId: 'public-client', secretSaved: false });
  assert.deepEqual(credentials.get('x'), { clientId: 'public-client', clientSecret: null, savedAt: 1 });
});

test('S29 summary never decrypts: it works with a cipher whose decrypt throws', () => {
  const store = memoryStore();
  const cipher = failingDecryptCipher();
  const credentials = new ClientCredentialStore(store, cipher);
  credentials.save('google', 'gid', SECRET, 1);
  credentials.save('x', 'xid', null, 1);
  assert.deepEqual(credentials.summary('google'), { clientId: 'gid', secretSaved: true });
  assert.deepEqual(credentials.summary('x'), { clientId: 'xid', secretSaved: false });
  assert.equal(credentials.summary('discord'), null);
  assert.equal(cipher.decryptCalls(), 0);
  const summary = JSON.stringify(credentials.summary('google'));
  assert.ok(!summary.includes(SECRET));
  assert.ok(!summary.includes(rawEntry(store, 'google')?.secret as string), 'not even the ciphertext is in the summary');
});

test('save with an undefined secret keeps the saved one while the client id is unchanged', () => {
  const store = memoryStore();
  const credentials = new ClientCredentialStore(store, createTestCipher());
  credentials.save('google', 'gid', SECRET, 1);
  const ciphertext = rawEntry(store, 'google')?.secret;
  credentials.save('google', 'gid', undefined, 2);
  assert.equal(rawEntry(store, 'google')?.secret, ciphertext, 'the same ciphertext is kept');
  assert.deepEqual(credentials.get('google'), { clientId: 'gid', clientSecret: SECRET, savedAt: 2 });
});

test('save with an undefined secret drops the saved one when the client id changes (a secret belongs to its client)', () => {
  const credentials = new ClientCredentialStore(memoryStore(), createTestCipher());
  credentials.save('google', 'gid', SECRET, 1);
  credentials.save('google', 'other-gid', undefined, 2);
  assert.deepEqual(credentials.get('google'), { clientId: 'other-gid', clientSecret: null, savedAt: 2 });
  assert.deepEqual(credentials.summary('google'), { clientId: 'other-gid', secretSaved: false });
});

test('save with an undefined secret and nothing saved before stores no secret', () => {
  const credentials = new ClientCredentialStore(memoryStore(), createTestCipher());
  credentials.save('x', 'xid', undefined, 1);
  assert.deepEqual(credentials.get('x'), { clientId: 'xid', clientSecret: null, savedAt: 1 });
});

test('save with a null secret removes the saved one, keeping the client id', () => {
  const store = memoryStore();
  const credentials = new ClientCredentialStore(store, createTestCipher());
  credentials.save('discord', 'did', SECRET, 1);
  credentials.save('discord', 'did', null, 2);
  assert.equal(rawEntry(store, 'discord')?.secret, null);
  assert.deepEqual(credentials.get('discord'), { clientId: 'did', clientSecret: null, savedAt: 2 });
});

test('a new secret replaces the old one', () => {
  const credentials = new ClientCredentialStore(memoryStore(), createTestCipher());
  credentials.save('x', 'xid', 'first-secret', 1);
  credentials.save('x', 'xid', 'second-secret', 2);
  assert.equal(credentials.get('x')?.clientSecret, 'second-secret');
});

test('providers are kept apart, and remove forgets only the one named', () => {
  const store = memoryStore();
  const credentials = new ClientCredentialStore(store, createTestCipher());
  credentials.save('google', 'gid', 'g-secret', 1);
  credentials.save('x', 'xid', 'x-secret', 2);
  assert.equal(credentials.get('google')?.clientSecret, 'g-secret');
  assert.equal(credentials.get('x')?.clientSecret, 'x-secret');

  credentials.remove('google');
  assert.equal(credentials.get('google'), null);
  assert.equal(credentials.summary('google'), null);
  assert.equal(rawEntry(store, 'google'), undefined, 'the entry is gone from the store');
  assert.equal(credentials.get('x')?.clientSecret, 'x-secret');
  // Removing what is not there is harmless.
  credentials.remove('discord');
  assert.equal(credentials.get('x')?.clientId, 'xid');
});

test('S22 malformed stored entries are ignored without hiding valid ones', () => {
  const cipher = createTestCipher();
  const store = memoryStore({
    [KEY]: {
      good: { clientId: 'good-id', secret: cipher.encrypt('good-secret'), savedAt: 3 },
      emptyId: { clientId: '', secret: null, savedAt: 1 },
      numberId: { clientId: 42, secret: null, savedAt: 1 },
      badSecret: { clientId: 'id', secret: 17, savedAt: 1 },
      noSavedAt: { clientId: 'id', secret: null },
      text: 'not an object',
      nothing: null,
    },
  });
  const credentials = new ClientCredentialStore(store, cipher);
  for (const id of ['emptyId', 'numberId', 'badSecret', 'noSavedAt', 'text', 'nothing', 'absent']) {
    assert.equal(credentials.summary(id), null, id);
    assert.equal(credentials.get(id), null, id);
  }
  assert.deepEqual(credentials.get('good'), { clientId: 'good-id', clientSecret: 'good-secret', savedAt: 3 });
});

test('S22 a stored value that is not an object (array, text) reads as nothing saved, and saving repairs it', () => {
  for (const bad of [['google'], 'text', 7, null]) {
    const store = memoryStore({ [KEY]: bad });
    const credentials = new ClientCredentialStore(store, createTestCipher());
    assert.equal(credentials.summary('google'), null);
    assert.equal(credentials.get('0'), null);
    credentials.save('google', 'gid', 's', 1);
    assert.equal(credentials.get('google')?.clientSecret, 's');
  }
});

test('save with an undefined secret over a malformed entry stores no secret', () => {
  const store = memoryStore({ [KEY]: { x: { clientId: 'xid', secret: 5, savedAt: 1 } } });
  const credentials = new ClientCredentialStore(store, createTestCipher());
  credentials.save('x', 'xid', undefined, 2);
  assert.deepEqual(credentials.get('x'), { clientId: 'xid', clientSecret: null, savedAt: 2 });
});

test('S29 a decrypt failure gives StorageError client_secret_unreadable with a hint and no secret in the message', () => {
  const store = memoryStore();
  // Saved with one key, read with a cipher that cannot decrypt (the keyring changed).
  new ClientCredentialStore(store, createTestCipher()).save('google', 'gid', SECRET, 1);
  const ciphertext = rawEntry(store, 'google')?.secret as string;
  const credentials = new ClientCredentialStore(store, failingDecryptCipher());

  let thrown: unknown;
  try {
    credentials.get('google');
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof StorageError, 'a StorageError');
  assert.ok(thrown instanceof OAuthDeskError);
  assert.equal(thrown.code, 'client_secret_unreadable');
  assert.ok(thrown.hint.trim().length > 0, 'a hint says what to do');
  assert.match(thrown.hint, /Settings/);
  const wire = JSON.stringify(toErrorInfo(thrown));
  for (const text of [thrown.message, thrown.hint, wire]) {
    assert.ok(!text.includes(SECRET), 'no secret');
    assert.ok(!text.includes(ciphertext), 'no ciphertext either');
  }
  // The summary still works: Settings can show that a secret is saved.
  assert.deepEqual(credentials.summary('google'), { clientId: 'gid', secretSaved: true });
});

test('a public client reads fine with a cipher that cannot decrypt (nothing to decrypt)', () => {
  const store = memoryStore();
  const credentials = new ClientCredentialStore(store, failingDecryptCipher());
  credentials.save('x', 'xid', null, 1);
  assert.deepEqual(credentials.get('x'), { clientId: 'xid', clientSecret: null, savedAt: 1 });
});
