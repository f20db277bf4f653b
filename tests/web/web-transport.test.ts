/**
 * The renderer's web transport against the real web server (Node's fetch stands in for the browser's).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Desk } from '../../electron/core/app/desk-types.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import type { InspectorTarget } from '../../electron/shared/flow-types.ts';
import { RemoteError, createApi } from '../../electron/shared/ipc-contract.ts';
import { startWebServer } from '../../electron/web/web-server.ts';
import type { WebServer } from '../../electron/web/web-server.ts';
import { createSseParser } from '../../renderer/src/bridge/sse-parser.ts';
import type { ChannelState } from '../../renderer/src/bridge/web-transport.ts';
import { KEY_STORAGE_ITEM, createWebTransport, takeKey } from '../../renderer/src/bridge/web-transport.ts';
import { providerView } from '../helpers/views.ts';
import { unusedSettingsHandlers } from '../helpers/unused-settings-handlers.ts';

const SANDBOX: ProviderView = providerView({ description: 'Test provider' });

function fakeDesk() {
  const listeners = new Set<(views: ProviderView[]) => void>();
  const inspectorListeners = new Set<(target: InspectorTarget) => void>();
  const desk: Desk = {
    handlers: {
      'providers:list': async () => [SANDBOX],
      'providers:set-auth-mode': async () => {},
      'auth:connect': async () => {
        throw new Error('not used');
      },
      'auth:cancel': async () => {},
      'connections:disconnect': async () => ({ revoked: true, revocationError: null }),
      'connections:refresh': async () => {
        throw new Error('not used');
      },
      'connections:refresh-all': async () => ({ refreshed: 0, failed: [] }),
      'data:fetch': async ({ connectionId }) => ({ connectionId, fetchedAt: 5, panels: [] }),
      'inspector:steps': async (target) => ({ target, steps: [], dropped: 3, capacity: 100 }),
      'system:network-online': async () => {},
      'system:report-csp-violation': async () => {},
      ...unusedSettingsHandlers(),
    },
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
    listeners,
    inspectorListeners,
    push: (views: ProviderView[]) => listeners.forEach((l) => l(views)),
    inspectorChanged: (target: InspectorTarget) => inspectorListeners.forEach((l) => l(target)),
  };
}

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('web transport', () => {
  let dir: string;
  let server: WebServer;
  let fake: ReturnType<typeof fakeDesk>;
  let key: string;
  let base: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oauth-desk-transport-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
    fake = fakeDesk();
    server = await startWebServer({ desk: fake.desk, rendererDir: dir });
    key = server.url.split('#key=')[1]!;
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const transportWith = (storage = memoryStorage(), hash = `#key=${key}`, extra: Record<string, unknown> = {}) => {
    const replaced: string[] = [];
    const transport = createWebTransport({
      baseUrl: base,
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      ...extra,
    });
    return { transport, replaced, storage };
  };

  test('takes the key from the fragment, stores it and clears the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { state: { a: 1 }, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    assert.equal(takeKey({ hash: '#key=abc_-1', pathname: '/index.html', search: '?x=1' }, history, storage), 'abc_-1');
    assert.equal(storage.map.get(KEY_STORAGE_ITEM), 'abc_-1');
    assert.deepEqual(replaced, ['/index.html?x=1']);
    // After a reload the fragment is gone; the key comes from sessionStorage.
    assert.equal(takeKey({ hash: '', pathname: '/', search: '' }, history, storage), 'abc_-1');
    assert.equal(replaced.length, 1);
    assert.equal(takeKey({ hash: '', pathname: '/', search: '' }, history, memoryStorage()), null);
  });

  test('invokes channels and surfaces WireResult errors as RemoteError', async () => {
    const { transport, replaced } = transportWith();
    assert.deepEqual(replaced, ['/']);
    assert.deepEqual(await transport.invoke('providers:list', undefined), { ok: true, value: [SANDBOX] });
    const api = createApi(transport);
    assert.deepEqual(await api.fetchData({ connectionId: 'c1' }), { connectionId: 'c1', fetchedAt: 5, panels: [] });
    await assert.rejects(
      api.setAuthMode({ providerId: 'sandbox', authMode: 'nope' as never }),
      (error: unknown) => error instanceof RemoteError && error.code === 'ipc_invalid_payload',
    );
  });

  test('a wrong key, no key and an unreachable server resolve to errors instead of throwing', async () => {
    const wrong = transportWith(memoryStorage(), '#key=wrong').transport;
    const rejected = await wrong.invoke('providers:list', undefined);
    assert.equal(rejected.ok, false);
    assert.equal(!rejected.ok && rejected.error.code, 'web_key_rejected');

    const none = transportWith(memoryStorage(), '').transport;
    const missing = await none.invoke('providers:list', undefined);
    assert.equal(!missing.ok && missing.error.code, 'web_key_missing');

    const unreachable = createWebTransport({
      baseUrl: 'http://127.0.0.1:9',
      location: { hash: '#key=x', pathname: '/', search: '' },
      history: null as never,
      storage: null,
    });
    const down = await unreachable.invoke('providers:list', undefined);
    assert.equal(down.ok, false);
    assert.equal(!down.ok && down.error.code, 'web_channel_unreachable');
    assert.ok(!down.ok && down.error.hint.length > 0);
  });

  test('one shared event stream delivers the initial list and pushes; it stops with the last listener', async () => {
    const { transport } = transportWith();
    const states: ChannelState[] = [];
    transport.onStateChange((s) => states.push(s));
    const a: ProviderView[][] = [];
    const b: ProviderView[][] = [];
    const offA = transport.subscribe('providers:changed', (v) => a.push(v));
    const offB = transport.subscribe('providers:changed', (v) => b.push(v));
    await until(() => a.length === 1 && b.length === 1, 'the initial list');
    assert.deepEqual(a[0], [SANDBOX]);
    assert.equal(fake.listeners.size, 1, 'one stream for both listeners');
    assert.equal(transport.state, 'open');

    const next = [{ ...SANDBOX, description: 'changed' }];
    fake.push(next);
    await until(() => a.length === 2 && b.length === 2, 'the push');
    assert.deepEqual(b[1], next);

    offA();
    offA();
    assert.equal(fake.listeners.size, 1);
    offB();
    await until(() => fake.listeners.size === 0, 'the server-side unsubscribe');
    assert.equal(transport.state, 'idle');
    assert.deepEqual(states.slice(0, 2), ['connecting', 'open']);
  });

  test('the flow inspector: inspector:steps goes through the web channel and inspector:changed arrives on the event stream', async () => {
    const { transport } = transportWith();
    const api = createApi(transport);
    assert.deepEqual(await api.inspectorSteps({ kind: 'sign-in', providerId: 'sandbox' }), { target: { kind: 'sign-in', providerId: 'sandbox' }, steps: [], dropped: 3, capacity: 100 });
    await assert.rejects(api.inspectorSteps({ kind: 'connection' } as never), (error: unknown) => error instanceof RemoteError && error.code === 'ipc_invalid_payload');
    const seen: InspectorTarget[] = [];
    const off = transport.subscribe('inspector:changed', (target) => seen.push(target));
    await until(() => fake.inspectorListeners.size === 1, 'the stream to subscribe');
    fake.inspectorChanged({ kind: 'connection', connectionId: 'c1' });
    await until(() => seen.length === 1, 'the push');
    assert.deepEqual(seen, [{ kind: 'connection', connectionId: 'c1' }]);
    off();
    await until(() => fake.inspectorListeners.size === 0, 'the server-side unsubscribe');
  });

  test('reconnects after the server goes away, and reports a refused key after a restart', async () => {
    const local = fakeDesk();
    const first = await startWebServer({ desk: local.desk, rendererDir: dir });
    const firstKey = first.url.split('#key=')[1]!;
    const transport = createWebTransport({
      baseUrl: `http://127.0.0.1:${first.port}`,
      location: { hash: `#key=${firstKey}`, pathname: '/', search: '' },
      history: { state: null, replaceState: () => {} },
      storage: null,
      initialBackoffMs: 20,
      maxBackoffMs: 50,
    });
    const seen: ProviderView[][] = [];
    const off = transport.subscribe('providers:changed', (v) => seen.push(v));
    await until(() => seen.length === 1, 'the first list');
    await first.close();
    await until(() => transport.state === 'reconnecting', 'reconnecting');
    const second = await startWebServer({ desk: local.desk, rendererDir: dir, port: first.port });
    try {
      await until(() => transport.state === 'unauthorized', 'unauthorized');
    } finally {
      off();
      await second.close();
    }
  });
});

test('the SSE parser handles any chunking, CRLF, comments and multi-line data', () => {
  const events: Array<[string, string]> = [];
  const push = createSseParser((event, data) => events.push([event, data]));
  const text = ': hello\r\n\r\nevent: providers:changed\r\ndata: [1,\r\ndata: 2]\r\n\r\ndata:plain\n\n: keep-alive\n\nevent: x\ndata: {"a":"b: c"}\n\n';
  for (const ch of text) push(ch);
  assert.deepEqual(events, [
    ['providers:changed', '[1,\n2]'],
    ['message', 'plain'],
    ['x', '{"a":"b: c"}'],
  ]);
});
