/**
 * The card's Refresh / Re-authorize buttons and the header's Refresh all follow the shared rules
 * (canRefresh, needsSignIn in electron/shared/connection-state.ts), so the card highlights
 * Re-authorize exactly when the tray offers "Re-authorize…" and enables Refresh exactly when the
 * tray offers "Refresh".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrayMenu } from '../../electron/core/tray/tray-menu.ts';
import { EXPIRING_SOON_MS } from '../../electron/shared/connection-state.ts';
import type { ConnectionView } from '../../electron/shared/view-types.ts';
import { buttonTag, hasClass, isDisabled, renderToHtml } from '../helpers/render-component.ts';
import { connectionView, providerView } from '../helpers/views.ts';

// After render-component.ts has installed the .tsx hook.
const { ConnectionItem } = await import('../../renderer/src/components/ConnectionItem.tsx');
const { RefreshAllButton } = await import('../../renderer/src/components/RefreshAllButton.tsx');

const MIN = 60_000;
const REVOKED = { code: 'refresh_token_revoked', message: 'The provider refused the refresh token.', hint: 'Re-authorize.' };
const DOWN = { code: 'network_error', message: 'offline', hint: 'retry' };

/**
 * Views relative to the real clock, since the card reads it through useNow(); every expiry is at
 * least a minute away from a boundary, so the second-granular shared clock cannot tip a case.
 */
type Case =
  | 'connected'
  | 'refreshing'
  | 'expiredWithRefreshToken'
  | 'refreshError'
  | 'revoked'
  | 'noRefreshTokenLater'
  | 'noRefreshTokenSoon'
  | 'noRefreshTokenExpired'
  | 'noRefreshTokenExpiredWithError'
  | 'noRefreshTokenNoExpiry';

function views(): Record<Case, ConnectionView> {
  const now = Date.now();
  const base = { connectedAt: now - 60 * MIN, tokensUpdatedAt: now - MIN, expiresAt: now + 60 * MIN };
  return {
    connected: connectionView({ ...base, id: 'connected' }),
    refreshing: connectionView({ ...base, id: 'refreshing', refreshing: true }),
    expiredWithRefreshToken: connectionView({ ...base, id: 'expired-rt', expiresAt: now - MIN }),
    refreshError: connectionView({ ...base, id: 'refresh-error', lastRefresh: { at: now - MIN, error: DOWN } }),
    revoked: connectionView({ ...base, id: 'revoked', reauthorizationReason: REVOKED }),
    noRefreshTokenLater: connectionView({ ...base, id: 'no-rt-later', hasRefreshToken: false, expiresAt: now + EXPIRING_SOON_MS + 5 * MIN }),
    noRefreshTokenSoon: connectionView({ ...base, id: 'no-rt-soon', hasRefreshToken: false, expiresAt: now + 4 * MIN }),
    noRefreshTokenExpired: connectionView({ ...base, id: 'no-rt-expired', hasRefreshToken: false, expiresAt: now - MIN }),
    noRefreshTokenExpiredWithError: connectionView({
      ...base,
      id: 'no-rt-expired-error',
      hasRefreshToken: false,
      expiresAt: now - MIN,
      lastRefresh: { at: now - 2 * MIN, error: DOWN },
    }),
    noRefreshTokenNoExpiry: connectionView({ ...base, id: 'no-rt-no-expiry', hasRefreshToken: false, expiresAt: null }),
  };
}

function renderCard(connection: ConnectionView): string {
  return renderToHtml(ConnectionItem, {
    connection,
    showStatus: true,
    attemptRunning: false,
    reauthorizing: false,
    disconnecting: false,
    onReauthorize: () => {},
    onDisconnect: () => {},
  });
}

const reauthorizeHighlighted = (html: string): boolean => hasClass(buttonTag(html, 'Re-authorize'), 'button-primary');
const refreshEnabled = (html: string): boolean => !isDisabled(buttonTag(html, 'Refresh'));

test('the card highlights Re-authorize when only a sign-in helps, including a connection without a refresh token that is expiring or expired', () => {
  const v = views();
  assert.equal(reauthorizeHighlighted(renderCard(v.revoked)), true, 'refresh token refused');
  assert.equal(reauthorizeHighlighted(renderCard(v.noRefreshTokenSoon)), true, 'no refresh token, expiring soon');
  assert.equal(reauthorizeHighlighted(renderCard(v.noRefreshTokenExpired)), true, 'no refresh token, expired');
  assert.equal(reauthorizeHighlighted(renderCard(v.noRefreshTokenExpiredWithError)), true, 'no refresh token, expired, old error');
  assert.equal(reauthorizeHighlighted(renderCard(v.connected)), false);
  assert.equal(reauthorizeHighlighted(renderCard(v.expiredWithRefreshToken)), false, 'a refresh fixes it');
  assert.equal(reauthorizeHighlighted(renderCard(v.refreshError)), false, 'a refresh may fix it');
  assert.equal(reauthorizeHighlighted(renderCard(v.noRefreshTokenLater)), false, 'not yet');
  assert.equal(reauthorizeHighlighted(renderCard(v.noRefreshTokenNoExpiry)), false, 'nothing runs out');
});

test('the card agrees with the tray for every state: Refresh enabled iff the tray offers Refresh, Re-authorize highlighted iff it offers Re-authorize…', () => {
  for (const [name, connection] of Object.entries(views())) {
    const tray = buildTrayMenu([providerView({ connections: [connection] })], Date.now(), { formatTime: () => 'T' });
    const labels = tray.items.flatMap((i) => (i.kind === 'action' ? [i.label] : []));
    const trayRefresh = labels.includes(`Refresh ${connection.accountLabel}`);
    const trayReauthorize = labels.includes(`Re-authorize ${connection.accountLabel}…`);
    const html = renderCard(connection);
    assert.equal(reauthorizeHighlighted(html), trayReauthorize, `${name}: Re-authorize`);
    // A running refresh disables the card's button and the tray's item alike; compare what is offered.
    if (!connection.refreshing) assert.equal(refreshEnabled(html), trayRefresh, `${name}: Refresh`);
  }
});

test('Refresh all is enabled iff some connection can be refreshed', () => {
  const v = views();
  const render = (connections: ConnectionView[]) =>
    buttonTag(renderToHtml(RefreshAllButton, { providers: [providerView({ connections })] }), 'Refresh all');
  assert.equal(isDisabled(render([v.revoked, v.noRefreshTokenSoon, v.noRefreshTokenLater])), true);
  assert.equal(isDisabled(render([v.revoked, v.refreshError])), false);
  assert.equal(isDisabled(render([v.expiredWithRefreshToken])), false);
  assert.equal(renderToHtml(RefreshAllButton, { providers: [providerView()] }), '', 'no connections: no button');
});
