/**
 * The data folder holds the store (tokens, encrypted), web mode's key file and the lock: only its
 * owner may list or open it (0700, S22). A folder that exists with looser permissions is tightened
 * when it is OAuth Desk's own (empty, or holding its files, or Electron's profile folder for the
 * app); a folder that also holds other things (say `OAUTH_DESK_DATA_DIR=$HOME`) is left as it is,
 * and the host warns: the files OAuth Desk writes there are 0600 either way.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { restrictMode } from './store-check.ts';

export const DATA_DIR_MODE = 0o700;

/** Files that mark a folder as OAuth Desk's data folder. */
const OWN_FILES = ['oauth-desk.json', 'oauth-desk.lock', 'web-mode.key', 'providers.json'];

export type DataDirPrivacy =
  /** Created now, or already owner-only. */
  | 'private'
  /** It was readable by others and is now owner-only. */
  | 'tightened'
  /** Readable by others, but it holds other things too, so its permissions were left alone. */
  | 'left-shared';

function isOwnFolder(dataDir: string): boolean {
  try {
    const names = readdirSync(dataDir);
    return names.length === 0 || OWN_FILES.some((name) => existsSync(join(dataDir, name)));
  } catch {
    return false;
  }
}

/** Creates the folder (and its parents) if needed, and makes it owner-only when it is OAuth Desk's own. */
export function ensurePrivateDataDir(dataDir: string, options: { readonly appProfile?: boolean } = {}): DataDirPrivacy {
  const existed = existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  if (existed && options.appProfile !== true && !isOwnFolder(dataDir)) {
    return restrictMode(dataDir, DATA_DIR_MODE, { dryRun: true }) ? 'left-shared' : 'private';
  }
  return restrictMode(dataDir, DATA_DIR_MODE) ? 'tightened' : 'private';
}
