/**
 * What the error doctor's "Connect again" repeats after a failed sign-in (review finding 15): a
 * failed Re-authorize is retried as a re-authorization of the same connection (its connectionId,
 * and so the provider's consent prompt), a failed Add another account as another account, not as
 * a plain Connect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectActionName, connectPayload, retryTarget, targetOfAttempt } from '../../renderer/src/format/connect-target.ts';
import type { PendingAttemptView } from '../../electron/shared/view-types.ts';
import { connectionView, providerView } from '../helpers/views.ts';

const pending = (connectionId: string | null): PendingAttemptView => ({
  attemptId: 'a1',
  providerId: 'sandbox',
  connectionId,
  authMode: 'system-browser',
  authorizationUrl: 'https://login.example/authorize',
  redirectUri: 'http://127.0.0.1:5000/callback',
  startedAt: 0,
  expiresAt: 300_000,
});

const withAda = providerView({ connections: [connectionView({ id: 'c1' })] });

test('a failed Re-authorize is retried as a re-authorization of the same connection', () => {
  const target = retryTarget({ kind: 'reauthorize', connectionId: 'c1' }, withAda);
  assert.deepEqual(target, { kind: 'reauthorize', connectionId: 'c1' });
  assert.deepEqual(connectPayload('sandbox', target), { providerId: 'sandbox', connectionId: 'c1' });
  assert.equal(connectActionName(target), 'reauthorize:c1', 'the connection’s Re-authorize button shows it busy');
});

test('a failed Add another account is retried as another account; a failed first Connect as a Connect', () => {
  assert.deepEqual(connectPayload('sandbox', retryTarget({ kind: 'add-account' }, withAda)), { providerId: 'sandbox', addAccount: true });
  assert.deepEqual(connectPayload('sandbox', retryTarget({ kind: 'connect' }, providerView())), { providerId: 'sandbox' });
});

test('when the failed sign-in is unknown or no longer possible, Connect again connects (another account when there are connections)', () => {
  assert.deepEqual(retryTarget(null, providerView()), { kind: 'connect' });
  assert.deepEqual(retryTarget(null, withAda), { kind: 'add-account' });
  // The connection was disconnected meanwhile: nothing to re-authorize.
  assert.deepEqual(retryTarget({ kind: 'reauthorize', connectionId: 'gone' }, withAda), { kind: 'add-account' });
  assert.deepEqual(retryTarget({ kind: 'reauthorize', connectionId: 'c1' }, providerView()), { kind: 'connect' });
  // Another account, but the only connection is gone: a first connection.
  assert.deepEqual(retryTarget({ kind: 'add-account' }, providerView()), { kind: 'connect' });
});

test('a running attempt tells what it is for: a re-authorization from anywhere (the tray too), otherwise what this card asked for', () => {
  assert.deepEqual(targetOfAttempt(pending('c1'), null), { kind: 'reauthorize', connectionId: 'c1' }, 'started from the tray');
  assert.deepEqual(targetOfAttempt(pending('c1'), { kind: 'add-account' }), { kind: 'reauthorize', connectionId: 'c1' }, 'the pending view wins');
  assert.deepEqual(targetOfAttempt(pending(null), { kind: 'add-account' }), { kind: 'add-account' });
  assert.deepEqual(targetOfAttempt(pending(null), { kind: 'connect' }), { kind: 'connect' });
  assert.equal(targetOfAttempt(pending(null), null), null, 'started elsewhere, not a re-authorization: unknown');
  assert.equal(targetOfAttempt(pending(null), { kind: 'reauthorize', connectionId: 'c1' }), null, 'not the re-authorization this card asked for');
});
