import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNELS, CHANNEL_METHODS, IpcPayloadError, PAYLOAD_VALIDATORS, RemoteError, createApi, createPreloadApi, transportFromPreload } from '../../electron/shared/ipc-contract.ts';
import type { IpcTransport } from '../../electron/shared/ipc-contract.ts';

test('S25 validators accept well-formed payloads and refuse anything else', () => {
  assert.deepEqual(PAYLOAD_VALIDATORS['auth:connect']({ providerId: 'sandbox' }), { providerId: 'sandbox' });
  assert.deepEqual(PAYLOAD_VALIDATORS['auth:connect']({ providerId: 'sandbox', connectionId: 'c-1' }), { providerId: 'sandbox', connectionId: 'c-1' });
  const bad: Array<[keyof typeof PAYLOAD_VALIDATORS, unknown]> = [
    ['auth:connect', null],
    ['auth:connect', { providerId: 5 }],
    ['auth:connect', { providerId: 'sandbox', extra: true }],
    ['auth:connect', { providerId: '../../etc' }],
    ['auth:connect', { providerId: 'x'.repeat(200) }],
    ['auth:connect', Object.create({ providerId: 'sandbox' })],
    ['auth:connect', ['sandbox']],
    ['providers:list', { any: 1 }],
    ['providers:set-auth-mode', { providerId: 'sandbox', authMode: 'webview' }],
    ['data:fetch', { connectionId: '' }],
  ];
  for (const [channel, payload] of bad) assert.throws(() => PAYLOAD_VALIDATORS[channel](payload), IpcPayloadError, `${channel} ${JSON.stringify(payload)}`);
});

test('the preload facade and the renderer API are built from the same channel map', async () => {
  const calls: Array<[string, unknown]> = [];
  const transport: IpcTransport = {
    invoke: async (channel, payload) => {
      calls.push([channel, payload]);
      return channel === 'auth:cancel' ? { ok: false, error: { code: 'attempt_not_found', message: 'm', hint: 'h' } } : { ok: true, value: [] as never };
    },
    subscribe: () => () => {},
  };
  const preload = createPreloadApi(transport);
  assert.deepEqual(Object.keys(preload).sort(), [...Object.values(CHANNEL_METHODS), 'on'].sort());
  const api = createApi(transportFromPreload(preload));
  assert.deepEqual(await api.listProviders(), []);
  await assert.rejects(api.cancelAttempt({ attemptId: 'a' }), (e: unknown) => e instanceof RemoteError && e.code === 'attempt_not_found' && e.hint === 'h');
  assert.deepEqual(calls, [['providers:list', undefined], ['auth:cancel', { attemptId: 'a' }]]);
  assert.equal(CHANNELS.length, Object.keys(CHANNEL_METHODS).length);
  assert.ok(CHANNELS.every((c) => /^[a-z]+:[a-z-]+$/.test(c)), 'channels are domain:verb');
  assert.throws(() => api.on('nope' as never, () => {}), /Unknown event/);
});
