import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE_NAME, acquireDataDirLock } from '../../../electron/core/storage/data-dir-lock.ts';
import { tempDataDir } from '../../helpers/temp-dir.ts';

test('a second OAuth Desk on the same data folder is refused with what to do; the first one\'s release frees it', (t) => {
  const dir = tempDataDir(t);
  const first = acquireDataDirLock(dir, { pid: 1111, isRunning: (pid) => pid === 1111 });
  assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'), '1111\n');
  assert.equal(statSync(join(dir, LOCK_FILE_NAME)).mode & 0o777, 0o600);
  assert.throws(
    () => acquireDataDirLock(dir, { pid: 2222, isRunning: (pid) => pid === 1111 }),
    (e: unknown) => {
      const err = e as { code?: string; message?: string; hint?: string };
      return err.code === 'data_dir_in_use' && /process 1111/.test(err.message ?? '') && /OAUTH_DESK_DATA_DIR/.test(err.hint ?? '');
    },
  );
  first.release();
  assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  acquireDataDirLock(dir, { pid: 2222, isRunning: () => true }).release();
});

test('a lock left by a process that no longer runs, or holding garbage, is taken over', (t) => {
  const dir = tempDataDir(t);
  writeFileSync(join(dir, LOCK_FILE_NAME), '999999\n');
  const taken = acquireDataDirLock(dir, { pid: 3333, isRunning: () => false });
  assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'), '3333\n');
  taken.release();
  writeFileSync(join(dir, LOCK_FILE_NAME), 'not a pid');
  acquireDataDirLock(dir, { pid: 4444, isRunning: () => true }).release();
});

test('release leaves a lock that another process took over alone; the real process check sees this process', (t) => {
  const dir = tempDataDir(t);
  const mine = acquireDataDirLock(dir, { pid: 5555, isRunning: () => false });
  writeFileSync(join(dir, LOCK_FILE_NAME), '6666\n');
  mine.release();
  assert.equal(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'), '6666\n');
  writeFileSync(join(dir, LOCK_FILE_NAME), `${process.pid}\n`);
  assert.throws(() => acquireDataDirLock(dir, { pid: 7777 }), (e: unknown) => (e as { code?: string }).code === 'data_dir_in_use');
});
