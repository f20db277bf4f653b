import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElectronStoreAdapter, electronStoreOptions } from '../../electron/main/electron-store-adapter.ts';
import { STORE_NAME } from '../../electron/core/storage/file-store.ts';

function fakeStore() {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (key: string) => data.get(key),
    set: (key: string, value: unknown) => {
      if (value === undefined) throw new TypeError('Use `delete()` to clear values');
      data.set(key, value);
    },
    delete: (key: string) => void data.delete(key),
  };
}

test('the adapter forwards get/set/delete; undefined means delete', () => {
  const store = fakeStore();
  const kv = createElectronStoreAdapter(store);
  kv.set('connection.sandbox.1', { a: 1 });
  assert.deepEqual(kv.get('connection.sandbox.1'), { a: 1 });
  assert.deepEqual([...store.data.keys()], ['connection.sandbox.1']);
  kv.set('connection.sandbox.1', undefined);
  assert.equal(store.data.has('connection.sandbox.1'), false);
  kv.set('k', 1);
  kv.delete('k');
  assert.equal(kv.get('k'), undefined);
});

test('S22 store options: the data dir, the shared file name, whole-string keys, mode 0600, no silent wipe', () => {
  const o = electronStoreOptions('/data/oauth-desk');
  assert.equal(o.cwd, '/data/oauth-desk');
  assert.equal(o.name, STORE_NAME);
  assert.equal(o.accessPropertiesByDotNotation, false);
  assert.equal(o.configFileMode, 0o600);
  assert.equal(o.clearInvalidConfig, false);
});
