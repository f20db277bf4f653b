/**
 * One OAuth Desk per data folder. The desktop app and `npm run web` both refresh tokens on their own
 * schedule; two of them on one store would overwrite each other's rotated refresh tokens. The lock
 * is a file holding the owner's process id; one left by a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '../errors.ts';

export const LOCK_FILE_NAME = 'oauth-desk.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export interface LockOptions {
  readonly pid?: number;
  /** Whether a process with this id runs (signal 0 by default). */
  readonly isRunning?: (pid: number) => boolean;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dataDir: string, options: LockOptions = {}): DataDirLock {
  const pid = options.pid ?? process.pid;
  const isRunning = options.isRunning ?? processRuns;
  const path = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${pid}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        path,
        release: () => {
          if (ownerOf(path) !== pid) return;
          try {
            unlinkSync(path);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError('data_dir_unwritable', `OAuth Desk cannot write to its data folder ${dataDir}.`, {
          hint: 'Check the folder\'s permissions, or choose another one with OAUTH_DESK_DATA_DIR.',
          cause: error,
        });
      }
      const owner = ownerOf(path);
      if (owner !== null && owner !== pid && isRunning(owner)) {
        throw new StorageError('data_dir_in_use', `Another OAuth Desk (process ${owner}) is using the data folder ${dataDir}.`, {
          hint: 'Close the other one (the desktop app or `npm run web`) first, or give this one its own folder with OAUTH_DESK_DATA_DIR.',
        });
      }
      // Left by a process that is gone (or unreadable): take it over.
      try {
        unlinkSync(path);
      } catch {
        // Someone else removed it first; the next attempt decides.
      }
    }
  }
  throw new StorageError('data_dir_in_use', `Another OAuth Desk is starting with the data folder ${dataDir}.`, {
    hint: 'Wait a moment and start again, or give this one its own folder with OAUTH_DESK_DATA_DIR.',
  });
}
