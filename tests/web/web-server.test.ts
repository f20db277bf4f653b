/**
 * The web channel over real loopback HTTP, with a small fake Desk.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import type { ChannelHandlers } from '../../electron/core/ipc/dispatch.ts';
import { RequestError } from '../../electron/core/errors.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import type { InspectorTarget } from '../../electron/shared/flow-types.ts';
import { RENDERER_CSP } from '../../electron/shared/content-security-policy.ts';
import { startWebServer } from '../../electron/web/web-server.ts';
import type { WebServer } from '../../electron/web/web-server.ts';
import { providerView } from '../helpers/views.ts';
import { unusedSettingsHandlers } from '../helpers/unused-settings-handlers.ts';

const SANDBOX: ProviderView = providerView({ description: 'The built-in test provider.', availableAuthModes: ['system-browser', 'app-window'] });

function createFakeDesk() {
  const listeners = new Set<(views: ProviderView[]) => void>();
  const inspectorListeners = new Set<(target: InspectorTarget) => void>();
  const calls: Array<{ channel: string; payload: unknown }> = [];
  let views: ProviderView[] = [SANDBOX];
  const handlers: ChannelHandlers = {
    'providers:list': async () => {
      calls.push({ channel: 'providers:list', payload: undefined });
      return views;
    },
    'providers:set-auth-mode': async (payload) => {
      calls.push({ channel: 'providers:set-auth-mode', payload });
      if (payload.providerId !== 'sandbox') {
        throw new RequestError('provider_unknown', 'There is no such provider.', { hint: 'Reload the window.' });
      }
    },
    'auth:connect': async (payload) => {
      calls.push({ channel: 'auth:connect', payload });
      return {
        attemptId: 'attempt-1',
        providerId: payload.providerId,
        connectionId: null,
        authMode: 'system-browser',
        authorizationUrl: 'http://127.0.0.1:1/authorize?x=1',
        redirectUri: 'http://127.0.0.1:2/callback',
        startedAt: 1,
        expiresAt: 2,
      };
    },
    'auth:cancel': async () => {},
    'connections:disconnect': async () => ({ revoked: true, revocationError: null }),
    'connections:refresh': async (payload) => {
      calls.push({ channel: 'connections:refresh', payload });
      throw new RequestError('connection_unknown', 'There is no such connection.', { hint: 'Reload the window.' });
    },
    'connections:refresh-all': async () => ({ refreshed: 0, failed: [] }),
    'data:fetch': async () => {
      throw new Error('secret-looking internal detail');
    },
    'inspector:steps': async (target) => ({ target, steps: [], dropped: 0, capacity: 100 }),
    'system:network-online': async () => {},
    'system:report-csp-violation': async () => {},
    ...unusedSettingsHandlers(),
  };
  const desk: Desk = {
    handlers,
    onProvidersChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onInspectorChanged(listener) {
      inspectorListeners.add(listener);
      return () => inspectorListeners.delete(listener);
    },
    authorizationOrigins: () => [],
    openableLinks: () => [],
    systemEvent() {},
    async close() {},
  };
  return {
    desk,
    calls,
    listeners,
    inspectorListeners,
    push(next: ProviderView[]) {
      views = next;
      for (const l of listeners) l(next);
    },
    inspectorChanged(target: InspectorTarget) {
      for (const l of inspectorListeners) l(target);
    },
  };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('web server', () => {
  let dir: string;
  let rendererDir: string;
  let fake: ReturnType<typeof createFakeDesk>;
  let server: WebServer;
  let port: number;
  let key: string;
  let host: string;

  const api = (channel: string, body: unknown, extra: Record<string, string> = {}) =>
    raw(port, {
      method: 'POST',
      path: `/api/invoke/${encodeURIComponent(channel)}`,
      headers: { Host: host, 'Content-Type': 'application/json', 'X-OAuth-Desk-Key': key, ...extra },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oauth-desk-web-'));
    rendererDir = path.join(dir, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>OAuth Desk</title>');
    await writeFile(path.join(rendererDir, 'assets', 'app-1.js'), 'console.log(1);');
    await writeFile(path.join(rendererDir, 'assets', 'app-1.css'), 'body{}');
    await writeFile(path.join(rendererDir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // A file next to the renderer that traversal must not reach.
    await writeFile(path.join(dir, 'package.json'), '{"name":"SECRET-OUTSIDE"}');
    fake = createFakeDesk();
    server = await startWebServer({ desk: fake.desk, rendererDir });
    port = server.port;
    host = `127.0.0.1:${port}`;
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/#key=([A-Za-z0-9_-]{43})$/.exec(server.url);
    assert.ok(match, `unexpected url ${server.url}`);
    assert.equal(Number(match[1]), port);
    key = match[2]!;
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('generates a fresh 32-byte key per start', async () => {
    const other = await startWebServer({ desk: fake.desk, rendererDir });
    try {
      const otherKey = other.url.split('#key=')[1]!;
      assert.notEqual(otherKey, key);
      assert.equal(Buffer.from(otherKey, 'base64url').length, 32);
    } finally {
      await other.close();
    }
  });

  test('requires the key', async () => {
    const missing = await raw(port, {
      method: 'POST',
      path: '/api/invoke/providers%3Alist',
      headers: { Host: host, 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(missing.status, 401);
    const wrong = await api('providers:list', {}, { 'X-OAuth-Desk-Key': key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A') });
    assert.equal(wrong.status, 401);
    const shortKey = await api('providers:list', {}, { 'X-OAuth-Desk-Key': 'x' });
    assert.equal(shortKey.status, 401);
    const events = await raw(port, { path: '/api/events', headers: { Host: host } });
    assert.equal(events.status, 401);
    assert.ok(!missing.body.includes(key) && !wrong.body.includes(key));
  });

  test('checks the Host header', async () => {
    for (const badHost of [`localhost:${port}`, 'evil.example', '127.0.0.1', `127.0.0.1:${port + 1}`, `[::1]:${port}`]) {
      const page = await raw(port, { path: '/', headers: { Host: badHost } });
      assert.ok(page.status === 421 || page.status === 403, `${badHost} -> ${page.status}`);
      assert.ok(!page.body.includes('OAuth Desk</title>'));
      const call = await api('providers:list', {}, { Host: badHost });
      assert.ok(call.status === 421 || call.status === 403, `${badHost} -> ${call.status}`);
    }
    assert.equal(fake.calls.length, 0);
  });

  test('checks the Origin header and Sec-Fetch-Site', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${port}`, 'null', `https://127.0.0.1:${port}`]) {
      const call = await api('providers:list', {}, { Origin: origin });
      assert.equal(call.status, 403, origin);
      const page = await raw(port, { path: '/', headers: { Host: host, Origin: origin } });
      assert.equal(page.status, 403, origin);
    }
    const crossSite = await api('providers:list', {}, { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    const sameSite = await api('providers:list', {}, { 'Sec-Fetch-Site': 'same-site' });
    assert.equal(sameSite.status, 403);
    assert.equal(fake.calls.length, 0);

    const sameOrigin = await api('providers:list', {}, { Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(sameOrigin.status, 200);
  });

  test('refuses bad bodies with clear 4xx', async () => {
    const before = fake.calls.length;
    const invalid = await api('providers:list', '{"payload":');
    assert.equal(invalid.status, 400);
    assert.match(invalid.body, /not valid JSON/);

    const notObject = await api('providers:list', '[1,2]');
    assert.equal(notObject.status, 400);

    const extraField = await api('providers:list', { payload: null, other: 1 });
    assert.equal(extraField.status, 400);

    const textPlain = await api('providers:list', '{}', { 'Content-Type': 'text/plain' });
    assert.equal(textPlain.status, 415);
    const form = await api('providers:list', 'payload=1', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);

    const big = JSON.stringify({ payload: { providerId: 'sandbox', pad: 'x'.repeat(70 * 1024) } });
    const oversized = await api('auth:connect', big);
    assert.equal(oversized.status, 413);

    const getInvoke = await raw(port, { path: '/api/invoke/providers%3Alist', headers: { Host: host, 'X-OAuth-Desk-Key': key } });
    assert.equal(getInvoke.status, 405);
    const preflight = await raw(port, {
      method: 'OPTIONS',
      path: '/api/invoke/providers%3Alist',
      headers: { Host: host, Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.ok(preflight.status >= 400);
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(fake.calls.length, before);
  });

  test('unknown channels and invalid payloads come back as WireResult errors', async () => {
    const unknown = await api('tokens:steal', { payload: null });
    assert.equal(unknown.status, 200);
    const unknownResult = JSON.parse(unknown.body);
    assert.equal(unknownResult.ok, false);
    assert.equal(unknownResult.error.code, 'ipc_unknown_channel');
    assert.equal(typeof unknownResult.error.hint, 'string');

    const proto = await api('__proto__', { payload: null });
    assert.equal(JSON.parse(proto.body).error.code, 'ipc_unknown_channel');

    const invalid = await api('auth:connect', { payload: { providerId: 'sandbox', extra: true } });
    assert.equal(invalid.status, 200);
    assert.equal(JSON.parse(invalid.body).error.code, 'ipc_invalid_payload');

    const badMode = await api('providers:set-auth-mode', { payload: { providerId: 'sandbox', authMode: 'popup' } });
    assert.equal(JSON.parse(badMode.body).error.code, 'ipc_invalid_payload');

    const handlerError = await api('providers:set-auth-mode', { payload: { providerId: 'other', authMode: 'app-window' } });
    assert.deepEqual(JSON.parse(handlerError.body), {
      ok: false,
      error: { code: 'provider_unknown', message: 'There is no such provider.', hint: 'Reload the window.' },
    });

    const unexpected = await api('data:fetch', { payload: { connectionId: 'c1' } });
    const unexpectedResult = JSON.parse(unexpected.body);
    assert.equal(unexpectedResult.error.code, 'unexpected');
    assert.ok(!unexpected.body.includes('secret-looking'));
  });

  test('a valid call returns the handler value', async () => {
    const list = await api('providers:list', {});
    assert.equal(list.status, 200);
    assert.match(String(list.headers['content-type']), /^application\/json/);
    assert.equal(list.headers['cache-control'], 'no-store');
    assert.deepEqual(JSON.parse(list.body), { ok: true, value: [SANDBOX] });

    const unencoded = await raw(port, {
      method: 'POST',
      path: '/api/invoke/auth:connect',
      headers: { Host: host, 'Content-Type': 'application/json; charset=utf-8', 'X-OAuth-Desk-Key': key },
      body: JSON.stringify({ payload: { providerId: 'sandbox' } }),
    });
    const connect = JSON.parse(unencoded.body);
    assert.equal(connect.ok, true);
    assert.equal(connect.value.attemptId, 'attempt-1');
    assert.deepEqual(fake.calls.at(-1), { channel: 'auth:connect', payload: { providerId: 'sandbox' } });

    const setMode = await api('providers:set-auth-mode', { payload: { providerId: 'sandbox', authMode: 'app-window' } });
    assert.deepEqual(JSON.parse(setMode.body), { ok: true });
  });

  test('the event stream delivers the initial list and later pushes', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://${host}/api/events`, {
      headers: { 'X-OAuth-Desk-Key': key },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(String(response.headers.get('content-type')), /^text\/event-stream/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextEvent = async (): Promise<{ event: string; data: unknown }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          if (lines.length === 0) continue;
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          return { event, data: JSON.parse(data) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    };
    const initial = await nextEvent();
    assert.equal(initial.event, 'providers:changed');
    assert.deepEqual(initial.data, [SANDBOX]);
    assert.equal(fake.listeners.size, 1);

    const connected: ProviderView = {
      ...SANDBOX,
      connections: [
        {
          id: 'c1',
          providerId: 'sandbox',
          accountLabel: 'ada@example.com',
          connectedAt: 1000,
          tokensUpdatedAt: 1000,
          expiresAt: 121000,
          grantedScopes: ['openid', 'profile'],
          requestedScopes: ['openid', 'profile'],
          hasRefreshToken: true,
          refreshTokenInMemoryOnly: false,
          refreshing: false,
          reauthorizationReason: null,
          lastRefresh: null,
          nextRefreshAt: 91000,
        },
      ],
    };
    fake.push([connected]);
    const pushed = await nextEvent();
    assert.equal(pushed.event, 'providers:changed');
    assert.deepEqual(pushed.data, [connected]);

    // The flow inspector's push names the timeline only.
    assert.equal(fake.inspectorListeners.size, 1);
    fake.inspectorChanged({ kind: 'connection', connectionId: 'c1' });
    const inspector = await nextEvent();
    assert.equal(inspector.event, 'inspector:changed');
    assert.deepEqual(inspector.data, { kind: 'connection', connectionId: 'c1' });

    controller.abort();
    await reader.cancel().catch(() => undefined);
    for (let i = 0; i < 50 && (fake.listeners.size > 0 || fake.inspectorListeners.size > 0); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(fake.listeners.size, 0, 'the stream unsubscribed on close');
    assert.equal(fake.inspectorListeners.size, 0, 'the inspector subscription ended with the stream');
    fake.push([SANDBOX]);
  });

  test('serves static files with the right headers', async () => {
    const index = await raw(port, { path: '/', headers: { Host: host } });
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(index.headers['content-security-policy'], RENDERER_CSP);
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['referrer-policy'], 'no-referrer');
    assert.equal(index.headers['cache-control'], 'no-store');
    assert.match(index.body, /<title>OAuth Desk<\/title>/);
    assert.doesNotMatch(RENDERER_CSP, /unsafe-inline|unsafe-eval/);

    const withQuery = await raw(port, { path: '/?x=1', headers: { Host: host } });
    assert.equal(withQuery.status, 200);

    const js = await raw(port, { path: '/assets/app-1.js', headers: { Host: host } });
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    assert.equal(js.headers['content-security-policy'], RENDERER_CSP);
    assert.equal(js.body, 'console.log(1);');

    const css = await raw(port, { path: '/assets/app-1.css', headers: { Host: host } });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const svg = await raw(port, { path: '/assets/icon.svg', headers: { Host: host } });
    assert.equal(svg.headers['content-type'], 'image/svg+xml');

    const head = await raw(port, { method: 'HEAD', path: '/index.html', headers: { Host: host } });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');

    const missing = await raw(port, { path: '/assets/nope.js', headers: { Host: host } });
    assert.equal(missing.status, 404);
    const dirPath = await raw(port, { path: '/assets', headers: { Host: host } });
    assert.equal(dirPath.status, 404);
    const post = await raw(port, { method: 'POST', path: '/index.html', headers: { Host: host } });
    assert.equal(post.status, 405);
  });

  test('refuses path traversal', async () => {
    for (const p of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      `/${encodeURIComponent(path.join(dir, 'package.json'))}`,
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      const res = await raw(port, { path: p, headers: { Host: host } });
      assert.ok(res.status === 400 || res.status === 403 || res.status === 404, `${p} -> ${res.status}`);
      assert.ok(!res.body.includes('SECRET-OUTSIDE'), p);
      assert.ok(!res.body.includes('root:'), p);
    }
    const absoluteForm = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET http://${host}/../package.json HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (c) => (text += c.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(absoluteForm, /^HTTP\/1\.1 4\d\d/);
    assert.ok(!absoluteForm.includes('SECRET-OUTSIDE'));
  });

  test('close() ends event streams, releases the port and is idempotent', async () => {
    const local = createFakeDesk();
    const temp = await startWebServer({ desk: local.desk, rendererDir });
    const tempKey = temp.url.split('#key=')[1]!;
    const response = await fetch(`http://127.0.0.1:${temp.port}/api/events`, { headers: { 'X-OAuth-Desk-Key': tempKey } });
    const reader = response.body!.getReader();
    await reader.read();
    assert.equal(local.listeners.size, 1);

    const started = Date.now();
    await Promise.all([temp.close(), temp.close()]);
    await temp.close();
    assert.ok(Date.now() - started < 2000, 'close() does not wait for keep-alive timeouts');
    assert.equal(local.listeners.size, 0);
    await assert.rejects(
      (async () => {
        for (;;) {
          const { done } = await reader.read();
          if (done) throw new Error('ended');
        }
      })(),
    );

    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const socket = connect(temp.port, '127.0.0.1', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      }),
      (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
    );

    // The port can be bound again.
    const again = await startWebServer({ desk: local.desk, rendererDir, port: temp.port });
    assert.equal(again.port, temp.port);
    await again.close();
  });

  test('binds 127.0.0.1 only', async () => {
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const socket = connect({ port, host: '::1' }, () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      }),
    );
  });
});
