/**
 * The data folder holds the store (tokens, encrypted), web mode's key file and the lock: only its
 * owner may list or open it (0700, S22). A folder that exists with looser permissions (created
 * before, or by Chromium as the Electron profile) is tightened when it is this user's.
 */
import { mkdirSync } from 'node:fs';
import { restrictMode } from './store-check.ts';

export const DATA_DIR_MODE = 0o700;

/** Creates the folder (and its parents) if needed; true when an existing folder's mode was tightened. */
export function ensurePrivateDataDir(dataDir: string): boolean {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  return restrictMode(dataDir, DATA_DIR_MODE);
}
