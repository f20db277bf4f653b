import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  registerAppProtocol,
  registerAppScheme,
  resolveAppPath,
} from '../../electron/main/app-protocol.ts';
import { RENDERER_CSP } from '../../electron/shared/content-security-policy.ts';

const ROOT = path.resolve('/srv/app/out/renderer');

test('S26 resolveAppPath maps app URLs into the renderer folder', () => {
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/index.html'), path.join(ROOT, 'index.html'));
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/'), path.join(ROOT, 'index.html'));
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk'), path.join(ROOT, 'index.html'));
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/assets/index-BEcW1LB6.js'), path.join(ROOT, 'assets', 'index-BEcW1LB6.js'));
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/assets/a.css?v=1#x'), path.join(ROOT, 'assets', 'a.css'));
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/assets/font%20x.woff2'), null, 'spaces are not in built names');
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/assets/%41.js'), path.join(ROOT, 'assets', 'A.js'));
  assert.equal(APP_INDEX_URL, `${APP_ORIGIN}/index.html`);
});

test('S26 resolveAppPath hands the path to the strict renderer-file rules (exhaustive cases in tests/core/static)', () => {
  for (const url of [
    'app://oauth-desk/../index.html',
    'app://oauth-desk/%2e%2e/etc/passwd',
    'app://oauth-desk/assets%2f..%2f..%2fetc%2fpasswd',
    'app://oauth-desk/..\\..\\windows\\win.ini',
    'app://oauth-desk//etc/passwd',
    'app://oauth-desk/index.html%00.js',
    'app://oauth-desk/.env',
    'app://oauth-desk/%zz',
  ]) {
    assert.equal(resolveAppPath(ROOT, url), null, url);
  }
});

test('S26 resolveAppPath rejects other hosts, schemes and forms', () => {
  for (const url of [
    'app://evil/index.html',
    'app://oauth-desk.evil/index.html',
    'app://oauth-desk:80/index.html',
    'app://user@oauth-desk/index.html',
    'APP://oauth-desk/index.html',
    'app://OAUTH-DESK/index.html',
    'app:/index.html',
    'app:///etc/passwd',
    'file:///etc/passwd',
    'https://oauth-desk/index.html',
    '/etc/passwd',
    'index.html',
    '',
  ]) {
    assert.equal(resolveAppPath(ROOT, url), null, url);
  }
  assert.equal(resolveAppPath(ROOT, undefined), null);
  assert.equal(resolveAppPath(ROOT, 'app://oauth-desk/' + 'a'.repeat(3000)), null);
  assert.equal(resolveAppPath('relative/dir', 'app://oauth-desk/index.html'), null, 'the renderer dir must be absolute');
});

test('S26 the scheme is registered as standard, secure, fetch-capable, and nothing more', () => {
  let registered: unknown;
  registerAppScheme({ registerSchemesAsPrivileged: (schemes) => (registered = schemes) });
  assert.deepEqual(registered, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  assert.deepEqual(APP_SCHEME_PRIVILEGES, registered);
  const privileges = (registered as Array<{ privileges: Record<string, unknown> }>)[0]?.privileges ?? {};
  assert.equal(privileges.bypassCSP, undefined);
  assert.equal(privileges.corsEnabled, undefined);
});

function withRenderer(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'oauth-desk-protocol-'));
    const dir = path.join(base, 'renderer');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'blob.bin'), 'x');
    writeFileSync(path.join(base, 'secret.txt'), 'TOP-SECRET');
    try {
      await fn(dir);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  };
}

test(
  'S26 the handler serves files with CSP and nosniff, and refuses everything else with the same headers',
  withRenderer(async (dir) => {
    const handle = createAppProtocolHandler({ rendererDir: dir });
    const index = await handle(new Request('app://oauth-desk/index.html'));
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('content-security-policy'), RENDERER_CSP);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await index.text(), '<!doctype html><title>x</title>');

    const js = await handle(new Request('app://oauth-desk/assets/app.js'));
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');

    for (const url of ['app://oauth-desk/../secret.txt', 'app://oauth-desk/%2e%2e/secret.txt', 'app://oauth-desk/missing.js', 'app://oauth-desk/assets/blob.bin', 'app://oauth-desk/assets']) {
      const r = await handle(new Request(url));
      assert.equal(r.status, 404, url);
      assert.equal(r.headers.get('content-security-policy'), RENDERER_CSP, url);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', url);
      assert.doesNotMatch(await r.text(), /TOP-SECRET/);
    }

    const post = await handle(new Request('app://oauth-desk/index.html', { method: 'POST', body: 'x' }));
    assert.equal(post.status, 405);
    const head = await handle(new Request('app://oauth-desk/index.html', { method: 'HEAD' }));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  }),
);

test(
  'S26 registerAppProtocol hands the handler to protocol.handle for the app scheme',
  withRenderer(async (dir) => {
    const calls: Array<[string, (r: Request) => Promise<Response>]> = [];
    registerAppProtocol({ handle: (scheme, handler) => void calls.push([scheme, handler]) }, { rendererDir: dir });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.[0], 'app');
    const r = await calls[0]?.[1](new Request('app://oauth-desk/'));
    assert.equal(r?.status, 200);
  }),
);
