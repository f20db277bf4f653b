import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StorageError, toErrorInfo } from '../../electron/core/errors.ts';
import type { SafeStorageLike } from '../../electron/main/safe-storage-cipher.ts';
import { createSafeStorageCipher, protectionOf, storageBackendName } from '../../electron/main/safe-storage-cipher.ts';
import { describeSecretStorage } from '../../electron/core/storage/secret-storage-description.ts';
import { createTestCipher as createFileKeyCipherForTest } from '../helpers/test-cipher.ts';

/** Reversible fake "encryption" that is visibly not the plaintext. */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => true,
    encryptString: (s) => {
      calls.push('encrypt');
      return Buffer.from('ENC:' + Buffer.from(s, 'utf8').toString('hex'));
    },
    decryptString: (b) => {
      calls.push('decrypt');
      const text = b.toString('utf8');
      if (!text.startsWith('ENC:')) throw new Error('bad ciphertext');
      return Buffer.from(text.slice(4), 'hex').toString('utf8');
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  };
}

test('S20 encrypt gives base64 of encryptString; decrypt reverses it', () => {
  const storage = fakeSafeStorage();
  const cipher = createSafeStorageCipher(storage, 'linux');
  const secret = 'refresh-token-Ω-1234';
  const ciphertext = cipher.encrypt(secret);
  assert.equal(ciphertext, Buffer.from('ENC:' + Buffer.from(secret).toString('hex')).toString('base64'));
  assert.equal(ciphertext.includes(secret), false);
  assert.equal(cipher.decrypt(ciphertext), secret);
  assert.equal(cipher.decrypt(cipher.encrypt('')), '');
});

test('S20 backend: Linux asks safeStorage, macOS keychain, Windows dpapi', () => {
  assert.equal(createSafeStorageCipher(fakeSafeStorage(), 'linux').backend, 'gnome_libsecret');
  assert.equal(createSafeStorageCipher(fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }), 'linux').backend, 'basic_text');
  assert.equal(createSafeStorageCipher(fakeSafeStorage(), 'darwin').backend, 'keychain');
  assert.equal(createSafeStorageCipher(fakeSafeStorage(), 'win32').backend, 'dpapi');
  assert.equal(
    storageBackendName({ getSelectedStorageBackend: () => {
      throw new Error('not linux');
    } }, 'linux'),
    'unknown',
  );
  assert.equal(storageBackendName({ getSelectedStorageBackend: () => '' }, 'linux'), 'unknown');
});

test('S20 unavailable encryption throws a StorageError with a hint and never writes plaintext', () => {
  const storage = fakeSafeStorage({ isEncryptionAvailable: () => false });
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    const cipher = createSafeStorageCipher(storage, platform);
    assert.throws(
      () => cipher.encrypt('secret'),
      (e: unknown) => e instanceof StorageError && e.code === 'secure_storage_unavailable' && e.hint.length > 10,
    );
    assert.throws(() => cipher.decrypt(Buffer.from('ENC:00').toString('base64')), StorageError);
  }
  assert.deepEqual(storage.calls, []);
  const throwing = createSafeStorageCipher(fakeSafeStorage({ isEncryptionAvailable: () => {
    throw new Error('before ready');
  } }), 'linux');
  assert.throws(() => throwing.encrypt('x'), StorageError);
});

test('S29 damaged ciphertext gives a StorageError that does not echo the data', () => {
  const cipher = createSafeStorageCipher(fakeSafeStorage(), 'linux');
  for (const bad of ['', 'not base64!', 'abc', Buffer.from('PLAIN:secret-value').toString('base64')]) {
    assert.throws(
      () => cipher.decrypt(bad),
      (e: unknown) => {
        const info = toErrorInfo(e);
        return info.code === 'secret_undecryptable' && !JSON.stringify(info).includes('secret-value') && !JSON.stringify(info).includes(bad || '\u0000');
      },
      bad,
    );
  }
  const failingEncrypt = createSafeStorageCipher(fakeSafeStorage({ encryptString: () => {
    throw new Error('keyring locked: secret-value');
  } }), 'linux');
  assert.throws(() => failingEncrypt.encrypt('secret-value'), (e: unknown) => toErrorInfo(e).code === 'secret_encrypt_failed' && !toErrorInfo(e).message.includes('secret-value'));
});

test('secrets written by npm run web (key file) are recognised, not reported as damage', () => {
  const webCipher = createFileKeyCipherForTest();
  const fromWeb = webCipher.encrypt('a-secret');
  const app = createSafeStorageCipher(fakeSafeStorage(), 'linux');
  assert.throws(() => app.decrypt(fromWeb), (e: unknown) => e instanceof StorageError && e.code === 'secret_from_other_mode' && /npm run web/.test(e.hint));
  assert.throws(() => webCipher.decrypt(app.encrypt('a-secret')), (e: unknown) => e instanceof StorageError && e.code === 'secret_from_other_mode' && /desktop app/.test(e.hint));
});

test('S20 protection: macOS Keychain, Windows DPAPI, Secret Service and KWallet are the OS keyring; basic_text, unknown and any other Linux backend are weak', () => {
  const linux = (backend: string) => createSafeStorageCipher(fakeSafeStorage({ getSelectedStorageBackend: () => backend }), 'linux');
  for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) assert.equal(linux(backend).protection, 'os', backend);
  for (const backend of ['basic_text', 'unknown', '', 'some_future_backend', 'constructor']) assert.equal(linux(backend).protection, 'weak', JSON.stringify(backend));
  const throwing = createSafeStorageCipher(fakeSafeStorage({ getSelectedStorageBackend: () => {
    throw new Error('not ready');
  } }), 'linux');
  assert.deepEqual([throwing.backend, throwing.protection], ['unknown', 'weak']);
  assert.equal(createSafeStorageCipher(fakeSafeStorage(), 'darwin').protection, 'os');
  assert.equal(createSafeStorageCipher(fakeSafeStorage(), 'win32').protection, 'os');
  assert.equal(createSafeStorageCipher(fakeSafeStorage(), 'freebsd').protection, 'weak', 'a platform without a known keyring is weak');
  assert.equal(protectionOf('keychain', 'linux'), 'weak', 'names only count on their own platform');
});

test('S20 Settings describes each backend in plain words; weak ones say that anyone who can read the files can decrypt', () => {
  const os = describeSecretStorage(createSafeStorageCipher(fakeSafeStorage(), 'darwin'));
  assert.equal(os.label, 'macOS Keychain');
  assert.match(os.description, /login keychain/);
  assert.equal(describeSecretStorage(createSafeStorageCipher(fakeSafeStorage(), 'win32')).label, 'Windows Data Protection (DPAPI)');
  assert.match(describeSecretStorage(createSafeStorageCipher(fakeSafeStorage(), 'linux')).label, /Secret Service/);
  for (const backend of ['basic_text', 'unknown', 'some_future_backend', 'constructor']) {
    const described = describeSecretStorage(createSafeStorageCipher(fakeSafeStorage({ getSelectedStorageBackend: () => backend }), 'linux'));
    assert.match(described.description, /anyone who can read your files/, backend);
    assert.equal(typeof described.label, 'string');
  }
  assert.equal(describeSecretStorage({ backend: 'basic_text', protection: 'weak' }).label, 'No keyring (basic text)');
  assert.match(describeSecretStorage({ backend: 'basic_text', protection: 'weak' }).remedy ?? '', /GNOME Keyring/, 'a weak Linux backend says how to get a keyring');
  assert.equal(os.remedy, null);
});
