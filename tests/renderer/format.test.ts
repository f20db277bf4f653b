/** The renderer's pure helpers (countdown text, status text, URLs, initials). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionView, ProviderView } from '../../electron/shared/view-types.ts';
import { formatCountdown, formatDuration } from '../../renderer/src/format/countdown.ts';
import { initialsOf, splitSender } from '../../renderer/src/format/people.ts';
import { providerStatus } from '../../renderer/src/format/provider-status.ts';
import { safeImageUrl, safeLinkUrl } from '../../renderer/src/format/urls.ts';

test('countdown text', () => {
  assert.equal(formatCountdown(118_000, 0), 'expires in 1:58');
  assert.equal(formatCountdown(118_999, 0), 'expires in 1:58');
  assert.equal(formatCountdown(9_000, 0), 'expires in 0:09');
  assert.equal(formatCountdown(3_600_000, 0), 'expires in 1:00:00');
  assert.equal(formatCountdown(3_599_000, 0), 'expires in 59:59');
  assert.equal(formatCountdown(7 * 24 * 3_600_000 + 61_000, 0), 'expires in 168:01:01');
  assert.equal(formatCountdown(1000, 1000), 'expired');
  assert.equal(formatCountdown(1000, 5000), 'expired');
  assert.equal(formatDuration(-5), '0:00');
});

const connection: ConnectionView = {
  id: 'c1',
  providerId: 'sandbox',
  accountLabel: 'ada',
  status: 'connected',
  connectedAt: 0,
  expiresAt: 10_000,
  grantedScopes: [],
  hasRefreshToken: true,
};
const provider: ProviderView = {
  id: 'sandbox',
  displayName: 'Sandbox',
  description: '',
  authMode: 'system-browser',
  availableAuthModes: ['system-browser'],
  connections: [],
  pending: null,
  lastError: null,
};

test('status text', () => {
  assert.equal(providerStatus(provider, 0).label, 'Not connected');
  const pending = {
    attemptId: 'a',
    providerId: 'sandbox',
    connectionId: null,
    authMode: 'system-browser' as const,
    authorizationUrl: 'http://127.0.0.1:1/a',
    redirectUri: 'http://127.0.0.1:2/cb',
    startedAt: 0,
    expiresAt: 1,
  };
  assert.equal(providerStatus({ ...provider, pending }, 0).label, 'Waiting for browser…');
  assert.equal(providerStatus({ ...provider, connections: [connection] }, 9_999).label, 'Connected');
  assert.equal(providerStatus({ ...provider, connections: [connection] }, 10_000).label, 'Expired');
  assert.equal(providerStatus({ ...provider, connections: [{ ...connection, hasRefreshToken: false }] }, 20_000).label, 'Expired');
  assert.equal(providerStatus({ ...provider, connections: [{ ...connection, hasRefreshToken: false }] }, null).label, 'Connected');
  assert.equal(providerStatus({ ...provider, connections: [{ ...connection, status: 'expired' }] }, 0).label, 'Expired');
});

test('only http(s) links and https/data images', () => {
  assert.equal(safeLinkUrl('javascript:alert(1)'), null);
  assert.equal(safeLinkUrl('JAVASCRIPT:alert(1)'), null);
  assert.equal(safeLinkUrl('data:text/html,x'), null);
  assert.equal(safeLinkUrl('not a url'), null);
  assert.equal(safeLinkUrl('http://127.0.0.1:5/authorize?a=1'), 'http://127.0.0.1:5/authorize?a=1');
  assert.equal(safeImageUrl('https://example.org/a.png'), 'https://example.org/a.png');
  assert.equal(safeImageUrl('http://example.org/a.png'), null);
  assert.equal(safeImageUrl('data:image/png;base64,AAAA'), 'data:image/png;base64,AAAA');
  assert.equal(safeImageUrl('data:image/svg+xml;base64,AAAA'), null);
  assert.equal(safeImageUrl(null), null);
});

test('initials and senders', () => {
  assert.equal(initialsOf('Ada Lovelace'), 'AL');
  assert.equal(initialsOf(null, 'grace.hopper@example.org'), 'GH');
  assert.equal(initialsOf('', null, 'user-0001'), 'U0');
  assert.equal(initialsOf('élodie'), 'É');
  assert.equal(initialsOf(null, null), '?');
  assert.deepEqual(splitSender('Grace <grace@example.org>'), { name: 'Grace', address: 'grace@example.org' });
  assert.deepEqual(splitSender('"Babbage, Charles" <c@e.example>'), { name: 'Babbage, Charles', address: 'c@e.example' });
  assert.deepEqual(splitSender('<c@e.example>'), { name: 'c@e.example', address: null });
  assert.deepEqual(splitSender('bot@ci.example'), { name: 'bot@ci.example', address: null });
});
