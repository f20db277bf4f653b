import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../electron/core/ipc/dispatch.ts';
import type { ChannelHandlers } from '../../../electron/core/ipc/dispatch.ts';
import { TokenEndpointError } from '../../../electron/core/errors.ts';

function handlers(overrides: Partial<ChannelHandlers>): ChannelHandlers {
  const fail = async () => {
    throw new Error('not used');
  };
  return { 'providers:list': fail, 'providers:set-auth-mode': fail, 'auth:connect': fail, 'auth:cancel': fail, 'connections:disconnect': fail, 'data:fetch': fail, ...overrides } as ChannelHandlers;
}

test('valid calls return the handler value', async () => {
  const r = await dispatch(handlers({ 'providers:list': async () => [] }), 'providers:list', undefined);
  assert.deepEqual(r, { ok: true, value: [] });
});

test('S25 unknown channels and bad payloads never reach a handler', async () => {
  let called = false;
  const h = handlers({ 'auth:connect': async () => ((called = true), null as never) });
  const unknown = await dispatch(h, 'fs:read', {});
  assert.equal(unknown.ok, false);
  assert.equal(!unknown.ok && unknown.error.code, 'ipc_unknown_channel');
  const bad = await dispatch(h, 'auth:connect', { providerId: 1 });
  assert.equal(!bad.ok && bad.error.code, 'ipc_invalid_payload');
  assert.equal(called, false);
});

test('only {code, message, hint} crosses; unknown errors are not leaked', async () => {
  const typed = await dispatch(handlers({ 'auth:cancel': async () => { throw new TokenEndpointError('code_invalid', 'msg', { hint: 'hint', cause: new Error('inner SECRET') }); } }), 'auth:cancel', { attemptId: 'a' });
  assert.deepEqual(typed, { ok: false, error: { code: 'code_invalid', message: 'msg', hint: 'hint' } });
  const raw = await dispatch(handlers({ 'auth:cancel': async () => { throw new Error('contains SECRET token'); } }), 'auth:cancel', { attemptId: 'a' });
  assert.equal(!raw.ok && raw.error.code, 'unexpected');
  assert.doesNotMatch(JSON.stringify(raw), /SECRET/);
});
