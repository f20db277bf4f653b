import type { ConnectionView, ProviderView } from '../../../electron/shared/view-types.ts';

export type StatusKind = 'not-connected' | 'waiting' | 'connected' | 'expired';

export interface StatusText {
  readonly kind: StatusKind;
  readonly label: string;
}

/**
 * A connection counts as expired when the app says so, or (between two pushed lists) as soon as its
 * access token's time has run out: the same rule the app applies when it builds the list.
 */
export function connectionStatus(connection: ConnectionView, now: number | null): StatusText {
  const ranOut = now !== null && connection.expiresAt !== null && connection.expiresAt <= now;
  return connection.status === 'expired' || ranOut ? { kind: 'expired', label: 'Expired' } : { kind: 'connected', label: 'Connected' };
}

/** The card's headline status. Pass `now` = null to use the app's status only (for announcements). */
export function providerStatus(provider: ProviderView, now: number | null): StatusText {
  if (provider.pending) {
    return {
      kind: 'waiting',
      label: provider.pending.authMode === 'app-window' ? 'Waiting for the sign-in window…' : 'Waiting for browser…',
    };
  }
  const first = provider.connections[0];
  return first ? connectionStatus(first, now) : { kind: 'not-connected', label: 'Not connected' };
}
