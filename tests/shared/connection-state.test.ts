/** The shared rules: what state a connection is in, whether it can be refreshed, whether it needs a sign-in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPIRING_SOON_MS, canRefresh, connectionStateKind, needsSignIn } from '../../electron/shared/connection-state.ts';
import type { ConnectionStateKind } from '../../electron/shared/connection-state.ts';
import type { ConnectionView } from '../../electron/shared/view-types.ts';
import { connectionView } from '../helpers/views.ts';

const MIN = 60_000;
const NOW = 1_000_000_000_000;
const REVOKED = { code: 'refresh_token_revoked', message: 'The provider refused the refresh token.', hint: 'Re-authorize.' };
const DOWN = { code: 'provider_unavailable', message: 'The provider did not answer.', hint: 'Try again later.' };

function view(over: Partial<ConnectionView>): ConnectionView {
  return connectionView({ connectedAt: NOW - 60 * MIN, tokensUpdatedAt: NOW - MIN, expiresAt: NOW + 60 * MIN, ...over });
}

interface Case {
  readonly name: string;
  readonly view: ConnectionView;
  readonly kind: ConnectionStateKind;
  readonly canRefresh: boolean;
  readonly needsSignIn: boolean;
}

const CASES: readonly Case[] = [
  { name: 'connected, refresh token', view: view({}), kind: 'connected', canRefresh: true, needsSignIn: false },
  { name: 'connected, no expiry given', view: view({ expiresAt: null }), kind: 'connected', canRefresh: true, needsSignIn: false },
  { name: 'refreshing', view: view({ refreshing: true }), kind: 'refreshing', canRefresh: true, needsSignIn: false },
  {
    name: 'expired, refresh token: a refresh fixes it',
    view: view({ expiresAt: NOW - MIN }),
    kind: 'expired',
    canRefresh: true,
    needsSignIn: false,
  },
  {
    name: 'failed refresh that may pass, refresh token',
    view: view({ lastRefresh: { at: NOW - MIN, error: DOWN } }),
    kind: 'error',
    canRefresh: true,
    needsSignIn: false,
  },
  {
    name: 'refresh token refused',
    view: view({ reauthorizationReason: REVOKED }),
    kind: 'needs-reauth',
    canRefresh: false,
    needsSignIn: true,
  },
  {
    name: 'refresh token refused, token still valid and refreshing flag set',
    view: view({ reauthorizationReason: REVOKED, refreshing: true, expiresAt: NOW + 60 * MIN }),
    kind: 'needs-reauth',
    canRefresh: false,
    needsSignIn: true,
  },
  {
    name: 'no refresh token, far from expiry',
    view: view({ hasRefreshToken: false, expiresAt: NOW + EXPIRING_SOON_MS + MIN }),
    kind: 'connected',
    canRefresh: false,
    needsSignIn: false,
  },
  {
    name: 'no refresh token, exactly at the expiring-soon boundary',
    view: view({ hasRefreshToken: false, expiresAt: NOW + EXPIRING_SOON_MS }),
    kind: 'expiring-soon',
    canRefresh: false,
    needsSignIn: true,
  },
  {
    name: 'no refresh token, expiring soon',
    view: view({ hasRefreshToken: false, expiresAt: NOW + MIN }),
    kind: 'expiring-soon',
    canRefresh: false,
    needsSignIn: true,
  },
  {
    name: 'no refresh token, expired',
    view: view({ hasRefreshToken: false, expiresAt: NOW - MIN }),
    kind: 'expired',
    canRefresh: false,
    needsSignIn: true,
  },
  {
    name: 'no refresh token, expires exactly now',
    view: view({ hasRefreshToken: false, expiresAt: NOW }),
    kind: 'expired',
    canRefresh: false,
    needsSignIn: true,
  },
  {
    name: 'no refresh token, no expiry given: nothing will run out',
    view: view({ hasRefreshToken: false, expiresAt: null }),
    kind: 'connected',
    canRefresh: false,
    needsSignIn: false,
  },
  {
    name: 'no refresh token, an old refresh error, token gone: the card says Error but only a sign-in helps',
    view: view({ hasRefreshToken: false, expiresAt: NOW - MIN, lastRefresh: { at: NOW - 2 * MIN, error: DOWN } }),
    kind: 'error',
    canRefresh: false,
    needsSignIn: true,
  },
];

for (const c of CASES) {
  test(`canRefresh / needsSignIn: ${c.name}`, () => {
    assert.equal(connectionStateKind(c.view, NOW), c.kind, 'state');
    assert.equal(canRefresh(c.view), c.canRefresh, 'canRefresh');
    assert.equal(needsSignIn(c.view, NOW), c.needsSignIn, 'needsSignIn');
  });
}

test('never both: a connection that can be refreshed does not need a sign-in', () => {
  for (const c of CASES) {
    for (const now of [NOW - 24 * 60 * MIN, NOW, NOW + 24 * 60 * MIN]) {
      assert.ok(!(canRefresh(c.view) && needsSignIn(c.view, now)), c.name);
    }
  }
});

test('needsSignIn follows the clock for a connection without a refresh token', () => {
  const v = view({ hasRefreshToken: false, expiresAt: NOW + EXPIRING_SOON_MS + 5 * MIN });
  assert.equal(needsSignIn(v, NOW), false);
  assert.equal(needsSignIn(v, NOW + 5 * MIN - 1), false);
  assert.equal(needsSignIn(v, NOW + 5 * MIN), true, 'from the moment it is "expiring soon"');
  assert.equal(needsSignIn(v, NOW + EXPIRING_SOON_MS + 10 * MIN), true, 'and after it expired');
  // With a refresh token the clock never makes a sign-in necessary.
  assert.equal(needsSignIn({ ...v, hasRefreshToken: true }, NOW + 24 * 60 * MIN), false);
});
