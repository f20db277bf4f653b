/**
 * The one rule for what state a connection is in, shared by the renderer's cards and the tray menu,
 * and the one rule for what can be done about it (refresh, or sign in again). All are pure functions
 * of the pushed view and the clock.
 */
import type { ConnectionView } from './view-types.ts';

export type ConnectionStateKind = 'connected' | 'refreshing' | 'expiring-soon' | 'expired' | 'needs-reauth' | 'error';

export interface ConnectionState {
  readonly kind: ConnectionStateKind;
  readonly label: string;
}

/** A connection without a refresh token is "expiring soon" this long before its token runs out. */
export const EXPIRING_SOON_MS = 10 * 60_000;

const LABELS: Record<ConnectionStateKind, string> = {
  connected: 'Connected',
  refreshing: 'Refreshing…',
  'expiring-soon': 'Expiring soon',
  expired: 'Expired',
  'needs-reauth': 'Needs re-authorization',
  error: 'Error',
};

export function connectionStateKind(connection: ConnectionView, now: number): ConnectionStateKind {
  if (connection.reauthorizationReason !== null) return 'needs-reauth';
  if (connection.refreshing) return 'refreshing';
  if (connection.lastRefresh?.error) return 'error';
  const left = connection.expiresAt === null ? Infinity : connection.expiresAt - now;
  if (left <= 0) return 'expired';
  if (!connection.hasRefreshToken && left <= EXPIRING_SOON_MS) return 'expiring-soon';
  return 'connected';
}

export function connectionState(connection: ConnectionView, now: number): ConnectionState {
  const kind = connectionStateKind(connection, now);
  return { kind, label: LABELS[kind] };
}

/**
 * The connection can be refreshed (Refresh, Refresh all, the tray's "Refresh <account>"): it holds a
 * refresh token and the provider has not refused it.
 */
export function canRefresh(connection: Pick<ConnectionView, 'hasRefreshToken' | 'reauthorizationReason'>): boolean {
  return connection.hasRefreshToken && connection.reauthorizationReason === null;
}

/**
 * Only signing in again helps (the card highlights Re-authorize, the tray offers "Re-authorize…"):
 * the refresh token was refused, or there is none and the access token has run out or is about to
 * (expired or expiring soon). Decided from the expiry itself, not from the displayed state, so a
 * connection without a refresh token whose card says "Error" still asks for a sign-in once its token
 * is (nearly) gone.
 */
export function needsSignIn(connection: ConnectionView, now: number): boolean {
  if (connection.reauthorizationReason !== null) return true;
  if (connection.hasRefreshToken || connection.expiresAt === null) return false;
  return connection.expiresAt - now <= EXPIRING_SOON_MS;
}
