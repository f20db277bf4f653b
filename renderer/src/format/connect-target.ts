/**
 * What a sign-in is for: a new connection, another account, or signing in again to one connection
 * (re-authorization, which asks the provider for consent again). The card remembers the target of
 * the latest attempt so that the error doctor's "Connect again" after a failure repeats that same
 * sign-in instead of starting a different one.
 */
import type { Payload } from '../../../electron/shared/ipc-contract.ts';
import type { PendingAttemptView, ProviderView } from '../../../electron/shared/view-types.ts';

export type ConnectTarget =
  | { readonly kind: 'connect' }
  | { readonly kind: 'add-account' }
  | { readonly kind: 'reauthorize'; readonly connectionId: string };

/** The `auth:connect` payload that starts a sign-in for `target`. */
export function connectPayload(providerId: string, target: ConnectTarget): Payload<'auth:connect'> {
  if (target.kind === 'reauthorize') return { providerId, connectionId: target.connectionId };
  if (target.kind === 'add-account') return { providerId, addAccount: true };
  return { providerId };
}

/** The card's busy name for a sign-in of `target` ("connect", "add-account", "reauthorize:<id>"). */
export function connectActionName(target: ConnectTarget): string {
  return target.kind === 'reauthorize' ? `reauthorize:${target.connectionId}` : target.kind;
}

/**
 * What a running attempt is for. A re-authorization names its connection in the pending view; a
 * new connection and another account look alike there, so the target the card itself just asked
 * for (`launched`) tells them apart. An attempt started elsewhere (the tray, another window) that
 * is not a re-authorization is unknown: null.
 */
export function targetOfAttempt(pending: PendingAttemptView, launched: ConnectTarget | null): ConnectTarget | null {
  if (pending.connectionId !== null) return { kind: 'reauthorize', connectionId: pending.connectionId };
  return launched !== null && launched.kind !== 'reauthorize' ? launched : null;
}

/**
 * The sign-in the doctor's "Connect again" starts after a failed one: the failed attempt's own
 * target while it is still possible (the connection to re-authorize still exists; another account
 * needs an account to begin with), otherwise a new connection, or another account when the
 * provider has connections already.
 */
export function retryTarget(failed: ConnectTarget | null, provider: Pick<ProviderView, 'connections'>): ConnectTarget {
  const hasConnections = provider.connections.length > 0;
  if (failed?.kind === 'reauthorize' && provider.connections.some((c) => c.id === failed.connectionId)) return failed;
  return hasConnections ? { kind: 'add-account' } : { kind: 'connect' };
}
