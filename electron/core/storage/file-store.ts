/**
 * The store outside Electron (web mode and tests): `conf`, the library electron-store is built on,
 * so both write the same atomic JSON file with mode 0600 (S22). A file that cannot be parsed is
 * moved aside rather than crashing or silently wiped (S21).
 */
import { readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Conf from 'conf';
import type { KeyValueStore } from '../ports.ts';

export const STORE_NAME = 'oauth-desk';
export const STORE_FILE_MODE = 0o600;

export interface OpenedStore {
  readonly store: KeyValueStore;
  /** Where a corrupted store file was moved, when that happened on open. */
  readonly movedAsideTo: string | null;
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

/** Opens a store, moving an unreadable file aside once. Shared by the conf and electron-store hosts. */
export function openWithRecovery(filePath: string, open: () => KeyValueStore, now: () => number = Date.now): OpenedStore {
  removeStaleTempFiles(filePath, now);
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
