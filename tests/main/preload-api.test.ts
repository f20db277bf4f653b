import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IpcRendererLike } from '../../electron/preload/preload-api.ts';
import { buildPreloadApi, createIpcTransport } from '../../electron/preload/preload-api.ts';
import { CHANNEL_METHODS, CHANNELS, createApi, transportFromPreload } from '../../electron/shared/ipc-contract.ts';

type L = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly listeners = new Map<string, L[]>();
  reply: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'v' });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply(channel, args);
  }
  on(channel: string, listener: L): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: L): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(channel: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'SECRET-SENDER', ports: [] }, ...args);
  }
}

test('S25 the preload exposes exactly the named functions and `on`, never ipcRenderer', () => {
  const ipc = new FakeIpcRenderer();
  const api = buildPreloadApi(ipc) as unknown as Record<string, unknown>;
  assert.deepEqual(Object.keys(api).sort(), [...Object.values(CHANNEL_METHODS), 'on'].sort());
  for (const value of Object.values(api)) {
    assert.equal(typeof value, 'function');
    assert.notEqual(value, ipc.invoke);
    assert.notEqual(value, ipc.on);
  }
  assert.ok(Object.isFrozen(api));
  assert.equal(Object.values(api).includes(ipc), false);
});

test('S25 each function invokes its own channel with at most one payload', async () => {
  const ipc = new FakeIpcRenderer();
  const api = buildPreloadApi(ipc);
  assert.deepEqual(await api.listProviders(undefined), { ok: true, value: 'v' });
  await api.connect({ providerId: 'sandbox' });
  await api.cancelAttempt({ attemptId: 'a' });
  assert.deepEqual(ipc.invoked, [
    { channel: 'providers:list', args: [] },
    { channel: 'auth:connect', args: [{ providerId: 'sandbox' }] },
    { channel: 'auth:cancel', args: [{ attemptId: 'a' }] },
  ]);
});

test('S25 an IPC failure or a malformed reply becomes a clean wire error', async () => {
  const ipc = new FakeIpcRenderer();
  const transport = createIpcTransport(ipc);
  ipc.reply = async () => {
    throw new Error("Error invoking remote method 'providers:list': token=abc");
  };
  const failed = await transport.invoke('providers:list', undefined);
  assert.equal(failed.ok, false);
  assert.equal(!failed.ok && failed.error.code, 'ipc_failed');
  assert.equal(JSON.stringify(failed).includes('token=abc'), false);
  ipc.reply = async () => 'garbage';
  assert.equal((await transport.invoke('providers:list', undefined)).ok, false);
  ipc.reply = async () => ({ ok: false, error: { code: 'x' } });
  const partial = await transport.invoke('providers:list', undefined);
  assert.equal(!partial.ok && partial.error.code, 'ipc_failed');
  ipc.reply = async () => ({ ok: false, error: { code: 'nope', message: 'm', hint: 'h' } });
  assert.deepEqual(await transport.invoke('providers:list', undefined), { ok: false, error: { code: 'nope', message: 'm', hint: 'h' } });
  await assert.rejects(transport.invoke('evil:channel' as never, undefined as never));
  assert.equal(ipc.invoked.some((c) => c.channel === 'evil:channel'), false);
});

test('S25 `on` subscribes to known events only, hides the IpcRendererEvent, and unsubscribes', () => {
  const ipc = new FakeIpcRenderer();
  const api = buildPreloadApi(ipc);
  const received: unknown[][] = [];
  const off = api.on('providers:changed', (...args: unknown[]) => void received.push(args));
  ipc.emit('providers:changed', [{ id: 'sandbox' }], 'extra');
  assert.deepEqual(received, [[[{ id: 'sandbox' }]]], 'only the data, no event, no extra args');
  off();
  off();
  ipc.emit('providers:changed', []);
  assert.equal(received.length, 1);
  assert.equal(ipc.listeners.get('providers:changed')?.length, 0);

  assert.throws(() => api.on('secret:event' as never, () => {}));
  assert.throws(() => api.on('__proto__' as never, () => {}));
  assert.equal(ipc.listeners.has('secret:event'), false);
});

test('a focus request that arrives before the page subscribes is handed to the first subscriber, once', async () => {
  const ipc = new FakeIpcRenderer();
  const api = buildPreloadApi(ipc);
  ipc.emit('connections:focus', { connectionId: 'old' });
  ipc.emit('connections:focus', { connectionId: 'c1' });
  const first: unknown[] = [];
  const off = api.on('connections:focus', (data) => void first.push(data));
  await Promise.resolve();
  assert.deepEqual(first, [{ connectionId: 'c1' }], 'only the latest held request');
  ipc.emit('connections:focus', { connectionId: 'c2' });
  assert.deepEqual(first, [{ connectionId: 'c1' }, { connectionId: 'c2' }], 'live events pass straight through, not held');
  off();
  const second: unknown[] = [];
  api.on('connections:focus', (data) => void second.push(data));
  await Promise.resolve();
  assert.deepEqual(second, [], 'a held request is delivered only once');
});

test('the flow inspector through the preload: inspectorSteps invokes inspector:steps; inspector:changed passes live and is never held', async () => {
  const ipc = new FakeIpcRenderer();
  const api = buildPreloadApi(ipc);
  await api.inspectorSteps({ kind: 'connection', connectionId: 'c1' });
  assert.deepEqual(ipc.invoked, [{ channel: 'inspector:steps', args: [{ kind: 'connection', connectionId: 'c1' }] }]);
  // A change before anyone listens is stale by the time the inspector opens (it loads the timeline then).
  ipc.emit('inspector:changed', { kind: 'connection', connectionId: 'early' });
  const seen: unknown[] = [];
  const off = api.on('inspector:changed', (target) => void seen.push(target));
  await Promise.resolve();
  assert.deepEqual(seen, []);
  ipc.emit('inspector:changed', { kind: 'sign-in', providerId: 'sandbox' }, 'extra');
  assert.deepEqual(seen, [{ kind: 'sign-in', providerId: 'sandbox' }]);
  off();
  assert.equal(ipc.listeners.get('inspector:changed')?.length, 0);
});

test('the renderer side (createApi over the preload) round-trips through the fake', async () => {
  const ipc = new FakeIpcRenderer();
  ipc.reply = async (channel) => (channel === 'auth:cancel' ? { ok: false, error: { code: 'attempt_not_found', message: 'm', hint: 'h' } } : { ok: true, value: [] });
  const api = createApi(transportFromPreload(buildPreloadApi(ipc)));
  assert.deepEqual(await api.listProviders(), []);
  await assert.rejects(api.cancelAttempt({ attemptId: 'x' }), (e: unknown) => (e as { code: string }).code === 'attempt_not_found');
  assert.equal(CHANNELS.length, Object.keys(CHANNEL_METHODS).length);
});
