/**
 * `node electron/web/main.ts` as a child process: configuration errors, and (after `npm run build`) a
 * full start, a call over the web channel and a clean SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnWebHost, startWebHost } from '../helpers/web-host.ts';

function run(env: Record<string, string>) {
  const host = spawnWebHost(env, { inheritEnv: false });
  return { child: host.child, exited: host.exited, out: () => host.output().stdout, err: () => host.output().stderr };
}

test('an invalid token lifetime is a clear error with exit code 2', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oauth-desk-main-'));
  try {
    for (const ttl of ['0', 'soon', '-1']) {
      const proc = run({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: ttl });
      assert.equal(await proc.exited, 2, ttl);
      assert.match(proc.err(), /OAUTH_DESK_SANDBOX_TOKEN_TTL/);
      assert.equal(proc.out(), '');
    }
    const badPort = run({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_WEB_PORT: 'eighty' });
    assert.equal(await badPort.exited, 2);
    assert.match(badPort.err(), /OAUTH_DESK_WEB_PORT/);
    assert.deepEqual(await readdir(dataDir), []);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('starts, prints one URL line, serves the API and stops on SIGTERM (needs npm run build)', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oauth-desk-main-'));
  const host = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir, OAUTH_DESK_SANDBOX_TOKEN_TTL: '60' });
  const url = host.url;
  try {
    const parsed = new URL(url);
    assert.equal(parsed.hostname, '127.0.0.1');
    const key = new URLSearchParams(parsed.hash.slice(1)).get('key');
    assert.ok(key && key.length >= 43);
    assert.ok(!host.output().stderr.includes(key), 'the key is not logged');

    const page = await fetch(new URL('/', url));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /OAuth Desk/);

    const list = await fetch(new URL('/api/invoke/providers%3Alist', url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-OAuth-Desk-Key': key },
      body: '{}',
    });
    const result = (await list.json()) as { ok: boolean; value: Array<{ displayName: string }> };
    assert.equal(result.ok, true);
    assert.ok(result.value.some((p) => p.displayName === 'Sandbox'));

    assert.equal(await host.stop('SIGTERM'), 0);
    assert.equal(host.output().stdout.trim().split('\n').length, 1, 'exactly one stdout line');
  } finally {
    await host.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a second web host on the same data folder is refused (exit 2) while the first runs, and starts once it stopped', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'oauth-desk-main-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  t.after(() => first.stop());
  const second = run({ OAUTH_DESK_DATA_DIR: dataDir });
  assert.equal(await second.exited, 2);
  assert.match(second.err(), new RegExp(`Another OAuth Desk \\(process ${first.child.pid}\\) is using the data folder`));
  assert.match(second.err(), /OAUTH_DESK_DATA_DIR/);
  assert.equal(second.out(), '', 'no URL line');
  assert.equal(await first.stop('SIGTERM'), 0);
  const third = await startWebHost({ OAUTH_DESK_DATA_DIR: dataDir });
  assert.equal(await third.stop('SIGTERM'), 0);
});
