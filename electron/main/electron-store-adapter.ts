/**
 * The core's `KeyValueStore` over an electron-store instance. The instance itself is created in
 * index.ts (the only file that may load electron-store, which loads electron) with `electronStoreOptions`.
 */
import type { KeyValueStore } from '../core/ports.ts';
import { STORE_FILE_MODE, STORE_NAME } from '../core/storage/file-store.ts';

/** The part of electron-store (conf) the adapter uses. */
export interface ElectronStoreLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/**
 * Options for `new Store(...)`: the same file as the web host's store (`<dataDir>/oauth-desk.json`),
 * whole-string keys, owner-only file mode (S22).
 */
export function electronStoreOptions(dataDir: string): {
  cwd: string;
  name: string;
  accessPropertiesByDotNotation: false;
  configFileMode: number;
  clearInvalidConfig: false;
  watch: false;
} {
  return {
    cwd: dataDir,
    name: STORE_NAME,
    // Keys such as "connection.sandbox.1" are whole keys, not paths.
    accessPropertiesByDotNotation: false,
    configFileMode: STORE_FILE_MODE,
    // A damaged file is an error the caller handles (moved aside, S21), never silently wiped here.
    clearInvalidConfig: false,
    watch: false,
  };
}

export function createElectronStoreAdapter(store: ElectronStoreLike): KeyValueStore {
  return {
    get: (key) => store.get(key),
    set: (key, value) => {
      // conf refuses `undefined`; storing "nothing" means deleting.
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
}
