import { connectionState } from '../../../electron/shared/connection-state.ts';
import type { ConnectionState, ConnectionStateKind } from '../../../electron/shared/connection-state.ts';
import type { ConnectionView, ProviderView } from '../../../electron/shared/view-types.ts';

/** A card's headline: the shared connection states plus the two a provider can be in without one. */
export type StatusKind = 'not-connected' | 'waiting' | ConnectionStateKind;

export interface StatusText {
  readonly kind: StatusKind;
  readonly label: string;
}

/** Worst first: the headline of a card with several connections shows the one needing attention most. */
const SEVERITY: readonly ConnectionStateKind[] = ['needs-reauth', 'error', 'expired', 'expiring-soon', 'refreshing', 'connected'];

/** The state of the connection that needs attention most, and how many connections share it. */
export function worstConnectionState(
  connections: readonly ConnectionView[],
  now: number,
): { readonly state: ConnectionState; readonly count: number } | null {
  let worst: ConnectionState | null = null;
  let count = 0;
  for (const connection of connections) {
    const state = connectionState(connection, now);
    const rank = SEVERITY.indexOf(state.kind);
    const worstRank = worst === null ? Infinity : SEVERITY.indexOf(worst.kind);
    if (rank < worstRank) {
      worst = state;
      count = 1;
    } else if (rank === worstRank) {
      count++;
    }
  }
  return worst === null ? null : { state: worst, count };
}

/**
 * The card's headline status: "Waiting for browser…" while an authorization runs, "Not connected"
 * without a connection, else the connection's state (`connectionState`, the rule the tray uses too).
 * With several connections it names the worst state and how many of them are in it, e.g.
 * "Needs re-authorization (1 of 2)".
 */
export function providerStatus(provider: ProviderView, now: number): StatusText {
  if (provider.pending) {
    return {
      kind: 'waiting',
      label: provider.pending.authMode === 'app-window' ? 'Waiting for the sign-in window…' : 'Waiting for browser…',
    };
  }
  const worst = worstConnectionState(provider.connections, now);
  if (worst === null) return { kind: 'not-connected', label: 'Not connected' };
  const total = provider.connections.length;
  const label = worst.count < total ? `${worst.state.label} (${worst.count} of ${total})` : worst.state.label;
  return { kind: worst.state.kind, label };
}
