/**
 * The store outside Electron (web mode and tests): `conf`, the library electron-store is built on,
 * so both write the same atomic JSON file with mode 0600 (S22). A file that cannot be parsed is
 * moved aside rather than crashing or silently wiped (S21).
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { KeyValueStore } from '../ports.ts';

export const STORE_NAME = 'oauth-desk';
export const STORE_FILE_MODE = 0o600;

export interface OpenedStore {
  readonly store: KeyValueStore;
  /** Where a corrupted store file was moved, when that happened on open. */
  readonly movedAsideTo: string | null;
}

/** Opens a store, moving an unreadable file aside once. Shared by the conf and electron-store hosts. */
export function openWithRecovery(filePath: string, open: () => KeyValueStore, now: () => number = Date.now): OpenedStore {
  try {
    return { store: open(), movedAsideTo: null };
  } catch (error) {
    const aside = `${filePath}.corrupt-${now()}`;
    try {
      renameSync(filePath, aside);
    } catch {
      throw error;
    }
    return { store: open(), movedAsideTo: aside };
  }
}

export function storeFilePath(dataDir: string): string {
  return join(dataDir, `${STORE_NAME}.json`);
}

export function openFileStore(dataDir: string): OpenedStore {
  return openWithRecovery(storeFilePath(dataDir), () => {
    const conf = new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: STORE_NAME,
      projectName: STORE_NAME,
      configFileMode: STORE_FILE_MODE,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    return {
      get: (key) => conf.get(key),
      set: (key, value) => conf.set(key, value),
      delete: (key) => conf.delete(key),
    };
  });
}

export function createFileStore(dataDir: string): KeyValueStore {
  return openFileStore(dataDir).store;
}
