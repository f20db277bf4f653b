import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelHandlers } from '../../electron/core/ipc/dispatch.ts';
import type { IpcInvokeEventLike, IpcMainLike, SenderFrameLike } from '../../electron/main/ipc-handlers.ts';
import {
  createSenderCheck,
  forwardInspectorChanges,
  forwardProviderChanges,
  isTrustedFrame,
  registerIpcHandlers,
  UNTRUSTED_SENDER_ERROR,
  trustedRendererOrigins,
} from '../../electron/main/ipc-handlers.ts';
import { CHANNELS } from '../../electron/shared/ipc-contract.ts';
import type { Channel, Payload } from '../../electron/shared/ipc-contract.ts';
import type { ProviderView } from '../../electron/shared/view-types.ts';
import type { InspectorTarget } from '../../electron/shared/flow-types.ts';
import { FakeWebContents, recordingLogger } from './fakes.ts';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frame: SenderFrameLike | null, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h({ senderFrame: frame }, ...args));
  }
}

/** What the fake desk answers per channel (undefined for the rest). */
const RESULTS: Partial<Record<Channel, unknown>> = {
  'providers:list': [],
  'auth:connect': { attemptId: 'a1' },
  'connections:disconnect': { revoked: true, revocationError: null },
  'connections:refresh': { id: 'c1' },
  'connections:refresh-all': { refreshed: 0, failed: [] },
  'data:fetch': { connectionId: 'c1' },
};

/** A handler for every channel of the contract (so a new channel is covered), recording its calls. */
function fakeDesk() {
  const calls: Array<[string, unknown]> = [];
  const handlers = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      async (payload: unknown) => {
        calls.push([channel, payload]);
        return RESULTS[channel];
      },
    ]),
  ) as unknown as ChannelHandlers;
  return { handlers, calls };
}

/** One valid payload per channel; the mapped type makes a new channel add its entry here. */
const VALID: { [C in Channel]: Payload<C> } = {
  'providers:list': undefined,
  'providers:set-auth-mode': { providerId: 'sandbox', authMode: 'system-browser' },
  'auth:connect': { providerId: 'sandbox' },
  'auth:cancel': { attemptId: 'attempt-1' },
  'connections:disconnect': { connectionId: 'c1' },
  'connections:refresh': { connectionId: 'c1' },
  'connections:refresh-all': undefined,
  'data:fetch': { connectionId: 'c1' },
  'inspector:steps': { kind: 'connection', connectionId: 'c1' },
  'system:network-online': undefined,
  'system:report-csp-violation': { directive: 'script-src-elem', blocked: 'inline', source: '/index.html', line: 1 },
  'settings:list-problems': undefined,
  'settings:get': { providerId: 'google' },
  'settings:save-credentials': { providerId: 'google', clientId: 'id.apps.googleusercontent.com' },
  'settings:import-client-file': { providerId: 'google', text: '{}' },
  'settings:set-redirect-port': { providerId: 'x', port: 53682 },
  'settings:check-port': { providerId: 'x' },
  'settings:save-custom': { form: { id: 'acme' } },
  'settings:remove-custom': { providerId: 'acme' },
  'settings:get-storage': undefined,
  'settings:set-keep-refresh-tokens': { keep: true },
};

/** Invokes with the payload as the only argument, or with none for a payload-less channel. */
function argsFor(channel: Channel): unknown[] {
  const payload = VALID[channel];
  return payload === undefined ? [] : [payload];
}

const APP_FRAME: SenderFrameLike = { url: 'app://oauth-desk/index.html', parent: null };
const trusted = createSenderCheck(trustedRendererOrigins());

test('S25 one handler per contract channel; the disposer removes them all', () => {
  const ipc = new FakeIpcMain();
  const dispose = registerIpcHandlers(ipc, fakeDesk(), trusted);
  assert.deepEqual([...ipc.handlers.keys()].sort(), [...CHANNELS].sort());
  dispose();
  assert.equal(ipc.handlers.size, 0);
  dispose();
});

test('S25 calls from the app frame are validated and dispatched', async () => {
  const ipc = new FakeIpcMain();
  const desk = fakeDesk();
  registerIpcHandlers(ipc, desk, trusted);
  assert.deepEqual(await ipc.invoke('providers:list', APP_FRAME), { ok: true, value: [] });
  assert.deepEqual(await ipc.invoke('auth:connect', APP_FRAME, { providerId: 'sandbox' }), { ok: true, value: { attemptId: 'a1' } });
  assert.deepEqual(desk.calls, [
    ['providers:list', undefined],
    ['auth:connect', { providerId: 'sandbox' }],
  ]);
});

test('S25 forged senders get ipc_untrusted_sender and never reach the handler', async () => {
  const ipc = new FakeIpcMain();
  const desk = fakeDesk();
  const logger = recordingLogger();
  registerIpcHandlers(ipc, desk, trusted, logger);
  const forged: Array<SenderFrameLike | null> = [
    null,
    { url: 'https://evil.example/', parent: null },
    { url: 'file:///work/out/renderer/index.html', parent: null },
    { url: 'app://evil/index.html', parent: null },
    { url: 'app://oauth-desk.evil/index.html', parent: null },
    { url: 'app://oauth-desk:1/index.html', parent: null },
    { url: 'http://localhost:5173/', parent: null },
    { url: 'about:blank', parent: null },
    { url: 'data:text/html,x', parent: null },
    { url: '', parent: null },
    // A subframe of another origin inside the app page.
    { url: 'https://evil.example/frame', parent: APP_FRAME },
    // An app-origin frame nested in a foreign page.
    { url: 'app://oauth-desk/index.html', parent: { url: 'https://evil.example/', parent: null } },
  ];
  for (const frame of forged) {
    for (const channel of CHANNELS) {
      const result = (await ipc.invoke(channel, frame, { providerId: 'sandbox' })) as { ok: boolean; error?: { code: string } };
      assert.equal(result.ok, false, `${channel} ${JSON.stringify(frame)}`);
      assert.equal(result.error?.code, 'ipc_untrusted_sender');
    }
  }
  // A missing senderFrame property altogether.
  const h = ipc.handlers.get('providers:list');
  assert.deepEqual(((await h?.({} as IpcInvokeEventLike)) as { error: { code: string } }).error.code, 'ipc_untrusted_sender');
  assert.deepEqual(desk.calls, []);
  assert.ok(logger.entries.every((e) => !JSON.stringify(e).includes('evil.example')), 'sender URLs are not logged');
});

test('S25 bad payloads from the trusted frame are refused by validation', async () => {
  const ipc = new FakeIpcMain();
  const desk = fakeDesk();
  registerIpcHandlers(ipc, desk, trusted);
  const bad: Array<[string, unknown[]]> = [
    ['auth:connect', []],
    ['auth:connect', [{ providerId: 'sandbox', extra: 1 }]],
    ['auth:connect', [{ providerId: '../../x' }]],
    ['auth:connect', [{ providerId: 'sandbox', __proto__: { polluted: true } }]],
    ['auth:connect', [Object.assign(Object.create({ inherited: 1 }), { providerId: 'sandbox' })]],
    ['auth:cancel', [{ attemptId: 42 }]],
    ['providers:set-auth-mode', [{ providerId: 'sandbox', authMode: 'webview' }]],
    ['connections:disconnect', ['c1']],
    ['data:fetch', [[{ connectionId: 'c1' }]]],
    ['providers:list', [{}]],
    ['inspector:steps', [{ kind: 'connection', providerId: 'sandbox' }]],
    ['inspector:steps', [{ kind: 'sign-in', connectionId: 'c1' }]],
    ['inspector:steps', [{ kind: 'provider', providerId: 'sandbox' }]],
    ['inspector:steps', [{ kind: 'connection', connectionId: '../c1' }]],
    ['auth:connect', [{ providerId: 'sandbox' }, { providerId: 'other' }]],
  ];
  for (const [channel, args] of bad) {
    const result = (await ipc.invoke(channel, APP_FRAME, ...args)) as { ok: boolean; error?: { code: string } };
    assert.equal(result.ok, false, `${channel} ${JSON.stringify(args)}`);
    assert.equal(result.error?.code, 'ipc_invalid_payload', channel);
  }
  assert.deepEqual(desk.calls, []);
});

test('S25 every channel: a forged sender is refused with a valid payload, and the app frame gets the same call through', async () => {
  const ipc = new FakeIpcMain();
  const desk = fakeDesk();
  registerIpcHandlers(ipc, desk, trusted);
  const forged: SenderFrameLike[] = [
    { url: 'https://evil.example/', parent: null },
    { url: 'https://evil.example/frame', parent: APP_FRAME },
    { url: 'app://oauth-desk/index.html', parent: { url: 'https://evil.example/', parent: null } },
  ];
  for (const channel of CHANNELS) {
    for (const frame of [null, ...forged]) {
      const result = (await ipc.invoke(channel, frame, ...argsFor(channel))) as { ok: boolean; error?: { code: string } };
      assert.deepEqual(result, { ok: false, error: UNTRUSTED_SENDER_ERROR }, `${channel} from ${JSON.stringify(frame)}`);
    }
    assert.deepEqual(desk.calls, [], `${channel}: nothing reached the desk from a forged sender`);
    const result = (await ipc.invoke(channel, APP_FRAME, ...argsFor(channel))) as { ok: boolean };
    assert.equal(result.ok, true, `${channel} from the app frame`);
    assert.deepEqual(desk.calls.pop(), [channel, VALID[channel]], `${channel} reached its handler with the validated payload`);
  }
});

test('S25 every channel refuses malformed payloads from the app frame before its handler runs', async () => {
  const ipc = new FakeIpcMain();
  const desk = fakeDesk();
  registerIpcHandlers(ipc, desk, trusted);
  for (const channel of CHANNELS) {
    const valid = VALID[channel] as object | undefined;
    const bad: unknown[][] = [
      ['text'],
      [42],
      [true],
      [[]],
      [[valid ?? {}]],
      [{}],
      [{ ...(valid ?? {}), unexpected: 1 }],
      [JSON.parse('{"__proto__": {"polluted": true}}')],
      [Object.assign(Object.create({ inherited: 1 }), valid ?? {})],
      [new Date()],
      [valid, valid],
    ];
    for (const args of bad) {
      const result = (await ipc.invoke(channel, APP_FRAME, ...args)) as { ok: boolean; error?: { code: string; message: string; hint: string } };
      assert.equal(result.ok, false, `${channel} ${JSON.stringify(args)}`);
      assert.equal(result.error?.code, 'ipc_invalid_payload', `${channel} ${JSON.stringify(args)}`);
      assert.ok(result.error.message !== '' && result.error.hint !== '', `${channel}: says what went wrong and what to do`);
    }
  }
  assert.deepEqual(desk.calls, [], 'no handler ran');
});

test('S25 handler failures come back as {code, message, hint} only', async () => {
  const ipc = new FakeIpcMain();
  const desk = fakeDesk();
  desk.handlers['data:fetch'] = async () => {
    throw new Error('token=SECRET-123 leaked');
  };
  registerIpcHandlers(ipc, desk, trusted);
  const result = await ipc.invoke('data:fetch', APP_FRAME, { connectionId: 'c1' });
  assert.equal(JSON.stringify(result).includes('SECRET-123'), false);
  assert.deepEqual(Object.keys((result as { error: object }).error).sort(), ['code', 'hint', 'message']);
});

test('S25 trusted origins: the app; the dev server only when it is loopback http(s)', () => {
  assert.deepEqual(trustedRendererOrigins(), ['app://oauth-desk']);
  assert.deepEqual(trustedRendererOrigins('http://localhost:5173/'), ['app://oauth-desk', 'http://localhost:5173']);
  assert.deepEqual(trustedRendererOrigins('http://127.0.0.1:5173'), ['app://oauth-desk', 'http://127.0.0.1:5173']);
  for (const bad of ['https://evil.example:5173', 'file:///x', 'http://user:pw@localhost:5173', 'javascript:alert(1)', 'nonsense', '']) {
    assert.deepEqual(trustedRendererOrigins(bad), ['app://oauth-desk'], bad);
  }
  const dev = createSenderCheck(trustedRendererOrigins('http://localhost:5173'));
  assert.equal(dev('http://localhost:5173/index.html'), true);
  assert.equal(dev('http://localhost:5174/index.html'), false);
});

test('S25 isTrustedFrame treats a throwing check and deep chains as untrusted', () => {
  assert.equal(isTrustedFrame(APP_FRAME, () => {
    throw new Error('x');
  }), false);
  let frame: SenderFrameLike = APP_FRAME;
  for (let i = 0; i < 40; i++) frame = { url: 'app://oauth-desk/index.html', parent: frame };
  assert.equal(isTrustedFrame(frame, trusted), false);
  assert.equal(isTrustedFrame({ url: 'app://oauth-desk/index.html' }, trusted), true);
});

test('providers:changed is pushed to the window only while it shows the app', () => {
  let listener: ((views: ProviderView[]) => void) | null = null;
  let unsubscribed = false;
  const desk = {
    onProvidersChanged(l: (views: ProviderView[]) => void) {
      listener = l;
      return () => {
        unsubscribed = true;
      };
    },
  };
  const wc = new FakeWebContents();
  wc.url = 'app://oauth-desk/index.html';
  let target: FakeWebContents | null = wc;
  const off = forwardProviderChanges(desk, () => target, trusted);
  const views = [] as ProviderView[];
  (listener as unknown as (v: ProviderView[]) => void)(views);
  assert.deepEqual(wc.sent, [{ channel: 'providers:changed', args: [views] }]);

  wc.url = 'https://evil.example/';
  (listener as unknown as (v: ProviderView[]) => void)(views);
  wc.url = 'app://oauth-desk/index.html';
  wc.destroyed = true;
  (listener as unknown as (v: ProviderView[]) => void)(views);
  target = null;
  (listener as unknown as (v: ProviderView[]) => void)(views);
  assert.equal(wc.sent.length, 1);
  off();
  assert.equal(unsubscribed, true);
});

test('inspector:changed is pushed to the window only while it shows the app, and names the timeline only', () => {
  let listener: ((target: InspectorTarget) => void) | null = null;
  let unsubscribed = false;
  const desk = {
    onInspectorChanged(l: (target: InspectorTarget) => void) {
      listener = l;
      return () => {
        unsubscribed = true;
      };
    },
  };
  const wc = new FakeWebContents();
  wc.url = 'app://oauth-desk/index.html';
  let target: FakeWebContents | null = wc;
  const logger = recordingLogger();
  const off = forwardInspectorChanges(desk, () => target, trusted, logger);
  const push = (t: InspectorTarget) => (listener as unknown as (t: InspectorTarget) => void)(t);
  push({ kind: 'connection', connectionId: 'c1' });
  push({ kind: 'sign-in', providerId: 'sandbox' });
  assert.deepEqual(wc.sent, [
    { channel: 'inspector:changed', args: [{ kind: 'connection', connectionId: 'c1' }] },
    { channel: 'inspector:changed', args: [{ kind: 'sign-in', providerId: 'sandbox' }] },
  ]);

  wc.url = 'https://evil.example/';
  push({ kind: 'connection', connectionId: 'c1' });
  assert.ok(logger.entries.some((e) => e.level === 'warn' && e.fields?.event === 'inspector:changed'), 'the refusal is logged');
  wc.url = 'app://oauth-desk/index.html';
  wc.destroyed = true;
  push({ kind: 'connection', connectionId: 'c1' });
  target = null;
  push({ kind: 'connection', connectionId: 'c1' });
  assert.equal(wc.sent.length, 2);
  off();
  assert.equal(unsubscribed, true);
});
