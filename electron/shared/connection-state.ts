/**
 * The one rule for what state a connection is in, shared by the renderer's cards and the tray menu.
 * It is a pure function of the pushed view and the clock.
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
