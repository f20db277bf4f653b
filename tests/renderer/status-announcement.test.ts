/** What the polite live region says when states change (format/status-announcement.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorInfo } from '../../electron/shared/error-info.ts';
import type { ConnectionView, ProviderView } from '../../electron/shared/view-types.ts';
import { connectionView, providerView } from '../helpers/views.ts';
import { joinSentences, statusChanges, statusSnapshot } from '../../renderer/src/format/status-announcement.ts';
import type { StatusSnapshot } from '../../renderer/src/format/status-announcement.ts';

const MIN = 60_000;
const revoked: ErrorInfo = { code: 'refresh_token_revoked', message: 'The refresh token was revoked.', hint: 'Re-authorize.' };
const offline: ErrorInfo = { code: 'network_unreachable', message: 'The provider could not be reached.', hint: 'Check your connection.' };

const ada: ConnectionView = connectionView({ id: 'c1', accountLabel: 'ada', expiresAt: 60 * MIN });
const sandbox: ProviderView = providerView();
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

/** Feeds successive (list, now) pairs through the announcer's logic and collects what it would say. */
function announce(steps: Array<[ProviderView[], number]>): string[] {
  let baseline: StatusSnapshot | null = null;
  const said: string[] = [];
  for (const [providers, now] of steps) {
    const next = statusSnapshot(providers, now);
    if (baseline === null) {
      baseline = statusChanges(new Map(), next).baseline;
      continue;
    }
    const { changes, baseline: updated } = statusChanges(baseline, next);
    baseline = updated;
    if (changes.length > 0) said.push(joinSentences(changes));
  }
  return said;
}

const withConnections = (...connections: ConnectionView[]): ProviderView[] => [{ ...sandbox, connections }];

test('the first list is only the baseline; connecting is announced step by step', () => {
  assert.deepEqual(
    announce([
      [[sandbox], 0],
      [[sandbox], 1000],
      [[{ ...sandbox, pending }], 2000],
      [withConnections(ada), 3000],
      [withConnections(ada), 4000],
      [[sandbox], 5000],
    ]),
    ['Sandbox: Waiting for browser…', 'Sandbox: Connected.', 'Sandbox: Not connected.'],
  );
});

test('a routine refresh is silent; a failed one says so with the reason, and recovery is announced', () => {
  const busy = { ...ada, refreshing: true };
  assert.deepEqual(announce([[withConnections(ada), 0], [withConnections(busy), 1], [withConnections({ ...ada, tokensUpdatedAt: 2 }), 2]]), []);
  assert.deepEqual(
    announce([
      [withConnections(ada), 0],
      [withConnections(busy), 1],
      [withConnections({ ...ada, lastRefresh: { at: 2, error: offline } }), 2],
      [withConnections({ ...busy, lastRefresh: { at: 2, error: offline } }), 3],
      [withConnections({ ...ada, lastRefresh: { at: 4, error: offline } }), 4],
      [withConnections({ ...ada, lastRefresh: { at: 5, error: null } }), 5],
    ]),
    ['Sandbox: Error. The provider could not be reached.', 'Sandbox: Connected.'],
  );
});

test('needs re-authorization is announced with its reason', () => {
  assert.deepEqual(
    announce([
      [withConnections(ada), 0],
      [withConnections({ ...ada, refreshing: true }), 1],
      [withConnections({ ...ada, reauthorizationReason: revoked }), 2],
    ]),
    ['Sandbox: Needs re-authorization. The refresh token was revoked.'],
  );
});

test('states that follow from the clock are announced once, when they begin', () => {
  const noRefresh = { ...ada, hasRefreshToken: false, expiresAt: 30 * MIN };
  const list = withConnections(noRefresh);
  assert.deepEqual(
    announce([
      [list, 0],
      [list, 19 * MIN],
      [list, 20 * MIN],
      [list, 20 * MIN + 1000],
      [list, 30 * MIN],
      [list, 31 * MIN],
    ]),
    ['Sandbox: Expiring soon.', 'Sandbox: Expired.'],
  );
});

test('with several connections each one is announced by its account', () => {
  const bob = { ...ada, id: 'c2', accountLabel: 'bob' };
  assert.deepEqual(
    announce([
      [withConnections(ada, bob), 0],
      [withConnections(ada, { ...bob, reauthorizationReason: revoked }), 1],
    ]),
    ['Sandbox, bob: Needs re-authorization. The refresh token was revoked.'],
  );
});

test('several changes at once make one announcement', () => {
  const other: ProviderView = { ...sandbox, id: 'other', displayName: 'Other' };
  assert.deepEqual(
    announce([
      [[sandbox, other], 0],
      [[{ ...sandbox, connections: [ada] }, { ...other, pending }], 1],
    ]),
    ['Sandbox: Connected. Other: Waiting for browser…'],
  );
});
