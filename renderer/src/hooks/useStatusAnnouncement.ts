import { useEffect, useRef, useState } from 'react';
import type { ProviderView } from '../../../electron/shared/view-types.ts';
import { joinSentences, statusChanges, statusSnapshot } from '../format/status-announcement.ts';
import type { StatusSnapshot } from '../format/status-announcement.ts';
import { useNow } from './useNow.ts';

/**
 * Adds why a sign-in failed: "Sandbox: The sign-in did not complete. <message>" in place of a bare
 * "Not connected" (or next to the connections' own entries). The card shows the same error; this
 * says it in the polite region that is always there. Left out while an attempt runs, so the next
 * failure is announced again even when it has the same message.
 */
export function withSignInFailures(snapshot: StatusSnapshot, providers: readonly ProviderView[]): StatusSnapshot {
  const out = new Map(snapshot);
  for (const provider of providers) {
    if (!provider.lastError || provider.pending) continue;
    const sentence = `${provider.displayName}: The sign-in did not complete. ${provider.lastError.message}`;
    out.set(provider.connections.length === 0 ? provider.id : `${provider.id}#sign-in`, sentence);
  }
  return out;
}

/**
 * A sentence for the polite live region whenever a provider's or connection's state changes, e.g.
 * "Sandbox: Connected" or "Sandbox: Needs re-authorization. The refresh token was revoked." The first
 * list only sets the baseline. States that follow from the clock (expiring soon, expired) are
 * announced when they begin, from the shared clock; "Refreshing…" is passed over (see
 * status-announcement.ts). Use it in a small component: it re-renders once a second.
 */
export function useStatusAnnouncement(providers: readonly ProviderView[] | null): string {
  const now = useNow();
  const baseline = useRef<StatusSnapshot | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (providers === null) return;
    const next = withSignInFailures(statusSnapshot(providers, now), providers);
    if (baseline.current === null) {
      baseline.current = statusChanges(new Map(), next).baseline;
      return;
    }
    const { changes, baseline: updated } = statusChanges(baseline.current, next);
    baseline.current = updated;
    if (changes.length > 0) setMessage(joinSentences(changes));
  }, [providers, now]);

  return message;
}
