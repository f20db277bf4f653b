/** The renderer's pure helpers (countdown, status headline, relative times, scopes, refresh-all summary, URLs, initials). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionState } from '../../electron/shared/connection-state.ts';
import type { ErrorInfo } from '../../electron/shared/error-info.ts';
import type { ConnectionView, PendingAttemptView, ProviderView } from '../../electron/shared/view-types.ts';
import { formatCountdown, formatDuration } from '../../renderer/src/format/countdown.ts';
import { formatClock } from '../../renderer/src/format/dates.ts';
import { initialsOf, splitSender } from '../../renderer/src/format/people.ts';
import { providerStatus, worstConnectionState } from '../../renderer/src/format/provider-status.ts';
import type { StatusKind } from '../../renderer/src/format/provider-status.ts';
import { connectionView, providerView } from '../helpers/views.ts';
import { refreshAllSummary } from '../../renderer/src/format/refresh-summary.ts';
import { formatAgo, formatRelativeTime } from '../../renderer/src/format/relative-time.ts';
import { compareScopes } from '../../renderer/src/format/scopes.ts';
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

const MIN = 60_000;

const connection: ConnectionView = connectionView({ expiresAt: 10_000, grantedScopes: [], requestedScopes: [] });
const provider: ProviderView = providerView();
const pending: PendingAttemptView = {
  attemptId: 'a',
  providerId: 'sandbox',
  connectionId: null,
  authMode: 'system-browser',
  authorizationUrl: 'http://127.0.0.1:1/a',
  redirectUri: 'http://127.0.0.1:2/cb',
  startedAt: 0,
  expiresAt: 1,
};
const revoked: ErrorInfo = { code: 'refresh_token_revoked', message: 'The refresh token was revoked.', hint: 'Re-authorize.' };
const offline: ErrorInfo = { code: 'network_unreachable', message: 'The provider could not be reached.', hint: 'Check your connection.' };

function headline(connections: ConnectionView[], now: number, extra: Partial<ProviderView> = {}) {
  return providerStatus({ ...provider, ...extra, connections }, now);
}

test('headline without a connection: Not connected; while an authorization runs: Waiting…', () => {
  assert.deepEqual(providerStatus(provider, 0), { kind: 'not-connected', label: 'Not connected' });
  assert.deepEqual(headline([], 0, { pending }), { kind: 'waiting', label: 'Waiting for browser…' });
  assert.deepEqual(headline([], 0, { pending: { ...pending, authMode: 'app-window' } }), {
    kind: 'waiting',
    label: 'Waiting for the sign-in window…',
  });
  // Re-authorizing an existing connection also waits, whatever the connection's state.
  assert.equal(headline([{ ...connection, reauthorizationReason: revoked }], 0, { pending }).kind, 'waiting');
});

test('headline with one connection: every state of the shared rule, by its label', () => {
  const cases: Array<[string, ConnectionView, number, StatusKind, string]> = [
    ['fresh token', connection, 9_999, 'connected', 'Connected'],
    ['no expiry given', { ...connection, expiresAt: null }, 1e12, 'connected', 'Connected'],
    ['refreshing', { ...connection, refreshing: true }, 0, 'refreshing', 'Refreshing…'],
    ['ran out', connection, 10_000, 'expired', 'Expired'],
    ['ran out, no refresh token', { ...connection, hasRefreshToken: false }, 20_000, 'expired', 'Expired'],
    ['no refresh token, 10 min left', { ...connection, hasRefreshToken: false, expiresAt: 10 * MIN }, 0, 'expiring-soon', 'Expiring soon'],
    ['no refresh token, over 10 min left', { ...connection, hasRefreshToken: false, expiresAt: 10 * MIN + 1 }, 0, 'connected', 'Connected'],
    ['refresh token, 1 min left', { ...connection, expiresAt: MIN }, 0, 'connected', 'Connected'],
    ['last refresh failed', { ...connection, lastRefresh: { at: 5, error: offline } }, 0, 'error', 'Error'],
    ['last refresh worked', { ...connection, lastRefresh: { at: 5, error: null } }, 0, 'connected', 'Connected'],
    ['refresh token revoked', { ...connection, reauthorizationReason: revoked }, 0, 'needs-reauth', 'Needs re-authorization'],
    ['revoked beats refreshing', { ...connection, reauthorizationReason: revoked, refreshing: true }, 0, 'needs-reauth', 'Needs re-authorization'],
    ['refreshing beats a failed last refresh', { ...connection, refreshing: true, lastRefresh: { at: 5, error: offline } }, 0, 'refreshing', 'Refreshing…'],
  ];
  for (const [name, view, now, kind, label] of cases) {
    assert.deepEqual(headline([view], now), { kind, label }, name);
    // The card's headline is exactly the shared rule (the tray's), not a copy of it.
    assert.equal(headline([view], now).label, connectionState(view, now).label, name);
  }
});

test('headline with several connections: the worst state, and how many share it', () => {
  const ok = { ...connection, id: 'c1' };
  const broken = { ...connection, id: 'c2', reauthorizationReason: revoked };
  const failing = { ...connection, id: 'c3', lastRefresh: { at: 5, error: offline } };
  const busy = { ...connection, id: 'c4', refreshing: true };
  assert.deepEqual(headline([ok, { ...ok, id: 'c9' }], 0), { kind: 'connected', label: 'Connected' });
  assert.deepEqual(headline([ok, broken], 0), { kind: 'needs-reauth', label: 'Needs re-authorization (1 of 2)' });
  assert.deepEqual(headline([failing, ok, broken], 0), { kind: 'needs-reauth', label: 'Needs re-authorization (1 of 3)' });
  assert.deepEqual(headline([ok, failing, { ...failing, id: 'c5' }], 0), { kind: 'error', label: 'Error (2 of 3)' });
  assert.deepEqual(headline([busy, ok], 0), { kind: 'refreshing', label: 'Refreshing… (1 of 2)' });
  assert.deepEqual(headline([busy, ok], 10_000), { kind: 'expired', label: 'Expired (1 of 2)' }, 'the clock counts');
  assert.deepEqual(headline([broken, { ...broken, id: 'c6' }], 0), { kind: 'needs-reauth', label: 'Needs re-authorization' });
  assert.equal(worstConnectionState([], 0), null);
  assert.deepEqual(worstConnectionState([ok, busy, failing], 0), { state: { kind: 'error', label: 'Error' }, count: 1 });
});

test('relative time: just now, minutes, hours, days; past and future; rounded down', () => {
  const now = 1_700_000_000_000;
  assert.equal(formatRelativeTime(now, now), 'just now');
  assert.equal(formatRelativeTime(now - 59_999, now), 'just now');
  assert.equal(formatRelativeTime(now - MIN, now), '1 min ago');
  assert.equal(formatRelativeTime(now - 2 * MIN - 59_000, now), '2 min ago');
  assert.equal(formatRelativeTime(now - 59 * MIN, now), '59 min ago');
  assert.equal(formatRelativeTime(now - 60 * MIN, now), '1 h ago');
  assert.equal(formatRelativeTime(now - 23 * 60 * MIN - 59 * MIN, now), '23 h ago');
  assert.equal(formatRelativeTime(now - 24 * 60 * MIN, now), '1 day ago');
  assert.equal(formatRelativeTime(now - 3 * 24 * 60 * MIN, now), '3 days ago');
  assert.equal(formatRelativeTime(now + 1, now), 'in less than a minute');
  assert.equal(formatRelativeTime(now + 59_999, now), 'in less than a minute');
  assert.equal(formatRelativeTime(now + 3 * MIN, now), 'in 3 min');
  assert.equal(formatRelativeTime(now + 3 * MIN + 59_000, now), 'in 3 min');
  assert.equal(formatRelativeTime(now + 2 * 60 * MIN, now), 'in 2 h');
  assert.equal(formatRelativeTime(now + 24 * 60 * MIN, now), 'in 1 day');
});

test('"ago" never reads as future: an event a moment ahead of the once-a-second clock is "just now"', () => {
  const now = 1_700_000_000_000;
  assert.equal(formatAgo(now + 900, now), 'just now');
  assert.equal(formatAgo(now + 5 * MIN, now), 'just now');
  assert.equal(formatAgo(now - 2 * MIN, now), '2 min ago');
});

test('clock times: the time alone today, with the date on another day', () => {
  const today = new Date(2025, 2, 5, 14, 32).getTime();
  const sameDay = new Date(2025, 2, 5, 9, 0).getTime();
  const shortTime = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(today);
  assert.equal(formatClock(today, sameDay), shortTime);
  const otherDay = formatClock(today, new Date(2025, 2, 4, 14, 32).getTime());
  assert.notEqual(otherDay, shortTime);
  assert.ok(otherDay.includes(shortTime) && otherDay.length > shortTime.length, otherDay);
});

test('granted versus requested scopes', () => {
  assert.deepEqual(compareScopes(['openid', 'profile', 'mail.read'], ['openid', 'profile', 'mail.read']), {
    requested: [
      { scope: 'openid', granted: true },
      { scope: 'profile', granted: true },
      { scope: 'mail.read', granted: true },
    ],
    extra: [],
    declined: 0,
  });
  assert.deepEqual(compareScopes(['openid', 'mail.read', 'mail.read'], ['openid', 'offline_access', 'openid']), {
    requested: [
      { scope: 'openid', granted: true },
      { scope: 'mail.read', granted: false },
    ],
    extra: ['offline_access'],
    declined: 1,
  });
  assert.deepEqual(compareScopes([], ['a']), { requested: [], extra: ['a'], declined: 0 });
});

test('refresh-all summary', () => {
  const failure = (accountLabel: string, error: ErrorInfo) => ({ connectionId: accountLabel, accountLabel, error });
  assert.equal(refreshAllSummary({ refreshed: 2, failed: [] }), 'Refreshed 2 connections.');
  assert.equal(refreshAllSummary({ refreshed: 1, failed: [] }), 'Refreshed 1 connection.');
  assert.equal(refreshAllSummary({ refreshed: 0, failed: [] }), 'No connection can be refreshed.');
  assert.equal(
    refreshAllSummary({ refreshed: 0, failed: [failure('ada', revoked)] }),
    '1 could not be refreshed: ada — The refresh token was revoked.',
  );
  assert.equal(
    refreshAllSummary({ refreshed: 1, failed: [failure('ada', revoked), failure('bob', offline)] }),
    'Refreshed 1 connection. 2 could not be refreshed: ada — The refresh token was revoked; bob — The provider could not be reached.',
  );
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
