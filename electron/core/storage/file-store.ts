/**
 * The store outside Electron (web mode and tests): `conf`, the library electron-store is built on,
 * so both write the same atomic JSON file with mode 0600 (S22). A file that cannot be parsed, or
 * is not a JSON object, is moved aside rather than crashing or silently wiped (S21); sections of
 * the wrong type are cleared after a copy of the file is kept (store-check.ts).
 */
import { readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Conf from 'conf';
import type { KeyValueStore } from '../ports.ts';
import type { MovedAsideReason, StoreStatus } from './store-check.ts';
import { asidePath, inspectStoreFile, resetWrongSections, restrictMode } from './store-check.ts';

export const STORE_NAME = 'oauth-desk';
export const STORE_FILE_MODE = 0o600;

export interface OpenedStore {
  readonly store: KeyValueStore;
  /** Where a corrupted store file was moved, when that happened on open. */
  readonly movedAsideTo: string | null;
  /** Everything the open found and did, for the window (pass it to the desk as `storeStatus`). */
  readonly status: StoreStatus;
}

/** A temporary file of an atomic write older than this was left by a process that died mid-write. */
export const STALE_TEMP_FILE_MS = 60_000;

/**
 * Removes what killed writers left behind: `<store file>.tmp-*` files older than a minute (a live
 * write finishes within milliseconds). They hold a token set that never became the store, so they
 * must not pile up. Returns how many were removed.
 */
export function removeStaleTempFiles(filePath: string, now: () => number = Date.now): number {
  const prefix = `${basename(filePath)}.tmp-`;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dirname(filePath));
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const path = join(dirname(filePath), name);
    try {
      if (now() - statSync(path).mtimeMs < STALE_TEMP_FILE_MS) continue;
      unlinkSync(path);
      removed++;
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

/**
 * Opens a store, moving an unusable file aside once (S21): one conf cannot parse, and one it would
 * silently take as empty (an empty file, JSON that is not an object). Sections of the wrong type
 * are cleared after a copy of the file is kept, and the file is made owner-only (S22). Shared by
 * the conf and electron-store hosts; never throws for the file's content.
 */
export function openWithRecovery(filePath: string, open: () => KeyValueStore, now: () => number = Date.now): OpenedStore {
  removeStaleTempFiles(filePath, now);
  const shape = inspectStoreFile(filePath);
  const moveAside = (reason: MovedAsideReason): NonNullable<StoreStatus['movedAside']> => {
    const to = asidePath(filePath, now);
    renameSync(filePath, to);
    restrictMode(to, STORE_FILE_MODE);
    return { to, reason };
  };
  let movedAside: StoreStatus['movedAside'] = null;
  if (shape === 'empty' || shape === 'not-an-object') {
    try {
      movedAside = moveAside(shape);
    } catch {
      // Not movable (a read-only folder): conf opens it as empty, and nothing can be written over it either.
    }
  }
  let store: KeyValueStore;
  try {
    store = open();
  } catch (error) {
    if (movedAside !== null) throw error;
    try {
      movedAside = moveAside(shape === 'not-json' ? 'not-json' : 'unreadable');
    } catch {
      throw error;
    }
    store = open();
  }
  let resetSections: StoreStatus['resetSections'] = null;
  try {
    resetSections = resetWrongSections(filePath, store, now);
  } catch {
    // No copy could be made (a full or read-only disk): nothing is cleared, so nothing is lost; the
    // readers ignore sections of the wrong type, and the app still starts.
  }
  restrictMode(filePath, STORE_FILE_MODE);
  const status: StoreStatus = { file: filePath, movedAside, resetSections };
  return { store, movedAsideTo: status.movedAside?.to ?? null, status };
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
